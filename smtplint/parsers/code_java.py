"""Java code that configures Jakarta Mail (JavaMail) or Spring's ``JavaMailSenderImpl``, read with tree-sitter
(never run).

Recognised:

* ``java.util.Properties`` filled with ``put``/``setProperty`` of ``mail.smtp.*``, ``mail.smtps.*``,
  ``mail.transport.protocol``, ``mail.host`` or ``mail.user``: one group per receiver (``props``,
  ``this.props``);
* ``JavaMailSenderImpl`` objects (a variable or field declared or created as one, or any receiver of
  ``setJavaMailProperties``/``getJavaMailProperties``): ``setHost``, ``setPort``, ``setUsername``,
  ``setPassword``, ``setProtocol``, ``setJavaMailProperties(props)`` (a group of this file) and
  ``getJavaMailProperties().put(...)``;
* ``Session.getTransport("smtps")`` and ``transport.connect(host, port, user, password)`` (on a variable
  declared as a ``Transport`` or taken from ``getTransport``): they apply to the file's properties group when
  it has exactly one;
* Apache Commons Email objects (``SimpleEmail``, ``HtmlEmail``, ``MultiPartEmail``, ``ImageHtmlEmail`` or
  ``Email``, in a file that imports ``org.apache.commons.mail``/``mail2``): ``setHostName``, ``setSmtpPort``,
  ``setSslSmtpPort``, ``setSSLOnConnect``/``setSSL``, ``setStartTLSEnabled``/``setTLS``,
  ``setStartTLSRequired``, ``setSSLCheckServerIdentity``, ``setAuthentication(user, password)`` and
  ``setAuthenticator(new DefaultAuthenticator(user, password))``; one endpoint each (dialect COMMONS_EMAIL, see
  smtplint.parsers.code_mail.commons_email).

Each sender, and each group no sender takes, is one endpoint when a host is set (a property, a setter or
``connect``). Jakarta Mail decides the mode and the default port: the endpoint is built by
:mod:`smtplint.parsers.spring`, the mapping the ``.properties`` and YAML readers use for
``spring.mail.properties.mail.smtp.*``, so the rules judge it with Jakarta Mail's words (dialect SPRING).
Setters win over properties, as ``JavaMailSenderImpl`` passes them to ``Transport.connect``. Properties that
may hold more than this file shows (``System.getProperties()``, ``putAll``, ``load``, ``new Properties(x)``,
``setJavaMailProperties`` of something else) leave absent keys unknown: no default mode or port is assumed.

Values resolved: literals, ``+`` on strings, same-file constants and variables (``static final int PORT =
465``; code_values.Names: a name set to different literals on different paths is judged per path), fields
and parameters Spring injects with ``@Value("${spring.mail.port:25}")`` (the default after ``:`` is a
fallback, judged one severity lower), ``String.valueOf``/``Integer.toString``/``Integer.parseInt``/
``Integer.valueOf``/``Boolean.parseBoolean``/``Boolean.toString``/``toString()`` of a resolvable value, and
``System.getProperty("x", "25")``, ``getOrDefault(k, "25")``, ``env.getProperty("x", "25")``,
``Optional...orElse("25")`` (the fallback, origin FALLBACK). ``System.getenv("X")`` and everything else is a
reference. Comments are not code.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from smtplint.model import ClientEndpoint, Document, Origin, Setting, Span
from smtplint.parsers import spring
from smtplint.parsers.code_mail import Value, commons_email, flag
from smtplint.parsers.code_tree import Scopes, Source, under_condition, walk
from smtplint.parsers.code_values import (
    Names,
    document_variants,
    fallback_of,
    joined,
    literal_text,
    referenced_name,
    renamed,
)
from smtplint.parsers.shapes import norm_path
from smtplint.records import field, record

SETTERS = {"setHost": "host", "setPort": "port", "setUsername": "username", "setPassword": "password",
           "setProtocol": "protocol"}
_PUT = ("put", "setProperty")
_OTHER_FILL = ("putAll", "load", "loadFromXML")
_CONVERSIONS = ("valueOf", "toString", "parseInt", "parseBoolean")
_WITH_DEFAULT = ("getProperty", "getOrDefault", "getenvOrDefault")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "s": " "}
_MAX_DEPTH = 20
_FUNCTIONS = frozenset({"method_declaration", "constructor_declaration", "compact_constructor_declaration",
                        "lambda_expression", "static_initializer"})
_DECLARATIONS = {"variable_declarator": "name", "formal_parameter": "name", "catch_formal_parameter": "name"}
_CONDITIONALS = frozenset({"if_statement", "switch_expression", "switch_block_statement_group", "switch_rule",
                           "ternary_expression", "while_statement", "for_statement", "enhanced_for_statement",
                           "do_statement", "catch_clause"})


@record
class _Group:
    """One ``Properties`` object: ``mail.*`` keys (lower case) -> settings; ``open`` when it may hold more."""

    first: Any
    props: dict[str, Setting[str]] = field(default_factory=dict)
    open: bool = False


@record
class _Sender:
    """One ``JavaMailSenderImpl``: its setters, its own properties, the groups given to it."""

    first: Any
    setters: dict[str, Setting[str]] = field(default_factory=dict)
    own: _Group | None = None
    linked: list[str] = field(default_factory=list)
    open: bool = False


class _Reader:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.names = Names(source, _CONDITIONALS, _FUNCTIONS)
        self.injected: dict[str, Value] = {}  # fields and parameters Spring fills from @Value("${key:default}")
        self.scopes: Scopes  # set once the tree is walked

    def resolve(self, node: Any, depth: int = 0) -> Value:
        raw = self.src.text(node)
        if depth > _MAX_DEPTH:
            return Value.reference(raw)
        kind = node.type
        if kind in ("decimal_integer_literal", "hex_integer_literal", "octal_integer_literal"):
            text = raw.replace("_", "").rstrip("lL")
            try:
                return Value(str(int(text, 0) if kind != "octal_integer_literal" else int(text, 8)), raw)
            except ValueError:
                return Value.reference(raw)
        if kind in ("true", "false"):
            return Value(kind, raw)
        if kind == "null_literal":
            return Value(None, raw, nil=True)
        if kind == "string_literal":
            if any(c.type not in ("string_fragment", "escape_sequence", "multiline_string_fragment")
                   for c in node.named_children):
                return Value.reference(raw)  # a string template (a preview feature)
            text = self._string(node)
            return Value(text, text)  # raw without the quotes, as other formats keep a scalar's text
        key = referenced_name(self.src, node, "field_access", "field")  # PORT, this.PORT, Config.PORT
        if key is not None and key in self.names:
            value = self.names.value(key, node, lambda inner: self.resolve(inner, depth + 1))
            return value if value is not None else Value.reference(raw)
        if key is not None and key in self.injected:
            return renamed(self.injected[key], raw)
        if kind in ("parenthesized_expression", "cast_expression") and node.named_child_count:
            inner = self.resolve(node.named_children[-1], depth + 1)
            return renamed(inner, raw)
        if kind == "binary_expression":
            return self._binary(node, raw, depth)
        if kind == "method_invocation":
            return self._call(node, raw, depth)
        return Value.reference(raw)

    def _string(self, node: Any) -> str:
        return literal_text(self.src, node, _ESCAPES)

    def _binary(self, node: Any, raw: str, depth: int) -> Value:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        if left is None or right is None or op is None or self.src.text(op) != "+":
            return Value.reference(raw)
        return joined(self.resolve(left, depth + 1), self.resolve(right, depth + 1), raw)

    def _call(self, node: Any, raw: str, depth: int) -> Value:
        name_node, target = node.child_by_field_name("name"), node.child_by_field_name("object")
        name = self.src.text(name_node) if name_node is not None else ""
        args = arguments(node)
        if name in _CONVERSIONS and len(args) == 1 and target is not None:
            inner = self.resolve(args[0], depth + 1)  # String.valueOf(PORT), Integer.parseInt("587")
            return renamed(inner, raw)
        if name == "toString" and not args and target is not None:
            inner = self.resolve(target, depth + 1)
            return renamed(inner, raw)
        if (name in _WITH_DEFAULT and len(args) == 2) or (name == "orElse" and len(args) == 1):
            return fallback_of(self.resolve(args[-1], depth + 1), raw)
        return Value.reference(raw)

    def setting(self, key: str, value_node: Any, whole: Any, owner: str | None = None) -> Setting[str]:
        """The value set at ``whole``; unknown when only some paths set it (an ``if`` or a loop that does not
        also hold the declaration of ``owner``, the object it is set on)."""
        value = self.resolve(value_node)
        within = self.scopes.declarations.get(owner) if owner is not None else None
        if under_condition(whole, _CONDITIONALS, _FUNCTIONS, within):
            return Setting(key, None, value.raw, self.src.span(whole), Origin.REFERENCE)
        return Setting(key, value.text, value.raw, self.src.span(whole), value.origin)


def arguments(node: Any) -> list[Any]:
    """A call's argument expressions (comments left out)."""
    args = node.child_by_field_name("arguments")
    return [a for a in args.named_children if "comment" not in a.type] if args is not None else []


