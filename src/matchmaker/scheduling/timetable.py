"""``schedule(meetings, plan)``: validate, map ids to indices, solve, and wrap the timetable."""

from __future__ import annotations

import datetime as dt
import numbers
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple, TypedDict

import numpy as np

from matchmaker.errors import InfeasibleError, Problem, SolverError, ValidationError
from matchmaker.model.availability import TimeWindow
from matchmaker.model.mission import Mission
from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray, any_by, degrees
from matchmaker.scheduling.algorithms.colouring import colour_bound, edge_colouring
from matchmaker.scheduling.algorithms.compaction import compact as compact_gaps
from matchmaker.scheduling.algorithms.flow import bounded_subgraph
from matchmaker.scheduling.algorithms.heuristic import iterated_matchings, matching_backend
from matchmaker.scheduling.algorithms.milp import relaxation_bound, solve_milp
from matchmaker.scheduling.algorithms.tables import assign_tables
from matchmaker.scheduling.constraints import (
    availability_matrix,
    capacity_rule,
    check_timetable,
    diagnose,
    double_booking_rule,
    table_rule,
    unplaced_reasons,
)
from matchmaker.scheduling.event import ResolvedEvent
from matchmaker.scheduling.meetings import Meetings, read_meetings
from matchmaker.scheduling.plan import EventPlan
from matchmaker.scheduling.schedule import Move, Schedule, ScheduledMeeting

__all__ = [
    "COMPACT_WORK",
    "COMPACT_WORK_COLOURED",
    "METHODS",
    "MILP_VARIABLES",
    "ScheduleOptions",
    "Solution",
    "TimetableProblem",
    "schedule",
]

#: A pinned meeting: ``(a_id, b_id, when)``, ``(a_id, b_id, when, table)`` or a placed meeting.
Pin = ScheduledMeeting | Sequence[object]

#: ``method="auto"`` uses the exact integer model up to this many (meeting, slot) variables.
MILP_VARIABLES = 20_000
#: Default work budget of the gap compaction: meetings examined (about 1 s on a 2-core
#: laptop; a count, not a clock, so that the timetable does not depend on the machine's speed).
COMPACT_WORK = 4_000_000
#: The same after a colouring, which builds compact agendas itself: enough to finish a
#: small event, a few dozen pairs of slots (~30 ms) at 50,000 meetings.  (50,000 left
#: more gaps than the old default at 1,000 × 3,000: 3,026 against 2,819; see
#: docs/scheduling.md.)
COMPACT_WORK_COLOURED = 100_000


@dataclass(frozen=True)
class TimetableProblem:
    """The arrays a timetabling method gets (meetings not pinned; see ``algorithms._arrays``).

    ``allowed[e, s]``: meeting ``e`` may be held in slot ``s`` (both available, neither
    busy with a pinned meeting); ``capacity[s]``: tables left in slot ``s`` (``None``:
    no limit); ``blocked[p, s]``: participant busy with a pinned meeting; ``prefer[e]``:
    the slot to keep meeting ``e`` in (re-scheduling; ``-1`` none).  ``allowed`` is
    read-only: a method that narrows it works on its own copy.
    """

    rows: IntArray
    cols: IntArray
    n_rows: int
    n_cols: int
    allowed: BoolArray
    capacity: IntArray | None
    tables: int | None
    blocked: BoolArray | None
    prefer: IntArray | None
    time_limit: float
    upper_bound: int
    #: Compact agendas asked for (``schedule(compact=...)`` not ``False``/0): the colouring
    #: builds them as it goes; ``False`` takes the fastest colouring, as before it did.
    compact: bool = True

    @property
    def graph(self) -> tuple[IntArray, IntArray, int, int, BoolArray]:
        """``(rows, cols, n_rows, n_cols, allowed)``, the first arguments of every algorithm."""
        return self.rows, self.cols, self.n_rows, self.n_cols, self.allowed

    @property
    def n_slots(self) -> int:
        return int(self.allowed.shape[1])

    @cached_property
    def unconstrained(self) -> bool:
        """No availability limit, nothing pinned, nothing to keep: an edge-colouring problem.

        Worked out once per problem: one ``schedule`` call asks six times (the method twice,
        the colouring, the span, the search, the self-check), and each ``allowed.all()``
        reads the whole (meetings × slots) mask (2.7 MB, about 0.1 ms, at 50,000 meetings
        and 54 slots); ``allowed`` is read-only, so the answer cannot change.
        """
        return bool(self.allowed.all()) and self.blocked is None and self.prefer is None


