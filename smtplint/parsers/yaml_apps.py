"""YAML shapes of known applications that the generic blocks would misread, called from :mod:`yaml_`.

* Home Assistant ``notify:`` entries with ``platform: smtp`` (homeassistant/components/smtp): ``server``
  (default ``localhost``), ``port`` (default 587), ``encryption`` (``starttls`` default = STARTTLS that
  fails when the server does not offer it, ``tls`` = implicit TLS, ``none`` = plaintext), ``username``,
  ``password``, ``verify_ssl`` (default true). ``tls`` is unambiguous here.
* docker-compose services: :func:`record_compose_service` keeps each service's SMTP ``environment:`` as
  written and its ``env_file:`` entries in ``Document.compose`` for the engine's compose/.env linking.
* Symfony ``framework.mailer.dsn`` and ``framework.mailer.transports.<name>``: each DSN is read with
  Symfony Mailer's semantics (the same reader as ``MAILER_DSN`` in ``.env`` files), ``%env(X)%`` is a
  reference.

Each function receives the YAML reader (``yaml_._Reader``) and uses only its span and scalar helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smtplint.model import ClientEndpoint, Dialect, Mode, Origin, Setting, Span
from smtplint.model.compose import ComposeService, EnvFileRef
from smtplint.model.postfix import MainCf
from smtplint.parsers.shapes import norm
from smtplint.parsers.values import parse_bool

if TYPE_CHECKING:
    from smtplint.parsers.yaml_ import VEntry, VMap

_HA_MODES: dict[str, Mode] = {"starttls": Mode.STARTTLS_REQUIRED, "tls": Mode.IMPLICIT_TLS, "none": Mode.PLAIN}
_DSN_ENV_KEY = "MAILER_DSN"


def sub_block(view: VMap, name: str) -> VEntry | None:
    """The mapping entry ``name`` of a view, when it is a mapping."""
    entry = view.get(name)
    return entry if entry is not None and entry.sub is not None else None


def is_home_assistant_smtp(view: VMap) -> bool:
    """A mapping with ``platform: smtp`` (a Home Assistant notify entry)."""
    platform = view.get("platform")
    if platform is None or platform.value is None or platform.sub is not None:
        return False
    return str(getattr(platform.value, "value", "")).strip().lower() == "smtp"


def home_assistant(reader: Any, view: VMap, span: Span) -> None:
    """One endpoint from a Home Assistant ``platform: smtp`` notify entry (its defaults apply)."""

    def text(name: str) -> Setting[str] | None:
        entry = view.get(norm(name))
        return reader.text_setting(entry.written, entry) if entry is not None else None

    server = text("server")
    ep = ClientEndpoint(Dialect.HOME_ASSISTANT, span, host=server or Setting("server", "localhost", "", span,
                                                                            Origin.DEFAULT))
    port_entry = view.get("port")
    ep.port = (reader.port_setting(port_entry.written, port_entry) if port_entry is not None
               else Setting("port", 587, "", server.span if server else span, Origin.DEFAULT))
    ep.username, ep.password = text("username"), text("password")
    verify = text("verify_ssl")
    if verify is not None:
        ep.extra["verify"] = verify
    encryption = text("encryption")
    if encryption is None:
        ep.mode = Setting("encryption", Mode.STARTTLS_REQUIRED, "", server.span if server else span,
                          Origin.DEFAULT)
    elif encryption.known:
        mode = _HA_MODES.get((encryption.value or "").strip().lower())
        if mode is None and parse_bool(encryption.value) is False:
            mode = Mode.PLAIN
        if mode is not None:
            ep.mode = Setting(encryption.key, mode, encryption.raw, encryption.span, encryption.origin)
            if mode is Mode.PLAIN:
                ep.tls_opt_out = encryption
    reader.doc.endpoints.append(ep)


def symfony_mailer(reader: Any, mailer: VEntry, prefix: str) -> None:
    """Endpoints from ``framework.mailer.dsn`` and ``framework.mailer.transports.*`` (Symfony semantics)."""
    from smtplint.parsers.envvars import endpoints_from_url

    assert mailer.sub is not None
    dsns: list[tuple[str, VEntry]] = []
    dsn = mailer.sub.get("dsn")
    if dsn is not None and dsn.sub is None:
        dsns.append((f"{prefix}.dsn", dsn))
    transports = mailer.sub.get("transports")
    if transports is not None and transports.sub is not None:
        dsns += [(f"{prefix}.transports.{t.seg}", t) for t in transports.sub.values() if t.sub is None]
    for key, entry in dsns:
        setting = reader.text_setting(key, entry)
        vspan = reader.verbatim_span(entry.value, 0) if entry.value is not None else None
        reader.doc.endpoints.extend(endpoints_from_url(setting, _DSN_ENV_KEY, setting.span,
                                                       hint=Dialect.SYMFONY_DSN, value_span=vspan))


def record_compose_service(reader: Any, service: VEntry, env: VEntry | None, made: list[ClientEndpoint],
                           main_cf: MainCf | None = None, hint: Dialect | None = None) -> None:
    """Keep a compose service's SMTP environment as written, and its ``env_file:`` entries, for linking."""
    from smtplint.parsers.shapes import env_relevant

    assert service.sub is not None
    env_file = service.sub.get(norm("env_file"))
    refs = _env_file_refs(reader, env_file) if env_file is not None and env_file.value is not None else []
    pairs: list[tuple[Setting[str], Span | None]] = []
    if env is not None and env.value is not None and not env.virtual:
        pairs = [(s, vs) for s, vs in reader.env_settings(env.value, 0) if env_relevant(s.key)]
    if not pairs and not refs:
        return
    span = reader.ventry_span(env) if pairs and env is not None else reader.ventry_span(service)
    reader.doc.compose.append(ComposeService(
        service.seg, span, [s for s, _ in pairs], [vs for _, vs in pairs], refs, list(made), main_cf, hint))


