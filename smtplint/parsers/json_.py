"""JSON input: Keycloak realm ``smtpServer`` and nodemailer transport options, with exact spans.

``json.loads`` keeps no positions, so a small position-aware scanner (strict RFC 8259: no comments, no
trailing commas) builds a tree whose every node remembers its offsets; string escapes are decoded by the
standard library, one string at a time. Nesting deeper than :data:`MAX_DEPTH` is refused with a warning.
A file without ``"smtpServer"``, ``"host"`` or ``"service"`` is not scanned at all.

Speed (issue 20): a Keycloak realm export is mostly users, roles and clients that hold no mail settings,
and scanning all of it in Python took ~67 ms per export. :func:`parse` therefore reads a *sparse* tree
(:func:`load_sparse`): an array or object whose text holds neither ``"host"``, ``"smtpServer"`` nor a
``\\u`` escape (which could spell either key) cannot hold an endpoint, so the standard library's C decoder
only checks it and finds where it ends, and it stays a childless node with its offsets; the objects that
lead to an endpoint are scanned as before, and the children of an object with a ``host`` key (``auth``,
``tls``) in full. Whenever the fast route meets anything the exact scanner could
judge differently (invalid JSON, ``NaN``/``Infinity``, nesting near :data:`MAX_DEPTH`), the whole text is
read again by the exact scanner, so diagnostics keep their messages and offsets.

Shapes:

* Keycloak realm export (any object under a ``smtpServer`` key, at any depth, so that a list of realms
  works): ``host``, ``port`` (a string), ``ssl`` ``"true"`` = implicit TLS (``mail.smtp.ssl.enable``),
  ``starttls`` ``"true"`` = opportunistic STARTTLS (``mail.smtp.starttls.enable``), neither = plaintext
  (Jakarta Mail never upgrades by itself), ``auth``/``user``/``password`` (``${vault.x}`` is a reference;
  exports mask the password as ``**********``).
* nodemailer transport options: an object with a string ``host`` and ``secure``/``requireTLS``/``ignoreTLS``,
  or any object with a ``host`` below a key naming mail (Ghost's ``mail.options``): ``secure`` true =
  implicit TLS, false = STARTTLS when offered (mandatory with ``requireTLS``), absent = implicit TLS on 465
  and STARTTLS when offered elsewhere; ``ignoreTLS`` true opts out; ``auth.user``/``auth.pass``;
  ``tls.rejectUnauthorized``, ``tls.minVersion``; no port means 587 (465 with ``secure: true``). Options that
  name a well-known ``service`` instead of a host (``"service": "Gmail"``) take the host, port and flags the
  service sets for every key they leave out (smtplint.parsers.nodemailer_services), reported at ``service``.
  An object holding :data:`PRESET_TABLE` or more such objects side by side, none with ``auth``, is a table of
  presets (nodemailer's own ``lib/well-known/services.json``, a provider catalogue): whoever uses an entry adds
  the credentials, so their absence there is unknown, not missing (SMTP201 stays silent; the other rules judge
  each entry).
"""

from __future__ import annotations

import bisect
import json
import re
from itertools import accumulate

from smtplint.i18n import N_, _
from smtplint.model import ClientEndpoint, Diagnostic, Dialect, Document, Mode, Origin, Setting, Severity, Span
from smtplint.parsers.values import classify, parse_bool, parse_port
from smtplint.patterns import lazy
from smtplint.records import field, record

