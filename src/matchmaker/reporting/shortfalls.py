"""Who gets no meeting, or fewer than they asked for, and why.

Two questions, one record (:class:`Shortfall`):

* :func:`foreseeable_shortfalls` answers *before* solving, from the participant file
  (and the plan, and the scores when already computed): who **cannot** get the meetings
  they ask for whatever the matching does, because they are free in no slot of the event
  (``"availability"``), no partner is plausible for them (``"no-plausible-partner"``: none
  scores above 0 and at least ``min_score``, or none is free when they are), or every
  plausible partner is ruled out by a hard rule (``"all-partners-vetoed"``: do-not-meet on
  either side, a required certification, a met-before pair with ``"forbid"``).
* :func:`shortfalls` answers *after* a run: everyone whose placed meetings fall short of
  what they asked for, with the first reason that applies: the three above, then
  ``"unplaced"`` (matched, but the timetable could not place the meeting),
  ``"tables-full"`` (a shared pool of tables ran out) and ``"partners-full"`` (plausible
  partners exist but their caps and slots went to higher-scoring meetings).

On the event day, :meth:`~matchmaker.live.LiveEvent.walk_in` says the same of a walk-in, and
``"arrives-too-late"`` of one arriving too late for every slot it is free for (after it, or
within the re-plans' lead time).

A participant "asks for" their ``min_meetings`` when the file sets it, else one meeting
(none when their ``max_meetings`` is 0).  Rows are side A, columns side B.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import JSONValue
from matchmaker.model.mission import Mission, Side
from matchmaker.model.participant import Participant
from matchmaker.scheduling.event import ResolvedEvent, resolve_event
from matchmaker.scheduling.plan import EventPlan
from matchmaker.scoring import DEFAULT_MIN_SCORE, Scores, score
from matchmaker.scoring.sparse import SparseScores

if TYPE_CHECKING:
    from matchmaker.pipeline import MatchmakingResult

__all__ = [
    "REASONS",
    "Shortfall",
    "foreseeable_shortfalls",
    "shortfalls",
    "unavailable_detail",
    "wanted_meetings",
]

_CHUNK = 1 << 18  # candidate pairs whose common slots are tested at once
_DENSE_BLOCK = 1 << 22  # pairs rescored at once without hard rules (for the participants falling short)

#: Every reason code, in the order they are tested (the last one by ``LiveEvent.walk_in`` only).
REASONS = (
    "availability",
    "no-plausible-partner",
    "all-partners-vetoed",
    "unplaced",
    "tables-full",
    "partners-full",
    "online-only",  # the group path: online only, and everyone it may meet on site only
    "group-meeting",  # the group path: its group meeting cannot be held, or was not placed
    "arrives-too-late",  # the event day: a walk-in arriving too late for every slot it is free for
)


@dataclass(frozen=True, kw_only=True)
class Shortfall:
    """A participant who gets (or will get) fewer meetings than they asked for, and why.

    Attributes
    ----------
    participant : str
        The participant's id.
    side : {"A", "B"}
        Its side (rows = side A).
    wanted : int
        Meetings asked for: the participant's ``min_meetings`` if set, else 1.
    got : int
        Meetings placed in the result (0 before a run).
    reason : str
        A code from :data:`REASONS`.
    detail : str
        One English sentence with the numbers, e.g. ``"available 18:00-20:00, the
        event runs 09:00-16:00"``.
    """

    participant: str
    side: str
    wanted: int
    got: int
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"{self.participant}: {self.got} of {self.wanted} meetings, {self.reason}: {self.detail}"

    def to_dict(self) -> dict[str, JSONValue]:
        """A JSON-ready dict (for ``--json`` output and reports)."""
        return dataclasses.asdict(self)


def wanted_meetings(people: Sequence[Participant]) -> NDArray[np.int64]:
    """Meetings each participant asks for: min_meetings, else 1 (0 when max_meetings is 0);
    both paths count their shortfalls against it."""
    return np.array(
        [p.min_meetings if p.min_meetings is not None else (0 if p.max_meetings == 0 else 1) for p in people],
        dtype=np.int64,
    )


def _plausible(total: Any, min_score: float | None) -> Any:
    good = total > 0
    if min_score is not None:
        good &= total >= min_score
    return good


def _event_span(plan: EventPlan) -> str:
    slots = plan.slots
    if not slots:
        return "the event has no slot"
    end = f"{plan.end:%H:%M}" if plan.end is not None else f"{slots[-1].end:%H:%M}"
    days = sorted({s.start.date() for s in slots})
    on = "" if len(days) == 1 else f" on {days[0].isoformat()} to {days[-1].isoformat()}"
    return f"the event runs {plan.start:%H:%M}-{end}{on}"


def _without_rules(people: Sequence[Participant], keep: set[str]) -> list[Participant]:
    """The participants with no hard rules (do-not-meet, required certifications) and
    wishes only towards ``keep``: what they would score were nothing vetoed."""
    return [
        dataclasses.replace(
            p,
            do_not_meet=(),
            required_certifications=(),
            must_meet=tuple(x for x in p.must_meet if x in keep),
            would_like=tuple(x for x in p.would_like if x in keep),
        )
        for p in people
    ]


def _unvetoed_counts(
    mission: Mission,
    side: Side,
    index: NDArray[np.intp],
    free: tuple[NDArray[np.bool_], NDArray[np.bool_]],
    min_score: float | None,
    weights: Mapping[str, float],
) -> NDArray[np.int64]:
    """For the participants ``index`` of ``side``: plausible partners they share a slot
    with, were no pair vetoed (the scores of a small mission of them against the whole
    other side, with every hard rule removed; in blocks of rows, so memory stays bounded).
    ``free`` is (side A, side B) × slots."""
    other: Side = "B" if side == "A" else "A"
    theirs = list(mission.side(other))
    free_mine, free_theirs = free if side == "A" else (free[1], free[0])
    step = max(1, _DENSE_BLOCK // max(len(theirs), 1))
    out = np.zeros(index.size, dtype=np.int64)
    for start in range(0, index.size, step):
        part = index[start : start + step]
        mine = [mission.side(side)[i] for i in part.tolist()]
        keep = {p.id for p in (*mine, *theirs)}
        sub = mission.replace(participants=tuple(_without_rules(mine, keep) + _without_rules(theirs, keep)))
        total = score(sub, dict(weights) if weights else None).total
        if side == "B":
            total = total.T
        together = (free_mine[part].astype(np.int32) @ free_theirs.T.astype(np.int32)) > 0
        out[start : start + step] = (_plausible(total, min_score) & together).sum(axis=1)
    return out


def _window_text(p: Participant) -> str:
    return ", ".join(str(w) for w in p.availability) or "the whole event"


def unavailable_detail(p: Participant, plan: EventPlan) -> str:
    """The detail of an ``"availability"`` shortfall of one free in no slot of ``plan``:
    its hours as written and the event's (both paths, :mod:`matchmaker.groups` too)."""
    return f"available {_window_text(p)}, {_event_span(plan)}"


