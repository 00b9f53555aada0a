"""Postfix syntax under other names: the content sniffer of ``*.cf`` files, ``postconf -P`` lines, and the
layering of override files over the main.cf/master.cf beside them (smtplint.model.postfix.layered)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint import formats
from smtplint.model import layered
from smtplint.parsers.postfix import parse_main, parse_master, parse_master_edits, sniff_syntax
from tests.conftest import lint


@pytest.mark.parametrize(("text", "kind"), [
    ("smtpd_tls_security_level = may\nrelayhost = [smtp.example.com]:587\n", "main"),
    ("smtp inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n", "master"),
    ("smtp-amavis unix - - n - 2 smtp\n  -o max_use=20\n127.0.0.1:10025 inet n - n - - smtpd\n", "master"),
    ("recipient_delimiter = ~\n", None),  # Dovecot's too: one name is not enough
    ("mail_max_userip_connections = 50\nssl = required\n", None),  # Dovecot
    ("bind = yes\nbind_pw = admin\nserver_host = ldap\nstart_tls = no\n", None),  # an LDAP lookup table
    ("user1@example.com user2@example.com\n", None),  # a lookup table
    ("[Definition]\nfailregex = ^.*$\n", None),  # fail2ban
    ("", None),
])
def test_the_sniffer_claims_only_postfix_syntax(text: str, kind: str | None) -> None:
    assert sniff_syntax(text.encode()) == kind


def test_names_and_folders_pick_the_formats() -> None:
    assert formats.kind_by_name("postfix-main.cf", "config") == (formats.get("postfix-main"), False)
    assert formats.kind_by_name("postfix-master.cf", "config") == (formats.get("postfix-master-overrides"), False)
    assert formats.kind_by_name("extra.cf", "postfix") == (formats.get("postfix-main"), False)
    assert formats.kind_by_name("10-tls.cf", "main.cf.d") == (formats.get("postfix-main"), False)
    assert formats.kind_by_name("extra.cf", "other") == (formats.get("postfix-cf"), True)  # by its content


def test_postconf_p_lines_become_overrides_with_exact_spans() -> None:
    doc = parse_master_edits("postfix-master.cf", "# c\n  submission/inet/smtpd_tls_security_level = may \n"
                                                  "127.0.0.1:10025/inet/content_filter=\n")
    assert doc.master_cf is not None and not doc.diagnostics
    first, second = doc.master_cf.edits
    assert (first.service, first.type, first.override.name, first.override.value) == (
        "submission", "inet", "smtpd_tls_security_level", "may")
    span = first.override.span
    assert (span.line, span.column, span.end_line, span.end_column) == (2, 3, 2, 49)
    assert (second.service, second.override.name, second.override.value) == ("127.0.0.1:10025", "content_filter", "")


def test_overrides_win_over_the_main_cf_and_master_cf_beside_them() -> None:
    main = parse_main("d/main.cf", "mynetworks = 0.0.0.0/0\n").main_cf
    extra = parse_main("d/extra.cf", "mynetworks = 127.0.0.0/8\n").main_cf
    master = parse_master("d/master.cf", "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n")
    edits = parse_master_edits("d/postfix-master.cf", "submission/inet/smtpd_tls_security_level=encrypt\n")
    assert main is not None and extra is not None and master.master_cf is not None and edits.master_cf is not None
    cfg = layered([main, extra], [master.master_cf, edits.master_cf])
    service = cfg.master.services[0] if cfg.master else None
    assert cfg.effective("mynetworks").value == "127.0.0.0/8"
    resolved = cfg.effective("smtpd_tls_security_level", service)
    assert (resolved.value, resolved.span.path if resolved.span else None) == ("encrypt", "d/postfix-master.cf")
    assert master.master_cf.services[0].override("smtpd_tls_security_level").value == "may"  # not changed


def test_override_files_alone_leave_what_they_do_not_set_unknown() -> None:
    main = parse_main("d/postfix-main.cf", "message_size_limit = 1000\n").main_cf
    edits = parse_master_edits("d/postfix-master.cf", "submission/inet/smtpd_discard_ehlo_keywords=dsn\n")
    assert main is not None and edits.master_cf is not None
    cfg = layered([main], [edits.master_cf], partial=True)
    assert cfg.master is not None
    (service,) = cfg.master.services
    assert service.runs_smtpd and service.partial
    assert cfg.effective("smtpd_tls_security_level", service).value is None
    assert cfg.effective("smtpd_tls_security_level").value is None  # no main.cf: not the built-in default
    assert cfg.effective("message_size_limit").value == "1000"


def test_a_named_file_that_is_not_postfix_is_not_claimed(tmp_path: Path) -> None:
    (tmp_path / "dovecot.cf").write_text("recipient_delimiter = ~\n")
    result = lint(tmp_path, cwd=tmp_path)
    assert result.files_checked == 0 and not result.findings
