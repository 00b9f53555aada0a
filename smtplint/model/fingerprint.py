"""A finding's stable identity: survives lines moving, never carries a secret (SARIF, GitLab, baselines).

``fingerprint(finding, entry_text(finding, lines))`` hashes the rule, the file path and the *offending text* at
the finding's start: the setting key written there and, when it cannot be a secret, its normalised value,
continuation lines included (a worse value added on a Postfix continuation line is a new finding). Line and column
numbers are not part of it, so inserting a line above a finding keeps its fingerprint. Two findings with the
same fingerprint in one file are told apart by :func:`numbered` (``<hash>:1``, ``<hash>:2``), the way GitHub
numbers its line hashes.

The value is left out (only the key is hashed) when the key names a credential or a URL/DSN, or the value
holds ``@`` or ``://`` (user info), so the hash of a password never leaves the machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from smtplint.model.core import Finding
from smtplint.patterns import lazy

VERSION = "v1"
KEY = "smtplintFingerprint/v1"
"""The name the fingerprint goes under (SARIF ``partialFingerprints``, baseline files)."""

_SECRET_PART = lazy(r"pass|pwd|secret|token|credential", re.I)
_SECRET_WORDS = frozenset({"url", "uri", "dsn", "key", "apikey", "user", "username", "auth", "login", "userinfo"})
_NAME = lazy(r"[A-Za-z_\[][\w.\-\[\]]*")
_KEY_VALUE = lazy(r"^(?:export\s+)?[\"']?(?P<key>[A-Za-z_\[][\w.\-\[\]]*)[\"']?\s*[=:]\s*(?P<value>.*)$")
_LINE_REF = lazy(r"\blines? \d+\b")
_QUOTES = "\"'`"


def entry_text(finding: Finding, lines: list[str] | None) -> str | None:
    """The text of the finding's entry: its first line and the continuation lines of its value, joined by a
    space (None when the lines are not known)."""
    if lines is None or not 0 < finding.span.line <= len(lines):
        return None
    first = finding.span.line - 1
    return " ".join(lines[first: first + max(finding.entry_lines, 1)])


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as editors count them: ``\\n``, ``\\r\\n`` and a lone ``\\r`` each end a line."""
    if "\r" not in text:
        return text.split("\n")  # the same lines, several times faster on a large file
    return re.split(r"\r\n|\r|\n", text)


def offending_text(finding: Finding, line_text: str) -> tuple[str, str]:
    """(key, value) of the setting written on the finding's start line, normalised.

    The key is taken only when it looks like a setting name followed by ``=`` or ``:`` (``MAIL_PORT=25``,
    ``  port: 587``, ``- SMTP_SECURE=true``, ``export X=1``, ``EMAIL_PORT = 587``), or is the service name
    of a master.cf service line; otherwise both are empty, so a line without a key (a continuation, a
    block scalar, a list of values) never contributes text that might be part of a secret. The value is
    empty when the key names a credential, user, URL or DSN, or the value holds ``@`` or ``://``.
    """
    line = line_text.lstrip("\ufeff").strip().lstrip("-").strip()
    match = _KEY_VALUE.match(line)
    if match is None:
        fields = line.split()
        if finding.span.path.endswith("master.cf") and len(fields) >= 8 and _NAME.fullmatch(fields[0]):
            return fields[0].lower(), ""
        return "", ""
    key = match.group("key").lower()
    value = " ".join(match.group("value").strip().strip(_QUOTES).split()).lower()
    if _may_be_secret(key) or "@" in value or "://" in value:
        value = ""
    return key, value


_MASK = "***"
_ASSIGNMENT = lazy(r"""^(?P<head>\s*(?:-\s*)?(?:export\s+)?["']?(?P<key>[A-Za-z_\[][\w.\-\[\]]*)["']?"""
                         r"""\s*[=:]\s*)(?P<value>.*)$""")
_SECRET_KEY_INSIDE = lazy(r"""(?:pass|pwd|secret|token|credential)[\w.\-]*["']?\s*[=:]\s*""", re.I)
_USER_INFO = lazy(r"(://)([^/@\s]*)@")


def _mask_user_info(m: re.Match[str]) -> str:
    """``://user:secret@`` -> ``://user:***@``; ``://token@`` -> ``://***@``."""
    user, colon, _secret = m.group(2).partition(":")
    return f"{m.group(1)}{user}:{_MASK}@" if colon else f"{m.group(1)}{_MASK}@"


def redact(line_text: str) -> str:
    """The line as a report may print it: nothing that may be a secret, nor its length.

    The same test as the fingerprint's: the value of a key that names a credential, user, URL or DSN is
    replaced by ``***`` (``MAIL_PASSWORD=***``, ``dsn: ***``); elsewhere on the line a URL's password
    becomes ``smtp://user:***@host`` and everything after a credential-looking key (``{user: a, password:
    ***``, ``-o smtp_sasl_password_maps=***``) is masked.
    """
    match = _ASSIGNMENT.match(line_text)
    if match is not None and match.group("value").strip() and _may_be_secret(match.group("key").lower()):
        return match.group("head") + _MASK
    out = _USER_INFO.sub(_mask_user_info, line_text)
    inside = _SECRET_KEY_INSIDE.search(out)
    if inside is not None and out[inside.end():].strip():
        out = out[:inside.end()] + _MASK
    return out


def _may_be_secret(key: str) -> bool:
    """A key whose value may be (or embed) a credential: MAIL_PASSWORD, smtp_auth_secret, EMAIL_URL, user."""
    return bool(_SECRET_PART.search(key)) or not _SECRET_WORDS.isdisjoint(re.split(r"[_.\-\[\]]+", key))


def fingerprint(finding: Finding, line_text: str | None, path: str | None = None) -> str:
    """32 hex digits identifying the finding: rule, path, and the non-secret offending text.

    ``line_text`` is the full text of the finding's start line (None when unknown: then the message, with
    line numbers removed, stands in; messages never contain a secret). ``path`` overrides the finding's
    display path, e.g. with a repository-root-relative one, so the identity does not depend on the cwd.
    """
    where = path if path is not None else finding.span.path
    if line_text is not None:
        key, value = offending_text(finding, line_text)
        what = f"{key}\0{value}"
    else:
        what = _LINE_REF.sub("line", finding.message)
    raw = "\0".join((VERSION, finding.rule_id, where, what))
    import hashlib  # here: the text report imports this module for redaction, and needs no hash

    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def numbered(hashes: Iterable[str]) -> list[str]:
    """``hash:N`` where N counts the identical hashes so far (1-based), so repeated findings stay distinct."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for h in hashes:
        seen[h] = seen.get(h, 0) + 1
        out.append(f"{h}:{seen[h]}")
    return out
