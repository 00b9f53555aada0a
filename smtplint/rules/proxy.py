"""nginx ``mail {}`` SMTP proxy listeners (smtplint.model.mailproxy) under the transport and AUTH rules:
a listener whose port and TLS disagree (SMTP105), AUTH offered before or without TLS (SMTP203), outdated
``ssl_protocols`` (SMTP104)."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.i18n import _
from smtplint.model import Document, Finding, Severity
from smtplint.model.mailproxy import ProxyListener
from smtplint.model.options import RuleOptions
from smtplint.model.tls import NAMES, PROHIBITED, client_allowed
from smtplint.rules._base import document_check
from smtplint.rules.auth import AUTH_OVER_PLAINTEXT
from smtplint.rules.transport import OUTDATED_TLS_PROTOCOL, PORT_MODE_MISMATCH

_STARTTLS_PORTS = frozenset({25, 587, 2525})
_PLAINTEXT_MECHANISMS = frozenset({"plain", "login"})
_DEFAULT_AUTH = "plain login"  # nginx's smtp_auth default


def _word(listener: ProxyListener) -> str:
    s = listener.starttls
    return (s.value or "").strip().lower() if s is not None and s.known else "off" if s is None else ""


@document_check(PORT_MODE_MISMATCH)
def proxy_port_mode(doc: Document, opts: RuleOptions) -> Iterator[Finding]:
    """``listen 465`` without ``ssl`` (clients start TLS at once), or ``listen 587 ssl`` (clients expect STARTTLS)."""
    if doc.mail_proxy is None:
        return
    for listener in doc.mail_proxy.listeners:
        if listener.port == 465 and not listener.ssl:
            yield PORT_MODE_MISMATCH.finding(listener.span, _(
                "port 465 expects implicit TLS but this nginx mail listener speaks plaintext first: clients time "
                "out; write 'listen 465 ssl;'"))
        elif listener.port in _STARTTLS_PORTS and listener.ssl:
            yield PORT_MODE_MISMATCH.finding(listener.span, _(
                "port {port} expects STARTTLS but this nginx mail listener starts TLS immediately: clients fail "
                "('wrong version number'); drop 'ssl' from listen and set 'starttls only;', or listen on 465"
            ).format(port=listener.port))


@document_check(AUTH_OVER_PLAINTEXT)
def proxy_auth_over_plaintext(doc: Document, opts: RuleOptions) -> Iterator[Finding]:
    """PLAIN/LOGIN offered on a listener without implicit TLS and without ``starttls only``."""
    if doc.mail_proxy is None:
        return
    for listener in doc.mail_proxy.listeners:
        auth = listener.smtp_auth
        if auth is not None and not auth.known:
            continue
        methods = set(((auth.value if auth is not None else _DEFAULT_AUTH) or "").lower().split())
        offered = sorted(methods & _PLAINTEXT_MECHANISMS)
        word = _word(listener)
        if not offered or "none" in methods or listener.ssl or word in ("only", "") or listener.loopback:
            continue
        mechanisms = " ".join(m.upper() for m in offered)
        related = [s.span for s in (auth, listener.starttls) if s is not None]
        if word == "on":
            message = _("this nginx mail listener offers AUTH {mechanisms} before STARTTLS ('starttls on' makes it "
                        "optional): a client or an attacker who strips STARTTLS sends the password in cleartext; set "
                        "'starttls only;' (or listen on 465 with ssl)")
        else:
            message = _("this nginx mail listener offers AUTH {mechanisms} without any TLS (starttls is off): every "
                        "password is sent in cleartext; set 'starttls only;' (or listen on 465 with ssl)")
        yield AUTH_OVER_PLAINTEXT.finding(listener.span, message.format(mechanisms=mechanisms), Severity.ERROR,
                                          related)


@document_check(OUTDATED_TLS_PROTOCOL)
def proxy_outdated_protocols(doc: Document, opts: RuleOptions) -> Iterator[Finding]:
    """``ssl_protocols`` with SSLv3/TLSv1/TLSv1.1 for a listener that uses TLS."""
    if doc.mail_proxy is None:
        return
    for listener in doc.mail_proxy.listeners:
        protocols = listener.ssl_protocols
        if protocols is None or not protocols.known or not (listener.ssl or _word(listener) in ("on", "only")):
            continue
        bad = client_allowed(protocols.value or "")
        if not bad:
            continue
        names = ", ".join(NAMES[v] for v in sorted(bad))
        yield OUTDATED_TLS_PROTOCOL.finding(protocols.span, _(
            "the nginx mail proxy's ssl_protocols allows {versions}, deprecated (RFC 8996) or prohibited (RFC "
            "7568); set 'ssl_protocols TLSv1.2 TLSv1.3;'").format(versions=names),
            Severity.ERROR if bad & PROHIBITED else Severity.WARNING)
