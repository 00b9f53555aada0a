"""The engine's cross-file linking and failure behaviour."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from smtplint import reading
from smtplint.engine import Engine
from smtplint.files import discover
from smtplint.model import ClientEndpoint, Finding

MAIN = ("compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n"
        "mynetworks = 0.0.0.0/0\n")
MASTER = ("smtp      inet  n       -       n       -       -       smtpd\n"
          "submission inet n       -       n       -       -       smtpd\n"
          "  -o syslog_name=postfix/submission\n")


def lint(paths: list[Path], cwd: Path) -> list[tuple[str, str, int]]:
    targets, skipped = discover([str(p) for p in paths], cwd=cwd)
    result = Engine(cwd=cwd).run(targets, skipped)
    assert not result.errors
    return [(f.rule_id, f.span.path, f.span.line) for f in result.findings]


@pytest.fixture
def postfix(tmp_path: Path) -> Path:
    d = tmp_path / "etc" / "postfix"
    d.mkdir(parents=True)
    (d / "main.cf").write_text(MAIN)
    (d / "master.cf").write_text(MASTER)
    return d


def test_master_cf_alone_is_resolved_against_main_cf_on_disk(postfix: Path, tmp_path: Path) -> None:
    # only master.cf is linted: its submission service inherits `may` from the main.cf beside it, and the
    # finding names that line as related; main.cf's own findings (mynetworks) are not reported
    targets, _ = discover([str(postfix / "master.cf")], cwd=tmp_path)
    result = Engine(cwd=tmp_path).run(targets)
    sasl, f = result.findings  # SMTP203 sits on the MX service line (ref 5.00), main.cf's lines related
    assert (sasl.rule_id, sasl.span.path, sasl.span.line) == ("SMTP203", "etc/postfix/master.cf", 1)
    assert [(r.path, r.line) for r in sasl.related] == [("etc/postfix/main.cf", 3), ("etc/postfix/main.cf", 2)]
    assert (f.rule_id, f.span.path, f.span.line) == ("SMTP302", "etc/postfix/master.cf", 2)
    assert [(r.path, r.line) for r in f.related] == [("etc/postfix/main.cf", 2)]
    assert result.files_checked == 1


def test_directory_gives_both_files_findings_once(postfix: Path, tmp_path: Path) -> None:
    assert lint([postfix], tmp_path) == [
        ("SMTP301", "etc/postfix/main.cf", 4),
        ("SMTP203", "etc/postfix/master.cf", 1),  # SASL on the port-25 smtp service before STARTTLS
        ("SMTP302", "etc/postfix/master.cf", 2),
    ]
    # naming both files and the directory finds the same, once
    assert lint([postfix, postfix / "main.cf", postfix / "master.cf"], tmp_path) == lint([postfix], tmp_path)


def test_master_cf_without_main_cf_judges_only_explicit_overrides(tmp_path: Path) -> None:
    (tmp_path / "master.cf").write_text(MASTER)
    assert lint([tmp_path], tmp_path) == []


def test_a_crashing_rule_is_reported_and_other_findings_survive(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from smtplint.rules import ENDPOINT_CHECKS, RULES

    def broken(_ep: ClientEndpoint, _opts: object) -> list[Finding]:
        raise RuntimeError("boom with a secret hunter2")

    monkeypatch.setattr("smtplint.rules.ENDPOINT_CHECKS", [*ENDPOINT_CHECKS, (RULES["SMTP201"], broken)])
    (tmp_path / "settings.py").write_text('EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\n')
    targets, _ = discover([str(tmp_path)], cwd=tmp_path)
    result = Engine(cwd=tmp_path).run(targets)
    assert [e.where for e in result.errors] == ["rule SMTP201"]
    assert result.errors[0].path == "settings.py"
    assert "hunter2" not in result.errors[0].detail
    # the working SMTP201 check and SMTP101 still report (host line 1, port line 2)
    assert [(f.rule_id, f.span.line) for f in result.findings] == [("SMTP201", 1), ("SMTP101", 2)]


def test_a_crashing_parser_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise ValueError("parser bug")

    monkeypatch.setattr(reading, "parse_bytes", broken)
    (tmp_path / "a.yml").write_text("smtp: {host: x}\n")
    targets, _ = discover([str(tmp_path)], cwd=tmp_path)
    result = Engine(cwd=tmp_path).run(targets)
    assert [(e.path, e.where) for e in result.errors] == [("a.yml", "yaml parser")]


def test_oversized_files_are_skipped_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.yml").write_text("smtp:\n  host: smtp.example.com\n" + "# pad\n" * 1000)
    targets, _ = discover([str(tmp_path)], cwd=tmp_path)
    result = Engine(cwd=tmp_path, max_file_size=100).run(targets)
    assert [(s.display, s.reason) for s in result.skipped] == [
        ("big.yml", "larger than the maximum file size (100 bytes)")]
    assert result.findings == []


def test_binary_and_bad_utf8_files_are_one_parse_error_each(tmp_path: Path) -> None:
    (tmp_path / "bin.yml").write_bytes(b"\x00\x01\x02smtp")
    (tmp_path / "latin.env").write_bytes(b"SMTP_HOST=x\nSMTP_PASS=caf\xe9\n")
    assert lint([tmp_path], tmp_path) == [("SMTP001", "bin.yml", 1), ("SMTP001", "latin.env", 2)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_probed_files_count_only_when_their_bytes_confirm_the_kind(tmp_path: Path, jobs: int) -> None:
    # discovery never opens a .py/.json/.ini/.properties file found in a folder; the engine's look does (jobs=2:
    # in the pool's workers)
    (tmp_path / "views.py").write_text("def index():\n    return 'mail'\n")
    (tmp_path / "conf.py").write_text('EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 25\nEMAIL_HOST_USER = "u"\n')
    (tmp_path / "package.json").write_text('{"name": "x"}\n')
    (tmp_path / "messages.properties").write_text("greeting=hello\n")
    (tmp_path / "big.py").write_text('EMAIL_HOST = "smtp.example.com"\n' + "#" * 4096 + "\n")
    (tmp_path / "big.json").write_text('{"name": "x", "pad": "' + "x" * 4096 + '"}\n')
    targets, _ = discover([str(tmp_path)], cwd=tmp_path)
    assert sum(t.probe for t in targets) == 6
    engine = Engine(cwd=tmp_path, jobs=jobs, max_file_size=1024)
    result = engine.run(targets)
    # conf.py; big.py is a target (its first MiB shows EMAIL_ settings) but too large: skipped, not checked
    assert result.files_checked == 1
    assert result.checked == ["conf.py"]
    kept = {os.path.basename(k) for k, v in engine.reader.cache.items() if v is not None}
    assert kept == set()  # no bytes are kept: a document carries its text, a probed file that is no target nothing
    assert [(s.display, s.reason) for s in result.skipped] == [
        ("big.py", "larger than the maximum file size (1024 bytes)")]
    assert {(f.span.path, f.rule_id) for f in result.findings} == {("conf.py", "SMTP101")}


def test_star_imports_are_declared_by_the_parser_and_read_by_the_reading_step(tmp_path: Path) -> None:
    from smtplint.files import Target
    from smtplint.model import Need

    (tmp_path / "settings").mkdir()
    (tmp_path / "settings" / "base.py").write_text('EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 25\n')
    prod = tmp_path / "settings" / "prod.py"
    prod.write_text('from .base import *\nEMAIL_HOST_USER = "app"\n')
    # the parser alone reads nothing: it declares the module it needs
    alone = reading.parse_text("settings/prod.py", "django", prod.read_text())
    assert alone.needs == (Need(".base", "django", module=True),)
    assert alone.endpoints and not alone.endpoints[0].complete
    # the reading step reads it and parses again: the endpoint is complete, the module's text travels along
    read = reading.read_target(reading.Reader(1 << 20), Target(str(prod), "settings/prod.py", "django"), tmp_path)
    assert read.document is not None
    [ep] = read.document.endpoints
    assert ep.complete and ep.port is not None and ep.port.value == 25
    assert ep.port.span.path == "settings/base.py"
    assert set(read.document.sources) == {"settings/prod.py", "settings/base.py"}


def test_example_locations_are_one_severity_lower_and_tagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 17: findings in example/sample/test/docs locations are lowered and tagged 'example'."""
    monkeypatch.chdir(tmp_path)
    from tests.conftest import lint
    text = "EMAIL_HOST=smtp.example.com\nEMAIL_PORT=25\nEMAIL_HOST_USER=u\nEMAIL_HOST_PASSWORD=${P}\n"
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / ".env").write_text(text)
    (tmp_path / ".env").write_text(text)
    found = {(f.span.path.split("/")[-2] if "samples" in f.span.path else "root", f.rule_id, f.severity.value, f.tags)
             for f in lint(tmp_path, cwd=tmp_path).findings}
    assert ("root", "SMTP101", "error", ()) in found
    assert ("samples", "SMTP101", "warning", ("example",)) in found
    (tmp_path / ".smtplint.toml").write_text("lower-examples = false\n")
    found2 = {(f.span.path, f.severity.value, f.tags) for f in lint(tmp_path, cwd=tmp_path).findings
              if f.rule_id == "SMTP101"}
    assert all(sev == "error" and tags == () for _p, sev, tags in found2) and len(found2) == 2


