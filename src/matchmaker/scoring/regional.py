"""Regional potential: does the seller's region specialise in what the buyer's region lacks?

For trade in sector ``k`` from the seller's region ``p`` to the buyer's region ``q``
(location quotients from a region × sector table, by default BPS GRDP by province,
:func:`matchmaker.reference.grdp`)::

    supply(p, k) = LQ_p(k) / (1 + LQ_p(k))      0.5 at LQ = 1, → 1 as p specialises
    gap(q, k)    = 1 / (1 + LQ_q(k))            0.5 at LQ = 1, → 1 as q lacks k
    potential    = supply(p, k) · gap(q, k)      in (0, 1); 0.25 for two average regions

The bounded transform ``x / (1 + x)`` maps an LQ in ``[0, ∞)`` to ``[0, 1)`` and keeps
the symmetry of the quotient (``LQ`` and ``1/LQ`` map to ``t`` and ``1 - t``).  The
product rewards both halves of the rule: a specialised seller region (LQ_p > 1) and a
buyer region with a gap (LQ_q < 1).

A pair's ``regional`` component is the pair's fit times the fit-weighted mean of
``potential`` over the need lines of both directions (each line weighted by its
contribution to the fit, its sector being the need code's PDRB group), so it is 0
without fit and stays as weak as a weak fit.

**Known specialities: a finer grain than the 17 groups.**  BPS publishes provincial GRDP
by 17 groups only, so all of manufacturing is one sector.  As a documented proxy for
the missing sub-groups, a seller's province that the packaged commodity profiles
(``datasets/data/province_commodity_profile.csv``: leading products and exports, each
with its source) name as a producer of the product has its supply computed with
``LQ = max(LQ_group, SPECIALITY_LQ)`` (3.0).  A profile row counts when its role names a
product (not "leading sector", which the GRDP groups already measure) and it gives a
KBLI code of at least 3 digits (a golongan or finer; "10" for "poultry, milk and meat"
is too broad to single out a product); a KBLI line is covered when such a code is a
prefix of it, an HS line when the row's HS chapter is its chapter.  3.0 is about East
Java's LQ in cane sugar (49.6 % of national output against 15 % of national GDP, the
one profile figure that gives a product LQ directly).  Only the supply half uses it:
the profiles say what a province sells, not what it lacks.  So South Sumatra selling
CPO, crumb rubber or pulp to East Java (potential 0.75 · 0.44 = 0.33) no longer scores
below East Java selling a food product it is not known for (0.56 · 0.56 = 0.31); East
Java's own specialities (sugar, rice, tobacco, fish) still score higher (0.42).  The
proxy applies to the packaged GRDP table only.

Regions: an Indonesian participant (``country == "ID"``) is looked up by its
province, and provinces created in 2022 by the province they were split from
(:attr:`~matchmaker.reference.Province.grdp_region`).  With a user table, a participant's
``province`` text is looked up as it is (any country), then its GRDP region.  Sectors:
each code's PDRB industry group (:meth:`~matchmaker.reference.CodeTable.pdrb_group`),
mapped to the table's sectors through ``sector_map`` when those are not the 17 groups.

Foreign participants (``country != "ID"``) whose region the table does not have are
not an error: they count as an *average region*, LQ 1 in every sector (supply 0.5,
gap 0.5), so regional potential neither favours nor penalises them; a user table that
lists their region is used as it is.  The neutral row is the table's last LQ row
(:attr:`RegionalModel.neutral_row`), labelled :data:`NEUTRAL_REGION` in explanations.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from matchmaker._arrays import small_unique
from matchmaker.errors import Problem, ValidationError
from matchmaker.model.lines import TradeLine
from matchmaker.model.participant import Participant
from matchmaker.reference._files import read_packaged_csv
from matchmaker.reference.classification import table_for
from matchmaker.reference.grdp import PDRB_GROUPS, RegionalTable, grdp, grdp_years
from matchmaker.reference.provinces import province as find_province

__all__ = [
    "NEUTRAL_REGION",
    "SPECIALITY_LQ",
    "RegionalModel",
    "gap",
    "is_speciality",
    "potential",
    "regional_model",
    "supply",
]

#: How explanations name the neutral region of a foreign participant the table lacks.
NEUTRAL_REGION = "abroad (neutral, LQ 1)"


def supply(lq: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """``LQ / (1 + LQ)``: the seller region's specialisation, bounded to [0, 1).

    >>> supply(np.array([0.0, 1.0, 3.0])).tolist()
    [0.0, 0.5, 0.75]
    """
    lq = np.asarray(lq, dtype=np.float64)
    out: NDArray[np.float64] = lq / (1.0 + lq)
    return out


def gap(lq: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """``1 / (1 + LQ)``: the buyer region's gap, bounded to (0, 1].

    >>> gap(np.array([0.0, 1.0, 3.0])).tolist()
    [1.0, 0.5, 0.25]
    """
    out: NDArray[np.float64] = 1.0 / (1.0 + np.asarray(lq, dtype=np.float64))
    return out


def potential(lq_seller: float, lq_buyer: float) -> float:
    """``supply(LQ_p) · gap(LQ_q)`` for one sector.

    >>> potential(1.0, 1.0), potential(3.0, 0.0)
    (0.25, 0.75)
    """
    return float(supply(lq_seller) * gap(lq_buyer))


#: The LQ a seller's province is given in a product the commodity profiles name it for.
SPECIALITY_LQ = 3.0


@functools.cache
def _specialities() -> Mapping[str, tuple[tuple[str, ...], frozenset[str]]]:
    """Per province: the KBLI prefixes and HS chapters of its profiled products (module docstring)."""
    out: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
    for row in read_packaged_csv("matchmaker.datasets", "province_commodity_profile.csv"):
        if row["role"] in ("leading sector", "relative specialisation"):
            continue
        codes = tuple(c.strip() for c in row["kbli2020_code"].split(";") if len(c.strip()) >= 3)
        if not codes:
            continue
        chapters = frozenset(c.strip() for c in row["hs2"].split(";") if c.strip())
        prefixes, known = out.get(row["province"], ((), frozenset()))
        out[row["province"]] = ((*prefixes, *codes), known | chapters)
    return MappingProxyType(out)


@functools.lru_cache(maxsize=65536)  # reference data only: the same answer for every mission
def is_speciality(region: str, system: str, code: str) -> bool:
    """Whether the commodity profiles name ``region`` as a producer of the product ``code``.

    >>> is_speciality("Sumatera Selatan", "KBLI", "10431"), is_speciality("Jawa Timur", "KBLI", "10130")
    (True, False)
    >>> is_speciality("Sumatera Selatan", "HS", "400122")
    True
    """
    prefixes, chapters = _specialities().get(region, ((), frozenset()))
    if system == "HS":
        return code[:2] in chapters
    return any(code.startswith(p) for p in prefixes)


@dataclass(frozen=True, eq=False)
class RegionalModel:
    """A region × sector table with its location quotients and the code → sector map."""

    table: RegionalTable
    lq: NDArray[np.float64]
    sector_of_group: Mapping[str, int]
    specialities: bool = False

    def seller_lq(self, regions: NDArray[np.intp], codes: Sequence[tuple[str, str]]) -> NDArray[np.float64]:
        """The LQ each seller region's supply uses for each code, shape (regions, codes).

        The group's LQ, raised to :data:`SPECIALITY_LQ` where the region is known for the
        product (packaged table only; module docstring).
        """
        codes = tuple(codes)
        sectors = _sectors(self, codes)
        out: NDArray[np.float64] = self.lq[np.asarray(regions, dtype=np.intp)[:, None], sectors[None, :]]
        if self.specialities and out.size:
            # One row per distinct region (a handful of provinces), not per seller: this
            # loop is over regions x codes in Python, so it must not grow with participants.
            distinct, row_of = small_unique(np.asarray(regions, dtype=np.intp))
            names = tuple(self.region_name(int(r)) for r in distinct.tolist())  # once per region
            known = _speciality_table(names, codes)[row_of.ravel()]
            out = np.where(known, np.maximum(out, SPECIALITY_LQ), out)
        return out

    def sectors(self, codes: Sequence[tuple[str, str]]) -> NDArray[np.intp]:
        """Column of the table for the sector of each code (read-only; the answer is kept per code list)."""
        return _sectors(self, tuple(codes))

    def sector(self, line: TradeLine) -> int:
        """Column of the table for the sector of ``line``'s code."""
        return self.sector_of_code(line.system, line.code)

    def sector_of_code(self, system: str, code: str) -> int:
        """Column of the table for the sector of a code."""
        return self.sector_of_group[_group(system, code)]

    def region(self, p: Participant) -> int:
        """Row of the table for participant ``p`` (raises ``KeyError`` if it has none)."""
        for name in _region_names(p.province, p.country):
            try:
                return self.table.region_index(name)
            except KeyError:
                continue
        if p.country != "ID":  # foreign and not in the table: the neutral average region
            return self.neutral_row
        raise KeyError(p.province)

    @property
    def neutral_row(self) -> int:
        """Row of :attr:`lq` with LQ 1 in every sector (foreign participants the table lacks)."""
        return len(self.table.regions)

    def region_name(self, row: int) -> str:
        """The name of a row of :attr:`lq` (the table's region, or :data:`NEUTRAL_REGION`)."""
        return NEUTRAL_REGION if row == self.neutral_row else self.table.regions[row]

    def regions(self, people: Sequence[Participant]) -> NDArray[np.intp]:
        """Rows of the table for ``people`` (-1 for those without trade lines, who need none).

        Raises
        ------
        ValidationError
            Naming every participant (with trade lines) whose region is not in the table.
        """
        out = np.full(len(people), -1, dtype=np.intp)
        problems: list[Problem] = []
        found: dict[tuple[str, str], int] = {}
        for i, p in enumerate(people):
            if not (p.offers or p.needs):
                continue
            key = (p.province, p.country)
            if key not in found:
                try:
                    found[key] = self.region(p)
                except KeyError:
                    found[key] = -1
            out[i] = found[key]
            if out[i] < 0:
                problems.append(self._unknown(p))
        if problems:
            raise ValidationError(problems)
        return out

    def _unknown(self, p: Participant) -> Problem:
        where = f"region {p.province!r}" + (f" (country {p.country})" if p.country != "ID" else "")
        return Problem(
            f"{where} is not in the regional table ({self.table.source})",
            kind="unknown-region",
            participants=(p.id,),
            field="province",
            hint=f"the table's regions are {_preview(self.table.regions)}; pass a regional_table that "
            "covers it, or switch the component off with weights=Weights(regional=0)",
        )

    def potential_of(self, seller: Participant, buyer: Participant, line: TradeLine) -> float:
        """The potential of ``seller`` selling ``line``'s sector to ``buyer``."""
        k = self.sector(line)
        lq_p = float(self.seller_lq(np.array([self.region(seller)]), [(line.system, line.code)])[0, 0])
        return potential(lq_p, float(self.lq[self.region(buyer), k]))

    def reason(self, seller: Participant, buyer: Participant, line: TradeLine) -> str:
        """One line of text: the LQs and the potential of trading ``line``'s sector."""
        k = self.sector(line)
        p, q = self.region(seller), self.region(buyer)
        lq_p = float(self.seller_lq(np.array([p]), [(line.system, line.code)])[0, 0])
        lq_q = float(self.lq[q, k])
        code = line.code if line.system == "KBLI" else f"HS:{line.code}"
        known = " (known for it: at least 3)" if lq_p != float(self.lq[p, k]) else ""
        return (
            f"sector {self.table.sectors[k]} ({code}): LQ {self.region_name(p)} {lq_p:.2f}{known} "
            f"→ supply {float(supply(lq_p)):.2f}; LQ {self.region_name(q)} {lq_q:.2f} → gap "
            f"{float(gap(lq_q)):.2f}; potential {potential(lq_p, lq_q):.3f}"
        )


