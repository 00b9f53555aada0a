"""Inline suppressions: directives read from the comments each format's reader found while parsing.

Forms (the ids are required, comma-separated; the reason after ``--`` is optional)::

    # smtplint: disable-next-line=SMTP101,SMTP105 -- test relay   (own line; every format)
    value  # smtplint: disable=SMTP101 -- reason                  (trailing; YAML, .env, Python only)
    # smtplint: disable-file=SMTP104 -- reason                     (anywhere in the file)

``disable-next-line`` covers the next line that is not blank or a comment, through the end of its logical
entry: a Postfix line and its continuation lines (a master.cf service with its ``-o`` lines), a Python
statement, a ``.env`` value quoted over several lines, a YAML block scalar. A finding is covered when its
first line is in that range. ``disable=`` covers findings whose first line is the comment's line. In
Postfix files a ``#`` after a value is part of the value (postconf(5)), so only own-line comments are read
there. Comments are found per format by the comment reader its registry entry names
(smtplint.parsers.comments: quotes, block scalars, Python with ``tokenize``), so a ``#`` inside a quoted value
is never taken for a comment; the result travels in the document (smtplint.model.layout). This module never
sees a file's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from smtplint.i18n import _, ngettext
from smtplint.model import Finding, Span, Suppression
from smtplint.model.layout import Layout, LineKind
from smtplint.patterns import lazy
from smtplint.records import field, record, replace

# the comment marker of the file's syntax: # (most), ; (INI, zone files), // (JavaScript, Terraform)
_PREFIX = lazy(r"(?:#|;|//)\s*smtplint\s*:")
_DIRECTIVE = lazy(
    r"(?:#|;|//)\s*smtplint\s*:\s*(?P<action>[A-Za-z-]*)\s*(?P<eq>=?)\s*(?P<ids>.*?)\s*(?:--\s*(?P<reason>.*?))?\s*$"
)
_ID = lazy(r"^SMTP[0-9]{3}$", re.IGNORECASE)
# flake8's and ruff's form, which smtplint does not read: answered with the directive to write instead
_NOQA = lazy(r"(?P<marker>#|;|//)?.*?\bnoqa\s*:\s*(?P<codes>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)",
                   re.IGNORECASE)
ACTIONS = ("disable-next-line", "disable", "disable-file")


@record
class Directive:
    """One well-formed directive and which of its ids were used in this run."""

    action: str  # disable-next-line | disable | disable-file
    ids: tuple[str, ...]  # upper-case, well formed; may name no rule (reported as unknown)
    reason: str
    span: Span
    first: int  # covered lines, inclusive (disable-file: 1 .. a large number)
    last: int
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> bool:
        """True when this directive names the finding's rule and covers its first line."""
        return finding.rule_id in self.ids and self.first <= finding.span.line <= self.last

    @property
    def kind(self) -> str:
        """The Suppression kind: ``file`` or ``inline``."""
        return "file" if self.action == "disable-file" else "inline"


@record(frozen=True)
class Problem:
    """A ``smtplint:`` comment that is not a directive smtplint can apply (reported as SMTP002)."""

    span: Span
    message: str


@record
class FileDirectives:
    """Every directive and malformed directive of one file."""

    path: str
    directives: list[Directive] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_EMPTY_LINE_LIMIT = 1 << 30


# ------------------------------------------------------------------------------------------ scanners


# --------------------------------------------------------------------------------------- directives


def _entry_after(kinds: Sequence[LineKind], line: int) -> tuple[int, int] | None:
    """(first, last) lines of the entry that starts at the first code line after ``line``."""
    code = (LineKind.START, LineKind.CONT)
    first = next((n for n in range(line + 1, len(kinds) + 1) if kinds[n - 1] in code), None)
    if first is None:
        return None
    last = first
    for n in range(first + 1, len(kinds) + 1):
        kind = kinds[n - 1]
        if kind is LineKind.START:
            break
        if kind is LineKind.CONT:
            last = n
    return first, last


def _noqa_hint(text: str, own_line: bool) -> str | None:
    """The hint for a ``noqa`` comment that names smtplint rules (None when it names none)."""
    m = _NOQA.match(text)
    if m is None:
        return None
    ids = [c.upper() for c in re.split(r"\s*,\s*", m.group("codes")) if _ID.match(c)]
    if not ids:
        return None  # another linter's codes: not ours to judge
    marker = m.group("marker") or "#"
    directive = f"{marker} smtplint: {'disable-next-line' if own_line else 'disable'}={','.join(ids)} -- reason"
    return _("smtplint does not read 'noqa' comments (flake8's and ruff's form): write '{directive}' instead").format(
        directive=directive)


def _did_you_mean(text: str, names: Mapping[str, str]) -> str:
    """`` (did you mean SMTP101?)`` for a rule's name, or a near spelling of one; else empty."""
    key = text.strip().lower()
    found = names.get(key)
    if found is None:
        import difflib
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
        found = names[close[0]] if close else None
    return _(" (did you mean {id}?)").format(id=found) if found else ""


