"""`smtplint -`: standard input linted as the file --stdin-filename names (kind, report paths, configuration)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: mail
data:
  SMTP_HOST: smtp.example.com
  SMTP_PORT: "465"
  SMTP_SECURE: "false"
"""
ENV = "SMTP_HOST=smtp.example.com\nSMTP_USER=u\nSMTP_PASSWORD=St-din-Pass9\n"


def run(*args: str, text: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, "-m", "smtplint", *args], cwd=cwd, input=text, capture_output=True,
                          text=True, timeout=120, check=False, env=environ)


def test_the_name_decides_kind_and_path(tmp_path: Path) -> None:
    proc = run("-", "--stdin-filename", "deploy/rendered.yaml", "--format", "concise", text=MANIFEST, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("deploy/rendered.yaml:8:3: error SMTP105 ")
    proc = run("-", "--stdin-filename", ".env", "--format", "concise", text=ENV, cwd=tmp_path)
    assert proc.stdout.splitlines()[0].startswith(".env:3:1: error SMTP204 ")
    assert "St-din-Pass9" not in proc.stdout + proc.stderr
    assert not (tmp_path / ".env").exists() and not (tmp_path / "deploy").exists()  # nothing written


def test_default_name_is_yaml(tmp_path: Path) -> None:
    proc = run("-", "--format", "concise", text=MANIFEST, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("stdin.yaml:8:3: error SMTP105 ")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_carry_the_name(tmp_path: Path, fmt: str) -> None:
    proc = run("-", "--stdin-filename", "k8s/mail.yaml", "--format", fmt, text=MANIFEST, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    if fmt == "json":
        assert [(f["path"], f["line"], f["rule"]) for f in doc["findings"]] == [("k8s/mail.yaml", 8, "SMTP105")]
    else:
        [result] = doc["runs"][0]["results"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("k8s/mail.yaml")
        assert location["region"]["startLine"] == 8


def test_suppressions_and_configuration_apply(tmp_path: Path) -> None:
    suppressed = MANIFEST.replace('  SMTP_SECURE: "false"', '  SMTP_SECURE: "false"  # smtplint: disable=SMTP105')
    proc = run("-", "--stdin-filename", "a.yaml", text=suppressed, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    (tmp_path / ".smtplint.toml").write_text('per-file-ignores = { "k8s/*" = ["SMTP105"] }\n')
    assert run("-", "--stdin-filename", "k8s/a.yaml", text=MANIFEST, cwd=tmp_path).returncode == 0
    assert run("-", "--stdin-filename", "other/a.yaml", text=MANIFEST, cwd=tmp_path).returncode == 1


def test_usage_errors_and_unknown_kinds(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("a: 1\n")
    proc = run("-", "x.yaml", text="", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot be combined" in proc.stderr
    proc = run("--stdin-filename", "a.yaml", "x.yaml", text="", cwd=tmp_path)
    assert proc.returncode == 2 and "give the path '-'" in proc.stderr
    # a name of no known kind is what a named file of no known kind is: an error with the hint
    proc = run("-", "--stdin-filename", "notes.txt", text="hello\n", cwd=tmp_path)
    assert proc.returncode == 2 and "notes.txt: error: smtplint cannot read this as any kind" in proc.stderr
    assert "map it with a kinds entry in the configuration or rename it" in proc.stderr


def test_kinds_apply_to_the_stdin_name(tmp_path: Path) -> None:
    text = "relayhost = [smtp.example.com]:587\nmynetworks = 0.0.0.0/0\n"
    proc = run("-", "--stdin-filename", "deploy/main.cf.j2", "--kind", "deploy/*.cf.j2:postfix-main",
               "--format", "concise", text=text, cwd=tmp_path)
    assert proc.returncode == 1 and "deploy/main.cf.j2:2:1: error SMTP301" in proc.stdout, proc.stdout + proc.stderr
    (tmp_path / ".smtplint.toml").write_text('kinds = { "deploy/*.cf.j2" = "postfix-main" }\n')
    proc = run("-", "--stdin-filename", "deploy/main.cf.j2", "--format", "concise", text=text, cwd=tmp_path)
    assert proc.returncode == 1 and "deploy/main.cf.j2:2:1: error SMTP301" in proc.stdout, proc.stdout + proc.stderr


def test_oversized_and_binary_input(tmp_path: Path) -> None:
    proc = run("-", "--max-file-size", "10", text=MANIFEST, cwd=tmp_path)
    assert proc.returncode == 0 and "stdin.yaml: skipped: larger than the maximum file size" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "smtplint", "-"], cwd=tmp_path, input=b"\x00\xff\x00binary",
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == 1 and b"SMTP001" in proc.stdout and b"Traceback" not in proc.stderr


def test_help_names_the_default() -> None:
    from smtplint.cli import _parser
    assert "stdin.yaml" in _parser().format_help()
