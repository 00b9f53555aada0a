"""nginx's ``mail {}`` SMTP proxy (ngx_mail_*_module): listeners, ``starttls``, ``smtp_auth``, ``ssl_protocols``.

A small tokenizer reads nginx's syntax (directives end with ``;``, blocks with ``{ }``, ``#`` comments,
quotes) with positions. Only ``mail {}`` blocks are read; every other block is skipped. A ``server {}`` is an
SMTP server when its ``protocol`` is ``smtp``, or, without ``protocol``, when it listens on 25, 465, 587 or
2525 (nginx detects the protocol by well-known port). Directives of ``mail {}`` are inherited by its
servers. nginx's defaults: ``starttls off``, ``smtp_auth plain login``; ``ssl_protocols`` is the version's
own default (not judged). ``include`` is not followed; ``$variables`` are unknown values. A file without
``mail {}`` whose top-level ``server {}`` says ``protocol smtp;`` is a file included inside one (``include
conf.d/smtp.conf;``): its servers are read, and what they and the file do not set (``starttls``,
``smtp_auth``, ``ssl_protocols``, ``ssl``) is unknown, since the ``mail {}`` around the include may set it.

Jinja templates (Mailu's ``nginx.conf``, Ansible roles) are read with the template policy of
smtplint.parsers.templates, also where a tag sits inside a directive (``listen 25{% if P %} proxy_protocol{%
endif %};``): ``{% %}`` and ``{# #}`` tags are blanked, a ``{{ }}`` expression is a reference, and what stands
between ``{% if/for %}`` and its ``{% endif/endfor %}`` may or may not be there after rendering: such a
directive's value is unknown, and such a ``server`` or ``listen`` is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from smtplint.i18n import _
from smtplint.model import Diagnostic, Document, Origin, Setting, Severity, Span
from smtplint.model.mailproxy import MailProxy, ProxyListener
from smtplint.patterns import lazy
from smtplint.records import record

_TOKEN = lazy(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|[{};]|[^\s{};#"\']+')
_SMTP_PORTS = frozenset({25, 465, 587, 2525})
_INHERITED = ("starttls", "smtp_auth", "ssl_protocols", "ssl")


@record(frozen=True)
class _Tok:
    text: str
    line: int
    column: int
    end_line: int
    end_column: int
    conditional: bool = False  # inside a template's {% if %} / {% for %}: may not exist after rendering


_JINJA_TAG = lazy(r"\{%-?\s*(\w*).*?-?%\}|\{#.*?#\}|\{\{.*?\}\}", re.DOTALL)
_OPENING = frozenset({"if", "for", "macro", "call", "filter", "raw", "block"})
_CLOSING = frozenset({"endif", "endfor", "endmacro", "endcall", "endfilter", "endraw", "endblock"})


def _untemplated(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with Jinja tags blanked (same offsets: newlines kept), ``{{ }}`` expressions turned into
    ``$``-words (references), and only the first branch of an ``{% if %}`` kept: its ``{% elif %}``/``{% else %}``
    branches are blanked too, since a rendering keeps exactly one (``location /a {`` in one branch and
    ``location /b {`` in the other share one closing brace). Also the ranges that lie inside a conditional or
    loop tag pair."""

    def blank(part: str) -> str:
        return "".join(ch if ch == "\n" else " " for ch in part)

    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    opened: list[int] = []
    blanking: int | None = None  # the depth of the tag pair whose other branch is being blanked
    last = 0
    for m in _JINJA_TAG.finditer(text):
        between = text[last:m.start()]
        out.append(blank(between) if blanking is not None else between)
        tag = m.group(0)
        if tag.startswith("{{") and blanking is None:
            out.append("".join(ch if ch == "\n" else "$" if i == 0 else "x" for i, ch in enumerate(tag)))
        else:
            out.append(blank(tag))
        word = (m.group(1) or "").lower() if tag.startswith("{%") else ""
        if word in _OPENING:
            opened.append(m.end())
        elif word in ("else", "elif") and opened and blanking is None:
            blanking = len(opened)
        elif word in _CLOSING and opened:
            start = opened.pop()
            if blanking is not None and len(opened) < blanking:
                blanking = None
            if not opened:
                ranges.append((start, m.start()))
        last = m.end()
    out.append(blank(text[last:]) if blanking is not None else text[last:])
    if opened:  # never closed: to the end
        ranges.append((opened[0], len(text)))
    return "".join(out), ranges


@record
class _Directive:
    name: _Tok
    args: list[_Tok]
    end: _Tok | None  # the ';' or the block's closing '}'
    block: list[_Directive] | None = None


def _tokens(text: str, conditional: Sequence[tuple[int, int]] = ()) -> list[_Tok]:
    out: list[_Tok] = []
    line, start = 1, 0
    for m in _TOKEN.finditer(text):
        before = text.count("\n", start, m.start())
        if before:
            line += before
            start = text.rfind("\n", 0, m.start()) + 1
        word = m.group(0)
        if word.startswith("#"):
            continue
        col = m.start() - start + 1
        inner = word.count("\n")
        end_line = line + inner
        end_col = (len(word) - word.rfind("\n") if inner else col + len(word))
        inside = any(a <= m.start() < b for a, b in conditional)
        out.append(_Tok(word, line, col, end_line, end_col, inside))
        if inner:
            line, start = end_line, m.start() + word.rfind("\n") + 1
    return out


