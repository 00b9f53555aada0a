"""CI formats: GitHub Actions workflow commands, GitLab Code Quality, --output; no secret in any format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from smtplint.cli import main
from smtplint.model import Finding, Severity, Span, Suppression
from smtplint.report import Outcome, github, gitlab

REPO = Path(__file__).resolve().parents[1]
MASTER_CF = "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n"
SECRET_ENV = (
    "MAIL_MAILER=smtp\nMAIL_HOST=smtp.gmail.com\nMAIL_PORT=465\nMAIL_USERNAME=shop@example.com\n"
    'MAIL_PASSWORD="qwer tyui opas dfgh"\n'
)
SECRET_URL_ENV = "EMAIL_URL=smtp://mailer:Sup3rS3cretValue@smtp.example.com:25\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "deploy" / "postfix").mkdir(parents=True)
    (root / "deploy" / "postfix" / "master.cf").write_text(MASTER_CF)
    (root / "deploy" / "postfix" / "main.cf").write_text("smtpd_tls_security_level = may\n")
    return root


def test_github_annotations_for_examples(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    rc, out, _ = run(capsys, "--format", "github", "examples/")
    assert rc == 1
    lines = out.splitlines()
    assert ("::error file=examples/postfix/master.cf,line=3,col=1,endLine=3,endColumn=62,title=SMTP302::"
            "submission service 'submission' (port 587) inherits smtpd_tls_security_level=may from main.cf "
            "line 11: clients can authenticate and submit without TLS; add "
            "'-o smtpd_tls_security_level=encrypt' to the service [related: examples/postfix/main.cf:11:1]") in lines
    assert any(line.startswith("::warning file=examples/laravel/.env,line=7,col=1,endLine=7,endColumn=20,"
                               "title=SMTP103::") for line in lines)
    rc, out, _ = run(capsys, "--format", "json", "examples/")
    assert len(lines) == len(json.loads(out)["findings"])


def test_github_paths_are_root_relative_and_clean_run_is_empty(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo / "deploy" / "postfix")
    rc, out, _ = run(capsys, "--format", "github", ".")
    assert rc == 1
    assert out.startswith("::error file=deploy/postfix/master.cf,line=1,col=1,endLine=1,endColumn=32,title=SMTP302::")
    (repo / "deploy" / "postfix" / "main.cf").write_text("smtpd_tls_security_level = encrypt\n")
    assert run(capsys, "--format", "github", ".")[:2] == (0, "")


def test_github_escaping() -> None:
    finding = Finding("SMTP101", "x", Severity.WARNING, "50% done\r\nnext: a, b", Span("a,b:c%.yml", 2, 3, 2, 9))
    assert github.annotation(finding, "a,b:c%.yml") == (
        "::warning file=a%2Cb%3Ac%25.yml,line=2,col=3,endLine=2,endColumn=9,title=SMTP101::"
        "50%25 done%0D%0Anext: a, b")
    info = Finding("SMTP103", "x", Severity.INFO, "m", Span("p", 1, 1, 1, 2))
    assert github.annotation(info, "p").startswith("::notice ")
    suppressed = Finding("SMTP101", "x", Severity.ERROR, "m", Span("p", 1, 1, 1, 2),
                         suppression=Suppression("inline", "ok"))
    assert github.annotation(suppressed, "p") == (
        "::notice file=p,line=1,col=1,endLine=1,endColumn=2,title=SMTP101 (suppressed)::m")


def test_gitlab_code_quality_for_examples(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    rc, out, _ = run(capsys, "--format", "gitlab", "examples/")
    assert rc == 1
    issues = json.loads(out)
    rc, out, _ = run(capsys, "--format", "json", "examples/")
    findings = json.loads(out)["findings"]
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues] == [
        (f["rule"], f["path"], f["line"]) for f in findings]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["description"].startswith(issue["check_name"] + " ")
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_rule = {i["check_name"]: i for i in issues}
    assert by_rule["SMTP302"]["severity"] == "critical" and by_rule["SMTP302"]["categories"] == ["Security"]
    assert by_rule["SMTP103"]["severity"] == "minor"


def test_gitlab_fingerprints_are_unique_and_stable_when_lines_move(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    before = json.loads(run(capsys, "--format", "gitlab", ".")[1])
    master = repo / "deploy" / "postfix" / "master.cf"
    master.write_text("# moved\n" + MASTER_CF)
    after = json.loads(run(capsys, "--format", "gitlab", ".")[1])
    assert [i["location"]["lines"]["begin"] for i in before] == [1]
    assert [i["location"]["lines"]["begin"] for i in after] == [2]
    assert before[0]["fingerprint"] == after[0]["fingerprint"]
    master.write_text(MASTER_CF.replace("smtpd\n", "smtpd\n  -o smtpd_tls_security_level=encrypt\n"))
    rc, out, _ = run(capsys, "--format", "gitlab", ".")
    assert (rc, json.loads(out)) == (0, [])


def test_gitlab_leaves_suppressed_findings_out(tmp_path: Path) -> None:
    shown = Finding("SMTP101", "x", Severity.ERROR, "m", Span("a.yml", 1, 1, 1, 2))
    hidden = Finding("SMTP101", "x", Severity.ERROR, "m", Span("a.yml", 2, 1, 2, 2),
                     suppression=Suppression("baseline", ""))
    issues = gitlab.build(Outcome("0", (shown, hidden), 1), root=tmp_path, cwd=tmp_path)
    assert [i["location"]["lines"]["begin"] for i in issues] == [1]


def test_output_file_and_summary_on_stderr(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    rc, out, err = run(capsys, "--format", "sarif", "--output", "out.sarif", ".")
    assert (rc, out) == (1, "")
    assert err == "Found 1 finding (1 error) in 2 files checked.\n"
    assert json.loads((repo / "out.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "SMTP302"
    rc, out, err = run(capsys, "-o", "report.txt", ".")
    assert (rc, out) == (1, "")
    assert (repo / "report.txt").read_text().startswith("deploy/postfix/master.cf:1:1: error SMTP302 ")
    assert "\x1b[" not in (repo / "report.txt").read_text()  # no colour in a file unless --color always
    assert err.endswith("Found 1 finding (1 error) in 2 files checked.\n")
    # missing folders are created, as --write-baseline does
    rc, out, err = run(capsys, "--format", "json", "-o", str(repo / "missing" / "deeper" / "x.json"), ".")
    assert rc == 1 and json.loads((repo / "missing" / "deeper" / "x.json").read_text())["findings"]
    rc, out, err = run(capsys, "-o", str(repo / "report.txt" / "x.json"), ".")  # a file where a folder must be
    assert rc == 2 and "cannot write" in err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab"])
def test_no_secret_in_any_format(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "laravel").mkdir()
    (tmp_path / "laravel" / ".env").write_text(SECRET_ENV)
    (tmp_path / "django").mkdir()
    (tmp_path / "django" / ".env").write_text(SECRET_URL_ENV)
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, "--format", fmt, "--output", "report.out", ".")
    report = (tmp_path / "report.out").read_text()
    assert rc == 1 and "SMTP202" in report
    for secret in ("qwer tyui", "qwertyui", "opas dfgh", "Sup3rS3cretValue", "S3cret"):
        assert secret not in report and secret not in out and secret not in err