@dataclass(frozen=True)
class Solution:
    """A method's answer: slot of each meeting (``-1`` unplaced), proof status, backend."""

    slot: IntArray
    optimal: bool | None
    backend: str


def _solve_colouring(problem: TimetableProblem) -> Solution:
    if not problem.unconstrained:
        raise ValidationError(
            Problem(
                "method 'colouring' cannot respect availability, pinned or previous meetings",
                kind="invalid-method",
                field="method",
                hint="use method='auto', 'milp' or 'heuristic'",
            )
        )
    rows, cols, n_rows, n_cols = problem.rows, problem.cols, problem.n_rows, problem.n_cols
    n_slots, tables = problem.n_slots, problem.tables
    slot = np.full(len(rows), -1, dtype=np.intp)
    keep = np.ones(len(rows), dtype=bool)
    if colour_bound(rows, cols, n_rows, n_cols, tables) > n_slots:
        # Too few slots: the largest set with at most n_slots meetings per participant
        # (a maximum flow), cut to n_slots × tables, is what an optimal timetable places.
        keep = bounded_subgraph(rows, cols, n_rows, n_cols, np.full(n_rows + n_cols, n_slots))
        if tables is not None:
            keep[np.flatnonzero(keep)[n_slots * tables :]] = False
    slot[keep] = edge_colouring(
        rows[keep], cols[keep], n_rows, n_cols, capacity=tables, compact=problem.compact
    )
    return Solution(slot, True, "scipy.sparse.csgraph (Hopcroft-Karp matchings)")


def _solve_milp(problem: TimetableProblem) -> Solution:
    start = _solve_heuristic(problem).slot
    result = solve_milp(
        *problem.graph,
        capacity=problem.capacity,
        prefer=problem.prefer,
        time_limit=problem.time_limit,
        incumbent=start,
        upper_bound=problem.upper_bound,
    )
    return Solution(result.slot, result.optimal, "HiGHS (scipy.optimize.milp)")


def _solve_heuristic(problem: TimetableProblem) -> Solution:
    backend = matching_backend("auto")  # both exact; OR-Tools is the faster, when installed
    slot = iterated_matchings(
        *problem.graph,
        capacity=problem.capacity,
        blocked=problem.blocked,
        prefer=problem.prefer,
        backend=backend,
        upper_bound=problem.upper_bound,
    )
    reached = int((slot >= 0).sum()) >= problem.upper_bound and problem.prefer is None
    solver = "OR-Tools min-cost flow" if backend == "ortools" else "scipy LAPJVsp"
    return Solution(slot, True if reached else None, f"{solver} matchings + Kempe repair")


Method = Callable[[TimetableProblem], Solution]


class ScheduleOptions(TypedDict, total=False):
    """The keyword arguments of :func:`schedule` besides the meetings and the plan, as
    :func:`matchmaker.run` passes them on (``schedule_options=``)."""

    mission: Mission | None
    pinned: Iterable[Pin] | None
    previous: Schedule | None
    method: str | Method
    availability: Mapping[str, Iterable[TimeWindow | str]] | None
    allow_repeats: bool
    time_limit: float
    compact: bool | int
    require_all: bool


METHODS: Mapping[str, Method] = {
    "colouring": _solve_colouring,
    "milp": _solve_milp,
    "heuristic": _solve_heuristic,
}


