"""Small, exact summary statistics used by :func:`matchmaker.evaluate`."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["gini"]


def gini(values: ArrayLike) -> float:
    """Gini coefficient of non-negative values: 0 when all are equal, → 1 when one holds everything.

    Uses the sorted-values form ``G = Σ (2i - n - 1) x_(i) / (n Σ x)`` with ``i = 1..n``
    (Damgaard & Weiner 2000), which equals the mean absolute difference over twice the mean.
    An empty input or all zeros gives 0.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 4])
    0.75
    >>> gini([1, 2, 3, 4])
    0.25
    """
    x = np.sort(np.asarray(values, dtype=float).ravel())
    if x.size and (np.any(x < 0) or not np.all(np.isfinite(x))):
        raise ValueError("the Gini coefficient needs finite, non-negative values")
    total = x.sum()
    if x.size == 0 or total == 0:
        return 0.0
    i = np.arange(1, x.size + 1)
    # The sum is exactly >= 0 (a sorted sequence), but float rounding can leave -1e-17 for equal values.
    return max(0.0, float(np.sum((2 * i - x.size - 1) * x) / (x.size * total)))
