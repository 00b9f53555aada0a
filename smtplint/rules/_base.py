"""What a rule is: data (id, name, severity, documentation) plus pure check functions over the model.

A rule module declares its rules with :func:`define` and registers checks with the decorators
:func:`endpoint_check`, :func:`postfix_check`, :func:`document_check` and :func:`dns_check`. The registry in
``smtplint.rules`` is the one list every consumer reads (``--list-rules``, ``--explain``, ``--select``,
the README table, SARIF rule metadata).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Document, Finding, Fix, PostfixConfig, Severity, Span
from smtplint.model.dns import DnsDocument
from smtplint.model.options import RuleOptions
from smtplint.patterns import lazy
from smtplint.records import record

RULE_ID = lazy(r"^SMTP[0-9]{3}$")
RULE_NAME = lazy(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@record(frozen=True)
class RuleDoc:
    """A rule's page: what / why / example / fix / not reported / references."""

    what: str
    why: str
    example: str
    fix: str
    not_reported: str
    references: tuple[str, ...]

    def sections(self) -> list[tuple[str, str]]:
        """The page as (heading, body) pairs, in reading order, in the installed language."""
        return [
            (_("What it does"), _(self.what)),
            (_("Why is this bad?"), _(self.why)),
            (_("Example"), _(self.example)),
            (_("Use instead"), _(self.fix)),
            (_("Not reported"), _(self.not_reported)),
            (_("References"), "\n".join(f"- {_(r)}" for r in self.references)),
        ]


DEFAULT_OPTIONS = RuleOptions()


@record(frozen=True)
class Rule:
    """A rule's data: stable id, readable kebab-case name, default severity, one-line summary, page.

    ``tags``, ``security_severity`` (CVSS-like "0.1".."10.0", for code scanning) and ``precision``
    (very-high / high / medium / low) describe the rule to SARIF consumers.
    """

    id: str
    name: str
    severity: Severity
    summary: str
    doc: RuleDoc
    tags: tuple[str, ...] = ()
    security_severity: float | None = None
    precision: str = "high"

    def finding(self, span: Span, message: str, severity: Severity | None = None,
                related: Iterable[Span] = (), fix: Fix | None = None) -> Finding:
        """A finding of this rule; ``severity`` defaults to the rule's; ``fix`` when the rule can compute one."""
        return Finding(self.id, self.name, severity or self.severity, message, span, tuple(related), fix=fix)


EndpointCheck = Callable[[ClientEndpoint, RuleOptions], Iterable[Finding]]
PostfixCheck = Callable[[PostfixConfig, RuleOptions], Iterable[Finding]]
DocumentCheck = Callable[[Document, RuleOptions], Iterable[Finding]]
DnsCheck = Callable[[DnsDocument, RuleOptions], Iterable[Finding]]

DEFINED: list[Rule] = []
ENDPOINT_CHECKS: list[tuple[Rule, EndpointCheck]] = []
POSTFIX_CHECKS: list[tuple[Rule, PostfixCheck]] = []
DOCUMENT_CHECKS: list[tuple[Rule, DocumentCheck]] = []
DNS_CHECKS: list[tuple[Rule, DnsCheck]] = []

F = TypeVar("F")


def define(id: str, name: str, severity: Severity, summary: str, doc: RuleDoc, *, tags: tuple[str, ...] = (),
           security_severity: float | None = None, precision: str = "high") -> Rule:
    """Declare a rule; fails at import on a malformed or duplicate id or name."""
    if not RULE_ID.match(id) or not RULE_NAME.match(name):
        raise ValueError(f"malformed rule id or name: {id} {name}")
    if any(r.id == id or r.name == name for r in DEFINED):
        raise ValueError(f"duplicate rule id or name: {id} {name}")
    if precision not in {"very-high", "high", "medium", "low"}:
        raise ValueError(f"{id}: unknown precision {precision}")
    rule = Rule(id, name, severity, summary, doc, tags, security_severity, precision)
    DEFINED.append(rule)
    return rule


def endpoint_check(rule: Rule) -> Callable[[EndpointCheck], EndpointCheck]:
    """Register a check run once per client endpoint (once per variant of an endpoint that has them)."""
    def register(fn: EndpointCheck) -> EndpointCheck:
        ENDPOINT_CHECKS.append((rule, _over_variants(fn)))
        return fn
    return register


def _over_variants(fn: EndpointCheck) -> EndpointCheck:
    """``fn`` on an endpoint, or on each of its variants (a variable assigned different values on different
    code paths, smtplint.model.ClientEndpoint.variants): a finding every variant has at the same place and
    severity is certain; one that only some variants have, or at different severities, is reported once,
    from the most severe variant, one severity lower, saying so and without a fix."""
    def check(ep: ClientEndpoint, options: RuleOptions) -> Iterable[Finding]:
        if not ep.variants:
            return fn(ep, options)
        runs = [list(fn(variant, options)) for variant in ep.variants]
        places: dict[Span, list[Finding]] = {}
        for findings in runs:
            for finding in findings:
                places.setdefault(finding.span, []).append(finding)
        out: list[Finding] = []
        for span, found in places.items():
            worst = max(found, key=lambda f: f.severity.rank)
            everywhere = all(any(f.span == span and f.severity is worst.severity for f in run) for run in runs)
            if everywhere:
                out.append(worst)
                continue
            note = _("{message} (only on some code paths: a variable here is assigned different values on "
                     "different paths)").format(message=worst.message)
            # no fix: an edit made for one path would change the others
            out.append(Finding(worst.rule_id, worst.rule_name, worst.severity.lowered(), note, span,
                               worst.related, entry_lines=worst.entry_lines, tags=worst.tags))
        return out
    return check


def postfix_check(rule: Rule) -> Callable[[PostfixCheck], PostfixCheck]:
    """Register a check run once per linked Postfix configuration (a main.cf and its master.cf)."""
    def register(fn: PostfixCheck) -> PostfixCheck:
        POSTFIX_CHECKS.append((rule, fn))
        return fn
    return register


def document_check(rule: Rule) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register a check run once per document."""
    def register(fn: DocumentCheck) -> DocumentCheck:
        DOCUMENT_CHECKS.append((rule, fn))
        return fn
    return register


def dns_check(rule: Rule) -> Callable[[DnsCheck], DnsCheck]:
    """Register a check run once per DNS-as-code document (zone file, OctoDNS, Terraform, dnsconfig.js,
    MTA-STS policy)."""
    def register(fn: DnsCheck) -> DnsCheck:
        DNS_CHECKS.append((rule, fn))
        return fn
    return register
