"""Real DNS-as-code files (tests/data/corpus/dns, origins in SOURCES.tsv): each file is claimed by the right
syntax and gives exactly the findings judged in the issue-19 note (no more, no fewer)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smtplint.parsers.dns import parse_dns
from smtplint.rules import DEFAULT_OPTIONS
from smtplint.rules.dns import check_dns

CORPUS = Path(__file__).parent / "data" / "corpus" / "dns"

# file -> (syntax, [(rule, severity, line, column)]) with the judgement of each finding
EXPECTED: dict[str, tuple[str, list[tuple[str, str, int, int]]]] = {
    "zone/db.atmpitbull.com": ("bind-zone", [("SMTP521", "warning", 31, 4)]),  # right: a 1024-bit key
    "zone/db.debugproxy.com": ("bind-zone", []),  # 2048-bit key split in two strings, '-all'
    "octodns/unit.tests.yaml": ("octodns", [
        ("SMTP504", "error", 159, 10),  # right: an SPF-type record
        ("SMTP521", "error", 181, 45),  # right but useless: OctoDNS's own test data, a placeholder key
    ]),
    "terraform/spf.tf": ("terraform", []),  # interpolated name, literal '~all'
    "dnscontrol/matthewgall.cf.js": ("dnscontrol", []),  # revoked wildcard DKIM, p=reject, -all
    "dnscontrol/018-dkim.js": ("dnscontrol", []),  # DKIM(...) is a function call: a reference
    "mta-sts/301guru/.well-known/mta-sts.txt": ("mta-sts", [("SMTP531", "info", 2, 1)]),  # right: mode none
    "mta-sts/as213151/.well-known/mta-sts.txt": ("mta-sts", []),
    "mta-sts/bls-it/.well-known/mta-sts.txt": ("mta-sts", [("SMTP531", "warning", 2, 1)]),  # right: testing
}


def test_sources_lists_every_corpus_file() -> None:
    with (CORPUS / "SOURCES.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert {r["file"] for r in rows} == set(EXPECTED)
    assert all(r["repo"] and r["path"] and len(r["commit"]) == 40 and r["licence"] for r in rows)
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.tsv"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str) -> None:
    syntax, findings = EXPECTED[name]
    doc = parse_dns(name, (CORPUS / name).read_text(encoding="utf-8"))
    assert doc is not None and doc.syntax.value == syntax
    assert doc.diagnostics == []
    got = [(f.rule_id, f.severity.value, f.span.line, f.span.column) for f in check_dns(doc, DEFAULT_OPTIONS)]
    assert got == findings
