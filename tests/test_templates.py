"""One template policy for every format (smtplint.parsers.templates): which lines are template syntax."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from smtplint.parsers import dotenv_, ini_, msmtprc, postfix, properties_, yaml_
from smtplint.parsers.templates import mask_lines, template_line_numbers, touches_template


def test_statement_comment_and_expression_only_lines() -> None:
    text = ("A=1\n{% if x %}\n{#- note #}\n<% if @y %>\n<%= @z %>\n{{- if .Values.a }}\n{{ include \"x\" . }}\n"
            "B={{ b }}\n{{/* go comment */}}\n<%# erb comment %>\n")
    # <%= %> alone is an expression-only line too; B={{ b }} is a literal line whose value is a reference
    assert template_line_numbers(text) == [2, 3, 4, 5, 6, 7, 9, 10]


def test_multi_line_statement_and_comment_run_to_their_closer() -> None:
    text = "{#\n  MAIL_PORT = 25\n#}\nA=1\n{% set x = {\n  'a': 1 } %}\nB=2\n"
    assert template_line_numbers(text) == [1, 2, 3, 5, 6]


def test_plain_text_has_no_template_lines() -> None:
    assert template_line_numbers("MAIL_HOST=${HOST}\n# {% not at line start\nA=%{b}\n") == []


def test_mask_keeps_every_offset_and_line_ending() -> None:
    text = "A=1\r\n{% if x %}\r\nB=2\n  {%- endif %}\rC=3"
    masked = mask_lines(text)
    assert masked == "A=1\r\n#         \r\nB=2\n#             \rC=3"
    assert len(masked) == len(text)
    assert mask_lines("A=1\n") == "A=1\n"
    assert mask_lines("{% x %}\n", ";") == ";      \n"


def test_touches_template_looks_at_neighbour_lines_only() -> None:
    text = "a: 1\nb: {{ x }}\nc: 2\nd: 3\ne: 4\n"
    assert touches_template(text, 1) and touches_template(text, 3)
    assert not touches_template(text, 5)


def test_dotenv_template_lines_are_no_syntax_errors_and_literals_are_read() -> None:
    doc = dotenv_.parse("m.env", "{% if a %}\nMAIL_HOST=smtp.example.com\nMAIL_PORT={{ port }}\n{% endif %}\n")
    assert doc.diagnostics == []
    ep = doc.endpoints[0]
    assert ep.host is not None and ep.host.value == "smtp.example.com" and ep.host.span.line == 2
    assert ep.port is not None and ep.port.value is None  # a template expression is a reference


def test_dotenv_real_errors_are_still_reported_beside_template_lines() -> None:
    doc = dotenv_.parse("m.env", "{% if a %}\nMAIL_HOST='smtp.example.com\n{% endif %}\n")
    assert [d.span.line for d in doc.diagnostics] == [2]


def test_ini_properties_msmtprc_template_lines_are_skipped() -> None:
    ini = ini_.parse("a.ini", "[mailer]\n<% if @x %>\nHOST = smtp.example.com:587\n<% end %>\n")
    assert ini.diagnostics == [] and ini.endpoints
    props = properties_.parse("a.properties", "{% if x %}\nspring.mail.host=smtp.example.com\n{% endif %}\n")
    assert props.diagnostics == [] and props.endpoints and props.endpoints[0].host is not None
    rc = msmtprc.parse("msmtprc", "{% if x %}\naccount a\nhost smtp.example.com\nport 587\n{% endif %}\n")
    assert rc.diagnostics == [] and rc.endpoints


def test_postfix_go_and_erb_statements_are_template_lines() -> None:
    doc = postfix.parse_main("main.cf", "<% if @tls %>\nsmtp_tls_security_level = may\n<% end %>\n"
                                        "{{- if .Values.x }}\nrelayhost = [a]:587\n{{- end }}\n")
    assert doc.diagnostics == []
    assert doc.main_cf is not None and set(doc.main_cf.definitions) == {"smtp_tls_security_level", "relayhost"}


def test_yaml_template_statement_lines_leave_a_readable_file() -> None:
    doc = yaml_.parse("a.yml", "smtp:\n{% if x %}\n  host: smtp.example.com\n  port: 25\n{% endif %}\n")
    assert doc.skipped is None and doc.diagnostics == [] and doc.endpoints


def test_yaml_invalid_file_without_template_near_the_error_is_a_syntax_error() -> None:
    text = 'about: "{{ x }}"\na: 1\nb: 2\nc: 3\nsmtp:\n  host: h\n - broken\n'
    doc = yaml_.parse("a.yml", text)
    assert doc.skipped is None and [d.span.line for d in doc.diagnostics] == [7]


def test_yaml_error_next_to_a_template_expression_skips_the_file() -> None:
    doc = yaml_.parse("a.yml", "smtp:\n  host: {{ .Values.host }}\n  port: {{ .Values.port }}\n- x\n")
    assert doc.skipped == yaml_.TEMPLATE_SKIP and doc.diagnostics == []


def _every_marker(raw: str) -> bool:
    """is_templated without its character pre-check: every pattern asked."""
    from smtplint.parsers import values

    if values._SHELL_REF.search(raw, 0, raw.rfind("}") + 1) or values._BARE_REF.search(raw):
        return True
    return any(p.search(raw, 0, raw.rfind(c) + len(c) if c else len(raw)) for p, c in values._TEMPLATE_MARKERS)


_MARKER_PIECES = ["{{ x }}", "{% if %}", "%(a)s", "%env(X)%", "%p.q%", "<%= x %>", "#{x}", "%{x}", "ENC(abc)",
                  "ENC[AES256_GCM,data:xx]", "vault://a", "Secret:b", "op://v/i", "AZKV://x", "${A}", "$A", "x"]


@given(st.lists(st.one_of(st.sampled_from(_MARKER_PIECES), st.text(alphabet="ab{}%$<>#()[]:/.-_ =,\n", max_size=6)),
                max_size=4).map("".join))
def test_the_quick_look_never_changes_the_answer(raw: str) -> None:
    from smtplint.parsers.values import is_templated

    assert is_templated(raw) == _every_marker(raw)
