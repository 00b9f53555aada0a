"""JSON files: Keycloak realm exports and nodemailer transport options."""

from __future__ import annotations

import re

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

_HOST = re.compile(rb"\"host\"\s*:")
_TLS = re.compile(rb"\"(?:secure|requireTLS|ignoreTLS)\"\s*:")


def looks_like_mail_json(head: bytes) -> bool:
    """A Keycloak realm export (``"smtpServer"``) or nodemailer transport options (host + secure/TLS keys)."""
    return b'"smtpServer"' in head or bool(_HOST.search(head) and _TLS.search(head))


FORMAT = InputFormat(
    name="json",
    label="JSON",
    parse=text_parser("json_"),
    comments=comment_reader("plain"),
    probe=("*.json",),
    sniff=looks_like_mail_json,
    docs=(
        DocsRow('JSON: Keycloak',
                "realm exports' `smtpServer` (any depth): `host`, `port`, `ssl` (implicit TLS), `starttls`, `auth`, "
                '`user`, `password` (`${vault.x}` is a reference)'),
        DocsRow('JSON: nodemailer',
                "transport options (Ghost's `mail.options` too): `host`, `port` (default 587, 465 with `secure`), "
                '`secure`, `requireTLS`, `ignoreTLS`, `auth.user`/`auth.pass`, `tls.rejectUnauthorized`, '
                '`tls.minVersion`'),
    ),
)
