"""INI: configparser-style syntax with exact spans; Grafana [smtp], Gitea/Forgejo [mailer], generic sections."""

from __future__ import annotations

from smtplint.model import Dialect, Mode, Origin, Severity, Span
from smtplint.parsers.ini_ import parse, sections

P = "app.ini"


def sp(line: int, col: int, end_line: int, end_col: int) -> Span:
    return Span(P, line, col, end_line, end_col)


def test_sections_options_and_spans() -> None:
    text = (
        "top = 1\n"
        "[mailer]\n"
        "; comment\n"
        "# comment\n"
        "  KEY = value ; inline comment  \n"
        "other: x\n"
        "empty =\n"
        "multi = a\n"
        "   b\n"
        'quoted = """#p;w""" ; note\n'
        "tick = `v;w`\n"
        "KEY = again # note\n"
    )
    found, diagnostics = sections(P, text)
    assert diagnostics == []
    assert [s.name for s in found] == ["DEFAULT", "mailer"]
    assert found[0].settings(P, goini=True)["top"].span == sp(1, 1, 1, 8)
    assert found[1].span == sp(2, 1, 2, 9)
    goini = found[1].settings(P, goini=True)
    assert [(k, o.value, o.span) for k, o in goini.items()] == [
        ("other", "x", sp(6, 1, 6, 9)),
        ("empty", "", sp(7, 1, 7, 8)),
        ("multi", "a", sp(8, 1, 8, 10)),  # go-ini: no indented continuation
        ("quoted", "#p;w", sp(10, 1, 10, 20)),
        ("tick", "v;w", sp(11, 1, 11, 13)),
        ("key", "again", sp(12, 1, 12, 12)),  # case-insensitive keys: the last definition wins
    ]
    assert goini["key"].key == "KEY"
    plain = found[1].settings(P, goini=False)  # configparser: no inline comments, continuation lines
    assert (plain["multi"].value, plain["multi"].span) == ("a\nb", sp(8, 1, 9, 5))
    assert (plain["key"].value, plain["key"].span) == ("again # note", sp(12, 1, 12, 19))


def test_gitea_sample_inline_comments() -> None:
    text = "APP_NAME = ; Gitea: Git with a cup of tea\n[mailer]\nENABLED = true\nSMTP_ADDR = mail.example.com ; host\n"
    [ep] = parse(P, text).endpoints
    assert ep.host is not None and (ep.host.value, ep.host.span) == ("mail.example.com", sp(4, 1, 4, 29))


def test_bad_line_in_a_mail_section_is_a_warning_elsewhere_ignored() -> None:
    text = "[other]\njunk line\n[smtp]\nhost = h:25\nmore junk\n"
    doc = parse("grafana.ini", text)
    assert [(d.span.line, d.span.column, d.span.end_column, d.severity) for d in doc.diagnostics] == [
        (5, 1, 10, Severity.WARNING)]


def test_grafana() -> None:
    text = (
        "[smtp]\n"
        "enabled = true\n"
        "host = smtp.example.com:587\n"
        "user = grafana@example.com\n"
        "password = $__env{GF_SMTP_PASSWORD}\n"
        "skip_verify = true\n"
        "startTLS_policy = MandatoryStartTLS\n"
    )
    doc = parse("grafana.ini", text)
    assert doc.format == "ini"
    [ep] = doc.endpoints
    assert ep.dialect is Dialect.GRAFANA
    assert ep.host is not None and (ep.host.value, ep.host.span.line) == ("smtp.example.com", 3)
    assert ep.port is not None and ep.port.value == 587
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE
    assert ep.mode is not None and (ep.mode.value, ep.mode.span.line) == (Mode.STARTTLS_REQUIRED, 7)
    assert ep.extra["insecure_skip_verify"].value == "true"


