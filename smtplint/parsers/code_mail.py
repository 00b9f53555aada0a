"""SMTP settings read from source code, mapped to client endpoints by each library's own semantics.

The syntax readers (smtplint.parsers.code_ruby, code_js, ...) resolve what is statically knowable (literals,
same-file constants, string concatenation, environment look-ups with a literal fallback) into settings named
by the library's own option names; the functions here decide host, port, mode and credentials from them as
the library does when it connects. A value that is not knowable is a reference: rules stay silent about it.
"""

from __future__ import annotations

from collections.abc import Mapping

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Span
from smtplint.records import record

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})
FALSE_WORDS = frozenset({"false", "0", "no", "off", ""})


@record(frozen=True)
class Value:
    """A resolved expression: its value as text (None when unknown or nil), its source text and origin."""

    text: str | None
    raw: str
    origin: Origin = Origin.LITERAL
    nil: bool = False  # a literal nil/null/undefined: the option is not set

    @property
    def known_literal(self) -> bool:
        """A value written in the file (a fallback may only be a literal)."""
        return self.text is not None and self.origin is Origin.LITERAL

    @classmethod
    def reference(cls, raw: str) -> Value:
        return cls(None, raw, Origin.REFERENCE)

    def setting(self, key: str, span: Span) -> Setting[str]:
        return Setting(key, self.text, self.raw, span, self.origin)


Settings = Mapping[str, Setting[str]]


def flag(setting: Setting[str] | None) -> bool | None:
    """A boolean option's value: True, False, or None when absent or unknown."""
    if setting is None or not setting.known or setting.value is None:
        return None
    word = setting.value.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def port_of(setting: Setting[str] | None) -> Setting[int] | None:
    if setting is None:
        return None
    text = (setting.value or "").strip().replace("_", "")
    number = int(text) if setting.known and text.isdigit() and 0 < int(text) <= 65535 else None
    origin = setting.origin if number is not None or setting.origin is not Origin.LITERAL else Origin.REFERENCE
    return Setting(setting.key, number, setting.raw, setting.span, origin)


def _as_mode(setting: Setting[str], mode: Mode) -> Setting[Mode]:
    return Setting(setting.key, mode, setting.raw, setting.span, setting.origin)


def _present(s: Settings, name: str) -> Setting[str] | None:
    setting = s.get(name)
    return setting if setting is not None and (setting.value is not None or setting.origin is not Origin.LITERAL) \
        else None


def _credentials(ep: ClientEndpoint, s: Settings) -> None:
    user, password = _present(s, "username"), _present(s, "password")
    ep.username = user if user is not None and (user.raw.strip("'\" ") or not user.known) else None
    ep.password = password if password is not None and (password.value or not password.known) else None


# ------------------------------------------------------------------ Ruby: the mail gem (Action Mailer, GitLab)


def mail_gem(dialect: Dialect, span: Span, s: Settings) -> ClientEndpoint:
    """The mail gem's SMTP delivery (``Mail::SMTP``), as Action Mailer and GitLab's ``gitlab.rb`` configure it.

    ``tls``/``ssl`` true start TLS at once (implicit TLS); ``enable_starttls`` true requires STARTTLS;
    ``enable_starttls_auto`` (default true) upgrades when offered; ``enable_starttls_auto: false`` without the
    others is plaintext (an explicit opt-out). ``authentication: false`` (or nil) without a user name or
    password is a choice of no AUTH (with them, Net::SMTP still authenticates with its default method). The
    port defaults to 25. A mode that only the default decides is
    not certain (SMTP105 stays silent on it). Implicit TLS together with a STARTTLS switch that is written true
    is a conflict (GitLab refuses it at reconfigure).
    """
    ep = ClientEndpoint(dialect, span)
    ep.host = _present(s, "host")
    _credentials(ep, s)
    auth = s.get("authentication")
    if auth is not None and auth.origin is Origin.LITERAL and (auth.value is None or flag(auth) is False) \
            and ep.username is None and ep.password is None:
        ep.auth_disabled = auth  # `authentication: false`/nil and no credentials: no AUTH, on purpose
    verify = _present(s, "openssl_verify_mode")
    if verify is not None:
        ep.extra["openssl_verify_mode"] = verify
    implicit = [x for x in (s.get("tls"), s.get("ssl")) if x is not None]
    starttls, auto = s.get("starttls"), s.get("starttls_auto")
    unknown = [x for x in (*implicit, starttls, auto) if x is not None and flag(x) is None and not _nil(x)]
    if unknown:
        ep.port = port_of(_present(s, "port"))
        return ep
    on = next((x for x in implicit if flag(x)), None)
    if on is not None:
        ep.mode = _as_mode(on, Mode.IMPLICIT_TLS)
        other = starttls if flag(starttls) else auto if flag(auto) else None
        if other is not None:
            ep.extra["mode_conflict"] = other
    elif flag(starttls):
        assert starttls is not None
        ep.mode = _as_mode(starttls, Mode.STARTTLS_REQUIRED)
    elif auto is not None and flag(auto) is False:
        ep.mode = _as_mode(auto, Mode.PLAIN)
        ep.tls_opt_out = auto
    elif auto is not None and flag(auto):
        ep.mode = _as_mode(auto, Mode.STARTTLS)
    else:
        ep.mode = Setting("enable_starttls_auto", Mode.STARTTLS, "", span, Origin.DEFAULT)
        ep.mode_certain = False
    port = port_of(_present(s, "port"))
    ep.port = port if port is not None else Setting("port", 25, "", span, Origin.DEFAULT)
    return ep


