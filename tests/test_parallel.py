"""Parsing in several processes (forked helpers, a pool of workers): the same result as a serial run, byte for
byte; the automatic choice; the fallbacks."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from smtplint import forked, parallel
from smtplint.engine import Engine, Result
from smtplint.files import Target, discover

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


def test_workers_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "available_cpus", lambda: 8)
    assert parallel.workers_for(None, 1000) == parallel.MAX_AUTO_JOBS
    assert parallel.workers_for(3, 1000) == 3
    assert parallel.workers_for(16, 3) == 3  # never more workers than files
    assert parallel.workers_for(None, 1) == 1
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    assert parallel.workers_for(None, 1000) == 2


def _targets(sizes: list[int]) -> list[Target]:
    return [Target(f"f{i}.yml", f"f{i}.yml", "yaml", size=size) for i, size in enumerate(sizes)]


@pytest.fixture
def no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool of workers, as on a platform without forked helpers (macOS, Windows)."""
    monkeypatch.setattr(forked, "available", lambda: False)


@pytest.mark.usefixtures("no_fork")
def test_pool_pays_from_cost_cores_and_sizes() -> None:
    for cpus in (1, 2):  # the parent keeps one CPU: on 2 CPUs a pool never starts by itself
        assert not parallel.pool_pays(1_000_000, 10**12, cpus)
    assert not parallel.pool_pays(3, 3_000, 4)  # pre-commit: three small files
    assert not parallel.pool_pays(300, 300 * 2_000, 4)  # a small tree: the pool's start costs more
    assert parallel.pool_pays(5_000, 5_000 * 2_000, 4)
    assert parallel.pool_pays(4, 8 * 2**20, 4)  # few files, but a lot of text
    assert not parallel.pool_pays(4, 300_000, 4)
    # more CPUs: the same work pays sooner
    files = next(n for n in range(1, 100_000) if parallel.pool_pays(n, n * 2_000, 4))
    assert parallel.pool_pays(files, files * 2_000, 8) and not parallel.pool_pays(files - 1, (files - 1) * 2_000, 3)


def test_helpers_pay_from_cost_cores_and_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "available", lambda: True)
    assert not parallel.pool_pays(1_000_000, 10**12, 1)  # one CPU: nothing to share
    assert parallel.pool_pays(1_000_000, 10**12, 2)  # two: the parent lists while a helper parses
    assert not parallel.pool_pays(3, 3_000, 2)  # pre-commit: three small files
    assert not parallel.pool_pays(50, 50 * 2_000, 2)  # a small tree (a mail stack): forking costs more
    assert parallel.pool_pays(1_500, 1_500 * 400, 2)  # a tree where a fifth of 5,000 files are targets
    assert parallel.pool_pays(70, 2 * 2**20, 2)  # few files, but a lot of text
    # more CPUs: a helper for each, each costing its start, so they wait for more work; then they all pay
    on_two = next(n for n in range(1, 100_000) if parallel.pool_pays(n, n * 2_000, 2))
    on_four = next(n for n in range(1, 100_000) if parallel.pool_pays(n, n * 2_000, 4))
    assert not parallel.pool_pays(on_two - 1, (on_two - 1) * 2_000, 2) and on_two < on_four < 4 * on_two


@pytest.mark.usefixtures("no_fork")
def test_engine_decides_when_a_pool_pays(monkeypatch: pytest.MonkeyPatch) -> None:
    auto = Engine(jobs=None)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 4)
    few, rest = auto._enough_for_a_pool(iter(_targets([100] * 3)))
    assert len(few) == 3 and rest is None  # pre-commit: three small files stay serial
    enough = next(n for n in range(1, 100_000) if parallel.pool_pays(n, n * 100, 4))
    many, rest = auto._enough_for_a_pool(iter(_targets([100] * (enough + 5))))
    assert len(many) == enough and rest is not None and len(list(rest)) == 5
    big, rest = auto._enough_for_a_pool(iter(_targets([8 * 2**20, 10, 10])))
    assert len(big) == 1 and rest is not None  # few files, but a lot of text
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    assert auto._enough_for_a_pool(iter(_targets([8 * 2**20] * 1000)))[1] is None  # 2 CPUs: serial
    assert Engine(jobs=1)._enough_for_a_pool(iter(_targets([100] * 1000)))[1] is None
    two, rest = Engine(jobs=3)._enough_for_a_pool(iter(_targets([100] * 3)))
    assert len(two) == 2 and rest is not None  # --jobs asks: a pool even on 2 CPUs


