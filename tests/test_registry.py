"""The registry: ids and names well formed and unique, every rule fully documented, in step with the catalogue."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from smtplint.model import Severity
from smtplint.rules import RULES, get, render_doc

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "docs" / "smtp-reference.md"
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
    if not REFERENCE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{REFERENCE} is missing in CI")
        pytest.skip("../shared/docs/smtp-reference.md not present")
    text = REFERENCE.read_text()
    for rule_id, rule in RULES.items():
        if rule_id in TOOL_RULES:
            continue
        # SMTP1xx-4xx have a section each; the SMTP5xx DNS rules are one table in section 7
        assert f"### {rule_id} {rule.name}" in text or f"| {rule_id} | {rule.name} |" in text, (
            f"{rule_id} {rule.name} not in the catalogue")


def test_readme_rule_table_lists_every_rule() -> None:
    text = README.read_text()
    for rule_id, rule in RULES.items():
        assert re.search(rf"^\| `{rule_id}` \| `{rule.name}` \| {rule.severity.value} \|", text, re.M), rule_id
