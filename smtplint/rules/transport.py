"""SMTP1xx: transport — plaintext submission, TLS switched off, SSL naming, port/mode mismatches."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from smtplint.i18n import N_, _
from smtplint.model import (
    ClientEndpoint,
    Dialect,
    Edit,
    Finding,
    Fix,
    Mode,
    Origin,
    PostfixConfig,
    RuleOptions,
    Service,
    Setting,
    Severity,
    Span,
)
from smtplint.model.postfix import parse_postfix_bool
from smtplint.model.tls import PROHIBITED, outdated_postfix
from smtplint.rules._base import RuleDoc, define, endpoint_check, postfix_check
from smtplint.rules._common import (
    first_span,
    is_example_path,
    is_local_host,
    lowered,
    remote_host,
    safe_text,
    shown,
    versions_list,
    with_fallback,
)
from smtplint.rules._fixes import fix, flipped, modern_versions, postfix_protocols, value_edit
from smtplint.rules.providers import reports_port_mode

STARTTLS_PORTS = frozenset({587, 25, 2525, 2587})
IMPLICIT_PORTS = frozenset({465, 2465})
_SSL_WORDS = frozenset({"ssl", "ssl/tls", "ssl-tls", "ssl_tls", "sslv23", "sslv3", "sslv2"})

# How to turn TLS on, in each dialect's own words.
_FIX_TLS: dict[Dialect, str] = {
    Dialect.DJANGO: N_("set EMAIL_USE_TLS = True with port 587, or EMAIL_USE_SSL = True with port 465"),
    Dialect.DJANGO_URL: N_("use smtp+tls:// with port 587 or smtp+ssl:// with port 465"),
    Dialect.FLASK: N_("set MAIL_USE_TLS=True with port 587, or MAIL_USE_SSL=True with port 465"),
    Dialect.SPRING: N_(
        "set mail.smtp.starttls.enable and mail.smtp.starttls.required to true with port 587, "
        "or protocol smtps with port 465"
    ),
    Dialect.ALERTMANAGER: N_("remove require_tls: false (STARTTLS is required by default), or use port 465"),
    Dialect.SYMFONY_DSN: N_("remove auto_tls=false, or use smtps:// with port 465"),
    Dialect.LARAVEL: N_("use MAIL_SCHEME=smtp with port 587 (STARTTLS) or MAIL_SCHEME=smtps with port 465"),
    Dialect.NODEMAILER: N_(
        "remove SMTP_IGNORE_TLS; use port 587 with SMTP_REQUIRE_TLS=true, or SMTP_SECURE=true on 465"
    ),
    Dialect.MASTODON: N_("set SMTP_ENABLE_STARTTLS=always with port 587, or SMTP_TLS=true with port 465"),
    Dialect.DISCOURSE: N_(
        "set DISCOURSE_SMTP_ENABLE_START_TLS=true with port 587, or DISCOURSE_SMTP_FORCE_TLS=true on 465"
    ),
    Dialect.GITEA: N_("set PROTOCOL = smtp+starttls with SMTP_PORT = 587, or PROTOCOL = smtps with SMTP_PORT = 465"),
    Dialect.GRAFANA: N_("set startTLS_policy = MandatoryStartTLS with port 587, or use port 465 (implicit TLS)"),
    Dialect.KEYCLOAK: N_("set \"starttls\": \"true\" with port 587, or \"ssl\": \"true\" with port 465"),
    Dialect.HOME_ASSISTANT: N_("set encryption: starttls with port 587, or encryption: tls with port 465"),
    Dialect.MSMTPRC: N_("set 'tls on' and 'tls_starttls on' with 'port 587', or 'tls on' and 'tls_starttls off' with "
                        "'port 465'"),
    Dialect.RAILS: N_("set enable_starttls: true with port: 587, or tls: true with port: 465"),
    Dialect.GITLAB: N_("set gitlab_rails['smtp_enable_starttls_auto'] = true with gitlab_rails['smtp_port'] = 587, or "
                       "gitlab_rails['smtp_tls'] = true with gitlab_rails['smtp_port'] = 465"),
    Dialect.NODEMAILER_CODE: N_("remove ignoreTLS; use port: 587 with requireTLS: true, or secure: true with port: "
                                "465"),
    Dialect.PHPMAILER: N_("set SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS with Port = 587, or "
                          "PHPMailer::ENCRYPTION_SMTPS with Port = 465"),
    Dialect.WP_MAIL_SMTP: N_("define('WPMS_SSL', 'tls') with WPMS_SMTP_PORT 587, or define('WPMS_SSL', 'ssl') with "
                             "WPMS_SMTP_PORT 465"),
    Dialect.SYSTEM_NET_MAIL: N_("set EnableSsl = true with Port = 587 (System.Net.Mail speaks STARTTLS only, never "
                                "implicit TLS on 465)"),
    Dialect.MAILKIT: N_("connect with SecureSocketOptions.StartTls on port 587, or SecureSocketOptions.SslOnConnect "
                        "on port 465"),
    Dialect.SMTPLIB: N_("call starttls() on the smtplib.SMTP object before login() with port 587, or use "
                        "smtplib.SMTP_SSL with port 465"),
    Dialect.COMMONS_EMAIL: N_("call setStartTLSEnabled(true) and setStartTLSRequired(true) with setSmtpPort(587), or "
                              "setSSLOnConnect(true) with setSslSmtpPort(\"465\")"),
    Dialect.EMAILJS: N_("set tls: true with port: 587 (emailjs then requires STARTTLS), or ssl: true with port: 465"),
    Dialect.NETBOX: N_("set 'USE_TLS': True with 'PORT': 587, or 'USE_SSL': True with 'PORT': 465"),
    Dialect.GOMAIL: N_("use port 587 (the dialer then requires STARTTLS), or set SSL = true with port 465"),
    Dialect.GO_NET_SMTP: N_("use port 587 with a server that offers STARTTLS (smtp.SendMail then starts TLS), or "
                            "tls.Dial on port 465 with smtp.NewClient"),
    Dialect.GO_MAIL: N_("use mail.WithTLSPolicy(mail.TLSMandatory) with port 587, or mail.WithSSL() with port 465"),
    Dialect.DOCKER_MAILSERVER: N_("relay on port 587 (Postfix uses STARTTLS), set RELAY_USER and RELAY_PASSWORD "
                                  "(they make TLS mandatory) and leave smtp_tls_security_level above none"),
    Dialect.DOVECOT: N_("set submission_relay_ssl = starttls with submission_relay_port = 587, or "
                        "submission_relay_ssl = smtps with port 465"),
    Dialect.SNAPPYMAIL: N_("set \"type\": 2 (STARTTLS) with port 587, or \"type\": 1 (SSL/TLS) with port 465"),
    Dialect.MAILU: N_("relay to [host]:587 (Postfix uses STARTTLS) and set OUTBOUND_TLS_LEVEL=encrypt"),
    Dialect.ACTION_SEND_MAIL: N_("set secure: true with server_port: 465 (without it the action sends in cleartext "
                                 "unless the server offers STARTTLS)"),
    Dialect.VAULTWARDEN: N_("set SMTP_SECURITY=starttls with SMTP_PORT=587, or SMTP_SECURITY=force_tls with "
                            "SMTP_PORT=465"),
}
# STARTTLS on 465 towards a Postfix relayhost: Postfix speaks STARTTLS on any port unless wrapper mode is on.
_RELAY_ADVICE: dict[Dialect, str] = {
    Dialect.DOCKER_MAILSERVER: N_("relay on port 587 (Postfix speaks STARTTLS to a relay host), or keep port {port} "
                                  "and set smtp_tls_wrappermode = yes in postfix-main.cf"),
    Dialect.MAILU: N_("relay to [host]:587 (Postfix speaks STARTTLS to a relay host), or keep port {port} and set "
                      "smtp_tls_wrappermode = yes in overrides/postfix/postfix.cf"),
    Dialect.VAULTWARDEN: N_("set SMTP_SECURITY=force_tls for port {port}, or SMTP_PORT=587 with "
                            "SMTP_SECURITY=starttls"),
}
_FIX_DEFAULT = N_("use STARTTLS on port 587 or implicit TLS on port 465")


def _fix(ep: ClientEndpoint) -> str:
    """How to turn TLS on in the endpoint's dialect, translated (a self-contained instruction)."""
    return _(_FIX_TLS.get(ep.dialect, _FIX_DEFAULT))


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
            "generic `security: ssl`/`starttls`. Option `tls-mode` (`either` by default, `starttls`, "
            "`implicit-tls`) makes the advice name only the preferred mode; with `starttls`, implicit TLS on "
            "465 is reported too (warning)."
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
    if plain:
        assert mode is not None
        cause = shown(mode) if mode.origin is not Origin.DEFAULT else _absent_mode(ep)
        span = first_span(mode, port, host, fallback=host.span)
        if port is None or not port.known:
            template = (_("mail to remote host '{host}' on its default port is sent without TLS ({cause}): "
                          "credentials and messages travel in cleartext; {fix}") if creds else
                        _("mail to remote host '{host}' on its default port is sent without TLS ({cause}): "
                          "messages travel in cleartext; {fix}"))
        elif on_25:
            template = _("mail to remote host '{host}' on port {port} is sent without TLS ({cause}): credentials "
                         "and messages travel in cleartext and port 25 is for server-to-server relay, not "
                         "submission; {fix}")
        elif creds:
            template = _("mail to remote host '{host}' on port {port} is sent without TLS ({cause}): credentials "
                         "and messages travel in cleartext; {fix}")
        else:
            template = _("mail to remote host '{host}' on port {port} is sent without TLS ({cause}): messages "
                         "travel in cleartext; {fix}")
        msg = template.format(host=hostname, port=port.value if port is not None else "", cause=cause,
                              fix=_fix(ep))
    else:
        assert port is not None
        span = first_span(port, host, fallback=host.span)
        if port.origin is Origin.DEFAULT:
            template = _("credentials are sent to remote host '{host}' on port 25 (the default: no port is set), "
                         "which is for server-to-server relay: clouds block it and it is not a submission port; "
                         "use 587 with STARTTLS or 465 with implicit TLS")
        else:
            template = _("credentials are sent to remote host '{host}' on port 25, which is for server-to-server "
                         "relay: clouds block it and it is not a submission port; use 587 with STARTTLS or 465 "
                         "with implicit TLS")
        msg = template.format(host=hostname)
    yield PLAINTEXT_SUBMISSION.finding(
        span, with_fallback(msg, host, port, mode), lowered(base, host, port, mode, example_file=example)
    )


