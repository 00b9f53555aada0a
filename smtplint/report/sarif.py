"""SARIF 2.1.0 for GitHub code scanning and editors (shared/docs/sarif-and-editors.md).

One log, one run, ``results: []`` when clean. ``driver.rules`` lists every rule in id order and results
point at them by ``ruleIndex``. URIs are relative to ``%SRCROOT%`` (the project root), percent-encoded, with
``/``; a file outside the root gets a ``file:///`` URI without a base. No absolute path, timestamp or
secret appears in the default output. Parse errors (SMTP001) are results *and*
``toolExecutionNotifications``; skipped files are ``note`` notifications, internal errors ``error`` ones
(and then ``executionSuccessful`` is false).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smtplint.i18n import _, sarif_language
from smtplint.model import Finding, Severity, Span
from smtplint.model.fingerprint import KEY, entry_text, fingerprint, numbered, split_lines
from smtplint.report import Outcome, RuleInfo
from smtplint.report.edits import located
from smtplint.report.linehash import line_hashes
from smtplint.report.paths import relative, uri

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/smtplint/smtplint"
SRCROOT = "%SRCROOT%"
PARSE_ERROR_RULE = "SMTP001"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
_MAX_TEXT = 1024

Json = dict[str, Any]


def _clip(text: str, limit: int = _MAX_TEXT) -> str:
    """Text within GitHub's limit, cut at the last sentence end that fits."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    end = cut.rfind(". ")
    return (cut[: end + 1] if end > limit // 2 else cut.rstrip() + "…")


def _plain(markdown: str) -> str:
    """A Markdown rule page as plain text: no code fences, no backticks, headings kept as lines."""
    lines: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        lines.append(line if fenced else re.sub(r"^#+ ", "", line).replace("`", ""))
    return "\n".join(lines).strip() + "\n"


def rule_descriptor(rule: RuleInfo) -> Json:
    """A ``reportingDescriptor`` with the texts, level, tags and security severity GitHub ranks by."""
    tags = list(rule.tags)
    if rule.security_severity is not None and "security" not in tags:
        tags.insert(0, "security")
    props: Json = {"tags": tags[:20], "precision": rule.precision}
    if rule.security_severity is not None:
        props["security-severity"] = f"{rule.security_severity:.1f}"
    else:
        props["problem.severity"] = _PROBLEM[rule.severity]
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(rule.description)},
        "help": {"text": _plain(rule.help_markdown), "markdown": rule.help_markdown},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": props,
    }


class _Files:
    """Per-file facts the log needs: URI, lines (for clamping) and GitHub line hashes, computed once."""

    def __init__(self, sources: Mapping[str, str], root: Path, cwd: Path) -> None:
        self.sources, self.root, self.cwd = sources, root, cwd
        self._uris: dict[str, tuple[str, bool]] = {}
        self._lines: dict[str, list[str] | None] = {}
        self._hashes: dict[str, dict[int, str]] = {}

    def artifact(self, path: str) -> Json:
        if path not in self._uris:
            self._uris[path] = uri(path, self.root, self.cwd)
        value, relative = self._uris[path]
        return {"uri": value, "uriBaseId": SRCROOT} if relative else {"uri": value}

    def path(self, path: str) -> str:
        """The root-relative POSIX path (absolute outside the root): what the fingerprint hashes."""
        return relative(path, self.root, self.cwd)[0]

    def sort_uri(self, path: str) -> str:
        return str(self.artifact(path)["uri"])

    def lines(self, path: str) -> list[str] | None:
        if path not in self._lines:
            text = self.sources.get(path)
            lines = split_lines(text) if text is not None else None
            if lines:
                lines[0] = lines[0].removeprefix("\ufeff")
            self._lines[path] = lines
        return self._lines[path]

    def line_text(self, path: str, line: int) -> str | None:
        lines = self.lines(path)
        return lines[line - 1] if lines is not None and 0 < line <= len(lines) else None

    def line_hash(self, path: str, line: int) -> str | None:
        text = self.sources.get(path)
        if text is None:
            return None
        if path not in self._hashes:
            self._hashes[path] = line_hashes(text)
        return self._hashes[path].get(line)

    def region(self, span: Span) -> Json:
        """1-based region, end column exclusive, never 0 and never past the end of a known line."""
        start_line = max(span.line, 1)
        end_line = max(span.end_line, start_line)
        start_col = max(span.column, 1)
        end_col = max(span.end_column, 1)
        end_text = self.line_text(span.path, end_line)
        if end_text is not None:
            end_col = min(end_col, len(end_text) + 1)
        start_text = self.line_text(span.path, start_line)
        if start_text is not None:
            start_col = min(start_col, len(start_text) + 1)
        if end_line == start_line and end_col <= start_col:
            return {"startLine": start_line}
        return {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}

    def location(self, span: Span) -> Json:
        return {"physicalLocation": {"artifactLocation": self.artifact(span.path), "region": self.region(span)}}


def _suppression(finding: Finding, files: _Files) -> Json:
    sup = finding.suppression
    assert sup is not None
    out: Json = {"kind": "external" if sup.kind == "baseline" else "inSource", "status": "accepted"}
    if sup.reason:
        out["justification"] = sup.reason
    if sup.span is not None:
        out["location"] = files.location(sup.span)
    return out


