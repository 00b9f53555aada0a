"""docker-compose resolved with the .env beside it and its env_file: entries (compose's interpolation rules)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smtplint.model import Severity
from tests.conftest import lint

COMPOSE = """services:
  app:
    image: registry.example.com/app
    environment:
      - SMTP_HOST=smtp.example.com
      - SMTP_PORT={port}
      - SMTP_USER=${{SMTP_USER}}
      - SMTP_PASS=${{SMTP_PASS}}
      - SMTP_REQUIRE_TLS=true
"""


def findings(tmp_path: Path, *paths: str) -> list[tuple[str, str, int, int, Severity, list[tuple[str, int]]]]:
    result = lint(*(tmp_path / p for p in paths) if paths else [tmp_path], cwd=tmp_path)
    assert not result.errors, result.errors
    return [(f.rule_id, f.span.path, f.span.line, f.span.column, f.severity,
             [(r.path, r.line) for r in f.related]) for f in result.findings]


def test_fallback_without_dotenv_is_one_severity_lower_at_the_compose_line(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.format(port="${SMTP_PORT:-25}"))
    assert findings(tmp_path) == [("SMTP101", "docker-compose.yml", 6, 9, Severity.WARNING, [])]


def test_dotenv_value_decides_and_points_at_the_dotenv_line(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.format(port="${SMTP_PORT:-587}"))
    (tmp_path / ".env").write_text("# compose variables\nSMTP_PORT=25\n")
    assert findings(tmp_path) == [("SMTP101", ".env", 2, 1, Severity.ERROR, [("docker-compose.yml", 6)])]
    # the same when only the compose file is named: the .env beside it is still read
    assert findings(tmp_path, "docker-compose.yml") == [
        ("SMTP101", ".env", 2, 1, Severity.ERROR, [("docker-compose.yml", 6)])]


def test_plain_reference_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.format(port="${SMTP_PORT}"))
    assert findings(tmp_path) == []  # unresolved: nothing fires
    (tmp_path / ".env").write_text("SMTP_PORT=25\n")
    assert findings(tmp_path) == [("SMTP101", ".env", 1, 1, Severity.ERROR, [("docker-compose.yml", 6)])]


def test_empty_dotenv_value_and_colon_dash_default(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.format(port="${SMTP_PORT:-25}"))
    (tmp_path / ".env").write_text("SMTP_PORT=\n")  # set but empty: ':-' takes the default
    assert findings(tmp_path) == [("SMTP101", "docker-compose.yml", 6, 9, Severity.WARNING, [])]
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.format(port="${SMTP_PORT-25}"))
    assert findings(tmp_path) == []  # '-' keeps the empty value: no port


def test_pass_through_variable_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(port="587").replace(
        "      - SMTP_REQUIRE_TLS=true\n", "      - SMTP_SECURE\n"))
    (tmp_path / ".env").write_text("SMTP_SECURE=true\n")
    assert findings(tmp_path) == [("SMTP105", ".env", 1, 1, Severity.ERROR, [("compose.yaml", 6), ("compose.yaml", 9)])]


def test_env_file_entries_and_environment_wins(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "smtp.vars").write_text(
        "SMTP_HOST=smtp.office365.com\nSMTP_PORT=587\nSMTP_USER=${SMTP_USER}\nSMTP_PASS=${SMTP_PASS}\n")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n"
        "  app:\n"
        "    image: registry.example.com/app\n"
        "    env_file:\n"
        "      - conf/smtp.vars\n"
        "      - path: conf/missing.env\n"
        "        required: false\n"
        "    environment:\n"
        "      SMTP_PORT: '465'\n"
    )
    assert findings(tmp_path) == [("SMTP402", "docker-compose.yml", 9, 7, Severity.ERROR, [("conf/smtp.vars", 1)])]


def test_value_from_env_file_points_at_it_with_the_env_file_entry_related(tmp_path: Path) -> None:
    (tmp_path / "mail.vars").write_text("SMTP_HOST=smtp.gmial.com\nSMTP_USER=${SMTP_USER}\n")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    image: a\n    env_file: mail.vars\n    environment:\n      - SMTP_PORT=587\n")
    assert findings(tmp_path) == [("SMTP401", "mail.vars", 1, 1, Severity.WARNING, [("docker-compose.yml", 4)])]


def test_composite_value_points_at_the_compose_line(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    image: a\n    environment:\n"
        "      MAILER_DSN: 'smtps://${MAIL_USER}:${MAIL_PASS}@${MAIL_HOST}:587'\n")
    # the parser's reading: smtps:// on 587 whatever the host, at the scheme
    unresolved = [("SMTP105", "docker-compose.yml", 5, 20, Severity.ERROR, [("docker-compose.yml", 5)])]
    assert findings(tmp_path) == unresolved
    (tmp_path / ".env").write_text("MAIL_HOST=smtp.gmail.com\nMAIL_USER=app\nMAIL_PASS=${VAULT_PASS}\n")
    assert findings(tmp_path) == unresolved  # one variable is still a reference: nothing resolved
    (tmp_path / ".env").write_text("MAIL_HOST=smtp.gmail.com\nMAIL_USER=app\nMAIL_PASS=\n")
    assert findings(tmp_path) == [
        ("SMTP402", "docker-compose.yml", 5, 7, Severity.ERROR, [(".env", 2), (".env", 3), (".env", 1)])]


def test_without_dotenv_or_env_file_the_parser_reading_stands(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE.format(port="25"))
    assert findings(tmp_path) == [("SMTP101", "docker-compose.yml", 6, 9, Severity.ERROR, [])]


def test_env_file_named_by_many_services_is_parsed_once_with_each_service_linked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smtplint.parsers import dotenv_
    calls: list[str] = []
    original = dotenv_.read_variables

    def counting(path: str, text: str, keep: Callable[[str], bool] | None = None) -> object:
        calls.append(path)
        return original(path, text, keep=keep)

    monkeypatch.setattr(dotenv_, "read_variables", counting)
    (tmp_path / "mail.vars").write_text("SMTP_HOST=smtp.gmial.com\nSMTP_USER=${SMTP_USER}\n")
    services = "".join(f"  app{n}:\n    image: a\n    env_file: mail.vars\n    environment:\n"
                       f"      - SMTP_PORT=587\n" for n in range(3))
    (tmp_path / "docker-compose.yml").write_text("services:\n" + services)
    # one finding at the shared line, every service's env_file: entry related to it
    assert findings(tmp_path, "docker-compose.yml") == [
        ("SMTP401", "mail.vars", 1, 1, Severity.WARNING,
         [("docker-compose.yml", 4), ("docker-compose.yml", 9), ("docker-compose.yml", 14)])]
    assert calls == ["mail.vars"]


def test_env_files_are_read_for_their_mail_variables_and_dotenv_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An env_file gives a service only its SMTP-related variables (the reader skips the other lines); the .env
    beside the compose file is read whole, since the compose file may interpolate any of its names."""
    from smtplint.parsers import dotenv_
    from smtplint.parsers.compose_env import link
    from smtplint.parsers.yaml_ import parse

    reads: list[tuple[str, bool]] = []
    original = dotenv_.read_variables

    def recording(path: str, text: str, keep: Callable[[str], bool] | None = None) -> object:
        reads.append((path, keep is None))
        return original(path, text, keep=keep)

    monkeypatch.setattr(dotenv_, "read_variables", recording)

    (tmp_path / ".env").write_text("RELAY_PORT=25\n")
    (tmp_path / "app.env").write_text("DATABASE_URL=postgres://db\nSMTP_HOST=smtp.example.org\n")
    (tmp_path / "compose.yaml").write_text(
        "services:\n  app:\n    image: a\n    env_file: app.env\n    environment:\n"
        "      SMTP_PORT: ${RELAY_PORT}\n      SMTP_USER: app\n")
    doc = parse("compose.yaml", (tmp_path / "compose.yaml").read_text())
    link([(tmp_path / "compose.yaml", doc)], lambda p: p.read_bytes(), lambda p: p.name)
    (ep,) = doc.endpoints
    assert ep.host is not None and ep.host.value == "smtp.example.org" and ep.host.span.path == "app.env"
    assert ep.port is not None and ep.port.value == 25 and ep.port.span.path == ".env"
    assert sorted(reads) == [(".env", True), ("app.env", False)]  # (file, read whole)
