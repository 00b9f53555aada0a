"""The format registry: every input syntax smtplint reads, each declared once in a module of this package.

Discovery asks it what a file name is (:func:`kind_by_name`, :func:`kind_of_named`), the reading step asks it
how to parse and where the comments are (:func:`get`), and the docs, the CLI description and the pre-commit
hook's ``files:`` pattern are written from it (:func:`hook_files_pattern`). No other module names a format.

Adding a format: a declaration module here (names, sniffer, parser, comment reader, docs rows), its parser
under smtplint.parsers, and one line in ``_DECLARATIONS`` below (docs/adding-a-format.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from smtplint.formats import (
    ci,
    code,
    django,
    dns,
    dotenv,
    dovecot,
    ini,
    json,
    kubernetes,
    msmtprc,
    nginx,
    postfix,
    properties,
    toml,
    yaml,
)
from smtplint.formats.spec import DocsRow, InputFormat, ParseContext, glob_regex
from smtplint.i18n import _

# In precedence order: the first format whose names match a file takes it.
_DECLARATIONS: tuple[InputFormat, ...] = (
    yaml.FORMAT, kubernetes.FORMAT, ci.GITHUB_ACTIONS, ci.GITLAB_CI, dotenv.FORMAT, postfix.MAIN, postfix.MASTER,
    postfix.MASTER_EDITS, postfix.SNIFFED, django.FORMAT, properties.FORMAT, ini.FORMAT, json.FORMAT, toml.FORMAT,
    msmtprc.FORMAT, dovecot.FORMAT, nginx.FORMAT, dns.ZONE, dns.OCTODNS, dns.TERRAFORM, dns.DNSCONTROL, dns.MTA_STS,
    code.RUBY, code.JAVASCRIPT, code.PHP, code.JAVA, code.CSHARP, code.PYTHON, code.GO,
)
# The order names are tried in: a format whose names must win over a broader glob of an earlier one
# (``*.gitlab-ci.yml`` over ``*.yml``) says so with ``name_priority``; the docs keep the order above.
_NAMED: tuple[InputFormat, ...] = tuple(sorted(_DECLARATIONS, key=lambda f: not f.name_priority))

FORMATS: dict[str, InputFormat] = {f.name: f for f in _DECLARATIONS}
EXAMPLE_SUFFIXES = (".example", ".sample", ".dist")


def get(name: str) -> InputFormat:
    """The declaration of a format by its name."""
    return FORMATS[name]


def _alternatives(with_folder: bool, named: bool = True) -> str:
    parts: list[str] = []
    for index, fmt in enumerate(_NAMED):
        names = [f"(?i:{glob_regex(g)})" for g in fmt.names] + [glob_regex(g) for g in fmt.exact_names]
        if with_folder:
            names += [f"{glob_regex(folder)}/(?i:{glob_regex(g)})"
                      for folder, _, g in (p.partition("/") for p in fmt.folder_names)]
        if names:
            parts.append(f"(?P<f{index}>{'|'.join(names)})" if named else "|".join(names))
    return "|".join(parts)


_PROBED = tuple(f for f in _DECLARATIONS if f.probe)


def _probe_alternatives(named: bool) -> str:
    parts = ["|".join(f"(?i:{glob_regex(g)})" for g in f.probe) for f in _PROBED]
    return "|".join(f"(?P<p{index}>{part})" if named else part for index, part in enumerate(parts))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The name matchers, compiled on first use (``--version`` and ``--help`` never pay for them): by name, by
    folder and name, and by probe glob."""
    return re.compile(_alternatives(False)), re.compile(_alternatives(True)), re.compile(_probe_alternatives(True))


_FOLDERS = frozenset(p.partition("/")[0] for f in _DECLARATIONS for p in f.folder_names)  # folder globs: plain


