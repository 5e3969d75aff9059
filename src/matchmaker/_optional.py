"""Import optional extras with a message that says what to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from matchmaker.errors import MissingDependencyError

__all__ = ["is_available", "require"]


def require(module: str, *, extra: str, feature: str, package: str | None = None) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependencyError` naming the extra.

    >>> require("json", extra="none", feature="JSON").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(feature, package=package or module.split(".")[0], extra=extra) from exc


def is_available(module: str) -> bool:
    """Whether ``module`` can be imported (used by ``method="auto"``)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
