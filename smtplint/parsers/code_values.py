"""Value helpers shared by the C-family code readers (Java, C#): a resolved expression under another source
text, string concatenation, a reference's literal fallback, string literal pieces with their escapes."""

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


def or_fallback(first: Value, fallback: Callable[[], Value], raw: str) -> Value:
    """``first ?? fallback``: the fallback (origin FALLBACK) when ``first`` is a reference and it is a literal."""
    if first.origin is Origin.REFERENCE:
        other = fallback()
        return Value(other.text, raw, Origin.FALLBACK) if other.known_literal else Value.reference(raw)
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
