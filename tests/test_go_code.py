"""SMTP clients configured in Go code (gomail, go-mail/mail, net/smtp, wneessen/go-mail), read with
tree-sitter-go: endpoints, value resolution, traps, and no grammar for files that fail the byte check."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin

pytest.importorskip("tree_sitter_go")

from smtplint.parsers import code_go

ROOT = Path(__file__).resolve().parent.parent


def _endpoints(text: str) -> list[ClientEndpoint]:
    return code_go.parse("mail.go", textwrap.dedent(text)).endpoints


def test_gomail_dialer_resolves_constants_and_later_field_assignments() -> None:
    (ep,) = _endpoints("""\
        package m
        import gomail "gopkg.in/gomail.v2"
        const host = "smtp." + "example.org"
        var port = 587
        func f() {
        \td := gomail.NewDialer(host, port, "app", os.Getenv("PW"))
        \td.SSL = true
        }
        """)
    assert ep.dialect is Dialect.GOMAIL
    assert ep.host is not None and ep.host.value == "smtp.example.org"
    assert ep.port is not None and (ep.port.value, ep.port.span.line, ep.port.span.column) == (587, 6, 30)
    assert ep.mode is not None and (ep.mode.value, ep.mode.key, ep.mode.span.line) == (Mode.IMPLICIT_TLS, "SSL", 7)
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE


def test_gomail_ssl_follows_the_port_and_a_literal_dialer_defaults_to_starttls() -> None:
    implicit, literal = _endpoints("""\
        package m
        import "gopkg.in/gomail.v2"
        func f() {
        \ta := gomail.NewDialer("smtp.example.org", 465, "u", "")
        \tb := &gomail.Dialer{Host: "smtp.example.org", Port: 465}
        }
        """)
    assert implicit.mode is not None and (implicit.mode.value, implicit.mode.origin) == (Mode.IMPLICIT_TLS,
                                                                                         Origin.DEFAULT)
    assert implicit.password is None  # an empty password is no credential
    assert literal.mode is not None and literal.mode.value is Mode.STARTTLS


def test_names_assigned_on_two_paths_are_candidates_and_env_is_unknown() -> None:
    (ep,) = _endpoints("""\
        package m
        import "gopkg.in/gomail.v2"
        func f() {
        \tport := 587
        \tif tls { port = 465 }
        \td := gomail.NewDialer(os.Getenv("SMTP_HOST"), port, "u", "p")
        }
        """)
    assert ep.host is not None and ep.host.origin is Origin.REFERENCE
    # port is 587 or 465 depending on the path: one variant each (code_values.Names), judged per path
    assert sorted((v.port.value, v.mode.value) for v in ep.variants if v.port and v.mode) == [
        (465, Mode.IMPLICIT_TLS), (587, Mode.STARTTLS)]


def test_net_smtp_sendmail_reads_addr_and_plain_auth() -> None:
    (ep,) = _endpoints("""\
        package m
        import (
        \t"net/smtp"
        )
        const relay = "mail.example.org"
        func f() {
        \tauth := smtp.PlainAuth("", "reports", os.Getenv("P"), relay)
        \tsmtp.SendMail(relay+":587", auth, "a", nil, nil)
        }
        """)
    assert ep.dialect is Dialect.GO_NET_SMTP
    assert ep.host is not None and ep.host.value == "mail.example.org"
    assert ep.port is not None and ep.port.value == 587
    assert ep.username is not None and ep.username.value == "reports"
    assert ep.mode is not None and ep.mode.value is Mode.STARTTLS


def test_go_mail_options_and_setters() -> None:
    first, second, third = _endpoints("""\
        package m
        import "github.com/wneessen/go-mail"
        func f() {
        \ta, _ := mail.NewClient("smtp.example.org", mail.WithSSLPort(false))
        \tb, _ := mail.NewClient("smtp.example.org", mail.WithTLSPortPolicy(mail.TLSOpportunistic))
        \tc, _ := mail.NewClient("smtp.example.org", mail.WithPort(465))
        \tc.SetSSL(true)
        }
        """)
    assert first.mode is not None and first.mode.value is Mode.IMPLICIT_TLS
    assert first.port is not None and first.port.value == 465
    assert second.mode is not None and second.mode.value is Mode.STARTTLS
    assert second.port is not None and second.port.value == 587
    # SetSSL after construction, always run, literal: followed (go-mail client.go SetSSL)
    assert third.mode is not None and third.mode.value is Mode.IMPLICIT_TLS
    assert third.port is not None and third.port.value == 465


def test_go_mail_port_options_apply_only_to_the_default_port_and_conditional_setters_are_unknown() -> None:
    fourth, fifth = _endpoints("""\
        package m
        import "github.com/wneessen/go-mail"
        func f() {
        \td, _ := mail.NewClient("smtp.example.org", mail.WithPort(2525), mail.WithSSLPort(false))
        \te, _ := mail.NewClient("smtp.example.org")
        \tif tls { e.SetSSLPort(true, false) }
        }
        """)
    # WithSSLPort keeps a port set before it (client.go: only while the port is DefaultPort)
    assert fourth.port is not None and fourth.port.value == 2525
    assert fourth.mode is not None and fourth.mode.value is Mode.IMPLICIT_TLS
    assert fifth.mode is None and fifth.port is None  # a setter under an if: not followed


def test_other_packages_named_mail_are_not_read() -> None:
    assert _endpoints("""\
        package m
        import "example.com/internal/mail"
        func f() { mail.NewDialer("smtp.example.org", 587, "u", "p"); mail.NewClient("x") }
        """) == []


def test_a_go_or_py_file_without_mail_markers_loads_no_grammar(tmp_path: Path) -> None:
    (tmp_path / "util.go").write_text("package util\n\nfunc Add(a, b int) int { return a + b }\n", encoding="utf-8")
    (tmp_path / "tool.py").write_text("print('smtp is a protocol')\n", encoding="utf-8")
    (tmp_path / "mail.yml").write_text("smtp:\n  host: smtp.example.org\n  port: 587\n", encoding="utf-8")
    script = ("import sys; from smtplint.cli import main; main(['--format', 'concise', sys.argv[1]]); "
              "print(sorted(m for m in sys.modules if m.startswith('tree_sitter')))")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


def test_sendmail_addresses_built_with_sprintf_or_joinhostport() -> None:
    first, second = _endpoints("""\
        package m
        import (
        \t"fmt"
        \t"net"
        \t"net/smtp"
        )
        const host = "mail.example.org"
        func f() {
        \tsmtp.SendMail(fmt.Sprintf("%s:%d", host, 465), nil, "a", nil, nil)
        \tsmtp.SendMail(net.JoinHostPort(host, "587"), nil, "a", nil, nil)
        \tsmtp.SendMail(fmt.Sprintf("%s:%d", host, port), nil, "a", nil, nil)
        \tsmtp.SendMail(fmt.Sprintf("%s:%d%%", host, 25), nil, "a", nil, nil)
        }
        """)
    assert first.port is not None and (first.port.value, first.port.span.line) == (465, 9)
    assert second.host is not None and second.host.value == "mail.example.org"
    assert second.port is not None and (second.port.value, second.port.span.line) == (587, 10)


def test_a_parameter_shadows_a_file_constant() -> None:
    (ep,) = _endpoints("""\
        package m
        import "gopkg.in/gomail.v2"
        const port = 587
        func dial(host string, port int) *gomail.Dialer {
        \td := gomail.NewDialer(host, port, "u", "")
        \td.SSL = true
        \treturn d
        }
        """)
    assert ep.port is not None and ep.port.value is None
