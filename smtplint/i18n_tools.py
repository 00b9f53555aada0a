"""Maintain the gettext catalogs: extract message ids, update the ``.po`` files, compile the ``.mo`` files.

``python -m smtplint.i18n_tools extract``  writes ``smtplint/locale/smtplint.pot`` from the sources and merges
                                          it into every ``.po`` (new ids untranslated, changed ones fuzzy);
``python -m smtplint.i18n_tools compile``  compiles every ``.po`` into the ``.mo`` beside it (fuzzy entries are
                                          left out, so the English text shows until a translator checks them);
``python -m smtplint.i18n_tools check``    exits 1 when the ``.pot`` or a ``.mo`` is stale, or a translation is
                                          missing, fuzzy, or has other placeholders than its message id.

Needs Babel (the ``test`` extra); smtplint itself reads the compiled catalogs with the standard library.
Message ids are found with :mod:`ast` (a Babel extraction method, :func:`extract_python`): the arguments of
``_()``, ``N_()`` and ``ngettext()``, and the rule registry's texts, which are plain data: ``define()``'s
summary and every ``RuleDoc`` section and reference. ``_(variable)`` translates an id marked elsewhere;
an f-string or a concatenation inside ``_()`` is an error (it could never match a catalog entry).
"""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from smtplint.i18n import DOMAIN, LOCALE_DIR
from smtplint.patterns import lazy

PACKAGE = Path(__file__).resolve().parent
POT = LOCALE_DIR / f"{DOMAIN}.pot"
_DOC_FIELDS = ("what", "why", "example", "fix", "not_reported")
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)  # a stable header: regenerating changes no bytes
PLACEHOLDER = lazy(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})|%\(([A-Za-z_]+)\)[srd]|%[srd]")

Message = str | tuple[str, str]
_HEADER_COMMENT = ("# Messages of smtplint, the offline SMTP configuration linter.\n"
                   "# This file is distributed under the same license as smtplint (MIT).\n#")
_HEADER: dict[str, Any] = {"copyright_holder": "smtplint developers", "version": "",
                           "msgid_bugs_address": "https://github.com/smtplint/smtplint/issues"}


class ExtractionError(ValueError):
    """A translation call whose argument is not a literal string (an f-string, a variable)."""


def _name(node: ast.expr) -> str | None:
    """``f`` for ``f(...)`` and ``i18n.f(...)``; None for other callees (``translation.ngettext(...)``)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "i18n":
        return node.attr
    return None


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_in(source: str, filename: str = "<source>") -> Iterator[tuple[int, Message]]:
    """(line, message id or (singular, plural)) for every translatable text in a module, in source order."""
    found: list[tuple[int, int, Message]] = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name in ("_", "N_"):
            arg = node.args[0] if node.args else None
            text = _literal(arg)
            if text is not None:
                found.append((node.lineno, node.col_offset, text))
            elif name == "N_" or isinstance(arg, ast.JoinedStr | ast.BinOp) or arg is None:
                # _(variable) translates an id marked elsewhere; an f-string or "a" + b never matches a catalog id
                raise ExtractionError(f"{filename}:{node.lineno}: {name}() needs one literal string")
        elif name == "ngettext":
            pair = [_literal(a) for a in node.args[:2]]
            if len(pair) != 2 or pair[0] is None or pair[1] is None:
                raise ExtractionError(f"{filename}:{node.lineno}: ngettext() needs two literal strings")
            found.append((node.lineno, node.col_offset, (pair[0], pair[1])))
        elif name == "define" and len(node.args) >= 4 and (summary := _literal(node.args[3])) is not None:
            found.append((node.args[3].lineno, node.args[3].col_offset, summary))
        elif name == "RuleDoc":
            for kw in node.keywords:
                if kw.arg in _DOC_FIELDS and (text := _literal(kw.value)) is not None:
                    found.append((kw.value.lineno, kw.value.col_offset, text))
                elif kw.arg == "references" and isinstance(kw.value, ast.Tuple):
                    found += [(e.lineno, e.col_offset, t) for e in kw.value.elts if (t := _literal(e)) is not None]
    for line, _col, message in sorted(found, key=lambda m: (m[0], m[1])):
        yield line, message


def extract_python(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                   options: Any) -> Iterator[tuple[int, str, Message, list[str]]]:
    """A Babel extraction method (``smtplint.i18n_tools:extract_python`` in a mapping) over :func:`messages_in`."""
    source = fileobj.read().decode("utf-8")
    for line, message in messages_in(source, getattr(fileobj, "name", "<source>")):
        yield line, "ngettext" if isinstance(message, tuple) else "_", message, []


def source_files(root: Path = PACKAGE) -> list[Path]:
    """The package's Python modules, in a stable order (this module has no messages of its own)."""
    return sorted(p for p in root.rglob("*.py") if p.name != "i18n_tools.py")


