"""YAML text to ruamel.yaml nodes, for :mod:`smtplint.parsers.yaml_`: the loaders, node tests, spans, and the
diagnostics of loading (syntax errors, duplicate keys).

* :class:`Source` holds one file's text and lines: it composes every document, with ruamel.yaml's C loader
  (libyaml) when the text reads alike in both loaders (:func:`c_loader_reads_alike`) and with the pure loader
  otherwise or after any error; the pure loader words every syntax error reported. It gives the spans of
  nodes and entries and reports duplicate keys.
* The C loader class is built once (:func:`c_loader_class`); :func:`flow_depth` refuses flow nesting that
  ruamel.yaml would compose recursively or slowly.
* Node tests: the node classes are imported by :func:`load_node_classes` when the first file is composed, so
  that importing smtplint never imports ruamel.yaml; hot loops test ``type(node) is yaml_load.SCALAR``.

Only nodes are composed: no Python object is ever constructed from the file, so tags, anchors and aliases
cannot execute anything.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from typing import Any

from smtplint.i18n import N_, _
from smtplint.model import Diagnostic, Document, Severity, Span
from smtplint.parsers import templates, yaml_prune
from smtplint.patterns import lazy

MAX_DEPTH = 100  # deeper structures are not searched
TEMPLATE_SKIP = N_("template: not valid YAML before rendering")
STD_TAG = "tag:yaml.org,2002:"
MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_LINE_BREAK = lazy(r"\r\n|[\r\n\x85\u2028\u2029]")

Node = Any  # a ruamel.yaml node (ScalarNode, MappingNode, SequenceNode); ruamel ships no type hints


# --------------------------------------------------------------------------------------------------------
# Node tests


class _NotLoaded:
    """Stands for the ruamel.yaml node classes until :func:`load_node_classes` has imported them."""


# The ruamel.yaml node classes and the tag object both loaders give every str scalar that matches no
# implicit resolver (``BaseResolver.DEFAULT_SCALAR_TAG``, shared), set by load_node_classes() before any
# node exists. Hot loops test ``type(node) is SCALAR``: ruamel.yaml is imported only when a file is read.
SCALAR: Any = _NotLoaded
MAPPING: Any = _NotLoaded
SEQUENCE: Any = _NotLoaded
STR_TAG: object = _NotLoaded()
_STR_TAG_TEXT = STD_TAG + "str"
# An unquoted template expression where a YAML value or sequence item starts (``key: {{ x }}``, ``- {{ x }}``)
_UNQUOTED_EXPRESSION = lazy(r"(?:^|:[ \t]|^[ \t]*-[ \t])[ \t]*(?:\{\{|\{%|<%)", re.M)
_KINDS = {"ScalarNode": "scalar", "MappingNode": "mapping", "SequenceNode": "sequence"}


def load_node_classes() -> None:
    """Import ruamel.yaml's node classes for the ``type(node) is SCALAR`` tests (once)."""
    global SCALAR, MAPPING, SEQUENCE, STR_TAG  # noqa: PLW0603  # set once, read in every hot loop
    if SCALAR is _NotLoaded:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import BaseResolver

        MAPPING, SEQUENCE, STR_TAG = MappingNode, SequenceNode, BaseResolver.DEFAULT_SCALAR_TAG
        SCALAR = ScalarNode  # last: the others are set when it is


def node_kind(node: Node) -> str:
    """'scalar', 'mapping' or 'sequence' (by ruamel node class name)."""
    return _KINDS.get(type(node).__name__, "other")


def mapping_entry(node: Node | None, key: str) -> tuple[Node, Node] | None:
    """The (key node, value node) of ``key`` in a mapping node (the last one when repeated); None when absent
    or when ``node`` is not a mapping."""
    if node is None or node_kind(node) != "mapping":
        return None
    found = None
    for k, v in node.value:
        if node_kind(k) == "scalar" and str(k.value) == key:
            found = (k, v)
    return found


