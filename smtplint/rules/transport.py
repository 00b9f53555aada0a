"""SMTP1xx: transport — plaintext submission, TLS switched off, SSL naming, port/mode mismatches."""

from __future__ import annotations

from collections.abc import Iterator

from smtplint.model import ClientEndpoint, Dialect, Finding, Mode, Origin, Severity
from smtplint.rules._base import RuleDoc, RuleOptions, define, endpoint_check
from smtplint.rules._common import (
    fallback_note,
    first_span,
    is_example_path,
    is_local_host,
    lowered,
    remote_host,
    safe_text,
    shown,
)

STARTTLS_PORTS = frozenset({587, 25, 2525, 2587})
IMPLICIT_PORTS = frozenset({465, 2465})
_SSL_WORDS = frozenset({"ssl", "ssl/tls", "ssl-tls", "ssl_tls", "sslv23", "sslv3", "sslv2"})

# How to turn TLS on, in each dialect's own words.
_FIX_TLS: dict[Dialect, str] = {
    Dialect.DJANGO: "set EMAIL_USE_TLS = True with port 587, or EMAIL_USE_SSL = True with port 465",
    Dialect.DJANGO_URL: "use smtp+tls:// with port 587 or smtp+ssl:// with port 465",
    Dialect.FLASK: "set MAIL_USE_TLS=True with port 587, or MAIL_USE_SSL=True with port 465",
    Dialect.SPRING: (
        "set mail.smtp.starttls.enable and mail.smtp.starttls.required to true with port 587, "
        "or protocol smtps with port 465"
    ),
    Dialect.ALERTMANAGER: "remove require_tls: false (STARTTLS is required by default), or use port 465",
    Dialect.SYMFONY_DSN: "remove auto_tls=false, or use smtps:// with port 465",
    Dialect.LARAVEL: "use MAIL_SCHEME=smtp with port 587 (STARTTLS) or MAIL_SCHEME=smtps with port 465",
    Dialect.NODEMAILER: "remove SMTP_IGNORE_TLS; use port 587 with SMTP_REQUIRE_TLS=true, or SMTP_SECURE=true on 465",
    Dialect.MASTODON: "set SMTP_ENABLE_STARTTLS=always with port 587, or SMTP_TLS=true with port 465",
    Dialect.DISCOURSE: (
        "set DISCOURSE_SMTP_ENABLE_START_TLS=true with port 587, or DISCOURSE_SMTP_FORCE_TLS=true on 465"
    ),
}
_FIX_DEFAULT = "use STARTTLS on port 587 or implicit TLS on port 465"


def _fix(ep: ClientEndpoint) -> str:
    return _FIX_TLS.get(ep.dialect, _FIX_DEFAULT)


PLAINTEXT_SUBMISSION = define(
    "SMTP101",
    "plaintext-submission-port",
    Severity.ERROR,
    "Mail to a remote host without any TLS, or authenticated submission on port 25.",
    RuleDoc(
        what=(
            "Reports a client configuration whose effective mode is plaintext (no TLS at all, not even "
            "opportunistic) towards a remote host, on any port, and a client that authenticates to a remote "
            "host on port 25. It fires only where the format's semantics say there is no TLS by default: "
            "Django and Flask-Mail without EMAIL_USE_TLS/EMAIL_USE_SSL, Spring/Jakarta Mail without "
            "starttls.enable or ssl.enable, a plain `smtp://` EMAIL_URL. Error with credentials, warning "
            "without."
        ),
        why=(
            "Without TLS the password and every message cross the network in cleartext (RFC 8314 section 4.1 "
            "deprecates cleartext submission). Port 25 is for server-to-server relay: clouds block or throttle "
            "it, and a client that authenticates there belongs on 587 (STARTTLS) or 465 (implicit TLS)."
        ),
        example=(
            "```python\n# settings.py\nEMAIL_HOST = \"smtp.example.com\"\nEMAIL_PORT = 587\n"
            "EMAIL_HOST_USER = \"app@example.com\"\n```\n\n"
            "```yaml\nspring:\n  mail:\n    host: smtp.example.com\n    port: 587\n```"
        ),
        fix=(
            "```python\nEMAIL_HOST = \"smtp.example.com\"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n```\n\n"
            "```yaml\nspring:\n  mail:\n    host: smtp.example.com\n    port: 587\n    properties:\n"
            "      mail.smtp.starttls.enable: true\n      mail.smtp.starttls.required: true\n```"
        ),
        not_reported=(
            "Local and development hosts (localhost, 127.0.0.1, ::1, mailhog, mailpit, smtp4dev, "
            "mailcatcher, maildev, single-label container names); Laravel/Symfony `smtp://` and nodemailer "
            "`SMTP_SECURE=false` (they upgrade with STARTTLS when offered); Mastodon, Discourse and Rails "
            "defaults (STARTTLS automatically); Alertmanager (STARTTLS required by default); an explicit "
            "opt-out such as `security: none` (that is SMTP102, one finding per cause); generic blocks "
            "whose library is unknown and that have no mode key; unresolved hosts or ports; "
            "`aspmx.l.google.com:25` without credentials; Postfix server settings (SMTP302, SMTP203). "
            "A value that is only a reference's fallback (`${SMTP_PORT:-25}`) is reported one severity "
            "lower, and so is a file named as an example or development file (`.env.example`)."
        ),
        references=(
            "RFC 8314 sections 3.3 and 4.1 (updated by RFC 8997): https://www.rfc-editor.org/rfc/rfc8314",
            "RFC 6409 (message submission on port 587): https://www.rfc-editor.org/rfc/rfc6409",
            "Django EMAIL_USE_TLS: https://docs.djangoproject.com/en/stable/ref/settings/#email-use-tls",
        ),
    ),
    tags=("security", "tls", "smtp", "external/cwe/cwe-319"),
    security_severity=7.5,
    precision="high",
)

