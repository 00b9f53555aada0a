"""Spring Boot ``spring.mail`` with Jakarta Mail semantics, shared by the YAML and ``.properties`` readers.

Both readers flatten their keys to normalised dotted paths under ``spring.mail`` and hand the settings here;
the endpoint (host, credentials, port default, mode, extras) is built once, the same way for both formats.
"""

from __future__ import annotations

from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Span
from smtplint.parsers import shapes
from smtplint.parsers.values import parse_bool, parse_port

Fields = dict[str, Setting[str]]
Props = dict[tuple[str, str], Setting[str]]


def sort_key(npath: str, setting: Setting[str], fields: Fields, props: Props) -> None:
    """File one setting, by its normalised path below ``spring.mail``, as a field or a Jakarta property."""
    name = shapes.SPRING_KEYS.get(npath)
    if name is not None:
        fields[name] = setting
        return
    head, _sep, rest = npath.partition(".")
    if head != shapes.SPRING_PROPERTIES:
        return
    for prefix in ("mail.smtps.", "mail.smtp."):
        if rest.startswith(prefix) and rest[len(prefix):] in shapes.JAKARTA_PROPS:
            props[(prefix[:-1], shapes.JAKARTA_PROPS[rest[len(prefix):]])] = setting
            return


def has_host(fields: Fields) -> bool:
    """False for a ``spring.mail`` block without a usable host (a profile overlay): no endpoint."""
    host = fields.get("host")
    return not (host is None or (host.value == "" and host.origin is Origin.LITERAL))


def endpoint(fields: Fields, props: Props, span: Span, default_span: Span) -> ClientEndpoint | None:
    """The Spring endpoint, or None without a host or with a JNDI session (configured elsewhere).

    ``span`` covers the block; ``default_span`` is where values taken from Jakarta Mail's defaults point.
    """
    host = fields.get("host")
    jndi = fields.get("jndi")
    if host is None or not has_host(fields):
        return None
    if jndi is not None and (jndi.value or jndi.origin is not Origin.LITERAL):
        return None
    ep = ClientEndpoint(Dialect.SPRING, span, host=host, username=fields.get("username"),
                        password=fields.get("password"))
    protocol = fields.get("protocol")
    proto: str | None = "smtp"
    if protocol is not None:
        proto = None if not protocol.known else (protocol.value or "smtp").strip().lower()
    port = fields.get("port")
    if port is not None:
        ep.port = Setting(port.key, parse_port(port.value), port.raw, port.span, port.origin)
    elif proto in shapes.SPRING_DEFAULT_PORTS:
        default = shapes.SPRING_DEFAULT_PORTS[proto]
        ep.port = Setting("spring.mail.port", default, str(default), default_span, Origin.DEFAULT)
    mine = {name: s for (prefix, name), s in props.items() if prefix == f"mail.{proto or 'smtp'}"}
    for name, extra in shapes.SPRING_EXTRA.items():
        s = mine.get(name) or fields.get(name)
        if s is not None:
            ep.extra[extra] = s
    if proto is not None:
        _mode(ep, proto, protocol, fields, mine, default_span)
        jakarta_default_port(ep)
    return ep


def as_mode(setting: Setting[Any], mode: Mode) -> Setting[Mode]:
    """The setting that decided a mode, carrying the mode as its value."""
    return Setting(setting.key, mode, setting.raw, setting.span, setting.origin)


def _mode(ep: ClientEndpoint, proto: str, protocol: Setting[str] | None,
          fields: Fields, props: dict[str, Setting[str]], span: Span) -> None:
    """Jakarta Mail's mode: implicit TLS by ssl/smtps, else STARTTLS when enabled, else plaintext."""

    def flag(s: Setting[str] | None) -> bool | None:
        if s is None:
            return False
        return parse_bool(s.value) if s.known else None

    implicit: list[Setting[str] | None] = [fields.get("ssl_enabled"), props.get("ssl_enable")]
    if proto == "smtps" and protocol is not None:
        implicit.insert(0, protocol)
    factory = props.get("socket_factory_class")
    starttls, required = props.get("starttls_enable"), props.get("starttls_required")
    decider: Setting[str] | None = None
    for s in implicit:
        if s is None:
            continue
        if s is protocol or flag(s):
            decider = s
            break
    if decider is None and factory is not None and factory.known and (
            (factory.value or "").strip().lower() == shapes.SSL_SOCKET_FACTORY):
        decider = factory
    if decider is not None:
        ep.mode = as_mode(decider, Mode.IMPLICIT_TLS)
        if flag(starttls) is True and starttls is not None:
            ep.extra["mode_conflict"] = starttls
        elif decider is protocol and flag(required) is True and required is not None:
            ep.extra["mode_conflict"] = required
        return
    if any(flag(s) is None for s in implicit) or flag(starttls) is None:
        return  # an unresolved flag: unknown
    if starttls is not None and flag(starttls):
        ep.mode = as_mode(starttls, Mode.STARTTLS_REQUIRED if flag(required) else Mode.STARTTLS)
        return
    if starttls is not None:
        ep.mode = as_mode(starttls, Mode.PLAIN)
        return
    key = f"spring.mail.properties.mail.{proto}.starttls.enable"
    ep.mode = Setting(key, Mode.PLAIN, "", span, Origin.DEFAULT)


def jakarta_default_port(ep: ClientEndpoint) -> None:
    """Jakarta Mail's default port is 465 when ``mail.<protocol>.ssl.enable`` is true (SMTPTransport picks
    ``defaultPort = isSSL ? 465 : 25``), so a Spring endpoint with SSL enabled and no port uses 465. An SSL
    socket factory alone does not change the default port (25 stays, a real mismatch)."""
    port, mode = ep.port, ep.mode
    if port is None or port.origin is not Origin.DEFAULT or mode is None or mode.value is not Mode.IMPLICIT_TLS:
        return
    if mode.key.lower().endswith("socketfactory.class"):
        return
    ep.port = Setting(port.key, 465, "465", port.span, Origin.DEFAULT)
