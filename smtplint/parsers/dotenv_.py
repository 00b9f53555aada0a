"""``.env`` files, read with python-dotenv's own parser and given exact positions.

python-dotenv (``dotenv.parser.parse_stream``) decides what a line means, so that smtplint agrees with the
library on quotes, escapes, ``export`` and inline comments; this module only finds where each part is
written, because dotenv reports the text of an entry but not its columns.

Decisions:

* The span of an entry runs from its key (after ``export ``) to the end of its value, the closing quote
  included and a trailing ``# comment`` excluded; ``KEY=`` ends after the ``=``, ``KEY`` after the key.
* Values are what python-dotenv gives. Unquoted and double-quoted values go through
  :func:`values.classify` (``${X}`` is a reference, ``${X:-587}`` a fallback). Single-quoted values are
  literal text: phpdotenv (Laravel), compose, Ruby dotenv and the shell never expand ``'${X}'``.
* ``KEY`` alone (no ``=``) is a value that is not set here: value None, origin REFERENCE.
* Line endings: a ``\\r`` that ends up *inside* a value (a quoted value that spans CRLF lines, or a
  ``"...\\r"`` escape) is kept, so that the password-whitespace rule sees it; python-dotenv (like
  phpdotenv, Node dotenv and compose) drops the CR of a CRLF line ending after an unquoted or quoted
  value, so a CRLF file alone is no finding. Lines are counted the way python-dotenv counts them
  (``\\r\\n``, ``\\n`` or ``\\r``), and columns never include the ``\\r``.
* An entry python-dotenv cannot read becomes an SMTP001 warning at its line ("expected KEY=VALUE",
  "unterminated quote") and parsing goes on.
* A line that is only a Jinja statement or comment (``{% if x %}``, ``{# x #}``) is a template's control
  line and is skipped; ``{{ x }}`` values are references.
* Fast path: a file without ``SMTP``/``MAIL`` (which includes ``EMAIL``)/``RELAY`` in any case is not parsed.
* Speed (issue 20): the bindings come from :mod:`smtplint.parsers.dotenv_grammar`, python-dotenv's grammar as
  one regular expression (python-dotenv itself reads only from the first entry it reports as unreadable);
  a ``.env`` file keeps only the entries whose names can matter to an endpoint (a mail family or
  ``NODE_TLS_REJECT_UNAUTHORIZED``), so the hundreds of other entries of a long ``.env.example`` are never
  located or classified. The compose linking step still gets every entry.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Origin, Setting, Severity, Span
from smtplint.parsers import templates
from smtplint.parsers.values import classify
from smtplint.patterns import lazy
from smtplint.records import record

_RELEVANT = lazy(r"smtp|mail|relay", re.I)
_NEWLINE = lazy(r"\r\n|\n|\r")
_NEWLINE_KEPT = lazy(r"(\r\n|\n|\r)")
# The same token shapes as python-dotenv's parser (dotenv/parser.py), used only to find columns.
_LEADING_WS = lazy(r"\s*")
_EXPORT = lazy(r"(?:export[^\S\r\n]+)?")
_QUOTED_KEY = lazy(r"'([^']+)'")
_UNQUOTED_KEY = lazy(r"[^=\#\s]+")
_WS = lazy(r"[^\S\r\n]*")
_EQUAL = lazy(r"=[^\S\r\n]*")
_QUOTED_VALUE = {
    "'": lazy(r"'((?:\\.|[^'\\])*)'", re.S),
    '"': lazy(r'"((?:\\.|[^"\\])*)"', re.S),
}
_UNQUOTED_VALUE = lazy(r"[^\r\n]*")
# python-dotenv strips an inline comment with ``\s+#.*``: quadratic time in a long run of blanks (hostile input)
_BLANK_RUN = lazy(r"[^\S\r\n]{1024,}")
# A whole line that is a Jinja/Ansible statement or comment (``{% if relay %}``, ``{# note #}``): a template's
# control line, not an entry (Mailu's setup renders mailu.env from one); read as a comment of the same length
_TEMPLATE_LINE = lazy(r"[^\S\r\n]*\{([%#]).*\1\}[^\S\r\n]*")


def _skip(regex: re.Pattern[str], text: str, pos: int) -> int:
    """The offset after ``regex`` matched at ``pos`` (``pos`` itself when it does not match)."""
    m = regex.match(text, pos)
    return m.end() if m is not None else pos


class _Lines:
    """Offsets to 1-based (line, column), counting line breaks as python-dotenv does."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []  # where each line starts, found on the first question (most files: none)

    def position(self, offset: int) -> tuple[int, int]:
        if not self.starts:
            self.starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def end(self) -> tuple[int, int]:
        """The (line, column) of the end of the text, without finding every line."""
        text = self.text
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        return breaks + 1, len(text) - max(text.rfind("\n"), text.rfind("\r"))

    def span(self, path: str, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(path, line, column, end_line, end_column)


@record(frozen=True)
class _Entry:
    """Where one binding's parts are, as offsets in the file text."""

    key_start: int
    entry_end: int
    value_start: int | None  # first character of the value text (inside quotes), None without '='
    value_end: int | None
    quote: str  # "'", '"' or ""


def _locate(original: str, base: int, value: str | None) -> _Entry | None:
    """Find the key and value of a binding whose text is ``original`` (starting at offset ``base``)."""
    pos = _skip(_EXPORT, original, _skip(_LEADING_WS, original, 0))
    key_start = pos
    key = (_QUOTED_KEY if original.startswith("'", pos) else _UNQUOTED_KEY).match(original, pos)
    if key is None:
        return None
    pos = _skip(_WS, original, key.end())
    if not original.startswith("=", pos):
        return _Entry(base + key_start, base + key.end(), None, None, "")
    equal = _EQUAL.match(original, pos)
    assert equal is not None
    after_equal = base + pos + 1
    pos = equal.end()
    char = original[pos:pos + 1]
    if value == "" and (char in ("", "\n", "\r") or (len(equal.group(0)) > 1 and char == "#")):
        return _Entry(base + key_start, after_equal, after_equal, after_equal, "")
    if char in _QUOTED_VALUE:
        m = _QUOTED_VALUE[char].match(original, pos)
        if m is None:
            return None
        return _Entry(base + key_start, base + m.end(), base + m.start(1), base + m.end(1), char)
    part = _UNQUOTED_VALUE.match(original, pos)
    assert part is not None
    kept = re.sub(r"\s#.*", "", part.group(0)).rstrip()  # not \s+#: quadratic on a long run of spaces
    end = base + pos + len(kept)
    return _Entry(base + key_start, end, base + pos, end, "")


def _error_message(original: str) -> str:
    """Why python-dotenv could not read an entry, in a few words."""
    pos = _skip(_EXPORT, original, _skip(_LEADING_WS, original, 0))
    if original.startswith("'", pos) and _QUOTED_KEY.match(original, pos) is None:
        return _("unterminated quote in the variable name")
    key = _UNQUOTED_KEY.match(original, pos)
    if key is not None:
        pos = _skip(_WS, original, key.end())
        if original.startswith("=", pos):
            pos = _skip(_EQUAL, original, pos)
            quote = original[pos:pos + 1]
            if quote in _QUOTED_VALUE:
                if _QUOTED_VALUE[quote].match(original, pos) is None:
                    return _("unterminated quote: the value starts with {quote} but it is never closed").format(
                        quote=quote)
                return _("unexpected text after the closing {quote} (the quoted value may run over several "
                         "lines, or a quote inside it lacks its backslash)").format(quote=quote)
    return _("expected KEY=VALUE")


def _setting(key: str, value: str | None, entry: _Entry, span: Span) -> Setting[str]:
    """The Setting of one entry: single quotes are literal, other values are classified."""
    if value is None:
        return Setting(key, None, "", span, Origin.REFERENCE)
    if entry.quote == "'":
        return Setting(key, value, value, span, Origin.LITERAL)
    scalar = classify(value)
    text = value if scalar.origin is Origin.LITERAL else scalar.text
    return Setting(key, text, value, span, scalar.origin)


def parse(path: str, text: str) -> Document:
    """Parse a ``.env`` file into a Document of client endpoints and SMTP001 diagnostics.

    ``path`` is the display path used in spans. Never raises on bad input.
    """
    doc = Document(path, "dotenv")
    if not _RELEVANT.search(text):
        return doc
    from smtplint.parsers.envvars import endpoints_from_env, may_name_mail

    settings, value_spans, diagnostics, block = read_variables(path, text, keep=may_name_mail)
    doc.diagnostics.extend(diagnostics)
    if settings:
        doc.endpoints.extend(endpoints_from_env(settings, block, value_spans=value_spans))
    return doc


def read_variables(path: str, text: str, keep: Callable[[str], bool] | None = None,
                   ) -> tuple[list[Setting[str]], list[Span | None], list[Diagnostic], Span]:
    """Every ``KEY=VALUE`` entry of a ``.env`` text as a Setting (in order), where each value is written
    (when verbatim on one line), the diagnostics of unreadable entries, and the span of the whole file.
    With ``keep``, only the entries whose name it accepts (the diagnostics are all there).

    Also used by the compose linking step, which needs every variable, not only the mail ones.
    """
    from smtplint.parsers.dotenv_grammar import placed_bindings

    body = templates.mask_lines(text.removeprefix("\ufeff"))  # template lines are comments
    lines = _Lines(body)
    settings: list[Setting[str]] = []
    value_spans: list[Span | None] = []
    diagnostics: list[Diagnostic] = []
    body = _without_blank_runs(path, lines, body, diagnostics)
    if "{" in body:
        body = _without_template_lines(body)
    for base, binding in placed_bindings(body, keep):
        original = binding.original
        if binding.error:
            diagnostics.append(_diagnostic(path, lines, original, base))
            continue
        if binding.key is None:
            continue
        entry = _locate(original, base, binding.value)
        if entry is None:  # the shapes disagree with python-dotenv's (another version): whole entry
            stripped = original.strip()
            start = base + original.find(stripped[:1]) if stripped else base
            entry = _Entry(start, start + len(stripped.splitlines()[0]) if stripped else start, None, None, "")
        span = lines.span(path, entry.key_start, entry.entry_end)
        settings.append(_setting(binding.key, binding.value, entry, span))
        value_spans.append(_value_span(path, lines, body, entry, binding.value))
    last = lines.end()
    return settings, value_spans, diagnostics, Span(path, 1, 1, last[0], last[1])


def _without_blank_runs(path: str, lines: _Lines, body: str, diagnostics: list[Diagnostic]) -> str:
    """Each line holding 1024 or more blanks in a row becomes a comment of the same length (so every offset
    stays true) with an SMTP001 warning: python-dotenv would spend quadratic time on it."""
    if _BLANK_RUN.search(body) is None:
        return body
    parts: list[str] = []
    done = 0
    for m in _BLANK_RUN.finditer(body):
        if m.start() < done:
            continue  # a second run on a line already blanked
        start = max(body.rfind("\n", 0, m.start()), body.rfind("\r", 0, m.start())) + 1
        end = m.start() + len(_UNQUOTED_VALUE.match(body, m.start()).group())  # type: ignore[union-attr]
        parts += [body[done:start], "#" * (end - start)]
        done = end
        diagnostics.append(Diagnostic(
            Span.point(path, lines.position(start)[0]),
            _("cannot read this .env line: it holds over 1024 blanks in a row"), Severity.WARNING))
    parts.append(body[done:])
    return "".join(parts)


def _without_template_lines(body: str) -> str:
    """Each line that is only a Jinja statement or comment becomes a comment of the same length (offsets stay
    true), whatever the line endings."""
    parts = _NEWLINE_KEPT.split(body)
    for i in range(0, len(parts), 2):
        if _TEMPLATE_LINE.fullmatch(parts[i]):
            parts[i] = "#" * len(parts[i])
    return "".join(parts)


def _value_span(path: str, lines: _Lines, body: str, entry: _Entry, value: str | None) -> Span | None:
    """Where the value text is written, when it is written verbatim on one line (no escapes)."""
    if value is None or entry.value_start is None or entry.value_end is None:
        return None
    if body[entry.value_start:entry.value_end] != value:
        return None
    span = lines.span(path, entry.value_start, entry.value_end)
    return span if span.line == span.end_line else None


def _diagnostic(path: str, lines: _Lines, original: str, base: int) -> Diagnostic:
    """SMTP001 warning for an entry python-dotenv could not read, on its first non-blank line."""
    start = _skip(_LEADING_WS, original, 0)
    line_text = _NEWLINE.split(original[start:], maxsplit=1)[0].rstrip()
    span = lines.span(path, base + start, base + start + max(len(line_text), 1))
    return Diagnostic(span, _("cannot read this .env line: {problem}").format(problem=_error_message(original)),
                      Severity.WARNING)
