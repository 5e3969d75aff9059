"""Deal outcomes: what the meetings produced, summarised as trade offices publish it.

After the event, organisers fill in the outcome form (written by the XLSX and CSV
exports, one row per meeting): for each deal, who sold, its value in rupiah, the
commodity, its volume and unit, and what kind of agreement it is.  A meeting with
several deals gets several rows.  A row counts as a deal when any of ``seller``,
``value_idr``, ``commodity``, ``volume``, ``category`` or ``mou`` is filled in (an MoU
signed without a stated value is a deal, with no value); a meeting without a deal
leaves them empty.

Columns read, by their English key or Indonesian header (others, such as the
participants' names or the slot, are ignored):

=====================  ==========================================================
column                 holds
=====================  ==========================================================
meeting (pertemuan)    the meeting's reference (optional)
a_id, b_id (id_a/b)    the two participants (side A, side B; at a mission of several
                       delegations, any two of different delegations that may meet)
seller (penjual)       who sold: ``A`` (the ``a_id`` column's participant), ``B``, the
                       seller's id or the seller's delegation
value_idr (nilai_rp)   the deal's value, written as Indonesians write it:
                       ``Rp 1.500.000.000,-``, ``750 juta``, ``1,5 miliar`` (see
                       :func:`~matchmaker.reporting.numbers.parse_rupiah`); optional
commodity (komoditas)  what was traded: a trade line code (``10722``, ``HS:0207``) or a
                       name (``beras``); text starting with a digit or ``HS:``/``KBLI:``
                       must be a valid code
volume, unit (satuan)  the quantity (``506`` and ``ton``, or ``506 ton`` in ``volume``)
category (kategori)    ``contract`` (kontrak: a sale agreed, counted as realised),
                       ``mou``, ``loi`` or ``potential`` (potensi); empty: ``mou`` if
                       the ``mou`` column says yes, else ``contract``
mou                    ``yes``/``ya``/``1`` or ``no``/``tidak``/``0`` (older forms; empty: no)
notes (catatan)        free text
=====================  ==========================================================

:func:`summarise_outcomes` gives what a trade office publishes: the total, the value
by kind of agreement, by sector and by commodity (every one, with its volume), by
regency or city, what each delegation sold and bought of each commodity, and a
paragraph for the press release (:meth:`OutcomeSummary.press_release`).

A mission of several delegations (a :class:`~matchmaker.model.groups.GroupMission`, the
group path) is read and summarised the same way, every delegation in the mission's
order.  Its form (the group pack's) has a row per meeting and, for a group meeting, a
row per member, the host in ``a_id``: a deal is between two businesses, whoever else
sat at the table.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from matchmaker.errors import DataFileError, JSONValue, Problem, ValidationError
from matchmaker.io.cells import restore
from matchmaker.io.sheets import Sheet, read_csv_sheet, read_problems, read_xlsx_sheet
from matchmaker.model.groups import GroupMission
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Mission
from matchmaker.model.text import AmountError, parse_amount
from matchmaker.reporting.commodities import commodity, sector_name
from matchmaker.reporting.labels import COLUMN_LABELS, check_language, column_key, label
from matchmaker.reporting.numbers import (
    format_count,
    format_number,
    format_percent,
    format_rupiah,
    parse_rupiah,
)

__all__ = [
    "CATEGORIES",
    "OUTCOME_COLUMNS",
    "CommodityTotal",
    "Deal",
    "OutcomeSummary",
    "PlaceTotal",
    "meeting_mismatches",
    "read_outcomes",
    "summarise_outcomes",
]

#: Columns of the outcome form, in the order the exports write them.
OUTCOME_COLUMNS = (
    "meeting",
    "a_id",
    "b_id",
    "seller",
    "value_idr",
    "commodity",
    "volume",
    "unit",
    "category",
    "notes",
)
#: Kinds of agreement, in the order summaries list them; ``contract`` is the realised one.
CATEGORIES = ("contract", "mou", "loi", "potential")
_CATEGORY_WORDS = {
    "contract": "contract",
    "kontrak": "contract",
    "transaksi": "contract",
    "transaction": "contract",
    "deal": "contract",
    "realised": "contract",
    "terealisasi": "contract",
    "mou": "mou",
    "loi": "loi",
    "potential": "potential",
    "potensi": "potential",
}
_YES = {"yes", "y", "ya", "1", "true", "x", "✓"}
_CODE_LIKE = re.compile(r"^\s*(\d|(hs|kbli)\s*:)", re.IGNORECASE)  # what must then be a valid code
_NO = {"no", "n", "tidak", "0", "false", ""}
_VOLUME = re.compile(r"^(?P<number>[\d.,]+)\s*(?P<unit>\D.*)?$")
_UNITS = {
    "t": "ton",
    "ton": "ton",
    "tons": "ton",
    "tonnes": "ton",
    "kg": "kg",
    "l": "liter",
    "litre": "liter",
}
_DEAL_COLUMNS = ("seller", "value_idr", "commodity", "volume", "category", "mou")
_MONTHS_ID: tuple[str, ...] = ("Januari", "Februari", "Maret", "April", "Mei", "Juni")
_MONTHS_ID += ("Juli", "Agustus", "September", "Oktober", "November", "Desember")


@dataclass(frozen=True)
class Deal:
    """One recorded deal: ``seller`` sold to ``buyer`` for ``value_idr`` (``None``: not stated).

    ``commodity`` is a code when one was given, else the name written on the form.
    ``category`` is one of :data:`CATEGORIES`; when omitted, ``"mou"`` if ``mou`` is
    true, else ``"contract"``.  ``mou`` is true exactly when the category is ``"mou"``.
    """

    seller: str
    buyer: str
    value_idr: float | None
    commodity: TradeLine | str | None = None
    mou: bool = False
    meeting: str | None = None
    notes: str | None = None
    volume: float | None = None
    unit: str | None = None
    category: str | None = None

    def __post_init__(self) -> None:
        category = self.category or ("mou" if self.mou else "contract")
        if category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "mou", category == "mou")
        if self.unit:  # "t" and "ton" are the same unit in the totals
            object.__setattr__(self, "unit", _UNITS.get(self.unit.strip().casefold(), self.unit.strip()))


def _problem(
    message: str,
    sheet: Sheet,
    row: int,
    column: str,
    kind: str,
    hint: str | None = None,
    data: Mapping[str, JSONValue] | None = None,
) -> Problem:
    return Problem(
        message, kind=kind, source=sheet.source, row=row, column=column, hint=hint, data=data or {}
    )


def read_outcomes(
    path: str | Path, mission: Mission | GroupMission, *, sheet: str | None = None, lang: str = "id"
) -> tuple[Deal, ...]:
    """Read a filled-in outcome form (CSV or XLSX) for ``mission``.

    Headers may be English or Indonesian.  ``lang`` is how to read a lone ``,`` in a
    value (``"id"``: a decimal comma; ``"en"``: a thousands separator).  For a
    :class:`~matchmaker.model.groups.GroupMission`, ``a_id`` and ``b_id`` are any two
    participants of different delegations that may meet (its ``allowed`` pairs).

    Raises
    ------
    DataFileError
        Listing every problem with its row and column: unknown participants, two
        participants of the same side (of the same delegation, or of delegations that
        may not meet, at a mission of several), a seller who is neither, bad or
        implausible amounts, codes, volumes, categories or MoU marks.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        raw = read_xlsx_sheet(path, sheet=sheet, default="outcomes")
        if sheet is None and not {"a_id", "b_id"} <= {column_key(c) for c in raw.labels}:
            raw = read_xlsx_sheet(path, sheet=None, default="hasil")  # the Indonesian workbook's sheet
    else:
        raw = read_csv_sheet(path)
    columns = [column_key(c) for c in raw.labels]
    missing = [c for c in ("a_id", "b_id", "seller", "value_idr") if c not in columns]
    if missing:
        raise DataFileError(
            Problem(
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                kind="missing-column",
                source=raw.source,
                row=1,
                hint="use the outcome form written by matchmaker's exports",
            )
        )
    misnamed = _misnamed_columns(raw)
    if misnamed:  # a deal column under another name would be dropped from every deal
        raise DataFileError(misnamed)
    labels = dict(zip(columns, raw.labels, strict=True))
    deals: list[Deal] = []
    problems: list[Problem] = list(raw.problems)
    for number, cells in raw.rows:
        record = dict(zip(columns, [restore(c.strip()) for c in cells], strict=False))
        if not any(record.get(k) for k in _DEAL_COLUMNS):
            continue  # a meeting without a deal
        found = _deal(record, mission, raw, number, lang)
        if isinstance(found, Deal):
            deals.append(found)
        else:
            problems += [p.located(column=labels.get(p.column or "", p.column)) for p in found]
    if problems:
        raise DataFileError(read_problems(problems))
    return tuple(deals)


