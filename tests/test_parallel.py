"""The process pool: the same result as a serial run, byte for byte; the automatic choice; the fallback."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smtplint import parallel
from smtplint.engine import Engine, Result
from smtplint.files import discover

FIXTURES = Path(__file__).parent / "fixtures"


def _run(jobs: int | None, root: Path = FIXTURES) -> Result:
    with contextlib.chdir(root):
        targets, skipped = discover(["."], cwd=root)
        return Engine(cwd=root, jobs=jobs).run(targets, skipped)


def _as_data(result: Result) -> tuple[object, ...]:
    return (result.findings, result.files_checked, result.skipped,
            [(e.path, e.where, e.detail) for e in result.errors])


def test_pool_gives_the_serial_result_on_every_fixture() -> None:
    serial = _run(1)
    assert serial.files_checked > 100 and serial.findings  # enough to spread over the workers
    assert _as_data(_run(2)) == _as_data(serial)
    assert _as_data(_run(3)) == _as_data(serial)


def test_cli_output_is_identical_with_and_without_a_pool() -> None:
    def report(*extra: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "smtplint", "--format", "json", *extra, "."], cwd=FIXTURES,
                              capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode in (1, 2), proc.stderr
        return proc.stdout

    serial = report("--jobs", "1")
    assert json.loads(serial)["findings"]
    assert report("--jobs", "2") == serial
    assert report() == serial


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(value: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--jobs", value, "."], cwd=FIXTURES,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "--jobs" in proc.stderr and "positive" in proc.stderr


def test_choose_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "available_cpus", lambda: 8)
    small = [100] * 3
    assert parallel.choose_jobs(None, small) == 1  # pre-commit: three small files stay serial
    assert parallel.choose_jobs(None, [100] * parallel.MIN_FILES) == parallel.MAX_AUTO_JOBS
    assert parallel.choose_jobs(None, [parallel.MIN_BYTES, 10]) == 2  # few files, but a lot of text
    assert parallel.choose_jobs(None, [10]) == 1
    assert parallel.choose_jobs(3, small) == 3
    assert parallel.choose_jobs(16, small) == 3  # never more workers than files
    assert parallel.choose_jobs(1, [100] * 1000) == 1
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    assert parallel.choose_jobs(None, [100] * 1000) == 2


def test_plan_puts_big_files_first_and_covers_every_target_once() -> None:
    big = parallel.BIG_FILE
    sizes = [10, big * 2, 5, big, *([1] * (parallel.CHUNK_FILES + 3)), big * 3]
    tasks = parallel.plan(sizes)
    assert tasks[:3] == [[len(sizes) - 1], [1], [3]]  # largest first, each alone
    assert sorted(i for task in tasks for i in task) == list(range(len(sizes)))
    assert all(len(task) <= parallel.CHUNK_FILES for task in tasks)
    assert tasks[3] == sorted(tasks[3])  # small files keep their order within a chunk


def test_a_pool_that_cannot_start_falls_back_to_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def broken(*_args: object, **_kw: object) -> None:
        raise OSError("no processes here")

    serial = _run(1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", broken)
    assert _as_data(_run(2)) == _as_data(serial)


def test_a_single_target_never_starts_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yml").write_text("smtp:\n  host: smtp.example.com\n  port: 587\n  security: ssl\n")

    def refuse(*_args: object, **_kw: object) -> None:
        raise AssertionError("no pool for one file")

    monkeypatch.setattr(parallel, "parse_many", refuse)
    result = _run(None, tmp_path)
    assert ("SMTP105", 4) in [(f.rule_id, f.span.line) for f in result.findings]
