"""The YAML parser: exact settings (values, origins, spans) for every recognised shape, and robustness."""

from __future__ import annotations

import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from smtplint.model import ClientEndpoint, Dialect, Document, Mode, Origin, Setting, Severity, Span
from smtplint.parsers import yaml_
from tests.testdata import corpus_file, corpus_files

P = "cfg.yaml"


def parse(text: str) -> Document:
    return yaml_.parse(P, textwrap.dedent(text))


def one(text: str) -> ClientEndpoint:
    doc = parse(text)
    assert not doc.diagnostics, doc.diagnostics
    assert len(doc.endpoints) == 1, doc.endpoints
    return doc.endpoints[0]


def span(line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span(P, line, column, end_line, end_column)


def s(setting: Setting[Any] | None) -> tuple[str, Any, str, Origin, tuple[int, int, int, int]] | None:
    """A setting as a comparable tuple: key, value, raw, origin, (line, col, end_line, end_col)."""
    if setting is None:
        return None
    sp = setting.span
    assert sp.path == P
    return setting.key, setting.value, setting.raw, setting.origin, (sp.line, sp.column, sp.end_line,
                                                                     sp.end_column)


L = Origin.LITERAL
R = Origin.REFERENCE
F = Origin.FALLBACK
D = Origin.DEFAULT


# --- basics ----------------------------------------------------------------------------------------------


def test_fast_path_without_mail_words_does_not_parse() -> None:
    doc = yaml_.parse(P, "a: [unclosed\nb: {{ x\n")
    assert doc == Document(P, "yaml")


def test_version_does_not_import_ruamel() -> None:
    import subprocess
    code = "import smtplint, smtplint.parsers.yaml_, sys; print('ruamel' in ' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_seed_shape_exact_settings() -> None:
    ep = one("""\
        smtp:
          host: smtp.example.net
          port: 587
          security: tls          # STARTTLS on 587: fine
          encryption: tls
          auth:
            username: billing@example.net
            password: ${SMTP_PASSWORD}   # placeholder
        """)
    assert ep.dialect is Dialect.GENERIC_YAML
    assert ep.span == span(1, 1, 8, 31)
    assert s(ep.host) == ("host", "smtp.example.net", "smtp.example.net", L, (2, 3, 2, 25))
    assert s(ep.port) == ("port", 587, "587", L, (3, 3, 3, 12))
    assert s(ep.mode) == ("security", Mode.AUTO, "tls", L, (4, 3, 4, 16))
    assert ep.mode_certain is False
    assert ep.tls_opt_out is None and ep.mode_keyword is None
    assert "mode_conflict" not in ep.extra
    assert s(ep.username) == ("auth.username", "billing@example.net", "billing@example.net", L, (7, 5, 7, 34))
    assert s(ep.password) == ("auth.password", None, "${SMTP_PASSWORD}", R, (8, 5, 8, 31))


def test_block_at_any_depth_and_case_insensitive_names() -> None:
    ep = one("""\
        app:
          notifications:
            Email:
              SMTP-Host: smtp.example.org
              Smtp_Port: "2525"
              Use-TLS: true
        """)
    assert s(ep.host) == ("SMTP-Host", "smtp.example.org", "smtp.example.org", L, (4, 7, 4, 34))
    assert s(ep.port) == ("Smtp_Port", 2525, "2525", L, (5, 7, 5, 24))
    assert s(ep.mode) == ("Use-TLS", Mode.AUTO, "true", L, (6, 7, 6, 20))
    assert ep.mode_certain is False


def test_block_without_recognised_keys_is_not_an_endpoint() -> None:
    doc = parse("""\
        jhipster:
          mail:
            base-url: http://my-server
            from: app@example.com
        email:
          address: ops@example.com
        """)
    assert doc.endpoints == []


@pytest.mark.parametrize(("word", "mode", "certain", "opt_out", "keyword"), [
    ("ssl", Mode.IMPLICIT_TLS, True, False, True),
    ("SSL", Mode.IMPLICIT_TLS, True, False, True),
    ("ssl/tls", Mode.IMPLICIT_TLS, True, False, True),
    ("smtps", Mode.IMPLICIT_TLS, True, False, False),
    ("implicit", Mode.IMPLICIT_TLS, True, False, False),
    ("tls-wrapper", Mode.IMPLICIT_TLS, True, False, False),
    ("wrapper", Mode.IMPLICIT_TLS, True, False, False),
    ("starttls", Mode.STARTTLS, True, False, False),
    ("start_tls", Mode.STARTTLS, True, False, False),
    ("required", Mode.STARTTLS_REQUIRED, True, False, False),
    ("tls", Mode.AUTO, False, False, False),
    ("auto", Mode.STARTTLS, True, False, False),
    ("opportunistic", Mode.STARTTLS, True, False, False),
    ("may", Mode.STARTTLS, True, False, False),
    ("optional", Mode.STARTTLS, True, False, False),
    ("none", Mode.PLAIN, True, True, False),
    ("'no'", Mode.PLAIN, True, True, False),
    ("off", Mode.PLAIN, True, True, False),
    ("false", Mode.PLAIN, True, True, False),
    ("plain", Mode.PLAIN, True, True, False),
    ("plaintext", Mode.PLAIN, True, True, False),
    ('""', Mode.PLAIN, True, True, False),
    ("null", Mode.PLAIN, True, True, False),
])
def test_mode_words(word: str, mode: Mode, certain: bool, opt_out: bool, keyword: bool) -> None:
    ep = one(f"smtp:\n  host: smtp.example.com\n  encryption: {word}\n")
    assert ep.mode is not None
    assert ep.mode.value is mode and ep.mode.key == "encryption"
    assert ep.mode.span == span(3, 3, 3, 15 + len(word)) or word in ("null",)
    assert ep.mode_certain is certain
    if opt_out:
        assert ep.tls_opt_out is not None
        assert (ep.tls_opt_out.key, ep.tls_opt_out.span) == (ep.mode.key, ep.mode.span)
    else:
        assert ep.tls_opt_out is None
    assert (ep.mode_keyword is not None) is keyword
    if keyword:
        assert ep.mode_keyword is not None and ep.mode_keyword.span == ep.mode.span


def test_unknown_mode_word_and_reference_leave_mode_unknown() -> None:
    assert one("smtp:\n  host: h.example.com\n  security: banana\n").mode is None
    ep = one("smtp:\n  host: h.example.com\n  security: ${SMTP_SECURITY}\n  ssl: true\n")
    assert ep.mode is None


@pytest.mark.parametrize(("body", "mode", "certain", "key"), [
    ("ssl: true", Mode.IMPLICIT_TLS, True, "ssl"),
    ("use_ssl: 'yes'", Mode.IMPLICIT_TLS, True, "use_ssl"),
    ("secure: true", Mode.IMPLICIT_TLS, True, "secure"),
    ("starttls: true", Mode.STARTTLS, True, "starttls"),
    ("enable_starttls: on", Mode.STARTTLS, True, "enable_starttls"),
    ("enable_starttls_auto: true", Mode.STARTTLS, True, "enable_starttls_auto"),
    ("tls: true", Mode.AUTO, False, "tls"),
    ("use_tls: 'true'", Mode.AUTO, False, "use_tls"),
    ("starttls: false\n  ssl: true", Mode.IMPLICIT_TLS, True, "ssl"),
    ("enable_starttls: auto", Mode.STARTTLS, True, "enable_starttls"),
    ("starttls: true\n  require_tls: true", Mode.STARTTLS_REQUIRED, True, "starttls"),
])
def test_boolean_mode_keys(body: str, mode: Mode, certain: bool, key: str) -> None:
    ep = one(f"smtp:\n  host: smtp.example.com\n  {body}\n")
    assert ep.mode is not None and ep.mode.value is mode and ep.mode.key == key
    assert ep.mode_certain is certain
    assert ep.tls_opt_out is None and ep.mode_keyword is None


def test_tls_false_with_ssl_false_is_an_explicit_opt_out_at_the_later_key() -> None:
    ep = one("""\
        mail:
          server: smtp.example.com
          ssl: false
          tls: "false"
        """)
    assert s(ep.mode) == ("tls", Mode.PLAIN, "false", L, (4, 3, 4, 15))
    assert s(ep.tls_opt_out) == ("tls", "false", "false", L, (4, 3, 4, 15))


@pytest.mark.parametrize("body", ["tls: false", "ssl: false", "starttls: false", "tls:", "port: 587"])
def test_one_false_flag_or_no_mode_key_is_unknown(body: str) -> None:
    ep = one(f"smtp:\n  host: smtp.example.com\n  {body}\n")
    assert ep.mode is None and ep.tls_opt_out is None


def test_disagreeing_mode_keys_keep_the_first_and_record_the_conflict() -> None:
    ep = one("""\
        smtp:
          host: smtp.example.com
          port: 465
          security: ssl
          encryption: none
        """)
    assert s(ep.mode) == ("security", Mode.IMPLICIT_TLS, "ssl", L, (4, 3, 4, 16))
    assert s(ep.mode_keyword) == ("security", "ssl", "ssl", L, (4, 3, 4, 16))
    assert ep.tls_opt_out is None
    assert s(ep.extra["mode_conflict"]) == ("encryption", "plain", "none", L, (5, 3, 5, 19))
    ep = one("smtp:\n  host: h.example.com\n  ssl: true\n  starttls: true\n")
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS
    assert ep.extra["mode_conflict"].key == "starttls"


def test_host_port_string_url_and_email_address() -> None:
    ep = one("smtp:\n  host: smtp.example.com:465\n  security: smtps\n")
    assert s(ep.host) == ("host", "smtp.example.com", "smtp.example.com", L, (2, 3, 2, 29))
    assert s(ep.port) == ("host", 465, "465", L, (2, 3, 2, 29))
    ep = one("""\
        notifier:
          smtp:
            username: 'test'
            password: 'password'
            address: 'smtps://mail.example.com:465'
        """)
    assert s(ep.host) == ("address", "mail.example.com", "mail.example.com", L, (5, 5, 5, 44))
    assert s(ep.port) == ("address", 465, "465", L, (5, 5, 5, 44))
    assert s(ep.mode) == ("address", Mode.IMPLICIT_TLS, "smtps", L, (5, 5, 5, 44))
    assert s(ep.username) == ("username", "test", "test", L, (3, 5, 3, 21))
    ep = one("mailer:\n  url: smtp://bob:p%40ss@smtp.example.com:587\n")
    assert ep.host is not None and ep.host.value == "smtp.example.com"
    assert ep.username is not None and ep.username.value == "bob"
    assert ep.password is not None and ep.password.value == "p@ss" and ep.password.raw == "p%40ss"
    assert ep.mode is None  # smtp:// says nothing in a generic block
    ep = one("mailer:\n  url: smtp://bob:${PASS}@smtp.example.com:587\n")
    assert ep.host is not None and ep.host.origin is L
    assert ep.password is not None and ep.password.origin is R and ep.password.value is None


def test_port_and_host_references_and_fallbacks() -> None:
    ep = one("smtp:\n  host: ${SMTP_HOST:-smtp.example.com}\n  port: ${SMTP_PORT:-587}\n")
    assert s(ep.host) == ("host", "smtp.example.com", "${SMTP_HOST:-smtp.example.com}", F, (2, 3, 2, 39))
    assert s(ep.port) == ("port", 587, "${SMTP_PORT:-587}", F, (3, 3, 3, 26))
    ep = one("smtp:\n  host: '{{ smtp_host }}'\n  port: \"%(port)s\"\n")
    assert ep.host is not None and ep.host.origin is R and ep.host.value is None
    assert ep.port is not None and ep.port.origin is R and ep.port.value is None


def test_passwords_keep_their_raw_text() -> None:
    ep = one("smtp:\n  host: h.example.com\n  password: \" secret \"\n")
    assert s(ep.password) == ("password", " secret ", " secret ", L, (3, 3, 3, 23))
    ep = one("smtp:\n  host: h.example.com\n  password: |\n    abcd efgh\n  port: 25\n")
    assert s(ep.password) == ("password", "abcd efgh\n", "abcd efgh\n", L, (3, 3, 4, 14))
    ep = one("smtp:\n  host: h.example.com\n  password: |-\n    abcd\n")
    assert ep.password is not None and ep.password.raw == "abcd"
    ep = one("smtp:\n  host: h.example.com\n  pass: 'it''s'\n")
    assert ep.password is not None and ep.password.raw == "it's"
    ep = one("smtp:\n  host: h.example.com\n  user:\n  password: ~\n")
    assert s(ep.username) == ("user", "", "", L, (3, 3, 3, 8))
    assert ep.password is not None and ep.password.value == "" and not ep.has_credentials


def test_secret_reference_mapping_and_password_file_are_credentials() -> None:
    ep = one("smtp:\n  host: h.example.com\n  password:\n    secret: smtp\n    key: password\n")
    assert s(ep.password) == ("password", None, "", R, (3, 3, 5, 18))
    assert ep.has_credentials
    ep = one("smtp:\n  host: h.example.com\n  password_file: /run/secrets/smtp\n")
    assert ep.credential_file is not None and ep.credential_file.value == "/run/secrets/smtp"


def test_auth_disabled_and_extras() -> None:
    ep = one("""\
        smtp:
          host: h.example.com
          auth: false
          openssl_verify_mode: none
          insecure_skip_verify: true
          tls_version: TLSv1
        """)
    assert s(ep.auth_disabled) == ("auth", "false", "false", L, (3, 3, 3, 14))
    assert ep.extra["openssl_verify_mode"].value == "none"
    assert ep.extra["insecure_skip_verify"].span == span(5, 3, 5, 29)
    assert ep.extra["protocols"].key == "tls_version"


def test_dotted_top_level_keys_form_a_block() -> None:
    ep = one("""\
        # mail.backend: 'smtp'
        mail.host: 'smtp.example.com'
        mail.port: 587
        mail.use-tls: false
        mail.use-ssl: false
        """)
    assert ep.dialect is Dialect.GENERIC_YAML
    assert ep.span == span(2, 1, 5, 20)
    assert s(ep.host) == ("mail.host", "smtp.example.com", "smtp.example.com", L, (2, 1, 2, 30))
    assert s(ep.port) == ("mail.port", 587, "587", L, (3, 1, 3, 15))
    assert s(ep.tls_opt_out) == ("mail.use-ssl", "false", "false", L, (5, 1, 5, 20))
    ep = one("smtp:\n  host: h.example.com\n  auth.user: me\n")
    assert s(ep.username) == ("auth.user", "me", "me", L, (3, 3, 3, 16))


# --- Spring Boot -----------------------------------------------------------------------------------------


def test_spring_nested_with_required_starttls() -> None:
    ep = one("""\
        spring:
          mail:
            host: smtp.example.org
            port: 587
            username: ${MAIL_USER}
            password: ${MAIL_PASS}
            properties:
              mail:
                smtp:
                  auth: true
                  starttls:
                    enable: true
                    required: true
        """)
    assert ep.dialect is Dialect.SPRING
    assert ep.span == span(2, 3, 13, 27)
    assert s(ep.host) == ("spring.mail.host", "smtp.example.org", "smtp.example.org", L, (3, 5, 3, 27))
    assert s(ep.port) == ("spring.mail.port", 587, "587", L, (4, 5, 4, 14))
    key = "spring.mail.properties.mail.smtp.starttls.enable"
    assert s(ep.mode) == (key, Mode.STARTTLS_REQUIRED, "true", L, (12, 13, 12, 25))
    assert ep.mode_certain
    assert s(ep.username) == ("spring.mail.username", None, "${MAIL_USER}", R, (5, 5, 5, 27))
    assert ep.extra["auth"].value == "true"
    assert ep.extra["starttls_required"].span == span(13, 13, 13, 27)


def test_spring_dotted_bracket_and_nested_spellings_flatten_alike() -> None:
    ep = one("""\
        spring.mail.host: smtp.example.com
        spring.mail.port: 465
        spring:
          mail:
            properties:
              "[mail.smtp.starttls.enable]": true
              mail.smtp.ssl.trust: "*"
              mail:
                smtp.ssl.checkserveridentity: false
        """)
    assert ep.span == span(1, 1, 9, 44)
    assert s(ep.host) == ("spring.mail.host", "smtp.example.com", "smtp.example.com", L, (1, 1, 1, 35))
    assert s(ep.mode) == ("spring.mail.properties.mail.smtp.starttls.enable", Mode.STARTTLS, "true", L,
                          (6, 7, 6, 42))
    assert s(ep.extra["ssl_trust"]) == ("spring.mail.properties.mail.smtp.ssl.trust", "*", "*", L, (7, 7, 7, 31))
    assert ep.extra["ssl_checkserveridentity"].value == "false"


def test_spring_without_tls_is_plain_by_default_with_default_port() -> None:
    ep = one("spring:\n  mail:\n    host: smtp.example.com\n    username: app\n")
    assert s(ep.mode) == ("spring.mail.properties.mail.smtp.starttls.enable", Mode.PLAIN, "", D,
                          (2, 3, 4, 18))
    assert s(ep.port) == ("spring.mail.port", 25, "25", D, (2, 3, 4, 18))
    assert ep.tls_opt_out is None
    ep = one("spring:\n  mail:\n    host: h.example.com\n    properties.mail.smtp.starttls.enable: false\n")
    assert s(ep.mode) == ("spring.mail.properties.mail.smtp.starttls.enable", Mode.PLAIN, "false", L,
                          (4, 5, 4, 48))


@pytest.mark.parametrize(("body", "key", "port"), [
    # Jakarta Mail's SMTPTransport: defaultPort = ssl.enable ? 465 : 25 (a socket factory alone keeps 25)
    ("ssl.enabled: true", "spring.mail.ssl.enabled", 465),
    ("properties.mail.smtp.ssl.enable: true", "spring.mail.properties.mail.smtp.ssl.enable", 465),
    ("protocol: smtps", "spring.mail.protocol", 465),
    ("properties.mail.smtp.socketFactory.class: javax.net.ssl.SSLSocketFactory",
     "spring.mail.properties.mail.smtp.socketFactory.class", 25),
])
def test_spring_implicit_tls(body: str, key: str, port: int) -> None:
    ep = one(f"spring:\n  mail:\n    host: h.example.com\n    {body}\n")
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.key == key
    assert ep.port is not None and ep.port.value == port and ep.port.origin is D


def test_spring_smtps_prefix_and_conflicts() -> None:
    ep = one("""\
        spring.mail:
          host: h.example.com
          protocol: smtps
          properties:
            mail.smtps.starttls.required: true
            mail.smtps.ssl.trust: h.example.com
        """)
    assert ep.mode is not None and ep.mode.key == "spring.mail.protocol"
    assert ep.extra["mode_conflict"].key == "spring.mail.properties.mail.smtps.starttls.required"
    assert ep.extra["ssl_trust"].value == "h.example.com"
    ep = one("""\
        spring.mail:
          host: h.example.com
          port: 587
          properties.mail.smtp:
            ssl.enable: true
            starttls.enable: true
        """)
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS
    assert ep.extra["mode_conflict"].key == "spring.mail.properties.mail.smtp.starttls.enable"


def test_spring_unknown_flags_and_skipped_blocks() -> None:
    ep = one("spring.mail.host: h.example.com\nspring.mail.properties.mail.smtp.starttls.enable: ${TLS}\n")
    assert ep.mode is None
    ep = one("spring.mail.host: h.example.com\nspring.mail.protocol: ${PROTO}\n")
    assert ep.mode is None and ep.port is None
    assert parse("spring:\n  mail:\n    jndi-name: mail/Session\n    host: h.example.com\n").endpoints == []
    assert parse("spring:\n  mail:\n    default-encoding: UTF-8\n    port: 587\n").endpoints == []


def test_spring_block_is_not_also_a_generic_block() -> None:
    doc = parse("""\
        spring:
          mail:
            host: localhost
            port: 25
        jhipster:
          mail:
            base-url: http://x
        """)
    assert [e.dialect for e in doc.endpoints] == [Dialect.SPRING]


# --- Alertmanager ----------------------------------------------------------------------------------------


def test_alertmanager_global_only() -> None:
    ep = one("""\
        global:
          smtp_smarthost: 'smtp.example.com:587'
          smtp_from: 'alerts@example.com'
          smtp_auth_username: 'alerts@example.com'
          smtp_auth_password_file: secrets/smtp_pass
          smtp_require_tls: false
        """)
    assert ep.dialect is Dialect.ALERTMANAGER
    assert ep.span == span(1, 1, 6, 26)
    assert s(ep.host) == ("smtp_smarthost", "smtp.example.com", "smtp.example.com", L, (2, 3, 2, 41))
    assert s(ep.port) == ("smtp_smarthost", 587, "587", L, (2, 3, 2, 41))
    assert s(ep.mode) == ("smtp_require_tls", Mode.PLAIN, "false", L, (6, 3, 6, 26))
    assert s(ep.tls_opt_out) == ("smtp_require_tls", "false", "false", L, (6, 3, 6, 26))
    assert ep.mode_certain is False
    assert s(ep.username) == ("smtp_auth_username", "alerts@example.com", "alerts@example.com", L,
                              (4, 3, 4, 43))
    assert s(ep.credential_file) == ("smtp_auth_password_file", "secrets/smtp_pass", "secrets/smtp_pass", L,
                                     (5, 3, 5, 45))


def test_alertmanager_receivers_override_globals() -> None:
    doc = parse("""\
        global:
          smtp_smarthost: smtp.example.com:587
          smtp_auth_username: globaluser
          smtp_auth_password: ${GLOBAL_PASS}
        route:
          receiver: ops
        receivers:
          - name: ops
            email_configs:
              - to: ops@example.com
              - to: two@example.com
                smarthost: smtp.example.com:465
                auth_password: local
                require_tls: false
              - to: three@example.com
                force_implicit_tls: true
          - name: pager
            pagerduty_configs:
              - service_key: x
        """)
    assert not doc.diagnostics
    first, second, third = doc.endpoints
    assert all(e.dialect is Dialect.ALERTMANAGER for e in doc.endpoints)
    assert first.span == span(10, 9, 10, 28)
    assert s(first.mode) == ("require_tls", Mode.STARTTLS_REQUIRED, "", D, (10, 9, 10, 28))
    assert first.mode_certain is False
    assert s(first.password) == ("smtp_auth_password", None, "${GLOBAL_PASS}", R, (4, 3, 4, 37))
    assert s(second.host) == ("smarthost", "smtp.example.com", "smtp.example.com", L, (12, 9, 12, 40))
    assert s(second.mode) == ("smarthost", Mode.IMPLICIT_TLS, "465", L, (12, 9, 12, 40))
    assert second.tls_opt_out is None and second.mode_certain is False
    assert s(second.password) == ("auth_password", "local", "local", L, (13, 9, 13, 29))
    assert s(second.username) == ("smtp_auth_username", "globaluser", "globaluser", L, (3, 3, 3, 33))
    assert s(third.mode) == ("force_implicit_tls", Mode.IMPLICIT_TLS, "true", L, (16, 9, 16, 33))
    assert third.mode_certain is True


def test_alertmanager_force_implicit_false_and_references() -> None:
    ep = one("""\
        global:
          smtp_smarthost: smtp.example.com:465
          smtp_force_implicit_tls: false
        """)
    assert s(ep.mode) == ("smtp_force_implicit_tls", Mode.STARTTLS_REQUIRED, "false", L, (3, 3, 3, 33))
    assert ep.mode_certain is True
    ep = one("global:\n  smtp_smarthost: ${SMARTHOST}\n  smtp_require_tls: false\n")
    assert ep.host is not None and ep.host.origin is R and ep.mode is None and ep.tls_opt_out is None


def test_alertmanager_file_without_smarthost_has_no_endpoint_and_is_not_generic() -> None:
    doc = parse("""\
        route:
          receiver: mail
        receivers:
          - name: mail
            email_configs:
              - to: a@example.com
                smtp:
                  host: ignored.example.com
        """)
    assert doc.endpoints == []


def test_alertmanager_nested_in_helm_values() -> None:
    doc = parse("""\
        alertmanager:
          config:
            global:
              smtp_smarthost: smtp.example.com:587
              smtp_require_tls: false
            route: {receiver: x}
            receivers: [{name: x}]
        """)
    assert [e.dialect for e in doc.endpoints] == [Dialect.ALERTMANAGER]
    assert doc.endpoints[0].tls_opt_out is not None


# --- docker-compose and Discourse ------------------------------------------------------------------------


@dataclass
class Call:
    settings: list[Setting[str]]
    block_span: Span
    hint: Dialect | None
    complete: bool
    value_spans: list[Span | None]


@pytest.fixture
def env_calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Capture what the YAML parser passes to envvars.endpoints_from_env (its mapping is tested there)."""
    calls: list[Call] = []

    def fake(settings: Any, block_span: Span, *, hint: Dialect | None = None, complete: bool = False,
             value_spans: Any = None) -> list[ClientEndpoint]:
        calls.append(Call(list(settings), block_span, hint, complete, list(value_spans or [])))
        assert len(calls[-1].value_spans) == len(calls[-1].settings)
        return [ClientEndpoint(Dialect.GENERIC_ENV, block_span)]

    from smtplint.parsers import envvars
    monkeypatch.setattr(envvars, "endpoints_from_env", fake)
    return calls


def test_compose_list_and_mapping_forms(env_calls: list[Call]) -> None:
    doc = parse("""\
        services:
          app:
            image: app
            environment:
              - SMTP_HOST=smtp.example.com
              - SMTP_PORT=${SMTP_PORT:-465}
              - SMTP_PASS
              - "SMTP_USER=me"
              - DATABASE_URL=postgres://x
          worker:
            environment:
              MAIL_HOST: mailpit
              MAIL_PORT: "1025"
              MAIL_PASSWORD:
              PATH: /bin
          mail:
            image: mailserver
            hostname: mail.example.com
        """)
    assert len(doc.endpoints) == 2
    app, worker = env_calls
    assert app.block_span == span(4, 5, 9, 34) and app.hint is None and app.complete is False
    assert [s(x) for x in app.settings] == [
        ("SMTP_HOST", "smtp.example.com", "smtp.example.com", L, (5, 9, 5, 35)),
        ("SMTP_PORT", "465", "${SMTP_PORT:-465}", F, (6, 9, 6, 36)),
        ("SMTP_PASS", None, "", R, (7, 9, 7, 18)),
        ("SMTP_USER", "me", "me", L, (8, 9, 8, 23)),
    ]
    assert app.value_spans == [span(5, 19, 5, 35), span(6, 19, 6, 36), None, span(8, 20, 8, 22)]
    assert worker.block_span == span(11, 5, 15, 17)
    assert worker.value_spans == [span(12, 18, 12, 25), span(13, 19, 13, 23), None]
    assert [s(x) for x in worker.settings] == [
        ("MAIL_HOST", "mailpit", "mailpit", L, (12, 7, 12, 25)),
        ("MAIL_PORT", "1025", "1025", L, (13, 7, 13, 24)),
        ("MAIL_PASSWORD", None, "", R, (14, 7, 14, 21)),
    ]


def test_compose_merge_keys_and_anchors(env_calls: list[Call]) -> None:
    parse("""\
        x-mail: &mail
          SMTP_HOST: smtp.example.com
          SMTP_PORT: 587
        x-env: &env
          environment: &app-env
            <<: *mail
            SMTP_USER: app
        services:
          web:
            <<: *env
          api:
            environment:
              <<: *app-env
              SMTP_PORT: 2525
        """)
    web, api = env_calls
    assert [(x.key, x.value, x.span.line) for x in web.settings] == [
        ("SMTP_HOST", "smtp.example.com", 2), ("SMTP_PORT", "587", 3), ("SMTP_USER", "app", 7)]
    assert web.block_span == span(5, 3, 7, 19)
    assert [(x.key, x.value, x.span.line) for x in api.settings] == [
        ("SMTP_HOST", "smtp.example.com", 2), ("SMTP_USER", "app", 7), ("SMTP_PORT", "2525", 14)]


def test_compose_without_smtp_variables_calls_nothing(env_calls: list[Call]) -> None:
    doc = parse("services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=x\n# mail\n")
    assert env_calls == [] and doc.endpoints == []


def test_discourse_env_block(env_calls: list[Call]) -> None:
    doc = parse("""\
        templates:
          - "templates/web.template.yml"
        env:
          LANG: en_US.UTF-8
          DISCOURSE_HOSTNAME: discourse.example.com
          DISCOURSE_SMTP_ADDRESS: smtp.example.com
          #DISCOURSE_SMTP_PORT: 587
          DISCOURSE_SMTP_PASSWORD: "pa$$word"
          DISCOURSE_SMTP_ENABLE_START_TLS: false
        """)
    assert len(doc.endpoints) == 1
    (call,) = env_calls
    assert call.hint is Dialect.DISCOURSE and call.complete is True
    assert call.block_span == span(3, 1, 9, 41)
    assert [s(x) for x in call.settings] == [
        ("DISCOURSE_SMTP_ADDRESS", "smtp.example.com", "smtp.example.com", L, (6, 3, 6, 43)),
        ("DISCOURSE_SMTP_PASSWORD", "pa$word", "pa$$word", L, (8, 3, 8, 38)),
        ("DISCOURSE_SMTP_ENABLE_START_TLS", "false", "false", L, (9, 3, 9, 41)),
    ]


def test_compose_with_real_envvars_mapper() -> None:
    doc = parse("""\
        services:
          app:
            environment:
              - SMTP_HOST=smtp.example.com
              - SMTP_PORT=465
              - SMTP_SECURE=true
              - SMTP_PASS=${SMTP_PASS}
        """)
    assert len(doc.endpoints) == 1
    ep = doc.endpoints[0]
    assert ep.host is not None and ep.host.value == "smtp.example.com" and ep.host.span == span(4, 9, 4, 35)


# --- documents, errors, robustness -----------------------------------------------------------------------


def test_multi_document_files() -> None:
    doc = parse("""\
        smtp: {host: a.example.com, port: 587}
        ---
        spring:
          mail:
            host: b.example.com
        ---
        # empty document
        ---
        global:
          smtp_smarthost: c.example.com:25
        """)
    assert [(e.dialect, e.host.value if e.host else None) for e in doc.endpoints] == [
        (Dialect.GENERIC_YAML, "a.example.com"), (Dialect.SPRING, "b.example.com"),
        (Dialect.ALERTMANAGER, "c.example.com")]
    assert doc.endpoints[0].port is not None and doc.endpoints[0].port.span == span(1, 29, 1, 38)


def test_syntax_error_is_one_diagnostic_at_its_mark() -> None:
    doc = parse("smtp:\n  host: a: b\n")
    assert doc.endpoints == []
    (d,) = doc.diagnostics
    assert d.severity is Severity.ERROR and d.span == Span.point(P, 2, 10)
    assert "mapping values are not allowed" in d.message
    doc = parse("smtp:\n  host: [x\n\n")
    assert [x.span for x in doc.diagnostics] == [Span.point(P, 2, 9)]
    doc = parse("smtp:\n\thost: x\n")
    assert [x.span for x in doc.diagnostics] == [Span.point(P, 2, 1)]


def test_error_in_a_later_document_keeps_earlier_endpoints() -> None:
    doc = parse("smtp: {host: a.example.com}\n---\nsmtp: [\n")
    assert len(doc.endpoints) == 1
    assert [x.span for x in doc.diagnostics] == [Span.point(P, 3, 8)]


def test_duplicate_keys_warn_and_the_last_wins() -> None:
    doc = parse("""\
        smtp:
          host: a.example.com
          port: 25
          host: b.example.com  # again
        other: {x: 1, x: 2}
        """)
    assert [(d.severity, d.span) for d in doc.diagnostics] == [
        (Severity.WARNING, span(4, 3, 4, 22)), (Severity.WARNING, span(5, 15, 5, 19))]
    assert "'host'" in doc.diagnostics[0].message and "line 2" in doc.diagnostics[0].message
    assert doc.endpoints[0].host is not None and doc.endpoints[0].host.value == "b.example.com"


def test_unrendered_template_is_skipped_without_diagnostic() -> None:
    doc = parse("""\
        smtp:
          host: {{ .Values.smtp.host }}
          port: {{ .Values.smtp.port }}
        {{- if .Values.tls }}
          security: tls
        {{- end }}
        """)
    assert doc.skipped == yaml_.TEMPLATE_SKIP
    assert doc.diagnostics == [] and doc.endpoints == []


def test_templated_values_in_valid_yaml_are_references() -> None:
    ep = one("""\
        smtp:
          host: "{{ .Values.smtp.host }}"
          port: "{{ .Values.smtp.port }}"
          password: "{% raw %}x{% endraw %}"
          username: !ENV ${SMTP_USER}
          security: !env_var SMTP_SECURITY
        """)
    assert s(ep.host) == ("host", None, "{{ .Values.smtp.host }}", R, (2, 3, 2, 34))
    assert ep.port is not None and ep.port.origin is R
    assert ep.password is not None and ep.password.origin is R
    assert s(ep.username) == ("username", None, "${SMTP_USER}", R, (5, 3, 5, 30))
    assert ep.mode is None


def test_anchors_aliases_merge_keys_and_odd_keys() -> None:
    ep = one("""\
        defaults: &d
          port: 587
          security: starttls
        secret: &pw hunter2
        ? [complex, key]
        : value
        1: 2
        null: x
        smtp:
          <<: *d
          host: h.example.com
          password: *pw
          ? {a: 1}
          : b
        """)
    assert s(ep.port) == ("port", 587, "587", L, (2, 3, 2, 12))
    assert ep.mode is not None and ep.mode.value is Mode.STARTTLS
    assert s(ep.password) == ("password", "hunter2", "hunter2", L, (12, 3, 12, 16))


def test_alias_bombs_and_recursive_aliases_are_cheap() -> None:
    bomb = "a: &a [smtp, smtp, smtp, smtp, smtp, smtp, smtp, smtp, smtp]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    merges = "a: &a {smtp: {host: x.example.com}}\n" + "".join(
        f"m{i}: &m{i} {{<<: [*{'a' if i == 0 else f'm{i - 1}'}], k{i}: 1}}\n" for i in range(60))
    start = time.perf_counter()
    assert yaml_.parse(P, bomb).endpoints == []
    assert len(yaml_.parse(P, merges).endpoints) == 1
    rec = yaml_.parse(P, "a: &a\n  smtp: {host: a.example.com}\n  b: *a\nl: &l [*l, smtp]\n")
    assert len(rec.endpoints) == 1 and not rec.diagnostics
    assert time.perf_counter() - start < 2


def test_deep_nesting_never_crashes() -> None:
    doc = yaml_.parse(P, "smtp: " + "[" * 5000 + "]" * 5000 + "\n")
    assert doc.endpoints == [] and [d.severity for d in doc.diagnostics] == [Severity.WARNING]
    deep = "".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "smtp: {host: a.example.com}\n"
    assert yaml_.parse(P, deep).endpoints == []  # deeper than the search bound: not searched
    shallow = "".join("  " * i + f"k{i}:\n" for i in range(50)) + "  " * 50 + "smtp: {host: a.example.com}\n"
    assert len(yaml_.parse(P, shallow).endpoints) == 1
    block = "".join("  " * i + f"k{i}:\n" for i in range(1200)) + "  " * 1200 + "smtp: 1\n"
    yaml_.parse(P, block)  # a diagnostic or nothing, never an exception


def test_top_level_sequence_scalar_and_empty_documents() -> None:
    doc = parse("- smtp:\n    host: h.example.com\n    port: '587'\n- [mail]\n")
    assert doc.endpoints[0].port is not None and doc.endpoints[0].port.value == 587
    assert parse("smtp\n").endpoints == []
    assert parse("# smtp\n").endpoints == []
    assert parse("---\n# mail\n...\n").endpoints == []


def test_crlf_and_bom() -> None:
    ep = one("\ufeffsmtp:\r\n  host: h.example.com\r\n  password: 'x '\r\n")
    assert s(ep.host) == ("host", "h.example.com", "h.example.com", L, (2, 3, 2, 22))
    assert ep.password is not None and ep.password.raw == "x "


# --- the corpus ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files("yaml"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_parses(path: Path) -> None:
    doc = yaml_.parse(path.name, path.read_text(encoding="utf-8"))
    assert doc.skipped is None
    assert all(d.severity is Severity.WARNING for d in doc.diagnostics)


# what each real file describes (judged by hand); the first five are in tests/data/corpus (every clone)
CORPUS_DIALECTS = {
    "authelia__authelia/configuration.yml": [Dialect.GENERIC_YAML],
    "jhipster__jhipster-sample-app/application-prod.yml": [Dialect.SPRING],
    "prometheus__alertmanager/simple.yml": [Dialect.ALERTMANAGER] * 3,
    "prometheus__alertmanager/conf.smtp-password-global-and-local.yml": [Dialect.ALERTMANAGER] * 5,
    "discourse__discourse_docker/standalone.yml": [Dialect.DISCOURSE],
    # FSL and AGPL originals: their hand-written shapes in tests/data/shapes
    "getsentry__self-hosted/config.example.yml": [Dialect.GENERIC_YAML],
    "mastodon__chart/values.yaml": [Dialect.GENERIC_YAML],
}


def test_corpus_shapes() -> None:
    checked = []
    for name, expected in CORPUS_DIALECTS.items():
        path = corpus_file(f"yaml/{name}")
        assert path is not None, name
        assert [e.dialect for e in yaml_.parse(path.name, path.read_text(encoding="utf-8")).endpoints] == expected
        checked.append(name)
    assert checked == list(CORPUS_DIALECTS), checked


def test_spring_profile_documents_do_not_apply_defaults() -> None:
    doc = parse("""\
        spring:
          mail:
            properties.mail.smtp.starttls.enable: true
        ---
        spring:
          config.activate.on-profile: prod
          mail:
            host: smtp.example.com
            port: 587
        """)
    (ep,) = doc.endpoints
    assert ep.mode is None and ep.port is not None and ep.port.value == 587
    doc = parse("spring.mail.host: a.example.com\n---\nspring.mail.host: b.example.com\n")
    assert [(e.mode, e.port) for e in doc.endpoints] == [(None, None), (None, None)]


@pytest.mark.parametrize(("text", "description"), [
    ("openapi: 3.1.0\ninfo:\n  title: Mail API\npaths: {}\n", True),
    ("info:\n  title: x\n  version: '1'\nswagger: \"2.0\"\npaths: {}\n", True),  # any key order
    ("\ufeffasyncapi: 2.6.0\r\ninfo:\r\n  title: events\r\n", True),  # byte-order mark, CRLF
    ("info:\r  title: x\rswagger: '2.0'\r", True),  # lone CR line endings
    ("openapi: 3.0.3\npaths: {}\n", False),  # no info: (every version requires it)
    ("info:\n  app: billing\nopenapi:\n  title: Billing API\n", False),  # an application's own openapi: block
    ("app:\n  openapi: 3.0.0\ninfo:\n  x: 1\n", False),  # not at the top level
    ("smtp:\n  host: smtp.example.org\n", False),
])
def test_api_descriptions_are_told_by_their_top_level_version_and_info(text: str, description: bool) -> None:
    from smtplint.parsers.yaml_sniff import api_description

    assert api_description(text) is description
    mail = text + "smtp:\n  host: smtp.sendgrid.net\n  port: 25\n  username: apikey\n  password: ${KEY}\n"
    assert bool(yaml_.parse("f.yml", mail).endpoints) is not description
