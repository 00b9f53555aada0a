"""Mail-server stacks whose environment names the Postfix relay host: docker-mailserver and Mailu.

Both images write the variables into Postfix's ``relayhost`` and SASL password map, so the endpoint is a
Postfix SMTP client (smtp-reference.md 4): it speaks STARTTLS on whatever port it is given (no implicit TLS
without a wrapper-mode transport, which neither image configures), and ``[host]`` means no MX lookup.

docker-mailserver (``mailserver.env``, ``target/scripts/helpers/relay.sh``, docs "Relay Hosts"):

* ``DEFAULT_RELAY_HOST`` becomes ``relayhost`` as written (``[mail.example.com]:587``; no port: 25).
* ``RELAY_HOST`` + ``RELAY_PORT`` (empty: 25) become ``[RELAY_HOST]:RELAY_PORT`` for the sender domains.
* ``RELAY_USER`` + ``RELAY_PASSWORD`` (both needed) authenticate to ``DEFAULT_RELAY_HOST``, else to
  ``RELAY_HOST``; credentials also turn ``smtp_tls_security_level = encrypt`` on (STARTTLS required).
  Without them the image's ``main.cf`` says ``may`` (opportunistic), and credentials may still come from
  ``postfix-sasl-password.cf``: the endpoint is then incomplete (an absent credential is unknown).

Mailu (``mailu.env``, ``core/postfix/conf/main.cf``, docs "configuration"):

* ``RELAYHOST`` is ``relayhost`` (``[HOST]:PORT``); ``RELAYUSER``/``RELAYPASSWORD`` its credentials.
* ``OUTBOUND_TLS_LEVEL`` is ``smtp_tls_security_level`` (default ``dane``: opportunistic without TLSA
  records; ``encrypt``/``verify``/``secure``/``fingerprint``/``dane-only`` require TLS; ``none`` switches it
  off). Mailu sends no plaintext SASL mechanism without TLS (``noplaintext``).

A block is read as one of these stacks only when its names say so: ``DEFAULT_RELAY_HOST`` or another
variable only docker-mailserver documents, or ``RELAYHOST`` with a Mailu-only variable (``TLS_FLAVOR``,
``OUTBOUND_TLS_LEVEL`` ...), or a file named ``mailserver.env``/``mailu.env``. ``RELAY_HOST`` alone belongs
to many other images with other semantics and is left alone.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Span
from smtplint.model.postfix import MainCf
from smtplint.parsers.values import parse_port

DMS_RELAY = frozenset({"DEFAULT_RELAY_HOST", "RELAY_HOST", "RELAY_PORT", "RELAY_USER", "RELAY_PASSWORD"})
MAILU_RELAY = frozenset({"RELAYHOST", "RELAYUSER", "RELAYPASSWORD", "OUTBOUND_TLS_LEVEL"})
# Variables only these images document (their sample env files and docs): enough to tell the stack.
DMS_MARKERS = frozenset({
    "DEFAULT_RELAY_HOST", "PERMIT_DOCKER", "SPOOF_PROTECTION", "ONE_DIR", "ACCOUNT_PROVISIONER",
    "POSTFIX_INET_PROTOCOLS", "ENABLE_FAIL2BAN", "ENABLE_RSPAMD", "ENABLE_AMAVIS", "ENABLE_OPENDKIM",
    "ENABLE_SRS", "ENABLE_POSTGREY", "DMS_DEBUG", "POSTFIX_MAILBOX_SIZE_LIMIT", "OVERRIDE_HOSTNAME",
    "ENABLE_CLAMAV", "ENABLE_SPAMASSASSIN", "DMS_VMAIL_UID",
})
MAILU_MARKERS = frozenset({"TLS_FLAVOR", "OUTBOUND_TLS_LEVEL", "RELAYNETS", "DEFER_ON_TLS_ERROR", "HOSTNAMES",
                           "MESSAGE_SIZE_LIMIT", "INITIAL_ADMIN_ACCOUNT", "WEBROOT_REDIRECT", "ANTIVIRUS"})
NAMES = DMS_RELAY | MAILU_RELAY | DMS_MARKERS | MAILU_MARKERS

_REQUIRED_LEVELS = frozenset({"encrypt", "verify", "secure", "fingerprint", "dane-only"})
_OPPORTUNISTIC_LEVELS = frozenset({"may", "dane"})


def _stack(keys: set[str], path: str) -> Dialect | None:
    name = posixpath.basename(path).lower()
    if keys & DMS_MARKERS or (name.startswith("mailserver.env") and keys & DMS_RELAY):
        return Dialect.DOCKER_MAILSERVER
    if "RELAYHOST" in keys and (keys & MAILU_MARKERS or name.startswith("mailu.env")):
        return Dialect.MAILU
    return None


def relay_endpoints(settings: Sequence[Setting[str]], block_span: Span) -> list[ClientEndpoint]:
    """The relay-host endpoint of a docker-mailserver or Mailu environment, when the block is one of them."""
    last: dict[str, Setting[str]] = {}
    for setting in settings:
        last[setting.key.strip().upper()] = setting
    stack = _stack(set(last), block_span.path)
    if stack is Dialect.DOCKER_MAILSERVER:
        return _dms(last, block_span)
    if stack is Dialect.MAILU:
        return _mailu(last, block_span)
    return []


def _set(setting: Setting[str] | None) -> Setting[str] | None:
    """A setting that is a reference or a non-empty value (empty means unset for both images)."""
    if setting is None:
        return None
    if setting.origin is Origin.REFERENCE or (setting.value is not None and setting.value.strip()):
        return setting
    return None


def _text(setting: Setting[str] | None) -> str | None:
    if setting is None or setting.origin is Origin.REFERENCE or setting.value is None:
        return None
    return setting.value.strip()


def _relayhost(ep: ClientEndpoint, setting: Setting[str]) -> None:
    """Host and port from a Postfix ``relayhost`` value: ``[host]:port``, ``host:port`` or ``host`` (25)."""
    text = _text(setting)
    if text is None:
        ep.host = Setting(setting.key, None, setting.raw, setting.span, setting.origin)
        return
    port: str | None = None
    if text.startswith("[") and "]" in text:
        host, _, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host = text
    ep.host = Setting(setting.key, host, setting.raw, setting.span, setting.origin)
    if port is not None:
        ep.port = Setting(setting.key, parse_port(port), port, setting.span, setting.origin)
    else:
        ep.port = Setting(setting.key, 25, "", setting.span, Origin.DEFAULT)


def _endpoint(dialect: Dialect, used: Sequence[Setting[str] | None], block_span: Span) -> ClientEndpoint:
    spans = [s.span for s in used if s is not None and s.span.path == block_span.path]
    if not spans:
        return ClientEndpoint(dialect, block_span)
    first, last = min(spans), max(spans, key=lambda s: (s.end_line, s.end_column))
    return ClientEndpoint(dialect, Span(first.path, first.line, first.column, last.end_line, last.end_column))


def _dms(env: dict[str, Setting[str]], block_span: Span) -> list[ClientEndpoint]:
    default, host = _set(env.get("DEFAULT_RELAY_HOST")), _set(env.get("RELAY_HOST"))
    user, password = _set(env.get("RELAY_USER")), _set(env.get("RELAY_PASSWORD"))
    creds = user is not None and password is not None
    endpoints: list[ClientEndpoint] = []
    for relay in (default, host):
        if relay is None:
            continue
        port_s = _set(env.get("RELAY_PORT")) if relay is host else None
        ep = _endpoint(Dialect.DOCKER_MAILSERVER, (relay, port_s, user, password), block_span)
        if relay is default:
            _relayhost(ep, relay)
        else:
            ep.host = Setting(relay.key, _text(relay), relay.raw, relay.span, relay.origin)
            if port_s is not None:
                ep.port = Setting(port_s.key, parse_port(_text(port_s)), port_s.raw, port_s.span, port_s.origin)
            else:
                ep.port = Setting("RELAY_PORT", 25, "", relay.span, Origin.DEFAULT)
        if relay is default or default is None:  # the password map's entry is keyed on this host
            ep.username, ep.password = user, password
        # credentials switch smtp_tls_security_level to encrypt; without them main.cf says may
        # (reported at the relay host: Postfix speaks STARTTLS to it whatever the port)
        ep.mode = Setting(relay.key, Mode.STARTTLS_REQUIRED if creds else Mode.STARTTLS, "", relay.span,
                          Origin.DEFAULT)
        ep.complete = creds  # postfix-sasl-password.cf may hold the credentials
        endpoints.append(ep)
    return endpoints


def _mailu(env: dict[str, Setting[str]], block_span: Span) -> list[ClientEndpoint]:
    relay = _set(env.get("RELAYHOST"))
    if relay is None:
        return []
    user, password = _set(env.get("RELAYUSER")), _set(env.get("RELAYPASSWORD"))
    level = _set(env.get("OUTBOUND_TLS_LEVEL"))
    ep = _endpoint(Dialect.MAILU, (relay, user, password, level), block_span)
    _relayhost(ep, relay)
    if user is not None:  # main.cf enables SASL only {% if RELAYUSER %}
        ep.username, ep.password = user, password
    # Postfix speaks STARTTLS to the relay whatever the level: the mode is reported at the relay host
    word = (_text(level) or "dane").lower()
    mode = Mode.STARTTLS_REQUIRED if word in _REQUIRED_LEVELS else Mode.STARTTLS if word in _OPPORTUNISTIC_LEVELS \
        else Mode.PLAIN if word == "none" else None
    if mode is not None and (level is None or level.origin is not Origin.REFERENCE):
        ep.mode = Setting(relay.key, mode, "", relay.span, Origin.DEFAULT)
    if mode is Mode.PLAIN:
        ep.tls_opt_out = level
    return [ep]


def apply_main_cf(endpoints: Sequence[ClientEndpoint], main: MainCf) -> None:
    """A main.cf override the stack's container reads (docker-mailserver's ``postfix-main.cf``): its client TLS
    settings decide the relay endpoints' mode (``smtp_tls_wrappermode = yes`` is implicit TLS)."""
    wrapper, level = main.last("smtp_tls_wrappermode"), main.last("smtp_tls_security_level")
    for ep in endpoints:
        if ep.dialect not in (Dialect.DOCKER_MAILSERVER, Dialect.MAILU):
            continue
        if (wrapper is not None and wrapper.templated) or (level is not None and level.templated):
            ep.mode = None  # known only after rendering
            continue
        if wrapper is not None and wrapper.value.strip().lower() == "yes":
            ep.mode = Setting(wrapper.name, Mode.IMPLICIT_TLS, wrapper.value, wrapper.span)
            continue
        word = level.value.strip().lower() if level is not None else ""
        mode = Mode.STARTTLS_REQUIRED if word in _REQUIRED_LEVELS else Mode.STARTTLS if word in \
            _OPPORTUNISTIC_LEVELS else Mode.PLAIN if word == "none" else None
        if level is not None and mode is not None:
            ep.mode = Setting(level.name, mode, level.value, level.span)
            if mode is Mode.PLAIN:
                ep.tls_opt_out = Setting(level.name, level.value, level.value, level.span)
