"""Discovery: which files to lint, of which kind, under which display path.

Kind is decided by name first; other ``.py`` files only when a cheap text check finds ``EMAIL_`` settings.
Nothing here parses: a file is read once, later, by the engine.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from smtplint.model import Format

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "__pycache__", "dist", "build", ".tox", ".nox", ".venv", "venv",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", ".eggs", "site-packages",
})
_DJANGO_EMAIL = re.compile(rb"^[ \t]*EMAIL_[A-Z_]+[ \t]*(?::[^=\n]*)?=", re.M)
_PY_VARS = re.compile(rb"\bvars\(\)\.update\(|\bemail_url\(")


@dataclass(frozen=True, slots=True)
class Target:
    """A file to lint: its real path, the path shown in reports, its kind, and whether it was named."""

    path: Path
    display: str
    format: Format
    explicit: bool = False


@dataclass(frozen=True, slots=True)
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
    return None


def looks_like_django_settings(head: bytes) -> bool:
    """The cheap text check for ``.py`` files outside the settings names: module-level EMAIL_ settings."""
    return bool(_DJANGO_EMAIL.search(head) or (b"EMAIL_" in head and _PY_VARS.search(head)))


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p)
               or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*") for p in patterns)


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _kind(path: Path, explicit: bool) -> Format | None:
    fmt = format_by_name(path)
    if fmt is not None or not path.name.endswith(".py"):
        return fmt
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return Format.DJANGO if explicit else None
    return Format.DJANGO if looks_like_django_settings(head) else None


def _walk(root: Path, excludes: Sequence[str], cwd: Path) -> Iterator[Path]:
    """Regular files below ``root``, in sorted order, pruning skipped and excluded directories."""
    stack = [root]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[Path] = []
        for entry in entries:
            rel = display_path(Path(entry.path), cwd)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in SKIP_DIRS or _is_venv(entry.path) or _excluded(rel, entry.name, excludes):
                        continue
                    subdirs.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=True) and not _excluded(rel, entry.name, excludes):
                    yield Path(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))


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
            raise PathError(f"{raw}: no such file or directory")
        if path.is_dir():
            for file in _walk(path, excludes, base):
                fmt = _kind(file, explicit=False)
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
            skipped.append(Skipped(disp, f"cannot be read: {exc.strerror or exc}"))
            continue
        if not stat.S_ISREG(mode):
            skipped.append(Skipped(disp, "not a regular file"))
            continue
        fmt = _kind(path, explicit=True)
        if fmt is None:
            skipped.append(Skipped(disp, "unknown kind of file (not YAML, .env, Django settings or Postfix)"))
            continue
        found[disp] = Target(path, disp, fmt, explicit=True)
    return [found[k] for k in sorted(found)], skipped
