"""--watch: polled modification times; a changed file is linted again with the other files of its folder."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from smtplint import watch
from smtplint.cli import main

TIMEOUT = 30.0


def _touch(path: Path, text: str, step: int) -> None:
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + step * 1_000_000_000))  # coarse clocks: a later mtime


def test_poll_reports_changed_files_with_their_folder(tmp_path: Path) -> None:
    (tmp_path / "pf").mkdir()
    (tmp_path / "app").mkdir()
    files = [tmp_path / "pf/main.cf", tmp_path / "pf/master.cf", tmp_path / "app/.env"]
    for f in files:
        f.write_text("x\n")
    paths = [str(f) for f in files]
    calls: list[list[str]] = []
    edits = {1: lambda: _touch(files[0], "y\n", 1), 3: files[2].unlink,
             4: lambda: _touch(files[2], "z\n", 2)}
    rounds = iter(range(1, 100))

    def sleep(_seconds: float) -> None:
        edit = edits.get(next(rounds))
        if edit is not None:
            edit()

    watch.poll(paths, calls.append, interval=0, rounds=5, sleep=sleep)
    # round 1: main.cf changed -> main.cf and master.cf; round 3: .env gone (nothing to lint); round 4: it is back
    assert calls == [paths[:2], [paths[2]]]


def test_poll_is_bounded_and_quiet_without_changes(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("x\n")
    calls: list[list[str]] = []
    slept: list[float] = []
    watch.poll([str(tmp_path / ".env")], calls.append, interval=0.25, rounds=3, sleep=slept.append)
    assert calls == [] and slept == [0.25, 0.25, 0.25]


def test_watch_does_not_go_with_fix_or_report_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--watch", "--fix", "."]) == 2
    assert "--watch prints reports to the terminal" in capsys.readouterr().err
    assert main(["--watch", "--format", "sarif:out.sarif", "."]) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_watch_lints_a_saved_file_again(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_USER=app@example.com\nSMTP_PASS=${SMTP_PASS}\n")
    proc = subprocess.Popen([sys.executable, "-m", "smtplint", "--watch", "--isolated", "--format", "concise", ".env"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SMTPLINT_LANG": "en"})
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stdout = proc.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    try:
        first = lines.get(timeout=TIMEOUT)
        assert first.startswith("All checks passed"), first
        _touch(env, env.read_text() + "NODE_TLS_REJECT_UNAUTHORIZED=0\n", 5)
        line = lines.get(timeout=TIMEOUT)
        assert line.startswith(".env:5:1: error SMTP106 "), line
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=TIMEOUT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    assert "smtplint: 1 file changed; linting again" in proc.stderr.read()


def test_a_save_during_the_first_run_is_seen(tmp_path: Path) -> None:
    """The snapshot is taken before the first run: a file saved while it ran is linted again at the first poll."""
    env = tmp_path / ".env"
    env.write_text("x\n")
    before = watch.snapshot([str(env)])
    _touch(env, "y\n", 1)  # saved between the snapshot and the first poll
    calls: list[list[str]] = []
    watch.poll([str(env)], calls.append, interval=0, rounds=1, sleep=lambda _s: None, since=before)
    assert calls == [[str(env)]]
    calls.clear()
    watch.poll([str(env)], calls.append, interval=0, rounds=1, sleep=lambda _s: None)  # no snapshot: unseen
    assert calls == []
