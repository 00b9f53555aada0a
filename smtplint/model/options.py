"""The options every rule check receives, as the configuration sets them (smtplint.config fills them)."""

from __future__ import annotations

from smtplint.records import record


@record(frozen=True)
class RuleOptions:
    """Options every check receives (from configuration; the defaults are the documented behaviour)."""

    # extra host names that count as local development hosts and never fire the transport/auth rules
    dev_hosts: frozenset[str] = frozenset()
    # the team's preferred TLS mode: "either" (default), "starttls" or "implicit-tls" (SMTP103/SMTP105)
    tls_mode: str = "either"
    # the broadest mynetworks prefix accepted (SMTP301); None: the built-in classification only
    max_trusted_prefix_v4: int | None = None
    max_trusted_prefix_v6: int | None = None
    # extra host names of providers that always require SMTP AUTH (SMTP201 error)
    provider_hosts: frozenset[str] = frozenset()