def _injected(reader: _Reader, annotation: Any) -> None:
    """Spring's ``@Value("${spring.mail.port:25}")`` on a field or a parameter: the default after ``:`` is a
    fallback (origin FALLBACK: judged one severity lower), a placeholder without one or a ``#{...}``
    expression is a reference, any other text is the literal value."""
    name, args = annotation.child_by_field_name("name"), annotation.child_by_field_name("arguments")
    if name is None or args is None or reader.src.text(name) not in ("Value", "org.springframework.beans.factory."
                                                                     "annotation.Value"):
        return
    strings = [a for a in args.named_children if a.type == "string_literal"]
    holder = annotation.parent.parent if annotation.parent is not None else None
    if len(strings) != 1 or holder is None:
        return
    if holder.type == "field_declaration":
        targets = [d.child_by_field_name("name") for d in holder.named_children if d.type == "variable_declarator"
                   and d.child_by_field_name("value") is None]
    elif holder.type == "formal_parameter":
        targets = [holder.child_by_field_name("name")]
    else:
        return
    value = reader.resolve(strings[0])
    text = value.text or ""
    if text.startswith("${") and text.endswith("}") and text.count("${") == 1:
        _key, colon, default = text[2:-1].partition(":")
        value = Value(default, text, Origin.FALLBACK) if colon else Value.reference(text)
    elif "${" in text or "#{" in text:
        value = Value.reference(text)
    for target in targets:
        if target is not None:
            reader.injected[reader.src.text(target)] = value


