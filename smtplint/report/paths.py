"""Paths as CI and code scanning want them: relative to the project root (the git work tree), with ``/``.

GitHub resolves relative SARIF URIs and annotation paths against the repository root, not the directory
smtplint ran in, so ``cd deploy && smtplint .`` must still say ``deploy/postfix/main.cf``. The root is found
by walking up to a ``.git`` entry (no git process); symlinks are resolved, as code scanning shows targets.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def find_root(start: Path) -> Path | None:
    """The git work tree containing ``start`` (a ``.git`` directory or file), or None."""
    current = Path(os.path.realpath(start))
    if not current.is_dir():
        current = current.parent
    for candidate in (current, *current.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def project_root(paths: list[str], cwd: Path) -> Path:
    """The root for reports: the work tree of the first PATH (default ``.``), else the current directory."""
    first = Path(paths[0]) if paths else Path(".")
    return find_root(first if first.is_absolute() else cwd / first) or Path(os.path.realpath(cwd))


def relative(display: str, root: Path, cwd: Path) -> tuple[str, bool]:
    """(path, inside): the root-relative POSIX path of a display path, or the absolute one when outside."""
    absolute = os.path.realpath(os.path.join(cwd, display))
    real_root = os.path.realpath(root)
    try:
        rel = os.path.relpath(absolute, real_root)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix(), False
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir or os.path.isabs(rel):
        return Path(absolute).as_posix(), False
    return Path(rel).as_posix(), True


def uri(display: str, root: Path, cwd: Path) -> tuple[str, bool]:
    """(uri, relative): a percent-encoded root-relative URI, or a ``file:///`` URI outside the root."""
    path, inside = relative(display, root, cwd)
    if inside:
        return quote(path, safe="/", errors="surrogateescape"), True  # a name that is not UTF-8: its bytes
    return Path(path).as_uri(), False
