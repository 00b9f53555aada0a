"""Encodings and line endings never move a finding: every fixture case, re-encoded, gives the same spans.

CRLF, a UTF-8 BOM and UTF-16 (LE and BE, with BOM) must give exactly the findings of the plain UTF-8/LF file,
at the same lines and columns (a BOM is not a column; a CR before LF is not a character of the line).
A lone CR ends a line in YAML, Python, .env, .properties and JSON, so CR-only files must agree too; Postfix
reads lines up to LF only (a CR-only main.cf is one line to Postfix, and to smtplint), and so do the Go INI
readers of Gitea and Grafana: those two formats are not compared for CR.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, lint

Variant = Callable[[bytes], bytes]


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


VARIANTS: dict[str, Variant] = {
    "crlf": lambda b: _lf(b).replace(b"\n", b"\r\n"),
    "cr": lambda b: _lf(b).replace(b"\n", b"\r"),
    "utf8-bom": lambda b: b"\xef\xbb\xbf" + b,
    "utf16-le-bom": lambda b: b"\xff\xfe" + b.decode("utf-8").encode("utf-16-le"),
    "utf16-be-bom": lambda b: b"\xfe\xff" + b.decode("utf-8").encode("utf-16-be"),
}
# Known defects, kept visible (strict: a fix makes these fail until the entry is removed).
# suppress.py counts lines on LF only, so directives in CR-only files are misplaced (SMTP002/SMTP003).
KNOWN_CR = {
    "django/SMTP002/bad-unused_settings.py", "django/SMTP002/good-statement-over-lines_settings.py",
    "dotenv/SMTP002/bad-unused.env", "dotenv/SMTP002/good-used.env", "dotenv/SMTP003/bad-no-reason",
    "yaml/SMTP002/bad-unused-unknown-malformed.yaml", "yaml/SMTP003/bad-no-reason", "yaml/SMTP003/good-reasons",
}


def _cases() -> list[str]:
    found = set()
    for entry in FIXTURES.glob("*/SMTP*/*"):
        found.add(entry.relative_to(FIXTURES).as_posix())
    return sorted(found)


def _findings(case_dir: Path, name: str) -> list[tuple[str, str, int, int, int, int]]:
    result = lint(case_dir / name, cwd=case_dir)
    assert not result.errors
    return sorted((f.rule_id, f.span.path, f.span.line, f.span.column, f.span.end_line, f.span.end_column)
                  for f in result.findings)


def _copy(case: str, dest: Path, variant: Variant | None) -> None:
    src = FIXTURES / case
    target = dest / src.name
    if src.is_dir():
        shutil.copytree(src, target)
    else:
        shutil.copy(src, target)
    if variant is None:
        return
    for file in [target] if target.is_file() else sorted(target.rglob("*")):
        data = file.read_bytes() if file.is_file() else None
        if data is not None and not file.name.endswith(".toml") and b"\r" not in data:
            file.write_bytes(variant(data))


@pytest.mark.parametrize("case", _cases())
def test_same_findings_whatever_the_encoding_and_line_ending(case: str, tmp_path: Path) -> None:
    fmt = case.split("/", 1)[0]
    name = Path(case).name
    (tmp_path / "plain").mkdir()
    _copy(case, tmp_path / "plain", None)
    plain = _findings(tmp_path / "plain", name)
    differs: dict[str, object] = {}
    for variant, convert in VARIANTS.items():
        if variant == "cr" and fmt in ("postfix", "ini"):
            continue  # Postfix and the Go INI readers end lines at LF only
        (tmp_path / variant).mkdir()
        _copy(case, tmp_path / variant, convert)
        got = _findings(tmp_path / variant, name)
        if got != plain:
            differs[variant] = got
    if case in KNOWN_CR:
        assert list(differs) == ["cr"], "fixed? remove the case from KNOWN_CR"
        pytest.xfail("known defect with CR-only line endings (KNOWN_CR)")
    assert differs == {}
