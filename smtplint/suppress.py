"""Inline suppressions: one directive parser over a file's text, for every format, in its own comment syntax.

Forms (the ids are required, comma-separated; the reason after ``--`` is optional)::

    # smtplint: disable-next-line=SMTP101,SMTP105 -- test relay   (own line; every format)
    value  # smtplint: disable=SMTP101 -- reason                  (trailing; YAML, .env, Python only)
    # smtplint: disable-file=SMTP104 -- reason                     (anywhere in the file)

``disable-next-line`` covers the next line that is not blank or a comment, through the end of its logical
entry: a Postfix line and its continuation lines (a master.cf service with its ``-o`` lines), a Python
statement, a ``.env`` value quoted over several lines, a YAML block scalar. A finding is covered when its
first line is in that range. ``disable=`` covers findings whose first line is the comment's line. In
Postfix files a ``#`` after a value is part of the value (postconf(5)), so only own-line comments are read
there. Comments are found per format with a careful scan (quotes, block scalars; Python with ``tokenize``),
so a ``#`` inside a quoted value is never taken for a comment. Nothing here executes or imports the file.

The text is the one the engine already read; this module never opens a file.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Iterable, Sequence
from enum import Enum

from smtplint.i18n import _, ngettext
from smtplint.model import Finding, Format, Span, Suppression
from smtplint.records import field, record, replace

_PREFIX = re.compile(r"#\s*smtplint\s*:")
_DIRECTIVE = re.compile(
    r"#\s*smtplint\s*:\s*(?P<action>[A-Za-z-]*)\s*(?P<eq>=?)\s*(?P<ids>.*?)\s*(?:--\s*(?P<reason>.*?))?\s*$"
)
_ID = re.compile(r"^SMTP[0-9]{3}$", re.IGNORECASE)
ACTIONS = ("disable-next-line", "disable", "disable-file")


class Kind(Enum):
    """What a physical line is, for finding 'the next line' and its logical entry."""

    BLANK = 0
    COMMENT = 1
    START = 2  # the first line of an entry / statement
    CONT = 3  # a line that continues the entry above (Postfix continuation, open quote, bracket, block scalar)


@record(frozen=True)
class Comment:
    """A comment found by a format's scanner: 1-based line and column of its ``#``, text from ``#``."""

    line: int
    column: int
    text: str
    own_line: bool


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


# Line breaks as each format's parser counts lines (so a directive's line is a finding's line):
# ruamel.yaml (and libyaml) also break at NEL, LS and PS; python-dotenv, tokenize/ast, configparser, the
# .properties reader and the JSON parser at CR LF, LF or a lone CR; Postfix at LF only (a CR before it is
# dropped).
_YAML_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_ANY_BREAK = re.compile(r"\r\n|\r|\n")


def _lines(text: str, fmt: Format = Format.POSTFIX_MAIN) -> list[str]:
    """Physical lines as the format's parser counts them (line breaks removed)."""
    if fmt in (Format.POSTFIX_MAIN, Format.POSTFIX_MASTER):
        out = text.split("\n")
        out = [line[:-1] if line.endswith("\r") else line for line in out]
    else:
        out = (_YAML_BREAKS if fmt is Format.YAML else _ANY_BREAK).split(text)
    if out and out[-1] == "":
        out.pop()
    return out


def _generic_kind(line: str) -> Kind:
    stripped = line.strip()
    if not stripped:
        return Kind.BLANK
    return Kind.COMMENT if stripped.startswith("#") else Kind.START


def _own_line_comment(number: int, line: str) -> Comment:
    col = len(line) - len(line.lstrip())
    return Comment(number, col + 1, line[col:].rstrip(), True)


def scan_postfix(lines: Sequence[str]) -> tuple[list[Kind], list[Comment]]:
    """main.cf/master.cf: only own-line comments; a line starting with whitespace continues the entry."""
    kinds: list[Kind] = []
    comments: list[Comment] = []
    for number, line in enumerate(lines, start=1):
        kind = _generic_kind(line)
        if kind is Kind.COMMENT:
            comments.append(_own_line_comment(number, line))
        elif kind is Kind.START and line[0].isspace():
            kind = Kind.CONT
        kinds.append(kind)
    return kinds, comments


