"""Baselines: record today's findings, report only new ones; stable when lines move, not when text changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smtplint.cli import main

SETTINGS = (
    'EMAIL_HOST = "smtp.example.com"\n'
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_SSL = True\n"
    'EMAIL_HOST_USER = "app@example.com"\n'
    'EMAIL_HOST_PASSWORD = "abcd efgh ijkl mnop"\n'
)
SELECT = ["--select", "SMTP105,SMTP202"]


def concise(argv: tuple[str, ...] | list[str]) -> list[str]:
    """The one-line text form unless the test names a format (these tests read finding lines)."""
    return list(argv) if any(a.startswith("--format") for a in argv) else ["--format=concise", *argv]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(concise([*SELECT, *argv]))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(SETTINGS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_write_then_only_new_findings(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--write-baseline", "baseline.json", ".")
    assert code == 0
    assert err.startswith("smtplint: recorded 2 findings in baseline.json")
    assert out.endswith("All checks passed (1 file checked).\n")
    text = (proj / "baseline.json").read_text()
    doc = json.loads(text)
    assert doc["smtplint_baseline"] == 1 and doc["fingerprint"] == "smtplintFingerprint/v1"
    assert [(e["path"], e["rule"], e["count"]) for e in doc["findings"]] == [
        ("app/settings.py", "SMTP105", 1), ("app/settings.py", "SMTP202", 1)]
    assert all(len(e["fingerprint"]) == 32 and set(e) == {"path", "rule", "fingerprint", "count"}
               for e in doc["findings"])
    assert "abcd" not in text and "587" not in text  # hashes, paths, ids and counts only

    assert run(capsys, "--baseline", "baseline.json", ".")[0] == 0
    # a new finding is reported; the baselined ones stay suppressed
    (proj / "app" / "mail.yaml").write_text("smtp:\n  host: smtp.example.com\n  port: 587\n  security: ssl\n")
    code, out, _ = run(capsys, "--baseline", "baseline.json", ".")
    assert code == 1
    assert [line.split(": ")[0:2] for line in out.splitlines()[:-1]] == [["app/mail.yaml:4:3", "error SMTP105 port 587 "
                                                                            "expects STARTTLS but 'security=ssl' "
                                                                            "starts TLS immediately"]]


def test_moving_lines_keeps_and_editing_text_breaks_the_match(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", "baseline.json", ".")
    settings = proj / "app" / "settings.py"
    settings.write_text("# a new comment\n\nimport os\n" + SETTINGS)  # every finding moves down 3 lines
    assert run(capsys, "--baseline", "baseline.json", ".")[0] == 0
    code, out, _ = run(capsys, "--baseline", "baseline.json", "--show-suppressed", "--format", "json", ".")
    found = [(f["rule"], f["line"], f["suppression"]["kind"]) for f in json.loads(out)["findings"]]
    assert found == [("SMTP105", 6, "baseline"), ("SMTP202", 8, "baseline")]

    settings.write_text(SETTINGS.replace("EMAIL_PORT = 587", "EMAIL_PORT = 2525"))
    assert run(capsys, "--baseline", "baseline.json", ".")[0] == 0  # the port line is not the offending text
    settings.write_text(SETTINGS.replace("EMAIL_USE_SSL = True", "EMAIL_USE_SSL = 1"))
    code, out, err = run(capsys, "--baseline", "baseline.json", "--show-stale", ".")
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines()[:-1]] == ["app/settings.py:3:1"]
    assert "SMTP105" in out
    assert err.startswith("baseline.json: stale baseline entry: SMTP105 in app/settings.py (1 no longer found; "
                          "fingerprint ")


def test_show_stale(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--write-baseline", "baseline.json", ".")
    _, _, err = run(capsys, "--baseline", "baseline.json", "--show-stale", ".")
    assert err == "baseline.json: no stale baseline entries\n"
    (proj / "app" / "settings.py").write_text(SETTINGS.replace("EMAIL_USE_SSL = True\n", ""))
    code, _, err = run(capsys, "--baseline", "baseline.json", "--show-stale", ".")
    assert code == 0
    assert err.count("stale baseline entry") == 1 and "SMTP105 in app/settings.py (1 no longer found" in err
    # linting another part of the tree does not call the rest of the baseline stale
    (proj / "other").mkdir()
    (proj / "other" / "main.cf").write_text("mynetworks = 127.0.0.0/8\n")
    assert run(capsys, "--baseline", "baseline.json", "--show-stale", "other")[2] == (
        "baseline.json: no stale baseline entries\n")
    assert main(["--show-stale", "."]) == 2
    assert "--show-stale needs --baseline FILE" in capsys.readouterr().err


def test_counts_and_other_cwd(proj: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (proj / "app" / "settings.py").write_text(SETTINGS.replace('"abcd efgh ijkl mnop"', '" pw"') + "")
    (proj / "mail.yaml").write_text(
        "a:\n  smtp:\n    host: smtp.example.com\n    port: 587\n    security: ssl\n"
        "b:\n  smtp:\n    host: smtp.example.com\n    port: 587\n    security: ssl\n")
    run(capsys, "--write-baseline", "ci/baseline.json", ".")
    doc = json.loads((proj / "ci" / "baseline.json").read_text())
    assert [(e["path"], e["rule"], e["count"]) for e in doc["findings"]] == [
        ("../app/settings.py", "SMTP105", 1), ("../app/settings.py", "SMTP202", 1), ("../mail.yaml", "SMTP105", 2)]
    monkeypatch.chdir(proj / "app")
    assert run(capsys, "--baseline", "../ci/baseline.json", "..")[0] == 0
    monkeypatch.chdir(proj)
    # a third identical finding is new: the entry accepts two
    (proj / "mail.yaml").write_text((proj / "mail.yaml").read_text() + "c:\n  smtp:\n    host: smtp.example.com\n"
                                    "    port: 587\n    security: ssl\n")
    code, out, _ = run(capsys, "--baseline", "ci/baseline.json", ".")
    assert code == 1 and out.count("SMTP105") == 1 and "mail.yaml:15:5" in out


@pytest.mark.parametrize(("content", "message"), [
    ("{", "baseline.json: not a smtplint baseline: invalid JSON (line 1, column 2)"),
    ("[]", "baseline.json: not a smtplint baseline of this version"),
    ('{"smtplint_baseline": 1, "fingerprint": "smtplintFingerprint/v1", "findings": [{"path": "a"}]}',
     'baseline.json: findings[0] needs "path", "rule", "fingerprint" (strings) and "count" (a positive integer)'),
])
def test_invalid_baseline_is_exit_2(proj: Path, capsys: pytest.CaptureFixture[str], content: str,
                                    message: str) -> None:
    (proj / "baseline.json").write_text(content)
    code, out, err = run(capsys, "--baseline", "baseline.json", ".")
    assert code == 2 and out == ""
    assert err.startswith("smtplint: " + message)
    code, _, err = run(capsys, "--baseline", "missing.json", ".")
    assert code == 2 and "missing.json: cannot be read" in err


def test_a_worse_value_on_a_continuation_line_is_a_new_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # the fingerprint covers the whole value, continuation lines included: widening mynetworks on its second
    # line is not hidden by the baseline (before the input redesign only the first line was hashed)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.cf").write_text("mynetworks = 127.0.0.0/8\n    10.0.0.0/8\n")
    assert main(["--select", "SMTP301", "--write-baseline", "b.json", "."]) == 0
    assert main(["--select", "SMTP301", "--baseline", "b.json", "."]) == 0
    (tmp_path / "main.cf").write_text("mynetworks = 127.0.0.0/8\n    10.0.0.0/8 0.0.0.0/0\n")
    capsys.readouterr()
    assert main(["--select", "SMTP301", "--baseline", "b.json", "--format", "concise", "."]) == 1
    assert capsys.readouterr().out.startswith("main.cf:1:1: error SMTP301 ")
    # moving the entry down keeps its identity
    (tmp_path / "main.cf").write_text("# moved\nmynetworks = 127.0.0.0/8\n    10.0.0.0/8\n")
    assert main(["--select", "SMTP301", "--baseline", "b.json", "."]) == 0
