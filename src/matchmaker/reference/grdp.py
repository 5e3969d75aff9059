"""Regional GDP by sector, sector shares and location quotients.

The packaged table is BPS PDRB at constant 2010 prices (ADHK), billion IDR, for the
34 provinces and the 17 industry groups (lapangan usaha), 2013-2020.  Any other
region × sector table (another country's regions, another classification) can be
wrapped in a :class:`RegionalTable` and used the same way.

Location quotient of region *p* in sector *k* (Isard 1960; Miller & Blair,
*Input-Output Analysis*, ch. 8)::

    LQ[p, k] = (x[p, k] / x[p, :].sum()) / (x[:, k].sum() / x.sum())

LQ > 1 means the region is more specialised in *k* than the reference (the sum of all
regions in the table; for Indonesia the sum of the 34 provinces, not the "Nasional"
row, which includes net product taxes).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.reference._files import read_packaged_csv

__all__ = ["PDRB_GROUPS", "RegionalTable", "grdp", "grdp_years"]

#: The 17 BPS industry groups of the provincial GDP tables, code → Indonesian name.
PDRB_GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "A": "Pertanian, Kehutanan, dan Perikanan",
        "B": "Pertambangan dan Penggalian",
        "C": "Industri Pengolahan",
        "D": "Pengadaan Listrik dan Gas",
        "E": "Pengadaan Air, Pengelolaan Sampah, Limbah dan Daur Ulang",
        "F": "Konstruksi",
        "G": "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor",
        "H": "Transportasi dan Pergudangan",
        "I": "Penyediaan Akomodasi dan Makan Minum",
        "J": "Informasi dan Komunikasi",
        "K": "Jasa Keuangan dan Asuransi",
        "L": "Real Estat",
        "M,N": "Jasa Perusahaan",
        "O": "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib",
        "P": "Jasa Pendidikan",
        "Q": "Jasa Kesehatan dan Kegiatan Sosial",
        "R,S,T,U": "Jasa Lainnya",
    }
)


@dataclass(frozen=True, eq=False)
class RegionalTable:
    """Output of each region (rows) in each sector (columns).

    Parameters
    ----------
    regions : sequence of str
        Region names, unique.
    sectors : sequence of str
        Sector codes, unique.
    values : array_like, shape (n_regions, n_sectors)
        Non-negative, finite output; every region and sector must have some output.
    year : int, optional
        The year of the figures.
    source : str
        Where the figures come from (shown in explanations).

    Raises
    ------
    ValidationError
        On a shape mismatch, duplicate names, or negative, NaN or all-zero values.

    Examples
    --------
    >>> t = RegionalTable(["north", "south"], ["farm", "mine"], [[3.0, 1.0], [1.0, 3.0]])
    >>> t.location_quotients()
    array([[1.5, 0.5],
           [0.5, 1.5]])
    >>> t.lq("north", "farm")
    1.5
    """

    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    values: NDArray[np.float64]
    year: int | None = None
    source: str = "user-supplied table"
    _region_index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    _sector_index: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        regions: Sequence[str],
        sectors: Sequence[str],
        values: ArrayLike,
        year: int | None = None,
        source: str = "user-supplied table",
    ) -> None:
        regions_t, sectors_t = tuple(regions), tuple(sectors)
        arr = np.array(values, dtype=np.float64)  # a copy: the caller's array is left alone
        problems = _check_table(regions_t, sectors_t, arr)
        if problems:
            raise ValidationError(problems)
        arr.setflags(write=False)
        for name, value in [
            ("regions", regions_t),
            ("sectors", sectors_t),
            ("values", arr),
            ("year", year),
            ("source", source),
            ("_region_index", MappingProxyType({r: i for i, r in enumerate(regions_t)})),
            ("_sector_index", MappingProxyType({s: i for i, s in enumerate(sectors_t)})),
        ]:
            object.__setattr__(self, name, value)

    def region_index(self, region: str) -> int:
        """Row of ``region``; raises ``KeyError`` naming the known regions."""
        try:
            return self._region_index[region]
        except KeyError:
            raise KeyError(f"region {region!r} is not in the table ({self.source})") from None

    def sector_index(self, sector: str) -> int:
        """Column of ``sector``; raises ``KeyError`` naming the known sectors."""
        try:
            return self._sector_index[sector]
        except KeyError:
            known = ", ".join(self.sectors)
            raise KeyError(f"sector {sector!r} is not in the table (sectors: {known})") from None

    def shares(self) -> NDArray[np.float64]:
        """Each region's sector shares (rows sum to 1), shape (n_regions, n_sectors)."""
        shares: NDArray[np.float64] = self.values / self.values.sum(axis=1, keepdims=True)
        return shares

    def location_quotients(self) -> NDArray[np.float64]:
        """Location quotients against the sum of all regions, shape (n_regions, n_sectors)."""
        reference = self.values.sum(axis=0) / self.values.sum()
        lq: NDArray[np.float64] = self.shares() / reference
        return lq

    def lq(self, region: str, sector: str) -> float:
        """Location quotient of one region in one sector."""
        return float(self.location_quotients()[self.region_index(region), self.sector_index(sector)])

    def share(self, region: str, sector: str) -> float:
        """Share (0..1) of ``sector`` in ``region``'s output."""
        return float(self.shares()[self.region_index(region), self.sector_index(sector)])


