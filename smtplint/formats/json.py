"""JSON files: Keycloak realm exports and nodemailer transport options."""

from __future__ import annotations

import re

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

_HOST = rb"\"host\"\s*:"
_TLS = rb"\"(?:secure|requireTLS|ignoreTLS)\"\s*:"


_SERVICE = rb"\"service\"\s*:\s*\""
_AUTH = rb"\"(?:auth|mail|transport)\"\s*:"
_SNAPPYMAIL = rb"\"SMTP\"\s*:\s*\{"
_APP_ENV = rb"\"env\"\s*:\s*\{"
_MAIL_VARIABLE = rb"\"[A-Z0-9_]*(?:SMTP|MAIL)[A-Z0-9_]*\"\s*:"


def looks_like_mail_json(head: bytes) -> bool:
    """A Keycloak realm export (``"smtpServer"``), nodemailer transport options (host + secure/TLS keys), or
    nodemailer options naming a well-known ``service`` (Ghost's ``mail.options``), or a Heroku ``app.json``
    whose ``env`` names mail variables, or a SnappyMail/RainLoop domain (``"IMAP"`` and ``"SMTP"`` blocks)."""
    return (b'"smtpServer"' in head or bool(re.search(_HOST, head) and re.search(_TLS, head))
            or bool(re.search(_SERVICE, head) and re.search(_AUTH, head))
            or bool(re.search(_APP_ENV, head) and re.search(_MAIL_VARIABLE, head))
            or (re.search(_SNAPPYMAIL, head) is not None and b'"IMAP"' in head))


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
        DocsRow('JSON: Heroku `app.json`',
                '`env` defaults (`"SMTP_HOST": "x"` or `{"value": "x"}`) read as environment variables (the `.env` '
                'vocabulary); a variable without `value` (`required`, `generator`) is set at deploy time: unknown'),
        DocsRow('JSON: SnappyMail',
                'domain files (`"SMTP"` beside `"IMAP"`): `host`, `port`, `type` (0 none, 1 SSL/TLS implicit, 2 '
                'STARTTLS required, 9 auto-detect), `ssl.verify_peer`/`verify_peer_name`/`allow_self_signed`, '
                '`useAuth` (true: each user\'s own login; false: no AUTH), `usePhpMail` (skipped)'),
        DocsRow('JSON: nodemailer',
                "transport options (Ghost's `mail.options` too): `host`, `port` (default 587, 465 with `secure`), "
                '`secure`, `requireTLS`, `ignoreTLS`, `auth.user`/`auth.pass`, `tls.rejectUnauthorized`, '
                '`tls.minVersion`; a well-known `service` (`"Gmail"`, `"SendGrid"`, `"Outlook365"` ... from '
                "nodemailer's table) fills the host, port and `secure` the options leave out"),
    ),
)
