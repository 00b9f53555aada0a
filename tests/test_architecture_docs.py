"""docs/architecture.md names the modules the import-linter layers hold, and the guides exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_layer_module_is_in_the_architecture_page() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = {m.removeprefix("smtplint.") for layer in layers for m in re.split(r"\s*[|:]\s*", layer)}
    missing = sorted(m for m in modules if f"`{m}`" not in page)
    assert not missing, f"docs/architecture.md does not describe: {missing}"


def test_every_module_of_the_package_sits_in_a_layer() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [layers] = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layered = {m for layer in layers for m in re.split(r"\s*[|:]\s*", layer)}
    top = {f"smtplint.{p.stem}" for p in (REPO / "smtplint").glob("*.py") if p.stem not in ("__init__", "__main__")}
    top |= {f"smtplint.{p.name}" for p in (REPO / "smtplint").iterdir()
            if p.is_dir() and (p / "__init__.py").is_file() and p.name != "schemas"}
    assert top <= layered, f"modules outside the import-linter layers: {sorted(top - layered)}"


def test_the_guides_are_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for page in ("docs/architecture.md", "docs/adding-a-format.md", "docs/adding-a-rule.md"):
        assert (REPO / page).is_file() and f"({page})" in readme, page
