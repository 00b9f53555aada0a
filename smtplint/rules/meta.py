"""SMTP0xx: problems with the input itself."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import Document, Finding, RuleOptions, Severity
from smtplint.rules._base import RuleDoc, define, document_check

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


# SMTP002 and SMTP003 have no check function: the engine's suppression stage (smtplint.suppress) reports
# them after every other rule has run, because only then is it known which directives suppressed something.

UNUSED_SUPPRESSION = define(
    "SMTP002",
    "unused-suppression",
    Severity.WARNING,
    "A `# smtplint:` suppression that suppresses nothing: unused, naming an unknown rule, or malformed.",
    RuleDoc(
        what=(
            "Reports a suppression comment that had no effect in this run: an id whose rule produced no "
            "finding on the lines the directive covers (`disable-next-line`, `disable`) or in the file "
            "(`disable-file`); an id that names no smtplint rule; and a `smtplint:` comment smtplint cannot "
            "read as a directive (no ids, a blanket form, an unknown action, a prefix or `ALL` instead of a "
            "full id, `disable=` on a line of its own). One finding per directive, at the comment."
        ),
        why=(
            "A suppression that suppresses nothing is noise at best; at worst it hides the next real finding "
            "on that line without anyone noticing, or it was meant to silence something and, misspelt, never "
            "did. An unknown id is always a mistake: it can never suppress anything (ruff's RUF100 treats "
            "unknown codes the same way)."
        ),
        example=(
            "```python\n# smtplint: disable-next-line=SMTP101 -- internal relay\nEMAIL_HOST = \"localhost\"\n```"
            "\n\n```yaml\nsmtp:\n  port: 465  # smtplint: disable=SMTP015 -- typo\n```"
        ),
        fix=(
            "```python\nEMAIL_HOST = \"localhost\"\n```\n\nRemove the suppression, or correct its id: "
            "`smtplint --list-rules` lists them."
        ),
        not_reported=(
            "Ids of rules that did not run on the file (not selected, or removed by `per-file-ignores`): "
            "smtplint cannot tell whether they would have fired. A suppression of SMTP002 or SMTP003 itself "
            "is never reported as unused. In Postfix files a `#` after a value is part of the value, so a "
            "trailing `# smtplint:` there is not a directive (SMTP001 reports the `#`)."
        ),
        references=(
            "ruff RUF100 unused-noqa: https://docs.astral.sh/ruff/rules/unused-noqa/",
            "smtplint README, Suppressions: https://github.com/smtplint/smtplint#suppressions",
        ),
    ),
    tags=("maintainability", "suppression"),
    precision="very-high",
)

SUPPRESSION_WITHOUT_REASON = define(
    "SMTP003",
    "suppression-without-reason",
    Severity.WARNING,
    "A suppression without a `-- reason`, reported only with --require-reason.",
    RuleDoc(
        what=(
            "With `--require-reason` (or `require-reason = true` in the configuration), reports each "
            "`# smtplint:` directive that has no reason after `--`. Without the option the directive is "
            "accepted and nothing is reported."
        ),
        why=(
            "A suppressed security finding is a decision someone will have to revisit: the reason is what "
            "lets a reviewer tell an accepted risk (a test relay, an IP allow-listed host) from a silenced "
            "alarm. SARIF carries it as the suppression's justification."
        ),
        example="```dotenv\n# smtplint: disable-next-line=SMTP101\nSMTP_PORT=25\n```",
        fix=(
            "```dotenv\n# smtplint: disable-next-line=SMTP101 -- relay on the private network, no auth by design"
            "\nSMTP_PORT=25\n```"
        ),
        not_reported=(
            "Anything, unless `--require-reason` or `require-reason = true` is set. Malformed directives are "
            "SMTP002's."
        ),
        references=(
            "Checkov skip comments with a reason: https://www.checkov.io/2.Basics/Suppressing%20and%20Skipping"
            "%20Policies.html",
            "SARIF 2.1.0, suppression.justification: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html",
        ),
    ),
    tags=("maintainability", "suppression"),
    precision="very-high",
)
