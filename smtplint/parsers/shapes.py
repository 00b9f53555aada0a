"""The key vocabularies of the YAML shapes smtplint recognises, as data.

Every table maps a *normalised* key or word (lower case, ``_``, ``-``, ``/`` and spaces removed, see
:func:`norm`) to what it means. Adding a dialect's spelling is adding a row here; the parser's logic does
not change. Sources: smtp-reference.md sections 3.1 (generic blocks), 3.2 (Spring), 3.3 (Alertmanager),
3.4 (docker-compose) and 3.5 (Discourse).
"""

from __future__ import annotations

from enum import StrEnum

from smtplint.model import Mode
from smtplint.parsers import relay_env


def norm(key: str) -> str:
    """A key or a mode word for table look-up: lower case, without ``_``, ``-``, ``/``, ``.`` and spaces."""
    return "".join(ch for ch in key.lower() if ch not in "_-/. \t")


def norm_path(dotted: str) -> str:
    """A dotted key path for table look-up: each segment normalised by :func:`norm`, joined with dots."""
    return ".".join(norm(part) for part in dotted.split("."))


# --- Generic blocks (smtp-reference.md 3.1) --------------------------------------------------------------

# Names of the keys whose mapping value may be an SMTP client block, at any depth.
GENERIC_BLOCK_NAMES: frozenset[str] = frozenset(norm(k) for k in (
    "smtp", "mail", "email", "mailer", "smtp_settings", "email_settings", "mail_settings",
    "smtp_config", "mail_config", "email_config", "smtp_server", "outgoing_email", "outgoing_mail",
))


class Concept(StrEnum):
    """What a key in a generic block means."""

    HOST = "host"
    PORT = "port"
    USERNAME = "username"
    PASSWORD = "password"
    CREDENTIAL_FILE = "credential_file"
    URL = "url"  # smtp://user:pass@host:port, when the value is a URL
    AUTH_METHOD = "auth_method"  # none/false = explicit "no AUTH"
    MODE_WORD = "mode_word"  # security: ssl | starttls | tls | none ...
    IMPLICIT_FLAG = "implicit_flag"  # ssl: true, use_ssl: true, secure: true
    STARTTLS_FLAG = "starttls_flag"  # starttls: true, enable_starttls(_auto): true
    TLS_FLAG = "tls_flag"  # tls: true, use_tls: true (ambiguous: the port decides)
    REQUIRE_TLS_FLAG = "require_tls_flag"  # require_tls: true (STARTTLS is mandatory)
    IGNORE_TLS_FLAG = "ignore_tls_flag"  # ignore_tls: true (explicit opt-out)
    EXTRA = "extra"  # kept in ClientEndpoint.extra under EXTRA_NAMES[key]


GENERIC_KEYS: dict[str, Concept] = {norm(k): c for c, keys in {
    Concept.HOST: ("host", "server", "hostname", "address", "smtp_host", "smarthost", "relay",
                   "smtp_server", "smtp_address", "mail_server", "mail_host", "smtp_hostname"),
    Concept.PORT: ("port", "smtp_port", "mail_port"),
    Concept.USERNAME: ("username", "user", "user_name", "login", "smtp_user", "smtp_username",
                       "smtp_login", "auth_user", "auth_username"),
    Concept.PASSWORD: ("password", "pass", "passwd", "secret", "smtp_password", "smtp_pass",
                       "auth_password", "auth_pass"),
    Concept.CREDENTIAL_FILE: ("password_file", "passwordfile", "smtp_password_file",
                              "auth_password_file", "existing_secret", "password_secret"),
    Concept.URL: ("url", "uri", "dsn", "smtp_url", "smtp_uri"),
    Concept.AUTH_METHOD: ("auth_method", "authentication", "auth_type", "authentication_method",
                          "auth_protocol"),
    Concept.MODE_WORD: ("security", "encryption", "transport_security", "tls_mode", "smtp_security",
                        "smtp_encryption", "secure_connection", "connection_security", "ssl_mode",
                        "starttls_mode", "tls_type"),
    Concept.IMPLICIT_FLAG: ("ssl", "use_ssl", "secure", "smtp_ssl", "smtp_secure", "enable_ssl", "smtps",
                            "implicit_tls", "force_tls", "use_implicit_tls"),
    Concept.STARTTLS_FLAG: ("starttls", "enable_starttls", "enable_starttls_auto", "starttls_auto",
                            "use_starttls", "smtp_starttls", "start_tls"),
    Concept.TLS_FLAG: ("tls", "use_tls", "smtp_tls", "enable_tls"),
    Concept.REQUIRE_TLS_FLAG: ("require_tls", "requiretls", "require_starttls", "starttls_required"),
    Concept.IGNORE_TLS_FLAG: ("ignore_tls", "disable_tls", "no_tls", "disable_starttls"),
    Concept.EXTRA: ("verify", "tls_verify", "verify_peer", "verify_peer_name", "skip_verify", "insecure",
                    "insecure_skip_verify", "openssl_verify_mode", "reject_unauthorized",
                    "allow_self_signed", "ca_file", "cafile", "tls_version", "min_tls_version",
                    "ssl_version", "tls_min_version", "protocols", "ciphers", "check_server_identity",
                    "disable_require_tls", "tls_server_name", "min_version", "secure_protocol",
                    "ssl_protocols", "tls_protocols", "verify_mode", "ssl_verify_mode", "verify_ssl",
                    "ssl_verify", "verify_certificate", "tls_skip_verify", "tls_insecure"),
}.items() for k in keys}

