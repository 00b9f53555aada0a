"""The TLS vocabulary of client dialects: what their verification, protocol and mode knobs mean, typed once.

Syntax readers keep a dialect's knobs as written in ``ClientEndpoint.extra`` (``verify_peer=0`` in a DSN,
``rejectUnauthorized: false``, ``mail.smtp.ssl.trust: "*"``, ``minVersion: TLSv1``); :func:`finish` maps them
to the endpoint's typed fields (``verification``, ``process_verification``, ``tls_versions``,
``mode_conflict``), so that rules read booleans and version sets, never dialect words. The reading step calls
it for every document's endpoints, and the compose linking step for the endpoints it builds.
"""

from __future__ import annotations

from collections.abc import Iterable

from smtplint.model import ClientEndpoint, Document, Setting
from smtplint.model.tls import client_allowed

_FALSE_WORDS = frozenset({"false", "no", "off", "0", "n"})
_TRUE_WORDS = frozenset({"true", "yes", "on", "1", "y"})
_NONE_WORDS = frozenset({"none", "verify_none", "verifynone", "openssl::ssl::verify_none"})
_PEER_WORDS = frozenset({"peer", "verify_peer", "openssl::ssl::verify_peer"})

# Verification knobs by ``extra`` name: (words that switch verification off, words that keep it on).
VERIFY_KNOBS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("verify", _FALSE_WORDS | _NONE_WORDS, _TRUE_WORDS | _PEER_WORDS),
    ("openssl_verify_mode", _NONE_WORDS, _PEER_WORDS),
    ("reject_unauthorized", _FALSE_WORDS, _TRUE_WORDS),
    ("insecure_skip_verify", _TRUE_WORDS, _FALSE_WORDS),
    ("skip_verify", _TRUE_WORDS, _FALSE_WORDS),
    ("verify_peer_name", _FALSE_WORDS, _TRUE_WORDS),
    ("allow_self_signed", _TRUE_WORDS, _FALSE_WORDS),
    ("ssl_checkserveridentity", _FALSE_WORDS, _TRUE_WORDS),
    # .NET: a ServerCertificateValidationCallback that always returns true
    ("accepts_any_certificate", _TRUE_WORDS, _FALSE_WORDS),
    # Dovecot's ssl_client_require_valid_cert
    ("require_valid_cert", _FALSE_WORDS, _TRUE_WORDS),
    # lettre (Vaultwarden's SMTP_ACCEPT_INVALID_CERTS / _HOSTNAMES)
    ("accept_invalid_certs", _TRUE_WORDS, _FALSE_WORDS),
    ("accept_invalid_hostnames", _TRUE_WORDS, _FALSE_WORDS),
)
PROTOCOL_KNOBS = ("protocols", "tls_version")


def knob_word(setting: Setting[str]) -> str | None:
    """A knob's value as a lower-case word (a DSN option ``verify_peer=0`` gives ``0``); None if unknown."""
    if not setting.known or setting.value is None:
        return None
    text = setting.value.strip().strip("'\"")
    if "=" in text:
        text = text.rsplit("=", 1)[1]
    return text.strip().lower() or None


def _typed(setting: Setting[str], value: bool) -> Setting[bool]:
    return Setting(setting.key, value, setting.raw, setting.span, setting.origin)


def _verification(extra: dict[str, Setting[str]]) -> tuple[Setting[bool], ...]:
    knobs: list[Setting[bool]] = []
    for name, off, on in VERIFY_KNOBS:
        setting = extra.get(name)
        if setting is None:
            continue
        word = knob_word(setting)
        if word in off:
            knobs.append(_typed(setting, False))
        elif word in on:
            knobs.append(_typed(setting, True))
    trust = extra.get("ssl_trust")  # Jakarta Mail's mail.smtp.ssl.trust: "*" trusts every certificate
    word = knob_word(trust) if trust is not None else None
    if trust is not None and word is not None and "*" in word.replace(",", " ").split():
        knobs.append(_typed(trust, False))
    return tuple(sorted(knobs, key=lambda s: (s.span.line, s.span.column)))


def _process_verification(extra: dict[str, Setting[str]]) -> Setting[bool] | None:
    node = extra.get("node_tls_reject_unauthorized")
    if node is None:
        return None
    word = knob_word(node)
    if word == "0":
        return _typed(node, False)
    return _typed(node, True) if word is not None else None


def _versions(extra: dict[str, Setting[str]]) -> tuple[Setting[frozenset[int]], ...]:
    out: list[Setting[frozenset[int]]] = []
    for name in PROTOCOL_KNOBS:
        setting = extra.get(name)
        if setting is None or not setting.known or setting.value is None:
            continue
        out.append(Setting(setting.key, client_allowed(setting.value), setting.raw, setting.span, setting.origin))
    return tuple(out)


def finish(endpoints: Iterable[ClientEndpoint]) -> None:
    """Type the TLS knobs of each endpoint (see the module's docstring)."""
    for ep in endpoints:
        if ep.variants:
            finish(ep.variants)
        extra = ep.extra
        if not extra:
            continue
        ep.verification = _verification(extra)
        ep.process_verification = _process_verification(extra)
        ep.tls_versions = _versions(extra)
        ep.mode_conflict = extra.get("mode_conflict")


def finish_document(doc: Document) -> None:
    """:func:`finish` for a document's endpoints."""
    finish(doc.endpoints)