def schedule(
    meetings: Meetings,
    plan: EventPlan | ResolvedEvent,
    *,
    mission: Mission | None = None,
    pinned: Iterable[Pin] | None = None,
    previous: Schedule | None = None,
    method: str | Method = "auto",
    availability: Mapping[str, Iterable[TimeWindow | str]] | None = None,
    allow_repeats: bool = False,
    time_limit: float = 10.0,
    compact: bool | int = True,
    require_all: bool = False,
) -> Schedule:
    """Timetable meetings into the slots and tables of an event plan.

    Parameters
    ----------
    meetings : Matching or sequence of (str, str)
        A :class:`~matchmaker.assignment.Matching` (its ``row_ids``, ``col_ids``,
        ``pairs`` and ``mission`` are used) or ``(a_id, b_id)`` pairs, side A first.
    plan : EventPlan or ResolvedEvent
        Slots, breaks, time zone and tables; missing days and time zone come from the
        mission.  A :class:`~matchmaker.scheduling.ResolvedEvent` (the plan resolved for
        the mission, as :func:`matchmaker.run` builds it once) brings its mission and
        the availability already worked out.
    mission : Mission, optional
        Gives participants' availability, the side of each id, the date and time zone.
    pinned : iterable, optional
        Meetings with an agreed time, kept as they are: ``(a_id, b_id, when)`` or
        ``(a_id, b_id, when, table)`` with ``when`` a slot index, a datetime (aware,
        or naive in the plan's time zone) or a time (one-day plans), or
        :class:`~matchmaker.scheduling.ScheduledMeeting` objects.
    previous : Schedule, optional
        A schedule of (mostly) the same meetings to change as little as possible:
        meetings keep their previous start time where they can; ``moved`` lists the
        ones that changed.
    method : {"auto", "colouring", "milp", "heuristic"} or callable
        ``"colouring"``: exact bipartite edge colouring (no availability limits);
        ``"milp"``: exact integer model (HiGHS) within ``time_limit``; ``"heuristic"``:
        matchings per slot plus repair, for large constrained events.  ``"auto"``
        takes ``"colouring"`` when nothing limits the slots, else ``"milp"`` up to
        :data:`MILP_VARIABLES` (meeting, slot) pairs, else ``"heuristic"``.  A callable
        gets a :class:`TimetableProblem` and returns a :class:`Solution`.
    availability : mapping of str to windows, optional
        Availability windows by participant id, replacing the mission's (for meetings
        given as pairs without a mission, or to try changes); without a mission, ids
        that have no meeting are ignored.
    allow_repeats : bool
        Whether one pair may meet more than once.
    time_limit : float
        Seconds the integer solver may use.
    compact : bool or int
        Compact agendas: a colouring builds them as it goes, and a local search
        reduces idle gaps afterwards (never at the cost of a meeting), for a work
        budget of :data:`COMPACT_WORK` meetings examined (:data:`COMPACT_WORK_COLOURED`
        after a colouring), or this many.  ``False`` (or 0): the plain colouring, no
        search.
    require_all : bool
        Raise :class:`~matchmaker.errors.InfeasibleError` instead of returning a
        schedule with unplaced meetings.

    Returns
    -------
    Schedule

    Raises
    ------
    ValidationError
        Bad meetings, plan, pins or availability (before any work), naming the ids.
    InfeasibleError
        With ``require_all``, when some meeting cannot be placed; ``.problems`` says why.
    SolverError
        When a method returns a timetable that breaks a rule.

    Examples
    --------
    >>> plan = EventPlan(start="09:00", slots_per_day=4, tables=2, days="2020-12-02", timezone="WITA")
    >>> pairs = [("A1", "B1"), ("A1", "B2"), ("A2", "B1"), ("A2", "B2"), ("A3", "B1")]
    >>> s = schedule(pairs, plan)
    >>> s.n_placed, s.slots_used, s.slot_bound, s.method, s.optimal
    (5, 3, 3, 'colouring', True)
    >>> len(s.agenda("B1")), s.agenda("B1")[0].start.isoformat()
    (3, '2020-12-02T09:00:00+08:00')
    """
    if not isinstance(compact, (bool, np.bool_, numbers.Integral)) or compact < 0:
        raise ValidationError(
            Problem(
                f"compact must be True, False or a work budget (a whole number >= 0), got {compact!r}",
                kind="type",
                field="compact",
            )
        )
    event = plan if isinstance(plan, ResolvedEvent) else None
    if isinstance(plan, ResolvedEvent):
        if mission is not None and mission is not plan.mission:
            raise ValidationError(
                Problem(
                    "mission= is not the mission the event was resolved for",
                    kind="mismatch",
                    field="mission",
                    hint="leave mission= out: the resolved event carries its mission",
                )
            )
        mission, plan = plan.two_sided, plan.plan
    a_ids, b_ids, rows, cols, mission = read_meetings(meetings, mission, allow_repeats)
    plan = plan.resolved(mission)
    slots = plan.slots
    n_rows, n_cols, n_slots = len(a_ids), len(b_ids), len(slots)
    solver, solver_name = _method(method)
    windows, zone = _windows(a_ids, b_ids, mission, availability, plan)
    throughout = False  # nobody has a window of their own: every meeting may use every slot
    if event is not None and not availability:  # worked out once for the run: reuse it
        avail = event.available
    elif not windows:
        avail, throughout = np.ones((n_rows + n_cols, n_slots), dtype=bool), True
    else:
        avail = availability_matrix(plan.slots, [windows.get(pid, ()) for pid in (*a_ids, *b_ids)], zone)
    # Without windows, the same all-true (meetings × slots) without its two gathers.
    allowed = np.ones((len(rows), n_slots), dtype=bool) if throughout else avail[rows] & avail[n_rows + cols]
    labels = _table_labels(plan, a_ids, b_ids)
    tables = None if plan.hosts is not None else plan.tables
    given = _MeetingArrays(a_ids, b_ids, rows, cols)
    pin_slot, pin_table = _read_pins(pinned, given, plan, labels, allowed, tables)
    prefer, old_table = _read_previous(previous, given, plan, labels)
    started = time.perf_counter()

    free = np.flatnonzero(pin_slot < 0)
    pins = np.flatnonzero(pin_slot >= 0)
    blocked = np.zeros((n_rows + n_cols, n_slots), dtype=bool)
    blocked[rows[pins], pin_slot[pins]] = True
    blocked[n_rows + cols[pins], pin_slot[pins]] = True
    if len(pins):
        free_allowed = allowed[free] & ~blocked[rows[free]] & ~blocked[n_rows + cols[free]]
    else:  # nothing pinned: every meeting is free and nobody is blocked
        free_allowed = allowed.view()
    # read-only either way, so a custom method= cannot change the mask the reasons and the
    # diagnosis read later (and finds the same contract with or without pins)
    free_allowed.flags.writeable = False
    capacity = None
    if tables is not None:
        capacity = tables - np.bincount(pin_slot[pins], minlength=n_slots)
    # Everyone free throughout: every participant has every slot (no pass over the matrix).
    available = np.full(n_rows + n_cols, n_slots, dtype=np.intp) if throughout else avail.sum(axis=1)
    bound = len(pins) + _placement_bound(rows[free], cols[free], n_rows, n_cols, free_allowed, capacity)
    problem = TimetableProblem(
        rows[free],
        cols[free],
        n_rows,
        n_cols,
        free_allowed,
        capacity,
        tables,
        blocked if len(pins) else None,
        None if previous is None else prefer[free],
        max(time_limit - (time.perf_counter() - started), 0.05),
        bound - len(pins),
        bool(compact),
    )
    if solver is None:
        solver_name = "colouring" if problem.unconstrained else "milp"
        if not problem.unconstrained and int(free_allowed.sum()) > MILP_VARIABLES:
            solver_name = "heuristic"
        solver = METHODS[solver_name]
    solution = solver(problem)
    slot = pin_slot.copy()
    slot[free] = _checked(solution, problem, solver_name)
    if compact:
        movable = pin_slot < 0
        if previous is not None:
            movable &= slot != prefer
        budget = COMPACT_WORK_COLOURED if solver_name == "colouring" else COMPACT_WORK
        # A colouring uses the fewest slots; compaction stays inside them.
        span = int(slot.max(initial=-1)) + 1 if problem.unconstrained else n_slots
        slot = compact_gaps(
            rows,
            cols,
            n_rows,
            n_cols,
            slot,
            span,
            day_start=plan.day_start[:span],
            allowed=None if problem.unconstrained else allowed,
            movable=movable,
            capacity=None if tables is None else np.full(span, tables),
            max_work=int(compact) if not isinstance(compact, (bool, np.bool_)) else budget,
            nearest_first=solver_name == "colouring",
        )
    table = _tables(plan, rows, cols, slot, labels, pin_table, old_table)
    reasons = unplaced_reasons(a_ids, b_ids, rows, cols, slot, allowed, available, tables, solution.optimal)
    diagnosis = tuple(diagnose(a_ids, b_ids, rows, cols, allowed, available, tables)) if reasons else ()
    if reasons and require_all:
        raise InfeasibleError(diagnosis or tuple(reasons.values()))
    moved = () if previous is None else _moves(previous, given, slot, table, labels, plan)
    return Schedule(
        plan=plan,
        row_ids=a_ids,
        col_ids=b_ids,
        pairs=np.column_stack([rows, cols]),
        slot=slot,
        table=table,
        table_labels=labels,
        method=solver_name,
        backend=solution.backend,
        optimal=solution.optimal,
        slot_bound=colour_bound(rows, cols, n_rows, n_cols, tables),
        placed_bound=bound,
        reasons=reasons,
        moved=moved,
        diagnosis=diagnosis,
        pinned=pin_slot >= 0,
        mission=mission,
        availability=windows,
        availability_zone=zone.key,
    )


