"""The format registry: every input syntax smtplint reads, each declared once in a module of this package.

Discovery asks it what a file name is (:func:`kind_by_name`, :func:`kind_of_named`), the reading step asks it
how to parse and where the comments are (:func:`get`), and the docs, the CLI description and the pre-commit
hook's ``files:`` pattern are written from it (:func:`hook_files_pattern`). No other module names a format.

Adding a format: a declaration module here (names, sniffer, parser, comment reader, docs rows), its parser
under smtplint.parsers, and one line in ``_DECLARATIONS`` below (docs/adding-a-format.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
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
from smtplint.formats.spec import DocsRow, GlobTable, InputFormat, ParseContext, glob_regex
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


_PROBED = tuple(f for f in _DECLARATIONS if f.probe)


@cache
def _tables() -> tuple[GlobTable, dict[str, GlobTable], GlobTable]:
    """The name matchers, built on first use (``--version`` and ``--help`` never pay for them): by name (ranked
    in ``_NAMED`` order), by folder and name for the folders some format names, and by probe glob (ranked in
    ``_PROBED`` order). Names and probe globs ignore case; exact names and folders do not."""
    by_name = GlobTable([(rank, g, True) for rank, f in enumerate(_NAMED) for g in f.names]
                        + [(rank, g, False) for rank, f in enumerate(_NAMED) for g in f.exact_names])
    folders: dict[str, list[tuple[int, str, bool]]] = {}
    for rank, fmt in enumerate(_NAMED):
        for folder, _slash, glob in (p.partition("/") for p in fmt.folder_names):
            folders.setdefault(folder, []).append((rank, glob, True))
    by_folder = {folder: GlobTable(globs) for folder, globs in folders.items()}
    probe = GlobTable((rank, g, True) for rank, f in enumerate(_PROBED) for g in f.probe)
    return by_name, by_folder, probe


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
    by_name, by_folder, _probe = _tables()
    rank = by_name.first(inner)
    in_folder = by_folder[folder].first(inner) if folder in by_folder else None
    if in_folder is not None and (rank is None or in_folder < rank):
        rank = in_folder
    return None if rank is None else _NAMED[rank]


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
    rank = _tables()[2].first(_probe_inner(name))
    return None if rank is None else _PROBED[rank]


def overriding(fmt: InputFormat, head: bytes) -> InputFormat:
    """The format that takes a file ``fmt`` claims by name when its sniffer finds itself in the first bytes
    (an OctoDNS zone file is YAML by name), else ``fmt``."""
    for other in _DECLARATIONS:
        if other.overrides == fmt.name and other.sniff is not None and _accepts(other, sniffable(head)):
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
    return fmt.sniff is None or _accepts(fmt, sniffable(head))


# words that make a text look like mail configuration: smtp, relayhost, mail_host, MAIL_PORT, mailer ...
_MAIL_WORD = r"(?i:smtp|relayhost|mail[_.-]?(?:host|server|port|user|pass|from|driver|transport|er))"
_MAIL_BYTES = _MAIL_WORD.encode("ascii")  # searched through re's cache: compiled by the first question


def mentions_mail(text: str | bytes) -> bool:
    """Whether a text (or a file's first bytes) mentions a mail setting (``smtp``, ``relayhost``, ``MAIL_HOST``,
    ``mailer``; not an address such as ``gmail.com``): a cheap look, never a parse."""
    if isinstance(text, bytes):
        return re.search(_MAIL_BYTES, text) is not None
    return re.search(_MAIL_WORD, text) is not None


def confirmed(fmt: InputFormat, name: str, head: bytes, folder: str | None = None) -> InputFormat | None:
    """The format a probed file is, by its first bytes: ``fmt`` (the first format probing its name) when its
    sniffer accepts them, else the next format probing the same name that does (``.py``: Django settings,
    then Python code), else None. ``folder``: the name of the folder a walk found the file in (a format with
    ``probe_folders`` takes only files in those); None for a file named on the command line."""
    text = sniffable(head)
    if fmt.sniff is None or (_in_probe_folder(fmt, folder) and _accepts(fmt, text)):
        return fmt
    for other in _later_matching(fmt, name):
        if _in_probe_folder(other, folder) and other.sniff is not None and _accepts(other, text):
            return other
    return None


def _later_matching(fmt: InputFormat, name: str) -> Iterator[InputFormat]:
    """The formats after ``fmt`` in precedence order whose probe globs match ``name`` (without one example
    suffix), asked only of those whose globs can end like it."""
    later = _later_probes(fmt.name)
    if later is None:
        return
    inner = _probe_inner(name)
    lower = inner.lower()
    by_extension, anywhere = later
    for other, globs in by_extension.get(lower.rpartition(".")[2], anywhere) if "." in lower else anywhere:
        if globs.first(inner) is not None:
            yield other


def _accepts(fmt: InputFormat, text: bytes) -> bool:
    """Whether a format's sniffer finds it in a file's first bytes: never without one of its gate words."""
    assert fmt.sniff is not None
    return (not fmt.gate or any(word in text for word in fmt.gate)) and fmt.sniff(text)


_ALL_GATE_WORDS = {w for f in _DECLARATIONS for w in f.gate}
# the gate words, without those that hold another (a file with ``smtplib`` holds ``smtp``)
GATE_WORDS: tuple[bytes, ...] = tuple(sorted(w for w in _ALL_GATE_WORDS
                                             if not any(o != w and o in w for o in _ALL_GATE_WORDS)))
_GATED_TAILS = tuple(sorted({g.rpartition("*")[2].lower() for f in _PROBED if f.gate for g in f.probe}))


def gate_pathspecs() -> list[str]:
    """git pathspecs of the names the gated formats probe: case-insensitive, at any depth (a pathspec's ``*``
    also matches ``/``, so ``*.py`` is any ``.py`` file and ``*gitlab.rb.template`` takes a few more names than
    the glob: :func:`gated` decides)."""
    return [f":(icase)*{tail}" for tail in _GATED_TAILS]


def may_be_gated(name: str) -> bool:
    """Whether :func:`gated` may hold for a file of this name: its name ends like a gated format's probe glob (a
    superset, on one string test)."""
    return _probe_inner(name).lower().endswith(_GATED_TAILS)


def gated(name: str, folder: str, probed: InputFormat | None = None) -> bool:
    """Whether a listed file of this name can be a target only when it holds one of :data:`GATE_WORDS`: its
    name is probed (no format claims it outright), and the first format probing it and every later one whose
    probe globs match it declare a gate. Such a file that holds none of the words need not be opened.
    ``probed``: the format :func:`kind_by_name` gave the name with a probe, when the caller knows it."""
    if not may_be_gated(name):  # most names: one string test
        return False
    if probed is None:
        kind = kind_by_name(name, folder)
        if kind is None or not kind[1]:
            return False
        probed = kind[0]
    return bool(probed.gate) and all(other.gate for other in _later_matching(probed, name))


def _in_probe_folder(fmt: InputFormat, folder: str | None) -> bool:
    """Whether a probed file in ``folder`` (None: named on the command line) may be of format ``fmt``."""
    if folder is None or not fmt.probe_folders:
        return True
    return _folder_pattern(fmt.probe_folders).fullmatch(folder) is not None


@cache
def _folder_pattern(globs: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?i:{glob_regex(g)})" for g in globs))


_Later = tuple[tuple[InputFormat, GlobTable], ...]


@cache
def _later_probes(name: str) -> tuple[dict[str, _Later], _Later] | None:
    """The formats after ``name`` in precedence order that probe names too, with their probe globs' matcher:
    by the extension a name ends with (the formats with a glob whose literal tail fixes that extension, and
    those whose tail fixes none), and for a name no extension selects. None when there are none."""
    index = next((i for i, f in enumerate(_PROBED) if f.name == name), len(_PROBED))
    later = [(f, GlobTable((0, g, True) for g in f.probe)) for f in _PROBED[index + 1:]]
    if not later:
        return None

    def tails(fmt: InputFormat) -> set[str | None]:
        return {t.rpartition(".")[2].lower() if "." in t else None for t in (g.rpartition("*")[2] for g in fmt.probe)}

    anywhere = tuple(pair for pair in later if None in tails(pair[0]))
    extensions = {e for f, _g in later for e in tails(f) if e is not None}
    by_extension = {e: tuple(pair for pair in later if e in tails(pair[0]) or None in tails(pair[0]))
                    for e in extensions}
    return by_extension, anywhere


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
