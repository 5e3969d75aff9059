"""Fast paths taken for speed give the same answers as the general ones (issue 15)."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matchmaker.assignment import match


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 9),
    st.integers(1, 9),
    st.floats(0.05, 0.9),
    st.sampled_from([1.0, 10.0, 1000.0]),
    st.integers(0, 2**32 - 1),
)
def test_sparse_hungarian_shortcut_is_exact(n_a: int, n_b: int, density: float, level: float, seed: int) -> None:
    """Scores close together (every bigger matching outscores every smaller one) take LAPJVsp
    without reservation nodes; with or without a full matching the optimum is the dense one."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n_a, n_b)) < density
    weights = level + rng.integers(0, 5, (n_a, n_b)) / 10  # spread 0.4: the shortcut holds for level >= 10
    scores = sp.coo_array((weights[mask], np.nonzero(mask)), shape=(n_a, n_b))
    got = match(scores, "hungarian", alternates=0)
    # Oracle: dense assignment with a zero-score reservation per row, forbidden pairs at -inf.
    cost = np.where(mask, -weights, np.inf)
    augmented = np.hstack([cost, np.where(np.eye(n_a, dtype=bool), 0.0, np.inf)])
    r, c = linear_sum_assignment(augmented)
    best = -augmented[r, c].sum()
    assert np.isclose(got.objective, best)
    assert all(mask[i, j] for i, j in got.pairs.tolist())
    assert len(set(got.pairs[:, 0].tolist())) == len(got.pairs) == len(set(got.pairs[:, 1].tolist()))


@given(st.integers(0, 2**32 - 1))
@settings(max_examples=30, deadline=None)
def test_sparse_scores_with_repeated_and_unsorted_entries(seed: int) -> None:
    """Repeated entries add up and any entry order reads the same, as scipy's sum_duplicates."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    k = int(rng.integers(1, 3 * n))
    r, c, w = rng.integers(0, n, k), rng.integers(0, n, k), rng.random(k) + 0.1
    order = rng.permutation(k)
    coo = sp.coo_array((w[order], (r[order], c[order])), shape=(n, n))
    reference = sp.coo_array((w, (r, c)), shape=(n, n)).tocsr()
    reference.sum_duplicates()
    a = match(coo, "hungarian", alternates=0)
    b = match(reference, "hungarian", alternates=0)
    assert np.isclose(a.objective, b.objective)
