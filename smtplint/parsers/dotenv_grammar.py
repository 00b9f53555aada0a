"""python-dotenv's ``.env`` grammar as one regular expression: the same bindings as ``dotenv.parser``, faster.

python-dotenv (``dotenv.parser.parse_stream``) reads a binding with a dozen small steps, each a regular
expression matched where the previous one stopped, and counts the lines of every piece it reads; on a
700-line ``.env.example`` that took about 20 ms, and importing python-dotenv (its ``dotenv.main``, with
``logging`` and ``tempfile``) another ~15 ms. Here those steps are one pattern, each step an atomic group
(``(?>...)``) so that, like the successive calls, no step gives back what it matched to let a later one
succeed; the branches python-dotenv takes after peeking at one character are lookaheads. A text is then read
with one ``match`` per binding.

Bindings that python-dotenv reports as errors are not reimplemented: at the first binding the pattern
cannot read, the rest of the text goes to python-dotenv itself (imported only then), which reads from there
exactly as it would have (its reader keeps no state but the position). tests/test_dotenv_grammar.py checks
the two agree on generated and hostile texts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from smtplint.patterns import lazy

_BINDING = lazy(r"""
    (?>\s*)                                          # _multiline_whitespace
    (?:
        \Z                                           # nothing more: no binding
    |
        (?>(?:export[^\S\r\n]+)?)                    # _export
        (?>                                          # parse_key, by the first character
            (?=\#)                                   #   '#': no key (a comment)
          | '(?P<qkey>[^']+)'                        #   "'": _single_quoted_key
          | (?!['\#])(?P<key>[^=\#\s]+)              #   else: _unquoted_key
        )
        (?>[^\S\r\n]*)                               # _whitespace
        (?:
            (?P<eq>=(?>[^\S\r\n]*))                  # _equal_sign
            (?>                                      # the value, by the next character
                (?<!=)(?=\#)                         #   blanks after '=', then '#': empty (a comment)
              | '(?P<sq>(?:(?s:\\.)|[^'\\])*)'       #   "'": _single_quoted_value
              | "(?P<dq>(?:(?s:\\.)|[^"\\])*)"       #   '"': _double_quoted_value
              | (?=[\r\n]|\Z)                        #   end of line or text: empty
              | (?!['"])(?P<uq>[^\r\n]*)             #   else: _unquoted_value
            )
          | (?!=)                                    # no '=': no value
        )
        (?>(?:[^\S\r\n]*\#[^\r\n]*)?)                # _comment
        (?>[^\S\r\n]*(?:\r\n|\n|\r|$))               # _end_of_line
    )
""", re.VERBOSE)
_COMMENT_AFTER_BLANK = lazy(r"\s+#.*")
# the escapes python-dotenv decodes (with codecs' unicode-escape, which gives these for two-character sequences)
_DOUBLE_QUOTE_ESCAPES = lazy(r"\\[\\'\"abfnrtv]")
_SINGLE_QUOTE_ESCAPES = lazy(r"\\[\\']")
_ESCAPED = {"\\\\": "\\", "\\'": "'", '\\"': '"', "\\a": "\a", "\\b": "\b", "\\f": "\f", "\\n": "\n",
            "\\r": "\r", "\\t": "\t", "\\v": "\v"}


class Binding(NamedTuple):
    """One entry as python-dotenv gives it: key and value (None when absent), the text it was read from
    (from the end of the previous entry), and whether python-dotenv could not read it. Blank lines and
    comments are bindings without a key, as in python-dotenv."""

    key: str | None
    value: str | None
    original: str
    error: bool


def _decode(regex: re.Pattern[str], text: str) -> str:
    return regex.sub(lambda m: _ESCAPED[m.group(0)], text) if "\\" in text else text


def _binding(m: re.Match[str], keep: Callable[[str], bool] | None) -> Binding:
    """The binding one match of ``_BINDING`` reads (its value left out when ``keep`` refuses its name)."""
    quoted_key, key, equal, single, double, unquoted = m.groups()
    name = key or quoted_key
    value: str | None
    if equal is None or (keep is not None and name is not None and not keep(name)):
        value = None
    elif unquoted is not None:
        value = _COMMENT_AFTER_BLANK.sub("", unquoted).rstrip()
    elif double is not None:
        value = _decode(_DOUBLE_QUOTE_ESCAPES, double)
    elif single is not None:
        value = _decode(_SINGLE_QUOTE_ESCAPES, single)
    else:
        value = ""
    return Binding(name, value, m.group(), False)


def bindings(text: str, keep: Callable[[str], bool] | None = None) -> Iterator[Binding]:
    """The bindings python-dotenv's ``parse_stream`` reads from ``text`` (a leading BOM dropped as it does).

    With ``keep``, an entry whose name it refuses comes without its value (``None``).
    """
    text = text.removeprefix("\ufeff")
    pos = 0
    end = len(text)
    match = _BINDING.match
    while pos < end:
        m = match(text, pos)
        if m is None:
            yield from _by_python_dotenv(text, pos)
            return
        yield _binding(m, keep)
        pos = m.end()


# A text whose every line is blank, a comment or a one-line ``KEY=value`` entry (a plain key; a value unquoted,
# or quoted with no backslash and closed on its line) -- what most .env files are: python-dotenv reads each such
# line as one binding, with no error, starting at the line (the blank lines before it aside).
_SIMPLE_LINE = r"""
    [^\S\r\n]*
    (?:
        \#[^\r\n]*
      | (?>(?:export[^\S\r\n]+)?)[A-Za-z0-9_.\-]+[^\S\r\n]*=(?>[^\S\r\n]*)  # atomic: a quote after the blanks
        (?:
            "[^"\\\r\n]*"[^\S\r\n]*(?:\#[^\r\n]*)?
          | '[^'\\\r\n]*'[^\S\r\n]*(?:\#[^\r\n]*)?
          | (?!["'])[^\r\n]*
        )
    )?
"""
_SIMPLE_TEXT = lazy(rf"(?:{_SIMPLE_LINE}(?:\r\n|\n|\Z))+\Z", re.VERBOSE)  # the last line ends the text
_KEY_LINE = lazy(r"^[^\S\r\n]*(?>(?:export[^\S\r\n]+)?)([A-Za-z0-9_.\-]+)[^\S\r\n]*=", re.MULTILINE)


def placed_bindings(text: str, keep: Callable[[str], bool] | None = None) -> Iterator[tuple[int, Binding]]:
    """(offset in ``text``, binding) of each binding :func:`bindings` reads, in order; with ``keep``, only the
    entries whose name it accepts and the bindings python-dotenv cannot read.

    A long ``.env.example`` is mostly entries no reader wants: with ``keep``, when the text is simple
    (``_SIMPLE_TEXT``: one entry per line, LF or CRLF line breaks), only the lines whose name ``keep`` accepts
    are read, each from its line start; otherwise the text is read binding by binding.
    """
    body = text.removeprefix("\ufeff")  # as bindings() reads it
    shift = len(text) - len(body)
    if keep is not None and ("\r" not in body or body.count("\r") == body.count("\r\n")) \
            and _SIMPLE_TEXT.match(body):
        for line in _KEY_LINE.finditer(body):
            if keep(line.group(1)):
                m = _BINDING.match(body, line.start())
                assert m is not None  # a simple line is one binding
                yield line.start() + shift, _binding(m, None)
        return
    offset = shift
    for binding in bindings(text, keep):
        if keep is None or binding.error or (binding.key is not None and keep(binding.key)):
            yield offset, binding
        offset += len(binding.original)


def _by_python_dotenv(text: str, pos: int) -> Iterator[Binding]:
    """python-dotenv's own bindings from ``pos`` on (its reader keeps nothing but the position)."""
    from dotenv.parser import parse_stream

    rest = text[pos:]
    if rest.startswith("\ufeff"):
        rest = "\ufeff" + rest  # its reader drops one leading BOM: this one, not the text's
    for binding in parse_stream(io.StringIO(rest, newline="")):
        yield Binding(binding.key, binding.value, binding.original.string, binding.error)
