"""The YAML parser's fast paths give exactly what the slower, plainer code they replace gives.

Each shortcut in :mod:`smtplint.parsers.yaml_` (the text pre-check, key normalisation, line splitting, the
C-loader fit test, deferred sub-views with the walk skipping quiet subtrees) is compared here with its
reference on the fixtures and on hand-made edge cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smtplint.parsers import shapes, yaml_

FIXTURES = Path(__file__).parent / "fixtures"
YAML_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())

TRICKY_TEXTS = [
    "", "smtp", "SMTP", "Mail", "e-mail", "s_m_t_p", "ma il", "ſmtp", "maİl", "maıl", "mai\u0307l", "héllo mail",
    "ﬀ mail", "nothing here", "spring:\n  ma\n  il: x\n", "x\r\ny\rz\x85w\u2028v\u2029u", "a\n%YAML 1.2\n---\nb",
    "\tsmtp: x", "\ufeffsmtp: x\n",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_maybe_mail_matches_the_pattern(text: str) -> None:
    assert yaml_._maybe_mail(text) == (yaml_._MAYBE_MAIL.search(text) is not None)


@pytest.mark.parametrize("key", ["Smtp_Host", "mail-server", "a/b.c d\te", "İstanbul", "ẞ", "ǅ", "  x  ", "", "_"])
def test_norm_matches_shapes_norm(key: str) -> None:
    assert yaml_._norm(key) == shapes.norm(key)


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_split_lines_matches_the_pattern(text: str) -> None:
    assert yaml_._split_lines(text) == yaml_._LINE_BREAK.split(text)


def _fits_reference(text: str) -> bool:
    if yaml_._C_UNSAFE.search(text):
        return False
    return max(map(len, yaml_._BLOCK_PREFIX.findall(text)), default=0) <= yaml_._C_MAX_PREFIX


@pytest.mark.parametrize("text", [
    *TRICKY_TEXTS, "a:\n" + " " * 61 + "b: 1\n", "a:\n" + " " * 60 + "b: 1\n", "- " * 31 + "x\n", "- " * 30 + "x\n",
    "--" * 40 + "\n", "? " * 31 + "x\n", "x: 1\n%\n",
])
def test_c_loader_fits_matches_the_patterns(text: str) -> None:
    yaml_._c_loader_fits("")  # fills _C_LOADER
    if not yaml_._C_LOADER[0]:
        pytest.skip("ruamel.yaml.clib is not installed")
    assert yaml_._c_loader_fits(text) == _fits_reference(text)


def _parsed(text: str) -> Any:
    doc = yaml_.parse("f.yaml", text)
    return (doc.endpoints, doc.diagnostics, doc.skipped, doc.compose)


def _eager(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build every view at once (no deferred entries, nothing skipped)."""
    monkeypatch.setattr(yaml_._Reader, "token_offsets", lambda self: None)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_deferred_views_read_fixtures_as_eager_views(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8-sig")
    deferred = _parsed(text)
    _eager(monkeypatch)
    assert _parsed(text) == deferred


EDGE_CASES = [
    # a quiet subtree next to a block; a generic block whose TLS sub-block text has no smtp/mail word
    "resources:\n  limits: {cpu: 1}\nsmtp:\n  host: h\n  port: 465\n  tls:\n    verify: false\n",
    # the words written with separators that key normalisation drops, and with escapes
    "a:\n  s_m_t_p:\n    host: h\n    port: 25\n", 'a:\n  "sm\\x74p":\n    host: h\n    port: 25\n',
    'a:\n  "ma\n    il":\n    host: h\n    port: 25\n',
    # aliases and merge keys: the document is not a tree, views are built at once
    "base: &b {host: h, port: 25}\nsmtp:\n  <<: *b\n", "x: &x {y: 1}\nz: *x\nsmtp: {host: h, port: 587}\n",
    "smtp:\n  <<: {host: h, port: 25}\n  tls: {verify: false}\n",
    # dotted keys meeting written mappings
    "spring.mail.host: h\nspring:\n  mail:\n    port: 587\n    properties: {mail.smtp.starttls.enable: true}\n",
    "x:\n  y: 1\nx.smtp.host: h\nx.smtp.port: 25\n",
    # Alertmanager with a TLS config that names neither word, nested in a Helm chart
    "alertmanager:\n  config:\n    global: {smtp_smarthost: 'h:25'}\n    route: {receiver: r}\n    receivers:\n"
    "    - name: r\n      email_configs:\n      - to: a@b\n        tls_config:\n          insecure_skip_verify: true\n",
    # Home Assistant and compose services without SMTP keys (env_file references are still recorded)
    "notify:\n  - platform: smtp\n    server: h\n    extra: {a: b}\n",
    "services:\n  web:\n    image: x\n    env_file: .env\n  mail:\n    environment:\n      SMTP_HOST: h\n",
    # duplicates inside quiet subtrees are still reported
    "a:\n  b: 1\n  b: 2\nsmtp: {host: h}\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_deferred_views_read_edge_cases_as_eager_views(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    deferred = _parsed(text)
    _eager(monkeypatch)
    assert _parsed(text) == deferred


def test_quiet_subtrees_are_skipped_unread() -> None:
    text = "resources:\n  limits: {cpu: 1}\n  requests: {cpu: 2}\nsmtp:\n  host: h\n  tls: {verify: false}\n"
    doc = yaml_.Document("f.yaml", yaml_.Format.YAML)
    reader = yaml_._Reader("f.yaml", text, doc)
    reader.run()
    assert [e.host.value for e in doc.endpoints if e.host is not None] == ["h"]
    assert reader.defer
    root_view = next(v for v in reader.memo.values() if "resources" in v)
    assert root_view["resources"].pending is not None  # never read: its view was not built
    assert root_view["smtp"].pending is None


def test_duplicate_keys_reported_everywhere() -> None:
    text = "a:\n  b:\n    c: 1\n    c: 2\nsmtp: {host: h}\nlist:\n- {d: 1, d: 2}\n"
    messages = [d.message for d in yaml_.parse("f.yaml", text).diagnostics]
    assert len([m for m in messages if "Duplicate key 'c'" in m]) == 1
    assert len([m for m in messages if "Duplicate key 'd'" in m]) == 1


def test_token_offsets_refuse_separated_words() -> None:
    def offsets(text: str) -> list[int] | None:
        return yaml_._Reader("f", text, yaml_.Document("f", yaml_.Format.YAML)).token_offsets()

    assert offsets("a: SMTP\nb: mail\\n") == [3, 11, 15]
    assert offsets("s-m-t-p: 1") is None
    assert offsets("ma\n  il: 1") is None
    assert offsets("é: smtp") is None
