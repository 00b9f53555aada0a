"""An nginx ``mail {}`` proxy's SMTP listeners, with the directives that decide their TLS and AUTH.

Each listener carries the effective directive (its ``server {}``'s, else the ``mail {}`` block's) as a
Setting, or None when neither sets it (nginx's default applies: ``starttls off``, ``smtp_auth plain login``
... see smtplint.parsers.nginx_).
"""

from __future__ import annotations

from smtplint.model.core import Setting, Span
from smtplint.records import field, record


@record
class ProxyListener:
    """One ``listen`` of an SMTP ``server {}`` in ``mail {}``."""

    span: Span  # the listen directive
    port: int | None
    ssl: bool  # ``listen ... ssl``: implicit TLS from the first byte
    loopback: bool  # bound to 127.0.0.0/8, [::1], localhost or a unix socket: no network between the ends
    starttls: Setting[str] | None = None  # on | off | only (None: not set, nginx's default off)
    smtp_auth: Setting[str] | None = None  # the mechanisms offered (login plain cram-md5 external none)
    ssl_protocols: Setting[str] | None = None


@record
class MailProxy:
    """The SMTP listeners of one file's ``mail {}`` blocks."""

    path: str
    listeners: list[ProxyListener] = field(default_factory=list)
