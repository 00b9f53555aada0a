"""The text reports, ruff-style, then a summary line.

``concise``: one line per finding, ``path:line:col: error SMTP101 message [related: main.cf:11:1]``.
``full`` (the default): that header with the message wrapped to the width, then the source line(s) with a
caret under the span, then ``= related:`` lines. Source text comes from ``Outcome.sources`` (never re-read)
and is printed through :func:`redact`, so a password, a DSN's user-info or its length never reaches the
report; for the rules that point at passwords a line the redaction leaves alone is masked from the span on,
and a line that could not be parsed (SMTP001) is never printed.
Colour (ANSI SGR) only when the caller asks for it; control characters in paths, messages and sources are
always shown escaped.
"""

from __future__ import annotations

from smtplint.i18n import N_, _, ngettext
from smtplint.model import Finding, Severity, Span
from smtplint.model.fingerprint import redact, split_lines
from smtplint.report import Outcome

SECRET_RULES = frozenset({"SMTP202", "SMTP204"})  # their span covers a password value
# a line smtplint could not parse may be anything, a password's continuation included: never printed
NO_SOURCE_RULES = frozenset({"SMTP001"})
_MAX_SOURCE_LINES = 4  # of a longer span: the first lines, then "..."
_SEVERITY_COLOR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
TAG_WORDS = {"example": N_("example")}  # finding tags as the text forms print them


def severity_word(severity: Severity) -> str:
    """The severity as the text report shows it (translated)."""
    if severity is Severity.ERROR:
        return _("error")
    if severity is Severity.WARNING:
        return _("warning")
    return _("info")


class _Paint:
    """ANSI SGR sequences when colour is on, the plain text otherwise."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on and text else text


def escape(text: str) -> str:
    """Control characters and terminal escapes shown as Python escapes, so nothing reaches the terminal raw."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def render(outcome: Outcome, *, full: bool = True, color: bool = False, width: int = 80) -> str:
    """The findings (full: with their source; concise: one line each), then the summary line."""
    paint = _Paint(color)
    if not full:
        lines = [_header(f, paint) + escape(f.message) + _suppressed(f) + _related_inline(f) for f in outcome.findings]
        return "\n".join([*lines, summary(outcome)]) + "\n"
    cache: dict[str, list[str] | None] = {}
    blocks = [_full(f, paint, max(width, 40), _lines_of(outcome, f.span.path, cache), outcome, cache)
              for f in outcome.findings]
    return "".join(b + "\n" for b in blocks) + summary(outcome) + "\n"


def _header(f: Finding, paint: _Paint) -> str:
    """``path:line:col: error SMTP101 `` (the message follows)."""
    where = f"{paint(escape(f.span.path), '1')}:{f.span.line}:{f.span.column}:"
    tags = "".join(f"[{_(TAG_WORDS.get(t, t))}] " for t in f.tags)
    severity = paint(severity_word(f.severity), "1;" + _SEVERITY_COLOR[f.severity])
    return f"{where} {severity} {paint(f.rule_id, '1')} {tags}"


def _location(span: Span) -> str:
    return f"{escape(span.path)}:{span.line}:{span.column}"


def _related_inline(f: Finding) -> str:
    """`` [related: main.cf:11:1, master.cf:3:1]`` for the concise form."""
    if not f.related:
        return ""
    return " " + _("[related: {locations}]").format(locations=", ".join(_location(s) for s in f.related))


def _lines_of(outcome: Outcome, path: str, cache: dict[str, list[str] | None]) -> list[str] | None:
    if path not in cache:
        text = outcome.sources.get(path)
        lines = split_lines(text) if text is not None else None
        if lines:
            lines[0] = lines[0].removeprefix("\ufeff")
        cache[path] = lines
    return cache[path]


def _shown(text: str) -> str:
    """A source fragment as printed: tabs as four columns, control characters escaped."""
    return escape(text.expandtabs(4))


