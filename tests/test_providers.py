"""SMTP401 (provider host typos) and SMTP402 (ports and modes a provider does not offer), and their data."""

from __future__ import annotations

import datetime
import json
from importlib import resources

import pytest

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Severity, Span
from smtplint.rules import DEFAULT_OPTIONS
from smtplint.rules.providers import (
    data,
    distance,
    find_typo,
    provider_host_typo,
    provider_of,
    provider_port_mode,
    registrable,
    reports_port_mode,
)
from smtplint.rules.transport import port_mode_mismatch

P = "f.yaml"


def s(key: str, value: object, line: int, origin: Origin = Origin.LITERAL) -> Setting[object]:
    return Setting(key, value, str(value), Span(P, line, 3, line, 20), origin)


def endpoint(host: str | None, port: int | None = None, mode: Mode | None = None, *, certain: bool = True,
             user: str | None = None, port_origin: Origin = Origin.LITERAL,
             host_origin: Origin = Origin.LITERAL) -> ClientEndpoint:
    ep = ClientEndpoint(Dialect.GENERIC_YAML, Span(P, 1, 1, 9, 1))
    if host is not None:
        ep.host = s("host", host, 2, host_origin)  # type: ignore[assignment]
    if port is not None:
        ep.port = s("port", port, 3, port_origin)  # type: ignore[assignment]
    if mode is not None:
        ep.mode = s("security", mode, 4)  # type: ignore[assignment]
        ep.mode_certain = certain
    if user is not None:
        ep.username = s("username", user, 5)  # type: ignore[assignment]
    return ep


# --- distance and families ------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("smtp.gmail.com", "smtp.gmail.com", 0),
    ("smtp.gmial.com", "smtp.gmail.com", 1),  # transposition counts once
    ("smtp.office356.com", "smtp.office365.com", 1),
    ("smtp.gmai.com", "smtp.gmail.com", 1),
    ("smtp.gmx.com", "smtp.gmail.com", 3),
    ("abc", "xyz", 3),
    ("", "abc", 3),
])
def test_damerau_levenshtein(a: str, b: str, expected: int) -> None:
    assert distance(a, b) == expected
    assert distance(b, a) == expected


def test_distance_is_capped() -> None:
    assert distance("smtp.example.org", "in-v3.mailjet.com", 3) == 3


@pytest.mark.parametrize(("host", "expected"), [
    ("smtp.gmail.com", "gmail.com"), ("smtp.zoho.com.au", "zoho.com.au"), ("mail.example.co.uk", "example.co.uk"),
    ("localhost", "localhost"),
])
def test_registrable(host: str, expected: str) -> None:
    assert registrable(host) == expected


# --- SMTP401 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("host", "intended"), [
    ("smtp.gmial.com", "smtp.gmail.com"),
    ("SMTP.GMIAL.COM.", "smtp.gmail.com"),  # case and a trailing dot do not matter
    ("smtp.office356.com", "smtp.office365.com"),
    ("smpt.office365.com", "smtp.office365.com"),
    ("smtp.sendgird.net", "smtp.sendgrid.net"),
    ("smtp.mailgun.og", "smtp.mailgun.org"),
    ("smtp-mail.outlok.com", "smtp-mail.outlook.com"),
    ("email-smtp.us-east1.amazonaws.com", "email-smtp.us-east-1.amazonaws.com"),
    ("email-smtp.amazonaws.com", "email-smtp.<region>.amazonaws.com"),  # table: no region
    ("smtp.office.com", "smtp.office365.com"),  # table: too far for the distance rule
    ("smtp.outlook.office365.com", "smtp.office365.com"),
    ("smtp.mailgun.com", "smtp.mailgun.org"),
])
def test_typos_found(host: str, intended: str) -> None:
    match = find_typo(host)
    assert match is not None
    assert match.intended == intended


@pytest.mark.parametrize("host", [
    "smtp.gmail.com", "smtp-relay.gmail.com", "smtp.office365.com",
    "smtp.eu.mailgun.org", "smtppro.zoho.eu", "smtp.zohocloud.ca",
    "email-smtp.eu-central-1.amazonaws.com", "email-smtp-fips.us-gov-west-1.amazonaws.com",
    "email-smtp.ap-southeast-7.amazonaws.com",  # a region newer than the list: the pattern accepts it
    "smtp.gmail-relay.internal.example.com",  # merely contains a provider's name
    "smtp.mail.com", "smtp.gmx.com", "smtp.gmx.net", "smtp.ymail.com",  # other mail services
    "smtp.example.com", "mail.example.org", "localhost", "mailpit", "10.0.0.5",
])
def test_no_typo(host: str) -> None:
    assert find_typo(host) is None


def test_short_hosts_allow_one_edit_only() -> None:
    # 11 characters: distance 2 is too far for a short host
    assert find_typo("smtp.zo.eu") is None


