"""Postfix server policy: main.cf parameters, master.cf services, and the resolver of effective values.

The resolver answers one question for the rules: what value does this parameter have for this service,
and which line decided it. Order (postconf(5), master(5)): the service's ``-o`` override (last wins), then
main.cf (last definition wins), then the built-in default; ``$name`` expansion is applied to the result,
looking other parameters up through the same chain. Without a main.cf every value not set by ``-o`` is
unknown (smtp-reference.md 5.00).
"""

from __future__ import annotations

from smtplint.i18n import _
from smtplint.model.core import Span
from smtplint.patterns import lazy
from smtplint.records import field, record, replace

# /etc/services names of the SMTP ports (master(5): an inet service name is a port name or number).
SERVICE_PORTS: dict[str, int] = {"smtp": 25, "submission": 587, "submissions": 465, "smtps": 465, "ssmtp": 465}
SUBMISSION_PORTS = frozenset({587, 465})

_TRUE_WORDS = frozenset({"yes", "true"})
_FALSE_WORDS = frozenset({"no", "false"})
_NAME_CHARS = lazy(r"[A-Za-z0-9_]+")
_MAX_DEPTH = 100
# An expansion bomb (a1 = $a0 $a0, a2 = $a1 $a1, ...) is cut off: past these limits the value is unknown.
_MAX_LOOKUPS = 10_000  # parameter lookups while expanding one value
_MAX_EXPANSION = 1 << 20  # characters in one expanded value
_MAX_CONDITIONALS = 16  # nested ${name?{...}:{...}} levels

# Documented built-in defaults (postconf(5)) of the parameters smtplint reads or commonly meets in
# expansions, at compatibility_level 2 and later. mynetworks_style is computed (see _builtin_default).
DEFAULTS: dict[str, str] = {
    "compatibility_level": "0",
    "mynetworks_style": "host",
    "smtpd_relay_restrictions": "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination",
    "smtpd_recipient_restrictions": "",
    "smtpd_client_restrictions": "",
    "smtpd_helo_restrictions": "",
    "smtpd_sender_restrictions": "",
    "smtpd_data_restrictions": "",
    "smtpd_etrn_restrictions": "",
    "smtpd_end_of_data_restrictions": "",
    "smtpd_restriction_classes": "",
    "smtpd_tls_security_level": "",
    "smtpd_use_tls": "no",
    "smtpd_enforce_tls": "no",
    "smtpd_tls_auth_only": "no",
    "smtpd_tls_wrappermode": "no",
    "smtpd_sasl_auth_enable": "no",
    "smtpd_sasl_type": "cyrus",
    "smtpd_sasl_path": "smtpd",
    "smtp_tls_security_level": "",
    "smtp_use_tls": "no",
    "smtp_enforce_tls": "no",
    "smtp_sasl_auth_enable": "no",
    "smtp_sasl_password_maps": "",
    "relayhost": "",
    "relay_domains": "",
    "inet_interfaces": "all",
    "inet_protocols": "all",
    "mydestination": "$myhostname, localhost.$mydomain, localhost",
    "mail_name": "Postfix",
    "multi_instance_name": "",
    "syslog_name": "${multi_instance_name?{$multi_instance_name}:{postfix}}",
    "config_directory": "/etc/postfix",
    "data_directory": "/var/lib/postfix",
    "queue_directory": "/var/spool/postfix",
    "daemon_directory": "/usr/libexec/postfix",
    "command_directory": "/usr/sbin",
    "default_process_limit": "100",
}

# Parameters whose obsolete boolean spellings still decide the level when the level itself is empty.
_LEGACY_LEVELS: dict[str, tuple[tuple[str, str], ...]] = {
    "smtpd_tls_security_level": (("smtpd_enforce_tls", "encrypt"), ("smtpd_use_tls", "may")),
    "smtp_tls_security_level": (("smtp_enforce_tls", "encrypt"), ("smtp_use_tls", "may")),
}


