"""Event-day changes: times inside the event, and who is where in which slot.

A change is validated before anything is written (unknown id, a walk-in whose id exists, a
time outside the event); :func:`attendance` replays the committed changes, in order, into
the slots each participant can still attend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.availability import TimeWindow, clock
from matchmaker.reporting.problems import alternatives
from matchmaker.scheduling.plan import EventPlan

__all__ = [
    "KINDS",
    "UNDOABLE",
    "UNDONE",
    "Attendance",
    "Reason",
    "attendance",
    "concerns",
    "day_of",
    "event_time",
    "window_slots",
]

#: The kinds of change an event records (``replan``, ``init`` and ``undo`` are the desk's own).
KINDS = ("check_in", "no_show", "late", "walk_in", "cancel", "unavailable")
#: The changes :meth:`matchmaker.live.LiveEvent.undo` can take back (a walk-in only until a
#: re-plan, which may have booked it: meetings, files and messages name it since).
UNDOABLE = ("check_in", "no_show", "late", "unavailable", "cancel", "walk_in")
#: The mark of a change taken back: its kind becomes ``"undone:<kind>"`` (see :func:`attendance`).
UNDONE = "undone:"


#: A time of the event as callers give it: a datetime (naive: the event's local time),
#: ``"HH:MM"`` (the first event day) or an ISO date-time.
EventTime: TypeAlias = dt.datetime | str


def event_time(value: EventTime, plan: EventPlan, field: str = "at", *, between: bool = False) -> dt.datetime:
    """A time of the event as an aware datetime in the plan's zone.

    Accepts an aware or naive (local) datetime, ``"HH:MM"`` (on an event of one day) or an
    ISO date-time.  Raises :class:`ValidationError` when it is not on an event day or after
    the day's last meeting, and for ``"HH:MM"`` on an event of several days (which day is
    not known: ``time-without-day``).  With ``between``, any time from the first event
    day's start to the last one's end passes (a desk looking ahead in the evening).
    """
    zone = plan.zone
    when: dt.datetime
    bare = False  # "HH:MM": its day is the event's only one
    try:
        if isinstance(value, dt.datetime):
            when = value
        elif isinstance(value, str) and len(value.strip()) <= 5:
            when = dt.datetime.combine(min(plan.days), clock(value))
            bare = True
        elif isinstance(value, str):
            when = dt.datetime.fromisoformat(value.strip())
        else:
            raise TypeError
    except (TypeError, ValueError):
        raise ValidationError(
            Problem(
                f"{field}: expected a time such as '11:00' or '2020-12-02T11:00', got {value!r}",
                kind="bad-time",
                field=field,
            )
        ) from None
    if bare and plan.several_days:  # which day: taking the first sent day 2's changes to day 1
        raise _without_day(str(value).strip(), when.time(), plan, field)
    when = when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)
    ends = {s.start.date(): s.end for s in plan.slots}  # the last slot of each day wins
    last = ends.get(when.date())
    if between:  # the evening between two days, or after the last meeting: nothing is next
        span = sorted(ends)
        last = None if not span[0] <= when.date() <= span[-1] else when
    if last is None or when > last:
        days = ", ".join(f"{d.isoformat()} until {e:%H:%M}" for d, e in sorted(ends.items()))
        raise ValidationError(
            Problem(
                f"{field}: {when:%Y-%m-%d %H:%M} is outside the event ({days})",
                kind="time-outside-event",
                field=field,
                hint="give a time of an event day, no later than its last meeting",
            )
        )
    return when


def _without_day(value: str, at: dt.time, plan: EventPlan, field: str) -> ValidationError:
    """A bare ``HH:MM`` on an event of several days: refused, with the days to choose from."""
    days = sorted(plan.days)
    # one per day, to choose from: a single example was copied on the wrong day (day 2's on day 1)
    examples = [f"{d.isoformat()}T{at:%H:%M}" for d in days]
    return ValidationError(
        Problem(
            f"{value!r} names no day, and the event has {len(days)} "
            f"({', '.join(d.isoformat() for d in days)})",
            kind="time-without-day",
            field=field,
            hint=f"write the day too: {alternatives(examples)}",
            data={"value": value, "example": examples[0], "examples": tuple(examples)},
        )
    )


def day_of(iso: str | None, plan: EventPlan) -> dt.date | None:
    """The event day of a stored time (None: no time was given)."""
    return None if not iso else dt.datetime.fromisoformat(iso).astimezone(plan.zone).date()


def concerns(pid: str, subject: str, payload: Mapping[str, object]) -> bool:
    """Whether a recorded change is about ``pid``: its own, or a cancel of one of its meetings
    (whose subject is the pair)."""
    return pid in (subject, payload.get("a"), payload.get("b"))


def window_slots(window: TimeWindow, plan: EventPlan) -> NDArray[np.bool_]:
    """The slots that overlap ``window`` (a window without a day applies to every day)."""
    out = np.zeros(len(plan.slots), bool)
    for s in plan.slots:
        if window.day is not None and window.day != s.start.date():
            continue
        lo = dt.datetime.combine(s.start.date(), window.start, s.start.tzinfo)
        hi = dt.datetime.combine(s.start.date(), window.end, s.start.tzinfo)
        out[s.index] = s.start < hi and lo < s.end
    return out


class Reason(NamedTuple):
    """Why a meeting changed, as data: a ``code``, its ``values`` (ids, ``HH:MM`` times) and the
    reason it follows from; :func:`matchmaker.reporting.reasons.change_reason` words it in
    English or Indonesian (the calendars, ``changes.csv``)."""

    code: str
    values: tuple[str, ...] = ()
    cause: Reason | None = None


@dataclass
class Attendance:
    """Who can attend which slot, after the changes, and why not (for the reasons shown).

    ``starts`` are the slots' start times (POSIX seconds); :meth:`apply` adds one change.
    """

    starts: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    gone: dict[str, NDArray[np.bool_]] = field(default_factory=dict)  # absent (no-show, late, walk-in)
    busy: dict[str, NDArray[np.bool_]] = field(default_factory=dict)  # away (unavailable windows)
    # each late arrival and away window with the slots it takes (the reason of a slot is the
    # latest that covers it: :meth:`reason_at`, not the participant's last change)
    spans: dict[str, list[tuple[NDArray[np.bool_], Reason]]] = field(default_factory=dict)
    # each one's arrivals by day (event zone): the first check-in or walk-in of the day, its
    # time ("" when not given) and whether it walked in; the day None: a change without a
    # time (its day unknown, so it counts on every day)
    arrivals: dict[str, dict[dt.date | None, tuple[str, bool]]] = field(default_factory=dict)
    # the days the desk recorded a check-in (not of a returning no-show)
    desk_days: set[dt.date | None] = field(default_factory=set)
    expected: dict[str, dt.date] = field(default_factory=dict)  # announced late: id -> arrival's day
    # the days each no-show covers: [first, end) (None: from the event's start; to its end),
    # ended by a check-in on a later day (one who turns up)
    absent: dict[str, list[tuple[dt.date | None, dt.date | None]]] = field(default_factory=dict)
    banned: set[tuple[str, str]] = field(default_factory=set)  # (a, b) pairs that cancelled

    def known_present(self, day: dt.date) -> set[str] | None:
        """Who may be given new meetings in ``day``'s slots: ``None`` (everyone not known
        absent) before the desk records any check-in up to that day; else those who arrived
        (checked in or walked in) or are announced late from the latest day the desk
        recorded a check-in on, up to ``day``: on a day whose desk has run, that day's; on a
        later one (before its first check-in), those of the days since the desk last ran.
        Presence is per day: one who came yesterday is not known to be here today once
        today's check-ins begin.  An arrival without a time (its day unknown) counts on every
        day; a check-in without one names no day for the desk."""
        desk = {d for d in self.desk_days if d is None or d <= day}
        if not desk:
            return None
        dated = [d for d in desk if d is not None]
        on = max(dated) if dated else day
        came = {p for p, got in self.arrivals.items() if any(d is None or on <= d <= day for d in got)}
        return came | {p for p, arrives in self.expected.items() if on <= arrives <= day}

    def came_before(self, pid: str, day: dt.date) -> bool:
        """Whether ``pid`` checked in or walked in on a day before ``day``."""
        return any(d is not None and d < day for d in self.arrivals.get(pid, ()))

    def arrival(self, pid: str, day: dt.date | None) -> tuple[str, bool] | None:
        """``pid``'s arrival (its time, whether it walked in) on ``day``, else one without a
        time, else on the first later day; for ``day=None`` (not known) its latest.  None
        when it came on no such day."""
        got = self.arrivals.get(pid, {})
        dated = sorted(d for d in got if d is not None)
        if day is None:
            return got[dated[-1]] if dated else got.get(None)
        later = [d for d in dated if d > day]
        return got.get(day) or got.get(None) or (got[later[0]] if later else None)

    @property
    def no_show(self) -> set[str]:
        """Who is a no-show now: recorded so, and not turned up since (their last span of
        absence is open)."""
        return {pid for pid, spans in self.absent.items() if spans and spans[-1][1] is None}

    def absent_on(self, day: dt.date) -> set[str]:
        """Who was recorded a no-show for ``day`` (and did not turn up before it)."""
        return {pid for pid in self.absent if self.is_absent(pid, day)}

    def is_absent(self, pid: str, day: dt.date) -> bool:
        """Whether ``pid`` was recorded a no-show for ``day`` (and did not turn up before it).

        :meth:`reason_at` asks this of one participant for each meeting a re-plan cancels
        (and for each meeting ``event status`` and ``event agenda`` mark): building
        :meth:`absent_on`'s set of everyone there made the re-plan quadratic (at
        1,000 × 3,000 with 20 % no-shows, 9 s of a day's 12 s of re-plans).
        """
        return any(
            (lo is None or lo <= day) and (hi is None or day < hi) for lo, hi in self.absent.get(pid, ())
        )

    def here_on(self, day: dt.date) -> set[str]:
        """Who checked in or walked in on ``day`` (or at a time not given), and is not a
        no-show of it."""
        return {pid for pid, on in self.arrivals.items() if {day, None} & on.keys()}

    def reason_at(self, pid: str, slot: int, plan: EventPlan) -> Reason | None:
        """Why ``pid`` cannot attend ``slot`` because of the changes (None: it can).

        The one rule of the re-plan's reasons and of the desk's marks: absent (a no-show of
        the slot's day, else not arrived yet: the late arrival covering it) before away (the
        window covering it).  Not the participant's last change: one announced late on day 1
        and away on day 2 misses day 1's slots for being late.
        """
        gone, busy = self.gone.get(pid), self.busy.get(pid)
        if gone is not None and gone[slot]:
            day = plan.slots[slot].start.astimezone(plan.zone).date()
            if self.is_absent(pid, day):
                return Reason("no-show", (pid,))
            late = [r for mask, r in self.spans.get(pid, ()) if r.code == "late" and mask[slot]]
            if late:
                return late[-1]
            # a no-show who turned up that day, or a walk-in, before it came: late to its arrival
            came, _ = self.arrivals.get(pid, {}).get(day) or ("", False)
            if came:
                return Reason("late", (pid, f"{dt.datetime.fromisoformat(came):%H:%M}"))
            return Reason("unavailable", (pid,))
        if busy is not None and busy[slot]:
            away = [r for mask, r in self.spans.get(pid, ()) if r.code == "away" and mask[slot]]
            return away[-1] if away else Reason("unavailable", (pid,))
        return None

    def missing(self, pid: str, n_slots: int) -> NDArray[np.bool_]:
        """Slots ``pid`` cannot attend because of the changes."""
        out = np.zeros(n_slots, bool)
        for masks in (self.gone, self.busy):
            if pid in masks:
                out |= masks[pid]
        return out

    def _before(self, iso: str | None) -> NDArray[np.bool_]:
        if iso is None:
            return np.zeros(self.starts.size, bool)
        return self.starts < dt.datetime.fromisoformat(iso).timestamp()

    def apply(self, kind: str, pid: str, payload: Mapping[str, Any], at: str | None, plan: EventPlan) -> None:
        """One committed change (``at`` and times in ``payload`` as ISO strings), in order."""
        n = self.starts.size
        if kind == "no_show":
            # every slot; on an event of several days, one who came on an earlier day is a
            # no-show from the start of a later one ("from"): the days before took place
            start = payload.get("from")
            day = day_of(start, plan)
            self.gone[pid] = (
                np.ones(n, bool)
                if start is None
                else self.gone.get(pid, np.zeros(n, bool)) | ~self._before(start)
            )
            self.absent.setdefault(pid, []).append((day, None))
            self.expected.pop(pid, None)
            kept: dict[dt.date | None, tuple[str, bool]] = {
                d: a for d, a in self.arrivals.pop(pid, {}).items() if d is not None and day and d < day
            }
            if kept:  # the days before it stay (the check-ins of earlier days)
                self.arrivals[pid] = kept
        elif kind == "check_in":
            day = day_of(at, plan)
            self.arrivals.setdefault(pid, {}).setdefault(day, (at or "", False))
            # a no-show who turns up does not open the desk: that alone says nothing of others
            if pid not in self.no_show:
                self.desk_days.add(day)
            else:  # a no-show who turns up: absent until this day (and no more a no-show)
                lo, _ = self.absent[pid].pop()
                if day is not None and (lo is None or lo < day):
                    self.absent[pid].append((lo, day))
            if pid in self.gone:
                self.gone[pid] = self.gone[pid] & self._before(at)
        elif kind == "late":
            missed = self._before(payload["until"])
            if "from" in payload:  # days before `from` are not touched (LiveEvent.late says which)
                missed &= ~self._before(payload["from"])
            self.gone[pid] = self.gone.get(pid, np.zeros(n, bool)) | missed
            late = Reason("late", (pid, f"{dt.datetime.fromisoformat(payload['until']):%H:%M}"))
            self.spans.setdefault(pid, []).append((missed, late))
            arrives = day_of(payload["until"], plan)
            assert arrives is not None  # `until` is always given
            self.expected[pid] = arrives
        elif kind == "walk_in":
            self.gone[pid] = self._before(at)
            # a walk-in is here from `at` on (`gone` holds the slots before it), with or without
            # a time: left out of the arrivals, the desk rule would give it no meeting at all
            self.arrivals.setdefault(pid, {}).setdefault(day_of(at, plan), (at or "", True))
        elif kind == "unavailable":
            window = TimeWindow.parse(payload["window"])
            taken = window_slots(window, plan)
            self.busy[pid] = self.busy.get(pid, np.zeros(n, bool)) | taken
            self.spans.setdefault(pid, []).append((taken, Reason("away", (pid, str(payload["window"])))))
        elif kind == "cancel":
            self.banned.add((payload["a"], payload["b"]))


def attendance(changes: Sequence[Mapping[str, Any]], plan: EventPlan) -> Attendance:
    """Replay committed changes (``kind``, ``subject``, ``payload``, ``at``) in order.

    A change an ``undo`` took back (its kind marked ``"undone:<kind>"``) is left out, as if
    it had never been recorded; an older matchmaker, which knows neither kind, leaves out
    both it and the ``undo``.
    """
    out = Attendance(starts=np.array([s.start.timestamp() for s in plan.slots]))
    for change in changes:
        if change["kind"] == "undo" or change["kind"].startswith(UNDONE):
            continue
        out.apply(change["kind"], change["subject"], change["payload"], change["at"], plan)
    return out
