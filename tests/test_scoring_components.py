"""Regional potential, scale, wishes, hard rules and custom components on hand-checked cases.

Expected values are computed here from the documented formulas: location quotients
from the table's figures, ``supply = LQ/(1+LQ)``, ``gap = 1/(1+LQ)``,
``scale = fit/(1 + M²)`` with ``M²`` the fit-weighted mean squared ``log10 ratio + 0.5``,
regional potential times the fit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from matchmaker.model import Delegation, Mission, Participant
from matchmaker.reference import RegionalTable, grdp, province
from matchmaker.scoring import CustomComponent, FitParams, Weights, score

D = FitParams().level_decay


def mission(*people: Participant) -> Mission:
    return Mission("m", Delegation("East"), Delegation("Host"), people)


def a(pid: str = "A1", province: str = "Jawa Timur", **fields) -> Participant:
    return Participant(pid, f"PT {pid}", "East", province, **fields)


def b(pid: str = "B1", province: str = "Sumatera Selatan", **fields) -> Participant:
    return Participant(pid, f"PT {pid}", "Host", province, **fields)


def supply(lq: float) -> float:
    return lq / (1 + lq)


def gap(lq: float) -> float:
    return 1 / (1 + lq)


# ---- regional potential ----------------------------------------------------------------


def test_regional_potential_from_the_packaged_grdp() -> None:
    m = mission(a(offers="10130"), b(needs="10130"))  # poultry: not a profiled East Java speciality
    table = grdp(2020)
    lq_p, lq_q = table.lq("Jawa Timur", "C"), table.lq("Sumatera Selatan", "C")
    assert score(m).component("regional")[0, 0] == pytest.approx(supply(lq_p) * gap(lq_q), abs=1e-6)
    older = grdp(2015)
    expected = supply(older.lq("Jawa Timur", "C")) * gap(older.lq("Sumatera Selatan", "C"))
    assert score(m, year=2015).component("regional")[0, 0] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("product", ["10431", "22123", "17011", "HS:151110", "HS:4001"])
def test_a_known_speciality_of_the_seller_province_raises_its_supply(product: str) -> None:
    # South Sumatra sells CPO, crumb rubber, pulp (its profiled exports) to East Java
    table = grdp(2020)
    seller = a(province="Sumatera Selatan", offers=product)
    buyer = b(province="Jawa Timur", needs=product)
    expected = supply(max(table.lq("Sumatera Selatan", "C"), 3.0)) * gap(table.lq("Jawa Timur", "C"))
    s = score(mission(seller, buyer))
    value = s.component("regional")[0, 0] / s.component("fit")[0, 0]  # regional is gated by the fit
    assert value == pytest.approx(expected, abs=1e-6)
    # ... no longer below East Java selling a food product it is not known for
    food = score(mission(a(offers="10130"), b(needs="10130"))).component("regional")[0, 0]
    assert value > food
    assert "known for it" in str(score(mission(seller, buyer)).explain("A1", "B1"))


def test_specialities_do_not_apply_to_a_user_table() -> None:
    table, sectors = _two_region_table()
    seller = a(province="Sumatera Selatan", offers="10431")
    buyer = b(province="Selangor", country="MY", needs="10431")
    lq_south, lq_north = (1 / 4) / (4 / 8), (3 / 4) / (4 / 8)
    s = score(mission(seller, buyer), regional_table=table, sector_map=sectors)
    assert s.component("regional")[0, 0] == pytest.approx(supply(lq_south) * gap(lq_north), abs=1e-6)


def test_a_province_created_in_2022_uses_the_province_it_was_split_from() -> None:
    m = mission(a(offers="01462"), b(province="Papua Selatan", needs="01462"))
    region = province("Papua Selatan").grdp_region
    table = grdp(2020)
    expected = supply(table.lq("Jawa Timur", "A")) * gap(table.lq(region, "A"))
    assert score(m).component("regional")[0, 0] == pytest.approx(expected, abs=1e-6)


def _two_region_table() -> tuple[RegionalTable, dict[str, str]]:
    values = [[3.0, 1.0], [1.0, 3.0]]
    table = RegionalTable(["Selangor", "Sumatera Selatan"], ["goods", "services"], values)
    groups = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M,N", "O", "P", "Q", "R,S,T,U"]
    return table, {g: ("goods" if g in ("A", "B", "C") else "services") for g in groups}


def test_a_user_table_of_any_country_with_a_sector_map() -> None:
    table, sectors = _two_region_table()
    # LQ of Selangor in goods: (3/4) / (4/8) = 1.5; of Sumatera Selatan: (1/4) / (4/8) = 0.5
    lq_north, lq_south = (3 / 4) / (4 / 8), (1 / 4) / (4 / 8)
    seller = a(province="Selangor", country="MY", offers="10721", needs="10130")
    buyer = b(needs="10721", offers="10722")
    s = score(mission(seller, buyer), regional_table=table, sector_map=sectors)
    # A→B: need 10721 met exactly (w = 1, potential north→south); B→A: need 10130 met at δ³ (south→north)
    w_ab, w_ba = 1.0, D**3
    pot_ab, pot_ba = supply(lq_north) * gap(lq_south), supply(lq_south) * gap(lq_north)
    expected = (w_ab * pot_ab + w_ba * pot_ba) / (w_ab + w_ba)
    assert s.component("regional")[0, 0] == pytest.approx(expected, abs=1e-6)
    text = str(s.explain("A1", "B1"))
    assert "LQ Selangor 1.50" in text
    assert "LQ Sumatera Selatan 0.50" in text


def test_no_fit_means_no_regional_potential() -> None:
    s = score(mission(a(offers="01462"), b(needs="10721")))
    assert s.component("regional")[0, 0] == 0.0


# ---- scale -----------------------------------------------------------------------------


H = 0.5  # the headroom of the scale component: the ideal capacity is 10**H times the need


@pytest.mark.parametrize(
    ("offer", "need", "d"),
    [
        ("10721=5000000000", "10721=5000000000", 0.0 + H),
        ("10721=5000000000", "10721=500000000", -1.0 + H),  # the buyer wants a tenth
        ("10721=5000000000", "10721=500000000000", 2.0 + H),  # a hundred times more
        ("10721", "10721=500000000", 1.0),  # the seller states no value: one decade
        ("10721=5000000000", "10721", 1.0),  # the buyer states none
        ("10721|50 t", "10721|50 T", 0.0 + H),  # volumes in the same unit (case-blind)
        ("10721|500 t", "10721|50 t", -1.0 + H),
        ("10721|50 kg", "10721|50 t", 1.0),  # other unit: not comparable
        ("10721=2000000000|50 t", "10721=2000000000|5 t", 0.0 + H),  # the buyer's value decides
    ],
)
def test_scale_of_one_matched_line(offer: str, need: str, d: float) -> None:
    s = score(mission(a(offers=offer), b(needs=need)))
    assert s.component("scale")[0, 0] == pytest.approx(1 / (1 + d * d), abs=1e-5)


def test_scale_is_asymmetric_a_big_seller_can_serve_a_small_buyer() -> None:
    big_seller = score(mission(a(offers="10721=10000000000"), b(needs="10721=1000000000")))
    small_seller = score(mission(a(offers="10721=1000000000"), b(needs="10721=10000000000")))
    assert big_seller.component("scale")[0, 0] == pytest.approx(1 / (1 + 0.5**2), abs=1e-5)
    assert small_seller.component("scale")[0, 0] == pytest.approx(1 / (1 + 1.5**2), abs=1e-5)
    assert big_seller.total[0, 0] > small_seller.total[0, 0]


def test_scale_pools_the_matched_lines_weighted_by_fit_and_is_gated_by_the_fit() -> None:
    # needs 10721 (1e9) and 10722 (1e11); the only offer 10721 (1e9) fits them 1 and δ
    s = score(mission(a(offers="10721=1000000000"), b(needs="10721=1000000000; 10722=100000000000")))
    omega_1, omega_2 = 1e9 / 1.01e11, 1e11 / 1.01e11
    w_1, w_2 = omega_1 * 1.0, omega_2 * D
    m2 = (w_1 * H**2 + w_2 * (math.log10(1e11 / 1e9) + H) ** 2) / (w_1 + w_2)
    fit = w_1 + w_2
    assert s.component("fit")[0, 0] == pytest.approx(fit, abs=1e-6)
    assert s.component("scale")[0, 0] == pytest.approx(fit / (1 + m2), abs=1e-5)


def test_capacity_sums_the_best_matching_offers() -> None:
    # need "10" is covered entirely by both offers: capacity 2e9 + 3e9 = 10**H times... the need 5e9
    s = score(mission(a(offers="10722=2000000000; 10721=3000000000"), b(needs="10=5000000000")))
    fit = s.component("fit")[0, 0]
    assert s.component("scale")[0, 0] == pytest.approx(fit / (1 + H**2), abs=1e-5)
    s = score(mission(a(offers="10722=2000000000; 10130=6324555320"), b(needs="10721=2000000000")))
    # only 10722 (δ) is best, not 10130: a capacity of 2e9 for a need of 2e9
    assert s.component("scale")[0, 0] == pytest.approx(D / (1 + H**2), abs=1e-5)


def test_no_fit_means_no_scale() -> None:
    assert score(mission(a(offers="01462=1000000"), b(needs="10721=1000000"))).component("scale")[0, 0] == 0.0


# ---- wishes ----------------------------------------------------------------------------


def test_wishes_raise_the_pair_and_mutual_wishes_more() -> None:
    people = [
        a("A1", would_like="B1"),
        a("A2", would_like="B2"),
        a("A3", must_meet="B3"),
        b("B1"),
        b("B2", would_like="A2"),
        b("B3", do_not_meet="A3"),
    ]
    s = score(mission(*people))
    wishes = s.component("wishes")
    assert wishes[0, 0] == 0.5
    assert wishes[1, 1] == 1.0
    assert wishes[2, 2] == 0.5
    assert wishes[0, 1] == 0.0
    share = s.weights["wishes"]
    assert s.total[0, 0] == pytest.approx(share * 0.5)
    assert s.total[1, 1] == pytest.approx(share * 1.0)
    # must-meet forces the pair; the other side's do-not-meet forbids it: both are kept
    assert s.forced.tolist() == [[2, 2]]
    assert s.forbidden[2, 2]
    assert s.forbidden.sum() == 1
    e = s.explain("A3", "B3")
    assert e.forced
    assert e.forbidden
    assert any("does not want" in r for r in e.forbidden_reasons)


# ---- certifications --------------------------------------------------------------------


def test_a_required_certification_forbids_a_seller_that_lacks_it() -> None:
    people = [
        a("A1", offers="10721"),
        a("A2", offers="10721", certifications="halal"),
        b(needs="10721", required_certifications="halal"),
    ]
    s = score(mission(*people))
    assert s.forbidden[:, 0].tolist() == [True, False]
    assert s.component("fit")[0, 0] == 0.0  # the blocked direction counts for nothing
    assert s.component("fit")[1, 0] == pytest.approx(1.0, abs=1e-6)
    assert any("requires halal" in r for r in s.explain("A1", "B1").forbidden_reasons)


def test_a_certification_of_one_line_blocks_only_that_line() -> None:
    # SS-046's case: milk, brown sugar and tobacco, SNI required for the tobacco only
    buyer = b(
        needs="10510=1000000000; 10722=1000000000; 12011=1000000000", required_certifications="12011:sni"
    )
    people = [
        a("A1", offers="10510", certifications="halal"),  # a dairy without SNI serves the milk line
        a("A2", offers="12011"),  # a cigarette maker without SNI: its only line is blocked
        a("A3", offers="12011", certifications="sni"),
    ]
    s = score(mission(*people, buyer))
    fit = s.component("fit")[:, 0]
    # three lines of equal weight; 10722 and 10510 share golongan pokok 10, 12011 only kategori C
    assert fit[0] == pytest.approx((1 + D**3 + 0) / 3, abs=1e-6)  # tobacco line blocked: 0, not D**4
    assert fit[1] == pytest.approx((D**4 + D**4 + 0) / 3, abs=1e-6)  # its own product blocked
    assert fit[2] == pytest.approx((D**4 + D**4 + 1) / 3, abs=1e-6)
    assert s.total[1, 0] < 0.1 < s.total[0, 0]
    assert not s.forbidden[:, 0].any()  # a line-level requirement never forbids a pair
    told = str(s.explain("A2", "B1"))
    selling = told.split("B→A:")[0].split("A→B:")[1]  # A2 sells to B1
    # the blocked line is told in its own place, once, not as "nothing offered" plus a note elsewhere
    assert "need 12011 (weight 0.33): B1 requires sni for it, which A2 lacks → 0" in selling
    assert selling.count("need ") == 3
    # the same requirement on the whole participant shuts the dairy out
    whole = score(mission(*people, buyer.replace(required_certifications="sni")))
    assert whole.forbidden[:, 0].tolist() == [True, True, False]


def test_a_certification_on_a_line_that_does_not_exist_names_row_and_column(tmp_path) -> None:
    from matchmaker.errors import DataFileError
    from matchmaker.io import read_participants

    path = tmp_path / "people.csv"
    path.write_text(
        "id,name,delegation,province,offers,needs,required_certifications\n"
        "A1,PT A,X,Jatim,10631,,\n"
        "B1,PT B,Y,Sumsel,,10631; HS:170113,HS:170113:halal; 10632:halal\n"
    )
    with pytest.raises(DataFileError) as exc:
        read_participants(path)
    (p,) = exc.value.problems
    assert (p.kind, p.row, p.column) == ("unknown-line", 3, "required_certifications")
    assert "'10632'" in p.message
    assert "10631, HS:170113" in p.message


def test_a_requirement_blocks_only_the_direction_in_which_the_partner_sells() -> None:
    # A1 lacks halal but also buys from B1: the pair keeps its B→A trade
    both = a("A1", offers="10721", needs="10130")
    buyer = b(needs="10721", offers="10130", required_certifications="halal")
    s = score(mission(both, buyer))
    assert not s.forbidden[0, 0]
    assert s.component("fit_ab")[0, 0] == 0.0
    assert s.component("fit_ba")[0, 0] == pytest.approx(1.0, abs=1e-6)
    assert "blocked" in str(s.explain("A1", "B1"))


def test_a_requirement_does_not_bind_a_partner_that_would_not_sell() -> None:
    # A1 sells nothing B1 needs (no shared kategori): nothing to block, nothing forbidden
    s = score(mission(a(offers="01462"), b(needs="10721", required_certifications="halal")))
    assert not s.forbidden[0, 0]
    # and a requirement of the seller's side on its own partners does not bind the seller
    s = score(mission(a(offers="10721", required_certifications="sni"), b(needs="10721")))
    assert not s.forbidden[0, 0]
    assert s.component("fit")[0, 0] == pytest.approx(1.0, abs=1e-6)


def test_a_row_requirement_blocks_columns_that_sell_to_it() -> None:
    people = [
        a(needs="10721", required_certifications="halal; sni"),
        b("B1", offers="10721", certifications="halal"),
        b("B2", offers="10721", certifications="halal; sni"),
    ]
    s = score(mission(*people))
    assert s.forbidden[0].tolist() == [True, False]


# ---- met before, custom components ----------------------------------------------------


def test_met_before_penalise_or_forbid() -> None:
    people = [a(offers="10721"), b(needs="10721"), b("B2", needs="10721")]
    plain = score(mission(*people))
    penalised = score(mission(*people), met_before=[("B1", "A1")], met_before_penalty=0.25)
    assert penalised.total[0, 0] == pytest.approx(plain.total[0, 0] * 0.75)
    assert penalised.total[0, 1] == plain.total[0, 1]
    assert not penalised.forbidden.any()
    e = penalised.explain("A1", "B1")
    assert e.adjustment == pytest.approx(-0.25 * plain.total[0, 0], abs=1e-6)
    forbidden = score(mission(*people), met_before=[("A1", "B1")], met_before_mode="forbid")
    assert forbidden.forbidden.tolist() == [[True, False]]
    assert forbidden.total[0, 0] == plain.total[0, 0]


def test_custom_components_enter_with_their_normalised_weight() -> None:
    people = [a(offers="10721"), a("A2"), b(needs="10721")]
    values = np.array([[0.2], [1.0]])
    calls: list[Mission] = []

    def language(m: Mission) -> np.ndarray:
        calls.append(m)
        return np.array([[1.0], [0.0]])

    weights = Weights(fit=1, regional=0, scale=0, wishes=0)
    custom = [CustomComponent("distance", values, 1.0), CustomComponent("language", language, 2.0)]
    s = score(mission(*people), weights, custom=custom)
    assert s.weights == {
        "fit": 0.25,
        "regional": 0.0,
        "scale": 0.0,
        "wishes": 0.0,
        "distance": 0.25,
        "language": 0.5,
    }
    assert s.total[:, 0] == pytest.approx([0.25 * 1 + 0.25 * 0.2 + 0.5 * 1, 0.25 * 1.0])
    assert len(calls) == 1
    np.testing.assert_array_equal(s.component("distance"), values)
    assert values.flags.writeable  # the caller's array is left alone
    assert "custom component" in str(s.explain("A2", "B1"))
