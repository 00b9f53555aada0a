"""Run the pipeline over discovered files: read each once, parse, link cross-file facts, run the rules.

Linking: a master.cf is resolved against the main.cf in the same directory (read from disk when only one
of the two was named), a Django module's star imports are read through a cached sibling loader, and a
docker-compose file's ``${VAR}`` values are resolved against the ``.env`` beside it and its ``env_file:``
entries (smtplint.parsers.compose_env).
Findings are deduplicated and sorted by path, line, column, rule.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint.config import FilePolicy
from smtplint.files import (
    PROBE_BYTES,
    Skipped,
    Target,
    display_path,
    format_by_name,
    probe_matches,
    read_limited,
    read_regular,
)
from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Finding, Format, PostfixConfig
from smtplint.parsers import NotText, compose_env, decode, parse_bytes
from smtplint.parsers.limits import MAX_DIAGNOSTICS, Omitted, omitted_message
from smtplint.records import field, record, replace
from smtplint.rules._base import RuleOptions

DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024
POOL_MIN_FILES = 200  # fewer targets than this are parsed serially (smtplint.parallel) unless they are large
POOL_MIN_BYTES = 2 * 1024 * 1024  # ... or unless they add up to this much text


def _cap_diagnostics(doc: Document) -> None:
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
class InternalError:
    """A bug in smtplint met on one file: reported, exit code 2, the other files still linted."""

    path: str
    where: str
    detail: str


@record
class Result:
    """What a run produced."""

    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # display paths of the files read and linted
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    # display path -> decoded text of each file with findings (fingerprints, baselines, SARIF snippets)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def files_checked(self) -> int:
        """How many files were read and linted (skipped ones included, probed files that are no target not)."""
        return len(self.checked)


Selector = Callable[[str], bool]
Policy = Callable[[str], FilePolicy]


class _Reader:
    """Reads each file once; keeps the bytes of files read for linking (sibling main.cf, base settings).

    A file that could not be read is cached as None, with why in ``oversized`` (its size) or ``failed``.
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.cache: dict[str, bytes | None] = {}
        self.order: list[str] = []  # cache keys in the order they were read (a worker sends back the new ones)
        self.oversized: dict[str, int] = {}
        self.failed: dict[str, OSError] = {}

    @staticmethod
    def key(path: Path | str) -> str:
        """The cache key of a path: the same spelling from every caller (two links to one file: read twice)."""
        return os.path.abspath(path)

    def forget(self, path: Path | str) -> None:
        """Drop a file's bytes (read again if asked for later)."""
        self.cache.pop(self.key(path), None)

    def read(self, path: Path | str) -> bytes | None:
        key = self.key(path)
        if key not in self.cache:
            self.order.append(key)
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


