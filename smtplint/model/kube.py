"""What a Kubernetes manifest says about containers' environments, kept for linking.

The Kubernetes reader (smtplint.parsers.kubernetes) records the variables each ConfigMap, Secret and kustomize
generator holds (*sources*) and each container's ``env:`` entries and ``envFrom:`` references (*consumers*),
with exact spans. The linking step (smtplint.parsers.kube_link) resolves ``envFrom`` against the sources in
the same file or folder and builds the client endpoints through the environment-variable vocabulary that
``.env`` files use: a container's endpoints from what it receives, a source that no container in sight
imports from its own variables.
"""

from __future__ import annotations

from smtplint.model.core import Setting, Span
from smtplint.records import field, record


@record
class EnvSource:
    """A ConfigMap, a Secret or a kustomize generator: variables a container may import with ``envFrom``."""

    kind: str  # "ConfigMap" or "Secret"
    name: str
    namespace: str  # "" when the manifest does not say
    span: Span  # the data:/stringData: block, or the generator entry
    settings: list[Setting[str]] = field(default_factory=list)  # every key, in order
    value_spans: list[Span | None] = field(default_factory=list)  # parallel: where each value is written
    env_files: list[tuple[str, Span]] = field(default_factory=list)  # kustomize ``envs:`` (path, entry span)


@record(frozen=True)
class EnvFromRef:
    """One ``envFrom:`` item: ``configMapRef`` or ``secretRef`` by name, with its optional ``prefix``."""

    kind: str  # "ConfigMap" or "Secret"
    name: str
    prefix: str
    span: Span


@record(frozen=True)
class EnvKeyRef:
    """An ``env`` entry's ``valueFrom``: one key of a ConfigMap (``configMapKeyRef``) or Secret (``secretKeyRef``)."""

    kind: str
    name: str
    key: str


@record
class Consumer:
    """One container's environment: ``envFrom`` references first, then ``env`` entries (which win)."""

    span: Span  # the env: block, or the container when it has only envFrom
    namespace: str
    refs: list[EnvFromRef] = field(default_factory=list)
    settings: list[Setting[str]] = field(default_factory=list)
    value_spans: list[Span | None] = field(default_factory=list)
    key_refs: list[EnvKeyRef | None] = field(default_factory=list)  # parallel to settings: a valueFrom key


@record
class KubeFacts:
    """The sources and consumers of one file, and the ``# Source:`` template of each document's lines."""

    sources: list[EnvSource] = field(default_factory=list)
    consumers: list[Consumer] = field(default_factory=list)
    # (first line, last line, template path) of each document after a Helm ``# Source:`` comment
    rendered_from: list[tuple[int, int, str]] = field(default_factory=list)
