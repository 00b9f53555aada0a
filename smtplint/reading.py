"""Read one target into a Document: the bytes once, the format's look at them for a probed file, the text,
the format's parser and comment reader (smtplint.formats). The serial run and the pool's workers both call
:func:`read_target`, so a worker returns what the conductor needs (documents, skip notes, errors), never bytes.

A Django module's star imports are declared by its parser as needs (smtplint.model.Need); this step reads them
through :class:`Reader` and parses the file again with their texts (:func:`parse_with_modules`), and the texts
travel in the document's ``sources`` so that related locations in another file can be shown without reading it
again. The parser never reads a file itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from smtplint import formats
from smtplint.files import PROBE_BYTES, Skipped, Target, display_path, read_limited, read_regular
from smtplint.formats.spec import InputFormat, ParseContext
from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Severity, Span
from smtplint.model.layout import may_hold_directive
from smtplint.parsers import tls_words
from smtplint.parsers.limits import MAX_DIAGNOSTICS, Omitted, omitted_message
from smtplint.parsers.text import NotText, decode
from smtplint.records import field, record


def parse_text(path: str, fmt: str | InputFormat, text: str, context: ParseContext | None = None) -> Document:
    """Parse decoded text with the format's parser; the document keeps the text and, when the text mentions
    smtplint, the layout its suppressions need."""
    spec = formats.get(fmt) if isinstance(fmt, str) else fmt
    doc = spec.parse(path, text, context or ParseContext())
    if spec.broad and doc.diagnostics and not doc.endpoints and not formats.mentions_mail(text):
        doc.diagnostics = [_unrelated(d) for d in doc.diagnostics]
    tls_words.finish(doc.endpoints)  # the dialects' TLS words, typed once for the rules
    doc.format = spec.name
    doc.sources = {path: text, **doc.sources}
    if may_hold_directive(text):  # the common case: no directive can be in it, no scan
        doc.layout = spec.comments(text)
    return doc


def _unrelated(diagnostic: Diagnostic) -> Diagnostic:
    """A parse problem in a file that mentions no mail setting (a vendored test file, a CI workflow): info, and
    said why; smtplint reads every YAML and .env file by name, but checking their syntax is not its job."""
    if diagnostic.severity is Severity.INFO:
        return diagnostic
    return Diagnostic(diagnostic.span, diagnostic.message + _(" (this file mentions no mail setting, so it is likely "
                                                              "not mail configuration: reported as info; exclude it "
                                                              "if smtplint should not read it)"), Severity.INFO)


def parse_bytes(path: str, fmt: str | InputFormat, data: bytes, context: ParseContext | None = None) -> Document:
    """Decode and parse one file. Never raises on bad input: problems become SMTP001 diagnostics."""
    spec = formats.get(fmt) if isinstance(fmt, str) else fmt
    text = decode(data)
    if isinstance(text, NotText) and spec.legacy_encoding and b"\x00" not in data[:8192]:
        text = data.decode(spec.legacy_encoding)
    if isinstance(text, NotText):
        span = Span.point(path, text.line, text.column)
        return Document(path, spec.name, diagnostics=[Diagnostic(span, text.message, Severity.ERROR)])
    return parse_text(path, spec, text, context)


@record
class InternalError:
    """A bug in smtplint met on one file: reported, exit code 2, the other files still linted."""

    path: str
    where: str
    detail: str


def describe(exc: BaseException) -> str:
    """An exception's type and the place it was raised (no message: it may quote a secret)."""
    import traceback  # here: only a run that meets a bug pays its import (with tokenize and linecache)

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}{where}"


class Reader:
    """Reads each file once and keeps its bytes until told to forget them.

    A file that could not be read is cached as None, with why in ``oversized`` (its size) or ``failed``.
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.cache: dict[str, bytes | None] = {}
        self.oversized: dict[str, int] = {}
        self.failed: dict[str, OSError] = {}
        self._keys: dict[str, str] = {}  # path as spelt -> its key (abspath asks the system for the cwd each time)

    def key(self, path: Path | str) -> str:
        """The cache key of a path: the same spelling from every caller (two links to one file: read twice)."""
        spelt = os.fspath(path)
        found = self._keys.get(spelt)
        if found is None:
            found = self._keys[spelt] = os.path.abspath(spelt)
        return found

    def forget(self, path: Path | str) -> None:
        """Drop a file's bytes (read again if asked for later)."""
        self.cache.pop(self.key(path), None)

    def read(self, path: Path | str) -> bytes | None:
        """The bytes of a regular file under the size limit, else None (why: :meth:`unread`)."""
        key = self.key(path)
        if key not in self.cache:
            try:  # a regular file only, opened without blocking (never a FIFO swapped in since discovery)
                data = read_limited(path, self.max_size)
            except OSError as exc:
                self.failed[key] = exc
                data = None
            if isinstance(data, int):
                self.oversized[key] = data
                data = None
            self.cache[key] = data
        return self.cache[key]

    def too_large(self) -> str:
        """The skip note of a file over the size limit."""
        return _("larger than the maximum file size ({size} bytes)").format(size=self.max_size)

    def unread(self, path: Path | str) -> str:
        """Why the reader has no bytes for ``path``."""
        key = self.key(path)
        failure = self.failed.get(key)
        if failure is not None:
            return _("cannot be read: {error}").format(error=failure.strerror or failure)
        if key in self.oversized:
            return self.too_large()
        return _("not a regular file")  # swapped for a FIFO or a device since discovery


