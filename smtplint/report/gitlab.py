"""GitLab Code Quality: a JSON array of issues (``description``, ``check_name``, ``fingerprint``,
``severity``, ``location.path``, ``location.lines.begin``) for ``artifacts:reports:codequality``.

Paths are relative to the project root; the fingerprint is the smtplint fingerprint (rule, path and the
non-secret offending text, numbered within the file), hashed to 32 hex digits, unique in the report.
Suppressed findings are left out: Code Quality has no notion of them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from smtplint.i18n import _
from smtplint.model import Finding, Severity
from smtplint.model.fingerprint import entry_text, fingerprint, numbered, split_lines
from smtplint.report import Outcome
from smtplint.report.paths import relative

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _lines(text: str | None) -> list[str] | None:
    if text is None:
        return None
    lines = split_lines(text)
    if lines:
        lines[0] = lines[0].removeprefix("\ufeff")
    return lines



def _related(f: Finding, root: Path, cwd: Path) -> str:
    """`` [related: main.cf:11:1]``: Code Quality has no field for related locations."""
    if not f.related:
        return ""
    where = ", ".join(f"{relative(s.path, root, cwd)[0]}:{max(s.line, 1)}:{max(s.column, 1)}" for s in f.related)
    return " " + _("[related: {locations}]").format(locations=where)


def build(outcome: Outcome, *, root: Path, cwd: Path) -> list[dict[str, Any]]:
    """The Code Quality report as a list of dicts."""
    security = {r.id for r in outcome.rules if r.security_severity is not None}
    findings = [f for f in outcome.findings if f.suppression is None]
    paths = [relative(f.span.path, root, cwd)[0] for f in findings]
    texts = {f.span.path: _lines(outcome.sources.get(f.span.path)) for f in findings}
    idents = numbered(fingerprint(f, entry_text(f, texts[f.span.path]), p)
                      for f, p in zip(findings, paths, strict=True))
    issues: list[dict[str, Any]] = []
    for f, path, ident in zip(findings, paths, idents, strict=True):
        issues.append({
            "type": "issue",
            "check_name": f.rule_id,
            "description": f"{f.rule_id} {f.message}" + _related(f, root, cwd),
            "categories": ["Security"] if f.rule_id in security else ["Bug Risk"],
            "severity": "critical" if f.severity is Severity.ERROR and f.rule_id in security else _SEVERITY[f.severity],
            "fingerprint": hashlib.sha256(ident.encode()).hexdigest()[:32],
            "location": {"path": path, "lines": {"begin": max(f.span.line, 1), "end": max(f.span.end_line, 1)}},
        })
    return issues


def render(outcome: Outcome, *, root: Path, cwd: Path) -> str:
    """The report as JSON text (``[]`` when clean)."""
    return json.dumps(build(outcome, root=root, cwd=cwd), indent=2, ensure_ascii=True) + "\n"
