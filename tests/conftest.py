"""Shared helpers: lint a file or a folder through the whole pipeline, read `# expect:` comments."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from smtplint.engine import Engine, Result
from smtplint.files import discover

# real projects' code kept as lint inputs (their own tests among them): never collected as tests
collect_ignore_glob = ["data/code-corpus/*"]

# Hypothesis: HYPOTHESIS_PROFILE=ci (the default when CI is set) is derandomized (the same examples on every
# run) and writes no example database; "dev" explores new examples each run. Tests set their max_examples.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

FIXTURES = Path(__file__).parent / "fixtures"
_DIRECTIVE = re.compile(r"^\s*(?:#|//)\s*smtplint\s*:")
# `# expect:` (or `// expect:` in JavaScript/TypeScript fixtures)
_EXPECT = re.compile(r"^\s*(?:#|//)\s*expect:\s*(?P<ids>SMTP\d{3}(?:\s*,\s*SMTP\d{3})*)\s*$"
                     # JSON has no comments: a `"#": "expect: SMTP402",` member plays the same part
                     r'|^\s*"#"\s*:\s*"expect:\s*(?P<json_ids>SMTP\d{3}(?:\s*,\s*SMTP\d{3})*)"\s*,?\s*$')


def lint(*paths: Path | str, cwd: Path | None = None) -> Result:
    """Run discovery and the engine on paths, as the CLI does (configuration files included, so a fixture
    folder may carry a .smtplint.toml with the options it tests)."""
    from smtplint.config import Cli, Resolver
    from smtplint.rules import RULES

    resolver = Resolver(Cli(), list(RULES))
    targets, skipped = discover([str(p) for p in paths], cwd=cwd)
    targets = [t for t in targets if not resolver.excluded(t.path, t.explicit)]
    result = Engine(cwd=cwd, policy=resolver.policy_for).run(targets, skipped)
    assert not resolver.errors, resolver.errors
    return result


def expectations(path: Path, display: str) -> set[tuple[str, str, int]]:
    """(rule, path, line) for each `# expect: ID[, ID]` comment: the next line that is not blank or a comment
    (an own-line `# smtplint:` directive counts as a line: put `# expect:` below it for the line it covers)."""
    out: set[tuple[str, str, int]] = set()
    pending: list[str] = []
    text = path.read_bytes().decode("utf-8", "replace")
    for number, line in enumerate(text.splitlines(), start=1):
        m = _EXPECT.match(line)
        if m:
            pending += [i.strip() for i in (m.group("ids") or m.group("json_ids")).split(",")]
            continue
        if not line.strip() or (line.lstrip().startswith(("#", "//")) and not _DIRECTIVE.match(line)):
            continue  # a `# smtplint:` directive is a line findings (SMTP002/SMTP003) can point at
        out.update((rule, display, number) for rule in pending)
        pending = []
    if pending:
        raise AssertionError(f"{path}: '# expect:' with no line after it")
    return out


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests expect English unless they choose a language: a developer's LANG=es_ES must not change them."""
    monkeypatch.setenv("SMTPLINT_LANG", "en")


@pytest.fixture(scope="session")
def installed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain (non-editable) install of this checkout into a folder, made once per test session: the
    package-data tests import smtplint from it to prove what the wheel ships."""
    target = tmp_path_factory.mktemp("installed") / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target",
         str(target), str(Path(__file__).resolve().parents[1])],
        check=True, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    return target
