"""RFC 1035 master files (BIND, NSD, Knot zone files): the TXT and SPF records, with exact positions.

Claims: ``*.zone``, ``*.zone.txt``, ``db.*`` (``db.example.com``), ``*.db`` and ``named/*`` files whose content
:func:`looks_like` a zone (a ``$ORIGIN``/``$TTL`` directive or an ``IN SOA``/``IN TXT``... line).

Why a hand-written tokenizer and not dnspython: dnspython's tokenizer keeps line numbers but not columns, and
``dns.zone.from_text`` builds whole rdata objects (and refuses a whole zone for one bad record), while smtplint
needs every character's line and column and must go on after an error. The master-file syntax smtplint needs
is small (RFC 1035 section 5.1): ``;`` comments, ``"`` strings with ``\\X`` and ``\\DDD`` escapes,
parentheses that join lines, ``$ORIGIN``/``$TTL``/``$INCLUDE`` directives, ``@``, relative names and a blank
owner that repeats the previous one. Only TXT and SPF rdata are decoded; other records are passed over.
"""

from __future__ import annotations

import re

from smtplint.i18n import _
from smtplint.model.core import Diagnostic, Severity, Span
from smtplint.model.dns import DnsDocument, DnsRecord, DnsSyntax
from smtplint.parsers.dns_common import StringBuilder, keep, qualify, rrset_key
from smtplint.patterns import lazy

PATTERNS = ("*.zone", "*.zone.txt", "db.*", "*.db")
# a directive at a line start, or a record line: [owner] [ttl] IN TYPE (upper case, as zone files write it)
_SNIFF = lazy(rb"^\$(?:ORIGIN|TTL)[ \t]"
                    rb"|^[^\s;#]*[ \t]+(?:[0-9]+[smhdw]?[ \t]+)?IN[ \t]+(?:SOA|NS|MX|TXT|A|AAAA|CNAME)[ \t]", re.M)
_CLASSES = frozenset({"IN", "CH", "HS", "CS"})
_TTL = lazy(r"^\d+[smhdwSMHDW]?(\d+[smhdwSMHDW])*$")
_TYPES = frozenset({
    "A", "AAAA", "AFSDB", "APL", "CAA", "CDNSKEY", "CDS", "CERT", "CNAME", "CSYNC", "DHCID", "DLV", "DNAME",
    "DNSKEY", "DS", "EUI48", "EUI64", "HINFO", "HIP", "HTTPS", "IPSECKEY", "KEY", "KX", "LOC", "MX", "NAPTR",
    "NS", "NSEC", "NSEC3", "NSEC3PARAM", "OPENPGPKEY", "PTR", "RP", "RRSIG", "SIG", "SMIMEA", "SOA", "SPF",
    "SRV", "SSHFP", "SVCB", "TA", "TKEY", "TLSA", "TSIG", "TXT", "URI", "ZONEMD", "WKS", "ALIAS", "ANAME",
})


def looks_like(head: bytes) -> bool:
    """A zone file: a ``$ORIGIN``/``$TTL`` directive at a line start, or a class-IN record line."""
    return _SNIFF.search(head) is not None


class _Token:
    __slots__ = ("builder", "column", "end", "line", "quoted", "text")

    def __init__(self, builder: StringBuilder, quoted: bool, end: tuple[int, int]) -> None:
        self.text = "".join(builder.text)
        self.line, self.column = builder.start
        self.quoted = quoted
        self.builder = builder  # the decoded characters with their positions
        self.end = end  # just past the token as written (after a closing quote)


class _Entry:
    """One logical line: its tokens and whether it began with blank space (the previous owner repeats)."""

    __slots__ = ("blank_owner", "tokens")

    def __init__(self, blank_owner: bool) -> None:
        self.blank_owner = blank_owner
        self.tokens: list[_Token] = []


