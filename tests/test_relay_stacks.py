"""docker-mailserver and Mailu relay settings (smtplint.parsers.relay_env) and compose-embedded Postfix snippets
(smtplint.parsers.compose_configs): exact endpoints, modes and positions, and the real files in tests/data/stacks."""

from __future__ import annotations

import csv
from pathlib import Path

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Span
from smtplint.parsers.dotenv_ import parse as parse_env
from smtplint.parsers.yaml_ import parse as parse_yaml
from tests.conftest import lint

STACKS = Path(__file__).parent / "data" / "stacks"


def _endpoints(path: str, text: str) -> list[ClientEndpoint]:
    return parse_env(path, text).endpoints


def test_dms_relay_host_and_port_with_credentials_require_starttls() -> None:
    [ep] = _endpoints("mailserver.env", "RELAY_HOST=smtp.example.net\nRELAY_PORT=2525\nRELAY_USER=u\n"
                                        "RELAY_PASSWORD=${P}\n")
    assert ep.dialect is Dialect.DOCKER_MAILSERVER
    assert ep.host is not None and ep.host.value == "smtp.example.net" and ep.host.span.line == 1
    assert ep.port is not None and ep.port.value == 2525 and ep.port.span.line == 2
    assert ep.mode is not None and ep.mode.value is Mode.STARTTLS_REQUIRED and ep.mode.origin is Origin.DEFAULT
    assert ep.username is not None and ep.password is not None and ep.complete
    assert ep.span == Span("mailserver.env", 1, 1, 4, 20)


def test_dms_default_relay_host_brackets_and_default_port() -> None:
    [ep] = _endpoints("x.env", "ENABLE_FAIL2BAN=1\nDEFAULT_RELAY_HOST=[mail.example.net]\n")
    assert ep.host is not None and ep.host.value == "mail.example.net"
    assert ep.port is not None and ep.port.value == 25 and ep.port.origin is Origin.DEFAULT
    # no credentials in the environment: may (opportunistic), and postfix-sasl-password.cf may hold some
    assert ep.mode is not None and ep.mode.value is Mode.STARTTLS and not ep.complete


def test_dms_credentials_belong_to_the_default_relay_host() -> None:
    eps = _endpoints("mailserver.env", "DEFAULT_RELAY_HOST=a.example.net:587\nRELAY_HOST=b.example.net\n"
                                       "RELAY_USER=u\nRELAY_PASSWORD=${P}\n")
    assert [(e.host.value if e.host else None, e.port.value if e.port else None, e.password is not None)
            for e in eps] == [("a.example.net", 587, True), ("b.example.net", 25, False)]
    assert all(e.mode is not None and e.mode.value is Mode.STARTTLS_REQUIRED for e in eps)


def test_relay_names_of_other_images_are_not_read() -> None:
    assert _endpoints("relay.env", "RELAY_HOST=smtp.example.net\nRELAY_PORT=465\nRELAY_PASSWORD=x\n") == []
    assert _endpoints("postfix.env", "RELAYHOST=smtp.example.net:465\n") == []
    assert _endpoints("mailserver.env", "DEFAULT_RELAY_HOST=\nRELAY_HOST=\nRELAY_PORT=25\n") == []


def test_mailu_levels() -> None:
    def mode(level: str) -> Mode | None:
        [ep] = _endpoints("mailu.env", f"RELAYHOST=[r.example.org]:587\nRELAYUSER=u\n{level}")
        return ep.mode.value if ep.mode is not None else None

    assert mode("") is Mode.STARTTLS  # dane by default: opportunistic without TLSA records
    assert mode("OUTBOUND_TLS_LEVEL=encrypt\n") is Mode.STARTTLS_REQUIRED
    assert mode("OUTBOUND_TLS_LEVEL=secure\n") is Mode.STARTTLS_REQUIRED
    assert mode("OUTBOUND_TLS_LEVEL=may\n") is Mode.STARTTLS
    assert mode("OUTBOUND_TLS_LEVEL=none\n") is Mode.PLAIN
    assert mode("OUTBOUND_TLS_LEVEL=${LEVEL}\n") is None
    [ep] = _endpoints("mailu.env", "RELAYHOST=[r.example.org]:587\nRELAYPASSWORD=x\n")
    assert ep.password is None  # Mailu enables SASL only when RELAYUSER is set


