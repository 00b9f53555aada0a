"""C# code that configures an SMTP client, read with tree-sitter (never run): ``System.Net.Mail.SmtpClient`` and
MailKit's ``SmtpClient``.

* System.Net.Mail (dialect SYSTEM_NET_MAIL): ``new SmtpClient(host, port) { Host, Port, EnableSsl,
  Credentials, UseDefaultCredentials, DeliveryMethod }`` and later ``x.Host = ...`` assignments on the same
  variable or field make one endpoint per object when a host or a port is set. ``EnableSsl = true`` is
  STARTTLS that must succeed: System.Net.Mail cannot speak implicit TLS, so on 465 it never connects.
  ``EnableSsl`` false or absent (the default) is plaintext. The port defaults to 25. A ``DeliveryMethod``
  other than ``Network`` sends nothing over SMTP: no endpoint. ``ServicePointManager.
  ServerCertificateValidationCallback`` set to a callback that always returns true switches verification off
  for every System.Net.Mail client of the process (here: of the file).
* MailKit (dialect MAILKIT): each ``x.Connect(host, port, options)`` / ``ConnectAsync`` on a variable, field,
  property or parameter that holds an ``SmtpClient`` (declared so, or given ``new SmtpClient()``) is one endpoint;
  ``SecureSocketOptions.SslOnConnect`` (or ``useSsl: true``) is implicit TLS, ``StartTls`` required STARTTLS,
  ``StartTlsWhenAvailable`` (or ``useSsl: false``) opportunistic STARTTLS, ``None`` plaintext (an explicit
  opt-out), ``Auto`` (the default) implicit TLS on 465 and opportunistic STARTTLS elsewhere. The port
  defaults to 25 (465 with ``SslOnConnect``). ``x.Authenticate(user, password)`` gives the credentials and
  ``x.ServerCertificateValidationCallback`` (or, when it is not set, ``ServicePointManager``'s, which MailKit
  falls back to) an always-true callback switches verification off.
  ``CheckCertificateRevocation = false`` only skips revocation lists (the chain and host name are still
  checked): not a verification knob in smtplint's reference, so no rule reads it.

Values resolved: literals (verbatim strings too), ``+`` on strings, same-file constants and variables
(code_values.Names: a name set to different literals on different paths is judged per path),
``int.Parse``/``Convert.ToInt32``/``ToString()`` of a resolvable value, and ``x ?? "fallback"`` /
``GetValue("X", 587)`` (the fallback, origin FALLBACK). ``Environment.GetEnvironmentVariable("X")``,
configuration look-ups without a fallback and everything else are references. Comments are not code.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Document, Mode, Origin, Setting, Span
from smtplint.parsers.code_mail import Value, flag, port_of
from smtplint.parsers.code_tree import Scopes, Source, under_condition, walk
from smtplint.parsers.code_values import (
    Names,
    document_variants,
    fallback_of,
    joined,
    literal_text,
    or_fallback,
    referenced_name,
    renamed,
)
from smtplint.records import field, record

PROPERTIES = {"Host": "host", "Port": "port", "EnableSsl": "ssl", "Credentials": "credentials",
              "UseDefaultCredentials": "default_credentials", "DeliveryMethod": "delivery"}
# MailKit's SecureSocketOptions -> the mode it connects with (Auto: by port)
SOCKET_OPTIONS = {"none": Mode.PLAIN, "auto": Mode.AUTO, "sslonconnect": Mode.IMPLICIT_TLS,
                  "starttls": Mode.STARTTLS_REQUIRED, "starttlswhenavailable": Mode.STARTTLS}
_CONVERSIONS = ("Parse", "ToInt32", "ToInt16", "ToString", "ToBoolean", "GetValueOrDefault")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
_ACCEPT_ALL = "ServerCertificateValidationCallback"
_MAX_DEPTH = 20
_FUNCTIONS = frozenset({"method_declaration", "constructor_declaration", "local_function_statement",
                        "lambda_expression", "anonymous_method_expression", "accessor_declaration",
                        "operator_declaration"})
_DECLARATIONS = {"variable_declarator": "name", "parameter": "name"}
_CONDITIONALS = frozenset({"if_statement", "switch_statement", "switch_section", "switch_expression",
                           "conditional_expression", "while_statement", "for_statement", "foreach_statement",
                           "do_statement", "catch_clause"})


@record
class _Client:
    """One System.Net.Mail client object: its properties as set, in order."""

    first: Any
    settings: dict[str, Setting[str]] = field(default_factory=dict)


class _Reader:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.names = Names(source, _CONDITIONALS, _FUNCTIONS)
        self.scopes: Scopes  # set once the tree is walked
        self.methods: dict[str, list[Any]] = {}  # method and local function declarations by name

    def resolve(self, node: Any, depth: int = 0) -> Value:
        raw = self.src.text(node)
        if depth > _MAX_DEPTH:
            return Value.reference(raw)
        kind = node.type
        if kind == "integer_literal":
            text = raw.replace("_", "").rstrip("uUlL")
            try:
                return Value(str(int(text, 0)), raw)
            except ValueError:
                return Value.reference(raw)
        if kind == "boolean_literal":
            return Value(raw, raw)
        if kind == "null_literal":
            return Value(None, raw, nil=True)
        if kind == "string_literal":
            text = self._string(node)
            return Value(text, text)  # raw without the quotes, as other formats keep a scalar's text
        if kind == "verbatim_string_literal":
            text = raw[2:-1].replace('""', '"')
            return Value(text, text)
        if kind == "raw_string_literal":
            text = raw.strip('"')
            return Value(text, text)
        if kind == "interpolated_string_expression":
            if any(c.type == "interpolation" for c in node.named_children):
                return Value.reference(raw)
            text = "".join(self.src.text(c) for c in node.named_children if c.type == "string_content")
            return Value(text, text)
        key = referenced_name(self.src, node, "member_access_expression", "name")  # Port, Settings.Port
        if key is not None and key in self.names:
            value = self.names.value(key, node, lambda inner: self.resolve(inner, depth + 1))
            return value if value is not None else Value.reference(raw)
        if kind in ("parenthesized_expression", "cast_expression", "checked_expression") and node.named_child_count:
            inner = self.resolve(node.named_children[-1], depth + 1)
            return renamed(inner, raw)
        if kind == "binary_expression":
            return self._binary(node, raw, depth)
        if kind == "invocation_expression":
            return self._call(node, raw, depth)
        return Value.reference(raw)

    def _string(self, node: Any) -> str:
        return literal_text(self.src, node, _ESCAPES)

    def _binary(self, node: Any, raw: str, depth: int) -> Value:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        if left is None or right is None or op is None:
            return Value.reference(raw)
        operator = self.src.text(op)
        if operator == "??":
            return or_fallback(self.resolve(left, depth + 1), lambda: self.resolve(right, depth + 1), raw)
        if operator == "+":
            return joined(self.resolve(left, depth + 1), self.resolve(right, depth + 1), raw)
        return Value.reference(raw)

    def _call(self, node: Any, raw: str, depth: int) -> Value:
        function = node.child_by_field_name("function")
        name_node = function.child_by_field_name("name") if function is not None \
            and function.type == "member_access_expression" else function
        name = self.src.text(name_node) if name_node is not None else ""
        if name_node is not None and name_node.type == "generic_name" and name_node.named_child_count:
            name = self.src.text(name_node.named_children[0])  # GetValue<int>
        args = arguments(node)
        if name in _CONVERSIONS and len(args) == 1:
            inner = self.resolve(args[0], depth + 1)
            return renamed(inner, raw)
        if name == "ToString" and not args and function is not None and function.type == "member_access_expression":
            target = function.child_by_field_name("expression")
            if target is not None:
                inner = self.resolve(target, depth + 1)
                return renamed(inner, raw)
        if name in ("GetValue", "GetEnvironmentVariableOrDefault", "GetValueOrDefault") and len(args) == 2:
            return fallback_of(self.resolve(args[1], depth + 1), raw)
        return Value.reference(raw)

    def setting(self, key: str, value_node: Any, whole: Any, owner: str | None = None) -> Setting[str]:
        """The value set at ``whole``; with an ``owner`` (the object it is set on), unknown when only some paths
        set it (an ``if`` or a loop that does not also hold the owner's declaration)."""
        value = self.resolve(value_node)
        if owner is not None and self.conditional(whole, owner):
            return Setting(key, None, value.raw, self.src.span(whole), Origin.REFERENCE)
        return Setting(key, value.text, value.raw, self.src.span(whole), value.origin)

    def conditional(self, node: Any, owner: str) -> bool:
        return under_condition(node, _CONDITIONALS, _FUNCTIONS, self.scopes.declarations.get(owner))


def arguments(node: Any) -> list[Any]:
    """A call's (or an object creation's) argument expressions, positional first as written."""
    args = node.child_by_field_name("arguments")
    out: list[Any] = []
    for arg in args.named_children if args is not None else []:
        if arg.type == "argument" and arg.named_child_count:
            out.append(arg.named_children[-1])
    return out


def named_arguments(reader: _Reader, node: Any) -> dict[str, Any]:
    """``name: value`` arguments of a call."""
    args = node.child_by_field_name("arguments")
    out: dict[str, Any] = {}
    for arg in args.named_children if args is not None else []:
        label = arg.child_by_field_name("name") if arg.type == "argument" else None
        if label is not None and arg.named_child_count:
            out[reader.src.text(label)] = arg.named_children[-1]
    return out


def _receiver(reader: _Reader, node: Any) -> str:
    """The object an expression names, keyed by the method that declares it (``client`` in two methods is two)."""
    return reader.scopes.key(node)


def _member(reader: _Reader, node: Any) -> tuple[str, str] | None:
    """``target.Name`` -> (target text, Name)."""
    if node.type != "member_access_expression":
        return None
    target, name = node.child_by_field_name("expression"), node.child_by_field_name("name")
    if target is None or name is None:
        return None
    return _receiver(reader, target), reader.src.text(name)


def always_true(reader: _Reader, node: Any) -> bool:
    """A lambda or anonymous method whose only outcome is ``true`` (it accepts every certificate), or the name of
    a method of this file whose only outcome is (``= ValidateServerCertificate``: nopCommerce, Smartstore)."""
    if node.type == "identifier":
        methods = reader.methods.get(reader.src.text(node), [])
        return bool(methods) and all(_returns_only_true(reader, _method_body(m)) for m in methods)
    if node.type not in ("lambda_expression", "anonymous_method_expression"):
        return False
    body = node.child_by_field_name("body")
    if body is None:
        blocks = [c for c in node.named_children if c.type == "block"]
        body = blocks[0] if blocks else None
    return _returns_only_true(reader, body)


def _method_body(method: Any) -> Any:
    """A method's block, or the expression of its ``=> expression`` body."""
    body = method.child_by_field_name("body")
    if body is not None and body.type == "arrow_expression_clause":
        return body.named_children[0] if body.named_child_count else None
    if body is None:
        arrow = [c for c in method.named_children if c.type == "arrow_expression_clause"]
        return arrow[0].named_children[0] if arrow and arrow[0].named_child_count else None
    return body


def _returns_only_true(reader: _Reader, body: Any) -> bool:
    """A body (a block or an expression) whose only outcome is ``true``."""
    if body is None:
        return False
    if body.type == "block":
        statements = [c for c in body.named_children if "comment" not in c.type]
        if len(statements) != 1 or statements[0].type != "return_statement" or not statements[0].named_child_count:
            return False
        body = statements[0].named_children[0]
    return body.type == "boolean_literal" and reader.src.text(body) == "true"


def parse(path: str, text: str) -> Document:
    """System.Net.Mail and MailKit clients in a C# file. Raises code_tree.GrammarMissing without a grammar."""
    doc = Document(path, "csharp")
    reader = _Reader(Source(path, text, "csharp"))
    nodes = walk(reader.src.root)
    reader.scopes = Scopes(reader.src, nodes, _FUNCTIONS, _DECLARATIONS)
    for node in nodes:  # same-file names and methods first (code_values.Names: the assignments that reach a use)
        if node.type in ("method_declaration", "local_function_statement"):
            name = node.child_by_field_name("name")
            if name is not None:
                reader.methods.setdefault(reader.src.text(name), []).append(node)
        elif node.type == "variable_declarator" and node.named_child_count >= 2:
            name = node.child_by_field_name("name")
            if name is not None:
                reader.names.add(reader.src.text(name), node.named_children[-1], node, local=True)
        elif node.type == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            own = left is not None and (left.type == "identifier" or reader.src.text(left).startswith("this."))
            key = referenced_name(reader.src, left, "member_access_expression", "name") \
                if own and right is not None else None
            if key is not None:
                plain = reader.src.text(node.child_by_field_name("operator") or left) == "="
                reader.names.add(key, right if plain else None, node)
    doc.endpoints = document_variants(reader.names, partial(_build, reader, nodes))
    doc.endpoints.sort(key=lambda ep: (ep.span.line, ep.span.column))
    return doc


def _build(reader: _Reader, nodes: list[Any]) -> list[ClientEndpoint]:
    doc = Document(reader.src.path, "csharp")
    smtp_clients = _smtp_clients(reader, nodes)
    clients: dict[str, _Client] = {}
    mailkit: dict[str, list[Any]] = {}
    credentials: dict[str, dict[str, Setting[str]]] = {}
    knobs: dict[str, Setting[str]] = {}  # receiver -> an accept-all certificate callback
    for node in nodes:
        if node.type == "object_creation_expression":
            _creation(reader, node, clients)
        elif node.type == "assignment_expression":
            _assignment(reader, node, clients, knobs)
        elif node.type == "invocation_expression":
            function = node.child_by_field_name("function")
            member = _member(reader, function) if function is not None else None
            if member is None:
                continue
            target, name = member
            if name in ("Connect", "ConnectAsync") and arguments(node) and target in smtp_clients:
                mailkit.setdefault(target, []).append(node)
            elif name in ("Authenticate", "AuthenticateAsync"):
                _authenticate(reader, node, credentials.setdefault(target, {}), target)
    process = knobs.get("ServicePointManager")
    for key, client in clients.items():
        if key in mailkit:
            continue  # a MailKit client (Connect decides)
        ep = system_net_mail(reader.src.span(client.first), client.settings)
        if ep is not None:
            if process is not None:
                ep.extra["accepts_any_certificate"] = process
            doc.endpoints.append(ep)
    for target, calls in mailkit.items():
        for call in calls:
            ep = _mailkit(reader, call, credentials.get(target, {}))
            if ep is None:
                continue
            knob = knobs.get(target) or process  # MailKit falls back to ServicePointManager's callback
            if knob is not None:
                ep.extra["accepts_any_certificate"] = knob
            doc.endpoints.append(ep)
    return doc.endpoints


def _is_smtp_client(reader: _Reader, type_node: Any) -> bool:
    return type_node is not None and reader.src.text(type_node).rsplit(".", 1)[-1].rstrip("?") in (
        "SmtpClient", "ISmtpClient")


def _smtp_clients(reader: _Reader, nodes: list[Any]) -> set[str]:
    """Variables, fields, properties and parameters that hold an SMTP client (declared as ``SmtpClient`` or
    ``ISmtpClient``, or given ``new SmtpClient(...)``): only their ``Connect`` is MailKit's (not a TcpClient's,
    an ImapClient's or a database's)."""
    out: set[str] = set()
    for node in nodes:
        if node.type in ("parameter", "property_declaration"):
            name = node.child_by_field_name("name")
            if name is not None and _is_smtp_client(reader, node.child_by_field_name("type")):
                out.add(_receiver(reader, name))
        elif node.type == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.named_children[-1]
            declared = node.parent.child_by_field_name("type") if node.parent is not None else None
            created = value.type == "object_creation_expression" and _is_smtp_client(
                reader, value.child_by_field_name("type"))
            if name is not None and (created or _is_smtp_client(reader, declared)):
                out.add(_receiver(reader, name))
        elif node.type == "assignment_expression":  # _client = new SmtpClient()
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and right.type == "object_creation_expression" \
                    and _is_smtp_client(reader, right.child_by_field_name("type")):
                out.add(_receiver(reader, left))
    return out


def _creation(reader: _Reader, node: Any, clients: dict[str, _Client]) -> None:
    """``new SmtpClient(host, port) { ... }``: a client keyed by the variable, field or property it is put in."""
    key = _creation_key(reader, node)
    if key is None:
        return
    client = clients.setdefault(key, _Client(node))
    if client.first is not node and client.first.start_byte > node.start_byte:
        client.first = node
    for name, arg in zip(("host", "port"), arguments(node), strict=False):
        client.settings[name] = reader.setting(f"SmtpClient({name})", arg, arg)
    initializer = node.child_by_field_name("initializer")
    for item in initializer.named_children if initializer is not None else []:
        if item.type != "assignment_expression":
            continue
        left, right = item.child_by_field_name("left"), item.child_by_field_name("right")
        if left is not None and right is not None and reader.src.text(left) in PROPERTIES:
            _property(reader, reader.src.text(left), right, item, client.settings)


def _creation_key(reader: _Reader, node: Any) -> str | None:
    """The key of a ``new SmtpClient(...)`` (either library's): the variable, field or property it is put in
    (``@offset`` when used in place: ``new SmtpClient(...).Send(...)``); None for another type."""
    type_node = node.child_by_field_name("type")
    if type_node is None or reader.src.text(type_node).rsplit(".", 1)[-1] != "SmtpClient":
        return None
    parent = node.parent
    if parent is not None and parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        return _receiver(reader, name) if name is not None else f"@{node.start_byte}"
    if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left"):
        return _receiver(reader, parent.child_by_field_name("left"))
    return f"@{node.start_byte}"


def _property(reader: _Reader, prop: str, value: Any, whole: Any, settings: dict[str, Setting[str]],
              owner: str | None = None) -> None:
    name = PROPERTIES[prop]
    if name == "credentials":
        if value.type == "identifier" and reader.src.text(value) in reader.names:
            made = reader.names.sole(reader.src.text(value), value)  # var credentials = new NetworkCredential(...)
            if made is not None:
                value = whole = made
        creation = value if value.type in ("object_creation_expression", "implicit_object_creation_expression") \
            else None
        args = arguments(creation) if creation is not None else []
        kind = creation.child_by_field_name("type") if creation is not None else None
        if creation is not None and (kind is None or reader.src.text(kind).endswith("NetworkCredential")) \
                and len(args) >= 2:
            settings["username"] = reader.setting("NetworkCredential(userName)", args[0], whole, owner)
            settings["password"] = reader.setting("NetworkCredential(password)", args[1], whole, owner)
        elif reader.src.text(value) != "null":
            settings["username"] = Setting(prop, None, reader.src.text(value), reader.src.span(whole),
                                           Origin.REFERENCE)
        return
    if name == "delivery":
        settings[name] = Setting(prop, reader.src.text(value).rsplit(".", 1)[-1], reader.src.text(value),
                                 reader.src.span(whole))
        return
    settings[name] = reader.setting(prop, value, whole, owner)


def _assignment(reader: _Reader, node: Any, clients: dict[str, _Client], knobs: dict[str, Setting[str]]) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    member = _member(reader, left) if left is not None else None
    if member is None and left is not None and right is not None and left.type == "identifier" \
            and reader.src.text(left) == _ACCEPT_ALL:  # new SmtpClient { ServerCertificateValidationCallback = ... }
        creation = node.parent.parent if node.parent is not None and node.parent.type == "initializer_expression" \
            else None
        key = _creation_key(reader, creation) if creation is not None \
            and creation.type == "object_creation_expression" else None
        if key is not None and always_true(reader, right):
            knobs[key] = Setting(_ACCEPT_ALL, "true", reader.src.text(right), reader.src.span(node))
        return
    if member is None or right is None:
        return
    target, prop = member
    if prop == _ACCEPT_ALL and always_true(reader, right) and not reader.conditional(node, target):
        written = reader.src.text(left.child_by_field_name("expression"))
        knobs[target] = Setting(f"{written}.{prop}", "true", reader.src.text(right), reader.src.span(node))
    elif prop in PROPERTIES and target in clients:
        _property(reader, prop, right, node, clients[target].settings, target)


def _authenticate(reader: _Reader, node: Any, out: dict[str, Setting[str]], owner: str) -> None:
    """``Authenticate([encoding,] user, password[, token])``, ``(credentials[, token])``, ``(mechanism[, token])``."""
    args = arguments(node)
    if len(args) >= 3 and "encoding" in reader.src.text(args[0]).lower():
        args = args[1:]
    if len(args) >= 2 and "token" in reader.src.text(args[-1]).lower():
        args = args[:-1]
    if len(args) >= 2:
        out["username"] = reader.setting("Authenticate(userName)", args[0], node, owner)
        out["password"] = reader.setting("Authenticate(password)", args[1], node, owner)
    elif args:  # a NetworkCredential or a SASL mechanism
        out["username"] = Setting("Authenticate", None, reader.src.text(args[0]), reader.src.span(node),
                                  Origin.REFERENCE)


def _credentials(ep: ClientEndpoint, s: dict[str, Setting[str]]) -> None:
    user, password = s.get("username"), s.get("password")
    ep.username = user if user is not None and (user.value or not user.known) else None
    ep.password = password if password is not None and (password.value or not password.known) else None


def _as_mode(setting: Setting[str], mode: Mode) -> Setting[Mode]:
    return Setting(setting.key, mode, setting.raw, setting.span, setting.origin)


def system_net_mail(span: Span, s: dict[str, Setting[str]]) -> ClientEndpoint | None:
    """System.Net.Mail's ``SmtpClient`` (see the module docstring); None when it sends nothing over SMTP."""
    delivery = s.get("delivery")
    if ("host" not in s and "port" not in s) or (delivery is not None and delivery.value != "Network"):
        return None
    ep = ClientEndpoint(Dialect.SYSTEM_NET_MAIL, span)
    host = s.get("host")
    ep.host = host if host is not None and (host.value is not None or not host.known) else None
    _credentials(ep, s)
    default_credentials = s.get("default_credentials")
    if ep.username is None and default_credentials is not None and flag(default_credentials):
        ep.username = Setting(default_credentials.key, None, default_credentials.raw, default_credentials.span,
                              Origin.REFERENCE)  # the process's Windows credentials: set, not visible
    port = port_of(s.get("port"))
    ep.port = port if port is not None else Setting("Port", 25, "", span, Origin.DEFAULT)
    ssl = s.get("ssl")
    if ssl is None:
        ep.mode = Setting("EnableSsl", Mode.PLAIN, "", span, Origin.DEFAULT)
    elif flag(ssl) is True:
        ep.mode = _as_mode(ssl, Mode.STARTTLS_REQUIRED)
    elif flag(ssl) is False:
        ep.mode = _as_mode(ssl, Mode.PLAIN)
    return ep


def _mailkit(reader: _Reader, call: Any, credentials: dict[str, Setting[str]]) -> ClientEndpoint | None:
    """One MailKit ``Connect`` (see the module docstring); None for ``Connect(Uri)`` or a socket."""
    positional = [a for a in arguments(call) if a.parent.child_by_field_name("name") is None]
    named = named_arguments(reader, call)
    slots: dict[str, Any] = dict(zip(("host", "port", "options"), positional, strict=False))
    for label, value in named.items():
        slots[{"useSsl": "options"}.get(label, label)] = value
    host_node = slots.get("host")
    if host_node is None or host_node.type == "object_creation_expression" or "cancellation" in \
            reader.src.text(host_node).lower():
        return None
    ep = ClientEndpoint(Dialect.MAILKIT, reader.src.span(call))
    ep.host = reader.setting("Connect(host)", host_node, host_node)
    if ep.host.known and ep.host.value is not None and "://" in ep.host.value:
        return None  # a URI string: Connect(Uri) decides by its scheme
    _credentials(ep, credentials)
    options = slots.get("options")
    mode: Setting[Mode] | None
    if options is None:
        mode = Setting("SecureSocketOptions", Mode.AUTO, "", ep.span, Origin.DEFAULT)
    else:
        word = reader.src.text(options).rsplit(".", 1)[-1].strip().lower()
        value = reader.resolve(options)
        at = reader.src.span(options)
        if options.type != "member_access_expression" and value.text in ("true", "false"):
            setting = Setting("Connect(useSsl)", value.text, value.raw, at, value.origin)
            mode = _as_mode(setting, Mode.IMPLICIT_TLS if value.text == "true" else Mode.STARTTLS)
        elif options.type == "member_access_expression" and word in SOCKET_OPTIONS:
            setting = Setting("SecureSocketOptions", reader.src.text(options).rsplit(".", 1)[-1],
                              reader.src.text(options).rsplit(".", 1)[-1], at)
            mode = _as_mode(setting, SOCKET_OPTIONS[word])
            if SOCKET_OPTIONS[word] is Mode.PLAIN:
                ep.tls_opt_out = setting
        else:
            mode = None
    ep.mode = mode
    port_node = slots.get("port")
    written = reader.setting("Connect(port)", port_node, port_node) if port_node is not None else None
    port = port_of(written) if written is not None and not (written.known and written.value == "0") else None
    if port is None:  # absent or 0: MailKit picks 465 for SslOnConnect, else 25
        implicit = mode is not None and mode.value is Mode.IMPLICIT_TLS
        port = Setting("port", 465 if implicit else 25, "", ep.span, Origin.DEFAULT) if mode is not None else None
    ep.port = port
    return ep
