"""What a docker-compose file says about one service's environment, kept for cross-file linking.

The YAML parser records, per service, the SMTP-related ``environment:`` entries as written (compose
interpolation not applied), the ``env_file:`` references and the endpoints it built from ``environment:``
alone. The engine's linking step resolves ``${VAR}`` against the ``.env`` beside the compose file, adds the
``env_file:`` variables, and replaces those endpoints with the resolved ones.
"""

from __future__ import annotations

from smtplint.model.client import ClientEndpoint, Dialect
from smtplint.model.core import Setting, Span
from smtplint.model.postfix import MainCf
from smtplint.records import field, record


@record(frozen=True)
class EnvFileRef:
    """One ``env_file:`` entry: the path as written (relative to the compose file), where, and whether required."""

    path: str
    span: Span
    required: bool = True


@record
class ComposeService:
    """One service's environment as written, for the compose/.env linking step."""

    name: str
    span: Span  # the environment: block, or the service entry when it has only env_file:
    environment: list[Setting[str]] = field(default_factory=list)  # SMTP-related entries, in order
    value_spans: list[Span | None] = field(default_factory=list)  # parallel: where each value is written
    env_files: list[EnvFileRef] = field(default_factory=list)
    endpoints: list[ClientEndpoint] = field(default_factory=list)  # built from environment: alone
    main_cf: MainCf | None = None  # a main.cf snippet of the compose file's configs: the service mounts
    hint: Dialect | None = None  # the dialect the service's image tells (vaultwarden/server: Vaultwarden)
