"""Sector/product fit on hand-checked cases: each expected value is written from the formula.

fit of a need at depth ℓ whose deepest common ancestor with the offers is at depth d:
δ^(4-d) when d < ℓ, ν^(4-ℓ) when the need is covered entirely (d = ℓ), 0 when nothing
is shared; a kategori or golongan pokok reached only through the HS-KBLI chapter link
counts γ.  Cross-system fit through the product crosswalk is tested in
``test_crosswalk.py``.
"""

from __future__ import annotations

import pytest

from matchmaker.model import Delegation, Mission, Participant
from matchmaker.reference import hs
from matchmaker.reference.crosswalk import hs_reach, kbli_reach
from matchmaker.scoring import FitParams, Weights, score

P = FitParams()
D, N, G = P.level_decay, P.unspecified_decay, P.link_factor


def pair(offers: str = "", needs: str = "", *, b_offers: str = "", a_needs: str = "", **options) -> dict:
    """Score one side-A participant (offers, a_needs) against one side-B participant (b_offers, needs)."""
    a = Participant("A1", "PT A", "East", "Jawa Timur", offers=offers, needs=a_needs)
    b = Participant("B1", "PT B", "Host", "Sumatera Selatan", offers=b_offers, needs=needs)
    s = score(Mission("m", Delegation("East"), Delegation("Host"), [a, b]), **options)
    return {name: float(s.component(name)[0, 0]) for name in ("fit", "fit_ab", "fit_ba")} | {"scores": s}


@pytest.mark.parametrize(
    ("offer", "need", "expected"),
    [
        ("10721", "10721", 1.0),  # exact kelompok
        ("10722", "10721", D),  # siblings: share subgolongan 1072 (d = 3)
        ("10710", "10721", D**2),  # share golongan 107 (d = 2)
        ("10130", "10721", D**3),  # share golongan pokok 10 (d = 1)
        ("11010", "10721", D**4),  # share kategori C only (d = 0)
        ("01462", "10721", 0.0),  # A versus C: nothing shared
        ("10721", "1072", N),  # need covered entirely, one level left open
        ("10721", "107", N**2),
        ("10721", "10", N**3),
        ("10721", "C", N**4),
        ("10130", "107", D**3),  # a coarse need that is not covered scores like any other: d = 1
        ("10", "10721", D**3),  # a coarse offer reaches only its own level
        ("HS:170199", "HS:170199", 1.0),  # exact HS subheading
        ("HS:170199", "HS:1701", N),  # heading need covered by a subheading offer
        ("HS:1701", "HS:170199", D),  # subheading need, heading offer: d = 3
        ("HS:1702", "HS:1701", D**2),  # same chapter (d = 2)
    ],
)
def test_fit_of_one_line(offer: str, need: str, expected: float) -> None:
    assert pair(offer, need)["fit_ab"] == pytest.approx(expected, abs=1e-6)


def test_hs_and_kbli_meet_through_the_chapter_link_at_a_discount() -> None:
    division = hs().kbli_division("2302")
    assert division == "10"  # bran is made in golongan pokok 10, as 10721 is
    # bran has no crosswalk link (a milling residue): only the chapter link is left
    assert not hs_reach("2302")
    assert not any(h.startswith("23") for h in kbli_reach("10510"))
    # the need 10721 (depth 4) and the HS offer share K:C and K:10 (d = 1), each worth γ
    assert pair("HS:2302", "10721")["fit_ab"] == pytest.approx(G * D**3, abs=1e-6)
    # the need HS:2302 (heading, depth 3) and a KBLI offer of division 10: d = 1 through
    # the link; 10510 also reaches milk (chapter 04, hung under division 10) through the
    # crosswalk, but counts that division with γ·s ≤ γ, so it adds nothing
    assert hs().kbli_division("04") == division
    assert 0 < kbli_reach("10510")["04"] <= 1
    # (the HS need's kategori and division carry γ of their increments, covered with γ)
    assert pair("10510", "HS:2302")["fit_ab"] == pytest.approx(G * G * D**3, abs=1e-6)
    # two HS codes of chapters hung under the same division meet there only through the
    # chapter link: γ·δ³ (an HS need's kategori and division carry γ of their increments)
    assert pair("HS:0401", "HS:2302")["fit_ab"] == pytest.approx(G * D**3, abs=1e-6)
    assert hs().kbli_division("0207") == division
    assert pair("HS:0207", "HS:1701")["fit_ab"] == pytest.approx(G * D**3, abs=1e-6)
    # while an HS code still fits itself exactly, and its own heading's siblings at δ
    assert pair("HS:170199", "HS:170199")["fit_ab"] == pytest.approx(1.0, abs=1e-6)
    assert pair("HS:170114", "HS:170199")["fit_ab"] == pytest.approx(D, abs=1e-6)


