"""Command line: argument parsing and exit codes. No linting logic lives here.

Exit codes (ruff's): 0 no findings, 1 findings, 2 usage error, unknown path or internal error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from smtplint import __version__, i18n, stdout_to_devnull
from smtplint import formats as input_formats
from smtplint.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from smtplint.engine import Engine, Result
    from smtplint.files import Kinds, Skipped, Target
    from smtplint.model import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _jobs(text: str) -> int:
    """``--jobs``: a positive worker count."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("expected a positive number of processes, got '{text}'").format(text=text))
    return value


def _requested_language(argv: Sequence[str]) -> str | None:
    """The ``--lang`` value, read before argparse runs so that ``--help`` and usage errors are translated too."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it (COLUMNS, the terminal, else 80)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's own formatter, sized without importing shutil (argparse builds one per add_argument); the
    description and the examples keep their lines."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


_TEXT_FORMATS = ("full", "concise", "text")
_FORMATS = (*_TEXT_FORMATS, "json", "sarif", "github", "gitlab")


def _format_spec(text: str) -> tuple[str, str | None]:
    """``--format FORMAT[:FILE]``: the format and, for an extra report, where it goes."""
    name, sep, dest = text.partition(":")
    if name not in _FORMATS:
        raise argparse.ArgumentTypeError(_("unknown format '{format}'; choose from {formats}").format(
            format=name, formats=", ".join(_FORMATS)))
    if sep and not dest:
        raise argparse.ArgumentTypeError(_("'{spec}' names no file after the ':'").format(spec=text))
    return name, dest or None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="smtplint",
        formatter_class=_HelpFormatter,
        description=_("Static, offline linter for SMTP configuration: {formats}. It never touches the network "
                      "and never prints a password.").format(formats=input_formats.labels(_("and"))),
        epilog=_("examples:\n"
                 "  smtplint                                    lint the current folder (full form, with source)\n"
                 "  smtplint --format concise deploy/ .env      one line per finding\n"
                 "  smtplint --statistics .                     count the findings per rule\n"
                 "  smtplint --format sarif -o smtplint.sarif --format text .\n"
                 "                                              SARIF to a file, the text report on the terminal\n"
                 "  smtplint --format github --format sarif:smtplint.sarif .\n"
                 "                                              annotations and a SARIF log in one run\n"
                 "  smtplint --explain SMTP302                  a rule's documentation\n"
                 "\n"
                 "Configuration: .smtplint.toml, smtplint.toml or [tool.smtplint] in pyproject.toml, the\n"
                 "nearest to each file. Exit codes: 0 no findings, 1 findings, 2 usage or internal error."),
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help=_("files and directories to lint (default: .)"))
    out = p.add_argument_group(_("output"))
    out.add_argument("--format", "--output-format", dest="formats", action="append", type=_format_spec,
                     metavar="FORMAT[:FILE]",
                     help=_("report format: full (default; text with the source line and a caret; 'text' is the "
                            "same), concise (one line per finding), json, sarif (code scanning, editors), github "
                            "(Actions annotations), gitlab (Code Quality). Repeatable: each extra format needs "
                            "its own FILE (--format sarif:out.sarif); at most one writes to standard output"))
    out.add_argument("--output", "-o", metavar="FILE",
                     help=_("write the first --format's report to FILE (missing folders are created); the "
                            "summary then goes to stderr"))
    out.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help=_("colour in the text formats (default: auto: on a terminal, unless NO_COLOR is set or "
                            "FORCE_COLOR asks for it; a file gets colour only with always)"))
    out.add_argument("--statistics", action="store_true",
                     help=_("print the number of findings per rule (count, id, name; JSON with --format json) "
                            "instead of the findings"))
    out.add_argument("--show-suppressed", action="store_true",
                     help=_("include suppressed findings in the report, marked with their suppression"))
    out.add_argument("--sarif-category", metavar="NAME",
                     help=_("SARIF automationDetails.id (NAME/), to upload several smtplint runs per workflow"))
    out.add_argument("--sarif-root", metavar="DIR",
                     help=_("directory SARIF/GitHub/GitLab paths are relative to (default: the git work tree of "
                            "the first PATH, else the current directory)"))
    rules = p.add_argument_group(_("rule selection"))
    rules.add_argument("--select", metavar="IDS",
                       help=_("comma-separated rule ids or prefixes to run (default: all)"))
    rules.add_argument("--ignore", metavar="IDS", help=_("comma-separated rule ids or prefixes to skip"))
    rules.add_argument("--extend-select", metavar="IDS", help=_("comma-separated rule ids or prefixes to add"))
    rules.add_argument("--require-reason", action="store_true",
                       help=_("report suppressions without a '-- reason' (SMTP003)"))
    rules.add_argument("--exit-zero", action="store_true",
                       help=_("exit 0 even when there are findings (not on errors)"))
    rules.add_argument("--fail-on", choices=("error", "warning", "info"), default="info",
                       help=_("exit 1 only for findings at or above this severity (default: info, any finding)"))
    files = p.add_argument_group(_("file selection"))
    files.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help=_("skip files and directories matching GLOB while walking directories (repeatable)"))
    files.add_argument("--kind", action="append", default=[], metavar="GLOB:KIND",
                       help=_("read files matching GLOB as KIND whatever their names (repeatable; e.g. "
                              "'deploy/*.cf.j2:postfix-main'; kinds: see README, Kinds of file)"))
    files.add_argument("--force-exclude", action="store_true",
                       help=_("apply --exclude to files named on the command line too (for pre-commit)"))
    files.add_argument("--respect-gitignore", dest="respect_gitignore", action="store_true", default=None,
                       help=_("in a git work tree, skip the files .gitignore ignores (the default; configuration "
                              "key respect-gitignore)"))
    files.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                       help=_("lint the files .gitignore ignores too (operator configuration such as .env or "
                              "config.yml is often ignored)"))
    files.add_argument("--skip-unknown", action="store_true",
                       help=_("take files named on the command line as a folder's files are taken: a kind guessed "
                              "by name is confirmed by content, a file of no known kind is passed over (the "
                              "pre-commit hook, which passes every candidate); without it such a file is an "
                              "error"))
    files.add_argument("--stdin-filename", metavar="NAME",
                       help=_("with the path '-' (standard input): the file name the text stands for; it decides "
                              "the kind of file, the path in the report and the configuration that applies "
                              "(default: {name}, read as YAML: a Kubernetes manifest or a CI workflow by its "
                              "content). Example: helm template . | smtplint - --stdin-filename rendered.yaml"
                              ).format(name="stdin.yaml"))
    files.add_argument("--max-file-size", type=int, default=8 * 1024 * 1024, metavar="BYTES",
                       help=_("skip files larger than this (default: 8 MiB)"))
    files.add_argument("--jobs", type=_jobs, metavar="N",
                       help=_("processes that parse files, this one included (default: automatic, up to 4 "
                              "when there are many files; 1: serial)"))
    fixing = p.add_argument_group(_("fixes"))
    fixing.add_argument("--fix", action="store_true",
                        help=_("apply safe fixes to the files in place, then report what is left"))
    fixing.add_argument("--diff", action="store_true",
                        help=_("print the fixes as a unified diff (patch -p1 applies it) and write nothing; exit 1 "
                               "when there is something to fix"))
    fixing.add_argument("--unsafe-fixes", action="store_true",
                        help=_("with --fix or --diff: apply unsafe fixes too (they guess at the value meant)"))
    fixing.add_argument("--watch", action="store_true",
                        help=_("after the first report, lint the files again whenever they change (Ctrl-C stops)"))
    config = p.add_argument_group(_("configuration"))
    config.add_argument("--config", metavar="FILE",
                        help=_("use this .smtplint.toml, smtplint.toml or pyproject.toml for every path (no "
                               "discovery)"))
    config.add_argument("--isolated", action="store_true", help=_("ignore every configuration file"))
    base = p.add_argument_group(_("baselines"))
    base.add_argument("--write-baseline", metavar="FILE",
                      help=_("record the current findings in FILE (then exit 0)"))
    base.add_argument("--baseline", metavar="FILE", help=_("report only findings that are not recorded in FILE"))
    base.add_argument("--show-stale", action="store_true",
                      help=_("with --baseline: list baseline entries that no longer match a finding (stderr)"))
    info = p.add_argument_group(_("rules and program"))
    info.add_argument("--list-rules", action="store_true", help=_("list every rule and exit"))
    info.add_argument("--explain", metavar="RULE", help=_("print a rule's documentation and exit"))
    info.add_argument("--lang", choices=i18n.LANGUAGES, metavar="{en,es}",
                      help=_("language of messages, summaries and rule documentation (default: SMTPLINT_LANG, "
                             "else the locale: LC_ALL, LC_MESSAGES, LANG)"))
    info.add_argument("--version", action="version", version=f"smtplint {__version__}",
                      help=_("show program's version number and exit"))
    return p


def _statistics(findings: Sequence[Finding], as_json: bool = False) -> str:
    """ruff's --statistics: one line per rule, most frequent first: count, id, name; or ruff's JSON array of
    ``{"code", "name", "count"}`` objects in the same order."""
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[(f.rule_id, f.rule_name)] = counts.get((f.rule_id, f.rule_name), 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    if as_json:
        import json
        return json.dumps([{"code": rule_id, "name": name, "count": n} for (rule_id, name), n in rows],
                          indent=2) + "\n"
    width = max((len(str(n)) for _k, n in rows), default=1)
    return "".join(f"{n:>{width}}\t{rule_id}\t{name}\n" for (rule_id, name), n in rows)


def _reports(args: argparse.Namespace) -> list[tuple[str, str | None]] | str:
    """(format, file or None for standard output) per report, or the reason the combination is ambiguous.

    ``--output`` is the destination of the first ``--format``; every other format names its own file
    (``FORMAT:FILE``), except that one of them may write to standard output."""
    specs: list[tuple[str, str | None]] = list(args.formats or [("full", None)])
    if args.output:
        name, dest = specs[0]
        if dest is not None:
            return _("--output names the file of the first --format, which already has one ('{format}:{file}')"
                     ).format(format=name, file=dest)
        specs[0] = (name, args.output)
    to_stdout = [name for name, dest in specs if dest is None]
    if len(to_stdout) > 1:
        return _("several formats would write to standard output ({formats}); give every format but one a "
                 "file: --format FORMAT:FILE, or --output FILE for the first").format(formats=", ".join(to_stdout))
    dests = [os.path.abspath(dest) for _name, dest in specs if dest is not None]
    if len(set(dests)) < len(dests):
        return _("two formats would write to the same file; give each its own")
    if args.statistics:
        other = next((name for name, _dest in specs if name not in (*_TEXT_FORMATS, "json")), None)
        if other is not None:
            return _("--statistics prints a text table or JSON, not {format}").format(format=other)
    return specs


def _use_color(choice: str, tty: bool, environ: Mapping[str, str]) -> bool:
    """--color, then NO_COLOR (any non-empty value: off), then FORCE_COLOR (non-empty: on), then a terminal."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return tty and environ.get("TERM") != "dumb"


