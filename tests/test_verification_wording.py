"""SMTP106's wording says which host it is about: an empty host is not "a local host" in a chart's defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smtplint.cli import main

VALUES = "smtp:\n  server: {host}\n  port: 587\n  openssl_verify_mode: none\n"


@pytest.mark.parametrize(("host", "words", "severity"), [
    ('""', "while the SMTP host is empty", "info"),
    ("localhost", "for a local host", "info"),
    ("smtp.example.org", "for remote host 'smtp.example.org'", "error"),
])
def test_the_message_names_the_host_it_is_about(host: str, words: str, severity: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mail.yaml").write_text(VALUES.format(host=host), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["--isolated", "--select", "SMTP106", "--format", "json", "mail.yaml"])
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["rule"], finding["line"], finding["severity"]) == ("SMTP106", 4, severity)
    assert words in finding["message"]