@functools.lru_cache(maxsize=256)  # per (model, codes): score() asks again on every call
def _sectors(model: RegionalModel, codes: tuple[tuple[str, str], ...]) -> NDArray[np.intp]:
    out = np.array([model.sector_of_code(system, code) for system, code in codes], dtype=np.intp)
    out.setflags(write=False)
    return out


@functools.lru_cache(maxsize=256)  # reference data only: the same answer for every mission
def _speciality_table(names: tuple[str, ...], codes: tuple[tuple[str, str], ...]) -> NDArray[np.bool_]:
    """:func:`is_speciality` of every region name (rows) and code (columns)."""
    out = np.array(
        [[is_speciality(name, system, code) for system, code in codes] for name in names], dtype=bool
    ).reshape(len(names), len(codes))
    out.setflags(write=False)
    return out


@functools.cache
def _group(system: str, code: str) -> str:
    return table_for(system).pdrb_group(code)


@functools.cache
def _region_names(province: str, country: str) -> tuple[str, ...]:
    """The names a participant's region may have in a table: its province text, then its GRDP region."""
    if country != "ID":
        return (province,)
    try:
        return province, find_province(province).grdp_region
    except KeyError:
        return (province,)


def _preview(names: Sequence[str], n: int = 6) -> str:
    shown = ", ".join(repr(x) for x in names[:n])
    return shown + (f" and {len(names) - n} more" if len(names) > n else "")


