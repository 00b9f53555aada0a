"""Terraform DNS resources: the TXT and SPF records they declare, with exact positions.

Claims: ``*.tf`` files whose content :func:`looks_like` a DNS resource (``resource "aws_route53_record"``,
``"cloudflare_record"``, ``"cloudflare_dns_record"``, ``"google_dns_record_set"``, ``"azurerm_dns_txt_record"``).

Why a small HCL reader and not python-hcl2: python-hcl2 returns values without positions (and re-serialises
interpolations), and smtplint needs the line and column of every character. The subset read here is HCL's
native syntax as DNS modules use it: ``#``, ``//`` and ``/* */`` comments, blocks with labels, attributes
whose value is a quoted template (escapes, ``${...}`` interpolations, ``%{...}`` directives, ``$${``/``%%{``),
a heredoc (``<<EOF``/``<<-EOF``) or a list of those. Any other expression (``var.spf``, ``join(...)``,
``each.value``) is a reference: its value is unknown and no rule fires on it. An interpolation inside a string
makes that part of the string unknown; the rest is judged.

Provider semantics: Route 53 takes one TXT record per ``records`` element and splits a record into
character-strings at ``\\"\\"``; Google Cloud DNS takes ``rrdatas`` in zone-file form (``"\\"part1\\" \\"part2\\""``);
Cloudflare (``content``/``value``) and Azure (``record { value = ... }``) split long values themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from smtplint.i18n import _
from smtplint.model.core import Diagnostic, Severity, Span
from smtplint.model.dns import UNKNOWN, DnsDocument, DnsRecord, DnsSyntax, TxtString
from smtplint.parsers.dns_common import StringBuilder, keep, qualify, reference, rrset_key
from smtplint.patterns import lazy

PATTERNS = ("*.tf",)
RESOURCE_TYPES = ("aws_route53_record", "cloudflare_record", "cloudflare_dns_record", "google_dns_record_set",
                  "azurerm_dns_txt_record")
_SNIFF = lazy(rb'resource\s+"(' + b"|".join(t.encode() for t in RESOURCE_TYPES) + rb')"')
_IDENT = lazy(r"[A-Za-z_][A-Za-z0-9_-]*")
_HEREDOC = lazy(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n")


def looks_like(head: bytes) -> bool:
    """A Terraform file declaring one of the DNS resources smtplint reads."""
    return _SNIFF.search(head) is not None


class _Tok:
    __slots__ = ("column", "end", "kind", "line", "string", "text")

    def __init__(self, kind: str, text: str, line: int, column: int, end: tuple[int, int],
                 string: TxtString | None = None) -> None:
        self.kind = kind  # "ident", "string", "punct", "nl", "other"
        self.text = text
        self.line = line
        self.column = column
        self.end = end
        self.string = string  # the decoded template, for "string" tokens

    def span(self, path: str) -> Span:
        return Span(path, self.line, self.column, self.end[0], max(self.end[1], self.column + 1)
                    if self.end[0] == self.line else self.end[1])


class _Lexer:
    def __init__(self, path: str, text: str, doc: DnsDocument) -> None:
        self.path, self.text, self.doc = path, text, doc
        self.i, self.line, self.col = 0, 1, 1

    def error(self, line: int, column: int, message: str) -> None:
        self.doc.diagnostics.append(Diagnostic(Span.point(self.path, line, column), message, Severity.ERROR))

    def advance(self, count: int = 1) -> None:
        for _step in range(count):
            if self.i < len(self.text) and self.text[self.i] == "\n":
                self.line, self.col = self.line + 1, 1
            else:
                self.col += 1
            self.i += 1

    def tokens(self) -> Iterator[_Tok]:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            line, col = self.line, self.col
            if c == "\n":
                self.advance()
                yield _Tok("nl", "\n", line, col, (line, col + 1))
            elif c in " \t\r":
                self.advance()
            elif c == "#" or text.startswith("//", self.i):
                while self.i < len(text) and text[self.i] != "\n":
                    self.advance()
            elif text.startswith("/*", self.i):
                close = text.find("*/", self.i + 2)
                if close < 0:
                    self.error(line, col, _("Terraform: a /* comment is never closed"))
                    close = len(text) - 2
                self.advance(close + 2 - self.i)
            elif c == '"':
                yield self.quoted()
            elif (m := _HEREDOC.match(text, self.i)) is not None:
                yield self.heredoc(m)
            elif (m := _IDENT.match(text, self.i)) is not None:
                self.advance(m.end() - self.i)
                yield _Tok("ident", m.group(), line, col, (self.line, self.col))
            else:
                self.advance()
                yield _Tok("punct" if c in "{}[](),=.:" else "other", c, line, col, (self.line, self.col))

    def template(self, builder: StringBuilder, stop: str, escapes: bool) -> None:
        """Decode template characters until ``stop`` (a closing quote) or the end of the heredoc body."""
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c == stop or (stop == '"' and c == "\n"):
                return
            if escapes and c == "\\" and self.i + 1 < len(text):
                nxt = text[self.i + 1]
                char = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}.get(nxt)
                if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[self.i + 2:self.i + 6]):
                    builder.add(chr(int(text[self.i + 2:self.i + 6], 16)), self.line, self.col)
                    self.advance(6)
                    continue
                builder.add(char if char is not None else nxt, self.line, self.col)
                self.advance(2)
                continue
            if text.startswith(("$${", "%%{"), self.i):
                builder.add(c, self.line, self.col)
                builder.add("{", self.line, self.col + 2)
                self.advance(3)
                continue
            if text.startswith(("${", "%{"), self.i):
                start = len(builder.text)
                depth = 0
                while self.i < len(text):
                    ch = text[self.i]
                    builder.add(ch, self.line, self.col)
                    self.advance()
                    if ch == "{":
                        depth += 1
                    elif ch == "}":
                        depth -= 1
                        if depth == 0:
                            break
                builder.mark_ref(start, len(builder.text))
                continue
            builder.add(c, self.line, self.col)
            self.advance()

    def quoted(self) -> _Tok:
        line, col = self.line, self.col
        builder = StringBuilder(self.path, line, col)
        self.advance()
        self.template(builder, '"', escapes=True)
        if self.i < len(self.text) and self.text[self.i] == '"':
            self.advance()
        else:
            self.error(line, col, _("Terraform: a quoted string is not closed"))
        string = builder.build((self.line, self.col))
        return _Tok("string", string.text, line, col, (self.line, self.col), string)

    def heredoc(self, m: re.Match[str]) -> _Tok:
        line, col = self.line, self.col
        strip, marker = m.group(1) == "-", m.group(2)
        self.advance(m.end() - self.i)
        body_start = self.i
        end = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*\r?$", re.M).search(self.text, self.i)
        stop = end.start() if end else len(self.text)
        if end is None:
            self.error(line, col, _("Terraform: heredoc <<{marker} is never closed").format(marker=marker))
        lines = self.text[body_start:stop].split("\n")
        indent = min((len(x) - len(x.lstrip(" \t")) for x in lines if x.strip()), default=0) if strip else 0
        builder = StringBuilder(self.path, line, col)
        sub = _Lexer(self.path, "", self.doc)
        for number, body in enumerate(lines[:-1] if lines and lines[-1] == "" else lines):
            sub.text, sub.i, sub.line, sub.col = body[indent:], 0, self.line + number, 1 + indent
            sub.template(builder, "\n", escapes=False)
            if number < len(lines) - 1:
                builder.add("\n", self.line + number, len(body) + 1)
        self.advance((end.end() if end else len(self.text)) - self.i)
        string = builder.build((self.line, self.col))
        return _Tok("string", string.text, line, col, (self.line, self.col), string)


class _Value:
    """An attribute's value: a single template, a list of values, or a reference (anything else)."""

    def __init__(self, span: Span, string: TxtString | None = None, items: list[_Value] | None = None) -> None:
        self.span = span
        self.string = string
        self.items = items


