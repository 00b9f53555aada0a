"""PHP code that configures SMTP, read with tree-sitter (never run): PHPMailer objects and Laravel's
``config/mail.php``.

* PHPMailer: assignments to ``$x->Host``, ``Port``, ``SMTPSecure``, ``SMTPAutoTLS``, ``Username``,
  ``Password``, ``SMTPOptions`` (``['ssl' => ['verify_peer' => false, ...]]``) on one variable (or property,
  ``$this->mailer``) make one endpoint per object expression, dialect PHPMAILER, when ``Host`` or ``Port`` is
  assigned. ``PHPMailer::ENCRYPTION_STARTTLS``/``ENCRYPTION_SMTPS`` are their values ``tls``/``ssl``.
* Laravel: a returned array with ``'mailers' => ['smtp' => [...]]`` (or any mailer whose ``transport`` is
  ``smtp``): ``host``, ``port``, ``scheme``, ``encryption``, ``username``, ``password`` and the ``stream`` SSL
  options, judged as Laravel's ``MAIL_*`` variables are (dialect LARAVEL).

Values resolved: literals, ``.`` concatenation, ``const``/``define()`` constants of the same file,
``env('X', fallback)``, ``getenv('X') ?: fallback``, ``$_ENV['X'] ?? fallback`` (the fallback, origin
FALLBACK). Everything else is a reference. Comments are not code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtplint.model import ClientEndpoint, Dialect, Document, Setting, Span
from smtplint.parsers.code_mail import PHPMAILER_CONSTANTS, Value, flag, phpmailer
from smtplint.parsers.code_tree import Source, nodes_of, walk
from smtplint.parsers.code_values import Names, fallback_of, or_fallback, with_variants

PHPMAILER_KEYS = {"Host": "host", "Port": "port", "SMTPSecure": "secure", "SMTPAutoTLS": "auto_tls",
                  "Username": "username", "Password": "password", "SMTPAuth": "auth"}
SSL_OPTIONS = {"verify_peer": "verify", "verify_peer_name": "verify_peer_name",
               "allow_self_signed": "allow_self_signed"}
LARAVEL_KEYS = {"host": "MAIL_HOST", "port": "MAIL_PORT", "scheme": "MAIL_SCHEME", "encryption": "MAIL_ENCRYPTION",
                "username": "MAIL_USERNAME", "password": "MAIL_PASSWORD"}
_ENV_FUNCTIONS = ("env", "getenv")
_MAX_DEPTH = 20
_FUNCTIONS = frozenset({"function_definition", "method_declaration", "anonymous_function", "arrow_function"})
_CONDITIONALS = frozenset({"if_statement", "switch_statement", "while_statement", "for_statement",
                           "foreach_statement", "do_statement", "catch_clause", "conditional_expression",
                           "case_statement", "default_statement", "else_clause", "else_if_clause"})
# statements that give a variable a value smtplint does not know
_UNKNOWN_WRITES = frozenset({"augmented_assignment_expression", "global_declaration", "simple_parameter",
                             "variadic_parameter", "property_promotion_parameter", "foreach_statement",
                             "anonymous_function_use_clause", "static_variable_declaration", "list_literal"})


# the nodes parse() looks at
_READ = frozenset({"assignment_expression", "const_element", "function_call_expression",
                   "array_creation_expression"}) | _UNKNOWN_WRITES


class _Reader:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.names: dict[str, Any] = {}
        self.variables = Names(source, _CONDITIONALS, _FUNCTIONS, file_names=False)

    def resolve(self, node: Any, depth: int = 0) -> Value:
        raw = self.src.text(node)
        if depth > _MAX_DEPTH:
            return Value.reference(raw)
        kind = node.type
        if kind == "integer":
            return Value(raw.replace("_", ""), raw)
        if kind == "boolean":
            return Value(raw.lower(), raw)
        if kind == "null":
            return Value(None, raw, nil=True)
        if kind in ("string", "encapsed_string"):
            if any(c.type not in ("string_content", "escape_sequence", "string_value") for c in node.named_children):
                return Value.reference(raw)  # "{$x}" interpolation
            text = "".join(self.src.text(c) for c in node.named_children)
            return Value(text, text)  # raw without the quotes, as other formats keep a scalar's text
        if kind == "class_constant_access_expression" and node.named_child_count == 2:
            constant = self.src.text(node.named_children[1])
            if constant in PHPMAILER_CONSTANTS:
                return Value(PHPMAILER_CONSTANTS[constant], raw)
        if kind == "variable_name":
            value = self.variables.value(raw, node, lambda inner: self.resolve(inner, depth + 1))
            return value if value is not None else Value.reference(raw)
        if kind == "name" and raw in self.names:
            inner = self.resolve(self.names[raw], depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        if kind == "parenthesized_expression" and node.named_child_count == 1:
            return self.resolve(node.named_children[0], depth + 1)
        if kind == "function_call_expression":
            return self._call(node, raw, depth)
        if kind == "binary_expression":
            return self._binary(node, raw, depth)
        if kind == "conditional_expression" and node.named_child_count == 2:  # a ?: b
            first, other = node.named_children
            return or_fallback(self.resolve(first, depth + 1), lambda: self.resolve(other, depth + 1), raw)
        if kind == "cast_expression" and node.named_child_count:
            inner = self.resolve(node.named_children[-1], depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        return Value.reference(raw)

    def _call(self, node: Any, raw: str, depth: int) -> Value:
        function, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        name = self.src.text(function) if function is not None else ""
        values = [a.named_children[0] for a in args.named_children if a.named_child_count] if args is not None else []
        if name in _ENV_FUNCTIONS and len(values) >= 2:
            return fallback_of(self.resolve(values[1], depth + 1), raw)
        if name in ("intval", "strval") and values:
            inner = self.resolve(values[0], depth + 1)
            return Value(inner.text, raw, inner.origin, inner.nil)
        return Value.reference(raw)

    def _binary(self, node: Any, raw: str, depth: int) -> Value:
        left, op, right = node.child_by_field_name("left"), node.child_by_field_name("operator"), \
            node.child_by_field_name("right")
        if left is None or op is None or right is None:
            return Value.reference(raw)
        operator = self.src.text(op)
        if operator in ("??", "?:", "||"):
            return or_fallback(self.resolve(left, depth + 1), lambda: self.resolve(right, depth + 1), raw)
        if operator == ".":
            a, b = self.resolve(left, depth + 1), self.resolve(right, depth + 1)
            if a.known_literal and b.known_literal and a.text is not None and b.text is not None:
                return Value(a.text + b.text, raw)
        return Value.reference(raw)

    def setting(self, key: str, value_node: Any, whole: Any) -> Setting[str]:
        value = self.resolve(value_node)
        return Setting(key, value.text, value.raw, self.src.span(whole), value.origin)

    def array(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """An array literal's string keys -> (value node, element node)."""
        out: dict[str, tuple[Any, Any]] = {}
        for element in node.named_children:
            if element.type != "array_element_initializer" or element.named_child_count != 2:
                continue
            key, value = element.named_children
            text = self.resolve(key).text
            if text is not None:
                out[text] = (value, element)
        return out