def mapping_get(node: Node | None, key: str) -> Node | None:
    """The value node of ``key`` in a mapping node (see :func:`mapping_entry`)."""
    entry = mapping_entry(node, key)
    return None if entry is None else entry[1]


def node_tag(node: Node) -> str:
    """The node's resolved tag as text."""
    ctag = node.ctag
    if ctag is STR_TAG:  # most scalars: skip Tag.__str__
        return _STR_TAG_TEXT
    return str(ctag) if ctag is not None else ""


def is_null(node: Node | None) -> bool:
    """True for an absent value or a plain null scalar (``key:``, ``~``, ``null``)."""
    if node is None:
        return True
    return (type(node) is SCALAR and not node.style and node.value in _NULL_WORDS
            and not custom_tag(node))


def custom_tag(node: Node) -> bool:
    """True for an application tag such as ``!ENV`` or ``!env_var`` (its value is resolved at run time)."""
    tag = node_tag(node)
    return bool(tag) and not tag.startswith(STD_TAG) and tag not in ("?", "!")


def is_merge_key(node: Node) -> bool:
    """True for the ``<<`` merge key."""
    if type(node) is not SCALAR:
        return False
    if node.value == "<<" and not node.style:
        return True
    return node.ctag is not STR_TAG and node_tag(node) == MERGE_TAG


# --------------------------------------------------------------------------------------------------------
# One file


