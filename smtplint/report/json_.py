"""The JSON report: exactly one object, keys sorted, no timestamps (schemas/report.schema.json)."""

from __future__ import annotations

import json

from smtplint.model import Finding
from smtplint.report import Outcome
from smtplint.report.edits import located


def _suppression(f: Finding) -> dict[str, object]:
    """``{"suppression": {...}}`` for a suppressed finding (shown with --show-suppressed), else nothing."""
    sup = f.suppression
    if sup is None:
        return {}
    where: dict[str, object] = {} if sup.span is None else {"line": sup.span.line, "column": sup.span.column}
    return {"suppression": {"kind": sup.kind, "reason": sup.reason, **where}}


def _fix(f: Finding, outcome: Outcome) -> dict[str, object]:
    """``{"fix": {...}}`` for a finding whose rule computed a fix: applicability, what it does, the edits
    (exact regions, end column exclusive, and the text that replaces each); else nothing."""
    edits = located(f, outcome.sources)
    if f.fix is None or edits is None:
        return {}
    return {"fix": {
        "applicability": "safe" if f.fix.safe else "unsafe",
        "message": f.fix.description,
        "edits": [{"path": s.path, "line": s.line, "column": s.column, "end_line": s.end_line,
                   "end_column": s.end_column, "content": new} for s, new in edits],
    }}


def render(outcome: Outcome) -> str:
    """The report as one JSON document followed by a newline."""
    doc = {
        "version": outcome.version,
        "files_checked": outcome.files_checked,
        "skipped": [{"path": p, "reason": r} for p, r in outcome.skipped],
        "errors": [{"path": p, "error": e} for p, e in (*outcome.failed, *outcome.errors)],
        **({"ignored": list(outcome.ignored)} if outcome.ignored else {}),
        "findings": [
            {
                "rule": f.rule_id,
                "name": f.rule_name,
                "severity": f.severity.value,
                "tags": list(f.tags),
                "message": f.message,
                "path": f.span.path,
                "line": f.span.line,
                "column": f.span.column,
                "end_line": f.span.end_line,
                "end_column": f.span.end_column,
                "related": [
                    {"path": r.path, "line": r.line, "column": r.column, "end_line": r.end_line,
                     "end_column": r.end_column}
                    for r in f.related
                ],
                **_suppression(f),
                **_fix(f, outcome),
            }
            for f in outcome.findings
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
