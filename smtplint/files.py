"""Discovery: which files to lint, of which kind, under which display path.

Kind is decided by name first; other ``.py`` files only when a cheap text check finds ``EMAIL_`` settings.
Nothing here parses: a file is read once, later, by the engine.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from smtplint.i18n import _
from smtplint.model import Format
from smtplint.records import record

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "__pycache__", "dist", "build", ".tox", ".nox", ".venv", "venv",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", ".eggs", "site-packages",
})
_DJANGO_EMAIL = re.compile(rb"(?:^|\r)[ \t]*EMAIL_[A-Z_]+[ \t]*(?::[^=\r\n]*)?=", re.M)  # a lone CR ends a line
_PY_VARS = re.compile(rb"\bvars\(\)\.update\(|\bemail_url\(")


@record(frozen=True)
class Target:
    """A file to lint: its real path, the path shown in reports, its kind, and whether it was named."""

    path: Path
    display: str
    format: Format
    explicit: bool = False


@record(frozen=True)
class Skipped:
    """A file that was not linted, and why (shown in reports, never a finding)."""

    display: str
    reason: str


class PathError(Exception):
    """A path given on the command line does not exist or cannot be listed."""


def display_path(path: Path, cwd: Path | None = None) -> str:
    """The path relative to the current directory when under it, with ``/``; else absolute."""
    base = cwd or Path.cwd()
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(base)
    except ValueError:
        return absolute.as_posix()
    return rel.as_posix() or "."


_EXAMPLE_SUFFIXES = (".example", ".sample", ".dist")


def format_by_name(path: Path) -> Format | None:
    """The kind a file name implies, or None (``.py`` files outside the settings names need a look).

    An example copy (``config.yml.example``, ``main.cf.dist``, ``settings.py.sample``) has its inner kind.
    """
    name = path.name
    lower = name.lower()
    for suffix in _EXAMPLE_SUFFIXES:
        if lower.endswith(suffix) and not lower.startswith(".env") and len(name) > len(suffix):
            name, lower = name[: -len(suffix)], lower[: -len(suffix)]
            break
    if lower.endswith((".yml", ".yaml")):
        return Format.YAML
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return Format.DOTENV
    if name == "main.cf":
        return Format.POSTFIX_MAIN
    if name == "master.cf":
        return Format.POSTFIX_MASTER
    if lower.endswith(".py") and ("settings" in lower or path.parent.name == "settings"):
        return Format.DJANGO
    if lower.endswith(".properties") and lower.startswith(("application", "bootstrap")):
        return Format.PROPERTIES
    if lower in _INI_NAMES:
        return Format.INI
    return None


# Names read as INI without a look (Gitea/Forgejo app.ini, Grafana grafana.ini/custom.ini/defaults.ini);
# other *.ini, *.properties and *.json files are read when a cheap text check finds mail settings.
_INI_NAMES = frozenset({"app.ini", "grafana.ini", "custom.ini", "defaults.ini"})
_MAIL_INI = re.compile(rb"^[ \t]*\[[ \t]*(?:smtp|mailer)[ \t]*\]", re.M | re.I)
_JSON_HOST = re.compile(rb"\"host\"\s*:")
_JSON_TLS = re.compile(rb"\"(?:secure|requireTLS|ignoreTLS)\"\s*:")


def _looks_like_mail_json(head: bytes) -> bool:
    """A Keycloak realm export (``"smtpServer"``) or nodemailer transport options (host + secure/TLS keys)."""
    return b'"smtpServer"' in head or bool(_JSON_HOST.search(head) and _JSON_TLS.search(head))


_CONTENT_KINDS: dict[str, tuple[Format, Callable[[bytes], bool]]] = {
    ".properties": (Format.PROPERTIES, lambda head: b"spring.mail." in head),
    ".ini": (Format.INI, lambda head: bool(_MAIL_INI.search(head))),
    ".json": (Format.JSON, _looks_like_mail_json),
}


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """Up to ``limit`` bytes of a regular file; None when ``path`` is something else (a FIFO, a device, a
    directory). Raises OSError when it cannot be opened or read.

    The file is opened without blocking and checked on the open descriptor: a file swapped for a FIFO
    between discovery and reading never stalls the run (opening a FIFO with no writer would block).
    """
    fd = os.open(path, _READ_FLAGS)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return fh.read(limit)


def _content_kind(path: Path, explicit: bool) -> Format | None:
    """The kind of a ``.properties``/``.ini``/``.json`` file: named ones always, others after a cheap look."""
    lower = path.name.lower()
    for suffix in _EXAMPLE_SUFFIXES:
        lower = lower.removesuffix(suffix)
    found = next((v for k, v in _CONTENT_KINDS.items() if lower.endswith(k)), None)
    if found is None:
        return None
    kind, check = found
    if explicit:
        return kind
    try:
        head = read_regular(path, 1 << 20)
    except OSError:
        return None
    return kind if head is not None and check(head) else None


def looks_like_django_settings(head: bytes) -> bool:
    """The cheap text check for ``.py`` files outside the settings names: module-level EMAIL_ settings."""
    return b"EMAIL_" in head and bool(_DJANGO_EMAIL.search(head) or _PY_VARS.search(head))


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p)
               or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*") for p in patterns)


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _may_be_target(path: Path) -> bool:
    """Whether a listed file's name can make it a target at all (by name, or after the look that
    :func:`_kind` takes); the others (most of a source tree) are never stat'ed or opened."""
    if path.name.endswith(".py") or format_by_name(path) is not None:
        return True
    lower = path.name.lower()
    for suffix in _EXAMPLE_SUFFIXES:
        lower = lower.removesuffix(suffix)
    return lower.endswith(tuple(_CONTENT_KINDS))


