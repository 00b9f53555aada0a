"""The client rules (SMTP101, 102, 103, 105, 201, 202) on hand-built endpoints: exact ids, lines, severities."""

from __future__ import annotations

from smtplint.model import ClientEndpoint, Dialect, Finding, Mode, Origin, Setting, Severity, Span
from smtplint.rules import DEFAULT_OPTIONS, ENDPOINT_CHECKS

PATH = "app/config.yaml"
LINES = {"host": 2, "port": 3, "mode": 4, "user": 5, "password": 6, "opt_out": 7, "keyword": 8, "auth": 9}


def s(kind: str, key: str, value: object, raw: str | None = None, origin: Origin = Origin.LITERAL,
      path: str = PATH) -> Setting[object]:
    text = str(value) if raw is None else raw
    return Setting(key, value, text, Span(path, LINES[kind], 3, LINES[kind], 3 + len(key) + 2 + len(text)), origin)


def endpoint(*, dialect: Dialect = Dialect.GENERIC_YAML, host: str | None = "smtp.example.com",
             port: int | None = 587, mode: Mode | None = None, mode_key: str = "security", mode_raw: str = "",
             user: str | None = None, password: str | None = None, certain: bool = True,
             opt_out: tuple[str, str] | None = None, keyword: str | None = None,
             origins: dict[str, Origin] | None = None, path: str = PATH) -> ClientEndpoint:
    o = origins or {}
    ep = ClientEndpoint(dialect, Span(path, 1, 1, 9, 1))
    if host is not None:
        ep.host = s("host", "host", host, origin=o.get("host", Origin.LITERAL), path=path)  # type: ignore[assignment]
    if port is not None:
        ep.port = s("port", "port", port, origin=o.get("port", Origin.LITERAL), path=path)  # type: ignore[assignment]
    if mode is not None:
        ep.mode = s("mode", mode_key, mode, mode_raw or mode.value, o.get("mode", Origin.LITERAL), path)  # type: ignore[assignment]
    ep.mode_certain = certain
    if user is not None:
        ep.username = s("user", "username", user, path=path)  # type: ignore[assignment]
    if password is not None:
        ep.password = s("password", "password", password, origin=o.get("password", Origin.LITERAL), path=path)  # type: ignore[assignment]
    if opt_out is not None:
        ep.tls_opt_out = s("opt_out", opt_out[0], opt_out[1], path=path)  # type: ignore[assignment]
    if keyword is not None:
        ep.mode_keyword = s("keyword", "encryption", keyword, path=path)  # type: ignore[assignment]
    return ep


def run(ep: ClientEndpoint, rule: str) -> list[Finding]:
    return [f for r, check in ENDPOINT_CHECKS if r.id == rule for f in check(ep, DEFAULT_OPTIONS)]


def ids_lines(findings: list[Finding]) -> list[tuple[str, int, Severity]]:
    return [(f.rule_id, f.span.line, f.severity) for f in findings]


# SMTP101 --------------------------------------------------------------------------------------------------

def test_101_plaintext_with_credentials_is_error_at_the_mode_line() -> None:
    ep = endpoint(dialect=Dialect.DJANGO, mode=Mode.PLAIN, mode_key="EMAIL_USE_TLS", mode_raw="False",
                  user="app@example.com", password="x")
    assert ids_lines(run(ep, "SMTP101")) == [("SMTP101", 4, Severity.ERROR)]


def test_101_default_mode_points_at_the_port_and_is_warning_without_credentials() -> None:
    ep = endpoint(dialect=Dialect.DJANGO, mode=Mode.PLAIN, origins={"mode": Origin.DEFAULT})
    [f] = run(ep, "SMTP101")
    assert (f.span.line, f.severity) == (3, Severity.WARNING)
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL are not set" in f.message


def test_101_fallback_port_lowers_severity_and_says_so() -> None:
    ep = endpoint(dialect=Dialect.DJANGO, mode=Mode.PLAIN, user="u", password="p",
                  origins={"mode": Origin.DEFAULT, "port": Origin.FALLBACK})
    [f] = run(ep, "SMTP101")
    assert f.severity is Severity.WARNING and "fallback" in f.message


