"""Real code from public projects, linted end to end: the exact findings (each judged by reading the file)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

for grammar in ("tree_sitter_ruby", "tree_sitter_javascript", "tree_sitter_php", "tree_sitter_go"):
    pytest.importorskip(grammar)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "code-corpus"
META = {"SOURCES.tsv", "README.md"}
PERMISSIVE = {"MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC"}

# (file, line, rule, severity): every finding, judged
EXPECTED = {
    # tls.Config{InsecureSkipVerify: true} on a Gmail dialer: right (the sample says so in a comment)
    ("go/LoginRadius__engineering-blog-samples/main.go", 30, "SMTP106", "error"),
    # NewDialer(..., "123456") in gomail's runnable examples: right (an example file: the corpus is judged as
    # real files, tests/data/.smtplint.toml sets lower-examples = false)
    ("go/go-gomail__gomail/example_test.go", 22, "SMTP204", "error"),
    ("go/go-gomail__gomail/example_test.go", 35, "SMTP204", "error"),
    ("go/go-gomail__gomail/example_test.go", 82, "SMTP204", "error"),
    # a MailKit client that accepts every certificate (tests/test_code_corpus_java_csharp.py judges it)
    ("csharp/simplcommerce__SimplCommerce/EmailSender.cs", 38, "SMTP106", "error"),
    # MAIL_SERVER fallback smtp.googlemail.com: right (an old alias of smtp.gmail.com), info
    ("python/miguelgrinberg__flasky/config.py", 7, "SMTP401", "info"),
    # silent, rightly: go/ubogdan__go-playground/main.go (net.Dial, tls.Client only when the port is "465",
    # StartTLS only when it is not: the address is a parameter) and go/wneessen__js-mailer/sendmail.go (go-mail
    # NewClient with the host, port and TLS policy of a submitted form)
}


def _sources() -> list[dict[str, str]]:
    with (CORPUS / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _files() -> set[str]:
    return {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
            if p.is_file() and p.name not in META and p.relative_to(CORPUS).parts[0] != "LICENSES"}


def test_real_code_gives_exactly_the_judged_findings() -> None:
    proc = subprocess.run([sys.executable, "-m", "smtplint", "--format", "json", str(CORPUS)],
                          capture_output=True, text=True, timeout=300, check=False, cwd=CORPUS)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == [] and report["skipped"] == []
    assert report["files_checked"] == len(_files())  # every file is recognised by its bytes
    found = {(f["path"], f["line"], f["rule"], f["severity"]) for f in report["findings"]}
    assert found == EXPECTED


def test_every_file_names_its_origin_and_licence() -> None:
    rows = _sources()
    assert {r["file"] for r in rows} == _files()
    assert {r["file"].split("/")[0] for r in rows} == {"ruby", "javascript", "php", "python", "go", "java", "csharp"}
    for row in rows:
        assert row["repo"].count("/") == 1 and row["path"] and len(row["commit"]) == 40, row
        assert row["file"].split("/")[1] == row["repo"].replace("/", "__"), row
        assert row["license"] in PERMISSIVE, row
        assert (CORPUS / "LICENSES" / f"{row['repo'].replace('/', '__')}.txt").is_file() or (
            row["license"] == "Apache-2.0" and (CORPUS / "LICENSES" / "Apache-2.0.txt").is_file()), row