def main(argv: Sequence[str] | None = None) -> int:
    """Run smtplint; returns the exit code. The language is chosen first and holds for the whole run."""
    language = i18n.select_language(_requested_language(sys.argv[1:] if argv is None else argv), os.environ)
    with i18n.using(language):
        try:
            code = _run(argv)
            sys.stdout.flush()  # a reader that went away shows up here, not in the interpreter's exit
            return code
        except BrokenPipeError:  # smtplint --list-rules | head: the reader left; exit quietly, 0 as ruff does
            stdout_to_devnull()
            return EXIT_CLEAN
        except Exception as exc:  # a bug outside the per-file guards: exit 2 (never 1, "findings"), no traceback
            import traceback
            frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
            sys.stderr.write(f"smtplint: internal error ({type(exc).__name__}{where}); "
                             "please report it to the smtplint issue tracker\n")
            return EXIT_ERROR


def _stdin_usage(args: argparse.Namespace) -> str | None:
    """Why the paths and --stdin-filename do not go together, or None."""
    if "-" in args.paths and args.paths != ["-"]:
        return _("'-' (standard input) cannot be combined with other paths")
    if args.stdin_filename is not None and args.paths != ["-"]:
        return _("--stdin-filename names the text read from standard input: give the path '-'")
    return None


