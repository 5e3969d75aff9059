"""No ``Any`` in the public signatures of ``matchmaker``.

Every name in ``matchmaker.__all__`` and in the ``__all__`` of each subpackage is walked,
and each function and class in the ``__all__`` of every module of ``matchmaker.reporting``,
``matchmaker.export`` and ``matchmaker.io`` (:data:`LOWER_LEVEL`):
functions (parameters, ``*args``/``**kwargs`` and return), classes (dataclass fields and
annotated attributes, and every public method, property, classmethod and staticmethod,
``__init__`` and ``__call__`` included) and exported type aliases.  Annotations are
resolved with :func:`typing.get_type_hints`; names a module imports only under
``TYPE_CHECKING`` are looked up among every module of the package, so an annotation that
still does not resolve fails the test (it could not be checked).

Two places where NumPy's own generics spell "any" are not a typing hole of ours and are
skipped: the shape parameter of ``ndarray`` (``NDArray[np.float64]`` is
``ndarray[tuple[Any, ...], dtype[float64]]``) and the bit-width parameter of NumPy scalar
types (``np.floating[Any]`` is "a float of any width").  ``NDArray[Any]`` (an array of
any dtype) is still refused.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import matchmaker

PACKAGE = "matchmaker"


def _modules() -> list[types.ModuleType]:
    found = [matchmaker]
    for info in pkgutil.walk_packages(matchmaker.__path__, prefix=f"{PACKAGE}."):
        if info.name.endswith("__main__"):
            continue
        found.append(importlib.import_module(info.name))
    return found


MODULES = _modules()


def _namespace() -> dict[str, object]:
    """Every class and alias any module of the package binds, for ``TYPE_CHECKING`` names."""
    ns: dict[str, object] = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if not name.startswith("__"):
                ns.setdefault(name, value)
    return ns


NAMESPACE = _namespace()
# ``**request: Unpack[MatchRequest]``: the package imports Unpack for the checker only
NAMESPACE["Unpack"] = getattr(typing, "Unpack", None) or importlib.import_module("typing_extensions").Unpack


def _exported() -> list[tuple[str, object]]:
    """``(qualified name, object)`` for each name in ``__all__`` of the package and its subpackages."""
    out: dict[int, tuple[str, object]] = {}
    for module in MODULES:
        if not hasattr(module, "__path__") or not hasattr(module, "__all__"):
            continue
        for name in module.__all__:
            value = getattr(module, name)
            if (isinstance(value, type) or inspect.isfunction(value)) and not value.__module__.startswith(
                PACKAGE
            ):
                continue  # a re-exported foreign class or function is not ours to type
            out.setdefault(id(value), (f"{module.__name__}.{name}", value))
    return sorted(out.values(), key=lambda item: item[0])


def _hints(obj: object) -> dict[str, object]:
    module = inspect.getmodule(obj)
    globalns = {**NAMESPACE, **(vars(module) if module else {})}
    return typing.get_type_hints(obj, globalns=globalns)


def _any_in(annotation: object, seen: frozenset[int] = frozenset()) -> bool:
    """Whether ``Any`` stands anywhere in ``annotation`` (NumPy's shape and bit-width slots apart)."""
    if annotation is Any:
        return True
    if id(annotation) in seen:
        return False
    seen = seen | {id(annotation)}
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if isinstance(origin, type) and issubclass(origin, np.ndarray):
        args = args[1:]  # the shape slot
    elif (
        origin is not None
        and origin is not np.dtype
        and getattr(origin, "__module__", "").startswith("numpy")
    ):
        # the bit-width slot (np.floating[Any] is a float of any width) and NumPy's own
        # protocols inside ``ArrayLike`` (``_SupportsArray[dtype[Any]]``): NumPy's spelling
        args = ()
    if isinstance(annotation, typing.TypeVar):
        args = (*annotation.__constraints__, annotation.__bound__)
    if typing.is_typeddict(annotation):  # ``**request: Unpack[MatchRequest]``: its keys' types
        args = tuple(_hints(annotation).values())
    return any(_any_in(arg, seen) for arg in args if not isinstance(arg, (typing.ForwardRef, str)))


def _signatures(name: str, obj: object) -> Iterator[tuple[str, Callable[..., object] | type]]:
    """Every callable or class whose annotations make up the public surface of ``obj``."""
    if isinstance(obj, type):
        yield name, obj  # fields and annotated attributes
        for attr, value in vars(obj).items():
            if attr.startswith("_") and attr not in ("__init__", "__call__"):
                continue
            if isinstance(value, property):
                if value.fget is not None:
                    yield f"{name}.{attr}", value.fget
            elif isinstance(value, (classmethod, staticmethod)):
                yield f"{name}.{attr}", value.__func__
            elif inspect.isfunction(value):
                if attr == "__init__" and dataclasses.is_dataclass(obj):
                    continue  # generated from the fields, already walked
                yield f"{name}.{attr}", value
    elif inspect.isfunction(obj):
        yield name, obj


def offences(name: str, obj: object) -> list[str]:
    """``name: annotation`` for each annotation of ``obj``'s public surface that holds ``Any``."""
    found: list[str] = []
    if inspect.ismodule(obj):
        return found
    if not (isinstance(obj, type) or inspect.isfunction(obj)):
        # an exported alias (``ScoreInput``) or a constant: a typing form is walked as is
        if (typing.get_origin(obj) is not None or obj is Any) and _any_in(obj):
            found.append(f"{name} = {obj!r}")
        return found
    for where, target in _signatures(name, obj):
        for key, annotation in _hints(target).items():
            if _any_in(annotation):
                found.append(f"{where}: {key}: {annotation!r}")
    return found


EXPORTED = _exported()


def test_the_walk_sees_the_public_surface() -> None:
    names = {name for name, _ in EXPORTED}
    for expected in ("matchmaker.run", "matchmaker.Matching", "matchmaker.scoring.ScoreOptions"):
        assert expected in names
    assert len(EXPORTED) > 100


@pytest.mark.parametrize(("name", "obj"), EXPORTED, ids=[name for name, _ in EXPORTED])
def test_no_any_in_a_public_signature(name: str, obj: object) -> None:
    assert offences(name, obj) == []


#: The subpackages whose modules' own ``__all__`` is walked too (the lower-level functions
#: the readers, writers and reports are built from: ``matchmaker.io.json_format.plan_to_json``,
#: ``matchmaker.export.html.render_agendas``, ``matchmaker.reporting.reasons.top_reason``...).
LOWER_LEVEL = ("reporting", "export", "io")


def _module_exports() -> list[tuple[str, object]]:
    """``(qualified name, object)`` for each function and class a module of :data:`LOWER_LEVEL`
    defines and lists in its ``__all__`` (re-exports are walked where they are defined)."""
    seen = {id(value) for _, value in EXPORTED}
    out: dict[int, tuple[str, object]] = {}
    for module in MODULES:
        parts = module.__name__.split(".")
        if len(parts) < 2 or parts[1] not in LOWER_LEVEL or not hasattr(module, "__all__"):
            continue
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) or inspect.isfunction(value):
                if value.__module__ != module.__name__ or id(value) in seen:
                    continue
            elif typing.get_origin(value) is None:
                continue  # a constant
            out.setdefault(id(value), (f"{module.__name__}.{name}", value))
    return sorted(out.values(), key=lambda item: item[0])


