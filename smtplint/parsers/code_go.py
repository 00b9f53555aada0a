"""Go code that sends mail over SMTP, read with the tree-sitter Go grammar (never built or run).

Recognised, by the import path that binds the package name (an alias too):

* gomail (``gopkg.in/gomail.v2``) and go-mail/mail (``github.com/go-mail/mail``, ``gopkg.in/mail.v2``):
  ``NewDialer(host, port, user, pass)`` / ``NewPlainDialer`` bound to a name, then ``d.SSL = ...``,
  ``d.TLSConfig = &tls.Config{InsecureSkipVerify: true}``, ``d.StartTLSPolicy = mail.MandatoryStartTLS``
  assignments on that name; a ``Dialer{Host: ..., Port: ..., SSL: ...}`` literal. Dialect GOMAIL.
* net/smtp: ``smtp.SendMail("host:port", auth, ...)`` with ``auth`` a ``smtp.PlainAuth("", user, pass, host)``
  call or a name bound to one. Dialect GO_NET_SMTP. jordan-wright/email's ``e.Send(addr, auth)`` (SendMail),
  ``e.SendWithTLS(addr, auth, config)`` (implicit TLS) and ``e.SendWithStartTLS(...)`` likewise, and
  scorredoira/email's ``email.Send(addr, auth, m)`` (SendMail).
* wneessen/go-mail (``github.com/wneessen/go-mail``): ``mail.NewClient(host, mail.WithPort(465),
  mail.WithSSL(), mail.WithSSLPort(false), mail.WithTLSPolicy(mail.TLSMandatory), mail.WithTLSPortPolicy(...),
  mail.WithUsername(...), mail.WithPassword(...), mail.WithTLSConfig(&tls.Config{...}))``. Dialect GO_MAIL.

Values resolved: string (interpreted and raw) and integer literals, ``true``/``false``, ``+`` on strings,
``fmt.Sprintf`` with ``%s``/``%d``/``%v`` and ``net.JoinHostPort`` of known values, same-file names
(``const``/``var``/``:=``/``=``) through the assignments that may reach the use (code_values.Names: a
name set to different literals on different paths is judged per path, one severity lower).
``os.Getenv(...)``, a parameter and everything else is a reference (Go has no fallback in the call
itself): rules stay silent about it.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Document, Mode, Origin, Setting, Span
from smtplint.parsers.code_mail import Value, flag, port_of
from smtplint.parsers.code_tree import Source, walk
from smtplint.parsers.code_values import Names, with_variants

GOMAIL_PATHS = frozenset({"gopkg.in/gomail.v2", "github.com/go-gomail/gomail", "github.com/go-mail/gomail",
                          "github.com/go-mail/mail",
                          "gopkg.in/mail.v2", "github.com/go-mail/mail/v2"})
GO_MAIL_PATH = "github.com/wneessen/go-mail"
EMAIL_PATH = "github.com/jordan-wright/email"
SEND_PATHS = frozenset({"github.com/scorredoira/email"})  # packages whose Send(addr, auth, msg) is SendMail
# jordan-wright/email's senders: Send is net/smtp's SendMail; SendWithTLS dials TLS first (implicit TLS);
# SendWithStartTLS requires STARTTLS
_EMAIL_SENDERS = {"Send": None, "SendWithTLS": Mode.IMPLICIT_TLS, "SendWithStartTLS": Mode.STARTTLS_REQUIRED}
NET_SMTP_PATH = "net/smtp"
TLS_PATH = "crypto/tls"
_MAX_DEPTH = 20
_FUNCTIONS = frozenset({"function_declaration", "method_declaration", "func_literal"})
_CONDITIONALS = frozenset({"if_statement", "expression_switch_statement", "type_switch_statement",
                           "select_statement", "for_statement", "expression_case", "type_case", "default_case",
                           "communication_case"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def _named(node: Any) -> list[Any]:
    """A node's named children without comments (tree-sitter keeps a comment where it is written)."""
    return [c for c in node.named_children if c.type != "comment"] if node is not None else []


