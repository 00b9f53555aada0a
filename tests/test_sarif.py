"""SARIF 2.1.0 output: schema validity (with URI format checking), rules, regions, URIs, fingerprints."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smtplint.cli import main
from smtplint.model import Finding, Severity, Span, Suppression
from smtplint.model.fingerprint import KEY, fingerprint, numbered
from smtplint.report import Outcome, RuleInfo
from smtplint.report import sarif as sarif_report
from smtplint.report.linehash import line_hashes
from smtplint.rules import RULES
from tests.testdata import SARIF_SCHEMA as SCHEMA
from tests.testdata import SARIF_SCHEMA_SHA256 as SCHEMA_SHA256

REPO = Path(__file__).resolve().parents[1]

MAIN_CF = "# Postfix main.cf\nmyhostname = mx.example.org\nsmtpd_tls_security_level = may\n"
MASTER_CF = "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n"
GOOD_MASTER_CF = ("submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
                  "  -o smtpd_sasl_auth_enable=yes\n")


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    raw = SCHEMA.read_bytes()  # tests/data/sarif: in every clone
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    schema = json.loads(raw)
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator
    # the draft-4 checker knows no "uri-reference" (artifactLocation.uri): use the checker of every draft,
    # and make sure URI checking is really on (it silently needs rfc3986-validator)
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers)
    assert not checker.conforms("conf/my file.cf", "uri-reference")
    return cls(schema, format_checker=checker)


def validate(log: dict[str, Any]) -> None:
    """Schema errors (with formats) and the property checks of sarif-and-editors.md section 13."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(log)]
    assert not errors, errors
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert all(isinstance(t, str) for t in rule["properties"]["tags"])
        assert len(rule["shortDescription"]["text"]) <= 1024 and len(rule["fullDescription"]["text"]) <= 1024
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["locations"]) == 1
        for loc in result["locations"] + result.get("relatedLocations", []):
            phys = loc["physicalLocation"]
            uri = phys["artifactLocation"]["uri"]
            assert uri and "\\" not in uri and not uri.startswith(("./", "/")) and not re.match(r"^[A-Za-z]:", uri)
            if "uriBaseId" not in phys["artifactLocation"]:
                assert uri.startswith("file:///")
            region = phys["region"]
            assert region["startLine"] >= 1 and region.get("startColumn", 1) >= 1
            if region.get("endLine", region["startLine"]) == region["startLine"] and "endColumn" in region:
                assert region["endColumn"] > region["startColumn"]


def sarif(capsys: pytest.CaptureFixture[str], *args: str, code: int | None = None) -> dict[str, Any]:
    rc = main(["--format", "sarif", *args])
    out = capsys.readouterr().out
    if code is not None:
        assert rc == code
    log: dict[str, Any] = json.loads(out)
    validate(log)
    return log


