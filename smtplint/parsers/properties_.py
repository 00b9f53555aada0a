"""Java ``.properties`` files (Spring Boot ``application.properties``): ``spring.mail.*`` with exact spans.

The syntax is ``java.util.Properties.load`` (which Spring Boot's loader follows):

* A natural line ending in an odd number of backslashes continues on the next line; the continuation's
  leading whitespace is dropped. Lines whose first non-blank character is ``#`` or ``!`` are comments
  (only at the start of a logical line; a comment never continues).
* The key ends at the first unescaped ``=``, ``:`` or whitespace; then whitespace, at most one ``=`` or
  ``:``, and whitespace are skipped. The value is the rest, trailing whitespace included (Spring Boot does
  not trim it either).
* Escapes: ``\\t \\n \\r \\f``, ``\\uXXXX``, and a backslash before any other character is that character.
* Spring Boot 2.4+ splits a file into documents at ``#---`` / ``!---`` lines; each document with a
  ``spring.mail.host`` is one endpoint, and with several documents (profiles) absent keys are unknown,
  as for multi-document YAML.

Spans: a setting's span runs from the first character of its key to the last character of its value
(over continuation lines when the value continues); ``key=`` ends after the separator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Diagnostic, Dialect, Document, Format, Origin, Setting, Severity, Span
from smtplint.parsers import shapes
from smtplint.parsers.shapes import norm_path
from smtplint.parsers.values import classify, parse_port

_RELEVANT = re.compile(r"mail", re.I)
_NATURAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_WS = " \t\f"
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_DOC_SEPARATOR = re.compile(r"^[#!]---\s*$")
_PREFIX = "spring.mail."


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``key=value`` entry: unescaped texts and where they are written (1-based, end exclusive)."""

    key: str
    value: str
    span: Span  # key start to value end
    key_span: Span
    value_span: Span | None  # None for an empty value
    document: int  # 0-based index of the ``#---`` document


class _Chars:
    """The characters of one logical line with the (line, column) each was written at."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.pos: list[tuple[int, int]] = []

    def add(self, ch: str, line: int, column: int) -> None:
        self.text.append(ch)
        self.pos.append((line, column))


def _logical_lines(text: str) -> list[tuple[_Chars, bool]]:
    """Logical lines as characters with positions, each with a flag: True for a ``#---`` document split."""
    out: list[tuple[_Chars, bool]] = []
    current: _Chars | None = None
    for number, m in enumerate(_NATURAL_LINE.finditer(text), start=1):
        raw = m.group(0)
        if not raw:
            break
        body = raw.rstrip("\r\n")
        start = 0
        if current is None:
            stripped = body.lstrip(_WS)
            if not stripped:
                continue
            if stripped[0] in "#!":
                if _DOC_SEPARATOR.match(body):
                    out.append((_Chars(), True))
                continue
            current = _Chars()
        else:
            start = len(body) - len(body.lstrip(_WS))
        trailing = len(body) - len(body.rstrip("\\"))
        continues = trailing % 2 == 1
        end = len(body) - 1 if continues else len(body)
        for col in range(start, end):
            current.add(body[col], number, col + 1)
        if not continues or m.end() >= len(text):
            out.append((current, False))
            current = None
    if current is not None:
        out.append((current, False))
    return out


def _unescape(chars: _Chars, start: int, end: int) -> str:
    """The text of chars[start:end] with Properties escapes applied."""
    text = chars.text
    out: list[str] = []
    i = start
    while i < end:
        ch = text[i]
        if ch != "\\" or i + 1 >= end:
            out.append(ch if ch != "\\" else "")
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "u":
            digits = "".join(text[i + 2:i + 6])
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                out.append(chr(int(digits, 16)))
                i += 6
                continue
            out.append("u")  # malformed \\u: Java throws; keep the letters so nothing matches by accident
            i += 2
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def entries(path: str, text: str) -> list[Entry]:
    """Every ``key=value`` entry of a properties file, in order, with exact spans."""
    found: list[Entry] = []
    document = 0
    for chars, separator in _logical_lines(text):
        if separator:
            document += 1
            continue
        t = chars.text
        n = len(t)
        i = 0
        while i < n and t[i] in _WS:
            i += 1
        key_start = i
        while i < n:
            if t[i] == "\\":
                i += 2
                continue
            if t[i] in "=:" or t[i] in _WS:
                break
            i += 1
        key_end = min(i, n)
        while i < n and t[i] in _WS:
            i += 1
        if i < n and t[i] in "=:":
            i += 1
            while i < n and t[i] in _WS:
                i += 1
        sep_end = i
        key = _unescape(chars, key_start, key_end)
        value = _unescape(chars, sep_end, n)
        first = chars.pos[key_start]
        key_last = chars.pos[key_end - 1] if key_end > key_start else first
        key_span = Span(path, first[0], first[1], key_last[0], key_last[1] + 1)
        if n > sep_end:
            last = chars.pos[n - 1]
            vfirst = chars.pos[sep_end]
            value_span: Span | None = Span(path, vfirst[0], vfirst[1], last[0], last[1] + 1)
            span = Span(path, first[0], first[1], last[0], last[1] + 1)
        else:
            value_span = None
            end = chars.pos[sep_end - 1] if sep_end > key_start else key_last
            span = Span(path, first[0], first[1], end[0], end[1] + 1)
        found.append(Entry(key, value, span, key_span, value_span, document))
    return found


