"""SMTP4xx: knowledge of public mail providers — host typos (SMTP401), ports and modes they do not offer (402).

The provider table is data (``providers.json`` beside this module, shipped as package data), loaded once on
first use: hosts, regional host patterns, STARTTLS and implicit-TLS port lists, a ``verified`` date and a
status per entry, the hand-made typo table, and registrable domains of other mail services that are never
"typos" of a listed provider (``mail.com`` is one edit away from ``gmail.com``).

Decisions:

* A host is compared lower-cased with the trailing dot stripped. Exact canonical, alias and regional hosts
  (``email-smtp.<region>.amazonaws.com`` by pattern, so that a new AWS region is not a "typo") are never
  typos. Otherwise the typo table decides, then Damerau-Levenshtein (optimal string alignment) distance
  <= 2 (<= 1 for hosts shorter than 12 characters) to a canonical host *of the same family*: the same
  registrable domain, or a registrable domain whose first label is itself within distance 2 of the
  provider's and that is not another mail service's domain.
* SMTP402 and SMTP105 never both report one endpoint: when the host is a known provider and SMTP402 has
  something to say, SMTP105 stays silent (:func:`reports_port_mode`), because SMTP402 can name the exact
  port and mode the provider offers (smtp-reference.md 5.00: "SMTP402 does not repeat SMTP105").
* A wrong mode on a port SMTP105 knows (25/587/2525/2587 or 465/2465) is an error, as SMTP105 would
  report it; on another listed port (Mailjet's 80) a warning. A port missing from a provider's lists is an
  error, except for entries whose port lists are marked unverified in the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from smtplint.i18n import _
from smtplint.model import (
    ClientEndpoint,
    Dialect,
    Edit,
    Finding,
    Fix,
    Mode,
    Origin,
    RuleOptions,
    Setting,
    Severity,
    Span,
)
from smtplint.patterns import lazy
from smtplint.records import record
from smtplint.rules._base import RuleDoc, define, endpoint_check
from smtplint.rules._common import is_local_host, lowered, safe_text, shown, with_fallback
from smtplint.rules._fixes import fix

_DATA_FILE = "providers.json"
# The port sets of SMTP105 (transport.py): a wrong mode on these is what SMTP105 would report as an error.
_STANDARD_STARTTLS = frozenset({587, 25, 2525, 2587})
_STANDARD_IMPLICIT = frozenset({465, 2465})
_TWO_LEVEL_SUFFIXES = frozenset({"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or"})


@record(frozen=True)
class Provider:
    """One provider entry of the data file."""

    id: str
    name: str
    hosts: tuple[str, ...]  # canonical hosts (typo candidates)
    aliases: tuple[str, ...]  # other valid hosts (never typos, not typo candidates)
    pattern: re.Pattern[str] | None  # regional hosts by shape (SES)
    starttls: tuple[int, ...]
    implicit: tuple[int, ...]
    username_hint: re.Pattern[str] | None
    ports_verified: bool
    verified: str

    def offers(self) -> str:
        """The provider's port/mode pairs in words: 'STARTTLS on 587 or 25, implicit TLS on 465'."""
        starttls, implicit = _alternatives(self.starttls), _alternatives(self.implicit)
        if self.starttls and self.implicit:
            return _("STARTTLS on port {starttls}, or implicit TLS on port {implicit}").format(
                starttls=starttls, implicit=implicit)
        if self.starttls:
            return _("STARTTLS on port {ports}").format(ports=starttls)
        return _("implicit TLS on port {ports}").format(ports=implicit) if self.implicit else ""


@record(frozen=True)
class Typo:
    """One entry of the typo table."""

    typo: str
    intended: str
    severity: Severity
    note: str


@record(frozen=True)
class ProviderData:
    """The loaded data file."""

    providers: tuple[Provider, ...]
    by_host: dict[str, Provider]
    candidates: tuple[tuple[str, Provider], ...]  # (canonical host, provider) for the distance check
    typos: dict[str, Typo]
    distinct_domains: frozenset[str]


def _alternatives(ports: tuple[int, ...]) -> str:
    texts = [str(p) for p in ports]
    if len(texts) <= 1:
        return "".join(texts)
    return _("{items} or {last}").format(items=", ".join(texts[:-1]), last=texts[-1])


@cache
def data() -> ProviderData:
    """The provider table, read from the package data on first use."""
    import json  # here, not at import: start-up of runs that never look a provider up
    from pathlib import Path

    # beside this module (as config.py reads its schema): importlib.resources would import zipfile,
    # tempfile and random, about 8 ms of start-up for a pre-commit run
    raw = json.loads(Path(__file__).with_name(_DATA_FILE).read_text(encoding="utf-8"))
    providers: list[Provider] = []
    by_host: dict[str, Provider] = {}
    candidates: list[tuple[str, Provider]] = []
    for entry in raw["providers"]:
        pattern = entry.get("host_pattern")
        hint = entry.get("username_hint")
        p = Provider(
            id=entry["id"], name=entry["name"], hosts=tuple(entry.get("hosts", ())),
            aliases=tuple(entry.get("aliases", ())), pattern=lazy(pattern) if pattern else None,
            starttls=tuple(entry["starttls"]), implicit=tuple(entry["implicit"]),
            username_hint=lazy(hint) if hint else None,
            ports_verified=entry.get("status") != "unverified", verified=entry["verified"],
        )
        providers.append(p)
        for host in (*p.hosts, *p.aliases):
            by_host[host] = p
        candidates += [(h, p) for h in p.hosts]
        template = entry.get("host_template")
        if template:
            candidates += [(template.format(region=r), p) for r in entry.get("regions", ())]
    typos = {t["typo"]: Typo(t["typo"], t["intended"], Severity(t.get("severity", "warning")), t.get("note", ""))
             for t in raw["typos"]}
    return ProviderData(tuple(providers), by_host, tuple(candidates), typos, frozenset(raw["distinct_domains"]))


def normalise(host: str) -> str:
    """A host for comparison: trimmed, lower case, without a trailing dot or IPv6 brackets."""
    return host.strip().lower().rstrip(".").strip("[]")


def provider_of(host: str) -> Provider | None:
    """The provider whose canonical, alias or regional host this is, or None."""
    h = normalise(host)
    d = data()
    found = d.by_host.get(h)
    if found is not None:
        return found
    return next((p for p in d.providers if p.pattern is not None and p.pattern.match(h)), None)


def distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), capped at ``limit``: cheap early exit."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def registrable(host: str) -> str:
    """The registrable domain, approximately: the last two labels, three under ``co.uk``-style suffixes."""
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _TWO_LEVEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _same_family(host: str, canonical: str, distinct: frozenset[str]) -> bool:
    mine, theirs = registrable(host), registrable(canonical)
    if mine == theirs:
        return True
    if mine in distinct:
        return False
    return distance(mine.split(".")[0], theirs.split(".")[0]) <= 2


@record(frozen=True)
class TypoMatch:
    """A host that looks like a mistyped provider host."""

    intended: str
    provider: Provider | None
    distance: int
    severity: Severity
    note: str


@cache
def _candidate_keys() -> tuple[tuple[str, Provider, int, frozenset[str]], ...]:
    """Each canonical host with its provider, its length and its set of characters (find_typo's prefilter)."""
    return tuple((host, provider, len(host), frozenset(host)) for host, provider in data().candidates)


