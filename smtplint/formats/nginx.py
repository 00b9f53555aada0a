"""nginx configuration: the ``mail {}`` SMTP proxy."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser
from smtplint.i18n import N_

FORMAT = InputFormat(
    name="nginx",
    label=N_("nginx mail proxy"),
    parse=text_parser("nginx_"),
    comments=comment_reader("hash_lines"),
    exact_names=("nginx.conf",),
    docs=(
        DocsRow('nginx mail proxy',
                '`mail {}` in `nginx.conf` (other names: `kinds`): each SMTP `server` (`protocol smtp`, or listening '
                'on 25/465/587/2525) and its `listen ... ssl`, `starttls` (`off` default, `on`, `only`), `smtp_auth` '
                '(default `plain login`) and `ssl_protocols`, inherited from `mail {}`'),
    ),
)
