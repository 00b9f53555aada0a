"""SMTP5xx: mail authentication records kept as code — SPF, DMARC, DKIM and MTA-STS (smtp-reference.md section 7).

Records are recognised by name (``_dmarc``, ``<selector>._domainkey``, ``_mta-sts``) and by content (values
beginning ``v=spf1``, ``v=DMARC1``, ``v=DKIM1``, ``v=STSv1``). A part of a value that is a reference
(``${var.x}``) is unknown: the terms and tags it touches are not judged, and checks that need the whole value
(a missing ``all``, a missing ``p=``) stay silent. Includes and redirects are never followed: nothing here
touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from smtplint.i18n import _
from smtplint.model import Finding, RuleOptions, Severity, Span
from smtplint.model.dns import UNKNOWN, DnsDocument, DnsRecord, PolicyField
from smtplint.rules._base import dns_check
from smtplint.rules._common import safe_text
from smtplint.rules._dkim_key import KeyError_, decode, rsa_bits
from smtplint.rules._dns_docs import (
    DKIM_TESTING_MODE,
    DKIM_WEAK_KEY,
    DMARC_INVALID,
    DMARC_POLICY_NONE,
    MTA_STS_WEAK_POLICY,
    SPF_INVALID,
    SPF_LOOKUP_LIMIT,
    SPF_MULTIPLE_RECORDS,
    SPF_PERMISSIVE_ALL,
)
from smtplint.rules._dns_text import Piece, Tag, spf_terms, tags

_MECHANISMS = frozenset({"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"})
_MODIFIERS = frozenset({"redirect", "exp", "ra", "rp", "rr"})  # ra/rp/rr: RFC 6652 reporting extensions
_LOOKUPS = frozenset({"include", "a", "mx", "ptr", "exists"})
# (patterns kept as text and matched through re's cache: compiled only by a run that needs them)
_MODIFIER = r"^([A-Za-z][A-Za-z0-9_.-]*)="
_MECHANISM = r"(?s)^([+\-~?]?)([A-Za-z][A-Za-z0-9]*)(.*)$"
_CIDR4 = r"(0|[1-9][0-9]?)"
_CIDR6 = r"(0|[1-9][0-9]{0,2})"
_A_MX_ARG = rf"^(?::(?P<domain>[^/]+))?(?:/{_CIDR4})?(?://{_CIDR6})?$"
_IP_ARG = rf"^:(?P<addr>[^/]+)(?:/(?P<len>{_CIDR6}))?$"
_STS_TXT = r"^v=STSv1[ \t]*;[ \t]*id=[A-Za-z0-9]{1,32}[ \t]*(;[ \t]*([A-Za-z0-9_.-]+=[^ ;]*[ \t]*)?)*$"
_SPF_START = r"(?i)^v=spf1(?=[ \t\r\n]|$)"
_SPF_LIKE = r"(?i)^[ \t\r\n\"']*v[ \t]*=[ \t]*spf1"  # meant as SPF, maybe not exactly v=spf1
MAX_STRING = 255
MAX_LOOKUPS = 10
MAX_AGE_LIMIT = 31557600
MIN_MAX_AGE = 86400


def _shown(record: DnsRecord) -> str:
    return safe_text(record.name.rstrip(".") or "@")


def _first_label(record: DnsRecord) -> str | None:
    """The owner's first label, lower case; None when it is a reference; ``""`` for the apex."""
    labels = record.labels
    if not labels:
        return "" if record.name != UNKNOWN else None
    return None if UNKNOWN in labels[0] else labels[0]


def is_spf(record: DnsRecord) -> bool:
    """A TXT record whose value begins exactly ``v=spf1`` followed by a space or the end."""
    return record.rtype == "TXT" and record.known(0, 6) and re.match(_SPF_START, record.value) is not None


def _txt(doc: DnsDocument) -> Iterator[DnsRecord]:
    return (r for r in doc.records if r.rtype == "TXT")


# ------------------------------------------------------------------------------------------------- SPF


class _Term:
    """One SPF term after the version: qualifier, lower-case name, the rest, whether it is a modifier."""

    def __init__(self, piece: Piece, known: bool) -> None:
        self.piece = piece
        self.known = known
        self.modifier = re.match(_MODIFIER, piece.text) is not None
        m = re.match(_MECHANISM, piece.text)
        self.qualifier = m.group(1) if m and not self.modifier else ""
        if self.modifier:
            self.name, _eq, self.rest = piece.text.partition("=")
            self.name = self.name.lower()
        elif m:
            self.name, self.rest = m.group(2).lower(), m.group(3)
        else:
            self.name, self.rest = "", piece.text