def _setting(entry: Entry) -> Setting[str]:
    scalar = classify(entry.value)
    text = entry.value if scalar.origin is Origin.LITERAL else scalar.text
    return Setting(entry.key, text, entry.value, entry.span, scalar.origin)


def parse(path: str, text: str) -> Document:
    """Read a ``.properties`` file into Spring ``spring.mail`` endpoints. Never raises on bad input."""
    doc = Document(path, Format.PROPERTIES)
    if not _RELEVANT.search(text):
        return doc
    try:
        found = entries(path, text.removeprefix("\ufeff"))
    except (IndexError, ValueError):  # defensive: a malformed file must not crash the run
        doc.diagnostics.append(Diagnostic(Span.point(path, 1), _("could not read this properties file"),
                                          Severity.ERROR))
        return doc
    by_doc: dict[int, dict[str, Setting[str]]] = {}
    for entry in found:
        if entry.key.lower().startswith(_PREFIX):
            by_doc.setdefault(entry.document, {})[entry.key] = _setting(entry)
    endpoints = [ep for settings in by_doc.values() if (ep := spring_endpoint(settings)) is not None]
    if len(by_doc) >= 2:  # Spring profile documents overlay each other: absent keys are unknown
        for ep in endpoints:
            if ep.mode is not None and ep.mode.origin is Origin.DEFAULT:
                ep.mode = None
            if ep.port is not None and ep.port.origin is Origin.DEFAULT:
                ep.port = None
    doc.endpoints.extend(endpoints)
    return doc


def spring_endpoint(settings: dict[str, Setting[str]]) -> ClientEndpoint | None:
    """One Spring endpoint from flat ``spring.mail.*`` settings (Jakarta Mail semantics, as for YAML)."""
    from smtplint.parsers.yaml_ import _spring_mode as spring_mode
    from smtplint.parsers.yaml_apps import jakarta_default_port

    fields: dict[str, Setting[str]] = {}
    props: dict[tuple[str, str], Setting[str]] = {}
    for key, setting in settings.items():
        rest = norm_path(key[len(_PREFIX):])
        name = shapes.SPRING_KEYS.get(rest)
        if name is not None:
            fields[name] = setting
            continue
        head, _, prop = rest.partition(".")
        if head != shapes.SPRING_PROPERTIES:
            continue
        for prefix in ("mail.smtps.", "mail.smtp."):
            if prop.startswith(prefix) and prop[len(prefix):] in shapes.JAKARTA_PROPS:
                props[(prefix[:-1], shapes.JAKARTA_PROPS[prop[len(prefix):]])] = setting
                break
    host = fields.get("host")
    jndi = fields.get("jndi")
    if host is None or (host.value == "" and host.origin is Origin.LITERAL):
        return None
    if jndi is not None and (jndi.value or jndi.origin is not Origin.LITERAL):
        return None
    spans = [s.span for s in settings.values()]
    first = min(spans)
    last = max(spans, key=lambda s: (s.end_line, s.end_column))
    span = Span(first.path, first.line, first.column, last.end_line, last.end_column)
    ep = ClientEndpoint(Dialect.SPRING, span, host=host, username=fields.get("username"),
                        password=fields.get("password"))
    protocol = fields.get("protocol")
    proto: str | None = "smtp"
    if protocol is not None:
        proto = None if not protocol.known else (protocol.value or "smtp").strip().lower()
    port = fields.get("port")
    if port is not None:
        ep.port = Setting(port.key, parse_port(port.value), port.raw, port.span, port.origin)
    elif proto in shapes.SPRING_DEFAULT_PORTS:
        default = shapes.SPRING_DEFAULT_PORTS[proto]
        ep.port = Setting("spring.mail.port", default, str(default), host.span, Origin.DEFAULT)
    mine = {name: s for (prefix, name), s in props.items() if prefix == f"mail.{proto or 'smtp'}"}
    for name, extra in shapes.SPRING_EXTRA.items():
        s = mine.get(name) or fields.get(name)
        if s is not None:
            ep.extra[extra] = s
    if proto is not None:
        spring_mode(ep, proto, protocol, fields, mine, host.span)
        jakarta_default_port(ep)
    return ep
