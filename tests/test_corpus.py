"""smtplint over real-world configuration: no crash, valid JSON, exit 0 or 1; the sample's provenance.

The sample in tests/data/corpus is in every clone; ../shared/corpus, when it is beside the checkout, is linted
too and must contain the sample byte for byte.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.testdata import CORPUS, CORPUS_META, SHARED_CORPUS, corpus_roots

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "report.schema.json"
PERMISSIVE = {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC"}


def _sources(root: Path) -> list[dict[str, str]]:
    with (root / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _listed(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.name not in CORPUS_META and p.relative_to(root).parts[0] != "LICENSES"}


@pytest.mark.parametrize("root", corpus_roots(), ids=lambda p: "sample" if p == CORPUS else "shared")
def test_corpus_runs_clean(root: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--format", "json", str(root)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    import jsonschema
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()))
    assert doc["errors"] == []
    assert doc["files_checked"] + len(doc["skipped"]) == len(_listed(root))
    if root == CORPUS:
        assert doc["files_checked"] == 14 and doc["skipped"] == []  # every sample file is a known kind
    assert doc["findings"]  # real configurations: some of them carry risky settings


def test_the_sample_names_the_origin_and_license_of_every_file() -> None:
    rows = _sources(CORPUS)
    assert {r["file"] for r in rows} == _listed(CORPUS)
    assert {p.split("/")[0] for p in _listed(CORPUS)} == {"postfix", "yaml", "dotenv"}
    for row in rows:
        assert row["repo"].count("/") == 1 and row["path"] and len(row["commit"]) == 40, row
        assert row["file"].split("/")[1] == row["repo"].replace("/", "__"), row
        assert row["license"] in PERMISSIVE, row  # GPL-family files stay in ../shared
        owner_repo = row["repo"].replace("/", "__")
        notice = CORPUS / "LICENSES" / (f"{owner_repo}.txt" if row["license"] == "MIT" else f"{row['license']}.txt")
        assert notice.is_file(), f"{row['file']}: no license text at {notice.relative_to(CORPUS)}"
    # a notice for a project the sample no longer has would be stale
    used = {r["repo"].replace("/", "__") for r in rows} | {r["license"] for r in rows}
    assert {p.stem for p in (CORPUS / "LICENSES").iterdir()} <= used


def test_the_sample_is_a_copy_of_the_shared_corpus_when_it_is_there() -> None:
    """In the team's checkout: every sample file is the shared file byte for byte, with the same SOURCES row."""
    if not SHARED_CORPUS.is_dir():
        assert corpus_roots() == [CORPUS]  # a plain clone: the sample alone, and the tests above used it
        return
    shared_rows = {r["file"]: r for r in _sources(SHARED_CORPUS)}
    for row in _sources(CORPUS):
        assert shared_rows.get(row["file"]) == row, row["file"]
        assert (CORPUS / row["file"]).read_bytes() == (SHARED_CORPUS / row["file"]).read_bytes(), row["file"]
