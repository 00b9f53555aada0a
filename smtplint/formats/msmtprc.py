"""msmtp configuration files (``~/.msmtprc``, ``/etc/msmtprc``, ``*.msmtprc``): accounts of one SMTP client."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

FORMAT = InputFormat(
    name="msmtprc",
    label="msmtprc",
    parse=text_parser("msmtprc"),
    comments=comment_reader("hash_lines"),
    names=(".msmtprc", "msmtprc", "*.msmtprc"),
    docs=(
        DocsRow("msmtprc",
                "`defaults` and every `account` (`account NAME : BASE` inheritance): `host`, `port` (default 25, "
                "465 with `tls_starttls off`), `tls`, `tls_starttls`, `tls_certcheck`, `auth`, `user`, `password` "
                "(`passwordeval` is a reference)"),
    ),
)
