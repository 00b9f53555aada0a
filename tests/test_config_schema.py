"""The configuration checker and the JSON Schema stay in step: every keyword known, jsonschema's errors."""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtplint.config_schema import ANNOTATIONS, KEYWORDS, errors, schema


def _keywords(node: Any, inside_properties: bool = False) -> Iterator[str]:
    """Every keyword the schema uses (the names under properties and $defs are keys, not keywords)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties:
                yield key
            yield from _keywords(value, inside_properties=key in ("properties", "$defs") and not inside_properties)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item)


def test_every_keyword_of_the_schema_is_known_to_the_checker() -> None:
    used = set(_keywords(schema()))
    assert used - ANNOTATIONS - set(KEYWORDS) == set()
    assert {"type", "enum", "pattern", "additionalProperties", "propertyNames", "$ref", "items"} <= used


def test_every_config_key_is_in_the_schema() -> None:
    """The keys the configuration code reads are the keys the schema allows (and the other way round)."""
    import inspect

    from smtplint import config

    source = inspect.getsource(config)
    for key in schema()["properties"]:
        assert f'"{key}"' in source, key


def jsonschema_errors(doc: Any) -> list[tuple[Any, ...]]:
    validator = jsonschema.Draft202012Validator(schema())
    found = sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    return [(tuple(e.absolute_path), e.validator, e.validator_value, e.instance, e.schema) for e in found]


def ours(doc: Any) -> list[tuple[Any, ...]]:
    return [(e.path, e.keyword, e.expected, e.instance, e.schema) for e in errors(doc)]


def same(doc: Any) -> None:
    # (jsonschema walks the extra keys of a table in set order, but each has its own path: once sorted by
    # path and keyword, the order is fixed; within one path and keyword it is the table's, as ours)
    assert list(map(repr, ours(doc))) == list(map(repr, jsonschema_errors(doc)))


# what a TOML file can hold
_SCALARS = st.one_of(st.booleans(), st.integers(-300, 300), st.floats(allow_nan=False), st.just(float("nan")),
                     st.sampled_from([24.0, 32.5, 0.0]), st.text(max_size=8),
                     st.sampled_from(["ALL", "SMTP", "SMTP1", "SMTP101", "SMTP1011", "E501", "error", "warning",
                                      "info", "starttls", "implicit-tls", "either", "", "a.example.com",
                                      "[::1]", "smtp_relay.local.", "-bad-.com", "x" * 254, "a*.yml", "docs/"]),
                     st.just(datetime.date(2024, 1, 1)))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["SMTP101", "smtp101", "SMTP9999", "ipv4", "ipv6", "v4", "*.yml", "a/b"]),
                    inner, max_size=3)), max_leaves=12)
_KEYS = st.sampled_from([*schema()["properties"], "tool", "selct", "per_file_ignores"])


@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_the_same_errors_as_jsonschema(doc: dict[str, Any]) -> None:
    same(doc)


@pytest.mark.parametrize("doc", [
    {}, {"select": ["SMTP1", "ALL"], "ignore": ["SMTP101"], "tls-mode": "starttls"},
    {"select": "SMTP1"}, {"select": ["E501", "SMTP1", 3]}, {"ignore": [True]},
    {"severity": {"smtp101": "info", "SMTP999": "loud", "X": 1}}, {"severity": []},
    {"max-trusted-prefix": {"ipv4": 33, "ipv6": -1, "v4": 8}}, {"max-trusted-prefix": {"ipv4": True}},
    {"max-trusted-prefix": {"ipv4": 24.0, "ipv6": 64.5}}, {"tls-mode": 3}, {"tls-mode": ["starttls"]},
    {"require-reason": 1}, {"exclude": [""]}, {"extend-exclude": "docs/"},
    {"dev-hosts": ["hunter2 is my password", "x" * 254, "ok.example.com", "[2001:db8::1]"]},
    {"per-file-ignores": {"a.yml": ["SMTP101", "nope"], "b.yml": "SMTP1", "c": [1]}},
    {"tool": {"smtplint": {}}, "unknown": 1, "another": 2},
    {"severity": {f"SMTP{n}": "info" for n in range(12)}},  # a dozen bad names at one path: in table order
    {"select": [f"X{n}" for n in range(12)]},  # paths [select, 10] and [select, 2]: sorted as text
])
def test_known_bad_and_good_configurations(doc: dict[str, Any]) -> None:
    same(doc)


def test_loading_a_configuration_does_not_import_jsonschema(tmp_path: Any) -> None:
    (tmp_path / "main.cf").write_text("mynetworks = 127.0.0.0/8\n")
    (tmp_path / "pyproject.toml").write_text('[tool.smtplint]\nignore = ["SMTP3"]\ntls-mode = "sideways"\n')
    code = ("import sys; from smtplint.cli import main; rc = main(['main.cf']); "
            "print(rc, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["2", "False"]
    assert "tool.smtplint.tls-mode: 'sideways' is not allowed" in out.stderr