def _default_name(path: str) -> str:
    """The package name an import path gives without an alias (gomail.v2 -> gomail, go-mail -> mail)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if last.startswith("v") and last[1:].isdigit() and "/" in path:
        last = path.rstrip("/").rsplit("/", 2)[-2]
    last = last.split(".", 1)[0]
    return last.removeprefix("go-")


class _Reader:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.names = Names(source, _CONDITIONALS, _FUNCTIONS)
        self.packages: dict[str, str] = {}  # local package name -> import path

    def collect(self, nodes: list[Any]) -> None:
        for node in nodes:
            if node.type == "import_spec":
                path, alias = node.child_by_field_name("path"), node.child_by_field_name("name")
                if path is None:
                    continue
                text = self._string(path)
                name = self.src.text(alias) if alias is not None else _default_name(text)
                self.packages[name] = text
            elif node.type in ("const_spec", "var_spec", "short_var_declaration", "assignment_statement"):
                left = node.child_by_field_name("left") if "declaration" in node.type or "statement" in node.type \
                    else None
                lefts = _named(left) if left is not None else node.children_by_field_name("name")
                right = node.child_by_field_name("right") if left is not None else node.child_by_field_name("value")
                values = _named(right)
                compound = node.type == "assignment_statement" and self.src.text(
                    node.child_by_field_name("operator") or node).strip() != "="
                for i, target in enumerate(lefts):
                    if target.type == "identifier":
                        value = values[i] if len(values) == len(lefts) and not compound else None
                        self.names.add(self.src.text(target), value, node,
                                       local=node.type != "assignment_statement")
            elif node.type in ("parameter_declaration", "variadic_parameter_declaration", "range_clause"):
                # a parameter or loop variable: unknown in its function (it shadows a file-level constant)
                left = node.child_by_field_name("left")
                for target in _named(left) if left is not None else node.children_by_field_name("name"):
                    if target.type == "identifier":
                        self.names.add(self.src.text(target), None, node, local=True)

    def package_of(self, node: Any) -> tuple[str, str] | None:
        """(import path, member) of ``pkg.Member``, when ``pkg`` is an imported package."""
        if node is None or node.type not in ("selector_expression", "qualified_type"):
            return None
        operand = node.child_by_field_name("operand") or node.child_by_field_name("package")
        member = node.child_by_field_name("field") or node.child_by_field_name("name")
        if operand is None or member is None:
            return None
        path = self.packages.get(self.src.text(operand))
        return (path, self.src.text(member)) if path is not None else None

    def resolve(self, node: Any, depth: int = 0) -> Value:
        raw = self.src.text(node)
        if depth > _MAX_DEPTH:
            return Value.reference(raw)
        kind = node.type
        if kind == "int_literal":
            text = raw.replace("_", "")
            return Value(text, raw) if text.isdigit() else Value.reference(raw)
        if kind in ("true", "false"):
            return Value(kind, raw)
        if kind == "nil":
            return Value(None, raw, nil=True)
        if kind in ("interpreted_string_literal", "raw_string_literal"):
            text = self._string(node)
            return Value(text, text)
        if kind == "identifier" and raw in self.names:
            value = self.names.value(raw, node, lambda inner: self.resolve(inner, depth + 1))
            return value if value is not None else Value.reference(raw)
        if kind == "parenthesized_expression" and node.named_child_count:
            inner = self.resolve(node.named_children[0], depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        if kind == "binary_expression":
            left, op, right = (node.child_by_field_name(f) for f in ("left", "operator", "right"))
            if left is not None and op is not None and right is not None and self.src.text(op) == "+":
                a, b = self.resolve(left, depth + 1), self.resolve(right, depth + 1)
                if a.known_literal and b.known_literal and a.text is not None and b.text is not None:
                    return Value(a.text + b.text, raw)
        if kind == "call_expression":
            return self._formatted(node, raw, depth)
        return Value.reference(raw)

    def _formatted(self, call: Any, raw: str, depth: int) -> Value:
        """``fmt.Sprintf("%s:%d", host, port)`` (``%s``, ``%d``, ``%v`` only) and ``net.JoinHostPort(host, port)``
        of known values; anything else is a reference."""
        target = self.package_of(call.child_by_field_name("function"))
        args = [self.resolve(a, depth + 1) for a in _args(call)]
        if not args or any(not a.known_literal or a.text is None for a in args):
            return Value.reference(raw)
        texts = [a.text or "" for a in args]
        if target == ("net", "JoinHostPort") and len(texts) == 2:
            return Value(f"{texts[0]}:{texts[1]}", raw)
        if target != ("fmt", "Sprintf"):
            return Value.reference(raw)
        pieces = re.split(r"(%[sdv])", texts[0])
        verbs = pieces[1::2]
        if len(verbs) != len(texts) - 1 or any("%" in piece for piece in pieces[0::2]):
            return Value.reference(raw)
        values = iter(texts[1:])
        return Value("".join(piece if i % 2 == 0 else next(values) for i, piece in enumerate(pieces)), raw)

    def _string(self, node: Any) -> str:
        if node.type == "raw_string_literal":
            return "".join(self.src.text(c) for c in node.named_children)
        parts: list[str] = []
        for child in node.named_children:
            text = self.src.text(child)
            if child.type == "escape_sequence":
                parts.append(_ESCAPES.get(text[1:], text[1:]) if len(text) == 2 else text)
            else:
                parts.append(text)
        return "".join(parts)

    def setting(self, key: str, node: Any, at: Any = None) -> Setting[str]:
        value = self.resolve(node)
        return value.setting(key, self.src.span(at if at is not None else node))

    def unwrap(self, node: Any) -> Any:
        """A value without ``&``/parentheses, through a name only one assignment gives a value here."""
        for _depth in range(_MAX_DEPTH):
            if node is None:
                return None
            if node.type in ("unary_expression", "parenthesized_expression") and node.named_child_count:
                node = node.child_by_field_name("operand") or node.named_children[0]
            elif node.type == "identifier" and self.src.text(node) in self.names:
                node = self.names.sole(self.src.text(node), node)
            else:
                return node
        return None

    def insecure(self, node: Any) -> Setting[str] | None:
        """``InsecureSkipVerify: <value>`` of a ``tls.Config`` literal."""
        literal = self.unwrap(node)
        if literal is None or literal.type != "composite_literal":
            return None
        for key, value, element in self.keyed(literal):
            if key == "InsecureSkipVerify":
                return self.setting("InsecureSkipVerify", value, element)
        return None

    def keyed(self, literal: Any) -> list[tuple[str, Any, Any]]:
        body = literal.child_by_field_name("body")
        out: list[tuple[str, Any, Any]] = []
        for element in _named(body):
            parts = _named(element)
            if element.type != "keyed_element" or len(parts) < 2:
                continue
            key, value = parts[0], parts[-1]
            value = _named(value)[0] if value.type == "literal_element" and _named(value) else value
            out.append((self.src.text(key).strip(), value, element))
        return out


def _args(call: Any) -> list[Any]:
    return _named(call.child_by_field_name("arguments"))


def parse(path: str, text: str) -> Document:
    """Every gomail dialer, net/smtp SendMail and go-mail client in a Go file. Raises
    code_tree.GrammarMissing without the grammar."""
    doc = Document(path, "go")
    reader = _Reader(Source(path, text, "go"))
    nodes = walk(reader.src.root)
    reader.collect(nodes)
    libraries = set(reader.packages.values())
    if not libraries & (GOMAIL_PATHS | SEND_PATHS | {GO_MAIL_PATH, NET_SMTP_PATH, EMAIL_PATH}):
        return doc
    assignments = _field_assignments(reader, nodes)
    for node in nodes:
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            target = reader.package_of(function)
            if target is None:
                sender = _email_sender(reader, function) if EMAIL_PATH in libraries else None
                if sender is not None:
                    _add(doc, with_variants(reader.names, partial(_send_mail, reader, node, sender)))
                continue
            library, member = target
            if library in GOMAIL_PATHS and member in ("NewDialer", "NewPlainDialer"):
                _add(doc, with_variants(reader.names, partial(_gomail_dialer, reader, node, assignments)))
            elif (library == NET_SMTP_PATH and member == "SendMail") or (library in SEND_PATHS and member == "Send"):
                _add(doc, with_variants(reader.names, partial(_send_mail, reader, node)))
            elif library == NET_SMTP_PATH and member == "Dial":
                _add(doc, with_variants(reader.names, partial(_dialed, reader, node, node, False, nodes)))
            elif library == TLS_PATH and member == "Dial" and NET_SMTP_PATH in libraries:
                client = _new_client_of(reader, node, nodes)
                if client is not None:
                    _add(doc, with_variants(reader.names, partial(_dialed, reader, node, client, True, nodes)))
            elif library == GO_MAIL_PATH and member == "NewClient":
                methods = _method_calls(reader, nodes)
                _add(doc, with_variants(reader.names, partial(_go_mail_client, reader, node, methods, nodes)))
        elif node.type == "composite_literal":
            target = reader.package_of(node.child_by_field_name("type"))
            if target is not None and target[0] in GOMAIL_PATHS and target[1] == "Dialer":
                _add(doc, with_variants(reader.names, partial(_gomail_literal, reader, node, assignments)))
    return doc


def _add(doc: Document, endpoint: ClientEndpoint | None) -> None:
    if endpoint is not None:
        doc.endpoints.append(endpoint)


# -- gomail / go-mail/mail


def _field_assignments(reader: _Reader, nodes: list[Any]) -> dict[str, dict[str, tuple[Any, Any]]]:
    """``name.Field = value`` statements: name -> field -> (value node, statement); a field set twice is kept
    as the later one."""
    out: dict[str, dict[str, tuple[Any, Any]]] = {}
    for node in nodes:
        if node.type != "assignment_statement":
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or len(_named(left)) != len(_named(right)):
            continue
        for target, value in zip(_named(left), _named(right), strict=True):
            if target.type != "selector_expression":
                continue
            operand, field = target.child_by_field_name("operand"), target.child_by_field_name("field")
            if operand is not None and field is not None and operand.type == "identifier":
                out.setdefault(_scoped(reader, operand), {})[reader.src.text(field)] = (value, node)
    return out


def _scoped(reader: _Reader, node: Any, name: str | None = None) -> str:
    """A name as used at ``node``, keyed by the function that declares it (``d`` in two functions is two
    dialers), by the name alone for a package-level one."""
    text = reader.src.text(node) if name is None else name
    function = reader.names.declared_at(text, node)
    return f"{function}:{text}" if function is not None else text


def _bound_name(reader: _Reader, call: Any) -> str | None:
    """The name a call's result is bound to (``d := gomail.NewDialer(...)``)."""
    parent = call.parent
    if parent is not None and parent.type == "unary_expression":
        parent = parent.parent
    if parent is None or parent.type != "expression_list":
        return None
    holder = parent.parent
    if holder is None or holder.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
        return None
    left = holder.child_by_field_name("left")
    names = _named(left) if left is not None else holder.children_by_field_name("name")
    if len(_named(parent)) != 1 or not names or names[0].type != "identifier":
        return None
    return reader.src.text(names[0])  # the value, or the first of (value, err)


