"""nginx configuration: the ``mail {}`` SMTP proxy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout


def _parse(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import nginx_
    return nginx_.parse(path, text)


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.hash_lines(text)

FORMAT = InputFormat(
    name="nginx",
    label=N_("nginx mail proxy"),
    parse=_parse,
    comments=_comments,
    exact_names=("nginx.conf",),
    docs=(
        DocsRow('nginx mail proxy',
                '`mail {}` in `nginx.conf` (other names: `kinds`): each SMTP `server` (`protocol smtp`, or listening '
                'on 25/465/587/2525) and its `listen ... ssl`, `starttls` (`off` default, `on`, `only`), `smtp_auth` '
                '(default `plain login`) and `ssl_protocols`, inherited from `mail {}`'),
    ),
)
