"""Reporters: each turns a run's outcome into bytes for a stream. They read only the model."""

from __future__ import annotations

from dataclasses import dataclass, field

from smtplint.model import Finding


@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything a reporter may show: findings, counts, skipped files, internal errors."""

    version: str
    findings: tuple[Finding, ...]
    files_checked: int
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason)
    errors: tuple[tuple[str, str], ...] = field(default=())  # (path, what failed)


FORMATS = ("text", "json")
