"""SMTP clients configured in source code: Ruby (Action Mailer, gitlab.rb), JavaScript/TypeScript
(nodemailer) and PHP (PHPMailer, Laravel config/mail.php), read with tree-sitter grammars (the optional
``smtplint[code]`` extra), Go (gomail, go-mail, net/smtp) likewise, and Python (smtplib, Flask-Mail, NetBox)
read with ``ast``; never run.

Source files are probed: a ``.rb``/``.js``/``.ts``/``.php`` file is read only when its first bytes name the
library's settings (``smtp_settings``, ``gitlab_rails['smtp_``, ``createTransport``, ``->SMTPSecure``,
``'mailers' =>``), so a tree of code costs one look at a few files and no grammar is imported for anything
else. Without the grammar a matching file is listed as skipped with a one-line reason and the run goes on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from smtplint.formats.spec import DocsRow, InputFormat, Parse, ParseContext, comment_reader, text_parser
from smtplint.i18n import N_

if TYPE_CHECKING:
    from smtplint.model import Document

# Patterns as bytes, searched through re's own cache: compiled only by a run that probes such a file.
_RUBY = rb"smtp_settings|gitlab_rails\[\s*['\"]smtp_|delivery_method\s*\(?\s*:smtp|\bvia_options\b"
_NODEMAILER = rb"\bcreateTransport\s*\(|\bemailjs\b"
_PHP = rb"->\s*(?:SMTPSecure|SMTPAutoTLS|isSMTP\b)|['\"]mailers['\"]\s*=>|['\"]WPMS_SMTP_(?:HOST|PORT)['\"]"
_JAVA = rb"[\"']mail\.(?:smtps?\.|transport\.protocol[\"'])|\bJavaMailSenderImpl\b|\borg\.apache\.commons\.mail2?\b"
_CSHARP = rb"\bSmtpClient\b"


def _java_sniff(head: bytes) -> bool:
    return (b"mail." in head or b"JavaMailSenderImpl" in head) and re.search(_JAVA, head) is not None


def _csharp_sniff(head: bytes) -> bool:
    return b"SmtpClient" in head and re.search(_CSHARP, head) is not None


_GO = (rb"\bNew(?:Plain)?Dialer\s*\(|\bSendMail\s*\(|\bNewClient\s*\(|\bDialer\s*\{|\bsmtp\.Dial\s*\("
       rb"|(?:jordan-wright|scorredoira)/email\b")
_PYTHON = (rb"(?m)\bsmtplib\b|\bSMTP(?:_SSL)?\s*\(|\bMAIL_(?:SERVER|PORT|USE_TLS|USE_SSL)\b"
           rb"|(?:^|\r)EMAIL\s*=\s*\{")  # a lone CR ends a line


def _ruby_sniff(head: bytes) -> bool:
    return b"smtp" in head and re.search(_RUBY, head) is not None


def _js_sniff(head: bytes) -> bool:
    return (b"createTransport" in head or b"emailjs" in head) and re.search(_NODEMAILER, head) is not None


def _php_sniff(head: bytes) -> bool:
    return (b"SMTP" in head or b"mailers" in head) and re.search(_PHP, head) is not None


def python_sniff(head: bytes) -> bool:
    """A ``.py`` file that may configure an SMTP client: smtplib, Flask-Mail's MAIL_ settings, NetBox's EMAIL."""
    return (b"SMTP" in head or b"smtplib" in head or b"MAIL_" in head or b"EMAIL" in head) \
        and re.search(_PYTHON, head) is not None


def _go_sniff(head: bytes) -> bool:
    """A Go file that imports a mail library (gomail, go-mail/mail, net/smtp, wneessen/go-mail) and calls it."""
    return (b"mail" in head or b"net/smtp" in head) and (
        b"gomail" in head or b"go-mail" in head or b"mail.v2" in head or b'"net/smtp"' in head) \
        and re.search(_GO, head) is not None


def _with_grammar(parse: Callable[[str, str], Document], path: str, text: str, name: str) -> Document:
    """A tree-sitter reader's document, or the file skipped with one line when its grammar is missing."""
    from smtplint.model import Document
    from smtplint.parsers.code_tree import GrammarMissing
    try:
        return parse(path, text)
    except GrammarMissing as missing:
        return Document(path, name, skipped=str(missing))


