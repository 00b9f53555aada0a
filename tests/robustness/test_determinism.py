"""Determinism: the same bytes whatever the hash seed, the run, or the number of worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.robustness._support import run_sandboxed

FIXTURES = Path(__file__).parents[1] / "fixtures"


RUNS = {  # format -> (PYTHONHASHSEED, --jobs) of each run
    "json": [("0", "1"), ("1", "4"), ("random", "2")],
    "sarif": [("0", "1"), ("random", "3")],
    "text": [("12345", "1"), ("random", "4")],
}


@pytest.mark.parametrize("fmt", sorted(RUNS))
def test_identical_bytes_across_seeds_runs_and_jobs(fmt: str, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES, tree / "fixtures")
    outputs = set()
    for seed, jobs in RUNS[fmt]:
        proc = run_sandboxed(["--format", fmt, "--jobs", jobs, "."], tree, tmp_path,
                             env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 1, proc.stderr
        outputs.add((proc.stdout, proc.stderr))
    assert len(outputs) == 1
