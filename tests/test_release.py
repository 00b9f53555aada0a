"""Releasable and true: one version, a CHANGELOG that names it, README snippets that work before and after the tag.

The build itself (sdist and wheel, ``twine check``, the wheel installed alone and run) is in ``.ci/run``.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import smtplint

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
RELEASE_TAG = f"v{smtplint.__version__}"
UPSTREAM = "https://github.com/smtplint/smtplint"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def test_the_version_is_written_once() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "smtplint.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", smtplint.__version__)
    assert importlib.metadata.version("smtplint") == smtplint.__version__  # what pip recorded, from the attr


def test_the_changelog_names_the_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (\d+\.\d+\.\d+)\b", changelog, re.M)
    assert releases and releases[0] == smtplint.__version__, "CHANGELOG.md: the newest heading is not __version__"


def test_license_file_is_the_one_the_metadata_names() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT" and pyproject["project"]["license-files"] == ["LICENSE"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


@pytest.mark.parametrize(("name", "once"), [("README.md", "once"), ("README.es.md", "una vez")])
def test_every_snippet_that_pins_smtplint_works_today_and_names_the_release(name: str, once: str) -> None:
    """No snippet pins only a tag that does not exist yet: each names a ref that works today (main, a commit, a
    local path) and the release tag beside it."""
    text = (REPO / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "smtplint/smtplint@" in line or re.match(r"\s*rev: ", line)]
    assert len(lines) >= 6, "the install, pre-commit, action and CI snippets"
    for line in lines:
        assert RELEASE_TAG in line or "main" in line or "COMMIT" in line, line
        if RELEASE_TAG in line and "@" in line:
            assert once in line, f"a release-only pin must say it works once tagged: {line}"
    assert f"rev: {RELEASE_TAG}" in text and f"@{RELEASE_TAG}" in text
    other_tags = re.findall(r"smtplint@(v[0-9.]+[0-9])|rev: (v[0-9.]+[0-9])", text)
    assert {t for pair in other_tags for t in pair if t} == {RELEASE_TAG}  # no stale release named anywhere


def test_the_spanish_readme_covers_what_the_english_one_does() -> None:
    """Options, configuration keys, action inputs and snippets: README.es.md does not send readers elsewhere."""
    spanish = (REPO / "README.es.md").read_text(encoding="utf-8")
    english_usage = README.split("## Usage", 1)[1].split("```", 2)[1]
    spanish_usage = spanish.split("## Uso", 1)[1].split("```", 2)[1]
    assert set(re.findall(r"--[a-z-]+", english_usage)) == set(re.findall(r"--[a-z-]+", spanish_usage))
    [english_toml] = _blocks(README, "toml")
    [spanish_toml] = _blocks(spanish, "toml")
    assert re.findall(r"^([a-z-]+) =", english_toml, re.M) == re.findall(r"^([a-z-]+) =", spanish_toml, re.M)
    action = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))
    for name in (*action["inputs"], *action["outputs"], "upload-sarif", "--format gitlab", "--write-baseline",
                 "disable-next-line", "disable-file", "per-file-ignores", "--sarif-category"):
        assert f"{name}" in spanish, name
    english_code = [line for b in _blocks(README, "yaml") + _blocks(README, "sh") for line in b.splitlines()]
    spanish_code = [line for b in _blocks(spanish, "yaml") + _blocks(spanish, "sh") for line in b.splitlines()]
    def code(lines: list[str], local_path: str) -> list[str]:
        """The snippet lines without comments (translated) and without the local path example (translated)."""
        out = [re.sub(r"\s*#.*", "", line) for line in lines if not line.lstrip().startswith("#")]
        return [line for line in out if line.strip() and local_path not in line]

    spanish_lines = code(spanish_code, "/ruta/")
    assert [line for line in code(english_code, "/path/") if line not in spanish_lines] == []
    for heading in ("## Uso", "## Entradas admitidas", "## Reglas", "## Configuración, supresiones y líneas base",
                    "## Integraciones"):
        assert heading in spanish
    assert "README en inglés](README.md#usage)" not in spanish  # no longer sent to the English options


def test_the_action_snippet_uses_this_actions_inputs() -> None:
    action = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))
    [workflow] = [b for b in _blocks(README, "yaml") if "uses: smtplint/smtplint@" in b]
    steps = YAML(typ="safe").load(workflow)["jobs"]["smtplint"]["steps"]
    [step] = [s for s in steps if s["uses"].startswith("smtplint/smtplint@")]
    assert set(step["with"]) <= set(action["inputs"])
    with_block = workflow.split("uses: smtplint/smtplint@", 1)[1].split("- uses:", 1)[0]
    commented = re.findall(r"^\s*#\s*([a-z-]+):", with_block, re.M)  # the optional inputs shown commented out
    assert commented and set(commented) <= set(action["inputs"]), commented
    upload = next(s for s in steps if s["uses"].startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "always()" and upload["with"]["sarif_file"] == step["with"]["sarif-file"]


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    """A stand-in for the GitHub repository: a git copy of this checkout with a main branch and no tag."""
    copy = tmp_path / "upstream"
    shutil.copytree(REPO, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".*_cache", ".hypothesis", "_trees"))
    env = _git_env(tmp_path)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=copy, env=env, check=True, capture_output=True)
    return copy


def _git_env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", "PRE_COMMIT_HOME": str(home / "pre-commit-home")}


def test_the_precommit_snippet_is_pinned_by_the_command_beside_it(upstream: Path, tmp_path: Path) -> None:
    """The README's pre-commit config, pointed at a copy of this repository, and its autoupdate command: rev
    `main` becomes the commit, and pre-commit accepts the result (the hook itself runs in test_precommit)."""
    [config] = [b for b in _blocks(README, "yaml") if "id: smtplint" in b]
    [command] = [line.split("#")[0].split() for b in _blocks(README, "sh") for line in b.splitlines()
                 if line.startswith("pre-commit autoupdate")]
    assert command[-2:] == ["--repo", UPSTREAM]
    project = tmp_path / "project"
    project.mkdir()
    env = _git_env(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=project, env=env, check=True)
    (project / ".pre-commit-config.yaml").write_text(config.replace(UPSTREAM, str(upstream)))
    run = [sys.executable, "-m", "pre_commit", *command[1:-1], str(upstream)]
    proc = subprocess.run(run, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=upstream, env=env, capture_output=True, text=True,
                          check=True).stdout.strip()
    pinned = YAML(typ="safe").load((project / ".pre-commit-config.yaml").read_text())["repos"][0]
    assert pinned["rev"] == head and pinned["hooks"] == [{"id": "smtplint"}]
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