ENCRYPTION_DISABLED = define(
    "SMTP102",
    "encryption-disabled",
    Severity.ERROR,
    "TLS explicitly switched off for a remote SMTP host.",
    RuleDoc(
        what=(
            "Reports an explicit opt-out of TLS towards a remote host: `security: none`, `encryption: off`, "
            "`tls: false` with `ssl: false`, Alertmanager `require_tls: false`, nodemailer "
            "`SMTP_IGNORE_TLS=true`, Mastodon `SMTP_ENABLE_STARTTLS=never`, Discourse "
            "`DISCOURSE_SMTP_ENABLE_START_TLS=false`, Symfony `auto_tls=false`, a plain `smtp://` "
            "EMAIL_URL with credentials."
        ),
        why=(
            "Someone turned encryption off on purpose, usually to get past a certificate or handshake error. "
            "The password and the mail then travel in cleartext, and even an opportunistic client can be "
            "downgraded by an attacker who strips STARTTLS (RFC 3207 section 6)."
        ),
        example=(
            "```yaml\nglobal:\n  smtp_smarthost: smtp.example.com:587\n  smtp_require_tls: false\n```\n\n"
            "```dotenv\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_IGNORE_TLS=true\n```"
        ),
        fix=(
            "```yaml\nglobal:\n  smtp_smarthost: smtp.example.com:587\n  # smtp_require_tls defaults to true\n"
            "```\n\n```dotenv\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_REQUIRE_TLS=true\n```\n\n"
            "If the server's certificate is the problem, fix the certificate or configure its CA; do not "
            "turn TLS off."
        ),
        not_reported=(
            "Local and development hosts; Laravel `MAIL_ENCRYPTION=null` (Symfony Mailer still upgrades "
            "with STARTTLS); `starttls: false` together with `ssl: true` (that is implicit TLS); absent keys "
            "(a secure default, or SMTP101's job); unresolved values. Fallback values and example files are "
            "reported one severity lower."
        ),
        references=(
            "RFC 8314 section 4.1: https://www.rfc-editor.org/rfc/rfc8314#section-4.1",
            "RFC 3207 section 6 (STARTTLS stripping): https://www.rfc-editor.org/rfc/rfc3207#section-6",
        ),
    ),
    tags=("security", "tls", "smtp", "external/cwe/cwe-319"),
    security_severity=7.5,
    precision="very-high",
)

