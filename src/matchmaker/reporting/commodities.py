"""One display name per commodity, whatever code or word a form or a participant used.

The same rice reaches a report as KBLI ``10631`` (*Industri penggilingan padi dan
penyosohan beras*), as HS ``1006`` (*Rice*) or as the word ``beras`` typed into the
outcome form.  :func:`commodity_name` gives all three one name, ``Beras`` (``Rice`` in
English), from ``data/commodities.csv``: the goods East Java and South Sumatra traded
at their missions (the bundled catalogue), each with its KBLI 2020 kelompok, its HS 2022
heading where one heading is that good alone, an Indonesian and an English name, and
other names people write for it.  Any other code is named by its classification title
with the code, and any other word by itself, capitalised.

KBLI titles are Indonesian only.  In English, a KBLI kategori or golongan pokok is named
by its ISIC Rev.4 title (KBLI 2020 keeps ISIC's codes and content at those levels:
:func:`~matchmaker.reference.classification.kbli_english_title`); a deeper code keeps its
Indonesian title, marked as such (``KBLI 10792 (Indonesian title: Industri kue basah)``),
since below the golongan pokok the same code may name another activity in ISIC and the
5-digit kelompok have no ISIC counterpart.  HS titles are English only (the Indonesian
BTKI 2022 titles are published by Bea Cukai as an application and PDF, and no package on
PyPI or npm nor a public repository we could reach ships them machine-readable).

:func:`sector_of` gives a commodity's sector: its KBLI 2020 kategori (A–U), named in
``data/sectors.csv`` (short forms of the official Indonesian titles, and the ISIC Rev.4
section names in English); HS codes reach a kategori through their chapter's main KBLI
division.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from matchmaker.model.lines import TradeLine
from matchmaker.model.text import split_list
from matchmaker.reference._files import read_packaged_csv
from matchmaker.reference.classification import hs, kbli, kbli_english_title, table_for
from matchmaker.reporting.labels import check_language

__all__ = ["Commodity", "commodity", "commodity_name", "sector_name", "sector_of"]

_PACKAGE = "matchmaker.reporting"


@dataclass(frozen=True, kw_only=True)
class Commodity:
    """A commodity as reports show it: a stable ``key``, its names and its sector (KBLI kategori)."""

    key: str
    name_id: str
    name_en: str
    sector: str | None

    def name(self, lang: str = "id") -> str:
        """The display name in ``lang``."""
        return self.name_id if check_language(lang) == "id" else self.name_en


@dataclass(frozen=True)
class _Names:
    by_kbli: Mapping[str, Commodity]
    by_hs: Mapping[str, Commodity]
    by_word: Mapping[str, Commodity]
    sectors: Mapping[str, tuple[str, str]]


@functools.cache
def _names() -> _Names:
    by_kbli: dict[str, Commodity] = {}
    by_hs: dict[str, Commodity] = {}
    by_word: dict[str, Commodity] = {}
    for row in read_packaged_csv(_PACKAGE, "commodities.csv"):
        item = Commodity(
            key=f"KBLI:{row['kbli']}",
            name_id=row["name_id"],
            name_en=row["name_en"],
            sector=kbli().lineage(row["kbli"])[0],
        )
        by_kbli[row["kbli"]] = item
        if row["hs"]:
            by_hs[row["hs"]] = item
        for word in (row["name_id"], row["name_en"], *split_list(row["aliases"])):
            by_word.setdefault(word.casefold(), item)
    sectors = {r["code"]: (r["name_id"], r["name_en"]) for r in read_packaged_csv(_PACKAGE, "sectors.csv")}
    frozen = (MappingProxyType(by_kbli), MappingProxyType(by_hs), MappingProxyType(by_word))
    return _Names(*frozen, MappingProxyType(sectors))


def sector_of(line: TradeLine) -> str:
    """The KBLI 2020 kategori (``"A"``..``"U"``) of a trade line.

    >>> sector_of(TradeLine("10631")), sector_of(TradeLine("2701", "HS"))
    ('C', 'B')
    """
    if line.system == "KBLI":
        return kbli().lineage(line.code)[0]
    return kbli().lineage(hs().kbli_division(line.code))[0]


def sector_name(code: str | None, lang: str = "id") -> str:
    """The name of a KBLI kategori; ``None`` (sector unknown) gets "lainnya" / "other".

    >>> sector_name("C"), sector_name("C", "en"), sector_name(None)
    ('Industri pengolahan', 'Manufacturing', 'Lainnya')
    """
    if code is None:
        return "Lainnya" if check_language(lang) == "id" else "Other"
    name_id, name_en = _names().sectors[code]
    return name_id if check_language(lang) == "id" else name_en


def commodity(item: TradeLine | str) -> Commodity:
    """The commodity a trade line or a written name stands for (see the module's docstring).

    Examples
    --------
    >>> [commodity(x).name_id for x in (TradeLine("10631"), TradeLine("1006", "HS"), " beras ")]
    ['Beras', 'Beras', 'Beras']
    >>> commodity(TradeLine("100630", "HS")).name_en  # a subheading of a named heading
    'Rice'
    >>> commodity(TradeLine("10792")).name_id, commodity(TradeLine("10792")).name_en
    ('Industri kue basah (KBLI 10792)', 'KBLI 10792 (Indonesian title: Industri kue basah)')
    >>> commodity(TradeLine("10")).name_en  # a golongan pokok: its ISIC Rev.4 title
    'Manufacture of food products (KBLI 10)'
    >>> commodity("kain songket").name_id, commodity("kain songket").sector is None
    ('Kain songket', True)
    """
    names = _names()
    if isinstance(item, str):
        text = " ".join(item.split())
        found = names.by_word.get(text.casefold())
        if found is not None:
            return found
        name = text[:1].upper() + text[1:]
        return Commodity(key=f"text:{text.casefold()}", name_id=name, name_en=name, sector=None)
    if item.system == "KBLI" and item.code in names.by_kbli:
        return names.by_kbli[item.code]
    if item.system == "HS" and item.code[:4] in names.by_hs:
        return names.by_hs[item.code[:4]]
    title = table_for(item.system).title(item.code)
    title = f"{title[:1].upper()}{title[1:].lower()}"
    name = f"{title} ({item.system} {item.code})"
    english = name
    if item.system == "KBLI":
        isic = kbli_english_title(item.code)
        # an English reader is told the title is Indonesian rather than left to guess
        english = f"{isic} (KBLI {item.code})" if isic else f"KBLI {item.code} (Indonesian title: {title})"
    return Commodity(key=item.key, name_id=name, name_en=english, sector=sector_of(item))


def commodity_name(item: TradeLine | str | None, lang: str = "id") -> str:
    """The display name of a commodity in ``lang``; ``None`` is "tidak disebutkan" / "not stated".

    >>> commodity_name(TradeLine("10631"), "en"), commodity_name("BERAS"), commodity_name(None, "en")
    ('Rice', 'Beras', '(not stated)')
    """
    if item is None:
        return "(tidak disebutkan)" if check_language(lang) == "id" else "(not stated)"
    return commodity(item).name(lang)
