"""SMTP clients configured in Python code, read with :mod:`ast` (never imported, never executed).

Recognised:

* ``smtplib.SMTP(host, port)`` and ``smtplib.SMTP_SSL(host, port)`` (also imported bare or under another
  name), bound to a local name (``s = SMTP(...)``, ``with SMTP(...) as s:``) or an attribute
  (``self.conn = SMTP(...)``): one endpoint each, dialect SMTPLIB. ``SMTP_SSL`` is implicit TLS (default port
  465); ``SMTP`` never upgrades by itself: with an unconditional ``s.starttls()`` in the same body it is
  STARTTLS that must succeed, without any ``starttls()`` call on it anywhere it is plaintext (default port
  25). A ``starttls()`` under an ``if``/loop/handler, or an object that leaves the body (returned, passed on,
  closed over), makes the mode unknown. ``s.login(user, password)`` gives the credentials, ``s.connect(host,
  port)`` the host when the constructor has none, ``context=ssl._create_unverified_context()`` a verification
  knob.
* NetBox-style ``EMAIL = {'SERVER': ..., 'PORT': ..., 'USE_SSL': ..., 'USE_TLS': ...}`` at module level:
  Django's semantics (NetBox hands the dict to Django's SMTP backend), dialect NETBOX.
* Flask-Mail settings: ``app.config['MAIL_SERVER'] = ...``, ``app.config.update(MAIL_PORT=...)`` or
  ``update({...})``/``from_mapping(...)``, and ``MAIL_*`` assignments in a module or class body that sets
  ``MAIL_SERVER``: read as MAIL_* variables with Flask-Mail's semantics (dialect FLASK).

Values are resolved with the Django settings reader's static evaluation (smtplint.parsers.django_.Scope):
literals, same-file names, ``+``, f-strings, ``int()``, and ``os.getenv("X", "25")``-style lookups whose
literal default is a fallback; everything else is a reference and no rule judges it.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Dialect, Document, Mode, Origin, Setting, Span
from smtplint.parsers.django_ import Scope, parse_tree

_SMTP = ("smtplib.SMTP", "smtplib.SMTP_SSL")
_UNVERIFIED = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})
# ssl.SSLContext(protocol) that starts with verify_mode CERT_NONE and check_hostname False
_UNVERIFYING_PROTOCOLS = frozenset({"ssl.PROTOCOL_TLS", "ssl.PROTOCOL_SSLv23", "ssl.PROTOCOL_TLSv1",
                                    "ssl.PROTOCOL_TLSv1_1", "ssl.PROTOCOL_TLSv1_2"})
_NETBOX_KEYS = {"SERVER": "EMAIL_HOST", "PORT": "EMAIL_PORT", "USERNAME": "EMAIL_HOST_USER",
                "PASSWORD": "EMAIL_HOST_PASSWORD", "USE_SSL": "EMAIL_USE_SSL", "USE_TLS": "EMAIL_USE_TLS"}
_FLASK_KEYS = frozenset({"MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME",
                         "MAIL_PASSWORD"})
_CONDITIONAL = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Match, ast.Try, ast.TryStar)
_Scoped = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def parse(path: str, text: str) -> Document:
    """Every SMTP client configured in a Python file: smtplib objects, NetBox EMAIL dicts, Flask-Mail settings.

    A file that is not valid Python for the interpreter running smtplint is skipped with a one-line reason naming
    its version (a Python 2 script is no configuration error; newer syntax needs a newer Python).
    """
    doc = Document(path, "python")
    tree = parse_tree(text)
    if isinstance(tree, SyntaxError):
        doc.skipped = _("not valid Python {version} (the Python running smtplint; line {line}: {error}): not read"
                        ).format(version=f"{sys.version_info[0]}.{sys.version_info[1]}", line=tree.lineno or 1,
                                 error=tree.msg or "invalid syntax")
        return doc
    if isinstance(tree, str):
        doc.skipped = _(tree)
        return doc
    reader = _Reader(path, text.removeprefix("\ufeff"))
    try:
        reader.body(tree, Scope(path, reader.text))
    except RecursionError:
        doc.skipped = _("the module is too deeply nested to be read")
        return doc
    doc.endpoints.extend(reader.endpoints)
    return doc


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.endpoints: list[ClientEndpoint] = []
        self.flask: list[Setting[str]] = []
        self.flask_complete = "from_object" not in text and "from_pyfile" not in text and "from_envvar" not in text

    def body(self, node: _Scoped, scope: Scope, enclosing: Scope | None = None) -> None:
        """Read one body (module, function, class) with its own names, then the bodies nested in it.

        A function's parameters are unknown in it (they shadow same-named module constants); the methods of a
        class see the scope around the class, not its body (as Python resolves names)."""
        statements = list(node.body)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            scope.forget(a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                         *(x for x in (arguments.vararg, arguments.kwarg) if x is not None)))
        scope.run(statements)
        if isinstance(node, ast.Module):
            self._netbox(statements, scope)
        self._smtplib(node, statements, scope)
        self._flask_body(node, statements, scope)
        outer = enclosing if isinstance(node, ast.ClassDef) and enclosing is not None else scope
        for inner in _nested(statements):
            if not _test_double(inner):
                self.body(inner, outer.child(), outer)
        if isinstance(node, ast.Module) and self.flask:
            self._flask_endpoints(self.flask, self.flask_complete)

    # -- smtplib

    def _smtplib(self, node: _Scoped, statements: list[ast.stmt], scope: Scope) -> None:
        straight = list(_straight(statements))
        for stmt in _own_statements(statements):
            for call, target, conditional, chained in _constructions(stmt, scope):
                self._smtp_object(node, call, target, conditional, straight, scope, chained)

    def _smtp_object(self, node: _Scoped, call: ast.Call, target: ast.expr | None, conditional: bool,
                     straight: list[ast.stmt], scope: Scope, chained: dict[str, list[ast.Call]]) -> None:
        """One smtplib object: bound to ``target``, or a temporary whose ``chained`` methods are called on it
        (``smtplib.SMTP(host, 587).login(...)``)."""
        dotted = scope.dotted(call.func)
        implicit = dotted == "smtplib.SMTP_SSL"
        name = scope.source(target) if target is not None else None
        calls = _method_calls(node, name, scope) if name is not None else chained
        straight_calls = _method_calls_in(straight, name, scope) if name is not None else chained
        host_node, port_node = _arg(call, 0, "host"), _arg(call, 1, "port")
        connect = straight_calls.get("connect", [])
        if host_node is None and connect:
            host_node, port_node = _arg(connect[0], 0, "host"), _arg(connect[0], 1, "port")
        if host_node is None:
            return  # host given later, somewhere smtplint does not follow
        ep = ClientEndpoint(Dialect.SMTPLIB, scope.span(call))
        host = self._setting(scope, "host", host_node)
        port = self._setting(scope, "port", port_node) if port_node is not None else None
        if host.known and host.value and ":" in host.value and (port is None or port.value in (None, "0")):
            hostname, _sep, number = host.value.rpartition(":")  # smtplib splits "host:port" when port is 0
            host = Setting("host", hostname, host.raw, host.span, host.origin)
            port = Setting("host", number, number, host.span, host.origin)
        ep.host = host
        ep.port = _port(port, 465 if implicit else 25, ep.span)
        escaped = not chained if target is None else name is None or _escapes(node, name, scope)
        ep.complete = not escaped and not conditional
        if target is None and not ({"login", "sendmail", "send_message"} & set(chained)):
            ep.complete = False  # a temporary that sends nothing (a connectivity check): no missing AUTH
        starttls = straight_calls.get("starttls", [])
        if implicit:
            ep.mode = Setting(scope.source(call.func), Mode.IMPLICIT_TLS, "", scope.span(call.func), Origin.LITERAL)
        elif starttls:
            ep.mode = Setting("starttls()", Mode.STARTTLS_REQUIRED, "", scope.span(starttls[0]), Origin.LITERAL)
        elif not escaped and not calls.get("starttls"):
            ep.mode = Setting(scope.source(call.func), Mode.PLAIN, "", scope.span(call.func), Origin.DEFAULT)
        self._verification(ep, scope, [call, *starttls], list(node.body))
        login = straight_calls.get("login") or calls.get("login")
        if login:
            user, password = _arg(login[0], 0, "user"), _arg(login[0], 1, "password")
            if user is not None:
                ep.username = self._setting(scope, "user", user)
            if password is not None:
                ep.password = self._setting(scope, "password", password)
        self.endpoints.append(ep)

    def _verification(self, ep: ClientEndpoint, scope: Scope, calls: list[ast.Call],
                      statements: list[ast.stmt]) -> None:
        """The ``context=`` of the constructor and of ``starttls()``: ``ssl._create_unverified_context()``, or a
        context made in the same body whose ``check_hostname = False`` / ``verify_mode = ssl.CERT_NONE`` always
        run, or an ``ssl.SSLContext()`` of ``PROTOCOL_TLS`` (it verifies nothing unless told to)."""
        for call in calls:
            context = next((kw.value for kw in call.keywords if kw.arg == "context"), None)
            made = context
            if isinstance(context, ast.Name):
                made = _bound_value(statements, context.id, call)
            if isinstance(made, ast.Call) and scope.dotted(made.func) in _UNVERIFIED:
                ep.extra["skip_verify"] = Setting("context", "true", scope.source(made), scope.span(made),
                                                  Origin.LITERAL)
                continue
            writes = _context_writes(statements, context.id, call) if isinstance(context, ast.Name) else {}
            check, mode = writes.get("check_hostname"), writes.get("verify_mode")
            if check is not None and isinstance(check.value, ast.Constant) and check.value.value is False:
                ep.extra["verify_peer_name"] = Setting(scope.source(check.targets[0]), "false",
                                                       scope.source(check.value), scope.span(check), Origin.LITERAL)
            if mode is not None:
                word = _verify_mode(scope, mode.value)
                if word is not None:
                    ep.extra["verify"] = Setting(scope.source(mode.targets[0]), word, scope.source(mode.value),
                                                 scope.span(mode), Origin.LITERAL)
            elif isinstance(made, ast.Call) and scope.dotted(made.func) == "ssl.SSLContext" and (
                    not made.args or scope.dotted(made.args[0]) in _UNVERIFYING_PROTOCOLS) and not made.keywords:
                ep.extra["verify"] = Setting(scope.source(made), "none", scope.source(made), scope.span(made),
                                             Origin.LITERAL)

    def _setting(self, scope: Scope, key: str, node: ast.expr) -> Setting[str]:
        origin, obj = scope.value(node)
        source = scope.source(node)
        if origin is Origin.REFERENCE:
            return Setting(key, None, source, scope.span(node), Origin.REFERENCE)
        text = "" if obj is None else str(obj)
        raw = text if isinstance(node, ast.Constant) and isinstance(obj, str) else source
        return Setting(key, text, raw, scope.span(node), origin)

    # -- NetBox EMAIL = {...}

    def _netbox(self, statements: list[ast.stmt], scope: Scope) -> None:
        for stmt in statements:
            if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Dict)
                    and any(isinstance(t, ast.Name) and t.id == "EMAIL" for t in stmt.targets)):
                continue
            settings: list[Setting[str]] = []
            complete = True
            names: dict[str, str] = {}
            for key, value in zip(stmt.value.keys, stmt.value.values, strict=True):
                if key is None:
                    complete = False  # **other: any key may come from it
                    continue
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or key.value not in _NETBOX_KEYS:
                    continue
                django = _NETBOX_KEYS[key.value]
                names[django] = f"EMAIL['{key.value}']"
                setting = self._setting(scope, django, value)
                settings.append(Setting(django, setting.value, setting.raw, scope.span(key, value), setting.origin))
            if not any(s.key == "EMAIL_HOST" for s in settings):
                continue
            from smtplint.parsers.envvars import endpoints_from_env
            for ep in endpoints_from_env(settings, scope.span(stmt), hint=Dialect.DJANGO, complete=complete):
                ep.dialect = Dialect.NETBOX
                _rename(ep, names)
                self.endpoints.append(ep)

    # -- Flask-Mail

    def _flask_body(self, node: _Scoped, statements: list[ast.stmt], scope: Scope) -> None:
        if isinstance(node, ast.Module | ast.ClassDef):
            own = [(t.id, stmt, t, stmt.value) for stmt in statements if isinstance(stmt, ast.Assign)
                   for t in stmt.targets if isinstance(t, ast.Name) and t.id.startswith("MAIL_")]
            if any(name == "MAIL_SERVER" for name, *_rest in own):
                settings = [self._flask_setting(scope, name, target, value) for name, _s, target, value in own]
                bases = isinstance(node, ast.ClassDef) and any(
                    not (isinstance(b, ast.Name) and b.id == "object") for b in node.bases)
                self._flask_endpoints(settings, not bases and isinstance(node, ast.ClassDef))
        for stmt, conditional in _all_statements(statements):
            for name, start, value in _config_writes(stmt):
                setting = self._flask_setting(scope, name, start, value)
                if conditional:
                    setting = Setting(setting.key, None, setting.raw, setting.span, Origin.REFERENCE)
                self.flask.append(setting)
            if _config_unknown_update(stmt):
                self.flask_complete = False

    def _flask_setting(self, scope: Scope, name: str, start: ast.AST, value: ast.expr) -> Setting[str]:
        setting = self._setting(scope, name, value)
        return Setting(name, setting.value, setting.raw, scope.span(start, value), setting.origin)

    def _flask_endpoints(self, settings: list[Setting[str]], complete: bool) -> None:
        if not any(s.key in _FLASK_KEYS for s in settings):
            return
        from smtplint.parsers.envvars import endpoints_from_env
        first = min(s.span for s in settings)
        last = max(settings, key=lambda s: (s.span.end_line, s.span.end_column)).span
        block = Span(self.path, first.line, first.column, last.end_line, last.end_column)
        for ep in endpoints_from_env(settings, block, hint=Dialect.FLASK, complete=complete):
            if ep.dialect is Dialect.FLASK:
                self.endpoints.append(ep)


# -- statements and calls ------------------------------------------------------------------------------------


def _bound_value(statements: list[ast.stmt], name: str, before: ast.AST) -> ast.expr | None:
    """The value ``name = value`` last gives before ``before``, when that assignment always runs in this body."""
    found: ast.expr | None = None
    for stmt, conditional in _all_statements(statements):
        if getattr(stmt, "lineno", 0) > getattr(before, "lineno", 0):
            break
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            found = None if conditional else stmt.value
    return found


def _context_writes(statements: list[ast.stmt], name: str, before: ast.AST) -> dict[str, ast.Assign]:
    """``name.check_hostname = ...`` and ``name.verify_mode = ...`` that always run before ``before`` (the
    last of each); a conditional one makes that attribute unknown (left out)."""
    out: dict[str, ast.Assign] = {}
    unknown: set[str] = set()
    for stmt, conditional in _all_statements(statements):
        if getattr(stmt, "lineno", 0) > getattr(before, "lineno", 0):
            break
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
            continue
        target = stmt.targets[0]
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == name \
                and target.attr in ("check_hostname", "verify_mode"):
            if conditional:
                unknown.add(target.attr)
            else:
                out[target.attr] = stmt
    return {k: v for k, v in out.items() if k not in unknown}


def _verify_mode(scope: Scope, value: ast.expr) -> str | None:
    """``ssl.CERT_NONE`` (or 0) -> "none"; ``CERT_REQUIRED``/``CERT_OPTIONAL`` -> "peer"; else None."""
    dotted = scope.dotted(value)
    if dotted in ("ssl.CERT_NONE", "ssl.VerifyMode.CERT_NONE") or (
            isinstance(value, ast.Constant) and value.value == 0 and not isinstance(value.value, bool)):
        return "none"
    if dotted in ("ssl.CERT_REQUIRED", "ssl.VerifyMode.CERT_REQUIRED"):
        return "peer"
    return None


def _test_double(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    """A test that replaces smtplib (``@patch("smtplib.SMTP")``, ``with mock.patch.object(smtplib, ...)``):
    the SMTP objects and the mail settings it makes never reach a server."""
    for inner in [*node.decorator_list, *(n for stmt in node.body for n in ast.walk(stmt))]:
        if isinstance(inner, ast.Call) and _mocks_smtp(inner):
            return True
    return False


def _mocks_smtp(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in ("patch", "object", "setattr"):
        return False
    for arg in call.args[:2]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "smtplib" in arg.value:
            return True
        if isinstance(arg, ast.Name) and arg.id == "smtplib":
            return True
    return False


def _nested(statements: list[ast.stmt]) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]:
    """Functions and classes defined in these statements (in branches too), not inside other definitions."""
    for stmt, _conditional in _all_statements(statements):
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield stmt


def _all_statements(statements: list[ast.stmt], conditional: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Every statement of a body, in branches too (with whether it may not run), not inside definitions."""
    for stmt in statements:
        yield stmt, conditional
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        inner_conditional = conditional or isinstance(stmt, _CONDITIONAL)
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                always = isinstance(stmt, ast.Try | ast.TryStar) and field in ("body", "finalbody")
                yield from _all_statements(inner, conditional if always else inner_conditional)
        for handler in getattr(stmt, "handlers", ()):
            yield from _all_statements(handler.body, True)
        for case in getattr(stmt, "cases", ()):
            yield from _all_statements(case.body, True)


