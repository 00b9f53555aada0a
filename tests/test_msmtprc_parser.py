"""The msmtprc parser: msmtp's line syntax, defaults and account inheritance, exact endpoints and spans.

The fixtures under tests/fixtures/msmtprc/ are run here through the parser and the rules (temporary: discovery
does not know msmtprc file names yet; once the format registry declares them, tests/test_fixtures.py runs
them end to end and ``test_fixture`` below goes).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Severity, Span
from smtplint.parsers.limits import MAX_DIAGNOSTICS
from smtplint.parsers.msmtprc import c_pos_int, parse
from tests.conftest import FIXTURES

P = "home/.msmtprc"


def sp(line: int, col: int, end_col: int) -> Span:
    return Span(P, line, col, line, end_col)


def lit(key: str, value: str, line: int, col: int, end_col: int, raw: str | None = None) -> Setting[str]:
    return Setting(key, value, value if raw is None else raw, sp(line, col, end_col))


def one(text: str) -> ClientEndpoint:
    doc = parse(P, text)
    assert doc.diagnostics == []
    [ep] = doc.endpoints
    return ep


# ------------------------------------------------------------------------------------------ endpoints


def test_gmail_account_starttls_587_with_passwordeval() -> None:
    text = (
        "# Gmail\n"
        "defaults\n"
        "auth           on\n"
        "tls            on\n"
        "tls_trust_file /etc/ssl/certs/ca-certificates.crt\n"
        "logfile        ~/.msmtp.log\n"
        "\n"
        "account        gmail\n"
        "host           smtp.gmail.com\n"
        "port           587\n"
        "from           someone@gmail.com\n"
        "user           someone@gmail.com\n"
        'passwordeval   "gpg --quiet --for-your-eyes-only --no-tty --decrypt ~/.msmtp-gmail.gpg"\n'
        "\n"
        "account default : gmail\n"
    )
    doc = parse(P, text)
    assert doc.format == "msmtprc"
    assert doc.diagnostics == []
    gmail, default = doc.endpoints
    assert gmail == ClientEndpoint(
        Dialect.MSMTPRC,
        sp(8, 1, 21),
        host=lit("host", "smtp.gmail.com", 9, 1, 30),
        port=Setting("port", 587, "587", sp(10, 1, 19)),
        mode=Setting("tls", Mode.STARTTLS_REQUIRED, "on", sp(4, 1, 18)),
        username=lit("user", "someone@gmail.com", 12, 1, 33),
        password=Setting("passwordeval", None,
                         "gpg --quiet --for-your-eyes-only --no-tty --decrypt ~/.msmtp-gmail.gpg",
                         sp(13, 1, 88), Origin.REFERENCE),
    )
    # ``account default : gmail``: the defaults, then what gmail wrote; only the account line is its own
    assert default == ClientEndpoint(Dialect.MSMTPRC, sp(15, 1, 24), host=gmail.host, port=gmail.port,
                                     mode=gmail.mode, username=gmail.username, password=gmail.password)
    assert gmail.has_credentials


def test_defaults_apply_to_accounts_defined_after_them_and_the_account_wins() -> None:
    text = (
        "account early\n"  # 1: defined before the defaults block: it gets none of it
        "host smtp.example.org\n"
        "defaults\n"
        "port 587\n"
        "tls on\n"
        "account late\n"  # 6
        "host smtp.example.com\n"
        "port 2525\n"
    )
    early, late = parse(P, text).endpoints
    assert early.mode == Setting("tls", Mode.PLAIN, "", sp(1, 1, 14), Origin.DEFAULT)
    assert early.port == Setting("port", 25, "", sp(1, 1, 14), Origin.DEFAULT)
    assert early.tls_opt_out is None
    assert late.mode == Setting("tls", Mode.STARTTLS_REQUIRED, "on", sp(5, 1, 7))
    assert late.port == Setting("port", 2525, "2525", sp(8, 1, 10))


def test_account_inherits_only_what_the_listed_accounts_wrote_in_order() -> None:
    text = (
        "defaults\n"
        "tls on\n"
        "account a\n"  # 3
        "host a.example.com\n"
        "user alice\n"
        "account b : a\n"  # 6: b takes a's host and user
        "port 465\n"
        "tls_starttls off\n"
        "account c : b\n"  # 9: c takes only what b wrote (msmtp copies written settings, not inherited ones)
        "account d : a, b\n"  # 10: a, then b over it
        "user dave\n"
    )
    a, b, c, d = parse(P, text).endpoints
    assert b.host == lit("host", "a.example.com", 4, 1, 19) and b.username == lit("user", "alice", 5, 1, 11)
    assert b.mode == Setting("tls_starttls", Mode.IMPLICIT_TLS, "off", sp(8, 1, 17))
    assert b.port == Setting("port", 465, "465", sp(7, 1, 9))
    assert c.host is None and c.username is None
    assert (c.port, c.mode) == (b.port, b.mode)
    assert d.host == a.host and d.username == lit("user", "dave", 11, 1, 10) and d.mode == b.mode
    assert d.span == sp(10, 1, 17)


def test_implicit_tls_default_port_465() -> None:
    ep = one("account smtps\nhost smtp.example.com\ntls\ntls_starttls off\n")
    assert ep.mode == Setting("tls_starttls", Mode.IMPLICIT_TLS, "off", sp(4, 1, 17))
    assert ep.port == Setting("port", 465, "", sp(1, 1, 14), Origin.DEFAULT)
    assert ep.mode_certain


def test_old_tls_nostarttls_and_tls_nocertcheck() -> None:
    ep = one("account old\nhost smtp.example.com\ntls on\ntls_nostarttls\ntls_nocertcheck\n")
    assert ep.mode == Setting("tls_nostarttls", Mode.IMPLICIT_TLS, "", sp(4, 1, 15))
    assert ep.extra == {"verify": Setting("tls_nocertcheck", "off", "", sp(5, 1, 16))}


def test_tls_off_on_port_25_is_an_explicit_opt_out() -> None:
    ep = one("account relay\nhost relay.example.com\nport 25\ntls off\n")
    off = lit("tls", "off", 4, 1, 8)
    assert ep.mode == Setting("tls", Mode.PLAIN, "off", off.span)
    assert ep.tls_opt_out == off
    assert ep.port == Setting("port", 25, "25", sp(3, 1, 8))


def test_tls_certcheck_off_is_the_verify_knob_and_a_fingerprint_does_not_change_it() -> None:
    ep = one("account a\nhost smtp.example.com\ntls on\ntls_fingerprint AA:BB\ntls_certcheck off\n")
    assert ep.extra == {"verify": lit("tls_certcheck", "off", 5, 1, 18)}


def test_literal_password_wins_over_passwordeval_and_auth_off() -> None:
    ep = one("account a\nhost smtp.example.com\npasswordeval pass show a\npassword \" s3cret \"\nauth off\n")
    assert ep.password == Setting("password", " s3cret ", " s3cret ", sp(4, 1, 20))
    assert ep.auth_disabled == lit("auth", "off", 5, 1, 9)


def test_empty_user_and_password_unset_them() -> None:
    ep = one("defaults\nuser joe\npassword x1\naccount a\nhost smtp.example.com\nuser\npassword \"\"\n")
    assert ep.username is None and ep.password is None


def test_quotes_blanks_and_no_trailing_comments() -> None:
    text = (
        "account  q\n"
        '\t host \t "smtp.example.com"  \t\n'  # 2: blanks around, one pair of quotes removed
        'user "joe\n'  # 3: an unmatched quote is part of the value
        "from me@example.com # not a comment\n"
        "password pw # part of the password\n"  # 5: msmtp has no trailing comments
    )
    ep = one(text)
    assert ep.span == sp(1, 1, 11)
    assert ep.host == Setting("host", "smtp.example.com", "smtp.example.com", sp(2, 3, 28))
    assert ep.username == lit("user", '"joe', 3, 1, 10)
    assert ep.password == lit("password", "pw # part of the password", 5, 1, 35)


def test_comments_crlf_and_bom() -> None:
    text = "\ufeff# comment\r\n   # indented comment\r\naccount a\r\nhost smtp.example.com\r\n#tls off\r\n"
    ep = one(text)
    assert ep.span == sp(3, 1, 10)
    assert ep.host == lit("host", "smtp.example.com", 4, 1, 22)
    assert ep.mode is not None and ep.mode.origin is Origin.DEFAULT


def test_commands_before_any_account_form_the_default_account() -> None:
    ep = one("host mail.example.com\nport 587\ntls on\n")
    assert ep.span == sp(1, 1, 22)
    assert ep.host == lit("host", "mail.example.com", 1, 1, 22)


def test_socket_is_a_local_host_and_lmtp_has_no_default_port() -> None:
    ep = one('account local\nsocket "/run/mail.sock"\nprotocol lmtp\n')
    assert ep.host == Setting("socket", "unix:/run/mail.sock", "/run/mail.sock", sp(2, 1, 24))
    assert ep.port is None


def test_eval_makes_absent_settings_unknown() -> None:
    ep = one("account a\nhost smtp.example.com\neval cat /etc/tls-setting\nuser joe\n")
    assert not ep.complete
    assert ep.mode is None and ep.port is None
    assert ep.username == lit("user", "joe", 4, 1, 9)
    # an eval in the defaults reaches every later account
    [ep] = parse(P, "defaults\neval echo tls on\naccount b\nhost smtp.example.com\ntls off\n").endpoints
    assert not ep.complete and ep.mode is not None and ep.mode.value is Mode.PLAIN


def test_templated_values_are_references() -> None:
    ep = one("account t\nhost {{ smtp_host }}\nport ${SMTP_PORT:-587}\ntls {{ tls }}\npassword ${SMTP_PASSWORD}\n")
    assert ep.host is not None and ep.host.origin is Origin.REFERENCE and ep.host.value is None
    assert ep.port == Setting("port", 587, "${SMTP_PORT:-587}", sp(3, 1, 23), Origin.FALLBACK)
    assert ep.mode is None and ep.tls_opt_out is None
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE


@pytest.mark.parametrize(("text", "value"), [
    ("587", 587), ("0x24b", 587), ("01113", 587), (" 587", 587), ("+587", 587),
    ("587 ", None), ("5 87", None), ("0587", None), ("-25", None), ("0", None), ("", None), ("port", None),
])
def test_ports_read_as_strtol(text: str, value: int | None) -> None:
    assert c_pos_int(text) == value


# ------------------------------------------------------------------------------------------ bad input


def diagnostics(text: str) -> list[tuple[int, int, int, str]]:
    doc = parse(P, text)
    assert all(d.severity is Severity.WARNING for d in doc.diagnostics)
    return [(d.span.line, d.span.column, d.span.end_column, d.message) for d in doc.diagnostics]


def test_malformed_lines_are_warnings_and_are_ignored() -> None:
    text = (
        "defaults x\n"  # 1
        "tls yes\n"  # 2
        "account\n"  # 3
        "host\n"  # 4
        "port 70000\n"  # 5
        "account a\n"  # 6
        "account a\n"  # 7: a name used twice
        "tls_nostarttls now\n"  # 8
        "account b,c\n"  # 9
        "account d : a,\n"  # 10
        "account e : nope\n"  # 11
        "protocol http\n"  # 12
        "eval\n"  # 13
        "TLS off\n"  # 14: commands are case-sensitive: unknown, ignored silently
    )
    reject = "msmtp rejects the file at this line: "
    assert diagnostics(text) == [
        (1, 1, 11, reject + "'defaults' takes no argument"),
        (2, 1, 8, reject + "'tls' accepts only 'on' or 'off'"),
        (3, 1, 8, reject + "'account' needs a name"),
        (4, 1, 5, reject + "'host' needs an argument"),
        (5, 1, 11, reject + "the port must be a number from 1 to 65535"),
        (7, 1, 10, reject + "account 'a' is already defined"),
        (8, 1, 19, reject + "'tls_nostarttls' takes no argument"),
        (9, 1, 12, reject + "an account name must not contain ':' or ','"),
        (10, 1, 15, reject + "an account name is missing in the list after ':'"),
        (11, 1, 17, reject + "account 'nope' is not defined before this line"),
        (12, 1, 14, reject + "'protocol' accepts only 'smtp' or 'lmtp'"),
        (13, 1, 5, reject + "'eval' needs an argument"),
    ]


def test_accounts_msmtp_refuses_are_still_linted() -> None:
    doc = parse(P, "account a\nhost a.example.com\naccount a\nhost b.example.com\npassword hunter2x\n")
    assert [d.span.line for d in doc.diagnostics] == [3]
    first, second = doc.endpoints
    assert second.password is not None and second.password.value == "hunter2x"
    assert first.password is None


def test_long_lines_binary_junk_and_the_diagnostics_cap() -> None:
    long_line = "host " + "h" * 600
    assert diagnostics(f"account a\n{long_line}\n") == [
        (2, 1, 606, "msmtp rejects the file at this line: the line is longer than 499 bytes")]
    assert diagnostics("account a\nhost " + "é" * 250 + "\n")  # 505 bytes in 255 characters
    junk = "\x01\x02 \x7f\ufffd\n\r\r\x0b\"\n" * 1000
    assert parse(P, junk).endpoints == []
    many = "tls maybe\n" * (MAX_DIAGNOSTICS + 50)
    doc = parse(P, many)
    assert len(doc.diagnostics) == MAX_DIAGNOSTICS + 1
    assert "50 more problems" in doc.diagnostics[-1].message


def test_huge_input_is_linear() -> None:
    doc = parse(P, "account a\nhost " + "x" * 2_000_000 + "\npassword " + '"' * 1_000_000)
    assert len(doc.endpoints) == 1 and len(doc.diagnostics) == 2


@hypothesis_settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list('account defaults host port tls_starttls on off :,"#\t\n\r xé'))))
def test_never_raises_and_spans_stay_on_their_line(text: str) -> None:
    doc = parse(P, text)
    lines = text.split("\n")
    for ep in doc.endpoints:
        for setting in (ep.host, ep.port, ep.mode, ep.username, ep.password):
            if setting is not None and setting.origin is not Origin.DEFAULT:
                s = setting.span
                assert s.line == s.end_line and 1 <= s.column < s.end_column <= len(lines[s.line - 1]) + 1


# ------------------------------------------------------------------------------------------ fixtures
# tests/fixtures/msmtprc/ runs end to end (discovery by name, the reading step, every rule) in test_fixtures.py


def test_there_are_fixture_cases() -> None:
    cases = sorted(p for p in (FIXTURES / "msmtprc").glob("SMTP*/*") if p.name.startswith(("bad-", "good-", "trap-")))
    assert len(cases) >= 20
    assert {c.parent.name for c in cases} >= {"SMTP001", "SMTP101", "SMTP102", "SMTP105", "SMTP106", "SMTP201",
                                             "SMTP202", "SMTP204", "SMTP401", "SMTP402"}
