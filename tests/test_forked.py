"""Forked helpers (smtplint.forked): every target parsed once, in order, whoever parsed it; a helper that dies
leaves its work to the parent; large work and large answers never deadlock; no helper outlives the call."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from smtplint import forked, parallel
from smtplint.files import Target

pytestmark = pytest.mark.skipif(not forked.available(), reason="forked helpers exist on Linux only")


def _targets(count: int, size: int = 10, name: str = "") -> list[Target]:
    return [Target(f"f{i}{name}.yml", f"f{i}{name}.yml", "yaml", size=size) for i in range(count)]


def _chunks(targets: list[Target], rest: Iterator[Target]) -> Iterator[list[int]]:
    """The engine's chunks, small: 4 files, a file of 1,000 bytes or more alone."""
    return parallel.tasks(parallel._growing(targets, rest), 4, 1_000)


def _run(first: list[Target], rest: Iterator[Target], parse: Any, helpers: int = 1) -> tuple[list[Any], list[Target]]:
    targets = list(first)
    reads = forked.parse_with_helpers(targets, _chunks(targets, rest), parse, helpers=helpers)
    assert reads is not None
    return reads, targets


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    """A hang fails the test instead of the whole run."""
    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError("forked helpers hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("helpers", [1, 3])
def test_every_target_once_in_order_and_helpers_did_part(helpers: int) -> None:
    parent = os.getpid()
    all_targets = _targets(60) + _targets(3, size=5_000, name="-big")  # big files go alone
    reads, targets = _run(all_targets[:2], iter(all_targets[2:]), lambda t: (t.display, os.getpid()), helpers)
    assert targets == all_targets  # the rest was appended as it came
    assert [display for display, _pid in reads] == [t.display for t in all_targets]
    assert {pid for _d, pid in reads} - {parent}  # some were parsed by a helper
    assert _no_children_left()


def test_a_helper_that_dies_leaves_its_work_to_the_parent() -> None:
    parent = os.getpid()

    def parse(target: Target) -> str:
        if os.getpid() != parent:
            os._exit(3)  # a helper killed mid-chunk (out of memory, a signal)
        return target.display

    all_targets = _targets(30)
    reads, _targets_seen = _run([], iter(all_targets), parse, helpers=2)
    assert reads == [t.display for t in all_targets]
    assert _no_children_left()


def test_large_work_and_large_answers_do_not_deadlock() -> None:
    # a chunk larger than a pipe holds, answers larger than a pipe holds: neither side may wait on the other
    huge = "x" * 200_000
    all_targets = [Target(f"{huge}{i}", f"{huge}{i}", "yaml", size=10) for i in range(12)]
    reads, _ = _run([], iter(all_targets), lambda t: t.display * 2, helpers=1)
    assert reads == [t.display * 2 for t in all_targets]
    assert _no_children_left()


def test_an_error_in_discovery_ends_the_helpers() -> None:
    def failing() -> Iterator[Target]:
        yield from _targets(10)
        raise KeyboardInterrupt

    targets: list[Target] = []
    with pytest.raises(KeyboardInterrupt):
        forked.parse_with_helpers(targets, _chunks(targets, failing()), lambda t: t.display, helpers=2)
    assert _no_children_left()


def test_no_helpers_beside_another_thread() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.available()
    finally:
        stop.set()
        thread.join()
    assert forked.available()


def test_no_fork_gives_none_and_consumes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> int:
        raise OSError("no processes here")

    monkeypatch.setattr(os, "fork", broken)
    rest = iter(_targets(5))
    targets: list[Target] = []
    assert forked.parse_with_helpers(targets, _chunks(targets, rest), lambda t: t, helpers=1) is None
    assert len(list(rest)) == 5
