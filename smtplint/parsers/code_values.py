"""Value helpers shared by the code readers: a resolved expression under another source text, string
concatenation, a reference's literal fallback (``??``, ``||``, ``getenv("X", "25")``), string literal pieces
with their escapes (Java, C#), and same-file names that may hold one of several values (:class:`Names`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from smtplint.model import ClientEndpoint, Origin
from smtplint.parsers.code_mail import Value
from smtplint.parsers.code_tree import Source, under_condition


def renamed(inner: Value, raw: str) -> Value:
    """``inner`` as written at another expression (a constant's name, a cast, a conversion call)."""
    return Value(inner.text, raw, inner.origin, inner.nil)


def joined(a: Value, b: Value, raw: str) -> Value:
    """``a + b`` on two literal strings; a reference otherwise."""
    if a.known_literal and b.known_literal and a.text is not None and b.text is not None:
        return Value(a.text + b.text, raw)
    return Value.reference(raw)


def fallback_of(value: Value, raw: str) -> Value:
    """The expression ``raw`` that falls back to ``value`` (``ENV.fetch("X", 25)``): ``value``'s text, origin
    FALLBACK, when it is a literal; a reference otherwise."""
    return Value(value.text, raw, Origin.FALLBACK) if value.known_literal else Value.reference(raw)


def or_fallback(first: Value, fallback: Callable[[], Value], raw: str) -> Value:
    """``first ?? fallback``: the fallback (origin FALLBACK) when ``first`` is a reference and it is a literal."""
    if first.origin is Origin.REFERENCE:
        return fallback_of(fallback(), raw)
    return Value.reference(raw) if first.nil else first


def literal_text(src: Source, node: Any, escapes: dict[str, str]) -> str:
    """A string literal's text: its pieces joined, two-character escapes decoded, others kept as written."""
    parts: list[str] = []
    for child in node.named_children:
        text = src.text(child)
        if child.type == "escape_sequence":
            parts.append(escapes.get(text[1:], text[1:]) if len(text) == 2 else text)
        else:
            parts.append(text)
    return "".join(parts)


def referenced_name(src: Source, node: Any, member_kind: str, member_field: str) -> str | None:
    """The same-file name a node refers to: an identifier, or the last part of a member access (``PORT`` of
    ``Config.PORT``: Java ``field_access``/``field``, C# ``member_access_expression``/``name``)."""
    if node.type == "identifier":
        return src.text(node)
    if node.type == member_kind:
        name = node.child_by_field_name(member_field)
        return src.text(name) if name is not None else None
    return None


# ------------------------------------------------------------------ same-file names assigned on several paths

_MAX_VARIANTS = 16


class Names:
    """A file's same-file names and every assignment to them, so that a use sees the values that may reach it.

    A use sees the assignments of its own function (and of the functions around it, and of the file) written
    before it (every one when none is: a constant declared below its use); of those, the last one that runs
    whenever the use runs (not under an ``if``, ``switch``, loop or ``catch`` that does not also hold the use)
    and the conditional ones after it. An assignment in another function to a name that is not declared
    there may run before the use or not: it is one more candidate; a ``local`` declaration (a parameter, a
    ``:=``, a PHP variable) is invisible outside its function. One value, or several that agree, is certain.
    Several literals that disagree (``if (...) { $h = 'a'; } else { $h = 'b'; }``) are *candidates*:
    :meth:`value` gives the one :attr:`choices` selects (the first by default) and records the choice in
    :attr:`seen`, keyed by the branches the candidates come from (names assigned together in the same
    branches take the same path in every variant), and :func:`with_variants` builds the endpoint once per
    combination, for the rules to judge one severity lower what only some paths do. A candidate that is a
    reference makes the use a reference.
    Without ``file_names`` a function does not see the file's own names (PHP: a function sees only its
    variables and ``global`` ones).
    """

    def __init__(self, src: Source, conditionals: frozenset[str], functions: frozenset[str],
                 file_names: bool = True) -> None:
        self.src = src
        self.file_names = file_names
        self.conditionals = conditionals
        self.functions = functions
        # name -> (value node or None: not knowable, statement, declared local to its function)
        self._assigned: dict[str, list[tuple[Any, Any, bool]]] = {}
        self.seen: dict[tuple[int, ...], int] = {}  # uncertain uses met: candidate statements -> how many
        self.choices: dict[tuple[int, ...], int] = {}
        self._around: dict[tuple[int, int, str], list[int]] = {}

    def add(self, name: str, value: Any, at: Any, local: bool = False) -> None:
        """``name`` assigned ``value`` by the statement ``at`` (``value`` None: not knowable, a parameter);
        ``local``: a declaration the enclosing function alone sees."""
        self._assigned.setdefault(name, []).append((value, at, local))

    def __contains__(self, name: object) -> bool:
        return name in self._assigned

    def sole(self, name: str, use: Any) -> Any:
        """The one value node that reaches ``use`` (an object's literal, looked through), or None."""
        reaching = self.reaching(name, use)
        return reaching[0][0] if len(reaching) == 1 else None

    def declared_at(self, name: str, node: Any) -> int | None:
        """The start of the innermost function around ``node`` that declares ``name`` for itself, or None (a
        file-level name)."""
        declaring = {self._functions_around(at)[0] for _v, at, local in self._assigned.get(name, [])
                     if local and self._functions_around(at)}
        return next((f for f in self._functions_around(node) if f in declaring), None)

    def _functions_around(self, node: Any) -> list[int]:
        """The starts of the functions around ``node``, innermost first."""
        key = (node.start_byte, node.end_byte, node.type)
        cached = self._around.get(key)
        if cached is None:
            cached = []
            current = node.parent
            while current is not None:
                if current.type in self.functions:
                    cached.append(current.start_byte)
                current = current.parent
            self._around[key] = cached
        return cached

    def reaching(self, name: str, use: Any) -> list[tuple[Any, Any]]:
        """The assignments to ``name`` that may give its value at ``use``: (value node, statement)."""
        around = set(self._functions_around(use))
        assigned = [(value, at, local, self._functions_around(at)) for value, at, local in self._assigned.get(name, [])]
        # functions that declare the name for themselves: an assignment inside one sets that local
        declaring = {functions[0] for _v, _a, local, functions in assigned if local and functions}
        own = declaring & around  # the use reads a local of one of its functions
        visible: list[tuple[Any, Any]] = []
        elsewhere: list[tuple[Any, Any]] = []
        for value, at, local, functions in assigned:
            if (not functions and (self.file_names or not around)) or (functions and functions[0] in around):
                visible.append((value, at))
            elif not local and functions and not (declaring & set(functions) - around) \
                    and (not own or own & set(functions)):
                elsewhere.append((value, at))  # another function may set it before the use, or not
        before = [a for a in visible if a[1].end_byte <= use.start_byte]
        pool = before or visible
        start = 0
        for i in range(len(pool) - 1, -1, -1):
            if not under_condition(pool[i][1], self.conditionals, self.functions, use):
                start = i
                break
        # of several assignments in one branch, only the last leaves it
        last: dict[int, tuple[Any, Any]] = {}
        for assignment in pool[start:]:
            last[self._region(assignment[1], use)] = assignment
        return sorted(last.values(), key=lambda a: a[1].start_byte) + elsewhere

    def _region(self, node: Any, use: Any) -> int:
        """The innermost branch (the then or else of an ``if``, a ``case``, a loop body ...) around ``node``
        that does not hold ``use``, by its start; -1 when ``node`` runs whenever ``use`` does."""
        child, current = node, node.parent
        while current is not None and current.type not in self.functions:
            if current.type in self.conditionals and not (current.start_byte <= use.start_byte
                                                          and use.end_byte <= current.end_byte):
                start: int = child.start_byte  # the branch taken inside it (then or else)
                return start
            child, current = current, current.parent
        return -1

    def value(self, name: str, use: Any, resolve: Callable[[Any], Value]) -> Value | None:
        """``name``'s value at ``use`` (raw: the use's text), or None when no assignment reaches it."""
        raw = self.src.text(use)
        reaching = self.reaching(name, use)
        if not reaching:
            return None
        values = [resolve(value) if value is not None else Value.reference(raw) for value, _at in reaching]
        if any(v.origin is Origin.REFERENCE for v in values):
            return Value.reference(raw)
        distinct = list(dict.fromkeys((v.text, v.origin, v.nil) for v in values))
        if len(distinct) == 1:
            return renamed(values[0], raw)
        # keyed by the branches the candidates come from: names assigned together in the same branches
        # (``if (...) { $host = 'a'; $port = 465; } else { ... }``) take the same path in every variant
        key = tuple(self._region(at, use) if self._functions_around(at)[:1] == self._functions_around(use)[:1]
                    else at.start_byte for _value, at in reaching)
        self.seen[key] = len(values)
        return renamed(values[min(self.choices.get(key, 0), len(values) - 1)], raw)


def with_variants(names: Names, build: Callable[[], ClientEndpoint | None]) -> ClientEndpoint | None:
    """``build()``'s endpoint; when a value it read is one of several candidates (:class:`Names`), with one
    variant per combination of candidates (at most 16) in ``variants``, for the rules to judge each."""
    names.seen, names.choices = {}, {}
    ep = build()
    seen = dict(names.seen)
    if ep is None or not seen:
        return ep
    keys = list(seen)
    variants: list[ClientEndpoint] = []
    for combination in itertools.islice(itertools.product(*(range(seen[k]) for k in keys)), _MAX_VARIANTS):
        names.choices = dict(zip(keys, combination, strict=True))
        variant = build()
        if variant is not None:
            variants.append(variant)
    names.seen, names.choices = {}, {}
    ep.variants = tuple(variants)
    return ep


def document_variants(names: Names, build: Callable[[], list[ClientEndpoint]]) -> list[ClientEndpoint]:
    """:func:`with_variants` for a reader that builds all of a file's endpoints in one pass (Java, C#): the
    pass again per combination of candidates, each endpoint given the variants built at its place."""
    names.seen, names.choices = {}, {}
    endpoints = build()
    seen = dict(names.seen)
    if not seen:
        return endpoints
    keys = list(seen)
    at_place: dict[tuple[str, int, int], list[ClientEndpoint]] = {}
    for combination in itertools.islice(itertools.product(*(range(seen[k]) for k in keys)), _MAX_VARIANTS):
        names.choices = dict(zip(keys, combination, strict=True))
        for variant in build():
            at_place.setdefault((variant.dialect.value, variant.span.line, variant.span.column), []).append(variant)
    names.seen, names.choices = {}, {}
    for ep in endpoints:
        variants = at_place.get((ep.dialect.value, ep.span.line, ep.span.column), [])
        if len(variants) > 1:
            ep.variants = tuple(variants)
    return endpoints
