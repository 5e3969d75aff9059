"""Raw tables from CSV and XLSX files: a header and numbered rows of text cells.

Shared by every table matchmaker reads (participants, deal outcomes) and writes.  Rows
are numbered as a spreadsheet shows them (the header is row 1).  Text that a
spreadsheet would run as a formula is neutralised on writing (see
:mod:`matchmaker.io.cells`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from matchmaker import _json
from matchmaker._optional import require
from matchmaker.errors import DataFileError, Problem
from matchmaker.io.cells import any_neutralised, neutralise, xlsx_text

__all__ = [
    "Sheet",
    "WorksheetCell",
    "WritableWorksheet",
    "read_csv_sheet",
    "read_problems",
    "read_xlsx_sheet",
    "write_csv_sheet",
    "write_xlsx_sheet",
]


class WorksheetCell(Protocol):
    """The part of an openpyxl cell :func:`write_xlsx_sheet` sets (openpyxl ships no types)."""

    value: object
    data_type: str
    number_format: str


class WritableWorksheet(Protocol):
    """The part of an openpyxl worksheet :func:`write_xlsx_sheet` uses (openpyxl ships no types)."""

    def append(self, iterable: Iterable[object], /) -> object: ...

    def cell(self, row: int, column: int) -> WorksheetCell: ...


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: where from, its header labels, and ``(row_number, cells)``;
    ``header_row`` is the header's row number (title rows may come before it)."""

    source: str
    labels: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    problems: tuple[Problem, ...] = ()
    header_row: int = 1


def _detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _empty(source: str) -> DataFileError:
    return DataFileError(
        Problem(
            "the file is empty",
            kind="empty",
            source=source,
            hint="the first row must be a header naming the columns",
        )
    )


def read_csv_sheet(path: str | Path, *, delimiter: str | None = None) -> Sheet:
    """Read a UTF-8 CSV file (BOM allowed); the delimiter (``,``, ``;`` or tab) is detected if not given.

    Raises
    ------
    DataFileError
        For a file that is not UTF-8 or is empty.  Rows wider than the header are set
        aside and described in ``Sheet.problems``.
    """
    source = str(path)
    hint = "save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8)"
    text = _json.decode(Path(path).read_bytes(), source, hint=hint)
    if not text.strip():
        raise _empty(source)
    chosen = delimiter or _detect_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    labels = tuple(next(reader))
    # numbered by record, as a spreadsheet shows them (a quoted cell may span several lines)
    rows = [(number, tuple(cells)) for number, cells in enumerate(reader, start=2)]
    return _drop_misaligned(Sheet(source, labels, ()), rows)


def _drop_misaligned(sheet: Sheet, rows: list[tuple[int, tuple[str, ...]]]) -> Sheet:
    """Set aside rows with more cells than the header: their cells are shifted, so every
    column after the break would be read wrong.  A row counts as longer when its extra cells
    hold text, or when it is longer than the file's usual rows (a trailing delimiter on
    every line is harmless)."""
    width = len(sheet.labels)
    lengths = [len(cells) for _, cells in rows]
    # the commonest row length (the shortest of equally common ones)
    usual = min(set(lengths), key=lambda n: (-lengths.count(n), n)) if lengths else width
    kept, problems = [], []
    for number, cells in rows:
        if len(cells) > width and (any(c.strip() for c in cells[width:]) or len(cells) > usual):
            problems.append(
                Problem(
                    f"{len(cells)} cells but the header has {width} columns; the row was not read",
                    kind="ragged",
                    source=sheet.source,
                    row=number,
                    hint="a cell holding the delimiter (or a decimal comma) must be in double quotes",
                )
            )
        else:
            kept.append((number, cells))
    return Sheet(sheet.source, sheet.labels, tuple(kept), tuple(problems))


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, float) and re.fullmatch(r"-?\d+\.\d{3}", repr(cell)):
        return repr(cell) + "0"  # "1.125" would read as 1125 (a point before three digits groups)
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    return str(cell)


#: How far down a sheet the header row is looked for (title rows may come first).
HEADER_SEARCH_ROWS = 20


def _tables(book: Any, is_header: Callable[[Sequence[str]], bool]) -> list[str]:
    """The sheets with a row ``is_header`` accepts near their top and a filled row under it."""
    found = []
    for ws in book.worksheets:
        seen, header = 0, False
        for row in ws.iter_rows(values_only=True):
            texts = [_text(c) for c in row]
            if not any(t.strip() for t in texts):
                continue
            if header:  # a filled row under the header: a table
                found.append(str(ws.title))
                break
            header = is_header(texts)
            seen += 1
            if not header and seen >= HEADER_SEARCH_ROWS:
                break
    return found


