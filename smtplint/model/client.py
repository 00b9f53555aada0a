"""An application's outgoing SMTP settings, normalised whatever the format.

Parsers map each dialect's own words (``security: ssl``, ``MAIL_ENCRYPTION=tls``, ``EMAIL_USE_SSL = True``)
to these fields once, through their vocabulary; rules see only the normalised fields and the raw text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from smtplint.model.core import Origin, Setting, Span
from smtplint.records import field, record


class Mode(StrEnum):
    """How the client protects the connection."""

    PLAIN = "plain"  # no TLS at all, not even opportunistic
    STARTTLS = "starttls"  # plaintext start, upgrade when the server offers it (opportunistic)
    STARTTLS_REQUIRED = "starttls-required"  # plaintext start, the upgrade is mandatory
    IMPLICIT_TLS = "implicit-tls"  # TLS from the first byte (SMTPS, port 465)
    # TLS of some kind, STARTTLS or implicit chosen by the port (the ambiguous generic ``tls`` keyword,
    # Symfony/Laravel ``smtp://``: implicit on 465, opportunistic STARTTLS elsewhere). Never a mismatch.
    AUTO = "auto"

    @property
    def encrypted(self) -> bool:
        """True for every mode but PLAIN."""
        return self is not Mode.PLAIN


class Dialect(StrEnum):
    """Which configuration schema a client endpoint was read from."""

    GENERIC_YAML = "generic-yaml"  # smtp:/mail:/email:/mailer: blocks
    SPRING = "spring"  # spring.mail (Jakarta Mail)
    ALERTMANAGER = "alertmanager"  # global.smtp_* and email_configs
    LARAVEL = "laravel"  # MAIL_MAILER / MAIL_SCHEME / MAIL_ENCRYPTION
    SYMFONY_DSN = "symfony-dsn"  # MAILER_DSN / MAIL_URL
    DJANGO = "django"  # EMAIL_* settings (settings module or environment)
    DJANGO_URL = "django-url"  # EMAIL_URL (django-environ / dj-email-url)
    FLASK = "flask"  # MAIL_SERVER / MAIL_USE_TLS / MAIL_USE_SSL
    NODEMAILER = "nodemailer"  # generic SMTP_* with nodemailer semantics
    MASTODON = "mastodon"  # SMTP_SERVER / SMTP_LOGIN / SMTP_ENABLE_STARTTLS ...
    DISCOURSE = "discourse"  # DISCOURSE_SMTP_*
    GENERIC_ENV = "generic-env"  # other SMTP_*/MAIL_*/EMAIL_* variables whose library is unknown
    GRAFANA = "grafana"  # grafana.ini [smtp]
    GITEA = "gitea"  # Gitea/Forgejo app.ini [mailer]
    KEYCLOAK = "keycloak"  # Keycloak realm JSON smtpServer
    HOME_ASSISTANT = "home-assistant"  # notify: - platform: smtp
    MSMTPRC = "msmtprc"  # msmtp accounts (~/.msmtprc, /etc/msmtprc)
    RAILS = "rails"  # Ruby code: Action Mailer / mail gem smtp_settings hashes
    GITLAB = "gitlab"  # Ruby code: Omnibus gitlab.rb gitlab_rails['smtp_*']
    NODEMAILER_CODE = "nodemailer-code"  # JavaScript/TypeScript code: nodemailer createTransport({...})
    PHPMAILER = "phpmailer"  # PHP code: $mail->Host / Port / SMTPSecure / SMTPAutoTLS
    WP_MAIL_SMTP = "wp-mail-smtp"  # PHP code: WP Mail SMTP's WPMS_* constants (wp-config.php)
    SYSTEM_NET_MAIL = "system-net-mail"  # C# code: System.Net.Mail.SmtpClient (STARTTLS only)
    MAILKIT = "mailkit"  # C# code: MailKit SmtpClient.Connect(host, port, SecureSocketOptions)
    SMTPLIB = "smtplib"  # Python code: smtplib.SMTP / SMTP_SSL objects, starttls() and login() on them
    COMMONS_EMAIL = "commons-email"  # Java code: Apache Commons Email (SimpleEmail, HtmlEmail ...) setters
    EMAILJS = "emailjs"  # JavaScript/TypeScript code: emailjs new SMTPClient({...}) / server.connect({...})
    NETBOX = "netbox"  # Python code: NetBox configuration EMAIL = {'SERVER': ..., 'USE_TLS': ...}
    GOMAIL = "gomail"  # Go code: gomail / go-mail/mail NewDialer with SSL, TLSConfig
    GO_NET_SMTP = "go-net-smtp"  # Go code: net/smtp SendMail / Dial
    GO_MAIL = "go-mail"  # Go code: wneessen/go-mail NewClient with WithPort, WithSSL, WithTLSPolicy
    DOCKER_MAILSERVER = "docker-mailserver"  # mailserver.env DEFAULT_RELAY_HOST / RELAY_* (Postfix relayhost)
    DOVECOT = "dovecot"  # dovecot.conf submission_relay_host/_port/_ssl/_ssl_verify
    SNAPPYMAIL = "snappymail"  # SnappyMail/RainLoop domain JSON: SMTP.type, SMTP.ssl.verify_peer
    MAILU = "mailu"  # mailu.env RELAYHOST / RELAYUSER / RELAYPASSWORD / OUTBOUND_TLS_LEVEL
    ACTION_SEND_MAIL = "action-send-mail"  # GitHub Actions dawidd6/action-send-mail inputs (nodemailer)
    VAULTWARDEN = "vaultwarden"  # SMTP_SECURITY=starttls/force_tls/off, the deprecated SMTP_SSL/SMTP_EXPLICIT_TLS


@record
class ClientEndpoint:
    """One application's outgoing SMTP settings.

    Every field is a :class:`Setting` (value, raw text, exact span, origin) or None when the format does
    not say it. A ``mode`` of None means the mode is unknown: rules that depend on it stay silent.
    """

    dialect: Dialect
    span: Span  # the whole block (or the first setting's line for flat formats)
    host: Setting[str] | None = None
    port: Setting[int] | None = None
    # The effective mode and the setting that decided it (origin DEFAULT when the dialect's documented
    # default decided, e.g. Django without EMAIL_USE_TLS/EMAIL_USE_SSL is PLAIN).
    mode: Setting[Mode] | None = None
    # True when the mode word is unambiguous for this format (SMTP105 only fires on unambiguous modes).
    mode_certain: bool = True
    # An explicit opt-out of TLS (``security: none``, ``SMTP_IGNORE_TLS=true``, ``require_tls: false``):
    # SMTP102 reports it, and SMTP101 then stays silent about the same plaintext.
    tls_opt_out: Setting[str] | None = None
    # A free-form mode word the user could spell differently (``encryption: ssl``, ``MAIL_ENCRYPTION=ssl``),
    # kept for the naming rule SMTP103. Fixed framework setting names (EMAIL_USE_SSL) are not put here.
    mode_keyword: Setting[str] | None = None
    username: Setting[str] | None = None
    password: Setting[str] | None = None  # raw is a secret: never printed
    credential_file: Setting[str] | None = None  # password_file, smtp_auth_password_file ...
    # A "no AUTH" choice: explicit (SMTP_AUTH_METHOD=none, origin LITERAL) or the dialect's default (PHPMailer's
    # SMTPAuth, false unless set: origin DEFAULT, at the credential it makes unused)
    auth_disabled: Setting[str] | None = None
    # A password written for a client that sends no AUTH (PHPMailer with SMTPAuth off): never sent, so not a
    # credential for the transport rules, but still a secret in the repository (SMTP204). Never printed.
    unsent_password: Setting[str] | None = None
    unsent_username: Setting[str] | None = None  # its user name (a dummy pair is no secret: SMTP204)
    # The dialect's other settings as written, by normalised name ("verify", "protocols", "ssl_trust", ...):
    # what the syntax reader saw, for the dialect vocabulary (smtplint.parsers.tls_words) to type; rules never
    # read it. The key of each Setting keeps the name as written.
    extra: dict[str, Setting[str]] = field(default_factory=dict)

    # Typed TLS settings, filled by the vocabulary from ``extra``: rules read these, never dialect words.
    # Each certificate/host-name verification knob the file sets (key and raw as written): value False when
    # it switches verification off (``verify_peer=0``, ``rejectUnauthorized: false``, ``ssl.trust: "*"``).
    verification: tuple[Setting[bool], ...] = ()
    # NODE_TLS_REJECT_UNAUTHORIZED: verification for every TLS connection of the process (False: off).
    process_verification: Setting[bool] | None = None
    # Protocol-version knobs (``ssl.protocols``, ``minVersion``, ``tls_version``): the outdated versions each
    # lets the client negotiate (smtplint.model.tls's scale; empty: none; None: not understood).
    tls_versions: tuple[Setting[frozenset[int]], ...] = ()
    # A second mode switch that contradicts ``mode`` (EMAIL_USE_TLS with EMAIL_USE_SSL, secure with ignoreTLS).
    mode_conflict: Setting[Any] | None = None

    # False when settings may be defined where smtplint cannot see them (a Django star import that could
    # not be followed): then an absent setting is unknown, not missing.
    complete: bool = True
    # When a value is a same-file variable assigned different literals on different code paths: the endpoint
    # once per combination of those values. Rules judge every variant; what only some of them do is reported
    # one severity lower (smtplint.rules._base.endpoint_check).
    variants: tuple[ClientEndpoint, ...] = ()

    @property
    def has_credentials(self) -> bool:
        """True when a user name, a password or a credential file is set, even as a reference.

        A reference with an empty fallback (``env("EMAIL_HOST_USER", default="")``) counts as set: the
        credentials exist, they are just not visible (smtp-reference.md 5.0).
        """
        return any(s is not None and (s.raw.strip() or s.origin in (Origin.REFERENCE, Origin.FALLBACK))
                   for s in (self.username, self.password, self.credential_file))