MAX_DEPTH = 64
_WS = lazy(r"[ \t\r\n]*")
_STRING = lazy(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.S)
_NUMBER = lazy(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_MAIL_KEY = lazy(r"mail|smtp|transport", re.I)
_NODEMAILER_FLAGS = ("secure", "requireTLS", "ignoreTLS")
# An object holding this many sibling transport objects, none with credentials, is a table of presets (nodemailer's
# lib/well-known/services.json, a provider catalogue): each is completed with the user's credentials elsewhere.
PRESET_TABLE = 3


@record
class Node:
    """A JSON value with its offsets (end exclusive); objects keep (key node, value node) pairs in order."""

    kind: str  # object | array | string | number | bool | null
    start: int
    end: int
    value: object = None  # Python value of a scalar
    raw: str = ""  # the scalar as written (numbers, literals) or decoded (strings)
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def get(self, key: str) -> tuple[Node, Node] | None:
        """The last (key, value) pair named ``key`` of an object (JSON parsers keep the last duplicate)."""
        found = None
        for k, v in self.pairs:
            if k.value == key:
                found = (k, v)
        return found


class JsonError(Exception):
    """Invalid JSON at an offset."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text

    def ws(self, pos: int) -> int:
        m = _WS.match(self.text, pos)
        return m.end() if m else pos

    def value(self, pos: int, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise RecursionError
        pos = self.ws(pos)
        text = self.text
        ch = text[pos:pos + 1]
        if ch == "{":
            return self.obj(pos, depth)
        if ch == "[":
            return self.array(pos, depth)
        if ch == '"':
            m = _STRING.match(text, pos)
            if m is None:
                raise JsonError(N_("unterminated string"), pos)
            try:
                decoded = json.loads(m.group(0))
            except ValueError as exc:
                raise JsonError(N_("invalid escape in a string"), pos) from exc
            return Node("string", pos, m.end(), decoded, decoded)
        m = _NUMBER.match(text, pos)
        if m is not None and m.end() > pos:
            return Node("number", pos, m.end(), m.group(0), m.group(0))
        for word, val in _LITERALS.items():
            if text.startswith(word, pos):
                return Node("bool" if val is not None else "null", pos, pos + len(word), val, word)
        raise JsonError(N_("expected a value") if ch else N_("unexpected end of the file"), pos)

    def obj(self, pos: int, depth: int) -> Node:
        node = Node("object", pos, pos)
        pos = self.ws(pos + 1)
        if self.text.startswith("}", pos):
            node.end = pos + 1
            return node
        while True:
            pos = self.ws(pos)
            if not self.text.startswith('"', pos):
                raise JsonError(N_("expected a quoted key"), pos)
            key = self.value(pos, depth + 1)
            pos = self.ws(key.end)
            if not self.text.startswith(":", pos):
                raise JsonError(N_("expected ':' after the key"), pos)
            val = self.value(pos + 1, depth + 1)
            node.pairs.append((key, val))
            pos = self.ws(val.end)
            if self.text.startswith(",", pos):
                pos += 1
                continue
            if self.text.startswith("}", pos):
                node.end = pos + 1
                return node
            raise JsonError(N_("expected ',' or '}'"), pos)

    def array(self, pos: int, depth: int) -> Node:
        node = Node("array", pos, pos)
        pos = self.ws(pos + 1)
        if self.text.startswith("]", pos):
            node.end = pos + 1
            return node
        while True:
            val = self.value(pos, depth + 1)
            node.items.append(val)
            pos = self.ws(val.end)
            if self.text.startswith(",", pos):
                pos += 1
                continue
            if self.text.startswith("]", pos):
                node.end = pos + 1
                return node
            raise JsonError(N_("expected ',' or ']'"), pos)


def load(text: str) -> Node:
    """The tree of a JSON text. Raises JsonError (with an offset) or RecursionError (too deep)."""
    scanner = _Scanner(text)
    root = scanner.value(0, 0)
    rest = scanner.ws(root.end)
    if rest < len(text):
        raise JsonError(N_("unexpected text after the JSON value"), rest)
    return root


class _Unsure(Exception):
    """The sparse reader met something only the exact scanner judges (bad JSON, a constant, deep nesting)."""


def _no_constant(word: str) -> object:
    raise _Unsure(word)  # NaN, Infinity, -Infinity: Python's json accepts them, RFC 8259 does not


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_ESCAPE = lazy(r"\\.", re.S)
_SKELETON_STRING = lazy(r'"[^"]*"')
_BRACKET_STEP = {"{": 1, "[": 1, "}": -1, "]": -1}
_INTERESTING = ('"host"', '"smtpServer"', "\\u")
# "service" and "env" count as keys only (Keycloak exports hold "service" as a value in many arrays)
_INTERESTING_KEYS = lazy(r'"(?:service|env)"\s*:')
# objects whose children the reader looks into (auth, tls ...; Heroku app.json env values {"value": ...})
_READ_WHOLE = frozenset({"host", "service", "env"})
_OPENERS = frozenset("{[")


class _KeepOnly(dict[int, str]):
    """A str.translate table that deletes every character it does not list."""

    def __missing__(self, key: int) -> None:
        return None


_BRACKETS_AND_QUOTES = _KeepOnly({ord(c): c for c in '[]{}"'})


def _nesting(text: str) -> int:
    """How deeply the containers of a valid JSON text nest (strings skipped; for invalid text, a guess)."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return 0  # too few brackets to nest that deep: no need to look
    if "\\" in text:
        text = _ESCAPE.sub("", text)  # escapes first, so that every remaining quote opens or closes a string
    skeleton = text.translate(_BRACKETS_AND_QUOTES)
    parts = skeleton.split('"')  # outside, inside, outside ... a string
    # brackets inside strings: drop the strings with what they hold
    brackets = _SKELETON_STRING.sub("", skeleton).replace('"', "") if any(parts[1::2]) else "".join(parts[0::2])
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


class _SparseScanner(_Scanner):
    """The exact scanner, except that a container whose text cannot hold an endpoint is skipped by the C
    decoder (which also checks it) and kept as a childless node."""

    def value(self, pos: int, depth: int) -> Node:
        pos = self.ws(pos)
        text = self.text
        if text[pos:pos + 1] not in _OPENERS:
            return super().value(pos, depth)
        if depth:  # (the root is scanned: its parts are each checked once, not twice)
            try:
                end = _DECODER.raw_decode(text, pos)[1]
            except (ValueError, RecursionError) as exc:
                raise _Unsure from exc
            if not any(text.find(marker, pos, end) >= 0 for marker in _INTERESTING) \
                    and _INTERESTING_KEYS.search(text, pos, end) is None:
                return Node("object" if text[pos] == "{" else "array", pos, end)
        node = super().value(pos, depth)
        if node.kind == "object" and any(k.value in _READ_WHOLE for k, _v in node.pairs):
            full = _Scanner(text)  # the reader looks into the children of such an object (auth, tls ...)
            node.pairs = [(k, full.value(v.start, depth + 1) if v.kind in ("object", "array") else v)
                          for k, v in node.pairs]
        return node


def load_sparse(text: str) -> Node:
    """The tree of a JSON text as :func:`load` gives it, except that arrays and objects that can hold no
    ``host``, ``service``, ``env`` or ``smtpServer`` key have no children; raises as :func:`load` does, with the
    same offsets."""
    if _nesting(text) < MAX_DEPTH:
        scanner = _SparseScanner(text)
        try:
            root = scanner.value(0, 0)
        except (_Unsure, JsonError, RecursionError):
            pass  # the exact scanner says what is wrong, and where
        else:
            if scanner.ws(root.end) == len(text):
                return root
    return load(text)


class _Lines:
    """Offsets to 1-based (line, column). Without a CR in the text, lines are counted on demand from the
    nearest offset already placed (a large export needs only a few positions)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)] if "\r" in text else []
        self.offsets = [0]  # offsets whose line is already counted, in order, and their lines
        self.lines = [1]

    def pos(self, offset: int) -> tuple[int, int]:
        if self.starts:
            i = bisect.bisect_right(self.starts, offset) - 1
            return i + 1, offset - self.starts[i] + 1
        i = bisect.bisect_right(self.offsets, offset) - 1
        line = self.lines[i] + self.text.count("\n", self.offsets[i], offset)
        if self.offsets[i] != offset:
            self.offsets.insert(i + 1, offset)
            self.lines.insert(i + 1, line)
        return line, offset - self.text.rfind("\n", 0, offset)

    def span(self, start: int, end: int) -> Span:
        (l1, c1), (l2, c2) = self.pos(start), self.pos(max(end, start + 1))
        return Span(self.path, l1, c1, l2, c2)


def parse(path: str, text: str) -> Document:
    """Read a JSON file into Keycloak and nodemailer endpoints. Never raises on bad input."""
    doc = Document(path, "json")
    if not any(word in text for word in ('"smtpServer"', '"host"', '"service"', '"env"')):
        return doc
    lines = _Lines(path, text)
    try:
        root = load_sparse(text)
    except JsonError as exc:
        if "{{" in text or "{%" in text:  # a Jinja template (Mailu's SnappyMail default.json): JSON after rendering
            doc.skipped = _("template: not valid JSON before rendering")
            return doc
        doc.diagnostics.append(Diagnostic(lines.span(exc.offset, exc.offset + 1),
                                          _("JSON syntax error: {error}").format(error=_(exc.message)),
                                          Severity.ERROR))
        return doc
    except RecursionError:
        doc.diagnostics.append(Diagnostic(Span.point(path, 1), _("JSON nesting is too deep to read; the file was "
                                                                 "not checked"), Severity.WARNING))
        return doc
    reader = _Reader(lines, doc)
    if root.kind == "object" and (env := root.get("env")) is not None and env[1].kind == "object":
        reader.app_json_env(env[1])
    reader.walk(root, [], 0)
    return doc


class _Reader:
    def __init__(self, lines: _Lines, doc: Document) -> None:
        self.lines = lines
        self.doc = doc

    def walk(self, node: Node, path: list[str], depth: int) -> tuple[Node, ClientEndpoint] | None:
        """Read the endpoints in ``node``; when ``node`` itself is a nodemailer transport, it and its endpoint (an
        object holding several of them side by side may be a table of presets)."""
        if depth > MAX_DEPTH:
            return None
        if node.kind == "array":
            for item in node.items:
                self.walk(item, path, depth + 1)
            return None
        if node.kind != "object":
            return None
        if path and path[-1] == "smtpServer":
            self.keycloak(node, path)
            return None
        if path and path[-1] == "SMTP" and node.get("type") is not None and node.get("host") is not None:
            self.snappymail(node, path)
            return None
        if self.is_nodemailer(node, path):
            return node, self.nodemailer(node, path)
        transports = [found for key, value in node.pairs
                      if (found := self.walk(value, [*path, str(key.value)], depth + 1)) is not None]
        if len(transports) >= PRESET_TABLE and all(t.get("auth") is None for t, _ep in transports):
            for _t, ep in transports:  # a preset's credentials come from whoever uses it: unknown, not missing
                ep.complete = False
        return None

    @staticmethod
    def is_nodemailer(node: Node, path: list[str]) -> bool:
        host = node.get("host")
        if host is None:
            service = node.get("service")
            return (service is not None and service[1].kind == "string" and _known_service(service[1]) and (
                any(_MAIL_KEY.search(p) for p in path) or node.get("auth") is not None))
        if host[1].kind != "string":
            return False
        if any(node.get(flag) is not None for flag in _NODEMAILER_FLAGS):
            return True
        return any(_MAIL_KEY.search(p) for p in path) and (node.get("port") is not None or node.get("auth") is not None)

    # -- settings -----------------------------------------------------------------------------------------

    def setting(self, name: str, pair: tuple[Node, Node] | None) -> Setting[str] | None:
        """A scalar entry as a Setting (span: key through value); objects and arrays are unknown values."""
        if pair is None:
            return None
        key, value = pair
        span = self.lines.span(key.start, value.end)
        if value.kind in ("object", "array"):
            return Setting(name, None, "", span, Origin.REFERENCE)
        if value.kind == "null":
            return Setting(name, "", "", span, Origin.LITERAL)
        if value.kind != "string":
            return Setting(name, value.raw, value.raw, span, Origin.LITERAL)
        raw = str(value.value)
        scalar = classify(raw)
        return Setting(name, raw if scalar.origin is Origin.LITERAL else scalar.text, raw, span, scalar.origin)

    def block_span(self, node: Node) -> Span:
        return self.lines.span(node.start, node.end)

    # -- Keycloak -----------------------------------------------------------------------------------------

    def keycloak(self, node: Node, path: list[str]) -> None:
        prefix = ".".join([*path[-1:]])
        s = {k: self.setting(f"{prefix}.{k}", node.get(k)) for k in
             ("host", "port", "ssl", "starttls", "auth", "user", "password")}
        host = s["host"]
        if host is None or (host.known and not (host.value or "").strip()):
            return
        ep = ClientEndpoint(Dialect.KEYCLOAK, self.block_span(node), host=host)
        port = s["port"]
        if port is not None and (port.value or port.origin is not Origin.LITERAL):
            ep.port = Setting(port.key, parse_port(port.value), port.raw, port.span, port.origin)
        auth = s["auth"]
        if auth is None or parse_bool(auth.value) is not False or not auth.known:
            ep.username, ep.password = s["user"], s["password"]
        elif auth.known:
            ep.auth_disabled = auth
        ssl, starttls = s["ssl"], s["starttls"]
        ssl_v = parse_bool(ssl.value) if ssl is not None and ssl.known else None
        st_v = parse_bool(starttls.value) if starttls is not None and starttls.known else None
        if (ssl is not None and ssl_v is None) or (starttls is not None and st_v is None):
            self.doc.endpoints.append(ep)
            return  # an unresolved flag: the mode is unknown
        if ssl_v and ssl is not None:
            ep.mode = _as_mode(ssl, Mode.IMPLICIT_TLS)
            if st_v and starttls is not None:
                ep.extra["mode_conflict"] = starttls
        elif st_v and starttls is not None:
            ep.mode = _as_mode(starttls, Mode.STARTTLS)
        elif starttls is not None or ssl is not None:
            decider = starttls if starttls is not None else ssl
            assert decider is not None
            ep.mode = _as_mode(decider, Mode.PLAIN)
        else:
            ep.mode = Setting(f"{prefix}.starttls", Mode.PLAIN, "", host.span, Origin.DEFAULT)
        self.doc.endpoints.append(ep)

    # -- SnappyMail / RainLoop domains ---------------------------------------------------------------------

    def snappymail(self, node: Node, path: list[str]) -> None:
        """A SnappyMail (or RainLoop) domain's ``SMTP`` block: ``type`` 0 none, 1 SSL/TLS (implicit), 2 STARTTLS
        (fails when not offered), 9 auto-detect (implicit on 465, else STARTTLS when offered); ``ssl.verify_peer``,
        ``ssl.verify_peer_name``, ``ssl.allow_self_signed``; ``useAuth`` true logs in with each user's own
        credentials (set, not written here), false sends without AUTH."""
        s = {k: self.setting(f"SMTP.{k}", node.get(k)) for k in ("host", "port", "type", "useAuth", "usePhpMail")}
        host = s["host"]
        if host is None or (host.known and not (host.value or "").strip()):
            return
        php_mail = s["usePhpMail"]
        if php_mail is not None and php_mail.known and parse_bool(php_mail.value):
            return  # PHP's mail(): no SMTP connection
        ep = ClientEndpoint(Dialect.SNAPPYMAIL, self.block_span(node), host=host)
        port = s["port"]
        if port is not None:
            ep.port = Setting(port.key, parse_port(port.value), port.raw, port.span, port.origin)
        kind = s["type"]
        if kind is not None and kind.known:
            word = (kind.value or "").strip()
            if word == "0":
                ep.mode = _as_mode(kind, Mode.PLAIN)
                ep.tls_opt_out = kind
            elif word == "1":
                ep.mode = _as_mode(kind, Mode.IMPLICIT_TLS)
            elif word == "2":
                ep.mode = _as_mode(kind, Mode.STARTTLS_REQUIRED)
            elif word == "9":
                ep.mode = _as_mode(kind, Mode.AUTO)
                ep.mode_certain = False
        use_auth = s["useAuth"]
        if use_auth is not None and use_auth.known and parse_bool(use_auth.value) is False:
            ep.auth_disabled = use_auth
        elif use_auth is not None:  # each user's own login: credentials exist, they are not in this file
            ep.username = Setting(use_auth.key, None, use_auth.raw, use_auth.span, Origin.REFERENCE)
        ssl = node.get("ssl")
        if ssl is not None and ssl[1].kind == "object":
            for key, extra in (("verify_peer", "verify"), ("verify_peer_name", "verify_peer_name"),
                               ("allow_self_signed", "allow_self_signed")):
                found = self.setting(f"SMTP.ssl.{key}", ssl[1].get(key))
                if found is not None:
                    ep.extra[extra] = found
        self.doc.endpoints.append(ep)

    # -- Heroku app.json ----------------------------------------------------------------------------------

    def app_json_env(self, env: Node) -> None:
        """Heroku ``app.json`` ``env``: each variable's default (``"X": "v"`` or ``"X": {"value": "v"}``), read
        with the environment-variable vocabulary; a variable without a value (``"required": true``,
        ``"generator": "secret"``) is set at deploy time: unknown."""
        from smtplint.parsers.envvars import endpoints_from_env
        from smtplint.parsers.shapes import env_relevant

        settings: list[Setting[str]] = []
        for key, value in env.pairs:
            name = str(key.value)
            if not env_relevant(name):
                continue
            pair: tuple[Node, Node] | None = (key, value)
            if value.kind == "object":
                pair = value.get("value")
                if pair is None:
                    settings.append(Setting(name, None, "", self.lines.span(key.start, value.end), Origin.REFERENCE))
                    continue
            found = self.setting(name, pair)
            if found is not None:
                settings.append(Setting(name, found.value, found.raw, self.lines.span(key.start, found_end(pair)),
                                        found.origin))
        if settings:
            self.doc.endpoints.extend(endpoints_from_env(settings, self.block_span(env)))

    # -- nodemailer ---------------------------------------------------------------------------------------

    def nodemailer(self, node: Node, path: list[str]) -> ClientEndpoint:
        prefix = ".".join(path[-2:])

        def name(key: str) -> str:
            return f"{prefix}.{key}" if prefix else key

        host = self.setting(name("host"), node.get("host"))
        service = self.service(name("service"), node)
        if host is None:  # a well-known service names the host
            assert service is not None
            host = service[0]
        ep = ClientEndpoint(Dialect.NODEMAILER, self.block_span(node), host=host)
        port = self.setting(name("port"), node.get("port"))
        if port is None and service is not None and service[1] is not None:
            port = service[1]
        if port is not None:
            ep.port = Setting(port.key, parse_port(port.value), port.raw, port.span, port.origin)
        auth = node.get("auth")
        if auth is not None and auth[1].kind == "object":
            ep.username = self.setting(name("auth.user"), auth[1].get("user"))
            ep.password = self.setting(name("auth.pass"), auth[1].get("pass"))
            if ep.password is None:
                tokens = [auth[1].get(k) for k in ("accessToken", "refreshToken", "clientSecret")]
                ep.credential_file = next((self.setting(name("auth"), t) for t in tokens if t is not None), None)
        tls = node.get("tls")
        if tls is not None and tls[1].kind == "object":
            for key, extra in (("rejectUnauthorized", "reject_unauthorized"), ("minVersion", "protocols")):
                found = self.setting(name(f"tls.{key}"), tls[1].get(key))
                if found is not None:
                    ep.extra[extra] = found
        flags = {k: self.setting(name(k), node.get(k)) for k in _NODEMAILER_FLAGS}
        if service is not None:  # the service's flags fill what the options leave out
            for k, v in service[2].items():
                flags[k] = flags[k] or v
        _nodemailer_mode(ep, flags["secure"], flags["ignoreTLS"], flags["requireTLS"])
        if ep.port is None:
            implicit = ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS
            ep.port = Setting(name("port"), 465 if implicit else 587, "", host.span, Origin.DEFAULT)
        self.doc.endpoints.append(ep)
        return ep


    def service(self, key: str, node: Node) -> tuple[Setting[str], Setting[str] | None, dict[str, Setting[str]]] | None:
        """A well-known ``service`` (nodemailer's table): the host, port and flags it fills in, each reported
        at the ``service`` entry (origin DEFAULT: the service decided them, not a written value)."""
        pair = node.get("service")
        if pair is None or pair[1].kind != "string":
            return None
        from smtplint.parsers.nodemailer_services import well_known

        written = self.setting(key, pair)
        known = well_known(str(pair[1].value))
        if written is None or known is None or written.origin is not Origin.LITERAL:
            return None
        host = Setting(key, known.host or "localhost", written.raw, written.span, Origin.LITERAL)
        port = Setting(key, str(known.port), written.raw, written.span, Origin.DEFAULT)
        flags = {flag: Setting(key, "true" if value else "false", written.raw, written.span, Origin.DEFAULT)
                 for flag, value in (("secure", known.secure), ("requireTLS", known.require_tls),
                                     ("ignoreTLS", known.ignore_tls)) if value is not None}
        return host, port, flags


def found_end(pair: tuple[Node, Node] | None) -> int:
    """Where a pair's value ends (its offset)."""
    assert pair is not None
    return pair[1].end


def _known_service(value: Node) -> bool:
    from smtplint.parsers.nodemailer_services import well_known

    return well_known(str(value.value)) is not None


def _as_mode(setting: Setting[str], mode: Mode) -> Setting[Mode]:
    return Setting(setting.key, mode, setting.raw, setting.span, setting.origin)


def _flag(setting: Setting[str] | None) -> bool | None:
    return parse_bool(setting.value) if setting is not None and setting.known else None


def _nodemailer_mode(ep: ClientEndpoint, secure: Setting[str] | None, ignore: Setting[str] | None,
                     require: Setting[str] | None) -> None:
    """nodemailer's mode: secure true = implicit TLS; ignoreTLS opts out; requireTLS makes STARTTLS mandatory."""
    unknown = [s for s in (secure, ignore, require) if s is not None and _flag(s) is None]
    if unknown:
        return
    if _flag(secure) and secure is not None:
        ep.mode = _as_mode(secure, Mode.IMPLICIT_TLS)
        other = next((s for s in (ignore, require) if _flag(s)), None)
        if other is not None:
            ep.extra["mode_conflict"] = other
        return
    if _flag(ignore) and ignore is not None:
        ep.mode = _as_mode(ignore, Mode.PLAIN)
        ep.tls_opt_out = ignore
        return
    port = ep.port.value if ep.port is not None and ep.port.known else None
    if secure is None and port == 465:
        assert ep.port is not None
        ep.mode = Setting(ep.port.key, Mode.IMPLICIT_TLS, ep.port.raw, ep.port.span, ep.port.origin)
        ep.mode_certain = False
        return
    required = bool(_flag(require))
    decider = secure if secure is not None else require
    if decider is not None:
        ep.mode = _as_mode(decider, Mode.STARTTLS_REQUIRED if required else Mode.STARTTLS)
        return
    host = ep.host
    assert host is not None
    ep.mode = Setting("secure", Mode.AUTO, "", host.span, Origin.DEFAULT)

