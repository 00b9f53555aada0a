"""docs/rules.md is generated from the registry and current; --explain prints each rule's page."""

from __future__ import annotations

import re
from collections import Counter
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


# README.es.md's "Entradas admitidas" table is translated by hand, row for row, from the registry's English rows.
# Each English input name has its Spanish name here: a format added to (or removed from) the registry needs its
# name here and its translated row in README.es.md, in registry order.
SPANISH_INPUT_NAMES = {
    "YAML: generic blocks": "YAML: bloques genéricos",
    "YAML: Spring Boot": "YAML: Spring Boot",
    "YAML: Alertmanager": "YAML: Alertmanager",
    "YAML: docker-compose": "YAML: docker-compose",
    "docker-compose + `.env`": "docker-compose + `.env`",
    "YAML: Home Assistant": "YAML: Home Assistant",
    "YAML: Symfony": "YAML: Symfony",
    "YAML: Helm values": "YAML: valores de Helm",
    "YAML: API descriptions": "YAML: descripciones de API",
    "`.env`": "`.env`",
    "Postfix": "Postfix",
    "Kubernetes manifests": "Manifiestos de Kubernetes",
    "Helm and Kustomize output": "Salida de Helm y Kustomize",
    "GitHub Actions": "GitHub Actions",
    "GitLab CI": "GitLab CI",
    "YAML: compose `configs:`": "YAML: compose `configs:`",
    "`.env`: mail-server stacks": "`.env`: pilas de servidor de correo",
    "JSON: Heroku `app.json`": "JSON: `app.json` de Heroku",
    "JSON: SnappyMail": "JSON: SnappyMail",
    "TOML": "TOML",
    "Dovecot": "Dovecot",
    "nginx mail proxy": "proxy de correo de nginx",
    "Postfix overrides": "Postfix: modificaciones",
    "Postfix `postconf -P` overrides": "Postfix: modificaciones `postconf -P`",
    "Postfix syntax in any `*.cf`": "Sintaxis de Postfix en cualquier `*.cf`",
    "Django settings": "Settings de Django",
    "Spring `.properties`": "`.properties` de Spring",
    "INI: Grafana": "INI: Grafana",
    "INI: Gitea/Forgejo": "INI: Gitea/Forgejo",
    "JSON: Keycloak": "JSON: Keycloak",
    "JSON: nodemailer": "JSON: nodemailer",
    "msmtprc": "msmtprc",
    "DNS: BIND zone files": "DNS: archivos de zona BIND",
    "DNS: OctoDNS": "DNS: OctoDNS",
    "DNS: Terraform": "DNS: Terraform",
    "DNS: DNSControl": "DNS: DNSControl",
    "DNS: MTA-STS policy": "DNS: política MTA-STS",
    "Ruby code (`*.rb`, `gitlab.rb`)": "Código Ruby (`*.rb`, `gitlab.rb`)",
    "JavaScript/TypeScript code (nodemailer, emailjs)": "Código JavaScript/TypeScript (nodemailer, emailjs)",
    "PHP code (PHPMailer, Laravel `config/mail.php`, WP Mail SMTP)":
        "Código PHP (PHPMailer, `config/mail.php` de Laravel, WP Mail SMTP)",
    "Java code (Jakarta Mail, Spring `JavaMailSenderImpl`, Apache Commons Email)":
        "Código Java (Jakarta Mail, `JavaMailSenderImpl` de Spring, Apache Commons Email)",
    "C# code (System.Net.Mail, MailKit)": "Código C# (System.Net.Mail, MailKit)",
    "Python code (smtplib, Flask-Mail, NetBox)": "Código Python (smtplib, Flask-Mail, NetBox)",
    "Go code (gomail, go-mail, net/smtp)": "Código Go (gomail, go-mail, net/smtp)",
}
ES_INPUTS_BEGIN, ES_INPUTS_END = "<!-- entradas admitidas:", "<!-- fin de las entradas admitidas -->"
README_ES = RULES_MD.parents[1] / "README.es.md"


