"""parse_main / parse_master: definitions, services, overrides, exact spans and diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.model import Severity, Span
from smtplint.parsers.postfix import parse_main, parse_master
from tests.testdata import corpus_files

P = "etc/main.cf"
M = "etc/master.cf"


def _main(text: str):  # type: ignore[no-untyped-def]
    doc = parse_main(P, text)
    assert doc.format == "postfix-main"
    assert doc.main_cf is not None
    return doc, doc.main_cf


def _master(text: str):  # type: ignore[no-untyped-def]
    doc = parse_master(M, text)
    assert doc.format == "postfix-master"
    assert doc.master_cf is not None
    return doc, doc.master_cf


# ------------------------------------------------------------------------------------------------ main.cf


def test_definition_spans_and_whitespace_around_equals() -> None:
    doc, main = _main("# comment\n\nmyhostname=mail.example.com\n  \nrelayhost   =   [smtp.example.com]:587  \n")
    assert not doc.diagnostics
    d = main.last("myhostname")
    assert d is not None
    assert d.value == "mail.example.com"
    assert d.span == Span(P, 3, 1, 3, 28)
    assert d.value_span == Span(P, 3, 12, 3, 28)
    r = main.last("relayhost")
    assert r is not None
    assert r.value == "[smtp.example.com]:587"
    assert r.span == Span(P, 5, 1, 5, 39)
    assert r.value_span == Span(P, 5, 17, 5, 39)


def test_continuation_lines_join_and_indented_comment_is_a_comment() -> None:
    text = (
        "smtpd_relay_restrictions = permit_mynetworks,\n"
        "    # an indented comment is not a continuation\n"
        "\n"
        "    permit_sasl_authenticated,\n"
        "\tdefer_unauth_destination\n"
        "biff = no\n"
    )
    doc, main = _main(text)
    assert not doc.diagnostics
    d = main.last("smtpd_relay_restrictions")
    assert d is not None
    assert d.value == "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"
    assert d.span == Span(P, 1, 1, 5, 26)
    assert d.value_span == Span(P, 1, 28, 5, 26)
    assert main.last("biff") is not None


def test_empty_value() -> None:
    doc, main = _main("relayhost =\nmydestination=\n")
    assert not doc.diagnostics
    d = main.last("relayhost")
    assert d is not None
    assert d.value == ""
    assert d.span == Span(P, 1, 1, 1, 12)
    assert d.value_span == Span(P, 1, 12, 1, 12)


def test_last_definition_wins_and_all_are_kept() -> None:
    _, main = _main("smtpd_tls_security_level = none\nsmtpd_tls_security_level = may\n")
    defs = main.definitions["smtpd_tls_security_level"]
    assert [d.value for d in defs] == ["none", "may"]
    last = main.last("smtpd_tls_security_level")
    assert last is not None
    assert last.span.line == 2


def test_hash_inside_value_is_kept_and_warned() -> None:
    doc, main = _main("smtpd_tls_security_level = may # TODO encrypt\n")
    d = main.last("smtpd_tls_security_level")
    assert d is not None
    assert d.value == "may # TODO encrypt"
    assert len(doc.diagnostics) == 1
    diag = doc.diagnostics[0]
    assert diag.severity is Severity.WARNING
    assert diag.span == Span(P, 1, 32, 1, 46)
    assert "smtpd_tls_security_level" in diag.message


def test_hash_without_space_before_is_plain_text() -> None:
    doc, _ = _main("milter_mail_macros = i {mail_addr} x#y\n")
    assert not doc.diagnostics


def test_line_without_equals_is_an_error_and_parsing_continues() -> None:
    doc, main = _main("smtpd_tls_security_level may\nbiff = no\n")
    assert len(doc.diagnostics) == 1
    diag = doc.diagnostics[0]
    assert diag.severity is Severity.ERROR
    assert diag.span == Span(P, 1, 1, 1, 29)
    assert "expected 'name = value'" in diag.message
    assert "smtpd_tls_security_level" not in main.definitions
    assert main.last("biff") is not None


def test_continuation_at_file_start() -> None:
    doc, main = _main("   mynetworks = 0.0.0.0/0\nbiff = no\n")
    assert [d.span for d in doc.diagnostics] == [Span(P, 1, 4, 1, 26)]
    assert doc.diagnostics[0].severity is Severity.WARNING
    assert "mynetworks" not in main.definitions


def test_crlf_keeps_columns() -> None:
    doc, main = _main("biff = no\r\nmynetworks = 127.0.0.0/8\r\n  [::1]/128\r\n")
    assert not doc.diagnostics
    d = main.last("mynetworks")
    assert d is not None
    assert d.value == "127.0.0.0/8 [::1]/128"
    assert d.span == Span(P, 2, 1, 3, 12)


def test_unknown_mynetworks_style() -> None:
    doc, _ = _main("mynetworks_style = everything\n")
    assert [d.span for d in doc.diagnostics] == [Span(P, 1, 20, 1, 30)]
    assert doc.diagnostics[0].severity is Severity.WARNING


def test_templates_are_unknown_not_errors() -> None:
    text = (
        "mydomain = {{ DOMAIN }}\n"
        "{% if RELAYUSER %}\n"
        "smtp_sasl_auth_enable = yes\n"
        "{% endif %}\n"
        "%{dovecot_enabled}virtual_transport = lmtp:unix:private/dovecot-lmtp\n"
        "biff = no\n"
        "{# a jinja comment #}\n"
        "{{- \"\\n\" }}\n"
    )
    doc, main = _main(text)
    assert not doc.diagnostics
    for name in ("mydomain", "smtp_sasl_auth_enable", "virtual_transport"):
        d = main.last(name)
        assert d is not None
        assert d.templated, name
    biff = main.last("biff")
    assert biff is not None
    assert not biff.templated


@pytest.mark.parametrize("text", [
    "", "\n\n", "=", "= value", "\x00\x01\x02", "a" * 200_000, " \t\f\v\n\r\n", "\r", "a = b\r\r\n",
    "x = ${", "x = $(", "x = ${a?{b}", "{{", "{%", "%{", "\ufeffbiff = no", "[section]\nkey",
])
def test_main_never_raises(text: str) -> None:
    doc = parse_main(P, text)
    assert doc.main_cf is not None


# ---------------------------------------------------------------------------------------------- master.cf

STOCK = """\
# ==========================================================================
# service type  private unpriv  chroot  wakeup  maxproc command + args
# ==========================================================================
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
#  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=
  -o { smtpd_recipient_restrictions = permit_sasl_authenticated, reject }
