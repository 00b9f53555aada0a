"""YAML input: generic smtp/mail blocks, Spring Boot ``spring.mail``, Alertmanager, docker-compose
``environment:`` and Discourse ``env:``, read with exact positions.

ruamel.yaml composes each document to nodes (with line/column marks for every key and value); no Python
object is ever constructed from the file, so tags, anchors and aliases cannot execute anything. The node
tree is turned into a *view* where dotted keys (``spring.mail.host: x``, ``"[mail.smtp.auth]"``) are split
into nested keys and merge keys (``<<:``) are applied, so that every spelling of a path looks the same to
the shape recognisers. Key vocabularies live in :mod:`smtplint.parsers.shapes`.
"""

from __future__ import annotations

import io
import re
import warnings
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from smtplint.i18n import N_, _
from smtplint.model import (
    ClientEndpoint,
    Diagnostic,
    Dialect,
    Document,
    Format,
    Mode,
    Origin,
    Setting,
    Severity,
    Span,
)
from smtplint.parsers import shapes, spring, yaml_apps
from smtplint.parsers.shapes import Concept, norm
from smtplint.parsers.values import Scalar, classify, parse_bool, parse_port, split_host_port
from smtplint.records import field, record

_MAYBE_MAIL = re.compile(r"smtp|mail", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_STD_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_DEPTH = 100  # deeper structures are not searched
TEMPLATE_SKIP = N_("template: not valid YAML before rendering")

Node = Any  # a ruamel.yaml node (ScalarNode, MappingNode, SequenceNode); ruamel ships no type hints


def parse(path: str, text: str) -> Document:
    """Read one YAML file (every document in it) into client endpoints and diagnostics.

    ``path`` is the display path used in every span. Never raises on bad input: syntax errors and
    duplicate keys become SMTP001 diagnostics; a template that is not valid YAML is marked skipped.
    """
    document = Document(path, Format.YAML)
    if not _maybe_mail(text):
        return document
    reader = _Reader(path, text, document)
    try:
        if _flow_depth(text) > MAX_DEPTH:
            raise RecursionError  # ruamel.yaml composes recursively: refuse before it spends seconds
        try:
            reader.run()
        finally:
            reader.memo.clear()  # deferred entries refer to the reader: no reference cycle outlives it
    except RecursionError:
        document.endpoints.clear()
        document.diagnostics.append(Diagnostic(
            Span.point(path, 1), _("YAML nesting is too deep to read; the file was not checked"),
            Severity.WARNING))
    except Exception as exc:  # a loader failure outside its own error classes: report, never crash
        document.endpoints.clear()
        document.diagnostics.append(Diagnostic(
            Span.point(path, 1), _("YAML could not be read ({error})").format(error=type(exc).__name__),
            Severity.ERROR))
    return document


def _maybe_mail(text: str) -> bool:
    """True when ``_MAYBE_MAIL`` matches ``text``; a tenth of its time on ASCII text.

    ``str.lower`` and substring search find the same matches in ASCII text; in other text a miss is asked
    again of the pattern, whose case folding also matches ``ſ`` (long s) and ``İ``/``ı`` (dotted/dotless i).
    Every text where ``lower()`` finds a match, the pattern matches too.
    """
    lower = text.lower()
    if "smtp" in lower or "mail" in lower:
        return True
    return not text.isascii() and _MAYBE_MAIL.search(text) is not None


# --------------------------------------------------------------------------------------------------------
# Node helpers


class _NotLoaded:
    """Stands for the ruamel.yaml node classes until :func:`_load_node_classes` has imported them."""


# The ruamel.yaml node classes and the tag object both loaders give every str scalar that matches no
# implicit resolver (``BaseResolver.DEFAULT_SCALAR_TAG``, shared), set by _load_node_classes() before any
# node exists. Hot loops test ``type(node) is _SCALAR``: ruamel.yaml is imported only when a file is read.
_SCALAR: Any = _NotLoaded
_MAPPING: Any = _NotLoaded
_SEQUENCE: Any = _NotLoaded
_STR_TAG: object = _NotLoaded()
_STR_TAG_TEXT = _STD_TAG + "str"
_KINDS = {"ScalarNode": "scalar", "MappingNode": "mapping", "SequenceNode": "sequence"}


def _load_node_classes() -> None:
    """Import ruamel.yaml's node classes for the ``type(node) is _SCALAR`` tests (once)."""
    global _SCALAR, _MAPPING, _SEQUENCE, _STR_TAG  # noqa: PLW0603  # set once, read in every hot loop
    if _SCALAR is _NotLoaded:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.resolver import BaseResolver

        _MAPPING, _SEQUENCE, _STR_TAG = MappingNode, SequenceNode, BaseResolver.DEFAULT_SCALAR_TAG
        _SCALAR = ScalarNode  # last: the others are set when it is


def _kind(node: Node) -> str:
    """'scalar', 'mapping' or 'sequence' (by ruamel node class name)."""
    return _KINDS.get(type(node).__name__, "other")


def _tag(node: Node) -> str:
    """The node's resolved tag as text."""
    ctag = node.ctag
    if ctag is _STR_TAG:  # most scalars: skip Tag.__str__
        return _STR_TAG_TEXT
    return str(ctag) if ctag is not None else ""


def _is_null(node: Node | None) -> bool:
    """True for an absent value or a plain null scalar (``key:``, ``~``, ``null``)."""
    if node is None:
        return True
    return (type(node) is _SCALAR and not node.style and node.value in _NULL_WORDS
            and not _custom_tag(node))


def _custom_tag(node: Node) -> bool:
    """True for an application tag such as ``!ENV`` or ``!env_var`` (its value is resolved at run time)."""
    tag = _tag(node)
    return bool(tag) and not tag.startswith(_STD_TAG) and tag not in ("?", "!")


def _is_merge_key(node: Node) -> bool:
    """True for the ``<<`` merge key."""
    if type(node) is not _SCALAR:
        return False
    if node.value == "<<" and not node.style:
        return True
    return node.ctag is not _STR_TAG and _tag(node) == _MERGE_TAG


def _split_key(key: str) -> list[str]:
    """Dotted and bracketed key spellings as path segments: ``a.b``, ``[a.b]``, ``a[b.c]`` -> a, b(, c)."""
    return [p for p in key.replace("[", ".").replace("]", "").split(".") if p.strip()]


# --------------------------------------------------------------------------------------------------------
# The view: nested dicts keyed by normalised segment


class VEntry:
    """One key of the view. ``virtual`` entries are the prefix segments of a dotted key."""

    __slots__ = ("key", "pending", "seg", "sub", "value", "virtual", "written")

    seg: str  # this segment as written
    written: str  # the whole key text of the node it came from
    key: Node  # the key node
    value: Node | None  # the value node (None for a virtual prefix)
    sub: VMap | None  # the mapping below (the value's view, or the rest of a dotted key)
    virtual: bool
    pending: tuple[_Reader, int] | None  # a _DeferredEntry whose sub is not built yet: (reader, depth)

    def __init__(self, seg: str, written: str, key: Node, value: Node | None, sub: VMap | None,
                 virtual: bool = False) -> None:
        self.seg, self.written, self.key, self.value, self.sub = seg, written, key, value, sub
        self.virtual = virtual
        self.pending = None


class _DeferredEntry(VEntry):
    """A view entry whose value is a mapping and whose ``sub`` view is built when first read.

    Reading ``sub`` gives exactly what building it at once would have given (see _Reader.view for when
    views are deferred); the walk skips a deferred entry without reading ``sub`` when nothing below it can
    be recognised (_Reader.quiet), which is where the time is saved.
    """

    __slots__ = ()

    def __init__(self, seg: str, written: str, key: Node, value: Node, pending: tuple[_Reader, int]) -> None:
        self.seg, self.written, self.key, self.value = seg, written, key, value
        self.virtual = False
        self.pending = pending  # the ``sub`` slot stays unset until __getattr__ builds it

    def __getattr__(self, name: str) -> Any:
        """Build the ``sub`` view (only reading an unset slot gets here)."""
        if name != "sub" or self.pending is None:
            raise AttributeError(name)
        reader, depth = self.pending
        sub = reader.view(self.value, depth)
        self.sub, self.pending = sub, None
        return sub


VMap = dict[str, VEntry]


@record
class _Vote:
    """One mode key's opinion, in document order."""

    index: int
    mode: Setting[Mode] | None  # None: the value is unknown (a reference)
    certain: bool = True
    opt_out: Setting[str] | None = None
    keyword: Setting[str] | None = None


@record
class _Fields:
    """The endpoint fields a generic block collects."""

    host: Setting[str] | None = None
    port: Setting[int] | None = None
    url_port: Setting[int] | None = None
    username: Setting[str] | None = None
    password: Setting[str] | None = None
    credential_file: Setting[str] | None = None
    auth_disabled: Setting[str] | None = None
    votes: list[_Vote] = field(default_factory=list)
    false_flags: dict[Concept, tuple[int, Setting[str]]] = field(default_factory=dict)
    true_flag: bool = False
    extra: dict[str, Setting[str]] = field(default_factory=dict)


class _Reader:
    """Reads one file: composes each document, then recognises the shapes in it."""

    def __init__(self, path: str, text: str, document: Document) -> None:
        self.path = path
        self.text = text
        self.doc = document
        self.lines = _split_lines(text)
        self.memo: dict[int, VMap] = {}
        self.spring_skipped = 0  # spring.mail blocks without a host (profile overlays)
        self.visited: set[int] = set()
        self.defer = False  # build sub views when read (a tree-shaped document in ASCII text, see view())
        self.tokens: list[int] | None = None  # offsets of possible smtp/mail words and escapes, see quiet()
        self.tokens_read = False

    # -- driving ------------------------------------------------------------------------------------------

    def run(self) -> None:
        """Compose every document and read it; syntax errors become diagnostics."""
        _load_node_classes()
        if _c_loader_fits(self.text) and self.run_c():
            self.spring_profiles()
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
                        self.read_document(root)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            if mark is None or (exc.context_mark is not None and self.past_end(mark)):
                mark = exc.context_mark  # "but got '<stream end>'": point where the open construct began
            self.syntax_error(str(exc.problem or exc.context or "syntax error"), mark)
        except YAMLError as exc:
            self.syntax_error(type(exc).__name__, None)
        self.spring_profiles()

    def run_c(self) -> bool:
        """Compose with ruamel.yaml's C loader (libyaml), about 4x faster, and read the documents.

        False, with nothing read, when the C loader met any error: the pure loader then reads the file again
        and reports it exactly as before (libyaml words its errors differently). Only called for texts where
        both loaders compose the same nodes with the same marks (see :func:`_c_loader_fits`).
        """
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                loader = _c_loader_class()(self.text)
                roots = []
                while loader.check_node():
                    root = loader.get_node()
                    if root is not None:
                        roots.append(root)
        except Exception:  # YAMLError, or anything else from the extension: the pure loader decides
            return False
        for root in roots:
            self.read_document(root)
        return True

    def spring_profiles(self) -> None:
        """Several ``spring.mail`` documents overlay each other (Spring profiles): absent keys are unknown.

        A profile document that sets only ``spring.mail.host`` may inherit ``starttls.enable`` from the
        default document, so the Jakarta Mail defaults are applied only when one document holds spring.mail.
        """
        spring = [e for e in self.doc.endpoints if e.dialect is Dialect.SPRING]
        if len(spring) + self.spring_skipped < 2:
            return
        for ep in spring:
            if ep.mode is not None and ep.mode.origin is Origin.DEFAULT:
                ep.mode = None
            if ep.port is not None and ep.port.origin is Origin.DEFAULT:
                ep.port = None

    def last_line(self) -> int:
        """The 0-based index of the last non-blank line."""
        return max((i for i, line in enumerate(self.lines) if line.strip()), default=0)

    def past_end(self, mark: Any) -> bool:
        """True when a mark is after the last non-blank line (the end of the stream)."""
        return int(mark.line) > self.last_line()

    def syntax_error(self, problem: str, mark: Any) -> None:
        """Report a syntax error, or skip the file when it is an unrendered template."""
        if "{{" in self.text or "{%" in self.text:
            self.doc.skipped = _(TEMPLATE_SKIP)
            self.doc.endpoints.clear()
            self.doc.diagnostics.clear()
            return
        line = int(mark.line) + 1 if mark is not None else 1
        column = int(mark.column) + 1 if mark is not None else 1
        if mark is not None and self.past_end(mark):  # at the end of the stream: the last written line
            last = self.last_line()
            line, column = last + 1, len(self.lines[last].rstrip()) + 1
        problem = " ".join(problem.split())
        self.doc.diagnostics.append(Diagnostic(
            Span.point(self.path, line, column), _("YAML syntax error: {error}").format(error=problem),
            Severity.ERROR))

    def read_document(self, root: Node) -> None:
        """Check duplicate keys, then find the endpoints of one YAML document."""
        self.memo.clear()
        self.visited.clear()
        tree = self.check_duplicates(root)
        self.defer = tree and self.token_offsets() is not None
        kind = _kind(root)
        if kind == "sequence":
            self.walk_sequence(root, 0)
            return
        if kind != "mapping":
            return
        view = self.view(root, 0)
        self.visited.add(id(view))
        skip: set[str] = set()
        if _is_alertmanager_root(view):
            self.alertmanager(view)
            skip |= {"global", "receivers"}
        if _is_compose(view):
            self.compose(view["services"])
            skip.add("services")
        env = view.get("env")
        if env is not None and env.value is not None and _kind(env.value) == "mapping" and any(
                k.upper().startswith(shapes.DISCOURSE_PREFIX) for k in _scalar_keys(env.value)):
            self.env_block(env, hint=Dialect.DISCOURSE, complete=True)
            skip.add("env")
        self.walk(view, 0, skip)

    # -- duplicate keys -----------------------------------------------------------------------------------

    def check_duplicates(self, root: Node) -> bool:
        """SMTP001 warnings for duplicate keys in any mapping (the last value wins).

        True when the document is a tree: no mapping or sequence is reached twice (through an alias) and
        none is deeper than MAX_DEPTH.
        """
        scalar, mapping, sequence = _SCALAR, _MAPPING, _SEQUENCE
        stack: list[tuple[Node, int]] = [(root, 0)]
        seen: set[int] = set()
        found: list[Diagnostic] = []
        tree = True
        while stack:
            node, depth = stack.pop()
            if id(node) in seen or depth > MAX_DEPTH:
                tree = False
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
        return tree

    def token_offsets(self) -> list[int] | None:
        """The sorted offsets of ``smtp``, ``mail`` (any case) and backslashes in the text, kept in
        ``self.tokens``; None when the text is not ASCII or spells one of the words with separators that
        key normalisation or line folding drop (``s_m_t_p``, ``ma\\n  il``)."""
        if not self.tokens_read and self.text.isascii():
            lower = self.text.lower()
            squeezed = lower
            for ch in _TOKEN_SEPARATORS:
                squeezed = squeezed.replace(ch, "")
            if squeezed.count("smtp") == lower.count("smtp") and squeezed.count("mail") == lower.count("mail"):
                offsets: list[int] = []
                for word in ("smtp", "mail", "\\"):
                    at = lower.find(word)
                    while at >= 0:
                        offsets.append(at)
                        at = lower.find(word, at + 1)
                self.tokens = sorted(offsets)
        self.tokens_read = True
        return self.tokens

    def quiet(self, entry: VEntry) -> bool:
        """True when nothing below a deferred entry can be recognised, so the walk may skip it unread.

        Every shape the walk recognises below an entry needs a key whose normalised text holds ``smtp`` or
        ``mail`` (generic blocks, ``spring.mail``, ``framework.mailer``, Alertmanager's ``smtp_*`` globals
        and ``email_configs``) or the value ``smtp`` (Home Assistant): the entry's key and the text of its
        mapping (from the value node's start mark up to its end mark, which for a block mapping is where the
        next key starts) hold neither word nor an escape that could spell one. The entry is in a
        tree-shaped document, so nothing outside that text is reachable below it. Marks count characters
        of the text here: it is ASCII (see token_offsets).
        """
        tokens = self.tokens
        assert tokens is not None
        value: Node = entry.value
        at = bisect_left(tokens, int(value.start_mark.index))
        if at < len(tokens) and tokens[at] < int(value.end_mark.index):
            return False
        name = _norm(entry.written)
        return "smtp" not in name and "mail" not in name

    def mapping_duplicates(self, pairs: list[tuple[Node, Node]], found: list[Diagnostic]) -> None:
        """The duplicate keys of one mapping node's (key, value) pairs."""
        first: dict[str, int] = {}
        for key, value in pairs:
            if type(key) is not _SCALAR or _is_merge_key(key):
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
        if value is None or _is_null(value) or int(value.start_mark.index) < int(key.end_mark.index):
            # no value text, or an alias to a node written elsewhere: up to the end of the key's line
            line = self.lines[sl] if sl < len(self.lines) else ""
            rest = line[int(key.end_mark.column):] if int(key.end_mark.line) == sl else ""
            cut = re.sub(r"\s#.*$", "", rest).rstrip()
            end_col = (int(key.end_mark.column) if int(key.end_mark.line) == sl else len(line)) + len(cut)
            return Span(self.path, sl + 1, sc + 1, sl + 1, max(end_col, sc + 1) + 1)
        el, ec = self._end(value.end_mark, sl, sc)
        return Span(self.path, sl + 1, sc + 1, el, ec)

    def ventry_span(self, entry: VEntry) -> Span:
        """The span of a view entry: the written entry, or for a dotted prefix the union of its leaves."""
        if not entry.virtual:
            return self.entry_span(entry.key, entry.value)
        spans = [self.ventry_span(e) for e in _leaves(entry)]
        if not spans:
            return self.entry_span(entry.key, None)
        first = min(spans, key=lambda s: (s.line, s.column))
        last = max(spans, key=lambda s: (s.end_line, s.end_column))
        return Span(self.path, first.line, first.column, last.end_line, last.end_column)

    # -- the view -----------------------------------------------------------------------------------------

    def view(self, node: Node, depth: int) -> VMap:
        """The view of a mapping node: dotted keys split, merge keys applied, the last duplicate wins."""
        known = self.memo.get(id(node))
        if known is not None:
            return known
        result: VMap = {}
        self.memo[id(node)] = result  # a recursive alias sees the (partial) view, never loops
        if depth > MAX_DEPTH:
            return result
        scalar, mapping, str_tag = _SCALAR, _MAPPING, _STR_TAG
        # In a tree-shaped document each mapping is below one key only and no view is built twice, so a
        # mapping value's view may be built later (when read) and gives the same: see _DeferredEntry.
        defer = self.defer
        merges: list[Node] = []
        keys: list[tuple[Node, Node]] = []
        for pair in node.value:
            key = pair[0]
            if type(key) is not scalar:
                continue
            if (key.value == "<<" and not key.style) or (key.ctag is not str_tag and _tag(key) == _MERGE_TAG):
                merges.append(pair[1])  # _is_merge_key, inlined
            else:
                keys.append(pair)
        for value in merges:
            sources = [value] if type(value) is mapping else (
                [v for v in value.value if type(v) is mapping] if type(value) is _SEQUENCE else [])
            for source in reversed(sources):  # the first source listed wins
                _merge(result, self.view(source, depth + 1), deep=False)
        for key, value in keys:
            written = str(key.value)
            if "." in written or "[" in written or "]" in written:
                self.dotted_entry(result, written, key, value, depth)
                continue
            seg = written.strip()
            if not seg:
                continue
            if type(value) is not mapping:
                entry = VEntry(seg, written, key, value, None)
            elif defer:
                entry = _DeferredEntry(seg, written, key, value, (self, depth + 1))
            else:
                entry = VEntry(seg, written, key, value, self.view(value, depth + 1))
            name = _norm(seg)
            old = result.get(name)
            if old is not None and old.virtual and old.sub is not None and type(value) is mapping:
                _merge(result, {name: entry}, deep=True)  # a written mapping joins a dotted prefix
            else:
                result[name] = entry
        return result

    def dotted_entry(self, result: VMap, written: str, key: Node, value: Node, depth: int) -> None:
        """Add a dotted or bracketed key (``a.b.c: x``) to a view as nested (virtual) entries."""
        segs = _split_key(written)
        if not segs:
            return
        sub = self.view(value, depth + 1) if type(value) is _MAPPING else None
        entry = VEntry(segs[-1].strip(), written, key, value, sub)
        for seg in reversed(segs[:-1]):
            entry = VEntry(seg.strip(), written, key, None, {_norm(entry.seg): entry}, virtual=True)
        _merge(result, {_norm(entry.seg): entry}, deep=True)

    # -- the generic walk ---------------------------------------------------------------------------------

    def walk(self, view: VMap, depth: int, skip: set[str] | None = None) -> None:
        """Find Spring, Alertmanager and generic blocks anywhere below ``view``."""
        if depth > MAX_DEPTH:
            return
        if depth > 0 and _is_alertmanager_nested(view):
            self.alertmanager(view)
            skip = (skip or set()) | {"global", "receivers"}
        for name, entry in list(view.items()):
            if skip and name in skip:
                continue
            if entry.pending is not None and self.quiet(entry):
                continue
            if entry.sub is not None:
                if id(entry.sub) in self.visited:
                    continue
                self.visited.add(id(entry.sub))
                mail = entry.sub.get(shapes.SPRING_MAIL)
                if name == shapes.SPRING_ROOT and mail is not None and mail.sub is not None:
                    self.visited.add(id(mail.sub))
                    self.spring(mail, "spring")
                    self.walk(entry.sub, depth + 1, {shapes.SPRING_MAIL})
                elif name == "framework" and yaml_apps.sub_block(entry.sub, "mailer") is not None:  # Symfony
                    yaml_apps.symfony_mailer(self, entry.sub["mailer"], f"{entry.written}.mailer")
                    self.walk(entry.sub, depth + 1, {"mailer"})
                elif name in shapes.GENERIC_BLOCK_NAMES and _has_block_keys(entry.sub):
                    self.generic(entry)
                else:
                    self.walk(entry.sub, depth + 1)
            elif type(entry.value) is _SEQUENCE:
                self.walk_sequence(entry.value, depth + 1)

    def walk_sequence(self, node: Node, depth: int) -> None:
        """Walk the mappings and sequences inside a sequence node."""
        if depth > MAX_DEPTH or id(node) in self.visited:
            return
        self.visited.add(id(node))
        for item in node.value:
            kind = type(item)
            if kind is _MAPPING:
                view = self.view(item, depth + 1)
                if id(view) not in self.visited and yaml_apps.is_home_assistant_smtp(view):
                    self.visited.add(id(view))
                    yaml_apps.home_assistant(self, view, self.node_span(item))
                if id(view) not in self.visited:
                    self.visited.add(id(view))
                    self.walk(view, depth + 1)
            elif kind is _SEQUENCE:
                self.walk_sequence(item, depth + 1)

    # -- scalar settings ----------------------------------------------------------------------------------

    def scalar(self, node: Node | None) -> tuple[str, Scalar]:
        """The raw text of a value node and its classification (null -> empty literal)."""
        if node is None or _is_null(node):
            return "", Scalar("", Origin.LITERAL)
        if _kind(node) != "scalar":
            return "", Scalar(None, Origin.REFERENCE)
        raw = str(node.value)
        if _custom_tag(node):
            return raw, Scalar(None, Origin.REFERENCE)
        return raw, classify(raw)

    def text_setting(self, key: str, entry: VEntry) -> Setting[str]:
        """A string setting from a view entry (a mapping value, e.g. a secret reference, is unknown)."""
        if entry.sub is not None:
            return Setting(key, None, "", self.ventry_span(entry), Origin.REFERENCE)
        raw, s = self.scalar(entry.value)
        return Setting(key, s.text, raw, self.ventry_span(entry), s.origin)

    def port_setting(self, key: str, entry: VEntry) -> Setting[int]:
        """A port setting from a view entry."""
        raw, s = self.scalar(entry.value)
        return Setting(key, parse_port(s.text), raw, self.ventry_span(entry), s.origin)

    # -- generic blocks -----------------------------------------------------------------------------------

    def generic(self, block: VEntry) -> None:
        """One endpoint from a generic smtp/mail/email/mailer block."""
        assert block.sub is not None
        f = _Fields()
        self.collect(block.sub, "", f)
        port = f.port or f.url_port
        if f.host is None and port is None and not f.votes and f.username is None and f.password is None:
            return
        ep = ClientEndpoint(Dialect.GENERIC_YAML, self.ventry_span(block), host=f.host, port=port,
                            username=f.username, password=f.password, credential_file=f.credential_file,
                            auth_disabled=f.auth_disabled, extra=f.extra)
        _decide_mode(ep, f)
        self.doc.endpoints.append(ep)

    def collect(self, view: VMap, prefix: str, f: _Fields, *, auth_only: bool = False, tls_depth: int = 0) -> None:
        """Read the recognised keys of a generic block (its auth: and TLS-option sub-blocks) into ``f``.

        Inside a TLS-option sub-block (``tls:``, ``stream: {ssl: ...}``; ``tls_depth`` > 0) only the EXTRA
        keys (verification, protocol versions) are read.
        """
        for name, entry in sorted(view.items(), key=lambda kv: _index(kv[1])):
            key = prefix + entry.written
            if entry.sub is not None and not auth_only and name in shapes.TLS_SUBBLOCKS and tls_depth < 3:
                inner = prefix if entry.virtual else prefix + entry.written + "."
                self.collect(entry.sub, inner, f, tls_depth=tls_depth + 1)
                continue
            if tls_depth:
                if entry.sub is None and shapes.GENERIC_KEYS.get(name) is Concept.EXTRA:
                    self.concept(Concept.EXTRA, name, key, entry, f)
                continue
            if entry.sub is not None and name in shapes.AUTH_SUBBLOCKS:
                inner = prefix if entry.virtual else prefix + entry.written + "."
                self.collect(entry.sub, inner, f, auth_only=True)
                continue
            concept = shapes.GENERIC_KEYS.get(name)
            if concept is None:
                if name in shapes.AUTH_SUBBLOCKS and entry.sub is None:
                    self.auth_flag(key, entry, f)
                continue
            if auth_only and concept not in (Concept.USERNAME, Concept.PASSWORD, Concept.CREDENTIAL_FILE):
                continue
            self.concept(concept, name, key, entry, f)

    def auth_flag(self, key: str, entry: VEntry, f: _Fields) -> None:
        """``auth: false`` / ``authentication: none``: an explicit choice not to authenticate."""
        setting = self.text_setting(key, entry)
        if setting.origin is not Origin.REFERENCE and not _is_null(entry.value) and (
                parse_bool(setting.value) is False):
            f.auth_disabled = setting

    def concept(self, concept: Concept, name: str, key: str, entry: VEntry, f: _Fields) -> None:
        """Store one recognised key of a generic block."""
        if concept is Concept.HOST:
            self.host(key, entry, f)
        elif concept is Concept.URL:
            raw, _ = self.scalar(entry.value)
            if "://" in raw:
                self.host(key, entry, f)
        elif concept is Concept.PORT:
            f.port = self.port_setting(key, entry)
        elif concept is Concept.USERNAME:
            if entry.sub is None:
                f.username = self.text_setting(key, entry)
        elif concept is Concept.PASSWORD:
            f.password = self.text_setting(key, entry)
        elif concept is Concept.CREDENTIAL_FILE:
            if not _is_null(entry.value):
                f.credential_file = self.text_setting(key, entry)
        elif concept is Concept.AUTH_METHOD:
            setting = self.text_setting(key, entry)
            if setting.known and setting.value is not None and not _is_null(entry.value) and (
                    parse_bool(setting.value) is False):
                f.auth_disabled = setting
            else:
                f.extra["auth_method"] = setting
        elif concept is Concept.EXTRA:
            f.extra[shapes.EXTRA_NAMES.get(name, name)] = self.text_setting(key, entry)
        elif entry.sub is None:
            self.mode_key(concept, key, entry, f)

    def host(self, key: str, entry: VEntry, f: _Fields) -> None:
        """A host value: a name, ``host:port``, or a URL ``scheme://user:pass@host:port``."""
        if entry.sub is not None:
            return
        raw, s = self.scalar(entry.value)
        span = self.ventry_span(entry)
        text, origin = (s.text, s.origin) if s.origin is not Origin.REFERENCE else (raw, Origin.LITERAL)
        if text is not None and "://" in text:
            self.url(key, text, origin, span, _index(entry), f)
            return
        if s.origin is Origin.REFERENCE or s.text is None:
            f.host = Setting(key, None, raw, span, Origin.REFERENCE)
            return
        if "@" in s.text:
            return  # an e-mail address (``address: ops@example.com``), not a host
        host, port = split_host_port(s.text)
        if port is not None and parse_port(port) is not None:
            f.host = Setting(key, host, host, span, s.origin)
            f.url_port = Setting(key, parse_port(port), port, span, s.origin)
        else:
            f.host = Setting(key, s.text, raw, span, s.origin)

    def url(self, key: str, text: str, origin: Origin, span: Span, index: int, f: _Fields) -> None:
        """Host, port, credentials and (for smtps://) the mode from an SMTP URL."""
        scheme, _, rest = text.partition("://")
        netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
        userinfo, at, hostport = netloc.rpartition("@")
        host, port = split_host_port(hostport)

        def part(value: str) -> tuple[str | None, Origin]:
            if origin is not Origin.LITERAL:
                return value, origin
            s = classify(value)
            return s.text, s.origin

        host_text, host_origin = part(host)
        f.host = Setting(key, host_text, host, span, host_origin)
        if port is not None:
            port_text, port_origin = part(port)
            f.url_port = Setting(key, parse_port(port_text), port, span, port_origin)
        if at:
            from urllib.parse import unquote

            user, colon, password = userinfo.partition(":")
            user_text, user_origin = part(user)
            f.username = f.username or Setting(key, unquote(user_text) if user_text is not None else None,
                                               user, span, user_origin)
            if colon:
                pw_text, pw_origin = part(password)
                f.password = f.password or Setting(key, unquote(pw_text) if pw_text is not None else None,
                                                   password, span, pw_origin)
        scheme_mode = shapes.URL_SCHEMES.get(scheme.strip().lower())
        if scheme_mode is not None:
            mode, certain = scheme_mode
            f.votes.append(_Vote(index, Setting(key, mode, scheme, span, origin), certain))

    def mode_key(self, concept: Concept, key: str, entry: VEntry, f: _Fields) -> None:
        """A mode word (``security: ssl``) or a TLS flag (``ssl: true``) as a vote."""
        raw, s = self.scalar(entry.value)
        setting = Setting(key, s.text, raw, self.ventry_span(entry), s.origin)
        index = _index(entry)
        if s.origin is Origin.REFERENCE or s.text is None or (s.origin is Origin.FALLBACK and not s.text.strip()):
            f.votes.append(_Vote(index, None))  # unknown; an empty fallback (${X:-}) is "unset", not "none"
            return
        if concept is Concept.MODE_WORD:
            self.mode_word(index, setting, f)
            return
        if _is_null(entry.value):
            return  # an empty flag is unset
        flag = parse_bool(s.text)
        if flag is None:
            self.mode_word(index, setting, f, unknown_words=False)
            return
        if not flag:
            if concept in (Concept.IMPLICIT_FLAG, Concept.STARTTLS_FLAG, Concept.TLS_FLAG):
                f.false_flags[concept] = (index, setting)
            return
        f.true_flag = True
        if concept is Concept.IGNORE_TLS_FLAG:
            f.votes.append(_Vote(index, _as_mode(setting, Mode.PLAIN), True, opt_out=setting))
            return
        mode, certain = {
            Concept.IMPLICIT_FLAG: (Mode.IMPLICIT_TLS, True),
            Concept.STARTTLS_FLAG: (Mode.STARTTLS, True),
            Concept.TLS_FLAG: (Mode.AUTO, False),
            Concept.REQUIRE_TLS_FLAG: (Mode.STARTTLS_REQUIRED, True),
        }[concept]
        f.votes.append(_Vote(index, _as_mode(setting, mode), certain))

    @staticmethod
    def mode_word(index: int, setting: Setting[str], f: _Fields, *, unknown_words: bool = True) -> None:
        """A free-form mode word through the MODE_WORDS table (booleans: false = none, true = some TLS)."""
        word = norm(setting.value or "")
        found = shapes.MODE_WORDS.get(word)
        if found is None:
            flag = parse_bool(setting.value)
            if flag is False:
                found = (Mode.PLAIN, True)
            elif flag is True and unknown_words:
                found = (Mode.AUTO, False)
            else:
                return
        mode, certain = found
        keyword = setting if word in shapes.LEGACY_SSL_WORDS else None
        opt_out = setting if mode is Mode.PLAIN else None
        f.votes.append(_Vote(index, _as_mode(setting, mode), certain, opt_out, keyword))

    # -- Spring Boot --------------------------------------------------------------------------------------

    def spring(self, mail: VEntry, root_seg: str) -> None:
        """One endpoint from ``spring.mail`` (Jakarta Mail semantics), when ``spring.mail.host`` is set."""
        assert mail.sub is not None
        fields: spring.Fields = {}
        props: spring.Props = {}
        for segs, leaf in _flatten(mail.sub, []):
            npath = ".".join(norm(s) for s in segs)
            spring.sort_key(npath, self.text_setting(".".join([root_seg, mail.seg, *segs]), leaf), fields, props)
        if not spring.has_host(fields):
            self.spring_skipped += 1
            return
        span = self.ventry_span(mail)
        ep = spring.endpoint(fields, props, span, span)
        if ep is not None:
            self.doc.endpoints.append(ep)

    # -- Alertmanager -------------------------------------------------------------------------------------

    def alertmanager(self, config: VMap) -> None:
        """One endpoint per ``email_configs`` entry (globals merged), or one for the global section."""
        global_entry = config.get("global")
        gview = global_entry.sub if global_entry is not None and global_entry.sub is not None else {}
        made = False
        receivers = config.get("receivers")
        if receivers is not None and receivers.value is not None and _kind(receivers.value) == "sequence":
            for receiver in receivers.value.value:
                if _kind(receiver) != "mapping":
                    continue
                configs = self.view(receiver, 1).get(norm("email_configs"))
                if configs is None or configs.value is None or _kind(configs.value) != "sequence":
                    continue
                for item in configs.value.value:
                    if _kind(item) == "mapping":
                        made = self.am_endpoint(self.view(item, 2), gview, self.node_span(item)) or made
        if not made and global_entry is not None and gview:
            self.am_endpoint({}, gview, self.ventry_span(global_entry))

    def am_endpoint(self, own: VMap, gview: VMap, span: Span) -> bool:
        """An Alertmanager endpoint from one email_configs entry and the global section."""

        def get(name: str) -> VEntry | None:
            entry = own.get(norm(name))
            if entry is None or _is_null(entry.value):
                entry = gview.get(norm(shapes.ALERTMANAGER_GLOBAL_PREFIX + name))
            return None if entry is None or (_is_null(entry.value) and entry.sub is None) else entry

        def pair(a: str, b: str) -> tuple[VEntry | None, VEntry | None]:
            ea, eb = own.get(norm(a)), own.get(norm(b))
            if (ea is None or _is_null(ea.value)) and (eb is None or _is_null(eb.value)):
                p = shapes.ALERTMANAGER_GLOBAL_PREFIX
                ea, eb = gview.get(norm(p + a)), gview.get(norm(p + b))
            return (None if ea is None or _is_null(ea.value) else ea,
                    None if eb is None or _is_null(eb.value) else eb)

        smarthost = get("smarthost")
        if smarthost is None:
            return False
        ep = ClientEndpoint(Dialect.ALERTMANAGER, span)
        raw, s = self.scalar(smarthost.value)
        sh_span = self.ventry_span(smarthost)
        if s.text is None or s.origin is Origin.REFERENCE:
            ep.host = Setting(smarthost.written, None, raw, sh_span, Origin.REFERENCE)
            ep.port = Setting(smarthost.written, None, raw, sh_span, Origin.REFERENCE)
        else:
            host, port = split_host_port(s.text)
            ep.host = Setting(smarthost.written, host, host, sh_span, s.origin)
            ep.port = Setting(smarthost.written, parse_port(port), port or "", sh_span, s.origin)
        user = get("auth_username")
        if user is not None:
            ep.username = self.text_setting(user.written, user)
        password, password_file = pair("auth_password", "auth_password_file")
        secret, secret_file = pair("auth_secret", "auth_secret_file")
        if password is not None or secret is not None:
            chosen = password or secret
            assert chosen is not None
            ep.password = self.text_setting(chosen.written, chosen)
        if password_file is not None or secret_file is not None:
            chosen = password_file or secret_file
            assert chosen is not None
            ep.credential_file = self.text_setting(chosen.written, chosen)
        identity = get("auth_identity")
        if identity is not None:
            ep.extra["identity"] = self.text_setting(identity.written, identity)
        require = get("require_tls")
        force = get("force_implicit_tls")
        for name, entry in (("require_tls", require), ("force_implicit_tls", force)):
            if entry is not None:
                ep.extra[name] = self.text_setting(entry.written, entry)
        tls = own.get(norm("tls_config")) or gview.get(norm("smtp_tls_config"))
        if tls is not None and tls.sub is not None:
            skip_verify = tls.sub.get(norm("insecure_skip_verify"))
            if skip_verify is not None:
                ep.extra["insecure_skip_verify"] = self.text_setting(
                    f"{tls.written}.{skip_verify.written}", skip_verify)
            min_version = tls.sub.get(norm("min_version"))  # Prometheus TLSConfig: TLS10 .. TLS13
            if min_version is not None and min_version.sub is None:
                ep.extra["protocols"] = self.text_setting(f"{tls.written}.{min_version.written}", min_version)
        self.am_mode(ep, require, force, span)
        self.doc.endpoints.append(ep)
        return True

    def am_mode(self, ep: ClientEndpoint, require: VEntry | None, force: VEntry | None, span: Span) -> None:
        """Alertmanager's mode: force_implicit_tls, else port 465 = implicit, else require_tls (default true)."""
        force_s = self.text_setting(force.written, force) if force is not None else None
        force_v = parse_bool(force_s.value) if force_s is not None and force_s.known else None
        if force_s is not None and force_v is None:
            return  # unresolved: unknown
        require_s = (self.text_setting(require.written, require) if require is not None
                     else Setting("require_tls", "true", "", span, Origin.DEFAULT))
        require_v = parse_bool(require_s.value) if require_s.known else None
        if force_v is True and force_s is not None:
            ep.mode = _as_mode(force_s, Mode.IMPLICIT_TLS)
            return
        port = ep.port
        if force_v is None:
            if port is None or port.value is None:
                return
            if port.value == shapes.ALERTMANAGER_IMPLICIT_PORT:
                ep.mode = _as_mode(port, Mode.IMPLICIT_TLS)
                ep.mode_certain = False
                return
            ep.mode_certain = False
        if require_v is None:
            return
        decider = force_s if force_s is not None else require_s
        if require_v:
            ep.mode = _as_mode(decider, Mode.STARTTLS_REQUIRED)
        else:
            ep.mode = _as_mode(decider, Mode.PLAIN)
            ep.tls_opt_out = require_s

    # -- environment blocks (docker-compose, Discourse) ---------------------------------------------------

    def compose(self, services: VEntry) -> None:
        """Each compose service's ``environment:`` through the environment-variable mapper."""
        assert services.sub is not None
        for _name, service in sorted(services.sub.items(), key=lambda kv: _index(kv[1])):
            if service.sub is None:
                continue
            env = service.sub.get("environment")
            before = len(self.doc.endpoints)
            if env is not None and env.value is not None and not env.virtual:
                self.env_block(env, hint=None, complete=False)
            yaml_apps.record_compose_service(self, service, env, self.doc.endpoints[before:])

    def env_block(self, env: VEntry, *, hint: Dialect | None, complete: bool) -> None:
        """Pass the SMTP-related variables of an environment block (list or mapping) to envvars."""
        from smtplint.parsers.envvars import endpoints_from_env

        pairs = [(st, vs) for st, vs in self.env_settings(env.value, 0) if shapes.env_relevant(st.key)]
        if not pairs:
            return
        self.doc.endpoints.extend(endpoints_from_env(
            [st for st, _ in pairs], self.ventry_span(env), hint=hint, complete=complete,
            value_spans=[vs for _, vs in pairs]))

    def env_settings(self, node: Node, depth: int) -> list[tuple[Setting[str], Span | None]]:
        """``- KEY=VALUE`` / ``- KEY`` list items or ``KEY: VALUE`` entries (with merge keys) as settings,
        each with the span of its value text when that is written verbatim on one line."""
        kind = _kind(node)
        found: dict[str, tuple[Setting[str], Span | None]] = {}
        if kind == "sequence":
            for item in node.value:
                if _kind(item) == "scalar" and not _is_null(item):
                    pair = self.env_item(item)
                    found[pair[0].key] = pair
        elif kind == "mapping" and depth <= MAX_DEPTH:
            for key, value in node.value:
                if _is_merge_key(key):
                    sources = [value] if _kind(value) == "mapping" else (
                        [v for v in value.value if _kind(v) == "mapping"]
                        if _kind(value) == "sequence" else [])
                    for source in reversed(sources):
                        found.update({p[0].key: p for p in self.env_settings(source, depth + 1)})
            for key, value in node.value:
                if _kind(key) != "scalar" or _is_merge_key(key):
                    continue
                name = str(key.value).strip()
                span = self.entry_span(key, value)
                if _is_null(value):
                    found[name] = (Setting(name, None, "", span, Origin.REFERENCE), None)  # from the shell
                else:
                    raw, sc = self.scalar(value)
                    found[name] = (Setting(name, sc.text, raw, span, sc.origin), self.verbatim_span(value, 0))
        return sorted(found.values(), key=lambda p: (p[0].span.line, p[0].span.column))

    def env_item(self, item: Node) -> tuple[Setting[str], Span | None]:
        """One list item of a compose environment."""
        text = str(item.value)
        span = self.node_span(item)
        name, eq, raw = text.partition("=")
        name = name.strip()
        if not eq:
            return Setting(name, None, "", span, Origin.REFERENCE), None  # passed through from the shell
        s = classify(raw)
        return Setting(name, s.text, raw, span, s.origin), self.verbatim_span(item, len(text) - len(raw))

    def verbatim_span(self, node: Node, skip: int) -> Span | None:
        """Where a one-line scalar's text (after ``skip`` characters) is written verbatim, else None."""
        if _kind(node) != "scalar" or _custom_tag(node):
            return None
        line, col = int(node.start_mark.line), int(node.start_mark.column)
        if int(node.end_mark.line) != line or line >= len(self.lines):
            return None
        written = self.lines[line][col:int(node.end_mark.column)]
        style = getattr(node, "style", None)
        if style in ("'", '"') and len(written) >= 2:
            written, col = written[1:-1], col + 1
        elif style:  # plain: None from the pure loader, "" from the C loader
            return None
        if written != str(node.value):
            return None  # escapes or folding: the text is not written as the application sees it
        start = col + skip
        return Span(self.path, line + 1, start + 1, line + 1, max(col + len(written), start) + 1)


# --------------------------------------------------------------------------------------------------------
# Pure helpers


_TOKEN_SEPARATORS = "_-/. \t\n\r[]"  # dropped from keys by norm() and _split_key(), or by line folding
_FLOW_CHARS = re.compile(r"[\[\]{},]")
# ruamel.yaml's scanner spends time in proportion to the flow nesting depth at each token: lines of 99-deep
# ``[[[...]]]`` cost 15 times more per byte than plain YAML. Past this sum of depths the file is refused.
MAX_FLOW_COST = 3_000_000


_C_LOADER: list[bool] = []  # [whether ruamel.yaml.clib's C loader is importable], filled on first use
_BLOCK_PREFIX = re.compile(r"^ *(?:[-?:] +)*", re.MULTILINE)  # indentation and block indicators of a line
_C_MAX_PREFIX = 60  # block nesting <= 2 * (prefix + 1): far below the pure loader's recursion limit
_C_UNSAFE = re.compile(r"[\t\x85\u2028\u2029]|^%", re.MULTILINE)
_LONG_PREFIX = re.compile(rf"^[ ?:-]{{{_C_MAX_PREFIX + 1}}}", re.MULTILINE)  # needed for a longer prefix


def _c_loader_class() -> Any:
    """A composer on ruamel.yaml.clib's CParser that resolves tags exactly as ``YAML(typ="safe")`` does for
    a YAML 1.2 document, built once.

    ``YAML(typ="safe").compose_all`` costs a third more: each call makes a YAML instance (which globs for
    plugins), a loader class and a resolver whose implicit-tag table is built again for every file, and its
    resolver looks the document's version up for every node (two caught AttributeErrors each with the C
    parser). The C loader only reads texts without directives (:func:`_c_loader_fits`), so the version is
    always 1.2; path resolvers are never registered. Resolved tags are shared Tag objects (nodes never
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
                    table.setdefault(ch, []).append((Tag(suffix=tag), regexp.lazy_self().match))
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


_C_LOADER_CLASS: list[Any] = []


def _c_loader_fits(text: str) -> bool:
    """True when the C loader may compose ``text``: it is installed and the text avoids what libyaml (YAML
    1.1) reads differently from the pure loader (YAML 1.2) or cannot read safely.

    Excluded: tabs (libyaml accepts some the pure loader rejects), NEL/LS/PS characters (line breaks in YAML
    1.1 only), directives (``%YAML 1.1`` changes resolution) and deep block nesting (the C composer recurses
    in C and can overflow the stack; the pure loader raises RecursionError, reported as too deep).
    Everything else was checked node by node (kind, tag, value, style, start and end marks) on the
    fixtures, the corpus and the benchmark tree. Anchors are not recorded and an empty value's marks differ;
    neither is read here.
    """
    if not _C_LOADER:
        from ruamel.yaml import main as ruamel_main  # sets CParser to None when ruamel.yaml.clib is absent

        _C_LOADER.append(getattr(ruamel_main, "CParser", None) is not None)
    if not _C_LOADER[0] or "\t" in text or text.startswith("%") or "\n%" in text:  # _C_UNSAFE, quicker
        return False
    if not text.isascii() and _C_UNSAFE.search(text):
        return False
    if _LONG_PREFIX.search(text) is None:  # no line starts with more than _C_MAX_PREFIX prefix characters
        return True
    return max(map(len, _BLOCK_PREFIX.findall(text)), default=0) <= _C_MAX_PREFIX


def _flow_depth(text: str) -> int:
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


def _split_lines(text: str) -> list[str]:
    """``_LINE_BREAK.split(text)``; a fifth of its time on text with only ``\\n`` line breaks."""
    if "\r" not in text and (text.isascii() or not any(ch in text for ch in "\x85\u2028\u2029")):
        return text.split("\n")
    return _LINE_BREAK.split(text)


def _norm(seg: str) -> str:
    """:func:`shapes.norm` (lower case, without ``_-/.``, space and tab) in C calls, three times faster than its
    generator over the characters (str.translate is slower still)."""
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


def _leaves(entry: VEntry) -> Iterator[VEntry]:
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


def _flatten(view: VMap, segs: list[str], depth: int = 0) -> Iterator[tuple[list[str], VEntry]]:
    """Every scalar leaf below ``view`` with its path segments as written."""
    if depth > MAX_DEPTH:
        return
    for entry in view.values():
        path = [*segs, entry.seg]
        if entry.sub is not None:
            yield from _flatten(entry.sub, path, depth + 1)
        elif entry.value is not None and _kind(entry.value) != "sequence":
            yield path, entry


def _index(entry: VEntry) -> int:
    """The character offset of an entry's key (document order)."""
    return int(entry.key.start_mark.index)


def _scalar_keys(node: Node) -> Iterator[str]:
    """The scalar keys of a mapping node."""
    for key, _value in node.value:
        if _kind(key) == "scalar":
            yield str(key.value)


def _as_mode(setting: Setting[Any], mode: Mode) -> Setting[Mode]:
    """The setting that decided a mode, carrying the mode as its value."""
    return Setting(setting.key, mode, setting.raw, setting.span, setting.origin)


def _has_block_keys(view: VMap) -> bool:
    """True when a candidate block holds a host, port, mode or credential key (or an auth: sub-block)."""
    for name, entry in view.items():
        concept = shapes.GENERIC_KEYS.get(name)
        if entry.sub is not None:
            if name in shapes.AUTH_SUBBLOCKS and any(
                    shapes.GENERIC_KEYS.get(n) in (Concept.USERNAME, Concept.PASSWORD) for n in entry.sub):
                return True
            continue
        if concept is None or concept in (Concept.EXTRA, Concept.AUTH_METHOD):
            continue
        if concept is Concept.URL:
            value = entry.value
            if value is None or _kind(value) != "scalar" or "://" not in str(value.value):
                continue
        if concept is Concept.HOST and entry.value is not None and _kind(entry.value) == "scalar" and (
                "@" in str(entry.value.value) and "://" not in str(entry.value.value)):
            continue
        return True
    return False


def _compatible(a: Mode, b: Mode) -> bool:
    """True when two mode opinions do not contradict each other."""
    if a is b:
        return True
    if Mode.AUTO in (a, b):
        return a.encrypted and b.encrypted
    return {a, b} <= {Mode.STARTTLS, Mode.STARTTLS_REQUIRED}


def _decide_mode(ep: ClientEndpoint, f: _Fields) -> None:
    """The generic block's mode: the first mode key decides; disagreements are kept in extra."""
    votes = list(f.votes)
    falses = sorted(f.false_flags.values(), key=lambda v: v[0])
    if not f.true_flag and len(falses) >= 2:
        index, setting = falses[-1]
        votes.append(_Vote(index, _as_mode(setting, Mode.PLAIN), True, opt_out=setting))
    votes.sort(key=lambda v: v.index)
    if not votes or votes[0].mode is None:
        return
    first = votes[0]
    mode = first.mode
    assert mode is not None
    if mode.value is Mode.STARTTLS and any(
            v.mode is not None and v.mode.value is Mode.STARTTLS_REQUIRED for v in votes[1:]):
        mode = Setting(mode.key, Mode.STARTTLS_REQUIRED, mode.raw, mode.span, mode.origin)
    ep.mode = mode
    ep.mode_certain = first.certain
    ep.tls_opt_out = first.opt_out
    ep.mode_keyword = next((v.keyword for v in votes if v.keyword is not None and v.mode is not None), None)
    for v in votes[1:]:
        if v.mode is not None and v.mode.value is not None and mode.value is not None and not _compatible(
                mode.value, v.mode.value):
            ep.extra["mode_conflict"] = Setting(v.mode.key, v.mode.value.value, v.mode.raw, v.mode.span,
                                                v.mode.origin)
            break


def _is_alertmanager_root(view: VMap) -> bool:
    """A document root is Alertmanager's when it has receivers:/route: or global.smtp_* keys."""
    if any(k in view for k in shapes.ALERTMANAGER_TOP_KEYS):
        return True
    return _has_smtp_globals(view)


def _is_alertmanager_nested(view: VMap) -> bool:
    """A nested mapping (Helm values' ``config:``) is Alertmanager's with global.smtp_* or email receivers."""
    if _has_smtp_globals(view):
        return True
    receivers = view.get("receivers")
    return receivers is not None and "route" in view and receivers.value is not None and (
        _kind(receivers.value) == "sequence")


def _has_smtp_globals(view: VMap) -> bool:
    """True when ``global:`` holds smtp_* keys."""
    g = view.get("global")
    return g is not None and g.sub is not None and any(k.startswith("smtp") and k != "smtp" for k in g.sub)


def _is_compose(view: VMap) -> bool:
    """A docker-compose file: ``services:`` whose values are service mappings."""
    services = view.get("services")
    if services is None or services.sub is None or services.virtual:
        return False
    markers = {"image", "build", "environment", "envfile", "command", "ports", "volumes", "dependson"}
    return any(s.sub is not None and markers & set(s.sub) for s in services.sub.values())

