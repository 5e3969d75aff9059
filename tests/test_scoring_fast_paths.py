"""The per-call shortcuts of dense scoring (issue 15) give what the plain computations give.

Each shortcut is checked against the computation it replaced: scipy's ``csr_array @ dense``,
``np.hstack(...).astype(float32)``, ``np.unique(axis=0)``, a fresh parse of the
certification items, an uncached regional model.  The scores themselves are checked
elsewhere (dense against sparse bit for bit, the brute-force oracle, the bundled figures).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.model import Participant
from matchmaker.scoring import score
from matchmaker.scoring.algorithms import csr_product
from matchmaker.scoring.engine import DirectionParts, _by_seller
from matchmaker.scoring.prepare import _union
from matchmaker.scoring.regional import _model, regional_model
from matchmaker.scoring.rules import RequirementSets, requirement_sets

entries = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 4), st.floats(-1e3, 1e3, allow_nan=False)), max_size=30
)


@settings(max_examples=60, deadline=None)
@given(entries, st.integers(1, 3))
def test_csr_product_is_scipys_product_bit_for_bit(items: list[tuple[int, int, float]], width: int) -> None:
    matrix = sparse.coo_array(
        ([v for *_, v in items], ([r for r, *_ in items], [c for _, c, _ in items])), shape=(7, 5)
    ).tocsr()
    matrix.sum_duplicates()
    x = np.random.default_rng(len(items)).normal(size=(5, width))
    ours = csr_product(matrix.indptr, matrix.indices, matrix.data, x)
    assert ours.tobytes() == np.asarray(matrix @ x).tobytes()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=4), st.integers(0, 5), st.booleans())
def test_stacked_tables_are_hstack_in_float32(widths: list[int], sellers: int, sellers_first: bool) -> None:
    rng = np.random.default_rng(sum(widths) + sellers)
    tables = tuple(rng.normal(size=(sellers, w)) * 10.0 ** rng.integers(-8, 8) for w in widths)
    parts = DirectionParts(
        tables, np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0), 0, _no_requirements(sellers)
    )
    expected = np.hstack(tables).astype(np.float32)
    got = parts.stacked(np.float32, sellers_first=sellers_first)
    assert got.flags.c_contiguous
    assert parts.n_terms == sum(widths)
    assert (got if sellers_first else got.T).tobytes() == expected.tobytes()  # bit for bit


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 12), min_size=1, max_size=40),
    st.integers(1, 4),
    st.sampled_from(["add", "maximum"]),
)
def test_by_seller_is_reduceat_bit_for_bit(lengths: list[int], width: int, name: str) -> None:
    # the capacity sums depend on reduceat's order (x0 + (x1 + x2 + ...)): a change in NumPy shows here
    rng = np.random.default_rng(sum(lengths) * width)
    runs = np.array(lengths, dtype=np.intp)
    starts = np.concatenate([[0], np.cumsum(runs)[:-1]]).astype(np.intp)
    values = rng.normal(size=(int(runs.sum()), width)) * 10.0 ** rng.integers(
        -6, 12, size=(int(runs.sum()), width)
    )
    values[rng.random(values.shape) < 0.2] = 0.0
    ufunc = getattr(np, name)
    assert (
        _by_seller(ufunc, values, starts, runs).tobytes() == ufunc.reduceat(values, starts, axis=0).tobytes()
    )


def _no_requirements(sellers: int) -> RequirementSets:
    return RequirementSets(np.zeros(0, np.intp), np.zeros((0, sellers), bool), ())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 12)), max_size=25), st.integers(0, 3))
def test_union_is_unique_rows(pairs: list[tuple[int, int]], cut: int) -> None:
    arr = np.array(pairs, dtype=np.intp).reshape(-1, 2)
    got = _union(arr[:cut], arr[cut:])
    expected = np.unique(arr, axis=0) if arr.size else arr.reshape(0, 2)
    assert got.tolist() == expected.tolist()
    assert not got.flags.writeable


def test_requirement_sets_match_a_fresh_parse_for_buyers_sharing_items() -> None:
    items = "sni; 10631:halal; HS:1006:bpom"
    buyers = [
        Participant("b1", "B1", "Y", "Sumsel", needs="10631; HS:1006", required_certifications=items),
        Participant("b2", "B2", "Y", "Sumsel", needs="HS:1006; 10631; 10130", required_certifications=items),
        Participant("b3", "B3", "Y", "Sumsel", needs="10130"),
        Participant("b4", "B4", "Y", "Sumsel", needs="10631", required_certifications="10631:halal; halal"),
    ]
    sellers = [
        Participant("s1", "S1", "X", "Jatim", certifications="sni; halal"),
        Participant("s2", "S2", "X", "Jatim", certifications="halal; bpom; sni"),
        Participant("s3", "S3", "X", "Jatim"),
        Participant("s4", "S4", "X", "Jatim", certifications="sni; halal"),
    ]
    for _ in range(2):  # the second call reads the kept parse
        got = requirement_sets(buyers, sellers)
        whole = [tuple(sorted(set(b.requires))) for b in buyers]
        sets = tuple(sorted({w for w in whole if w}))
        assert got.sets == sets
        assert got.of_buyer.tolist() == [sets.index(w) if w else -1 for w in whole]
        per_line = [tuple(sorted(set(b.line_requires.get(n.key, ())))) for b in buyers for n in b.needs]
        line_sets = sorted({k for k in per_line if k})
        assert got.of_line is not None
        assert got.line_ok is not None
        assert line_sets  # the line requirements are exercised
        assert got.of_line.tolist() == [line_sets.index(k) if k else -1 for k in per_line]
        for s, required in enumerate(line_sets):
            assert got.line_ok[s].tolist() == [set(required) <= set(p.certifications) for p in sellers]
        for s, required in enumerate(sets):
            assert got.ok[s].tolist() == [set(required) <= set(p.certifications) for p in sellers]


def test_the_packaged_regional_model_is_kept_and_read_only() -> None:
    codes = [("KBLI", "10721"), ("HS", "1701"), ("KBLI", "10631")]
    first, again = regional_model(codes), regional_model(list(reversed(codes)))
    assert first is again  # the same groups and year: one model
    fresh = _model(codes)
    assert fresh is not first
    assert fresh.lq.tobytes() == first.lq.tobytes()
    assert dict(fresh.sector_of_group) == dict(first.sector_of_group)
    assert not first.lq.flags.writeable
    regions = np.array([0, 3, 0], dtype=np.intp)
    lq = first.seller_lq(regions, codes)
    assert lq.tobytes() == fresh.seller_lq(regions, codes).tobytes()
    lq[0, 0] = -1.0  # the caller's copy: the next call is not changed
    assert first.seller_lq(regions, codes).tobytes() == fresh.seller_lq(regions, codes).tobytes()
    assert regional_model(codes, year=2015) is not first


def test_repeated_calls_give_the_same_scores() -> None:
    mission = east_java_south_sumatra_2020()
    one, two = score(mission), score(mission)
    assert one.total.tobytes() == two.total.tobytes()
    assert one.forbidden.tobytes() == two.forbidden.tobytes()


def test_a_bad_year_is_still_a_validation_error_with_the_cache() -> None:
    from matchmaker.errors import ValidationError

    with pytest.raises(ValidationError, match="no GRDP figures"):
        regional_model([("KBLI", "10721")], year=1990)


def test_a_failing_block_stops_the_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the threads taking blocks from one queue, an error in one thread used to let the
    other score every remaining block before the error reached the caller (15 of 15 blocks
    at 600 x 800); now the other stops at its next block."""
    from matchmaker.datasets import synthetic_mission
    from matchmaker.scoring import algorithms
    from matchmaker.scoring.api import prepare_scoring

    arrays = prepare_scoring(synthetic_mission(600, 800, seed=1)).arrays
    blocks = len(list(algorithms.block_rows(arrays.n_rows, arrays.n_cols)))
    assert blocks >= 10
    real, calls = algorithms.block_components, []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(args[1])
        if len(calls) == 1:
            raise RuntimeError("block failed")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(algorithms, "block_components", failing)
    with pytest.raises(RuntimeError, match="block failed"):
        algorithms.score_dense(arrays, workers=2)
    # the failing thread's block, and at most the one the other thread had started and the
    # one it may have taken in the same instant
    assert len(calls) <= 3 < blocks


