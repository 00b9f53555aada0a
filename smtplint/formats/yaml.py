"""YAML files (``*.yml``, ``*.yaml``): generic smtp/mail blocks and the known application schemas."""

from __future__ import annotations

from smtplint.formats.spec import DocsRow, InputFormat, comment_reader, text_parser

FORMAT = InputFormat(
    name="yaml",
    broad=True,
    label="YAML",
    parse=text_parser("yaml_"),
    comments=comment_reader("yaml"),
    names=("*.yml", "*.yaml"),
    docs=(
        DocsRow('YAML: generic blocks',
                '`smtp:`, `mail:`, `email:`, `mailer:`, `smtp_settings:` blocks at any depth: host/server, port, '
                'security/encryption/tls/ssl/starttls/secure, username/user/login, password/pass, `auth:` sub-blocks'),
        DocsRow('YAML: Spring Boot',
                '`spring.mail.*` nested or dotted, `properties` with `mail.smtp.*` keys (nested, dotted, '
                '`"[mail.smtp.auth]"`)'),
        DocsRow('YAML: Alertmanager',
                '`global.smtp_*` and every `receivers[].email_configs[]` entry (`smtp_require_tls` defaults to true)'),
        DocsRow('YAML: docker-compose',
                '`services.*.environment` in list and mapping form carrying `SMTP_*`/`MAIL_*`/`EMAIL_*` variables; '
                'Discourse `env:`'),
        DocsRow('docker-compose + `.env`',
                '`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR` and pass-through `- VAR` resolved against the '
                "`.env` beside the compose file (compose's rule), and each service's `env_file:` entries (relative to"
                ' the compose file; `environment:` wins); a value from `.env` or an `env_file` is reported at that '
                'line with the compose line as related location, a fallback at the compose line one severity lower'),
        DocsRow('YAML: compose `configs:`',
                '`content: |` snippets in main.cf, master.cf or `postconf -P` syntax (by the Postfix file a service '
                "mounts them at: `main.cf`/`postfix-main.cf`, `master.cf`, docker-mailserver's `postfix-master.cf`; "
                "or by content), reported at the compose file's lines; a master.cf snippet inherits only the main.cf "
                'snippets its own container mounts; docker-mailserver\'s `postfix-main.cf` override '
                '(`smtp_tls_wrappermode`, `smtp_tls_security_level`) decides the relay mode of the services that '
                'mount it'),
        DocsRow('YAML: Home Assistant',
                '`notify:` entries with `platform: smtp`: `server`, `port` (default 587), `encryption` (`starttls` '
                'default, `tls` = implicit TLS, `none`), `username`, `password`, `verify_ssl`'),
        DocsRow('YAML: Symfony',
                '`framework.mailer.dsn` and `framework.mailer.transports.*` read as Symfony Mailer DSNs (`%env(X)%` '
                'is a reference)'),
        DocsRow('YAML: Helm values',
                'GitLab chart `global.smtp.*` (`address`, `port`, `user_name`, `password.secret`, `starttls_auto`, '
                '`tls`), Mastodon chart `mastodon.smtp.*` (`server`, `port`, `login`, `enable_starttls`, `tls`), and '
                "other charts' `smtp:`/`mail:` blocks as generic blocks; Sentry's dotted "
                '`mail.host`/`mail.port`/`mail.use-tls`/`mail.use-ssl` likewise'),
        DocsRow('YAML: API descriptions',
                'OpenAPI, Swagger and AsyncAPI descriptions (a top-level `openapi:`, `swagger:` or `asyncapi:` '
                'version with `info:`) are recognised and not searched: their schemas and examples configure '
                'nothing'),
    ),
)
