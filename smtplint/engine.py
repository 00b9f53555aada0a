"""Run the pipeline over discovered files: read each once, parse, link cross-file facts, run the rules.

Linking: a master.cf is resolved against the main.cf in the same directory (read from disk when only one
of the two was named), and a Django module's star imports are read through a cached sibling loader.
Findings are deduplicated and sorted by path, line, column, rule.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from smtplint.files import Skipped, Target, display_path
from smtplint.model import Document, Finding, Format, PostfixConfig
from smtplint.parsers import parse_bytes
from smtplint.rules._base import RuleOptions

DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024


@dataclass(slots=True)
class InternalError:
    """A bug in smtplint met on one file: reported, exit code 2, the other files still linted."""

    path: str
    where: str
    detail: str


@dataclass(slots=True)
class Result:
    """What a run produced."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)


Selector = Callable[[str], bool]


class _Reader:
    """Reads each file once; keeps the bytes of files read for linking (sibling main.cf, base settings)."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self.cache: dict[str, bytes | None] = {}

    def read(self, path: Path) -> bytes | None:
        key = os.path.realpath(path)
        if key not in self.cache:
            try:
                if os.path.getsize(path) > self.max_size:
                    self.cache[key] = None
                else:
                    with open(path, "rb") as fh:
                        self.cache[key] = fh.read(self.max_size + 1)
            except OSError:
                self.cache[key] = None
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
                 cwd: Path | None = None, options: RuleOptions | None = None) -> None:
        self.select = select or (lambda _rule: True)
        self.options = options or RuleOptions()
        self.reader = _Reader(max_file_size)
        self.cwd = cwd or Path.cwd()

    def _sibling_loader(self, origin: Path) -> Callable[[str], tuple[str, str] | None]:
        def load(spec: str) -> tuple[str, str] | None:
            for candidate in _module_candidates(origin, spec):
                if candidate.is_file():
                    data = self.reader.read(candidate)
                    if data is None:
                        return None
                    try:
                        return display_path(candidate, self.cwd), data.decode("utf-8-sig")
                    except UnicodeDecodeError:
                        return None
            return None
        return load

    def parse(self, target: Target, result: Result) -> Document | None:
        """Read and parse one target; None when it was skipped."""
        try:
            size = os.path.getsize(target.path)
        except OSError as exc:
            result.skipped.append(Skipped(target.display, f"cannot be read: {exc.strerror or exc}"))
            return None
        if size > self.reader.max_size:
            result.skipped.append(Skipped(
                target.display, f"larger than the maximum file size ({self.reader.max_size} bytes)"))
            return None
        data = self.reader.read(target.path)
        if data is None:
            result.skipped.append(Skipped(target.display, "cannot be read"))
            return None
        loader = self._sibling_loader(target.path) if target.format is Format.DJANGO else None
        try:
            doc = parse_bytes(target.display, target.format, data, loader)
        except Exception as exc:  # a parser bug must not lose the other files' findings
            result.errors.append(InternalError(target.display, f"{target.format.value} parser", _describe(exc)))
            return None
        if doc.skipped:
            result.skipped.append(Skipped(target.display, doc.skipped))
            return None
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
                                    display_path(sibling, self.cwd), "postfix parser", _describe(exc)))
            main = pair.get(Format.POSTFIX_MAIN)
            master = pair.get(Format.POSTFIX_MASTER)
            configs.append(PostfixConfig(main.main_cf if main else None, master.master_cf if master else None))
        return configs

    def run(self, targets: Iterable[Target], skipped: Iterable[Skipped] = ()) -> Result:
        """Lint every target; findings only for the targets themselves, sorted and deduplicated."""
        from smtplint.rules import DOCUMENT_CHECKS, ENDPOINT_CHECKS, POSTFIX_CHECKS

        result = Result(skipped=list(skipped))
        parsed: list[tuple[Target, Document]] = []
        for target in targets:
            result.files_checked += 1
            doc = self.parse(target, result)
            if doc is not None:
                parsed.append((target, doc))
        reported = {t.display for t, _ in parsed}
        found: set[Finding] = set()

        def run_check(rule_id: str, check: Callable[[], Iterable[Finding]], path: str, only_reported: bool) -> None:
            if not self.select(rule_id):
                return
            try:
                found.update(f for f in check() if not only_reported or f.span.path in reported)
            except Exception as exc:  # a rule bug is reported, the run goes on
                result.errors.append(InternalError(path, f"rule {rule_id}", _describe(exc)))

        for _target, doc in parsed:
            for rule, dcheck in DOCUMENT_CHECKS:
                run_check(rule.id, partial(dcheck, doc, self.options), doc.path, False)
            for endpoint in doc.endpoints:
                # an endpoint belongs to the linted file even when a value came from its base settings
                for rule, echeck in ENDPOINT_CHECKS:
                    run_check(rule.id, partial(echeck, endpoint, self.options), doc.path, False)
        for config in self._postfix_configs(parsed, result):
            path = config.master.path if config.master else config.main.path if config.main else ""
            for rule, pcheck in POSTFIX_CHECKS:
                # a sibling read only for context (main.cf beside a linted master.cf) is not reported on
                run_check(rule.id, partial(pcheck, config, self.options), path, True)
        result.findings = sorted(found, key=lambda f: f.sort_key)
        result.skipped.sort(key=lambda s: s.display)
        return result


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}{where}"