def _inner_name(name: str) -> str:
    """An example copy's inner name (``config.yml.example`` -> ``config.yml``); other names unchanged.
    Names starting with ``.env`` keep their suffix (``.env.example`` is a ``.env`` file by its own name)."""
    lower = name.lower()
    for suffix in EXAMPLE_SUFFIXES:
        if lower.endswith(suffix) and not lower.startswith(".env") and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def format_of(name: str, folder: str = "") -> InputFormat | None:
    """The format a file name (in a folder of that name) implies without a look at its bytes, or None."""
    inner = _inner_name(name)
    by_name, by_folder, _probe = _patterns()
    match = by_folder.fullmatch(f"{folder}/{inner}") if folder in _FOLDERS else None
    if match is None:
        match = by_name.fullmatch(inner)
    if match is None or match.lastgroup is None:
        return None
    return _NAMED[int(match.lastgroup[1:])]


def _probe_inner(name: str) -> str:
    """A probed name without one example suffix (``x.cf.example`` -> ``x.cf``; ``x.cf.dist.example`` keeps
    ``.dist``, as the hook's ``files:`` pattern and names claimed outright read it)."""
    lower = name.lower()
    for suffix in EXAMPLE_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def probed_format(name: str) -> InputFormat | None:
    """The format whose bytes a file of this name may hold (a ``.py``, ``.ini``, ``.json`` ... file)."""
    inner = _probe_inner(name)
    match = _patterns()[2].fullmatch(inner)
    return _PROBED[int(match.lastgroup[1:])] if match is not None and match.lastgroup else None


def overriding(fmt: InputFormat, head: bytes) -> InputFormat:
    """The format that takes a file ``fmt`` claims by name when its sniffer finds itself in the first bytes
    (an OctoDNS zone file is YAML by name), else ``fmt``."""
    for other in _DECLARATIONS:
        if other.overrides == fmt.name and other.sniff is not None and other.sniff(sniffable(head)):
            return other
    return fmt


@cache
def overridden() -> frozenset[str]:
    """The formats another format may take files from (their files get a look at their bytes)."""
    return frozenset(f.overrides for f in _DECLARATIONS if f.overrides)


def _literal_ends() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literal tails (after the last ``*``) and heads (before a trailing ``*``) of every glob, lower case."""
    globs = [g.rpartition("/")[2] for f in _DECLARATIONS for g in (*f.names, *f.exact_names, *f.folder_names, *f.probe)]
    tails = tuple(dict.fromkeys(g.rpartition("*")[2].lower() for g in globs if g.rpartition("*")[2]))
    heads = tuple(dict.fromkeys(g.partition("*")[0].lower() for g in globs if g.endswith("*")))
    return tails, heads


_TAILS, _HEADS = _literal_ends()


def may_be_target(name: str) -> bool:
    """Whether a file name may make a file a target (a superset of :func:`kind_by_name`, on plain string tests):
    most of a source tree fails it and is never stat'ed or opened."""
    lower = name.lower()
    for suffix in EXAMPLE_SUFFIXES:
        if lower.endswith(suffix):
            lower = lower[: -len(suffix)]
            break
    return lower.endswith(_TAILS) or lower.startswith(_HEADS)


def kind_by_name(name: str, folder: str) -> tuple[InputFormat, bool] | None:
    """A listed file's format by name alone, and whether its bytes must confirm it (a probe)."""
    fmt = format_of(name, folder)
    if fmt is not None:
        return fmt, False
    fmt = probed_format(name)
    return (fmt, True) if fmt is not None else None