def _module_candidates(origin: Path, spec: str) -> list[Path]:
    """Files a Django star import may name: ``.base``, ``..common.settings``, ``project.settings.base``."""
    if spec.startswith("."):
        dots = len(spec) - len(spec.lstrip("."))
        base = origin.parent
        for _ in range(dots - 1):
            base = base.parent
        parts = [p for p in spec.lstrip(".").split(".") if p]
        roots = [base]
    else:
        parts = [p for p in spec.split(".") if p]
        roots = list(origin.parents)[:6]
    out: list[Path] = []
    for root in roots:
        stem = root.joinpath(*parts) if parts else root
        out += [stem.with_suffix(".py") if parts else stem / "__init__.py", stem / "__init__.py"]
    return out


def read_module(reader: Reader, origin: Path, spec: str, cwd: Path) -> tuple[str, str] | None:
    """A star import's module (display path, text), read through ``reader``; None when it is not there."""
    for candidate in _module_candidates(origin, spec):
        if candidate.is_file():
            data = reader.read(candidate)
            if data is None:
                return None
            text = decode(data)  # as for a linted file: UTF-8 with or without BOM, UTF-16 with BOM
            return None if isinstance(text, NotText) else (display_path(candidate, cwd), text)
    return None


MAX_MODULE_ROUNDS = 12  # parses of one file while its star imports are found (deeper chains: incomplete)


def parse_with_modules(reader: Reader, target: Target, spec: InputFormat, data: bytes, cwd: Path) -> Document:
    """Parse a target; when the document declares modules it needs (smtplint.model.Need), read them and parse
    again with their texts, until nothing new is asked for. The modules' texts go in the document's sources."""
    modules: dict[str, tuple[str, str] | None] = {}
    for _round in range(MAX_MODULE_ROUNDS):
        doc = parse_bytes(target.display, spec, data, ParseContext(modules=modules))
        wanted = [n.name for n in doc.needs if n.module and n.name not in modules]
        if not wanted:
            break
        for name in wanted:
            modules[name] = read_module(reader, Path(target.path), name, cwd)
    for found in modules.values():
        if found is not None:
            doc.sources.setdefault(*found)
    return doc


def cap_diagnostics(doc: Document) -> None:
    """Keep the first MAX_DIAGNOSTICS parse problems of a file; one more diagnostic counts the others
    (with those a streaming parser already only counted: smtplint.parsers.limits.Omitted)."""
    counted = [d for d in doc.diagnostics if isinstance(d, Omitted)]
    if len(doc.diagnostics) <= MAX_DIAGNOSTICS and not counted:
        return
    ordered = sorted((d for d in doc.diagnostics if not isinstance(d, Omitted)),
                     key=lambda d: (d.span.line, d.span.column))
    dropped = ordered[MAX_DIAGNOSTICS:] + counted
    first = min((d.span for d in dropped), key=lambda s: (s.line, s.column))
    worst = max(dropped, key=lambda d: d.severity.rank).severity
    count = len(ordered[MAX_DIAGNOSTICS:]) + sum(d.count for d in counted)
    doc.diagnostics = [*ordered[:MAX_DIAGNOSTICS], Diagnostic(first, omitted_message(count), worst)]


@record
class Read:
    """What reading one target gave: its document (None when skipped or not a target after all), whether it
    is a target (``checked``: a probe confirmed, or no probe), whether it was linted (parsed: a file skipped
    for its size, unreadable or a template is not counted as checked), and the skip note or internal error met."""

    document: Document | None = None
    checked: bool = False
    linted: bool = False
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)


def _confirmed(reader: Reader, target: Target, spec: InputFormat) -> InputFormat | None:
    """The format a probed target's bytes confirm: the one discovery guessed by name, or another format probing
    the same name (smtplint.formats.confirmed); None when none does. The bytes stay in the reader for the
    parse; a file over the size limit gets a look at its first MiB only."""
    data = reader.read(target.path)
    if data is None and reader.key(target.path) in reader.oversized:
        try:
            data = read_regular(target.path, PROBE_BYTES)
        except OSError:
            return None
    if data is None:
        return None
    folder, name = os.path.split(target.path)
    # a folder's files and the pre-commit hook's (--skip-unknown) alike: where the file sits counts
    return formats.confirmed(spec, name, data if len(data) <= PROBE_BYTES else data[:PROBE_BYTES],
                             os.path.basename(folder))


def read_target(reader: Reader, target: Target, cwd: Path) -> Read:
    """Read and parse one target. The bytes are dropped from ``reader`` afterwards (the document keeps the
    text); the bytes of files its star imports read stay cached for the next target that imports them."""
    spec = formats.get(target.format)
    if target.probe:
        found = _confirmed(reader, target, spec)
        if found is None:
            reader.forget(target.path)  # most probed files: their bytes are not kept (memory)
            return Read()  # not a target after all: not counted
        spec = found
    out = Read(checked=True)
    if target.size > reader.max_size:  # as discovery saw it: never opened
        out.skipped.append(Skipped(target.display, reader.too_large()))
        return out
    data = reader.read(target.path)
    reader.forget(target.path)
    if data is None:
        out.skipped.append(Skipped(target.display, reader.unread(target.path)))
        return out
    if spec.name in formats.overridden():  # another format may take this file on a look at its bytes
        spec = formats.overriding(spec, data[:PROBE_BYTES])
    try:
        doc = parse_with_modules(reader, target, spec, data, cwd)
    except Exception as exc:  # a parser bug must not lose the other files' findings
        out.errors.append(InternalError(target.display, _("{format} parser").format(format=spec.name),
                                        describe(exc)))
        return out
    if doc.skipped:
        out.skipped.append(Skipped(target.display, doc.skipped))
        return out
    cap_diagnostics(doc)
    out.document = doc
    out.linted = True
    return out
