"""INI files with mail sections: Grafana ``[smtp]``, Gitea/Forgejo ``[mailer]``, with exact spans.

Lines are read as Python configparser reads them without interpolation (``RawConfigParser``):
``[section]`` headers, ``key = value`` or ``key: value``, full-line comments starting with ``#`` or ``;``,
indented lines continue the previous value, case-insensitive keys, the last definition wins. Keys before
the first header form a ``DEFAULT`` section, as go-ini reads them (Gitea's ``APP_NAME = ...``).

Values: Grafana and Gitea read their files with go-ini, and their own sample files rely on its value
rules (``HOST = 127.0.0.1:3306 ; can use socket``), so their sections' values are read the go-ini way: a
value ends at the first ``#`` or ``;`` (an inline comment) unless it is quoted with triple double quotes,
backticks or double quotes (quotes removed); continuation lines are not part of it. Other applications' mail
sections keep configparser's reading (no inline comments). Grafana's ``$__env{X}``/``$__file{…}`` and
``${X}`` are references (unknown values).

Sections:

* Grafana ``[smtp]`` (grafana.ini, custom.ini): ``enabled`` (an explicit false means no endpoint),
  ``host = host:port``, ``user``, ``password``, ``skip_verify``, ``startTLS_policy``
  (``MandatoryStartTLS``/``OpportunisticStartTLS``/``NoStartTLS``; unset = opportunistic). Port 465 is
  implicit TLS whatever the policy (go-mail's dialer), so there the port decides.
* Gitea/Forgejo ``[mailer]`` (app.ini; go-gitea/gitea ``modules/setting/mailer.go`` and
  ``services/mailer/sender/smtp.go``): ``ENABLED`` (explicit false: no endpoint), ``PROTOCOL`` (``smtp`` =
  no TLS at all, ``smtps`` = implicit TLS, ``smtp+starttls`` = STARTTLS when offered, falling back to
  plaintext; ``smtp+unix``, ``sendmail``, ``dummy`` are not SMTP client connections), ``SMTP_ADDR``,
  ``SMTP_PORT`` (absent: 25/465/587 by protocol), ``USER``, ``PASSWD``, ``FORCE_TRUST_SERVER_CERT``.
  Without ``PROTOCOL`` the port decides as Gitea infers it (25 smtp, 465 smtps, 587 smtp+starttls, any
  other port smtps); the pre-1.18 ``HOST = host:port``, ``IS_TLS_ENABLED`` (true = implicit TLS),
  ``SKIP_VERIFY`` and ``MAILER_TYPE`` are read the same way.
* Another app's ``[smtp]``/``[mailer]``/``[mail]``/``[email]`` section (keys outside Grafana's and Gitea's
  vocabularies, e.g. ``server``/``port``) is read with the generic key vocabulary of the YAML blocks.
"""

from __future__ import annotations

import re

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Diagnostic, Dialect, Document, Mode, Origin, Setting, Severity, Span
from smtplint.parsers import shapes, templates
from smtplint.parsers.limits import Collector
from smtplint.parsers.values import classify, parse_bool, parse_port, split_host_port
from smtplint.patterns import lazy
from smtplint.records import field, record, replace

_RELEVANT = lazy(r"^[ \t]*\[[ \t]*(?:smtp|mailer|mail|email)[ \t]*\]", re.M | re.I)
_MAIL_SECTIONS = frozenset({"smtp", "mailer", "mail", "email"})
_SECTION = lazy(r"\[(?P<name>.+)\]")
_OPTION = lazy(r"(?P<key>.*?)\s*(?P<sep>[=:])\s*(?P<value>.*)$")
_GRAFANA_KEYS = frozenset({
    "enabled", "host", "user", "password", "cert_file", "key_file", "skip_verify", "from_address", "from_name",
    "ehlo_identity", "starttls_policy", "enable_tracing", "static_headers",
})
_GITEA_KEYS = frozenset({
    "enabled", "protocol", "smtp_addr", "smtp_port", "user", "passwd", "force_trust_server_cert", "host",
    "is_tls_enabled", "skip_verify", "mailer_type", "from", "envelope_from", "subject_prefix", "send_as_plain_text",
    "client_cert_file", "client_key_file", "use_client_cert", "enable_helo", "helo_hostname", "sendmail_path",
    "sendmail_args", "sendmail_timeout", "sendmail_convert_crlf", "send_buffer_len", "override_header",
    "use_certificate", "cert_file", "key_file", "disable_helo", "register_email_confirm", "from_name",
})
_GRAFANA_POLICIES: dict[str, tuple[Mode, bool]] = {
    "mandatorystarttls": (Mode.STARTTLS_REQUIRED, False),
    "opportunisticstarttls": (Mode.STARTTLS, False),
    "nostarttls": (Mode.PLAIN, True),
}
_GITEA_DEFAULT_PORTS = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}
_GITEA_PROTOCOLS: dict[str, Mode | None] = {
    "smtp": Mode.PLAIN, "smtps": Mode.IMPLICIT_TLS, "smtp+starttls": Mode.STARTTLS,
    "smtp+unix": None, "sendmail": None, "dummy": None,
}


