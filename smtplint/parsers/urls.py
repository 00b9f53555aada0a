"""Mail URLs and DSNs: django-environ/dj-email-url ``EMAIL_URL``, Symfony ``MAILER_DSN``, nodemailer URLs.

:func:`parse_mail_url` splits a URL into parts that remember their place in the text (0-based offsets, end
exclusive) so that callers can point at the scheme, the password or one query option exactly, and it
interprets the scheme and options the way the named library does (smtp-reference.md 3.5):

* Symfony Mailer (and Laravel ``MAIL_URL``): ``smtp://`` is opportunistic STARTTLS, implicit TLS on 465
  (and on the implied port 465 when no port is given and the host is not ``localhost``); ``smtps://`` is
  implicit TLS; ``auto_tls=false`` opts out of STARTTLS; ``require_tls=true`` makes it mandatory;
  ``verify_peer=0`` disables certificate checks; ``sendgrid+smtp://`` and friends are provider bridges with
  an implied host.
* django-environ / dj-email-url: ``smtp://`` is plaintext, ``smtp+tls://``, ``smtps://``, ``submission://``
  and ``submit://`` are (mandatory) STARTTLS, ``smtp+ssl://`` is implicit TLS; the query options
  ``email_use_tls``/``email_use_ssl``/``tls``/``ssl`` switch the mode.
* nodemailer: ``smtp://`` leaves ``secure`` unset (STARTTLS if offered, implicit TLS on 465); ``smtps://``
  is implicit TLS.

Non-SMTP transports (``null://``, ``sendmail://``, ``consolemail://``, API bridges ...) give a result with
``smtp=False``. Each part keeps its own origin: ``smtps://user:${PASS}@host:465`` has a literal host and
port and a password that is only a reference. :func:`redact_url` hides passwords for messages.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import unquote

from smtplint.model import Mode, Origin
from smtplint.parsers.values import classify, parse_bool, parse_port
from smtplint.patterns import lazy
from smtplint.records import record, replace


class UrlFlavor(StrEnum):
    """Whose semantics a mail URL follows."""

    SYMFONY = "symfony"  # Symfony Mailer DSN, Laravel MAIL_URL
    DJANGO = "django"  # django-environ email_url, dj-email-url
    NODEMAILER = "nodemailer"  # nodemailer connection URL


@record(frozen=True)
class UrlPart:
    """A piece of a URL: its text as the application receives it and where it is written.

    ``start``/``end`` are 0-based offsets of ``raw`` in the URL text (end exclusive). ``text`` is the
    percent-decoded value, or None when the part is a reference or template; ``origin`` says which.
    """

    text: str | None
    raw: str
    start: int
    end: int
    origin: Origin = Origin.LITERAL


@record(frozen=True)
class QueryOption:
    """One ``key=value`` query option; ``key`` is lower-cased, ``whole`` covers ``key=value``."""

    key: str
    value: UrlPart
    whole: UrlPart


@record(frozen=True)
class MailUrl:
    """A parsed mail URL with the connection mode its library derives from it.

    ``mode_from`` is the part that decided the mode (the scheme or a query option); ``tls_opt_out`` the
    part that explicitly turns TLS off; ``verify`` the option that controls certificate checks;
    ``conflict`` a second mode switch that contradicts the first (reported by a later rule).
    ``implied_host``/``default_port`` are what the library uses when the URL does not say.
    """

    flavor: UrlFlavor
    scheme: UrlPart
    smtp: bool
    provider: str | None = None
    username: UrlPart | None = None
    password: UrlPart | None = None
    host: UrlPart | None = None
    port: UrlPart | None = None
    port_value: int | None = None
    implied_host: str | None = None
    default_port: int | None = None
    options: tuple[QueryOption, ...] = ()
    mode: Mode | None = None
    mode_from: UrlPart | None = None
    mode_certain: bool = True
    tls_opt_out: UrlPart | None = None
    verify: UrlPart | None = None
    conflict: UrlPart | None = None

    def option(self, *keys: str) -> QueryOption | None:
        """The last query option named by any of ``keys`` (lower-case), or None."""
        found = None
        for opt in self.options:
            if opt.key in keys:
                found = opt
        return found


_SCHEME = lazy(r"([A-Za-z][A-Za-z0-9+.\-]*)://")
# Template regions whose characters must not be read as URL delimiters.
# A region never runs over another opener of its kind: linear time on ``{{{{...`` (quadratic otherwise)
_TEMPLATE_REGION = lazy(r"\$\{(?:(?!\$\{)[^}])*\}|\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}"
                              r"|%env\((?:(?!%env\()[^)])*\)%|<%(?:(?!<%).)*?%>|#\{(?:(?!#\{)[^}])*\}", re.S)

# Symfony provider bridges over SMTP: implied host, port and whether TLS is implicit (None = unsure).
_BRIDGES: dict[str, tuple[str | None, int | None, Mode | None]] = {
    "sendgrid": ("smtp.sendgrid.net", 465, Mode.IMPLICIT_TLS),
    "gmail": ("smtp.gmail.com", 465, Mode.IMPLICIT_TLS),
    "google": ("smtp.gmail.com", 465, Mode.IMPLICIT_TLS),
    "mailgun": ("smtp.mailgun.org", 465, Mode.IMPLICIT_TLS),
    "ses": (None, 465, Mode.IMPLICIT_TLS),  # email-smtp.<region>.amazonaws.com
    "postmark": ("smtp.postmarkapp.com", 587, Mode.AUTO),
    "mailjet": ("in-v3.mailjet.com", None, None),
    "sendinblue": ("smtp-relay.brevo.com", None, None),
    "brevo": ("smtp-relay.brevo.com", None, None),
    "mandrill": ("smtp.mandrillapp.com", None, None),
    "mailchimp": ("smtp.mandrillapp.com", None, None),
    "mailersend": ("smtp.mailersend.net", None, None),
    "mailpace": ("smtp.mailpace.com", None, None),
    "scaleway": ("smtp.tem.scw.cloud", None, None),
    "infobip": (None, None, None),
    "azure": (None, None, None),
    "sparkpost": (None, None, None),
}

_SMTP_SCHEMES: dict[UrlFlavor, frozenset[str]] = {
    UrlFlavor.SYMFONY: frozenset({"smtp", "smtps"}),
    UrlFlavor.DJANGO: frozenset({"smtp", "smtps", "smtp+tls", "smtp+ssl", "submission", "submit"}),
    UrlFlavor.NODEMAILER: frozenset({"smtp", "smtps"}),
}

_ANY_SMTP_SCHEME = frozenset({"smtp", "smtps", "smtp+tls", "smtp+ssl", "submission", "submit"})


def looks_like_mail_url(text: str) -> bool:
    """True when ``text`` starts with a URL scheme (``smtp://``, ``null://``, ``sendgrid+smtp://`` ...)."""
    return _SCHEME.match(text.strip()) is not None


def _mask(text: str) -> str:
    """``text`` with template regions filled by ``x`` so that their ``:``/``@``/``/`` are not delimiters."""
    return _TEMPLATE_REGION.sub(lambda m: "x" * len(m.group(0)), text)


def _part(text: str, start: int, end: int, *, decode: bool = False, origin: Origin = Origin.LITERAL) -> UrlPart:
    """A part of ``text`` between offsets; templated parts are references, literals may be decoded."""
    raw = text[start:end]
    scalar = classify(raw)
    if scalar.origin is Origin.REFERENCE:
        return UrlPart(None, raw, start, end, Origin.REFERENCE)
    value = scalar.text if scalar.text is not None else raw
    if decode:
        value = unquote(value)
    part_origin = Origin.FALLBACK if Origin.FALLBACK in (scalar.origin, origin) else origin
    return UrlPart(value, raw, start, end, part_origin)


@record(frozen=True)
class _Pieces:
    scheme: UrlPart
    username: UrlPart | None
    password: UrlPart | None
    host: UrlPart | None
    port: UrlPart | None
    options: tuple[QueryOption, ...]


def _split(text: str, origin: Origin) -> _Pieces | None:
    """Split a URL into scheme, userinfo, host, port and query options, keeping offsets."""
    m = _SCHEME.match(text)
    if m is None or classify(m.group(1)).origin is Origin.REFERENCE:
        return None
    scheme = UrlPart(m.group(1).lower(), m.group(1), 0, m.end(1), origin)
    masked = _mask(text)
    a_start = m.end()
    a_end = len(text)
    for delim in "/?#":
        i = masked.find(delim, a_start)
        if i != -1:
            a_end = min(a_end, i)
    username = password = host = port = None
    host_start = a_start
    at = masked.rfind("@", a_start, a_end)
    if at != -1:
        colon = masked.find(":", a_start, at)
        if colon == -1:
            username = _part(text, a_start, at, decode=True, origin=origin)
        else:
            username = _part(text, a_start, colon, decode=True, origin=origin)
            password = _part(text, colon + 1, at, decode=True, origin=origin)
        host_start = at + 1
    host_end = a_end
    if masked.startswith("[", host_start):
        close = masked.find("]", host_start, a_end)
        if close != -1:
            host = _part(text, host_start + 1, close, origin=origin)
            if masked.startswith(":", close + 1) and close + 2 <= a_end:
                port = _part(text, close + 2, a_end, origin=origin)
    else:
        colon = masked.rfind(":", host_start, a_end)
        if colon != -1:
            host_end = colon
            if colon + 1 < a_end:
                port = _part(text, colon + 1, a_end, origin=origin)
        if host_end > host_start:
            host = _part(text, host_start, host_end, origin=origin)
    return _Pieces(scheme, username, password, host, port, _query(text, masked, a_end, origin))


def _query(text: str, masked: str, start: int, origin: Origin) -> tuple[QueryOption, ...]:
    """The ``key=value`` options of the query string after offset ``start``."""
    q = masked.find("?", start)
    if q == -1:
        return ()
    end = masked.find("#", q)
    end = len(text) if end == -1 else end
    options: list[QueryOption] = []
    pos = q + 1
    while pos <= end:
        amp = masked.find("&", pos, end)
        item_end = end if amp == -1 else amp
        if item_end > pos:
            eq = masked.find("=", pos, item_end)
            key_end = item_end if eq == -1 else eq
            key = unquote(text[pos:key_end]).strip().lower()
            v_start = item_end if eq == -1 else eq + 1
            value = _part(text, v_start, item_end, decode=True, origin=origin)
            whole = UrlPart(text[pos:item_end], text[pos:item_end], pos, item_end, value.origin)
            if key:
                options.append(QueryOption(key, value, whole))
        pos = item_end + 1
    return tuple(options)


def _opt_bool(opt: QueryOption | None) -> bool | None:
    """The boolean value of a query option; None when absent, empty, unknown or not a boolean."""
    if opt is None or opt.value.text is None or not opt.value.text.strip():
        return None
    return parse_bool(opt.value.text)


def parse_mail_url(text: str, flavor: UrlFlavor, *, origin: Origin = Origin.LITERAL) -> MailUrl | None:
    """Parse a mail URL the way ``flavor``'s library reads it; None when ``text`` is not a URL.

    ``origin`` is the origin of the whole text (FALLBACK when the URL is a reference's default); parts
    that are references themselves get REFERENCE. Offsets are relative to ``text``.
    """
    pieces = _split(text, origin)
    if pieces is None:
        return None
    scheme = pieces.scheme.text or ""
    base = MailUrl(flavor, pieces.scheme, smtp=False, username=pieces.username, password=pieces.password,
                   host=pieces.host, port=pieces.port, options=pieces.options,
                   port_value=_port_of(pieces.port))
    if scheme.endswith("+smtp") or scheme.endswith("+smtps"):
        return _bridge(base, scheme)
    if scheme not in _SMTP_SCHEMES[flavor]:
        # another library's SMTP scheme (smtp+tls:// in a Symfony DSN): SMTP, mode unknown
        return replace(base, smtp=scheme in _ANY_SMTP_SCHEME)
    if flavor is UrlFlavor.DJANGO:
        return _django(base, scheme)
    if flavor is UrlFlavor.NODEMAILER:
        return _nodemailer(base, scheme)
    return _symfony(base, scheme)


def _port_of(part: UrlPart | None) -> int | None:
    return parse_port(part.text) if part is not None and part.text is not None else None


def _symfony(url: MailUrl, scheme: str) -> MailUrl:
    """Symfony EsmtpTransport: smtps implicit; smtp STARTTLS if offered, implicit on (implied) 465."""
    verify = url.option("verify_peer")
    base = replace(url, smtp=True, verify=verify.whole if verify is not None else None)
    if scheme == "smtps":
        return replace(base, mode=Mode.IMPLICIT_TLS, mode_from=url.scheme, default_port=465)
    host_known = url.host is not None and url.host.text is not None
    default_port: int | None = None
    if host_known and url.host is not None:
        default_port = 25 if url.host.text == "localhost" else 465
    effective = url.port_value if url.port is not None else default_port
    auto_tls = url.option("auto_tls")
    require = url.option("require_tls")
    base = replace(base, mode=Mode.AUTO, mode_from=url.scheme, default_port=default_port)
    if effective is None or effective == 465:
        return base  # implicit TLS (or unknown port): TLS chosen by the port
    if auto_tls is not None and _opt_bool(auto_tls) is False:
        conflict = require.whole if require is not None and _opt_bool(require) else None
        return replace(base, mode=Mode.PLAIN, mode_from=auto_tls.whole, tls_opt_out=auto_tls.whole,
                       conflict=conflict)
    if require is not None and _opt_bool(require) is True:
        return replace(base, mode=Mode.STARTTLS_REQUIRED, mode_from=require.whole)
    return base


def _django(url: MailUrl, scheme: str) -> MailUrl:
    """django-environ / dj-email-url: the scheme and the tls/ssl query options set EMAIL_USE_TLS/SSL."""
    tls_opt = url.option("email_use_tls", "tls")
    ssl_opt = url.option("email_use_ssl", "ssl")
    tls = scheme in ("smtp+tls", "smtps", "submission", "submit")
    ssl = scheme == "smtp+ssl"
    tls_from: UrlPart | None = url.scheme if tls else None
    ssl_from: UrlPart | None = url.scheme if ssl else None
    unknown = False
    for opt, is_tls in ((tls_opt, True), (ssl_opt, False)):
        if opt is None:
            continue
        if opt.value.origin is Origin.REFERENCE:
            unknown = True
            continue
        flag = _opt_bool(opt)
        if flag is None:
            continue
        if is_tls:
            tls, tls_from = flag, opt.whole
        else:
            ssl, ssl_from = flag, opt.whole
    default_port = 465 if ssl else 587 if scheme in ("submission", "submit") else 25
    if unknown:
        return replace(url, smtp=True, default_port=default_port)
    if tls and ssl:
        return replace(url, smtp=True, mode=Mode.IMPLICIT_TLS, mode_from=ssl_from, mode_certain=False,
                        conflict=tls_from, default_port=465)
    if ssl:
        return replace(url, smtp=True, mode=Mode.IMPLICIT_TLS, mode_from=ssl_from, default_port=465)
    if tls:
        return replace(url, smtp=True, mode=Mode.STARTTLS_REQUIRED, mode_from=tls_from,
                        default_port=default_port)
    explicit_off = tls_from if tls_from is not None else ssl_from
    has_creds = url.username is not None or url.password is not None
    opt_out = url.scheme if has_creds else None
    return replace(url, smtp=True, mode=Mode.PLAIN, mode_from=explicit_off or url.scheme,
                    tls_opt_out=opt_out, default_port=default_port)


def _nodemailer(url: MailUrl, scheme: str) -> MailUrl:
    """nodemailer connection URL: smtps is secure; smtp leaves secure unset unless the query sets it."""
    secure_opt = url.option("secure")
    ignore = url.option("ignoretls")
    require = url.option("requiretls")
    verify = url.option("tls.rejectunauthorized")
    base = replace(url, smtp=True, verify=verify.whole if verify is not None else None)
    secure = scheme == "smtps"
    secure_from: UrlPart | None = url.scheme
    if _opt_bool(secure_opt) is not None and secure_opt is not None:
        secure, secure_from = bool(_opt_bool(secure_opt)), secure_opt.whole
    elif scheme == "smtp":
        secure_from = None
    if secure:
        conflict = next((o.whole for o in (ignore, require) if o is not None and _opt_bool(o)), None)
        return replace(base, mode=Mode.IMPLICIT_TLS, mode_from=secure_from, default_port=465,
                        conflict=conflict)
    if _opt_bool(ignore) is True and ignore is not None:
        return replace(base, mode=Mode.PLAIN, mode_from=ignore.whole, tls_opt_out=ignore.whole,
                        default_port=587)
    if secure_from is None:
        return replace(base, mode=Mode.AUTO, mode_from=url.scheme, default_port=587)
    if _opt_bool(require) is True and require is not None:
        return replace(base, mode=Mode.STARTTLS_REQUIRED, mode_from=secure_from, default_port=587)
    return replace(base, mode=Mode.STARTTLS, mode_from=secure_from, default_port=587)


def _bridge(url: MailUrl, scheme: str) -> MailUrl:
    """A Symfony provider bridge (``sendgrid+smtp://KEY@default``): the provider implies host and port."""
    provider = scheme.split("+", 1)[0]
    host, port, mode = _BRIDGES.get(provider, (None, None, None))
    if scheme.endswith("+smtps") and mode is None:
        mode = Mode.IMPLICIT_TLS
    password = url.password
    if password is None and url.username is not None:
        password = url.username  # sendgrid+smtp://KEY@default, postmark+smtp://ID@default: the key
    explicit_host = url.host is not None and (url.host.text or "").lower() not in ("default", "")
    if url.port is not None:
        mode = None  # an explicit port on a bridge: not sure how each bridge treats it
    return replace(url, smtp=True, provider=provider, password=password,
                    implied_host=None if explicit_host else host, default_port=port, mode=mode,
                    mode_from=url.scheme if mode is not None else None)


_USERINFO = lazy(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^:@/?#\s]*)(?::(?P<pw>\S*))?@")


def redact_url(text: str) -> str:
    """``text`` with every URL password (and a bridge's key) replaced by ``***``: safe for messages.

    ``smtp://user:secret@host:587`` -> ``smtp://user:***@host:587``; ``sendgrid+smtp://KEY@default`` ->
    ``sendgrid+smtp://***@default``. Text without a URL is returned unchanged.
    """
    def hide(m: re.Match[str]) -> str:
        head, user, pw = m.group("head"), m.group("user"), m.group("pw")
        if pw is not None:
            return f"{head}{user}:***@"
        if "+" in head and not head.lower().startswith(("smtp+", "smtps+")):
            return f"{head}***@"
        return m.group(0)

    return _USERINFO.sub(hide, text)
