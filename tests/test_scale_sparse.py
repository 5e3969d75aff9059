"""The sparse pipeline against its oracle: a dense ``score()`` ranked by brute force.

``score(mission, top_k=k)`` must store exactly the pairs that are some participant's top-k (by
score, ties to the lower partner index, forbidden and zero-score pairs left out),
every wished and forced pair that is not forbidden, with the dense scores bit for bit
— for any tile size, band levels and executor.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from matchmaker.assignment import match, validate
from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.errors import InfeasibleError, ValidationError
from matchmaker.scheduling import EventPlan, schedule
from matchmaker.scheduling import validate as validate_schedule
from matchmaker.scoring import CustomComponent, Weights, score
from matchmaker.scoring.algorithms import block_components
from matchmaker.scoring.api import prepare_scoring
from matchmaker.scoring.sparse import TopLists, _top, restrict, score_pairs, widen
from tests.strategies import missions


def expected_pairs(dense, k_rows: int, k_cols: int) -> set[tuple[int, int]]:
    """The candidate set by brute force from dense scores (see the module docstring)."""
    values = np.array(dense.total, copy=True)
    values[dense.forbidden | (values <= 0)] = -np.inf
    n, m = values.shape
    keys: set[tuple[int, int]] = set()
    for i in range(n):
        order = np.lexsort((np.arange(m), -values[i]))[:k_rows]
        keys |= {(i, int(j)) for j in order if values[i, j] > -np.inf}
    for j in range(m):
        order = np.lexsort((np.arange(n), -values[:, j]))[:k_cols]
        keys |= {(int(i), j) for i in order if values[i, j] > -np.inf}
    known = np.concatenate([dense.context.arrays.liked, dense.forced]).reshape(-1, 2)
    keys |= {(int(a), int(b)) for a, b in known.tolist() if not dense.forbidden[a, b]}
    return keys


def assert_exact(sparse, dense, k_rows: int, k_cols: int) -> None:
    stored = {(int(a), int(b)) for a, b in sparse.pairs.tolist()}
    assert stored == expected_pairs(dense, k_rows, k_cols)
    rows, cols = sparse.pairs.T
    assert np.array_equal(sparse.total.data, dense.total[rows, cols])  # bit for bit
    assert np.array_equal(sparse.forced, dense.forced)


def same_matrix(a, b) -> bool:
    return (
        np.array_equal(a.total.indptr, b.total.indptr)
        and np.array_equal(a.total.indices, b.total.indices)
        and np.array_equal(a.total.data, b.total.data)
    )


@settings(max_examples=40, deadline=None)
@given(
    mission=missions(max_a=9, max_b=11),
    k_rows=st.integers(0, 4),
    k_cols=st.integers(0, 4),
    tile=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    met_before=st.booleans(),
)
def test_generated_missions_match_the_dense_oracle(mission, k_rows, k_cols, tile, met_before) -> None:
    pairs = [(mission.ids("A")[0], mission.ids("B")[-1])] if met_before else []
    mode = "forbid" if len(mission.ids("A")) % 2 else "penalise"
    dense = score(mission, met_before=pairs, met_before_mode=mode)
    sparse = score(
        mission, top_k=(k_rows, k_cols), tile=tile, executor="serial", met_before=pairs, met_before_mode=mode
    )
    assert_exact(sparse, dense, k_rows, k_cols)


@settings(max_examples=15, deadline=None)
@given(n_a=st.integers(1, 70), n_b=st.integers(1, 90), seed=st.integers(0, 10_000), k=st.integers(1, 12))
def test_synthetic_missions_match_the_dense_oracle(n_a, n_b, seed, k) -> None:
    mission = synthetic_mission(n_a, n_b, seed=seed)
    assert_exact(score(mission, top_k=k, tile=(16, 32)), score(mission), k, k)


def test_the_result_does_not_depend_on_tiles_levels_or_executor() -> None:
    mission = synthetic_mission(150, 220, seed=5)
    reference = score(mission, top_k=8, executor="serial")
    for options in (
        {"tile": (7, 13), "executor": "serial"},
        {"tile": (64, 64), "executor": "threads", "workers": 2},
        {"levels": (0.3, 0.0)},
        {"levels": (0.0,)},
        {"levels": (0.9, 0.7, 0.45, 0.2, 0.05, 0.0), "tile": (1, 200)},
    ):
        assert same_matrix(score(mission, top_k=8, **options), reference), options
    assert_exact(reference, score(mission), 8, 8)


def test_custom_components_and_other_weights_are_exact() -> None:
    mission = synthetic_mission(40, 60, seed=3)
    rng = np.random.default_rng(0)
    noise = CustomComponent("noise", rng.random((40, 60)) * (rng.random((40, 60)) < 0.3), 0.3)
    for weights, custom in (
        (None, [noise]),
        (Weights(fit=1, regional=0, scale=0, wishes=0), []),
        (Weights(fit=0, regional=1, scale=1, wishes=1), []),
        ({"wishes": 1}, [noise]),
    ):
        dense = score(mission, weights, custom=custom)
        sparse = score(mission, weights, custom=custom, top_k=6, tile=(8, 8))
        assert_exact(sparse, dense, 6, 6)
        if custom:  # custom scores reach pairs without fit: the last round pairs with everyone
            assert sparse.stats["rounds"][-1]["level"] in ("all", 0.0)


@settings(max_examples=15, deadline=None)
@given(
    mission=missions(min_a=2, max_a=8, min_b=2, max_b=9),
    k=st.integers(0, 2),
    wide=st.integers(1, 6),
    data=st.data(),
)
def test_widen_adds_the_exact_top_k_of_the_chosen_participants(mission, k, wide, data) -> None:
    dense = score(mission)
    sparse = score(mission, top_k=k, tile=(3, 4))
    ids = [*mission.ids("A"), *mission.ids("B")]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=4))
    widened = widen(sparse, chosen, wide, executor="serial", tile=(2, 5))
    values = np.where(dense.forbidden | (dense.total <= 0), -np.inf, dense.total)
    want = {(int(a), int(b)) for a, b in sparse.pairs.tolist()}
    for pid in chosen:
        side, i = mission.locate(pid)
        line = values[i] if side == "A" else values[:, i]
        order = [j for j in np.lexsort((np.arange(line.size), -line))[:wide] if line[j] > -np.inf]
        want |= {(i, int(j)) if side == "A" else (int(j), i) for j in order}
    assert {(int(a), int(b)) for a, b in widened.pairs.tolist()} == want
    rows, cols = widened.pairs.T
    assert np.array_equal(widened.total.data, dense.total[rows, cols])
    with pytest.raises(ValidationError, match="no participant"):
        widen(sparse, ["nobody"], 3)


def test_bundled_mission_explain_component_and_top_pairs_agree_with_dense(bundled) -> None:
    dense = score(bundled)
    sparse = score(bundled, top_k=10)
    assert_exact(sparse, dense, 10, 10)
    assert sparse.top_pairs(5) == dense.top_pairs(5)
    for a, b in [(sparse.row_ids[0], sparse.col_ids[0]), ("JT-015", "SS-003"), ("SS-008", "JT-002")]:
        assert sparse.explain(a, b) == dense.explain(a, b)  # any pair, candidate or not
    rows, cols = sparse.pairs.T
    for name in ("fit", "fit_ab", "regional", "scale", "wishes"):
        assert np.array_equal(sparse.component(name).data, dense.component(name)[rows, cols])
    with pytest.raises(ValueError, match="unknown component"):
        sparse.component("nope")
    best = sparse.candidates_of("SS-003")
    assert [v for _, v in best] == sorted((v for _, v in best), reverse=True)
    assert sparse.to_dense(-1.0)[rows, cols].tolist() == sparse.total.data.tolist()


@settings(max_examples=30, deadline=None)
@given(mission=missions(max_a=8, max_b=8), data=st.data())
def test_restrict_gives_the_dense_numbers_for_any_sub_problem(mission, data) -> None:
    dense = score(mission)
    pa = prepare_scoring(mission).arrays
    n_a, n_b = dense.shape
    rows = np.array(sorted(data.draw(st.sets(st.integers(0, n_a - 1), min_size=1))), dtype=np.intp)
    cols = np.array(sorted(data.draw(st.sets(st.integers(0, n_b - 1), min_size=1))), dtype=np.intp)
    out = block_components(restrict(pa, rows, cols), 0, rows.size, ("total", "forbidden", "fit", "wishes"))
    assert np.array_equal(out["total"], dense.total[np.ix_(rows, cols)])
    assert np.array_equal(out["forbidden"], dense.forbidden[np.ix_(rows, cols)])
    assert np.array_equal(out["fit"], dense.component("fit")[np.ix_(rows, cols)])
    pairs = np.column_stack([np.repeat(rows, cols.size), np.tile(cols, rows.size)])
    total, forbidden = score_pairs(pa, pairs)
    assert np.array_equal(total, dense.total[pairs[:, 0], pairs[:, 1]])
    assert np.array_equal(forbidden, dense.forbidden[pairs[:, 0], pairs[:, 1]])


@settings(max_examples=60, deadline=None)
@given(
    arr=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 8)),
        elements=st.sampled_from([-np.inf, 0.1, 0.2, 0.5, 0.9]),
    ),
    k=st.integers(0, 5),
)
def test_top_selects_the_k_best_with_ties_to_the_lowest_position(arr, k) -> None:
    for axis in (0, 1):
        lines = arr if axis == 1 else arr.T
        want = np.zeros(lines.shape, dtype=bool)
        for i, line in enumerate(lines):
            order = [j for j in np.lexsort((np.arange(line.size), -line)) if line[j] > -np.inf][:k]
            want[i, order] = True
        got = _top(arr, k, axis)
        assert np.array_equal(got if axis == 1 else got.T, want)


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 9)), max_size=60),
    k=st.integers(0, 4),
    batches=st.integers(1, 4),
    data=st.data(),
)
def test_top_lists_merge_any_batches_into_the_exact_top_k(entries, k, batches, data) -> None:
    def value(o: int, p: int) -> float:  # a pair always has the same score; many ties
        return ((o * 7 + p * 3) % 5 + 1) / 5

    lists = TopLists(5, k)
    shuffled = data.draw(st.permutations(entries + entries[:5]))  # some pairs come twice
    for part in np.array_split(np.array(shuffled, dtype=np.intp).reshape(-1, 2), batches):
        lists.add(part[:, 0], part[:, 1], np.array([value(o, p) for o, p in part.tolist()]))
    for owner in range(5):
        mine = sorted({p for o, p in entries if o == owner}, key=lambda p: (-value(owner, p), p))[:k]
        assert lists.partner[owner][: len(mine)].tolist() == mine
        assert (lists.partner[owner][len(mine) :] == -1).all()


def test_match_and_schedule_take_sparse_scores() -> None:
    mission = synthetic_mission(80, 120, seed=11)
    sparse = score(mission, top_k=15)
    stored = {tuple(p) for p in sparse.pairs.tolist()}
    # must-meet pairs that a hard rule forbids are not stored; drop them as the diagnosis asks
    allowed = np.array([tuple(f) in stored for f in sparse.forced.tolist()], dtype=bool)
    sparse = dataclasses.replace(sparse, forced=sparse.forced[allowed])
    m = match(sparse, "flow", max_meetings=(6, 3))
    assert validate(m) == ()
    assert {tuple(p) for p in m.pairs.tolist()} <= stored
    # the same problem given as a dense matrix whose non-candidates are forbidden: same optimum
    dense = score(mission)
    outside = np.ones(dense.shape, dtype=bool)
    outside[sparse.pairs[:, 0], sparse.pairs[:, 1]] = False
    dense = dataclasses.replace(dense, forced=sparse.forced)
    reference = match(dense, "flow", max_meetings=(6, 3), forbidden=outside)
    assert m.objective == pytest.approx(reference.objective, abs=m.details["loss_bound"] * 2 + 1e-9)
    one = match(sparse.total, "hungarian")  # the bare sparse matrix: stored entries are the candidates
    one_ref = match(dense.total, "hungarian", forbidden=outside)
    assert one.backend.startswith("scipy.csgraph.lapjvsp")
    assert one.objective == pytest.approx(one_ref.objective, abs=1e-9)
    plan = EventPlan(start="09:00", end="16:00", breaks=["12:00-13:00"], hosts="A", days="2025-11-12")
    timetable = schedule(m, plan, mission=mission)
    assert validate_schedule(timetable) == ()
    assert timetable.n_placed + len(timetable.unplaced) == len(m.pairs)


def test_a_forced_pair_that_is_forbidden_is_not_stored_and_match_says_so() -> None:
    mission = east_java_south_sumatra_2020()
    dense = score(mission)
    a, b = mission.ids("A")[0], mission.ids("B")[0]
    changed = dataclasses.replace(
        mission,
        participants=tuple(
            dataclasses.replace(p, must_meet=(b,)) if p.id == a else p for p in mission.participants
        ),
    )
    sparse = score(changed, top_k=3, met_before=[(a, b)], met_before_mode="forbid")
    assert (0, 0) in {tuple(x) for x in sparse.forced.tolist()}
    assert (0, 0) not in {tuple(x) for x in sparse.pairs.tolist()}
    with pytest.raises(InfeasibleError) as caught:
        match(sparse, "flow", max_meetings=(8, 4))
    assert any(p.kind == "forced-forbidden" and a in p.participants for p in caught.value.problems)
    assert dense.shape == sparse.shape


def test_bad_options_are_reported_together_before_any_work(bundled) -> None:
    with pytest.raises(ValidationError) as caught:
        score(
            bundled,
            {"fit": -1},
            top_k=-2,
            levels=(0.5, 0.6),
            tile=(0, 5),
            executor="cluster-of-my-dreams",
        )
    fields = {p.field for p in caught.value.problems}
    assert {"top_k", "levels", "executor", "fit"} <= fields
    assert any("tile" in p.message for p in caught.value.problems)
    with pytest.raises(ValidationError, match="end with 0"):
        score(bundled, top_k=50, levels=(0.5, 0.1))
    with pytest.raises(ValidationError, match="top_k"):
        score(bundled, top_k=(3, True))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="no option 'colour'"):
        score(bundled, top_k=50, colour="red", year=1999)


def test_sparse_scores_are_read_only_like_dense_ones(bundled) -> None:
    s = score(bundled, top_k=5, executor="serial")
    for part in (s.total.data, s.total.indices, s.total.indptr, s.forced):
        with pytest.raises(ValueError, match="read-only"):
            part[:1] = 0
    with pytest.raises(ValidationError, match="one top_k"):
        widen(s, ["JT-001"], (5, 5))  # type: ignore[arg-type]