LEGACY_SSL_KEYWORD = define(
    "SMTP103",
    "legacy-ssl-keyword",
    Severity.WARNING,
    "The mode is spelled 'ssl' where the schema also accepts a TLS spelling.",
    RuleDoc(
        what=(
            "Reports mode values spelled `ssl` (`security: ssl`, `encryption: ssl/tls`, Laravel "
            "`MAIL_ENCRYPTION=ssl`) in schemas that also accept a TLS spelling (`smtps`, `implicit`, `tls`)."
        ),
        why=(
            "SSL 2.0 and 3.0 are prohibited (RFC 6176, RFC 7568); implicit TLS on port 465 is the preferred "
            "submission method (RFC 8314 section 3.3) but calling it 'ssl' makes readers pair it with port "
            "587, some old libraries map it to a fixed SSLv3 method, and auditors flag the word. Modern "
            "Laravel never reads MAIL_ENCRYPTION at all: the port (or MAIL_SCHEME) decides."
        ),
        example="```dotenv\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_ENCRYPTION=ssl\n```",
        fix="```dotenv\nMAIL_HOST=smtp.example.com\nMAIL_PORT=465\nMAIL_SCHEME=smtps\n```",
        not_reported=(
            "Framework setting names whose only spelling is SSL (Django EMAIL_USE_SSL, Jakarta Mail "
            "mail.smtp.ssl.enable, Mastodon SMTP_SSL, Flask-Mail MAIL_USE_SSL): the user cannot rename "
            "them; `ssl` on port 587, which SMTP105 already reports as a port/mode mismatch; unresolved "
            "values."
        ),
        references=(
            "RFC 8314 sections 3.3 and 7.3: https://www.rfc-editor.org/rfc/rfc8314",
            "RFC 7568 (deprecating SSL 3.0): https://www.rfc-editor.org/rfc/rfc7568",
            "RFC 6176 (prohibiting SSL 2.0): https://www.rfc-editor.org/rfc/rfc6176",
        ),
    ),
    tags=("tls", "smtp", "maintainability"),
    precision="medium",
)

PORT_MODE_MISMATCH = define(
    "SMTP105",
    "port-mode-mismatch",
    Severity.ERROR,
    "Implicit TLS on a STARTTLS port (587, 25, 2525) or STARTTLS on an implicit-TLS port (465).",
    RuleDoc(
        what=(
            "Reports implicit TLS configured for 587, 25, 2525 or 2587, and STARTTLS configured for 465 or "
            "2465, when the format's mode setting is unambiguous: Django EMAIL_USE_SSL/EMAIL_USE_TLS, Spring "
            "ssl.enable or protocol smtps, nodemailer SMTP_SECURE, Symfony smtps://, Mastodon SMTP_TLS, "
            "generic `security: ssl`/`starttls`."
        ),
        why=(
            "The two sides never meet: a client that starts with a TLS ClientHello on 587 gets a plaintext "
            "220 banner ('wrong version number'), and a client that waits for a banner on 465 times out. "
            "The usual workaround people find next is turning TLS off."
        ),
        example="```python\nEMAIL_HOST = \"smtp.example.com\"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n```",
        fix=(
            "```python\nEMAIL_HOST = \"smtp.example.com\"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n```\n\n"
            "or keep implicit TLS and use `EMAIL_PORT = 465`."
        ),
        not_reported=(
            "The ambiguous generic `tls` keyword (libraries resolve it by port); Laravel MAIL_ENCRYPTION "
            "(modern Laravel ignores it; SMTP103 covers its naming); Alertmanager without "
            "force_implicit_tls (the port decides the mode); non-standard ports; local hosts; unresolved "
            "ports or modes."
        ),
        references=(
            "RFC 8314 section 3.3: https://www.rfc-editor.org/rfc/rfc8314#section-3.3",
            "RFC 6409 section 3.1: https://www.rfc-editor.org/rfc/rfc6409#section-3.1",
            "RFC 3207: https://www.rfc-editor.org/rfc/rfc3207",
        ),
    ),
    tags=("correctness", "tls", "smtp"),
    precision="very-high",
)


def _mismatch(ep: ClientEndpoint) -> bool:
    mode, port = ep.mode, ep.port
    if mode is None or port is None or not mode.known or not port.known or not ep.mode_certain:
        return False
    if mode.value is Mode.IMPLICIT_TLS:
        return port.value in STARTTLS_PORTS
    if mode.value in (Mode.STARTTLS, Mode.STARTTLS_REQUIRED):
        return port.value in IMPLICIT_PORTS
    return False


