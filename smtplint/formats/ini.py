"""INI files: Grafana ``[smtp]`` and Gitea/Forgejo ``[mailer]``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout

_MAIL_SECTION = re.compile(rb"^[ \t]*\[[ \t]*(?:smtp|mailer)[ \t]*\]", re.M | re.I)


def _parse(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import ini_
    return ini_.parse(path, text)


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.ini(text)

FORMAT = InputFormat(
    name="ini",
    label="INI",
    parse=_parse,
    comments=_comments,
    names=("app.ini", "grafana.ini", "custom.ini", "defaults.ini"),
    probe=("*.ini",),
    sniff=lambda head: bool(_MAIL_SECTION.search(head)),
    docs=(
        DocsRow('INI: Grafana',
                '`[smtp]`: `enabled` (false: skipped), `host = host:port`, `user`, `password` (`$__env{}`/`$__file{}`'
                ' are references), `skip_verify`, `startTLS_policy` (`MandatoryStartTLS`, `OpportunisticStartTLS` '
                'default, `NoStartTLS`; port 465 is implicit TLS whatever the policy)'),
        DocsRow('INI: Gitea/Forgejo',
                '`[mailer]`: `ENABLED`, `PROTOCOL` (`smtp` = unencrypted, `smtps`, `smtp+starttls`; '
                '`sendmail`/`dummy`/`smtp+unix` skipped; unset: the port decides as Gitea infers it), `SMTP_ADDR`, '
                '`SMTP_PORT`, `USER`, `PASSWD`, `FORCE_TRUST_SERVER_CERT`, and the older `HOST = host:port`, '
                "`IS_TLS_ENABLED`, `SKIP_VERIFY`; INI syntax as configparser without interpolation, go-ini's quotes "
                'removed'),
    ),
)