def parse(path: str, text: str) -> Document:
    """PHPMailer objects and Laravel mailers in a PHP file. Raises code_tree.GrammarMissing without a grammar."""
    doc = Document(path, "php")
    reader = _Reader(Source(path, text, "php"))
    nodes = nodes_of(reader.src, _READ)
    defines: dict[str, tuple[Any, Any]] = {}
    for node in nodes:
        if node.type == "assignment_expression":
            _variable_assignment(reader, node)
        elif node.type in _UNKNOWN_WRITES:
            _unknown_writes(reader, node)
        if node.type == "const_element" and node.named_child_count == 2:
            reader.names[reader.src.text(node.named_children[0])] = node.named_children[1]
        elif node.type == "function_call_expression":
            function, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            values = [a.named_children[0] for a in args.named_children if a.named_child_count] \
                if args is not None else []
            if function is not None and reader.src.text(function) == "define" and len(values) == 2:
                name = reader.resolve(values[0]).text
                if name is not None:
                    reader.names[name] = values[1]
                    defines[name] = (values[1], node)
    objects: dict[str, tuple[Any, list[Any]]] = {}
    created: set[str] = set()  # object expressions assigned a `new PHPMailer` in this file
    laravel = b"mailers" in reader.src.data  # arrays are read for a 'mailers' key only in a file that has one
    for node in nodes:
        if node.type == "assignment_expression":
            _phpmailer_assignment(reader, node, objects)
            _phpmailer_creation(reader, node, created)
        elif node.type == "array_creation_expression" and laravel:
            _laravel(reader, node, doc)
    for owner, (first, assignments) in objects.items():
        props = {_prop(reader, a) for a in assignments}
        if "Host" in props or "Port" in props:
            ep = with_variants(reader.variables, _phpmailer_builder(reader, first, assignments, owner in created))
            if ep is not None:
                doc.endpoints.append(ep)
    _wp_mail_smtp(reader, defines, doc)
    doc.endpoints.sort(key=lambda ep: (ep.span.line, ep.span.column))
    return doc


