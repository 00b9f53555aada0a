"""A finding's fix as exact regions and replacement texts, for the JSON and SARIF reports."""

from __future__ import annotations

from collections.abc import Mapping

from smtplint.model import Finding, Span
from smtplint.model.edits import locate


def located(finding: Finding, sources: Mapping[str, str]) -> list[tuple[Span, str]] | None:
    """(region replaced, new text) per edit of the finding's fix; None without a fix, or when the text of
    its file is not at hand or an edit does not land in it (the report then shows no fix)."""
    fix = finding.fix
    if fix is None:
        return None
    out: list[tuple[Span, str]] = []
    for edit in fix.edits:
        text = sources.get(edit.span.path)
        region = locate(text, edit) if text is not None else None
        if region is None:
            return None
        out.append((region, edit.new))
    return out
