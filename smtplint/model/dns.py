"""DNS records kept as code (zone files, OctoDNS, Terraform, DNSControl) and MTA-STS policy files, normalised.

No I/O and no parsing lives here. A parser turns one file into a :class:`DnsDocument`: every TXT (and obsolete
SPF-type) record it found, each character-string with the exact place of every character, and the MTA-STS
policies. Rules read only these records; they never see the syntax the record was written in.

Names: ``DnsRecord.name`` is the owner name, lower case, fully qualified (with the trailing dot) when the
file says the origin, else relative as written (``@`` is the empty name ``""``). A part of a name that is a
reference (``${var.domain}``, a JavaScript variable) is written :data:`UNKNOWN` (``{}``), which no DNS name
contains.
"""

from __future__ import annotations

from enum import StrEnum

from smtplint.model.core import Diagnostic, Span
from smtplint.records import field, record

UNKNOWN = "{}"  # stands for the part of a name that is a reference


class DnsSyntax(StrEnum):
    """The DNS-as-code syntaxes smtplint reads."""

    ZONE = "bind-zone"  # RFC 1035 master files: BIND, NSD, Knot
    OCTODNS = "octodns"  # OctoDNS YAML zone configuration
    TERRAFORM = "terraform"  # aws_route53_record, cloudflare_record, google_dns_record_set, azurerm_dns_txt_record
    DNSCONTROL = "dnscontrol"  # DNSControl dnsconfig.js
    MTA_STS = "mta-sts"  # the policy file served at https://mta-sts.<domain>/.well-known/mta-sts.txt


@record(frozen=True)
class TxtString:
    """One character-string of a TXT record, decoded (escapes resolved), with where each character is written.

    ``chars[i]`` is the 1-based (line, column) of ``text[i]`` in the file; ``end`` is the (line, column) just
    past the last character. ``span`` covers the string as written (quotes included). ``refs`` are the
    (start, end) ranges of ``text`` that are references (``${var.x}``, ``{{ x }}``): their value is unknown.
    """

    text: str
    span: Span
    chars: tuple[tuple[int, int], ...]
    end: tuple[int, int]
    refs: tuple[tuple[int, int], ...] = ()

    @property
    def literal(self) -> bool:
        """True when no part of the string is a reference."""
        return not self.refs

    def position(self, index: int) -> tuple[int, int]:
        """The (line, column) of ``text[index]``; ``len(text)`` gives the end."""
        return self.chars[index] if index < len(self.chars) else self.end


@record(frozen=True)
class DnsRecord:
    """One TXT (or SPF-type) resource record: its owner, type and character-strings, and where it is written.

    ``rrset`` groups the records that certainly share an owner name (the normalised name when it is known, else
    one group per resource block). ``auto_split``: the tool splits long strings itself (OctoDNS, DNSControl,
    Cloudflare, Azure), so a string over 255 characters is not an error there.
    """

    name: str
    rtype: str  # "TXT" or "SPF"
    strings: tuple[TxtString, ...]
    span: Span  # the whole record (entry, resource or call)
    name_span: Span
    syntax: DnsSyntax
    rrset: str
    auto_split: bool = False

    @property
    def value(self) -> str:
        """The character-strings joined without spaces, as receivers read them (RFC 7208 section 3.3)."""
        return "".join(s.text for s in self.strings)

    @property
    def refs(self) -> tuple[tuple[int, int], ...]:
        """The reference ranges of :attr:`value`."""
        out: list[tuple[int, int]] = []
        offset = 0
        for s in self.strings:
            out += [(offset + a, offset + b) for a, b in s.refs]
            offset += len(s.text)
        return tuple(out)

    @property
    def literal(self) -> bool:
        """True when every character of the value is written in the file."""
        return all(s.literal for s in self.strings)

    def known(self, start: int, end: int) -> bool:
        """True when no reference overlaps ``value[start:end]``."""
        return not any(a < end and start < b for a, b in self.refs)

    @property
    def labels(self) -> tuple[str, ...]:
        """The owner name's labels (``("_dmarc", "example", "com")``); a label holding a reference is ``{}``."""
        name = self.name.rstrip(".")
        return tuple(name.split(".")) if name else ()

    def locate(self, start: int, end: int) -> Span:
        """The span of ``value[start:end]`` in the file (the whole record's first string when empty)."""
        if not self.strings:
            return self.span
        end = max(end, start + 1)
        first = last = None
        offset = 0
        for s in self.strings:
            size = len(s.text)
            if first is None and start < offset + size:
                first = s.position(start - offset)
            if end <= offset + size:
                last = s.position(end - offset - 1)
                last = (last[0], last[1] + 1)
                break
            offset += size
        if first is None:
            s = self.strings[-1]
            return Span(s.span.path, s.end[0], s.end[1], s.end[0], s.end[1] + 1)
        if last is None:
            last = self.strings[-1].end
        path = self.strings[0].span.path
        return Span(path, first[0], first[1], last[0], max(last[1], first[1] + 1) if last[0] == first[0] else last[1])


@record(frozen=True)
class PolicyField:
    """One ``key: value`` line of an MTA-STS policy file."""

    key: str
    value: str
    span: Span  # the whole line
    value_span: Span


@record(frozen=True)
class MtaStsPolicy:
    """An MTA-STS policy file (RFC 8461 section 3.2): its fields in order, as written."""

    fields: tuple[PolicyField, ...]
    span: Span  # the first line of the file

    def get(self, key: str) -> list[PolicyField]:
        """Every field with this key, in order (keys are case-sensitive in RFC 8461; ``mx`` may repeat)."""
        return [f for f in self.fields if f.key == key]


@record
class DnsDocument:
    """What one DNS-as-code file produced: TXT/SPF records, MTA-STS policies, and problems reading it."""

    path: str
    syntax: DnsSyntax
    records: list[DnsRecord] = field(default_factory=list)
    policies: list[MtaStsPolicy] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
