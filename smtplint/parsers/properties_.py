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
from collections.abc import Iterator

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Diagnostic, Document, Origin, Setting, Severity, Span
from smtplint.parsers import spring, templates
from smtplint.parsers.shapes import norm_path
from smtplint.parsers.values import classify
from smtplint.patterns import lazy
from smtplint.records import record

_RELEVANT = lazy(r"mail", re.I)
_WS = " \t\f"
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_DOC_SEPARATOR = lazy(r"^[#!]---\s*$")
_PREFIX = "spring.mail."

# The file is read by regular expressions (C speed), one logical line at a time, and only lines that can
# matter are looked at in Python: a file of four million junk lines costs no object per line.


def _written(char: str) -> str:
    """How one character of ``spring.mail.`` may be written in a key: itself (any case), escaped, \\uXXXX."""
    if char == ".":
        return r"(?:\.|\\\.|\\u002e)"
    return f"(?:{char}|\\\\{char}|\\\\u00{ord(char.lower()):02x}|\\\\u00{ord(char.upper()):02x})"


_ODD_END = r"(?<!\\)(?:\\\\)*+\\$"  # a natural line ending in an odd number of backslashes: it continues
# Where a logical line worth reading can start: a line whose key may read ``spring.mail.``, a ``#---``
# split, or a line that continues (its key may run onto the next line).
_MAIL_CANDIDATE = lazy(r"^[ \t\f]*+" + "".join(_written(c) for c in _PREFIX) + r"|^[#!]---|" + _ODD_END,
                             re.M | re.I)
_ANY_CANDIDATE = lazy(r"^[ \t\f]*+[^ \t\f\n]|" + _ODD_END, re.M)
# Whole natural lines ending in an odd number of backslashes, each with its line feed.
_CHAIN = lazy(r"(?:(?:[^\\\n]|\\[^\n])*+\\\n)*+")
_CONTINUATION = lazy(r"\\\n[ \t\f]*+")
_ENTRY = lazy(r"[ \t\f]*+(?P<key>(?:[^\\=: \t\f]|\\.|\\\Z)*+)[ \t\f]*+(?:[=:][ \t\f]*+)?", re.S)
_ESCAPE = lazy(r"\\(?:u(?P<hex>[0-9a-fA-F]{4})|(?P<char>.)|\Z)", re.S)


@record(frozen=True)
class Entry:
    """One ``key=value`` entry: unescaped texts and where they are written (1-based, end exclusive)."""

    key: str
    value: str
    span: Span  # key start to value end
    key_span: Span
    value_span: Span | None  # None for an empty value
    document: int  # 0-based index of the ``#---`` document


