"""Aliases that repeat a node exponentially often (billion laughs) or inside itself are read in bounded time.

YAML aliases let a few lines stand for 2**30 paths (``b: &b [*a, *a]``, ``c: &c [*b, *b]``, ...) or for an
infinite tree (``mail: &A {b: *A}``). The reader must finish quickly on such a document and report what it
can read: the endpoints written outside the repetition, with no diagnostic (the alias structure is valid
YAML; the applications that refuse it do so at run time). Each document below is parsed in a fresh process
under a timeout, so a regression fails as a timeout instead of hanging the suite or making a timing
assertion flaky.

The Spring reader follows only the paths Spring files (:data:`yaml_._SPRING_PATHS`); the last tests check
that this gives what following every path gives, on the fixtures and on every vocabulary path.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smtplint.model import Origin, Setting, Span
from smtplint.parsers import shapes, spring, yaml_, yaml_load

LEVELS = 30  # 2**30 paths through the aliases


def seq_bomb(leaf: str, name: str = "a", levels: int = LEVELS) -> str:
    """``a0: &a0 [leaf, leaf]``, then each level a list of two aliases of the one before."""
    text = f"{name}0: &{name}0 [{leaf}, {leaf}]\n"
    return text + "".join(f"{name}{i}: &{name}{i} [*{name}{i - 1}, *{name}{i - 1}]\n" for i in range(1, levels))


def map_bomb(leaf: str, keys: tuple[str, ...] = ("x", "y"), extra: str = "", name: str = "m",
             levels: int = LEVELS) -> str:
    """``m0: &m0 leaf``, then each level a mapping whose ``keys`` all alias the level before (plus ``extra``)."""
    text = f"{name}0: &{name}0 {leaf}\n"
    for i in range(1, levels):
        text += f"{name}{i}: &{name}{i} {{" + ", ".join(f"{k}: *{name}{i - 1}" for k in keys) + extra + "}\n"
    return text


def merge_bomb(leaf: str, name: str = "e", levels: int = LEVELS) -> str:
    """``e0: &e0 leaf``, then each level a mapping that merges the level before twice and adds a key."""
    text = f"{name}0: &{name}0 {leaf}\n"
    return text + "".join(f"{name}{i}: &{name}{i} {{<<: [*{name}{i - 1}, *{name}{i - 1}], K{i}: v}}\n"
                          for i in range(1, levels))


TOP = LEVELS - 1
AM_ROUTE = "route: {receiver: r}\n"

# case -> (document, expected summary: endpoints as [dialect, host, port, username, mode] and diagnostics)
CASES: dict[str, tuple[str, list[list[Any]]]] = {
    # -- Spring Boot: spring.mail ---------------------------------------------------------------------------
    "spring-mail-inside-itself": (  # the file of the bug report: every path b.c.b.b... down to depth 100
        "spring:\n  mail: &A\n    host: h\n    b: *A\n    c: *A\n",
        [["SPRING", "h", 25, None, "PLAIN"]]),
    "spring-properties-inside-themselves": (
        "spring:\n  mail:\n    host: h\n    port: 587\n    properties: &p\n      mail.smtp.starttls.enable: true\n"
        "      a: *p\n      b: *p\n      c: *p\n",
        [["SPRING", "h", 587, None, "STARTTLS"]]),
    "spring-properties-bomb": (
        map_bomb("{mail: {smtp: {auth: true}}}") + "spring:\n  mail:\n    host: h\n    port: 587\n    username: u\n"
        f"    properties:\n      mail.smtp.starttls.enable: true\n      mail.smtp.starttls.required: true\n"
        f"      more: *m{TOP}\n",
        [["SPRING", "h", 587, "u", "STARTTLS_REQUIRED"]]),
    "spring-mail-bomb": (  # the host is only at spring.mail.x.y.x...host: no spring.mail.host, no endpoint
        map_bomb("{host: h, port: 25}") + f"spring:\n  mail: *m{TOP}\n",
        []),
    "spring-dotted-properties-bomb": (
        map_bomb("{starttls.enable: true}", keys=("mail", "smtp")) + "spring.mail.host: h\n"
        f"spring.mail.properties: *m{TOP}\nspring.mail.port: 25\n",
        [["SPRING", "h", 25, None, "PLAIN"]]),
    # -- generic smtp/mail blocks ---------------------------------------------------------------------------
    "smtp-auth-bomb": (
        map_bomb("{username: deep}", keys=("auth", "login", "credentials")) + "smtp:\n  host: h\n  port: 587\n"
        f"  auth:\n    username: u\n    password: pw\n    auth: *m{TOP}\n",
        [["GENERIC_YAML", "h", 587, "u", None]]),
    "smtp-auth-inside-itself": (  # used to recurse until RecursionError: "too deep", the file unchecked
        "smtp: &s\n  host: h\n  port: 587\n  username: u\n  auth: *s\n  login: *s\n  credentials: *s\n",
        [["GENERIC_YAML", "h", 587, "u", None]]),
    "smtp-tls-bomb": (
        map_bomb("{verify: false}", keys=("tls", "ssl", "options")) + f"smtp:\n  host: h\n  port: 465\n"
        f"  security: ssl\n  tls: *m{TOP}\n",
        [["GENERIC_YAML", "h", 465, None, "IMPLICIT_TLS"]]),
    "smtp-list-bomb": (
        seq_bomb("{smtp: {host: inner, port: 25}}") + f"smtp:\n  host: h\n  port: 25\n  hosts: *a{TOP}\n",
        [["GENERIC_YAML", "h", 25, None, None]] + [["GENERIC_YAML", "inner", 25, None, None]] * 2),
    "smtp-merge-bomb": (
        merge_bomb("{host: h, port: 25}") + f"smtp:\n  <<: *e{TOP}\n  port: 587\n",
        [["GENERIC_YAML", "h", 587, None, None]]),
    "mail-block-below-a-bomb": (
        map_bomb("{smtp: {host: h, port: 25}}") + f"root: *m{TOP}\n",
        [["GENERIC_YAML", "h", 25, None, None]]),
    "dotted-keys-and-bombs": (
        map_bomb("{verify: false}") + f"smtp.host: h\nsmtp.tls: *m{TOP}\nsmtp:\n  port: 25\n  a.b: *m{TOP}\n",
        [["GENERIC_YAML", "h", 25, None, None]]),
    # -- Alertmanager ---------------------------------------------------------------------------------------
    "alertmanager-repeated-receivers": (  # 3000 x 3000 email_configs entries, all the same node
        "c: &c {to: a@example.com, smarthost: 'h:587', auth_username: u}\n"
        "r: &r {name: r, email_configs: [" + ", ".join(["*c"] * 3000) + "]}\n"
        + AM_ROUTE + "receivers: [" + ", ".join(["*r"] * 3000) + "]\n",
        [["ALERTMANAGER", "h", 587, "u", "STARTTLS_REQUIRED"]]),
    "alertmanager-receivers-bomb": (  # lists of lists are no receivers: only the global section is read
        seq_bomb("{name: r, email_configs: [{to: a@example.com}]}")
        + f"global: {{smtp_smarthost: 'h:587'}}\n{AM_ROUTE}receivers: *a{TOP}\n",
        [["ALERTMANAGER", "h", 587, None, "STARTTLS_REQUIRED"]]),
    "alertmanager-email-configs-bomb": (
        seq_bomb("{to: a@example.com, smarthost: 'x:25'}")
        + f"global: {{smtp_smarthost: 'h:587'}}\n{AM_ROUTE}receivers:\n- name: r\n  email_configs: *a{TOP}\n",
        [["ALERTMANAGER", "h", 587, None, "STARTTLS_REQUIRED"]]),
    "alertmanager-tls-config-bomb": (
        map_bomb("{insecure_skip_verify: true}", keys=("tls_config", "x")) + f"{AM_ROUTE}receivers:\n- name: r\n"
        f"  email_configs:\n  - to: a@example.com\n    smarthost: 'h:465'\n    tls_config: *m{TOP}\n",
        [["ALERTMANAGER", "h", 465, None, "IMPLICIT_TLS"]]),
    "alertmanager-below-a-bomb": (
        map_bomb("{global: {smtp_smarthost: 'h:587'}, route: {receiver: r}, receivers: [{name: r, "
                 "email_configs: [{to: a@example.com}]}]}") + f"alertmanager:\n  config: *m{TOP}\n",
        [["ALERTMANAGER", "h", 587, None, "STARTTLS_REQUIRED"]]),
    # -- docker-compose environment:, Discourse env: ---------------------------------------------------------
    "compose-environment-merge-bomb": (
        merge_bomb("{SMTP_HOST: h}") + f"services:\n  web:\n    image: x\n    environment:\n      <<: *e{TOP}\n"
        "      SMTP_PORT: '25'\n",
        [["NODEMAILER", "h", 25, None, "AUTO"]]),
    "compose-environment-inside-itself": (
        "services:\n  web:\n    image: x\n    environment: &e\n      SMTP_HOST: h\n      SMTP_PORT: '25'\n"
        "      <<: [*e, *e]\n",
        [["NODEMAILER", "h", 25, None, "AUTO"]]),
    "compose-environment-list-bomb": (  # lists of lists are no KEY=VALUE items
        seq_bomb("SMTP_HOST=h") + f"services:\n  web:\n    image: x\n    environment: *a{TOP}\n",
        []),
    "compose-services-bomb": (
        map_bomb("{image: x, environment: {SMTP_HOST: h}}") + f"services: *m{TOP}\n",
        []),
    "discourse-env-merge-bomb": (
        merge_bomb("{DISCOURSE_SMTP_ADDRESS: h}") + f"env:\n  <<: *e{TOP}\n  DISCOURSE_SMTP_PORT: 587\n",
        [["DISCOURSE", "h", 587, None, "STARTTLS"]]),
    # -- Home Assistant, Symfony ----------------------------------------------------------------------------
    "home-assistant-notify-bomb": (  # the two entries written in a0, once each
        seq_bomb("{platform: smtp, server: h, port: 465, encryption: tls}") + f"notify: *a{TOP}\n",
        [["HOME_ASSISTANT", "h", 465, None, "IMPLICIT_TLS"]] * 2),
    "symfony-transports-bomb": (
        map_bomb("{dsn: 'smtp://x:25'}", keys=("transports", "main")) + "framework:\n  mailer:\n"
        f"    dsn: 'smtps://h:465'\n    more: *m{TOP}\n",
        [["SYMFONY_DSN", "h", 465, None, "IMPLICIT_TLS"]]),
}

_CHILD = """
import json, sys
from smtplint.parsers import yaml_
doc = yaml_.parse("f.yaml", sys.stdin.read())
def value(s):
    v = None if s is None else s.value
    return getattr(v, "name", v)