# ClientEndpoint.extra names of the EXTRA keys (normalised key -> extra name).
EXTRA_NAMES: dict[str, str] = {norm(k): name for name, keys in {
    "verify": ("verify", "tls_verify", "verify_peer", "check_server_identity", "verify_ssl", "ssl_verify",
               "verify_certificate"),
    "verify_peer_name": ("verify_peer_name",),
    "insecure_skip_verify": ("skip_verify", "insecure", "insecure_skip_verify", "tls_skip_verify",
                             "tls_insecure"),
    "openssl_verify_mode": ("openssl_verify_mode", "verify_mode", "ssl_verify_mode"),
    "reject_unauthorized": ("reject_unauthorized",),
    "allow_self_signed": ("allow_self_signed",),
    "ca_file": ("ca_file", "cafile"),
    "protocols": ("tls_version", "min_tls_version", "ssl_version", "tls_min_version", "protocols",
                  "min_version", "secure_protocol", "ssl_protocols", "tls_protocols"),
    "ciphers": ("ciphers",),
    "disable_require_tls": ("disable_require_tls",),
    "tls_server_name": ("tls_server_name",),
}.items() for k in keys}

# Sub-blocks of a generic block that hold TLS options (nodemailer ``tls: {rejectUnauthorized, minVersion}``,
# Laravel ``stream: {ssl: {verify_peer}}``, ``tls_config:``): only their EXTRA keys are read.
TLS_SUBBLOCKS: frozenset[str] = frozenset(norm(k) for k in (
    "tls", "ssl", "tls_options", "tls_config", "ssl_options", "tls_settings", "ssl_settings", "stream",
    "options", "context", "ssl_context",
))

# Sub-blocks of a generic block that hold credentials (auth: {username, password}).
AUTH_SUBBLOCKS: frozenset[str] = frozenset(norm(k) for k in ("auth", "authentication", "credentials", "login"))

# Mode words (generic YAML, smtp-reference.md 3.1) -> (mode, certain). PLAIN words are explicit opt-outs.
MODE_WORDS: dict[str, tuple[Mode, bool]] = {norm(k): v for v, words in {
    (Mode.IMPLICIT_TLS, True): ("ssl", "smtps", "implicit", "implicit_tls", "implicit-tls", "tls-wrapper",
                                "wrapper", "tlswrapper", "ssl/tls", "ssl-tls", "submissions", "ssltls"),
    (Mode.STARTTLS_REQUIRED, True): ("required", "starttls-required", "starttls_required", "always",
                                     "mandatory", "require"),
    (Mode.STARTTLS, True): ("starttls", "start_tls", "start-tls", "auto", "opportunistic", "may",
                            "optional", "starttls-auto", "if-available", "when-available"),
    (Mode.AUTO, False): ("tls",),
    (Mode.PLAIN, True): ("none", "no", "off", "false", "plain", "plaintext", "", "null", "~", "never",
                         "disabled", "disable", "0", "unencrypted", "insecure", "nothing"),
}.items() for k in words}

