"""Configuration: ``.smtplint.toml`` or ``[tool.smtplint]`` in ``pyproject.toml``, merged with the CLI flags.

Discovery walks up from each linted file's directory; the nearest configuration wins (cached per
directory). In one directory ``.smtplint.toml`` wins over ``smtplint.toml`` (both with top-level keys, as
ruff's ``.ruff.toml`` and ``ruff.toml``), which wins over ``pyproject.toml``, and a
``pyproject.toml`` without a ``[tool.smtplint]`` table is not a configuration (ruff's order). ``--config
FILE`` uses that file for every path; ``--isolated`` ignores every configuration file. Relative globs are
relative to the directory of the file that holds them.

Files are read with :mod:`tomllib` (imported only when a configuration file exists) and validated against
``schemas/config.schema.json`` by :mod:`smtplint.config_schema`, which applies the schema's keywords as
jsonschema does without its >100 ms import. Every problem is a :class:`ConfigError` naming the file, the
key and what is allowed (exit code 2), never a traceback and never a value that could be a secret.

Rule selection is ruff's: layers (defaults, then the file, then the command line) each hold ``select``,
``extend-select`` and ``ignore``; a layer with ``select`` replaces the selection so far, a layer without it
adjusts it. Inside a layer the most specific selector decides for each rule (``SMTP101`` over ``SMTP1``
over ``ALL``), and ``ignore`` wins a tie. ``per-file-ignores`` then removes rules for matching files.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from smtplint.config_schema import SchemaError
from smtplint.i18n import _
from smtplint.model import Severity
from smtplint.model.options import RuleOptions
from smtplint.patterns import lazy
from smtplint.records import field, record, replace

CONFIG_FILES = (".smtplint.toml", "smtplint.toml", "pyproject.toml")  # in one folder the first found wins (ruff's)
TLS_MODES = ("starttls", "implicit-tls", "either")
_SAFE_VALUE = lazy(r"^[A-Za-z0-9_.:/*+\[\]-]{1,64}$")


class ConfigError(Exception):
    """An invalid configuration file or flag; the message names the file, the key and what is allowed."""


@record(frozen=True)
class Cli:
    """What the command line says about configuration (None: the flag was not given)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude_given: bool = False  # --exclude replaces the configuration's ``exclude`` (not ``extend-exclude``)
    force_exclude: bool = False
    config: Path | None = None
    isolated: bool = False
    require_reason: bool = False
    kinds: tuple[tuple[str, str], ...] = ()  # --kind GLOB:KIND, in order (globs relative to the current folder)


@record(frozen=True)
class FileConfig:
    """One validated configuration file."""

    path: Path
    root: Path  # the directory relative globs are relative to
    data: Mapping[str, Any]
    prefix: str  # "tool.smtplint." for pyproject.toml, "" for .smtplint.toml (for messages)


@record(frozen=True)
class FilePolicy:
    """What applies to one file: the rules that run, severity overrides, rule options."""

    rules: frozenset[str]
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: RuleOptions = field(default_factory=RuleOptions)
    require_reason: bool = False
    example: bool = False  # an example, sample, test or docs location: findings one severity lower, tagged

    def selected(self, rule_id: str) -> bool:
        """True when the rule runs (and is reported) for this file."""
        return rule_id in self.rules


# --------------------------------------------------------------------------------------------- loading


def _safe(value: object) -> str:
    text = str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return text
    return repr(text) if isinstance(value, str) and _SAFE_VALUE.match(text) else "the value given"


def _display(path: Path) -> str:
    try:
        rel = Path(os.path.abspath(path)).relative_to(Path.cwd())
        return rel.as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix()


# A pyproject.toml can hold [tool.smtplint] only if one of these matches (checked before TOML is imported and
# parsed: most pyproject files only name smtplint as a dependency, a script or a pre-commit hook, or not at all).
_TOOL_SMTPLINT = lazy(
    # [tool.smtplint], [tool.smtplint.per-file-ignores], tool.smtplint.select = ...
    rb"""^[ \t]*(?:\[[ \t]*)?["']?tool["']?[ \t]*\.[ \t]*["']?smtplint["']?[ \t]*[.=\]]"""
    rb"""|^[ \t]*["']?tool["']?[ \t]*=""",  # tool = { smtplint = ... }
    re.M)
