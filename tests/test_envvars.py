"""Environment variables to client endpoints: families, dialects, modes, opt-outs, keywords, defaults."""

from __future__ import annotations

import pytest

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Span
from smtplint.parsers.envvars import endpoints_from_env, family_of
from smtplint.parsers.values import classify

PATH = "app.env"
BLOCK = Span(PATH, 1, 1, 99, 1)


def _settings(*lines: str, path: str = PATH) -> list[Setting[str]]:
    """``KEY=value`` lines as the .env parser gives them (line i + 1, entry from column 1)."""
    out: list[Setting[str]] = []
    for i, line in enumerate(lines, start=1):
        key, sep, raw = line.partition("=")
        span = Span(path, i, 1, i, len(line) + 1)
        if not sep:
            out.append(Setting(key, None, "", span, Origin.REFERENCE))
            continue
        scalar = classify(raw)
        out.append(Setting(key, raw if scalar.origin is Origin.LITERAL else scalar.text, raw, span, scalar.origin))
    return out


def _eps(*lines: str, hint: Dialect | None = None, complete: bool = False) -> list[ClientEndpoint]:
    return endpoints_from_env(_settings(*lines), BLOCK, hint=hint, complete=complete)


def _one(*lines: str, hint: Dialect | None = None, complete: bool = False) -> ClientEndpoint:
    eps = _eps(*lines, hint=hint, complete=complete)
    assert len(eps) == 1, eps
    return eps[0]


def _mode(ep: ClientEndpoint) -> Mode | None:
    return ep.mode.value if ep.mode is not None else None


# --- families ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "family"), [
    ("SMTP_HOST", ("SMTP", "HOST")),
    ("MAIL_FROM_ADDRESS", ("MAIL", "FROM_ADDRESS")),
    ("EMAIL_HOST_USER", ("EMAIL", "HOST_USER")),
    ("DISCOURSE_SMTP_PORT", ("DISCOURSE_SMTP", "PORT")),
    ("GF_SMTP_HOST", ("GF_SMTP", "HOST")),
    ("MAILER_DSN", ("MAILER", "DSN")),
    ("FETCHMAIL_POLL", None),
    ("DMS_VMAIL_UID", None),
    ("FROM_EMAIL", None),
    ("SMTP", None),
])
def test_family_of(key: str, family: tuple[str, str] | None) -> None:
    assert family_of(key) == family


def test_names_that_merely_contain_mail_make_no_endpoint() -> None:
    assert _eps("FETCHMAIL_SERVER=pop.example.com", "DMS_VMAIL_UID=5000", "AUTH_PROXY_USER_EMAIL_HEADER=X") == []


def test_family_without_host_url_or_credentials_makes_no_endpoint() -> None:
    assert _eps("MAIL_FROM_ADDRESS=a@example.com", "MAIL_DRIVER=smtp", "SMTP_PORT=587") == []


def test_several_families_in_one_file() -> None:
    eps = _eps("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "SMTP_HOST=smtp.other.example",
               "SMTP_SECURE=true")
    assert [e.dialect for e in eps] == [Dialect.LARAVEL, Dialect.NODEMAILER]
    assert eps[0].span == Span(PATH, 1, 1, 2, 27)
    assert eps[1].span == Span(PATH, 3, 1, 4, 17)


def test_later_definition_wins() -> None:
    ep = _one("SMTP_HOST=first.example.com", "SMTP_PORT=25", "SMTP_HOST=second.example.com")
    assert ep.host is not None and ep.host.value == "second.example.com" and ep.host.span.line == 3


def test_host_port_in_one_value() -> None:
    ep = _one("SMTP_HOST=smtp.example.com:2525", "SMTP_SECURE=false")
    assert ep.host is not None and ep.host.value == "smtp.example.com"
    assert ep.port is not None and ep.port.value == 2525 and ep.port.key == "SMTP_HOST"


