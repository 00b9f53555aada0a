"""SMTP301, SMTP302 and the Postfix half of SMTP201, called directly on PostfixConfig."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtplint.model import Finding, PostfixConfig, Severity
from smtplint.parsers.postfix import parse_main, parse_master
from smtplint.rules import DEFAULT_OPTIONS
from smtplint.rules.relay import (
    broad_entries,
    broad_mynetworks,
    postfix_missing_auth,
    submission_tls_may,
)


def _cfg(main: str | None, master: str | None = None) -> PostfixConfig:
    main_cf = parse_main("main.cf", main).main_cf if main is not None else None
    master_cf = parse_master("master.cf", master).master_cf if master is not None else None
    return PostfixConfig(main=main_cf, master=master_cf)


def _run(check, cfg: PostfixConfig) -> list[Finding]:  # type: ignore[no-untyped-def]
    return list(check(cfg, DEFAULT_OPTIONS))


def _where(findings: list[Finding]) -> list[tuple[str, int, Severity]]:
    return [(f.span.path, f.span.line, f.severity) for f in findings]


# ------------------------------------------------------------------------------------------------ SMTP301

@pytest.mark.parametrize(("value", "severity"), [
    ("0.0.0.0/0", Severity.ERROR),
    ("0/0", Severity.ERROR),
    ("[::]/0", Severity.ERROR),
    ("::/0", Severity.ERROR),
    ("[::ffff:0.0.0.0]/96", Severity.ERROR),
    ("64.0.0.0/2", Severity.ERROR),
    ("8.0.0.0/8", Severity.ERROR),
    ("203.0.0.0/16", Severity.ERROR),
    ("[2001:db8::]/32", Severity.ERROR),
    ("10.0.0.0/8", Severity.WARNING),
    ("10/8", Severity.WARNING),
    ("172.16.0.0/12", Severity.WARNING),
    ("192.168.0.0/16", Severity.WARNING),
    ("100.64.0.0/10", Severity.WARNING),
    ("[fc00::]/7", Severity.WARNING),
    ("198.51.100.0/22", Severity.WARNING),
    ("[2001:db8:1::]/48", Severity.WARNING),
])
def test_broad_entries(value: str, severity: Severity) -> None:
    found = broad_entries(f"127.0.0.0/8 {value}")
    assert [(b.entry, b.severity) for b in found] == [(value, severity)]


@pytest.mark.parametrize("value", [
    "127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128",
    "192.168.1.0/24 10.0.5.0/30 10.1.2.3 172.20.0.0/17",
    "198.51.100.7 203.0.113.0/24 [2001:db8:1:2::]/64 [fe80::]/64 [fd00:1:2::]/48",
    "!0.0.0.0/0 0.0.0.0/0",
    "!10.0.0.0/8 10.0.0.0/8 127.0.0.1",
    "hash:/etc/postfix/network_table cidr:/etc/postfix/nets.cidr /etc/postfix/mynetworks",
    "mail.example.com localhost",
    "",
])
def test_not_broad(value: str) -> None:
    assert broad_entries(value) == []


def test_this_network_is_not_internet_addresses() -> None:
    # 0.0.0.0/8 is "this network" (RFC 1122, RFC 6890): no client connects from it, so it trusts nobody;
    # it used to be reported as "16,777,216 internet addresses can relay"
    assert broad_entries("127.0.0.0/8 0.0.0.0/8 0.0.0.0/16 0.0.0.0 [::ffff:0.0.0.0]/104") == []
    cfg = _cfg("mynetworks = 127.0.0.0/8 [::1]/128 0.0.0.0/8 10.8.0.0/16\n")
    [finding] = _run(broad_mynetworks, cfg)
    assert (finding.span.line, finding.severity) == (1, Severity.WARNING)
    assert finding.message.startswith("mynetworks trusts 10.8.0.0/16: every host and container on that private ")
    assert "0.0.0.0/8" not in finding.message and "internet" not in finding.message
    # the whole internet is still an error, and 0.0.0.0/7 reaches past "this network"
    assert [(b.entry, b.severity) for b in broad_entries("0.0.0.0/8 0.0.0.0/0 0.0.0.0/7")] == [
        ("0.0.0.0/0", Severity.ERROR), ("0.0.0.0/7", Severity.ERROR)]


def test_exclusion_after_the_match_does_not_help() -> None:
    assert [b.entry for b in broad_entries("0.0.0.0/0 !0.0.0.0/0")] == ["0.0.0.0/0"]


def test_mynetworks_finding_points_at_last_definition() -> None:
    cfg = _cfg("mynetworks = 127.0.0.0/8\nbiff = no\nmynetworks = 127.0.0.0/8, 10.0.0.0/8,\n    0.0.0.0/0\n")
    findings = _run(broad_mynetworks, cfg)
    assert _where(findings) == [("main.cf", 3, Severity.ERROR)]
    msg = findings[0].message
    assert "0.0.0.0/0 and 10.0.0.0/8" in msg
    assert "open relay" in msg
    assert "127.0.0.0/8 [::1]/128" in msg
    assert not msg.endswith(".")
    assert findings[0].rule_id == "SMTP301"


def test_mynetworks_through_variable() -> None:
    cfg = _cfg("office = 192.168.0.0/16\nmynetworks = 127.0.0.0/8 $office\n")
    findings = _run(broad_mynetworks, cfg)
    assert _where(findings) == [("main.cf", 2, Severity.WARNING)]
    assert [s.line for s in findings[0].related] == [1]


def test_mynetworks_templated_is_silent() -> None:
    assert _run(broad_mynetworks, _cfg("mynetworks = 127.0.0.1/32 {{ SUBNET }}\n")) == []


@pytest.mark.parametrize(("main", "expected"), [
    ("mynetworks_style = class\n", [("main.cf", 1, Severity.ERROR)]),
    ("mynetworks_style = subnet\n", [("main.cf", 1, Severity.WARNING)]),
    ("mynetworks_style = host\n", []),
    ("mynetworks_style = class\nmynetworks = 127.0.0.0/8\n", []),
    ("biff = no\n", []),
    ("compatibility_level = 3.6\n", []),
    ("compatibility_level = 0\n", [("main.cf", 1, Severity.WARNING)]),
    ("compatibility_level = 1\nmynetworks_style = host\n", []),
])
def test_mynetworks_style(main: str, expected: list[tuple[str, int, Severity]]) -> None:
    assert _where(_run(broad_mynetworks, _cfg(main))) == expected


def test_mynetworks_override_in_master() -> None:
    master = (
        "smtp inet n - n - - smtpd\n  -o mynetworks=0.0.0.0/0\n"
        "127.0.0.1:10025 inet n - n - - smtpd\n  -o mynetworks=0.0.0.0/0\n"
        "10026 inet n - n - - smtpd\n  -o mynetworks=127.0.0.0/8\n"
        "10027 inet n - n - - smtpd\n  -o mynetworks=$unknown_without_main\n"
    )
    findings = _run(broad_mynetworks, _cfg(None, master))
    assert _where(findings) == [("master.cf", 2, Severity.ERROR), ("master.cf", 4, Severity.INFO)]
    assert findings[0].message.startswith("service 'smtp': -o mynetworks trusts 0.0.0.0/0")


# ------------------------------------------------------------------------------------------------ SMTP302

SUB_ONLY_SYSLOG = "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n"


def test_inherits_may_from_main() -> None:
    cfg = _cfg("biff = no\nsmtpd_tls_security_level = may\n", SUB_ONLY_SYSLOG)
    findings = _run(submission_tls_may, cfg)
    assert _where(findings) == [("master.cf", 2, Severity.ERROR)]
    f = findings[0]
    assert [(s.path, s.line) for s in f.related] == [("main.cf", 2)]
    assert f.message == (
        "submission service 'submission' (port 587) inherits smtpd_tls_security_level=may from main.cf "
        "line 2: clients can authenticate and submit without TLS; add '-o smtpd_tls_security_level=encrypt' "
        "to the service"
    )


def test_override_may_points_at_the_override() -> None:
    cfg = _cfg(None, "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n")
    findings = _run(submission_tls_may, cfg)
    assert _where(findings) == [("master.cf", 2, Severity.ERROR)]
    assert [s.line for s in findings[0].related] == [1]
    assert "sets smtpd_tls_security_level=may" in findings[0].message


@pytest.mark.parametrize(("main", "fires", "words"), [
    ("smtpd_use_tls = yes\n", True, "smtpd_use_tls=yes (TLS level may)"),
    ("smtpd_enforce_tls = yes\n", False, ""),
    ("biff = no\n", True, "does not enable TLS"),
    ("smtpd_tls_security_level = none\n", True, "smtpd_tls_security_level=none"),
    ("smtpd_tls_security_level =\n", True, "an empty smtpd_tls_security_level"),
    ("smtpd_tls_security_level = encrypt\n", False, ""),
    ("smtpd_tls_security_level = $lvl\nlvl = may\n", True, "smtpd_tls_security_level=may"),
    ("smtpd_tls_security_level = {{ LEVEL }}\n", False, ""),
])
def test_levels(main: str, fires: bool, words: str) -> None:
    findings = _run(submission_tls_may, _cfg(main, SUB_ONLY_SYSLOG))
    assert bool(findings) is fires
    if fires:
        assert words in findings[0].message


def test_silent_cases() -> None:
    may = "smtpd_tls_security_level = may\n"
    # 5.1 #8: port 25 only
    assert _run(submission_tls_may, _cfg(may, "smtp inet n - n - - smtpd\n")) == []
    # 5.1 #11: commented-out block
    assert _run(submission_tls_may, _cfg(may, "smtp inet n - n - - smtpd\n#submission inet n - n - - smtpd\n"
                                              "#  -o syslog_name=postfix/submission\n")) == []
    # 5.1 #13: wrapper mode on 465
    assert _run(submission_tls_may, _cfg(may, "submissions inet n - n - - smtpd\n"
                                              "  -o smtpd_tls_wrappermode=yes\n")) == []
    # no main.cf and no -o level: unknown
    assert _run(submission_tls_may, _cfg(None, SUB_ONLY_SYSLOG)) == []
    # explicit encrypt
    assert _run(submission_tls_may, _cfg(may, "submission inet n - n - - smtpd\n"
                                              "  -o smtpd_tls_security_level=encrypt\n")) == []


def test_commented_encrypt_does_not_apply() -> None:
    master = ("submission inet n - n - - smtpd\n#  -o smtpd_tls_security_level=encrypt\n"
              "  -o syslog_name=postfix/submission\n")
    assert _where(_run(submission_tls_may, _cfg("smtpd_tls_security_level = may\n", master))) == [
        ("master.cf", 1, Severity.ERROR)]


def test_loopback_listener_is_info() -> None:
    master = "127.0.0.1:submission inet n - n - - smtpd\n"
    findings = _run(submission_tls_may, _cfg("smtpd_tls_security_level = may\n", master))
    assert _where(findings) == [("master.cf", 1, Severity.INFO)]
    assert "loopback only" in findings[0].message
    findings = _run(submission_tls_may, _cfg("smtpd_tls_security_level = may\ninet_interfaces = loopback-only\n",
                                             "submission inet n - n - - smtpd\n"))
    assert _where(findings) == [("master.cf", 1, Severity.INFO)]


def test_syslog_name_classifies_submission() -> None:
    master = "10587 inet n - n - - smtpd\n  -o syslog_name=postfix/submission-haproxy\n"
    findings = _run(submission_tls_may, _cfg("smtpd_tls_security_level = may\n", master))
    assert _where(findings) == [("master.cf", 1, Severity.ERROR)]
    assert "'10587' (port 10587)" in findings[0].message


# ------------------------------------------------------------------------------------------------ SMTP201

GOOD_SUB = (
    "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    "  -o smtpd_sasl_auth_enable=yes\n"
)


def test_sasl_disabled_by_override() -> None:
    master = "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=no\n"
    findings = _run(postfix_missing_auth, _cfg(None, master))
    assert _where(findings) == [("master.cf", 3, Severity.ERROR)]
    assert findings[0].rule_id == "SMTP201"
    assert "SASL authentication disabled" in findings[0].message


def test_sasl_disabled_by_default_and_main() -> None:
    master = "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
    findings = _run(postfix_missing_auth, _cfg("biff = no\n", master))
    assert _where(findings) == [("master.cf", 1, Severity.ERROR)]
    assert "smtpd_sasl_auth_enable is no by default" in findings[0].message
    findings = _run(postfix_missing_auth, _cfg("smtpd_sasl_auth_enable = no\n", master))
    assert _where(findings) == [("master.cf", 1, Severity.ERROR)]
    assert [(s.path, s.line) for s in findings[0].related] == [("main.cf", 1)]
    assert "inherited from main.cf line 1" in findings[0].message


def test_restrictions_without_permit_sasl() -> None:
    master = GOOD_SUB + "  -o smtpd_relay_restrictions=permit_mynetworks,reject\n"
    findings = _run(postfix_missing_auth, _cfg("biff = no\n", master))
    assert _where(findings) == [("master.cf", 1, Severity.ERROR)]
    assert "permit_sasl_authenticated" in findings[0].message


def test_undefined_mua_parameters_expand_empty() -> None:
    stock_30 = GOOD_SUB + (
        "  -o smtpd_client_restrictions=$mua_client_restrictions\n"
        "  -o smtpd_recipient_restrictions=\n"
        "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n"
    )
    assert _run(postfix_missing_auth, _cfg("biff = no\n", stock_30)) == []
    broken = GOOD_SUB + "  -o smtpd_relay_restrictions=$mua_relay_restrictions\n"
    assert _where(_run(postfix_missing_auth, _cfg("biff = no\n", broken))) == [
        ("master.cf", 1, Severity.ERROR)]
    defined = broken
    assert _run(postfix_missing_auth, _cfg(
        "mua_relay_restrictions = permit_sasl_authenticated, reject\n", defined)) == []


def test_auth_silent_cases() -> None:
    assert _run(postfix_missing_auth, _cfg("biff = no\n", GOOD_SUB)) == []  # default relay restrictions
    assert _run(postfix_missing_auth, _cfg("biff = no\n", "smtp inet n - n - - smtpd\n")) == []  # MX
    assert _run(postfix_missing_auth, _cfg(None, SUB_ONLY_SYSLOG)) == []  # unknown without main.cf
    assert _run(postfix_missing_auth, _cfg("biff = no\n", "#" + GOOD_SUB.replace("\n  ", "\n#  "))) == []
    # a restriction class may permit: unknown
    classes = GOOD_SUB + "  -o smtpd_relay_restrictions=mua_class\n"
    assert _run(postfix_missing_auth, _cfg("smtpd_restriction_classes = mua_class\n", classes)) == []


def test_loopback_auth_is_info() -> None:
    findings = _run(postfix_missing_auth, _cfg("biff = no\n", "127.0.0.1:submission inet n - n - - smtpd\n"))
    assert _where(findings) == [("master.cf", 1, Severity.INFO)]


def test_dovecot_without_path_is_info_once() -> None:
    main = "smtpd_sasl_auth_enable = yes\nsmtpd_sasl_type = dovecot\n"
    master = "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n" \
             "submissions inet n - n - - smtpd\n  -o smtpd_tls_wrappermode=yes\n"
    findings = _run(postfix_missing_auth, _cfg(main, master))
    assert _where(findings) == [("main.cf", 2, Severity.INFO)]
    assert _run(postfix_missing_auth, _cfg(main + "smtpd_sasl_path = private/auth\n", master)) == []


def test_messages_style() -> None:
    cfg = _cfg("smtpd_tls_security_level = may\nmynetworks = 0.0.0.0/0\n",
               "submission inet n - n - - smtpd\n")
    for check in (broad_mynetworks, submission_tls_may, postfix_missing_auth):
        for f in _run(check, cfg):
            assert f.message[0].islower()
            assert not f.message.endswith(".")


# ------------------------------------------------------------------------------------------ robustness

_ALPHABET = st.sampled_from([*" \t\r\n#=-o{}$()?:!,[]/.%0123456789abcdefmnoprstuyz", "\x00", "é"])
_WORDS = st.sampled_from([
    "mynetworks = ", "0.0.0.0/0", "[::1]/128", "smtpd_tls_security_level", "=may", " -o ", "\n  ",
    "submission inet n - n - - smtpd", "127.0.0.1:587", "${a?{b}:{c}}", "$mynetworks", "{{ x }}",
    "%{y}", "{% if z %}", "{% endif %}", "smtpd_sasl_auth_enable=no", "\r\n", "#", "$$", "{ a = b }",
])
_TEXT = st.lists(st.one_of(_WORDS, st.text(_ALPHABET, max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(main=_TEXT, master=_TEXT)
def test_arbitrary_text_never_raises(main: str, master: str) -> None:
    main_doc = parse_main("main.cf", main)
    master_doc = parse_master("master.cf", master)
    for doc in (main_doc, master_doc):
        assert not any("internal error" in d.message for d in doc.diagnostics)
        for d in doc.diagnostics:
            assert d.span.line >= 1 and d.span.column >= 1
    cfg = PostfixConfig(main_doc.main_cf, master_doc.master_cf)
    for check in (broad_mynetworks, submission_tls_may, postfix_missing_auth):
        for f in check(cfg, DEFAULT_OPTIONS):
            assert f.message and not f.message.endswith(".")
