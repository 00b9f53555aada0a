"""What one input format declares (smtplint.formats reads the declarations; nothing else names a format).

A declaration is cheap to import: its parser and comment reader are functions that import the real code only
when a file of the format is read, so discovery can match every format's names on start-up at no cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
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