def test_coverage_is_the_best_over_the_lines_level_by_level() -> None:
    # 10130 reaches 10 (d = 1), 10722 reaches 1072 (d = 3): the deeper one counts
    assert pair("10130; 10722", "10721")["fit_ab"] == pytest.approx(D, abs=1e-6)
    # 11010 covers kategori C at 1, HS:2302 covers C and 10 at γ: F(0) + γ·(F(1) - F(0))
    expected = D**4 + G * (D**3 - D**4)
    assert pair("11010; HS:2302", "10721")["fit_ab"] == pytest.approx(expected, abs=1e-6)


def test_values_weight_the_need_lines() -> None:
    # weights 3/4 and 1/4; the offer meets only the first need
    assert pair("10721", "10721=3000000000; 01462=1000000000")["fit_ab"] == pytest.approx(0.75, abs=1e-6)
    # a line without a value weighs the mean of the valued ones (2e9): weights 3/6, 2/6, 1/6
    result = pair("10721", "10721=3000000000; 10130; 01462=1000000000")["fit_ab"]
    assert result == pytest.approx(3 / 6 * 1 + 2 / 6 * D**3 + 1 / 6 * 0, abs=1e-6)
    # no values at all: equal weights
    assert pair("10721", "10721; 10722")["fit_ab"] == pytest.approx((1 + D) / 2, abs=1e-6)


def test_both_directions_add_up_to_at_most_one() -> None:
    r = pair("10722", "10721", b_offers="10130", a_needs="10130")
    assert r["fit_ab"] == pytest.approx(D, abs=1e-6)
    assert r["fit_ba"] == pytest.approx(1.0, abs=1e-6)
    assert r["fit"] == pytest.approx(1.0, abs=1e-6)
    r = pair("10722", "10721", b_offers="10710", a_needs="10721")
    assert r["fit"] == pytest.approx(D + D**2, abs=1e-6)


def test_other_decay_parameters() -> None:
    params = FitParams(level_decay=0.3, unspecified_decay=0.9, link_factor=0.2)
    assert pair("10710", "10721", params=params)["fit_ab"] == pytest.approx(0.3**2, abs=1e-6)
    assert pair("10721", "107", params=params)["fit_ab"] == pytest.approx(0.9**2, abs=1e-6)
    assert pair("HS:2302", "10721", params=params)["fit_ab"] == pytest.approx(0.2 * 0.3**3, abs=1e-6)


@pytest.mark.parametrize(
    ("offers", "needs", "reason"), [("", "10721", "offers nothing"), ("10721", "", "needs nothing")]
)
def test_a_participant_without_lines_gets_zero_fit_and_a_reason(offers: str, needs: str, reason: str) -> None:
    r = pair(offers, needs)
    assert r["fit"] == 0.0
    s = r["scores"]
    assert s.total[0, 0] == 0.0
    fit = next(c for c in s.explain("A1", "B1").components if c.name == "fit")
    assert any(reason in text for text in fit.reasons)


def test_the_fit_weight_scales_the_total() -> None:
    r = pair("10722", "10721", weights=Weights(fit=1, regional=0, scale=0, wishes=0))
    assert r["scores"].total[0, 0] == pytest.approx(D, abs=1e-6)
    assert r["scores"].weights == {"fit": 1.0, "regional": 0.0, "scale": 0.0, "wishes": 0.0}