def _terms(record: DnsRecord) -> list[_Term]:
    pieces = spf_terms(record.value)[1:]
    return [_Term(p, record.known(p.start, p.end)) for p in pieces]


def _all_index(terms: list[_Term]) -> int | None:
    return next((i for i, t in enumerate(terms) if t.known and not t.modifier and t.name == "all"), None)


@dns_check(SPF_PERMISSIVE_ALL)
def spf_permissive_all(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """``+all`` (error), ``?all`` (warning), neither ``all`` nor ``redirect=`` (info)."""
    for record in filter(is_spf, _txt(doc)):
        terms = _terms(record)
        index = _all_index(terms)
        if index is None:
            if record.literal and not any(t.modifier and t.name == "redirect" for t in terms):
                yield SPF_PERMISSIVE_ALL.finding(record.locate(0, 6), _(
                    "this SPF record on '{name}' ends without 'all' or 'redirect=': mail from unlisted hosts gets "
                    "a neutral result; end the record with '-all' (or '~all' while testing)").format(
                    name=_shown(record)), Severity.INFO)
            continue
        term = terms[index]
        if term.qualifier in ("", "+"):
            yield SPF_PERMISSIVE_ALL.finding(record.locate(term.piece.start, term.piece.end), _(
                "SPF '{term}' on '{name}' lets every host on the internet send mail as this domain: end the record "
                "with '-all' (or '~all' while testing)").format(term=term.piece.text, name=_shown(record)))
        elif term.qualifier == "?":
            yield SPF_PERMISSIVE_ALL.finding(record.locate(term.piece.start, term.piece.end), _(
                "SPF '?all' on '{name}' gives mail from unlisted hosts a neutral result, so spoofed mail is not "
                "rejected: end the record with '-all' or '~all'").format(name=_shown(record)), Severity.WARNING)


def _mechanism_problem(term: _Term) -> str | None:
    """Why a mechanism is malformed (a translated message), or None."""
    name, rest = term.name, term.rest
    if name not in _MECHANISMS:
        return _("unknown SPF mechanism '{term}': receivers return permerror for the whole record; use all, "
                 "include, a, mx, ptr, ip4, ip6 or exists").format(term=safe_text(term.piece.text, 40))
    if name == "all":
        ok = rest == ""
    elif name in ("include", "exists"):
        ok = rest.startswith(":") and len(rest) > 1
    elif name in ("a", "mx"):
        ok = re.match(_A_MX_ARG, rest) is not None
    elif name == "ptr":
        ok = rest == "" or (rest.startswith(":") and len(rest) > 1)
    else:
        ok = _ip_ok(name, rest)
    if ok:
        return None
    if name in ("ip4", "ip6"):
        return _("malformed address or prefix length in SPF term '{term}': receivers return permerror; write "
                 "e.g. 'ip4:192.0.2.0/24' or 'ip6:2001:db8::/32'").format(term=safe_text(term.piece.text, 60))
    return _("malformed SPF term '{term}': receivers return permerror; write e.g. 'include:_spf.example.com', "
             "'a', 'mx/24' or 'all'").format(term=safe_text(term.piece.text, 60))


def _ip_ok(name: str, rest: str) -> bool:
    import ipaddress
    m = re.match(_IP_ARG, rest)
    if m is None:
        return False
    try:
        address = ipaddress.ip_address(m.group("addr"))
    except ValueError:
        return False
    if (name == "ip4") != (address.version == 4):
        return False
    return m.group("len") is None or int(m.group("len")) <= (32 if name == "ip4" else 128)


@dns_check(SPF_INVALID)
def spf_invalid(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """Version, mechanisms, qualifiers, addresses, duplicate modifiers, terms after ``all``, long strings."""
    for record in _txt(doc):
        value = record.value
        found = re.match(_SPF_LIKE, value)
        if found is None or not record.known(found.start(), found.end()):
            continue
        if not is_spf(record):
            yield SPF_INVALID.finding(record.locate(0, max(found.end(), 1)), _(
                "an SPF record must begin with exactly 'v=spf1' and a space: receivers ignore this one, so the "
                "domain has no SPF policy; remove what comes before 'v=spf1'"))
            continue
        yield from _long_strings(record)
        terms = _terms(record)
        seen: dict[str, _Term] = {}
        for term in terms:
            if not term.known:
                continue
            span = record.locate(term.piece.start, term.piece.end)
            text = safe_text(term.piece.text, 60)
            if term.modifier:
                if term.name in ("redirect", "exp") and term.name in seen:
                    yield SPF_INVALID.finding(span, _(
                        "'{name}=' appears twice in this SPF record: receivers return permerror; keep one").format(
                        name=term.name), related=[record.locate(seen[term.name].piece.start,
                                                                seen[term.name].piece.end)])
                elif term.name not in _MODIFIERS:
                    yield SPF_INVALID.finding(span, _(
                        "unknown SPF modifier '{term}': receivers ignore it (RFC 7208 section 6); check the "
                        "spelling (redirect=, exp=)").format(term=text), Severity.WARNING)
                elif term.rest == "":
                    yield SPF_INVALID.finding(span, _(
                        "SPF '{name}=' without a domain: receivers return permerror; write "
                        "'{name}=_spf.example.com'").format(name=term.name))
                seen.setdefault(term.name, term)
                continue
            if (term.piece.text[0] not in "+-~?" and not term.piece.text[0].isalpha()) or (
                    term.qualifier and not term.name):
                yield SPF_INVALID.finding(span, _(
                    "bad qualifier in SPF term '{term}': receivers return permerror; use '-', '~', '?' or '+' "
                    "(or nothing) before the mechanism").format(term=text))
                continue
            problem = _mechanism_problem(term)
            if problem is not None:
                yield SPF_INVALID.finding(span, problem)
        index = _all_index(terms)
        if index is None:
            continue
        after = [t for t in terms[index + 1:] if not t.modifier]
        if after:
            first, last = after[0].piece, after[-1].piece
            yield SPF_INVALID.finding(record.locate(first.start, last.end), _(
                "SPF terms after '{all}' are never evaluated: move them before it or remove them").format(
                all=terms[index].piece.text), Severity.WARNING)
        redirect = next((t for t in terms if t.modifier and t.name == "redirect" and t.known), None)
        if redirect is not None:
            yield SPF_INVALID.finding(record.locate(redirect.piece.start, redirect.piece.end), _(
                "'redirect=' is ignored because this SPF record has '{all}' (RFC 7208 section 6.1): remove one of "
                "them").format(all=terms[index].piece.text), Severity.WARNING)


def _long_strings(record: DnsRecord) -> Iterator[Finding]:
    if record.auto_split:
        return
    for string in record.strings:
        if string.literal and len(string.text.encode("utf-8")) > MAX_STRING:
            yield SPF_INVALID.finding(string.span, _(
                "a TXT character-string of {length} characters is over the 255 limit: split the value into "
                "quoted strings of at most 255 characters (\"part1\" \"part2\"); receivers join them without "
                "spaces").format(length=len(string.text.encode("utf-8"))))


@dns_check(SPF_LOOKUP_LIMIT)
def spf_lookup_limit(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """More than 10 DNS-querying terms in the record itself (error); ``ptr`` (warning)."""
    for record in filter(is_spf, _txt(doc)):
        terms = _terms(record)
        index = _all_index(terms)
        evaluated = terms if index is None else terms[:index + 1]
        querying = [t for t in evaluated if t.known and (
            (not t.modifier and t.name in _LOOKUPS) or (t.modifier and t.name == "redirect" and index is None))]
        if len(querying) > MAX_LOOKUPS:
            extra = querying[MAX_LOOKUPS]
            yield SPF_LOOKUP_LIMIT.finding(record.locate(extra.piece.start, extra.piece.end), _(
                "this SPF record makes {count} DNS lookups by itself (include, a, mx, ptr, exists, redirect); "
                "over 10 is a permerror (RFC 7208 section 4.6.4), and includes, not followed offline, only add "
                "more: merge includes or list addresses with ip4:/ip6:").format(count=len(querying)))
        for term in terms:
            if term.known and not term.modifier and term.name == "ptr":
                yield SPF_LOOKUP_LIMIT.finding(record.locate(term.piece.start, term.piece.end), _(
                    "SPF 'ptr' is slow and unreliable and must not be used (RFC 7208 section 5.5): list the "
                    "addresses with ip4:/ip6: or use 'a'"), Severity.WARNING)


@dns_check(SPF_MULTIPLE_RECORDS)
def spf_multiple_records(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """Two or more ``v=spf1`` TXT records on one name; an SPF-type record."""
    first: dict[str, DnsRecord] = {}
    for record in doc.records:
        if record.rtype == "SPF":
            yield SPF_MULTIPLE_RECORDS.finding(record.span, _(
                "the SPF record type is obsolete (RFC 7208 section 3.1) and receivers do not read it: publish "
                "the policy as a TXT record only"))
            continue
        if not is_spf(record):
            continue
        if record.rrset in first:
            earlier = first[record.rrset]
            yield SPF_MULTIPLE_RECORDS.finding(record.locate(0, 6), _(
                "a second SPF record on '{name}' (the first is on line {line}): two 'v=spf1' records make "
                "every SPF check a permerror (RFC 7208 section 4.5); merge them into one").format(
                name=_shown(record), line=earlier.span.line), related=[earlier.locate(0, 6)])
        else:
            first[record.rrset] = record


# ----------------------------------------------------------------------------------------------- DMARC


def _is_dmarc(record: DnsRecord) -> bool:
    head = record.value.lstrip(" \t")
    return record.rtype == "TXT" and (head.lower().startswith("v=dmarc1") or (
        _first_label(record) == "_dmarc" and bool(re.search(r"(^|;)\s*p\s*=", head, re.I))))


def _tag(found: list[Tag], name: str) -> Tag | None:
    return next((t for t in found if t.name == name), None)


@dns_check(DMARC_POLICY_NONE)
def dmarc_policy_none(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """``p=none`` (warning), ``sp=none`` under a stronger ``p`` (warning), ``pct`` below 100 (info)."""
    for record in filter(_is_dmarc, doc.records):
        found = tags(record.value)
        policy, sub, pct = _tag(found, "p"), _tag(found, "sp"), _tag(found, "pct")
        if policy is None or not record.known(policy.whole.start, policy.whole.end):
            continue
        p = policy.value.lower()
        if p == "none":
            yield DMARC_POLICY_NONE.finding(record.locate(policy.whole.start, policy.whole.end), _(
                "DMARC 'p=none' on '{name}' only monitors: receivers deliver mail that fails DMARC; move to "
                "'p=quarantine' and then 'p=reject' once the reports are clean").format(name=_shown(record)))
            continue
        if p not in ("quarantine", "reject"):
            continue
        if sub is not None and sub.value.lower() == "none" and record.known(sub.whole.start, sub.whole.end):
            yield DMARC_POLICY_NONE.finding(record.locate(sub.whole.start, sub.whole.end), _(
                "DMARC 'sp=none' exempts every subdomain from 'p={policy}': spoofed mail from subdomains is "
                "delivered; remove 'sp=' or set it to 'quarantine' or 'reject'").format(policy=p))
        if pct is not None and pct.value.isdigit() and int(pct.value) < 100 and record.known(
                pct.whole.start, pct.whole.end):
            yield DMARC_POLICY_NONE.finding(record.locate(pct.whole.start, pct.whole.end), _(
                "DMARC 'pct={pct}' applies 'p={policy}' to only part of the failing mail: raise it to 100 (or "
                "remove it) once the reports are clean").format(pct=int(pct.value), policy=p), Severity.INFO)


_DMARC_VALUES = {
    "p": ("none", "quarantine", "reject"),
    "sp": ("none", "quarantine", "reject"),
    "adkim": ("r", "s"),
    "aspf": ("r", "s"),
}


@dns_check(DMARC_INVALID)
def dmarc_invalid(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """Version first, ``p`` present, tag values, ``mailto:`` report URIs, the ``_dmarc`` name."""
    for record in filter(_is_dmarc, doc.records):
        found = tags(record.value)
        first = found[0] if found else None
        if first is None:
            continue
        label = _first_label(record)
        if label is not None and label != "_dmarc":
            yield DMARC_INVALID.finding(record.name_span, _(
                "a DMARC record on '{name}' is never read: receivers look it up at '_dmarc.<domain>'; move it "
                "there").format(name=_shown(record)))
        if not record.known(first.whole.start, first.whole.end):
            continue
        if first.name != "v" or first.value != "DMARC1":
            yield DMARC_INVALID.finding(record.locate(first.whole.start, first.whole.end), _(
                "a DMARC record must begin with exactly 'v=DMARC1': receivers ignore this one; put 'v=DMARC1;' "
                "first"))
            continue
        if _tag(found, "p") is None and record.literal:
            yield DMARC_INVALID.finding(record.locate(first.whole.start, first.whole.end), _(
                "this DMARC record has no 'p=' policy: add 'p=none' to start monitoring, then 'p=quarantine' or "
                "'p=reject'"))
        for tag in found:
            if not record.known(tag.whole.start, tag.whole.end):
                continue
            problem = _dmarc_value_problem(tag)
            if problem is not None:
                yield DMARC_INVALID.finding(record.locate(tag.whole.start, tag.whole.end), problem)


def _dmarc_value_problem(tag: Tag) -> str | None:
    value = tag.value
    if tag.name in _DMARC_VALUES and value.lower() not in _DMARC_VALUES[tag.name]:
        return _("unknown value '{value}' for DMARC tag '{tag}': use one of {allowed}").format(
            value=safe_text(value, 30), tag=tag.name, allowed=", ".join(_DMARC_VALUES[tag.name]))
    if tag.name == "fo" and not all(part.strip() in ("0", "1", "d", "s") for part in value.lower().split(":")):
        return _("unknown value '{value}' for DMARC tag '{tag}': use one of {allowed}").format(
            value=safe_text(value, 30), tag="fo", allowed="0, 1, d, s")
    if tag.name == "pct" and not (value.isdigit() and int(value) <= 100):
        return _("DMARC 'pct={value}' must be a whole number from 0 to 100").format(value=safe_text(value, 30))
    if tag.name in ("rua", "ruf"):
        for uri in value.split(","):
            if not uri.strip().lower().startswith("mailto:"):
                return _("DMARC '{tag}' address '{uri}' is not a 'mailto:' URI: no reports are sent to it; write "
                         "'{tag}=mailto:dmarc-reports@example.com'").format(tag=tag.name,
                                                                            uri=safe_text(uri.strip(), 60))
    return None


# ------------------------------------------------------------------------------------------------ DKIM


def _is_dkim(record: DnsRecord) -> bool:
    labels = record.labels
    return record.rtype == "TXT" and (
        "_domainkey" in labels[1:] or record.value.lstrip(" \t").startswith("v=DKIM1"))


@dns_check(DKIM_WEAK_KEY)
def dkim_weak_key(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """RSA keys under 1024 bits (error) or 2048 (warning); a ``p=`` that is not a key (error)."""
    for record in filter(_is_dkim, doc.records):
        found = tags(record.value)
        key = _tag(found, "p")
        if key is None or key.value == "" or not record.known(key.whole.start, key.whole.end):
            continue  # no key, a revoked key (empty p=), or a reference
        kind_tag = _tag(found, "k")
        if kind_tag is not None and not record.known(kind_tag.whole.start, kind_tag.whole.end):
            continue
        kind = kind_tag.value.lower() if kind_tag is not None else "rsa"
        span = record.locate(key.value_piece.start, key.value_piece.end)
        try:
            der = decode(key.value)
            if kind == "ed25519":
                if len(der) != 32:
                    raise KeyError_("not a 32-byte Ed25519 key")
                continue
            if kind != "rsa":
                continue  # a key type this version of smtplint does not know
            bits = rsa_bits(der)
        except KeyError_:
            yield DKIM_WEAK_KEY.finding(span, _(
                "the DKIM 'p=' value on '{name}' is not a valid {kind} public key (bad base64 or key encoding): "
                "every signature fails to verify; publish the public key your signer uses").format(
                name=_shown(record), kind=kind))
            continue
        if bits < 1024:
            yield DKIM_WEAK_KEY.finding(span, _(
                "the DKIM RSA key on '{name}' has {bits} bits: RFC 8301 forbids keys under 1024 bits and "
                "verifiers reject them; generate a 2048-bit key and publish it under a new selector").format(
                name=_shown(record), bits=bits))
        elif bits < 2048:
            yield DKIM_WEAK_KEY.finding(span, _(
                "the DKIM RSA key on '{name}' has {bits} bits, under the 2048 that RFC 8301 recommends: generate "
                "a 2048-bit key and rotate to a new selector").format(name=_shown(record), bits=bits),
                Severity.WARNING)


@dns_check(DKIM_TESTING_MODE)
def dkim_testing_mode(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """``t=y`` on a published selector."""
    for record in filter(_is_dkim, doc.records):
        flags = _tag(tags(record.value), "t")
        if flags is None or not record.known(flags.whole.start, flags.whole.end):
            continue
        if "y" in (f.strip().lower() for f in flags.value.split(":")):
            yield DKIM_TESTING_MODE.finding(record.locate(flags.whole.start, flags.whole.end), _(
                "DKIM 't=y' on '{name}' marks the selector as testing: verifiers may treat failed signatures as "
                "unsigned mail; remove 't=y' once signing works").format(name=_shown(record)))


# --------------------------------------------------------------------------------------------- MTA-STS


@dns_check(MTA_STS_WEAK_POLICY)
def mta_sts_weak_policy(doc: DnsDocument, opts: RuleOptions) -> Iterator[Finding]:
    """Policy files: mode, max_age, required fields; ``_mta-sts`` TXT records: ``v=STSv1; id=``."""
    for record in doc.records:
        if record.rtype != "TXT" or not record.literal:
            continue
        value = record.value.strip(" \t\r\n")
        if _first_label(record) != "_mta-sts" and not value.startswith("v=STSv1"):
            continue
        if re.match(_STS_TXT, value) is None:
            yield MTA_STS_WEAK_POLICY.finding(record.locate(0, len(record.value)), _(
                "the MTA-STS record on '{name}' must read 'v=STSv1; id=<1 to 32 letters and digits>': senders "
                "ignore the policy otherwise; change the id whenever the policy file changes").format(
                name=_shown(record)), Severity.ERROR)
    for policy in doc.policies:
        yield from _policy_findings(policy.span, {key: policy.get(key) for key in (
            "version", "mode", "mx", "max_age")})


def _policy_findings(start: Span, fields: dict[str, list[PolicyField]]) -> Iterable[Finding]:
    for key in ("version", "mode", "mx", "max_age"):
        if not fields[key]:
            yield MTA_STS_WEAK_POLICY.finding(start, _(
                "the MTA-STS policy has no '{field}' line: senders reject the whole policy; a policy needs "
                "'version: STSv1', 'mode', at least one 'mx' and 'max_age'").format(field=key), Severity.ERROR)
    for version in fields["version"][:1]:
        if version.value != "STSv1":
            yield MTA_STS_WEAK_POLICY.finding(version.value_span, _(
                "MTA-STS 'version' must be 'STSv1': senders reject the policy otherwise"), Severity.ERROR)
    for mode in fields["mode"][:1]:
        if mode.value == "testing":
            yield MTA_STS_WEAK_POLICY.finding(mode.span, _(
                "MTA-STS 'mode: testing' only reports failures: senders still deliver over unauthenticated "
                "connections; switch to 'mode: enforce' once the TLS reports are clean"), Severity.WARNING)
        elif mode.value == "none":
            yield MTA_STS_WEAK_POLICY.finding(mode.span, _(
                "MTA-STS 'mode: none' withdraws the policy: senders stop requiring TLS for this domain"),
                Severity.INFO)
        elif mode.value != "enforce":
            yield MTA_STS_WEAK_POLICY.finding(mode.value_span, _(
                "unknown MTA-STS mode '{value}': use enforce, testing or none").format(
                value=safe_text(mode.value, 30)), Severity.ERROR)
    for age in fields["max_age"][:1]:
        if not age.value.isdigit() or len(age.value) > 10 or int(age.value) > MAX_AGE_LIMIT:
            yield MTA_STS_WEAK_POLICY.finding(age.value_span, _(
                "MTA-STS 'max_age' must be a whole number of seconds up to 31557600: senders reject the policy "
                "otherwise"), Severity.ERROR)
        elif int(age.value) < MIN_MAX_AGE and not any(m.value == "none" for m in fields["mode"][:1]):
            # withdrawing a policy: RFC 8461 section 8.3 asks for mode none with a short max_age
            yield MTA_STS_WEAK_POLICY.finding(age.span, _(
                "MTA-STS 'max_age: {value}' is under one day: an attacker who blocks the policy only waits for "
                "the cached copy to expire; use at least 604800 (one week)").format(value=int(age.value)),
                Severity.WARNING)


__all__ = ["is_spf"]