def _check_table(
    regions: tuple[str, ...], sectors: tuple[str, ...], arr: NDArray[np.float64]
) -> list[Problem]:
    problems: list[Problem] = []
    if arr.shape != (len(regions), len(sectors)):
        problems.append(
            Problem(
                f"values have shape {arr.shape}, expected ({len(regions)}, {len(sectors)}) "
                "(one row per region, one column per sector)",
                kind="shape",
                field="values",
            )
        )
        return problems
    for label, names in (("region", regions), ("sector", sectors)):
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            problems.append(Problem(f"duplicate {label} names: {dupes}", kind="duplicate", field=label + "s"))
    if not np.all(np.isfinite(arr)):
        problems.append(Problem("values contain NaN or infinity", kind="not-finite", field="values"))
    elif np.any(arr < 0):
        problems.append(Problem("values must not be negative", kind="negative", field="values"))
    else:
        for i in np.flatnonzero(arr.sum(axis=1) == 0):
            problems.append(
                Problem(f"region {regions[i]!r} has no output in any sector", kind="empty", field="values")
            )
        for k in np.flatnonzero(arr.sum(axis=0) == 0):
            problems.append(
                Problem(f"sector {sectors[k]!r} has no output in any region", kind="empty", field="values")
            )
    return problems


@functools.cache
def _grdp_rows() -> tuple[dict[str, str], ...]:
    return tuple(read_packaged_csv("matchmaker.reference", "pdrb_adhk2010_prov_lapus_2013_2020_long.csv"))


def grdp_years() -> tuple[int, ...]:
    """Years available in the packaged GRDP table.

    >>> grdp_years()
    (2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020)
    """
    return tuple(sorted({int(r["year"]) for r in _grdp_rows()}))


@functools.cache
def grdp(year: int = 2020) -> RegionalTable:
    """BPS GRDP (PDRB ADHK 2010, billion IDR) of the 34 provinces by the 17 industry groups.

    The region total is the sum of the 17 groups, which is how the published location
    quotients are computed; the "Nasional" row is left out (see the module docstring).

    Examples
    --------
    >>> t = grdp(2020)
    >>> len(t.regions), len(t.sectors)
    (34, 17)
    >>> round(t.lq("Sumatera Selatan", "B"), 2), round(t.lq("Jawa Timur", "C"), 2)
    (2.86, 1.29)
    """
    if year not in grdp_years():
        raise ValueError(f"no GRDP figures for {year}; available years: {grdp_years()}")
    rows = [
        r
        for r in _grdp_rows()
        if int(r["year"]) == year and r["prov_code"] != "00" and r["sector"] != "TOTAL"
    ]
    regions = list(dict.fromkeys(r["prov_name"] for r in rows))
    sectors = list(PDRB_GROUPS)
    values = np.zeros((len(regions), len(sectors)))
    r_index = {name: i for i, name in enumerate(regions)}
    s_index = {code: k for k, code in enumerate(sectors)}
    for r in rows:
        values[r_index[r["prov_name"]], s_index[r["sector"]]] = float(r["value_billion_idr"])
    return RegionalTable(
        regions, sectors, values, year=year, source=f"BPS PDRB ADHK 2010 by province, {year}"
    )