_TOOL_TABLE = lazy(rb"""^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]""", re.M)
_SMTPLINT_KEY = lazy(rb"""^[ \t]*["']?smtplint["']?[ \t]*[.=]""", re.M)


def may_configure_smtplint(raw: bytes) -> bool:
    """Whether a pyproject.toml's bytes may hold smtplint's table (never False when it does)."""
    if b"smtplint" not in raw:
        return False
    if _TOOL_SMTPLINT.search(raw):
        return True
    table = _TOOL_TABLE.search(raw)  # [tool] then a smtplint key somewhere after it
    return table is not None and _SMTPLINT_KEY.search(raw, table.end()) is not None


def load(path: Path, rule_ids: Sequence[str]) -> FileConfig | None:
    """The configuration in ``path``; None for a pyproject.toml without ``[tool.smtplint]``."""
    shown = _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(_("{file}: cannot be read: {error}").format(file=shown, error=exc.strerror or exc)) from None
    pyproject = path.name == "pyproject.toml"
    if pyproject and not may_configure_smtplint(raw):
        return None
    import tomllib  # only when a configuration file exists (start-up of runs without one)

    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(_("{file}: not valid UTF-8 text; TOML files are UTF-8").format(file=shown)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_("{file}: invalid TOML: {error}").format(file=shown, error=exc)) from None
    prefix = ""
    if pyproject:
        tool = doc.get("tool")
        if not isinstance(tool, dict) or "smtplint" not in tool:
            return None
        doc, prefix = tool["smtplint"], "tool.smtplint."
        if not isinstance(doc, dict):
            raise ConfigError(_("{file}: tool.smtplint must be a table ([tool.smtplint])").format(file=shown))
    validate(doc, shown, prefix, rule_ids)
    return FileConfig(path, Path(os.path.abspath(path)).parent, doc, prefix)


def validate(doc: Mapping[str, Any], shown: str, prefix: str, rule_ids: Sequence[str]) -> None:
    """Raise ConfigError for the first problems found (schema first, then rule ids and selectors)."""
    from smtplint.config_schema import errors

    messages = [_message(e, prefix) for e in errors(doc)[:5]]
    if not messages:
        messages = _semantic(doc, prefix, rule_ids)
    if messages:
        raise ConfigError("\n".join(f"{shown}: {m}" for m in messages))


def _key(path: Sequence[Any], prefix: str) -> str:
    out = prefix.rstrip(".") if prefix else ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out = f"{out}.{part}" if out else str(part)
    return out or _("(top level)")


def _message(error: SchemaError, prefix: str) -> str:
    path = list(error.path)
    key = _key(path, prefix)
    top = str(path[0]) if path else ""
    kind = error.keyword
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        unknown = _key([*path, extra[0]], prefix) if extra else key
        if not prefix and not path and extra and extra[0] == "tool":
            return _("unknown key 'tool'; in .smtplint.toml and smtplint.toml the keys go at the top level "
                     "(select = [...], not [tool.smtplint]); [tool.smtplint] is for pyproject.toml")
        return _("unknown key '{key}'; allowed keys: {allowed}").format(key=unknown, allowed=", ".join(allowed))
    if kind == "enum":
        values = ", ".join(f"'{v}'" for v in error.expected)
        return _("{key}: {value} is not allowed; allowed values: {allowed}").format(
            key=key, value=_safe(error.instance), allowed=values)
    if kind == "type":
        expected = {"array": _("a list"), "object": _("a table"), "string": _("a string"),
                    "integer": _("an integer"), "boolean": _("true or false")}.get(
            str(error.expected), str(error.expected))
        return _("{key}: expected {expected}, got {actual}").format(key=key, expected=expected,
                                                                     actual=_toml_type(error.instance))
    if kind in ("minimum", "maximum"):
        lo, hi = error.schema.get("minimum"), error.schema.get("maximum")
        return _("{key}: {value} is out of range; allowed: {low} to {high}").format(
            key=key, value=_safe(error.instance), low=lo, high=hi)
    if kind == "pattern" and top in ("select", "extend-select", "ignore", "per-file-ignores"):
        return _("{key}: {value} is not a rule selector; allowed: ALL, a rule id (SMTP101) or a prefix "
                 "(SMTP1)").format(key=key, value=_safe(error.instance))
    if kind in ("pattern", "maxLength") and top in ("dev-hosts", "provider-hosts"):
        return _("{key}: {value} is not a host name; allowed: a DNS name or an IP address").format(
            key=key, value=_safe(error.instance))
    if kind == "propertyNames" or (kind == "pattern" and top == "severity"):
        return _("{key}: keys must be rule ids such as SMTP101").format(key=key)
    if kind == "minLength":
        return _("{key}: must not be empty").format(key=key)
    return _("{key}: invalid ({kind})").format(key=key, kind=kind)


