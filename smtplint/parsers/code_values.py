"""Value helpers shared by the code readers: a resolved expression under another source text, string
concatenation, a reference's literal fallback (``??``, ``||``, ``getenv("X", "25")``), string literal pieces
with their escapes (Java, C#)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtplint.model import Origin
from smtplint.parsers.code_mail import Value
from smtplint.parsers.code_tree import Source


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
