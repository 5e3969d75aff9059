"""Exact methods against brute force (every subset of the candidate pairs) and each other.

Also holds the helpers other ``test_assignment_*`` files import: the brute-force oracle,
a sequential greedy reference and a hypothesis strategy for whole matching requests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.assignment import match, validate
from matchmaker.assignment.algorithms import flow as flow_alg
from matchmaker.assignment.problem import MatchingProblem as Instance
from matchmaker.errors import InfeasibleError

MAX_BRUTE_EDGES = 13


@dataclass
class Request:
    """A whole matching request on a dense score matrix (rows = side A)."""

    scores: np.ndarray
    forbidden: np.ndarray
    forced: np.ndarray
    row_min: np.ndarray
    row_max: np.ndarray
    col_min: np.ndarray
    col_max: np.ndarray
    min_score: float | None = None

    def kwargs(self) -> dict[str, Any]:
        return {
            "forbidden": self.forbidden,
            "forced": self.forced,
            "min_meetings": (self.row_min, self.col_min),
            "max_meetings": (self.row_max, self.col_max),
            "min_score": self.min_score,
        }

    def candidates(self) -> np.ndarray:
        """(E, 2) pairs the solvers may choose (not forbidden, above min_score or forced)."""
        ok = ~self.forbidden
        if self.min_score is not None:
            ok &= self.scores >= self.min_score
        ok[self.forced[:, 0], self.forced[:, 1]] = True
        ok &= ~self.forbidden
        return np.argwhere(ok)


def all_matchings(req: Request) -> tuple[np.ndarray, np.ndarray]:
    """``(edges, subsets)``: candidate pairs and a bool matrix of every feasible subset of them."""
    edges = req.candidates()
    e = len(edges)
    assert e <= MAX_BRUTE_EDGES
    subsets = ((np.arange(2**e)[:, None] >> np.arange(e)) & 1).astype(bool)
    a, b = req.scores.shape
    by_row = np.zeros((e, a), int)
    by_row[np.arange(e), edges[:, 0]] = 1
    by_col = np.zeros((e, b), int)
    by_col[np.arange(e), edges[:, 1]] = 1
    deg_r, deg_c = subsets @ by_row, subsets @ by_col
    ok = (
        (deg_r >= req.row_min).all(1)
        & (deg_r <= req.row_max).all(1)
        & (deg_c >= req.col_min).all(1)
        & (deg_c <= req.col_max).all(1)
    )
    key = edges[:, 0] * b + edges[:, 1]
    for r, c in req.forced.tolist():
        hit = np.flatnonzero(key == r * b + c)
        if hit.size == 0:  # a forced pair that is not a candidate: nothing is feasible
            ok[:] = False
        else:
            ok &= subsets[:, hit[0]]
    return edges, subsets[ok]


def brute_force_total(req: Request) -> float | None:
    """The best total score over all feasible matchings (None if there is none)."""
    edges, subsets = all_matchings(req)
    if len(subsets) == 0:
        return None
    w = req.scores[edges[:, 0], edges[:, 1]]
    return float((subsets * w).sum(1).max())


def brute_force_maximin(req: Request) -> tuple[float, float] | None:
    """``(worst-off total, best total at that level)`` over counted participants (both sides)."""
    edges, subsets = all_matchings(req)
    if len(subsets) == 0:
        return None
    a, b = req.scores.shape
    w = req.scores[edges[:, 0], edges[:, 1]]
    per_r = np.zeros((len(subsets), a))
    per_c = np.zeros((len(subsets), b))
    for k, (r, c) in enumerate(edges.tolist()):
        per_r[:, r] += subsets[:, k] * w[k]
        per_c[:, c] += subsets[:, k] * w[k]
    counted_r = (np.bincount(edges[:, 0], minlength=a) > 0) & (req.row_max > 0)
    counted_c = (np.bincount(edges[:, 1], minlength=b) > 0) & (req.col_max > 0)
    totals = np.hstack([per_r[:, counted_r], per_c[:, counted_c]])
    if totals.shape[1] == 0:
        return (math.inf, float((subsets * w).sum(1).max()))
    worst = totals.min(1)
    best = worst.max()
    at_best = worst >= best - 1e-9
    return float(best), float((subsets[at_best] * w).sum(1).max())


def sequential_greedy(
    scores: np.ndarray, allowed: np.ndarray, row_max: np.ndarray, col_max: np.ndarray
) -> float:
    """The textbook greedy: one pair at a time, best score first (ties: row, then column)."""
    _a, b = scores.shape
    room_r, room_c = row_max.copy(), col_max.copy()
    total = 0.0
    for flat in np.argsort(-scores.ravel(), kind="stable").tolist():
        r, c = divmod(flat, b)
        if allowed[r, c] and scores[r, c] >= 0 and room_r[r] > 0 and room_c[c] > 0:
            room_r[r] -= 1
            room_c[c] -= 1
            total += scores[r, c]
    return total


@st.composite
def requests(
    draw: st.DrawFn,
    max_a: int = 4,
    max_b: int = 4,
    max_cap: int = 3,
    floors: bool = True,
    forced: bool = True,
    max_edges: int = MAX_BRUTE_EDGES,
) -> Request:
    """A random request whose candidate graph is small enough for brute force.

    Scores come from a coarse grid so that ties (several optima) are common.
    """
    a = draw(st.integers(1, max_a))
    b = draw(st.integers(1, max_b))
    grid = st.integers(0, 10).map(lambda k: k / 10)
    scores = np.array(draw(st.lists(grid, min_size=a * b, max_size=a * b))).reshape(a, b)
    one_in_four = st.integers(0, 3).map(lambda k: k == 0)
    forbidden = np.array(draw(st.lists(one_in_four, min_size=a * b, max_size=a * b)), dtype=bool).reshape(
        a, b
    )
    allowed = np.argwhere(~forbidden)
    if len(allowed) > max_edges:  # forbid the surplus so brute force stays small
        extra = allowed[max_edges:]
        forbidden[extra[:, 0], extra[:, 1]] = True
        allowed = allowed[:max_edges]
    pick = (
        st.lists(st.sampled_from(range(len(allowed))), unique=True, max_size=2)
        if forced and len(allowed)
        else st.just([])
    )
    forced_pairs = allowed[draw(pick)].reshape(-1, 2)

    def bounds(n: int) -> tuple[np.ndarray, np.ndarray]:
        hi = np.array(draw(st.lists(st.integers(0, max_cap), min_size=n, max_size=n)))
        lo = (
            np.array(draw(st.lists(one_in_four.map(int), min_size=n, max_size=n)))
            if floors
            else np.zeros(n, int)
        )
        return np.minimum(lo, hi), hi

    row_min, row_max = bounds(a)
    col_min, col_max = bounds(b)
    return Request(scores, forbidden, forced_pairs, row_min, row_max, col_min, col_max)


def random_scores(seed: int, low: int, high: int, p_forbidden: float) -> tuple[np.ndarray, np.ndarray]:
    """``(scores, forbidden)`` of a random size between ``low`` and ``high`` per side."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(low, high, size=2)
    return rng.random((a, b)), rng.random((a, b)) < p_forbidden


