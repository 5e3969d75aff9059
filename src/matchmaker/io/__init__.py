"""Reading and writing participant tables and missions (CSV, JSON, XLSX).

The columns are documented in :mod:`matchmaker.io.table`.  Every reader reports all
problems of a file at once, each with file, row and column, and raises before any
participant is returned.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from matchmaker._files import no_such_file, replacing
from matchmaker.errors import DataFileError, Problem, ValidationError
from matchmaker.io.csv_format import read_csv, write_csv
from matchmaker.io.json_format import read_json, write_json
from matchmaker.io.table import COLUMNS, REQUIRED_COLUMNS, sheet_to_participants
from matchmaker.io.xlsx_format import read_xlsx, write_xlsx
from matchmaker.model.mission import Delegation, Mission, unwritable
from matchmaker.model.participant import Participant
from matchmaker.reference.provinces import province

if TYPE_CHECKING:
    from matchmaker.io.sheets import Sheet

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "load_mission",
    "read_participants",
    "save_mission",
    "write_participants",
]

Format = Literal["csv", "json", "xlsx"]


def _format(path: str | Path, given: str | None) -> Format:
    if Path(path).is_dir():  # said as it is, not "cannot tell the format"
        raise DataFileError(
            Problem(
                "is a folder, not a participant file",
                kind="is-a-folder",
                source=str(path),
                hint=f"give the file's path, e.g. {Path(path) / 'participants.csv'}",
            )
        )
    suffix = (given or Path(path).suffix.lstrip(".")).lower()
    if suffix in ("csv", "txt"):
        return "csv"
    if suffix in ("json", "xlsx"):
        return suffix  # type: ignore[return-value]
    raise DataFileError(
        Problem(
            f"cannot tell the format of {str(path)!r}",
            kind="format",
            source=str(path),
            hint="use a .csv, .json or .xlsx file, or pass format='csv'",
        )
    )


def read_participants(
    path: str | Path, *, format: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> tuple[Participant, ...]:
    """Read a participant table from CSV, JSON or XLSX (chosen by the file's suffix).

    Parameters
    ----------
    path : str or Path
        The file.
    format : {"csv", "json", "xlsx"}, optional
        Overrides the suffix.
    delimiter : str, optional
        CSV only: ``","`` or ``";"`` (detected from the header when omitted).
    sheet : str, optional
        XLSX only: the sheet to read.

    Raises
    ------
    DataFileError
        Listing every problem in the file with row and column.
    ValidationError
        An option the file's format does not take (``sheet=`` for a CSV file, say).
    FileNotFoundError
        When there is no such file.
    """
    if not Path(path).exists():
        raise no_such_file(path)
    kind = _format(path, format)
    _check_options(path, kind, {"delimiter": (delimiter, "csv"), "sheet": (sheet, "xlsx")})
    if kind == "csv":
        return read_csv(path, delimiter=delimiter)
    if kind == "xlsx":
        return read_xlsx(path, sheet=sheet)
    found = read_json(path)
    return found.participants if isinstance(found, Mission) else found


def _check_options(path: str | Path, kind: Format, given: Mapping[str, tuple[object, Format]]) -> None:
    """Refuse, before reading, an option given for a format that does not take it."""
    wrong = [
        Problem(
            f"{option}= is an option of {wants.upper()} files; {str(path)!r} is read as {kind.upper()}",
            kind="invalid-option",
            field=option,
            source=str(path),
            hint=f"leave {option} out, or give a .{wants} file",
        )
        for option, (value, wants) in given.items()
        if value is not None and wants != kind
    ]
    if wrong:
        raise ValidationError(wrong)


def load_mission(
    path: str | Path,
    *,
    name: str | None = None,
    side_a: str | Delegation | None = None,
    side_b: str | Delegation | None = None,
    date: dt.date | str | None = None,
    venue: str | None = None,
    timezone: str | None = None,
    format: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    table: Sheet | None = None,
) -> Mission:
    """Load a mission: a JSON mission file, or a participant table plus the event's details.

    For a table, the two delegations are the two names in its ``delegation`` column
    (side A the first, unless ``side_a`` says otherwise).  Without ``timezone``, the
    time zone is the one both delegations' home provinces share; when they differ
    (a Jakarta delegation visiting Bali) the venue's zone must be given.  Arguments
    given override a JSON file's metadata (``side_a`` swaps the sides if needed).

    ``delimiter`` (CSV) and ``sheet`` (XLSX) are passed to :func:`read_participants`.
    ``table``: the file's raw table when it was read already, as :func:`read_participants`
    reads it with the same ``delimiter`` and ``sheet`` (``matchmaker run`` reads a table once
    to choose the ordinary or the group path, :func:`matchmaker.group_path.read_table`, and
    hands it on); the checks before reading, and their order, are the same.

    Examples
    --------
    >>> from matchmaker.datasets import bundled_mission_path
    >>> m = load_mission(bundled_mission_path(), date="2020-12-02", timezone="WIB")
    >>> len(m.side("A")), len(m.side("B")), m.timezone
    (46, 115, 'Asia/Jakarta')
    """
    if not Path(path).exists():
        raise no_such_file(path)
    kind = _format(path, format)
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date.strip())
        except ValueError:
            raise ValidationError(
                Problem(
                    f"event date {date!r} is not a date",
                    kind="syntax",
                    field="date",
                    hint="write it as YYYY-MM-DD, e.g. 2025-09-29",
                )
            ) from None
    _check_options(path, kind, {"delimiter": (delimiter, "csv"), "sheet": (sheet, "xlsx")})
    people: Mission | tuple[Participant, ...]
    if kind == "json":
        people = read_json(path)
    elif table is not None:
        people = sheet_to_participants(table)
    else:
        people = read_participants(path, format=kind, delimiter=delimiter, sheet=sheet)
    if isinstance(people, Mission):
        given = {"name": name, "date": date, "venue": venue, "timezone": timezone}
        changes: dict[str, object] = {k: v for k, v in given.items() if v}
        wanted_a = side_a.name if isinstance(side_a, Delegation) else side_a
        if wanted_a is not None and wanted_a != people.side_a.name:
            if wanted_a != people.side_b.name:
                names = [people.side_a.name, people.side_b.name]
                raise DataFileError(
                    Problem(
                        f"side_a {wanted_a!r} names no delegation of the mission; it names "
                        f"{people.side_a.name!r}, {people.side_b.name!r}",
                        kind="unknown-side",
                        field="side_a",
                        source=str(path),
                        data={"given": wanted_a, "delegations": names},
                    )
                )
            changes.update(side_a=people.side_b, side_b=people.side_a)
        return people.replace(**changes) if changes else people
    try:
        mission = Mission.from_participants(
            people,
            name=name or "",  # the delegations name it below, not the file name
            side_a=side_a,
            side_b=side_b,
            date=date,
            venue=venue,
            timezone=timezone or "Asia/Jakarta",
        )
    except ValidationError as exc:
        raise DataFileError([p.located(source=str(path)) for p in exc.problems]) from None
    if timezone is None:
        mission = mission.replace(timezone=_home_zone(mission, str(path)))
    if not name:  # a report titled "participants" helps nobody
        mission = mission.replace(name=f"{mission.side_a.name} – {mission.side_b.name}")
    return mission


def _home_zone(mission: Mission, source: str) -> str:
    """The event's time zone when the file does not say: the one both delegations' provinces share.

    Guessing between two zones would put every agenda an hour or two off, so that is an error.
    """
    zones = {province(d.province).timezone for d in (mission.side_a, mission.side_b) if d.province}
    # Asia/Pontianak and Asia/Jakarta are both WIB (UTC+7)
    offsets = {("WIB" if z in ("Asia/Jakarta", "Asia/Pontianak") else z) for z in zones}
    if len(offsets) == 1:
        host = mission.side_b.province
        return province(host).timezone if host else zones.pop()
    found = ", ".join(sorted(zones)) or "no province shared by a whole delegation"
    raise DataFileError(
        Problem(
            f"cannot tell the event's time zone ({found})",
            kind="missing-timezone",
            field="timezone",
            source=source,
            hint="give the time zone of the venue: timezone='WITA' (Python), --timezone WITA (command line) "
            "or timezone in the [mission] section of the config",
        )
    )


def write_participants(
    data: Mission | Iterable[Participant],
    path: str | Path,
    *,
    format: str | None = None,
    delimiter: str | None = None,
    bom: bool | None = None,
) -> None:
    """Write participants (or a mission's) to CSV, JSON or XLSX; reading them back gives the same.

    ``delimiter`` (default ``","``) and ``bom`` (a byte-order mark for old Excel versions)
    are options of CSV files.  The file is replaced atomically: on any error an existing
    file at ``path`` is left as it was, and no partial file is left.

    Raises
    ------
    ValidationError
        ``lone-surrogate``: a participant's text holds half of a character (a lone
        surrogate such as ``"\\ud800"``, which no UTF-8 file can hold), naming the
        participant and the field; nothing is written.
    """
    people = data.participants if isinstance(data, Mission) else tuple(data)
    kind = _format(path, format)
    _check_options(path, kind, {"delimiter": (delimiter, "csv"), "bom": (bom, "csv")})
    with _writing(path, people, data if isinstance(data, Mission) else None) as out:
        if kind == "csv":
            write_csv(people, out, delimiter=delimiter or ",", bom=bool(bom))
        elif kind == "xlsx":
            write_xlsx(people, out)
        else:
            write_json(data if isinstance(data, Mission) else people, out)


def save_mission(mission: Mission, path: str | Path) -> None:
    """Save a whole mission, metadata included, as a JSON mission file (``.json``),
    replacing the file atomically (as :func:`write_participants`).

    Raises
    ------
    ValueError
        For another suffix: tables hold no mission details; use :func:`write_participants`.
    ValidationError
        ``lone-surrogate``, as :func:`write_participants` (also for the mission's name or venue).
    """
    if Path(path).suffix.lower() != ".json":
        raise ValueError(
            f"save_mission writes a JSON mission file; {str(path)!r} does not end in .json "
            "(use write_participants for a CSV or XLSX participant table)"
        )
    with _writing(path, mission.participants, mission) as out:
        write_json(mission, out)


@contextlib.contextmanager
def _writing(path: str | Path, people: Iterable[Participant], mission: Mission | None) -> Iterator[Path]:
    """The file to write in place of ``path`` (see :func:`matchmaker._files.replacing`): the
    caller's file is replaced only by a complete one.  A text no UTF-8 file can hold (half
    of a character, from Python) becomes a ``ValidationError`` naming who and which field."""
    try:
        with replacing(path) as out:
            yield out
    except UnicodeEncodeError as exc:
        raise unwritable(exc, people, mission) from None