def _fix(finding: Finding, files: _Files, outcome: Outcome) -> Json | None:
    """SARIF ``fixes``: one artifactChange per file, a replacement per edit (an insertion deletes an empty
    region); whether ``--fix`` applies it without ``--unsafe-fixes`` is in the fix's property bag."""
    edits = located(finding, outcome.sources)
    if finding.fix is None or edits is None:
        return None
    changes: dict[str, list[Json]] = {}
    for span, new in edits:
        region = {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line,
                  "endColumn": span.end_column}
        changes.setdefault(span.path, []).append({"deletedRegion": region, "insertedContent": {"text": new}})
    return {
        "description": {"text": finding.fix.description},
        "artifactChanges": [{"artifactLocation": files.artifact(path), "replacements": replacements}
                            for path, replacements in changes.items()],
        "properties": {"applicability": "safe" if finding.fix.safe else "unsafe"},
    }


def _notification(level: str, descriptor: str, text: str, location: Json | None = None,
                  rule: tuple[str, int] | None = None) -> Json:
    out: Json = {"level": level, "message": {"text": text}, "descriptor": {"id": descriptor}}
    if location is not None:
        out["locations"] = [location]
    if rule is not None:
        out["associatedRule"] = {"id": rule[0], "index": rule[1]}
    return out


def build(outcome: Outcome, *, root: Path, cwd: Path, category: str | None = None) -> Json:
    """The SARIF log as a dict (see :func:`render`)."""
    files = _Files(outcome.sources, root, cwd)
    rules = [rule_descriptor(r) for r in outcome.rules]
    index = {r.id: i for i, r in enumerate(outcome.rules)}
    for f in outcome.findings:  # a rule missing from the registry data still gets a descriptor
        if f.rule_id not in index:
            index[f.rule_id] = len(rules)
            rules.append({"id": f.rule_id, "name": f.rule_name, "shortDescription": {"text": f.rule_name}})

    ordered = sorted(outcome.findings, key=lambda f: (files.sort_uri(f.span.path), *f.sort_key[1:]))
    idents = numbered(fingerprint(f, entry_text(f, files.lines(f.span.path)), files.path(f.span.path))
                      for f in ordered)
    results: list[Json] = []
    notifications: list[Json] = []
    for f, ident in zip(ordered, idents, strict=True):
        result: Json = {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [files.location(f.span)],
        }
        if f.tags:
            result["properties"] = {"tags": list(f.tags)}
        if f.related:
            result["relatedLocations"] = [
                {"id": i, **files.location(s), "message": {"text": _("related setting")}}
                for i, s in enumerate(f.related, start=1)
            ]
        prints = {KEY: ident}
        line_hash = files.line_hash(f.span.path, max(f.span.line, 1))
        if line_hash is not None:
            prints["primaryLocationLineHash"] = line_hash
        result["partialFingerprints"] = dict(sorted(prints.items()))
        if f.suppression is not None:
            result["suppressions"] = [_suppression(f, files)]
        fix = _fix(f, files, outcome)
        if fix is not None:
            result["fixes"] = [fix]
        results.append(result)
        if f.rule_id == PARSE_ERROR_RULE and f.suppression is None:
            notifications.append(_notification(_LEVEL[f.severity], "parse-error", f.message,
                                               files.location(f.span), (f.rule_id, index[f.rule_id])))
    for path, reason in outcome.failed:
        notifications.append(_notification("error", "unknown-kind", _("{path}: error: {reason}").format(
                                               path=path, reason=reason),
                                           {"physicalLocation": {"artifactLocation": files.artifact(path)}}))
    for path, reason in outcome.skipped:
        notifications.append(_notification("note", "skipped", _("{path}: skipped: {reason}").format(
                                               path=path, reason=reason),
                                           {"physicalLocation": {"artifactLocation": files.artifact(path)}}))
    for path, what in outcome.errors:
        notifications.append(_notification("error", "internal-error", _("{path}: internal error in {what}").format(
                                               path=path, what=what),
                                           {"physicalLocation": {"artifactLocation": files.artifact(path)}}))

    invocation: Json = {"executionSuccessful": not outcome.errors and not outcome.failed}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: Json = {
        "tool": {"driver": {
            "name": "smtplint",
            "version": outcome.version,
            "semanticVersion": outcome.version,
            "informationUri": INFORMATION_URI,
            "rules": rules,
        }},
    }
    if category:
        run["automationDetails"] = {"id": category if category.endswith("/") else category + "/"}
    run["language"] = sarif_language()  # the language of every message and rule text in the log
    run["columnKind"] = "unicodeCodePoints"
    run["invocations"] = [invocation]
    run["results"] = results
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(outcome: Outcome, *, root: Path, cwd: Path, category: str | None = None) -> str:
    """The SARIF log as JSON text (ASCII, two-space indent, trailing newline); the same input, the same bytes."""
    return json.dumps(build(outcome, root=root, cwd=cwd, category=category), indent=2, ensure_ascii=True) + "\n"