class Source:
    """One YAML file being read: its text and lines, the documents composed from it, the spans of nodes."""

    def __init__(self, path: str, text: str, document: Document, *, prune: bool = False) -> None:
        self.path = path  # the display path of every span
        self.original = text
        # template lines ({% if %}, {{- include }}) become comments of the same length (parsers/templates.py)
        pruned = yaml_prune.prune(text) if prune else text  # a large file: only the blocks that mention mail
        self.text = templates.mask_lines(pruned)
        self.templated = self.text is not pruned
        self.doc = document  # receives the diagnostics of loading
        self.lines = _split_lines(text)

    # -- loading ------------------------------------------------------------------------------------------

    def load(self, read: Callable[[Node], None], *, c_loader: bool) -> None:
        """Compose every document and pass its root to ``read``, in order; syntax errors become diagnostics.

        ``c_loader``: the C loader may compose the text (it is installed and the text reads alike in both
        loaders, see :func:`c_loader_reads_alike`).
        """
        load_node_classes()
        if self.templated and _UNQUOTED_EXPRESSION.search(self.text):
            # a Helm/Go template: ``key: {{ x }}`` is not the YAML it becomes after rendering
            self.doc.skipped = _(TEMPLATE_SKIP)
            return
        if c_loader and self.load_c(read):
            return
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        # 'safe' composes the same nodes with the same marks as 'rt', a quarter faster: it does not collect
        # comments. The pure loader is the reference: every syntax error is reported from it.
        yaml = YAML(typ="safe", pure=True)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for root in yaml.compose_all(io.StringIO(self.text)):
                    if root is not None:
                        read(root)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            if mark is None or (exc.context_mark is not None and self.past_end(mark)):
                mark = exc.context_mark  # "but got '<stream end>'": point where the open construct began
            self.syntax_error(str(exc.problem or exc.context or "syntax error"), mark)
        except YAMLError as exc:
            self.syntax_error(type(exc).__name__, None)

    def load_c(self, read: Callable[[Node], None]) -> bool:
        """Compose with ruamel.yaml's C loader (libyaml), about 4x faster, and read the documents.

        False, with nothing read, when the C loader met any error: the pure loader then reads the file again
        and reports it exactly as before (libyaml words its errors differently). Only called for texts where
        both loaders compose the same nodes with the same marks (see :func:`c_loader_reads_alike`).
        """
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                loader = c_loader_class()(self.text)
                roots = []
                while loader.check_node():
                    root = loader.get_node()
                    if root is not None:
                        roots.append(root)
        except Exception:  # YAMLError, or anything else from the extension: the pure loader decides
            return False
        for root in roots:
            read(root)
        return True

    def last_line(self) -> int:
        """The 0-based index of the last non-blank line."""
        return max((i for i, line in enumerate(self.lines) if line.strip()), default=0)

    def past_end(self, mark: Any) -> bool:
        """True when a mark is after the last non-blank line (the end of the stream)."""
        return int(mark.line) > self.last_line()

    def syntax_error(self, problem: str, mark: Any) -> None:
        """Report a syntax error, or skip the file when it is an unrendered template.

        A file is a template when the error is at or next to template syntax (or the file has template
        lines); an invalid file without template syntax near the error is a syntax error.
        """
        line = int(mark.line) + 1 if mark is not None else 1
        column = int(mark.column) + 1 if mark is not None else 1
        if self.templated or templates.touches_template(self.original, line):
            self.doc.skipped = _(TEMPLATE_SKIP)
            self.doc.endpoints.clear()
            self.doc.diagnostics.clear()
            return
        if mark is not None and self.past_end(mark):  # at the end of the stream: the last written line
            last = self.last_line()
            line, column = last + 1, len(self.lines[last].rstrip()) + 1
        problem = " ".join(problem.split())
        self.doc.diagnostics.append(Diagnostic(
            Span.point(self.path, line, column), _("YAML syntax error: {error}").format(error=problem),
            Severity.ERROR))

    # -- duplicate keys -----------------------------------------------------------------------------------

    def check_duplicates(self, root: Node) -> None:
        """SMTP001 warnings for duplicate keys in any mapping of a document (the last value wins)."""
        scalar, mapping, sequence = SCALAR, MAPPING, SEQUENCE
        stack: list[tuple[Node, int]] = [(root, 0)]
        seen: set[int] = set()
        found: list[Diagnostic] = []
        while stack:
            node, depth = stack.pop()
            if id(node) in seen or depth > MAX_DEPTH:
                continue
            seen.add(id(node))
            kind = type(node)
            if kind is sequence:
                stack.extend((item, depth + 1) for item in node.value if type(item) is not scalar)
            elif kind is mapping:
                pairs = node.value
                stack.extend((value, depth + 1) for _key, value in pairs if type(value) is not scalar)
                names = [key.value for key, _value in pairs if type(key) is scalar]
                if len(set(names)) < len(names):  # rare: the exact pass (merge keys are no duplicates)
                    self.mapping_duplicates(pairs, found)
        self.doc.diagnostics.extend(sorted(found, key=lambda d: d.span))

    def mapping_duplicates(self, pairs: list[tuple[Node, Node]], found: list[Diagnostic]) -> None:
        """The duplicate keys of one mapping node's (key, value) pairs."""
        first: dict[str, int] = {}
        for key, value in pairs:
            if type(key) is not SCALAR or is_merge_key(key):
                continue
            name = str(key.value)
            if name in first:
                shown = name if len(name) <= 60 else name[:59] + "…"
                found.append(Diagnostic(
                    self.entry_span(key, value),
                    _("Duplicate key '{key}' (first defined on line {line}); the last value wins.").format(
                        key=shown, line=first[name]), Severity.WARNING))
            else:
                first[name] = int(key.start_mark.line) + 1

    # -- spans --------------------------------------------------------------------------------------------

    def _end(self, mark: Any, start_line: int, start_col: int) -> tuple[int, int]:
        """A node's end as a 1-based (line, exclusive column), trailing whitespace and blank lines trimmed."""
        line, col = int(mark.line), int(mark.column)
        if line >= len(self.lines):
            line = len(self.lines) - 1
            col = len(self.lines[line])
        moved = False
        while True:
            stripped = self.lines[line][:col].rstrip()
            if moved:  # a whole line before the end mark: drop a trailing comment or a comment line
                stripped = "" if stripped.lstrip().startswith("#") else re.sub(r"\s#.*$", "", stripped).rstrip()
            if line <= start_line:
                return start_line + 1, max(len(stripped), start_col + 1) + 1
            if stripped:
                return line + 1, len(stripped) + 1
            line -= 1
            col = len(self.lines[line])
            moved = True

    def node_span(self, node: Node) -> Span:
        """The span of a node."""
        sl, sc = int(node.start_mark.line), int(node.start_mark.column)
        el, ec = self._end(node.end_mark, sl, sc)
        return Span(self.path, sl + 1, sc + 1, el, ec)

    def entry_span(self, key: Node, value: Node | None) -> Span:
        """The span of a ``key: value`` entry: from the key's first character to the value's end."""
        sl, sc = int(key.start_mark.line), int(key.start_mark.column)
        if value is None or is_null(value) or int(value.start_mark.index) < int(key.end_mark.index):
            # no value text, or an alias to a node written elsewhere: up to the end of the key's line
            line = self.lines[sl] if sl < len(self.lines) else ""
            rest = line[int(key.end_mark.column):] if int(key.end_mark.line) == sl else ""
            cut = re.sub(r"\s#.*$", "", rest).rstrip()
            end_col = (int(key.end_mark.column) if int(key.end_mark.line) == sl else len(line)) + len(cut)
            return Span(self.path, sl + 1, sc + 1, sl + 1, max(end_col, sc + 1) + 1)
        el, ec = self._end(value.end_mark, sl, sc)
        return Span(self.path, sl + 1, sc + 1, el, ec)


