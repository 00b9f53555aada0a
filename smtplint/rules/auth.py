"""SMTP2xx: credentials — missing SMTP AUTH, whitespace pasted into passwords."""

from __future__ import annotations

import re
from collections.abc import Iterator

from smtplint.model import ClientEndpoint, Finding, Origin, Severity
from smtplint.rules._base import RuleDoc, RuleOptions, define, endpoint_check
from smtplint.rules._common import fallback_note, is_local_host, lowered, remote_host, safe_text

SUBMISSION_PORTS = frozenset({587, 465, 2525})

# Public providers that refuse unauthenticated submission (smtp-reference.md section 4); relay services
# that authorise by IP (smtp-relay.gmail.com, aspmx.l.google.com, *.mail.protection.outlook.com) are not here.
_AUTH_REQUIRED = re.compile(
    r"^(smtp\.gmail\.com|smtp\.googlemail\.com|smtp\.office365\.com|smtp-mail\.outlook\.com"
    r"|smtp\.mail\.yahoo\.com|smtp(pro)?\.zoho(cloud)?\.[a-z.]+|smtp\.sendgrid\.net"
    r"|smtp(\.eu)?\.mailgun\.org|email-smtp(-fips)?\.[a-z0-9-]+\.amazonaws\.com"
    r"|smtp(-broadcasts)?\.postmarkapp\.com|smtp-relay\.(brevo|sendinblue)\.com|in-v3\.mailjet\.com"
    r"|live\.smtp\.mailtrap\.io)$"
)
_GOOGLE_HOSTS = frozenset({"smtp.gmail.com", "smtp.googlemail.com", "smtp-relay.gmail.com"})
_APP_PASSWORD = re.compile(r"[a-z]{4}( [a-z]{4}){3}")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

MISSING_AUTH = define(
    "SMTP201",
    "missing-auth",
    Severity.WARNING,
    "Remote submission without SMTP AUTH, or a Postfix submission service without SASL.",
    RuleDoc(
        what=(
            "Reports a client that sends to a remote host on a submission port (587, 465, 2525) without a "
            "user name, password or credential file, and a Postfix submission service (587/465) whose SASL "
            "authentication is off or whose restrictions never permit authenticated clients."
        ),
        why=(
            "A submission server must reject mail from sessions that have not authenticated (RFC 6409 "
            "section 4.3). A client without credentials is either rejected, or relies on an IP allow-list "
            "nobody wrote down; a submission service without SASL makes relaying depend on mynetworks alone."
        ),
        example=(
            "```yaml\nsmtp:\n  host: smtp.example.com\n  port: 587\n  security: starttls\n```\n\n"
            "```\n# master.cf\nsubmission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
            "  -o smtpd_sasl_auth_enable=no\n```"
        ),
        fix=(
            "```yaml\nsmtp:\n  host: smtp.example.com\n  port: 587\n  security: starttls\n  auth:\n"
            "    username: ${SMTP_USER}\n    password: ${SMTP_PASSWORD}\n```\n\n"
            "```\n# master.cf\nsubmission inet n - n - - smtpd\n  -o smtpd_tls_security_level=encrypt\n"
            "  -o smtpd_sasl_auth_enable=yes\n"
            "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n```"
        ),
        not_reported=(
            "Port 25 (MX delivery and internal relays); local and development hosts (localhost, mailpit, "
            "single-label container names); credentials given as references (`${SMTP_PASSWORD}`, "
            "`env(...)`): they exist, they are just not visible; an explicit `SMTP_AUTH_METHOD=none` is "
            "reported as info only; unknown hosts or ports; loopback-only Postfix listeners (info)."
        ),
        references=(
            "RFC 6409 section 4.3: https://www.rfc-editor.org/rfc/rfc6409#section-4.3",
            "RFC 4954 (SMTP AUTH): https://www.rfc-editor.org/rfc/rfc4954",
            "Postfix SASL_README: https://www.postfix.org/SASL_README.html",
        ),
    ),
    tags=("security", "auth", "smtp", "postfix", "external/cwe/cwe-306"),
    security_severity=5.3,
    precision="medium",
)

