"""CI workflows: GitHub Actions workflows and GitLab CI files, read with exact positions.

GitHub Actions (a YAML file with top-level ``on:`` and ``jobs:``, or a composite action's ``runs:`` with
``using: composite`` and ``steps:``):

* Steps using ``dawidd6/action-send-mail`` (any version): its inputs read with the action's semantics (its
  README and main.js, nodemailer underneath): ``server_address``, ``server_port`` (default 25), ``secure``
  (``true``: implicit TLS; absent: implicit TLS only on port 465; otherwise nodemailer connects in cleartext and
  upgrades with STARTTLS when the server offers it), ``username``, ``password``, ``ignore_cert`` (``true``:
  certificates are not verified) and ``connection_url`` (a nodemailer URL that replaces them).
  ``${{ secrets.X }}`` and every other expression is a reference.
* ``env:`` blocks of the workflow, each job and each step: the variables a step's programs see (workflow,
  then job, then step; the inner wins), read through the vocabulary ``.env`` files use.

GitLab CI (``.gitlab-ci.yml``, ``*.gitlab-ci.yml``): the top-level ``variables:`` and each job's (which win),
values written plainly or as ``{value: ..., description: ...}``; ``$VAR``/``${VAR}`` are references.
"""

from __future__ import annotations

import re

from smtplint.model import ClientEndpoint, Dialect, Document, Mode, Origin, Setting, Span
from smtplint.parsers import yaml_
from smtplint.parsers.urls import UrlFlavor, parse_mail_url
from smtplint.parsers.values import parse_bool, parse_port
from smtplint.parsers.yaml_load import Node, is_null, mapping_entry, mapping_get, node_kind
from smtplint.patterns import lazy

_SEND_MAIL = lazy(r"^dawidd6/action-send-mail(?:@|$)", re.IGNORECASE)
_IMPLICIT_PORT = 465
_DEFAULT_PORT = 25
# GitLab CI top-level keys that are not jobs
_GITLAB_GLOBAL = frozenset({"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
                            "before_script", "after_script", "spec"})
Pairs = list[tuple[Setting[str], Span | None]]


def parse_workflow(path: str, text: str) -> Document:
    """Read a GitHub Actions workflow."""
    document = Document(path, "github-actions")
    if yaml_.maybe_mail(text):
        yaml_.run(_Workflow(path, text, document))
    return document


def parse_gitlab(path: str, text: str) -> Document:
    """Read a GitLab CI file."""
    document = Document(path, "gitlab-ci")
    if yaml_.maybe_mail(text):
        yaml_.run(_GitLab(path, text, document))
    return document




class _Env(yaml_.Reader):
    """Environment blocks read as variables, layered (outer first), each block judged with what it inherits."""

    def variables(self, node: Node | None, gitlab: bool = False) -> Pairs:
        """A mapping's ``KEY: value`` entries as settings (GitLab's ``{value: x}`` form too)."""
        out: Pairs = []
        if node is None or node_kind(node) != "mapping":
            return out
        for key, written in node.value:
            if node_kind(key) != "scalar":
                continue
            name = str(key.value).strip()
            span = self.entry_span(key, written)
            value = mapping_get(written, "value") if gitlab and node_kind(written) == "mapping" else written
            if value is None:
                continue
            if is_null(value):
                out.append((Setting(name, "", "", span, Origin.LITERAL), None))
                continue
            raw, scalar = self.scalar(value)
            out.append((Setting(name, scalar.text, raw, span, scalar.origin), self.verbatim_span(value, 0)))
        return out

    def judge(self, inherited: Pairs, own: Pairs, span: Span) -> bool:
        """The endpoints of a block's variables over what it inherits, when the block itself names mail ones
        (whether it does). An outer block is judged alone only when no block below it names mail variables:
        each variable is judged where a program sees it, with what the inner block adds."""
        from smtplint.parsers.envvars import endpoints_from_env
        from smtplint.parsers.shapes import env_relevant

        if not any(env_relevant(s.key) for s, _ in own):
            return False
        merged: dict[str, tuple[Setting[str], Span | None]] = {}
        for setting, vspan in [*inherited, *own]:
            if env_relevant(setting.key):
                merged.pop(setting.key, None)
                merged[setting.key] = (setting, vspan)
        pairs = list(merged.values())
        self.doc.endpoints.extend(endpoints_from_env([s for s, _ in pairs], span, complete=False,
                                                     value_spans=[v for _, v in pairs]))
        return True