def _method(method: str | Method) -> tuple[Method | None, str]:
    if callable(method):
        return method, getattr(method, "__name__", "custom")
    if method == "auto":
        return None, "auto"
    if method not in METHODS:
        known = ", ".join(repr(m) for m in ("auto", *METHODS))
        raise ValueError(f"unknown scheduling method {method!r}; known methods: {known}")
    return METHODS[method], method


def _checked(solution: Solution, problem: TimetableProblem, name: str) -> IntArray:
    slot = np.asarray(solution.slot, dtype=np.intp)
    if slot.shape != problem.rows.shape or np.any(slot >= problem.n_slots) or np.any(slot < -1):
        raise SolverError(f"method {name!r} returned slots of the wrong shape or range")
    # ``allowed`` already excludes the slots of pinned meetings, so a meeting over a pin shows here too
    # Where every (meeting, slot) is allowed the availability rule cannot fail: it is left
    # out rather than read the whole mask (the clash and capacity rules still run).
    allowed = None if problem.unconstrained else problem.allowed
    broken = check_timetable(problem.rows, problem.cols, problem.n_rows, slot, allowed, problem.capacity)
    if broken:
        shown = "; ".join(f"{', '.join(p.participants)}: {p.message} [{p.kind}]" for p in broken[:5])
        more = f" and {len(broken) - 5} more" if len(broken) > 5 else ""
        raise SolverError(f"method {name!r} broke the rules: {shown}{more}")
    return slot


