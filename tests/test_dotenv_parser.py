"""The .env parser: exact spans (export, quotes, CRLF, inline comments), values, diagnostics, endpoints."""

from __future__ import annotations

import subprocess
import sys

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Severity, Span
from smtplint.parsers.dotenv_ import parse
from tests.testdata import corpus_files

P = "x.env"


def _one(text: str) -> ClientEndpoint:
    doc = parse(P, text)
    assert len(doc.endpoints) == 1, doc.endpoints
    return doc.endpoints[0]


def test_fast_path_without_mail_words() -> None:
    doc = parse(P, "APP_KEY=x\nthis line is not valid\n")
    assert doc.format == "dotenv" and doc.endpoints == [] and doc.diagnostics == []


def test_empty_file() -> None:
    assert parse(P, "").endpoints == []


def test_spans_plain_export_and_inline_comment() -> None:
    text = ("# comment about SMTP\n"
            "\n"
            "export SMTP_HOST=smtp.example.com   # the relay\n"
            "  SMTP_PORT = 465\n"
            "SMTP_SECURE=true\t# a comment\n"
            "SMTP_USER=app#1\n")
    ep = _one(text)
    assert ep.host is not None and ep.host.span == Span(P, 3, 8, 3, 34)
    assert ep.host.value == "smtp.example.com" and ep.host.origin is Origin.LITERAL
    assert ep.port is not None and ep.port.span == Span(P, 4, 3, 4, 18) and ep.port.value == 465
    assert ep.mode is not None and ep.mode.span == Span(P, 5, 1, 5, 17) and ep.mode.raw == "true"
    assert ep.username is not None and ep.username.span == Span(P, 6, 1, 6, 16)
    assert ep.username.raw == "app#1"  # python-dotenv: '#' without a space before it is part of the value
    assert ep.span == Span(P, 3, 8, 6, 16)


def test_spans_quotes_include_the_closing_quote() -> None:
    text = "SMTP_HOST=\"smtp.example.com\" # c\nSMTP_USER='app@example.com'\nSMTP_PASS=\"${SMTP_PASS}\"\n"
    ep = _one(text)
    assert ep.host is not None and ep.host.span == Span(P, 1, 1, 1, 29) and ep.host.value == "smtp.example.com"
    assert ep.username is not None and ep.username.span == Span(P, 2, 1, 2, 28)
    assert ep.password is not None and ep.password.span == Span(P, 3, 1, 3, 25)
    assert ep.password.origin is Origin.REFERENCE and ep.password.value is None


def test_empty_value_and_key_alone() -> None:
    text = "SMTP_HOST=h.example.com\nSMTP_USER=  # set later\nSMTP_PASS\n"
    doc = parse(P, text)
    [ep] = doc.endpoints
    assert ep.username is None  # empty: unset
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE and ep.password.raw == ""
    assert ep.password.span == Span(P, 3, 1, 3, 10)
    assert doc.diagnostics == []


def test_single_quotes_are_literal() -> None:
    ep = _one("SMTP_HOST=h.example.com\nSMTP_PASS='${NOT_EXPANDED}'\n")
    assert ep.password is not None and ep.password.origin is Origin.LITERAL
    assert ep.password.raw == "${NOT_EXPANDED}"


def test_double_quotes_and_unquoted_are_classified() -> None:
    ep = _one("SMTP_HOST=\"${SMTP_HOST:-smtp.example.com}\"\nSMTP_PORT=${SMTP_PORT}\n")
    assert ep.host is not None and ep.host.value == "smtp.example.com" and ep.host.origin is Origin.FALLBACK
    assert ep.port is not None and ep.port.value is None and ep.port.origin is Origin.REFERENCE


def test_crlf_columns_and_values() -> None:
    text = "X=1\r\n\r\nSMTP_HOST=smtp.example.com\r\nSMTP_PASS=secret-value\r\nSMTP_USER=\"app\"\r\n"
    ep = _one(text)
    assert ep.host is not None and ep.host.span == Span(P, 3, 1, 3, 27)
    assert ep.password is not None and ep.password.raw == "secret-value"  # the CR is a line ending
    assert ep.password.span == Span(P, 4, 1, 4, 23)
    assert ep.username is not None and ep.username.span == Span(P, 5, 1, 5, 16)


def test_crlf_inside_a_quoted_value_is_kept() -> None:
    ep = _one("SMTP_HOST=h.example.com\r\nSMTP_PASS=\"secret\r\n\"\r\nSMTP_PORT=465\r\n")
    assert ep.password is not None and ep.password.raw == "secret\r\n"
    assert ep.password.span == Span(P, 2, 1, 3, 2)
    assert ep.port is not None and ep.port.span == Span(P, 4, 1, 4, 14)


def test_escaped_carriage_return_in_double_quotes() -> None:
    ep = _one('SMTP_HOST=h.example.com\nSMTP_PASS="secret\\r"\n')
    assert ep.password is not None and ep.password.raw == "secret\r"
    assert ep.password.span == Span(P, 2, 1, 2, 21)


