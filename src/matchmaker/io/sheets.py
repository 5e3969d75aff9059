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
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchmaker._optional import require
from matchmaker.errors import DataFileError, Problem
from matchmaker.io.cells import neutralise, xlsx_text

__all__ = ["Sheet", "read_csv_sheet", "read_xlsx_sheet", "write_csv_sheet", "write_xlsx_sheet"]


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: where from, its header labels, and ``(row_number, cells)``."""

    source: str
    labels: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    problems: tuple[Problem, ...] = ()


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
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            Problem(
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start})",
                kind="encoding",
                source=source,
                row=raw[: exc.start].count(b"\n") + 1,
                hint="save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8)",
            )
        ) from None
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


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, float) and re.fullmatch(r"-?\d+\.\d{3}", repr(cell)):
        return repr(cell) + "0"  # "1.125" would read as 1125 (a point before three digits groups)
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    return str(cell)


def read_xlsx_sheet(path: str | Path, *, sheet: str | None = None, default: str | None = None) -> Sheet:
    """Read one sheet of an ``.xlsx`` workbook: ``sheet``, else ``default`` if present, else the first.

    Raises
    ------
    DataFileError
        For a file that is not a workbook, a missing or empty sheet.
    MissingDependencyError
        When openpyxl is not installed (``pip install 'matchmaker[xlsx]'``).
    """
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX files")
    source = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise DataFileError(
            Problem(
                f"cannot open as an Excel workbook: {exc}",
                kind="format",
                source=source,
                hint="save it as .xlsx, or export CSV UTF-8",
            )
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise DataFileError(
                Problem(
                    f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})", kind="format", source=source
                )
            )
        name = sheet or (default if default in book.sheetnames else book.sheetnames[0])
        located = f"{source} [{name}]"
        rows_iter = book[name].iter_rows(values_only=True)
        first = next(rows_iter, None)
        if first is None or not any(c is not None for c in first):
            raise _empty(located)
        labels = [_text(c) for c in first]
        while labels and not labels[-1]:
            labels.pop()
        # cells right of the header stay in the row, so the reader reports them (unnamed column)
        width = max(len(labels), 1)
        rows = []
        for i, cells in enumerate(rows_iter, start=2):
            texts = [_text(c) for c in cells]
            while len(texts) > width and not texts[-1]:
                texts.pop()
            rows.append((i, tuple(texts)))
        return Sheet(located, tuple(labels), tuple(rows))
    finally:
        book.close()


def write_csv_sheet(
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    header: Sequence[str] | None = None,
    decimal: str = ".",
) -> None:
    """Write dict rows under ``columns`` as CSV with formula-safe cells (CRLF line ends, as Excel).

    ``header`` replaces the column keys in the first row (a translation); ``decimal=","``
    writes floats with a decimal comma, as Excel in a comma-decimal locale reads them.
    """
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        if bom:
            handle.write("\ufeff")  # by hand: the utf-8-sig codec is slower on every write
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header or columns)
        # Column by column, each distinct text neutralised once (ids, names and times repeat),
        # then all rows in one writerows call: a few list passes instead of a call per cell.
        rows = rows if isinstance(rows, (list, tuple)) else list(rows)
        if not rows:
            return
        try:  # every row has every column (the usual case): one C-level pick per row
            table = list(map(operator.itemgetter(*columns), rows)) if len(columns) > 1 else None
        except KeyError:
            table = None
        by_column = (
            zip(*table, strict=True)
            if table is not None
            else ([row.get(c, "") for row in rows] for c in columns)
        )
        cells = []
        for values in by_column:
            if decimal == ".":
                texts = list(map(str, values))
            else:  # floats with the locale's decimal mark
                texts = [str(v).replace(".", decimal) if type(v) is float else str(v) for v in values]
            safe = {t: neutralise(t) for t in set(texts)}
            cells.append(list(map(safe.__getitem__, texts)))
        writer.writerows(zip(*cells, strict=True))


def write_xlsx_sheet(sheet: Any, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
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
