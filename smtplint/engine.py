"""Run the pipeline over discovered files: read each once, parse, link cross-file facts, run the rules.

Linking: a master.cf is resolved against the main.cf in the same directory (read from disk when only one
of the two was named), a Django module's star imports are read through a cached sibling loader, and a
docker-compose file's ``${VAR}`` values are resolved against the ``.env`` beside it and its ``env_file:``
entries (smtplint.parsers.compose_env), and a Kubernetes container's ``envFrom`` against the ConfigMaps and
Secrets in its file and folder (smtplint.parsers.kube_link).
entries (smtplint.parsers.compose_env).
A finding two files cause is placed by its rule; when the file it is placed in is not linted in this run (a
context file: main.cf read for a linted master.cf, base.py for production.py) but a related location is in a
linted file, it moves there with the rule's location related (:func:`anchored`), so that a commit that stages
either file is told. Rules stay pure: they never know which files are linted.
Findings are deduplicated and sorted by path, line, column, rule.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint import formats
from smtplint.config import FilePolicy, example_location
from smtplint.files import Skipped, Target, display_path, format_by_name
from smtplint.i18n import _
from smtplint.model import Document, Finding, PostfixConfig, layered
from smtplint.model.layout import Layout, LineKind, may_hold_directive
from smtplint.model.options import RuleOptions
from smtplint.parsers.text import decode
from smtplint.reading import InternalError, Read, Reader, describe, parse_bytes, read_target
from smtplint.records import field, record, replace

DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024


def anchored(finding: Finding, linted: Callable[[str], bool], prefer: str = "") -> Finding:
    """A cross-file finding placed at the line a linted file contributes.

    A rule places a finding that two files cause by one rule of its own (a master.cf service line with the
    inherited main.cf line related; a Django flag in base.py with the port production.py sets related). When
    the primary location's file is not linted in this run but a related one is (``prefer``, the document the
    check ran on, first), the finding moves there and the primary location becomes related: a commit that
    stages only main.cf, or only production.py, is told about the change it makes, on its own line.
    """
    if linted(finding.span.path):
        return finding
    mine = next((span for span in finding.related if span.path == prefer and linted(prefer)), None)
    if mine is None:
        mine = next((span for span in finding.related if linted(span.path)), None)
    if mine is None:
        return finding
    others = tuple(span for span in finding.related if span != mine)
    return replace(finding, span=mine, related=(finding.span, *others))


@record
class Result:
    """What a run produced."""

    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # display paths of the files read and linted
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    # display path -> decoded text of each file findings point at (fingerprints, baselines, SARIF snippets)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def files_checked(self) -> int:
        """How many files were read and linted (skipped ones and probed files that are no target are not)."""
        return len(self.checked)


Selector = Callable[[str], bool]
Policy = Callable[[str], FilePolicy]


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
        self.reader = Reader(max_file_size)
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
        key = str(path)
        found = self._policies.get(key)
        if found is None:  # the default example locations apply without a configuration too
            example = example_location(Path(os.path.join(self.cwd, path)), self.cwd)
            found = self._policies[key] = replace(self._default_policy, example=example)
        return found

    def parse(self, target: Target, result: Result) -> Document | None:
        """Read and parse one target (smtplint.reading), counted in ``result.checked``; None when it was
        skipped, or when a probed target turned out not to be one or is excluded by the configuration."""
        return self.take(target, read_target(self.reader, target, self.cwd), result=result)

    def take(self, target: Target, read: Read, *, result: Result) -> Document | None:
        """Record what reading ``target`` gave (here or in a worker) in ``result``; its document, if any."""
        if read.checked and target.probe and self.excluded is not None and self.excluded(target):
            return None  # a confirmed probe the configuration excludes leaves no trace
        if read.linted:
            result.checked.append(target.display)
        result.skipped.extend(read.skipped)
        result.errors.extend(read.errors)
        return read.document

    def _needed(self, parsed: Sequence[tuple[Target, Document]], result: Result) -> list[Document]:
        """The documents parsed documents need (smtplint.model.Need) that no target gave: read and parsed here,
        for context only (their findings are not reported)."""
        wanting = [(t, doc) for t, doc in parsed if any(not need.module for need in doc.needs)]
        if not wanting:
            return []
        have = {t.display for t, _d in parsed}
        out: list[Document] = []
        for target, doc in wanting:
            folder = os.path.dirname(os.path.abspath(target.path))
            for need in doc.needs:
                if need.module:
                    continue  # star imports: resolved while the document was read (smtplint.reading)
                sibling = os.path.join(folder, need.name)
                display = display_path(Path(sibling), self.cwd)
                if display in have or not os.path.isfile(sibling):
                    continue
                have.add(display)
                data = self.reader.read(sibling)
                if data is None:
                    continue
                try:
                    out.append(parse_bytes(display, need.format, data))
                except Exception as exc:
                    result.errors.append(InternalError(display, _("{format} parser").format(format=need.format),
                                                       describe(exc)))
        return out

    def _postfix_configs(self, docs: Iterable[Document]) -> list[PostfixConfig]:
        """One Postfix configuration per folder: its main.cf and master.cf (either may be missing) with the files
        in their syntax under other names layered after them (smtplint.model.postfix.layered)."""
        by_dir: dict[str, list[Document]] = {}
        for doc in docs:
            if doc.main_cf is None and doc.master_cf is None:
                continue
            folder = os.path.dirname(os.path.abspath(os.path.join(self.cwd, doc.path)))
            by_dir.setdefault(folder, []).append(doc)
        out: list[PostfixConfig] = []
        for _folder, layers in sorted(by_dir.items()):
            # the base files first (main.cf, master.cf), then the others in name order
            layers.sort(key=lambda d: (os.path.basename(d.path) not in ("main.cf", "master.cf"), d.path))
            mains = [d.main_cf for d in layers if d.main_cf is not None]
            partial = bool(mains) and os.path.basename(mains[0].path) != "main.cf"
            out.append(layered(mains, [d.master_cf for d in layers if d.master_cf is not None], partial))
        return out

    def run(self, targets: Iterable[Target], skipped: Iterable[Skipped] = ()) -> Result:
        """Lint every target; findings only for the targets themselves, sorted and deduplicated.

        ``targets`` may be an iterator still being filled by discovery (files.iter_targets): once there is
        enough to pay for a process pool, parsing starts while discovery goes on (smtplint.parallel).
        ``skipped`` is read after the targets (discovery adds to it as it goes).
        """
        from smtplint.rules import DNS_CHECKS, DOCUMENT_CHECKS, ENDPOINT_CHECKS, POSTFIX_CHECKS

        result = Result()
        todo, rest = self._enough_for_a_pool(iter(targets))
        pooled = None
        if rest is not None:
            from smtplint.parallel import parse_stream  # the same documents, parsed in helper processes too
            pooled, todo = parse_stream(todo, rest, partial(self.take, result=result), reader=self.reader,
                                        cwd=self.cwd, jobs=self.jobs)
        todo.sort(key=lambda t: t.display)  # a serial run parses in display order, as the pool reports
        parsed: list[tuple[Target, Document]] = pooled if pooled is not None else []
        for target in todo if pooled is None else ():
            doc = self.parse(target, result)
            if doc is not None:
                parsed.append((target, doc))
        result.skipped.extend(skipped)
        result.errors.sort(key=lambda e: e.path)  # stable: one file's errors keep their order
        context = self._needed(parsed, result)  # read for context only: never reported on
        docs = {doc.path: doc for doc in context}
        docs.update((doc.path, doc) for _t, doc in parsed)
        # compose files: ${VAR} from the .env beside them, env_file: variables (the linking modules are imported
        # only when a run has such a file)
        composed = [(Path(t.path), d) for t, d in parsed if d.compose]
        links = None
        if composed:
            from smtplint.parsers import compose_env
            links = compose_env.link(composed, self._bytes(docs), lambda p: display_path(p, self.cwd))
            links.apply_overrides(doc for _t, doc in parsed)
        # Kubernetes manifests: envFrom resolved within the file and its folder, environments read
        manifests = [(Path(t.path), d) for t, d in parsed if d.kube is not None]
        kube_links = None
        if manifests:
            from smtplint.parsers import kube_link
            kube_links = kube_link.link(manifests, docs, self._bytes(docs), lambda p: display_path(p, self.cwd))
        reported = {t.display for t, _ in parsed}
        found: set[Finding] = set()

        def run_check(rule_id: str, check: Callable[[], Iterable[Finding]], path: str, only_reported: bool) -> None:
            try:
                for raw in check():
                    finding = anchored(raw, reported.__contains__, path)
                    if not only_reported or finding.span.path in reported:
                        found.add(finding)
            except Exception as exc:  # a rule bug is reported, the run goes on
                result.errors.append(InternalError(path, _("rule {rule}").format(rule=rule_id), describe(exc)))

        for _target, doc in parsed:
            policy = self.policy(doc.path)
            options = policy.options
            for rule, dcheck in DOCUMENT_CHECKS:
                if policy.selected(rule.id):
                    run_check(rule.id, partial(dcheck, doc, options), doc.path, False)
            if doc.dns is not None:
                for rule, record_check in DNS_CHECKS:
                    if policy.selected(rule.id):
                        run_check(rule.id, partial(record_check, doc.dns, options), doc.path, False)
            if doc.endpoints:
                checks = [(rule, echeck) for rule, echeck in ENDPOINT_CHECKS if policy.selected(rule.id)]
                for endpoint in doc.endpoints:
                    # an endpoint belongs to the linted file even when a value came from its base settings
                    for rule, echeck in checks:
                        run_check(rule.id, partial(echeck, endpoint, options), doc.path, False)
        for config in self._postfix_configs(docs.values()):
            path = config.master.path if config.master else config.main.path if config.main else ""
            policy = self.policy(path)
            for rule, pcheck in POSTFIX_CHECKS:
                # a sibling read only for context (main.cf beside a linted master.cf) is not reported on, but a
                # finding it shares with a linted file is, at the linted file's line
                if policy.selected(rule.id):
                    run_check(rule.id, partial(pcheck, config, policy.options), path, True)
        if links is not None:
            found = links.apply(found)  # a value taken from another file: the other line is related
        if kube_links is not None:
            from smtplint.parsers import kube_link
            found = kube_link.annotate(kube_links.apply(found), (d for _t, d in manifests))
        result.findings = sorted(self._finish(found, parsed, docs, result), key=lambda f: f.sort_key)
        result.skipped.sort(key=lambda s: s.display)
        return result

    def _bytes(self, docs: dict[str, Document]) -> Callable[[Path], bytes | None]:
        """Bytes of a file for the compose linking step: a parsed document's text when the run has it, else
        read (once) through the reader."""
        def read(path: Path) -> bytes | None:
            doc = docs.get(display_path(path, self.cwd))
            if doc is not None and doc.path in doc.sources:
                return doc.sources[doc.path].encode("utf-8", "surrogatepass")
            return self.reader.read(path)
        return read

    def _enough_for_a_pool(self, targets: Iterator[Target]) -> tuple[list[Target], Iterator[Target] | None]:
        """The first targets, and the iterator of the others when a pool may pay (None: all were taken).

        Automatic (``jobs`` None): other processes once the targets found so far are expected to parse
        faster with them on this machine's CPUs (smtplint.parallel.pool_pays: a cost model from their count
        and sizes; forked helpers on Linux pay from 2 CPUs, a pool elsewhere from 3), so that a pre-commit run
        on three files never forks; ``--jobs N``: from two targets on.
        """
        todo: list[Target] = []
        if self.jobs == 1:
            return list(targets), None
        if self.jobs is not None:
            for target in targets:
                todo.append(target)
                if len(todo) >= 2:
                    return todo, targets
            return todo, None
        from smtplint.parallel import UNKNOWN_SIZE, available_cpus, pool_pays
        cpus = available_cpus()
        if not pool_pays(1 << 20, 1 << 40, cpus):  # not even for endless work: serial, no need to count
            return list(targets), None
        size = 0
        for target in targets:
            todo.append(target)
            size += target.size if target.size >= 0 else UNKNOWN_SIZE
            if pool_pays(len(todo), size, cpus):
                return todo, targets
        return todo, None

    @staticmethod
    def _with_entries(findings: list[Finding], docs: dict[str, Document],
                      text_of: Callable[[str], str | None]) -> list[Finding]:
        """Findings whose span goes on past its first line learn how many lines hold their entry (the first
        and the continuation lines after it, as the file's format reads them), so that the fingerprint covers
        a value continued on the next lines. Most findings are one line: nothing is looked at for them."""
        kinds: dict[str, tuple[LineKind, ...] | None] = {}

        def kinds_of(path: str) -> tuple[LineKind, ...] | None:
            if path not in kinds:
                doc = docs.get(path)
                text = text_of(path)
                fmt = doc.format if doc is not None else format_by_name(Path(path))
                if doc is not None and doc.layout is not None:
                    kinds[path] = doc.layout.kinds
                else:
                    kinds[path] = formats.get(fmt).comments(text).kinds if text is not None and fmt else None
            return kinds[path]

        out: list[Finding] = []
        for finding in findings:
            span = finding.span
            lines = kinds_of(span.path) if span.end_line > span.line else None
            if lines is None:
                out.append(finding)
                continue
            count = 1
            while span.line + count <= min(span.end_line, len(lines)) and lines[span.line + count - 1] is LineKind.CONT:
                count += 1
            out.append(replace(finding, entry_lines=count) if count > 1 else finding)
        return out

    def _text(self, display: str, docs: dict[str, Document]) -> str | None:
        """The text of a file this run already read (never read again); None when it was not read or is not
        text. Parsed documents carry theirs; the linking steps' files are in the reader."""
        own = docs.get(display)
        if own is not None and display in own.sources:
            return own.sources[display]
        for doc in docs.values():  # a module a Django file star-imported (rare: only for its findings' files)
            if display in doc.sources:
                return doc.sources[display]
        data = self.reader.cache.get(self.reader.key(os.path.join(self.cwd, display)))
        decoded = decode(data) if data is not None else None
        return decoded if isinstance(decoded, str) else None

    def _finish(self, found: Iterable[Finding], parsed: Sequence[tuple[Target, Document]],
                docs: dict[str, Document], result: Result) -> list[Finding]:
        """Per-file ignores, severity overrides, inline suppressions and the suppression audit (SMTP002/003).

        Suppressed findings are kept with ``suppression`` set; the CLI and reporters decide what to show.
        A document's directives come from its layout (read by its format while parsing); a finding in a file
        that is no target (a ``.env`` a compose file took a value from) is matched against that file's
        directives, read by its format's comment reader from the text the run already has.
        """
        from smtplint.rules import RULES

        if TYPE_CHECKING:
            from smtplint import suppress  # imported below only for a file with a directive (start-up)

        directives: dict[str, suppress.FileDirectives | None] = {}
        texts: dict[str, str | None] = {}

        def text_of(display: str) -> str | None:
            if display not in texts:
                texts[display] = self._text(display, docs)
            return texts[display]

        def layout_of(display: str) -> Layout | None:
            doc = docs.get(display)
            if doc is not None:
                return doc.layout
            text = text_of(display)
            if text is None or not may_hold_directive(text):
                return None
            fmt = format_by_name(Path(display)) or "django"
            return formats.get(fmt).comments(text)

        def directives_of(display: str) -> suppress.FileDirectives | None:
            if display not in directives:
                layout = layout_of(display)
                if layout is None or not layout.comments:
                    directives[display] = None  # no directive can be in it (most files)
                    return None
                from smtplint import suppress
                directives[display] = suppress.parse(display, layout, {r.name: r.id for r in RULES.values()})
            return directives[display]
        def overridden(finding: Finding, policy: FilePolicy) -> Finding:
            if policy.example:  # one severity lower in an example location (an explicit severity still wins)
                finding = replace(finding, severity=finding.severity.lowered(), tags=(*finding.tags, "example"))
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
        out = self._with_entries(out, docs, text_of)
        # the text of every file a finding or its related locations point at, decoded once per file, for
        # baselines and for reporters (fingerprints, GitHub line hashes)
        for path in dict.fromkeys(span.path for f in out for span in (f.span, *f.related)):
            text = text_of(path)
            if text is not None:
                result.sources[path] = text
        return out
