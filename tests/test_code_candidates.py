"""Same-file variables assigned different values on different code paths (code_values.Names): candidates,
endpoint variants, and the rules' judgement of what only some paths do (one severity lower)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import lint

pytest.importorskip("tree_sitter_php")

_MAILER = """\
    <?php
    $mail = new PHPMailer(true);
    $mail->isSMTP();
    $mail->SMTPOptions = array('ssl' => array('verify_peer' => false));
    if (!empty(gethostbynamel('postfix-mailcow'))) {{
        $relay = {first};
    }}
    if (!empty(gethostbynamel('postfix'))) {{
        $relay = {second};
    }} else {{
        return false;
    }}
    $mail->Host = $relay;
    $mail->Port = 587;
    $mail->SMTPSecure = 'tls';
    $mail->SMTPAuth = true;
    $mail->Username = getenv('SMTP_USER');
    $mail->Password = getenv('SMTP_PASSWORD');
    """


def _severities(tmp_path: Path, first: str, second: str) -> dict[str, str]:
    path = tmp_path / "release.php"
    path.write_text(textwrap.dedent(_MAILER.format(first=first, second=second)), encoding="utf-8")
    result = lint(path, cwd=tmp_path)
    assert not result.errors, result.errors
    return {f.rule_id: f"{f.severity.value}{'*' if 'some code paths' in f.message else ''}"
            for f in result.findings}


@pytest.mark.parametrize(("first", "second", "expected"), [
    # mailcow's quarantine release: two container names, both local: verification off is only an info, certain
    ("'postfix-mailcow'", "'postfix'", {"SMTP106": "info"}),
    # a container on one path, a remote relay on the other: the remote path's error, one severity lower
    ("'postfix-mailcow'", "'relay.example.net'", {"SMTP106": "warning*"}),
    # two remote relays: an error on every path is certain
    ("'relay.example.net'", "'backup.example.net'", {"SMTP106": "error"}),
    # the same literal twice: certain
    ("'relay.example.net'", "'relay.example.net'", {"SMTP106": "error"}),
    # one path reads the environment: the host is unknown, judged as any unknown host
    ("getenv('RELAY')", "'postfix'", {"SMTP106": "error"}),
])
def test_branch_candidates_are_judged_per_path(tmp_path: Path, first: str, second: str,
                                               expected: dict[str, str]) -> None:
    assert _severities(tmp_path, first, second) == expected


def test_variants_are_built_once_per_combination() -> None:
    from smtplint.parsers import code_php
    text = textwrap.dedent("""\
        <?php
        $host = 'a.example.org';
        if ($x) { $host = 'b.example.org'; }
        $port = 465;
        if ($y) { $port = 587; } elseif ($z) { $port = 2525; }
        $m->Host = $host;
        $m->Port = $port;
        """)
    (ep,) = code_php.parse("m.php", text).endpoints
    combos = {(v.host.value if v.host else None, v.port.value if v.port else None) for v in ep.variants}
    assert combos == {(h, p) for h in ("a.example.org", "b.example.org") for p in (465, 587, 2525)}
    assert ep.host is not None and ep.host.value == "a.example.org"  # the first candidate