@endpoint_check(PLAINTEXT_SUBMISSION)
def plaintext_submission(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Plaintext to a remote host, or authenticated submission on port 25."""
    host = remote_host(ep, opts.dev_hosts)
    if host is None:
        return
    mode, port = ep.mode, ep.port
    hostname = safe_text(host.value or "")
    example = is_example_path(host.span.path)
    creds = ep.has_credentials
    plain = (mode is not None and mode.known and mode.value is Mode.PLAIN and ep.tls_opt_out is None)
    on_25 = port is not None and port.known and port.value == 25 and creds
    if not (plain or on_25):
        return
    base = Severity.ERROR if creds else Severity.WARNING
    where = f"port {port.value}" if port is not None and port.known else "its default port"
    if plain:
        assert mode is not None
        cause = shown(mode) if mode.origin is not Origin.DEFAULT else _absent_mode(ep)
        span = first_span(mode, port, host, fallback=host.span)
        secrets = "credentials and messages travel" if creds else "messages travel"
        submission = " and port 25 is for server-to-server relay, not submission" if on_25 else ""
        msg = (f"mail to remote host '{hostname}' on {where} is sent without TLS ({cause}): {secrets} in "
               f"cleartext{submission}; {_fix(ep)}")
    else:
        assert port is not None
        span = first_span(port, host, fallback=host.span)
        default = " (the default: no port is set)" if port.origin is Origin.DEFAULT else ""
        msg = (f"credentials are sent to remote host '{hostname}' on port 25{default}, which is for server-to-server "
               f"relay: clouds block it and it is not a submission port; use 587 with STARTTLS or 465 with "
               f"implicit TLS")
    yield PLAINTEXT_SUBMISSION.finding(
        span, msg + fallback_note(host, port, mode), lowered(base, host, port, mode, example_file=example)
    )


def _absent_mode(ep: ClientEndpoint) -> str:
    names = {
        Dialect.DJANGO: "EMAIL_USE_TLS and EMAIL_USE_SSL are not set",
        Dialect.FLASK: "MAIL_USE_TLS and MAIL_USE_SSL are not set",
        Dialect.SPRING: "neither mail.smtp.starttls.enable nor mail.smtp.ssl.enable is set",
    }
    return names.get(ep.dialect, "no TLS setting")


@endpoint_check(ENCRYPTION_DISABLED)
def encryption_disabled(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """An explicit opt-out of TLS towards a remote host."""
    opt_out = ep.tls_opt_out
    host = remote_host(ep, opts.dev_hosts)
    if opt_out is None or host is None or opt_out.origin is Origin.REFERENCE:
        return
    port = ep.port
    where = f"'{safe_text(host.value or '')}'" + (f" on port {port.value}" if port is not None and port.known else "")
    example = is_example_path(opt_out.span.path)
    yield ENCRYPTION_DISABLED.finding(
        opt_out.span,
        f"TLS is explicitly disabled ({shown(opt_out)}) for remote host {where}: the password and mail travel "
        f"in cleartext; {_fix(ep)}{fallback_note(opt_out, host, port)}",
        lowered(Severity.ERROR, opt_out, host, port, example_file=example),
    )


@endpoint_check(LEGACY_SSL_KEYWORD)
def legacy_ssl_keyword(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """A mode spelled 'ssl' in a schema that has a TLS spelling."""
    kw = ep.mode_keyword
    if kw is None or not kw.known or kw.raw.strip().lower() not in _SSL_WORDS:
        return
    if _mismatch(ep) and ep.mode is not None and ep.mode.span == kw.span:
        return  # SMTP105 reports this setting; one cause, one finding
    if ep.dialect is Dialect.LARAVEL:
        advice = ("Laravel does not read MAIL_ENCRYPTION any more (the port decides): write MAIL_SCHEME=smtps "
                  "with port 465, or MAIL_SCHEME=smtp with port 587")
    else:
        advice = ("write the implicit-TLS spelling the schema accepts ('smtps', 'implicit', or 'tls' on port "
                  "465) and make sure TLS 1.2 or later is negotiated")
    yield LEGACY_SSL_KEYWORD.finding(
        kw.span,
        f"'{shown(kw)}' names SSL, a protocol prohibited since 2015 (RFC 7568); {advice}",
        lowered(Severity.WARNING, kw),
    )


@endpoint_check(PORT_MODE_MISMATCH)
def port_mode_mismatch(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Implicit TLS on a STARTTLS port or STARTTLS on 465."""
    mode, port = ep.mode, ep.port
    if mode is None or port is None or not _mismatch(ep) or _known_local(ep, opts):
        return
    default = " (the default port)" if port.origin is Origin.DEFAULT else ""
    if mode.value is Mode.IMPLICIT_TLS:
        msg = (f"port {port.value}{default} expects STARTTLS but '{shown(mode)}' starts TLS immediately: the "
               f"connection fails ('wrong version number'); use port 465 for implicit TLS, or STARTTLS on "
               f"port {port.value}")
    else:
        msg = (f"port {port.value}{default} expects implicit TLS but '{shown(mode)}' waits for a plaintext "
               f"banner first: the connection times out; use port 587 for STARTTLS, or implicit TLS on "
               f"port {port.value}")
    related = [port.span] if port.origin is not Origin.DEFAULT and port.span != mode.span else []
    yield PORT_MODE_MISMATCH.finding(
        mode.span, msg + fallback_note(mode, port), lowered(Severity.ERROR, mode, port), related
    )


def _known_local(ep: ClientEndpoint, opts: RuleOptions) -> bool:
    """A mismatch is reported whatever the host (even unresolved), unless the host is known to be local."""
    return ep.host is not None and ep.host.known and is_local_host(ep.host.value or "", opts.dev_hosts)