def test_jinja_control_lines_are_skipped() -> None:
    doc = parse_env("mailu.env", "{% if relay %}\nTLS_FLAVOR=cert\nRELAYHOST={{ relayhost }}\n{% endif %}\n"
                                 "{# comment #}\n")
    assert doc.diagnostics == []
    [ep] = doc.endpoints
    assert ep.host is not None and ep.host.origin is Origin.REFERENCE and ep.host.span.line == 3


_COMPOSE = """\
services:
  mta:
    environment:
      DEFAULT_RELAY_HOST: "[smtp.example.net]:465"
      RELAY_USER: u
      RELAY_PASSWORD: ${P}
    configs:
      - source: main
        target: /tmp/docker-mailserver/postfix-main.cf
configs:
  main:
    content: |
      smtp_tls_wrappermode = yes
      mynetworks =
          0.0.0.0/0
"""


def test_compose_snippet_positions_are_the_compose_files() -> None:
    doc = parse_yaml("compose.yaml", _COMPOSE)
    assert doc.main_cf is not None
    wrapper = doc.main_cf.last("smtp_tls_wrappermode")
    assert wrapper is not None and wrapper.span == Span("compose.yaml", 13, 7, 13, 33)
    mynetworks = doc.main_cf.last("mynetworks")
    assert mynetworks is not None and mynetworks.value.split() == ["0.0.0.0/0"]
    assert (mynetworks.span.line, mynetworks.span.column, mynetworks.span.end_line) == (14, 7, 15)
    [ep] = doc.endpoints
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.span.line == 13


def test_compose_snippet_not_mounted_and_not_postfix_is_left_alone() -> None:
    text = "services:\n  a:\n    image: x\nconfigs:\n  c:\n    content: |\n      user|{SHA512-CRYPT}$$6$$x\n"
    doc = parse_yaml("compose.yaml", text)
    assert doc.main_cf is None and doc.diagnostics == []


_COMPOSE_MASTER = """\
services:
  mta:
    image: boky/postfix
    configs:
      - source: master
        target: /etc/postfix/master.cf
  dms:
    image: mailserver/docker-mailserver
    configs:
      - source: edits
        target: /tmp/docker-mailserver/postfix-master.cf
configs:
  master:
    content: |
      submission inet n - y - - smtpd
          -o smtpd_tls_security_level=may
  edits:
    content: |
        submission/inet/smtpd_tls_security_level=none
"""


def test_compose_master_snippet_positions_are_the_compose_files() -> None:
    doc = parse_yaml("compose.yaml", _COMPOSE_MASTER)
    assert doc.master_cf is not None and doc.main_cf is None
    first, edited = doc.master_cf.services
    assert first.first_line == Span("compose.yaml", 15, 7, 15, 38)
    [override] = first.overrides
    assert override.span == Span("compose.yaml", 16, 11, 16, 42)
    # a postconf -P snippet edits the image's master.cf: its service stands alone, its other values unknown
    assert edited.partial and edited.overrides[0].span == Span("compose.yaml", 19, 9, 19, 54)


def test_a_master_snippet_inherits_only_its_own_containers_main_snippet() -> None:
    def compose(same_container: bool) -> str:
        main = ("      - source: main\n        target: /etc/postfix/main.cf\n"
                if same_container else
                "  relay:\n    image: boky/postfix\n    configs:\n      - source: main\n"
                "        target: /etc/postfix/main.cf\n")
        return ("services:\n"
                "  mta:\n    image: boky/postfix\n    configs:\n      - source: master\n"
                "        target: /etc/postfix/master.cf\n" + main +
                "configs:\n  master:\n    content: |\n      submission inet n - y - - smtpd\n"
                "  main:\n    content: |\n      smtpd_tls_security_level = may\n")

    doc = parse_yaml("compose.yaml", compose(False))  # another container's main.cf
    assert doc.master_cf is not None and doc.main_cf is not None
    assert doc.master_cf.services[0].partial
    doc = parse_yaml("compose.yaml", compose(True))  # the same container mounts both
    assert doc.master_cf is not None and doc.main_cf is not None
    assert not doc.master_cf.services[0].partial


