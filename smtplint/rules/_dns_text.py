"""Reading mail-authentication TXT values: SPF terms and the ``tag=value`` lists of DMARC, DKIM and MTA-STS.

Every piece keeps its (start, end) offsets in the record's joined value, so a finding can point at the exact
characters with :meth:`DnsRecord.locate`.
"""

from __future__ import annotations

import re

from smtplint.records import record

_WS = " \t\r\n"


@record(frozen=True)
class Piece:
    """A term or tag: its text, and its offsets in the value (``value[start:end] == text``)."""

    text: str
    start: int
    end: int


@record(frozen=True)
class Tag:
    """One ``name=value`` of a tag list; ``name`` lower case, ``value`` stripped."""

    name: str
    value: str
    whole: Piece
    value_piece: Piece


def spf_terms(value: str) -> list[Piece]:
    """The whitespace-separated terms of an SPF record (the first is the version)."""
    return [Piece(m.group(), m.start(), m.end()) for m in re.finditer(r"[^ \t\r\n]+", value)]


def tags(value: str) -> list[Tag]:
    """The ``;``-separated tags of a DMARC, DKIM or MTA-STS record; empty parts are passed over."""
    out: list[Tag] = []
    pos = 0
    for part in value.split(";"):
        start, end = pos, pos + len(part)
        pos = end + 1
        stripped = part.strip(_WS)
        if not stripped:
            continue
        lead = start + len(part) - len(part.lstrip(_WS))
        trail = end - (len(part) - len(part.rstrip(_WS)))
        name, eq, raw = stripped.partition("=")
        if not eq:
            out.append(Tag(stripped.lower(), "", Piece(stripped, lead, trail), Piece("", trail, trail)))
            continue
        value_text = raw.strip(_WS)
        value_start = lead + len(name) + 1 + (len(raw) - len(raw.lstrip(_WS)))
        out.append(Tag(name.strip(_WS).lower(), value_text, Piece(stripped, lead, trail),
                       Piece(value_text, value_start, value_start + len(value_text))))
    return out