def _receiver(reader: _Reader, node: Any) -> str:
    """The object an expression names, keyed by the method that declares it (``props`` in two methods is two)."""
    return reader.scopes.key(node)


def _declared(reader: _Reader, nodes: list[Any], types: tuple[str, ...], creators: tuple[str, ...] = (),
              created_here: set[str] | None = None) -> set[str]:
    """Variables and fields declared as one of ``types`` or initialised by ``new T(...)`` of one / a creator
    call; ``created_here`` receives those initialised by ``new T(...)``."""
    out: set[str] = set()
    for node in nodes:
        if node.type == "formal_parameter":  # void f(JavaMailSenderImpl sender)
            name, declared = node.child_by_field_name("name"), node.child_by_field_name("type")
            if name is not None and declared is not None and reader.src.text(declared).rsplit(".", 1)[-1] in types:
                out.add(_receiver(reader, name))
            continue
        if node.type != "variable_declarator":
            continue
        name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        while value is not None and value.type in ("cast_expression", "parenthesized_expression") \
                and value.named_child_count:
            value = value.named_children[-1]  # (SMTPTransport) session.getTransport("smtps")
        declared = node.parent.child_by_field_name("type") if node.parent is not None else None
        typed = declared is not None and reader.src.text(declared).rsplit(".", 1)[-1] in types
        created = value is not None and value.type == "object_creation_expression" and \
            reader.src.text(value.child_by_field_name("type")).rsplit(".", 1)[-1] in types
        called = value is not None and value.type == "method_invocation" and \
            reader.src.text(value.child_by_field_name("name")) in creators
        if name is not None and (typed or created or called):
            out.add(_receiver(reader, name))
            if created and created_here is not None:
                created_here.add(_receiver(reader, name))
    return out


def parse(path: str, text: str) -> Document:
    """Jakarta Mail sessions and Spring senders in a Java file. Raises code_tree.GrammarMissing without a grammar."""
    doc = Document(path, "java")
    reader = _Reader(Source(path, text, "java"))
    nodes = walk(reader.src.root)
    reader.scopes = Scopes(reader.src, nodes, _FUNCTIONS, _DECLARATIONS)
    for node in nodes:  # same-file names first (code_values.Names: the assignments that reach a use)
        if node.type == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and value is not None:
                reader.names.add(reader.src.text(name), value, node, local=True)
        elif node.type == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and (left.type == "identifier" or (
                    left.type == "field_access" and reader.src.text(left).startswith("this."))):
                plain = reader.src.text(node.child_by_field_name("operator") or left) == "="
                key = referenced_name(reader.src, left, "field_access", "field")
                if key is not None:
                    reader.names.add(key, right if plain else None, node)
    for node in nodes:
        if node.type == "annotation":
            _injected(reader, node)
    doc.endpoints = document_variants(reader.names, partial(_build, reader, nodes))
    doc.endpoints.sort(key=lambda ep: (ep.span.line, ep.span.column))
    return doc


