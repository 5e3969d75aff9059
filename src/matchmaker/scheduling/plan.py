"""The event plan: days, slot grid, breaks, time zone and tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Number
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from matchmaker.errors import JSONValue, Problem, ValidationError
from matchmaker.model.availability import TimeWindow, clock
from matchmaker.model.mission import resolve_timezone
from matchmaker.model.text import as_written
from matchmaker.scheduling.constraints import overlapping_break

if TYPE_CHECKING:
    from matchmaker.model.mission import Mission
    from matchmaker.scheduling.algorithms._arrays import BoolArray

__all__ = ["GRID_COLUMNS", "PLAN_WORDS", "EventPlan", "Slot", "grid_column_problem", "is_grid_column"]

#: The headers of the grid's own first columns (``grid.csv``, the workbook's grid sheet), in
#: English and in Indonesian (``reporting.labels``' ``slot``/``start``; this module comes
#: before reporting, so they are written here, and a test keeps them the same).  Its other
#: columns are the tables, headed by their labels: a table may not be called so.
GRID_COLUMNS = frozenset({"slot", "start", "sesi", "mulai"})

#: The words of :meth:`EventPlan.describe` (and ``str(plan)``); another language gives its own.
PLAN_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "line": "{days} ({zone}): {slots} slots of {minutes} min + {gap} min buffer from {start}, "
        "{breaks} break(s), {where}",
        "hosted": "fixed booths hosted by side {hosts}",
        "tables": "{tables} tables",
        "unlimited": "unlimited tables",
        "no_date": "no date",
        "time": "%H:%M",  # the start's format (strftime): Indonesian writes 09.00
    }
)


def is_grid_column(label: str) -> bool:
    """Whether a table label (or a host's id, which labels its table) is one of :data:`GRID_COLUMNS`.

    >>> is_grid_column(" Slot "), is_grid_column("Meja 1")
    (True, False)
    """
    return label.strip().casefold() in GRID_COLUMNS


def grid_column_problem(label: str, table: int | str, *, walk_in: bool = False) -> Problem:
    """The problem of a table label that is one of the grid's own columns (:data:`GRID_COLUMNS`):
    ``table`` is the table's number (1, 2, ...) in ``table_labels``, or the id of the host
    whose table it labels (``hosts``).

    >>> p = grid_column_problem("Slot", 2)
    >>> print(p.message)  # doctest: +NORMALIZE_WHITESPACE
    table 2 is named 'Slot', the name of the grid's own slot column (grid.csv and the workbook's
    grid head their first columns slot and start, sesi and mulai in Indonesian, then one per
    table by its name)
    >>> print(p.hint)
    give that table another name, e.g. 'Meja 2' or a number
    """
    column = _GRID_NAMES[label.strip().casefold()]
    said = "mulai in Indonesian, then one per table by its name)"
    data: dict[str, JSONValue] = {"label": label, "column": column}
    if isinstance(table, int):
        what = f"table {table}"
        hint = f"give that table another name, e.g. 'Meja {table}' or a number"
        data |= {"table": table, "case": "grid-column"}
    else:
        what = f"the table of host {table!r} is labelled with its id, so it"
        # on the event day the plan is fixed: only the walk-in's id can change
        hint = (
            "give the walk-in another id"
            if walk_in
            else "give the participant another id, or give the plan tables (a number) instead of hosts"
        )
        data |= {"id": table, "case": "grid-column-walk-in" if walk_in else "grid-column-host"}
    host = not isinstance(table, int)
    return Problem(
        f"{what} is named {label!r}, the name of the grid's own {column} column (grid.csv and the "
        f"workbook's grid head their first columns slot and start, sesi and {said}",
        kind="invalid-plan",
        participants=(str(table),) if host else (),
        field="id" if host else "table_labels",
        hint=hint,
        data=data,
    )


#: Each of :data:`GRID_COLUMNS` by the column it heads.
_GRID_NAMES = {"slot": "slot", "sesi": "slot", "start": "start", "mulai": "start"}


@dataclass(frozen=True)
class Slot:
    """One meeting slot: its place in the plan and its time-zone-aware start and end."""

    index: int
    day: int
    start: dt.datetime
    end: dt.datetime

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class EventPlan:
    """When meetings can happen and where: the slot grid of the event.

    Slots follow each other from ``start``: a meeting of ``meeting`` minutes, then
    ``buffer`` minutes to change tables; a slot that would overlap a break starts at
    the end of the break instead.  Slots are made until ``end`` (the last slot ends
    by then) or until there are ``slots_per_day``; the same grid is used on every day.

    Parameters
    ----------
    start : datetime.time or str
        Start of the first slot of each day, local time (``"09:00"``).
    end : datetime.time or str, optional
        Time by which the last meeting of each day ends.
    slots_per_day : int, optional
        Number of slots per day (give this or ``end``, or both to check they fit).
    meeting, buffer : int, float or datetime.timedelta
        Meeting length and the pause after each meeting, in minutes (default 20 and 5).
    breaks : TimeWindow or str, or an iterable of them (a list, a tuple, a generator, ...)
        Times without meetings (``"12:00-13:00"``); a window with a ``day`` applies
        to that day only.
    days : date or str, or an iterable of them, optional
        The event day(s); default: the mission's date.
    timezone : str, optional
        ``WIB``/``WITA``/``WIT`` or an IANA name; default: the mission's time zone
        (``Asia/Jakarta`` without a mission).
        Slot times are wall-clock times in this zone.
    tables : int, optional
        Number of tables (meetings per slot); ``None`` = no limit.
    hosts : {"A", "B"}, optional
        Each participant of this side hosts all its meetings at its own table (fixed
        booths); the table is labelled with the host's id.  Exclusive with ``tables``.
    table_labels : sequence of str, optional
        Names of the numbered tables (default ``"1"``, ``"2"``...); sets ``tables``.  Not
        ``slot``, ``start``, ``sesi`` or ``mulai`` (:data:`GRID_COLUMNS`, any case): the
        grid's own columns, beside which each table has a column headed by its label.

    Raises
    ------
    ValidationError
        Listing every problem, each naming the field.

    Examples
    --------
    >>> plan = EventPlan(start="09:00", end="12:00", meeting=20, buffer=5,
    ...                  breaks="10:30-10:45", days="2020-12-02", timezone="WIB")
    >>> [str(s) for s in plan.slots]          # doctest: +NORMALIZE_WHITESPACE
    ['2020-12-02 09:00-09:20', '2020-12-02 09:25-09:45', '2020-12-02 09:50-10:10',
     '2020-12-02 10:45-11:05', '2020-12-02 11:10-11:30', '2020-12-02 11:35-11:55']
    >>> plan.slots[0].start.isoformat()
    '2020-12-02T09:00:00+07:00'
    """

    start: dt.time = dt.time(9, 0)
    end: dt.time | None = None
    slots_per_day: int | None = None
    meeting: dt.timedelta = dt.timedelta(minutes=20)
    buffer: dt.timedelta = dt.timedelta(minutes=5)
    breaks: tuple[TimeWindow, ...] = ()
    days: tuple[dt.date, ...] = ()
    timezone: str | None = None
    tables: int | None = None
    hosts: Literal["A", "B"] | None = None
    table_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        set_ = object.__setattr__

        def convert(field: str, func: Any) -> None:
            try:
                set_(self, field, func(getattr(self, field)))
            except (TypeError, ValueError, ValidationError) as exc:
                # the messages of the converters below say what to write; the field is the location
                first = exc.problems[0] if isinstance(exc, ValidationError) else None
                detail = first.message if first is not None else str(exc)
                hint = first.hint if first is not None else None
                problems.append(Problem(detail, kind="invalid-plan", field=field, hint=hint))
                failed.add(field)

        failed: set[str] = set()

        convert("start", _time)
        convert("end", lambda v: None if v is None else _time(v))
        convert("meeting", _minutes)
        convert("buffer", _minutes)
        convert("breaks", _windows)
        convert("days", _days)
        convert("table_labels", lambda v: tuple(str(x) for x in _items(v, (str,), "a table label", "labels")))
        if self.timezone is not None:
            convert("timezone", _zone)
        if self.table_labels and self.tables is None and "table_labels" not in failed:
            set_(self, "tables", len(self.table_labels))
        problems += self._check(failed)
        if problems:
            raise ValidationError(problems)

    def _check(self, failed: set[str]) -> list[Problem]:
        """The rules across fields; a field in ``failed`` could not be read (said already) and
        is left out, as it holds the value given, not a converted one."""
        problems: list[Problem] = []

        def bad(field: str, message: str, hint: str | None = None) -> None:
            problems.append(Problem(message, kind="invalid-plan", field=field, hint=hint))

        if isinstance(self.meeting, dt.timedelta) and self.meeting <= dt.timedelta(0):
            bad("meeting", f"meetings must last some time, got {self.meeting}")
        if isinstance(self.buffer, dt.timedelta) and self.buffer < dt.timedelta(0):
            bad("buffer", f"the buffer between meetings cannot be negative, got {self.buffer}")
        if self.end is None and self.slots_per_day is None:
            bad(
                "end",
                "the plan needs an end time or a number of slots per day",
                "pass end='16:00' or slots_per_day=12",
            )
        if isinstance(self.end, dt.time) and isinstance(self.start, dt.time) and self.end <= self.start:
            bad("end", f"the day ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        for field in ("slots_per_day", "tables"):
            value = getattr(self, field)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                bad(field, f"{field} must be a whole number of at least 1, got {value!r}")
        if self.hosts not in (None, "A", "B"):
            bad(
                "hosts", f"hosts must be 'A' or 'B' (the side that hosts at fixed booths), got {self.hosts!r}"
            )
        if self.hosts is not None and (self.tables is not None or self.table_labels):
            bad("tables", "give either hosts (fixed booths, one per host) or a number of tables, not both")
        if "table_labels" not in failed:
            if self.tables is not None and self.table_labels and len(self.table_labels) != self.tables:
                bad("table_labels", f"{len(self.table_labels)} table labels for {self.tables} tables")
            if len(set(self.table_labels)) != len(self.table_labels):
                bad("table_labels", "table labels must differ from each other")
            problems += [
                grid_column_problem(label, k + 1)
                for k, label in enumerate(self.table_labels)
                if is_grid_column(label)
            ]
        if "days" not in failed and len(set(self.days)) != len(self.days):
            bad("days", "a day is listed twice")
        return problems

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The plan's time zone (``Asia/Jakarta`` when none was given)."""
        return zoneinfo.ZoneInfo(self.timezone or "Asia/Jakarta")

    @property
    def several_days(self) -> bool:
        """The plan has more than one day: a time names its day with it (``HH:MM`` alone is
        ambiguous, and the event day's texts write the date with each time).

        >>> EventPlan(slots_per_day=2, days=["2020-12-02", "2020-12-03"]).several_days
        True
        """
        return len(self.days) > 1

    def resolved(self, mission: Mission | None = None) -> EventPlan:
        """This plan with ``days`` and ``timezone`` taken from ``mission`` where not given."""
        changes: dict[str, Any] = {}
        if not self.days and mission is not None and mission.date is not None:
            changes["days"] = (mission.date,)
        if self.timezone is None:
            changes["timezone"] = mission.timezone if mission is not None else "Asia/Jakarta"
        return dataclasses.replace(self, **changes) if changes else self

    @functools.cached_property
    def slots(self) -> tuple[Slot, ...]:
        """Every slot of the event, in time order, with aware start and end times.

        Raises
        ------
        ValidationError
            When the plan has no day, makes no slot, its ``end`` leaves less room than
            ``slots_per_day`` asks for, or a daylight-saving change falls inside a day.
        """
        if not self.days:
            raise ValidationError(
                Problem(
                    "the plan has no date",
                    kind="invalid-plan",
                    field="days",
                    hint=(
                        "give the mission a date (load_mission(..., date='2020-12-02')) "
                        "or the plan its days (EventPlan(..., days=['2020-12-02']))"
                    ),
                )
            )
        zone = self.zone
        out: list[Slot] = []
        for number, day in enumerate(sorted(self.days)):
            times = self._day_slots(day)
            if self.slots_per_day is not None and len(times) < self.slots_per_day:
                until = f"before {self.end:%H:%M}" if self.end is not None else "before midnight"
                raise ValidationError(
                    Problem(
                        f"only {len(times)} slots fit on {day} {until}, not {self.slots_per_day}",
                        kind="invalid-plan",
                        field="slots_per_day",
                        hint="end later, shorten meetings or breaks, or ask for fewer slots",
                    )
                )
            if not times:
                raise ValidationError(
                    Problem(
                        f"no meeting fits on {day} between {self.start:%H:%M} and "
                        f"{'midnight' if self.end is None else format(self.end, '%H:%M')}",
                        kind="invalid-plan",
                        field="end",
                    )
                )
            first = times[0][0].replace(tzinfo=zone)
            last = times[-1][1].replace(tzinfo=zone)
            if first.utcoffset() != last.utcoffset():
                raise ValidationError(
                    Problem(
                        f"the clocks change in {self.timezone} on {day} during the event",
                        kind="invalid-plan",
                        field="timezone",
                        hint="schedule that day in two plans, or use a zone without daylight saving",
                    )
                )
            for start, end in times:
                out.append(Slot(len(out), number, start.replace(tzinfo=zone), end.replace(tzinfo=zone)))
        return tuple(out)

    def _day_slots(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """Naive local (start, end) of the slots of one day."""
        breaks = tuple(w for w in self.breaks if w.day is None or w.day == day)
        t = dt.datetime.combine(day, self.start)
        stop = dt.datetime.combine(day, self.end) if self.end is not None else None
        times: list[tuple[dt.datetime, dt.datetime]] = []
        while self.slots_per_day is None or len(times) < self.slots_per_day:
            end = t + self.meeting
            if end.date() != day or (stop is not None and end > stop):
                break
            hit = overlapping_break(t, end, breaks)
            if hit is not None:
                t = dt.datetime.combine(day, hit.end)
                continue
            times.append((t, end))
            t = end + self.buffer
        return times

    @property
    def day_start(self) -> BoolArray:
        """``(n_slots,)`` booleans marking the first slot of each day."""
        days = np.array([s.day for s in self.slots], dtype=np.intp)
        return np.concatenate([[True], days[1:] != days[:-1]]) if len(days) else np.zeros(0, bool)

    def __str__(self) -> str:
        return self.describe()

    def describe(self, words: Mapping[str, str] = PLAN_WORDS) -> str:
        """The plan in one line, in the words of ``words`` (:data:`PLAN_WORDS`, English, by default).

        ``reporting.console.plan_text`` passes the Indonesian words.

        >>> print(EventPlan(slots_per_day=4, tables=20))
        no date (Asia/Jakarta): 0 slots of 20 min + 5 min buffer from 09:00, 0 break(s), 20 tables
        """
        slots = self.slots if self.days else ()
        if self.hosts:
            where = words["hosted"].format(hosts=self.hosts)
        else:
            where = words["tables"].format(tables=self.tables) if self.tables else words["unlimited"]
        return words["line"].format(
            days=", ".join(d.isoformat() for d in sorted(self.days)) or words["no_date"],
            zone=self.timezone or "Asia/Jakarta",
            slots=len(slots),
            minutes=int(self.meeting.total_seconds() // 60),
            gap=int(self.buffer.total_seconds() // 60),
            start=self.start.strftime(words.get("time", "%H:%M")),  # Indonesian: 09.00
            breaks=len(self.breaks),
            where=where,
        )


_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "time": "write HH:MM, e.g. '09:00'",
        "minutes": "write a number of minutes, e.g. 20",
        "breaks": "write breaks as HH:MM-HH:MM, e.g. ['12:00-13:00']",
        "days": "write days as YYYY-MM-DD, e.g. ['2025-09-29']",
        "timezone": "write WIB, WITA, WIT or an IANA name such as 'Asia/Makassar'",
        "labels": "name the tables in a list, e.g. ['Meja 1', 'Meja 2']",
    }
)


def _wrong(message: str, hint: str) -> ValidationError:
    """A value the plan cannot read; ``convert`` in ``__post_init__`` names the field."""
    return ValidationError(Problem(message, kind="invalid-plan", hint=_HINTS[hint]))


def _items(value: object, single: tuple[type, ...], what: str, hint: str) -> list[Any]:
    """``value`` as a list: one ``single`` value, or any iterable of them (None: none).

    A config gives ``days = 2``, ``breaks = 5`` or ``days = "tomorrow"`` as easily as a
    list: a number, a text (where ``single`` does not take it), bytes or a table (mapping)
    is neither one value nor a list of them, and is said here, with what to write.  Any
    other iterable (a list, ``range(1, 4)``, ``dict.keys()``, a generator) is read as the
    values it gives, once.
    """
    if value is None:
        return []
    if isinstance(value, single):
        return [value]
    if not isinstance(value, (Number, str, bytes, bytearray, memoryview, Mapping)):
        try:
            items = iter(value)  # type: ignore[call-overload]  # object: iterable or TypeError
        except TypeError:  # not iterable: said below
            pass
        else:
            return list(items)
    raise _wrong(f"expected {what} or a list of them, got {as_written(value)}", hint)


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise ValueError("pass naive local times; the plan's time zone applies")
        return value
    if isinstance(value, str):
        try:
            return clock(value)
        except ValueError:
            raise _wrong(f"{value!r} is not a time of day", "time") from None
    raise _wrong(f"expected a time of day, got {as_written(value)}", "time")


def _minutes(value: Any) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.timedelta(minutes=value)
    raise _wrong(f"expected a number of minutes (or a timedelta), got {as_written(value)}", "minutes")


def _windows(value: Any) -> tuple[TimeWindow, ...]:
    out = []
    for item in _items(value, (str, TimeWindow), "a time window", "breaks"):
        if not isinstance(item, (str, TimeWindow)):
            raise _wrong(f"{as_written(item)} is not a time window", "breaks")
        out.append(item if isinstance(item, TimeWindow) else TimeWindow.parse(item))
    return tuple(out)


def _days(value: Any) -> tuple[dt.date, ...]:
    return tuple(_day(item) for item in _items(value, (str, dt.date), "a date", "days"))


def _day(item: object) -> dt.date:
    if isinstance(item, dt.datetime):  # a date, to Python: its time would be dropped unseen
        raise _wrong(f"{as_written(item)} is a date and a time; days are dates", "days")
    if isinstance(item, dt.date):
        return item
    if isinstance(item, str):
        try:
            return dt.date.fromisoformat(item.strip())
        except ValueError:
            pass
    raise _wrong(f"{as_written(item)} is not a date", "days")


def _zone(value: Any) -> str:
    if not isinstance(value, str):
        raise _wrong(f"expected the name of a time zone, got {as_written(value)}", "timezone")
    return resolve_timezone(value)