#smtps     inet  n       -       n       -       -       smtpd
#  -o smtpd_tls_wrappermode=yes
pickup    unix  n       -       y       60      1       pickup
"""


def test_services_and_overrides_with_spans() -> None:
    doc, master = _master(STOCK)
    assert not doc.diagnostics
    assert [s.name for s in master.services] == ["smtp", "submission", "pickup"]
    smtp, sub, pickup = master.services
    assert smtp.type == "inet"
    assert smtp.command == "smtpd"
    assert smtp.fields == ("inet", "n", "-", "y", "-", "-")
    assert smtp.span == Span(M, 4, 1, 4, 62)
    assert sub.line_span == Span(M, 5, 1, 5, 62)
    assert sub.span == Span(M, 5, 1, 10, 74)
    assert [(o.name, o.value) for o in sub.overrides] == [
        ("syslog_name", "postfix/submission"),
        ("smtpd_tls_security_level", "encrypt"),
        ("smtpd_relay_restrictions", ""),
        ("smtpd_recipient_restrictions", "permit_sasl_authenticated, reject"),
    ]
    assert sub.overrides[0].span == Span(M, 6, 3, 6, 36)
    assert sub.overrides[3].span == Span(M, 10, 3, 10, 74)
    assert sub.override("smtpd_sasl_auth_enable") is None  # commented out: does not exist
    assert pickup.type == "unix"
    assert pickup.overrides == []


def test_compact_o_and_last_override_wins() -> None:
    doc, master = _master(
        "587 inet n - n - - smtpd -osmtpd_tls_security_level=may -o smtpd_tls_security_level=encrypt\n")
    assert not doc.diagnostics
    svc = master.services[0]
    ov = svc.override("smtpd_tls_security_level")
    assert ov is not None
    assert ov.value == "encrypt"
    assert svc.overrides[0].span == Span(M, 1, 26, 1, 56)


def test_short_service_line_is_an_error() -> None:
    doc, master = _master("submission inet n - n smtpd\nsmtp inet n - n - - smtpd\n")
    assert [s.name for s in master.services] == ["smtp"]
    assert len(doc.diagnostics) == 1
    diag = doc.diagnostics[0]
    assert diag.severity is Severity.ERROR
    assert diag.span == Span(M, 1, 1, 1, 28)
    assert "8 fields" in diag.message


def test_o_without_name_value_is_a_warning() -> None:
    doc, master = _master("smtp inet n - n - - smtpd\n  -o smtpd_tls_security_level\n  -o\n")
    assert [(d.span, d.severity) for d in doc.diagnostics] == [
        (Span(M, 2, 3, 2, 30), Severity.WARNING),
        (Span(M, 3, 3, 3, 5), Severity.WARNING),
    ]
    assert master.services[0].overrides == []


def test_stray_word_after_list_with_space() -> None:
    doc, master = _master(
        "submission inet n - n - - smtpd\n  -o smtpd_recipient_restrictions=permit_sasl_authenticated, reject\n")
    assert [d.span for d in doc.diagnostics] == [Span(M, 2, 62, 2, 68)]
    ov = master.services[0].override("smtpd_recipient_restrictions")
    assert ov is not None
    assert ov.value == "permit_sasl_authenticated,"


def test_pipe_arguments_are_not_overrides() -> None:
    # a real Dovecot/maildrop shape: -oi, -f and -- belong to sendmail's argv, not to Postfix's pipe(8)
    doc, master = _master(
        "dovecot   unix  -       n       n       -       -       pipe\n"
        "  flags=DRhu user=vmail:vmail argv=/usr/sbin/sendmail -oi -f ${sender} -- ${recipient}\n"
        "maildrop  unix  -       n       n       -       -       pipe\n"
        "  flags=DRXhu user=vmail argv=/usr/local/bin/maildrop -d ${recipient} -o x=y\n")
    assert doc.diagnostics == []
    assert [s.overrides for s in master.services] == [[], []]
    assert master.services[0].args == ("flags=DRhu", "user=vmail:vmail", "argv=/usr/sbin/sendmail", "-oi", "-f",
                                       "${sender}", "--", "${recipient}")


def test_overrides_before_the_command_arguments_count() -> None:
    doc, master = _master(
        "retry unix - - n - - error\n"
        "policy unix - n n - 0 spawn\n"
        "  -o { syslog_name = postfix/policy spawn } -v -n policy -o daemon_timeout=3600s\n"
        "  user=nobody argv=/usr/bin/policyd -o not=an-override\n")
    assert doc.diagnostics == []
    policy = master.services[1]
    assert [(o.name, o.value) for o in policy.overrides] == [
        ("syslog_name", "postfix/policy spawn"), ("daemon_timeout", "3600s")]
    assert policy.overrides[0].span == Span(M, 3, 3, 3, 44)
    assert policy.overrides[1].span == Span(M, 3, 58, 3, 81)


def test_compact_o_inside_smtpd_is_still_an_override() -> None:
    doc, master = _master("2525 inet n - n - - smtpd -oi -o smtpd_sasl_auth_enable=yes\n")
    assert [(d.span, d.severity) for d in doc.diagnostics] == [(Span(M, 1, 27, 1, 30), Severity.WARNING)]
    assert [(o.name, o.value) for o in master.services[0].overrides] == [("smtpd_sasl_auth_enable", "yes")]


def test_continuation_at_master_start() -> None:
    doc, master = _master("  -o x=y\nsmtp inet n - n - - smtpd\n")
    assert [d.span.line for d in doc.diagnostics] == [1]
    assert [s.name for s in master.services] == ["smtp"]


@pytest.mark.parametrize(("name", "port", "host", "loopback"), [
    ("smtp", 25, None, False),
    ("submission", 587, None, False),
    ("submissions", 465, None, False),
    ("smtps", 465, None, False),
    ("2525", 2525, None, False),
    ("127.0.0.1:submission", 587, "127.0.0.1", True),
    ("[::1]:587", 587, "::1", True),
    ("192.0.2.1:465", 465, "192.0.2.1", False),
    ("localhost:10025", 10025, "localhost", True),
    ("weird", None, None, False),
])
def test_service_ports(name: str, port: int | None, host: str | None, loopback: bool) -> None:
    _, master = _master(f"{name} inet n - n - - smtpd\n")
    svc = master.services[0]
    assert svc.port == port
    assert svc.host == host
    assert svc.is_loopback is loopback


def test_classification() -> None:
    text = (
        "smtp inet n - n - 1 postscreen\n"
        "smtpd pass - - n - - smtpd\n"
        "submission inet n - n - - smtpd\n"
        "10465 inet n - n - - smtpd -o smtpd_tls_wrappermode=yes\n"
        "10587 inet n - n - - smtpd -o syslog_name=postfix/submission-haproxy\n"
        "588 inet n - n - - smtpd\n"
        "465 inet n - n - - postscreen\n"
        "relay unix - - n - - smtp\n"
    )
    _, master = _master(text)
    flags = {s.name: (s.is_mx, s.is_submission, s.runs_smtpd) for s in master.services}
    assert flags == {
        "smtp": (True, False, False),
        "smtpd": (True, False, True),
        "submission": (False, True, True),
        "10465": (False, True, True),
        "10587": (False, True, True),
        "588": (False, False, True),
        "465": (False, False, False),
        "relay": (False, False, False),
    }


def test_master_templates() -> None:
    text = (
        "%{rspamd_enabled}smtp      inet  n       -       -       -       -       smtpd\n"
        "smtpd     pass  -       -       -       -       -       smtpd\n"
        "%{amavis_enabled}  -o smtpd_proxy_filter=inet:[127.0.0.1]:10024\n"
        "  -o smtpd_reject_unlisted_recipient={% if X %}{{ X }}{% else %}no{% endif %}\n"
        "{% if SUBMISSION %}\n"
        "submission inet n - n - - smtpd\n"
        "{% endif %}\n"
        "{# comment #}\n"
    )
    doc, master = _master(text)
    assert not doc.diagnostics
    assert [s.name for s in master.services] == ["smtpd"]
    overrides = master.services[0].overrides
    assert [(o.name, o.templated) for o in overrides] == [
        ("smtpd_proxy_filter", True), ("smtpd_reject_unlisted_recipient", True),
    ]


@pytest.mark.parametrize("text", [
    "", "\n", "-o", "x " * 50_000, "a b c d e f g h {", "a b c d e f g h -o {", "a b c d e f g h -o {{",
    "\x00 inet n - n - - smtpd", "smtp\tinet\tn\t-\tn\t-\t-\tsmtpd\r\n  -o\r\n", "} } } } } } } }",
])
def test_master_never_raises(text: str) -> None:
    doc = parse_master(M, text)
    assert doc.master_cf is not None


@pytest.mark.parametrize("path", corpus_files("postfix", "*.cf"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_parses_cleanly(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    doc = parse_main(str(path), text) if path.name == "main.cf" else parse_master(str(path), text)
    assert doc.diagnostics == []
    if path.name == "main.cf":
        assert doc.main_cf is not None and doc.main_cf.definitions
    else:
        assert doc.master_cf is not None and doc.master_cf.services
