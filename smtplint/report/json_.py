"""The JSON report: exactly one object, keys sorted, no timestamps (schemas/report.schema.json)."""

from __future__ import annotations

import json

from smtplint.model import Finding
from smtplint.report import Outcome


def _suppression(f: Finding) -> dict[str, object]:
    """``{"suppression": {...}}`` for a suppressed finding (shown with --show-suppressed), else nothing."""
    sup = f.suppression
    if sup is None:
        return {}
    where: dict[str, object] = {} if sup.span is None else {"line": sup.span.line, "column": sup.span.column}
    return {"suppression": {"kind": sup.kind, "reason": sup.reason, **where}}


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
            }
            for f in outcome.findings
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
