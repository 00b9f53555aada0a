"""Parse many files in a pool of worker processes; the engine's serial path stays the reference.

Each worker runs the engine's own :meth:`~smtplint.engine.Engine.parse` on a chunk of targets and sends back
the documents with the skip notes and internal errors it met and the bytes it read (the engine's reader cache,
which later stages such as suppressions consult), in the targets' order, so a run with a pool gives the same
bytes as a serial run. Workers are forked where the platform allows it, after the parent has
imported the parsers the targets need, so no worker imports ruamel.yaml again; elsewhere they start fresh.

The pool pays only when there is enough to parse: a pre-commit run on three files stays serial.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing and concurrent.futures are imported only when a pool is started
    import multiprocessing.context

    from smtplint.engine import Engine, InternalError, Result
    from smtplint.files import Skipped, Target
    from smtplint.model import Document

from smtplint.engine import POOL_MIN_BYTES as MIN_BYTES
from smtplint.engine import POOL_MIN_FILES as MIN_FILES

MAX_AUTO_JOBS = 4
BIG_FILE = 64 * 1024  # a file this large is a task of its own
CHUNK_FILES = 48  # small files per task

# a target's document (None when skipped), its skip notes and errors, the files read for it (path -> bytes), and
# whether it counts as checked (a probed target that is not one does not)
Parsed = tuple["Document | None", list["Skipped"], list["InternalError"], dict[str, "bytes | None"], int]


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def choose_jobs(jobs: int | None, sizes: Sequence[int]) -> int:
    """Worker count for these targets: ``jobs`` when given (1 is serial), else automatic.

    Automatic: serial for fewer than MIN_FILES targets adding up to less than MIN_BYTES, else one worker per
    CPU, at most MAX_AUTO_JOBS, and never more than there are targets.
    """
    if jobs is not None and jobs > 0:
        return max(1, min(jobs, len(sizes)))
    if len(sizes) < 2 or (len(sizes) < MIN_FILES and sum(sizes) < MIN_BYTES):
        return 1
    return max(1, min(available_cpus(), MAX_AUTO_JOBS, len(sizes)))


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def plan(sizes: Sequence[int]) -> list[list[int]]:
    """Tasks as lists of target indexes: big files alone and first (largest first), then chunks of the rest.

    Largest-first keeps the workers busy to the end; chunks keep the per-task overhead small.
    """
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    tasks = [[i] for i in order if sizes[i] >= BIG_FILE]
    rest = sorted(i for i in order if sizes[i] < BIG_FILE)
    tasks += [rest[k:k + CHUNK_FILES] for k in range(0, len(rest), CHUNK_FILES)]
    return tasks


_WORKER: dict[str, Engine] = {}  # one engine per worker: its reader caches siblings read for star imports


def _init_worker(max_file_size: int, cwd: str, language: str = "en") -> None:
    from smtplint import i18n
    from smtplint.engine import Engine
    i18n.install(language)  # a spawned worker starts in English; diagnostics speak the run's language
    _WORKER["engine"] = Engine(max_file_size=max_file_size, cwd=Path(cwd), jobs=1)


def _parse_task(targets: list[Target]) -> list[Parsed]:
    from smtplint.engine import Result
    engine = _WORKER["engine"]
    out: list[Parsed] = []
    reader = engine.reader
    for target in targets:
        scratch = Result()
        before = len(reader.order)
        doc = engine.parse(target, scratch)
        # a probed file that is no target: the parent never needs its bytes
        read = {k: reader.cache[k] for k in reader.order[before:]} if scratch.files_checked else {}
        out.append((doc, scratch.skipped, scratch.errors, read, scratch.files_checked))
    return out


_WARM_UP = "smtp:\n  host: localhost\n"


def _preimport(targets: Sequence[Target]) -> None:
    """Import the parsers these targets need in the parent (by parsing a tiny text), so forked workers
    inherit them instead of importing them once each."""
    from smtplint.parsers import parse_text
    for fmt in {t.format for t in targets}:
        try:
            parse_text("<warm-up>", fmt, _WARM_UP)
        except Exception:  # parsers never raise on bad input; this only warms the imports
            continue


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def parse_many(engine: Engine, targets: Sequence[Target], result: Result,
               jobs: int | None) -> list[tuple[Target, Document]] | None:
    """Parse ``targets`` in a pool and record skips and errors in ``result``, in the targets' order.

    Returns None when a pool would not pay (the caller parses serially) or cannot be started.
    """
    sizes = [t.size if t.size >= 0 else _size(t.path) for t in targets]
    workers = choose_jobs(jobs, sizes)
    if workers <= 1:
        return None
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from smtplint import i18n

    tasks = plan(sizes)
    _preimport(targets)
    try:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker,
                                       initargs=(engine.reader.max_size, str(engine.cwd), i18n.language()))
    except (OSError, ValueError, NotImplementedError):
        return None
    slots: list[Parsed | None] = [None] * len(targets)
    try:
        with executor:
            chunks = executor.map(_parse_task, [[targets[i] for i in task] for task in tasks])
            for task, parsed in zip(tasks, chunks, strict=True):
                for index, item in zip(task, parsed, strict=True):
                    slots[index] = item
    except (OSError, BrokenProcessPool, pickle.PicklingError):  # no pool here: the caller parses serially
        return None
    out: list[tuple[Target, Document]] = []
    for target, slot in zip(targets, slots, strict=True):
        assert slot is not None
        doc, skipped, errors, read, checked = slot
        engine.reader.cache.update(read)  # what a serial run would have read: later stages may look there
        result.files_checked += checked
        result.skipped.extend(skipped)
        result.errors.extend(errors)
        if doc is not None:
            out.append((target, doc))
    return out