# Mode words whose *spelling* SMTP103 reports (the "SSL" name for implicit TLS).
# Keys whose words mean something else than the generic table says: listmonk's ``tls_type`` (``TLS`` is
# implicit TLS, ``STARTTLS`` fails when the server does not offer it; internal/messenger/email/email.go).
KEY_MODE_WORDS: dict[str, dict[str, tuple[Mode, bool]]] = {
    norm("tls_type"): {"tls": (Mode.IMPLICIT_TLS, True), "starttls": (Mode.STARTTLS_REQUIRED, True),
                       "none": (Mode.PLAIN, True)},
}

LEGACY_SSL_WORDS: frozenset[str] = frozenset(norm(k) for k in ("ssl", "ssl/tls", "ssl-tls", "sslv23", "sslv3"))

# URL schemes of host/url values (smtp://host:port) -> (mode, certain); absent = the scheme says nothing.
URL_SCHEMES: dict[str, tuple[Mode, bool] | None] = {
    "smtps": (Mode.IMPLICIT_TLS, True),
    "submissions": (Mode.IMPLICIT_TLS, True),
    "smtp": None,
    "submission": None,
    "smtp+starttls": (Mode.STARTTLS, True),
}

# --- Spring Boot spring.mail (smtp-reference.md 3.2) -----------------------------------------------------

SPRING_ROOT = "spring"
SPRING_MAIL = "mail"
# spring.mail.<key> (normalised) -> field
SPRING_KEYS: dict[str, str] = {norm_path(k): v for k, v in {
    "host": "host",
    "port": "port",
    "username": "username",
    "password": "password",
    "protocol": "protocol",
    "jndi-name": "jndi",
    "ssl.enabled": "ssl_enabled",
    "ssl.bundle": "ssl_bundle",
}.items()}
SPRING_PROPERTIES = norm("properties")
# Jakarta Mail session properties after the mail.<protocol>. prefix (normalised path) -> field
JAKARTA_PROPS: dict[str, str] = {norm_path(k): v for k, v in {
    "starttls.enable": "starttls_enable",
    "starttls.required": "starttls_required",
    "ssl.enable": "ssl_enable",
    "ssl.trust": "ssl_trust",
    "ssl.checkserveridentity": "ssl_checkserveridentity",
    "ssl.protocols": "ssl_protocols",
    "socketFactory.class": "socket_factory_class",
    "auth": "auth",
}.items()}
# The Jakarta properties kept in ClientEndpoint.extra for later rules (field -> extra name).
SPRING_EXTRA: dict[str, str] = {
    "ssl_trust": "ssl_trust",
    "ssl_checkserveridentity": "ssl_checkserveridentity",
    "ssl_protocols": "protocols",
    "ssl_bundle": "ssl_bundle",
    "auth": "auth",
    "starttls_enable": "starttls_enable",
    "starttls_required": "starttls_required",
    "ssl_enable": "ssl_enable",
}
SSL_SOCKET_FACTORY = "javax.net.ssl.sslsocketfactory"
SPRING_DEFAULT_PORTS: dict[str, int] = {"smtp": 25, "smtps": 465}

# --- Prometheus Alertmanager (smtp-reference.md 3.3) -----------------------------------------------------

ALERTMANAGER_TOP_KEYS: frozenset[str] = frozenset({"receivers", "route"})
# Receiver key -> global key (global keys are the receiver's with the smtp_ prefix).
ALERTMANAGER_FIELDS: tuple[str, ...] = (
    "smarthost", "require_tls", "force_implicit_tls", "auth_username", "auth_password",
    "auth_password_file", "auth_secret", "auth_secret_file", "auth_identity", "tls_config", "hello",
)
ALERTMANAGER_GLOBAL_PREFIX = "smtp_"
ALERTMANAGER_IMPLICIT_PORT = 465

# --- Environment blocks (docker-compose environment:, Discourse env:) ------------------------------------

# A variable is passed to envvars when one of its "_"-separated words is one of these, or it is named here.
ENV_WORDS: frozenset[str] = frozenset({"SMTP", "MAIL", "EMAIL", "MAILER", "SMTPS"})
ENV_NAMES: frozenset[str] = frozenset({"NODE_TLS_REJECT_UNAUTHORIZED", "MAILER_DSN", "MAILER_URL", "EMAIL_URL"})
DISCOURSE_PREFIX = "DISCOURSE_"


def env_relevant(name: str) -> bool:
    """True when an environment variable's name looks SMTP-related (SMTP_HOST, PENPOT_SMTP_PORT, ...)."""
    upper = name.strip().upper()
    if upper in ENV_NAMES or upper in relay_env.NAMES:
        return True
    return any(word in ENV_WORDS for word in upper.split("_"))
