"""Every fixture file (or folder) under tests/fixtures/<format>/<RULE>/ is linted end to end.

The set of (rule, path, line) found must equal, exactly, the `# expect: ID` comments in the case:
bad- cases must fire where annotated, good- and trap- cases must produce nothing at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, expectations, lint

# Formats whose parser exists but whose file names discovery does not know yet: their fixtures are run by the
# format's own test (tests/test_msmtprc_parser.py) until the format registry declares them. Remove on wiring.


def _cases() -> list[Path]:
    cases: list[Path] = []
    if not FIXTURES.is_dir():
        return cases
    for fmt_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "dns"):  # test_dns_rules
        for rule_dir in sorted(p for p in fmt_dir.iterdir() if p.is_dir()):
            cases += sorted(p for p in rule_dir.iterdir() if p.name.startswith(("bad-", "good-", "trap-")))
    return cases


CASES = _cases()


def test_there_are_fixtures_for_every_rule() -> None:
    from smtplint.rules import RULES
    from tests.test_dns_rules import CASES as DNS_CASES
    covered = {c.parent.name for c in [*CASES, *DNS_CASES]}
    bad = {c.parent.name for c in [*CASES, *DNS_CASES] if c.name.startswith("bad-")}
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rules without fixtures: {missing}"
    assert set(RULES) <= bad, f"rules without a bad- fixture: {sorted(set(RULES) - bad)}"


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(FIXTURES)) for c in CASES])
def test_fixture(case: Path) -> None:
    cwd = FIXTURES
    result = lint(case, cwd=cwd)
    assert not result.errors, result.errors
    files = sorted(p for p in case.rglob("*") if p.is_file()) if case.is_dir() else [case]
    expected: set[tuple[str, str, int]] = set()
    for f in files:
        expected |= expectations(f, f.relative_to(cwd).as_posix())
    found = {(f.rule_id, f.span.path, f.span.line) for f in result.findings if f.suppression is None}
    if case.name.startswith("bad-"):
        assert expected, f"{case.name}: a bad- case needs at least one '# expect:' comment"
        assert any(rule == case.parent.name for rule, _, _ in expected), "bad- case must expect its own rule"
    messages = "\n".join(f"{f.span.path}:{f.span.line}:{f.span.column}: {f.rule_id} {f.message}"
                         for f in result.findings if f.suppression is None)
    assert found == expected, f"\nexpected: {sorted(expected)}\nfound:\n{messages}"
    # a skipped file (a template) is a target but not checked
    assert result.files_checked + len(result.skipped) >= 1, "discovery did not recognise the fixture's kind"
