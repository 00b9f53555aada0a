"""Telling smtplint a file's kind: ``kinds`` in the configuration and ``--kind GLOB:KIND``."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from smtplint.cli import main
from smtplint.config_schema import schema
from tests.test_config import rules_in, run

MAIN_CF = "mynetworks = 0.0.0.0/0\nrelayhost = {{ relay }}\n"
ENV = "SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true\nSMTP_PASSWORD=${SMTP_PASSWORD}\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "main.cf.j2").write_text(MAIN_CF)
    (tmp_path / "relay.conf").write_text(ENV)
    (tmp_path / "notes.txt").write_text(ENV)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_kinds_the_files_are_unknown(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, ".")
    assert code == 0 and rules_in(out) == []
    code, out, err = run(capsys, "relay.conf")  # a named file of no known kind: an error with the hint
    assert code == 2 and "map it with a kinds entry in the configuration or rename it" in err


def test_configuration_kinds_in_a_folder_walk(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".smtplint.toml").write_text('kinds = { "deploy/*.cf.j2" = "postfix-main", "relay.conf" = "dotenv" }\n')
    code, out, _err = run(capsys, ".")
    assert code == 1
    assert rules_in(out) == [("deploy/main.cf.j2:1", "SMTP301"), ("relay.conf:3", "SMTP105")]
    assert "2 files checked" in out  # notes.txt is still unknown


def test_named_files_and_pyproject(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "pyproject.toml").write_text('[tool.smtplint]\nkinds = { "*.conf" = "dotenv" }\n')
    code, out, _err = run(capsys, "relay.conf")
    assert code == 1 and rules_in(out) == [("relay.conf:3", "SMTP105")]


def test_the_flag_wins_over_the_configuration_and_is_repeatable(tree: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".smtplint.toml").write_text('kinds = { "*.txt" = "yaml" }\n')
    code, out, _err = run(capsys, ".", "--kind", "*.txt:dotenv", "--kind", "deploy/*.j2:postfix-main")
    assert code == 1
    assert rules_in(out) == [("deploy/main.cf.j2:1", "SMTP301"), ("notes.txt:3", "SMTP105")]


def test_a_kind_overrides_the_name(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "settings.yml").write_text(ENV)  # a .env text under a YAML name
    code, out, _err = run(capsys, "settings.yml", "--kind", "settings.yml:dotenv")
    assert code == 1 and rules_in(out) == [("settings.yml:3", "SMTP105")]


@pytest.mark.parametrize(("value", "message"), [
    ("*.j2:postfix-mian", "--kind: unknown kind 'postfix-mian'; did you mean 'postfix-main'?"),
    ("*.j2:exim", "--kind: unknown kind 'exim'; kinds: bind-zone, csharp, django"),
    ("postfix-main", "--kind 'postfix-main': expected GLOB:KIND"),
    ("*.j2:", "expected GLOB:KIND"),
])
def test_bad_flags_exit_2(tree: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    code, _out, err = run(capsys, ".", "--kind", value)
    assert code == 2 and message in err and "Traceback" not in err


def test_unknown_kind_in_a_configuration_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "pyproject.toml").write_text('[tool.smtplint]\nkinds = { "deploy/*" = "dot-env" }\n')
    code, _out, err = run(capsys, ".")
    assert code == 2
    assert "pyproject.toml: tool.smtplint.kinds.deploy/*: unknown kind 'dot-env'; did you mean 'dotenv'?" in err


def test_kinds_must_be_a_table_of_strings(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / ".smtplint.toml").write_text('kinds = ["postfix-main"]\n')
    code, _out, err = run(capsys, ".")
    assert code == 2 and ".smtplint.toml: kinds: expected a table, got a list" in err
    (tree / ".smtplint.toml").write_text('kinds = { "x" = 1 }\n')
    code, _out, err = run(capsys, ".")
    assert code == 2 and "kinds.x: expected a string, got a number" in err


def test_schema_accepts_kinds() -> None:
    jsonschema.validate({"kinds": {"deploy/*.cf.j2": "postfix-main"}}, schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kinds": {"x": ""}}, schema())


def test_every_kind_name_is_accepted(tree: Path) -> None:
    from smtplint import formats
    for name in formats.FORMATS:
        assert main(["--format=concise", "notes.txt", "--kind", f"notes.txt:{name}", "--exit-zero"]) == 0