def test_port_values() -> None:
    ep = _one("SMTP_HOST=h.example.com", "SMTP_PORT=${SMTP_PORT}")
    assert ep.port is not None and ep.port.value is None and ep.port.origin is Origin.REFERENCE
    ep = _one("SMTP_HOST=h.example.com", "SMTP_PORT=${SMTP_PORT:-587}")
    assert ep.port is not None and ep.port.value == 587 and ep.port.origin is Origin.FALLBACK


# --- Laravel ----------------------------------------------------------------------------------------------


def test_laravel_defaults_to_auto_and_null_is_unset() -> None:
    ep = _one("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "MAIL_PORT=587", "MAIL_USERNAME=null",
              "MAIL_PASSWORD=null", "MAIL_ENCRYPTION=null", "MAIL_SCHEME=null")
    assert ep.dialect is Dialect.LARAVEL
    assert ep.mode is not None and ep.mode.value is Mode.AUTO and ep.mode.origin is Origin.DEFAULT
    assert ep.mode.span == ep.host.span if ep.host is not None else False
    assert ep.username is None and ep.password is None and not ep.has_credentials
    assert ep.tls_opt_out is None and ep.mode_keyword is None


def test_laravel_scheme() -> None:
    ep = _one("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "MAIL_SCHEME=smtps")
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.key == "MAIL_SCHEME"
    assert ep.mode.origin is Origin.LITERAL and ep.mode_certain
    ep = _one("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "MAIL_SCHEME=smtp")
    assert _mode(ep) is Mode.AUTO
    ep = _one("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "MAIL_SCHEME=${MAIL_SCHEME}")
    assert ep.mode is None


def test_laravel_encryption_ssl_is_a_keyword_only() -> None:
    ep = _one("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "MAIL_PORT=587", "MAIL_ENCRYPTION=ssl")
    assert _mode(ep) is Mode.AUTO
    assert ep.mode_keyword is not None and ep.mode_keyword.key == "MAIL_ENCRYPTION"
    assert ep.mode_keyword.span.line == 4
    ep = _one("MAIL_MAILER=smtp", "MAIL_HOST=smtp.example.com", "MAIL_ENCRYPTION=tls")
    assert ep.mode_keyword is None


@pytest.mark.parametrize("mailer", ["log", "array", "ses", "postmark", "sendmail"])
def test_laravel_non_smtp_mailer(mailer: str) -> None:
    assert _eps(f"MAIL_MAILER={mailer}", "MAIL_HOST=smtp.example.com", "MAIL_USERNAME=u") == []


def test_laravel_detected_without_mailer() -> None:
    assert _one("MAIL_HOST=smtp.example.com", "MAIL_USERNAME=u").dialect is Dialect.LARAVEL
    assert _one("MAIL_DRIVER=smtp", "MAIL_HOST=smtp.example.com").dialect is Dialect.LARAVEL


def test_laravel_defaults_only_when_complete() -> None:
    ep = _one("MAIL_MAILER=smtp", "MAIL_USERNAME=u")
    assert ep.host is None and ep.port is None
    ep = _one("MAIL_MAILER=smtp", "MAIL_USERNAME=u", complete=True)
    assert ep.host is not None and ep.host.value == "127.0.0.1" and ep.host.origin is Origin.DEFAULT
    assert ep.port is not None and ep.port.value == 2525 and ep.port.origin is Origin.DEFAULT


def test_laravel_mail_url_merges_with_variables() -> None:
    ep = _one("MAIL_MAILER=smtp", "MAIL_URL=smtps://smtp.example.com:587", "MAIL_USERNAME=app",
              "MAIL_PASSWORD=${MAIL_PASSWORD}")
    assert ep.dialect is Dialect.LARAVEL
    assert ep.host is not None and ep.host.value == "smtp.example.com" and ep.host.key == "MAIL_URL"
    assert ep.port is not None and ep.port.value == 587
    assert _mode(ep) is Mode.IMPLICIT_TLS and ep.mode_certain
    assert ep.username is not None and ep.username.key == "MAIL_USERNAME"
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE


# --- Symfony DSN ------------------------------------------------------------------------------------------


def test_symfony_dsn_parts() -> None:
    ep = _one("MAILER_DSN=smtps://user:${PASS}@smtp.example.com:465")
    assert ep.dialect is Dialect.SYMFONY_DSN
    assert _mode(ep) is Mode.IMPLICIT_TLS and ep.mode_certain
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE and ep.password.value is None
    assert ep.username is not None and ep.username.value == "user"
    assert ep.host is not None and ep.host.value == "smtp.example.com" and ep.host.origin is Origin.LITERAL
    assert ep.port is not None and ep.port.value == 465


def test_symfony_dsn_opt_out_and_verify() -> None:
    ep = _one("MAILER_DSN=smtp://u:p@smtp.example.com:587?auto_tls=false&verify_peer=0")
    assert _mode(ep) is Mode.PLAIN
    assert ep.tls_opt_out is not None and ep.tls_opt_out.raw == "auto_tls=false"
    assert ep.extra["verify"].raw == "verify_peer=0"


def test_symfony_dsn_password_is_decoded_in_raw() -> None:
    ep = _one("MAILER_DSN=smtp://u:se%20cret@smtp.example.com:587")
    assert ep.password is not None and ep.password.raw == "se cret" and ep.password.value == "se cret"


def test_dsn_without_port_takes_the_library_default() -> None:
    ep = _one("MAILER_DSN=smtp://u:p@smtp.example.com")
    assert ep.port is not None and ep.port.value == 465 and ep.port.origin is Origin.DEFAULT
    assert _mode(ep) is Mode.AUTO


def test_dsn_reference_or_null_makes_no_endpoint() -> None:
    assert _eps("MAILER_DSN=${MAILER_DSN}") == []
    assert _eps("MAILER_DSN=null://null") == []
    assert _eps("MAILER_DSN=") == []


def test_dsn_fallback() -> None:
    ep = _one("MAILER_DSN=${MAILER_DSN:-smtp://mailpit:1025}")
    assert ep.host is not None and ep.host.value == "mailpit" and ep.host.origin is Origin.FALLBACK
    assert ep.port is not None and ep.port.value == 1025 and ep.port.origin is Origin.FALLBACK


def test_bridge_dsn() -> None:
    ep = _one("MAILER_DSN=sendgrid+smtp://${SENDGRID_KEY}@default")
    assert ep.host is not None and ep.host.value == "smtp.sendgrid.net" and ep.host.origin is Origin.DEFAULT
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE
    assert _mode(ep) is Mode.IMPLICIT_TLS


def test_url_part_spans_are_exact_with_value_spans() -> None:
    line = "MAILER_DSN=smtps://user:secret@smtp.example.com:587"
    settings = _settings(line)
    value_span = Span(PATH, 1, 12, 1, len(line) + 1)
    [ep] = endpoints_from_env(settings, BLOCK, value_spans=[value_span])
    assert line[24:30] == "secret" and line[48:51] == "587"
    assert ep.password is not None and ep.password.span == Span(PATH, 1, 25, 1, 31)
    assert ep.mode is not None and ep.mode.span == Span(PATH, 1, 12, 1, 17)
    assert ep.port is not None and ep.port.span == Span(PATH, 1, 49, 1, 52)
    # without value spans every part points at the entry
    [ep] = endpoints_from_env(settings, BLOCK)
    assert ep.password is not None and ep.password.span == Span(PATH, 1, 1, 1, len(line) + 1)


# --- Django and Flask -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tls", "ssl", "mode", "key"), [
    ("True", None, Mode.STARTTLS_REQUIRED, "EMAIL_USE_TLS"),
    (None, "True", Mode.IMPLICIT_TLS, "EMAIL_USE_SSL"),
    ("False", "False", Mode.PLAIN, "EMAIL_USE_TLS"),
    ("False", None, None, None),  # EMAIL_USE_SSL absent from a .env: unknown
    (None, None, None, None),
    ("${EMAIL_USE_TLS}", "False", None, None),
])
def test_django_env_modes(tls: str | None, ssl: str | None, mode: Mode | None, key: str | None) -> None:
    lines = ["EMAIL_HOST=smtp.example.com", "EMAIL_PORT=587"]
    lines += [f"EMAIL_USE_TLS={tls}"] if tls is not None else []
    lines += [f"EMAIL_USE_SSL={ssl}"] if ssl is not None else []
    ep = _one(*lines)
    assert ep.dialect is Dialect.DJANGO
    assert _mode(ep) is mode
    assert (ep.mode.key if ep.mode is not None else None) == key
    assert ep.tls_opt_out is None and ep.mode_keyword is None


def test_django_both_true_is_a_conflict() -> None:
    ep = _one("EMAIL_HOST=smtp.example.com", "EMAIL_USE_TLS=True", "EMAIL_USE_SSL=True")
    assert _mode(ep) is Mode.IMPLICIT_TLS and not ep.mode_certain
    assert ep.extra["mode_conflict"].key == "EMAIL_USE_TLS"


def test_django_complete_defaults() -> None:
    ep = _one("EMAIL_HOST_USER=app", hint=Dialect.DJANGO, complete=True)
    assert ep.host is not None and ep.host.value == "localhost" and ep.host.origin is Origin.DEFAULT
    assert ep.port is not None and ep.port.value == 25 and ep.port.origin is Origin.DEFAULT
    assert ep.mode is not None and ep.mode.value is Mode.PLAIN and ep.mode.origin is Origin.DEFAULT
    ep = _one("EMAIL_HOST=smtp.example.com", "EMAIL_USE_TLS=False", hint=Dialect.DJANGO, complete=True)
    assert ep.mode is not None and ep.mode.origin is Origin.LITERAL and ep.mode.key == "EMAIL_USE_TLS"
    assert ep.mode.span.line == 2


def test_django_typed_literals_from_the_settings_reader() -> None:
    ep = _one("EMAIL_HOST=smtp.example.com", "EMAIL_PORT=465", "EMAIL_USE_SSL=True",
              "EMAIL_HOST_PASSWORD=None", hint=Dialect.DJANGO, complete=True)
    assert ep.port is not None and ep.port.value == 465
    assert _mode(ep) is Mode.IMPLICIT_TLS and ep.password is None


def test_django_fallback_flag_lowers_the_mode_origin() -> None:
    ep = _one("EMAIL_HOST=smtp.example.com", "EMAIL_USE_TLS=${TLS:-False}", "EMAIL_USE_SSL=False")
    assert ep.mode is not None and ep.mode.value is Mode.PLAIN and ep.mode.origin is Origin.FALLBACK


@pytest.mark.parametrize("backend", ["django.core.mail.backends.console.EmailBackend",
                                     "django.core.mail.backends.locmem.EmailBackend",
                                     "anymail.backends.mailgun.EmailBackend"])
def test_django_non_smtp_backend(backend: str) -> None:
    assert _eps(f"EMAIL_BACKEND={backend}", "EMAIL_HOST=smtp.example.com", hint=Dialect.DJANGO,
                complete=True) == []


def test_django_smtp_backend_kept() -> None:
    ep = _one("EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST=smtp.example.com")
    assert ep.dialect is Dialect.DJANGO


def test_django_email_url() -> None:
    ep = _one("EMAIL_URL=smtp://user:pw@smtp.example.com:587")
    assert ep.dialect is Dialect.DJANGO_URL
    assert _mode(ep) is Mode.PLAIN
    assert ep.tls_opt_out is not None and ep.tls_opt_out.key == "EMAIL_URL"
    ep = _one("EMAIL_URL=smtp://smtp.example.com:587")
    assert _mode(ep) is Mode.PLAIN and ep.tls_opt_out is None
    ep = _one("EMAIL_URL=smtp+ssl://u:p@smtp.example.com", hint=Dialect.DJANGO, complete=True)
    assert _mode(ep) is Mode.IMPLICIT_TLS
    assert ep.port is not None and ep.port.value == 465 and ep.port.origin is Origin.DEFAULT
    assert _eps("EMAIL_URL=consolemail://", "EMAIL_HOST=smtp.example.com") == []


def test_flask_mail() -> None:
    ep = _one("MAIL_SERVER=smtp.example.com", "MAIL_PORT=587", "MAIL_USE_TLS=true")
    assert ep.dialect is Dialect.FLASK and _mode(ep) is Mode.STARTTLS_REQUIRED
    ep = _one("MAIL_SERVER=smtp.example.com", "MAIL_USE_TLS=false", "MAIL_USE_SSL=false")
    assert _mode(ep) is Mode.PLAIN and ep.mode is not None and ep.mode.key == "MAIL_USE_TLS"
    ep = _one("MAIL_SERVER=smtp.example.com", "MAIL_USE_SSL=1")
    assert _mode(ep) is Mode.IMPLICIT_TLS and ep.mode_keyword is None


# --- nodemailer-style SMTP_* ------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "mode", "key", "opt_out"), [
    ([], Mode.AUTO, "SMTP_SECURE", False),
    (["SMTP_SECURE=true"], Mode.IMPLICIT_TLS, "SMTP_SECURE", False),
    (["SMTP_SECURE=false"], Mode.STARTTLS, "SMTP_SECURE", False),
    (["SMTP_SECURE=false", "SMTP_REQUIRE_TLS=true"], Mode.STARTTLS_REQUIRED, "SMTP_SECURE", False),
    (["SMTP_IGNORE_TLS=true"], Mode.PLAIN, "SMTP_IGNORE_TLS", True),
    (["SMTP_SECURE=false", "SMTP_IGNORE_TLS=true", "SMTP_REQUIRE_TLS=true"], Mode.PLAIN, "SMTP_IGNORE_TLS", True),
    (["SMTP_SECURE_ENABLED=0"], Mode.STARTTLS, "SMTP_SECURE_ENABLED", False),
])
def test_nodemailer(extra: list[str], mode: Mode, key: str, opt_out: bool) -> None:
    ep = _one("SMTP_HOST=smtp.example.com", "SMTP_PORT=587", *extra)
    assert ep.dialect is Dialect.NODEMAILER
    assert ep.mode is not None and ep.mode.value is mode and ep.mode.key == key
    assert (ep.tls_opt_out is not None) is opt_out


