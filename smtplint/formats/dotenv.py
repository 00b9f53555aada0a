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
                'Discourse `DISCOURSE_SMTP_*`, URLs: `EMAIL_URL` (django-environ, dj-email-url), '
                '`MAILER_DSN`/`MAIL_URL` (Symfony)'),
    ),
)
