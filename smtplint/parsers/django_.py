"""Django settings modules, read with :mod:`ast`: never imported, never executed, never compiled to run.

Module-level assignments are evaluated statically, in statement order, the later one winning. Literals are
values; environment lookups (``os.environ[...]``, ``os.environ.get``, ``os.getenv``, django-environ
``env(...)``/``env.str(...)``, decouple ``config(...)``) are references, or fallbacks when they carry a
literal default. Star imports of sibling modules (split settings: ``from .base import *``) are read through
the engine's loader and merged at their position; a setting keeps the span of the file that set it. The
``EMAIL_*`` settings then become endpoints through the environment vocabulary shared with ``.env`` files
(:func:`smtplint.parsers.envvars.endpoints_from_env`), which knows Django's documented defaults: they apply
only when every star import could be followed (smtp-reference.md 5.00).

Assignments inside ``if``/``try``/``with``/``for``/``while``/``match`` at module level are possible values:
the names they bind become references (unknown), so that no rule fires on a value that may not apply.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Iterator

from smtplint.i18n import N_, _
from smtplint.model import ClientEndpoint, Diagnostic, Dialect, Document, Origin, Setting, Severity, Span
from smtplint.patterns import lazy
from smtplint.records import record, replace

LoadSibling = Callable[[str], tuple[str, str] | None]

MAX_IMPORT_DEPTH = 10  # star-import chains longer than this are not followed (the module is incomplete)
MAX_MODULES = 64  # sibling modules read for one linted file, at most
_MAX_EVAL_DEPTH = 50  # deeper expressions are unknown
_MAX_TEXT = 10_000  # longer computed strings are unknown (guards against doubling chains)

_LINE_BREAK = lazy(r"\r\n|\r|\n")  # what the Python tokenizer counts as a new line
_EMAIL_URL_SLOT = " EMAIL_URL"  # namespace slot of the settings dict a ``vars().update(...)`` applied

_Obj = str | int | float | bool | None


@record(frozen=True)
class _Val:
    """A statically evaluated value: LITERAL (known), FALLBACK (a reference's default) or REFERENCE."""

    origin: Origin
    obj: _Obj = None

    @property
    def known(self) -> bool:
        return self.origin is not Origin.REFERENCE


_UNKNOWN = _Val(Origin.REFERENCE)


@record(frozen=True)
class _Value:
    """A name bound to a scalar value, with the span (target to end of value) and source of the value."""

    val: _Val
    span: Span
    source: str
    text_span: Span | None = None  # where the value's text is written verbatim, when it is


@record(frozen=True)
class _Alias:
    """A name bound to a module or an object smtplint knows by its dotted name (``os``, ``os.getenv``)."""

    target: str


@record(frozen=True)
class _EnvObject:
    """A django-environ ``Env`` instance, with the defaults of its scheme (``Env(X=(bool, True))``)."""

    scheme: tuple[tuple[str, _Val], ...] = ()

    def default(self, var: str) -> _Val | None:
        return next((v for k, v in self.scheme if k == var), None)


@record(frozen=True)
class _EmailConfig:
    """The settings dict an email URL gives (``env.email_url()``, ``dj_email_url.parse()``)."""

    url: _Val
    span: Span | None
    source: str
    sets_tls_flags: bool  # dj-email-url always sets EMAIL_USE_TLS/EMAIL_USE_SSL; django-environ only on request
    text_span: Span | None = None


_Binding = _Value | _Alias | _EnvObject | _EmailConfig

# Keys an email-URL dict always sets (django-environ ``email_url_config``; dj-email-url ``parse`` adds the flags).
_URL_KEYS = ("EMAIL_FILE_PATH", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_HOST", "EMAIL_PORT",
             "EMAIL_BACKEND")
_URL_FLAG_KEYS = ("EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT")

_ENV = "<env>"  # the dotted name of a django-environ Env instance
# What an unbound name most likely is (it may come from a star import that could not be followed).
_UNBOUND = {
    "env": _ENV, "getenv": "os.getenv", "config": "decouple.config", "environ": "os.environ",
    "Env": "environ.Env", "AutoConfig": "decouple.AutoConfig",
    "int": "builtins.int", "bool": "builtins.bool", "str": "builtins.str", "float": "builtins.float",
}
_ENV_CLASSES = frozenset({"environ.Env", "environ.FileAwareEnv", "environ.environ.Env"})
_DECOUPLE_CLASSES = frozenset({"decouple.AutoConfig", "decouple.Config"})
# Environment lookups: dotted name -> index of the positional default argument (also accepted as default=).
_LOOKUPS = {
    "os.environ.get": 1, "os.getenv": 1, "os.environ.setdefault": 1,
    "environ.get": 1, "environ.setdefault": 1,  # django-environ has no .get: this is os.environ imported bare
    "decouple.config": 1,
    _ENV: 2, f"{_ENV}.get_value": 2,
    **{f"{_ENV}.{m}": 1 for m in ("str", "bool", "int", "float", "bytes", "json", "url", "path")},
    **{f"{_ENV}.{m}": 2 for m in ("list", "tuple", "dict")},
}
_WRAPPERS = frozenset({"builtins.int", "builtins.bool", "builtins.str", "builtins.float"})
_STR_METHODS: dict[str, Callable[[str], str]] = {
    "lower": str.lower, "upper": str.upper, "strip": str.strip, "casefold": str.casefold,
    "lstrip": str.lstrip, "rstrip": str.rstrip,
}
_ENV_EMAIL_URL = frozenset({f"{_ENV}.email_url", f"{_ENV}.email"})
_EMAIL_URL_PARSERS = {  # dotted name -> sets the TLS flags always
    f"{_ENV}.email_url_config": False, "environ.Env.email_url_config": False,
    "environ.FileAwareEnv.email_url_config": False, "dj_email_url.parse": True,
}
_COMPOUND = (ast.If, ast.Try, ast.TryStar, ast.While, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.Match)


def parse(path: str, text: str, *, load_sibling: LoadSibling | None = None) -> Document:
    """Read a Django settings module into a Document of client endpoints (format "django").

    ``path`` is the display path used in spans. ``load_sibling(spec)`` returns ``(display_path, text)`` of
    the module a star import names (``".base"``, ``"..common.settings"``, ``"project.settings.base"``;
    nested relative imports are rewritten relative to the linted file's package), or None when it cannot be
    read; any star import not followed makes the configuration incomplete (absent keys unknown). A syntax
    error becomes one SMTP001 diagnostic; nothing in the module is ever imported or executed.
    """
    doc = Document(path, "django")
    if "EMAIL_" not in text and "email_url" not in text:
        return doc  # nothing configures e-mail: not even parsed
    text = text.removeprefix("\ufeff")
    tree = _parse_tree(text)
    if isinstance(tree, str):
        doc.diagnostics.append(_diagnostic(path, text, tree))
        return doc
    if isinstance(tree, SyntaxError):
        doc.diagnostics.append(_syntax_diagnostic(path, text, tree))
        return doc
    context = _Context(load_sibling)
    context.stack.append(path)
    module = _Module(context, path, text, _Spec(1, ()), depth=0)
    try:
        module.run(tree)
    except RecursionError:
        doc.diagnostics.append(_diagnostic(path, text, N_("the module is too deeply nested to be read")))
        return doc
    if not module.sets_email:
        return doc  # a module that configures no e-mail setting itself; its bases are linted on their own
    settings, text_spans = _settings_of(module.ns)
    if settings:
        doc.endpoints.extend(_endpoints(settings, text_spans, _block_span(path, settings), module.complete))
    return doc


def _settings_of(namespace: dict[str, _Binding]) -> tuple[list[Setting[str]], list[Span | None]]:
    """The ``EMAIL_*`` settings of a module namespace, in the order they were last set, and where each
    value's text is written verbatim (a plain one-line string literal), when it is."""
    out: list[Setting[str]] = []
    text_spans: list[Span | None] = []
    for name, binding in namespace.items():
        if isinstance(binding, _Value) and name.startswith("EMAIL_") and name != "EMAIL_URL":
            out.append(_setting(name, binding.val, binding.source, binding.span))
            text_spans.append(binding.text_span)
        elif name == _EMAIL_URL_SLOT and isinstance(binding, _EmailConfig) and binding.span is not None:
            out.append(_setting("EMAIL_URL", binding.url, binding.source, binding.span))
            text_spans.append(binding.text_span)
    return out, text_spans


def _endpoints(settings: list[Setting[str]], text_spans: list[Span | None], block: Span,
               complete: bool) -> list[ClientEndpoint]:
    from smtplint.parsers.envvars import endpoints_from_env
    endpoints = endpoints_from_env(settings, block, hint=Dialect.DJANGO, complete=complete, value_spans=text_spans)
    for endpoint in endpoints:
        endpoint.complete = complete  # settings may live in a module smtplint could not read
    return endpoints


def _setting(key: str, val: _Val, source: str, span: Span) -> Setting[str]:
    if not val.known:
        return Setting(key, None, source, span, Origin.REFERENCE)
    text = _text(val.obj)
    return Setting(key, text, text, span, val.origin)


def _text(obj: _Obj) -> str:
    """The text of a Python value as the settings consumer sees it; None (unset, falsy) reads as empty."""
    if obj is None:
        return ""
    return str(obj)  # True -> "True", 587 -> "587"


def _block_span(path: str, settings: list[Setting[str]]) -> Span:
    """From the first to the last e-mail setting written in the linted file (else the first setting)."""
    own = [s.span for s in settings if s.span.path == path] or [settings[0].span]
    first = min(own, key=lambda s: (s.line, s.column))
    last = max(own, key=lambda s: (s.end_line, s.end_column))
    return Span(path if first.path == path else first.path, first.line, first.column, last.end_line,
                last.end_column)


# -- parsing and diagnostics ------------------------------------------------------------------------------


_NUL_MESSAGE = N_("the module contains NUL bytes")
# ast needs about 600 bytes of memory per byte of dense source (``x=1`` lines): 512 KiB cost ~330 MB at most
MAX_PYTHON_SIZE = 512 * 1024


def _parse_tree(text: str) -> ast.Module | SyntaxError | str:
    """The module's syntax tree, its SyntaxError, or why it cannot be parsed at all."""
    if len(text) > MAX_PYTHON_SIZE:
        return N_("the module is larger than 512 KiB, too large for a settings module: it was not parsed")
    try:
        with warnings.catch_warnings():  # the module's own SyntaxWarnings are not smtplint's output
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except SyntaxError as exc:
        return exc
    except ValueError:
        return _NUL_MESSAGE
    except (RecursionError, MemoryError):
        return N_("the module is too deeply nested to be parsed")


def _syntax_diagnostic(path: str, text: str, exc: SyntaxError) -> Diagnostic:
    if exc.lineno is None:
        return _diagnostic(path, text, _NUL_MESSAGE if "\x00" in text else
                           _("Python syntax error: {error}").format(error=exc.msg or "invalid syntax"))
    line, column = exc.lineno, max(exc.offset or 1, 1)
    length = 1
    if exc.end_lineno == line and exc.end_offset is not None and exc.end_offset > column:
        length = exc.end_offset - column
    return Diagnostic(Span.point(path, line, column, length),
                      _("Python syntax error: {error}").format(error=exc.msg or "invalid syntax"), Severity.ERROR)


def _diagnostic(path: str, text: str, message: str) -> Diagnostic:
    """A whole-file problem, placed at the first NUL byte when there is one (``message``: a message id)."""
    line, column = 1, 1
    nul = text.find("\x00")
    if message == _NUL_MESSAGE and nul >= 0:
        before = _LINE_BREAK.split(text[:nul])
        line, column = len(before), len(before[-1]) + 1
    return Diagnostic(Span.point(path, line, column), _(message), Severity.ERROR)


# -- star imports --------------------------------------------------------------------------------------------


@record(frozen=True)
class _Spec:
    """A module name relative to the linted file's package: ``level`` leading dots (0 = absolute)."""

    level: int
    parts: tuple[str, ...]

    def text(self) -> str:
        return "." * self.level + ".".join(self.parts)

    def resolve(self, level: int, module: str | None) -> _Spec | None:
        """The module ``from <level dots><module> import *`` names, seen from this package."""
        parts = tuple(module.split(".")) if module else ()
        if level == 0:
            return _Spec(0, parts) if parts else None
        up = level - 1
        if up <= len(self.parts):
            return _Spec(self.level, self.parts[: len(self.parts) - up] + parts)
        if self.level == 0:
            return None  # above the top-level package
        return _Spec(self.level + up - len(self.parts), parts)

    def package_of(self, display_path: str) -> _Spec:
        """The package a module read from ``display_path`` imports relative to."""
        if display_path.rsplit("/", 1)[-1] == "__init__.py" or not self.parts:
            return self
        return _Spec(self.level, self.parts[:-1])


class _Context:
    """What the linted file and every module it star-imports share: the loader, the import stack, a budget."""

    def __init__(self, load_sibling: LoadSibling | None) -> None:
        self.load_sibling = load_sibling
        self.stack: list[str] = []
        self.budget = MAX_MODULES

    def read(self, spec: _Spec, depth: int) -> _Module | None:
        """The module a star import names, read and evaluated; None when it cannot be followed."""
        if self.load_sibling is None or depth > MAX_IMPORT_DEPTH or self.budget <= 0:
            return None
        self.budget -= 1
        try:
            loaded = self.load_sibling(spec.text())
        except (OSError, ValueError):
            loaded = None
        if loaded is None:
            return None
        display, text = loaded
        text = text.removeprefix("\ufeff")
        if display in self.stack:
            # an import cycle: Python would see the partly run module; its assignments are already merged
            return _Module(self, display, "", spec, depth)
        tree = _parse_tree(text)
        if not isinstance(tree, ast.Module):
            return None
        module = _Module(self, display, text, spec.package_of(display), depth)
        self.stack.append(display)
        try:
            module.run(tree)
        finally:
            self.stack.pop()
        return module


# -- evaluation ----------------------------------------------------------------------------------------------


def _literal(obj: object) -> _Val:
    if obj is None or isinstance(obj, str | int | float):
        if isinstance(obj, str) and len(obj) > _MAX_TEXT:
            return _UNKNOWN
        return _Val(Origin.LITERAL, obj)
    return _UNKNOWN


def _derived(obj: object, *vals: _Val) -> _Val:
    """A value computed from known values: a fallback when any input is one."""
    out = _literal(obj)
    if out.known and any(v.origin is Origin.FALLBACK for v in vals):
        return _Val(Origin.FALLBACK, out.obj)
    return out


def _fallback(default: _Val) -> _Val:
    """A lookup's default: a None default is the same as none (the setting is unset: unknown)."""
    if not default.known or default.obj is None:
        return _UNKNOWN
    return _Val(Origin.FALLBACK, default.obj)


def _arg(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if len(positional) != len(call.args):
        return None
    return positional[index] if index < len(positional) else None


class _Module:
    """One module's namespace, built statement by statement."""

    def __init__(self, context: _Context, path: str, text: str, package: _Spec, depth: int) -> None:
        self.context = context
        self.path = path
        self.lines = _LINE_BREAK.split(text)
        self.package = package
        self.depth = depth
        self.ns: dict[str, _Binding] = {}
        self.complete = True
        self.all_names: tuple[str, ...] | None = None
        self.sets_email = False  # whether one of this module's own statements binds an e-mail setting

    # -- positions

    def _column(self, line: int, byte_offset: int) -> int:
        """The 0-based character column of a UTF-8 byte offset on a 1-based line."""
        if not 0 < line <= len(self.lines):
            return byte_offset
        text = self.lines[line - 1]
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))

    def _span(self, start: ast.AST, end: ast.AST) -> Span:
        line, col = getattr(start, "lineno", 1), getattr(start, "col_offset", 0)
        end_line = getattr(end, "end_lineno", None) or line
        end_col = getattr(end, "end_col_offset", None)
        if end_col is None:
            end_col = col + 1
        return Span(self.path, line, self._column(line, col) + 1, end_line, self._column(end_line, end_col) + 1)

    def _source(self, node: ast.AST) -> str:
        span = self._span(node, node)
        if not 0 < span.line <= span.end_line <= len(self.lines):
            return ""
        if span.line == span.end_line:
            return self.lines[span.line - 1][span.column - 1: span.end_column - 1]
        parts = [self.lines[span.line - 1][span.column - 1:], *self.lines[span.line: span.end_line - 1],
                 self.lines[span.end_line - 1][: span.end_column - 1]]
        return "\n".join(parts)

    # -- namespace

    def _set(self, name: str, binding: _Binding, own: bool = True) -> None:
        self.ns.pop(name, None)
        self.ns[name] = binding
        if own and self.depth == 0 and (name.startswith("EMAIL_") or name == _EMAIL_URL_SLOT):
            self.sets_email = True

    def exports(self) -> Iterator[tuple[str, _Binding]]:
        """What ``from module import *`` copies: ``__all__`` when it is a literal list, else public names."""
        for name, binding in self.ns.items():
            if name == _EMAIL_URL_SLOT:
                yield name, binding
            elif self.all_names is not None:
                if name in self.all_names:
                    yield name, binding
            elif not name.startswith("_"):
                yield name, binding

    # -- statements

    def run(self, tree: ast.Module) -> None:
        for stmt in tree.body:
            self._statement(stmt)

    def _statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            bound = self._evaluate(stmt.value)
            for target in stmt.targets:
                self._assign(target, stmt.value, bound)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self._assign(stmt.target, stmt.value, None)
        elif isinstance(stmt, ast.AugAssign):
            self._assign_unknown(stmt.target, stmt.value)
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    self._set(alias.asname, _Alias(alias.name))
                else:
                    top = alias.name.split(".", 1)[0]
                    self._set(top, _Alias(top))
        elif isinstance(stmt, ast.ImportFrom):
            self._import_from(stmt)
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self._set(stmt.name, _Value(_UNKNOWN, self._span(stmt, stmt), ""))
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    self.ns.pop(target.id, None)
        elif isinstance(stmt, ast.Expr):
            self._expression_statement(stmt)
        elif isinstance(stmt, _COMPOUND):
            self._branch(stmt)

    def _branch(self, stmt: ast.stmt) -> None:
        """Run a compound statement's bodies, then make every name they touched unknown (a possible value)."""
        before = dict(self.ns)
        for field in ("body", "orelse", "finalbody"):
            for inner in getattr(stmt, field, ()):
                self._statement(inner)
        for handler in getattr(stmt, "handlers", ()):
            for inner in handler.body:
                self._statement(inner)
        for case in getattr(stmt, "cases", ()):
            for inner in case.body:
                self._statement(inner)
        for name, binding in list(self.ns.items()):
            if before.get(name) is not binding:
                self.ns[name] = _possible(binding)
        for name, binding in before.items():
            if name not in self.ns:
                self._set(name, _possible(binding), own=False)

    def _import_from(self, stmt: ast.ImportFrom) -> None:
        if any(alias.name == "*" for alias in stmt.names):
            self._star_import(stmt)
            return
        module = stmt.module or ""
        for alias in stmt.names:
            bound = alias.asname or alias.name
            if alias.name == "env" and module != "os":
                self._set(bound, _EnvObject())  # `from .base import env`: the project's django-environ Env
            elif stmt.level == 0 and module:
                self._set(bound, _Alias(f"{module}.{alias.name}"))
            else:
                self._set(bound, _Value(_UNKNOWN, self._span(alias, alias), ""))

    def _star_import(self, stmt: ast.ImportFrom) -> None:
        spec = self.package.resolve(stmt.level, stmt.module)
        module = self.context.read(spec, self.depth + 1) if spec is not None else None
        if module is None:
            self.complete = False
            return
        if not module.complete:
            self.complete = False
        for name, binding in module.exports():
            if name == _EMAIL_URL_SLOT:
                self._drop_url_keys(binding)
            self._set(name, binding, own=False)

    def _expression_statement(self, stmt: ast.Expr) -> None:
        """``vars().update(...)`` / ``globals().update(...)``: the one expression that sets settings."""
        call = stmt.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "update" and _namespace_call(call.func.value)):
            return
        for kw in call.keywords:
            if kw.arg is None:
                self.complete = False
            else:
                self._bind(kw.arg, kw, kw.value, None)
        if not call.args:
            return
        arg = call.args[0]
        config = self._email_config(arg) if len(call.args) == 1 else None
        if config is not None:
            if config.span is None:
                span = self._span(stmt, stmt)
                config = replace(config, span=span, text_span=self._text_span(span, config.url))
            self._apply_email_config(config)
        elif len(call.args) == 1 and isinstance(arg, ast.Dict):
            for key, value in zip(arg.keys, arg.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    self._bind(key.value, key, value, None)
                else:
                    self.complete = False
        else:
            self.complete = False  # an unknown dict: any setting may be set by it

    def _apply_email_config(self, config: _EmailConfig) -> None:
        self._drop_url_keys(config)
        self._set(_EMAIL_URL_SLOT, config)

    def _drop_url_keys(self, binding: _Binding) -> None:
        """The keys the email-URL dict sets replace earlier assignments of them."""
        if not isinstance(binding, _EmailConfig):
            return
        for key in _URL_KEYS + (_URL_FLAG_KEYS if binding.sets_tls_flags else ()):
            self.ns.pop(key, None)

    # -- assignments

    def _assign(self, target: ast.expr, value: ast.expr, bound: _Binding | _Val | None) -> None:
        if isinstance(target, ast.Name):
            self._bind(target.id, target, value, bound)
        elif isinstance(target, ast.Tuple | ast.List):
            if (isinstance(value, ast.Tuple | ast.List) and len(value.elts) == len(target.elts)
                    and not any(isinstance(e, ast.Starred) for e in (*target.elts, *value.elts))):
                for t, v in zip(target.elts, value.elts, strict=True):
                    self._assign(t, v, None)
            else:
                for t in target.elts:
                    self._assign_unknown(t, value)
        elif isinstance(target, ast.Starred):
            self._assign_unknown(target.value, value)
        elif isinstance(target, ast.Subscript):
            key = _namespace_key(target)
            if key is not None:
                self._bind(key, target, value, bound)

    def _assign_unknown(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self._set(target.id, _Value(_UNKNOWN, self._span(target, value), self._source(value)))
        elif isinstance(target, ast.Tuple | ast.List):
            for t in target.elts:
                self._assign_unknown(t, value)
        elif isinstance(target, ast.Starred):
            self._assign_unknown(target.value, value)
        elif isinstance(target, ast.Subscript):
            key = _namespace_key(target)
            if key is not None:
                self._set(key, _Value(_UNKNOWN, self._span(target, value), self._source(value)))

    def _bind(self, name: str, start: ast.AST, value: ast.expr, bound: _Binding | _Val | None) -> None:
        if bound is None:
            bound = self._evaluate(value)
        span = self._span(start, value)
        if name == "__all__":
            self.all_names = _string_list(value)
        if isinstance(bound, _Val):
            self._set(name, _Value(bound, span, self._source(value), self._text_span(span, bound)))
        elif isinstance(bound, _EmailConfig) and bound.span is None:
            self._set(name, replace(bound, span=span, text_span=self._text_span(span, bound.url)))
        else:
            self._set(name, bound)

    def _text_span(self, span: Span, val: _Val) -> Span | None:
        """Where a known string value is written verbatim between quotes inside ``span`` (exactly once)."""
        text = val.obj
        if not val.known or not isinstance(text, str) or not text or "\n" in text or "\r" in text:
            return None
        hits: list[tuple[int, int]] = []
        for number in range(span.line, min(span.end_line, len(self.lines)) + 1):
            line = self.lines[number - 1]
            lo = span.column - 1 if number == span.line else 0
            hi = span.end_column - 1 if number == span.end_line else len(line)
            for quote in ('"', "'"):
                needle = quote + text + quote
                at = line.find(needle, lo, hi)
                while at >= 0:
                    hits.append((number, at + 2))
                    at = line.find(needle, at + 1, hi)
        if len(hits) != 1:
            return None
        number, column = hits[0]
        return Span(self.path, number, column, number, column + len(text))

    def _evaluate(self, value: ast.expr) -> _Binding | _Val:
        """What an assignment binds: an Env object, a decouple config, an email-URL dict, or a value."""
        if isinstance(value, ast.Call):
            dotted = self._dotted(value.func)
            if dotted in _ENV_CLASSES:
                return _EnvObject(self._scheme(value))
            if dotted in _DECOUPLE_CLASSES:
                return _Alias("decouple.config")
        config = self._email_config(value)
        if config is not None:
            return config
        if isinstance(value, ast.Name):
            binding = self.ns.get(value.id)
            if isinstance(binding, _Alias | _EnvObject):
                return binding
        return self._eval(value, 0)

    def _scheme(self, call: ast.Call) -> tuple[tuple[str, _Val], ...]:
        """``environ.Env(EMAIL_USE_TLS=(bool, True))``: the per-variable defaults."""
        out: list[tuple[str, _Val]] = []
        for kw in call.keywords:
            if kw.arg and isinstance(kw.value, ast.Tuple) and len(kw.value.elts) == 2:
                default = _fallback(self._eval(kw.value.elts[1], 1))
                if default.known:
                    out.append((kw.arg, default))
        return tuple(out)

    def _email_config(self, node: ast.expr) -> _EmailConfig | None:
        """The email-URL settings dict ``node`` evaluates to, if it is one."""
        if isinstance(node, ast.Name):
            binding = self.ns.get(node.id)
            return binding if isinstance(binding, _EmailConfig) else None
        if not isinstance(node, ast.Call):
            return None
        dotted = self._dotted(node.func)
        source = self._source(node)
        if dotted in _ENV_EMAIL_URL:
            var = _arg(node, 0, "var")
            default = _arg(node, 1, "default")
            val = _fallback(self._eval(default, 1)) if default is not None else _UNKNOWN
            env = self._env_object(node.func)
            if default is None and env is not None and isinstance(var, ast.Constant):
                val = env.default(str(var.value)) or _UNKNOWN
            if default is None and var is None and env is not None:
                val = env.default("EMAIL_URL") or _UNKNOWN
            return _EmailConfig(_url(val), None, source, False)
        if dotted == "dj_email_url.config":
            default = _arg(node, 1, "default")
            val = _fallback(self._eval(default, 1)) if default is not None else _UNKNOWN
            return _EmailConfig(_url(val), None, source, True)
        if dotted in _EMAIL_URL_PARSERS:
            url = _arg(node, 0, "url")
            if url is None:
                return _EmailConfig(_UNKNOWN, None, source, _EMAIL_URL_PARSERS[dotted])
            if isinstance(url, ast.Name):
                bound = self.ns.get(url.id)
                if isinstance(bound, _Value):
                    return _EmailConfig(_url(bound.val), bound.span, bound.source, _EMAIL_URL_PARSERS[dotted],
                                        bound.text_span)
            return _EmailConfig(_url(self._eval(url, 1)), None, source, _EMAIL_URL_PARSERS[dotted])
        return None

    # -- names

    def _dotted(self, node: ast.expr) -> str | None:
        """The dotted name an expression stands for (``os.environ.get``, ``<env>.bool``), None if unknown."""
        if isinstance(node, ast.Name):
            binding = self.ns.get(node.id)
            if binding is None:
                return _UNBOUND.get(node.id, node.id)
            if isinstance(binding, _Alias):
                return binding.target
            if isinstance(binding, _EnvObject):
                return _ENV
            return None
        if isinstance(node, ast.Attribute):
            base = self._dotted(node.value)
            return None if base is None else f"{base}.{node.attr}"
        return None

    def _env_object(self, func: ast.expr) -> _EnvObject | None:
        """The Env instance a call like ``env(...)`` or ``env.bool(...)`` is made on."""
        head = func.value if isinstance(func, ast.Attribute) else func
        if not isinstance(head, ast.Name):
            return None
        binding = self.ns.get(head.id)
        if isinstance(binding, _EnvObject):
            return binding
        return _EnvObject() if binding is None and head.id == "env" else None

    # -- expressions

    def _eval(self, node: ast.expr, depth: int) -> _Val:
        """The value of an expression, without running anything."""
        if depth > _MAX_EVAL_DEPTH:
            return _UNKNOWN
        depth += 1
        if isinstance(node, ast.Constant):
            return _literal(node.value)
        if isinstance(node, ast.Name):
            binding = self.ns.get(node.id)
            return binding.val if isinstance(binding, _Value) else _UNKNOWN
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node, depth)
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.BoolOp):
            return self._boolean(node, depth)
        if isinstance(node, ast.Compare):
            return self._compare(node, depth)
        if isinstance(node, ast.IfExp):
            test = self._eval(node.test, depth)
            if not test.known:
                return _UNKNOWN
            chosen = self._eval(node.body if test.obj else node.orelse, depth)
            return _derived(chosen.obj, test, chosen) if chosen.known else _UNKNOWN
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return _UNKNOWN

    def _fstring(self, node: ast.JoinedStr, depth: int) -> _Val:
        parts: list[str] = []
        vals: list[_Val] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            elif isinstance(value, ast.FormattedValue) and value.format_spec is None and value.conversion in (-1, 115):
                inner = self._eval(value.value, depth)
                if not inner.known:
                    return _UNKNOWN
                parts.append(str(inner.obj))
                vals.append(inner)
            else:
                return _UNKNOWN
        return _derived("".join(parts), *vals)

    def _unary(self, node: ast.UnaryOp, depth: int) -> _Val:
        operand = self._eval(node.operand, depth)
        if not operand.known:
            return _UNKNOWN
        obj = operand.obj
        if isinstance(node.op, ast.Not):
            return _derived(not obj, operand)
        if isinstance(obj, int | float) and isinstance(node.op, ast.USub | ast.UAdd):
            return _derived(-obj if isinstance(node.op, ast.USub) else +obj, operand)
        return _UNKNOWN

    def _binary(self, node: ast.BinOp, depth: int) -> _Val:
        if not isinstance(node.op, ast.Add):
            return _UNKNOWN
        left, right = self._eval(node.left, depth), self._eval(node.right, depth)
        if not (left.known and right.known):
            return _UNKNOWN
        a, b = left.obj, right.obj
        if isinstance(a, str) and isinstance(b, str):
            return _derived(a + b, left, right)
        if isinstance(a, int | float) and isinstance(b, int | float):
            return _derived(a + b, left, right)
        return _UNKNOWN

    def _boolean(self, node: ast.BoolOp, depth: int) -> _Val:
        """``a or b``: Python's result when every operand is known; ``os.getenv("X") or "d"`` is a fallback."""
        vals = [self._eval(v, depth) for v in node.values]
        if isinstance(node.op, ast.And):
            if not all(v.known for v in vals):
                return _UNKNOWN
            for v in vals:
                if not v.obj:
                    return _derived(v.obj, *vals)
            return _derived(vals[-1].obj, *vals)
        degraded = False
        for i, v in enumerate(vals):
            last = i == len(vals) - 1
            if not v.known:
                if last:
                    return _UNKNOWN
                degraded = True  # unset in the environment: the next operand is the fallback
                continue
            if v.obj or last:
                return _Val(Origin.FALLBACK if degraded or v.origin is Origin.FALLBACK else Origin.LITERAL, v.obj)
            degraded = degraded or v.origin is Origin.FALLBACK
        return _UNKNOWN

    def _compare(self, node: ast.Compare, depth: int) -> _Val:
        if len(node.ops) != 1:
            return _UNKNOWN
        op, right_node = node.ops[0], node.comparators[0]
        left = self._eval(node.left, depth)
        if not left.known:
            return _UNKNOWN
        if isinstance(op, ast.In | ast.NotIn) and isinstance(right_node, ast.Tuple | ast.List | ast.Set):
            items = [self._eval(e, depth) for e in right_node.elts]
            if not all(i.known for i in items):
                return _UNKNOWN
            found = left.obj in [i.obj for i in items]
            return _derived(found if isinstance(op, ast.In) else not found, left, *items)
        right = self._eval(right_node, depth)
        if not right.known:
            return _UNKNOWN
        if isinstance(op, ast.Eq | ast.NotEq):
            equal = left.obj == right.obj
            return _derived(equal if isinstance(op, ast.Eq) else not equal, left, right)
        if isinstance(op, ast.In | ast.NotIn) and isinstance(left.obj, str) and isinstance(right.obj, str):
            found = left.obj in right.obj
            return _derived(found if isinstance(op, ast.In) else not found, left, right)
        return _UNKNOWN

    def _call(self, node: ast.Call, depth: int) -> _Val:
        dotted = self._dotted(node.func)
        if dotted in _WRAPPERS:
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                return _UNKNOWN
            inner = self._eval(node.args[0], depth)
            if not inner.known:
                return _UNKNOWN
            try:
                return _derived(_convert(dotted, inner.obj), inner)
            except (TypeError, ValueError, OverflowError):
                return _UNKNOWN  # the application would fail to start with this default
        if dotted is not None and dotted in _LOOKUPS:
            return self._lookup(node, dotted, depth)
        if isinstance(node.func, ast.Attribute) and node.func.attr in _STR_METHODS and not (
                node.args or node.keywords):
            receiver = self._eval(node.func.value, depth)
            if receiver.known and isinstance(receiver.obj, str):
                return _derived(_STR_METHODS[node.func.attr](receiver.obj), receiver)
        return _UNKNOWN

    def _lookup(self, node: ast.Call, dotted: str, depth: int) -> _Val:
        """An environment lookup: unknown, or a fallback with its literal default."""
        default = _arg(node, _LOOKUPS[dotted], "default")
        if default is not None:
            return _fallback(self._eval(default, depth))
        if dotted.startswith(_ENV):
            env = self._env_object(node.func)
            var = _arg(node, 0, "var")
            if env is not None and isinstance(var, ast.Constant) and isinstance(var.value, str):
                return env.default(var.value) or _UNKNOWN
        return _UNKNOWN


