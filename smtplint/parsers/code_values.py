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

    A use sees the assignments written before it (every assignment when none is: a constant declared below
    its use); of those, the last one that runs whenever the use runs (not under an ``if``, ``switch``, loop or
    ``catch`` that does not also hold the use) and the conditional ones after it. One value, or several that
    agree, is certain. Several literals that disagree (``if (...) { $h = 'a'; } else { $h = 'b'; }``) are
    *candidates*: :meth:`value` gives the one :attr:`choices` selects (the first by default) and records the
    choice in :attr:`seen`, and :func:`with_variants` builds the endpoint once per combination, for the rules
    to judge one severity lower what only some paths do. A candidate that is a reference makes the use a
    reference. ``local`` names (PHP variables) see only the assignments of the function that holds the use.
    """

    def __init__(self, src: Source, conditionals: frozenset[str], functions: frozenset[str],
                 local: bool = False) -> None:
        self.src = src
        self.conditionals = conditionals
        self.functions = functions
        self.local = local
        self._assigned: dict[str, list[tuple[Any, Any]]] = {}  # name -> (value node or None, statement)
        self.seen: dict[tuple[int, ...], int] = {}  # uncertain uses met: candidate statements -> how many
        self.choices: dict[tuple[int, ...], int] = {}

    def add(self, name: str, value: Any, at: Any) -> None:
        """``name`` assigned ``value`` by the statement ``at``; ``value`` None: not knowable (a parameter)."""
        self._assigned.setdefault(name, []).append((value, at))

    def __contains__(self, name: object) -> bool:
        return name in self._assigned

    def get(self, name: str) -> Any:
        """The last value node written for ``name`` (an object's literal, looked through), or None."""
        assigned = self._assigned.get(name)
        return assigned[-1][0] if assigned else None

    def _function(self, node: Any) -> Any:
        current = node.parent
        while current is not None and current.type not in self.functions:
            current = current.parent
        return current.start_byte if current is not None else None

    def reaching(self, name: str, use: Any) -> list[tuple[Any, Any]]:
        """The assignments to ``name`` that may give its value at ``use``, in source order."""
        assigned = self._assigned.get(name, [])
        if self.local:
            function = self._function(use)
            assigned = [a for a in assigned if self._function(a[1]) == function]
        before = [a for a in assigned if a[1].end_byte <= use.start_byte]
        pool = before or assigned
        for i in range(len(pool) - 1, -1, -1):
            if not under_condition(pool[i][1], self.conditionals, self.functions, use):
                return pool[i:]
        return pool

    def value(self, name: str, use: Any, resolve: Callable[[Any], Value]) -> Value | None:
        """``name``'s value at ``use`` (raw: the use's text), or None when the name is not assigned in the file."""
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
        key = tuple(at.start_byte for _value, at in reaching)
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
