"""Dovecot's submission relay (``submission_relay_*`` in ``dovecot.conf``, ``conf.d/20-submission.conf``).

The Dovecot submission service proxies every message to the relay it names: ``submission_relay_host``
(required), ``_port`` (default 25), ``_ssl`` ``no`` (the default: plaintext), ``smtps`` (implicit TLS) or
``starttls`` (required), ``_ssl_verify`` (default ``yes``), ``_user``/``_master_user``/``_password``,
``_trusted`` (XCLIENT: the relay trusts Dovecot's address). Dovecot 2.4 kept these names and values
(src/submission/submission-settings.c in 2.3.21 and 2.4.x; doc.dovecot.org's 2.4 settings list); what changed
around them is read too: the ``dovecot_config_version`` line, ``%{...}`` variables and ``$ENV:``/``$SET:``
values (references). ``ssl_client_require_valid_cert = no`` (2.3 and 2.4: every outgoing TLS connection,
the relay's included) switches certificate verification off as ``_ssl_verify = no`` does. Settings are read at
the top level and inside ``protocol submission { }``; other sections are skipped. ``$VAR``, ``$ENV:X``,
``%{...}``, ``<file`` and template (``{{ }}``) values are references, and so is a setting between a Jinja
``{% if %}``/``{% for %}`` line and its end (it may not be there after rendering).

A file is judged alone: a default (plaintext when ``_ssl`` is absent) is applied only when the file names
the relay host and includes no other file (``!include``), so that a setting kept in another file is never
taken as missing.
"""

from __future__ import annotations

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Diagnostic, Dialect, Document, Mode, Origin, Setting, Severity, Span
from smtplint.parsers.values import is_templated, parse_bool, parse_port
from smtplint.patterns import lazy

_KEY_VALUE = lazy(r"^([ \t]*)([A-Za-z0-9_]+)[ \t]*=[ \t]*(.*?)[ \t]*$")
_SECTION = lazy(r"^[ \t]*([A-Za-z0-9_]+)(?:[ \t]+([^{\s]+))?[ \t]*\{[ \t]*$")
_REFERENCE = lazy(r"\$|%\{|^<")
_CLIENT_VERIFY = "ssl_client_require_valid_cert"  # every outgoing TLS connection (lib-ssl-iostream)
# a Jinja statement line opening or closing a conditional or a loop (Mailu's templates)
_JINJA_BLOCK = lazy(r"^\s*\{%-?\s*(if|for|endif|endfor)\b")


def _strip_comment(line: str) -> str:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def parse(path: str, text: str) -> Document:
    """Parse a Dovecot configuration into the submission relay endpoint, if it names one."""
    doc = Document(path, "dovecot")
    if "submission_relay_" not in text:
        return doc
    settings: dict[str, Setting[str]] = {}
    stack: list[str] = []
    includes = False
    conditional = 0  # depth of {% if %}/{% for %}: a setting inside one may not be there after rendering
    for number, raw_line in enumerate(text.split("\n"), start=1):
        jinja = _JINJA_BLOCK.match(raw_line)
        if jinja is not None:
            conditional = max(0, conditional + (1 if jinja.group(1) in ("if", "for") else -1))
            continue
        line = _strip_comment(raw_line.rstrip("\r"))
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("!include"):
            includes = True
            continue
        if stripped == "}":
            if stack:
                stack.pop()
            else:
                doc.diagnostics.append(Diagnostic(Span(path, number, 1, number, len(raw_line) + 1),
                                                  _("'}' closes no section"), Severity.WARNING))
            continue
        section = _SECTION.match(line)
        if section is not None:
            stack.append(f"{section.group(1)} {section.group(2) or ''}".strip())
            continue
        kv = _KEY_VALUE.match(line)
        if kv is None or not (kv.group(2).startswith("submission_relay_") or kv.group(2) == _CLIENT_VERIFY):
            continue
        if stack and stack != ["protocol submission"]:
            continue
        value = kv.group(3)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        start = len(kv.group(1)) + 1
        span = Span(path, number, start, number, len(line.rstrip()) + 1)
        origin = Origin.REFERENCE if _REFERENCE.search(value) or is_templated(value) or conditional else \
            Origin.LITERAL
        settings[kv.group(2)] = Setting(kv.group(2), None if origin is Origin.REFERENCE else value, value, span,
                                        origin)
    endpoint = _endpoint(path, settings, complete=not includes)
    if endpoint is not None:
        doc.endpoints.append(endpoint)
    return doc


def _known(setting: Setting[str] | None) -> str | None:
    return setting.value.strip().lower() if setting is not None and setting.known and setting.value else None


def _endpoint(path: str, s: dict[str, Setting[str]], *, complete: bool) -> ClientEndpoint | None:
    host = s.get("submission_relay_host")
    if host is None or (host.known and not (host.value or "").strip()):
        return None
    spans = [x.span for k, x in s.items() if k != _CLIENT_VERIFY]
    first, last = min(spans), max(spans, key=lambda x: (x.end_line, x.end_column))
    ep = ClientEndpoint(Dialect.DOVECOT, Span(path, first.line, first.column, last.end_line, last.end_column),
                        host=host, complete=complete)
    port = s.get("submission_relay_port")
    if port is not None:
        ep.port = Setting(port.key, parse_port(port.value), port.raw, port.span, port.origin)
    elif complete:
        ep.port = Setting("submission_relay_port", 25, "", host.span, Origin.DEFAULT)
    ssl = s.get("submission_relay_ssl")
    word = _known(ssl)
    if ssl is not None and word == "smtps":
        ep.mode = Setting(ssl.key, Mode.IMPLICIT_TLS, ssl.raw, ssl.span, ssl.origin)
    elif ssl is not None and word == "starttls":
        ep.mode = Setting(ssl.key, Mode.STARTTLS_REQUIRED, ssl.raw, ssl.span, ssl.origin)
    elif ssl is not None and word == "no":
        ep.mode = Setting(ssl.key, Mode.PLAIN, ssl.raw, ssl.span, ssl.origin)
        ep.tls_opt_out = ssl
    elif ssl is None and complete:
        ep.mode = Setting("submission_relay_ssl", Mode.PLAIN, "", host.span, Origin.DEFAULT)
    verify = s.get("submission_relay_ssl_verify")
    if verify is not None:
        ep.extra["verify"] = verify
    if _CLIENT_VERIFY in s:
        ep.extra["require_valid_cert"] = s[_CLIENT_VERIFY]
    ep.username = s.get("submission_relay_user") or s.get("submission_relay_master_user")
    ep.password = s.get("submission_relay_password")
    trusted = s.get("submission_relay_trusted")
    if ep.username is None and ep.password is None and trusted is not None and parse_bool(_known(trusted)):
        ep.auth_disabled = trusted  # XCLIENT: the relay trusts Dovecot's address
    return ep