def _gomail_dialer(reader: _Reader, call: Any, assignments: dict[str, dict[str, tuple[Any, Any]]]) -> ClientEndpoint:
    args = _args(call)
    fields: dict[str, tuple[Any, Any]] = {}
    for key, index in (("Host", 0), ("Port", 1), ("Username", 2), ("Password", 3)):
        if index < len(args):
            fields[key] = (args[index], args[index])
    name = _bound_name(reader, call)
    later = assignments.get(_scoped(reader, call, name), {}) if name is not None else {}
    return _gomail(reader, reader.src.span(call), {**fields, **later}, ssl_from_port=True)


def _gomail_literal(reader: _Reader, literal: Any,
                    assignments: dict[str, dict[str, tuple[Any, Any]]]) -> ClientEndpoint:
    fields = {key: (value, element) for key, value, element in reader.keyed(literal)}
    name = _bound_name(reader, literal)
    later = assignments.get(_scoped(reader, literal, name), {}) if name is not None else {}
    return _gomail(reader, reader.src.span(literal), {**fields, **later}, ssl_from_port=False)


def _gomail(reader: _Reader, span: Span, fields: dict[str, tuple[Any, Any]], ssl_from_port: bool) -> ClientEndpoint:
    """gomail's Dialer: ``SSL`` (NewDialer sets it to ``port == 465``, a literal Dialer leaves it false) is
    implicit TLS; otherwise STARTTLS when the server offers it, which go-mail/mail's ``StartTLSPolicy`` makes
    mandatory or switches off."""
    ep = ClientEndpoint(Dialect.GOMAIL, span)

    def get(key: str) -> Setting[str] | None:
        if key not in fields:
            return None
        value, at = fields[key]
        return reader.setting(key, value, at)

    ep.host = get("Host")
    port = port_of(get("Port"))
    ep.port = port
    ep.username, ep.password = get("Username"), get("Password")
    if ep.password is not None and ep.password.known and not ep.password.value:
        ep.password = None
    if "TLSConfig" in fields:
        knob = reader.insecure(fields["TLSConfig"][0])
        if knob is not None:
            ep.extra["insecure_skip_verify"] = knob
    ssl, policy = get("SSL"), get("StartTLSPolicy")
    if ssl is not None and flag(ssl) is None:
        return ep
    if flag(ssl):
        assert ssl is not None
        ep.mode = Setting(ssl.key, Mode.IMPLICIT_TLS, ssl.raw, ssl.span, ssl.origin)
        return ep
    if ssl is None and ssl_from_port and port is not None and port.known and port.value == 465:
        ep.mode = Setting("SSL", Mode.IMPLICIT_TLS, "", port.span, Origin.DEFAULT)
        return ep
    if ssl is None and ssl_from_port and (port is None or not port.known):
        return ep  # SSL follows the port, which is unknown
    word = (policy.raw.rsplit(".", 1)[-1] if policy is not None else "")
    if policy is not None and word == "MandatoryStartTLS":
        ep.mode = Setting(policy.key, Mode.STARTTLS_REQUIRED, policy.raw, policy.span, policy.origin)
    elif policy is not None and word == "NoStartTLS":
        ep.mode = Setting(policy.key, Mode.PLAIN, policy.raw, policy.span, policy.origin)
        ep.tls_opt_out = policy
    elif policy is None or word == "OpportunisticStartTLS":
        at = ssl if ssl is not None else None
        ep.mode = Setting("SSL", Mode.STARTTLS, at.raw if at else "", at.span if at else span,
                          at.origin if at else Origin.DEFAULT)
    return ep


