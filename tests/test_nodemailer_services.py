"""nodemailer's well-known services: names matched as nodemailer matches them; options win over the service."""

from __future__ import annotations

from smtplint.model import Mode, Origin
from smtplint.parsers.json_ import parse
from smtplint.parsers.nodemailer_services import well_known


def test_names_aliases_domains_and_addresses() -> None:
    gmail = well_known("Gmail")
    assert gmail is not None and (gmail.host, gmail.port, gmail.secure) == ("smtp.gmail.com", 465, True)
    assert well_known("google mail") == well_known("GMAIL") == well_known("someone@googlemail.com") == gmail
    assert well_known("Outlook365") is not None and well_known("outlook.com") is not None
    assert well_known("MyCorpRelay") is None and well_known("") is None


def _one(options: str) -> tuple[str | None, int | None, Mode | None, Origin | None]:
    [ep] = parse("config.json", '{"mail": {"options": ' + options + "}}").endpoints
    return (ep.host.value if ep.host else None, ep.port.value if ep.port else None,
            ep.mode.value if ep.mode else None, ep.mode.origin if ep.mode else None)


def test_the_service_fills_what_the_options_leave_out() -> None:
    assert _one('{"service": "Gmail", "auth": {"user": "u", "pass": "${P}"}}') == (
        "smtp.gmail.com", 465, Mode.IMPLICIT_TLS, Origin.DEFAULT)
    # an explicit port stays, the service's secure: true still applies (nodemailer: a key in the options wins)
    assert _one('{"service": "Gmail", "port": 587, "auth": {"user": "u", "pass": "${P}"}}')[:3] == (
        "smtp.gmail.com", 587, Mode.IMPLICIT_TLS)
    assert _one('{"service": "Gmail", "secure": false, "port": 587, "auth": {}}')[:3] == (
        "smtp.gmail.com", 587, Mode.STARTTLS)
    assert _one('{"service": "Gmail", "host": "smtp.example.com", "auth": {}}')[:3] == (
        "smtp.example.com", 465, Mode.IMPLICIT_TLS)
    assert _one('{"service": "SendGrid", "auth": {}}')[:3] == ("smtp.sendgrid.net", 587, Mode.AUTO)
    assert _one('{"service": "Proton", "auth": {}}')[:3] == ("smtp.protonmail.ch", 587, Mode.STARTTLS_REQUIRED)


def test_the_service_is_reported_where_it_is_written() -> None:
    [ep] = parse("c.json", '{\n "mail": {\n  "options": {\n   "service": "Gmail",\n   "auth": {}\n  }\n }\n}\n'
                 ).endpoints
    assert ep.host is not None and (ep.host.span.line, ep.host.span.column) == (4, 4)
    assert ep.port is not None and ep.port.span.line == 4 and ep.port.origin is Origin.DEFAULT


def test_a_service_key_is_found_by_the_sparse_reader_however_it_is_spaced() -> None:
    """The sparse JSON reader descends only into containers that can hold a service or env key; a "service"
    string among other values (Keycloak exports have many) is no reason to, a key with spaces is."""
    for colon in (":", " :", "  :"):
        text = '{"a": [1, "service"], "mail": {"options": {"service"' + colon + ' "Gmail", "auth": {}}}}'
        [ep] = parse("c.json", text).endpoints
        assert ep.host is not None and ep.host.value == "smtp.gmail.com", colon
