"""The C loader (ruamel.yaml.clib) gives the same documents as the pure loader wherever smtplint uses it.

smtplint composes YAML with libyaml when it is installed and the text fits (no tabs, directives, NEL/LS/PS,
deep block nesting), and with the pure loader otherwise or after any error. These tests compare the two on
every YAML fixture, node by node, and the parsed documents of both paths on the edge cases.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.error import YAMLError

from smtplint.parsers import yaml_

FIXTURES = Path(__file__).parent / "fixtures"
YAML_FILES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())

clib = pytest.importorskip("_ruamel_yaml", reason="ruamel.yaml.clib is not installed")


def _nodes(text: str, pure: bool) -> list[Any]:
    """Every node of every document as (kind, tag, value, plain?, start, end), in document order."""
    from ruamel.yaml import YAML

    out: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for root in YAML(typ="safe", pure=pure).compose_all(io.StringIO(text) if pure else text):
            stack = [root]
            seen: set[int] = set()
            while stack:
                node = stack.pop()
                if id(node) in seen:
                    out.append(("alias", node.start_mark.line, node.start_mark.column))
                    continue
                seen.add(id(node))
                kind = type(node).__name__
                scalar = kind == "ScalarNode"
                if scalar and node.value == "" and not node.style:
                    # an empty value: libyaml marks it after the ':', the pure loader at the next token; unread
                    out.append((kind, str(node.tag), ""))
                    continue
                out.append((kind, str(node.tag), node.value if scalar else None, not node.style if scalar else None,
                            (node.start_mark.line, node.start_mark.column, node.start_mark.index),
                            (node.end_mark.line, node.end_mark.column, node.end_mark.index)))
                if kind == "MappingNode":
                    for key, value in reversed(node.value):
                        stack += [value, key]
                elif kind == "SequenceNode":
                    stack += list(reversed(node.value))
    return out


def _document(text: str, c_loader: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(yaml_, "_C_LOADER", [c_loader])
    doc = yaml_.parse("f.yaml", text)
    return (doc.endpoints, doc.diagnostics, doc.skipped)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_nodes_are_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    if not yaml_._c_loader_fits(text):
        pytest.skip("read by the pure loader only")
    try:
        pure = _nodes(text, pure=True)
    except YAMLError:  # a syntax error: the C loader refuses it too (the pure loader then reports it)
        with pytest.raises(YAMLError):
            _nodes(text, pure=False)
        return
    assert _nodes(text, pure=False) == pure


def test_columns_count_characters_not_bytes() -> None:
    text = 'smtp:\n  name: "héllo wörld" # ü\n  ñame: ñ.example.com\n  日本語: x\n  y: 😀\n'
    assert yaml_._c_loader_fits(text)
    nodes = _nodes(text, pure=False)
    assert nodes == _nodes(text, pure=True)
    assert ("ScalarNode", "tag:yaml.org,2002:str", "x", True, (3, 7, 61), (3, 8, 62)) in nodes  # characters (bytes: 72)


@pytest.mark.parametrize("text", [
    "smtp:\n  host: mail.example.com\n  port: 25\n  port: 587\n",  # duplicate key
    "smtp:\n  host: a\n   port: 2\n",  # syntax error: libyaml words it differently
    "mail:\n  - a\n  b: c\n",
    "smtp: [a:b]\n",
    "smtp:\n  host: x\t# tab: libyaml accepts it, the pure loader does not\n",
    "%YAML 1.1\n---\nsmtp:\n  auth: yes\n",
    "smtp:\n  host: a\u2028b\n  port: 25\n",
    "smtp:\n  host: {{ host }}\n",  # a template
    "a: &a {host: x}\nsmtp:\n  <<: *a\n  port:\n",
    "smtp:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 400)),  # deep block nesting
    "smtp:\n" + "- " * 100_000 + "x\n",  # libyaml would overflow the C stack: never given to it
])
def test_both_paths_give_the_same_document(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _document(text, True, monkeypatch) == _document(text, False, monkeypatch)


def test_unsafe_texts_stay_with_the_pure_loader() -> None:
    assert not yaml_._c_loader_fits("smtp:\n\thost: x\n")
    assert not yaml_._c_loader_fits("%YAML 1.2\n---\nsmtp: {}\n")
    assert not yaml_._c_loader_fits("smtp: a\x85b\n")
    assert not yaml_._c_loader_fits("smtp:\n" + "- " * 40 + "x\n")
    assert yaml_._c_loader_fits("smtp:\n  host: x\n  list:\n    - a\n")