def test_grafana_defaults_465_and_disabled() -> None:
    [ep] = parse("grafana.ini", "[smtp]\nhost = smtp.example.com:587\n").endpoints
    assert ep.mode is not None and (ep.mode.value, ep.mode.origin) == (Mode.STARTTLS, Origin.DEFAULT)
    [ep] = parse("grafana.ini", "[smtp]\nhost = smtp.example.com:465\nstartTLS_policy = NoStartTLS\n").endpoints
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and not ep.mode_certain
    assert ep.tls_opt_out is None
    [ep] = parse("grafana.ini", "[smtp]\nhost = smtp.example.com:25\nstartTLS_policy = NoStartTLS\n").endpoints
    assert ep.tls_opt_out is not None and ep.tls_opt_out.span == Span("grafana.ini", 3, 1, 3, 29)
    assert parse("grafana.ini", "[smtp]\nenabled = false\nhost = smtp.example.com:25\n").endpoints == []


def test_gitea_protocols() -> None:
    base = "[mailer]\nENABLED = true\nSMTP_ADDR = smtp.example.com\nSMTP_PORT = {port}\n{extra}"
    cases = {
        ("587", "PROTOCOL = smtps\n"): (Mode.IMPLICIT_TLS, True),
        ("587", "PROTOCOL = smtp+starttls\n"): (Mode.STARTTLS, True),  # opportunistic in Gitea
        ("587", "PROTOCOL = smtp\n"): (Mode.PLAIN, True),
        ("465", ""): (Mode.IMPLICIT_TLS, False),
        ("587", ""): (Mode.STARTTLS, False),
        ("25", ""): (Mode.PLAIN, False),
        ("2525", ""): (Mode.IMPLICIT_TLS, False),  # Gitea assumes smtps for other ports
    }
    for (port, extra), (mode, certain) in cases.items():
        [ep] = parse(P, base.format(port=port, extra=extra)).endpoints
        assert ep.dialect is Dialect.GITEA
        assert ep.mode is not None and (ep.mode.value, ep.mode_certain) == (mode, certain), (port, extra)
    [ep] = parse(P, base.format(port="587", extra="PROTOCOL = smtp\n")).endpoints
    assert ep.tls_opt_out is not None and ep.tls_opt_out.span == sp(5, 1, 5, 16)


def test_gitea_skips_and_legacy_keys() -> None:
    assert parse(P, "[mailer]\nENABLED = false\nSMTP_ADDR = smtp.example.com\n").endpoints == []
    assert parse(P, "[mailer]\nENABLED = true\nPROTOCOL = sendmail\nSMTP_ADDR = x.example.com\n").endpoints == []
    assert parse(P, "[mailer]\nENABLED = true\nMAILER_TYPE = dummy\nHOST = x.example.com:25\n").endpoints == []
    [ep] = parse(P, "[mailer]\nHOST = smtp.example.com:587\nIS_TLS_ENABLED = true\nPASSWD = `a b`\n"
                    "SKIP_VERIFY = true\n").endpoints
    assert ep.host is not None and ep.host.value == "smtp.example.com"
    assert ep.port is not None and ep.port.value == 587
    assert ep.mode is not None and (ep.mode.value, ep.mode.span.line) == (Mode.IMPLICIT_TLS, 3)
    assert ep.password is not None and ep.password.value == "a b"
    assert "insecure_skip_verify" in ep.extra


def test_generic_mail_section() -> None:
    [ep] = parse("config.ini", "[email]\nserver = smtp.example.com\nport = 465\nsecurity = starttls\n").endpoints
    assert ep.dialect is Dialect.GENERIC_YAML
    assert ep.port is not None and ep.port.value == 465
    assert ep.mode is not None and ep.mode.value is Mode.STARTTLS


def test_no_mail_section() -> None:
    assert parse("php.ini", "[PHP]\nSMTP = localhost\nsmtp_port = 25\n").endpoints == []


def test_gitea_default_port_and_unix_socket() -> None:
    [ep] = parse(P, "[mailer]\nENABLED = true\nPROTOCOL = smtps\nSMTP_ADDR = smtp.example.com\n").endpoints
    assert ep.port is not None and (ep.port.value, ep.port.origin, ep.port.span.line) == (465, Origin.DEFAULT, 3)
    assert parse(P, "[mailer]\nENABLED = true\nSMTP_ADDR = /run/mail.sock\n").endpoints == []