@pytest.mark.parametrize("field", ["offers", "needs"])
def test_line_arrays_are_the_lines_read_one_by_one(field: str) -> None:
    """Read by attribute lists (no tuple per line), the same as reading each line in turn."""
    from matchmaker.datasets import synthetic_mission
    from matchmaker.scoring.engine import line_arrays

    lines_text = "HS:1701=1.500.000.000|120 t; 10721; 10130=2000000|5 KG; HS:1006|3 T"
    forms = (
        Participant("a1", "A1", "X", "Jatim", offers=lines_text, needs=lines_text),
        Participant("a2", "A2", "X", "Jatim"),  # no lines at all
        Participant("a3", "A3", "X", "Jatim", offers="10631=5000000", needs="10631=5000000"),
    )
    for people in (
        east_java_south_sumatra_2020().participants,
        synthetic_mission(60, 80, seed=3).participants,
        forms,
        (),
    ):
        got = line_arrays(people, field)
        lines = [(i, line) for i, p in enumerate(people) for line in getattr(p, field)]
        assert got.owner.tolist() == [i for i, _ in lines]
        assert got.codes == tuple((line.system, line.code) for _, line in lines)
        expect_value = [np.nan if line.value_idr is None else line.value_idr for _, line in lines]
        expect_volume = [np.nan if line.volume is None else line.volume for _, line in lines]
        assert np.array_equal(got.value, np.array(expect_value, dtype=np.float64), equal_nan=True)
        assert np.array_equal(got.volume, np.array(expect_volume, dtype=np.float64), equal_nan=True)
        assert got.value.dtype == got.volume.dtype == np.float64
        assert got.unit == tuple(line.unit.casefold() if line.unit else None for _, line in lines)
        assert got.n_owners == len(people)
    # The hand-made lines have every case: value and volume given or not, units in two cases.
    got = line_arrays(forms, field)
    assert np.isnan(got.value).any()
    assert not np.isnan(got.value).all()
    assert np.isnan(got.volume).any()
    assert not np.isnan(got.volume).all()
    assert set(got.unit) == {"t", "kg", None}


@pytest.mark.parametrize("tile", [100, 317, 1000, 4096])  # part of a row, one row, several
def test_the_elementwise_tiles_do_not_change_a_bit(monkeypatch: pytest.MonkeyPatch, tile: int) -> None:
    """The tiles only cut the block's elementwise pass (TILE_PAIRS is 2**17 since round 21,
    so most test matrices are one tile): tiles of a part of a row, of one row and of several
    give the same totals and mask, bit for bit, on a mission with wishes, certifications of
    lines and of participants, and several threads."""
    from matchmaker.datasets import synthetic_mission
    from matchmaker.scoring import algorithms

    mission = synthetic_mission(600, 317, seed=4)
    assert algorithms.threaded(600, 317, 2)
    expected = score(mission, workers=2)
    assert expected.forbidden.any()
    monkeypatch.setattr(algorithms, "TILE_PAIRS", tile)
    got = score(mission, workers=2)
    assert np.array_equal(got.total, expected.total)
    assert np.array_equal(got.forbidden, expected.forbidden)
    bundled = east_java_south_sumatra_2020()
    before = score(bundled)
    monkeypatch.setattr(algorithms, "TILE_PAIRS", 1 << 17)
    assert np.array_equal(score(bundled).total, before.total)
