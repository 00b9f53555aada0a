"""The Django settings reader: ast only, exact spans, every indirection form, split settings, diagnostics.

Most tests capture the Settings handed to ``envvars.endpoints_from_env`` (monkeypatched) and assert keys,
raws, origins and spans exactly; the tests at the end run the real environment vocabulary.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Severity, Span
from smtplint.parsers import django_

P = "app/settings.py"
L = Origin.LITERAL
F = Origin.FALLBACK
R = Origin.REFERENCE


@dataclass
class Captured:
    """What the reader passed to endpoints_from_env (the last call)."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def settings(self) -> list[Setting[str]]:
        return list(self.calls[-1]["settings"]) if self.calls else []

    @property
    def complete(self) -> bool:
        return bool(self.calls[-1]["complete"])

    @property
    def block(self) -> Span:
        span = self.calls[-1]["block"]
        assert isinstance(span, Span)
        return span

    def by_key(self) -> dict[str, Setting[str]]:
        return {s.key: s for s in self.settings}

    def get(self, key: str) -> Setting[str]:
        return self.by_key()[key]


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Captured:
    """Replace endpoints_from_env with a recorder (works whether or not envvars.py exists yet)."""
    cap = Captured()

    def fake(settings: Sequence[Setting[str]], block_span: Span, *, hint: Dialect | None = None,
             complete: bool = False, value_spans: Sequence[Span | None] | None = None) -> list[ClientEndpoint]:
        cap.calls.append({"settings": list(settings), "block": block_span, "hint": hint, "complete": complete,
                          "value_spans": list(value_spans) if value_spans is not None else None})
        return []

    try:
        from smtplint.parsers import envvars
    except ImportError:
        module = types.ModuleType("smtplint.parsers.envvars")
        module.endpoints_from_env = fake  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "smtplint.parsers.envvars", module)
    else:
        monkeypatch.setattr(envvars, "endpoints_from_env", fake)
    return cap


def span(line: int, column: int, end_column: int, end_line: int | None = None, path: str = P) -> Span:
    return Span(path, line, column, end_line or line, end_column)


def one(src: str, key: str, captured: Captured, **kw: Any) -> Setting[str]:
    django_.parse(P, src, **kw)
    return captured.get(key)


# -- literals and spans ---------------------------------------------------------------------------------------


def test_literal_settings_keys_raws_origins_spans(captured: Captured) -> None:
    src = (
        'EMAIL_HOST = "smtp.example.com"\n'
        "EMAIL_PORT = 587\n"
        "EMAIL_USE_TLS = True\n"
        "EMAIL_USE_SSL = False\n"
        "EMAIL_HOST_USER = None\n"
        "EMAIL_HOST_PASSWORD = ' pw '\n"
        "DEBUG = True\n"
    )
    doc = django_.parse(P, src)
    assert doc.format == "django" and doc.path == P and not doc.diagnostics
    assert captured.settings == [
        Setting("EMAIL_HOST", "smtp.example.com", "smtp.example.com", span(1, 1, 32), L),
        Setting("EMAIL_PORT", "587", "587", span(2, 1, 17), L),
        Setting("EMAIL_USE_TLS", "True", "True", span(3, 1, 21), L),
        Setting("EMAIL_USE_SSL", "False", "False", span(4, 1, 22), L),
        Setting("EMAIL_HOST_USER", "", "", span(5, 1, 23), L),  # None: unset, no AUTH
        Setting("EMAIL_HOST_PASSWORD", " pw ", " pw ", span(6, 1, 29), L),  # whitespace kept exactly
    ]
    assert captured.complete is True
    assert captured.calls[-1]["hint"] is Dialect.DJANGO
    assert captured.block == Span(P, 1, 1, 6, 29)


def test_columns_are_characters_not_utf8_bytes(captured: Captured) -> None:
    # 'Ünïcödé' holds 4 two-byte characters: ast's col_offset of EMAIL_HOST is 4 bytes past its column.
    src = 'TITLE = "Ünïcödé"; EMAIL_HOST = "smtp.example.com"  # €\nEMAIL_PORT = 587\n'
    s = one(src, "EMAIL_HOST", captured)
    assert s.span == span(1, 20, 51)
    assert src.splitlines()[0][19:50] == 'EMAIL_HOST = "smtp.example.com"'
    value_spans = captured.calls[-1]["value_spans"]
    assert value_spans[0] == span(1, 34, 50)  # the text between the quotes
    assert src.splitlines()[0][33:49] == "smtp.example.com"


