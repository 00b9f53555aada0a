"""JSON files: Keycloak realm exports and nodemailer transport options."""

from __future__ import annotations

import re

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

_HOST = re.compile(rb"\"host\"\s*:")
_TLS = re.compile(rb"\"(?:secure|requireTLS|ignoreTLS)\"\s*:")


_SERVICE = re.compile(rb"\"service\"\s*:\s*\"")
_AUTH = re.compile(rb"\"(?:auth|mail|transport)\"\s*:")
_SNAPPYMAIL = re.compile(rb"\"SMTP\"\s*:\s*\{")
_APP_ENV = re.compile(rb"\"env\"\s*:\s*\{")
_MAIL_VARIABLE = re.compile(rb"\"[A-Z0-9_]*(?:SMTP|MAIL)[A-Z0-9_]*\"\s*:")


def looks_like_mail_json(head: bytes) -> bool:
    """A Keycloak realm export (``"smtpServer"``), nodemailer transport options (host + secure/TLS keys), or
    nodemailer options naming a well-known ``service`` (Ghost's ``mail.options``), or a Heroku ``app.json``
    whose ``env`` names mail variables, or a SnappyMail/RainLoop domain (``"IMAP"`` and ``"SMTP"`` blocks)."""
    return (b'"smtpServer"' in head or bool(_HOST.search(head) and _TLS.search(head))
            or bool(_SERVICE.search(head) and _AUTH.search(head))
            or bool(_APP_ENV.search(head) and _MAIL_VARIABLE.search(head))
            or (_SNAPPYMAIL.search(head) is not None and b'"IMAP"' in head))


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
