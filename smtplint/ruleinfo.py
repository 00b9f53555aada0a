"""The rules as reporters describe them (SARIF ``driver.rules``, help links), built from the rule registry.

The CLI asks for these at run time; the maintainer script smtplint.docs_gen uses them to write the rule pages.
"""

from __future__ import annotations

from smtplint import i18n
from smtplint.i18n import _
from smtplint.report import RuleInfo
from smtplint.rules import RULES, Rule, render_doc

DOCS_URL = "https://github.com/smtplint/smtplint/blob/main/docs/rules.md"
DOCS_URLS = {"en": DOCS_URL, "es": "https://github.com/smtplint/smtplint/blob/main/docs/es/rules.md"}


def anchor(rule: Rule) -> str:
    """GitHub's anchor for the rule's heading ``## SMTP302 submission-tls-may``."""
    return f"{rule.id.lower()}-{rule.name}"


def rule_info(rule: Rule) -> RuleInfo:
    """The reporter-side description of a registry rule."""
    return RuleInfo(
        id=rule.id,
        name=rule.name,
        severity=rule.severity,
        summary=_(rule.summary),
        description=_(rule.doc.what),
        help_markdown=render_doc(rule),
        help_uri=f"{DOCS_URLS.get(i18n.language(), DOCS_URL)}#{anchor(rule)}",
        tags=rule.tags,
        security_severity=rule.security_severity,
        precision=rule.precision,
    )


def rule_infos() -> tuple[RuleInfo, ...]:
    """Every rule in the registry, in id order."""
    return tuple(rule_info(r) for r in RULES.values())
