"""``.env`` files (``.env``, ``.env.*``, ``*.env``) read with python-dotenv's parser."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout


def _parse(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import dotenv_
    return dotenv_.parse(path, text)


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.dotenv(text)

FORMAT = InputFormat(
    name="dotenv",
    label=".env",
    parse=_parse,
    comments=_comments,
    names=(".env", ".env.*", "*.env"),
    docs=(
        DocsRow('`.env`',
                'Laravel `MAIL_*`, nodemailer-style `SMTP_*`, Django/Flask `EMAIL_*`/`MAIL_*`, Mastodon `SMTP_*`, '
                'Discourse `DISCOURSE_SMTP_*`, URLs: `EMAIL_URL` (django-environ, dj-email-url), '
                '`MAILER_DSN`/`MAIL_URL` (Symfony)'),
        DocsRow('`.env`: mail-server stacks',
                "docker-mailserver's `mailserver.env` (`DEFAULT_RELAY_HOST` as Postfix `relayhost`, `RELAY_HOST` + "
                '`RELAY_PORT` (default 25), `RELAY_USER` + `RELAY_PASSWORD`, which make TLS mandatory) and Mailu '
                '(`RELAYHOST`, `RELAYUSER`, `RELAYPASSWORD`, `OUTBOUND_TLS_LEVEL`), in `.env` files and compose '
                '`environment:`: Postfix speaks STARTTLS to the relay on any port; Jinja `{% %}` lines are skipped'),
    ),
)
