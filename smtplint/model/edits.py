"""Where a fix's edits land in a text (smtplint.model.Edit), and the text with them applied.

Pure functions over a text the caller already has: the fix conductor (smtplint.fixes) applies edits, the
JSON and SARIF reports give each edit's exact region, the language server turns them into text edits.
A fix marked secret is shown (reports, editor) by :func:`shown_edits`: an edit that only removes characters
becomes those removals, so the text kept (a password) is never written out.
"""

from __future__ import annotations

from bisect import bisect_right
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


def _span(path: str, starts: list[int], start: int, end: int) -> Span:
    def position(at: int) -> tuple[int, int]:
        line = bisect_right(starts, at) - 1
        return line + 1, at - starts[line] + 1

    (line, column), (end_line, end_column) = position(start), position(end)
    return Span(path, line, column, end_line, end_column)


def locate(text: str, edit: Edit) -> Span | None:
    """The exact region an edit replaces (empty for an insertion), 1-based, end column exclusive."""
    starts = _line_starts(text)
    offsets = _offsets(text, edit, starts)
    return None if offsets is None else _span(edit.span.path, starts, *offsets)


def removed(old: str, new: str) -> list[tuple[int, int]] | None:
    """When ``new`` is ``old`` with some characters taken out: the [start, end) runs of ``old`` taken out
    (leftmost match of each kept character); None when ``new`` adds or changes a character."""
    runs: list[tuple[int, int]] = []
    at = 0
    for char in new:
        found = old.find(char, at)
        if found < 0:
            return None
        if found > at:
            runs.append((at, found))
        at = found + 1
    if at < len(old):
        runs.append((at, len(old)))
    return runs


def shown_edits(text: str, edits: tuple[Edit, ...], secret: bool) -> list[tuple[Span, str]] | None:
    """(exact region, new text) per edit, for a report or an editor; None when an edit does not land in
    ``text``. With ``secret`` (the fix edits a line holding a secret), an edit that only removes characters
    is given as its removals (empty new texts): what it keeps is never written out."""
    starts = _line_starts(text)
    out: list[tuple[Span, str]] = []
    for edit in edits:
        offsets = _offsets(text, edit, starts)
        if offsets is None:
            return None
        runs = removed(edit.old, edit.new) if secret and edit.old else None
        if runs is None:
            out.append((_span(edit.span.path, starts, *offsets), edit.new))
            continue
        base = offsets[0]
        out += [(_span(edit.span.path, starts, base + s, base + e), "") for s, e in runs]
    return out


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