@record(frozen=True)
class RawOption:
    """One ``key = value`` line as written (continuation parts for configparser kept apart)."""

    key: str
    line: int
    column: int  # 1-based column of the key
    value_column: int  # 1-based column of the value's first character on the first line
    parts: tuple[str, ...]  # the value text on the first line (trailing blanks removed), then continuations
    end_line: int
    end_column: int  # exclusive end of the whole entry as configparser reads it
    separator_end: int  # exclusive column after the separator (where an empty value ends)


@record
class Section:
    """One section: its name as written, its header's span, and its options (lower-case key -> raw option)."""

    name: str
    span: Span
    raw: dict[str, RawOption] = field(default_factory=dict)

    def settings(self, path: str, *, goini: bool) -> dict[str, Setting[str]]:
        """The options as settings, read the go-ini way (inline comments, quotes) or configparser's way."""
        return {name: _setting(path, option, goini=goini) for name, option in self.raw.items()}


def _goini_value(first: str) -> tuple[str, int]:
    """go-ini's value of the first line and how many characters of it are the value as written.

    Triple double quotes, backticks and double quotes quote (the quotes are removed); otherwise the value
    ends at the first ``#`` or ``;`` (an inline comment).
    """
    for quote in ('"""', "`", '"'):
        if first.startswith(quote):
            end = first.find(quote, len(quote))
            if end >= 0:
                return first[len(quote):end], end + len(quote)
            break
    cut = min((i for i in (first.find("#"), first.find(";")) if i >= 0), default=len(first))
    value = first[:cut].rstrip()
    return value, len(value)


def _setting(path: str, option: RawOption, *, goini: bool) -> Setting[str]:
    if goini:
        value, written = _goini_value(option.parts[0])
        end_line = option.line
        end_column = option.value_column + written if written else option.separator_end
    else:
        value = "\n".join(option.parts).strip()
        end_line, end_column = option.end_line, option.end_column
    scalar = classify(value)
    text_value = value if scalar.origin is Origin.LITERAL else scalar.text
    span = Span(path, option.line, option.column, end_line, end_column)
    return Setting(option.key, text_value, value, span, scalar.origin)


# Runs of lines that change nothing a caller keeps, consumed at C speed (text with LF line ends only):
# lines that are blank or comments, and lines that are neither a header nor ``key = value`` (bad lines).
_QUIET_RUN = lazy(r"(?:[^\S\n]*+(?:[#;][^\n]*+)?\n)++")
_BAD_RUN = lazy(r"(?:[^\S\n]*+(?:[^\s\[#;=:][^\n=:]*+|\[\]?[^\n\]=:]*+)\n)++")
# In a section whose options are not kept: lines that start at column 1 and are no header (options, bad lines;
# never a continuation), blank lines and comments.
_OTHER_RUN = lazy(r"(?:(?:[^\s\[#;][^\n]*+|\[\]?[^\n\]]*+|[^\S\n]*+(?:[#;][^\n]*+)?)\n)++")
_SKIPPED = RawOption("", 0, 1, 1, ("",), 0, 1, 1)  # stands for an option of a section not kept


