"""An internal error in one rule, one parser or one reporter: exit 2, the file named, a hint to report it,
and the other files' findings kept."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from smtplint import rules
from tests.robustness._support import run_inprocess

GOOD_FINDING = "smtp:\n  host: smtp.example.com\n  port: 587\n  security: ssl\n  username: ${U}\n  password: ${P}\n"
HINT = "internal error in"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a.yml").write_text(GOOD_FINDING)
    (tmp_path / "b.yml").write_text(GOOD_FINDING.replace("smtp.example.com", "boom.example.com"))
    (tmp_path / ".env").write_text("MAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _crash_on_boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the first endpoint rule raise on the endpoint whose host is boom.example.com."""
    rule, check = rules.ENDPOINT_CHECKS[0]

    def broken(endpoint: Any, options: Any) -> Iterable[Any]:
        if endpoint.host is not None and endpoint.host.value == "boom.example.com":
            raise KeyError("simulated bug")
        return check(endpoint, options)

    monkeypatch.setattr(rules, "ENDPOINT_CHECKS", [(rule, broken), *rules.ENDPOINT_CHECKS[1:]])


def test_rule_crash_in_one_file_keeps_the_others(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _crash_on_boom(monkeypatch)
    code, out, err = run_inprocess("--isolated", "--jobs", "1", "--format", "concise", ".")
    assert code == 2
    assert sorted({line.split(":")[0] for line in out.splitlines()[:-1]}) == [".env", "a.yml", "b.yml"]
    assert err.startswith("b.yml: internal error in rule ") and "please report it" in err
    code, out, _ = run_inprocess("--isolated", "--jobs", "1", "--format", "json", ".")
    doc = json.loads(out)
    assert code == 2 and [e["path"] for e in doc["errors"]] == ["b.yml"]
    assert "a.yml" in {f["path"] for f in doc["findings"]}


def test_parser_crash_in_one_file_keeps_the_others(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smtplint.parsers import dotenv_

    def broken(path: str, text: str) -> Any:
        raise RecursionError("simulated bug")

    monkeypatch.setattr(dotenv_, "parse", broken)
    code, out, err = run_inprocess("--isolated", "--jobs", "1", "--format", "concise", ".")
    assert code == 2
    assert {line.split(":")[0] for line in out.splitlines()[:-1]} == {"a.yml", "b.yml"}
    assert err.startswith(".env: internal error in dotenv parser: RecursionError at test_failures.py:")
    assert err.endswith("; please report it to the smtplint issue tracker\n")


def test_crash_outside_the_per_file_guards_is_exit_2_not_1(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reporter bug: exit 2 with a hint, never Python's exit 1 (which would read as 'findings')."""
    from smtplint.report import text

    def broken(*args: Any, **kwargs: Any) -> str:
        raise UnicodeEncodeError("utf-8", "x", 0, 1, "simulated")

    monkeypatch.setattr(text, "render", broken)
    code, _out, err = run_inprocess("--isolated", "--jobs", "1", "--format", "concise", ".")
    assert code == 2
    assert err.startswith("smtplint: internal error (UnicodeEncodeError at test_failures.py:")
    assert err.endswith("please report it to the smtplint issue tracker\n")
