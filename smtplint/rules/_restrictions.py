"""Relay control in Postfix restriction lists, read the way smtpd(8) checks it at start-up (SMTP304).

smtpd refuses to run (``fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions,
specify at least one working instance of: reject_unauth_destination, ...``) unless one of the two lists
names a *working* relay-control restriction: ``reject_unauth_destination``, ``defer_unauth_destination``,
``reject``, ``defer``, ``defer_if_permit`` or ``check_relay_domains``, before any catch-all ``permit``,
not as the argument of ``warn_if_reject``, possibly inside a restriction class (smtpd_check.c,
``has_required``). When one list has it, an anonymous client sending to a foreign domain reaches it
(conditional permits such as ``permit_mynetworks`` or access maps that do not list the client decide
nothing), so the server is not an open relay through its restriction lists. When neither has it, older
Postfix versions relay for anyone (the lists end in ``permit`` or in nothing) and current ones stop smtpd.
"""

from __future__ import annotations

from collections.abc import Callable

from smtplint.model.postfix import split_list
from smtplint.records import record

RELAY_CONTROL = ("reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit",
                 "check_relay_domains")
_MAX_DEPTH = 10

# name -> (is it a restriction class, its expanded restriction list or None when the value is unknown)
ClassLookup = Callable[[str], tuple[bool, str | None]]


@record(frozen=True)
class Control:
    """How one restriction list stands on relay control.

    ``working`` is True / False, or None when a restriction class with an unknown value could hold it.
    ``permit`` is the catch-all ``permit`` that ends the scan (as written), ``shadowed`` the relay-control
    restriction written after it (dead configuration), both empty when absent.
    """

    working: bool | None
    permit: str = ""
    shadowed: str = ""


def relay_control(value: str, lookup: ClassLookup, depth: int = 0) -> Control:
    """Scan one restriction list the way smtpd's ``has_required`` does."""
    tokens = [t.strip() for t in split_list(value) if t.strip()]
    unknown = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        low = token.lower()
        i += 1
        if low == "warn_if_reject" and i < len(tokens):
            i += 1  # the next restriction only warns
            continue
        if low == "permit":
            rest = [t for t in tokens[i:] if t.lower() in RELAY_CONTROL]
            return Control(None if unknown else False, token, rest[0] if rest else "")
        if low in RELAY_CONTROL:
            return Control(True)
        is_class, inner = lookup(token)
        if not is_class:
            continue
        if inner is None or depth >= _MAX_DEPTH:
            unknown = True
            continue
        found = relay_control(inner, lookup, depth + 1).working
        if found:
            return Control(True)
        unknown = unknown or found is None
    return Control(None if unknown else False)
