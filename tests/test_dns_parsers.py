"""The DNS parsers' sniffers and positions: no other input is claimed, every character keeps its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.model.dns import UNKNOWN
from smtplint.parsers import dns_dnscontrol, dns_octodns, dns_terraform, dns_zone, mta_sts

FIXTURES = Path(__file__).parent / "fixtures"
OTHER_INPUTS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and "dns" not in p.relative_to(FIXTURES).parts)


@pytest.mark.parametrize("path", OTHER_INPUTS, ids=[str(p.relative_to(FIXTURES)) for p in OTHER_INPUTS])
def test_no_dns_sniffer_claims_another_input(path: Path) -> None:
    head = path.read_bytes()[:8192]
    for module in (dns_octodns, dns_terraform, dns_dnscontrol, dns_zone):
        assert not module.looks_like(head), f"{module.__name__} claims {path}"
    from smtplint import formats
    dns = {"bind-zone", "octodns", "terraform", "dnscontrol", "mta-sts"}
    for fmt in ("yaml", "dotenv", "json", "ini", "properties"):  # a look at the bytes never moves it to DNS
        assert formats.overriding(formats.get(fmt), head).name not in dns, path


def test_mta_sts_sniffer() -> None:
    assert mta_sts.looks_like(b"version: STSv1\r\nmode: enforce\r\n")
    assert not mta_sts.looks_like(b"services:\n  web:\n    image: x\n")


def test_zone_positions_escapes_and_origin() -> None:
    text = ('$ORIGIN example.com.\nsel._domainkey IN TXT ( "v=DKIM1\\; k=rsa; "\n  "p=" )\n'
            '_dmarc 300 IN TXT "v=DMARC1;\\032p=none"\n')
    doc = dns_zone.parse("z.zone", text)
    dkim, dmarc = doc.records
    assert dkim.name == "sel._domainkey.example.com." and dkim.value == "v=DKIM1; k=rsa; p="
    assert dkim.locate(7, 8).line == 2 and dkim.locate(7, 8).column == 33  # the ';' after its backslash
    assert dkim.locate(16, 18).line == 3 and dkim.locate(16, 18).column == 4
    assert dmarc.value == "v=DMARC1; p=none" and dmarc.locate(10, 16).column == 33  # after \032 (4 characters)


def test_zone_never_raises_on_bad_input() -> None:
    doc = dns_zone.parse("z.zone", '@ IN TXT ( "v=spf1 -all\n')
    assert doc.diagnostics


def test_terraform_reference_name_and_interpolation() -> None:
    doc = dns_terraform.parse("x.tf", 'resource "aws_route53_record" "r" {\n  name = "_dmarc.${var.d}"\n'
                                     '  type = "TXT"\n  records = ["v=DMARC1; p=${var.p}", local.x]\n}\n')
    first, second = doc.records
    assert first.name == f"_dmarc.{UNKNOWN}" and not first.literal and first.known(0, 8)
    assert not second.literal and second.rrset == first.rrset


def test_octodns_sniffer_refuses_compose_and_octodns_main_config() -> None:
    assert not dns_octodns.looks_like(b"services:\n  web:\n    type: A\n    value: 1\n")
    assert not dns_octodns.looks_like(b"providers:\n  x: {}\nzones:\n  example.com.:\n    type: A\n    value: 1\n")
