"""Small array helpers shared by the pipeline's stages (no dependency on the rest of the package)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["small_unique"]


def small_unique(values: NDArray[np.intp]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """``np.unique(values, return_inverse=True)`` for small non-negative integers, by a presence table.

    The same two arrays (distinct values ascending, each entry's index among them) in a
    few vectorised calls instead of a sort: the scoring's preparation runs this on arrays
    of a few hundred codes on every ``score()`` call.  Values whose range is large
    against their number go to ``np.unique``.

    >>> [a.tolist() for a in small_unique(np.array([7, 2, 7, 0]))]
    [[0, 2, 7], [2, 1, 2, 0]]
    >>> [a.tolist() for a in small_unique(np.array([-1, 2, 2]))]
    [[-1, 2], [0, 1, 1]]
    """
    bound = int(values.max()) + 1 if values.size else 0
    # a negative value has no place in the table (it would index from the end): np.unique
    if bound > 4 * values.size + 1024 or (values.size and int(values.min()) < 0):
        distinct, inverse = np.unique(values, return_inverse=True)
        return distinct.astype(np.intp), inverse.astype(np.intp).reshape(-1)
    present = np.zeros(bound, dtype=bool)
    present[values] = True
    rank = np.cumsum(present, dtype=np.intp) - 1
    return np.flatnonzero(present), rank[values]
