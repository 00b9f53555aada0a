"""Java ``.properties`` files (Spring Boot ``application*.properties``)."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

FORMAT = InputFormat(
    name="properties",
    label=".properties",
    parse=text_parser("properties_"),
    comments=comment_reader("properties"),
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
