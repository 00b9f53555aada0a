"""Inline suppressions: the directive parser per format, their coverage, and what the engine and CLI do."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from smtplint import formats
from smtplint.cli import main
from smtplint.model import Finding, Severity, Span
from smtplint.suppress import FileDirectives, apply, audit, parse
from tests.conftest import lint

SCHEMA = Path(__file__).resolve().parents[1] / "smtplint" / "schemas" / "report.schema.json"


def _d(fmt: str, text: str) -> FileDirectives:
    return parse("f", formats.get(fmt).comments(text))


def _cover(fd: FileDirectives) -> list[tuple[str, tuple[str, ...], int, int, str]]:
    return [(d.action, d.ids, d.first, d.last, d.reason) for d in fd.directives]


def _finding(rule: str, line: int) -> Finding:
    return Finding(rule, "x", Severity.ERROR, "m", Span("f", line, 1, line, 2))


# ------------------------------------------------------------------------------------------- parsing


def test_yaml_forms() -> None:
    text = (
        "smtp:\n"
        "  # smtplint: disable-next-line=SMTP101, smtp105 -- test relay\n"
        "  port: 25\n"
        "  host: h  # smtplint: disable=SMTP102 -- reason\n"
        "# smtplint: disable-file=SMTP104\n"
    )
    fd = _d("yaml", text)
    assert _cover(fd) == [
        ("disable-next-line", ("SMTP101", "SMTP105"), 3, 3, "test relay"),
        ("disable", ("SMTP102",), 4, 4, "reason"),
        ("disable-file", ("SMTP104",), 1, 1 << 30, ""),
    ]
    assert fd.directives[1].span == Span("f", 4, 12, 4, 49)
    assert not fd.problems


def test_yaml_quotes_and_block_scalars_are_not_comments() -> None:
    text = (
        'a: "x # smtplint: disable=SMTP101"\n'
        "b: 'it''s # smtplint: disable=SMTP101'\n"
        "c: x#smtplint: disable=SMTP101\n"
        "d: |\n"
        "  # smtplint: disable-file=SMTP101\n"
        "- key: >-\n"
        "    # smtplint: disable\n"
        "  other: 1  # smtplint: disable=SMTP102\n"
        'e: "multi\n'
        '  # smtplint: disable-file=SMTP101\n'
        '  end"  # smtplint: disable=SMTP103\n'
    )
    fd = _d("yaml", text)
    assert [(d.action, d.ids, d.first) for d in fd.directives] == [
        ("disable", ("SMTP102",), 8), ("disable", ("SMTP103",), 11)]
    assert not fd.problems


def test_yaml_next_line_covers_a_block_scalar() -> None:
    fd = _d("yaml", "# smtplint: disable-next-line=SMTP202 -- r\npassword: |\n  a\n\n  b\nnext: 1\n")
    assert _cover(fd) == [("disable-next-line", ("SMTP202",), 2, 5, "r")]


def test_dotenv_forms_and_quotes() -> None:
    text = (
        "# smtplint: disable-next-line=SMTP101 -- r\n"
        "\n"
        "# another comment\n"
        "SMTP_PORT=25\n"
        "SMTP_SECURE=false # smtplint: disable=SMTP102 -- r2\n"
        'SMTP_FROM="a # smtplint: disable=SMTP999"\n'
        "SMTP_X=a#smtplint: disable=SMTP999\n"
        "SMTP_Y='line1\n"
        "# smtplint: disable-file=SMTP999\n"
        "line3' # smtplint: disable=SMTP103\n"
    )
    fd = _d("dotenv", text)
    assert _cover(fd) == [
        ("disable-next-line", ("SMTP101",), 4, 4, "r"),
        ("disable", ("SMTP102",), 5, 5, "r2"),
        ("disable", ("SMTP103",), 10, 10, ""),
    ]


def test_dotenv_next_line_covers_a_multiline_value() -> None:
    fd = _d("dotenv", '# smtplint: disable-next-line=SMTP202\nPASS="a\nb"\nOTHER=1\n')
    assert _cover(fd) == [("disable-next-line", ("SMTP202",), 2, 3, "")]


def test_python_uses_tokens_not_text() -> None:
    text = (
        '"""Doc.\n'
        "# smtplint: disable-file=SMTP999\n"
        '"""\n'
        "# smtplint: disable-next-line=SMTP105 -- r\n"
        "EMAIL_USE_SSL = (\n"
        "    True\n"
        ")\n"
        'EMAIL_HOST = "a # smtplint: disable=SMTP999"  # smtplint: disable=SMTP101 -- r\n'
        "if DEBUG:\n"
        "    # smtplint: disable-next-line=SMTP102\n"
        "    EMAIL_PORT = 25\n"
        "    EMAIL_X = 1\n"
    )
    fd = _d("django", text)
    assert _cover(fd) == [
        ("disable-next-line", ("SMTP105",), 5, 7, "r"),
        ("disable", ("SMTP101",), 8, 8, "r"),
        ("disable-next-line", ("SMTP102",), 11, 11, ""),
    ]