MODULE_EXPORTED = _module_exports()


def test_the_walk_sees_the_lower_level_modules() -> None:
    names = {name for name, _ in MODULE_EXPORTED}
    for expected in (
        "matchmaker.export.html.render_agendas",
        "matchmaker.io.sheets.write_xlsx_sheet",
        "matchmaker.io.json_format.plan_to_json",
        "matchmaker.reporting.reasons.top_reason",
        "matchmaker.reporting.shortfalls.Shortfall",
    ):
        assert expected in names or expected in {name for name, _ in EXPORTED}
    assert len(MODULE_EXPORTED) > 50


@pytest.mark.parametrize(("name", "obj"), MODULE_EXPORTED, ids=[name for name, _ in MODULE_EXPORTED])
def test_no_any_in_a_lower_level_public_signature(name: str, obj: object) -> None:
    assert offences(name, obj) == []


# -- the check can fail: planted examples -------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class _PlantedResult:
    details: typing.Mapping[str, Any]


class _PlantedClass:
    def method(self, value: int) -> list[Any]:
        return [value]

    @property
    def prop(self) -> dict[str, int | Any]:
        return {}


def _planted_function(
    bound: Any = None, *, table: np.ndarray[Any, np.dtype[np.float64]] | None = None
) -> int:
    return 0


def _planted_kwargs(**options: Any) -> None:
    return None


class _PlantedRequest(typing.TypedDict, total=False):
    bound: Any


def _planted_unpacked(**request: typing.Unpack[_PlantedRequest]) -> None:
    return None


def _clean(values: np.ndarray[Any, np.dtype[np.floating[Any]]], n: int | None = None) -> tuple[str, ...]:
    return ()


def _array_of_anything(values: np.ndarray[Any, np.dtype[Any]]) -> None:
    return None


def test_a_planted_any_is_found() -> None:
    assert offences("result", _PlantedResult) == ["result: details: typing.Mapping[str, typing.Any]"]
    found = offences("cls", _PlantedClass)
    assert any(f.startswith("cls.method: return") for f in found)
    assert any(f.startswith("cls.prop: return") for f in found)
    assert offences("f", _planted_function) == ["f: bound: typing.Any"]
    assert offences("kw", _planted_kwargs) == ["kw: options: typing.Any"]
    assert offences("unpacked", _planted_unpacked) != []  # a keyword of a TypedDict's
    assert offences("arr", _array_of_anything) != []
    assert offences("alias", typing.Union[int, Any]) != []  # noqa: UP007 - an alias as written
    # NumPy's shape and bit-width slots are not ours: a float array of any shape is concrete
    assert offences("clean", _clean) == []