def _placement_bound(
    rows: IntArray, cols: IntArray, n_rows: int, n_cols: int, allowed: BoolArray, capacity: IntArray | None
) -> int:
    """Most meetings any timetable can place: a flow bound on participants' free slots.

    When that leaves meetings out, up to :data:`MILP_VARIABLES` (meeting, slot) pairs,
    the integer model's linear relaxation too, which is tighter (it proves the
    heuristic optimal where the flow bound cannot).
    """
    n_slots = allowed.shape[1]
    if len(rows) == 0:
        return 0
    everywhere = bool(allowed.all())  # one pass over the (meetings x slots) mask, not two
    if everywhere:  # every slot free for every meeting: no (meetings x slots) pass needed
        cap = np.full(n_rows + n_cols, n_slots)
        bound = len(rows)
        if degrees(rows, cols, n_rows, n_cols).max() > n_slots:
            bound = int(bounded_subgraph(rows, cols, n_rows, n_cols, cap).sum())
        open_slots: BoolArray = np.ones(n_slots, dtype=bool)
    else:
        free = any_by(np.concatenate([rows, n_rows + cols]), np.vstack([allowed, allowed]), n_rows + n_cols)
        bound = int(bounded_subgraph(rows, cols, n_rows, n_cols, free.sum(axis=1), allowed.sum(axis=1)).sum())
        open_slots = np.asarray(free.any(axis=0))
    if capacity is not None:
        bound = min(bound, int(np.clip(capacity, 0, None)[open_slots].sum()))
    # Only where the flow bound already leaves meetings out: there it can be above the
    # optimum; where it says all fit, the timetables almost always do, and the LP
    # would double the time of a small event's schedule() for nothing.
    if bound < len(rows) and not everywhere and int(allowed.sum()) <= MILP_VARIABLES:
        bound = min(bound, relaxation_bound(rows, cols, n_rows, n_cols, allowed, capacity=capacity))
    return bound


