"""Rules of the catalogue's second half (SMTP104, 106, 107, 203, 204, 303, 304): severities, places, wording.

The fixtures under tests/fixtures/<format>/<RULE>/ check which lines fire; these tests pin the severities
(error / warning / info), the exact columns, the one-cause-one-finding decisions, the pure helpers and
that no message ever contains a secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smtplint.model.tls import client_allowed, outdated_postfix
from smtplint.rules._common import versions_list as names
from smtplint.rules._restrictions import relay_control
from smtplint.rules._secrets import is_placeholder, table_holds_password
from tests.conftest import lint


def run(tmp_path: Path, files: dict[str, str], rules: tuple[str, ...]) -> list[tuple[str, str, int, int, str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = lint(tmp_path, cwd=tmp_path)
    assert not result.errors
    return [(f.rule_id, f.span.path, f.span.line, f.span.column, f.severity.value)
            for f in result.findings if f.rule_id in rules]


def messages(tmp_path: Path) -> str:
    return "\n".join(f.message for f in lint(tmp_path, cwd=tmp_path).findings)


# ------------------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(("value", "bad"), [
    ("!SSLv2, !SSLv3", "TLSv1 and TLSv1.1"),
    ("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", ""),
    ("!SSLv3:!TLSv1:!TLSv1.1", ""),  # forgetting !SSLv2 is not reported
    (">=TLSv1.2", ""),
    (">=TLSv1", "TLSv1 and TLSv1.1"),
    (">=0x0303", ""),
    (">=0x0302", "TLSv1.1"),
    ("TLSv1.2 TLSv1.3", ""),
    ("<=TLSv1.3", ""),  # a lone upper bound leaves the minimum to OpenSSL
    (">=TLSv1 <=TLSv1.1", "TLSv1 and TLSv1.1"),
    ("SSLv2 SSLv3 TLSv1", "SSLv2, SSLv3 and TLSv1"),
    ("!SSLv2", "SSLv3, TLSv1 and TLSv1.1"),
    ("", ""),
    ("$undefined", ""),
])
def test_postfix_allowed_set(value: str, bad: str) -> None:
    assert names(outdated_postfix(value)) == bad


@pytest.mark.parametrize(("value", "bad"), [
    ("TLSv1", "TLSv1"), ("TLSv1.2", ""), ("TLSv1 TLSv1.1 TLSv1.2", "TLSv1 and TLSv1.1"), ("TLS10", "TLSv1"),
    ("TLS12", ""), ("SSLv3_method", "SSLv3"), ("TLSv1_2_method", ""), ("1.0", "TLSv1"), ("tls1_1", "TLSv1.1"),
])
def test_client_versions(value: str, bad: str) -> None:
    assert names(client_allowed(value) or frozenset()) == bad


@pytest.mark.parametrize("value", ["SSLv23", "TLS_method", "SSLv23_method", "whatever"])
def test_version_flexible_methods_are_not_read(value: str) -> None:
    assert client_allowed(value) is None


@pytest.mark.parametrize("value", [
    "", "changeme", "<password>", "your-password", "YOUR_SMTP_PASSWORD", "REPLACE_ME", "********", "xxx", "TODO",
    "example", "secret", "password", "pa$$word", "p@ssw0rd", "s3cr3t", "null", "None",
    "outgoing_email_password", "SMTP_RELAY_PASS", "mail-server-secret",  # the field's own name (zulip CI)
    # a description written where the password goes (GitLab's SMTP page)
    "password_you_set", "the_api_key_you_created", "SMTP user password", "authentication code", "MandrillApiKey",
    "SparkPost_API_KEY", "IAMmailerSecret", "mailjet-secret-key",
])
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["Kq8vN2pLx7", "hunter2", "Tr0ub4dor&3", "myprecious", "Password1!",
                                   "correct-horse-battery-staple", "Blue_Sky_Pass", "ocean_pass_42",
                                   "abcd efgh ijkl mnop", "1and1-email-password", "Y0uR_Pass_H3r3"])
def test_real_looking_passwords(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize(("value", "secret"), [
    ("inline:{ [smtp.example.com]:587 = user:Kq8vN2pLx7 }", True),
    ("inline:{ { [a]:587 = u:Kq8 vN2 } }", True),
    ("static:user:Kq8vN2pLx7", True),
    ("inline:{ [smtp.example.com]:587 = user:changeme }", False),
    ("inline:{ [smtp.example.com]:587 = user:$relay_password }", False),
    ("hash:/etc/postfix/sasl_passwd", False),
    ("texthash:/etc/postfix/sasl_passwd", False),
])
def test_password_tables(value: str, secret: bool) -> None:
    assert table_holds_password(value) is secret


def _no_classes(name: str) -> tuple[bool, str | None]:
    return False, None


@pytest.mark.parametrize(("value", "working", "permit", "shadowed"), [
    ("permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", True, "", ""),
    ("permit_mynetworks, permit", False, "permit", ""),
    ("permit_mynetworks, permit, reject_unauth_destination", False, "permit", "reject_unauth_destination"),
    ("permit_sasl_authenticated, reject", True, "", ""),
    ("permit_auth_destination, reject", True, "", ""),
    ("warn_if_reject reject_unauth_destination", False, "", ""),
    ("check_client_access hash:/etc/postfix/x, reject_unauth_destination", True, "", ""),
    ("", False, "", ""),
])
def test_relay_control(value: str, working: bool, permit: str, shadowed: str) -> None:
    control = relay_control(value, _no_classes)
    assert (control.working, control.permit, control.shadowed) == (working, permit, shadowed)


def test_relay_control_inside_classes() -> None:
    classes = {"policy": "permit_sasl_authenticated, reject_unauth_destination", "opaque": None}

    def lookup(name: str) -> tuple[bool, str | None]:
        return (name in classes), classes.get(name)

    assert relay_control("permit_mynetworks, policy", lookup).working is True
    assert relay_control("permit_mynetworks, opaque", lookup).working is None  # unknown, never a finding


# ----------------------------------------------------------------------------------------------- SMTP104


def test_smtp104_postfix_severities(tmp_path: Path) -> None:
    main = ("compatibility_level = 3.6\nsmtpd_tls_security_level = may\n"
            "smtpd_tls_mandatory_protocols = !SSLv2\n"  # SSLv3 on the mandatory list: error
            "smtp_tls_mandatory_protocols = !SSLv2, !SSLv3\n"  # TLS 1.0/1.1 on a mandatory list: warning
            "smtpd_tls_protocols = >=TLSv1\n")  # opportunistic: info
    assert run(tmp_path, {"main.cf": main}, ("SMTP104",)) == [
        ("SMTP104", "main.cf", 3, 1, "error"),
        ("SMTP104", "main.cf", 4, 1, "warning"),
        ("SMTP104", "main.cf", 5, 1, "info"),
    ]


def test_smtp104_opportunistic_list_used_by_a_submission_service_is_raised(tmp_path: Path) -> None:
    main = "compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1\n"
    master = ("smtp inet n - n - - smtpd\n"
              "submission inet n - n - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n"
              "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n")
    found = run(tmp_path, {"main.cf": main, "master.cf": master}, ("SMTP104",))
    assert found == [("SMTP104", "main.cf", 3, 1, "warning")]  # one finding for the one line
    assert "on submission service 'submission' (port 587)" in messages(tmp_path)


def test_smtp104_client_severities(tmp_path: Path) -> None:
    files = {
        "a/config.yml": "smtp:\n  host: smtp.example.com\n  port: 465\n  security: implicit\n"
                        "  user: a\n  password: ${P}\n  ssl_version: SSLv3\n",
        "b/.env": "SMTP_HOST=smtp.example.com\nSMTP_USER=a\nSMTP_PASS=${P}\nSMTP_TLS_VERSION=${V:-TLSv1}\n",
        "c/.env": "SMTP_HOST=mailpit\nSMTP_PORT=1025\nSMTP_TLS_VERSION=TLSv1\n",
    }
    assert run(tmp_path, files, ("SMTP104",)) == [
        ("SMTP104", "a/config.yml", 7, 3, "error"),
        ("SMTP104", "b/.env", 4, 1, "info"),  # warning, one lower for the fallback
        ("SMTP104", "c/.env", 3, 1, "info"),  # local host
    ]
    assert "is a fallback default" in messages(tmp_path)


# ----------------------------------------------------------------------------------------------- SMTP106


def test_smtp106_severities(tmp_path: Path) -> None:
    files = {
        "remote/.env": ("SMTP_SERVER=smtp.example.com\nSMTP_LOGIN=a\nSMTP_PASSWORD=${P}\n"
                        "SMTP_OPENSSL_VERIFY_MODE=none\n"),
        "local/.env": "SMTP_SERVER=localhost\nSMTP_LOGIN=a\nSMTP_OPENSSL_VERIFY_MODE=none\n",
        "example/.env.example": "SMTP_HOST=smtp.example.com\nSMTP_USER=a\nSMTP_PASS=${P}\nSMTP_TLS_VERIFY=false\n",
        "unknown/.env": "SMTP_HOST=${HOST}\nSMTP_USER=a\nSMTP_PASS=${P}\nSMTP_SKIP_VERIFY=true\n",
    }
    assert run(tmp_path, files, ("SMTP106",)) == [
        ("SMTP106", "example/.env.example", 4, 1, "warning"),
        ("SMTP106", "local/.env", 3, 1, "info"),
        ("SMTP106", "remote/.env", 4, 1, "error"),
        ("SMTP106", "unknown/.env", 4, 1, "error"),  # an unresolved host may well be remote
    ]


def test_smtp106_one_finding_per_endpoint_with_related_knobs(tmp_path: Path) -> None:
    (tmp_path / "mail.yml").write_text(
        "mail:\n  host: smtp.example.com\n  port: 587\n  encryption: tls\n  username: a\n  password: ${P}\n"
        "  stream:\n    ssl:\n      verify_peer: false\n      verify_peer_name: false\n      allow_self_signed: true\n")
    [finding] = [f for f in lint(tmp_path, cwd=tmp_path).findings if f.rule_id == "SMTP106"]
    assert (finding.span.line, finding.span.column) == (9, 7)
    assert [s.line for s in finding.related] == [10, 11]
    assert "stream.ssl.verify_peer=false, stream.ssl.verify_peer_name=false" in finding.message


# ----------------------------------------------------------------------------------------------- SMTP107


def test_smtp107_django_is_an_error_spring_a_warning(tmp_path: Path) -> None:
    files = {
        "settings.py": 'EMAIL_HOST = "smtp.example.com"\nEMAIL_USE_TLS = True\nEMAIL_USE_SSL = True\n',
        "application.yml": "spring:\n  mail:\n    host: smtp.example.com\n    port: 465\n    username: a\n"
                           "    password: ${P}\n    properties:\n      mail.smtp.ssl.enable: true\n"
                           "      mail.smtp.starttls.enable: true\n",
    }
    assert run(tmp_path, files, ("SMTP105", "SMTP107")) == [
        ("SMTP107", "application.yml", 9, 7, "warning"),
        ("SMTP107", "settings.py", 3, 1, "error"),
    ]
    assert "Django raises ValueError" in messages(tmp_path)


# ----------------------------------------------------------------------------------------------- SMTP203


def test_smtp203_postfix_server_and_client(tmp_path: Path) -> None:
    main = ("compatibility_level = 3.6\nsmtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n"
            "relayhost = [smtp.example.com]:587\nsmtp_sasl_auth_enable = yes\n"
            "smtp_sasl_security_options = noanonymous\n")
    master = ("smtp inet n - n - - smtpd\n"
              "10025 inet n - n - - smtpd\n  -o smtpd_tls_auth_only=no\n"
              "2525 inet n - n - - smtpd\n"
              "468 inet n - n - - smtpd\n")
    assert run(tmp_path, {"main.cf": main, "master.cf": master}, ("SMTP203",)) == [
        ("SMTP203", "main.cf", 5, 1, "warning"),  # client AUTH with an empty smtp_tls_security_level
        ("SMTP203", "master.cf", 1, 1, "error"),  # the MX offers AUTH before STARTTLS (main.cf lines related)
        ("SMTP203", "master.cf", 3, 3, "info"),  # an internal hop on a non-standard port
        ("SMTP203", "master.cf", 4, 1, "error"),  # 2525, the alternative port clients outside use
        ("SMTP203", "master.cf", 5, 1, "info"),  # every listener is judged, not only the first per main.cf line
    ]


def test_smtp203_client_only_for_explicitly_optional_starttls(tmp_path: Path) -> None:
    files = {
        "a/.env": "SMTP_SERVER=smtp.example.com\nSMTP_LOGIN=a\nSMTP_PASSWORD=${P}\nSMTP_ENABLE_STARTTLS=auto\n",
        # plaintext with credentials is SMTP101's finding (an error), not SMTP203's
        "b/settings.py": 'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_HOST_USER = "a"\n',
    }
    assert run(tmp_path, files, ("SMTP101", "SMTP203")) == [
        ("SMTP203", "a/.env", 4, 1, "warning"),
        ("SMTP101", "b/settings.py", 2, 1, "error"),
    ]


# ----------------------------------------------------------------------------------------------- SMTP204


def test_smtp204_severities_and_no_secret_in_output(tmp_path: Path) -> None:
    files = {
        "prod/.env": "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_USERNAME=a\nMAIL_PASSWORD=Kq8vN2pLx7\n",
        "dev/.env.example": "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_USERNAME=a\nMAIL_PASSWORD=Kq8vN2pLx7\n",
        "local/.env": "SMTP_HOST=localhost\nSMTP_USER=a\nSMTP_PASS=Kq8vN2pLx7\n",
        "fallback/settings.py": 'import os\nEMAIL_HOST = "smtp.example.com"\nEMAIL_USE_TLS = True\n'
                                'EMAIL_HOST_USER = "a"\n'
                                'EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "Kq8vN2pLx7")\n',
        "postfix/main.cf": "compatibility_level = 3.6\n"
                           "smtp_sasl_password_maps = inline:{ [smtp.example.com]:587 = a:Kq8vN2pLx7 }\n",
        "url/.env": "MAILER_DSN=smtp://a:Kq8vN2pLx7@smtp.example.com:587\n",
    }
    assert run(tmp_path, files, ("SMTP204",)) == [
        ("SMTP204", "dev/.env.example", 4, 1, "warning"),
        ("SMTP204", "fallback/settings.py", 5, 1, "warning"),
        ("SMTP204", "local/.env", 3, 1, "warning"),
        ("SMTP204", "postfix/main.cf", 2, 1, "error"),
        ("SMTP204", "prod/.env", 4, 1, "error"),
        ("SMTP204", "url/.env", 1, 21, "error"),  # the password part of the URL
    ]
    text = messages(tmp_path)
    assert "Kq8" not in text and "pLx7" not in text and "10 characters" not in text
    assert "the mail URL in 'MAILER_DSN'" in text and "fallback default of 'EMAIL_HOST_PASSWORD'" in text


# ----------------------------------------------------------------------------------------------- SMTP303


def test_smtp303_points_at_the_deciding_line(tmp_path: Path) -> None:
    main = "compatibility_level = 3.6\nsmtpd_tls_security_level = encrypt\n"
    master = ("smtp inet n - n - 1 postscreen\nsmtpd pass - - n - - smtpd\n"
              "submission inet n - n - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n"
              "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n")
    for name, text in (("main.cf", main), ("master.cf", master)):
        (tmp_path / name).write_text(text)
    found = [f for f in lint(tmp_path, cwd=tmp_path).findings if f.rule_id == "SMTP303"]
    assert [(f.span.path, f.span.line, f.severity.value) for f in found] == [("main.cf", 2, "warning")]
    assert [(r.path, r.line) for r in found[0].related] == [("master.cf", 2)]  # the smtpd pass service


# ----------------------------------------------------------------------------------------------- SMTP304


def test_smtp304_messages_and_loopback(tmp_path: Path) -> None:
    main = "compatibility_level = 3.6\n"
    master = ("smtp inet n - n - - smtpd\n"
              "  -o smtpd_relay_restrictions=permit_mynetworks,permit,reject_unauth_destination\n"
              "127.0.0.1:10026 inet n - n - - smtpd\n  -o smtpd_relay_restrictions=permit\n")
    assert run(tmp_path, {"main.cf": main, "master.cf": master}, ("SMTP304",)) == [
        ("SMTP304", "master.cf", 2, 3, "error"),
        ("SMTP304", "master.cf", 4, 3, "info"),
    ]
    text = messages(tmp_path)
    assert "reaches a catch-all 'permit' before 'reject_unauth_destination'" in text


def test_smtp304_submission_without_permit_sasl_is_left_to_smtp201(tmp_path: Path) -> None:
    main = "compatibility_level = 3.6\nsmtpd_sasl_auth_enable = yes\n"
    master = ("submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
              "  -o smtpd_relay_restrictions=\n")
    assert run(tmp_path, {"main.cf": main, "master.cf": master}, ("SMTP201", "SMTP304")) == [
        ("SMTP201", "master.cf", 1, 1, "error"),
    ]
