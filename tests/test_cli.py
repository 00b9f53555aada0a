"""The command line end to end: output formats, exit codes, discovery flags, lazy imports, secrets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smtplint.cli import main

SCHEMA_PATH = Path(__file__).parent.parent / "smtplint" / "schemas" / "report.schema.json"

DJANGO_BAD = '''EMAIL_HOST = "smtp.example.com"
EMAIL_PORT = 587
EMAIL_HOST_USER = "app@example.com"
EMAIL_HOST_PASSWORD = "hunter2 "
'''
ENV_GOOD = "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_USERNAME=app\nMAIL_PASSWORD=${P}\n"


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, "-m", "smtplint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False, env={**environ, **(env or {})})


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(DJANGO_BAD)
    (tmp_path / "app" / ".env").write_text(ENV_GOOD)
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "settings.py").write_text(DJANGO_BAD)
    return tmp_path


def validate_report(doc: object) -> None:
    import jsonschema
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())


def test_text_output_and_exit_code_1(tree: Path) -> None:
    proc = run_cli("--format", "concise", ".", cwd=tree)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:2] == [
        "app/settings.py:2:1: error SMTP101 mail to remote host 'smtp.example.com' on port 587 is sent without TLS "
        "(EMAIL_USE_TLS and EMAIL_USE_SSL are not set): credentials and messages travel in cleartext; set "
        "EMAIL_USE_TLS = True with port 587, or EMAIL_USE_SSL = True with port 465",
        "app/settings.py:4:1: warning SMTP202 the SMTP password in 'EMAIL_HOST_PASSWORD' has a trailing space: the "
        "server compares it byte for byte and authentication fails; remove the stray characters",
    ]
    assert lines[2] == (
        "app/settings.py:4:1: error SMTP204 hard-coded SMTP password in 'EMAIL_HOST_PASSWORD': anyone who can read the "
        "repository can send mail as this account; move it to a secret store or an environment variable that is "
        "not committed, and rotate it (it stays in the history)")
    assert lines[-1] == "Found 3 findings (2 errors, 1 warning) in 2 files checked."
    assert "hunter2" not in proc.stdout + proc.stderr


def test_json_output_matches_schema_and_is_sorted(tree: Path) -> None:
    proc = run_cli("--format", "json", ".", cwd=tree)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    validate_report(doc)
    assert doc["files_checked"] == 2
    assert [(f["rule"], f["path"], f["line"], f["column"], f["end_line"], f["end_column"], f["severity"])
            for f in doc["findings"]] == [
        ("SMTP101", "app/settings.py", 2, 1, 2, 17, "error"),
        ("SMTP202", "app/settings.py", 4, 1, 4, 33, "warning"),
        ("SMTP204", "app/settings.py", 4, 1, 4, 33, "error"),
    ]
    assert "hunter2" not in proc.stdout


def test_clean_tree_exits_0(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(ENV_GOOD)
    proc = run_cli(".", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == "All checks passed (1 file checked).\n"
    doc = json.loads(run_cli("--format", "json", ".", cwd=tmp_path).stdout)
    validate_report(doc)
    assert doc["findings"] == []


def test_identical_bytes_on_every_run(tree: Path) -> None:
    first = run_cli("--format", "json", ".", cwd=tree).stdout
    env = dict(os.environ, PYTHONHASHSEED="123")
    again = subprocess.run([sys.executable, "-m", "smtplint", "--format", "json", "."], cwd=tree, env=env,
                           capture_output=True, text=True, check=False).stdout
    assert first == again


def test_missing_path_is_exit_2(tmp_path: Path) -> None:
    proc = run_cli("does-not-exist", cwd=tmp_path)
    assert proc.returncode == 2
    assert "does-not-exist: no such file or directory" in proc.stderr


def test_unknown_format_and_selector_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--format", "xml", str(tmp_path)])
    assert exc.value.code == 2
    assert main(["--select", "SMTP999", str(tmp_path)]) == 2
    assert "unknown rule selector 'SMTP999'" in capsys.readouterr().err


def test_select_and_ignore(tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tree)
    assert main(["--select", "SMTP2", "."]) == 1
    out = capsys.readouterr().out
    assert "SMTP202" in out
    assert "SMTP101" not in out
    assert main(["--ignore", "SMTP101,SMTP202,SMTP204", "."]) == 0


def test_exclude_walk_and_explicit_files(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tree)
    assert main(["--exclude", "app", "."]) == 0  # node_modules is skipped by default, app by the glob
    capsys.readouterr()
    # a file named explicitly is linted even when excluded (ruff's behaviour) ...
    assert main(["--exclude", "settings.py", "app/settings.py"]) == 1
    capsys.readouterr()
    # ... unless --force-exclude (what the pre-commit hook passes)
    assert main(["--force-exclude", "--exclude", "settings.py", "app/settings.py"]) == 0


def test_version_and_help_import_no_heavy_dependency(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from smtplint.cli import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('ruamel', 'ruamel.yaml', 'jsonschema', 'dotenv') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "HEAVY []" in proc.stdout
    assert "smtplint 0.1" in proc.stdout


def test_a_plain_run_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Issue 20: a run over readable .env, JSON and Postfix files with a [tool.smtplint] table and findings
    (text report) imports no jsonschema, python-dotenv, traceback, hashlib or base64."""
    (tmp_path / "pyproject.toml").write_text('[tool.smtplint]\nignore = ["SMTP401"]\n')
    (tmp_path / ".env").write_text("MAIL_HOST=smtp.example.com\nMAIL_PORT=25\nMAIL_PASSWORD=hunter2\n")
    (tmp_path / "realm.json").write_text('{"smtpServer": {"host": "smtp.example.com", "port": "25"}}\n')
    (tmp_path / "main.cf").write_text("mynetworks = 0.0.0.0/0\n")
    code = ("import sys\nfrom smtplint.cli import main\nrc = main(['.'])\n"
            "print('LOADED', rc, [m for m in ('jsonschema', 'dotenv', 'traceback', 'hashlib', 'base64') "
            "if m in sys.modules])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert "LOADED 1 []" in proc.stdout, proc.stdout + proc.stderr
    assert "SMTP301" in proc.stdout and ".env:" in proc.stdout and "realm.json:" in proc.stdout


def test_list_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-rules"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("SMTP001  parse-error")
    assert main(["--explain", "smtp105"]) == 0
    page = capsys.readouterr().out
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Not reported",
                    "## References"):
        assert heading in page
    assert main(["--explain", "SMTP999"]) == 2


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "smtplint"
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.strip().startswith("smtplint ")