def foreseeable_shortfalls(
    mission: Mission,
    plan: EventPlan | ResolvedEvent,
    scores: Scores | SparseScores | None = None,
    *,
    min_score: float | None = DEFAULT_MIN_SCORE,
) -> tuple[Shortfall, ...]:
    """Participants who cannot get the meetings they ask for, known before solving.

    Rows are side A, columns side B.  A participant falls short when fewer slots of the
    plan are free for them, or fewer partners are *possible* for them, than the meetings
    they ask for (``min_meetings``, else 1): a
    possible partner scores above 0 and at least ``min_score`` (or is a must-meet
    partner), is not vetoed by a hard rule, and shares a free slot of the plan with them.
    The reason says what removed the partners: no free slot at all
    (``"availability"``), vetoes (``"all-partners-vetoed"``: without them enough
    partners would be possible), else ``"no-plausible-partner"`` (too few partners
    score high enough, or those that do are never free at the same time).

    Parameters
    ----------
    mission : Mission
        The participants.
    plan : EventPlan or ResolvedEvent
        The event (e.g. :func:`matchmaker.default_plan`); the mission's date and time
        zone fill in what it leaves open.  The event already resolved for the mission
        (as :func:`matchmaker.run` keeps it) saves working out the availability again.
    scores : Scores or SparseScores, optional
        The mission's scores, when already computed (else :func:`matchmaker.score` runs
        with the default weights).  With sparse scores only the candidate pairs count.
    min_score : float, optional
        Pairs scoring below it never meet (as :func:`matchmaker.run` takes it); default
        the run's relevance floor :data:`~matchmaker.scoring.DEFAULT_MIN_SCORE`.

    Returns
    -------
    tuple of Shortfall
        Side A first, then side B, each in mission order; ``got`` is 0.

    Examples
    --------
    >>> import dataclasses
    >>> from matchmaker import default_plan
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.model.availability import TimeWindow
    >>> m = east_java_south_sumatra_2020()
    >>> late = dataclasses.replace(m.participants[0], availability=(TimeWindow.parse("18:00-20:00"),))
    >>> m = m.replace(participants=(late, *m.participants[1:]))
    >>> for s in foreseeable_shortfalls(m, default_plan())[:1]:
    ...     print(s)
    JT-001: 0 of 1 meetings, availability: available 18:00-20:00, the event runs 09:00-16:00
    """
    event = plan if isinstance(plan, ResolvedEvent) and plan.mission is mission else None
    event = event or resolve_event(plan.plan if isinstance(plan, ResolvedEvent) else plan, mission)
    plan = event.plan
    free_a, free_b = event.available_a, event.available_b
    people_a, people_b = mission.side("A"), mission.side("B")
    wanted = (wanted_meetings(people_a), wanted_meetings(people_b))
    free = (free_a.sum(axis=1), free_b.sum(axis=1))
    n_a, n_b = len(people_a), len(people_b)
    if scores is None:
        scores = score(mission)
    # possible partners of each participant, and their plausible partners ignoring slots
    if isinstance(scores, Scores):
        plausible = _plausible(scores.total, min_score) & ~scores.forbidden
        forced = np.asarray(scores.forced, dtype=np.intp).reshape(-1, 2)
        plausible[forced[:, 0], forced[:, 1]] |= ~scores.forbidden[forced[:, 0], forced[:, 1]]
        rows, cols = np.nonzero(plausible)
    else:
        pairs = scores.pairs
        good = _plausible(scores.total.data, min_score)
        forced_keys = {(int(i), int(j)) for i, j in np.asarray(scores.forced).reshape(-1, 2).tolist()}
        if forced_keys:
            keys = pairs[:, 0].astype(np.int64) * max(n_b, 1) + pairs[:, 1]
            fk = np.array([i * max(n_b, 1) + j for i, j in forced_keys], dtype=np.int64)
            good |= np.isin(keys, fk)
        rows, cols = pairs[good, 0], pairs[good, 1]
    common = np.zeros(rows.size, dtype=bool)
    for start in range(0, rows.size, _CHUNK):  # pairs × slots in blocks: bounded memory at any scale
        part = slice(start, start + _CHUNK)
        common[part] = (free_a[rows[part]] & free_b[cols[part]]).any(axis=1)
    possible = (
        np.bincount(rows[common], minlength=n_a),
        np.bincount(cols[common], minlength=n_b),
    )
    out: list[Shortfall] = []
    sides: tuple[Side, Side] = ("A", "B")
    for k, side in enumerate(sides):
        people = mission.side(side)
        short = np.flatnonzero(np.minimum(possible[k], free[k]) < wanted[k])
        if short.size == 0:
            continue
        reachable = short[free[k][short] > 0]
        unvetoed = np.zeros(short.size, dtype=np.int64)
        if reachable.size:
            counts = _unvetoed_counts(mission, side, reachable, (free_a, free_b), min_score, scores.weights)
            unvetoed[np.isin(short, reachable)] = counts
        for i, loose in zip(short.tolist(), unvetoed.tolist(), strict=True):
            p, want, can = people[i], int(wanted[k][i]), int(possible[k][i])
            asked = f"min_meetings {want}" if p.min_meetings is not None else "one meeting"
            if free[k][i] == 0:
                reason = "availability"
                detail = unavailable_detail(p, plan)
            elif free[k][i] < want:
                reason = "availability"
                detail = (
                    f"free for {int(free[k][i])} slots of the event ({_window_text(p)}) but asks for {asked}"
                )
            elif loose >= want and loose > can:
                reason = "all-partners-vetoed"
                detail = (
                    f"{loose - can} of {loose} plausible partners are ruled out by do_not_meet or a required "
                    f"certification, leaving {can} for {asked}"
                    if can
                    else f"all {loose} plausible partners are ruled out by do_not_meet or a required "
                    "certification"
                    if loose > 1
                    else "its only plausible partner is ruled out by do_not_meet or a required certification"
                )
            else:
                reason = "no-plausible-partner"
                floor = f"at least {min_score:g}" if min_score else "above 0"
                detail = (
                    f"no partner scores {floor} and shares a free slot"
                    if can == 0
                    else f"{can} partners score {floor} and share a free slot, fewer than {asked}"
                )
            out.append(
                Shortfall(participant=p.id, side=side, wanted=want, got=0, reason=reason, detail=detail)
            )
    return tuple(out)


