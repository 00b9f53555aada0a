"""CI workflows end to end: GitHub Actions (dawidd6/action-send-mail with its own semantics and wording, env:
blocks layered as a step sees them) and GitLab CI variables; detection and what stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint import formats
from smtplint.model import Dialect, Mode, Origin
from smtplint.parsers import ci_yaml, yaml_sniff
from tests.conftest import lint


def _found(result: object) -> list[tuple[str, str, int, int]]:
    return [(f.rule_id, f.span.path, f.span.line, f.span.column) for f in result.findings]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("head", "expected"), [
    (b"name: ci\non: [push]\njobs:\n  a: {}\n", True),
    (b'"on":\n  push: {}\njobs:\n  a: {}\n', True),
    (b"jobs:\n  a: {}\n", False),  # no trigger: not a workflow (a CircleCI-like file)
    (b"on: x\nservices: {}\n", False),
    (b"apiVersion: v1\nkind: ConfigMap\ndata: {jobs: x}\n", False),
    (b"name: a\nruns:\n  using: composite\n  steps: []\n", True),  # a composite action
    (b"name: a\nruns:\n  using: node20\n  main: index.js\n", False),  # a JavaScript action
])
def test_workflows_are_recognised_by_content(head: bytes, expected: bool) -> None:
    assert yaml_sniff.looks_like_workflow(head) is expected
    assert (formats.overriding(formats.get("yaml"), head).name == "github-actions") is expected


@pytest.mark.parametrize(("name", "kind"), [(".gitlab-ci.yml", "gitlab-ci"), ("deploy.gitlab-ci.yml", "gitlab-ci"),
                                            ("gitlab-ci.yml", "yaml"), ("ci.yml", "yaml")])
def test_gitlab_ci_by_name(name: str, kind: str) -> None:
    fmt = formats.format_of(name)
    assert fmt is not None and fmt.name == kind


def _endpoint(text: str):  # type: ignore[no-untyped-def]
    doc = ci_yaml.parse_workflow("w.yml", text)
    [ep] = doc.endpoints
    return ep


STEP = "on: push\njobs:\n  a:\n    steps:\n      - uses: dawidd6/action-send-mail@v3\n        with:\n"


@pytest.mark.parametrize(("inputs", "port", "port_origin", "mode", "mode_origin"), [
    ("          server_port: 465\n", 465, Origin.LITERAL, Mode.IMPLICIT_TLS, Origin.DEFAULT),
    ("          server_port: 587\n", 587, Origin.LITERAL, Mode.STARTTLS, Origin.DEFAULT),
    ("", 25, Origin.DEFAULT, Mode.STARTTLS, Origin.DEFAULT),
    ("          server_port: 587\n          secure: true\n", 587, Origin.LITERAL, Mode.IMPLICIT_TLS, Origin.LITERAL),
    ("          server_port: 465\n          secure: false\n", 465, Origin.LITERAL, Mode.STARTTLS, Origin.LITERAL),
])
def test_send_mail_semantics(inputs: str, port: int, port_origin: Origin, mode: Mode, mode_origin: Origin) -> None:
    ep = _endpoint(STEP + "          server_address: smtp.example.com\n" + inputs)
    assert ep.dialect is Dialect.ACTION_SEND_MAIL
    assert ep.host is not None and ep.host.value == "smtp.example.com"
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (port, port_origin)
    assert ep.mode is not None and (ep.mode.value, ep.mode.origin) == (mode, mode_origin)


def test_send_mail_expression_secure_is_unknown() -> None:
    ep = _endpoint(STEP + "          server_address: h.example.com\n          secure: ${{ vars.SECURE }}\n")
    assert ep.mode is None


def test_connection_url_with_a_literal_password(tmp_path: Path) -> None:
    (tmp_path / "w.yml").write_text(STEP + "          connection_url: smtps://user:Url-Pass-1@smtp.example.com\n")
    result = lint(tmp_path / "w.yml", cwd=tmp_path)
    assert _found(result) == [("SMTP204", "w.yml", 7, 11)]
    assert "Url-Pass-1" not in result.findings[0].message


def test_outer_env_is_judged_with_what_the_step_adds(tmp_path: Path) -> None:
    (tmp_path / "w.yml").write_text(
        "on: push\nenv:\n  SMTP_HOST: smtp.gmail.com\n  SMTP_PORT: 587\njobs:\n  a:\n    steps:\n      - run: x\n"
        "        env:\n          SMTP_USER: ${{ secrets.U }}\n          SMTP_PASSWORD: ${{ secrets.P }}\n")
    # the workflow env alone has no credentials, but the step that sends adds them: no SMTP201
    assert _found(lint(tmp_path / "w.yml", cwd=tmp_path)) == []


def test_wording_of_the_action(tmp_path: Path) -> None:
    (tmp_path / "w.yml").write_text(STEP + "          server_address: mail.example.org\n          server_port: 587\n"
                                    "          username: u\n          password: Wf-pass-123\n"
                                    "          ignore_cert: true\n")
    result = lint(tmp_path / "w.yml", cwd=tmp_path)
    assert _found(result) == [("SMTP204", "w.yml", 10, 11), ("SMTP106", "w.yml", 11, 11)]
    pw, cert = result.findings
    assert "'password: ${{ secrets.SMTP_PASSWORD }}'" in pw.message
    assert "remove ignore_cert" in cert.message and "Wf-pass-123" not in pw.message + cert.message


def test_gitlab_job_variables_win_over_global(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text(
        "variables:\n  SMTP_HOST: smtp.example.com\n  SMTP_PORT: 465\n  SMTP_SECURE: 'false'\n"
        "job:\n  script: [x]\n  variables:\n    SMTP_SECURE: 'true'\n    SMTP_USER: $U\n")
    assert _found(lint(tmp_path / ".gitlab-ci.yml", cwd=tmp_path)) == []
