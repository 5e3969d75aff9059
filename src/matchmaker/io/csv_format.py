"""Participant tables as CSV: UTF-8 (with or without BOM), ``,`` or ``;`` delimited.

Excel in an Indonesian (or any comma-decimal) locale saves CSV with ``;`` between
cells; both delimiters are detected from the header row unless one is given.
Multi-valued cells use ``;`` too, which is fine: such cells are quoted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from matchmaker.errors import DataFileError, Problem
from matchmaker.io.cells import neutralise
from matchmaker.io.table import COLUMNS, Header, participant_to_row, rows_to_participants
from matchmaker.model.participant import Participant

__all__ = ["read_csv", "write_csv"]


def _detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


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
    source = str(path)
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(
            Problem(
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte {exc.start})",
                kind="encoding",
                source=source,
                row=line,
                hint="save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8)",
            )
        ) from None
    if not text.strip():
        raise DataFileError(
            Problem(
                "the file is empty",
                kind="empty",
                source=source,
                hint="the first row must be a header naming the columns",
            )
        )
    first_line = text.split("\n", 1)[0]
    chosen = delimiter or _detect_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    header = Header.read(next(reader), source)
    width = len(header.columns)
    rows = []
    for cells in reader:
        number = reader.line_num
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            raise DataFileError(
                Problem(
                    f"{len(cells)} cells but the header has {width} columns",
                    kind="ragged",
                    source=source,
                    row=number,
                    hint="a cell holding the delimiter must be in double quotes",
                )
            )
        rows.append((number, cells))
    return rows_to_participants(header, rows, source)


def write_csv(
    participants: Iterable[Participant], path: str | Path, *, delimiter: str = ",", bom: bool = False
) -> None:
    """Write a participant table; ``read_csv`` gives the same participants back.

    Text that a spreadsheet would run as a formula is prefixed with ``'``
    (see :mod:`matchmaker.io.cells`); ``bom=True`` helps old Excel versions detect UTF-8.
    """
    people = tuple(participants)
    extra = list(dict.fromkeys(k for p in people for k, _ in p.extra))
    with Path(path).open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        write_rows(handle, [*COLUMNS, *extra], (participant_to_row(p) for p in people), delimiter)


def write_rows(
    handle: io.TextIOBase | object,
    columns: Sequence[str],
    rows: Iterable[dict[str, str]],
    delimiter: str = ",",
) -> None:
    """Write dict rows under ``columns`` with formula-safe cells (shared by all CSV writers)."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")  # type: ignore[arg-type]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(str(row.get(c, ""))) for c in columns])
