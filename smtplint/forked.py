"""Parse in forked helper processes while discovery goes on, the parent parsing too (Linux).

The parent process lists the files; it cannot parse at the same time. A helper forked from it (after the
imports, so it starts at once and with every module the parent has) parses the targets discovery hands it
while the parent goes on listing; once the listing ends, the parent parses the targets no helper has taken,
sharing them with the helpers a chunk at a time, and collects what the helpers sent back. On two CPUs that
is the one split that pays: the parent is busy anyway, and a pool of workers beside it only competed with it
(smtplint.parallel, measured 10-60% slower there).

Each helper runs the same :func:`smtplint.reading.read_target` as the serial run and sends back what it gave
(documents, skip notes, internal errors), pickled, through a pipe; the caller puts every result in display
order, so the bytes out are those of a serial run. A helper that dies leaves its chunks to the parent. Only
where ``os.fork`` is safe to call from a process that holds no threads: Linux (macOS' system libraries are
not fork-safe; Windows has no fork). This module knows neither discovery nor the engine: it is given the
targets and a function that parses one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smtplint.files import Target
    from smtplint.reading import Read

_LENGTH = 8  # bytes of a message's length prefix
IN_FLIGHT = 2  # chunks a helper holds at most: enough to never wait, few enough that the parent keeps the rest


def available() -> bool:
    """Whether helpers can be forked here: Linux, and no thread besides this one (a thread holding a lock
    while the process forks would leave the lock held in the helper)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _write(fd: int, payload: bytes) -> None:
    data = memoryview(len(payload).to_bytes(_LENGTH, "big") + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exact(fd: int, count: int) -> bytes | None:
    parts: list[bytes] = []
    while count:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            return None  # the other end closed
        parts.append(chunk)
        count -= len(chunk)
    return b"".join(parts)


def _receive(fd: int) -> bytes | None:
    """One message, or None when the other end closed first."""
    head = _read_exact(fd, _LENGTH)
    if head is None:
        return None
    return _read_exact(fd, int.from_bytes(head, "big"))


def _serve(work: int, results: int, parse: Callable[[Target], Read]) -> None:
    """A helper's life: parse each chunk it is sent and send back the results, until its work pipe closes."""
    import pickle
    while True:
        message = _receive(work)
        if message is None:
            return
        chunk: list[tuple[int, Target]] = pickle.loads(message)
        out = [(index, parse(target)) for index, target in chunk]
        _write(results, pickle.dumps(out, pickle.HIGHEST_PROTOCOL))


class _Helper:
    """A forked helper: its process, the parent's ends of its two pipes, the chunks it has not answered."""

    def __init__(self, parse: Callable[[Target], Read], keep: list[int]) -> None:
        import signal
        work_read, work_write = os.pipe()
        result_read, result_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the helper
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly with the parent
                signal.signal(signal.SIGPIPE, signal.SIG_DFL)
                for fd in (work_write, result_read, *keep):
                    os.close(fd)
                _serve(work_read, result_write, parse)
            except BaseException:  # anything at all: the parent parses what a helper leaves
                code = 1
            os._exit(code)  # never the parent's exit handlers, never its buffered output
        os.close(work_read)
        os.close(result_write)
        os.set_blocking(work_write, False)
        self.pid = pid
        self.work = work_write
        self.results = result_read
        self.pending: deque[list[tuple[int, Target]]] = deque()  # sent, not answered
        self.outbox = bytearray()  # work written to no pipe yet

    def send(self, chunk: list[tuple[int, Target]]) -> bool:
        """Hand a chunk over: written now as far as the pipe takes it, the rest by :meth:`flush` (never
        blocking, so that a helper writing a large answer and this process writing work never wait on each
        other). False when the helper is gone (the caller parses the chunk)."""
        import pickle
        payload = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
        self.outbox += len(payload).to_bytes(_LENGTH, "big") + payload
        self.pending.append(chunk)
        return self.flush()

    def flush(self) -> bool:
        """Write what the pipe takes of the work not sent yet; False when the helper is gone."""
        try:
            while self.outbox:
                written = os.write(self.work, self.outbox)
                del self.outbox[:written]
        except BlockingIOError:
            return True
        except OSError:
            return False
        return True

    def collect(self, slots: dict[int, Read], parse: Callable[[Target], Read]) -> bool:
        """Take one answer into ``slots``. False when the helper died instead: its chunks were parsed here."""
        import pickle
        try:
            message = _receive(self.results)
            answer: list[tuple[int, Read]] | None = pickle.loads(message) if message is not None else None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            answer = None
        if answer is None:
            self.abandon(slots, parse)
            return False
        self.pending.popleft()
        for index, read in answer:
            slots[index] = read
        return True

    def abandon(self, slots: dict[int, Read], parse: Callable[[Target], Read]) -> None:
        """Stop using the helper and parse here the chunks it has not answered."""
        self.close()
        while self.pending:
            for index, target in self.pending.popleft():
                slots[index] = parse(target)

    def close(self) -> None:
        """Close the pipes (the helper, reading EOF or writing to a closed pipe, exits) and collect it."""
        for fd in (self.work, self.results):
            if fd >= 0:
                os.close(fd)
        self.work = self.results = -1
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def parse_with_helpers(targets: list[Target], chunks: Iterator[list[int]], parse: Callable[[Target], Read], *,
                       helpers: int) -> list[Read] | None:
    """Parse ``targets`` with ``helpers`` forked helpers and this process, chunk by chunk as ``chunks`` gives
    their indexes (discovery goes on between chunks, appending to ``targets``: smtplint.parallel.tasks); the
    results in the order of ``targets``. None when no helper could be forked (``chunks`` not started: the
    caller parses serially)."""
    keep: list[int] = []  # the parent's pipe ends, closed in each later helper
    started: list[_Helper] = []
    try:
        for _ in range(helpers):
            helper = _Helper(parse, keep)
            started.append(helper)
            keep += [helper.work, helper.results]
    except OSError:
        if not started:
            return None
    slots: dict[int, Read] = {}
    live = list(started)
    kept: deque[list[tuple[int, Target]]] = deque()  # chunks no helper could take yet

    def answered(wait: bool) -> None:
        """Send the work the pipes now take and take the answers that have arrived (``wait``: block until
        something can be done)."""
        import select
        busy = [h for h in live if h.pending]
        if not busy:
            return
        ready, writable, _x = select.select([h.results for h in busy], [h.work for h in busy if h.outbox], [],
                                            None if wait else 0)
        for helper in busy:
            if helper.work in writable and not helper.flush():
                helper.abandon(slots, parse)
                live.remove(helper)
            elif helper.results in ready and not helper.collect(slots, parse):
                live.remove(helper)

    def hand_out() -> None:
        """Give kept chunks to the helpers with room for them."""
        for helper in list(live):
            while kept and len(helper.pending) < IN_FLIGHT:
                chunk = kept.popleft()
                if not helper.send(chunk):
                    helper.abandon(slots, parse)  # gone: its chunks, this one too, are parsed here
                    live.remove(helper)
                    break

    try:
        for chunk in chunks:  # discovery goes on between chunks
            kept.append([(index, targets[index]) for index in chunk])
            answered(wait=False)
            hand_out()
        while kept:  # the listing is done: this process parses too
            answered(wait=False)
            hand_out()
            if kept:
                for index, target in kept.pop():  # the last chunks: the helpers take from the front
                    slots[index] = parse(target)
        while any(h.pending for h in live):
            answered(wait=True)
    finally:  # done, or interrupted: each helper sees its work pipe close and exits
        for helper in live:
            helper.close()
    return [slots[index] for index in range(len(targets))]
