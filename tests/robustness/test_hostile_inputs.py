"""Bomb-like inputs (alias bombs, deep nesting, expansion bombs, quadratic-regex bait) stay bounded.

One sandboxed run lints every case of :mod:`hostile` (sockets blocked, 2 GiB address-space limit); its
timeout only guards against a hang: at these sizes a linear implementation needs about a second for all
cases, a quadratic one hours. Each case then checks its exact findings.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.robustness import hostile
from tests.robustness._support import lint_cases

SIZE = 200_000

# case -> the findings (rule, line, column) of its file; None: checked by its own test below
EXPECTED: dict[str, list[tuple[str, int, int]] | None] = {
    "yaml-alias-bomb-mapping": [],
    "yaml-alias-bomb-sequence": [],
    "yaml-merge-bomb": [],
    "yaml-deep-block": [("SMTP001", 1, 1)],
    "yaml-deep-flow": [("SMTP001", 1, 1)],
    "yaml-many-flows": [("SMTP001", 1, 1)],  # past MAX_FLOW_COST: refused in bounded time
    "yaml-blank-run": [],
    "yaml-open-templates": [("SMTP001", 1, 1)],  # 100k '{' read as flow nesting (an upper estimate)
    "json-deep": [("SMTP001", 1, 1)],
    "python-deep-parens": [("SMTP001", 1, 214)],
    "python-deep-binop": [("SMTP001", 1, 1)],
    "python-dense": [("SMTP101", (SIZE - 40) // 4 + 1, 1)],
    "python-oversized": [("SMTP001", 1, 1)],
    "env-open-refs": [],
    "env-blank-run": [("SMTP001", 2, 1)],
    "env-unterminated-quote": [("SMTP001", 2, 1)],
    "env-many-lines": [],
    "env-url-templates": [],
    "postfix-expansion-bomb": [],
    "postfix-nested-conditionals": [],
    "postfix-master-many-overrides": [],
    "ini-blank-run": [("SMTP001", 3, 1)],
    "ini-many-bad-lines": None,
    "ini-many-continuations": [("SMTP101", 3, 1)],
    "ini-many-other-options": [],
    "properties-backslashes": [("SMTP101", 2, 1)],
    "properties-continued-key": [("SMTP101", 1, 1)],
    "properties-continued-value": [("SMTP101", 1, 1)],
    "properties-many-entries": [("SMTP101", 1, 1)],
    "binary-noise": [("SMTP001", 1, 8)],
}


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    cases = {name: build(SIZE) for name, build in hostile.CASES.items()}
    return lint_cases(tmp_path_factory.mktemp("hostile"), cases)


def test_every_case_has_an_expectation() -> None:
    assert set(EXPECTED) == set(hostile.CASES)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hostile_case_is_bounded_and_exact(case: str, linted: tuple[dict[str, Any], dict[str, str]]) -> None:
    doc, files = linted
    assert doc["errors"] == [] and doc["skipped"] == []
    got = [(f["rule"], f["line"], f["column"]) for f in doc["findings"] if f["path"] == files[case]]
    expected = EXPECTED[case]
    if expected is None:  # ini-many-bad-lines: a warning on each '[' line, capped at 100 plus one that counts
        assert got == [("SMTP001", line, 1) for line in range(2, 103)]
        bad_lines = (SIZE - len("[smtp]\n")) // 2
        mine = [f for f in doc["findings"] if f["path"] == files[case]]
        assert mine[-1]["message"] == (f"{bad_lines - 100} more problems in this file are not reported "
                                                  "(only the first 100)")
    else:
        assert got == expected


def test_postfix_expansion_bomb_is_unknown_not_exploded() -> None:
    from smtplint.model.postfix import PostfixConfig
    from smtplint.parsers.postfix import parse_main

    _, data = hostile.postfix_expansion_bomb(0)
    config = PostfixConfig(parse_main("main.cf", data.decode()).main_cf)
    assert config.parameter("mynetworks").value is None  # unknown: past the lookup/size budget
    _, nested = hostile.postfix_nested_conditionals(0)
    config = PostfixConfig(parse_main("main.cf", nested.decode()).main_cf)
    assert config.parameter("mynetworks").value is None


def test_postfix_small_expansions_still_work() -> None:
    from smtplint.model.postfix import PostfixConfig
    from smtplint.parsers.postfix import parse_main

    text = "a0 = x\na1 = $a0 $a0\na2 = $a1 ${a1}\nb = ${a0?{yes}:{no}}\nc = ${nothing:{fallback}}\n"
    config = PostfixConfig(parse_main("main.cf", text).main_cf)
    assert config.parameter("a2").value == "x x x x"
    assert config.parameter("b").value == "yes"
    assert config.parameter("c").value == "fallback"
