"""The GitHub Action (action.yml): its steps run here as a runner runs them, on a copy of this checkout.

A composite action is a list of steps; the ``run:`` ones are bash scripts that read their inputs from ``env:``.
The test evaluates the few expressions the action uses (``${{ inputs.x }}``, ``${{ runner.temp }}``), sets the
variables a runner sets (GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT), runs each script with the runner's
``bash --noprofile --norc -eo pipefail``, and checks the SARIF log and the step outputs. The install step
really pip-installs the copy into a fresh virtual environment (it needs the package index, as the
pre-commit test does); ``actions/setup-python`` is the one step it cannot run: the test's Python stands in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.testdata import SARIF_SCHEMA

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")
IGNORED = shutil.ignore_patterns(".git", ".venv", "venv", "__pycache__", "*.egg-info", "build", "dist",
                                 ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis",
                                 ".import_linter_cache", "_trees")

BAD_ENV = "MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl\n"
BAD_MAIN_CF = "mynetworks = 0.0.0.0/0\n"


def _action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    return data


class Runner:
    """Runs the action's steps the way a GitHub runner does, with a per-test workspace."""

    def __init__(self, action_path: Path, temp: Path) -> None:
        self.action = _action()
        self.action_path = action_path
        self.temp = temp

    def inputs(self, given: dict[str, str]) -> dict[str, str]:
        declared = self.action["inputs"]
        assert set(given) <= set(declared), set(given) - set(declared)
        return {name: given.get(name, str(spec.get("default", ""))) for name, spec in declared.items()}

    def _expand(self, text: str, inputs: dict[str, str]) -> str:
        def value(m: re.Match[str]) -> str:
            name = m.group(1)
            if name.startswith("inputs."):
                return inputs[name.removeprefix("inputs.")]
            if name == "runner.temp":
                return str(self.temp)
            raise AssertionError(f"the test does not know the expression {name}")
        return EXPRESSION.sub(value, text)

    def _condition(self, step: dict[str, Any], inputs: dict[str, str]) -> bool:
        condition = step.get("if")
        if condition is None:
            return True
        m = re.fullmatch(r"inputs\.([a-z-]+) == '([^']*)'", condition)
        assert m, f"the test does not know the condition {condition!r}"
        return inputs[m.group(1)] == m.group(2)

    def run(self, workspace: Path, part: str = "lint", **given: str) -> tuple[int, dict[str, str], str]:
        """Run the steps before the lint step (``part="setup"``: Python and the install) or the lint step;
        returns (the exit code of the last step run, the outputs it wrote, its stdout + stderr)."""
        inputs = self.inputs(given)
        outputs_file = self.temp / "github_output"
        steps = self.action["runs"]["steps"]
        lint = next(i for i, step in enumerate(steps) if step.get("id") == "lint")
        code, log = 0, ""
        for step in steps[:lint] if part == "setup" else [steps[lint]]:
            if not self._condition(step, inputs):
                continue
            if "uses" in step:
                assert step["uses"].startswith("actions/setup-python@"), step["uses"]
                continue  # the test's own Python plays actions/setup-python
            assert step["shell"] == "bash" and "${{" not in step["run"]  # inputs only through env: (no injection)
            outputs_file.write_text("")
            env = {**os.environ, "GITHUB_ACTION_PATH": str(self.action_path), "RUNNER_TEMP": str(self.temp),
                   "GITHUB_OUTPUT": str(outputs_file), "GITHUB_WORKSPACE": str(workspace),
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
                   "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
            env.pop("VIRTUAL_ENV", None)
            env.update({k: self._expand(str(v), inputs) for k, v in step.get("env", {}).items()})
            script = self.temp / "step.sh"
            script.write_text(step["run"])
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                                  env=env, capture_output=True, text=True, timeout=600, check=False)
            code, log = proc.returncode, proc.stdout + proc.stderr
            if code != 0 and part == "setup":
                raise AssertionError(f"step {step.get('name')!r} failed ({code}):\n{log}")
        outputs = dict(line.split("=", 1) for line in outputs_file.read_text().splitlines() if "=" in line)
        return code, outputs, log


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """The action's checkout (a copy of this one, as `uses: smtplint/smtplint@ref` fetches it), set up once
    for the module by the action's own steps."""
    base = tmp_path_factory.mktemp("action")
    action_path = base / "_actions" / "smtplint"
    shutil.copytree(REPO, action_path, ignore=IGNORED, symlinks=True)
    temp = base / "runner_temp"
    temp.mkdir()
    workspace = base / "workspace"
    workspace.mkdir()
    runner = Runner(action_path, temp)
    _code, _outputs, log = runner.run(workspace, "setup")
    assert re.search(r"^smtplint \d+\.\d+\.\d+", log, re.M), log  # the install step's check
    venv = temp / "smtplint-venv"
    proc = subprocess.run([str(venv / "bin" / "python"), "-I", "-c", "import smtplint; print(smtplint.__file__)"],
                          capture_output=True, text=True, check=True, cwd=temp)
    assert proc.stdout.startswith(str(venv))  # installed from the copy into the venv, not the test's smtplint
    return runner


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / ".env").write_text(BAD_ENV)
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "main.cf").write_text(BAD_MAIN_CF)
    return tmp_path