def test_nodemailer_secure_with_ignore_tls_is_a_conflict() -> None:
    ep = _one("SMTP_HOST=smtp.example.com", "SMTP_SECURE=true", "SMTP_IGNORE_TLS=true")
    assert _mode(ep) is Mode.IMPLICIT_TLS and ep.tls_opt_out is None
    assert ep.extra["mode_conflict"].key == "SMTP_IGNORE_TLS"


def test_nodemailer_unknown_flags() -> None:
    assert _one("SMTP_HOST=h.example.com", "SMTP_SECURE=${SECURE}").mode is None
    assert _one("SMTP_HOST=h.example.com", "SMTP_SECURE=false", "SMTP_IGNORE_TLS=${X}").mode is None


def test_nodemailer_credentials_and_verify() -> None:
    ep = _one("SMTP_HOST=h.example.com", "SMTP_USERNAME=u", "SMTP_PASSWORD=${P}", "SMTP_REJECT_UNAUTHORIZED=false")
    assert ep.username is not None and ep.username.key == "SMTP_USERNAME"
    assert ep.password is not None and ep.password.key == "SMTP_PASSWORD" and ep.has_credentials
    assert ep.extra["verify"].key == "SMTP_REJECT_UNAUTHORIZED"


def test_empty_credentials_are_none() -> None:
    ep = _one("SMTP_HOST=h.example.com", "SMTP_USER=", "SMTP_PASS=")
    assert ep.username is None and ep.password is None and not ep.has_credentials