def _build(reader: _Reader, nodes: list[Any]) -> list[ClientEndpoint]:
    doc = Document(reader.src.path, "java")
    emails = _commons_emails(reader, nodes)
    senders = {name: _Sender(None) for name in _declared(reader, nodes, ("JavaMailSenderImpl",))}
    transports = _declared(reader, nodes, ("Transport", "SMTPTransport", "SMTPSSLTransport"), ("getTransport",))
    groups: dict[str, _Group] = {}
    aliases: dict[str, str] = {}  # Properties p = sender.getJavaMailProperties(): p -> sender
    transport: dict[str, Setting[str]] = {}
    for node in nodes:
        if node.type == "variable_declarator":
            _properties_origin(reader, node, groups, aliases)
        if node.type == "object_creation_expression":
            _password_authentication(reader, node, transport)
        if node.type != "method_invocation":
            continue
        name_node, target = node.child_by_field_name("name"), node.child_by_field_name("object")
        name = reader.src.text(name_node) if name_node is not None else ""
        args = arguments(node)
        if name in _PUT and target is not None and len(args) == 2:
            _put(reader, node, target, args, groups, senders, aliases)
        elif name in _OTHER_FILL and target is not None and target.type in ("identifier", "field_access"):
            groups.setdefault(_receiver(reader, target), _Group(node)).open = True
        elif name == "setJavaMailProperties" and target is not None and len(args) == 1:
            owner, given = _receiver(reader, target), _receiver(reader, args[0])
            sender = senders.setdefault(owner, _Sender(None))
            sender.first = sender.first or node
            if aliases.get(given) != owner:  # not its own getJavaMailProperties() given back
                sender.linked.append(given)
        elif name in SETTERS and target is not None and _receiver(reader, target) in senders and len(args) == 1:
            sender = senders[_receiver(reader, target)]
            sender.first = sender.first or node
            sender.setters[SETTERS[name]] = reader.setting(f"{reader.src.text(target)}.{name}", args[0], node,
                                                          _receiver(reader, target))
        elif name == "getTransport" and len(args) == 1:
            transport["protocol"] = reader.setting("getTransport", args[0], node)
        elif name == "connect" and target is not None and _receiver(reader, target) in transports:
            _connect(reader, node, args, transport)
    _endpoints(reader, doc, senders, groups, transport)
    return doc.endpoints + emails


def _properties_origin(reader: _Reader, node: Any, groups: dict[str, _Group], aliases: dict[str, str]) -> None:
    """``Properties p = System.getProperties()`` / ``new Properties(defaults)``: the group may hold more;
    ``Properties p = sender.getJavaMailProperties()``: ``p`` is the sender's own properties."""
    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    if name is None or value is None:
        return
    if value.type == "method_invocation" and value.child_by_field_name("object") is not None \
            and reader.src.text(value.child_by_field_name("name")) == "getJavaMailProperties":
        aliases[_receiver(reader, name)] = _receiver(reader, value.child_by_field_name("object"))
        return
    text = reader.src.text(value).replace(" ", "")
    if text.startswith("System.getProperties(") or (value.type == "object_creation_expression"
                                                    and text.startswith("newProperties(") and arguments(value)):
        groups.setdefault(_receiver(reader, name), _Group(node)).open = True


def _put(reader: _Reader, node: Any, target: Any, args: list[Any], groups: dict[str, _Group],
         senders: dict[str, _Sender], aliases: dict[str, str]) -> None:
    key = reader.resolve(args[0]).text
    if key is None or not key.lower().startswith("mail."):
        return
    lower = key.lower()
    if not lower.startswith(("mail.smtp.", "mail.smtps.")) and lower not in (
            "mail.transport.protocol", "mail.host", "mail.user"):
        return
    owner = aliases.get(_receiver(reader, target))
    if target.type == "method_invocation" and reader.src.text(target.child_by_field_name("name")) \
            == "getJavaMailProperties" and target.child_by_field_name("object") is not None:
        owner = _receiver(reader, target.child_by_field_name("object"))
    if owner is not None:
        sender = senders.setdefault(owner, _Sender(None))
        sender.first = sender.first or node
        group = sender.own = sender.own or _Group(node)
    else:
        group = groups.setdefault(_receiver(reader, target), _Group(node))
    if group.first is None or group.first.type == "variable_declarator":
        group.first = node
    group.props[lower] = reader.setting(key, args[1], node, owner or _receiver(reader, target))


