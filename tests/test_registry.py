"""The registry: ids and names well formed and unique, every rule fully documented, in step with the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smtplint.model import Severity
from smtplint.rules import RULES, get, render_doc
from tests.testdata import REFERENCE, catalogue

README = Path(__file__).resolve().parents[1] / "README.md"

# Rules about smtplint's own suppression comments, not about SMTP: the domain catalogue does not list them.
TOOL_RULES = {"SMTP002", "SMTP003"}
RELEASE_0_1 = {"SMTP001", "SMTP101", "SMTP102", "SMTP103", "SMTP105", "SMTP201", "SMTP202", "SMTP301", "SMTP302"}


def test_release_rules_are_registered() -> None:
    assert set(RULES) >= RELEASE_0_1


def test_ids_and_names() -> None:
    names = [r.name for r in RULES.values()]
    assert len(set(names)) == len(names)
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"SMTP\d{3}", rule_id)
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
        assert isinstance(rule.severity, Severity)
        assert get(rule_id.lower()) is rule


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_documented(rule_id: str) -> None:
    rule = RULES[rule_id]
    for heading, body in rule.doc.sections():
        assert body.strip(), f"{rule_id}: empty section {heading}"
    assert rule.doc.references
    assert "```" in rule.doc.example and "```" in rule.doc.fix
    page = render_doc(rule)
    assert page.startswith(f"# {rule_id} {rule.name}\n")


def test_catalogue_names_match_the_reference() -> None:
    """Every rule of the registry has its entry in the domain reference (tests/data: in every clone)."""
    entries = catalogue(REFERENCE.read_text(encoding="utf-8"))
    assert entries, "no '### SMTPnnn name' headings in the reference"
    for rule_id, rule in RULES.items():
        if rule_id in TOOL_RULES:
            continue
        assert f"{rule_id} {rule.name}" in entries, f"{rule_id} {rule.name} not in the catalogue"
    assert {c.split()[0] for c in entries} <= set(RULES), "the catalogue names a rule the registry lacks"


def test_readme_rule_table_lists_every_rule() -> None:
    text = README.read_text()
    for rule_id, rule in RULES.items():
        assert re.search(rf"^\| `{rule_id}` \| `{rule.name}` \| {rule.severity.value} \|", text, re.M), rule_id