class Engine:
    """One lint run over a set of targets."""

    def __init__(self, select: Selector | None = None, max_file_size: int = DEFAULT_MAX_FILE_SIZE,
                 cwd: Path | None = None, options: RuleOptions | None = None, policy: Policy | None = None,
                 jobs: int | None = None, excluded: Callable[[Target], bool] | None = None) -> None:
        """``policy`` (from smtplint.config) gives each file its rules, severities and options; without it
        ``select`` and ``options`` apply to every file. ``jobs``: worker processes for parsing (None: automatic,
        a pool only when there is enough to parse; 1: serial), see smtplint.parallel. ``excluded``: the
        configuration's excludes, asked here about probed targets once their bytes confirm them (discovery
        asks about the others: most probed files are no target, and need no configuration lookup)."""
        self.jobs = jobs
        self.excluded = excluded
        self.select = select or (lambda _rule: True)
        self.options = options or RuleOptions()
        self.reader = _Reader(max_file_size)
        self.cwd = cwd or Path.cwd()
        self._policy = policy
        self._default_policy: FilePolicy | None = None
        self._policies: dict[str, FilePolicy] = {}

    def policy(self, path: Path | str) -> FilePolicy:
        """The policy of one file (display paths are resolved against ``cwd``); looked up once per path."""
        if self._policy is not None:
            key = str(path)
            found = self._policies.get(key)
            if found is None:
                found = self._policies[key] = self._policy(os.path.join(self.cwd, path))
            return found
        if self._default_policy is None:
            from smtplint.rules import RULES
            self._default_policy = FilePolicy(frozenset(r for r in RULES if self.select(r)), options=self.options)
        return self._default_policy

    def _sibling_loader(self, origin: Path) -> Callable[[str], tuple[str, str] | None]:
        def load(spec: str) -> tuple[str, str] | None:
            for candidate in _module_candidates(origin, spec):
                if candidate.is_file():
                    data = self.reader.read(candidate)
                    if data is None:
                        return None
                    text = decode(data)  # as for a linted file: UTF-8 with or without BOM, UTF-16 with BOM
                    return None if isinstance(text, NotText) else (display_path(candidate, self.cwd), text)
            return None
        return load

    def _too_large(self) -> str:
        return _("larger than the maximum file size ({size} bytes)").format(size=self.reader.max_size)

    def _unread(self, path: Path | str) -> str:
        """Why the reader has no bytes for ``path``."""
        key = self.reader.key(path)
        failure = self.reader.failed.get(key)
        if failure is not None:
            return _("cannot be read: {error}").format(error=failure.strerror or failure)
        if key in self.reader.oversized:
            return self._too_large()
        return _("not a regular file")  # swapped for a FIFO or a device since discovery

    def _probe_holds(self, target: Target) -> bool:
        """A probed target is linted when its bytes confirm its kind and the configuration does not exclude it."""
        return self._confirmed(target) and not (self.excluded is not None and self.excluded(target))

    def _confirmed(self, target: Target) -> bool:
        """Whether a probed target's bytes confirm the kind discovery guessed by name (files.probe_matches).

        The bytes stay in the reader's cache for the parse; a file over the size limit gets a look at its
        first MiB only (enough for the check; the file is then reported as too large).
        """
        data = self.reader.read(target.path)
        if data is None and self.reader.key(target.path) in self.reader.oversized:
            try:
                data = read_regular(target.path, PROBE_BYTES)
            except OSError:
                return False
        if data is None:
            return False
        return probe_matches(target.format, data if len(data) <= PROBE_BYTES else data[:PROBE_BYTES])

    def parse(self, target: Target, result: Result) -> Document | None:
        """Read and parse one target, counted in ``result.checked``; None when it was skipped, or when
        a probed target turned out not to be one (not counted)."""
        if target.probe and not self._probe_holds(target):
            self.reader.forget(target.path)  # most probed files: their bytes are not kept (memory)
            return None  # not a target after all, or one the configuration excludes: not counted
        result.checked.append(target.display)
        if target.size > self.reader.max_size:  # as discovery saw it: never opened
            result.skipped.append(Skipped(target.display, self._too_large()))
            return None
        data = self.reader.read(target.path)
        if data is None:
            result.skipped.append(Skipped(target.display, self._unread(target.path)))
            return None
        loader = self._sibling_loader(Path(target.path)) if target.format is Format.DJANGO else None
        try:
            doc = parse_bytes(target.display, target.format, data, loader)
        except Exception as exc:  # a parser bug must not lose the other files' findings
            result.errors.append(InternalError(target.display, _("{format} parser").format(format=target.format.value),
                                               _describe(exc)))
            return None
        if doc.skipped:
            result.skipped.append(Skipped(target.display, doc.skipped))
            return None
        _cap_diagnostics(doc)
        return doc

    def _postfix_configs(self, docs: Sequence[tuple[Target, Document]], result: Result) -> list[PostfixConfig]:
        by_dir: dict[str, dict[Format, Document]] = {}
        for target, doc in docs:
            if doc.format in (Format.POSTFIX_MAIN, Format.POSTFIX_MASTER):
                by_dir.setdefault(os.path.dirname(os.path.abspath(target.path)), {})[doc.format] = doc
        configs: list[PostfixConfig] = []
        for directory, pair in sorted(by_dir.items()):
            for fmt, name in ((Format.POSTFIX_MAIN, "main.cf"), (Format.POSTFIX_MASTER, "master.cf")):
                if fmt not in pair:
                    sibling = Path(directory) / name
                    if sibling.is_file():
                        data = self.reader.read(sibling)
                        if data is not None:
                            try:
                                pair[fmt] = parse_bytes(display_path(sibling, self.cwd), fmt, data)
                            except Exception as exc:
                                result.errors.append(InternalError(
                                    display_path(sibling, self.cwd), _("{format} parser").format(format="postfix"),
                                    _describe(exc)))
            main = pair.get(Format.POSTFIX_MAIN)
            master = pair.get(Format.POSTFIX_MASTER)
            configs.append(PostfixConfig(main.main_cf if main else None, master.master_cf if master else None))
        return configs

    def run(self, targets: Iterable[Target], skipped: Iterable[Skipped] = ()) -> Result:
        """Lint every target; findings only for the targets themselves, sorted and deduplicated.

        ``targets`` may be an iterator still being filled by discovery (files.iter_targets): once there is
        enough to pay for a process pool, parsing starts while discovery goes on (smtplint.parallel).
        ``skipped`` is read after the targets (discovery adds to it as it goes).
        """
        from smtplint.rules import DOCUMENT_CHECKS, ENDPOINT_CHECKS, POSTFIX_CHECKS

        result = Result()
        todo, rest = self._enough_for_a_pool(iter(targets))
        pooled = None
        if rest is not None:
            from smtplint.parallel import parse_stream  # the same documents, parsed by worker processes
            pooled, todo = parse_stream(self, todo, rest, result, self.jobs)
        todo.sort(key=lambda t: t.display)  # a serial run parses in display order, as the pool reports
        parsed: list[tuple[Target, Document]] = pooled if pooled is not None else []
        for target in todo if pooled is None else ():
            doc = self.parse(target, result)
            if doc is not None:
                parsed.append((target, doc))
        result.skipped.extend(skipped)
        result.errors.sort(key=lambda e: e.path)  # stable: one file's errors keep their order
        # compose files: ${VAR} from the .env beside them, env_file: variables (read through the cache)
        links = compose_env.link([(Path(t.path), d) for t, d in parsed if d.compose], self.reader.read,
                                 lambda p: display_path(p, self.cwd))
        reported = {t.display for t, _ in parsed}
        found: set[Finding] = set()

        def run_check(rule_id: str, check: Callable[[], Iterable[Finding]], path: str, only_reported: bool) -> None:
            try:
                found.update(f for f in check() if not only_reported or f.span.path in reported)
            except Exception as exc:  # a rule bug is reported, the run goes on
                result.errors.append(InternalError(path, _("rule {rule}").format(rule=rule_id), _describe(exc)))

        for _target, doc in parsed:
            policy = self.policy(doc.path)
            options = policy.options
            for rule, dcheck in DOCUMENT_CHECKS:
                if policy.selected(rule.id):
                    run_check(rule.id, partial(dcheck, doc, options), doc.path, False)
            if doc.endpoints:
                checks = [(rule, echeck) for rule, echeck in ENDPOINT_CHECKS if policy.selected(rule.id)]
                for endpoint in doc.endpoints:
                    # an endpoint belongs to the linted file even when a value came from its base settings
                    for rule, echeck in checks:
                        run_check(rule.id, partial(echeck, endpoint, options), doc.path, False)
        for config in self._postfix_configs(parsed, result):
            path = config.master.path if config.master else config.main.path if config.main else ""
            policy = self.policy(path)
            for rule, pcheck in POSTFIX_CHECKS:
                # a sibling read only for context (main.cf beside a linted master.cf) is not reported on
                if policy.selected(rule.id):
                    run_check(rule.id, partial(pcheck, config, policy.options), path, True)
        found = links.apply(found)  # a value taken from another file: the other line is related
        result.findings = sorted(self._finish(found, parsed, result), key=lambda f: f.sort_key)
        result.skipped.sort(key=lambda s: s.display)
        return result

    def _enough_for_a_pool(self, targets: Iterator[Target]) -> tuple[list[Target], Iterator[Target] | None]:
        """The first targets, and the iterator of the others when a pool may pay (None: all were taken).

        Automatic (``jobs`` None): a pool once POOL_MIN_FILES targets or POOL_MIN_BYTES of them are found, so
        that a pre-commit run on three files never imports the pool; ``--jobs N``: from two targets on.
        """
        todo: list[Target] = []
        if self.jobs == 1:
            return list(targets), None
        size = 0
        for target in targets:
            todo.append(target)
            size += target.size if target.size >= 0 else POOL_MIN_BYTES
            if (len(todo) >= 2 if self.jobs is not None
                    else len(todo) >= POOL_MIN_FILES or size >= POOL_MIN_BYTES):
                return todo, targets
        return todo, None

    def _text(self, display: str) -> str | None:
        """The text of a file this run already read (never read again); None when it was not read or is not text."""
        data = self.reader.cache.get(self.reader.key(os.path.join(self.cwd, display)))
        if data is None:
            return None
        text = decode(data)
        return None if isinstance(text, NotText) else text

    def _finish(self, found: Iterable[Finding], parsed: Sequence[tuple[Target, Document]],
                result: Result) -> list[Finding]:
        """Per-file ignores, severity overrides, inline suppressions and the suppression audit (SMTP002/003).

        Suppressed findings are kept with ``suppression`` set; the CLI and reporters decide what to show.
        """
        from smtplint.rules import RULES

        if TYPE_CHECKING:
            from smtplint import suppress  # imported below only for a file with a directive (start-up)

        formats = {t.display: t.format for t, _ in parsed}
        texts: dict[str, str | None] = {}
        directives: dict[str, suppress.FileDirectives | None] = {}

        def directives_of(display: str) -> suppress.FileDirectives | None:
            if display not in directives:
                data = self.reader.cache.get(self.reader.key(os.path.join(self.cwd, display))) or b""
                if b"smtplint" not in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                    directives[display] = None  # no directive can be in it: skip decoding (most files)
                    return None
                text = texts.setdefault(display, self._text(display))
                fmt = formats.get(display) or format_by_name(Path(display)) or Format.DJANGO
                from smtplint import suppress
                directives[display] = None if text is None else suppress.parse(display, fmt, text)
            return directives[display]

        def overridden(finding: Finding, policy: FilePolicy) -> Finding:
            severity = policy.severity.get(finding.rule_id)
            return finding if severity is None else replace(finding, severity=severity)

        by_path: dict[str, list[Finding]] = {}
        for finding in found:
            by_path.setdefault(finding.span.path, []).append(finding)
        out: list[Finding] = []
        for display, items in sorted(by_path.items()):
            policy = self.policy(display)
            kept = [overridden(f, policy) for f in sorted(items, key=lambda f: f.sort_key)
                    if policy.selected(f.rule_id)]
            file_directives = directives_of(display) if kept else None
            if file_directives is None:
                out += kept
                continue
            from smtplint import suppress
            out += suppress.apply(kept, file_directives)
        for target, _doc in parsed:
            file_directives = directives_of(target.display)
            if file_directives is None or not (file_directives.directives or file_directives.problems):
                continue
            policy = self.policy(target.path)
            from smtplint import suppress
            for report in suppress.audit(file_directives, RULES.__contains__, policy.selected, policy.require_reason):
                if policy.selected(report.rule_id):
                    finding = overridden(RULES[report.rule_id].finding(report.span, report.message), policy)
                    out += suppress.apply([finding], file_directives)
        # the text of every file a finding or its related locations point at, decoded once per file, for
        # baselines and for reporters (fingerprints, GitHub line hashes)
        for path in dict.fromkeys(span.path for f in out for span in (f.span, *f.related)):
            text = texts.get(path) or self._text(path)
            if text is not None:
                result.sources[path] = text
        return out


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}{where}"