@cache  # hosts repeat across the files of a tree; the answer depends on the host and the data only
def find_typo(host: str) -> TypoMatch | None:
    """The provider host ``host`` looks like a typo of, or None (exact and regional hosts are not typos; the
    typo table comes first, so that a legacy alias that still works is reported at its own severity)."""
    h = normalise(host)
    d = data()
    typo = d.typos.get(h)  # first: a legacy alias that still works (smtp.googlemail.com) is an info typo
    if typo is None and ("." not in h or provider_of(h) is not None):
        return None
    if typo is not None:
        intended = provider_of(typo.intended) if "<" not in typo.intended else provider_of(
            typo.intended.replace("<region>", "us-east-1"))
        return TypoMatch(typo.intended, intended, distance(h, typo.intended), typo.severity, typo.note)
    limit = 1 if len(h) < 12 else 2
    best: tuple[int, str, Provider] | None = None
    size, chars = len(h), frozenset(h)
    for canonical, provider, their_size, their_chars in _candidate_keys():
        # cheap lower bounds of the distance first (it is only ever compared with ``limit``): each edit
        # changes the length by at most one, and adds or removes at most two characters of the sets
        if abs(size - their_size) > limit or len(chars ^ their_chars) > 2 * limit:
            continue
        dist = distance(h, canonical, limit + 1)
        if dist <= limit and (best is None or dist < best[0]) and _same_family(h, canonical, d.distinct_domains):
            best = (dist, canonical, provider)
    if best is None:
        return None
    return TypoMatch(best[1], best[2], best[0], Severity.WARNING, "")


# ---------------------------------------------------------------------------------------------------------
# Rules

PROVIDER_HOST_TYPO = define(
    "SMTP401",
    "provider-host-typo",
    Severity.WARNING,
    "An SMTP host a small edit away from a known provider's host (smtp.gmial.com, smtp.office356.com).",
    RuleDoc(
        what=(
            "Reports an SMTP host that is within a small Damerau-Levenshtein distance of a known provider's "
            "host (2 edits, 1 for hosts shorter than 12 characters) in the same domain family, or that is in "
            "a table of known mistakes (`smtp.office.com`, `smtp.outlook.com`, `email-smtp.amazonaws.com` "
            "without a region). Error when the distance is 1 and the user name matches the provider "
            "(`apikey` with `smtp.sendgird.net`); info for legacy aliases that still work "
            "(`smtp.googlemail.com`, `smtp.live.com`)."
        ),
        why=(
            "A mistyped host does not resolve, resolves to somebody else, or to a parked domain that accepts "
            "the connection: in the last two cases the application hands its SMTP password to a stranger. "
            "The error usually shows up only when the first mail fails in production."
        ),
        example="```dotenv\nMAIL_HOST=smtp.office356.com\nMAIL_PORT=587\n```",
        fix="```dotenv\nMAIL_HOST=smtp.office365.com\nMAIL_PORT=587\n```",
        not_reported=(
            "Exact provider hosts and their regional variants (`smtp.zoho.eu`, `smtp.eu.mailgun.org`, "
            "`email-smtp.<any region>.amazonaws.com`); hosts that merely contain a provider's name "
            "(`smtp.gmail-relay.internal.example.com`); the domains of other mail services one edit away "
            "(`smtp.mail.com`, `smtp.gmx.com`); unresolved hosts (`${SMTP_HOST}`); local and development "
            "hosts. A host that is only a reference's fallback is reported one severity lower."
        ),
        references=(
            "smtplint provider table (smtplint/rules/providers.json), from smtp-reference.md section 4",
            "Damerau-Levenshtein distance: https://en.wikipedia.org/wiki/Damerau%E2%80%93Levenshtein_distance",
        ),
    ),
    tags=("correctness", "smtp", "providers", "external/cwe/cwe-200"),
    security_severity=4.3,
    precision="high",
)

