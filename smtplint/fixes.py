"""Apply the fixes rules attach to findings (``--fix``, ``--diff``, ``--unsafe-fixes``).

A fix (smtplint.model.Fix) is a list of text edits computed by its rule from the model. Here, per file:
the file's text is linted again in-process, then the first fixable finding's edits are applied to the text,
and the edited text is linted again (never written for that): the fix is kept only when the edited text has
fewer findings of that rule and no finding of any rule that the text before did not have. Then the next
fixable finding of the new lint, until none is left: fixes that overlap or depend on each other are applied
one after another on fresh spans. A second run finds nothing left to do (``--fix`` is idempotent).

Files are written only by :func:`write` (``--fix``), with the encoding they were read in (UTF-8, with its BOM
if it had one; other encodings are not fixed). :func:`unified_diff` makes ``--diff`` output (``a/``/``b/``
paths, applies with ``patch -p1``); a fix marked ``secret`` (its line holds a password) is never shown.
"""

from __future__ import annotations

import codecs
import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint.model import Finding
from smtplint.model.edits import apply_edits
from smtplint.model.fingerprint import redact
from smtplint.records import field, record

if TYPE_CHECKING:
    from smtplint.engine import Engine
    from smtplint.files import Target

MAX_ROUNDS = 64  # fixes tried on one file (each is one lint of the edited text)

Relint = Callable[[str, str], "list[Finding] | None"]
"""Lint ``text`` as the file at display path ``path``; its active findings, or None when that failed."""


@record
class FileFix:
    """What fixing one file gave: its text before and after, and the findings whose fix was applied."""

    path: str  # display path
    before: str
    after: str
    applied: list[Finding] = field(default_factory=list)
    secret: bool = False  # a fix changed a line holding a secret: its diff is not printed


def _key(finding: Finding) -> tuple[object, ...]:
    return (finding.rule_id, finding.span, finding.fix)


def accepted(before: Sequence[Finding], after: Sequence[Finding], rule_id: str) -> bool:
    """The rule has fewer findings and no rule has more: the finding is gone and nothing new came."""
    was = Counter(f.rule_id for f in before)
    now = Counter(f.rule_id for f in after)
    return now[rule_id] < was[rule_id] and all(now[r] <= was[r] for r in now)


def fix_file(path: str, text: str, relint: Relint, unsafe: bool) -> FileFix | None:
    """Apply the fixes of one file's findings, each checked by linting the edited text; None when the file
    has none that could be applied."""
    current = relint(path, text)
    if current is None:
        return None
    result = FileFix(path, text, text)
    tried: set[tuple[object, ...]] = set()
    for _round in range(MAX_ROUNDS):
        finding = next((f for f in current if f.fix is not None and (f.fix.safe or unsafe)
                        and _key(f) not in tried), None)
        if finding is None or finding.fix is None:
            break
        tried.add(_key(finding))
        if any(edit.span.path != path for edit in finding.fix.edits):
            continue
        edited = apply_edits(result.after, finding.fix.edits)
        if edited is None or edited == result.after:
            continue
        after = relint(path, edited)
        if after is None or not accepted(current, after, finding.rule_id):
            continue
        result.after, current = edited, after
        result.applied.append(finding)
        result.secret = result.secret or finding.fix.secret
    return result if result.applied else None


def fix_all(findings: Iterable[Finding], sources: dict[str, str], relint: Relint, unsafe: bool) -> list[FileFix]:
    """Fix every file that has an active finding with a fix (safe ones; unsafe ones too with ``unsafe``)."""
    paths = sorted({f.span.path for f in findings
                    if f.fix is not None and f.suppression is None and (f.fix.safe or unsafe)})
    out: list[FileFix] = []
    for path in paths:
        text = sources.get(path)
        if text is None:
            continue
        fixed = fix_file(path, text, relint, unsafe)
        if fixed is not None:
            out.append(fixed)
    return out


def unified_diff(fixed: FileFix) -> str | None:
    """A unified diff of one file's fixes, ``a/PATH`` -> ``b/PATH`` (``patch -p1`` applies it); a last line
    without a newline is marked as diff(1) marks it. Never a secret: a context line the reporters would mask
    (a password, a URL with its password) makes a diff without context lines; a changed line holding one
    (or a fix marked ``secret``) makes no diff at all: None."""
    if fixed.secret:
        return None
    before, after = fixed.before.splitlines(keepends=True), fixed.after.splitlines(keepends=True)
    for context in (3, 0):
        lines = list(difflib.unified_diff(before, after, f"a/{fixed.path}", f"b/{fixed.path}", n=context))
        body = [line for line in lines[2:] if not line.startswith("@@")]
        if any(line[:1] in "+-" and _holds_secret(line[1:]) for line in body):
            return None
        if context and any(line[:1] == " " and _holds_secret(line[1:]) for line in body):
            continue
        break
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _holds_secret(line: str) -> bool:
    """Whether the reporters would mask part of this line (a password, a user, a URL's password)."""
    text = line.rstrip("\r\n")
    return redact(text) != text


def write(fixed: FileFix, file: Path) -> bool:
    """Write a fixed file in the encoding it was read in; False (nothing written) when it is not UTF-8 or
    changed since it was read."""
    try:
        data = file.read_bytes()
    except OSError:
        return False
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if text != fixed.before:
        return False
    out = (codecs.BOM_UTF8 if bom else b"") + fixed.after.encode("utf-8")
    try:
        with open(file, "wb") as fh:
            fh.write(out)
    except OSError:
        return False
    return True


def relinter(engine: Callable[[], Engine], targets: Iterable[Target]) -> Relint:
    """Lint edited text in-process as the target at its display path: a fresh engine (same configuration)
    whose reader is handed the text instead of the file's bytes; nothing is written."""
    by_path = {t.display: t for t in targets}

    def relint(path: str, text: str) -> list[Finding] | None:
        target = by_path.get(path)
        if target is None:
            return None
        run = engine()
        run.reader.cache[run.reader.key(target.path)] = text.encode("utf-8", "surrogatepass")
        result = run.run([target])
        if result.errors or path not in result.checked:
            return None
        return [f for f in result.findings if f.span.path == path and f.suppression is None]
    return relint
