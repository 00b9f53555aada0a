"""INI files: Grafana ``[smtp]`` and Gitea/Forgejo ``[mailer]``."""

from __future__ import annotations

import re

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

_MAIL_SECTION = rb"(?mi)^[ \t]*\[[ \t]*(?:smtp|mailer)[ \t]*\]"


FORMAT = InputFormat(
    name="ini",
    label="INI",
    parse=text_parser("ini_"),
    comments=comment_reader("ini"),
    names=("app.ini", "grafana.ini", "custom.ini", "defaults.ini"),
    probe=("*.ini",),
    sniff=lambda head: bool(re.search(_MAIL_SECTION, head)),
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
