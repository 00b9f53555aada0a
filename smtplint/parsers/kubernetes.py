"""Kubernetes manifests, rendered Helm/Kustomize output and ``kustomization.yaml``, read with exact positions.

A manifest is recognised by its content (a document whose top level has ``apiVersion:`` and ``kind:``,
:func:`smtplint.parsers.yaml_sniff.looks_like`), never by its name alone. What is read, per document:

* ``ConfigMap`` ``data`` and ``Secret`` ``stringData`` and ``data`` (base64, decoded in memory only: the
  decoded text is a setting's value like any other, and passwords are never printed): variables a container
  may import with ``envFrom``. A finding points at the key's line.
* A ``ConfigMap`` ``data`` entry holding a Postfix file as a literal block (``main.cf: |``, docker-mailserver's
  ``postfix-main.cf``/``postfix-master.cf``, any ``*.cf`` key in main.cf or master.cf syntax): read as that
  file at the manifest's lines (smtplint.parsers.compose_configs.read_block) and judged alone, as an override
  of the image's configuration: what it does not set is unknown.
* Containers (``containers``, ``initContainers``, ``ephemeralContainers``) of Pods and of every pod template
  (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PodTemplate, and any kind with
  ``spec.template.spec``): ``env:`` entries (``name``/``value``; a ``configMapKeyRef``/``secretKeyRef``
  is resolved by the linking step when its source is in sight, any other ``valueFrom`` and ``$(VAR)`` are
  references) and ``envFrom:`` references (``configMapRef``/``secretRef`` with ``prefix``).
* ``kustomization.yaml``'s ``configMapGenerator``/``secretGenerator``: ``literals:`` (``KEY=VALUE``) and
  ``envs:`` files (read by the linking step, relative to the kustomization).
* ``kind: List`` items; any other document (a custom resource carrying Helm values, an Alertmanager config)
  is read as plain YAML (smtplint.parsers.yaml_).

The variables are kept as facts (smtplint.model.kube); smtplint.parsers.kube_link resolves ``envFrom``
within the file and its folder and reads every environment through the vocabulary ``.env`` files use.
``# Source: chart/templates/x.yaml`` comments of ``helm template`` output are kept per document, so that
findings name the template they were rendered from.
"""

from __future__ import annotations

import base64
import binascii
import re

from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Origin, Setting, Severity, Span
from smtplint.model.kube import Consumer, EnvFromRef, EnvKeyRef, EnvSource, KubeFacts
from smtplint.model.postfix import MainCf, MasterCf, Service
from smtplint.parsers import yaml_
from smtplint.parsers.values import Scalar, classify
from smtplint.parsers.yaml_load import Node, is_null, mapping_entry, mapping_get, node_kind
from smtplint.patterns import lazy

_SOURCE = lazy(r"^# Source: (\S.*?)\s*$")
_DEPENDENT = lazy(r"\$\([A-Za-z_][A-Za-z0-9_]*\)")  # $(VAR): a variable Kubernetes expands
_POD_SPEC_PATHS = (("spec", "template", "spec"), ("spec", "jobTemplate", "spec", "template", "spec"),
                   ("template", "spec"), ("spec",))
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
_ENV_KEYS = frozenset({"env", "extraEnv", "extraEnvVars", "envVars", "extraEnvs", "additionalEnv"})
_EMBEDDED_DEPTH = 12  # chart values nest containers a few levels down (controllers.main.containers.app.env)
_RELEVANT = lazy(r"smtp|mail|envfrom|generator|\.cf\b", re.IGNORECASE)


def parse(path: str, text: str) -> Document:
    """Read one manifest file (every document in it); never raises on bad input."""
    document = Document(path, "yaml")
    document.kube = KubeFacts()
    if not _RELEVANT.search(text):
        return document  # no mail word, no envFrom: nothing here can configure or feed a mail client
    reader = _Reader(path, text, document)
    yaml_.run(reader)
    reader.postfix_layers()
    return document


def _scalar_text(node: Node | None) -> str | None:
    """A scalar node's text; None for anything else."""
    if node is None or node_kind(node) != "scalar" or is_null(node):
        return None
    return str(node.value)




def _path(node: Node | None, keys: tuple[str, ...]) -> Node | None:
    for key in keys:
        node = mapping_get(node, key)
    return node


