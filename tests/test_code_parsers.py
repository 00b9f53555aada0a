"""Mail settings in source code (Ruby, JavaScript/TypeScript): value resolution, endpoints, lazy grammars."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from smtplint.model import Dialect, Mode, Origin

pytest.importorskip("tree_sitter_ruby")
pytest.importorskip("tree_sitter_javascript")
pytest.importorskip("tree_sitter_typescript")
pytest.importorskip("tree_sitter_php")

from smtplint.parsers import code_js, code_php, code_ruby
from smtplint.parsers.code_tree import GRAMMARS, GrammarMissing

ROOT = Path(__file__).resolve().parent.parent


def test_rails_hash_resolves_constants_env_fallbacks_and_concatenation() -> None:
    text = textwrap.dedent("""\
        PORT = ENV.fetch("SMTP_PORT", 465).to_i
        DOMAIN = "example" + ".org"
        config.action_mailer.smtp_settings = {
          address: "smtp." + DOMAIN,
          port: PORT,
          user_name: ENV["SMTP_USER"] || "app",
          password: ENV["SMTP_PASSWORD"],
          tls: true,
        }
        """)
    doc = code_ruby.parse("app.rb", text)
    (ep,) = doc.endpoints
    assert ep.dialect is Dialect.RAILS
    assert ep.host is not None and ep.host.value == "smtp.example.org"
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (465, Origin.FALLBACK)
    assert (ep.port.span.line, ep.port.span.column, ep.port.span.end_column) == (5, 3, 13)
    assert ep.username is not None and ep.username.origin is Origin.FALLBACK
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.span.line == 8


def test_pony_via_options_are_the_mail_gems_smtp_settings() -> None:
    """Pony.options = {...} and Pony.mail(...) with braceless or hash-rocket options: one RAILS endpoint per
    via_options hash beside via: :smtp, spanning the via_options pair; via: :sendmail is not SMTP."""
    text = textwrap.dedent("""\
        Pony.options = {
          via: :smtp,
          via_options: { address: 'smtp.example.org', port: '465', tls: true }
        }
        Pony.mail(:to => to, :via => :smtp, :via_options => {
          :address => 'smtp.example.org', :port => '587', :user_name => ENV['U'], :password => ENV['P']
        })
        Pony.mail(to: to, via: :sendmail, via_options: { address: 'smtp.example.org', port: '25' })
        """)
    first, second = code_ruby.parse("app.rb", text).endpoints
    assert first.dialect is second.dialect is Dialect.RAILS
    assert (first.span.line, first.span.column) == (3, 3)
    assert first.mode is not None and first.mode.value is Mode.IMPLICIT_TLS
    assert first.port is not None and first.port.value == 465
    assert (second.span.line, second.port.value if second.port else None) == (5, 587)
    assert second.mode is not None and second.mode.value is Mode.STARTTLS  # enable_starttls_auto's default
    assert second.has_credentials


def test_emailjs_clients_modes_and_default_ports() -> None:
    """emailjs: ssl (true or an object) is implicit TLS on 465, tls is required STARTTLS on 587, neither is
    cleartext on 25; a spread leaves the defaults unknown; v2's server.connect reads the same options."""
    text = textwrap.dedent("""\
        import { SMTPClient } from 'emailjs';
        const a = new SMTPClient({ host: 'smtp.example.org', ssl: { rejectUnauthorized: false } });
        const b = new SMTPClient({ host: 'smtp.example.org', tls: true });
        const c = new SMTPClient({ host: 'smtp.example.org', user: 'u', password: process.env.P });
        const d = new SMTPClient({ ...base, host: 'smtp.example.org' });
        const e = email.server.connect({ host: 'smtp.example.org', ssl: false, port: 2525 });
        """)
    a, b, c, d, e = code_js.parse("mail.js", text).endpoints
    assert {ep.dialect for ep in (a, b, c, d, e)} == {Dialect.EMAILJS}
    assert (a.mode.value, a.port.value, a.port.origin) == (Mode.IMPLICIT_TLS, 465, Origin.DEFAULT)  # type: ignore
    assert a.extra["reject_unauthorized"].value == "false"
    assert (b.mode.value, b.port.value) == (Mode.STARTTLS_REQUIRED, 587)  # type: ignore[union-attr]
    assert (c.mode.value, c.mode.origin, c.port.value) == (Mode.PLAIN, Origin.DEFAULT, 25)  # type: ignore
    assert c.has_credentials and c.password is not None and c.password.origin is Origin.REFERENCE
    assert d.mode is None and d.port is None and not d.complete
    assert (e.mode.value, e.mode.origin, e.port.value) == (Mode.PLAIN, Origin.LITERAL, 2525)  # type: ignore


def test_gitlab_rb_is_one_endpoint_and_comments_are_not_code() -> None:
    text = textwrap.dedent("""\
        # gitlab_rails['smtp_port'] = 25
        gitlab_rails['smtp_address'] = 'smtp.example.org'
        gitlab_rails["smtp_port"] = 587
        gitlab_rails['smtp_enable_starttls_auto'] = false
        """)
    (ep,) = code_ruby.parse("gitlab.rb", text).endpoints
    assert ep.dialect is Dialect.GITLAB
    assert ep.port is not None and (ep.port.value, ep.port.span.line) == (587, 3)
    assert ep.mode is not None and ep.mode.value is Mode.PLAIN
    assert ep.tls_opt_out is not None and ep.tls_opt_out.key == "gitlab_rails['smtp_enable_starttls_auto']"


def test_default_mode_is_uncertain_and_port_defaults_to_25() -> None:
    (ep,) = code_ruby.parse("a.rb", "x.smtp_settings = { address: 'smtp.example.org' }\n").endpoints
    assert ep.mode is not None and ep.mode.origin is Origin.DEFAULT and not ep.mode_certain
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (25, Origin.DEFAULT)


def test_nodemailer_resolution_in_typescript() -> None:
    text = textwrap.dedent("""\
        const HOST = "smtp.example.org" as const;
        const port = parseInt(process.env.SMTP_PORT || "587", 10);
        export const t = createTransport({ host: HOST, port, secure: true, auth: { user: 'u', pass: `p${x}` } });
        """)
    (ep,) = code_js.parse("mail.ts", text).endpoints
    assert ep.dialect is Dialect.NODEMAILER_CODE
    assert ep.host is not None and ep.host.value == "smtp.example.org"
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (587, Origin.FALLBACK)
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS
    assert ep.password is not None and ep.password.origin is Origin.REFERENCE


def test_nodemailer_defaults_and_spread() -> None:
    (plain, spread) = code_js.parse("m.js", "createTransport({ host: 'h.example.org' });\n"
                                            "createTransport({ ...base, host: 'h.example.org' });\n").endpoints
    assert plain.port is not None and (plain.port.value, plain.port.origin) == (587, Origin.DEFAULT)
    assert plain.mode is not None and plain.mode.value is Mode.STARTTLS and not plain.mode_certain
    assert spread.port is None and spread.mode is None and not spread.complete


def test_phpmailer_objects_are_kept_apart_and_constants_resolve() -> None:
    text = textwrap.dedent("""\
        <?php
        const PORT = 587;
        $a = new PHPMailer(); $a->Host = 'smtp.example.org'; $a->Port = PORT;
        $a->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
        $this->mailer->Host = "mail" . ".example.net";
        $this->mailer->Port = $_ENV['SMTP_PORT'] ?? 465;
        """)
    first, second = code_php.parse("m.php", text).endpoints
    assert first.dialect is Dialect.PHPMAILER and first.port is not None and first.port.value == 587
    assert first.mode is not None and first.mode.value is Mode.STARTTLS_REQUIRED and first.mode.span.line == 4
    assert second.host is not None and second.host.value == "mail.example.net"
    assert second.port is not None and (second.port.value, second.port.origin) == (465, Origin.FALLBACK)
    assert second.mode is not None and second.mode.origin is Origin.DEFAULT and not second.mode_certain


def test_laravel_config_reads_only_smtp_mailers() -> None:
    text = ("<?php return ['mailers' => ['smtp' => ['transport' => 'smtp', 'host' => 'smtp.example.org', "
            "'port' => env('MAIL_PORT', 587)], 'backup' => ['transport' => 'ses', 'host' => 'x']]];\n")
    (ep,) = code_php.parse("config/mail.php", text).endpoints
    assert ep.dialect is Dialect.LARAVEL
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (587, Origin.FALLBACK)


def test_broken_code_never_raises() -> None:
    for text in ("config.smtp_settings = { address: ", "gitlab_rails['smtp_port'] = ", "\x00\xff", "=begin"):
        code_ruby.parse("x.rb", text)
    for text in ("createTransport({ host: ", "createTransport(", "createTransport({ port: 5e999999 })"):
        code_js.parse("x.js", text)
    for text in ("<?php $m->Port = ", "<?php return ['mailers' => ['smtp' => [", "<?php $m->SMTPOptions = 1;"):
        code_php.parse("x.php", text)


def test_missing_grammar_is_a_one_line_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    from smtplint.formats import code
    from smtplint.parsers import code_tree

    def missing(language: str) -> object:
        raise GrammarMissing(f"the {language} grammar is not available (ImportError); install smtplint[code]")

    monkeypatch.setattr(code_tree, "_parser", missing)
    doc = code.RUBY.parse("gitlab.rb", "gitlab_rails['smtp_port'] = 465\n", code.ParseContext())
    assert doc.skipped is not None and "smtplint[code]" in doc.skipped and "\n" not in doc.skipped
    assert not doc.endpoints


def test_grammar_not_installed_reports_skip_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "gitlab.rb").write_text("gitlab_rails['smtp_port'] = 465\n", encoding="utf-8")
    (tmp_path / "mail.yml").write_text("smtp:\n  host: smtp.example.org\n  port: 587\n  security: ssl\n")
    script = ("import sys; sys.modules['tree_sitter_ruby'] = None; from smtplint.cli import main; "
              f"sys.exit(main(['--format', 'concise', {str(tmp_path)!r}]))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)
    out = proc.stdout + proc.stderr
    assert "gitlab.rb: skipped: the ruby grammar is not available" in out
    assert "SMTP105" in out and "Traceback" not in out


def test_yaml_only_run_imports_no_grammar(tmp_path: Path) -> None:
    for name in ("a.yml", "b.yaml", "c.yml"):
        (tmp_path / name).write_text("smtp:\n  host: smtp.example.org\n  port: 587\n", encoding="utf-8")
    (tmp_path / "app.rb").write_text("puts 'no mail here'\n", encoding="utf-8")
    script = ("import sys; from smtplint.cli import main; main(['--format', 'concise', "
              + ", ".join(repr(str(tmp_path / n)) for n in ("a.yml", "b.yaml", "c.yml")) + "]); "
              f"main(['--format', 'concise', {str(tmp_path)!r}]); "
              "print(sorted(m for m in sys.modules if m.startswith('tree_sitter')))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=False)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


_PHP_CASES = sorted([*(Path(__file__).parent / "fixtures" / "php").rglob("*.php"),
                     *(Path(__file__).parent / "data" / "code-corpus" / "php").rglob("*.php")])


@pytest.mark.parametrize("case", _PHP_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_php_reader_finds_the_nodes_a_full_walk_finds(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """code_tree.nodes_of (tree-sitter's query engine) against a Python walk over every node: same documents."""
    from smtplint.parsers import code_tree

    text = case.read_text(encoding="utf-8")
    fast = code_php.parse(case.name, text)
    assert fast.endpoints or "/bad-" not in str(case)  # a bad case has something to judge
    monkeypatch.setattr(code_php, "nodes_of",
                        lambda src, types: [n for n in code_tree.walk(src.root) if n.type in types])
    slow = code_php.parse(case.name, text)
    assert repr(fast.endpoints) == repr(slow.endpoints)
    assert repr(fast.diagnostics) == repr(slow.diagnostics)


def test_nodes_of_is_source_order_with_outer_nodes_first() -> None:
    from smtplint.parsers import code_tree

    src = code_tree.Source("x.php", "<?php\n$c = ($d = 3); if ($x) { $b = f(array('a' => 1)); }\n", "php")
    found = code_tree.nodes_of(src, frozenset({"assignment_expression", "function_call_expression",
                                               "array_creation_expression", "no_such_node_type"}))
    walked = [n for n in code_tree.walk(src.root) if n.type in {"assignment_expression", "function_call_expression",
                                                                 "array_creation_expression"}]
    assert [(n.type, n.start_byte) for n in found] == [(n.type, n.start_byte) for n in walked]
    assert [n.type for n in found] == ["assignment_expression", "assignment_expression", "assignment_expression",
                                       "function_call_expression", "array_creation_expression"]


def test_without_the_code_extra_every_source_file_is_a_one_line_skip(tmp_path: Path) -> None:
    # a wheel installed without smtplint[code]: neither the tree-sitter runtime nor any grammar is importable
    sources = {  # file name: (the language its grammar reads, a fixture that passes the format's byte check)
        "mailer.rb": ("ruby", "ruby/SMTP101/bad-credentials-default-port-25.rb"),
        "mailer.js": ("javascript", "javascript/SMTP101/bad-emailjs-cleartext.js"),
        "mailer.ts": ("typescript", "javascript/SMTP105/bad-env-fallback.ts"),
        "mailer.php": ("php", "php/SMTP102/bad-autotls-off.php"),
        "Mailer.java": ("java", "java/SMTP101/bad-no-starttls.java"),
        "Mailer.cs": ("csharp", "csharp/SMTP101/bad-enable-ssl-off.cs"),
        "mailer.go": ("go", "go/SMTP101/bad-plainauth-on-25.go"),
    }
    for name, (_language, fixture) in sources.items():
        (tmp_path / name).write_bytes((ROOT / "tests" / "fixtures" / fixture).read_bytes())
    (tmp_path / "mail.yml").write_text("smtp:\n  host: smtp.example.org\n  port: 587\n  security: ssl\n")
    blocked = ["tree_sitter", "tree_sitter_ruby", "tree_sitter_javascript", "tree_sitter_typescript",
               "tree_sitter_php", "tree_sitter_java", "tree_sitter_c_sharp", "tree_sitter_go"]
    script = (f"import sys; sys.modules.update(dict.fromkeys({blocked!r})); from smtplint.cli import main; "
              f"sys.exit(main(['--format', 'concise', '.']))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          check=False)
    assert proc.returncode == 1, proc.stderr  # the YAML finding; no internal error (exit 2)
    skips = sorted(line for line in proc.stderr.splitlines() if "skipped" in line)
    assert skips == sorted(
        f"{name}: skipped: the {language} grammar is not available (ModuleNotFoundError); install smtplint[code] "
        f"(tree-sitter and {GRAMMARS[language][2]}) to read this file" for name, (language, _f) in sources.items())
    assert [line.split(" ", 3)[:3] for line in proc.stdout.splitlines()[:-1]] == [
        ["mail.yml:2:3:", "warning", "SMTP201"], ["mail.yml:4:3:", "error", "SMTP105"]]
    assert "internal error" not in proc.stdout + proc.stderr and "Traceback" not in proc.stderr

