"""Java ``.properties`` files (Spring Boot ``application*.properties``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout


def _parse(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import properties_
    return properties_.parse(path, text)


def _comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.properties(text)

FORMAT = InputFormat(
    name="properties",
    label=".properties",
    parse=_parse,
    comments=_comments,
    names=("application*.properties", "bootstrap*.properties"),
    probe=("*.properties",),
    sniff=lambda head: b"spring.mail." in head,
    legacy_encoding="latin-1",  # java.util.Properties' own encoding (older Spring Boot reads it too)
    docs=(
        DocsRow('Spring `.properties`',
                '`spring.mail.*` and `spring.mail.properties.mail.smtp.*` with `java.util.Properties` syntax '
                '(`=`/`:`/space separators, `#`/`!` comments, trailing-backslash continuation lines, `\\uXXXX` '
                'escapes), `${VAR:default}` placeholders as fallbacks, `#---` profile documents'),
    ),
)