def test_lone_cr_line_endings() -> None:
    ep = _one("SMTP_HOST=h.example.com\rSMTP_PORT=25\r")
    assert ep.port is not None and ep.port.span == Span(P, 2, 1, 2, 13)


def test_bom_is_ignored() -> None:
    ep = _one("\ufeffSMTP_HOST=h.example.com\n")
    assert ep.host is not None and ep.host.span == Span(P, 1, 1, 1, 24)


def test_diagnostics_and_parsing_continues() -> None:
    text = ("SMTP_HOST=smtp.example.com\n"
            "\n"
            "  not a line\n"
            "SMTP_PORT=\"465\n"
            "SMTP_SECURE=true\n")
    doc = parse(P, text)
    assert [(d.span, d.severity) for d in doc.diagnostics] == [
        (Span(P, 3, 3, 3, 13), Severity.WARNING),
        (Span(P, 4, 1, 4, 15), Severity.WARNING),
    ]
    assert "expected KEY=VALUE" in doc.diagnostics[0].message
    assert "unterminated quote" in doc.diagnostics[1].message
    assert "465" not in doc.diagnostics[1].message
    [ep] = doc.endpoints
    assert ep.mode is not None and ep.mode.span.line == 5 and ep.port is None


def test_dsn_parts_have_exact_columns() -> None:
    line = 'MAILER_DSN="smtps://app:s3cret@smtp.example.com:587?verify_peer=0"'
    ep = _one(line + "\n")
    col = line.index("s3cret") + 1
    assert ep.password is not None and ep.password.span == Span(P, 1, col, 1, col + 6)
    assert ep.password.raw == "s3cret"
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS
    assert ep.mode.span == Span(P, 1, 13, 1, 18)
    port_col = line.index("587") + 1
    assert ep.port is not None and ep.port.span == Span(P, 1, port_col, 1, port_col + 3)
    assert ep.extra["verify"].span.column == line.index("verify_peer") + 1


def test_dsn_with_escapes_falls_back_to_the_entry_span() -> None:
    line = 'MAILER_DSN="smtp://a:b\\\\c@smtp.example.com:587"'
    ep = _one(line + "\n")
    assert ep.password is not None and ep.password.raw == "b\\c"
    assert ep.password.span == Span(P, 1, 1, 1, len(line) + 1)


def test_laravel_env_example_shape() -> None:
    text = ("MAIL_MAILER=smtp\nMAIL_SCHEME=null\nMAIL_HOST=127.0.0.1\nMAIL_PORT=2525\nMAIL_USERNAME=null\n"
            "MAIL_PASSWORD=null\nMAIL_FROM_ADDRESS=\"hello@example.com\"\nMAIL_FROM_NAME=\"${APP_NAME}\"\n")
    ep = _one(text)
    assert ep.dialect is Dialect.LARAVEL
    assert ep.host is not None and ep.host.value == "127.0.0.1"
    assert ep.port is not None and ep.port.value == 2525
    assert ep.mode is not None and ep.mode.value is Mode.AUTO
    assert not ep.has_credentials


def test_corpus_files_parse_without_exceptions() -> None:
    """The sample in tests/data/corpus and the hand-written shapes in tests/data/shapes."""
    seen: dict[str, list[ClientEndpoint]] = {}
    for path in corpus_files("dotenv"):
        doc = parse(path.name, path.read_text(encoding="utf-8"))
        assert doc.diagnostics == [], (path, doc.diagnostics)
        seen[path.parent.name] = doc.endpoints
    # What the real files describe (judged by hand): log mailers and commented-out blocks give nothing.
    assert seen["laravel__laravel"] == [] and seen["Mailu__Mailu"] == []
    [bookstack] = seen["BookStackApp__BookStack"]
    assert bookstack.dialect is Dialect.LARAVEL and not bookstack.has_credentials
    assert bookstack.host is not None and bookstack.host.value == "localhost"
    assert seen["docker-mailserver__docker-mailserver"] == []  # no relay set in the sample
    # AGPL-3.0 originals: judged on their hand-written shapes (tests/data/shapes)
    for name in ("firefly-iii__firefly-iii", "wger-project__docker"):
        assert seen.get(name, []) == [], name
    [docmost] = seen["docmost__docmost"]
    assert docmost.dialect is Dialect.NODEMAILER and docmost.mode is not None
    assert docmost.mode.value is Mode.STARTTLS
    [formbricks] = seen["formbricks__formbricks"]
    assert formbricks.port is not None and formbricks.port.value == 1025 and formbricks.has_credentials


def test_version_does_not_import_dotenv() -> None:
    code = "import sys, smtplint.parsers.dotenv_, smtplint.parsers.envvars; print('dotenv' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_quote_running_over_lines_is_one_diagnostic_at_its_first_line() -> None:
    text = 'MAIL_PASSWORD="abc\nMAIL_HOST=smtp.example.com\nMAIL_FROM_NAME="App"\nMAIL_PORT=1\n'
    doc = parse(P, text)
    [diag] = doc.diagnostics
    assert diag.span == Span(P, 1, 1, 1, 19) and "closing" in diag.message
    assert "abc" not in diag.message
