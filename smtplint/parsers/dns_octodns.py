"""OctoDNS zone configuration (YamlProvider): the TXT and SPF records of ``<zone>.yaml``, with exact positions.

Claims: ``*.yaml`` / ``*.yml`` files whose content :func:`looks_like` an OctoDNS zone (usually under a
``zones/`` or ``config/`` folder, named after the zone: ``example.com.yaml``). The sniffer wants record
shapes: a ``type:`` naming a DNS record type beside ``value:``/``values:``, and no Compose, Kubernetes or CI
keys, so no other YAML is claimed.

Top-level keys are names relative to the zone (``''`` is the apex); each maps to one record or a list of
records. OctoDNS writes ``;`` in TXT values as ``\\;`` (``v=DMARC1\\; p=reject``): the escape is removed and
every character keeps the column it is written at. OctoDNS splits long values into 255-character strings
itself. ruamel.yaml is imported when the first file is read; only nodes are composed, nothing is constructed.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

from smtplint.i18n import _
from smtplint.model.core import Diagnostic, Severity, Span
from smtplint.model.dns import DnsDocument, DnsRecord, DnsSyntax, TxtString
from smtplint.parsers.dns_common import StringBuilder, keep, qualify, rrset_key
from smtplint.patterns import lazy

PATTERNS = ("zones/*.yaml", "zones/*.yml", "*.yaml", "*.yml")
_TYPE_LINE = lazy(
    rb"^[ \t]*(?:-[ \t]+)?type:[ \t]*['\"]?(?:A|AAAA|ALIAS|CAA|CNAME|DNAME|MX|NAPTR|NS|PTR|SPF|SRV|SSHFP|TXT|URLFWD)"
    rb"['\"]?[ \t]*(?:#.*)?\r?$", re.M)
_VALUE_LINE = lazy(rb"^[ \t]*(?:-[ \t]+)?values?:", re.M)
_FOREIGN = lazy(rb"^(?:services|apiVersion|kind|jobs|stages|steps|spring|on|version|providers|zones):",
                      re.M)
_ZONE_SUFFIX = lazy(r"\.(ya?ml)$", re.I)


def looks_like(head: bytes) -> bool:
    """An OctoDNS zone file: record shapes (``type: TXT`` with ``value(s):``) and no foreign top-level keys."""
    return (_TYPE_LINE.search(head) is not None and _VALUE_LINE.search(head) is not None
            and _FOREIGN.search(head) is None)


def _origin(path: str) -> str | None:
    name = _ZONE_SUFFIX.sub("", path.replace("\\", "/").rsplit("/", 1)[-1]).lower()
    return name.rstrip(".") + "." if re.fullmatch(r"([a-z0-9_-]+\.)+[a-z0-9-]{2,63}\.?", name) else None


class _Reader:
    def __init__(self, path: str, text: str, doc: DnsDocument) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.doc = doc
        self.origin = _origin(path)

    def span(self, node: Any) -> Span:
        sl, sc = int(node.start_mark.line), int(node.start_mark.column)
        el, ec = int(node.end_mark.line), int(node.end_mark.column)
        if (el, ec) <= (sl, sc):
            el, ec = sl, sc + 1
        return Span(self.path, sl + 1, sc + 1, el + 1, ec + 1)

    def string(self, node: Any) -> TxtString:
        """The scalar's text with OctoDNS's ``\\;`` removed, each character at its written column."""
        sl, sc = int(node.start_mark.line), int(node.start_mark.column)
        el, ec = int(node.end_mark.line), int(node.end_mark.column)
        builder = StringBuilder(self.path, sl + 1, sc + 1)
        value = str(node.value)
        raw = self.lines[sl][sc:ec] if sl == el and sl < len(self.lines) else None
        style = node.style
        pairs: list[tuple[str, int]] = []  # (character, 0-based column) as YAML decodes it
        if raw is not None and style in (None, "'", '"'):
            body, base = (raw[1:-1], sc + 1) if style else (raw, sc)
            i = 0
            while i < len(body):
                c = body[i]
                if style == "'" and body.startswith("''", i):
                    pairs.append(("'", base + i))
                    i += 2
                    continue
                if style == '"' and c == "\\" and i + 1 < len(body):
                    pairs.append(({"n": "\n", "t": "\t", "\\": "\\", '"': '"'}.get(body[i + 1], body[i + 1]), base + i))
                    i += 2
                    continue
                pairs.append((c, base + i))
                i += 1
            if "".join(ch for ch, _col in pairs) != value:
                pairs = []
        if not pairs:  # a block or multi-line scalar: every character at the scalar's start
            pairs = [(ch, sc) for ch in value]
        i = 0
        while i < len(pairs):
            ch, col = pairs[i]
            if ch == "\\" and i + 1 < len(pairs) and pairs[i + 1][0] in ";\\":
                ch = pairs[i + 1][0]  # the escaped character, at the backslash's column
                i += 1
            builder.add(ch, sl + 1, col + 1)
            i += 1
        return builder.build((el + 1, ec + 1))

    def record(self, name_node: Any, node: Any, index: int) -> None:
        from smtplint.parsers import yaml_load
        mapping, scalar, sequence = yaml_load.MAPPING, yaml_load.SCALAR, yaml_load.SEQUENCE
        if type(node) is not mapping:
            return
        fields = {str(k.value): v for k, v in node.value if type(k) is scalar}
        rtype_node = fields.get("type")
        if rtype_node is None or type(rtype_node) is not scalar:
            return
        rtype = str(rtype_node.value).upper()
        if rtype not in ("TXT", "SPF"):
            return
        name = qualify(str(name_node.value), self.origin)
        values: list[Any] = []
        if "values" in fields and type(fields["values"]) is sequence:
            values = list(fields["values"].value)
        elif "values" in fields or "value" in fields:
            values = [fields.get("value") or fields["values"]]
        group = rrset_key(name, f"{name}#{index}")
        for item in values:
            if type(item) is not scalar:
                continue
            text = self.string(item)
            keep(self.doc, DnsRecord(name, rtype, (text,), self.span(item), self.span(name_node), DnsSyntax.OCTODNS,
                                     group, auto_split=True))

    def read(self, root: Any) -> None:
        from smtplint.parsers import yaml_load
        if type(root) is not yaml_load.MAPPING:
            return
        for index, (key, value) in enumerate(root.value):
            if type(key) is not yaml_load.SCALAR:
                continue
            items = value.value if type(value) is yaml_load.SEQUENCE else [value]
            for item in items:
                self.record(key, item, index)


def parse(path: str, text: str) -> DnsDocument:
    """The TXT and SPF records of an OctoDNS zone file; never raises (problems become diagnostics)."""
    doc = DnsDocument(path, DnsSyntax.OCTODNS)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from smtplint.parsers import yaml_load
    yaml_load.load_node_classes()
    reader = _Reader(path, text, doc)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for root in YAML(typ="safe", pure=True).compose_all(io.StringIO(text)):
                if root is not None:
                    reader.read(root)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (int(mark.line) + 1, int(mark.column) + 1) if mark is not None else (1, 1)
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        doc.diagnostics.append(Diagnostic(Span.point(path, line, column),
                                          _("YAML syntax error: {error}").format(error=problem), Severity.ERROR))
    except (YAMLError, RecursionError) as exc:
        doc.diagnostics.append(Diagnostic(Span.point(path, 1), _("YAML syntax error: {error}").format(
            error=type(exc).__name__), Severity.ERROR))
    return doc