#: Headers people give the form's optional deal columns (the tutorial calls the category a
#: deal's "kind"): read as unknown, they would be dropped from every deal without a word.
_DEAL_SYNONYMS = MappingProxyType(
    {
        **dict.fromkeys(("kind", "jenis", "type", "tipe", "agreement", "kesepakatan"), "category"),
        "jenis_kesepakatan": "category",
        **dict.fromkeys(("product", "produk", "komoditi", "barang", "goods", "item"), "commodity"),
        **dict.fromkeys(("quantity", "qty", "kuantitas", "jumlah_barang", "tonase"), "volume"),
        **dict.fromkeys(("units", "satuan_volume"), "unit"),
    }
)


def _misnamed_columns(raw: Sheet) -> list[Problem]:
    """Headers that mean one of the form's deal columns under a name it does not read."""
    keys = {column_key(c) for c in raw.labels}
    out = []
    for header in raw.labels:
        meant = _DEAL_SYNONYMS.get(re.sub(r"[\s\-]+", "_", header.strip().casefold()))
        if meant is None or meant in keys:
            continue
        out.append(
            Problem(
                f"unknown column {header!r}: the outcome form calls it {meant!r} "
                f"({COLUMN_LABELS[meant]!r} in Indonesian)",
                kind="misnamed-column",
                source=raw.source,
                row=1,
                column=header,
                data={"header": header, "meant": meant, "indonesian": COLUMN_LABELS[meant]},
                hint=f"rename the column {meant} (or {COLUMN_LABELS[meant]}); else its values are not read",
            )
        )
    return out