def _kind(path: Path, explicit: bool) -> Format | None:
    fmt = format_by_name(path)
    if fmt is None and not path.name.endswith(".py"):
        return _content_kind(path, explicit)
    if fmt is not None or not path.name.endswith(".py"):
        return fmt
    try:
        head = read_regular(path, 1 << 20)
    except OSError:
        return Format.DJANGO if explicit else None
    if head is None:  # no longer a regular file (swapped for a FIFO or a device since it was listed)
        return Format.DJANGO if explicit else None
    return Format.DJANGO if looks_like_django_settings(head) else None


def _display_child(parent_display: str, name: str) -> str:
    """The display path of ``name`` inside a folder shown as ``parent_display`` (as display_path would give)."""
    if parent_display == ".":
        return name
    return parent_display + name if parent_display.endswith("/") else f"{parent_display}/{name}"


def _walk(root: Path, excludes: Sequence[str], cwd: Path) -> Iterator[Path]:
    """Regular files below ``root``, in sorted order, pruning skipped and excluded directories."""
    stack = [(str(root), display_path(root, cwd))]
    while stack:
        current, shown = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            rel = _display_child(shown, entry.name) if excludes else ""
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in SKIP_DIRS or _is_venv(entry.path) or _excluded(rel, entry.name, excludes):
                        continue
                    subdirs.append((entry.path, rel or _display_child(shown, entry.name)))
                elif entry.is_file(follow_symlinks=True) and not _excluded(rel, entry.name, excludes):
                    yield Path(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _in_work_tree(root: Path) -> Path | None:
    """The top of the git work tree holding ``root`` (a ``.git`` folder or file in it or above), or None."""
    current = Path(os.path.abspath(root))
    for folder in (current, *current.parents):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
    return None


_GIT_STAGED = re.compile(r"(\d{6}) [0-9a-f]+ \d\t(.*)", re.S)


def _git_listing(root: Path) -> tuple[list[str], list[str]] | None:
    """(files, folders to walk) below ``root`` as git sees them, relative to it, or None outside a work tree.

    Files are the tracked ones and the untracked ones that ``.gitignore`` and friends do not ignore
    (``git ls-files --cached --others --exclude-standard``); submodules and nested repositories are folders
    to walk. None when git is missing or fails, or lists nothing (a folder ignored as a whole is walked).
    """
    if _in_work_tree(root) is None:
        return None
    import subprocess
    cmd = ["git", "-C", str(root), "ls-files", "-z", "--stage", "--cached", "--others", "--exclude-standard"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    files: set[str] = set()
    folders: set[str] = set()
    for raw in proc.stdout.split(b"\0"):
        if not raw:
            continue
        entry = os.fsdecode(raw)
        staged = _GIT_STAGED.fullmatch(entry)
        if staged is not None:
            mode, entry = staged.groups()
            (folders if mode == "160000" else files).add(entry)
        elif entry.endswith("/"):  # an untracked nested repository
            folders.add(entry.rstrip("/"))
        else:
            files.add(entry)
    if not files and not folders:
        return None
    return sorted(files), sorted(folders)


def _listed(root: Path, excludes: Sequence[str], cwd: Path) -> Iterator[Path]:
    """Files below ``root``: git's listing inside a work tree (respecting .gitignore), else the walk.

    The listing is pruned like the walk: skipped folder names, virtual environments, ``--exclude``.
    """
    listing = _git_listing(root)
    if listing is None:
        yield from _walk(root, excludes, cwd)
        return
    files, folders = listing
    shown = display_path(root, cwd)
    kept: dict[str, bool] = {"": True}

    def keep(folder: str) -> bool:
        if folder not in kept:
            parent, _, name = folder.rpartition("/")
            kept[folder] = keep(parent) and not (
                name in SKIP_DIRS or _is_venv(os.path.join(root, folder))
                or (bool(excludes) and _excluded(_display_child(shown, folder), name, excludes)))
        return kept[folder]

    for rel in files:
        folder, _, name = rel.rpartition("/")
        if not keep(folder) or (excludes and _excluded(_display_child(shown, rel), name, excludes)):
            continue
        yield root / rel
    for rel in folders:
        folder, _, name = rel.rpartition("/")
        if keep(folder) and keep(rel):
            yield from _walk(root / rel, excludes, cwd)


def discover(paths: Iterable[str], excludes: Sequence[str] = (), force_exclude: bool = False,
             cwd: Path | None = None) -> tuple[list[Target], list[Skipped]]:
    """Expand command-line paths into lint targets, sorted by display path, each once.

    Files named explicitly are linted when their kind is known, even if an exclude matches, unless
    ``force_exclude`` is set (ruff's behaviour). Raises PathError for a path that does not exist.
    """
    base = cwd or Path.cwd()
    found: dict[str, Target] = {}
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise PathError(_("{path}: no such file or directory").format(path=raw))
        if path.is_dir():
            for file in _listed(path, excludes, base):
                # git lists deleted files and links too; a link to a FIFO or a device must never be opened
                fmt = _kind(file, explicit=False) if _may_be_target(file) and os.path.isfile(file) else None
                if fmt is not None:
                    disp = display_path(file, base)
                    found.setdefault(disp, Target(file, disp, fmt))
            continue
        disp = display_path(path, base)
        if force_exclude and _excluded(disp, path.name, excludes):
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            skipped.append(Skipped(disp, _("cannot be read: {error}").format(error=exc.strerror or exc)))
            continue
        if not stat.S_ISREG(mode):
            skipped.append(Skipped(disp, _("not a regular file")))
            continue
        fmt = _kind(path, explicit=True)
        if fmt is None:
            skipped.append(Skipped(disp, _("unknown kind of file (not YAML, .env, Django settings, Postfix, "
                                           ".properties, INI or JSON)")))
            continue
        found[disp] = Target(path, disp, fmt, explicit=True)
    return [found[k] for k in sorted(found)], skipped
