"""``smtplint server``: a Language Server Protocol server over stdio (pygls, the ``smtplint[lsp]`` extra).

The same engine as the CLI runs in-process on the editor's text: the file's configuration (the nearest
``.smtplint.toml``/``pyproject.toml``, its excludes, rules, severities and options) and its suppression comments
apply as they do on the command line. Diagnostics are published on open, on save and, debounced, on change.
Cross-file findings follow either file: a change (typed, saved, or on disk when the client lets the server
watch files) re-lints the open files whose last run read the changed file (a master.cf and its main.cf, a
settings module and the module it star-imports, a compose file and its .env; the editor's unsaved texts are
what they read) and those in its folder; a finding one file's run places in another open file is published
there; a changed configuration file is read again. Each diagnostic has the rule id as its code, the rule page as its
``codeDescription.href`` and the related settings as related information. Hover on a finding shows its rule
page; code actions apply a rule's fix (checked as ``--fix`` checks it: the edited text loses the finding and
gains none; unsafe fixes are marked) and insert a suppression comment with a reason placeholder. The server
never writes a file: edits go to the editor, which applies them.

pygls and lsprotocol are imported only here, so the CLI never pays for them.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from smtplint import __version__, fixes, i18n
from smtplint.config import CONFIG_FILES, Cli, Resolver
from smtplint.engine import Engine
from smtplint.files import PathError, Target, display_path, iter_targets
from smtplint.i18n import _
from smtplint.model import Finding, Severity, Span
from smtplint.model.edits import apply_edits, shown_edits
from smtplint.reading import Reader
from smtplint.rules import RULES, render_doc

DEBOUNCE_SECONDS = 0.3
# files whose change outside the editor can change an open document's findings: configuration files,
# Postfix's pair, Django settings modules, .env files compose files read
WATCHED = ("**/.smtplint.toml", "**/smtplint.toml", "**/pyproject.toml", "**/main.cf", "**/master.cf", "**/*.py",
           "**/.env", "**/*.env", "**/.env.*")
# the comment marker suppression comments are written with, per format (formats without comments: none)
COMMENT_MARKERS = {"bind-zone": ";", "dnscontrol": "//", "json": None, "mta-sts": None}
_SEVERITY = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
             Severity.INFO: lsp.DiagnosticSeverity.Information}


def _utf16(line: str, column: int) -> int:
    """A 1-based code-point column as a 0-based UTF-16 offset (LSP's default position encoding)."""
    prefix = line[: max(column - 1, 0)]
    return len(prefix.encode("utf-16-le")) // 2


def to_range(span: Span, lines: Sequence[str] | None) -> lsp.Range:
    """An LSP range of a span; columns converted to UTF-16 when the file's lines are known."""
    def position(line: int, column: int) -> lsp.Position:
        text = lines[line - 1] if lines is not None and 0 < line <= len(lines) else None
        return lsp.Position(max(line - 1, 0), _utf16(text, column) if text is not None else max(column - 1, 0))
    return lsp.Range(position(span.line, span.column), position(span.end_line, span.end_column))


class _RecordingReader(Reader):
    """The engine's reader, noting which files a run asked for (the editor's texts included)."""

    def __init__(self, max_size: int) -> None:
        super().__init__(max_size)
        self.used: set[str] = set()

    def read(self, path: Path | str) -> bytes | None:
        self.used.add(self.key(path))
        return super().read(path)


class Linter:
    """The CLI's lint run over editor texts; nothing here speaks LSP (the tests drive it directly too)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolver = Resolver(Cli(), list(RULES))

    def target(self, path: Path) -> Target | None:
        """The file as a lint target (None: no format reads it, or the configuration excludes it)."""
        try:
            found = list(iter_targets([str(path)], cwd=self.root, skipped=[]))
        except PathError:
            return None
        if not found or self.resolver.excluded(found[0].path, False):
            return None
        return found[0]

    def lint(self, path: Path, texts: dict[Path, str], used: set[str] | None = None, *,
             everywhere: bool = False) -> list[Finding] | None:
        """The active findings of ``path`` with the editor's ``texts`` (open files) instead of the files on
        disk; None when the file is no lint target. ``everywhere``: with the findings the run places in
        other files (a STARTTLS flag in the base module a settings file star-imports). ``used`` receives the
        absolute path of every file the run read (the file, the main.cf beside a master.cf, a settings
        module's star imports, a compose file's .env): a change to one of them changes these findings."""
        target = self.target(path)
        if target is None:
            return None
        engine = Engine(cwd=self.root, policy=self.resolver.policy_for, jobs=1)
        reader = _RecordingReader(engine.reader.max_size)
        engine.reader = reader
        for file, text in texts.items():
            reader.cache[reader.key(file)] = text.encode("utf-8", "surrogatepass")
        result = engine.run([target])
        if used is not None:
            used.update(reader.used)
        return [f for f in result.findings
                if (everywhere or f.span.path == target.display) and f.suppression is None]

    def display(self, path: Path) -> str:
        return display_path(path, self.root)

    def relint(self, path: Path, texts: dict[Path, str]) -> Callable[[str, str], list[Finding] | None]:
        """A :data:`smtplint.fixes.Relint` over the editor's texts, for checking a fix before offering it."""
        def relint(_display: str, text: str) -> list[Finding] | None:
            return self.lint(path, {**texts, path: text})
        return relint


def suppression_line(finding: Finding, line: str, fmt: str) -> str | None:
    """The own-line directive that suppresses ``finding``, indented as its line; None for a syntax without
    comments."""
    marker = COMMENT_MARKERS.get(fmt, "#")
    if marker is None:
        return None
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}{marker} smtplint: disable-next-line={finding.rule_id} -- {_('reason')}\n"


