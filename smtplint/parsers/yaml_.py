"""YAML input: generic smtp/mail blocks, Spring Boot ``spring.mail``, Alertmanager, docker-compose
``environment:`` and Discourse ``env:``, read with exact positions.

This module holds :func:`parse`, the document walk and the shape recognisers. Each document is composed
to ruamel.yaml nodes by :mod:`smtplint.parsers.yaml_load` (which also reports syntax errors and duplicate
keys) and each mapping is read through its *view* (:mod:`smtplint.parsers.yaml_view`), where dotted keys
and merge keys are resolved, so that every spelling of a path looks the same to the recognisers. Key
vocabularies live in :mod:`smtplint.parsers.shapes`. Aliases may repeat a node many times or inside itself:
every walk here reads a node once per purpose, or follows bounded paths only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from smtplint.i18n import _
from smtplint.model import (
    ClientEndpoint,
    Diagnostic,
    Dialect,
    Document,
    Mode,
    Origin,
    Setting,
    Severity,
    Span,
)
from smtplint.parsers import shapes, spring, yaml_apps, yaml_load, yaml_sniff, yaml_view
from smtplint.parsers.shapes import Concept, norm
from smtplint.parsers.values import Scalar, classify, parse_bool, parse_port, split_host_port
from smtplint.parsers.yaml_load import MAX_DEPTH, TEMPLATE_SKIP, Node, custom_tag, is_merge_key, is_null, node_kind
from smtplint.parsers.yaml_view import VEntry, VMap
from smtplint.patterns import lazy
from smtplint.records import field, record

# Re-exported: yaml_apps types its arguments with the view classes; tests compare a skip reason with TEMPLATE_SKIP.
__all__ = ["TEMPLATE_SKIP", "Reader", "VEntry", "VMap", "maybe_mail", "parse", "run"]

_MAYBE_MAIL = lazy(r"smtp|mail", re.IGNORECASE)
_SUBBLOCK_DEPTH = 3  # auth: and TLS-option sub-blocks of a generic block nest at most this deep


def parse(path: str, text: str) -> Document:
    """Read one YAML file (every document in it) into client endpoints and diagnostics.

    ``path`` is the display path used in every span. Never raises on bad input: syntax errors and
    duplicate keys become SMTP001 diagnostics; a template that is not valid YAML is marked skipped.
    """
    document = Document(path, "yaml")
    if not maybe_mail(text) or yaml_sniff.api_description(text):  # an API description configures nothing
        return document
    run(_Reader(path, text, document, prune=True))
    return document


def run(reader: Reader) -> None:
    """Run a reader over its text (every document in it); a failure becomes a diagnostic, never an exception.
    Readers of YAML dialects (smtplint.parsers.kubernetes, smtplint.parsers.ci_yaml) subclass :class:`Reader`."""
    path, document, text = reader.path, reader.doc, reader.text
    try:
        if yaml_load.flow_depth(text) > MAX_DEPTH:
            raise RecursionError  # ruamel.yaml composes recursively: refuse before it spends seconds
        reader.run()
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


def read_tree(path: str, text: str, root: Node, document: Document) -> None:
    """Read a node tree another syntax was turned into (TOML, smtplint.parsers.toml_) with the YAML shapes:
    its nodes' marks are positions in ``text``. Duplicate keys are the other syntax's business."""
    reader = _Reader(path, text, document)
    reader.memo.clear()
    view = reader.view(root, 0)
    reader.visited.add(id(view))
    reader.walk(view, 0)


def maybe_mail(text: str) -> bool:
    """True when ``_MAYBE_MAIL`` matches ``text``; a tenth of its time on ASCII text.

    ``str.lower`` and substring search find the same matches in ASCII text; in other text a miss is asked
    again of the pattern, whose case folding also matches ``ſ`` (long s) and ``İ``/``ı`` (dotted/dotless i).
    Every text where ``lower()`` finds a match, the pattern matches too.
    """
    lower = text.lower()
    if "smtp" in lower or "mail" in lower:
        return True
    return not text.isascii() and _MAYBE_MAIL.search(text) is not None


_C_LOADER: list[bool] = []  # [whether ruamel.yaml.clib's C loader is importable], filled on first use


def _c_loader_fits(text: str) -> bool:
    """True when the C loader may compose ``text``: it is installed and the text reads alike in both loaders
    (:func:`yaml_load.c_loader_reads_alike`). The choice is made here, where tests can set ``_C_LOADER``."""
    if not _C_LOADER:
        _C_LOADER.append(yaml_load.c_loader_installed())
    return _C_LOADER[0] and yaml_load.c_loader_reads_alike(text)


# --------------------------------------------------------------------------------------------------------
# Reading one file


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


class _Reader(yaml_load.Source):
    """Reads one file: composes each document, then recognises the shapes in it."""

    def __init__(self, path: str, text: str, document: Document, *, prune: bool = False) -> None:
        super().__init__(path, text, document, prune=prune)
        self.memo: dict[int, VMap] = {}  # the views of this document's mappings, see yaml_view.view()
        self.spring_skipped = 0  # spring.mail blocks without a host (profile overlays)
        self.visited: set[int] = set()
        self.env_memo: dict[int, list[tuple[Setting[str], Span | None]]] = {}  # env_settings() by node id
        self.am_read: dict[tuple[int, int, str], bool] = {}  # see am_once()

    # -- driving ------------------------------------------------------------------------------------------

    def run(self) -> None:
        """Compose every document and read it; syntax errors become diagnostics."""
        self.load(self.read_document, c_loader=_c_loader_fits(self.text))
        self.spring_profiles()

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

    def read_document(self, root: Node) -> None:
        """Check duplicate keys, then find the endpoints of one YAML document."""
        self.memo.clear()
        self.visited.clear()
        self.env_memo.clear()
        self.am_read.clear()
        if not self.templated:  # keys repeated in the branches of a template conditional are no duplicates
            self.check_duplicates(root)
        kind = node_kind(root)
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
            self.compose(view["services"], view.get("configs"))
            skip.add("services")
        env = view.get("env")
        if env is not None and env.value is not None and node_kind(env.value) == "mapping" and any(
                k.upper().startswith(shapes.DISCOURSE_PREFIX) for k in _scalar_keys(env.value)):
            self.env_block(env, hint=Dialect.DISCOURSE, complete=True)
            skip.add("env")
        self.walk(view, 0, skip)

    # -- views and their spans -----------------------------------------------------------------------------

    def view(self, node: Node, depth: int) -> VMap:
        """The view of a mapping node (built once per document, see :func:`yaml_view.view`)."""
        return yaml_view.view(node, depth, self.memo)

    def ventry_span(self, entry: VEntry) -> Span:
        """The span of a view entry: the written entry, or for a dotted prefix the union of its leaves."""
        if not entry.virtual:
            return self.entry_span(entry.key, entry.value)
        spans = [self.ventry_span(e) for e in yaml_view.leaves(entry)]
        if not spans:
            return self.entry_span(entry.key, None)
        first = min(spans, key=lambda s: (s.line, s.column))
        last = max(spans, key=lambda s: (s.end_line, s.end_column))
        return Span(self.path, first.line, first.column, last.end_line, last.end_column)

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
            elif type(entry.value) is yaml_load.SEQUENCE:
                if name in shapes.GENERIC_BLOCK_NAMES:
                    self.generic_list(entry, depth)
                self.walk_sequence(entry.value, depth + 1)

    def generic_list(self, entry: VEntry, depth: int) -> None:
        """A list of generic blocks (``smtp: [{host: a}, {host: b}]``, listmonk's TOML ``[[smtp]]``): one
        endpoint per item that holds block keys; the items are not walked again."""
        assert entry.value is not None
        for item in entry.value.value:
            if type(item) is not yaml_load.MAPPING:
                continue
            view = self.view(item, depth + 1)
            if id(view) in self.visited or not _has_block_keys(view):
                continue
            self.visited.add(id(view))
            self.generic(VEntry(entry.seg, entry.written, item, item, view), self.node_span(item))

    def walk_sequence(self, node: Node, depth: int) -> None:
        """Walk the mappings and sequences inside a sequence node."""
        if depth > MAX_DEPTH or id(node) in self.visited:
            return
        self.visited.add(id(node))
        for item in node.value:
            kind = type(item)
            if kind is yaml_load.MAPPING:
                view = self.view(item, depth + 1)
                if id(view) not in self.visited and yaml_apps.is_home_assistant_smtp(view):
                    self.visited.add(id(view))
                    yaml_apps.home_assistant(self, view, self.node_span(item))
                if id(view) not in self.visited:
                    self.visited.add(id(view))
                    self.walk(view, depth + 1)
            elif kind is yaml_load.SEQUENCE:
                self.walk_sequence(item, depth + 1)

    # -- scalar settings ----------------------------------------------------------------------------------

    def scalar(self, node: Node | None) -> tuple[str, Scalar]:
        """The raw text of a value node and its classification (null -> empty literal)."""
        if node is None or is_null(node):
            return "", Scalar("", Origin.LITERAL)
        if node_kind(node) != "scalar":
            return "", Scalar(None, Origin.REFERENCE)
        raw = str(node.value)
        if custom_tag(node):
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

    def generic(self, block: VEntry, span: Span | None = None) -> None:
        """One endpoint from a generic smtp/mail/email/mailer block (``span``: the block's, when not its entry's)."""
        assert block.sub is not None
        f = _Fields()
        self.collect(block.sub, "", f)
        port = f.port or f.url_port
        if f.host is None and port is None and not f.votes and f.username is None and f.password is None:
            return
        ep = ClientEndpoint(Dialect.GENERIC_YAML, span or self.ventry_span(block), host=f.host, port=port,
                            username=f.username, password=f.password, credential_file=f.credential_file,
                            auth_disabled=f.auth_disabled, extra=f.extra)
        _decide_mode(ep, f)
        self.doc.endpoints.append(ep)

    def collect(self, view: VMap, prefix: str, f: _Fields, *, auth_only: bool = False, tls_depth: int = 0,
                auth_depth: int = 0) -> None:
        """Read the recognised keys of a generic block (its auth: and TLS-option sub-blocks) into ``f``.

        Inside a TLS-option sub-block (``tls:``, ``stream: {ssl: ...}``; ``tls_depth`` > 0) only the EXTRA
        keys (verification, protocol versions) are read. Sub-blocks are read at most _SUBBLOCK_DEPTH deep, so
        a block whose aliases recurse (``smtp: &s {auth: *s}``) or repeat is read in bounded time.
        """
        for name, entry in sorted(view.items(), key=lambda kv: _index(kv[1])):
            key = prefix + entry.written
            if (entry.sub is not None and not auth_only and name in shapes.TLS_SUBBLOCKS
                    and tls_depth < _SUBBLOCK_DEPTH):
                inner = prefix if entry.virtual else prefix + entry.written + "."
                self.collect(entry.sub, inner, f, tls_depth=tls_depth + 1)
                continue
            if tls_depth:
                if entry.sub is None and shapes.GENERIC_KEYS.get(name) is Concept.EXTRA:
                    self.concept(Concept.EXTRA, name, key, entry, f)
                continue
            if entry.sub is not None and name in shapes.AUTH_SUBBLOCKS:
                if auth_depth < _SUBBLOCK_DEPTH:
                    inner = prefix if entry.virtual else prefix + entry.written + "."
                    self.collect(entry.sub, inner, f, auth_only=True, auth_depth=auth_depth + 1)
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
        if setting.origin is not Origin.REFERENCE and not is_null(entry.value) and (
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
            if not is_null(entry.value):
                f.credential_file = self.text_setting(key, entry)
        elif concept is Concept.AUTH_METHOD:
            setting = self.text_setting(key, entry)
            if setting.known and setting.value is not None and not is_null(entry.value) and (
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
        if is_null(entry.value):
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
        own = shapes.KEY_MODE_WORDS.get(norm(setting.key.rpartition(".")[2]))
        found = own.get(word) if own is not None else shapes.MODE_WORDS.get(word)
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
        for npath, segs, leaf in _spring_leaves(mail.sub):
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
        if receivers is not None and receivers.value is not None and node_kind(receivers.value) == "sequence":
            made = self.am_once(receivers.value, gview, "receivers")
        if not made and global_entry is not None and gview:
            self.am_endpoint({}, gview, self.ventry_span(global_entry))

    def am_once(self, node: Node, gview: VMap, what: str) -> bool:
        """Read a ``receivers`` list, a ``receiver``, an ``email_configs`` list or one ``entry`` of it (``what``)
        once per document and global section; True when it made an endpoint.

        Aliases that list a node again (``receivers: [*r, *r, ...]``, ``email_configs: [*c, *c, ...]``) would
        only repeat the endpoints it made, as many times as the product of the lists' lengths.
        """
        read = (id(node), id(gview) if gview else 0, what)  # a non-empty global view lives as long as the document
        made = self.am_read.get(read)
        if made is not None:
            return made
        self.am_read[read] = False  # while it is read
        if what == "entry":
            made = self.am_endpoint(self.view(node, 2), gview, self.node_span(node))
        elif what == "receiver":
            configs = self.view(node, 1).get(norm("email_configs"))
            made = (configs is not None and configs.value is not None and node_kind(configs.value) == "sequence"
                    and self.am_once(configs.value, gview, "email_configs"))
        else:  # a list of receivers or of email_configs entries
            made = False
            for item in node.value:
                if node_kind(item) == "mapping":
                    made = self.am_once(item, gview, "receiver" if what == "receivers" else "entry") or made
        self.am_read[read] = made
        return made

    def am_endpoint(self, own: VMap, gview: VMap, span: Span) -> bool:
        """An Alertmanager endpoint from one email_configs entry and the global section."""

        def get(name: str) -> VEntry | None:
            entry = own.get(norm(name))
            if entry is None or is_null(entry.value):
                entry = gview.get(norm(shapes.ALERTMANAGER_GLOBAL_PREFIX + name))
            return None if entry is None or (is_null(entry.value) and entry.sub is None) else entry

        def pair(a: str, b: str) -> tuple[VEntry | None, VEntry | None]:
            ea, eb = own.get(norm(a)), own.get(norm(b))
            if (ea is None or is_null(ea.value)) and (eb is None or is_null(eb.value)):
                p = shapes.ALERTMANAGER_GLOBAL_PREFIX
                ea, eb = gview.get(norm(p + a)), gview.get(norm(p + b))
            return (None if ea is None or is_null(ea.value) else ea,
                    None if eb is None or is_null(eb.value) else eb)

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

    def compose(self, services: VEntry, configs: VEntry | None) -> None:
        """Each compose service's ``environment:`` through the environment-variable mapper, and the Postfix
        snippets of ``configs:`` (smtplint.parsers.compose_configs) with the services that mount them."""
        from smtplint.parsers import compose_configs

        assert services.sub is not None
        ordered = sorted(services.sub.items(), key=lambda kv: _index(kv[1]))
        mounts = {name: compose_configs.mounted(service.value) for name, service in ordered
                  if service.value is not None}
        snippets = compose_configs.Snippets() if configs is None or configs.value is None or \
            node_kind(configs.value) != "mapping" else compose_configs.embedded(
                self.path, self.lines, configs.value, mounts, self.doc.diagnostics)
        layer = compose_configs.merged(self.path, list(snippets.main.values()))
        if layer is not None and self.doc.main_cf is None:
            self.doc.main_cf = layer
        if snippets.master is not None and self.doc.master_cf is None:
            self.doc.master_cf = snippets.master
        for name, service in ordered:
            if service.sub is None:
                continue
            env = service.sub.get("environment")
            before = len(self.doc.endpoints)
            hint = yaml_apps.image_dialect(service)
            if env is not None and env.value is not None and not env.virtual:
                self.env_block(env, hint=hint, complete=False)
            mounted = [snippets.main[c] for c in mounts.get(name, {}) if c in snippets.main]
            main = compose_configs.merged(self.path, mounted)
            if main is not None:
                from smtplint.parsers.relay_env import apply_main_cf
                apply_main_cf(self.doc.endpoints[before:], main)
            yaml_apps.record_compose_service(self, service, env, self.doc.endpoints[before:], main, hint)

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
        each with the span of its value text when that is written verbatim on one line.

        Each node is read once per document: merge keys that repeat a mapping (``<<: [*e, *e]``, nested) cost
        no more than one merge, and a mapping merged into itself adds nothing to itself.
        """
        known = self.env_memo.get(id(node))
        if known is not None:
            return known
        self.env_memo[id(node)] = []  # while the node is read
        kind = node_kind(node)
        found: dict[str, tuple[Setting[str], Span | None]] = {}
        if kind == "sequence":
            for item in node.value:
                if node_kind(item) == "scalar" and not is_null(item):
                    pair = self.env_item(item)
                    found[pair[0].key] = pair
        elif kind == "mapping" and depth <= MAX_DEPTH:
            for key, value in node.value:
                if is_merge_key(key):
                    sources = [value] if node_kind(value) == "mapping" else (
                        [v for v in value.value if node_kind(v) == "mapping"]
                        if node_kind(value) == "sequence" else [])
                    for source in reversed(sources):
                        found.update({p[0].key: p for p in self.env_settings(source, depth + 1)})
            for key, value in node.value:
                if node_kind(key) != "scalar" or is_merge_key(key):
                    continue
                name = str(key.value).strip()
                span = self.entry_span(key, value)
                if is_null(value):
                    found[name] = (Setting(name, None, "", span, Origin.REFERENCE), None)  # from the shell
                else:
                    raw, sc = self.scalar(value)
                    found[name] = (Setting(name, sc.text, raw, span, sc.origin), self.verbatim_span(value, 0))
        result = sorted(found.values(), key=lambda p: (p[0].span.line, p[0].span.column))
        self.env_memo[id(node)] = result
        return result

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
        if node_kind(node) != "scalar" or custom_tag(node):
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


Reader = _Reader  # the public name, for the readers of YAML dialects that subclass it


# --------------------------------------------------------------------------------------------------------
# Pure helpers


def _spring_paths() -> frozenset[str]:
    """The normalised paths below ``spring.mail`` that :func:`spring.sort_key` files (``host``, ``ssl.enabled``,
    ..., and the Jakarta properties ``properties.mail.smtp(s).<property>``), and every leading part of each.
    tests/test_yaml_aliases.py checks that it follows sort_key."""
    filed = set(shapes.SPRING_KEYS)
    for protocol in ("smtp", "smtps"):
        filed.update(f"{shapes.SPRING_PROPERTIES}.mail.{protocol}.{prop}" for prop in shapes.JAKARTA_PROPS)
    return frozenset(".".join(parts[:i]) for parts in (p.split(".") for p in filed) for i in range(1, len(parts) + 1))


_SPRING_PATHS = _spring_paths()


def _spring_leaves(view: VMap, segs: tuple[str, ...] = (),
                   npath: str = "") -> Iterator[tuple[str, list[str], VEntry]]:
    """The scalar leaves below ``spring.mail``'s ``view`` that Spring may read: (normalised path, path segments
    as written, entry), in document order.

    Only the paths in :data:`_SPRING_PATHS` (a few keys deep) are followed; no other leaf can be filed.
    Following every path instead takes exponential time where aliases repeat a mapping inside itself
    (``mail: &A {host: h, b: *A, c: *A}``) or nest repeated aliases (``properties: *bomb``).
    """
    for name, entry in view.items():
        path = f"{npath}.{name}" if npath else name  # the view's keys are normalised segments
        if path not in _SPRING_PATHS:
            continue
        if entry.sub is not None:
            yield from _spring_leaves(entry.sub, (*segs, entry.seg), path)
        elif entry.value is not None and node_kind(entry.value) != "sequence":
            yield path, [*segs, entry.seg], entry


def _index(entry: VEntry) -> int:
    """The character offset of an entry's key (document order)."""
    return int(entry.key.start_mark.index)


def _scalar_keys(node: Node) -> Iterator[str]:
    """The scalar keys of a mapping node."""
    for key, _value in node.value:
        if node_kind(key) == "scalar":
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
            if value is None or node_kind(value) != "scalar" or "://" not in str(value.value):
                continue
        if concept is Concept.HOST and entry.value is not None and node_kind(entry.value) == "scalar" and (
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
        node_kind(receivers.value) == "sequence")


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

