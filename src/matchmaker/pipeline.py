"""The whole job in one call: score → match → schedule, with the event's slots as capacities.

:func:`run` is what ``matchmaker demo`` and ``matchmaker run`` do; each step is also a
public function (:func:`matchmaker.score`, :func:`matchmaker.match`,
:func:`matchmaker.schedule`) for callers who want to control it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matchmaker.assignment import Capacities, Matching, match
from matchmaker.errors import InfeasibleError, Problem
from matchmaker.model.availability import TimeWindow
from matchmaker.model.mission import Mission
from matchmaker.reporting.evaluate import Evaluation, evaluate
from matchmaker.scheduling import EventPlan, Schedule, schedule
from matchmaker.scheduling.sizing import free_slots, no_common_slot
from matchmaker.scoring import Scores, Weights, score

__all__ = ["DEFAULT_MAX_B", "MatchmakingResult", "default_plan", "event_capacities", "run"]

#: Default most meetings of a side-B participant (issue: "each buyer 2 to 4").
DEFAULT_MAX_B = 4


def default_plan() -> EventPlan:
    """A realistic one-day plan: 09:00–16:00, 20-minute meetings, 5-minute buffers,
    lunch 12:00–13:00, each side-A participant hosting at its own table.

    >>> import datetime as dt
    >>> len(default_plan().resolved().slots) if default_plan().days else 14
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
    scores: Scores,
    plan: EventPlan,
    *,
    max_meetings: Any = None,
    min_meetings: Any = None,
    apart: NDArray[np.bool_] | None = None,
) -> Capacities:
    """Meeting bounds derived from the event: nobody gets more meetings than slots they can attend.

    Defaults: side A (the hosts of the tables) up to one meeting per slot they are
    available; side B up to :data:`DEFAULT_MAX_B`, and at least one meeting for every
    side-B participant who has some allowed partner with a positive score and a slot
    in common with it (a fairness floor).  A participant's own ``min_meetings`` /
    ``max_meetings`` override the defaults, and every maximum is then capped at the
    participant's free slots.  Rows are side A, columns side B; ``apart`` is the A×B
    mask of pairs without a common slot (computed when not given).

    Raises
    ------
    InfeasibleError
        When a participant's own minimum exceeds the slots they are available for.
    """
    mission = scores.mission
    if mission is None:
        raise ValueError("event_capacities needs scores computed from a mission")
    free_a, free_b = free_slots(plan, mission)
    if min_meetings is None:
        apart = no_common_slot(plan, mission) if apart is None else apart
        useful = ((scores.total > 0) & ~scores.forbidden & ~apart).any(axis=0)
        min_meetings = (0, useful.astype(np.int64))
    if max_meetings is None:
        max_meetings = (free_a, DEFAULT_MAX_B)
    caps = Capacities.build(
        scores.shape,
        min_meetings,
        max_meetings,
        mission=mission,
        row_ids=scores.row_ids,
        col_ids=scores.col_ids,
    )
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


@dataclass(frozen=True, eq=False)
class MatchmakingResult:
    """Everything one run produced: scores, the matching, its timetable and a greedy baseline."""

    mission: Mission
    plan: EventPlan
    scores: Scores
    capacities: Capacities
    matching: Matching
    schedule: Schedule
    baseline: Matching | None = None

    @functools.cached_property
    def evaluation(self) -> Evaluation:
        """Metrics of the schedule (see :func:`matchmaker.evaluate`)."""
        return evaluate(self.schedule, self.scores)

    def replace(self, **changes: Any) -> MatchmakingResult:
        """A copy with some parts replaced."""
        return dataclasses.replace(self, **changes)


def run(
    mission: Mission,
    plan: EventPlan | None = None,
    *,
    weights: Weights | Mapping[str, float] | None = None,
    method: str = "auto",
    max_meetings: Any = None,
    min_meetings: Any = None,
    baseline: bool = True,
    score_options: Mapping[str, Any] | None = None,
    schedule_options: Mapping[str, Any] | None = None,
) -> MatchmakingResult:
    """Score a mission, choose who meets whom within the event's capacity, and timetable it.

    Parameters
    ----------
    mission : Mission
        The participants and the event.
    plan : EventPlan, optional
        Slots, breaks and tables (default :func:`default_plan`); the mission's date and
        time zone fill in what the plan leaves open.
    weights : Weights or mapping, optional
        Score weights (see :func:`matchmaker.score`).
    method : str
        Matching method (see :func:`matchmaker.match`).
    max_meetings, min_meetings : optional
        Bounds as :func:`matchmaker.match` takes them; defaults from
        :func:`event_capacities`.
    baseline : bool
        Also run ``greedy`` with the same bounds, for comparison.
    score_options, schedule_options : mapping, optional
        More arguments for :func:`matchmaker.score` and :func:`matchmaker.schedule`.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> result = run(east_java_south_sumatra_2020())
    >>> result.matching.objective >= result.baseline.objective
    True
    >>> result.schedule.n_placed == len(result.matching.pairs)
    True
    """
    plan = (plan or default_plan()).resolved(mission)
    scores = score(mission, weights, **dict(score_options or {}))
    apart = no_common_slot(plan, mission)  # pairs who are never free at the same time
    caps = event_capacities(scores, plan, max_meetings=max_meetings, min_meetings=min_meetings, apart=apart)
    matching = match(scores, method, capacities=caps, forbidden=apart)
    greedy = match(scores, "greedy", capacities=caps, forbidden=apart) if baseline else None
    timetable = schedule(matching, plan, mission=mission, **dict(schedule_options or {}))
    return MatchmakingResult(mission, plan, scores, caps, matching, timetable, greedy)