def _deal(
    record: Mapping[str, str], mission: Mission | GroupMission, sheet: Sheet, row: int, lang: str
) -> Deal | list[Problem]:
    a, b = record.get("a_id", ""), record.get("b_id", "")
    problems = _pair_problems(mission, a, b, sheet, row)
    seller_text = record.get("seller", "")
    name_a, name_b = _column_delegations(mission, a, b)
    sides = {
        "a": a,
        "b": b,
        a.casefold(): a,
        b.casefold(): b,
        **({name_a.casefold(): a} if name_a else {}),
        **({name_b.casefold(): b} if name_b else {}),
    }
    seller = sides.get(seller_text.casefold()) if seller_text else None
    # the delegations A and B stand for, for the hints (the Indonesian one reads them from data):
    # a mission of many delegations has no sides, so "side A" would name nothing there
    named: dict[str, JSONValue] = {"case": "named", "a": name_a, "b": name_b} if name_a and name_b else {}
    if not seller_text:  # a deal with nobody selling (was "seller '' is neither side")
        who = f"A ({name_a} sells), B ({name_b} sells)" if named else "A, B"
        problems.append(
            _problem(
                "the seller cell is empty, and the row records a deal",
                sheet,
                row,
                "seller",
                "missing-seller",
                f"write {who} or the seller's id",
                named,
            )
        )
    elif seller is None:
        problems.append(
            _problem(
                f"seller {seller_text!r} is neither side of the meeting",
                sheet,
                row,
                "seller",
                "unknown-seller",
                f"write A, B, the seller's id or its delegation ({name_a} or {name_b})"
                if named
                else "write A, B or the seller's id",
                named,
            )
        )
    value = None
    if record.get("value_idr"):
        try:
            value = parse_rupiah(record["value_idr"], lang)
        except AmountError as exc:
            problems.append(_problem(exc.reason, sheet, row, "value_idr", exc.kind, exc.hint))
    text = record.get("commodity") or ""
    item: TradeLine | str | None = text or None
    if _CODE_LIKE.match(text):
        try:
            item = TradeLine.parse(text)
        except ValidationError as exc:
            problems += [_problem(p.message, sheet, row, "commodity", p.kind, p.hint) for p in exc.problems]
    volume, unit = _volume(record.get("volume", ""), record.get("unit", ""), sheet, row, problems)
    category = None
    if record.get("category"):
        category = _CATEGORY_WORDS.get(record["category"].strip().casefold())
        if category is None:
            problems.append(
                _problem(
                    f"unknown category {record['category']!r}",
                    sheet,
                    row,
                    "category",
                    "syntax",
                    "write contract (kontrak), MoU, LoI or potential (potensi)",
                )
            )
    mark = record.get("mou", "").casefold()
    if mark not in _YES | _NO:
        problems.append(
            _problem(f"MoU mark {record['mou']!r} is neither yes nor no", sheet, row, "mou", "syntax")
        )
    if problems or seller is None:
        return problems
    return Deal(
        seller=seller,
        buyer=b if seller == a else a,
        value_idr=value,
        commodity=item,
        mou=mark in _YES,
        meeting=record.get("meeting") or None,
        notes=record.get("notes") or None,
        volume=volume,
        unit=unit,
        category=category,
    )