PROVIDER_PORT_MODE = define(
    "SMTP402",
    "provider-port-mode",
    Severity.ERROR,
    "A known provider with a port it does not listen on, or with the mode of its other port.",
    RuleDoc(
        what=(
            "Reports a known provider's host (Gmail, Microsoft 365, Outlook.com, Yahoo, Zoho, SendGrid, "
            "Mailgun, Amazon SES, Postmark, Brevo, Mailjet) with a port the provider does not offer "
            "(Microsoft 365 or Postmark on 465: error), or with the mode of the provider's other port "
            "(implicit TLS on Gmail's 587, STARTTLS on SES's 2465: error where SMTP105 would report it, "
            "warning on other listed ports). The message lists the provider's port/mode pairs."
        ),
        why=(
            "The connection cannot work: a closed port times out, and a TLS ClientHello sent to a STARTTLS "
            "port (or a banner awaited on an implicit-TLS port) fails with 'wrong version number' or a "
            "timeout. The next thing people try is turning TLS or certificate checks off."
        ),
        example=(
            "```yaml\nsmtp:\n  host: smtp.office365.com\n  port: 465\n  security: ssl\n```\n\n"
            "```python\nEMAIL_HOST = \"smtp.gmail.com\"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n```"
        ),
        fix=(
            "```yaml\nsmtp:\n  host: smtp.office365.com\n  port: 587\n  security: starttls\n```\n\n"
            "```python\nEMAIL_HOST = \"smtp.gmail.com\"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n```"
        ),
        not_reported=(
            "Unresolved hosts, ports or modes; the ambiguous `tls` keyword and other modes the port decides "
            "(one of the provider's modes fits); plaintext (SMTP101/SMTP102 report it); hosts that are not "
            "in the provider table; a missing port on providers whose port lists are unverified (Brevo, "
            "Mailjet). When this rule reports an endpoint, SMTP105 does not repeat it at the same place; "
            "disabling SMTP402 therefore also silences SMTP105 for known provider hosts. Fallback values "
            "are reported one severity lower."
        ),
        references=(
            "Microsoft 365 SMTP AUTH client submission: https://learn.microsoft.com/en-us/exchange/"
            "mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-"
            "using-microsoft-365-or-office-365",
            "Amazon SES SMTP endpoints: https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html",
            "Postmark SMTP: https://postmarkapp.com/support/article/1166-what-are-the-smtp-details-api-"
            "tokens-i-should-be-using",
            "RFC 8314 section 3.3: https://www.rfc-editor.org/rfc/rfc8314#section-3.3",
        ),
    ),
    tags=("correctness", "tls", "smtp", "providers"),
    precision="very-high",
)


def _known_host(ep: ClientEndpoint, opts: RuleOptions) -> Setting[str] | None:
    host = ep.host
    if host is None or not host.known or not host.value or is_local_host(host.value, opts.dev_hosts):
        return None
    return host


