"""Django settings modules, read with ``ast`` (never imported or executed)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext, comment_reader
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document

_EMAIL = rb"(?m)(?:^|\r)[ \t]*EMAIL_[A-Z_]+[ \t]*(?::[^=\r\n]*)?="  # a lone CR ends a line
_VARS = rb"\bvars\(\)\.update\(|\bemail_url\("


def looks_like_settings(head: bytes) -> bool:
    """The cheap text check for ``.py`` files outside the settings names: module-level EMAIL_ settings."""
    return b"EMAIL_" in head and bool(re.search(_EMAIL, head) or re.search(_VARS, head))


def _parse(path: str, text: str, context: ParseContext) -> Document:
    """Parse with the star-imported modules read so far; the ones not read yet are declared as needs."""
    from smtplint.model import Need
    from smtplint.parsers import django_
    missing: list[str] = []

    def module(spec: str) -> tuple[str, str] | None:
        if spec in context.modules:
            return context.modules[spec]
        missing.append(spec)
        return None

    doc = django_.parse(path, text, load_sibling=module)
    doc.needs = tuple(Need(spec, "django", module=True) for spec in dict.fromkeys(missing))
    from smtplint.formats.code import python_sniff
    if python_sniff(text.encode("utf-8", "surrogatepass")):  # smtplib or Flask-Mail code in a settings module
        from smtplint.parsers import code_python
        doc.endpoints.extend(code_python.parse(path, text).endpoints)
    return doc


FORMAT = InputFormat(
    name="django",
    label=N_("Django settings"),
    parse=_parse,
    comments=comment_reader("python"),
    names=("*settings*.py",),
    folder_names=("settings/*.py",),
    probe=("*.py",),
    sniff=looks_like_settings,
    gate=(b"EMAIL_",),
    sniff_named=True,
    docs=(
        DocsRow('Django settings',
                'module-level `EMAIL_*` assignments read with `ast`; `os.environ`, `os.getenv`, django-environ '
                '`env()`, decouple `config()` are references, their literal `default=` a fallback; `from .base import'
                ' *` chains are followed (read, never executed)'),
    ),
)
