"""The registry of matching methods: a name (or a callable) to a solver function."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker.assignment import algorithms
from matchmaker.assignment.algorithms import hungarian
from matchmaker.assignment.algorithms.instance import Registration, Solution
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import Problem, SolverError, ValidationError

__all__ = ["METHODS", "MethodSpec", "SolverFunction", "choose_method", "pairs_of", "register_method"]

#: A solver: ``f(problem, **options) -> Solution`` (or a (k, 2) array of pairs).
SolverFunction = Callable[..., "Solution | ArrayLike"]


@dataclass(frozen=True)
class MethodSpec:
    """A registered matching method.

    Parameters
    ----------
    name : str
        Registry name.
    solve : callable
        ``solve(problem, **options) -> Solution``.
    objectives : tuple of str
        Objectives it optimises (``"total"``, ``"maximin"``).
    one_to_one : bool
        Only for max meetings ≤ 1 and no floors.
    exact : bool
        Guarantees every rule, floors included, and optimality (else a heuristic whose
        missed floors are reported in ``Matching.violations``).
    description : str
        One line for listings.
    """

    name: str
    solve: SolverFunction
    objectives: tuple[str, ...] = ("total",)
    one_to_one: bool = False
    exact: bool = True
    description: str = ""

    def options(self) -> tuple[str, ...] | None:
        """Keyword options the solver takes (None: any)."""
        return _keyword_options(self.solve)

    def run(self, inst: MatchingProblem, **options: object) -> Solution:
        """Call the solver; a bare (k, 2) array answer is wrapped as a Solution."""
        known = self.options()
        unknown = sorted(set(options) - set(known)) if known is not None else []
        if unknown:
            raise ValidationError(
                Problem(
                    f"method {self.name!r} takes no option {', '.join(map(repr, unknown))}; "
                    f"it takes: {', '.join(known or ()) or 'none'}",
                    kind="unknown-option",
                    field="options",
                )
            )
        out = self.solve(inst, **options)
        if isinstance(out, Solution):
            return out
        return Solution(pairs_of(out, self.name), None, "custom")


def pairs_of(out: object, method: str) -> NDArray[np.intp]:
    """A method's pairs as a ``(k, 2)`` array of row and column indices.

    A method's answer is checked before any of it is used: a cast alone would cut
    ``0.7`` to ``0``, wrap an unsigned ``2**63`` to a negative index, or fail on a
    ragged answer with numpy's words instead of the method's name.

    Raises
    ------
    SolverError
        When ``out`` is not ``k`` pairs of whole numbers that fit an index.
    """

    def refuse(what: str) -> SolverError:
        return SolverError(
            Problem(
                f"method {method!r} returned {what}",
                kind="bad-answer",
                hint="a method returns a Solution or a (k, 2) array of (row, column) indices",
            )
        )

    try:
        pairs = np.asarray(out)
    except (ValueError, OverflowError, TypeError) as exc:
        raise refuse(f"something that is not an array of pairs ({exc})") from None
    if pairs.size == 0:
        return np.zeros((0, 2), np.intp)
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise refuse(f"an array of shape {pairs.shape}, not (k, 2)")
    if pairs.dtype == np.intp:  # the built-in methods' answers: nothing to cast or range-check
        return pairs
    if pairs.dtype.kind not in "iuf":
        raise refuse(f"{pairs.dtype} values, not whole-number indices")
    if pairs.dtype.kind == "f" and not np.all(np.isfinite(pairs) & (pairs == np.round(pairs))):
        raise refuse("indices that are not whole numbers")
    limits = np.iinfo(np.intp)
    # as floats the limits round to ±2**63, which does not fit: compare with >= there
    too_big = pairs.max() >= 2.0**63 if pairs.dtype.kind == "f" else pairs.max() > limits.max
    if too_big or pairs.min() < limits.min:
        raise refuse("indices too large for an index")
    return np.asarray(pairs, dtype=np.intp)


_METHODS: dict[str, MethodSpec] = {}
#: Registered methods by name (read-only view).
METHODS: Mapping[str, MethodSpec] = MappingProxyType(_METHODS)


def register_method(
    name: str,
    solve: SolverFunction,
    *,
    objectives: tuple[str, ...] = ("total",),
    one_to_one: bool = False,
    exact: bool = True,
    description: str = "",
) -> MethodSpec:
    """Add (or replace) a method in the registry and return its spec."""
    spec = MethodSpec(name, solve, tuple(objectives), one_to_one, exact, description)
    _METHODS[name] = spec
    return spec


def _register_algorithms() -> None:
    """Register every module of ``assignment/algorithms/`` that declares a ``REGISTRATION``.

    So adding a matching method is one file (plus its test): the module's ``solve`` and its
    :class:`~matchmaker.assignment.algorithms.instance.Registration`.  Modules are read in
    name order, so the registry is the same on every run.
    """
    for info in sorted(pkgutil.iter_modules(algorithms.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{algorithms.__name__}.{info.name}")
        entry = getattr(module, "REGISTRATION", None)
        if isinstance(entry, Registration):
            register_method(
                entry.name,
                module.solve,
                objectives=entry.objectives,
                one_to_one=entry.one_to_one,
                exact=entry.exact,
                description=entry.description,
            )


_register_algorithms()


def choose_method(method: str | SolverFunction, objective: str, inst: MatchingProblem) -> MethodSpec:
    """The spec for ``method`` (a name, ``"auto"`` or a callable).

    ``"auto"``: ``milp`` for ``objective="maximin"``; ``hungarian`` when every max is ≤ 1
    and nobody has a floor (beyond its forced pairs); ``flow`` otherwise.

    Raises
    ------
    ValidationError
        An unknown name (listing the known ones), an objective the method does not
        optimise, or bounds a one-to-one method cannot honour.
    """
    if objective not in ("total", "maximin"):
        raise ValidationError(
            Problem(
                f"objective must be 'total' or 'maximin', got {objective!r}",
                kind="unknown-objective",
                field="objective",
            )
        )
    if callable(method):
        spec = MethodSpec(getattr(method, "__name__", "custom"), method, objectives=(objective,), exact=False)
    elif method == "auto":
        if objective == "maximin":
            spec = _METHODS["milp"]
        else:
            spec = _METHODS["flow"]
            try:
                hungarian.check_one_to_one(inst)
            except ValueError:
                pass
            else:
                spec = _METHODS["hungarian"]
    elif method in _METHODS:
        spec = _METHODS[method]
    else:
        raise ValidationError(
            Problem(
                f"unknown matching method {method!r}; known: auto, {', '.join(sorted(_METHODS))}",
                kind="unknown-method",
                field="method",
            )
        )
    if objective not in spec.objectives:
        raise ValidationError(
            Problem(
                f"method {spec.name!r} does not optimise objective {objective!r}; "
                "use method='milp' or 'auto'",
                kind="unsupported-objective",
                field="objective",
            )
        )
    if spec.one_to_one:
        try:
            hungarian.check_one_to_one(inst)
        except ValueError as exc:
            raise ValidationError(Problem(str(exc), kind="not-one-to-one", field="method")) from None
    return spec


@functools.lru_cache(maxsize=256)
def _keyword_options(solve: SolverFunction) -> tuple[str, ...] | None:
    """A solver's keyword-only options, read once per function (inspect.signature is slow)."""
    params = list(inspect.signature(solve).parameters.values())[1:]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    return tuple(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)
