"""Whether a YAML file's first bytes hold a Kubernetes manifest or a GitHub Actions workflow: the sniffers of the
``kubernetes`` and ``github-actions`` formats, kept apart from their readers (smtplint.parsers.kubernetes,
smtplint.parsers.ci_yaml) so that a look at a YAML file imports neither a reader nor the YAML stack; and whether
a YAML text is an API description, which no reader searches (:func:`api_description`).
Patterns are searched through re's own cache (compiled by the first file that needs them)."""

from __future__ import annotations

import re

__all__ = ["api_description", "lines_of", "looks_like", "looks_like_workflow"]

_TOP = rb"(?m)^(apiVersion|kind):[ \t]*['\"]?[A-Za-z]"
_KIND = rb"(?m)^kind:[ \t]*['\"]?([A-Z][A-Za-z0-9]*)['\"]?[ \t]*(?:#.*)?\r?$"
_API = rb"(?m)^apiVersion:[ \t]*['\"]?[a-z0-9.\-]*/?v\d[a-z0-9]*['\"]?[ \t]*(?:#.*)?\r?$"
_GENERATORS = rb"(?m)^(configMapGenerator|secretGenerator):"
_ON = rb"(?m)^(?:on|\"on\"|'on'|true):"
_JOBS = rb"(?m)^jobs:"
_RUNS = rb"(?m)^runs:"
_COMPOSITE = rb"(?m)^[ \t]+using:[ \t]*['\"]?composite['\"]?[ \t]*(?:#.*)?$"
_API_VERSION = r"(?m)^(?:openapi|swagger|asyncapi)[ \t]*:[ \t]*['\"]?\d"
_API_INFO = r"(?m)^info[ \t]*:"


def looks_like(head: bytes) -> bool:
    """True when the text holds a Kubernetes manifest: a top-level ``apiVersion: group/vN`` and ``kind: Name``
    (a CamelCase kind), or a kustomization's generators. Other YAML (compose, CI, Alertmanager) is left alone."""
    if b"apiVersion:" not in head and b"Generator:" not in head:
        return False
    head = lines_of(head)
    if re.search(_GENERATORS, head) is not None:
        return True
    if re.search(_TOP, head) is None:
        return False
    return re.search(_KIND, head) is not None and re.search(_API, head) is not None


def looks_like_workflow(head: bytes) -> bool:
    """True when the text is a GitHub Actions workflow (top-level ``on:`` or ``"on":`` and ``jobs:``) or a
    composite action (``runs:`` with ``using: composite``)."""
    if b"jobs:" not in head and b"composite" not in head:
        return False
    head = lines_of(head)
    if re.search(_RUNS, head) is not None and re.search(_COMPOSITE, head) is not None:
        return True  # a composite action (action.yml): its runs.steps are a job's steps
    return re.search(_JOBS, head) is not None and re.search(_ON, head) is not None


def api_description(text: str) -> bool:
    """True when a YAML text is an OpenAPI, Swagger or AsyncAPI description: a top-level version key
    (``openapi: 3.1.0``, ``swagger: "2.0"``, ``asyncapi: 2.6.0``) and the top-level ``info:`` every version
    requires. It describes an HTTP or message API: its mail-looking keys (``email``, a ``/mailbox`` path) and
    values are schemas and examples, never a deployment's settings, and such files run to hundreds of kilobytes
    (a mail server's API: 200 kB, 45 ms to compose and walk for nothing)."""
    if "openapi" not in text and "swagger" not in text and "asyncapi" not in text:
        return False
    text = text.removeprefix("\ufeff")
    if "\r" in text:  # CRLF or a lone CR ends a YAML line too: the anchored patterns see LF
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.search(_API_VERSION, text) is not None and re.search(_API_INFO, text) is not None


def lines_of(head: bytes) -> bytes:
    """A file's first bytes with a UTF-8 byte-order mark dropped and every line ending (CRLF, a lone CR) as LF,
    so that the line-anchored patterns of the sniffers see the lines YAML sees."""
    return head.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