def _stdin_targets(args: argparse.Namespace, engine: Engine, skipped: list[Skipped],
                   accept: Callable[[Target], bool], kinds: Kinds) -> list[Target]:
    """Standard input as the one target, its bytes handed to the engine's reader (never written to disk)."""
    from smtplint.files import STDIN_DEFAULT_NAME, Skipped, stdin_target

    limit = engine.reader.max_size
    data = sys.stdin.buffer.read(limit + 1) if sys.stdin is not None and hasattr(sys.stdin, "buffer") else b""
    target = stdin_target(args.stdin_filename or STDIN_DEFAULT_NAME, data, engine.cwd, kinds)
    if isinstance(target, Skipped):
        skipped.append(target)
        return []
    key = engine.reader.key(target.path)
    if len(data) > limit:
        engine.reader.oversized[key] = len(data)
        engine.reader.cache[key] = None
    else:
        engine.reader.cache[key] = data
    return [target] if accept(target) else []


def _fixes(args: argparse.Namespace, result: Result, engine: Callable[[], Engine], targets: list[Target]) -> int | None:
    """``--diff``: print the fixes and return the exit code (1: something to fix). ``--fix``: write them,
    say how many were applied (stderr) and return 0. None when a fixed file could not be written."""
    from smtplint import fixes

    unsafe = args.unsafe_fixes
    fixed = fixes.fix_all(result.findings, result.sources, fixes.relinter(engine, targets), unsafe)
    count = sum(len(f.applied) for f in fixed)
    if args.diff:
        for item in fixed:
            diff = fixes.unified_diff(item)
            if diff is None:  # a changed line holds a secret: never printed
                print(_("smtplint: the fixes of {file} change a line holding a secret; the diff is not shown "
                        "(run --fix to apply them)").format(file=item.path), file=sys.stderr)
                continue
            sys.stdout.write(diff)
        print(ngettext("smtplint: {count} fix would be applied", "smtplint: {count} fixes would be applied",
                       count).format(count=count), file=sys.stderr)
        return EXIT_FINDINGS if fixed else EXIT_CLEAN
    by_display = {t.display: t for t in targets}
    for item in fixed:
        if not fixes.write(item, Path(by_display[item.path].path)):
            print(_("smtplint: cannot write the fixes to {file}").format(file=item.path), file=sys.stderr)
            return None
    print(ngettext("smtplint: fixed {count} finding", "smtplint: fixed {count} findings", count).format(count=count),
          file=sys.stderr)
    return EXIT_CLEAN