def _windows(
    a_ids: tuple[str, ...],
    b_ids: tuple[str, ...],
    mission: Mission | None,
    availability: Mapping[str, Iterable[TimeWindow | str]] | None,
    plan: EventPlan,
) -> tuple[dict[str, tuple[TimeWindow, ...]], zoneinfo.ZoneInfo]:
    ids = {*a_ids, *b_ids}
    windows: dict[str, tuple[TimeWindow, ...]] = {}
    if mission is not None:
        windows = {p.id: p.availability for p in mission.participants}
    problems: list[Problem] = []
    for pid, given in (availability or {}).items():
        if pid not in ids:
            if mission is not None:
                problems.append(
                    Problem(
                        f"availability given for {pid!r}, who is not in the mission",
                        kind="unknown-participant",
                        participants=(pid,),
                        field="availability",
                    )
                )
            continue
        items = [given] if isinstance(given, (str, TimeWindow)) else list(given)
        try:
            windows[pid] = tuple(w if isinstance(w, TimeWindow) else TimeWindow.parse(str(w)) for w in items)
        except ValidationError as exc:
            problems += [p.located(participants=(pid,), field="availability") for p in exc.problems]
    if problems:
        raise ValidationError(problems)
    zone = zoneinfo.ZoneInfo(mission.timezone) if mission is not None else plan.zone
    return {pid: w for pid, w in windows.items() if w and pid in ids}, zone


def _table_labels(plan: EventPlan, a_ids: tuple[str, ...], b_ids: tuple[str, ...]) -> tuple[str, ...]:
    if plan.hosts == "A":
        return a_ids
    if plan.hosts == "B":
        return b_ids
    if plan.table_labels:
        return plan.table_labels
    return _numbered(plan.tables if plan.tables is not None else len(a_ids))


@lru_cache(maxsize=16)
def _numbered(n: int) -> tuple[str, ...]:
    """``("1", "2", ..., str(n))``: the same few sizes come back call after call (2,000
    labels, one per side-A participant, take half a millisecond to write)."""
    return tuple(str(i + 1) for i in range(n))


def _slot_of(when: object, plan: EventPlan) -> int | None:
    slots = plan.slots
    if isinstance(when, (int, np.integer)) and not isinstance(when, bool):
        return int(when) if 0 <= when < len(slots) else None
    if isinstance(when, dt.datetime):
        aware = when if when.tzinfo is not None else when.replace(tzinfo=plan.zone)
        hits = [s.index for s in slots if s.start == aware]
        return hits[0] if hits else None
    if isinstance(when, dt.time) and len(plan.days) == 1:
        return _slot_of(dt.datetime.combine(plan.days[0], when), plan)
    return None


