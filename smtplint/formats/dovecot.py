"""Dovecot configuration: the submission service's relay (``submission_relay_*``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout


def _parse(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import dovecot_
    return dovecot_.parse(path, text)


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.hash_lines(text)

FORMAT = InputFormat(
    name="dovecot",
    label="Dovecot",
    parse=_parse,
    comments=_comments,
    exact_names=("dovecot.conf", "20-submission.conf"),
    probe=("*.conf",),
    sniff=lambda head: b"submission_relay_" in head,
    sniff_named=True,
    docs=(
        DocsRow('Dovecot',
                'the submission relay of `dovecot.conf`, `conf.d/20-submission.conf` or any `*.conf` that sets it: '
                '`submission_relay_host`, `_port` (default 25), `_ssl` (`no` default = plaintext, `smtps` = implicit '
                'TLS, `starttls` = required STARTTLS), `_ssl_verify`, `_user`/`_master_user`/`_password`, `_trusted`'
                ' (top level and `protocol submission {}`; defaults only in a file that includes no other)'),
    ),
)