def _close_quote(line: str, start: int, quote: str, backslash: bool) -> int | None:
    """Index just after the closing ``quote`` at or after ``start``, or None when the line ends first."""
    i = start
    while i < len(line):
        ch = line[i]
        if backslash and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and not backslash and line.startswith("''", i):
                i += 2  # YAML's escaped single quote
                continue
            return i + 1
        i += 1
    return None


def scan_dotenv(lines: Sequence[str]) -> tuple[list[Kind], list[Comment]]:
    """``.env`` as python-dotenv reads it: quoted values may span lines; ``#`` after whitespace ends a value."""
    kinds: list[Kind] = []
    comments: list[Comment] = []
    quote: str | None = None
    for number, line in enumerate(lines, start=1):
        rest_at: int | None = None
        if quote is not None:
            end = _close_quote(line, 0, quote, True)
            kinds.append(Kind.CONT)
            if end is None:
                continue
            quote, rest_at = None, end
        else:
            kind = _generic_kind(line)
            kinds.append(kind)
            if kind is Kind.COMMENT:
                comments.append(_own_line_comment(number, line))
                continue
            if kind is Kind.BLANK:
                continue
            eq = line.find("=")
            if eq < 0:
                continue
            value_at = eq + 1
            while value_at < len(line) and line[value_at] in " \t":
                value_at += 1
            if value_at < len(line) and line[value_at] in "'\"":
                q = line[value_at]
                end = _close_quote(line, value_at + 1, q, True)
                if end is None:
                    quote = q
                    continue
                rest_at = end
            else:
                m = re.search(r"\s#", line[value_at:])
                if m:
                    col = value_at + m.start() + 1
                    comments.append(Comment(number, col + 1, line[col:].rstrip(), False))
                continue
        tail = line[rest_at:]
        hash_at = tail.find("#")
        if hash_at >= 0 and not tail[:hash_at].strip():
            col = rest_at + hash_at
            comments.append(Comment(number, col + 1, line[col:].rstrip(), False))
    return kinds, comments


_YAML_BLOCK = re.compile(r"(?:^|[:?-]\s+|\s[!&]\S*\s+)[|>][1-9+-]{0,2}\s*$")
_YAML_DASHES = re.compile(r"^(\s*)((?:-\s+)*)")


def _yaml_line(line: str, start: int, quote: str | None) -> tuple[int | None, str | None]:
    """Scan one YAML line from ``start``: (index of a comment's ``#`` or None, quote still open or None)."""
    i = start
    prev = line[start - 1] if start > 0 else " "
    while i < len(line):
        ch = line[i]
        if quote is not None:
            end = _close_quote(line, i, quote, quote == '"')
            if end is None:
                return None, quote
            prev, quote, i = quote, None, end
            continue
        if ch == "#" and prev.isspace():
            return i, None
        if ch in "'\"":
            before = line[:i].rstrip()
            if not before or (before[-1] in ":-[{,?" and (line[i - 1].isspace() or line[i - 1] in "[{,")):
                quote = ch
                i += 1
                continue
        prev = ch
        i += 1
    return None, quote


def _yaml_block_parent(line: str) -> int:
    """The indentation a block scalar's content must exceed: the key's column, or the ``-`` item's."""
    m = _YAML_DASHES.match(line)
    assert m is not None
    indent, dashes = m.group(1), m.group(2)
    rest = line[m.end():]
    if dashes and rest[:1] in ("|", ">"):
        return len(indent) + len(dashes.rstrip()) - 1
    return m.end()


def scan_yaml(lines: Sequence[str]) -> tuple[list[Kind], list[Comment]]:
    """YAML comments: ``#`` at a line start or after whitespace, outside quotes and block scalars."""
    kinds: list[Kind] = []
    comments: list[Comment] = []
    block_parent: int | None = None
    quote: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        if block_parent is not None:
            if not stripped or indent > block_parent:
                kinds.append(Kind.CONT if stripped else Kind.BLANK)
                continue
            block_parent = None
        if quote is None:
            kind = _generic_kind(line)
            if kind is not Kind.START:
                kinds.append(kind)
                if kind is Kind.COMMENT:
                    comments.append(_own_line_comment(number, line))
                continue
            kinds.append(Kind.START)
        else:
            kinds.append(Kind.CONT)
        hash_at, quote = _yaml_line(line, 0, quote)
        if hash_at is not None:
            comments.append(Comment(number, hash_at + 1, line[hash_at:].rstrip(), False))
        if quote is None:
            code = line[:hash_at] if hash_at is not None else line
            if _YAML_BLOCK.search(code.rstrip()):
                block_parent = _yaml_block_parent(line)
    return kinds, comments


