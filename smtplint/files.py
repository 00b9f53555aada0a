"""Discovery: which files to lint, of which kind, under which display path.

Kind is decided by name, by the format registry (smtplint.formats): this module names no format. A file
whose name only hints at a format (a ``.py``, ``.properties``, ``.ini`` or ``.json`` file found in a folder)
is a *probed* target: the reading step confirms it with the format's sniffer on the bytes it reads anyway.
Nothing here parses, and nothing opens a listed file: each file is read once, later, by the reading step.
Targets are yielded as they are found (:func:`iter_targets`) so that parsing starts while the listing goes on.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from smtplint import formats
from smtplint.i18n import _
from smtplint.records import record

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "__pycache__", "dist", "build", ".tox", ".nox", ".venv", "venv",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", ".eggs", "site-packages",
    "vendor",  # third-party code (Composer, Go modules, bundler), as Semgrep skips it: not the project's settings
})


@record(frozen=True)
class Target:
    """A file to lint: its real path, the path shown in reports, its kind, and whether it was named.

    ``format`` is the name of its format in the registry (smtplint.formats). ``probe``: the kind is only a
    guess by name (a ``.py``, ``.json``, ``.ini`` or ``.properties`` file found in a folder); the reading step
    confirms it with the format's sniffer on the bytes it reads anyway, so that discovery never opens a file
    and the look happens in the parsing workers.
    """

    path: str  # as given or listed (no Path object per file: most candidates are probed and dropped)
    display: str
    format: str
    explicit: bool = False
    probe: bool = False
    size: int = -1  # bytes when discovery stat'ed it (-1: unknown); a file over the limit is never opened


@record(frozen=True)
class Skipped:
    """A file that was not linted, and why (shown in reports, never a finding)."""

    display: str
    reason: str
    error: bool = False  # a file named on the command line that smtplint cannot lint at all: exit 2


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


def format_by_name(path: Path) -> str | None:
    """The format a file name implies (its registry name), or None (``.py`` files outside the settings names
    need a look). An example copy (``config.yml.example``, ``main.cf.dist``) has its inner kind."""
    fmt = formats.format_of(path.name, path.parent.name)
    return fmt.name if fmt is not None else None


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_fd(fd: int, expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd`` (``expected``: its size by fstat, read in one call when it holds)."""
    data = os.read(fd, min(expected + 1, limit))
    if len(data) <= expected or len(data) >= limit:
        return data
    parts = [data]  # the file grew since the fstat
    total = len(data)
    while total < limit:
        chunk = os.read(fd, min(1 << 16, limit - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _read(path: str | os.PathLike[str], limit: int, max_size: int | None) -> bytes | int | None:
    """Open without blocking, check on the descriptor that it is a regular file (None otherwise), then read
    up to ``limit`` bytes; with ``max_size``, a file larger than that gives its size instead (not read)."""
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        if max_size is not None and info.st_size > max_size:
            return info.st_size
        return _read_fd(fd, info.st_size, limit)
    finally:
        os.close(fd)


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """Up to ``limit`` bytes of a regular file; None when ``path`` is something else (a FIFO, a device, a
    directory). Raises OSError when it cannot be opened or read.

    The file is opened without blocking and checked on the open descriptor: a file swapped for a FIFO
    between discovery and reading never stalls the run (opening a FIFO with no writer would block).
    Plain ``os.read`` calls: a fourth of the cost of a buffered file object on a small file.
    """
    data = _read(path, limit, None)
    assert not isinstance(data, int)
    return data


def read_limited(path: str | os.PathLike[str], max_size: int) -> bytes | int | None:
    """A regular file's bytes when it holds at most ``max_size``; its size (an int) when it is larger; None
    when ``path`` is not a regular file. One open and one fstat (no separate stat). Raises OSError."""
    data = _read(path, max_size + 1, max_size)  # one byte more: the file may have grown since the fstat
    return len(data) if isinstance(data, bytes) and len(data) > max_size else data


PROBE_BYTES = 1 << 20  # the look at a file's kind reads its first MiB


def _excluded(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p)
               or fnmatch.fnmatchcase(rel, p.rstrip("/") + "/*") for p in patterns)


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _named_kind(path: str) -> str | None:
    """The format of a file named on the command line: by name, or by its ending (``.properties``, ``.ini``,
    ``.json`` always; a ``.py`` file after its format's cheap look at the bytes)."""
    folder, name = os.path.split(path)
    fmt = formats.format_of(name, os.path.basename(folder))
    if fmt is not None:
        return fmt.name
    fmt = formats.probed_format(name)
    if fmt is None or not fmt.sniff_named:
        return fmt.name if fmt is not None else None
    try:
        head = read_regular(path, PROBE_BYTES)
    except OSError:
        return fmt.name  # the reading step reports why it cannot be read
    if head is None:  # no longer a regular file (swapped for a FIFO or a device since it was listed)
        return fmt.name
    found = formats.confirmed(fmt, name, head)
    return found.name if found is not None else None


STDIN_DEFAULT_NAME = "stdin.yaml"  # the kind of text most often piped: `helm template`, `kustomize build`


def stdin_target(name: str, data: bytes, cwd: Path | None = None, kinds: Kinds | None = None) -> Target | Skipped:
    """The target of text read from standard input, named ``name`` (``--stdin-filename``): the name decides its
    kind as for a file named on the command line (``kinds`` first, then the registry, the text confirming a kind
    that needs a look; no kind is the same error), its display path and the configuration that applies. The
    caller hands ``data`` to the reader under ``Target.path``."""
    base = cwd or Path.cwd()
    path = Path(name) if os.path.isabs(name) else base / name
    display = display_path(path, base)
    user_kind = kinds.of(os.fspath(path)) if kinds is not None else None
    if user_kind is not None:
        return Target(os.fspath(path), display, user_kind, explicit=True, size=len(data))
    folder, file_name = os.path.split(os.fspath(path))
    fmt = formats.format_of(file_name, os.path.basename(folder))
    if fmt is None:
        probed = formats.probed_format(file_name)
        fmt = probed if probed is None or not probed.sniff_named else formats.confirmed(
            probed, file_name, data[:PROBE_BYTES])
    if fmt is None:
        return Skipped(display, unknown_kind(), error=True)
    return Target(os.fspath(path), display, fmt.name, explicit=True, size=len(data))


def _display_child(parent_display: str, name: str) -> str:
    """The display path of ``name`` inside a folder shown as ``parent_display`` (as display_path would give)."""
    if parent_display == ".":
        return name
    return parent_display + name if parent_display.endswith("/") else f"{parent_display}/{name}"


Listed = Iterator[tuple[str, str]]  # (path to open, display path) of the files a listing keeps


def _walk(root: str, shown: str, excludes: Sequence[str], want: Callable[[str], bool],
          budget: list[int] | None = None) -> Listed:
    """Regular files below ``root`` (shown as ``shown``) whose name passes ``want``, in sorted order, pruning
    skipped and excluded directories; with ``budget`` (a one-item counter), until that many folder entries
    have been looked at."""
    stack = [(root, shown)]
    while stack and (budget is None or budget[0] > 0):
        current, here = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        if budget is not None:
            budget[0] -= len(entries)
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    rel = _display_child(here, name)
                    if name in SKIP_DIRS or _is_venv(entry.path) or (excludes and _excluded(rel, name, excludes)):
                        continue
                    subdirs.append((entry.path, rel))
                elif want(name) and entry.is_file(follow_symlinks=True):
                    rel = _display_child(here, name)
                    if not (excludes and _excluded(rel, name, excludes)):
                        yield entry.path, rel
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


# tracked files with their modes (a submodule is mode 160000), the untracked files .gitignore keeps, and the
# ones it ignores (an ignored folder as one entry)
_GIT_TRACKED = ("ls-files", "-z", "--stage", "--cached")
_GIT_UNTRACKED = ("ls-files", "-z", "--others", "--exclude-standard")
_GIT_IGNORED = ("ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")
PLACEHOLDERS = frozenset({".gitkeep", ".keep", ".gitignore", ".placeholder", ".empty"})
GATE_MIN = 200  # listed files of gated names from which a git grep for the gate words pays (its start costs ~2 ms)
IGNORED_LOOK_BYTES = 1 << 16  # an ignored file's kind is guessed from its first 64 KiB, never parsed
IGNORED_SCAN_ENTRIES = 20_000  # folder entries looked at inside ignored folders, at most
GIT_TIMEOUT = 120


class _Git:
    """A running ``git`` whose standard output is read later (its input and errors go to the null device).

    Started with :func:`os.posix_spawnp` and read with plain ``os.read`` calls where the platform has it:
    importing :mod:`subprocess` (with ``signal``, ``selectors`` and ``threading``) cost more than a
    ``git ls-files`` run takes. Elsewhere (Windows), :mod:`subprocess`.
    """

    def __init__(self, argv: list[str]) -> None:
        self.popen: Any = None
        self.pid = -1
        self.fd = -1
        self.parts: list[bytes] = []  # what :meth:`pump` has read so far
        self.ended = False  # pump read the end of the output
        if not hasattr(os, "posix_spawnp"):
            import subprocess
            self.popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL)
            return
        read_end, write_end = os.pipe()  # both close on exec; the child's copy of write_end is its stdout
        _widen(read_end)
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            self.pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, write_end, 1),
                (os.POSIX_SPAWN_DUP2, devnull, 2)])
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)
            os.close(devnull)
        self.fd = read_end

    def stop(self) -> None:
        """Stop git (its output is not wanted) and collect it."""
        if self.popen is not None:
            self.popen.kill()
            self.popen.communicate()
            return
        os.kill(self.pid, 9)  # SIGKILL
        os.close(self.fd)
        os.waitpid(self.pid, 0)

    def output(self, timeout: float, ok: tuple[int, ...] = (0,)) -> bytes | None:
        """Everything git printed, or None when it failed (an exit status not in ``ok``) or took longer than
        ``timeout`` seconds."""
        if self.popen is not None:
            import subprocess
            try:
                out: bytes = self.popen.communicate(timeout=timeout)[0]
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.communicate()
                return None
            return out if self.popen.returncode in ok else None
        import select
        deadline = time.monotonic() + timeout
        parts = self.parts
        try:
            while not self.ended:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                    os.kill(self.pid, 9)  # SIGKILL: it took too long
                    os.waitpid(self.pid, 0)
                    return None  # the descriptor is closed below
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    break
                parts.append(chunk)
        finally:
            os.close(self.fd)
        _pid, status = os.waitpid(self.pid, 0)
        return b"".join(parts) if os.waitstatus_to_exitcode(status) in ok else None

    def pump(self) -> None:
        """Read what git has printed so far, without waiting: git stops when the pipe is full, so a caller
        that reads a long output late (git grep's list of files without the gate words: 800 kB on a
        25,000-file tree) pumps it now and then while it does other work."""
        if self.popen is not None or self.ended:
            return
        import select
        while select.select([self.fd], [], [], 0)[0]:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                self.ended = True
                return
            self.parts.append(chunk)


