"""Parse many files in several processes; the engine's serial path stays the reference.

Work is handed out while discovery is still listing (files.iter_targets yields targets as it finds them), so
parsing overlaps git's walk for untracked files and the configuration lookups. Two ways, one contract (the
results handed to the conductor's ``take`` in display order, so a parallel run gives the bytes of a serial
one); this module does not know the conductor:

- on Linux, helpers forked from this process (smtplint.forked) parse while it lists, then it parses beside
  them: ``--jobs N`` is N processes parsing, this one included;
- elsewhere, a pool of worker processes (:mod:`concurrent.futures`) that each run the same
  :func:`smtplint.reading.read_target` on chunks of targets and send back documents (with their text and
  comment layout), skip notes and internal errors, never the bytes. Workers are forked where
  :mod:`multiprocessing` allows it, after the parent has imported the parsers, so no worker imports
  ruamel.yaml again; elsewhere they start fresh.

Either pays only when there is enough to parse (:func:`pool_pays`, asked by Engine._enough_for_a_pool as
targets are found): a pre-commit run on three files stays serial and never forks.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint import forked

if TYPE_CHECKING:  # multiprocessing and concurrent.futures are imported only when a pool is started
    import multiprocessing.context
    from collections.abc import Callable

    from smtplint.files import Target
    from smtplint.model import Document
    from smtplint.reading import Read, Reader

MAX_AUTO_JOBS = 4
BIG_FILE = 64 * 1024  # a file this large is a task of its own
CHUNK_FILES = 48  # small files per task

# The automatic decision's cost model (pool_pays), measured with bench/run.py's trees on a 2-core machine: the
# serial cost of reading one target (stat, read, sniff, parse, comment layout, its rules) and of each byte of
# text in it (large YAML, JSON, .env files: 70 files of 2 MB in all parse in about 70 ms).
SERIAL_PER_FILE = 0.000_2  # seconds
SERIAL_PER_BYTE = 0.000_000_03  # seconds (0.03 ms per kB)
UNKNOWN_SIZE = 8 * 1024  # a target whose size discovery did not learn counts as this many bytes
# Forked helpers (Linux): what one costs the run (the copy-on-write faults on both sides of the fork, its
# exit), what sending one target's results back costs, and the part of the serial parse time one helper saves
# on 2 CPUs (measured: a quarter, not a half, as git's walks and the listing share the CPUs with it). More
# helpers are assumed to keep the same efficiency (not measured: this machine has 2 CPUs).
HELPER_START = 0.015  # seconds
HELPER_PER_FILE = 0.000_02  # seconds
HELPER_SHARE = 0.25
# A pool of workers (elsewhere): its fixed cost (the parsers imported in the parent, workers started and
# joined) and the cost of each document sent back (pickled, unpickled, taken by the parent).
POOL_START = 0.08  # seconds
POOL_PER_FILE = 0.000_05  # seconds
POOL_MARGIN = 0.8  # the estimate must promise at least this saving (a pooled run at 80% of the serial one)


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers_for(jobs: int | None, found: int) -> int:
    """Worker count: ``jobs`` when given, else one per CPU up to MAX_AUTO_JOBS; never more than ``found``
    targets (the engine decides whether a pool pays at all: Engine._enough_for_a_pool)."""
    wanted = jobs if jobs is not None and jobs > 0 else min(available_cpus(), MAX_AUTO_JOBS)
    return max(1, min(wanted, found))


def pool_pays(files: int, size: int, cpus: int) -> bool:
    """Whether parsing ``files`` targets of ``size`` bytes in all is expected to be faster in several processes
    on ``cpus`` CPUs than serially (the automatic choice, Engine._enough_for_a_pool; --jobs overrides it).

    Forked helpers (Linux): one per CPU beyond the first, up to MAX_AUTO_JOBS processes in all, when the time
    they save is more than they cost. A pool (elsewhere): the parent process keeps one CPU busy (discovery,
    unpickling and taking each result, then the rules), so ``workers - 1`` CPUs do the parsing that the serial
    run does alone; with 2 CPUs that is one, and a pool only adds its cost (measured: 10-60% slower than
    --jobs 1 on every benchmark tree), so it never starts by itself there.
    """
    serial = files * SERIAL_PER_FILE + size * SERIAL_PER_BYTE
    if forked.available():
        helpers = min(cpus, MAX_AUTO_JOBS) - 1
        if helpers < 1:
            return False
        share = HELPER_SHARE * 2 * helpers / (helpers + 1)  # one helper: HELPER_SHARE
        return serial * share > helpers * HELPER_START + files * HELPER_PER_FILE
    useful = min(cpus, MAX_AUTO_JOBS) - 1
    if useful < 2:
        return False
    pooled = POOL_START + serial / useful + files * POOL_PER_FILE
    return pooled <= serial * POOL_MARGIN


def _size(target: Target) -> int:
    if target.size >= 0:
        return target.size
    try:
        return os.path.getsize(target.path)
    except OSError:
        return 0


def tasks(targets: Iterable[Target], files: int | None = None, big: int | None = None) -> Iterator[list[int]]:
    """Tasks as lists of target indexes, handed out as the targets arrive: a big file (``big`` bytes, default
    BIG_FILE) alone, small files in chunks of ``files`` (default CHUNK_FILES; chunks keep the per-task overhead
    small), the last chunk when the targets end."""
    files, big = files or CHUNK_FILES, big or BIG_FILE
    chunk: list[int] = []
    for index, target in enumerate(targets):
        if _size(target) >= big:
            yield [index]
            continue
        chunk.append(index)
        if len(chunk) == files:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: dict[str, tuple[Reader, Path]] = {}  # one reader per worker: it caches modules star imports read


def _init_worker(max_file_size: int, cwd: str, language: str = "en") -> None:
    from smtplint import i18n
    from smtplint.reading import Reader
    i18n.install(language)  # a spawned worker starts in English; diagnostics speak the run's language
    _WORKER["reader"] = (Reader(max_file_size), Path(cwd))


def _parse_task(targets: list[Target]) -> list[Read]:
    from smtplint.reading import read_target
    reader, cwd = _WORKER["reader"]
    return [read_target(reader, target, cwd) for target in targets]


_WARM_UP = "smtp:\n  host: localhost\n"


def _preimport() -> None:
    """Import every parser in the parent (by parsing a tiny text), so forked workers inherit them instead of
    importing them once each (the formats still to be found are not known yet: all of them, ~30 ms)."""
    from smtplint.formats import all_formats
    from smtplint.reading import parse_text
    for fmt in all_formats():
        try:
            parse_text("<warm-up>", fmt, _WARM_UP)
        except Exception:  # parsers never raise on bad input; this only warms the imports
            continue


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _growing(targets: list[Target], rest: Iterator[Target]) -> Iterator[Target]:
    """The targets already found, then the others as discovery finds them (appended to ``targets``)."""
    yield from list(targets)
    for target in rest:
        targets.append(target)
        yield target


def _in_order(targets: list[Target], reads: list[Read], take: Callable[[Target, Read], Document | None]
              ) -> list[tuple[Target, Document]]:
    """Each target's result handed to ``take`` in display order; the documents it keeps."""
    out: list[tuple[Target, Document]] = []
    for index in sorted(range(len(targets)), key=lambda i: targets[i].display):
        doc = take(targets[index], reads[index])
        if doc is not None:
            out.append((targets[index], doc))
    return out


