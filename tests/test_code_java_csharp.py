"""Mail settings in Java (Jakarta Mail, Spring JavaMailSenderImpl), C# (System.Net.Mail, MailKit) and WP Mail SMTP
constants: value resolution, library semantics, spans, lazy grammars."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin

pytest.importorskip("tree_sitter_java")
pytest.importorskip("tree_sitter_c_sharp")
pytest.importorskip("tree_sitter_php")

from smtplint.parsers import code_csharp, code_java, code_php

ROOT = Path(__file__).resolve().parent.parent


def test_java_properties_are_judged_with_the_spring_mapping() -> None:
    text = textwrap.dedent("""\
        class M {
            static final int PORT = 465;
            void f() {
                Properties props = new Properties();
                props.put("mail.smtp.host", "smtp." + "example.org");
                props.setProperty("mail.smtp.port", String.valueOf(PORT));
                props.put("mail.smtp.ssl.enable", true);
                props.put("mail.smtp.auth", "true");
            }
        }
        """)
    (ep,) = code_java.parse("M.java", text).endpoints
    assert ep.dialect is Dialect.SPRING
    assert ep.host is not None and ep.host.value == "smtp.example.org"
    assert ep.port is not None and (ep.port.value, ep.port.span.line, ep.port.span.column) == (465, 6, 9)
    assert ep.mode is not None and (ep.mode.value, ep.mode.key, ep.mode.raw) == (Mode.IMPLICIT_TLS,
                                                                                "mail.smtp.ssl.enable", "true")
    assert ep.username is not None and ep.username.origin is Origin.REFERENCE  # mail.smtp.auth=true
    assert (ep.span.line, ep.span.end_line) == (5, 8)


def test_java_defaults_follow_jakarta_mail_and_open_properties_leave_them_unknown() -> None:
    plain = 'void f() { Properties p = new Properties(); p.put("mail.smtp.host", "smtp.example.org"); }'
    (ep,) = code_java.parse("A.java", "class A { " + plain + " }").endpoints
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (25, Origin.DEFAULT)
    assert ep.mode is not None and (ep.mode.value, ep.mode.origin) == (Mode.PLAIN, Origin.DEFAULT)
    assert not ep.complete  # no connect(): the credentials may be anywhere
    ssl = 'void f() { Properties p = new Properties(); p.put("mail.smtp.host", "h.example.org"); ' \
          'p.put("mail.smtp.ssl.enable", "true"); }'
    (ep,) = code_java.parse("B.java", "class B { " + ssl + " }").endpoints
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (465, Origin.DEFAULT)
    system = 'void f() { Properties p = System.getProperties(); p.put("mail.smtp.host", "h.example.org"); }'
    (ep,) = code_java.parse("C.java", "class C { " + system + " }").endpoints
    assert ep.mode is None and ep.port is None


def test_java_smtps_transport_and_connect_arguments() -> None:
    text = textwrap.dedent("""\
        class T {
            void f(String user) throws Exception {
                Properties props = new Properties();
                props.put("mail.smtps.auth", "true");
                Session session = Session.getInstance(props);
                Transport transport = session.getTransport("smtps");
                transport.connect("smtp.example.org", 587, user, System.getProperty("pw", "x"));
            }
        }
        """)
    (ep,) = code_java.parse("T.java", text).endpoints
    assert ep.mode is not None and (ep.mode.value, ep.mode.key) == (Mode.IMPLICIT_TLS, "getTransport")
    assert ep.port is not None and (ep.port.value, ep.port.span.line) == (587, 7)
    assert ep.password is not None and ep.password.origin is Origin.FALLBACK
    assert ep.complete


def test_java_sender_setters_win_and_getenv_stays_unknown() -> None:
    text = textwrap.dedent("""\
        class S {
            JavaMailSender s() {
                JavaMailSenderImpl sender = new JavaMailSenderImpl();
                Properties props = new Properties();
                props.put("mail.smtp.host", "ignored.example.org");
                props.put("mail.smtp.port", "25");
                sender.setJavaMailProperties(props);
                sender.setHost("smtp.example.org");
                sender.setPort(Integer.parseInt(System.getenv("SMTP_PORT")));
                sender.setProtocol("smtps");
                return sender;
            }
            void other(JavaMailSenderImpl m) { m.setHost("x.example.org"); m.setJavaMailProperties(loaded()); }
        }
        """)
    first, second = code_java.parse("S.java", text).endpoints
    assert first.host is not None and first.host.value == "smtp.example.org"
    assert first.port is not None and first.port.origin is Origin.REFERENCE
    assert first.mode is not None and (first.mode.value, first.mode.key) == (Mode.IMPLICIT_TLS,
                                                                            "sender.setProtocol")
    assert second.mode is None and not second.complete  # properties from elsewhere


def test_csharp_system_net_mail_semantics() -> None:
    text = textwrap.dedent("""\
        class C {
            const string Host = "smtp.example.org";
            void F() {
                var a = new SmtpClient(Host, 465) { EnableSsl = true };
                var b = new SmtpClient { Host = "smtp.example.org" };
                b.Port = int.Parse(config["Port"] ?? "587");
                var c = new SmtpClient("smtp.example.org") { DeliveryMethod = SmtpDeliveryMethod.Pickup };
            }
        }
        """)
    a, b = code_csharp.parse("C.cs", text).endpoints
    assert a.dialect is Dialect.SYSTEM_NET_MAIL
    assert a.mode is not None and (a.mode.value, a.mode.key, a.mode.span.line) == (Mode.STARTTLS_REQUIRED,
                                                                                   "EnableSsl", 4)
    assert a.port is not None and (a.port.value, a.port.span.column) == (465, 38)
    assert b.port is not None and (b.port.value, b.port.origin) == (587, Origin.FALLBACK)
    assert b.mode is not None and (b.mode.value, b.mode.origin) == (Mode.PLAIN, Origin.DEFAULT)


def test_csharp_mailkit_options_ports_and_credentials() -> None:
    text = textwrap.dedent("""\
        class K {
            void F(SmtpClient client) {
                client.Connect("smtp.example.org");
                client.Connect("smtp.example.org", 0, SecureSocketOptions.SslOnConnect);
                client.Connect("smtp.example.org", 587, SecureSocketOptions.StartTlsWhenAvailable);
                client.Connect("smtp.example.org", 25, SecureSocketOptions.None);
                client.Connect(new Uri("smtps://smtp.example.org"));
                client.Authenticate("user", "pw");
                client.CheckCertificateRevocation = false;
            }
        }
        """)
    auto, ssl, opportunistic, plain = code_csharp.parse("K.cs", text).endpoints
    assert auto.mode is not None and (auto.mode.value, auto.mode.origin) == (Mode.AUTO, Origin.DEFAULT)
    assert auto.port is not None and (auto.port.value, auto.port.origin) == (25, Origin.DEFAULT)
    assert ssl.port is not None and ssl.port.value == 465
    assert opportunistic.mode is not None and opportunistic.mode.value is Mode.STARTTLS
    assert plain.tls_opt_out is not None and plain.tls_opt_out.raw == "None"
    assert plain.password is not None and plain.password.value == "pw"
    assert all(not ep.extra for ep in (auto, ssl, opportunistic, plain))  # revocation is not a verification knob


def test_csharp_accept_all_callbacks() -> None:
    text = textwrap.dedent("""\
        class V {
            void F(SmtpClient c, SmtpClient d) {
                c.ServerCertificateValidationCallback = (s, cert, chain, e) => { return true; };
                c.Connect("smtp.example.org", 465, true);
                d.ServerCertificateValidationCallback = (s, cert, chain, e) => e == SslPolicyErrors.None;
                d.Connect("smtp.example.org", 465, true);
            }
        }
        """)
    c, d = code_csharp.parse("V.cs", text).endpoints
    assert c.extra["accepts_any_certificate"].span.line == 3 and not d.extra


def test_wp_mail_smtp_constants() -> None:
    text = textwrap.dedent("""\
        <?php
        define('WPMS_ON', true);
        define('WPMS_SMTP_HOST', 'smtp.example.org');
        define('WPMS_SMTP_PORT', 587);
        define('WPMS_SSL', 'ssl');
        define('WPMS_SMTP_AUTH', false);
        define('WPMS_SMTP_USER', 'me');
        """)
    (ep,) = code_php.parse("wp-config.php", text).endpoints
    assert ep.dialect is Dialect.WP_MAIL_SMTP
    assert ep.mode is not None and (ep.mode.value, ep.mode.key) == (Mode.IMPLICIT_TLS, "WPMS_SSL")
    assert ep.username is None  # WPMS_SMTP_AUTH false: no credentials are sent
    assert not code_php.parse("wp-config.php", text.replace("'WPMS_ON', true", "'WPMS_ON', false")).endpoints


def test_broken_java_and_csharp_never_raise() -> None:
    for text in ('props.put("mail.smtp.port", ', "class {", "\x00\xff", 'p.put("mail.smtp.port", 99999999999999);'):
        code_java.parse("x.java", text)
    for text in ("new SmtpClient(", "c.Connect(", "\x00\xff", "new SmtpClient(\"h\", 0x) { EnableSsl = }"):
        code_csharp.parse("x.cs", text)


def test_grammar_not_installed_reports_skip_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "Mail.java").write_text('class M { void f() { p.put("mail.smtp.port", "465"); } }\n')
    (tmp_path / "Mail.cs").write_text('class M { void F() { var c = new SmtpClient("h.example.org", 465); } }\n')
    (tmp_path / "mail.yml").write_text("smtp:\n  host: smtp.example.org\n  port: 587\n  security: ssl\n")
    script = ("import sys; sys.modules['tree_sitter_java'] = None; sys.modules['tree_sitter_c_sharp'] = None; "
              "from smtplint.cli import main; "
              f"sys.exit(main(['--format', 'concise', {str(tmp_path)!r}]))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)
    out = proc.stdout + proc.stderr
    assert "Mail.java: skipped: the java grammar is not available" in out
    assert "Mail.cs: skipped: the csharp grammar is not available" in out
    assert "SMTP105" in out and "Traceback" not in out


def test_yaml_only_run_imports_no_java_or_csharp_grammar(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("smtp:\n  host: smtp.example.org\n  port: 587\n", encoding="utf-8")
    (tmp_path / "Plain.java").write_text("class Plain { String smtp = \"smtp\"; }\n", encoding="utf-8")
    (tmp_path / "Plain.cs").write_text("class Plain { string Smtp = \"smtp\"; }\n", encoding="utf-8")
    script = ("import sys; from smtplint.cli import main; "
              f"main(['--format', 'concise', {str(tmp_path / 'a.yml')!r}]); "
              f"main(['--format', 'concise', {str(tmp_path)!r}]); "
              "print(sorted(m for m in sys.modules if m.startswith('tree_sitter')))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


def test_class_named_test_sources_are_example_locations(tmp_path: Path) -> None:
    """Test classes are lowered and tagged by the engine's example policy (config.example_location)."""
    from smtplint.config import example_location

    def example(rel: str) -> bool:
        return example_location(tmp_path / rel, tmp_path)
    assert example("src/main/java/MailSenderTest.java") and example("Mail/SmtpClientTests.cs")
    assert not example("src/main/java/MailSender.java") and not example("DevOps.yml")
    assert not example("Contest.java") and not example("LatestMailer.cs")