def test_compose_snippet_findings_point_into_the_compose_file(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(_COMPOSE, encoding="utf-8")
    found = {(f.rule_id, f.span.line, f.span.column) for f in lint(tmp_path, cwd=tmp_path).findings}
    assert ("SMTP301", 14, 7) in found
    assert not any(rule == "SMTP105" for rule, _, _ in found)  # the override makes the relay implicit TLS


def test_the_real_stack_files() -> None:
    """docker-mailserver's mailserver.env (relay variables empty), its relay demo (DEFAULT_RELAY_HOST on 465
    with the postfix-main.cf override in configs: content: that turns on wrapper mode) and Mailu's Jinja
    templates: mailu.env, the front's nginx.conf (mail {} proxy) and its Dovecot proxy.conf (submission relay):
    all read, no finding (the demo's 465 was a false alarm before the snippet was read; nginx.conf was skipped
    whole as a template before its tags were read around)."""
    with (STACKS / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    files = {p.relative_to(STACKS).as_posix() for p in STACKS.rglob("*") if p.is_file()
             and p.name != "SOURCES.tsv" and "LICENSES" not in p.parts}
    assert {r["file"] for r in rows} == files
    for row in rows:
        assert row["license"] == "MIT" and len(row["commit"]) == 40
        assert (STACKS / "LICENSES" / f"{row['repo'].replace('/', '__')}.txt").is_file()
    result = lint(STACKS, cwd=STACKS)
    assert result.errors == [] and result.files_checked == len(files)
    assert [(f.rule_id, f.span.path, f.span.line) for f in result.findings] == []
    demo = parse_yaml("relay-compose.yaml",
                      (STACKS / "docker-mailserver__docker-mailserver" / "relay-compose.yaml").read_text())
    [ep] = demo.endpoints
    assert ep.dialect is Dialect.DOCKER_MAILSERVER and ep.port is not None and ep.port.value == 465
    assert ep.mode is not None and ep.mode.value is Mode.IMPLICIT_TLS and ep.mode.span.line == 85
    from smtplint.parsers.dovecot_ import parse as parse_dovecot
    from smtplint.parsers.nginx_ import parse as parse_nginx
    front = parse_nginx("nginx.conf", (STACKS / "Mailu__Mailu" / "nginx.conf").read_text(encoding="utf-8"))
    assert front.skipped is None and front.mail_proxy is not None
    [port25] = front.mail_proxy.listeners  # `starttls on` sits in an {% if TLS %}: unknown, not off
    assert port25.port == 25 and port25.starttls is not None and not port25.starttls.known
    proxy_conf = (STACKS / "Mailu__Mailu" / "proxy.conf").read_text(encoding="utf-8")
    [relay] = parse_dovecot("proxy.conf", proxy_conf).endpoints
    assert relay.host is not None and not relay.host.known  # {{ SMTP_ADDRESS }}
    assert relay.port is not None and relay.port.value == 10025 and relay.tls_opt_out is not None


def test_env_file_and_the_compose_snippet_together(tmp_path: Path) -> None:
    """mailserver.env through env_file:, the wrapper-mode override in configs: content: (the linking step)."""
    (tmp_path / "mailserver.env").write_text("PERMIT_DOCKER=none\nRELAY_HOST=smtp.example.net\nRELAY_PORT=465\n"
                                             "RELAY_USER=u\nRELAY_PASSWORD=${P}\n", encoding="utf-8")
    compose = ("services:\n  mailserver:\n    image: mailserver/docker-mailserver\n    env_file: mailserver.env\n"
               "{configs}")
    mount = ("    configs:\n      - source: main\n        target: /tmp/docker-mailserver/postfix-main.cf\n"
             "configs:\n  main:\n    content: |\n      smtp_tls_wrappermode = yes\n")
    (tmp_path / "compose.yaml").write_text(compose.format(configs=""), encoding="utf-8")
    found = {(f.rule_id, f.span.path, f.span.line) for f in lint(tmp_path, cwd=tmp_path).findings}
    assert found == {("SMTP105", "mailserver.env", 2)}
    (tmp_path / "compose.yaml").write_text(compose.format(configs=mount), encoding="utf-8")
    assert [f.rule_id for f in lint(tmp_path, cwd=tmp_path).findings] == []
