"""TLS protocol versions as configuration files spell them, and the set a setting allows (SMTP104).

The one version scale every stage shares: the dialect vocabularies (smtplint.parsers.tls_words) turn an
application's protocol knob into the versions it allows, and the Postfix rules ask the same scale about
protocol lists the resolver gives them.

Two readers share one version scale:

* :func:`postfix_allowed` evaluates a Postfix ``*_tls_protocols`` / ``*_tls_mandatory_protocols`` value as
  postconf(5) does (smtp-reference.md 2.2): ``!name`` exclusions, bare-name inclusion lists, ``>=``/``<=``
  ranges (Postfix >= 3.6), hexadecimal versions (``>=0x0303``), separated by whitespace, commas or colons.
* :func:`client_allowed` reads an application's knob (Spring ``mail.smtp.ssl.protocols``, nodemailer
  ``minVersion``/``secureProtocol``, generic ``tls_version``/``min_tls_version``/``ssl_version``,
  Alertmanager ``min_version: TLS10``): a list of versions the client may negotiate, or the minimum.
"""

from __future__ import annotations

import re

from smtplint.patterns import lazy

SSLV2, SSLV3, TLS10, TLS11, TLS12, TLS13 = range(6)
NAMES = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
ALL = frozenset(range(6))
OUTDATED = frozenset({SSLV2, SSLV3, TLS10, TLS11})
PROHIBITED = frozenset({SSLV2, SSLV3})  # RFC 6176, RFC 7568 (TLS 1.0/1.1: deprecated by RFC 8996)

_HEX = {"0300": SSLV3, "0301": TLS10, "0302": TLS11, "0303": TLS12, "0304": TLS13, "0200": SSLV2, "0002": SSLV2}
_SEPARATORS = lazy(r"[\s,:]+")


def version_of(word: str) -> int | None:
    """The version a word names (``TLSv1.1``, ``tls1_1``, ``TLS11``, ``1.0``, ``0x0303``, ``SSLv3_method``)."""
    w = word.strip().strip("'\"").lower()
    for suffix in ("_client_method", "_server_method", "_method"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
    if w.startswith("0x"):
        w = w[2:]
    if w in _HEX:
        return _HEX[w]
    w = w.replace("_", ".").replace("-", ".")
    m = re.fullmatch(r"(ssl|tls)?v?(\d)(?:\.?(\d))?", w)
    if m is None:
        return None
    family, major, minor = m.group(1), int(m.group(2)), m.group(3)
    if family == "ssl":
        return {2: SSLV2, 3: SSLV3}.get(major) if minor in (None, "0") else None
    if major != 1:
        return None
    return {None: TLS10, "0": TLS10, "1": TLS11, "2": TLS12, "3": TLS13}.get(minor)


def postfix_allowed(value: str) -> tuple[frozenset[int], frozenset[int]] | None:
    """(allowed versions, versions named as included) of a Postfix protocol list; None when not readable.

    With ``>=X``/``<=Y`` everything outside the range is excluded; bare names allow only those names;
    ``!name`` removes a version. An empty value, one of unknown words only, or a lone upper bound
    (``<=TLSv1.3``: the minimum is then OpenSSL's own) is unreadable: None.
    """
    allowed = set(ALL)
    bare: set[int] = set()
    included: set[int] = set()
    understood = False
    for token in _SEPARATORS.split(value.strip()):
        if not token:
            continue
        op = token[:2] if token.startswith((">=", "<=")) else token[:1] if token.startswith("!") else ""
        version = version_of(token[len(op):])
        if version is None:
            continue
        if op == "<=":
            allowed &= set(range(version + 1))
            continue
        understood = True
        if op == ">=":
            allowed &= set(range(version, len(NAMES)))
            included.add(version)
        elif op == "!":
            allowed.discard(version)
        else:
            bare.add(version)
    if not understood:
        return None
    if bare:
        allowed &= bare
    return frozenset(allowed), frozenset(included | bare)


def outdated_postfix(value: str) -> frozenset[int]:
    """The outdated versions a Postfix protocol list allows.

    SSLv2 counts only when the list names it as included: OpenSSL 1.1 and later cannot negotiate it, so an
    exclusion list that merely forgets ``!SSLv2`` is not reported (smtp-reference.md 2.2).
    """
    result = postfix_allowed(value)
    if result is None:
        return frozenset()
    allowed, included = result
    bad = allowed & OUTDATED
    if SSLV2 in bad and SSLV2 not in included:
        bad -= {SSLV2}
    return frozenset(bad)


def client_allowed(value: str) -> frozenset[int] | None:
    """The outdated versions an application's protocol knob allows; None when the value is not understood.

    A single version is the minimum or the only version (``minVersion: TLSv1``, ``secureProtocol:
    TLSv1_method``); a list allows its members. The version-flexible method (``SSLv23``, ``TLS_method``)
    follows the library's own minimum and is not read.
    """
    text = value.strip().strip("'\"")
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if not tokens:
        return None
    found: set[int] = set()
    for token in tokens:
        if token.startswith(("!", "-")):
            continue
        version = version_of(token.lstrip(">="))
        if version is None:
            continue
        found.add(version)
    if not found:
        return None
    return frozenset(found & OUTDATED)
