"""Regular expressions compiled when they are first used, not when their module is imported.

Compiling a pattern runs ``re``'s parser and compiler, written in Python: the 130 patterns smtplint's modules
declare took about a third of the time spent importing them, and one run uses a fraction of them (the
patterns of the formats it meets). ``PATTERN = lazy(r"...")`` declares a pattern like ``re.compile`` and
compiles it at the first call of one of its methods; from then on those methods are attributes of the
object itself, so a later call costs what a call on the compiled pattern costs.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

# what a compiled pattern offers; the first look-up of any of them compiles the pattern
_ATTRIBUTES = ("match", "search", "fullmatch", "sub", "subn", "finditer", "findall", "split", "scanner",
               "groups", "groupindex", "flags")


class _Lazy:
    """Stands for ``re.compile(pattern, flags)`` until one of the compiled pattern's attributes is asked for."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only called for attributes not set yet
        if name.startswith("__") or name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


def lazy(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used (see the module's text)."""
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, int(flags)))
