"""INI and ``.properties`` files at the default size limit stay small: both parsers stream.

They read a file with regular expressions and keep objects only for what matters (mail keys and sections, the
first parse problems); a file of four million junk lines costs no object per line. Memory is checked, never
time: the sandboxed run has an address-space limit far below what one object per line needs (those parsers
took 1 to 2 GiB here), and the in-process checks count allocations with tracemalloc. The timeout only guards
against a hang.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import pytest

from smtplint.model import Diagnostic, Document, Severity, Span
from smtplint.parsers.ini_ import sections
from smtplint.parsers.limits import MAX_DIAGNOSTICS, Omitted
from smtplint.reading import cap_diagnostics as _cap_diagnostics
from smtplint.reading import parse_bytes
from tests.robustness import hostile
from tests.robustness._support import lint_cases

LIMIT = 8 * hostile.MIB - 16 * 1024  # just under the default maximum file size
MEMORY = 320 << 20  # address space for the whole run; one object per line needs several times more
CASES = {  # case -> findings (rule, line, column) of its file at LIMIT bytes
    "ini-many-bad-lines": [("SMTP001", line, 1) for line in range(2, 2 + MAX_DIAGNOSTICS + 1)],
    "ini-many-continuations": [("SMTP101", 3, 1)],
    "ini-many-other-options": [],
    "properties-backslashes": [("SMTP101", 2, 1)],
    "properties-continued-key": [("SMTP101", 1, 1)],
    "properties-continued-value": [("SMTP101", 1, 1)],
    "properties-many-entries": [("SMTP101", 1, 1)],
}


@pytest.fixture(scope="module")
def linted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    cases = {name: hostile.CASES[name](LIMIT) for name in CASES}
    assert all(len(data) <= LIMIT for _, data in cases.values())
    return lint_cases(tmp_path_factory.mktemp("large"), cases, memory=MEMORY)


@pytest.mark.parametrize("case", sorted(CASES))
def test_file_at_the_size_limit_is_read_in_bounded_memory(case: str,
                                                          linted: tuple[dict[str, Any], dict[str, str]]) -> None:
    doc, files = linted
    assert doc["errors"] == [] and doc["skipped"] == []
    mine = [f for f in doc["findings"] if f["path"] == files[case]]
    assert [(f["rule"], f["line"], f["column"]) for f in mine] == CASES[case]
    if case == "ini-many-bad-lines":
        bad_lines = (LIMIT - len("[smtp]\n")) // 2
        assert mine[-1]["message"] == (f"{bad_lines - MAX_DIAGNOSTICS} more problems in this file are not "
                                       f"reported (only the first {MAX_DIAGNOSTICS})")


@pytest.mark.parametrize("case", sorted(CASES))
def test_parser_allocates_a_small_multiple_of_the_input(case: str) -> None:
    """Peak allocations while parsing stay within 16 times the file (one object per line: 20 to 230 times)."""
    file_name, data = hostile.CASES[case](256 * 1024)
    fmt = "properties" if file_name.endswith(".properties") else "ini"
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        parse_bytes(file_name, fmt, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * len(data)


def test_ini_parser_counts_problems_past_the_cap_without_keeping_them() -> None:
    found, diagnostics = sections("app.ini", "[other]\na = 1\n[smtp]\n" + "[\n" * 1000 + "host = h:25\n",
                                  mail_only=True)
    assert [s.raw for s in found if s.name == "other"] == [{}]  # other sections' options are not kept
    assert list(found[-1].raw) == ["host"]
    kept, [summary] = diagnostics[:-1], diagnostics[-1:]
    assert [(d.span.line, d.span.column, d.span.end_column) for d in kept] == [
        (line, 1, 2) for line in range(4, 4 + MAX_DIAGNOSTICS)]
    assert isinstance(summary, Omitted)
    assert (summary.count, summary.span, summary.severity) == (900, Span("app.ini", 104, 1, 104, 2), Severity.WARNING)


def test_engine_merges_counted_problems_into_its_count_line() -> None:
    doc = Document("a.ini", "ini", diagnostics=[
        *(Diagnostic(Span.point("a.ini", line), "bad", Severity.WARNING) for line in range(1, 151)),
        Omitted(Span.point("a.ini", 151), "counted", Severity.ERROR, 1000)])
    _cap_diagnostics(doc)
    assert [d.span.line for d in doc.diagnostics] == [*range(1, MAX_DIAGNOSTICS + 1), MAX_DIAGNOSTICS + 1]
    summary = doc.diagnostics[-1]
    assert type(summary) is Diagnostic and summary.severity is Severity.ERROR
    assert summary.message == "1050 more problems in this file are not reported (only the first 100)"