def _code_spans(text: str) -> Counter[str]:
    return Counter(re.findall(r"`[^`]+`", text))


def spanish_inputs_table_problems(spanish_readme: str) -> list[str]:
    """How README.es.md's hand-translated inputs table differs from the registry's rows (empty: in step).

    Row for row, in registry order: the first cell is the Spanish name of the same input, and the second cell
    carries the same code spans (keys, file names, syntax), as many times, as the generated English cell."""
    from smtplint import formats
    if ES_INPUTS_BEGIN not in spanish_readme or ES_INPUTS_END not in spanish_readme:
        return ["README.es.md: the 'Entradas admitidas' table markers are missing"]
    block = spanish_readme.split(ES_INPUTS_BEGIN, 1)[1].split(ES_INPUTS_END, 1)[0]
    lines = [line for line in block.splitlines() if line.startswith("| ")]
    if lines[:2] != ["| Entrada | Qué lee smtplint |", "| --- | --- |"]:
        return ["README.es.md: the 'Entradas admitidas' table lost its header"]
    spanish = [[cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
               for line in lines[2:]]
    english = formats.docs_rows()
    problems = []
    if len(spanish) != len(english):
        problems.append(f"README.es.md has {len(spanish)} input rows, the registry {len(english)}")
    for index, row in enumerate(english):
        name = SPANISH_INPUT_NAMES.get(row.input)
        if name is None:
            problems.append(f"no Spanish name for the input {row.input!r}: add it to SPANISH_INPUT_NAMES")
            continue
        if index >= len(spanish) or len(spanish[index]) != 2:
            problems.append(f"row {index + 1} ({name}) is missing or malformed in README.es.md")
            continue
        if spanish[index][0] != name:
            problems.append(f"row {index + 1}: README.es.md has {spanish[index][0]!r} where the registry has "
                            f"{row.input!r} ({name!r})")
        elif _code_spans(spanish[index][1]) != _code_spans(row.reads):
            missing = _code_spans(row.reads) - _code_spans(spanish[index][1])
            extra = _code_spans(spanish[index][1]) - _code_spans(row.reads)
            problems.append(f"row {index + 1} ({name}): code differs from the English row: missing "
                            f"{sorted(missing)}, extra {sorted(extra)}")
    return problems


def test_spanish_readme_inputs_table_follows_the_format_registry() -> None:
    assert spanish_inputs_table_problems(README_ES.read_text(encoding="utf-8")) == [], (
        "README.es.md's 'Entradas admitidas' table is not in step with `python -m smtplint.docs_gen --inputs`: "
        "translate the changed rows by hand")


def test_the_spanish_inputs_check_catches_a_missing_renamed_or_changed_row() -> None:
    from smtplint import formats
    text = README_ES.read_text(encoding="utf-8")
    inputs = [row.input for row in formats.docs_rows()]
    table = text.split(ES_INPUTS_BEGIN, 1)[1].split(ES_INPUTS_END, 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")][2:]
    dropped = text.replace(rows[-1] + "\n", "")
    assert f"README.es.md has {len(inputs) - 1} input rows, the registry {len(inputs)}" in (
        spanish_inputs_table_problems(dropped))
    swapped = text.replace(rows[0], "placeholder").replace(rows[1], rows[0]).replace("placeholder", rows[1])
    assert [p.split(":")[0] for p in spanish_inputs_table_problems(swapped)] == ["row 1", "row 2"]
    msmtprc = inputs.index("msmtprc") + 1
    changed = text.replace("`passwordeval`", "`passwordcmd`")
    assert spanish_inputs_table_problems(changed) == [
        f"row {msmtprc} (msmtprc): code differs from the English row: missing ['`passwordeval`'], "
        "extra ['`passwordcmd`']"]
    assert spanish_inputs_table_problems(text.replace(ES_INPUTS_END, "")) != []
