"""Linking Kubernetes manifests: ``envFrom`` resolved within a file and its folder, environments read.

Kubernetes' own rules (kubernetes.io "Define Environment Variables for a Container", "Configure a Pod to Use
a ConfigMap"): ``envFrom`` imports every key of a ConfigMap or Secret (with its ``prefix``); when a key is in
several sources the last source wins, and ``env`` entries win over ``envFrom``. kustomize generators hold
their ``literals`` and the variables of their ``envs`` files (relative to the kustomization).

What is built (smtplint.parsers.envvars, the vocabulary ``.env`` files use): for each container, the
endpoints of what it receives, with the ``envFrom`` line as related location of a value found in a
ConfigMap or Secret; for each source no container in the same file or folder imports, the endpoints of its
own variables. Framework defaults are never assumed (a ``valueFrom`` or another source may set the rest); an
absent credential is missing only in a container whose every ``envFrom`` source is in sight.
Findings in a ``helm template`` output name the template each document was rendered from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Document, Finding, Setting, Span
from smtplint.model.kube import Consumer, EnvKeyRef, EnvSource
from smtplint.parsers import tls_words
from smtplint.parsers.compose_env import Links
from smtplint.records import replace

Variables = tuple[list[Setting[str]], list[Span | None]]


def link(documents: Iterable[tuple[Path, Document]], others: dict[str, Document],
         read: Callable[[Path], bytes | None], display: Callable[[Path], str]) -> Links:
    """Build the endpoints of every manifest's containers and sources, in place; the related locations.

    ``documents`` pairs each parsed manifest with its real path; ``others`` holds every document of the run by
    display path (an ``envs:`` file linted on its own as ``.env`` gives its endpoints up to the generator that
    reads it); ``read`` returns a file's bytes through the engine's cached reader.
    """
    links = Links()
    manifests = [(real, doc) for real, doc in documents if doc.kube is not None]
    if not manifests:
        return links
    by_folder: dict[str, list[Document]] = {}
    for real, doc in manifests:
        by_folder.setdefault(os.path.dirname(os.path.abspath(real)), []).append(doc)
    for folder, docs in sorted(by_folder.items()):
        _link_folder(Path(folder), docs, others, read, display, links)
    return links


def _link_folder(folder: Path, docs: list[Document], others: dict[str, Document],
                 read: Callable[[Path], bytes | None], display: Callable[[Path], str], links: Links) -> None:
    index: dict[tuple[str, str], list[tuple[Document, EnvSource]]] = {}
    for doc in docs:
        assert doc.kube is not None
        for source in doc.kube.sources:
            _load_env_files(folder, source, others, read, display, links)
            index.setdefault((source.kind, source.name), []).append((doc, source))
    used: set[int] = set()
    for doc in docs:
        assert doc.kube is not None
        for consumer in doc.kube.consumers:
            merged: dict[str, tuple[Setting[str], Span | None]] = {}
            complete = True  # every variable the container receives is in sight
            for ref in consumer.refs:
                found = _find(index, doc, ref.kind, ref.name, consumer.namespace)
                if found is None:
                    complete = False
                    continue
                used.add(id(found))
                for setting, vspan in zip(found.settings, found.value_spans, strict=True):
                    if not variable_name(setting.key):
                        continue  # Kubernetes skips keys that are no variable names (main.cf, smtp-password)
                    key = ref.prefix + setting.key
                    merged.pop(key, None)
                    merged[key] = (replace(setting, key=key) if ref.prefix else setting, vspan)
                    links.add(setting.span, ref.span)
            for written, written_vspan, key_ref in zip(consumer.settings, consumer.value_spans, consumer.key_refs,
                                                       strict=True):
                setting, vspan = (written, written_vspan) if key_ref is None else _resolve_key(
                    index, doc, key_ref, consumer.namespace, written, written_vspan, links)
                merged.pop(setting.key, None)
                merged[setting.key] = (setting, vspan)
            _add(doc, consumer.span, list(merged.values()), complete)
    for doc in docs:
        assert doc.kube is not None
        for source in doc.kube.sources:
            if id(source) not in used:
                _add(doc, source.span, list(zip(source.settings, source.value_spans, strict=True)), False)


def variable_name(key: str) -> bool:
    """A data key that can be an environment variable (``envFrom`` skips the others, such as ``main.cf``)."""
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) is not None


def _resolve_key(index: dict[tuple[str, str], list[tuple[Document, EnvSource]]], doc: Document, ref: EnvKeyRef,
                 namespace: str, setting: Setting[str], vspan: Span | None,
                 links: Links) -> tuple[Setting[str], Span | None]:
    """A ``valueFrom`` key of a source in sight: its value under the variable's name, reported at the key's line
    with the ``env`` entry as related location; the setting itself (a reference) when the key is not in sight."""
    found = _find(index, doc, ref.kind, ref.name, namespace)
    if found is None:
        return setting, vspan
    for source_setting, source_vspan in zip(reversed(found.settings), reversed(found.value_spans), strict=True):
        if source_setting.key == ref.key:
            links.add(source_setting.span, setting.span)
            return replace(source_setting, key=setting.key), source_vspan
    return setting, vspan


def _find(index: dict[tuple[str, str], list[tuple[Document, EnvSource]]], doc: Document, kind: str, name: str,
          namespace: str) -> EnvSource | None:
    """The source a reference names: in the same namespace (or where either does not say), in the same file
    first."""
    candidates = [(d, s) for d, s in index.get((kind, name), ())
                  if not namespace or not s.namespace or s.namespace == namespace]
    candidates.sort(key=lambda pair: pair[0] is not doc)
    return candidates[0][1] if candidates else None


def _add(doc: Document, span: Span, pairs: list[tuple[Setting[str], Span | None]], complete: bool) -> None:
    """The endpoints of an environment; ``complete`` False when part of it may be out of sight (a source no
    container here imports, a reference to a source that is not here): an absent setting is then unknown."""
    from smtplint.parsers.envvars import endpoints_from_env
    from smtplint.parsers.shapes import env_relevant

    pairs = [(s, v) for s, v in pairs if env_relevant(s.key)]
    if not pairs:
        return
    endpoints: list[ClientEndpoint] = endpoints_from_env([s for s, _ in pairs], span, complete=False,
                                                         value_spans=[v for _, v in pairs])
    tls_words.finish(endpoints)
    for ep in endpoints:
        ep.complete = ep.complete and complete
    doc.endpoints.extend(endpoints)


def _load_env_files(folder: Path, source: EnvSource, others: dict[str, Document],
                    read: Callable[[Path], bytes | None], display: Callable[[Path], str], links: Links) -> None:
    """A generator's ``envs:`` files, read once, put before its literals; a file linted on its own as ``.env``
    gives up its endpoints (the generator's environment reports them)."""
    if not source.env_files:
        return
    from smtplint.parsers.dotenv_ import read_variables
    from smtplint.parsers.text import NotText, decode

    settings: list[Setting[str]] = []
    value_spans: list[Span | None] = []
    for rel, entry_span in source.env_files:
        path = folder / rel
        if not path.is_file():
            continue
        data = read(path)
        text = decode(data) if data is not None else None
        if text is None or isinstance(text, NotText):
            continue
        shown = display(path)
        found, spans, _diagnostics, _block = read_variables(shown, text)
        for setting in found:
            links.add(setting.span, entry_span)
        settings += found
        value_spans += spans
        own = others.get(shown)
        if own is not None:
            own.endpoints.clear()
    source.settings[:0] = settings
    source.value_spans[:0] = value_spans
    source.env_files = []


def annotate(findings: Iterable[Finding], documents: Iterable[Document]) -> set[Finding]:
    """Findings in a ``helm template`` output, with the template their document was rendered from."""
    regions: dict[str, list[tuple[int, int, str]]] = {}
    for doc in documents:
        if doc.kube is not None and doc.kube.rendered_from:
            regions[doc.path] = doc.kube.rendered_from
    out: set[Finding] = set()
    for finding in findings:
        found = next((source for first, last, source in regions.get(finding.span.path, ())
                      if first <= finding.span.line <= last), None)
        out.add(finding if found is None else replace(
            finding, message=_("{message} (rendered from {template})").format(message=finding.message,
                                                                            template=found)))
    return out


__all__ = ["Consumer", "annotate", "link"]
