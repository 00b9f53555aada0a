"""Kubernetes manifests, rendered ``helm template`` and ``kustomize build`` output, and ``kustomization.yaml``
generators: YAML files recognised by content (a top-level ``apiVersion:`` and ``kind:``, or generators)."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser
from smtplint.i18n import N_


def _sniff(head: bytes) -> bool:
    if b"apiVersion:" not in head and b"Generator:" not in head:  # most YAML files: no import
        return False
    from smtplint.parsers.yaml_sniff import looks_like
    return looks_like(head)


FORMAT = InputFormat(
    name="kubernetes",
    label=N_("Kubernetes manifests"),
    parse=text_parser("kubernetes"),
    comments=comment_reader("yaml"),
    overrides="yaml",
    sniff=_sniff,
    docs=(
        DocsRow('Kubernetes manifests',
                'by content (a top-level `apiVersion:` and `kind:`), multi-document files and `kind: List`: '
                '`ConfigMap` `data`, `Secret` `stringData` and `data` (base64, decoded in memory only; findings at '
                'the key line), container `env:` (`name`/`value`; a `configMapKeyRef`/`secretKeyRef` to a source '
                'in sight is resolved, any other `valueFrom` and `$(VAR)` are references) and '
                '`envFrom:` (`configMapRef`/`secretRef`, `prefix`) resolved against the ConfigMaps and Secrets '
                'in the same file or folder, in Pods and every pod template (Deployment, StatefulSet, DaemonSet, '
                'Job, CronJob ...), and the `env`/`extraEnv`/`extraEnvVars` lists or mappings (bjw-s app-template) '
                'in the chart values of a Flux `HelmRelease`, an Argo CD `Application` or another resource; the '
                '`.env` vocabulary applies; Postfix files in `ConfigMap` `data` (`main.cf: |`, '
                "docker-mailserver's `postfix-main.cf`/`postfix-master.cf`, any `*.cf` in Postfix syntax) read at the "
                'manifest\'s lines and judged alone'),
        DocsRow('Helm and Kustomize output',
                '`helm template` output (findings name the `# Source:` template), `kustomize build` output, '
                '`kustomization.yaml` `configMapGenerator`/`secretGenerator` `literals:` and `envs:` files; '
                '`helm template . | smtplint - --stdin-filename rendered.yaml`'),
    ),
)