def sections(path: str, text: str, *, mail_only: bool = False) -> tuple[list[Section], list[Diagnostic]]:
    """Every section with its options as written (keys before the first header form ``DEFAULT``, as in
    go-ini); an indented line continues the previous value (configparser).

    A line that is not ``key = value`` inside a mail section is an SMTP001 warning; elsewhere it is ignored.
    With ``mail_only`` the options of other sections are not kept. Diagnostics are capped
    (smtplint.parsers.limits): beyond the cap bad lines are only counted, a run of them at once.
    """
    found: list[Section] = []
    problems = Collector()
    current = Section("DEFAULT", Span(path, 1, 1, 1, 2))
    found.append(current)
    keep = True  # keep the current section's options
    mail = False  # the current section is a mail section: bad lines are problems
    last: RawOption | None = None
    skipping = False  # ``last`` is an option of a section not kept: its continuation lines are skipped
    parts: list[str] = []  # continuation lines of ``last`` (a tuple rebuilt per line would be quadratic)
    last_end = (0, 0)
    indent = 0

    def flush() -> None:
        nonlocal last, skipping
        if last is not None and not skipping:
            if parts:
                last = replace(last, parts=(*last.parts, *parts), end_line=last_end[0], end_column=last_end[1])
            current.raw.pop(last.key.lower(), None)
            current.raw[last.key.lower()] = last
        parts.clear()
        last, skipping = None, False

    if "\r" in text:  # \r\n, \r and \n end a line (as configparser reads a file); columns never include them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    size = len(text)
    pos = 0
    number = 1  # the line at ``pos``
    while pos < size:
        if not keep:
            run = _OTHER_RUN.match(text, pos)
            if run is not None:
                significant = _last_significant(text, pos, run.end())
                if significant is not None:  # an option, continued by indented lines; or a bad line
                    last, skipping, indent = (_SKIPPED, True, 0) if _OPTION.match(significant) else (None, False, 0)
                number += text.count("\n", pos, run.end())
                pos = run.end()
                continue
        if last is None and not (mail and (problems.room() or not problems.dropped)):
            # nothing can continue: skip blank and comment lines, and bad lines no diagnostic is kept for
            run = _QUIET_RUN.match(text, pos)
            if run is None:
                run = _BAD_RUN.match(text, pos)
                if run is not None and mail:
                    problems.drop(None, Severity.WARNING, text.count("\n", pos, run.end()))
            if run is not None:
                number += text.count("\n", pos, run.end())
                pos = run.end()
                continue
        nl = text.find("\n", pos)
        physical = text[pos:nl]
        pos = nl + 1
        line_no = number
        number += 1
        stripped = physical.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        lead = len(physical) - len(physical.lstrip())
        if last is not None and lead > indent:
            if not skipping:
                parts.append(stripped)
                last_end = (line_no, lead + len(stripped) + 1)
            continue
        flush()
        indent = lead
        header = _SECTION.match(stripped)
        if header is not None:
            current = Section(header.group("name").strip(), Span(path, line_no, lead + 1, line_no,
                                                                 lead + len(stripped) + 1))
            found.append(current)
            mail = current.name.lower() in _MAIL_SECTIONS
            keep = mail or not mail_only
            continue
        option = _OPTION.match(stripped)
        if option is None:
            if mail:  # other sections: not ours
                span = Span(path, line_no, lead + 1, line_no, lead + len(stripped) + 1)
                if problems.room():
                    problems.add(Diagnostic(span, _("cannot read this INI line: expected 'key = value'"),
                                            Severity.WARNING))
                else:
                    problems.drop(span, Severity.WARNING)
            continue
        if not keep:
            last, skipping = _SKIPPED, True  # its continuation lines are skipped
            continue
        value = option.group("value")
        separator_end = lead + option.end("sep") + 1
        end_column = lead + len(stripped) + 1 if value else separator_end
        last = RawOption(option.group("key").rstrip(), line_no, lead + 1, lead + option.start("value") + 1,
                         (value,), line_no, end_column, separator_end)
    flush()
    return found, problems.result()


def _last_significant(text: str, start: int, end: int) -> str | None:
    """The last line of ``text[start:end]`` (whole lines) that is neither blank nor a comment, stripped."""
    stop = end - 1  # the line feed ending the last line
    while stop > start:
        begin = text.rfind("\n", start, stop) + 1
        begin = max(begin, start)
        stripped = text[begin:stop].strip()
        if stripped and not stripped.startswith(("#", ";")):
            return stripped
        stop = begin - 1
    return None