def regional_model(
    codes: Iterable[tuple[str, str]],
    *,
    table: RegionalTable | None = None,
    year: int = 2020,
    sector_map: Mapping[str, str] | None = None,
) -> RegionalModel:
    """The table (packaged GRDP of ``year`` unless ``table`` is given) and the sector of each code.

    Parameters
    ----------
    codes : iterable of (system, code)
        Every code that will be scored (to check each maps to a sector).
    table : RegionalTable, optional
        A user region × sector table (any country); default ``grdp(year)``.
    year : int
        Year of the packaged table (ignored with ``table``).
    sector_map : mapping, optional
        PDRB group (``"A"``, ``"C"``, ``"M,N"``...) → sector name of ``table``.  Needed
        when the table's sectors are not the 17 PDRB groups.

    Raises
    ------
    ValidationError
        Unknown year, a table that is not a :class:`RegionalTable`, or a code whose
        sector the table does not have.

    Examples
    --------
    >>> m = regional_model([("KBLI", "10721")])
    >>> round(float(m.lq[m.table.region_index("Jawa Timur"), m.sector(TradeLine("10721"))]), 2)
    1.29
    """
    if table is None and sector_map is None and isinstance(year, int):
        # the packaged table: the model depends on the year and the codes' groups only
        return _packaged_model(year, frozenset(_group(system, code) for system, code in codes))
    return _model(codes, table=table, year=year, sector_map=sector_map)


