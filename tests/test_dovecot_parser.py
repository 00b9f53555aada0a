"""Dovecot's submission relay: exact settings and spans, sections, references, defaults only when complete."""

from __future__ import annotations

from smtplint.model import Dialect, Mode, Origin, Span
from smtplint.parsers.dovecot_ import parse


def test_settings_spans_and_mode() -> None:
    text = ('# relay\nprotocol submission {\n  submission_relay_host = "smtp.example.com"  # quoted\n'
            '  submission_relay_port = 465\n  submission_relay_ssl = smtps\n  submission_relay_user = u\n}\n')
    [ep] = parse("dovecot.conf", text).endpoints
    assert ep.dialect is Dialect.DOVECOT
    assert ep.host is not None and ep.host.value == "smtp.example.com"
    assert ep.host.span == Span("dovecot.conf", 3, 3, 3, 45)
    assert ep.port is not None and ep.port.value == 465 and ep.port.span.line == 4
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.span.line == 5
    assert ep.username is not None and ep.complete


def test_defaults_only_without_includes() -> None:
    [ep] = parse("20-submission.conf", "submission_relay_host = smtp.example.com\n").endpoints
    assert ep.port is not None and ep.port.value == 25 and ep.port.origin is Origin.DEFAULT
    assert ep.mode is not None and ep.mode.value is Mode.PLAIN and ep.mode.origin is Origin.DEFAULT
    assert ep.tls_opt_out is None  # a default, not an explicit opt-out
    [ep] = parse("dovecot.conf", "!include conf.d/*.conf\nsubmission_relay_host = smtp.example.com\n").endpoints
    assert ep.port is None and ep.mode is None and not ep.complete


def test_other_sections_references_and_trusted() -> None:
    text = ("service submission-login {\n  submission_relay_host = a.example.com\n}\n"
            "submission_relay_host = $ENV:RELAY\nsubmission_relay_trusted = yes\nsubmission_relay_ssl = no\n")
    [ep] = parse("dovecot.conf", text).endpoints
    assert ep.host is not None and ep.host.origin is Origin.REFERENCE and ep.host.span.line == 4
    assert ep.auth_disabled is not None and ep.auth_disabled.span.line == 5
    assert ep.tls_opt_out is not None and ep.tls_opt_out.span.line == 6


def test_no_relay_and_junk() -> None:
    assert parse("dovecot.conf", "protocols = imap\n").endpoints == []
    doc = parse("x.conf", "}\nsubmission_relay_host =\n{{{\n\x00 submission_relay_x = 1\n")
    assert doc.endpoints == [] and [d.span.line for d in doc.diagnostics] == [1]


def test_dovecot_24_files_use_the_23_names() -> None:
    """2.4 kept the relay's setting names; its config-version line, %{...} and $ENV:/$SET: values are read."""
    text = ("dovecot_config_version = 2.4.1\ndovecot_storage_version = 2.4.1\nprotocol submission {\n"
            "  submission_relay_host = smtp.example.com\n  submission_relay_port = 587\n"
            "  submission_relay_ssl = starttls\n  submission_relay_user = %{user | username}\n"
            "  submission_relay_password = $SET:relay_password\n  ssl_client_require_valid_cert = no\n}\n")
    [ep] = parse("dovecot.conf", text).endpoints
    assert ep.mode is not None and ep.mode.value is Mode.STARTTLS_REQUIRED
    assert ep.username is not None and ep.username.origin is Origin.REFERENCE
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE
    assert ep.extra["require_valid_cert"].span == Span("dovecot.conf", 9, 3, 9, 37)
    assert ep.span.end_line == 8  # the endpoint is the relay's lines; the global knob stays apart


def test_the_global_client_knob_alone_makes_no_endpoint() -> None:
    assert parse("10-ssl.conf", "ssl_client_require_valid_cert = no\n").endpoints == []


def test_jinja_values_and_conditional_settings_are_unknown() -> None:
    """Mailu's proxy.conf: `{{ SMTP_ADDRESS }}` is a reference; a setting inside {% if %} may not be there."""
    text = ("submission_relay_host = {{ SMTP_ADDRESS }}\nsubmission_relay_port = 10025\n"
            "{%- if RELAY_TLS %}\nsubmission_relay_ssl = no\n{% endif %}\n")
    [ep] = parse("proxy.conf", text).endpoints
    assert ep.host is not None and ep.host.origin is Origin.REFERENCE
    assert ep.mode is None and ep.tls_opt_out is None
    text = ("{% if X %}\n{% endif %}\nsubmission_relay_host = smtp.example.com\nsubmission_relay_ssl = no\n")
    [ep] = parse("proxy.conf", text).endpoints
    assert ep.tls_opt_out is not None and ep.tls_opt_out.span.line == 4  # after the block: literal again
