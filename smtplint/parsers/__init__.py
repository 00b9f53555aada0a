"""Turn one file's bytes into a Document. Each format's parser is imported only when a file needs it."""

from __future__ import annotations

from collections.abc import Callable

from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Format, Severity, Span
from smtplint.records import record

SiblingLoader = Callable[[str], tuple[str, str] | None]

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


@record(frozen=True)
class NotText:
    """Why a file's bytes are not text smtplint can read, and where."""

    message: str
    line: int = 1
    column: int = 1


def decode(data: bytes) -> str | NotText:
    """Text of a config file, or why it is not text.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read; a NUL byte means binary; anything else that
    is not UTF-8 is reported at the first bad byte.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                return NotText(_("not valid {encoding} text although the file starts with its byte-order "
                                 "mark").format(encoding=codec.upper()))
    if b"\x00" in data[:8192]:
        return NotText(_("binary file (it contains NUL bytes): not a configuration file smtplint can read"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return NotText(_("not valid UTF-8 text (first bad byte at line {line}, column {column}); save the file "
                         "as UTF-8").format(line=line, column=column), line, column)


def parse_bytes(path: str, fmt: Format, data: bytes, load_sibling: SiblingLoader | None = None) -> Document:
    """Decode and parse one file. Never raises on bad input: problems become SMTP001 diagnostics."""
    text = decode(data)
    if isinstance(text, NotText) and fmt is Format.PROPERTIES and b"\x00" not in data[:8192]:
        text = data.decode("latin-1")  # java.util.Properties' own encoding (older Spring Boot reads it too)
    if isinstance(text, NotText):
        span = Span.point(path, text.line, text.column)
        return Document(path, fmt, diagnostics=[Diagnostic(span, text.message, Severity.ERROR)])
    return parse_text(path, fmt, text, load_sibling)


def parse_text(path: str, fmt: Format, text: str, load_sibling: SiblingLoader | None = None) -> Document:
    """Parse decoded text with the format's parser (imported lazily)."""
    if fmt is Format.YAML:
        from smtplint.parsers import yaml_
        return yaml_.parse(path, text)
    if fmt is Format.DOTENV:
        from smtplint.parsers import dotenv_
        return dotenv_.parse(path, text)
    if fmt is Format.DJANGO:
        from smtplint.parsers import django_
        return django_.parse(path, text, load_sibling=load_sibling)
    if fmt is Format.PROPERTIES:
        from smtplint.parsers import properties_
        return properties_.parse(path, text)
    if fmt is Format.INI:
        from smtplint.parsers import ini_
        return ini_.parse(path, text)
    if fmt is Format.JSON:
        from smtplint.parsers import json_
        return json_.parse(path, text)
    from smtplint.parsers import postfix
    if fmt is Format.POSTFIX_MAIN:
        return postfix.parse_main(path, text)
    return postfix.parse_master(path, text)