def results(log: dict[str, Any]) -> list[tuple[str, str, int, int, int, int]]:
    out = []
    for r in log["runs"][0]["results"]:
        loc = r["locations"][0]["physicalLocation"]
        reg = loc["region"]
        out.append((r["ruleId"], loc["artifactLocation"]["uri"], reg["startLine"], reg.get("startColumn", 0),
                    reg.get("endLine", 0), reg.get("endColumn", 0)))
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project with a .git entry, a Postfix pair in deploy/postfix and a clean .env."""
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "deploy" / "postfix").mkdir(parents=True)
    (root / "deploy" / "postfix" / "main.cf").write_text(MAIN_CF)
    (root / "deploy" / "postfix" / "master.cf").write_text(MASTER_CF)
    return root


def test_examples_validate_with_every_rule_and_result(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    log = sarif(capsys, "examples/", code=1)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    main(["--format", "json", "examples/"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert len(run["results"]) == len(findings) > 0
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in run["results"]} == {(f["rule"], f["path"]) for f in findings}
    assert run["invocations"] == [{"executionSuccessful": True}]
    assert run["columnKind"] == "unicodeCodePoints"
    assert "automationDetails" not in run and "originalUriBaseIds" not in run
    driver = run["tool"]["driver"]
    assert driver["name"] == "smtplint" and driver["version"] == driver["semanticVersion"]
    by_id = {r["id"]: r for r in driver["rules"]}
    assert by_id["SMTP302"]["defaultConfiguration"] == {"level": "error"}
    assert by_id["SMTP302"]["helpUri"].endswith("/docs/rules.md#smtp302-submission-tls-may")
    assert by_id["SMTP302"]["properties"]["security-severity"] == f"{RULES['SMTP302'].security_severity:.1f}"
    assert "security" in by_id["SMTP302"]["properties"]["tags"]
    assert "security-severity" not in by_id["SMTP001"]["properties"]
    assert by_id["SMTP001"]["properties"]["problem.severity"] == "error"
    assert by_id["SMTP302"]["help"]["markdown"].startswith("# SMTP302 submission-tls-may\n")
    assert "```" not in by_id["SMTP302"]["help"]["text"]


def test_examples_exact_regions_related_locations_and_hashes(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    log = sarif(capsys, "examples/postfix")
    (master,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "SMTP302"]
    assert results({"runs": [{"results": [master]}]}) == [("SMTP302", "examples/postfix/master.cf", 3, 1, 3, 62)]
    assert master["level"] == "error"
    related = master["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"] == {"uri": "examples/postfix/main.cf", "uriBaseId": "%SRCROOT%"}
    assert related["region"]["startLine"] == 11
    text = (REPO / "examples/postfix/master.cf").read_text()
    assert master["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(text)[3]
    assert re.fullmatch(r"[0-9a-f]{32}:1", master["partialFingerprints"][KEY])


def test_clean_run_has_empty_results(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "deploy" / "postfix" / "master.cf").write_text(GOOD_MASTER_CF)
    (repo / "deploy" / "postfix" / "main.cf").write_text("myhostname = mx.example.org\n")
    monkeypatch.chdir(repo)
    log = sarif(capsys, ".", code=0)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_parse_error_is_a_result_and_a_notification(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "app.yml").write_text("smtp:\n  host: [unclosed\n")
    monkeypatch.chdir(repo)
    log = sarif(capsys, ".", code=1)
    run = log["runs"][0]
    got = {(r[0], r[1]) for r in results(log)}
    assert ("SMTP001", "app.yml") in got and ("SMTP302", "deploy/postfix/master.cf") in got
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"] == {"id": "parse-error"}
    assert note["associatedRule"]["id"] == "SMTP001"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.yml"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_uris_are_encoded_for_spaces_and_non_ascii(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    odd = repo / "conf dir" / "café#1"
    odd.mkdir(parents=True)
    (odd / "main.cf").write_text(MAIN_CF)
    (odd / "master.cf").write_text(MASTER_CF)
    monkeypatch.chdir(repo)
    log = sarif(capsys, "conf dir")
    assert ("SMTP302", "conf%20dir/caf%C3%A9%231/master.cf", 1, 1, 1, 32) in results(log)


def test_crlf_file_regions_stay_inside_lines(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    master = repo / "deploy" / "postfix" / "master.cf"
    master.write_bytes(("# services\r\n" + MASTER_CF.replace("\n", "\r\n")).encode())
    monkeypatch.chdir(repo)
    log = sarif(capsys, ".")
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "SMTP302"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (2, 1, 2, 32)
    lf_text = "# services\n" + MASTER_CF
    assert result["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(lf_text)[2]


def test_uris_are_root_relative_from_a_subdirectory_and_from_outside(
        repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    expected = ("SMTP302", "deploy/postfix/master.cf", 1, 1, 1, 32)
    monkeypatch.chdir(repo / "deploy")
    assert expected in results(sarif(capsys, "."))
    monkeypatch.chdir(repo / "deploy" / "postfix")
    assert expected in results(sarif(capsys, "master.cf"))
    monkeypatch.chdir(repo.parent)
    assert expected in results(sarif(capsys, "proj/deploy"))
    # --sarif-root overrides the git work tree
    monkeypatch.chdir(repo)
    assert ("SMTP302", "postfix/master.cf", 1, 1, 1, 32) in results(sarif(capsys, "--sarif-root", "deploy", "."))


def test_file_outside_the_root_gets_a_file_uri_without_base(repo: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "main.cf").write_text(MAIN_CF)
    (outside / "master.cf").write_text(MASTER_CF)
    monkeypatch.chdir(repo)
    log = sarif(capsys, ".", str(outside))
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert {"uri": (outside / "master.cf").as_uri()} in locs
    assert {"uri": "deploy/postfix/master.cf", "uriBaseId": "%SRCROOT%"} in locs


def test_output_is_deterministic_and_has_no_machine_path(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo / "deploy")
    main(["--format", "sarif", "."])
    first = capsys.readouterr().out
    main(["--format", "sarif", "."])
    assert capsys.readouterr().out == first
    assert str(repo) not in first and "file:" not in first


def test_category_sets_automation_details(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    log = sarif(capsys, "--sarif-category", "postfix", ".")
    assert log["runs"][0]["automationDetails"] == {"id": "postfix/"}


def test_fingerprint_survives_lines_moving_but_not_a_change(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(repo)
    master = repo / "deploy" / "postfix" / "master.cf"

    def prints() -> dict[str, tuple[int, str]]:
        run = sarif(capsys, ".")["runs"][0]
        return {r["ruleId"]: (r["locations"][0]["physicalLocation"]["region"]["startLine"],
                              r["partialFingerprints"][KEY]) for r in run["results"]}

    before = prints()
    master.write_text("# a comment\n\n" + MASTER_CF)
    after = prints()
    assert before["SMTP302"][0] == 1 and after["SMTP302"][0] == 3
    assert before["SMTP302"][1] == after["SMTP302"][1]
    master.write_text(MASTER_CF.replace("submission", "submissions").replace(" inet", " inet"))
    assert prints()["SMTP302"][1] != before["SMTP302"][1]


def test_fingerprint_never_hashes_a_password_value() -> None:
    def finding(line: str) -> Finding:
        return Finding("SMTP202", "password-whitespace", Severity.ERROR, "m", Span("a/.env", 3, 1, 3, len(line) + 1))

    one = 'MAIL_PASSWORD="abcd efgh ijkl mnop"'
    two = 'MAIL_PASSWORD="zzzz yyyy xxxx wwww"'
    assert fingerprint(finding(one), one) == fingerprint(finding(two), two)
    url1, url2 = "EMAIL_URL=smtp://u:secret1@h:25", "EMAIL_URL=smtp://u:other2@h:25"
    assert fingerprint(finding(url1), url1) == fingerprint(finding(url2), url2)
    user1, user2 = "  username: alice", "  username: bob"
    assert fingerprint(finding(user1), user1) == fingerprint(finding(user2), user2)
    # a line without a `key =`/`key:` (a continuation, a block scalar line) contributes nothing
    cont1, cont2 = "    hunter2 with spaces", "    other words here"
    assert fingerprint(finding(cont1), cont1) == fingerprint(finding(cont2), cont2)
    port1, port2 = "MAIL_PORT=25", "MAIL_PORT=2525"
    assert fingerprint(finding(port1), port1) != fingerprint(finding(port2), port2)
    level1, level2 = "smtpd_tls_security_level = none", "smtpd_tls_security_level = may"
    assert fingerprint(finding(level1), level1) != fingerprint(finding(level2), level2)
    assert fingerprint(finding(port1), port1) == fingerprint(finding(port1), "\ufeff" + port1)
    assert numbered(["a", "b", "a"]) == ["a:1", "b:1", "a:2"]


@pytest.mark.parametrize(("text", "expected"), [
    # codeql-action src/fingerprints.test.ts
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
     ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
      "b86d3392aea1be30:1", "e6ceba753e1a442:1"]),
    *[(text, ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
              "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"])
      for text in (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
                   " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
                   " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
                   " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n")],
    ("Lorem ipsum dolor sit amet.\n" * 10,
     [*(f"a7f2ff13bc495cf2:{i}" for i in range(1, 7)), "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"]),
])
def test_line_hash_matches_codeql_action_vectors(text: str, expected: list[str]) -> None:
    got = line_hashes(text)
    assert [got[i] for i in sorted(got)] == expected
    assert sorted(got) == list(range(1, len(expected) + 1))


def test_line_hash_matches_the_reference_doc_example() -> None:
    text = ("# Postfix main.cf\nmyhostname = mx.example.org\nsmtpd_tls_security_level = none\n"
            "smtpd_sasl_auth_enable = yes\n")
    assert line_hashes(text)[3] == "cd820ac0a14ae773:1"


def test_suppressed_findings_carry_suppressions(tmp_path: Path) -> None:
    rule = RuleInfo("SMTP302", "submission-tls-may", Severity.ERROR, "s", "d", "# SMTP302\n", "https://x.test/r",
                    ("security",), 7.5, "high")
    span = Span("master.cf", 1, 1, 1, 32)
    inline = Finding("SMTP302", "submission-tls-may", Severity.ERROR, "m1", span,
                     suppression=Suppression("inline", "legacy clients", Span("master.cf", 1, 33, 1, 60)))
    base = Finding("SMTP302", "submission-tls-may", Severity.WARNING, "m2", Span("b/master.cf", 2, 1, 2, 5),
                   suppression=Suppression("baseline", ""))
    outcome = Outcome("0.1.0", (inline, base), 2, rules=(rule,),
                      sources={"master.cf": MASTER_CF.replace("\n", " # smtplint: ignore\n", 1)})
    log = sarif_report.build(outcome, root=tmp_path, cwd=tmp_path)
    validate(log)
    sups = [r["suppressions"] for r in log["runs"][0]["results"]]
    assert sups[0] == [{"kind": "external", "status": "accepted"}]
    assert sups[1][0]["kind"] == "inSource" and sups[1][0]["justification"] == "legacy clients"
    assert sups[1][0]["location"]["physicalLocation"]["region"]["startColumn"] == 33
    # no notification for a suppressed parse error, and columns past a line's end are clamped
    assert log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["endColumn"] == 32


def test_show_suppressed_end_to_end(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    master = repo / "deploy" / "postfix" / "master.cf"
    master.write_text("# smtplint: disable-next-line=SMTP302 -- legacy MUAs until June\n" + MASTER_CF)
    monkeypatch.chdir(repo)
    assert sarif(capsys, ".", code=0)["runs"][0]["results"] == []
    (result,) = sarif(capsys, "--show-suppressed", ".", code=0)["runs"][0]["results"]
    assert result["ruleId"] == "SMTP302"
    (sup,) = result["suppressions"]
    assert (sup["kind"], sup["status"], sup["justification"]) == ("inSource", "accepted", "legacy MUAs until June")
    assert sup["location"]["physicalLocation"]["region"]["startLine"] == 1


def test_skipped_files_and_internal_errors_are_notifications(tmp_path: Path) -> None:
    outcome = Outcome("0.1.0", (), 1, skipped=(("a.yml", "template"),), errors=(("b.env", "rule SMTP101: X"),))
    log = sarif_report.build(outcome, root=tmp_path, cwd=tmp_path)
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [(n["level"], n["descriptor"]["id"]) for n in invocation["toolExecutionNotifications"]] == [
        ("note", "skipped"), ("error", "internal-error")]