EXACT = [
    ("flow", {"backend": "ortools"}),
    ("flow", {"backend": "highs"}),
    ("flow", {"backend": "networkx"}),
    ("milp", {}),
]


def agrees_with_brute_force(req: Request, method: str, **options: Any) -> None:
    """``match`` finds the brute-force optimum, or raises InfeasibleError when there is none."""
    best = brute_force_total(req)
    if best is None:
        with pytest.raises(InfeasibleError):
            match(req.scores, method, **req.kwargs(), **options)
        return
    try:
        m = match(req.scores, method, **req.kwargs(), **options)
    except InfeasibleError as exc:  # the diagnosis must never refuse a feasible request
        pytest.fail(f"feasible request refused: {exc}")
    assert validate(m) == ()
    assert m.objective == pytest.approx(best, abs=1e-9)
    assert m.optimal is True
    if req.min_score is not None:
        low = req.scores[m.pairs[:, 0], m.pairs[:, 1]] < req.min_score
        forced = {tuple(p) for p in req.forced.tolist()}
        assert all(tuple(p) in forced for p in m.pairs[low].tolist())


@pytest.mark.parametrize(("method", "options"), EXACT, ids=[f"{m}-{o.get('backend', '')}" for m, o in EXACT])
@settings(max_examples=40)
@given(req=requests())
def test_exact_methods_reach_the_brute_force_optimum(
    req: Request, method: str, options: dict[str, Any]
) -> None:
    agrees_with_brute_force(req, method, **options)


