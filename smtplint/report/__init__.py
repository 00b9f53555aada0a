"""Reporters: each turns a run's outcome into bytes for a stream. They read only the model."""

from __future__ import annotations

from collections.abc import Mapping

from smtplint.model import Finding, Severity
from smtplint.records import field, record


@record(frozen=True)
class RuleInfo:
    """A rule as reporters describe it (SARIF ``driver.rules``); built from the registry by the CLI."""

    id: str
    name: str
    severity: Severity
    summary: str
    description: str  # a paragraph: what the rule reports
    help_markdown: str  # the rule's full page, as --explain prints it
    help_uri: str
    tags: tuple[str, ...] = ()
    security_severity: float | None = None
    precision: str = "high"


@record(frozen=True)
class Outcome:
    """Everything a reporter may show: findings, counts, skipped files, internal errors."""

    version: str
    findings: tuple[Finding, ...]
    files_checked: int
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason)
    errors: tuple[tuple[str, str], ...] = ()  # (path, what failed)
    failed: tuple[tuple[str, str], ...] = ()  # (path, why): named files smtplint cannot lint at all (exit 2)
    ignored: tuple[str, ...] = ()  # files .gitignore kept out that look like mail configuration
    rules: tuple[RuleInfo, ...] = ()  # every rule in the registry, in id order (SARIF)
    sources: Mapping[str, str] = field(default_factory=dict)  # display path -> text, files with findings


FORMATS = ("text", "full", "concise", "json", "sarif", "github", "gitlab")
