"""Postfix main.cf and master.cf: logical lines, ``name = value`` definitions, services and ``-o`` overrides.

Both files share postconf(5)'s line syntax: a line starting with whitespace continues the previous logical
line; blank lines and lines whose first non-blank character is ``#`` are ignored everywhere (they do not end
a logical line). A ``#`` elsewhere is text. Templates (``{{ }}``, ``{% %}``, ``{# #}``, a ``%{name}`` line
prefix) make the values they touch unknown; they are never findings.

The parsers never raise: whatever the text, they return a Document with diagnostics (SMTP001).
"""

from __future__ import annotations

from smtplint.i18n import _
from smtplint.model import (
    Definition,
    Diagnostic,
    Document,
    MainCf,
    MasterCf,
    Need,
    Override,
    Service,
    ServiceEdit,
    Severity,
    Span,
)
from smtplint.parsers import templates
from smtplint.patterns import lazy
from smtplint.records import field, record

_TEMPLATE = lazy(r"\{\{|\{%|\{#|%\{|<%")
_LINE_PREFIX = lazy(r"^(?:%\{[^}\n]*\})+")  # modoboa-style conditional line prefixes
_JINJA_OPEN = lazy(r"(?:\{%|\{\{|<%)-?\s*(\w+)")  # Jinja, Go template and ERB statements
_JINJA_BLOCKS = frozenset({"if", "for", "macro", "block", "filter", "with", "call", "raw", "range", "unless",
                           "define", "while", "case"})
_PARAM_NAME = lazy(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*")
_SERVICE_TYPES = frozenset({"inet", "unix", "unix-dgram", "fifo", "pass"})
_MYNETWORKS_STYLES = frozenset({"host", "subnet", "class"})
_DAEMON_ARG_OPTIONS = frozenset({"-i", "-m", "-n", "-s", "-t", "-c"})
_TEMPLATE_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}


@record
class _Seg:
    """One physical line of a logical entry; ``start`` skips a template line prefix."""

    line: int
    text: str
    start: int
    templated: bool


@record
class _Entry:
    segs: list[_Seg] = field(default_factory=list)
    templated: bool = False  # inside a template conditional or behind a %{...} prefix
    skip: bool = False  # a line already diagnosed or deliberately ignored: swallow its continuations


@record
class _Token:
    text: str
    start: int  # index into the logical text
    end: int


def _lines(text: str) -> list[str]:
    """Physical lines: split on LF, drop one CR before it (columns stay exact)."""
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return [line[:-1] if line.endswith("\r") else line for line in out]


def _rstrip_len(text: str) -> int:
    return len(text.rstrip())


class _Reader:
    """Groups physical lines into logical entries, tracking template conditionals; shared by both files."""

    def __init__(self, path: str, text: str, diagnostics: list[Diagnostic], kind: str) -> None:
        self.path = path
        self.text = text
        self.diagnostics = diagnostics
        self.kind = kind

    def entries(self) -> list[_Entry]:
        entries: list[_Entry] = []
        current: _Entry | None = None
        depth = 0
        template_lines = set(templates.template_line_numbers(self.text))
        for number, raw in enumerate(_lines(self.text), start=1):
            prefix = _LINE_PREFIX.match(raw)
            start = prefix.end() if prefix else 0
            body = raw[start:]
            stripped = body.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if number in template_lines and "=" not in stripped.replace("==", "").replace("!=", ""):
                # a template statement, comment or expression-only line: nothing Postfix would see
                depth = self._jinja_depth(stripped, depth)
                current = None if stripped.startswith("{{") else current
                continue
            if not body[0].isspace() and stripped.startswith(("{%", "{#")):
                depth = self._jinja_depth(stripped, depth)
                continue
            seg = _Seg(number, raw, start, prefix is not None or depth > 0)
            if body[0].isspace():
                if current is None:
                    current = _Entry([seg], skip=True)
                    entries.append(current)
                    if len(entries) == 1:
                        self._continuation_at_start(seg)
                    continue
                current.segs.append(seg)
                continue
            current = _Entry([seg], templated=seg.templated)
            entries.append(current)
        return entries

    @staticmethod
    def _jinja_depth(stripped: str, depth: int) -> int:
        for word in _JINJA_OPEN.findall(stripped):
            if word in _JINJA_BLOCKS:
                depth += 1
            elif word.startswith("end"):
                depth = max(0, depth - 1)
        return depth

    def _continuation_at_start(self, seg: _Seg) -> None:
        col = seg.start + len(seg.text[seg.start:]) - len(seg.text[seg.start:].lstrip()) + 1
        end = _rstrip_len(seg.text) + 1
        self.diagnostics.append(Diagnostic(
            Span(self.path, seg.line, col, seg.line, max(end, col + 1)),
            _("cannot parse {file} line {line}: a line that starts with whitespace continues the previous line, "
              "and there is none; remove the indentation").format(file=self.kind, line=seg.line),
            Severity.WARNING,
        ))