class Scope:
    """The value resolution of settings modules, for the other Python readers (smtplint.parsers.code_python).

    Statements run statically as in a settings module: literals, same-file names, ``+``, f-strings, ``int()``
    and friends, and environment lookups (``os.getenv("X", "25")`` a fallback, without a default a reference).
    :meth:`child` is a copy for a function or class body, whose names then shadow the module's.
    """

    def __init__(self, path: str, text: str, module: _Module | None = None) -> None:
        self._module = module if module is not None else _Module(_Context(None), path, text, _Spec(1, ()), depth=1)

    def child(self) -> Scope:
        parent = self._module
        module = _Module(parent.context, parent.path, "", parent.package, parent.depth)
        module.lines = parent.lines
        module.ns = dict(parent.ns)
        return Scope(parent.path, "", module)

    def forget(self, names: Iterable[str]) -> None:
        """Make names unknown here (a function's parameters)."""
        for name in names:
            self._module.ns.pop(name, None)

    def run(self, statements: list[ast.stmt]) -> None:
        """Bind the names these statements set (a branch's names become unknown)."""
        for stmt in statements:
            self._module._statement(stmt)

    def value(self, node: ast.expr) -> tuple[Origin, str | int | float | bool | None]:
        """The expression's value: (LITERAL or FALLBACK, value), or (REFERENCE, None) when not knowable."""
        val = self._module._eval(node, 0)
        return val.origin, val.obj

    def dotted(self, node: ast.expr) -> str | None:
        """The dotted name an expression stands for through the imports seen (``smtplib.SMTP_SSL``)."""
        return self._module._dotted(node)

    def span(self, start: ast.AST, end: ast.AST | None = None) -> Span:
        return self._module._span(start, end if end is not None else start)

    def source(self, node: ast.AST) -> str:
        return self._module._source(node)