def parse_stream(first: list[Target], rest: Iterator[Target], take: Callable[[Target, Read], Document | None],
                 *, reader: Reader, cwd: Path, jobs: int | None) -> tuple[list[tuple[Target, Document]] | None,
                                                                         list[Target]]:
    """Read ``first`` and then every target ``rest`` still yields in several processes, sending work out
    while discovery goes on; hand each result to ``take`` in display order (it records skips and errors and
    gives the document to keep, if any). ``reader``: this process's (forked helpers read with copies of it).

    Returns the documents in display order (None when no other process can start: the caller parses
    serially) and every target, ``rest`` consumed.
    """
    if forked.available():
        return _with_helpers(first, rest, take, reader=reader, cwd=cwd, jobs=jobs)
    return _with_pool(first, rest, take, max_size=reader.max_size, cwd=cwd, jobs=jobs)


def _with_helpers(first: list[Target], rest: Iterator[Target], take: Callable[[Target, Read], Document | None],
                  *, reader: Reader, cwd: Path, jobs: int | None) -> tuple[list[tuple[Target, Document]] | None,
                                                                          list[Target]]:
    from smtplint.reading import read_target
    targets = list(first)
    helpers = workers_for(jobs, 1 << 30) - 1  # this process parses too
    reads = forked.parse_with_helpers(targets, tasks(_growing(targets, rest)),
                                      lambda target: read_target(reader, target, cwd),
                                      helpers=helpers) if helpers >= 1 else None
    if reads is None:
        targets.extend(rest)
        return None, targets
    return _in_order(targets, reads, take), targets


def _with_pool(first: list[Target], rest: Iterator[Target], take: Callable[[Target, Read], Document | None],
               *, max_size: int, cwd: Path, jobs: int | None) -> tuple[list[tuple[Target, Document]] | None,
                                                                      list[Target]]:
    targets = list(first)
    wanted = workers_for(jobs, 1 << 30)
    while len(targets) < wanted:  # never more workers than targets
        found = next(rest, None)
        if found is None:
            break
        targets.append(found)
    workers = workers_for(jobs, len(targets))
    if workers <= 1:
        targets.extend(rest)
        return None, targets
    import pickle
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from smtplint import i18n

    _preimport()
    try:
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_init_worker,
                                       initargs=(max_size, str(cwd), i18n.language()))
    except (OSError, ValueError, NotImplementedError):
        targets.extend(rest)
        return None, targets
    submitted: list[tuple[list[int], Future[list[Read]]]] = []
    try:
        with executor:
            for task in tasks(_growing(targets, rest)):
                submitted.append((task, executor.submit(_parse_task, [targets[i] for i in task])))
            slots: list[Read | None] = [None] * len(targets)
            for task, future in submitted:
                for index, item in zip(task, future.result(), strict=True):
                    slots[index] = item
    except (OSError, BrokenProcessPool, pickle.PicklingError):  # no pool here: the caller parses serially
        targets.extend(rest)  # what discovery had not handed out yet
        return None, targets
    assert all(slot is not None for slot in slots)
    return _in_order(targets, [slot for slot in slots if slot is not None], take), targets