def test_101_development_file_lowers_severity() -> None:
    ep = endpoint(mode=Mode.PLAIN, user="u", password="p", path="app/.env.development")
    assert ids_lines(run(ep, "SMTP101")) == [("SMTP101", 4, Severity.WARNING)]


def test_101_port_25_with_credentials_even_when_encrypted() -> None:
    ep = endpoint(port=25, mode=Mode.STARTTLS, user="u", password="p")
    assert ids_lines(run(ep, "SMTP101")) == [("SMTP101", 3, Severity.ERROR)]


def test_101_port_25_without_credentials_is_an_internal_relay() -> None:
    assert run(endpoint(port=25, mode=Mode.STARTTLS, host="aspmx.l.google.com"), "SMTP101") == []


def test_101_silent_on_local_hosts_unknown_modes_and_opt_outs() -> None:
    for host in ("localhost", "127.0.0.1", "::1", "[::1]", "mailpit", "mailhog", "smtp4dev", "postfix",
                 "host.docker.internal", "mail.localhost", "0.0.0.0"):
        assert run(endpoint(host=host, mode=Mode.PLAIN, user="u", password="p"), "SMTP101") == [], host
    assert run(endpoint(mode=None, user="u"), "SMTP101") == []
    assert run(endpoint(mode=Mode.STARTTLS, user="u"), "SMTP101") == []
    assert run(endpoint(mode=Mode.AUTO, user="u"), "SMTP101") == []
    assert run(endpoint(mode=Mode.PLAIN, opt_out=("security", "none")), "SMTP101") == []
    assert run(endpoint(host="${SMTP_HOST}", mode=Mode.PLAIN, origins={"host": Origin.REFERENCE}), "SMTP101") == []


def test_101_private_addresses_are_remote() -> None:
    assert [f.rule_id for f in run(endpoint(host="10.0.0.5", mode=Mode.PLAIN), "SMTP101")] == ["SMTP101"]


# SMTP102 --------------------------------------------------------------------------------------------------

def test_102_explicit_opt_out_is_error_at_the_opt_out() -> None:
    ep = endpoint(mode=Mode.PLAIN, opt_out=("smtp_require_tls", "false"))
    [f] = run(ep, "SMTP102")
    assert (f.span.line, f.severity) == (7, Severity.ERROR)
    assert "smtp_require_tls=false" in f.message and "smtp.example.com" in f.message


def test_102_never_shows_a_url_value() -> None:
    ep = endpoint(mode=Mode.PLAIN, opt_out=("EMAIL_URL", "smtp://user:hunter2@smtp.example.com:25"))
    [f] = run(ep, "SMTP102")
    assert "hunter2" not in f.message and "EMAIL_URL" in f.message


def test_102_silent_on_local_host() -> None:
    assert run(endpoint(host="localhost", mode=Mode.PLAIN, opt_out=("tls", "false")), "SMTP102") == []


# SMTP103 --------------------------------------------------------------------------------------------------

def test_103_ssl_keyword_on_465() -> None:
    ep = endpoint(port=465, mode=Mode.IMPLICIT_TLS, keyword="ssl")
    assert ids_lines(run(ep, "SMTP103")) == [("SMTP103", 8, Severity.WARNING)]


def test_103_not_when_105_reports_the_same_setting() -> None:
    ep = endpoint(port=587, mode=Mode.IMPLICIT_TLS, mode_key="encryption", mode_raw="ssl")
    ep.mode_keyword = ep.mode  # type: ignore[assignment]
    assert run(ep, "SMTP103") == []
    assert [f.rule_id for f in run(ep, "SMTP105")] == ["SMTP105"]


def test_103_laravel_advice_names_mail_scheme() -> None:
    [f] = run(endpoint(dialect=Dialect.LARAVEL, port=465, mode=Mode.AUTO, keyword="ssl"), "SMTP103")
    assert "MAIL_SCHEME=smtps" in f.message


def test_103_tls_words_are_fine() -> None:
    assert run(endpoint(port=465, mode=Mode.IMPLICIT_TLS, keyword="tls"), "SMTP103") == []


# SMTP105 --------------------------------------------------------------------------------------------------