def sniffable(head: bytes) -> bytes:
    """A file's first bytes as the sniffers read them: UTF-8 (a UTF-16 file with its byte-order mark is
    transcoded, so that a look at its bytes finds what its text says)."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(codec, "replace").encode("utf-8")
    return head


def sniff(fmt: InputFormat, head: bytes) -> bool:
    """Whether the first bytes of a probed file confirm its format."""
    return fmt.sniff is None or fmt.sniff(sniffable(head))


# words that make a text look like mail configuration: smtp, relayhost, mail_host, MAIL_PORT, mailer ...
_MAIL_WORD = r"(?i:smtp|relayhost|mail[_.-]?(?:host|server|port|user|pass|from|driver|transport|er))"
_MAIL_TEXT = re.compile(_MAIL_WORD)
_MAIL_BYTES = re.compile(_MAIL_WORD.encode("ascii"))


def mentions_mail(text: str | bytes) -> bool:
    """Whether a text (or a file's first bytes) mentions a mail setting (``smtp``, ``relayhost``, ``MAIL_HOST``,
    ``mailer``; not an address such as ``gmail.com``): a cheap look, never a parse."""
    if isinstance(text, bytes):
        return _MAIL_BYTES.search(text) is not None
    return _MAIL_TEXT.search(text) is not None


def confirmed(fmt: InputFormat, name: str, head: bytes, folder: str | None = None) -> InputFormat | None:
    """The format a probed file is, by its first bytes: ``fmt`` (the first format probing its name) when its
    sniffer accepts them, else the next format probing the same name that does (``.py``: Django settings,
    then Python code), else None. ``folder``: the name of the folder a walk found the file in (a format with
    ``probe_folders`` takes only files in those); None for a file named on the command line."""
    text = sniffable(head)
    if fmt.sniff is None or (_in_probe_folder(fmt, folder) and fmt.sniff(text)):
        return fmt
    later = _later_probes(fmt.name)
    if not later:
        return None
    inner = _probe_inner(name)
    for other, pattern in later:
        if pattern.fullmatch(inner) is not None and _in_probe_folder(other, folder) and other.sniff is not None \
                and other.sniff(text):
            return other
    return None


def _in_probe_folder(fmt: InputFormat, folder: str | None) -> bool:
    """Whether a probed file in ``folder`` (None: named on the command line) may be of format ``fmt``."""
    if folder is None or not fmt.probe_folders:
        return True
    return _folder_pattern(fmt.probe_folders).fullmatch(folder) is not None


@cache
def _folder_pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?i:{glob_regex(g)})" for g in globs))


@cache
def _later_probes(name: str) -> tuple[tuple[InputFormat, re.Pattern[str]], ...]:
    """The formats after ``name`` in precedence order that probe names too, with their probe globs' matcher."""
    index = next((i for i, f in enumerate(_PROBED) if f.name == name), len(_PROBED))
    return tuple((f, re.compile("|".join(f"(?i:{glob_regex(g)})" for g in f.probe))) for f in _PROBED[index + 1:])


def labels(conjunction: str = "and") -> str:
    """The formats' labels for prose: 'YAML, .env, ... and msmtprc' (``conjunction`` already translated)."""
    seen = list(dict.fromkeys(_(f.label) for f in _DECLARATIONS))
    return f"{', '.join(seen[:-1])} {conjunction} {seen[-1]}" if len(seen) > 1 else "".join(seen)


def hook_files_pattern() -> str:
    """The pre-commit hook's ``files:`` regex: every name discovery may take in a folder (:func:`kind_by_name`):
    the names a format claims without a look and the names whose bytes it looks at (``*.py``, ``*.json``,
    ...; ``smtplint --skip-unknown`` confirms those as a folder's files are confirmed), example copies too."""
    names: list[str] = []
    for fmt in _NAMED:
        if not fmt.hook:
            continue
        names += [f"(?i:{glob_regex(g)})" for g in (*fmt.names, *fmt.probe)]
        names += [glob_regex(g) for g in fmt.exact_names]
        names += [f"{glob_regex(folder)}/(?i:{glob_regex(g)})"
                  for folder, _, g in (p.partition("/") for p in fmt.folder_names)]
    return r"(^|/)(" + "|".join(dict.fromkeys(names)) + r")((?i:\.example|\.sample|\.dist))?$"


def docs_rows() -> list[DocsRow]:
    """The README's "Supported inputs" rows, in registry order."""
    return [row for fmt in _DECLARATIONS for row in fmt.docs]


def all_formats() -> Sequence[InputFormat]:
    """Every declaration, in precedence order."""
    return _DECLARATIONS


__all__ = ["FORMATS", "DocsRow", "InputFormat", "ParseContext", "all_formats", "confirmed", "docs_rows", "format_of",
           "get", "hook_files_pattern", "kind_by_name", "labels", "may_be_target", "mentions_mail", "overridden",
           "overriding",
           "probed_format", "sniff"]