# -- net/smtp


def _email_sender(reader: _Reader, function: Any) -> tuple[str, Mode | None] | None:
    """(method, mode) of ``e.Send``/``e.SendWithTLS``/``e.SendWithStartTLS`` on a value that is not a package (a
    jordan-wright/email message, in a file that imports it); None for another call."""
    if function is None or function.type != "selector_expression":
        return None
    field = function.child_by_field_name("field")
    name = reader.src.text(field) if field is not None else ""
    return (name, _EMAIL_SENDERS[name]) if name in _EMAIL_SENDERS else None


def _send_mail(reader: _Reader, call: Any, sender: tuple[str, Mode | None] | None = None) -> ClientEndpoint | None:
    """``smtp.SendMail(addr, auth, ...)``: plaintext first, STARTTLS when the server offers it (never implicit
    TLS); ``smtp.PlainAuth`` refuses to send the password without TLS except to localhost. ``sender``:
    jordan-wright/email's ``e.Send(addr, auth)`` (the same), ``e.SendWithTLS(addr, auth, config)`` (implicit
    TLS) or ``e.SendWithStartTLS(addr, auth, config)`` (STARTTLS required)."""
    args = _args(call)
    if sender is not None and len(args) < 2:
        return None
    if not args:
        return None
    addr = reader.setting("addr", args[0])
    ep = ClientEndpoint(Dialect.GO_NET_SMTP, reader.src.span(call))
    if not addr.known or addr.value is None:
        return None
    host, _sep, number = addr.value.rpartition(":")
    if not _sep:
        return None
    ep.host = Setting("addr", host, addr.raw, addr.span, addr.origin)
    ep.port = port_of(Setting("addr", number, addr.raw, addr.span, addr.origin))
    function = call.child_by_field_name("function")
    if sender is not None and sender[1] is not None:
        ep.mode = Setting(sender[0], sender[1], sender[0], reader.src.span(function.child_by_field_name("field")))
    else:
        ep.mode = Setting(sender[0] if sender is not None else "smtp.SendMail", Mode.STARTTLS, "",
                          reader.src.span(function), Origin.DEFAULT)
    _auth(reader, ep, args[1] if len(args) > 1 else None)
    return ep


