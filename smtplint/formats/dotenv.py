"""``.env`` files (``.env``, ``.env.*``, ``*.env``) read with python-dotenv's parser."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

FORMAT = InputFormat(
    name="dotenv",
    broad=True,
    label=".env",
    parse=text_parser("dotenv_"),
    comments=comment_reader("dotenv"),
    names=(".env", ".env.*", "*.env"),
    docs=(
        DocsRow('`.env`',
                'Laravel `MAIL_*`, nodemailer-style `SMTP_*`, Django/Flask `EMAIL_*`/`MAIL_*`, Mastodon `SMTP_*`, '
                'Discourse `DISCOURSE_SMTP_*`, Vaultwarden `SMTP_SECURITY` (`starttls` = STARTTLS required, '
                '`force_tls` = implicit TLS, `off` = no TLS; the deprecated `SMTP_SSL`/`SMTP_EXPLICIT_TLS`; '
                '`SMTP_ACCEPT_INVALID_CERTS`; told by its variables or a compose `image:`), URLs: `EMAIL_URL` '
                '(django-environ, dj-email-url), `MAILER_DSN`/`MAIL_URL` (Symfony)'),
        DocsRow('`.env`: mail-server stacks',
                "docker-mailserver's `mailserver.env` (`DEFAULT_RELAY_HOST` as Postfix `relayhost`, `RELAY_HOST` + "
                '`RELAY_PORT` (default 25), `RELAY_USER` + `RELAY_PASSWORD`, which make TLS mandatory) and Mailu '
                '(`RELAYHOST`, `RELAYUSER`, `RELAYPASSWORD`, `OUTBOUND_TLS_LEVEL`), in `.env` files and compose '
                '`environment:`: Postfix speaks STARTTLS to the relay on any port; Jinja `{% %}` lines are skipped'),
    ),
)
