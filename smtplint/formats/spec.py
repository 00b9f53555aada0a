"""What one input format declares (smtplint.formats reads the declarations; nothing else names a format).

A declaration is cheap to import: its parser and comment reader are functions that import the real code only
when a file of the format is read, so discovery can match every format's names on start-up at no cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from smtplint.records import field, record

if TYPE_CHECKING:  # the declarations are read on every start-up: the model is imported when a file is parsed
    from smtplint.model import Document
    from smtplint.model.layout import Layout

# A module a star import names (its spec as the parser wrote it) -> (display path, text), or None when it was
# looked for and is not there
Modules = Mapping[str, "tuple[str, str] | None"]


@record(frozen=True)
class ParseContext:
    """What the conductor gives a parser besides the text: the modules it declared it needs (smtplint.model.Need
    with ``module``) that were read for it so far. A spec missing here is declared again in ``needs``."""

    modules: Modules = field(default_factory=dict)


Parse = Callable[[str, str, ParseContext], "Document"]
Sniff = Callable[[bytes], bool]


@record(frozen=True)
class DocsRow:
    """One row of the README's "Supported inputs" table."""

    input: str
    reads: str


@record(frozen=True)
class InputFormat:
    """One input syntax: how its files are recognised, parsed and commented, and what the docs say of it.

    Names are globs on the file name (``*`` and ``?``; case-insensitive in ``names``, exact in
    ``exact_names``); ``folder_names`` are ``folder/glob`` pairs (``settings/*.py``). Example copies
    (``*.example``, ``*.sample``, ``*.dist``) have their inner kind. A file whose name matches one of the
    ``probe`` globs is read when ``sniff`` finds the format in its first MiB (found in a folder, only in a folder
    whose name matches one of ``probe_folders``, when there are any); named on the command line it is read
    without a look unless ``sniff_named``.
    """

    name: str  # the document format and the fixtures folder (tests/fixtures/<name>/)
    label: str  # how messages and the docs call it
    parse: Parse
    comments: Callable[[str], Layout]
    names: tuple[str, ...] = ()
    exact_names: tuple[str, ...] = ()
    folder_names: tuple[str, ...] = ()
    probe: tuple[str, ...] = ()  # globs (case-insensitive) of names read only when ``sniff`` confirms them
    sniff: Sniff | None = None
    # literal words one of which is in every file ``sniff`` may accept: the registry refuses a probed file that
    # holds none without asking ``sniff``, and discovery inside git lets ``git grep`` find such files among many
    # (they are never opened); empty: no gate
    gate: tuple[bytes, ...] = ()
    # globs (case-insensitive) of the folder a probed file found in a walk must sit in (empty: any folder);
    # a file named on the command line is confirmed by its bytes alone
    probe_folders: tuple[str, ...] = ()
    sniff_named: bool = False
    # another format whose files this one takes when ``sniff`` finds it in their bytes (OctoDNS zone files are
    # YAML by name): asked by the reading step on every file the other format claims
    overrides: str | None = None
    legacy_encoding: str | None = None  # text that is not UTF-8 is read in this encoding (.properties: latin-1)
    hook: bool = True  # the pre-commit hook's `files:` pattern includes the names
    # its names take many files that hold no mail settings (any *.yml, any .env): a parse problem in one whose
    # text mentions no mail setting is reported as info (it is likely not configuration smtplint is for)
    broad: bool = False
    name_priority: bool = False  # its names are tried before every other format's (``*.gitlab-ci.yml``: ``*.yml``)
    docs: tuple[DocsRow, ...] = ()


def comment_reader(name: str) -> Callable[[str], Layout]:
    """The comment reader ``smtplint.parsers.comments.<name>``, imported when the first file is read."""
    def read(text: str) -> Layout:
        from smtplint.parsers import comments
        reader: Callable[[str], Layout] = getattr(comments, name)
        return reader(text)
    return read


def text_parser(module: str, function: str = "parse") -> Parse:
    """``smtplint.parsers.<module>.<function>(path, text)``, imported when the first file of the format is read
    (a declaration must cost nothing on start-up; tests/robustness parses text with every declared format)."""
    def parse(path: str, text: str, context: ParseContext) -> Document:
        import importlib
        found: Callable[[str, str], Document] = getattr(importlib.import_module(f"smtplint.parsers.{module}"),
                                                        function)
        return found(path, text)
    return parse


def glob_regex(glob: str) -> str:
    """A regular expression for a file-name glob: ``*`` any run of characters but ``/``, ``?`` one of them."""
    out: list[str] = []
    for ch in glob:
        out.append("[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch))
    return "".join(out)


class GlobTable:
    """Which of many file-name globs a name matches first, without compiling them all into one regular
    expression up front (compiling the registry's ~60 globs took a few milliseconds of every run).

    Each glob comes with its owner's rank; :meth:`first` gives the lowest rank among the globs that match the
    whole name (``*`` any run of characters but ``/``, ``?`` one). Exact names are found in a dict; the other
    globs are grouped by the last extension their literal tail fixes (``*.gitlab-ci.yml``: ``yml``), and
    the globs a name may match (its extension's group and the globs that fix none) are compiled into one
    alternation, ordered by rank, the first time a name with that extension is asked about.
    """

    def __init__(self, globs: Iterable[tuple[int, str, bool]]) -> None:
        """``globs``: (rank, glob, case-insensitive)."""
        self._exact: dict[str, int] = {}  # case-sensitive names
        self._exact_folded: dict[str, int] = {}  # case-insensitive names, lower case
        self._by_extension: dict[str, list[tuple[int, str]]] = {}  # extension -> (rank, regex)
        self._other: list[tuple[int, str]] = []  # globs whose tail fixes no extension
        self._matchers: dict[str | None, tuple[re.Pattern[str] | None, tuple[int, ...]]] = {}
        for rank, glob, folded in globs:
            if "*" not in glob and "?" not in glob:
                exact = self._exact_folded if folded else self._exact
                text = glob.lower() if folded else glob
                exact[text] = min(rank, exact.get(text, rank))
                continue
            regex = f"(?i:{glob_regex(glob)})" if folded else glob_regex(glob)
            tail = glob.rpartition("*")[2]
            if "." in tail and "?" not in tail:
                self._by_extension.setdefault(tail.rpartition(".")[2].lower(), []).append((rank, regex))
            else:
                self._other.append((rank, regex))

    def _matcher(self, extension: str | None) -> tuple[re.Pattern[str] | None, tuple[int, ...]]:
        """The alternation for names with this extension (None: no dot) and the rank of each alternative."""
        found = self._matchers.get(extension)
        if found is None:
            candidates = sorted([*(self._by_extension.get(extension, ()) if extension is not None else ()),
                                 *self._other])
            pattern = re.compile("|".join(f"(?P<g{i}>{regex})" for i, (_rank, regex) in enumerate(candidates))) \
                if candidates else None
            found = self._matchers[extension] = (pattern, tuple(rank for rank, _regex in candidates))
        return found

    def first(self, name: str) -> int | None:
        """The lowest rank whose glob matches ``name``, or None."""
        lower = name.lower()
        best = min(self._exact.get(name, _NO_RANK), self._exact_folded.get(lower, _NO_RANK))
        dot = lower.rfind(".")
        pattern, ranks = self._matcher(lower[dot + 1:] if dot >= 0 else None)
        if pattern is not None:
            match = pattern.fullmatch(name)
            if match is not None and match.lastgroup is not None:
                best = min(best, ranks[int(match.lastgroup[1:])])
        return None if best == _NO_RANK else best


_NO_RANK = 1 << 30
