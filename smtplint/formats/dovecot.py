"""Dovecot configuration: the submission service's relay (``submission_relay_*``)."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

FORMAT = InputFormat(
    name="dovecot",
    label="Dovecot",
    parse=text_parser("dovecot_"),
    comments=comment_reader("hash_lines"),
    exact_names=("dovecot.conf", "20-submission.conf"),
    probe=("*.conf",),
    sniff=lambda head: b"submission_relay_" in head,
    sniff_named=True,
    docs=(
        DocsRow('Dovecot',
                'the submission relay of `dovecot.conf`, `conf.d/20-submission.conf` or any `*.conf` that sets it: '
                '`submission_relay_host`, `_port` (default 25), `_ssl` (`no` default = plaintext, `smtps` = implicit '
                'TLS, `starttls` = required STARTTLS), `_ssl_verify`, `_user`/`_master_user`/`_password`, `_trusted`'
                ' (top level and `protocol submission {}`; defaults only in a file that includes no other), and '
                '`ssl_client_require_valid_cert`; 2.3 and 2.4 files alike (2.4 kept these names)'),
    ),
)
