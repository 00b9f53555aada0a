"""One entry point for every report format, so the CLI only names the format.

Reporters never read files: the CLI hands over the text the engine already read and decoded
(``Result.sources``) for the files findings point at, which SARIF needs for GitHub's line hashes and every
format's fingerprint.
"""

from __future__ import annotations

import os
from pathlib import Path

from smtplint.report import Outcome

TEXT_FORMATS = frozenset({"full", "concise", "text"})  # "text" is the default form, "full" (ruff's)
NEEDS_SOURCES = frozenset({"sarif", "gitlab", "full", "text", "json"})  # json: fixes' exact regions
NEEDS_RULES = frozenset({"sarif", "gitlab"})


def render(fmt: str, outcome: Outcome, *, paths: list[str], cwd: Path, root: Path | None = None,
           category: str | None = None, color: bool = False, width: int = 80) -> str:
    """The report in ``fmt``; ``root`` (default: the project root of the first PATH) anchors CI paths.

    ``color`` and ``width`` apply to the text forms only: no other format ever carries ANSI sequences.
    """
    if fmt == "json":
        from smtplint.report import json_
        return json_.render(outcome)
    if fmt in TEXT_FORMATS:
        from smtplint.report import text
        return text.render(outcome, full=fmt != "concise", color=color, width=width)
    from smtplint.report.paths import project_root
    base = Path(os.path.realpath(root)) if root is not None else project_root(paths, cwd)
    if fmt == "sarif":
        from smtplint.report import sarif
        return sarif.render(outcome, root=base, cwd=cwd, category=category)
    if fmt == "github":
        from smtplint.report import github
        return github.render(outcome, root=base, cwd=cwd)
    if fmt == "gitlab":
        from smtplint.report import gitlab
        return gitlab.render(outcome, root=base, cwd=cwd)
    raise ValueError(f"unknown format {fmt!r}")
