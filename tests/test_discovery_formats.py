"""Discovery of the .properties, INI and JSON kinds: by name, or by a cheap content check."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint import formats
from smtplint.files import discover, format_by_name
from smtplint.model import Format


@pytest.mark.parametrize(("name", "fmt"), [
    ("application.properties", "properties"), ("application-prod.properties", "properties"),
    ("bootstrap.properties", "properties"), ("application.properties.example", "properties"),
    ("app.ini", "ini"), ("grafana.ini", "ini"), ("custom.ini", "ini"), ("defaults.ini", "ini"),
    ("messages.properties", None), ("php.ini", None), ("realm-export.json", None),
])
def test_format_by_name(name: str, fmt: Format | None) -> None:
    assert format_by_name(Path(name)) is fmt


def test_content_checks_while_walking(tmp_path: Path) -> None:
    files = {
        "mail.properties": "spring.mail.host=smtp.example.org\n",
        "messages.properties": "greeting=hello\n",
        "tool.ini": "[main]\nx = 1\n\n[smtp]\nhost = a:25\n",
        "php.ini": "[PHP]\nSMTP = localhost\n",
        "realm-export.json": '{"realm": "a", "smtpServer": {"host": "h"}}',
        "mailer.json": '{"host": "smtp.example.com", "secure": true}',
        "package.json": '{"name": "x", "version": "1.0.0"}',
        "tsconfig.json": '{"compilerOptions": {"strict": true}}',
        "conf/app.ini.sample": "[mailer]\nSMTP_ADDR = x\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    targets, skipped = discover([str(tmp_path)], cwd=tmp_path)
    assert {t.display for t in targets if t.probe} == set(files) - {"conf/app.ini.sample"}
    assert [(t.display, t.format) for t in targets
            if not t.probe or formats.sniff(formats.get(t.format), Path(t.path).read_bytes())] == [
        ("conf/app.ini.sample", "ini"),
        ("mail.properties", "properties"),
        ("mailer.json", "json"),
        ("realm-export.json", "json"),
        ("tool.ini", "ini"),
    ]
    assert skipped == []


def test_named_files_are_linted_whatever_their_content(tmp_path: Path) -> None:
    for name in ("package.json", "php.ini", "messages.properties"):
        (tmp_path / name).write_text("{}\n")
    targets, skipped = discover([str(tmp_path / n) for n in ("package.json", "php.ini", "messages.properties")],
                                cwd=tmp_path)
    assert [(t.display, t.format) for t in targets] == [
        ("messages.properties", "properties"), ("package.json", "json"), ("php.ini", "ini")]
    assert skipped == []
