"""The default text report, ruff-style: ``path:line:col: SMTP101 message``, then a summary."""

from __future__ import annotations

from smtplint.i18n import _, ngettext
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
    if sup.reason:
        return " " + _("[suppressed: {kind} -- {reason}]").format(kind=sup.kind, reason=escape(sup.reason))
    return " " + _("[suppressed: {kind}]").format(kind=sup.kind)


def summary(outcome: Outcome) -> str:
    """``Found 3 findings (2 errors, 1 warning) in 5 files.`` or ``All checks passed (5 files).``.

    Suppressed findings (shown with --show-suppressed) are not counted as findings, only mentioned.
    """
    n = outcome.files_checked
    files = ngettext("{count} file checked", "{count} files checked", n).format(count=n)
    active = [f for f in outcome.findings if f.suppression is None]
    hidden = len(outcome.findings) - len(active)
    shown = ngettext("{count} suppressed finding shown", "{count} suppressed findings shown",
                     hidden).format(count=hidden)
    if not active:
        if hidden:
            return _("All checks passed ({files}) ({suppressed}).").format(files=files, suppressed=shown)
        return _("All checks passed ({files}).").format(files=files)
    counts = {s: sum(1 for f in active if f.severity is s) for s in Severity}
    severities = ", ".join(_severity_count(s, c) for s, c in counts.items() if c)
    total = len(active)
    if hidden:
        return ngettext("Found {count} finding ({severities}) in {files} ({suppressed}).",
                        "Found {count} findings ({severities}) in {files} ({suppressed}).",
                        total).format(count=total, severities=severities, files=files, suppressed=shown)
    return ngettext("Found {count} finding ({severities}) in {files}.",
                    "Found {count} findings ({severities}) in {files}.", total).format(
        count=total, severities=severities, files=files)


def _severity_count(severity: Severity, count: int) -> str:
    """``2 errors``, ``1 warning``, ``3 info``: one part of the summary's breakdown."""
    if severity is Severity.ERROR:
        return ngettext("{count} error", "{count} errors", count).format(count=count)
    if severity is Severity.WARNING:
        return ngettext("{count} warning", "{count} warnings", count).format(count=count)
    return ngettext("{count} info", "{count} info", count).format(count=count)


def render_notes(outcome: Outcome) -> str:
    """Skipped files and internal errors, for standard error."""
    lines = [_("{path}: skipped: {reason}").format(path=escape(path), reason=escape(reason))
             for path, reason in outcome.skipped]
    lines += [_("{path}: internal error in {what}; please report it to the smtplint issue tracker").format(
        path=escape(path), what=escape(what)) for path, what in outcome.errors]
    return "\n".join(lines) + ("\n" if lines else "")
