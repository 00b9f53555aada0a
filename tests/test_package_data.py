"""The JSON Schemas ship inside the wheel: a plain (non-editable) install can load them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_installed_copy_carries_the_schemas(installed_copy: Path, tmp_path: Path) -> None:
    target = installed_copy
    code = (
        "import importlib.resources, json, smtplint\n"
        "files = importlib.resources.files('smtplint.schemas')\n"
        "schema = json.loads(files.joinpath('report.schema.json').read_text())\n"
        "print(smtplint.__file__)\n"
        "print(schema['title'])\n"
    )
    proc = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r})\n" + code],
                          capture_output=True, text=True, check=True, cwd=tmp_path)
    where, title = proc.stdout.splitlines()
    assert where.startswith(str(target))
    assert title == "smtplint JSON report"
    shipped = json.loads((target / "smtplint" / "schemas" / "report.schema.json").read_text())
    assert shipped == json.loads((ROOT / "schemas" / "report.schema.json").read_text())
