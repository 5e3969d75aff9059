"""The rules of a timetable, one function each, returning :class:`~matchmaker.errors.Problem` records.

The solvers' self-check (:func:`check_timetable`, run on every method's answer) and
:func:`validate` are built from the same rule functions:

* :func:`double_booking_rule`: a participant is in at most one meeting per slot
  (:func:`repeated` on participant × slot);
* :func:`capacity_rule`: a slot holds at most as many meetings as it has free tables;
  :func:`table_rule`: a table holds at most one meeting per slot, and every meeting is
  at a table of the plan;
* :func:`allowed_rule` (the solvers' form: meeting × slot) and :func:`availability_rule`
  (participant × slot, naming who is out of their windows): a meeting lies inside both
  participants' availability (:func:`availability_matrix`);
* :func:`plan_rule`: every meeting is in a slot of the plan and out of its breaks
  (:func:`overlapping_break`, also what makes the plan's slot grid skip breaks);
* :func:`bookkeeping_rule`: every meeting is either placed once or listed as unplaced
  with a reason.

A new rule is one function here that returns ``list[Problem]``, called from
:func:`check_timetable` (if a solver could break it) and :func:`validate`, plus its test.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
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
    "allowed_rule",
    "availability_matrix",
    "availability_rule",
    "bookkeeping_rule",
    "capacity_rule",
    "check_timetable",
    "diagnose",
    "double_booking_rule",
    "overlapping_break",
    "plan_rule",
    "repeated",
    "table_rule",
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


def _names(ids: Sequence[str] | None, rows: IntArray, cols: IntArray, n_rows: int) -> Sequence[str]:
    """The participants' ids, rows first; ``"row 3"``/``"col 0"`` when the caller has only arrays."""
    if ids is not None:
        return ids
    n_cols = int(cols.max(initial=-1)) + 1
    return [*(f"row {i}" for i in range(n_rows)), *(f"col {j}" for j in range(n_cols))]


def _pair_of(
    ids: Sequence[str], rows: IntArray, cols: IntArray, n_rows: int
) -> Callable[[int], tuple[str, str]]:
    """The ids of the two participants of meeting ``e``."""
    return lambda e: (ids[rows[e]], ids[n_rows + cols[e]])


def double_booking_rule(
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    n_rows: int,
    *,
    ids: Sequence[str] | None = None,
    slots: Sequence[Slot] | None = None,
) -> list[Problem]:
    """A participant is in at most one meeting per slot: one problem per participant and slot broken.

    ``ids`` are the participants' ids, rows first (default ``"row 3"``, ``"col 0"``);
    ``slots`` the plan's slots, for the message.  Slots of one plan never overlap, so
    equal slots are the clashes.

    >>> rows, cols, slot = np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([2, 2, 2])
    >>> found = double_booking_rule(rows, cols, slot, 2, ids=["A0", "A1", "B0", "B1"])
    >>> [(p.kind, p.participants) for p in found]
    [('participant-double-booked', ('A0',)), ('participant-double-booked', ('B1',))]
    """
    placed = np.flatnonzero(slot >= 0)
    n_slots = int(slot.max(initial=-1)) + 1
    problems: list[Problem] = []
    # Every meeting placed (a colouring's answer): the arrays themselves, no gathers.
    where = slice(None) if len(placed) == len(slot) else placed
    placed_slot = slot[where]
    for who in (rows[where], n_rows + cols[where]):
        key = who.astype(np.int64) * max(n_slots, 1) + placed_slot
        # The guard after every solve: marking each (participant, slot) once finds that
        # nothing clashes when as many are marked as there are meetings; only a clash
        # pays for sorting the keys and naming everyone.  (A table of booleans, not a
        # count: at 50,000 meetings the counts were 3.8 MB, freshly mapped on each call,
        # and their page faults cost more than the check.)
        if len(key) == 0:
            continue
        low = int(key.min())  # a table over the keys' range only (columns' keys start high)
        seen = np.zeros(int(key.max()) + 1 - low, dtype=bool)
        seen[key - low] = True
        if np.count_nonzero(seen) == len(key):
            continue
        names = _names(ids, rows, cols, n_rows)
        clash, group = repeated(key)
        for g in range(int(group.max(initial=-1)) + 1):
            es = placed[clash[group == g]]
            s = int(slot[es[0]])
            problems.append(
                Problem(
                    f"in {len(es)} meetings at {slots[s] if slots is not None else f'slot {s}'}",
                    kind="participant-double-booked",
                    participants=(names[who[clash[group == g][0]]],),
                    data={"meetings": es.tolist(), "slot": s},
                )
            )
    return problems