def test_readme_sample_output_is_current() -> None:
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text()
    block = readme.split("$ smtplint examples/\n", 1)[1].split("```", 1)[0]
    proc = run_cli("examples/", cwd=root)
    assert proc.returncode == 1
    assert proc.stdout == block, "README's sample output is stale: paste the output of `smtplint examples/`"


# ---------------------------------------------------------------- named files: an unknown kind is an error


def test_a_named_file_of_no_known_kind_is_an_error_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("smtp host is smtp.example.com\n")
    (tmp_path / "views.py").write_text("def index():\n    return 'mail'\n")
    (tmp_path / ".env").write_text(ENV_GOOD)
    assert main(["--format", "concise", "notes.txt", ".env"]) == 2  # the other file is still linted
    captured = capsys.readouterr()
    assert captured.out == "No findings (1 file checked), but 1 file named on the command line could not be linted.\n"
    assert captured.err.startswith("notes.txt: error: smtplint cannot read this as any kind it knows (YAML, "
                                   "Kubernetes manifests, CI workflows, .env, ")
    assert "map it with a kinds entry in the configuration or rename it" in captured.err
    assert main(["--format", "concise", "views.py"]) == 2  # a .py file whose bytes show no settings
    assert capsys.readouterr().err.startswith("views.py: error: ")
    assert main(["--format", "json", "notes.txt"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["files_checked"] == 0 and doc["errors"][0]["path"] == "notes.txt"
    # --skip-unknown (the pre-commit hook): passed over as a folder's files are; a probe is confirmed by content
    assert main(["--format", "concise", "--skip-unknown", "notes.txt", "views.py", ".env"]) == 0
    assert capsys.readouterr() == ("All checks passed (1 file checked).\n", "")


def test_files_skipped_for_size_are_not_counted_as_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(ENV_GOOD)
    (tmp_path / "big.yml").write_text("smtp:\n  host: smtp.example.com\n" + "# pad\n" * 100)
    assert main(["--format", "concise", "--max-file-size", "200", "."]) == 0
    captured = capsys.readouterr()
    assert captured.out == "All checks passed (1 file checked).\n"
    assert captured.err == "big.yml: skipped: larger than the maximum file size (200 bytes)\n"
    assert main(["--format", "concise", "--max-file-size", "200", "big.yml"]) == 0
    assert capsys.readouterr().out == "All checks passed (0 files checked).\n"


def test_the_command_entry_point_imports_without_collection_and_leaves_collection_on(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import gc

    from smtplint.__main__ import run

    monkeypatch.setattr(sys, "argv", ["smtplint", "--list-rules"])
    assert gc.isenabled()
    assert run() == 0
    assert gc.isenabled()
    assert "SMTP101" in capsys.readouterr().out


def test_version_alone_is_answered_as_argparse_answers_it(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from smtplint.__main__ import run

    monkeypatch.setattr(sys, "argv", ["smtplint", "--version"])
    assert run() == 0
    fast = capsys.readouterr().out
    with pytest.raises(SystemExit) as stopped:  # argparse's --version action prints and exits
        main(["--version"])
    assert stopped.value.code == 0
    assert fast == capsys.readouterr().out == f"smtplint {__import__('smtplint').__version__}\n"


def test_the_command_flushes_its_output_then_leaves_with_the_run_exit_code(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from smtplint import __main__ as entry

    class Left(Exception):
        pass

    flushed: list[str] = []

    def leave(code: int) -> None:
        flushed.append(capsys.readouterr().out)  # written out before the process is left
        raise Left(code)

    monkeypatch.setattr(sys, "argv", ["smtplint", "--list-rules"])
    monkeypatch.setattr(entry.os, "_exit", leave)
    monkeypatch.setattr(sys, "gettrace", lambda: None)  # as when no coverage tool runs these tests
    monkeypatch.setattr(sys, "getprofile", lambda: None)
    with pytest.raises(Left) as left:
        entry.command()
    assert left.value.args == (0,)
    assert "SMTP101" in flushed[0]
    # under a profiler (or debugger, or coverage tool) the usual exit writes its report: the code is returned
    monkeypatch.setattr(sys, "getprofile", lambda: print)
    assert entry.command() == 0
    assert "SMTP101" in capsys.readouterr().out


def test_a_long_report_is_written_whole_before_the_command_leaves(tmp_path: Path) -> None:
    # more than a pipe's and a buffer's worth of output: nothing may be lost to the quick exit
    for index in range(150):
        (tmp_path / f"{index:03}.env").write_text(
            f"MAIL_HOST=smtp.example{index}.com\nMAIL_PORT=25\nMAIL_USERNAME=app\nMAIL_PASSWORD=x{index}Y7q2Lm9\n",
            encoding="utf-8")
    proc = run_cli("--format", "json", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert len(proc.stdout) > 100_000
    report = json.loads(proc.stdout)
    assert {f["path"] for f in report["findings"]} == {f"{i:03}.env" for i in range(150)}
    out = tmp_path / "report.sarif"
    proc = run_cli("--format", f"sarif:{out}", "--format", "concise", ".", cwd=tmp_path)
    assert proc.returncode == 1
    last = proc.stdout.splitlines()[-1]
    assert last.startswith(f"Found {len(report['findings'])} findings") and last.endswith("in 150 files checked.")
    assert len(json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]) == len(report["findings"])
