"""JavaScript and TypeScript code that creates a nodemailer or emailjs SMTP client, read with tree-sitter (never
run).

Recognised: every ``createTransport(...)`` call (``nodemailer.createTransport``, an imported
``createTransport``) whose first argument is an object literal, a same-file constant holding one, or such an
object wrapped in one call (``smtpTransport({...})``): one endpoint each, dialect NODEMAILER_CODE; or a
connection URL (``createTransport("smtps://user:pass@host:465")``, a string or a same-file constant), read as
nodemailer reads one (dialect NODEMAILER, settings keyed ``url``). Options
read: ``host``, ``port``, ``secure``, ``requireTLS``, ``ignoreTLS``, ``service``, ``auth.user``, ``auth.pass``,
``tls.rejectUnauthorized``, ``tls.minVersion``/``tls.secureProtocol``.

Values resolved: string, number and boolean literals, templates without substitutions, ``+`` on strings,
same-file names (``const``/``let``/``var``, assignments: code_values.Names, a name set to
different literals on different paths judged per path), TypeScript ``as``/``!``/``satisfies`` wrappers, ``Number(...)``/
``parseInt(...)``/``String(...)`` of a resolvable value, and ``process.env.X ?? 587`` / ``process.env.X ||
587`` and a destructuring default (``const { SMTP_PORT = 587 } = process.env``): the fallback, origin
FALLBACK. Everything else (``process.env.X`` alone, function calls, imports) is a reference. An object with a
``...spread`` may get any option from it: absent options are then unknown.
``.ts``/``.mts``/``.cts`` files are read with the TypeScript grammar, ``.tsx`` with TSX, others as JavaScript.

emailjs, in a file that names it (``import { SMTPClient } from 'emailjs'``, ``require('emailjs')``): ``new
SMTPClient({...})`` and v2's ``server.connect({...})`` with an object literal (or a same-file constant holding
one): ``host``, ``port``, ``user``, ``password``, ``ssl`` and ``tls`` (``true`` or an options object;
``ssl.rejectUnauthorized``), dialect EMAILJS (smtplint.parsers.code_mail.emailjs).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Document, Setting, Span
from smtplint.parsers.code_mail import Value, emailjs, nodemailer
from smtplint.parsers.code_tree import Source, walk
from smtplint.parsers.code_values import Names, or_fallback, with_variants
from smtplint.patterns import lazy

TOP_KEYS = {"host": "host", "port": "port", "secure": "secure", "requireTLS": "require_tls",
            "ignoreTLS": "ignore_tls", "service": "service"}
AUTH_KEYS = {"user": "username", "pass": "password"}
EMAILJS_KEYS = {"host": "host", "port": "port", "user": "username", "password": "password", "ssl": "ssl",
                "tls": "tls"}
EMAILJS_OBJECTS = {"ssl": {"rejectUnauthorized": "reject_unauthorized"}, "tls": {}}  # an options object: true
TLS_KEYS = {"rejectUnauthorized": "reject_unauthorized", "minVersion": "protocols", "secureProtocol": "protocols"}
_WRAPPERS = ("parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression",
             "type_assertion")
_CONVERSIONS = ("Number", "parseInt", "String", "Boolean")
# import ... from 'emailjs', require("emailjs"), require("emailjs/email") (v1-2), a vendored copy's path
_EMAILJS_MODULE = lazy(r"""['"`](?:[^'"`\n]*/)?emailjs(?:/[^'"`\n]*)?['"`]""")
_MAX_DEPTH = 20
_FUNCTIONS = frozenset({"function_declaration", "function_expression", "function", "arrow_function",
                        "method_definition", "generator_function_declaration", "generator_function"})
_CONDITIONALS = frozenset({"if_statement", "else_clause", "switch_case", "switch_default", "for_statement",
                           "for_in_statement", "while_statement", "do_statement", "catch_clause",
                           "ternary_expression"})
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}


def language_of(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".tsx"):
        return "tsx"
    return "typescript" if lower.endswith((".ts", ".mts", ".cts")) else "javascript"


class _Reader:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.names = Names(source, _CONDITIONALS, _FUNCTIONS)

    def unwrap(self, node: Any, depth: int = 0) -> Any:
        while node is not None and node.type in _WRAPPERS and node.named_child_count and depth < _MAX_DEPTH:
            node = node.named_children[0]
            depth += 1
        if node is not None and node.type == "identifier" and self.src.text(node) in self.names \
                and depth < _MAX_DEPTH:
            return self.unwrap(self.names.sole(self.src.text(node), node), depth + 1)
        return node

    def resolve(self, node: Any, depth: int = 0) -> Value:
        raw = self.src.text(node)
        if depth > _MAX_DEPTH:
            return Value.reference(raw)
        kind = node.type
        if kind == "number":
            return Value(raw.replace("_", ""), raw)
        if kind in ("true", "false"):
            return Value(kind, raw)
        if kind in ("null", "undefined"):
            return Value(None, raw, nil=True)
        if kind == "string":  # raw without the quotes, as other formats keep a scalar's text
            return Value(self._string(node), self._string(node))
        if kind == "template_string":
            if any(c.type == "template_substitution" for c in node.named_children):
                return Value.reference(raw)
            return Value(self._string(node), self._string(node))
        if kind in ("identifier", "shorthand_property_identifier") and raw in self.names:
            value = self.names.value(raw, node, lambda inner: self.resolve(inner, depth + 1))
            return value if value is not None else Value.reference(raw)
        if kind in _WRAPPERS and node.named_child_count:
            inner = self.resolve(node.named_children[0], depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        if kind == "binary_expression":
            return self._binary(node, raw, depth)
        if kind in ("object_assignment_pattern", "assignment_pattern"):  # a destructured name's default
            default = node.child_by_field_name("right")
            if default is None:
                return Value.reference(raw)
            return or_fallback(Value.reference(raw), lambda: self.resolve(default, depth + 1), raw)
        if kind == "call_expression":
            function, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            if function is not None and self.src.text(function) in _CONVERSIONS and args is not None \
                    and args.named_child_count >= 1:
                inner = self.resolve(args.named_children[0], depth + 1)
                return Value(inner.text, raw, inner.origin, inner.nil)
        return Value.reference(raw)

    def _string(self, node: Any) -> str:
        parts: list[str] = []
        for child in node.named_children:
            text = self.src.text(child)
            if child.type == "escape_sequence":
                parts.append(_ESCAPES.get(text[1:], text[1:]) if len(text) == 2 else text)
            elif child.type == "string_fragment":
                parts.append(text)
        return "".join(parts)

    def _binary(self, node: Any, raw: str, depth: int) -> Value:
        left, op, right = node.child_by_field_name("left"), node.child_by_field_name("operator"), \
            node.child_by_field_name("right")
        if left is None or op is None or right is None:
            return Value.reference(raw)
        operator = self.src.text(op)
        if operator in ("||", "??"):
            return or_fallback(self.resolve(left, depth + 1), lambda: self.resolve(right, depth + 1), raw)
        if operator == "+":
            a, b = self.resolve(left, depth + 1), self.resolve(right, depth + 1)
            if a.known_literal and b.known_literal and a.text is not None and b.text is not None:
                return Value(a.text + b.text, raw)
        return Value.reference(raw)

    def options(self, obj: Any, table: dict[str, str], out: dict[str, Setting[str]],
                nested: dict[str, dict[str, str]]) -> bool:
        """Read an object literal's options into ``out``; False when a spread may add any option. An option in
        ``nested`` given an object literal has its own options read with that table; when ``table`` names it
        too, the object stands for true (emailjs' ``ssl: { rejectUnauthorized: false }``)."""
        complete = True
        for child in obj.named_children:
            if child.type == "spread_element":
                complete = False
                continue
            if child.type == "shorthand_property_identifier":
                name = self.src.text(child)
                key_node, value_node = child, child
            elif child.type == "pair":
                key_node, value_node = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key_node is None or value_node is None:
                    continue
                name = self._string(key_node) if key_node.type == "string" else self.src.text(key_node)
            else:
                continue
            if name in nested:
                inner = self.unwrap(value_node)
                if inner is not None and inner.type == "object":
                    self.options(inner, nested[name], out, {})
                    if name in table:
                        out[table[name]] = Setting(name, "true", self.src.text(inner), self.src.span(child))
                    continue
            if name in table:
                value = self.resolve(value_node)
                out[table[name]] = Setting(name, value.text, value.raw, self.src.span(child), value.origin)
        return complete


def parse(path: str, text: str) -> Document:
    """Every nodemailer transport created in a JS/TS file. Raises code_tree.GrammarMissing without a grammar."""
    doc = Document(path, "javascript")
    reader = _Reader(Source(path, text, language_of(path)))
    nodes = walk(reader.src.root)
    for node in nodes:
        if node.type == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and value is not None and name.type == "identifier":
                reader.names.add(reader.src.text(name), value, node, local=True)
            elif name is not None and value is not None and name.type == "object_pattern":
                _destructured(reader, name, node)
        elif node.type in ("assignment_expression", "augmented_assignment_expression"):
            name, value = node.child_by_field_name("left"), node.child_by_field_name("right")
            if name is not None and value is not None and name.type == "identifier":
                known = value if node.type == "assignment_expression" else None
                reader.names.add(reader.src.text(name), known, node)
        elif node.type in ("formal_parameters", "for_in_statement"):
            _unknown_names(reader, node)
    emailjs_file = "emailjs" in text and _EMAILJS_MODULE.search(text) is not None
    for node in nodes:
        if node.type == "new_expression" and emailjs_file:  # emailjs 3+: new SMTPClient({...})
            constructor, args = node.child_by_field_name("constructor"), node.child_by_field_name("arguments")
            if constructor is not None and args is not None and args.named_child_count \
                    and reader.src.text(constructor).rsplit(".", 1)[-1] == "SMTPClient":
                _emailjs_client(reader, node, args, doc)
            continue
        if node.type != "call_expression":
            continue
        function, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        if function is None or args is None or not args.named_child_count:
            continue
        callee = function.child_by_field_name("property") if function.type == "member_expression" else function
        if callee is not None and reader.src.text(callee) == "connect" and function.type == "member_expression" \
                and emailjs_file:  # emailjs 2: email.server.connect({...})
            _emailjs_client(reader, node, args, doc)
            continue
        if callee is None or reader.src.text(callee) != "createTransport":
            continue
        obj = reader.unwrap(args.named_children[0])
        if obj is not None and obj.type == "call_expression":  # createTransport(smtpTransport({...}))
            inner_args = obj.child_by_field_name("arguments")
            obj = reader.unwrap(inner_args.named_children[0]) if inner_args is not None \
                and inner_args.named_child_count else None
        if obj is not None and obj.type in ("string", "template_string"):  # createTransport("smtps://u:p@host")
            doc.endpoints.extend(_url_transport(reader, node, obj))
            continue
        if obj is None or obj.type != "object":
            continue
        endpoint = with_variants(reader.names, partial(_transport, reader, node, obj))
        if endpoint is not None:
            doc.endpoints.append(endpoint)
    return doc


def _destructured(reader: _Reader, pattern: Any, declarator: Any) -> None:
    """``const { SMTP_PORT = 587, SMTP_HOST, SECURE: secure = true } = process.env``: each name bound to its
    default (a fallback: the property wins when it is set), or unknown without one."""
    for entry in pattern.named_children:
        bound = entry.child_by_field_name("value") if entry.type == "pair_pattern" else entry
        if bound is None:
            continue
        if bound.type in ("object_assignment_pattern", "assignment_pattern"):
            target = bound.child_by_field_name("left")
            if target is not None and target.type in ("shorthand_property_identifier_pattern", "identifier"):
                reader.names.add(reader.src.text(target), bound, declarator, local=True)
        elif bound.type in ("shorthand_property_identifier_pattern", "identifier"):
            reader.names.add(reader.src.text(bound), None, declarator, local=True)


def _unknown_names(reader: _Reader, node: Any) -> None:
    """A function's parameters, a ``for ... of`` variable: unknown in their function."""
    targets = node.named_children if node.type == "formal_parameters" else [node.child_by_field_name("left")]
    for written in targets:
        target = written.child_by_field_name("pattern") if written is not None and written.type in (
            "required_parameter", "optional_parameter") else written
        if target is not None and target.type == "identifier":
            reader.names.add(reader.src.text(target), None, node, local=True)


def _url_transport(reader: _Reader, call: Any, node: Any) -> list[ClientEndpoint]:
    """``createTransport("smtps://user:pass@host:port")``: the URL read as nodemailer reads a connection URL
    (smtplint.parsers.urls), each part at its place in the string; settings keyed ``url``, nodemailer's option."""
    from smtplint.parsers.envvars import endpoints_from_url
    from smtplint.parsers.urls import looks_like_mail_url

    value = reader.resolve(node)
    if value.text is None or not looks_like_mail_url(value.text):
        return []
    whole = reader.src.span(node)
    quoted = whole.line == whole.end_line and len(reader.src.text(node)) == len(value.text) + 2
    inner = Span(whole.path, whole.line, whole.column + 1, whole.end_line, whole.end_column - 1) if quoted else None
    return endpoints_from_url(Setting("url", value.text, value.raw, whole, value.origin), "SMTP_URL",
                              reader.src.span(call), hint=Dialect.NODEMAILER, value_span=inner)


def _transport(reader: _Reader, call: Any, obj: Any) -> ClientEndpoint | None:
    settings: dict[str, Setting[str]] = {}
    complete = reader.options(obj, TOP_KEYS, settings, {"auth": AUTH_KEYS, "tls": TLS_KEYS})
    return nodemailer(reader.src.span(call), settings, complete)


def _emailjs_client(reader: _Reader, call: Any, args: Any, doc: Document) -> None:
    """An emailjs client's options object: ``ssl``/``tls`` given as an options object count as true."""
    obj = reader.unwrap(args.named_children[0])
    if obj is None or obj.type != "object":
        return
    endpoint = with_variants(reader.names, partial(_emailjs_options, reader, call, obj))
    if endpoint is not None:
        doc.endpoints.append(endpoint)


def _emailjs_options(reader: _Reader, call: Any, obj: Any) -> ClientEndpoint | None:
    settings: dict[str, Setting[str]] = {}
    complete = reader.options(obj, EMAILJS_KEYS, settings, EMAILJS_OBJECTS)
    return emailjs(reader.src.span(call), settings, complete)
