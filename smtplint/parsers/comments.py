"""Comment readers: each format's line kinds and comments, for suppressions (smtplint.model.layout).

A format's registry entry (smtplint.formats) names its reader; the reading step calls it once, on the text the
parser got, and only when the text mentions ``smtplint`` (most files: no scan at all). Comments are found per
syntax with a careful scan (quotes, block scalars, continuation lines; Python with ``tokenize``), so a ``#``
inside a quoted value is never taken for a comment. Lines are counted as the format's parser counts them, so a
directive's line is a finding's line.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Sequence

from smtplint.model.layout import Comment, Layout, LineKind, may_hold_directive
from smtplint.patterns import lazy

Scan = tuple[list[LineKind], list[Comment]]

# Line breaks as each format's parser counts lines (so a directive's line is a finding's line):
# ruamel.yaml (and libyaml) also break at NEL, LS and PS; python-dotenv, tokenize/ast, configparser, the
# .properties reader and the JSON parser at CR LF, LF or a lone CR; Postfix at LF only (a CR before it is
# dropped).
_YAML_BREAKS = lazy(r"\r\n|[\r\n\x85\u2028\u2029]")
_ANY_BREAK = lazy(r"\r\n|\r|\n")


def _generic_kind(line: str) -> LineKind:
    stripped = line.strip()
    if not stripped:
        return LineKind.BLANK
    return LineKind.COMMENT if stripped.startswith("#") else LineKind.START


def _own_line_comment(number: int, line: str) -> Comment:
    col = len(line) - len(line.lstrip())
    return Comment(number, col + 1, line[col:].rstrip(), True)


def scan_postfix(lines: Sequence[str], continuation: bool = True) -> tuple[list[LineKind], list[Comment]]:
    """main.cf/master.cf: only own-line comments; a line starting with whitespace continues the entry (with
    ``continuation``; msmtprc has none)."""
    kinds: list[LineKind] = []
    comments: list[Comment] = []
    for number, line in enumerate(lines, start=1):
        kind = _generic_kind(line)
        if kind is LineKind.COMMENT:
            comments.append(_own_line_comment(number, line))
        elif continuation and kind is LineKind.START and line[0].isspace():
            kind = LineKind.CONT
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


def scan_dotenv(lines: Sequence[str]) -> tuple[list[LineKind], list[Comment]]:
    """``.env`` as python-dotenv reads it: quoted values may span lines; ``#`` after whitespace ends a value."""
    kinds: list[LineKind] = []
    comments: list[Comment] = []
    quote: str | None = None
    for number, line in enumerate(lines, start=1):
        rest_at: int | None = None
        if quote is not None:
            end = _close_quote(line, 0, quote, True)
            kinds.append(LineKind.CONT)
            if end is None:
                continue
            quote, rest_at = None, end
        else:
            kind = _generic_kind(line)
            kinds.append(kind)
            if kind is LineKind.COMMENT:
                comments.append(_own_line_comment(number, line))
                continue
            if kind is LineKind.BLANK:
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


_YAML_BLOCK = lazy(r"(?:^|[:?-]\s+|\s[!&]\S*\s+)[|>][1-9+-]{0,2}\s*$")
_YAML_DASHES = lazy(r"^(\s*)((?:-\s+)*)")


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


def scan_yaml(lines: Sequence[str]) -> tuple[list[LineKind], list[Comment]]:
    """YAML comments: ``#`` at a line start or after whitespace, outside quotes and block scalars."""
    kinds: list[LineKind] = []
    comments: list[Comment] = []
    block_parent: int | None = None
    quote: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        if block_parent is not None:
            if not stripped or indent > block_parent:
                kinds.append(LineKind.CONT if stripped else LineKind.BLANK)
                continue
            block_parent = None
        if quote is None:
            kind = _generic_kind(line)
            if kind is not LineKind.START:
                kinds.append(kind)
                if kind is LineKind.COMMENT:
                    comments.append(_own_line_comment(number, line))
                continue
            kinds.append(LineKind.START)
        else:
            kinds.append(LineKind.CONT)
        hash_at, quote = _yaml_line(line, 0, quote)
        if hash_at is not None:
            comments.append(Comment(number, hash_at + 1, line[hash_at:].rstrip(), False))
        if quote is None:
            code = line[:hash_at] if hash_at is not None else line
            if _YAML_BLOCK.search(code.rstrip()):
                block_parent = _yaml_block_parent(line)
    return kinds, comments


