"""A reader that goes away early (``smtplint --list-rules | head -3``): smtplint exits quietly, as ruff does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUIET = ("internal error", "Traceback", "Exception ignored", "BrokenPipeError")


def _into_a_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run smtplint with its stdout on a pipe whose only reader is closed before smtplint starts: its first
    write (or its final flush) fails with EPIPE every time, not only when a race goes that way."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "smtplint", *args], stdout=write_end, stderr=subprocess.PIPE,
                              text=True, cwd=ROOT, timeout=120, check=False)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [
    ("--list-rules",),
    ("--lang", "es", "--list-rules"),
    ("--explain", "SMTP302"),
    ("examples/",),
    ("--format", "sarif", "examples/"),
    ("--format", "json", "examples/"),
    ("--help",),
    ("--version",),
], ids=" ".join)
def test_a_closed_reader_is_not_an_internal_error(args: tuple[str, ...]) -> None:
    proc = _into_a_closed_pipe(*args)
    assert not any(word in proc.stderr for word in QUIET), proc.stderr
    assert proc.returncode == 0  # ruff's choice: the reader stopped reading, nothing went wrong


def test_the_same_runs_still_report_into_an_open_pipe() -> None:
    """The guard changes nothing while the reader reads: findings still exit 1 and print in full."""
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--format", "concise", "examples/"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout.count("\n") == 11 and proc.stdout.splitlines()[-1].startswith("Found 10 findings")


@pytest.mark.skipif(shutil.which("head") is None, reason="no head(1) on this system")
def test_list_rules_into_head() -> None:
    """The command from the bug report, through a real shell pipeline, many times (the race it lost half of)."""
    script = f'for i in 1 2 3 4 5 6 7 8 9 10; do "{sys.executable}" -m smtplint --list-rules | head -3; done'
    proc = subprocess.run(["sh", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          check=False)
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert len(lines) == 30 and lines[0].startswith("SMTP001  parse-error")
