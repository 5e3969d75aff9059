"""The vectorised scores against a brute-force scorer, and the properties the issue asks for.

``reference`` scores every pair with plain Python loops, from the scalar functions of
each component (coverage and need fit, line weights, best offers and capacities, LQ
potentials) and the formulas of ``docs/scoring.md``.  It shares no code with the
sparse-product kernel, so agreement on whole generated missions checks the kernel:
coverage maxima, the HS-KBLI link, value weights, certification blocking, pooled ratios.
The kernel sums in float32, hence the 1e-5 tolerance.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.model import Delegation, Mission, Participant
from matchmaker.scoring import CustomComponent, FitParams, Weights, score
from matchmaker.scoring.fit import best_offers, coverage, line_weights, need_fit
from matchmaker.scoring.regional import is_speciality, potential, regional_model
from matchmaker.scoring.scale import capacity, need_size
from matchmaker.scoring.weights import normalise
from tests.strategies import missions

ATOL = 1e-5


def _direction(seller: Participant, buyer: Participant, params: FitParams) -> tuple[float, list, bool]:
    """Fit of "seller sells to buyer", its lines (need, ω·fit, chosen offers), and whether it is blocked."""
    cover = coverage(seller.offers, params)
    lines = []
    for need, omega in zip(buyer.needs, line_weights(buyer.needs), strict=True):
        value = need_fit(cover, need, params)
        if any(c not in seller.certifications for c in buyer.line_requires.get(need.key, ())):
            value = 0.0  # a certification of this line alone (10631:halal) that the seller lacks
        chosen, _, _, _ = best_offers(seller.offers, need, params)
        lines.append((need, float(omega) * value, chosen))
    fit = math.fsum(w for _, w, _ in lines)
    lacks = any(c not in seller.certifications for c in buyer.requires)
    return fit, lines, lacks and fit > 0


def _seller_lq(model, region: int, need) -> float:
    """The seller region's LQ: its group's, at least 3 where the profiles name it for the product."""
    lq = float(model.lq[region, model.sector(need)])
    if model.specialities and is_speciality(model.table.regions[region], need.system, need.code):
        return max(lq, 3.0)
    return lq


def reference(
    mission: Mission,
    *,
    weights: Weights | None = None,
    params: FitParams | None = None,
    custom: tuple[CustomComponent, ...] = (),
    met_before: tuple[tuple[str, str], ...] = (),
    mode: str = "penalise",
    penalty: float = 0.5,
    table=None,
) -> dict[str, np.ndarray]:
    """Every component of every pair, by brute force."""
    weights = weights or Weights()
    params = params or FitParams()
    shares = normalise(weights, [(c.name, c.weight) for c in custom])
    side_a, side_b = mission.side("A"), mission.side("B")
    model = None
    if shares["regional"] > 0:
        codes = {(line.system, line.code) for p in mission.participants for line in (*p.offers, *p.needs)}
        model = regional_model(codes, table=table)
    met = {frozenset(pair) for pair in met_before}
    shape = (len(side_a), len(side_b))
    out = {
        name: np.zeros(shape) for name in ("fit_ab", "fit_ba", "fit", "regional", "scale", "wishes", "total")
    }
    out["forbidden"] = np.zeros(shape, dtype=bool)
    custom_values = [np.asarray(c.values(mission) if callable(c.values) else c.values, float) for c in custom]
    for i, a in enumerate(side_a):
        for j, b in enumerate(side_b):
            directions = [(a, b, *_direction(a, b, params)), (b, a, *_direction(b, a, params))]
            out["fit_ab"][i, j] = 0.0 if directions[0][4] else directions[0][2]
            out["fit_ba"][i, j] = 0.0 if directions[1][4] else directions[1][2]
            den = out["fit_ab"][i, j] + out["fit_ba"][i, j]
            out["fit"][i, j] = min(1.0, den)
            active = [(s, t, line) for s, t, _, lines, blocked in directions if not blocked for line in lines]
            active = [(s, t, line) for s, t, line in active if line[1] > 0]
            if den > 0 and model is not None:
                out["regional"][i, j] = out["fit"][i, j] * (
                    math.fsum(
                        w
                        * potential(
                            _seller_lq(model, model.region(s), need),
                            model.lq[model.region(t), model.sector(need)],
                        )
                        for s, t, (need, w, _) in active
                    )
                    / den
                )
            if den > 0:
                squares = []
                for s, _, (need, w, chosen) in active:
                    size = need_size(need)
                    cap = capacity(s.offers, chosen, size[0]) if size else None
                    d = math.log10(size[1] / cap) + 0.5 if size and cap else 1.0  # headroom 0.5
                    squares.append(w * d * d)
                out["scale"][i, j] = out["fit"][i, j] / (1.0 + math.fsum(squares) / den)
            wish = 0.5 * (
                (b.id in a.would_like or b.id in a.must_meet) + (a.id in b.would_like or a.id in b.must_meet)
            )
            out["wishes"][i, j] = wish
            total = (
                shares["fit"] * out["fit"][i, j]
                + shares["regional"] * out["regional"][i, j]
                + shares["scale"] * out["scale"][i, j]
                + shares["wishes"] * wish
                + math.fsum(shares[c.name] * v[i, j] for c, v in zip(custom, custom_values, strict=True))
            )
            pair_met = frozenset((a.id, b.id)) in met
            if pair_met and mode == "penalise":
                total *= 1.0 - penalty
            out["total"][i, j] = min(total, 1.0)
            blocked = any(d[4] for d in directions)
            out["forbidden"][i, j] = (
                (blocked and den == 0)
                or b.id in a.do_not_meet
                or a.id in b.do_not_meet
                or (pair_met and mode == "forbid")
            )
    return out


def _compare(mission: Mission, expected: dict[str, np.ndarray], **options) -> None:
    s = score(mission, **options)
    np.testing.assert_array_equal(s.forbidden, expected["forbidden"])
    np.testing.assert_allclose(s.total, expected["total"], atol=ATOL, rtol=0)
    weighted = [n for n in ("regional", "scale") if s.weights[n] > 0]
    for name in ("fit", "fit_ab", "fit_ba", "wishes", *weighted):
        np.testing.assert_allclose(s.component(name), expected[name], atol=ATOL, rtol=0, err_msg=name)


@given(missions(max_a=5, max_b=6))
def test_kernel_matches_brute_force(mission: Mission) -> None:
    _compare(mission, reference(mission))


@given(missions(max_a=4, max_b=5), st.sampled_from([0.3, 0.5, 1.0]), st.sampled_from([0.2, 0.7, 1.0]))
@settings(max_examples=30)
def test_kernel_matches_brute_force_with_other_parameters(
    mission: Mission, delta: float, link: float
) -> None:
    params = FitParams(level_decay=delta, unspecified_decay=max(delta, 0.6), link_factor=link)
    weights = Weights(fit=1, regional=2, scale=0.5, wishes=0)
    _compare(mission, reference(mission, weights=weights, params=params), weights=weights, params=params)


@st.composite
def sized_missions(draw: st.DrawFn) -> Mission:
    """Missions whose lines also state volumes (two units, upper and lower case) and a foreign region."""
    codes = ["10130", "10721", "10722", "107", "HS:1701", "HS:170199", "10", "01462", "HS:0207"]
    people = []
    for side, count in (("A", draw(st.integers(1, 4))), ("B", draw(st.integers(1, 4)))):
        for k in range(count):
            lines = {}
            for field in ("offers", "needs"):
                chosen = draw(st.lists(st.sampled_from(codes), unique=True, max_size=3))
                texts = []
                for code in chosen:
                    text = code
                    if draw(st.booleans()):
                        text += f"={draw(st.integers(1, 1000)) * 10**6}"
                    if draw(st.booleans()):
                        text += f"|{draw(st.integers(1, 500))} {draw(st.sampled_from(['t', 'T', 'kg']))}"
                    texts.append(text)
                lines[field] = "; ".join(texts)
            province = (
                "Jawa Timur" if side == "A" else draw(st.sampled_from(["Sumatera Selatan", "Papua Selatan"]))
            )
            people.append(Participant(f"{side}{k}", f"PT {side}{k}", side, province, **lines))
    return Mission("sized", Delegation("A"), Delegation("B"), people)


@given(sized_missions())
@settings(max_examples=40)
def test_scale_with_volumes_matches_brute_force(mission: Mission) -> None:
    _compare(mission, reference(mission))


def test_brute_force_on_a_larger_synthetic_mission() -> None:
    from matchmaker.datasets import synthetic_mission

    mission = synthetic_mission(25, 40, seed=7)
    met = (("JT-001", "SS-002"), ("SS-005", "JT-003"))
    custom = (CustomComponent("ones", np.linspace(0, 1, 25 * 40).reshape(25, 40), 0.3),)
    for mode in ("penalise", "forbid"):
        expected = reference(mission, custom=custom, met_before=met, mode=mode, penalty=0.4)
        _compare(
            mission, expected, custom=custom, met_before=met, met_before_mode=mode, met_before_penalty=0.4
        )


# ---- properties ------------------------------------------------------------------------


def _swapped(mission: Mission) -> Mission:
    return Mission(mission.name, mission.side_b, mission.side_a, mission.participants)


@given(missions())
def test_totals_are_finite_and_in_range(mission: Mission) -> None:
    s = score(mission)
    assert s.total.dtype == np.float64
    assert np.isfinite(s.total).all()
    assert (s.total >= 0).all()
    assert (s.total <= 1).all()


@given(missions())
def test_swapping_the_sides_transposes_everything(mission: Mission) -> None:
    s, t = score(mission), score(_swapped(mission))
    assert t.row_ids == s.col_ids
    assert t.col_ids == s.row_ids
    np.testing.assert_allclose(t.total, s.total.T, atol=1e-6, rtol=0)
    np.testing.assert_array_equal(t.forbidden, s.forbidden.T)
    assert sorted(map(tuple, t.forced[:, ::-1].tolist())) == sorted(map(tuple, s.forced.tolist()))
    np.testing.assert_allclose(t.component("fit_ab"), s.component("fit_ba").T, atol=1e-6, rtol=0)


@given(missions(wishes=False), st.data())
def test_a_do_not_meet_forbids_only_that_pair(mission: Mission, data: st.DataObject) -> None:
    side_a, side_b = mission.side("A"), mission.side("B")
    i = data.draw(st.integers(0, len(side_a) - 1))
    j = data.draw(st.integers(0, len(side_b) - 1))
    who, other = (side_a[i], side_b[j]) if data.draw(st.booleans()) else (side_b[j], side_a[i])
    people = [p.replace(do_not_meet=(other.id,)) if p.id == who.id else p for p in mission.participants]
    before, after = score(mission), score(mission.replace(participants=people))
    expected = before.forbidden.copy()
    expected[i, j] = True
    np.testing.assert_array_equal(after.forbidden, expected)
    np.testing.assert_array_equal(after.total, before.total)
    np.testing.assert_array_equal(after.forced, before.forced)


@given(missions(), st.randoms(use_true_random=False))
def test_row_order_of_the_input_does_not_matter(mission: Mission, rnd: random.Random) -> None:
    side_a = list(mission.side("A"))
    rnd.shuffle(side_a)
    shuffled = mission.replace(participants=(*side_a, *mission.side("B")))
    s, t = score(mission), score(shuffled)
    rows = [s.row_ids.index(pid) for pid in t.row_ids]
    np.testing.assert_allclose(t.total, s.total[rows], atol=1e-12, rtol=0)
    np.testing.assert_array_equal(t.forbidden, s.forbidden[rows])


@given(missions(), st.data())
@settings(max_examples=30)
def test_explain_contributions_sum_to_the_total(mission: Mission, data: st.DataObject) -> None:
    met = ((mission.ids("A")[0], mission.ids("B")[0]),)
    s = score(mission, met_before=met)
    i = data.draw(st.integers(0, s.shape[0] - 1))
    j = data.draw(st.integers(0, s.shape[1] - 1))
    e = s.explain(s.row_ids[i], s.col_ids[j])
    assert e.total == s.total[i, j]
    assert math.fsum(c.contribution for c in e.components) + e.adjustment == pytest.approx(e.total, abs=1e-6)
    for c in e.components:
        assert c.contribution == pytest.approx(c.weight * c.raw)
        assert 0 <= c.raw <= 1
    assert e.forbidden == s.forbidden[i, j]
    # the reasons' own numbers agree with the kernel's values
    for c in e.components:
        last = c.reasons[-1] if c.reasons else ""
        if c.name in ("regional", "scale") and "=" in last:
            assert float(last.rsplit("=", 1)[1]) == pytest.approx(c.raw, abs=2e-3)
    # ... and with the kernel's fit of each direction
    for label, name in (("A→B", "fit_ab"), ("B→A", "fit_ba")):
        lines = [m for m in e.matches if m.direction == label]
        from_reasons = math.fsum(m.weight * m.fit for m in lines)
        kernel = s.component(name)[i, j]
        assert kernel == pytest.approx(from_reasons, abs=ATOL) or kernel == 0.0


@given(missions())
@settings(max_examples=20)
def test_scoring_does_not_change_the_mission(mission: Mission) -> None:
    before = [(p, p.offers, p.needs, p.do_not_meet) for p in mission.participants]
    score(mission, met_before=[(mission.ids("A")[0], mission.ids("B")[0])])
    assert [(p, p.offers, p.needs, p.do_not_meet) for p in mission.participants] == before


# ---- every component grows with fit (issue 10) -------------------------------------------


@given(missions())
@settings(max_examples=40)
def test_without_a_wish_a_pair_scores_at_most_its_fit_times_the_non_wish_weights(mission: Mission) -> None:
    s = score(mission)
    fit, wishes = s.component("fit"), s.component("wishes")
    non_wish = s.weights["fit"] + s.weights["regional"] + s.weights["scale"]
    free = wishes == 0
    assert (s.total[free] <= non_wish * fit[free] + ATOL).all()
    # so a pair that shares at most a KBLI golongan pokok (fit <= 1/8) stays at or below 0.1
    assert (s.total[free & (fit <= 0.125 + 1e-9)] <= 0.1 + ATOL).all()


KELOMPOK = ["10130", "10721", "10722", "10510", "12011", "01462", "10431", "22123", "17011", "28224", "15202"]


@given(
    st.sampled_from(KELOMPOK),
    st.lists(st.sampled_from(KELOMPOK), min_size=1, max_size=3, unique=True),
    st.sampled_from(["Jawa Timur", "Papua", "Sumatera Selatan", "Bali"]),
    st.sampled_from(["Jawa Timur", "Papua", "Bali"]),
    st.integers(6, 12),
    st.integers(6, 12),
    st.integers(6, 12),
    st.booleans(),
)
@settings(max_examples=60)
def test_a_same_product_partner_outranks_a_section_only_one(
    need: str, others: list[str], p1: str, p2: str, v_need: int, v1: int, v2: int, both_ways: bool
) -> None:
    # the section-only seller offers products of other divisions (sharing at most the kategori)
    # and may buy the same way from the buyer; sizes and provinces are anything
    others = [c for c in others if c[:2] != need[:2]]
    if not others:
        return
    offers = "; ".join(f"{c}={10**v2}" for c in others)
    buyer = Participant("B1", "B", "Y", "Sumatera Selatan", needs=f"{need}={10**v_need}", offers=others[0])
    same = Participant("A1", "A", "X", p1, offers=f"{need}={10**v1}")
    weaker = Participant("A2", "A", "X", p2, offers=offers)
    section_only = [c for c in KELOMPOK if c[:2] != others[0][:2] and c[0] == others[0][0]]
    if both_ways and section_only:  # it also buys, sharing only the kategori, what the buyer sells
        weaker = weaker.replace(needs=section_only[0])
    m = Mission("m", Delegation("X"), Delegation("Y"), [same, weaker, buyer])
    s = score(m)
    assert s.total[0, 0] > s.total[1, 0]