def scan_python(text: str, lines: Sequence[str]) -> tuple[list[Kind], list[Comment]]:
    """Python with ``tokenize``: comments are COMMENT tokens; a statement over several lines is one entry."""
    kinds = [_generic_kind(line) for line in lines]
    for i, kind in enumerate(kinds):
        if kind is Kind.START:
            kinds[i] = Kind.BLANK  # decided by the tokens below; BLANK until a token says otherwise
    comments: list[Comment] = []
    statement_start: int | None = None
    reached = 0
    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING, tokenize.ENDMARKER}
    try:
        # newline=None: lines end at CR LF, LF or CR, as for ast (the columns are unchanged)
        for tok in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            reached = tok.end[0]
            if tok.type == tokenize.COMMENT:
                line = lines[tok.start[0] - 1] if tok.start[0] <= len(lines) else tok.line
                own = not line[: tok.start[1]].strip()
                comments.append(Comment(tok.start[0], tok.start[1] + 1, tok.string.rstrip(), own))
                continue
            if tok.type == tokenize.NEWLINE:
                statement_start = None
                continue
            if tok.type in skip:
                continue
            if statement_start is None:
                statement_start = tok.start[0]
                _mark(kinds, tok.start[0], Kind.START)
            for ln in range(max(tok.start[0], statement_start + 1), tok.end[0] + 1):
                _mark(kinds, ln, Kind.CONT)
    except (tokenize.TokenError, SyntaxError, ValueError):
        # a file that does not tokenize (SMTP001 reports it): own-line comments after that point still count
        for number in range(reached + 1, len(lines) + 1):
            kind = _generic_kind(lines[number - 1])
            kinds[number - 1] = kind
            if kind is Kind.COMMENT:
                comments.append(_own_line_comment(number, lines[number - 1]))
    return kinds, comments


def _mark(kinds: list[Kind], line: int, kind: Kind) -> None:
    if 1 <= line <= len(kinds) and kinds[line - 1] is not Kind.COMMENT:
        if kind is Kind.CONT and kinds[line - 1] is Kind.START:
            return
        kinds[line - 1] = kind


def scan(fmt: Format, text: str) -> tuple[list[Kind], list[Comment]]:
    """The format's line kinds and comments."""
    lines = _lines(text, fmt)
    if fmt is Format.YAML:
        return scan_yaml(lines)
    if fmt is Format.DOTENV:
        return scan_dotenv(lines)
    if fmt is Format.DJANGO:
        return scan_python(text, lines)
    return scan_postfix(lines)


# --------------------------------------------------------------------------------------- directives


def _entry_after(kinds: Sequence[Kind], line: int) -> tuple[int, int] | None:
    """(first, last) lines of the entry that starts at the first code line after ``line``."""
    first = next((n for n in range(line + 1, len(kinds) + 1) if kinds[n - 1] in (Kind.START, Kind.CONT)), None)
    if first is None:
        return None
    last = first
    for n in range(first + 1, len(kinds) + 1):
        kind = kinds[n - 1]
        if kind is Kind.START:
            break
        if kind is Kind.CONT:
            last = n
    return first, last


def parse(path: str, fmt: Format, text: str) -> FileDirectives:
    """Every directive in ``text`` (ids that name no rule are kept: :func:`audit` reports them)."""
    out = FileDirectives(path)
    if "smtplint" not in text:
        return out  # the common case: no directive at all, no scan
    kinds, comments = scan(fmt, text)
    for comment in comments:
        if not _PREFIX.match(comment.text):
            continue
        span = Span(path, comment.line, comment.column, comment.line, comment.column + len(comment.text))
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
                _("'{text}' is not a rule id: suppressions name full ids such as SMTP101 (no prefixes, "
                  "no ALL)").format(text=_short(bad[0])))))
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