def _commons(body: str, header: str = "import org.apache.commons.mail.*;\n") -> list[ClientEndpoint]:
    text = header + "class M {\n" + textwrap.indent(textwrap.dedent(body), "    ") + "}\n"
    return list(code_java.parse("M.java", text).endpoints)


def test_commons_email_modes_and_ports_follow_get_mail_session() -> None:
    """setSSLOnConnect connects to sslSmtpPort (default 465) and ignores smtpPort; otherwise smtpPort (default 25)
    in cleartext unless STARTTLS is enabled; setStartTLSRequired alone makes Jakarta Mail require it."""
    (ssl,) = _commons("""\
        void f() {
            Email email = new SimpleEmail();
            email.setHostName("smtp.example.org");
            email.setSmtpPort(587);
            email.setSSLOnConnect(true);
        }
        """)
    assert ssl.dialect is Dialect.COMMONS_EMAIL
    assert (ssl.mode.value, ssl.port.value, ssl.port.origin) == (
        Mode.IMPLICIT_TLS, 465, Origin.DEFAULT)
    (required,) = _commons("""\
        void f() {
            HtmlEmail email = new HtmlEmail();
            email.setHostName("smtp.example.org").setStartTLSRequired(true);
        }
        """)
    assert (required.mode.value, required.port.value) == (Mode.STARTTLS_REQUIRED, 25)
    (legacy,) = _commons("""\
        void f() {
            SimpleEmail email = new SimpleEmail();
            email.setHostName("smtp.example.org");
            email.setTLS(true);
            email.setSmtpPort(2525);
        }
        """)
    assert (legacy.mode.value, legacy.mode.key, legacy.port.value) == (
        Mode.STARTTLS, "email.setTLS", 2525)
    (plain,) = _commons("""\
        void f() {
            SimpleEmail email = new SimpleEmail();
            email.setHostName("smtp.example.org");
        }
        """)
    assert (plain.mode.value, plain.mode.origin, plain.complete) == (
        Mode.PLAIN, Origin.DEFAULT, True)