def _nil(setting: Setting[str]) -> bool:
    return setting.origin is Origin.LITERAL and setting.value is None


# ------------------------------------------------------------------ JavaScript: nodemailer

# nodemailer's well-known services (lib/well-known/services.json): host, port, secure
SERVICES: dict[str, tuple[str, int, bool]] = {
    "gmail": ("smtp.gmail.com", 465, True),
    "googlemail": ("smtp.gmail.com", 465, True),
    "outlook365": ("smtp.office365.com", 587, False),
    "hotmail": ("smtp-mail.outlook.com", 587, False),
    "outlook": ("smtp-mail.outlook.com", 587, False),
    "sendgrid": ("smtp.sendgrid.net", 587, False),
    "mailgun": ("smtp.mailgun.org", 465, True),
    "yahoo": ("smtp.mail.yahoo.com", 465, True),
    "zoho": ("smtp.zoho.com", 465, True),
    "postmark": ("smtp.postmarkapp.com", 2525, False),
    "ses": ("email-smtp.us-east-1.amazonaws.com", 465, True),
}


def _service(s: Settings) -> tuple[Setting[str], tuple[str, int, bool]] | None:
    service = s.get("service")
    if service is None or not service.known or service.value is None:
        return None
    key = service.value.lower().replace(" ", "").replace("-", "")
    data = SERVICES.get(key)
    return (service, data) if data is not None else None


def nodemailer(span: Span, s: Settings, complete: bool = True) -> ClientEndpoint | None:
    """nodemailer's SMTP transport options (nodemailer.com/smtp; lib/smtp-connection).

    ``secure: true`` is implicit TLS; otherwise the connection starts plain and upgrades when STARTTLS is
    offered, mandatory with ``requireTLS``, never with ``ignoreTLS`` (an explicit opt-out). Without
    ``secure``, port 465 means implicit TLS. The port defaults to 587 (465 with ``secure``). ``service``
    fills host, port and secure from nodemailer's well-known list where they are not written. ``secure``
    with ``ignoreTLS`` or ``requireTLS`` is a conflict. Not ``complete`` (a ``...spread``): absent options are
    unknown, no default is filled in.
    """
    known = _service(s)
    ep = ClientEndpoint(Dialect.NODEMAILER_CODE, span, complete=complete)
    ep.host = _present(s, "host")
    if ep.host is None and known is not None:
        ep.host = Setting(known[0].key, known[1][0], known[0].raw, known[0].span, known[0].origin)
    if ep.host is None and s.get("service") is None:
        return None  # neither a host nor a service: not an SMTP transport smtplint can judge
    _credentials(ep, s)
    for name in ("reject_unauthorized", "protocols"):
        if (knob := _present(s, name)) is not None:
            ep.extra[name] = knob
    secure, require, ignore = s.get("secure"), s.get("require_tls"), s.get("ignore_tls")
    if secure is None and known is not None:
        service = known[0]
        secure = Setting(service.key, "true" if known[1][2] else "false", service.raw, service.span, service.origin)
    port = port_of(_present(s, "port"))
    if any(x is not None and flag(x) is None and not _nil(x) for x in (secure, require, ignore)):
        ep.port = port
        return ep
    if flag(secure):
        assert secure is not None
        ep.mode = _as_mode(secure, Mode.IMPLICIT_TLS)
        other = ignore if flag(ignore) else require if flag(require) else None
        if other is not None:
            ep.extra["mode_conflict"] = other
    elif flag(ignore):
        assert ignore is not None
        ep.mode = _as_mode(ignore, Mode.PLAIN)
        ep.tls_opt_out = ignore
    elif flag(require):
        assert require is not None
        ep.mode = _as_mode(require, Mode.STARTTLS_REQUIRED)
    elif secure is not None and flag(secure) is False:
        ep.mode = _as_mode(secure, Mode.STARTTLS)
    elif not complete:
        pass  # the spread may set secure
    elif port is not None and port.known and port.value == 465:
        ep.mode = Setting("secure", Mode.IMPLICIT_TLS, "", port.span, Origin.DEFAULT)
    elif port is None or port.known:
        ep.mode = Setting("secure", Mode.STARTTLS, "", span, Origin.DEFAULT)
        ep.mode_certain = False
    if port is None and known is not None:
        service = known[0]
        port = Setting(service.key, known[1][1], service.raw, service.span, service.origin)
    if port is None and ep.mode is not None and complete:
        default = 465 if ep.mode.value is Mode.IMPLICIT_TLS else 587
        port = Setting("port", default, "", span, Origin.DEFAULT)
    ep.port = port
    return ep


