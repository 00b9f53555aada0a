"""SMTP clients configured in Python code (smtplib, NetBox EMAIL, Flask-Mail), read with ast: endpoints,
value resolution, traps, and the cheap byte check that keeps other .py files unparsed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from smtplint.model import Dialect, Mode, Origin
from smtplint.parsers import code_python
from tests.conftest import lint

ROOT = Path(__file__).resolve().parent.parent


def _one(text: str, path: str = "mailer.py") -> code_python.ClientEndpoint:
    (ep,) = code_python.parse(path, textwrap.dedent(text)).endpoints
    return ep


def test_smtp_ssl_resolves_same_file_constants_and_env_fallbacks() -> None:
    ep = _one("""\
        import os, smtplib as lib
        HOST = "smtp." + "example.org"
        PORT = int(os.getenv("SMTP_PORT", "587"))
        def send(m):
            with lib.SMTP_SSL(HOST, PORT) as s:
                s.login("app", os.environ["PW"])
        """)
    assert ep.dialect is Dialect.SMTPLIB
    assert ep.host is not None and ep.host.value == "smtp.example.org"
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (587, Origin.FALLBACK)
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS
    assert (ep.mode.span.line, ep.mode.span.column, ep.mode.span.end_column) == (5, 10, 22)
    assert ep.username is not None and ep.username.value == "app"
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE


def test_smtp_modes_follow_starttls_calls() -> None:
    plain = _one("""\
        import smtplib
        s = smtplib.SMTP("mail.example.org")
        s.sendmail("a", "b", "c")
        """)
    assert plain.mode is not None and (plain.mode.value, plain.mode.origin) == (Mode.PLAIN, Origin.DEFAULT)
    assert plain.port is not None and (plain.port.value, plain.port.origin) == (25, Origin.DEFAULT)
    assert plain.complete
    upgraded = _one("""\
        from smtplib import SMTP
        def f():
            try:
                s = SMTP("mail.example.org:2525")
                s.starttls()
            except OSError:
                pass
        """)
    assert upgraded.mode is not None and upgraded.mode.value is Mode.STARTTLS_REQUIRED
    assert upgraded.host is not None and upgraded.host.value == "mail.example.org"
    assert upgraded.port is not None and upgraded.port.value == 2525
    connected = _one("""\
        import smtplib
        def f():
            s = smtplib.SMTP()
            s.connect("mail.example.org", 587)
            s.starttls()
        """)
    assert connected.port is not None and connected.port.value == 587


def test_conditional_or_escaping_objects_have_no_mode() -> None:
    conditional = _one("""\
        import smtplib
        def f(tls):
            s = smtplib.SMTP("mail.example.org", 587)
            if tls:
                s.starttls()
        """)
    assert conditional.mode is None
    attribute = _one("""\
        import smtplib
        class Mailer:
            def open(self):
                self.conn = smtplib.SMTP("mail.example.org", 587)
        """)
    assert attribute.mode is None and not attribute.complete
    passed_on = _one("""\
        import smtplib
        def f():
            s = smtplib.SMTP("mail.example.org", 587)
            helper(s)
        """)
    assert passed_on.mode is None


def test_unknown_host_and_lookalikes_give_no_endpoint() -> None:
    text = """\
        import smtplib, os
        class SMTP: pass
        def f():
            s = smtplib.SMTP()
            s.connect(*os.environ["ADDR"].split(":"))
        x = SMTP()
        label = "smtplib.SMTP('smtp.example.org', 465)"
        """
    assert code_python.parse("m.py", textwrap.dedent(text)).endpoints == []


def test_netbox_email_dict_keeps_its_keys() -> None:
    ep = _one("""\
        EMAIL = {
            'SERVER': 'smtp.example.org',
            'PORT': 25,
            'USE_TLS': False,
        }
        """, "configuration.py")
    assert ep.dialect is Dialect.NETBOX
    assert ep.mode is not None and ep.mode.value is Mode.PLAIN and ep.mode.key == "EMAIL['USE_TLS']"
    assert ep.port is not None and ep.port.key == "EMAIL['PORT']" and ep.port.span.line == 3


def test_flask_settings_in_a_function_are_one_endpoint() -> None:
    ep = _one("""\
        def create_app():
            app = Flask(__name__)
            app.config["MAIL_SERVER"] = "smtp.example.org"
            app.config.update(MAIL_PORT=465, MAIL_USE_SSL=True)
            return app
        """)
    assert ep.dialect is Dialect.FLASK
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.span.line == 4


def test_python2_script_is_skipped_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notify.py"
    path.write_text("import smtplib\nprint 'sending'\ns = smtplib.SMTP('mail.example.org')\n", encoding="utf-8")
    result = lint(path, cwd=tmp_path)
    assert not result.findings and not result.errors
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert [s.reason for s in result.skipped] == [
        f"not valid Python {version} (the Python running smtplint; line 2: Missing parentheses in call to 'print'. "
        "Did you mean print(...)?): not read"]


def test_django_settings_with_smtplib_code_read_both(tmp_path: Path) -> None:
    path = tmp_path / "settings.py"
    path.write_text('import smtplib\nEMAIL_HOST = "smtp.example.org"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\n'
                    'def ping():\n    smtplib.SMTP_SSL("smtp.example.org", 587).noop()\n', encoding="utf-8")
    result = lint(path, cwd=tmp_path)
    assert [(f.rule_id, f.span.line) for f in result.findings] == [("SMTP201", 2), ("SMTP105", 6)]


def test_python_file_without_mail_markers_is_never_parsed(tmp_path: Path) -> None:
    (tmp_path / "util.py").write_text("def add(a, b):\n    return a + b  # not smtp related\n", encoding="utf-8")
    (tmp_path / "mail.py").write_text("import smtplib\n", encoding="utf-8")
    script = ("import sys; from smtplint.parsers import django_; calls = []; real = django_.parse_tree; "
              "django_.parse_tree = lambda t: calls.append(t) or real(t); "
              "from smtplint.cli import main; main(['--format', 'concise', sys.argv[1]]); print(len(calls))")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "1", proc.stdout + proc.stderr


def test_a_temporary_with_chained_calls_is_judged_and_a_returned_one_is_not() -> None:
    chained, returned = code_python.parse("m.py", textwrap.dedent("""\
        import smtplib
        def f():
            smtplib.SMTP("mail.example.org", 587).login("app", PW)
        def g():
            return smtplib.SMTP("mail.example.org", 587)
        """)).endpoints
    assert chained.mode is not None and chained.mode.value is Mode.PLAIN and chained.complete
    assert chained.username is not None and chained.username.value == "app"
    assert returned.mode is None and not returned.complete


def test_parameters_shadow_module_constants_and_methods_do_not_see_class_attributes() -> None:
    shadowed, method = code_python.parse("m.py", textwrap.dedent("""\
        import smtplib
        PORT = 465
        def send(host, PORT=587):
            with smtplib.SMTP_SSL("smtp.example.org", PORT) as s:
                s.noop()
        class Mailer:
            HOST = "smtp.example.org"
            def send(self):
                smtplib.SMTP_SSL(HOST, 465).noop()
        """)).endpoints
    assert shadowed.port is not None and shadowed.port.value is None
    assert method.host is not None and method.host.value is None
