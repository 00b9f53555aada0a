"""The configuration's JSON Schema (``schemas/config.schema.json``), checked without jsonschema.

Importing jsonschema costs more than 100 ms (it builds its format checkers and the referencing registry),
which made every run in a repository with a ``[tool.smtplint]`` table markedly slower than one without
(issue 20). The configuration schema uses a dozen JSON Schema keywords, so :func:`errors` reads the
shipped schema itself and applies those keywords as jsonschema's Draft 2020-12 validator does: the same
errors, with the same paths, keywords, values and sub-schemas, in the same order within one path.

tests/test_config_schema.py keeps the two in step: every keyword in the schema must be one this module
knows (:data:`KEYWORDS`), and on generated configurations (good and bad) the errors must equal
jsonschema's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from smtplint.records import record

# keywords that only document or hold definitions
ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$defs"})
_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    # Draft 2020-12: a float with an integral value is an integer; a bool is neither integer nor number
    "integer": lambda v: not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())),
    "number": lambda v: not isinstance(v, bool) and isinstance(v, int | float),
}


@record(frozen=True)
class SchemaError:
    """One failed keyword: where (keys and list indexes from the top), which keyword, its value in the
    schema, the value checked, and the (sub-)schema that holds the keyword."""

    path: tuple[str | int, ...]
    keyword: str
    expected: Any
    instance: Any
    schema: Mapping[str, Any]


@cache
def schema() -> dict[str, Any]:
    """The configuration's JSON Schema (shipped as ``smtplint/schemas/config.schema.json``)."""
    import json

    data = (Path(__file__).parent / "schemas" / "config.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def errors(instance: Any) -> list[SchemaError]:
    """Every error jsonschema's Draft 2020-12 validator reports for ``instance``, ordered as smtplint shows
    them: by path (as text), then keyword."""
    spec = schema()
    found = list(_check(instance, spec, spec, ()))
    return sorted(found, key=lambda e: ([str(p) for p in e.path], e.keyword))


def _equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's ``enum`` has it: true and 1 differ, lists and tables compare by items."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(k in two and _equal(v, two[k]) for k, v in one.items())
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # not the same object: true and false, or a boolean and a number
    return bool(one == two)


def _check(instance: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
           path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    """The errors of one sub-schema, keyword by keyword in the schema's order (as jsonschema goes)."""
    for keyword, value in sub.items():
        if keyword in ANNOTATIONS:
            continue
        yield from KEYWORDS[keyword](instance, value, sub, root, path)


def _type(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
          path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    names = value if isinstance(value, list) else [value]
    if not any(_TYPES[name](instance) for name in names):
        yield SchemaError(path, "type", value, instance, sub)


def _enum(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
          path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if not any(_equal(instance, each) for each in value):
        yield SchemaError(path, "enum", value, instance, sub)


def _pattern(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
             path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if isinstance(instance, str) and not re.search(value, instance):
        yield SchemaError(path, "pattern", value, instance, sub)


def _min_length(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
                path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if isinstance(instance, str) and len(instance) < value:
        yield SchemaError(path, "minLength", value, instance, sub)


def _max_length(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
                path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if isinstance(instance, str) and len(instance) > value:
        yield SchemaError(path, "maxLength", value, instance, sub)


def _minimum(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
             path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if _TYPES["number"](instance) and instance < value:
        yield SchemaError(path, "minimum", value, instance, sub)


def _maximum(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
             path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if _TYPES["number"](instance) and instance > value:
        yield SchemaError(path, "maximum", value, instance, sub)


def _items(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
           path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if isinstance(instance, list):
        for index, item in enumerate(instance):
            yield from _check(item, value, root, (*path, index))


def _properties(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
                path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if isinstance(instance, dict):
        for name, subschema in value.items():
            if name in instance:
                yield from _check(instance[name], subschema, root, (*path, name))


def _additional_properties(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
                           path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if not isinstance(instance, dict):
        return
    known = sub.get("properties", {})
    extras = [name for name in instance if name not in known]
    if isinstance(value, dict):
        for name in extras:
            yield from _check(instance[name], value, root, (*path, name))
    elif value is False and extras:
        yield SchemaError(path, "additionalProperties", value, instance, sub)


def _property_names(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
                    path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if isinstance(instance, dict):
        for name in instance:
            yield from _check(name, value, root, path)  # the name is checked, at the table's own path


def _ref(instance: Any, value: Any, sub: Mapping[str, Any], root: Mapping[str, Any],
         path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    target: Any = root
    for part in value.removeprefix("#/").split("/"):  # local references only: "#/$defs/name"
        target = target[part]
    yield from _check(instance, target, root, path)


KEYWORDS = {
    "type": _type, "enum": _enum, "pattern": _pattern, "minLength": _min_length, "maxLength": _max_length,
    "minimum": _minimum, "maximum": _maximum, "items": _items, "properties": _properties,
    "additionalProperties": _additional_properties, "propertyNames": _property_names, "$ref": _ref,
}