class Server:
    """The LSP front end: documents, debounced lint runs, diagnostics, hover and code actions."""

    def __init__(self) -> None:
        self.ls = LanguageServer("smtplint", __version__)
        self.findings: dict[str, list[Finding]] = {}
        self.found: dict[str, list[Finding]] = {}  # document -> its last lint's findings, in any file
        self.uses: dict[str, set[str]] = {}  # document -> absolute paths of the files its last lint read
        self.said: set[str] = set()  # configuration errors already shown (as the CLI, defaults then apply)
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self._linter: Linter | None = None
        self._register()

    # ---- documents ------------------------------------------------------------------------------------

    @property
    def linter(self) -> Linter:
        if self._linter is None:
            root = self.ls.workspace.root_path if self.ls.workspace is not None else None
            self._linter = Linter(Path(root or os.getcwd()).resolve())
        return self._linter

    def texts(self) -> dict[Path, str]:
        """Every open document's text, by file path."""
        out: dict[Path, str] = {}
        for uri, doc in self.ls.workspace.text_documents.items():
            path = to_fs_path(uri)
            if path is not None:
                out[Path(path).resolve()] = doc.source
        return out

    def lint(self, uri: str) -> None:
        """Lint one open document and publish its diagnostics, and those of the other open documents the
        run placed findings in, or no longer does (an error becomes no diagnostics, never a crash)."""
        path = to_fs_path(uri)
        findings: list[Finding] | None = None
        used: set[str] = set()
        if path is not None:
            try:
                findings = self.linter.lint(Path(path).resolve(), self.texts(), used, everywhere=True)
                for error in self.linter.resolver.errors:  # a broken configuration file: defaults apply
                    if str(error) not in self.said:
                        self.said.add(str(error))
                        self.ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning,
                                                                          f"smtplint: {error}"))
            except Exception as exc:  # a bug must not take the editor's server down
                self.ls.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error,
                                                                f"smtplint: {type(exc).__name__} on {uri}"))
        touched = {f.span.path for f in self.found.get(uri, [])}
        self.found[uri] = findings or []
        self.uses[uri] = used
        touched |= {f.span.path for f in self.found[uri]}
        self.publish(uri)
        for other in list(self.ls.workspace.text_documents):
            other_path = to_fs_path(other)
            if other != uri and other_path is not None and self.linter.display(Path(other_path)) in touched:
                self.publish(other)

    def publish(self, uri: str) -> None:
        """Send a document's diagnostics: the findings every open document's last lint placed in it."""
        path = to_fs_path(uri)
        display = self.linter.display(Path(path)) if path is not None else None
        mine = [f for found in self.found.values() for f in found if f.span.path == display]
        self.findings[uri] = sorted(dict.fromkeys(mine), key=lambda f: f.sort_key)
        lines = self.ls.workspace.get_text_document(uri).source.splitlines()
        diagnostics = [self.diagnostic(f, lines) for f in self.findings[uri]]
        self.ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, diagnostics))

    def lint_related(self, uri: str) -> None:
        """Lint a document, then the other open documents its text may change (cross-file findings)."""
        self.lint(uri)
        path = to_fs_path(uri)
        if path is not None:
            self.refresh(os.path.abspath(path), skip=uri)

    def refresh(self, path: str, skip: str | None = None) -> None:
        """Lint again the open documents whose findings may depend on the file ``path``: those whose last
        lint read it (a master.cf and its main.cf, a settings module and the module it star-imports, a
        compose file and its .env) and those in its folder (a main.cf created beside an open master.cf)."""
        folder = os.path.dirname(path)
        for other in list(self.ls.workspace.text_documents):
            other_path = to_fs_path(other)
            if other == skip or other_path is None:
                continue
            if path in self.uses.get(other, ()) or os.path.dirname(os.path.abspath(other_path)) == folder:
                self.lint(other)

    def reconfigure(self) -> None:
        """A configuration file changed: read the configuration again and lint every open document."""
        self._linter = None
        self.said.clear()
        for uri in list(self.ls.workspace.text_documents):
            self.lint(uri)

    def changed_on_disk(self, uri: str) -> None:
        """A file was saved, created, changed or deleted (by the editor or another program)."""
        path = to_fs_path(uri)
        if path is None:
            return
        if os.path.basename(path) in CONFIG_FILES:
            self.reconfigure()
        elif uri in self.ls.workspace.text_documents:
            self.lint_related(uri)
        else:
            self.refresh(os.path.abspath(path))

    def later(self, uri: str) -> None:
        """Lint after DEBOUNCE_SECONDS without another change (typing does not start a run per key)."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self._due, uri)

    def _due(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri in self.ls.workspace.text_documents:
            self.lint_related(uri)

    # ---- what the editor shows ------------------------------------------------------------------------

    def uri_of(self, display: str) -> str:
        return from_fs_path(str((self.linter.root / display).resolve())) or display

    def diagnostic(self, finding: Finding, lines: Sequence[str]) -> lsp.Diagnostic:
        from smtplint.ruleinfo import rule_infos

        help_uri = next((r.help_uri for r in rule_infos() if r.id == finding.rule_id), None)
        related = [lsp.DiagnosticRelatedInformation(lsp.Location(self.uri_of(s.path), to_range(s, None)),
                                                    _("related setting")) for s in finding.related]
        return lsp.Diagnostic(
            range=to_range(finding.span, lines),
            message=finding.message,
            severity=_SEVERITY[finding.severity],
            code=finding.rule_id,
            code_description=lsp.CodeDescription(help_uri) if help_uri else None,
            source="smtplint",
            related_information=related or None,
        )

    def at(self, uri: str, line: int) -> list[Finding]:
        """The last published findings of a document whose span covers the 0-based ``line``."""
        return [f for f in self.findings.get(uri, []) if f.span.line - 1 <= line <= f.span.end_line - 1]

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        found = self.at(params.text_document.uri, params.position.line)
        if not found:
            return None
        pages = "\n\n---\n\n".join(render_doc(RULES[f.rule_id]) for f in dict.fromkeys(found) if f.rule_id in RULES)
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, pages)) if pages else None

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        path = to_fs_path(uri)
        if path is None:
            return []
        doc = self.ls.workspace.get_text_document(uri)
        text, lines = doc.source, doc.source.splitlines(keepends=True)
        actions: list[lsp.CodeAction] = []
        for finding in [f for line in range(params.range.start.line, params.range.end.line + 1)
                        for f in self.at(uri, line)]:
            diagnostic = self.diagnostic(finding, [line.rstrip("\r\n") for line in lines])
            fix = self.fix_action(finding, Path(path).resolve(), uri, text, diagnostic)
            if fix is not None and fix not in actions:
                actions.append(fix)
            target = self.linter.target(Path(path).resolve())
            first = lines[finding.span.line - 1] if 0 < finding.span.line <= len(lines) else ""
            comment = suppression_line(finding, first, target.format) if target is not None else None
            if comment is None:
                continue
            start = lsp.Position(finding.span.line - 1, 0)
            action = lsp.CodeAction(
                title=_("Suppress {rule} on this line (smtplint: disable-next-line)").format(rule=finding.rule_id),
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(lsp.Range(start, start), comment)]}),
            )
            if action not in actions:
                actions.append(action)
        return actions

    def fix_action(self, finding: Finding, path: Path, uri: str, text: str,
                   diagnostic: lsp.Diagnostic) -> lsp.CodeAction | None:
        """The finding's fix as a code action, when it passes --fix's check on the editor's text."""
        fix = finding.fix
        if fix is None or any(e.span.path != finding.span.path for e in fix.edits):
            return None
        edited = apply_edits(text, fix.edits)
        relint = self.linter.relint(path, self.texts())
        before = relint(finding.span.path, text)
        after = relint(finding.span.path, edited) if edited is not None else None
        if before is None or after is None or not fixes.accepted(before, after, finding.rule_id):
            return None
        shown = shown_edits(text, fix.edits, fix.secret)  # a password's fix: its removals, not the password
        if shown is None:
            return None
        lines = [line.rstrip("\r") for line in text.split("\n")]
        edits = [lsp.TextEdit(to_range(region, lines), new) for region, new in shown]
        title = (_("Fix {rule}: {description}") if fix.safe else _("Fix {rule}: {description} (unsafe)")).format(
            rule=finding.rule_id, description=fix.description)
        return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                              is_preferred=fix.safe or None, edit=lsp.WorkspaceEdit(changes={uri: edits}))

    # ---- wiring ---------------------------------------------------------------------------------------

    def _register(self) -> None:
        ls = self.ls

        @ls.feature(lsp.INITIALIZED)
        async def initialized(_params: lsp.InitializedParams) -> None:
            # files changed outside the editor (a main.cf beside an open master.cf, a configuration file):
            # asked for when the client can register file watchers dynamically
            workspace = ls.client_capabilities.workspace
            watched = workspace.did_change_watched_files if workspace is not None else None
            if watched is None or not watched.dynamic_registration:
                return
            options = lsp.DidChangeWatchedFilesRegistrationOptions(
                [lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED])
            await ls.client_register_capability_async(lsp.RegistrationParams([lsp.Registration(
                "smtplint-watched-files", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)]))

        @ls.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
        def did_change_watched_files(params: lsp.DidChangeWatchedFilesParams) -> None:
            for uri in dict.fromkeys(change.uri for change in params.changes):
                self.changed_on_disk(uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
        def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
            self.lint_related(params.text_document.uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
        async def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
            self.later(params.text_document.uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
        def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
            self.changed_on_disk(params.text_document.uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
        def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
            uri = params.text_document.uri
            self.findings.pop(uri, None)
            self.uses.pop(uri, None)
            placed = {f.span.path for f in self.found.pop(uri, [])}
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))
            for other in list(ls.workspace.text_documents):  # what it placed in the other open files goes
                other_path = to_fs_path(other)
                if other != uri and other_path is not None and self.linter.display(Path(other_path)) in placed:
                    self.publish(other)

        @ls.feature(lsp.TEXT_DOCUMENT_HOVER)
        def hover(params: lsp.HoverParams) -> lsp.Hover | None:
            return self.hover(params)

        @ls.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
        def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
            return self.code_actions(params)


def main() -> int:
    """Serve over stdin/stdout until the client says exit."""
    # pygls closes the streams it is given when the client exits: a duplicate of stdout, so the CLI's own flush
    # at exit still has a stdout
    with i18n.using(i18n.select_language(None, os.environ)), os.fdopen(os.dup(sys.stdout.fileno()), "wb") as out:
        Server().ls.start_io(sys.stdin.buffer, out)
    return 0