def _pair_problems(mission: Mission | GroupMission, a: str, b: str, sheet: Sheet, row: int) -> list[Problem]:
    """What is wrong with a row's ``a_id`` and ``b_id``: an unknown participant; at a mission of
    two delegations, one on the other side; at one of several, two of one delegation or of
    delegations that may not meet (the two columns say no side there)."""
    problems: list[Problem] = []
    for column, pid, side in (("a_id", a, "A"), ("b_id", b, "B")):
        if pid not in mission:
            problems.append(
                _problem(f"{pid!r} is not a participant", sheet, row, column, "unknown-participant")
            )
        elif isinstance(mission, Mission) and mission.locate(pid)[0] != side:
            problems.append(_problem(f"{pid!r} is not on side {side}", sheet, row, column, "wrong-side"))
    if problems or isinstance(mission, Mission):
        return problems
    one, other = mission[a].delegation, mission[b].delegation
    if one == other:
        message, data = f"{a!r} and {b!r} are both of {one!r}", {"a": a, "b": b, "delegation": one}
        hint = "a deal is between participants of two delegations: check the ids"
        return [_problem(message, sheet, row, "b_id", "same-delegation-deal", hint, data)]
    names = mission.group_names
    if tuple(sorted((names.index(one), names.index(other)))) in (mission.allowed or ()):
        return []
    allowed = "; ".join(f"{names[i]} – {names[j]}" for i, j in mission.allowed or ())
    message, data = f"{one!r} and {other!r} may not meet at this mission", {"first": one, "second": other}
    hint = f"check the ids; the delegations that meet are {allowed}"
    return [_problem(message, sheet, row, "b_id", "disallowed-deal", hint, {**data, "allowed": allowed})]


def _column_delegations(mission: Mission | GroupMission, a: str, b: str) -> tuple[str | None, str | None]:
    """The delegations a row's ``A`` and ``B`` stand for: the sides' at a mission of two
    delegations (whoever the cells name), else those of the ``a_id`` and ``b_id``
    participants (None for an unknown one)."""
    if isinstance(mission, Mission):
        return mission.side_a.name, mission.side_b.name
    found = [mission[pid].delegation if pid in mission else None for pid in (a, b)]
    return found[0], found[1]


def _volume(
    text: str, unit: str, sheet: Sheet, row: int, problems: list[Problem]
) -> tuple[float | None, str | None]:
    """A volume and its unit, from ``volume`` and ``unit`` cells (or "506 ton" in ``volume``)."""
    if not text:
        return None, None
    match = _VOLUME.match(text.strip())
    try:
        if match is None:
            raise AmountError(f"{text!r} is not a volume", "write a number, e.g. 506, and the unit")
        number = parse_amount(match["number"])
    except AmountError as exc:
        problems.append(_problem(exc.reason, sheet, row, "volume", "syntax", exc.hint))
        return None, None
    unit = (unit or match["unit"] or "").strip()
    if not unit:
        problems.append(
            _problem(f"volume {text!r} has no unit", sheet, row, "unit", "missing-unit", "e.g. ton, kg, unit")
        )
        return None, None
    return number, unit


@dataclass(frozen=True, kw_only=True)
class CommodityTotal:
    """One commodity's deals: value, count, volume by unit, sector, and who sold it.

    ``sold_by`` maps each delegation's name (every one, in the mission's order) to the
    value it sold of this commodity (its buyers' delegations bought it).
    """

    name: str
    sector: str
    value_idr: float
    deals: int
    volumes: tuple[tuple[float, str], ...]
    sold_by: Mapping[str, float]


@dataclass(frozen=True, kw_only=True)
class PlaceTotal:
    """Deals of one delegation's participants from one regency or city (``kabupaten/kota``)."""

    delegation: str
    place: str
    deals: int
    sold_idr: float
    bought_idr: float


