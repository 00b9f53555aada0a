"""Postfix ``main.cf`` and ``master.cf``, and files in their syntax under other names: docker-mailserver's
``postfix-main.cf`` and ``postfix-master.cf`` (``postconf -P`` lines), mailcow's ``postfix/extra.cf``,
``main.cf.d/*``, and any ``*.cf`` whose lines are main.cf or master.cf syntax."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser
from smtplint.i18n import N_


def _sniff(head: bytes) -> bool:
    if b"=" not in head and b"inet" not in head and b"unix" not in head:
        return False  # most .cf files that are not Postfix: no parser import
    from smtplint.parsers import postfix
    return postfix.sniff_syntax(head) is not None


MAIN = InputFormat(
    name="postfix-main",
    label=N_("Postfix main.cf/master.cf"),
    parse=text_parser("postfix", "parse_main"),
    comments=comment_reader("postfix"),
    exact_names=("main.cf", "postfix-main.cf"),
    folder_names=("main.cf.d/*.cf", "postfix/extra.cf"),
    docs=(
        DocsRow('Postfix',
                '`main.cf` (continuation lines, `$name` expansion, last definition wins, documented defaults) and '
                '`master.cf` (services, `-o` overrides, `-o { name = value }`); a `master.cf` is resolved against the'
                ' `main.cf` beside it'),
        DocsRow('Postfix overrides',
                "docker-mailserver's `postfix-main.cf`, mailcow's `postfix/extra.cf` and `main.cf.d/*.cf` (main.cf "
                "syntax, read after the `main.cf` beside them, judged alone without one)"),
    ),
)
MASTER = InputFormat(
    name="postfix-master",
    label=N_("Postfix main.cf/master.cf"),
    parse=text_parser("postfix", "parse_master"),
    comments=comment_reader("postfix"),
    exact_names=("master.cf",),
)
MASTER_EDITS = InputFormat(
    name="postfix-master-overrides",
    label=N_("Postfix main.cf/master.cf"),
    parse=text_parser("postfix", "parse_master_edits"),
    comments=comment_reader("postfix"),
    exact_names=("postfix-master.cf",),
    docs=(
        DocsRow('Postfix `postconf -P` overrides',
                "docker-mailserver's `postfix-master.cf` (`service/type/parameter=value` lines): `-o` overrides "
                "of the `master.cf` services beside it; alone, an SMTP port's service stands for an smtpd"),
    ),
)
SNIFFED = InputFormat(
    name="postfix-cf",
    label=N_("Postfix main.cf/master.cf"),
    parse=text_parser("postfix", "parse_sniffed"),
    comments=comment_reader("postfix"),
    probe=("*.cf",),
    sniff=_sniff,
    docs=(
        DocsRow('Postfix syntax in any `*.cf`',
                "by content: three in four `name = value` lines name Postfix parameters (main.cf syntax), or "
                "service lines of eight fields (master.cf syntax, as `postfix-amavis.cf`); lookup tables, LDAP "
                "query files, Dovecot and fail2ban `.cf` files are left alone"),
    ),
)
