"""Property-based tests: arbitrary bytes, arbitrary text and mutated fixtures never raise, and every report
format stays valid with exit 0 or 1.

Every parser is reached through :func:`smtplint.parsers.parse_text` / ``parse_bytes`` over the members of
:data:`smtplint.formats.FORMATS`, so a new format is covered as soon as it is declared. Example
counts are set per test (see EXAMPLES); the "ci" profile (tests/conftest.py) makes them derandomized.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smtplint.formats import FORMATS as DECLARED
from smtplint.formats.spec import ParseContext
from smtplint.reading import parse_bytes, parse_text
from tests.conftest import FIXTURES
from tests.robustness._support import REPO, run_inprocess
from tests.testdata import SARIF_SCHEMA

# the examples each test runs (the sum is what CI runs: see the closing note of issue 7)
EXAMPLES = {"text": 150, "bytes": 80, "mutation": 400, "cli": 60}
FORMATS = list(DECLARED)
NAMES = {"yaml": "config.yml", "dotenv": ".env", "django": "settings.py",
         "postfix-main": "main.cf", "postfix-master": "master.cf"}

# text that looks like configuration: keys, values, indentation, quotes, references, brackets, line breaks
_ATOMS = ["smtp", "mail", "EMAIL_HOST", "MAIL_PORT", "host", "port", "password", "security", "ssl", "tls",
          "starttls", "587", "465", "25", "smtp.example.com", "mynetworks", "0.0.0.0/0", "-o", "submission",
          "inet", "smtpd", "${X:-25}", "{{ x }}", "%(x)s", "smtp://u:p@h:25", "from .base import *", "=", ":",
          " ", "  ", "\t", "\n", "\r\n", "\r", "'", '"', "\\", "#", "[", "]", "{", "}", "(", ")", ",", "-", "&a",
          "*a", "<<", "!!python/object:os.system", "\x00", "\ufeff", "\x1b[31m", "é", "\u2028", "[smtp]",
          "spring.mail.host", '"smtpServer"', "True", "None", "if", "else"]
config_text = st.lists(st.one_of(st.sampled_from(_ATOMS), st.text(max_size=8)), max_size=60).map("".join)


class _Every(dict[str, tuple[str, str]]):
    """Every star-imported module is there, with the same text (the text under test)."""

    def __init__(self, module: tuple[str, str]) -> None:
        super().__init__()
        self.module = module

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self.module


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith(".toml"))


FIXTURE_FILES = _fixture_files()


def _check_document(doc: Any, path: str) -> None:
    for diagnostic in doc.diagnostics:
        span = diagnostic.span
        assert span.line >= 1 and span.column >= 1
        assert (span.end_line, span.end_column) >= (span.line, span.column)
    for endpoint in doc.endpoints:
        assert endpoint is not None


@pytest.mark.parametrize("fmt", FORMATS, ids=FORMATS)
@settings(max_examples=EXAMPLES["text"])
@given(text=config_text)
def test_every_parser_accepts_any_text(fmt: str, text: str) -> None:
    doc = parse_text("x", fmt, text, ParseContext(modules=_Every(("base.py", text))))
    _check_document(doc, "x")


@pytest.mark.parametrize("fmt", FORMATS, ids=FORMATS)
@settings(max_examples=EXAMPLES["bytes"])
@given(data=st.binary(max_size=300))
def test_every_parser_accepts_any_bytes(fmt: str, data: bytes) -> None:
    _check_document(parse_bytes("x", fmt, data), "x")


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, at, chunk in edits:
        pos = at % (len(out) + 1)
        if kind == 0:
            out[pos:pos] = chunk  # insert
        elif kind == 1:
            del out[pos:pos + len(chunk) + 1]  # delete
        else:
            out[pos:pos + len(chunk)] = chunk  # overwrite
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10_000),
                           st.one_of(st.binary(max_size=6), st.sampled_from([a.encode() for a in _ATOMS]))),
                 min_size=1, max_size=6)


@settings(max_examples=EXAMPLES["mutation"], suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(FIXTURE_FILES) - 1), edit=edits, fmt=st.sampled_from(FORMATS))
def test_mutated_fixtures_never_raise(index: int, edit: list[tuple[int, int, bytes]], fmt: str) -> None:
    """A fixture file, mutated, parsed as its own kind and as any other kind."""
    from smtplint.files import format_by_name

    source = FIXTURE_FILES[index]
    data = _mutate(source.read_bytes(), edit)
    for kind in {format_by_name(source) or "django", fmt}:
        _check_document(parse_bytes(source.name, kind, data), source.name)


def _validator(name: str) -> Any:
    import jsonschema

    schema_path = {"report": REPO / "smtplint" / "schemas" / "report.schema.json",
                   "sarif": SARIF_SCHEMA}[name]
    schema = json.loads(schema_path.read_text())
    return jsonschema.validators.validator_for(schema)(schema)


VALIDATORS = {"json": _validator("report"), "sarif": _validator("sarif")}


def _valid_formats() -> list[str]:
    """Every report format the CLI knows; SARIF is checked only once smtplint.report.sarif exists."""
    from smtplint.report import FORMATS as KNOWN

    return [f for f in KNOWN if f != "sarif" or _has_sarif()]


def _has_sarif() -> bool:
    try:
        import smtplint.report.sarif  # noqa: F401
    except ImportError:
        return False
    return True


file_contents = st.one_of(config_text.map(str.encode), st.binary(max_size=200))


FILE_NAMES = [*sorted(NAMES.values()), "app.json", "mail.ini", "mail.properties", "helper.py"]


@settings(max_examples=EXAMPLES["cli"], suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(st.sampled_from(FILE_NAMES), file_contents), min_size=1, max_size=4,
                      unique_by=lambda t: t[0]))
def test_whole_cli_gives_valid_reports_and_exit_0_or_1(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, (name, data) in enumerate(files):
            (root / str(i)).mkdir()
            (root / str(i) / name).write_bytes(data)
        cwd = os.getcwd()
        os.chdir(root)
        try:
            outputs = {fmt: run_inprocess("--isolated", "--jobs", "1", "--format", fmt, ".")
                       for fmt in _valid_formats()}
        finally:
            os.chdir(cwd)
    codes = {fmt: code for fmt, (code, _out, _err) in outputs.items()}
    assert set(codes.values()) <= {0, 1}, outputs
    assert len(set(codes.values())) == 1  # every format agrees on the exit code
    for fmt, (_code, out, err) in outputs.items():
        assert "Traceback" not in err and "internal error" not in err
        if fmt in ("json", "sarif", "gitlab"):
            doc = json.loads(out)
            out.encode("ascii")  # escaped: no raw control or non-ASCII character
            validator = VALIDATORS.get(fmt)
            if validator is not None:
                validator.validate(doc)
        else:
            out.encode("utf-8")
            assert "\x1b" not in out
    text_out = outputs["text"][1]
    assert not any(ord(c) < 32 and c != "\n" for c in text_out)
