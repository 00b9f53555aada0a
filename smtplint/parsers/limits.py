"""How many parse problems one file may report, shared by the parsers that stream and the engine.

A parser that can meet a problem on every line (INI) keeps the first :data:`MAX_DIAGNOSTICS` as diagnostics
and only counts the rest (no object per dropped line); :class:`Omitted` carries that count to the engine,
which merges it into the one count line it reports per file.
"""

from __future__ import annotations

from smtplint.i18n import _
from smtplint.model import Diagnostic, Severity, Span
from smtplint.records import record

MAX_DIAGNOSTICS = 100  # SMTP001 problems reported per file: a file of a million bad lines costs no more


def omitted_message(count: int) -> str:
    """The count line's message."""
    return _("{count} more problems in this file are not reported (only the first {limit})").format(
        count=count, limit=MAX_DIAGNOSTICS)


@record(frozen=True)
class Omitted(Diagnostic):
    """Problems a parser counted but did not keep: ``count`` of them, the first at ``span``."""

    count: int = 0


class Collector:
    """A file's diagnostics: the first :data:`MAX_DIAGNOSTICS` kept, the others counted.

    Call :meth:`room` before building a diagnostic; when it is False call :meth:`drop` (cheap) instead.
    """

    def __init__(self) -> None:
        self.kept: list[Diagnostic] = []
        self.dropped = 0
        self._first: Span | None = None
        self._worst = Severity.INFO

    def room(self) -> bool:
        """True while another diagnostic is kept."""
        return len(self.kept) < MAX_DIAGNOSTICS

    def add(self, diagnostic: Diagnostic) -> None:
        """Keep ``diagnostic`` (or count it when the cap is reached)."""
        if self.room():
            self.kept.append(diagnostic)
        else:
            self.drop(diagnostic.span, diagnostic.severity)

    def drop(self, span: Span | None, severity: Severity, count: int = 1) -> None:
        """Count ``count`` problems not kept; ``span`` is the first's (only the first dropped span is used)."""
        if count <= 0:
            return
        if self._first is None and span is not None:
            self._first = span
        if severity.rank > self._worst.rank:
            self._worst = severity
        self.dropped += count

    def result(self) -> list[Diagnostic]:
        """The kept diagnostics, then one :class:`Omitted` when some were only counted."""
        if not self.dropped or self._first is None:
            return list(self.kept)
        return [*self.kept, Omitted(self._first, omitted_message(self.dropped), self._worst, self.dropped)]