# ---------------------------------------------------------------------------------------------- main.cf


def _layer_needs() -> tuple[Need, ...]:
    """The files a file in Postfix syntax is judged with: the main.cf and master.cf beside it and, for
    docker-mailserver's override files, the other override file (``postfix-master.cf`` names parameters
    ``postfix-main.cf`` defines)."""
    return (Need("main.cf", "postfix-main"), Need("master.cf", "postfix-master"),
            Need("postfix-main.cf", "postfix-main"), Need("postfix-master.cf", "postfix-master-overrides"))


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] or path


def parse_main(path: str, text: str) -> Document:
    """Parse a main.cf (or a file in its syntax: ``postfix-main.cf``, ``extra.cf``, ``main.cf.d/*``, read after
    the main.cf beside it): every ``name = value`` definition with exact spans, problems as diagnostics."""
    kind = _file_name(path)
    needs = (Need("master.cf", "postfix-master"),) if kind == "main.cf" else _layer_needs()
    doc = Document(path, "postfix-main", needs=needs)
    main = MainCf(path)
    doc.main_cf = main
    try:
        for entry in _Reader(path, text, doc.diagnostics, kind).entries():
            if not entry.skip:
                _main_entry(path, entry, main, doc.diagnostics)
        _check_mynetworks_style(main, doc.diagnostics)
    except Exception as exc:  # pragma: no cover - a safety net: bad input must never crash a run
        doc.diagnostics.append(Diagnostic(Span.point(path, 1), _(
            "cannot parse {file}: internal error ({error})").format(file="main.cf", error=type(exc).__name__)))
    return doc


def _main_entry(path: str, entry: _Entry, main: MainCf, diagnostics: list[Diagnostic]) -> None:
    first = entry.segs[0]
    body = first.text[first.start:]
    eq = body.find("=")
    name = body[:eq].strip() if eq >= 0 else ""
    if eq < 0 or not name or not _PARAM_NAME.fullmatch(name):
        if _TEMPLATE.search(body[: eq if eq >= 0 else len(body)]):
            return  # a templated name: unknown, not an error
        end = _rstrip_len(first.text) + 1
        diagnostics.append(Diagnostic(
            Span(path, first.line, first.start + 1, first.line, max(end, first.start + 2)),
            _("cannot parse main.cf line {line}: expected 'name = value'").format(line=first.line),
        ))
        return
    parts: list[tuple[_Seg, int]] = [(first, first.start + eq + 1)]  # (segment, index where value text starts)
    parts += [(seg, seg.start) for seg in entry.segs[1:]]
    pieces: list[str] = []
    value_start: tuple[int, int] | None = None
    value_end: tuple[int, int] | None = None
    templated = entry.templated
    for seg, offset in parts:
        chunk = seg.text[offset:]
        lead = len(chunk) - len(chunk.lstrip())
        piece = chunk.strip()
        templated = templated or seg.templated
        if not piece:
            continue
        pieces.append(piece)
        if value_start is None:
            value_start = (seg.line, offset + lead + 1)
        value_end = (seg.line, offset + lead + len(piece) + 1)
    value = " ".join(pieces)
    templated = templated or bool(_TEMPLATE.search(value))
    last = entry.segs[-1]
    eq_col = first.start + eq + 2
    if value_start is None or value_end is None:
        value_span = Span(path, first.line, eq_col, first.line, eq_col)
        span = Span(path, first.line, first.start + 1, first.line, eq_col)
    else:
        value_span = Span(path, value_start[0], value_start[1], value_end[0], value_end[1])
        span = Span(path, first.line, first.start + 1, value_end[0], value_end[1])
    if last.line > span.end_line:
        span = Span(path, span.line, span.column, last.line, _rstrip_len(last.text) + 1)
    main.add(Definition(name, value, span, value_span, templated))
    if not templated:
        _check_hash(path, name, parts, diagnostics)


