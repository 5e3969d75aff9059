"""Import optional extras, or find optional programs, with a message that says what to install."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Sequence
from types import ModuleType

from matchmaker.errors import MissingDependencyError

__all__ = ["find_program", "is_available", "require", "require_program"]


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


def find_program(
    names: Sequence[str], *, places: Sequence[str] = (), variable: str | None = None
) -> str | None:
    """The path of an installed program, or ``None``.

    ``$variable`` when set (the user's choice, which must name a program), else the first
    of ``names`` on ``PATH``, else the first of ``places`` (full paths) that exists.
    """
    if variable is not None and os.environ.get(variable):
        return shutil.which(os.environ[variable])
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    return next((place for place in places if os.path.isfile(place) and os.access(place, os.X_OK)), None)


def require_program(
    names: Sequence[str],
    *,
    feature: str,
    install: str,
    places: Sequence[str] = (),
    variable: str | None = None,
) -> str:
    """:func:`find_program`, or raise :class:`MissingDependencyError` saying what to install
    (and, when ``$variable`` is set to something that is no program, naming it).

    >>> require_program(["no-such-program"], feature="Examples", install="do nothing")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    matchmaker.errors.MissingDependencyError: Examples need the program 'no-such-program', which ...
    """
    found = find_program(names, places=places, variable=variable)
    if found is not None:
        return found
    if variable is not None and os.environ.get(variable):
        given = os.environ[variable]
        raise MissingDependencyError(
            feature, package=given, install=f"{variable}={given!r} names no program; {install}"
        )
    raise MissingDependencyError(feature, package=names[0], install=install)