def parse(path: str, layout: Layout, names: Mapping[str, str] | None = None) -> FileDirectives:
    """Every directive among a file's comments (ids that name no rule are kept: :func:`audit` reports them).

    ``names`` maps rule names to ids, for the "did you mean" of a directive that names a rule by its name. A
    ``noqa`` comment naming a smtplint rule is a problem too: smtplint does not read it, and says what to write.
    """
    out = FileDirectives(path)
    kinds = layout.kinds
    for comment in layout.comments:
        span = Span(path, comment.line, comment.column, comment.line, comment.column + len(comment.text))
        if not _PREFIX.match(comment.text):
            hint = _noqa_hint(comment.text, comment.own_line)
            if hint is not None:
                out.problems.append(Problem(span, hint))
            continue
        m = _DIRECTIVE.match(comment.text)
        assert m is not None  # the pattern accepts anything after the prefix
        action, ids_text, reason = m.group("action"), m.group("ids"), (m.group("reason") or "").strip()
        if action not in ACTIONS:
            out.problems.append(Problem(span, (
                _("'{text}' is not a smtplint directive; write '# smtplint: disable-next-line=ID -- reason' (or "
                  "disable=, disable-file=)").format(text=_short(action) or comment.text[:40]))))
            continue
        ids = [i.strip() for i in ids_text.split(",")] if m.group("eq") else []
        if not ids or not all(ids):
            out.problems.append(Problem(span, (
                _("'smtplint: {action}' names no rule: list the ids it disables ({action}=SMTP101 -- reason); "
                  "there is no blanket form").format(action=action))))
            continue
        bad = [i for i in ids if not _ID.match(i)]
        if bad:
            out.problems.append(Problem(span, (
                _("'{text}' is not a rule id{hint}: suppressions name full ids such as SMTP101 (no prefixes, "
                  "no ALL)").format(text=_short(bad[0]), hint=_did_you_mean(bad[0], names or {})))))
            continue
        upper = tuple(dict.fromkeys(i.upper() for i in ids))
        if action == "disable-file":
            first, last = 1, _EMPTY_LINE_LIMIT
        elif action == "disable":
            if comment.own_line:
                out.problems.append(Problem(span, _(
                    "'disable=' applies to the line it ends, and this comment is on a line of its own: use "
                    "'disable-next-line=' to cover the next line")))
                continue
            first = last = comment.line
        else:
            entry = _entry_after(kinds, comment.line)
            if entry is None:
                out.problems.append(Problem(span, _("'disable-next-line' has no line after it to cover")))
                continue
            first, last = entry
        out.directives.append(Directive(action, upper, reason, span, first, last))
    return out


def _short(text: str) -> str:
    """Directive text for a message: short, printable (a directive is never a secret, but keep it tidy)."""
    text = text.strip()
    text = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 40 else text[:39] + "…"


# ------------------------------------------------------------------------------------ application


def apply(findings: Iterable[Finding], directives: FileDirectives) -> list[Finding]:
    """The findings with ``suppression`` set where a directive covers them; marks the directives used.

    A finding covered by several directives records the most specific (a line directive before a file
    directive); every one of them counts as used.
    """
    out: list[Finding] = []
    for finding in findings:
        matches = [d for d in directives.directives if d.covers(finding)]
        if not matches:
            out.append(finding)
            continue
        for d in matches:
            d.used.add(finding.rule_id)
        best = min(matches, key=lambda d: (d.action == "disable-file", d.span.line))
        out.append(replace(finding, suppression=Suppression(best.kind, best.reason, best.span)))
    return out


SELF_IDS = frozenset({"SMTP002", "SMTP003"})  # suppression-hygiene rules: never reported as unused themselves


@record(frozen=True)
class Report:
    """A problem with a directive: reported as ``rule_id`` at ``span``."""

    rule_id: str
    span: Span
    message: str


def audit(directives: FileDirectives, known: Callable[[str], bool], ran: Callable[[str], bool],
          require_reason: bool) -> list[Report]:
    """Malformed directives, unknown and unused ids (SMTP002), and missing reasons (SMTP003, on request).

    An id whose rule did not run on the file (not selected) is not reported as unused: smtplint cannot tell.
    Call after :func:`apply` has seen every finding of the file.
    """
    out = [Report("SMTP002", p.span, p.message) for p in directives.problems]
    for d in directives.directives:
        unknown = [i for i in d.ids if not known(i)]
        unused = [i for i in d.ids if known(i) and i not in SELF_IDS and ran(i) and i not in d.used]
        parts: list[str] = []
        if unknown:
            parts.append(ngettext("{ids} is not a smtplint rule (see smtplint --list-rules)",
                                  "{ids} are not a smtplint rule (see smtplint --list-rules)",
                                  len(unknown)).format(ids=_ids(unknown)))
        if unused:
            if d.action == "disable-file":
                template = _("no {ids} finding in this file to suppress")
            elif d.first == d.last:
                template = _("no {ids} finding on line {first} to suppress")
            else:
                template = _("no {ids} finding on lines {first}-{last} to suppress")
            parts.append(template.format(ids=_ids(unused), first=d.first, last=d.last))
        if parts:
            out.append(Report("SMTP002", d.span, _("unused suppression ({action}): {problems}; remove it or correct "
                                                   "the id").format(action=d.action, problems="; ".join(parts))))
        if require_reason and not d.reason:
            out.append(Report("SMTP003", d.span, (
                _("the suppression of {ids} gives no reason: add ' -- why it is acceptable' after the ids (required "
                  "by --require-reason)").format(ids=_ids(d.ids)))))
    return out


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)