def test_non_ascii_value_and_multiline_value(captured: Captured) -> None:
    src = 'EMAIL_HOST_PASSWORD = "pässwörd"; EMAIL_PORT = (\n    587\n)\n'
    django_.parse(P, src)
    pw, port = captured.get("EMAIL_HOST_PASSWORD"), captured.get("EMAIL_PORT")
    assert (pw.raw, pw.span) == ("pässwörd", span(1, 1, 33))
    assert (port.raw, port.span) == ("587", Span(P, 1, 35, 2, 8))  # parentheses are not part of the value


def test_crlf_and_bom(captured: Captured) -> None:
    django_.parse(P, '\ufeffimport os\r\nEMAIL_HOST = "smtp.example.com"\r\nEMAIL_PORT = 25\r\n')
    assert captured.get("EMAIL_HOST").span == span(2, 1, 32)
    assert captured.get("EMAIL_PORT").span == span(3, 1, 16)


def test_tuple_chained_annotated_and_later_assignment(captured: Captured) -> None:
    src = (
        'EMAIL_HOST, EMAIL_PORT = "smtp.example.com", 587\n'
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
        "EMAIL_TIMEOUT: int = 10\n"
        "EMAIL_PORT = 465\n"
        'EMAIL_HOST_USER, *rest = ["a", "b"]\n'
    )
    django_.parse(P, src)
    got = captured.by_key()
    assert (got["EMAIL_HOST"].raw, got["EMAIL_HOST"].span) == ("smtp.example.com", span(1, 1, 44))
    assert (got["EMAIL_PORT"].raw, got["EMAIL_PORT"].span) == ("465", span(4, 1, 17))
    assert (got["EMAIL_USE_TLS"].raw, got["EMAIL_USE_TLS"].span) == ("False", span(2, 1, 38))
    assert (got["EMAIL_USE_SSL"].raw, got["EMAIL_USE_SSL"].span) == ("False", span(2, 17, 38))
    assert (got["EMAIL_TIMEOUT"].raw, got["EMAIL_TIMEOUT"].span) == ("10", span(3, 1, 24))
    assert got["EMAIL_HOST_USER"].origin is R  # starred unpacking: not followed
    # order: the order in which each setting was last set
    assert [s.key for s in captured.settings] == [
        "EMAIL_HOST", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT", "EMAIL_PORT", "EMAIL_HOST_USER"]


def test_augmented_assignment_and_del(captured: Captured) -> None:
    src = 'EMAIL_SUBJECT_PREFIX = "[a] "\nEMAIL_SUBJECT_PREFIX += "b"\nEMAIL_PORT = 25\ndel EMAIL_PORT\n'
    django_.parse(P, src)
    prefix = captured.get("EMAIL_SUBJECT_PREFIX")
    assert (prefix.origin, prefix.value, prefix.raw, prefix.span) == (R, None, '"b"', span(2, 1, 28))
    assert "EMAIL_PORT" not in captured.by_key()


def test_plain_email_url_variable_is_not_a_django_setting(captured: Captured) -> None:
    django_.parse(P, 'EMAIL_URL = "smtp://smtp.example.com:25"\nEMAIL_PORT = 587\n')
    assert [s.key for s in captured.settings] == ["EMAIL_PORT"]


# -- indirections -----------------------------------------------------------------------------------------------

PRELUDE = (
    "import os\n"
    "import environ\n"
    "from decouple import config\n"
    "env = environ.Env(EMAIL_USE_TLS=(bool, True), EMAIL_PORT=int)\n"
    "DEFAULT_PORT = 2525\n"
    'DOMAIN = "example.com"\n'
)


@pytest.mark.parametrize(("expr", "origin", "text"), [
    ('os.environ["EMAIL_X"]', R, None),
    ('os.environ.get("EMAIL_X")', R, None),
    ('os.environ.get("EMAIL_X", None)', R, None),  # a None default is no default
    ('os.environ.get("EMAIL_X", "smtp.example.com")', F, "smtp.example.com"),
    ('os.environ.get("EMAIL_X", default="smtp.example.com")', F, "smtp.example.com"),
    ('os.getenv("EMAIL_X", "587")', F, "587"),
    ('int(os.getenv("EMAIL_X", "587"))', F, "587"),
    ('int(os.getenv("EMAIL_X", 587))', F, "587"),
    ('int(os.getenv("EMAIL_X"))', R, None),
    ('bool(os.getenv("EMAIL_X", False))', F, "False"),
    ('bool(os.getenv("EMAIL_X", "False"))', F, "True"),  # what Python computes: a non-empty string
    ('str(os.getenv("EMAIL_X", 25))', F, "25"),
    ('int(os.getenv("EMAIL_X", "not a port"))', R, None),  # the application would not start
    ('os.getenv("EMAIL_X", "True").lower() in ("1", "true", "yes")', F, "True"),
    ('os.environ.get("EMAIL_X", "True") == "True"', F, "True"),
    ('os.getenv("EMAIL_X") or "smtp.example.com"', F, "smtp.example.com"),
    ('"" or "smtp.example.com"', L, "smtp.example.com"),
    ('env("EMAIL_X")', R, None),
    ('env("EMAIL_X", default="smtp.example.com")', F, "smtp.example.com"),
    ('env("EMAIL_X", int)', R, None),  # the second positional argument of Env() is the cast
    ('env("EMAIL_X", int, 587)', F, "587"),
    ('env.str("EMAIL_X", "smtp.example.com")', F, "smtp.example.com"),
    ('env.bool("EMAIL_X", default=True)', F, "True"),
    ('env.int("EMAIL_X", default=587)', F, "587"),
    ('env.int("EMAIL_X")', R, None),
    ('env("EMAIL_USE_TLS")', F, "True"),  # the Env scheme's default
    ('env.bool("EMAIL_USE_TLS")', F, "True"),
    ('env.bool("EMAIL_USE_TLS", default=False)', F, "False"),  # an explicit default wins over the scheme
    ('env.int("EMAIL_PORT")', R, None),  # a scheme entry without a default
    ('config("EMAIL_X")', R, None),
    ('config("EMAIL_X", default="")', F, ""),
    ('config("EMAIL_X", default=False, cast=bool)', F, "False"),
    ('config("EMAIL_X", "587", cast=int)', F, "587"),
    ("DEFAULT_PORT", L, "2525"),
    ("UNDEFINED_CONSTANT", R, None),
    ('f"smtp.{DOMAIN}"', L, "smtp.example.com"),
    ('f"smtp.example.com"', L, "smtp.example.com"),
    ('f"smtp.{os.getenv(\'D\', \'example.org\')}"', F, "smtp.example.org"),
    ('"smtp." + DOMAIN', L, "smtp.example.com"),
    ('"smtp." "example.com"', L, "smtp.example.com"),
    ("-1", L, "-1"),
    ("587.0", L, "587.0"),
    ("not True", L, "False"),
    ("None", L, ""),
    ('"a" if DEFAULT_PORT == 2525 else "b"', L, "a"),
    ('"a" if os.getenv("X") else "b"', R, None),
    ("get_secret('smtp')", R, None),
    ("settings.EMAIL_HOST", R, None),
    ('b"bytes"', R, None),
    ('"%s" % DOMAIN', R, None),
    ("[587]", R, None),
])
def test_indirection_forms(captured: Captured, expr: str, origin: Origin, text: str | None) -> None:
    src = PRELUDE + f"EMAIL_HOST = {expr}\n"
    s = one(src, "EMAIL_HOST", captured)
    assert s.origin is origin
    assert s.value == text
    assert s.raw == (text if text is not None else expr)
    assert s.span == span(7, 1, 14 + len(expr))


@pytest.mark.parametrize(("prelude", "expr", "origin", "text"), [
    ("from os import environ\n", 'environ.get("X", "a")', F, "a"),
    ("from os import environ\n", 'environ["X"]', R, None),
    ("from os import getenv\n", 'getenv("X", "a")', F, "a"),
    ("from os import getenv as ge\n", 'ge("X", "a")', F, "a"),
    ("import os as o\n", 'o.environ.get("X", "a")', F, "a"),
    ("import environ\nsettings_env = environ.Env()\n", 'settings_env("X", default="a")', F, "a"),
    ("import environ\nsettings_env = environ.Env()\n", 'settings_env.str("X", default="a")', F, "a"),
    ("from environ import Env\nE = Env()\n", 'E.bool("X", default=True)', F, "True"),
    ("from .base import env\n", 'env.str("X", default="a")', F, "a"),
    ("from decouple import AutoConfig\nconfig = AutoConfig(search_path='.')\n", 'config("X", default="a")', F, "a"),
    ("import decouple\n", 'decouple.config("X", default="a")', F, "a"),
    ("from .helpers import config\n", 'config("X", default="a")', R, None),  # not decouple: unknown
    ("def env(name, default=None):\n    return default\n", 'env("X", default="a")', R, None),
    ("", 'env("X", default="a")', F, "a"),  # an unbound `env` (from an unread star import) is django-environ
    ("", 'getenv("X", "a")', F, "a"),
    ("", 'int(getenv("X", "25"))', F, "25"),
    ("int = float\n", 'int("25")', R, None),  # a shadowed builtin is unknown
])
def test_import_aliases(captured: Captured, prelude: str, expr: str, origin: Origin, text: str | None) -> None:
    s = one(prelude + f"EMAIL_HOST = {expr}\n", "EMAIL_HOST", captured)
    assert (s.origin, s.value) == (origin, text)


def test_reference_raw_is_the_expression_source_across_lines(captured: Captured) -> None:
    src = 'import os\nEMAIL_HOST_PASSWORD = os.environ[\n    "EMAIL_HOST_PASSWORD"\n]\n'
    s = one(src, "EMAIL_HOST_PASSWORD", captured)
    assert s == Setting("EMAIL_HOST_PASSWORD", None, 'os.environ[\n    "EMAIL_HOST_PASSWORD"\n]',
                        Span(P, 2, 1, 4, 2), R)


def test_names_resolve_only_to_earlier_literals(captured: Captured) -> None:
    src = "EMAIL_PORT = PORT\nPORT = 587\nEMAIL_TIMEOUT = PORT\n"
    django_.parse(P, src)
    assert captured.get("EMAIL_PORT").origin is R
    assert captured.get("EMAIL_TIMEOUT").value == "587"


def test_namespace_assignments(captured: Captured) -> None:
    src = 'globals()["EMAIL_HOST"] = "smtp.example.com"\nvars().update({"EMAIL_PORT": 587}, )\n'
    src += 'vars().update(EMAIL_USE_TLS=True)\n'
    django_.parse(P, src)
    assert captured.get("EMAIL_HOST").span == span(1, 1, 45)
    assert (captured.get("EMAIL_PORT").raw, captured.get("EMAIL_PORT").span) == ("587", span(2, 16, 33))
    assert (captured.get("EMAIL_USE_TLS").raw, captured.get("EMAIL_USE_TLS").span) == ("True", span(3, 15, 33))
    assert captured.complete


def test_unknown_namespace_update_makes_the_module_incomplete(captured: Captured) -> None:
    django_.parse(P, 'EMAIL_HOST = "smtp.example.com"\nvars().update(load_settings())\n')
    assert captured.complete is False
    assert captured.get("EMAIL_HOST").origin is L


# -- EMAIL_URL dicts -----------------------------------------------------------------------------------------------


def test_vars_update_email_url_with_default(captured: Captured) -> None:
    src = (
        "import environ\n"
        "env = environ.Env()\n"
        'EMAIL_HOST = "replaced.example.com"\n'
        "EMAIL_USE_TLS = True\n"
        'vars().update(env.email_url("EMAIL_URL", default="smtp+ssl://u@smtp.example.com:465"))\n'
        "EMAIL_TIMEOUT = 5\n"
    )
    django_.parse(P, src)
    got = captured.by_key()
    assert "EMAIL_HOST" not in got  # the URL dict sets EMAIL_HOST: the earlier assignment is replaced
    assert got["EMAIL_USE_TLS"].origin is L  # django-environ sets the flags only when the URL asks
    url = got["EMAIL_URL"]
    assert (url.value, url.raw, url.origin) == ("smtp+ssl://u@smtp.example.com:465",) * 2 + (F,)
    assert url.span == span(5, 1, 87)
    assert [s.key for s in captured.settings] == ["EMAIL_USE_TLS", "EMAIL_URL", "EMAIL_TIMEOUT"]
    assert captured.calls[-1]["value_spans"][1] == span(5, 51, 84)


def test_email_config_variable_and_url_name(captured: Captured) -> None:
    src = (
        "import environ, dj_email_url\n"
        "env = environ.Env()\n"
        'EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")\n'
        "vars().update(EMAIL_CONFIG)\n"
    )
    django_.parse(P, src)
    url = captured.get("EMAIL_URL")
    assert (url.value, url.origin, url.span) == ("smtp://localhost:25", F, span(3, 1, 73))

    src = (
        "import os, dj_email_url\n"
        'EMAIL_USE_TLS = True\n'
        'EMAIL_URL = os.environ.get("EMAIL_URL", "submission://smtp.example.com")\n'
        "vars().update(dj_email_url.parse(EMAIL_URL))\n"
    )
    django_.parse(P, src)
    assert [s.key for s in captured.settings] == ["EMAIL_URL"]  # dj-email-url always sets the TLS flags
    url = captured.get("EMAIL_URL")
    assert (url.value, url.origin, url.span) == ("submission://smtp.example.com", F, span(3, 1, 73))


@pytest.mark.parametrize("call", [
    "env.email_url()",
    'env.email_url("EMAIL_URL")',
    "dj_email_url.config()",
    'environ.Env.email_url_config(os.environ["EMAIL_URL"])',
])
def test_email_url_without_default_is_a_reference(captured: Captured, call: str) -> None:
    src = f"import os, environ, dj_email_url\nenv = environ.Env()\nvars().update({call})\n"
    s = one(src, "EMAIL_URL", captured)
    assert (s.value, s.origin, s.raw, s.span) == (None, R, call, span(3, 1, 16 + len(call)))


def test_email_url_scheme_default(captured: Captured) -> None:
    src = 'import environ\nenv = environ.Env(EMAIL_URL=(str, "consolemail://"))\nvars().update(env.email())\n'
    s = one(src, "EMAIL_URL", captured)
    assert (s.value, s.origin) == ("consolemail://", F)


# -- branches --------------------------------------------------------------------------------------------------------


def test_assignments_in_branches_are_unknown(captured: Captured) -> None:
    src = (
        "import os\n"
        "EMAIL_USE_TLS = True\n"
        "EMAIL_PORT = 587\n"
        'if os.environ.get("DEBUG"):\n'
        "    EMAIL_USE_TLS = False\n"
        "else:\n"
        "    EMAIL_HOST = 'smtp.example.com'\n"
        "try:\n"
        "    EMAIL_HOST_PASSWORD = open('/run/secrets/pw').read()\n"
        "except OSError:\n"
        "    EMAIL_HOST_PASSWORD = ''\n"
        "with open('x') as fh:\n"
        "    EMAIL_TIMEOUT = 3\n"
        "for _ in range(1):\n"
        "    del EMAIL_PORT\n"
        "EMAIL_SSL_CERTFILE = None\n"
    )
    django_.parse(P, src)
    got = captured.by_key()
    assert {k: s.origin for k, s in got.items()} == {
        "EMAIL_USE_TLS": R, "EMAIL_HOST": R, "EMAIL_HOST_PASSWORD": R, "EMAIL_TIMEOUT": R, "EMAIL_PORT": R,
        "EMAIL_SSL_CERTFILE": L}
    assert got["EMAIL_USE_TLS"].span == span(5, 5, 26)
    assert got["EMAIL_HOST_PASSWORD"].span == span(11, 5, 29)
    assert got["EMAIL_PORT"].span == span(3, 1, 17)  # possibly deleted: unknown, where it was set
    assert captured.complete


def test_env_object_made_in_a_branch_still_gives_fallbacks(captured: Captured) -> None:
    src = "try:\n    import environ\n    env = environ.Env()\nexcept ImportError:\n    pass\n"
    src += 'EMAIL_PORT = env.int("EMAIL_PORT", default=587)\n'
    assert one(src, "EMAIL_PORT", captured).origin is F


# -- split settings ----------------------------------------------------------------------------------------------


class Loader:
    """A fake engine loader: module spec as requested -> (display path, text)."""

    def __init__(self, files: dict[str, tuple[str, str]]) -> None:
        self.files = files
        self.requests: list[str] = []

    def __call__(self, spec: str) -> tuple[str, str] | None:
        self.requests.append(spec)
        return self.files.get(spec)


BASE = (
    "import os\n"
    "import environ\n"
    "env = environ.Env()\n"
    'EMAIL_HOST = "localhost"\n'
    "EMAIL_PORT = 587\n"
    "EMAIL_USE_TLS = True\n"
    '_PRIVATE = "x"\n'
)


def test_star_import_merges_base_then_overrides(captured: Captured) -> None:
    loader = Loader({".base": ("app/base.py", BASE)})
    src = 'EMAIL_HOST = "early.example.com"\nfrom .base import *\nEMAIL_HOST = "smtp.example.com"\n'
    src += 'EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")\n'
    django_.parse(P, src, load_sibling=loader)
    assert loader.requests == [".base"]
    assert captured.settings == [
        Setting("EMAIL_PORT", "587", "587", Span("app/base.py", 5, 1, 5, 17), L),
        Setting("EMAIL_USE_TLS", "True", "True", Span("app/base.py", 6, 1, 6, 21), L),
        Setting("EMAIL_HOST", "smtp.example.com", "smtp.example.com", span(3, 1, 32), L),
        Setting("EMAIL_HOST_PASSWORD", "", "", span(4, 1, 61), F),  # `env` came from the base module
    ]
    assert captured.complete
    assert captured.block == Span(P, 3, 1, 4, 61)


def test_star_import_in_the_middle_is_applied_at_its_position(captured: Captured) -> None:
    loader = Loader({".base": ("app/base.py", BASE)})
    django_.parse(P, 'EMAIL_PORT = 25\nfrom .base import *\n', load_sibling=loader)
    assert captured.get("EMAIL_PORT").span.path == "app/base.py"


def test_chain_of_three_with_nested_relative_specs(captured: Captured) -> None:
    loader = Loader({
        ".prod": ("app/prod.py", "from .common.base import *\nEMAIL_PORT = 465\n"),
        ".common.base": ("app/common/base.py",
                         "from .defaults import *\nfrom ..shared import *\nEMAIL_USE_SSL = True\n"),
        ".common.defaults": ("app/common/defaults.py", 'EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 25\n'),
        ".shared": ("app/shared.py", "EMAIL_TIMEOUT = 10\n"),
    })
    django_.parse(P, "from .prod import *\nEMAIL_HOST_USER = 'app'\n", load_sibling=loader)
    assert loader.requests == [".prod", ".common.base", ".common.defaults", ".shared"]
    got = captured.by_key()
    assert got["EMAIL_HOST"].span.path == "app/common/defaults.py"
    assert (got["EMAIL_PORT"].raw, got["EMAIL_PORT"].span.path) == ("465", "app/prod.py")
    assert got["EMAIL_USE_SSL"].span.path == "app/common/base.py"
    assert got["EMAIL_TIMEOUT"].span.path == "app/shared.py"
    assert captured.complete


def test_package_init_and_parent_specs(captured: Captured) -> None:
    loader = Loader({
        "..conf": ("conf/__init__.py", "from .mail import *\n"),
        "..conf.mail": ("conf/mail.py", "EMAIL_PORT = 587\n"),
    })
    django_.parse(P, "from ..conf import *\nEMAIL_HOST = 'smtp.example.com'\n", load_sibling=loader)
    assert loader.requests == ["..conf", "..conf.mail"]
    assert captured.get("EMAIL_PORT").span.path == "conf/mail.py"


def test_absolute_star_import(captured: Captured) -> None:
    loader = Loader({
        "project.settings.base": ("project/settings/base.py", "from .mail import *\n"),
        "project.settings.mail": ("project/settings/mail.py", "EMAIL_PORT = 587\n"),
    })
    django_.parse(P, "from project.settings.base import *\nEMAIL_HOST = 'h.example.com'\n", load_sibling=loader)
    assert loader.requests == ["project.settings.base", "project.settings.mail"]
    assert captured.get("EMAIL_PORT").raw == "587"
    assert captured.complete


def test_import_cycle_is_safe(captured: Captured) -> None:
    loader = Loader({
        ".base": ("app/base.py", "from .settings import *\nfrom .base import *\nEMAIL_PORT = 587\n"),
        ".settings": (P, "raise RuntimeError('never read')\n"),
    })
    django_.parse(P, "from .base import *\nEMAIL_HOST = 'smtp.example.com'\n", load_sibling=loader)
    assert captured.get("EMAIL_PORT").raw == "587"
    assert captured.complete


def test_deep_chain_is_bounded(captured: Captured) -> None:
    files = {f".m{i}": (f"app/m{i}.py", f"from .m{i + 1} import *\n") for i in range(30)}
    loader = Loader(files)
    django_.parse(P, "from .m0 import *\nEMAIL_HOST = 'smtp.example.com'\n", load_sibling=loader)
    assert len(loader.requests) == django_.MAX_IMPORT_DEPTH
    assert captured.complete is False


@pytest.mark.parametrize(("src", "loader"), [
    ("from .missing import *\n", Loader({})),
    ("from .base import *\n", None),
    ("from .broken import *\n", Loader({".broken": ("app/broken.py", "EMAIL_PORT = (\n")})),
    ("from django.conf.global_settings import *\n", Loader({})),
    ("try:\n    from .local import *\nexcept ImportError:\n    pass\n", Loader({})),
    ("from .base import *\n", Loader({".base": ("app/base.py", "from .gone import *\n")})),
    ("from ....too.high import *\n", Loader({})),
])
def test_unfollowable_star_import_makes_the_module_incomplete(
        captured: Captured, src: str, loader: Loader | None) -> None:
    django_.parse(P, src + 'EMAIL_HOST = "smtp.example.com"\n', load_sibling=loader)
    assert captured.complete is False
    assert captured.get("EMAIL_HOST").origin is L


def test_star_import_in_a_branch_makes_its_names_unknown(captured: Captured) -> None:
    loader = Loader({".local": ("app/local.py", "EMAIL_PORT = 1025\n")})
    src = "EMAIL_PORT = 587\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n"
    django_.parse(P, src, load_sibling=loader)
    port = captured.get("EMAIL_PORT")
    assert (port.origin, port.span.path) == (R, "app/local.py")
    assert captured.complete


def test_dunder_all_limits_the_star_import(captured: Captured) -> None:
    loader = Loader({".base": ("app/base.py", '__all__ = ["EMAIL_PORT"]\nEMAIL_PORT = 587\nEMAIL_HOST = "x"\n')})
    django_.parse(P, "from .base import *\nEMAIL_USE_TLS = True\n", load_sibling=loader)
    assert sorted(captured.by_key()) == ["EMAIL_PORT", "EMAIL_USE_TLS"]


def test_module_without_own_email_settings_produces_nothing(captured: Captured) -> None:
    loader = Loader({".base": ("app/base.py", "EMAIL_HOST = 'smtp.example.com'\n")})
    doc = django_.parse(P, "# EMAIL_HOST is in base\nfrom .base import *\n", load_sibling=loader)
    assert doc.endpoints == [] and captured.calls == []


def test_fast_path_without_email_text(captured: Captured) -> None:
    loader = Loader({})
    doc = django_.parse(P, "from .base import *\nDEBUG = True\nthis is not python\n", load_sibling=loader)
    assert doc.endpoints == [] and doc.diagnostics == [] and loader.requests == [] and captured.calls == []


# -- diagnostics ---------------------------------------------------------------------------------------------------


def test_syntax_error_position_in_characters(captured: Captured) -> None:
    doc = django_.parse(P, 'EMAIL_HOST = "smtp.example.com"\nNAME = "Zürich" $\n')
    assert len(doc.diagnostics) == 1
    diag = doc.diagnostics[0]
    assert diag.span == Span(P, 2, 17, 2, 18)
    assert diag.severity is Severity.ERROR
    assert diag.message.startswith("Python syntax error: ")
    assert doc.endpoints == [] and captured.calls == []


def test_unclosed_bracket_and_unterminated_string() -> None:
    doc = django_.parse(P, 'EMAIL_HOST_PASSWORD = "hunter2\n')
    assert [(d.span.line, d.span.column) for d in doc.diagnostics] == [(1, 23)]
    assert "hunter2" not in doc.diagnostics[0].message
    doc = django_.parse(P, "EMAIL_PORT = int(\n")
    assert [(d.span.line, d.span.column) for d in doc.diagnostics] == [(1, 17)]


@pytest.mark.parametrize(("src", "where", "words"), [
    ('EMAIL_HOST = "a"\nx = 1\x00\n', (2, 6), "NUL"),
    ("EMAIL_PORT = " + "-" * 200_000 + "1\n", (1, 1), "too deeply nested"),
    ("EMAIL_PORT = " + "(" * 500 + ")" * 500 + "\n", (1, 214), "too many nested parentheses"),
    ("type EMAIL_ALIAS = int\n", (1, 6), "syntax error"),  # newer syntax than Python 3.11 reads
])
def test_unparseable_modules_are_one_diagnostic(src: str, where: tuple[int, int], words: str) -> None:
    if "type" in src and sys.version_info >= (3, 12):
        pytest.skip("a type alias statement parses on Python 3.12+")
    doc = django_.parse(P, src)
    assert [(d.span.line, d.span.column) for d in doc.diagnostics] == [where]
    assert words in doc.diagnostics[0].message
    assert doc.diagnostics[0].severity is Severity.ERROR


def test_deep_expressions_are_unknown_not_a_crash(captured: Captured) -> None:
    src = "EMAIL_HOST = " + " + ".join(['"a"'] * 400) + "\n"
    assert one(src, "EMAIL_HOST", captured).origin is R


def test_doubling_strings_stay_bounded(captured: Captured) -> None:
    lines = ['A0 = "xxxxxxxxxx"'] + [f"A{i + 1} = A{i} + A{i}" for i in range(60)] + ["EMAIL_HOST = A60"]
    assert one("\n".join(lines) + "\n", "EMAIL_HOST", captured).origin is R


def test_nothing_is_executed(tmp_path: Path, captured: Captured, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "marker"
    evil = (
        "import os, socket, subprocess\n"
        f"open({str(marker)!r}, 'w').write('ran')\n"
        f"os.system('touch {marker}')\n"
        "socket.create_connection(('192.0.2.1', 25), timeout=1)\n"
        "__import__('sys').exit(3)\n"
        "raise SystemExit('top level')\n"
    )
    monkeypatch.chdir(tmp_path)
    loader = Loader({".base": ("app/base.py", evil + "EMAIL_PORT = 587\n")})
    django_.parse(P, evil + "from .base import *\nEMAIL_HOST = 'smtp.example.com'\n", load_sibling=loader)
    assert not marker.exists()
    assert captured.get("EMAIL_PORT").raw == "587"


def test_a_loader_that_fails_is_an_unfollowable_import(captured: Captured) -> None:
    def loader(_spec: str) -> tuple[str, str] | None:
        raise OSError("permission denied")

    django_.parse(P, "from .base import *\nEMAIL_HOST = 'smtp.example.com'\n", load_sibling=loader)
    assert captured.complete is False


# -- with the real environment vocabulary -----------------------------------------------------------------------


@pytest.fixture
def real_parse() -> Callable[..., list[ClientEndpoint]]:
    pytest.importorskip("smtplint.parsers.envvars")

    def run(src: str, load_sibling: Callable[[str], tuple[str, str] | None] | None = None) -> list[ClientEndpoint]:
        return django_.parse(P, src, load_sibling=load_sibling).endpoints
    return run


def test_real_plaintext_remote_endpoint(real_parse: Callable[..., list[ClientEndpoint]]) -> None:
    [ep] = real_parse('EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\nEMAIL_HOST_USER = "app"\n')
    assert ep.dialect is Dialect.DJANGO
    assert ep.host is not None and (ep.host.value, ep.host.span) == ("smtp.example.com", span(1, 1, 32))
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (587, L)
    assert ep.mode is not None and (ep.mode.value, ep.mode.origin) == (Mode.PLAIN, Origin.DEFAULT)
    assert ep.has_credentials


def test_real_incomplete_module_has_unknown_mode(real_parse: Callable[..., list[ClientEndpoint]]) -> None:
    [ep] = real_parse('from .base import *\nEMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 587\n')
    assert ep.mode is None or not ep.mode.known


def test_real_modes_and_fallbacks(real_parse: Callable[..., list[ClientEndpoint]]) -> None:
    [ep] = real_parse('import os\nEMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = int(os.getenv("P", 587))\n'
                      "EMAIL_USE_SSL = True\n")
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.span == span(4, 1, 21)
    assert ep.port is not None and (ep.port.value, ep.port.origin) == (587, F)
    [ep] = real_parse('import environ\nenv = environ.Env()\nEMAIL_HOST = "smtp.example.com"\n'
                      'EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS")\n')
    assert ep.mode is None or not ep.mode.known


def test_real_split_settings_keep_the_base_span(real_parse: Callable[..., list[ClientEndpoint]]) -> None:
    loader = Loader({".base": ("app/base.py", BASE)})
    [ep] = real_parse("from .base import *\nEMAIL_PORT = 465\n", loader)
    assert ep.mode is not None and ep.mode.value in (Mode.STARTTLS, Mode.STARTTLS_REQUIRED)
    assert ep.mode.span == Span("app/base.py", 6, 1, 6, 21)
    assert ep.port is not None and ep.port.span == span(2, 1, 17)


def test_real_console_backend_is_out_of_scope(real_parse: Callable[..., list[ClientEndpoint]]) -> None:
    eps = real_parse('EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\nEMAIL_HOST = "h.example.com"\n')
    assert eps == []


def test_real_email_url_password_span(real_parse: Callable[..., list[ClientEndpoint]]) -> None:
    src = 'import environ\nenv = environ.Env()\nvars().update(env.email_url(default="smtp+tls://u:pw@h.example.com:587"))\n'
    [ep] = real_parse(src)
    assert ep.dialect is Dialect.DJANGO_URL
    assert ep.password is not None and ep.password.raw == "pw"
    assert ep.password.span == span(3, 51, 53)
