"""Mail URL / DSN parsing: part offsets, decoding, per-library mode semantics, redaction."""

from __future__ import annotations

import pytest

from smtplint.model import Mode, Origin
from smtplint.parsers.urls import MailUrl, UrlFlavor, looks_like_mail_url, parse_mail_url, redact_url

SYMFONY, DJANGO, NODEMAILER = UrlFlavor.SYMFONY, UrlFlavor.DJANGO, UrlFlavor.NODEMAILER


def _parse(text: str, flavor: UrlFlavor = SYMFONY, origin: Origin = Origin.LITERAL) -> MailUrl:
    url = parse_mail_url(text, flavor, origin=origin)
    assert url is not None
    return url


def test_part_offsets_and_decoding() -> None:
    text = "smtp://app%40example.com:p%3Ass%2Fw@smtp.example.com:587?verify_peer=0"
    url = _parse(text)
    assert url.scheme.raw == "smtp" and (url.scheme.start, url.scheme.end) == (0, 4)
    assert url.username is not None and url.username.text == "app@example.com"
    assert text[url.username.start:url.username.end] == "app%40example.com"
    assert url.password is not None and url.password.text == "p:ss/w"
    assert text[url.password.start:url.password.end] == "p%3Ass%2Fw"
    assert url.host is not None and url.host.text == "smtp.example.com"
    assert text[url.host.start:url.host.end] == "smtp.example.com"
    assert url.port is not None and url.port_value == 587 and text[url.port.start:url.port.end] == "587"
    assert url.verify is not None and text[url.verify.start:url.verify.end] == "verify_peer=0"


def test_templated_parts_are_references_one_by_one() -> None:
    text = "smtps://user:${PASS}@smtp.example.com:465"
    url = _parse(text)
    assert url.password is not None
    assert url.password.origin is Origin.REFERENCE and url.password.text is None
    assert text[url.password.start:url.password.end] == "${PASS}"
    assert url.username is not None and url.username.origin is Origin.LITERAL
    assert url.host is not None and url.host.text == "smtp.example.com" and url.host.origin is Origin.LITERAL
    assert url.port_value == 465
    assert url.mode is Mode.IMPLICIT_TLS and url.mode_certain


def test_template_delimiters_do_not_split_the_url() -> None:
    url = _parse("smtp://${USER}:${PASS:-a:b@c}@${HOST}:${PORT:-2525}")
    assert url.username is not None and url.username.origin is Origin.REFERENCE
    assert url.password is not None and url.password.origin is Origin.FALLBACK
    assert url.host is not None and url.host.origin is Origin.REFERENCE
    assert url.port is not None and url.port.origin is Origin.FALLBACK and url.port_value == 2525


def test_ipv6_host_and_whole_fallback_origin() -> None:
    url = _parse("smtp://[::1]:1025", origin=Origin.FALLBACK)
    assert url.host is not None and url.host.text == "::1" and url.host.origin is Origin.FALLBACK
    assert url.port_value == 1025


def test_not_a_url() -> None:
    assert parse_mail_url("smtp.example.com:587", SYMFONY) is None
    assert parse_mail_url("${MAILER_DSN}", SYMFONY) is None
    assert not looks_like_mail_url("localhost")
    assert looks_like_mail_url(" smtps://h")


@pytest.mark.parametrize("text", ["null://null", "sendmail://default", "native://default", "ses+api://k@default",
                                  "failover(smtp://a smtp://b)", "log://"])
def test_symfony_non_smtp(text: str) -> None:
    url = parse_mail_url(text, SYMFONY)
    assert url is None or not url.smtp


@pytest.mark.parametrize("text", ["consolemail://", "filemail:///tmp/mail", "memorymail://", "dummymail://",
                                  "console://", "file://"])
def test_django_non_smtp(text: str) -> None:
    url = parse_mail_url(text, DJANGO)
    assert url is not None and not url.smtp


@pytest.mark.parametrize(("text", "mode", "default_port"), [
    ("smtp://u:p@smtp.example.com:587", Mode.AUTO, 465),
    ("smtp://u:p@smtp.example.com:465", Mode.AUTO, 465),
    ("smtp://u:p@smtp.example.com", Mode.AUTO, 465),  # no port, remote: implicit TLS on 465
    ("smtp://localhost", Mode.AUTO, 25),
    ("smtps://u:p@smtp.example.com:587", Mode.IMPLICIT_TLS, 465),
    ("smtp://u:p@smtp.example.com:587?require_tls=true", Mode.STARTTLS_REQUIRED, 465),
    ("smtp://u:p@smtp.example.com:465?require_tls=true", Mode.AUTO, 465),
    ("smtp://u:p@smtp.example.com:587?auto_tls=false", Mode.PLAIN, 465),
    ("smtp://u:p@smtp.example.com:465?auto_tls=false", Mode.AUTO, 465),  # implicit TLS: moot
])
def test_symfony_modes(text: str, mode: Mode, default_port: int) -> None:
    url = _parse(text)
    assert url.smtp and url.mode is mode and url.default_port == default_port