def _toml_type(value: object) -> str:
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return type(value).__name__


def unknown_selector(selectors: Sequence[str], rule_ids: Sequence[str]) -> str | None:
    """The first selector that matches no rule (ALL matches all), or None."""
    for sel in selectors:
        if sel != "ALL" and not any(r.startswith(sel) for r in rule_ids):
            return sel
    return None


def _semantic(doc: Mapping[str, Any], prefix: str, rule_ids: Sequence[str]) -> list[str]:
    out: list[str] = []
    lists: list[tuple[list[str], Sequence[str]]] = [
        ([k], doc.get(k, [])) for k in ("select", "extend-select", "ignore")]
    lists += [(["per-file-ignores", g], v) for g, v in doc.get("per-file-ignores", {}).items()]
    for key, selectors in lists:
        bad = unknown_selector(selectors, rule_ids)
        if bad is not None:
            out.append(_("{key}: unknown rule selector '{selector}'; allowed: ALL, a rule id or a prefix "
                         "(see smtplint --list-rules)").format(key=_key(key, prefix), selector=bad))
    for rule_id in doc.get("severity", {}):
        if rule_id not in rule_ids:
            out.append(_("{key}: unknown rule id; see smtplint --list-rules").format(
                key=_key(["severity", rule_id], prefix)))
    for glob, kind in doc.get("kinds", {}).items():
        problem = unknown_kind(kind)
        if problem is not None:
            out.append(f"{_key(['kinds', glob], prefix)}: {problem}")
    return out


def unknown_kind(kind: str) -> str | None:
    """Why ``kind`` is not a kind of file smtplint reads (with the closest name), or None when it is one."""
    from smtplint import formats

    if kind in formats.FORMATS:
        return None
    import difflib

    names = sorted(formats.FORMATS)
    close = difflib.get_close_matches(kind.lower(), names, n=1, cutoff=0.6)
    shown = _safe(kind)
    if close:
        return _("unknown kind {kind}; did you mean '{close}'? kinds: {kinds}").format(
            kind=shown, close=close[0], kinds=", ".join(names))
    return _("unknown kind {kind}; kinds: {kinds}").format(kind=shown, kinds=", ".join(names))


def parse_kind_flag(text: str) -> tuple[str, str]:
    """``GLOB:KIND`` (``--kind 'deploy/*.cf.j2:postfix-main'``) as (glob, kind); ConfigError when malformed or
    the kind is unknown."""
    glob, sep, kind = text.rpartition(":")
    if not sep or not glob or not kind:
        raise ConfigError(_("--kind {value}: expected GLOB:KIND, e.g. --kind 'deploy/*.cf.j2:postfix-main'").format(
            value=_safe(text)))
    problem = unknown_kind(kind)
    if problem is not None:
        raise ConfigError(f"--kind: {problem}")
    return glob, kind


# ----------------------------------------------------------------------------------------- selection


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def _matches(selector: str, rule_id: str) -> bool:
    return selector == "ALL" or rule_id.startswith(selector)