def _absent_mode(ep: ClientEndpoint) -> str:
    names = {
        Dialect.DJANGO: N_("EMAIL_USE_TLS and EMAIL_USE_SSL are not set"),
        Dialect.FLASK: N_("MAIL_USE_TLS and MAIL_USE_SSL are not set"),
        Dialect.SPRING: N_("neither mail.smtp.starttls.enable nor mail.smtp.ssl.enable is set"),
        Dialect.MSMTPRC: N_("the account has no 'tls' command and msmtp's default is 'tls off'"),
        Dialect.SYSTEM_NET_MAIL: N_("EnableSsl is not set and System.Net.Mail's default is false"),
        Dialect.SMTPLIB: N_("smtplib.SMTP is used without starttls(), and smtplib never starts TLS by itself"),
        Dialect.COMMONS_EMAIL: N_("neither setStartTLSEnabled(true) nor setSSLOnConnect(true) is called, and Commons "
                                  "Email sends in cleartext by default"),
        Dialect.EMAILJS: N_("neither ssl nor tls is set, and emailjs never starts TLS by itself"),
        Dialect.NETBOX: N_("USE_TLS and USE_SSL are not set"),
        Dialect.DOVECOT: N_("submission_relay_ssl is not set and Dovecot's default is 'no'"),
    }
    return _(names.get(ep.dialect, N_("no TLS setting")))


