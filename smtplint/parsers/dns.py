"""TEMPORARY entry point for DNS-as-code files until the format registry (issue 14) declares these syntaxes.

:func:`parse_dns` picks the syntax of a file by its name, then by a cheap look at its first bytes, and parses
it; None means "not a DNS-as-code file". The registry will replace :func:`syntax_of` with one declaration per
module: each module has ``PATTERNS`` (its file-name patterns), ``looks_like(head: bytes) -> bool`` and
``parse(path: str, text: str) -> DnsDocument``.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from types import ModuleType

from smtplint.model.dns import DnsDocument

HEAD = 8192  # how many leading bytes the sniffers look at


def _modules() -> list[tuple[str, ModuleType]]:
    from smtplint.parsers import dns_dnscontrol, dns_octodns, dns_terraform, dns_zone, mta_sts
    return [("mta-sts", mta_sts), ("dnscontrol", dns_dnscontrol), ("terraform", dns_terraform),
            ("bind-zone", dns_zone), ("octodns", dns_octodns)]


def _name_matches(path: str, patterns: tuple[str, ...]) -> bool:
    posix = path.replace("\\", "/").lower()
    name = posix.rsplit("/", 1)[-1]
    return any(fnmatchcase(posix, "*/" + p) or fnmatchcase(posix, p) if "/" in p else fnmatchcase(name, p)
               for p in patterns)


def syntax_of(path: str, head: bytes) -> Callable[[str, str], DnsDocument] | None:
    """The parser for a file, chosen by name pattern and confirmed by its sniffer; None when no syntax claims it."""
    for _name, module in _modules():
        if _name_matches(path, module.PATTERNS) and module.looks_like(head[:HEAD]):
            parser: Callable[[str, str], DnsDocument] = module.parse
            return parser
    return None


def parse_dns(path: str, text: str) -> DnsDocument | None:
    """Parse a DNS-as-code file (zone, OctoDNS, Terraform, dnsconfig.js, MTA-STS policy); None when it is none."""
    parser = syntax_of(path, text[:HEAD].encode("utf-8", "replace"))
    return parser(path, text) if parser is not None else None
