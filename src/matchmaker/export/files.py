"""The result pack as files: CSV tables, a JSON document, an Excel workbook.

JSON schema (``"format": "matchmaker.result"``, ``"version": 1``)::

    {"format", "version", "mission": {name, date, venue, timezone, side_a, side_b},
     "participants": [rows as in the mission JSON format (matchmaker.io.json_format)],
     "plan": {start, end, slots_per_day, meeting_minutes, buffer_minutes, breaks, days, timezone,
              tables, hosts, table_labels, "slots": [{"slot", "start", "end"}]},
     "settings": {weights, min_score, max_meetings: {id: n}, min_meetings: {id: n}}: the run's
                 scoring and bounds (what ``matchmaker event init`` needs),
     "matching": {method, backend, optimal, objective, "unmatched": [{id, side, kind, reason}],
                  "violations": [problems: rules a heuristic method broke, e.g. a floor not met]},
     "schedule": {method, backend, optimal, slot_bound, placed_bound, idle_gaps},
     "meetings": [rows as in meetings.csv], "agendas": [rows as in agendas.csv],
     "evaluation": {...},
     "shortfalls": [{participant, side, wanted, got, reason, detail}: who got fewer meetings
                    than they asked for, and why (matchmaker.reporting.shortfalls)]}

The CSV files are ``meetings.csv``, ``agendas.csv``, ``grid.csv`` and
``outcome_form.csv`` (the form :func:`matchmaker.reporting.outcomes.read_outcomes`
reads back once filled in); their columns are :data:`~matchmaker.export.records.MEETING_COLUMNS`,
:data:`~matchmaker.export.records.AGENDA_COLUMNS`, slot/start plus one column per table,
and the outcome form's.  Cells that a spreadsheet would run as formulas are neutralised.

With ``lang="id"`` the CSV files and the workbook have Indonesian headers and sheet
names (:data:`~matchmaker.reporting.labels.COLUMN_LABELS`), and the CSV files are
``;``-separated with a UTF-8 byte-order mark, which Excel in an Indonesian locale opens
in columns (:func:`~matchmaker.reporting.labels.csv_dialect`).  English files keep the
column keys and ``,``.  The JSON document always uses the keys.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import operator
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from matchmaker._optional import require
from matchmaker.errors import JSONValue
from matchmaker.export.records import AGENDA_COLUMNS, BLOCK_ROWS, MEETING_COLUMNS, Cell, Records, Table
from matchmaker.io.cells import any_neutralised, neutralise
from matchmaker.io.sheets import WritableWorksheet, write_csv_sheet, write_xlsx_sheet
from matchmaker.reporting.labels import cell_labels, check_language, column_label, csv_dialect, label
from matchmaker.reporting.problems import reason_cells

if TYPE_CHECKING:
    from matchmaker.pipeline import MatchmakingResult

__all__ = [
    "RESULT_FORMAT",
    "RESULT_VERSION",
    "XLSX_FULL_MEETINGS",
    "result_document",
    "write_csv_pack",
    "write_grid_sheet",
    "write_json",
    "write_xlsx",
]

RESULT_FORMAT = "matchmaker.result"
RESULT_VERSION = 1
#: Above this many meetings the workbook holds the overview only (a sheet per participant
#: and every row would take minutes and exceed what Excel opens comfortably); the full
#: tables are in the CSV files and ``result.json``.
XLSX_FULL_MEETINGS = 20_000


def _localised(
    columns: tuple[str, ...] | list[str],
    rows: Any,
    lang: str,
    cells: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[list[str], Any]:
    """Headers in ``lang``, and the rows keyed by them (rows are only re-keyed for ``"id"``);
    ``cells``: translations of cells besides :func:`cell_labels` (an unplaced meeting's reason)."""
    if lang == "en":
        return list(columns), rows
    names = [column_label(c, lang) for c in columns]
    pairs = list(zip(columns, names, strict=True))
    words = {**cell_labels(lang), **(cells or {})}
    if not any(c in words for c in columns):
        return names, ({n: row.get(c, "") for c, n in pairs} for row in rows)
    return names, (
        {n: words.get(c, {}).get(v, v) for c, n in pairs for v in (row.get(c, ""),)} for row in rows
    )


def write_csv_pack(
    rec: Records,
    directory: str | Path,
    *,
    lang: str = "en",
    cells: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Path]:
    """Write the four CSV tables into ``directory``; returns their paths.

    ``lang="id"``: Indonesian headers, ``;`` and a byte-order mark (see the module's docstring).
    ``cells``: translations of cells by column besides the status cells, e.g. the unplaced
    meetings' reasons (:func:`matchmaker.reporting.problems.reason_cells`).
    """
    delimiter, bom = csv_dialect(lang)
    point = "," if lang == "id" else "."  # Excel in Indonesia reads 0,2597, not 0.2597
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    files = [
        ("meetings.csv", MEETING_COLUMNS, rec.meetings),
        ("agendas.csv", AGENDA_COLUMNS, rec.agendas),
        ("grid.csv", rec.grid_columns, rec.grid),
        ("outcome_form.csv", rec.outcome_columns, rec.outcome_form),
    ]
    paths = []
    texts: dict[int, list[str]] = {}  # the cells of each list of values the tables share
    translate = {**cell_labels(lang), **(cells or {})}  # status cells, reasons: in the pack's language
    for name, columns, rows in files:
        header = [column_label(c, lang) for c in columns]
        if isinstance(rows, Table) and len(columns) > 1:
            _write_table_csv(
                out / name,
                rows,
                header,
                delimiter=delimiter,
                bom=bom,
                decimal=point,
                cache=texts,
                translate=translate,
            )
        else:
            write_csv_sheet(
                out / name,
                columns,
                rows,
                delimiter=delimiter,
                bom=bom,
                header=header,
                decimal=point,
                translate=translate,
            )
        paths.append(out / name)
    return paths


def _write_table_csv(
    path: Path,
    table: Table,
    header: list[str],
    *,
    delimiter: str,
    bom: bool,
    decimal: str,
    cache: dict[int, list[str]],
    translate: Mapping[str, Mapping[str, str]],
) -> None:
    """What :func:`~matchmaker.io.sheets.write_csv_sheet` writes for ``table``, byte for byte, faster.

    Each distinct value is made text, neutralised and quoted once (as the :mod:`csv`
    module quotes: a cell holding the delimiter, a quote or a line break), and the rows
    are joined as text: the :mod:`csv` writer's check of every cell was most of the time.
    """
    special = (delimiter, '"', "\r", "\n")

    def needs(joined: str) -> bool:
        """Whether any of the texts joined by NUL starts like a formula or holds a character
        that needs quotes: most cells need nothing, and plain substring searches over a whole
        list's texts find that at memory speed (a regex tried at every position did not)."""
        return any_neutralised(joined) or any(c in joined for c in special)

    def cell(text: str) -> str:
        if not needs(text):
            return text
        text = neutralise(text)
        if any(c in text for c in special):
            return '"' + text.replace('"', '""') + '"'
        return text

    def convert(values: Sequence[Any]) -> list[str]:
        texts = list(map(str, values))
        if decimal != ".":  # floats with the locale's decimal mark
            texts = [
                t.replace(".", decimal) if type(v) is float else t for t, v in zip(texts, values, strict=True)
            ]
        if not needs("\x00".join(texts)):
            return texts
        return list(map(cell, texts))

    last = len(table.columns) - 1
    translate_any = {c: words for c, words in translate.items() if words}

    def cells(k: int, name: str, values: Sequence[Any]) -> list[str]:
        words = translate_any.get(name)
        texts = None if words else cache.get(id(values))
        if words:  # translated cells depend on the column: not shared through the cache
            texts = convert([words.get(v, v) if isinstance(v, str) else v for v in values])
        elif texts is None:
            texts = cache[id(values)] = convert(values)
        # each cell with its delimiter before it, the row's line end after the last one
        if k == last:
            return [(delimiter + t if k else t) + "\r\n" for t in texts]
        return [delimiter + t for t in texts] if k else list(texts)

    with path.open("w", encoding="utf-8", newline="") as handle:
        if bom:
            handle.write("\ufeff")  # by hand: the utf-8-sig codec is slower on every write
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerow(map(neutralise, header))
        # block by block (Table.blocks): the whole table's text at once went through main
        # memory three times at 75,000 meetings (pieces, text, encoded bytes)
        handle.writelines(table.blocks(cells))


def result_document(result: MatchmakingResult, rec: Records) -> dict[str, JSONValue]:
    """The JSON document of a :class:`~matchmaker.pipeline.MatchmakingResult` (schema above)."""
    document = _document(result, rec)
    document["meetings"], document["agendas"] = list(rec.meetings), list(rec.agendas)
    return document


class _Encoded(list[str]):
    """Rows of a list already encoded as JSON texts (written as they are, one per line)."""


def _document(result: MatchmakingResult, rec: Records, *, encoded: bool = False) -> dict[str, Any]:
    """:func:`result_document` with the meetings and agendas left as :class:`Table` (written as text);
    ``encoded``: the participants as :class:`_Encoded` texts, for :func:`write_json`."""
    from matchmaker.io.json_format import (
        mission_header,
        participant_to_json,
        participants_json_texts,
        plan_to_json,
    )

    # with the participants: `matchmaker event init` reads them
    people = result.mission.participants
    doc = {
        "mission": mission_header(result.mission),
        "participants": (
            _Encoded(participants_json_texts(people)) if encoded else [participant_to_json(p) for p in people]
        ),
    }
    matching, timetable = result.matching, result.schedule
    caps = result.capacities
    ids = (*result.mission.ids("A"), *result.mission.ids("B"))
    return {
        "format": RESULT_FORMAT,
        "version": RESULT_VERSION,
        "mission": doc["mission"],
        "participants": doc["participants"],
        "plan": plan_to_json(timetable.plan),
        # what `matchmaker event init` needs to score walk-ins and bound meetings as this run did
        "settings": {
            "weights": dict(result.scores.weights),
            "min_score": getattr(matching.problem, "min_score", None),
            "max_meetings": dict(zip(ids, map(int, (*caps.row_max, *caps.col_max)), strict=True)),
            "min_meetings": dict(zip(ids, map(int, (*caps.row_min, *caps.col_min)), strict=True)),
        },
        "matching": {
            "method": matching.method,
            "backend": matching.backend,
            "optimal": matching.optimal,
            "objective": matching.objective,
            "unmatched": [
                {"id": u.id, "side": u.side, "kind": u.kind, "reason": u.reason} for u in matching.unmatched
            ],
            "violations": [p.to_dict() for p in matching.violations],
        },
        "schedule": {
            "method": timetable.method,
            "backend": timetable.backend,
            "optimal": timetable.optimal,
            "slot_bound": timetable.slot_bound,
            "placed_bound": timetable.placed_bound,
            "idle_gaps": timetable.gaps,
        },
        "meetings": rec.meetings,
        "agendas": rec.agendas,
        "evaluation": result.evaluation.to_dict(),
        "shortfalls": _flat_dicts(result.shortfalls),
    }


def _flat_dicts(items: Sequence[Any]) -> list[dict[str, Any]]:
    """``[x.to_dict() for x in items]`` for dataclasses of plain fields (``asdict`` copies
    each value deeply, and that was a noticeable share of ``result.json``)."""
    if not items:
        return []
    names = tuple(f.name for f in dataclasses.fields(items[0]))
    values = operator.attrgetter(*names)
    return [dict(zip(names, values(x), strict=True)) for x in items]


def write_json(result: MatchmakingResult, rec: Records, path: str | Path) -> Path:
    """Write :func:`result_document` as UTF-8 JSON."""
    with Path(path).open("w", encoding="utf-8") as handle:
        # piece by piece: a table is one string, but the document is never copied whole
        handle.writelines(_chunks(_document(result, rec, encoded=True)))
    return Path(path)


def _chunks(document: dict[str, Any]) -> Iterator[str]:
    """The document indented as ``json.dumps(indent=2)`` would, but each row of a table on one line.

    ``indent`` makes :mod:`json` use its pure-Python encoder; each row is written as the
    C encoder writes it instead: a :class:`Table`'s from texts made once per distinct
    value (:func:`_json_rows`), a list of dicts with the same keys and plain values (the
    shortfalls) column by column (:func:`_flat_rows`), any other by the C encoder itself.
    """
    cache: dict[int, list[str]] = {}  # the texts of each list of values the tables share
    for n, (key, value) in enumerate(document.items()):
        yield ("{\n  " if n == 0 else ",\n  ") + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(value, Table) and not len(value):
            yield "[]"  # as json.dumps writes an empty list
        elif isinstance(value, Table):
            yield "[\n    "
            yield from _json_rows(value, cache)
            yield "\n  ]"
        elif isinstance(value, _Encoded) and value:  # the long middle is not copied again
            yield "[\n    "
            # in blocks of records, for the reason of Table.blocks: a block's text stays in
            # the cache until written, where one text of every participant did not
            for lo in range(0, len(value), BLOCK_ROWS):
                if lo:
                    yield ",\n    "
                yield ",\n    ".join(value[lo : lo + BLOCK_ROWS])
            yield "\n  ]"
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value[:1]):
            # a row per line (the shortfalls: one per participant short of its meetings)
            rows = _flat_rows(value, "{", ", ", "}")
            if rows is None:
                rows = list(map(_ENCODER.encode, value))
            yield "[\n    " + ",\n    ".join(rows) + "\n  ]"
        else:
            yield _indented(value, "\n  ")
    yield "\n}\n" if document else "{\n\n}\n"


