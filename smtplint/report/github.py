"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

``::error file=deploy/postfix/main.cf,line=6,col=1,endLine=6,endColumn=32,title=SMTP301::message``. Paths
are relative to the project root (GitHub resolves them against the workspace); values are escaped as the
Actions toolkit does (``%``, CR, LF in the message; also ``:`` and ``,`` in properties). A suppressed
finding shown with --show-suppressed is a ``notice`` whose title says so. Related locations (the main.cf
line a master.cf service inherits from) are listed at the end of the message: annotations have no field for
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from smtplint.i18n import _
from smtplint.model import Finding, Severity, Span
from smtplint.report import Outcome
from smtplint.report.paths import relative

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded; other control characters (an ANSI escape in
    a file name) and the bytes of a name that is not UTF-8 written as Python escapes, as in the text report."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() or c in "\r\n" else c.encode("unicode_escape").decode("ascii")
                       for c in text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, path: str, related: Sequence[str] = ()) -> str:
    """The workflow command for one finding; ``related`` locations (``main.cf:11:1``) go into the message,
    as annotations have no place for them."""
    s = finding.span
    command = "notice" if finding.suppression is not None else _COMMAND[finding.severity]
    title = f"{finding.rule_id} (suppressed)" if finding.suppression is not None else finding.rule_id
    if finding.tags:
        title += " " + " ".join(f"[{t}]" for t in finding.tags)
    props = [("file", path), ("line", str(max(s.line, 1))), ("col", str(max(s.column, 1))),
             ("endLine", str(max(s.end_line, s.line, 1))), ("endColumn", str(max(s.end_column, 1))), ("title", title)]
    rendered = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    message = finding.message
    if related:
        message += " " + _("[related: {locations}]").format(locations=", ".join(related))
    return f"::{command} {rendered}::{escape_data(message)}"


def render(outcome: Outcome, *, root: Path, cwd: Path) -> str:
    """One annotation per line, in the findings' order; nothing for a clean run."""
    def where(span: Span) -> str:
        return f"{relative(span.path, root, cwd)[0]}:{max(span.line, 1)}:{max(span.column, 1)}"

    lines = [annotation(f, relative(f.span.path, root, cwd)[0], [where(s) for s in f.related])
             for f in outcome.findings]
    return "".join(line + "\n" for line in lines)
