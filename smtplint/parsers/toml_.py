"""TOML input: ``[smtp]``/``[mail]``/``[email]``/``[mailer]`` tables at any depth and arrays of them
(listmonk's ``[[smtp]]``), read with the same shapes as YAML.

Why this design: :mod:`tomllib` (standard library, no import cost beyond its own ~5 ms, TOML 1.0 exactly)
decides what the document means but keeps no positions; tomlkit keeps the text but exposes no line numbers
either, and costs ~19 ms more to import (measured: ``python -X importtime -c "import tomlkit"``). So tomllib
parses, and a line scanner finds where each key and table header is written (``key = value`` lines, dotted
and quoted keys, ``[table]`` and ``[[array]]`` headers, multi-line strings and arrays skipped). The result is
turned into the node tree the YAML reader walks (smtplint.parsers.yaml_), with every node's marks at its
TOML position, so a TOML ``[smtp]`` table is read exactly as a YAML ``smtp:`` block: host, port, mode words
and flags, credentials, verification knobs, URLs, ``${VAR}`` references.

A key inside an inline table (``smtp = { host = "x" }``) is reported at its table's line. A file that is not
valid TOML is one SMTP001 error at the line tomllib names.
"""

from __future__ import annotations

import re
from typing import Any

from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Severity, Span
from smtplint.patterns import lazy

_RELEVANT = lazy(r"smtp|mail", re.I)
_SEGMENT = lazy(r'[A-Za-z0-9_-]+|"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\'')
_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
_HEADER = lazy(rf"^[ \t]*(\[\[?)[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*\]\]?")
_KEYVAL = lazy(rf"^[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*=[ \t]*")
_TOML_ERROR_AT = lazy(r"\(at line (\d+), column (\d+)\)")

Path_ = tuple[str | int, ...]


def _segments(key: str) -> list[str]:
    out = []
    for m in _SEGMENT.finditer(key):
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(m.group(2))
        else:
            out.append(m.group(0))
    return out


class _Where:
    """Where each key and table is written: path -> (line, key column, value start, value end), 0-based."""

    def __init__(self, text: str) -> None:
        self.at: dict[Path_, tuple[int, int, int, int]] = {}
        self.lines = text.split("\n")
        table: Path_ = ()
        arrays: dict[Path_, int] = {}
        skip_until: str | None = None
        depth = 0
        for number, line in enumerate(self.lines):
            if skip_until is not None:  # inside a multi-line string
                if skip_until in line:
                    skip_until = None
                continue
            if depth > 0:  # inside a multi-line array
                depth += _brackets(line)
                continue
            header = _HEADER.match(line)
            if header is not None:
                base = tuple(_segments(header.group(2)))
                if header.group(1) == "[[":
                    index = arrays.get(base, -1) + 1
                    arrays[base] = index
                    table = (*base, index)
                else:
                    table = base
                self.at.setdefault(table, (number, 0, header.end(), header.end()))
                continue
            kv = _KEYVAL.match(line)
            if kv is None:
                continue
            path = (*table, *_segments(kv.group(1)))
            rest = line[kv.end():]
            for quote in ('"""', "'''"):
                if rest.startswith(quote) and rest.count(quote) < 2:
                    skip_until = quote
            if rest.startswith("["):
                depth = _brackets(rest)
            end = kv.end() + _value_length(rest)
            self.at[path] = (number, kv.start(1), kv.end(), end)
            for inner in range(1, len(path) - len(table)):  # dotted keys: their prefix tables
                self.at.setdefault(path[: len(table) + inner], (number, kv.start(1), kv.start(1), end))


def _brackets(text: str) -> int:
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", text.split("#", 1)[0] if '"' not in text else text)
    return text.count("[") - text.count("]")


def _value_length(rest: str) -> int:
    """The length of the value text at the start of ``rest`` (a closing quote included, a comment not)."""
    if rest[:1] in ('"', "'"):
        quote = rest[0]
        m = re.match(r'"(?:[^"\\]|\\.)*"' if quote == '"' else r"'[^']*'", rest)
        if m is not None:
            return m.end()
    return len(re.sub(r"[ \t]*#.*$", "", rest).rstrip())


