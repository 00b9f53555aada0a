"""Rule documentation from the registry: ``docs/rules.md`` and the rule data reporters show (SARIF).

``python -m smtplint.docs_gen > docs/rules.md`` regenerates the page and ``python -m smtplint.docs_gen --lang es
> docs/es/rules.md`` its Spanish edition; ``--check FILE`` exits 1 when the file is out of date
(tests/test_docs.py does the same). Nothing here reads repository files at run time: the registry and the
message catalogs are the only sources. Texts are in the installed language (:mod:`smtplint.i18n`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from smtplint import i18n
from smtplint.i18n import _
from smtplint.ruleinfo import anchor
from smtplint.rules import RULES, render_doc, severity_label

PAGES = {"en": "docs/rules.md", "es": "docs/es/rules.md"}


def render_rules_md(language: str = "en") -> str:
    """The whole ``docs/rules.md`` (``docs/es/rules.md`` for ``es``): an index table, then each rule's page."""
    with i18n.using(language):
        return _rules_md(language)


def _rules_md(language: str) -> str:
    command = "python -m smtplint.docs_gen" + ("" if language == "en" else f" --lang {language}")
    out = [
        "# " + _("smtplint rules"),
        "",
        "<!-- " + _("Generated from the rule registry by `{command}`; do not edit.").format(
            command=f"{command} > {PAGES.get(language, PAGES['en'])}") + " -->",
        "",
        "| {} | {} | {} | {} |".format(_("ID"), _("Name"), _("Default severity"), _("Summary")),
        "| --- | --- | --- | --- |",
    ]
    out += [f"| [`{r.id}`](#{anchor(r)}) | `{r.name}` | {severity_label(r.severity.value)} | {_cell(_(r.summary))} |"
            for r in RULES.values()]
    for rule in RULES.values():
        page = render_doc(rule).rstrip("\n").splitlines()
        out += [""] + [("#" + line if line.startswith("#") and not _in_fence(page, i) else line)
                       for i, line in enumerate(page)]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|")


def _in_fence(lines: list[str], index: int) -> bool:
    """True when ``lines[index]`` is inside a fenced code block (a ``#`` there is a comment, not a heading)."""
    return sum(1 for line in lines[:index] if line.startswith("```")) % 2 == 1


def main(argv: Sequence[str] | None = None) -> int:
    """Print the page (``--lang es``: the Spanish one), or with ``--check FILE`` compare it with FILE."""
    args = list(sys.argv[1:] if argv is None else argv)
    language = "en"
    if args[:1] == ["--lang"] and len(args) >= 2 and args[1] in i18n.LANGUAGES:
        language, args = args[1], args[2:]
    text = render_rules_md(language)
    if args[:1] == ["--check"] and len(args) == 2:
        current = Path(args[1]).read_text(encoding="utf-8") if Path(args[1]).is_file() else ""
        if current != text:
            lang = "" if language == "en" else f" --lang {language}"
            print(f"{args[1]} is out of date: run python -m smtplint.docs_gen{lang} > {args[1]}", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
