"""Indonesia's provinces: canonical names, aliases, time zones and GRDP regions.

The 34 provinces of the BPS GRDP series plus the four Papua provinces created in
2022 (Papua Selatan, Papua Tengah, Papua Pegunungan, Papua Barat Daya).  The new
provinces have no GRDP of their own before 2022; for regional potential they use
the province they were split from (``grdp_region``).

Names are matched loosely: case, spaces, a leading "Provinsi"/"Prov.", the
English name ("East Java"), common abbreviations ("Jatim", "Sumsel", "DIY") and
the spelling "Sumatra" are all accepted.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from matchmaker.reference._files import read_packaged_csv

__all__ = [
    "Province",
    "canonical_province",
    "province",
    "province_timezone",
    "provinces",
    "suggest_province",
]


@dataclass(frozen=True)
class Province:
    """A province: BPS code (empty for the 2022 Papua provinces), names and time zone."""

    code: str
    name: str
    english_name: str
    aliases: tuple[str, ...]
    timezone: str
    grdp_region: str


def _key(name: str) -> str:
    text = re.sub(r"\s+", " ", name.strip().casefold())
    text = re.sub(r"^(provinsi|prov\.?|province of)\s+", "", text)
    text = re.sub(r"\s+province$", "", text)
    return text.replace("sumatra", "sumatera")


@functools.cache
def provinces() -> Mapping[str, Province]:
    """All provinces by canonical name, in BPS code order.

    >>> len(provinces())
    38
    >>> provinces()["Sumatera Selatan"].timezone
    'Asia/Jakarta'
    """
    out: dict[str, Province] = {}
    for r in read_packaged_csv("matchmaker.reference", "provinces.csv"):
        out[r["name"]] = Province(
            code=r["prov_code"],
            name=r["name"],
            english_name=r["english_name"],
            aliases=tuple(a for a in r["aliases"].split(";") if a),
            timezone=r["timezone"],
            grdp_region=r["grdp_region"],
        )
    return MappingProxyType(out)


@functools.cache
def _lookup() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for p in provinces().values():
        for name in (p.name, p.english_name, *p.aliases, p.code):
            if name:
                table[_key(name)] = p.name
    return MappingProxyType(table)


def canonical_province(name: str) -> str | None:
    """The canonical name of ``name``, or ``None`` if it is not a province.

    >>> canonical_province("east java"), canonical_province("Prov. Sumsel")
    ('Jawa Timur', 'Sumatera Selatan')
    >>> canonical_province("Atlantis") is None
    True
    """
    return _lookup().get(_key(name))


def suggest_province(name: str) -> list[str]:
    """Canonical names close to a misspelt ``name`` (for error messages)."""
    keys = difflib.get_close_matches(_key(name), list(_lookup()), n=3, cutoff=0.6)
    return list(dict.fromkeys(_lookup()[k] for k in keys))


def province(name: str) -> Province:
    """The :class:`Province` called ``name`` (any accepted spelling).

    >>> province("Jatim").english_name
    'East Java'
    """
    canonical = canonical_province(name)
    if canonical is None:
        hint = suggest_province(name)
        raise KeyError(f"unknown province {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    return provinces()[canonical]


def province_timezone(name: str) -> str | None:
    """The IANA time zone of province ``name`` (any accepted spelling), or ``None`` if it is not a province.

    The one mapping of a province to its zone (``provinces.csv``), which the agendas of both
    paths and the group path's reading of availability windows go by.

    >>> province_timezone("Bali"), province_timezone("Kalbar"), province_timezone("Papua")
    ('Asia/Makassar', 'Asia/Pontianak', 'Asia/Jayapura')
    >>> province_timezone("Johor") is None
    True
    """
    canonical = canonical_province(name)
    return None if canonical is None else provinces()[canonical].timezone
