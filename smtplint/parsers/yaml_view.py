"""The *view* of a YAML mapping node that :mod:`smtplint.parsers.yaml_`'s shape recognisers read.

A view (:data:`VMap`) is a dict from normalised key segment (:func:`norm`) to :class:`VEntry`, where dotted
and bracketed keys (``spring.mail.host: x``, ``"[mail.smtp.auth]"``) are split into nested *virtual*
entries and merge keys (``<<:``) are applied, so that every spelling of a path looks the same. Views are
built once per mapping node (a memo by node id), so aliases share them and a recursive alias sees the view
being built instead of looping.
"""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.parsers import yaml_load
from smtplint.parsers.yaml_load import MAX_DEPTH, MERGE_TAG, Node, node_tag


class VEntry:
    """One key of the view. ``virtual`` entries are the prefix segments of a dotted key."""

    __slots__ = ("key", "seg", "sub", "value", "virtual", "written")

    seg: str  # this segment as written
    written: str  # the whole key text of the node it came from
    key: Node  # the key node
    value: Node | None  # the value node (None for a virtual prefix)
    sub: VMap | None  # the mapping below (the value's view, or the rest of a dotted key)
    virtual: bool

    def __init__(self, seg: str, written: str, key: Node, value: Node | None, sub: VMap | None,
                 virtual: bool = False) -> None:
        self.seg = seg  # one assignment each: a third quicker than unpacking a tuple
        self.written = written
        self.key = key
        self.value = value
        self.sub = sub
        self.virtual = virtual


VMap = dict[str, VEntry]


def view(node: Node, depth: int, memo: dict[int, VMap]) -> VMap:
    """The view of a mapping node: dotted keys split, merge keys applied, the last duplicate wins.

    ``memo`` holds the views built so far for one document, by node id; ``depth`` counts the mappings
    above (views deeper than MAX_DEPTH are empty).
    """
    known = memo.get(id(node))
    if known is not None:
        return known
    result: VMap = {}
    memo[id(node)] = result  # a recursive alias sees the (partial) view, never loops
    if depth > MAX_DEPTH:
        return result
    scalar, mapping, str_tag = yaml_load.SCALAR, yaml_load.MAPPING, yaml_load.STR_TAG
    merges: list[Node] = []
    keys: list[tuple[Node, Node]] = []
    for pair in node.value:
        key = pair[0]
        if type(key) is not scalar:
            continue
        if (key.value == "<<" and not key.style) or (key.ctag is not str_tag and node_tag(key) == MERGE_TAG):
            merges.append(pair[1])  # yaml_load.is_merge_key, inlined
        else:
            keys.append(pair)
    for value in merges:
        sources = [value] if type(value) is mapping else (
            [v for v in value.value if type(v) is mapping] if type(value) is yaml_load.SEQUENCE else [])
        for source in reversed(sources):  # the first source listed wins
            _merge(result, view(source, depth + 1, memo), deep=False)
    for key, value in keys:
        written = key.value  # a scalar's value is a str
        if "." in written or "[" in written or "]" in written:
            _dotted_entry(result, written, key, value, depth, memo)
            continue
        seg = written.strip()
        if not seg:
            continue
        sub = view(value, depth + 1, memo) if type(value) is mapping else None
        entry = VEntry(seg, written, key, value, sub)
        name = norm(seg)
        old = result.get(name)
        if old is not None and old.virtual and old.sub is not None and type(value) is mapping:
            _merge(result, {name: entry}, deep=True)  # a written mapping joins a dotted prefix
        else:
            result[name] = entry
    return result


def _dotted_entry(result: VMap, written: str, key: Node, value: Node, depth: int, memo: dict[int, VMap]) -> None:
    """Add a dotted or bracketed key (``a.b.c: x``) to a view as nested (virtual) entries."""
    segs = _split_key(written)
    if not segs:
        return
    sub = view(value, depth + 1, memo) if type(value) is yaml_load.MAPPING else None
    entry = VEntry(segs[-1].strip(), written, key, value, sub)
    for seg in reversed(segs[:-1]):
        entry = VEntry(seg.strip(), written, key, None, {norm(entry.seg): entry}, virtual=True)
    _merge(result, {norm(entry.seg): entry}, deep=True)


def _split_key(key: str) -> list[str]:
    """Dotted and bracketed key spellings as path segments: ``a.b``, ``[a.b]``, ``a[b.c]`` -> a, b(, c)."""
    return [p for p in key.replace("[", ".").replace("]", "").split(".") if p.strip()]


def norm(seg: str) -> str:
    """:func:`shapes.norm` (lower case, without ``_-/.``, space and tab) in C calls, three times faster than its
    generator over the characters (str.translate is slower still): the key of a segment in a view."""
    return seg.lower().replace("_", "").replace("-", "").replace("/", "").replace(".", "").replace(
        " ", "").replace("\t", "")


def _merge(into: VMap, new: VMap, *, deep: bool) -> None:
    """Add ``new`` to ``into``: the later wins; dotted prefixes merge with existing mappings."""
    for name, entry in new.items():
        old = into.get(name)
        if deep and old is not None and old.sub is not None and entry.sub is not None and (
                old.virtual or entry.virtual):
            merged: VMap = dict(old.sub)
            _merge(merged, entry.sub, deep=True)
            base = old if entry.virtual else entry
            # a dotted key merged with a written mapping: the entry's span becomes the union of its leaves
            into[name] = VEntry(base.seg, base.written, base.key, None, merged, virtual=True)
        else:
            into[name] = entry


def leaves(entry: VEntry) -> Iterator[VEntry]:
    """The written (non-virtual) entries at or below a view entry, without descending into them."""
    stack = [entry]
    seen: set[int] = set()
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if not e.virtual:
            yield e
        elif e.sub is not None:
            stack.extend(e.sub.values())
