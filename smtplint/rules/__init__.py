"""The rule registry: every rule, its id, name, default severity and documentation, in id order.

Family modules are imported by name (no folder scanning); importing them registers their rules and checks.
"""

from __future__ import annotations

from smtplint.i18n import N_, _
from smtplint.model import RuleOptions
from smtplint.rules import auth, dns, meta, providers, proxy, relay, transport  # noqa: F401  (registration by import)
from smtplint.rules._base import (
    DEFAULT_OPTIONS,
    DEFINED,
    DNS_CHECKS,
    DOCUMENT_CHECKS,
    ENDPOINT_CHECKS,
    POSTFIX_CHECKS,
    Rule,
    RuleDoc,
)

RULES: dict[str, Rule] = {r.id: r for r in sorted(DEFINED, key=lambda r: r.id)}


def get(rule_id: str) -> Rule | None:
    """The rule with this id (case-insensitive), or None."""
    return RULES.get(rule_id.upper())


_SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def severity_label(severity: str) -> str:
    """A severity's name for prose (documentation, summaries) in the installed language."""
    return _(_SEVERITY_LABELS.get(severity, severity))


def render_doc(rule: Rule) -> str:
    """The rule's page in Markdown, as --explain prints it and the SARIF help carries it."""
    parts = [f"# {rule.id} {rule.name}", "", _("Default severity: {severity}.").format(
        severity=severity_label(rule.severity.value)), "", _(rule.summary)]
    for heading, body in rule.doc.sections():
        parts += ["", f"## {heading}", "", body]
    return "\n".join(parts) + "\n"


__all__ = [
    "DEFAULT_OPTIONS",
    "DNS_CHECKS",
    "DOCUMENT_CHECKS",
    "ENDPOINT_CHECKS",
    "POSTFIX_CHECKS",
    "RULES",
    "Rule",
    "RuleDoc",
    "RuleOptions",
    "get",
    "render_doc",
    "severity_label",
]