PASSWORD_WHITESPACE = define(
    "SMTP202",
    "password-whitespace",
    Severity.WARNING,
    "A literal SMTP password with stray whitespace (a Google app password pasted with its spaces).",
    RuleDoc(
        what=(
            "Reports a literal SMTP password that starts or ends with whitespace, ends with a carriage "
            "return (a CRLF file), contains a line break, a non-breaking space or a zero-width character, "
            "or has the shape of a Google app password pasted as displayed (four groups of four letters "
            "separated by spaces)."
        ),
        why=(
            "The server compares the password byte for byte: a pasted space or an invisible character makes "
            "authentication fail with '535 Username and Password not accepted', and the usual 'fix' people "
            "reach for is a weaker setting. Google shows app passwords in groups of four with spaces that "
            "are not part of the password."
        ),
        example='```dotenv\nMAIL_HOST=smtp.gmail.com\nMAIL_PASSWORD="abcd efgh ijkl mnop"\n```',
        fix=(
            "```dotenv\nMAIL_HOST=smtp.gmail.com\nMAIL_PASSWORD=abcdefghijklmnop\n```\n\n"
            "Better still, keep the password out of the repository and reference it: "
            "`MAIL_PASSWORD=${MAIL_PASSWORD}`."
        ),
        not_reported=(
            "Passwords given as references or templates (`${SMTP_PASSWORD}`, `{{ smtp_password }}`, "
            "`%(smtp_password)s`); passphrases with inner spaces for non-Google hosts (only the Google "
            "4x4 shape is reported); YAML block scalars whose trailing newline the loader strips (`|-`). "
            "The message never shows the password, its length or any of its characters."
        ),
        references=(
            "Google Account help, Sign in with app passwords: https://support.google.com/accounts/answer/185833",
            "CWE-1286 (improper validation of syntactic correctness of input)",
        ),
    ),
    tags=("correctness", "auth", "smtp"),
    precision="high",
)


@endpoint_check(MISSING_AUTH)
def missing_auth(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """A remote submission endpoint with no credentials at all."""
    host = remote_host(ep, opts.dev_hosts)
    port = ep.port
    if host is None or port is None or not port.known or port.value not in SUBMISSION_PORTS:
        return
    if ep.has_credentials or not ep.complete:
        return
    hostname = (host.value or "").lower().rstrip(".")
    if ep.auth_disabled is not None:
        yield MISSING_AUTH.finding(
            ep.auth_disabled.span,
            f"SMTP AUTH is turned off ({ep.auth_disabled.key}) for remote host '{safe_text(hostname)}' on "
            f"port {port.value}: make sure the server authorises this client another way (IP allow-list)",
            Severity.INFO,
        )
        return
    severity = Severity.ERROR if _AUTH_REQUIRED.match(hostname) else Severity.WARNING
    who = "this provider always requires SMTP AUTH" if severity is Severity.ERROR else (
        "a submission server rejects unauthenticated mail (RFC 6409 section 4.3)")
    yield MISSING_AUTH.finding(
        host.span,
        f"remote SMTP host '{safe_text(hostname)}' on port {port.value} is configured without a user name or "
        f"password: {who}; set the credentials from the environment or a secret store"
        f"{fallback_note(host, port)}",
        lowered(severity, host, port),
    )


def _whitespace_problems(secret: str) -> list[str]:
    """Where the stray whitespace is, in words that reveal nothing else about the secret."""
    problems: list[str] = []
    if secret.endswith("\r\n") or secret.endswith("\r"):
        problems.append("a trailing carriage return (CRLF line ending)")
    elif secret.endswith("\n"):
        problems.append("a trailing line break")
    body = secret.rstrip("\r\n")
    lead = len(body) - len(body.lstrip(" \t"))
    trail = len(body) - len(body.rstrip(" \t"))
    if lead:
        problems.append("a leading space" if lead == 1 else f"{lead} leading whitespace characters")
    if trail:
        problems.append("a trailing space" if trail == 1 else f"{trail} trailing whitespace characters")
    if "\n" in body.strip() or "\r" in body.strip():
        problems.append("a line break inside it")
    if "\u00a0" in secret:
        problems.append("a non-breaking space")
    if any(c in _ZERO_WIDTH for c in secret):
        problems.append("a zero-width character")
    return problems


@endpoint_check(PASSWORD_WHITESPACE)
def password_whitespace(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Stray whitespace in a literal password; the Google 4x4 app-password shape."""
    pw = ep.password
    if pw is None or pw.origin not in (Origin.LITERAL, Origin.FALLBACK) or pw.value is None:
        return
    secret = pw.raw
    host = (ep.host.value or "").lower().rstrip(".") if ep.host is not None and ep.host.known else ""
    if _APP_PASSWORD.fullmatch(secret.strip()):
        google = host in _GOOGLE_HOSTS
        where = f" for {host}" if google else ""
        yield PASSWORD_WHITESPACE.finding(
            pw.span,
            f"the SMTP password in '{pw.key}'{where} has 3 inner spaces in the pattern of a Google app "
            "password pasted as displayed; the spaces are not part of it: remove them",
            lowered(Severity.ERROR if google else Severity.WARNING, pw),
        )
        return
    problems = _whitespace_problems(secret)
    if problems:
        what = ", ".join(problems)
        yield PASSWORD_WHITESPACE.finding(
            pw.span,
            f"the SMTP password in '{pw.key}' has {what}: the server compares it byte for byte and "
            "authentication fails; remove the stray characters",
            lowered(Severity.WARNING, pw),
        )


__all__ = ["MISSING_AUTH", "PASSWORD_WHITESPACE", "is_local_host"]