def test_key_without_value_is_an_unknown_credential() -> None:
    ep = _one("SMTP_HOST=h.example.com", "SMTP_PASS")
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE and ep.has_credentials


# --- Mastodon ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "mode", "opt_out", "certain"), [
    ([], Mode.STARTTLS, False, True),
    (["SMTP_TLS=true"], Mode.IMPLICIT_TLS, False, True),
    (["SMTP_SSL=true"], Mode.IMPLICIT_TLS, False, True),
    (["SMTP_TLS=TRUE"], Mode.STARTTLS, False, True),  # only the literal `true` counts
    (["SMTP_ENABLE_STARTTLS=always"], Mode.STARTTLS_REQUIRED, False, True),
    (["SMTP_ENABLE_STARTTLS=auto"], Mode.STARTTLS, False, True),
    (["SMTP_ENABLE_STARTTLS=never"], Mode.PLAIN, True, True),
    (["SMTP_ENABLE_STARTTLS=false"], Mode.PLAIN, True, True),
    (["SMTP_ENABLE_STARTTLS_AUTO=false"], Mode.PLAIN, True, True),
    (["SMTP_ENABLE_STARTTLS_AUTO=false", "SMTP_ENABLE_STARTTLS=auto"], Mode.STARTTLS, False, True),
    (["SMTP_TLS=true", "SMTP_ENABLE_STARTTLS_AUTO=false"], Mode.IMPLICIT_TLS, False, True),
    (["SMTP_TLS=true", "SMTP_ENABLE_STARTTLS=always"], Mode.IMPLICIT_TLS, False, False),
])
def test_mastodon(extra: list[str], mode: Mode, opt_out: bool, certain: bool) -> None:
    ep = _one("SMTP_SERVER=smtp.example.com", "SMTP_PORT=587", "SMTP_LOGIN=u", *extra)
    assert ep.dialect is Dialect.MASTODON
    assert _mode(ep) is mode
    assert (ep.tls_opt_out is not None) is opt_out
    assert ep.mode_certain is certain
    assert ep.mode_keyword is None


