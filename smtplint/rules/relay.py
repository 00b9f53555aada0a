"""SMTP3xx: Postfix relay policy (mynetworks, submission TLS level) and the Postfix half of SMTP201.

Every check asks the resolver (:meth:`PostfixConfig.effective`) for effective values: ``-o`` override,
then main.cf, then the built-in default, ``$name`` expanded. Unknown values (templates, a master.cf
without its main.cf) never produce a finding (smtp-reference.md 5.00).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator

from smtplint.i18n import N_, _, number
from smtplint.model import Edit, Finding, Fix, PostfixConfig, Resolved, RuleOptions, Service, Severity, Span
from smtplint.model.postfix import parse_postfix_bool, split_list
from smtplint.records import record
from smtplint.rules._base import RuleDoc, define, postfix_check
from smtplint.rules._common import and_list, is_example_path, is_local_host
from smtplint.rules._fixes import fix
from smtplint.rules._restrictions import Control, relay_control
from smtplint.rules._secrets import table_holds_password
from smtplint.rules.auth import AUTH_OVER_PLAINTEXT, HARDCODED_PASSWORD, MISSING_AUTH

BROAD_MYNETWORKS = define(
    "SMTP301",
    "broad-mynetworks",
    Severity.ERROR,
    "Postfix mynetworks (or mynetworks_style) trusts far more clients than the hosts that must relay.",
    RuleDoc(
        what=(
            "Reads `mynetworks` in main.cf and `-o mynetworks=` on master.cf services (with `$name` "
            "expansion and continuation lines) and reports entries that trust a wide range of clients: "
            "`0.0.0.0/0`, `::/0` or any IPv4 prefix shorter than /8, public IPv4 prefixes up to /16 and "
            "public IPv6 prefixes shorter than /48 (error), public IPv4 /17 to /23 and public IPv6 /48 "
            "to /63 (warning), whole private ranges "
            "such as `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `100.64.0.0/10` or any private "
            "prefix up to /16, and `fc00::/7` or other private IPv6 prefixes shorter than /48 (warning). "
            "Without an explicit `mynetworks`, `mynetworks_style = class` is an error and "
            "`mynetworks_style = subnet` (written, or implied by a compatibility_level below 2) a warning. "
            "Option `max-trusted-prefix = { ipv4 = 24, ipv6 = 64 }` sets the broadest entry the team accepts: "
            "longer prefixes are not reported, broader ones are (warning at least); errors always stay."
        ),
        why=(
            "`permit_mynetworks` lets every client in mynetworks relay mail to any destination without "
            "authentication. A broad range turns the server into an open relay for everyone in it: any "
            "compromised host, container or neighbour on the network can send spam through it, and the "
            "server's IP address ends up on block lists."
        ),
        example=(
            "```\n# main.cf\nmynetworks = 127.0.0.0/8 [::1]/128 0.0.0.0/0\n```\n\n"
            "```\n# main.cf\nmynetworks_style = class\n```"
        ),
        fix=(
            "```\n# main.cf\nmynetworks = 127.0.0.0/8 [::1]/128 192.168.10.25\n"
            "smtpd_sasl_auth_enable = yes\n```\n\n"
            "List loopback and the exact internal hosts that must relay without authentication; let "
            "everyone else authenticate with SASL on the submission port."
        ),
        not_reported=(
            "Loopback (`127.0.0.0/8`, `[::1]/128`, `[::ffff:127.0.0.0]/104`), single hosts and small "
            "subnets (private /17 and longer, public /24 and longer, IPv6 /64 and longer), link-local "
            "IPv6 below /48, `0.0.0.0/8` and the prefixes inside it (\"this network\", RFC 1122 and RFC "
            "6890: never the source address of a client that connects, so it trusts nobody), entries "
            "excluded by an earlier `!pattern` (so `!0.0.0.0/0` is not broad), "
            "table lookups (`hash:`, `cidr:`) and `/file/name` patterns (their content is not read), "
            "templated values (`{{ SUBNET }}`), `mynetworks_style = host` and an absent `mynetworks` on "
            "a modern install (compatibility_level 2 or later, or not set). On a loopback-only "
            "master.cf listener an `-o mynetworks=` finding is only info."
        ),
        references=(
            "postconf(5) mynetworks: https://www.postfix.org/postconf.5.html#mynetworks",
            "postconf(5) mynetworks_style: https://www.postfix.org/postconf.5.html#mynetworks_style",
            "Postfix SMTPD_ACCESS_README: https://www.postfix.org/SMTPD_ACCESS_README.html",
        ),
    ),
    tags=("security", "relay", "postfix", "external/cwe/cwe-284"),
    security_severity=9.1,
    precision="high",
)

SUBMISSION_TLS_MAY = define(
    "SMTP302",
    "submission-tls-may",
    Severity.ERROR,
    "A Postfix submission service does not require TLS (effective smtpd_tls_security_level may/none).",
    RuleDoc(
        what=(
            "For each master.cf submission service (smtpd on port 587 or 465, or any smtpd with "
            "`-o smtpd_tls_wrappermode=yes` or `-o syslog_name=postfix/submission`), computes the "
            "effective `smtpd_tls_security_level`: the service's `-o` override, else main.cf, else the "
            "obsolete `smtpd_enforce_tls` / `smtpd_use_tls` when the level is empty, else the default "
            "(no TLS). It reports the service when that level is `may`, `none` or empty and the service "
            "is not in wrapper mode (implicit TLS). The typical case is a submission service enabled "
            "with only `-o syslog_name=postfix/submission`, inheriting `may` from main.cf. One finding per "
            "service, placed as SMTP203 places its own: on the `-o` line that decided, else on the service line "
            "with the inherited main.cf line related; when only main.cf is linted (a commit that changes it), on "
            "that main.cf line with the service line related."
        ),
        why=(
            "With `may`, STARTTLS is optional: a client (or an attacker who strips STARTTLS from the "
            "server's reply) can authenticate and submit mail in plaintext, exposing passwords and "
            "message content. Postfix recommends `encrypt` for submission; RFC 8314 asks for TLS on "
            "every submission connection."
        ),
        example=(
            "```\n# main.cf\nsmtpd_tls_security_level = may\n```\n\n"
            "```\n# master.cf\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n"
            "  -o smtpd_sasl_auth_enable=yes\n```"
        ),
        fix=(
            "```\n# master.cf\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n"
            "  -o smtpd_tls_security_level=encrypt\n  -o smtpd_tls_auth_only=yes\n"
            "  -o smtpd_sasl_auth_enable=yes\n```"
        ),
        not_reported=(
            "Services with `-o smtpd_tls_wrappermode=yes` (port 465: TLS from the first byte, the level "
            "is ignored); the port-25 MX service (`may` is correct there, RFC 3207); commented-out "
            "submission blocks; values that are unknown (a master.cf without its main.cf and no `-o` "
            "level, templates). Loopback-only listeners (`127.0.0.1:submission`, or main.cf "
            "`inet_interfaces = loopback-only`) are reported as info."
        ),
        references=(
            "postconf(5) smtpd_tls_security_level: "
            "https://www.postfix.org/postconf.5.html#smtpd_tls_security_level",
            "Postfix master.cf (stock submission entry): https://www.postfix.org/master.5.html",
            "RFC 8314 section 4.1: https://www.rfc-editor.org/rfc/rfc8314#section-4.1",
        ),
    ),
    tags=("security", "tls", "postfix", "external/cwe/cwe-319"),
    security_severity=7.5,
    precision="very-high",
)

_PRIVATE_V4 = tuple(ipaddress.IPv4Network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
))
_PRIVATE_V6 = tuple(ipaddress.IPv6Network(n) for n in ("fc00::/7", "fe80::/10"))
_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.IPv6Network("::1/128")
# "this network" (RFC 1122 section 3.2.1.3, RFC 6890): a source address only while a host learns its own, never
# the address of a client that connects over TCP, so trusting it trusts nobody (and it is not "the internet")
_THIS_NETWORK_V4 = ipaddress.IPv4Network("0.0.0.0/8")
_MAPPED_V4 = ipaddress.IPv6Network("::ffff:0:0/96")
# (patterns kept as text and matched through re's cache: compiled only by a run that needs them)
_ABBREVIATED_V4 = r"^\d{1,3}(\.\d{1,3}){0,3}$"
_WEAK_LEVELS = frozenset({"may", "none", ""})
# ports on which clients outside reach an smtpd: the MX and the alternative port providers and ISPs use for
# submission (2525); an smtpd on any other port is usually an internal hop (a proxy or webmail back end)
_PUBLIC_SMTP_PORTS = frozenset({25, 2525})
_LOCAL_FIX = N_("list only loopback (127.0.0.0/8 [::1]/128) and the exact hosts that must relay without SASL")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@record(frozen=True)
class _Broad:
    """One offending mynetworks entry."""

    entry: str
    severity: Severity
    reason: str
    size: float  # fraction of the address family covered, for "broadest first"


# ------------------------------------------------------------------------------------------- SMTP301


def parse_network(item: str) -> Network | None:
    """An address or CIDR entry of mynetworks (``[v6]/n``, ``10/8``, ``0/0``); None for tables, files, names."""
    text = item.strip()
    if not text or text.startswith("/"):
        return None
    if text.startswith("["):
        close = text.find("]")
        if close < 0:
            return None
        addr, rest = text[1:close], text[close + 1:]
        if rest and not rest.startswith("/"):
            return None
        prefix = rest[1:]
    else:
        addr, _, prefix = text.partition("/")
    if re.match(_ABBREVIATED_V4, addr) and addr.count(".") < 3:
        addr = ".".join([*addr.split("."), "0", "0", "0"][:4])
    try:
        return ipaddress.ip_network(f"{addr}/{prefix}" if prefix else addr, strict=False)
    except ValueError:
        return None


def classify_network(net: Network) -> tuple[Severity, str] | None:
    """(severity, reason) when trusting ``net`` is broad; None when it is loopback or small."""
    if isinstance(net, ipaddress.IPv6Network) and net.subnet_of(_MAPPED_V4) and net.prefixlen >= 96:
        mapped = net.network_address.ipv4_mapped
        if mapped is not None:
            return classify_network(ipaddress.IPv4Network(f"{mapped}/{net.prefixlen - 96}", strict=False))
    if net.prefixlen == 0:
        return Severity.ERROR, _("every client on the internet can relay without authentication (open relay)")
    if isinstance(net, ipaddress.IPv4Network):
        if net.subnet_of(_LOOPBACK_V4) or net.subnet_of(_THIS_NETWORK_V4):
            return None
        private = any(net.subnet_of(p) for p in _PRIVATE_V4)
        internet = _("{count} internet addresses can relay without authentication").format(
            count=number(net.num_addresses))
        if net.prefixlen < 8 or (not private and net.prefixlen <= 16):
            return Severity.ERROR, internet
        if private and net.prefixlen <= 16:
            return Severity.WARNING, _("every host and container on that private network can relay without "
                                       "authentication")
        if not private and net.prefixlen < 24:
            return Severity.WARNING, internet
        return None
    if net.subnet_of(_LOOPBACK_V6):
        return None
    if any(net.subnet_of(p) for p in _PRIVATE_V6):
        if net.prefixlen < 48:
            return Severity.WARNING, _("every host on that private IPv6 range can relay without authentication")
        return None
    if net.prefixlen < 48:
        return Severity.ERROR, _("a whole provider-sized IPv6 range can relay without authentication")
    if net.prefixlen < 64:
        return Severity.WARNING, _("a whole IPv6 site can relay without authentication")
    return None


Limits = tuple[int | None, int | None]  # max-trusted-prefix (IPv4, IPv6) from the configuration


def _limited(net: Network, verdict: tuple[Severity, str] | None, limits: Limits) -> tuple[Severity, str] | None:
    """Apply max-trusted-prefix: entries at least that long are accepted, broader ones reported (warning at
    least); loopback is never reported and internet-wide entries (errors) always are."""
    if isinstance(net, ipaddress.IPv6Network) and net.subnet_of(_MAPPED_V4) and net.prefixlen >= 96:
        mapped = net.network_address.ipv4_mapped
        if mapped is not None:
            net = ipaddress.IPv4Network(f"{mapped}/{net.prefixlen - 96}", strict=False)
    limit = limits[0] if isinstance(net, ipaddress.IPv4Network) else limits[1]
    if limit is None or (verdict is not None and verdict[0] is Severity.ERROR):
        return verdict
    if net.subnet_of(_LOOPBACK_V4 if isinstance(net, ipaddress.IPv4Network) else _LOOPBACK_V6):  # type: ignore[arg-type]
        return None
    if net.prefixlen >= limit:
        return None
    return verdict or (Severity.WARNING, _("{count} addresses can relay without authentication, more than the "
                                           "configured max-trusted-prefix /{limit} allows").format(
        count=number(net.num_addresses), limit=limit))


def broad_entries(value: str, limits: Limits = (None, None)) -> list[_Broad]:
    """The entries of a mynetworks value that are broad, broadest first (``!`` exclusions applied)."""
    excluded: list[Network] = []
    found: list[_Broad] = []
    for item in split_list(value):
        negated = item.startswith("!")
        net = parse_network(item[1:] if negated else item)
        if net is None:
            continue  # a table, a /file/name pattern or a host name: not evaluated in 0.1
        if negated:
            excluded.append(net)
            continue
        if any(ex.version == net.version and net.subnet_of(ex) for ex in excluded):  # type: ignore[arg-type]
            continue
        verdict = _limited(net, classify_network(net), limits)
        if verdict is not None:
            size = 1.0 - net.prefixlen / net.max_prefixlen
            found.append(_Broad(item, verdict[0], verdict[1], size))
    found.sort(key=lambda b: (-b.severity.rank, -b.size))
    return found


def _entries_text(found: list[_Broad]) -> str:
    names = [b.entry for b in found]
    if len(names) <= 3:
        return and_list(names)
    return _("{items} and {count} more").format(items=", ".join(names[:2]), count=len(names) - 2)


def _mynetworks_finding(resolved: Resolved, span: Span, service: str | None, severity_cap: Severity | None,
                        related: tuple[Span, ...], limits: Limits = (None, None)) -> Iterator[Finding]:
    if resolved.value is None:
        return
    found = broad_entries(resolved.value, limits)
    if not found:
        return
    worst = found[0]
    severity = worst.severity
    if severity_cap is not None and severity.rank > severity_cap.rank:
        severity = severity_cap
    template = (_("service '{service}': -o mynetworks trusts {entries}: {reason}; {fix}") if service is not None
                else _("mynetworks trusts {entries}: {reason}; {fix}"))
    message = template.format(service=service, entries=_entries_text(found), reason=worst.reason, fix=_(_LOCAL_FIX))
    yield BROAD_MYNETWORKS.finding(span, message, severity, related=related)


@postfix_check(BROAD_MYNETWORKS)
def broad_mynetworks(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """main.cf mynetworks / mynetworks_style, and ``-o mynetworks=`` on master.cf services."""
    limits = (opts.max_trusted_prefix_v4, opts.max_trusted_prefix_v6)
    if cfg.main is not None:
        resolved = cfg.effective("mynetworks")
        if resolved.source == "main.cf" and resolved.span is not None:
            related = tuple(s for s in resolved.related if s != resolved.span)
            yield from _mynetworks_finding(resolved, resolved.span, None, None, related, limits)
        elif resolved.source == "default":
            yield from _mynetworks_style(cfg)
    if cfg.master is None:
        return
    for service in cfg.master.services:
        override = service.override("mynetworks")
        if override is None:
            continue
        resolved = cfg.effective("mynetworks", service)
        cap = Severity.INFO if cfg.is_loopback(service) else None
        related = tuple(s for s in resolved.related if s != override.span)
        yield from _mynetworks_finding(resolved, override.span, service.name, cap, related, limits)


def _mynetworks_style(cfg: PostfixConfig) -> Iterator[Finding]:
    style = cfg.effective("mynetworks_style")
    if style.value is None:
        return
    word = style.value.strip().lower()
    fix = _("write 'mynetworks = 127.0.0.0/8 [::1]/128' plus the exact hosts that must relay")
    if word == "class" and style.span is not None:
        yield BROAD_MYNETWORKS.finding(
            style.span,
            _("mynetworks_style = class without mynetworks trusts the server's whole class A/B/C network, "
              "possibly the provider's entire network, to relay without authentication; {fix}").format(fix=fix),
            Severity.ERROR,
        )
    elif word == "subnet":
        if style.source == "main.cf" and style.span is not None:
            yield BROAD_MYNETWORKS.finding(
                style.span,
                _("mynetworks_style = subnet without mynetworks trusts every host on the server's local "
                  "subnets to relay without authentication; {fix}").format(fix=fix),
                Severity.WARNING,
            )
        elif style.source == "default":
            level = cfg.compatibility_level()
            if level.span is not None:
                yield BROAD_MYNETWORKS.finding(
                    level.span,
                    _("compatibility_level {level} without mynetworks makes mynetworks_style default to subnet: "
                      "every host on the server's local subnets can relay without authentication; {fix}").format(
                        level=level.value, fix=fix),
                    Severity.WARNING,
                )


# ------------------------------------------------------------------------------- SMTP302 and SMTP201


def _submission_services(cfg: PostfixConfig) -> Iterator[Service]:
    if cfg.master is None:
        return
    for service in cfg.master.services:
        if service.is_submission:
            yield service


def _label(cfg: PostfixConfig, service: Service) -> str:
    port, loopback = service.port, cfg.is_loopback(service)
    if port is not None and loopback:
        return _("'{service}' (port {port}, loopback only)").format(service=service.name, port=port)
    if port is not None:
        return _("'{service}' (port {port})").format(service=service.name, port=port)
    if loopback:
        return _("'{service}' (loopback only)").format(service=service.name)
    return f"'{service.name}'"


def _place(service: Service, resolved: Resolved) -> tuple[Span, list[Span]]:
    """Where a finding about a resolved service value points: the -o line, or the service line."""
    if resolved.source == "override" and resolved.span is not None:
        return resolved.span, [service.first_line]
    return service.first_line, [resolved.span] if resolved.span is not None else []


def _level_text(level: Resolved) -> str:
    if level.decided_by:
        return _("{setting}=yes (TLS level {level})").format(setting=level.decided_by, level=level.value)
    return f"smtpd_tls_security_level={level.value}" if level.value else _("an empty smtpd_tls_security_level")


@postfix_check(SUBMISSION_TLS_MAY)
def submission_tls_may(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """Submission services whose effective TLS level lets clients authenticate without TLS."""
    for service in _submission_services(cfg):
        wrapper = cfg.effective("smtpd_tls_wrappermode", service)
        if parse_postfix_bool(wrapper.value) or (wrapper.value is None and wrapper.source == "override"):
            continue  # implicit TLS (the level is ignored), or unknown
        level = cfg.effective("smtpd_tls_security_level", service)
        if level.value is None or level.value.strip().lower() not in _WEAK_LEVELS:
            continue
        span, related = _place(service, level)
        label = _label(cfg, service)
        what = _level_text(level)
        if level.source == "override":
            template = _("submission service {service} sets {level}: clients can authenticate and submit without "
                         "TLS; write '-o smtpd_tls_security_level=encrypt' instead")
        elif level.source == "main.cf":
            template = _("submission service {service} inherits {level} {where}: clients can authenticate and "
                         "submit without TLS; add '-o smtpd_tls_security_level=encrypt' to the service")
        else:
            template = _("submission service {service} does not enable TLS (smtpd_tls_security_level is empty by "
                         "default): clients can authenticate and submit without TLS; add "
                         "'-o smtpd_tls_security_level=encrypt' to the service")
        severity = Severity.INFO if cfg.is_loopback(service) else Severity.ERROR
        message = template.format(service=label, level=what, where=level.where())
        yield SUBMISSION_TLS_MAY.finding(span, message, severity, related=related, fix=_encrypt_fix(service, level))


def _encrypt_fix(service: Service, level: Resolved) -> Fix | None:
    """The service's own -o level set to encrypt, or a '-o smtpd_tls_security_level=encrypt' line added after
    the service's last line, indented as its other -o lines (a main.cf level also serves port 25: it stays)."""
    description = _("require TLS on the service (-o smtpd_tls_security_level=encrypt)")
    if level.source == "override" and not level.decided_by and level.span is not None and level.raw:
        return fix(description, Edit(level.span, level.raw, "encrypt"))
    indent = " " * (service.overrides[-1].span.column - 1) if service.overrides else "  "
    end = service.span
    at = Span(end.path, end.end_line, end.end_column, end.end_line, end.end_column)
    return fix(description, Edit(at, "", f"\n{indent or '  '}-o smtpd_tls_security_level=encrypt"))