class _Parser:
    def __init__(self, path: str, text: str, doc: DnsDocument) -> None:
        self.path = path
        self.doc = doc
        self.toks = list(_Lexer(path, text, doc).tokens())
        self.pos = 0

    def peek(self, skip_nl: bool = True) -> _Tok | None:
        while skip_nl and self.pos < len(self.toks) and self.toks[self.pos].kind == "nl":
            self.pos += 1
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def expression(self) -> _Value:
        """Tokens up to the end of the attribute (a newline outside brackets), read as a value."""
        start = self.pos
        depth = 0
        while self.pos < len(self.toks):
            tok = self.toks[self.pos]
            if tok.kind == "nl" and depth == 0:
                break
            if tok.kind == "punct" and tok.text in "([{":
                depth += 1
            elif tok.kind == "punct" and tok.text in ")]}":
                if depth == 0:
                    break
                depth -= 1
            self.pos += 1
        return self.value([t for t in self.toks[start:self.pos] if t.kind != "nl"])

    def value(self, toks: list[_Tok]) -> _Value:
        if not toks:
            return _Value(Span.point(self.path, 1))
        span = Span(self.path, toks[0].line, toks[0].column, toks[-1].end[0], toks[-1].end[1])
        if len(toks) == 1 and toks[0].string is not None:
            return _Value(span, string=toks[0].string)
        if toks[0].text == "[" and toks[-1].text == "]":
            items: list[_Value] = []
            part: list[_Tok] = []
            depth = 0
            for tok in toks[1:-1]:
                if tok.kind == "punct" and tok.text == "," and depth == 0:
                    items.append(self.value(part))
                    part = []
                    continue
                if tok.kind == "punct" and tok.text in "([{":
                    depth += 1
                elif tok.kind == "punct" and tok.text in ")]}":
                    depth -= 1
                part.append(tok)
            if part:
                items.append(self.value(part))
            return _Value(span, items=items)
        return _Value(span)  # a reference or a function call: unknown

    def body(self, resource: tuple[str, str] | None, block: list[tuple[str, _Value, Span]],
             nested: list[tuple[str, list[tuple[str, _Value, Span]]]]) -> None:
        """Read a block body up to its closing brace; keep attributes (and nested blocks) of a DNS resource."""
        while (tok := self.peek()) is not None:
            if tok.kind == "punct" and tok.text == "}":
                self.take()
                return
            if tok.kind not in {"ident", "string"}:
                self.take()
                continue
            head = self.take()
            nxt = self.peek(skip_nl=False)
            if nxt is not None and nxt.kind == "punct" and nxt.text in "=:":
                self.take()
                value = self.expression()
                block.append((head.text, value, head.span(self.path)))
                continue
            labels: list[str] = []
            while (nxt := self.peek(skip_nl=False)) is not None and nxt.kind in ("ident", "string"):
                labels.append(self.take().text)
            nxt = self.peek(skip_nl=False)
            if nxt is None or nxt.text != "{":
                continue
            self.take()
            inner: list[tuple[str, _Value, Span]] = []
            if head.text == "resource" and resource is None and len(labels) == 2 and labels[0] in RESOURCE_TYPES:
                inner_nested: list[tuple[str, list[tuple[str, _Value, Span]]]] = []
                start = head
                self.body((labels[0], labels[1]), inner, inner_nested)
                end = self.toks[self.pos - 1] if self.pos else head
                span = Span(self.path, start.line, start.column, end.end[0], end.end[1])
                _Resource(self, labels[0], labels[1], inner, inner_nested, span).emit()
            else:
                self.body(resource, inner, [])
                if resource is not None:
                    nested.append((head.text, inner))


