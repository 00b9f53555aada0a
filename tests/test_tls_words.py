"""The dialects' TLS vocabulary: knobs as written become typed endpoint fields; rules read only those."""

from __future__ import annotations

import pytest

from smtplint.model import ClientEndpoint, Dialect, Origin, Setting, Span
from smtplint.model.tls import TLS10, TLS11
from smtplint.parsers import tls_words
from smtplint.reading import parse_text

SPAN = Span.point("f", 1)


def _ep(**extra: str) -> ClientEndpoint:
    ep = ClientEndpoint(Dialect.GENERIC_ENV, SPAN)
    for line, (name, value) in enumerate(extra.items(), start=1):
        ep.extra[name] = Setting(name.upper(), value, value, Span.point("f", line))
    tls_words.finish([ep])
    return ep


@pytest.mark.parametrize(("name", "value", "verified"), [
    ("verify", "verify_peer=0", False), ("verify", "false", False), ("verify", "none", False),
    ("verify", "true", True), ("verify", "peer", True), ("reject_unauthorized", "false", False),
    ("insecure_skip_verify", "true", False), ("insecure_skip_verify", "false", True),
    ("skip_verify", "yes", False), ("allow_self_signed", "1", False), ("ssl_trust", "*", False),
    ("ssl_trust", "smtp.example.com", None), ("verify", "maybe", None),
])
def test_verification_knobs_are_typed(name: str, value: str, verified: bool | None) -> None:
    ep = _ep(**{name: value})
    if verified is None:
        assert ep.verification == ()
    else:
        [knob] = ep.verification
        assert (knob.value, knob.key, knob.raw, knob.span.line) == (verified, name.upper(), value, 1)


def test_process_wide_verification_versions_and_mode_conflict() -> None:
    ep = _ep(node_tls_reject_unauthorized="0", protocols="TLSv1 TLSv1.1 TLSv1.2", mode_conflict="true")
    assert ep.process_verification is not None and ep.process_verification.value is False
    [versions] = ep.tls_versions
    assert versions.value == frozenset({TLS10, TLS11})
    assert ep.mode_conflict is not None and ep.mode_conflict.key == "MODE_CONFLICT"
    assert _ep(node_tls_reject_unauthorized="1").process_verification.value is True  # type: ignore[union-attr]
    assert _ep(tls_version="SSLv23").tls_versions[0].value is None  # not understood: the rule stays silent


def test_references_are_never_typed_as_a_verdict() -> None:
    ep = ClientEndpoint(Dialect.GENERIC_ENV, SPAN)
    ep.extra["verify"] = Setting("VERIFY", None, "${X}", SPAN, Origin.REFERENCE)
    tls_words.finish([ep])
    assert ep.verification == ()


def test_the_reading_step_types_what_the_syntax_reader_kept() -> None:
    doc = parse_text(".env", "dotenv", "MAILER_DSN=smtp://u:p@smtp.example.com:587?verify_peer=0\n")
    [ep] = doc.endpoints
    assert ep.extra["verify"].raw == "verify_peer=0"  # as written, for the vocabulary
    [knob] = ep.verification
    assert knob.value is False and knob.span.line == 1
