"""Participant tables as Excel workbooks (optional extra: ``pip install 'matchmaker[xlsx]'``).

The table is read from the sheet called ``participants`` if there is one, else from
the first sheet whose header names the required columns (a cover or instructions sheet
before it is passed over), else the first sheet (``sheet=`` / ``--sheet NAME`` choose
another; without it, tables on several sheets are refused, naming them, since reading one
would drop the others' participants); the header is the first
row naming the required columns, so title rows may come above it.  Merged cells in the
table and formula cells saved without a computed value are reported, never read as empty.
Numbers typed into code cells lose their leading zeros in Excel (``01150`` becomes
``1150``); such codes are reported with the zero-padded suggestion, and the writer
stores every cell as text so that it cannot happen to files matchmaker writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from matchmaker._optional import require
from matchmaker.io.sheets import read_xlsx_sheet, write_xlsx_sheet
from matchmaker.io.table import COLUMNS, is_participant_header, participant_to_row, sheet_to_participants
from matchmaker.model.participant import Participant

__all__ = ["read_xlsx", "write_xlsx"]


def read_xlsx(path: str | Path, *, sheet: str | None = None) -> tuple[Participant, ...]:
    """Read a participant table from an ``.xlsx`` workbook.

    Raises
    ------
    DataFileError
        For a file that is not a workbook, a missing sheet, a bad header or bad cells.
    MissingDependencyError
        When openpyxl is not installed.
    """
    return sheet_to_participants(
        read_xlsx_sheet(path, sheet=sheet, default="participants", is_header=is_participant_header)
    )


def write_xlsx(participants: Iterable[Participant], path: str | Path) -> None:
    """Write a participant table to a sheet ``participants`` of a new workbook, all cells as text."""
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX files")
    people = tuple(participants)
    extra = list(dict.fromkeys(k for p in people for k, _ in p.extra))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "participants"
    write_xlsx_sheet(sheet, [*COLUMNS, *extra], (participant_to_row(p) for p in people))
    sheet.freeze_panes = "B2"
    book.save(path)
