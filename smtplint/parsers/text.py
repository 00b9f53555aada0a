"""A configuration file's bytes as text: UTF-8 (with or without BOM), UTF-16 with a BOM, or why not."""

from __future__ import annotations

from smtplint.i18n import _
from smtplint.records import record

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