def test_mastodon_auth_none_and_verify() -> None:
    ep = _one("SMTP_SERVER=smtp.example.com", "SMTP_AUTH_METHOD=none", "SMTP_OPENSSL_VERIFY_MODE=none")
    assert ep.auth_disabled is not None and ep.auth_disabled.key == "SMTP_AUTH_METHOD"
    assert ep.extra["verify"].raw == "none"


def test_mastodon_unknown_tls_leaves_mode_unknown() -> None:
    ep = _one("SMTP_SERVER=smtp.example.com", "SMTP_LOGIN=u", "SMTP_TLS=${SMTP_TLS}",
              "SMTP_ENABLE_STARTTLS=never")
    assert ep.mode is None and ep.tls_opt_out is None


def test_mastodon_non_smtp_delivery() -> None:
    assert _eps("SMTP_SERVER=smtp.example.com", "SMTP_DELIVERY_METHOD=sendmail") == []


# --- Discourse --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "mode", "opt_out"), [
    ([], Mode.STARTTLS, False),
    (["DISCOURSE_SMTP_ENABLE_START_TLS=true"], Mode.STARTTLS, False),
    (["DISCOURSE_SMTP_ENABLE_START_TLS=false"], Mode.PLAIN, True),
    (["DISCOURSE_SMTP_FORCE_TLS=true"], Mode.IMPLICIT_TLS, False),
    (["DISCOURSE_SMTP_FORCE_TLS=true", "DISCOURSE_SMTP_ENABLE_START_TLS=false"], Mode.IMPLICIT_TLS, False),
    (["DISCOURSE_SMTP_FORCE_TLS=${F}", "DISCOURSE_SMTP_ENABLE_START_TLS=false"], None, False),
])
def test_discourse(extra: list[str], mode: Mode | None, opt_out: bool) -> None:
    ep = _one("DISCOURSE_SMTP_ADDRESS=smtp.example.com", "DISCOURSE_SMTP_USER_NAME=u", *extra)
    assert ep.dialect is Dialect.DISCOURSE
    assert _mode(ep) is mode
    assert (ep.tls_opt_out is not None) is opt_out
    assert ep.port is None