def _sarif(path: Path) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    return log


def _rules(log: dict[str, Any]) -> list[str]:
    return sorted(r["ruleId"] for r in log["runs"][0]["results"])


def test_the_action_is_a_composite_that_installs_from_its_own_checkout() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"paths", "args", "sarif-file", "sarif-category", "fail-on"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    assert any('pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in s.get("run", "")
               for s in steps)
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.lint.outputs.sarif-file }}"


def test_default_inputs_write_sarif_and_fail_on_findings(installed: Runner, workspace: Path) -> None:
    code, outputs, log = installed.run(workspace)
    assert code == 1, log
    assert outputs == {"sarif-file": "smtplint.sarif", "exit-code": "1"}
    sarif = _sarif(workspace / "smtplint.sarif")
    assert _rules(sarif) == ["SMTP103", "SMTP201", "SMTP301"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"app/.env", "mail/main.cf"}


def test_fail_on_never_still_writes_the_log(installed: Runner, workspace: Path) -> None:
    code, outputs, log = installed.run(workspace, **{"fail-on": "never", "sarif-file": "out/s.sarif"})
    assert code == 0, log
    assert outputs == {"sarif-file": "out/s.sarif", "exit-code": "0"}
    assert _rules(_sarif(workspace / "out" / "s.sarif")) == ["SMTP103", "SMTP201", "SMTP301"]


def test_fail_on_a_severity(installed: Runner, workspace: Path) -> None:
    (workspace / "mail" / "main.cf").unlink()  # leaves SMTP103 and SMTP201, warnings
    assert installed.run(workspace, **{"fail-on": "error"})[0] == 0
    assert installed.run(workspace, **{"fail-on": "warning"})[0] == 1


def test_paths_args_and_category(installed: Runner, workspace: Path) -> None:
    code, _outputs, log = installed.run(workspace, paths="app\nmail", args="--select SMTP3 --isolated",
                                       **{"sarif-category": "mail-config"})
    assert code == 1, log
    sarif = _sarif(workspace / "smtplint.sarif")
    assert _rules(sarif) == ["SMTP301"]
    assert sarif["runs"][0]["automationDetails"]["id"] == "mail-config/"
    assert installed.run(workspace, paths="app")[0] == 1
    assert _rules(_sarif(workspace / "smtplint.sarif")) == ["SMTP103", "SMTP201"]


def test_an_unknown_fail_on_is_an_error(installed: Runner, workspace: Path) -> None:
    code, outputs, log = installed.run(workspace, **{"fail-on": "sometimes"})
    assert code == 2 and "fail-on must be" in log and outputs == {}


def test_inputs_are_not_shell_code(installed: Runner, workspace: Path) -> None:
    """A path such as `$(touch pwned)` or `*` is a word passed to smtplint, never run or globbed."""
    code, _outputs, log = installed.run(workspace, paths="app $(touch pwned) *")
    assert code == 2, log  # the two odd words are paths that do not exist
    assert not (workspace / "pwned").exists()
    assert "$(touch" in log
