"""Participant tables as Excel workbooks (optional extra: ``pip install 'matchmaker[xlsx]'``).

The table is read from the sheet called ``participants`` if there is one, else from
the first sheet; row 1 is the header.  Numbers typed into code cells lose their
leading zeros in Excel (``01150`` becomes ``1150``); such codes are reported with the
zero-padded suggestion, and the writer stores every cell as text so that it cannot
happen to files matchmaker writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matchmaker._optional import require
from matchmaker.errors import DataFileError, Problem
from matchmaker.io.cells import neutralise
from matchmaker.io.table import COLUMNS, Header, participant_to_row, rows_to_participants
from matchmaker.model.participant import Participant

__all__ = ["read_xlsx", "write_xlsx"]


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.time):
        return cell.strftime("%H:%M")
    return str(cell)


def read_xlsx(path: str | Path, *, sheet: str | None = None) -> tuple[Participant, ...]:
    """Read a participant table from an ``.xlsx`` workbook.

    Raises
    ------
    DataFileError
        For a file that is not a workbook, a missing sheet, a bad header or bad cells.
    MissingDependencyError
        When openpyxl is not installed.
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
        name = sheet or ("participants" if "participants" in book.sheetnames else book.sheetnames[0])
        rows_iter = book[name].iter_rows(values_only=True)
        first = next(rows_iter, None)
        if first is None or not any(c is not None for c in first):
            raise DataFileError(
                Problem(
                    f"sheet {name!r} is empty",
                    kind="empty",
                    source=source,
                    hint="row 1 must be a header naming the columns",
                )
            )
        labels = [_text(c) for c in first]
        while labels and not labels[-1]:
            labels.pop()
        header = Header.read(labels, f"{source} [{name}]")
        rows = [(i, [_text(c) for c in cells]) for i, cells in enumerate(rows_iter, start=2)]
        return rows_to_participants(header, rows, f"{source} [{name}]")
    finally:
        book.close()


def write_xlsx(participants: Iterable[Participant], path: str | Path) -> None:
    """Write a participant table to a sheet ``participants`` of a new workbook, all cells as text."""
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX files")
    people = tuple(participants)
    extra = list(dict.fromkeys(k for p in people for k, _ in p.extra))
    columns = [*COLUMNS, *extra]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "participants"
    write_sheet(sheet, columns, (participant_to_row(p) for p in people))
    sheet.freeze_panes = "B2"
    book.save(path)


def write_sheet(sheet: Any, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """Fill an openpyxl sheet with a header and rows; text cells are stored as text, never formulas."""
    sheet.append(columns)
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column, "")
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = neutralise(value)
                cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
                cell.number_format = "@"
            else:
                cell.value = value