class _MeetingArrays(NamedTuple):
    """The meetings to place: meeting ``e`` is ``row_ids[rows[e]]`` (side A) with ``col_ids[cols[e]]``."""

    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    rows: IntArray
    cols: IntArray

    def claimer(self) -> Callable[[str, str], int | None]:
        """``claim(a, b)``: the next meeting of the pair not claimed yet (``None`` when none is
        left), so that a pair met twice takes its pins or its previous places one by one."""
        occurrences: dict[tuple[str, str], list[int]] = defaultdict(list)
        for e, (r, c) in enumerate(zip(self.rows.tolist(), self.cols.tolist(), strict=True)):
            occurrences[(self.row_ids[r], self.col_ids[c])].append(e)
        used: dict[tuple[str, str], int] = defaultdict(int)

        def claim(a: str, b: str) -> int | None:
            mine, k = occurrences.get((a, b), []), used[(a, b)]
            if k >= len(mine):
                return None
            used[(a, b)] = k + 1
            return mine[k]

        return claim


def _read_pins(
    pinned: Iterable[Pin] | None,
    given: _MeetingArrays,
    plan: EventPlan,
    labels: tuple[str, ...],
    allowed: BoolArray,
    tables: int | None,
) -> tuple[IntArray, IntArray]:
    """Slot and table (``-1``: none) of every meeting from the pins; checked before any work."""
    pin_slot = np.full(len(given.rows), -1, dtype=np.intp)
    pin_table = np.full(len(given.rows), -1, dtype=np.intp)
    if not pinned:
        return pin_slot, pin_table
    claim = given.claimer()
    problems: list[Problem] = []
    for n, item in enumerate(pinned):
        table: str | None
        when: object
        if isinstance(item, ScheduledMeeting):
            a, b, when, table = item.a, item.b, item.start, item.table
        elif isinstance(item, Sequence) and len(item) in (3, 4):
            a, b, when = str(item[0]), str(item[1]), item[2]
            table = str(item[3]) if len(item) == 4 else None
        else:
            problems.append(
                Problem(f"pin {n} is {item!r}, not (a_id, b_id, when[, table])", kind="invalid-pin")
            )
            continue
        e = claim(a, b)
        if e is None:
            problems.append(
                Problem(
                    "pinned meeting is not among the meetings to schedule",
                    kind="invalid-pin",
                    participants=(a, b),
                    data={"pin": n},
                )
            )
            continue
        s = _slot_of(when, plan)
        if s is None:
            problems.append(
                Problem(
                    f"pinned time {when!r} is not a slot of the plan",
                    kind="invalid-pin",
                    participants=(a, b),
                    hint="use a slot index or a slot's start time",
                    data={"pin": n},
                )
            )
            continue
        if not allowed[e, s]:
            problems.append(
                Problem(
                    f"pinned at {plan.slots[s]}, outside their availability",
                    kind="invalid-pin",
                    participants=(a, b),
                    data={"pin": n},
                )
            )
        pin_slot[e] = s
        if table is not None and plan.hosts is None:
            if table not in labels:
                problems.append(
                    Problem(
                        f"pinned table {table!r} is not a table of the plan",
                        kind="invalid-pin",
                        participants=(a, b),
                        data={"pin": n},
                    )
                )
            else:
                pin_table[e] = labels.index(table)
    problems += _pin_clashes(given, pin_slot, pin_table, tables, plan, labels)
    if problems:
        raise ValidationError(problems)
    return pin_slot, pin_table


