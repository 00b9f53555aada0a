"""SMTP0xx: problems with the input itself."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import Document, Finding, Severity
from smtplint.rules._base import RuleDoc, RuleOptions, define, document_check

PARSE_ERROR = define(
    "SMTP001",
    "parse-error",
    Severity.ERROR,
    "A file, or one of its lines, could not be read or parsed.",
    RuleDoc(
        what=(
            "Reports a file smtplint could not read or parse (invalid YAML, invalid UTF-8, a binary file, a "
            "Python syntax error) as one error at the best position known, and a single line or entry it "
            "could not interpret as a warning: a YAML duplicate key, a `.env` line that is not KEY=VALUE, a "
            "main.cf line without `=`, a master.cf service with fewer than 8 fields, `-o` without "
            "name=value, a `#` inside a Postfix value."
        ),
        why=(
            "What smtplint cannot read it cannot check, and what it cannot parse the application or Postfix "
            "often reads differently from what the author meant: Postfix keeps a trailing '# comment' as "
            "part of the value, and most YAML loaders silently keep the last of two duplicate keys."
        ),
        example="```\n# main.cf\nsmtpd_tls_security_level = may # TODO encrypt\n```",
        fix="```\n# main.cf\n# TODO encrypt\nsmtpd_tls_security_level = may\n```",
        not_reported=(
            "Templates that are not valid before rendering (Jinja, Helm, `{{ }}`/`{% %}` in a file that "
            "does not parse) are listed as skipped, not reported, and do not change the exit code; lint the "
            "rendered output. Empty files and `export KEY=VALUE` lines in `.env` files are fine."
        ),
        references=(
            "YAML 1.2 specification: https://yaml.org/spec/1.2.2/",
            "postconf(5), syntax: https://www.postfix.org/postconf.5.html",
            "master(5): https://www.postfix.org/master.5.html",
        ),
    ),
    tags=("correctness", "config"),
    precision="very-high",
)


@document_check(PARSE_ERROR)
def parse_error(doc: Document, opts: RuleOptions) -> Iterator[Finding]:
    """One finding per diagnostic the parser left on the document."""
    for diag in doc.diagnostics:
        yield PARSE_ERROR.finding(diag.span, diag.message, diag.severity)