def parse_postfix_bool(value: str | None) -> bool | None:
    """``yes``/``true`` -> True, ``no``/``false`` -> False (case-insensitive); None when unknown."""
    if value is None:
        return None
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def split_list(value: str) -> list[str]:
    """A Postfix list value split on whitespace and commas (``{ ... }`` groups kept whole)."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
        if depth == 0 and (ch.isspace() or ch == ","):
            if current:
                items.append("".join(current))
                current = []
            continue
        current.append(ch)
    if current:
        items.append("".join(current))
    return items


@record(frozen=True)
class Definition:
    """One ``name = value`` of main.cf (continuation lines joined).

    ``templated`` is True when the value cannot be known before a template is rendered (``{{ }}``,
    ``{% %}``, ``%{...}``, or the definition sits inside a template conditional): its value is unknown.
    """

    name: str
    value: str
    span: Span  # the whole logical entry, first line to last continuation line
    value_span: Span
    templated: bool = False


@record
class MainCf:
    """Every definition of a main.cf, in file order; the last definition of a name wins."""

    path: str
    definitions: dict[str, list[Definition]] = field(default_factory=dict)

    def add(self, definition: Definition) -> None:
        """Record one more definition (file order)."""
        self.definitions.setdefault(definition.name, []).append(definition)

    def last(self, name: str) -> Definition | None:
        """The definition that wins for ``name`` (the last one), or None when it is not defined."""
        defs = self.definitions.get(name)
        return defs[-1] if defs else None


@record(frozen=True)
class Override:
    """One ``-o name=value`` of a master.cf service (``span`` covers ``-o`` through the value)."""

    name: str
    value: str
    span: Span
    templated: bool = False


@record
class Service:
    """One active master.cf service entry.

    ``fields`` are the seven fields between the service name and the command (type, private, unpriv,
    chroot, wakeup, maxproc); ``span`` covers the whole logical entry, ``line_span`` its first line.
    """

    name: str
    type: str
    command: str
    args: tuple[str, ...]
    span: Span
    overrides: list[Override] = field(default_factory=list)
    line_span: Span | None = None
    fields: tuple[str, ...] = ()
    # made from ``postconf -P`` edits of a service no master.cf here defines: its other ``-o`` are unknown
    partial: bool = False

    def override(self, name: str) -> Override | None:
        """The ``-o`` override of ``name`` that applies (the last one), or None."""
        for ov in reversed(self.overrides):
            if ov.name == name:
                return ov
        return None

    @property
    def first_line(self) -> Span:
        """The span of the service's first line (what a finding about the service points at)."""
        return self.line_span or self.span

    @property
    def host(self) -> str | None:
        """The listen address of an ``inet`` service written ``host:port`` (brackets removed), else None."""
        if self.type != "inet":
            return None
        host, _ = _split_service_name(self.name)
        return host

    @property
    def port(self) -> int | None:
        """The TCP port of an ``inet`` service (from a number or an /etc/services name), else None."""
        if self.type != "inet":
            return None
        _, port = _split_service_name(self.name)
        if port.isdigit():
            number = int(port)
            return number if 0 < number < 65536 else None
        return SERVICE_PORTS.get(port.lower())

    @property
    def is_loopback(self) -> bool:
        """True when the service listens on a loopback address only (``127.0.0.1:submission``)."""
        host = self.host
        return host is not None and is_loopback_host(host)

    @property
    def program(self) -> str:
        """The command's base name (``smtpd`` for ``/usr/libexec/postfix/smtpd``)."""
        return self.command.rsplit("/", 1)[-1]

    @property
    def runs_smtpd(self) -> bool:
        """True when the service runs the SMTP server."""
        return self.program == "smtpd"

    @property
    def is_mx(self) -> bool:
        """An ``inet`` service on port 25 running smtpd or postscreen, or the ``smtpd pass`` behind postscreen."""
        if self.type == "pass":
            return self.runs_smtpd and not self.is_submission
        return self.type == "inet" and self.port == 25 and self.program in ("smtpd", "postscreen") \
            and not self.is_submission

    @property
    def is_submission(self) -> bool:
        """An smtpd on 587/465, or any smtpd with ``-o smtpd_tls_wrappermode=yes`` or a submission syslog_name.

        Overrides are read as written; a template or ``$name`` in them does not classify the service.
        """
        if not self.runs_smtpd:
            return False
        if self.type == "inet" and self.port in SUBMISSION_PORTS:
            return True
        wrapper = self.override("smtpd_tls_wrappermode")
        if wrapper is not None and not wrapper.templated and parse_postfix_bool(wrapper.value):
            return True
        syslog = self.override("syslog_name")
        if syslog is not None and not syslog.templated:
            return syslog.value.rsplit("/", 1)[-1].lower().startswith("submission")
        return False

    @property
    def label(self) -> str:
        """``'submission' (port 587)`` for messages."""
        port = self.port
        return f"'{self.name}' (port {port})" if port is not None else f"'{self.name}'"