def _source(f: Finding, lines: list[str] | None) -> list[tuple[int, str, int, int]]:
    """(line number, redacted text, caret start, caret width) for each printed line of the span."""
    s = f.span
    if lines is None or not 0 < s.line <= len(lines) or f.rule_id in NO_SOURCE_RULES:
        return []
    last = min(max(s.end_line, s.line), len(lines))
    out: list[tuple[int, str, int, int]] = []
    masked = False
    for number in range(s.line, last + 1):
        raw = lines[number - 1]
        text = redact(raw)
        if number == s.line and f.rule_id in SECRET_RULES and text == raw:
            text = raw[: max(s.column - 1, 0)] + "***"  # the redaction did not recognise the line: mask the span
        if masked:
            text = raw[: len(raw) - len(raw.lstrip())] + "***"  # a value's continuation after a masked line
        masked = masked or text != raw
        start = max(s.column, 1) if number == s.line else len(text) - len(text.lstrip()) + 1
        end = max(s.end_column, 1) if number == s.end_line else len(text) + 1
        start, end = min(start, len(text) + 1), min(end, len(text) + 1)
        caret_from = len(_shown(text[: start - 1]))
        caret_width = max(len(_shown(text[: end - 1])) - caret_from, 1)
        out.append((number, _shown(text), caret_from, caret_width))
    if len(out) > _MAX_SOURCE_LINES:
        out = [*out[: _MAX_SOURCE_LINES - 1], (0, "...", 0, 0)]
    return out


_OTHER_BLANKS = frozenset("\t\n\r\x0b\x0c")


def wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """``textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False,
    break_on_hyphens=False)``, line for line, at a fraction of its cost for a message whose words are
    separated by single spaces (almost every message: the others go to textwrap). Greedy: a word goes on the
    line when it fits; a word longer than a line stands alone on one."""
    words = text.split(" ")
    if not text or text[0] == " " or text[-1] == " " or "  " in text or not _OTHER_BLANKS.isdisjoint(text) \
            or any(not word.strip() for word in words):  # other blanks (no-break spaces): textwrap decides
        import textwrap  # here: most runs never need it

        return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                             break_long_words=False, break_on_hyphens=False)
    lines: list[str] = []
    indent, room = first, width - len(first)
    line: list[str] = []
    used = 0
    for word in words:
        size = len(word)
        if line and used + 1 + size <= room:
            line.append(word)
            used += 1 + size
            continue
        if line:
            lines.append(indent + " ".join(line))
            indent, room = rest, width - len(rest)
        if size > room:  # too long for any line: alone on one
            lines.append(indent + word)
            indent, room = rest, width - len(rest)
            line, used = [], 0
        else:
            line, used = [word], size
    if line:
        lines.append(indent + " ".join(line))
    return lines


def _full(f: Finding, paint: _Paint, width: int, lines: list[str] | None, outcome: Outcome,
          cache: dict[str, list[str] | None]) -> str:
    header = _header(f, paint)
    plain_header = _header(f, _Paint(False))
    message = escape(f.message) + _suppressed(f)
    wrapped = wrap(message, width, plain_header, "    ")
    wrapped[0] = header + wrapped[0][len(plain_header):]
    out = list(wrapped)
    source = _source(f, lines)
    gutter_width = max((len(str(n)) for n, *_ in source), default=1)
    bar = paint(" " * gutter_width + " |", "1;34")
    color = "1;" + _SEVERITY_COLOR[f.severity]
    if source:
        out.append(bar)
        for number, text, caret_from, caret_width in source:
            label = paint(f"{number:>{gutter_width}} |", "1;34") if number else bar
            out.append(f"{label} {text}".rstrip())
            if number:
                carets = paint("^" * caret_width, color)
                out.append(f"{bar} {' ' * caret_from}{carets}" + (f" {paint(f.rule_id, color)}" if number == f.span.line
                                                                    else ""))
        out.append(bar)
    for span in f.related:
        related_lines = _lines_of(outcome, span.path, cache)
        text = ""
        if related_lines is not None and 0 < span.line <= len(related_lines):
            text = _shown(redact(related_lines[span.line - 1])).strip()
        where = _("related: {location}").format(location=_location(span))
        out.append(f"{' ' * gutter_width} {paint('=', '1;34')} {where}" + (f": {text}" if text else ""))
    return "\n".join(out) + "\n"


