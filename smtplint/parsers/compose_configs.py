"""Postfix snippets embedded in a compose file: top-level ``configs:`` entries with ``content:``.

Compose (2.23.1+) writes a config's ``content:`` into the file a service mounts it at (``configs: - source:
dms-main, target: /tmp/docker-mailserver/postfix-main.cf``). A snippet is read as main.cf syntax when a
service mounts it at a ``main.cf``/``postfix-main.cf`` target, or when its lines are main.cf syntax
(smtplint.parsers.postfix.sniff_syntax). Only literal block scalars (``content: |``) are read: their lines
are the file's lines, so every position maps to the compose file's line and column (the block's indentation
added); folded or quoted content is left alone. Compose interpolation turns ``$$`` into ``$`` first.

The snippet becomes the compose document's main.cf layer (judged as an override file, alone), and the
docker-mailserver/Mailu relay endpoints of the services that mount it see its client TLS settings
(:func:`smtplint.parsers.relay_env.apply_main_cf`).
"""

from __future__ import annotations

import posixpath
from typing import Any

from smtplint.model import Diagnostic, Span
from smtplint.model.postfix import Definition, MainCf
from smtplint.records import replace

_MAIN_TARGETS = frozenset({"main.cf", "postfix-main.cf"})


def _scalar(node: Any) -> str | None:
    return str(node.value) if type(node).__name__ == "ScalarNode" else None


def _fields(node: Any) -> dict[str, Any]:
    if type(node).__name__ != "MappingNode":
        return {}
    return {str(k.value): v for k, v in node.value if type(k).__name__ == "ScalarNode"}


def mounted_main_cf(service: Any) -> list[str]:
    """The config names a compose service (its mapping node) mounts at a main.cf-named target."""
    configs = _fields(service).get("configs")
    if configs is None or type(configs).__name__ != "SequenceNode":
        return []
    names: list[str] = []
    for item in configs.value:
        short = _scalar(item)
        if short is not None:  # `- name`: mounted at /name
            source, target = short, short
        else:
            fields = _fields(item)
            source = _scalar(fields.get("source")) or ""
            target = _scalar(fields.get("target")) or f"/{source}"
        if source and posixpath.basename(target).lower() in _MAIN_TARGETS:
            names.append(source)
    return names


def embedded_main_cf(path: str, lines: list[str], configs: Any, mounted: set[str],
                     diagnostics: list[Diagnostic]) -> dict[str, MainCf]:
    """Each ``configs:`` entry read as main.cf (mounted at a main.cf target, or sniffed), by config name."""
    from smtplint.parsers import postfix

    found: dict[str, MainCf] = {}
    for key, value in getattr(configs, "value", ()):
        name = _scalar(key)
        content = _fields(value).get("content")
        if name is None or content is None or _scalar(content) is None or getattr(content, "style", None) != "|":
            continue
        first = int(content.start_mark.line) + 1  # the line after the `|` indicator (0-based)
        last = int(content.end_mark.line)
        block = lines[first:last]
        indent = min((len(x) - len(x.lstrip(" ")) for x in block if x.strip()), default=0)
        text = "\n".join(x[indent:] for x in block).replace("$$", "$")
        if name not in mounted and postfix.sniff_syntax(text.encode("utf-8", "surrogatepass")) != "main":
            continue
        doc = postfix.parse_main(path, "\n" * first + text)
        diagnostics.extend(replace(d, span=_shift(d.span, indent)) for d in doc.diagnostics)
        main = MainCf(path)
        assert doc.main_cf is not None
        for defs in doc.main_cf.definitions.values():
            for d in defs:
                main.add(replace(d, span=_shift(d.span, indent), value_span=_shift(d.value_span, indent)))
        found[name] = main
    return found


def merged(path: str, mains: list[MainCf]) -> MainCf | None:
    """One main.cf layer of every snippet, in file order (a later definition of a name wins)."""
    if not mains:
        return None
    out = MainCf(path)
    every: list[Definition] = sorted((d for m in mains for defs in m.definitions.values() for d in defs),
                                     key=lambda d: (d.span.line, d.span.column))
    for d in every:
        out.add(d)
    return out


def _shift(span: Span, columns: int) -> Span:
    """A span of the snippet moved right by the block's indentation (every line of a block has it)."""
    return Span(span.path, span.line, span.column + columns, span.end_line, span.end_column + columns)