def test_symfony_auto_tls_false_is_an_opt_out_at_the_option() -> None:
    text = "smtp://u:p@smtp.example.com:587?verify_peer=false&auto_tls=false"
    url = _parse(text)
    assert url.tls_opt_out is not None
    assert text[url.tls_opt_out.start:url.tls_opt_out.end] == "auto_tls=false"
    assert url.mode_from is url.tls_opt_out


def test_symfony_unknown_port_leaves_mode_auto() -> None:
    url = _parse("smtp://u:p@smtp.example.com:${PORT}?auto_tls=false")
    assert url.mode is Mode.AUTO and url.tls_opt_out is None


def test_symfony_bridge_implies_host_and_the_user_is_the_key() -> None:
    url = _parse("sendgrid+smtp://SG.key@default")
    assert url.smtp and url.provider == "sendgrid"
    assert url.implied_host == "smtp.sendgrid.net" and url.default_port == 465
    assert url.mode is Mode.IMPLICIT_TLS
    assert url.password is not None and url.password.raw == "SG.key"
    unsure = _parse("mailjet+smtp://u:p@default")
    assert unsure.mode is None and unsure.implied_host == "in-v3.mailjet.com"
    explicit_port = _parse("sendgrid+smtp://k@default:587")
    assert explicit_port.mode is None


@pytest.mark.parametrize(("text", "mode", "port"), [
    ("smtp://u:p@h.example.com", Mode.PLAIN, 25),
    ("smtp+tls://u:p@h.example.com:587", Mode.STARTTLS_REQUIRED, 25),
    ("smtps://u:p@h.example.com:587", Mode.STARTTLS_REQUIRED, 25),
    ("submission://u:p@h.example.com", Mode.STARTTLS_REQUIRED, 587),
    ("submit://u:p@h.example.com", Mode.STARTTLS_REQUIRED, 587),
    ("smtp+ssl://u:p@h.example.com", Mode.IMPLICIT_TLS, 465),
    ("smtp://u:p@h.example.com?tls=True", Mode.STARTTLS_REQUIRED, 25),
    ("smtp://u:p@h.example.com?ssl=1", Mode.IMPLICIT_TLS, 465),
    ("smtp://u:p@h.example.com?EMAIL_USE_TLS=True", Mode.STARTTLS_REQUIRED, 25),
    ("smtp://u:p@h.example.com?email_use_ssl=true", Mode.IMPLICIT_TLS, 465),
    ("smtps://u:p@h.example.com?email_use_tls=False", Mode.PLAIN, 25),
])
def test_django_modes(text: str, mode: Mode, port: int) -> None:
    url = _parse(text, DJANGO)
    assert url.smtp and url.mode is mode and url.default_port == port


def test_django_plain_with_credentials_is_an_opt_out_without_is_not() -> None:
    with_creds = _parse("smtp://u:p@smtp.example.com:587", DJANGO)
    assert with_creds.tls_opt_out is with_creds.scheme
    without = _parse("smtp://smtp.example.com:587", DJANGO)
    assert without.mode is Mode.PLAIN and without.tls_opt_out is None


def test_django_both_flags_conflict() -> None:
    url = _parse("smtp+tls://u:p@h.example.com:587?email_use_ssl=True", DJANGO)
    assert url.mode is Mode.IMPLICIT_TLS and not url.mode_certain and url.conflict is url.scheme


def test_django_unknown_option_leaves_mode_unknown() -> None:
    assert _parse("smtp://u:p@h.example.com?tls=${TLS}", DJANGO).mode is None


@pytest.mark.parametrize(("text", "mode"), [
    ("smtp://u:p@h.example.com:587", Mode.AUTO),
    ("smtps://u:p@h.example.com:587", Mode.IMPLICIT_TLS),
    ("smtp://u:p@h.example.com:587?secure=true", Mode.IMPLICIT_TLS),
    ("smtp://u:p@h.example.com:587?secure=false", Mode.STARTTLS),
    ("smtp://u:p@h.example.com:587?secure=false&requireTLS=true", Mode.STARTTLS_REQUIRED),
    ("smtp://u:p@h.example.com:587?ignoreTLS=true", Mode.PLAIN),
])
def test_nodemailer_modes(text: str, mode: Mode) -> None:
    assert _parse(text, NODEMAILER).mode is mode


def test_other_library_smtp_scheme_is_smtp_with_unknown_mode() -> None:
    url = _parse("smtp+ssl://u:p@h.example.com:465", SYMFONY)
    assert url.smtp and url.mode is None


@pytest.mark.parametrize(("text", "redacted"), [
    ("smtp://user:secret@smtp.example.com:587", "smtp://user:***@smtp.example.com:587"),
    ("smtps://u%40x:p@ss@host:465?x=1", "smtps://u%40x:***@host:465?x=1"),
    ("sendgrid+smtp://SG.abc@default", "sendgrid+smtp://***@default"),
    ("smtp://smtp.example.com:25", "smtp://smtp.example.com:25"),
    ("smtp://user@smtp.example.com", "smtp://user@smtp.example.com"),
    ("use smtp://a:b@h and smtps://c:d@i", "use smtp://a:***@h and smtps://c:***@i"),
    ("no url here", "no url here"),
])
def test_redact_url(text: str, redacted: str) -> None:
    assert redact_url(text) == redacted
