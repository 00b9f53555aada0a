"""MTA-STS policy files (RFC 8461 section 3.2), served at ``https://mta-sts.<domain>/.well-known/mta-sts.txt``.

Claims: ``.well-known/mta-sts.txt`` and ``mta-sts.txt`` whose content :func:`looks_like` a policy (a
``version: STSv1`` line); lines are ``key: value`` pairs ending in CRLF or LF. A line that is not a pair is a
diagnostic; blank lines are allowed.
"""

from __future__ import annotations

import re

from smtplint.i18n import _
from smtplint.model.core import Diagnostic, Severity, Span
from smtplint.model.dns import DnsDocument, DnsSyntax, MtaStsPolicy, PolicyField
from smtplint.patterns import lazy

PATTERNS = (".well-known/mta-sts.txt", "mta-sts.txt")
_SNIFF = lazy(rb"^[ \t]*(?:version|mode|mx|max_age)[ \t]*:", re.M)
_FIELD = lazy(r"^(?P<key>[A-Za-z0-9_]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")


def looks_like(head: bytes) -> bool:
    """An MTA-STS policy: a ``version:``, ``mode:``, ``mx:`` or ``max_age:`` line."""
    return _SNIFF.search(head) is not None


def parse(path: str, text: str) -> DnsDocument:
    """The policy's fields in order; never raises (problems become diagnostics)."""
    doc = DnsDocument(path, DnsSyntax.MTA_STS)
    fields: list[PolicyField] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        m = _FIELD.match(line)
        if m is None:
            doc.diagnostics.append(Diagnostic(Span.point(path, number, 1, len(line.rstrip())),
                                              _("MTA-STS policy: a line that is not 'key: value'"),
                                              Severity.ERROR))
            continue
        value_col = m.start("value") + 1
        fields.append(PolicyField(
            m.group("key"), m.group("value"), Span(path, number, 1, number, max(len(line.rstrip()), 1) + 1),
            Span(path, number, value_col, number, value_col + max(len(m.group("value")), 1))))
    first = text.split("\n", maxsplit=1)[0].rstrip()
    doc.policies.append(MtaStsPolicy(tuple(fields), Span.point(path, 1, 1, max(len(first), 1))))
    return doc