def test_engine_forks_helpers_on_two_cpus_when_they_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "available", lambda: True)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 2)
    auto = Engine(jobs=None)
    assert auto._enough_for_a_pool(iter(_targets([100] * 40)))[1] is None  # a mail stack's 40 files: serial
    enough = next(n for n in range(1, 100_000) if parallel.pool_pays(n, n * 100, 2))
    many, rest = auto._enough_for_a_pool(iter(_targets([100] * (enough + 5))))
    assert len(many) == enough and rest is not None and len(list(rest)) == 5


def test_tasks_put_big_files_alone_and_cover_every_target_once() -> None:
    big = parallel.BIG_FILE
    sizes = [10, big * 2, 5, big, *([1] * (parallel.CHUNK_FILES + 3)), big * 3]
    tasks = list(parallel.tasks(_targets(sizes)))
    assert [1] in tasks and [3] in tasks and [len(sizes) - 1] in tasks  # each big file alone
    assert sorted(i for task in tasks for i in task) == list(range(len(sizes)))
    assert all(len(task) <= parallel.CHUNK_FILES for task in tasks)
    assert all(task == sorted(task) for task in tasks)  # small files keep their order within a chunk


@pytest.mark.usefixtures("no_fork")
def test_a_pool_that_cannot_start_falls_back_to_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def broken(*_args: object, **_kw: object) -> None:
        raise OSError("no processes here")

    serial = _run(1)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", broken)
    assert _as_data(_run(2)) == _as_data(serial)


@pytest.mark.skipif(not forked.available(), reason="forked helpers exist on Linux only")
def test_helpers_give_the_serial_result_and_the_pool_too(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _run(1)
    assert _as_data(_run(2)) == _as_data(serial)  # forked helpers
    monkeypatch.setattr(forked, "available", lambda: False)
    assert _as_data(_run(2)) == _as_data(serial)  # the pool of workers, as elsewhere


@pytest.mark.skipif(not forked.available(), reason="forked helpers exist on Linux only")
def test_no_fork_falls_back_to_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def broken() -> int:
        raise OSError("no processes here")

    serial = _run(1)
    monkeypatch.setattr(os, "fork", broken)
    assert _as_data(_run(2)) == _as_data(serial)


def test_a_single_target_never_starts_a_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.yml").write_text("smtp:\n  host: smtp.example.com\n  port: 587\n  security: ssl\n")

    def refuse(*_args: object, **_kw: object) -> None:
        raise AssertionError("no pool for one file")

    monkeypatch.setattr(parallel, "parse_stream", refuse)
    result = _run(None, tmp_path)
    assert ("SMTP105", 4) in [(f.rule_id, f.span.line) for f in result.findings]


@pytest.mark.parametrize("helpers", [True, False], ids=["forked helpers", "pool"])
def test_work_is_handed_out_while_discovery_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    helpers: bool) -> None:
    if helpers and not forked.available():
        pytest.skip("forked helpers exist on Linux only")
    monkeypatch.setattr(forked, "available", lambda: helpers)
    for i in range(12):
        (tmp_path / f"c{i:02}.yml").write_text(f"smtp:\n  host: smtp{i}.example.com\n  port: 25\n  user: u\n")
    targets, _ = discover([str(tmp_path)], cwd=tmp_path)
    events: list[str] = []

    def found() -> Iterator[Target]:
        for target in reversed(targets):  # any order: the report is in display order all the same
            events.append("found")
            yield target

    real_tasks = parallel.tasks

    def tasks(targets: Iterable[Target]) -> Iterator[list[int]]:
        for task in real_tasks(targets):
            events.append("task")
            yield task

    monkeypatch.setattr(parallel, "tasks", tasks)
    monkeypatch.setattr(parallel, "CHUNK_FILES", 4)
    pooled = Engine(cwd=tmp_path, jobs=2).run(found())
    last_found = len(events) - 1 - events[::-1].index("found")
    assert events.index("task") < last_found  # the first chunk went out before discovery was done
    serial = Engine(cwd=tmp_path, jobs=1).run(targets)
    assert pooled.files_checked == serial.files_checked == 12
    assert _as_data(pooled) == _as_data(serial)