class _Resource:
    def __init__(self, parser: _Parser, rtype: str, label: str, attrs: list[tuple[str, _Value, Span]],
                 nested: list[tuple[str, list[tuple[str, _Value, Span]]]], span: Span) -> None:
        self.parser, self.kind, self.label, self.span = parser, rtype, label, span
        self.attrs = {key: (value, key_span) for key, value, key_span in attrs}
        self.nested = nested

    def literal(self, key: str) -> str | None:
        value = self.attrs.get(key)
        if value is None or value[0].string is None:
            return None
        string = value[0].string
        return string.text if string.literal else None

    def name(self) -> tuple[str, Span]:
        value = self.attrs.get("name")
        if value is None:
            return "", self.span
        string = value[0].string
        if string is None:
            return UNKNOWN, value[0].span
        text = string.text
        for a, b in reversed(string.refs):
            text = text[:a] + UNKNOWN + text[b:]
        zone = self.literal("zone_name") if self.kind == "azurerm_dns_txt_record" else None
        if zone and not text.endswith("."):
            text = text + "." + zone.rstrip(".") + "." if text not in ("@", "") else zone.rstrip(".") + "."
        return qualify(text, None), value[0].span

    def values(self) -> Iterator[tuple[_Value, bool]]:
        """(value, route53-style) for every record value the resource declares."""
        if self.kind == "aws_route53_record":
            records = self.attrs.get("records")
            if records is not None:
                yield from ((v, True) for v in (records[0].items if records[0].items is not None else [records[0]]))
        elif self.kind == "google_dns_record_set":
            rrdatas = self.attrs.get("rrdatas")
            if rrdatas is not None:
                yield from ((v, False) for v in (rrdatas[0].items if rrdatas[0].items is not None else [rrdatas[0]]))
        elif self.kind == "azurerm_dns_txt_record":
            for block_name, attrs in self.nested:
                if block_name == "record":
                    yield from ((v, False) for key, v, _span in attrs if key == "value")
        else:  # cloudflare_record (value or content), cloudflare_dns_record (content)
            for key in ("content", "value"):
                if key in self.attrs:
                    yield self.attrs[key][0], False
                    break

    def strings(self, value: _Value, route53: bool) -> tuple[TxtString, ...]:
        path = self.parser.path
        if value.string is None:
            return (reference(path, value.span),)
        string = value.string
        if route53:
            return _split(string, '""')
        if self.kind == "google_dns_record_set" and string.text.startswith('"'):
            return _unquote(string)
        return (string,)

    def emit(self) -> None:
        if self.kind == "azurerm_dns_txt_record":
            rtype: str | None = "TXT"
        else:
            rtype = self.literal("type")
            rtype = rtype.upper() if rtype is not None else None
            if "type" in self.attrs and rtype is None:
                rtype = "?"  # a reference: kept only when the value reads as mail authentication
        if rtype not in ("TXT", "SPF", "?"):
            return
        name, name_span = self.name()
        group = rrset_key(name, f"{self.kind}.{self.label}")
        auto = self.kind.startswith(("cloudflare", "azurerm"))
        for value, route53 in self.values():
            strings = self.strings(value, route53)
            record = DnsRecord(name, rtype if rtype != "?" else "TXT", strings, value.span, name_span,
                               DnsSyntax.TERRAFORM, group, auto_split=auto)
            if rtype != "?" or record.value.lower().startswith(("v=spf1", "v=dmarc1", "v=dkim1", "v=stsv1")):
                keep(self.parser.doc, record)


