"""GitHub's ``primaryLocationLineHash``: a port of codeql-action's ``src/fingerprints.ts`` ``hash()``.

A rolling hash (base 37, 64-bit wrap-around) over the first 100 characters from the start of each line,
skipping spaces and tabs, with ``\\r\\n`` and a lone ``\\r`` read as ``\\n``; printed as lowercase hex plus
``:N``, N counting earlier identical hashes in the file. Characters are UTF-16 code units, as in
JavaScript's ``charCodeAt``. Emitting the action's own value means ``upload-sarif`` keeps it silently
and raw API uploads match alerts the same way.
"""

from __future__ import annotations

_BLOCK = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)
_TAB, _SPACE, _LF, _CR, _EOF = 9, 32, 10, 13, 65535


def line_hashes(text: str) -> dict[int, str]:
    """Line number (1-based) -> ``primaryLocationLineHash`` for every line of ``text``."""
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    state = {"hash": 0, "index": 0}
    counts: dict[str, int] = {}
    out: dict[int, str] = {}

    def output() -> None:
        index = state["index"]
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[index]] = f"{value}:{counts[value]}"
        line_numbers[index] = -1

    def update(current: int) -> None:
        index = state["index"]
        begin = window[index]
        window[index] = current
        state["hash"] = (_MOD * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (index + 1) % _BLOCK

    units = text.encode("utf-16-le", "surrogatepass")
    line_number = 0
    line_start = True
    prev_cr = False
    codes = [int.from_bytes(units[i:i + 2], "little") for i in range(0, len(units), 2)]
    for code in [*codes, _EOF]:
        if code in (_SPACE, _TAB) or (prev_cr and code == _LF):
            prev_cr = False
            continue
        prev_cr = code == _CR
        current = _LF if prev_cr else code
        if line_numbers[state["index"]] != -1:
            output()
        if line_start:
            line_start = False
            line_number += 1
            line_numbers[state["index"]] = line_number
        if current == _LF:
            line_start = True
        update(current)
    for _ in range(_BLOCK):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return out