def _password_authentication(reader: _Reader, node: Any, transport: dict[str, Setting[str]]) -> None:
    """``new PasswordAuthentication(user, password)`` (an Authenticator's answer): the credentials a session of
    this file logs in with, as ``connect(user, password)`` gives them (``connect`` wins)."""
    type_node = node.child_by_field_name("type")
    if type_node is None or reader.src.text(type_node).rsplit(".", 1)[-1] != "PasswordAuthentication":
        return
    args = arguments(node)
    if len(args) == 2:
        for name, arg in zip(("username", "password"), args, strict=True):
            transport.setdefault(name, reader.setting(f"PasswordAuthentication({name})", arg, node))


def _connect(reader: _Reader, node: Any, args: list[Any], transport: dict[str, Setting[str]]) -> None:
    """``connect(host, port, user, password)``, ``connect(host, user, password)``, ``connect(user, password)``."""
    names = {4: ("host", "port", "username", "password"), 3: ("host", "username", "password"),
             2: ("username", "password")}.get(len(args), ())
    for name, arg in zip(names, args, strict=False):
        setting = reader.setting(f"connect({name})", arg, node)
        if not setting.known or setting.value is not None:
            transport[name] = setting


def _endpoints(reader: _Reader, doc: Document, senders: dict[str, _Sender], groups: dict[str, _Group],
               transport: dict[str, Setting[str]]) -> None:
    taken: set[str] = set()
    for sender in senders.values():
        if sender.first is None:
            continue
        props: dict[str, Setting[str]] = {}
        open_ = False
        for name in sender.linked:
            group = groups.get(name)
            if group is None:
                open_ = True  # properties built elsewhere
                continue
            taken.add(name)
            props.update(group.props)
            open_ = open_ or group.open
        if sender.own is not None:
            props.update(sender.own.props)
        ep = _endpoint(sender.setters, props, {}, reader.src.span(sender.first))
        if ep is not None:
            doc.endpoints.append(_close(ep, open_))
    free = {name: group for name, group in groups.items() if name not in taken and group.props}
    for group in free.values():
        connect = transport if len(free) == 1 else {}
        ep = _endpoint({}, group.props, connect, reader.src.span(group.first))
        if ep is not None:
            # credentials of a bare session come with connect(), an Authenticator or Transport.send(m, u, p),
            # often in another class: without connect() here, their absence is unknown
            ep.complete = "username" in connect or "password" in connect
            doc.endpoints.append(_close(ep, group.open))


def _close(ep: ClientEndpoint, open_: bool) -> ClientEndpoint:
    """With properties that may hold more than the file shows, what Jakarta Mail would default is unknown."""
    if open_:
        ep.complete = False
        if ep.mode is not None and ep.mode.origin is Origin.DEFAULT:
            ep.mode = None
        if ep.port is not None and ep.port.origin is Origin.DEFAULT:
            ep.port = None
    return ep


def _endpoint(setters: dict[str, Setting[str]], props: dict[str, Setting[str]], transport: dict[str, Setting[str]],
              first: Span) -> ClientEndpoint | None:
    """The endpoint Jakarta Mail connects to, through the Spring mapping (smtplint.parsers.spring)."""
    protocol = setters.get("protocol") or transport.get("protocol") or props.get("mail.transport.protocol")
    word = (protocol.value or "").strip().lower() if protocol is not None and protocol.known else None
    prefix = f"mail.{word}" if word in ("smtp", "smtps") else "mail.smtp"
    fields: spring.Fields = {}
    chosen = {
        "protocol": protocol,
        "host": setters.get("host") or transport.get("host") or props.get(f"{prefix}.host") or props.get("mail.host"),
        "port": setters.get("port") or transport.get("port") or props.get(f"{prefix}.port"),
        "username": setters.get("username") or transport.get("username") or props.get(f"{prefix}.user")
        or props.get("mail.user"),
        "password": setters.get("password") or transport.get("password"),
    }
    for name, setting in chosen.items():
        if setting is not None:
            fields[name] = setting
    jakarta: spring.Props = {}
    for key, setting in props.items():
        spring.sort_key(norm_path(f"properties.{key}"), setting, {}, jakarta)
    host = fields.get("host")
    if host is None:
        return None
    spans = [s.span for s in (*fields.values(), *(s for s in props.values()))]
    last = max(spans, key=lambda s: (s.end_line, s.end_column))
    span = Span(first.path, first.line, first.column, last.end_line, last.end_column) \
        if (last.end_line, last.end_column) > (first.end_line, first.end_column) else first
    ep = spring.endpoint(fields, jakarta, span, host.span)
    auth = props.get(f"{prefix}.auth")
    if ep is not None and not ep.has_credentials and auth is not None and flag(auth):
        # mail.smtp.auth=true: the session authenticates, with credentials given elsewhere
        ep.username = Setting(auth.key, None, auth.raw, auth.span, Origin.REFERENCE)
    return ep