def _widen(fd: int) -> None:
    """Give a pipe git writes into the largest buffer an unprivileged process may ask for (Linux: 1 MiB,
    not 64 kB), so git stops less often waiting for it to be read."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower limit: the default buffer
        pass


def _start_git(root: str, args: Sequence[str]) -> _Git | None:
    try:
        return _Git(["git", "-C", root, *args])
    except (OSError, ValueError):
        return None


def _git_output(proc: _Git | None, ok: tuple[int, ...] = (0,)) -> list[str] | None:
    """The NUL-separated entries git printed, or None when it failed or took too long."""
    if proc is None:
        return None
    out = proc.output(GIT_TIMEOUT, ok)
    if out is None:
        return None
    return [entry for entry in os.fsdecode(out).split("\0") if entry]


def _looks_like_mail(path: str, name: str, folder: str) -> bool:
    """Whether an ignored file looks like mail configuration: a name a format claims, and its first bytes
    confirm it (the format's cheap sniffer, or a mail word for a kind claimed by name alone). Never parsed."""
    kind = formats.kind_by_name(name, folder)
    if kind is None:
        return False
    try:
        head = read_regular(path, IGNORED_LOOK_BYTES)
    except OSError:
        return False
    if not head:
        return False
    fmt, probe = kind
    if probe or fmt.sniff is not None:
        return formats.sniff(fmt, head)
    return formats.mentions_mail(head)


def _ignored_mail(top: str, shown: str, entries: Iterable[str], excludes: Sequence[str]) -> list[str]:
    """Display paths of the files .gitignore excludes that look like mail configuration (ignored folders are
    looked into, skipped folder names and virtual environments pruned, at most IGNORED_SCAN_ENTRIES entries)."""
    found: set[str] = set()
    budget = [IGNORED_SCAN_ENTRIES]
    walked: set[str] = set()  # folders looked into: git also lists the folders and files inside them
    for entry in entries:
        rel = entry.rstrip("/")
        parts = rel.split("/")
        if any(part in SKIP_DIRS for part in parts) or any("/".join(parts[:i]) in walked for i in range(1, len(parts))):
            continue
        path = os.path.join(top, rel)
        if entry.endswith("/"):  # an ignored folder, listed as one entry
            walked.add(rel)
            listed = [] if _is_venv(path) else _walk(path, _display_child(shown, rel), excludes,
                                                      formats.may_be_target, budget)
        else:
            listed = [(path, _display_child(shown, rel))]
        for file, display in listed:
            folder, name = os.path.split(file)
            if formats.may_be_target(name) and not (excludes and _excluded(display, name, excludes)) \
                    and _looks_like_mail(file, name, os.path.basename(folder)):
                found.add(display)
    return sorted(found)


def _listed(root: Path, excludes: Sequence[str], cwd: Path, want: Callable[[str], bool],
            respect_gitignore: bool = True, ignored: list[str] | None = None, named: bool = False,
            gate: Gate | None = None) -> Listed:
    """Files below ``root``: git's listing inside a work tree (respecting .gitignore), else the walk.

    Inside a work tree the tracked files are listed first (fast: git reads its index) and handed out while a
    second git process looks for the untracked files .gitignore keeps (slow: it walks the folders), so the
    caller classifies on one core while git walks on the other. Submodules and nested repositories are
    walked. The listing is pruned like the walk: skipped folder names, virtual environments, ``--exclude``.
    Without git, when it fails, or when it lists nothing (a folder ignored as a whole), the folder is walked;
    a folder ``named`` on the command line whose only listed files are placeholders (``.gitkeep``) too.
    ``respect_gitignore`` False walks every folder. With ``ignored``, the files .gitignore excludes that look
    like mail configuration are added to it (a third git process, run while the listing is classified).
    With ``gate``, a ``git grep`` for the registry's gate words is started beside the listing when enough
    tracked files have gated names (:class:`Gate`).
    """
    top = str(root)
    shown = display_path(root, cwd)
    in_git = respect_gitignore and _in_work_tree(root) is not None
    untracked_proc = _start_git(top, _GIT_UNTRACKED) if in_git else None
    tracked = _git_output(_start_git(top, _GIT_TRACKED)) if untracked_proc is not None else None
    if tracked is None:
        if untracked_proc is not None:
            untracked_proc.stop()
        yield from _walk(top, shown, excludes, want)
        return
    ignored_proc = _start_git(top, _GIT_IGNORED) if ignored is not None else None
    files: list[str] = []
    folders: list[str] = []
    for entry in tracked:
        meta, _, rel = entry.partition("\t")
        (folders if meta.startswith("160000 ") else files).append(rel)
    prefix = top if top.endswith(os.sep) else top + os.sep
    if gate is not None:
        gate.start(top, prefix, files)
    kept: dict[str, bool] = {"": True}
    # a virtual environment whose files git lists shows its pyvenv.cfg too, so no folder needs a stat (one
    # whose pyvenv.cfg alone is ignored, or untracked while files in it are tracked, is read like any folder)
    venvs = {rel[: -len("/pyvenv.cfg")] for rel in files if rel.endswith("/pyvenv.cfg")}

    def keep(folder: str) -> bool:
        if folder not in kept:
            parent, _, name = folder.rpartition("/")
            kept[folder] = keep(parent) and not (
                name in SKIP_DIRS or folder in venvs
                or (bool(excludes) and _excluded(_display_child(shown, folder), name, excludes)))
        return kept[folder]

    def emit(listing: Iterable[str]) -> Listed:
        for rel in listing:
            folder, _, name = rel.rpartition("/")
            if not want(name) or not keep(folder):
                continue
            display = _display_child(shown, rel)
            if not (excludes and _excluded(display, name, excludes)):
                yield prefix + rel, display

    # tracked files first, while git looks for untracked ones; unless the folder may have to be walked instead
    # (nothing tracked, or a named folder where only a placeholder such as .gitkeep is tracked)
    undecided = not folders and (not files or (named and all(r.rpartition("/")[2] in PLACEHOLDERS for r in files)))
    if not undecided:
        yield from emit(files)
    untracked = _git_output(untracked_proc)
    nested = [entry.rstrip("/") for entry in untracked or () if entry.endswith("/")]  # untracked nested repositories
    others = [entry for entry in untracked or () if not entry.endswith("/")]
    if untracked is None or (undecided and not nested and (
            all(r.rpartition("/")[2] in PLACEHOLDERS for r in others) if named else not others)):
        if ignored_proc is not None:
            ignored_proc.stop()
        # git failed (the caller keeps the first of two entries for one display path), the folder is ignored
        # as a whole, or a folder named on the command line holds only a placeholder: walked
        yield from _walk(top, shown, excludes, want)
        return
    if undecided:
        yield from emit(files)
    venvs.update(rel[: -len("/pyvenv.cfg")] for rel in others if rel.endswith("/pyvenv.cfg"))
    yield from emit(others)
    entries = _git_output(ignored_proc) if ignored_proc is not None else None
    if ignored is not None:
        ignored += _ignored_mail(top, shown, (e for e in entries or () if keep(e.rstrip("/").rpartition("/")[0])),
                                 excludes)
    if gate is not None:
        gate.listed(prefix, files, others, entries)
    for rel in sorted({*folders, *nested}):
        folder = rel.rpartition("/")[0]
        if keep(folder) and keep(rel):
            yield from _walk(os.path.join(top, rel), _display_child(shown, rel), excludes, want)


class Gate:
    """Probed files found, among many, to hold none of their formats' gate words without opening them.

    When at least GATE_MIN tracked files of a listed folder have names that may be gated (smtplint.formats.gated:
    a file of that name is a target only when it holds one of the registry's gate words; counted on the cheap
    superset formats.may_be_gated), ``git grep -I -L`` is started
    beside the listing for the tracked text files of those names that hold none of the words, as they are in
    the working tree; :meth:`drops` asks it (waiting for it the first time: discovery asks about the other
    files first). A file git counts as binary (UTF-16) is never listed by it, so its bytes are still looked
    at; untracked files, and files a user's kind mapping claims (never probed), are never dropped; without git
    nothing is dropped.
    """

    def __init__(self, config_names: Iterable[str] = ()) -> None:
        self._pending: list[tuple[str, _Git]] = []  # (folder prefix, git grep) not read yet
        self._dropped: set[str] = set()  # absolute paths
        self._config_names = tuple(f"/{name}" for name in config_names)
        self.configs: list[str] = []  # configuration files git listed in the folders it greps (absolute paths)
        self._grepped: set[str] = set()  # the folder prefixes git grep was started in
        self._unlisted = 0  # of those, the folders whose configuration files were not all seen in a listing

    def start(self, top: str, prefix: str, tracked: Sequence[str]) -> None:
        """Start git grep in ``top`` when enough of its ``tracked`` files (relative paths) have gated names."""
        if not formats.GATE_WORDS:
            return
        count = 0
        for rel in tracked:  # names that may be gated (a superset, on a string test: only a threshold)
            if formats.may_be_gated(rel.rpartition("/")[2]):
                count += 1
                if count >= GATE_MIN:
                    break
        else:
            return
        words = [arg for word in formats.GATE_WORDS for arg in ("-e", os.fsdecode(word))]
        proc = _start_git(top, ("grep", "-I", "-L", "-z", "--no-color", "-F", *words, "--",
                                *formats.gate_pathspecs()))
        if proc is not None:
            self._pending.append((prefix, proc))
            self._grepped.add(prefix)
            self._unlisted += 1  # until :meth:`listed` has seen all three listings of the folder

    def listed(self, prefix: str, tracked: Sequence[str], untracked: Sequence[str], ignored: Sequence[str] | None
               ) -> None:
        """Note the configuration files among a grepped folder's tracked, untracked and ignored files (relative
        paths; ``ignored`` None when git did not list them). git lists an ignored folder as one entry only
        when none of its files is tracked, so every folder holding a listed file has its files listed."""
        if prefix not in self._grepped or ignored is None:
            return
        names = self._config_names
        self.configs += [prefix + rel for listing in (tracked, untracked, ignored) for rel in listing
                         if ("/" + rel).endswith(names)]
        self._unlisted -= 1

    def configs_known(self) -> bool:
        """Whether :attr:`configs` holds every configuration file in the folders git greps."""
        return self._unlisted == 0

    def pump(self) -> None:
        """Read what the running git greps have printed so far (discovery calls this as it lists)."""
        for _prefix, proc in self._pending:
            proc.pump()

    def may_drop(self, name: str, folder: str, probed: formats.InputFormat) -> bool:
        """Whether a listed file of this name (in a folder of that name), probed for ``probed`` by its name, is
        one git grep may find without the gate words (ask :meth:`drops` of its path after the listing)."""
        return bool(self._grepped) and formats.gated(name, folder, probed)

    def drops(self, path: str) -> bool:
        """Whether git grep found the listed file at ``path`` (one :meth:`may_drop` accepted) without the gate
        words: it need not be opened."""
        while self._pending:
            prefix, proc = self._pending.pop()
            found = _git_output(proc, (0, 1))  # 1: git grep listed nothing; a failure drops nothing
            self._dropped.update(prefix + rel for rel in found or ())
        return path in self._dropped


def normal_excludes(patterns: Sequence[str], base: Path) -> list[str]:
    """``--exclude`` globs as display paths spell them (ruff's reading): ``./dir`` is ``dir``, an absolute path
    under the current directory is relative to it (one elsewhere stays absolute, as such files are shown)."""
    out: list[str] = []
    for pattern in patterns:
        glob = pattern.replace(os.sep, "/") if os.sep != "/" else pattern
        if os.path.isabs(pattern):
            glob = display_path(Path(pattern), base)
        while glob.startswith("./"):
            glob = glob[2:]
        glob = glob.rstrip("/") if glob not in ("", "/") else glob
        out.append(glob or ".")
    return out


def _in_skipped_dir(display: str) -> bool:
    """Whether a display path below the current folder goes through a folder a walk never enters
    (``node_modules``, ``.venv``, ...); the folders above the current one are not looked at."""
    return not os.path.isabs(display) and any(part in SKIP_DIRS for part in display.split("/")[:-1])


def iter_targets(paths: Iterable[str], excludes: Sequence[str] = (), force_exclude: bool = False,
                 cwd: Path | None = None, accept: Callable[[Target], bool] | None = None,
                 skipped: list[Skipped] | None = None, kinds: Kinds | None = None, *, respect_gitignore: bool = True,
                 ignored: list[str] | None = None, skip_unknown: bool = False) -> Iterator[Target]:
    """The lint targets of command-line paths, each once, as they are found (unsorted: the engine starts
    parsing while discovery goes on); named files that cannot be linted go to ``skipped``.

    Files named explicitly come first and are linted when their kind is known, even if an exclude matches,
    unless ``force_exclude`` is set (ruff's behaviour: then the walk's skipped folders apply to them too). A
    named file of no known kind is a skip marked as an error (exit 2), unless ``skip_unknown`` (the pre-commit
    hook, which passes every candidate): then named files are taken as a folder's files are, a probed kind
    confirmed by its bytes and a file of no kind passed over. ``accept`` (the configuration files' excludes) is
    asked about each target as it is found. ``respect_gitignore`` False walks folders whole; ``ignored``
    collects the files .gitignore kept out that look like mail configuration. ``kinds`` (``--kind`` and
    the configuration's ``kinds``) names the kind of a file whatever its name, before the registry is asked.
    Raises PathError for a path that does not exist, at once (before anything is listed).
    """
    base = cwd or Path.cwd()
    raws = list(paths)
    given = [Path(raw) for raw in raws]
    for raw, path in zip(raws, given, strict=True):
        if not os.path.lexists(path):
            raise PathError(_("{path}: no such file or directory").format(path=raw))
    return _targets(given, normal_excludes(excludes, base), force_exclude, base, accept,
                    skipped if skipped is not None else [], _Walk(respect_gitignore, ignored, skip_unknown),
                    kinds or Kinds())


@record(frozen=True)
class _Walk:
    respect_gitignore: bool = True
    ignored: list[str] | None = None
    skip_unknown: bool = False


@record(frozen=True)
class Kinds:
    """Kinds the user gives files (``--kind GLOB:KIND``, ``kinds = {GLOB = KIND}``): ``of`` a file's path (None:
    the registry decides by name), and whether a file ``name`` may match one (so that a folder's listing keeps
    names no format claims, such as ``relay.cf.j2``). ``claims``: whether any ``kinds`` glob may give a file
    below the linted folders a kind, given the configuration files (names in ``config_names``) found there:
    when none may, a file git grep found without the gate words is dropped without asking ``of`` about it
    (which looks for a configuration in its folder)."""

    of: Callable[[str], str | None] = lambda _path: None
    name: Callable[[str], bool] = lambda _name: False
    claims: Callable[[Sequence[str]], bool] = lambda _configs: False
    config_names: tuple[str, ...] = ()


def unknown_kind() -> str:
    """The error of a file named on the command line that no format reads."""
    return _("smtplint cannot read this as any kind it knows ({formats}): map it with a kinds entry in the "
             "configuration or rename it").format(formats=formats.labels(conjunction=_("or")))


def _targets(given: list[Path], excludes: Sequence[str], force_exclude: bool, base: Path,
             accept: Callable[[Target], bool] | None, skipped: list[Skipped], walk: _Walk,
             kinds: Kinds) -> Iterator[Target]:
    seen: set[str] = set()
    folders = [path for path in given if path.is_dir()]
    for path in given:
        if path in folders:
            continue
        disp = display_path(path, base)
        if disp in seen or (force_exclude and (_excluded(disp, path.name, excludes) or _in_skipped_dir(disp))):
            continue
        try:
            info = os.stat(path)
        except OSError as exc:
            skipped.append(Skipped(disp, _("cannot be read: {error}").format(error=exc.strerror or exc)))
            continue
        if not stat.S_ISREG(info.st_mode):
            skipped.append(Skipped(disp, _("not a regular file")))
            continue
        user_kind = kinds.of(os.fspath(path))
        if user_kind is not None:
            target = Target(os.fspath(path), disp, user_kind, explicit=True, size=info.st_size)
        elif walk.skip_unknown:
            kind = formats.kind_by_name(path.name, path.parent.name)
            if kind is None:
                continue
            target = Target(os.fspath(path), disp, kind[0].name, explicit=True, probe=kind[1], size=info.st_size)
        else:
            fmt = _named_kind(str(path))
            if fmt is None:
                skipped.append(Skipped(disp, unknown_kind(), error=True))
                continue
            target = Target(os.fspath(path), disp, fmt, explicit=True, size=info.st_size)
        if accept is None or accept(target):
            seen.add(disp)
            yield target
    may_be_target, by_user = formats.may_be_target, kinds.name

    def want(name: str) -> bool:
        return may_be_target(name) or by_user(name)

    def listed_target(file: str, disp: str, fmt: formats.InputFormat, probe: bool) -> Target | None:
        try:
            info = os.stat(file)
        except OSError:  # git lists deleted files too
            return None
        if not stat.S_ISREG(info.st_mode):  # a link to a FIFO or a device must never be opened
            return None
        target = Target(file, disp, fmt.name, probe=probe, size=info.st_size)
        return target if accept is None or accept(target) else None

    gate = Gate(kinds.config_names)
    claims: bool | None = None  # whether a kinds glob may claim a file git grep drops (asked once, if ever)
    for path in folders:
        gated: list[tuple[str, str, formats.InputFormat]] = []  # asked of git grep once the others are done
        for count, (file, listed) in enumerate(_listed(path, excludes, base, want, walk.respect_gitignore,
                                                        walk.ignored, named=True, gate=gate)):
            if not count & 511:
                gate.pump()  # git grep goes on printing while this lists (it stops when its pipe is full)
            # a folder above the current one: the files below the current one are shown relative to it
            disp = display_path(Path(file), base) if os.path.isabs(listed) else listed
            if disp in seen:
                continue
            folder, name = os.path.split(file)
            folder_name = os.path.basename(folder)
            kind = formats.kind_by_name(name, folder_name)
            if kind is not None and kind[1] and gate.may_drop(name, folder_name, kind[0]):
                seen.add(disp)  # decided below: the first entry of a display path is the one kept, as here
                gated.append((file, disp, kind[0]))
                continue
            given_kind = kinds.of(file)
            if given_kind:
                kind = (formats.get(given_kind), False)
            if kind is None:
                continue
            candidate = listed_target(file, disp, kind[0], kind[1])
            if candidate is not None:
                seen.add(disp)
                yield candidate
        for file, disp, spec in gated:
            dropped = gate.drops(file)
            if dropped and claims is None:
                claims = not gate.configs_known() or kinds.claims(gate.configs)
            if dropped and not claims:
                continue  # no kinds glob can claim it: never opened, its folder never looked into
            given_kind = kinds.of(file)
            if given_kind or not dropped:
                candidate = listed_target(file, disp, formats.get(given_kind) if given_kind else spec, not given_kind)
                if candidate is not None:
                    yield candidate


def discover(paths: Iterable[str], excludes: Sequence[str] = (), force_exclude: bool = False,
             cwd: Path | None = None, accept: Callable[[Target], bool] | None = None,
             kinds: Kinds | None = None, *, respect_gitignore: bool = True, ignored: list[str] | None = None,
             skip_unknown: bool = False) -> tuple[list[Target], list[Skipped]]:
    """:func:`iter_targets` as a list sorted by display path, with the named files that were skipped."""
    skipped: list[Skipped] = []
    targets = sorted(iter_targets(paths, excludes, force_exclude, cwd, accept, skipped, kinds,
                                  respect_gitignore=respect_gitignore, ignored=ignored, skip_unknown=skip_unknown),
                     key=lambda t: t.display)
    return targets, skipped