def _own_statements(statements: list[ast.stmt]) -> Iterator[tuple[ast.stmt, bool]]:
    yield from _all_statements(statements)


def _straight(statements: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a body that always run when it runs: ``with`` bodies and ``try`` bodies included."""
    for stmt, conditional in _all_statements(statements):
        if not conditional:
            yield stmt


_Construction = tuple[ast.Call, ast.expr | None, bool, dict[str, list[ast.Call]]]


def _constructions(item: tuple[ast.stmt, bool], scope: Scope) -> Iterator[_Construction]:
    """smtplib constructor calls in one statement: (call, the name or attribute bound to it, conditional, the
    methods called on it directly when it is a temporary)."""
    stmt, conditional = item
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return
    bound: dict[int, ast.expr] = {}
    if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Call):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if len(targets) == 1 and isinstance(targets[0], ast.Name | ast.Attribute):
            bound[id(stmt.value)] = targets[0]
    if isinstance(stmt, ast.With | ast.AsyncWith):
        for item_ in stmt.items:
            if isinstance(item_.context_expr, ast.Call) and isinstance(item_.optional_vars, ast.Name | ast.Attribute):
                bound[id(item_.context_expr)] = item_.optional_vars
    nodes = list(_shallow_walk(stmt))
    on: dict[int, dict[str, list[ast.Call]]] = {}
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call):
            on.setdefault(id(func.value), {}).setdefault(func.attr, []).append(node)
    for node in nodes:
        if isinstance(node, ast.Call) and scope.dotted(node.func) in _SMTP:
            yield node, bound.get(id(node)), conditional, on.get(id(node), {})


def _shallow_walk(stmt: ast.stmt) -> Iterator[ast.AST]:
    """The nodes of one statement without the statements nested in it (those come on their own)."""
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                stack.append(child)


def _method_calls_in(statements: list[ast.stmt], name: str, scope: Scope) -> dict[str, list[ast.Call]]:
    """``name.method(...)`` calls made directly by these statements, by method name."""
    out: dict[str, list[ast.Call]] = {}
    for stmt in statements:
        for node in _shallow_walk(stmt):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and scope.source(node.func.value) == name:
                out.setdefault(node.func.attr, []).append(node)
    return out


def _method_calls(node: _Scoped, name: str, scope: Scope) -> dict[str, list[ast.Call]]:
    """``name.method(...)`` calls anywhere in the body (an attribute: anywhere in the module's text)."""
    out: dict[str, list[ast.Call]] = {}
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) \
                and scope.source(inner.func.value) == name:
            out.setdefault(inner.func.attr, []).append(inner)
    return out


def _escapes(node: _Scoped, name: str, scope: Scope) -> bool:
    """Whether the object may be used where smtplint does not look: an attribute (other methods), or a name
    used other than as the receiver of a method call (returned, passed on, stored, closed over)."""
    if "." in name:
        return True
    receivers: set[int] = set()
    uses: list[ast.Name] = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == name:
            receivers.add(id(inner.value))
        elif isinstance(inner, ast.Name) and inner.id == name and isinstance(inner.ctx, ast.Load):
            uses.append(inner)
        elif isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and inner is not node \
                and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(inner)):
            return True
    return any(id(use) not in receivers for use in uses)