def _auth(reader: _Reader, ep: ClientEndpoint, node: Any) -> None:
    """The credentials of an ``smtp.Auth`` argument: ``smtp.PlainAuth("", user, pass, host)``,
    ``smtp.CRAMMD5Auth(user, secret)`` or a name bound to one; ``nil`` is none; anything else is credentials
    smtplint does not follow (the endpoint is then not complete)."""
    auth = reader.unwrap(node) if node is not None else None
    if auth is not None and auth.type == "call_expression":
        target = reader.package_of(auth.child_by_field_name("function"))
        if target is not None and target[0] == NET_SMTP_PATH and target[1] in ("PlainAuth", "CRAMMD5Auth"):
            auth_args = _args(auth)
            if len(auth_args) >= 3 and target[1] == "PlainAuth":
                ep.username = reader.setting("username", auth_args[1])
                ep.password = reader.setting("password", auth_args[2])
            elif len(auth_args) >= 2:
                ep.username = reader.setting("username", auth_args[0])
                ep.password = reader.setting("secret", auth_args[1])
            return
    if auth is None or auth.type != "nil":
        ep.complete = False  # credentials from somewhere smtplint does not follow


def _new_client_of(reader: _Reader, dial: Any, nodes: list[Any]) -> Any:
    """The ``smtp.NewClient(conn, host)`` call that takes the connection ``conn, err := tls.Dial(...)`` made in
    the same function, or None."""
    conn = _bound_name(reader, dial)
    if conn is None:
        return None
    for node in nodes:
        if node.type != "call_expression" or reader.package_of(node.child_by_field_name("function")) != (
                NET_SMTP_PATH, "NewClient"):
            continue
        args = _args(node)
        if args and args[0].type == "identifier" and reader.src.text(args[0]) == conn \
                and _scoped(reader, args[0]) == _scoped(reader, dial, conn):
            return node
    return None