def _indented(value: Any, newline: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with each line break followed by
    ``newline``'s indent.

    ``indent`` makes :mod:`json` use its pure-Python encoder, a step per value: the run's
    settings hold a bound per participant.  Dicts with text keys and lists are written
    here, scalars by the C encoder (:func:`_json_value`); anything else is left to
    :func:`json.dumps`.
    """
    inner = newline + "  "
    if type(value) is dict and all(type(k) is str for k in value):
        if not value:
            return "{}"
        if set(map(type, value.values())) == {int}:  # a bound per participant: no call per value
            keys, values = map(encode_basestring, value), map(repr, value.values())
            items = list(map(": ".join, zip(keys, values, strict=True)))
        else:
            items = [encode_basestring(k) + ": " + _indented(v, inner) for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if type(value) is list or type(value) is tuple:
        if not value:
            return "[]"
        rows = _flat_rows(value, "{" + inner + "  ", "," + inner + "  ", inner + "}")
        if rows is None:
            rows = [_indented(v, inner) for v in value]
        return "[" + inner + ("," + inner).join(rows) + newline + "]"
    if value is None or type(value) in (str, int, float, bool):
        return _json_value(value)
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _flat_rows(values: Sequence[Any], opening: str, between: str, closing: str) -> list[str] | None:
    """The JSON text of each of ``values`` when they are dicts with the same text keys and
    scalar values (the matching's unmatched participants and the shortfalls, one per
    participant of a large run), column by column: each column's values encoded in one
    pass (:func:`_json_values`) and each row one join, with no call per value.  ``None``
    for anything else.

    ``opening``, ``between`` and ``closing`` go before the first item, between two and
    after the last: ``"{"``, ``", "``, ``"}"`` for a dict on one line as the C encoder
    writes it, or with line breaks and indents as :func:`_indented` writes it.
    """
    first = values[0]
    if type(first) is not dict or not first:
        return None
    keys = list(first)
    if not all(type(k) is str for k in keys):
        return None
    if not all(type(v) is dict and len(v) == len(keys) and list(v) == keys for v in values):
        return None
    columns = [[v[k] for v in values] for k in keys]
    if not all(set(map(type, column)) <= _SCALARS for column in columns):
        return None
    pieces: list[Iterable[str]] = []
    for n, (key, column) in enumerate(zip(keys, columns, strict=True)):
        head = (opening if n == 0 else between) + encode_basestring(key) + ": "
        tail = closing if n == len(keys) - 1 else ""
        pieces.append([head + text + tail for text in _json_values(column)])
    return list(map("".join, zip(*pieces, strict=True)))


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _json_value(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, without its set-up for the usual cells."""
    if type(value) is str:
        return encode_basestring(value)
    if (type(value) is int) or (type(value) is float and math.isfinite(value)):
        return repr(value)
    if value is None:  # common (the shortfalls' and the tables' empty cells): no encoder call
        return "null"
    return _ENCODER.encode(value)


def _json_values(values: Sequence[Any]) -> list[str]:
    kinds = set(map(type, values))
    if kinds == {str}:  # ids, names, times: the C function alone
        return list(map(encode_basestring, values))
    if kinds == {int} or (kinds == {float} and all(map(math.isfinite, values))):
        return list(map(repr, values))  # scores, counts: as the C encoder writes them
    return list(map(_json_value, values))


def _json_rows(table: Table, cache: dict[int, list[str]]) -> Iterator[str]:
    """The rows of ``table``, each as the C encoder writes a dict, joined by ``,\\n    ``;
    each distinct value encoded once; in blocks of rows (:meth:`Table.blocks`, whose
    docstring says why), which joined are the text.

    Each column's key goes with its distinct values' texts (``, "key": value``, the row's
    braces with the first and last column's, the separator after the last), so that the
    rows are one join of a piece per column (:meth:`Table.pieces`).
    """
    last = len(table.columns) - 1
    between = ",\n    "

    def keyed(k: int, column: str, values: Sequence[Any]) -> list[str]:
        head = ("{" if k == 0 else ", ") + _json_value(column) + ": "
        tail = "}" + between if k == last else ""
        texts = cache.get(id(values))
        if texts is None:
            texts = cache[id(values)] = _json_values(values)
        return [head + t + tail for t in texts]

    blocks = table.blocks(keyed)
    block = next(blocks)  # the table has rows: there is a block
    for following in blocks:
        yield block
        block = following
    yield block[: -len(between)]  # no separator after the last row


def _sheet_title(pid: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f\ufffe\uffff]", "_", pid)[:31].strip("'") or "participant"
    title, n = base, 2
    while title.casefold() in used:  # Excel compares sheet names without case
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def write_xlsx(result: MatchmakingResult, rec: Records, path: str | Path, *, lang: str = "en") -> Path:
    """An Excel workbook: overview, the slot × table grid, all meetings, the outcome form,
    then one agenda sheet per participant (named by id); above :data:`XLSX_FULL_MEETINGS`
    meetings, the overview only, saying where the tables are."""
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX exports")
    check_language(lang)
    book = openpyxl.Workbook()
    overview = book.active
    titles = _SHEETS_ID if lang == "id" else {k: k for k in _SHEETS_ID}
    overview.title = titles["overview"]
    rows = _overview_rows(result, lang)
    write_xlsx_sheet(
        overview, *_localised(["item", "value"], [{"item": k, "value": v} for k, v in rows], lang)
    )
    overview.column_dimensions["A"].width = 38
    overview.column_dimensions["B"].width = 60
    if len(rec.meetings) > XLSX_FULL_MEETINGS:  # summarised: see XLSX_FULL_MEETINGS
        overview.append(
            [
                "tables",
                f"{len(rec.meetings):,} meetings: more than {XLSX_FULL_MEETINGS:,}, so the grid, "
                "meetings, outcome form and agendas are in the CSV files and result.json only",
            ]
        )
        book.save(path)
        return Path(path)
    sheets = [
        ("meetings", MEETING_COLUMNS, rec.meetings),
        ("outcomes", rec.outcome_columns, rec.outcome_form),
    ]
    used = {t.casefold() for t in titles.values()}
    reasons = reason_cells(result.schedule.reasons.values(), lang)
    write_grid_sheet(book, rec.grid_columns, rec.grid, lang=lang, cells=reasons)
    for title, columns, data in sheets:
        sheet = book.create_sheet(titles[title])
        write_xlsx_sheet(sheet, *_localised(columns, data, lang, reasons))
        sheet.freeze_panes = "A2"
    by_participant: dict[str, list[dict[str, Any]]] = {}
    for row in rec.agendas:
        by_participant.setdefault(str(row["participant"]), []).append(row)
    for pid, rows_of in by_participant.items():
        sheet = book.create_sheet(_sheet_title(pid, used))
        write_xlsx_sheet(sheet, *_localised(AGENDA_COLUMNS, rows_of, lang))
    book.save(path)
    return Path(path)


#: Sheet names of the Indonesian workbook (read_outcomes finds "hasil" as well as "outcomes").
_SHEETS_ID = {"overview": "ikhtisar", "grid": "jadwal", "meetings": "pertemuan", "outcomes": "hasil"}


class GridWorksheet(WritableWorksheet, Protocol):
    """The part of an openpyxl worksheet :func:`write_grid_sheet` uses (openpyxl ships no types)."""

    freeze_panes: str


class XlsxWorkbook(Protocol):
    """The part of an openpyxl workbook :func:`write_grid_sheet` uses."""

    def create_sheet(self, title: str) -> GridWorksheet: ...


def write_grid_sheet(
    book: XlsxWorkbook,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Cell]],
    *,
    lang: str = "en",
    cells: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """The workbook's slot × table sheet (``grid``, ``jadwal`` in Indonesian), added to ``book``.

    ``columns`` are ``slot``, ``start`` and the tables' labels; each row a slot, each cell the
    meeting at that table.  The header and the slot column stay in view.  Both paths'
    workbooks write their grid with it (:func:`write_xlsx`, the group path's).
    """
    sheet = book.create_sheet(_SHEETS_ID["grid"] if lang == "id" else "grid")
    write_xlsx_sheet(sheet, *_localised(list(columns), rows, lang, cells))
    sheet.freeze_panes = "B2"


