"""DNSControl ``dnsconfig.js``: the TXT records of each ``D(...)`` domain, with exact positions. Read, never run.

Claims: ``dnsconfig.js`` (and ``*.js`` files whose content :func:`looks_like` DNSControl: a ``D("...",``
call beside ``TXT(``/``SPF_BUILDER(``/``NewRegistrar(``).

Read: ``TXT(label, value)`` where ``value`` is a string or an array of strings (one character-string each),
inside ``D(domain, ...)`` or ``D_EXTEND(domain, ...)`` (labels are relative to that domain, ``@`` is the apex),
and ``SPF_BUILDER({label: ..., parts: [...]})``, whose parts DNSControl joins with spaces. A variable, a
concatenation or a template literal with ``${}`` is a reference (unknown). DNSControl splits long TXT values
itself. ``DMARC_BUILDER`` and other builders are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from smtplint.i18n import _
from smtplint.model.core import Diagnostic, Severity, Span
from smtplint.model.dns import UNKNOWN, DnsDocument, DnsRecord, DnsSyntax, TxtString
from smtplint.parsers.dns_common import StringBuilder, keep, qualify, reference, rrset_key
from smtplint.patterns import lazy

PATTERNS = ("dnsconfig.js", "*.js")  # zones split into require()d files: the sniffer decides
_SNIFF_D = lazy(rb"\bD(?:_EXTEND)?\s*\(")
_SNIFF_API = lazy(rb"\b(?:TXT|SPF_BUILDER|NewRegistrar|NewDnsProvider|DnsProvider)\s*\(")
_IDENT = lazy(r"[A-Za-z_$][A-Za-z0-9_$]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def looks_like(head: bytes) -> bool:
    """A DNSControl configuration: a ``D(`` domain call and a DNSControl function."""
    return _SNIFF_D.search(head) is not None and _SNIFF_API.search(head) is not None


class _Tok:
    __slots__ = ("column", "end", "kind", "line", "string", "text")

    def __init__(self, kind: str, text: str, line: int, column: int, end: tuple[int, int],
                 string: TxtString | None = None) -> None:
        self.kind, self.text, self.line, self.column, self.end, self.string = kind, text, line, column, end, string


def _tokens(path: str, text: str, doc: DnsDocument) -> Iterator[_Tok]:
    i, line, col, n = 0, 1, 1, len(text)

    def step(count: int = 1) -> None:
        nonlocal i, line, col
        for _k in range(count):
            if i < n and text[i] == "\n":
                line, col = line + 1, 1
            else:
                col += 1
            i += 1

    while i < n:
        c = text[i]
        sl, sc = line, col
        if c in " \t\r\n":
            step()
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                step()
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            step((close + 2 if close >= 0 else n) - i)
        elif c in "'\"`":
            builder = StringBuilder(path, sl, sc)
            step()
            closed = False
            while i < n:
                ch = text[i]
                if ch == c:
                    step()
                    closed = True
                    break
                if ch == "\n" and c != "`":
                    break
                if ch == "\\" and i + 1 < n:
                    nxt = text[i + 1]
                    if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
                        builder.add(chr(int(text[i + 2:i + 6], 16)), line, col)
                        step(6)
                    elif nxt == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 2:i + 4]):
                        builder.add(chr(int(text[i + 2:i + 4], 16)), line, col)
                        step(4)
                    else:
                        builder.add(_ESCAPES.get(nxt, nxt), line, col)
                        step(2)
                    continue
                if c == "`" and text.startswith("${", i):
                    start = len(builder.text)
                    depth = 0
                    while i < n:
                        ch = text[i]
                        builder.add(ch, line, col)
                        step()
                        depth += {"{": 1, "}": -1}.get(ch, 0)
                        if ch == "}" and depth == 0:
                            break
                    builder.mark_ref(start, len(builder.text))
                    continue
                builder.add(ch, line, col)
                step()
            if not closed:
                doc.diagnostics.append(Diagnostic(Span.point(path, sl, sc),
                                                  _("dnsconfig.js: a string is not closed"), Severity.ERROR))
            string = builder.build((line, col))
            yield _Tok("string", string.text, sl, sc, (line, col), string)
        elif (m := _IDENT.match(text, i)) is not None:
            step(m.end() - i)
            yield _Tok("ident", m.group(), sl, sc, (line, col))
        else:
            step()
            yield _Tok("punct", c, sl, sc, (line, col))


class _Call:
    """A call being read: its function name and its arguments' tokens, split at top-level commas."""

    def __init__(self, name: str, head: _Tok) -> None:
        self.name = name
        self.head = head
        self.args: list[list[_Tok]] = [[]]
        self.depth = 0  # brackets opened inside the call's parentheses


def _span(path: str, toks: list[_Tok]) -> Span:
    first, last = toks[0], toks[-1]
    return Span(path, first.line, first.column, last.end[0], last.end[1])


def _strings(path: str, toks: list[_Tok]) -> tuple[TxtString, ...] | None:
    """A string, or an array of strings (one character-string each); references where the value is not literal."""
    if not toks:
        return None
    if len(toks) == 1 and toks[0].string is not None:
        return (toks[0].string,)
    if toks[0].text == "[" and toks[-1].text == "]":
        items: list[TxtString] = []
        part: list[_Tok] = []
        for tok in [*toks[1:-1], None]:
            if tok is None or (tok.kind == "punct" and tok.text == ","):
                if part:
                    items.append(part[0].string if len(part) == 1 and part[0].string is not None
                                 else reference(path, _span(path, part)))
                part = []
            else:
                part.append(tok)
        return tuple(items)
    return (reference(path, _span(path, toks)),)


def _spf_builder(path: str, toks: list[_Tok]) -> tuple[list[_Tok], TxtString] | None:
    """``SPF_BUILDER({label: "@", parts: [...]})``: the label tokens and the parts joined with spaces."""
    if not toks or toks[0].text != "{":
        return None
    label: list[_Tok] = []
    parts: tuple[TxtString, ...] | None = None
    i = 1
    while i < len(toks) - 1:
        key = toks[i]
        if i + 1 < len(toks) and toks[i + 1].text == ":" and key.kind in ("ident", "string"):
            j, depth = i + 2, 0
            while j < len(toks) - 1 and not (depth == 0 and toks[j].text == ","):
                depth += {"[": 1, "{": 1, "(": 1, "]": -1, "}": -1, ")": -1}.get(toks[j].text, 0)
                j += 1
            if key.text == "label":
                label = toks[i + 2:j]
            elif key.text == "parts":
                parts = _strings(path, toks[i + 2:j])
            i = j + 1
        else:
            i += 1
    if not parts:
        return None
    builder = StringBuilder(path, parts[0].span.line, parts[0].span.column)
    for number, part in enumerate(parts):
        if number:
            builder.add(" ", *parts[number - 1].end)  # the joining space: where the previous part ends
        base = len(builder.text)
        for index, char in enumerate(part.text):
            builder.add(char, *part.position(index))
        for a, b in part.refs:
            builder.mark_ref(base + a, base + b)
    return label, builder.build(parts[-1].end)


def parse(path: str, text: str) -> DnsDocument:
    """The TXT records of a dnsconfig.js; never raises (problems become diagnostics)."""
    doc = DnsDocument(path, DnsSyntax.DNSCONTROL)
    toks = list(_tokens(path, text, doc))
    stack: list[_Call] = []
    domains: list[str | None] = []
    for index, tok in enumerate(toks):
        if stack and stack[-1].depth == 0 and tok.kind == "punct" and tok.text == ",":
            stack[-1].args.append([])
            continue
        if tok.kind == "punct" and tok.text == "(":
            prev = toks[index - 1] if index else None
            if stack:
                stack[-1].args[-1].append(tok)
            if prev is not None and prev.kind == "ident":
                stack.append(_Call(prev.text, prev))
                if prev.text in ("D", "D_EXTEND"):
                    domains.append(None)
            elif stack:
                stack[-1].depth += 1
            continue
        if tok.kind == "punct" and tok.text == ")":
            if stack and stack[-1].depth == 0:
                call = stack.pop()
                if stack:
                    stack[-1].args[-1].append(tok)
                if call.name in ("D", "D_EXTEND") and domains:
                    domains.pop()
                else:
                    _record(doc, path, call, next((d for d in reversed(domains) if d is not None), None))
                continue
            if stack:
                stack[-1].depth -= 1
        elif tok.kind == "punct" and tok.text in "[{" and stack:
            stack[-1].depth += 1
        elif tok.kind == "punct" and tok.text in "]}" and stack:
            stack[-1].depth -= 1
        if stack:
            call = stack[-1]
            call.args[-1].append(tok)
            if (call.name in ("D", "D_EXTEND") and len(call.args) == 1 and tok.string is not None
                    and tok.string.literal and len(call.args[0]) == 1):
                domains[-1] = tok.text.lower().rstrip(".") + "."
    if stack:
        doc.diagnostics.append(Diagnostic(Span.point(path, stack[-1].head.line, stack[-1].head.column),
                                          _("dnsconfig.js: '(' is never closed"), Severity.ERROR))
    return doc


def _record(doc: DnsDocument, path: str, call: _Call, origin: str | None) -> None:
    if call.name == "TXT" and len(call.args) >= 2 and call.args[0] and call.args[1]:
        label, value = call.args[0], call.args[1]
        strings = _strings(path, value)
        if strings is None:
            return
    elif call.name == "SPF_BUILDER" and call.args[0]:
        built = _spf_builder(path, call.args[0])
        if built is None:
            return
        label, joined = built
        strings = (joined,)
        value = call.args[0]
        if not label:
            label = [call.head]
    else:
        return
    if len(label) == 1 and label[0].string is not None and label[0].string.literal:
        name = qualify(label[0].text, origin)
    elif call.name == "SPF_BUILDER" and label == [call.head]:
        name = qualify("@", origin)
    else:
        name = UNKNOWN
    span = Span(path, call.head.line, call.head.column, value[-1].end[0], value[-1].end[1])
    name_span = _span(path, label)
    group = rrset_key(name, f"{call.head.line}:{call.head.column}")
    keep(doc, DnsRecord(name, "TXT", strings, _span(path, value) if call.name == "TXT" else span, name_span,
                        DnsSyntax.DNSCONTROL, group, auto_split=True))
