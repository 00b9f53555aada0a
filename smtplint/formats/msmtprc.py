"""msmtp configuration files (``~/.msmtprc``, ``/etc/msmtprc``, ``*.msmtprc``): accounts of one SMTP client."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout


def _parse(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import msmtprc
    return msmtprc.parse(path, text)


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.hash_lines(text)


FORMAT = InputFormat(
    name="msmtprc",
    label="msmtprc",
    parse=_parse,
    comments=_comments,
    names=(".msmtprc", "msmtprc", "*.msmtprc"),
    docs=(
        DocsRow("msmtprc",
                "`defaults` and every `account` (`account NAME : BASE` inheritance): `host`, `port` (default 25, "
                "465 with `tls_starttls off`), `tls`, `tls_starttls`, `tls_certcheck`, `auth`, `user`, `password` "
                "(`passwordeval` is a reference)"),
    ),
)