def _parse_block(toks: list[_Tok], i: int, diagnostics: list[Diagnostic], path: str,
                 depth: int) -> tuple[list[_Directive], int]:
    out: list[_Directive] = []
    while i < len(toks):
        tok = toks[i]
        if tok.text == "}":
            return out, i + 1
        if tok.text in ("{", ";"):
            i += 1
            continue
        args: list[_Tok] = []
        j = i + 1
        while j < len(toks) and toks[j].text not in ("{", ";", "}"):
            args.append(toks[j])
            j += 1
        if j < len(toks) and toks[j].text == "{":
            if depth > 50:
                return out, len(toks)
            inner, k = _parse_block(toks, j + 1, diagnostics, path, depth + 1)
            out.append(_Directive(tok, args, toks[k - 1] if k - 1 < len(toks) else None, inner))
            i = k
            continue
        end = toks[j] if j < len(toks) and toks[j].text == ";" else None
        if end is None:
            diagnostics.append(Diagnostic(Span(path, tok.line, tok.column, tok.end_line, tok.end_column),
                                          _("nginx directive '{name}' is not ended by ';'").format(name=tok.text),
                                          Severity.WARNING))
        out.append(_Directive(tok, args, end))
        i = j + 1 if end is not None else j
    return out, i


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'" else word


def _setting(path: str, d: _Directive) -> Setting[str]:
    last = d.end or (d.args[-1] if d.args else d.name)
    span = Span(path, d.name.line, d.name.column, last.end_line, last.end_column)
    raw = " ".join(_unquote(a.text) for a in d.args)
    conditional = d.name.conditional or any(a.conditional for a in d.args)
    origin = Origin.REFERENCE if "$" in raw or conditional else Origin.LITERAL
    return Setting(d.name.text, None if origin is Origin.REFERENCE else raw, raw, span, origin)


def parse(path: str, text: str) -> Document:
    """Parse an nginx configuration's ``mail {}`` blocks into the SMTP proxy's listeners."""
    doc = Document(path, "nginx")
    if "mail" not in text and "smtp" not in text:
        return doc
    templated = "{%" in text or "{{" in text or "{#" in text
    plain, conditional = _untemplated(text) if templated else (text, [])
    toks = _tokens(plain, conditional)
    directives, _end = _parse_block(toks, 0, doc.diagnostics, path, 0)
    if doc.diagnostics and templated:  # a template whose tags leave no nginx syntax
        doc.diagnostics.clear()
        doc.skipped = _("template: not valid nginx syntax before rendering")
        return doc
    proxy = MailProxy(path)
    mail_blocks = [d for d in directives if d.name.text == "mail" and d.block is not None]
    for d in mail_blocks:
        assert d.block is not None
        _mail(path, d.block, proxy)
    if not mail_blocks and any(_speaks_smtp(d) for d in directives):
        _mail(path, directives, proxy, included=True)  # a file included in a mail {} block elsewhere
    if proxy.listeners:
        doc.mail_proxy = proxy
    return doc


def _speaks_smtp(d: _Directive) -> bool:
    """A top-level ``server {}`` whose ``protocol`` is ``smtp``: a file included inside ``mail {}``."""
    return d.name.text == "server" and d.block is not None and any(
        x.name.text == "protocol" and [a.text for a in x.args] == ["smtp"] for x in d.block if x.block is None)


def _mail(path: str, block: list[_Directive], proxy: MailProxy, included: bool = False) -> None:
    """The SMTP listeners of a ``mail {}`` block, or of a file ``included`` in one: there, what the file does not
    set may come from the ``mail {}`` around the include (unknown, not nginx's default)."""
    inherited = {d.name.text: _setting(path, d) for d in block if d.block is None and d.name.text in _INHERITED}
    if included:
        unknown = Span(path, 1, 1, 1, 1)
        for name in _INHERITED:
            inherited.setdefault(name, Setting(name, None, "", unknown, Origin.REFERENCE))
    for server in (d for d in block if d.name.text == "server" and d.block is not None
                   and not d.name.conditional):
        assert server.block is not None
        own = {d.name.text: _setting(path, d) for d in server.block if d.block is None}
        protocol = (own["protocol"].value or "").strip().lower() if "protocol" in own else None
        for listen in (d for d in server.block if d.name.text == "listen" and d.block is None and d.args):
            if listen.name.conditional or listen.args[0].conditional or "$" in listen.args[0].text or any(
                    a.conditional and _unquote(a.text) == "ssl" for a in listen.args[1:]):
                continue  # may not be there after rendering, or its port or TLS is not known
            address = _unquote(listen.args[0].text)
            port_text = address.rsplit(":", 1)[-1] if not address.startswith("unix:") else ""
            port = int(port_text) if port_text.isdigit() else None
            smtp = protocol == "smtp" or (protocol is None and port in _SMTP_PORTS)
            if not smtp:
                continue
            legacy = own.get("ssl") or inherited.get("ssl")  # ``ssl on;`` (before nginx 1.15): every listen
            ssl = any(_unquote(a.text) == "ssl" for a in listen.args[1:]) or (
                legacy is not None and (legacy.value or "").strip().lower() == "on")
            if not ssl and legacy is not None and not legacy.known:
                continue  # an ``ssl on;`` around the include may make it TLS: not known
            setting = _setting(path, listen)
            host = address.rsplit(":", 1)[0] if ":" in address and not address.startswith("unix:") else address
            loopback = address.startswith("unix:") or host.strip("[]") in ("::1", "localhost") or host.startswith(
                "127.")
            proxy.listeners.append(ProxyListener(
                setting.span, port, ssl, loopback, *(own.get(n) or inherited.get(n) for n in _INHERITED[:3])))
