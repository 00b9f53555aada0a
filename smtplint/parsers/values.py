"""Reading scalar values the way applications do: references, templates, booleans, ports, host:port.

Shared by every parser, so that ``${VAR}``, ``{{ var }}`` and ``%(x)s`` mean the same in every format.
"""

from __future__ import annotations

import re

from smtplint.model import Origin
from smtplint.patterns import lazy
from smtplint.records import record

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, $VAR (compose/shell interpolation)
# ... and Spring's ${name:default} placeholder (a single colon: the default follows it)
_SHELL_REF = lazy(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_.]*)(?:(?P<op>:?[-?=+]|:)(?P<default>[^}]*))?\}")
_BARE_REF = lazy(r"(?<!\$)\$[A-Za-z_][A-Za-z0-9_]*")
# Each marker with the text its match must end with: the search stops at the last occurrence of it, so an
# opener without a closer (``{{{{...``, ``${a=${a=...``) costs linear time, not quadratic (hostile files).
_TEMPLATE_MARKERS = (
    (lazy(r"\{\{.*?\}\}", re.S), "}}"),  # Jinja, Helm, Go templates, Mustache
    (lazy(r"\{%.*?%\}", re.S), "%}"),  # Jinja statements
    (lazy(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sd]"), ""),  # Python %-format
    (lazy(r"%env\([^)%]*\)%"), ")%"),  # Symfony
    (lazy(r"%[A-Za-z_][A-Za-z0-9_.]*%"), ""),  # Symfony parameters
    (lazy(r"<%=?.*?%>", re.S), "%>"),  # ERB
    (lazy(r"#\{[^}]*\}"), "}"),  # Spring SpEL, Ruby interpolation
    (lazy(r"%\{[^}]*\}"), "}"),  # Puppet/Logstash-style templates
    (lazy(r"^ENC\(.*\)$"), ""),  # Jasypt
    (lazy(r"^ENC\[[A-Za-z0-9_]+,data:[^\]]*\]$"), ""),  # a SOPS-encrypted value (.env, YAML, JSON, INI)
    (lazy(r"^(?:vault|secret|secrets|op|sm|awssm|gcpsm|azkv)://|^(?:vault|secret):", re.I), ""),
)

_TRUE = frozenset({"true", "yes", "on", "1", "y", "t", "enable", "enabled"})
_FALSE = frozenset({"false", "no", "off", "0", "n", "f", "disable", "disabled", "none", "null", "~", ""})


@record(frozen=True)
class Scalar:
    """A value as an application would see it: its text (None when unknown) and how sure we are."""

    text: str | None
    origin: Origin


# every marker above holds one of these characters or starts with one of these words (lower case): most values
# hold none and are answered without a pattern
_SECRET_PREFIXES = ("vault", "secret", "op://", "sm://", "awssm://", "gcpsm://", "azkv://", "enc")


def is_templated(raw: str) -> bool:
    """True when the text holds a template or a reference marker of any supported syntax."""
    if "{" not in raw and "%" not in raw and "$" not in raw and "<" not in raw \
            and not raw[:8].lower().startswith(_SECRET_PREFIXES):
        return False
    if _SHELL_REF.search(raw, 0, raw.rfind("}") + 1) or _BARE_REF.search(raw):
        return True
    return any(p.search(raw, 0, raw.rfind(close) + len(close) if close else len(raw))
               for p, close in _TEMPLATE_MARKERS)


def classify(raw: str) -> Scalar:
    """Decide whether ``raw`` is a literal, a reference, or a reference with a literal fallback.

    ``${VAR:-587}`` and ``${VAR-587}`` alone give the fallback ``587``; any other reference or template
    anywhere in the text makes the value unknown. ``$$`` is compose's literal dollar.
    """
    text = raw.strip()
    m = _SHELL_REF.fullmatch(text)
    if m:
        op, default = m.group("op"), m.group("default")
        if op in (":-", "-", ":") and default is not None and not is_templated(default):
            return Scalar(default, Origin.FALLBACK)
        return Scalar(None, Origin.REFERENCE)
    if is_templated(text.replace("$$", "")):
        return Scalar(None, Origin.REFERENCE)
    return Scalar(raw.replace("$$", "$") if "$$" in raw else raw, Origin.LITERAL)


def parse_bool(text: str | None) -> bool | None:
    """YAML 1.1/1.2 and .env spellings of booleans, case-insensitive; None when not a boolean word."""
    if text is None:
        return None
    t = text.strip().strip("'\"").lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


def parse_port(text: str | None) -> int | None:
    """A TCP port from ``587``, ``"587"`` or ``587.0``; None when it is not one."""
    if text is None:
        return None
    t = text.strip().strip("'\"")
    if t.endswith(".0"):
        t = t[:-2]
    if t.isdigit():
        n = int(t)
        if 0 < n < 65536:
            return n
    return None


def split_host_port(text: str) -> tuple[str, str | None]:
    """Split ``host:port``, ``[v6]:port`` or ``host``; the port part is returned as text."""
    t = text.strip()
    if t.startswith("["):
        end = t.find("]")
        if end > 0:
            host, rest = t[1:end], t[end + 1:]
            return host, rest[1:] if rest.startswith(":") else None
    if t.count(":") == 1:
        host, port = t.split(":", 1)
        return host, port
    return t, None
