"""``smtplint server``: a Language Server Protocol server over stdio (pygls, the ``smtplint[lsp]`` extra).

The same engine as the CLI runs in-process on the editor's text: the file's configuration (the nearest
``.smtplint.toml``/``pyproject.toml``, its excludes, rules, severities and options) and its suppression comments
apply as they do on the command line. Diagnostics are published on open, on save and, debounced, on change;
a change re-lints the other open files of the same folder too (a master.cf is judged with the main.cf beside
it, the editor's unsaved text included). Each diagnostic has the rule id as its code, the rule page as its
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
from smtplint.config import Cli, Resolver
from smtplint.engine import Engine
from smtplint.files import PathError, Target, display_path, iter_targets
from smtplint.i18n import _
from smtplint.model import Finding, Severity, Span
from smtplint.model.edits import apply_edits, shown_edits
from smtplint.rules import RULES, render_doc

DEBOUNCE_SECONDS = 0.3
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

    def lint(self, path: Path, texts: dict[Path, str]) -> list[Finding] | None:
        """The active findings of ``path`` with the editor's ``texts`` (open files) instead of the files on
        disk; None when the file is no lint target."""
        target = self.target(path)
        if target is None:
            return None
        engine = Engine(cwd=self.root, policy=self.resolver.policy_for, jobs=1)
        for file, text in texts.items():
            engine.reader.cache[engine.reader.key(file)] = text.encode("utf-8", "surrogatepass")
        result = engine.run([target])
        return [f for f in result.findings if f.span.path == target.display and f.suppression is None]

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
        """Lint one open document and publish its diagnostics (an error becomes no diagnostics, never a crash)."""
        path = to_fs_path(uri)
        findings: list[Finding] | None = None
        if path is not None:
            try:
                findings = self.linter.lint(Path(path).resolve(), self.texts())
            except Exception as exc:  # a bug must not take the editor's server down
                self.ls.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error,
                                                                f"smtplint: {type(exc).__name__} on {uri}"))
        self.findings[uri] = findings or []
        lines = self.ls.workspace.get_text_document(uri).source.splitlines()
        diagnostics = [self.diagnostic(f, lines) for f in self.findings[uri]]
        self.ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, diagnostics))

    def lint_folder(self, uri: str) -> None:
        """Lint a document and the other open documents of its folder (cross-file findings)."""
        folder = os.path.dirname(to_fs_path(uri) or "")
        self.lint(uri)
        for other in list(self.ls.workspace.text_documents):
            if other != uri and os.path.dirname(to_fs_path(other) or "") == folder:
                self.lint(other)

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
            self.lint_folder(uri)

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

        @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
        def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
            self.lint_folder(params.text_document.uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
        async def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
            self.later(params.text_document.uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
        def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
            self.lint_folder(params.text_document.uri)

        @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
        def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
            uri = params.text_document.uri
            self.findings.pop(uri, None)
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))

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
