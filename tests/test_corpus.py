"""smtplint over real-world configuration: no crash, valid JSON, exit 0 or 1; the sample's provenance.

The sample in tests/data/corpus is in every clone (tests/data/check_shared.py checks it is still a copy of the
team's corpus, in the team's checkout).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.testdata import CORPUS, CORPUS_META, sources

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "report.schema.json"
PERMISSIVE = {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC"}


def _listed(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if p.is_file() and p.name not in CORPUS_META and p.relative_to(root).parts[0] != "LICENSES"}


def test_corpus_runs_clean() -> None:
    root = CORPUS
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--format", "json", str(root)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    import jsonschema
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()))
    assert doc["errors"] == []
    assert doc["files_checked"] + len(doc["skipped"]) == len(_listed(root))
    assert doc["files_checked"] == 14 and doc["skipped"] == []  # every sample file is a known kind
    assert doc["findings"]  # real configurations: some of them carry risky settings


def test_the_sample_names_the_origin_and_license_of_every_file() -> None:
    rows = sources(CORPUS)
    assert {r["file"] for r in rows} == _listed(CORPUS)
    assert {p.split("/")[0] for p in _listed(CORPUS)} == {"postfix", "yaml", "dotenv"}
    for row in rows:
        assert row["repo"].count("/") == 1 and row["path"] and len(row["commit"]) == 40, row
        assert row["file"].split("/")[1] == row["repo"].replace("/", "__"), row
        assert row["license"] in PERMISSIVE, row  # GPL-family files stay out of the repository
        owner_repo = row["repo"].replace("/", "__")
        notice = CORPUS / "LICENSES" / (f"{owner_repo}.txt" if row["license"] == "MIT" else f"{row['license']}.txt")
        assert notice.is_file(), f"{row['file']}: no license text at {notice.relative_to(CORPUS)}"
    # a notice for a project the sample no longer has would be stale
    used = {r["repo"].replace("/", "__") for r in rows} | {r["license"] for r in rows}
    assert {p.stem for p in (CORPUS / "LICENSES").iterdir()} <= used


def test_check_shared_finds_a_stale_copy(tmp_path: Path) -> None:
    """tests/data/check_shared.py (run by .ci/run in the team's checkout) against a shared folder built here
    from the repository's own copies: in step, then one corpus byte and the catalogue changed."""
    import shutil

    from tests.data.check_shared import stale
    from tests.testdata import REFERENCE

    shared = tmp_path / "shared"
    (shared / "docs").mkdir(parents=True)
    shutil.copy(REFERENCE, shared / "docs" / "smtp-reference.md")
    shutil.copytree(CORPUS, shared / "corpus")
    assert stale(shared) == []
    first = sources(CORPUS)[0]["file"]
    (shared / "corpus" / first).write_bytes((CORPUS / first).read_bytes() + b"\n# changed\n")
    reference = shared / "docs" / "smtp-reference.md"
    reference.write_text(reference.read_text(encoding="utf-8").replace("### SMTP101 ", "### SMTP101x "),
                         encoding="utf-8")
    assert [line.split(":")[0] for line in stale(shared)] == ["tests/data/smtp-reference.md",
                                                              f"tests/data/corpus/{first}"]
