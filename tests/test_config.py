"""Configuration: discovery and precedence, every key, validation errors, and the flags ruff users expect."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from smtplint.cli import main
from smtplint.config import resolve_selection
from smtplint.config_schema import schema

IDS = ["SMTP001", "SMTP002", "SMTP101", "SMTP102", "SMTP105", "SMTP201", "SMTP202", "SMTP301", "SMTP302"]

DJANGO_587_SSL = (
    'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n'
    'EMAIL_HOST_USER = "app@example.com"\nEMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]\n'
)


def concise(argv: tuple[str, ...] | list[str]) -> list[str]:
    """The one-line text form unless the test names a format (these tests read finding lines)."""
    return list(argv) if any(a.startswith("--format") for a in argv) else ["--format=concise", *argv]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(concise(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def rules_in(out: str) -> list[tuple[str, str]]:
    """(path:line, rule) of each text finding line."""
    found = []
    for line in out.splitlines():
        parts = line.split(": ", 2)
        words = parts[1].split() if len(parts) >= 2 else []
        if len(words) >= 2 and words[0] in ("error", "warning", "info") and words[1].startswith("SMTP"):
            found.append((parts[0].rsplit(":", 1)[0], words[1]))
    return found


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(DJANGO_587_SSL)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "settings.py").write_text(DJANGO_587_SSL)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------------------- selection


def test_selection_is_ruffs() -> None:
    assert resolve_selection(IDS, []) == frozenset(IDS)
    assert resolve_selection(IDS, [(["SMTP1"], [], [])]) == {"SMTP101", "SMTP102", "SMTP105"}
    # the longer prefix wins, whichever list it is in; ignore wins a tie
    assert resolve_selection(IDS, [(["SMTP10"], [], ["SMTP1"])]) == {"SMTP101", "SMTP102", "SMTP105"}
    assert resolve_selection(IDS, [(["SMTP1"], [], ["SMTP101"])]) == {"SMTP102", "SMTP105"}
    assert resolve_selection(IDS, [(["SMTP101"], [], ["SMTP101"])]) == frozenset()
    assert resolve_selection(IDS, [(["ALL"], [], ["SMTP"])]) == frozenset()
    # a layer without select adjusts; a layer with select replaces (its ignore included)
    file_layer = (["SMTP1", "SMTP2"], ["SMTP301"], ["SMTP201"])
    assert resolve_selection(IDS, [file_layer, (None, ["SMTP001"], ["SMTP105"])]) == {
        "SMTP001", "SMTP101", "SMTP102", "SMTP202", "SMTP301"}
    assert resolve_selection(IDS, [file_layer, (["SMTP2"], [], [])]) == {"SMTP201", "SMTP202"}


# ------------------------------------------------------------------------------ discovery, precedence


def test_nearest_config_wins_and_smtplint_toml_beats_pyproject(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.smtplint]\nignore = ["SMTP105"]\n')
    code, out, _ = run(capsys, "--select", "SMTP105", "app", "legacy")
    assert rules_in(out) == [("app/settings.py:3", "SMTP105"), ("legacy/settings.py:3", "SMTP105")]
    assert code == 1  # --select on the command line replaces the file's whole selection, its ignore too

    code, out, _ = run(capsys, "app", "legacy")
    assert [r for r in rules_in(out) if r[1] == "SMTP105"] == []
    (proj / "legacy" / ".smtplint.toml").write_text('select = ["SMTP105"]\n')
    (proj / "legacy" / "pyproject.toml").write_text('[tool.smtplint]\nselect = ["SMTP201"]\n')
    code, out, _ = run(capsys, "app", "legacy")
    assert rules_in(out) == [("legacy/settings.py:3", "SMTP105")]


def test_smtplint_toml_is_read_like_ruff_toml(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # order in one folder: .smtplint.toml, then smtplint.toml, then pyproject.toml ([tool.smtplint])
    (proj / "pyproject.toml").write_text('[tool.smtplint]\nselect = ["SMTP201"]\n')
    (proj / "smtplint.toml").write_text('select = ["SMTP105"]\n')
    _, out, _ = run(capsys, "--format", "concise", "app")
    assert rules_in(out) == [("app/settings.py:3", "SMTP105")]
    (proj / ".smtplint.toml").write_text('ignore = ["ALL"]\n')
    code, out, _ = run(capsys, "--format", "concise", "app")
    assert (code, rules_in(out)) == (0, [])
    (proj / ".smtplint.toml").unlink()
    (proj / "smtplint.toml").write_text('[tool.smtplint]\nselect = ["SMTP105"]\n')
    code, _, err = run(capsys, "app")
    assert code == 2
    assert err == ("smtplint: smtplint.toml: unknown key 'tool'; in .smtplint.toml and smtplint.toml the keys go at "
                   "the top level (select = [...], not [tool.smtplint]); [tool.smtplint] is for pyproject.toml\n")


def test_unknown_tool_key_in_dot_smtplint_toml_gets_the_hint(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".smtplint.toml").write_text('[tool.smtplint]\nignore = ["SMTP105"]\n')
    code, _, err = run(capsys, "app")
    assert code == 2
    assert err.startswith("smtplint: .smtplint.toml: unknown key 'tool'; in .smtplint.toml and smtplint.toml the keys")
    (proj / ".smtplint.toml").write_text('colour = "auto"\n')  # other unknown keys: the list of allowed keys
    _, _, err = run(capsys, "app")
    assert err.startswith("smtplint: .smtplint.toml: unknown key 'colour'; allowed keys: dev-hosts, ")


@pytest.mark.parametrize("name", ["config.schema.json", "report.schema.json"])
def test_schema_id_is_where_the_file_is_published(name: str) -> None:
    # $id is the raw URL of the file in the repository's main branch: an editor that follows it gets this file
    root = Path(__file__).resolve().parents[1]
    shipped = json.loads((root / "smtplint" / "schemas" / name).read_text())
    prefix = "https://raw.githubusercontent.com/smtplint/smtplint/main/"
    assert shipped["$id"].startswith(prefix)
    rel = shipped["$id"].removeprefix(prefix)
    assert rel == f"smtplint/schemas/{name}"
    # raw.githubusercontent.com serves paths as git stores them and never follows a symlink (the top-level
    # schemas/ folder is one): every component of the path must be a real folder or file
    for depth in range(1, len(rel.split("/")) + 1):
        assert not (root / "/".join(rel.split("/")[:depth])).is_symlink(), rel
    assert json.loads((root / rel).read_text()) == shipped


def test_pyproject_without_table_is_not_a_config(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "pyproject.toml").write_text('[tool.smtplint]\nignore = ["SMTP105"]\n')
    (proj / "app" / "pyproject.toml").write_text('[project]\nname = "smtplint-user"\n')
    _, out, _ = run(capsys, "app")
    assert "SMTP105" not in out  # app/pyproject.toml has no [tool.smtplint]: the parent's applies


def test_config_flag_and_isolated(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".smtplint.toml").write_text('ignore = ["SMTP105"]\n')
    (proj / "other.toml").write_text('select = ["SMTP105"]\nper-file-ignores = { "legacy/*" = ["SMTP1"] }\n')
    _, out, _ = run(capsys, ".")
    assert "SMTP105" not in out
    _, out, _ = run(capsys, "--config", "other.toml", ".")
    assert rules_in(out) == [("app/settings.py:3", "SMTP105")]  # globs relative to other.toml's folder
    _, out, _ = run(capsys, "--isolated", "--select", "SMTP105", ".")
    assert len(rules_in(out)) == 2
    code, _, err = run(capsys, "--isolated", "--config", "other.toml", ".")
    assert code == 2 and "cannot be used together" in err
    code, _, err = run(capsys, "--config", "missing.toml", ".")
    assert code == 2 and "missing.toml: cannot be read" in err
    (proj / "sub").mkdir()
    (proj / "sub" / "pyproject.toml").write_text("[project]\n")
    code, _, err = run(capsys, "--config", "sub/pyproject.toml", ".")
    assert code == 2 and "sub/pyproject.toml: has no [tool.smtplint] table" in err


def test_cli_ignore_and_extend_select_adjust_the_file(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".smtplint.toml").write_text('select = ["SMTP105"]\n')
    _, out, _ = run(capsys, "app")
    assert {r for _p, r in rules_in(out)} == {"SMTP105"}
    _, out, _ = run(capsys, "--ignore", "SMTP105", "app")
    assert rules_in(out) == []
    (proj / "app" / "settings.py").write_text(DJANGO_587_SSL + 'EMAIL_HOST_PASSWORD = " secret"\n')
    _, out, _ = run(capsys, "--extend-select", "SMTP202", "app")
    assert {r for _p, r in rules_in(out)} == {"SMTP105", "SMTP202"}
    assert " secret" not in out


# ------------------------------------------------------------------------------------------ each key


def test_select_ignore_extend_select_keys(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".smtplint.toml").write_text('select = ["SMTP2"]\nextend-select = ["SMTP10"]\nignore = ["SMTP201"]\n')
    (proj / "app" / "settings.py").write_text(
        'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n')
    _, out, _ = run(capsys, "app")
    assert rules_in(out) == [("app/settings.py:3", "SMTP105")]  # SMTP201 (no credentials) ignored


def test_per_file_ignores(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".smtplint.toml").write_text('per-file-ignores = { "legacy/*" = ["SMTP105"], "settings.py" = ["SMTP9"] }\n')
    code, _, err = run(capsys, ".")
    assert code == 2 and "per-file-ignores.settings.py: unknown rule selector 'SMTP9'" in err
    (proj / ".smtplint.toml").write_text('per-file-ignores = { "legacy/*" = ["SMTP105"] }\n')
    _, out, _ = run(capsys, "--select", "SMTP105", ".")
    assert rules_in(out) == [("app/settings.py:3", "SMTP105")]


def test_exclude_and_extend_exclude(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "vendor").mkdir()
    (proj / "vendor" / "settings.py").write_text(DJANGO_587_SSL)
    (proj / ".smtplint.toml").write_text('exclude = ["legacy/"]\nextend-exclude = ["vendor"]\n')
    _, out, _ = run(capsys, "--select", "SMTP105", ".")
    assert rules_in(out) == [("app/settings.py:3", "SMTP105")]
    # --exclude replaces `exclude`, never `extend-exclude`
    _, out, _ = run(capsys, "--select", "SMTP105", "--exclude", "app", ".")
    assert rules_in(out) == [("legacy/settings.py:3", "SMTP105")]
    # a file named on the command line is linted anyway, unless --force-exclude
    _, out, _ = run(capsys, "--select", "SMTP105", "legacy/settings.py")
    assert rules_in(out) == [("legacy/settings.py:3", "SMTP105")]
    _, out, _ = run(capsys, "--select", "SMTP105", "--force-exclude", "legacy/settings.py")
    assert rules_in(out) == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exclude_applies_to_probed_files_once_confirmed(proj: Path, capsys: pytest.CaptureFixture[str],
                                                        jobs: str) -> None:
    # legacy/mailconf.py is a Django settings module only by its content (a probed target): the engine asks
    # the configuration about it once its bytes confirm it, in the pool as in a serial run
    (proj / "legacy" / "mailconf.py").write_text(DJANGO_587_SSL)
    (proj / "app" / "mailconf.py").write_text(DJANGO_587_SSL)
    (proj / ".smtplint.toml").write_text('exclude = ["legacy/"]\n')
    code, out, err = run(capsys, "--select", "SMTP105", "--jobs", jobs, "--format", "json", ".")
    assert code == 1, err
    report = json.loads(out)
    assert sorted(f["path"] for f in report["findings"]) == ["app/mailconf.py", "app/settings.py"]
    assert report["files_checked"] == 2, err


def test_severity_override(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".smtplint.toml").write_text('severity = { SMTP105 = "info" }\n')
    code, out, _ = run(capsys, "--select", "SMTP105", "--format", "json", "app")
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["info"]
    assert code == 1
    assert run(capsys, "--select", "SMTP105", "--fail-on", "warning", "app")[0] == 0
    (proj / ".smtplint.toml").write_text('severity = { SMTP105 = "fatal" }\n')
    code, _, err = run(capsys, "app")
    assert code == 2
    assert err == ("smtplint: .smtplint.toml: severity.SMTP105: 'fatal' is not allowed; allowed values: 'error', "
                   "'warning', 'info'\n")


def test_require_reason_key(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "app" / "settings.py").write_text(DJANGO_587_SSL.replace(
        "EMAIL_USE_SSL = True\n", "EMAIL_USE_SSL = True  # smtplint: disable=SMTP105\n"))
    assert run(capsys, "--select", "SMTP0,SMTP105", "app")[0] == 0
    (proj / ".smtplint.toml").write_text("require-reason = true\n")
    code, out, _ = run(capsys, "--select", "SMTP0,SMTP105", "app")
    assert code == 1 and rules_in(out) == [("app/settings.py:3", "SMTP003")]


@pytest.mark.parametrize(("mode", "advice"), [
    (None, "use port 465 for implicit TLS, or STARTTLS on port 587"),
    ("either", "use port 465 for implicit TLS, or STARTTLS on port 587"),
    ("starttls", "use STARTTLS on port 587 (the configured tls-mode)"),
    ("implicit-tls", "use port 465 for implicit TLS (the configured tls-mode)"),
])
def test_tls_mode_wording(proj: Path, capsys: pytest.CaptureFixture[str], mode: str | None, advice: str) -> None:
    if mode:
        (proj / ".smtplint.toml").write_text(f'tls-mode = "{mode}"\n')
    _, out, _ = run(capsys, "--select", "SMTP105", "app")
    assert out.splitlines()[0].endswith(advice + " [related: app/settings.py:2:1]")


def test_tls_mode_starttls_reports_465(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "app" / "settings.py").write_text(DJANGO_587_SSL.replace("587", "465"))
    assert run(capsys, "--select", "SMTP105", "app")[0] == 0
    (proj / ".smtplint.toml").write_text('tls-mode = "implicit-tls"\n')
    assert run(capsys, "--select", "SMTP105", "app")[0] == 0
    (proj / ".smtplint.toml").write_text('tls-mode = "starttls"\n')
    code, out, _ = run(capsys, "--select", "SMTP105", "--format", "json", "app")
    [f] = json.loads(out)["findings"]
    assert code == 1 and (f["rule"], f["line"], f["severity"]) == ("SMTP105", 3, "warning")
    assert f["message"].startswith("implicit TLS on port 465 ('EMAIL_USE_SSL=True') while the configured tls-mode")
    (proj / ".smtplint.toml").write_text('tls-mode = "STARTTLS"\n')
    code, _, err = run(capsys, "app")
    assert code == 2
    assert "tls-mode: 'STARTTLS' is not allowed; allowed values: 'starttls', 'implicit-tls', 'either'" in err


def test_tls_mode_legacy_ssl_advice(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / ".env").write_text("MAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_ENCRYPTION=ssl\n"
                               "MAIL_USERNAME=app\nMAIL_PASSWORD=${MAIL_PASSWORD}\n")
    _, out, _ = run(capsys, "--select", "SMTP103", ".env")
    assert "write MAIL_SCHEME=smtps with port 465, or MAIL_SCHEME=smtp with port 587" in out
    (proj / ".smtplint.toml").write_text('tls-mode = "starttls"\n')
    _, out, _ = run(capsys, "--select", "SMTP103", ".env")
    assert "write MAIL_SCHEME=smtp with port 587 (STARTTLS, the configured tls-mode)" in out


def test_dev_hosts(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "app" / "settings.py").write_text(
        'EMAIL_HOST = "relay.dev.corp"\nEMAIL_PORT = 587\nEMAIL_HOST_USER = "u"\n'
        'EMAIL_HOST_PASSWORD = os.environ["P"]\n')
    assert rules_in(run(capsys, "--select", "SMTP101", "app")[1]) == [("app/settings.py:2", "SMTP101")]
    (proj / ".smtplint.toml").write_text('dev-hosts = ["Relay.Dev.Corp."]\n')
    assert rules_in(run(capsys, "--select", "SMTP101", "app")[1]) == []
    (proj / ".smtplint.toml").write_text('dev-hosts = ["not a host"]\n')
    code, _, err = run(capsys, "app")
    assert code == 2 and "dev-hosts[0]: the value given is not a host name" in err


def test_provider_hosts(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "mail.yaml").write_text("smtp:\n  host: smtp.corp-relay.example\n  port: 587\n  security: starttls\n")
    _, out, _ = run(capsys, "--select", "SMTP201", "--format", "json", "mail.yaml")
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["warning"]
    (proj / ".smtplint.toml").write_text('provider-hosts = ["smtp.corp-relay.example"]\n')
    _, out, _ = run(capsys, "--select", "SMTP201", "--format", "json", "mail.yaml")
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["error"]


@pytest.mark.parametrize(("networks", "limits", "expected"), [
    ("127.0.0.0/8 10.0.0.0/8", "", "warning"),
    ("127.0.0.0/8 10.0.0.0/8", "ipv4 = 8", None),
    ("127.0.0.0/8 192.168.1.0/24", "", None),
    ("127.0.0.0/8 192.168.1.0/24", "ipv4 = 28", "warning"),
    ("127.0.0.0/8 0.0.0.0/0", "ipv4 = 0", "error"),  # internet-wide trust is always reported
    ("[::1]/128 [2001:db8::]/56", "", "warning"),
    ("[::1]/128 [2001:db8::]/56", "ipv6 = 48", None),
    ("[::1]/128 [fd00::]/48", "ipv6 = 64", "warning"),
    ("[::ffff:10.0.0.0]/104", "ipv4 = 8", None),  # an IPv4-mapped entry is judged by the IPv4 limit
])
def test_max_trusted_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                            networks: str, limits: str, expected: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.cf").write_text(f"mynetworks = {networks}\n")
    if limits:
        (tmp_path / ".smtplint.toml").write_text(f"max-trusted-prefix = {{ {limits} }}\n")
    _, out, _ = run(capsys, "--select", "SMTP301", "--format", "json", "main.cf")
    assert [f["severity"] for f in json.loads(out)["findings"]] == ([expected] if expected else [])


# ---------------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(("toml", "message"), [
    ("selct = []", ".smtplint.toml: unknown key 'selct'; allowed keys: dev-hosts, example-paths, exclude, "
                   "extend-exclude, extend-select, ignore, kinds, lower-examples, max-trusted-prefix, "
                   "per-file-ignores, provider-hosts, require-reason, respect-gitignore, "
                   "select, severity, tls-mode"),
    ('select = "SMTP1"', ".smtplint.toml: select: expected a list, got a string"),
    ('select = ["SMTP9"]', ".smtplint.toml: select: unknown rule selector 'SMTP9'; allowed: ALL, a rule id or a "
                             "prefix"),
    ('ignore = ["E501"]', ".smtplint.toml: ignore[0]: 'E501' is not a rule selector; allowed: ALL, a rule id"),
    ('severity = { SMTP999 = "info" }', ".smtplint.toml: severity.SMTP999: unknown rule id"),
    ('severity = { smtp101 = "info" }', ".smtplint.toml: severity: keys must be rule ids such as SMTP101"),
    ("max-trusted-prefix = { ipv4 = 33 }",
     ".smtplint.toml: max-trusted-prefix.ipv4: 33 is out of range; allowed: 0 to 32"),
    ("max-trusted-prefix = { ipv6 = -1 }",
     ".smtplint.toml: max-trusted-prefix.ipv6: -1 is out of range; allowed: 0 to 128"),
    ("max-trusted-prefix = { v4 = 8 }",
     ".smtplint.toml: unknown key 'max-trusted-prefix.v4'; allowed keys: ipv4, ipv6"),
    ("require-reason = 1", ".smtplint.toml: require-reason: expected true or false, got a number"),
    ("select = [", ".smtplint.toml: invalid TOML: "),
    ('provider-hosts = ["hunter2 is my password"]', ".smtplint.toml: provider-hosts[0]: the value given is not a host"),
])
def test_errors_name_file_key_and_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], toml: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.cf").write_text("mynetworks = 127.0.0.0/8\n")
    (tmp_path / ".smtplint.toml").write_text(toml + "\n")
    code, out, err = run(capsys, ".")
    assert code == 2 and out == ""
    assert err.startswith("smtplint: " + message), err
    assert "Traceback" not in err and "hunter2" not in err


def test_pyproject_errors_name_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.cf").write_text("mynetworks = 127.0.0.0/8\n")
    (tmp_path / "pyproject.toml").write_text('[tool.smtplint]\ntls-mode = 3\n')
    code, _, err = run(capsys, ".")
    assert code == 2
    assert err == "smtplint: pyproject.toml: tool.smtplint.tls-mode: 3 is not allowed; allowed values: 'starttls', " \
                  "'implicit-tls', 'either'\n"


def test_cli_selector_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--extend-select", "SMTP999", str(tmp_path)]) == 2
    assert "--extend-select: unknown rule selector 'SMTP999'" in capsys.readouterr().err


def test_shipped_schema_is_valid_and_accepts_the_readme_example() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = readme.split("```toml\n[tool.smtplint]\n", 1)[1].split("```", 1)[0]
    import tomllib
    jsonschema.validate(tomllib.loads(block), schema())
    assert (Path(__file__).resolve().parents[1] / "schemas" / "config.schema.json").is_file()


# ------------------------------------------------------------------------------------- ruff's flags


def test_exit_zero_fail_on_statistics(proj: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (proj / "app" / "settings.py").write_text(
        'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n')
    assert run(capsys, "--select", "SMTP105,SMTP201", "--exit-zero", "app")[0] == 0
    assert run(capsys, "--select", "SMTP201", "--fail-on", "error", "app")[0] == 0  # a warning only
    assert run(capsys, "--select", "SMTP201", "--fail-on", "warning", "app")[0] == 1
    code, out, _ = run(capsys, "--select", "SMTP105,SMTP201", "--statistics", ".")
    assert code == 1
    assert out == "2\tSMTP105\tport-mode-mismatch\n1\tSMTP201\tmissing-auth\n"
    assert run(capsys, "--exit-zero", "--select", "SMTP9", "app")[0] == 2  # errors are never zeroed


def test_no_jsonschema_import_without_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "main.cf").write_text("mynetworks = 127.0.0.0/8\n")
    code = ("import sys; from smtplint.cli import main; rc = main(['--isolated', 'main.cf']); "
            "print(rc, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["0", "False"]


@pytest.mark.parametrize("text", [
    '[tool.smtplint]\nselect = ["SMTP1"]\n',
    '[ tool . smtplint ]\nselect = ["SMTP1"]\n',
    '[tool."smtplint"]\nselect = ["SMTP1"]\n',
    '[tool.smtplint.per-file-ignores]\n"a.yml" = ["SMTP101"]\n',
    'tool.smtplint.select = ["SMTP1"]\n',
    '[tool]\nsmtplint = { select = ["SMTP1"] }\n',
    '[tool]\nsmtplint.select = ["SMTP1"]\n',
    'tool = { smtplint = { select = ["SMTP1"] } }\n',
])
def test_every_spelling_of_the_tool_table_is_read(tmp_path: Path, text: str) -> None:
    from smtplint.config import load, may_configure_smtplint
    assert may_configure_smtplint(text.encode())
    (tmp_path / "pyproject.toml").write_text(text + '[project]\nname = "x"\n')
    loaded = load(tmp_path / "pyproject.toml", ["SMTP101", "SMTP102"])
    assert loaded is not None


@pytest.mark.parametrize("text", [
    '[project]\nname = "smtplint"\ndependencies = ["smtplint>=0.1"]\n'
    '[project.scripts]\nsmtplint = "smtplint.cli:main"\n',
    '[tool.ruff]\nextend-exclude = ["smtplint"]\n',
    "",
])
def test_a_pyproject_that_only_names_smtplint_is_not_parsed(text: str) -> None:
    from smtplint.config import may_configure_smtplint
    assert not may_configure_smtplint(text.encode())


def _one_glob(path: Path, root: Path, pattern: str) -> bool:
    """The reference reading of one glob (fnmatch on each name, or on each leading part for a '/' glob)."""
    import fnmatch
    import os
    pat = pattern[2:] if pattern.startswith("./") else pattern
    pat = pat.rstrip("/") or pat
    try:
        parts: tuple[str, ...] | None = Path(os.path.abspath(path)).relative_to(root).parts
    except ValueError:
        parts = None
    if "/" not in pat:
        return any(fnmatch.fnmatchcase(p, pat) for p in (parts if parts is not None else (path.name,)))
    return parts is not None and any(fnmatch.fnmatchcase("/".join(parts[:i]), pat) for i in range(1, len(parts) + 1))


@pytest.mark.parametrize("rel", ["a/b/c.yml", "docs/x.env", "deploy/main.cf.j2", "src/test/java/MailTest.java",
                                 "x/examples/y.yaml", "legacy/old/main.cf", "values.yaml", "a.b/c[1].yml"])
def test_compiled_glob_sets_match_as_each_glob_does(tmp_path: Path, rel: str) -> None:
    from smtplint.config import DEFAULT_EXAMPLE_PATHS, globs_match
    patterns = [*DEFAULT_EXAMPLE_PATHS, "legacy/", "./deploy/*.cf.j2", "a/*/c.yml", "[ab].b", "*.[ch]"]
    path = tmp_path / rel
    for pattern in patterns:
        assert globs_match(path, tmp_path, [pattern]) == _one_glob(path, tmp_path, pattern), pattern
    assert globs_match(path, tmp_path, patterns) == any(_one_glob(path, tmp_path, p) for p in patterns)
    assert not globs_match(Path("/elsewhere") / rel, tmp_path, ["legacy/"])


def test_configurations_below_and_above_the_current_folder_are_found_with_absolute_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders below the current one are looked up relative to it; the configuration keeps its absolute path
    and root either way, and one above the current folder is found as before."""
    from smtplint.config import Cli, Resolver
    from smtplint.rules import RULES

    (tmp_path / "pyproject.toml").write_text('[tool.smtplint]\nignore = ["SMTP105"]\n')
    (tmp_path / "work" / "svc" / "deep").mkdir(parents=True)
    (tmp_path / "work" / "svc" / ".smtplint.toml").write_text('select = ["SMTP201"]\n')
    monkeypatch.chdir(tmp_path / "work")
    resolver = Resolver(Cli(), list(RULES))
    below = resolver.config_for(str(tmp_path / "work" / "svc" / "deep"))
    assert below is not None and below.path == tmp_path / "work" / "svc" / ".smtplint.toml"
    assert below.root == tmp_path / "work" / "svc" and below.data["select"] == ["SMTP201"]
    here = resolver.config_for(str(tmp_path / "work"))
    assert here is not None and here.path == tmp_path / "pyproject.toml" and here.root == tmp_path
    assert resolver.config_for("svc") is below
