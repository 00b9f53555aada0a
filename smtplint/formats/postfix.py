"""Postfix ``main.cf`` and ``master.cf``, and files in their syntax under other names: docker-mailserver's
``postfix-main.cf`` and ``postfix-master.cf`` (``postconf -P`` lines), mailcow's ``postfix/extra.cf``,
``main.cf.d/*``, and any ``*.cf`` whose lines are main.cf or master.cf syntax."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.postfix(text)



def _parse_main(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import postfix
    return postfix.parse_main(path, text)


def _parse_master(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import postfix
    return postfix.parse_master(path, text)


def _parse_edits(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import postfix
    return postfix.parse_master_edits(path, text)


def _parse_sniffed(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import postfix
    return postfix.parse_sniffed(path, text)


def _sniff(head: bytes) -> bool:
    if b"=" not in head and b"inet" not in head and b"unix" not in head:
        return False  # most .cf files that are not Postfix: no parser import
    from smtplint.parsers import postfix
    return postfix.sniff_syntax(head) is not None


MAIN = InputFormat(
    name="postfix-main",
    label=N_("Postfix main.cf/master.cf"),
    parse=_parse_main,
    comments=_comments,
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
    parse=_parse_master,
    comments=_comments,
    exact_names=("master.cf",),
)
MASTER_EDITS = InputFormat(
    name="postfix-master-overrides",
    label=N_("Postfix main.cf/master.cf"),
    parse=_parse_edits,
    comments=_comments,
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
    parse=_parse_sniffed,
    comments=_comments,
    probe=("*.cf",),
    sniff=_sniff,
    docs=(
        DocsRow('Postfix syntax in any `*.cf`',
                "by content: three in four `name = value` lines name Postfix parameters (main.cf syntax), or "
                "service lines of eight fields (master.cf syntax, as `postfix-amavis.cf`); lookup tables, LDAP "
                "query files, Dovecot and fail2ban `.cf` files are left alone"),
    ),
)