def _config_writes(stmt: ast.stmt) -> Iterator[tuple[str, ast.AST, ast.expr]]:
    """Flask config writes in one statement: ``x.config['MAIL_X'] = v`` and ``x.config.update(MAIL_X=v)``."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Subscript) and _is_config(target.value) \
                and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str) \
                and target.slice.value.startswith("MAIL_"):
            yield target.slice.value, target, stmt.value
        return
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr in ("update", "from_mapping") and _is_config(call.func.value)):
        return
    for kw in call.keywords:
        if kw.arg is not None and kw.arg.startswith("MAIL_"):
            yield kw.arg, kw, kw.value
    for arg in call.args:
        if isinstance(arg, ast.Dict):
            for key, value in zip(arg.keys, arg.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.startswith("MAIL_"):
                    yield key.value, key, value
        elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "dict":
            for kw in arg.keywords:
                if kw.arg is not None and kw.arg.startswith("MAIL_"):
                    yield kw.arg, kw, kw.value


def _config_unknown_update(stmt: ast.stmt) -> bool:
    """``app.config.update(other)`` / ``(**other)``: any MAIL_ setting may come from it."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and _is_config(call.func.value)):
        return False
    if call.func.attr.startswith("from_"):
        return call.func.attr != "from_mapping" or any(kw.arg is None for kw in call.keywords)
    return call.func.attr == "update" and (any(kw.arg is None for kw in call.keywords) or any(
        not isinstance(a, ast.Dict | ast.Call) for a in call.args))