def scan_python(text: str, lines: Sequence[str]) -> tuple[list[LineKind], list[Comment]]:
    """Python with ``tokenize``: comments are COMMENT tokens; a statement over several lines is one entry."""
    kinds = [_generic_kind(line) for line in lines]
    for i, kind in enumerate(kinds):
        if kind is LineKind.START:
            kinds[i] = LineKind.BLANK  # decided by the tokens below; BLANK until a token says otherwise
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
                _mark(kinds, tok.start[0], LineKind.START)
            for ln in range(max(tok.start[0], statement_start + 1), tok.end[0] + 1):
                _mark(kinds, ln, LineKind.CONT)
    except (tokenize.TokenError, SyntaxError, ValueError):
        # a file that does not tokenize (SMTP001 reports it): own-line comments after that point still count
        for number in range(reached + 1, len(lines) + 1):
            kind = _generic_kind(lines[number - 1])
            kinds[number - 1] = kind
            if kind is LineKind.COMMENT:
                comments.append(_own_line_comment(number, lines[number - 1]))
    return kinds, comments


def _mark(kinds: list[LineKind], line: int, kind: LineKind) -> None:
    if 1 <= line <= len(kinds) and kinds[line - 1] is not LineKind.COMMENT:
        if kind is LineKind.CONT and kinds[line - 1] is LineKind.START:
            return
        kinds[line - 1] = kind


def _split(text: str, breaks: re.Pattern[str]) -> list[str]:
    out = breaks.split(text)
    if out and out[-1] == "":
        out.pop()
    return out


def _postfix_lines(text: str) -> list[str]:
    """Postfix breaks lines at LF only (a CR before it is dropped)."""
    out = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if out and out[-1] == "":
        out.pop()
    return out


def scan_ini(lines: Sequence[str]) -> Scan:
    """INI as configparser reads it: ``#`` and ``;`` own-line comments; an indented line continues the entry."""
    kinds: list[LineKind] = []
    comments: list[Comment] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            kinds.append(LineKind.BLANK)
        elif stripped.startswith(("#", ";")):
            kinds.append(LineKind.COMMENT)
            comments.append(_own_line_comment(number, line))
        else:
            kinds.append(LineKind.CONT if line[0].isspace() else LineKind.START)
    return kinds, comments


def scan_properties(lines: Sequence[str]) -> Scan:
    """``java.util.Properties``: ``#``/``!`` own-line comments; a line ending in an odd number of backslashes
    continues on the next line (leading white space is no continuation)."""
    kinds: list[LineKind] = []
    comments: list[Comment] = []
    continued = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if continued:
            kinds.append(LineKind.CONT)
        elif not stripped:
            kinds.append(LineKind.BLANK)
        elif stripped.startswith(("#", "!")):
            kinds.append(LineKind.COMMENT)
            comments.append(_own_line_comment(number, line))
            continue  # a comment never continues
        else:
            kinds.append(LineKind.START)
        tail = len(line) - len(line.rstrip("\\"))
        continued = tail % 2 == 1
    return kinds, comments


def scan_plain(lines: Sequence[str]) -> Scan:
    """A syntax without comments (JSON): every non-blank line starts an entry."""
    return [LineKind.START if line.strip() else LineKind.BLANK for line in lines], []


def _layout(scan: Scan) -> Layout:
    kinds, comments = scan
    return Layout(tuple(kinds), tuple(c for c in comments if may_hold_directive(c.text)))


