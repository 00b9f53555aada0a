"""DNS records kept as code (SPF, DKIM, DMARC, MTA-STS): BIND zone files, OctoDNS YAML, Terraform, DNSControl
and the MTA-STS policy file. Each syntax reader gives a DnsDocument (smtplint.model.dns) that the SMTP5xx rules
read; the document carries it in ``dns``."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from smtplint.formats.spec import DocsRow, InputFormat, Parse, ParseContext, comment_reader, text_parser
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.dns import DnsDocument


def _dns_parser(module: str, name: str) -> Parse:
    """The DNS syntax reader ``smtplint.parsers.<module>``; its DnsDocument travels in the document's ``dns``."""
    read = text_parser(module)  # gives the DnsDocument the reader returns

    def parse(path: str, text: str, context: ParseContext) -> Document:
        from smtplint.model import Document
        dns = cast("DnsDocument", read(path, text, context))
        return Document(path, name, diagnostics=list(dns.diagnostics), dns=dns)
    return parse


def _zone_sniff(head: bytes) -> bool:
    from smtplint.parsers import dns_zone
    return dns_zone.looks_like(head[:8192])


def _octodns_sniff(head: bytes) -> bool:
    if b"type:" not in head:  # every YAML file is asked: most have no record shape at all
        return False
    from smtplint.parsers import dns_octodns
    return dns_octodns.looks_like(head[:8192])


def _terraform_sniff(head: bytes) -> bool:
    from smtplint.parsers import dns_terraform
    return dns_terraform.looks_like(head[:8192])


LABEL = N_("DNS records")

ZONE = InputFormat(
    name="bind-zone",
    label=LABEL,
    parse=_dns_parser("dns_zone", "bind-zone"),
    comments=comment_reader("zone"),
    names=("*.zone", "*.zone.txt"),
    probe=("db.*", "*.db"),
    sniff=_zone_sniff,
    docs=(DocsRow("DNS: BIND zone files",
                  "`*.zone`, and `db.*`/`*.db` whose content is a zone: TXT and SPF records; `$ORIGIN`, relative "
                  "names, `@`, a blank owner, `( \"part1\" \"part2\" )` strings joined before checking, `\\;`/`\\DDD` "
                  "escapes, `;` comments (`$INCLUDE` is not followed)"),),
)
OCTODNS = InputFormat(
    name="octodns",
    label=LABEL,
    parse=_dns_parser("dns_octodns", "octodns"),
    comments=comment_reader("yaml"),
    overrides="yaml",
    sniff=_octodns_sniff,
    docs=(DocsRow("DNS: OctoDNS",
                  "zone YAML (`zones/example.com.yaml`) whose content has record shapes (`type:` with `value:` or "
                  "`values:`); `\\;` unescaped; long values split by OctoDNS itself"),),
)
TERRAFORM = InputFormat(
    name="terraform",
    label=LABEL,
    parse=_dns_parser("dns_terraform", "terraform"),
    comments=comment_reader("hcl"),
    probe=("*.tf",),
    sniff=_terraform_sniff,
    sniff_named=True,
    docs=(DocsRow("DNS: Terraform",
                  "`*.tf` with `aws_route53_record` (`records`, `\"part1\\\"\\\"part2\"` splits), "
                  "`cloudflare_record`/`cloudflare_dns_record` (`content`/`value`), `google_dns_record_set` "
                  "(`rrdatas`), `azurerm_dns_txt_record` (`record { value }`); strings, lists and heredocs"),),
)
DNSCONTROL = InputFormat(
    name="dnscontrol",
    label=LABEL,
    parse=_dns_parser("dns_dnscontrol", "dnscontrol"),
    comments=comment_reader("javascript"),
    names=("dnsconfig.js",),
    docs=(DocsRow("DNS: DNSControl",
                  "`dnsconfig.js`: `TXT(label, value)` (string or array of strings) and `SPF_BUILDER({label, "
                  "parts})` inside `D(...)`; read, never run"),),
)
MTA_STS = InputFormat(
    name="mta-sts",
    label=LABEL,
    parse=_dns_parser("mta_sts", "mta-sts"),
    comments=comment_reader("plain"),
    names=("mta-sts.txt",),
    docs=(DocsRow("DNS: MTA-STS policy",
                  "`.well-known/mta-sts.txt` (`version`, `mode`, `mx`, `max_age`)"),),
)
