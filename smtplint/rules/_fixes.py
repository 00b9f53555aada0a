"""Edits rules attach to findings (smtplint.model.Fix): computed from a setting's raw text and span only.

Each helper keeps what surrounds the value's word (quotes, a ``key=`` inside a URL query, the case style) and
returns None when it cannot say what to write: no fix is then offered. smtplint.fixes applies an edit only
when linting the edited text again shows the finding gone and nothing new.
"""

from __future__ import annotations

import re
from typing import Any

from smtplint.model import Edit, Fix, Origin, Setting
from smtplint.model.tls import OUTDATED, version_of

# (patterns kept as text and matched through re's cache: compiled only by a run that needs them)
_QUOTED = r"""(?s)^(\s*["']?)(.*?)(["']?\s*)$"""

# a word that switches verification off -> the same kind of word switching it back on, in the same case
_FLIPS = {"false": "true", "true": "false", "0": "1", "1": "0", "no": "yes", "yes": "no", "off": "on",
          "on": "off", "none": "peer", "verify_none": "verify_peer"}


# Python's ssl module: an unverified context, called without arguments on the module (``ssl.`` or an alias) ->
# the default context, which verifies the certificate and the host name (a bare imported name is left alone:
# create_default_context would not be imported)
_UNVERIFIED_CONTEXT = r"^(\s*[A-Za-z_][\w.]*\.)_create_(?:unverified|stdlib)_context\(\)(\s*)$"

# .NET (ServicePointManager, MailKit): a ServerCertificateValidationCallback that accepts every certificate ->
# null, which gives back the default validation (chain and host name); returning false instead would refuse all
_CALLBACK = ".ServerCertificateValidationCallback"


def _cased(word: str, like: str) -> str:
    """``word`` written in the case style of ``like`` (FALSE -> TRUE, False -> True, false -> true)."""
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def value_edit(setting: Setting[Any], new_word: str) -> Edit | None:
    """Replace the word of ``setting``'s raw value (inside its quotes, if any) with ``new_word``."""
    raw = setting.raw
    match = re.match(_QUOTED, raw)
    if not raw or match is None or not match.group(2):
        return None
    lead, _core, trail = match.groups()
    return Edit(setting.span, raw, f"{lead}{new_word}{trail}")


def flipped(setting: Setting[Any]) -> Edit | None:
    """The edit that turns a verification knob back on: its word flipped (``false`` -> ``true``, ``none`` ->
    ``peer``, ``verify_peer=0`` -> ``verify_peer=1``, ``ssl._create_unverified_context()`` ->
    ``ssl.create_default_context()``, a .NET callback that accepts every certificate -> ``null``); None for a
    word without a known opposite."""
    raw = setting.raw
    if raw and setting.key.endswith(_CALLBACK):  # .NET: no callback is the platform's own verification
        return Edit(setting.span, raw, "null")
    match = re.match(_QUOTED, raw)
    if not raw or match is None:
        return None
    lead, core, trail = match.groups()
    key, sep, word = core.rpartition("=")  # a URL query knob: verify_peer=0
    opposite = _FLIPS.get(word.lower())
    if opposite is None:
        call = re.match(_UNVERIFIED_CONTEXT, raw)
        return None if call is None else Edit(setting.span, raw, f"{call[1]}create_default_context(){call[2]}")
    return Edit(setting.span, raw, f"{lead}{key}{sep}{_cased(opposite, word)}{trail}")


_VERSION_TOKEN = r"[^\s,:]+"


