"""Shared helpers: lint a file or a folder through the whole pipeline, read `# expect:` comments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smtplint.engine import Engine, Result
from smtplint.files import discover

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT = re.compile(r"^\s*#\s*expect:\s*(?P<ids>SMTP\d{3}(?:\s*,\s*SMTP\d{3})*)\s*$")


def lint(*paths: Path | str, cwd: Path | None = None) -> Result:
    """Run discovery and the engine on paths, as the CLI does."""
    targets, skipped = discover([str(p) for p in paths], cwd=cwd)
    return Engine(cwd=cwd).run(targets, skipped)


def expectations(path: Path, display: str) -> set[tuple[str, str, int]]:
    """(rule, path, line) for each `# expect: ID[, ID]` comment: the next line that is not blank or a comment."""
    out: set[tuple[str, str, int]] = set()
    pending: list[str] = []
    text = path.read_bytes().decode("utf-8", "replace")
    for number, line in enumerate(text.splitlines(), start=1):
        m = _EXPECT.match(line)
        if m:
            pending += [i.strip() for i in m.group("ids").split(",")]
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.update((rule, display, number) for rule in pending)
        pending = []
    if pending:
        raise AssertionError(f"{path}: '# expect:' with no line after it")
    return out


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
