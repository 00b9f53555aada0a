"""TOML files: ``[smtp]``/``[mail]``/``[email]``/``[mailer]`` tables (listmonk's ``[[smtp]]`` too)."""

from __future__ import annotations

import re

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

# a [smtp] / [[smtp]] / [app.mail] table header, or a dotted smtp.host = key
_MAIL_TABLE = (
    rb"""(?mi)^[ \t]*(?:\[\[?[ \t]*(?:[\w"'-]+[ \t]*\.[ \t]*)*["']?(?:smtp|mail|email|mailer)["']?[ \t]*\]"""
    rb"""|["']?(?:smtp|mail|email|mailer)["']?[ \t]*\.[ \t]*\w+[ \t]*=)""")


def looks_like_mail_toml(head: bytes) -> bool:
    """A TOML file with a mail table (``[smtp]``, ``[[smtp]]``, ``[app.mail]``) or ``smtp.host = ...`` keys."""
    return re.search(_MAIL_TABLE, head) is not None


FORMAT = InputFormat(
    name="toml",
    label="TOML",
    parse=text_parser("toml_"),
    comments=comment_reader("dotenv"),
    probe=("*.toml",),
    sniff=looks_like_mail_toml,
    sniff_named=True,
    docs=(
        DocsRow('TOML',
                '`[smtp]`, `[mail]`, `[email]`, `[mailer]` tables at any depth and arrays of them (listmonk\'s '
                '`[[smtp]]`: `host`, `port`, `tls_type` `TLS` = implicit TLS, `STARTTLS` = required STARTTLS, '
                '`none`; `tls_skip_verify`, `auth_protocol`, `username`, `password`), read with the YAML generic '
                'block keys; positions from a line scanner over what tomllib parses'),
    ),
)