@endpoint_check(PROVIDER_HOST_TYPO)
def provider_host_typo(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """A host a small edit away from a provider's host, or in the typo table."""
    host = _known_host(ep, opts)
    if host is None or host.value is None:
        return
    match = find_typo(host.value)
    if match is None:
        return
    severity = match.severity
    user = ep.username
    if (match.distance == 1 and match.provider is not None and match.provider.username_hint is not None
            and user is not None and user.known and user.value
            and match.provider.username_hint.search(user.value.strip())):
        severity = Severity.ERROR
    shown_host = safe_text(normalise(host.value))
    if match.severity is Severity.INFO and match.note:  # the table's info entries: legacy names that still work
        template = _("SMTP host '{host}' is a legacy name of '{intended}' ({note}): it works today, but the "
                     "provider documents '{intended}' and may retire the old name; write '{intended}'")
    elif match.note:
        template = _("SMTP host '{host}' looks like a typo of '{intended}' ({note}): a mistyped host fails, or hands "
                     "the SMTP password to whoever owns that name; correct the host")
    else:
        template = _("SMTP host '{host}' looks like a typo of '{intended}': a mistyped host fails, or hands the SMTP "
                     "password to whoever owns that name; correct the host")
    message = template.format(host=shown_host, intended=match.intended, note=_(match.note) if match.note else "")
    yield PROVIDER_HOST_TYPO.finding(
        host.span,
        with_fallback(message, host),
        lowered(severity, host),
        fix=_host_fix(host, match.intended, ep),
    )


def _host_fix(host: Setting[str], intended: str, ep: ClientEndpoint) -> Fix | None:
    """The host as written replaced by the provider's host. Unsafe: which host was meant is a guess (and a
    look-alike domain may be someone's on purpose)."""
    written = (host.value or "").strip()
    if not written or host.origin not in (Origin.LITERAL, Origin.FALLBACK):
        return None
    return fix(_("write the provider's host '{host}'").format(host=intended), Edit(host.span, written, intended),
               safe=False, secret=ep.password)


@record(frozen=True)
class _Problem:
    span: Span
    message: str
    severity: Severity
    related: tuple[Span, ...]


def _mode_kind(ep: ClientEndpoint) -> str | None:
    mode = ep.mode
    if mode is None or not mode.known or not ep.mode_certain:
        return None
    if mode.value is Mode.IMPLICIT_TLS:
        return "implicit"
    if mode.value in (Mode.STARTTLS, Mode.STARTTLS_REQUIRED):
        return "starttls"
    return None  # plaintext (SMTP101/102) or a mode the port decides (AUTO)


def _problem(ep: ClientEndpoint, opts: RuleOptions) -> _Problem | None:
    host = _known_host(ep, opts)
    port = ep.port
    if host is None or host.value is None or port is None or not port.known or port.value is None:
        return None
    provider = provider_of(host.value)
    if provider is None:
        return None
    name = safe_text(normalise(host.value))
    p = port.value
    default = port.origin is Origin.DEFAULT
    if p not in provider.starttls and p not in provider.implicit:
        if not provider.ports_verified:
            return None
        related = (host.span,) if host.span != port.span else ()
        template = (_("{host} ({provider}) does not accept connections on port {port} (the default: no port is "
                      "set); use {offers}") if default else
                    _("{host} ({provider}) does not accept connections on port {port}; use {offers}"))
        if default and ep.dialect is Dialect.COMMONS_EMAIL and ep.mode is not None \
                and ep.mode.value is Mode.IMPLICIT_TLS:
            template = _("{host} ({provider}) does not accept connections on port {port}, where setSSLOnConnect(true) "
                         "connects (setSslSmtpPort, 465 by default; setSmtpPort is not used with it); use {offers}")
        message = template.format(host=name, provider=provider.name, port=p, offers=provider.offers())
        return _Problem(port.span, with_fallback(message, host, port), lowered(Severity.ERROR, host, port), related)
    kind = _mode_kind(ep)
    mode = ep.mode
    if kind is None or mode is None:
        return None
    if kind == "implicit" and p not in provider.implicit:
        template = (_("'{setting}' starts TLS immediately, but {host} expects STARTTLS on port {port} (the default: "
                      "no port is set): the connection fails ('wrong version number'); {provider} offers {offers}")
                    if default else
                    _("'{setting}' starts TLS immediately, but {host} expects STARTTLS on port {port}: the connection "
                      "fails ('wrong version number'); {provider} offers {offers}"))
        standard = p in _STANDARD_STARTTLS
    elif kind == "starttls" and p not in provider.starttls:
        template = (_("'{setting}' waits for a plaintext banner, but {host} speaks implicit TLS on port {port} (the "
                      "default: no port is set): the connection times out; {provider} offers {offers}")
                    if default else
                    _("'{setting}' waits for a plaintext banner, but {host} speaks implicit TLS on port {port}: the "
                      "connection times out; {provider} offers {offers}"))
        standard = p in _STANDARD_IMPLICIT
    else:
        return None
    related = (port.span,) if port.origin is not Origin.DEFAULT and port.span != mode.span else ()
    severity = Severity.ERROR if standard else Severity.WARNING
    message = template.format(setting=shown(mode), host=name, port=p, provider=provider.name,
                              offers=provider.offers())
    return _Problem(mode.span, with_fallback(message, mode, port, host), lowered(severity, mode, port, host),
                    related)


def reports_port_mode(ep: ClientEndpoint, opts: RuleOptions) -> bool:
    """True when SMTP402 reports this endpoint (SMTP105 then stays silent: one cause, one finding)."""
    return _problem(ep, opts) is not None


@endpoint_check(PROVIDER_PORT_MODE)
def provider_port_mode(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """A provider's host with a port it does not offer, or the mode of its other port."""
    problem = _problem(ep, opts)
    if problem is not None:
        yield PROVIDER_PORT_MODE.finding(problem.span, problem.message, problem.severity, problem.related)