def env_value(raw: str) -> Scalar:
    """A Kubernetes ``env`` value: ``$(VAR)`` is another variable (unknown here); else as everywhere."""
    if _DEPENDENT.search(raw):
        return Scalar(None, Origin.REFERENCE)
    return classify(raw)


class _Reader(yaml_.Reader):
    """Reads the Kubernetes documents of one file; other documents go to the plain YAML reading."""

    def __init__(self, path: str, text: str, document: Document) -> None:
        super().__init__(path, text, document)
        assert document.kube is not None
        self.facts = document.kube
        self.sources = [(i + 1, m.group(1)) for i, line in enumerate(self.lines)
                        if line.startswith("# Source:") and (m := _SOURCE.match(line)) is not None]
        self.last_end = 0  # the last line of the previous document (1-based)
        self.snippet_mains: list[MainCf] = []  # Postfix files in ConfigMap data, in file order
        self.snippet_services: list[Service] = []

    def read_document(self, root: Node) -> None:
        first = int(root.start_mark.line) + 1
        last = self.node_span(root).end_line
        source = next((s for line, s in reversed(self.sources) if self.last_end < line < first), None)
        if source is not None:
            self.facts.rendered_from.append((first, last, source))
        self.last_end = last
        if node_kind(root) != "mapping" or not self.manifest(root, 0):
            if node_kind(root) == "mapping" and mapping_get(root, "apiVersion") is not None:
                self.embedded_envs(root, 0, set())
            super().read_document(root)

    def manifest(self, root: Node, depth: int) -> bool:
        """Read one manifest mapping; False when it is no manifest smtplint reads (left to the YAML reading)."""
        kind = _scalar_text(mapping_get(root, "kind")) or ""
        if kind == "List" and depth == 0:
            self.check_duplicates(root)
            items = mapping_get(root, "items")
            for item in items.value if items is not None and node_kind(items) == "sequence" else ():
                if node_kind(item) == "mapping":
                    self.manifest(item, 1)
            return True
        if mapping_get(root, "configMapGenerator") is not None or mapping_get(root, "secretGenerator") is not None:
            if depth == 0:
                self.check_duplicates(root)
            self.generators(root)
            return True
        if mapping_get(root, "apiVersion") is None or not kind:
            return False
        namespace = _scalar_text(_path(root, ("metadata", "namespace"))) or ""
        name = _scalar_text(_path(root, ("metadata", "name"))) or ""
        if kind in ("ConfigMap", "Secret"):
            if depth == 0:
                self.check_duplicates(root)
            self.config_source(root, kind, name, namespace)
            return True
        spec = next((s for p in _POD_SPEC_PATHS if (s := _path(root, p)) is not None
                     and node_kind(s) == "mapping" and mapping_get(s, "containers") is not None), None)
        if spec is None:
            return False
        if depth == 0:
            self.check_duplicates(root)
        for list_name in _CONTAINER_LISTS:
            containers = mapping_get(spec, list_name)
            if containers is None or node_kind(containers) != "sequence":
                continue
            for container in containers.value:
                if node_kind(container) == "mapping":
                    self.container(container, namespace)
        return True

    # -- sources ------------------------------------------------------------------------------------------

    def config_source(self, root: Node, kind: str, name: str, namespace: str) -> None:
        """A ConfigMap's ``data``, a Secret's ``data`` (base64) and ``stringData`` (which wins)."""
        blocks = [("data", kind == "Secret")] + ([("stringData", False)] if kind == "Secret" else [])
        settings: dict[str, tuple[Setting[str], Span | None]] = {}
        span: Span | None = None
        for block_name, encoded in blocks:
            entry = mapping_entry(root, block_name)
            if entry is None or node_kind(entry[1]) != "mapping":
                continue
            span = span or self.entry_span(*entry)
            if kind == "ConfigMap":
                self.postfix_files(entry[1])
            for key, value in entry[1].value:
                key_text = _scalar_text(key)
                if key_text is None:
                    continue
                pair = self.data_setting(key_text, key, value, encoded)
                if pair is not None:
                    settings.pop(key_text, None)
                    settings[key_text] = pair
        if span is None or not settings:
            return
        pairs = list(settings.values())
        self.facts.sources.append(EnvSource(kind, name, namespace, span, [s for s, _ in pairs],
                                            [v for _, v in pairs]))

    def postfix_files(self, data: Node) -> None:
        """The Postfix files a ConfigMap's ``data`` holds (``main.cf: |``, ``postfix-master.cf: |``)."""
        from smtplint.parsers import compose_configs

        for key, value in data.value:
            name = (_scalar_text(key) or "").lower()
            kind = compose_configs.TARGETS.get(name)
            if kind is None and not name.endswith(".cf"):
                continue
            main, master = compose_configs.read_block(self.path, self.lines, value, kind, self.doc.diagnostics)
            if main is not None:
                self.snippet_mains.append(main)
            if master is not None:
                self.snippet_services += compose_configs.alone(master)

    def postfix_layers(self) -> None:
        """The document's main.cf and master.cf layers from the Postfix files of its ConfigMaps."""
        from smtplint.parsers import compose_configs

        main = compose_configs.merged(self.path, self.snippet_mains)
        if main is not None and self.doc.main_cf is None:
            self.doc.main_cf = main
        if self.snippet_services and self.doc.master_cf is None:
            self.doc.master_cf = MasterCf(self.path, list(self.snippet_services))

    def data_setting(self, name: str, key: Node, value: Node, encoded: bool) -> tuple[Setting[str], Span | None] | None:
        """One data entry as a variable: its span is the key's line (through the value)."""
        span = self.entry_span(key, value)
        if is_null(value):
            return Setting(name, "", "", span, Origin.LITERAL), None
        raw, scalar = self.scalar(value)
        if scalar.origin is Origin.REFERENCE or not encoded:
            return Setting(name, scalar.text, raw, span, scalar.origin), (
                None if encoded else self.verbatim_span(value, 0))
        decoded = _decode_base64(raw)
        if decoded is True:
            return None
        if decoded is False:
            self.doc.diagnostics.append(Diagnostic(
                Span(self.path, span.line, span.column, span.line, span.column + len(name)),
                _("Secret data '{key}' is not valid base64 text; Kubernetes rejects it").format(key=name),
                Severity.WARNING))
            return None
        assert isinstance(decoded, str)
        inner = classify(decoded)
        return Setting(name, inner.text, decoded, span, inner.origin), None

    def generators(self, root: Node) -> None:
        """kustomize ``configMapGenerator``/``secretGenerator`` entries: ``literals`` and ``envs`` files."""
        namespace = _scalar_text(mapping_get(root, "namespace")) or ""
        for list_name, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
            entries = mapping_get(root, list_name)
            if entries is None or node_kind(entries) != "sequence":
                continue
            for item in entries.value:
                if node_kind(item) != "mapping":
                    continue
                name = _scalar_text(mapping_get(item, "name")) or ""
                source = EnvSource(kind, name, _scalar_text(mapping_get(item, "namespace")) or namespace,
                                   self.node_span(item))
                literals = mapping_get(item, "literals")
                for literal in literals.value if literals is not None and node_kind(literals) == "sequence" else ():
                    text = _scalar_text(literal)
                    if text is None or "=" not in text:
                        continue
                    key, _eq, raw = text.partition("=")
                    scalar = classify(raw)
                    source.settings.append(Setting(key.strip(), scalar.text, raw, self.node_span(literal),
                                                   scalar.origin))
                    source.value_spans.append(self.verbatim_span(literal, len(key) + 1))
                for files_key in ("envs", "env"):
                    files = mapping_get(item, files_key)
                    nodes = ([files] if files is not None and node_kind(files) == "scalar"
                             else files.value if files is not None and node_kind(files) == "sequence" else [])
                    for node in nodes:
                        text = _scalar_text(node)
                        if text:
                            source.env_files.append((text, self.node_span(node)))
                if source.settings or source.env_files:
                    self.facts.sources.append(source)

    # -- consumers ----------------------------------------------------------------------------------------

    def embedded_envs(self, node: Node, depth: int, seen: set[int]) -> None:
        """Containers' environments inside another resource (a Flux HelmRelease's or an Argo CD Application's
        chart values, an operator's custom resource): every ``env``/``extraEnv``/``extraEnvVars`` list of
        ``name``/``value`` items, or mapping of variables (the bjw-s app-template's ``env:``), with the
        ``envFrom`` beside it."""
        if depth > _EMBEDDED_DEPTH or id(node) in seen:
            return
        seen.add(id(node))
        kind = node_kind(node)
        if kind == "sequence":
            for item in node.value:
                self.embedded_envs(item, depth + 1, seen)
            return
        if kind != "mapping":
            return
        env_keys = [(k, v) for k, v in node.value if node_kind(k) == "scalar" and str(k.value) in _ENV_KEYS]
        if env_keys or mapping_get(node, "envFrom") is not None:
            self.container(node, "", env_keys=env_keys)
        for key, value in node.value:
            if node_kind(key) == "scalar" and str(key.value) in _ENV_KEYS:
                continue
            self.embedded_envs(value, depth + 1, seen)

    def container(self, container: Node, namespace: str, env_keys: list[tuple[Node, Node]] | None = None) -> None:
        """One container's ``envFrom`` references and ``env`` entries (``env_keys``: the environment keys of a
        chart's values, each a list of ``name``/``value`` items or a mapping of variables)."""
        env = mapping_entry(container, "env")
        blocks = env_keys if env_keys is not None else [env] if env is not None else []
        env_from = mapping_get(container, "envFrom")
        consumer = Consumer(self.entry_span(*blocks[0]) if blocks else self.node_span(container), namespace)
        for item in env_from.value if env_from is not None and node_kind(env_from) == "sequence" else ():
            prefix = _scalar_text(mapping_get(item, "prefix")) or ""
            for ref_key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                ref = mapping_get(item, ref_key)
                ref_name = _scalar_text(mapping_get(ref, "name"))
                if ref_name:
                    consumer.refs.append(EnvFromRef(kind, ref_name, prefix, self.node_span(item)))
        for _key, block in blocks:
            entries: list[_EnvEntry | None]
            if node_kind(block) == "mapping" and env_keys is not None:
                entries = [self.env_mapping_entry(k, v) for k, v in block.value if node_kind(k) == "scalar"]
            else:
                entries = [self.env_entry(item) for item in (block.value if node_kind(block) == "sequence" else ())]
            for entry in entries:
                if entry is not None:
                    consumer.settings.append(entry[0])
                    consumer.value_spans.append(entry[1])
                    consumer.key_refs.append(entry[2])
        if consumer.refs or consumer.settings:
            self.facts.consumers.append(consumer)

    def env_mapping_entry(self, key: Node, value: Node) -> _EnvEntry:
        """``NAME: value`` in a chart's ``env:`` mapping; a mapping value (``valueFrom``, a secret reference) is a
        reference."""
        name = str(key.value).strip()
        span = self.entry_span(key, value)
        if node_kind(value) != "scalar":
            return Setting(name, None, "", span, Origin.REFERENCE), None, _key_ref(mapping_get(value, "valueFrom"))
        return self.env_value_entry(name, span, value)

    def env_entry(self, item: Node) -> _EnvEntry | None:
        """``- name: X`` with ``value: Y`` (a literal or a template), or ``valueFrom:`` (a reference, resolved by
        the linking step when it names a key of a ConfigMap or Secret in sight)."""
        name = _scalar_text(mapping_get(item, "name"))
        if name is None:
            return None
        span = self.node_span(item)
        value = mapping_entry(item, "value")
        value_from = mapping_get(item, "valueFrom")
        if value is None or value_from is not None:
            return Setting(name, None, "", span, Origin.REFERENCE), None, _key_ref(value_from)
        return self.env_value_entry(name, span, value[1])

    def env_value_entry(self, name: str, span: Span, value: Node) -> _EnvEntry:
        """An environment variable's written value."""
        if is_null(value):
            return Setting(name, "", "", span, Origin.LITERAL), None, None
        raw, scalar = self.scalar(value)
        if scalar.origin is Origin.LITERAL:
            scalar = env_value(raw)
        return Setting(name, scalar.text, raw, span, scalar.origin), self.verbatim_span(value, 0), None


_EnvEntry = tuple[Setting[str], "Span | None", "EnvKeyRef | None"]


def _key_ref(value_from: Node | None) -> EnvKeyRef | None:
    """``configMapKeyRef``/``secretKeyRef`` of a ``valueFrom`` (name and key); None for any other source."""
    for ref_key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
        ref = mapping_get(value_from, ref_key)
        name, key = _scalar_text(mapping_get(ref, "name")), _scalar_text(mapping_get(ref, "key"))
        if name and key:
            return EnvKeyRef(kind, name, key)
    return None


def _decode_base64(raw: str) -> str | bool:
    """The text a Secret's ``data`` value holds; False when it is not base64 (Kubernetes rejects it), True when
    it is base64 of bytes that are not UTF-8 text (a key or a certificate: no mail setting)."""
    compact = "".join(raw.split())
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return True


__all__ = ["env_value", "parse"]
