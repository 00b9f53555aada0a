"""One template policy for every format: which lines are template syntax, and how parsers skip them.

Configuration files are often rendered before use (Jinja/Ansible ``{% %}``/``{{ }}``/``{# #}``, ERB
``<% %>``, Go templates/Helm ``{{ }}``, ``${}`` interpolation engines). The policy, shared by every parser:

* A *template line* is a line whose first non-blank text is a template statement or comment (``{%``,
  ``{#``, ``<%`` other than ``<%=``, a Go ``{{ if/else/end/range/with/define/template/block }}`` or
  ``{{/* */}}``), or a line holding nothing but one ``{{ ... }}`` expression; a statement or comment
  that is not closed on its line makes the following lines template lines up to its closer. A template
  line is never a syntax error: :func:`mask_lines` turns it into a comment of the same length, so every
  offset of the literal lines around it stays true and those lines are still judged.
* A value holding a template expression (``{{ x }}``, ``<%= x %>``, ``${X}``, ...) is a reference, not a
  literal: :func:`smtplint.parsers.values.is_templated` decides that for every format.
* A whole file is treated as a template only where its syntax cannot be read otherwise (YAML): a syntax
  error at or next to a template construct skips the file; an invalid file without template syntax near
  the error is still a syntax error (a vendored broken file is not a template).
"""

from __future__ import annotations

import re

from smtplint.parsers.values import is_templated
from smtplint.patterns import lazy

__all__ = ["is_templated", "mask_lines", "template_line_numbers", "touches_template"]

# Statement/comment openers at the start of a line, with the text that closes them.
_OPENERS = (("{%", "%}"), ("{#", "#}"), ("<%#", "%>"), ("<%-", "%>"), ("<%", "%>"))
_GO_STATEMENT = lazy(r"\{\{-?\s*(?:/\*|(?:if|else|end|range|with|define|template|block|break|continue)\b)")
_EXPRESSION_ONLY = lazy(r"\{\{.*\}\}|\$\{[^}]*\}|<%=.*%>")
_ANY = lazy(r"\{\{|\{%|\{#|<%|\$\{")


def _statement(stripped: str) -> str | None:
    """The closer of the template statement that starts ``stripped``, None when it starts none."""
    if stripped.startswith("<%="):
        return None  # an ERB output expression: a value, judged where it stands
    for opener, closer in _OPENERS:
        if stripped.startswith(opener):
            return closer
    if _GO_STATEMENT.match(stripped):
        return "}}"
    return None


def template_line_numbers(text: str) -> list[int]:
    """The 1-based numbers of the template lines of ``text`` (lines split at LF, CRLF or CR), in order."""
    if _ANY.search(text) is None:
        return []
    found: list[int] = []
    closer: str | None = None  # an open multi-line statement or comment
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if closer is not None:
            found.append(number)
            if closer in line:
                closer = None
            continue
        if "{" not in line and "<%" not in line:  # every opener and expression below has one of these
            continue
        stripped = line.strip()
        close = _statement(stripped)
        if close is not None:
            found.append(number)
            opener_end = 2 if not stripped.startswith("<%") else 3
            if close not in stripped[opener_end:]:
                closer = close
        elif _EXPRESSION_ONLY.fullmatch(stripped):
            found.append(number)
    return found


def mask_lines(text: str, comment: str = "#") -> str:
    """``text`` with each template line replaced by ``comment`` and blanks of the same length.

    The line breaks are kept, so lines and columns of every other line are unchanged. ``comment`` is the
    format's comment marker (``#`` for most line formats, ``;`` for INI).
    """
    numbers = template_line_numbers(text)
    if not numbers:
        return text
    wanted = set(numbers)
    parts = re.split(r"(\r\n|\n|\r)", text)
    for index in range(0, len(parts), 2):
        number = index // 2 + 1
        if number in wanted and parts[index]:
            parts[index] = comment + " " * (len(parts[index]) - 1)
    return "".join(parts)


def touches_template(text: str, line: int, reach: int = 1) -> bool:
    """True when line ``line`` (1-based) or a line within ``reach`` of it holds template syntax."""
    lines = re.split(r"\r\n|\n|\r", text)
    low, high = max(0, line - 1 - reach), min(len(lines), line + reach)
    return any(_ANY.search(candidate) for candidate in lines[low:high])
