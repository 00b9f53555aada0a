"""SMTP2xx: credentials — missing AUTH, whitespace in passwords, AUTH without TLS, hard-coded passwords."""

from __future__ import annotations

import re
from collections.abc import Iterator

from smtplint.i18n import _
from smtplint.model import ClientEndpoint, Dialect, Edit, Finding, Fix, Mode, Origin, RuleOptions, Setting, Severity
from smtplint.rules._base import RuleDoc, define, endpoint_check
from smtplint.rules._common import is_example_path, is_local_host, lowered, remote_host, safe_text, with_fallback
from smtplint.rules._secrets import is_placeholder

SUBMISSION_PORTS = frozenset({587, 465, 2525})

# Public providers that refuse unauthenticated submission (smtp-reference.md section 4); relay services
# that authorise by IP (smtp-relay.gmail.com, aspmx.l.google.com, *.mail.protection.outlook.com) are not here.
# (patterns kept as text and matched through re's cache: compiled only by a run that needs them)
_AUTH_REQUIRED = (
    r"^(smtp\.gmail\.com|smtp\.googlemail\.com|smtp\.office365\.com|smtp-mail\.outlook\.com"
    r"|smtp\.mail\.yahoo\.com|smtp(pro)?\.zoho(cloud)?\.[a-z.]+|smtp\.sendgrid\.net"
    r"|smtp(\.eu)?\.mailgun\.org|email-smtp(-fips)?\.[a-z0-9-]+\.amazonaws\.com"
    r"|smtp(-broadcasts)?\.postmarkapp\.com|smtp-relay\.(brevo|sendinblue)\.com|in-v3\.mailjet\.com"
    r"|live\.smtp\.mailtrap\.io)$")
# Relays that authorise the sending client by its IP address or certificate, not by a password: no AUTH there
# is their documented set-up (Google Workspace SMTP relay, Microsoft 365 direct send / connectors).
_IP_AUTHORISED = r"^(?:smtp-relay\.gmail\.com|aspmx\.l\.google\.com|[a-z0-9-]+\.mail\.protection\.outlook\.com)$"
_GOOGLE_HOSTS = frozenset({"smtp.gmail.com", "smtp.googlemail.com", "smtp-relay.gmail.com"})
_APP_PASSWORD = r"[a-z]{4}( [a-z]{4}){3}"
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
            "authentication is off or whose restrictions never permit authenticated clients. Providers that "
            "always require AUTH make it an error; option `provider-hosts` adds host names to that list. A "
            "PHPMailer object made in the file (`new PHPMailer`) with `Username`/`Password` but no `SMTPAuth` "
            "counts as without credentials: SMTPAuth defaults to false and PHPMailer then sends no AUTH."
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
            "reported as info only, and so is Rails/GitLab `authentication: false` without credentials; relays "
            "that authorise the client by its IP address (`smtp-relay.gmail.com`, "
            "`*.mail.protection.outlook.com`); unknown hosts or ports; loopback-only Postfix listeners (info); a "
            "PHPMailer object made elsewhere (`$this->mailer`, a parameter), whose SMTPAuth may be set there."
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
    if re.match(_IP_AUTHORISED, hostname):
        return
    if ep.auth_disabled is not None and ep.auth_disabled.origin is Origin.DEFAULT:
        # PHPMailer made here with a user name or password but no SMTPAuth: it never sends them
        yield MISSING_AUTH.finding(
            ep.auth_disabled.span,
            _("PHPMailer sends no SMTP AUTH to remote host '{host}' on port {port}: the user name and password "
              "set here are never used because SMTPAuth defaults to false, so the server rejects the mail or "
              "relays it unauthenticated; set {setting} = true").format(
                setting=ep.auth_disabled.key, host=safe_text(hostname), port=port.value),
        )
        return
    if ep.auth_disabled is not None:
        yield MISSING_AUTH.finding(
            ep.auth_disabled.span,
            _("SMTP AUTH is turned off ({setting}) for remote host '{host}' on port {port}: make sure the server "
              "authorises this client another way (IP allow-list)").format(
                setting=ep.auth_disabled.key, host=safe_text(hostname), port=port.value),
            Severity.INFO,
        )
        return
    required = re.match(_AUTH_REQUIRED, hostname) or hostname in opts.provider_hosts
    severity = Severity.ERROR if required else Severity.WARNING
    if ep.dialect is Dialect.MSMTPRC:
        template = (_("remote SMTP host '{host}' on port {port} is configured without a user name or password: this "
                      "provider always requires SMTP AUTH; set 'auth on', 'user' and 'passwordeval' (or a key ring) "
                      "in the account") if required else
                    _("remote SMTP host '{host}' on port {port} is configured without a user name or password: a "
                      "submission server rejects unauthenticated mail (RFC 6409 section 4.3); set 'auth on', 'user' "
                      "and 'passwordeval' (or a key ring) in the account"))
    elif severity is Severity.ERROR:
        template = _("remote SMTP host '{host}' on port {port} is configured without a user name or password: this "
                     "provider always requires SMTP AUTH; set the credentials from the environment or a secret store")
    else:
        template = _("remote SMTP host '{host}' on port {port} is configured without a user name or password: a "
                     "submission server rejects unauthenticated mail (RFC 6409 section 4.3); set the credentials "
                     "from the environment or a secret store")
    yield MISSING_AUTH.finding(
        host.span,
        with_fallback(template.format(host=safe_text(hostname), port=port.value), host, port),
        lowered(severity, host, port),
    )


