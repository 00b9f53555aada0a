"""Large YAML files: top-level blocks without a mail word are not composed (smtplint.parsers.yaml_prune).

The pruning must never change what is found in the blocks that stay: every YAML fixture, grown past the
size limit with a filler block, gives the same endpoints and diagnostics (positions included) as it does
whole. What it gives up is listed and pinned here: a duplicate key or a syntax error inside a large file's
block that mentions no mail word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.parsers import yaml_, yaml_prune

FIXTURES = Path(__file__).parent / "fixtures"


def _growable(path: Path) -> bool:
    """A fixture whose text is a top-level mapping (a block can go before it) with LF line breaks."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return not text.lstrip().startswith(("-", "[", "{", "%", "---")) and "\r" not in text


YAML_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file() and _growable(p))


def _filler(name: str = "zz_filler", lines: int = 1_400) -> str:
    """A top-level block of ordinary settings, larger than yaml_prune.LARGE, that mentions no mail word."""
    body = "".join(f"  key_{n}:\n    enabled: {'true' if n % 2 else 'false'}\n    size: {n}\n" for n in range(lines))
    return f"{name}:\n{body}"


def _summary(doc: object) -> tuple[object, ...]:
    endpoints = [(e.dialect, e.span, e.host, e.port, e.mode, e.username, e.password is not None)
                 for e in doc.endpoints]  # type: ignore[attr-defined]
    diagnostics = [(d.span, d.message, d.severity) for d in doc.diagnostics]  # type: ignore[attr-defined]
    return tuple(endpoints), tuple(diagnostics), doc.skipped  # type: ignore[attr-defined]


def test_filler_is_large_and_mail_free() -> None:
    assert len(_filler()) > yaml_prune.LARGE
    assert not yaml_.maybe_mail(_filler())


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_pruning_keeps_what_every_fixture_says(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixture after a large mail-free block reads the same with and without pruning."""
    text = path.read_text(encoding="utf-8", errors="replace")
    grown = _filler() + text
    pruned = yaml_.parse("f.yaml", grown)
    monkeypatch.setattr(yaml_prune, "LARGE", 10**9)
    whole = yaml_.parse("f.yaml", grown)
    assert _summary(pruned) == _summary(whole)


def test_mail_block_read_at_its_lines() -> None:
    text = _filler() + "smtp:\n  host: mail.example.com\n  port: 25\n  username: app\n  password: hunter2\n"
    assert yaml_prune.prune(text).count("\n") == text.count("\n")
    assert len(yaml_prune.prune(text)) < len(_filler()) // 10
    doc = yaml_.parse("values.yaml", text)
    [endpoint] = doc.endpoints
    filler_lines = _filler().count("\n")
    assert endpoint.host is not None and endpoint.host.value == "mail.example.com"
    assert endpoint.host.span.line == filler_lines + 2
    assert endpoint.port is not None and endpoint.port.span.line == filler_lines + 3


def test_top_level_duplicate_still_reported_and_still_wins() -> None:
    """``spring:`` twice: the second, mail-free block wins in every YAML loader; pruning keeps its key."""
    text = "spring:\n  mail:\n    host: smtp.example.com\n    port: 25\n" + _filler("spring")
    doc = yaml_.parse("application.yml", text)
    assert doc.endpoints == []
    assert [(d.span.line, d.span.column, d.message) for d in doc.diagnostics] == [
        (5, 1, "Duplicate key 'spring' (first defined on line 1); the last value wins.")]


def test_duplicate_inside_a_mail_free_block_of_a_large_file_is_not_read() -> None:
    """The documented price: a large file's mail-free block is not composed, so its duplicates go unseen."""
    text = "other:\n  a: 1\n  a: 2\n" + _filler() + "smtp:\n  host: mail.example.com\n  port: 587\n"
    assert yaml_.parse("values.yaml", text).diagnostics == []
    small = "other:\n  a: 1\n  a: 2\nsmtp:\n  host: mail.example.com\n  port: 587\n"
    assert [d.span.line for d in yaml_.parse("values.yaml", small).diagnostics] == [3]


@pytest.mark.parametrize("text", [
    "base: &base\n  port: 25\n" + _filler() + "smtp:\n  <<: *base\n  host: mail.example.com\n",  # anchor, merge
    "base: &base\n  port: 25\n" + _filler() + "smtp:\n  host: mail.example.com\n  opts: *base\n",  # alias
    _filler() + "smtp:\n  host: {{ .Values.host }}\n",  # template syntax
    "%YAML 1.2\n---\n" + _filler() + "smtp:\n  host: mail.example.com\n",  # a directive
    "- item\n" + _filler(),  # not a top-level mapping
    _filler().replace("\n", "\r") + "smtp:\n  host: x\n",  # lone CR line breaks
    _filler() + "[a, b]: c\nsmtp:\n  host: x\n",  # a complex key at column 0
])
def test_left_whole_when_pruning_is_not_safe(text: str) -> None:
    assert yaml_prune.prune(text) is text


def test_small_files_and_relevant_blocks_are_left_whole() -> None:
    small = "other:\n  a: 1\nsmtp:\n  host: x\n"
    assert yaml_prune.prune(small) is small
    all_mail = _filler().replace("enabled", "mail_enabled")
    assert yaml_prune.prune(all_mail) is all_mail


def test_compose_services_are_followed_by_structure() -> None:
    """A compose file's services name env_files that hold the mail settings: kept even without a mail word."""
    text = (_filler("x-notes") + "services:\n  web:\n    image: app\n    env_file: app.env\n" + _filler("volumes")
            + "configs:\n  relay:\n    file: ./relay.cf\n")
    pruned = yaml_prune.prune(text)
    assert "env_file: app.env" in pruned and "file: ./relay.cf" in pruned
    assert "key_3:" not in pruned
    assert pruned.count("\n") == text.count("\n")


def test_crlf_lines_keep_their_breaks() -> None:
    text = (_filler() + "smtp:\n  host: mail.example.com\n").replace("\n", "\r\n")
    pruned = yaml_prune.prune(text)
    assert pruned is not text
    assert pruned.count("\r\n") == text.count("\r\n")
    assert pruned.count("\r") == pruned.count("\r\n")


def test_a_key_written_once_goes_with_its_block_but_alertmanager_keeps_them() -> None:
    text = _filler("inventory") + "smtp:\n  host: mail.example.com\n"
    pruned = yaml_prune.prune(text)
    assert not pruned.startswith("inventory") and pruned.lstrip("\n").startswith("smtp:")
    alertmanager = _filler("route") + "receivers:\n  - name: ops\n    email_configs:\n      - to: a@example.com\n"
    assert yaml_prune.prune(alertmanager).startswith("route:\n\n")