def _check_hash(path: str, name: str, parts: list[tuple[_Seg, int]], diagnostics: list[Diagnostic]) -> None:
    """A '#' that starts a word inside a value is kept in the value by Postfix: warn once per definition."""
    for seg, offset in parts:
        chunk = seg.text[offset:]
        for i, ch in enumerate(chunk):
            if ch == "#" and (i == 0 or chunk[i - 1].isspace()):
                col = offset + i + 1
                diagnostics.append(Diagnostic(
                    Span(path, seg.line, col, seg.line, _rstrip_len(seg.text) + 1),
                    _("'#' inside the value of {name} is not a comment: Postfix keeps the text after it as part "
                      "of the value; move the comment to its own line").format(name=name),
                    Severity.WARNING,
                ))
                return


def _check_mynetworks_style(main: MainCf, diagnostics: list[Diagnostic]) -> None:
    definition = main.last("mynetworks_style")
    if definition is None or definition.templated or "$" in definition.value:
        return
    if definition.value.strip().lower() not in _MYNETWORKS_STYLES:
        diagnostics.append(Diagnostic(
            definition.value_span,
            _("unknown mynetworks_style value: Postfix accepts host, subnet or class; write "
              "'mynetworks_style = host'"),
            Severity.WARNING,
        ))


# -------------------------------------------------------------------------------------------- master.cf


class _Logical:
    """The text of one logical entry with a map from each character back to its line and column."""

    def __init__(self, entry: _Entry) -> None:
        chunks: list[str] = []
        self.lines: list[int] = []
        self.cols: list[int] = []
        self.templated_at: list[bool] = []
        for seg in entry.segs:
            if chunks:
                chunks.append(" ")
                self.lines.append(seg.line)
                self.cols.append(seg.start + 1)
                self.templated_at.append(seg.templated)
            piece = seg.text[seg.start:]
            chunks.append(piece)
            self.lines += [seg.line] * len(piece)
            self.cols += range(seg.start + 1, seg.start + 1 + len(piece))
            self.templated_at += [seg.templated] * len(piece)
        self.text = "".join(chunks)

    def span(self, path: str, start: int, end: int) -> Span:
        """Span of text[start:end] (end exclusive, non-empty)."""
        last = max(start, end - 1)
        return Span(path, self.lines[start], self.cols[start], self.lines[last], self.cols[last] + 1)

    def tokens(self) -> list[_Token]:
        """Whitespace-separated words; ``{ ... }`` groups and template expressions stay whole."""
        s, n = self.text, len(self.text)
        out: list[_Token] = []
        i = 0
        while i < n:
            if s[i].isspace():
                i += 1
                continue
            start = i
            if s[i] == "{" and s[i:i + 2] not in _TEMPLATE_CLOSERS:
                i = _brace_end(s, i)
            else:
                while i < n and not s[i].isspace():
                    opener = s[i:i + 2]
                    if opener in _TEMPLATE_CLOSERS:
                        close = s.find(_TEMPLATE_CLOSERS[opener], i + 2)
                        i = n if close < 0 else close + 2
                    else:
                        i += 1
            out.append(_Token(s[start:i], start, i))
        return out

    def templated(self, token: _Token) -> bool:
        return any(self.templated_at[token.start:token.end]) or bool(_TEMPLATE.search(token.text))


def _brace_end(s: str, i: int) -> int:
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def parse_master(path: str, text: str) -> Document:
    """Parse a master.cf (or a fragment in its syntax, such as ``postfix-amavis.cf``): active services with
    their ``-o`` overrides, problems as diagnostics."""
    kind = _file_name(path)
    needs = (Need("main.cf", "postfix-main"),) if kind == "master.cf" else _layer_needs()
    doc = Document(path, "postfix-master", needs=needs)
    master = MasterCf(path)
    doc.master_cf = master
    try:
        for entry in _Reader(path, text, doc.diagnostics, "master.cf").entries():
            if entry.skip or entry.templated:
                continue  # a service that may or may not exist after rendering is unknown
            service = _service(path, _Logical(entry), doc.diagnostics)
            if service is not None:
                master.services.append(service)
    except Exception as exc:  # pragma: no cover - a safety net: bad input must never crash a run
        doc.diagnostics.append(Diagnostic(Span.point(path, 1), _(
            "cannot parse {file}: internal error ({error})").format(file="master.cf", error=type(exc).__name__)))
    return doc


