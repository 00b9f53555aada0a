"""nginx mail {} proxy: listeners, inheritance from mail {}, protocol detection, positions, junk."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.model import Origin, Span
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


def test_a_jinja_template_is_read_around_its_tags() -> None:
    """Tags are blanked; what an {% if %} may drop is not judged; {{ }} is a reference; positions stay."""
    doc = parse("nginx.conf", "mail {\n  {% if X %}\n  server { listen 465; }\n  {% endif %}\n}\n")
    assert doc.skipped is None and doc.diagnostics == [] and doc.mail_proxy is None
    text = ("mail {\n  server_name {{ HOSTNAMES.split(',')[0] }};\n  server {\n"
            "    listen 25{% if P %} proxy_protocol{% endif %};\n"
            "    {% if TLS %}\n    starttls on;\n    {% endif %}\n    protocol smtp;\n    smtp_auth none;\n  }\n"
            "  server {\n    listen 587{% if TLS %} ssl{% endif %};\n    protocol smtp;\n  }\n"
            "  {% for p in PORTS %}\n  server {\n    listen {{ p }};\n  }\n  {% endfor %}\n}\n")
    doc = parse("nginx.conf", text)
    assert doc.skipped is None and doc.diagnostics == []
    assert doc.mail_proxy is not None
    [listener] = doc.mail_proxy.listeners  # 587's TLS depends on the template; the loop's servers may not exist
    assert listener.port == 25 and listener.span == Span("nginx.conf", 4, 5, 4, 51)
    assert listener.starttls is not None and listener.starttls.origin is Origin.REFERENCE
    assert listener.smtp_auth is not None and listener.smtp_auth.value == "none"


def test_a_template_that_leaves_no_nginx_syntax_is_skipped() -> None:
    doc = parse("nginx.conf", "mail {\n  server { listen 25 {% if X %}ssl{% endif %} }\n}\n")
    assert doc.skipped is not None and doc.diagnostics == []


# ---------------------------------------------------------------------------------- found by content, in a folder

_MAIL = b"mail {\n  server {\n    listen 587 ssl;\n    protocol smtp;\n  }\n}\n"


@pytest.mark.parametrize(("folder", "head", "kind"), [
    ("conf.d", _MAIL, "nginx"),
    ("sites-enabled", _MAIL, "nginx"),
    ("nginx", _MAIL, "nginx"),
    ("nginx-mail", _MAIL, "nginx"),
    ("docker-nginx", _MAIL, "nginx"),
    ("proxy", _MAIL, None),  # not an nginx-like folder: a mail {} block elsewhere is not claimed
    (None, _MAIL, "nginx"),  # named on the command line: its content decides
    ("conf.d", b"# mail {\nserver { listen 25; }\n", None),  # commented out
    ("conf.d", b"mail_location = maildir:~/Maildir\nprotocol lmtp {\n}\n", None),  # Dovecot
    ("conf.d", b"submission_relay_host = smtp.example.com\n", "dovecot"),  # Dovecot first
    ("conf.d", b"[program:x]\ncommand=/bin/relay mail { listen }\n", None),  # supervisord
    ("sites-available", b"<VirtualHost *:80>\n  ServerName mail.example.com\n</VirtualHost>\n", None),  # Apache
    ("nginx", b"http {\n  server { listen 80; }\n}\n", None),  # nginx without a mail proxy
])
def test_a_conf_file_is_nginx_by_its_content_in_an_nginx_like_folder(folder: str | None, head: bytes,
                                                                     kind: str | None) -> None:
    from smtplint import formats
    probed = formats.probed_format("mail.conf")
    assert probed is not None
    found = formats.confirmed(probed, "mail.conf", head, folder)
    assert (found.name if found is not None else None) == kind


def test_a_walk_finds_the_mail_proxy_in_conf_d_and_leaves_other_conf_files(tmp_path: Path) -> None:
    from tests.conftest import lint
    for rel, text in {"nginx/conf.d/mail.conf": _MAIL, "proxy/mail.conf": _MAIL,
                      "dovecot/conf.d/10-mail.conf": b"mail_location = maildir:~/Maildir\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(text)
    result = lint(tmp_path, cwd=tmp_path)
    assert result.files_checked == 1
    assert {(f.rule_id, f.span.path, f.span.line) for f in result.findings} == {
        ("SMTP105", "nginx/conf.d/mail.conf", 3)}


def test_only_the_first_branch_of_a_template_conditional_is_read() -> None:
    """Each branch opens a block that one '}' closes: reading both would swallow what follows."""
    text = ("http {\n  server {\n    {% if A %}\n    location /a {\n    {% else %}\n    location /b {\n"
            "    {% endif %}\n      return 204;\n    }\n  }\n}\nmail {\n  server {\n    listen 465;\n"
            "    protocol smtp;\n  }\n}\n")
    doc = parse("nginx.conf", text)
    assert doc.skipped is None and doc.diagnostics == [] and doc.mail_proxy is not None
    [listener] = doc.mail_proxy.listeners
    assert (listener.port, listener.ssl, listener.span.line) == (465, False, 14)


def test_a_file_included_inside_mail_leaves_what_it_does_not_set_unknown() -> None:
    text = ("ssl_protocols TLSv1 TLSv1.2;\nserver {\n  listen 465 ssl;\n  protocol smtp;\n}\n"
            "server {\n  listen 587;\n  protocol smtp;\n  starttls only;\n}\nserver {\n  listen 25;\n"
            "  protocol smtp;\n}\n")
    doc = parse("smtp.conf", text)
    assert doc.mail_proxy is not None
    # 587 and 25 without 'ssl' on their listen line: an 'ssl on;' in the mail {} around may make them TLS
    [implicit] = doc.mail_proxy.listeners
    assert implicit.port == 465 and implicit.ssl and implicit.ssl_protocols is not None
    assert implicit.ssl_protocols.known and implicit.ssl_protocols.span.line == 1  # the file's own
    assert implicit.smtp_auth is not None and not implicit.smtp_auth.known  # may come from mail {}
    assert parse("site.conf", "server {\n  listen 80;\n  server_name mail.example.com;\n}\n").mail_proxy is None


@pytest.mark.parametrize(("head", "kind"), [
    (b"server {\n    listen 587 ssl;\n    protocol smtp;\n}\n", "nginx"),
    (b"server {\n    listen 80;\n    location / { proxy_pass http://smtp:8080; }\n}\n", None),
])
def test_an_included_server_snippet_is_found_in_an_nginx_folder(head: bytes, kind: str | None) -> None:
    from smtplint import formats
    probed = formats.probed_format("smtp.conf")
    assert probed is not None
    found = formats.confirmed(probed, "smtp.conf", head, "conf.d")
    assert (found.name if found is not None else None) == kind