def test_python_that_does_not_tokenize_still_has_own_line_directives() -> None:
    fd = _d("django", "x = (\n# smtplint: disable-file=SMTP101 -- r\n")
    assert [d.action for d in fd.directives] == ["disable-file"]


def test_postfix_main_continuation_lines() -> None:
    text = (
        "# smtplint: disable-next-line=SMTP301 -- vpn\n"
        "mynetworks = 127.0.0.0/8\n"
        "    # a comment inside the entry\n"
        "    10.0.0.0/8\n"
        "relayhost = [smtp.example.com]:587  # smtplint: disable=SMTP101\n"
    )
    fd = _d("postfix-main", text)
    assert _cover(fd) == [("disable-next-line", ("SMTP301",), 2, 4, "vpn")]
    assert not fd.problems  # a '#' after a Postfix value is part of the value: not a directive at all


def test_postfix_master_service_with_o_lines() -> None:
    text = (
        "smtp inet n - n - - smtpd\n"
        "# smtplint: disable-next-line=SMTP302 -- r\n"
        "submission inet n - n - - smtpd\n"
        "  -o syslog_name=postfix/submission\n"
        "  # smtplint: disable-next-line=SMTP201 -- only the -o lines below\n"
        "  -o smtpd_sasl_auth_enable=no\n"
        "  -o smtpd_tls_security_level=may\n"
        "smtps inet n - n - - smtpd\n"
    )
    fd = _d("postfix-master", text)
    assert _cover(fd) == [
        ("disable-next-line", ("SMTP302",), 3, 7, "r"),
        ("disable-next-line", ("SMTP201",), 6, 7, "only the -o lines below"),
    ]


@pytest.mark.parametrize(("comment", "expected"), [
    ("# smtplint: disable", "names no rule"),
    ("# smtplint: disable=", "names no rule"),
    ("# smtplint: disable-next-line=SMTP101,", "names no rule"),
    ("# smtplint: disable-next-line=ALL", "'ALL' is not a rule id"),
    ("# smtplint: disable-next-line=SMTP1 -- r", "'SMTP1' is not a rule id"),
    ("# smtplint: enable=SMTP101", "'enable' is not a smtplint directive"),
    ("# smtplint: disable-line=SMTP101", "'disable-line' is not a smtplint directive"),
    ("# smtplint: disable=SMTP101 -- r", "on a line of its own"),
])
def test_malformed_directives(comment: str, expected: str) -> None:
    fd = _d("yaml", f"{comment}\nkey: 1\n")
    assert not fd.directives
    [problem] = fd.problems
    assert expected in problem.message
    assert (problem.span.line, problem.span.column) == (1, 1)


def test_directive_prefix_is_case_sensitive_and_needs_a_next_line() -> None:
    assert _d("yaml", "# SMTPLINT: disable\n# Smtplint: disable-next-line=SMTP101\nk: 1\n").problems == []
    fd = _d("yaml", "k: 1\n# smtplint: disable-next-line=SMTP101 -- r\n")
    assert [p.message for p in fd.problems] == ["'disable-next-line' has no line after it to cover"]


# ---------------------------------------------------------------------------------- apply and audit


