"""Java .properties (Spring Boot application.properties): syntax, exact spans, spring.mail endpoints."""

from __future__ import annotations

from smtplint.model import Dialect, Mode, Origin, Span
from smtplint.parsers.properties_ import entries, parse
from smtplint.reading import parse_bytes

P = "application.properties"


def sp(line: int, col: int, end_line: int, end_col: int) -> Span:
    return Span(P, line, col, end_line, end_col)


def test_separators_comments_and_spans() -> None:
    text = (
        "# comment = not an entry\n"
        "! also a comment\n"
        "a=1\n"
        "  b : two words  \n"
        "c\tthree\n"
        "d\n"
        "e=\n"
        "f = #not a comment\n"
    )
    got = [(e.key, e.value, e.span, e.value_span) for e in entries(P, text)]
    assert got == [
        ("a", "1", sp(3, 1, 3, 4), sp(3, 3, 3, 4)),
        ("b", "two words  ", sp(4, 3, 4, 18), sp(4, 7, 4, 18)),  # trailing whitespace is part of the value
        ("c", "three", sp(5, 1, 5, 8), sp(5, 3, 5, 8)),
        ("d", "", sp(6, 1, 6, 2), None),
        ("e", "", sp(7, 1, 7, 3), None),
        ("f", "#not a comment", sp(8, 1, 8, 19), sp(8, 5, 8, 19)),
    ]


def test_continuation_lines_and_escapes() -> None:
    text = (
        "key = first \\\n"
        "      second\\\n"
        "  third\n"
        "two\\\\ = backslash\\\\\n"
        "esc\\=aped = \\u0041\\tB\\q\n"
    )
    got = [(e.key, e.value, e.span, e.value_span) for e in entries(P, text)]
    assert got == [
        ("key", "first secondthird", sp(1, 1, 3, 8), sp(1, 7, 3, 8)),
        ("two\\", "backslash\\", sp(4, 1, 4, 20), sp(4, 9, 4, 20)),  # an even number of backslashes ends the line
        ("esc=aped", "A\tBq", sp(5, 1, 5, 24), sp(5, 13, 5, 24)),
    ]


def test_comment_line_never_continues_and_crlf() -> None:
    text = "# comment \\\r\na=1\r\nb=2 \\\r\n  3\r\n"
    assert [(e.key, e.value, e.span) for e in entries(P, text)] == [
        ("a", "1", sp(2, 1, 2, 4)),
        ("b", "2 3", sp(3, 1, 4, 4)),
    ]


def test_backslash_at_end_of_file() -> None:
    assert [(e.key, e.value) for e in entries(P, "a=1\\")] == [("a", "1")]


def test_documents_split_at_triple_dash() -> None:
    text = "a=1\n#---\nb=2\n!---\nc=3\n"
    assert [(e.key, e.document) for e in entries(P, text)] == [("a", 0), ("b", 1), ("c", 2)]


def test_spring_endpoint_fields_and_spans() -> None:
    text = (
        "spring.mail.host=smtp.example.org\n"
        "spring.mail.port: 465\n"
        "spring.mail.username = ${MAIL_USER}\n"
        "spring.mail.password=${MAIL_PASSWORD:}\n"
        "spring.mail.protocol=smtps\n"
        "spring.mail.properties.mail.smtps.ssl.trust=*\n"
    )
    doc = parse(P, text)
    assert doc.format == "properties"
    [ep] = doc.endpoints
    assert ep.dialect is Dialect.SPRING
    assert ep.span == sp(1, 1, 6, 46)
    assert ep.host is not None and (ep.host.value, ep.host.span) == ("smtp.example.org", sp(1, 1, 1, 34))
    assert ep.port is not None and (ep.port.value, ep.port.span) == (465, sp(2, 1, 2, 22))
    assert ep.username is not None and ep.username.origin is Origin.REFERENCE
    assert ep.password is not None and (ep.password.origin, ep.password.value) == (Origin.FALLBACK, "")
    assert ep.mode is not None and (ep.mode.value, ep.mode.key, ep.mode.span) == (
        Mode.IMPLICIT_TLS, "spring.mail.protocol", sp(5, 1, 5, 27))
    assert ep.extra["ssl_trust"].span == sp(6, 1, 6, 46)


def test_spring_default_mode_and_port() -> None:
    [ep] = parse(P, "spring.mail.host=smtp.example.org\n").endpoints
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (25, Origin.DEFAULT)
    assert ep.mode is not None and (ep.mode.value, ep.mode.origin) == (Mode.PLAIN, Origin.DEFAULT)


def test_spring_placeholder_fallback() -> None:
    [ep] = parse(P, "spring.mail.host=${MAIL_HOST:smtp.example.org}\nspring.mail.port=${MAIL_PORT:587}\n").endpoints
    assert ep.host is not None and (ep.host.value, ep.host.origin) == ("smtp.example.org", Origin.FALLBACK)
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (587, Origin.FALLBACK)


def test_profile_documents_make_absent_keys_unknown() -> None:
    text = "spring.mail.host=a.example.org\n#---\nspring.mail.host=b.example.org\n"
    eps = parse(P, text).endpoints
    assert [e.host.value for e in eps if e.host] == ["a.example.org", "b.example.org"]
    assert all(e.mode is None and e.port is None for e in eps)


def test_no_endpoint_without_host_or_with_jndi() -> None:
    assert parse(P, "spring.mail.port=587\n").endpoints == []
    assert parse(P, "spring.mail.host=smtp.example.org\nspring.mail.jndi-name=mail/Session\n").endpoints == []
    assert parse(P, "server.port=8080\n").endpoints == []


def test_latin1_file_is_read() -> None:
    data = "spring.mail.host=smtp.example.org\nspring.mail.username=j\xf6rg\n".encode("latin-1")
    doc = parse_bytes(P, "properties", data)
    assert doc.diagnostics == []
    [ep] = doc.endpoints
    assert ep.username is not None and ep.username.value == "j\xf6rg"