def _variable_assignment(reader: _Reader, node: Any) -> None:
    """``$x = value``: one of the values ``$x`` may hold (code_values.Names)."""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is not None and right is not None and left.type == "variable_name":
        reader.variables.add(reader.src.text(left), right, node, local=True)


def _unknown_writes(reader: _Reader, node: Any) -> None:
    """``$x .= ...``, ``global $x``, a parameter, a ``foreach`` variable: ``$x`` holds what smtplint does not
    know from here on."""
    if node.type in ("augmented_assignment_expression", "simple_parameter", "variadic_parameter",
                     "property_promotion_parameter"):
        targets = [node.child_by_field_name("left") or node.child_by_field_name("name")]
    elif node.type == "foreach_statement":
        targets = [c for c in node.named_children[1:-1] if c.type in ("variable_name", "pair")]
        targets = [v for t in targets for v in ([t] if t.type == "variable_name" else t.named_children)]
    else:
        targets = [c for c in walk(node) if c.type == "variable_name"]
    for target in targets:
        if target is not None and target.type == "variable_name":
            reader.variables.add(reader.src.text(target), None, node, local=True)


def _prop(reader: _Reader, node: Any) -> str:
    name = node.child_by_field_name("left").child_by_field_name("name")
    return reader.src.text(name) if name is not None else ""


def _phpmailer_assignment(reader: _Reader, node: Any, objects: dict[str, tuple[Any, list[Any]]]) -> None:
    """``$x->Host = ...`` and the other PHPMailer properties: kept by object expression, read at the end."""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None or left.type != "member_access_expression":
        return
    target, name = left.child_by_field_name("object"), left.child_by_field_name("name")
    if target is None or name is None:
        return
    prop = reader.src.text(name)
    if prop not in PHPMAILER_KEYS and prop != "SMTPOptions":
        return
    objects.setdefault(reader.src.text(target), (node, []))[1].append(node)


def _phpmailer_creation(reader: _Reader, node: Any, created: set[str]) -> None:
    """``$x = new PHPMailer(...)`` (any namespace spelling): ``$x`` is an object made in this file."""
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None or right.type != "object_creation_expression":
        return
    name = next((c for c in right.named_children if c.type in ("name", "qualified_name")), None)
    if name is not None and reader.src.text(name).rpartition("\\")[2].lower() == "phpmailer":  # PHP: any case
        created.add(reader.src.text(left))


def _phpmailer_builder(reader: _Reader, first: Any, assignments: list[Any],
                       created: bool) -> Callable[[], ClientEndpoint]:
    return lambda: phpmailer(reader.src.span(first), _phpmailer_settings(reader, assignments), created=created)


