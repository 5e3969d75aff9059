"""A live event: the published timetable in SQLite, the day's changes, and re-planning.

:func:`open_event` creates the file from a :class:`~matchmaker.pipeline.MatchmakingResult`
or reopens it; :class:`LiveEvent` records changes (one transaction each, with who/what/when)
and re-plans.  The re-plan's objective is lexicographic:

1. the total score of the meetings held from now on, as large as possible;
2. then the fewest moved meetings: every meeting that can still happen keeps its slot and
   table; a meeting that can no longer happen where it is (a late arrival, an unavailable
   window) may move to another open slot, which counts as a move.

Meetings that have started, or start within the lead time (default 10 minutes), never change.
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import json
import math
import sqlite3
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, NoReturn

import numpy as np
from numpy.typing import NDArray

from matchmaker._files import LONE_SURROGATE
from matchmaker.errors import DataFileError, Problem, ValidationError
from matchmaker.io.json_format import (
    _mission,
    _participants,
    mission_to_json,
    participant_to_json,
    plan_from_json,
    plan_to_json,
)
from matchmaker.live import store
from matchmaker.live.changes import (
    UNDOABLE,
    UNDONE,
    Attendance,
    Reason,
    attendance,
    concerns,
    day_of,
    event_time,
    window_slots,
)
from matchmaker.live.solver import Candidates, candidates, fill, lexicographic, reaches_bound
from matchmaker.model.availability import WINDOW, TimeWindow, clock
from matchmaker.model.mission import (
    ARGUMENT_HINT,
    Mission,
    duplicate_id,
    half_character,
    lone_surrogates,
    unwritable,
)
from matchmaker.model.participant import Participant
from matchmaker.reporting.console import undone_change_text
from matchmaker.reporting.labels import check_language
from matchmaker.reporting.labels import label as words
from matchmaker.reporting.numbers import format_clock, typed_clock
from matchmaker.reporting.problems import alternatives
from matchmaker.reporting.reasons import change_reason
from matchmaker.reporting.shortfalls import Shortfall, foreseeable_shortfalls
from matchmaker.scheduling.plan import EventPlan, grid_column_problem, is_grid_column
from matchmaker.scheduling.schedule import ScheduledMeeting
from matchmaker.scheduling.sizing import slot_availability
from matchmaker.scoring import score

if TYPE_CHECKING:
    from matchmaker.errors import JSONValue
    from matchmaker.live.changes import EventTime
    from matchmaker.pipeline import MatchmakingResult

__all__ = [
    "DEFAULT_LEAD",
    "EventStatus",
    "LiveEvent",
    "MeetingChange",
    "Replan",
    "Unattended",
    "Undone",
    "open_event",
]

#: Meetings starting sooner than this after ``now`` are never changed by a re-plan.
DEFAULT_LEAD = dt.timedelta(minutes=10)
#: The longest lead time accepted.  A longer one would freeze the rest of the day anyway, and
#: a huge number of minutes overflows the clock arithmetic of a re-plan.
MAX_LEAD = dt.timedelta(days=1)


def __getattr__(name: str) -> type[ScheduledMeeting]:
    if name == "LiveMeeting":  # deprecated: one record of a placed meeting
        warnings.warn(
            "LiveMeeting is deprecated; use matchmaker.scheduling.ScheduledMeeting (the same record, "
            "with score and sequence)",
            DeprecationWarning,
            stacklevel=2,
        )
        return ScheduledMeeting
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class MeetingChange(NamedTuple):
    """What a re-plan did to one meeting (``kind``: added, cancelled, moved, kept), and why:
    ``reason`` in English, ``why`` as data (:func:`matchmaker.reporting.reasons.change_reason`
    words it in either language).

    ``move`` tells the two kinds of moved meeting apart (``None`` for the other kinds):
    ``"make-room"`` — it could have stayed where it was (both can attend that slot) and was
    moved to make room for a better meeting; ``"rebooked"`` — it could not stay (a participant
    arrives later, is away then, or did not come then), so it was booked again in a slot
    both can attend, which is what rescues it.
    """

    kind: str
    a: str
    b: str
    old_slot: int | None
    old_table: str | None
    new_slot: int | None
    new_table: str | None
    score: float
    reason: str
    why: tuple[Reason, ...] = ()
    move: Literal["make-room", "rebooked"] | None = None


def _why(*parts: Reason) -> tuple[str, tuple[Reason, ...]]:
    """A change's ``reason`` (English) and ``why`` (the data) from its parts."""
    return change_reason(parts, "en"), parts