def test_discourse_port_default_only_when_complete() -> None:
    ep = _one("DISCOURSE_SMTP_ADDRESS=smtp.example.com", hint=Dialect.DISCOURSE, complete=True)
    assert ep.port is not None and ep.port.value == 25 and ep.port.origin is Origin.DEFAULT


# --- generic ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "mode", "certain", "opt_out", "keyword"), [
    ([], None, True, False, False),
    (["GF_SMTP_SECURITY=ssl"], Mode.IMPLICIT_TLS, True, False, True),
    (["GF_SMTP_SECURITY=SSL/TLS"], Mode.IMPLICIT_TLS, True, False, True),
    (["GF_SMTP_ENCRYPTION=starttls"], Mode.STARTTLS, True, False, False),
    (["GF_SMTP_SECURITY=tls"], Mode.AUTO, False, False, False),
    (["GF_SMTP_SECURITY=none"], Mode.PLAIN, True, True, False),
    (["GF_SMTP_SECURITY=null"], None, True, False, False),
    (["GF_SMTP_TLS=true"], Mode.AUTO, False, False, False),
    (["GF_SMTP_SSL=true"], Mode.IMPLICIT_TLS, True, False, False),
    (["GF_SMTP_STARTTLS=true"], Mode.STARTTLS, True, False, False),
    (["GF_SMTP_TLS=false"], None, True, False, False),
    (["GF_SMTP_TLS=false", "GF_SMTP_SSL=false"], Mode.PLAIN, True, True, False),
    (["GF_SMTP_TLS=starttls"], Mode.STARTTLS, True, False, False),
])
def test_generic(extra: list[str], mode: Mode | None, certain: bool, opt_out: bool, keyword: bool) -> None:
    ep = _one("GF_SMTP_HOST=smtp.example.com", "GF_SMTP_USER=u", *extra)
    assert ep.dialect is Dialect.GENERIC_ENV
    assert _mode(ep) is mode
    assert ep.mode_certain is certain
    assert (ep.tls_opt_out is not None) is opt_out
    assert (ep.mode_keyword is not None) is keyword


