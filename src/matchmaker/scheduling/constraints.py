"""The rules of a timetable, each defined once: used by the solvers, the diagnosis and :func:`validate`.

* a participant is in at most one meeting per slot (:func:`repeated` on
  participant × slot);
* a table holds at most one meeting per slot (:func:`repeated` on slot × table),
  so a slot holds at most as many meetings as there are tables;
* a meeting lies inside both participants' availability (:func:`availability_matrix`);
* no meeting overlaps a break (:func:`overlapping_break`, also what makes the plan's
  slot grid skip breaks);
* every meeting is in a slot of the plan, at a table of the plan;
* every meeting is either placed once or listed as unplaced with a reason.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from matchmaker.errors import Problem
from matchmaker.model.availability import TimeWindow
from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray, degrees

if TYPE_CHECKING:
    from matchmaker.model.mission import Mission
    from matchmaker.scheduling.plan import EventPlan, Slot
    from matchmaker.scheduling.schedule import Schedule

__all__ = [
    "availability_matrix",
    "check_timetable",
    "diagnose",
    "overlapping_break",
    "repeated",
    "unplaced_reasons",
    "validate",
]


def overlapping_break(
    start: dt.datetime, end: dt.datetime, breaks: Sequence[TimeWindow]
) -> TimeWindow | None:
    """The first break that the local interval ``[start, end)`` overlaps, if any.

    >>> lunch = TimeWindow.parse("12:00-13:00")
    >>> day = dt.date(2020, 12, 2)
    >>> overlapping_break(dt.datetime(2020, 12, 2, 11, 50), dt.datetime(2020, 12, 2, 12, 10), [lunch])
    TimeWindow(start=datetime.time(12, 0), end=datetime.time(13, 0), day=None)
    >>> overlapping_break(dt.datetime(2020, 12, 2, 11, 40), dt.datetime(2020, 12, 2, 12, 0), [lunch]) is None
    True
    """
    for window in breaks:
        if window.day is not None and window.day != start.date():
            continue
        lo = dt.datetime.combine(start.date(), window.start)
        hi = dt.datetime.combine(start.date(), window.end)
        if start < hi and end > lo:
            return window
    return None


def availability_matrix(
    slots: Sequence[Slot], windows: Sequence[tuple[TimeWindow, ...]], zone: zoneinfo.ZoneInfo
) -> BoolArray:
    """``(P, S)`` booleans: participant ``p`` can meet in slot ``s``.

    ``windows[p]`` are participant ``p``'s availability windows, wall-clock times in
    ``zone`` (the mission's time zone); an empty tuple means available throughout.
    A slot is available if one window holds it whole.
    """
    local = [
        (s.start.astimezone(zone).replace(tzinfo=None), s.end.astimezone(zone).replace(tzinfo=None))
        for s in slots
    ]
    out = np.ones((len(windows), len(slots)), dtype=bool)
    seen: dict[tuple[TimeWindow, ...], BoolArray] = {}
    for p, own in enumerate(windows):
        if not own:
            continue
        if own not in seen:
            seen[own] = np.array([any(w.contains(a, b) for w in own) for a, b in local], dtype=bool)
        out[p] = seen[own]
    return out


def repeated(key: IntArray) -> tuple[IntArray, IntArray]:
    """Positions whose ``key`` occurs more than once, and a group number for each.

    >>> repeated(np.array([5, 3, 5, 1, 3, 5]))
    (array([1, 4, 0, 2, 5]), array([0, 0, 1, 1, 1]))
    """
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    _, _start, count = np.unique(sorted_key, return_index=True, return_counts=True)
    group = np.repeat(np.arange(len(count)), count)
    many = np.repeat(count > 1, count)
    _, label = np.unique(group[many], return_inverse=True)
    return order[many].astype(np.intp), label.astype(np.intp)


def check_timetable(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    slot: IntArray,
    allowed: BoolArray | None,
    capacity: IntArray | None,
) -> list[str]:
    """What a solver's answer breaks (empty when it keeps every rule); a guard run after each solve."""
    placed = np.flatnonzero(slot >= 0)
    n_slots = allowed.shape[1] if allowed is not None else int(slot.max(initial=-1)) + 1
    found: list[str] = []
    for who, ids in (("side-A", rows[placed]), ("side-B", n_rows + cols[placed])):
        clash, _ = repeated(ids * max(n_slots, 1) + slot[placed])
        if len(clash):
            found.append(f"{who} participant double-booked in {len(clash)} meetings")
    if allowed is not None and not allowed[placed, slot[placed]].all():
        found.append("meeting outside availability")
    if capacity is not None and np.any(np.bincount(slot[placed], minlength=len(capacity)) > capacity):
        found.append("more meetings in a slot than tables")
    return found


def diagnose(
    a_ids: Sequence[str],
    b_ids: Sequence[str],
    rows: IntArray,
    cols: IntArray,
    allowed: BoolArray,
    available: IntArray,
    capacity: int | None,
) -> list[Problem]:
    """Why not every meeting can be placed: the necessary conditions a plan breaks.

    ``allowed`` is ``(E, S)`` (meeting ``e`` may be held in slot ``s``), ``available``
    the number of slots each participant (rows first) can meet in, ``capacity`` the
    meetings per slot (tables) or ``None``.
    """
    n_rows, n_slots = len(a_ids), allowed.shape[1]
    ids = (*a_ids, *b_ids)
    problems: list[Problem] = []
    total = len(rows)
    if capacity is not None and total > n_slots * capacity:
        problems.append(
            Problem(
                f"{total} meetings but {n_slots} slots × {capacity} tables hold only {n_slots * capacity}",
                kind="event-full",
                field="tables",
                hint=f"add {-(-total // n_slots) - capacity} tables "
                f"or {-(-total // capacity) - n_slots} slots",
                data={"meetings": total, "slots": n_slots, "tables": capacity},
            )
        )
    degree = degrees(rows, cols, n_rows, len(b_ids))
    for p in np.flatnonzero(degree > available).tolist():
        problems.append(
            Problem(
                f"{degree[p]} meetings but available in only {available[p]} of the {n_slots} slots",
                kind="participant-overbooked",
                participants=(ids[p],),
                field="availability",
                hint="widen the participant's availability, add slots, or drop some of its meetings",
                data={"meetings": int(degree[p]), "available_slots": int(available[p]), "slots": n_slots},
            )
        )
    common = allowed.sum(axis=1)
    key = rows.astype(np.int64) * len(b_ids) + cols
    _, first, count = np.unique(key, return_index=True, return_counts=True)
    for e, n in zip(first.tolist(), count.tolist(), strict=True):
        if common[e] == 0:
            message, kind = "no slot in which both are available", "no-common-slot"
        elif n > common[e]:
            message, kind = (
                f"{n} meetings but only {common[e]} slots in which both are available",
                "pair-overbooked",
            )
        else:
            continue
        problems.append(
            Problem(
                message,
                kind=kind,
                participants=(a_ids[rows[e]], b_ids[cols[e]]),
                field="availability",
                data={"meetings": n, "common_slots": int(common[e])},
            )
        )
    return problems


def unplaced_reasons(
    a_ids: Sequence[str],
    b_ids: Sequence[str],
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    allowed: BoolArray,
    available: IntArray,
    capacity: int | None,
    proven: bool | None,
) -> dict[int, Problem]:
    """A reason for every unplaced meeting (``slot == -1``), most specific first."""
    n_rows, n_slots = len(a_ids), allowed.shape[1]
    degree = degrees(rows, cols, n_rows, len(b_ids))
    full = capacity is not None and len(rows) > n_slots * capacity
    out: dict[int, Problem] = {}
    for e in np.flatnonzero(slot < 0).tolist():
        a, b = a_ids[rows[e]], b_ids[cols[e]]
        over = [pid for pid, p in ((a, rows[e]), (b, n_rows + cols[e])) if degree[p] > available[p]]
        data = {"meeting": e}
        if not allowed[e].any():
            problem = Problem("no slot in which both are available", kind="no-common-slot", data=data)
        elif over:
            problem = Problem(
                f"{', '.join(over)} {'has' if len(over) == 1 else 'have'} more meetings than available slots",
                kind="participant-overbooked",
                data={**data, "overbooked": over},
            )
        elif full:
            problem = Problem("more meetings than slots × tables", kind="event-full", data=data)
        elif proven:
            problem = Problem(
                "no free slot shared by both once the others were placed; no timetable places more meetings",
                kind="crowded",
                data=data,
            )
        else:
            problem = Problem(
                "the solver found no free slot shared by both; this is not proven to be unavoidable",
                kind="not-found",
                hint="try method='milp' or a longer time_limit",
                data=data,
            )
        out[e] = Problem(
            problem.message, kind=problem.kind, participants=(a, b), hint=problem.hint, data=problem.data
        )
    return out


def validate(
    schedule: Schedule, *, plan: EventPlan | None = None, mission: Mission | None = None
) -> tuple[Problem, ...]:
    """Every rule a schedule breaks, as labelled :class:`~matchmaker.errors.Problem` records.

    Parameters
    ----------
    schedule : Schedule
        The timetable to check.
    plan : EventPlan, optional
        Check against this plan instead of the one the schedule was made for (e.g. after
        a break was added): meetings must then start and end with one of its slots and
        keep out of its breaks.
    mission : Mission, optional
        Check availability against these participants instead of the windows the
        schedule was made with.

    Returns
    -------
    tuple of Problem
        Empty when the schedule is valid.  Kinds: ``participant-double-booked``,
        ``table-double-booked``, ``outside-availability``, ``in-break``,
        ``slot-out-of-plan``, ``table-out-of-plan``, ``meeting-lost`` (neither placed nor
        listed as unplaced), ``placed-and-unplaced``.
    """
    own = schedule.plan
    target = plan.resolved(mission or schedule.mission) if plan is not None else own
    problems: list[Problem] = []
    a_ids, b_ids = schedule.a_ids, schedule.b_ids
    rows, cols, slot, table = schedule.rows, schedule.cols, schedule.slot, schedule.table
    n_rows = len(a_ids)
    ids = (*a_ids, *b_ids)

    def pair(e: int) -> tuple[str, str]:
        return a_ids[rows[e]], b_ids[cols[e]]

    lost = np.flatnonzero((slot < 0) & ~np.isin(np.arange(len(slot)), list(schedule.reasons)))
    for e in lost.tolist():
        problems.append(
            Problem(
                "meeting neither placed nor listed as unplaced",
                kind="meeting-lost",
                participants=pair(e),
                data={"meeting": e},
            )
        )
    for e in sorted(schedule.reasons):
        if slot[e] >= 0:
            problems.append(
                Problem(
                    "meeting both placed and listed as unplaced",
                    kind="placed-and-unplaced",
                    participants=pair(e),
                    data={"meeting": e},
                )
            )
    placed = np.flatnonzero(slot >= 0)
    outside = placed[slot[placed] >= len(own.slots)]
    for e in outside.tolist():
        problems.append(
            Problem(
                f"slot {slot[e]} is not in the plan ({len(own.slots)} slots)",
                kind="slot-out-of-plan",
                participants=pair(e),
                data={"meeting": e},
            )
        )
    placed = placed[slot[placed] < len(own.slots)]
    n_tables = len(schedule.table_labels)
    bad_table = placed[(table[placed] < 0) | (table[placed] >= n_tables)]
    for e in bad_table.tolist():
        problems.append(
            Problem(
                f"table {table[e]} is not one of the {n_tables} tables",
                kind="table-out-of-plan",
                participants=pair(e),
                data={"meeting": e},
            )
        )
    # One participant, one slot: slots of one plan never overlap, so equal slots are the clashes.
    for who in (rows[placed], n_rows + cols[placed]):
        clash, group = repeated(who.astype(np.int64) * len(own.slots) + slot[placed])
        for g in range(int(group.max(initial=-1)) + 1):
            es = placed[clash[group == g]]
            s = own.slots[slot[es[0]]]
            problems.append(
                Problem(
                    f"in {len(es)} meetings at {s}",
                    kind="participant-double-booked",
                    participants=(ids[who[clash[group == g][0]]],),
                    data={"meetings": es.tolist(), "slot": int(slot[es[0]])},
                )
            )
    clash, group = repeated(slot[placed].astype(np.int64) * max(n_tables, 1) + table[placed])
    for g in range(int(group.max(initial=-1)) + 1):
        es = placed[clash[group == g]]
        t = int(table[es[0]])
        problems.append(
            Problem(
                f"table {schedule.table_labels[t] if 0 <= t < n_tables else t}"
                f" holds {len(es)} meetings at {own.slots[slot[es[0]]]}",
                kind="table-double-booked",
                participants=tuple(x for e in es.tolist() for x in pair(e)),
                data={"meetings": es.tolist(), "slot": int(slot[es[0]])},
            )
        )
    problems += _against_plan(schedule, target, placed)
    if mission is not None:
        people = {p.id: p.availability for p in mission.participants}
        zone = zoneinfo.ZoneInfo(mission.timezone)
    else:
        people, zone = dict(schedule.availability), zoneinfo.ZoneInfo(schedule.availability_zone)
    windows = [people.get(pid, ()) for pid in ids]
    avail = availability_matrix(own.slots, windows, zone)
    for who, side in ((rows, 0), (cols, n_rows)):
        bad = placed[~avail[side + who[placed], slot[placed]]]
        for e in bad.tolist():
            problems.append(
                Problem(
                    f"meets at {own.slots[slot[e]]}, outside its availability "
                    f"({'; '.join(str(w) for w in windows[side + who[e]])})",
                    kind="outside-availability",
                    participants=(ids[side + who[e]],),
                    field="availability",
                    data={"meeting": e, "slot": int(slot[e])},
                )
            )
    return tuple(problems)


def _against_plan(schedule: Schedule, target: EventPlan, placed: IntArray) -> list[Problem]:
    """Meetings of ``schedule`` that fall in a break of ``target`` or off its slot grid."""
    own = schedule.plan
    problems: list[Problem] = []
    zone = target.zone
    grid = {(s.start, s.end) for s in target.slots} if target is not own else None
    for s in np.unique(schedule.slot[placed]).tolist():
        here = placed[schedule.slot[placed] == s]
        slot = own.slots[s]
        start = slot.start.astimezone(zone).replace(tzinfo=None)
        end = slot.end.astimezone(zone).replace(tzinfo=None)
        hit = overlapping_break(start, end, target.breaks)
        off = grid is not None and (slot.start, slot.end) not in grid
        for e in here.tolist():
            who = (schedule.a_ids[schedule.rows[e]], schedule.b_ids[schedule.cols[e]])
            if hit is not None:
                problems.append(
                    Problem(
                        f"meets at {slot}, in the break {hit}",
                        kind="in-break",
                        participants=who,
                        data={"meeting": e, "slot": s},
                    )
                )
            if off:
                problems.append(
                    Problem(
                        f"meets at {slot}, which is not a slot of the plan",
                        kind="slot-out-of-plan",
                        participants=who,
                        data={"meeting": e, "slot": s},
                    )
                )
    return problems
