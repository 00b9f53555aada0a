"""Slotted record classes, like ``@dataclass(slots=True)``, at a fraction of its start-up cost.

Why not :mod:`dataclasses`: importing it pulls in :mod:`inspect` (with :mod:`ast`, :mod:`dis` and
:mod:`tokenize`), and every decorated class compiles six to ten small functions with ``exec`` and is then
built a second time to add ``__slots__``. Over the ~40 classes a lint run needs, that came to 20-30 ms of a
~110 ms pre-commit run (bench/, issue 8). Here the class is built once with its slots, ``__init__`` is
the only compiled function (instances are made by the hundred thousand on a monorepo, so it must be as
fast as the dataclass one) and is compiled when the first instance is made, and equality, hashing,
ordering and ``repr`` share one C-level field getter.

Only what smtplint uses is supported: fields with plain defaults or ``field(default_factory=...)``,
``frozen``, ``order``, single inheritance from another record, ``typing.Generic``. Semantics follow
dataclasses: ``==`` and ordering compare field tuples of the same class only, frozen records hash their
fields and others are unhashable, a frozen record refuses assignment with :class:`FrozenInstanceError`.
mypy reads the decorator through :func:`typing.dataclass_transform`.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_C = TypeVar("_C", bound=type)
_R = TypeVar("_R")
_T = TypeVar("_T")

_FIELDS = "__record_fields__"
_NO_DEFAULT = object()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class _Factory:
    """A field default made by calling ``factory`` for each new record (``field(default_factory=list)``)."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A field whose default is ``default_factory()``, made anew for every record."""
    return _Factory(default_factory)  # type: ignore[return-value]  # a marker read by record(), as in dataclasses


def _own_fields(namespace: dict[str, Any]) -> list[tuple[str, Any]]:
    """(name, default) of the fields a class body declares, in order (``ClassVar`` annotations are not fields)."""
    out = []
    for name, annotation in namespace.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        if text.startswith(("ClassVar", "typing.ClassVar")):
            continue
        out.append((name, namespace.get(name, _NO_DEFAULT)))
    return out


