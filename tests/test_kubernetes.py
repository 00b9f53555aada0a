"""Kubernetes manifests end to end: detection by content, Secrets decoded in memory, env/envFrom linking within
a file and a folder, kustomize generators, helm template output, and what stays silent."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from smtplint import formats
from smtplint.cli import main
from smtplint.parsers import kubernetes, yaml_sniff
from tests.conftest import lint


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


SECRET_PASSWORD = "Kube-Secret-77x"
HELM_OUTPUT = f"""---
# Source: shop/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: shop-mail
data:
  SMTP_PASSWORD: {_b64(SECRET_PASSWORD)}
---
# Source: shop/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-mail
data:
  SMTP_HOST: smtp.example.com
  SMTP_PORT: "465"
  SMTP_STARTTLS: "true"
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: shop
          image: shop:1
          envFrom:
            - configMapRef:
                name: shop-mail
            - secretRef:
                name: shop-mail
          env:
            - name: SMTP_USER
              value: shop@example.com
"""


def _found(result: object) -> list[tuple[str, str, int, int]]:
    return [(f.rule_id, f.span.path, f.span.line, f.span.column) for f in result.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("head", "expected"), [
    (b"apiVersion: v1\nkind: ConfigMap\n", True),
    (b"---\n# Source: x/templates/a.yaml\napiVersion: apps/v1\nkind: Deployment\n", True),
    (b"apiVersion: \"batch/v1\"\nkind: 'CronJob'  # nightly\n", True),
    (b"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n", True),
    (b"resources: [a.yaml]\nsecretGenerator:\n  - name: x\n", True),
    (b"version: '3'\nservices:\n  web:\n    image: x\n", False),  # compose
    (b"config:\n  apiVersion: v1\n  kind: Secret\n", False),  # not at the top level
    (b"apiVersion: 2\nkind: thing\n", False),  # no group/version, no CamelCase kind
    (b"spring:\n  mail:\n    host: smtp.example.com\n", False),
    (b"kind: ConfigMap\n", False),  # no apiVersion
])
def test_manifests_are_recognised_by_content_only(head: bytes, expected: bool) -> None:
    assert yaml_sniff.looks_like(head) is expected
    claimed = formats.overriding(formats.get("yaml"), head)
    assert (claimed.name == "kubernetes") is expected


def test_helm_output_links_envfrom_and_names_the_template(tmp_path: Path) -> None:
    (tmp_path / "rendered.yaml").write_text(HELM_OUTPUT)
    result = lint(tmp_path / "rendered.yaml", cwd=tmp_path)
    assert _found(result) == [("SMTP204", "rendered.yaml", 8, 3), ("SMTP105", "rendered.yaml", 18, 3)]
    by_rule = {f.rule_id: f for f in result.findings}
    assert by_rule["SMTP204"].message.endswith("(rendered from shop/templates/secret.yaml)")
    assert by_rule["SMTP105"].message.endswith("(rendered from shop/templates/configmap.yaml)")
    # the envFrom item that imports each value is a related location
    assert [(s.line, s.column) for s in by_rule["SMTP204"].related] == [(34, 15)]
    assert [(s.line, s.column) for s in by_rule["SMTP105"].related] == [(17, 3), (32, 15)]


def test_a_decoded_secret_is_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rendered.yaml").write_text(HELM_OUTPUT)
    monkeypatch.chdir(tmp_path)
    for fmt in ("full", "concise", "json", "sarif", "github", "gitlab"):
        assert main(["--format", fmt, "--color", "never", "rendered.yaml"]) == 1
        out = capsys.readouterr().out
        assert "SMTP204" in out
        assert SECRET_PASSWORD not in out and _b64(SECRET_PASSWORD) not in out, fmt


def test_envfrom_resolves_across_files_of_a_folder_and_sources_alone(tmp_path: Path) -> None:
    (tmp_path / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mail\ndata:\n  MAIL_HOST: smtp.example.com\n"
        "  MAIL_PORT: \"587\"\n")
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n"
        "      containers:\n        - name: app\n          envFrom:\n            - configMapRef:\n"
        "                name: mail\n          env:\n            - name: MAIL_MAILER\n              value: smtp\n"
        "            - name: MAIL_SCHEME\n              value: smtps\n")
    result = lint(tmp_path, cwd=tmp_path)
    # the container receives MAIL_PORT from the ConfigMap: implicit TLS on 587; no credentials in sight at all
    assert sorted(_found(result)) == [("SMTP105", "deploy.yaml", 16, 15), ("SMTP201", "cm.yaml", 6, 3)]
    # alone, the ConfigMap is judged without assuming the credentials are missing
    alone = lint(tmp_path / "cm.yaml", cwd=tmp_path)
    assert _found(alone) == []


def test_prefix_and_precedence(tmp_path: Path) -> None:
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  PASSWORD: From-Configmap-1\n"
        "  SMTP_PORT: \"465\"\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      envFrom:\n"
        "        - configMapRef: {name: a}\n          prefix: SMTP_\n      env:\n"
        "        - {name: SMTP_HOST, value: smtp.example.com}\n        - {name: SMTP_USER, value: u}\n"
        "        - {name: SMTP_PORT, value: \"587\"}\n")
    result = lint(tmp_path / "pod.yaml", cwd=tmp_path)
    # PASSWORD becomes SMTP_PASSWORD (the prefix); env's SMTP_PORT 587 wins over the ConfigMap's 465
    assert _found(result) == [("SMTP204", "pod.yaml", 5, 3)]
    assert "'SMTP_PASSWORD'" in result.findings[0].message


def test_kustomize_envs_file_is_reported_once(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text(
        "configMapGenerator:\n  - name: mail\n    envs: [mail.env]\n    literals:\n      - SMTP_PORT=465\n")
    (tmp_path / "mail.env").write_text("SMTP_HOST=smtp.example.com\nSMTP_SECURE=false\nSMTP_USER=u\n")
    result = lint(tmp_path, cwd=tmp_path)
    assert _found(result) == [("SMTP105", "mail.env", 2, 1)]
    assert [(s.path, s.line) for s in result.findings[0].related] == [("kustomization.yaml", 5),
                                                                      ("kustomization.yaml", 3)]


def test_other_documents_are_still_read_as_yaml(tmp_path: Path) -> None:
    (tmp_path / "release.yaml").write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\nspec:\n  values:\n"
        "    smtp:\n      host: smtp.example.com\n      port: 587\n      username: app\n"
        "      password: Fl0x-values-pass\n")
    result = lint(tmp_path / "release.yaml", cwd=tmp_path)
    assert _found(result) == [("SMTP204", "release.yaml", 11, 7)]


@pytest.mark.parametrize("text", [
    "apiVersion: v1\nkind: Secret\ndata:\n  SMTP_PASSWORD: [1, 2]\n",
    "apiVersion: v1\nkind: Secret\ndata: 3\nstringData: [x]\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - env: {SMTP_HOST: x}\n      envFrom: 3\n",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: [3, {env: [1, {name: [x]}, {value: y}]}]\n",
    "apiVersion: v1\nkind: List\nitems: {a: b}\n---\n- 1\n",
    f"apiVersion: v1\nkind: Secret\ndata:\n  SMTP_PASSWORD: {base64.b64encode(bytes([255, 254])).decode()}\n",
    "configMapGenerator: 3\nsecretGenerator: [{literals: 3, envs: {a: b}}]\n",
    "apiVersion: v1\nkind: ConfigMap\ndata: {SMTP_HOST: &a x, SMTP_PORT: *a}\n",
])
def test_odd_shapes_never_crash(tmp_path: Path, text: str) -> None:
    (tmp_path / "m.yaml").write_text(text)
    result = lint(tmp_path / "m.yaml", cwd=tmp_path)
    assert not result.errors
    assert [f.rule_id for f in result.findings] == []


def test_json_report_of_a_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rendered.yaml").write_text(HELM_OUTPUT)
    monkeypatch.chdir(tmp_path)
    assert main(["--format", "json", "rendered.yaml"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("SMTP204", 8), ("SMTP105", 18)]


def test_chart_values_inside_a_helmrelease(tmp_path: Path) -> None:
    (tmp_path / "hr.yaml").write_text(
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: a}\nspec:\n  values:\n"
        "    controllers:\n      main:\n        containers:\n          app:\n            env:\n"
        "              SMTP_HOST: smtp.example.com\n              SMTP_PORT: 465\n              SMTP_SECURE: 'false'\n"
        "              SMTP_PASSWORD:\n                valueFrom: {secretKeyRef: {name: s, key: p}}\n")
    result = lint(tmp_path / "hr.yaml", cwd=tmp_path)
    assert _found(result) == [("SMTP105", "hr.yaml", 13, 15)]


def test_worker_processes_give_the_same_links(tmp_path: Path) -> None:
    from smtplint.engine import Engine
    from smtplint.files import discover

    (tmp_path / "rendered.yaml").write_text(HELM_OUTPUT)
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata:\n"
                                      "  SMTP_HOST: smtp.example.com\n  SMTP_PORT: '587'\n  SMTP_SECURE: 'true'\n")
    targets, skipped = discover([str(tmp_path)], cwd=tmp_path)
    serial = Engine(cwd=tmp_path, jobs=1).run(targets, skipped)
    pooled = Engine(cwd=tmp_path, jobs=2).run(targets, skipped)
    assert [(f.rule_id, f.span, f.message, f.related) for f in pooled.findings] == [
        (f.rule_id, f.span, f.message, f.related) for f in serial.findings]
    assert [f.rule_id for f in serial.findings] == ["SMTP105", "SMTP204", "SMTP105"]


def test_postfix_files_in_configmap_data_are_read_at_the_manifest_lines() -> None:
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mail\ndata:\n  postfix-main.cf: |\n"
            "    mynetworks = 0.0.0.0/0\n  postfix-master.cf: |\n    submission/inet/smtpd_tls_security_level=may\n"
            "  master.cf: |\n    submission inet n - n - - smtpd\n      -o smtpd_sasl_auth_enable=no\n")
    doc = kubernetes.parse("mail.yaml", text)
    assert doc.main_cf is not None and doc.master_cf is not None
    mynetworks = doc.main_cf.last("mynetworks")
    assert mynetworks is not None and (mynetworks.span.line, mynetworks.span.column) == (7, 5)
    edited, service = doc.master_cf.services
    assert edited.partial and edited.overrides[0].span.line == 9 and edited.overrides[0].span.column == 5
    assert service.partial and service.first_line.line == 11 and service.overrides[0].span.column == 7
