"""Linking a docker-compose file with the ``.env`` beside it and its services' ``env_file:`` entries.

Compose's own rules (docs.docker.com "Interpolation" and "Set environment variables"):

* ``${VAR}``/``$VAR`` in the compose file are interpolated from the shell and from the ``.env`` file in the
  project directory (the compose file's directory). The shell is invisible to smtplint, so a ``.env``
  value is taken as the value. ``${VAR:-default}`` uses the default when VAR is unset *or empty*,
  ``${VAR-default}`` only when unset; ``${VAR:?err}``/``${VAR?err}`` need VAR. ``$$`` is a literal ``$``.
  A list item without ``=`` (``- SMTP_PASS``) passes VAR through from the same environment.
* ``env_file:`` files (relative to the compose file) are the container's variables; ``environment:``
  entries win over them. Their values are used as the ``.env`` parser reads them.

Where a finding points: at the line that decided the value. A value taken from the ``.env`` file (or an
``env_file:``) is reported at that line with the compose line as related location; a fallback default
(``${SMTP_PORT:-25}`` with no ``SMTP_PORT`` in ``.env``) is reported at the compose line, one severity
lower as every fallback; a value assembled from several variables (``smtp://${U}:${P}@host``) is reported
at the compose line with the ``.env`` lines as related locations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from smtplint.model import Document, Finding, Origin, Setting, Span
from smtplint.model.compose import ComposeService
from smtplint.model.postfix import MainCf
from smtplint.parsers import tls_words
from smtplint.parsers.shapes import env_relevant
from smtplint.patterns import lazy
from smtplint.records import field, record, replace

# ${VAR}, ${VAR:-x}, ${VAR-x}, ${VAR:?x}, ${VAR?x}, $VAR; $$ is handled before matching
_REF = lazy(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
                  r"|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)")

Variables = tuple[list[Setting[str]], list[Span | None]]


@record
class Links:
    """What linking found: for a finding's span, the related spans to add (the other line of a value)."""

    related: dict[Span, list[Span]] = field(default_factory=dict)
    # env_file: files (display path) of services that mount a main.cf override (compose configs: content:):
    # that file's own docker-mailserver/Mailu endpoints are read with the override (relay_env.apply_main_cf)
    main_cf_for: dict[str, MainCf] = field(default_factory=dict)

    def add(self, span: Span, other: Span) -> None:
        """Relate ``other`` to findings reported at ``span``."""
        if other != span and other not in self.related.setdefault(span, []):
            self.related[span].append(other)

    def apply_overrides(self, documents: Iterable[Document]) -> None:
        """Read the relay endpoints of each env_file: document with the main.cf override its service mounts."""
        if not self.main_cf_for:
            return
        from smtplint.parsers.relay_env import apply_main_cf
        for doc in documents:
            main = self.main_cf_for.get(doc.path)
            if main is not None:
                apply_main_cf(doc.endpoints, main)

    def apply(self, findings: Iterable[Finding]) -> set[Finding]:
        """The findings with the other line of each linked value added as a related location."""
        out: set[Finding] = set()
        for f in findings:
            extra = tuple(s for s in self.related.get(f.span, ()) if s not in f.related)
            out.add(replace(f, related=f.related + extra) if extra else f)
        return out


def link(documents: Iterable[tuple[Path, Document]], read: Callable[[Path], bytes | None],
         display: Callable[[Path], str]) -> Links:
    """Resolve every compose service's environment; replace the documents' unresolved endpoints in place.

    ``documents`` pairs each parsed document with its real path; ``read`` returns a file's bytes through
    the engine's cached reader (None when it cannot be read), ``display`` its display path.
    """
    links = Links()
    documents = [(real, doc) for real, doc in documents if doc.compose]
    if not documents:
        return links  # no compose file in this run: the .env reader is not even imported
    from smtplint.parsers.dotenv_ import read_variables
    from smtplint.parsers.text import NotText, decode

    # each file parsed once per run however many services name it: an env_file for its SMTP-related variables
    # only (the .env reader then skips the other lines), the folder's .env whole (any name may be interpolated)
    loaded: dict[tuple[Path, bool], Variables | None] = {}

    def load(path: Path, mail_only: bool) -> Variables | None:
        if (path, mail_only) not in loaded:
            loaded[path, mail_only] = _load(path, mail_only)
        return loaded[path, mail_only]

    def _load(path: Path, mail_only: bool) -> Variables | None:
        if not path.is_file():
            return None
        data = read(path)
        text = decode(data) if data is not None else None
        if text is None or isinstance(text, NotText):
            return None
        settings, value_spans, _, _ = read_variables(display(path), text, keep=env_relevant if mail_only else None)
        return settings, value_spans

    def mail_variables(path: Path) -> list[tuple[Setting[str], Span | None]] | None:
        """The SMTP-related variables of an env_file, in order."""
        found = load(path, True)
        return None if found is None else list(zip(*found, strict=True))

    for real, doc in documents:
        directory = real.parent
        dotenv = _index(load(directory / ".env", False))
        for service in doc.compose:
            if service.main_cf is not None:
                for ref in service.env_files:
                    links.main_cf_for[display(directory / ref.path)] = service.main_cf
            _link_service(doc, service, directory, dotenv, mail_variables, links)
    return links