@settings(max_examples=40)
@given(req=requests(max_cap=1, floors=False), backend=st.sampled_from(["scipy", "sparse", "lapx"]))
def test_hungarian_reaches_the_brute_force_optimum(req: Request, backend: str) -> None:
    agrees_with_brute_force(req, "hungarian", backend=backend)


@settings(max_examples=30)
@given(
    req=requests(max_cap=2),
    min_score=st.integers(0, 10).map(lambda k: k / 10),
    method=st.sampled_from(["auto", "flow", "milp"]),
)
def test_min_score_is_brute_force_optimal_without_the_low_pairs(
    req: Request, min_score: float, method: str
) -> None:
    req.min_score = min_score
    agrees_with_brute_force(req, method)


@settings(max_examples=30)
@given(req=requests(max_a=3, max_b=3, max_cap=2, max_edges=9))
def test_maximin_reaches_the_brute_force_optimum(req: Request) -> None:
    expected = brute_force_maximin(req)
    if expected is None:
        with pytest.raises(InfeasibleError):
            match(req.scores, objective="maximin", **req.kwargs())
        return
    m = match(req.scores, objective="maximin", **req.kwargs())
    assert m.method == "milp"
    assert validate(m) == ()
    worst, total = expected
    if math.isfinite(worst):
        assert m.details["worst_off"] == pytest.approx(worst, abs=1e-7)
    assert m.objective == pytest.approx(total, abs=1e-7)


@pytest.mark.parametrize("seed", range(6))
def test_flow_equals_hungarian_when_every_capacity_is_one(seed: int) -> None:
    scores, forbidden = random_scores(seed, 5, 30, 0.4)
    one = match(scores, "hungarian", forbidden=forbidden)
    many = match(scores, "flow", forbidden=forbidden, max_meetings=1)
    assert many.objective == pytest.approx(one.objective, abs=1e-9)
    assert validate(one) == () == validate(many)