def extract(root: Path = PACKAGE) -> Any:
    """A Babel template catalog of every message id in the package (locations without line numbers)."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="smtplint", domain=DOMAIN, creation_date=_FIXED_DATE, revision_date=_FIXED_DATE,
                      charset="utf-8", fuzzy=False, header_comment=_HEADER_COMMENT, **_HEADER)
    for path in source_files(root):
        relative = path.relative_to(root.parent).as_posix()
        with path.open("rb") as fh:
            for line, _func, message, _comments in extract_python(fh, None, None, None):
                catalog.add(message, locations=[(relative, line)])
    for note, line in provider_notes(root):
        catalog.add(note, locations=[(PROVIDERS_JSON, line)])
    return catalog


PROVIDERS_JSON = "smtplint/rules/providers.json"


def provider_notes(root: Path = PACKAGE) -> list[tuple[str, int]]:
    """The typo table's ``note`` texts (SMTP401 shows them), with their lines, from the provider data."""
    import json

    path = root.parent / PROVIDERS_JSON
    text = path.read_text(encoding="utf-8")
    notes = [t["note"] for t in json.loads(text).get("typos", []) if t.get("note")]
    lines = text.splitlines()
    return [(n, next((i for i, line in enumerate(lines, 1) if json.dumps(n) in line), 0)) for n in notes]


def write_pot(catalog: Any, path: Path = POT) -> None:
    """Write the template (no line numbers, so moving code leaves it unchanged)."""
    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, catalog, width=100, include_lineno=False, sort_output=False, omit_header=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def po_files() -> list[Path]:
    """Every language's ``.po`` source."""
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_po(path: Path) -> Any:
    """A ``.po`` file as a Babel catalog."""
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as fh:
        return babel_read_po(fh, locale=path.parent.parent.name, domain=DOMAIN)


def update_po(path: Path, template: Any) -> None:
    """Merge the template into the ``.po`` at ``path`` (created when missing); obsolete entries are dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    language = path.parent.parent.name
    catalog = read_po(path) if path.exists() else Catalog(locale=language, domain=DOMAIN, project="smtplint",
                                                          creation_date=_FIXED_DATE, fuzzy=False,
                                                          header_comment=_HEADER_COMMENT, **_HEADER)
    catalog.update(template, no_fuzzy_matching=False)
    catalog.revision_date = _FIXED_DATE
    catalog.obsolete.clear()
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, include_lineno=False, sort_output=False, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def compiled(po: Path) -> bytes:
    """The ``.mo`` bytes for a ``.po`` file (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, read_po(po), use_fuzzy=False)
    return buf.getvalue()


_GENERATOR = lazy(r"^Generated-By:[^\n]*\n?", re.M)


def mo_catalog(data: bytes) -> dict[Any, str]:
    """A compiled catalog's entries as gettext reads them, so catalogs compare whatever wrote the bytes: the
    header's ``Generated-By`` line (the Babel version that compiled it) is left out, as a new Babel release
    changes no message."""
    import gettext

    entries = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]
    if isinstance(entries.get(""), str):
        entries[""] = _GENERATOR.sub("", entries[""])
    return entries


def placeholders(text: str) -> list[str]:
    """The named ``{name}`` and printf ``%(name)s``/``%s`` placeholders of a template, sorted."""
    return sorted(m.group(0) if not (m.group(1) or m.group(2)) else (m.group(1) or m.group(2))
                  for m in PLACEHOLDER.finditer(text))


def problems(catalog: Any, template: Any) -> list[str]:
    """What is wrong with a language's catalog against the template, one line per problem."""
    out: list[str] = []
    for message in template:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        entry = catalog.get(message.id)
        if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
            out.append(f"missing translation: {key!r}")
            continue
        if entry.fuzzy:
            out.append(f"fuzzy translation: {key!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = placeholders(ids[-1])
        for text in strings:
            if placeholders(text) != wanted:
                out.append(f"placeholders differ: {key!r}: {wanted} != {placeholders(text)}")
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            out.append(f"plural forms incomplete: {key!r}")
    return out


def check() -> list[str]:
    """Every problem with the committed catalogs: stale template or ``.mo``, missing or broken translations."""
    template = extract()
    out: list[str] = []
    committed = _ids(read_template(POT)) if POT.exists() else set()
    if committed != _ids(template):
        out.append(f"{POT.relative_to(PACKAGE.parent)} is out of date: run python -m smtplint.i18n_tools extract")
    for po in po_files():
        out += [f"{po.parent.parent.name}: {p}" for p in problems(read_po(po), template)]
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo_catalog(mo.read_bytes()) != mo_catalog(compiled(po)):
            out.append(f"{mo.relative_to(PACKAGE.parent)} is out of date: run python -m smtplint.i18n_tools compile")
    return out


def read_template(path: Path) -> Any:
    """The ``.pot`` as a Babel catalog."""
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as fh:
        return babel_read_po(fh, domain=DOMAIN)


def _ids(catalog: Any) -> set[Message]:
    return {m.id for m in catalog if m.id}


def main(argv: Sequence[str] | None = None) -> int:
    """``extract`` | ``compile`` | ``check``."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else ""
    if command == "extract":
        template = extract()
        write_pot(template)
        for po in po_files():
            update_po(po, template)
        return 0
    if command == "compile":
        for po in po_files():
            po.with_suffix(".mo").write_bytes(compiled(po))
        return 0
    if command == "check":
        found = check()
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    print("usage: python -m smtplint.i18n_tools extract|compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
