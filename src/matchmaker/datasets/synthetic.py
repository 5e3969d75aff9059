"""Synthetic missions: plausible participants drawn from real provincial profiles.

The real attendee lists of trade missions are not public.  :func:`synthetic_mission`
makes participants whose offers and needs follow each province's real economy:

* **Catalogue.**  For East Java and South Sumatra, the products in
  ``data/catalogue.csv``: the goods each province sold or bought at past missions
  (``jatim_trade_missions.csv``) and its leading sectors, products and exports
  (``province_commodity_profile.csv``), each with a KBLI 2020 code, an HS heading, a
  weight and a typical deal size.  For any other province, 25 KBLI kelompok of the
  goods sectors (A, B, C) drawn with probability proportional to the province's GRDP
  share of the sector times its location quotient (BPS PDRB 2020).
* **Roles.**  The visiting side (A) is mostly sellers (65 % sellers, 10 % buyers,
  25 % both), the host side (B) mostly buyers (15 / 55 / 30 %), as at the 2025
  Sumsel edition where East Java sold 90 % of the value.
* **Lines.**  Sellers offer 1-4 products of their own province's catalogue; buyers
  need 1-4 products of the *other* province's catalogue.  Codes are written at
  mixed levels (5-digit KBLI, 3- or 2-digit KBLI, HS heading) as real forms are;
  80 % of lines carry a value, lognormal around the product's typical deal size.
* **Constraints.**  Certifications follow the goods (halal and BPOM for food, SNI for
  industrial goods, SVLK for timber); some buyers require them.  A few participants
  are available only in the morning or the afternoon, name partners they would like
  to meet, must meet or do not want to meet, or set meeting bounds.  Must-meet wishes
  that the drawn data makes impossible (no common time, a veto, a certification
  requirement) are dropped, so that every synthetic mission can be scheduled.

All random draws go through one ``numpy.random.Generator`` seeded by ``seed``, in a
fixed order, so the same arguments give the same mission.  Draws are vectorised;
only the final construction of the participant objects is a loop.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchmaker.datasets import names
from matchmaker.model.availability import TimeWindow
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Delegation, Mission
from matchmaker.model.participant import Participant
from matchmaker.reference._files import read_packaged_csv
from matchmaker.reference.classification import hs, kbli
from matchmaker.reference.grdp import grdp
from matchmaker.reference.provinces import province as find_province
from matchmaker.scoring.fit import code_label
from matchmaker.scoring.rules import missing_certifications

__all__ = ["CODE_FORMS", "ProductTruth", "synthetic_mission", "synthetic_truth"]

_ROLE_P = {"A": (0.65, 0.10, 0.25), "B": (0.15, 0.55, 0.30)}  # seller, buyer, both
_MAX_LINES = 4
_MORNING = TimeWindow(dt.time(9), dt.time(12))
_AFTERNOON = TimeWindow(dt.time(13), dt.time(16))


#: How each form writes the codes of a line: ``classic`` (the bundled mission's), ``forms``
#: (as organisers' forms mix them: KBLI 5-digit, HS 6- and 4-digit, coarse KBLI).
CODE_FORMS = ("classic", "forms")


@dataclass(frozen=True)
class _Catalogue:
    kbli: tuple[str, ...]
    hs: tuple[str | None, ...]
    hs6: tuple[str | None, ...]
    weight: NDArray[np.float64]
    median_value: NDArray[np.float64]
    category: tuple[str, ...]


@functools.cache
def _curated() -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in read_packaged_csv("matchmaker.datasets", "catalogue.csv"):
        rows[r["province"]].append(r)
    return dict(rows)


def _category(code: str) -> str:
    """The kind of goods a KBLI code (any level from 2 digits) stands for."""
    group = kbli().pdrb_group(code)
    if group == "B":
        return "mining"
    if code.startswith(("10", "11")):
        return "food"
    if code.startswith(("02", "16", "17")):
        return "forestry"
    return "agri" if group == "A" else "industrial"


def _catalogue(province: str, rng: np.random.Generator) -> _Catalogue:
    curated = _curated().get(province)
    if curated:
        weight = np.array([float(r["weight"]) for r in curated])
        return _Catalogue(
            kbli=tuple(r["kbli"] for r in curated),
            hs=tuple(r["hs"] or None for r in curated),
            hs6=tuple(r.get("hs6") or None for r in curated),
            weight=weight / weight.sum(),
            median_value=np.array([float(r["median_value_idr"]) for r in curated]),
            category=tuple(r["category"] for r in curated),
        )
    table = grdp(2020)
    region = find_province(province).grdp_region
    shares, lqs = table.shares(), table.location_quotients()
    row = table.region_index(region)
    codes = [c for c in kbli().titles if len(c) == 5 and kbli().pdrb_group(c) in ("A", "B", "C")]
    groups = np.array([table.sector_index(kbli().pdrb_group(c)) for c in codes])
    per_group = np.bincount(groups, minlength=len(table.sectors))
    weight = shares[row, groups] * lqs[row, groups] / per_group[groups]
    chosen = np.sort(rng.choice(len(codes), size=25, replace=False, p=weight / weight.sum()))
    division_to_chapter = {hs().kbli_division(ch): ch for ch in hs().titles if ch.isdigit()}
    picked = [codes[i] for i in chosen]
    w = weight[chosen]
    return _Catalogue(
        kbli=tuple(picked),
        hs=tuple(division_to_chapter.get(c[:2]) for c in picked),
        hs6=tuple(None for _ in picked),
        weight=w / w.sum(),
        median_value=np.full(len(picked), 1e9),
        category=tuple(_category(c) for c in picked),
    )


def _top_k(rng: np.random.Generator, weight: NDArray[np.float64], n: int, k: int) -> NDArray[np.intp]:
    """``n`` independent weighted samples of ``k`` distinct items (Gumbel top-k, Vieira 2014)."""
    keys = np.log(weight)[None, :] + rng.gumbel(size=(n, weight.size))
    return np.argsort(-keys, axis=1, kind="stable")[:, :k]


@dataclass(frozen=True)
class _Side:
    offers: list[list[TradeLine]]
    needs: list[list[TradeLine]]
    offer_products: list[list[int]]
    need_products: list[list[int]]


def _write(cat: _Catalogue, p: int, f: float, need: bool, forms: str) -> tuple[str, str]:
    """The (code, system) a form writes for product ``p``, from the uniform draw ``f``.

    ``classic``: offers KBLI 5-digit (70 %) or the HS heading; needs KBLI 2-digit
    (15 %), 3-digit (15 %), 5-digit (40 %) or the HS heading.  ``forms``: offers KBLI
    5-digit (50 %), HS 6-digit (30 %) or 4-digit (20 %); needs KBLI 2-digit (5 %),
    3-digit (10 %), 5-digit (35 %), HS 6-digit (30 %) or 4-digit (20 %).  A product
    without an HS code keeps its KBLI code.
    """
    code, system = cat.kbli[p], "KBLI"
    if forms == "classic":
        if cat.hs[p] is not None and f >= 0.7:
            return str(cat.hs[p]), "HS"
        if need and f < 0.15:
            return code[:2], system
        if need and f < 0.3:
            return code[:3], system
        return code, system
    if need and f < 0.05:
        return code[:2], system
    if need and f < 0.15:
        return code[:3], system
    if cat.hs6[p] is not None and 0.5 <= f < 0.8:
        return str(cat.hs6[p]), "HS"
    if cat.hs[p] is not None and f >= 0.8:
        return str(cat.hs[p]), "HS"
    return code, system


def _lines(
    rng: np.random.Generator,
    cat: _Catalogue,
    products: NDArray[np.intp],
    counts: NDArray[np.int64],
    *,
    need: bool,
    forms: str = "classic",
) -> tuple[list[list[TradeLine]], list[list[int]]]:
    n, k = products.shape
    form = rng.random((n, k))
    has_value = rng.random((n, k)) < 0.8
    scale = 0.6 if need else 2.5  # declared offers exceed what buyers state they want
    values = np.round(cat.median_value[products] * scale * rng.lognormal(0.0, 0.7, (n, k)), -6)
    out: list[list[TradeLine]] = []
    used: list[list[int]] = []
    for i in range(n):
        lines: list[TradeLine] = []
        keys: set[str] = set()
        kept: list[int] = []
        for j in range(int(counts[i])):
            p = int(products[i, j])
            code, system = _write(cat, p, float(form[i, j]), need, forms)
            key = f"{system}:{code}"
            if key in keys:
                continue
            keys.add(key)
            kept.append(p)
            value = float(values[i, j]) if has_value[i, j] else None
            lines.append(TradeLine(code, system, value))  # type: ignore[arg-type]
        out.append(lines)
        used.append(kept)
    return out, used


def _side_lines(
    rng: np.random.Generator, n: int, side: str, own: _Catalogue, other: _Catalogue, forms: str = "classic"
) -> _Side:
    role = rng.choice(3, size=n, p=_ROLE_P[side])  # 0 seller, 1 buyer, 2 both
    n_offers = np.where(role != 1, 1 + np.minimum(rng.poisson(0.7, n), _MAX_LINES - 1), 0)
    n_needs = np.where(role != 0, 1 + np.minimum(rng.poisson(0.7, n), _MAX_LINES - 1), 0)
    k_own, k_other = min(_MAX_LINES, own.weight.size), min(_MAX_LINES, other.weight.size)
    offer_products = _top_k(rng, own.weight, n, k_own)
    need_products = _top_k(rng, other.weight, n, k_other)
    offers, offer_used = _lines(
        rng, own, offer_products, np.minimum(n_offers, k_own), need=False, forms=forms
    )
    needs, need_used = _lines(rng, other, need_products, np.minimum(n_needs, k_other), need=True, forms=forms)
    return _Side(offers, needs, offer_used, need_used)


def _wishes(
    rng: np.random.Generator, mine: _Side, theirs: _Side, their_ids: Sequence[str]
) -> list[dict[str, tuple[str, ...]]]:
    """Wish lists naming plausible partners: someone who sells what I need or needs what I sell."""
    sells: dict[int, list[int]] = defaultdict(list)
    buys: dict[int, list[int]] = defaultdict(list)
    for j, products in enumerate(theirs.offer_products):
        for p in products:
            sells[p].append(j)
    for j, products in enumerate(theirs.need_products):
        for p in products:
            buys[p].append(j)
    n, m = len(mine.offers), len(their_ids)
    draw = rng.random((n, 3))
    pick = rng.random((n, 3, 2))
    veto = rng.integers(0, m, n)
    out: list[dict[str, tuple[str, ...]]] = []
    for i in range(n):
        wishes: dict[str, tuple[str, ...]] = {"must_meet": (), "would_like": (), "do_not_meet": ()}
        if draw[i, 0] < 0.15 or draw[i, 1] < 0.03:
            # my needs are products of *their* catalogue; my offers are what they need
            pools = [sells[p] for p in mine.need_products[i] if sells.get(p)]
            pools += [buys[p] for p in mine.offer_products[i] if buys.get(p)]
            chosen = []
            for t in range(3):
                pool = pools[int(pick[i, t, 0] * len(pools))] if pools else range(m)
                chosen.append(their_ids[pool[int(pick[i, t, 1] * len(pool))]])
            if draw[i, 0] < 0.15:
                wishes["would_like"] = tuple(dict.fromkeys(chosen[:2]))
            if draw[i, 1] < 0.03:
                wishes["must_meet"] = (chosen[2],)
        if draw[i, 2] < 0.02:
            vetoed = their_ids[veto[i]]
            if vetoed not in wishes["must_meet"] and vetoed not in wishes["would_like"]:
                wishes["do_not_meet"] = (vetoed,)
        out.append(wishes)
    return out


def _people(
    rng: np.random.Generator,
    n: int,
    province: str,
    delegation: str,
    own: _Catalogue,
    lines: _Side,
    wishes: list[dict[str, tuple[str, ...]]],
    ids: list[str],
) -> list[Participant]:
    forms = rng.choice(len(names.LEGAL_FORMS), size=n, p=names.LEGAL_FORM_WEIGHTS)
    regional = names.REGIONAL_WORDS.get(province, names.NAME_WORDS)
    word_a = rng.integers(0, len(names.NAME_WORDS), n)
    word_b = rng.integers(0, len(regional), n)
    flavour = rng.random(n)
    firsts = names.FIRST_NAMES.get(province, names.DEFAULT_FIRST_NAMES)
    first = rng.integers(0, len(firsts), n)
    last = rng.integers(0, len(names.LAST_NAMES), n)
    cities = names.CITIES.get(province, (province,))
    city = rng.integers(0, len(cities), n)
    u = rng.random((n, 12))
    extra_max = rng.integers(3, 7, n)
    phone = rng.integers(10**9, 10**10, n)
    people: list[Participant] = []
    seen_names: set[str] = set()
    for i in range(n):
        cats = {own.category[p] for p in lines.offer_products[i]}
        need_cats = {
            _category(line.code if line.system == "KBLI" else hs().kbli_division(line.code))
            for line in lines.needs[i]
        }
        main = sorted(cats)[0] if cats else "trade"
        words = names.CATEGORY_WORDS[main]
        form = names.LEGAL_FORMS[forms[i]]
        base = f"{names.NAME_WORDS[word_a[i]]} {regional[word_b[i]]}"
        if flavour[i] < 0.5:
            base += f" {words[int(flavour[i] * 2 * len(words))]}"
        company = f"Koperasi {base}" if form == "Koperasi" else f"{form} {base}"
        if company in seen_names:
            company += f" {cities[city[i]]}"
        seen_names.add(company)
        held = []
        if "food" in cats and u[i, 0] < 0.85:
            held.append("halal")
        if any(own.kbli[p].startswith("10") for p in lines.offer_products[i]) and u[i, 1] < 0.5:
            held.append("bpom")
        if "industrial" in cats and u[i, 2] < 0.5:
            held.append("sni")
        if "forestry" in cats and u[i, 3] < 0.7:
            held.append("svlk")
        required = []
        line_cats = [
            _category(line.code if line.system == "KBLI" else hs().kbli_division(line.code))
            for line in lines.needs[i]
        ]
        for cat, cert, draw in (("food", "halal", u[i, 4] < 0.35), ("industrial", "sni", u[i, 5] < 0.25)):
            if cat in need_cats and draw:
                required += _requirement(lines.needs[i], line_cats, cat, cert)
        if "forestry" in need_cats and u[i, 6] < 0.3:
            required += _requirement(lines.needs[i], line_cats, "forestry", "svlk")
        languages = ["id"]
        if province == "Jawa Timur" and u[i, 7] < 0.45:
            languages.append("jv")
        if u[i, 8] < 0.2:
            languages.append("en")
        availability = (_MORNING,) if u[i, 9] < 0.08 else (_AFTERNOON,) if u[i, 9] < 0.15 else ()
        max_meetings = int(extra_max[i]) if u[i, 10] < 0.05 else None
        min_meetings = 2 if u[i, 11] < 0.03 else None
        person = firsts[first[i]] + " " + names.LAST_NAMES[last[i]]
        slug = "".join(ch for ch in base.lower() if ch.isalpha())[:20]
        people.append(
            Participant(
                id=ids[i],
                name=company,
                delegation=delegation,
                province=province,
                city=cities[city[i]],
                contact=person,
                email=f"{person.split()[0].lower()}@{slug}.co.id" if u[i, 10] > 0.4 else None,
                phone=f"08{phone[i]}" if u[i, 11] > 0.3 else None,
                offers=tuple(lines.offers[i]),
                needs=tuple(lines.needs[i]),
                certifications=tuple(held),
                required_certifications=tuple(required),
                languages=tuple(languages),
                availability=availability,
                min_meetings=min_meetings,
                max_meetings=max_meetings,
                must_meet=wishes[i]["must_meet"],
                would_like=wishes[i]["would_like"],
                do_not_meet=wishes[i]["do_not_meet"],
            )
        )
    return people


def _requirement(needs: Sequence[TradeLine], cats: Sequence[str], cat: str, cert: str) -> list[str]:
    """``cert`` required for the need lines of kind ``cat``: of the whole participant when
    every line is of that kind, else line by line (``HS:2401:sni``), so a buyer of milk,
    sugar and tobacco that wants SNI tobacco still meets food sellers without SNI."""
    if all(c == cat for c in cats):
        return [cert]
    return [f"{code_label(line)}:{cert}" for line, c in zip(needs, cats, strict=True) if c == cat]


def _possible_without_certifications(p: Participant, other: Participant) -> bool:
    """Whether two participants share a time window and neither vetoes the other."""
    apart = bool(p.availability and other.availability) and not any(
        w.start < v.end and v.start < w.end for w in p.availability for v in other.availability
    )
    return not (apart or p.id in other.do_not_meet or other.id in p.do_not_meet)


def _keep_possible_must_meet(people: list[Participant]) -> list[Participant]:
    """Drop must-meet wishes that the drawn data makes impossible, so every mission is feasible.

    A must-meet pair cannot meet when the two are never free at the same time (the
    generator's windows are whole half-days, so any overlap holds meetings), when the
    partner vetoes the wisher, or when a certification requirement could forbid the pair
    (drawn independently, these clash now and then), or when either participant's own
    ``max_meetings`` is already taken by earlier must-meet pairs.  No random draw happens
    here, so missions without such clashes are unchanged.
    """
    by_id = {p.id: p for p in people}

    def possible(p: Participant, other: Participant) -> bool:
        lacking = missing_certifications(p, other) or missing_certifications(other, p)
        return _possible_without_certifications(p, other) and not lacking

    # A must-meet pair counts against both participants' own meeting caps (wished by
    # either side, it is one meeting), so a popular participant with a small personal
    # cap could be owed more forced meetings than it may hold, and the mission would be
    # infeasible for every bound.  Wishes are accepted in table order, first come first
    # kept, which is deterministic and leaves missions without such clashes unchanged.
    held: dict[str, int] = dict.fromkeys(by_id, 0)
    pairs: set[frozenset[str]] = set()

    def room(pid: str) -> bool:
        cap = by_id[pid].max_meetings
        return cap is None or held[pid] < cap

    out = []
    for p in people:
        kept_list = []
        for o in p.must_meet:
            if not possible(p, by_id[o]):
                continue
            pair = frozenset((p.id, o))
            if pair not in pairs:
                if not (room(p.id) and room(o)):
                    continue
                pairs.add(pair)
                held[p.id] += 1
                held[o] += 1
            kept_list.append(o)
        kept = tuple(kept_list)
        out.append(p if kept == p.must_meet else p.replace(must_meet=kept))
    return out


def _ids(province: str, n: int, fallback: str) -> list[str]:
    prefix = names.ID_PREFIX.get(province, fallback)
    width = max(3, len(str(n)))
    return [f"{prefix}-{i:0{width}d}" for i in range(1, n + 1)]


def synthetic_mission(
    n_a: int,
    n_b: int,
    *,
    seed: int = 0,
    province_a: str = "Jawa Timur",
    province_b: str = "Sumatera Selatan",
    name: str | None = None,
    date: dt.date | None = None,
    venue: str | None = None,
    code_forms: str = "classic",
) -> Mission:
    """A synthetic mission of ``n_a`` visiting and ``n_b`` host participants.

    See the module docstring for how participants are drawn.  Side A's delegation is
    named after ``province_a`` and side B's after ``province_b``; ids are
    ``JT-001``... for East Java, ``SS-001``... for South Sumatra and ``A-001`` /
    ``B-001`` for other provinces.

    Parameters
    ----------
    n_a, n_b : int
        Number of participants on each side (at least 1).
    seed : int
        Seed of the random generator; the same arguments give the same mission.
    province_a, province_b : str
        Home provinces of the two delegations (any accepted spelling); must differ.
    name, date, venue : optional
        Event details; the time zone is the host province's.
    code_forms : {"classic", "forms"}
        How lines are written (:data:`CODE_FORMS`): ``"classic"`` (the bundled
        mission's: KBLI at 2, 3 or 5 digits, HS headings) or ``"forms"`` (KBLI 5-digit,
        HS 6- and 4-digit, a few coarse KBLI codes, as organisers' forms mix them).
        The random draws are the same; only the written codes differ.

    Returns
    -------
    Mission

    Examples
    --------
    >>> m = synthetic_mission(5, 8, seed=1)
    >>> len(m.side("A")), len(m.side("B")), m.side_a.name
    (5, 8, 'Jawa Timur')
    >>> synthetic_mission(5, 8, seed=1) == m
    True
    """
    return _generate(n_a, n_b, seed, province_a, province_b, name, date, venue, code_forms)[0]


@dataclass(frozen=True, kw_only=True, eq=False)
class ProductTruth:
    """A synthetic mission and which pairs trade a real product (rows side A, columns side B).

    Attributes
    ----------
    mission : Mission
        As :func:`synthetic_mission` makes it with the same arguments.
    real : ndarray of bool, shape (n_a, n_b)
        Pairs where one side offers a product (of its province's catalogue) the other
        needs, whatever codes the two wrote for it; read-only.
    related : ndarray of bool, shape (n_a, n_b)
        Pairs where an offer and a need of the other side are products that share a
        KBLI golongan pokok (2-digit division) or an HS chapter; ``real`` implies it.
    feasible : ndarray of bool, shape (n_a, n_b)
        The ``real`` pairs that the participants' own rules allow: a real product whose
        buyer's required certifications the seller holds, no do-not-meet, and a time
        window in common.
    """

    mission: Mission
    real: NDArray[np.bool_]
    related: NDArray[np.bool_]
    feasible: NDArray[np.bool_]


def synthetic_truth(
    n_a: int,
    n_b: int,
    *,
    seed: int = 0,
    province_a: str = "Jawa Timur",
    province_b: str = "Sumatera Selatan",
    date: dt.date | None = None,
    code_forms: str = "forms",
) -> ProductTruth:
    """A synthetic mission with its product truth: which pairs trade the same real product.

    The generator knows each line's catalogue product even when the line is written
    as an HS subheading on one side and a KBLI kelompok (or a coarse code) on the
    other; the match-quality benchmark (``benchmarks/quality.py``) measures the
    meetings against it.

    Examples
    --------
    >>> t = synthetic_truth(20, 30, seed=2)
    >>> t.real.shape, bool(t.real.any()), bool((t.related | ~t.real).all())
    ((20, 30), True, True)
    """
    mission, sides = _generate(n_a, n_b, seed, province_a, province_b, None, date, None, code_forms)
    (lines_a, cat_a), (lines_b, cat_b) = sides

    def incidence(products: list[list[int]], n_products: int) -> NDArray[np.float64]:
        out = np.zeros((len(products), n_products))
        for i, ps in enumerate(products):
            out[i, ps] = 1.0
        return out

    def kin(cat: _Catalogue) -> NDArray[np.float64]:
        """Products that share a KBLI division or an HS chapter (rubber: 22123 and 01291)."""
        division = np.array([c[:2] for c in cat.kbli])
        chapter = np.array([(h or "")[:2] or f"-{k}" for k, h in enumerate(cat.hs)])
        same = (division[:, None] == division[None, :]) | (chapter[:, None] == chapter[None, :])
        out: NDArray[np.float64] = same.astype(np.float64)
        return out

    sells_a = incidence(lines_a.offer_products, len(cat_a.kbli))
    needs_b = incidence(lines_b.need_products, len(cat_a.kbli))
    sells_b = incidence(lines_b.offer_products, len(cat_b.kbli))
    needs_a = incidence(lines_a.need_products, len(cat_b.kbli))
    real_ab, real_ba = sells_a @ needs_b.T > 0, needs_a @ sells_b.T > 0
    real = real_ab | real_ba
    side_a, side_b = mission.side("A"), mission.side("B")

    def served(
        sellers: Sequence[Participant],
        sells: NDArray[np.float64],
        buyers: Sequence[Participant],
        lines: _Side,
        n_products: int,
    ) -> NDArray[np.bool_]:
        """Seller × buyer: a product the seller offers and the buyer needs, with the
        certifications the buyer requires for that need line (whole or line-level)."""
        sets: dict[frozenset[str], NDArray[np.float64]] = {}
        for b, (buyer, needs, products) in enumerate(
            zip(buyers, lines.needs, lines.need_products, strict=True)
        ):
            for line, product in zip(needs, products, strict=True):
                key = frozenset(buyer.line_requirements(line))
                sets.setdefault(key, np.zeros((len(buyers), n_products)))[b, product] = 1.0
        out = np.zeros((len(sellers), len(buyers)), dtype=bool)
        for key, needs_s in sets.items():
            holds = np.array([key <= set(a.certifications) for a in sellers], dtype=bool)
            out |= (sells * holds[:, None]) @ needs_s.T > 0
        return out

    feasible_ab = served(side_a, sells_a, side_b, lines_b, len(cat_a.kbli))
    feasible_ba = served(side_b, sells_b, side_a, lines_a, len(cat_b.kbli)).T
    allowed = np.array(
        [[_possible_without_certifications(a, b) for b in side_b] for a in side_a], dtype=bool
    ).reshape(real.shape)
    feasible = (feasible_ab.reshape(real.shape) | feasible_ba.reshape(real.shape)) & allowed
    related = (sells_a @ kin(cat_a) @ needs_b.T > 0) | (needs_a @ kin(cat_b) @ sells_b.T > 0)
    related |= real
    for arr in (real, related, feasible):
        arr.setflags(write=False)
    return ProductTruth(mission=mission, real=real, related=related, feasible=feasible)


def _generate(
    n_a: int,
    n_b: int,
    seed: int,
    province_a: str,
    province_b: str,
    name: str | None,
    date: dt.date | None,
    venue: str | None,
    code_forms: str,
) -> tuple[Mission, tuple[tuple[_Side, _Catalogue], tuple[_Side, _Catalogue]]]:
    if n_a < 1 or n_b < 1:
        raise ValueError(f"each side needs at least one participant, got n_a={n_a}, n_b={n_b}")
    if code_forms not in CODE_FORMS:
        raise ValueError(f"code_forms must be one of {', '.join(CODE_FORMS)}, got {code_forms!r}")
    prov_a, prov_b = find_province(province_a), find_province(province_b)
    if prov_a.name == prov_b.name:
        raise ValueError("the two delegations must come from different provinces")
    rng = np.random.default_rng(seed)
    cat_a, cat_b = _catalogue(prov_a.name, rng), _catalogue(prov_b.name, rng)
    lines_a = _side_lines(rng, n_a, "A", cat_a, cat_b, code_forms)
    lines_b = _side_lines(rng, n_b, "B", cat_b, cat_a, code_forms)
    ids_a, ids_b = _ids(prov_a.name, n_a, "A"), _ids(prov_b.name, n_b, "B")
    wishes_a = _wishes(rng, lines_a, lines_b, ids_b)
    wishes_b = _wishes(rng, lines_b, lines_a, ids_a)
    people = _people(rng, n_a, prov_a.name, prov_a.name, cat_a, lines_a, wishes_a, ids_a)
    people += _people(rng, n_b, prov_b.name, prov_b.name, cat_b, lines_b, wishes_b, ids_b)
    people = _keep_possible_must_meet(people)
    mission = Mission(
        name=name or f"Synthetic mission {prov_a.name} – {prov_b.name}",
        side_a=Delegation(prov_a.name, prov_a.name, "visiting"),
        side_b=Delegation(prov_b.name, prov_b.name, "host"),
        participants=tuple(people),
        date=date,
        venue=venue,
        timezone=prov_b.timezone,
    )
    return mission, ((lines_a, cat_a), (lines_b, cat_b))
