"""smtplint.records: the slotted record classes that replace dataclasses on the start-up path."""

from __future__ import annotations

import copy
import pickle
from typing import Generic, TypeVar

import pytest

from smtplint.model import Diagnostic, Finding, Setting, Severity, Span
from smtplint.parsers.limits import Omitted
from smtplint.records import FrozenInstanceError, field, record, replace

T = TypeVar("T")


@record(frozen=True, order=True)
class Point:
    """A frozen, ordered record."""

    x: int
    y: int = 0


@record
class Bag:
    """A mutable record with a factory default."""

    name: str
    items: list[int] = field(default_factory=list)


@record(frozen=True)
class Boxed(Generic[T]):
    """A generic frozen record."""

    value: T
    label: str = ""


@record(frozen=True)
class Labelled(Point):
    """A record that adds a field to its base."""

    label: str = "?"


def test_init_defaults_and_keywords() -> None:
    assert (Point(1).x, Point(1).y) == (1, 0)
    assert Point(y=2, x=1) == Point(1, 2)
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, 3)  # type: ignore[call-arg]


def test_factory_default_is_new_for_each_record() -> None:
    a, b = Bag("a"), Bag("b")
    a.items.append(1)
    assert b.items == []
    assert Bag("c", [5]).items == [5]


def test_equality_is_by_fields_and_class() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2)
    assert Point(1, 2) != Labelled(1, 2)  # another class is never equal, as with dataclasses
    assert Bag("a") == Bag("a")


def test_hash_frozen_only() -> None:
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    with pytest.raises(TypeError):
        hash(Bag("a"))


def test_order() -> None:
    assert sorted([Point(2, 0), Point(1, 5), Point(1, 2)]) == [Point(1, 2), Point(1, 5), Point(2, 0)]
    assert Point(1) <= Point(1) < Point(2) and Point(3) > Point(2) >= Point(2)
    with pytest.raises(TypeError):
        _ = Point(1) < Labelled(2)
    with pytest.raises(TypeError):
        _ = Bag("a") < Bag("b")  # type: ignore[operator]


def test_frozen_refuses_assignment() -> None:
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del p.x  # type: ignore[misc]
    bag = Bag("a")
    bag.name = "b"
    assert bag.name == "b"


def test_slots_no_dict() -> None:
    assert not hasattr(Point(1), "__dict__")
    with pytest.raises(AttributeError):
        Bag("a").other = 1  # type: ignore[attr-defined]
    assert Labelled.__slots__ == ("label",)


def test_repr() -> None:
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert repr(Boxed("v")) == "Boxed(value='v', label='')"
    assert repr(Labelled(1)) == "Labelled(x=1, y=0, label='?')"


def test_inheritance_and_generic() -> None:
    assert Labelled(1, 2, "a").label == "a"
    assert isinstance(Labelled(1), Point)
    assert Boxed[int](3).value == 3
    assert Labelled.__match_args__ == ("x", "y", "label")


def test_replace() -> None:
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    assert replace(Labelled(1), label="b") == Labelled(1, 0, "b")
    with pytest.raises(TypeError, match="no field 'z'"):
        replace(Point(1), z=1)


def test_pickle_and_copy_round_trip() -> None:
    span = Span("a.yml", 1, 2, 1, 5)
    values = [Point(1, 2), Labelled(1, 2, "x"), Bag("a", [1]), span,
              Setting("k", 25, "25", span), Finding("SMTP101", "n", Severity.ERROR, "m", span, (span,)),
              Omitted(span, "m", Severity.WARNING, 3)]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value


def test_field_order_is_checked() -> None:
    with pytest.raises(TypeError, match="without a default"):
        @record
        class Bad:
            a: int = 0
            b: int  # type: ignore[misc]


def test_model_subclass_keeps_base_semantics() -> None:
    span = Span.point("a.yml", 3)
    assert Omitted(span, "m", Severity.ERROR, 2) != Diagnostic(span, "m", Severity.ERROR)
    assert Omitted(span, "m").count == 0