def _is_config(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "config") or (
        isinstance(node, ast.Name) and node.id == "config")


def _arg(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return None
    return call.args[index] if index < len(call.args) else None


def _port(setting: Setting[str] | None, default: int, span: Span) -> Setting[int]:
    if setting is None:
        return Setting("port", default, "", span, Origin.DEFAULT)
    text = (setting.value or "").strip()
    if setting.known and text.isdigit() and int(text) == 0:
        return Setting(setting.key, default, setting.raw, setting.span, Origin.DEFAULT)
    number = int(text) if setting.known and text.isdigit() and 0 < int(text) <= 65535 else None
    origin = setting.origin if number is not None else Origin.REFERENCE
    return Setting(setting.key, number, setting.raw, setting.span, origin)


def _rename(ep: ClientEndpoint, names: dict[str, str]) -> None:
    """Give an endpoint built from Django names the keys as the file writes them (``EMAIL['USE_TLS']``)."""
    def renamed(setting: Setting[str] | None) -> Setting[str] | None:
        if setting is None:
            return None
        return Setting(names.get(setting.key, setting.key), setting.value, setting.raw, setting.span, setting.origin)
    ep.host, ep.username, ep.password = renamed(ep.host), renamed(ep.username), renamed(ep.password)
    if ep.port is not None:
        ep.port = Setting(names.get(ep.port.key, ep.port.key), ep.port.value, ep.port.raw, ep.port.span,
                          ep.port.origin)
    if ep.mode is not None:
        ep.mode = Setting(names.get(ep.mode.key, ep.mode.key), ep.mode.value, ep.mode.raw, ep.mode.span,
                          ep.mode.origin)
    ep.extra = {k: renamed(v) or v for k, v in ep.extra.items()}