def test_apply_and_audit() -> None:
    fd = _d("yaml", (
        "# smtplint: disable-next-line=SMTP101,SMTP105 -- r\n"
        "a: 1\n"
        "b: 2  # smtplint: disable=SMTP999\n"
        "# smtplint: disable-file=SMTP101\n"
        "# smtplint: disable-next-line=SMTP301 -- not selected: never reported as unused\n"
        "c: 3\n"
    ))
    out = apply([_finding("SMTP101", 2), _finding("SMTP102", 2), _finding("SMTP101", 6)], fd)
    sup = [(f.rule_id, f.span.line, f.suppression.kind if f.suppression else None) for f in out]
    assert sup == [("SMTP101", 2, "inline"), ("SMTP102", 2, None), ("SMTP101", 6, "file")]
    assert out[0].suppression is not None and out[0].suppression.reason == "r"
    assert out[0].suppression.span == Span("f", 1, 1, 1, 51)
    reports = audit(fd, lambda i: i != "SMTP999", lambda i: i != "SMTP301", require_reason=True)
    assert [(r.rule_id, r.span.line) for r in reports] == [
        ("SMTP002", 1), ("SMTP002", 3), ("SMTP003", 3), ("SMTP003", 4)]
    assert "no SMTP105 finding on line 2" in reports[0].message
    assert "SMTP999 is not a smtplint rule" in reports[1].message


# ----------------------------------------------------------------------------------- end to end


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(
        'EMAIL_HOST = "smtp.example.com"\n'
        "EMAIL_PORT = 587\n"
        "EMAIL_USE_SSL = (  # smtplint: disable=SMTP105 -- a finding over three lines, directive on its first\n"
        "    True\n"
        ")\n"
        'EMAIL_HOST_USER = "app@example.com"\n'
        'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]\n'
    )
    (tmp_path / ".env").write_text(
        "SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_USER=app\nSMTP_PASS=${SMTP_PASS}\n"
        "SMTP_IGNORE_TLS=true # smtplint: disable=SMTP102\n"
    )
    return tmp_path


def test_engine_keeps_suppressed_findings_marked(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = lint(root, cwd=root)
    marked = [(f.rule_id, f.span.path, f.span.line, f.suppression.kind, f.suppression.reason)
              for f in result.findings if f.suppression is not None]
    assert marked == [
        ("SMTP102", ".env", 5, "inline", ""),
        ("SMTP105", "app/settings.py", 3, "inline", "a finding over three lines, directive on its first"),
    ]
    assert not [f for f in result.findings if f.suppression is None and f.rule_id in {"SMTP102", "SMTP105", "SMTP002"}]


def test_cli_hides_suppressed_and_json_shows_them_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_tree(tmp_path))
    assert main(["--select", "SMTP1,SMTP002", "."]) == 0
    out = capsys.readouterr().out
    assert out == "All checks passed (2 files checked).\n"

    assert main(["--select", "SMTP1,SMTP002", "--show-suppressed", "--format", "json", "."]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()))
    assert [(f["rule"], f["line"], f["suppression"]) for f in doc["findings"]] == [
        ("SMTP102", 5, {"kind": "inline", "reason": "", "line": 5, "column": 22}),
        ("SMTP105", 3, {"kind": "inline", "line": 3, "column": 20,
                        "reason": "a finding over three lines, directive on its first"}),
    ]

    assert main(["--select", "SMTP1,SMTP002", "--show-suppressed", "--format=concise", "."]) == 0
    text = capsys.readouterr().out
    assert ".env:5:1: error SMTP102 " in text and text.splitlines()[0].endswith("[suppressed: inline]")
    # one pair of parentheses, not "(2 files checked) (2 suppressed findings shown)"
    assert text.endswith("All checks passed (2 files checked; 2 suppressed findings shown).\n")


def test_require_reason_and_unused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(_tree(tmp_path))
    assert main(["--select", "SMTP0,SMTP1", "--require-reason", "--format=concise", "."]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(".env:5:22: warning SMTP003 the suppression of SMTP102 gives no reason")
    assert len(lines) == 2
    # the directive's rule is not selected: it cannot be judged unused, and nothing else is reported
    assert main(["--select", "SMTP002,SMTP2", "."]) in (0, 1)
    assert "SMTP002" not in capsys.readouterr().out


def test_unused_suppression_is_reported_and_can_be_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mail.yaml").write_text("smtp:\n  host: localhost  # smtplint: disable=SMTP101 -- not needed\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--format=concise", "mail.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "mail.yaml:2:20: warning SMTP002 unused suppression (disable): no SMTP101 finding on line 2 to suppress; "
        "remove it or correct the id")
    assert main(["--ignore", "SMTP002", "mail.yaml"]) == 0
    capsys.readouterr()
    # a directive naming SMTP002 silences it (and is never itself reported as unused)
    (tmp_path / "mail.yaml").write_text(
        "# smtplint: disable-file=SMTP002 -- kept for the next migration\n"
        "smtp:\n  host: localhost  # smtplint: disable=SMTP101 -- not needed\n")
    assert main(["mail.yaml"]) == 0