def test_typo_rule_severity_and_span() -> None:
    findings = list(provider_host_typo(endpoint("smtp.gmial.com", 587, Mode.STARTTLS), DEFAULT_OPTIONS))
    assert [(f.rule_id, f.severity, f.span.line, f.span.column) for f in findings] == [
        ("SMTP401", Severity.WARNING, 2, 3)]
    assert "looks like a typo of 'smtp.gmail.com'" in findings[0].message


def test_typo_with_matching_username_is_an_error() -> None:
    ep = endpoint("smtp.sendgird.net", 587, Mode.STARTTLS, user="apikey")
    assert [f.severity for f in provider_host_typo(ep, DEFAULT_OPTIONS)] == [Severity.ERROR]
    ep = endpoint("smtp.gmial.com", 587, Mode.STARTTLS, user="someone@gmail.com")
    assert [f.severity for f in provider_host_typo(ep, DEFAULT_OPTIONS)] == [Severity.ERROR]
    ep = endpoint("smtp.gmial.com", 587, Mode.STARTTLS, user="someone@example.com")
    assert [f.severity for f in provider_host_typo(ep, DEFAULT_OPTIONS)] == [Severity.WARNING]


def test_legacy_alias_is_info_and_fallback_is_lowered() -> None:
    assert [f.severity for f in provider_host_typo(endpoint("smtp.live.com"), DEFAULT_OPTIONS)] == [Severity.INFO]
    # a working alias: an info typo, and still Gmail for SMTP402
    assert [f.severity for f in provider_host_typo(endpoint("smtp.googlemail.com"), DEFAULT_OPTIONS)] == [
        Severity.INFO]
    assert _402(endpoint("smtp.googlemail.com", 587, Mode.IMPLICIT_TLS)) == [("SMTP402", Severity.ERROR, 4)]
    ep = endpoint("smtp.office356.com", host_origin=Origin.FALLBACK)
    findings = list(provider_host_typo(ep, DEFAULT_OPTIONS))
    assert [f.severity for f in findings] == [Severity.INFO]
    assert "fallback" in findings[0].message


def test_typo_rule_skips_unresolved_and_local_hosts() -> None:
    unresolved = endpoint(None)
    unresolved.host = Setting("host", None, "${SMTP_HOST}", Span(P, 2, 3, 2, 20), Origin.REFERENCE)
    assert list(provider_host_typo(unresolved, DEFAULT_OPTIONS)) == []
    assert list(provider_host_typo(endpoint("mailhog"), DEFAULT_OPTIONS)) == []


# --- SMTP402 --------------------------------------------------------------------------------------------


def _402(ep: ClientEndpoint) -> list[tuple[str, Severity, int]]:
    return [(f.rule_id, f.severity, f.span.line) for f in provider_port_mode(ep, DEFAULT_OPTIONS)]


def test_office365_on_465_is_an_error_at_the_port() -> None:
    for mode in (Mode.IMPLICIT_TLS, Mode.STARTTLS, None):
        ep = endpoint("smtp.office365.com", 465, mode)
        assert _402(ep) == [("SMTP402", Severity.ERROR, 3)]
    finding = next(iter(provider_port_mode(endpoint("smtp.office365.com", 465), DEFAULT_OPTIONS)))
    assert finding.message.startswith("smtp.office365.com (Microsoft 365 / Office 365) does not accept "
                                      "connections on port 465; use STARTTLS on port 587 or 25")
    assert [r.line for r in finding.related] == [2]


def test_postmark_and_outlook_on_465() -> None:
    assert _402(endpoint("smtp.postmarkapp.com", 465, Mode.IMPLICIT_TLS)) == [("SMTP402", Severity.ERROR, 3)]
    assert _402(endpoint("smtp-mail.outlook.com", 465, Mode.IMPLICIT_TLS)) == [("SMTP402", Severity.ERROR, 3)]


def test_ses_alternate_ports() -> None:
    host = "email-smtp.eu-west-1.amazonaws.com"
    assert _402(endpoint(host, 2587, Mode.IMPLICIT_TLS)) == [("SMTP402", Severity.ERROR, 4)]
    assert _402(endpoint(host, 2465, Mode.STARTTLS_REQUIRED)) == [("SMTP402", Severity.ERROR, 4)]
    assert _402(endpoint(host, 2465, Mode.IMPLICIT_TLS)) == []
    assert _402(endpoint(host, 2587, Mode.STARTTLS)) == []


def test_gmail_587_implicit_is_402_not_105() -> None:
    ep = endpoint("smtp.gmail.com", 587, Mode.IMPLICIT_TLS)
    findings = list(provider_port_mode(ep, DEFAULT_OPTIONS))
    assert [(f.rule_id, f.severity, f.span.line) for f in findings] == [("SMTP402", Severity.ERROR, 4)]
    assert [r.line for r in findings[0].related] == [3]
    assert "Gmail / Google Workspace offers STARTTLS on port 587 or 25, or implicit TLS on port 465" in (
        findings[0].message)
    assert reports_port_mode(ep, DEFAULT_OPTIONS)
    assert list(port_mode_mismatch(ep, DEFAULT_OPTIONS)) == []  # one cause, one finding
    # an unknown host keeps SMTP105
    other = endpoint("smtp.example.com", 587, Mode.IMPLICIT_TLS)
    assert [f.rule_id for f in port_mode_mismatch(other, DEFAULT_OPTIONS)] == ["SMTP105"]


