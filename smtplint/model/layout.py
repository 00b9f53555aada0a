"""How a file's lines are laid out for suppressions: which lines are comments, where each entry starts and
what continues it, and the comments that may hold ``smtplint:`` directives.

A format's comment reader (declared in its registry entry, smtplint.formats) fills this once, while the file
is parsed; suppressions read it from the document and never see the text.
"""

from __future__ import annotations

from enum import Enum

from smtplint.patterns import lazy
from smtplint.records import record

_NOQA_SMTP = lazy(r"(?i:noqa)\s*:[^\n]*?(?i:smtp)[0-9]")


def may_hold_directive(text: str) -> bool:
    """Whether a file's text, or a comment's, may hold a ``smtplint:`` directive, or a ``noqa`` that names a
    smtplint rule (not read, but answered with a hint): most files mention neither and are never scanned."""
    return "smtplint" in text or (("noqa" in text or "NOQA" in text) and _NOQA_SMTP.search(text) is not None)


class LineKind(Enum):
    """What a physical line is, for finding 'the next line' and its logical entry."""

    BLANK = 0
    COMMENT = 1
    START = 2  # the first line of an entry / statement
    CONT = 3  # a line that continues the entry above (Postfix continuation, open quote, bracket, block scalar)


@record(frozen=True)
class Comment:
    """A comment found by a format's reader: 1-based line and column of its marker, text from the marker."""

    line: int
    column: int
    text: str
    own_line: bool


@record(frozen=True)
class Layout:
    """The line kinds of a file and the comments that mention smtplint (the only ones suppressions read)."""

    kinds: tuple[LineKind, ...]
    comments: tuple[Comment, ...]