def _pin_clashes(
    given: _MeetingArrays,
    pin_slot: IntArray,
    pin_table: IntArray,
    tables: int | None,
    plan: EventPlan,
    labels: tuple[str, ...],
) -> list[Problem]:
    """The timetable rules a set of pins breaks on its own, in the words of a pin.

    The clashes are found by the rules the solvers' self-check and ``validate`` use
    (:func:`double_booking_rule`, :func:`table_rule`, :func:`capacity_rule`), run on the
    pinned meetings only.
    """
    a_ids, b_ids, rows, cols = given
    ids, n_rows, slots = (*a_ids, *b_ids), len(a_ids), plan.slots
    problems = [
        Problem(
            f"pinned to two meetings at {slots[p.data['slot']]}",
            kind="invalid-pin",
            participants=p.participants,
        )
        for p in double_booking_rule(rows, cols, pin_slot, n_rows, ids=ids)
        if isinstance(p.data["slot"], int)
    ]
    with_table = np.where(pin_table >= 0, pin_slot, -1)
    problems += [
        Problem(
            f"two pinned meetings share a table at {slots[p.data['slot']]}",
            kind="invalid-pin",
            participants=p.participants[:2],  # the first meeting at that table
        )
        for p in table_rule(
            rows, cols, with_table, pin_table, n_rows, ids=ids, table_labels=labels, slots=slots
        )
        if p.kind == "table-double-booked" and isinstance(p.data["slot"], int)
    ]
    if tables is not None:
        problems += [
            Problem(
                f"{p.data['meetings']} meetings pinned at {slots[p.data['slot']]} but only {tables} tables",
                kind="invalid-pin",
                field="tables",
            )
            for p in capacity_rule(pin_slot, np.full(len(slots), tables, dtype=np.intp))
            if isinstance(p.data["slot"], int)
        ]
    return problems


def _read_previous(
    previous: Schedule | None, given: _MeetingArrays, plan: EventPlan, labels: tuple[str, ...]
) -> tuple[IntArray, IntArray]:
    """Previous slot (in this plan, by start time) and table of every meeting; ``-1`` when none."""
    prefer = np.full(len(given.rows), -1, dtype=np.intp)
    table = np.full(len(given.rows), -1, dtype=np.intp)
    if previous is None:
        return prefer, table
    if not isinstance(previous, Schedule):
        raise ValidationError(
            Problem(
                f"previous must be a Schedule, got {type(previous).__name__}", kind="type", field="previous"
            )
        )
    claim = given.claimer()
    grid = {(s.start, s.end): s.index for s in plan.slots}
    label_index = {label: i for i, label in enumerate(labels)}
    for m in sorted(previous.meetings, key=lambda m: m.index):
        e = claim(m.a, m.b)
        if e is not None:
            prefer[e] = grid.get((m.start, m.end), -1)
            table[e] = label_index.get(m.table, -1)
    return prefer, table


def _tables(
    plan: EventPlan,
    rows: IntArray,
    cols: IntArray,
    slot: IntArray,
    labels: tuple[str, ...],
    pin_table: IntArray,
    old_table: IntArray,
) -> IntArray:
    if plan.hosts is not None:
        return np.where(slot >= 0, rows if plan.hosts == "A" else cols, -1).astype(np.intp)
    n_tables = len(labels)  # without a limit: one per side-A participant, never too few
    # A meeting's own table is its side-A participant's, wrapped round the tables; with one
    # table per side-A participant (no limit) no row wraps, and the division is skipped.
    own = rows if int(rows.max(initial=-1)) < n_tables else rows % max(n_tables, 1)
    if pin_table.max(initial=-1) < 0 and old_table.max(initial=-1) < 0:
        # Nothing pinned to a table, no previous tables: every claim has the same priority.
        return assign_tables(slot, n_tables, own)
    preferred = np.where(pin_table >= 0, pin_table, np.where(old_table >= 0, old_table, own))
    priority = np.where(pin_table >= 0, 0, np.where(old_table >= 0, 1, 2))
    return assign_tables(slot, n_tables, preferred, priority)


def _moves(
    previous: Schedule,
    given: _MeetingArrays,
    slot: IntArray,
    table: IntArray,
    labels: tuple[str, ...],
    plan: EventPlan,
) -> tuple[Move, ...]:
    """The meetings of ``previous`` whose start or table the new timetable changed."""
    claim = given.claimer()
    moves: list[Move] = []
    slots = plan.slots
    for m in sorted(previous.meetings, key=lambda m: m.index):
        e = claim(m.a, m.b)
        if e is None:
            continue
        s = int(slot[e])
        new_start = slots[s].start if s >= 0 else None
        new_table = labels[table[e]] if s >= 0 else None
        if new_start != m.start or new_table != m.table:
            moves.append(Move(m.a, m.b, e, m.start, new_start, m.table, new_table))
    return tuple(moves)
