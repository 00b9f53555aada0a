"""nginx configuration: the ``mail {}`` SMTP proxy."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser
from smtplint.i18n import N_
from smtplint.patterns import lazy

# a ``mail {`` block opening a line (not a comment, not ``mail_...``), and after it an SMTP word
_MAIL_BLOCK = lazy(rb"(?:^(?:\xef\xbb\xbf)?|[\r\n])[ \t]*mail[ \t\r\n]*\{")  # any line ending, a BOM
_SMTP_WORD = lazy(rb"\b(?:smtp|starttls|listen)\b")
# a file included inside mail {}: a server { with protocol smtp;
_SERVER_BLOCK = lazy(rb"(?:^(?:\xef\xbb\xbf)?|[\r\n])[ \t]*server[ \t\r\n]*\{")
_PROTOCOL_SMTP = lazy(rb"\bprotocol[ \t]+smtp[ \t]*;")


def _sniff(head: bytes) -> bool:
    """A top-level ``mail {}`` block that speaks of SMTP, or a file of ``server {}`` blocks with ``protocol
    smtp;`` (included inside ``mail {}``): the nginx mail proxy (Dovecot, supervisord, Apache and other
    ``.conf`` syntaxes have neither)."""
    block = _MAIL_BLOCK.search(head)
    if block is not None:
        return _SMTP_WORD.search(head, block.end()) is not None
    server = _SERVER_BLOCK.search(head)
    return server is not None and _PROTOCOL_SMTP.search(head, server.end()) is not None


FORMAT = InputFormat(
    name="nginx",
    label=N_("nginx mail proxy"),
    parse=text_parser("nginx_"),
    comments=comment_reader("hash_lines"),
    exact_names=("nginx.conf",),
    probe=("*.conf",),
    sniff=_sniff,
    probe_folders=("nginx*", "*nginx", "conf.d", "sites-*"),
    docs=(
        DocsRow('nginx mail proxy',
                '`mail {}` in `nginx.conf`, and in a `*.conf` of an nginx-like folder (`nginx*/`, `*nginx/`, '
                '`conf.d/`, `sites-*/`) whose content opens a `mail {` block, or holds `server {}` blocks with '
                '`protocol smtp;` (a file included inside `mail {}`: what it does not set is unknown) (other '
                'names: `kinds`): each SMTP '
                '`server` (`protocol smtp`, or listening on 25/465/587/2525) and its `listen ... ssl`, `starttls` '
                '(`off` default, `on`, `only`), `smtp_auth` (default `plain login`) and `ssl_protocols`, inherited '
                'from `mail {}`'),
    ),
)