@postfix_check(MISSING_AUTH)
def postfix_missing_auth(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """Submission services without SASL, or whose restrictions never permit authenticated clients."""
    dovecot_seen: set[Span] = set()
    for service in _submission_services(cfg):
        severity = Severity.INFO if cfg.is_loopback(service) else Severity.ERROR
        label = _label(cfg, service)
        sasl = cfg.effective("smtpd_sasl_auth_enable", service)
        enabled = parse_postfix_bool(sasl.value)
        if enabled is False:
            span, related = _place(service, sasl)
            if sasl.source == "override":
                template = _("submission service {service} has SASL authentication disabled "
                             "(-o smtpd_sasl_auth_enable={value}): clients cannot authenticate, so relaying depends "
                             "on mynetworks alone; add '-o smtpd_sasl_auth_enable=yes'")
            elif sasl.source == "main.cf":
                template = _("submission service {service} has SASL authentication disabled "
                             "(smtpd_sasl_auth_enable={value} inherited {where}): clients cannot authenticate, so "
                             "relaying depends on mynetworks alone; add '-o smtpd_sasl_auth_enable=yes'")
            else:
                template = _("submission service {service} has SASL authentication disabled (smtpd_sasl_auth_enable "
                             "is no by default): clients cannot authenticate, so relaying depends on mynetworks "
                             "alone; add '-o smtpd_sasl_auth_enable=yes'")
            message = template.format(service=label, value=sasl.value, where=sasl.where())
            yield MISSING_AUTH.finding(span, message, severity, related=related)
            continue
        finding = _restrictions_finding(cfg, service, label, severity)
        if finding is not None:
            yield finding
        if enabled:
            yield from _dovecot_path(cfg, service, dovecot_seen)


def _restrictions_finding(cfg: PostfixConfig, service: Service, label: str,
                          severity: Severity) -> Finding | None:
    lists = [cfg.effective(n, service) for n in ("smtpd_relay_restrictions", "smtpd_recipient_restrictions")]
    tokens: list[str] = []
    for resolved in lists:
        if resolved.value is not None:
            tokens += [t.lower() for t in split_list(resolved.value)]
    if "permit_sasl_authenticated" in tokens or any(r.value is None for r in lists):
        return None
    classes = cfg.effective("smtpd_restriction_classes", service).value
    if classes is None or set(split_list(classes.lower())) & set(tokens):
        return None  # a restriction class may permit authenticated clients: unknown
    related = [r.span for r in lists if r.span is not None]
    message = _("submission service {service} never permits authenticated clients: neither "
                "smtpd_relay_restrictions nor smtpd_recipient_restrictions contains permit_sasl_authenticated, "
                "so nobody can authenticate to relay; add "
                "'-o smtpd_recipient_restrictions=permit_sasl_authenticated,reject'").format(service=label)
    return MISSING_AUTH.finding(service.first_line, message, severity, related=related)


def _dovecot_path(cfg: PostfixConfig, service: Service, seen: set[Span]) -> Iterator[Finding]:
    sasl_type = cfg.effective("smtpd_sasl_type", service)
    path = cfg.effective("smtpd_sasl_path", service)
    if (sasl_type.value or "").strip().lower() != "dovecot" or path.source != "default":
        return
    span = sasl_type.span
    if span is None or span in seen:
        return
    seen.add(span)
    yield MISSING_AUTH.finding(
        span,
        _("smtpd_sasl_type=dovecot without smtpd_sasl_path: Postfix looks for the Dovecot socket at the "
          "default path 'smtpd', which Dovecot does not create; set 'smtpd_sasl_path = private/auth'"),
        Severity.INFO,
        related=[service.first_line],
    )


# ------------------------------------------------------------------------------- SMTP303 and SMTP304

ENCRYPT_ON_PUBLIC_MX = define(
    "SMTP303",
    "encrypt-on-public-mx",
    Severity.WARNING,
    "The port-25 MX service requires TLS (smtpd_tls_security_level = encrypt); servers without TLS are refused.",
    RuleDoc(
        what=(
            "For the MX service (the `smtp inet` smtpd on port 25, or the `smtpd pass` service behind "
            "postscreen), computes the effective `smtpd_tls_security_level` (its `-o` override, else main.cf, "
            "else the obsolete `smtpd_enforce_tls = yes`) and reports `encrypt`. A main.cf linted without a "
            "master.cf beside it is judged with the stock master.cf, whose port-25 smtpd has no overrides."
        ),
        why=(
            "RFC 3207 section 4: a publicly referenced SMTP server must not require STARTTLS, and postconf(5) "
            "repeats it for `encrypt`. Senders without TLS (and senders whose TLS fails) cannot deliver: their "
            "mail bounces or sits in queues. The level is usually set in main.cf to protect the submission "
            "service and leaks onto port 25."
        ),
        example="```\n# main.cf\nsmtpd_tls_security_level = encrypt\n```",
        fix=(
            "```\n# main.cf\nsmtpd_tls_security_level = may\n\n# master.cf\nsubmission inet n - n - - smtpd\n"
            "  -o smtpd_tls_security_level=encrypt\n```\n\n"
            "To insist on TLS between servers, publish MTA-STS or DANE so that *senders* require it."
        ),
        not_reported=(
            "main.cf `encrypt` when the port-25 service overrides it with `-o smtpd_tls_security_level=may`; "
            "submission services; loopback-only listeners; a master.cf without its main.cf when the level is "
            "not set on the service (unknown); internal-only relays that must refuse plaintext: suppress the "
            "finding with a reason (`# smtplint: disable-next-line=SMTP303 -- internal relay`)."
        ),
        references=(
            "RFC 3207 section 4: https://www.rfc-editor.org/rfc/rfc3207#section-4",
            "postconf(5) smtpd_tls_security_level: "
            "https://www.postfix.org/postconf.5.html#smtpd_tls_security_level",
        ),
    ),
    tags=("interoperability", "tls", "postfix", "smtp"),
    precision="high",
)

OPEN_RELAY_RESTRICTIONS = define(
    "SMTP304",
    "open-relay-restrictions",
    Severity.ERROR,
    "Neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has working relay control.",
    RuleDoc(
        what=(
            "For every smtpd service (main.cf alone, or each master.cf smtpd with its `-o` overrides), expands "
            "`smtpd_relay_restrictions` (default `permit_mynetworks, permit_sasl_authenticated, "
            "defer_unauth_destination`) and `smtpd_recipient_restrictions` (`$name` references and restriction "
            "classes included) and reports the service when neither list has working relay control: "
            "`reject_unauth_destination`, `defer_unauth_destination`, `reject`, `defer`, `defer_if_permit` or "
            "`check_relay_domains` before any catch-all `permit` (and not only as `warn_if_reject`'s argument). "
            "Typical cases: `smtpd_relay_restrictions = permit_mynetworks, permit`, `smtpd_recipient_restrictions "
            "= permit`, and an empty `smtpd_relay_restrictions =` beside recipient restrictions copied without "
            "`reject_unauth_destination`."
        ),
        why=(
            "Such lists accept mail from any client for any destination: Postfix versions that start with them "
            "are open relays, abused for spam within hours and block-listed. Current Postfix refuses to run "
            "smtpd ('specify at least one working instance of: reject_unauth_destination, ...'), so every "
            "incoming message is deferred instead: either way the configuration is broken."
        ),
        example="```\n# main.cf\nsmtpd_relay_restrictions = permit_mynetworks, permit\n```",
        fix=(
            "```\n# main.cf\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,\n"
            "    reject_unauth_destination\n```"
        ),
        not_reported=(
            "The default relay restrictions; lists that reach `reject_unauth_destination` or "
            "`defer_unauth_destination` after any number of conditional permits; "
            "`permit_sasl_authenticated, reject` on submission services; `permit_auth_destination` followed "
            "by `reject`; relay control inside a restriction class; lists whose values (or restriction "
            "classes) cannot be known (templates, a master.cf without main.cf). Access maps "
            "(`check_*_access`) are not read: one that returns OK for every client would make an open relay "
            "smtplint cannot see. Broad `mynetworks` is SMTP301. Loopback-only listeners get info."
        ),
        references=(
            "postconf(5) smtpd_relay_restrictions: https://www.postfix.org/postconf.5.html#smtpd_relay_restrictions",
            "postconf(5) smtpd_recipient_restrictions: "
            "https://www.postfix.org/postconf.5.html#smtpd_recipient_restrictions",
            "Postfix SMTPD_ACCESS_README: https://www.postfix.org/SMTPD_ACCESS_README.html",
        ),
    ),
    tags=("security", "relay", "postfix", "external/cwe/cwe-284"),
    security_severity=9.1,
    precision="high",
)


def _smtpd_services(cfg: PostfixConfig) -> list[Service | None]:
    """The smtpd services to judge; main.cf alone (None) stands for the stock master.cf's port-25 smtpd."""
    if cfg.master is None:
        return [None] if cfg.main is not None else []
    return [s for s in cfg.master.services if s.runs_smtpd and s.type in ("inet", "pass")]


def _who(cfg: PostfixConfig, service: Service | None) -> str:
    if service is None:
        return _("the port-25 smtpd (main.cf; no master.cf beside it)")
    if service.is_mx:
        return _("MX service {service}").format(service=_label(cfg, service))
    return _("smtpd service {service}").format(service=_label(cfg, service))


def _where(service: Service | None, resolved: Resolved) -> tuple[Span | None, list[Span]]:
    """The deciding line and, for an inherited value, the service line as related."""
    if resolved.span is None:
        return (service.first_line if service is not None else None), []
    related = [service.first_line] if service is not None and resolved.source == "main.cf" else []
    return resolved.span, related


@postfix_check(ENCRYPT_ON_PUBLIC_MX)
def encrypt_on_public_mx(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """The port-25 MX requires TLS."""
    seen: set[Span] = set()
    for service in _smtpd_services(cfg):
        if service is not None and (not service.is_mx or cfg.is_loopback(service)):
            continue
        level = cfg.effective("smtpd_tls_security_level", service)
        if level.value is None or level.value.strip().lower() != "encrypt":
            continue
        span, related = _where(service, level)
        if span is None or span in seen:
            continue
        seen.add(span)
        if level.source == "override":
            template = _("{who} sets {level}: a publicly referenced MX must not require STARTTLS (RFC 3207 section "
                         "4), so mail from servers without TLS is refused; use 'smtpd_tls_security_level = may' for "
                         "port 25 and '-o smtpd_tls_security_level=encrypt' on the submission services")
        else:
            template = _("{who} inherits ({where}) {level}: a publicly referenced MX must not require STARTTLS (RFC "
                         "3207 section 4), so mail from servers without TLS is refused; use "
                         "'smtpd_tls_security_level = may' for port 25 and '-o smtpd_tls_security_level=encrypt' on "
                         "the submission services")
        yield ENCRYPT_ON_PUBLIC_MX.finding(
            span,
            template.format(who=_who(cfg, service), where=level.where(), level=_level_text(level)),
            related=related,
        )


def _class_lookup(cfg: PostfixConfig, service: Service | None) -> Callable[[str], tuple[bool, str | None]]:
    classes = cfg.effective("smtpd_restriction_classes", service).value
    names = {c.lower() for c in split_list(classes)} if classes else set()

    def lookup(name: str) -> tuple[bool, str | None]:
        if name.lower() not in names:
            return False, None
        return True, cfg.effective(name, service).value

    return lookup


def _restriction_message(who: str, lists: list[tuple[Resolved, Control]]) -> str:
    """The whole SMTP304 message for the service ``who``."""
    with_permit = [(r, c) for r, c in lists if c.permit]
    if with_permit:
        resolved, control = with_permit[0]
        if control.shadowed:
            template = _("{who}: {list} reaches a catch-all 'permit' before '{shadowed}', which is never evaluated, "
                         "and neither restriction list has working relay control: this accepts mail from any client "
                         "for any destination (open relay; current Postfix refuses to run smtpd with it); add "
                         "reject_unauth_destination after the permits, e.g. 'smtpd_relay_restrictions = "
                         "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination'")
        else:
            template = _("{who}: {list} ends in a catch-all 'permit', and neither restriction list has working relay "
                         "control: this accepts mail from any client for any destination (open relay; current "
                         "Postfix refuses to run smtpd with it); add reject_unauth_destination after the permits, "
                         "e.g. 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, "
                         "reject_unauth_destination'")
        return template.format(who=who, list=resolved.name, shadowed=control.shadowed)
    return _("{who}: neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has relay control "
             "(reject_unauth_destination, defer_unauth_destination, reject): mail for any destination is not "
             "refused (older Postfix relays it; current Postfix refuses to run smtpd); add "
             "reject_unauth_destination after the permits, e.g. 'smtpd_relay_restrictions = permit_mynetworks, "
             "permit_sasl_authenticated, reject_unauth_destination'").format(who=who)


@postfix_check(OPEN_RELAY_RESTRICTIONS)
def open_relay_restrictions(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """Restriction lists without working relay control (reject_unauth_destination and friends)."""
    found: dict[Span, tuple[str, Severity, list[Span]]] = {}
    for service in _smtpd_services(cfg):
        lists = [cfg.effective(name, service) for name in ("smtpd_relay_restrictions", "smtpd_recipient_restrictions")]
        if any(r.value is None for r in lists):
            continue
        lookup = _class_lookup(cfg, service)
        controls = [(r, relay_control(r.value or "", lookup)) for r in lists]
        if any(c.working is not False for _, c in controls):
            continue  # working relay control, or a restriction class that may hold it
        if service is not None and service.is_submission and not any(
                "permit_sasl_authenticated" in split_list((r.value or "").lower()) for r in lists):
            continue  # SMTP201 reports it, and its fix (permit_sasl_authenticated, reject) restores relay control
        written = [r for r, c in controls if c.permit] or [r for r in lists if r.source != "default"]
        decisive = written[0] if written else lists[0]
        span, related = _where(service, decisive)
        if span is None:
            continue
        related += [r.span for r in lists if r.span is not None and r is not decisive]
        severity = Severity.INFO if service is not None and cfg.is_loopback(service) else Severity.ERROR
        message = _restriction_message(_who(cfg, service), controls)
        known = found.get(span)
        if known is None or severity.rank > known[1].rank:
            found[span] = (message, severity, related)
    for span, (message, severity, related) in sorted(found.items()):
        yield OPEN_RELAY_RESTRICTIONS.finding(span, message, severity, related=dict.fromkeys(related))


# ------------------------------------------------------------------ Postfix halves of SMTP203, SMTP204


@postfix_check(AUTH_OVER_PLAINTEXT)
def postfix_auth_over_plaintext(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """SASL offered before (or without) TLS on non-submission smtpd services; client AUTH to a relayhost."""
    found: dict[Span, tuple[Severity, str, list[Span]]] = {}
    for service in _smtpd_services(cfg):
        if service is not None and service.is_submission:
            continue  # SMTP302 reports a submission service without mandatory TLS
        sasl = cfg.effective("smtpd_sasl_auth_enable", service)
        if parse_postfix_bool(sasl.value) is not True:
            continue
        wrapper = cfg.effective("smtpd_tls_wrappermode", service)
        if wrapper.value is None or parse_postfix_bool(wrapper.value):
            continue
        level = cfg.effective("smtpd_tls_security_level", service)
        auth_only = cfg.effective("smtpd_tls_auth_only", service)
        if level.value is None or auth_only.value is None or parse_postfix_bool(auth_only.value):
            continue
        word = level.value.strip().lower()
        if word not in _WEAK_LEVELS:
            continue
        # one finding per service (ref 5.00): on its -o override when one decided, else on the service line with
        # the inherited main.cf lines related; main.cf alone (the stock port-25 smtpd): main.cf's SASL line
        deciding = next((r for r in (auth_only, level, sasl) if r.source == "override"), sasl)
        if service is None:
            span, related = _where(service, deciding)
        else:
            span, related = _place(service, deciding)
        if span is None:
            continue
        related += [r.span for r in (sasl, level, auth_only) if r.span is not None]
        severity, internal = Severity.ERROR, False
        if service is not None and cfg.is_loopback(service):
            severity = Severity.INFO
        elif service is not None and not service.is_mx and service.port not in _PUBLIC_SMTP_PORTS:
            severity, internal = Severity.INFO, True
        if word == "may" and internal:
            template = _("{who} offers SASL AUTH before STARTTLS ({level}, smtpd_tls_auth_only is not yes): clients "
                         "that authenticate before STARTTLS, or whose STARTTLS an attacker strips, send their "
                         "password in cleartext (a listener on a port that is neither the MX nor a submission port "
                         "is usually an internal hop, e.g. a proxy or webmail back end; if clients outside reach "
                         "it, this is an error); set 'smtpd_tls_auth_only = yes', or better enable SASL only on the "
                         "submission services")
        elif word == "may":
            template = _("{who} offers SASL AUTH before STARTTLS ({level}, smtpd_tls_auth_only is not yes): clients "
                         "that authenticate before STARTTLS, or whose STARTTLS an attacker strips, send their "
                         "password in cleartext; set 'smtpd_tls_auth_only = yes', or better enable SASL only on the "
                         "submission services")
        elif internal:
            template = _("{who} offers SASL AUTH without TLS ({level}): every password is sent in cleartext (a "
                         "listener on a port that is neither the MX nor a submission port is usually an internal "
                         "hop, e.g. a proxy or webmail back end; if clients outside reach it, this is an error); set "
                         "'smtpd_tls_auth_only = yes', or better enable SASL only on the submission services")
        else:
            template = _("{who} offers SASL AUTH without TLS ({level}): every password is sent in cleartext; set "
                         "'smtpd_tls_auth_only = yes', or better enable SASL only on the submission services")
        message = template.format(who=_who(cfg, service), level=_level_text(level))
        known = found.get(span)
        if known is None or severity.rank > known[0].rank:
            found[span] = (severity, message, [s for s in dict.fromkeys(related) if s != span])
    for span, (severity, message, related) in sorted(found.items()):
        yield AUTH_OVER_PLAINTEXT.finding(span, message, severity, related=related)
    yield from _client_auth_over_plaintext(cfg)


_SMTP_SASL_DEFAULT_OPTIONS = "noplaintext, noanonymous"  # postconf(5) smtp_sasl_security_options


def _relay_hostname(value: str) -> str:
    """``[smtp.example.com]:587`` -> ``smtp.example.com``; ``smtp.example.com:25`` -> ``smtp.example.com``."""
    text = value.strip().split()[0] if value.strip() else ""
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def _client_auth_over_plaintext(cfg: PostfixConfig) -> Iterator[Finding]:
    """main.cf: SASL to a remote relayhost while TLS to it is optional and plaintext mechanisms are allowed."""
    if cfg.main is None:
        return
    sasl = cfg.effective("smtp_sasl_auth_enable")
    relay = cfg.effective("relayhost")
    level = cfg.effective("smtp_tls_security_level")
    if parse_postfix_bool(sasl.value) is not True or not relay.value or level.value is None:
        return
    host = _relay_hostname(relay.value)
    if not host or is_local_host(host):
        return
    if level.value.strip().lower() not in _WEAK_LEVELS:
        return
    for name in ("smtp_tls_policy_maps", "smtp_tls_wrappermode"):
        other = cfg.effective(name)
        if other.value is None or (other.value.strip() and other.value.strip().lower() != "no"):
            return  # a TLS policy table may require TLS for the relay host; wrapper mode is TLS
    options = cfg.parameter("smtp_sasl_security_options")
    value = _SMTP_SASL_DEFAULT_OPTIONS if options.source == "default" else options.value
    if value is None or "noplaintext" in split_list(value.lower()):
        return
    span = level.span or sasl.span
    if span is None:
        return
    shown_level = level.value.strip() or _("empty (no TLS)")
    yield AUTH_OVER_PLAINTEXT.finding(
        span,
        _("Postfix authenticates to relayhost '{host}' (smtp_sasl_auth_enable = yes) with smtp_tls_security_level "
          "{level} and plaintext SASL mechanisms allowed (smtp_sasl_security_options): an attacker who strips "
          "STARTTLS gets the relay password; set 'smtp_tls_security_level = encrypt' (or verify/secure)").format(
            host=host, level=shown_level),
        Severity.WARNING,
        related=[s for s in (sasl.span, relay.span, options.span) if s is not None and s != span],
    )


_PASSWORD_MAPS = ("smtp_sasl_password_maps", "lmtp_sasl_password_maps")


@postfix_check(HARDCODED_PASSWORD)
def postfix_inline_passwords(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """``*_sasl_password_maps = inline:{ host=user:pass }`` / ``static:user:pass`` in main.cf or -o options."""
    places: list[tuple[str, str, Span, bool]] = []
    if cfg.main is not None:
        for name in _PASSWORD_MAPS:
            places += [(name, d.value, d.span, d.templated) for d in cfg.main.definitions.get(name, [])]
    if cfg.master is not None:
        for service in cfg.master.services:
            places += [(o.name, o.value, o.span, o.templated) for o in service.overrides if o.name in _PASSWORD_MAPS]
    for name, value, span, templated in places:
        if templated or not table_holds_password(value):
            continue
        severity = Severity.WARNING if is_example_path(span.path) else Severity.ERROR
        yield HARDCODED_PASSWORD.finding(
            span,
            _("{parameter} holds a literal password in an inline:/static: table: anyone who can read this file or "
              "the repository can use the relay account; move the credentials to a root-only table "
              "(hash:/etc/postfix/sasl_passwd, postmap it) and rotate the password").format(parameter=name),
            severity,
        )