def _suppressed(f: Finding) -> str:
    """`` [suppressed: inline -- reason]`` for a suppressed finding shown with --show-suppressed."""
    sup = f.suppression
    if sup is None:
        return ""
    if sup.reason:
        return " " + _("[suppressed: {kind} -- {reason}]").format(kind=sup.kind, reason=escape(sup.reason))
    return " " + _("[suppressed: {kind}]").format(kind=sup.kind)


IGNORED_SHOWN = 3  # ignored mail-looking files named in the summary; the others are counted


def summary(outcome: Outcome) -> str:
    """``Found 3 findings (2 errors, 1 warning) in 5 files checked.`` or ``All checks passed (5 files checked).``,
    then, when .gitignore kept out files that look like mail configuration, a line that says so and how to
    lint them (a silent "All checks passed" over operator configuration would be a lie by omission).

    Suppressed findings (shown with --show-suppressed) are not counted as findings, only mentioned.
    """
    line = _counts(outcome)
    if not outcome.ignored:
        return line
    n = len(outcome.ignored)
    names = ", ".join(escape(p) for p in outcome.ignored[:IGNORED_SHOWN])
    if n > IGNORED_SHOWN:
        names += ", " + ngettext("and {count} more", "and {count} more", n - IGNORED_SHOWN).format(
            count=n - IGNORED_SHOWN)
    return line + "\n" + ngettext(
        "{count} file ignored by .gitignore looks like mail configuration and was not checked ({files}); lint it "
        "with --no-respect-gitignore",
        "{count} files ignored by .gitignore look like mail configuration and were not checked ({files}); lint "
        "them with --no-respect-gitignore", n).format(count=n, files=names)


def _counts(outcome: Outcome) -> str:
    n = outcome.files_checked
    files = ngettext("{count} file checked", "{count} files checked", n).format(count=n)
    active = [f for f in outcome.findings if f.suppression is None]
    hidden = len(outcome.findings) - len(active)
    shown = ngettext("{count} suppressed finding shown", "{count} suppressed findings shown",
                     hidden).format(count=hidden)
    if not active and outcome.failed:  # not "All checks passed": a file named on the command line was not read
        failed = len(outcome.failed)
        return ngettext("No findings ({files}), but {count} file named on the command line could not be linted.",
                        "No findings ({files}), but {count} files named on the command line could not be linted.",
                        failed).format(files=files, count=failed)
    if not active:
        if hidden:
            return _("All checks passed ({files}; {suppressed}).").format(files=files, suppressed=shown)
        return _("All checks passed ({files}).").format(files=files)
    counts = {s: sum(1 for f in active if f.severity is s) for s in Severity}
    severities = ", ".join(_severity_count(s, c) for s, c in counts.items() if c)
    total = len(active)
    if hidden:
        return ngettext("Found {count} finding ({severities}) in {files}; {suppressed}.",
                        "Found {count} findings ({severities}) in {files}; {suppressed}.",
                        total).format(count=total, severities=severities, files=files, suppressed=shown)
    return ngettext("Found {count} finding ({severities}) in {files}.",
                    "Found {count} findings ({severities}) in {files}.", total).format(
        count=total, severities=severities, files=files)


def _severity_count(severity: Severity, count: int) -> str:
    """``2 errors``, ``1 warning``, ``3 info``: one part of the summary's breakdown."""
    if severity is Severity.ERROR:
        return ngettext("{count} error", "{count} errors", count).format(count=count)
    if severity is Severity.WARNING:
        return ngettext("{count} warning", "{count} warnings", count).format(count=count)
    return ngettext("{count} info", "{count} info", count).format(count=count)


def render_notes(outcome: Outcome) -> str:
    """Named files that cannot be linted, skipped files and internal errors, for standard error."""
    lines = [_("{path}: error: {reason}").format(path=escape(path), reason=escape(reason))
             for path, reason in outcome.failed]
    lines += [_("{path}: skipped: {reason}").format(path=escape(path), reason=escape(reason))
              for path, reason in outcome.skipped]
    lines += [_("{path}: internal error in {what}; please report it to the smtplint issue tracker").format(
        path=escape(path), what=escape(what)) for path, what in outcome.errors]
    return "\n".join(lines) + ("\n" if lines else "")