# ---------------------------------------------------------------------------------------------------------
# Apache Commons Email

_EMAIL_TYPES = ("SimpleEmail", "HtmlEmail", "MultiPartEmail", "ImageHtmlEmail", "Email")
_EMAIL_SETTERS = {"setHostName": "host", "setSmtpPort": "smtp_port", "setSslSmtpPort": "ssl_port",
                  "setSSLOnConnect": "ssl", "setSSL": "ssl", "setStartTLSEnabled": "starttls", "setTLS": "starttls",
                  "setStartTLSRequired": "required", "setSSLCheckServerIdentity": "check"}
_ELSEWHERE = ("setMailSession", "setMailSessionFromJNDI")  # a session built elsewhere decides everything


@record
class _Email:
    """One Commons Email object: where it is first configured, its settings, whether this file creates it."""

    first: Any = None
    settings: dict[str, Setting[str]] = field(default_factory=dict)
    created: bool = False
    elsewhere: bool = False


def _commons_emails(reader: _Reader, nodes: list[Any]) -> list[ClientEndpoint]:
    """The Commons Email objects configured in this file (a file that imports the library), one endpoint each."""
    if "org.apache.commons.mail" not in reader.src.text(reader.src.root):
        return []
    created: set[str] = set()  # created here: no setting is given elsewhere (an Email's defaults apply)
    declared = _declared(reader, nodes, _EMAIL_TYPES, created_here=created)
    objects = {name: _Email(created=name in created) for name in declared}
    for node in nodes:
        if node.type != "method_invocation":
            continue
        target = node.child_by_field_name("object")
        while target is not None and target.type == "method_invocation":  # email.setSSLOnConnect(true).setX(..)
            target = target.child_by_field_name("object")
        email = objects.get(_receiver(reader, target)) if target is not None else None
        if email is None:
            continue
        name_node = node.child_by_field_name("name")
        name = reader.src.text(name_node) if name_node is not None else ""
        args = arguments(node)
        owner = _receiver(reader, target)
        label = f"{reader.src.text(target)}.{name}"
        if name in _EMAIL_SETTERS and len(args) == 1:
            email.settings[_EMAIL_SETTERS[name]] = reader.setting(label, args[0], node, owner)
        elif name == "setAuthentication" and len(args) == 2:
            for key, arg in zip(("username", "password"), args, strict=True):
                email.settings[key] = reader.setting(f"{label}({key})", arg, node, owner)
        elif name == "setAuthenticator" and len(args) == 1:
            _authenticator(reader, node, args[0], owner, email)
        elif name in _ELSEWHERE:
            email.elsewhere = True
        else:
            continue
        email.first = email.first or node
    out: list[ClientEndpoint] = []
    for email in objects.values():
        if email.first is not None and not email.elsewhere:
            ep = commons_email(reader.src.span(email.first), email.settings, email.created)
            if ep is not None:
                out.append(ep)
    return out


def _authenticator(reader: _Reader, node: Any, arg: Any, owner: str, email: _Email) -> None:
    """``setAuthenticator(new DefaultAuthenticator(user, password))``: its credentials; another authenticator
    gives credentials this file does not show."""
    if arg.type == "object_creation_expression" and reader.src.text(arg.child_by_field_name("type")).rsplit(
            ".", 1)[-1] == "DefaultAuthenticator" and len(arguments(arg)) == 2:
        for key, value in zip(("username", "password"), arguments(arg), strict=True):
            email.settings[key] = reader.setting(f"DefaultAuthenticator({key})", value, node, owner)
        return
    email.settings["username"] = Setting("setAuthenticator", None, reader.src.text(arg), reader.src.span(node),
                                         Origin.REFERENCE)