def _split_lines(text: str) -> list[str]:
    """``_LINE_BREAK.split(text)``; a fifth of its time on text with only ``\\n`` line breaks."""
    if "\r" not in text and (text.isascii() or not any(ch in text for ch in "\x85\u2028\u2029")):
        return text.split("\n")
    return _LINE_BREAK.split(text)


# --------------------------------------------------------------------------------------------------------
# Which loader, and what they can read


_BLOCK_PREFIX = lazy(r"^ *(?:[-?:] +)*", re.MULTILINE)  # indentation and block indicators of a line
_C_MAX_PREFIX = 60  # block nesting <= 2 * (prefix + 1): far below the pure loader's recursion limit
_C_UNSAFE = lazy(r"[\t\x85\u2028\u2029]|^%", re.MULTILINE)
_LONG_PREFIX = lazy(rf"^[ ?:-]{{{_C_MAX_PREFIX + 1}}}", re.MULTILINE)  # needed for a longer prefix
_C_LOADER_CLASS: list[Any] = []


def c_loader_installed() -> bool:
    """True when ruamel.yaml.clib's C loader is importable."""
    from ruamel.yaml import main as ruamel_main  # sets CParser to None when ruamel.yaml.clib is absent

    return getattr(ruamel_main, "CParser", None) is not None


def c_loader_reads_alike(text: str) -> bool:
    """True when the C loader composes ``text`` as the pure loader does: the text avoids what libyaml (YAML
    1.1) reads differently from the pure loader (YAML 1.2) or cannot read safely.

    Excluded: tabs (libyaml accepts some the pure loader rejects), NEL/LS/PS characters (line breaks in YAML
    1.1 only), directives (``%YAML 1.1`` changes resolution) and deep block nesting (the C composer recurses
    in C and can overflow the stack; the pure loader raises RecursionError, reported as too deep).
    Everything else was checked node by node (kind, tag, value, style, start and end marks) on the
    fixtures, the corpus and the benchmark tree. Anchors are not recorded and an empty value's marks differ;
    neither is read here.
    """
    if "\t" in text or text.startswith("%") or "\n%" in text:  # _C_UNSAFE, quicker
        return False
    if not text.isascii() and _C_UNSAFE.search(text):
        return False
    if _LONG_PREFIX.search(text) is None:  # no line starts with more than _C_MAX_PREFIX prefix characters
        return True
    return max(map(len, _BLOCK_PREFIX.findall(text)), default=0) <= _C_MAX_PREFIX