def postfix(text: str) -> Layout:
    """main.cf/master.cf and other Postfix-syntax files."""
    return _layout(scan_postfix(_postfix_lines(text)))


def dotenv(text: str) -> Layout:
    """``.env`` files."""
    return _layout(scan_dotenv(_split(text, _ANY_BREAK)))


def yaml(text: str) -> Layout:
    """YAML (ruamel.yaml and libyaml also break lines at NEL, LS and PS)."""
    return _layout(scan_yaml(_split(text, _YAML_BREAKS)))


def python(text: str) -> Layout:
    """Python modules (Django settings)."""
    return _layout(scan_python(text, _split(text, _ANY_BREAK)))


def ini(text: str) -> Layout:
    """INI files."""
    return _layout(scan_ini(_split(text, _ANY_BREAK)))


def properties(text: str) -> Layout:
    """Java ``.properties`` files."""
    return _layout(scan_properties(_split(text, _ANY_BREAK)))


def plain(text: str) -> Layout:
    """Formats without comments (JSON)."""
    return _layout(scan_plain(_split(text, _ANY_BREAK)))


Reader = Callable[[str], Layout]


def hash_lines(text: str) -> Layout:
    """msmtprc: ``#`` comments, lines ended at LF only (msmtp's reader, like Postfix's)."""
    return _layout(scan_postfix(_postfix_lines(text), continuation=False))


def _comment_at(line: str, markers: tuple[str, ...], quotes: str, depth: int) -> tuple[int | None, int]:
    """Index of the first comment marker outside quotes (None), and the parenthesis depth after the line."""
    quote: str | None = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote is not None:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in quotes:
            quote = ch
        elif line.startswith(markers, i):
            return i, depth
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        i += 1
    return None, depth


def _scan_marked(lines: Sequence[str], markers: tuple[str, ...], quotes: str, parens: bool) -> Scan:
    kinds: list[LineKind] = []
    comments: list[Comment] = []
    depth = 0
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            kinds.append(LineKind.BLANK)
            continue
        inside = parens and depth > 0
        at, depth = _comment_at(line, markers, quotes, depth)
        if at is not None and not line[:at].strip():
            kinds.append(LineKind.CONT if inside else LineKind.COMMENT)
            comments.append(Comment(number, at + 1, line[at:].rstrip(), True))
            continue
        kinds.append(LineKind.CONT if inside else LineKind.START)
        if at is not None:
            comments.append(Comment(number, at + 1, line[at:].rstrip(), False))
    return kinds, comments


def zone(text: str) -> Layout:
    """RFC 1035 zone files: ``;`` comments outside quotes; lines inside ``( ... )`` continue the record."""
    return _layout(_scan_marked(_split(text, _ANY_BREAK), (";",), '"', parens=True))


def c_like(text: str, *, hash_comments: bool) -> Layout:
    """``//`` line comments outside quotes (JavaScript, Go, Java, C#: ``"``, ``'`` and backquotes), and ``#`` too
    for HCL/Terraform (``"`` strings only)."""
    if hash_comments:
        return _layout(_scan_marked(_split(text, _ANY_BREAK), ("//", "#"), '"', parens=False))
    return _layout(_scan_marked(_split(text, _ANY_BREAK), ("//",), "\"'`", parens=False))


def javascript(text: str) -> Layout:
    """JavaScript: ``//`` line comments outside quotes."""
    return c_like(text, hash_comments=False)


def hcl(text: str) -> Layout:
    """HCL (Terraform): ``#`` and ``//`` line comments outside quotes."""
    return c_like(text, hash_comments=True)


def ruby(text: str) -> Layout:
    """Ruby: ``#`` line comments outside quotes."""
    return _layout(_scan_marked(_split(text, _ANY_BREAK), ("#",), "\"'", parens=False))


def php(text: str) -> Layout:
    """PHP: ``//`` and ``#`` line comments outside quotes."""
    return _layout(_scan_marked(_split(text, _ANY_BREAK), ("//", "#"), "\"'", parens=False))