def emailjs(span: Span, s: Settings, complete: bool = True) -> ClientEndpoint | None:
    """emailjs' SMTP connection (``new SMTPClient({...})``, v2's ``server.connect({...})``; src/connection.ts).

    ``ssl`` (true or an options object) connects with implicit TLS, port 465 by default; ``tls`` sends STARTTLS
    after EHLO whatever the server offers (the connection fails without it: required), port 587 by default;
    neither is cleartext, port 25 by default (emailjs never upgrades by itself). ``ssl`` with ``tls`` sends
    STARTTLS inside the TLS connection: a conflict. Not ``complete`` (a ``...spread``): absent options unknown.
    """
    ep = ClientEndpoint(Dialect.EMAILJS, span, complete=complete)
    ep.host = _present(s, "host")
    if ep.host is None:
        return None
    _credentials(ep, s)
    if (knob := _present(s, "reject_unauthorized")) is not None:
        ep.extra["reject_unauthorized"] = knob
    ssl, tls = s.get("ssl"), s.get("tls")
    port = port_of(_present(s, "port"))
    if any(x is not None and flag(x) is None and not _nil(x) for x in (ssl, tls)):
        ep.port = port
        return ep
    if flag(ssl):
        assert ssl is not None
        ep.mode = _as_mode(ssl, Mode.IMPLICIT_TLS)
        if flag(tls) and tls is not None:
            ep.mode_conflict = tls
    elif flag(tls):
        assert tls is not None
        ep.mode = _as_mode(tls, Mode.STARTTLS_REQUIRED)
    elif tls is not None or ssl is not None:
        written = tls if tls is not None else ssl
        assert written is not None
        ep.mode = _as_mode(written, Mode.PLAIN)
    elif complete:
        ep.mode = Setting("tls", Mode.PLAIN, "", span, Origin.DEFAULT)
    if port is None and ep.mode is not None and complete:
        default = 465 if ep.mode.value is Mode.IMPLICIT_TLS else 587 if ep.mode.value is Mode.STARTTLS_REQUIRED else 25
        port = Setting("port", default, "", span, Origin.DEFAULT)
    ep.port = port
    return ep


# ------------------------------------------------------------------ Java: Apache Commons Email