def parse(path: str, text: str) -> Document:
    """Read an INI file into Grafana, Gitea/Forgejo or generic endpoints. Never raises on bad input."""
    doc = Document(path, "ini")
    body = text.removeprefix("\ufeff")
    if not _RELEVANT.search(body):
        return doc
    found, diagnostics = sections(path, templates.mask_lines(body), mail_only=True)
    doc.diagnostics.extend(diagnostics)
    merged: dict[str, Section] = {}
    for section in found:  # a repeated section continues the first (configparser raises; go-ini merges)
        name = section.name.lower()
        if name in merged:
            merged[name].raw.update(section.raw)
        else:
            merged[name] = section
    for name, section in merged.items():
        keys = set(section.raw)
        ep: ClientEndpoint | None = None
        if name == "smtp" and keys <= _GRAFANA_KEYS:
            ep = _grafana(section, section.settings(path, goini=True))
        elif name == "mailer" and keys <= _GITEA_KEYS:
            ep = _gitea(section, section.settings(path, goini=True))
        elif name in _MAIL_SECTIONS:
            ep = _generic(section, section.settings(path, goini=False))
        if ep is not None:
            doc.endpoints.append(ep)
    return doc


def _block_span(section: Section, options: dict[str, Setting[str]]) -> Span:
    spans = [section.span, *(s.span for s in options.values())]
    last = max(spans, key=lambda s: (s.end_line, s.end_column))
    return Span(section.span.path, section.span.line, section.span.column, last.end_line, last.end_column)


def _disabled(setting: Setting[str] | None) -> bool:
    return setting is not None and setting.origin is Origin.LITERAL and parse_bool(setting.value) is False


def _flag(setting: Setting[str] | None) -> bool | None:
    return parse_bool(setting.value) if setting is not None and setting.known else None


def _as_mode(setting: Setting[str], mode: Mode) -> Setting[Mode]:
    return Setting(setting.key, mode, setting.raw, setting.span, setting.origin)


def _host_port(ep: ClientEndpoint, setting: Setting[str]) -> None:
    """``host:port`` in one value (Grafana host, Gitea's old HOST)."""
    if not setting.known or setting.value is None:
        ep.host = Setting(setting.key, None, setting.raw, setting.span, Origin.REFERENCE)
        return
    host, port = split_host_port(setting.value)
    ep.host = Setting(setting.key, host, setting.raw, setting.span, setting.origin)
    if port is not None:
        ep.port = Setting(setting.key, parse_port(port), port, setting.span, setting.origin)


def _grafana(section: Section, o: dict[str, Setting[str]]) -> ClientEndpoint | None:
    if _disabled(o.get("enabled")) or "host" not in o:
        return None
    ep = ClientEndpoint(Dialect.GRAFANA, _block_span(section, o), username=o.get("user"), password=o.get("password"))
    _host_port(ep, o["host"])
    skip = o.get("skip_verify")
    if skip is not None:
        ep.extra["insecure_skip_verify"] = skip
    port = ep.port
    if port is None or not port.known:
        return ep  # mode unknown: the port decides between implicit TLS and STARTTLS
    if port.value == 465:
        ep.mode = Setting(port.key, Mode.IMPLICIT_TLS, port.raw, port.span, port.origin)
        ep.mode_certain = False
        return ep
    policy = o.get("starttls_policy")
    if policy is None or (policy.known and not (policy.value or "").strip()):
        ep.mode = Setting("startTLS_policy", Mode.STARTTLS, "", ep.host.span if ep.host else ep.span,
                          Origin.DEFAULT)
        return ep
    if not policy.known:
        return ep
    found = _GRAFANA_POLICIES.get((policy.value or "").strip().lower())
    if found is not None:
        ep.mode = _as_mode(policy, found[0])
        if found[1]:
            ep.tls_opt_out = policy
    return ep