def capacity_rule(
    slot: IntArray, capacity: IntArray, *, slots: Sequence[Slot] | None = None
) -> list[Problem]:
    """A slot holds at most ``capacity[s]`` meetings (its free tables), before tables are given out.

    >>> [p.message for p in capacity_rule(np.array([0, 0, 1, -1]), np.array([1, 1]))]
    ['2 meetings in slot 0, which has 1 table']
    """
    placed = slot[slot >= 0]
    count = np.bincount(placed, minlength=len(capacity))[: len(capacity)]
    return [
        Problem(
            f"{count[s]} meetings in {slots[s] if slots is not None else f'slot {s}'}, "
            f"which has {capacity[s]} table{'s' if capacity[s] != 1 else ''}",
            kind="slot-full",
            field="tables",
            data={"slot": s, "meetings": int(count[s]), "tables": int(capacity[s])},
        )
        for s in np.flatnonzero(count > capacity).tolist()
    ]


def allowed_rule(
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    allowed: BoolArray,
    n_rows: int,
    *,
    ids: Sequence[str] | None = None,
) -> list[Problem]:
    """A meeting is placed only in a slot it may use: ``allowed[e, s]`` (both available, neither
    busy with a pinned meeting) -- the form the timetabling algorithms get availability in.

    >>> allowed = np.array([[True, False], [True, True]])
    >>> [(p.participants, dict(p.data)) for p in allowed_rule(
    ...     np.array([0, 1]), np.array([0, 0]), np.array([1, 1]), allowed, 2)]
    [(('row 0', 'col 0'), {'meeting': 0, 'slot': 1})]
    """
    placed = np.flatnonzero(slot >= 0)
    bad = placed[~allowed[placed, slot[placed]]]
    if len(bad) == 0:
        return []
    names = _names(ids, rows, cols, n_rows)
    return [
        Problem(
            f"meets in slot {slot[e]}, which one of them cannot use (availability or a pinned meeting)",
            kind="outside-availability",
            participants=(names[rows[e]], names[n_rows + cols[e]]),
            field="availability",
            data={"meeting": e, "slot": int(slot[e])},
        )
        for e in bad.tolist()
    ]


def availability_rule(
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    available: BoolArray,
    n_rows: int,
    *,
    ids: Sequence[str],
    windows: Sequence[tuple[TimeWindow, ...]],
    slots: Sequence[Slot],
) -> list[Problem]:
    """A meeting lies inside both participants' availability: one problem per participant out of it.

    ``available`` is ``(P, S)`` (:func:`availability_matrix`), rows first; ``ids`` and
    ``windows`` are the participants' ids and windows in that order, ``slots`` the plan's.
    """
    placed = np.flatnonzero(slot >= 0)
    problems: list[Problem] = []
    for who, side in ((rows, 0), (cols, n_rows)):
        bad = placed[~available[side + who[placed], slot[placed]]]
        for e in bad.tolist():
            problems.append(
                Problem(
                    f"meets at {slots[slot[e]]}, outside its availability "
                    f"({'; '.join(str(w) for w in windows[side + who[e]])})",
                    kind="outside-availability",
                    participants=(ids[side + who[e]],),
                    field="availability",
                    data={"meeting": e, "slot": int(slot[e])},
                )
            )
    return problems