def _always_runs(node: Any, within: Any) -> bool:
    """Whether ``node`` runs whenever ``within`` (the client's creation) does: not inside a branch, loop or
    case that does not also hold ``within``; the initializer and condition of an ``if`` always run."""
    child, current = node, node.parent
    while current is not None and current.type not in _FUNCTIONS:
        if current.type in _CONDITIONALS and not (current.start_byte <= within.start_byte
                                                  and within.end_byte <= current.end_byte):
            head = [current.child_by_field_name(f) for f in ("initializer", "condition")] \
                if current.type == "if_statement" else []
            if not any(h is not None and h.start_byte <= child.start_byte and child.end_byte <= h.end_byte
                       for h in head):
                return False
        child, current = current, current.parent
    return True


def _dialed(reader: _Reader, dial: Any, client: Any, implicit: bool, nodes: list[Any]) -> ClientEndpoint | None:
    """A net/smtp client on a connection the code opens itself: ``c, err := smtp.Dial("host:port")``
    (plaintext first; ``c.StartTLS(cfg)`` upgrades: mandatory when it always runs, opportunistic under an
    ``if``, none without it) or ``conn, err := tls.Dial("tcp", "host:port", cfg)`` handed to
    ``smtp.NewClient(conn, host)`` (implicit TLS). ``c.Auth(smtp.PlainAuth(...))`` gives the credentials,
    ``InsecureSkipVerify`` in the ``tls.Config`` passed to ``tls.Dial`` or ``StartTLS`` a verification knob.
    A client used other than through its methods (returned, passed on) may be upgraded elsewhere: its mode is
    unknown."""
    args = _args(dial)
    addr_node = args[1] if implicit and len(args) > 1 else args[0] if args and not implicit else None
    if addr_node is None:
        return None
    ep = ClientEndpoint(Dialect.GO_NET_SMTP, reader.src.span(dial))
    addr = reader.setting("addr", addr_node)
    host, sep, number = (addr.value or "").rpartition(":")
    if addr.known and sep:
        ep.host = Setting("addr", host, addr.raw, addr.span, addr.origin)
        ep.port = port_of(Setting("addr", number, addr.raw, addr.span, addr.origin))
    else:
        ep.host = Setting("addr", None, addr.raw, addr.span, Origin.REFERENCE)
        ep.port = Setting("addr", None, addr.raw, addr.span, Origin.REFERENCE)
    if implicit and len(args) > 2:
        _insecure(reader, ep, args[2])
    name = _bound_name(reader, client)
    calls = _client_calls(reader, client, name, nodes) if name is not None else None
    function = reader.src.span(dial.child_by_field_name("function"))
    if implicit:
        ep.mode = Setting("tls.Dial", Mode.IMPLICIT_TLS, reader.src.text(dial.child_by_field_name("function")),
                          function, Origin.LITERAL)
    if calls is None:
        ep.complete = False
        return ep
    starttls = [c for c in calls if c[0] == "StartTLS"]
    for _method, call in starttls:
        if _args(call):
            _insecure(reader, ep, _args(call)[0])
    auths = [c for c in calls if c[0] == "Auth"]
    if auths:
        _auth(reader, ep, _args(auths[0][1])[0] if _args(auths[0][1]) else None)
    if implicit:
        return ep
    if starttls and _always_runs(starttls[0][1], client):
        at = starttls[0][1]
        ep.mode = Setting("StartTLS", Mode.STARTTLS_REQUIRED, "", reader.src.span(at), Origin.LITERAL)
    elif starttls:
        at = starttls[0][1]
        ep.mode = Setting("StartTLS", Mode.STARTTLS, "", reader.src.span(at), Origin.LITERAL)
        ep.mode_certain = False
    else:
        ep.mode = Setting("smtp.Dial", Mode.PLAIN, "", function, Origin.DEFAULT)
    return ep


