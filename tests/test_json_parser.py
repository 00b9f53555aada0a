"""JSON: the position-aware scanner, Keycloak smtpServer and nodemailer transport options, exact spans."""

from __future__ import annotations

import json

import pytest

from smtplint.model import Dialect, Mode, Origin, Severity, Span
from smtplint.parsers.json_ import MAX_DEPTH, JsonError, load, parse

P = "realm.json"


def sp(line: int, col: int, end_line: int, end_col: int) -> Span:
    return Span(P, line, col, end_line, end_col)


@pytest.mark.parametrize("text", [
    '{"a": [1, -2.5e3, true, false, null, "x\\u0041\\n"], "b": {}}',
    "[]", '"s"', "0", '{"dup": 1, "dup": 2}',
])
def test_scanner_agrees_with_json_loads(text: str) -> None:
    def plain(node: object) -> object:
        n = node
        kind = n.kind  # type: ignore[attr-defined]
        if kind == "object":
            return {str(k.value): plain(v) for k, v in n.pairs}  # type: ignore[attr-defined]
        if kind == "array":
            return [plain(i) for i in n.items]  # type: ignore[attr-defined]
        if kind == "number":
            return json.loads(n.raw)  # type: ignore[attr-defined]
        return n.value  # type: ignore[attr-defined]

    assert plain(load(text)) == json.loads(text)


@pytest.mark.parametrize(("text", "offset"), [
    ('{"a": 1,}', 8), ('{"a" 1}', 5), ("[1 2]", 3), ('{"a": "x', 6), ("{} x", 3), ("", 0), ("{'a': 1}", 1),
])
def test_scanner_errors_have_offsets(text: str, offset: int) -> None:
    with pytest.raises(JsonError) as info:
        load(text)
    assert info.value.offset == offset


def test_too_deep_is_a_warning_not_a_crash() -> None:
    text = '{"host": ' + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "}"
    doc = parse(P, text)
    assert [(d.severity, d.span.line) for d in doc.diagnostics] == [(Severity.WARNING, 1)]


def test_syntax_error_position() -> None:
    doc = parse(P, '{\n  "smtpServer": {\n    "host": "h",\n  }\n}\n')
    assert [(d.span, d.message) for d in doc.diagnostics] == [
        (sp(4, 3, 4, 4), "JSON syntax error: expected a quoted key")]


KEYCLOAK = """{
  "realm": "acme",
  "smtpServer": {
    "host": "smtp.example.com",
    "port": "587",
    "ssl": "false",
    "starttls": "true",
    "auth": "true",
    "user": "noreply@example.com",
    "password": "${vault.smtp}"
  }
}
"""


def test_keycloak_fields_and_spans() -> None:
    doc = parse(P, KEYCLOAK)
    assert doc.format == "json"
    [ep] = doc.endpoints
    assert ep.dialect is Dialect.KEYCLOAK
    assert ep.span == sp(3, 17, 11, 4)
    assert ep.host is not None and (ep.host.key, ep.host.value, ep.host.span) == (
        "smtpServer.host", "smtp.example.com", sp(4, 5, 4, 31))
    assert ep.port is not None and (ep.port.value, ep.port.span) == (587, sp(5, 5, 5, 18))
    assert ep.mode is not None and (ep.mode.value, ep.mode.span) == (Mode.STARTTLS, sp(7, 5, 7, 23))
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE


@pytest.mark.parametrize(("flags", "mode", "origin"), [
    ('"ssl": "true"', Mode.IMPLICIT_TLS, Origin.LITERAL),
    ('"ssl": "false", "starttls": "false"', Mode.PLAIN, Origin.LITERAL),
    ('"auth": "false"', Mode.PLAIN, Origin.DEFAULT),
])
def test_keycloak_modes(flags: str, mode: Mode, origin: Origin) -> None:
    [ep] = parse(P, '{"smtpServer": {"host": "smtp.example.com", ' + flags + "}}").endpoints
    assert ep.mode is not None and (ep.mode.value, ep.mode.origin) == (mode, origin)


def test_keycloak_auth_false_drops_credentials_and_empty_server_is_skipped() -> None:
    text = '{"smtpServer": {"host": "h.example.com", "auth": "false", "user": "u", "password": "p"}}'
    [ep] = parse(P, text).endpoints
    assert ep.username is None and ep.password is None and ep.auth_disabled is not None
    assert parse(P, '{"smtpServer": {}}').endpoints == []
    assert parse(P, '[{"smtpServer": {"host": "a.example.com"}}, {"smtpServer": {"host": "b.example.com"}}]'
                 ).endpoints[1].host.value == "b.example.com"  # type: ignore[union-attr]


def test_nodemailer_options() -> None:
    text = ('{"mail": {"transport": "SMTP", "options": {\n'
            '  "host": "smtp.example.com", "port": 587, "secure": false, "requireTLS": true,\n'
            '  "auth": {"user": "u", "pass": "${PASS}"},\n'
            '  "tls": {"rejectUnauthorized": false, "minVersion": "TLSv1"}}}}\n')
    [ep] = parse("config.json", text).endpoints
    assert ep.dialect is Dialect.NODEMAILER
    assert ep.host is not None and ep.host.key == "mail.options.host"
    assert ep.port is not None and (ep.port.value, ep.port.span.column) == (587, 31)
    assert ep.mode is not None and (ep.mode.value, ep.mode.key) == (Mode.STARTTLS_REQUIRED, "mail.options.secure")
    assert ep.username is not None and ep.username.value == "u"
    assert ep.extra["reject_unauthorized"].value == "false"
    assert ep.extra["protocols"].value == "TLSv1"


@pytest.mark.parametrize(("options", "mode", "certain", "port"), [
    ('"port": 465', Mode.IMPLICIT_TLS, False, 465),
    ('"secure": true', Mode.IMPLICIT_TLS, True, 465),
    ('"port": 587', Mode.AUTO, True, 587),
    ('"ignoreTLS": true, "port": 25', Mode.PLAIN, True, 25),
])
def test_nodemailer_modes_and_default_port(options: str, mode: Mode, certain: bool, port: int) -> None:
    [ep] = parse("t.json", '{"smtp": {"host": "smtp.example.com", ' + options + "}}").endpoints
    assert ep.mode is not None and (ep.mode.value, ep.mode_certain) == (mode, certain)
    assert ep.port is not None and ep.port.value == port


def test_objects_that_are_not_mail_settings() -> None:
    assert parse("package.json", '{"name": "x", "config": {"host": "db", "port": 5432}}').endpoints == []
    assert parse("x.json", '{"nothing": 1}').endpoints == []
