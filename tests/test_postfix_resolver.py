"""PostfixConfig.effective: override -> main.cf -> default, $name expansion, legacy TLS levels."""

from __future__ import annotations

import pytest

from smtplint.model import MasterCf, PostfixConfig, Service, Span
from smtplint.parsers.postfix import parse_main, parse_master


def _cfg(main: str | None, master: str | None = None) -> PostfixConfig:
    main_cf = parse_main("main.cf", main).main_cf if main is not None else None
    master_cf = parse_master("master.cf", master).master_cf if master is not None else None
    return PostfixConfig(main=main_cf, master=master_cf)


def _svc(cfg: PostfixConfig, name: str) -> Service:
    assert cfg.master is not None
    return next(s for s in cfg.master.services if s.name == name)


def test_main_cf_last_definition_wins() -> None:
    cfg = _cfg("smtpd_tls_security_level = none\nsmtpd_tls_security_level = may\n")
    r = cfg.effective("smtpd_tls_security_level")
    assert (r.value, r.source) == ("may", "main.cf")
    assert r.span == Span("main.cf", 2, 1, 2, 31)


def test_default_when_absent() -> None:
    cfg = _cfg("biff = no\n")
    r = cfg.effective("smtpd_sasl_auth_enable")
    assert (r.value, r.source, r.span) == ("no", "default", None)
    relay = cfg.effective("smtpd_relay_restrictions")
    assert relay.value == "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"
    assert cfg.effective("some_unknown_parameter").value == ""
    assert cfg.effective("mynetworks_style").value == "host"  # missing compatibility_level: modern


def test_legacy_compatibility_level_changes_mynetworks_style() -> None:
    assert _cfg("compatibility_level = 0\n").effective("mynetworks_style").value == "subnet"
    assert _cfg("compatibility_level = 1\n").effective("mynetworks_style").value == "subnet"
    assert _cfg("compatibility_level = 3.6\n").effective("mynetworks_style").value == "host"


def test_override_beats_main_and_last_override_wins() -> None:
    cfg = _cfg(
        "smtpd_tls_security_level = may\n",
        "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=none\n"
        "  -o smtpd_tls_security_level=encrypt\n",
    )
    svc = _svc(cfg, "submission")
    r = cfg.effective("smtpd_tls_security_level", svc)
    assert (r.value, r.source) == ("encrypt", "override")
    assert r.span == Span("master.cf", 3, 3, 3, 38)
    assert cfg.effective("smtpd_tls_security_level").value == "may"


@pytest.mark.parametrize(("text", "expected"), [
    ("$a", "A"),
    ("${a}", "A"),
    ("$(a)", "A"),
    ("$$a", "$a"),
    ("x$a-$b.y", "xA-.y"),
    ("${a?set}", "set"),
    ("${b?set}", ""),
    ("${a:unset}", ""),
    ("${b:unset}", "unset"),
    ("${a?{one}:{two}}", "one"),
    ("${b?{one}:{two}}", "two"),
    ("${a?$c}", "C"),
    ("$nested", "A C"),
    ("$undefined_parameter", ""),
    ("$config_directory/x", "/etc/postfix/x"),
    ("${syslog_name}", "postfix"),
    ("$", "$"),
])
def test_expansion(text: str, expected: str) -> None:
    cfg = _cfg("a = A\nb =\nc = C\nnested = $a ${c}\n")
    assert cfg.expand(text) == expected


def test_expansion_cycles_and_templates_are_unknown() -> None:
    cfg = _cfg("x = $y\ny = $x\nself = $self\nt = {{ T }}\nuses_t = a $t\nrel = ${{$a} == {b}?{1}:{2}}\n")
    assert cfg.effective("x").value is None
    assert cfg.effective("self").value is None
    assert cfg.effective("t").value is None
    assert cfg.effective("uses_t").value is None
    assert cfg.effective("rel").value is None
    assert cfg.expand("${unbalanced") is None


def test_expansion_records_related_spans() -> None:
    cfg = _cfg("my_nets = 10.0.0.0/8\nmynetworks = 127.0.0.0/8 $my_nets\n")
    r = cfg.effective("mynetworks")
    assert r.value == "127.0.0.0/8 10.0.0.0/8"
    assert r.span == Span("main.cf", 2, 1, 2, 34)
    assert r.related == (Span("main.cf", 1, 1, 1, 21),)


