"""Command line: argument parsing and exit codes. No linting logic lives here.

Exit codes (ruff's): 0 no findings, 1 findings, 2 usage error, unknown path or internal error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from smtplint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="smtplint",
        description="Static, offline linter for SMTP configuration: YAML, .env, Django settings, "
                    "Postfix main.cf and master.cf.",
        epilog="Exit codes: 0 no findings, 1 findings, 2 usage or internal error.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files and directories to lint (default: .)")
    p.add_argument("--format", "--output-format", dest="format", choices=("text", "json"), default="text",
                   help="report format (default: text)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files and directories matching GLOB while walking directories (repeatable)")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply --exclude to files named on the command line too (for pre-commit)")
    p.add_argument("--select", metavar="IDS", help="comma-separated rule ids or prefixes to run (default: all)")
    p.add_argument("--ignore", metavar="IDS", help="comma-separated rule ids or prefixes to skip")
    p.add_argument("--max-file-size", type=int, default=8 * 1024 * 1024, metavar="BYTES",
                   help="skip files larger than this (default: 8 MiB)")
    p.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    p.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    p.add_argument("--version", action="version", version=f"smtplint {__version__}")
    return p


def _selector(select: str | None, ignore: str | None) -> tuple[list[str], list[str]]:
    def split(text: str | None) -> list[str]:
        return [t.strip().upper() for t in (text or "").split(",") if t.strip()]
    return split(select), split(ignore)


def _validate(codes: Sequence[str], known: Sequence[str]) -> str | None:
    for code in codes:
        if code != "ALL" and not any(k.startswith(code) for k in known):
            return code
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run smtplint; returns the exit code."""
    args = _parser().parse_args(argv)
    out = sys.stdout

    if args.list_rules or args.explain:
        from smtplint.rules import RULES, get, render_doc
        if args.explain:
            rule = get(args.explain) or next((r for r in RULES.values() if r.name == args.explain.lower()), None)
            if rule is None:
                print(f"smtplint: unknown rule '{args.explain}'; see smtplint --list-rules", file=sys.stderr)
                return EXIT_ERROR
            out.write(render_doc(rule))
            return EXIT_CLEAN
        for rule in RULES.values():
            out.write(f"{rule.id}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}\n")
        return EXIT_CLEAN

    from smtplint.engine import Engine
    from smtplint.files import PathError, discover
    from smtplint.report import Outcome
    from smtplint.rules import RULES

    select, ignore = _selector(args.select, args.ignore)
    bad = _validate(select + ignore, list(RULES))
    if bad is not None:
        print(f"smtplint: unknown rule selector '{bad}'; see smtplint --list-rules", file=sys.stderr)
        return EXIT_ERROR

    def selected(rule_id: str) -> bool:
        chosen = not select or any(s == "ALL" or rule_id.startswith(s) for s in select)
        return chosen and not any(rule_id.startswith(i) for i in ignore)

    try:
        targets, skipped = discover(args.paths or ["."], args.exclude, args.force_exclude)
    except PathError as exc:
        print(f"smtplint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    result = Engine(selected, max_file_size=args.max_file_size).run(targets, skipped)
    outcome = Outcome(
        version=__version__,
        findings=tuple(result.findings),
        files_checked=result.files_checked,
        skipped=tuple((s.display, s.reason) for s in result.skipped),
        errors=tuple((e.path, f"{e.where}: {e.detail}") for e in result.errors),
    )
    if args.format == "json":
        from smtplint.report import json_
        out.write(json_.render(outcome))
    else:
        from smtplint.report import text
        out.write(text.render(outcome))
        sys.stderr.write(text.render_notes(outcome))
    out.flush()
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN
