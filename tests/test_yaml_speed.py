"""The YAML parser's fast paths give exactly what the slower, plainer code they replace gives.

Each shortcut of the YAML reader (the text pre-check in :mod:`~smtplint.parsers.yaml_`, key normalisation in
:mod:`~smtplint.parsers.yaml_view`, line splitting and the C-loader fit test in :mod:`~smtplint.parsers.yaml_load`)
is compared here with its reference on hand-made edge cases.
"""

from __future__ import annotations

from typing import Any

import pytest

from smtplint.parsers import shapes, yaml_, yaml_load, yaml_view

TRICKY_TEXTS = [
    "", "smtp", "SMTP", "Mail", "e-mail", "s_m_t_p", "ma il", "ſmtp", "maİl", "maıl", "mai\u0307l", "héllo mail",
    "ﬀ mail", "nothing here", "spring:\n  ma\n  il: x\n", "x\r\ny\rz\x85w\u2028v\u2029u", "a\n%YAML 1.2\n---\nb",
    "\tsmtp: x", "\ufeffsmtp: x\n",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_maybe_mail_matches_the_pattern(text: str) -> None:
    assert yaml_.maybe_mail(text) == (yaml_._MAYBE_MAIL.search(text) is not None)


@pytest.mark.parametrize("key", ["Smtp_Host", "mail-server", "a/b.c d\te", "İstanbul", "ẞ", "ǅ", "  x  ", "", "_"])
def test_norm_matches_shapes_norm(key: str) -> None:
    assert yaml_view.norm(key) == shapes.norm(key)


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_split_lines_matches_the_pattern(text: str) -> None:
    assert yaml_load._split_lines(text) == yaml_load._LINE_BREAK.split(text)


def _fits_reference(text: str) -> bool:
    if yaml_load._C_UNSAFE.search(text):
        return False
    return max(map(len, yaml_load._BLOCK_PREFIX.findall(text)), default=0) <= yaml_load._C_MAX_PREFIX


FIT_TEXTS = [
    *TRICKY_TEXTS, "a:\n" + " " * 61 + "b: 1\n", "a:\n" + " " * 60 + "b: 1\n", "- " * 31 + "x\n", "- " * 30 + "x\n",
    "--" * 40 + "\n", "? " * 31 + "x\n", "x: 1\n%\n",
]


@pytest.mark.parametrize("text", FIT_TEXTS)
def test_c_loader_reads_alike_matches_the_patterns(text: str) -> None:
    assert yaml_load.c_loader_reads_alike(text) == _fits_reference(text)


@pytest.mark.parametrize("text", FIT_TEXTS)
def test_c_loader_fits_matches_the_patterns(text: str) -> None:
    yaml_._c_loader_fits("")  # fills _C_LOADER
    if not yaml_._C_LOADER[0]:
        pytest.skip("ruamel.yaml.clib is not installed")
    assert yaml_._c_loader_fits(text) == _fits_reference(text)


def test_the_loader_choice_follows_c_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/test_yaml_loaders.py compares both loaders by setting ``yaml_._C_LOADER``: it must decide."""
    text = "smtp:\n  host: h\n  port: 25\n"
    calls: list[str] = []
    real = yaml_load.Source.load_c

    def load_c(self: yaml_load.Source, read: Any) -> bool:
        calls.append(self.path)
        return real(self, read)

    monkeypatch.setattr(yaml_load.Source, "load_c", load_c)
    monkeypatch.setattr(yaml_, "_C_LOADER", [False])
    pure = yaml_.parse("pure.yaml", text)
    assert calls == []
    monkeypatch.setattr(yaml_, "_C_LOADER", [yaml_load.c_loader_installed()])
    c = yaml_.parse("pure.yaml", text)
    assert calls == (["pure.yaml"] if yaml_._C_LOADER[0] else [])
    assert pure == c and len(c.endpoints) == 1


def test_duplicate_keys_reported_everywhere() -> None:
    text = "a:\n  b:\n    c: 1\n    c: 2\nsmtp: {host: h}\nlist:\n- {d: 1, d: 2}\n"
    messages = [d.message for d in yaml_.parse("f.yaml", text).diagnostics]
    assert len([m for m in messages if "Duplicate key 'c'" in m]) == 1
    assert len([m for m in messages if "Duplicate key 'd'" in m]) == 1