def _odd_backslashes(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _unescape(text: str) -> str:
    """``text`` with Properties escapes applied (a lone backslash at the end is dropped)."""
    if "\\" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if m.group("hex") is not None:
            return chr(int(m.group("hex"), 16))
        char = m.group("char")
        if char is None:
            return ""
        return _ESCAPES.get(char, char)  # a malformed \\u is the letter u (Java throws; nothing matches by accident)

    return _ESCAPE.sub(one, text)


class _Logical:
    """One logical line: its natural lines joined as Properties joins them, and where each character was."""

    def __init__(self, raw: str, line: int) -> None:
        self.raw = raw  # from the first natural line's start to the last one's end, line feeds included
        self.line = line
        self.joined = _CONTINUATION.sub("", raw) if "\n" in raw else raw
        last_nl = raw.rfind("\n")
        if _odd_backslashes(raw[last_nl + 1:]):  # continued at the end of the file: the backslash is dropped
            self.joined = self.joined[:-1]

    def positions(self, indices: list[int]) -> dict[int, tuple[int, int]]:
        """(line, column) of the joined characters at ``indices``."""
        raw = self.raw
        out: dict[int, tuple[int, int]] = {}
        wanted = sorted(set(indices))
        if "\n" not in raw:
            return {j: (self.line, j + 1) for j in wanted}
        k = 0
        removed = 0  # raw characters dropped before the current segment
        seg_start = 0  # raw offset where the current segment starts
        line, col0 = self.line, 1
        for m in _CONTINUATION.finditer(raw):
            seg_end_joined = m.start() - removed  # joined offset where the current segment ends
            while k < len(wanted) and wanted[k] < seg_end_joined:
                out[wanted[k]] = (line, col0 + wanted[k] + removed - seg_start)
                k += 1
            if k == len(wanted):
                return out
            removed += m.end() - m.start()
            seg_start = m.end()
            line += 1
            col0 = m.end() - m.start() - 1  # the continuation line's leading blanks, plus 1
        for j in wanted[k:]:
            out[j] = (line, col0 + j + removed - seg_start)
        return out


def _logical_lines(text: str, candidates: re.Pattern[str]) -> Iterator[_Logical | None]:
    """The logical lines that ``candidates`` may start (None for a ``#---`` document split), in order.

    ``text`` has LF line ends only. Lines no candidate starts are never looked at one by one.
    """
    pos = 0
    line = 1
    counted = 0
    size = len(text)
    while pos < size:
        m = candidates.search(text, pos)
        if m is None:
            return
        start = text.rfind("\n", 0, m.start()) + 1
        line += text.count("\n", counted, start)
        counted = start
        first_end = text.find("\n", start)
        first_end = size if first_end < 0 else first_end
        first = text[start:first_end]
        stripped = first.lstrip(_WS)
        if not stripped or stripped[0] in "#!":  # a comment never continues
            if stripped and _DOC_SEPARATOR.match(first):
                yield None
            pos = first_end + 1
            continue
        end = first_end
        if first_end < size and _odd_backslashes(first):
            chain = _CHAIN.match(text, first_end + 1)
            assert chain is not None  # the pattern also matches the empty string
            end = text.find("\n", chain.end())
            end = size if end < 0 else end
        yield _Logical(text[start:end], line)
        pos = end + 1


def _relevant(key_text: str) -> bool:
    """True when the key (as written, escapes included) reads ``spring.mail.`` in any case."""
    head = key_text[:96]  # twelve characters, each written as at most six (\\uXXXX)
    return _unescape(head).lower().startswith(_PREFIX)


def _scan(path: str, text: str, mail_only: bool) -> Iterator[Entry]:
    if "\r" in text:  # \r\n, \r and \n end a natural line; columns never include them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    document = 0
    for logical in _logical_lines(text, _MAIL_CANDIDATE if mail_only else _ANY_CANDIDATE):
        if logical is None:
            document += 1
            continue
        t = logical.joined
        m = _ENTRY.match(t)
        assert m is not None  # every part of the pattern may be empty
        key_start, key_end, sep_end, n = m.start("key"), m.end("key"), m.end(), len(t)
        if key_start >= n:
            continue  # only blanks (and a continuation backslash): no entry
        if mail_only and not _relevant(m.group("key")):
            continue
        at = logical.positions([key_start, max(key_start, key_end - 1), max(key_start, sep_end - 1), sep_end,
                                n - 1])
        first = at[key_start]
        key_last = at[key_end - 1] if key_end > key_start else first
        key_span = Span(path, first[0], first[1], key_last[0], key_last[1] + 1)
        if n > sep_end:
            last, vfirst = at[n - 1], at[sep_end]
            value_span: Span | None = Span(path, vfirst[0], vfirst[1], last[0], last[1] + 1)
            span = Span(path, first[0], first[1], last[0], last[1] + 1)
        else:
            value_span = None
            end = at[sep_end - 1] if sep_end > key_start else key_last
            span = Span(path, first[0], first[1], end[0], end[1] + 1)
        yield Entry(_unescape(m.group("key")), _unescape(t[sep_end:]), span, key_span, value_span, document)


def entries(path: str, text: str) -> list[Entry]:
    """Every ``key=value`` entry of a properties file, in order, with exact spans."""
    return list(_scan(path, text, mail_only=False))


def _setting(entry: Entry) -> Setting[str]:
    scalar = classify(entry.value)
    text = entry.value if scalar.origin is Origin.LITERAL else scalar.text
    return Setting(entry.key, text, entry.value, entry.span, scalar.origin)


def parse(path: str, text: str) -> Document:
    """Read a ``.properties`` file into Spring ``spring.mail`` endpoints. Never raises on bad input."""
    doc = Document(path, "properties")
    if not _RELEVANT.search(text):
        return doc
    try:
        found = list(_scan(path, templates.mask_lines(text.removeprefix("\ufeff")), mail_only=True))
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
    fields: spring.Fields = {}
    props: spring.Props = {}
    for key, setting in settings.items():
        spring.sort_key(norm_path(key[len(_PREFIX):]), setting, fields, props)
    host = fields.get("host")
    if host is None or not spring.has_host(fields):
        return None
    spans = [s.span for s in settings.values()]
    first = min(spans)
    last = max(spans, key=lambda s: (s.end_line, s.end_column))
    span = Span(first.path, first.line, first.column, last.end_line, last.end_column)
    return spring.endpoint(fields, props, span, host.span)
