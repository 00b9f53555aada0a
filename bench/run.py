#!/usr/bin/env python3
"""smtplint benchmark: generate a realistic monorepo, time smtplint against grep, yamllint and Python.

Usage (from the repository root, with smtplint installed in the venv that runs this script)::

    .venv/bin/python bench/run.py                 # full size: 25,000 files and a 50,000-file twin
    .venv/bin/python bench/run.py --size small    # 1,500 files, one repeat: the CI smoke check
    .venv/bin/python bench/run.py --repeat 5 --keep --smtplint-arg=--jobs=1
    .venv/bin/python bench/run.py --repos ../Mailu ../netbox   # checkouts of real repositories instead

The tree is generated deterministically (a fixed seed; the same size gives the same bytes) under
``bench/_trees/`` (git-ignored) or ``--dir``, as a git repository with every file committed: source code
(Python, JS/TS, Go, Java), assets (PNG, fonts, SVG, CSS, JSON lock files), Markdown, YAML (Kubernetes,
CI workflows, Helm values, compose files), ``.env`` files, Django settings and Postfix ``main.cf`` /
``master.cf``. About 3% of the files carry mail settings; one file in 5,000 is a large (100-300 kB) Helm
values file with a mail block at its end.

In one run, each command timed as the best wall-clock time of ``--repeat`` runs (caches warm), it measures:

- ``smtplint .`` on the tree vs ``grep -rIl -E 'smtp|mail' .`` vs ``yamllint`` on the tree's YAML files;
- ``smtplint`` on three small staged files vs ``yamllint`` on the same three;
- ``smtplint --version`` vs ``python -c pass``;
- the peak memory of ``smtplint .`` on the tree (the sum over its process tree, sampled, and the largest
  single process's maximum resident set);
- the scaling from the tree to its twice-as-large twin (1.0 is linear).

Commands run without ``PYTHONDONTWRITEBYTECODE``, as installed programs do, so the warm-up run caches the
bytecode that the timed runs then load.

and prints a table of ratios with the targets of issue 8. yamllint is found beside this Python, then on
PATH; when absent its comparisons are skipped with a note. No timing is asserted: the exit status is
non-zero only when a command fails to run (smtplint exiting 1 for findings is expected).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"small": 1_500, "medium": 6_000, "full": 25_000}
SEED = 20_251_125
GENERATOR_VERSION = "2"  # bump when the generator changes, so cached trees are rebuilt

# --------------------------------------------------------------------------------------------------------
# Tree generation (deterministic: one seeded random.Random, no clock, no environment)

WORDS = [
    "user", "account", "order", "invoice", "payment", "cart", "item", "product", "catalog", "search", "index",
    "query", "cache", "session", "token", "auth", "login", "report", "export", "import", "queue", "worker", "job",
    "task", "event", "handler", "client", "server", "request", "response", "config", "setting", "value", "record",
    "table", "column", "field", "model", "view", "form", "page", "layout", "route", "service", "store", "state",
    "action", "reducer", "hook", "util", "helper", "parser", "format", "render", "template", "schema",
]
MAILY = [
    "send_mail", "notify_by_email", "mailer", "email_address", "smtp_client", "mail_queue", "mailbox",
    "email_template", "unsubscribe_mail",
]


def _ident(rng: random.Random, n: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(n))


def _camel(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(WORDS).capitalize() for _ in range(n))


def _py_source(rng: random.Random, mail: bool) -> str:
    out = [f'"""{_ident(rng, 3).replace("_", " ").capitalize()}."""', "", "import os",
           f"from .{rng.choice(WORDS)} import {_camel(rng)}", ""]
    for _ in range(rng.randint(3, 25)):
        name = rng.choice(MAILY) if mail and rng.random() < 0.2 else _ident(rng)
        out += [f"def {name}({_ident(rng, 1)}, {_ident(rng, 1)}=None):",
                f'    """Return the {_ident(rng, 2).replace("_", " ")}."""',
                f"    result = {_camel(rng)}({_ident(rng, 1)})",
                f"    if result.{_ident(rng, 1)} > {rng.randint(0, 999)}:",
                f"        return result.{_ident(rng, 2)}()",
                f"    return {_ident(rng, 1)} or {rng.randint(0, 99)}", ""]
    return "\n".join(out) + "\n"


def _py_module_settings(rng: random.Random) -> str:
    """A non-settings-named module that nevertheless holds EMAIL_ settings (found by the content check)."""
    return (f'"""Mail configuration for the {rng.choice(WORDS)} service."""\n\nimport os\n\n'
            f'EMAIL_HOST = "smtp.{rng.choice(WORDS)}.example.com"\nEMAIL_PORT = {rng.choice((25, 587, 465))}\n'
            f'EMAIL_USE_TLS = {rng.choice(("True", "False"))}\n'
            'EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER")\n'
            'EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD")\n\n' + _py_source(rng, False))


def _js_source(rng: random.Random, mail: bool) -> str:
    out = [f"import {{ {_camel(rng)} }} from './{rng.choice(WORDS)}';", ""]
    for _ in range(rng.randint(3, 25)):
        name = "sendMail" + _camel(rng, 1) if mail and rng.random() < 0.2 else _camel(rng)
        out += [f"export function {name[0].lower() + name[1:]}({_ident(rng, 1)}, options = {{}}) {{",
                f"  const {_ident(rng, 1)} = await fetch(`/api/{rng.choice(WORDS)}/${{id}}`);",
                f"  if (options.{_ident(rng, 1)} > {rng.randint(0, 999)}) return null;",
                f"  return {{ ...options, {_ident(rng, 1)}: {rng.randint(0, 99)} }};", "}", ""]
    return "\n".join(out) + "\n"


def _go_source(rng: random.Random) -> str:
    out = [f"package {rng.choice(WORDS)}", "", 'import "fmt"', ""]
    for _ in range(rng.randint(3, 20)):
        out += [f"func {_camel(rng)}({_ident(rng, 1)} int) (string, error) {{",
                f'\treturn fmt.Sprintf("{_ident(rng, 1)}-%d", {_ident(rng, 1)}), nil', "}", ""]
    return "\n".join(out)


def _java_source(rng: random.Random) -> str:
    cls = _camel(rng)
    out = [f"package com.example.{rng.choice(WORDS)};", "", f"public class {cls} {{"]
    for _ in range(rng.randint(3, 20)):
        out += [f"    public int {_camel(rng, 1).lower()}{_camel(rng)}(int {_ident(rng, 1)}) {{",
                f"        return {rng.randint(0, 999)};", "    }"]
    return "\n".join([*out, "}", ""])


def _markdown(rng: random.Random, mail: bool) -> str:
    out = [f"# {_camel(rng)}", ""]
    for _ in range(rng.randint(3, 30)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        if mail and rng.random() < 0.3:
            words.append("(configure the mail relay first)")
        out += [" ".join(words).capitalize() + ".", ""]
    return "\n".join(out)


def _k8s(rng: random.Random) -> str:
    name = _ident(rng).replace("_", "-")
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\n"
            f"spec:\n  replicas: {rng.randint(1, 5)}\n  selector:\n    matchLabels:\n      app: {name}\n"
            f"  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n"
            f"        - name: {name}\n"
            f"          image: registry.example.com/{name}:{rng.randint(1, 9)}.{rng.randint(0, 20)}\n"
            f"          ports:\n            - containerPort: {rng.choice((8080, 3000, 5000))}\n"
            "          resources:\n            limits:\n              cpu: 500m\n              memory: 256Mi\n"
            "          env:\n" + "".join(
                f"            - name: {_ident(rng).upper()}\n              value: \"{rng.randint(0, 999)}\"\n"
                for _ in range(rng.randint(1, 8))))


def _workflow(rng: random.Random) -> str:
    return ("name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n"
            + "".join(f"      - run: make {rng.choice(WORDS)}\n" for _ in range(rng.randint(1, 6))))


def _helm_values(rng: random.Random, lines: int) -> str:
    out = [f"replicaCount: {rng.randint(1, 4)}", "image:", f"  repository: example/{rng.choice(WORDS)}",
           "  tag: latest"]
    section = 0
    while len(out) < lines:
        section += 1
        out.append(f"{_camel(rng, 1).lower()}{section}:")
        for key in range(rng.randint(3, 12)):
            value = rng.choice(("true", "false", str(rng.randint(0, 9999)), _ident(rng)))
            out.append(f"  {_ident(rng)}_{key}: {value}")
    return "\n".join(out) + "\n"


def _yaml_mail(rng: random.Random) -> str:
    kind = rng.randrange(4)
    host = f"smtp.{rng.choice(WORDS)}.example.com"
    if kind == 0:
        return (f"app:\n  name: {rng.choice(WORDS)}\nsmtp:\n  host: {host}\n  port: {rng.choice((25, 465, 587))}\n"
                f"  security: {rng.choice(('tls', 'ssl', 'starttls', 'none'))}\n  username: app\n"
                "  password: ${SMTP_PASSWORD}\n")
    if kind == 1:
        return (f"server:\n  port: 8080\nspring:\n  mail:\n    host: {host}\n    port: {rng.choice((25, 587))}\n"
                "    username: ${MAIL_USER}\n    password: ${MAIL_PASS}\n    properties:\n      mail:\n"
                "        smtp:\n          auth: true\n          starttls:\n"
                f"            enable: {rng.choice(('true', 'false'))}\n")
    if kind == 2:
        return (f"global:\n  smtp_smarthost: '{host}:587'\n  smtp_from: alerts@example.com\n"
                f"  smtp_require_tls: {rng.choice(('true', 'false'))}\nroute:\n  receiver: team\nreceivers:\n"
                "  - name: team\n    email_configs:\n      - to: team@example.com\n")
    return (f"services:\n  app:\n    image: example/app:1.{rng.randint(0, 9)}\n    environment:\n"
            f"      - SMTP_HOST={host}\n      - SMTP_PORT={rng.choice((465, 587))}\n"
            f"      - SMTP_SECURE={rng.choice(('true', 'false'))}\n      - SMTP_PASS=${{SMTP_PASS}}\n"
            "  db:\n    image: postgres:16\n")


def _dotenv(rng: random.Random, mail: bool) -> str:
    out = [f"APP_NAME={rng.choice(WORDS)}", "APP_ENV=production", f"DB_HOST=db{rng.randint(1, 9)}",
           "DB_PASSWORD=", f"REDIS_URL=redis://cache:{rng.choice((6379, 6380))}/0"]
    if mail:
        out += ["MAIL_MAILER=smtp", f"MAIL_HOST=smtp.{rng.choice(WORDS)}.example.com",
                f"MAIL_PORT={rng.choice((25, 465, 587))}", f"MAIL_ENCRYPTION={rng.choice(('tls', 'ssl', 'null'))}",
                "MAIL_USERNAME=app", "MAIL_PASSWORD="]
    return "\n".join(out) + "\n"


def _django_settings(rng: random.Random, mail: bool) -> str:
    out = ['"""Django settings."""', "", "import os", "", "DEBUG = False",
           f'ALLOWED_HOSTS = ["{rng.choice(WORDS)}.example.com"]', 'SECRET_KEY = os.environ["SECRET_KEY"]',
           "INSTALLED_APPS = [", *[f'    "{_ident(rng)}",' for _ in range(rng.randint(3, 12))], "]"]
    if mail:
        out += ['EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"',
                f'EMAIL_HOST = "smtp.{rng.choice(WORDS)}.example.com"', f"EMAIL_PORT = {rng.choice((25, 465, 587))}",
                f"EMAIL_USE_TLS = {rng.choice(('True', 'False'))}", 'EMAIL_HOST_USER = "noreply@example.com"',
                'EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")']
    return "\n".join(out) + "\n"


def _main_cf(rng: random.Random) -> str:
    return ("compatibility_level = 3.6\nmyhostname = mail.example.com\nmydestination = $myhostname, localhost\n"
            f"mynetworks = 127.0.0.0/8 [::1]/128 10.{rng.randint(0, 255)}.0.0/{rng.choice((16, 24, 8))}\n"
            "smtpd_tls_cert_file = /etc/ssl/certs/mail.pem\nsmtpd_tls_key_file = /etc/ssl/private/mail.key\n"
            f"smtpd_tls_security_level = {rng.choice(('may', 'encrypt'))}\nsmtpd_sasl_type = dovecot\n"
            "smtpd_sasl_path = private/auth\n"
            "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n")


def _master_cf(rng: random.Random) -> str:
    return ("smtp      inet  n       -       y       -       -       smtpd\n"
            "submission inet n       -       y       -       -       smtpd\n"
            "  -o syslog_name=postfix/submission\n  -o smtpd_sasl_auth_enable=yes\n"
            + ("  -o smtpd_tls_security_level=encrypt\n" if rng.random() < 0.5 else "")
            + "pickup    unix  n       -       y       60      1       pickup\n"
            "cleanup   unix  n       -       y       -       0       cleanup\n"
            "qmgr      unix  n       -       n       300     1       qmgr\n")


def _css(rng: random.Random) -> str:
    return "".join(f".{_ident(rng).replace('_', '-')} {{ margin: {rng.randint(0, 32)}px; "
                   f"color: #{rng.randrange(16**6):06x}; }}\n"
                   for _ in range(rng.randint(10, 120)))


def _svg(rng: random.Random) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
            + "".join(f'<path d="M{rng.randint(0, 24)} {rng.randint(0, 24)}'
                      f'L{rng.randint(0, 24)} {rng.randint(0, 24)}z"/>'
                      for _ in range(rng.randint(5, 80))) + "</svg>\n")


def _json(rng: random.Random, entries: int) -> str:
    body = ",\n".join(f'    "{_ident(rng)}-{i}": '
                      f'{{"version": "{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}", '
                      f'"integrity": "sha512-{rng.randbytes(24).hex()}"}}' for i in range(entries))
    return '{\n  "name": "' + rng.choice(WORDS) + '",\n  "packages": {\n' + body + "\n  }\n}\n"


def _binary(rng: random.Random, low: int, high: int, magic: bytes) -> bytes:
    return magic + rng.randbytes(rng.randint(low, high))


# kind, share of the tree (per mille): about 3% of the files carry mail settings, 1 in 5,000 is a large one
MIX = (("py", 250), ("py-mail", 6), ("py-emailsettings", 2), ("js", 190), ("ts", 60), ("js-mail", 5),
       ("go", 50), ("java", 50), ("md", 45), ("md-mail", 5), ("json", 40), ("css", 30), ("svg", 20),
       ("png", 60), ("woff", 10), ("k8s", 60), ("workflow", 20), ("helm", 30), ("yaml-mail", 18),
       ("env", 8), ("env-mail", 8), ("django", 4), ("django-mail", 8), ("postfix", 3))
DIRS = {"py": "app", "py-mail": "app", "py-emailsettings": "app", "js": "web/src", "ts": "web/src",
        "js-mail": "web/src", "go": "cmd", "java": "src/main/java", "md": "docs", "md-mail": "docs",
        "json": "web", "css": "web/static", "svg": "web/static/icons", "png": "web/static/img",
        "woff": "web/static/fonts", "k8s": "deploy/k8s", "workflow": ".github/workflows", "helm": "deploy/helm",
        "yaml-mail": "config", "yaml-large": "deploy/helm", "env": "", "env-mail": "", "django": "settings",
        "django-mail": "settings",
        "postfix": "mail/postfix"}


@dataclass
class TreeInfo:
    """What was generated: the root, the file count and the paths the benchmark needs."""

    root: Path
    files: int
    yaml_files: list[str]
    staged: list[str]


def generate(root: Path, files: int, use_git: bool = True) -> TreeInfo:
    """Write a deterministic monorepo of about ``files`` files under ``root`` (reused when already there)."""
    stamp = root / ".bench-tree"
    want = f"{GENERATOR_VERSION} {files} {SEED} {'git' if use_git else 'plain'}\n"
    if stamp.is_file() and stamp.read_text() == want:
        return _info(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rng = random.Random(SEED)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    written = 0
    index = 0
    packages = max(1, files // 120)
    while written < files:
        kind = rng.choices(kinds, weights)[0] if index % 5000 != 2500 else "yaml-large"
        number = rng.randrange(packages)
        pkg = f"packages/{WORDS[number % len(WORDS)]}-{number:04d}"
        sub = DIRS[kind]
        folder = root / pkg / sub / (rng.choice(WORDS) if sub in ("app", "web/src", "docs") else "")
        index += 1
        payload: dict[str, str | bytes] = {}
        if kind in ("py", "py-mail"):
            payload[f"{_ident(rng)}_{index}.py"] = _py_source(rng, kind == "py-mail")
        elif kind == "py-emailsettings":
            payload[f"mail_conf_{index}.py"] = _py_module_settings(rng)
        elif kind in ("js", "ts", "js-mail"):
            payload[f"{_camel(rng)}{index}.{'ts' if kind == 'ts' else 'js'}"] = _js_source(rng, kind == "js-mail")
        elif kind == "go":
            payload[f"{_ident(rng)}_{index}.go"] = _go_source(rng)
        elif kind == "java":
            payload[f"{_camel(rng)}{index}.java"] = _java_source(rng)
        elif kind in ("md", "md-mail"):
            payload[f"{_ident(rng)}_{index}.md"] = _markdown(rng, kind == "md-mail")
        elif kind == "json":
            big = rng.random() < 0.03
            payload["package-lock.json" if big else f"{_ident(rng)}_{index}.json"] = _json(
                rng, rng.randint(3000, 6000) if big else rng.randint(3, 60))
        elif kind == "css":
            payload[f"{_ident(rng)}_{index}.css"] = _css(rng)
        elif kind == "svg":
            payload[f"{_ident(rng)}_{index}.svg"] = _svg(rng)
        elif kind == "png":
            payload[f"{_ident(rng)}_{index}.png"] = _binary(rng, 500, 40_000, b"\x89PNG\r\n\x1a\n\x00\x00")
        elif kind == "woff":
            payload[f"{_ident(rng)}_{index}.woff2"] = _binary(rng, 10_000, 80_000, b"wOF2\x00\x01")
        elif kind == "k8s":
            payload[f"{_ident(rng).replace('_', '-')}-{index}.yaml"] = _k8s(rng)
        elif kind == "workflow":
            payload[f"{_ident(rng, 1)}-{index}.yml"] = _workflow(rng)
        elif kind == "helm":
            payload[f"values-{index}.yaml"] = _helm_values(rng, rng.randint(20, 300))
        elif kind == "yaml-mail":
            payload[f"{rng.choice(('application', 'config', 'docker-compose', 'alertmanager'))}-{index}.yml"] = \
                _yaml_mail(rng)
        elif kind == "yaml-large":  # a large Helm values file with a mail block at the end (100-300 kB)
            payload[f"values-{index}.yaml"] = _helm_values(rng, rng.randint(4_000, 12_000)) + _yaml_mail(rng)
        elif kind in ("env", "env-mail"):
            content = _dotenv(rng, kind == "env-mail")  # (drawn before the name: keeps the trees as they were)
            payload[rng.choice((".env", ".env.example", ".env.production", "app.env"))] = content
            folder = folder / f"svc{index}"
        elif kind in ("django", "django-mail"):
            payload["settings.py" if rng.random() < 0.5 else f"prod_settings_{index}.py"] = \
                _django_settings(rng, kind == "django-mail")
            folder = folder / f"site{index}"
        else:  # postfix: a main.cf and master.cf pair
            folder = folder / f"host{index}"
            payload["main.cf"] = _main_cf(rng)
            payload["master.cf"] = _master_cf(rng)
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in payload.items():
            path = folder / name
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
            written += 1
    (root / ".gitignore").write_text("*.log\n/tmp/\n")
    if use_git:
        _commit_all(root)
    stamp.write_text(want)
    return _info(root)


def _commit_all(root: Path) -> None:
    """Make ``root`` a git repository with every file committed (fixed author and date: the same bytes)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
           "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z"}
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "-c", "gc.auto=0", "add", "-A"],
                ["git", "-c", "gc.auto=0", "commit", "-q", "-m", "generated tree", "--no-verify"],
                ["git", "gc", "-q", "--prune=now"]):
        subprocess.run(cmd, cwd=root, check=True, env=env, stdout=subprocess.DEVNULL)