def _gitea(section: Section, o: dict[str, Setting[str]]) -> ClientEndpoint | None:
    if _disabled(o.get("enabled")):
        return None
    mailer_type = o.get("mailer_type")
    if mailer_type is not None and mailer_type.known and (mailer_type.value or "").strip().lower() not in ("", "smtp"):
        return None
    protocol = o.get("protocol")
    proto_word = (protocol.value or "").strip().lower() if protocol is not None and protocol.known else None
    if proto_word and _GITEA_PROTOCOLS.get(proto_word, Mode.PLAIN) is None:
        return None  # sendmail, dummy, smtp+unix: not an SMTP client connection
    addr, old_host = o.get("smtp_addr"), o.get("host")
    if addr is None and old_host is None:
        return None
    ep = ClientEndpoint(Dialect.GITEA, _block_span(section, o), username=o.get("user"), password=o.get("passwd"))
    if addr is not None:
        if addr.known and any(c in (addr.value or "") for c in "/\\"):
            return None  # a unix socket path: Gitea infers smtp+unix
        ep.host = addr
    elif old_host is not None:
        _host_port(ep, old_host)
    port_s = o.get("smtp_port")
    if port_s is not None:
        ep.port = Setting(port_s.key, parse_port(port_s.value) if port_s.known else None, port_s.raw, port_s.span,
                          port_s.origin)
    elif ep.port is None and proto_word in _GITEA_DEFAULT_PORTS and protocol is not None:
        ep.port = Setting("SMTP_PORT", _GITEA_DEFAULT_PORTS[proto_word], "", protocol.span, Origin.DEFAULT)
    for key in ("force_trust_server_cert", "skip_verify"):
        if key in o:
            ep.extra["insecure_skip_verify"] = o[key]
    if protocol is not None and not protocol.known:
        return ep
    if proto_word:
        mode = _GITEA_PROTOCOLS.get(proto_word)
        if mode is not None and protocol is not None:
            ep.mode = _as_mode(protocol, mode)
            if mode is Mode.PLAIN:
                ep.tls_opt_out = protocol
        return ep
    tls = o.get("is_tls_enabled")
    if tls is not None and _flag(tls) is None:
        return ep
    if _flag(tls):
        assert tls is not None
        ep.mode = _as_mode(tls, Mode.IMPLICIT_TLS)
        return ep
    port = ep.port
    if port is None or not port.known:
        return ep
    # Gitea's inference: 25 smtp, 465 smtps, 587 smtp+starttls, any other port smtps (with an error log)
    inferred = {25: Mode.PLAIN, 465: Mode.IMPLICIT_TLS, 587: Mode.STARTTLS}.get(port.value or 0, Mode.IMPLICIT_TLS)
    ep.mode = Setting("PROTOCOL", inferred, port.raw, port.span, Origin.DEFAULT if port.origin is Origin.LITERAL
                      else port.origin)
    ep.mode_certain = False
    return ep


def _generic(section: Section, options: dict[str, Setting[str]]) -> ClientEndpoint | None:
    """Another application's mail section, through the generic key vocabulary (no dialect defaults)."""
    from smtplint.parsers.shapes import Concept, norm

    ep = ClientEndpoint(Dialect.GENERIC_YAML, _block_span(section, options))
    for setting in options.values():
        concept = shapes.GENERIC_KEYS.get(norm(setting.key))
        if concept is Concept.HOST:
            _host_port(ep, setting)
        elif concept is Concept.PORT:
            ep.port = Setting(setting.key, parse_port(setting.value) if setting.known else None, setting.raw,
                              setting.span, setting.origin)
        elif concept is Concept.USERNAME:
            ep.username = setting
        elif concept is Concept.PASSWORD:
            ep.password = setting
        elif concept is Concept.MODE_WORD and ep.mode is None and setting.known:
            found = shapes.MODE_WORDS.get(norm(setting.value or ""))
            if found is not None:
                ep.mode, ep.mode_certain = _as_mode(setting, found[0]), found[1]
                if found[0] is Mode.PLAIN:
                    ep.tls_opt_out = setting
        elif concept in (Concept.IMPLICIT_FLAG, Concept.STARTTLS_FLAG) and ep.mode is None and _flag(setting):
            mode = Mode.IMPLICIT_TLS if concept is Concept.IMPLICIT_FLAG else Mode.STARTTLS
            ep.mode = _as_mode(setting, mode)
        elif concept is Concept.EXTRA:
            ep.extra[shapes.EXTRA_NAMES.get(norm(setting.key), norm(setting.key))] = setting
    if ep.host is None:
        return None
    return ep
