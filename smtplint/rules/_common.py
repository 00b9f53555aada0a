"""Helpers shared by the rule families: which hosts are local, which files are examples, safe wording."""

from __future__ import annotations

import functools
import ipaddress
import re
from typing import Any

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Origin, Setting, Severity, Span
from smtplint.patterns import lazy

# Local mail catchers by host or compose service name (smtp-reference.md 5.0).
_CATCHERS = frozenset({
    "mailhog", "mailpit", "smtp4dev", "mailcatcher", "maildev", "fakesmtp", "greenmail", "inbucket",
    "sandbox.smtp.mailtrap.io", "smtp.mailtrap.io", "host.docker.internal",
})
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# Development files (settings/dev.py, .env.development): the rules lower them one step. Example, sample, test
# and docs locations are the engine's policy (config.example_location: lowered and tagged, configurable).
_EXAMPLE_TOKENS = frozenset({"dev", "devel", "development", "local"})
_SAFE_VALUE = lazy(r"[A-Za-z0-9_.:/+-]{0,24}")


@functools.lru_cache(maxsize=4096)  # a monorepo names the same few hosts thousands of times
def is_local_host(host: str, extra: frozenset[str] = frozenset()) -> bool:
    """True for loopback, unix sockets, bind-all, known dev catchers and single-label names.

    Single-label names (``mail``, ``postfix``, a compose service) are containers and LAN relays
    (smtp-reference.md 5.00). Private IP addresses are remote. ``extra`` adds configured dev hosts.
    """
    h = host.strip().lower().rstrip(".")
    if h in extra:
        return True
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if not h or h.startswith(("unix:", "/")):
        return True
    if h in _LOCAL_NAMES or h.endswith(".localhost") or h in _CATCHERS:
        return True
    if any(h.startswith(c + ".") or h.startswith(c + "-") for c in _CATCHERS if "." not in c):
        # mailhog.local, mailpit-dev: catcher names with a local suffix
        tail = h.split(".", 1)[1] if "." in h else ""
        if not tail or tail in {"local", "lan", "internal", "localdomain", "docker"}:
            return True
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return "." not in h  # a single-label name
    return ip.is_loopback or ip.is_unspecified


def remote_host(ep: ClientEndpoint, dev_hosts: frozenset[str] = frozenset()) -> Setting[str] | None:
    """The endpoint's host Setting when its value is known and remote; None otherwise."""
    host = ep.host
    if host is None or not host.known or host.value is None:
        return None
    return None if is_local_host(host.value, dev_hosts) else host


def is_example_path(path: str) -> bool:
    """True when the file name says it is a development file (``.env.development``, ``dev.py``); examples,
    samples and tests are lowered by the engine's example policy instead (not twice)."""
    name = path.rsplit("/", 1)[-1].lower()
    tokens = {t for t in re.split(r"[^a-z0-9]+", name) if t}
    return bool(tokens & _EXAMPLE_TOKENS)


def lowered(severity: Severity, *settings: Setting[Any] | None, example_file: bool = False) -> Severity:
    """One level lower when any deciding value is only a fallback, and one more in an example file."""
    steps = 1 if any(s is not None and s.origin is Origin.FALLBACK for s in settings) else 0
    if example_file:
        steps += 1
    return severity.lowered(steps)


def with_fallback(message: str, *settings: Setting[Any] | None) -> str:
    """``message`` (translated), followed by a note when a deciding value is only a reference's fallback."""
    keys = [s.key for s in settings if s is not None and s.origin is Origin.FALLBACK]
    if not keys:
        return message
    return _("{message} (the value of {keys} is a fallback default; production may override it)").format(
        message=message, keys=", ".join(dict.fromkeys(keys)))


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` in the installed language."""
    if len(items) <= 1:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def shown(setting: Setting[Any]) -> str:
    """``key=value`` when the value is a short plain word, else just the key: never a secret or a URL."""
    raw = setting.raw.strip()
    if raw and _SAFE_VALUE.fullmatch(raw) and "://" not in raw and "@" not in raw:
        return f"{setting.key}={raw}"
    return setting.key


def first_span(*settings: Setting[Any] | None, fallback: Span) -> Span:
    """The span of the first setting that is written in the file (literal or fallback), else ``fallback``."""
    for s in settings:
        if s is not None and s.origin in (Origin.LITERAL, Origin.FALLBACK):
            return s.span
    return fallback


def safe_text(text: str, limit: int = 80) -> str:
    """A value for a message: control characters escaped, long text shortened."""
    out = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return out if len(out) <= limit else out[: limit - 1] + "…"


def versions_list(versions: frozenset[int]) -> str:
    """``SSLv3, TLSv1 and TLSv1.1`` for a message (versions on smtplint.model.tls's scale)."""
    from smtplint.model.tls import NAMES
    return and_list([NAMES[v] for v in sorted(versions)])