def test_smtp_family_with_generic_words_only_is_generic() -> None:
    ep = _one("SMTP_HOST=smtp.example.com", "SMTP_SECURITY=ssl")
    assert ep.dialect is Dialect.GENERIC_ENV and _mode(ep) is Mode.IMPLICIT_TLS
    assert ep.mode_keyword is not None and ep.mode_keyword.key == "SMTP_SECURITY"


def test_email_family_with_secure_is_nodemailer() -> None:
    ep = _one("EMAIL_HOST=smtp.example.com", "EMAIL_SECURE=true")
    assert ep.dialect is Dialect.NODEMAILER and _mode(ep) is Mode.IMPLICIT_TLS


def test_email_server_url_is_a_nodemailer_url() -> None:
    ep = _one("EMAIL_SERVER=smtp://u:p@smtp.example.com:587")
    assert ep.host is not None and ep.host.value == "smtp.example.com" and _mode(ep) is Mode.AUTO


def test_settings_from_several_files_use_the_block_span() -> None:
    a = _settings("EMAIL_HOST=smtp.example.com", path="base.py")
    b = _settings("EMAIL_PORT=587", path="prod.py")
    [ep] = endpoints_from_env([*a, *b], BLOCK, hint=Dialect.DJANGO)
    assert ep.span == BLOCK
    assert ep.port is not None and ep.port.span.path == "prod.py"


# ------------------------------------------------------------------------------------------------ Vaultwarden