def shortfalls(result: MatchmakingResult) -> tuple[Shortfall, ...]:
    """Participants whose placed meetings fall short of what they asked for, and why.

    Rows are side A, columns side B.  ``got`` counts the meetings the timetable placed;
    ``wanted`` is the participant's ``min_meetings``, else 1.  The reason is the first
    that applies: a foreseeable one (see :func:`foreseeable_shortfalls`), then
    ``"unplaced"`` (some of their matched meetings have no slot), ``"tables-full"``
    (a shared pool of tables is used up), ``"partners-full"``.

    Examples
    --------
    >>> from matchmaker import run
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> found = shortfalls(run(east_java_south_sumatra_2020(), baseline=False))
    >>> sorted({s.reason for s in found})  # all foreseeable: no partner at or above the floor, or vetoed
    ['all-partners-vetoed', 'no-plausible-partner']
    """
    mission, plan, timetable = result.mission, result.plan, result.schedule
    n_a, n_b = len(timetable.row_ids), len(timetable.col_ids)
    placed = np.asarray(timetable.slot) >= 0
    got = (
        np.bincount(timetable.pairs[placed, 0], minlength=n_a),
        np.bincount(timetable.pairs[placed, 1], minlength=n_b),
    )
    pairs = np.asarray(result.matching.pairs, dtype=np.intp).reshape(-1, 2)
    matched = (np.bincount(pairs[:, 0], minlength=n_a), np.bincount(pairs[:, 1], minlength=n_b))
    wanted = (wanted_meetings(mission.side("A")), wanted_meetings(mission.side("B")))
    if not any(bool((g < w).any()) for g, w in zip(got, wanted, strict=True)):
        return ()
    constraints = result.matching.problem
    min_score = constraints.min_score if constraints is not None else None
    foreseen = {
        s.participant: s
        for s in foreseeable_shortfalls(mission, result.event or plan, result.scores, min_score=min_score)
    }
    pool = len(plan.slots) * plan.tables if plan.hosts is None and plan.tables is not None else None
    reasons_of: dict[str, str] = {}
    for e, problem in sorted(timetable.reasons.items()):
        for pid in (timetable.row_ids[timetable.pairs[e, 0]], timetable.col_ids[timetable.pairs[e, 1]]):
            reasons_of.setdefault(pid, problem.message)
    out: list[Shortfall] = []
    sides: tuple[Side, Side] = ("A", "B")
    for k, side in enumerate(sides):
        people = mission.side(side)
        for i in np.flatnonzero(got[k] < wanted[k]).tolist():
            p, want, have = people[i], int(wanted[k][i]), int(got[k][i])
            early = foreseen.get(p.id)
            if early is not None:
                reason, detail = early.reason, early.detail
            elif matched[k][i] > have:
                reason = "unplaced"
                detail = (
                    f"{int(matched[k][i]) - have} of {int(matched[k][i])} matched meetings could not be "
                    f"timetabled: {reasons_of.get(p.id, 'no slot left')}"
                )
            elif pool is not None and len(pairs) >= pool:
                reason = "tables-full"
                detail = f"the shared pool of {plan.tables} tables holds {pool} meetings, all of them used"
            else:
                reason = "partners-full"
                detail = (
                    f"got {have} of {want}: the meetings and slots of its possible partners went to "
                    "higher-scoring pairs"
                )
            out.append(
                Shortfall(participant=p.id, side=side, wanted=want, got=have, reason=reason, detail=detail)
            )
    return tuple(out)