def modern_versions(raw: str) -> str | None:
    """A protocol knob's value without outdated versions, in the value's own spelling: a list keeps its
    TLS 1.2+ members; a lone minimum (``TLSv1``, ``TLS10``, ``TLSv1_method``, ``1.0``) becomes TLS 1.2 in the
    same style, and so does a list of outdated versions only (``TLSv1 TLSv1.1`` -> ``TLSv1.2``, the spelling
    of its last member). None when the spelling is not understood."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(_VERSION_TOKEN, raw)]
    versions = [version_of(t.lstrip(">=!")) for _s, _e, t in tokens]
    if not tokens or any(v is None for v in versions):
        return None
    kept = [tok for tok, v in zip(tokens, versions, strict=True) if v not in OUTDATED]
    if kept and len(tokens) > 1:
        separator = raw[tokens[0][1]:tokens[1][0]]
        return separator.join(t for _s, _e, t in kept)
    # a lone minimum, or a list of outdated versions only: its last member raised to TLS 1.2, alone
    _start, end, word = tokens[-1]
    if len(tokens) > 1 and word.startswith((">", "!")):
        return None
    modern = _to_tls12(word)
    return None if modern is None else raw[:tokens[0][0]] + modern + raw[end:]


def _to_tls12(word: str) -> str | None:
    """``TLSv1``/``TLSv1.1`` -> ``TLSv1.2``, ``TLS10`` -> ``TLS12``, ``TLSv1_method`` -> ``TLSv1_2_method``,
    ``tls1_1`` -> ``tls1_2``, ``1.0`` -> ``1.2``, ``SSLv3`` -> ``TLSv1.2``."""
    prefix = word[: len(word) - len(word.lstrip(">="))]
    body = word[len(prefix):]
    m = re.fullmatch(r"(?i)(tls|ssl)?(v?)(\d)(?:([._]?)(\d))?(_\w*method)?", body)
    if m is None:
        return None
    family, v, _major, sep, _minor, method = m.groups()
    family = family or ""
    if family.lower() == "ssl":
        family = "TLS" if family.isupper() or family[:1].isupper() else "tls"
        v = v or "v"
    if not family and not sep:
        sep = "."
    if family and not sep and not v:
        sep = ""  # TLS10 -> TLS12
    elif not sep:
        sep = "_" if method else "."
    return f"{prefix}{family}{v}1{sep}2{method or ''}"


def fix(description: str, *edits: Edit | None, safe: bool = True,
        secret: Setting[Any] | None = None) -> Fix | None:
    """A fix of these edits, or None when one of them could not be computed. ``secret``: a password setting
    of the same endpoint; when it is written on a line an edit changes, the fix is marked ``secret``."""
    if not edits or any(e is None for e in edits):
        return None
    kept = tuple(e for e in edits if e is not None)
    hidden = secret is not None and secret.origin in (Origin.LITERAL, Origin.FALLBACK) and any(
        e.span.path == secret.span.path and e.span.line <= secret.span.end_line and secret.span.line <= e.span.end_line
        for e in kept)
    return Fix(description, kept, safe, hidden)


_POSTFIX_TOKEN = r"[^\s,:]+"
_EXCLUDED = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")


def postfix_protocols(raw: str, *, spaced: bool) -> str | None:
    """A Postfix protocol list that allows TLS 1.2 and later only, written in the list's own syntax: a range
    keeps its form (``>=TLSv1`` -> ``>=TLSv1.2``, ``>=0x0301`` -> ``>=0x0303``, an upper bound stays); an
    exclusion list gets the missing exclusions appended; an inclusion list keeps its TLS 1.2+ members. Any
    other list (mixed, unknown words, nothing left) becomes ``!SSLv2, !SSLv3, !TLSv1, !TLSv1.1``, which every
    Postfix version reads. ``spaced``: the separator of a new list (a master.cf -o value takes no spaces)."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(_POSTFIX_TOKEN, raw)]
    separator = raw[tokens[0][1]:tokens[1][0]] if len(tokens) > 1 else (", " if spaced else ",")
    words = [t for _s, _e, t in tokens]
    versions = [version_of(w.lstrip("!<>=")) for w in words]
    fallback = separator.join(f"!{name}" for name in _EXCLUDED)
    if not words or any(v is None for v in versions):
        return fallback
    if any(w.startswith((">=", "<=")) for w in words) and all(w.startswith((">=", "<=")) for w in words):
        lower = next((i for i, w in enumerate(words) if w.startswith(">=")), None)
        modern = ">=0x0303" if lower is not None and words[lower][2:].lower().startswith("0x") else ">=TLSv1.2"
        if lower is None:
            return modern + separator + raw.strip()
        start, end, _word = tokens[lower]
        return raw[:start] + modern + raw[end:]
    if all(w.startswith("!") for w in words):
        missing = [f"!{name}" for i, name in enumerate(_EXCLUDED) if i not in versions]
        return separator.join([raw.strip(), *missing]) if missing else None
    if not any(w.startswith(("!", "<", ">")) for w in words):
        kept = [w for w, v in zip(words, versions, strict=True) if v not in OUTDATED]
        return separator.join(kept) if kept else fallback
    return fallback