def parse(path: str, text: str) -> Document:
    """Parse a TOML file into a Document of client endpoints; never raises on bad input."""
    doc = Document(path, "toml")
    body = text.removeprefix("\ufeff")
    if not _RELEVANT.search(body):
        return doc
    import tomllib

    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_ERROR_AT.search(str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        message = _TOML_ERROR_AT.sub("", str(exc)).strip()
        doc.diagnostics.append(Diagnostic(Span(path, line, column, line, column + 1),
                                          _("invalid TOML: {error}").format(error=message), Severity.ERROR))
        return doc
    from smtplint.parsers import yaml_

    where = _Where(body)
    root = _Builder(path, body, where).mapping(data, (), (0, 0, 0, 0))
    yaml_.read_tree(path, body, root, doc)
    return doc


class _Builder:
    """The YAML node tree (ruamel.yaml nodes, as the YAML reader walks them) of a tomllib result."""

    def __init__(self, path: str, text: str, where: _Where) -> None:
        from smtplint.parsers import yaml_load

        yaml_load.load_node_classes()
        self.path = path
        self.where = where
        self.starts = [0]
        for line in where.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def mark(self, line: int, column: int) -> Any:
        from ruamel.yaml.error import StreamMark

        return StreamMark(self.path, self.starts[min(line, len(self.starts) - 1)] + column, line, column)

    def node(self, value: Any, path: Path_, at: tuple[int, int, int, int]) -> Any:
        if isinstance(value, dict):
            return self.mapping(value, path, at)
        if isinstance(value, list):
            return self.sequence(value, path, at)
        from ruamel.yaml.nodes import ScalarNode

        line, _key, start, end = at
        if isinstance(value, bool):
            return ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false", self.mark(line, start),
                              self.mark(line, end))
        if isinstance(value, str):
            written = self.where.lines[line][start:end] if line < len(self.where.lines) else ""
            style = written[0] if written[:1] in ('"', "'") and not written.startswith(('"""', "'''")) else "|"
            return ScalarNode("tag:yaml.org,2002:str", value, self.mark(line, start), self.mark(line, end), style)
        tag = "tag:yaml.org,2002:int" if isinstance(value, int) else "tag:yaml.org,2002:float" if isinstance(
            value, float) else "tag:yaml.org,2002:timestamp"
        return ScalarNode(tag, str(value), self.mark(line, start), self.mark(line, end))

    def mapping(self, value: dict[str, Any], path: Path_, at: tuple[int, int, int, int]) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode

        pairs = []
        last = at
        for key, item in value.items():
            here = (*path, key)
            child_at = self.where.at.get(here, at)
            line, key_col, _start, _end = child_at
            key_node = ScalarNode("tag:yaml.org,2002:str", key, self.mark(line, key_col),
                                  self.mark(line, key_col + len(key)))
            child = self.node(item, here, child_at)
            pairs.append((key_node, child))
            end_mark = child.end_mark
            if (end_mark.line, end_mark.column) > (last[0], last[3]):
                last = (end_mark.line, 0, 0, end_mark.column)
        return MappingNode("tag:yaml.org,2002:map", pairs, self.mark(at[0], at[2]), self.mark(last[0], last[3]),
                           flow_style=False)

    def sequence(self, value: list[Any], path: Path_, at: tuple[int, int, int, int]) -> Any:
        from ruamel.yaml.nodes import SequenceNode

        items = []
        last = at
        for index, item in enumerate(value):
            here = (*path, index)
            child_at = self.where.at.get(here, at)
            if isinstance(item, dict):  # an [[array]] table: from its header's first column
                child_at = (child_at[0], child_at[1], child_at[1], child_at[3])
            child = self.node(item, here, child_at)
            items.append(child)
            if (child.end_mark.line, child.end_mark.column) > (last[0], last[3]):
                last = (child.end_mark.line, 0, 0, child.end_mark.column)
        start = self.where.at.get((*path, 0), at) if value and isinstance(value[0], dict) else at
        return SequenceNode("tag:yaml.org,2002:seq", items, self.mark(start[0], start[2]),
                            self.mark(last[0], last[3]), flow_style=False)


__all__ = ["parse"]
