"""Where a fix's edits land in a text (smtplint.model.Edit), and the text with them applied.

Pure functions over a text the caller already has: the fix conductor (smtplint.fixes) applies edits, the
JSON and SARIF reports give each edit's exact region, the language server turns them into text edits.
"""

from __future__ import annotations

from itertools import pairwise

from smtplint.model.core import Edit, Span


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _offsets(text: str, edit: Edit, starts: list[int]) -> tuple[int, int] | None:
    """The character offsets [start, end) an edit replaces; None when its old text is not in its span."""
    span = edit.span

    def offset(line: int, column: int) -> int | None:
        if line < 1 or line > len(starts) or column < 1:
            return None
        at = starts[line - 1] + column - 1
        return at if at <= len(text) else None

    start, end = offset(span.line, span.column), offset(span.end_line, span.end_column)
    if start is None or end is None or end < start:
        return None
    if not edit.old:
        return end, end
    found = text.rfind(edit.old, start, end)
    return None if found < 0 else (found, found + len(edit.old))


def locate(text: str, edit: Edit) -> Span | None:
    """The exact region an edit replaces (empty for an insertion), 1-based, end column exclusive."""
    starts = _line_starts(text)
    offsets = _offsets(text, edit, starts)
    if offsets is None:
        return None

    def position(at: int) -> tuple[int, int]:
        line = max(i for i, s in enumerate(starts) if s <= at) if at else 0
        return line + 1, at - starts[line] + 1

    (line, column), (end_line, end_column) = position(offsets[0]), position(offsets[1])
    return Span(edit.span.path, line, column, end_line, end_column)


def apply_edits(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str | None:
    """``text`` with every edit applied; None when an edit's old text is not in its span or edits overlap."""
    starts = _line_starts(text)
    places: list[tuple[int, int, str]] = []
    for edit in edits:
        offsets = _offsets(text, edit, starts)
        if offsets is None:
            return None
        places.append((*offsets, edit.new))
    places.sort()
    for (_s1, e1, _n1), (s2, _e2, _n2) in pairwise(places):
        if s2 < e1:
            return None
    for start, end, new in reversed(places):
        text = text[:start] + new + text[end:]
    return text
