"""Participant tables as CSV: UTF-8 (with or without BOM), ``,`` or ``;`` delimited.

Excel in an Indonesian (or any comma-decimal) locale saves CSV with ``;`` between
cells; both delimiters are detected from the header row unless one is given.
Multi-valued cells use ``;`` too, which is fine: such cells are quoted.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from matchmaker.io.sheets import read_csv_sheet, write_csv_sheet
from matchmaker.io.table import COLUMNS, participant_to_row, sheet_to_participants
from matchmaker.model.participant import Participant

__all__ = ["read_csv", "write_csv"]


def read_csv(path: str | Path, *, delimiter: str | None = None) -> tuple[Participant, ...]:
    """Read a participant table from a CSV file (see :mod:`matchmaker.io.table` for columns).

    Parameters
    ----------
    path : str or Path
        The file; UTF-8, a byte-order mark is allowed.
    delimiter : str, optional
        ``","`` or ``";"``; detected from the header when omitted.

    Raises
    ------
    DataFileError
        For an unreadable encoding, a bad header, or bad cells, with row and column.
    """
    return sheet_to_participants(read_csv_sheet(path, delimiter=delimiter))


def write_csv(
    participants: Iterable[Participant], path: str | Path, *, delimiter: str = ",", bom: bool = False
) -> None:
    """Write a participant table; ``read_csv`` gives the same participants back.

    Text that a spreadsheet would run as a formula is prefixed with ``'``
    (see :mod:`matchmaker.io.cells`); ``bom=True`` helps old Excel versions detect UTF-8.
    """
    people = tuple(participants)
    extra = list(dict.fromkeys(k for p in people for k, _ in p.extra))
    rows = (participant_to_row(p) for p in people)
    write_csv_sheet(path, [*COLUMNS, *extra], rows, delimiter=delimiter, bom=bom)