# Images whose SMTP_* variables have their own meaning (smtplint.parsers.envvars reads them in that dialect)
# (bitwardenrs/server is Vaultwarden under its name before 1.21)
_IMAGE_DIALECTS = (("vaultwarden", Dialect.VAULTWARDEN), ("bitwardenrs", Dialect.VAULTWARDEN),
                   ("bitwarden_rs", Dialect.VAULTWARDEN))


def image_dialect(service: VEntry) -> Dialect | None:
    """The dialect a compose service's ``image:`` tells (``vaultwarden/server:1.32``: Vaultwarden), or None."""
    image = service.sub.get("image") if service.sub is not None else None
    node: Any = image.value if image is not None else None
    if node is None or type(node).__name__ != "ScalarNode":
        return None
    repository = str(node.value).strip().lower().split("@", 1)[0]  # without a digest
    head, _, last = repository.rpartition("/")
    parts = [*head.split("/"), last.split(":", 1)[0]] if head else [last.split(":", 1)[0]]  # without a tag
    return next((dialect for word, dialect in _IMAGE_DIALECTS if word in parts), None)


def _env_file_refs(reader: Any, entry: VEntry) -> list[EnvFileRef]:
    """``env_file: x``, ``env_file: [x, y]`` and ``env_file: [{path: x, required: false}]``."""
    node: Any = entry.value
    kind = type(node).__name__
    items = list(node.value) if kind == "SequenceNode" else [node]
    refs: list[EnvFileRef] = []
    for item in items:
        item_kind = type(item).__name__
        if item_kind == "ScalarNode":
            refs.append(EnvFileRef(str(item.value), reader.node_span(item)))
        elif item_kind == "MappingNode":
            fields = {str(k.value): v for k, v in item.value if type(k).__name__ == "ScalarNode"}
            path = fields.get("path")
            if path is not None and type(path).__name__ == "ScalarNode":
                required = fields.get("required")
                req = parse_bool(str(required.value)) if required is not None else True
                refs.append(EnvFileRef(str(path.value), reader.node_span(item), req is not False))
    return refs