def test_wrong_mode_on_a_nonstandard_listed_port_is_a_warning() -> None:
    # Mailjet lists port 80 for STARTTLS; SMTP105 knows nothing about port 80
    assert _402(endpoint("in-v3.mailjet.com", 80, Mode.IMPLICIT_TLS)) == [("SMTP402", Severity.WARNING, 4)]


@pytest.mark.parametrize("ep", [
    endpoint("smtp.gmail.com", 465, Mode.AUTO, certain=False),  # the ambiguous 'tls' keyword
    endpoint("smtp.gmail.com", 587, Mode.IMPLICIT_TLS, certain=False),
    endpoint("smtp.gmail.com", 465, Mode.IMPLICIT_TLS),
    endpoint("smtp.gmail.com", 587, Mode.STARTTLS_REQUIRED),
    endpoint("smtp.gmail.com", 587, Mode.PLAIN),  # plaintext is SMTP101/SMTP102's
    endpoint("smtp.office365.com", None, Mode.IMPLICIT_TLS),
    endpoint("smtp-relay.brevo.com", 2587, Mode.STARTTLS),  # unverified port list
    endpoint("smtp.example.com", 465, Mode.STARTTLS),
    endpoint("localhost", 465, Mode.STARTTLS),
])
def test_402_silent(ep: ClientEndpoint) -> None:
    assert _402(ep) == []


def test_unresolved_port_is_silent_and_fallback_is_lowered() -> None:
    ep = endpoint("smtp.office365.com", 465, Mode.IMPLICIT_TLS)
    ep.port = Setting("port", None, "${SMTP_PORT}", Span(P, 3, 3, 3, 20), Origin.REFERENCE)
    assert _402(ep) == []
    assert _402(endpoint("smtp.office365.com", 465, port_origin=Origin.FALLBACK)) == [
        ("SMTP402", Severity.WARNING, 3)]


# --- the data -------------------------------------------------------------------------------------------


def test_data_ships_as_package_data_and_is_consistent() -> None:
    raw = json.loads(resources.files("smtplint.rules").joinpath("providers.json").read_text())
    ids = [p["id"] for p in raw["providers"]]
    assert len(ids) == len(set(ids))
    for p in raw["providers"]:
        datetime.date.fromisoformat(p["verified"])
        assert p["status"] in ("documented", "unverified")
        assert p["starttls"] or p["implicit"]
        assert not set(p["starttls"]) & set(p["implicit"])
    for typo in raw["typos"]:
        intended = typo["intended"].replace("<region>", "us-east-1")
        assert provider_of(intended) is not None, typo
        assert provider_of(typo["typo"]) is None or typo.get("severity") == "info", typo
    assert data() is data()  # loaded once


def test_canonical_hosts_are_not_each_others_typos() -> None:
    d = data()
    for host, _ in d.candidates:
        assert find_typo(host) is None, host


def _typo_without_prefilter(host: str) -> tuple[int, str] | None:
    """find_typo's search over every canonical host with the full distance: the reference for its prefilter."""
    from smtplint.rules.providers import _same_family, normalise
    h = normalise(host)
    d = data()
    limit = 1 if len(h) < 12 else 2
    best: tuple[int, str] | None = None
    for canonical, _provider in d.candidates:
        dist = distance(h, canonical, limit + 1)
        if dist <= limit and (best is None or dist < best[0]) and _same_family(h, canonical, d.distinct_domains):
            best = (dist, canonical)
    return best


def test_typo_prefilter_keeps_every_match_the_full_distance_finds() -> None:
    import random

    rng = random.Random(401)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-"
    hosts: list[str] = []
    for canonical, _provider in data().candidates:
        for _ in range(12):  # one to three random edits (substitute, insert, delete, swap) of each host
            chars = list(canonical)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(chars) - 1)
                op = rng.randrange(4)
                if op == 0:
                    chars[at] = rng.choice(alphabet)
                elif op == 1:
                    chars.insert(at, rng.choice(alphabet))
                elif op == 2:
                    del chars[at]
                else:
                    chars[at], chars[at + 1] = chars[at + 1], chars[at]
            hosts.append("".join(chars))
    checked = 0
    for host in hosts:
        if host in data().typos or provider_of(host) is not None or "." not in host:
            continue
        found = find_typo(host)
        assert (None if found is None else (found.distance, found.intended)) == _typo_without_prefilter(host), host
        checked += 1
    assert checked > 300


def test_a_legacy_name_that_still_works_is_not_called_a_typo() -> None:
    findings = list(provider_host_typo(endpoint("smtp.googlemail.com", 587, Mode.STARTTLS), DEFAULT_OPTIONS))
    assert [(f.rule_id, f.severity) for f in findings] == [("SMTP401", Severity.INFO)]
    assert "is a legacy name of 'smtp.gmail.com'" in findings[0].message
    assert "typo" not in findings[0].message