def _insecure(reader: _Reader, ep: ClientEndpoint, config: Any) -> None:
    knob = reader.insecure(config)
    if knob is not None:
        ep.extra["insecure_skip_verify"] = knob


def _client_calls(reader: _Reader, client: Any, name: str, nodes: list[Any]) -> list[tuple[str, Any]] | None:
    """``name.Method(...)`` calls on the client in its function, in source order; None when the client is used
    otherwise (returned, passed to a function, stored): it may be configured where smtplint does not look."""
    key = _scoped(reader, client, name)
    calls: list[tuple[str, Any]] = []
    for node in nodes:
        if node.type != "identifier" or reader.src.text(node) != name or _scoped(reader, node) != key:
            continue
        if node.end_byte <= client.end_byte and node.start_byte >= _statement_of(client).start_byte:
            continue  # the declaration itself
        parent = node.parent
        if parent is not None and parent.type == "selector_expression" \
                and parent.child_by_field_name("operand") == node:
            call = parent.parent
            field = parent.child_by_field_name("field")
            if call is not None and call.type == "call_expression" and field is not None:
                calls.append((reader.src.text(field), call))
            continue
        return None
    return calls


def _statement_of(node: Any) -> Any:
    current = node
    while current.parent is not None and current.type not in (
            "short_var_declaration", "assignment_statement", "var_spec"):
        current = current.parent
    return current


# -- wneessen/go-mail


def _method_calls(reader: _Reader, nodes: list[Any]) -> dict[str, set[str]]:
    """``name.Method(...)`` calls in the file: name -> method names."""
    out: dict[str, set[str]] = {}
    for node in nodes:
        function = node.child_by_field_name("function") if node.type == "call_expression" else None
        if function is not None and function.type == "selector_expression":
            operand, field = function.child_by_field_name("operand"), function.child_by_field_name("field")
            if operand is not None and field is not None and operand.type == "identifier":
                out.setdefault(reader.src.text(operand), set()).add(reader.src.text(field))
    return out


_CLIENT_MODE_SETTERS = frozenset({"SetSSL", "SetSSLPort", "SetTLSPolicy", "SetTLSPortPolicy", "SetPort"})
_CLIENT_AUTH_SETTERS = frozenset({"SetUsername", "SetPassword", "SetSMTPAuth", "SetSMTPAuthCustom"})