@functools.lru_cache(maxsize=64)  # reference data only: the same model for every mission
def _packaged_model(year: int, groups: frozenset[str]) -> RegionalModel:
    return _model(groups, year=year)


def _model(
    codes: Iterable[tuple[str, str] | str],
    *,
    table: RegionalTable | None = None,
    year: int = 2020,
    sector_map: Mapping[str, str] | None = None,
) -> RegionalModel:
    """:func:`regional_model`, uncached; ``codes`` may be given as their PDRB groups."""
    packaged = table is None and sector_map is None
    if table is None:
        try:
            table = grdp(year)
        except (ValueError, TypeError):
            raise ValidationError(
                Problem(
                    f"no GRDP figures for {year!r}",
                    kind="unknown-year",
                    field="year",
                    hint=f"available years: {', '.join(map(str, grdp_years()))}",
                )
            ) from None
    elif not isinstance(table, RegionalTable):
        raise ValidationError(
            Problem(
                f"regional_table must be a RegionalTable, got {type(table).__name__}",
                kind="type",
                field="regional_table",
                hint="wrap your figures: RegionalTable(regions, sectors, values)",
            )
        )
    mapping = dict(sector_map) if sector_map is not None else {g: g for g in PDRB_GROUPS}
    problems: list[Problem] = []
    groups = sorted({c if isinstance(c, str) else _group(c[0], c[1]) for c in codes})
    sector_of_group: dict[str, int] = {}
    for group in groups:
        name = mapping.get(group)
        if name is None or name not in table.sectors:
            target = f"sector {name!r}" if name is not None else "no sector"
            problems.append(
                Problem(
                    f"PDRB group {group!r} ({PDRB_GROUPS[group]}) maps to {target}, which the regional "
                    f"table does not have",
                    kind="unknown-sector",
                    field="sector_map",
                    hint=f"the table's sectors are {_preview(table.sectors)}; pass sector_map="
                    "{pdrb_group: sector}",
                )
            )
        else:
            sector_of_group[group] = table.sector_index(name)
    if problems:
        raise ValidationError(problems)
    lq = table.location_quotients()
    lq = np.vstack([lq, np.ones((1, lq.shape[1]))])  # + the neutral row (foreign participants)
    lq.setflags(write=False)
    return RegionalModel(table, lq, MappingProxyType(sector_of_group), specialities=packaged)
