"""smtplint.patterns.lazy: a pattern compiled at first use behaves as re.compile's; the star-glob matcher of the
configuration (config._Globs) agrees with fnmatch, and the resolver's absolute paths with os.path.abspath."""

from __future__ import annotations

import fnmatch
import os
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtplint.config import _Globs
from smtplint.patterns import lazy


def test_a_lazy_pattern_is_not_compiled_until_used() -> None:
    pattern = lazy(r"(?P<key>[a-z]+)=(\d+)", re.I)
    assert "match" not in vars(pattern)  # nothing compiled yet
    m = pattern.match("Port=587")
    assert m is not None and m.group("key") == "Port" and m.group(2) == "587"
    assert "match" in vars(pattern)  # the compiled pattern's methods are now the object's own
    assert pattern.groups == 2 and pattern.groupindex == {"key": 1}
    assert pattern.flags & re.I
    assert pattern.pattern == r"(?P<key>[a-z]+)=(\d+)"


@pytest.mark.parametrize(("method", "args"), [
    ("search", ("a port=25 here",)), ("fullmatch", ("port=25",)), ("sub", ("X", "a=1 b=2")),
    ("subn", ("X", "a=1 b=2")), ("findall", ("a=1 b=2",)), ("split", ("a=1 b=2",)),
])
def test_every_method_answers_as_the_compiled_pattern(method: str, args: tuple[str, ...]) -> None:
    text = r"([a-z]+)=(\d+)"
    ours, theirs = getattr(lazy(text), method)(*args), getattr(re.compile(text), method)(*args)
    if isinstance(theirs, re.Match):  # match objects compare by identity: compare what they found
        assert isinstance(ours, re.Match) and ours.span() == theirs.span() and ours.groups() == theirs.groups()
    else:
        assert ours == theirs
    found = [m.span() for m in lazy(text).finditer("a=1 b=2")]
    assert found == [(0, 3), (4, 7)]


def test_bytes_patterns_and_unknown_attributes() -> None:
    assert lazy(rb"mail\.").search(b"x mail.smtp") is not None
    with pytest.raises(AttributeError):
        _ = lazy("x").no_such_attribute  # type: ignore[attr-defined]


def test_a_lazy_pattern_survives_pickling_used_or_not() -> None:
    fresh, used = lazy("a+"), lazy("b+")
    used.match("bb")
    assert pickle.loads(pickle.dumps(fresh)).match("aa") is not None  # our own object
    assert pickle.loads(pickle.dumps(used)).match("bbb") is not None


_GLOB = st.text(alphabet="ab.*/_?", max_size=8)
_NAME = st.text(alphabet="ab./_", max_size=10)


@settings(max_examples=2000)
@given(st.lists(_GLOB, min_size=1, max_size=4), _NAME)
def test_globs_agree_with_fnmatch(patterns: list[str], name: str) -> None:
    assert _Globs(patterns).match(name) == any(fnmatch.fnmatchcase(name, p) for p in patterns)


@pytest.mark.parametrize(("patterns", "name", "expected"), [
    (["*.example"], ".env.example", True),
    (["*.example"], "example", False),
    (["*.example.*"], "app.example.yml", True),
    (["test_*"], "test_mail.py", True),
    (["*Test.java"], "MailTest.java", True),
    (["*Test.java"], "test.java", False),  # case-sensitive, as fnmatchcase
    (["a*b*a"], "aba", True),
    (["a*b*a"], "aa", False),
    (["docs"], "docs", True),
    (["docs"], "docs2", False),
    (["file?.cf"], "file1.cf", True),
    (["[mM]ain.cf"], "Main.cf", True),
])
def test_globs_examples(patterns: list[str], name: str, expected: bool) -> None:
    assert _Globs(patterns).match(name) is expected


@settings(max_examples=3000)
@given(st.text(alphabet="ab./", max_size=12) | st.text(alphabet="ab./", max_size=12).map(lambda p: "/" + p))
def test_the_resolver_makes_paths_absolute_as_abspath_does(path: str) -> None:
    from smtplint.config import Cli, Resolver
    from smtplint.rules import RULES

    assert Resolver(Cli(), list(RULES))._absolute(path) == os.path.abspath(path)