print(json.dumps({
    "endpoints": sorted(([e.dialect.name, value(e.host), value(e.port), value(e.username), value(e.mode)]
                         for e in doc.endpoints), key=json.dumps),
    "diagnostics": [d.message for d in doc.diagnostics],
    "skipped": doc.skipped,
}))
"""


def _parse_in_child(text: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", _CHILD], input=text, capture_output=True, text=True, timeout=20,
                         check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


@pytest.mark.parametrize("case", sorted(CASES))
def test_alias_repetition_is_read_in_bounded_time(case: str) -> None:
    text, endpoints = CASES[case]
    assert len(text) < 300_000
    got = _parse_in_child(text)
    assert got == {"endpoints": sorted(endpoints, key=json.dumps), "diagnostics": [], "skipped": None}


def test_endpoints_inside_a_recursive_spring_mail_are_the_ones_written() -> None:
    doc = yaml_.parse("f.yaml", CASES["spring-mail-inside-itself"][0])
    (ep,) = doc.endpoints
    assert ep.host is not None and ep.host.key == "spring.mail.host" and ep.host.span.line == 3
    assert not doc.diagnostics


# --------------------------------------------------------------------------------------------------------
# The Spring reader follows only the paths Spring files


def _every_leaf(view: yaml_.VMap, segs: tuple[str, ...] = (), depth: int = 0) -> Iterator[
        tuple[str, list[str], yaml_.VEntry]]:
    """The reader's former walk: every scalar leaf below spring.mail, on every path (exponential with aliases)."""
    if depth > yaml_load.MAX_DEPTH:
        return
    for entry in view.values():
        path = [*segs, entry.seg]
        if entry.sub is not None:
            yield from _every_leaf(entry.sub, tuple(path), depth + 1)
        elif entry.value is not None and yaml_load.node_kind(entry.value) != "sequence":
            yield ".".join(shapes.norm(s) for s in path), path, entry


