"""Postfix ``main.cf`` and ``master.cf``."""

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


MAIN = InputFormat(
    name="postfix-main",
    label=N_("Postfix main.cf/master.cf"),
    parse=_parse_main,
    comments=_comments,
    exact_names=("main.cf",),
    docs=(
        DocsRow('Postfix',
                '`main.cf` (continuation lines, `$name` expansion, last definition wins, documented defaults) and '
                '`master.cf` (services, `-o` overrides, `-o { name = value }`); a `master.cf` is resolved against the'
                ' `main.cf` beside it'),
    ),
)
MASTER = InputFormat(
    name="postfix-master",
    label=N_("Postfix main.cf/master.cf"),
    parse=_parse_master,
    comments=_comments,
    exact_names=("master.cf",),
)
