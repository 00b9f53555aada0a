"""Environment-variable mail settings (``.env``, compose ``environment:``, Discourse ``env:``, Django).

:func:`endpoints_from_env` turns an ordered list of ``KEY=value`` settings into client endpoints, one per
*family* of variables: the variables that share a prefix up to their ``SMTP``/``MAIL``/``EMAIL``/``MAILER``
word (``MAIL_*``, ``SMTP_*``, ``EMAIL_*``, ``MAILER_*``, ``DISCOURSE_SMTP_*``, ``GF_SMTP_*`` ...). A name
that merely contains those letters (``FETCHMAIL_POLL``, ``DMS_VMAIL_UID``) is no mail setting, and a family
makes an endpoint only when it names a host, a URL or credentials.

Each family is read with the semantics of the library that owns its names (smtp-reference.md 3.5/3.6):
Laravel, Symfony DSNs, Django (``EMAIL_*``, ``EMAIL_URL``), Flask-Mail, nodemailer-style ``SMTP_*``,
Mastodon, Discourse, or a generic reading that believes only explicit mode words. Absent keys take the
framework's documented defaults only when ``complete`` says the whole configuration is visible.

Decisions worth knowing:

* Empty values are unset (as for most frameworks); in a Laravel family ``null``/``(null)`` are unset too
  (``env()`` turns them into PHP null), and with the Django hint ``None`` is unset.
* A URL variable (``MAIL_URL``, ``MAILER_DSN``, ``EMAIL_URL``, ``SMTP_URL`` ...) decides the endpoint; for
  Laravel the other ``MAIL_*`` variables fill what the URL leaves out (``ConfigurationUrlParser`` merges).
  A URL that is itself an unknown reference makes the family unknown: no endpoint.
* Django/Flask with both TLS and SSL true: mode implicit TLS with ``mode_certain=False`` and the other flag
  in ``extra["mode_conflict"]`` (the library fails before connecting; the conflict rule reports it, not
  the port/mode rule). The same ``mode_conflict`` records nodemailer ``secure`` with ``ignoreTLS``/
  ``requireTLS`` and Mastodon ``SMTP_TLS`` with ``SMTP_ENABLE_STARTTLS=always``.
* ``mode_keyword`` is only set for SSL spellings of a free-form mode word (``MAIL_ENCRYPTION=ssl``,
  ``SMTP_SECURITY=ssl/tls``), the words SMTP103 is about.
* Verification and other knobs go to ``extra`` under normalised names: ``verify`` (verify_peer,
  openssl_verify_mode, rejectUnauthorized ...), ``skip_verify``, ``allow_self_signed``,
  ``verify_peer_name``, ``require_tls``, ``auth_method``, ``tls_version``, ``ca_file``, ``encryption``,
  ``mode_conflict``; ``NODE_TLS_REJECT_UNAUTHORIZED`` (no family: it affects every TLS client of the
  process) is attached to every endpoint of the block as ``node_tls_reject_unauthorized``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Span
from smtplint.parsers.relay_env import NAMES as RELAY_STACK_NAMES
from smtplint.parsers.relay_env import relay_endpoints
from smtplint.parsers.urls import MailUrl, UrlFlavor, UrlPart, looks_like_mail_url, parse_mail_url
from smtplint.parsers.values import parse_bool, parse_port
from smtplint.records import field, record, replace

_FAMILY_WORDS = frozenset({"SMTP", "MAIL", "EMAIL", "MAILER"})

_HOST = ("HOST", "SERVER", "ADDRESS", "HOSTNAME", "SMARTHOST", "SMTP_HOST", "SMTP_SERVER", "SMTP_ADDRESS")
_PORT = ("PORT", "SMTP_PORT")
_USER = ("USERNAME", "USER", "LOGIN", "USER_NAME", "HOST_USER", "AUTH_USER", "SMTP_USER", "SMTP_USERNAME")
_PASSWORD = ("PASSWORD", "PASS", "PASSWD", "HOST_PASSWORD", "AUTH_PASSWORD", "AUTH_PASS", "SMTP_PASSWORD",
             "SMTP_PASS")
_PASSWORD_FILE = ("PASSWORD_FILE", "PASS_FILE", "HOST_PASSWORD_FILE", "SMTP_PASSWORD_FILE")
_URL = ("URL", "DSN", "URI", "CONNECTION_URL", "SMTP_URL")

_EXTRA: dict[str, tuple[str, ...]] = {
    "verify": ("VERIFY", "TLS_VERIFY", "VERIFY_PEER", "VERIFY_SSL", "SSL_VERIFY", "VERIFY_CERT",
               "VERIFY_CERTIFICATE", "REJECT_UNAUTHORIZED", "TLS_REJECT_UNAUTHORIZED",
               "REJECT_UNAUTHORIZED_TLS", "OPENSSL_VERIFY_MODE"),
    "verify_peer_name": ("VERIFY_PEER_NAME",),
    "skip_verify": ("SKIP_VERIFY", "TLS_SKIP_VERIFY", "INSECURE", "INSECURE_SKIP_VERIFY", "TLS_INSECURE",
                    "SKIP_TLS_VERIFY"),
    "allow_self_signed": ("ALLOW_SELF_SIGNED",),
    "require_tls": ("REQUIRE_TLS", "REQUIRETLS"),
    "auth_method": ("AUTH_METHOD", "AUTHENTICATION"),
    "tls_version": ("TLS_VERSION", "MIN_TLS_VERSION", "TLS_MIN_VERSION", "SSL_VERSION", "SSL_PROTOCOLS",
                    "TLS_PROTOCOLS", "TLS_MINVERSION", "SSL_PROTOCOL", "TLS_PROTOCOL", "SECURE_PROTOCOL",
                    "TLS_SECURE_PROTOCOL"),
    "ca_file": ("CA_FILE", "TLS_CA_FILE"),
    "encryption": ("ENCRYPTION",),
    # lettre's TlsParameters names (Vaultwarden): true switches the check off
    "accept_invalid_certs": ("ACCEPT_INVALID_CERTS",),
    "accept_invalid_hostnames": ("ACCEPT_INVALID_HOSTNAMES",),
}

# Generic mode words (smtp-reference.md 3.1 value table), normalised to lower case without spaces.
_WORD_MODES: dict[str, Mode] = {
    **dict.fromkeys(("ssl", "smtps", "implicit", "tls-wrapper", "wrapper", "ssl/tls", "implicit-tls",
                     "implicit_tls", "ssl-tls", "ssl_tls", "tlswrapper"), Mode.IMPLICIT_TLS),
    **dict.fromkeys(("required", "require", "mandatory", "always", "starttls-required",
                     "starttls_required"), Mode.STARTTLS_REQUIRED),
    **dict.fromkeys(("starttls", "start_tls", "start-tls", "auto", "opportunistic", "may", "optional"),
                    Mode.STARTTLS),
    "tls": Mode.AUTO,
    **dict.fromkeys(("force_tls", "force-tls", "forcetls"), Mode.IMPLICIT_TLS),  # Vaultwarden's implicit TLS
    **dict.fromkeys(("none", "no", "off", "false", "plain", "plaintext", "disabled", "disable", "never",
                     "0", "insecure"), Mode.PLAIN),
}
_NULLISH = frozenset({"", "null", "(null)", "~"})
_NODE_REJECT = "NODE_TLS_REJECT_UNAUTHORIZED"
_NON_SMTP_BACKENDS = ("console", "filebased", "locmem", "dummy", "anymail", "django_ses", "sendgrid",
                      "postmark", "mailgun", "mailjet", "sparkpost", "mandrill", "mailersend", "resend")
_LARAVEL_SMTP_MAILERS = frozenset({"smtp", "failover", "roundrobin"})
_MASTODON_MARKERS = ("LOGIN", "ENABLE_STARTTLS", "ENABLE_STARTTLS_AUTO", "OPENSSL_VERIFY_MODE", "AUTH_METHOD",
                     "FROM_ADDRESS", "DELIVERY_METHOD", "TLS", "SSL", "CA_FILE", "DOMAIN")
_NODEMAILER_SECURE = ("SECURE", "SECURE_ENABLED", "SECURE_CONNECTION")
_NODEMAILER_IGNORE = ("IGNORE_TLS", "IGNORETLS")
_NODEMAILER_REQUIRE = ("REQUIRE_TLS", "REQUIRETLS")
# Vaultwarden (src/config.rs): SMTP_SECURITY is one of three words (any other stops it at start-up); the
# variables only it documents tell its family from another SMTP_* family.
_VAULTWARDEN_MODES = {"starttls": Mode.STARTTLS_REQUIRED, "force_tls": Mode.IMPLICIT_TLS, "off": Mode.PLAIN}
_VAULTWARDEN_MARKERS = ("EXPLICIT_TLS", "ACCEPT_INVALID_CERTS", "ACCEPT_INVALID_HOSTNAMES", "EMBED_IMAGES",
                        "USE_SYSTEM_ROOT_CERTS", "ADDITIONAL_ROOT_CERTS")
_GENERIC_WORD_KEYS = ("SECURITY", "ENCRYPTION", "TLS_MODE", "SECURE_MODE", "TRANSPORT_SECURITY",
                      "CONNECTION_SECURITY", "SSL_MODE")
_GENERIC_FLAGS: tuple[tuple[str, Mode, bool], ...] = (
    # (suffix, mode when true, mode_certain)
    ("SSL", Mode.IMPLICIT_TLS, True),
    ("USE_SSL", Mode.IMPLICIT_TLS, True),
    ("STARTTLS", Mode.STARTTLS, True),
    ("USE_STARTTLS", Mode.STARTTLS, True),
    ("ENABLE_STARTTLS", Mode.STARTTLS, True),
    ("STARTTLS_ENABLED", Mode.STARTTLS, True),
    ("TLS", Mode.AUTO, False),
    ("USE_TLS", Mode.AUTO, False),
)
_DEFAULT_PORTS: dict[Dialect, int] = {
    Dialect.DJANGO: 25, Dialect.FLASK: 25, Dialect.LARAVEL: 2525, Dialect.DISCOURSE: 25,
    Dialect.MASTODON: 25, Dialect.NODEMAILER: 587,
}
_DEFAULT_HOSTS: dict[Dialect, str] = {
    Dialect.DJANGO: "localhost", Dialect.FLASK: "localhost", Dialect.LARAVEL: "127.0.0.1",
}
# Which family a hint speaks about.
_HINT_PREFIX: dict[Dialect, str] = {
    Dialect.DJANGO: "EMAIL", Dialect.DJANGO_URL: "EMAIL", Dialect.FLASK: "MAIL", Dialect.LARAVEL: "MAIL",
    Dialect.MASTODON: "SMTP", Dialect.NODEMAILER: "SMTP", Dialect.DISCOURSE: "DISCOURSE_SMTP",
    Dialect.SYMFONY_DSN: "MAILER", Dialect.VAULTWARDEN: "SMTP",
}


@record
class _Family:
    """The variables of one prefix family, by suffix (later definitions win)."""

    prefix: str
    vars: dict[str, Setting[str]] = field(default_factory=dict)
    value_spans: dict[str, Span | None] = field(default_factory=dict)
    nullish: frozenset[str] = frozenset({""})

    def raw_get(self, *suffixes: str) -> Setting[str] | None:
        """The first of ``suffixes`` that is defined, even when empty."""
        for s in suffixes:
            if s in self.vars:
                return self.vars[s]
        return None

    def get(self, *suffixes: str) -> Setting[str] | None:
        """The first of ``suffixes`` that is set: a reference, or a value that is not empty/null."""
        for s in suffixes:
            setting = self.vars.get(s)
            if setting is not None and _is_set(setting, self.nullish):
                return setting
        return None

    def has(self, *suffixes: str) -> bool:
        """True when any of ``suffixes`` is set."""
        return self.get(*suffixes) is not None

    def value_span(self, setting: Setting[str]) -> Span | None:
        """Where the value text of ``setting`` is written, when the caller told us."""
        for suffix, s in self.vars.items():
            if s is setting:
                return self.value_spans.get(suffix)
        return None


def _is_set(setting: Setting[str], nullish: frozenset[str]) -> bool:
    if setting.origin is Origin.REFERENCE:
        return True
    return setting.value is not None and setting.value.strip().lower() not in nullish


def _text(setting: Setting[str] | None) -> str | None:
    """The known text of a setting (literal, fallback or default), stripped; None when unknown."""
    if setting is None or setting.origin is Origin.REFERENCE or setting.value is None:
        return None
    return setting.value.strip()


def family_of(key: str) -> tuple[str, str] | None:
    """Split a variable name into (family prefix, suffix): ``DISCOURSE_SMTP_PORT`` -> (``DISCOURSE_SMTP``,
    ``PORT``). None when no ``_``-separated word of the name is SMTP/MAIL/EMAIL/MAILER or nothing follows it.
    """
    upper = key.upper()
    if "SMTP" not in upper and "MAIL" not in upper:  # every family word holds one of these
        return None
    words = upper.split("_")
    for i, word in enumerate(words[:-1]):
        if word in _FAMILY_WORDS:
            suffix = "_".join(words[i + 1:])
            return ("_".join(words[: i + 1]), suffix) if suffix else None
    return None


def may_name_mail(key: str) -> bool:
    """Whether :func:`endpoints_from_env` can read anything from a variable of this name, a mail-server stack's
    relay and marker variables included (a reader may drop the others before building their settings)."""
    name = key.strip().upper()
    return family_of(key) is not None or name == _NODE_REJECT or name in RELAY_STACK_NAMES


def endpoints_from_url(setting: Setting[str], variable: str, block_span: Span, *, hint: Dialect,
                       value_span: Span | None = None) -> list[ClientEndpoint]:
    """The endpoints a mail URL or DSN written under any name gives (a YAML ``dsn:`` key, a nodemailer
    ``createTransport("smtps://...")`` string): read as the environment variable ``variable`` holding it would be
    (``MAILER_DSN``, ``SMTP_URL``), every setting taken from it keyed like ``setting``."""
    env = Setting(variable, setting.value, setting.raw, setting.span, setting.origin)

    def keyed(s: Setting[Any] | None) -> Any:
        return replace(s, key=setting.key) if s is not None and s.key == variable else s

    endpoints = endpoints_from_env([env], block_span, hint=hint, value_spans=[value_span])
    for ep in endpoints:
        ep.host, ep.port, ep.mode = keyed(ep.host), keyed(ep.port), keyed(ep.mode)
        ep.tls_opt_out, ep.mode_keyword = keyed(ep.tls_opt_out), keyed(ep.mode_keyword)
        ep.username, ep.password = keyed(ep.username), keyed(ep.password)
        ep.extra = {name: keyed(s) for name, s in ep.extra.items()}
    return endpoints


def endpoints_from_env(settings: Sequence[Setting[str]], block_span: Span, *, hint: Dialect | None = None,
                       complete: bool = False,
                       value_spans: Sequence[Span | None] | None = None) -> list[ClientEndpoint]:
    """Client endpoints described by environment variables, one per variable family.

    ``settings``: ordered ``KEY=value`` entries (key = variable name, raw = the value as the application
    receives it, value = its text or None when unknown, origin from :func:`values.classify`, span = the
    entry). Later definitions of a key win. ``hint`` names the dialect when the caller knows it (the Django
    settings reader passes ``Dialect.DJANGO``); ``complete`` says the whole configuration is visible, so
    that absent keys take the framework's documented defaults. ``value_spans`` (optional, parallel to
    ``settings``) gives where each value's text is written when it is written verbatim on one line; URL
    parts (a DSN's password, its ``auto_tls=false``) then get exact spans, otherwise the entry's span.
    """
    families: dict[str, _Family] = {}
    for i, setting in enumerate(settings):
        split = family_of(setting.key)
        if split is None:
            continue
        prefix, suffix = split
        fam = families.setdefault(prefix, _Family(prefix))
        fam.vars.pop(suffix, None)
        fam.vars[suffix] = setting
        fam.value_spans[suffix] = value_spans[i] if value_spans is not None and i < len(value_spans) else None
    endpoints = []
    for fam in families.values():
        ep = _endpoint(fam, block_span, hint, complete)
        if ep is not None:
            endpoints.append(ep)
    # NODE_TLS_REJECT_UNAUTHORIZED=0 switches certificate checks off for every TLS client of the process
    endpoints.extend(relay_endpoints(settings, block_span))  # docker-mailserver / Mailu relay hosts
    node = next((s for s in reversed(settings) if s.key.strip().upper() == _NODE_REJECT), None)
    if node is not None:
        for ep in endpoints:
            ep.extra.setdefault("node_tls_reject_unauthorized", node)
    return endpoints


def _dialect(fam: _Family, hint: Dialect | None) -> Dialect:
    """Which library's semantics apply to a family."""
    p = fam.prefix
    if hint is not None and _HINT_PREFIX.get(hint) == p:
        return Dialect.DJANGO if hint is Dialect.DJANGO_URL else hint
    if p == "DISCOURSE_SMTP":
        return Dialect.DISCOURSE
    if p == "MAILER":
        return Dialect.SYMFONY_DSN
    nodemailer = fam.has(*_NODEMAILER_SECURE, *_NODEMAILER_IGNORE, *_NODEMAILER_REQUIRE)
    if p == "EMAIL":
        if fam.has("HOST_USER", "HOST_PASSWORD", "USE_TLS", "USE_SSL", "BACKEND", "URL"):
            return Dialect.DJANGO
        if nodemailer:
            return Dialect.NODEMAILER
        foreign = fam.has(*_GENERIC_WORD_KEYS, "USER", "USERNAME", "PASSWORD", "PASS", "SERVER")
        return Dialect.DJANGO if fam.has("HOST") and not foreign else Dialect.GENERIC_ENV
    if p == "MAIL":
        if fam.has("SERVER", "USE_TLS", "USE_SSL"):
            return Dialect.FLASK
        if (fam.raw_get("MAILER", "DRIVER", "SCHEME") is not None
                or (fam.raw_get("HOST") is not None and fam.raw_get("ENCRYPTION", "USERNAME") is not None)):
            return Dialect.LARAVEL
        return Dialect.NODEMAILER if nodemailer else Dialect.GENERIC_ENV
    if p == "SMTP":
        if fam.raw_get("SERVER") is not None and fam.raw_get(*_MASTODON_MARKERS) is not None:
            return Dialect.MASTODON
        if fam.raw_get(*_VAULTWARDEN_MARKERS) is not None or (_text(fam.get("SECURITY")) or "").lower() == "force_tls":
            return Dialect.VAULTWARDEN
        generic_words = fam.has(*_GENERIC_WORD_KEYS, *(f for f, _, _ in _GENERIC_FLAGS))
        return Dialect.GENERIC_ENV if generic_words and not nodemailer else Dialect.NODEMAILER
    return Dialect.NODEMAILER if nodemailer else Dialect.GENERIC_ENV


@record
class _Ctx:
    """What the builders share for one family."""

    fam: _Family
    dialect: Dialect
    span: Span
    block_span: Span
    complete: bool
    ep: ClientEndpoint

    def default_span(self) -> Span:
        """Where a documented default is reported: the host's line, else the endpoint."""
        host = self.ep.host
        return host.span if host is not None and host.origin is not Origin.DEFAULT else self.span


def _endpoint(fam: _Family, block_span: Span, hint: Dialect | None, complete: bool) -> ClientEndpoint | None:
    dialect = _dialect(fam, hint)
    if dialect is Dialect.LARAVEL:
        fam.nullish = _NULLISH
    elif dialect is Dialect.DJANGO:
        fam.nullish = frozenset({"", "none"})
    span = _family_span(fam, block_span)
    ctx = _Ctx(fam, dialect, span, block_span, complete, ClientEndpoint(dialect, span))
    if not _in_scope(ctx):
        return None
    url_setting = _url_setting(fam, dialect)
    if url_setting is not None:
        return _from_url(ctx, url_setting)
    if not _names_endpoint(ctx):
        return None
    _common(ctx)
    builders = {
        Dialect.DJANGO: _django, Dialect.FLASK: _django, Dialect.LARAVEL: _laravel,
        Dialect.NODEMAILER: _nodemailer, Dialect.MASTODON: _mastodon, Dialect.DISCOURSE: _discourse,
        Dialect.GENERIC_ENV: _generic, Dialect.SYMFONY_DSN: _generic, Dialect.VAULTWARDEN: _vaultwarden,
    }
    builders.get(dialect, _generic)(ctx)
    _defaults(ctx)
    return ctx.ep


def _family_span(fam: _Family, block_span: Span) -> Span:
    """From the family's first entry to its last, or the block when they are in different files."""
    spans = [s.span for s in fam.vars.values()]
    if not spans or any(s.path != spans[0].path for s in spans):
        return block_span
    first, last = min(spans), max(spans, key=lambda s: (s.end_line, s.end_column))
    return Span(first.path, first.line, first.column, last.end_line, last.end_column)


def _in_scope(ctx: _Ctx) -> bool:
    """False when the family selects a transport that is not SMTP (Laravel log mailer, Django console)."""
    fam = ctx.fam
    if ctx.dialect is Dialect.LARAVEL:
        mailer = _text(fam.get("MAILER", "DRIVER"))
        return mailer is None or mailer.lower() in _LARAVEL_SMTP_MAILERS
    if ctx.dialect is Dialect.DJANGO:
        backend = _text(fam.get("BACKEND"))
        if backend is not None:
            b = backend.lower()
            return "smtp" in b or not any(word in b for word in _NON_SMTP_BACKENDS)
    if ctx.dialect is Dialect.MASTODON:
        method = _text(fam.get("DELIVERY_METHOD"))
        return method is None or method.lower() == "smtp"
    return True


def _url_setting(fam: _Family, dialect: Dialect) -> Setting[str] | None:
    """The family's URL/DSN variable when it is set (a reference counts) and looks like a URL."""
    for suffix in (*_URL, "SERVER"):
        setting = fam.get(suffix)
        if setting is None:
            continue
        if suffix == "SERVER" and not looks_like_mail_url(setting.raw):
            continue
        if dialect is Dialect.DJANGO and suffix != "URL":
            continue
        return setting
    return None


def _names_endpoint(ctx: _Ctx) -> bool:
    """A family makes an endpoint when it names a host or credentials (or, complete, any setting)."""
    fam = ctx.fam
    if fam.has(*_HOST, *_USER, *_PASSWORD, *_PASSWORD_FILE):
        return True
    if ctx.complete and ctx.dialect in _DEFAULT_HOSTS:
        return fam.raw_get(*_PORT, "USE_TLS", "USE_SSL", "BACKEND", "SCHEME", "MAILER", "ENCRYPTION") is not None
    return False


# ---------------------------------------------------------------------------------------------------------
# Settings shared by every dialect


def _common(ctx: _Ctx) -> None:
    """Host, port, credentials and the extra knobs, by the suffixes every dialect shares."""
    fam, ep = ctx.fam, ctx.ep
    host = fam.get(*_HOST)
    if host is not None:
        ep.host, port_in_host = _host_setting(host)
        if port_in_host is not None:
            ep.port = port_in_host
    port = fam.get(*_PORT)
    if port is not None:
        ep.port = _port_setting(port)
    ep.username = fam.get(*_USER)
    ep.password = fam.get(*_PASSWORD)  # an empty or null password is no credential
    ep.credential_file = fam.get(*_PASSWORD_FILE)
    for name, suffixes in _EXTRA.items():
        setting = fam.get(*suffixes)
        if setting is not None:
            ep.extra[name] = setting


def _host_setting(setting: Setting[str]) -> tuple[Setting[str], Setting[int] | None]:
    """The host Setting and, for ``host:port`` values, the port written with it."""
    text = _text(setting)
    if text is None:
        return Setting(setting.key, None, setting.raw, setting.span, setting.origin), None
    host, port = _split_host(text)
    host_setting = Setting(setting.key, host, setting.raw, setting.span, setting.origin)
    if port is None:
        return host_setting, None
    return host_setting, Setting(setting.key, parse_port(port), port, setting.span, setting.origin)


def _split_host(text: str) -> tuple[str, str | None]:
    if text.startswith("[") and "]" in text:
        host, _, rest = text[1:].partition("]")
        return host, rest[1:] if rest.startswith(":") and rest[1:].isdigit() else None
    if text.count(":") == 1:
        host, port = text.split(":")
        if port.isdigit():
            return host, port
    return text, None


def _port_setting(setting: Setting[str]) -> Setting[int]:
    value = parse_port(_text(setting))
    return Setting(setting.key, value, setting.raw, setting.span, setting.origin)


def _mode(setting: Setting[str], mode: Mode, origin: Origin | None = None) -> Setting[Mode]:
    """A mode Setting decided by ``setting``."""
    return Setting(setting.key, mode, setting.raw, setting.span, origin or setting.origin)


def _default_mode(ctx: _Ctx, key: str, mode: Mode) -> Setting[Mode]:
    return Setting(key, mode, "", ctx.default_span(), Origin.DEFAULT)


def _flag(setting: Setting[str] | None) -> bool | None:
    """A boolean setting: True/False when known, None when absent, unknown or not a boolean."""
    return parse_bool(_text(setting)) if setting is not None else None


def _is_ssl_word(text: str) -> bool:
    return text.strip().lower().startswith("ssl")


def _word_mode(ctx: _Ctx, setting: Setting[str]) -> bool:
    """Apply a free-form mode word (``ssl``, ``starttls``, ``none`` ...); True when it decided the mode."""
    text = _text(setting)
    if text is None:
        return False
    mode = _WORD_MODES.get(text.lower().replace(" ", ""))
    if mode is None:
        return False
    ep = ctx.ep
    ep.mode = _mode(setting, mode)
    ep.mode_certain = text.lower() != "tls"
    if mode is Mode.PLAIN:
        ep.tls_opt_out = setting
    if _is_ssl_word(text):
        ep.mode_keyword = setting
    return True


def _defaults(ctx: _Ctx) -> None:
    """Documented defaults of absent keys, only when the whole configuration is visible."""
    if not ctx.complete:
        return
    ep = ctx.ep
    host_default = _DEFAULT_HOSTS.get(ctx.dialect)
    if ep.host is None and host_default is not None:
        key = {Dialect.FLASK: "MAIL_SERVER", Dialect.LARAVEL: "MAIL_HOST"}.get(ctx.dialect, "EMAIL_HOST")
        ep.host = Setting(key, host_default, "", ctx.span, Origin.DEFAULT)
    port_default = _DEFAULT_PORTS.get(ctx.dialect)
    if ep.port is None and port_default is not None:
        if ctx.dialect is Dialect.NODEMAILER and ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS:
            port_default = 465
        ep.port = Setting(f"{ctx.fam.prefix}_PORT", port_default, "", ctx.default_span(), Origin.DEFAULT)


# ---------------------------------------------------------------------------------------------------------
# Dialects


# Django email backends that always connect with implicit TLS (smtplib.SMTP_SSL), whatever EMAIL_USE_TLS says:
# django-smtp-ssl and django-ssl-smtp (for Django before 1.7 added EMAIL_USE_SSL; still common in settings)
_IMPLICIT_TLS_BACKENDS = frozenset({"django_smtp_ssl.SSLEmailBackend", "django_ssl_smtp.SSLEmailBackend"})


def _django(ctx: _Ctx) -> None:
    """Django EMAIL_USE_TLS/EMAIL_USE_SSL and Flask-Mail MAIL_USE_TLS/MAIL_USE_SSL: no opportunistic TLS."""
    fam, ep = ctx.fam, ctx.ep
    backend = fam.get("BACKEND") if ctx.dialect is Dialect.DJANGO else None
    if backend is not None and (_text(backend) or "").strip().strip("'\"") in _IMPLICIT_TLS_BACKENDS:
        ep.mode = _mode(backend, Mode.IMPLICIT_TLS)
        return
    tls_s, ssl_s = fam.get("USE_TLS"), fam.get("USE_SSL")
    tls, ssl = _tristate(tls_s, ctx.complete), _tristate(ssl_s, ctx.complete)
    if tls is True and ssl is True and tls_s is not None and ssl_s is not None:
        ep.mode = _mode(ssl_s, Mode.IMPLICIT_TLS)
        ep.mode_certain = False
        ep.extra["mode_conflict"] = tls_s
    elif ssl is True and ssl_s is not None:
        ep.mode = _mode(ssl_s, Mode.IMPLICIT_TLS)
    elif tls is True and tls_s is not None:
        ep.mode = _mode(tls_s, Mode.STARTTLS_REQUIRED)
    elif tls is False and ssl is False:
        written = [s for s in (tls_s, ssl_s) if s is not None]
        if not written:
            ep.mode = _default_mode(ctx, f"{fam.prefix}_USE_TLS", Mode.PLAIN)
        else:
            fallback = any(s.origin is Origin.FALLBACK for s in written)
            ep.mode = _mode(written[0], Mode.PLAIN, Origin.FALLBACK if fallback else None)


def _tristate(setting: Setting[str] | None, complete: bool) -> bool | None:
    """A Django-style flag: its boolean; False when absent and the configuration is complete; else None."""
    if setting is None:
        return False if complete else None
    return _flag(setting)


def _laravel(ctx: _Ctx) -> None:
    """Laravel: MAIL_SCHEME smtps is implicit TLS, smtp or absent lets Symfony choose (AUTO)."""
    fam, ep = ctx.fam, ctx.ep
    scheme = fam.get("SCHEME")
    text = _text(scheme)
    if scheme is None:
        ep.mode = _default_mode(ctx, "MAIL_SCHEME", Mode.AUTO)
    elif text is not None and text.lower() == "smtps":
        ep.mode = _mode(scheme, Mode.IMPLICIT_TLS)
    elif text is not None and text.lower() == "smtp":
        ep.mode = _mode(scheme, Mode.AUTO)
    encryption = fam.get("ENCRYPTION")
    enc_text = _text(encryption)
    if encryption is not None and enc_text is not None and _is_ssl_word(enc_text):
        ep.mode_keyword = encryption


def _nodemailer(ctx: _Ctx) -> None:
    """nodemailer: secure true is implicit TLS; false is STARTTLS if offered; ignoreTLS opts out."""
    fam, ep = ctx.fam, ctx.ep
    secure_s = fam.get(*_NODEMAILER_SECURE)
    ignore_s = fam.get(*_NODEMAILER_IGNORE)
    require_s = fam.get(*_NODEMAILER_REQUIRE)
    secure, ignore, require = _flag(secure_s), _flag(ignore_s), _flag(require_s)
    if secure_s is not None and secure is None:
        if _text(secure_s) is not None:
            _word_mode(ctx, secure_s)  # SMTP_SECURE=ssl / starttls: a mode word
        return
    if secure is True and secure_s is not None:
        ep.mode = _mode(secure_s, Mode.IMPLICIT_TLS)
        for other, flag in ((ignore_s, ignore), (require_s, require)):
            if other is not None and flag is True:
                ep.extra["mode_conflict"] = other
                break
        return
    if ignore is True and ignore_s is not None:
        ep.mode = _mode(ignore_s, Mode.PLAIN)
        ep.tls_opt_out = ignore_s
        return
    if ignore_s is not None and ignore is None:
        return  # ignoreTLS unknown: it could switch TLS off
    if secure is False and secure_s is not None:
        if require_s is not None and require is None:
            return
        ep.mode = _mode(secure_s, Mode.STARTTLS_REQUIRED if require else Mode.STARTTLS)
        return
    ep.mode = _default_mode(ctx, f"{fam.prefix}_SECURE", Mode.AUTO)


def _mastodon(ctx: _Ctx) -> None:
    """Mastodon: SMTP_TLS/SMTP_SSL ``true`` is implicit TLS; SMTP_ENABLE_STARTTLS auto/always/never."""
    fam, ep = ctx.fam, ctx.ep
    implicit = next((s for s in (fam.get("TLS"), fam.get("SSL")) if _text(s) == "true"), None)
    implicit_unknown = _unknown(fam.get("TLS"), fam.get("SSL"))
    starttls = fam.get("ENABLE_STARTTLS")
    starttls_auto = fam.get("ENABLE_STARTTLS_AUTO")
    st_text = (_text(starttls) or "").lower()
    if implicit is not None:
        ep.mode = _mode(implicit, Mode.IMPLICIT_TLS)
        if starttls is not None and st_text == "always":
            ep.mode_certain = False
            ep.extra["mode_conflict"] = starttls
    elif implicit_unknown:
        pass  # SMTP_TLS=${X}: it could be implicit TLS
    elif starttls is not None:
        if st_text == "always":
            ep.mode = _mode(starttls, Mode.STARTTLS_REQUIRED)
        elif st_text in ("never", "false"):
            ep.mode = _mode(starttls, Mode.PLAIN)
            ep.tls_opt_out = starttls
        elif st_text == "auto":
            ep.mode = _mode(starttls, Mode.STARTTLS)
    elif starttls_auto is not None:
        if _text(starttls_auto) == "false":
            ep.mode = _mode(starttls_auto, Mode.PLAIN)
            ep.tls_opt_out = starttls_auto
        elif _text(starttls_auto) is not None:
            ep.mode = _mode(starttls_auto, Mode.STARTTLS)
    else:
        ep.mode = _default_mode(ctx, "SMTP_ENABLE_STARTTLS", Mode.STARTTLS)
    method = fam.get("AUTH_METHOD")
    if _text(method) is not None and (_text(method) or "").lower() == "none" and method is not None:
        ep.auth_disabled = method


def _unknown(*settings: Setting[str] | None) -> bool:
    return any(s is not None and s.origin is Origin.REFERENCE for s in settings)


def _discourse(ctx: _Ctx) -> None:
    """Discourse: FORCE_TLS is implicit TLS; ENABLE_START_TLS (default true) is opportunistic STARTTLS."""
    fam, ep = ctx.fam, ctx.ep
    force_s, start_s = fam.get("FORCE_TLS"), fam.get("ENABLE_START_TLS")
    force, start = _flag(force_s), _flag(start_s)
    if force is True and force_s is not None:
        ep.mode = _mode(force_s, Mode.IMPLICIT_TLS)
    elif _unknown(force_s):
        return
    elif start is False and start_s is not None:
        ep.mode = _mode(start_s, Mode.PLAIN)
        ep.tls_opt_out = start_s
    elif start is True and start_s is not None:
        ep.mode = _mode(start_s, Mode.STARTTLS)
    elif start_s is None:
        ep.mode = _default_mode(ctx, "DISCOURSE_SMTP_ENABLE_START_TLS", Mode.STARTTLS)


def _vaultwarden(ctx: _Ctx) -> None:
    """Vaultwarden: SMTP_SECURITY starttls (STARTTLS required, the default), force_tls (implicit TLS) or off (no
    TLS at all); without it the deprecated SMTP_EXPLICIT_TLS=true means force_tls (the name was wrong) and
    SMTP_SSL=false means off, anything else starttls. With none of them written the mode is unknown: the
    admin page's config.json may set it."""
    fam, ep = ctx.fam, ctx.ep
    security = fam.get("SECURITY")
    if security is not None:
        word = _text(security)
        mode = _VAULTWARDEN_MODES.get(word.lower()) if word is not None else None
        if mode is not None:  # a reference, or a word Vaultwarden refuses: unknown
            ep.mode = _mode(security, mode)
            ep.tls_opt_out = security if mode is Mode.PLAIN else None
        return
    explicit_s, ssl_s = fam.get("EXPLICIT_TLS"), fam.get("SSL")
    explicit, ssl = _flag(explicit_s), _flag(ssl_s)
    if (explicit_s is not None and explicit is None) or (ssl_s is not None and ssl is None):
        return
    if explicit is True and explicit_s is not None:
        ep.mode = _mode(explicit_s, Mode.IMPLICIT_TLS)
    elif ssl is False and ssl_s is not None:
        ep.mode = _mode(ssl_s, Mode.PLAIN)
        ep.tls_opt_out = ssl_s
    else:
        decider = ssl_s if ssl_s is not None else explicit_s  # SMTP_SSL=true, SMTP_EXPLICIT_TLS=false
        if decider is not None:
            ep.mode = _mode(decider, Mode.STARTTLS_REQUIRED)


def _generic(ctx: _Ctx) -> None:
    """Unknown library: the mode comes only from explicit words or flags."""
    fam, ep = ctx.fam, ctx.ep
    word = fam.get(*_GENERIC_WORD_KEYS)
    if word is not None:
        _word_mode(ctx, word)
        return
    flags = [(fam.get(suffix), mode, certain) for suffix, mode, certain in _GENERIC_FLAGS]
    present = [(s, mode, certain) for s, mode, certain in flags if s is not None]
    for setting, mode, certain in present:
        value = _flag(setting)
        if value is None and _text(setting) is not None and _word_mode(ctx, setting):
            return  # SMTP_TLS=starttls: a word in a flag's place
        if value is True:
            ep.mode = _mode(setting, mode)
            ep.mode_certain = certain
            return
    known_false = [s for s, _, _ in present if _flag(s) is False]
    if len(present) >= 2 and len(known_false) == len(present):
        ep.mode = _mode(known_false[0], Mode.PLAIN)
        ep.tls_opt_out = known_false[0]


# ---------------------------------------------------------------------------------------------------------
# URLs


def _flavor(fam: _Family, dialect: Dialect) -> UrlFlavor:
    if dialect in (Dialect.DJANGO, Dialect.DJANGO_URL):
        return UrlFlavor.DJANGO
    if fam.prefix in ("MAIL", "MAILER") or dialect in (Dialect.LARAVEL, Dialect.SYMFONY_DSN):
        return UrlFlavor.SYMFONY
    return UrlFlavor.NODEMAILER


def _url_dialect(fam: _Family, dialect: Dialect) -> Dialect:
    if dialect is Dialect.DJANGO:
        return Dialect.DJANGO_URL
    if dialect is Dialect.LARAVEL:
        return Dialect.LARAVEL
    if fam.prefix in ("MAIL", "MAILER"):
        return Dialect.SYMFONY_DSN
    return dialect


def _from_url(ctx: _Ctx, setting: Setting[str]) -> ClientEndpoint | None:
    """The endpoint a URL/DSN variable describes (Laravel fills the rest from its MAIL_* variables)."""
    if setting.origin is Origin.REFERENCE and not _has_url_text(setting.raw):
        return None  # MAILER_DSN=${MAILER_DSN}: everything unknown
    text, offset = _url_text(setting)
    if text is None:
        return None
    # a partly templated URL (smtps://u:${PASS}@host): each part is classified on its own
    whole = Origin.LITERAL if setting.origin is Origin.REFERENCE else setting.origin
    url = parse_mail_url(text, _flavor(ctx.fam, ctx.dialect), origin=whole)
    if url is None or not url.smtp:
        return None
    ep = ClientEndpoint(_url_dialect(ctx.fam, ctx.dialect), ctx.span)
    ctx.ep = ep
    if ctx.dialect is Dialect.LARAVEL:
        _common(ctx)
    vspan = ctx.fam.value_span(setting)

    def at(part: UrlPart | None) -> Span:
        return _part_span(setting, vspan, offset, part)

    def part_setting(part: UrlPart) -> Setting[str]:
        # raw is what the application receives: the percent-decoded text (a password's secret)
        raw = part.text if part.text is not None else part.raw
        return Setting(setting.key, part.text, raw, at(part), part.origin)

    _url_host_port(ep, url, setting, at)
    if url.username is not None and url.username is not url.password:
        ep.username = part_setting(url.username)
    if url.password is not None:
        ep.password = part_setting(url.password)
    if url.mode is not None and url.mode_from is not None:
        ep.mode = Setting(setting.key, url.mode, url.mode_from.raw, at(url.mode_from), url.mode_from.origin)
        ep.mode_certain = url.mode_certain
    elif url.mode is None:
        ep.mode = None
    if url.tls_opt_out is not None:
        ep.tls_opt_out = part_setting(url.tls_opt_out)
    if url.verify is not None:
        ep.extra["verify"] = part_setting(url.verify)
    if url.conflict is not None:
        ep.extra["mode_conflict"] = part_setting(url.conflict)
    return ep


def _url_host_port(ep: ClientEndpoint, url: MailUrl, setting: Setting[str],
                   at: Callable[[UrlPart | None], Span]) -> None:
    named = url.host is not None and (url.host.text or url.host.origin is Origin.REFERENCE)
    if url.host is not None and url.implied_host is None and named:
        ep.host = Setting(setting.key, url.host.text, url.host.raw, at(url.host), url.host.origin)
    elif url.implied_host is not None:
        ep.host = Setting(setting.key, url.implied_host, url.scheme.raw, at(url.scheme), Origin.DEFAULT)
    if url.port is not None:
        ep.port = Setting(setting.key, url.port_value, url.port.raw, at(url.port), url.port.origin)
    elif url.default_port is not None:
        ep.port = Setting(setting.key, url.default_port, "", at(None), Origin.DEFAULT)


def _has_url_text(raw: str) -> bool:
    return looks_like_mail_url(raw)


def _url_text(setting: Setting[str]) -> tuple[str | None, int]:
    """The URL text to parse and its offset within ``raw``: the raw text for a partly templated URL."""
    if setting.origin is Origin.REFERENCE:
        return setting.raw.strip(), len(setting.raw) - len(setting.raw.lstrip())
    if setting.value is None:
        return None, 0
    text = setting.value.strip()
    return text, setting.raw.find(text)


def _part_span(setting: Setting[str], vspan: Span | None, offset: int, part: UrlPart | None) -> Span:
    """The exact span of a URL part when the value's place is known, else the entry's span."""
    if part is None or vspan is None or offset < 0 or vspan.line != vspan.end_line:
        return setting.span
    start = vspan.column + offset + part.start
    return Span(vspan.path, vspan.line, start, vspan.line, start + max(part.end - part.start, 1))
