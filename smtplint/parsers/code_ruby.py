"""Ruby code that configures the mail gem's SMTP delivery, read with tree-sitter (never run).

Recognised:

* a hash assigned to ``smtp_settings`` (``config.action_mailer.smtp_settings = {...}``,
  ``ActionMailer::Base.smtp_settings = {...}``) and ``delivery_method :smtp, {...}`` (``Mail.defaults``): one
  endpoint each, dialect RAILS;
* Pony's ``via_options: {...}`` beside ``via: :smtp`` (``Pony.mail(...)``, ``Pony.options = {...}``): the mail
  gem's SMTP settings that Pony passes on, one endpoint each, dialect RAILS;
* Omnibus GitLab ``gitlab_rails['smtp_*'] = value`` assignments (``gitlab.rb``): one endpoint for the file,
  dialect GITLAB (the last assignment of a key wins); none when ``smtp_enable`` is literally false.

Values resolved: literals (strings without interpolation, integers, ``true``/``false``/``nil``, symbols,
``OpenSSL::SSL::VERIFY_*``), constants and local variables of the same file (code_values.Names: a name
set to different literals on different paths is judged per path, one severity lower), ``+`` on strings,
``.to_i``/``.to_s``/``.to_sym``, ``Integer(...)``/``String(...)``, and
``ENV.fetch("X", fallback)``, ``ENV.fetch("X") { fallback }``, ``ENV["X"] || fallback`` (the fallback, origin
FALLBACK). Everything else is a reference.
Comments (``# gitlab_rails['smtp_tls'] = false``, ``=begin``/``=end``) are not code: tree-sitter skips them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Document, Origin, Setting
from smtplint.parsers.code_mail import Value, mail_gem
from smtplint.parsers.code_tree import Source, walk
from smtplint.parsers.code_values import Names, fallback_of, or_fallback, with_variants

# The mail gem's option names (and GitLab's without ``smtp_``) -> the names code_mail.mail_gem reads
KEYS = {
    "address": "host", "port": "port", "user_name": "username", "password": "password",
    "enable_starttls_auto": "starttls_auto", "enable_starttls": "starttls", "tls": "tls", "ssl": "ssl",
    "openssl_verify_mode": "openssl_verify_mode", "authentication": "authentication",
}
_MAX_DEPTH = 20
_FUNCTIONS = frozenset({"method", "singleton_method", "block", "do_block", "lambda"})
_CONDITIONALS = frozenset({"if", "unless", "elsif", "else", "case", "when", "while", "until", "for", "rescue",
                           "conditional", "if_modifier", "unless_modifier", "while_modifier", "until_modifier",
                           "rescue_modifier"})


class _Reader:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.names = Names(source, _CONDITIONALS, _FUNCTIONS)  # constants and variables: their assignments

    def resolve(self, node: Any, depth: int = 0) -> Value:
        raw = self.src.text(node)
        kind = node.type
        if depth > _MAX_DEPTH:
            return Value.reference(raw)
        if kind == "integer":
            return Value(raw.replace("_", ""), raw)
        if kind in ("true", "false"):
            return Value(kind, raw)
        if kind == "nil":
            return Value(None, raw, nil=True)
        if kind == "string":
            if any(c.type == "interpolation" for c in node.named_children):
                return Value.reference(raw)
            text = "".join(self.src.text(c) for c in node.named_children if c.type == "string_content")
            return Value(text, text)  # raw without the quotes, as other formats keep a scalar's text
        if kind == "simple_symbol":
            return Value(raw.lstrip(":"), raw)
        if kind == "hash_key_symbol":
            return Value(raw, raw)
        if kind == "scope_resolution" and raw.replace(" ", "").startswith("OpenSSL::SSL::VERIFY_"):
            return Value(raw, raw)
        if kind in ("constant", "identifier") and raw in self.names:
            value = self.names.value(raw, node, lambda inner: self.resolve(inner, depth + 1))
            return value if value is not None else Value.reference(raw)
        if kind == "parenthesized_statements" and node.named_child_count == 1:
            return self.resolve(node.named_children[0], depth + 1)
        if kind == "binary":
            return self.binary(node, raw, depth)
        if kind == "call":
            return self.call(node, raw, depth)
        return Value.reference(raw)

    def binary(self, node: Any, raw: str, depth: int) -> Value:
        left, op, right = node.child_by_field_name("left"), node.child_by_field_name("operator"), \
            node.child_by_field_name("right")
        if left is None or op is None or right is None:
            return Value.reference(raw)
        operator = self.src.text(op)
        if operator in ("||", "or"):
            return or_fallback(self.resolve(left, depth + 1), lambda: self.resolve(right, depth + 1), raw)
        if operator == "+":
            a, b = self.resolve(left, depth + 1), self.resolve(right, depth + 1)
            if a.text is not None and b.text is not None and a.origin is b.origin is Origin.LITERAL:
                return Value(a.text + b.text, raw)
        return Value.reference(raw)

    def call(self, node: Any, raw: str, depth: int) -> Value:
        receiver, method = node.child_by_field_name("receiver"), node.child_by_field_name("method")
        name = self.src.text(method) if method is not None else ""
        if receiver is not None and name in ("to_i", "to_s", "to_sym", "freeze", "strip") \
                and node.child_by_field_name("arguments") is None:
            inner = self.resolve(receiver, depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        args = node.child_by_field_name("arguments")
        if receiver is None and name in ("Integer", "String") and args is not None and args.named_child_count == 1:
            inner = self.resolve(args.named_children[0], depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        if receiver is not None and self.src.text(receiver) == "ENV" and name == "fetch":
            values = list(args.named_children) if args is not None else []
            fallback_node = values[1] if len(values) > 1 else None
            block = node.child_by_field_name("block")
            if fallback_node is None and block is not None:
                body = [c for c in block.named_children if c.type in ("block_body", "body_statement")]
                stmts = body[0].named_children if body else []
                fallback_node = stmts[-1] if len(stmts) == 1 else None
            if fallback_node is not None:
                return fallback_of(self.resolve(fallback_node, depth + 1), raw)
        return Value.reference(raw)

    def pairs(self, container: Any) -> dict[str, Setting[str]]:
        out: dict[str, Setting[str]] = {}
        for pair in container.named_children:
            if pair.type != "pair":
                continue
            key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
            if key_node is None or value_node is None:
                continue
            key = self.resolve(key_node).text
            if key is None or key not in KEYS:
                continue
            out[KEYS[key]] = self.setting(key, value_node, pair)
        return out

    def setting(self, key: str, value_node: Any, whole: Any) -> Setting[str]:
        value = self.resolve(value_node)
        return Setting(key, value.text, value.raw, self.src.span(whole), value.origin)


def parse(path: str, text: str) -> Document:
    """Every mail gem SMTP configuration in a Ruby file. Raises code_tree.GrammarMissing without a grammar."""
    doc = Document(path, "ruby")
    reader = _Reader(Source(path, text, "ruby"))
    nodes = walk(reader.src.root)
    for node in nodes:  # same-file names first
        if node.type in ("assignment", "operator_assignment"):
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and right is not None and left.type in ("constant", "identifier"):
                reader.names.add(reader.src.text(left), right if node.type == "assignment" else None, node,
                                 local=left.type == "identifier")
        elif node.type in ("method_parameters", "block_parameters", "lambda_parameters"):
            for parameter in node.named_children:
                name = parameter if parameter.type == "identifier" else parameter.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    reader.names.add(reader.src.text(name), None, node, local=True)
    gitlab: list[tuple[str, Any, Any]] = []
    for node in nodes:
        if node.type == "assignment":
            _assignment(reader, node, doc.endpoints, gitlab)
        elif node.type == "call":
            _delivery_method(reader, node, doc.endpoints)
        elif node.type in ("hash", "argument_list"):  # Pony.options = {...}; Pony.mail(via: :smtp, ...)
            _pony(reader, node, doc.endpoints)
    if gitlab:
        _add(doc.endpoints, with_variants(reader.names, partial(_gitlab, reader, gitlab)))
    doc.endpoints.sort(key=lambda ep: (ep.span.line, ep.span.column))
    return doc


def _add(endpoints: list[ClientEndpoint], endpoint: ClientEndpoint | None) -> None:
    if endpoint is not None:
        endpoints.append(endpoint)


def _rails(reader: _Reader, node: Any, hashes: list[Any]) -> ClientEndpoint | None:
    settings: dict[str, Setting[str]] = {}
    for value in hashes:
        settings.update(reader.pairs(value))
    return mail_gem(Dialect.RAILS, reader.src.span(node), settings) if settings else None


def _gitlab(reader: _Reader, assignments: list[tuple[str, Any, Any]]) -> ClientEndpoint | None:
    """Omnibus GitLab's ``gitlab_rails['smtp_*']`` assignments (the last of a key wins): one endpoint unless
    ``smtp_enable`` is literally false."""
    gitlab = {name: reader.setting(f"gitlab_rails['smtp_{key}']", right, node)
              for key, right, node in assignments for name in ([KEYS[key]] if key in KEYS else ["enable"])}
    enable = gitlab.get("enable")
    off = enable is not None and enable.origin is Origin.LITERAL and enable.value in ("false", None)
    if ("host" in gitlab or "port" in gitlab) and not off:
        return mail_gem(Dialect.GITLAB, reader.src.span(assignments[0][2]), gitlab)
    return None


def _assignment(reader: _Reader, node: Any, endpoints: list[ClientEndpoint],
                gitlab: list[tuple[str, Any, Any]]) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return
    if left.type == "call" and right.type == "hash":
        method = left.child_by_field_name("method")
        if method is not None and reader.src.text(method) == "smtp_settings":
            _add(endpoints, with_variants(reader.names, partial(_rails, reader, node, [right])))
        return
    if left.type == "element_reference" and left.named_child_count == 2:
        target, index = left.named_children
        if reader.src.text(target) != "gitlab_rails":
            return
        key = reader.resolve(index).text
        if key is not None and (key == "smtp_enable" or (key.startswith("smtp_") and key[5:] in KEYS)):
            gitlab.append((key[5:], right, node))


def _delivery_method(reader: _Reader, node: Any, endpoints: list[ClientEndpoint]) -> None:
    method = node.child_by_field_name("method")
    args = node.child_by_field_name("arguments")
    if method is None or args is None or reader.src.text(method) != "delivery_method":
        return
    values = list(args.named_children)
    if not values or reader.src.text(values[0]) != ":smtp":
        return
    hashes = [arg for arg in values[1:] if arg.type == "hash"]
    _add(endpoints, with_variants(reader.names, partial(_rails, reader, node, [*hashes, args])))


def _pony(reader: _Reader, node: Any, endpoints: list[ClientEndpoint]) -> None:
    """A hash (or a call's braceless options) with ``via: :smtp`` and ``via_options: {...}`` (Pony): the options
    are the mail gem's SMTP settings. Without ``via: :smtp`` Pony sends with sendmail and they are not SMTP's."""
    pairs: dict[str, Any] = {}
    for pair in node.named_children:
        key_node, value_node = pair.child_by_field_name("key"), pair.child_by_field_name("value")
        if pair.type == "pair" and key_node is not None and value_node is not None:
            key = reader.resolve(key_node).text
            if key is not None:
                pairs[key] = (pair, value_node)
    via, options = pairs.get("via"), pairs.get("via_options")
    if via is None or options is None or options[1].type != "hash" or reader.resolve(via[1]).text != "smtp":
        return
    _add(endpoints, with_variants(reader.names, partial(_rails, reader, options[0], [options[1]])))