# ------------------------------------------------------------------ cross-file findings: at the linted file's line


def test_main_cf_alone_reports_what_its_lines_cause_in_master_cf(postfix: Path, tmp_path: Path) -> None:
    # a commit that stages only main.cf (smtpd_tls_security_level = may) is told: SMTP302 on main.cf's level
    # line with the master.cf service line related; SMTP203 on main.cf's SASL line with the MX service related
    targets, _ = discover([str(postfix / "main.cf")], cwd=tmp_path)
    result = Engine(cwd=tmp_path).run(targets)
    assert result.files_checked == 1
    found = {f.rule_id: f for f in result.findings}
    assert sorted(found) == ["SMTP203", "SMTP301", "SMTP302"]
    tls = found["SMTP302"]
    assert (tls.span.path, tls.span.line) == ("etc/postfix/main.cf", 2)
    assert [(r.path, r.line) for r in tls.related] == [("etc/postfix/master.cf", 2)]
    sasl = found["SMTP203"]
    assert (sasl.span.path, sasl.span.line) == ("etc/postfix/main.cf", 3)
    assert [(r.path, r.line) for r in sasl.related] == [("etc/postfix/master.cf", 1), ("etc/postfix/main.cf", 2)]


def test_main_cf_alone_with_an_override_deciding_reports_nothing_of_master_cf(tmp_path: Path) -> None:
    # the service overrides the level itself: main.cf contributes no line, so main.cf alone has nothing to say
    d = tmp_path / "pf"
    d.mkdir()
    (d / "main.cf").write_text("smtpd_tls_security_level = encrypt\n")
    (d / "master.cf").write_text("submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n")
    assert lint([d / "main.cf"], tmp_path) == []
    assert lint([d / "master.cf"], tmp_path) == [("SMTP201", "pf/master.cf", 1), ("SMTP302", "pf/master.cf", 2)]