def bookkeeping_rule(
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    reasons: Mapping[int, Problem],
    n_rows: int,
    *,
    ids: Sequence[str],
) -> list[Problem]:
    """Every meeting is placed once or listed as unplaced with a reason, never both or neither."""
    pair = _pair_of(ids, rows, cols, n_rows)
    listed = np.zeros(len(slot), dtype=bool)
    listed[[e for e in reasons if 0 <= e < len(slot)]] = True
    problems = [
        Problem(
            "meeting neither placed nor listed as unplaced",
            kind="meeting-lost",
            participants=pair(e),
            data={"meeting": e},
        )
        for e in np.flatnonzero((slot < 0) & ~listed).tolist()
    ]
    problems += [
        Problem(
            "meeting both placed and listed as unplaced",
            kind="placed-and-unplaced",
            participants=pair(e),
            data={"meeting": e},
        )
        for e in np.flatnonzero((slot >= 0) & listed).tolist()
    ]
    return problems


def check_timetable(
    rows: IntArray,
    cols: IntArray,
    n_rows: int,
    slot: IntArray,
    allowed: BoolArray | None,
    capacity: IntArray | None,
) -> list[Problem]:
    """What a solver's answer breaks (empty when it keeps every rule); the guard run after each solve.

    The rules a timetabling algorithm sees: :func:`double_booking_rule`,
    :func:`allowed_rule` (when ``allowed`` is given) and :func:`capacity_rule` (when
    ``capacity`` is).
    """
    found = double_booking_rule(rows, cols, slot, n_rows)
    if allowed is not None:
        found += allowed_rule(rows, cols, slot, allowed, n_rows)
    if capacity is not None:
        found += capacity_rule(slot, capacity)
    return found


def diagnose(
    row_ids: Sequence[str],
    col_ids: Sequence[str],
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
    n_rows, n_slots = len(row_ids), allowed.shape[1]
    ids = (*row_ids, *col_ids)
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
    degree = degrees(rows, cols, n_rows, len(col_ids))
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
    key = rows.astype(np.int64) * len(col_ids) + cols
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
                participants=(row_ids[rows[e]], col_ids[cols[e]]),
                field="availability",
                data={"meetings": n, "common_slots": int(common[e])},
            )
        )
    return problems


def unplaced_reasons(
    row_ids: Sequence[str],
    col_ids: Sequence[str],
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    allowed: BoolArray,
    available: IntArray,
    capacity: int | None,
    proven: bool | None,
) -> dict[int, Problem]:
    """A reason for every unplaced meeting (``slot == -1``), most specific first."""
    n_rows, n_slots = len(row_ids), allowed.shape[1]
    if slot.min(initial=0) >= 0:  # everything placed: nothing to explain, no degrees needed
        return {}
    degree = degrees(rows, cols, n_rows, len(col_ids))
    full = capacity is not None and len(rows) > n_slots * capacity
    out: dict[int, Problem] = {}
    for e in np.flatnonzero(slot < 0).tolist():
        a, b = row_ids[rows[e]], col_ids[cols[e]]
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


def table_rule(
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    table: IntArray,
    n_rows: int,
    *,
    ids: Sequence[str],
    table_labels: Sequence[str],
    slots: Sequence[Slot],
) -> list[Problem]:
    """Every placed meeting is at a table of the plan, and a table holds one meeting per slot."""
    placed = np.flatnonzero(slot >= 0)
    n_tables = len(table_labels)
    pair = _pair_of(ids, rows, cols, n_rows)

    problems = _outside_plan(
        placed,
        table,
        n_tables,
        pair,
        "table-out-of-plan",
        lambda e: f"table {table[e]} is not one of the {n_tables} tables",
    )
    clash, group = repeated(slot[placed].astype(np.int64) * max(n_tables, 1) + table[placed])
    for g in range(int(group.max(initial=-1)) + 1):
        es = placed[clash[group == g]]
        t = int(table[es[0]])
        problems.append(
            Problem(
                f"table {table_labels[t] if 0 <= t < n_tables else t}"
                f" holds {len(es)} meetings at {slots[slot[es[0]]]}",
                kind="table-double-booked",
                participants=tuple(x for e in es.tolist() for x in pair(e)),
                data={"meetings": es.tolist(), "slot": int(slot[es[0]])},
            )
        )
    return problems