def _info(root: Path) -> TreeInfo:
    yaml_files: list[str] = []
    count = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in sorted(filenames):
            if name == ".bench-tree":
                continue
            count += 1
            if name.endswith((".yml", ".yaml")):
                yaml_files.append(os.path.relpath(os.path.join(dirpath, name), root))
    small = [p for p in yaml_files if (root / p).stat().st_size < 4000]
    mail = [p for p in small if "application-" in p or "config-" in p]
    staged = sorted(mail[:1] + [p for p in small if p not in mail[:1]][:2])
    return TreeInfo(root, count, sorted(yaml_files), staged)


# --------------------------------------------------------------------------------------------------------
# Trees shaped like real repositories (issue 20): each a plain dict of relative path -> content, drawn from its
# own seeded random.Random, so each tree's bytes depend only on its name and size.

def _mailu_env(rng: random.Random, lines: int) -> str:
    out = ["# Mailu main configuration file", "", "SECRET_KEY=ChangeMeChangeMe", "SUBNET=192.168.203.0/24",
           "DOMAIN=mail.example.com", "HOSTNAMES=mail.example.com", "POSTMASTER=admin",
           "TLS_FLAVOR=letsencrypt", "AUTH_RATELIMIT_IP=60/hour", "DISABLE_STATISTICS=False",
           "RELAYHOST=", "RELAYNETS=", "SMTP_HOST=smtp.relay.example.com", f"SMTP_PORT={rng.choice((25, 587))}",
           "SMTP_USER=relay", "SMTP_PASSWORD=", "MESSAGE_SIZE_LIMIT=50000000"]
    while len(out) < lines:
        out += ["", f"# {_ident(rng, 4).replace('_', ' ').capitalize()}",
                f"{_ident(rng).upper()}={rng.choice(('True', 'False', str(rng.randint(0, 9999)), _ident(rng)))}"]
    return "\n".join(out) + "\n"


