"""The Scores contract other packages rely on, its helpers, and the bundled mission."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matchmaker.datasets import synthetic_mission
from matchmaker.errors import ValidationError
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.reference import hs, kbli
from matchmaker.scoring import Explanation, FitParams, Scores, score
from matchmaker.scoring.algorithms import (
    BLOCK_ROWS,
    block_components,
    block_rows,
    dense_outputs,
    score_dense,
    threaded,
)


@pytest.fixture(scope="module")
def synthetic() -> Mission:
    return synthetic_mission(30, 50, seed=11)


def test_the_contract(synthetic: Mission) -> None:
    s = score(synthetic)
    assert isinstance(s, Scores)
    assert s.row_ids == synthetic.ids("A")
    assert s.col_ids == synthetic.ids("B")
    assert s.mission is synthetic
    assert s.total.shape == s.forbidden.shape == (30, 50)
    assert s.total.dtype == np.float64
    assert s.forbidden.dtype == np.bool_
    assert s.forced.dtype == np.intp
    assert s.forced.ndim == 2
    assert s.forced.shape[1] == 2
    for arr in (s.total, s.forbidden, s.forced):
        assert not arr.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        s.total[0, 0] = 1.0
    # forced: sorted, unique, must-meet of either side
    pairs = [tuple(p) for p in s.forced.tolist()]
    assert pairs == sorted(set(pairs))
    expected = {
        (s.row_ids.index(p.id), s.col_ids.index(o)) for p in synthetic.side("A") for o in p.must_meet
    } | {(s.row_ids.index(o), s.col_ids.index(p.id)) for p in synthetic.side("B") for o in p.must_meet}
    assert set(pairs) == expected
    assert sum(s.weights.values()) == pytest.approx(1.0)
    with pytest.raises(Exception, match=r"frozen|cannot assign"):
        s.total = s.total  # type: ignore[misc]


def test_top_pairs_are_the_best_allowed_pairs_in_a_stable_order(synthetic: Mission) -> None:
    s = score(synthetic)
    top = s.top_pairs(25)
    values = [v for _, _, v in top]
    assert values == sorted(values, reverse=True)
    allowed = np.where(s.forbidden, -np.inf, s.total)
    assert values[-1] == pytest.approx(np.sort(allowed.ravel())[::-1][24])
    for a, b, v in top:
        i, j = s.index(a, b)
        assert not s.forbidden[i, j]
        assert s.total[i, j] == v
    assert s.top_pairs(0) == []
    assert len(s.top_pairs(10**6)) == int((~s.forbidden).sum())


def test_top_pairs_against_a_full_sort(synthetic: Mission) -> None:
    s = score(synthetic)
    cells = [
        (-s.total[i, j], i, j) for i in range(s.shape[0]) for j in range(s.shape[1]) if not s.forbidden[i, j]
    ]
    expected = [(s.row_ids[i], s.col_ids[j], -v) for v, i, j in sorted(cells)]
    for k in (1, 7, 100, len(cells)):
        assert s.top_pairs(k) == expected[:k]


def test_top_pairs_break_ties_by_row_then_column() -> None:
    same = {"offers": "10721"}
    people = [Participant(f"A{k}", "PT", "East", "Jawa Timur", **same) for k in range(3)]
    people += [Participant(f"B{k}", "PT", "Host", "Sumatera Selatan", needs="10721") for k in range(3)]
    s = score(Mission("tie", Delegation("East"), Delegation("Host"), people))
    assert len(set(s.total.ravel().tolist())) == 1
    assert [(a, b) for a, b, _ in s.top_pairs(4)] == [("A0", "B0"), ("A0", "B1"), ("A0", "B2"), ("A1", "B0")]


def test_components_on_request(synthetic: Mission) -> None:
    s = score(synthetic)
    parts = {name: s.component(name) for name in ("fit", "fit_ab", "fit_ba", "regional", "scale", "wishes")}
    for name, values in parts.items():
        assert values.shape == (30, 50), name
        assert not values.flags.writeable
        assert ((values >= 0) & (values <= 1)).all(), name
    np.testing.assert_allclose(parts["fit"], np.minimum(parts["fit_ab"] + parts["fit_ba"], 1.0), atol=1e-6)
    rebuilt = sum(s.weights[n] * parts[n] for n in ("fit", "regional", "scale", "wishes"))
    mask = np.ones(s.shape, dtype=bool)  # no met-before penalty here
    np.testing.assert_allclose(s.total[mask], np.minimum(rebuilt, 1.0)[mask], atol=1e-6)
    with pytest.raises(ValueError, match=r"unknown component 'size'.*fit_ab"):
        s.component("size")
    off = score(synthetic, {"fit": 1, "wishes": 1})
    with pytest.raises(ValueError, match="weight is 0"):
        off.component("regional")


def test_explain_gives_reasons_and_a_summary(synthetic: Mission) -> None:
    s = score(synthetic)
    a, b, value = s.top_pairs(1)[0]
    e = s.explain(a, b)
    assert isinstance(e, Explanation)
    assert e.total == value
    assert [c.name for c in e.components] == ["fit", "regional", "scale", "wishes"]
    assert e.summary.startswith(f"{a} × {b} {value:.3f} = ")
    assert "\n" not in e.summary
    text = str(e)
    assert text.splitlines()[0].startswith(f"{a} ")
    assert "fit" in text
    assert "LQ" in text
    assert s.explain(b, a) == e  # either order
    with pytest.raises(ValueError, match="both on side A"):
        s.explain(s.row_ids[0], s.row_ids[1])
    with pytest.raises(KeyError, match="no participant 'nobody'"):
        s.explain(a, "nobody")


def test_the_result_does_not_depend_on_threads_or_blocks(synthetic: Mission) -> None:
    one, two = score(synthetic, workers=1), score(synthetic, workers=2)
    np.testing.assert_array_equal(one.total, two.total)
    np.testing.assert_array_equal(one.forbidden, two.forbidden)
    arrays = one.context.arrays  # type: ignore[union-attr]
    total, forbidden = score_dense(arrays, workers=3)
    np.testing.assert_array_equal(total, one.total)
    np.testing.assert_array_equal(forbidden, one.forbidden)
    # any row range, as a sparse candidate pipeline would ask for it
    for start, stop in [(0, 1), (3, 17), (29, 30)]:
        part = block_components(arrays, start, stop, ("total", "forbidden", "fit"))
        np.testing.assert_array_equal(part["total"], one.total[start:stop])
        np.testing.assert_array_equal(part["forbidden"], one.forbidden[start:stop])
        np.testing.assert_allclose(part["fit"], one.component("fit")[start:stop], atol=0)
    assert [b - a for a, b in block_rows(100, 10_000)] == [BLOCK_ROWS] * 3 + [4]


def test_outputs_mapped_during_preparation_give_the_same_scores() -> None:
    # 130 x 1,000: 5 blocks, so two workers share them and score() maps the outputs on a
    # thread of its own while it prepares the arrays (api._prepare_dense)
    mission = synthetic_mission(130, 1_000, seed=5)
    assert threaded(130, 1_000, 2)
    one, two = score(mission, workers=1), score(mission, workers=2)
    np.testing.assert_array_equal(one.total, two.total)
    np.testing.assert_array_equal(one.forbidden, two.forbidden)
    arrays = one.context.arrays  # type: ignore[union-attr]
    given = dense_outputs(130, 1_000, 2)
    total, forbidden = score_dense(arrays, workers=2, outputs=given)
    assert total is given[0]  # filled in place, no copy
    assert forbidden is given[1]
    np.testing.assert_array_equal(total, one.total)
    wrong = [
        dense_outputs(129, 1_000, 2),  # another shape
        (given[0].astype(np.float32), given[1]),  # a narrower float
        (np.zeros((1_000, 130)).T, given[1]),  # a strided view
    ]
    for outputs in wrong:
        with pytest.raises(ValueError, match="C-contiguous float64 arrays of shape \\(130, 1000\\)"):
            score_dense(arrays, workers=2, outputs=outputs)  # type: ignore[arg-type]


def test_directions_built_side_by_side_are_the_same_arrays() -> None:
    # with threads, prepare_options builds B's direction on a second thread: the same arrays
    from matchmaker.scoring.prepare import ScoreOptions, prepare_options

    mission = synthetic_mission(130, 1_000, seed=5)
    one = prepare_options(mission, ScoreOptions(), threads=1).arrays
    two = prepare_options(mission, ScoreOptions(), threads=2).arrays
    assert one.ab.requiring.size  # certifications on both sides
    assert one.ba.requiring.size
    for mine, theirs in ((one.ab, two.ab), (one.ba, two.ba)):
        for field in dataclasses.fields(mine):  # every array of the direction, sparse ones by their parts
            a, b = getattr(mine, field.name), getattr(theirs, field.name)
            if isinstance(a, np.ndarray):
                np.testing.assert_array_equal(a, b)
            else:
                for part in ("data", "indices", "indptr", "shape"):
                    np.testing.assert_array_equal(getattr(a, part), getattr(b, part))


def test_wrong_options_are_refused_before_the_outputs_are_mapped(monkeypatch: pytest.MonkeyPatch) -> None:
    import matchmaker.scoring.api as api

    mission = synthetic_mission(130, 1_000, seed=5)
    made: list[tuple[int, int]] = []
    monkeypatch.setattr(api, "dense_outputs", lambda n, m, w: made.append((n, m)) or dense_outputs(n, m, w))
    for wrong in ({"weights": {"fit": 1, "bogus": 1}}, {"met_before_penalty": 2.0}):
        with pytest.raises(ValidationError):
            score(mission, workers=2, **wrong)  # type: ignore[arg-type]
    assert made == []  # refused before 9 bytes per pair were mapped
    score(mission, workers=2)
    assert made == [(130, 1_000)]  # and mapped for a request that passes them


def test_scoring_is_deterministic(synthetic: Mission) -> None:
    np.testing.assert_array_equal(score(synthetic).total, score(synthetic).total)


def _food(line) -> bool:  # type: ignore[no-untyped-def]
    division = hs().kbli_division(line.code) if line.system == "HS" else kbli().lineage(line.code)[:2][-1]
    return division in ("01", "03", "10", "11")


def _rice_or_poultry(line) -> bool:  # type: ignore[no-untyped-def]
    if line.system == "HS":
        return line.code[:4] in ("1006", "0207")
    titles = " ".join(kbli().title(c) for c in kbli().lineage(line.code)).upper()
    return any(word in titles for word in ("UNGGAS", "AYAM", "PADI", "BERAS"))


def _shares_anything(seller: Participant, buyer: Participant) -> bool:
    from matchmaker.scoring.fit import coverage, lineage

    # the top node of a need's lineage is covered when the offers reach it at all (the
    # crosswalk included): the pair shares something in that need's code system
    covered = coverage(seller.offers, FitParams())
    return any((line.system, lineage(line.system, line.code)[0]) in covered for line in buyer.needs)


def test_bundled_rice_and_poultry_sellers_rank_above_unrelated_pairs(bundled: Mission) -> None:
    s = score(bundled)
    sellers = [p for p in bundled.side("A") if any(_rice_or_poultry(line) for line in p.offers)]
    buyers = [p for p in bundled.side("B") if p.needs and all(_food(line) for line in p.needs)]
    assert sellers
    assert buyers
    fitting = []
    for seller in sellers:
        for buyer in buyers:
            i, j = s.index(seller.id, buyer.id)
            same = {line.code[:2] for line in seller.offers if line.system == "KBLI"}
            if not s.forbidden[i, j] and any(
                line.system == "KBLI"
                and line.code[:2] in same
                # a line-level certification the seller lacks takes the line out (docs/scoring.md)
                and set(buyer.line_requirements(line)) <= set(seller.certifications)
                for line in buyer.needs
            ):
                fitting.append(s.total[i, j])
    unrelated = []
    for p in bundled.side("A"):
        for q in bundled.side("B"):
            i, j = s.index(p.id, q.id)
            wished = q.id in (*p.would_like, *p.must_meet) or p.id in (*q.would_like, *q.must_meet)
            if not wished and not _shares_anything(p, q) and not _shares_anything(q, p):
                unrelated.append(s.total[i, j])
    assert len(fitting) >= 10
    assert len(unrelated) >= 100
    assert min(fitting) > max(unrelated)
    # and they sit high in the whole ranking: above the median of all allowed pairs
    assert np.median(fitting) > np.median(s.total[~s.forbidden])


def test_bundled_explanations_name_the_codes(bundled: Mission) -> None:
    s = score(bundled)
    for a, b, _ in s.top_pairs(5):
        e = s.explain(a, b)
        best = max(e.matches, key=lambda m: m.weight * m.fit)
        assert best.need.code in e.summary
        assert best.need.code in str(e)


def test_the_public_sparse_product_gives_the_same_scores(
    synthetic: Mission, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matchmaker.scoring.algorithms as kernel

    fast = score(synthetic)
    monkeypatch.setattr(kernel, "_csr_matvecs", None)  # as if scipy's internal kernel were gone
    public = score(synthetic)
    np.testing.assert_allclose(public.total, fast.total, atol=1e-6, rtol=0)
    np.testing.assert_array_equal(public.forbidden, fast.forbidden)
