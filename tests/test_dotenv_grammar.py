"""The one-pattern .env reader agrees with python-dotenv's parser binding for binding (issue 20)."""

from __future__ import annotations

import io

import pytest
from dotenv.parser import parse_stream
from hypothesis import given
from hypothesis import strategies as st

from smtplint.parsers.dotenv_grammar import Binding, bindings, placed_bindings


def dotenv_says(text: str) -> list[Binding]:
    return [Binding(b.key, b.value, b.original.string, b.error)
            for b in parse_stream(io.StringIO(text, newline=""))]


def agree(text: str) -> None:
    assert list(bindings(text)) == dotenv_says(text)
    kept_agree(text)


def _mail_key(key: str) -> bool:
    return "SMTP" in key.upper() or key == "A"


def kept_agree(text: str) -> None:
    """placed_bindings gives the kept entries and the errors of bindings(), each ending where it ends (a kept
    entry read from its line start leaves out the blank lines before it)."""
    expected = []
    offset = 1 if text.startswith("\ufeff") else 0
    for b in bindings(text):
        offset += len(b.original)
        if b.error or (b.key is not None and _mail_key(b.key)):
            expected.append((b.key, b.value, b.error, offset, b.original.strip()))
    got = [(b.key, b.value, b.error, start + len(b.original), b.original.strip())
           for start, b in placed_bindings(text, _mail_key)]
    assert got == expected


# the pieces .env lines are made of, hostile ones included
_PIECES = st.sampled_from([
    "KEY", "SMTP_HOST", "export", "export ", "export\t", "=", "= ", "=\t", " ", "\t", "\n", "\r\n", "\r", "#", " #",
    "'", '"', "\\", "\\'", '\\"', "\\n", "\\\\", "a", "x y", "${X}", "${X:-587}", "\ufeff", "\x0b", "\x1c", "\u2028",
    "\u00a0", "é", "'quoted'", '"quoted"', "'un", '"un', "val#ue", "# comment", "=#", "'k'", "''", '""',
])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_generated_texts(text: str) -> None:
    agree(text)


@given(st.text(alphabet=st.sampled_from(list("AB =#'\"\\\n\r\t x\ufeff$")), max_size=60))
def test_random_characters(text: str) -> None:
    agree(text)


@pytest.mark.parametrize("text", [
    "", "\n", "   ", "# only a comment", "A=1", "A=1\n", "A=1\r\nB=2\rC=3\n", "export A=1", "export  A = 1 # c",
    "A='x\ny'\nB=\"a\\nb\\t\\\"c\\\\\"\nC='it\\'s'\n", "A= # empty\nB=#value\n", "A\nB\n", "'A B'=1",
    "A='unterminated\nB=2\n", "A=\"x\" junk\nB=2\n", "=1\nB=2\n", "'K=1\nB=2\n", "export \nA=1\n",
    "\ufeffA=1", "\ufeff\ufeffA=1", "A=1\n\ufeff'x\nB=2", "A=1\n\ufeff 'x\nB=2\n", "A=1   \t\n\n\n  ",
    "A=\"\\a\\b\\f\\v\\r\\t\\n\\'\\\\\\z\"\n", "A=x\x0by\nB=c\x1cd\n", "A=\u00a0x\u2028y\n",
    "A=a  # c  # d\n", "A=\"\"\nB=''\nC=\n", "A=\"x\\\n\"\n",
    "KEY= '", "SMTP_HOST= '", "SMTP_HOST=  \"x\nB=1\n", "SMTP_HOST= 'a' b\n",  # unclosed or junk after quotes
])
def test_known_shapes(text: str) -> None:
    agree(text)


@given(st.lists(st.sampled_from([
    "SMTP_HOST=mail.example.com", "A=1", "export SMTP_PORT = 25 # c", "B='x y'", 'SMTP_USER="u"', "# c", "", "  ",
    "C=", "SMTP_PASS=p#q", "export B=2", 'D="a # b" # c', "E='it'", "X=${SMTP_HOST:-a}",
]), max_size=30).map("\n".join))
def test_placed_bindings_on_simple_texts(text: str) -> None:
    kept_agree(text)
    kept_agree(text.replace("\n", "\r\n"))


def test_no_python_dotenv_import_for_a_readable_file() -> None:
    import subprocess
    import sys

    code = ("import sys; from smtplint.parsers.dotenv_grammar import bindings; "
            "list(bindings('A=1\\nB=\"2\"\\n# c\\n')); print('dotenv' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