# ------------------------------------------------------- INI directives, the noqa reflex, rule names by name


INI = "[smtp]\nhost = smtp.gmail.com\n{comment}\nport = 25\nuser = me\npassword = secret\n"


def test_ini_semicolon_directives_suppress_and_an_unused_one_is_reported(tmp_path: Path) -> None:
    (tmp_path / "app.ini").write_text(INI.format(comment="; smtplint: disable-next-line=SMTP101 -- lab relay"))
    result = lint(tmp_path / "app.ini", cwd=tmp_path)
    assert [(f.rule_id, f.span.line, f.suppression is not None) for f in result.findings] == [("SMTP101", 4, True)]
    # a directive that covers a line with no such finding is not silently dropped: SMTP002 says so
    (tmp_path / "app.ini").write_text(INI.replace("host = smtp.gmail.com\n", "; smtplint: disable-next-line="
                                                  "SMTP101\nhost = smtp.gmail.com\n").format(comment=";"))
    result = lint(tmp_path / "app.ini", cwd=tmp_path)
    assert [(f.rule_id, f.span.line) for f in result.findings if f.suppression is None] == [
        ("SMTP002", 2), ("SMTP101", 5)]
    assert result.findings[0].message == (
        "unused suppression (disable-next-line): no SMTP101 finding on line 3 to suppress; remove it or correct "
        "the id")


@pytest.mark.parametrize(("fmt", "text", "line", "column", "directive"), [
    ("django", 'EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 25  # noqa: SMTP101\n', 2, 18,
     "# smtplint: disable=SMTP101 -- reason"),
    ("django", 'EMAIL_PORT = 25  # noqa: E501, smtp101,SMTP105\n', 1, 18,
     "# smtplint: disable=SMTP101,SMTP105 -- reason"),
    ("ini", "[smtp]\n; noqa: SMTP101\nport = 25\n", 2, 1, "; smtplint: disable-next-line=SMTP101 -- reason"),
    ("yaml", "smtp:\n  port: 25  # NOQA:SMTP101\n", 2, 13, "# smtplint: disable=SMTP101 -- reason"),
])
def test_a_noqa_naming_a_smtplint_rule_gets_a_hint(fmt: str, text: str, line: int, column: int,
                                                   directive: str) -> None:
    fd = _d(fmt, text)
    assert not fd.directives
    [problem] = fd.problems
    assert problem.message == (f"smtplint does not read 'noqa' comments (flake8's and ruff's form): write "
                               f"'{directive}' instead")
    assert (problem.span.line, problem.span.column) == (line, column)


def test_noqa_for_other_linters_is_left_alone(tmp_path: Path) -> None:
    assert _d("django", "from .base import *  # noqa: F403\nX = 1  # noqa\nY = 2  # noqa: E501\n").problems == []
    (tmp_path / "settings.py").write_text('EMAIL_HOST = "smtp.gmail.com"\nEMAIL_PORT = 25  # noqa: SMTP101\n')
    result = lint(tmp_path / "settings.py", cwd=tmp_path)
    assert [(f.rule_id, f.span.line, f.span.column) for f in result.findings] == [
        ("SMTP101", 2, 1), ("SMTP002", 2, 18)]  # the finding stays: noqa suppresses nothing


@pytest.mark.parametrize(("name", "expected"), [
    ("plaintext-submission-port", "SMTP101"), ("hardcoded-pasword", "SMTP204"), ("Submission-TLS-May", "SMTP302")])
def test_a_rule_name_in_a_directive_gets_did_you_mean(tmp_path: Path, name: str, expected: str) -> None:
    (tmp_path / "settings.py").write_text(f'EMAIL_HOST = "smtp.gmail.com"  # smtplint: disable={name}\n')
    [finding] = [f for f in lint(tmp_path / "settings.py", cwd=tmp_path).findings if f.rule_id == "SMTP002"]
    assert finding.message == (f"'{name}' is not a rule id (did you mean {expected}?): suppressions name full ids "
                               "such as SMTP101 (no prefixes, no ALL)")


def test_an_unrelated_word_gets_no_guess(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('EMAIL_HOST = "smtp.gmail.com"  # smtplint: disable=everything\n')
    [finding] = [f for f in lint(tmp_path / "settings.py", cwd=tmp_path).findings if f.rule_id == "SMTP002"]
    assert "did you mean" not in finding.message
