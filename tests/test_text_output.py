"""Reading the output: the full and concise text forms, colour, redaction, several reports in one run, and the
CLI surface around them (--statistics JSON, --output folders, --help groups, the package description)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtplint.cli import _use_color, main
from smtplint.model import Finding, Severity, Span
from smtplint.model.fingerprint import redact
from smtplint.report import Outcome, formats, text

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Hunter2-Literal-Pw"
SETTINGS = (
    'EMAIL_HOST = "smtp.example.com"\n'
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_SSL = True\n"
    'EMAIL_HOST_USER = "app"\n'
    f'EMAIL_HOST_PASSWORD = "{PASSWORD} "\n'
)
MAIN_CF = "compatibility_level = 3.6\nsmtpd_tls_security_level = may\n"
MASTER_CF = "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n"


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(SETTINGS)
    (tmp_path / "pf").mkdir()
    (tmp_path / "pf" / "main.cf").write_text(MAIN_CF)
    (tmp_path / "pf" / "master.cf").write_text(MASTER_CF)
    monkeypatch.chdir(tmp_path)
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--isolated", *argv])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


# ----------------------------------------------------------------------------------------- full form


def test_full_form_exact_bytes(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--select", "SMTP105,SMTP204,SMTP302", "app", "pf")
    assert (code, err) == (1, "")
    assert out == (
        "app/settings.py:3:1: error SMTP105 port 587 expects STARTTLS but\n"
        "    'EMAIL_USE_SSL=True' starts TLS immediately: the connection fails ('wrong\n"
        "    version number'); use port 465 for implicit TLS, or STARTTLS on port 587\n"
        "  |\n"
        "3 | EMAIL_USE_SSL = True\n"
        "  | ^^^^^^^^^^^^^^^^^^^^ SMTP105\n"
        "  |\n"
        "  = related: app/settings.py:2:1: EMAIL_PORT = 587\n"
        "\n"
        "app/settings.py:5:1: error SMTP204 hard-coded SMTP password in\n"
        "    'EMAIL_HOST_PASSWORD': anyone who can read the repository can send mail as\n"
        "    this account; move it to a secret store or an environment variable that is\n"
        "    not committed, and rotate it (it stays in the history)\n"
        "  |\n"
        "5 | EMAIL_HOST_PASSWORD = ***\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^ SMTP204\n"
        "  |\n"
        "\n"
        "pf/master.cf:2:1: error SMTP302 submission service 'submission' (port 587)\n"
        "    inherits smtpd_tls_security_level=may from main.cf line 2: clients can\n"
        "    authenticate and submit without TLS; add '-o\n"
        "    smtpd_tls_security_level=encrypt' to the service\n"
        "  |\n"
        "2 | submission inet n - n - - smtpd\n"
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SMTP302\n"
        "  |\n"
        "  = related: pf/main.cf:2:1: smtpd_tls_security_level = may\n"
        "\n"
        "Found 3 findings (3 errors) in 3 files checked.\n"
    )
    assert all(len(line) <= 80 for line in out.splitlines())
    # 'text' is the default form, spelled out
    assert run(capsys, "--format", "text", "--select", "SMTP105,SMTP204,SMTP302", "app", "pf")[1] == out
    assert run(capsys, "--format", "full", "--select", "SMTP105,SMTP204,SMTP302", "app", "pf")[1] == out


def test_full_form_wraps_to_columns(proj: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run(capsys, "--select", "SMTP105", "app")
    lines = out.splitlines()
    assert lines[0] == "app/settings.py:3:1: error SMTP105 port 587 expects STARTTLS"
    assert all(len(line) <= 60 for line in lines)
    monkeypatch.setenv("COLUMNS", "400")
    _, out, _ = run(capsys, "--select", "SMTP105", "app")
    assert out.splitlines()[0].endswith("use port 465 for implicit TLS, or STARTTLS on port 587")


def test_multi_line_span_tabs_and_control_characters() -> None:
    source = "mynetworks = 127.0.0.0/8\n\t10.0.0.0/8 \x1b[31m\n"
    finding = Finding("SMTP301", "broad-mynetworks", Severity.WARNING, "m", Span("main.cf", 1, 1, 2, 12))
    out = text.render(Outcome("0", (finding,), 1, sources={"main.cf": source}))
    assert out.splitlines()[1:7] == [
        "  |",
        "1 | mynetworks = 127.0.0.0/8",
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^ SMTP301",
        "2 |     10.0.0.0/8 \\x1b[31m",
        "  |     ^^^^^^^^^^",
        "  |",
    ]


def test_a_source_line_that_is_not_there_is_left_out() -> None:
    finding = Finding("SMTP101", "plaintext-submission-port", Severity.ERROR, "m", Span("gone.yml", 9, 1, 9, 4))
    assert text.render(Outcome("0", (finding,), 1)) == (
        "gone.yml:9:1: error SMTP101 m\n\nFound 1 finding (1 error) in 1 file checked.\n")


# ---------------------------------------------------------------------------------------- concise form


def test_concise_form_has_severity_and_related(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "concise", "--select", "SMTP105,SMTP202,SMTP302", "app", "pf")
    assert code == 1
    assert out.splitlines() == [
        "app/settings.py:3:1: error SMTP105 port 587 expects STARTTLS but 'EMAIL_USE_SSL=True' starts TLS "
        "immediately: the connection fails ('wrong version number'); use port 465 for implicit TLS, or STARTTLS "
        "on port 587 [related: app/settings.py:2:1]",
        "app/settings.py:5:1: warning SMTP202 the SMTP password in 'EMAIL_HOST_PASSWORD' has a trailing space: "
        "the server compares it byte for byte and authentication fails; remove the stray characters",
        "pf/master.cf:2:1: error SMTP302 submission service 'submission' (port 587) inherits "
        "smtpd_tls_security_level=may from main.cf line 2: clients can authenticate and submit without TLS; add "
        "'-o smtpd_tls_security_level=encrypt' to the service [related: pf/main.cf:2:1]",
        "Found 3 findings (2 errors, 1 warning) in 3 files checked.",
    ]


def test_github_annotation_carries_related_locations(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "github", "--select", "SMTP302", "--sarif-root", ".", "pf")
    assert out == ("::error file=pf/master.cf,line=2,col=1,endLine=2,endColumn=32,title=SMTP302::submission service "
                   "'submission' (port 587) inherits smtpd_tls_security_level=may from main.cf line 2: clients can "
                   "authenticate and submit without TLS; add '-o smtpd_tls_security_level=encrypt' to the service "
                   "[related: pf/main.cf:2:1]\n")


# ------------------------------------------------------------------------------------------------ secrets


@pytest.mark.parametrize(("line", "shown"), [
    (f"MAIL_PASSWORD={PASSWORD}", "MAIL_PASSWORD=***"),
    (f"  password: '{PASSWORD}'", "  password: ***"),
    (f'EMAIL_HOST_PASSWORD = env("X", default="{PASSWORD}")', "EMAIL_HOST_PASSWORD = ***"),
    (f"smtp: {{host: h, password: {PASSWORD}}}", "smtp: {host: h, password: ***"),
    (f"  - smtp://app:{PASSWORD}@smtp.example.com:587", "  - smtp://app:***@smtp.example.com:587"),
    (f"  - smtp://{PASSWORD}@smtp.example.com", "  - smtp://***@smtp.example.com"),
    (f"MAILER_DSN=smtp://app:{PASSWORD}@h", "MAILER_DSN=***"),
    (f"  -o smtp_sasl_password_maps=inline:{{ h=app:{PASSWORD} }}", "  -o smtp_sasl_password_maps=***"),
    (f'"pass": "{PASSWORD}",', '"pass": ***'),
    ("port: 587", "port: 587"),
])
def test_redact(line: str, shown: str) -> None:
    assert redact(line) == shown


def test_a_literal_password_never_appears_in_any_format(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".env").write_text(f"MAIL_HOST=smtp.gmail.com\nMAIL_PORT=587\nMAIL_USERNAME=app\n"
                               f"MAIL_PASSWORD={PASSWORD}\nEMAIL_URL=smtp://app:{PASSWORD}@smtp.example.com:25\n")
    (proj / "broken.yml").write_text(f"smtp:\n  password: '{PASSWORD}\n  host: [x\n")
    rules: set[str] = set()
    for fmt in ("full", "concise", "text", "json", "sarif", "github", "gitlab"):
        for extra in ((), ("--show-suppressed",), ("--color", "always")):
            code, out, err = run(capsys, "--format", fmt, *extra, ".")
            assert code == 1
            assert PASSWORD not in out + err and PASSWORD[:8] not in out + err, (fmt, extra)
            if fmt == "json":
                rules |= {f["rule"] for f in json.loads(out)["findings"]}
    assert {"SMTP001", "SMTP202", "SMTP204"} <= rules  # the password lines did produce findings
    _, out, _ = run(capsys, "--format", "concise", "--select", "SMTP204", ".env")
    assert out.count("SMTP204") == 2


# ------------------------------------------------------------------------------------------------- colour


@pytest.mark.parametrize(("choice", "tty", "env", "expected"), [
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR does not count
    ("auto", False, {"FORCE_COLOR": "1"}, True),
    ("auto", False, {"FORCE_COLOR": ""}, False),
    ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ("auto", True, {"TERM": "dumb"}, False),
    ("always", False, {"NO_COLOR": "1"}, True),  # the flag wins over the environment
    ("never", True, {"FORCE_COLOR": "1"}, False),
])
def test_colour_decision(choice: str, tty: bool, env: dict[str, str], expected: bool) -> None:
    assert _use_color(choice, tty, env) is expected


def test_colour_only_in_text_and_only_when_asked(proj: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _, out, _ = run(capsys, "--select", "SMTP105", "app")
    assert "\x1b[" not in out  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "--format", "concise", "--select", "SMTP105", "app")
    assert out.startswith("\x1b[1mapp/settings.py\x1b[0m:3:1: \x1b[1;31merror\x1b[0m \x1b[1mSMTP105\x1b[0m port 587")
    for fmt in ("json", "sarif", "github", "gitlab"):
        assert "\x1b" not in run(capsys, "--format", fmt, "--color", "always", "app")[1]
    # a file gets colour only with --color always (FORCE_COLOR is still set)
    run(capsys, "--select", "SMTP105", "-o", "report.txt", "app")
    assert "\x1b[" not in (proj / "report.txt").read_text()
    run(capsys, "--select", "SMTP105", "--color", "always", "-o", "report.txt", "app")
    assert "\x1b[1;31merror\x1b[0m" in (proj / "report.txt").read_text()
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "--select", "SMTP105", "app")[1]


# ---------------------------------------------------------------------------------------- several formats


def test_several_formats_in_one_run(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "sarif", "--output", "out/results.sarif", "--format", "concise",
                         "--select", "SMTP105", "app")
    assert code == 1 and err == ""
    assert out.startswith("app/settings.py:3:1: error SMTP105 ") and out.endswith("in 1 file checked.\n")
    sarif = json.loads((proj / "out" / "results.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["SMTP105"]

    code, out, err = run(capsys, "--format", "github", "--format", "json:r/report.json", "--select", "SMTP105", "app")
    assert code == 1 and out.startswith("::error file=app/settings.py,line=3,")
    assert err == "Found 1 finding (1 error) in 1 file checked.\n"  # no text report on stdout: summary on stderr
    assert [f["rule"] for f in json.loads((proj / "r" / "report.json").read_text())["findings"]] == ["SMTP105"]

    code, out, err = run(capsys, "--format", "json:a.json", "--format", "sarif:b.sarif", "app")
    assert (code, out) == (1, "")
    assert err.endswith("in 1 file checked.\n")  # every report went to a file: the summary goes to stderr
    assert (proj / "a.json").is_file() and (proj / "b.sarif").is_file()


@pytest.mark.parametrize(("argv", "message"), [
    (("--format", "text", "--format", "json"),
     "smtplint: several formats would write to standard output (text, json); give every format but one a file: "
     "--format FORMAT:FILE, or --output FILE for the first\n"),
    (("--format", "json:x.json", "--format", "sarif:x.json"),
     "smtplint: two formats would write to the same file; give each its own\n"),
    (("--format", "json:x.json", "--output", "y.json"),
     "smtplint: --output names the file of the first --format, which already has one ('json:x.json')\n"),
    (("--statistics", "--format", "sarif"), "smtplint: --statistics prints a text table or JSON, not sarif\n"),
])
def test_ambiguous_combinations_exit_2(proj: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...],
                                       message: str) -> None:
    code, out, err = run(capsys, *argv, "app")
    assert (code, out, err) == (2, "", message)
    assert not (proj / "x.json").exists() and not (proj / "y.json").exists()


def test_unknown_format_and_missing_file_are_usage_errors(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for spec, words in (("xml", "unknown format 'xml'"), ("json:", "'json:' names no file after the ':'")):
        with pytest.raises(SystemExit) as exit_:
            main(["--format", spec, "app"])
        assert exit_.value.code == 2
        assert words in capsys.readouterr().err


# ------------------------------------------------------------------------------------- smaller defects


def test_statistics_json(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--statistics", "--format", "json", "app")
    assert code == 1
    assert json.loads(out) == [
        {"code": "SMTP105", "name": "port-mode-mismatch", "count": 1},
        {"code": "SMTP202", "name": "password-whitespace", "count": 1},
        {"code": "SMTP204", "name": "hardcoded-password", "count": 1},
    ]
    assert run(capsys, "--statistics", "app")[1] == (
        "1\tSMTP105\tport-mode-mismatch\n1\tSMTP202\tpassword-whitespace\n1\tSMTP204\thardcoded-password\n")


def test_output_and_write_baseline_both_create_folders(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--write-baseline", "a/b/baseline.json", "app")[0] == 0
    assert run(capsys, "--format", "json", "--output", "c/d/report.json", "app")[0] == 1
    assert (proj / "a" / "b" / "baseline.json").is_file() and (proj / "c" / "d" / "report.json").is_file()


def test_help_is_grouped_with_examples(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    groups = [line for line in out.splitlines() if line and not line.startswith(" ") and line.endswith(":")]
    assert groups == ["positional arguments:", "options:", "output:", "rule selection:", "file selection:",
                      "fixes:", "configuration:", "baselines:", "rules and program:", "examples:"]
    flat = " ".join(out.split())
    assert (".properties, INI, JSON, TOML, msmtprc, Dovecot, nginx mail proxy, DNS records, Ruby code, "
            "JavaScript/TypeScript code, PHP code, Java code, C# code, Python code and Go code") in flat
    assert "  smtplint --format github --format sarif:smtplint.sarif .\n" in out
    assert "--color {auto,always,never}" in out


def test_package_description_names_every_input_kind() -> None:
    description = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["description"]
    for kind in ("YAML", ".env", "Django", ".properties", "INI", "JSON", "main.cf", "master.cf"):
        assert kind in description


def test_formats_module_lists_the_text_forms() -> None:
    assert {"full", "concise", "text"} == formats.TEXT_FORMATS
    assert {"full", "text"} <= formats.NEEDS_SOURCES and "concise" not in formats.NEEDS_SOURCES


@given(st.text(alphabet=st.sampled_from(list("abcdefgh   -_'\"\t\n\xa0/.:é")), max_size=70),
       st.integers(min_value=1, max_value=50), st.integers(min_value=0, max_value=14),
       st.integers(min_value=0, max_value=6), st.booleans())
def test_wrap_is_textwrap_line_for_line(text: str, width: int, first: int, rest: int, clean: bool) -> None:
    """report.text.wrap gives textwrap.wrap's lines (break_long_words and break_on_hyphens off) for any text."""
    import textwrap

    from smtplint.report.text import wrap

    if clean:  # the fast path: words separated by single spaces
        text = " ".join(word for word in text.split() if word)
    want = textwrap.wrap(text, width=width, initial_indent="x" * first, subsequent_indent=" " * rest,
                         break_long_words=False, break_on_hyphens=False)
    assert wrap(text, width, "x" * first, " " * rest) == want