def _service(path: str, logical: _Logical, diagnostics: list[Diagnostic]) -> Service | None:
    tokens = logical.tokens()
    if not tokens:
        return None
    first_line = logical.lines[0]
    if any(logical.templated(t) for t in tokens[:8]):
        return None  # a templated service name or field: cannot be classified
    if len(tokens) < 8:
        span = logical.span(path, tokens[0].start, tokens[-1].end)
        diagnostics.append(Diagnostic(
            span,
            _("cannot parse master.cf line {line}: a service needs 8 fields (service type private unpriv chroot "
              "wakeup maxproc command), found {count}").format(line=first_line, count=len(tokens)),
        ))
        return None
    name, stype = tokens[0].text, tokens[1].text
    if stype not in _SERVICE_TYPES:
        diagnostics.append(Diagnostic(
            logical.span(path, tokens[1].start, tokens[1].end),
            _("unknown master.cf service type: expected inet, unix, unix-dgram, fifo or pass"),
            Severity.WARNING,
        ))
    command = tokens[7].text
    args = tokens[8:]
    line_tokens = [t for t in tokens if logical.lines[t.start] == first_line]
    service = Service(
        name=name,
        type=stype,
        command=command,
        args=tuple(t.text for t in args),
        span=logical.span(path, tokens[0].start, tokens[-1].end),
        line_span=logical.span(path, line_tokens[0].start, line_tokens[-1].end),
        fields=tuple(t.text for t in tokens[1:7]),
    )
    _arguments(path, logical, service, args, diagnostics)
    return service


def _arguments(path: str, logical: _Logical, service: Service, args: list[_Token],
               diagnostics: list[Diagnostic]) -> None:
    """Collect ``-o`` overrides; warn about ``-o`` without name=value and stray smtpd arguments.

    Postfix daemons read their options with getopt, which stops at the first argument that is not an option
    (or at ``--``): for ``pipe``, ``local`` and the others, everything from there on (``flags=... user=...
    argv=/usr/sbin/sendmail -oi -f ${sender}``) is the program's own arguments, never an override. For smtpd
    and postscreen a stray word is a broken ``-o`` value with spaces: warned about, the ``-o`` after it kept.
    """
    daemon = service.program in ("smtpd", "postscreen")
    k = 0
    while k < len(args):
        tok = args[k]
        if not daemon and (tok.text == "--" or not tok.text.startswith("-")):
            return  # the command's own arguments start here
        if tok.text == "-o":
            if k + 1 >= len(args) or args[k + 1].text.startswith("-"):
                diagnostics.append(Diagnostic(
                    logical.span(path, tok.start, tok.end),
                    _("'-o' needs a 'name=value' after it; write '-o name=value' or '-o { name = value }'"),
                    Severity.WARNING,
                ))
                k += 1
                continue
            _override(path, logical, service, tok, args[k + 1], diagnostics)
            k += 2
            continue
        if tok.text.startswith("-o") and len(tok.text) > 2:
            _override(path, logical, service, tok, tok, diagnostics)
        elif tok.text in _DAEMON_ARG_OPTIONS:
            k += 1  # the option's argument
        elif daemon and not tok.text.startswith("-") and not logical.templated(tok):
            diagnostics.append(Diagnostic(
                logical.span(path, tok.start, tok.end),
                _("unexpected argument for {program} in service '{service}': a value with spaces must be written "
                  "'-o {{ name = value }}'").format(program=service.program, service=service.name),
                Severity.WARNING,
            ))
        k += 1


def _override(path: str, logical: _Logical, service: Service, opt: _Token, arg: _Token,
              diagnostics: list[Diagnostic]) -> None:
    text = arg.text[2:] if arg is opt else arg.text
    span = logical.span(path, opt.start, arg.end)
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        stripped = stripped[1:-1]
    eq = stripped.find("=")
    name = stripped[:eq].strip() if eq >= 0 else ""
    if not name or not _PARAM_NAME.fullmatch(name):
        if logical.templated(arg):
            return
        diagnostics.append(Diagnostic(
            span,
            _("'-o' needs 'name=value'; write '-o name=value' or '-o { name = value }'"),
            Severity.WARNING,
        ))
        return
    value = stripped[eq + 1:].strip()
    service.overrides.append(Override(name, value, span, logical.templated(arg)))


# ------------------------------------------------------------------------------- postconf -P edits

_EDIT = lazy(r"(?P<service>[^\s/=]+)/(?P<type>[^\s/=]+)/(?P<name>[A-Za-z0-9_]+)\s*=(?P<value>.*)")