def _go_mail_client(reader: _Reader, call: Any, methods: dict[str, set[str]], nodes: list[Any]) -> ClientEndpoint:
    """go-mail's ``NewClient(host, options...)`` (client.go): port 25, TLS policy TLSMandatory (STARTTLS that
    must succeed) unless ``WithSSL()``/``WithSSLPort()`` (implicit TLS) or ``WithTLSPolicy``/
    ``WithTLSPortPolicy`` say otherwise; ``WithSSLPort`` sets port 465 and ``WithTLSPortPolicy`` 587 (25 for
    NoTLS) only while the port is still 25, so a ``WithPort`` before them wins, and one after them too. The
    setters called on the client afterwards in the same function (``SetSSL``, ``SetSSLPort``,
    ``SetTLSPolicy``, ``SetTLSPortPolicy``, ``SetPort``) apply in order when they always run with literal
    arguments; otherwise the mode is unknown."""
    args = _args(call)
    ep = ClientEndpoint(Dialect.GO_MAIL, reader.src.span(call))
    if args:
        ep.host = reader.setting("host", args[0])
    port: Setting[int] | None = Setting("port", 25, "", ep.span, Origin.DEFAULT)
    ssl: Setting[str] | None = None
    policy: Setting[str] | None = None
    auth = False
    for option in args[1:]:
        if option.type != "call_expression":
            if option.type in ("variadic_argument", "identifier"):
                ep.complete = False
                return ep  # options built elsewhere: anything may be set
            continue
        target = reader.package_of(option.child_by_field_name("function"))
        if target is None or target[0] != GO_MAIL_PATH:
            continue
        member, inner = target[1], _args(option)
        text = reader.src.text(option)
        if member == "WithPort" and inner:
            port = port_of(reader.setting("WithPort", inner[0], option))
        elif member == "WithSSL":
            ssl = Setting("WithSSL", "true", text, reader.src.span(option))
        elif member == "WithSSLPort":
            ssl = Setting("WithSSLPort", "true", text, reader.src.span(option))
            if _still_default(port):
                port = Setting("WithSSLPort", 465, text, reader.src.span(option))
        elif member in ("WithTLSPolicy", "WithTLSPortPolicy") and inner:
            word = reader.src.text(inner[0]).rsplit(".", 1)[-1]
            policy = Setting(member, word, text, reader.src.span(option))
            if member == "WithTLSPortPolicy" and _still_default(port):
                port = Setting(member, 25 if word == "NoTLS" else 587, text, reader.src.span(option))
        elif member in ("WithSMTPAuth", "WithSMTPAuthCustom"):
            auth = True
        elif member == "WithUsername" and inner:
            ep.username = reader.setting("WithUsername", inner[0], option)
        elif member == "WithPassword" and inner:
            ep.password = reader.setting("WithPassword", inner[0], option)
        elif member == "WithTLSConfig" and inner:
            knob = reader.insecure(inner[0])
            if knob is not None:
                ep.extra["insecure_skip_verify"] = knob
    name = _bound_name(reader, call)
    later = methods.get(name, set()) if name is not None else set()
    if ep.username is None and ep.password is None and not auth:
        ep.complete = not (later & _CLIENT_AUTH_SETTERS)
    if later & _CLIENT_MODE_SETTERS:
        calls = _client_calls(reader, call, name, nodes) if name is not None else None
        setters = [(m, c) for m, c in calls if m in _CLIENT_MODE_SETTERS] if calls is not None else []
        if not setters or any(not _always_runs(c, call) for _m, c in setters):
            return ep  # the port or the mode is changed where, or by what, smtplint does not follow
        for member, setter in setters:
            applied = _setter(reader, member, setter, port, ssl, policy)
            if applied is None:
                return ep
            port, ssl, policy = applied
    ep.port = port
    if ssl is not None and ssl.value == "true":
        ep.mode = Setting(ssl.key, Mode.IMPLICIT_TLS, "", ssl.span, Origin.LITERAL)
    elif policy is None or policy.value == "TLSMandatory":
        at = policy if policy is not None else None
        ep.mode = Setting(at.key if at else "WithTLSPolicy", Mode.STARTTLS_REQUIRED, "",
                          at.span if at else ep.span, Origin.LITERAL if at else Origin.DEFAULT)
    elif policy.value == "TLSOpportunistic":
        ep.mode = Setting(policy.key, Mode.STARTTLS, "", policy.span, Origin.LITERAL)
    elif policy.value == "NoTLS":
        ep.mode = Setting(policy.key, Mode.PLAIN, "", policy.span, Origin.LITERAL)
        ep.tls_opt_out = policy
    return ep


def _still_default(port: Setting[int] | None) -> bool:
    """go-mail's WithSSLPort/WithTLSPortPolicy choose the port only while it is the default 25."""
    return port is not None and port.known and port.value == 25


_Mode = tuple[Setting[int] | None, Setting[str] | None, Setting[str] | None]


def _setter(reader: _Reader, member: str, call: Any, port: Setting[int] | None, ssl: Setting[str] | None,
            policy: Setting[str] | None) -> _Mode | None:
    """(port, ssl, policy) after ``c.SetSSL(true)`` and the other mode setters of go-mail's Client, or None when
    an argument is not a literal."""
    args = _args(call)
    text, span = reader.src.text(call), reader.src.span(call)
    values = [reader.resolve(a) for a in args]
    words = [reader.src.text(a).rsplit(".", 1)[-1] for a in args]
    if member == "SetPort" and values:
        return port_of(Setting("SetPort", values[0].text, text, span, values[0].origin)), ssl, policy
    if member in ("SetSSL", "SetSSLPort") and values and values[0].known_literal:
        on = values[0].text == "true"
        if member == "SetSSLPort" and on and _still_default(port):
            port = Setting(member, 465, text, span)
        return port, Setting(member, "true" if on else "false", text, span), policy
    if member in ("SetTLSPolicy", "SetTLSPortPolicy") and words:
        if member == "SetTLSPortPolicy" and _still_default(port):
            port = Setting(member, 25 if words[0] == "NoTLS" else 587, text, span)
        return port, ssl, Setting(member, words[0], text, span)
    return None
