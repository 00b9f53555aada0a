"""--fix / --diff / --unsafe-fixes: every bad fixture of a fixable rule, the patch round trip, the checks."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from smtplint import fixes
from smtplint.cli import main
from smtplint.model import Edit, Finding, Fix, Severity, Span
from smtplint.model.edits import apply_edits, locate, removed
from smtplint.rules._fixes import postfix_protocols

FIXTURES = Path(__file__).parent / "fixtures"
FIXABLE = ("SMTP103", "SMTP104", "SMTP105", "SMTP106", "SMTP202", "SMTP302", "SMTP401")
# bad fixtures whose rule offers no fix, on purpose: Laravel's fix renames the key (MAIL_SCHEME), not a value;
# Spring's mail.smtp.ssl.trust="*" has no opposite word (trusting a named host skips verification too)
# SMTP105 changes the port the file writes: not when the port is another file's (a Django base module, the
# compose file beside a .env) or not written (a default); and the check refuses a port change that brings a
# new finding (a msmtp defaults port other accounts share; 'security: ssl' on 465 is then SMTP103's)
NO_FIX = {"dotenv/SMTP103/bad-laravel-encryption-ssl.env", "dotenv/SMTP103/bad-laravel-ssl-on-587.env",
          "yaml/SMTP106/bad-spring-trust-star.yaml", "django/SMTP105/bad-split-override",
          "msmtprc/SMTP105/bad-implicit-tls-on-587-inherited-port.msmtprc",
          "properties/SMTP105/bad-socket-factory-default-port.properties",
          "yaml/SMTP105/bad-compose-secure-from-dotenv", "yaml/SMTP105/bad-generic-ssl-on-587.yaml",
          # a host written with a \u escape: the decoded host is not the text, so no edit names it
          "properties/SMTP401/bad-typo-unicode-escape.properties",
          # code: Laravel's config/mail.php as its .env (the key would change); the port is a named constant
          # declared on another line (PHP define(), Ruby SMTP_PORT = ENV.fetch(...), Java SMTP_PORT, C# SmtpPort),
          # not a number written at the setting, and other code may use it too; mail.smtp.ssl.trust="*" has no
          # opposite word (as Spring's YAML above)
          "php/SMTP103/bad-laravel-encryption-ssl.php", "php/SMTP105/bad-phpmailer-starttls-constant-on-465.php",
          "ruby/SMTP105/bad-env-fetch-fallback.rb", "csharp/SMTP105/bad-system-net-mail-465.cs",
          "java/SMTP105/bad-spring-sender-starttls-on-465.java", "java/SMTP106/bad-trust-all.java",
          # a destructuring default (const { SMTP_SECURE = true } = process.env) is declared on another line and
          # is what the environment overrides: not edited
          "javascript/SMTP105/bad-destructured-env-defaults.js",
          # go-mail's port is not written (the default): adding mail.WithPort is new code, not an edit of a value
          "go/SMTP105/bad-go-mail-ssl-on-port-25.go",
          # SMTP202 edits a password only where it is written as it is: not escaped, encoded or a block scalar
          "dotenv/SMTP202/bad-dsn-encoded-space.env", "dotenv/SMTP202/bad-escaped-carriage-return.env",
          "yaml/SMTP202/bad-block-scalar-newline.yaml",
          # the nginx mail proxy's checks (rules/proxy.py) offer no fix yet: a listener's port or 'ssl' flag is
          # the operator's choice of which to keep, and its ssl_protocols list is not edited
          "nginx/SMTP104/bad-old-protocols", "nginx/SMTP105/bad-465-without-ssl", "nginx/SMTP105/bad-587-with-ssl",
          "nginx/SMTP105/bad-conf-d-mail-proxy", "nginx/SMTP105/bad-included-server-snippet",
          # the port comes from a ConfigMap in another file through envFrom (the fix edits the file it reports)
          "kubernetes/SMTP105/bad-envfrom-in-folder",
          # a variable assigned different values on different paths: an edit for one path changes the others
          "go/SMTP105/bad-ssl-port-chosen-in-branches.go", "javascript/SMTP105/bad-secure-port-chosen-in-branches.js",
          "php/SMTP105/bad-port-chosen-in-branches.php", "php/SMTP106/bad-verify-off-host-chosen-in-branches.php",
          "ruby/SMTP105/bad-tls-port-chosen-in-branches.rb", "java/SMTP105/bad-port-chosen-in-branches.java",
          "csharp/SMTP105/bad-mailkit-port-chosen-in-branches.cs",
          # the port is a Spring @Value default declared on another line; a hand-made ssl context is two
          # statements (pass ssl.create_default_context() instead is the fix the message gives)
          "java/SMTP105/bad-value-default-port.java", "python/SMTP106/bad-hand-made-context.py"}


COMMENT_MARKERS = ("#", ";", "!", "//")
INLINE_COMMENT = re.compile(r"\s[#;]\s.*$")


def _assert_same_shape(before: str, after: str, rule: str) -> None:
    """A fix changes values only: each changed line keeps its indentation, its quote characters and its
    inline comment; no line is removed; a line is added only by SMTP302 (an -o line indented as the
    service's others) and lines are joined only by SMTP202 (a line break inside a quoted password)."""
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        assert tag != "delete", (old[i1:i2], rule)
        if tag == "insert":
            # an -o line indented as the service's others (two spaces in master.cf, more in a compose snippet)
            assert rule == "SMTP302" and all(line[:1] == " " and line.lstrip().startswith("-o ")
                                             for line in new[j1:j2]), new[j1:j2]
            continue
        if i2 - i1 != j2 - j1:
            assert rule == "SMTP202" and j2 - j1 == 1, (old[i1:i2], rule)
        was, now = "\n".join(old[i1:i2]), "\n".join(new[j1:j2])
        assert was[: len(was) - len(was.lstrip())] == now[: len(now) - len(now.lstrip())]  # indentation
        assert (was.count('"'), was.count("'")) == (now.count('"'), now.count("'"))  # quoting
        comment = INLINE_COMMENT.search(was)
        if comment is not None:
            assert now.endswith(comment.group()), (was, now)


def _bad_cases() -> list[Path]:
    return sorted(p for rule in FIXABLE for p in FIXTURES.glob(f"*/{rule}/bad-*"))


def _findings(capsys: pytest.CaptureFixture[str], *args: str) -> Counter[str]:
    capsys.readouterr()
    main(["--isolated", "--format", "concise", *args])
    out = capsys.readouterr().out
    words = [line.split(" ") for line in out.splitlines()]
    return Counter(w[2] for w in words if len(w) > 2 and w[0].endswith(":") and w[2].startswith("SMTP"))


def _texts(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", _bad_cases(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fix_removes_the_finding_adds_none_keeps_comments_and_is_idempotent(
        case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rule = case.parent.name
    copy = tmp_path / case.name
    if case.is_dir():
        shutil.copytree(case, copy)
    else:
        shutil.copy(case, copy)
    monkeypatch.chdir(tmp_path)
    before = _findings(capsys, case.name)
    assert before[rule] >= 1
    original = _texts(tmp_path)
    assert main(["--isolated", "--fix", "--unsafe-fixes", "--format", "concise", case.name]) in (0, 1)
    after = _findings(capsys, case.name)
    fixed = _texts(tmp_path)
    if str(case.relative_to(FIXTURES)) in NO_FIX:
        assert fixed == original and after == before
        return
    assert after[rule] < before[rule], (rule, after)
    assert all(after[r] <= before[r] for r in after), (before, after)  # nothing new
    for name, text in original.items():  # every comment line is still there, in order
        comments = [line for line in text.splitlines() if line.lstrip().startswith(COMMENT_MARKERS)]
        kept = [line for line in fixed[name].splitlines() if line.lstrip().startswith(COMMENT_MARKERS)]
        assert kept == comments
        _assert_same_shape(text, fixed[name], rule)
    assert fixed != original
    # a second run changes nothing and has nothing to show
    capsys.readouterr()
    assert main(["--isolated", "--fix", "--unsafe-fixes", case.name]) in (0, 1)
    assert _texts(tmp_path) == fixed
    capsys.readouterr()
    assert main(["--isolated", "--diff", "--unsafe-fixes", case.name]) == 0
    assert capsys.readouterr().out == ""


def _other_cases() -> list[Path]:
    return sorted(p for rule in FIXABLE for p in FIXTURES.glob(f"*/{rule}/*") if not p.name.startswith("bad-"))


@pytest.mark.parametrize("case", _other_cases(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fix_leaves_the_good_and_trap_fixtures_of_fixable_rules_alone(
        case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (shutil.copytree if case.is_dir() else shutil.copy)(case, tmp_path / case.name)
    monkeypatch.chdir(tmp_path)
    before = _findings(capsys, case.name)
    original = _texts(tmp_path)
    assert main(["--isolated", "--fix", "--unsafe-fixes", case.name]) in (0, 1)
    # a trap is not "fixed": none of these files has a finding with a fix, so nothing is written
    assert _texts(tmp_path) == original
    assert _findings(capsys, case.name) == before


def test_unsafe_fixes_need_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "yaml/SMTP103/bad-security-ssl.yaml", tmp_path / "mail.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["--isolated", "--diff", "mail.yaml"]) == 0  # SMTP103's fix is unsafe
    assert capsys.readouterr().out == ""
    assert main(["--isolated", "--diff", "--unsafe-fixes", "mail.yaml"]) == 1
    out = capsys.readouterr().out
    assert "-  security: ssl\n+  security: smtps\n" in out
    assert (tmp_path / "mail.yaml").read_text() == (FIXTURES / "yaml/SMTP103/bad-security-ssl.yaml").read_text()


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch(1) is not installed")
def test_diff_applies_with_patch_and_equals_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for side in ("diffed", "fixed"):
        for rule in FIXABLE:
            for case in FIXTURES.glob(f"*/{rule}/bad-*"):
                dest = tmp_path / side / case.parent.parent.name / rule / case.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree if case.is_dir() else shutil.copy)(case, dest)
    monkeypatch.chdir(tmp_path / "diffed")
    capsys.readouterr()
    assert main(["--isolated", "--diff", "--unsafe-fixes", "."]) == 1
    captured = capsys.readouterr()
    diff = captured.out
    assert diff.startswith("--- a/") and "\n+++ b/" in diff
    # a DSN line holds a user and a password reference: what the reports mask, so no diff is printed for it
    # SMTP202's fixes edit passwords; the others change a line that also holds one
    withheld = {"dotenv/SMTP105/bad-email-url-smtps-465.env", "dotenv/SMTP105/bad-symfony-smtps-587.env",
                "dotenv/SMTP106/bad-symfony-dsn-verify-peer.env", "yaml/SMTP105/bad-symfony-transports-smtps-587.yaml",
                "javascript/SMTP105/bad-smtps-url-on-587.js",
                *(str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/SMTP202/bad-*")
                  if str(p.relative_to(FIXTURES)) not in NO_FIX)}
    assert [line for line in captured.err.splitlines() if "diff is not shown" in line] == [
        f"smtplint: the fixes of {path} change a line holding a secret; the diff is not shown (run --fix to apply "
        "them)" for path in sorted(withheld)]
    assert "smtplint: the fixes of" not in diff
    originals = _texts(tmp_path / "fixed")
    assert _texts(tmp_path / "diffed") == originals  # --diff writes nothing
    subprocess.run(["patch", "-p1", "--quiet"], input=diff, text=True, check=True, cwd=tmp_path / "diffed")
    monkeypatch.chdir(tmp_path / "fixed")
    main(["--isolated", "--fix", "--unsafe-fixes", "."])
    patched, fixed = _texts(tmp_path / "diffed"), _texts(tmp_path / "fixed")
    assert {k: v for k, v in patched.items() if k not in withheld} == {k: v for k, v in fixed.items()
                                                                         if k not in withheld}
    assert all(patched[k] == originals[k] != fixed[k] for k in withheld)


def test_diff_never_prints_a_password(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("MAILER_DSN=smtp://app:Hunter2-secret@smtp.example.com:587?verify_peer=0\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--isolated", "--diff", ".env"]) == 1
    captured = capsys.readouterr()
    assert "Hunter2-secret" not in captured.out + captured.err
    assert captured.out == ""
    assert "the diff is not shown" in captured.err
    main(["--isolated", "--fix", ".env"])
    assert (tmp_path / ".env").read_text() == \
        "MAILER_DSN=smtp://app:Hunter2-secret@smtp.example.com:587?verify_peer=1\n"
    assert "Hunter2-secret" not in "".join(capsys.readouterr())


def test_fix_keeps_bom_and_crlf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_bytes(b"\xef\xbb\xbfSMTP_HOST=smtp.example.com\r\nSMTP_PORT=587\r\n"
                                    b"NODE_TLS_REJECT_UNAUTHORIZED=0 \r\n# note\r\n")
    monkeypatch.chdir(tmp_path)
    main(["--isolated", "--fix", ".env"])
    assert (tmp_path / ".env").read_bytes() == (b"\xef\xbb\xbfSMTP_HOST=smtp.example.com\r\nSMTP_PORT=587\r\n"
                                                b"NODE_TLS_REJECT_UNAUTHORIZED=1 \r\n# note\r\n")


# ----------------------------------------------------------------------------------- the conductor itself

def _span(line: int, column: int, end_line: int, end_column: int) -> Span:
    return Span("f", line, column, end_line, end_column)


def test_apply_edits_replaces_the_last_occurrence_inside_the_span() -> None:
    text = "a = 0\nverify = 0 # 0\n"
    assert apply_edits(text, [Edit(_span(2, 1, 2, 11), "0", "1")]) == "a = 0\nverify = 1 # 0\n"


def test_apply_edits_inserts_at_the_span_end() -> None:
    assert apply_edits("x\ny\n", [Edit(_span(1, 1, 1, 2), "", "\n  z")]) == "x\n  z\ny\n"


def test_apply_edits_refuses_stale_or_overlapping_edits() -> None:
    assert apply_edits("a = 1\n", [Edit(_span(1, 1, 1, 6), "0", "1")]) is None
    assert apply_edits("abc\n", [Edit(_span(1, 1, 1, 3), "ab", "x"), Edit(_span(1, 2, 1, 4), "bc", "y")]) \
        is None
    assert apply_edits("a\n", [Edit(_span(9, 1, 9, 2), "a", "b")]) is None


def _finding(rule: str, fix: Fix | None = None) -> Finding:
    return Finding(rule, "r", Severity.ERROR, "m", _span(1, 1, 1, 6), fix=fix)


def test_a_fix_that_brings_a_new_finding_is_not_applied() -> None:
    fix = Fix("d", (Edit(_span(1, 1, 1, 6), "0", "1"),))
    lints = {"a = 0": [_finding("SMTP106", fix)], "a = 1": [_finding("SMTP101")]}
    assert fixes.fix_file("f", "a = 0", lambda _p, text: lints[text], unsafe=False) is None


def test_a_fix_that_leaves_the_finding_is_not_applied_and_unsafe_needs_the_flag() -> None:
    fix = Fix("d", (Edit(_span(1, 1, 1, 6), "0", "1"),), safe=False)
    lints = {"a = 0": [_finding("SMTP106", fix)], "a = 1": []}
    assert fixes.fix_file("f", "a = 0", lambda _p, text: lints[text], unsafe=False) is None
    done = fixes.fix_file("f", "a = 0", lambda _p, text: lints[text], unsafe=True)
    assert done is not None and done.after == "a = 1" and [f.rule_id for f in done.applied] == ["SMTP106"]
    stays = {"a = 0": [_finding("SMTP106", fix)], "a = 1": [_finding("SMTP106")]}
    assert fixes.fix_file("f", "a = 0", lambda _p, text: stays[text], unsafe=True) is None


# ----------------------------------------------------------------------------------- the fix in the reports

def test_json_and_sarif_carry_the_fix_with_its_exact_region(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import jsonschema

    from tests.test_sarif import validate

    shutil.copytree(FIXTURES / "postfix/SMTP302/bad-override-may", tmp_path / "pf")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    main(["--isolated", "--format", "json", "pf"])
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((Path(__file__).parents[1] / "smtplint/schemas/report.schema.json").read_text())
    jsonschema.validate(report, schema)
    (finding,) = [f for f in report["findings"] if f["rule"] == "SMTP302"]
    assert finding["fix"] == {
        "applicability": "safe",
        "message": "require TLS on the service (-o smtpd_tls_security_level=encrypt)",
        "edits": [{"path": "pf/master.cf", "line": 4, "column": 31, "end_line": 4, "end_column": 34,
                   "content": "encrypt"}],
    }
    main(["--isolated", "--format", "sarif", "pf"])
    log = json.loads(capsys.readouterr().out)
    validate(log)
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "SMTP302"]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == "pf/master.cf"
    assert change["replacements"] == [{"deletedRegion": {"startLine": 4, "startColumn": 31, "endLine": 4,
                                                         "endColumn": 34}, "insertedContent": {"text": "encrypt"}}]
    assert result["fixes"][0]["properties"] == {"applicability": "safe"}


def test_locate_gives_the_replaced_region_and_an_empty_one_for_an_insertion() -> None:
    text = "a = 0\nverify = 0 # 0\n"
    assert locate(text, Edit(_span(2, 1, 2, 11), "0", "1")) == Span("f", 2, 10, 2, 11)
    assert locate(text, Edit(_span(1, 1, 1, 6), "", "\nb")) == Span("f", 1, 6, 1, 6)
    assert locate(text, Edit(_span(1, 1, 1, 6), "9", "1")) is None


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch(1) is not installed")
def test_a_password_next_to_a_fixed_line_leaves_the_diff_without_context(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_USER=app@example.com\nSMTP_PASSWORD=Hunter2-secret\n"
            "NODE_TLS_REJECT_UNAUTHORIZED=0\n")
    (tmp_path / ".env").write_text(text)
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["--isolated", "--diff", "--select", "SMTP106", ".env"]) == 1
    diff = capsys.readouterr().out
    assert "Hunter2" not in diff and "app@example.com" not in diff
    assert diff == ("--- a/.env\n+++ b/.env\n@@ -5 +5 @@\n-NODE_TLS_REJECT_UNAUTHORIZED=0\n"
                    "+NODE_TLS_REJECT_UNAUTHORIZED=1\n")
    subprocess.run(["patch", "-p1", "--quiet"], input=diff, text=True, check=True, cwd=tmp_path)
    assert (tmp_path / ".env").read_text() == text.replace("=0\n", "=1\n")


def _alone_in(folder: Path, name: str, text: str, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> None:
    """``folder`` holds the one file ``name`` and is the current directory; output captured so far dropped."""
    (folder / name).write_text(text)
    monkeypatch.chdir(folder)
    capsys.readouterr()


def test_a_password_fix_is_never_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # not the rule page's example (SARIF carries the page): these letters are nowhere else in the output
    text = "SMTP_HOST=smtp.gmail.com\nSMTP_PORT=587\nSMTP_USER=app@example.com\nSMTP_PASSWORD=wxyq vkzr jhtu plmo\n"
    _alone_in(tmp_path, ".env", text, monkeypatch, capsys)
    assert main(["--isolated", "--diff", ".env"]) == 0  # unsafe: not without the flag
    assert main(["--isolated", "--diff", "--unsafe-fixes", ".env"]) == 1
    main(["--isolated", "--format", "json", ".env"])
    report = json.loads(capsys.readouterr().out)
    main(["--isolated", "--format", "sarif", ".env"])
    sarif = json.loads(capsys.readouterr().out)
    main(["--isolated", "--format", "full", ".env"])
    out, err = capsys.readouterr()
    shown = json.dumps(report) + json.dumps(sarif) + out + err
    for secret in ("wxyq", "vkzr", "jhtu", "plmo", "wxyqvkzrjhtuplmo"):
        assert secret not in shown
    # the reports carry the fix as the three spaces it removes (columns 19, 24, 29 of line 4)
    fix = next(f["fix"] for f in report["findings"] if f["rule"] == "SMTP202")
    assert fix["applicability"] == "unsafe" and fix["message"] == "remove the stray whitespace from the password"
    assert [(e["line"], e["column"], e["end_column"], e["content"]) for e in fix["edits"]] == [
        (4, 19, 20, ""), (4, 24, 25, ""), (4, 29, 30, "")]
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "SMTP202")
    replacements = result["fixes"][0]["artifactChanges"][0]["replacements"]
    assert [(r["deletedRegion"]["startColumn"], r["insertedContent"]["text"]) for r in replacements] == [
        (19, ""), (24, ""), (29, "")]
    main(["--isolated", "--fix", "--unsafe-fixes", ".env"])
    assert (tmp_path / ".env").read_text() == text.replace("wxyq vkzr jhtu plmo", "wxyqvkzrjhtuplmo")
    assert "wxyq" not in "".join(capsys.readouterr())


@pytest.mark.parametrize(("old", "new", "runs"), [
    ("abcd efgh", "abcdefgh", [(4, 5)]), (" x  ", "x", [(0, 1), (2, 4)]), ("aab", "ab", [(1, 2)]),
    ("abc", "abc", []), ("abc", "abd", None), ("ab", "abc", None)])
def test_removed_runs(old: str, new: str, runs: list[tuple[int, int]] | None) -> None:
    assert removed(old, new) == runs


@pytest.mark.parametrize(("raw", "spaced", "new"), [
    (">=TLSv1", True, ">=TLSv1.2"), (">=0x0301", True, ">=0x0303"), (">=TLSv1 <=TLSv1.3", True, ">=TLSv1.2 <=TLSv1.3"),
    ("<=TLSv1.3", False, ">=TLSv1.2,<=TLSv1.3"), ("!SSLv2, !SSLv3", True, "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1"),
    ("!SSLv2", False, "!SSLv2,!SSLv3,!TLSv1,!TLSv1.1"), ("SSLv3 TLSv1 TLSv1.2", True, "TLSv1.2"),
    ("TLSv1:TLSv1.1:TLSv1.2:TLSv1.3", True, "TLSv1.2:TLSv1.3"), ("TLSv1", True, "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1"),
    ("SSLv3, !TLSv1", False, "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1"), ("TLSv9", True, "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")])
def test_a_postfix_protocol_fix_keeps_the_lists_syntax(raw: str, spaced: bool, new: str) -> None:
    assert postfix_protocols(raw, spaced=spaced) == new


def test_only_the_commands_that_need_them_import_the_fixes_the_server_and_the_watcher(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nNODE_TLS_REJECT_UNAUTHORIZED=0\n")
    code = (
        "import sys\n"
        "from smtplint.cli import main\n"
        "argv = sys.argv[1:]\n"
        "try:\n"
        "    main(argv)\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('pygls', 'lsprotocol', 'smtplint.fixes', 'smtplint.server', 'smtplint.watch', 'difflib')\n"
        "print('LOADED', sorted(m for m in names if m in sys.modules))\n"
    )

    def loaded(*argv: str) -> str:
        proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True,
                              cwd=tmp_path)
        return proc.stdout.splitlines()[-1]

    assert loaded("--version") == "LOADED []"
    assert loaded("--isolated", ".env") == "LOADED []"  # a normal lint, with a fixable finding
    assert loaded("--isolated", "--format", "json", ".env") == "LOADED []"
    assert loaded("--isolated", "--diff", ".env") == "LOADED ['difflib', 'smtplint.fixes']"


def test_an_opportunistic_postfix_protocol_list_is_an_unsafe_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # outbound opportunistic TLS: a peer that speaks only TLS 1.0 would get plaintext after the fix
    text = "smtp_tls_security_level = may\nsmtp_tls_mandatory_protocols = !SSLv2, !SSLv3\nsmtp_tls_protocols = !SSLv2\n"
    _alone_in(tmp_path, "main.cf", text, monkeypatch, capsys)
    assert main(["--isolated", "--diff", "main.cf"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[2:] == ["@@ -1,3 +1,3 @@", " smtp_tls_security_level = may",
                                    "-smtp_tls_mandatory_protocols = !SSLv2, !SSLv3",
                                    "+smtp_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1",
                                    " smtp_tls_protocols = !SSLv2"]
    assert main(["--isolated", "--fix", "--unsafe-fixes", "main.cf"]) == 0
    assert (tmp_path / "main.cf").read_text().endswith("smtp_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n")



def test_a_protocol_list_of_outdated_versions_only_becomes_tls_1_2_in_its_spelling() -> None:
    from smtplint.rules._fixes import modern_versions
    assert modern_versions("TLSv1 TLSv1.1") == "TLSv1.2"
    assert modern_versions("SSLv3, TLSv1") == "TLSv1.2"
    assert modern_versions("TLSv1 TLSv1.1 TLSv1.2") == "TLSv1.2"
    assert modern_versions(">=TLSv1") == ">=TLSv1.2"
    assert modern_versions("!SSLv3 !TLSv1") is None  # an exclusion list: no lone minimum to raise


_JAVA_PORT = """class Mail {
    static final String PORT_465 = "465";
    void configure() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "smtp.example.org");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.port", %s);
    }
}
"""


@pytest.mark.parametrize(("port", "fixed"), [('"465"', '"587"'), ("465", "587"), ("PORT_465", None)])
def test_code_port_fix_edits_a_written_number_never_a_constant_name(
        port: str, fixed: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Mail.java").write_text(_JAVA_PORT % port, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _findings(capsys, "Mail.java")["SMTP105"] == 1
    main(["--isolated", "--fix", "--unsafe-fixes", "--format", "concise", "Mail.java"])
    text = (tmp_path / "Mail.java").read_text(encoding="utf-8")
    # PORT_465 is a name: rewriting it to PORT_587 would point at no constant, not at port 587
    assert text == _JAVA_PORT % (fixed or port)


@pytest.mark.parametrize(("context", "fixed"), [
    ("ssl._create_unverified_context()", "ssl.create_default_context()"),
    ("ssl._create_stdlib_context()", "ssl.create_default_context()"),
    ("_create_unverified_context()", None),  # imported bare: create_default_context would be an unknown name
    ('ssl._create_unverified_context(cafile="ca.pem")', None),  # arguments create_default_context may not take
])
def test_python_unverified_context_becomes_the_default_context_on_the_module_only(
        context: str, fixed: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code = ("import smtplib\nimport ssl\nfrom ssl import _create_unverified_context\n"
            "s = smtplib.SMTP(\"smtp.example.org\", 587)\ns.starttls(context=%s)\n")
    (tmp_path / "mail.py").write_text(code % context, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _findings(capsys, "mail.py")["SMTP106"] == 1
    main(["--isolated", "--fix", "--format", "concise", "mail.py"])
    assert (tmp_path / "mail.py").read_text(encoding="utf-8") == code % (fixed or context)


def test_dotnet_accept_all_callback_becomes_null_the_default_validation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "csharp/SMTP106/bad-accept-any-certificate.cs", tmp_path / "Mail.cs")
    monkeypatch.chdir(tmp_path)
    main(["--isolated", "--fix", "--format", "concise", "Mail.cs"])  # safe: no --unsafe-fixes needed
    lines = (tmp_path / "Mail.cs").read_text(encoding="utf-8").splitlines()
    assert lines[9] == "        ServicePointManager.ServerCertificateValidationCallback = null;"
    assert lines[19] == "        smtp.ServerCertificateValidationCallback = null;"
    assert _findings(capsys, "Mail.cs")["SMTP106"] == 0