@pytest.mark.parametrize("seed", range(4))
def test_networkx_reference_and_fast_backends_agree(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    a, b = 12, 30
    scores = rng.random((a, b))
    forbidden = rng.random((a, b)) < 0.3
    kw = {"forbidden": forbidden, "min_meetings": (1, 0), "max_meetings": (5, 2)}
    results = {
        backend: match(scores, "flow", backend=backend, **kw) for backend in ("networkx", "ortools", "highs")
    }
    bound = results["ortools"].details["loss_bound"]
    for m in results.values():
        assert validate(m) == ()
        assert m.objective == pytest.approx(results["highs"].objective, abs=bound + 1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_backends_agree_on_meeting_count_with_worthless_pairs(seed: int) -> None:
    """Pairs of score 0 are used only as floors need them, the same on every backend."""
    rng = np.random.default_rng(300 + seed)
    scores = np.where(rng.random((10, 20)) < 0.7, 0.0, rng.random((10, 20)))
    kw = {"min_meetings": (0, 1), "max_meetings": (4, 2)}
    results = {b: match(scores, "flow", backend=b, **kw) for b in ("networkx", "ortools", "highs")}
    counts = {b: len(m.pairs) for b, m in results.items()}
    assert len(set(counts.values())) == 1, counts
    for m in results.values():
        per_buyer = np.bincount(m.pairs[:, 1], minlength=20)
        worthless = m.pairs[scores[m.pairs[:, 0], m.pairs[:, 1]] == 0]
        # a worthless pair only ever meets a buyer's floor: that buyer has no other meeting
        assert (per_buyer[worthless[:, 1]] == 1).all()


def test_integer_scaling_loss_stays_within_its_bound() -> None:
    # A coarse resolution makes rounding visible; the float optimum is known from HiGHS.
    rng = np.random.default_rng(7)
    scores = rng.random((15, 25))
    kw = {"max_meetings": (4, 2)}
    exact = match(scores, "flow", backend="highs", **kw).objective
    coarse = match(scores, "flow", backend="ortools", resolution=50, **kw)
    # rounding plus the unit cost of pairs that round to zero: twice K · max|w| / R
    assert coarse.details["loss_bound"] == pytest.approx(2 * min(15 * 4, 25 * 2) * scores.max() / 50)
    assert exact - coarse.details["loss_bound"] - 1e-12 <= coarse.objective <= exact + 1e-12


def test_integer_costs_never_overflow() -> None:
    costs, scale, loss = flow_alg.integer_costs(
        np.array([1e300, -1e300, 0.5]), n_nodes=10**6, max_pairs=10**9
    )
    assert costs.dtype == np.int64
    assert abs(int(costs[0])) * (10**6 + 1) ** 2 < 2**63
    assert loss == pytest.approx(10**9 / scale)


@settings(max_examples=40)
@given(req=requests(max_a=5, max_b=5, floors=False, forced=False))
def test_greedy_is_the_sequential_greedy_scan(req: Request) -> None:
    m = match(req.scores, "greedy", **req.kwargs())
    expected = sequential_greedy(req.scores, ~req.forbidden, req.row_max, req.col_max)
    assert m.objective == pytest.approx(expected, abs=1e-12)
    assert m.optimal is None


@pytest.mark.parametrize("seed", range(3))
def test_greedy_vectorised_rounds_equal_the_scan_on_larger_instances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random((40, 90)), 2)  # many ties
    allowed = rng.random(scores.shape) < 0.7
    row_max, col_max = rng.integers(0, 6, 40), rng.integers(0, 3, 90)
    m = match(scores, "greedy", forbidden=~allowed, max_meetings=(row_max, col_max))
    assert m.objective == pytest.approx(sequential_greedy(scores, allowed, row_max, col_max), abs=1e-9)


def test_instance_from_edges_rejects_duplicate_pairs() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Instance.from_edges(2, 2, [0, 0], [1, 1], [0.5, 0.5])


def seeded_request(seed: int) -> Request:
    """A denser random request (up to MAX_BRUTE_EDGES candidate pairs) from a seed."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(2, 5, size=2)
    scores = rng.random((a, b))
    forbidden = rng.random((a, b)) < 0.2
    allowed = np.argwhere(~forbidden)
    forbidden[tuple(allowed[MAX_BRUTE_EDGES:].T)] = True
    allowed = allowed[:MAX_BRUTE_EDGES]
    forced = allowed[rng.choice(len(allowed), size=min(len(allowed), rng.integers(0, 2)), replace=False)]
    row_max, col_max = rng.integers(1, 4, a), rng.integers(1, 3, b)
    row_min = np.minimum(rng.integers(0, 2, a), row_max)
    col_min = np.minimum(rng.integers(0, 2, b), col_max)
    return Request(scores, forbidden, forced.reshape(-1, 2), row_min, row_max, col_min, col_max)


@pytest.mark.parametrize("seed", range(25))
def test_exact_methods_on_seeded_random_instances(seed: int) -> None:
    req = seeded_request(seed)
    for method, options in EXACT:
        agrees_with_brute_force(req, method, **options)
