"""TOML: tomllib decides the values, a line scanner the positions; the YAML shapes read the tables."""

from __future__ import annotations

from smtplint.model import Mode, Origin, Span
from smtplint.parsers.toml_ import parse

LISTMONK = """\
[app]
address = "localhost:9000"

[[smtp]]
enabled = true
host = "smtp.example.com"   # a comment
port = 587
auth_protocol = "none"
tls_type = "TLS"
tls_skip_verify = true

[[smtp]]
  host = 'smtp2.example.com'
  port = 465
  "tls_type" = "STARTTLS"
"""


def test_listmonk_servers_with_exact_positions() -> None:
    doc = parse("config.toml", LISTMONK)
    assert doc.diagnostics == []
    first, second = doc.endpoints
    assert first.span == Span("config.toml", 4, 1, 10, 23)
    assert first.host is not None and first.host.value == "smtp.example.com"
    assert first.host.span == Span("config.toml", 6, 1, 6, 26)  # the comment is not part of it
    assert first.port is not None and first.port.value == 587 and first.port.span.line == 7
    assert first.mode is not None and first.mode.value is Mode.IMPLICIT_TLS and first.mode.span.line == 9
    assert first.auth_disabled is not None and first.auth_disabled.span.line == 8
    assert first.extra["insecure_skip_verify"].span.line == 10  # typed later by smtplint.parsers.tls_words
    assert second.host is not None and second.host.value == "smtp2.example.com"
    assert second.host.span == Span("config.toml", 13, 3, 13, 29)
    assert second.mode is not None and second.mode.value is Mode.STARTTLS_REQUIRED and second.mode.span.line == 15


def test_dotted_keys_nested_tables_and_references() -> None:
    doc = parse("app.toml", '[app]\nmail.host = "smtp.example.com"\nmail.port = 2525\n'
                            '[app.mail.auth]\nusername = "u"\npassword = "${MAIL_PASSWORD}"\n')
    [ep] = doc.endpoints
    assert ep.host is not None and ep.host.span.line == 2 and ep.port is not None and ep.port.value == 2525
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE and ep.password.span.line == 6


def test_multiline_strings_and_arrays_do_not_confuse_positions() -> None:
    text = ('[smtp]\nbanner = """\nport = 1\n[mail]\n"""\nhosts = [\n  "a",\n  "b",\n]\nhost = "smtp.example.com"\n'
            'port = 587\n')
    [ep] = parse("x.toml", text).endpoints
    assert ep.host is not None and ep.host.span.line == 10 and ep.port is not None and ep.port.span.line == 11


def test_invalid_toml_is_one_diagnostic_at_its_line() -> None:
    doc = parse("x.toml", '[smtp]\nhost = "a"\nport = = 1\n')
    [diag] = doc.diagnostics
    assert diag.span.line == 3 and "invalid TOML" in diag.message and doc.endpoints == []


def test_files_without_mail_words_are_not_parsed() -> None:
    doc = parse("Cargo.toml", '[package]\nname = "x"\n')
    assert doc.endpoints == [] and doc.diagnostics == []


def test_junk_never_raises() -> None:
    for text in ("[smtp\n", "[[smtp]]\nhost = \"x\"\n[smtp]\n", "\x00smtp", "smtp = [[[[\n", "[smtp]\n" * 3,
                 'smtp.host = "a"\nsmtp = 1\n', "[a]\nmail = {host = 1, port = []}\n"):
        parse("x.toml", text)