def test_commons_email_unknowns_stay_unknown() -> None:
    """A flag that is not a literal leaves the mode and the port unknown; an object made elsewhere may have been
    given TLS and credentials there; a session given to it, or no host, is no endpoint; without the import,
    an Email class is the project's own."""
    (flagged,) = _commons("""\
        void f(boolean ssl) {
            SimpleEmail email = new SimpleEmail();
            email.setHostName("smtp.example.org");
            email.setSSLOnConnect(ssl);
        }
        """)
    assert flagged.mode is None and flagged.port is None
    (given,) = _commons("""\
        void f(Email email) {
            email.setHostName("smtp.example.org");
        }
        """)
    assert given.mode is None and not given.complete
    assert _commons("""\
        void f(javax.mail.Session session) {
            SimpleEmail email = new SimpleEmail();
            email.setHostName("smtp.example.org");
            email.setMailSession(session);
            SimpleEmail other = new SimpleEmail();
            other.setSmtpPort(25);
        }
        """) == []
    assert _commons("""\
        void f(Email email) {
            email.setHostName("smtp.example.org");
        }
        """, header="") == []


def test_commons_email_credentials_from_both_authenticators() -> None:
    (direct, wrapped, other) = _commons("""\
        void f(javax.mail.Authenticator auth) {
            SimpleEmail a = new SimpleEmail();
            a.setHostName("smtp.example.org");
            a.setAuthentication("app", "Zq8vT2mK4rW9xLp");
            SimpleEmail b = new SimpleEmail();
            b.setHostName("smtp.example.org");
            b.setAuthenticator(new DefaultAuthenticator("app", System.getenv("SMTP_PASSWORD")));
            SimpleEmail c = new SimpleEmail();
            c.setHostName("smtp.example.org");
            c.setAuthenticator(auth);
        }
        """)
    assert direct.password.value == "Zq8vT2mK4rW9xLp" and direct.password.origin is Origin.LITERAL
    assert wrapped.username.value == "app" and wrapped.password.origin is Origin.REFERENCE
    assert other.has_credentials and other.password is None