def parse_tree(text: str) -> ast.Module | SyntaxError | str:
    """A module's syntax tree, its SyntaxError, or why it cannot be parsed (size, NUL bytes, depth)."""
    return _parse_tree(text.removeprefix("\ufeff"))


def _possible(binding: _Binding) -> _Binding:
    """A binding made inside a branch: its value may or may not apply, so it is unknown."""
    if isinstance(binding, _Value):
        return _Value(_UNKNOWN, binding.span, binding.source)
    if isinstance(binding, _EmailConfig):
        return replace(binding, url=_UNKNOWN)
    return binding  # an import or an Env object: keep it, it only helps reading later lookups


def _convert(wrapper: str, obj: _Obj) -> object:
    """``int(x)``, ``bool(x)``, ``str(x)``, ``float(x)`` of a known value, as Python computes them."""
    if wrapper == "builtins.bool":
        return bool(obj)
    if wrapper == "builtins.str":
        return str(obj)
    if obj is None:
        raise TypeError("None")
    if wrapper == "builtins.int":
        return int(obj)
    return float(obj)


def _url(val: _Val) -> _Val:
    return val if val.known and isinstance(val.obj, str) else _UNKNOWN


def _namespace_call(node: ast.expr) -> bool:
    """``vars()``, ``globals()`` or ``locals()`` (at module level they are the module namespace)."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in ("vars", "globals", "locals") and not node.args and not node.keywords)


def _namespace_key(target: ast.Subscript) -> str | None:
    """``globals()["EMAIL_HOST"]`` as an assignment target: the name it sets."""
    key = target.slice
    if _namespace_call(target.value) and isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    return None


def _string_list(node: ast.expr) -> tuple[str, ...] | None:
    if isinstance(node, ast.List | ast.Tuple) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return tuple(str(e.value) for e in node.elts if isinstance(e, ast.Constant))
    return None


__all__ = ["MAX_IMPORT_DEPTH", "MAX_MODULES", "LoadSibling", "Scope", "parse", "parse_tree"]