def _server(rest: Sequence[str]) -> int:
    """``smtplint server``: the language server over stdio (the ``smtplint[lsp]`` extra)."""
    if rest:
        print(_("smtplint: 'smtplint server' takes no arguments (it speaks LSP over stdin and stdout)"),
              file=sys.stderr)
        return EXIT_ERROR
    try:
        from smtplint import server
    except ImportError:  # pygls/lsprotocol missing
        print(_("smtplint: the language server needs the lsp extra: pip install 'smtplint[lsp]'"), file=sys.stderr)
        return EXIT_ERROR
    return server.main()


def _watch(argv: Sequence[str] | None, args: argparse.Namespace) -> int:
    """``--watch``: the first run, then a run over the changed files (and their folders' other files) each
    time the polled modification times say so; Ctrl-C ends it (exit 0)."""
    from smtplint import watch
    from smtplint.files import PathError, iter_targets

    if args.fix or args.diff or args.write_baseline or args.output or any(d for _n, d in args.formats or ()):
        print(_("smtplint: --watch prints reports to the terminal; it does not go with --fix, --diff, "
                "--write-baseline or report files"), file=sys.stderr)
        return EXIT_ERROR
    try:
        paths = [t.path for t in iter_targets(args.paths or ["."], args.exclude, args.force_exclude)]
    except PathError as exc:
        print(f"smtplint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    before = watch.snapshot(paths)  # a file saved while the first run reads it is linted again
    _run(argv, watching=True)
    sys.stdout.flush()

    def again(changed: list[str]) -> None:
        print(ngettext("smtplint: {count} file changed; linting again", "smtplint: {count} files changed; "
                       "linting again", len(changed)).format(count=len(changed)), file=sys.stderr)
        _run(argv, watching=True, paths=changed)
        sys.stdout.flush()
    try:
        watch.poll(paths, again, since=before)
    except KeyboardInterrupt:
        return EXIT_CLEAN
    return EXIT_CLEAN


def _run(argv: Sequence[str] | None, *, watching: bool = False, paths: list[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["server"]:  # a file named 'server' is linted as ./server
        return _server(given[1:])
    with i18n.argparse_language():
        args = _parser().parse_args(argv)
    if args.watch and not watching:
        return _watch(argv, args)
    if paths is not None:  # --watch: the files that changed
        args.paths = paths
    out = sys.stdout

    if args.list_rules or args.explain:
        from smtplint.rules import RULES, get, render_doc
        if args.explain:
            rule = get(args.explain) or next((r for r in RULES.values() if r.name == args.explain.lower()), None)
            if rule is None:
                print(_("smtplint: unknown rule '{rule}'; see smtplint --list-rules").format(rule=args.explain),
                      file=sys.stderr)
                return EXIT_ERROR
            out.write(render_doc(rule))
            return EXIT_CLEAN
        for rule in RULES.values():
            out.write(f"{rule.id}  {rule.name:<28} {rule.severity.value:<8} {_(rule.summary)}\n")
        return EXIT_CLEAN

    baseline_errors: tuple[type[Exception], ...] = ()  # the baseline machinery only when asked for (start-up)
    if args.baseline or args.write_baseline:
        from smtplint import baseline
        baseline_errors = (baseline.BaselineError,)
    from smtplint.config import CONFIG_FILES, Cli, ConfigError, Resolver, parse_kind_flag, split_ids
    from smtplint.engine import Engine
    from smtplint.files import Kinds, PathError, iter_targets
    from smtplint.model import Severity
    from smtplint.report import Outcome
    from smtplint.rules import RULES

    if args.show_stale and not args.baseline:
        print(_("smtplint: --show-stale needs --baseline FILE"), file=sys.stderr)
        return EXIT_ERROR
    reports = _reports(args)
    if isinstance(reports, str):
        print(f"smtplint: {reports}", file=sys.stderr)
        return EXIT_ERROR
    try:
        cli = Cli(select=split_ids(args.select) if args.select is not None else None,
                  extend_select=split_ids(args.extend_select), ignore=split_ids(args.ignore),
                  exclude_given=bool(args.exclude), force_exclude=args.force_exclude,
                  config=Path(args.config) if args.config else None, isolated=args.isolated,
                  require_reason=args.require_reason, kinds=tuple(parse_kind_flag(k) for k in args.kind))
        resolver = Resolver(cli, list(RULES))
        skipped: list[Skipped] = []

        def excluded(target: Target) -> bool:
            return resolver.excluded(target.path, target.explicit)

        respect = args.respect_gitignore
        if respect is None:
            respect = resolver.respect_gitignore(Path.cwd())
        ignored: list[str] = []
        stdin = _stdin_usage(args)
        if stdin is not None:
            print(f"smtplint: {stdin}", file=sys.stderr)
            return EXIT_ERROR
        # a probed target (a .py, .json, ... file found in a folder) is asked about once its bytes confirm it
        paths = args.paths or ["."]
        roots = [p for p in paths if os.path.isdir(p)]
        kinds = Kinds(resolver.kind_for, resolver.kind_names(roots),
                      lambda configs: resolver.kinds_may_claim(roots, configs), CONFIG_FILES)
        found: Iterable[Target] = iter_targets(
            paths, args.exclude, args.force_exclude, accept=lambda t: t.probe or not excluded(t), skipped=skipped,
            kinds=kinds, respect_gitignore=respect, ignored=ignored if respect else None,
            skip_unknown=args.skip_unknown) if args.paths != ["-"] else ()
        entries = baseline.load(Path(args.baseline)) if args.baseline else None
    except (PathError, ConfigError, *baseline_errors) as exc:  # type: ignore[misc]  # (mypy: star in except)
        print(f"smtplint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    engine = Engine(max_file_size=args.max_file_size, policy=resolver.policy_for, jobs=args.jobs, excluded=excluded)
    if args.paths == ["-"]:
        found = _stdin_targets(args, engine, skipped, lambda t: not excluded(t), kinds)
    targets: list[Target] = []
    if args.fix or args.diff:  # the targets are linted again, one by one, while their fixes are checked
        targets = list(found)
        found = iter(targets)
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)  # parsers make many small acyclic objects: collect far less often (-5% CPU)
    try:
        result = engine.run(found, skipped)
        if args.fix or args.diff:
            def fresh() -> Engine:
                return Engine(max_file_size=args.max_file_size, policy=resolver.policy_for, jobs=1,
                              excluded=excluded)
            fixed = _fixes(args, result, fresh, targets)
            if args.diff or fixed is None:
                return EXIT_ERROR if fixed is None else fixed
            result = fresh().run(iter(targets), skipped)  # what is left after the fixes
    finally:
        gc.set_threshold(*thresholds)  # main() may run inside another program (tests, an editor plugin)
    if resolver.errors:  # a broken configuration file met while discovering or linting
        print(f"smtplint: {resolver.errors[0]}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.write_baseline:
            recorded = baseline.write(Path(args.write_baseline), result.findings, result.sources, engine.cwd)
            print(ngettext("smtplint: recorded {count} finding in {file}",
                           "smtplint: recorded {count} findings in {file}", recorded).format(
                count=recorded, file=args.write_baseline), file=sys.stderr)
            entries = baseline.load(Path(args.write_baseline))
            args.baseline = args.write_baseline
    except baseline_errors as exc:
        print(f"smtplint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if entries is not None:
        result.findings, stale = baseline.apply(result.findings, result.sources, engine.cwd, Path(args.baseline),
                                                entries, result.checked)
        if args.show_stale:
            sys.stderr.write(baseline.render_stale(Path(args.baseline), stale))
    active = [f for f in result.findings if f.suppression is None]
    shown = result.findings if args.show_suppressed else active
    from smtplint.report import formats
    from smtplint.ruleinfo import rule_infos
    names = {name for name, _dest in reports}
    outcome = Outcome(
        version=__version__,
        findings=tuple(shown),
        files_checked=result.files_checked,
        skipped=tuple((s.display, s.reason) for s in result.skipped if not s.error),
        errors=tuple((e.path, f"{e.where}: {e.detail}") for e in result.errors),
        failed=tuple((s.display, s.reason) for s in result.skipped if s.error),
        ignored=tuple(ignored),
        rules=rule_infos() if names & formats.NEEDS_RULES else (),
        sources=result.sources if names & formats.NEEDS_SOURCES else {},
    )
    tty = out.isatty() if hasattr(out, "isatty") else False
    for name, dest in reports:
        color = args.color == "always" if dest else _use_color(args.color, tty, os.environ)
        if args.statistics:
            report = _statistics(active, as_json=name == "json")
        else:
            report = formats.render(
                name, outcome, paths=args.paths or ["."], cwd=engine.cwd,
                root=Path(args.sarif_root) if args.sarif_root else None, category=args.sarif_category,
                color=color, width=_columns() if dest is None else 80)
        if dest is None:
            out.write(report)
            continue
        try:
            Path(dest).parent.mkdir(parents=True, exist_ok=True)  # as --write-baseline does
            with open(dest, "w", encoding="utf-8", newline="") as fh:
                fh.write(report)
        except OSError as exc:
            print(_("smtplint: cannot write {file}: {error}").format(file=dest, error=exc.strerror or exc),
                  file=sys.stderr)
            return EXIT_ERROR
    text_on_stdout = any(dest is None and name in _TEXT_FORMATS for name, dest in reports)
    to_file = any(dest is not None for _name, dest in reports)
    if text_on_stdout or to_file:
        from smtplint.report import text
        sys.stderr.write(text.render_notes(outcome))
        if to_file and not text_on_stdout:
            sys.stderr.write(text.summary(outcome) + "\n")
    out.flush()
    if result.errors or outcome.failed:
        return EXIT_ERROR
    threshold = Severity(args.fail_on).rank
    failing = any(f.severity.rank >= threshold for f in active)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN
