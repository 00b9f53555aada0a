"""Spanish and English: catalogs complete and current, language selection, every output format per language."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from smtplint import i18n, i18n_tools
from smtplint.cli import main
from smtplint.i18n import _, ngettext
from smtplint.rules import RULES, render_doc
from tests.testdata import SARIF_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
REPORT_SCHEMA = ROOT / "schemas" / "report.schema.json"
PO = ROOT / "smtplint" / "locale" / "es" / "LC_MESSAGES" / "smtplint.po"
MO = PO.with_suffix(".mo")

SETTINGS = 'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_USE_SSL = True\n'
MAIN_CF = "mynetworks = 127.0.0.0/8 10.0.0.0/8\n"

EXPECTED = {
    "en": [
        "app/settings.py:1:1: warning SMTP201 remote SMTP host 'smtp.example.com' on port 587 is configured "
        "without a user "
        "name or password: a submission server rejects unauthenticated mail (RFC 6409 section 4.3); set the "
        "credentials from the environment or a secret store",
        "app/settings.py:3:1: error SMTP105 port 587 expects STARTTLS but 'EMAIL_USE_SSL=True' starts TLS "
        "immediately: the "
        "connection fails ('wrong version number'); use port 465 for implicit TLS, or STARTTLS on port 587 "
        "[related: app/settings.py:2:1]",
        "main.cf:1:1: warning SMTP301 mynetworks trusts 10.0.0.0/8: every host and container on that private "
        "network can "
        "relay without authentication; list only loopback (127.0.0.0/8 [::1]/128) and the exact hosts that must "
        "relay without SASL",
        "Found 3 findings (1 error, 2 warnings) in 2 files checked.",
    ],
    "es": [
        "app/settings.py:1:1: advertencia SMTP201 el host SMTP remoto 'smtp.example.com' en el puerto 587 está "
        "configurado sin "
        "usuario ni contraseña: un servidor de envío rechaza el correo no autenticado (RFC 6409, sección 4.3); tome "
        "las credenciales del entorno o de un almacén de secretos",
        "app/settings.py:3:1: error SMTP105 el puerto 587 espera STARTTLS pero 'EMAIL_USE_SSL=True' inicia TLS de "
        "inmediato: la conexión falla ('wrong version number'); use el puerto 465 para TLS implícito, o STARTTLS "
        "en el puerto 587 [relacionado: app/settings.py:2:1]",
        "main.cf:1:1: advertencia SMTP301 mynetworks confía en 10.0.0.0/8: cualquier host y contenedor de esa red "
        "privada puede "
        "retransmitir sin autenticarse; incluya solo loopback (127.0.0.0/8 [::1]/128) y los hosts exactos que deben "
        "retransmitir sin SASL",
        "Se encontraron 3 hallazgos (1 error, 2 advertencias) en 2 archivos revisados.",
    ],
}


def _message(line: str) -> str:
    """The message of a concise text line: after "path:line:col: severity SMTPxxx ", before " [related...]"."""
    return line.split(" ", 3)[3].split(" [relac", 1)[0]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(SETTINGS)
    (tmp_path / "main.cf").write_text(MAIN_CF)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """main() with the one-line text form unless a format is named (these tests read finding lines)."""
    code = main(list(args) if any(a.startswith(("--format", "--help")) for a in args) else ["--format=concise", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------------------------------- catalogs


@pytest.fixture(scope="module")
def template() -> Any:
    return i18n_tools.extract()


def test_every_message_id_has_a_spanish_translation_with_the_same_placeholders(template: Any) -> None:
    catalog = i18n_tools.read_po(PO)
    assert i18n_tools.problems(catalog, template) == []
    assert len([m for m in template if m.id]) > 400  # every rule page, message, summary and help text


def test_the_pot_is_current_with_the_sources(template: Any) -> None:
    committed = i18n_tools.read_template(i18n_tools.POT)
    assert {m.id for m in committed if m.id} == {m.id for m in template if m.id}, (
        "smtplint/locale/smtplint.pot is stale: run python -m smtplint.i18n_tools extract")


def test_the_mo_is_current_with_the_po() -> None:
    assert i18n_tools.mo_catalog(MO.read_bytes()) == i18n_tools.mo_catalog(i18n_tools.compiled(PO)), (
        "smtplint.mo is stale: run python -m smtplint.i18n_tools compile")


def test_a_new_babel_release_does_not_make_the_mo_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalogs compare by their messages and metadata: the compiler's version in the header is not part of it."""
    import babel.messages.catalog

    monkeypatch.setattr(babel.messages.catalog, "VERSION", "99.0.0")
    recompiled = i18n_tools.compiled(PO)
    assert b"Generated-By: Babel 99.0.0" in recompiled and b"Generated-By: Babel 99.0.0" not in MO.read_bytes()
    assert i18n_tools.mo_catalog(MO.read_bytes()) == i18n_tools.mo_catalog(recompiled)
    assert "Generated-By" not in i18n_tools.mo_catalog(recompiled)[""]
    assert "Language: es\n" in i18n_tools.mo_catalog(recompiled)[""]  # the rest of the header still counts
    assert i18n_tools.main(["check"]) == 0


def test_a_changed_translation_makes_the_mo_stale(tmp_path: Path) -> None:
    po = tmp_path / "es" / "LC_MESSAGES" / "smtplint.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO.read_text(encoding="utf-8").replace('msgstr "advertencia"', 'msgstr "aviso"', 1),
                  encoding="utf-8")
    assert i18n_tools.mo_catalog(MO.read_bytes()) != i18n_tools.mo_catalog(i18n_tools.compiled(po))


def test_check_command_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert i18n_tools.main(["check"]) == 0, capsys.readouterr().err


def test_problems_catches_missing_fuzzy_broken_and_incomplete_plural_translations() -> None:
    from babel.messages.catalog import Catalog

    template = Catalog(domain="smtplint")
    for msgid in ("host '{host}' on {port}", "no placeholders", "fuzzy one", "untranslated"):
        template.add(msgid)
    template.add(("{count} file", "{count} files"))
    catalog = Catalog(locale="es", domain="smtplint")
    catalog.add("host '{host}' on {port}", "host '{servidor}' en {port}")
    catalog.add("no placeholders", "sin marcadores {extra}")
    catalog.add("fuzzy one", "difuso", flags=["fuzzy"])
    catalog.add("untranslated", "")
    catalog.add(("{count} file", "{count} files"), ("{count} archivo", ""))
    found = i18n_tools.problems(catalog, template)
    assert found == [
        "placeholders differ: \"host '{host}' on {port}\": ['host', 'port'] != ['port', 'servidor']",
        "placeholders differ: 'no placeholders': [] != ['extra']",
        "fuzzy translation: 'fuzzy one'",
        "missing translation: 'untranslated'",
        "missing translation: '{count} file'",
    ]


def test_placeholders_are_named_and_printf_ones_counted() -> None:
    assert i18n_tools.placeholders("'{host}' on {port}; '-o {{ name = value }}'") == ["host", "port"]
    assert i18n_tools.placeholders("%(prog)s: error: %(message)s") == ["message", "prog"]
    assert i18n_tools.placeholders("-o { name = value }") == []


def test_extraction_reads_calls_rule_data_and_rejects_fstrings() -> None:
    source = (
        'x = _("one " "sentence {a}")\n'
        'y = ngettext("{n} file", "{n} files", n)\n'
        'R = define("SMTP999", "x", S, "The summary.", RuleDoc(what="What.", why="Why.", example="E", fix="F",\n'
        '           not_reported="N", references=("Ref: https://x",)))\n'
        "z = _(variable)\n"
    )
    found = [m for _line, m in i18n_tools.messages_in(source)]
    assert found == ["one sentence {a}", ("{n} file", "{n} files"), "The summary.", "What.", "Why.", "E", "F",
                     "N", "Ref: https://x"]
    with pytest.raises(i18n_tools.ExtractionError):
        list(i18n_tools.messages_in('_(f"mail to {host}")\n'))
    with pytest.raises(i18n_tools.ExtractionError):
        list(i18n_tools.messages_in('_("mail to " + host)\n'))


def test_no_function_shadows_the_translation_function() -> None:
    """``for _, x in ...`` inside a function that also calls ``_()`` would make ``_`` a local: a crash at run time."""
    import ast

    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
              ast.GeneratorExp)

    def own_scope(fn: ast.AST) -> list[ast.AST]:
        """The nodes of ``fn``'s own scope: not inside comprehensions or nested functions (their own scopes)."""
        out, todo = [], list(ast.iter_child_nodes(fn))
        while todo:
            node = todo.pop()
            out.append(node)
            if not isinstance(node, scopes):
                todo.extend(ast.iter_child_nodes(node))
        return out

    bad = []
    for path in i18n_tools.source_files():
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                stores = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                             for n in own_scope(fn))
                calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                            for n in ast.walk(fn))
                if stores and calls:
                    bad.append(f"{path.name}:{fn.name}")
    assert bad == []


# ------------------------------------------------------------------------------------ language choice


@pytest.mark.parametrize(("requested", "environ", "expected"), [
    ("es", {"SMTPLINT_LANG": "en", "LC_ALL": "en_US.UTF-8"}, "es"),
    ("en", {"SMTPLINT_LANG": "es", "LANG": "es_ES.UTF-8"}, "en"),
    (None, {"SMTPLINT_LANG": "es", "LC_ALL": "en_US.UTF-8"}, "es"),
    (None, {"SMTPLINT_LANG": "en", "LANG": "es_ES.UTF-8"}, "en"),
    (None, {"SMTPLINT_LANG": "", "LANG": "es_ES.UTF-8"}, "es"),
    (None, {"LC_ALL": "es_ES.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
    (None, {"LC_ALL": "C", "LC_MESSAGES": "es_ES.UTF-8"}, "en"),
    (None, {"LC_ALL": "", "LC_MESSAGES": "es_MX", "LANG": "en_US.UTF-8"}, "es"),
    (None, {"LC_MESSAGES": "en_GB.UTF-8", "LANG": "es_ES.UTF-8"}, "en"),
    (None, {"LANG": "es_ES.UTF-8"}, "es"),
    (None, {"LANG": "es_MX"}, "es"),
    (None, {"LANG": "es"}, "es"),
    (None, {"LANG": "es-AR"}, "es"),
    (None, {"LANG": "pt_BR.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_language_precedence(requested: str | None, environ: dict[str, str], expected: str) -> None:
    assert i18n.select_language(requested, environ) == expected


def test_using_restores_the_previous_language() -> None:
    assert i18n.language() == "en"
    with i18n.using("es"):
        assert i18n.language() == "es"
        assert _("error") == "error" and _("warning") == "advertencia"
        assert ngettext("{count} file checked", "{count} files checked", 1) == "{count} archivo revisado"
        assert ngettext("{count} file checked", "{count} files checked", 2) == "{count} archivos revisados"
        assert i18n.number(65536) == "65.536" and i18n.sarif_language() == "es"
    assert i18n.language() == "en" and _("warning") == "warning"
    assert i18n.number(65536) == "65,536" and i18n.sarif_language() == "en-US"


def test_an_unknown_language_falls_back_to_english() -> None:
    with i18n.using("fr"):
        assert i18n.language() == "en" and _("warning") == "warning"


def test_a_spawned_worker_speaks_the_runs_language() -> None:
    from smtplint import parallel

    try:
        parallel._init_worker(1024, str(ROOT), "es")
        assert i18n.language() == "es"
    finally:
        i18n.install("en")
        parallel._WORKER.clear()


# ----------------------------------------------------------------------------------------- the CLI


@pytest.mark.parametrize("language", ["en", "es"])
def test_text_output_per_language(tree: Path, language: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--lang", language, ".")
    assert code == 1
    assert out.splitlines() == EXPECTED[language]


def test_the_environment_chooses_the_language(tree: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SMTPLINT_LANG")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert run(capsys, ".")[1].splitlines() == EXPECTED["es"]
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert run(capsys, ".")[1].splitlines() == EXPECTED["en"]
    monkeypatch.setenv("SMTPLINT_LANG", "es")
    assert run(capsys, ".")[1].splitlines() == EXPECTED["es"]
    assert run(capsys, "--lang=en", ".")[1].splitlines() == EXPECTED["en"]


def test_a_run_does_not_leave_its_language_behind(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--lang", "es", ".")
    assert i18n.language() == "en"


def test_spanish_output_is_deterministic(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "--lang", "es", "--format", "sarif", ".")
    second = run(capsys, "--lang", "es", "--format", "sarif", ".")
    assert first == second


def test_json_keeps_machine_fields_in_english(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    en = json.loads(run(capsys, "--lang", "en", "--format", "json", ".")[1])
    es = json.loads(run(capsys, "--lang", "es", "--format", "json", ".")[1])
    jsonschema.validate(es, json.loads(REPORT_SCHEMA.read_text()))
    assert [(f["rule"], f["name"], f["severity"]) for f in es["findings"]] == [
        ("SMTP201", "missing-auth", "warning"), ("SMTP105", "port-mode-mismatch", "error"),
        ("SMTP301", "broad-mynetworks", "warning")]
    def machine(finding: dict[str, Any]) -> dict[str, Any]:  # a fix's message is for people too
        fix = {k: v for k, v in finding["fix"].items() if k != "message"} if "fix" in finding else None
        return {**{k: v for k, v in finding.items() if k != "message"}, "fix": fix}

    for f_en, f_es in zip(en["findings"], es["findings"], strict=True):
        assert machine(f_en) == machine(f_es)
    assert es["findings"][1]["fix"]["message"] == "usar el puerto 465, el del modo TLS configurado"
    assert [f["message"] for f in es["findings"]] == [_message(line) for line in EXPECTED["es"][:3]]


def test_sarif_in_spanish_sets_the_language_and_validates(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    log = json.loads(run(capsys, "--lang", "es", "--format", "sarif", ".")[1])
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run_ = log["runs"][0]
    assert run_["language"] == "es"
    assert run_["results"][0]["message"]["text"] == _message(EXPECTED["es"][0])
    assert run_["results"][1]["relatedLocations"][0]["message"]["text"] == "ajuste relacionado"
    rule = next(r for r in run_["tool"]["driver"]["rules"] if r["id"] == "SMTP302")
    assert rule["shortDescription"]["text"] == ("Un servicio de envío (submission) de Postfix no exige TLS "
                                                "(smtpd_tls_security_level efectivo may/none).")
    assert rule["fullDescription"]["text"].startswith("Para cada servicio de envío (submission) de master.cf")
    assert "## Qué hace" in rule["help"]["markdown"] and "Qué hace" in rule["help"]["text"]
    assert rule["helpUri"].endswith("/docs/es/rules.md#smtp302-submission-tls-may")
    english = json.loads(run(capsys, "--lang", "en", "--format", "sarif", ".")[1])["runs"][0]
    assert english["language"] == "en-US"
    assert [r["ruleId"] for r in english["results"]] == [r["ruleId"] for r in run_["results"]]


def test_help_is_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "es", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: smtplint ")
    assert "\nopciones:\n" in out and "\nargumentos posicionales:\n" in out
    words = " ".join(out.split())
    assert "muestra este mensaje de ayuda y termina" in words
    assert "muestra la versión del programa y termina" in words
    assert "archivos y directorios que se analizan (predeterminado: .)" in words
    assert "Códigos de salida: 0 sin hallazgos" in words
    assert "show this" not in words and "show program" not in words and "(default" not in words
    with pytest.raises(SystemExit):
        main(["--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage: smtplint ") and "files and directories to lint" in english


def test_usage_errors_are_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "es", "--no-such-flag"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("uso: smtplint ")
    assert err.endswith("smtplint: error: argumentos no reconocidos: --no-such-flag\n")
    assert main(["--lang", "es", "--explain", "SMTP999"]) == 2
    assert capsys.readouterr().err == "smtplint: regla desconocida 'SMTP999'; consulte smtplint --list-rules\n"
    assert main(["--lang", "es", "does-not-exist"]) == 2
    assert capsys.readouterr().err == "smtplint: does-not-exist: no existe el archivo o directorio\n"


def test_explain_and_list_rules_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "es", "--explain", "SMTP302"]) == 0
    out = capsys.readouterr().out
    with i18n.using("es"):
        assert out == render_doc(RULES["SMTP302"])
    assert out.startswith("# SMTP302 submission-tls-may\n\nSeveridad predeterminada: error.\n")
    for heading in ("## Qué hace", "## ¿Por qué es un problema?", "## Ejemplo", "## En su lugar",
                    "## No se informa", "## Referencias"):
        assert f"\n{heading}\n" in out
    assert "smtpd_tls_security_level" in out  # parameter names stay untranslated
    assert main(["--lang", "es", "--list-rules"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].split() [:3] == ["SMTP001", "parse-error", "error"]
    assert listed[0].endswith("No se pudo leer o analizar un archivo, o una de sus líneas.")


def test_skipped_files_and_summary_plurals_in_spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / ".env").write_text("SMTP_HOST=localhost\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--lang", "es", "notes.txt", ".env")
    assert code == 2  # a named file of no known kind is an error; the other file is still linted
    assert out == ("Sin hallazgos (1 archivo revisado), pero 1 archivo indicado en la línea de órdenes no se pudo "
                   "analizar.\n")
    assert err == ("notes.txt: error: smtplint no puede leerlo como ninguno de los tipos que conoce (YAML, "
                   "manifiestos de Kubernetes, flujos de CI, .env, main.cf/master.cf de Postfix, settings de Django, "
                   ".properties, INI, JSON, TOML, msmtprc, Dovecot, proxy de correo de nginx, registros DNS, código "
                   "Ruby, código JavaScript/TypeScript, código PHP, código Java, código C#, código Python ni código "
                   "Go): asígnele un tipo con una entrada kinds en la configuración o cámbielo de nombre\n")


def test_parser_diagnostics_and_fallback_notes_in_spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.cf").write_text("smtpd_tls_security_level = may # TODO encrypt\n")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    environment:\n      SMTP_HOST: smtp.example.com\n"
        "      SMTP_PORT: ${SMTP_PORT:-587}\n      SMTP_SECURE: \"true\"\n")
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(capsys, "--lang", "es", "--select", "SMTP001,SMTP105", ".")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("docker-compose.yml:6:7: advertencia SMTP105 el puerto 587 espera STARTTLS pero "
                               "'SMTP_SECURE=true' inicia TLS de inmediato")
    assert lines[0].endswith(" (el valor de SMTP_PORT es un valor predeterminado de respaldo; en producción "
                             "puede sustituirse) [relacionado: docker-compose.yml:5:7]")
    assert lines[1] == ("main.cf:1:32: advertencia SMTP001 '#' dentro del valor de smtpd_tls_security_level no es un "
                        "comentario: Postfix conserva el texto que le sigue como parte del valor; mueva el "
                        "comentario a su propia línea")


# ------------------------------------------------------------------------------------- installation


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_an_installed_copy_finds_the_spanish_catalog(installed_copy: Path, tmp_path: Path) -> None:
    target = installed_copy
    assert (target / "smtplint" / "locale" / "es" / "LC_MESSAGES" / "smtplint.mo").is_file()
    code = (f"import sys; sys.path.insert(0, {str(target)!r})\n"
            "import smtplint.i18n as i18n\n"
            "print(i18n.__file__)\n"
            "with i18n.using('es'):\n"
            "    print(i18n._('Default severity: {severity}.'))\n")
    proc = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True,
                          cwd=tmp_path)
    where, text = proc.stdout.splitlines()
    assert where.startswith(str(target))
    assert text == "Severidad predeterminada: {severity}."


def test_version_does_not_load_a_catalog_dependency() -> None:
    code = ("import sys\nfrom smtplint.cli import main\n"
            "try:\n    main(['--lang', 'es', '--version'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('ruamel', 'jsonschema', 'dotenv', 'babel') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert proc.stdout.splitlines()[-1] == "[]"


def test_babel_is_not_needed_at_run_time() -> None:
    buf = io.StringIO()
    with i18n.using("es"):
        buf.write(_("related setting"))
    assert buf.getvalue() == "ajuste relacionado"
    source = (ROOT / "smtplint" / "i18n.py").read_text(encoding="utf-8")
    assert "import babel" not in source and "from babel" not in source


# ------------------------------------------------------------------------------------------ README.es


def test_spanish_readme_sample_output_is_current() -> None:
    readme = (ROOT / "README.es.md").read_text(encoding="utf-8")
    block = readme.split("$ smtplint --lang es examples/\n", 1)[1].split("```", 1)[0]
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--lang", "es", "examples/"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stdout == block, "README.es.md's sample output is stale: paste `smtplint --lang es examples/`"


def test_spanish_readme_has_the_quickstart_and_every_rule() -> None:
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    spanish = (ROOT / "README.es.md").read_text(encoding="utf-8")
    commands = [line for line in english.splitlines() if line.startswith("python3 -m venv .venv")]
    assert len(commands) == 2 and all(c in spanish.splitlines() for c in commands)
    for rule in RULES.values():
        assert f"| `{rule.id}` | `{rule.name}` |" in spanish
    assert "docs/es/rules.md" in spanish