def _compose_stack(rng: random.Random, services: int) -> str:
    out = ["version: '2.2'", "", "services:"]
    for n in range(services):
        name = f"{rng.choice(WORDS)}{n}"
        out += [f"  {name}:", f"    image: ghcr.io/mailu/{name}:2024.06", "    restart: always",
                "    env_file: mailu.env", "    volumes:", f'      - "/mailu/{name}:/data"', "    networks:",
                "      - default"]
        if n % 3 == 0:
            out += ["    environment:", "      - SMTP_HOST=${SMTP_HOST}", "      - SMTP_PORT=${SMTP_PORT:-587}"]
    out += ["", "networks:", "  default:", "    driver: bridge", ""]
    return "\n".join(out)


def _keycloak_realm(rng: random.Random, users: int) -> str:
    import json as _json
    realm = rng.choice(WORDS)
    doc: dict[str, object] = {
        "id": realm, "realm": realm, "enabled": True, "sslRequired": "external", "registrationAllowed": False,
        "smtpServer": {"host": f"smtp.{rng.choice(WORDS)}.example.com", "port": rng.choice(("25", "587", "465")),
                       "from": "noreply@example.com", "auth": "true", "starttls": rng.choice(("true", "false")),
                       "ssl": "false", "user": "keycloak", "password": "**********"},
        "roles": {"realm": [{"id": f"{rng.randbytes(16).hex()}", "name": _ident(rng), "composite": False,
                             "clientRole": False, "containerId": realm, "attributes": {}}
                            for _ in range(users // 4)]},
        "clients": [{"id": rng.randbytes(16).hex(), "clientId": _ident(rng).replace("_", "-"),
                     "redirectUris": [f"https://{rng.choice(WORDS)}.example.com/*"], "publicClient": False,
                     "protocol": "openid-connect", "attributes": {_ident(rng): str(rng.randint(0, 999))
                                                                 for _ in range(12)},
                     "defaultClientScopes": ["web-origins", "roles", "profile", "email"]}
                    for _ in range(users // 8)],
        "users": [{"id": rng.randbytes(16).hex(), "username": _ident(rng), "enabled": True, "emailVerified": True,
                   "email": f"{_ident(rng)}@example.com", "firstName": rng.choice(WORDS).capitalize(),
                   "credentials": [], "realmRoles": ["offline_access", "uma_authorization"],
                   "attributes": {"locale": ["en"], "department": [rng.choice(WORDS)]}} for _ in range(users)],
    }
    return _json.dumps(doc, indent=2) + "\n"


def _env_example(rng: random.Random, lines: int) -> str:
    out = ["# Copy this file to .env and fill in the values", "", "APP_ENV=production", "APP_DEBUG=false",
           "MAIL_MAILER=smtp", f"MAIL_HOST=smtp.{rng.choice(WORDS)}.example.com",
           f"MAIL_PORT={rng.choice((25, 465, 587))}", f"MAIL_ENCRYPTION={rng.choice(('tls', 'ssl', 'null'))}",
           "MAIL_USERNAME=", "MAIL_PASSWORD="]
    while len(out) < lines:
        out += [f"# {_ident(rng, 5).replace('_', ' ').capitalize()}.",
                f"{_ident(rng).upper()}_{len(out)}=\"{rng.choice(('', _ident(rng), str(rng.randint(0, 99999))))}\""]
    return "\n".join(out) + "\n"


def _helm_templates(rng: random.Random, name: str) -> str:
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{{{ include \"{name}.fullname\" . }}}}\n"
            "spec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n"
            f"        - name: {name}\n"
            "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n"
            "          env:\n            {{- range $k, $v := .Values.env }}\n            - name: {{ $k }}\n"
            "              value: {{ $v | quote }}\n            {{- end }}\n")


def shaped_tree(kind: str, scale: int = 1) -> dict[str, str | bytes]:
    """The files of one repository-shaped tree (``scale`` multiplies the dense tree's size only)."""
    rng = random.Random(f"{SEED}-{kind}-{scale}")
    files: dict[str, str | bytes] = {}
    if kind == "mailstack":  # Mailu-like: a compose file whose services all name one long env_file
        files["docker-compose.yml"] = _compose_stack(rng, 24)
        files["mailu.env"] = _mailu_env(rng, 400)
        files[".env"] = _dotenv(rng, True)
        files["overrides/postfix/main.cf"] = _main_cf(rng)
        files["overrides/postfix/master.cf"] = _master_cf(rng)
        files["README.md"] = _markdown(rng, True)
        for n in range(30):
            files[f"core/{rng.choice(WORDS)}/{_ident(rng)}_{n}.py"] = _py_source(rng, n % 7 == 0)
        for n in range(8):
            files[f"docs/{_ident(rng)}_{n}.md"] = _markdown(rng, n % 2 == 0)
        for n in range(6):
            files[f"setup/{_ident(rng)}_{n}.yml"] = _workflow(rng)
        files["setup/flavors/compose/docker-compose.yml"] = _compose_stack(rng, 12)
        files["setup/flavors/compose/mailu.env"] = _mailu_env(rng, 200)
    elif kind == "django":  # a mid-size Django application
        files["project/settings.py"] = _django_settings(rng, True)
        files["project/settings_test.py"] = _django_settings(rng, False)
        files[".env.example"] = _env_example(rng, 60)
        for n in range(500):
            app = WORDS[n % 23]
            files[f"{app}/{_ident(rng)}_{n}.py"] = _py_source(rng, n % 50 == 0)
        for n in range(120):
            files[f"templates/{WORDS[n % 11]}/{_ident(rng)}_{n}.html"] = _markdown(rng, False)
        for n in range(60):
            name = f"static/{_ident(rng)}_{n}.{'css' if n % 2 else 'js'}"
            files[name] = _css(rng) if n % 2 else _js_source(rng, False)
        for n in range(40):
            files[f"static/img/{_ident(rng)}_{n}.png"] = _binary(rng, 500, 20_000, b"\x89PNG\r\n\x1a\n\x00\x00")
        for n in range(20):
            files[f"docs/{_ident(rng)}_{n}.md"] = _markdown(rng, n % 5 == 0)
        files[".github/workflows/ci.yml"] = _workflow(rng)
        files["docker-compose.yml"] = _yaml_mail(random.Random(3))
    elif kind == "helm":  # a Helm chart: big values, templates with {{ }}
        files["Chart.yaml"] = "apiVersion: v2\nname: mailer\nversion: 1.2.3\nappVersion: \"4.5\"\n"
        files["values.yaml"] = _helm_values(rng, 2500) + _yaml_mail(random.Random(1))
        files["values-production.yaml"] = _helm_values(rng, 400)
        files["templates/_helpers.tpl"] = '{{- define "mailer.fullname" -}}{{ .Release.Name }}{{- end }}\n'
        for n in range(25):
            files[f"templates/{_ident(rng).replace('_', '-')}-{n}.yaml"] = _helm_templates(rng, "mailer")
        for n in range(10):
            files[f"ci/{_ident(rng)}-{n}-values.yaml"] = _helm_values(rng, 40)
        files["README.md"] = _markdown(rng, True)
    elif kind == "largeconf":  # a folder of large real-shaped configuration files
        for n in range(4):
            files[f"keycloak/realm-{n}.json"] = _keycloak_realm(rng, 600)
        for n in range(11):
            files[f"env/{rng.choice(WORDS)}-{n}/.env.example"] = _env_example(rng, 700)
        for n in range(5):
            files[f"helm/values-{n}.yaml"] = _helm_values(rng, 3000) + _yaml_mail(rng)
        for n in range(50):
            files[f"conf/{_ident(rng)}-{n}.yml"] = _yaml_mail(rng) if n % 4 == 0 else _k8s(rng)
    elif kind == "dense":  # a fifth of the files carry mail settings
        for n in range(1000 * scale):
            pick = n % 10
            where = f"svc/{WORDS[n % len(WORDS)]}-{n // 40:04d}"
            own = f".{WORDS[n % 41]}{n % 997}.example.com"  # hosts of many teams: distinct ones
            if pick == 0:
                files[f"{where}/config-{n}.yml"] = _yaml_mail(rng).replace(".example.com", own)
            elif pick == 5:
                files[f"{where}/.env.{n}"] = _dotenv(rng, True).replace(".example.com", own)
            elif pick in (1, 2, 3):
                files[f"{where}/{_ident(rng)}_{n}.py"] = _py_source(rng, False)
            elif pick in (4, 6):
                files[f"{where}/{_camel(rng)}{n}.js"] = _js_source(rng, False)
            elif pick == 7:
                files[f"{where}/deploy-{n}.yaml"] = _k8s(rng)
            else:
                files[f"{where}/{_ident(rng)}_{n}.md"] = _markdown(rng, False)
    else:
        raise ValueError(kind)
    return files


SHAPED = ("mailstack", "django", "helm", "largeconf")
SHAPED_VERSION = "2"  # bump when the shaped trees change


def write_shaped(root: Path, kind: str, scale: int = 1, config: bool = False, use_git: bool = True) -> Path:
    """Write one shaped tree under ``root`` (a git repository with every file committed, as the repositories
    it is shaped like are checked out; plain folders with ``use_git`` False; reused when the stamp matches)."""
    stamp = root / ".bench-tree"
    want = f"{SHAPED_VERSION} {kind} {scale} {SEED} {'config' if config else 'plain'} {'git' if use_git else ''}\n"
    if stamp.is_file() and stamp.read_text() == want:
        return root
    if root.exists():
        shutil.rmtree(root)
    for rel, content in shaped_tree(kind, scale).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    if config:  # the same tree with a [tool.smtplint] table (issue 20: within 10% of the run without)
        (root / "pyproject.toml").write_text(
            '[project]\nname = "bench"\nversion = "0"\n\n[tool.smtplint]\nignore = ["SMTP001"]\n'
            'exclude = ["docs/"]\n\n[tool.smtplint.per-file-ignores]\n"setup/*" = ["SMTP101"]\n')
    if use_git:
        _commit_all(root)
    stamp.write_text(want)
    return root


# --------------------------------------------------------------------------------------------------------
# Measuring


# Commands run as installed programs do: with their bytecode cached (the warm-up run writes it when missing).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
GREP = ["grep", "-rIl", "-E", "smtp|mail", "."]  # the reference every tree is timed against


def findings(rc: int) -> bool:
    """smtplint's exit status on a tree: 1 when it finds something, which is expected here."""
    return rc in (0, 1)


def best_time(cmd: Sequence[str], cwd: Path, repeat: int, ok: Callable[[int], bool] = lambda rc: rc == 0) -> float:
    """The best wall-clock seconds of ``repeat`` runs (one untimed warm-up run first)."""
    return best_times([(cmd, cwd)], repeat, ok)[0]


def best_times(runs: Sequence[tuple[Sequence[str], Path]], repeat: int,
               ok: Callable[[int], bool] = lambda rc: rc == 0) -> list[float]:
    """The best wall-clock seconds of each of ``runs`` (command, folder), timed in turns (one untimed warm-up
    round first): rows that compare two commands then see the same machine, whatever drifts between rounds."""
    times: list[list[float]] = [[] for _ in runs]
    for attempt in range(repeat + 1):
        for index, (cmd, cwd) in enumerate(runs):
            start = time.perf_counter()
            proc = subprocess.run(list(cmd), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  check=False, env=CHILD_ENV)
            elapsed = time.perf_counter() - start
            if not ok(proc.returncode):
                sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}:\n"
                         f"{proc.stderr.decode(errors='replace')}")
            if attempt:
                times[index].append(elapsed)
    return [min(t) for t in times]


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 when gone)."""
    total = 0
    stack = [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            with open(f"/proc/{current}/task/{current}/children") as fh:
                stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def peak_memory(cmd: Sequence[str], cwd: Path) -> tuple[float, float]:
    """(peak MB of the whole process tree, sampled every 5 ms; max RSS MB of the largest single process)."""
    proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    done.set()
    if sampler.is_alive():
        sampler.join()
    largest = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return max(peak, largest) / 2**20, largest / 2**20


def reference_python(smtplint: str) -> str:
    """The Python that ``python -c pass`` is timed with: the one beside the smtplint measured (its environment's
    start-up, ``.pth`` files included), else this one."""
    beside = Path(smtplint).parent / "python"
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else sys.executable


def editable_install(python: str) -> bool:
    """Whether smtplint is installed in development mode in ``python``'s environment: its ``.pth`` finder then
    imports pathlib and urllib in every start-up, ``python -c pass`` included, which flatters the start-up
    ratios by about 10 ms (a wheel install is what users run)."""
    probe = "import sys, glob, os; print(any(glob.glob(os.path.join(p, '__editable__*smtplint*')) for p in sys.path))"
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False).stdout.strip()
    return out == "True"


def find_tool(name: str) -> list[str] | None:
    """A console script beside this Python first (the venv), then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which(name)
    return [found] if found else None


@dataclass
class Row:
    """One line of the table."""

    what: str
    ours: str
    theirs: str
    ratio: str
    target: str
    verdict: str


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _ratio_row(what: str, ours: float, theirs: float, limit: float | None, target: str) -> Row:
    ratio = ours / theirs if theirs else float("inf")
    verdict = "" if limit is None else ("ok" if ratio <= limit else "MISSED")
    return Row(what, _fmt(ours), _fmt(theirs), f"{ratio:.2f}x", target, verdict)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the trees, measure, print the table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--size", choices=tuple(SIZES), default="full", help="tree size (default: full)")
    p.add_argument("--files", type=int, help="exact file count of the tree (overrides --size)")
    p.add_argument("--repeat", type=int, help="timed runs per command, best kept (default: 3; 1 for small)")
    p.add_argument("--dir", type=Path, help="where to generate the trees (default: bench/_trees, kept)")
    p.add_argument("--keep", action="store_true", help="keep a --dir/temporary tree after the run")
    p.add_argument("--no-git", action="store_true", help="plain folders instead of git repositories")
    p.add_argument("--smtplint", metavar="PATH", help="the smtplint to measure (default: beside this Python)")
    p.add_argument("--smtplint-arg", action="append", default=[], metavar="ARG",
                   help="extra argument for every smtplint run on the trees (repeatable), e.g. --jobs=1")
    p.add_argument("--repos", nargs="+", type=Path, metavar="DIR",
                   help="time these checkouts (real repositories) instead of generated trees: smtplint . and "
                        "--jobs 1 against python -c pass plus grep, in turns, best of --repeat (default 7)")
    args = p.parse_args(argv)

    if args.repos:
        smtplint = [args.smtplint] if args.smtplint else find_tool("smtplint") or [sys.executable, "-m", "smtplint"]
        print_table(measure_repos(args.repos, smtplint, list(args.smtplint_arg), [reference_python(smtplint[0])],
                                  args.repeat or 7))
        return 0
    files = args.files or SIZES[args.size]
    repeat = args.repeat or (1 if args.size == "small" and not args.files else 3)
    temp = None
    if args.dir is not None:
        base = args.dir
    elif args.size == "small" and not args.files:
        temp = tempfile.TemporaryDirectory(prefix="smtplint-bench-")
        base = Path(temp.name)
    else:
        base = HERE / "_trees"
    smtplint = [args.smtplint] if args.smtplint else find_tool("smtplint") or [sys.executable, "-m", "smtplint"]
    yamllint = find_tool("yamllint")
    python = [reference_python(smtplint[0])]
    try:
        t0 = time.perf_counter()
        tree = generate(base / f"tree-{files}{'-plain' if args.no_git else ''}", files, not args.no_git)
        twin = generate(base / f"tree-{files * 2}{'-plain' if args.no_git else ''}", files * 2, not args.no_git)
        print(f"trees: {tree.files} and {twin.files} files ({len(tree.yaml_files)} and {len(twin.yaml_files)} YAML), "
              f"{'git repositories' if not args.no_git else 'plain folders'}, "
              f"ready in {time.perf_counter() - t0:.1f} s; "
              f"best of {repeat} runs each", flush=True)
        extra = list(args.smtplint_arg)
        lint_tree, serial_tree, grep_tree = best_times(
            [([*smtplint, *extra, "."], tree.root), ([*smtplint, *extra, "--jobs", "1", "."], tree.root),
             (GREP, tree.root)], repeat, findings)
        lint_twin, grep_twin = best_times([([*smtplint, *extra, "."], twin.root), (GREP, twin.root)], repeat,
                                          findings)
        yamllint_cmd = [*yamllint, "-f", "parsable", "-d", "default"] if yamllint else None
        staged_runs: list[tuple[Sequence[str], Path]] = [([*smtplint, *tree.staged], tree.root)]
        if yamllint_cmd:
            staged_runs.append(([*yamllint_cmd, *tree.staged], tree.root))
        staged, *yl_staged_time = best_times(staged_runs, max(repeat, 5), findings)
        version, bare = best_times([([*smtplint, "--version"], tree.root), ([*python, "-c", "pass"], tree.root)],
                                   max(repeat, 5))
        mem_total, mem_largest = peak_memory([*smtplint, *extra, "."], tree.root)
        shaped = measure_shaped(base, args.size if not args.files else "small", smtplint, extra, repeat, python,
                                not args.no_git)

        rows = [
            _ratio_row(f"tree ({tree.files} files) vs grep -rIl", lint_tree, grep_tree, 3.0, "<= 3x"),
        ]
        notes: list[str] = []
        if editable_install(python[0]):
            notes.append("smtplint is an editable install here: its .pth finder adds ~10 ms of imports to every "
                         "start-up, python -c pass included, so the start-up ratios look better than a wheel "
                         "install's; measure one with --smtplint PATH/TO/venv/bin/smtplint")
        if yamllint_cmd:
            yl_tree = best_time([*yamllint_cmd, "."], tree.root, min(repeat, 2), findings)
            yl_staged = yl_staged_time[0]
            rows.append(_ratio_row(f"tree vs yamllint ({len(tree.yaml_files)} YAML)", lint_tree, yl_tree, 0.5,
                                   "far ahead"))
            rows.append(_ratio_row("3 staged files vs yamllint on them", staged, yl_staged, 1.0, "< 1x"))
        else:
            notes.append("yamllint not found (beside this Python or on PATH): its comparisons were skipped; "
                         "install it with `.venv/bin/pip install yamllint` to run them")
            rows.append(Row("3 staged files (no yamllint)", _fmt(staged), "-", "-", "< 1x", "skipped"))
        rows.append(_ratio_row("--version vs python -c pass", version, bare, 2.0, "<= 2x"))
        scale = (lint_twin / lint_tree) / 2
        rows.append(Row(f"scaling {tree.files} -> {twin.files} files", _fmt(lint_twin), _fmt(lint_tree),
                        f"{scale:.2f}", "~1.0 (linear)", "ok" if scale <= 1.2 else "MISSED"))
        rows.append(Row("  grep's scaling, for reference", _fmt(grep_twin), _fmt(grep_tree),
                        f"{(grep_twin / grep_tree) / 2:.2f}", "", ""))
        rows.append(Row("peak memory on the tree (all processes)", f"{mem_total:.0f} MB",
                        f"{mem_largest:.0f} MB", "", "< 150 MB", "ok" if mem_total < 150 else "MISSED"))
        rows.append(_ratio_row("  pooled (automatic) vs --jobs 1 on the tree", lint_tree, serial_tree, 1.05,
                               "<= 1.05x"))
        rows += shaped
        print_table(rows)
        for note in notes:
            print(f"note: {note}")
        print("columns: smtplint | reference (grep / yamllint / python; the smaller tree for scaling; the largest"
              " single process for memory) | ratio (scaling: time ratio / size ratio)")
        return 0
    finally:
        if temp is not None and not args.keep:
            temp.cleanup()


DENSE_SCALE = {"small": 1, "medium": 5, "full": 20}  # thousands of files in the dense tree


def measure_shaped(base: Path, size: str, smtplint: list[str], extra: list[str], repeat: int,
                   python: list[str], use_git: bool = True) -> list[Row]:
    """The issue-20 rows: repository-shaped trees against python -c pass plus grep, the dense tree against
    grep, the automatic pool against --jobs 1 on each, and a configuration file's cost. The commands a row
    compares are timed in turns, on the same tree; the import floor row shows how much of the small trees'
    budget importing smtplint's command line and ruamel.yaml alone takes (no file is read)."""
    rows: list[Row] = []
    many = max(repeat, 5)  # small trees: cheap, so more runs for steadier ratios
    for kind in SHAPED:
        root = write_shaped(base / f"shaped-{kind}{'' if use_git else '-plain'}", kind, use_git=use_git)
        count = sum(len(f) for d, _, f in os.walk(root) if ".git" not in Path(d).relative_to(root).parts) - 1
        runs: list[tuple[Sequence[str], Path]] = [
            ([*smtplint, *extra, "."], root), ([*smtplint, *extra, "--jobs", "1", "."], root), (GREP, root),
            ([*python, "-c", "pass"], root)]
        if kind == "mailstack":
            configured = write_shaped(base / f"shaped-{kind}-config{'' if use_git else '-plain'}", kind, config=True,
                                      use_git=use_git)
            runs += [([*smtplint, *extra, "."], configured),
                     ([*python, "-c", "import smtplint.cli, ruamel.yaml"], root)]
        auto, serial, grep, bare, *more = best_times(runs, many, findings)
        rows.append(_ratio_row(f"{kind} ({count} files) vs python+grep", auto, bare + grep, 3.0, "<= 3x"))
        rows.append(_ratio_row("  pooled (automatic) vs --jobs 1", auto, serial, 1.05, "<= 1.05x"))
        if more:
            rows.append(_ratio_row("  with [tool.smtplint] vs without", more[0], auto, 1.10, "<= 1.10x"))
            rows.append(_ratio_row("  import floor (smtplint.cli, ruamel.yaml) vs python+grep", more[1], bare + grep,
                                   None, ""))
    scale = DENSE_SCALE[size]
    root = write_shaped(base / f"shaped-dense-{scale}{'' if use_git else '-plain'}", "dense", scale, use_git=use_git)
    auto, serial, grep = best_times([([*smtplint, *extra, "."], root), ([*smtplint, *extra, "--jobs", "1", "."], root),
                                     (GREP, root)], repeat, findings)
    rows.append(_ratio_row(f"dense ({scale * 1000} files, 1/5 mail) vs grep", auto, grep, 5.0, "<= 5x"))
    rows.append(_ratio_row("  pooled (automatic) vs --jobs 1", auto, serial, 1.05, "<= 1.05x"))
    return rows


def measure_repos(repos: Sequence[Path], smtplint: list[str], extra: list[str], python: list[str],
                  repeat: int) -> list[Row]:
    """Issue 20's reference on checkouts of real repositories: ``smtplint .`` against ``python -c pass`` plus
    ``grep -rIl -E 'smtp|mail' .`` (within 3x on a small repository), and the automatic pool against --jobs 1
    (never more than 5% slower); the commands of one repository are timed in turns."""
    rows: list[Row] = []
    for root in repos:
        if not root.is_dir():
            sys.exit(f"bench: {root}: not a folder")
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=False).stdout
        count = listed.count(b"\0") or sum(len(f) for _d, _s, f in os.walk(root))
        auto, serial, grep, bare = best_times(
            [([*smtplint, *extra, "."], root), ([*smtplint, *extra, "--jobs", "1", "."], root),
             (GREP, root), ([*python, "-c", "pass"], root)], repeat, findings)
        rows.append(_ratio_row(f"{root.name} ({count} files) vs python+grep", auto, bare + grep, 3.0, "<= 3x"))
        rows.append(_ratio_row("  pooled (automatic) vs --jobs 1", auto, serial, 1.05, "<= 1.05x"))
    return rows


def print_table(rows: Sequence[Row]) -> None:
    """A plain aligned table."""
    header = Row("measurement", "smtplint", "reference", "ratio", "target", "")
    cols = [max(len(getattr(r, f)) for r in [header, *rows]) for f in ("what", "ours", "theirs", "ratio", "target")]
    for r in [header, *rows]:
        print(f"{r.what:<{cols[0]}}  {r.ours:>{cols[1]}}  {r.theirs:>{cols[2]}}  {r.ratio:>{cols[3]}}  "
              f"{r.target:<{cols[4]}}  {r.verdict}".rstrip())


if __name__ == "__main__":
    raise SystemExit(main())