def resolve_selection(rule_ids: Sequence[str],
                      layers: Sequence[tuple[Sequence[str] | None, Sequence[str], Sequence[str]]]) -> frozenset[str]:
    """ruff's rule selection over layers of (select or None, extend-select, ignore); the default is ALL."""
    current = set(rule_ids)
    for select, extend, ignore in layers:
        updates: dict[str, bool] = {}
        for rule_id in rule_ids:
            best: tuple[int, int] | None = None  # (specificity, 1 ignore / 0 select): the max decides
            for sel in [*(select or ()), *extend]:
                if _matches(sel, rule_id):
                    cand = (_specificity(sel), 0)
                    best = cand if best is None or cand > best else best
            for sel in ignore:
                if _matches(sel, rule_id):
                    cand = (_specificity(sel), 1)
                    best = cand if best is None or cand > best else best
            if best is not None:
                updates[rule_id] = best[1] == 0
        if select is not None:
            current = {r for r, on in updates.items() if on}
        else:
            for rule_id, on in updates.items():
                (current.add if on else current.discard)(rule_id)
    return frozenset(current)


# ---------------------------------------------------------------------------------------------- globs

# Example, sample, test and documentation locations (``example-paths`` replaces them): findings there are
# reported one severity lower and tagged "example" while ``lower-examples`` is true (the default).
DEFAULT_EXAMPLE_PATHS = (
    "*.example", "*.example.*", "example.*", "*.sample", "*.sample.*", "sample.*", "*.dist", "*.dist.*",
    "*.template", "*.tmpl", "example", "examples", "sample", "samples", "demo", "docs", "doc", "test", "tests",
    "spec", "fixtures", "testdata", "__tests__", "test_*", "*_test.*", "*.test.*",
    # class-named test sources: MailSenderTest.java, SmtpClientTests.cs
    "*Test.java", "*Tests.java", "*Test.cs", "*Tests.cs",
)


def example_location(path: Path | str, root: Path | str, patterns: Sequence[str] = DEFAULT_EXAMPLE_PATHS) -> bool:
    """True when ``path`` is an example, sample, test or docs location: a glob of ``patterns`` matches it
    (as ``exclude`` globs match), or it is a Helm chart's default values (``values*.yaml`` beside
    ``Chart.yaml``: defaults that the operator fills in)."""
    if globs_match(path, root, patterns):
        return True
    full = os.path.abspath(path)
    name = os.path.basename(full).lower()
    return name.startswith("values") and fnmatch.fnmatchcase(name, "values*.y*ml") and os.path.isfile(
        os.path.join(os.path.dirname(full), "Chart.yaml"))


def glob_match(path: Path | str, root: Path | str, pattern: str) -> bool:
    """fnmatch-style: a pattern without ``/`` matches any file or folder name below ``root``; one with ``/``
    matches the path relative to ``root`` or one of its folders (``legacy/`` matches everything in it)."""
    return globs_match(path, root, (pattern,))


def _relative_parts(path: Path | str, root: Path | str) -> tuple[str, ...] | None:
    """The names of ``path`` below ``root`` (both made absolute, compared as text as Path.relative_to does);
    None when it is not below it."""
    full, base = os.path.abspath(path), os.path.abspath(root)
    if full == base:
        return ()
    prefix = base if base.endswith(os.sep) else base + os.sep
    return tuple(full[len(prefix):].split(os.sep)) if full.startswith(prefix) else None


def globs_match(path: Path | str, root: Path | str, patterns: Sequence[str]) -> bool:
    """Whether any of ``patterns`` matches ``path`` as :func:`glob_match` reads one; the path is made relative
    to ``root`` once and the patterns are compiled once per set (a run asks this for every linted file)."""
    if not patterns:
        return False
    names, prefixes = _compiled_globs(tuple(patterns))
    parts = _relative_parts(path, root)
    if names is not None and any(names.match(p) for p in (parts if parts is not None else
                                                          (os.path.basename(os.fspath(path)),))):
        return True
    if prefixes is None or parts is None:
        return False
    return any(prefixes.match("/".join(parts[:i])) for i in range(1, len(parts) + 1))