def _outside_plan(
    placed: IntArray,
    index: IntArray,
    n: int,
    pair: Callable[[int], tuple[str, str]],
    kind: str,
    message: Callable[[int], str],
) -> list[Problem]:
    """A problem for each placed meeting whose ``index`` (its slot or its table) is not one
    of the plan's ``n``."""
    outside = placed[(index[placed] < 0) | (index[placed] >= n)]
    return [
        Problem(message(e), kind=kind, participants=pair(e), data={"meeting": e}) for e in outside.tolist()
    ]


def plan_rule(
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    n_rows: int,
    *,
    ids: Sequence[str],
    plan: EventPlan,
    target: EventPlan | None = None,
) -> list[Problem]:
    """Every placed meeting is in a slot of the plan and out of its breaks.

    ``slot`` indexes ``plan.slots``; ``target`` is another plan to hold the meetings
    against (e.g. after a break was added): each must then start and end with one of its
    slots and keep out of its breaks.
    """
    slots = plan.slots
    placed = np.flatnonzero(slot >= 0)
    pair = _pair_of(ids, rows, cols, n_rows)

    problems = _outside_plan(
        placed,
        slot,
        len(slots),
        pair,
        "slot-out-of-plan",
        lambda e: f"slot {slot[e]} is not in the plan ({len(slots)} slots)",
    )
    placed = placed[slot[placed] < len(slots)]
    against = plan if target is None else target
    zone = against.zone
    grid = {(s.start, s.end) for s in against.slots} if against is not plan else None
    for s in np.unique(slot[placed]).tolist():
        here = slots[s]
        start = here.start.astimezone(zone).replace(tzinfo=None)
        end = here.end.astimezone(zone).replace(tzinfo=None)
        hit = overlapping_break(start, end, against.breaks)
        wrong = []  # (message, kind): what is wrong with the slot, for each meeting in it
        if hit is not None:
            wrong.append((f"meets at {here}, in the break {hit}", "in-break"))
        if grid is not None and (here.start, here.end) not in grid:
            wrong.append((f"meets at {here}, which is not a slot of the plan", "slot-out-of-plan"))
        for e in placed[slot[placed] == s].tolist() if wrong else ():
            problems += [
                Problem(message, kind=kind, participants=pair(e), data={"meeting": e, "slot": s})
                for message, kind in wrong
            ]
    return problems


def validate(
    schedule: Schedule, *, plan: EventPlan | None = None, mission: Mission | None = None
) -> tuple[Problem, ...]:
    """Every rule a schedule breaks, as labelled :class:`~matchmaker.errors.Problem` records.

    The rules are the functions of this module (:func:`bookkeeping_rule`,
    :func:`plan_rule`, :func:`table_rule`, :func:`double_booking_rule`,
    :func:`availability_rule`), the ones the solvers' self-check uses too.

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
    rows, cols = schedule.pairs[:, 0], schedule.pairs[:, 1]
    n_rows = len(schedule.row_ids)
    ids = (*schedule.row_ids, *schedule.col_ids)
    slots = own.slots
    # meetings in a slot the plan does not have are reported once, then left out of the other rules
    slot = np.where(schedule.slot < len(slots), schedule.slot, -1)
    problems = bookkeeping_rule(rows, cols, schedule.slot, schedule.reasons, n_rows, ids=ids)
    problems += plan_rule(rows, cols, schedule.slot, n_rows, ids=ids, plan=own, target=target)
    problems += table_rule(
        rows, cols, slot, schedule.table, n_rows, ids=ids, table_labels=schedule.table_labels, slots=slots
    )
    problems += double_booking_rule(rows, cols, slot, n_rows, ids=ids, slots=slots)
    if mission is not None:
        people = {p.id: p.availability for p in mission.participants}
        zone = zoneinfo.ZoneInfo(mission.timezone)
    else:
        people, zone = dict(schedule.availability), zoneinfo.ZoneInfo(schedule.availability_zone)
    windows = [people.get(pid, ()) for pid in ids]
    available = availability_matrix(slots, windows, zone)
    problems += availability_rule(rows, cols, slot, available, n_rows, ids=ids, windows=windows, slots=slots)
    return tuple(problems)
