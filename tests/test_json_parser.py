"""JSON: the position-aware scanner, Keycloak smtpServer and nodemailer transport options, exact spans."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smtplint.parsers.json_ as json_module
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


# -- the sparse reader (issue 20): the same document as the exact scanner, faster -------------------------

def _exact(text: str) -> object:
    """parse() as it reads with the exact scanner everywhere."""
    sparse = json_module.load_sparse
    json_module.load_sparse = json_module.load
    try:
        return parse(P, text)
    finally:
        json_module.load_sparse = sparse


_KEYS = st.sampled_from(["host", "smtpServer", "port", "auth", "user", "pass", "password", "secure", "ssl",
                         "starttls", "requireTLS", "ignoreTLS", "tls", "rejectUnauthorized", "mail", "transport",
                         "users", "roles", "id", "a\"]", "[x{"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.sampled_from(["true", "false"]),
                     st.text(max_size=6), st.sampled_from(["smtp.example.com", "465", "587", "**********"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(_KEYS, inner, max_size=5)),
                       max_leaves=30)


@given(_VALUES, st.sampled_from([None, 0, 2]), st.booleans(), st.sampled_from(["\n", "\r\n"]))
def test_sparse_reading_gives_the_exact_document(value: object, indent: int | None, ascii_only: bool,
                                                 newline: str) -> None:
    text = json.dumps({"realm": "r", "smtpServer": value, "x": [value]}, indent=indent,
                      ensure_ascii=ascii_only).replace("\n", newline)
    assert parse(P, text) == _exact(text)


@given(_VALUES, st.integers(0, 10**6), st.sampled_from(["", "x", ",", "}", "]", "[", '"', "NaN", "\\"]))
def test_sparse_reading_of_broken_json_gives_the_exact_diagnostics(value: object, where: int, insert: str) -> None:
    text = json.dumps({"host": "h", "mail": {"transport": value}}, indent=1)
    at = where % (len(text) + 1)
    broken = text[:at] + insert + text[at:]
    assert parse(P, broken) == _exact(broken)


@pytest.mark.parametrize("text", [
    # nesting too deep inside a container the sparse reader would skip: the warning all the same
    '{"smtpServer": {"host": "h"}, "deep": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}",
    '{"smtpServer": {"host": "h"}, "deep": ' + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "}",
    '{"smtpServer": {"host": "h"}, "deep": ' + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "}",
    # brackets inside strings do not nest; an unterminated string among many brackets
    '{"smtpServer": {"host": "h"}, "a": "[' + "[" * 70 + "}",
    '{"smtpServer": {"host": "h"}, "s": "' + "[" * 100 + '", "t": "\\"]]"}',
    # Python's json takes NaN and Infinity; RFC 8259 (and smtplint) does not
    '{"smtpServer": {"host": "h"}, "n": [NaN]}', '{"smtpServer": {"host": "h"}, "n": {"x": -Infinity}}',
    # a key spelled with an escape is the same key
    '{"x": {"ho\\u0073t": "smtp.example.com", "secure": true}, "smtpServer": {}}',
    '{"smtp\\u0053erver": {"host": "smtp.example.com"}, "host": 1}',
    # nodemailer auth and tls below a host: read although they name no host themselves
    '{"mail": {"host": "smtp.example.com", "port": 25, "auth": {"user": "u", "pass": "p"},'
    ' "tls": {"rejectUnauthorized": false}}}',
    # a skipped container with an error inside, an error after it, trailing text
    '{"smtpServer": {"host": "h"}, "users": [{"a": 1,}]}', '{"smtpServer": {"host": "h"}, "users": [] x',
    '{"smtpServer": {"host": "h"}} x', '{"smtpServer": {"host": "h"}, "users": [1, 2]',
    '{"smtpServer": {"host": "h"}, "big": 1' + "0" * 5000 + "}",
    '\ufeff{"smtpServer": {"host": "h"}}', '{"smtpServer": {"host": "h"}}\r\n\r\n',
])
def test_sparse_reading_traps(text: str) -> None:
    assert parse(P, text) == _exact(text)


def test_sparse_tree_skips_what_cannot_hold_an_endpoint() -> None:
    text = json.dumps({"users": [{"name": "x"}] * 3, "smtpServer": {"host": "h", "extra": {"a": [1]}}})
    root = json_module.load_sparse(text)
    users = root.get("users")
    server = root.get("smtpServer")
    assert users is not None and server is not None
    assert (users[1].kind, users[1].items) == ("array", [])
    assert text[users[1].start:users[1].end] == json.dumps([{"name": "x"}] * 3)
    extra = server[1].get("extra")
    assert extra is not None and [k.value for k, _ in extra[1].pairs] == ["a"]  # below a host: read in full
