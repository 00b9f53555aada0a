"""Large YAML files: the top-level blocks that cannot hold a mail setting are not composed.

A 60 kB Helm ``values.yaml`` or application configuration whose mail settings sit in one block costs tens
of milliseconds to compose into nodes and walk, almost all of it on blocks the readers of
:mod:`smtplint.parsers.yaml_` never find anything in. In a file of at least :data:`LARGE` characters,
:func:`prune` blanks the body of every top-level block that mentions no mail word (the words the file-level
prefilter looks for) and keeps its key line as ``key:``, so that:

* line and column of every kept line are unchanged (a blanked line stays an empty line);
* a top-level key written more than once keeps its key line as ``key:``, so it is still reported (SMTP001)
  and still wins over an earlier block; in an Alertmanager configuration (``receivers:``, ``route:`` or
  ``global:`` at the top level, read as one whole) every key line stays; any other key goes with its block
  (no reader looks at a top-level name alone when nothing under it mentions mail);
* blocks a reader follows by structure, not by words (compose ``services:`` and ``configs:``, which name
  ``env_file``s holding the mail settings), are always kept.

The text is left whole when pruning could change what the kept blocks mean or where they are: anchors or
aliases (a kept block may use a pruned one), template syntax, directives, line breaks other than LF/CRLF,
or a column-0 line that is not a plain ``key:`` (a top-level sequence, a flow collection, a complex key).
What is lost, by design and only in large files: syntax errors and duplicate keys *inside* a block that
mentions no mail word are not reported (a YAML linter's job, not smtplint's).
"""

from __future__ import annotations

from smtplint.patterns import lazy

__all__ = ["LARGE", "prune"]

LARGE = 32 * 1024  # characters: smaller files are composed whole
ALWAYS_KEPT = frozenset({"services", "configs"})  # compose: env_file and configs are followed by structure
_ROOT_READERS = frozenset({"receivers", "route", "global"})  # Alertmanager: its endpoint spans the whole root
_RELEVANT_WORDS = ("smtp", "mail", "tls_reject")  # tls_reject: NODE_TLS_REJECT_UNAUTHORIZED
_AMPERSAND_OR_STAR = lazy(r"[&*][^\s\[\]{},]")  # an anchor (&name) or alias (*name) if a node starts there
_NODE_START = frozenset(" \t\r\n[{,:-")  # ... that is, after one of these or at the start of the text
# a plain or quoted top-level key and its colon (followed by a blank or the end of the line)
_KEY = lazy(r"""("(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*'|[A-Za-z0-9_$/.(][^#:\r\n]*?(?::[^\s#][^#:\r\n]*?)*)"""
                  r"""[ \t]*:(?=[ \t\r]|$)""")
_DOCUMENT_MARKER = lazy(r"(?:---|\.\.\.)[ \t]*(?:#.*)?\r?$")
_TOP_LINE = lazy(r"\n([^\s#][^\n]*)")  # a line at column 0 that is neither blank nor a comment (after a LF)


def _unsafe(text: str) -> bool:
    """Whether pruning could change the meaning or the positions of the kept blocks."""
    if text.startswith("%") or "\n%" in text or "{{" in text or "{%" in text or "<<" in text:  # <<: a merge key
        return True
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # a lone CR breaks a line for YAML
        return True
    if not text.isascii() and any(ch in text for ch in "\x85\u2028\u2029"):
        return True
    return any(m.start() == 0 or text[m.start() - 1] in _NODE_START for m in _AMPERSAND_OR_STAR.finditer(text))


def _blocks(text: str) -> list[tuple[int, int, str]] | None:
    """(start, end, written key) of each top-level block, by character offsets; None when a column-0 line is
    not a plain ``key:`` or a document marker."""
    blocks: list[tuple[int, int, str]] = []
    start, key = -1, ""
    for found in _TOP_LINE.finditer("\n" + text):  # offsets in text: one less
        line, offset = found.group(1), found.start(1) - 1
        if start >= 0:
            blocks.append((start, offset, key))
            start = -1
        if _DOCUMENT_MARKER.match(line):
            continue
        match = _KEY.match(line)
        if match is None:
            return None
        start, key = offset, match.group(1)
    if start >= 0:
        blocks.append((start, len(text), key))
    return blocks


def prune(text: str) -> str:
    """``text`` with the bodies of its top-level blocks that mention no mail word blanked (see the module
    docstring); ``text`` itself when it is smaller than :data:`LARGE` or pruning is not safe."""
    if len(text) < LARGE or _unsafe(text):
        return text
    blocks = _blocks(text)
    if not blocks:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    written = [key.strip("\"'") for _start, _end, key in blocks]
    # a key written once goes with its block, unless the document's top level is read as a whole (an
    # Alertmanager configuration: its endpoints span the root mapping); a repeated key stays as ``key:``
    keep_keys = not _ROOT_READERS.isdisjoint(written)
    repeated = {key for key in written if written.count(key) > 1} if len(set(written)) < len(written) else set()
    out: list[str] = []
    done = 0
    for (start, end, key), name in zip(blocks, written, strict=True):
        body = text[start:end]
        breaks = body.count("\n")
        if breaks < 2 or name in ALWAYS_KEPT:
            continue
        lower = body.lower()
        if any(word in lower for word in _RELEVANT_WORDS):
            continue
        out += [text[done:start], f"{key}:" if keep_keys or name in repeated else "", newline * breaks]
        done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)
