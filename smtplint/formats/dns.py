"""DNS records kept as code (SPF, DKIM, DMARC, MTA-STS): BIND zone files, OctoDNS YAML, Terraform, DNSControl
and the MTA-STS policy file. Each syntax reader gives a DnsDocument (smtplint.model.dns) that the SMTP5xx rules
read; the document carries it in ``dns``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.dns import DnsDocument
    from smtplint.model.layout import Layout


def _document(path: str, name: str, dns: DnsDocument) -> Document:
    from smtplint.model import Document
    return Document(path, name, diagnostics=list(dns.diagnostics), dns=dns)


def _parse_zone(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import dns_zone
    return _document(path, "bind-zone", dns_zone.parse(path, text))


def _parse_octodns(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import dns_octodns
    return _document(path, "octodns", dns_octodns.parse(path, text))


def _parse_terraform(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import dns_terraform
    return _document(path, "terraform", dns_terraform.parse(path, text))


def _parse_dnscontrol(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import dns_dnscontrol
    return _document(path, "dnscontrol", dns_dnscontrol.parse(path, text))


def _parse_mta_sts(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import mta_sts
    return _document(path, "mta-sts", mta_sts.parse(path, text))


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


def _semicolons(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.zone(text)


def _yaml_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.yaml(text)


def _hcl_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.c_like(text, hash_comments=True)


def _js_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.c_like(text, hash_comments=False)


def _no_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.plain(text)


LABEL = N_("DNS records")

ZONE = InputFormat(
    name="bind-zone",
    label=LABEL,
    parse=_parse_zone,
    comments=_semicolons,
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
    parse=_parse_octodns,
    comments=_yaml_comments,
    overrides="yaml",
    sniff=_octodns_sniff,
    docs=(DocsRow("DNS: OctoDNS",
                  "zone YAML (`zones/example.com.yaml`) whose content has record shapes (`type:` with `value:` or "
                  "`values:`); `\\;` unescaped; long values split by OctoDNS itself"),),
)
TERRAFORM = InputFormat(
    name="terraform",
    label=LABEL,
    parse=_parse_terraform,
    comments=_hcl_comments,
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
    parse=_parse_dnscontrol,
    comments=_js_comments,
    names=("dnsconfig.js",),
    docs=(DocsRow("DNS: DNSControl",
                  "`dnsconfig.js`: `TXT(label, value)` (string or array of strings) and `SPF_BUILDER({label, "
                  "parts})` inside `D(...)`; read, never run"),),
)
MTA_STS = InputFormat(
    name="mta-sts",
    label=LABEL,
    parse=_parse_mta_sts,
    comments=_no_comments,
    names=("mta-sts.txt",),
    docs=(DocsRow("DNS: MTA-STS policy",
                  "`.well-known/mta-sts.txt` (`version`, `mode`, `mx`, `max_age`)"),),
)
