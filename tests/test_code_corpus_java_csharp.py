"""Real Java and C# files (tests/data/code-corpus, origins and licences in SOURCES.tsv), linted end to end: each
file is claimed by the right reader and gives exactly the findings judged by reading it (issue 16's note)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import lint

pytest.importorskip("tree_sitter_java")
pytest.importorskip("tree_sitter_c_sharp")

CORPUS = Path(__file__).parent / "data" / "code-corpus"

# file -> (format, endpoints read, [(rule, severity, line, column)]) with the judgement of each finding
EXPECTED: dict[str, tuple[str, int, list[tuple[str, str, int, int]]]] = {
    "csharp/simplcommerce__SimplCommerce/EmailSender.cs": ("csharp", 1, [
        # right: a MailKit client that accepts every certificate, with credentials, host from configuration
        ("SMTP106", "error", 38, 17),
    ]),
    # nine Connect calls (Gmail and a sample host on 465 with SslOnConnect, a Uri, a socket): all correct
    "csharp/jstedfast__MailKit/SmtpExamples.cs": ("csharp", 10, []),
    # host, port, options and the certificate callback all come from the sink's options: references
    "csharp/serilog__serilog-sinks-email/MailKitEmailTransport.cs": ("csharp", 1, []),
    # new SmtpClient("localhost"): a local relay on port 25
    "csharp/ardalis__CleanArchitecture/SmtpEmailSender.cs": ("csharp", 1, []),
    # property keys through same-file constants, values from jspwiki.properties or JNDI: references
    "java/apache__jspwiki/MailUtil.java": ("java", 0, []),
    # a library: keys from another file's constants (EmailConstants), values from its callers
    "java/apache__commons-email/Email.java": ("java", 0, []),
}


def test_sources_lists_every_corpus_file() -> None:
    with (CORPUS / "SOURCES.tsv").open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["file"].split("/")[0] in ("java", "csharp")]
    assert {r["file"] for r in rows} == set(EXPECTED)
    assert all(r["repo"] and r["path"] and len(r["commit"]) == 40 and r["license"] in ("MIT", "Apache-2.0")
               for r in rows)
    for row in rows:
        if row["license"] == "MIT":
            assert (CORPUS / "LICENSES" / f"{row['repo'].replace('/', '__')}.txt").is_file()
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
               if p.is_file() and p.parts[len(CORPUS.parts)] in ("java", "csharp")}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str) -> None:
    from smtplint import formats, reading
    from smtplint.files import discover

    fmt, endpoints, findings = EXPECTED[name]
    targets, _ = discover([str(CORPUS / name)], cwd=CORPUS)
    assert [(t.display, t.format) for t in targets] == [(name, fmt)]
    result = lint(CORPUS / name, cwd=CORPUS)
    assert result.checked == [name] and not result.errors
    got = [(f.rule_id, f.severity.value, f.span.line, f.span.column) for f in result.findings]
    assert got == findings
    data = (CORPUS / name).read_bytes()
    doc = reading.parse_bytes(name, formats.get(fmt), data)
    assert doc.skipped is None and len(doc.endpoints) == endpoints