def _whitespace_problems(secret: str) -> list[str]:
    """Where the stray whitespace is, in words that reveal nothing else about the secret."""
    problems: list[str] = []
    if secret.endswith("\r\n") or secret.endswith("\r"):
        problems.append(_("a trailing carriage return (CRLF line ending)"))
    elif secret.endswith("\n"):
        problems.append(_("a trailing line break"))
    body = secret.rstrip("\r\n")
    lead = len(body) - len(body.lstrip(" \t"))
    trail = len(body) - len(body.rstrip(" \t"))
    if lead:
        problems.append(_("a leading space") if lead == 1 else
                        _("{count} leading whitespace characters").format(count=lead))
    if trail:
        problems.append(_("a trailing space") if trail == 1 else
                        _("{count} trailing whitespace characters").format(count=trail))
    if "\n" in body.strip() or "\r" in body.strip():
        problems.append(_("a line break inside it"))
    if "\u00a0" in secret:
        problems.append(_("a non-breaking space"))
    if any(c in _ZERO_WIDTH for c in secret):
        problems.append(_("a zero-width character"))
    return problems


@endpoint_check(PASSWORD_WHITESPACE)
def password_whitespace(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """Stray whitespace in a literal password; the Google 4x4 app-password shape."""
    pw = ep.password
    if pw is None or pw.origin not in (Origin.LITERAL, Origin.FALLBACK) or pw.value is None:
        return
    secret = pw.raw
    host = (ep.host.value or "").lower().rstrip(".") if ep.host is not None and ep.host.known else ""
    if re.fullmatch(_APP_PASSWORD, secret.strip()):
        google = host in _GOOGLE_HOSTS
        template = (_("the SMTP password in '{key}' for {host} has 3 inner spaces in the pattern of a Google app "
                      "password pasted as displayed; the spaces are not part of it: remove them") if google else
                    _("the SMTP password in '{key}' has 3 inner spaces in the pattern of a Google app password "
                      "pasted as displayed; the spaces are not part of it: remove them"))
        yield PASSWORD_WHITESPACE.finding(
            pw.span,
            template.format(key=pw.key, host=host),
            lowered(Severity.ERROR if google else Severity.WARNING, pw),
            fix=_password_fix(pw, pw.value.replace(" ", "")),
        )
        return
    problems = _whitespace_problems(secret)
    if problems:
        what = ", ".join(problems)
        yield PASSWORD_WHITESPACE.finding(
            pw.span,
            _("the SMTP password in '{key}' has {problems}: the server compares it byte for byte and "
              "authentication fails; remove the stray characters").format(key=pw.key, problems=what),
            lowered(Severity.WARNING, pw),
            fix=_password_fix(pw, pw.value.strip(" \t\r\n")),
        )


def _password_fix(pw: Setting[str], cleaned: str) -> Fix | None:
    """The password without the stray whitespace, edited where its text is written as it is (not escaped,
    not percent-encoded, not a block scalar: the decoded value is then not in the file's text, the edit
    lands nowhere and no fix is offered). Unsafe: a password may really contain spaces. Secret: --diff
    never shows it, and the reports and the editor get its removals, never the password."""
    written = pw.value
    if not written or not cleaned or cleaned == written:
        return None
    return Fix(_("remove the stray whitespace from the password"), (Edit(pw.span, written, cleaned),),
               safe=False, secret=True)


# ------------------------------------------------------------------------------------ SMTP203, SMTP204

AUTH_OVER_PLAINTEXT = define(
    "SMTP203",
    "auth-over-plaintext",
    Severity.ERROR,
    "SMTP AUTH can happen before or without TLS: Postfix SASL without smtpd_tls_auth_only, optional STARTTLS.",
    RuleDoc(
        what=(
            "Postfix server: a non-submission smtpd service (the port-25 MX, the `smtpd pass` behind "
            "postscreen, other listeners) whose effective `smtpd_sasl_auth_enable` is `yes` while its TLS "
            "level is `may` (or legacy `smtpd_use_tls = yes`) and `smtpd_tls_auth_only` is not `yes`, or "
            "whose TLS level is `none`/empty (AUTH only in cleartext), outside wrapper mode (error). Every "
            "`inet` smtpd of master.cf is judged, on any port, one finding per service: on the `-o` line that "
            "decided, else on the service line with the inherited main.cf lines related. When only main.cf is "
            "linted (a commit that changes it), the finding is reported on the main.cf line it contributes, with "
            "the master.cf lines related. Listeners on ports "
            "other than 25 and 2525 (the alternative port clients outside use) are usually internal hops and "
            "get info. Postfix client: `smtp_sasl_auth_enable = yes` towards a remote `relayhost` with "
            "`smtp_tls_security_level` `none`, `may` or empty while `smtp_sasl_security_options` allows "
            "plaintext mechanisms (warning). Applications: a client that authenticates to a remote host with "
            "STARTTLS explicitly made optional (`security: opportunistic`, `SMTP_ENABLE_STARTTLS=auto`, "
            "`tls_mode: may`) (warning)."
        ),
        why=(
            "With STARTTLS optional the password goes out in cleartext whenever TLS is not negotiated, and "
            "an attacker on the path can make sure it is not by stripping STARTTLS from the server's EHLO "
            "reply (RFC 3207 section 6, RFC 4954 section 4). Postfix offers AUTH before STARTTLS unless "
            "`smtpd_tls_auth_only = yes`, so every client that tries AUTH first leaks its password."
        ),
        example=(
            "```\n# main.cf\nsmtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = yes\n```\n\n"
            "```\n# main.cf (client side)\nrelayhost = [smtp.example.com]:587\nsmtp_sasl_auth_enable = yes\n"
            "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\nsmtp_sasl_security_options = noanonymous\n"
            "smtp_tls_security_level = may\n```"
        ),
        fix=(
            "```\n# main.cf: no AUTH on port 25; AUTH only on the submission services (master.cf)\n"
            "smtpd_tls_security_level = may\nsmtpd_sasl_auth_enable = no\nsmtpd_tls_auth_only = yes\n\n"
            "# client side: require TLS to the relay host\nsmtp_tls_security_level = encrypt\n```"
        ),
        not_reported=(
            "Submission services (587/465): SMTP302 already reports a submission service without mandatory "
            "TLS, one finding per cause; level `encrypt` (it implies auth_only); `smtpd_tls_auth_only = yes`; "
            "wrapper mode (implicit TLS); services whose SASL is off; a Postfix client whose "
            "`smtp_sasl_security_options` keep the default `noplaintext`; a local or single-label relayhost. "
            "Application clients whose mode is plaintext: SMTP101 (which is an error whenever credentials "
            "are present) or SMTP102 already report them, so SMTP203 does not repeat them; opportunistic "
            "STARTTLS that is only the library's default (Laravel/Symfony `smtp://`, Mastodon and Discourse "
            "without the setting) is not reported either. Loopback-only listeners get info; a reference's "
            "fallback is reported one severity lower."
        ),
        references=(
            "postconf(5) smtpd_tls_auth_only: https://www.postfix.org/postconf.5.html#smtpd_tls_auth_only",
            "Postfix SASL_README: https://www.postfix.org/SASL_README.html",
            "RFC 4954 section 4: https://www.rfc-editor.org/rfc/rfc4954#section-4",
            "RFC 3207 section 6: https://www.rfc-editor.org/rfc/rfc3207#section-6",
        ),
    ),
    tags=("security", "auth", "tls", "smtp", "postfix", "external/cwe/cwe-523"),
    security_severity=7.5,
    precision="high",
)

HARDCODED_PASSWORD = define(
    "SMTP204",
    "hardcoded-password",
    Severity.ERROR,
    "A literal SMTP password committed in a configuration file (warning in example, dev and test files).",
    RuleDoc(
        what=(
            "Reports a literal, non-placeholder SMTP password: password keys of YAML blocks, Spring "
            "`spring.mail.password`, Alertmanager `auth_password`/`auth_secret`, `MAIL_PASSWORD`, "
            "`SMTP_PASSWORD`, `EMAIL_HOST_PASSWORD` and the other password variables, the password in a mail "
            "URL's user-info (`smtp://user:secret@host`), the literal `default=` of an `env()`/`config()` "
            "call or a `${VAR:-secret}` fallback, and Postfix `smtp_sasl_password_maps = inline:{ "
            "host=user:pass }` / `static:user:pass`. Error in production-looking files, warning in files named "
            "as examples, development or test files and for local hosts. The message names the key and the "
            "place only: never the value, its length or any of its characters."
        ),
        why=(
            "A password in a committed file is readable by everyone with access to the repository, its forks, "
            "CI logs and backups, and it stays in the history after it is removed (CWE-798). SMTP credentials "
            "are valuable to spammers: they send from your domain and your reputation."
        ),
        example=(
            "```dotenv\nMAIL_HOST=smtp.example.com\nMAIL_USERNAME=app@example.com\nMAIL_PASSWORD=Tr0ub4dor&3\n```"
        ),
        fix=(
            "```dotenv\n# .env (not committed) or the deployment's secret store\n"
            "MAIL_PASSWORD=${MAIL_PASSWORD}\n```\n\n"
            "```\n# main.cf: a table file readable by root only\n"
            "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n```\n\n"
            "Rotate the exposed password: it is in the repository's history."
        ),
        not_reported=(
            "References and templates (`${SMTP_PASSWORD}`, `{{ smtp_password }}`, `%(pw)s`, `env(\"X\")`, "
            "`os.environ[...]`, `!ENV`, `secretKeyRef`); credential files (`*_FILE`, `password_file`, "
            "`auth_password_file`); empty values and `null`; placeholders (`changeme`, `password`, `secret`, "
            "`xxx`, `***`, `<password>`, `your-password`, `YOUR_SMTP_PASSWORD`, `REPLACE_ME`, `TODO`, "
            "`example`, one repeated character, a value that names its own field such as `outgoing_email_password`, "
            "a description written in the password's place such as `password_you_set` or `MandrillApiKey`); "
            "SOPS-encrypted values (`ENC[AES256_GCM,...]`); Postfix `hash:`/`texthash:`/`lmdb:` password tables (the "
            "secret is in another file); for a local catcher or container (`mailhog`, `mailpit`, a single-label "
            "host), a password that repeats the user name or the host (`mailhog`/`mailhog`): such a server takes "
            "any credentials. A fallback value is reported one severity lower."
        ),
        references=(
            "CWE-798 (use of hard-coded credentials): https://cwe.mitre.org/data/definitions/798.html",
            "OWASP ASVS V2.10 (service authentication): https://owasp.org/www-project-application-security-"
            "verification-standard/",
            "Postfix SASL_README, client credentials: https://www.postfix.org/SASL_README.html#client_sasl",
        ),
    ),
    tags=("security", "auth", "secrets", "smtp", "external/cwe/cwe-798"),
    security_severity=7.5,
    precision="high",
)

# Mode words that make STARTTLS explicitly optional (smtp-reference.md 3.1 value table).
_OPTIONAL_TLS_WORDS = frozenset({"auto", "opportunistic", "may", "optional", "ifavailable", "whenavailable",
                                 "starttlsauto", "preferred", "prefer"})


@endpoint_check(AUTH_OVER_PLAINTEXT)
def auth_over_optional_tls(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """A client that authenticates to a remote host with STARTTLS explicitly optional."""
    mode = ep.mode
    host = remote_host(ep, opts.dev_hosts)
    if host is None or mode is None or not mode.known or mode.value is not Mode.STARTTLS:
        return
    if mode.origin not in (Origin.LITERAL, Origin.FALLBACK) or not ep.has_credentials:
        return
    word = "".join(ch for ch in mode.raw.lower() if ch.isalnum())
    if word not in _OPTIONAL_TLS_WORDS:
        return
    yield AUTH_OVER_PLAINTEXT.finding(
        mode.span,
        with_fallback(_("'{setting}' makes STARTTLS optional while the client authenticates to remote host '{host}': "
                        "if TLS is not negotiated (or an attacker strips STARTTLS), the password is sent in "
                        "cleartext; require STARTTLS (or use implicit TLS on port 465)").format(
            setting=f"{mode.key}={safe_text(mode.raw.strip(), 30)}", host=safe_text(host.value or "")), mode),
        lowered(Severity.WARNING, mode),
    )


def _names_itself(password: str, ep: ClientEndpoint) -> bool:
    """Whether a password merely repeats the endpoint's user name or host (``mailhog``/``mailhog``)."""
    word = password.strip().strip("'\"").lower()
    names = {variant for s in (ep.username or ep.unsent_username, ep.host) if s is not None and s.known and s.value
             for text in [str(s.value).strip().lower()]
             for variant in (text, text.split(".")[0], text.split("@")[0])}  # mailhog.local, dev@example.test
    return bool(word) and word in names


@endpoint_check(HARDCODED_PASSWORD)
def hardcoded_password(ep: ClientEndpoint, opts: RuleOptions) -> Iterator[Finding]:
    """A literal, non-placeholder password (or a reference's literal fallback), sent or not."""
    pw = ep.password or ep.unsent_password
    if pw is None or pw.origin not in (Origin.LITERAL, Origin.FALLBACK) or pw.value is None:
        return
    if is_placeholder(pw.value):
        return
    example = is_example_path(pw.span.path)
    local = ep.host is not None and ep.host.known and is_local_host(ep.host.value or "", opts.dev_hosts)
    if local and _names_itself(pw.value, ep):
        return  # `mailhog`/`mailhog`: a dummy for a local catcher or container, which takes any credentials
    steps = (1 if example or local else 0) + (1 if pw.origin is Origin.FALLBACK else 0)
    in_url = "://" in pw.key or pw.key.upper().endswith(("_URL", "_DSN", "_URI")) or pw.key.lower() in (
        "url", "uri", "dsn", "smtp_url", "smtp_uri")
    if in_url:
        template = _("the mail URL in '{key}' carries a literal password in its user-info: anyone who can read the "
                     "repository can send mail as this account; move it to a secret store or an environment "
                     "variable that is not committed, and rotate it (it stays in the history)")
    elif pw.origin is Origin.FALLBACK:
        template = _("the fallback default of '{key}' is a literal password: anyone who can read the repository "
                     "can send mail as this account; move it to a secret store or an environment variable that is "
                     "not committed, and rotate it (it stays in the history)")
    elif ep.dialect is Dialect.ACTION_SEND_MAIL:
        template = _("hard-coded SMTP password in '{key}' of the workflow: anyone who can read the repository can "
                     "send mail as this account; store it as an encrypted secret and write "
                     "'{key}: ${{{{ secrets.SMTP_PASSWORD }}}}', and rotate it (it stays in the history)")
    elif ep.dialect is Dialect.MSMTPRC:
        template = _("hard-coded SMTP password in '{key}': anyone who can read the repository can send mail as this "
                     "account; use 'passwordeval' with a command that decrypts the password or reads a key ring, and "
                     "rotate it (it stays in the history)")
    else:
        template = _("hard-coded SMTP password in '{key}': anyone who can read the repository can send mail as this "
                     "account; move it to a secret store or an environment variable that is not committed, and "
                     "rotate it (it stays in the history)")
    yield HARDCODED_PASSWORD.finding(
        pw.span,
        template.format(key=pw.key),
        Severity.ERROR.lowered(steps),
    )


__all__ = ["AUTH_OVER_PLAINTEXT", "HARDCODED_PASSWORD", "MISSING_AUTH", "PASSWORD_WHITESPACE", "is_local_host"]
