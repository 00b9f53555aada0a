"""Source code read with tree-sitter: grammars loaded lazily, nodes turned into exact spans and text.

The grammars are the published wheels (``tree-sitter-ruby``, ``tree-sitter-javascript``, ...; the optional
``smtplint[code]`` extra). Nothing here imports them until a file that passed its format's byte check is
parsed, so a run over YAML files never loads a grammar. A grammar that is not installed or does not load is
:class:`GrammarMissing`, whose message the format puts in the document's ``skipped`` reason (one line, the run
goes on). tree-sitter never fails on bad input: a broken file gives ``ERROR`` nodes, which readers ignore.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from functools import cache
from typing import Any

from smtplint.i18n import _
from smtplint.model import Span
from smtplint.patterns import lazy

# language -> (grammar module, factory function, the pip package that provides it)
GRAMMARS: dict[str, tuple[str, str, str]] = {
    "ruby": ("tree_sitter_ruby", "language", "tree-sitter-ruby"),
    "javascript": ("tree_sitter_javascript", "language", "tree-sitter-javascript"),
    "typescript": ("tree_sitter_typescript", "language_typescript", "tree-sitter-typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx", "tree-sitter-typescript"),
    "php": ("tree_sitter_php", "language_php", "tree-sitter-php"),
    "java": ("tree_sitter_java", "language", "tree-sitter-java"),
    "csharp": ("tree_sitter_c_sharp", "language", "tree-sitter-c-sharp"),
    "go": ("tree_sitter_go", "language", "tree-sitter-go"),
}


class GrammarMissing(Exception):
    """The tree-sitter runtime or a grammar is not installed (or does not load): the message says which."""


@cache
def _language(language: str) -> Any:
    module, factory, package = GRAMMARS[language]
    try:
        runtime = importlib.import_module("tree_sitter")
        grammar = importlib.import_module(module)
        return runtime.Language(getattr(grammar, factory)())
    except Exception as exc:  # ImportError, an ABI mismatch (ValueError), a broken wheel
        raise GrammarMissing(
            _("the {language} grammar is not available ({error}); install smtplint[code] (tree-sitter and "
              "{package}) to read this file").format(language=language, error=type(exc).__name__, package=package)
        ) from exc


@cache
def _parser(language: str) -> Any:
    grammar = _language(language)  # first: without the runtime it raises GrammarMissing, not ImportError
    return importlib.import_module("tree_sitter").Parser(grammar)


@cache
def _query(language: str, types: frozenset[str]) -> Any:
    """A query capturing every named node of these types (the ones this grammar version knows), or None."""
    grammar = _language(language)
    known = sorted(t for t in types if grammar.id_for_node_kind(t, True))
    if not known:
        return None
    runtime = importlib.import_module("tree_sitter")
    return runtime.Query(grammar, "[" + " ".join(f"({t})" for t in known) + "] @node")


def nodes_of(src: Source, types: frozenset[str]) -> list[Any]:
    """The named nodes of these types in the file, in source order (an outer node before the nodes inside it):
    what ``[n for n in walk(src.root) if n.type in types]`` gives, found by tree-sitter's query engine in C
    instead of a Python loop over every node (a 150 kB PHP file: 26,000 nodes, 2,400 of them wanted)."""
    query = _query(src.language, types)
    if query is None:
        return []
    cursor = getattr(importlib.import_module("tree_sitter"), "QueryCursor", None)  # tree-sitter 0.25+
    found = (cursor(query) if cursor is not None else query).captures(src.root).get("node", [])
    return sorted(found, key=lambda node: (node.start_byte, -node.end_byte))


# Where lines end, as each language reads its source: JavaScript at CR, LF, CR LF, U+2028 and U+2029
# (ECMA-262 LineTerminator); PHP at CR, LF and CR LF (the Zend scanner's NEWLINE); Ruby at LF only (a CR
# before it is part of no token); Go at LF only (a CR is white space).
LINE_BREAKS: dict[str, re.Pattern[bytes]] = {
    "javascript": lazy(rb"\r\n|\r|\n|\xe2\x80\xa8|\xe2\x80\xa9"),
    "php": lazy(rb"\r\n|\r|\n"),
    "ruby": lazy(rb"\n"),
    # Java (JLS 3.4): CR, LF, CR LF; C#: those and NEL, U+2028, U+2029
    "java": lazy(rb"\r\n|\r|\n"),
    "csharp": lazy(rb"\r\n|\r|\n|\xc2\x85|\xe2\x80\xa8|\xe2\x80\xa9"),
    "go": lazy(rb"\n"),
}
_BREAKS_OF = {"javascript": "javascript", "typescript": "javascript", "tsx": "javascript", "php": "php",
              "ruby": "ruby", "java": "java", "csharp": "csharp", "go": "go"}


# Java and C# end a // comment at a lone CR too; their grammars end it at LF only, so the parser is given the
# text with each lone CR as LF.
_CR_ENDS_COMMENTS = frozenset({"java", "csharp"})
_LONE_CR = lazy(rb"\r(?!\n)")


class Source:
    """One file's text as tree-sitter reads it (UTF-8 bytes), with its tree and node helpers."""

    def __init__(self, path: str, text: str, language: str) -> None:
        self.path = path
        self.language = language
        self.data = text.encode("utf-8", "surrogatepass")
        breaks = LINE_BREAKS[_BREAKS_OF[language]]
        self.starts = [0] + [m.end() for m in breaks.finditer(self.data)]
        tree_input = self.data
        if language in _CR_ENDS_COMMENTS and b"\r" in tree_input:
            tree_input = _LONE_CR.sub(b"\n", tree_input)  # same length: every offset stays where it was
        self.root: Any = _parser(language).parse(tree_input).root_node

    def text(self, node: Any) -> str:
        """The node's source text."""
        return self.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def _point(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self.starts, offset) - 1
        start = self.starts[row]
        return row + 1, len(self.data[start:offset].decode("utf-8", "replace")) + 1

    def span(self, node: Any, end: Any = None) -> Span:
        """The node's span (to ``end``'s end when given): 1-based lines, character columns, end exclusive."""
        last = end if end is not None else node
        line, column = self._point(node.start_byte)
        end_line, end_column = self._point(last.end_byte)
        return Span(self.path, line, column, end_line, end_column)