@dataclass(frozen=True)
class OutcomeSummary:
    """Deal outcomes in the form trade offices publish.

    ``sold`` and ``bought`` map each delegation's name (every one, in the mission's order)
    to the value it sold and bought;
    ``commodities`` lists every commodity, largest value first (``top_commodities`` the
    same as (name, value) pairs); ``sectors`` pairs each sector with its value and
    number of deals; ``places`` lists the regencies and cities; ``categories`` maps each
    of :data:`CATEGORIES` to (deals, value).  Names are in ``lang``.
    """

    mission: Mission | GroupMission
    total_idr: float
    transactions: int
    mous: int
    sold: Mapping[str, float]
    bought: Mapping[str, float]
    top_commodities: tuple[tuple[str, float], ...]
    declared_potential_idr: float | None = None
    commodities: tuple[CommodityTotal, ...] = ()
    sectors: tuple[tuple[str, float, int], ...] = ()
    places: tuple[PlaceTotal, ...] = ()
    categories: Mapping[str, tuple[int, float]] = field(default_factory=lambda: MappingProxyType({}))
    meetings: int | None = None
    lang: str = "id"

    @property
    def realisation(self) -> float | None:
        """Deal value (every category: contracts, MoUs, LoIs, potential) as a share of the
        declared potential (``None`` without a potential); the contracts alone are
        :attr:`realised_idr`."""
        if not self.declared_potential_idr:
            return None
        return self.total_idr / self.declared_potential_idr

    @property
    def realised_idr(self) -> float:
        """The value of contracts: the deals agreed, as opposed to MoUs, LoIs and potential."""
        return self.categories.get("contract", (0, 0.0))[1]

    def to_text(self, lang: str = "en") -> str:
        """The summary as text, in English (``"en"``) or Bahasa Indonesia (``"id"``).

        Commodity and sector names are those of the summary's own ``lang``.
        """
        check_language(lang)

        def money(x: float) -> str:
            return format_rupiah(x, lang)

        lines = [
            f"{label('total_value', lang)}: {money(self.total_idr)}",
            f"{label('transactions', lang)}: {format_number(self.transactions, lang, decimals=0)}; "
            f"{label('mous', lang)}: {self.mous}",
        ]
        for name in _delegations(self.mission):
            lines.append(
                f"  {name} {label('sold', lang)} {money(self.sold[name])}, "
                f"{label('bought', lang)} {money(self.bought[name])}"
            )
        if self.categories:
            lines.append(f"{label('by_category', lang)}:")
            for key in CATEGORIES:
                n, value = self.categories.get(key, (0, 0.0))
                if n:
                    lines.append(
                        f"  {label('category_' + key, lang)}: {money(value)} ({self._deals(n, lang)})"
                    )
            if self.total_idr:
                share = format_percent(self.realised_idr / self.total_idr, lang)
                lines.append("  " + label("realised_share", lang).format(share=share))
        if self.sectors:
            lines.append(f"{label('by_sector', lang)}:")
            lines += [f"  {name}: {money(v)} ({self._deals(n, lang)})" for name, v, n in self.sectors]
        if self.commodities:
            lines.append(f"{label('by_commodity', lang)}:")
            for c in self.commodities:
                volume = f", {self._volumes(c, lang)}" if c.volumes else ""
                sellers = "; ".join(
                    f"{name} {label('sold', lang)} {money(v)}" for name, v in c.sold_by.items() if v
                )
                lines.append(
                    f"  {c.name}: {money(c.value_idr)} ({self._deals(c.deals, lang)}{volume}) – {sellers}"
                )
        elif self.top_commodities:
            lines.append(f"{label('top_commodities', lang)}:")
            lines += [f"  {name}: {money(value)}" for name, value in self.top_commodities]
        if self.places:
            lines.append(f"{label('by_place', lang)}:")
            for p in self.places:
                lines.append(
                    f"  {p.delegation}, {p.place}: {self._deals(p.deals, lang)}, "
                    f"{label('sold', lang)} {money(p.sold_idr)}, "
                    f"{label('bought', lang)} {money(p.bought_idr)}"
                )
        if self.declared_potential_idr is not None:
            share = (
                f" ({label('of_potential', lang).format(share=format_percent(self.realisation, lang))})"
                if self.realisation
                else ""
            )
            lines.append(f"{label('declared_potential', lang)}: {money(self.declared_potential_idr)}{share}")
        return "\n".join(lines)

    @staticmethod
    def _deals(n: int, lang: str) -> str:
        return format_count(n, "transaksi", lang=lang) if lang == "id" else format_count(n, "deal")

    @staticmethod
    def _volumes(c: CommodityTotal, lang: str) -> str:
        return ", ".join(
            f"{format_number(v, lang, decimals=0 if v.is_integer() else 1)} {u}" for v, u in c.volumes
        )

    def to_dict(self) -> dict[str, object]:
        """The summary as plain data (the ``--json`` output of ``matchmaker outcomes``)."""
        return {
            "total_idr": self.total_idr,
            "transactions": self.transactions,
            "mous": self.mous,
            "sold": dict(self.sold),
            "bought": dict(self.bought),
            "categories": {k: {"deals": n, "value_idr": v} for k, (n, v) in self.categories.items()},
            "realised_idr": self.realised_idr,
            "sectors": [{"sector": s, "value_idr": v, "deals": n} for s, v, n in self.sectors],
            "commodities": [
                {
                    "commodity": c.name,
                    "sector": c.sector,
                    "value_idr": c.value_idr,
                    "deals": c.deals,
                    "volumes": [{"volume": v, "unit": u} for v, u in c.volumes],
                    "sold_by": dict(c.sold_by),
                }
                for c in self.commodities
            ],
            "places": [
                {
                    "delegation": p.delegation,
                    "place": p.place,
                    "deals": p.deals,
                    "sold_idr": p.sold_idr,
                    "bought_idr": p.bought_idr,
                }
                for p in self.places
            ],
            "declared_potential_idr": self.declared_potential_idr,
            "realisation": self.realisation,
            "top_commodities": [list(x) for x in self.top_commodities],
        }

    def press_release(self, lang: str = "id") -> str:
        """A paragraph for the press release, with the numbers as a newspaper writes them.

        Amounts in words (``Rp 306,5 miliar``) with the exact figure once
        (``Rp 306.548.050.000``), the split by kind of agreement, what each delegation
        sold and bought, and the three largest commodities with their volumes.
        """
        check_language(lang)
        m = self.mission

        def words(x: float) -> str:
            return format_rupiah(x, lang, words=True)

        names = _delegations(m)
        count = Counter(p.delegation for p in m.participants)
        n_a, n_b = count[names[0]], count[names[-1]]
        # several delegations: everyone brought together, then each delegation's number
        each = _listed([f"{name} ({count[name]})" for name in names], lang) if len(names) > 2 else ""
        when = _date_text(m.date, lang)
        where = f" di {m.venue}" if lang == "id" else f" at {m.venue}"
        where = where if m.venue else ""
        parts = []
        if lang == "id":
            met = (
                f"{format_number(self.meetings, lang, decimals=0)} pertemuan bisnis" if self.meetings else ""
            )
            who = (
                f"{len(m.participants)} pelaku usaha dari {each}"
                if each
                else f"{n_a} pelaku usaha {names[0]} dengan {n_b} pelaku usaha {names[-1]}"
            )
            parts.append(
                f"{m.name}{where}{' pada ' + when if when else ''} mempertemukan {who}"
                + (f" dalam {met}." if met else ".")
            )
            parts.append(
                f"Total transaksi mencapai {words(self.total_idr)} ({format_rupiah(self.total_idr)}) "
                f"dari {self.transactions} transaksi"
                + (f", terdiri atas {self._split(lang)}." if self._split(lang) else ".")
            )
            for name in names:
                parts.append(
                    f"{name} menjual senilai {words(self.sold[name])} dan membeli {words(self.bought[name])}."
                )
            if self.commodities:
                parts.append(f"Komoditas dengan nilai terbesar: {self._top(lang)}.")
        else:
            met = f"{format_count(self.meetings, 'business meeting')}" if self.meetings else ""
            who = (
                f"together {len(m.participants)} businesses from {each}"
                if each
                else f"{n_a} businesses from {names[0]} together with {n_b} from {names[-1]}"
            )
            parts.append(
                f"{m.name}{where}{' on ' + when if when else ''} brought {who}"
                + (f" in {met}." if met else ".")
            )
            parts.append(
                f"Deals totalled {words(self.total_idr)} ({format_rupiah(self.total_idr, lang)}) in "
                f"{format_count(self.transactions, 'transaction')}"
                + (f": {self._split(lang)}." if self._split(lang) else ".")
            )
            for name in names:
                parts.append(f"{name} sold {words(self.sold[name])} and bought {words(self.bought[name])}.")
            if self.commodities:
                parts.append(f"The largest commodities: {self._top(lang)}.")
        return " ".join(parts)

    def _split(self, lang: str) -> str:
        words = {
            "id": {
                "contract": "kontrak dagang",
                "mou": "MoU",
                "loi": "LoI",
                "potential": "potensi transaksi",
            },
            "en": {"contract": "contracts", "mou": "MoUs", "loi": "LoIs", "potential": "potential deals"},
        }[lang]
        items = [
            f"{words[k]} {format_rupiah(v, lang, words=True)}"
            for k in CATEGORIES
            if (v := self.categories.get(k, (0, 0.0))[1])
        ]
        return _listed(items, lang) if len(items) > 1 else ""

    def _top(self, lang: str) -> str:
        out = []
        for c in self.commodities[:3]:
            volume = f"{self._volumes(c, lang)}, " if c.volumes else ""
            name = c.name.lower() if lang == "id" else c.name  # inside a sentence
            out.append(f"{name} ({volume}{format_rupiah(c.value_idr, lang, words=True)})")
        return ", ".join(out)

    def to_html(self, lang: str = "id") -> str:
        """The summary as an HTML fragment (headings and tables) for a report; text is escaped."""
        check_language(lang)
        esc = html.escape

        def money(x: float) -> str:
            return esc(format_rupiah(x, lang)) if x else "–"  # a dash reads faster than "Rp 0"

        def table(head: list[str], rows: list[list[str]], numbers_from: int) -> str:
            """Columns from ``numbers_from`` on hold figures: class "num" (right-aligned, unbroken)."""
            th = "".join(f"<th>{esc(h[:1].upper() + h[1:])}</th>" for h in head)
            body = "".join(
                "<tr>"
                + "".join(
                    f'<td class="num">{c}</td>' if k >= numbers_from else f"<td>{c}</td>"
                    for k, c in enumerate(r)
                )
                + "</tr>"
                for r in rows
            )
            return f'<table class="outcomes"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'

        sides = _delegations(self.mission)
        out = [f"<h2>{esc(label('summary_title', lang))}</h2>", f"<p>{esc(self.press_release(lang))}</p>"]
        out.append(f"<h3>{esc(label('by_category', lang))}</h3>")
        counted = [(k, *self.categories[k]) for k in CATEGORIES if k in self.categories]
        out.append(
            table(
                ["", label("deals", lang), label("value", lang)],
                [[esc(label("category_" + k, lang)), str(n), money(v)] for k, n, v in counted],
                1,
            )
        )
        out.append(f"<h3>{esc(label('by_sector', lang))}</h3>")
        out.append(
            table(
                [label("outcome_sector", lang), label("deals", lang), label("value", lang)],
                [[esc(s), str(n), money(v)] for s, v, n in self.sectors],
                1,
            )
        )
        out.append(f"<h3>{esc(label('by_commodity', lang))}</h3>")
        out.append(
            table(
                [
                    label("commodity", lang),
                    label("outcome_sector", lang),
                    label("deals", lang),
                    label("volume", lang),
                    label("value", lang),
                    *[f"{s} {label('sold', lang)}" for s in sides],
                ],
                [
                    [
                        esc(c.name),
                        esc(c.sector),
                        str(c.deals),
                        esc(self._volumes(c, lang)),
                        money(c.value_idr),
                        *[money(c.sold_by.get(s, 0.0)) for s in sides],
                    ]
                    for c in self.commodities
                ],
                2,
            )
        )
        out.append(f"<h3>{esc(label('by_place', lang))}</h3>")
        out.append(
            table(
                [
                    label("outcome_delegation", lang),
                    label("place", lang),
                    label("deals", lang),
                    label("sold", lang),
                    label("bought", lang),
                ],
                [
                    [esc(p.delegation), esc(p.place), str(p.deals), money(p.sold_idr), money(p.bought_idr)]
                    for p in self.places
                ],
                2,
            )
        )
        return "\n".join(out)

    def to_page(self, lang: str = "id") -> str:
        """A self-contained HTML page: the mission's name over :meth:`to_html`."""
        title = html.escape(self.mission.name)
        return (
            f'<!DOCTYPE html>\n<html lang="{check_language(lang)}"><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}"
            "table{border-collapse:collapse;margin:.5rem 0 1.5rem}"
            "td,th{border:1px solid #ccc;padding:.2rem .5rem}"
            ".num{text-align:right;white-space:nowrap}</style></head><body>"
            f"<h1>{title}</h1>\n{self.to_html(lang)}\n</body></html>\n"
        )

    def __str__(self) -> str:
        return self.to_text("en")