def _make_init(cls_name: str, fields: list[tuple[str, Any]], frozen: bool) -> Callable[..., None]:
    """``__init__`` compiled once per class: positional-or-keyword parameters, defaults, factories."""
    globals_: dict[str, Any] = {"__builtins__": {}, "_setattr": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    for index, (name, default) in enumerate(fields):
        value = name
        if default is _NO_DEFAULT:
            params.append(name)
        elif isinstance(default, _Factory):
            globals_[f"_factory{index}"] = default.factory
            globals_["_FACTORY"] = _Factory
            params.append(f"{name}=_FACTORY")
            value = f"_factory{index}() if {name} is _FACTORY else {name}"
        else:
            globals_[f"_default{index}"] = default
            params.append(f"{name}=_default{index}")
        body.append(f"_setattr(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    source = f"def __init__(self, {', '.join(params)}):\n    " + ("\n    ".join(body) or "pass") + "\n"
    exec(source, globals_)  # names and defaults come from class bodies, never from input
    init: Callable[..., None] = globals_["__init__"]
    init.__qualname__ = f"{cls_name}.__init__"
    return init


def _check_order(cls_name: str, fields: list[tuple[str, Any]]) -> None:
    """A field without a default may not follow one with a default (checked when the class is made)."""
    seen_default = False
    for name, default in fields:
        if default is _NO_DEFAULT and seen_default:
            raise TypeError(f"{cls_name}: field {name!r} without a default follows a field with one")
        seen_default = seen_default or default is not _NO_DEFAULT


def _lazy_init(cls_name: str, fields: list[tuple[str, Any]], frozen: bool, owner: list[type]) -> Callable[..., None]:
    """An ``__init__`` that compiles the real one (:func:`_make_init`) on the first instance and puts it on the
    class: a run compiles only the records it makes (a YAML-only run never makes a DNS record)."""
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = _make_init(cls_name, fields, frozen)
        type.__setattr__(owner[0], "__init__", real)
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls_name}.__init__"
    return __init__


def _methods(names: tuple[str, ...], frozen: bool, order: bool) -> dict[str, Any]:
    """``__eq__``, ``__hash__``, ``__repr__``, ``__reduce__`` (and ordering, frozen guards) over ``names``."""
    key: Callable[[Any], tuple[Any, ...]]
    if len(names) > 1:
        key = attrgetter(*names)  # one C call gives the tuple of field values
    elif names:
        single = attrgetter(names[0])

        def key(obj: Any) -> tuple[Any, ...]:
            return (single(obj),)
    else:
        def key(obj: Any) -> tuple[Any, ...]:
            return ()

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __repr__(self: Any) -> str:
        values = key(self)
        return f"{type(self).__qualname__}({', '.join(f'{n}={v!r}' for n, v in zip(names, values, strict=True))})"

    def __reduce__(self: Any) -> tuple[Any, ...]:  # pickling (the process pool): rebuild through __init__
        return (self.__class__, tuple(key(self)))

    out: dict[str, Any] = {"__eq__": __eq__, "__repr__": __repr__, "__reduce__": __reduce__,
                           "__hash__": (lambda self: hash(key(self))) if frozen else None}
    if order:
        def compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
            def method(self: Any, other: Any) -> Any:
                if other.__class__ is self.__class__:
                    return op(key(self), key(other))
                return NotImplemented
            return method
        out.update(__lt__=compare(lambda a, b: a < b), __le__=compare(lambda a, b: a <= b),
                   __gt__=compare(lambda a, b: a > b), __ge__=compare(lambda a, b: a >= b))
    if frozen:
        def __setattr__(self: Any, name: str, value: Any) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self: Any, name: str) -> None:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        out.update(__setattr__=__setattr__, __delattr__=__delattr__)
    return out


@overload
def record(cls: _C, /) -> _C: ...
@overload
def record(*, frozen: bool = False, order: bool = False) -> Callable[[_C], _C]: ...


@dataclass_transform(field_specifiers=(field,))
def record(cls: _C | None = None, /, *, frozen: bool = False, order: bool = False) -> _C | Callable[[_C], _C]:
    """Make ``cls`` a slotted record: ``@record``, ``@record(frozen=True)``, ``@record(frozen=True, order=True)``."""
    def build(cls: _C) -> _C:
        namespace = dict(cls.__dict__)
        own = _own_fields(namespace)
        inherited: list[tuple[str, Any]] = []
        for base in reversed(cls.__mro__[1:]):
            inherited += getattr(base, _FIELDS, [])
        own_names = {name for name, _ in own}
        fields = [f for f in inherited if f[0] not in own_names] + own
        names = tuple(name for name, _ in fields)
        for name, _ in own:
            namespace.pop(name, None)  # a class attribute would clash with the slot of the same name
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        namespace["__slots__"] = tuple(name for name, _ in own if name not in
                                       {n for base in cls.__mro__[1:] for n in getattr(base, "__slots__", ())})
        namespace[_FIELDS] = fields
        namespace["__match_args__"] = names
        _check_order(cls.__qualname__, fields)
        owner: list[type] = []
        namespace["__init__"] = _lazy_init(cls.__qualname__, fields, frozen, owner)
        namespace.update(_methods(names, frozen, order))
        new: _C = type(cls)(cls.__name__, cls.__bases__, namespace)
        new.__qualname__ = cls.__qualname__
        owner.append(new)
        return new

    return build if cls is None else build(cls)


def replace(obj: _R, /, **changes: Any) -> _R:
    """A copy of the record ``obj`` with some fields changed (as :func:`dataclasses.replace`)."""
    names = [name for name, _ in getattr(obj, _FIELDS)]
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    return obj.__class__(*[changes[n] if n in changes else getattr(obj, n) for n in names])