def read_xlsx_sheet(
    path: str | Path,
    *,
    sheet: str | None = None,
    default: str | None = None,
    is_header: Callable[[Sequence[str]], bool] | None = None,
) -> Sheet:
    """Read one sheet of an ``.xlsx`` workbook: ``sheet``, else ``default`` if present, else
    the first whose header ``is_header`` accepts, else the first.  Without ``sheet``, a
    workbook with a participant table (a header ``is_header`` accepts and a row under it)
    on more than one sheet is refused, naming them: reading one would drop the others.

    The header is the first row that ``is_header`` accepts among the first
    :data:`HEADER_SEARCH_ROWS` rows (title rows above it are skipped), else the first
    non-empty row.  Besides the cells, ``Sheet.problems`` names what a reader would
    otherwise get silently wrong: merged cells in the table (only the first cell of a
    merged range holds its text; the range is named and the others read as its text)
    and formula cells the file holds no computed value for (they would read as empty).

    Raises
    ------
    DataFileError
        For a file that is not a workbook, a missing or empty sheet, tables on several
        sheets (``several-tables``, without ``sheet``).
    MissingDependencyError
        When openpyxl is not installed (``pip install 'matchmaker[xlsx]'``).
    """
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX files")
    from openpyxl.utils import get_column_letter

    source = str(path)
    try:
        # not read-only: merged ranges are only known to a fully loaded sheet
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise DataFileError(
            Problem(
                f"cannot open as an Excel workbook: {exc}",
                kind="format",
                source=source,
                hint="save it as .xlsx, or export CSV UTF-8",
            )
        ) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise DataFileError(
            Problem(
                f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})",
                kind="format",
                source=source,
                hint="give --sheet one of the names listed",
            )
        )
    tables = _tables(book, is_header) if sheet is None and is_header is not None else []
    if len(tables) > 1:  # reading one would drop the others' rows silently
        raise DataFileError(
            Problem(
                f"{len(tables)} sheets hold a participant table: {', '.join(repr(t) for t in tables)}",
                kind="several-tables",
                source=source,
                data={"count": len(tables), "sheets": ", ".join(repr(t) for t in tables)},
                hint="put every participant in one sheet, or give --sheet NAME to read one of them",
            )
        )
    # a cover or instructions sheet (Petunjuk) before the table is passed over
    name: str = sheet or (
        default if default is not None and default in book.sheetnames else (tables or book.sheetnames)[0]
    )
    located = f"{source} [{name}]"
    ws = book[name]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    merged = [r for r in getattr(ws, "merged_cells", None) or () if r.size["rows"] * r.size["columns"] > 1]
    for r in merged:  # the merged range reads as its first cell's value
        for i in range(r.min_row, r.max_row + 1):
            for j in range(r.min_col, r.max_col + 1):
                if i - 1 < len(grid) and j - 1 < len(grid[i - 1]):
                    grid[i - 1][j - 1] = grid[r.min_row - 1][r.min_col - 1]
    filled = [k for k, row in enumerate(grid) if any(c is not None and str(c).strip() for c in row)]
    if not filled:
        raise _empty(located)
    start = filled[0]
    if is_header is not None:
        for k in filled[:HEADER_SEARCH_ROWS]:
            if is_header([_text(c) for c in grid[k]]):
                start = k
                break
    labels = [_text(c) for c in grid[start]]
    while labels and not labels[-1]:
        labels.pop()
    header_row = start + 1
    # cells right of the header stay in the row, so the reader reports them (unnamed column)
    width = max(len(labels), 1)
    rows = []
    for i, cells in enumerate(grid[start + 1 :], start=header_row + 1):
        texts = [_text(c) for c in cells]
        while len(texts) > width and not texts[-1]:
            texts.pop()
        rows.append((i, tuple(texts)))
    problems = []
    for r in sorted(merged, key=lambda r: (r.min_row, r.min_col)):
        if r.max_row < header_row:
            continue  # a title above the table
        column = labels[r.min_col - 1] if r.min_col - 1 < len(labels) else get_column_letter(r.min_col)
        problems.append(
            Problem(
                f"cells {r.coord} are merged; each row needs its own value",
                kind="merged-cells",
                source=located,
                row=r.min_row,
                column=column,
                hint="unmerge the cells (Home > Merge & Center) and fill the value into every row",
            )
        )
    problems += _formulas_without_values(path, name, grid, header_row, labels, located)
    book.close()
    return Sheet(located, tuple(labels), tuple(rows), tuple(problems), header_row=header_row)


