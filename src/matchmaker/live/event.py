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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.io.json_format import _mission, _participants, mission_to_json, participant_to_json
from matchmaker.live import store
from matchmaker.live.changes import Attendance, attendance, event_time
from matchmaker.live.solver import Candidates, candidates, fill
from matchmaker.model.availability import TimeWindow
from matchmaker.model.mission import Mission
from matchmaker.model.participant import Participant
from matchmaker.scheduling.plan import EventPlan
from matchmaker.scheduling.sizing import slot_availability
from matchmaker.scoring import score

if TYPE_CHECKING:
    from matchmaker.pipeline import MatchmakingResult

__all__ = ["DEFAULT_LEAD", "EventStatus", "LiveEvent", "LiveMeeting", "MeetingChange", "Replan", "open_event"]

#: Meetings starting sooner than this after ``now`` are never changed by a re-plan.
DEFAULT_LEAD = dt.timedelta(minutes=10)


class LiveMeeting(NamedTuple):
    """A meeting of the live timetable: ``a`` (side A) meets ``b`` (side B) in ``slot`` at ``table``.

    (A named tuple, not a dataclass: a re-plan at 1,000 × 3,000 builds tens of thousands.)
    """

    a: str
    b: str
    slot: int
    start: dt.datetime
    end: dt.datetime
    table: str
    score: float
    sequence: int = 0


class MeetingChange(NamedTuple):
    """What a re-plan did to one meeting (``kind``: added, cancelled, moved, kept), and why."""

    kind: str
    a: str
    b: str
    old_slot: int | None
    old_table: str | None
    new_slot: int | None
    new_table: str | None
    score: float
    reason: str


