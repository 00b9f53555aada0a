"""A finding's fix as exact regions and replacement texts, for the JSON and SARIF reports."""

from __future__ import annotations

from collections.abc import Mapping

from smtplint.model import Finding, Span
from smtplint.model.edits import shown_edits


def located(finding: Finding, sources: Mapping[str, str]) -> list[tuple[Span, str]] | None:
    """(region replaced, new text) per edit of the finding's fix; None without a fix, or when the text of
    its file is not at hand or an edit does not land in it (the report then shows no fix). A fix marked
    secret that only removes characters (a password's stray spaces) is given as those removals, never as
    the password (smtplint.model.Fix: a fix never writes a secret's characters)."""
    fix = finding.fix
    if fix is None:
        return None
    out: list[tuple[Span, str]] = []
    for edit in fix.edits:
        text = sources.get(edit.span.path)
        shown = shown_edits(text, (edit,), fix.secret) if text is not None else None
        if shown is None:
            return None
        out += shown
    return out