def _origin_from_path(path: str) -> str | None:
    """The zone's origin when the file name says it (``example.com.zone``, ``db.example.com``), else None."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for suffix in (".zone.txt", ".zone", ".db", ".txt"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    name = name.removeprefix("db.")
    if re.fullmatch(r"([a-z0-9_-]+\.)+[a-z]{2,63}", name):
        return name + "."
    return None


class _Tokenizer:
    def __init__(self, path: str, text: str, doc: DnsDocument) -> None:
        self.path = path
        self.text = text
        self.doc = doc
        self.entries: list[_Entry] = []

    def error(self, line: int, column: int, message: str, severity: Severity = Severity.WARNING) -> None:
        self.doc.diagnostics.append(Diagnostic(Span.point(self.path, line, column), message, severity))

    def run(self) -> list[_Entry]:
        text, i, n = self.text, 0, len(self.text)
        line, col = 1, 1
        depth = 0
        paren_at = (1, 1)
        entry: _Entry | None = None
        while i < n:
            c = text[i]
            if c == "\n":
                if depth == 0:
                    entry = None
                i, line, col = i + 1, line + 1, 1
                continue
            if c in " \t\r":
                i, col = i + 1, col + 1
                continue
            if entry is None:
                entry = _Entry(blank_owner=col > 1)
                self.entries.append(entry)
            if c == ";":
                while i < n and text[i] != "\n":
                    i += 1
                continue
            if c == "(":
                if depth == 0:
                    paren_at = (line, col)
                depth += 1
                i, col = i + 1, col + 1
                continue
            if c == ")":
                if depth == 0:
                    self.error(line, col, _("zone file: ')' without '('"))
                depth = max(depth - 1, 0)
                i, col = i + 1, col + 1
                continue
            start = (line, col)
            builder = StringBuilder(self.path, line, col)
            quoted = c == '"'
            if quoted:
                i, col = i + 1, col + 1
            while i < n:
                c = text[i]
                if quoted and c == '"':
                    i, col = i + 1, col + 1
                    break
                if not quoted and (c in " \t\r\n;()" or c == '"'):
                    break
                if c == "\\" and i + 1 < n:
                    digits = text[i + 1:i + 4]
                    if len(digits) == 3 and digits.isdigit():
                        builder.add(chr(min(int(digits), 255)), line, col)
                        i, col = i + 4, col + 4
                        continue
                    nxt = text[i + 1]
                    builder.add(nxt, line, col)
                    if nxt == "\n":
                        i, line, col = i + 2, line + 1, 1
                    else:
                        i, col = i + 2, col + 2
                    continue
                if c == "\n":  # a string may span lines in a master file
                    builder.add(c, line, col)
                    i, line, col = i + 1, line + 1, 1
                    continue
                builder.add(c, line, col)
                i, col = i + 1, col + 1
            else:
                if quoted:
                    self.error(start[0], start[1], _("zone file: a quoted string is not closed"), Severity.ERROR)
            entry.tokens.append(_Token(builder, quoted, (line, col)))
        if depth:
            self.error(paren_at[0], paren_at[1], _("zone file: '(' is never closed"), Severity.ERROR)
        return self.entries


def parse(path: str, text: str) -> DnsDocument:
    """The TXT and SPF records of a zone file; never raises (problems become diagnostics)."""
    doc = DnsDocument(path, DnsSyntax.ZONE)
    tokenizer = _Tokenizer(path, text, doc)
    entries = tokenizer.run()
    origin = _origin_from_path(path)
    owner: str | None = None
    owner_token: _Token | None = None
    for entry in entries:
        tokens = entry.tokens
        if not tokens:
            continue
        first = tokens[0]
        if not first.quoted and first.text.startswith("$") and not entry.blank_owner:
            directive = first.text.upper()
            if directive == "$ORIGIN" and len(tokens) > 1:
                origin = qualify(tokens[1].text, origin)
                if not origin.endswith("."):
                    origin = None  # a relative $ORIGIN against an unknown origin: names stay relative
            elif directive == "$INCLUDE":
                tokenizer.error(first.line, first.column, _("zone file: $INCLUDE is not followed offline; "
                                                            "lint the included file on its own"), Severity.INFO)
            continue
        index = 0
        if not entry.blank_owner:
            owner, owner_token = qualify(first.text, origin), first
            index = 1
        # [ttl] [class] or [class] [ttl], then the type
        for _step in range(2):
            if index < len(tokens) and not tokens[index].quoted and (
                    tokens[index].text.upper() in _CLASSES or _TTL.match(tokens[index].text)):
                index += 1
        if index >= len(tokens):
            if owner_token is not None and not entry.blank_owner:
                tokenizer.error(first.line, first.column, _("zone file: a record without a type"))
            continue
        rtype = tokens[index].text.upper()
        if rtype not in ("TXT", "SPF"):
            if rtype not in _TYPES and not rtype.startswith("TYPE"):
                tokenizer.error(tokens[index].line, tokens[index].column,
                                _("zone file: unknown record type '{type}'").format(type=tokens[index].text[:20]))
            continue
        rdata = tokens[index + 1:]
        if owner is None or owner_token is None:
            tokenizer.error(first.line, first.column, _("zone file: a record before any owner name"))
            continue
        if not rdata:
            tokenizer.error(tokens[index].line, tokens[index].column, _("zone file: a TXT record without text"),
                            Severity.ERROR)
            continue
        strings = tuple(t.builder.build(t.end) for t in rdata)
        start = owner_token if not entry.blank_owner else first
        last = strings[-1].span
        span = Span(path, start.line, start.column, last.end_line, last.end_column)
        name_span = Span.point(path, owner_token.line, owner_token.column, len(owner_token.text))
        keep(doc, DnsRecord(owner, rtype, strings, span, name_span, DnsSyntax.ZONE, rrset_key(owner, owner)))
    return doc
