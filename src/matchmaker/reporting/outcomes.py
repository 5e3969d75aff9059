"""Deal outcomes: what the meetings produced, summarised as trade offices publish it.

After the event, organisers fill in the outcome form (written by the XLSX and CSV
exports, one row per meeting): for each deal, who sold, its value in rupiah, the
commodity and whether an MoU was signed.  A meeting with several deals gets several
rows.  A row counts as a deal when any of ``seller``, ``value_idr``, ``commodity`` or
``mou`` is filled in (an MoU signed without a stated value is a deal, with no value);
a meeting without a deal leaves them empty.

Columns read (others, such as the participants' names or the slot, are ignored):

=============  ==================================================================
column         holds
=============  ==================================================================
meeting        the meeting's reference (optional)
a_id, b_id     the two participants (side A, side B)
seller         who sold: ``A``, ``B``, the seller's id or the seller's delegation
value_idr      deal value in rupiah (``1.500.000.000`` and ``1.5e9`` both read); optional
commodity      what was traded: a trade line code (``10722``, ``HS:0207``) or a name
               (``beras``); text starting with a digit or ``HS:``/``KBLI:`` must be a valid code
mou            ``yes``/``ya``/``1`` or ``no``/``tidak``/``0`` (empty: no)
notes          free text
=============  ==================================================================
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from matchmaker.errors import DataFileError, Problem, ValidationError
from matchmaker.io.cells import restore
from matchmaker.io.sheets import Sheet, read_csv_sheet, read_xlsx_sheet
from matchmaker.model.lines import MAX_IDR, TradeLine, implausible_amount
from matchmaker.model.mission import Mission
from matchmaker.model.text import parse_amount
from matchmaker.reference.classification import table_for
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import format_percent, format_rupiah

__all__ = ["OUTCOME_COLUMNS", "Deal", "OutcomeSummary", "read_outcomes", "summarise_outcomes"]

#: Columns of the outcome form, in the order the exports write them.
OUTCOME_COLUMNS = ("meeting", "a_id", "b_id", "seller", "value_idr", "commodity", "mou", "notes")
_YES = {"yes", "y", "ya", "1", "true", "x", "✓"}
_CODE_LIKE = re.compile(r"^\s*(\d|(hs|kbli)\s*:)", re.IGNORECASE)  # what must then be a valid code
_NO = {"no", "n", "tidak", "0", "false", ""}


@dataclass(frozen=True)
class Deal:
    """One recorded deal: ``seller`` sold to ``buyer`` for ``value_idr`` (``None``: not stated).

    ``commodity`` is a code when one was given, else the name written on the form.
    """

    seller: str
    buyer: str
    value_idr: float | None
    commodity: TradeLine | str | None = None
    mou: bool = False
    meeting: str | None = None
    notes: str | None = None


def _problem(
    message: str, sheet: Sheet, row: int, column: str, kind: str, hint: str | None = None
) -> Problem:
    return Problem(message, kind=kind, source=sheet.source, row=row, column=column, hint=hint)


def read_outcomes(path: str | Path, mission: Mission, *, sheet: str | None = None) -> tuple[Deal, ...]:
    """Read a filled-in outcome form (CSV or XLSX) for ``mission``.

    Raises
    ------
    DataFileError
        Listing every problem with its row and column: unknown participants, two
        participants of the same side, a seller who is neither, bad amounts, codes or MoU marks.
    """
    suffix = Path(path).suffix.lower()
    raw = (
        read_xlsx_sheet(path, sheet=sheet, default="outcomes") if suffix == ".xlsx" else read_csv_sheet(path)
    )
    columns = [c.strip().casefold() for c in raw.labels]
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
    deals: list[Deal] = []
    problems: list[Problem] = list(raw.problems)
    for number, cells in raw.rows:
        record = dict(zip(columns, [restore(c.strip()) for c in cells], strict=False))
        if not any(record.get(k) for k in ("seller", "value_idr", "commodity", "mou")):
            continue  # a meeting without a deal
        found = _deal(record, mission, raw, number)
        if isinstance(found, Deal):
            deals.append(found)
        else:
            problems += found
    if problems:
        raise DataFileError(problems)
    return tuple(deals)


def _deal(record: Mapping[str, str], mission: Mission, sheet: Sheet, row: int) -> Deal | list[Problem]:
    problems: list[Problem] = []
    a, b = record.get("a_id", ""), record.get("b_id", "")
    for column, pid, side in (("a_id", a, "A"), ("b_id", b, "B")):
        if pid not in mission:
            problems.append(
                _problem(f"{pid!r} is not a participant", sheet, row, column, "unknown-participant")
            )
        elif mission.locate(pid)[0] != side:
            problems.append(_problem(f"{pid!r} is not on side {side}", sheet, row, column, "wrong-side"))
    seller_text = record.get("seller", "")
    sides = {
        "a": a,
        "b": b,
        a.casefold(): a,
        b.casefold(): b,
        mission.side_a.name.casefold(): a,
        mission.side_b.name.casefold(): b,
    }
    seller = sides.get(seller_text.casefold())
    if seller is None:
        problems.append(
            _problem(
                f"seller {seller_text!r} is neither side of the meeting",
                sheet,
                row,
                "seller",
                "unknown-seller",
                "write A, B, or the seller's id",
            )
        )
    value = None
    if record.get("value_idr"):
        try:
            value = parse_amount(record["value_idr"])
            if value < 0:
                problems.append(
                    _problem(f"negative value {record['value_idr']!r}", sheet, row, "value_idr", "negative")
                )
            elif value > MAX_IDR:  # the rule of the participant table (model.lines.MAX_IDR)
                found = implausible_amount(value, "the deal value")
                problems.append(_problem(found.message, sheet, row, "value_idr", found.kind, found.hint))
        except ValueError as exc:
            problems.append(_problem(str(exc), sheet, row, "value_idr", "syntax"))
    text = record.get("commodity") or ""
    commodity: TradeLine | str | None = text or None
    if _CODE_LIKE.match(text):
        try:
            commodity = TradeLine.parse(text)
        except ValidationError as exc:
            problems += [_problem(p.message, sheet, row, "commodity", p.kind, p.hint) for p in exc.problems]
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
        commodity=commodity,
        mou=mark in _YES,
        meeting=record.get("meeting") or None,
        notes=record.get("notes") or None,
    )


@dataclass(frozen=True)
class OutcomeSummary:
    """Deal outcomes in the form trade offices publish.

    ``sold`` and ``bought`` map each delegation's name to the value it sold and bought;
    ``top_commodities`` pairs a commodity label with its value, largest first.
    """

    mission: Mission
    total_idr: float
    transactions: int
    mous: int
    sold: Mapping[str, float]
    bought: Mapping[str, float]
    top_commodities: tuple[tuple[str, float], ...]
    declared_potential_idr: float | None = None

    @property
    def realisation(self) -> float | None:
        """Deal value as a share of the declared potential (``None`` without a potential)."""
        if not self.declared_potential_idr:
            return None
        return self.total_idr / self.declared_potential_idr

    def to_text(self, lang: str = "en") -> str:
        """The summary as text, in English (``"en"``) or Bahasa Indonesia (``"id"``)."""
        check_language(lang)
        lines = [
            f"{label('total_value', lang)}: {format_rupiah(self.total_idr)}",
            f"{label('transactions', lang)}: {self.transactions}; {label('mous', lang)}: {self.mous}",
        ]
        for name in (self.mission.side_a.name, self.mission.side_b.name):
            lines.append(
                f"  {name} {label('sold', lang)} {format_rupiah(self.sold[name])}, "
                f"{label('bought', lang)} {format_rupiah(self.bought[name])}"
            )
        if self.top_commodities:
            lines.append(f"{label('top_commodities', lang)}:")
            lines += [f"  {name}: {format_rupiah(value)}" for name, value in self.top_commodities]
        if self.declared_potential_idr is not None:
            share = (
                f" ({format_percent(self.realisation, lang)} {label('realised', lang)})"
                if self.realisation
                else ""
            )
            lines.append(
                f"{label('declared_potential', lang)}: {format_rupiah(self.declared_potential_idr)}{share}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text("en")


def _commodity_label(line: TradeLine | str | None) -> str:
    if line is None:
        return "(not stated)"
    if isinstance(line, str):
        return line.strip().capitalize()  # "beras" and "Beras" are the same commodity
    return f"{line.key} {table_for(line.system).title(line.code).capitalize()}"


def summarise_outcomes(
    deals: Iterable[Deal], mission: Mission, *, declared_potential_idr: float | None = None, top: int = 5
) -> OutcomeSummary:
    """Total value, each delegation's sales and purchases, transactions, MoUs and top commodities.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> m = east_java_south_sumatra_2020()
    >>> deals = [Deal("JT-003", "SS-002", 904_867_201_000),
    ...          Deal("SS-003", "JT-002", 95_188_100_000, mou=True)]
    >>> s = summarise_outcomes(deals, m)
    >>> print(s.to_text("id").splitlines()[0])
    Total nilai transaksi: Rp 1.000.055.301.000
    >>> s.sold["Jawa Timur"], s.bought["Jawa Timur"], s.mous
    (904867201000.0, 95188100000.0, 1)
    """
    items = tuple(deals)
    names = {"A": mission.side_a.name, "B": mission.side_b.name}
    sold = dict.fromkeys(names.values(), 0.0)
    bought = dict.fromkeys(names.values(), 0.0)
    by_commodity: dict[str, float] = defaultdict(float)
    for deal in items:
        value = deal.value_idr or 0.0  # a deal without a stated value still counts as a transaction
        sold[names[mission.locate(deal.seller)[0]]] += value
        bought[names[mission.locate(deal.buyer)[0]]] += value
        by_commodity[_commodity_label(deal.commodity)] += value
    ranked = sorted(by_commodity.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return OutcomeSummary(
        mission=mission,
        total_idr=float(sum(d.value_idr or 0.0 for d in items)),
        transactions=len(items),
        mous=sum(d.mou for d in items),
        sold=MappingProxyType(sold),
        bought=MappingProxyType(bought),
        top_commodities=tuple(ranked),
        declared_potential_idr=declared_potential_idr,
    )
