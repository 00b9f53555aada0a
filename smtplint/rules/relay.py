"""SMTP3xx: Postfix relay policy (mynetworks, submission TLS level) and the Postfix half of SMTP201.

Every check asks the resolver (:meth:`PostfixConfig.effective`) for effective values: ``-o`` override,
then main.cf, then the built-in default, ``$name`` expanded. Unknown values (templates, a master.cf
without its main.cf) never produce a finding (smtp-reference.md 5.00).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from smtplint.model import Finding, PostfixConfig, Resolved, Service, Severity, Span
from smtplint.model.postfix import parse_postfix_bool, split_list
from smtplint.rules._base import RuleDoc, RuleOptions, define, postfix_check
from smtplint.rules.auth import MISSING_AUTH

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
            "`mynetworks_style = subnet` (written, or implied by a compatibility_level below 2) a warning."
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
            "IPv6 below /48, entries excluded by an earlier `!pattern` (so `!0.0.0.0/0` is not broad), "
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
            "with only `-o syslog_name=postfix/submission`, inheriting `may` from main.cf."
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
_MAPPED_V4 = ipaddress.IPv6Network("::ffff:0:0/96")
_ABBREVIATED_V4 = re.compile(r"^\d{1,3}(\.\d{1,3}){0,3}$")
_WEAK_LEVELS = frozenset({"may", "none", ""})
_LOCAL_FIX = "list only loopback (127.0.0.0/8 [::1]/128) and the exact hosts that must relay without SASL"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
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
    if _ABBREVIATED_V4.match(addr) and addr.count(".") < 3:
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
        return Severity.ERROR, "every client on the internet can relay without authentication (open relay)"
    if isinstance(net, ipaddress.IPv4Network):
        if net.subnet_of(_LOOPBACK_V4):
            return None
        private = any(net.subnet_of(p) for p in _PRIVATE_V4)
        if net.prefixlen < 8 or (not private and net.prefixlen <= 16):
            return Severity.ERROR, f"{net.num_addresses:,} internet addresses can relay without authentication"
        if private and net.prefixlen <= 16:
            return Severity.WARNING, "every host and container on that private network can relay without authentication"
        if not private and net.prefixlen < 24:
            return Severity.WARNING, f"{net.num_addresses:,} internet addresses can relay without authentication"
        return None
    if net.subnet_of(_LOOPBACK_V6):
        return None
    if any(net.subnet_of(p) for p in _PRIVATE_V6):
        if net.prefixlen < 48:
            return Severity.WARNING, "every host on that private IPv6 range can relay without authentication"
        return None
    if net.prefixlen < 48:
        return Severity.ERROR, "a whole provider-sized IPv6 range can relay without authentication"
    if net.prefixlen < 64:
        return Severity.WARNING, "a whole IPv6 site can relay without authentication"
    return None


def broad_entries(value: str) -> list[_Broad]:
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
        verdict = classify_network(net)
        if verdict is not None:
            size = 1.0 - net.prefixlen / net.max_prefixlen
            found.append(_Broad(item, verdict[0], verdict[1], size))
    found.sort(key=lambda b: (-b.severity.rank, -b.size))
    return found


def _entries_text(found: list[_Broad]) -> str:
    names = [b.entry for b in found]
    if len(names) == 1:
        return names[0]
    if len(names) <= 3:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return f"{', '.join(names[:2])} and {len(names) - 2} more"


def _mynetworks_finding(resolved: Resolved, span: Span, prefix: str, severity_cap: Severity | None,
                        related: tuple[Span, ...]) -> Iterator[Finding]:
    if resolved.value is None:
        return
    found = broad_entries(resolved.value)
    if not found:
        return
    worst = found[0]
    severity = worst.severity
    if severity_cap is not None and severity.rank > severity_cap.rank:
        severity = severity_cap
    message = f"{prefix} trusts {_entries_text(found)}: {worst.reason}; {_LOCAL_FIX}"
    yield BROAD_MYNETWORKS.finding(span, message, severity, related=related)


@postfix_check(BROAD_MYNETWORKS)
def broad_mynetworks(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """main.cf mynetworks / mynetworks_style, and ``-o mynetworks=`` on master.cf services."""
    if cfg.main is not None:
        resolved = cfg.effective("mynetworks")
        if resolved.source == "main.cf" and resolved.span is not None:
            related = tuple(s for s in resolved.related if s != resolved.span)
            yield from _mynetworks_finding(resolved, resolved.span, "mynetworks", None, related)
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
        yield from _mynetworks_finding(resolved, override.span, f"service '{service.name}': -o mynetworks",
                                       cap, related)


def _mynetworks_style(cfg: PostfixConfig) -> Iterator[Finding]:
    style = cfg.effective("mynetworks_style")
    if style.value is None:
        return
    word = style.value.strip().lower()
    fix = "write 'mynetworks = 127.0.0.0/8 [::1]/128' plus the exact hosts that must relay"
    if word == "class" and style.span is not None:
        yield BROAD_MYNETWORKS.finding(
            style.span,
            "mynetworks_style = class without mynetworks trusts the server's whole class A/B/C network, "
            f"possibly the provider's entire network, to relay without authentication; {fix}",
            Severity.ERROR,
        )
    elif word == "subnet":
        if style.source == "main.cf" and style.span is not None:
            yield BROAD_MYNETWORKS.finding(
                style.span,
                "mynetworks_style = subnet without mynetworks trusts every host on the server's local "
                f"subnets to relay without authentication; {fix}",
                Severity.WARNING,
            )
        elif style.source == "default":
            level = cfg.compatibility_level()
            if level.span is not None:
                yield BROAD_MYNETWORKS.finding(
                    level.span,
                    f"compatibility_level {level.value} without mynetworks makes mynetworks_style default "
                    f"to subnet: every host on the server's local subnets can relay without "
                    f"authentication; {fix}",
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
    port = service.port
    where = f"port {port}" if port is not None else ""
    if cfg.is_loopback(service):
        where = f"{where}, loopback only" if where else "loopback only"
    return f"'{service.name}' ({where})" if where else f"'{service.name}'"


def _place(service: Service, resolved: Resolved) -> tuple[Span, list[Span]]:
    """Where a finding about a resolved service value points: the -o line, or the service line."""
    if resolved.source == "override" and resolved.span is not None:
        return resolved.span, [service.first_line]
    return service.first_line, [resolved.span] if resolved.span is not None else []


def _level_text(level: Resolved) -> str:
    if level.decided_by:
        return f"{level.decided_by}=yes (TLS level {level.value})"
    return f"smtpd_tls_security_level={level.value}" if level.value else "an empty smtpd_tls_security_level"


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
            head = f"submission service {label} sets {what}"
            fix = "write '-o smtpd_tls_security_level=encrypt' instead"
        elif level.source == "main.cf":
            head = f"submission service {label} inherits {what} {level.where()}"
            fix = "add '-o smtpd_tls_security_level=encrypt' to the service"
        else:
            head = f"submission service {label} does not enable TLS (smtpd_tls_security_level is empty by default)"
            fix = "add '-o smtpd_tls_security_level=encrypt' to the service"
        severity = Severity.INFO if cfg.is_loopback(service) else Severity.ERROR
        message = f"{head}: clients can authenticate and submit without TLS; {fix}"
        yield SUBMISSION_TLS_MAY.finding(span, message, severity, related=related)


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
                detail = f"-o smtpd_sasl_auth_enable={sasl.value}"
            elif sasl.source == "main.cf":
                detail = f"smtpd_sasl_auth_enable={sasl.value} inherited {sasl.where()}"
            else:
                detail = "smtpd_sasl_auth_enable is no by default"
            message = (f"submission service {label} has SASL authentication disabled ({detail}): "
                       "clients cannot authenticate, so relaying depends on mynetworks alone; "
                       "add '-o smtpd_sasl_auth_enable=yes'")
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
    message = (f"submission service {label} never permits authenticated clients: neither "
               "smtpd_relay_restrictions nor smtpd_recipient_restrictions contains permit_sasl_authenticated, "
               "so nobody can authenticate to relay; add "
               "'-o smtpd_recipient_restrictions=permit_sasl_authenticated,reject'")
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
        "smtpd_sasl_type=dovecot without smtpd_sasl_path: Postfix looks for the Dovecot socket at the "
        "default path 'smtpd', which Dovecot does not create; set 'smtpd_sasl_path = private/auth'",
        Severity.INFO,
        related=[service.first_line],
    )