@dataclass(frozen=True, kw_only=True)
class Replan:
    """The result of :meth:`LiveEvent.replan`.

    Attributes
    ----------
    now : datetime
        The time of the re-plan; slots starting before ``now + lead`` were not changed.
    first_open : int
        The first slot the re-plan could change (``len(plan.slots)``: none).
    schedule : tuple of LiveMeeting
        Every meeting still on the timetable (held, running and to come), by slot and table.
    added, cancelled, moved, kept : tuple of MeetingChange
        New meetings; meetings that will not happen; meetings given another slot or table;
        meetings from ``first_open`` on that stay where they were.  Each with a reason.
        ``schedule`` and ``kept`` are built when first read (``n_kept`` counts the kept).
    value : float
        Total score of the meetings from ``first_open`` on (the objective).
    method : str
        ``"milp"``, ``"flow"`` or ``"none"`` (nothing to add), see :mod:`matchmaker.live.solver`.
    optimal : bool
        Whether ``value`` is proven the largest of every re-plan that keeps each meeting that
        can still happen in its slot and table.
    candidates : int
        Candidate (participant, partner, slot) triples the solver chose from.
    seq : int
        The change number under which the re-plan was committed.
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
    build_schedule: Callable[[], tuple[LiveMeeting, ...]] = field(repr=False, compare=False)
    build_kept: Callable[[], tuple[MeetingChange, ...]] = field(repr=False, compare=False)

    @functools.cached_property
    def schedule(self) -> tuple[LiveMeeting, ...]:
        """Every meeting on the timetable after the re-plan (held, running and to come)."""
        return self.build_schedule()

    @functools.cached_property
    def kept(self) -> tuple[MeetingChange, ...]:
        """Meetings from ``first_open`` on that stay in their slot and at their table."""
        return self.build_kept()

    def summary(self) -> str:
        """One line: what changed and how it was solved."""
        proof = "optimal" if self.optimal else "not proven optimal"
        return (
            f"re-plan at {self.now:%H:%M}: {len(self.added)} added, {len(self.cancelled)} cancelled, "
            f"{len(self.moved)} moved, {self.n_kept} kept; value {self.value:.3f} ({self.method}, {proof})"
        )


@dataclass(frozen=True, kw_only=True)
class EventStatus:
    """Who is here, the next slot and its free tables (:meth:`LiveEvent.status`)."""

    now: dt.datetime | None
    present: tuple[str, ...]
    no_show: tuple[str, ...]
    expected: tuple[str, ...]
    walk_ins: tuple[str, ...]
    next_slot: int | None
    next_meetings: tuple[LiveMeeting, ...]
    free_tables: tuple[str, ...]
    changes: int
    meetings: int


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
class _State:
    """The event as committed: participants (published + walk-ins), attendance, timetable."""

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
    meetings: dict[tuple[str, str], tuple[int, str, int, bool]]  # pair -> slot, table, sequence, active
    n_changes: int


def _who(who: str | None) -> str:
    if who:
        return who
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return "unknown"


def _plan_json(plan: EventPlan) -> dict[str, Any]:
    return {
        "start": plan.start.strftime("%H:%M"),
        "end": plan.end.strftime("%H:%M") if plan.end else None,
        "slots_per_day": plan.slots_per_day,
        "meeting": plan.meeting.total_seconds() / 60,
        "buffer": plan.buffer.total_seconds() / 60,
        "breaks": [str(w) for w in plan.breaks],
        "days": [d.isoformat() for d in plan.days],
        "timezone": plan.timezone,
        "tables": plan.tables,
        "hosts": plan.hosts,
        "table_labels": list(plan.table_labels),
    }


def _plan_from_json(data: Mapping[str, Any]) -> EventPlan:
    return EventPlan(**{k: v for k, v in data.items() if v is not None or k in ("end",)})


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
) -> None:
    """Write a new event file (one transaction); see :func:`open_event`."""
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
                "plan": _plan_json(plan),
                "mission": mission_to_json(_without_participants(mission)),
                "min_score": min_score,
                "weights": dict(weights),
                "default_max": default_max,
            }
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
    finally:
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

    Raises
    ------
    ValidationError
        When ``path`` holds no event and no ``result`` is given, or already holds one and
        ``result`` is given.

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
    if result is not None:
        floor = min_score if min_score is not None else getattr(result.matching.problem, "min_score", None)
        caps = result.capacities
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
        )
    elif not Path(path).exists():
        raise ValidationError(
            Problem(
                f"{path} does not exist",
                kind="no-event",
                hint="create it from a result: open_event(path, result) or `matchmaker event init`",
            )
        )
    return LiveEvent(path, lead=lead, who=who)


class LiveEvent:
    """An event in progress, stored in a SQLite file (see :func:`open_event`).

    Every method reads the committed state afresh, so several processes can share a file.
    """

    def __init__(
        self, path: str | Path, *, lead: dt.timedelta | float = DEFAULT_LEAD, who: str | None = None
    ):
        self.path = Path(path)
        self.who = _who(who)
        self.lead = lead if isinstance(lead, dt.timedelta) else dt.timedelta(minutes=float(lead))
        if self.lead < dt.timedelta(0):
            raise ValidationError(
                Problem(f"the lead time cannot be negative, got {self.lead}", kind="bad-time", field="lead")
            )
        self._con = store.connect(self.path)
        if not store.is_initialised(self._con):
            self._con.close()
            raise ValidationError(
                Problem(
                    f"{path} holds no event", kind="no-event", hint="create it with open_event(path, result)"
                )
            )
        self._pub = self._read_published()
        self._walk_cache: dict[str, tuple[Participant, NDArray[np.float64]]] = {}

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

    def _read_published(self) -> _Published:
        meta = store.get_meta(self._con)
        plan = _plan_from_json(meta["plan"])
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
        con, pub = self._con, self._pub
        mission = pub.mission
        a_ids, b_ids = list(mission.ids("A")), list(mission.ids("B"))
        caps = {r[0]: (r[1], r[2]) for r in con.execute("SELECT id, side, max_meetings FROM participants")}
        walk = [
            (r[0], r[1], r[2], r[3])
            for r in con.execute(
                "SELECT id, side, record, scores FROM participants WHERE walk_in = 1 ORDER BY pos"
            )
        ]
        free_a, free_b = pub.free
        people = {p.id: p for p in mission.participants}
        walk_ids = []
        add_a: list[NDArray[np.bool_]] = []
        add_b: list[NDArray[np.bool_]] = []
        order: list[tuple[str, str, NDArray[np.float64]]] = []
        for pid, side, record, blob in walk:
            if pid not in self._walk_cache:
                person = _participants([json.loads(record)], str(self.path))[0]
                self._walk_cache[pid] = (person, store.from_blob(blob).astype(np.float64))
            person, vec = self._walk_cache[pid]
            people[pid] = person
            walk_ids.append(pid)
            free = _base_free(person, pub.plan)
            (add_a if side == "A" else add_b).append(free)
            (a_ids if side == "A" else b_ids).append(pid)
            order.append((pid, side, vec))
        value = pub.value
        if order:
            n_a, n_b = len(a_ids), len(b_ids)
            value = np.full((n_a, n_b), np.nan)
            value[: pub.value.shape[0], : pub.value.shape[1]] = pub.value
            pos_a = {pid: k for k, pid in enumerate(a_ids)}
            pos_b = {pid: k for k, pid in enumerate(b_ids)}
            for pid, side, vec in order:  # a walk-in's vector covers the other side as it was then
                if side == "A":
                    value[pos_a[pid], : vec.size] = vec
                else:
                    value[: vec.size, pos_b[pid]] = vec
            if add_a:
                free_a = np.vstack([free_a, *add_a])
            if add_b:
                free_b = np.vstack([free_b, *add_b])
        index = {pid: ("A", k) for k, pid in enumerate(a_ids)} | {
            pid: ("B", k) for k, pid in enumerate(b_ids)
        }
        max_a = np.array([caps[p][1] for p in a_ids], np.int64)
        max_b = np.array([caps[p][1] for p in b_ids], np.int64)
        changes = [
            {"kind": r[0], "subject": r[1], "payload": json.loads(r[2]), "at": r[3]}
            for r in con.execute("SELECT kind, subject, payload, at FROM changes ORDER BY seq")
        ]
        att = attendance(changes, pub.plan)
        rows = con.execute("SELECT a, b, slot, tbl, sequence, active FROM meetings").fetchall()
        meetings = {(a, b): (s, t, q, bool(on)) for a, b, s, t, q, on in rows}
        return _State(
            a_ids,
            b_ids,
            index,
            value,
            free_a,
            free_b,
            max_a,
            max_b,
            people,
            walk_ids,
            att,
            meetings,
            len(changes),
        )

    def meetings(self) -> tuple[LiveMeeting, ...]:
        """The committed timetable (every active meeting), by slot and table."""
        return self._meetings(self._state())

    def _meetings(self, st: _State) -> tuple[LiveMeeting, ...]:
        slots = self._pub.plan.slots
        out = []
        for (a, b), (s, t, seq, active) in st.meetings.items():
            if active:
                v = st.value[st.index[a][1], st.index[b][1]]
                out.append(LiveMeeting(a, b, s, slots[s].start, slots[s].end, t, _num(v), seq))
        out.sort(key=lambda m: (m.slot, _table_key(m.table), m.a))
        return tuple(out)

    def sequences(self) -> dict[tuple[str, str], int]:
        """The iCalendar ``SEQUENCE`` last sent for each pair's meeting (cancelled ones too)."""
        return {(a, b): int(q) for a, b, q in self._con.execute("SELECT a, b, sequence FROM meetings")}

    def participant(self, pid: str) -> Participant:
        """A participant (published or walked in)."""
        st = self._state()
        self._known(st, pid, "id")
        return st.people[pid]

    def changes(self) -> tuple[dict[str, Any], ...]:
        """Every committed change, in order: seq, kind, subject, payload, at, who, recorded."""
        cols = ("seq", "kind", "subject", "payload", "at", "who", "recorded")
        rows = self._con.execute(f"SELECT {', '.join(cols)} FROM changes ORDER BY seq")
        return tuple({**dict(zip(cols, r, strict=True)), "payload": json.loads(r[3])} for r in rows)

    def status(self, now: Any = None) -> EventStatus:
        """Who is here, who did not come, the next slot after ``now`` and its free tables."""
        st = self._state()
        plan = self._pub.plan
        when = None if now is None else event_time(now, plan, "now")
        nxt = None
        if when is not None:
            later = [s.index for s in plan.slots if s.start >= when]
            nxt = later[0] if later else None
        else:
            nxt = 0
        meetings = self._meetings(st)
        upcoming = tuple(m for m in meetings if m.slot == nxt)
        used = {m.table for m in upcoming}
        every = _all_tables(plan, st)
        free = tuple(t for t in every if t not in used)
        everyone = (*st.a_ids, *st.b_ids)
        return EventStatus(
            now=when,
            present=tuple(p for p in everyone if p in st.att.present),
            no_show=tuple(p for p in everyone if p in st.att.no_show),
            expected=tuple(p for p in everyone if p not in st.att.present and p not in st.att.no_show),
            walk_ins=tuple(st.walk_ins),
            next_slot=nxt,
            next_meetings=upcoming,
            free_tables=free,
            changes=st.n_changes,
            meetings=len(meetings),
        )

    # -- changes ------------------------------------------------------------------------------

    def _side(self, pid: str, field: str) -> str:
        """The side of a known participant (one indexed lookup: changes stay fast at any size)."""
        row = self._con.execute("SELECT side FROM participants WHERE id = ?", (str(pid),)).fetchone()
        if row is None:
            self._known(None, pid, field)
        return str(row[0])

    def _known(self, st: _State | None, pid: str, field: str) -> str:
        if not isinstance(pid, str) or st is None or pid not in st.index:
            raise ValidationError(
                Problem(
                    f"unknown participant {pid!r}",
                    kind="unknown-participant",
                    participants=(str(pid),),
                    field=field,
                    hint="use an id of the published participant table or of a walk-in",
                )
            )
        return pid

    def _record(self, kind: str, subject: str, payload: Mapping[str, Any], at: dt.datetime | None) -> int:
        """Write one change (the caller validated it inside the same transaction)."""
        cur = self._con.execute(
            "INSERT INTO changes(kind, subject, payload, at, who, recorded) VALUES (?, ?, ?, ?, ?, ?)",
            (
                kind,
                subject,
                json.dumps(dict(payload), ensure_ascii=False),
                None if at is None else at.isoformat(),
                self.who,
                _stamp(),
            ),
        )
        return int(cur.lastrowid or 0)

    def _when(self, value: Any, field: str = "at") -> dt.datetime | None:
        return None if value is None else event_time(value, self._pub.plan, field)

    def check_in(self, pid: str, at: Any = None) -> None:
        """``pid`` is here (from ``at`` on; a no-show who turns up becomes available again)."""
        when = self._when(at)
        with store.transaction(self._con):
            self._side(pid, "id")
            self._record("check_in", pid, {}, when)

    def no_show(self, pid: str, at: Any = None) -> None:
        """``pid`` did not come: its meetings from the next re-plan on are cancelled."""
        when = self._when(at)
        with store.transaction(self._con):
            self._side(pid, "id")
            self._record("no_show", pid, {}, when)

    def late(self, pid: str, until: Any) -> None:
        """``pid`` arrives at ``until``: slots starting before it are lost."""
        when = event_time(until, self._pub.plan, "until")
        with store.transaction(self._con):
            self._side(pid, "id")
            self._record("late", pid, {"until": when.isoformat()}, when)

    def unavailable(self, pid: str, window: TimeWindow | str) -> None:
        """``pid`` is away during ``window`` (``"13:00-14:00"``, or a :class:`TimeWindow`)."""
        try:
            w = window if isinstance(window, TimeWindow) else TimeWindow.parse(str(window))
        except (ValueError, ValidationError) as exc:
            raise ValidationError(
                Problem(f"window: {exc}", kind="bad-time", field="window", hint="write it as 13:00-14:00")
            ) from None
        day = w.day or min(self._pub.plan.days)
        event_time(dt.datetime.combine(day, w.start), self._pub.plan, "window")
        with store.transaction(self._con):
            self._side(pid, "id")
            self._record("unavailable", pid, {"window": str(w)}, None)

    def cancel(self, a_id: str, b_id: str, at: Any = None) -> None:
        """The two agree to skip their meeting; they will not be paired again."""
        when = self._when(at)
        with store.transaction(self._con):
            side_a, side_b = self._side(a_id, "a_id"), self._side(b_id, "b_id")
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
                "SELECT active FROM meetings WHERE a = ? AND b = ?", (a_id, b_id)
            ).fetchone()
            if row is None or not row[0]:
                raise ValidationError(
                    Problem(
                        f"{a_id} and {b_id} have no meeting to cancel",
                        kind="no-such-meeting",
                        participants=(a_id, b_id),
                        hint="`matchmaker event status` lists the meetings",
                    )
                )
            self._record("cancel", f"{a_id}|{b_id}", {"a": a_id, "b": b_id}, when)

    def walk_in(self, participant: Participant | Mapping[str, Any], at: Any = None) -> None:
        """A participant who was not in the table: scored against everyone, given meetings
        at the next re-plan.  ``participant`` is a :class:`Participant` or a row of the
        participant table (the same columns and checks)."""
        when = self._when(at)
        pub = self._pub
        if not isinstance(participant, Participant):
            if not isinstance(participant, Mapping):
                raise ValidationError(Problem("a walk-in is a Participant or a row (mapping)", kind="type"))
            participant = _participants([dict(participant)], "walk-in")[0]
        with store.transaction(self._con):
            st = self._state()
            if participant.id in st.index:
                raise ValidationError(
                    Problem(
                        f"a participant with id {participant.id!r} exists already",
                        kind="duplicate-id",
                        participants=(participant.id,),
                        field="id",
                        hint="give the walk-in a new id",
                    )
                )
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
            self._con.execute(
                "INSERT INTO participants(id, side, record, max_meetings, min_meetings, walk_in, scores) "
                "VALUES (?, ?, ?, ?, ?, 1, ?)",
                (
                    participant.id,
                    side,
                    json.dumps(participant_to_json(participant), ensure_ascii=False),
                    min(int(cap), free),
                    int(participant.min_meetings or 0),
                    store.to_blob(vec),
                ),
            )
            self._record("walk_in", participant.id, {"side": side}, when)

    # -- re-planning --------------------------------------------------------------------------

    def replan(self, now: Any, *, lead: dt.timedelta | float | None = None, method: str = "auto") -> Replan:
        """Re-plan the open slots for the committed changes, and commit the new timetable.

        Slots starting before ``now + lead`` are left as they are (meetings there with a
        participant who did not come are reported cancelled, never replaced).  From the first
        open slot on: meetings that can still happen stay; the others are cancelled or moved;
        free cells are filled with the best allowed meetings (caps, vetoes, the relevance
        floor, tables).  The whole re-plan is one transaction.
        """
        when = event_time(now, self._pub.plan, "now")
        gap = (
            self.lead
            if lead is None
            else (lead if isinstance(lead, dt.timedelta) else dt.timedelta(minutes=lead))
        )
        if gap < dt.timedelta(0):
            raise ValidationError(
                Problem(f"the lead time cannot be negative, got {gap}", kind="bad-time", field="lead")
            )
        with store.transaction(self._con):
            st = self._state()
            result = _solve(self._pub, st, when, gap, method)
            seq = self._record(
                "replan",
                when.strftime("%H:%M"),
                {
                    "added": len(result["added"]),
                    "cancelled": len(result["cancelled"]),
                    "moved": len(result["moved"]),
                    "method": result["method"],
                    "optimal": result["optimal"],
                },
                when,
            )
            self._write_diff(st, result)
        for change in (*result["added"], *result["moved"]):
            st.meetings[(change.a, change.b)] = (
                int(change.new_slot),
                str(change.new_table),
                st.meetings.get((change.a, change.b), (0, "", -1, False))[2] + 1,
                True,
            )
        for change in result["cancelled"]:
            s, t, q, _ = st.meetings[(change.a, change.b)]
            st.meetings[(change.a, change.b)] = (s, t, q + 1, False)
        return Replan(
            now=when,
            first_open=result["first_open"],
            added=tuple(result["added"]),
            cancelled=tuple(result["cancelled"]),
            moved=tuple(result["moved"]),
            n_kept=result["n_kept"],
            build_schedule=functools.partial(self._meetings, st),
            build_kept=result["kept"],
            value=float(result["value"]),
            method=result["method"],
            optimal=bool(result["optimal"]),
            candidates=int(result["candidates"]),
            seq=seq,
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


def _all_tables(plan: EventPlan, st: _State) -> tuple[str, ...]:
    if plan.hosts == "A":
        return tuple(st.a_ids)
    if plan.hosts == "B":
        return tuple(st.b_ids)
    if plan.table_labels:
        return plan.table_labels
    if plan.tables is not None:
        return tuple(str(k + 1) for k in range(plan.tables))
    used = {t for (s, t, q, on) in st.meetings.values()}
    return tuple(sorted(used, key=_table_key))


def _solve(pub: _Published, st: _State, now: dt.datetime, lead: dt.timedelta, method: str) -> dict[str, Any]:
    """The re-plan on arrays; returns the changes (nothing is written here)."""
    plan = pub.plan
    slots = plan.slots
    n_s = len(slots)
    starts = np.array([s.start.timestamp() for s in slots])
    first_open = int(np.searchsorted(starts, (now + lead).timestamp(), side="left"))
    n_a, n_b = len(st.a_ids), len(st.b_ids)
    miss_a = np.zeros((n_a, n_s), bool)
    miss_b = np.zeros((n_b, n_s), bool)
    for pid in set(st.att.gone) | set(st.att.busy):
        side, k = st.index[pid]
        (miss_a if side == "A" else miss_b)[k] = st.att.missing(pid, n_s)
    avail_a = st.free_a & ~miss_a
    avail_b = st.free_b & ~miss_b

    pairs = [(p, v) for p, v in st.meetings.items() if v[3]]
    index, cut = st.index, st.att.banned
    # one pass over the ~30,000 meetings of a large event (four passes showed in the profile)
    rows = np.array(
        [(index[a][1], index[b][1], v[0], (a, b) in cut) for (a, b), v in pairs], np.intp
    ).reshape(-1, 4)
    ma, mb, ms = rows[:, 0], rows[:, 1], rows[:, 2]
    banned_pair = rows[:, 3].astype(bool)
    valid = avail_a[ma, ms] & avail_b[mb, ms] & ~banned_pair if pairs else np.zeros(0, bool)
    frozen = ms < first_open

    def reason(k: int) -> str:
        (a, b), _ = pairs[k]
        if banned_pair[k]:
            return f"{a} and {b} cancelled it"
        for pid, avail, idx in ((a, avail_a, ma), (b, avail_b, mb)):
            if not avail[idx[k], ms[k]]:
                return f"{pid} {st.att.why.get(pid, 'is not available then')}"
        return ""

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
    # nobody can take more meetings than it has free open slots: the same optimum, but
    # smaller flow capacities and candidate quotas (an uncapped host's cap is every slot)
    room_a = np.minimum(room_a, free_a.sum(axis=1))
    room_b = np.minimum(room_b, free_b.sum(axis=1))
    banned = np.zeros((n_a, n_b), bool)  # pairs that met, keep a meeting, or cancelled
    banned[ma[stays], mb[stays]] = True
    # a meeting that has started is never moved, even one a late or absent partner missed:
    # its pair may not be booked again later (that would be the started meeting moving)
    banned[ma[frozen], mb[frozen]] = True
    for a, b in st.att.banned:
        banned[st.index[a][1], st.index[b][1]] = True

    tables: NDArray[np.int64] | None = None
    labels = _all_tables(plan, st)
    pool = plan.hosts is None and plan.tables is not None
    if pool:
        tables = np.full(n_s, len(labels), np.int64) - np.bincount(ms[stays], minlength=n_s)
        tables = np.maximum(tables, 0)

    # at scale the candidates are cut to those the day has touched: who lost a meeting (now
    # or earlier), walked in, arrives late or is away for a while (solver.candidates)
    touched = {p for (a, b), v in st.meetings.items() if not v[3] for p in (a, b)}
    touched |= {p for k in np.flatnonzero(~valid).tolist() for p in pairs[k][0]}
    touched |= set(st.walk_ins) | set(st.att.gone) | set(st.att.busy)
    focus_a = np.zeros(n_a, bool)
    focus_b = np.zeros(n_b, bool)
    for pid in touched:
        side, k = st.index[pid]
        (focus_a if side == "A" else focus_b)[k] = True
    cand: Candidates = candidates(
        st.value, free_a, free_b, room_a, room_b, banned, focus_a=focus_a, focus_b=focus_b
    )
    result = fill(cand, room_a, room_b, tables, method=method)
    ci, cj, cs = cand.rows[result.chosen], cand.cols[result.chosen], cand.slots[result.chosen]

    # tables of the new meetings
    if plan.hosts == "A":
        new_tables = [st.a_ids[i] for i in ci.tolist()]
    elif plan.hosts == "B":
        new_tables = [st.b_ids[j] for j in cj.tolist()]
    else:
        used: dict[int, set[str]] = {}
        for k in np.flatnonzero(stays).tolist():
            used.setdefault(int(ms[k]), set()).add(pairs[k][1][1])
        new_tables = []
        counter = len(labels)
        for s in cs.tolist():
            taken = used.setdefault(s, set())
            free_label = next((t for t in labels if t not in taken), None)
            if free_label is None:  # unlimited tables: open a new one
                counter += 1
                free_label = str(counter)
            taken.add(free_label)
            new_tables.append(free_label)

    # the diff
    old = {pairs[k][0]: k for k in np.flatnonzero(~valid).tolist()}
    cancelled_at: dict[tuple[str, int], tuple[str, str]] = {}
    for k in np.flatnonzero(~valid).tolist():
        (a, b), _ = pairs[k]
        cancelled_at[(a, int(ms[k]))] = (b, reason(k))
        cancelled_at[(b, int(ms[k]))] = (a, reason(k))
    walk = set(st.walk_ins)
    added, moved = [], []
    for i, j, s, t in zip(ci.tolist(), cj.tolist(), cs.tolist(), new_tables, strict=True):
        a, b = st.a_ids[i], st.b_ids[j]
        v = float(st.value[i, j])
        if (a, b) in old:
            k = old.pop((a, b))
            moved.append(
                MeetingChange(
                    "moved",
                    a,
                    b,
                    int(ms[k]),
                    pairs[k][1][1],
                    s,
                    t,
                    v,
                    f"{reason(k)}; moved to a slot both can attend",
                )
            )
            continue
        why = []
        for pid in (a, b):
            if (pid, s) in cancelled_at:
                partner, r = cancelled_at[(pid, s)]
                why.append(f"replaces {pid}'s meeting with {partner} ({r})")
            elif pid in walk:
                why.append(f"{pid} walked in")
        added.append(MeetingChange("added", a, b, None, None, s, t, v, "; ".join(why) or "fills free slots"))
    cancelled = [
        MeetingChange(
            "cancelled",
            pairs[k][0][0],
            pairs[k][0][1],
            int(ms[k]),
            pairs[k][1][1],
            None,
            None,
            _num(st.value[ma[k], mb[k]]),
            reason(k),
        )
        for k in old.values()
    ]
    cancelled.sort(key=lambda c: (c.old_slot or 0, c.a, c.b))
    kept_idx = np.flatnonzero(stays & ~frozen)

    def kept() -> tuple[MeetingChange, ...]:
        return tuple(
            MeetingChange(
                "kept",
                pairs[k][0][0],
                pairs[k][0][1],
                int(ms[k]),
                pairs[k][1][1],
                int(ms[k]),
                pairs[k][1][1],
                _num(st.value[ma[k], mb[k]]),
                "can still happen",
            )
            for k in kept_idx.tolist()
        )

    value = float(np.nansum(st.value[ma[kept_idx], mb[kept_idx]])) + float(cand.value[result.chosen].sum())
    # kept meetings are built only when asked for: tens of thousands at 1,000 × 3,000
    return {
        "first_open": first_open,
        "added": added,
        "moved": moved,
        "cancelled": cancelled,
        "kept": kept,
        "n_kept": int(kept_idx.size),
        "value": value,
        "method": result.method,
        "optimal": result.optimal,
        "candidates": int(cand.rows.size),
    }
