"""smtplint over the real-world corpus in ../shared/corpus: no crash, valid JSON, exit 0 or 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "report.schema.json"


def test_corpus_runs_clean() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is required in CI")
        pytest.skip("../shared/corpus not present")
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--format", "json", str(CORPUS)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    doc = json.loads(proc.stdout)
    import jsonschema
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()))
    assert doc["errors"] == []
    listed = {p for p in CORPUS.rglob("*") if p.is_file() and p.name not in ("README.md", "SOURCES.tsv")}
    assert doc["files_checked"] + len(doc["skipped"]) == len(listed)