def c_loader_class() -> Any:
    """A composer on ruamel.yaml.clib's CParser that resolves tags exactly as ``YAML(typ="safe")`` does for
    a YAML 1.2 document, built once.

    ``YAML(typ="safe").compose_all`` costs a third more: each call makes a YAML instance (which globs for
    plugins), a loader class and a resolver whose implicit-tag table is built again for every file, and its
    resolver looks the document's version up for every node (two caught AttributeErrors each with the C
    parser). The C loader only reads texts without directives (:func:`c_loader_reads_alike`), so the version
    is always 1.2; path resolvers are never registered. Resolved tags are shared Tag objects (nodes never
    change them).
    """
    if not _C_LOADER_CLASS:
        from ruamel.yaml import main as ruamel_main
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
        from ruamel.yaml.tag import Tag

        table: dict[Any, list[tuple[Any, Any]]] = {}
        for versions, tag, regexp, first in implicit_resolvers:  # as VersionedResolver.versioned_resolver
            if (1, 2) in versions:
                if first is None:  # a resolver for every first character: resolve() below would miss it
                    raise RuntimeError("unexpected ruamel.yaml implicit resolver without first characters")
                for ch in first:
                    bucket, resolved = table.setdefault(ch, []), Tag(suffix=tag)
                    bucket.append((resolved, _compiled_on_use(bucket, len(bucket), resolved, regexp)))
        defaults = {ScalarNode: BaseResolver.DEFAULT_SCALAR_TAG, SequenceNode: BaseResolver.DEFAULT_SEQUENCE_TAG,
                    MappingNode: BaseResolver.DEFAULT_MAPPING_TAG}
        no_resolvers: tuple[tuple[Any, Any], ...] = ()

        class CComposer(ruamel_main.CParser):  # type: ignore[misc,name-defined]  # a Cython class
            """CParser with the resolver calls its composer makes (resolve, descend/ascend_resolver)."""

            def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
                """VersionedResolver.resolve for version 1.2 without path resolvers."""
                if kind is ScalarNode and implicit[0]:
                    for tag, match in table.get(value[:1], no_resolvers):
                        if match(value):
                            return tag
                return defaults[kind]

            # Called around every node; path resolvers are not used. C callables that accept the same
            # arguments and do nothing save a Python frame per node: {}.get(parent, index) and tuple().
            descend_resolver: Any = {}.get
            ascend_resolver: Any = tuple

        _C_LOADER_CLASS.append(CComposer)
    return _C_LOADER_CLASS[0]


def _compiled_on_use(bucket: list[tuple[Any, Any]], index: int, tag: Any, regexp: Any) -> Callable[[str], Any]:
    """A resolver's ``match`` that compiles ruamel.yaml's lazy pattern at its first call and puts the compiled
    ``match`` in its place (``bucket[index]``): a file of strings and ports compiles two of the eight."""
    def match(value: str) -> Any:
        compiled = regexp.lazy_self().match
        bucket[index] = (tag, compiled)
        return compiled(value)
    return match


_FLOW_CHARS = lazy(r"[\[\]{},]")
# ruamel.yaml's scanner spends time in proportion to the flow nesting depth at each token: lines of 99-deep
# ``[[[...]]]`` cost 15 times more per byte than plain YAML. Past this sum of depths the file is refused.
MAX_FLOW_COST = 3_000_000


def flow_depth(text: str) -> int:
    """A cheap upper estimate of the flow-collection nesting (``[[[...``), comments ignored; more than
    MAX_DEPTH also when the depth summed over the flow tokens exceeds MAX_FLOW_COST (bounded time)."""
    depth = deepest = cost = 0
    for line in text.splitlines():
        if not depth and "[" not in line and "{" not in line:
            continue
        for m in _FLOW_CHARS.finditer(re.sub(r"(^|\s)#.*$", "", line)):
            ch = m.group()
            if ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in "]}" and depth:
                depth -= 1
            cost += depth
        if cost > MAX_FLOW_COST:
            return MAX_DEPTH + 1
    return deepest
