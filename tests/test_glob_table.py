"""formats.spec.GlobTable: the registry's name matcher gives what one regular expression per glob gives.

The registry used to compile every glob into three alternations (a few milliseconds of every run); the table
answers with string tests. Here both are asked about the same names: every glob of every declaration turned
into names, case changes, example suffixes, near misses and generated names.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from smtplint import formats
from smtplint.formats.spec import GlobTable, glob_regex

_NAMED = formats._NAMED
_PROBED = formats._PROBED


def _by_regex(name: str, folder: str) -> str | None:
    """format_of() as the alternation of regular expressions computed it: the first declaration, in order, with
    a glob that matches the whole name (or folder/name)."""
    for fmt in _NAMED:
        pats = [f"(?i:{glob_regex(g)})" for g in fmt.names] + [glob_regex(g) for g in fmt.exact_names]
        pats += [f"{glob_regex(d)}/(?i:{glob_regex(g)})" for d, _, g in (p.partition("/") for p in fmt.folder_names)]
        if any(re.fullmatch(p, n) for p in pats for n in (name, f"{folder}/{name}")):
            return fmt.name
    return None


def _probe_by_regex(name: str) -> str | None:
    for fmt in _PROBED:
        if any(re.fullmatch(f"(?i:{glob_regex(g)})", name) for g in fmt.probe):
            return fmt.name
    return None


def _names() -> list[str]:
    out: list[str] = []
    for fmt in formats.FORMATS.values():
        for glob in (*fmt.names, *fmt.exact_names, *fmt.probe, *(p.partition("/")[2] for p in fmt.folder_names)):
            for fill in ("", "x", "my-app", "a.b"):
                name = glob.replace("*", fill).replace("?", "q")
                out += [name, name.upper(), name.capitalize(), name + "x", "x" + name, name[:-1], name + ".bak"]
    return sorted(set(out) - {""})


FOLDERS = ["", "settings", "main.cf.d", "postfix", "Settings", "conf"]


def test_format_of_agrees_with_the_regular_expressions() -> None:
    for name in _names():
        for folder in FOLDERS:
            got = formats.format_of(name, folder)
            inner = formats._inner_name(name)
            assert (got.name if got else None) == _by_regex(inner, folder), (name, folder)


def test_probed_format_agrees_with_the_regular_expressions() -> None:
    for name in _names():
        got = formats.probed_format(name)
        assert (got.name if got else None) == _probe_by_regex(formats._probe_inner(name)), name


@given(st.text(alphabet=st.sampled_from(list("aAeEnNvVyYmMlLcCfFpPsS.-_*?")), max_size=14),
       st.sampled_from(FOLDERS))
def test_generated_names(name: str, folder: str) -> None:
    got = formats.format_of(name, folder)
    assert (got.name if got else None) == _by_regex(formats._inner_name(name), folder)


def test_table_ranks_and_wildcards() -> None:
    table = GlobTable([(2, "*.yml", True), (1, "*.gitlab-ci.yml", True), (0, "Main.cf", False), (3, "db.*", True),
                       (4, "?.ini", True), (5, "*settings*.py", True)])
    assert table.first("x.gitlab-ci.YML") == 1
    assert table.first("values.yml") == 2
    assert table.first("Main.cf") == 0 and table.first("main.cf") is None
    assert table.first("db.example") == 3 and table.first("DB.x") == 3
    assert table.first("a.ini") == 4 and table.first("ab.ini") is None
    assert table.first("my_settings_prod.py") == 5 and table.first("settings.py") == 5
    assert table.first("settingspy") is None and table.first(".py") is None
