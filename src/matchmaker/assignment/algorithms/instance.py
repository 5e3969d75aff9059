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

__all__ = ["OptionError", "Solution", "group_rank"]

IntArray = NDArray[np.intp]


class OptionError(ValueError):
    """A solver option with a value the solver does not know (``backend="?"``...)."""


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
    details: Mapping[str, Any] = field(default_factory=dict)


def group_rank(groups: NDArray[np.intp], order_key: NDArray[Any], n_groups: int) -> IntArray:
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


def __getattr__(name: str) -> type[MatchingProblem]:
    if name == "Instance":
        warnings.warn(
            "Instance is deprecated; use matchmaker.MatchingProblem (the same class)",
            DeprecationWarning,
            stacklevel=2,
        )
        return MatchingProblem
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
