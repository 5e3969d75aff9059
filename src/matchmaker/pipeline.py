"""The whole job in one call: score → match → schedule, with the event's slots as capacities.

:func:`run` is what ``matchmaker demo`` and ``matchmaker run`` do; each step is also a
public function (:func:`matchmaker.score`, :func:`matchmaker.match`,
:func:`matchmaker.schedule`) for callers who want to control it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
from numpy.typing import NDArray

from matchmaker._flow import bipartite_flow
from matchmaker.assignment import Capacities, Matching, match
from matchmaker.assignment.capacities import Bound
from matchmaker.assignment.inputs import check_keywords
from matchmaker.errors import InfeasibleError, JSONValue, Problem, ValidationError
from matchmaker.model.availability import TimeWindow
from matchmaker.model.groups import GroupMission, group_features
from matchmaker.model.mission import Mission
from matchmaker.quotas import Quota
from matchmaker.reporting.evaluate import Evaluation, evaluate
from matchmaker.results import RunResult
from matchmaker.scheduling import EventPlan, ResolvedEvent, Schedule, ScheduleOptions, resolve_event, schedule
from matchmaker.scheduling.plan import grid_column_problem, is_grid_column
from matchmaker.scoring import DEFAULT_MIN_SCORE, ScoreOptions, Scores, Weights, score
from matchmaker.scoring.sparse import SparseScores

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing.Unpack from Python 3.11; only the checker reads it

    from matchmaker.groups import GroupResult
    from matchmaker.reporting.shortfalls import Shortfall

__all__ = [
    "DEFAULT_MAX_B",
    "MatchmakingResult",
    "RunOptions",
    "check",
    "default_plan",
    "event_capacities",
    "run",
]

#: Default most meetings of a side-B participant (issue: "each buyer 2 to 4"); more when side A
#: is the larger side (see :func:`event_capacities`).
DEFAULT_MAX_B = 4


def default_plan() -> EventPlan:
    """A realistic one-day plan: 09:00–16:00, 20-minute meetings, 5-minute buffers,
    lunch 12:00–13:00, each side-A participant hosting at its own table.

    >>> import dataclasses, datetime as dt
    >>> len(dataclasses.replace(default_plan(), days=(dt.date(2020, 12, 2),)).slots)
    14
    """
    return EventPlan(
        start=dt.time(9),
        end=dt.time(16),
        meeting=dt.timedelta(minutes=20),
        buffer=dt.timedelta(minutes=5),
        breaks=(TimeWindow(dt.time(12), dt.time(13)),),
        hosts="A",
    )


def event_capacities(
    scores: Scores | SparseScores,
    plan: EventPlan | ResolvedEvent,
    *,
    max_meetings: Bound = None,
    min_meetings: Bound = None,
    allowed: tuple[NDArray[np.intp], NDArray[np.intp]] | None = None,
    min_score: float | None = None,
) -> Capacities:
    """Meeting bounds derived from the event: nobody gets more meetings than slots they can attend.

    Rows are side A, columns side B.  Defaults (each side's entry of ``max_meetings`` /
    ``min_meetings`` may be given instead, ``None`` keeping the default):

    * side A (the hosts of the tables) meets up to once per slot it is available;
    * side B meets up to ``max(DEFAULT_MAX_B, 2 · ceil(n_A / n_B))`` partners (or its own
      ``min_meetings`` when higher): 4 as the
      organisers ask ("each buyer 2 to 4"), more when side A is the larger side, so that
      side B's time covers every side-A participant twice over and each can meet a
      partner it really trades with, not only a floor (101 × 46: 6; 46 × 115: 4);
    * both sides get a floor of one meeting (fairness) when they can be given one: the
      floors go to the largest set of side-B participants that side A can serve at the
      same time, then to the largest set of side-A participants that side B can serve
      with what it has left, each through an allowed pair scoring at least
      ``min_score`` (and above 0) with a slot in common, after the must-meet pairs have
      taken their share of the time and of a shared pool of tables.  Both are maximum
      flows whose capacities add up (side A keeps one slot for its own floor while
      serving side B's), so the floors never make the request infeasible on their own.
      A participant with a must-meet pair has its floor met.

    A participant's own ``min_meetings``/``max_meetings`` (from the participant file)
    override the defaults, and every maximum is then capped at the participant's free
    slots.  ``allowed`` are the ``(rows, cols)`` of the pairs a floor may use (allowed,
    scoring above 0 and at least ``min_score``, with a slot in common); computed from the scores
    (dense or sparse) when not given.  ``plan`` may be the event already resolved for the
    mission (:func:`~matchmaker.scheduling.resolve_event`), as :func:`run` passes it.

    Raises
    ------
    InfeasibleError
        When a participant's own minimum exceeds the slots they are available for.
    """
    mission = scores.mission
    if mission is None:
        raise ValueError("event_capacities needs scores computed from a mission")
    event = plan if isinstance(plan, ResolvedEvent) else resolve_event(plan, mission)
    if event.mission is not mission:
        raise ValueError("event_capacities needs the event resolved for the scores' mission")
    plan = event.plan
    free_a, free_b = event.free_a, event.free_b
    lo_a, lo_b = min_meetings if isinstance(min_meetings, tuple) else (min_meetings, min_meetings)
    hi_a, hi_b = max_meetings if isinstance(max_meetings, tuple) else (max_meetings, max_meetings)
    n_a, n_b = scores.shape
    hi_a = free_a if hi_a is None else hi_a
    if hi_b is None:  # a default the participant never wrote: never below their own minimum
        own = np.array([p.min_meetings or 0 for p in mission.side("B")], dtype=np.int64)
        hi_b = np.maximum(max(DEFAULT_MAX_B, 2 * -(-n_a // max(n_b, 1))), own)
    build = functools.partial(
        Capacities.build, scores.shape, mission=mission, row_ids=scores.row_ids, col_ids=scores.col_ids
    )
    if lo_a is None or lo_b is None:  # the fairness floors: sized by what the other side can serve
        ceiling = build((0, 0), (hi_a, hi_b))
        if allowed is None and isinstance(scores, SparseScores):
            allowed = _sparse_allowed(scores, (event.available_a, event.available_b), min_score)[1]
        elif allowed is None:
            allowed = _dense_allowed(scores, event.no_common_slot, min_score)
        forced = np.asarray(scores.forced, dtype=np.intp).reshape(-1, 2)
        met_a = np.bincount(forced[:, 0], minlength=n_a) > 0
        met_b = np.bincount(forced[:, 1], minlength=n_b) > 0
        # must-meet pairs take their tables first; the floors share what is left
        room_a = np.minimum(ceiling.row_max, free_a) - np.bincount(forced[:, 0], minlength=n_a)
        room_b = np.minimum(ceiling.col_max, free_b) - np.bincount(forced[:, 1], minlength=n_b)
        pool = _table_pool(plan)
        if pool is not None:
            pool -= len(forced)
        floor_b, used_a = np.zeros(n_b, dtype=np.int64), np.zeros(n_a, dtype=np.int64)
        if lo_b is None:
            wants_b = np.where(met_b, 0, np.maximum(room_b, 0))
            floor_b, used_a = _servable(allowed[0], allowed[1], np.maximum(room_a, 0), wants_b, pool)
            lo_b = np.maximum(floor_b, met_b)
        if lo_a is None:
            # side A met by side B's floors has its own; the others share what side B has left
            covered = (used_a > 0) | met_a
            wants_a = np.where(covered, 0, np.maximum(room_a, 0))
            left = None if pool is None else pool - int(floor_b.sum())
            room = np.maximum(room_b - floor_b, 0)
            lo_a = np.maximum(_servable(allowed[1], allowed[0], room, wants_a, left)[0], covered)
    caps = build((lo_a, lo_b), (hi_a, hi_b))
    problems = []
    for ids, lo, free in ((scores.row_ids, caps.row_min, free_a), (scores.col_ids, caps.col_min, free_b)):
        for i in np.flatnonzero(lo > free).tolist():
            problems.append(
                Problem(
                    f"wants at least {lo[i]} meetings but is available for only {free[i]} slots of the plan",
                    kind="min-above-free-slots",
                    participants=(ids[i],),
                    field="min_meetings",
                    hint="lower their min_meetings or widen their availability",
                    data={"min_meetings": int(lo[i]), "free_slots": int(free[i])},
                )
            )
    if problems:
        raise InfeasibleError(problems)
    return Capacities(
        caps.row_min, np.minimum(caps.row_max, free_a), caps.col_min, np.minimum(caps.col_max, free_b)
    )


def _dense_allowed(
    scores: Any, apart: NDArray[np.bool_], min_score: float | None = None
) -> tuple[NDArray[Any], NDArray[Any]]:
    """The pairs of dense scores a floor may use: allowed, above 0 and at least ``min_score``,
    with a common slot."""
    good = (scores.total > 0) & ~scores.forbidden & ~apart
    if min_score is not None:
        good &= scores.total >= min_score
    rows, cols = np.nonzero(good)
    return rows, cols


def _worthless(scores: Scores | SparseScores, apart: Any) -> Any:
    """``apart`` (a dense mask or sparse (k, 2) pairs) with the pairs scoring 0 or less
    added, must-meet pairs excepted."""
    forced = np.asarray(scores.forced, dtype=np.intp).reshape(-1, 2)
    if isinstance(scores, Scores):
        mask = apart | (scores.total <= 0)
        mask[forced[:, 0], forced[:, 1]] = apart[forced[:, 0], forced[:, 1]]
        return mask
    pairs = scores.pairs
    zero = scores.total.data <= 0
    if forced.size:
        n_b = max(scores.shape[1], 1)
        zero &= ~np.isin(
            pairs[:, 0].astype(np.int64) * n_b + pairs[:, 1],
            forced[:, 0].astype(np.int64) * n_b + forced[:, 1],
        )
    return np.concatenate([np.asarray(apart, dtype=np.intp).reshape(-1, 2), pairs[zero]])


def _table_pool(plan: EventPlan) -> int | None:
    """Meetings a shared pool of tables holds over the event (None: a table per host)."""
    return len(plan.slots) * plan.tables if plan.hosts is None and plan.tables is not None else None


def _sparse_allowed(
    scores: SparseScores, free: tuple[NDArray[np.bool_], NDArray[np.bool_]], min_score: float | None = None
) -> tuple[NDArray[np.intp], tuple[NDArray[Any], NDArray[Any]]]:
    """The candidate pairs never free together, and those a floor may use (above 0 and at
    least ``min_score``, a common slot)."""
    pairs = scores.pairs
    together = _common_slot(free, pairs[:, 0], pairs[:, 1])
    useful = together & (scores.total.data > 0)
    if min_score is not None:
        useful &= scores.total.data >= min_score
    return pairs[~together], (pairs[useful, 0], pairs[useful, 1])


def _servable(
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
    cap_a: NDArray[np.int64],
    cap_b: NDArray[np.int64],
    pool: int | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """1 for each column participant in a largest set that the row side can serve at once, else 0;
    and the meetings of that flow each row participant takes.

    A maximum flow (:func:`matchmaker._flow.bipartite_flow`) source → hub (capacity
    ``pool``, the tables shared by all; no limit when None) → rows (``cap_a``) → columns
    (the pairs ``rows``, ``cols``) → sink (1 each, for columns with ``cap_b > 0``);
    scipy's maximum flow is deterministic.  Call it with the sides swapped for the
    floors of side A.
    """
    keep = cap_b[cols] > 0
    rows, cols = rows[keep], cols[keep]
    limit = int(cap_a.sum()) if pool is None else max(min(pool, int(cap_a.sum())), 0)
    flow = bipartite_flow(rows, cols, cap_a, (cap_b > 0).astype(np.int64), pool=limit)
    return (flow.col > 0).astype(np.int64), flow.row


def _check_event(mission: Mission, plan: EventPlan) -> None:
    """Problems of the mission against the plan, found before any work."""
    problems = []
    for label in ("A", "B"):
        if not mission.side(label):
            delegation = mission.delegation(label).name
            problems.append(Problem(f"side {label} ({delegation}) has no participants", kind="empty-side"))
    if plan.hosts in ("A", "B"):  # a host's table is labelled with its id: not a grid column's name
        problems += [
            grid_column_problem(p.id, p.id) for p in mission.side(plan.hosts) if is_grid_column(p.id)
        ]
    days = set(plan.days)
    for p in mission.participants:
        stray = sorted({w.day for w in p.availability if w.day is not None and w.day not in days})
        if stray and all(w.day is not None and w.day not in days for w in p.availability):
            problems.append(
                Problem(
                    f"available only on {', '.join(d.isoformat() for d in stray)}, not an event day "
                    f"({', '.join(d.isoformat() for d in sorted(days))})",
                    kind="availability-outside-event",
                    participants=(p.id,),
                    field="availability",
                    hint="fix the dates of the availability windows, or the plan's days",
                )
            )
    if problems:
        raise ValidationError(problems)
    plan.slots  # noqa: B018 - builds the slot grid, so that a bad plan fails before scoring


def _floor_minimums(
    caps: Capacities,
    allowed: tuple[NDArray[Any], NDArray[Any]],
    unfloored: tuple[NDArray[Any], NDArray[Any]],
    forced: NDArray[np.intp],
) -> Capacities:
    """Minimums lowered to the partners left above the relevance floor, where the floor removed them.

    A participant's minimum that its partners above 0 could meet but those at or above
    ``min_score`` cannot is lowered to the latter (the run reports it short, rather than
    fail because of the floor); a minimum that is infeasible anyway is kept, so that the
    matching diagnoses it.
    """
    n_a, n_b = caps.shape
    counts = []
    for rows, cols in (allowed, unfloored):
        keys = np.unique(
            np.concatenate([rows, forced[:, 0]]).astype(np.int64) * max(n_b, 1)
            + np.concatenate([cols, forced[:, 1]])
        )
        counts.append(
            (np.bincount(keys // max(n_b, 1), minlength=n_a), np.bincount(keys % max(n_b, 1), minlength=n_b))
        )
    (above_a, above_b), (any_a, any_b) = counts
    row_min = np.where(caps.row_min > any_a, caps.row_min, np.minimum(caps.row_min, above_a))
    col_min = np.where(caps.col_min > any_b, caps.col_min, np.minimum(caps.col_min, above_b))
    return Capacities(row_min, caps.row_max, col_min, caps.col_max)


def _check_min_score(min_score: object) -> float:
    """The relevance floor as a number in [0, 1] (``None`` is 0), or a ValidationError naming it."""
    if min_score is None:
        return 0.0
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float, np.integer, np.floating)):
        raise ValidationError(
            Problem(
                f"min_score must be a number from 0 to 1, got {min_score!r}", kind="type", field="min_score"
            )
        )
    if not 0 <= float(min_score) <= 1:  # NaN fails too
        raise ValidationError(
            Problem(
                f"min_score must be a number from 0 to 1, got {min_score!r}",
                kind="out-of-range",
                field="min_score",
                hint=f"the relevance floor is a score; the default is {DEFAULT_MIN_SCORE}",
            )
        )
    return float(min_score)


def _common_slot(
    free: tuple[NDArray[np.bool_], NDArray[np.bool_]], rows: Any, cols: Any
) -> NDArray[np.bool_]:
    """Whether each pair ``(rows[k], cols[k])`` has a slot in which both are free."""
    common: NDArray[np.bool_] = (free[0][rows] & free[1][cols]).any(axis=1)
    return common


def _check_forced(scores: Any, free: tuple[NDArray[np.bool_], NDArray[np.bool_]], mission: Mission) -> None:
    """A must-meet pair who are never free at the same time cannot meet: say so, with their windows."""
    forced = np.asarray(scores.forced, dtype=np.intp).reshape(-1, 2)
    problems = []
    for i, j in forced[~_common_slot(free, forced[:, 0], forced[:, 1])].tolist():
        a, b = mission[scores.row_ids[i]], mission[scores.col_ids[j]]
        windows = {p.id: ", ".join(str(w) for w in p.availability) or "the whole event" for p in (a, b)}
        problems.append(
            Problem(
                f"must meet but share no slot of the plan ({a.id}: {windows[a.id]}; {b.id}: {windows[b.id]})",
                kind="forced-no-common-slot",
                participants=(a.id, b.id),
                hint="widen one of their availability windows or drop the must-meet wish",
            )
        )
    if problems:
        raise InfeasibleError(problems)


@dataclass(frozen=True, eq=False)
class MatchmakingResult(RunResult):
    """Everything one run produced: scores, the matching, its timetable and a greedy baseline;
    ``event`` is the plan resolved for the mission (slots, availability), built once per run.
    ``summary()`` and ``export()`` as a group result's (:class:`~matchmaker.results.RunResult`)."""

    mission: Mission
    plan: EventPlan
    scores: Scores | SparseScores
    capacities: Capacities
    matching: Matching
    schedule: Schedule
    baseline: Matching | None = None
    event: ResolvedEvent | None = None

    @functools.cached_property
    def evaluation(self) -> Evaluation:
        """Metrics of the schedule (see :func:`matchmaker.evaluate`)."""
        return evaluate(self.schedule, self.scores)

    @functools.cached_property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        """Participants who got fewer meetings than they asked for, and why
        (see :func:`matchmaker.reporting.shortfalls.shortfalls`)."""
        from matchmaker.reporting.shortfalls import shortfalls  # it reads this result: import when needed

        return shortfalls(self)

    def replace(
        self,
        *,
        matching: Matching | None = None,
        schedule: Schedule | None = None,
        capacities: Capacities | None = None,
        baseline: Matching | None = None,
    ) -> MatchmakingResult:
        """A copy with the parts given replaced (the mission, plan and scores stay)."""
        return dataclasses.replace(
            self,
            matching=self.matching if matching is None else matching,
            schedule=self.schedule if schedule is None else schedule,
            capacities=self.capacities if capacities is None else capacities,
            baseline=self.baseline if baseline is None else baseline,
        )


def run(
    mission: Mission | GroupMission,
    plan: EventPlan | None = None,
    *,
    weights: Weights | Mapping[str, float] | None = None,
    method: str = "auto",
    max_meetings: Bound = None,
    min_meetings: Bound = None,
    baseline: bool = True,
    top_k: int | None = None,
    min_score: float | None = DEFAULT_MIN_SCORE,
    score_options: ScoreOptions | Mapping[str, object] | None = None,
    schedule_options: ScheduleOptions | None = None,
    scores: Scores | SparseScores | None = None,
    quotas: Sequence[Quota] = (),
) -> MatchmakingResult | GroupResult:
    """Score a mission, choose who meets whom within the event's capacity, and timetable it.

    Parameters
    ----------
    mission : Mission or GroupMission
        The participants and the event.  A :class:`~matchmaker.model.groups.GroupMission`
        (more than two delegations, or a rule of which meet), a two-delegation mission
        using teams, online-only participants or group meetings, or any mission with
        ``quotas`` goes the group path (:func:`matchmaker.groups.run_group_path`) and
        gives a :class:`~matchmaker.groups.GroupResult` (the same interface: ``matching``,
        ``schedule``, ``summary()``, ``export()``, ``shortfalls``); every other mission
        gives a :class:`MatchmakingResult` exactly as before.  On the group path
        ``baseline`` is not run, and ``score_options``, ``schedule_options`` and
        ``scores`` are refused.
    plan : EventPlan, optional
        Slots, breaks and tables (default :func:`default_plan`); the mission's date and
        time zone fill in what the plan leaves open.
    weights : Weights or mapping, optional
        Score weights (see :func:`matchmaker.score`).
    method : str
        Matching method (see :func:`matchmaker.match`).
    max_meetings, min_meetings : optional
        Bounds as :func:`matchmaker.match` takes them (for everyone, or ``(side A,
        side B)`` with ``None`` keeping that side's default); defaults and caps from
        :func:`event_capacities`.
    baseline : bool
        Also run ``greedy`` with the same bounds, for comparison.
    top_k : int, optional
        Score sparsely (:func:`matchmaker.scoring.score_sparse`): only each participant's
        ``top_k`` best partners (both ways), wished and forced pairs are candidates.  For
        large missions, where the A×B matrix does not fit (see ``docs/scale.md``).
    min_score : float, optional
        The relevance floor, in [0, 1]: pairs scoring below it never meet (must-meet
        pairs excepted), even when a participant then has free slots.  Default
        :data:`~matchmaker.scoring.DEFAULT_MIN_SCORE` (0.15): a pair that shares only a
        broad sector scores below it (``docs/scoring.md``), so such pairs do not fill
        free slots.  ``0`` or ``None`` lets any pair with a positive score meet; pairs
        scoring 0 never do.  A minimum number of meetings that only partners below the
        floor could fill is lowered to the partners above it (the participant is then
        short, not the run infeasible).
    score_options : ScoreOptions or mapping, optional
        More arguments for :func:`matchmaker.score` (a mapping names some options).
    schedule_options : ScheduleOptions, optional
        More arguments for :func:`matchmaker.schedule` (a dict of its keywords).
    scores : Scores or SparseScores, optional
        This mission's scores, already computed (e.g. for :func:`check`): dense without
        ``top_k``, sparse with it; ``weights`` and ``score_options`` are then not used.
    quotas : sequence of Quota
        Floors and caps on meetings by participant attribute (:mod:`matchmaker.quotas`),
        enforced exactly on the group path.

    A shared pool of tables caps the meetings: ``flow``, ``greedy`` and ``milp`` keep
    the best meetings that fit; ``stable`` and ``hungarian`` results are cut down to the
    pool (must-meet pairs first, then by score) and what was left out is listed in
    ``result.matching.violations`` (kind ``"table-pool-full"``).

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> result = run(east_java_south_sumatra_2020())
    >>> result.matching.objective >= result.baseline.objective
    True
    >>> result.schedule.n_placed == len(result.matching.pairs)
    True
    """
    options = RunOptions(
        weights=weights,
        method=method,
        max_meetings=max_meetings,
        min_meetings=min_meetings,
        top_k=top_k,
        min_score=min_score,
        score_options=score_options,
        scores=scores,
    )
    if isinstance(mission, GroupMission) or quotas or group_features(mission):
        unsupported = {"score_options": score_options, "schedule_options": schedule_options, "scores": scores}
        common = {k: v for k, v in options.items() if k not in unsupported}
        return _group_path(mission, plan, quotas=quotas, unsupported=unsupported, **common)
    ready = _prepare(mission, plan, options)
    plan, scores, caps, request = ready.plan, ready.scores, ready.capacities, ready.request
    try:
        matching = match(scores, method, **request)
        greedy = match(scores, "greedy", **request) if baseline else None
    except InfeasibleError as exc:
        raise InfeasibleError(_with_origins(exc.problems, mission, min_meetings, scores)) from None
    pool = _table_pool(plan)
    if pool is not None and "max_total" not in request:
        matching = _fit_pool(matching, pool, plan)
    timetable = schedule(matching, ready.event, **(schedule_options or ScheduleOptions()))
    return MatchmakingResult(mission, plan, scores, caps, matching, timetable, greedy, ready.event)


def _group_path(
    mission: Mission | GroupMission,
    plan: EventPlan | None,
    *,
    unsupported: Mapping[str, object],
    **options: Any,
) -> GroupResult:
    """:func:`run` for teams, online or group meetings, more than two delegations or quotas."""
    from matchmaker.groups import run_group_path

    given = sorted(name for name, value in unsupported.items() if value)
    if given:
        raise ValidationError(
            Problem(
                f"{', '.join(given)} cannot be given for this mission: it goes the group path "
                "(more than two delegations, teams, online or group meetings, or quotas)",
                kind="group-path",
                field=given[0],
                hint="leave them out; the group path scores and timetables by itself",
            )
        )
    return run_group_path(mission, plan or default_plan(), max_b=DEFAULT_MAX_B, **options)


#: Methods that take ``max_total`` (a shared pool of tables) themselves; others are trimmed.
_POOL_METHODS = ("auto", "flow", "greedy", "milp")


class RunOptions(TypedDict, total=False):
    """The keywords :func:`run` and :func:`check` share (see :func:`run` for each; all optional)."""

    weights: Weights | Mapping[str, float] | None
    method: str
    max_meetings: Bound
    min_meetings: Bound
    top_k: int | None
    min_score: float | None
    score_options: ScoreOptions | Mapping[str, object] | None
    scores: Scores | SparseScores | None


@dataclass(frozen=True)
class _Ready:
    """Everything :func:`run` settles before solving."""

    plan: EventPlan
    scores: Scores | SparseScores
    capacities: Capacities
    request: dict[str, Any]
    event: ResolvedEvent


def _prepare(mission: Mission, plan: EventPlan | None, options: RunOptions) -> _Ready:
    """The checks and the work of :func:`run` before solving: plan, scores, bounds, request."""
    weights, method, top_k = options.get("weights"), options.get("method", "auto"), options.get("top_k")
    max_meetings, min_meetings = options.get("max_meetings"), options.get("min_meetings")
    min_score, scores = options.get("min_score", DEFAULT_MIN_SCORE), options.get("scores")
    score_options = options.get("score_options")
    plan = (plan or default_plan()).resolved(mission)
    _check_event(mission, plan)
    event = resolve_event(plan, mission)  # slots and availability, once for the whole run
    floor = _check_min_score(min_score)
    if scores is not None and (
        scores.mission is not mission or (top_k is not None) != isinstance(scores, SparseScores)
    ):
        raise ValidationError(
            Problem(
                "scores= must be the scores of this very mission (dense without top_k, sparse with it)",
                kind="mismatch",
                field="scores",
            )
        )
    scoring = (
        score_options
        if isinstance(score_options, ScoreOptions)
        else ScoreOptions.from_keywords(score_options or {})
    )
    free = (event.available_a, event.available_b)
    if top_k is None:
        scores = scores if scores is not None else score(mission, weights, options=scoring)
        assert isinstance(scores, Scores)
        apart: Any = event.no_common_slot  # an A×B mask of pairs never free together
        allowed = _dense_allowed(scores, apart, floor)
    else:
        scores = scores if scores is not None else score(mission, weights, top_k=top_k, options=scoring)
        assert isinstance(scores, SparseScores)
        # only candidate pairs can be chosen: check those
        apart, allowed = _sparse_allowed(scores, free, floor)
    _check_forced(scores, free, mission)
    # a pair worth nothing (no common interest) never meets unless it must: every method
    # alike, and a participant without a plausible partner is reported, not given one
    apart = _worthless(scores, apart)
    try:
        caps = event_capacities(
            scores, event, max_meetings=max_meetings, min_meetings=min_meetings, allowed=allowed
        )
    except InfeasibleError as exc:
        raise InfeasibleError(_with_origins(exc.problems, mission, min_meetings, scores)) from None
    if floor > 0:
        unfloored = (
            _sparse_allowed(scores, free)[1]
            if isinstance(scores, SparseScores)
            else _dense_allowed(scores, apart, 0.0)
        )
        forced_pairs = np.asarray(scores.forced, dtype=np.intp).reshape(-1, 2)
        caps = _floor_minimums(caps, allowed, unfloored, forced_pairs)
    request: dict[str, Any] = {"capacities": caps, "forbidden": apart, "min_score": floor}
    pool = _table_pool(plan)
    if pool is not None and method in _POOL_METHODS:
        request["max_total"] = pool  # a shared pool of tables: keep the best meetings that fit
    return _Ready(plan, scores, caps, request, event)


def check(
    mission: Mission,
    plan: EventPlan | None = None,
    *,
    matching_checks: bool = True,
    **options: Unpack[RunOptions],
) -> tuple[Shortfall, ...]:
    """Every check :func:`run` makes before solving, without solving; the warnings it finds.

    Takes :func:`run`'s arguments.  Raises what :func:`run` would raise before its
    solver starts, with the same messages: :class:`~matchmaker.errors.ValidationError`
    (an empty side, availability only outside the event days, a bad ``min_score``, bounds
    that contradict each other) and :class:`~matchmaker.errors.InfeasibleError` (a
    must-meet pair that is vetoed or never free together, a minimum above a participant's
    free slots or possible partners, floors that cannot all be met), each naming the
    participants and where a bound came from.  ``matchmaker validate`` runs it.

    ``matching_checks=False`` leaves out the checks :func:`matchmaker.match` makes
    itself before solving (must-meet pairs against vetoes and capacities, floors against
    partners): for a caller that runs :func:`run` next, which makes them anyway.

    Returns
    -------
    tuple of Shortfall
        The participants who cannot get the meetings they ask for (see
        :func:`matchmaker.reporting.shortfalls.foreseeable_shortfalls`): warnings, not errors.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> warnings = check(east_java_south_sumatra_2020())  # feasible: no error raised
    >>> sorted({w.reason for w in warnings})
    ['all-partners-vetoed', 'no-plausible-partner']
    """
    from matchmaker.assignment import diagnose
    from matchmaker.reporting.shortfalls import foreseeable_shortfalls

    check_keywords("check", options, RunOptions.__annotations__)
    ready = _prepare(mission, plan, options)
    request = {k: v for k, v in ready.request.items() if k != "max_total"}
    found = diagnose(ready.scores, **request) if matching_checks else ()
    if found:
        raise InfeasibleError(_with_origins(found, mission, options.get("min_meetings"), ready.scores))
    return foreseeable_shortfalls(mission, ready.event, ready.scores, min_score=ready.request["min_score"])


def _count(value: JSONValue) -> int:
    """A count read from ``Problem.data`` (0 when the record lacks it)."""
    return int(value) if isinstance(value, (int, float)) else 0


def _with_origins(
    problems: tuple[Problem, ...], mission: Mission, min_meetings: Bound, scores: Scores | SparseScores
) -> list[Problem]:
    """The problems, each traced to where it came from: a vetoed must-meet pair names its
    veto (do_not_meet, a certification), a participant's minimum names its source (the
    participant file, or the run's bounds: ``min_meetings=``, a config's ``min_a``/``min_b``).

    A floor the run derived itself (the one meeting a must-meet wish implies) is left out
    when the must-meet pair is already reported as vetoed: one cause, one message.
    """
    vetoed = {pid for p in problems if p.kind == "forced-forbidden" for pid in p.participants}
    lo_a, lo_b = min_meetings if isinstance(min_meetings, tuple) else (min_meetings, min_meetings)
    out = []
    for p in problems:
        if p.kind == "forced-forbidden" and len(p.participants) == 2:
            try:
                why = scores.explain(*p.participants).forbidden_reasons
            except (ValueError, KeyError, IndexError):
                why = ()
            if why:
                p = dataclasses.replace(p, message=f"{p.message}: {'; '.join(why)}")
            out.append(p)
            continue
        if p.kind not in ("too-few-partners", "min-above-free-slots") or len(p.participants) != 1:
            out.append(p)
            continue
        pid = p.participants[0]
        person = next((q for q in mission.participants if q.id == pid), None)
        side = mission.locate(pid)[0] if person is not None else "?"
        asked = lo_a if side == "A" else lo_b
        if person is not None and person.min_meetings is None and asked is None and pid in vetoed:
            continue
        if p.kind == "too-few-partners":
            bound, have = _count(p.data.get("bound")), _count(p.data.get("value"))
            what = f"{pid} has {have} possible partner{'s' if have != 1 else ''}"
            hint = (
                "lower the minimum, or allow more partners (do_not_meet, required certifications, "
                "min_score, availability)"
            )
        else:
            bound, have = _count(p.data.get("min_meetings")), _count(p.data.get("free_slots"))
            windows = ", ".join(str(w) for w in person.availability) if person is not None else ""
            what = f"{pid} is free for {have} slot{'s' if have != 1 else ''} of the plan" + (
                f" ({windows})" if windows else ""
            )
            hint = "lower the minimum or widen their availability"
        if person is not None and person.min_meetings is not None:
            origin, where = f"your file's min_meetings {bound} for {pid}", "file"
        elif asked is not None:
            origin = f"the run's min_meetings {bound} for side {side} (min_{side.lower()} in a config)"
            where = "run"
        else:
            origin, where = (
                f"the {bound} meeting{'s' if bound != 1 else ''} {pid}'s must-meet wishes need",
                "must_meet",
            )
        out.append(
            Problem(
                f"{origin}; {what}",
                kind=p.kind,
                participants=p.participants,
                field="min_meetings",
                hint=hint,
                data={**p.data, "origin": where},
            )
        )
    return out


def _fit_pool(matching: Matching, pool: int, plan: EventPlan) -> Matching:
    """A matching cut down to a shared pool of ``pool`` meetings (for methods that cannot
    take the cap themselves): must-meet pairs first, then the best scores; what was cut
    is reported in ``violations`` (kind ``"table-pool-full"``), never dropped silently."""
    pairs = np.asarray(matching.pairs, dtype=np.intp).reshape(-1, 2)
    if len(pairs) <= pool:
        return matching
    forced = matching.problem.forced if matching.problem is not None else np.zeros((0, 2), np.intp)
    n_b = max(len(matching.col_ids), 1)
    keys = pairs[:, 0].astype(np.int64) * n_b + pairs[:, 1]
    must = np.isin(keys, forced[:, 0].astype(np.int64) * n_b + forced[:, 1])
    order = np.lexsort((np.arange(len(pairs)), -np.asarray(matching.scores), ~must))
    keep = np.sort(order[:pool])
    cut = np.sort(order[pool:])
    names = ", ".join(f"{matching.row_ids[r]} – {matching.col_ids[c]}" for r, c in pairs[cut[:6]].tolist())
    more = f" and {len(cut) - 6} more" if len(cut) > 6 else ""
    problem = Problem(
        f"{matching.method} chose {len(pairs)} meetings but the shared pool of {plan.tables} tables "
        f"holds {pool} over the event; the {len(cut)} lowest-scoring were left out: {names}{more}",
        kind="table-pool-full",
        participants=tuple(
            dict.fromkeys(
                x for r, c in pairs[cut].tolist() for x in (matching.row_ids[r], matching.col_ids[c])
            )
        ),
        hint="add tables or slots, or use method 'flow' (it chooses the best meetings that fit)",
        data={"chosen": len(pairs), "pool": pool, "left_out": len(cut)},
    )
    kept_scores = np.asarray(matching.scores)[keep]
    return dataclasses.replace(
        matching,
        pairs=pairs[keep],
        scores=kept_scores,
        objective=float(kept_scores.sum()),
        violations=(*matching.violations, problem),
    )
