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
from smtplint.model.postfix import Definition, MainCf, MasterCf, Override, Service, layered
from smtplint.records import field, record, replace

# the syntax of the file a config is mounted at, by the target's file name
TARGETS = {"main.cf": "main", "postfix-main.cf": "main", "master.cf": "master", "postfix-master.cf": "edits"}


def _scalar(node: Any) -> str | None:
    return str(node.value) if type(node).__name__ == "ScalarNode" else None


def _fields(node: Any) -> dict[str, Any]:
    if type(node).__name__ != "MappingNode":
        return {}
    return {str(k.value): v for k, v in node.value if type(k).__name__ == "ScalarNode"}


def mounted(service: Any) -> dict[str, str]:
    """The config names a compose service (its mapping node) mounts at a Postfix file, each with that file's
    syntax: ``"main"``, ``"master"`` or ``"edits"`` (``postconf -P`` lines)."""
    configs = _fields(service).get("configs")
    if configs is None or type(configs).__name__ != "SequenceNode":
        return {}
    names: dict[str, str] = {}
    for item in configs.value:
        short = _scalar(item)
        if short is not None:  # `- name`: mounted at /name
            source, target = short, short
        else:
            fields = _fields(item)
            source = _scalar(fields.get("source")) or ""
            target = _scalar(fields.get("target")) or f"/{source}"
        kind = TARGETS.get(posixpath.basename(target).lower())
        if source and kind is not None:
            names.setdefault(source, kind)
    return names


@record
class Snippets:
    """The Postfix snippets of a compose file's ``configs:``: main.cf layers by config name, and one master.cf
    layer of every master.cf and ``postconf -P`` snippet (None when there is none)."""

    main: dict[str, MainCf] = field(default_factory=dict)
    master: MasterCf | None = None


def embedded(path: str, lines: list[str], configs: Any, mounts: dict[str, dict[str, str]],
             diagnostics: list[Diagnostic]) -> Snippets:
    """Each ``configs:`` entry read in the syntax of the Postfix file a service mounts it at (``mounts``: per
    compose service, config name to syntax, see :func:`mounted`), or in the syntax its lines are written in.

    Each container has its own Postfix: a master.cf snippet's services inherit the main.cf snippets only when a
    compose service mounts them all with it; otherwise what they do not set with ``-o`` is unknown (as are the
    services ``postconf -P`` snippets edit: the image's master.cf is not here).
    """
    kinds: dict[str, str] = {}
    for names in mounts.values():
        for config, syntax in names.items():
            kinds.setdefault(config, syntax)
    found = Snippets()
    masters: list[tuple[str, MasterCf]] = []
    for key, value in getattr(configs, "value", ()):
        name = _scalar(key)
        content = _fields(value).get("content")
        if name is None or content is None:
            continue
        main, master = read_block(path, lines, content, kinds.get(name), diagnostics)
        if main is not None:
            found.main[name] = main
        if master is not None:
            masters.append((name, master))
    for name, snippet in masters:
        with_main = any(name in names and all(names.get(m) == "main" for m in found.main)
                        for names in mounts.values())
        if found.master is None:
            found.master = MasterCf(path)
        # postconf -P lines edit the image's master.cf: each service they name stands alone
        found.master.services += snippet.services if with_main and not snippet.edits else alone(snippet)
    return found


def read_block(path: str, lines: list[str], node: Any, kind: str | None,
               diagnostics: list[Diagnostic]) -> tuple[MainCf | None, MasterCf | None]:
    """A literal block scalar (``|``) read as the Postfix file ``kind`` names (``"main"``, ``"master"``,
    ``"edits"``), or in the syntax its lines are written in (None: not Postfix), at the file's lines and
    columns; its problems are added to ``diagnostics``. Folded or quoted scalars are left alone."""
    from smtplint.parsers import postfix

    if _scalar(node) is None or getattr(node, "style", None) != "|":
        return None, None
    first = int(node.start_mark.line) + 1  # the line after the `|` indicator (0-based)
    last = int(node.end_mark.line)
    block = lines[first:last]
    indent = min((len(x) - len(x.lstrip(" ")) for x in block if x.strip()), default=0)
    text = "\n".join(x[indent:] for x in block).replace("$$", "$")
    kind = kind or postfix.sniff_syntax(text.encode("utf-8", "surrogatepass"))
    if kind is None:
        return None, None
    padded = "\n" * first + text
    doc = (postfix.parse_main if kind == "main" else
           postfix.parse_master if kind == "master" else postfix.parse_master_edits)(path, padded)
    diagnostics.extend(replace(d, span=_shift(d.span, indent)) for d in doc.diagnostics)
    main: MainCf | None = None
    if doc.main_cf is not None:
        main = MainCf(path)
        for defs in doc.main_cf.definitions.values():
            for d in defs:
                main.add(replace(d, span=_shift(d.span, indent), value_span=_shift(d.value_span, indent)))
    master: MasterCf | None = None
    if doc.master_cf is not None:
        master = MasterCf(path, [_shifted_service(s, indent) for s in doc.master_cf.services],
                          [replace(e, override=_shifted_override(e.override, indent)) for e in doc.master_cf.edits])
    return main, master


def alone(master: MasterCf) -> list[Service]:
    """A master.cf snippet's services judged without the main.cf they run with: what their ``-o`` options do
    not set is unknown; ``postconf -P`` lines stand for the services of the image's master.cf they edit."""
    services = (layered([], [master]).master or master).services if master.edits else master.services
    return [s if s.partial else replace(s, partial=True) for s in services]


def _shifted_override(override: Override, columns: int) -> Override:
    return replace(override, span=_shift(override.span, columns))


def _shifted_service(service: Service, columns: int) -> Service:
    return replace(service, span=_shift(service.span, columns),
                   line_span=None if service.line_span is None else _shift(service.line_span, columns),
                   overrides=[_shifted_override(o, columns) for o in service.overrides])


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