def _phpmailer_settings(reader: _Reader, assignments: list[Any]) -> dict[str, Setting[str]]:
    """One PHPMailer object's settings from its property assignments (a later one wins)."""
    settings: dict[str, Setting[str]] = {}
    for node in assignments:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        owner, prop = reader.src.text(left.child_by_field_name("object")), _prop(reader, node)
        if prop == "SMTPOptions":
            inner = reader.array(right) if right.type == "array_creation_expression" else {}
            ssl = inner.get("ssl")
            if ssl is not None and ssl[0].type == "array_creation_expression":
                for option, (value, element) in reader.array(ssl[0]).items():
                    if option in SSL_OPTIONS:
                        settings[SSL_OPTIONS[option]] = reader.setting(option, value, element)
            continue
        settings[PHPMAILER_KEYS[prop]] = reader.setting(f"{owner}->{prop}", right, node)
    return settings


def _laravel(reader: _Reader, node: Any, doc: Document) -> None:
    from smtplint.parsers.envvars import endpoints_from_env
    mailers = reader.array(node).get("mailers")
    if mailers is None or mailers[0].type != "array_creation_expression":
        return
    for name, (config, element) in reader.array(mailers[0]).items():
        if config.type != "array_creation_expression":
            continue
        options = reader.array(config)
        transport = options.get("transport")
        kind = reader.resolve(transport[0]).text if transport is not None else name
        if kind != "smtp":
            continue
        settings = [reader.setting(LARAVEL_KEYS[key], value, whole) for key, (value, whole) in options.items()
                    if key in LARAVEL_KEYS]
        block: Span = reader.src.span(element)
        for ep in endpoints_from_env(settings, block, hint=Dialect.LARAVEL, complete=True):
            stream = options.get("stream")
            ssl = reader.array(stream[0]).get("ssl") if stream is not None \
                and stream[0].type == "array_creation_expression" else None
            if ssl is not None and ssl[0].type == "array_creation_expression":
                for option, (value, whole) in reader.array(ssl[0]).items():
                    if option in SSL_OPTIONS:
                        ep.extra[SSL_OPTIONS[option]] = reader.setting(option, value, whole)
            doc.endpoints.append(ep)


# WP Mail SMTP's constants (wp-config.php) -> the PHPMailer options the plugin sets from them
WPMS_KEYS = {"WPMS_SMTP_HOST": "host", "WPMS_SMTP_PORT": "port", "WPMS_SSL": "secure",
             "WPMS_SMTP_AUTOTLS": "auto_tls", "WPMS_SMTP_USER": "username", "WPMS_SMTP_PASS": "password"}


def _wp_mail_smtp(reader: _Reader, defines: dict[str, tuple[Any, Any]], doc: Document) -> None:
    """WP Mail SMTP's ``define('WPMS_*', ...)`` constants: one endpoint, judged as the PHPMailer object the
    plugin configures from them (``SMTPSecure = WPMS_SSL``, ``SMTPAutoTLS = WPMS_SMTP_AUTOTLS``), when
    ``WPMS_ON`` is not false and ``WPMS_MAILER`` is ``smtp`` (other mailers are HTTP APIs). With
    ``WPMS_SMTP_AUTH`` false the plugin sends no credentials."""
    on, mailer, auth = defines.get("WPMS_ON"), defines.get("WPMS_MAILER"), defines.get("WPMS_SMTP_AUTH")
    if on is None or flag(reader.setting("WPMS_ON", on[0], on[1])) is False:
        return
    if mailer is not None and reader.resolve(mailer[0]).text not in (None, "smtp"):
        return
    settings = {WPMS_KEYS[name]: reader.setting(name, value, whole) for name, (value, whole) in defines.items()
                if name in WPMS_KEYS}
    if auth is not None and flag(reader.setting("WPMS_SMTP_AUTH", auth[0], auth[1])) is False:
        settings.pop("username", None)
        settings.pop("password", None)
    if "host" not in settings and "port" not in settings:
        return
    ep = phpmailer(reader.src.span(on[1]), settings)
    ep.dialect = Dialect.WP_MAIL_SMTP
    doc.endpoints.append(ep)