def _index(found: Variables | None) -> dict[str, tuple[Setting[str], Span | None]] | None:
    if found is None:
        return None
    return {s.key: (s, v) for s, v in zip(*found, strict=True)}  # the last definition wins


def _link_service(doc: Document, service: ComposeService, directory: Path,
                  dotenv: dict[str, tuple[Setting[str], Span | None]] | None,
                  mail_variables: Callable[[Path], list[tuple[Setting[str], Span | None]] | None],
                  links: Links) -> None:
    from smtplint.parsers.envvars import endpoints_from_env

    merged: dict[str, tuple[Setting[str], Span | None]] = {}
    from_file: dict[str, Span] = {}  # variable -> the env_file: entry it came from
    linked = False
    for ref in service.env_files:
        found = mail_variables(directory / ref.path)
        if found is None:
            continue
        linked = True
        for setting, vspan in found:
            merged.pop(setting.key, None)
            merged[setting.key] = (setting, vspan)
            from_file[setting.key] = ref.span
    for setting, vspan in zip(service.environment, service.value_spans, strict=True):
        resolved, rvspan = _interpolate(setting, vspan, dotenv, links)
        linked = linked or resolved is not setting
        merged.pop(setting.key, None)
        merged[setting.key] = (resolved, rvspan)
        from_file.pop(setting.key, None)
    if not linked:
        return  # nothing came from another file: the parser's endpoints stand
    pairs = list(merged.values())
    endpoints = (endpoints_from_env([s for s, _ in pairs], service.span, hint=service.hint,
                                    value_spans=[v for _, v in pairs])
                 if pairs else [])
    if service.main_cf is not None:
        from smtplint.parsers.relay_env import apply_main_cf
        apply_main_cf(endpoints, service.main_cf)
    tls_words.finish(endpoints)
    for ep in service.endpoints:
        if ep in doc.endpoints:
            doc.endpoints.remove(ep)
    doc.endpoints.extend(endpoints)
    service.endpoints = endpoints
    for setting, _ in pairs:
        if setting.key in from_file:  # from an env_file: its env_file: entry is related
            links.add(setting.span, from_file[setting.key])


def _interpolate(setting: Setting[str], vspan: Span | None, dotenv: dict[str, tuple[Setting[str], Span | None]] | None,
                 links: Links) -> tuple[Setting[str], Span | None]:
    """The setting with compose interpolation applied against ``.env``; itself when nothing changes."""
    if dotenv is None or setting.origin is Origin.LITERAL:
        return setting, vspan
    raw = setting.raw
    if not raw and setting.value is None:  # "- SMTP_PASS" / "SMTP_PASS:": passed through
        found = dotenv.get(setting.key.strip())
        if found is None:
            return setting, vspan
        source, source_vspan = found
        links.add(source.span, setting.span)
        return Setting(setting.key, source.value, source.raw, source.span, source.origin), source_vspan
    whole = _REF.fullmatch(raw.strip())
    if whole is not None:
        return _single(setting, vspan, whole, dotenv, links)
    return _composite(setting, vspan, dotenv, links)


def _single(setting: Setting[str], vspan: Span | None, m: re.Match[str],
            dotenv: dict[str, tuple[Setting[str], Span | None]], links: Links) -> tuple[Setting[str], Span | None]:
    name = m.group("name") or m.group("bare")
    op = m.group("op") or ""
    found = dotenv.get(name)
    if found is None or "+" in op:
        return setting, vspan  # unset (the parser's fallback or unknown stands); ${VAR:+alt}: unknown
    source, source_vspan = found
    if op == ":-" and source.origin is Origin.LITERAL and not (source.value or ""):
        return setting, vspan  # set but empty: the default decides, as the parser read it
    links.add(source.span, setting.span)
    return Setting(setting.key, source.value, source.raw, source.span, source.origin), source_vspan


def _composite(setting: Setting[str], vspan: Span | None, dotenv: dict[str, tuple[Setting[str], Span | None]],
               links: Links) -> tuple[Setting[str], Span | None]:
    used: list[Span] = []
    fallback = False
    unknown = False

    def sub(m: re.Match[str]) -> str:
        nonlocal fallback, unknown
        name = m.group("name") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        source = dotenv[name][0] if name in dotenv else None
        known = source is not None and source.origin is not Origin.REFERENCE and source.value is not None
        value = source.value if known and source is not None else None
        if op in (":-", "-") and (value is None or (op == ":-" and not value)):
            if _REF.search(arg):
                unknown = True
            fallback = fallback or value is None or not value
            return arg
        if value is None:
            unknown = True
            return ""
        assert source is not None
        used.append(source.span)
        return value

    text = _REF.sub(sub, setting.raw.replace("$$", "\x00")).replace("\x00", "$")
    if unknown or not used:
        return setting, vspan
    for span in used:
        links.add(setting.span, span)
    return Setting(setting.key, text, text, setting.span, Origin.FALLBACK if fallback else Origin.LITERAL), None
