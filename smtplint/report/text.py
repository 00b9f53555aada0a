"""The default text report, ruff-style: ``path:line:col: SMTP101 message``, then a summary."""

from __future__ import annotations

from smtplint.model import Finding, Severity
from smtplint.report import Outcome


def escape(text: str) -> str:
    """Control characters and terminal escapes shown as Python escapes, so nothing reaches the terminal raw."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def render(outcome: Outcome) -> str:
    """One line per finding, then a summary line; empty findings give only the summary."""
    lines = [
        f"{escape(f.span.path)}:{f.span.line}:{f.span.column}: {f.rule_id} {escape(f.message)}{_suppressed(f)}"
        for f in outcome.findings
    ]
    lines.append(summary(outcome))
    return "\n".join(lines) + "\n"


def _suppressed(f: Finding) -> str:
    """`` [suppressed: inline -- reason]`` for a suppressed finding shown with --show-suppressed."""
    sup = f.suppression
    if sup is None:
        return ""
    return f" [suppressed: {sup.kind}{' -- ' + escape(sup.reason) if sup.reason else ''}]"


def summary(outcome: Outcome) -> str:
    """``Found 3 findings (2 errors, 1 warning) in 5 files.`` or ``All checks passed (5 files).``.

    Suppressed findings (shown with --show-suppressed) are not counted as findings, only mentioned.
    """
    files = f"{outcome.files_checked} file{'s' if outcome.files_checked != 1 else ''}"
    active = [f for f in outcome.findings if f.suppression is None]
    hidden = len(outcome.findings) - len(active)
    also = f" ({hidden} suppressed finding{'s' if hidden != 1 else ''} shown)" if hidden else ""
    if not active:
        return f"All checks passed ({files} checked){also}."
    counts = {s: sum(1 for f in active if f.severity is s) for s in Severity}
    parts = [f"{n} {s.value}{'s' if n != 1 and s is not Severity.INFO else ''}"
             for s, n in counts.items() if n]
    total = len(active)
    return f"Found {total} finding{'s' if total != 1 else ''} ({', '.join(parts)}) in {files} checked{also}."


def render_notes(outcome: Outcome) -> str:
    """Skipped files and internal errors, for standard error."""
    lines = [f"{escape(path)}: skipped: {escape(reason)}" for path, reason in outcome.skipped]
    lines += [f"{escape(path)}: internal error in {escape(what)}; please report it to the smtplint issue tracker"
              for path, what in outcome.errors]
    return "\n".join(lines) + ("\n" if lines else "")