def _delegations(mission: Mission | GroupMission) -> tuple[str, ...]:
    """The delegations' names in the mission's order: sides A and B, or every group's.

    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> _delegations(east_java_south_sumatra_2020())
    ('Jawa Timur', 'Sumatera Selatan')
    """
    if isinstance(mission, Mission):
        return mission.side_a.name, mission.side_b.name
    return mission.group_names


def _listed(items: Sequence[str], lang: str) -> str:
    """``a, b dan c`` (``"id"``) or ``a, b and c``: items as a sentence lists them."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" dan " if lang == "id" else " and ") + items[-1]


def _date_text(date: dt.date | None, lang: str) -> str:
    if date is None:
        return ""
    if lang == "id":
        return f"{date.day} {_MONTHS_ID[date.month - 1]} {date.year}"
    return f"{date.day} {date:%B} {date.year}"


def meeting_mismatches(
    deals: Iterable[Deal], meetings: Mapping[str, tuple[str, str]]
) -> list[tuple[str, tuple[str, str], tuple[str, str] | None]]:
    """The deals whose meeting reference names another pair in ``meetings`` (a result's
    ``{"M002": (a_id, b_id)}``), or no meeting of it: ``(reference, the form's pair, the
    result's pair or None)``, once per reference, in the form's order.

    A form printed from another run (an earlier plan, another config) numbers its
    meetings differently: its deals would be compared with the declared potential of
    meetings that are not theirs.  Deals without a reference are not checked.

    >>> deals = [Deal("JT-002", "SS-082", 1e9, meeting="M002"), Deal("JT-001", "SS-075", 1e9, meeting="M001")]
    >>> meeting_mismatches(deals, {"M001": ("JT-001", "SS-075"), "M002": ("JT-002", "SS-001")})
    [('M002', ('JT-002', 'SS-082'), ('JT-002', 'SS-001'))]
    """
    out: list[tuple[str, tuple[str, str], tuple[str, str] | None]] = []
    seen: set[str] = set()
    for deal in deals:
        ref = (deal.meeting or "").strip()
        if not ref or ref in seen:
            continue
        seen.add(ref)
        theirs = meetings.get(ref)
        if theirs is None or {deal.seller, deal.buyer} != set(theirs):
            # the form's pair in the result's order where they share an id (side A first)
            flip = theirs is not None and (deal.buyer == theirs[0] or deal.seller == theirs[1])
            mine = (deal.buyer, deal.seller) if flip else (deal.seller, deal.buyer)
            out.append((ref, mine if theirs is not None else (min(mine), max(mine)), theirs))
    return out


def summarise_outcomes(
    deals: Iterable[Deal],
    mission: Mission | GroupMission,
    *,
    declared_potential_idr: float | None = None,
    top: int | None = None,
    meetings: int | None = None,
    lang: str = "id",
) -> OutcomeSummary:
    """Everything a trade office publishes about the deals of ``mission``.

    Parameters
    ----------
    deals : iterable of Deal
        From :func:`read_outcomes` or built by hand.
    mission : Mission or GroupMission
        The mission the deals were made at (two delegations, or several: every
        delegation is summarised, in the mission's order).
    declared_potential_idr : float, optional
        What the participants declared they could trade (the run's evaluation), to
        report the share realised.
    top : int, optional
        Keep only this many commodities in ``top_commodities`` (all by default;
        ``commodities`` always holds every one).
    meetings : int, optional
        The number of meetings held, for the press release.
    lang : {"id", "en"}
        Language of commodity and sector names.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> m = east_java_south_sumatra_2020()
    >>> deals = [Deal("JT-003", "SS-002", 904_867_201_000, commodity="susu", volume=506, unit="ton"),
    ...          Deal("SS-003", "JT-002", 95_188_100_000, mou=True)]
    >>> s = summarise_outcomes(deals, m)
    >>> print(s.to_text("id").splitlines()[0])
    Total nilai transaksi: Rp 1.000.055.301.000
    >>> s.sold["Jawa Timur"], s.bought["Jawa Timur"], s.mous, s.categories["contract"]
    (904867201000.0, 95188100000.0, 1, (1, 904867201000.0))
    >>> s.commodities[0].name, s.commodities[0].volumes, s.commodities[0].sector
    ('Susu dan olahan susu', ((506.0, 'ton'),), 'Industri pengolahan')
    """
    check_language(lang)
    items = tuple(deals)
    names = _delegations(mission)
    order = {name: k for k, name in enumerate(names)}
    sold = dict.fromkeys(names, 0.0)
    bought = dict.fromkeys(names, 0.0)
    categories: dict[str, list[float]] = {k: [0, 0.0] for k in CATEGORIES}
    named: dict[str, tuple[str, str]] = {}  # commodity key -> (display name, sector name)
    value_of: dict[str, float] = defaultdict(float)
    count_of: dict[str, int] = defaultdict(int)
    volumes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    sold_by: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(names, 0.0))
    sectors: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    places: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for deal in items:
        value = deal.value_idr or 0.0  # a deal without a stated value still counts as a transaction
        seller_side = mission[deal.seller].delegation  # a side's name is its participants' delegation
        buyer_side = mission[deal.buyer].delegation
        sold[seller_side] += value
        bought[buyer_side] += value
        categories[str(deal.category)][0] += 1
        categories[str(deal.category)][1] += value
        item = commodity(deal.commodity) if deal.commodity is not None else None
        key = item.key if item else ""
        name = item.name(lang) if item else ("(tidak disebutkan)" if lang == "id" else "(not stated)")
        sector = sector_name(item.sector if item else None, lang)
        named.setdefault(key, (name, sector))
        value_of[key] += value
        count_of[key] += 1
        if deal.volume is not None and deal.unit:
            volumes[key][deal.unit] += deal.volume
        sold_by[key][seller_side] += value
        sectors[sector][0] += value
        sectors[sector][1] += 1
        unknown = label("unknown_place", lang)
        for pid, role in ((deal.seller, 1), (deal.buyer, 2)):
            person = mission[pid]
            place = places[(person.delegation, person.city or unknown)]
            place[role] += value
        for pid in {deal.seller, deal.buyer}:
            places[(mission[pid].delegation, mission[pid].city or unknown)][0] += 1
    totals = [
        CommodityTotal(
            name=name,
            sector=sector,
            value_idr=value_of[k],
            deals=count_of[k],
            volumes=tuple((v, u) for u, v in sorted(volumes[k].items())),
            sold_by=MappingProxyType(dict(sold_by[k])),
        )
        for k, (name, sector) in named.items()
    ]
    totals.sort(key=lambda c: (-c.value_idr, c.name))
    ranked = tuple((c.name, c.value_idr) for c in totals)
    return OutcomeSummary(
        mission=mission,
        total_idr=float(sum(d.value_idr or 0.0 for d in items)),
        transactions=len(items),
        mous=int(categories["mou"][0]),
        sold=MappingProxyType(sold),
        bought=MappingProxyType(bought),
        top_commodities=ranked[:top] if top is not None else ranked,
        declared_potential_idr=declared_potential_idr,
        commodities=tuple(totals),
        sectors=tuple(sorted(((s, v, int(n)) for s, (v, n) in sectors.items()), key=lambda x: (-x[1], x[0]))),
        places=tuple(
            sorted(
                (
                    PlaceTotal(delegation=d, place=p, deals=int(n), sold_idr=s, bought_idr=b)
                    for (d, p), (n, s, b) in places.items()
                ),
                key=lambda p: (order[p.delegation], -(p.sold_idr + p.bought_idr), p.place),
            )
        ),
        categories=MappingProxyType({k: (int(n), float(v)) for k, (n, v) in categories.items() if n}),
        meetings=meetings,
        lang=lang,
    )
