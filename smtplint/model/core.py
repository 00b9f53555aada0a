"""The core records every stage shares: spans, settings, diagnostics, findings and documents.

No I/O and no parsing lives here. Everything a rule or a reporter needs travels in these records, so that a
rule never re-reads a file and a reporter never re-parses one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from smtplint.records import field, record

if TYPE_CHECKING:
    from smtplint.model.client import ClientEndpoint
    from smtplint.model.compose import ComposeService
    from smtplint.model.dns import DnsDocument
    from smtplint.model.kube import KubeFacts
    from smtplint.model.layout import Layout
    from smtplint.model.mailproxy import MailProxy
    from smtplint.model.postfix import MainCf, MasterCf

T = TypeVar("T")


class Severity(StrEnum):
    """How bad a finding is. SARIF maps INFO to ``note``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: larger is worse."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]

    def lowered(self, steps: int = 1) -> Severity:
        """One severity level lower per step (error -> warning -> info), never below info."""
        order = (Severity.INFO, Severity.WARNING, Severity.ERROR)
        return order[max(0, self.rank - steps)]


class Origin(StrEnum):
    """How sure smtplint is of a setting's value."""

    LITERAL = "literal"  # written in the file
    REFERENCE = "reference"  # ${VAR}, env("X"), os.environ[...], a template: unknown value
    FALLBACK = "fallback"  # a reference with a literal default (${X:-25}, env("X", default=25))
    DEFAULT = "default"  # not written: the framework's or Postfix's documented default


Format = str
"""A format's name in the registry (smtplint.formats): ``yaml``, ``postfix-main``, ``msmtprc`` ..."""


@record(frozen=True, order=True)
class Span:
    """A region of a file: 1-based lines and columns, end column exclusive (SARIF's convention).

    ``path`` is the display path (relative to the current directory when under it, with ``/``).
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, path: str, line: int, column: int = 1, length: int = 1) -> Span:
        """A span on one line, ``length`` characters long."""
        return cls(path, line, column, line, column + max(length, 1))


@record(frozen=True)
class Setting(Generic[T]):
    """One parsed value with the text and place it came from.

    ``value`` is None when the value is unknown (a reference without a literal fallback). ``raw`` is the
    text as written and may be a secret: reporters and messages never print the ``raw`` of a password.
    ``span`` covers the whole entry (key through value) so that a finding points at the exact line.
    """

    key: str
    value: T | None
    raw: str
    span: Span
    origin: Origin = Origin.LITERAL

    @property
    def known(self) -> bool:
        """True when the value is known (written, a fallback, or a documented default)."""
        return self.value is not None and self.origin is not Origin.REFERENCE

    @property
    def is_fallback(self) -> bool:
        """True when the value is only a reference's literal fallback (rules lower severity one level)."""
        return self.origin is Origin.FALLBACK


@record(frozen=True)
class Diagnostic:
    """A problem reading or parsing a file; reported as SMTP001."""

    span: Span
    message: str
    severity: Severity = Severity.ERROR


@record(frozen=True)
class Suppression:
    """Why a finding is not reported: an inline directive, a file directive or a baseline entry."""

    kind: str  # "inline" | "file" | "baseline"
    reason: str  # the text after ``--`` (empty when none was given)
    span: Span | None = None  # where the directive is written


@record(frozen=True)
class Edit:
    """One text edit of a fix, computed by a rule from the model (never from a file read again).

    ``old`` is replaced by ``new`` where it occurs last inside ``span`` (the setting's entry: the value is
    written after its key, so the last occurrence is the value's own characters); an empty ``old`` inserts
    ``new`` at the end of ``span``. Naming the old text makes an edit refuse a text that changed under it.
    """

    span: Span
    old: str
    new: str


@record(frozen=True)
class Fix:
    """Text edits that make a finding go away (smtplint.fixes applies and checks them).

    ``safe``: applied by ``--fix``; unsafe fixes only with ``--unsafe-fixes`` (they guess at what the user
    meant, or touch a secret). ``description`` is shown to the user and never contains a secret; every edit
    is in the finding's file. ``secret``: a line the fix changes also holds a secret (a password in a URL),
    so ``--diff`` does not print that file's changes. A fix never writes a secret's characters: one that
    edits a secret itself only takes characters out (SMTP202's stray spaces), and the reports and the
    editor are given those removals (smtplint.model.edits.shown_edits), never the text that stays.
    """

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True
    secret: bool = False


@record(frozen=True)
class Finding:
    """One reported problem. ``message`` never contains a secret."""

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    span: Span
    related: tuple[Span, ...] = ()
    suppression: Suppression | None = None
    # how many lines, from the first, hold the entry the finding is about: 1, or more when the entry's value
    # goes on in continuation lines (Postfix, .properties); the fingerprint hashes all of them
    entry_lines: int = 1
    # "example": found in an example, sample, test or docs location (reported one severity lower)
    tags: tuple[str, ...] = ()
    fix: Fix | None = None  # how to make it go away, when the rule knows (smtplint.fixes)

    @property
    def sort_key(self) -> tuple[str, int, int, str, int, int, str]:
        """Findings are sorted by path, line, column, rule (then the rest, for total determinism)."""
        s = self.span
        return (s.path, s.line, s.column, self.rule_id, s.end_line, s.end_column, self.message)


@record(frozen=True)
class Need:
    """Another file a document is judged together with, declared by its parser and found by the conductor.

    A sibling (``module`` False): ``name`` in the document's folder, read as ``format`` for context (a
    master.cf needs the main.cf beside it). A module (``module`` True): ``name`` is a Python module a star
    import names (``.base``, ``project.settings.base``); the conductor reads it and parses the document again
    with the module's text in the parse context, until nothing new is needed.
    """

    name: str
    format: Format
    module: bool = False


@record
class Document:
    """What one file produced: client endpoints, Postfix tables, diagnostics; or a reason it was skipped.

    ``sources`` holds the text of the file (under ``path``) and of every file read to make the document (a
    Django module's star imports), for reporters and fingerprints; ``layout`` its comments and line kinds for
    suppressions (None when the text never mentions smtplint, so no directive can be in it).
    """

    path: str
    format: Format
    endpoints: list[ClientEndpoint] = field(default_factory=list)
    main_cf: MainCf | None = None
    master_cf: MasterCf | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: str | None = None
    # docker-compose services' environments as written, for the compose/.env linking step (engine)
    compose: list[ComposeService] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    layout: Layout | None = None
    needs: tuple[Need, ...] = ()
    # DNS records kept as code (zone files, OctoDNS, Terraform, DNSControl, MTA-STS policies): SMTP5xx
    dns: DnsDocument | None = None
    # an nginx mail {} proxy's SMTP listeners (smtplint.model.mailproxy)
    mail_proxy: MailProxy | None = None
    # Kubernetes manifests: ConfigMaps, Secrets and containers' environments, for the envFrom linking step
    kube: KubeFacts | None = None
