"""DNS-as-code fixtures (tests/fixtures/dns/<RULE>/{bad,good,trap}-*), linted end to end with exact columns.

Each case runs through discovery (by name, or by a look at the bytes: OctoDNS YAML, Terraform), the reading
step and every rule, as `smtplint` does. Expected findings are written inline, in the file's comment syntax,
on the line before the finding: ``; expect: SMTP501@17`` (zone), ``# expect: ...`` (YAML, Terraform),
``// expect: ...`` (JavaScript); ``@column`` is the finding's first column. MTA-STS policy files have no
comments: a sidecar ``<file>.expect`` lists ``line:column RULE`` per finding.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from smtplint.rules import RULES
from tests.conftest import lint

DNS_FIXTURES = Path(__file__).parent / "fixtures" / "dns"
_EXPECT = re.compile(r"^\s*(?:;|#|//)\s*expect:\s*(?P<ids>SMTP\d{3}(?:@\d+)?(?:\s*,\s*SMTP\d{3}(?:@\d+)?)*)\s*$")
_COMMENT = re.compile(r"^\s*(?:;|#|//)")

Key = tuple[str, int, int | None]  # (rule, line, column or None when the marker gives none)


def _cases() -> list[Path]:
    if not DNS_FIXTURES.is_dir():
        return []
    return sorted(p for rule in sorted(DNS_FIXTURES.iterdir()) if rule.is_dir()
                  for p in rule.iterdir() if p.name.startswith(("bad-", "good-", "trap-")))


CASES = _cases()


def _expected(path: Path) -> Counter[Key]:
    sidecar = path.with_name(path.name + ".expect")
    out: Counter[Key] = Counter()
    if sidecar.is_file():
        for row in sidecar.read_text().split("\n"):
            if row.strip():
                where, rule = row.split()
                line, column = where.split(":")
                out[(rule, int(line), int(column))] += 1
        return out
    pending: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        m = _EXPECT.match(line)
        if m:
            pending += [i.strip() for i in m.group("ids").split(",")]
            continue
        if not line.strip() or _COMMENT.match(line):
            continue
        for item in pending:
            rule, _at, column = item.partition("@")
            out[(rule, number, int(column) if column else None)] += 1
        pending = []
    assert not pending, f"{path}: 'expect:' with no line after it"
    return out


def _files(case: Path) -> list[Path]:
    if case.is_dir():
        return sorted(p for p in case.rglob("*") if p.is_file() and not p.name.endswith(".expect"))
    return [case]


def test_every_dns_rule_has_bad_and_good_or_trap_fixtures() -> None:
    dns_rules = {r for r in RULES if r.startswith("SMTP5")}
    assert dns_rules == {"SMTP501", "SMTP502", "SMTP503", "SMTP504", "SMTP511", "SMTP512", "SMTP521", "SMTP522",
                         "SMTP531"}
    for rule in dns_rules:
        names = [c.name for c in CASES if c.parent.name == rule]
        assert any(n.startswith("bad-") for n in names), rule
        assert any(n.startswith(("good-", "trap-")) for n in names), rule


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(DNS_FIXTURES)) for c in CASES])
def test_dns_fixture(case: Path) -> None:
    for path in _files(case):
        display = path.relative_to(DNS_FIXTURES).as_posix()
        result = lint(path, cwd=DNS_FIXTURES)  # end to end: discovery by name or content, reading, every rule
        assert result.checked == [display], f"{display}: no DNS syntax claimed the file"
        assert not result.errors, result.errors
        found = [(f.span.line, f.span.column, f.rule_id, f.message) for f in result.findings
                 if f.suppression is None]
        expected = _expected(path)
        if case.name.startswith("bad-") and path == _files(case)[0]:
            assert any(rule == case.parent.name for rule, _l, _c in expected), "a bad- case must expect its rule"
        got: Counter[Key] = Counter()
        for line, column, rule, _message in found:
            with_column = (rule, line, column)
            got[with_column if expected[with_column] > got[with_column] else (rule, line, None)] += 1
        shown = "\n".join(f"{display}:{line}:{column}: {rule} {message}" for line, column, rule, message in found)
        assert got == expected, f"\nexpected: {sorted(expected.items())}\nfound:\n{shown}"