class _Globs:
    """A set of fnmatch globs (case-sensitive, ``*`` matching any text, ``/`` too) matched without compiling
    most of them: a glob without wildcards is a set look-up, ``*X`` / ``X*`` / ``*X*`` one str.endswith /
    str.startswith / ``in`` test, another glob whose only wildcard is ``*`` a search for its pieces in order; a
    glob with ``?`` or ``[`` joins one regular expression (fnmatch's). The default example paths compiled into
    one expression took about a millisecond of every run."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.literal: set[str] = set()
        ends: list[str] = []
        starts: list[str] = []
        self.inside: list[str] = []
        self.starred: list[tuple[str, ...]] = []
        others: list[str] = []
        for pattern in patterns:
            pieces = pattern.split("*")
            if "?" in pattern or "[" in pattern:
                others.append(f"(?:{fnmatch.translate(pattern)})")
            elif len(pieces) == 1:
                self.literal.add(pattern)
            elif len(pieces) == 2 and not pieces[0]:
                ends.append(pieces[1])
            elif len(pieces) == 2 and not pieces[1]:
                starts.append(pieces[0])
            elif len(pieces) == 3 and not pieces[0] and not pieces[2]:
                self.inside.append(pieces[1])
            else:
                self.starred.append(tuple(pieces))
        self.ends, self.starts = tuple(ends), tuple(starts)
        self.regex = re.compile("|".join(others)) if others else None

    def match(self, text: str) -> bool:
        """fnmatch.fnmatchcase(text, glob) for any of the globs."""
        if text in self.literal or text.endswith(self.ends) or text.startswith(self.starts):
            return True  # (an empty tuple: False)
        for piece in self.inside:
            if piece in text:
                return True
        for pieces in self.starred:
            first, last = pieces[0], pieces[-1]
            if len(text) < len(first) + len(last) or not text.startswith(first) or not text.endswith(last):
                continue
            at, stop = len(first), len(text) - len(last)
            for piece in pieces[1:-1]:
                found = text.find(piece, at, stop)
                if found < 0:
                    break
                at = found + len(piece)
            else:
                return True
        return self.regex is not None and self.regex.match(text) is not None


@cache
def _compiled_globs(patterns: tuple[str, ...]) -> tuple[_Globs | None, _Globs | None]:
    """The patterns without ``/`` (matched against each name of the path) and those with ``/`` (matched
    against each leading part of it)."""
    names: list[str] = []
    prefixes: list[str] = []
    for pattern in patterns:
        pat = pattern[2:] if pattern.startswith("./") else pattern
        pat = pat.rstrip("/") or pat
        (prefixes if "/" in pat else names).append(pat)
    return (_Globs(names) if names else None, _Globs(prefixes) if prefixes else None)


# ------------------------------------------------------------------------------------------- resolver


class Resolver:
    """Finds the configuration for each path (cached per directory) and turns it into a FilePolicy."""

    def __init__(self, cli: Cli, rule_ids: Sequence[str]) -> None:
        self.cli = cli
        self.rule_ids = tuple(rule_ids)
        self.errors: list[ConfigError] = []
        self._dirs: dict[str, FileConfig | None] = {}
        self._given: dict[str, FileConfig | None] = {}  # folder as a target's path spells it -> its configuration
        self._policies: dict[str, FilePolicy] = {}
        self._base: dict[str | None, FilePolicy] = {}
        self._forced: FileConfig | None = None
        self._cwd = os.getcwd()
        self._below = self._cwd.rstrip("/") + "/"  # the prefix of the paths below the current folder
        for flag, selectors in (("--select", cli.select or ()), ("--extend-select", cli.extend_select),
                                ("--ignore", cli.ignore)):
            bad = unknown_selector(selectors, self.rule_ids)
            if bad is not None:
                raise ConfigError(_("{flag}: unknown rule selector '{selector}'; see smtplint --list-rules").format(
                    flag=flag, selector=bad))
        if cli.config is not None and cli.isolated:
            raise ConfigError(_("--config and --isolated cannot be used together"))
        if cli.config is not None:
            forced = load(cli.config, self.rule_ids)
            if forced is None:
                raise ConfigError(_("{file}: has no [tool.smtplint] table").format(file=_display(cli.config)))
            self._forced = forced

    def _absolute(self, path: Path | str) -> str:
        """``os.path.abspath(path)``, without its getcwd() system call and normpath for the clean paths discovery
        gives (``./a/b/c.yml``, ``/abs/a/b``): a run asks this several times of every file it lints."""
        original = os.fspath(path)
        text = original
        if os.sep != "/" or "//" in text:
            return os.path.abspath(original)
        while text.startswith("./"):
            text = text[2:]
        if text in ("", "."):
            return self._cwd
        if text[-1] == "/" or ("." in text and any(part in (".", "..") for part in text.split("/"))):
            return os.path.abspath(original)
        if text[0] == "/":
            return text
        return f"{self._cwd}/{text}" if self._cwd != "/" else f"/{text}"

    def config_for(self, directory: Path | str) -> FileConfig | None:
        """The nearest configuration at or above ``directory`` (None: defaults). Raises ConfigError."""
        if self.cli.isolated:
            return None
        if self._forced is not None:
            return self._forced
        start = self._absolute(directory)
        if start in self._dirs:
            return self._dirs[start]
        visited: list[str] = []
        current = start
        found: FileConfig | None = None
        while True:
            if current in self._dirs:
                found = self._dirs[current]
                break
            visited.append(current)
            found = self._here(current)
            if found is not None:
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for d in visited:
            self._dirs[d] = found
        return found

    def _here(self, directory: str) -> FileConfig | None:
        prefix = directory if directory.endswith(os.sep) else directory + os.sep
        # looked up relative to the current folder when below it: the kernel then does not walk the path to it
        # again (a run looks in every folder of the tree: 15% of 48,000 look-ups on a 25,000-file tree)
        look = prefix[len(self._below):] if os.sep == "/" and prefix.startswith(self._below) else prefix
        for name in CONFIG_FILES:
            candidate = look + name  # strings, and a look that raises nothing when absent (most folders)
            if os.access(candidate, os.F_OK) and os.path.isfile(candidate):
                loaded = load(Path(prefix + name), self.rule_ids)
                if loaded is not None:
                    return loaded
        return None

    def policy_for(self, path: Path | str) -> FilePolicy:
        """The policy of one file; a configuration error is recorded in ``errors`` and defaults apply."""
        key = self._absolute(path)
        if key in self._policies:
            return self._policies[key]
        try:
            cfg = self.config_for(os.path.dirname(key))
        except ConfigError as exc:
            if not any(str(e) == str(exc) for e in self.errors):
                self.errors.append(exc)
            cfg = None
        policy = self._base_policy(cfg)
        if cfg is not None and cfg.data.get("per-file-ignores"):
            removed = [sel for glob, sels in cfg.data.get("per-file-ignores", {}).items()
                       if glob_match(key, cfg.root, glob) for sel in sels]
            if removed:
                rules = frozenset(r for r in policy.rules if not any(_matches(s, r) for s in removed))
                policy = replace(policy, rules=rules)
        data: Mapping[str, Any] = cfg.data if cfg is not None else {}
        if data.get("lower-examples", True) and example_location(
                key, cfg.root if cfg is not None else self._cwd,
                data.get("example-paths", DEFAULT_EXAMPLE_PATHS)):
            policy = replace(policy, example=True)
        self._policies[key] = policy
        return policy

    def _base_policy(self, cfg: FileConfig | None) -> FilePolicy:
        cache_key = str(cfg.path) if cfg is not None else None
        if cache_key in self._base:
            return self._base[cache_key]
        data: Mapping[str, Any] = cfg.data if cfg is not None else {}
        layers: list[tuple[Sequence[str] | None, Sequence[str], Sequence[str]]] = []
        if cfg is not None:
            layers.append((data.get("select"), data.get("extend-select", ()), data.get("ignore", ())))
        layers.append((self.cli.select, self.cli.extend_select, self.cli.ignore))
        rules = resolve_selection(self.rule_ids, layers)
        prefixes = data.get("max-trusted-prefix", {})
        options = RuleOptions(
            dev_hosts=frozenset(h.lower().rstrip(".") for h in data.get("dev-hosts", ())),
            tls_mode=data.get("tls-mode", "either"),
            max_trusted_prefix_v4=prefixes.get("ipv4"),
            max_trusted_prefix_v6=prefixes.get("ipv6"),
            provider_hosts=frozenset(h.lower().rstrip(".") for h in data.get("provider-hosts", ())),
        )
        severity = {k: Severity(v) for k, v in data.get("severity", {}).items()}
        policy = FilePolicy(rules, severity, options, self.cli.require_reason or bool(data.get("require-reason")))
        self._base[cache_key] = policy
        return policy

    def kind_names(self, roots: Sequence[str]) -> Callable[[str], bool]:
        """Whether a file name may match a ``kinds`` glob of the command line or of the configuration of one of
        ``roots`` (the folders linted): discovery lists such files besides the names the registry knows."""
        globs = [g for g, _k in self.cli.kinds]
        for root in roots:
            try:
                cfg = self.config_for(os.path.abspath(root))
            except ConfigError as exc:
                self._record(exc)
                continue
            if cfg is not None:
                globs += list(cfg.data.get("kinds", {}))
        tails = sorted({g.rstrip("/").rpartition("/")[2] for g in globs})
        if not tails:
            return lambda _name: False
        return lambda name: any(fnmatch.fnmatchcase(name, t) for t in tails)

    def kinds_may_claim(self, roots: Sequence[str], configs: Sequence[str]) -> bool:
        """Whether a ``kinds`` glob may give a kind to a file below ``roots`` (the folders linted), given every
        configuration file found below them (``configs``, paths): the command line's ``--kind``, a
        ``--config`` file's, the configuration of a root (or above it), or one of ``configs`` that has
        ``kinds``. False lets discovery pass over files without asking :meth:`kind_for` about each."""
        if self.cli.kinds:
            return True
        if self.cli.isolated:
            return False
        if self._forced is not None:
            return bool(self._forced.data.get("kinds"))
        for folder in [os.path.abspath(root) for root in roots] + [os.path.dirname(self._absolute(c)) for c in configs]:
            try:
                cfg = self.config_for(folder)
            except ConfigError as exc:
                self._record(exc)
                continue
            if cfg is not None and cfg.data.get("kinds"):
                return True
        return False

    def respect_gitignore(self, directory: Path | str) -> bool:
        """The ``respect-gitignore`` key of the configuration that applies in ``directory`` (default: true)."""
        here = self.config_for(directory)
        return bool(here.data.get("respect-gitignore", True)) if here is not None else True

    def kind_for(self, path: str) -> str | None:
        """The kind ``--kind`` or the file's configuration (``kinds``) gives a file, or None: the first matching
        glob of the command line, then of the configuration, in the order written."""
        for glob, kind in self.cli.kinds:
            if glob_match(path, self._cwd, glob):
                return kind
        cfg = self._config_of_target(path)
        if cfg is None or not cfg.data.get("kinds"):
            return None
        for glob, kind in cfg.data.get("kinds", {}).items():
            if glob_match(path, cfg.root, glob):
                return str(kind)
        return None

    def _config_of_target(self, path: Path | str) -> FileConfig | None:
        """The configuration of a target's folder, looked up once per folder as the targets spell it (a run's
        targets share a few spellings); a broken configuration file is recorded and counts as none."""
        folder = os.path.dirname(os.fspath(path))
        try:
            if folder not in self._given:
                self._given[folder] = self.config_for(self._absolute(folder or "."))
            return self._given[folder]
        except ConfigError as exc:
            self._record(exc)
            return None

    def _record(self, exc: ConfigError) -> None:
        if not any(str(e) == str(exc) for e in self.errors):
            self.errors.append(exc)

    def excluded(self, path: Path | str, explicit: bool) -> bool:
        """True when the file's configuration excludes it (files named on the command line only with
        --force-exclude, ruff's behaviour). ``exclude`` is dropped when --exclude is given."""
        if explicit and not self.cli.force_exclude:
            return False
        cfg = self._config_of_target(path)
        if cfg is None:
            return False
        patterns = [*(() if self.cli.exclude_given else cfg.data.get("exclude", ())),
                    *cfg.data.get("extend-exclude", ())]
        return globs_match(path, cfg.root, patterns)


def split_ids(text: str | None) -> tuple[str, ...]:
    """``SMTP1, smtp302`` -> ("SMTP1", "SMTP302")."""
    return tuple(t.strip().upper() for t in (text or "").split(",") if t.strip())