def _split_service_name(name: str) -> tuple[str | None, str]:
    """``host:port`` -> (host, port); ``[::1]:587`` -> ("::1", "587"); ``587`` -> (None, "587")."""
    text = name.strip()
    if text.startswith("["):
        end = text.find("]")
        if end > 0:
            rest = text[end + 1:]
            return text[1:end], rest[1:] if rest.startswith(":") else ""
    if ":" in text:
        host, port = text.rsplit(":", 1)
        return host, port
    return None, text


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 (with or without brackets), ``localhost`` and ``loopback-only``."""
    h = host.strip().lower().strip("[]")
    if h in ("localhost", "localhost.localdomain", "loopback-only", "::1", "0:0:0:0:0:0:0:1"):
        return True
    parts = h.split(".")
    return len(parts) == 4 and parts[0] == "127" and all(p.isdigit() for p in parts)


@record(frozen=True)
class ServiceEdit:
    """One ``service/type/parameter=value`` line of a ``postconf -P`` file (docker-mailserver's
    ``postfix-master.cf``): an ``-o`` override added to the master.cf service ``service``/``type``."""

    service: str
    type: str
    override: Override


@record
class MasterCf:
    """The active services of a master.cf, in file order; ``edits`` are ``postconf -P`` overrides of services
    defined elsewhere (applied by :func:`layered`)."""

    path: str
    services: list[Service] = field(default_factory=list)
    edits: list[ServiceEdit] = field(default_factory=list)


_SMTPD_SERVICE_NAMES = frozenset({"smtp", "submission", "submissions", "smtps"})


def layered(mains: list[MainCf], masters: list[MasterCf], partial: bool = False) -> PostfixConfig:
    """One configuration from a folder's files, the base files first: main.cf definitions then those of the
    override files (``postfix-main.cf``, ``extra.cf``: read later, so they win as ``postconf -e`` makes them);
    master.cf services, then those of master.cf fragments, then ``postconf -P`` edits as ``-o`` overrides of
    the service they name. An edit of a service no master.cf here defines (the file judged alone) stands for
    that service: an smtpd when the service is an SMTP port or the parameter an ``smtpd_`` one, whose other
    parameters are unknown. ``partial``: there is no main.cf under the override files (see PostfixConfig)."""
    main: MainCf | None = None
    if mains:
        main = MainCf(mains[0].path)
        for main_layer in mains:
            for defs in main_layer.definitions.values():
                for definition in defs:
                    main.add(definition)
    if not masters:
        return PostfixConfig(main, None, partial)
    master = MasterCf(masters[0].path)
    base = [m for m in masters if m.services]
    for layer in base:
        master.services += [replace(s, overrides=list(s.overrides)) for s in layer.services]
    alone: dict[tuple[str, str], Service] = {}
    for layer in masters:
        for edit in layer.edits:
            target = next((s for s in reversed(master.services) if s.name == edit.service and s.type == edit.type),
                          None)
            if target is None and not base:
                target = alone.get((edit.service, edit.type))
                if target is None:
                    name = edit.service.rpartition(":")[2]
                    smtpd = edit.type in ("inet", "pass") and (
                        name in _SMTPD_SERVICE_NAMES or name.isdigit()
                        or edit.override.name.startswith("smtpd_"))
                    target = alone[(edit.service, edit.type)] = Service(
                        edit.service, edit.type, "smtpd" if smtpd else "", (), edit.override.span, partial=True)
                    master.services.append(target)
            if target is not None:
                target.overrides.append(edit.override)
    return PostfixConfig(main, master, partial)


@record(frozen=True)
class Resolved:
    """The effective value of a parameter and what decided it.

    ``span`` is the deciding line (the ``-o`` override or the main.cf definition; None for a built-in
    default). ``related`` are the lines that took part in ``$name`` expansion. ``decided_by`` names the
    parameter that decided when it is not ``name`` itself (``smtpd_use_tls`` for a legacy level).
    """

    name: str
    value: str | None  # None when unknown
    source: str  # "override" | "main.cf" | "default" | "unknown"
    span: Span | None = None
    related: tuple[Span, ...] = ()
    raw: str | None = None
    decided_by: str = ""

    @property
    def known(self) -> bool:
        """True when the value is known."""
        return self.value is not None

    @property
    def parameter(self) -> str:
        """The parameter whose line decided the value."""
        return self.decided_by or self.name

    def where(self) -> str:
        """``from main.cf line 12`` / ``by its -o override`` / ``from the built-in default`` for messages."""
        if self.source == "main.cf" and self.span is not None:
            return _("from main.cf line {line}").format(line=self.span.line)
        if self.source == "override":
            return _("from its -o override")
        if self.source == "default":
            return _("from the built-in default")
        return _("from an unknown source")


class _Unknown(Exception):
    """Raised inside expansion when a referenced value cannot be known (template, cycle, no main.cf)."""


@record
class PostfixConfig:
    """A main.cf and the master.cf beside it (either may be absent)."""

    main: MainCf | None = None
    master: MasterCf | None = None
    # override files without the main.cf they override: what they do not define is unknown, not the default
    partial: bool = False

    # ---- public questions -------------------------------------------------------------------------

    def effective(self, name: str, service: Service | None = None) -> Resolved:
        """The effective, expanded value of ``name`` for ``service`` (or for main.cf alone).

        ``-o`` override (last wins) -> main.cf (last definition) -> built-in default, then ``$name``
        expansion. For ``smtpd_tls_security_level`` / ``smtp_tls_security_level`` an empty level falls
        back to the obsolete ``*_enforce_tls`` (encrypt) / ``*_use_tls`` (may) booleans as Postfix does;
        ``decided_by`` then names the legacy parameter. Unknown values have ``value`` None.
        """
        resolved = self.parameter(name, service)
        legacy = _LEGACY_LEVELS.get(name)
        if legacy is None or resolved.value is None or resolved.value.strip() != "":
            return resolved
        for legacy_name, level in legacy:
            flag = self.parameter(legacy_name, service)
            if flag.value is None:
                return Resolved(name, None, "unknown", flag.span, flag.related, flag.raw, legacy_name)
            if parse_postfix_bool(flag.value) and flag.source != "default":
                return Resolved(name, level, flag.source, flag.span, flag.related, flag.raw, legacy_name)
        return resolved

    def parameter(self, name: str, service: Service | None = None) -> Resolved:
        """Like :meth:`effective` without the legacy TLS fallbacks: the parameter exactly as Postfix reads it."""
        related: list[Span] = []
        ov = service.override(name) if service is not None else None
        if ov is not None:
            source, raw, span, templated = "override", ov.value, ov.span, ov.templated
        elif self.main is None or (service is not None and service.partial):
            return Resolved(name, None, "unknown")
        else:
            definition = self.main.last(name)
            if definition is None and self.partial:
                return Resolved(name, None, "unknown")
            if definition is not None:
                source, raw, span, templated = "main.cf", definition.value, definition.span, definition.templated
            else:
                default = self._builtin_default(name)
                if default is None:
                    return Resolved(name, "", "default", raw="")
                source, raw, span, templated = "default", default, None, False
        if templated:
            return Resolved(name, None, source, span, raw=raw)
        try:
            value = self._expand(raw, service, [name], related)
        except _Unknown:
            return Resolved(name, None, source, span, tuple(related), raw)
        return Resolved(name, value, source, span, tuple(dict.fromkeys(related)), raw)

    def expand(self, text: str, service: Service | None = None) -> str | None:
        """Expand ``$name`` references in ``text`` the way Postfix would for ``service``; None if unknown."""
        try:
            return self._expand(text, service, [], [])
        except _Unknown:
            return None

    def is_loopback(self, service: Service) -> bool:
        """True when the service only listens on loopback: its own address, or main.cf ``inet_interfaces``."""
        if service.type != "inet":
            return False
        if service.host is not None:
            return is_loopback_host(service.host)
        interfaces = self.parameter("inet_interfaces", service).value
        if not interfaces:
            return False
        items = split_list(interfaces)
        return bool(items) and all(is_loopback_host(i) for i in items)

    def compatibility_level(self) -> Resolved:
        """The effective compatibility_level (a missing one reads as a modern install, ref 5.00)."""
        return self.parameter("compatibility_level")

    def legacy_compatibility(self) -> bool:
        """True only when main.cf explicitly sets a compatibility_level below 2 (pre-3.0 defaults)."""
        level = self.compatibility_level()
        if level.source != "main.cf" or level.value is None:
            return False
        major = level.value.strip().split(".", 1)[0]
        return major.isdigit() and int(major) < 2

    # ---- internals --------------------------------------------------------------------------------

    def _builtin_default(self, name: str) -> str | None:
        if name == "mynetworks_style":
            return "subnet" if self.legacy_compatibility() else "host"
        if name == "relay_domains":
            return "$mydestination" if self.legacy_compatibility() else ""
        return DEFAULTS.get(name)

    def _lookup(self, name: str, service: Service | None, stack: list[str], related: list[Span]) -> str:
        if name in stack or len(stack) > _MAX_DEPTH or len(related) > _MAX_LOOKUPS:
            raise _Unknown(name)
        if service is not None:
            ov = service.override(name)
            if ov is not None:
                related.append(ov.span)
                if ov.templated:
                    raise _Unknown(name)
                return self._expand(ov.value, service, [*stack, name], related)
            if name == "service_name":
                return service.name
            if name == "process_name":
                return service.program
        if self.main is None:
            raise _Unknown(name)
        definition = self.main.last(name)
        if definition is not None:
            related.append(definition.span)
            if definition.templated:
                raise _Unknown(name)
            return self._expand(definition.value, service, [*stack, name], related)
        default = self._builtin_default(name)
        if default is None:
            return ""  # an undefined parameter expands to the empty string
        return self._expand(default, service, [*stack, name], related)

    def _expand(self, text: str, service: Service | None, stack: list[str], related: list[Span]) -> str:
        """mac_expand(3) semantics: $name, ${name}, $(name), $$, ${name?x}, ${name:x}, ${name?{x}:{y}}."""
        if "$" not in text:
            return text
        if len(text) > _MAX_EXPANSION or stack.count("") > _MAX_CONDITIONALS:
            raise _Unknown(text)  # each nested ${name?{...}} rescans its text: bound the levels and the size
        out: list[str] = []
        i, n = 0, len(text)
        size = n  # an upper bound of the characters in ``out`` (expanded parts counted in full)
        while i < n:
            ch = text[i]
            if ch != "$" or i + 1 >= n:
                out.append(ch)
                i += 1
                continue
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
            elif nxt in "{(":
                close = _matching(text, i + 1)
                if close < 0:
                    raise _Unknown(text)  # unbalanced: Postfix rejects it; we cannot know the value
                out.append(self._expand_braced(text[i + 2:close], service, stack, related))
                size += len(out[-1])
                i = close + 1
            else:
                m = _NAME_CHARS.match(text, i + 1)
                if m is None:
                    out.append("$")
                    i += 1
                    continue
                out.append(self._lookup(m.group(), service, stack, related))
                size += len(out[-1])
                i = m.end()
            if size > _MAX_EXPANSION:
                raise _Unknown(text)
        return "".join(out)

    def _expand_braced(self, inner: str, service: Service | None, stack: list[str], related: list[Span]) -> str:
        m = _NAME_CHARS.match(inner)
        if m is None:
            raise _Unknown(inner)  # relational ${{$a} == {b}?...} and other forms: not evaluated
        name, rest = m.group(), inner[m.end():]
        if not rest:
            return self._lookup(name, service, stack, related)
        op, arg = rest[0], rest[1:]
        if op not in "?:":
            raise _Unknown(inner)
        nonempty = self._lookup(name, service, stack, related) != ""
        if_set, if_empty = _conditional_parts(op, arg)
        chosen = if_set if nonempty else if_empty
        return self._expand(chosen, service, [*stack, ""], related)  # "" counts nesting (never a name)


def _matching(text: str, open_at: int) -> int:
    """Index of the bracket closing the one at ``open_at`` (nesting counted), or -1."""
    opener = text[open_at]
    closer = "}" if opener == "{" else ")"
    depth = 0
    for j in range(open_at, len(text)):
        c = text[j]
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _conditional_parts(op: str, arg: str) -> tuple[str, str]:
    """(text when the name is non-empty, text when it is empty) of ``?value``, ``:value``, ``?{a}:{b}``."""
    if arg.startswith("{"):
        end = _matching(arg, 0)
        if end > 0:
            first, tail = arg[1:end], arg[end + 1:].strip()
            second = ""
            if op == "?" and tail.startswith(":"):
                tail = tail[1:].strip()
                if tail.startswith("{"):
                    end2 = _matching(tail, 0)
                    second = tail[1:end2] if end2 > 0 else tail[1:]
                else:
                    second = tail
            return (first, second) if op == "?" else ("", first)
    return (arg, "") if op == "?" else ("", arg)
