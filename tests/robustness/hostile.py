"""Hostile inputs, one builder per case, shared by the bad-input tests and the worst-case measurement.

Each builder returns the file's name and bytes for a target size. The tests use sizes at which a linear
implementation takes well under a second and a quadratic or exponential one takes minutes to forever, so a
regression shows as a failure of the subprocess timeout guard, never as a flaky timing assertion.

``python -m tests.robustness.hostile [SIZE]`` prints, for each case at about ``SIZE`` bytes (default: just under
the 8 MiB maximum file size), the wall time and the peak memory (ru_maxrss) of ``smtplint --format json FILE`` in a
fresh process: the table of the issue's closing note.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

Builder = Callable[[int], tuple[str, bytes]]
MIB = 1024 * 1024


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> bytes:
    return (head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail).encode()


def yaml_alias_bomb_mapping(size: int) -> tuple[str, bytes]:
    """Billion laughs with mappings: 9**12 leaves if aliases were expanded."""
    text = 'x0: &x0 {host: smtp.example.com, port: 25, username: u, password: "pw "}\n'
    for i in range(1, 13):
        text += f"x{i}: &x{i} {{" + ", ".join(f"k{j}: *x{i - 1}" for j in range(9)) + "}\n"
    text += "smtp:\n  <<: *x12\nmail: *x12\n"
    return "bomb-mapping.yml", text.encode()


def yaml_alias_bomb_sequence(size: int) -> tuple[str, bytes]:
    """Billion laughs with sequences of smtp blocks."""
    text = "x0: &x0 [{smtp: {host: smtp.example.com, port: 25}}]\n"
    for i in range(1, 13):
        text += f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 9) + "]\n"
    return "bomb-sequence.yml", text.encode()


def yaml_merge_bomb(size: int) -> tuple[str, bytes]:
    """Merge keys (``<<``) that pull the previous level in nine times, twelve levels deep."""
    text = "x0: &x0 {smtp: {host: smtp.example.com, port: 25}}\n"
    for i in range(1, 13):
        text += (f"x{i}: &x{i}\n  <<: [" + ", ".join([f"*x{i - 1}"] * 9) + "]\n"
                 + "".join(f"  k{j}: *x{i - 1}\n" for j in range(9)))
    return "bomb-merge.yml", text.encode()


def yaml_deep_block(size: int) -> tuple[str, bytes]:
    """Block mappings nested by indentation (size bytes of them: about sqrt(size) levels)."""
    depth = max(200, int((2 * size) ** 0.5) - 2)
    return "deep-block.yml", ("smtp:\n" + "".join(" " * i + "k:\n" for i in range(1, depth))).encode()


def yaml_deep_flow(size: int) -> tuple[str, bytes]:
    """One flow sequence nested size/2 levels deep under an smtp key."""
    return "deep-flow.yml", _repeat("[", size // 2, "smtp: ") + b"]" * (size // 2)


def yaml_many_flows(size: int) -> tuple[str, bytes]:
    """Lines of 99-deep flow sequences (just under the depth limit): ruamel.yaml's slowest path per byte."""
    line = "  - " + "[" * 99 + "]" * 99 + "\n"
    return "many-flows.yml", ("smtp:\n" + line * max(1, size // len(line))).encode()


def yaml_blank_run(size: int) -> tuple[str, bytes]:
    """A folded scalar holding one huge run of blanks (a ``\\s+#`` regex is quadratic on it)."""
    return "blank-run.yml", _repeat(" ", size, "smtp:\n  host: >\n    a", "b\n\n\n  port: 25\n")


def yaml_open_templates(size: int) -> tuple[str, bytes]:
    """A value of unclosed template openers (``{{{{...``, ``${a=${a=...``)."""
    half = size // 2
    return "open-templates.yml", (_repeat("{{", half, "smtp:\n  host: '", "'\n")
                                  + _repeat("${a=", half, "  port: '", "'\n"))


def json_deep(size: int) -> tuple[str, bytes]:
    """A Keycloak-looking JSON nested size/2 levels deep."""
    return "realm.json", _repeat("[", size // 2, '{"smtpServer": ') + b"]" * (size // 2) + b"}"


def python_deep_parens(size: int) -> tuple[str, bytes]:
    return "deep_parens_settings.py", _repeat("(", size // 2, "EMAIL_HOST = ") + b")" * (size // 2) + b"\n"


def python_deep_binop(size: int) -> tuple[str, bytes]:
    """``1+1+1...``: no parentheses, but a left-deep tree (RecursionError in naive walkers)."""
    return "deep_binop_settings.py", _repeat("+1", size, "EMAIL_PORT = 1", "\n")


def python_dense(size: int) -> tuple[str, bytes]:
    """The densest valid module just under the 512 KiB parse limit: ast's worst memory per byte."""
    body = "x=1\n" * ((min(size, 512 * 1024) - 40) // 4)
    return "dense_settings.py", (body + 'EMAIL_HOST = "smtp.example.com"\n').encode()


def python_oversized(size: int) -> tuple[str, bytes]:
    """A module over the 512 KiB parse limit: reported, never given to ast."""
    return "big_settings.py", ("x=1\n" * (max(size, 600 * 1024) // 4) + 'EMAIL_HOST = "smtp.example.com"\n').encode()


def env_open_refs(size: int) -> tuple[str, bytes]:
    """``${MAIL_PORT=${MAIL_PORT=...`` without a closing brace."""
    return "refs.env", _repeat("${MAIL_PORT=", size, "MAIL_HOST=smtp.example.com\nMAIL_PORT=", "\n")


def env_blank_run(size: int) -> tuple[str, bytes]:
    """An unquoted value with a huge run of blanks (python-dotenv's comment regex is quadratic on it)."""
    return "blanks.env", _repeat(" ", size, "MAIL_HOST=smtp.example.com\nMAIL_PORT=25", "x\n")


def env_unterminated_quote(size: int) -> tuple[str, bytes]:
    return "quote.env", _repeat('\\"', size, 'MAIL_HOST=smtp.example.com\nMAIL_PASSWORD="', "\n")


def env_many_lines(size: int) -> tuple[str, bytes]:
    """A huge .env of mail variables."""
    lines = [f"SMTP_HOST_{i}=smtp{i}.example.com\n" for i in range(size // 42)]
    return "many.env", ("MAIL_HOST=smtp.example.com\n" + "".join(lines)).encode()


def env_url_templates(size: int) -> tuple[str, bytes]:
    """A mail URL made of unclosed template openers and scheme characters."""
    return "url.env", (_repeat("{{", size // 2, "EMAIL_URL=smtp://", "\n")
                       + _repeat("a", size // 2, "MAILER_DSN=", "\n"))


def postfix_expansion_bomb(size: int) -> tuple[str, bytes]:
    """``a1 = $a0 $a0 ...``: 4**40 characters if expanded."""
    text = "a0 = x\n" + "".join(f"a{i} = $a{i - 1} ${{a{i - 1}}} $(a{i - 1})$a{i - 1}\n" for i in range(1, 41))
    text += "mynetworks = $a40\nsmtpd_tls_security_level = $a40\nmyhostname = $a40\ninet_interfaces = $a40\n"
    return "main.cf", text.encode()


def postfix_nested_conditionals(size: int) -> tuple[str, bytes]:
    """``${a?{${a?{...}}}}`` nested thousands of levels."""
    depth = max(1000, size // 8)
    return "main.cf", f"a = x\nmynetworks = {'${a?{' * depth}10.0.0.0/8{'}}' * depth}\n".encode()


def postfix_master_many_overrides(size: int) -> tuple[str, bytes]:
    line = "  -o smtpd_tls_security_level=$a\n"
    return "master.cf", ("submission inet n - n - - smtpd\n" + line * max(1, size // len(line))).encode()


def ini_blank_run(size: int) -> tuple[str, bytes]:
    return "mail.ini", _repeat(" ", size, "[smtp]\nhost = smtp.example.com\nport", "\n")


def ini_many_bad_lines(size: int) -> tuple[str, bytes]:
    """One SMTP001 warning per line: a huge number of findings."""
    return "bad.ini", _repeat("[\n", size, "[smtp]\n")


def properties_backslashes(size: int) -> tuple[str, bytes]:
    return "mail.properties", _repeat("\\\\\n", size, "spring.mail.host=smtp.example.com\nspring.mail.port=")


def properties_continued_key(size: int) -> tuple[str, bytes]:
    """One logical line continued over millions of natural lines, its key never ending."""
    return "mail.properties", _repeat("a\\\n", size, "spring.mail.host=smtp.example.com\n", "=1\n")


def properties_continued_value(size: int) -> tuple[str, bytes]:
    """A spring.mail password continued over millions of natural lines."""
    return "mail.properties", _repeat("x\\\n", size, "spring.mail.host=smtp.example.com\nspring.mail.password=",
                                      "x\n")


def properties_many_entries(size: int) -> tuple[str, bytes]:
    """Millions of short entries that are not mail settings."""
    return "mail.properties", _repeat("s=\n", size, "spring.mail.host=smtp.example.com\n")


def ini_many_continuations(size: int) -> tuple[str, bytes]:
    """A mail option continued over millions of indented lines (configparser's multi-line value)."""
    return "mail.ini", _repeat(" x\n", size, "[smtp]\nserver = smtp.example.com\nport = 25\nuser = u\n")


def ini_many_other_options(size: int) -> tuple[str, bytes]:
    """Millions of options in a section that is not a mail section."""
    return "mail.ini", _repeat("a=\n", size, "[smtp]\nhost = smtp.example.com\n[other]\n")


def binary_noise(size: int) -> tuple[str, bytes]:
    """Random bytes (NUL-free) under a config name."""
    rng = random.Random(7)
    return "noise.yml", b"smtp: " + bytes(rng.randrange(1, 256) for _ in range(size))


CASES: dict[str, Builder] = {
    f.__name__.replace("_", "-"): f for f in (
        yaml_alias_bomb_mapping, yaml_alias_bomb_sequence, yaml_merge_bomb, yaml_deep_block, yaml_deep_flow,
        yaml_many_flows, yaml_blank_run, yaml_open_templates, json_deep, python_deep_parens, python_deep_binop,
        python_dense, python_oversized, env_open_refs, env_blank_run, env_unterminated_quote, env_many_lines,
        env_url_templates, postfix_expansion_bomb, postfix_nested_conditionals, postfix_master_many_overrides,
        ini_blank_run, ini_many_bad_lines, ini_many_continuations, ini_many_other_options, properties_backslashes,
        properties_continued_key, properties_continued_value, properties_many_entries, binary_noise,
    )
}


def run_case(name: str, size: int, folder: Path, timeout: float = 600.0) -> dict[str, object]:
    """Lint one case in a fresh process; its exit code, report, wall time and peak memory (MiB)."""
    file_name, data = CASES[name](size)
    case_dir = folder / name
    case_dir.mkdir(parents=True, exist_ok=True)
    (case_dir / file_name).write_bytes(data)
    # peak memory: VmHWM of this process image (ru_maxrss would include the forking parent's memory)
    probe = ("import re, resource, sys, time\nfrom smtplint.cli import main\nt = time.perf_counter()\n"
             "code = main(sys.argv[1:])\nsys.stdout.flush()\nelapsed = time.perf_counter() - t\n"
             "try:\n    peak = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)\n"
             "except OSError:\n    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "sys.stderr.write(f'\\n@@ {elapsed:.3f} {peak}\\n')\nraise SystemExit(code)\n")
    proc = subprocess.run([sys.executable, "-c", probe, "--format", "json", "--jobs", "1", "--isolated",
                           file_name], cwd=case_dir, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    seconds, rss_kib = proc.stderr.rsplit("@@ ", 1)[1].split()
    return {"case": name, "bytes": len(data), "exit": proc.returncode, "report": json.loads(proc.stdout),
            "seconds": float(seconds), "peak_mib": int(rss_kib) / 1024}


def main() -> None:
    """Print the worst-case table (markdown) for every case at the size given (default 8 MiB)."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 8 * MIB - 16 * 1024  # just under the default limit
    print("| case | bytes | exit | findings | skipped | time (s) | peak RSS (MiB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for name in CASES:
            r = run_case(name, size, Path(tmp))
            report = r["report"]
            assert isinstance(report, dict)
            print(f"| {name} | {r['bytes']} | {r['exit']} | {len(report['findings'])} | {len(report['skipped'])} "
                  f"| {r['seconds']:.2f} | {r['peak_mib']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
