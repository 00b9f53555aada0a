"""Postfix ``main.cf`` and ``master.cf``."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser
from smtplint.i18n import N_

MAIN = InputFormat(
    name="postfix-main",
    label=N_("Postfix main.cf/master.cf"),
    parse=text_parser("postfix", "parse_main"),
    comments=comment_reader("postfix"),
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
    parse=text_parser("postfix", "parse_master"),
    comments=comment_reader("postfix"),
    exact_names=("master.cf",),
)
