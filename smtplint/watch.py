"""``--watch``: poll the linted files' modification times and lint again the ones that changed.

Standard library only (no inotify): one ``os.stat`` per file per interval. A changed file brings the other
linted files of its folder along (a main.cf change is judged with the master.cf beside it). The files are
those the first run found: a file created later is not watched (start the watch again).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence

Stamp = tuple[int, int] | None  # (mtime in ns, size); None: the file is gone

DEFAULT_INTERVAL = 0.5


def stamp(path: str) -> Stamp:
    """What tells a file changed: its modification time and size (None when it cannot be stat'ed)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def affected(changed: Iterable[str], paths: Sequence[str]) -> list[str]:
    """The watched files to lint again: the changed ones and the others in their folders, in watch order."""
    folders = {os.path.dirname(os.path.abspath(p)) for p in changed}
    return [p for p in paths if os.path.dirname(os.path.abspath(p)) in folders]


def snapshot(paths: Sequence[str]) -> dict[str, Stamp]:
    """Every watched file's :func:`stamp`: taken before a run, so that a save during the run is seen."""
    return {p: stamp(p) for p in paths}


def poll(paths: Sequence[str], on_change: Callable[[list[str]], None], *, interval: float = DEFAULT_INTERVAL,
         rounds: int | None = None, sleep: Callable[[float], None] = time.sleep,
         since: dict[str, Stamp] | None = None) -> None:
    """Every ``interval`` seconds, call ``on_change`` with the files to lint again (see :func:`affected`)
    when some changed since ``since`` (default: now) or the last poll; ``rounds`` bounds the number of polls
    (None: until interrupted)."""
    seen = snapshot(paths) if since is None else since
    done = 0
    while rounds is None or done < rounds:
        sleep(interval)
        done += 1
        now = snapshot(paths)
        changed = [p for p in paths if now[p] != seen[p]]
        seen = now
        present = [p for p in changed if now[p] is not None]
        if present:
            on_change(affected(present, [p for p in paths if now[p] is not None]))