FIXTURES = Path(__file__).parent / "fixtures"
SPRING_FIXTURES = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()
                         and "spring" in p.read_text(encoding="utf-8-sig").lower())


def _every_spelling() -> str:
    """spring.mail with every path Spring files, nested, dotted and bracketed, beside keys Spring ignores and
    a properties mapping that two protocols share through an alias."""
    filed = sorted(set(shapes.SPRING_KEYS) | {f"properties.mail.{p}.{k}" for p in ("smtp", "smtps")
                                              for k in shapes.JAKARTA_PROPS})
    lines = ["spring:", "  mail:"]
    for i, path in enumerate(filed):
        value = "smtps" if path == "protocol" else "465" if path == "port" else f"v{i}"
        lines.append(f"    {path}: {value}")
    lines += ["    properties:", "      mail:", "        smtp: &shared", "          starttls.enable: 'true'",
              "          Starttls: {Required: 'true'}", "          other: {auth: x}", "        smtps: *shared",
              "      \"[mail.smtp.ssl.trust]\": '*'", "      mail.smtp.x.auth: y", "    extra: {host: no}",
              "    ssl: {enabled: 'true', extra: 1}", "    Jndi-Name: ''"]
    return "\n".join(lines) + "\n"


def _documents(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = yaml_.parse("f.yaml", text)
    with monkeypatch.context() as m:
        m.setattr(yaml_, "_spring_leaves", _every_leaf)
        every = yaml_.parse("f.yaml", text)
    return (fast.endpoints, fast.diagnostics, fast.skipped), (every.endpoints, every.diagnostics, every.skipped)


@pytest.mark.parametrize("path", SPRING_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_spring_reads_fixtures_as_following_every_path_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, every = _documents(path.read_text(encoding="utf-8-sig"), monkeypatch)
    assert fast == every


def test_spring_reads_every_vocabulary_path_as_following_every_path_does(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, every = _documents(_every_spelling(), monkeypatch)
    assert fast == every
    (ep,) = fast[0]
    assert ep.host is not None and ep.host.value is not None and len(ep.extra) >= 3


def test_spring_files_no_path_outside_the_ones_followed() -> None:
    """Every path Spring files is followed, and paths just outside them file nothing."""
    filed = {p for p in yaml_._SPRING_PATHS if _files(p)}
    assert filed == set(shapes.SPRING_KEYS) | {f"properties.mail.{p}.{k}" for p in ("smtp", "smtps")
                                               for k in shapes.JAKARTA_PROPS}
    near = {f"{p}.{s}" for p in yaml_._SPRING_PATHS for s in ("x", "mail", "smtp", "enable", "")}
    near |= {f"{s}.{p}" for p in yaml_._SPRING_PATHS for s in ("x", "mail", "properties")}
    assert not [p for p in near - yaml_._SPRING_PATHS if _files(p)]


def _files(npath: str) -> bool:
    fields: spring.Fields = {}
    props: spring.Props = {}
    setting = Setting("k", "v", "v", Span.point("f", 1), Origin.LITERAL)
    spring.sort_key(npath, setting, fields, props)
    return bool(fields or props)