def test_105_implicit_on_587_and_starttls_on_465() -> None:
    [a] = run(endpoint(port=587, mode=Mode.IMPLICIT_TLS, mode_key="EMAIL_USE_SSL", mode_raw="True"), "SMTP105")
    assert (a.span.line, a.severity, a.related[0].line) == (4, Severity.ERROR, 3)
    assert "wrong version number" in a.message
    [b] = run(endpoint(port=465, mode=Mode.STARTTLS_REQUIRED), "SMTP105")
    assert "times out" in b.message


def test_105_silent_when_ambiguous_local_or_matching() -> None:
    assert run(endpoint(port=587, mode=Mode.IMPLICIT_TLS, certain=False), "SMTP105") == []
    assert run(endpoint(port=587, mode=Mode.AUTO), "SMTP105") == []
    assert run(endpoint(port=465, mode=Mode.IMPLICIT_TLS), "SMTP105") == []
    assert run(endpoint(port=587, mode=Mode.STARTTLS), "SMTP105") == []
    assert run(endpoint(port=1025, mode=Mode.IMPLICIT_TLS), "SMTP105") == []
    assert run(endpoint(host="mailpit", port=587, mode=Mode.IMPLICIT_TLS), "SMTP105") == []
    assert run(endpoint(port=None, mode=Mode.IMPLICIT_TLS), "SMTP105") == []


def test_105_fires_with_an_unresolved_host() -> None:
    ep = endpoint(host="${SMTP_HOST}", port=587, mode=Mode.IMPLICIT_TLS, origins={"host": Origin.REFERENCE})
    assert [f.rule_id for f in run(ep, "SMTP105")] == ["SMTP105"]


# SMTP201 --------------------------------------------------------------------------------------------------

def test_201_remote_submission_without_credentials() -> None:
    assert ids_lines(run(endpoint(port=587, mode=Mode.STARTTLS), "SMTP201")) == [("SMTP201", 2, Severity.WARNING)]
    assert ids_lines(run(endpoint(host="smtp.gmail.com", port=465, mode=Mode.IMPLICIT_TLS), "SMTP201")) == [
        ("SMTP201", 2, Severity.ERROR)]


def test_201_silent_with_credentials_or_references_or_port_25_or_local() -> None:
    assert run(endpoint(user="u"), "SMTP201") == []
    assert run(endpoint(password="${SMTP_PASSWORD}", origins={"password": Origin.REFERENCE}), "SMTP201") == []
    assert run(endpoint(port=25), "SMTP201") == []
    assert run(endpoint(host="localhost"), "SMTP201") == []
    assert run(endpoint(port=None), "SMTP201") == []


def test_201_empty_credentials_count_as_none() -> None:
    assert [f.rule_id for f in run(endpoint(user="", password=""), "SMTP201")] == ["SMTP201"]


# SMTP202 --------------------------------------------------------------------------------------------------

def test_202_google_app_password_with_google_host_is_error() -> None:
    [f] = run(endpoint(host="smtp.gmail.com", password="abcd efgh ijkl mnop"), "SMTP202")
    assert (f.span.line, f.severity) == (6, Severity.ERROR)
    assert "abcd" not in f.message and "16" not in f.message


def test_202_google_shape_elsewhere_is_warning() -> None:
    [f] = run(endpoint(password="abcd efgh ijkl mnop"), "SMTP202")
    assert f.severity is Severity.WARNING


def test_202_whitespace_positions_are_named_and_nothing_else() -> None:
    cases = {
        "secret ": "a trailing space",
        " secret": "a leading space",
        "secret\r": "a trailing carriage return",
        "sec\u00a0ret": "a non-breaking space",
        "sec\u200bret": "a zero-width character",
        "secret\n": "a trailing line break",
    }
    for secret, words in cases.items():
        [f] = run(endpoint(password=secret), "SMTP202")
        assert words in f.message and "secret" not in f.message.replace("SMTP password", ""), secret


def test_202_silent_on_clean_passphrases_and_references() -> None:
    assert run(endpoint(password="correct horse battery staple"), "SMTP202") == []
    assert run(endpoint(password="s3cr3t"), "SMTP202") == []
    assert run(endpoint(password=None), "SMTP202") == []
    ref = endpoint(password="${P}", origins={"password": Origin.REFERENCE})
    ref.password = Setting("password", None, "${P} ", ref.password.span, Origin.REFERENCE)  # type: ignore[union-attr]
    assert run(ref, "SMTP202") == []