@dataclass(frozen=True, kw_only=True)
class Replan:
    """The result of :meth:`LiveEvent.replan`.

    Attributes
    ----------
    now : datetime
        The time of the re-plan; slots starting before ``now + lead`` were not changed.
    first_open : int
        The first slot the re-plan could change (``len(plan.slots)``: none).
    schedule : tuple of ScheduledMeeting
        Every meeting still on the timetable (held, running and to come), by slot and table.
    added, cancelled, moved, kept : tuple of MeetingChange
        New meetings; meetings that will not happen; meetings given another slot or table;
        meetings from ``first_open`` on that stay where they were.  Each with a reason.  A
        moved meeting's ``move`` says whether it could have stayed (``"make-room"``, also
        :attr:`made_room`) or had to move (``"rebooked"``, also :attr:`rebooked`).
        ``schedule`` and ``kept`` are built when first read (``n_kept`` counts the kept).
    value : float
        Total score of the meetings from ``first_open`` on (the objective).
    method : str
        ``"milp"``, ``"flow"`` or ``"none"`` (nothing to add), see :mod:`matchmaker.live.solver`.
    optimal : bool
        Whether ``value`` is proven the largest of every re-plan that holds each meeting that
        can still happen (``event replan``'s "the best possible"; the fewest moves aside).  A
        re-plan that changes nothing with nothing recorded since the last re-plan (the same
        changes: the desk repeating it) keeps that re-plan's plan and says what it said of
        it, so that the same plan of the same changes is never called both.
    candidates : int
        Candidate (participant, partner, slot) triples the solver chose from.
    seq : int
        The change number under which the re-plan was committed.
    dated : bool
        The event has several days: its times are written with their date.
    """

    now: dt.datetime
    first_open: int
    added: tuple[MeetingChange, ...]
    cancelled: tuple[MeetingChange, ...]
    moved: tuple[MeetingChange, ...]
    n_kept: int
    value: float
    method: str
    optimal: bool
    candidates: int
    seq: int
    dated: bool = False
    build_schedule: Callable[[], tuple[ScheduledMeeting, ...]] = field(repr=False, compare=False)
    build_kept: Callable[[], tuple[MeetingChange, ...]] = field(repr=False, compare=False)
    #: the calendar ``SEQUENCE`` each meeting it changed is sent with, by pair (empty: read
    #: the event's, :meth:`LiveEvent.sequences`)
    sequences: Mapping[tuple[str, str], int] = field(default_factory=lambda: MappingProxyType({}))
    #: the meetings on the timetable after the re-plan of each participant it changed (None:
    #: counted from ``schedule``; a re-plan read back from the file keeps them, not its timetable)
    counts: Mapping[str, int] | None = None
    #: those it changed who meet someone from ``first_open`` on (None: read from ``schedule``)
    coming: frozenset[str] | None = None

    def still_meets(self, pid: str) -> bool:
        """Whether ``pid``, a participant the re-plan changed, meets someone from ``first_open`` on."""
        if self.coming is not None:
            return pid in self.coming
        return pid in self._coming

    @functools.cached_property
    def _coming(self) -> frozenset[str]:
        return frozenset(pid for m in self.schedule if m.slot >= self.first_open for pid in (m.a, m.b))

    def meetings_of(self, pid: str) -> int:
        """How many meetings ``pid``, a participant the re-plan changed, has on the timetable after it."""
        if self.counts is not None:
            return int(self.counts.get(pid, 0))
        return self._counted.get(pid, 0)

    @functools.cached_property
    def _counted(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.schedule:
            for pid in (m.a, m.b):
                out[pid] = out.get(pid, 0) + 1
        return out

    @functools.cached_property
    def schedule(self) -> tuple[ScheduledMeeting, ...]:
        """Every meeting on the timetable after the re-plan (held, running and to come)."""
        return self.build_schedule()

    @functools.cached_property
    def kept(self) -> tuple[MeetingChange, ...]:
        """Meetings from ``first_open`` on that stay in their slot and at their table."""
        return self.build_kept()

    @property
    def made_room(self) -> tuple[MeetingChange, ...]:
        """The moved meetings that could have stayed: moved to make room for a better one
        (the issue's stability rule is about these)."""
        return tuple(c for c in self.moved if c.move == "make-room")

    @property
    def rebooked(self) -> tuple[MeetingChange, ...]:
        """The moved meetings that could not stay where they were (a participant arrives
        later, is away, or did not come then), booked again in a slot both can attend."""
        return tuple(c for c in self.moved if c.move == "rebooked")

    def summary(self) -> str:
        """One line: what changed and how it was solved."""
        proof = "optimal" if self.optimal else "not proven optimal"
        return (
            f"re-plan at {format_clock(self.now, 'en', self.dated)}: {len(self.added)} added, "
            f"{len(self.cancelled)} cancelled, "
            f"{len(self.moved)} moved ({len(self.made_room)} to make room, {len(self.rebooked)} re-booked), "
            f"{self.n_kept} kept; value {self.value:.3f} ({self.method}, {proof})"
        )


@dataclass(frozen=True, kw_only=True)
class EventStatus:
    """Who is here, the next slot and its free tables (:meth:`LiveEvent.status`)."""

    now: dt.datetime | None
    #: ``now``, else the latest time the event recorded (None: none yet)
    as_of: dt.datetime | None
    present: tuple[str, ...]
    no_show: tuple[str, ...]
    expected: tuple[str, ...]
    walk_ins: tuple[str, ...]
    next_slot: int | None
    next_start: dt.datetime | None
    #: the event has several days: its times are written with their date
    dated: bool = False
    next_meetings: tuple[ScheduledMeeting, ...]
    free_tables: tuple[str, ...]
    changes: int
    meetings: int
    #: of ``present``, those away at the next slot (an ``unavailable`` window covers it): one
    #: who left and was recorded away for the rest of the day is here no more
    away: tuple[str, ...] = ()
    #: of ``next_meetings``, those a participant cannot attend by the changes recorded (a
    #: no-show, a late arrival, an away window) or the two cancelled: on the timetable until
    #: a re-plan acts on the changes (the rule :meth:`LiveEvent.agenda` gives the reason by,
    #: :class:`Unattended`)
    unattended: tuple[ScheduledMeeting, ...] = ()


class Unattended(NamedTuple):
    """Why a meeting on the timetable cannot take place as booked: the changes recorded say
    so, and it stays on the timetable until a re-plan acts on them (``event status`` counts
    such meetings, :attr:`EventStatus.unattended`; ``event agenda`` marks them).

    ``reason``: ``"cancelled"`` (the two cancelled it; ``participant`` is None),
    ``"no-show"`` (``participant`` is recorded a no-show for the meeting's day), ``"late"``
    (``participant`` has not arrived by then: announced late, or a no-show who turned up
    later that day) or ``"away"`` (an away window of ``participant`` covers it).
    """

    reason: Literal["cancelled", "no-show", "late", "away"]
    participant: str | None = None


def _unattended(att: Attendance, m: ScheduledMeeting, plan: EventPlan) -> Unattended | None:
    """Why ``m`` cannot take place as booked by the changes ``att`` replays (None: it can).

    The one rule of :attr:`EventStatus.unattended` and :meth:`LiveEvent.agenda`: a pair that
    cancelled, else the first of the two who cannot attend its slot (the order a re-plan
    gives the reason in), absent (a no-show of that day, else not arrived yet) before away.
    """
    if (m.a, m.b) in att.banned:
        return Unattended("cancelled")
    for pid in (m.a, m.b):
        why = att.reason_at(pid, m.slot, plan)
        if why is not None:
            kind: Literal["no-show", "late", "away"] = (
                "no-show" if why.code == "no-show" else "away" if why.code == "away" else "late"
            )
            return Unattended(kind, pid)
    return None


#: A change as :meth:`LiveEvent._changes_about` reads it: ``seq``, ``kind``, ``subject``,
#: ``payload``, ``at``, ``who``, ``recorded``.
_Change = tuple[int, str, str, dict[str, Any], str | None, str, str]


@dataclass(frozen=True, kw_only=True)
class Undone:
    """A change :meth:`LiveEvent.undo` took back.

    ``seq``, ``kind``, ``subject``, ``payload``, ``at``, ``who`` and ``recorded`` are the
    change's, as :meth:`LiveEvent.changes` listed it; ``replanned`` is the ``now`` of the
    first re-plan recorded after it (None: none), which may have acted on it: what the
    re-plans did stands, and the next one goes by the changes without it.
    """

    seq: int
    kind: str
    subject: str
    payload: Mapping[str, JSONValue]
    at: dt.datetime | None
    #: who recorded the change, and when (UTC, as :meth:`LiveEvent.changes` lists it)
    who: str = ""
    recorded: str = ""
    replanned: dt.datetime | None = None
    #: the event has several days: its times are written with their date
    dated: bool = False
    #: the change was ``subject``'s check-in and, without it, ``subject`` is neither checked in
    #: that day nor recorded absent: they keep their meetings, those a re-plan gave them as
    #: one here too, until they are recorded a no-show (nothing else takes them off)
    presence_unknown: bool = False
    #: the change was ``subject``'s check-in that ended a no-show: without it, ``subject`` is a
    #: no-show again, and the next re-plan cancels their meetings
    no_show_again: bool = False


@dataclass
class _Published:
    """What never changes after ``init``: read once per :class:`LiveEvent`."""

    name: str
    plan: EventPlan
    mission: Mission
    value: NDArray[np.float64]
    min_score: float | None
    weights: dict[str, float]
    default_max: dict[str, int]
    free: tuple[NDArray[np.bool_], NDArray[np.bool_]]


@dataclass
class _Book:
    """The timetable as arrays, one row per pair ever booked (active or cancelled).

    ``a``/``b`` are positions in the state's ``a_ids``/``b_ids``, ``table`` a code into
    ``labels``; ``rows`` finds a pair's row.  Positions and codes never change once given
    (walk-ins and new tables are appended), so a copy of the arrays stays readable later.
    """

    a: NDArray[np.intp]
    b: NDArray[np.intp]
    slot: NDArray[np.intp]
    table: NDArray[np.intp]
    seq: NDArray[np.int64]
    active: NDArray[np.bool_]
    labels: list[str]
    codes: dict[str, int]
    rows: dict[tuple[int, int], int]

    def code(self, label: str) -> int:
        """The code of a table label (a new one for a label not seen yet)."""
        found = self.codes.get(label)
        if found is None:
            found = self.codes[label] = len(self.labels)
            self.labels.append(label)
        return found

    def copy(self) -> _Book:
        """A snapshot: later changes to this book do not show in it."""
        return _Book(
            self.a.copy(),
            self.b.copy(),
            self.slot.copy(),
            self.table.copy(),
            self.seq.copy(),
            self.active.copy(),
            self.labels,  # append-only: the snapshot's codes stay valid
            self.codes,
            dict(self.rows),
        )

    def book(self, meetings: Sequence[tuple[int, int, int, str]]) -> None:
        """Make each pair ``(i, j)`` meet in ``slot`` at ``label``: its row reused (the
        sequence one up), or a new row (sequence 0); new rows are appended at once."""
        new: list[tuple[int, int, int, int]] = []
        for i, j, slot, label in meetings:
            code = self.code(label)
            row = self.rows.get((i, j))
            if row is None:
                self.rows[(i, j)] = self.a.size + len(new)
                new.append((i, j, slot, code))
            else:
                self.slot[row], self.table[row], self.active[row] = slot, code, True
                self.seq[row] += 1
        if new:
            ia, ib, slots, codes = (np.array(x, np.intp) for x in zip(*new, strict=True))
            self.a, self.b = np.concatenate([self.a, ia]), np.concatenate([self.b, ib])
            self.slot, self.table = np.concatenate([self.slot, slots]), np.concatenate([self.table, codes])
            self.seq = np.concatenate([self.seq, np.zeros(len(new), np.int64)])
            self.active = np.concatenate([self.active, np.ones(len(new), bool)])


def _new_book(
    rows: Sequence[tuple[str, str, int, str, int, int]], index: Mapping[str, tuple[str, int]]
) -> _Book:
    """The book of the ``meetings`` table's rows ``(a, b, slot, tbl, sequence, active)``."""
    codes: dict[str, int] = {}
    if rows:
        a, b, slot, tbl, seq, active = zip(*rows, strict=True)
    else:
        a = b = slot = tbl = seq = active = ()
    table = [codes.setdefault(t, len(codes)) for t in tbl]
    ia = np.array([index[p][1] for p in a], np.intp)
    ib = np.array([index[p][1] for p in b], np.intp)
    return _Book(
        ia,
        ib,
        np.array(slot, np.intp),
        np.array(table, np.intp),
        np.array(seq, np.int64),
        np.array(active, bool),
        list(codes),
        codes,
        {(i, j): k for k, (i, j) in enumerate(zip(ia.tolist(), ib.tolist(), strict=True))},
    )


@dataclass
class _State:
    """The event as committed: participants (published + walk-ins), attendance, timetable.

    Kept in memory by :class:`LiveEvent` and updated with each change it commits; rebuilt
    from the file when another connection has written to it (``PRAGMA data_version``).
    """

    a_ids: list[str]
    b_ids: list[str]
    index: dict[str, tuple[str, int]]
    value: NDArray[np.float64]
    free_a: NDArray[np.bool_]
    free_b: NDArray[np.bool_]
    max_a: NDArray[np.int64]
    max_b: NDArray[np.int64]
    people: dict[str, Participant]
    walk_ins: list[str]
    att: Attendance
    book: _Book
    n_changes: int
    # the latest time the desks recorded (of the changes _reached counts), read with the
    # rest, so that `status` gives its counts and its "as of" from one snapshot
    latest: dt.datetime | None = None


#: The changes whose time is one the desks have reached: a re-plan, a check-in, a walk-in,
#: and an away window announced with ``--at`` (a no-show's or a cancel's may be announced
#: ahead); a late arrival by its ``--at`` too (:func:`_reached`).
_REACHED = ("replan", "check_in", "walk_in", "unavailable")


def _reached(kind: str, payload: Mapping[str, Any], at: str | None) -> bool:
    """Whether a change's time ``at`` is one the desks have reached (``status``'s "as of").

    A late arrival and an away window record when they were announced (``--at``), which the
    desk has reached; a late arrival of an event file from before ``--at`` recorded its arrival
    time there, still to come (it equals the payload's ``until``), and an away window none.

    >>> _reached("late", {"until": "2020-12-02T14:00:00+07:00"}, "2020-12-02T10:30:00+07:00")
    True
    >>> _reached("late", {"until": "2020-12-02T14:00:00+07:00"}, "2020-12-02T14:00:00+07:00")
    False
    >>> _reached("no_show", {}, "2020-12-02T10:30:00+07:00"), _reached("check_in", {}, None)
    (False, False)
    """
    if not at:
        return False
    if kind == "late":
        return payload.get("until") != at
    return kind in _REACHED


def _who(who: str | None) -> str:
    if who:
        half = LONE_SURROGATE.search(who)
        if half is not None:  # e.g. --who with a byte that is not UTF-8
            raise ValidationError(half_character("who", ord(half.group()), field="who", hint=ARGUMENT_HINT))
        return who
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return "unknown"
    # a user name from the environment ($USER) with a byte that is not UTF-8: not the desk's
    # mistake, so recorded spelled out rather than refused
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _value_matrix(result: MatchmakingResult, min_score: float | None) -> NDArray[np.float64]:
    """Pair values, NaN where the pair may not meet (vetoed, not above 0 or below the floor)."""
    from matchmaker.scoring.sparse import SparseScores

    scores = result.scores
    shape = scores.shape
    if isinstance(scores, SparseScores):
        out = np.full(shape, np.nan)
        pairs = scores.pairs
        out[pairs[:, 0], pairs[:, 1]] = scores.total.data
    else:
        out = np.array(scores.total, dtype=np.float64, copy=True)
        out[scores.forbidden] = np.nan
    return _floor(out, min_score)


def lead_time(lead: dt.timedelta | float) -> dt.timedelta:
    """``lead`` (a timedelta or minutes) as a timedelta, checked: from 0 to :data:`MAX_LEAD`.

    Raises
    ------
    ValidationError
        ``bad-time`` on field ``lead``, for a negative, not finite, too long or not numeric
        lead time.
    """

    def bad(what: str) -> ValidationError:
        return ValidationError(
            Problem(
                f"the lead time must be {what}",
                kind="bad-time",
                field="lead",
                hint="give the minutes before a meeting it is frozen, e.g. 10",
            )
        )

    if isinstance(lead, dt.timedelta):
        gap = lead
    else:
        try:
            minutes = float(lead)
        except (TypeError, ValueError):
            raise bad(f"a number of minutes, got {lead!r}") from None
        if not (math.isfinite(minutes) and 0 <= minutes <= MAX_LEAD / dt.timedelta(minutes=1)):
            raise bad(
                f"a number of minutes from 0 to {MAX_LEAD // dt.timedelta(minutes=1):,} (a day), got {lead!r}"
            )
        gap = dt.timedelta(minutes=minutes)
    if gap < dt.timedelta(0):
        raise bad(f"at least 0, got {gap}")
    if gap > MAX_LEAD:
        raise bad(f"at most a day, got {gap}")
    return gap


def check_min_score(min_score: float | None) -> None:
    """A relevance floor is a finite number (or None): NaN would silently refuse every new
    meeting, as ``match`` refuses it too.

    Raises
    ------
    ValidationError
        ``type`` on field ``min_score``.
    """
    if min_score is not None and (isinstance(min_score, bool) or not math.isfinite(min_score)):
        raise ValidationError(
            Problem(f"min_score must be a finite number, got {min_score!r}", kind="type", field="min_score")
        )


def _floor(values: NDArray[np.float64], min_score: float | None) -> NDArray[np.float64]:
    with np.errstate(invalid="ignore"):
        bad = ~(values > 0)
        if min_score is not None:
            bad |= ~(values >= min_score)
    values[bad] = np.nan
    return values


def initialise(
    path: str | Path,
    *,
    mission: Mission,
    plan: EventPlan,
    value: NDArray[np.float64],
    max_meetings: tuple[NDArray[np.int64], NDArray[np.int64]],
    min_meetings: tuple[NDArray[np.int64], NDArray[np.int64]],
    meetings: Sequence[tuple[str, str, int, str]],
    min_score: float | None,
    weights: Mapping[str, float],
    who: str | None = None,
    lang: str | None = None,
) -> None:
    """Write a new event file (one transaction, the kept language included); see :func:`open_event`."""
    check_min_score(min_score)  # before the file is created
    created = not Path(path).exists()
    con = store.connect(path)
    try:
        with store.transaction(con):
            if store.is_initialised(con):
                raise ValidationError(
                    Problem(
                        f"{path} already holds an event",
                        kind="event-exists",
                        hint="open it without a result to continue it, or choose a new file",
                    )
                )
            store.create_schema(con)
            a_ids, b_ids = mission.ids("A"), mission.ids("B")
            default_max = {
                side: int(np.median(caps)) if caps.size else 1
                for side, caps in (("A", max_meetings[0]), ("B", max_meetings[1]))
            }
            meta = {
                "format": store.FORMAT,
                "name": mission.name,
                "plan": plan_to_json(plan),
                "mission": mission_to_json(_without_participants(mission)),
                "min_score": min_score,
                "weights": dict(weights),
                "default_max": default_max,
            }
            if lang is not None:  # the language the `event` commands word things in
                meta["lang"] = lang
            con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
            rows = []
            for side, ids, hi, lo in (
                ("A", a_ids, max_meetings[0], min_meetings[0]),
                ("B", b_ids, max_meetings[1], min_meetings[1]),
            ):
                for k, pid in enumerate(ids):
                    record = json.dumps(participant_to_json(mission[pid]), ensure_ascii=False)
                    rows.append((pid, side, record, int(hi[k]), int(lo[k])))
            con.executemany(
                "INSERT INTO participants(id, side, record, max_meetings, min_meetings, walk_in) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                rows,
            )
            con.execute("INSERT INTO blobs VALUES ('value', ?)", (store.to_blob(value),))
            con.executemany(
                "INSERT INTO meetings(a, b, slot, tbl, sequence, active) VALUES (?, ?, ?, ?, 0, 1)",
                [(a, b, int(s), t) for a, b, s, t in meetings],
            )
            con.execute(
                "INSERT INTO changes(kind, subject, payload, at, who, recorded) VALUES (?, ?, ?, NULL, ?, ?)",
                ("init", mission.name, json.dumps({"meetings": len(meetings)}), _who(who), _stamp()),
            )
    except BaseException:
        con.close()
        if created:  # the transaction rolled back: remove the empty file this call made, and its log
            for made in (Path(path), *(Path(f"{path}{end}") for end in ("-wal", "-shm"))):
                made.unlink(missing_ok=True)
        raise
    con.close()


def _without_participants(mission: Mission) -> Mission:
    """The mission's metadata (participants are stored one per row)."""
    return Mission(
        mission.name, mission.side_a, mission.side_b, (), mission.date, mission.venue, mission.timezone
    )


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def open_event(
    path: str | Path,
    result: MatchmakingResult | None = None,
    *,
    lead: dt.timedelta | float = DEFAULT_LEAD,
    who: str | None = None,
    min_score: float | None = None,
    lang: str | None = None,
) -> LiveEvent:
    """Create the event file from a published result, or reopen it.

    Parameters
    ----------
    path : str or Path
        The SQLite file.  With ``result``, it must not hold an event yet.
    result : MatchmakingResult, optional
        The published result (:func:`matchmaker.run`): participants, scores, bounds, timetable.
    lead : timedelta or minutes
        Meetings starting within this time after ``now`` are never changed (default 10 min).
    who : str, optional
        Recorded with every change this object writes (default: the user name).
    min_score : float, optional
        The relevance floor for new meetings (default: the one ``result`` was matched with).
    lang : {"en", "id"}, optional
        With ``result``: the language the ``matchmaker event`` commands word the console and
        the files of ``replan --out`` in, kept in the file (as ``event init --lang``); an
        explicit ``--lang`` still wins.  Default: none kept.

    Raises
    ------
    ValidationError
        When ``path`` holds no event and no ``result`` is given, or already holds one and
        ``result`` is given.
    DataFileError
        When ``path`` is not an SQLite file, or (with ``result``) an SQLite file that holds
        other tables.  Such a file is read read-only first and left byte for byte as it was.

    Examples
    --------
    >>> import tempfile, pathlib, matchmaker as mm
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "event.sqlite"
    >>> event = mm.open_event(path, mm.run(mm.east_java_south_sumatra_2020(), baseline=False))
    >>> event.no_show("JT-001", at="09:00")
    >>> plan = event.replan("09:00")
    >>> all(c.a != "JT-001" for c in plan.added), len(plan.moved)
    (True, 0)
    >>> mm.open_event(path).status().no_show
    ('JT-001',)
    """
    gap = lead_time(lead)  # checked before the file is created
    check_min_score(min_score)
    if result is not None:
        _check_result(result)
    if lang is not None:
        try:
            check_language(lang)
        except ValueError as exc:
            raise ValidationError(Problem(str(exc), kind="bad-value", field="lang")) from None
        if result is None:
            raise ValidationError(
                Problem(
                    "lang is kept when the event file is created",
                    kind="bad-value",
                    field="lang",
                    hint="give lang= with the result, or --lang to each `matchmaker event` command",
                )
            )
    # someone's own SQLite file is refused before anything is written or switched to WAL
    if result is not None:
        store.refuse_foreign(path, hint="give open_event a new file for the event")
    elif Path(path).exists() and not store.read_only(path, store.is_initialised):
        raise ValidationError(
            Problem(
                "holds no event",
                kind="no-event",
                source=str(path),
                hint="create it from a result: open_event(path, result) or `matchmaker event init`",
            )
        )
    if result is not None:
        floor = min_score if min_score is not None else getattr(result.matching.problem, "min_score", None)
        caps = result.capacities
        try:
            initialise(
                path,
                mission=result.mission,
                plan=result.schedule.plan,
                value=_value_matrix(result, floor),
                max_meetings=(np.asarray(caps.row_max, np.int64), np.asarray(caps.col_max, np.int64)),
                min_meetings=(np.asarray(caps.row_min, np.int64), np.asarray(caps.col_min, np.int64)),
                meetings=[(m.a, m.b, m.slot, m.table) for m in result.schedule.meetings],
                min_score=floor,
                weights=dict(result.scores.weights),
                who=who,
                lang=lang,
            )
        except UnicodeEncodeError as exc:  # half of a character, from Python: say whose (no file is left)
            raise unwritable(
                exc, result.mission.participants, result.mission, plan=result.schedule.plan
            ) from None
    elif not Path(path).exists():
        raise ValidationError(
            Problem(
                f"{path} does not exist",
                kind="no-event",
                hint="create it from a result: open_event(path, result) or `matchmaker event init`",
            )
        )
    else:  # a file a newer matchmaker wrote is read by no older one: its rules may differ
        found = store.read_only(path, store.format_of)
        if found not in store.READABLE:
            raise store.newer_format(path, found)
    return LiveEvent(path, lead=gap, who=who)


def _check_result(result: object) -> None:
    """Refuse what is not a :class:`~matchmaker.pipeline.MatchmakingResult` before any file
    is touched: a group path's result (it has no two sides to re-plan), or anything else."""
    from matchmaker.pipeline import MatchmakingResult

    if isinstance(result, MatchmakingResult):
        return
    groups = getattr(getattr(result, "mission", None), "groups", None)
    if isinstance(groups, tuple) and groups:
        names = ", ".join(repr(getattr(g, "name", g)) for g in groups)
        raise ValidationError(
            Problem(
                f"a result of the group path (delegations {names}), which the event day does not take",
                kind="group-result",
                field="result",
                data={"names": names},
                hint="the event day takes the result of a run of two delegations "
                "without teams, online or group meetings",
            )
        )
    raise ValidationError(
        Problem(
            f"open_event needs the result of matchmaker.run, got {type(result).__name__}",
            kind="type",
            field="result",
            hint="give open_event(path, mm.run(mission)), or open_event(path) to reopen the file",
        )
    )


class LiveEvent:
    """An event in progress, stored in a SQLite file (see :func:`open_event`).

    The committed state is kept in memory and each change this object records is applied to
    it once committed; when another connection (a desk in another process) has committed since,
    it is read from the file again first, so several processes can share a file.
    """

    def __init__(
        self, path: str | Path, *, lead: dt.timedelta | float = DEFAULT_LEAD, who: str | None = None
    ):
        self.path = Path(path)
        self.who = _who(who)
        self.lead = lead_time(lead)
        # a desk that may not write the file takes a fresh look for each read (_look)
        self._reader = not store.may_write(self.path)
        self._con = store.connect(self.path)
        if not store.is_initialised(self._con):
            self._con.close()
            raise ValidationError(
                Problem(
                    f"{path} holds no event", kind="no-event", hint="create it with open_event(path, result)"
                )
            )
        self._pub = self._read_published()
        # the committed state in memory, and the file's data_version it was read at: each
        # change this object commits is applied to it too; another connection's commit
        # (another desk, another process) changes data_version and the state is read afresh
        self._st: _State | None = None
        self._version = -1
        self._after: list[Callable[[], None]] = []  # see _write

    # -- reading -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file."""
        self._con.close()

    def __enter__(self) -> LiveEvent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def plan(self) -> EventPlan:
        """The event's plan (slots, tables)."""
        return self._pub.plan

    @property
    def name(self) -> str:
        """The event's name."""
        return self._pub.name

    @property
    def venue(self) -> str | None:
        """Where the event is held (the mission's venue), as the published calendars name it."""
        return self._pub.mission.venue

    @property
    def mission(self) -> Mission:
        """The published mission with the walk-ins recorded since (after its participants, in
        the order they walked in): whom the updates address, with their contacts."""
        st = self._state()
        published = self._pub.mission
        if not st.walk_ins:
            return published
        walked = tuple(st.people[pid] for pid in st.walk_ins)
        return published.replace(participants=(*published.participants, *walked))

    def _read_published(self) -> _Published:
        meta = store.get_meta(self._con)
        plan = plan_from_json(meta["plan"])
        people = [
            (r[0], json.loads(r[1]))
            for r in self._con.execute("SELECT id, record FROM participants WHERE walk_in = 0 ORDER BY pos")
        ]
        doc = dict(meta["mission"])
        doc["participants"] = [rec for _, rec in people]
        mission = _mission(doc, str(self.path))
        (blob,) = self._con.execute("SELECT data FROM blobs WHERE name = 'value'").fetchone()
        value = store.from_blob(blob).astype(np.float64)
        return _Published(
            meta["name"],
            plan,
            mission,
            value,
            meta["min_score"],
            meta["weights"],
            meta["default_max"],
            slot_availability(plan, mission),
        )

    def _state(self) -> _State:
        """The committed state (from memory unless another connection wrote since)."""
        if self._reader and not self._con.in_transaction:  # a change it tries fails on its own
            return self._look()
        con = self._con
        own = not con.in_transaction
        if own:  # one read snapshot: the version and what is read belong together
            con.execute("BEGIN")
        try:
            (version,) = con.execute("PRAGMA data_version").fetchone()
            if self._st is None or version != self._version:
                self._st = None
                self._st = self._load(con)
                self._version = version
            return self._st
        finally:
            if own:
                con.execute("COMMIT")

    def _look(self) -> _State:
        """The committed state, for a desk that may not write the file.

        Read through :func:`store.read_only`, which creates nothing beside the file: with no
        desk writing, it reads the file ``immutable``, as it is now, and reads again when a
        desk wrote meanwhile; a new connection for each look sees what the desks committed
        since, and the last change's number says whether to read the state again.

        Raises
        ------
        DataFileError
            ``busy`` when desks wrote the file during every look.
        """

        def read(con: sqlite3.Connection) -> tuple[_State, int]:
            (last,) = con.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
            if self._st is not None and last == self._version:
                return self._st, last
            return self._load(con), last  # kept only once the look holds (read_only)

        self._st, self._version = store.read_only(self.path, read)
        return self._st

    @contextmanager
    def _applying(self) -> Iterator[None]:
        """Wrap the update of the in-memory state after a commit: if it fails, read afresh."""
        try:
            yield
        except BaseException:
            self._st = None
            raise

    def _load(self, con: sqlite3.Connection) -> _State:
        pub = self._pub
        mission = pub.mission
        a_ids, b_ids = list(mission.ids("A")), list(mission.ids("B"))
        index = {pid: ("A", k) for k, pid in enumerate(a_ids)} | {
            pid: ("B", k) for k, pid in enumerate(b_ids)
        }
        caps = {
            r[0]: r[1] for r in con.execute("SELECT id, max_meetings FROM participants WHERE walk_in = 0")
        }
        changes = [
            {"kind": r[0], "subject": r[1], "payload": json.loads(r[2]), "at": r[3]}
            for r in con.execute("SELECT kind, subject, payload, at FROM changes ORDER BY seq")
        ]
        st = _State(
            a_ids,
            b_ids,
            index,
            pub.value,
            pub.free[0],
            pub.free[1],
            np.array([caps[p] for p in a_ids], np.int64),
            np.array([caps[p] for p in b_ids], np.int64),
            {p.id: p for p in mission.participants},
            [],
            Attendance(),  # replayed below, once the walk-ins are in
            _new_book([], {}),
            len(changes),
            max(
                (
                    dt.datetime.fromisoformat(c["at"]).astimezone(pub.plan.zone)
                    for c in changes
                    if _reached(c["kind"], c["payload"], c["at"])
                ),
                default=None,
            ),
        )
        walk = [
            (
                _participants([json.loads(r[0])], str(self.path))[0],
                str(r[1]),
                store.from_blob(r[2]),
                int(r[3]),
            )
            for r in con.execute(
                "SELECT record, side, scores, max_meetings FROM participants WHERE walk_in = 1 ORDER BY pos"
            )
        ]
        _add_walk_ins(st, walk, pub.plan)
        st.att = attendance(changes, pub.plan)
        st.book = _new_book(
            con.execute("SELECT a, b, slot, tbl, sequence, active FROM meetings").fetchall(), index
        )
        return st

    def meetings(self) -> tuple[ScheduledMeeting, ...]:
        """The committed timetable (every active meeting), by slot and table."""
        return self._meetings(self._state())

    def _meetings(self, st: _State) -> tuple[ScheduledMeeting, ...]:
        slots = self._pub.plan.slots
        bk = st.book
        rows = np.flatnonzero(bk.active)
        ia, ib, ms, mt = bk.a[rows], bk.b[rows], bk.slot[rows], bk.table[rows]
        labels = list(bk.labels)
        rank = np.empty(len(labels), np.intp)
        rank[sorted(range(len(labels)), key=lambda c: _table_key(labels[c]))] = np.arange(len(labels))
        order = np.lexsort((ia, rank[mt], ms)) if rows.size else rows
        v = st.value[ia, ib]
        v = np.where(np.isfinite(v), v, 0.0)
        a_ids, b_ids = st.a_ids, st.b_ids
        return tuple(
            ScheduledMeeting(
                a_ids[i], b_ids[j], s, slots[s].start, slots[s].end, labels[t], r, score=x, sequence=q
            )
            for i, j, s, t, x, q, r in zip(
                ia[order].tolist(),
                ib[order].tolist(),
                ms[order].tolist(),
                mt[order].tolist(),
                v[order].tolist(),
                bk.seq[rows][order].tolist(),
                rows[order].tolist(),  # index: the pair's row of the book (stable all day)
                strict=True,
            )
        )

    def sequences(self) -> dict[tuple[str, str], int]:
        """The iCalendar ``SEQUENCE`` last sent for each pair's meeting (cancelled ones too)."""
        return {(a, b): int(q) for a, b, q in self._rows("SELECT a, b, sequence FROM meetings")}

    def _rows(self, query: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of ``query``: on this desk's connection, or for a desk that may not write
        the file, through a fresh reader (as :meth:`_look`), so that they are current."""
        if self._reader and not self._con.in_transaction:
            return store.read_only(self.path, lambda con: con.execute(query, params).fetchall())
        return self._con.execute(query, params).fetchall()

    def _has(self, table: str) -> bool:
        """Whether the file has ``table`` (one of format 1 lacks those of what re-plans changed)."""
        return bool(self._rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)))

    def __contains__(self, pid: object) -> bool:
        """Whether ``pid`` is a participant's id (published or walked in)."""
        return pid in self._state().people

    def participant(self, pid: str) -> Participant:
        """A participant (published or walked in)."""
        st = self._state()
        self._known(st, pid, "id")
        return st.people[pid]

    def changes(self) -> tuple[dict[str, JSONValue], ...]:
        """Every committed change, in order: seq, kind, subject, payload, at, who, recorded."""
        cols = ("seq", "kind", "subject", "payload", "at", "who", "recorded")
        rows = self._rows(f"SELECT {', '.join(cols)} FROM changes ORDER BY seq")
        return tuple({**dict(zip(cols, r, strict=True)), "payload": json.loads(r[3])} for r in rows)

    def past_replan(self, seq: int | None = None) -> Replan:
        """Re-plan ``seq`` (its change number, as :meth:`changes` and ``event log`` give it; None:
        the last) as it was committed: what it changed, with reasons and the calendar
        ``SEQUENCE`` each change was sent with, its figures and proof, read from the file.
        :func:`~matchmaker.live.messages.write_updates` writes from it the same files as from
        the re-plan itself, whatever happened since.  Its ``schedule`` holds the meetings of
        the first slot at or after ``now`` that has any (the desk sheet's); its ``kept``
        meetings are not kept (``n_kept`` counts them).

        Raises
        ------
        ValidationError
            ``no-such-replan`` when there is no re-plan yet, or change ``seq`` is not one;
            ``replan-not-kept`` for a re-plan made by a matchmaker that did not keep what it
            changed (an event file made before format 2): its counts are in :meth:`changes`,
            its changes cannot be recovered.
        """
        if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int)):
            raise ValidationError(
                Problem(
                    f"replan: expected a re-plan's number (a whole number), got {seq!r}",
                    kind="bad-value",
                    field="replan",
                    hint="`matchmaker event log` lists the re-plans, with their numbers",
                )
            )
        found = self._replan_row(seq)
        number, at, payload = found
        zone = self._pub.plan.zone
        now = dt.datetime.fromisoformat(str(at)).astimezone(zone)
        figures = (
            self._rows(
                "SELECT first_open, n_kept, value, candidates, desk, counts FROM replans WHERE seq = ?",
                (number,),
            )
            if self._has("replans")
            else []
        )
        if not figures:
            when = self._clock(now)
            # after a kept one: an older matchmaker on another desk wrote it into the upgraded file
            later = self._has("replans") and bool(
                self._rows("SELECT 1 FROM replans WHERE seq < ?", (number,))
            )
            made = (
                "by an older matchmaker (on a desk not updated), which does not keep what a re-plan changes"
                if later
                else "before matchmaker kept what each re-plan changed"
            )
            raise ValidationError(
                Problem(
                    f"re-plan {number} (at {when}) was made {made}: its updates cannot be written again",
                    kind="replan-not-kept",
                    field="replan",
                    data={"seq": number, "at": when, "case": "older-desk" if later else "before"},
                    hint="its counts are in `matchmaker event log`; each participant's meetings now are "
                    "in `matchmaker event agenda ID`; the re-plans from now on keep their changes",
                )
            )
        ((first_open, n_kept, value, candidates, desk_rows, counts),) = figures
        rows = self._rows(
            "SELECT kind, a, b, old_slot, old_table, new_slot, new_table, score, reason, why, move, sequence "
            "FROM replan_meetings WHERE seq = ? ORDER BY pos",
            (number,),
        )
        changes: dict[str, list[MeetingChange]] = {"added": [], "cancelled": [], "moved": []}
        sequences: dict[tuple[str, str], int] = {}
        for kind, a, b, old_slot, old_table, new_slot, new_table, *rest in rows:
            worth = math.nan if rest[0] is None else float(rest[0])  # NULL: NaN
            reason, why, move, sequence = rest[1:]
            sequences[(a, b)] = int(sequence)
            why_data = tuple(_reason_of(r) for r in json.loads(why))
            changes[kind].append(
                MeetingChange(
                    kind, a, b, old_slot, old_table, new_slot, new_table, worth, reason, why_data, move
                )
            )
        slots = self._pub.plan.slots
        desk = tuple(
            ScheduledMeeting(a, b, s, slots[s].start, slots[s].end, t, k, score=x, sequence=q)
            for k, (s, t, a, b, x, q) in enumerate(json.loads(desk_rows))
        )

        def not_kept() -> tuple[MeetingChange, ...]:
            raise ValueError(f"re-plan {number} read from the file: its kept meetings are not stored")

        return Replan(
            now=now,
            first_open=int(first_open),
            added=tuple(changes["added"]),
            cancelled=tuple(changes["cancelled"]),
            moved=tuple(changes["moved"]),
            n_kept=int(n_kept),
            value=float(value),
            method=str(payload.get("method", "")),
            optimal=bool(payload.get("optimal", False)),
            candidates=int(candidates),
            seq=number,
            dated=self._pub.plan.several_days,
            build_schedule=functools.partial(tuple, desk),
            build_kept=not_kept,
            sequences=MappingProxyType(sequences),
            counts=MappingProxyType({str(k): int(v) for k, v in json.loads(counts)["meetings"].items()}),
            coming=frozenset(str(pid) for pid in json.loads(counts)["coming"]),
        )

    def _replan_row(self, seq: int | None) -> tuple[int, str, dict[str, Any]]:
        """The number, ``at`` and payload of re-plan ``seq`` (None: the last), else the
        ``no-such-replan`` refusal saying why."""
        hint = "`matchmaker event log` lists the re-plans, with their numbers"
        if seq is None:
            found = self._rows(
                "SELECT seq, kind, at, payload FROM changes WHERE kind = 'replan' ORDER BY seq DESC LIMIT 1"
            )
            if not found:
                raise ValidationError(
                    Problem(
                        "there is no re-plan yet",
                        kind="no-such-replan",
                        field="replan",
                        data={"case": "none"},
                        hint="re-plan with `matchmaker event replan --now HH:MM --out FOLDER`",
                    )
                )
        else:
            found = self._rows("SELECT seq, kind, at, payload FROM changes WHERE seq = ?", (seq,))
            if not found:
                (last,) = self._rows("SELECT coalesce(max(seq), 0) FROM changes")[0]
                raise ValidationError(
                    Problem(
                        f"there is no change {seq} (the last is {last})",
                        kind="no-such-replan",
                        field="replan",
                        data={"case": "missing", "seq": seq, "last": int(last)},
                        hint=hint,
                    )
                )
        ((number, kind, at, payload),) = found
        if kind != "replan":
            raise ValidationError(
                Problem(
                    f"change {number} is not a re-plan",
                    kind="no-such-replan",
                    field="replan",
                    data={"case": "kind", "seq": int(number), "kind": str(kind)},
                    hint=hint,
                )
            )
        return int(number), str(at), json.loads(payload)

    def record_updates(
        self, replan: int, folder: str | Path, participants: int, lang: str | None = None
    ) -> None:
        """Record that re-plan ``replan``'s updates for ``participants`` participants were
        written into ``folder`` (in ``lang``; None: both texts), by whom and when, in its own
        transaction: ``event log`` says where each re-plan's updates went."""
        self._replan_row(replan)  # a re-plan's number, as the caller wrote it
        with self._write():
            store.upgrade(self._con)
            self._con.execute(
                "INSERT INTO updates(replan, folder, participants, lang, who, recorded) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (replan, str(folder), int(participants), lang, self.who, _stamp()),
            )

    def updates(self, replan: int | None = None) -> tuple[dict[str, JSONValue], ...]:
        """Where updates were written, in order (of re-plan ``replan`` only, when given): each
        ``replan`` (its change number), ``folder``, ``participants``, ``lang``, ``who`` and
        ``recorded`` (UTC), as :meth:`record_updates` recorded them.  None for a file of format
        1 that no re-plan of this matchmaker wrote to."""
        if not self._has("updates"):
            return ()
        cols = ("replan", "folder", "participants", "lang", "who", "recorded")
        where, params = ("", ()) if replan is None else (" WHERE replan = ?", (replan,))
        rows = self._rows(f"SELECT {', '.join(cols)} FROM updates{where} ORDER BY id", params)
        return tuple(dict(zip(cols, r, strict=True)) for r in rows)

    def kept_replans(self) -> frozenset[int]:
        """The change numbers of the re-plans whose changes the file keeps (:meth:`past_replan`
        reads them); those made before format 2 are not among them."""
        if not self._has("replans"):
            return frozenset()
        return frozenset(int(r[0]) for r in self._rows("SELECT seq FROM replans"))

    def status(self, now: EventTime | None = None) -> EventStatus:
        """Who is here, who did not come, the next slot after ``now`` and its free tables.

        Without ``now``, the time is the latest the event recorded (``as_of``): its last
        re-plan, check-in or walk-in (a no-show's time may be announced ahead); before any,
        the first slot is next.  *Here* means checked in or walked in on that time's day, and
        *not come* a no-show of that day (presence is per day, as for :meth:`replan`'s
        refills); *away* those here whom an :meth:`unavailable` window keeps from the next
        slot (one who left).
        """
        st = self._state()
        plan = self._pub.plan
        # any time of the event's days: in the evening the next slot is the next day's first
        when = None if now is None else event_time(now, plan, "now", between=True)
        as_of = when if when is not None else st.latest  # of the same read as the counts
        nxt = None
        if as_of is not None:
            later = [s.index for s in plan.slots if s.start >= as_of]
            nxt = later[0] if later else None
        else:
            nxt = 0
        meetings = self._meetings(st)
        upcoming = tuple(m for m in meetings if m.slot == nxt)
        used = {m.table for m in upcoming}
        every = _all_tables(plan, st)
        free = () if nxt is None else tuple(t for t in every if t not in used)  # no slot left
        everyone = (*st.a_ids, *st.b_ids)
        day = plan.slots[0].start.date() if as_of is None else as_of.date()
        here, absent = st.att.here_on(day), st.att.absent_on(day)
        present = tuple(p for p in everyone if p in here)
        busy = st.att.busy
        # by the rule `event agenda` marks its meetings with, so that the two agree
        cannot = tuple(m for m in upcoming if _unattended(st.att, m, plan) is not None)
        return EventStatus(
            now=when,
            as_of=as_of,
            present=present,
            away=() if nxt is None else tuple(p for p in present if p in busy and busy[p][nxt]),
            # a no-show of a later day than one it came on is here on the days before; one who
            # turned up on a later day is not come on the days before
            no_show=tuple(p for p in everyone if p in absent and p not in here),
            expected=tuple(p for p in everyone if p not in here and p not in absent),
            walk_ins=tuple(st.walk_ins),
            next_slot=nxt,
            next_start=None if nxt is None else plan.slots[nxt].start,
            dated=plan.several_days,
            next_meetings=upcoming,
            unattended=cannot,
            free_tables=free,
            changes=st.n_changes,
            meetings=len(meetings),
        )

    def agenda(self, pid: str) -> tuple[tuple[ScheduledMeeting, Unattended | None], ...]:
        """``pid``'s meetings on the timetable now, by time, each with why it cannot take place
        as booked by the changes recorded since the last re-plan (None: it can), by the rule
        :attr:`EventStatus.unattended` counts the next slot's with.

        Raises
        ------
        ValidationError
            ``unknown-participant`` for an id that is no participant's.
        """
        st = self._state()  # one snapshot: the timetable and the changes it is read against
        self._known(st, pid, "id")
        plan = self._pub.plan
        return tuple((m, _unattended(st.att, m, plan)) for m in self._meetings(st) if pid in (m.a, m.b))

    # -- changes ------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[_State]:
        """One write transaction on the committed state; once it commits, what it recorded
        (``self._after``) is applied to the state in memory too."""
        self._after = []
        with store.transaction(self._con):
            st = self._state()
            yield st
        after, self._after = self._after, []
        with self._applying():
            for step in after:
                step()

    def _side(self, st: _State, pid: str, field: str) -> str:
        """The side of a known participant."""
        return st.index[self._known(st, pid, field)][0]

    def _known(self, st: _State | None, pid: str, field: str) -> str:
        if not isinstance(pid, str) or st is None or pid not in st.index:
            # a desk types ids by hand: "jt-001" or "JT 001" for JT-001 is named, not just refused
            same = _id_key(str(pid))
            similar = sorted(p for p in (st.index if st is not None else ()) if _id_key(p) == same)
            hint = (
                f"did you mean {similar[0]!r}? ids are written as in the participant table"
                if similar
                else "use an id of the published participant table or of a walk-in"
            )
            data: dict[str, JSONValue] = (
                {"case": "similar", "similar": similar[0]} if similar else {"case": "event"}
            )
            raise ValidationError(
                Problem(
                    f"unknown participant {pid!r}",
                    kind="unknown-participant",
                    participants=(str(pid),),
                    field=field,
                    hint=hint,
                    data=data,
                )
            )
        return pid

    def _record(self, kind: str, subject: str, payload: Mapping[str, Any], at: dt.datetime | None) -> int:
        """Write one change (the caller validated it inside the same :meth:`_write`)."""
        details, iso = dict(payload), None if at is None else at.isoformat()
        cur = self._con.execute(
            "INSERT INTO changes(kind, subject, payload, at, who, recorded) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, subject, json.dumps(details, ensure_ascii=False), iso, self.who, _stamp()),
        )
        st, plan = self._st, self._pub.plan
        assert st is not None  # _write read it

        def apply() -> None:
            st.att.apply(kind, subject, details, iso, plan)
            st.n_changes += 1
            if at is not None and _reached(kind, details, iso):
                when = at.astimezone(plan.zone)
                st.latest = when if st.latest is None else max(st.latest, when)

        self._after.append(apply)
        return int(cur.lastrowid or 0)

    def _when(self, value: EventTime | None, field: str = "at") -> dt.datetime | None:
        return None if value is None else event_time(value, self._pub.plan, field)

    def _arrival(self, at: EventTime | None, what: str, pid: str) -> dt.datetime | None:
        """``at`` of ``pid``'s check-in or walk-in: on an event of several days it is needed,
        since presence is per day (``time-needed``)."""
        days = sorted(self._pub.plan.days)
        if at is None and self._pub.plan.several_days:
            examples = [f"{d.isoformat()}T09:10" for d in days]  # one per day, to choose from
            raise ValidationError(
                Problem(
                    f"a {what} without a time, and the event has {len(days)} days "
                    f"({', '.join(d.isoformat() for d in days)}): which day is not known",
                    kind="time-needed",
                    participants=(pid,),
                    field="at",
                    data={"case": what, "example": examples[0], "examples": tuple(examples)},
                    hint=f"give its time with the day (--at on the command line): {alternatives(examples)}",
                )
            )
        return self._when(at)

    def check_in(self, pid: str, at: EventTime | None = None) -> None:
        """``pid`` is here (from ``at`` on; a no-show who turns up becomes available again).

        Presence is per day: on an event of several days ``at`` is needed (``time-needed``),
        and one who came yesterday checks in again today.
        """
        with self._write() as st:
            self._side(st, pid, "id")
            when = self._arrival(at, "check-in", pid)
            self._record("check_in", pid, {}, when)

    def no_show(self, pid: str, at: EventTime | None = None) -> None:
        """``pid`` did not come: its meetings from the next re-plan on are cancelled.

        On an event of several days, one who checked in on an earlier day and did not come
        on ``at``'s day is a no-show from the start of that day: the meetings of the days
        before are kept (they took place).  Those of the later days go too (``event noshow``
        says so, with what to record instead for one expected on a later day).

        Raises
        ------
        ValidationError
            ``checked-in`` when ``pid`` checked in or walked in (and was not marked a
            no-show since) on ``at``'s day, or on a day not known (no time given): a no-show
            is one who did not come, and recording it would report the meetings it held as
            not having happened.  One who left is away for the rest of the day
            (:meth:`unavailable`); the hint gives the window.
        """
        when = self._when(at)
        with self._write() as st:
            self._side(st, pid, "id")
            if pid in st.att.no_show:  # a second desk's report: the first one stands
                raise ValidationError(
                    Problem(
                        f"{pid} is recorded as a no-show already",
                        kind="already-no-show",
                        participants=(pid,),
                        data={"id": pid},
                        hint="`matchmaker event status` lists the no-shows; one who turns up checks in",
                    )
                )
            payload: dict[str, str] = {}
            # came that day, or a day not known, or later (a no-show back-dated): refused
            came = st.att.arrival(pid, None if when is None else when.date())
            if came is not None:
                iso, walked = came
                since = dt.datetime.fromisoformat(iso).astimezone(self._pub.plan.zone) if iso else None
                # how many changes about pid `undo` takes back before the check-ins of the
                # arrival's day (a second desk's check-in too): those recorded after the first
                day = None if since is None else since.date()
                about = self._changes_about(pid)
                mine = _check_ins_on(about, day, self._pub.plan)
                k = max(mine, default=0)
                # by its number, when the later ones were not recorded on top of it
                alone = len(mine) == 1 and not _recorded_on_top("check_in", about[:k])
                self._refuse_no_show(pid, when, since, walked, k, about[k][0] if alone else None)
            if when is not None and st.att.came_before(pid, when.date()):
                payload = {"from": self._day_start(when)}  # came on an earlier day: from this one's start
            self._record("no_show", pid, payload, when)

    def _here_already(self, pid: str, until: dt.datetime, iso: str, walked: bool) -> Problem:
        """The ``checked-in`` refusal of a late arrival (``until``) of one who arrived (at
        ``iso``, "" when not given; a walk-in when ``walked``): the away window of one who left
        and comes back, and the undo of a check-in made by mistake."""
        plan = self._pub.plan
        at = self._clock(dt.datetime.fromisoformat(iso).astimezone(plan.zone)) if iso else None
        dated = f"{until.date().isoformat()} " if plan.several_days else ""
        how = "walked in" if walked else "checked in"
        # the check-in to take back, by its number: the day's (or one without a time)
        about = self._changes_about(pid)
        mine = [about[k][0] for k in _check_ins_on(about, until.date(), plan)]
        undo = (  # one check-in of the day: by its number (two desks': `undo` takes the latest first)
            f"; if the check-in was a mistake, undo it: `matchmaker event undo {pid} --change {mine[0]}`"
            if len(mine) == 1 and not walked
            else ""
        )
        return Problem(
            f"{pid} {how}{f' at {at}' if at else ''}: a late arrival is one who has not come yet",
            kind="checked-in",
            participants=(pid,),
            data={
                "id": pid,
                "case": "late" + "-walked-in" * walked + "-no-time" * (not at),
                "until": f"{until:%H:%M}",
                "dated": dated,
            }
            | ({"at": at} if at else {})
            | ({"change": mine[0]} if undo else {}),
            hint=f"if {pid} has left and comes back at {until:%H:%M}, record the time away: "
            f"`matchmaker event unavailable {pid} --window '{dated}<when they left>-{until:%H:%M}'`{undo}",
        )

    def _day_start(self, when: dt.datetime | dt.date) -> str:
        """The start (midnight, event zone) of ``when``'s day, as stored in a change's payload."""
        day = when.date() if isinstance(when, dt.datetime) else when
        return dt.datetime.combine(day, dt.time(), tzinfo=self._pub.plan.zone).isoformat()

    def _refuse_no_show(
        self,
        pid: str,
        when: dt.datetime | None,
        since: dt.datetime | None,
        walked: bool,
        later: int,
        change: int | None,
    ) -> NoReturn:
        """The ``checked-in`` refusal of the arrival at ``since`` (a walk-in's when ``walked``),
        with the ``unavailable`` window of a departure and, for a check-in made by mistake,
        :meth:`undo` (``later``: the changes about ``pid`` recorded after the check-in, which
        ``undo`` takes back first, unless ``change``, the check-in's number, can be given)."""
        plan = self._pub.plan
        how = "walked in" if walked else "checked in"
        at = self._clock(since) if since is not None else None
        # the day they left: the no-show's, else the check-in's, else the last; on an event of
        # several days a window needs its day (`window-without-day`)
        day = (when or since or plan.slots[-1].start).date()
        todays = [s for s in plan.slots if s.start.date() == day] or list(plan.slots)
        end = max(s.end for s in todays)
        several = plan.several_days
        # the advice for a later day: the next event day after the check-in's, if any (a file
        # written before check-ins needed their time on such events may hold one without)
        coming = sorted(d for d in plan.days if since is not None and d > since.date())
        next_day = coming[0].isoformat() if several and coming else None
        dated = day.isoformat() if several else ""
        mistake = (
            ""
            if walked
            else f"; if the check-in was a mistake, undo it: `matchmaker event undo {pid} --kind checkin`"
            if not later
            else f"; if the check-in was a mistake, undo it: `matchmaker event undo {pid} --change {change}`"
            if change is not None
            else f"; if the check-in was a mistake, undo it with `matchmaker event undo {pid}`, which takes "
            f"back the latest change first: {later} more {'was' if later == 1 else 'were'} recorded about "
            f"{pid} after it"
        )
        tail = (
            "; a no-show on a later day than the check-in needs its time on that day, "
            f"e.g. '{next_day}T09:00'"
            if next_day
            else ""
        )
        raise ValidationError(
            Problem(
                f"{pid} {how}{f' at {at}' if at else ''}: a no-show is one who did not come",
                kind="checked-in",
                participants=(pid,),
                data={"id": pid, "case": how.replace(" ", "-"), "day": dated, "end": f"{end:%H:%M}"}
                | ({"at": at} if at else {})
                | ({"next_day": next_day} if next_day else {})
                | ({} if walked else {"later": later})
                | ({} if walked or not later or change is None else {"change": change}),
                hint=(
                    f"if {pid} has left, record the rest of the day as away instead: "
                    f"`matchmaker event unavailable {pid} --window "
                    f"'{dated + ' ' if dated else ''}<when they left>-{end:%H:%M}'`{mistake}{tail}"
                ),
            )
        )

    def late(self, pid: str, until: EventTime, at: EventTime | None = None) -> None:
        """``pid`` arrives at ``until``: slots starting before it are lost (on an event of
        several days, only those of ``until``'s day for one who came on an earlier day, or
        once the latest time recorded, or ``at``, is on ``until``'s day: the days before are
        over).

        ``at``: when the late arrival was announced (recorded as every change's time, and
        checked as the other changes' ``at``).  On an event of several days it says which
        day the desk is at: a day-2 arrival announced on day 2 before any day-2 check-in
        leaves day 1's meetings alone (they took place), where without it the latest time
        recorded may still be day 1's.

        Raises
        ------
        ValidationError
            ``not-late`` when ``until`` is not after the first slot it would take away
            (the event's first, or its day's for one who came on an earlier day): nothing
            would be lost, so it is most likely a mistyped time (an arrival is a check-in);
            ``checked-in`` (case ``late``) when ``pid`` checked in or walked in on ``until``'s
            day, or on a day not known: it is here, and a late arrival would report the
            meetings it held before ``until`` as not having happened.  One who leaves and
            comes back is away for a while (:meth:`unavailable`); the hint gives the window.
        """
        plan = self._pub.plan
        when = event_time(until, plan, "until")
        told = self._when(at)
        with self._write() as st:
            self._side(st, pid, "id")
            came = st.att.arrivals.get(pid, {})
            here = came.get(when.date()) or came.get(None)
            if here is not None and pid not in st.att.no_show:  # a no-show who turned up is here too
                raise ValidationError(self._here_already(pid, when, *here))
            payload = {"until": when.isoformat()}
            first = plan.slots[0].start
            # from `until`'s day only for one here on an earlier day; for anyone, not before the
            # day the desks work on (the days before are over: their meetings are not re-told)
            # (or the day the late arrival was announced on, when later)
            latest = max((t for t in (st.latest, told) if t is not None), default=None)
            since: dt.date | None = None
            if st.att.came_before(pid, when.date()):
                since = when.date()
            elif latest is not None and latest.date() > first.date():
                since = min(latest.date(), when.date())
            if since is not None:
                payload["from"] = self._day_start(since)
                first = min(s.start for s in plan.slots if s.start.date() >= since)
            if when <= first:
                raise ValidationError(
                    Problem(
                        f"until {self._clock(when)} is not after the first slot it would take away "
                        f"({self._clock(first)}): nothing would be lost",
                        kind="not-late",
                        participants=(pid,),
                        field="until",
                        data={"until": self._clock(when), "first": self._clock(first)},
                        hint="give the time the participant arrives, after the start; "
                        "one who is here checks in",
                    )
                )
            self._record("late", pid, payload, told)  # the arrival is `until`, in the payload

    def unavailable(self, pid: str, window: TimeWindow | str, at: EventTime | None = None) -> None:
        """``pid`` is away during ``window`` (``"13:00-14:00"``, or a :class:`TimeWindow`).

        ``at``: when it was announced, recorded as every change's time (and checked as theirs).
        """
        told = self._when(at)
        try:
            w = window if isinstance(window, TimeWindow) else TimeWindow.parse(str(window))
        except ValidationError as exc:  # one problem, with its own hint (not two in a row)
            raise ValidationError(_window_problem(exc.problems[0], str(window), pid)) from None
        except ValueError as exc:
            raise ValidationError(_window_problem(Problem(str(exc)), str(window), pid)) from None
        plan = self._pub.plan
        if w.day is None and plan.several_days:  # every day, past ones too: their meetings took place
            examples = [f"{d.isoformat()} {w}" for d in sorted(plan.days)]  # one per day, to choose from
            raise ValidationError(
                Problem(
                    f"the window {w} names no day, and the event has {len(plan.days)}",
                    kind="window-without-day",
                    participants=(str(pid),),
                    field="window",
                    hint=f"write the day too: {alternatives(examples)}",
                    data={"window": str(w), "example": examples[0], "examples": tuple(examples)},
                )
            )
        day = w.day or min(plan.days)
        event_time(dt.datetime.combine(day, w.start), plan, "window")
        if not window_slots(w, plan).any():  # as `late` before the first slot: a mistyped time
            raise ValidationError(
                Problem(
                    f"the window {w} overlaps no meeting slot: nothing would be lost",
                    kind="window-without-slot",
                    participants=(str(pid),),
                    field="window",
                    hint="give the time the participant is away, within the event's meeting slots",
                )
            )
        with self._write() as st:
            self._side(st, pid, "id")
            self._record("unavailable", pid, {"window": str(w)}, told)

    def cancel(self, a_id: str, b_id: str, at: EventTime | None = None) -> None:
        """The two agree to skip their meeting; they will not be paired again (unless the
        cancel is undone, :meth:`undo`).

        A meeting a re-plan cancelled (a no-show, a late arrival) can be cancelled too: a later
        re-plan would otherwise propose the pair again (one who turns up is given back the
        partners it lost, where they are free).

        Raises
        ------
        ValidationError
            ``no-such-meeting`` when the pair has no meeting; ``already-cancelled`` when it
            was cancelled already by an earlier ``cancel``;
            ``meeting-started`` when it starts before ``at`` or before the last re-plan's
            ``now``, whichever is later: it is under way or over, so it cannot be skipped
            any more (the next re-plan would report a meeting of the past cancelled).  A
            meeting that has not started can be cancelled even where the last re-plan froze
            its slot: the next re-plan reports it cancelled, as it does a no-show's.
        """
        when = self._when(at)
        with self._write() as st:
            side_a, side_b = self._side(st, a_id, "a_id"), self._side(st, b_id, "b_id")
            if side_a == "B":
                a_id, b_id, side_a, side_b = b_id, a_id, side_b, side_a
            if side_a == side_b:
                raise ValidationError(
                    Problem(
                        f"{a_id} and {b_id} are on the same side: they have no meeting",
                        kind="same-side",
                        participants=(a_id, b_id),
                    )
                )
            row = self._con.execute(
                "SELECT active, slot, reason, tbl FROM meetings WHERE a = ? AND b = ?", (a_id, b_id)
            ).fetchone()
            if row is None:
                raise ValidationError(
                    Problem(
                        f"{a_id} and {b_id} have no meeting to cancel",
                        kind="no-such-meeting",
                        participants=(a_id, b_id),
                        data={"a": a_id, "b": b_id},
                        hint=f"`matchmaker event agenda {a_id}` lists {a_id}'s meetings",
                    )
                )
            slot = self._pub.plan.slots[int(row[1])]
            start = self._clock(slot.start)
            if (a_id, b_id) in st.att.banned:  # by the desk: a cancel of theirs stands
                seq = next(c[0] for c in self._changes_about(a_id) if c[1] == "cancel" and c[3]["b"] == b_id)
                how = "; the next re-plan takes it off the timetable" if row[0] else ""
                raise ValidationError(
                    Problem(
                        f"the meeting of {a_id} and {b_id} at {start} was cancelled already by the desk "
                        f"(change {seq}){how}",
                        kind="already-cancelled",
                        participants=(a_id, b_id),
                        data={"a": a_id, "b": b_id, "start": start, "seq": seq},
                        hint=f"`matchmaker event log {a_id}` lists the changes about {a_id}",
                    )
                )
            known = self._time_now(when)
            # one a re-plan took off the timetable is not under way: recorded, the pair is not
            # proposed again (a no-show who turns up is otherwise given the same partners back)
            if row[0] and known is not None and slot.start < known[0]:
                now = self._clock(known[0])
                raise ValidationError(
                    Problem(
                        f"the meeting of {a_id} and {b_id} at {start} has begun or is over "
                        f"({known[1]} {now})",
                        kind="meeting-started",
                        participants=(a_id, b_id),
                        data={"a": a_id, "b": b_id, "start": start, "now": now, "case": known[2]},
                        hint=f"only a meeting starting at {now} or later can be cancelled",
                    )
                )
            # the meeting's time and table as they were, for the log (the pair is what counts)
            payload = {"a": a_id, "b": b_id, "start": slot.start.isoformat(), "table": str(row[3])}
            self._record("cancel", f"{a_id}|{b_id}", payload, when)

    def _clock(self, when: dt.datetime) -> str:
        """``HH:MM`` on a one-day event, else the date too."""
        return format_clock(when, "en", dated=self._pub.plan.several_days)

    def _time_now(self, at: dt.datetime | None) -> tuple[dt.datetime, str, str] | None:
        """The time a cancel recorded now is taken to be at, and whence (words, and a case
        for the texts): its own ``at`` or the last re-plan's ``now``, whichever is later (a
        re-plan's ``now`` is past once it is committed).  Other changes' ``at`` are not read:
        they may be back-dated.  None before any re-plan, without ``at``."""
        found: list[tuple[dt.datetime, str, str]] = []
        last = self._last_replan()
        if last is not None:
            found.append((last, "the last re-plan was at", "replan"))
        if at is not None:
            found.append((at, "the cancel is at", "at"))
        return max(found, key=lambda f: f[0]) if found else None

    def _changes_about(self, pid: str) -> list[_Change]:
        """The changes about ``pid`` not taken back (``seq``, ``kind``, ``subject``,
        ``payload``, ``at``, ``who``, ``recorded``), latest first: its own, and the cancels
        of its meetings."""
        rows = self._con.execute(
            "SELECT seq, kind, subject, payload, at, who, recorded FROM changes "
            f"WHERE kind NOT IN ('init', 'replan', 'undo') AND kind NOT LIKE '{UNDONE}%' ORDER BY seq DESC"
        ).fetchall()
        out = []
        for seq, kind, subject, text, at, who, recorded in rows:
            payload = json.loads(text)
            if concerns(pid, subject, payload):
                out.append((int(seq), str(kind), str(subject), payload, at, str(who), str(recorded)))
        return out

    def undo(self, pid: str, kind: str | None = None, *, change: int | None = None) -> Undone:
        """Take back the latest change recorded about ``pid`` that is not taken back yet,
        or the change numbered ``change`` (:meth:`changes`' ``seq``, as ``event log`` shows it).

        A check-in, no-show, late arrival, away window, cancel (of one of ``pid``'s
        meetings) or walk-in (before any re-plan came after it) typed by mistake: the event
        goes on as if it had not been recorded (the changes recorded after it stay as they
        were).  Called again, it takes back the one before.  ``kind`` (one of
        :data:`~matchmaker.live.changes.UNDOABLE`), if given, is the kind the desk means to
        take back: another desk may have recorded a change about ``pid`` since.

        ``change`` takes back an earlier change about ``pid`` while the later ones stay, so
        that the desk need not take back a correct change first, unless a later one was
        recorded on top of it: when the change is a check-in, no-show or late arrival, a
        later no-show or late arrival of ``pid`` (each was checked against, and may have
        recorded its days from, the arrivals before it) and, after a no-show or a check-in
        that ended one, a later check-in (one who turned up); any later change about a
        walk-in.  Away windows and cancels are independent of the others, and so is a later
        check-in after a check-in or a late arrival.

        The change stays in :meth:`changes`, its kind marked ``"undone:<kind>"`` (which
        an older matchmaker reading the file leaves out too), followed by the ``undo`` that
        names it.  A re-plan recorded after it (``Undone.replanned``: the first) may have
        acted on it: what the re-plans did stands, and the next re-plan goes by the changes
        without it.  Meetings stay with anyone not known to be absent, as with everyone not
        yet checked in: one whose check-in is undone keeps theirs until recorded a no-show
        (``Undone.presence_unknown`` says when the undo leaves them so).

        Raises
        ------
        ValidationError
            ``nothing-to-undo`` when no change about ``pid`` is left to take back;
            ``walk-in-kept`` when the latest is ``pid``'s walk-in and a re-plan came after
            it: it may have booked the walk-in, whom meetings and messages name since (one
            who left, or was entered twice, is away for the rest of the event,
            :meth:`unavailable`); ``undo-other-kind`` when the latest is not of ``kind``;
            ``no-such-change`` when ``change`` is not a change about ``pid`` left to undo
            (none has that number, it is undone already, it is about someone else, or it is
            a re-plan or an undo: for an undo, and for a change undone already, the hint gives
            the command that records the change again); ``undo-has-later`` when later
            changes about ``pid`` were recorded on top of it (they are named: take them back
            first).
            A walk-in no re-plan came after is taken back whole: it leaves the participants.
        """
        if kind is not None and change is not None:
            raise ValidationError(
                Problem(
                    "give the change's number or its kind, not both",
                    kind="bad-value",
                    field="change",
                    hint=f"the number names the change: `matchmaker event undo {pid} --change {change}`",
                )
            )
        if change is not None and (isinstance(change, bool) or not isinstance(change, int)):
            raise ValidationError(
                Problem(
                    f"change: expected a change's number (a whole number), got {change!r}",
                    kind="bad-value",
                    field="change",
                    hint=f"`matchmaker event log {pid}` lists the changes about {pid}, with their numbers",
                )
            )
        if kind is not None and kind not in UNDOABLE:
            raise ValidationError(
                Problem(
                    f"kind: expected one of {', '.join(UNDOABLE)}, got {kind!r}",
                    kind="bad-value",
                    field="kind",
                )
            )
        with self._write() as st:
            # a walk-in taken back is no participant any more; a number of a change about it
            # is still answered (its undo's: the command that records the walk-in again)
            if change is not None and pid not in st.index and self._walked_in_once(pid):
                self._numbered(pid, change, [])
            self._side(st, pid, "id")
            about = self._changes_about(pid)
            if not about and change is None:
                raise ValidationError(
                    Problem(
                        f"no change about {pid} is left to undo",
                        kind="nothing-to-undo",
                        participants=(pid,),
                        data={"id": pid},
                        hint="`matchmaker event status` shows who is here and who did not come",
                    )
                )
            chosen = about[0] if change is None else self._numbered(pid, change, about)
            seq, found, subject, payload, at, who, recorded = chosen
            # the first re-plan after it: the one that may have acted on it first
            first = self._con.execute(
                "SELECT at FROM changes WHERE kind = 'replan' AND seq > ? ORDER BY seq LIMIT 1", (seq,)
            ).fetchone()
            # before the later changes: a walk-in a re-plan came after stays whatever is undone first
            if found == "walk_in" and first is not None:  # see the docstring
                raise ValidationError(self._walk_in_kept(pid, first[0], st.latest))
            k = about.index(chosen)
            # a check-in that ended a no-show (one who turned up): later check-ins rest on it
            # too, as on the no-show (without it they would open the desk for everyone)
            before = [c[1] for c in about[k + 1 :] if c[1] in ("no_show", "check_in", "walk_in")]
            turned_up = found == "check_in" and before[:1] == ["no_show"]
            on_top = _recorded_on_top("no_show" if turned_up else found, about[:k])
            if on_top:
                raise ValidationError(self._has_later(pid, seq, found, on_top))
            zone, dated = self._pub.plan.zone, self._pub.plan.several_days
            undone = Undone(
                seq=seq,
                kind=found,
                subject=subject,
                payload=MappingProxyType(payload),  # read-only, as the result is frozen
                at=None if at is None else dt.datetime.fromisoformat(at).astimezone(zone),
                who=who,
                recorded=recorded,
                replanned=None,
                dated=dated,
            )
            if kind is not None and found != kind:
                latest = undone_change_text(undone)
                raise ValidationError(
                    Problem(
                        f"the latest change about {pid} is {latest}, not {words(f'undo_kind_{kind}', 'en')}",
                        kind="undo-other-kind",
                        participants=(pid,),
                        data={"id": pid, "latest": found, "kind": kind},
                        hint="another desk may have recorded it since: `matchmaker event undo "
                        f"{pid}` without --kind takes it back",
                    )
                )
            if found == "walk_in":  # no re-plan booked it yet: it leaves the participants too
                self._con.execute("DELETE FROM participants WHERE id = ? AND walk_in = 1", (pid,))
            # the change's kind is marked, so that every reader, an older matchmaker's too,
            # replays the changes without it; the undo records who took it back, and when
            self._con.execute("UPDATE changes SET kind = ? WHERE seq = ?", (UNDONE + found, seq))
            self._record("undo", pid, {"seq": seq, "kind": found}, None)
            # the replay without it: the state in memory is read afresh from the file
            self._after.append(functools.partial(setattr, self, "_st", None))
        if found == "check_in":  # here that day by another check-in, or a no-show again: known
            att = self._state().att
            came = att.arrivals.get(subject, {})
            day = undone.at.date() if undone.at is not None else None
            here = None in came or (day in came if day is not None else bool(came))
            absent = att.absent_on(day) if day is not None else att.no_show
            undone = replace(
                undone, presence_unknown=not here and subject not in absent, no_show_again=subject in absent
            )
        if first is None:
            return undone
        return replace(undone, replanned=dt.datetime.fromisoformat(first[0]).astimezone(zone))

    def _walked_in_once(self, pid: str) -> bool:
        """Whether ``pid`` walked in and that walk-in was taken back."""
        row = self._con.execute(
            "SELECT 1 FROM changes WHERE kind = ? AND subject = ? LIMIT 1", (UNDONE + "walk_in", pid)
        ).fetchone()
        return row is not None

    def _numbered(self, pid: str, change: int, about: list[_Change]) -> _Change:
        """The change numbered ``change`` among ``about`` (``pid``'s left to undo), else the
        ``no-such-change`` refusal saying why it is not there."""
        for item in about:
            if item[0] == change:
                return item
        row = self._con.execute(
            "SELECT kind, subject, payload, at FROM changes WHERE seq = ?", (change,)
        ).fetchone()
        last = self._con.execute("SELECT MAX(seq) FROM changes").fetchone()[0]
        data: dict[str, JSONValue] = {"id": pid, "seq": change, "last": int(last)}
        whom: list[str] = []
        if row is not None and (str(row[0]) in UNDOABLE or str(row[0]).startswith(UNDONE)):
            # whom it is about: a cancel's two (from its payload: an id may hold "|"), else its subject
            found = json.loads(row[2])
            whom = [str(found["a"]), str(found["b"])] if "cancel" in str(row[0]) else [str(row[1])]
            data |= {"about": whom[0]} | ({"also": whom[1]} if len(whom) > 1 else {})
        hint = f"`matchmaker event log {pid}` lists the changes about {pid}, with their numbers"
        if row is None:
            case, why = "none", f"there is no change {change} (the last is {last})"
        elif str(row[0]).startswith(UNDONE):
            case, why = "undone", f"change {change} (about {' and '.join(whom)}) is undone already"
            # taken back already; one who meant to take back its undo records it again
            data["again"] = self._again(
                str(row[0]).removeprefix(UNDONE), str(row[1]), json.loads(row[2]), row[3]
            )
            hint = f"if it was right after all, record it again: `{data['again']}`"
        elif row[0] == "undo":  # an undo is not taken back: the change it took back is recorded again
            case, why = "undo", f"change {change} is an undo, which cannot be undone"
            seq = int(json.loads(row[2])["seq"])
            kind, subject, payload, at = self._con.execute(
                "SELECT kind, subject, payload, at FROM changes WHERE seq = ?", (seq,)
            ).fetchone()
            data |= {
                "undone": seq,
                "again": self._again(str(kind).removeprefix(UNDONE), subject, json.loads(payload), at),
            }
            hint = f"to put back change {seq}, which it took back, record it again: `{data['again']}`"
        elif row[0] not in UNDOABLE:
            known = {"replan": "a re-plan", "init": "the event file's start"}
            what = known.get(str(row[0]), f"a change of kind {row[0]!r}")
            case, why = "kind", f"change {change} is {what}, which cannot be undone"
        else:
            data["other"] = whom[0]
            case, why = "other", f"change {change} is about {' and '.join(whom)}, not {pid}"
            hint = f"`matchmaker event undo {data['other']} --change {change}` takes it back"
        raise ValidationError(
            Problem(why, kind="no-such-change", participants=(pid,), data=data | {"case": case}, hint=hint)
        )

    def _again(self, kind: str, subject: str, payload: Mapping[str, Any], at: str | None) -> str:
        """The command that records a change taken back once more (its times as it had them,
        with their day on an event of several days); a walk-in's with its row's file, whose
        row left the participants when it was undone."""
        plan = self._pub.plan

        def typed(iso: str) -> str:
            return typed_clock(dt.datetime.fromisoformat(iso).astimezone(plan.zone), plan.several_days)

        when = f" --at {typed(at)}" if at else ""
        if kind == "cancel":
            return f"matchmaker event cancel {payload['a']} {payload['b']}{when}"
        if kind == "late":  # a file of before `late --at` holds the arrival as its time
            told = when if at and at != payload["until"] else ""
            return f"matchmaker event late {subject} --until {typed(str(payload['until']))}{told}"
        if kind == "unavailable":
            return f"matchmaker event unavailable {subject} --window '{payload['window']}'{when}"
        if kind == "walk_in":
            return f"matchmaker event walkin ROW.json{when}"
        return f"matchmaker event {kind.replace('_', '')} {subject}{when}"  # checkin, noshow

    def _has_later(self, pid: str, seq: int, kind: str, later: list[_Change]) -> Problem:
        """``undo-has-later``: change ``seq`` and the changes recorded on top of it (latest first)."""
        numbers = [str(c[0]) for c in reversed(later)]  # in the order they were recorded
        them = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]
        # the undos latest first: each takes back a change nothing left stands on
        steps = [f"matchmaker event undo {pid} --change {n}" for n in [*reversed(numbers), str(seq)]]
        one, what = len(later) == 1, words(f"undo_kind_{kind}", "en")
        return Problem(
            f"change {seq} ({what}) cannot be undone while change{'' if one else 's'} "
            f"{them} about {pid}, recorded on top of it, stand{'s' if one else ''}",
            kind="undo-has-later",
            participants=(pid,),
            # the numbers as a list (", "): each language joins its last with its own "and"
            data={
                "id": pid,
                "seq": seq,
                "later": ", ".join(numbers),
                "kind": kind,
                "steps": "; ".join(steps),
            },
            hint="take them back latest first, then record again what was right: "
            + "; ".join(f"`{step}`" for step in steps),
        )

    def _walk_in_kept(self, pid: str, replanned: str, latest: dt.datetime | None) -> Problem:
        """``walk-in-kept``, with the away window of the rest of the latest day the desks
        recorded (``latest``)."""
        plan = self._pub.plan
        day = (latest or plan.slots[0].start).date()
        end = max(s.end for s in plan.slots if s.start.date() == day)
        several = plan.several_days
        dated = f"{day.isoformat()} " if several else ""
        more = " (and each later day's)" if several and day < max(plan.days) else ""
        at = self._clock(dt.datetime.fromisoformat(replanned).astimezone(plan.zone))
        return Problem(
            f"{pid} walked in, and the re-plan at {at} may have booked it: a walk-in cannot be undone "
            "after a re-plan",
            kind="walk-in-kept",
            participants=(pid,),
            data={"id": pid, "dated": dated, "end": f"{end:%H:%M}", "replan": at}
            | ({"case": "several"} if more else {}),
            hint=f"if {pid} has left, or was entered twice, record the rest of the event as away: "
            f"`matchmaker event unavailable {pid} --window '{dated}<when they left>-{end:%H:%M}'`{more}",
        )

    def _last_replan(self) -> dt.datetime | None:
        """The ``now`` of the last re-plan committed, in the event's time zone (None before any)."""
        row = self._con.execute(
            "SELECT at FROM changes WHERE kind = 'replan' AND at IS NOT NULL ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return None if row is None else dt.datetime.fromisoformat(row[0]).astimezone(self._pub.plan.zone)

    def walk_in(
        self, participant: Participant | Mapping[str, JSONValue], at: EventTime | None = None
    ) -> tuple[Shortfall, ...]:
        """A participant who was not in the table: scored against everyone, given meetings
        at the next re-plan.  ``participant`` is a :class:`Participant` or a row of the
        participant table (the same columns and checks).

        Raises
        ------
        ValidationError
            ``already-walked-in`` for a walk-in's id and business entered again (nothing
            more to record); ``duplicate-id`` for an id in use; ``same-business`` for the name (its letters
            and digits, case aside) and delegation of one on the list (who checks in
            instead) or of an earlier walk-in: either would be booked twice.

        Returns
        -------
        tuple of Shortfall
            Empty, or why the walk-in can have no meeting whatever the re-plans do (it is
            recorded all the same): free in no slot of the event (``"availability"``), in
            none from its arrival on (``"arrives-too-late"``), no partner scoring above the
            floor and sharing a free slot (``"no-plausible-partner"``), every such partner
            vetoed (``"all-partners-vetoed"``); see
            :func:`~matchmaker.reporting.shortfalls.foreseeable_shortfalls`.
        """
        pub = self._pub
        if not isinstance(participant, Participant):
            if not isinstance(participant, Mapping):
                raise ValidationError(Problem("a walk-in is a Participant or a row (mapping)", kind="type"))
            try:
                participant = _participants([dict(participant)], "walk-in")[0]
            except DataFileError as exc:  # one row: "walk-in, row 1" would point at a row nobody wrote
                raise DataFileError([p.located(row=None) for p in exc.problems]) from None
        halves = lone_surrogates([participant])  # a Participant built in Python can hold one
        if halves:
            raise ValidationError(halves)
        with self._write() as st:
            if participant.id in st.index:
                known = st.people[participant.id]
                if participant.id in st.walk_ins and _business(known) == _business(participant):
                    # the same walk-in typed again (or at a second desk): nothing more to record
                    raise ValidationError(
                        Problem(
                            f"{participant.id} {known.name} walked in already",
                            kind="already-walked-in",
                            participants=(participant.id,),
                            field="id",
                            hint=f"nothing more to record; `matchmaker event agenda {participant.id}` "
                            "shows their meetings",
                            data={"id": participant.id, "name": known.name},
                        )
                    )
                raise ValidationError(duplicate_id(participant.id, hint="give the walk-in a new id"))
            when = self._arrival(at, "walk-in", participant.id)
            self._refuse_same_business(st, participant, when)
            mission = pub.mission
            everyone = [st.people[p] for p in (*st.a_ids, *st.b_ids)]
            full = Mission(
                mission.name,
                mission.side_a,
                mission.side_b,
                (*everyone, participant),
                mission.date,
                mission.venue,
                mission.timezone,
            )  # validates the row against the mission (delegation, wishes naming unknown ids)
            side = full.locate(participant.id)[0]
            if pub.plan.hosts == side and is_grid_column(participant.id):
                # a host's table is labelled with its id, as at the run (pipeline._check_event)
                raise ValidationError(grid_column_problem(participant.id, participant.id, walk_in=True))
            scores = score(full, pub.weights or None)
            if side == "A":
                row = scores.row_ids.index(participant.id)
                vec = np.where(scores.forbidden[row], np.nan, scores.total[row])
            else:
                col = scores.col_ids.index(participant.id)
                vec = np.where(scores.forbidden[:, col], np.nan, scores.total[:, col])
            vec = _floor(np.asarray(vec, np.float64).copy(), pub.min_score)
            free = int(_base_free(participant, pub.plan).sum())
            cap = participant.max_meetings if participant.max_meetings is not None else pub.default_max[side]
            cap = min(int(cap), free)
            record = json.dumps(participant_to_json(participant), ensure_ascii=False)
            self._con.execute(
                "INSERT INTO participants(id, side, record, max_meetings, min_meetings, walk_in, scores) "
                "VALUES (?, ?, ?, ?, ?, 1, ?)",
                (participant.id, side, record, cap, int(participant.min_meetings or 0), store.to_blob(vec)),
            )
            stored = _participants([json.loads(record)], str(self.path))[0]  # as a reopen reads it
            self._after.append(lambda: _add_walk_ins(st, [(stored, side, vec, cap)], pub.plan))
            # its name too: the log still names one whose walk-in is undone (its row is gone)
            self._record("walk_in", participant.id, {"side": side, "name": participant.name}, when)
            # a walk-in who can have no meeting is said so now, not left out silently at the re-plans
            found = tuple(
                short
                for short in foreseeable_shortfalls(full, pub.plan, scores=scores, min_score=pub.min_score)
                if short.participant == participant.id
            )
            if not found and when is not None and participant.max_meetings != 0:
                # a re-plan (at or after the arrival) books no slot starting within its lead
                # time: a walk-in arriving then is as late for that slot as one arriving after it
                # (nor one the last re-plan froze: the next one is no earlier)
                own = _base_free(participant, pub.plan)
                last = self._last_replan()
                soonest = max(when, last) if last is not None else when
                after = np.array([slot.start >= when for slot in pub.plan.slots], dtype=bool)
                bookable = np.array(
                    [slot.start >= soonest + self.lead for slot in pub.plan.slots], dtype=bool
                )
                if free and not (own & bookable).any():
                    detail = f"arrives at {self._clock(when)}, after the last slot it is free for"
                    if (own & after).any():
                        since = (
                            "" if soonest == when else f" (the last re-plan was at {self._clock(soonest)})"
                        )
                        detail = (
                            f"arrives at {self._clock(when)}: the re-plans book no slot starting before "
                            f"{self._clock(soonest + self.lead)} (lead time){since}, "
                            "and it is free for none later"
                        )
                    found = (
                        Shortfall(
                            participant=participant.id,
                            side=side,
                            wanted=int(participant.min_meetings or 1),
                            got=0,
                            reason="arrives-too-late",
                            detail=detail,
                        ),
                    )
        return found

    # -- re-planning --------------------------------------------------------------------------

    def _refuse_same_business(self, st: _State, participant: Participant, when: dt.datetime | None) -> None:
        """``same-business``: a walk-in with the name and delegation of one on the list (the
        desk did not find them: they check in, unless checked in already that day, case
        ``checked-in``) or of an earlier walk-in (typed twice, or at two desks); either would
        be booked twice over."""
        key = _business(participant)
        other = next((p for p in st.people.values() if _business(p) == key), None)
        if other is None:
            return
        # the check-in the hint gives, at the walk-in's time (with its day on several days)
        at = "" if when is None else f" --at {typed_clock(when, self._pub.plan.several_days)}"
        walked = other.id in st.walk_ins
        # one on the list checked in already that day (or at a time not given; on an event of one
        # day, any day): here, so nothing is left to record, and a second check-in would be a note
        came = st.att.arrivals.get(other.id, {})
        here = not walked and (None in came or (when.date() in came if when is not None else bool(came)))
        case = "walked-in" if walked else "checked-in" if here else "listed"
        raise ValidationError(
            Problem(
                f"{participant.id} has the name and delegation of {other.id} ({other.name!r}), "
                + {
                    "walked-in": "who walked in already",
                    "checked-in": "who is on the list and checked in already",
                    "listed": "who is on the list",
                }[case],
                kind="same-business",
                participants=(participant.id, other.id),
                field="name",
                data={"id": participant.id, "other": other.id, "name": other.name, "at": at, "case": case},
                hint=(
                    f"check {other.id} in instead: `matchmaker event checkin {other.id}{at}`"
                    if case == "listed"
                    else f"it is {other.id}, checked in already: nothing more to record"
                    if here
                    else f"it is {other.id}: nothing more to record"
                )
                + "; if it is another business, give its own name",
            )
        )

    def replan(
        self,
        now: EventTime,
        *,
        lead: dt.timedelta | float | None = None,
        method: str = "auto",
        move_cost: float = 0.0,
    ) -> Replan:
        """Re-plan the open slots for the committed changes, and commit the new timetable.

        Slots starting before ``now + lead`` are left as they are (meetings there with a
        participant who did not come are reported cancelled, never replaced).  From the first
        open slot on: meetings that can still happen stay; the others are cancelled or moved;
        free cells are filled with the best allowed meetings (caps, vetoes, the relevance
        floor, tables).  The whole re-plan is one transaction.

        The objective is lexicographic: the score of the meetings held from the first open
        slot on, then the fewest moved meetings (a kept meeting may move when that makes
        room for a better one; see ``docs/event-day.md``).  ``move_cost`` (default 0, the
        lexicographic objective) charges each move that much score too, so a move must gain
        more than it: an option for fewer moves at some cost in score.
        """
        when = event_time(now, self._pub.plan, "now")
        gap = self.lead if lead is None else lead_time(lead)
        with self._write() as st:
            self._not_before_last_replan(when)
            result = _solve(self._pub, st, when, gap, method, move_cost)
            if not (result["added"] or result["cancelled"] or result["moved"]):
                result["optimal"] = self._proof_kept(bool(result["optimal"]), int(result["first_open"]))
            seq = self._record(
                "replan",
                when.strftime("%H:%M"),
                {
                    "added": len(result["added"]),
                    "cancelled": len(result["cancelled"]),
                    "moved": len(result["moved"]),
                    "method": result["method"],
                    "optimal": result["optimal"],
                    "first_open": int(result["first_open"]),
                },
                when,
            )
            self._write_diff(st, result)
            # what its updates are written from, kept with it (`event updates` writes them later)
            sequences = self._keep_replan(seq, st, result, when)
            self._after.append(functools.partial(_book_changes, st, result))
        snapshot = replace(st, book=st.book.copy())  # later changes do not show in it
        return Replan(
            now=when,
            first_open=result["first_open"],
            added=tuple(result["added"]),
            cancelled=tuple(result["cancelled"]),
            moved=tuple(result["moved"]),
            n_kept=result["n_kept"],
            build_schedule=functools.partial(self._meetings, snapshot),
            build_kept=result["kept"],
            value=float(result["value"]),
            method=result["method"],
            optimal=bool(result["optimal"]),
            candidates=int(result["candidates"]),
            seq=seq,
            dated=self._pub.plan.several_days,
            sequences=MappingProxyType(sequences),
        )

    def _desk_after(self, st: _State, result: Mapping[str, Any], now: dt.datetime) -> list[list[Any]]:
        """The meetings of the first slot at or after ``now`` that has any, once the re-plan's
        changes ``result`` are applied to the timetable (what its desk sheet lists), in the
        timetable's order: ``[slot, table, a, b, score, sequence]`` each.  Python runs over
        that slot's meetings and the changes only."""
        bk, index, starts = st.book, st.index, st.att.starts
        moved = [*result["moved"], *result["added"]]
        gone = [(index[c.a][1], index[c.b][1]) for c in (*result["cancelled"], *moved)]
        keys = bk.a.astype(np.int64) * _KEY + bk.b
        stay = bk.active & ~np.isin(keys, np.array([i * int(_KEY) + j for i, j in gone], np.int64))
        ahead = stay & (starts[bk.slot] >= now.timestamp())
        landing = [c for c in moved if starts[int(c.new_slot)] >= now.timestamp()]
        found = [int(bk.slot[ahead].min())] if ahead.any() else []
        found += [int(c.new_slot) for c in landing]
        if not found:
            return []
        nxt = min(found)
        rows = np.flatnonzero(stay & (bk.slot == nxt))
        new = [c for c in landing if c.new_slot == nxt]
        rows_new = [bk.rows.get((index[c.a][1], index[c.b][1])) for c in new]
        ia = np.concatenate([bk.a[rows], np.array([index[c.a][1] for c in new], np.intp)])
        ib = np.concatenate([bk.b[rows], np.array([index[c.b][1] for c in new], np.intp)])
        # each table's code, a table the re-plan opens with the next (as _book_changes gives it)
        every = list(bk.labels)
        codes = bk.table[rows].tolist()
        for c in new:
            label = str(c.new_table)
            if label not in bk.codes and label not in every[len(bk.labels) :]:
                every.append(label)
            codes.append(bk.codes.get(label, every.index(label)))
        seqs = [*bk.seq[rows].tolist(), *(0 if r is None else int(bk.seq[r]) + 1 for r in rows_new)]
        v = st.value[ia, ib]
        v = np.where(np.isfinite(v), v, 0.0).tolist()
        # by table, then side A, as the timetable lists a slot (LiveEvent._meetings)
        rank = {c: k for k, c in enumerate(sorted(range(len(every)), key=lambda c: _table_key(every[c])))}
        order = sorted(range(len(codes)), key=lambda k: (rank[codes[k]], int(ia[k])))
        a_ids, b_ids = st.a_ids, st.b_ids
        return [[nxt, every[codes[k]], a_ids[ia[k]], b_ids[ib[k]], v[k], seqs[k]] for k in order]

    def _keep_replan(
        self, seq: int, st: _State, result: Mapping[str, Any], now: dt.datetime
    ) -> dict[tuple[str, str], int]:
        """Write what re-plan ``seq`` changed into the file, in its transaction: its figures,
        each change with the calendar ``SEQUENCE`` it is sent with, and the meetings of the
        first slot at or after ``now`` that has any once it is applied (the desk sheet's).
        Returns the sequences.  Python runs over the changes only (not the timetable)."""
        con = self._con
        store.upgrade(con)  # a file of format 1: the tables are added, in this transaction
        bk, index = st.book, st.index
        changed = [*result["added"], *result["cancelled"], *result["moved"]]
        # as _write_diff counts: one more for a pair booked before, 0 for a new one
        rows_of = [bk.rows.get((index[c.a][1], index[c.b][1])) for c in changed]
        sequences = {
            (c.a, c.b): 0 if row is None else int(bk.seq[row]) + 1
            for c, row in zip(changed, rows_of, strict=True)
        }
        desk = self._desk_after(st, result, now)
        # each changed participant's meetings once the changes apply, from slot ``start`` on:
        # the booked ones, less each change's old slot, plus its new one (a cancelled meeting
        # has no new slot, an added one no old slot).  From slot 0: the meetings the updates'
        # contacts.csv counts, as the pack's; from first_open: whether they are told the venue
        ids = dict.fromkeys(pid for c in changed for pid in (c.a, c.b))

        def booked(start: int) -> dict[str, int]:
            on = {
                side: np.bincount(getattr(bk, side.lower())[bk.active & (bk.slot >= start)], minlength=n)
                for side, n in (("A", len(st.a_ids)), ("B", len(st.b_ids)))
            }
            out = {pid: int(on[index[pid][0]][index[pid][1]]) for pid in ids}
            for c in changed:
                step = int(c.new_slot is not None and c.new_slot >= start)
                step -= int(c.old_slot is not None and c.old_slot >= start)
                out[c.a] += step
                out[c.b] += step
            return out

        counts = booked(0)
        to_come = booked(int(result["first_open"]))
        kept_counts = {"meetings": counts, "coming": sorted(pid for pid, n in to_come.items() if n > 0)}
        con.execute(
            "INSERT INTO replans(seq, first_open, n_kept, value, candidates, desk, counts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                result["first_open"],
                result["n_kept"],
                float(result["value"]),
                result["candidates"],
                json.dumps(desk, ensure_ascii=False),
                json.dumps(kept_counts, ensure_ascii=False, sort_keys=True),
            ),
        )
        rows: list[tuple[Any, ...]] = [
            (
                *(c.kind, c.a, c.b, c.old_slot, c.old_table, c.new_slot, c.new_table, c.score, c.reason),
                json.dumps([_reason_json(r) for r in c.why], ensure_ascii=False),
                c.move,
                sequences[c.a, c.b],
            )
            for c in changed
        ]
        con.executemany(
            "INSERT INTO replan_meetings(seq, pos, kind, a, b, old_slot, old_table, new_slot, new_table, "
            "score, reason, why, move, sequence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(seq, pos, *row[:7], _finite(row[7]), *row[8:]) for pos, row in enumerate(rows)],
        )
        return sequences

    def _proof_kept(self, proven: bool, first_open: int) -> bool:
        """The proof of a re-plan that changes nothing: the last re-plan's when nothing was
        recorded since (the same changes) and it opened the same slots or more, else its own
        (``proven``).

        Its own proof is of the timetable the last re-plan left, whose new meetings it must
        hold: with nothing to add it is proven at once, where the last re-plan, which chose
        them, may not have proven its choice (a program too large for the whole, a bound not
        reached).  The last re-plan's proof holds for it too: with the same changes and no
        slot open now that was frozen then, any re-plan from the timetable it left is one
        the last re-plan could have made.  A smaller ``--lead`` opens slots it froze (a
        re-plan it could not make): then the re-plan's own proof, and a last re-plan that
        kept no ``first_open`` (an earlier matchmaker's) is not relied on.
        """
        row = self._con.execute("SELECT kind, payload FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
        if row is None or row[0] != "replan":
            return proven
        payload = json.loads(row[1])
        said, then = payload.get("optimal"), payload.get("first_open")
        if not isinstance(said, bool) or not isinstance(then, int) or first_open < then:
            return proven
        return said

    def _not_before_last_replan(self, when: dt.datetime) -> None:
        """Refuse a re-plan earlier than the last one (a mistyped clock, ``09:00`` for
        ``11:00``): it would reopen slots that re-plan froze as past and could move or add
        meetings there, and the desk would send updates for times already gone."""
        last = self._last_replan()
        if last is None:
            return
        if when < last:
            # a time alone on an event of one day, as the other texts give it; the date too on several
            now, then = self._clock(when), self._clock(last)
            typed = typed_clock(last, self._pub.plan.several_days)
            raise ValidationError(
                Problem(
                    f"now '{now}' is before the last re-plan, at '{then}': the slots before then are past",
                    kind="now-before-last-replan",
                    field="now",
                    data={"now": now, "last": then},
                    hint=f"give the current time, no earlier than {typed}",
                )
            )

    def _write_diff(self, st: _State, result: Mapping[str, Any]) -> None:
        con = self._con
        con.executemany(
            "UPDATE meetings SET active = 0, sequence = sequence + 1, reason = ? WHERE a = ? AND b = ?",
            [(c.reason, c.a, c.b) for c in result["cancelled"]],
        )
        con.executemany(
            "UPDATE meetings SET slot = ?, tbl = ?, sequence = sequence + 1, active = 1, reason = ? "
            "WHERE a = ? AND b = ?",
            [(c.new_slot, c.new_table, c.reason, c.a, c.b) for c in result["moved"]],
        )
        con.executemany(
            "INSERT INTO meetings(a, b, slot, tbl, sequence, active, reason) VALUES (?, ?, ?, ?, 0, 1, ?) "
            "ON CONFLICT(a, b) DO UPDATE SET slot = excluded.slot, tbl = excluded.tbl, "
            "sequence = sequence + 1, active = 1, reason = excluded.reason",
            [(c.a, c.b, c.new_slot, c.new_table, c.reason) for c in result["added"]],
        )


#: Changes that record an arrival or an absence: each is checked against, and may record its
#: days from, the ones of the same participant before it (``undo`` keeps them in order).
_ATTENDANCE = frozenset({"check_in", "no_show", "late", "walk_in"})


def _check_ins_on(about: Sequence[_Change], day: dt.date | None, plan: EventPlan) -> list[int]:
    """Positions in ``about`` (latest first) of the check-ins of ``day``, and of those without a
    time (whose day is not known: they count on every day)."""
    return [k for k, c in enumerate(about) if c[1] == "check_in" and day_of(c[4], plan) in (day, None)]


def _recorded_on_top(kind: str, later: Sequence[_Change]) -> list[_Change]:
    """Of the changes recorded after a change of ``kind`` about the same participant (latest
    first), those recorded on top of it.

    Every one for a walk-in (they name it).  For an arrival or an absence: a later no-show
    or late arrival (each was checked against the arrivals before it and records its days
    from them), and a later check-in after a no-show (one who turned up: without the
    no-show it would be an ordinary arrival, which opens the desk for everyone).  A later
    check-in after a check-in or a late arrival stands on its own (a second desk's, or the
    right day's after a mistyped one).  None for an away window or a cancel.
    """
    if kind == "walk_in":
        return list(later)
    if kind not in _ATTENDANCE:
        return []
    resting = {"no_show", "late", "walk_in"} | ({"check_in"} if kind == "no_show" else set())
    return [c for c in later if c[1] in resting]


def _window_problem(problem: Problem, given: str, pid: str) -> Problem:
    """The problem of an ``unavailable`` window that cannot be read or is backwards, for
    ``pid``'s field ``window``, with one hint: a backwards window (kind ``empty-window``)
    is given the right way round."""
    if problem.kind != "empty-window":
        return Problem(  # the reader's kind and data: the Indonesian text says why, as English does
            problem.message,
            kind=problem.kind if problem.kind == "syntax" else "bad-time",
            participants=(str(pid),),
            field="window",
            hint="write it as start-end, e.g. 13:00-14:00",
            data=problem.data,
        )
    window = given.strip()
    found = WINDOW.match(window)  # it was read: only its times were in the wrong order
    backwards = found is not None and clock(found["start"]) > clock(found["end"])
    if found is not None and backwards:
        right = f"{found['day'] or ''} {found['end']}-{found['start']}".strip()
    else:
        right = "13:00-14:00"
    return Problem(
        f"the window {window} ends before it starts" if backwards else f"the window {window} is empty",
        kind="empty-window",
        participants=(str(pid),),
        field="window",
        hint=f"write the start first: {right}" if backwards else f"give a window that lasts, e.g. {right}",
        data={"window": window, "right": right},
    )


def _book_changes(st: _State, result: Mapping[str, Any]) -> None:
    """Apply a committed re-plan's changes to the book (as ``_write_diff`` wrote them)."""
    bk, index = st.book, st.index
    for c in result["cancelled"]:
        row = bk.rows[(index[c.a][1], index[c.b][1])]
        bk.active[row] = False
        bk.seq[row] += 1
    bk.book(
        [
            (index[c.a][1], index[c.b][1], int(c.new_slot), str(c.new_table))
            for c in (*result["moved"], *result["added"])
        ]
    )


def _id_key(text: str) -> str:
    """A name or id as people type it alike: its letters and digits only, case aside ("CV.
    Baru Jaya" and "cv baru  jaya", "jt 001" and "JT-001")."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _business(p: Participant) -> tuple[str, str]:
    """A participant's name and delegation, one business: the name by :func:`_id_key`
    ("CV. Baru Jaya", "cv baru  jaya" and "C.V. Baru Jaya" are one name)."""
    return _id_key(p.name), p.delegation


def _finite(v: float) -> float | None:
    """A score as the file keeps it: NaN (a pair that may not meet) as NULL."""
    return v if math.isfinite(v) else None


def _reason_json(r: Reason) -> list[Any]:
    """A :class:`Reason` as JSON (``[code, values, cause]``), as the file keeps it."""
    return [r.code, list(r.values), None if r.cause is None else _reason_json(r.cause)]


def _reason_of(doc: Sequence[Any]) -> Reason:
    """The :class:`Reason` of :func:`_reason_json`."""
    code, values, cause = doc
    return Reason(str(code), tuple(str(v) for v in values), None if cause is None else _reason_of(cause))


def _num(v: float) -> float:
    v = float(v)
    return v if math.isfinite(v) else 0.0


def _table_key(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (1 << 30, label)


def _base_free(person: Participant, plan: EventPlan) -> NDArray[np.bool_]:
    """Slots a participant's own availability windows allow (all without windows)."""
    if not person.availability:
        return np.ones(len(plan.slots), bool)
    out = np.zeros(len(plan.slots), bool)
    for w in person.availability:
        inside = np.array(
            [
                (w.day is None or w.day == s.start.date())
                and s.start.time() >= w.start
                and s.end.time() <= w.end
                for s in plan.slots
            ],
            bool,
        )
        out |= inside
    return out


def _add_walk_ins(
    st: _State, walk: Sequence[tuple[Participant, str, NDArray[np.float64], int]], plan: EventPlan
) -> None:
    """Append walk-ins (participant, side, pair values, most meetings) in the order they came.

    A walk-in's values cover the other side as it was when it walked in.  The value matrix
    is a new array (never changed in place: snapshots of earlier re-plans still read it).
    """
    if not walk:
        return
    grown: dict[str, list[tuple[NDArray[np.bool_], int]]] = {"A": [], "B": []}
    for person, side, _, cap in walk:
        ids = st.a_ids if side == "A" else st.b_ids
        st.index[person.id] = (side, len(ids))
        ids.append(person.id)
        st.people[person.id] = person
        st.walk_ins.append(person.id)
        grown[side].append((_base_free(person, plan), cap))
    value = np.full((len(st.a_ids), len(st.b_ids)), np.nan)
    value[: st.value.shape[0], : st.value.shape[1]] = st.value
    for person, side, vec, _ in walk:
        k = st.index[person.id][1]
        if side == "A":
            value[k, : vec.size] = vec
        else:
            value[: vec.size, k] = vec
    st.value = value
    if grown["A"]:
        st.free_a = np.vstack([st.free_a, *(f for f, _ in grown["A"])])
        st.max_a = np.append(st.max_a, [c for _, c in grown["A"]]).astype(np.int64)
    if grown["B"]:
        st.free_b = np.vstack([st.free_b, *(f for f, _ in grown["B"])])
        st.max_b = np.append(st.max_b, [c for _, c in grown["B"]]).astype(np.int64)


def _all_tables(plan: EventPlan, st: _State) -> tuple[str, ...]:
    if plan.hosts == "A":
        return tuple(st.a_ids)
    if plan.hosts == "B":
        return tuple(st.b_ids)
    if plan.table_labels:
        return plan.table_labels
    if plan.tables is not None:
        return tuple(str(k + 1) for k in range(plan.tables))
    used = {st.book.labels[c] for c in np.unique(st.book.table).tolist()}
    return tuple(sorted(used, key=_table_key))


#: Pair keys ``i * _KEY + j`` (positions fit in 32 bits).
_KEY = np.int64(1 << 32)


def _solve(
    pub: _Published, st: _State, now: dt.datetime, lead: dt.timedelta, method: str, move_cost: float = 0.0
) -> dict[str, Any]:
    """The re-plan on arrays; returns the changes (nothing is written here, nothing in ``st``
    is changed).  Python loops run over the changed meetings only, never over the timetable."""
    plan = pub.plan
    n_s = len(plan.slots)
    first_open = int(np.searchsorted(st.att.starts, (now + lead).timestamp(), side="left"))
    n_a, n_b = len(st.a_ids), len(st.b_ids)
    a_ids, b_ids, index, value = st.a_ids, st.b_ids, st.index, st.value
    miss_a = np.zeros((n_a, n_s), bool)
    miss_b = np.zeros((n_b, n_s), bool)
    for pid in set(st.att.gone) | set(st.att.busy):
        side, k = index[pid]
        (miss_a if side == "A" else miss_b)[k] = st.att.missing(pid, n_s)
    avail_a = st.free_a & ~miss_a
    avail_b = st.free_b & ~miss_b

    bk = st.book
    live = np.flatnonzero(bk.active)  # fancy indexing: copies, safe from later book changes
    ma, mb, ms, mt = bk.a[live], bk.b[live], bk.slot[live], bk.table[live]
    labels = bk.labels
    cut = [(index[a][1], index[b][1]) for a, b in st.att.banned]
    cut_keys = np.array([i * int(_KEY) + j for i, j in cut], np.int64)
    banned_pair = np.isin(ma.astype(np.int64) * _KEY + mb, cut_keys)
    valid = avail_a[ma, ms] & avail_b[mb, ms] & ~banned_pair
    frozen = ms < first_open

    def reason(k: int) -> Reason:
        a, b = a_ids[ma[k]], b_ids[mb[k]]
        if banned_pair[k]:
            return Reason("pair-cancelled", (a, b))
        for pid, avail, idx in ((a, avail_a, ma), (b, avail_b, mb)):
            if not avail[idx[k], ms[k]]:  # the change that takes this slot, not the latest one
                return st.att.reason_at(pid, int(ms[k]), plan) or Reason("unavailable", (pid,))
        return Reason("unavailable", (a,))  # not reached: a meeting that cannot stay has a reason

    stays = valid  # frozen valid meetings are held; open valid ones are kept in place
    occ_a = np.zeros((n_a, n_s), bool)
    occ_b = np.zeros((n_b, n_s), bool)
    occ_a[ma[stays], ms[stays]] = True
    occ_b[mb[stays], ms[stays]] = True
    open_mask = np.arange(n_s) >= first_open
    free_a = avail_a & ~occ_a & open_mask
    free_b = avail_b & ~occ_b & open_mask
    room_a = st.max_a - np.bincount(ma[stays], minlength=n_a)
    room_b = st.max_b - np.bincount(mb[stays], minlength=n_b)
    # who may be given new meetings, day by day: once the desk records check-ins, those known
    # to be here that day (Attendance.known_present: a later day goes by the latest day the
    # desk ran); the others keep what they have but get nothing new in that day's slots, so
    # a freed slot does not go to a no-show nobody has noticed yet (on an event of several
    # days, nor to one who came yesterday and not today)
    new_a = np.ones((n_a, n_s), bool)
    new_b = np.ones((n_b, n_s), bool)
    slot_days = np.array([s.start.date() for s in plan.slots])
    for day in sorted(set(slot_days[first_open:])):
        here = st.att.known_present(day)
        if here is None:
            continue
        known_a = np.zeros(n_a, bool)
        known_b = np.zeros(n_b, bool)
        for pid in here:
            side, k = index[pid]
            (known_a if side == "A" else known_b)[k] = True
        that_day = slot_days == day
        new_a[np.ix_(~known_a, that_day)] = False
        new_b[np.ix_(~known_b, that_day)] = False
    # nobody can take more meetings than it has free open slots: the same optimum, but
    # smaller flow capacities and candidate quotas (an uncapped host's cap is every slot)
    room_a = np.minimum(room_a, free_a.sum(axis=1))
    room_b = np.minimum(room_b, free_b.sum(axis=1))
    banned = np.zeros((n_a, n_b), bool)  # pairs that met, keep a meeting, or cancelled
    banned[ma[stays], mb[stays]] = True
    # a meeting that has started stays where it is, held; one a late or absent partner missed
    # (it cannot stay) may be booked again later, now, as any meeting that cannot stay: before,
    # its pair was barred in this re-plan only, and the next re-plan, with nothing new, booked
    # it back (a second round of messages for one change)
    for i, j in cut:
        banned[i, j] = True

    tables: NDArray[np.int64] | None = None
    pool = plan.hosts is None and plan.tables is not None
    if pool:
        tables = np.full(n_s, len(_all_tables(plan, st)), np.int64) - np.bincount(ms[stays], minlength=n_s)
        tables = np.maximum(tables, 0)

    kept_mask = stays & ~frozen
    # the open cells a meeting may use (a kept meeting's own included: it may move off it)
    frozen_a = np.zeros((n_a, n_s), bool)
    frozen_b = np.zeros((n_b, n_s), bool)
    frozen_a[ma[stays & frozen], ms[stays & frozen]] = True
    frozen_b[mb[stays & frozen], ms[stays & frozen]] = True
    cell_a = avail_a & ~frozen_a & open_mask
    cell_b = avail_b & ~frozen_b & open_mask
    # nor more new meetings than the open cells they may use (kept ones may move off them)
    lex_room_a = np.minimum(room_a, (cell_a & new_a).sum(axis=1))
    lex_room_b = np.minimum(room_b, (cell_b & new_b).sum(axis=1))
    lex = None
    if method in ("auto", "milp"):
        # the lexicographic program: kept meetings may move (at a penalty below any score
        # difference) to make room for better ones; exact where the size allows
        moved_pairs = np.zeros((n_a, n_b), bool)  # rebooking a meeting that cannot stay is a move
        moved_pairs[ma[~valid], mb[~valid]] = True
        lex_tables = None
        if tables is not None:
            lex_tables = tables + np.bincount(ms[kept_mask], minlength=n_s)
        lex = lexicographic(
            value,
            cell_a,
            cell_b,
            lex_room_a,
            lex_room_b,
            banned,
            (ma[kept_mask], mb[kept_mask], ms[kept_mask]),
            lex_tables,
            moved_pairs=moved_pairs,
            move_cost=move_cost,
            new_a=new_a,
            new_b=new_b,
        )
    if lex is None or not lex.solved:
        # beyond the program's size (or its node budget): every kept meeting stays where it
        # is and the free cells are filled (solver.fill); at scale the candidates are cut to
        # those the day has touched: who lost a meeting (now or earlier), walked in,
        # arrives late or is away for a while (solver.candidates)
        focus_a = np.zeros(n_a, bool)
        focus_b = np.zeros(n_b, bool)
        lost = np.flatnonzero(~bk.active)
        focus_a[bk.a[lost]] = True
        focus_b[bk.b[lost]] = True
        focus_a[ma[~valid]] = True
        focus_b[mb[~valid]] = True
        for pid in {*st.walk_ins, *st.att.gone, *st.att.busy}:
            side, k = index[pid]
            (focus_a if side == "A" else focus_b)[k] = True
        room_a = np.minimum(room_a, (free_a & new_a).sum(axis=1))  # kept meetings stay put here
        room_b = np.minimum(room_b, (free_b & new_b).sum(axis=1))
        cand: Candidates = candidates(
            value, free_a & new_a, free_b & new_b, room_a, room_b, banned, focus_a=focus_a, focus_b=focus_b
        )
        result = fill(cand, room_a, room_b, tables, method=method)
        chosen, new_slot_of_kept = result.chosen, ms[kept_mask]
        solved_method = result.method
        # fill's proof covers re-plans that keep every kept meeting in place: the whole
        # re-plan's when no meeting was there to move, or when the new meetings reach the
        # bound of every re-plan's new meetings (each on a free cell or a kept meeting's:
        # the kept meetings score the same wherever they are held), as the program's answer
        # is judged, so that a plan is called the same whichever way it was found
        solved_optimal = (result.optimal and not kept_mask.any()) or reaches_bound(
            value, cell_a & new_a, cell_b & new_b, lex_room_a, lex_room_b, banned, cand.value[result.chosen]
        )
    else:
        # the program's answer: at least the keep-everything fill's value (that fill is one
        # of its solutions)
        cand, chosen, new_slot_of_kept = lex.new, lex.chosen, lex.kept_slots
        solved_method, solved_optimal = "lex", lex.best_score
    ci, cj, cs = cand.rows[chosen], cand.cols[chosen], cand.slots[chosen]
    kept_all = np.flatnonzero(kept_mask)
    shift = new_slot_of_kept != ms[kept_all]
    shifted = kept_all[shift]  # kept meetings moved to make room for better ones
    stays = stays.copy()
    stays[shifted] = False  # not in their old slot any more
    # the moved kept meetings are placed like new ones (tables below)
    ci = np.concatenate([ci, ma[shifted]])
    cj = np.concatenate([cj, mb[shifted]])
    cs = np.concatenate([cs, new_slot_of_kept[shift]])
    n_fill = int(chosen.size)

    # tables of the new meetings (and of kept meetings moved)
    if plan.hosts == "A":
        new_tables = [a_ids[i] for i in ci.tolist()]
    elif plan.hosts == "B":
        new_tables = [b_ids[j] for j in cj.tolist()]
    else:
        every = _all_tables(plan, st)
        taken_in: dict[int, set[str]] = {}
        new_tables = []
        counter = len(every)
        for s in cs.tolist():
            if s not in taken_in:  # the tables the slot's staying meetings use
                taken_in[s] = {labels[c] for c in mt[stays & (ms == s)].tolist()}
            taken = taken_in[s]
            free_label = next((t for t in every if t not in taken), None)
            if free_label is None:  # unlimited tables: open a new one
                counter += 1
                free_label = str(counter)
            taken.add(free_label)
            new_tables.append(free_label)

    # the diff: Python over the meetings that cannot stay and the chosen ones only
    gone = np.flatnonzero(~valid).tolist()
    old = {(int(ma[k]), int(mb[k])): k for k in gone}
    cancelled_at: dict[tuple[str, int], tuple[str, Reason]] = {}
    for k in gone:
        a, b, r = a_ids[ma[k]], b_ids[mb[k]], reason(k)
        cancelled_at[(a, int(ms[k]))] = (b, r)
        cancelled_at[(b, int(ms[k]))] = (a, r)
    walk = set(st.walk_ins)
    added, moved = [], []
    for n, (i, j, s, t) in enumerate(zip(ci.tolist(), cj.tolist(), cs.tolist(), new_tables, strict=True)):
        a, b = a_ids[i], b_ids[j]
        v = float(value[i, j])
        if n >= n_fill or (i, j) in old:
            move: Literal["make-room", "rebooked"]
            if n >= n_fill:  # a kept meeting (it could stay) moved to make room
                k = int(shifted[n - n_fill])
                because, move = Reason("make-room"), "make-room"
            else:  # a meeting that cannot stay, re-booked so that both can attend it
                k = old.pop((i, j))
                because, move = Reason("moved-to-attend", cause=reason(k)), "rebooked"
            old_at = (int(ms[k]), labels[mt[k]])
            moved.append(MeetingChange("moved", a, b, *old_at, s, t, v, *_why(because), move=move))
            continue
        why: list[Reason] = []
        if (i, j) in bk.rows:  # booked before, and cancelled by an earlier re-plan or an undone cancel
            why.append(Reason("back", (a, b)))
        for pid in (a, b):
            if (pid, s) in cancelled_at:
                partner, r = cancelled_at[(pid, s)]
                why.append(Reason("replaces", (pid, partner), r))
            elif pid in walk:
                why.append(Reason("walked-in", (pid,)))
        added.append(MeetingChange("added", a, b, None, None, s, t, v, *_why(*why or [Reason("fills")])))
    cancelled = [
        MeetingChange(
            "cancelled",
            a_ids[ma[k]],
            b_ids[mb[k]],
            int(ms[k]),
            labels[mt[k]],
            None,
            None,
            _num(value[ma[k], mb[k]]),
            *_why(reason(k)),
        )
        for k in old.values()
    ]
    cancelled.sort(key=lambda c: (c.old_slot or 0, c.a, c.b))
    kept_idx = np.flatnonzero(stays & ~frozen)

    def kept() -> tuple[MeetingChange, ...]:
        still = _why(Reason("kept"))
        return tuple(
            MeetingChange("kept", a_ids[i], b_ids[j], s, labels[t], s, labels[t], _num(value[i, j]), *still)
            for i, j, s, t in zip(
                ma[kept_idx].tolist(),
                mb[kept_idx].tolist(),
                ms[kept_idx].tolist(),
                mt[kept_idx].tolist(),
                strict=True,
            )
        )

    total = (
        float(np.nansum(value[ma[kept_idx], mb[kept_idx]]))
        + float(cand.value[chosen].sum())
        + float(np.nansum(value[ma[shifted], mb[shifted]]))
    )
    # kept meetings are built only when asked for: tens of thousands at 1,000 × 3,000
    return {
        "first_open": first_open,
        "added": added,
        "moved": moved,
        "cancelled": cancelled,
        "kept": kept,
        "n_kept": int(kept_idx.size),
        "value": total,
        "method": solved_method,
        "optimal": solved_optimal,
        "candidates": int(cand.rows.size),
    }