def _grammar_parser(module: str, name: str) -> Parse:
    """``smtplint.parsers.<module>.parse`` (a tree-sitter reader), imported when the first such file is read;
    the file is skipped with one line when its grammar is missing."""
    def parse(path: str, text: str, context: ParseContext) -> Document:
        import importlib
        reader: Callable[[str, str], Document] = importlib.import_module(f"smtplint.parsers.{module}").parse
        return _with_grammar(reader, path, text, name)
    return parse


RUBY = InputFormat(
    name="ruby",
    label=N_("Ruby code"),
    parse=_grammar_parser("code_ruby", "ruby"),
    comments=comment_reader("ruby"),
    probe=("*.rb", "gitlab.rb.template"),
    sniff=_ruby_sniff,
    gate=(b"smtp",),
    sniff_named=True,
    docs=(DocsRow("Ruby code (`*.rb`, `gitlab.rb`)",
                  "read with tree-sitter (`smtplint[code]`): Action Mailer `smtp_settings = { address:, port:, "
                  "enable_starttls_auto:, enable_starttls:, tls:, ssl:, openssl_verify_mode:, user_name:, password: "
                  "}`, `delivery_method :smtp, {...}`, Pony's `via: :smtp, via_options: {...}`, Omnibus "
                  "`gitlab_rails['smtp_*']`; literals, same-file "
                  "constants, `ENV.fetch(\"X\", 587)` / `ENV[\"X\"] || 587` fallbacks"),),
)
JAVASCRIPT = InputFormat(
    name="javascript",
    label=N_("JavaScript/TypeScript code"),
    parse=_grammar_parser("code_js", "javascript"),
    comments=comment_reader("javascript"),
    probe=("*.js", "*.mjs", "*.cjs", "*.ts", "*.mts", "*.cts", "*.jsx", "*.tsx"),
    sniff=_js_sniff,
    gate=(b"createTransport", b"emailjs"),
    sniff_named=True,
    docs=(DocsRow("JavaScript/TypeScript code (nodemailer, emailjs)",
                  "read with tree-sitter (`smtplint[code]`): `createTransport({ host, port, secure, requireTLS, "
                  "ignoreTLS, service, auth: { user, pass }, tls: { rejectUnauthorized, minVersion } })`, an object "
                  "in a same-file constant, a connection URL (`createTransport(\"smtps://user:pass@host\")`); "
                  "literals, constants, `process.env.X ?? 587` / `|| 587` and destructuring-default "
                  "(`const { SMTP_PORT = 587 } = process.env`) fallbacks; emailjs `new SMTPClient({ host, port, "
                  "user, password, ssl, tls })` and `server.connect({...})`"),),
)
PHP = InputFormat(
    name="php",
    label=N_("PHP code"),
    parse=_grammar_parser("code_php", "php"),
    comments=comment_reader("php"),
    probe=("*.php",),
    sniff=_php_sniff,
    gate=(b"SMTP", b"mailers"),
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
    parse=_grammar_parser("code_java", "java"),
    comments=comment_reader("javascript"),
    probe=("*.java",),
    sniff=_java_sniff,
    gate=(b"mail.", b"JavaMailSenderImpl"),
    sniff_named=True,
    docs=(DocsRow("Java code (Jakarta Mail, Spring `JavaMailSenderImpl`, Apache Commons Email)",
                  "read with tree-sitter (`smtplint[code]`): `Properties` `put`/`setProperty` of `mail.smtp.*` / "
                  "`mail.smtps.*` (judged as Spring's `mail.smtp.*` properties), `getTransport(\"smtps\")`, "
                  "`transport.connect(host, port, user, password)`, `JavaMailSenderImpl` `setHost`, `setPort`, "
                  "`setProtocol`, `setUsername`, `setPassword`, `setJavaMailProperties`; Commons Email's "
                  "`setHostName`, `setSmtpPort`, `setSslSmtpPort`, `setSSLOnConnect`, `setStartTLSEnabled`, "
                  "`setStartTLSRequired`, `setSSLCheckServerIdentity`, `setAuthentication` and "
                  "`DefaultAuthenticator`; literals, same-file "
                  "constants, `System.getProperty(\"x\", \"587\")` and `@Value(\"${spring.mail.port:587}\")` "
                  "fallbacks"),),
)
CSHARP = InputFormat(
    name="csharp",
    label=N_("C# code"),
    parse=_grammar_parser("code_csharp", "csharp"),
    comments=comment_reader("javascript"),
    probe=("*.cs",),
    sniff=_csharp_sniff,
    gate=(b"SmtpClient",),
    sniff_named=True,
    docs=(DocsRow("C# code (System.Net.Mail, MailKit)",
                  "read with tree-sitter (`smtplint[code]`): `new SmtpClient(host, port) { EnableSsl, Credentials "
                  "}` and later assignments, `ServicePointManager.ServerCertificateValidationCallback`; MailKit "
                  "`Connect(host, port, SecureSocketOptions.*)`, `Authenticate(user, password)`, "
                  "`ServerCertificateValidationCallback`; literals, same-file constants, `x ?? \"587\"` "
                  "fallbacks"),),
)
PYTHON = InputFormat(
    name="python",
    label=N_("Python code"),
    parse=text_parser("code_python"),
    comments=comment_reader("python"),
    probe=("*.py",),
    sniff=python_sniff,
    gate=(b"SMTP", b"smtplib", b"MAIL_", b"EMAIL"),
    sniff_named=True,
    docs=(DocsRow("Python code (smtplib, Flask-Mail, NetBox)",
                  "read with `ast`, never run: `smtplib.SMTP(host, port)` / `SMTP_SSL(...)` objects with their "
                  "`starttls()`, `login()` and `context=` (`ssl._create_unverified_context()`, a context whose "
                  "`check_hostname = False` / `verify_mode = ssl.CERT_NONE`, `ssl.SSLContext(ssl.PROTOCOL_TLS)`); "
                  "NetBox `EMAIL = {'SERVER':, 'PORT':, 'USE_SSL':, "
                  "'USE_TLS':}`; Flask `app.config['MAIL_*']`, `app.config.update(MAIL_*=...)` and `MAIL_*` in a "
                  "config class; same-file names, `os.getenv(\"X\", \"25\")` fallbacks (a `.py` file that is not "
                  "Django settings)"),),
)
GO = InputFormat(
    name="go",
    label=N_("Go code"),
    parse=_grammar_parser("code_go", "go"),
    comments=comment_reader("javascript"),
    probe=("*.go",),
    sniff=_go_sniff,
    gate=(b"mail", b"net/smtp"),
    sniff_named=True,
    docs=(DocsRow("Go code (gomail, go-mail, net/smtp)",
                  "read with tree-sitter (`smtplint[code]`): gomail / go-mail/mail `NewDialer(host, port, user, "
                  "pass)` with `d.SSL`, `d.TLSConfig = &tls.Config{InsecureSkipVerify: ...}`, `d.StartTLSPolicy`; "
                  "net/smtp `smtp.SendMail(\"host:port\", smtp.PlainAuth(...), ...)`, `smtp.Dial(addr)` with "
                  "`c.StartTLS(cfg)` and `c.Auth(...)`, `tls.Dial(\"tcp\", addr, cfg)` into `smtp.NewClient`; "
                  "jordan-wright/email `e.Send`/`SendWithTLS`/`SendWithStartTLS(addr, auth, ...)` and "
                  "scorredoira/email `email.Send(addr, auth, m)`; "
                  "wneessen/go-mail `mail.NewClient(host, mail.WithPort(), mail.WithSSL(), mail.WithTLSPolicy(), "
                  "...)` and `c.SetSSL()`/`SetTLSPolicy()`/`SetPort()`; literals, `+`, `fmt.Sprintf(\"%s:%d\", "
                  "...)`, `net.JoinHostPort`, same-file names (a name set to different values on different paths "
                  "is judged per path; `os.Getenv` is a reference)"),),
)