def test_override_expands_through_main_and_overrides() -> None:
    cfg = _cfg(
        "mua_relay = permit_sasl_authenticated, reject\nrestr = $mua_relay\n",
        "submission inet n - n - - smtpd\n  -o mua_relay=permit_mynetworks\n"
        "  -o smtpd_relay_restrictions=$restr\n  -o smtpd_client_restrictions=$mua_client_restrictions\n"
        "  -o syslog_name=postfix/$service_name\n",
    )
    svc = _svc(cfg, "submission")
    # main.cf's $mua_relay sees the service's -o mua_relay (Postfix applies -o as parameter values)
    assert cfg.effective("smtpd_relay_restrictions", svc).value == "permit_mynetworks"
    assert cfg.effective("restr").value == "permit_sasl_authenticated, reject"
    assert cfg.effective("smtpd_client_restrictions", svc).value == ""
    assert cfg.effective("syslog_name", svc).value == "postfix/submission"


def test_without_main_cf_inherited_values_are_unknown() -> None:
    cfg = _cfg(None, "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level=may\n"
                     "  -o smtpd_client_restrictions=$mua_client_restrictions\n")
    svc = _svc(cfg, "submission")
    assert cfg.effective("smtpd_tls_security_level", svc).value == "may"
    r = cfg.effective("smtpd_sasl_auth_enable", svc)
    assert (r.value, r.source) == (None, "unknown")
    assert cfg.effective("smtpd_client_restrictions", svc).value is None
    assert cfg.effective("mynetworks").value is None


def test_templated_override_is_unknown() -> None:
    cfg = _cfg("smtpd_tls_security_level = may\n",
               "submission inet n - n - - smtpd\n  -o smtpd_tls_security_level={{ LEVEL }}\n")
    r = cfg.effective("smtpd_tls_security_level", _svc(cfg, "submission"))
    assert (r.value, r.source) == (None, "override")


@pytest.mark.parametrize(("main", "level", "decided_by"), [
    ("smtpd_use_tls = yes\n", "may", "smtpd_use_tls"),
    ("smtpd_enforce_tls = yes\nsmtpd_use_tls = yes\n", "encrypt", "smtpd_enforce_tls"),
    ("smtpd_use_tls = no\n", "", ""),
    ("smtpd_use_tls = yes\nsmtpd_tls_security_level = none\n", "none", ""),  # a set level wins
    ("smtpd_enforce_tls = yes\nsmtpd_tls_security_level = may\n", "may", ""),
    ("smtpd_use_tls = yes\nsmtpd_tls_security_level =\n", "may", "smtpd_use_tls"),
])
def test_legacy_tls_levels(main: str, level: str, decided_by: str) -> None:
    r = _cfg(main).effective("smtpd_tls_security_level")
    assert r.value == level
    assert r.decided_by == decided_by
    assert r.name == "smtpd_tls_security_level"


def test_legacy_level_from_override() -> None:
    cfg = _cfg("biff = no\n", "submission inet n - n - - smtpd\n  -o smtpd_enforce_tls=yes\n")
    r = cfg.effective("smtpd_tls_security_level", _svc(cfg, "submission"))
    assert (r.value, r.source, r.decided_by) == ("encrypt", "override", "smtpd_enforce_tls")
    assert cfg.parameter("smtpd_tls_security_level", _svc(cfg, "submission")).value == ""


def test_loopback_through_inet_interfaces() -> None:
    master = "submission inet n - n - - smtpd\n192.0.2.1:587 inet n - n - - smtpd\n"
    cfg = _cfg("inet_interfaces = loopback-only\n", master)
    assert cfg.is_loopback(_svc(cfg, "submission"))
    assert not cfg.is_loopback(_svc(cfg, "192.0.2.1:587"))
    cfg = _cfg("inet_interfaces = 127.0.0.1, [::1]\n", master)
    assert cfg.is_loopback(_svc(cfg, "submission"))
    cfg = _cfg("inet_interfaces = all\n", master)
    assert not cfg.is_loopback(_svc(cfg, "submission"))
    assert not _cfg(None, master).is_loopback(_svc(_cfg(None, master), "submission"))


def test_empty_config() -> None:
    cfg = PostfixConfig(None, MasterCf("master.cf"))
    assert cfg.effective("mynetworks").source == "unknown"
    assert PostfixConfig(None, None).effective("x").value is None