@endpoint_check(ENCRYPTION_DISABLED)
def encryption_disabled(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """An explicit opt-out of TLS towards a remote host."""
    opt_out = ep.tls_opt_out
    host = remote_host(ep, opts.dev_hosts)
    if opt_out is None or host is None or opt_out.origin is Origin.REFERENCE:
        return
    port = ep.port
    example = is_example_path(opt_out.span.path)
    if port is not None and port.known:
        template = (_("TLS is explicitly disabled ({setting}) for remote host '{host}' on port {port}: the password "
                      "and mail travel in cleartext; {fix}") if ep.has_credentials else
                    _("TLS is explicitly disabled ({setting}) for remote host '{host}' on port {port}: the mail "
                      "travels in cleartext; {fix}"))
    else:
        template = (_("TLS is explicitly disabled ({setting}) for remote host '{host}': the password and mail "
                      "travel in cleartext; {fix}") if ep.has_credentials else
                    _("TLS is explicitly disabled ({setting}) for remote host '{host}': the mail travels in "
                      "cleartext; {fix}"))
    message = template.format(setting=shown(opt_out), host=safe_text(host.value or ""),
                              port=port.value if port is not None else "", fix=_fix(ep))
    yield ENCRYPTION_DISABLED.finding(
        opt_out.span,
        with_fallback(message, opt_out, host, port),
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
        advice = {
            "starttls": _("Laravel does not read MAIL_ENCRYPTION any more (the port decides): write "
                          "MAIL_SCHEME=smtp with port 587 (STARTTLS, the configured tls-mode)"),
            "implicit-tls": _("Laravel does not read MAIL_ENCRYPTION any more (the port decides): write "
                              "MAIL_SCHEME=smtps with port 465 (implicit TLS, the configured tls-mode)"),
        }.get(opts.tls_mode) or _("Laravel does not read MAIL_ENCRYPTION any more (the port decides): write "
                                  "MAIL_SCHEME=smtps with port 465, or MAIL_SCHEME=smtp with port 587")
    elif opts.tls_mode == "starttls":
        advice = _("use STARTTLS on port 587 (the configured tls-mode) and make sure TLS 1.2 or later is negotiated")
    else:
        advice = _("write the implicit-TLS spelling the schema accepts ('smtps', 'implicit', or 'tls' on port "
                   "465) and make sure TLS 1.2 or later is negotiated")
    # unsafe: whether the application reads 'smtps' is a guess (its schema is not known); Laravel: the key
    # itself would change (MAIL_SCHEME), which is not an edit of the value
    spelled = None if ep.dialect is Dialect.LARAVEL else fix(
        _("write the implicit-TLS spelling 'smtps'"), value_edit(kw, _smtps_like(kw.raw)), safe=False,
        secret=ep.password)
    yield LEGACY_SSL_KEYWORD.finding(
        kw.span,
        _("'{setting}' names SSL, a protocol prohibited since 2015 (RFC 7568); {advice}").format(
            setting=shown(kw), advice=advice),
        lowered(Severity.WARNING, kw),
        fix=spelled,
    )


def _smtps_like(raw: str) -> str:
    """'smtps' in the case of the word it replaces."""
    word = raw.strip().strip("'\"")
    return "SMTPS" if word.isupper() and any(c.isalpha() for c in word) else "smtps"


@endpoint_check(PORT_MODE_MISMATCH)
def port_mode_mismatch(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Implicit TLS on a STARTTLS port or STARTTLS on 465 (and implicit TLS at all under tls-mode = starttls)."""
    mode, port = ep.mode, ep.port
    if opts.tls_mode == "starttls":
        yield from _implicit_not_preferred(ep, opts)
    if mode is None or port is None or not _mismatch(ep) or _known_local(ep, opts):
        return
    if reports_port_mode(ep, opts):
        return  # a known provider's host: SMTP402 reports it with the provider's exact ports
    default = port.origin is Origin.DEFAULT
    if mode.value is Mode.IMPLICIT_TLS:
        advice = {"starttls": _("use STARTTLS on port {port} (the configured tls-mode)"),
                  "implicit-tls": _("use port 465 for implicit TLS (the configured tls-mode)")}.get(
            opts.tls_mode) or _("use port 465 for implicit TLS, or STARTTLS on port {port}")
        template = (_("port {port} (the default port) expects STARTTLS but '{setting}' starts TLS immediately: "
                      "the connection fails ('wrong version number'); {advice}") if default else
                    _("port {port} expects STARTTLS but '{setting}' starts TLS immediately: the connection fails "
                      "('wrong version number'); {advice}"))
    elif ep.dialect is Dialect.SYSTEM_NET_MAIL:
        advice = _("System.Net.Mail cannot speak implicit TLS: use port 587 (EnableSsl = true is STARTTLS), or a "
                   "client that can, such as MailKit with SecureSocketOptions.SslOnConnect, for port {port}")
        template = (_("port {port} (the default port) expects implicit TLS but '{setting}' waits for a plaintext "
                      "banner first: the connection times out; {advice}") if default else
                    _("port {port} expects implicit TLS but '{setting}' waits for a plaintext banner first: the "
                      "connection times out; {advice}"))
    else:
        advice = {"starttls": _("use port 587 for STARTTLS (the configured tls-mode)"),
                  "implicit-tls": _("use implicit TLS on port {port} (the configured tls-mode)")}.get(
            opts.tls_mode) or _(_RELAY_ADVICE.get(ep.dialect, N_("use port 587 for STARTTLS, or implicit TLS on port "
                                                                  "{port}")))
        template = (_("port {port} (the default port) expects implicit TLS but '{setting}' waits for a plaintext "
                      "banner first: the connection times out; {advice}") if default else
                    _("port {port} expects implicit TLS but '{setting}' waits for a plaintext banner first: the "
                      "connection times out; {advice}"))
    msg = template.format(port=port.value, setting=shown(mode), advice=advice.format(port=port.value))
    related = [port.span] if port.origin is not Origin.DEFAULT and port.span != mode.span else []
    yield PORT_MODE_MISMATCH.finding(
        mode.span, with_fallback(msg, mode, port), lowered(Severity.ERROR, mode, port), related,
        fix=_port_fix(ep, 465 if mode.value is Mode.IMPLICIT_TLS else 587),
    )


def _port_fix(ep: ClientEndpoint, new_port: int) -> Fix | None:
    """The port the user wrote changed to the mode's own port. Unsafe: whether the server also listens there
    is not known (most providers do on both 587 and 465, not all)."""
    port = ep.port
    if port is None or port.origin not in (Origin.LITERAL, Origin.FALLBACK) or port.value is None:
        return None
    if not re.search(rf"(?<![\w.]){port.value}(?![\w.])", port.raw):
        return None  # the number is not written here: a named constant (SMTP_PORT, PORT_465) declared elsewhere
    return fix(_("use port {port}, the port of the configured TLS mode").format(port=new_port),
               Edit(port.span, str(port.value), str(new_port)), safe=False, secret=ep.password)


def _implicit_not_preferred(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Under tls-mode = starttls: implicit TLS on its own port (465) is reported, at warning."""
    mode, port = ep.mode, ep.port
    if (mode is None or port is None or not mode.known or not port.known or not ep.mode_certain
            or mode.value is not Mode.IMPLICIT_TLS or port.value not in IMPLICIT_PORTS or _known_local(ep, opts)):
        return
    yield PORT_MODE_MISMATCH.finding(
        mode.span,
        with_fallback(_("implicit TLS on port {port} ('{setting}') while the configured tls-mode is starttls: use "
                        "STARTTLS on port 587, or set tls-mode to \"either\"").format(port=port.value,
                                                                                  setting=shown(mode)), mode, port),
        lowered(Severity.WARNING, mode, port),
    )


def _known_local(ep: ClientEndpoint, opts: RuleOptions) -> bool:
    """A mismatch is reported whatever the host (even unresolved), unless the host is known to be local."""
    return ep.host is not None and ep.host.known and is_local_host(ep.host.value or "", opts.dev_hosts)


# ------------------------------------------------------------------------ SMTP104, SMTP106, SMTP107

OUTDATED_TLS_PROTOCOL = define(
    "SMTP104",
    "outdated-tls-protocol",
    Severity.WARNING,
    "SSLv2/SSLv3/TLSv1/TLSv1.1 allowed by a Postfix protocol list or an application's TLS version knob.",
    RuleDoc(
        what=(
            "Computes the set of protocol versions a setting allows and reports SSLv2, SSLv3, TLSv1 and "
            "TLSv1.1 in it. Postfix: `smtpd_tls_protocols`, `smtpd_tls_mandatory_protocols`, "
            "`smtp_tls_*protocols`, `lmtp_tls_*protocols` in main.cf and as master.cf `-o` overrides, read "
            "as postconf(5) does (`!name` exclusions, bare-name inclusion lists, `>=`/`<=` ranges, "
            "hexadecimal versions such as `>=0x0303`, separators space, comma or colon). Applications: "
            "Spring `mail.smtp.ssl.protocols`, nodemailer `minVersion`/`secureProtocol` (also inside a "
            "`tls:` block), Alertmanager `tls_config.min_version`, generic `tls_version`, `min_tls_version`, "
            "`ssl_version` keys and `SMTP_TLS_VERSION`-style variables. Error when SSLv2/SSLv3 is allowed on "
            "a mandatory-TLS path (a `*_mandatory_protocols` list, a submission service, an application "
            "client), warning for TLSv1/TLSv1.1 there, info on the opportunistic lists "
            "(`smtpd_tls_protocols` for the MX, `smtp_tls_protocols`)."
        ),
        why=(
            "SSL 2.0 and 3.0 are prohibited (RFC 6176, RFC 7568) and TLS 1.0 and 1.1 are deprecated and must "
            "not be negotiated (RFC 8996); for mail submission the floor is TLS 1.2 (RFC 8997). A server or "
            "client that still accepts them can be pushed down to them by an attacker. On opportunistic "
            "server-to-server TLS any encryption beats plaintext, which is why those lists are only a hint."
        ),
        example=(
            "```\n# main.cf\nsmtpd_tls_mandatory_protocols = !SSLv2, !SSLv3\n```\n\n"
            "```yaml\nspring:\n  mail:\n    host: smtp.example.com\n    properties:\n"
            "      mail.smtp.ssl.protocols: TLSv1 TLSv1.1 TLSv1.2\n```"
        ),
        fix=(
            "```\n# main.cf (Postfix 3.6 or later)\nsmtpd_tls_mandatory_protocols = >=TLSv1.2\n"
            "# any version\nsmtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n```\n\n"
            "```yaml\n      mail.smtp.ssl.protocols: TLSv1.2 TLSv1.3\n```"
        ),
        not_reported=(
            "Absent parameters (Postfix 3.6 defaults to `>=TLSv1`; flagging the default would fire on every "
            "install); exclusion lists that remove the old versions (`!SSLv2, !SSLv3, !TLSv1, !TLSv1.1`); "
            "`>=TLSv1.2`; inclusion lists such as `TLSv1.2 TLSv1.3`; a lone upper bound (`<=TLSv1.3`); an "
            "exclusion list that only forgets `!SSLv2` (OpenSSL 1.1 and later cannot negotiate SSLv2); the "
            "version-flexible methods `SSLv23`/`TLS_method` (they follow the library's minimum); unresolved "
            "values. On local hosts and loopback-only listeners a finding is only info; a value that is a "
            "reference's fallback is reported one severity lower."
        ),
        references=(
            "RFC 8996 (deprecating TLS 1.0 and 1.1): https://www.rfc-editor.org/rfc/rfc8996",
            "RFC 8997 (TLS 1.2 minimum for mail submission): https://www.rfc-editor.org/rfc/rfc8997",
            "RFC 7568 (deprecating SSL 3.0): https://www.rfc-editor.org/rfc/rfc7568",
            "RFC 6176 (prohibiting SSL 2.0): https://www.rfc-editor.org/rfc/rfc6176",
            "RFC 9325 section 3.1: https://www.rfc-editor.org/rfc/rfc9325#section-3.1",
            "postconf(5) smtpd_tls_mandatory_protocols: "
            "https://www.postfix.org/postconf.5.html#smtpd_tls_mandatory_protocols",
        ),
    ),
    tags=("security", "tls", "smtp", "postfix", "external/cwe/cwe-327"),
    security_severity=5.9,
    precision="high",
)

CERTIFICATE_VERIFICATION_DISABLED = define(
    "SMTP106",
    "certificate-verification-disabled",
    Severity.ERROR,
    "The SMTP client does not verify the server's certificate or host name.",
    RuleDoc(
        what=(
            "Reports the knobs that switch certificate or host-name verification off for an SMTP client: "
            "`verify: false`, `tls_verify: false`, `verify_peer: false`, `verify_peer_name: false`, "
            "`allow_self_signed: true` (Laravel/Symfony stream options), DSN `verify_peer=0`, nodemailer "
            "`rejectUnauthorized: false` (also `tls: {rejectUnauthorized: false}` and "
            "`tls.rejectUnauthorized=false` in a URL), `NODE_TLS_REJECT_UNAUTHORIZED=0`, "
            "`SMTP_OPENSSL_VERIFY_MODE=none` (Mastodon, Discourse, Rails `openssl_verify_mode: none`), "
            "`insecure_skip_verify: true` (Alertmanager `tls_config`), `skip_verify: true` / "
            "`GF_SMTP_SKIP_VERIFY=true`, Spring `mail.smtp.ssl.trust: \"*\"` and "
            "`mail.smtp.ssl.checkserveridentity: false`. Error for remote (or unresolved) hosts, info for "
            "local development hosts; one finding per endpoint, at the first such knob, with the others as "
            "related locations."
        ),
        why=(
            "Without verification, TLS protects against passive eavesdropping only: anyone on the path can "
            "present their own certificate, terminate the connection, and read the SMTP password and every "
            "message (RFC 9325 section 6.1). The switch is usually flipped to get past a self-signed or "
            "expired certificate and then forgotten."
        ),
        example=(
            "```dotenv\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_OPENSSL_VERIFY_MODE=none\n```\n\n"
            "```yaml\nmail:\n  host: smtp.example.com\n  port: 587\n  tls:\n    rejectUnauthorized: false\n```"
        ),
        fix=(
            "```dotenv\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_OPENSSL_VERIFY_MODE=peer\n"
            "# a private CA: point the client at it instead of switching checks off\n"
            "SMTP_CA_FILE=/etc/ssl/certs/internal-ca.pem\n```"
        ),
        not_reported=(
            "`verify_peer: true`, `openssl_verify_mode: peer`; Spring `mail.smtp.ssl.trust` naming the "
            "configured host itself (a pin) or other hosts; unresolved values; endpoints whose mode is "
            "plaintext (no TLS at all: SMTP101/SMTP102 report that, the knob has no effect); Postfix "
            "`smtp_tls_security_level = encrypt` (it encrypts without verifying by design). Local and "
            "development hosts get info only; files named as examples or for development "
            "(`.env.example`, `settings/dev.py`) and fallback values are reported one severity lower."
        ),
        references=(
            "RFC 9325 section 6.1 (host name validation): https://www.rfc-editor.org/rfc/rfc9325#section-6.1",
            "RFC 9525 (service identity in TLS): https://www.rfc-editor.org/rfc/rfc9525",
            "CWE-295 (improper certificate validation): https://cwe.mitre.org/data/definitions/295.html",
        ),
    ),
    tags=("security", "tls", "smtp", "external/cwe/cwe-295"),
    security_severity=7.4,
    precision="very-high",
)

CONFLICTING_TLS_FLAGS = define(
    "SMTP107",
    "conflicting-tls-flags",
    Severity.WARNING,
    "Two TLS mode settings contradict each other (Django EMAIL_USE_TLS and EMAIL_USE_SSL both true: error).",
    RuleDoc(
        what=(
            "Reports a client configured for implicit TLS and STARTTLS at once: Django `EMAIL_USE_TLS` and "
            "`EMAIL_USE_SSL` both true (also through `EMAIL_URL` query options), Flask-Mail `MAIL_USE_TLS` "
            "and `MAIL_USE_SSL` both true (error: the library fails before sending), Spring "
            "`mail.smtp.ssl.enable` with `mail.smtp.starttls.enable` or `protocol: smtps` with "
            "`starttls.required`, nodemailer `secure` with `ignoreTLS`/`requireTLS`, Mastodon `SMTP_TLS=true` "
            "with `SMTP_ENABLE_STARTTLS=always`, Symfony `auto_tls=false` with `require_tls=true`, and two "
            "mode keys of a generic block that disagree (`security: ssl` with `starttls: true`) (warning)."
        ),
        why=(
            "Django raises ValueError ('EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive') when the "
            "backend is created, so no mail is sent, and only at send time: tests that use the locmem "
            "backend never notice. Elsewhere one flag silently wins and the other is dead configuration "
            "that tells the next reader the opposite of what happens."
        ),
        example="```python\nEMAIL_HOST = \"smtp.example.com\"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n"
                "EMAIL_USE_SSL = True\n```",
        fix="```python\nEMAIL_HOST = \"smtp.example.com\"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n```\n\n"
            "or `EMAIL_USE_SSL = True` with `EMAIL_PORT = 465`.",
        not_reported=(
            "One flag true and the other false or absent; either flag unresolved; flags in different mailer "
            "blocks; Postfix `smtpd_tls_auth_only = yes` with TLS off (on port 25 that is the usual way to "
            "hide AUTH, and on a submission service SMTP302 reports the missing TLS). A port/mode mismatch "
            "is not also reported for the same settings (SMTP105 stays silent on conflicting flags)."
        ),
        references=(
            "Django settings EMAIL_USE_SSL: https://docs.djangoproject.com/en/stable/ref/settings/#email-use-ssl",
            "Django smtp backend: https://github.com/django/django/blob/main/django/core/mail/backends/smtp.py",
            "Jakarta Mail SMTP properties: https://jakarta.ee/specifications/mail/2.1/apidocs/"
            "jakarta.mail/jakarta/mail/package-summary",
        ),
    ),
    tags=("correctness", "tls", "smtp"),
    precision="very-high",
)

_PROTOCOL_FIX: dict[Dialect, str] = {
    Dialect.SPRING: N_("set mail.smtp.ssl.protocols to 'TLSv1.2 TLSv1.3'"),
    Dialect.ALERTMANAGER: N_("set tls_config.min_version: TLS12 (or remove it: the default is TLS 1.2)"),
    Dialect.NODEMAILER: N_("set minVersion: 'TLSv1.2' (or remove the setting: Node.js defaults to TLS 1.2)"),
    Dialect.NODEMAILER_CODE: N_("set minVersion: 'TLSv1.2' (or remove the setting: Node.js defaults to TLS 1.2)"),
}


def _protocol_reason(bad: frozenset[int]) -> str:
    """Why the versions are outdated, translated: SSL prohibited, TLS 1.0/1.1 deprecated, or both."""
    if bad & PROHIBITED and bad - PROHIBITED:
        return _("SSL is prohibited by RFC 6176 and RFC 7568; TLS 1.0 and 1.1 are deprecated by RFC 8996")
    if bad & PROHIBITED:
        return _("SSL is prohibited by RFC 6176 and RFC 7568")
    return _("TLS 1.0 and 1.1 are deprecated by RFC 8996")


def _is_local(ep: ClientEndpoint, opts: RuleOptions) -> bool:
    return ep.host is not None and ep.host.known and is_local_host(ep.host.value or "", opts.dev_hosts)


@endpoint_check(OUTDATED_TLS_PROTOCOL)
def outdated_tls_protocol(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """An application's protocol-version knob that allows SSL, TLS 1.0 or TLS 1.1."""
    for setting in ep.tls_versions:
        bad = setting.value
        if not setting.known or not bad:
            continue
        base = Severity.ERROR if bad & PROHIBITED else Severity.WARNING
        severity = Severity.INFO if _is_local(ep, opts) else lowered(base, setting)
        fix = _(_PROTOCOL_FIX.get(ep.dialect, N_("require TLS 1.2 or later (e.g. 'TLSv1.2')")))
        message = _("'{setting}' lets the SMTP client negotiate {versions} ({reason}); {fix}").format(
            setting=shown(setting), versions=versions_list(bad), reason=_protocol_reason(bad), fix=fix)
        yield OUTDATED_TLS_PROTOCOL.finding(setting.span, with_fallback(message, setting), severity,
                                            fix=_protocol_fix(setting, ep.password))
        return


def _protocol_fix(setting: Setting[Any], password: Setting[Any] | None) -> Fix | None:
    """The knob's outdated versions dropped, or its minimum raised to TLS 1.2, in the value's own spelling."""
    word = setting.raw.strip().strip("'\"")
    modern = modern_versions(word) if word else None
    if modern is None:
        return None
    return fix(_("allow only TLS 1.2 or later ('{value}')").format(value=modern), value_edit(setting, modern),
               secret=password)


_POSTFIX_PROTOCOLS = tuple(f"{who}_tls_{kind}protocols" for who in ("smtpd", "smtp", "lmtp")
                           for kind in ("mandatory_", ""))


def _submission_protocols(cfg: PostfixConfig, service: Service) -> str | None:
    """The protocol list a submission service uses: mandatory with wrapper mode or encrypt, else the other."""
    wrapper = parse_postfix_bool(cfg.effective("smtpd_tls_wrappermode", service).value)
    level = (cfg.effective("smtpd_tls_security_level", service).value or "").strip().lower()
    if wrapper or level == "encrypt":
        return "smtpd_tls_mandatory_protocols"
    return "smtpd_tls_protocols" if level == "may" else None


@postfix_check(OUTDATED_TLS_PROTOCOL)
def postfix_outdated_protocols(cfg: PostfixConfig, opts: RuleOptions) -> Iterator[Finding]:
    """Postfix protocol lists (main.cf and -o overrides) whose allowed set includes SSL or TLS 1.0/1.1."""
    uses: list[tuple[str, Service | None, bool]] = []  # (parameter, service, mandatory or submission path)
    if cfg.main is not None:
        uses += [(p, None, "mandatory" in p) for p in _POSTFIX_PROTOCOLS]
    if cfg.master is not None:
        for svc in cfg.master.services:
            uses += [(p, svc, "mandatory" in p) for p in _POSTFIX_PROTOCOLS if svc.override(p)]
            if svc.is_submission:
                applicable = _submission_protocols(cfg, svc)
                if applicable is not None:
                    uses.append((applicable, svc, True))
    found: dict[Span, tuple[Severity, str, frozenset[int], list[str], list[Span]]] = {}
    for param, service, strict in uses:
        resolved = cfg.effective(param, service)
        if resolved.value is None or resolved.span is None or resolved.source not in ("main.cf", "override"):
            continue
        bad = outdated_postfix(resolved.value)
        if not bad:
            continue
        severity = (Severity.ERROR if bad & PROHIBITED else Severity.WARNING) if strict else Severity.INFO
        if service is not None and cfg.is_loopback(service):
            severity = Severity.INFO
        known = found.get(resolved.span)
        where = [_("submission service {service}").format(service=service.label)] \
            if service is not None and service.is_submission and strict and "smtpd_" in param else []
        related: list[Span] = [service.first_line] if service is not None and resolved.source == "main.cf" else []
        if known is None:
            found[resolved.span] = (severity, param, bad, where, related)
        else:
            worst = severity if severity.rank > known[0].rank else known[0]
            found[resolved.span] = (worst, known[1], known[2] | bad, known[3] + where, known[4] + related)
    for span, (severity, param, bad, where, related) in sorted(found.items()):
        if where:
            template = _("{param} allows {versions} on {services} ({reason}); set '{param} = >=TLSv1.2' (Postfix "
                         "3.6 or later) or '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1'")
        elif severity is Severity.INFO and "mandatory" not in param:
            template = _("{param} allows {versions} on opportunistic TLS, where any encryption beats plaintext (a "
                         "hint) ({reason}); set '{param} = >=TLSv1.2' (Postfix 3.6 or later) or '!SSLv2, !SSLv3, "
                         "!TLSv1, !TLSv1.1'")
        else:
            template = _("{param} allows {versions} ({reason}); set '{param} = >=TLSv1.2' (Postfix 3.6 or later) "
                         "or '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1'")
        message = template.format(param=param, versions=versions_list(bad), services=", ".join(dict.fromkeys(where)),
                                  reason=_protocol_reason(bad))
        # on an opportunistic list, a peer that speaks only TLS 1.0 gets plaintext after the fix: unsafe
        opportunistic = "mandatory" not in param and not where
        yield OUTDATED_TLS_PROTOCOL.finding(span, message, severity, related=dict.fromkeys(related),
                                            fix=_postfix_protocol_fix(cfg, span, safe=not opportunistic))


def _postfix_protocol_fix(cfg: PostfixConfig, span: Span, *, safe: bool) -> Fix | None:
    """The protocol list at ``span`` allowing TLS 1.2 and later only, in the list's own syntax
    (smtplint.rules._fixes.postfix_protocols)."""
    raw: str | None = None
    override = False
    if cfg.master is not None:
        for svc in cfg.master.services:
            for ov in svc.overrides:
                if ov.span == span:
                    raw, override = ov.value, True
    if raw is None and cfg.main is not None:
        for definitions in cfg.main.definitions.values():
            for definition in definitions:
                if definition.span == span:
                    raw = definition.value
    if not raw or raw.strip() != raw or "$" in raw or "\n" in raw:
        return None
    value = postfix_protocols(raw, spaced=not override)
    if value is None:
        return None
    return fix(_("allow only TLS 1.2 or later ('{value}')").format(value=value), Edit(span, raw, value), safe=safe)


def _verification_knobs(ep: ClientEndpoint) -> list[Setting[bool]]:
    """The endpoint's own settings that switch certificate or host-name verification off, in file order."""
    return [knob for knob in ep.verification if knob.known and knob.value is False]


def _knob_label(setting: Setting[bool]) -> str:
    """``key=value`` for a message; Spring's trust-all ``ssl.trust`` is written ``key="*"``."""
    if setting.key.lower().endswith("ssl.trust"):
        return f'{setting.key}="*"'
    return shown(setting)


def _verification_fix(ep: ClientEndpoint) -> str:
    if ep.dialect is Dialect.SPRING:
        return _("remove it; for a private CA, import the CA into the JVM trust store or name the exact host in "
                 "mail.smtp.ssl.trust")
    if ep.dialect is Dialect.COMMONS_EMAIL:
        return _("call setSSLCheckServerIdentity(true) instead; for a private CA, import the CA into the JVM trust "
                 "store")
    if ep.dialect is Dialect.ALERTMANAGER:
        return _("remove it; for a private CA, set tls_config.ca_file")
    if ep.dialect in (Dialect.RAILS, Dialect.GITLAB):
        return _("remove it (the mail gem verifies certificates by default) or set it to 'peer'; for a private CA, "
                 "set ca_file")
    if ep.dialect is Dialect.PHPMAILER:
        return _("remove it from SMTPOptions (PHP verifies certificates by default); for a private CA, set 'cafile' in "
                 "SMTPOptions['ssl']")
    if ep.dialect is Dialect.NODEMAILER_CODE:
        return _("remove it (Node.js verifies certificates by default); for a private CA, pass it in tls.ca")
    if ep.dialect is Dialect.EMAILJS:
        return _("remove it from the ssl options (Node.js verifies certificates by default); for a private CA, pass "
                 "it in ssl.ca")
    if ep.dialect in (Dialect.SYSTEM_NET_MAIL, Dialect.MAILKIT):
        return _("remove the callback that accepts every certificate (.NET verifies certificates by default); for a "
                 "private CA, check the chain against that CA in the callback instead of returning true")
    if ep.dialect is Dialect.SMTPLIB:
        return _("pass ssl.create_default_context() instead (it verifies certificates and host names); for a "
                 "private CA, ssl.create_default_context(cafile=...)")
    if ep.dialect in (Dialect.GOMAIL, Dialect.GO_NET_SMTP, Dialect.GO_MAIL):
        return _("remove InsecureSkipVerify (Go verifies certificates by default); for a private CA, set RootCAs in "
                 "the tls.Config")
    if ep.dialect is Dialect.ACTION_SEND_MAIL:
        return _("remove ignore_cert (the action verifies the server's certificate by default); for a server with "
                 "a private CA, run the step on a runner that trusts that CA")
    if ep.dialect is Dialect.MSMTPRC:
        return _("remove it (msmtp checks certificates by default, and 'tls_certcheck off' also overrides "
                 "tls_fingerprint); for a private CA, set tls_trust_file, or pin the certificate with tls_fingerprint")
    return _("remove it; if the server uses a private CA, configure the CA file instead of switching checks off")


@endpoint_check(CERTIFICATE_VERIFICATION_DISABLED)
def certificate_verification_disabled(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Knobs that switch off certificate or host-name verification."""
    if ep.mode is not None and ep.mode.known and ep.mode.value is Mode.PLAIN:
        return  # no TLS at all: SMTP101/SMTP102 report it and the knob has no effect
    local = _is_local(ep, opts)
    host = ep.host
    if local and host is not None and not (host.value or "").strip():
        template = _("certificate verification is disabled ({settings}) while the SMTP host is empty (the client's "
                     "default, a local host, applies until it is set): once it names a server, anyone on the network "
                     "path can impersonate it and read the SMTP password and the mail; {fix}")
    elif local:
        template = _("certificate verification is disabled ({settings}) for a local host: anyone on the network "
                     "path can impersonate the server and read the SMTP password and the mail; {fix}")
    elif host is not None and host.known:
        template = _("certificate verification is disabled ({settings}) for remote host '{host}': anyone on the "
                     "network path can impersonate the server and read the SMTP password and the mail; {fix}")
    else:
        template = _("certificate verification is disabled ({settings}) for the SMTP server: anyone on the network "
                     "path can impersonate the server and read the SMTP password and the mail; {fix}")
    knobs = _verification_knobs(ep)
    if knobs:
        first = knobs[0]
        example = is_example_path(first.span.path)
        severity = Severity.INFO if local else lowered(Severity.ERROR, first, example_file=example)
        message = template.format(settings=", ".join(_knob_label(k) for k in knobs),
                                  host=safe_text(host.value or "") if host is not None else "",
                                  fix=_verification_fix(ep))
        yield CERTIFICATE_VERIFICATION_DISABLED.finding(
            first.span,
            with_fallback(message, first),
            severity,
            related=[k.span for k in knobs[1:]],
            fix=fix(_("switch certificate verification back on"), *(flipped(k) for k in knobs),
                    secret=ep.password),
        )
    node = ep.process_verification
    if node is not None and node.known and node.value is False:
        example = is_example_path(node.span.path)
        severity = Severity.INFO if local else lowered(Severity.ERROR, node, example_file=example)
        yield CERTIFICATE_VERIFICATION_DISABLED.finding(
            node.span,
            with_fallback(_("NODE_TLS_REJECT_UNAUTHORIZED=0 switches certificate verification off for every TLS "
                            "connection of the Node.js process, SMTP included: anyone on the network path can read "
                            "the SMTP password; remove it and use NODE_EXTRA_CA_CERTS for a private CA"), node),
            severity,
            fix=fix(_("switch certificate verification back on"), flipped(node), secret=ep.password),
        )


_FAILS_AT_RUNTIME = frozenset({Dialect.DJANGO, Dialect.DJANGO_URL, Dialect.FLASK, Dialect.NETBOX})


@endpoint_check(CONFLICTING_TLS_FLAGS)
def conflicting_tls_flags(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Implicit TLS and STARTTLS (or TLS off) switched on together."""
    conflict, mode = ep.mode_conflict, ep.mode
    if conflict is None or mode is None or conflict.origin is Origin.REFERENCE or mode.origin is Origin.REFERENCE:
        return
    pair: list[Setting[Any]] = [mode, conflict]
    first, second = sorted(pair, key=lambda s: (s.span.line, s.span.column))
    a, b = shown(first), shown(second)
    if ep.dialect is Dialect.FLASK:
        template = _("'{first}' and '{second}' switch on STARTTLS and implicit TLS together: Flask-Mail calls "
                     "STARTTLS on a connection that is already TLS and fails and no mail is sent; keep MAIL_USE_TLS "
                     "with port 587, or MAIL_USE_SSL with port 465")
        severity = Severity.ERROR
    elif ep.dialect in _FAILS_AT_RUNTIME:
        template = _("'{first}' and '{second}' switch on STARTTLS and implicit TLS together: Django raises "
                     "ValueError and no mail is sent; keep EMAIL_USE_TLS with port 587, or EMAIL_USE_SSL with "
                     "port 465")
        severity = Severity.ERROR
    elif ep.dialect is Dialect.EMAILJS:
        template = _("'{first}' and '{second}' ask for implicit TLS and STARTTLS at once: emailjs connects with TLS "
                     "and then sends STARTTLS inside it, which the server refuses, and no mail is sent; keep ssl: "
                     "true with port 465, or tls: true with port 587")
        severity = Severity.ERROR
    elif ep.dialect is Dialect.COMMONS_EMAIL:
        template = _("'{first}' and '{second}' ask for implicit TLS and STARTTLS at once: Commons Email connects "
                     "with implicit TLS to its SSL port and the STARTTLS call is dead configuration; keep "
                     "setSSLOnConnect(true) with port 465, or setStartTLSEnabled(true) with port 587")
        severity = Severity.WARNING
    elif ep.dialect is Dialect.SPRING:
        template = _("'{first}' and '{second}' ask for implicit TLS and STARTTLS at once: Jakarta Mail uses "
                     "implicit TLS and the STARTTLS setting is dead configuration; keep mail.smtp.ssl.enable with "
                     "port 465, or the starttls settings with port 587")
        severity = Severity.WARNING
    else:
        template = _("'{first}' and '{second}' contradict each other: the library follows one of them and the "
                     "other misleads the next reader; keep one mode setting (STARTTLS on 587, or implicit TLS on "
                     "465)")
        severity = Severity.WARNING
    message = template.format(first=a, second=b)
    yield CONFLICTING_TLS_FLAGS.finding(
        second.span, with_fallback(message, first, second), lowered(severity, first, second),
        related=[first.span] if first.span != second.span else [],
    )
