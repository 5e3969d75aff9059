"""Product and sector classifications: KBLI 2020 and the Harmonized System 2022.

Two code systems describe what a participant offers or needs:

``KBLI``
    *Klasifikasi Baku Lapangan Usaha Indonesia* 2020 (Peraturan BPS No. 2/2020), all
    five levels: kategori ``A``..``U`` → golongan pokok (2 digits) → golongan (3) →
    subgolongan (4) → kelompok (5).  All codes are shipped and checked.
``HS``
    Harmonized System 2022: section (roman numeral) → chapter (2 digits) → heading
    (4) → subheading (6).  The whole nomenclature is shipped (21 sections, 96
    chapters, 1,228 headings, 5,612 subheadings, with their titles) and a code is
    accepted only when it exists.

A code's *lineage* is its chain of ancestors, top level first, ending with the code
itself; hierarchical fit in scoring compares lineages.  Every code also maps to one
of the 17 BPS industry groups of the regional GDP (PDRB) table: KBLI codes through
their kategori, HS codes through ``hs2022_chapter_links.csv`` (chapter → main KBLI
division → PDRB group; a documented, approximate mapping).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from matchmaker.reference._files import read_packaged_csv

__all__ = ["CodeSystem", "CodeTable", "hs", "kbli", "kbli_english_title", "kbli_title", "table_for"]

CodeSystem = Literal["KBLI", "HS"]
_PACKAGE = "matchmaker.reference"


@dataclass(frozen=True)
class CodeTable:
    """One classification: its codes, titles, parents and PDRB industry groups.

    Use :func:`kbli` or :func:`hs` to get the packaged tables.

    Examples
    --------
    >>> k = kbli()
    >>> k.lineage("10721")
    ('C', '10', '107', '1072', '10721')
    >>> k.title("10721")
    'INDUSTRI GULA PASIR'
    >>> k.pdrb_group("10721")
    'C'
    >>> hs().lineage("170199")
    ('IV', '17', '1701', '170199')
    >>> hs().pdrb_group("2701"), hs().kbli_division("2701")
    ('B', '05')
    >>> hs().title("100630")
    'Cereals; rice, semi-milled or wholly milled, whether or not polished or glazed'
    >>> hs().is_valid("1006"), hs().is_valid("1099"), hs().is_valid("999999")
    (True, False, False)
    """

    system: CodeSystem
    titles: Mapping[str, str]
    parents: Mapping[str, str | None]
    groups: Mapping[str, str]
    level_names: tuple[str, ...]

    def is_valid(self, code: str) -> bool:
        """Whether ``code`` is a known code of the classification."""
        if self.system == "HS":
            # sections appear in lineages but are not codes a participant can use
            return code.isdigit() and len(code) in (2, 4, 6) and code in self.titles
        return code in self.titles

    __contains__ = is_valid

    def lineage(self, code: str) -> tuple[str, ...]:
        """Ancestors of ``code``, top level first, ending with ``code`` itself."""
        self._check(code)
        out: list[str] = []
        current: str | None = code
        while current is not None:
            out.append(current)
            current = self.parents[current]
        return tuple(reversed(out))

    def level(self, code: str) -> int:
        """Depth of ``code``: 0 for a KBLI kategori or an HS section."""
        return len(self.lineage(code)) - 1

    def level_name(self, code: str) -> str:
        """Name of the level of ``code`` (``"kelompok"``, ``"chapter"``...)."""
        return self.level_names[self.level(code)]

    def title(self, code: str) -> str:
        """Official title of ``code``."""
        self._check(code)
        return self.titles[code]

    def pdrb_group(self, code: str) -> str:
        """The BPS PDRB industry group (one of 17) that ``code`` falls in."""
        lineage = self.lineage(code)
        return self.groups[lineage[1] if self.system == "HS" else lineage[0]]

    def kbli_division(self, code: str) -> str:
        """For an HS code: the KBLI golongan pokok its chapter is mainly produced in."""
        if self.system != "HS":
            raise TypeError("kbli_division() maps HS codes; a KBLI code is its own lineage")
        self._check(code)
        return _hs_links()[code[:2]][0]

    def suggest(self, code: str, n: int = 3) -> list[str]:
        """Known codes close to ``code`` (for error messages)."""
        candidates = [c for c in self.titles if len(c) == len(code)] or list(self.titles)
        if self.system == "HS" and code.isdigit() and len(code) in (4, 6):
            # the codes under the longest known prefix first: HS:100699 → 100610, 100620...
            prefix = next((code[:k] for k in range(len(code) - 2, 0, -2) if code[:k] in self.titles), "")
            near = [c for c in candidates if prefix and c.startswith(prefix)]
            out = difflib.get_close_matches(code, near, n=n, cutoff=0.0) if near else []
            return out or difflib.get_close_matches(code, candidates, n=n, cutoff=0.6)
        out = difflib.get_close_matches(code, candidates, n=n, cutoff=0.6)
        if self.system == "KBLI" and code.isdigit() and ("0" + code) in self.titles:
            out.insert(0, "0" + code)  # spreadsheets drop leading zeros
        return list(dict.fromkeys(out))[:n]

    def _check(self, code: str) -> None:
        if not self.is_valid(code):
            raise KeyError(f"unknown {self.system} code {code!r}")


@functools.cache
def _hs_links() -> Mapping[str, tuple[str, str]]:
    rows = read_packaged_csv(_PACKAGE, "hs2022_chapter_links.csv")
    return MappingProxyType({r["hs2"]: (r["kbli_division"], r["pdrb_group"]) for r in rows})


@functools.cache
def kbli() -> CodeTable:
    """The packaged KBLI 2020 table (2,711 codes, five levels; see data/README.md).

    >>> len(kbli().titles)
    2711
    """
    rows = read_packaged_csv(_PACKAGE, "kbli2020_all_levels.csv")
    titles = {r["code"]: r["title"] for r in rows}
    parents: dict[str, str | None] = {}
    for r in rows:
        code = r["code"]
        if r["level"] == "kategori":
            parents[code] = None
        elif len(code) == 2:
            parents[code] = r["kategori"]
        else:
            parents[code] = code[:-1]
    groups = {r["code"]: r["pdrb_lapus_group"] for r in rows if r["level"] == "kategori"}
    return CodeTable(
        system="KBLI",
        titles=MappingProxyType(titles),
        parents=MappingProxyType(parents),
        groups=MappingProxyType(groups),
        level_names=("kategori", "golongan pokok", "golongan", "subgolongan", "kelompok"),
    )


@functools.cache
def hs() -> CodeTable:
    """The packaged HS 2022 table: 21 sections, 96 chapters, 1,228 headings, 5,612 subheadings.

    >>> hs().title("09"), hs().title("1006")
    ('Coffee, tea, mate and spices', 'Rice')
    >>> sum(len(c) == 6 for c in hs().titles)
    5612
    """
    sections = read_packaged_csv(_PACKAGE, "hs2022_sections.csv")
    chapters = [r for r in read_packaged_csv(_PACKAGE, "hs2022_chapters.csv") if r["section"] != "TOTAL"]
    titles = {r["section"]: r["name"].strip() for r in sections}
    parents: dict[str, str | None] = dict.fromkeys(titles)
    for r in chapters:
        titles[r["hs2"]] = r["chapter_description"].strip()
        parents[r["hs2"]] = r["section"]
    for r in read_packaged_csv(_PACKAGE, "hs2022_all_levels.csv"):
        code = r["code"]
        if r["level"] != "chapter" and code[:2] in parents:  # chapter 99 is not a product code
            titles[code] = r["description"].strip()
            parents[code] = code[:-2]
    groups = {ch: group for ch, (_, group) in _hs_links().items()}
    return CodeTable(
        system="HS",
        titles=MappingProxyType(titles),
        parents=MappingProxyType(parents),
        groups=MappingProxyType(groups),
        level_names=("section", "chapter", "heading", "subheading"),
    )


def table_for(system: str) -> CodeTable:
    """The packaged table of ``system`` (``"KBLI"`` or ``"HS"``).

    >>> table_for("HS").system
    'HS'
    """
    if system == "KBLI":
        return kbli()
    if system == "HS":
        return hs()
    raise ValueError(f"unknown code system {system!r}; use 'KBLI' or 'HS'")


@functools.cache
def _kbli_english() -> Mapping[str, str]:
    rows = read_packaged_csv(_PACKAGE, "kbli2020_titles_en.csv")
    return MappingProxyType({r["code"]: r["title"] for r in rows})


def kbli_english_title(code: str) -> str | None:
    """The English title of a KBLI kategori or golongan pokok (its ISIC Rev.4 title), else ``None``.

    Below the golongan pokok there is none to give: KBLI 2020 keeps ISIC Rev.4's codes
    and their content down to the golongan pokok (2 digits), but deeper it splits or
    redraws classes under the same codes (KBLI 1061 leaves out rice and maize, which
    ISIC 1061 holds; KBLI 4921 is bus transport on fixed routes, ISIC 4921 urban and
    suburban passenger land transport; KBLI 492 is bus transport, ISIC 492 all other
    land transport), and its 5-digit kelompok have no ISIC counterpart: an ISIC title
    found under the same code would name another activity (see data/README.md).

    Raises
    ------
    KeyError
        For a code that is not in KBLI 2020 (as :meth:`CodeTable.title`).

    Examples
    --------
    >>> kbli_english_title("10"), kbli_english_title("C"), kbli_english_title("1061")
    ('Manufacture of food products', 'Manufacturing', None)
    """
    kbli().title(code)  # a code that does not exist raises, as kbli_title does
    return _kbli_english().get(code)


def kbli_title(code: str, lang: str = "id") -> str:
    """The title of a KBLI code for a reader of ``lang``.

    In Indonesian the official title; in English, for a kategori or golongan pokok, its
    ISIC Rev.4 title (KBLI 2020 keeps ISIC's codes down to the golongan pokok; see
    data/README.md), else the official title (the deeper levels have no English one).

    Parameters
    ----------
    code : str
        A KBLI 2020 code of any level.
    lang : {"id", "en"}
        The reader's language.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        For a code that is not in KBLI 2020 (as :meth:`CodeTable.title`).
    ValueError
        For a language other than ``"id"`` and ``"en"``.

    Examples
    --------
    >>> kbli_title("10"), kbli_title("10", "en"), kbli_title("10631", "en")[:26]
    ('INDUSTRI MAKANAN', 'Manufacture of food products', 'INDUSTRI PENGGILINGAN PADI')
    """
    if lang not in ("id", "en"):
        raise ValueError(f"unknown language {lang!r}; use 'id' or 'en'")
    title = kbli().title(code)  # the same error in both languages for a code that does not exist
    return _kbli_english().get(code, title) if lang == "en" else title
