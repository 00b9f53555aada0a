"""Languages: which one a run speaks, and the gettext translation every user-facing text goes through.

The CLI chooses the language once, before anything is linted (:func:`select_language`: ``--lang``, else
``SMTPLINT_LANG``, else the locale variables ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, else English) and
:func:`install`\\ s it; rules, parsers and reporters then call :func:`_` / :func:`ngettext` when they create a
message. Message templates carry named placeholders that are filled *after* translation::

    _("mail to remote host '{host}' on {where} is sent without TLS").format(host=..., where=...)

The English text is the message id, so English needs no catalog. The Spanish catalog is compiled gettext
(``smtplint/locale/es/LC_MESSAGES/smtplint.mo``, from the ``.po`` beside it) read with the standard library;
Babel is needed only to extract and compile catalogs (``python -m smtplint.i18n_tools``).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "smtplint"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "es")
DEFAULT = "en"
# SARIF run.language: an ISO 639-1 code with an optional region (RFC 5646); SARIF's default is en-US
SARIF_TAGS = {"en": "en-US", "es": "es"}
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_state: dict[str, gettext.NullTranslations | str] = {"translation": gettext.NullTranslations(), "language": DEFAULT}


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now (it is translated where it is shown)."""
    return message


def normalize(value: str | None) -> str | None:
    """``es``, ``es_ES.UTF-8``, ``es-MX`` -> ``es``; ``en_US`` and ``C`` -> ``en``; empty or None -> None."""
    if value is None or not value.strip():
        return None
    return "es" if value.strip().lower()[:2] == "es" else DEFAULT


def select_language(requested: str | None, environ: Mapping[str, str]) -> str:
    """The run's language: ``--lang``, else ``SMTPLINT_LANG``, else the first set locale variable, else English.

    A locale variable selects Spanish when its value starts with ``es`` (``es``, ``es_ES.UTF-8``, ``es_MX``);
    POSIX order: ``LC_ALL`` overrides ``LC_MESSAGES``, which overrides ``LANG``.
    """
    for value in (requested, environ.get("SMTPLINT_LANG")):
        chosen = normalize(value)
        if chosen is not None:
            return chosen
    for name in _LOCALE_VARIABLES:
        chosen = normalize(environ.get(name))
        if chosen is not None:
            return chosen
    return DEFAULT


def load(language: str) -> gettext.NullTranslations:
    """The translation for ``language``: the shipped catalog, or the identity for English (or no catalog)."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True)


def install(language: str) -> None:
    """Make ``language`` the language of every message created from now on (the CLI calls this once)."""
    language = language if language in LANGUAGES else DEFAULT
    _state["translation"] = load(language)
    _state["language"] = language


@contextmanager
def using(language: str) -> Iterator[None]:
    """``language`` installed for a block (a CLI run, one generated page), the previous one restored after."""
    saved = dict(_state)
    install(language)
    try:
        yield
    finally:
        _state.update(saved)


def language() -> str:
    """The installed language code (``en`` or ``es``)."""
    value = _state["language"]
    assert isinstance(value, str)
    return value


def sarif_language() -> str:
    """The installed language as SARIF's ``run.language`` (``en-US``, ``es``)."""
    return SARIF_TAGS[language()]


def _translation() -> gettext.NullTranslations:
    value = _state["translation"]
    assert isinstance(value, gettext.NullTranslations)
    return value


def _(message: str) -> str:
    """``message`` (an English template) in the installed language."""
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural template for ``n``, in the installed language (its plural rule)."""
    return _translation().ngettext(singular, plural, n)


@contextmanager
def argparse_language() -> Iterator[None]:
    """argparse's own texts ("usage:", "options", its error messages) in the installed language, for a while.

    argparse looks its module-level ``_``/``ngettext`` up each time it needs a text; the installed translation
    stands in for them while the parser is built and used, and the originals come back afterwards. argparse's
    message ids that the catalog does not translate (another Python version's wording) stay English.
    """
    import argparse

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# argparse's texts that smtplint's help and errors show (CPython 3.11-3.13 wording), for the catalog.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


def number(value: int) -> str:
    """An integer with thousands grouped as the installed language writes it (``65,536``; ``65.536``)."""
    text = f"{value:,}"
    return text.replace(",", ".") if language() == "es" else text