def parse_master_edits(path: str, text: str) -> Document:
    """Parse docker-mailserver's ``postfix-master.cf``: one ``service/type/parameter=value`` per line, as
    ``postconf -P`` takes it (no continuation lines); each becomes an ``-o`` override of that master.cf
    service (smtplint.model.postfix.layered applies them)."""
    doc = Document(path, "postfix-master-overrides", needs=_layer_needs())
    master = MasterCf(path)
    doc.master_cf = master
    for number, raw in enumerate(_lines(text), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        start = len(raw) - len(raw.lstrip())
        end = len(raw.rstrip())
        span = Span(path, number, start + 1, number, end + 1)
        match = _EDIT.fullmatch(raw[start:end])
        if match is None:
            if not _TEMPLATE.search(raw):
                doc.diagnostics.append(Diagnostic(span, _(
                    "cannot parse {file} line {line}: postconf -P takes 'service/type/parameter=value' "
                    "(submission/inet/smtpd_tls_security_level=encrypt)").format(file=_file_name(path), line=number),
                    Severity.WARNING))
            continue
        value = match.group("value").strip()
        override = Override(match.group("name"), value, span, bool(_TEMPLATE.search(raw)))
        master.edits.append(ServiceEdit(match.group("service"), match.group("type"), override))
    return doc


# --------------------------------------------------------------------------------------------- sniffing

# Postfix parameter names (postconf(5)) by prefix, and the common ones without a telling prefix: a file whose
# ``name = value`` lines mostly use them is main.cf syntax. LDAP/MySQL lookup tables (server_host, bind_dn,
# query), Dovecot (mail_max_userip_connections, ssl) and fail2ban use other names.
_PARAM_PREFIXES = ("smtpd_", "smtp_", "lmtp_", "tls_", "postscreen_", "virtual_", "relay_", "milter_",
                   "non_smtpd_", "mailbox_", "alias_", "inet_", "header_", "body_", "sender_", "recipient_",
                   "transport_", "local_", "default_", "maximal_", "minimal_", "queue_", "address_verify_",
                   "unknown_", "smtputf8_", "anvil_", "dnsblog_", "postlog_", "meta_", "proxy_", "myhostname",
                   "mydomain", "myorigin", "mydestination", "mynetworks", "relayhost", "compatibility_level",
                   "content_filter", "disable_vrfy_command", "message_size_limit", "biff", "append_dot_mydomain",
                   "readme_directory", "command_directory", "daemon_directory", "data_directory", "html_directory",
                   "manpage_directory", "sample_directory", "sendmail_path", "newaliases_path", "mailq_path",
                   "setgid_group", "mail_owner", "mail_name", "mail_spool_directory", "home_mailbox",
                   "masquerade_", "canonical_maps", "always_bcc", "notify_classes", "max_idle", "max_use",
                   "delay_warning_time", "bounce_", "strict_rfc821_envelopes", "show_user_unknown_table_name",
                   "enable_long_queue_ids", "inet_interfaces", "inet_protocols", "soft_bounce", "debug_peer_",
                   "propagate_unmatched_extensions", "lmdb_", "internal_mail_filter_classes", "syslog_name",
                   "milter_default_action", "authorized_", "allow_", "luser_relay", "fallback_transport",
                   "relocated_maps", "swap_bangpath", "allow_percent_hack", "owner_request_special")
_MAIN_LINE = lazy(r"([A-Za-z0-9_]+)[ \t]*=")
_MASTER_LINE = lazy(r"\S+\s+(?:inet|unix|unix-dgram|fifo|pass)\s+(?:[-yn]\s+){3}(?:[-0-9]+\??\s+){2}\S")


def postfix_parameter(name: str) -> bool:
    """Whether ``name`` reads as a Postfix parameter (postconf(5)) by its prefix or name."""
    return name.lower().startswith(_PARAM_PREFIXES)


def sniff_syntax(head: bytes) -> str | None:
    """Which Postfix syntax a file's first bytes are written in: ``"master"`` (service lines of eight fields),
    ``"main"`` (``name = value`` lines, two or more and three in four of them known Postfix parameters:
    ``recipient_delimiter = +`` alone is Dovecot syntax too), or None
    when it is not Postfix (a lookup table, an LDAP query file, a Dovecot or fail2ban file)."""
    text = head.decode("utf-8", "replace")
    known = other = services = entries = 0
    for raw in text.splitlines()[:2000]:
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or raw[0].isspace():
            continue
        entries += 1
        if _MASTER_LINE.match(stripped):
            services += 1
            continue
        match = _MAIN_LINE.match(stripped)
        if match is None:
            other += 1
        elif postfix_parameter(match.group(1)):
            known += 1
        else:
            other += 1
    if services and services * 2 >= entries:
        return "master"
    if known >= 2 and known * 4 >= entries * 3 and not services:  # one name may be Dovecot's too
        return "main"
    return None


def parse_sniffed(path: str, text: str) -> Document:
    """A ``*.cf`` file whose content is Postfix syntax: parsed as main.cf or master.cf by its lines."""
    if sniff_syntax(text.encode("utf-8", "surrogatepass")) == "master":
        return parse_master(path, text)
    return parse_main(path, text)