_VW = ("SMTP_HOST=smtp.example.com", "SMTP_PORT=587", "SMTP_USERNAME=u")


@pytest.mark.parametrize(("lines", "dialect", "mode"), [
    (("SMTP_SECURITY=force_tls",), Dialect.VAULTWARDEN, Mode.IMPLICIT_TLS),
    (("SMTP_SECURITY=starttls", "SMTP_EMBED_IMAGES=true"), Dialect.VAULTWARDEN, Mode.STARTTLS_REQUIRED),
    (("SMTP_SECURITY=off", "SMTP_ACCEPT_INVALID_CERTS=false"), Dialect.VAULTWARDEN, Mode.PLAIN),
    (("SMTP_SECURITY=tls", "SMTP_EXPLICIT_TLS=false"), Dialect.VAULTWARDEN, None),  # refused at start-up
    (("SMTP_SSL=true", "SMTP_EXPLICIT_TLS=false"), Dialect.VAULTWARDEN, Mode.STARTTLS_REQUIRED),
    (("SMTP_SSL=true", "SMTP_EXPLICIT_TLS=true"), Dialect.VAULTWARDEN, Mode.IMPLICIT_TLS),
    (("SMTP_SSL=false", "SMTP_EXPLICIT_TLS=false"), Dialect.VAULTWARDEN, Mode.PLAIN),
    (("SMTP_EXPLICIT_TLS=${X}", "SMTP_SSL=true"), Dialect.VAULTWARDEN, None),
    (("SMTP_EMBED_IMAGES=true",), Dialect.VAULTWARDEN, None),  # no TLS setting: config.json may hold it
    # without a marker: the generic reading (opportunistic STARTTLS; 'ssl' flags mean implicit TLS)
    (("SMTP_SECURITY=starttls",), Dialect.GENERIC_ENV, Mode.STARTTLS),
    (("SMTP_SSL=true",), Dialect.GENERIC_ENV, Mode.IMPLICIT_TLS),
])
def test_vaultwarden_security_words(lines: tuple[str, ...], dialect: Dialect, mode: Mode | None) -> None:
    ep = _one(*_VW, *lines)
    assert ep.dialect is dialect
    assert _mode(ep) is mode
    assert (ep.tls_opt_out is not None) == (mode is Mode.PLAIN)


def test_the_vaultwarden_hint_reads_the_deprecated_ssl_flag_as_starttls() -> None:
    ep = _one(*_VW, "SMTP_SSL=true", hint=Dialect.VAULTWARDEN)
    assert ep.dialect is Dialect.VAULTWARDEN and _mode(ep) is Mode.STARTTLS_REQUIRED


@pytest.mark.parametrize(("image", "dialect"), [
    ("vaultwarden/server:1.32.0", Dialect.VAULTWARDEN),
    ("ghcr.io/dani-garcia/vaultwarden:latest", Dialect.VAULTWARDEN),
    ("docker.io/vaultwarden/server@sha256:0123", Dialect.VAULTWARDEN),
    ("registry.example.com:5000/vaultwarden/server", Dialect.VAULTWARDEN),
    ("example/vaultwarden-backup:1", None),
    ("bitwardenrs/server:latest", Dialect.VAULTWARDEN),  # its name before 1.21
    ("bitwarden/server:latest", None),
    ("${IMAGE}", None),
])
def test_a_compose_image_tells_the_vaultwarden_dialect(image: str, dialect: Dialect | None) -> None:
    from smtplint.parsers.yaml_ import parse as parse_yaml
    text = (f"services:\n  vw:\n    image: \"{image}\"\n    environment:\n      SMTP_HOST: smtp.example.com\n"
            "      SMTP_PORT: '587'\n      SMTP_SSL: 'true'\n")
    [ep] = parse_yaml("compose.yaml", text).endpoints
    assert ep.dialect is (dialect or Dialect.GENERIC_ENV)
    assert _mode(ep) is (Mode.STARTTLS_REQUIRED if dialect else Mode.IMPLICIT_TLS)