def _formulas_without_values(
    path: str | Path, name: str, grid: list[list[object]], header_row: int, labels: list[str], source: str
) -> list[Problem]:
    """Formula cells with no cached value: a program that does not calculate (a script, some
    converters) saved them, so a reader sees them empty.  Reported, never read as empty."""
    if not any(c is None for row in grid[header_row:] for c in row):
        return []
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX files")
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        out = []
        for i, row in enumerate(
            book[name].iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
        ):
            for j, formula in enumerate(row):
                if not (isinstance(formula, str) and formula.startswith("=")):
                    continue
                if i - 1 < len(grid) and j < len(grid[i - 1]) and grid[i - 1][j] is not None:
                    continue
                out.append(
                    Problem(
                        f"cell {get_column_letter(j + 1)}{i} holds the formula {formula[:60]} "
                        "but no computed value",
                        kind="formula-without-value",
                        source=source,
                        row=i,
                        column=labels[j] if j < len(labels) and labels[j] else get_column_letter(j + 1),
                        hint="open and save the file in Excel or LibreOffice (which compute formulas), "
                        "or paste the cells as values",
                    )
                )
        return out
    finally:
        book.close()


def read_problems(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` without those of a cell whose formula has no computed value (said by
    ``formula-without-value``): the reader saw the cell empty, so "must be a non-empty
    text" and the like would blame the cell a second time for what it never held."""
    problems = list(problems)
    unread = {(p.source, p.row, p.column) for p in problems if p.kind == "formula-without-value"}
    return [
        p for p in problems if p.kind == "formula-without-value" or (p.source, p.row, p.column) not in unread
    ]


def write_csv_sheet(
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, object]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    header: Sequence[str] | None = None,
    decimal: str = ".",
    translate: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Write dict rows under ``columns`` as CSV with formula-safe cells (CRLF line ends, as Excel).

    ``header`` replaces the column keys in the first row (a translation); ``decimal=","``
    writes floats with a decimal comma, as Excel in a comma-decimal locale reads them;
    ``translate`` gives the texts of some columns in another language
    (``{"status": {"placed": "terjadwal"}}``).
    """
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        if bom:
            handle.write("\ufeff")  # by hand: the utf-8-sig codec is slower on every write
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        # header cells can be user text too (a grid's table labels): as formula-safe as the rest
        writer.writerow([neutralise(str(label)) for label in (header or columns)])
        # Column by column, each distinct text neutralised once (ids, names and times repeat),
        # then all rows in one writerows call: a few list passes instead of a call per cell.
        rows = rows if isinstance(rows, (list, tuple)) else list(rows)
        if not rows:
            return
        try:  # every row has every column (the usual case): one C-level pick per row
            table = list(map(operator.itemgetter(*columns), rows)) if len(columns) > 1 else None
        except KeyError:
            table = None
        words_of = {c: translate[c] for c in columns if translate and translate.get(c)}
        if table is not None and not words_of and len(columns) > 1:
            # Wide tables (the grid: a column per table, a row per slot): all cells as one
            # list, and nothing neutralised when no cell starts like a formula (one search
            # over all of them) instead of a dict of distinct texts per column.
            width = len(columns)
            flat = list(map(str, itertools.chain.from_iterable(table)))
            if decimal != ".":  # floats with the locale's decimal mark
                kinds = map(type, itertools.chain.from_iterable(table))
                flat = [
                    t.replace(".", decimal) if k is float else t for t, k in zip(flat, kinds, strict=True)
                ]
            joined = "\x00".join(flat)
            if not any_neutralised(joined):
                writer.writerows(zip(*[iter(flat)] * width, strict=True))
                return
        by_column = (
            zip(*table, strict=True)
            if table is not None
            else ([row.get(c, "") for row in rows] for c in columns)
        )
        cells = []
        for column, values in zip(columns, by_column, strict=True):
            if decimal == ".":
                texts = list(map(str, values))
            else:  # floats with the locale's decimal mark
                texts = [str(v).replace(".", decimal) if type(v) is float else str(v) for v in values]
            words = (translate or {}).get(column, {})  # per distinct text, like neutralise: no cost per row
            safe = {t: neutralise(words.get(t, t)) for t in set(texts)}
            cells.append(list(map(safe.__getitem__, texts)))
        writer.writerows(zip(*cells, strict=True))


def write_xlsx_sheet(
    sheet: WritableWorksheet, columns: Sequence[str], rows: Iterable[Mapping[str, object]]
) -> None:
    """Fill an openpyxl worksheet with a header and rows; text is stored as text, never as a formula."""
    sheet.append([neutralise(xlsx_text(str(c))) for c in columns])
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column, "")
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = neutralise(xlsx_text(value))
                cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
                cell.number_format = "@"
            else:
                cell.value = value