def walk(node: Any) -> list[Any]:
    """Every named node under ``node`` (itself included), in source order."""
    out: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.named_children))
    return out


class Scopes:
    """Which declaration a name means where it is used: the innermost function that declares it, or the file.

    ``client`` in two methods is two objects; a receiver is keyed by the function that declares it (a local
    variable or a parameter) and by its name alone when no enclosing function does (a field).
    """

    def __init__(self, src: Source, nodes: list[Any], functions: frozenset[str],
                 declarations: dict[str, str]) -> None:
        self.src = src
        self.functions = functions
        self.declared: dict[int, set[str]] = {}  # function start byte -> names declared in it
        self.declarations: dict[str, Any] = {}  # scoped key -> the node that declares it
        for node in nodes:
            field = declarations.get(node.type)
            name = node.child_by_field_name(field) if field is not None else None
            function = self.function_of(node)
            if name is not None and function is not None:
                self.declared.setdefault(function.start_byte, set()).add(src.text(name))
                self.declarations[f"{function.start_byte}:{src.text(name)}"] = node

    def function_of(self, node: Any) -> Any:
        current = node.parent
        while current is not None and current.type not in self.functions:
            current = current.parent
        return current

    def key(self, node: Any, text: str | None = None) -> str:
        """``text`` (default: the node's text) as used at ``node``, keyed by the scope that declares it."""
        name = self.src.text(node) if text is None else text
        if name.startswith("this."):
            return name[5:]
        head = name.split(".", 1)[0]
        function = self.function_of(node)
        while function is not None:
            if head in self.declared.get(function.start_byte, ()):
                return f"{function.start_byte}:{name}"
            function = self.function_of(function)
        return name


def under_condition(node: Any, conditionals: frozenset[str], functions: frozenset[str], within: Any = None) -> bool:
    """True when ``node`` runs only on some paths of its function: inside an ``if``, a ``switch``, a loop, a
    ``catch`` or a conditional expression that does not also hold ``within`` (the object's declaration: an
    object made and configured inside one ``if`` is configured for certain). A value set there may or may not
    be the one in effect."""
    current = node.parent
    while current is not None and current.type not in functions:
        if current.type in conditionals and not (within is not None and current.start_byte <= within.start_byte
                                                 and within.end_byte <= current.end_byte):
            return True
        current = current.parent
    return False