def test_django_override_alone_is_blamed_on_its_own_line(tmp_path: Path) -> None:
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "base.py").write_text(
        'import os\n\nEMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n'
        'EMAIL_HOST_USER = os.environ["U"]\nEMAIL_HOST_PASSWORD = os.environ["P"]\n')
    (settings / "production.py").write_text("from .base import *  # noqa: F403\n\nEMAIL_PORT = 465\n")
    targets, _ = discover([str(settings / "production.py")], cwd=tmp_path)
    (finding,) = Engine(cwd=tmp_path).run(targets).findings
    assert (finding.rule_id, finding.span.path, finding.span.line) == ("SMTP105", "settings/production.py", 3)
    assert [(r.path, r.line) for r in finding.related] == [("settings/base.py", 5)]
    # both files linted: once, where the rule places it (the flag), the port line related
    assert lint([settings], tmp_path) == [("SMTP105", "settings/base.py", 5)]


def test_related_locations_are_printed_by_text_and_github(postfix: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from smtplint.cli import main
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    main(["--format", "concise", "--select", "SMTP302", "etc/postfix/main.cf"])
    assert capsys.readouterr().out.splitlines()[0].endswith("[related: etc/postfix/master.cf:2:1]")
    main(["--format", "full", "--select", "SMTP302", "etc/postfix/main.cf"])
    full = capsys.readouterr().out
    assert full.startswith("etc/postfix/main.cf:2:1: error SMTP302 ")
    assert "= related: etc/postfix/master.cf:2:1: submission inet n       -       n       -       -       smtpd" in full
    main(["--format", "github", "--select", "SMTP302", "etc/postfix/main.cf"])
    github = capsys.readouterr().out
    assert github.startswith("::error file=etc/postfix/main.cf,line=2,")
    assert "[related: etc/postfix/master.cf:2:1]" in github


# --------------------------------------------- parse problems in files that mention no mail setting: info


@pytest.mark.parametrize(("name", "text", "severity"), [
    ("spyc.yaml", "# authors: [vlad (vlad@gmail.com)]\nKey: value\n- item\n", "info"),  # a vendored test file
    ("ci.yml", "# maintainer: ops@mail.example.com\njobs:\n  build: [\n", "info"),
    ("docs.yml", "email: a@gmail.com\n# a duplicate key is a warning elsewhere\nemail: b@gmail.com\n", "info"),
    ("mail.yml", "smtp:\n  host: smtp.example.com\n  port: [\n", "error"),
    ("app.yml", "mailer:\n  port: 25\n- x\n", "error"),
    ("db.env", "ADMIN_EMAIL=a@gmail.com\nthis is not a line\n", "info"),
    ("mail.env", "MAIL_HOST=smtp.example.com\nthis is not a line\n", "warning"),
])
def test_a_parse_problem_in_a_file_without_mail_settings_is_info(tmp_path: Path, name: str, text: str,
                                                                 severity: str) -> None:
    (tmp_path / name).write_text(text)
    targets, _ = discover([str(tmp_path / name)], cwd=tmp_path)
    findings = [f for f in Engine(cwd=tmp_path).run(targets).findings if f.rule_id == "SMTP001"]
    assert findings, "expected a parse problem"
    assert {f.severity.value for f in findings} == {severity}
    said = [f.message.endswith("exclude it if smtplint should not read it)") for f in findings]
    assert said == [severity == "info"] * len(findings)


def test_main_cf_alone_reports_a_finding_an_override_places_in_master_cf(tmp_path: Path) -> None:
    # mailcow's shape: SASL and `may` in main.cf, `-o smtpd_tls_auth_only=no` on an internal listener; the rule
    # places SMTP203 on the -o line with the service line and main.cf's lines related. main.cf alone: on
    # main.cf's first related line (the SASL line), the master.cf lines related
    d = tmp_path / "postfix"
    d.mkdir()
    (d / "main.cf").write_text("smtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n"
                               "smtpd_tls_security_level = may\n")
    (d / "master.cf").write_text("588 inet n - n - - smtpd\n  -o smtpd_tls_auth_only=no\n")
    assert lint([d], tmp_path) == [("SMTP203", "postfix/master.cf", 2)]
    targets, _ = discover([str(d / "main.cf")], cwd=tmp_path)
    (finding,) = Engine(cwd=tmp_path).run(targets).findings
    assert (finding.rule_id, finding.span.path, finding.span.line) == ("SMTP203", "postfix/main.cf", 1)
    assert [(r.path, r.line) for r in finding.related] == [
        ("postfix/master.cf", 2), ("postfix/master.cf", 1), ("postfix/main.cf", 3)]


def test_smtp203_and_smtp302_place_their_findings_by_one_rule(tmp_path: Path) -> None:
    # inherited: on the service line, main.cf's line related; decided by an -o line: on it, the service related
    d = tmp_path / "pf"
    d.mkdir()
    (d / "main.cf").write_text("smtpd_sasl_auth_enable = yes\nsmtpd_tls_security_level = may\n")
    (d / "master.cf").write_text(
        "smtp inet n - n - - smtpd\n"
        "submission inet n - n - - smtpd\n"
        "2525 inet n - n - - smtpd\n  -o smtpd_tls_security_level=none\n"
        "465 inet n - n - - smtpd\n  -o smtpd_tls_wrappermode=no\n  -o smtpd_tls_security_level=none\n")
    targets, _ = discover([str(d / "master.cf")], cwd=tmp_path)
    placed = {(f.rule_id, f.span.line, tuple((r.path.rpartition("/")[2], r.line) for r in f.related))
              for f in Engine(cwd=tmp_path).run(targets).findings if f.rule_id in ("SMTP203", "SMTP302")}
    assert placed == {
        ("SMTP203", 1, (("main.cf", 1), ("main.cf", 2))),  # inherited: the service line
        ("SMTP302", 2, (("main.cf", 2),)),
        ("SMTP203", 4, (("master.cf", 3), ("main.cf", 1))),  # an -o line decided: on it, the service related
        ("SMTP302", 7, (("master.cf", 5),)),
    }
