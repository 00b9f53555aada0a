"""SMTP clients configured in source code: Ruby (Action Mailer, gitlab.rb), JavaScript/TypeScript
(nodemailer) and PHP (PHPMailer, Laravel config/mail.php), read with tree-sitter grammars (the optional
``smtplint[code]`` extra), never run.

Source files are probed: a ``.rb``/``.js``/``.ts``/``.php`` file is read only when its first bytes name the
library's settings (``smtp_settings``, ``gitlab_rails['smtp_``, ``createTransport``, ``->SMTPSecure``,
``'mailers' =>``), so a tree of code costs one look at a few files and no grammar is imported for anything
else. Without the grammar a matching file is listed as skipped with a one-line reason and the run goes on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, ParseContext
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document
    from smtplint.model.layout import Layout

_RUBY = re.compile(rb"smtp_settings|gitlab_rails\[\s*['\"]smtp_|delivery_method\s*\(?\s*:smtp")
_NODEMAILER = re.compile(rb"\bcreateTransport\s*\(")
_PHP = re.compile(rb"->\s*(?:SMTPSecure|SMTPAutoTLS|isSMTP\b)|['\"]mailers['\"]\s*=>|['\"]WPMS_SMTP_(?:HOST|PORT)['\"]")


_JAVA = re.compile(rb"[\"']mail\.(?:smtps?\.|transport\.protocol[\"'])|\bJavaMailSenderImpl\b")
_CSHARP = re.compile(rb"\bSmtpClient\b")


def _java_sniff(head: bytes) -> bool:
    return (b"mail." in head or b"JavaMailSenderImpl" in head) and _JAVA.search(head) is not None


def _csharp_sniff(head: bytes) -> bool:
    return b"SmtpClient" in head and _CSHARP.search(head) is not None


def _ruby_sniff(head: bytes) -> bool:
    return b"smtp" in head and _RUBY.search(head) is not None


def _js_sniff(head: bytes) -> bool:
    return b"createTransport" in head and _NODEMAILER.search(head) is not None


def _php_sniff(head: bytes) -> bool:
    return (b"SMTP" in head or b"mailers" in head) and _PHP.search(head) is not None


def _skipped(path: str, name: str, reason: str) -> Document:
    from smtplint.model import Document
    return Document(path, name, skipped=reason)


def _parse_ruby(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import code_ruby
    from smtplint.parsers.code_tree import GrammarMissing
    try:
        return code_ruby.parse(path, text)
    except GrammarMissing as missing:
        return _skipped(path, "ruby", str(missing))


def _parse_js(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import code_js
    from smtplint.parsers.code_tree import GrammarMissing
    try:
        return code_js.parse(path, text)
    except GrammarMissing as missing:
        return _skipped(path, "javascript", str(missing))


def _parse_php(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import code_php
    from smtplint.parsers.code_tree import GrammarMissing
    try:
        return code_php.parse(path, text)
    except GrammarMissing as missing:
        return _skipped(path, "php", str(missing))


def _parse_java(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import code_java
    from smtplint.parsers.code_tree import GrammarMissing
    try:
        return code_java.parse(path, text)
    except GrammarMissing as missing:
        return _skipped(path, "java", str(missing))


def _parse_csharp(path: str, text: str, context: ParseContext) -> Document:
    from smtplint.parsers import code_csharp
    from smtplint.parsers.code_tree import GrammarMissing
    try:
        return code_csharp.parse(path, text)
    except GrammarMissing as missing:
        return _skipped(path, "csharp", str(missing))


def _php_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.php(text)


def _ruby_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.ruby(text)


def _js_comments(text: str) -> Layout:
    from smtplint.parsers import comments
    return comments.c_like(text, hash_comments=False)


RUBY = InputFormat(
    name="ruby",
    label=N_("Ruby code"),
    parse=_parse_ruby,
    comments=_ruby_comments,
    probe=("*.rb", "gitlab.rb.template"),
    sniff=_ruby_sniff,
    sniff_named=True,
    docs=(DocsRow("Ruby code (`*.rb`, `gitlab.rb`)",
                  "read with tree-sitter (`smtplint[code]`): Action Mailer `smtp_settings = { address:, port:, "
                  "enable_starttls_auto:, enable_starttls:, tls:, ssl:, openssl_verify_mode:, user_name:, password: "
                  "}`, `delivery_method :smtp, {...}`, Omnibus `gitlab_rails['smtp_*']`; literals, same-file "
                  "constants, `ENV.fetch(\"X\", 587)` / `ENV[\"X\"] || 587` fallbacks"),),
)
JAVASCRIPT = InputFormat(
    name="javascript",
    label=N_("JavaScript/TypeScript code"),
    parse=_parse_js,
    comments=_js_comments,
    probe=("*.js", "*.mjs", "*.cjs", "*.ts", "*.mts", "*.cts", "*.jsx", "*.tsx"),
    sniff=_js_sniff,
    sniff_named=True,
    docs=(DocsRow("JavaScript/TypeScript code (nodemailer)",
                  "read with tree-sitter (`smtplint[code]`): `createTransport({ host, port, secure, requireTLS, "
                  "ignoreTLS, service, auth: { user, pass }, tls: { rejectUnauthorized, minVersion } })`, an object "
                  "in a same-file constant; literals, constants, `process.env.X ?? 587` / `|| 587` fallbacks"),),
)
PHP = InputFormat(
    name="php",
    label=N_("PHP code"),
    parse=_parse_php,
    comments=_php_comments,
    probe=("*.php",),
    sniff=_php_sniff,
    sniff_named=True,
    docs=(DocsRow("PHP code (PHPMailer, Laravel `config/mail.php`, WP Mail SMTP)",
                  "read with tree-sitter (`smtplint[code]`): PHPMailer `$mail->Host`, `Port`, `SMTPSecure` "
                  "(`'ssl'`, `'tls'`, `PHPMailer::ENCRYPTION_*`), `SMTPAutoTLS`, `Username`, `Password`, "
                  "`SMTPOptions['ssl']`; WP Mail SMTP `define('WPMS_SMTP_PORT', 465)`, `WPMS_SSL`, "
                  "`WPMS_SMTP_AUTOTLS` in `wp-config.php`; Laravel `'mailers' => ['smtp' => [...]]` with "
                  "`env('MAIL_PORT', 587)` "
                  "fallbacks; same-file `const`/`define()`"),),
)
JAVA = InputFormat(
    name="java",
    label=N_("Java code"),
    parse=_parse_java,
    comments=_js_comments,
    probe=("*.java",),
    sniff=_java_sniff,
    sniff_named=True,
    docs=(DocsRow("Java code (Jakarta Mail, Spring `JavaMailSenderImpl`)",
                  "read with tree-sitter (`smtplint[code]`): `Properties` `put`/`setProperty` of `mail.smtp.*` / "
                  "`mail.smtps.*` (judged as Spring's `mail.smtp.*` properties), `getTransport(\"smtps\")`, "
                  "`transport.connect(host, port, user, password)`, `JavaMailSenderImpl` `setHost`, `setPort`, "
                  "`setProtocol`, `setUsername`, `setPassword`, `setJavaMailProperties`; literals, same-file "
                  "constants, `System.getProperty(\"x\", \"587\")` fallbacks"),),
)
CSHARP = InputFormat(
    name="csharp",
    label=N_("C# code"),
    parse=_parse_csharp,
    comments=_js_comments,
    probe=("*.cs",),
    sniff=_csharp_sniff,
    sniff_named=True,
    docs=(DocsRow("C# code (System.Net.Mail, MailKit)",
                  "read with tree-sitter (`smtplint[code]`): `new SmtpClient(host, port) { EnableSsl, Credentials "
                  "}` and later assignments, `ServicePointManager.ServerCertificateValidationCallback`; MailKit "
                  "`Connect(host, port, SecureSocketOptions.*)`, `Authenticate(user, password)`, "
                  "`ServerCertificateValidationCallback`; literals, same-file constants, `x ?? \"587\"` "
                  "fallbacks"),),
)
