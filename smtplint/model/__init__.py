"""The normalised model every parser fills and every rule and reporter reads."""

from smtplint.model.client import ClientEndpoint, Dialect, Mode
from smtplint.model.core import (
    Diagnostic,
    Document,
    Edit,
    Finding,
    Fix,
    Format,
    Need,
    Origin,
    Setting,
    Severity,
    Span,
    Suppression,
)
from smtplint.model.options import RuleOptions
from smtplint.model.postfix import (
    Definition,
    MainCf,
    MasterCf,
    Override,
    PostfixConfig,
    Resolved,
    Service,
    ServiceEdit,
    layered,
)

__all__ = [
    "ClientEndpoint",
    "Definition",
    "Diagnostic",
    "Dialect",
    "Document",
    "Edit",
    "Finding",
    "Fix",
    "Format",
    "MainCf",
    "MasterCf",
    "Mode",
    "Need",
    "Origin",
    "Override",
    "PostfixConfig",
    "Resolved",
    "RuleOptions",
    "Service",
    "ServiceEdit",
    "Setting",
    "Severity",
    "Span",
    "Suppression",
    "layered",
]
