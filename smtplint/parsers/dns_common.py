"""Helpers shared by the DNS-as-code parsers: building character-strings with positions, names, references."""

from __future__ import annotations

import re

from smtplint.model.core import Span
from smtplint.model.dns import UNKNOWN, DnsDocument, DnsRecord, DnsSyntax, TxtString
from smtplint.patterns import lazy

# Template syntax that may appear in any DNS file that is rendered before use (Jinja, Go templates, ERB)
_TEMPLATE = lazy(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>", re.S)
MAIL_PREFIXES = ("v=spf1", "v=dmarc1", "v=dkim1", "v=stsv1")


class StringBuilder:
    """Collects the decoded characters of one character-string with the (line, column) each is written at."""

    def __init__(self, path: str, line: int, column: int) -> None:
        self.path = path
        self.start = (line, column)  # where the string is written (its opening quote, if any)
        self.text: list[str] = []
        self.chars: list[tuple[int, int]] = []
        self.refs: list[tuple[int, int]] = []

    def add(self, char: str, line: int, column: int) -> None:
        self.text.append(char)
        self.chars.append((line, column))

    def add_run(self, text: str, line: int, column: int) -> None:
        """Characters written verbatim on one line, the first at ``column``."""
        for i, char in enumerate(text):
            self.add(char, line, column + i)

    def mark_ref(self, start: int, end: int) -> None:
        """``text[start:end]`` (indices into what has been added) is a reference."""
        self.refs.append((start, end))

    def build(self, end: tuple[int, int]) -> TxtString:
        """The string; ``end`` is the (line, column) just past it as written (after a closing quote)."""
        text = "".join(self.text)
        refs = list(self.refs)
        refs += [(m.start(), m.end()) for m in _TEMPLATE.finditer(text)]
        last = (self.chars[-1][0], self.chars[-1][1] + 1) if self.chars else end
        span = Span(self.path, self.start[0], self.start[1], end[0], max(end[1], self.start[1] + 1)
                    if end[0] == self.start[0] else end[1])
        return TxtString(text, span, tuple(self.chars), last, tuple(sorted(set(refs))))


def verbatim(path: str, text: str, line: int, column: int, quote: int = 0) -> TxtString:
    """A string written on one line without escapes; ``column`` is where it starts, quotes included
    (``quote`` characters of quoting on each side)."""
    builder = StringBuilder(path, line, column)
    builder.add_run(text, line, column + quote)
    return builder.build((line, column + quote + len(text) + quote))


def reference(path: str, span: Span, text: str = UNKNOWN) -> TxtString:
    """A string whose whole value is a reference (a variable, a function call) written at ``span``."""
    builder = StringBuilder(path, span.line, span.column)
    builder.add_run(text, span.line, span.column)
    builder.mark_ref(0, len(text))
    return builder.build((span.end_line, span.end_column))


def is_mail_value(text: str) -> bool:
    """True when a TXT value looks like mail authentication (by its first tag), whatever surrounds it."""
    head = text.lstrip(" \t\"'").lower()
    return head.startswith(MAIL_PREFIXES)


def is_mail_name(name: str) -> bool:
    """True for owner names that only hold mail-authentication records (``_dmarc``, ``_domainkey``,
    ``_mta-sts``)."""
    labels = name.lower().split(".")
    return bool(labels) and (labels[0] in ("_dmarc", "_mta-sts") or "_domainkey" in labels)


def qualify(name: str, origin: str | None) -> str:
    """A name made absolute against ``origin`` when it is known (``@`` is the origin itself), lower case."""
    name = name.strip().lower()
    if name.endswith(".") and name != ".":
        return name
    if name in ("@", ""):
        return origin or ""
    if origin:
        return f"{name}.{origin}" if origin != "." else f"{name}."
    return name


def keep(doc: DnsDocument, record: DnsRecord) -> None:
    """Add a record to the document when it is mail authentication (by name or content) or SPF-typed; other
    TXT records (site verifications) are not kept."""
    if record.rtype == "SPF" or is_mail_name(record.name) or is_mail_value(record.value):
        doc.records.append(record)


def rrset_key(name: str, fallback: str) -> str:
    """The key grouping records of one owner: the name when it is fully known, else ``fallback``."""
    return name if UNKNOWN not in name else fallback


__all__ = ["DnsSyntax", "StringBuilder", "is_mail_name", "is_mail_value", "keep", "qualify", "reference",
           "rrset_key", "verbatim"]
