"""What a solver returns (:class:`Solution`), and helpers the solvers share.

The problem every solver takes is :class:`~matchmaker.assignment.problem.MatchingProblem`;
``Instance``, its former name, is a deprecated alias.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import JSONValue

__all__ = ["OptionError", "Registration", "Solution", "group_rank", "instance_alias"]

IntArray = NDArray[np.intp]


class OptionError(ValueError):
    """A solver option with a value the solver does not know (``backend="?"``...)."""


@dataclass(frozen=True, kw_only=True)
class Registration:
    """How a solver module of ``assignment/algorithms/`` joins the registry of matching methods.

    A module that defines ``solve(problem, **options) -> Solution`` and a module-level
    ``REGISTRATION = Registration(name=...)`` is registered under ``name`` when
    :mod:`matchmaker.assignment.registry` is imported: adding a method is one file.

    Parameters
    ----------
    name : str
        Registry name (``match(scores, name)``).
    objectives : tuple of str
        Objectives it optimises (``"total"``, ``"maximin"``).
    one_to_one : bool
        Only for max meetings ≤ 1 and no floors.
    exact : bool
        Guarantees every rule, floors included, and optimality.
    description : str
        One line for listings.
    """

    name: str
    objectives: tuple[str, ...] = ("total",)
    one_to_one: bool = False
    exact: bool = True
    description: str = ""


@dataclass(frozen=True)
class Solution:
    """What a solver returns: the chosen pairs and how they were found.

    Parameters
    ----------
    pairs : ndarray of intp, shape (k, 2)
        Chosen (row, col) pairs, forced pairs included.
    optimal : bool or None
        True if proven optimal for the solver's objective, False if not (time limit),
        None for heuristics that make no claim.
    backend : str
        The library/algorithm that ran (``"ortools.SimpleMinCostFlow"``...).
    details : mapping
        Extra facts (integer scale, loss bound, MILP gap...).
    """

    pairs: IntArray
    optimal: bool | None
    backend: str
    details: Mapping[str, JSONValue] = field(default_factory=dict)


def group_rank(groups: NDArray[np.intp], order_key: NDArray[np.number[Any]], n_groups: int) -> IntArray:
    """Rank (0 = first) of each item within its group, ordering by ``order_key`` ascending.

    Ties in ``order_key`` keep input order.

    >>> group_rank(np.array([1, 0, 1, 1]), np.array([0.5, 0.1, 0.2, 0.9]), 2).tolist()
    [1, 0, 0, 2]
    """
    if order_key.dtype.kind in "iu" and order_key.size:
        # One integer key sorts faster than two (ranks and group ids are small).
        low = int(order_key.min())
        span = int(order_key.max()) - low + 1
        order = np.argsort(groups.astype(np.int64) * span + (order_key - low), kind="stable")
    else:
        order = np.lexsort((order_key, groups))
    g = groups[order]
    counts = np.bincount(g, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(groups.size, dtype=np.intp)
    rank[order] = np.arange(groups.size) - starts[g]
    return rank


def instance_alias(stacklevel: int = 2) -> type[MatchingProblem]:
    """``Instance``, the deprecated name of :class:`MatchingProblem`: warns, then returns the class."""
    warnings.warn(
        "Instance is deprecated; use matchmaker.MatchingProblem (the same class)",
        DeprecationWarning,
        stacklevel=stacklevel + 1,
    )
    return MatchingProblem


def __getattr__(name: str) -> type[MatchingProblem]:
    if name == "Instance":
        return instance_alias(stacklevel=2)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