def _piece(string: TxtString, start: int, end: int) -> TxtString:
    builder = StringBuilder(string.span.path, *string.position(start))
    for i in range(start, end):
        builder.add(string.text[i], *string.chars[i])
    for a, b in string.refs:
        if a < end and start < b:
            builder.mark_ref(max(a, start) - start, min(b, end) - start)
    return builder.build(string.position(end))


def _split(string: TxtString, separator: str) -> tuple[TxtString, ...]:
    """Route 53's ``"part1\\"\\"part2"``: one character-string per part."""
    if separator not in string.text:
        return (string,)
    out: list[TxtString] = []
    start = 0
    while (found := string.text.find(separator, start)) >= 0:
        out.append(_piece(string, start, found))
        start = found + len(separator)
    out.append(_piece(string, start, len(string.text)))
    return tuple(out)


def _unquote(string: TxtString) -> tuple[TxtString, ...]:
    """Google Cloud DNS rrdata in zone-file form: ``"part1" "part2"`` (quotes decoded away)."""
    out: list[TxtString] = []
    text = string.text
    i = 0
    while i < len(text):
        if text[i] == '"':
            close = i + 1
            while close < len(text) and text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            out.append(_piece(string, i + 1, min(close, len(text))))
            i = close + 1
        elif text[i] in " \t":
            i += 1
        else:
            close = i
            while close < len(text) and text[close] not in " \t":
                close += 1
            out.append(_piece(string, i, close))
            i = close
    return tuple(out) or (string,)


def parse(path: str, text: str) -> DnsDocument:
    """The TXT and SPF records of a Terraform file's DNS resources; never raises (problems become diagnostics)."""
    doc = DnsDocument(path, DnsSyntax.TERRAFORM)
    try:
        parser = _Parser(path, text, doc)
        while parser.peek() is not None:
            parser.body(None, [], [])
    except RecursionError:
        doc.diagnostics.append(Diagnostic(Span.point(path, 1), _("Terraform: blocks nested too deeply"),
                                          Severity.ERROR))
    return doc
