"""nginx mail {} proxy: listeners, inheritance from mail {}, protocol detection, positions, junk."""

from __future__ import annotations

from smtplint.model import Span
from smtplint.parsers.nginx_ import parse

CONF = """\
mail {
    smtp_auth login;   # comment
    starttls only;
    server {
        listen 465 ssl;
        listen 587;
        starttls on;
        smtp_auth "plain";
    }
    server { listen 143; }
    server { listen 10025; protocol smtp; ssl on; }
}
"""


def test_listeners_inheritance_and_positions() -> None:
    doc = parse("nginx.conf", CONF)
    assert doc.mail_proxy is not None
    a, b, c = doc.mail_proxy.listeners
    assert (a.port, a.ssl, a.span) == (465, True, Span("nginx.conf", 5, 9, 5, 24))
    assert a.starttls is not None and a.starttls.value == "on" and a.starttls.span.line == 7
    assert a.smtp_auth is not None and a.smtp_auth.value == "plain" and a.smtp_auth.span.line == 8
    assert (b.port, b.ssl) == (587, False)
    assert (c.port, c.ssl) == (10025, True)  # `ssl on;` (nginx before 1.15)
    assert c.starttls is not None and c.starttls.span.line == 3  # from mail {}
    assert c.smtp_auth is not None and c.smtp_auth.value == "login"


def test_no_mail_block_and_junk() -> None:
    assert parse("nginx.conf", "http { server { listen 80; } }\n").mail_proxy is None
    for text in ("mail {", "mail { server { listen", "}}}", "mail { server { listen 465 } }", "\x00mail",
                 "mail " + "{ " * 200, 'mail { server { listen "587; } }'):
        parse("nginx.conf", text)
    doc = parse("nginx.conf", "mail { server { listen 465 } }")
    assert [d.span.line for d in doc.diagnostics] == [1]


def test_a_jinja_template_is_skipped() -> None:
    doc = parse("nginx.conf", "mail {\n  {% if X %}\n  server { listen 465; }\n  {% endif %}\n}\n")
    assert doc.skipped is not None and doc.diagnostics == [] and doc.mail_proxy is None
