"""CI workflows: GitHub Actions workflows (YAML recognised by content: top-level ``on:`` and ``jobs:``) and
GitLab CI files (``.gitlab-ci.yml``, ``*.gitlab-ci.yml``)."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser
from smtplint.i18n import N_


def _sniff_workflow(head: bytes) -> bool:
    if b"jobs:" not in head and b"composite" not in head:  # most YAML files: no import
        return False
    from smtplint.parsers.yaml_sniff import looks_like_workflow
    return looks_like_workflow(head)


LABEL = N_("CI workflows")

GITHUB_ACTIONS = InputFormat(
    name="github-actions",
    label=LABEL,
    parse=text_parser("ci_yaml", "parse_workflow"),
    comments=comment_reader("yaml"),
    overrides="yaml",
    sniff=_sniff_workflow,
    docs=(
        DocsRow('GitHub Actions',
                'workflows and composite actions by content (top-level `on:` and `jobs:`, or `runs:` with `using: '
                'composite`): `dawidd6/action-send-mail` steps '
                '(`server_address`, `server_port` (default 25), `secure` (`true`: implicit TLS; absent: implicit '
                'TLS on 465 only, else STARTTLS when offered), `username`, `password`, `ignore_cert`, '
                '`connection_url`), and the '
                'workflow, job and step `env:` blocks layered as a step sees them (the `.env` vocabulary); '
                '`${{ secrets.X }}` is a reference'),
    ),
)
GITLAB_CI = InputFormat(
    name="gitlab-ci",
    label=LABEL,
    parse=text_parser("ci_yaml", "parse_gitlab"),
    comments=comment_reader("yaml"),
    names=("*.gitlab-ci.yml", "*.gitlab-ci.yaml"),
    exact_names=(".gitlab-ci.yml", ".gitlab-ci.yaml"),
    name_priority=True,
    docs=(
        DocsRow('GitLab CI',
                '`.gitlab-ci.yml` and `*.gitlab-ci.yml`: top-level and job `variables:` (plain values or '
                '`{value: ...}`; a job\'s win), read with the `.env` vocabulary; `$VAR`/`${VAR}` are references'),
    ),
)
