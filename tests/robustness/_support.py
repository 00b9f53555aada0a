"""Helpers of the robustness suite: run the CLI in-process or in a sandboxed subprocess, snapshot a tree."""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from smtplint.cli import main

REPO = Path(__file__).resolve().parents[2]
SECRET = "Zq7vRk2-SECRET-pw"  # appears in every secret-bearing input; must never appear in any output

# Imported first by every subprocess the suite starts (PYTHONPATH): any connection attempt writes a marker
# file and fails, so a test can prove that no network connection was even tried.
SITECUSTOMIZE = '''
import os, socket
_marker = os.environ["SMTPLINT_NET_MARKER"]
def _blocked(*args, **kwargs):
    with open(_marker, "a") as fh:
        fh.write(repr(args[:2]) + "\\n")
    raise OSError("network access blocked by the smtplint test suite")
for _name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
    setattr(socket.socket, _name, _blocked)
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _blocked)
'''


def run_inprocess(*args: str) -> tuple[int, str, str]:
    """``smtplint ARGS`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def run_sandboxed(args: list[str], cwd: Path, sandbox: Path, *, timeout: float = 120,
                  memory: int = 2 << 30, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m smtplint ARGS`` with sockets blocked, no bytecode written and an address-space limit.

    ``timeout`` only guards against a hang (a regression to quadratic time takes hours on these inputs).
    """
    site = sandbox / "site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    marker = sandbox / "network-attempts.txt"
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
                "SMTPLINT_NET_MARKER": str(marker), "PYTHONDONTWRITEBYTECODE": "1"}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    proc = subprocess.run([sys.executable, "-m", "smtplint", *args], cwd=cwd, capture_output=True,
                          timeout=timeout, check=False, env=full_env, preexec_fn=limit)
    assert not marker.exists(), f"network connection attempted: {marker.read_text()}"
    return proc


def snapshot(root: Path) -> dict[str, tuple[str, bytes | str, int, int]]:
    """Every entry below ``root`` (links not followed): kind, contents or link target, mtime_ns, mode."""
    out: dict[str, tuple[str, bytes | str, int, int]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if os.path.islink(path):
                out[path] = ("link", os.readlink(path), st.st_mtime_ns, st.st_mode)
            elif os.path.isdir(path):
                out[path] = ("dir", "", st.st_mtime_ns, st.st_mode)
            elif os.path.isfile(path):
                with open(path, "rb") as fh:
                    out[path] = ("file", fh.read(), st.st_mtime_ns, st.st_mode)
            else:
                out[path] = ("special", "", st.st_mtime_ns, st.st_mode)
    return out


def report(stdout: str | bytes) -> dict[str, Any]:
    """The JSON report, checked to be exactly one JSON object."""
    doc = json.loads(stdout)
    assert isinstance(doc, dict)
    return doc


def lint_cases(root: Path, cases: dict[str, tuple[str, bytes]], *, memory: int = 2 << 30,
               timeout: float = 300) -> tuple[dict[str, Any], dict[str, str]]:
    """Lay out each case (name -> (file name, bytes)) in its own folder under ``root``/tree, lint the tree in
    the sandbox as JSON, and return the report with each case's display path (findings are expected)."""
    tree = root / "tree"
    files: dict[str, str] = {}
    for name, (file_name, data) in cases.items():
        (tree / name).mkdir(parents=True)
        (tree / name / file_name).write_bytes(data)
        files[name] = f"{name}/{file_name}"
    proc = run_sandboxed(["--format", "json", "--jobs", "1", "--isolated", "."], tree, root, timeout=timeout,
                         memory=memory)
    assert proc.returncode == 1, proc.stderr
    return report(proc.stdout), files
