"""docs/rules.md is generated from the registry and current; --explain prints each rule's page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smtplint import docs_gen, ruleinfo
from smtplint.cli import main
from smtplint.rules import RULES, render_doc

RULES_MD = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
RULES_MD_ES = RULES_MD.parent / "es" / "rules.md"


def test_rules_md_is_current() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == docs_gen.render_rules_md(), (
        "docs/rules.md is out of date: run `python -m smtplint.docs_gen > docs/rules.md`")


def test_spanish_rules_md_is_current() -> None:
    assert RULES_MD_ES.read_text(encoding="utf-8") == docs_gen.render_rules_md("es"), (
        "docs/es/rules.md is out of date: run `python -m smtplint.docs_gen --lang es > docs/es/rules.md`")


def test_spanish_page_has_the_same_anchors_and_code(capsys: pytest.CaptureFixture[str]) -> None:
    english, spanish = RULES_MD.read_text(encoding="utf-8"), RULES_MD_ES.read_text(encoding="utf-8")
    assert re.findall(r"^## (SMTP\d{3} [a-z0-9-]+)$", spanish, re.M) == re.findall(
        r"^## (SMTP\d{3} [a-z0-9-]+)$", english, re.M)
    assert re.findall(r"\]\(#[a-z0-9-]+\)", spanish) == re.findall(r"\]\(#[a-z0-9-]+\)", english)
    assert spanish.count("```") == english.count("```")
    assert "### Qué hace" in spanish and "### What it does" not in spanish
    assert docs_gen.main(["--lang", "es", "--check", str(RULES_MD_ES)]) == 0
    assert docs_gen.main(["--lang", "es", "--check", str(RULES_MD)]) == 1
    assert "--lang es" in capsys.readouterr().err


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert docs_gen.main(["--check", str(RULES_MD)]) == 0
    stale = tmp_path / "rules.md"
    stale.write_text("# old\n")
    assert docs_gen.main(["--check", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_every_rule_has_a_heading_matching_its_help_uri() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    headings = re.findall(r"^## (SMTP\d{3}) ([a-z0-9-]+)$", text, re.M)
    assert headings == [(r.id, r.name) for r in RULES.values()]
    for info in ruleinfo.rule_infos():
        anchor = info.help_uri.rsplit("#", 1)[1]
        # GitHub's anchor for "## SMTP302 submission-tls-may": lower case, spaces to hyphens
        assert anchor == f"{info.id} {info.name}".lower().replace(" ", "-")
        assert f"](#{anchor})" in text


@pytest.mark.parametrize("query", ["SMTP302", "smtp302", "submission-tls-may"])
def test_explain_prints_the_rule_page(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--explain", query]) == 0
    out = capsys.readouterr().out
    assert out == render_doc(RULES["SMTP302"])
    assert out.startswith("# SMTP302 submission-tls-may\n") and "## Use instead" in out


def test_explain_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--explain", "SMTP999"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_readme_inputs_table_is_generated_from_the_format_registry() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert docs_gen.render_inputs_table() in readme, (
        "README.md's supported-inputs table is out of date: paste `python -m smtplint.docs_gen --inputs` over it")


def test_both_readmes_carry_the_generated_table_of_kinds() -> None:
    from smtplint import formats
    table = docs_gen.render_kinds_table()
    for name in ("README.md", "README.es.md"):
        text = (Path(__file__).resolve().parents[1] / name).read_text(encoding="utf-8")
        assert table in text, f"{name}'s table of kinds is out of date: paste `python -m smtplint.docs_gen --kinds`"
    assert table.count("\n| `") == len(formats.all_formats())
    assert "| `postfix-cf` | — | `*.cf` |" in table  # a kind found only by content says so


def test_every_format_has_a_docs_row_and_the_table_names_it() -> None:
    from smtplint import formats
    table = docs_gen.render_inputs_table()
    for fmt in formats.all_formats():
        assert fmt.docs or fmt.name == "postfix-master", f"{fmt.name} declares no README row"
    assert table.count("\n| ") == 2 + len(formats.docs_rows())