def commons_email(span: Span, s: Settings, created: bool) -> ClientEndpoint | None:
    """The connection Commons Email opens (``Email.getMailSession``): ``setSSLOnConnect(true)`` connects with
    implicit TLS to ``sslSmtpPort`` (default "465"; ``smtpPort`` is then not used), otherwise to ``smtpPort``
    (default 25) in cleartext unless ``setStartTLSEnabled(true)`` (STARTTLS, required with
    ``setStartTLSRequired(true)``, which alone also makes Jakarta Mail require STARTTLS). None without a host
    (the session's ``mail.smtp.host`` system property then decides). Not ``created`` in the file: TLS and
    credentials may have been given elsewhere (incomplete)."""
    host = s.get("host")
    if host is None:
        return None
    ep = ClientEndpoint(Dialect.COMMONS_EMAIL, span, host=host, complete=created)
    _credentials(ep, s)
    check = s.get("check")
    if check is not None:  # setSSLCheckServerIdentity(false): the host name is not checked (SMTP106)
        ep.extra["ssl_checkserveridentity"] = check
    ssl, starttls, required = s.get("ssl"), s.get("starttls"), s.get("required")
    if any(setting is not None and flag(setting) is None for setting in (ssl, starttls, required)):
        return ep  # a flag that is not a literal: the mode, and so the port, is unknown
    if flag(ssl):
        assert ssl is not None
        ep.mode = _as_mode(ssl, Mode.IMPLICIT_TLS)
        ep.port = port_of(s.get("ssl_port")) or Setting("setSslSmtpPort", 465, "", span, Origin.DEFAULT)
        if flag(starttls) and starttls is not None:
            ep.mode_conflict = starttls
        return ep
    ep.port = port_of(s.get("smtp_port")) or Setting("setSmtpPort", 25, "", span, Origin.DEFAULT)
    if flag(starttls) and starttls is not None:
        ep.mode = _as_mode(starttls, Mode.STARTTLS_REQUIRED if flag(required) else Mode.STARTTLS)
    elif flag(required) and required is not None:
        ep.mode = _as_mode(required, Mode.STARTTLS_REQUIRED)
    elif starttls is not None:
        ep.mode = _as_mode(starttls, Mode.PLAIN)
    elif created:
        ep.mode = Setting("setStartTLSEnabled", Mode.PLAIN, "", span, Origin.DEFAULT)
    return ep


# ------------------------------------------------------------------ PHP: PHPMailer

PHPMAILER_CONSTANTS = {"ENCRYPTION_STARTTLS": "tls", "ENCRYPTION_SMTPS": "ssl"}


def phpmailer(span: Span, s: Settings, *, created: bool = False) -> ClientEndpoint:
    """PHPMailer's SMTP connection (``PHPMailer::smtpConnect``).

    ``SMTPSecure = 'ssl'`` (``ENCRYPTION_SMTPS``) is implicit TLS; ``'tls'`` (``ENCRYPTION_STARTTLS``) is
    STARTTLS that must succeed; empty (the default) upgrades when the server offers STARTTLS, unless
    ``SMTPAutoTLS = false`` (then plaintext: an explicit opt-out). The port defaults to 25. ``SMTPAuth = false``
    sends no credentials (the user name and password set beside it are not used); so does an object
    ``created`` in the file (``new PHPMailer``) whose SMTPAuth is never set: it defaults to false. An object
    made elsewhere may have it set there: its credentials count. A ``Host`` with a
    ``tls://``/``ssl://`` prefix, a ``:port`` suffix or a ``;`` list is not judged (host and mode unknown).
    """
    ep = ClientEndpoint(Dialect.PHPMAILER, span)
    host = _present(s, "host")
    special = host is not None and host.known and any(c in (host.value or "") for c in (":", ";"))
    ep.host = Setting(host.key, None, host.raw, host.span, Origin.REFERENCE) if host is not None and special \
        else host
    _credentials(ep, s)
    auth, written = s.get("auth"), ep.username or ep.password
    if auth is None and created and written is not None:  # SMTPAuth never set: its default, false
        auth = Setting(f"{written.key.rpartition('->')[0] or '$mail'}->SMTPAuth", "false", "", written.span,
                       Origin.DEFAULT)
    if auth is not None and flag(auth) is False:  # SMTPAuth = false: PHPMailer sends no AUTH at all
        ep.unsent_username, ep.unsent_password = ep.username, ep.password
        ep.username = ep.password = None
        ep.auth_disabled = auth
    for name in ("verify", "verify_peer_name", "allow_self_signed"):
        if (knob := _present(s, name)) is not None:
            ep.extra[name] = knob
    secure, auto = s.get("secure"), s.get("auto_tls")
    port = port_of(_present(s, "port"))
    ep.port = port if port is not None else Setting("Port", 25, "", span, Origin.DEFAULT)
    if special or (secure is not None and not secure.known) or (auto is not None and flag(auto) is None):
        return ep
    word = (secure.value or "").strip().lower() if secure is not None else ""
    if word == "ssl":
        assert secure is not None
        ep.mode = _as_mode(secure, Mode.IMPLICIT_TLS)
    elif word == "tls":
        assert secure is not None
        ep.mode = _as_mode(secure, Mode.STARTTLS_REQUIRED)
    elif word:
        return ep  # not a value PHPMailer knows: it connects without TLS prefix; not judged
    elif auto is not None and flag(auto) is False:
        ep.mode = _as_mode(auto, Mode.PLAIN)
        ep.tls_opt_out = auto
    else:
        ep.mode = Setting("SMTPAutoTLS", Mode.STARTTLS, "", span, Origin.DEFAULT)
        ep.mode_certain = False
    return ep