class _Workflow(_Env):
    def read_document(self, root: Node) -> None:
        self.check_duplicates(root)
        if node_kind(root) != "mapping":
            return
        top = mapping_entry(root, "env")
        top_vars = self.variables(top[1]) if top is not None else []
        inner = False  # a job or step block below names mail variables: it judges what it inherits
        jobs = mapping_get(root, "jobs")
        runs = mapping_get(root, "runs")
        if runs is not None and mapping_get(runs, "steps") is not None:  # a composite action: one job of steps
            jobs_list: list[Node] = [runs]
        else:
            jobs_list = [job for _key, job in (jobs.value if jobs is not None and node_kind(jobs) == "mapping"
                                                else ())]
        for job in jobs_list:
            job_env = mapping_entry(job, "env")
            job_vars = self.variables(job_env[1]) if job_env is not None else []
            in_steps = False
            steps = mapping_get(job, "steps")
            for step in steps.value if steps is not None and node_kind(steps) == "sequence" else ():
                step_env = mapping_entry(step, "env")
                if step_env is not None:
                    in_steps |= self.judge(top_vars + job_vars, self.variables(step_env[1]),
                                           self.entry_span(*step_env))
                uses = mapping_get(step, "uses")
                with_ = mapping_entry(step, "with")
                if (uses is not None and node_kind(uses) == "scalar" and _SEND_MAIL.match(str(uses.value).strip())
                        and with_ is not None and node_kind(with_[1]) == "mapping"):
                    self.send_mail(with_)
            if job_env is not None and not in_steps:
                inner |= self.judge(top_vars, job_vars, self.entry_span(*job_env))
            inner |= in_steps
        if top is not None and not inner:
            self.judge([], top_vars, self.entry_span(*top))

    def send_mail(self, with_: tuple[Node, Node]) -> None:
        """One ``dawidd6/action-send-mail`` step's inputs."""
        block = with_[1]
        inputs: dict[str, Setting[str]] = {}
        for key, value in block.value:
            if node_kind(key) != "scalar":
                continue
            name = str(key.value).strip()
            raw, scalar = self.scalar(value)
            inputs[name] = Setting(name, scalar.text, raw, self.entry_span(key, value), scalar.origin)
        span = self.entry_span(*with_)
        url = inputs.get("connection_url")
        if url is not None and url.raw.strip():
            self.connection_url(url, span)
            return
        host = inputs.get("server_address")
        if host is None:
            return
        ep = ClientEndpoint(Dialect.ACTION_SEND_MAIL, span, host=host, username=inputs.get("username"),
                            password=inputs.get("password"))
        port_in = inputs.get("server_port")
        if port_in is not None:
            ep.port = Setting(port_in.key, parse_port(port_in.value), port_in.raw, port_in.span, port_in.origin)
        else:
            ep.port = Setting("server_port", _DEFAULT_PORT, "", span, Origin.DEFAULT)
        secure = inputs.get("secure")
        flag = parse_bool(secure.value) if secure is not None and secure.known else None
        if secure is not None and secure.raw.strip() and not secure.known:
            ep.mode = None  # an expression: unknown
        elif flag is True and secure is not None:
            ep.mode = Setting(secure.key, Mode.IMPLICIT_TLS, secure.raw, secure.span, secure.origin)
        elif flag is False and secure is not None:
            ep.mode = Setting(secure.key, Mode.STARTTLS, secure.raw, secure.span, secure.origin)
        elif ep.port.known:
            implicit = ep.port.value == _IMPLICIT_PORT
            ep.mode = Setting("secure", Mode.IMPLICIT_TLS if implicit else Mode.STARTTLS, "", ep.port.span,
                              Origin.DEFAULT)
        ignore = inputs.get("ignore_cert")
        if ignore is not None:
            ep.extra["skip_verify"] = ignore
        self.doc.endpoints.append(ep)

    def connection_url(self, url: Setting[str], span: Span) -> None:
        """``connection_url``: a nodemailer URL (``smtp://``, ``smtps://``, ``smtp+starttls://``)."""
        if not url.known or url.value is None:
            return
        parsed = parse_mail_url(url.value, UrlFlavor.NODEMAILER, origin=url.origin)
        if parsed is None or not parsed.smtp:
            return

        def part(text: str | None, origin: Origin) -> Setting[str] | None:
            return None if text is None and origin is not Origin.REFERENCE else Setting(
                url.key, text, text or "", url.span, origin)

        ep = ClientEndpoint(Dialect.ACTION_SEND_MAIL, span)
        if parsed.host is not None:
            ep.host = part(parsed.host.text, parsed.host.origin)
        if parsed.port_value is not None or parsed.default_port is not None:
            port = parsed.port_value or parsed.default_port
            ep.port = Setting(url.key, port, url.raw, url.span,
                              url.origin if parsed.port_value is not None else Origin.DEFAULT)
        if parsed.username is not None:
            ep.username = part(parsed.username.text, parsed.username.origin)
        if parsed.password is not None:
            ep.password = part(parsed.password.text, parsed.password.origin)
        if parsed.mode is not None:
            ep.mode = Setting(url.key, parsed.mode, url.raw, url.span, url.origin)
            ep.mode_certain = parsed.mode_certain
        self.doc.endpoints.append(ep)


class _GitLab(_Env):
    def read_document(self, root: Node) -> None:
        self.check_duplicates(root)
        if node_kind(root) != "mapping":
            return
        top = mapping_entry(root, "variables")
        top_vars = self.variables(top[1], gitlab=True) if top is not None else []
        inner = False
        for key, job in root.value:
            if node_kind(key) != "scalar" or str(key.value) in _GITLAB_GLOBAL or node_kind(job) != "mapping":
                continue
            own = mapping_entry(job, "variables")
            if own is not None:
                inner |= self.judge(top_vars, self.variables(own[1], gitlab=True), self.entry_span(*own))
        if top is not None and not inner:
            self.judge([], top_vars, self.entry_span(*top))


__all__ = ["parse_gitlab", "parse_workflow"]
