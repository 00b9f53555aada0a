"""Baselines for adopting smtplint on an existing tree: record today's findings, report only new ones.

A baseline file is JSON: for each (path, rule, fingerprint) the number of findings accepted. The fingerprint
is :func:`smtplint.model.fingerprint.fingerprint` (the one SARIF ``partialFingerprints`` carry): rule, path and
the non-secret offending text at the finding's start, hashed with sha256, so it survives lines moving and
changes when the offending text changes; the file holds only hashes, paths, rule ids and counts, never a
value. Paths are relative to the baseline file's directory, so the baseline works from any current
directory. Findings suppressed inline are not recorded.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from smtplint.i18n import _
from smtplint.model import Finding, Suppression
from smtplint.model.fingerprint import KEY, entry_text, fingerprint, split_lines
from smtplint.records import record, replace

FORMAT_VERSION = 1

Key = tuple[str, str, str]  # (path relative to the baseline's directory, rule id, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a smtplint baseline (exit code 2)."""


@record(frozen=True)
class Stale:
    """A baseline entry that matched fewer findings than it records."""

    path: str
    rule: str
    fingerprint: str
    missing: int


def _relative(display: str, cwd: Path, base: Path) -> str:
    real = os.path.abspath(cwd / display)
    try:
        return Path(os.path.relpath(real, base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(real).as_posix()


def keys(findings: Iterable[Finding], sources: Mapping[str, str], cwd: Path, base: Path) -> list[tuple[Finding, Key]]:
    """Each finding with its baseline key (path relative to ``base``, rule, fingerprint)."""
    lines: dict[str, list[str]] = {}
    out: list[tuple[Finding, Key]] = []
    for f in findings:
        path = f.span.path
        if path not in lines:
            lines[path] = split_lines(sources[path]) if path in sources else []
        rel = _relative(path, cwd, base)
        out.append((f, (rel, f.rule_id, fingerprint(f, entry_text(f, lines[path]), rel))))
    return out


def write(file: Path, findings: Sequence[Finding], sources: Mapping[str, str], cwd: Path) -> int:
    """Record every finding that is not suppressed; returns how many were recorded. Raises BaselineError."""
    base = Path(os.path.abspath(file)).parent
    counts: dict[Key, int] = {}
    for _f, key in keys((f for f in findings if f.suppression is None), sources, cwd, base):
        counts[key] = counts.get(key, 0) + 1
    doc = {
        "smtplint_baseline": FORMAT_VERSION,
        "fingerprint": KEY,
        "findings": [{"path": p, "rule": r, "fingerprint": h, "count": n} for (p, r, h), n in sorted(counts.items())],
    }
    try:
        base.mkdir(parents=True, exist_ok=True)
        with open(file, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise BaselineError(_("{file}: cannot be written: {error}").format(file=file, error=exc.strerror or exc)) \
            from None
    return sum(counts.values())


def load(file: Path) -> dict[Key, int]:
    """The entries of a baseline file. Raises BaselineError with the file and what is wrong."""
    try:
        doc = json.loads(Path(file).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(_("{file}: cannot be read: {error}").format(file=file, error=exc.strerror or exc)) \
            from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            message = _("{file}: not a smtplint baseline: invalid JSON (line {line}, column {column})")
            raise BaselineError(message.format(file=file, line=exc.lineno, column=exc.colno)) from None
        raise BaselineError(_("{file}: not a smtplint baseline: invalid JSON").format(file=file)) from None
    if not isinstance(doc, dict) or doc.get("smtplint_baseline") != FORMAT_VERSION or doc.get("fingerprint") != KEY:
        raise BaselineError(_("{file}: not a smtplint baseline of this version (expected \"smtplint_baseline\": "
                              "{version} and \"fingerprint\": \"{key}\"); write it again with --write-baseline").format(
            file=file, version=FORMAT_VERSION, key=KEY))
    entries: dict[Key, int] = {}
    items = doc.get("findings")
    if not isinstance(items, list):
        raise BaselineError(_("{file}: \"findings\" must be a list").format(file=file))
    for i, item in enumerate(items):
        ok = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("path", "rule", "fingerprint"))
        count = item.get("count") if isinstance(item, dict) else None
        if not ok or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(_("{file}: findings[{index}] needs \"path\", \"rule\", \"fingerprint\" (strings) and "
                                  "\"count\" (a positive integer)").format(file=file, index=i))
        key = (item["path"], item["rule"], item["fingerprint"])
        entries[key] = entries.get(key, 0) + count
    return entries


def apply(findings: Sequence[Finding], sources: Mapping[str, str], cwd: Path, file: Path,
          entries: Mapping[Key, int], checked: Iterable[str]) -> tuple[list[Finding], list[Stale]]:
    """Mark findings recorded in the baseline as suppressed (kind ``baseline``); list stale entries.

    Only entries for files checked in this run (``checked``: display paths) or files that no longer exist
    can be stale, so linting a part of the tree does not call the rest of the baseline stale.
    """
    base = Path(os.path.abspath(file)).parent
    left = dict(entries)
    reason = _("recorded in the baseline {file}").format(file=Path(file).name)
    out: list[Finding] = []
    open_findings = [f for f in findings if f.suppression is None]
    keyed = dict(zip(map(id, open_findings), (k for _f, k in keys(open_findings, sources, cwd, base)), strict=True))
    for f in findings:
        key = keyed.get(id(f))
        if key is not None and left.get(key, 0) > 0:
            left[key] -= 1
            f = replace(f, suppression=Suppression("baseline", reason))  # noqa: PLW2901
        out.append(f)
    seen = {_relative(p, cwd, base) for p in checked}
    stale = [Stale(p, r, h, n) for (p, r, h), n in sorted(left.items())
             if n > 0 and (p in seen or not (base / p).exists())]
    return out, stale


def render_stale(file: Path, stale: Sequence[Stale]) -> str:
    """One line per stale entry, for standard error."""
    lines = [_("{file}: stale baseline entry: {rule} in {path} ({count} no longer found; fingerprint "
               "{fingerprint})").format(file=file, rule=s.rule, path=s.path, count=s.missing,
                                        fingerprint=s.fingerprint[:12]) for s in stale]
    if not stale:
        lines.append(_("{file}: no stale baseline entries").format(file=file))
    return "\n".join(lines) + "\n"
