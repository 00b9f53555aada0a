"""Safety: settings are never executed or imported, nothing is written to the linted tree, no network is
used, no secret reaches any output, and control characters cannot reach the terminal raw."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smtplint.rules import RULES
from tests.robustness._support import SECRET, report, run_inprocess, run_sandboxed, snapshot

FORMATS = ("text", "full", "concise", "json", "sarif", "github", "gitlab")

SIDE_EFFECT = '''import os, pathlib
pathlib.Path(os.environ.get("SMTPLINT_CANARY", "/nonexistent")).write_text("executed")
pathlib.Path(__file__).with_name("EXECUTED").write_text("executed")
raise SystemExit(3)
'''


def _side_effect_tree(root: Path) -> None:
    app = root / "proj" / "app"
    app.mkdir(parents=True)
    (root / "proj" / "__init__.py").write_text(SIDE_EFFECT)
    (app / "__init__.py").write_text(SIDE_EFFECT)
    (app / "base.py").write_text(SIDE_EFFECT + 'EMAIL_HOST = "smtp.example.com"\n')
    (app / "settings.py").write_text(
        "from .base import *\nfrom proj.app.base import *\nimport proj.app.base\n" + SIDE_EFFECT
        + 'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n')
    (app / "mail_settings.py").write_text('__import__("os").system("touch EXECUTED")\nEMAIL_PORT = 25\n')


def test_settings_modules_are_never_executed_or_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _side_effect_tree(tmp_path)
    canary = tmp_path / "canary"
    monkeypatch.setenv("SMTPLINT_CANARY", str(canary))
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    code, out, err = run_inprocess("--isolated", "--jobs", "1", "--format", "json", str(tmp_path / "proj"))
    assert code == 1, err
    assert "SMTP105" in [f["rule"] for f in json.loads(out)["findings"]]  # the settings were read (with ast)
    assert not canary.exists()
    assert not list(tmp_path.rglob("EXECUTED"))
    assert not {m for m in set(sys.modules) - before if m == "proj" or m.startswith(("proj.", "app", "base"))}
    assert not list(tmp_path.rglob("__pycache__")) and not list(tmp_path.rglob("*.pyc"))


def test_the_linted_tree_is_never_written(tmp_path: Path) -> None:
    """Contents, modes and mtimes of every file and folder (a git repository included) stay the same."""
    tree = tmp_path / "tree"
    shutil.copytree(Path(__file__).parents[1] / "fixtures", tree / "fixtures")
    _side_effect_tree(tree)
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(tree)], check=True)
        subprocess.run(["git", "-C", str(tree), "add", "-A"], check=True)
        subprocess.run(["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                       check=True)
    before = snapshot(tree)
    for i, fmt in enumerate(("text", "json", "sarif")):
        proc = run_sandboxed(["--format", fmt, "--jobs", str(1 + i % 2), "."], tree, tmp_path / "sandbox",
                             env={"PYTHONDONTWRITEBYTECODE": ""})
        assert proc.returncode == 1, proc.stderr
    proc = run_sandboxed(["--statistics", "--show-suppressed", "."], tree, tmp_path / "sandbox")
    assert proc.returncode == 1
    assert snapshot(tree) == before


def test_no_network_even_when_settings_name_remote_hosts(tmp_path: Path) -> None:
    """A subprocess whose sockets are rigged: any attempt leaves a marker (checked by run_sandboxed)."""
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "config.yml").write_text(
        "smtp:\n  host: smtp.gmail.com\n  port: 587\n  security: ssl\n"
        "  url: smtp://user:pw@mail.example.org:465/?verify_peer=0\n")
    (tmp_path / "tree" / ".env").write_text("EMAIL_URL=smtp+tls://u:p@smtp.sendgrid.net:587\nMAIL_HOST=1.2.3.4\n")
    for fmt in FORMATS:
        proc = run_sandboxed(["--format", fmt, "."], tmp_path / "tree", tmp_path)
        assert proc.returncode == 1, proc.stderr


def _secret_tree(root: Path) -> None:
    s = SECRET
    files = {
        "yaml/config.yml": f"smtp:\n  host: smtp.gmail.com\n  port: 25\n  username: app@example.com\n"
                           f"  password: ' {s} wxyz vutq ponm lkji'\n  url: smtp://app:{s}@smtp.gmail.com:25\n",
        "yaml-broken/config.yml": f"smtp:\n  password: '{s}\n  host: [smtp.example.com\n",
        "yaml-dup/config.yml": f"smtp:\n  password: {s}\n  password: {s}x\n  host: smtp.example.com\n",
        "env/.env": f"MAIL_HOST=smtp.gmail.com\nMAIL_PORT=25\nMAIL_USERNAME=app\nMAIL_PASSWORD=\"{s} \"\n"
                    f"EMAIL_URL=smtp://app:{s}@smtp.example.com:25\nMAILER_DSN=smtp://{s}@default\n",
        "env-broken/.env": f"MAIL_HOST=smtp.example.com\nMAIL_PASSWORD=\"{s}\nMAIL_PORT=25 {s}' x\n",
        "django/settings.py": f'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 25\nEMAIL_HOST_USER = "a"\n'
                              f'EMAIL_HOST_PASSWORD = "{s} "\nEMAIL_URL = "smtp://a:{s}@smtp.gmail.com:25"\n',
        "django-broken/settings.py": f'EMAIL_HOST_PASSWORD = "{s}" +\nEMAIL_PORT = 25\n',
        "postfix/main.cf": f"smtp_sasl_password_maps = inline:{{ [smtp.example.com]:587 = user:{s} }}\n"
                           f"relayhost = [smtp.example.com]:587\nsmtp_sasl_auth_enable = yes\n",
        "postfix-broken/main.cf": f"  {s} = x\nmynetworks 0.0.0.0/0 {s}\n",
        "properties/mail.properties": f"spring.mail.host=smtp.gmail.com\nspring.mail.port=25\n"
                                      f"spring.mail.username=a\nspring.mail.password={s} \n",
        "ini/mail.ini": f"[smtp]\nhost = smtp.gmail.com:25\nuser = a\npasswd = {s} \n{s}\n",
        "json/realm.json": json.dumps({"smtpServer": {"host": "smtp.gmail.com", "port": "25", "auth": "true",
                                                      "user": "a", "password": f"{s} "}}) + f"\n{s}\n",
        "suppressed/config.yml": f"smtp:\n  host: smtp.gmail.com\n  port: 25\n  username: a\n"
                                 f"  password: '{s} '  # smtplint: ignore[SMTP202,SMTP999] -- {s}\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_secrets_never_appear_in_any_output(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _secret_tree(tree)
    fragments = [SECRET, SECRET[:8], SECRET[-8:], "vutq ponm"]
    runs = [[f"--format={fmt}", "."] for fmt in FORMATS]
    runs += [["--format=json", "--show-suppressed", "--require-reason", "."], ["--statistics", "."],
             ["--format=sarif", "--show-suppressed", "."]]
    seen_rules: set[str] = set()
    for args in [["--explain", rule] for rule in RULES] + [["--list-rules"]]:
        code, out, err = run_inprocess(*args)
        assert code == 0 and not any(f in out + err for f in fragments)
    for args in runs:
        proc = run_sandboxed(args, tree, tmp_path / "sandbox")
        assert proc.returncode in (0, 1), (args, proc.stderr)
        output = proc.stdout + proc.stderr
        for fragment in fragments:
            assert fragment.encode() not in output, (args, fragment)
        if args[0] == "--format=json" and len(args) == 2:
            seen_rules = {f["rule"] for f in report(proc.stdout)["findings"]}
    baseline = tmp_path / "baseline.json"
    proc = run_sandboxed(["--write-baseline", str(baseline), "."], tree, tmp_path / "sandbox")
    assert proc.returncode == 0, proc.stderr
    assert SECRET.encode() not in baseline.read_bytes()
    # the secret-bearing lines did produce findings (parse errors and password rules included)
    assert {"SMTP001", "SMTP202"} <= seen_rules


def test_control_characters_cannot_reach_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ANSI escapes, BEL, CR, bidi overrides in file names and values: escaped in text, exact in JSON/SARIF."""
    evil_name = "\x1b]0;pwned\x07\x1b[2J\u202eevil\r.yml"
    (tmp_path / evil_name).write_bytes(
        b"smtp:\n  host: \"smtp.\\e[31mexample\\a\\u202e.com\\r\"\n  port: 587\n  security: ssl\n")
    (tmp_path / ".env").write_bytes(b"MAIL_HOST=smtp.ex\x1bample.com\x07\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl\x1b[0m\n")
    monkeypatch.chdir(tmp_path)
    for fmt in FORMATS:
        code, out, err = run_inprocess("--isolated", "--jobs", "1", "--format", fmt, ".")
        assert code == 1, err
        for stream in (out, err):
            assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c in "\u202e\u2028"
                           for c in stream), (fmt, stream)
        if fmt == "concise":
            assert all(re.search(r":\d+:\d+: (error|warning|info) SMTP\d{3} ", line) for line in out.splitlines()[:-1])
            assert out.splitlines()[0].startswith(evil_name.encode("unicode_escape").decode("ascii"))
        if fmt == "json":
            paths = {f["path"] for f in json.loads(out)["findings"]}
            assert paths == {evil_name, ".env"}


def test_help_and_version_do_not_touch_the_tree(tmp_path: Path) -> None:
    _side_effect_tree(tmp_path)
    before = snapshot(tmp_path)
    for args in (["--version"], ["--help"], ["--list-rules"]):
        proc = run_sandboxed(args, tmp_path, tmp_path / "sandbox")
        assert proc.returncode == 0
    assert {k: v for k, v in snapshot(tmp_path).items() if "sandbox" not in k} == before
    assert not os.path.exists(tmp_path / "EXECUTED")