def _event_dates(result: MatchmakingResult) -> str:
    """The event's date, or its days (``2025-11-12, 2025-11-13``) when the plan's ``days``
    date it and the mission has no date of its own."""
    if result.mission.date is not None:
        return result.mission.date.isoformat()
    days = sorted({slot.start.date() for slot in result.schedule.plan.slots})
    return ", ".join(day.isoformat() for day in days)


def _overview_rows(result: MatchmakingResult, lang: str) -> list[tuple[str, str]]:
    m, e = result.mission, result.evaluation
    from matchmaker.reporting.numbers import format_number, format_percent, format_rupiah

    cover = " / ".join(format_percent(c, lang, decimals=0) for c in (e.side_a.coverage, e.side_b.coverage))
    slots = label("slots_of", lang).format(
        used=e.slots_used, n=len(result.schedule.plan.slots), bound=e.slot_bound
    )
    rows = [
        (label("mission", lang), m.name),
        (label("date", lang), _event_dates(result)),
        (label("venue", lang), m.venue or ""),
        (label("timezone", lang), m.timezone),
        (
            label("participants", lang),
            f"{m.side_a.name}: {len(m.side('A'))}; {m.side_b.name}: {len(m.side('B'))}",
        ),
        (label("meetings", lang), str(e.meetings)),
        (label("unplaced", lang), str(e.unplaced)),
        (label("coverage", lang), f"A / B: {cover}"),
        (label("score", lang), format_number(e.total_score, lang) if e.total_score is not None else ""),
        (label("slots", lang), slots),
        # solver names: for whoever checks the run, marked as the report's technical appendix is
        (
            f"{label('technical', lang)}: {label('matching_method', lang)}",
            f"{result.matching.method} ({result.matching.backend})",
        ),
        (
            f"{label('technical', lang)}: {label('schedule_method', lang)}",
            f"{result.schedule.method} ({result.schedule.backend})",
        ),
    ]
    if e.declared_potential_idr is not None:
        rows.append((label("declared_potential", lang), format_rupiah(e.declared_potential_idr, lang)))
    return rows
