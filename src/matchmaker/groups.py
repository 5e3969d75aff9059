"""Missions of any number of delegations: score, match and timetable a :class:`GroupMission`.

The two-delegation pipeline (:func:`matchmaker.run`) is untouched; this module is the
path for three or more groups (or two groups with a who-meets-whom rule), built on it:

1. :func:`score_groups` scores every allowed pair of groups with the ordinary
   :func:`~matchmaker.scoring.score` (or :func:`~matchmaker.scoring.score_sparse` with
   ``top_k``) on :meth:`GroupMission.pair_mission`, so a block's scores are exactly
   the two-delegation scores of those two groups.  The candidate pairs of all blocks
   form one edge list over all participants.
2. :func:`match_groups` chooses the meetings: a maximum-score b-matching with each
   participant's min/max meetings.  When the group graph is bipartite (it has a
   two-colouring, e.g. two groups, or one host group meeting every visiting group), the
   meeting graph is bipartite and the problem *is* the min-cost flow of
   :func:`matchmaker.match` (method ``"flow"``, exact); otherwise an exact integer
   program route (method ``"bmatching"``, :mod:`matchmaker.assignment.algorithms.bmatching`:
   the bipartite double cover's flow, rounded and proven optimal by the LP bound, or
   else the integer program).
3. :func:`schedule_groups` timetables them, clash-free for every participant: König's
   colouring with ``max(Δ, ⌈E/T⌉)`` slots (the minimum) on a bipartite graph, Misra–Gries
   with at most ``max(Δ + 1, ⌈E/T⌉)`` on a general one
   (:mod:`matchmaker.scheduling.algorithms.general`), first-fit when participants have
   their own time windows.  Meetings that do not fit are reported with a reason.
4. :class:`GroupTimetable` gives agendas (a meeting at a table in the event's time zone,
   an online one in the participant's own: :func:`~matchmaker.model.groups.meeting_zone`),
   records, a summary per pair of groups, :meth:`GroupTimetable.write` the three
   files and :meth:`GroupTimetable.export` the whole pack (:mod:`matchmaker.export.groups`).

Group meetings (a participant's ``group_meeting`` column: it meets several participants
of other delegations together, at one table, for ``group_meeting_slots`` consecutive
slots) are placed first, clash-free for everyone in them, and the meetings around them
(:func:`schedule_groups`).  A two-delegation :class:`~matchmaker.model.Mission` with
teams, online or group meetings is run here too (:func:`run_groups` takes it).

:func:`run_groups` does it all.  Quotas (floors and caps on meetings by participant
attribute, :mod:`matchmaker.quotas`) are enforced exactly by the matching's integer
program and reported in the summary and ``summary.json``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import zoneinfo
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeAlias, TypeVar

import numpy as np
from numpy.typing import NDArray

from matchmaker._files import replacing
from matchmaker.assignment.algorithms import flow
from matchmaker.assignment.algorithms.bmatching import solve_bmatching
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import InfeasibleError, JSONValue, Problem, ValidationError
from matchmaker.model.groups import GroupMission, Panel, extra_value, meeting_zone
from matchmaker.model.mission import Mission, unwritable
from matchmaker.quotas import Quota, QuotaResult, attribute_values, quota_constraints, quota_results
from matchmaker.reference.grdp import RegionalTable
from matchmaker.reporting.numbers import format_count, format_zone
from matchmaker.reporting.shortfalls import Shortfall, unavailable_detail, wanted_meetings
from matchmaker.results import RunResult
from matchmaker.scheduling.algorithms.colouring import edge_colouring
from matchmaker.scheduling.algorithms.general import (
    fill_free,
    first_fit,
    first_fit_items,
    general_bound,
    general_edge_colouring,
    interval_colouring,
    solve_items_milp,
)
from matchmaker.scheduling.algorithms.milp import solve_milp
from matchmaker.scheduling.constraints import capacity_rule
from matchmaker.scheduling.event import ResolvedEvent, resolve_event
from matchmaker.scheduling.plan import EventPlan, Slot
from matchmaker.scoring import Explanation, Scores, SparseScores, Weights, score

__all__ = [
    "GroupMatching",
    "GroupMeeting",
    "GroupMission",
    "GroupResult",
    "GroupScores",
    "GroupTimetable",
    "Panel",
    "Quota",
    "check_groups",
    "group_bounds",
    "host_tables",
    "match_groups",
    "run_group_path",
    "run_groups",
    "schedule_groups",
    "score_groups",
]

#: Above this many (meeting, slot) pairs first-fit's leftovers are not retried exactly.
EXACT_REPAIR_SIZE = 40_000

IntArray = NDArray[np.intp]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


_A = TypeVar("_A", bound=NDArray[Any])


def _readonly(a: _A) -> _A:
    a.setflags(write=False)
    return a


def _freeze(result: object, *names: str) -> None:
    """Make a result's arrays read-only; a writeable one is copied first (never the caller's)."""
    for name in names:
        a = getattr(result, name)
        if a is not None and a.flags.writeable:
            object.__setattr__(result, name, _readonly(np.array(a)))


# ----------------------------------------------------------------------------- scoring
@dataclass(frozen=True, kw_only=True, eq=False)
class GroupScores:
    """The candidate pairs of a :class:`GroupMission`, over all allowed pairs of groups.

    Attributes
    ----------
    mission : GroupMission
    u, v : ndarray of intp, shape (E,)
        The two participants of each candidate pair (positions in ``mission.ids``);
        ``u`` is in the first group of its block, ``v`` in the second.
    total : ndarray of float64, shape (E,)
        The pair's total score, exactly as the two-delegation score of its block.
    forced : ndarray of bool, shape (E,)
        Pairs named in a must-meet wish.
    blocks : mapping of (int, int) to Scores or SparseScores
        The two-delegation scores of each allowed pair of groups ``(i, j)``.
    conflicts : tuple of Problem
        Must-meet pairs that a hard rule forbids (left out of the candidates).
    min_score : float
        The relevance floor the candidates were cut at (a pair scoring at least it).
    """

    mission: GroupMission
    u: IntArray
    v: IntArray
    total: FloatArray
    forced: BoolArray
    blocks: Mapping[tuple[int, int], Scores | SparseScores]
    conflicts: tuple[Problem, ...] = ()
    min_score: float = 0.0

    def __post_init__(self) -> None:
        _freeze(self, "u", "v", "total", "forced")
        if not isinstance(self.blocks, MappingProxyType):
            object.__setattr__(self, "blocks", MappingProxyType(dict(self.blocks)))

    @property
    def n_pairs(self) -> int:
        """Number of candidate pairs."""
        return len(self.u)

    def top_pairs(self, k: int) -> list[tuple[str, str, float]]:
        """The ``k`` best candidate pairs ``(id, id, total)``, best first (ties in list order)."""
        ids = self.mission.ids
        best = np.argsort(-self.total, kind="stable")[:k]
        return [(ids[int(self.u[e])], ids[int(self.v[e])], float(self.total[e])) for e in best]

    def explain(self, a_id: str, b_id: str) -> Explanation:
        """Why a pair scores what it does (the two-delegation explanation of its block)."""
        m = self.mission
        ga, gb = int(m.group_of[m.index(a_id)]), int(m.group_of[m.index(b_id)])
        key = (min(ga, gb), max(ga, gb))
        if key not in self.blocks:
            raise KeyError(f"{a_id!r} and {b_id!r}: their delegations may not meet")
        first, second = (a_id, b_id) if ga < gb else (b_id, a_id)
        return self.blocks[key].explain(first, second)


def score_groups(
    mission: GroupMission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    top_k: int | None = None,
    min_score: float = 0.0,
    year: int = 2020,
    regional_table: RegionalTable | None = None,
) -> GroupScores:
    """Score every allowed pair of groups of ``mission``; the candidates are one edge list.

    Parameters
    ----------
    mission : GroupMission
    weights : Weights or mapping, optional
        As for :func:`~matchmaker.scoring.score`.
    top_k : int, optional
        Score sparsely (:func:`~matchmaker.scoring.score_sparse`), keeping about
        ``top_k`` candidates per participant in all: ``⌈top_k / d⌉`` in each of the
        ``d`` delegations its delegation may meet (so a participant has as many
        candidates as at a two-delegation event).  Default: every pair.
    min_score : float
        A pair is a candidate when its total is above 0 and at least this, as on the
        two-delegation path (must-meet pairs always are).
    year, regional_table
        As for :func:`~matchmaker.scoring.score`.

    Examples
    --------
    >>> from matchmaker.datasets import three_delegation_mission
    >>> s = score_groups(three_delegation_mission())
    >>> sorted(s.blocks), s.n_pairs > 0
    ([(0, 1), (0, 2), (1, 2)], True)
    """
    if not isinstance(mission, GroupMission):
        raise ValidationError(Problem(f"expected a GroupMission, got {type(mission).__name__}", kind="type"))
    blocks: dict[tuple[int, int], Scores | SparseScores] = {}
    parts: list[tuple[IntArray, IntArray, FloatArray, BoolArray]] = []
    conflicts: list[Problem] = []
    problems: list[Problem] = []
    members = [np.flatnonzero(mission.group_of == g) for g in range(len(mission.groups))]
    # a participant's top_k candidates are shared among the delegations it may meet
    meets = np.bincount(
        np.asarray(mission.allowed or (), dtype=np.intp).ravel(), minlength=len(mission.groups)
    )
    for i, j in mission.allowed or ():
        sub = mission.pair_mission(i, j)
        try:
            if top_k is None:
                s: Scores | SparseScores = score(sub, weights, year=year, regional_table=regional_table)
            else:
                share = (-(-top_k // int(meets[i])), -(-top_k // int(meets[j])))
                s = score(
                    sub, weights, top_k=share, year=year, regional_table=regional_table, executor="serial"
                )
        except ValidationError as exc:  # the same participant's problem may come from two blocks
            problems += [p for p in exc.problems if p not in problems]
            continue
        blocks[(i, j)] = s
        forced_mask = np.zeros(s.shape, dtype=bool) if top_k is None else None
        if isinstance(s, Scores):
            assert forced_mask is not None
            forced_mask[s.forced[:, 0], s.forced[:, 1]] = True
            bad = forced_mask & s.forbidden
            for ra, cb in np.argwhere(bad).tolist():
                conflicts.append(
                    Problem(
                        f"{s.row_ids[ra]} and {s.col_ids[cb]} must meet, but a hard rule forbids it",
                        kind="forced-forbidden",
                        participants=(s.row_ids[ra], s.col_ids[cb]),
                        field="must_meet",
                    )
                )
            # at least the floor, as on the two-delegation path (a score of 0 never meets)
            keep = (~s.forbidden & (s.total > 0) & (s.total >= min_score)) | (forced_mask & ~s.forbidden)
            r, c = np.nonzero(keep)
            w = s.total[r, c]
            f = forced_mask[r, c]
        else:
            pairs = s.pairs
            r, c = pairs[:, 0], pairs[:, 1]
            w = np.asarray(s.total.data, dtype=np.float64)
            fk = s.forced[:, 0].astype(np.int64) * s.shape[1] + s.forced[:, 1]
            f = np.isin(r.astype(np.int64) * s.shape[1] + c, fk)
            keep1 = ((w > 0) & (w >= min_score)) | f
            r, c, w, f = r[keep1], c[keep1], w[keep1], f[keep1]
        parts.append((members[i][r], members[j][c], w.astype(np.float64), f))
    if problems:
        raise ValidationError(problems)
    if parts:
        u = np.concatenate([p[0] for p in parts]).astype(np.intp)
        v = np.concatenate([p[1] for p in parts]).astype(np.intp)
        total = np.concatenate([p[2] for p in parts])
        forced = np.concatenate([p[3] for p in parts])
    else:
        u = v = np.zeros(0, dtype=np.intp)
        total, forced = np.zeros(0), np.zeros(0, dtype=bool)
    # an online-only and an onsite-only participant cannot meet (a hard rule, like a veto)
    mode = np.array(mission.modes)
    apart = ((mode[u] == "online") & (mode[v] == "onsite")) | ((mode[u] == "onsite") & (mode[v] == "online"))
    for e in np.flatnonzero(apart & forced).tolist():
        a, b = mission.ids[int(u[e])], mission.ids[int(v[e])]
        conflicts.append(
            Problem(
                f"{a} and {b} must meet, but one meets only online and the other only on site",
                kind="forced-forbidden",
                participants=(a, b),
                field="mode",
            )
        )
    if apart.any():
        u, v, total, forced = u[~apart], v[~apart], total[~apart], forced[~apart]
    return GroupScores(
        mission=mission,
        u=_readonly(u),
        v=_readonly(v),
        total=_readonly(total),
        forced=_readonly(forced),
        blocks=MappingProxyType(blocks),
        conflicts=tuple(conflicts),
        min_score=min_score,
    )


# ---------------------------------------------------------------------------- matching
@dataclass(frozen=True, kw_only=True, eq=False)
class GroupMatching:
    """Who meets whom at a :class:`GroupMission`.

    Attributes
    ----------
    scores : GroupScores
    edges : ndarray of intp
        Positions in ``scores``' candidate list of the meetings chosen (sorted).
    method : {"flow", "bmatching", "milp"}
        ``"flow"``: the group graph is bipartite and the min-cost flow ran (exact);
        ``"bmatching"``: the general b-matching (exact; ``backend`` says whether the
        double cover or the integer program gave it); ``"milp"``: the integer program.
    backend : str
    optimal : bool
        Whether the solver proved optimality.
    quotas : tuple of Quota
        The quotas the meetings meet (see :meth:`quota_report`).
    """

    scores: GroupScores
    edges: IntArray
    method: str
    backend: str
    optimal: bool
    quotas: tuple[Quota, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self, "edges")
        object.__setattr__(self, "quotas", tuple(self.quotas))

    def quota_report(self) -> list[QuotaResult]:
        """How the meetings stand against each quota (all met, by construction)."""
        return quota_results(self.quotas, self.mission.participants, self.u, self.v)

    @property
    def mission(self) -> GroupMission:
        """The mission matched."""
        return self.scores.mission

    @property
    def u(self) -> IntArray:
        """First participant of each meeting (position in ``mission.ids``)."""
        return self.scores.u[self.edges]

    @property
    def v(self) -> IntArray:
        """Second participant of each meeting."""
        return self.scores.v[self.edges]

    @property
    def online(self) -> BoolArray:
        """Whether each meeting is online (either side meets online only)."""
        mode = np.array(self.mission.modes)
        out: BoolArray = (mode[self.u] == "online") | (mode[self.v] == "online")
        return out

    @property
    def weights(self) -> FloatArray:
        """Score of each meeting."""
        return self.scores.total[self.edges]

    @property
    def total_score(self) -> float:
        """Sum of the meetings' scores."""
        return float(self.weights.sum())

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """The meetings as ``(id, id)``."""
        ids = self.mission.ids
        return [(ids[a], ids[b]) for a, b in zip(self.u.tolist(), self.v.tolist(), strict=False)]

    def counts(self) -> NDArray[np.int64]:
        """Meetings of every participant (``mission.ids`` order)."""
        n = len(self.mission)
        out: NDArray[np.int64] = np.bincount(np.concatenate([self.u, self.v]), minlength=n).astype(np.int64)
        return out

    def by_group_pair(self) -> dict[tuple[str, str], int]:
        """Number of meetings between each allowed pair of groups (names)."""
        m = self.mission
        g = m.group_of
        out = {(m.group_names[i], m.group_names[j]): 0 for i, j in m.allowed or ()}
        for a, b in zip(g[self.u].tolist(), g[self.v].tolist(), strict=False):
            i, j = min(a, b), max(a, b)
            out[(m.group_names[i], m.group_names[j])] += 1
        return out


def _bounds(mission: GroupMission, value: int | Mapping[str, int], name: str) -> NDArray[np.int64]:
    """Per-participant bound: the participant's own, else its group's in ``value``, else ``value``."""
    own = [getattr(p, name) for p in mission.participants]
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - set(mission.group_names))
        if unknown:
            raise ValidationError(
                Problem(f"{name} names unknown delegations {unknown}", kind="unknown-delegation", field=name)
            )
        default = [
            int(value.get(p.delegation, 0 if name == "min_meetings" else 8)) for p in mission.participants
        ]
    else:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValidationError(
                Problem(f"{name} must be a whole number >= 0, got {value!r}", kind="invalid", field=name)
            )
        default = [int(value)] * len(own)
    return np.array([d if o is None else o for o, d in zip(own, default, strict=False)], dtype=np.int64)


def _floor_problems(scores: GroupScores, lo: NDArray[np.int64], hi: NDArray[np.int64]) -> list[Problem]:
    """Participants whose floor cannot be met whatever the others do (before solving)."""
    m = scores.mission
    n = len(m)
    candidates = np.bincount(np.concatenate([scores.u, scores.v]), minlength=n)
    forced = np.bincount(np.concatenate([scores.u[scores.forced], scores.v[scores.forced]]), minlength=n)
    out: list[Problem] = list(scores.conflicts)
    for p in np.flatnonzero(lo > np.minimum(candidates, hi)).tolist():
        out.append(
            Problem(
                f"min_meetings {lo[p]} but only {min(candidates[p], hi[p])} possible "
                f"({format_count(int(candidates[p]), 'candidate partner')}, max_meetings {hi[p]})",
                kind="floor-unreachable",
                participants=(m.ids[p],),
                field="min_meetings",
                hint="lower min_meetings, or allow more delegations to meet this one",
                data={"min": int(lo[p]), "candidates": int(candidates[p]), "max": int(hi[p])},
            )
        )
    for p in np.flatnonzero(forced > hi).tolist():
        out.append(
            Problem(
                f"{forced[p]} must-meet wishes but max_meetings {hi[p]}",
                kind="forced-above-max",
                participants=(m.ids[p],),
                field="max_meetings",
                data={"forced": int(forced[p]), "max": int(hi[p])},
            )
        )
    return out


def match_groups(
    scores: GroupScores,
    *,
    max_meetings: int | Mapping[str, int] = 8,
    min_meetings: int | Mapping[str, int] = 0,
    method: str = "auto",
    max_total: int | None = None,
    quotas: Sequence[Quota] = (),
) -> GroupMatching:
    """The meetings of maximum total score within every participant's bounds.

    Parameters
    ----------
    scores : GroupScores
    max_meetings, min_meetings : int or mapping of delegation name to int
        Bounds per participant; a participant's own ``max_meetings`` /
        ``min_meetings`` wins.  Must-meet pairs are always chosen.
    method : {"auto", "flow", "bmatching", "milp"}
        ``"auto"``: ``"flow"`` when the group graph is bipartite, else ``"bmatching"``
        (the double cover's flow rounded and proven optimal by the LP bound, else the
        integer program; :mod:`~matchmaker.assignment.algorithms.bmatching`);
        ``"milp"``: the integer program only.  All are exact.  ``"flow"`` on a
        non-bipartite group graph is an error.
    max_total : int, optional
        Most meetings in all (slots × tables).
    quotas : sequence of Quota
        Floors and caps on the meetings by participant attribute
        (:mod:`matchmaker.quotas`), enforced exactly by the integer program (method
        ``"milp"`` whatever the group graph).

    Raises
    ------
    InfeasibleError
        When the floors, must-meet pairs and quotas cannot all be met; ``problems``
        names the participants whose floor is out of reach, each quota that cannot be
        met even alone (with how far it can go), or says the solver proved it.

    Examples
    --------
    >>> from matchmaker.datasets import three_delegation_mission
    >>> matching = match_groups(score_groups(three_delegation_mission()), max_meetings=4)
    >>> matching.method, matching.optimal, len(matching.edges) > 0
    ('bmatching', True, True)
    """
    _check_method(method)
    m = scores.mission
    hi = _bounds(m, max_meetings, "max_meetings")
    lo = _bounds(m, min_meetings, "min_meetings")
    return _solve(scores, lo, hi, method, max_total, tuple(quotas))


def _solve(
    scores: GroupScores,
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    method: str,
    max_total: int | None,
    quotas: tuple[Quota, ...] = (),
) -> GroupMatching:
    m = scores.mission
    problems = _floor_problems(scores, lo, hi)
    if problems:
        raise InfeasibleError(problems)
    if quotas:
        return _solve_with_quotas(scores, lo, hi, max_total, quotas)
    colouring = m.two_colouring()
    if method == "auto":
        method = "flow" if colouring is not None else "bmatching"
    if method == "flow":
        if colouring is None:
            raise ValueError("method='flow' needs a bipartite group graph; use 'bmatching' (or 'auto')")
        edges, backend, optimal = _by_flow(scores, np.asarray(colouring)[m.group_of], lo, hi, max_total)
    else:
        edges, optimal, backend = solve_bmatching(
            len(m),
            scores.u,
            scores.v,
            scores.total,
            lo=lo,
            hi=hi,
            forced=scores.forced,
            max_total=max_total,
            method="milp" if method == "milp" else "auto",
        )
    return GroupMatching(
        scores=scores,
        edges=_readonly(np.sort(edges).astype(np.intp)),
        method=method,
        backend=backend,
        optimal=optimal,
    )


def _solve_with_quotas(
    scores: GroupScores,
    lo: NDArray[np.int64],
    hi: NDArray[np.int64],
    max_total: int | None,
    quotas: tuple[Quota, ...],
) -> GroupMatching:
    """The b-matching integer program with the quotas' constraints; a diagnosis if infeasible."""
    m = scores.mission
    people, u, v = m.participants, scores.u, scores.v

    def attempt(chosen: Sequence[Quota]) -> tuple[IntArray, bool, str]:
        extra = quota_constraints(chosen, people, u, v)
        return solve_bmatching(len(m), u, v, scores.total, lo=lo, hi=hi, forced=scores.forced,
                               max_total=max_total, method="milp", extra=extra)  # fmt: skip

    try:
        edges, optimal, backend = attempt(quotas)
    except InfeasibleError:
        problems: list[Problem] = []
        for q in quotas:
            try:
                attempt((q,))
            except InfeasibleError:
                problems.append(_quota_problem(scores, lo, hi, max_total, q))
        if not problems:
            labels = "; ".join(q.label for q in quotas)
            problems.append(
                Problem(
                    f"each quota can be met alone, but not all together with the meeting bounds ({labels})",
                    kind="quotas-conflict",
                    field="quota",
                    hint="relax one of the quotas",
                )
            )
        raise InfeasibleError(problems) from None
    result = GroupMatching(
        scores=scores,
        edges=_readonly(np.sort(edges).astype(np.intp)),
        method="milp",
        backend=backend,
        optimal=optimal,
        quotas=quotas,
    )
    missed = [r for r in result.quota_report() if not r.met]
    if missed:  # only without candidates (nothing for the solver to choose from)
        raise InfeasibleError([_quota_problem(scores, lo, hi, max_total, r.quota) for r in missed])
    return result


def _quota_problem(
    scores: GroupScores, lo: NDArray[np.int64], hi: NDArray[np.int64], max_total: int | None, q: Quota
) -> Problem:
    """Why one quota cannot be met: the most (or fewest) meetings involving its value possible."""
    m = scores.mission
    values = attribute_values(m.participants, q.attribute)
    target = (q.value or "").strip().casefold()
    has = np.array([x == target for x in values], dtype=bool)
    involved = has[scores.u] | has[scores.v]
    # the most meetings involving the value that the bounds allow (no quota): weights a_e
    try:
        most_edges, _, _ = solve_bmatching(len(m), scores.u, scores.v, involved.astype(np.float64) + 1e-9,
                                           lo=lo, hi=hi, forced=scores.forced, max_total=max_total,
                                           method="milp")  # fmt: skip
        most = int(involved[most_edges].sum())
        share = most / max(len(most_edges), 1)
    except InfeasibleError:
        most, share = 0, 0.0
    people = int(has.sum())
    return Problem(
        f"{q.label} cannot be met: {people} participants have {q.attribute} = {q.value}, "
        f"{int(involved.sum())} candidate pairs involve them, and at most {most} meetings "
        f"({share:.0%} of that matching) can",
        kind="quota-infeasible",
        field="quota",
        hint="lower the quota, or add candidates (participants, allowed delegations, a lower min_score)",
        data={"participants": people, "candidate_pairs": int(involved.sum()), "most_meetings": most},
    )


def _check_method(method: str) -> None:
    if method not in ("auto", "flow", "bmatching", "milp"):
        raise ValueError(f"unknown method {method!r}; known: auto, flow, bmatching, milp")


def _by_flow(
    scores: GroupScores, side: IntArray, lo: NDArray[np.int64], hi: NDArray[np.int64], max_total: int | None
) -> tuple[IntArray, str, bool]:
    """The b-matching of a bipartite meeting graph as the two-sided min-cost flow (exact)."""
    rows_of = np.flatnonzero(side == 0)
    cols_of = np.flatnonzero(side == 1)
    local = np.empty(len(side), dtype=np.intp)
    local[rows_of] = np.arange(len(rows_of))
    local[cols_of] = np.arange(len(cols_of))
    swap = side[scores.u] == 1
    r = local[np.where(swap, scores.v, scores.u)]
    c = local[np.where(swap, scores.u, scores.v)]
    inst = MatchingProblem.from_edges(
        len(rows_of),
        len(cols_of),
        r,
        c,
        scores.total,
        forced=np.column_stack([r[scores.forced], c[scores.forced]]),
        row_min=lo[rows_of],
        row_max=hi[rows_of],
        col_min=lo[cols_of],
        col_max=hi[cols_of],
    )
    solution = flow.solve(inst, max_total=max_total)
    keys = r.astype(np.int64) * max(len(cols_of), 1) + c
    order = np.argsort(keys)
    chosen = solution.pairs[:, 0].astype(np.int64) * max(len(cols_of), 1) + solution.pairs[:, 1]
    edges = order[np.searchsorted(keys[order], chosen)].astype(np.intp)
    return edges, solution.backend, bool(solution.optimal)


# -------------------------------------------------------------------------- scheduling
@dataclass(frozen=True, kw_only=True)
class GroupMeeting:
    """One meeting in a participant's agenda: at a table in the event's time zone, online in
    the participant's own (:func:`~matchmaker.model.groups.meeting_zone`)."""

    start: dt.datetime
    end: dt.datetime
    partner: str
    partner_name: str
    partner_delegation: str
    table: str
    score: float
    #: which of the participant's representatives holds it (0, 1, ...)
    representative: int = 0
    kind: str = "meeting"
    link: str = ""
    #: the participant's representatives (its ``team_size``): above 1, agendas say which one goes
    team_size: int = 1

    def __str__(self) -> str:
        rep = f"  representative {self.representative + 1}" if self.team_size > 1 else ""
        what = "group meeting with " if self.kind == "group" else ""
        where = f"table {self.table}" if self.table != "online" else f"online {self.link}".rstrip()
        return (
            f"{self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M} {format_zone(self.start)}  {where}  "
            f"{what}{self.partner} {self.partner_name} ({self.partner_delegation}){rep}"
        )


@dataclass(frozen=True, kw_only=True, eq=False)
class GroupTimetable:
    """The timetable of a :class:`GroupMission`: a slot and a table for every meeting placed.

    Attributes
    ----------
    matching : GroupMatching
    plan : EventPlan
        The plan with the mission's date and time zone filled in.
    slot, table : ndarray of intp, shape (E,)
        Slot (index into ``plan.slots``) and table of each meeting of ``matching``
        (``-1``: not placed).
    unplaced : tuple of Problem
        Why each meeting left out was left out.
    method : str
        ``"konig"`` (bipartite), ``"misra-gries"`` (general), ``"first-fit"`` (own
        time windows), ``"first-fit+milp"`` or ``"milp"``.
    bound : (int, int)
        Slots any timetable of these meetings needs, and slots the method guarantees
        (for the colourings; ``(lower, -1)`` otherwise), counting each representative
        of a team as one participant.
    representative : ndarray of intp, shape (E, 2), optional
        Which representative (0, 1, ...) of each side's team holds the meeting.
    panels : tuple of Panel
        The group meetings requested (``mission.panels``).
    panel_slot, panel_table : ndarray of intp, shape (G,)
        First slot and table (``-1``: online, or not placed when ``panel_slot`` is -1)
        of each group meeting; it holds the table for ``panel.slots`` consecutive slots.
    panel_representative : tuple of tuple of int
        The representative of the host, then of each member, at each group meeting.
    table_labels : tuple of str
        Names of the tables (``plan.table_labels``); table ``t`` is ``str(t + 1)`` beyond them.

    Every field is keyword-only and every array read-only.
    """

    matching: GroupMatching
    plan: EventPlan
    slot: IntArray
    table: IntArray
    unplaced: tuple[Problem, ...]
    method: str
    bound: tuple[int, int]
    table_labels: tuple[str, ...] = field(default=(), repr=False)
    representative: IntArray | None = field(default=None, repr=False)
    panels: tuple[Panel, ...] = ()
    panel_slot: IntArray = field(default_factory=lambda: _readonly(np.zeros(0, dtype=np.intp)), repr=False)
    panel_table: IntArray = field(default_factory=lambda: _readonly(np.zeros(0, dtype=np.intp)), repr=False)
    panel_representative: tuple[tuple[int, ...], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        _freeze(self, "slot", "table", "representative", "panel_slot", "panel_table")

    @property
    def mission(self) -> GroupMission:
        """The mission timetabled."""
        return self.matching.mission

    @property
    def n_slots_used(self) -> int:
        """Slots holding at least one meeting or group meeting."""
        placed = self.slot[self.slot >= 0]
        spans = [
            np.arange(k, k + panel.slots)
            for panel, k in zip(self.panels, self.panel_slot.tolist(), strict=True)
            if k >= 0
        ]
        return len(np.unique(np.concatenate([placed, *spans])))

    def table_label(self, t: int) -> str:
        """The name of table ``t`` (``"online"`` for -1, an online meeting)."""
        if t < 0:
            return "online"
        return self.table_labels[t] if t < len(self.table_labels) else str(t + 1)

    def panel_times(self, g: int) -> tuple[dt.datetime, dt.datetime] | None:
        """Start and end of group meeting ``g`` (event-local), or None when it was not placed."""
        k = int(self.panel_slot[g])
        if k < 0:
            return None
        slots = self.plan.slots
        return slots[k].start, slots[k + self.panels[g].slots - 1].end

    def agenda(self, participant_id: str) -> list[GroupMeeting]:
        """A participant's meetings and group meetings in time order: those at a table in the
        event's time zone, online ones in the participant's own (:func:`meeting_zone`)."""
        m = self.mission
        p = m.index(participant_id)
        u, v = self.matching.u, self.matching.v
        mine = np.flatnonzero(((u == p) | (v == p)) & (self.slot >= 0))
        return self._agendas([p] * len(mine), mine.tolist(), only=participant_id)[participant_id]

    def agendas(self) -> dict[str, list[GroupMeeting]]:
        """Every participant's agenda (:meth:`agenda`), in ``mission.ids`` order, built in one pass."""
        placed = np.flatnonzero(self.slot >= 0)
        ends = np.concatenate([self.matching.u[placed], self.matching.v[placed]])
        edges = np.concatenate([placed, placed])
        order = np.argsort(ends, kind="stable")  # each participant's meetings in meeting order
        return self._agendas(ends[order].tolist(), edges[order].tolist())

    def _agendas(
        self, owners: Sequence[int], edges: Sequence[int], only: str | None = None
    ) -> dict[str, list[GroupMeeting]]:
        """The agendas of meetings ``edges[k]`` seen by participant ``owners[k]``, plus the group meetings."""
        m = self.mission
        ids = m.ids
        u, v, w = self.matching.u, self.matching.v, self.matching.weights
        slots = self.plan.slots
        zones: dict[tuple[str, bool], zoneinfo.ZoneInfo] = {}

        def zone_of(pid: str, online: bool) -> zoneinfo.ZoneInfo:
            # a table's time in the event's zone for everyone at it, a link's in one's own
            if (pid, online) not in zones:
                key = meeting_zone(m, pid, online=online, event=self.plan.timezone)
                zones[(pid, online)] = zoneinfo.ZoneInfo(key)
            return zones[(pid, online)]

        out: dict[str, list[GroupMeeting]] = {pid: [] for pid in ([only] if only else ids)}
        team = m.team_sizes
        for p, e in zip(owners, edges, strict=True):
            first = u[e] == p
            other = int(v[e] if first else u[e])
            s = slots[int(self.slot[e])]
            partner = m.participants[other]
            table = int(self.table[e])
            zone = zone_of(ids[p], table < 0)
            out[ids[p]].append(
                GroupMeeting(
                    start=s.start.astimezone(zone),
                    end=s.end.astimezone(zone),
                    partner=partner.id,
                    partner_name=partner.name,
                    partner_delegation=partner.delegation,
                    table=self.table_label(table),
                    score=float(w[e]),
                    representative=0
                    if self.representative is None
                    else int(self.representative[e, 0 if first else 1]),
                    # the meeting's own order, as records() reads it: both agendas give one link
                    link=_link(m, (int(u[e]), int(v[e]))) if table < 0 else "",
                    team_size=int(team[p]),
                )
            )
        for g, panel in enumerate(self.panels):
            times = self.panel_times(g)
            if times is None:
                continue
            table = int(self.panel_table[g])
            link = _link(m, [m.index(x) for x in panel.everyone]) if table < 0 else ""
            for k, pid in enumerate(panel.everyone):
                if pid not in out:
                    continue
                others = [m[x] for x in panel.everyone if x != pid]
                zone = zone_of(pid, table < 0)
                out[pid].append(
                    GroupMeeting(
                        start=times[0].astimezone(zone),
                        end=times[1].astimezone(zone),
                        partner="; ".join(o.id for o in others),
                        partner_name="; ".join(o.name for o in others),
                        partner_delegation="; ".join(dict.fromkeys(o.delegation for o in others)),
                        table=self.table_label(table),
                        score=float("nan"),
                        representative=self.panel_representative[g][k],
                        kind="group",
                        link=link,
                        team_size=int(team[m.index(pid)]),
                    )
                )
        for items in out.values():
            items.sort(key=lambda item: item.start)
        return out

    def records(self) -> list[dict[str, str]]:
        """One row per meeting placed, in slot then table order (event-local times).

        A group meeting is one row: its host as ``id_1``, its members ``;``-separated in
        ``id_2``, ``kind`` ``"group"``, ``end`` the end of its last slot, no score.
        ``representative_1`` and ``representative_2`` say which representative (1, 2, ...)
        of a team (``team_size`` above 1) holds it, empty for a participant of one; a group
        meeting's ``representative_2`` has one entry per member, ``"; "``-joined in the
        order of ``id_2``, when any member is a team.  ``meeting`` is the row's reference,
        ``M001``... in this order (the outcome form's, as in a two-delegation pack).
        """
        from matchmaker.export.records import meeting_references  # the two-delegation pack's numbering

        m = self.mission
        ids, u, v, w = m.ids, self.matching.u, self.matching.v, self.matching.weights
        slots = self.plan.slots
        team = m.team_sizes.tolist()

        def rep(person: int, which: int) -> str:
            # agendas.csv's number: which representative goes; nothing for a company of one
            return str(which + 1) if team[person] > 1 else ""

        reps = np.zeros((len(u), 2), dtype=np.intp) if self.representative is None else self.representative
        rows: list[tuple[int, int, dict[str, str]]] = []
        for e in np.flatnonzero(self.slot >= 0).tolist():
            s: Slot = slots[int(self.slot[e])]
            a, b = m.participants[int(u[e])], m.participants[int(v[e])]
            table = int(self.table[e])
            row = {
                "slot": str(s.index + 1),
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "table": self.table_label(table),
                "id_1": ids[int(u[e])],
                "name_1": a.name,
                "delegation_1": a.delegation,
                "id_2": ids[int(v[e])],
                "name_2": b.name,
                "delegation_2": b.delegation,
                "score": f"{float(w[e]):.4f}",
                "mode": "online" if table < 0 else "onsite",
                "link": _link(m, (int(u[e]), int(v[e]))) if table < 0 else "",
                "kind": "meeting",
                "representative_1": rep(int(u[e]), int(reps[e, 0])),
                "representative_2": rep(int(v[e]), int(reps[e, 1])),
            }
            rows.append((int(self.slot[e]), table, row))
        for g, panel in enumerate(self.panels):
            times = self.panel_times(g)
            if times is None:
                continue
            host, members = m[panel.host], [m[x] for x in panel.members]
            table = int(self.panel_table[g])
            row = {
                "slot": str(int(self.panel_slot[g]) + 1),
                "start": times[0].isoformat(),
                "end": times[1].isoformat(),
                "table": self.table_label(table),
                "id_1": host.id,
                "name_1": host.name,
                "delegation_1": host.delegation,
                "id_2": "; ".join(x.id for x in members),
                "name_2": "; ".join(x.name for x in members),
                "delegation_2": "; ".join(dict.fromkeys(x.delegation for x in members)),
                "score": "",
                "mode": "online" if table < 0 else "onsite",
                "link": _link(m, [m.index(x) for x in panel.everyone]) if table < 0 else "",
                "kind": "group",
            }
            held = [
                rep(m.index(x), k) for x, k in zip(panel.everyone, self.panel_representative[g], strict=True)
            ]
            row["representative_1"] = held[0]
            row["representative_2"] = "; ".join(held[1:]) if any(held[1:]) else ""
            rows.append((int(self.panel_slot[g]), table, row))
        rows.sort(key=lambda r: (r[0], r[1]))
        out = [r for _, _, r in rows]
        for ref, row in zip(meeting_references(len(out)), out, strict=True):
            row["meeting"] = ref
        return out

    def summary(self) -> str:
        """Meetings placed, slots used against the bounds, and meetings per pair of groups."""
        placed = int((self.slot >= 0).sum())
        total = len(self.slot)
        lower, upper = self.bound
        lines = [
            f"{placed} of {total} meetings placed in {self.n_slots_used} slots "
            f"(method {self.method}; at least {lower} needed"
            + (f", at most {upper} guaranteed)" if upper >= 0 else ")"),
            f"total score {self.matching.total_score:.3f} ({self.matching.method}, "
            f"{'optimal' if self.matching.optimal else 'not proven optimal'})",
        ]
        if self.panels:
            done = int((self.panel_slot >= 0).sum())
            lines.append(f"{done} of {len(self.panels)} group meetings placed")
        for (a, b), count in self.matching.by_group_pair().items():
            lines.append(f"  {a} × {b}: {count} meetings")
        lines += [f"  quota: {r}" for r in self.matching.quota_report()]
        return "\n".join(lines)

    def shortfalls(self) -> tuple[Shortfall, ...]:
        """Participants placed in fewer meetings (group meetings included) than they asked for, and why.

        Asked for: a participant's ``min_meetings``, else one meeting (none when its
        ``max_meetings`` is 0).  ``side`` is the participant's delegation.  Reasons, the
        first that holds (:data:`~matchmaker.reporting.shortfalls.REASONS`): those
        :func:`check_groups` (``matchmaker validate``) foresees, with the same words
        (``"no-plausible-partner"``: the allowed pairs give its delegation none to meet;
        ``"online-only"``: it meets online only and everyone of the delegations it may
        meet on site only; ``"availability"``: it is free in no slot;
        ``"no-plausible-partner"``: no partner scores at least ``min_score`` with a free
        slot in common; ``"group-meeting"``: a group meeting of it cannot be held, no
        consecutive slots of its length in which all of it are free), then ``"unplaced"``
        (matched, but no slot or table was left for a meeting), ``"group-meeting"`` (its
        group meeting found no table or representative left), ``"partners-full"`` (its
        candidates' time went to pairs of higher score).

        >>> from matchmaker.datasets import three_delegation_mission
        >>> found = run_groups(three_delegation_mission(), max_meetings=6).shortfalls()
        >>> sorted({s.reason for s in found}), found[0].side   # no floors: others scored higher
        (['partners-full'], 'Jawa Timur')
        """
        m = self.mission
        n = len(m)
        placed = self.slot >= 0
        u, v = self.matching.u, self.matching.v
        got = np.bincount(np.concatenate([u[placed], v[placed]]), minlength=n)
        # matched one-to-one meetings left out; a group meeting is not matched, it is asked for
        left = np.bincount(np.concatenate([u[~placed], v[~placed]]), minlength=n)
        lost: dict[int, Panel] = {}  # a participant's first group meeting left out
        for g, panel in enumerate(self.panels):
            rows = [m.index(x) for x in panel.everyone]
            got[rows] += int(self.panel_slot[g] >= 0)
            if self.panel_slot[g] < 0:
                for r in rows:
                    lost.setdefault(r, panel)
        scores = self.matching.scores
        candidates = np.bincount(np.concatenate([scores.u, scores.v]), minlength=n)
        # those who could have no meeting whatever the matching did: the rule validate warns by
        event = resolve_event(self.plan, m)
        foreseen = {s.participant: s for s in _cannot_meet(_candidates(scores, event.available), event)}
        out = []
        wanted = wanted_meetings(m.participants)
        for p in np.flatnonzero(got < wanted).tolist():
            person = m.participants[p]
            if person.id in foreseen:
                out.append(dataclasses.replace(foreseen[person.id], got=int(got[p])))
                continue
            if left[p]:
                reason, detail = "unplaced", f"{left[p]} of its meetings found no slot or table"
            elif p in lost:
                panel = lost[p]
                people = np.array([m.index(x) for x in panel.everyone], dtype=np.intp)
                held = bool(_panel_starts(self.plan, event.available, people, panel.slots).any())
                reason, detail = "group-meeting", _panel_detail(panel, can_be_held=held)
            else:
                reason, detail = (
                    "partners-full",
                    f"{format_count(int(candidates[p]), 'candidate partner')}, whose time went to pairs "
                    "of higher score",
                )
            out.append(
                Shortfall(
                    participant=person.id,
                    side=person.delegation,
                    wanted=int(wanted[p]),
                    got=int(got[p]),
                    reason=reason,
                    detail=detail,
                )
            )
        return tuple(out)

    def _occupancy(self) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
        """Every (participant, slot, representative) held, and every (slot, table) of an on-site item."""
        placed = self.slot >= 0
        u, v = self.matching.u[placed], self.matching.v[placed]
        slot = self.slot[placed]
        rep = (
            np.zeros((len(slot), 2), dtype=np.intp)
            if self.representative is None
            else self.representative[placed]
        )
        who, when, reps = [u, v], [slot, slot], [rep[:, 0], rep[:, 1]]
        onsite = self.table[placed] >= 0
        t_when, t_table = [slot[onsite]], [self.table[placed][onsite]]
        for g, panel in enumerate(self.panels):
            k = int(self.panel_slot[g])
            if k < 0:
                continue
            span = np.arange(k, k + panel.slots)
            for x, r in zip(panel.everyone, self.panel_representative[g], strict=True):
                who.append(np.full(panel.slots, self.mission.index(x)))
                when.append(span)
                reps.append(np.full(panel.slots, r))
            if self.panel_table[g] >= 0:
                t_when.append(span)
                t_table.append(np.full(panel.slots, self.panel_table[g]))
        cat = np.concatenate
        return (
            cat(who).astype(np.int64),
            cat(when).astype(np.int64),
            cat(reps).astype(np.int64),
            cat(t_when).astype(np.int64),
            cat(t_table).astype(np.int64),
        )

    def check(self) -> tuple[Problem, ...]:
        """Rule violations of this timetable (empty = clash-free and within the tables).

        Counts group meetings in every slot they span; also checks that each group
        meeting's slots are consecutive and that all its participants are free then.
        """
        out: list[Problem] = []
        n_slots = len(self.plan.slots)
        ids = self.mission.ids
        who, when, reps, t_when, t_table = self._occupancy()
        key = who * n_slots + when
        values, counts = np.unique(key, return_counts=True)
        team = self.mission.team_sizes
        for k, c in zip(values.tolist(), counts.tolist(), strict=True):
            if c > team[k // n_slots]:
                out.append(
                    Problem(
                        f"{c} meetings in slot {k % n_slots + 1} for a team of {team[k // n_slots]}",
                        kind="clash",
                        participants=(ids[k // n_slots],),
                    )
                )
        rk = key * (int(team.max(initial=1)) + 1) + reps
        if (reps >= team[who]).any() or len(np.unique(rk)) < len(rk):
            out.append(Problem("one representative in two meetings at once", kind="clash"))
        width = len(self.slot) + len(self.panels) + 1
        tk = t_when * width + t_table
        values, counts = np.unique(tk, return_counts=True)
        for k in values[counts > 1].tolist():
            out.append(Problem(f"two meetings at one table in slot {k // width + 1}", kind="table-clash"))
        if self.plan.tables is not None:  # the one rule of tables per slot, worded as every timetable's
            out += capacity_rule(t_when, np.full(n_slots, self.plan.tables, np.intp), slots=self.plan.slots)
        if self.panels:
            free = resolve_event(self.plan, self.mission).available
            for g, panel in enumerate(self.panels):
                k = int(self.panel_slot[g])
                if k < 0:
                    continue
                if not _consecutive(self.plan, panel.slots)[k]:
                    out.append(
                        Problem(
                            f"group meeting of {panel.host} spans slots that are not consecutive",
                            kind="group-meeting-split",
                            participants=panel.everyone,
                        )
                    )
                rows = [self.mission.index(x) for x in panel.everyone]
                if not free[rows, k : k + panel.slots].all():
                    out.append(
                        Problem(
                            f"group meeting of {panel.host} falls outside a participant's hours",
                            kind="unavailable",
                            participants=panel.everyone,
                        )
                    )
        return tuple(out)

    def write(self, directory: str | Path) -> list[Path]:
        """Write ``meetings.csv``, ``agendas.csv`` and ``summary.json`` into ``directory``.

        Each file is written to a temporary file in the same directory and moved into
        place, so a reader never sees half a file.  Agendas give a meeting at a table in
        the event's time zone and an online one in the participant's own (``timezone`` column).
        """
        from matchmaker.export.groups import (  # the exporters read this module: import when needed
            AGENDA_COLUMNS,
            MEETING_COLUMNS,
            MeetingReferences,
            agenda_rows,
            summary_document,
        )

        out_dir = Path(directory)
        meetings = self.records()
        agendas = agenda_rows(self.agendas(), MeetingReferences(meetings))
        doc = summary_document(self)
        texts = {
            "meetings.csv": _csv(meetings, MEETING_COLUMNS),
            "agendas.csv": _csv(agendas, AGENDA_COLUMNS),
            "summary.json": json.dumps(doc, ensure_ascii=False, indent=2) + "\n",
        }
        for text in texts.values():  # each checked before any is written: all three or none
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise unwritable(exc, self.mission.participants, self.mission, plan=self.plan) from None
        out_dir.mkdir(parents=True, exist_ok=True)
        return [_atomic(out_dir / name, text) for name, text in texts.items()]

    def export(
        self,
        directory: str | Path,
        *,
        formats: Collection[str] | None = None,
        lang: str = "en",
        force: bool = False,
        pdf: bool = False,
    ) -> dict[str, list[Path]]:
        """The full pack (CSV, JSON, XLSX, ICS, HTML report, agendas), atomically:
        :meth:`GroupResult.export <matchmaker.results.RunResult.export>`.

        Parameters
        ----------
        directory : str or Path
            The pack's folder: new, empty, or holding an earlier pack (replaced as a whole).
        formats : collection of str, optional
            Names of registered formats; all of them by default.
        lang : {"en", "id"}
            Language of the labels and of the CSV and XLSX headers.
        force : bool
            Write into a folder holding other files, or over files of an earlier pack
            changed since.
        pdf : bool
            Also print ``agendas.html`` and ``report.html`` to ``agendas.pdf`` and
            ``report.pdf`` (key ``"pdf"``) with a Chromium-based browser, as
            :func:`~matchmaker.export.export_all` ``(pdf=True)``.

        Returns
        -------
        dict of str to list of Path
            The files written, by format.

        Raises
        ------
        MissingDependencyError
            With ``pdf``: no browser, before anything is written (saying what to install),
            or one that printed nothing: nothing is written.
        """
        return GroupResult.of(self).export(directory, formats=formats, lang=lang, force=force, pdf=pdf)


def _csv(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _atomic(path: Path, text: str) -> Path:
    with replacing(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return path


def _link(m: GroupMission, people: Sequence[int]) -> str:
    """The ``meeting_link`` of an online meeting: the first of its participants' that has one."""
    return next((link for i in people if (link := extra_value(m.participants[i], "meeting_link"))), "")


def _consecutive(plan: EventPlan, length: int) -> BoolArray:
    """``(S,)``: slots ``k .. k+length-1`` exist, fall on one day and follow each other with no
    break between them (the buffer between two slots becomes part of a longer meeting)."""
    slots = plan.slots
    n = len(slots)
    joined = np.array(
        [
            slots[k + 1].day == slots[k].day and slots[k + 1].start - slots[k].end <= plan.buffer
            for k in range(n - 1)
        ],
        dtype=bool,
    )
    if length <= 1:
        return np.ones(n, dtype=bool)
    broken = np.concatenate([[0], np.cumsum(~joined)])
    out = np.zeros(n, dtype=bool)
    last = n - length + 1
    if last > 0:
        out[:last] = broken[length - 1 : length - 1 + last] - broken[:last] == 0
    return out


def _panel_starts(plan: EventPlan, free: BoolArray, rows: NDArray[np.intp], length: int) -> BoolArray:
    """``(S,)``: the slots a group meeting of ``length`` slots may start in: ``length``
    consecutive slots (:func:`_consecutive`) in which everyone of ``rows`` is free
    (``free`` is ``(P, S)``).  The scheduler places a group meeting only there, and
    :func:`_cannot_meet` counts one as a meeting only when there is such a slot."""
    n_slots = len(plan.slots)
    together = free[rows].all(axis=0).astype(np.intp)
    window = np.concatenate([[0], np.cumsum(together)])
    fits = np.zeros(n_slots, dtype=bool)
    last = n_slots - length + 1
    if last > 0:
        fits[:last] = window[length : length + last] - window[:last] == length
    out: BoolArray = fits & _consecutive(plan, length)
    return out


def _panel_detail(panel: Panel, *, can_be_held: bool) -> str:
    """A ``"group-meeting"`` shortfall's detail: the group meeting cannot be held (no
    consecutive slots in which all of it are free), or was held in no such slots."""
    span = (
        f"{panel.slots} consecutive slots in which all {len(panel.everyone)} of {panel.host}'s "
        f"group meeting (with {', '.join(panel.members)}) are free"
    )
    return f"no {span}" if not can_be_held else f"no table or representative was left in the {span}"


def _resolve_plan(plan: EventPlan | None, mission: GroupMission) -> EventPlan:
    if plan is None:
        plan = EventPlan(start="09:00", end="16:00", breaks="12:00-13:00")  # type: ignore[arg-type]
    if plan.hosts is not None:
        raise ValidationError(
            Problem(
                "hosts= (a table per participant of one side) has no meaning with more than two delegations",
                kind="invalid-plan",
                field="hosts",
                hint="give tables= (a shared pool) instead",
            )
        )
    # the group path's name for "no table" (an online meeting) in every file it writes: "online",
    # "online <link>" in calendars, "daring" in Indonesian tables
    taken = [k for k, t in enumerate(plan.table_labels) if t.startswith("online") or t.casefold() == "daring"]
    if taken:
        k = taken[0]
        raise ValidationError(
            Problem(
                f"table {k + 1} is named {plan.table_labels[k]!r}, which stands for an online meeting "
                "(no table) here",
                kind="invalid-plan",
                field="table_labels",
                data={"table": k + 1, "label": plan.table_labels[k], "case": "online-label"},
                hint="give that table another name, e.g. 'Meja 1' or a number",
            )
        )
    changes: dict[str, object] = {}
    if not plan.days:
        if mission.date is None:
            raise ValidationError(
                Problem(
                    "the event needs a date",
                    kind="missing",
                    field="date",
                    hint="give the mission a date or the plan days=",
                )
            )
        changes["days"] = (mission.date,)
    if plan.timezone is None:
        changes["timezone"] = mission.timezone
    return dataclasses.replace(plan, **changes) if changes else plan  # type: ignore[arg-type]


def schedule_groups(
    matching: GroupMatching, plan: EventPlan | ResolvedEvent | None = None, *, method: str = "auto"
) -> GroupTimetable:
    """Give every meeting a slot and a table, clash-free for every participant.

    Parameters
    ----------
    matching : GroupMatching
    plan : EventPlan or ResolvedEvent, optional
        Slots and ``tables`` (a shared pool; ``None`` = no limit).  Default 09:00-16:00
        with lunch 12:00-13:00 on the mission's date.  :func:`run_groups` passes the event
        it resolved (:func:`~matchmaker.scheduling.resolve_event`: who is free when, each
        participant in its own time zone), so availability is worked out once per run.
    method : {"auto", "colouring", "first-fit", "milp"}
        ``"auto"``: ``"colouring"`` when no participant has time windows, else
        ``"first-fit"`` (retried by the exact model when meetings are left out and the
        event has at most :data:`EXACT_REPAIR_SIZE` meeting-slot pairs).  ``"colouring"``
        is König's (exact, ``max(Δ, ⌈E/T⌉)`` slots) on a bipartite group graph and
        Misra–Gries (at most ``max(Δ + 1, ⌈E/T⌉)``)
        otherwise; ``"milp"`` places the most meetings possible (exact, small events).
        With group meetings (``mission.panels``) ``"auto"`` is ``"first-fit"``: group
        meetings first, then the meetings, then the exact model on small events if
        anything is left out; ``"milp"`` places the most group meetings, then the most
        meetings; ``"colouring"`` is an error (see ``_schedule_with_panels``).

    Examples
    --------
    >>> from matchmaker.datasets import three_delegation_mission
    >>> matching = match_groups(score_groups(three_delegation_mission()), max_meetings=4)
    >>> tt = schedule_groups(matching)
    >>> tt.check(), len(tt.unplaced) == int((tt.slot < 0).sum())   # left-outs have a reason
    ((), True)
    """
    if method not in ("auto", "colouring", "first-fit", "milp"):
        raise ValueError(f"unknown method {method!r}; known: auto, colouring, first-fit, milp")
    m = matching.mission
    if isinstance(plan, ResolvedEvent):
        if plan.mission is not m:
            raise ValueError("schedule_groups needs the event resolved for the matching's mission")
        event = plan
    else:
        event = resolve_event(_resolve_plan(plan, m), m)
    plan = event.plan
    if m.panels:
        return _schedule_with_panels(matching, event, method)
    slots = plan.slots
    n_slots = len(slots)
    # teams: a participant of h representatives is h vertices, its meetings dealt among them
    # in turn, so each representative is clash-free and the company holds <= h per slot
    u, v, n, rep = _representatives(m, matching.u, matching.v)
    n_edges = len(u)
    capacity = plan.tables
    windows = [p.availability for p in m.participants]
    limited = any(windows)
    online = matching.online
    if method == "auto":
        # online meetings take no table: the colourings count every meeting against the tables
        method = "first-fit" if limited or (online.any() and capacity is not None) else "colouring"
    lower, upper = general_bound(u, v, n, capacity)
    cap = np.full(n_slots, n_edges if capacity is None else capacity, dtype=np.intp)
    if method == "colouring":
        colouring = m.two_colouring()
        if colouring is not None:
            side = np.asarray(colouring)[m.group_of]
            swap = side[u] == 1
            rr, cc = np.where(swap, v, u), np.where(swap, u, v)
            colour = edge_colouring(rr, cc, n, n, capacity=capacity)
            name, upper = "konig", lower
        else:
            colour = general_edge_colouring(u, v, n, capacity=capacity)
            name = "misra-gries"
        # classes beyond the plan's slots: the smallest classes go, then first-fit where room is left
        slot = _fit_classes(colour, n_slots)
        rest = np.flatnonzero(slot < 0)
        if len(rest):
            free = np.ones((n_edges, n_slots), dtype=bool)
            slot = fill_free(slot, u, v, n, free, cap, rest, ~online)
    else:
        allowed = _allowed_slots(event, matching.u, matching.v)
        if method == "milp":
            slot = solve_milp(u, v, 0, n, allowed, capacity=cap).slot
            name, upper = "milp", -1
        else:
            slot = first_fit(u, v, n, allowed, cap, ~online)
            name, upper = "first-fit", -1
            if (slot < 0).any() and n_edges * n_slots <= EXACT_REPAIR_SIZE and not online.any():
                # small event: the exact model may place what first-fit left out
                better = solve_milp(u, v, 0, n, allowed, capacity=cap, incumbent=slot, upper_bound=n_edges)
                if (better.slot >= 0).sum() > (slot >= 0).sum():
                    slot, name = better.slot, "first-fit+milp"
            elif (slot < 0).any() and n_edges * n_slots <= EXACT_REPAIR_SIZE:
                # online meetings take no table: the exact model of items knows (one representative each)
                found, _ = solve_items_milp(
                    list(np.column_stack([u, v])), np.ones(n_edges, np.intp), allowed,
                    np.ones(n, np.intp), cap, ~online, np.ones(n_edges),
                )  # fmt: skip
                if (found >= 0).sum() > (slot >= 0).sum():
                    slot, name = found, "first-fit+milp"
    table = _tables(np.where(online, -1, slot), n_slots)
    labels = plan.table_labels
    timetable = GroupTimetable(
        matching=matching,
        plan=plan,
        slot=_readonly(slot),
        table=_readonly(table),
        unplaced=(),
        method=name,
        bound=(lower, upper),
        table_labels=labels,
        representative=_readonly(rep),
    )
    return dataclasses.replace(timetable, unplaced=_reasons(timetable, event.available))


def _schedule_with_panels(matching: GroupMatching, event: ResolvedEvent, method: str) -> GroupTimetable:
    """Group meetings first, then the meetings around them (see :func:`schedule_groups`).

    Every item (a meeting, or a group meeting of ``L`` consecutive slots) is placed on
    participant loads: a participant holds at most its team size at a time, an on-site
    item takes one table over its whole length.  ``"first-fit"`` places the group
    meetings first (largest first), then the meetings (fewest possible slots first); a
    small event with anything left out is re-solved by the exact integer program
    (:func:`~matchmaker.scheduling.algorithms.general.solve_items_milp`), which places
    the most group meetings, then the most meetings.  Representatives and tables are
    dealt afterwards by interval colouring, the same for all slots of a group meeting.
    """
    if method == "colouring":
        raise ValueError(
            "method='colouring' cannot place group meetings (they span several slots and "
            "join more than two participants); use 'auto', 'first-fit' or 'milp'"
        )
    m = matching.mission
    plan = event.plan
    slots = plan.slots
    n_slots = len(slots)
    panels = m.panels
    free = event.available
    u, v = matching.u, matching.v
    n_edges, n_panels = len(u), len(panels)
    members = [np.array([m.index(x) for x in panel.everyone], dtype=np.intp) for panel in panels]
    members += [np.array([a, b], dtype=np.intp) for a, b in zip(u.tolist(), v.tolist(), strict=True)]
    length = np.array([panel.slots for panel in panels] + [1] * n_edges, dtype=np.intp)
    starts = np.zeros((n_panels + n_edges, n_slots), dtype=bool)
    for g, panel in enumerate(panels):
        starts[g] = _panel_starts(plan, free, members[g], panel.slots)
    starts[n_panels:] = free[u] & free[v]
    mode = np.array(m.modes)
    panel_online = np.array([(mode[x] == "online").any() for x in members[:n_panels]], dtype=bool)
    needs_table = np.concatenate([~panel_online, ~matching.online])
    team = m.team_sizes.astype(np.intp)
    tables = np.full(n_slots, n_panels + n_edges if plan.tables is None else plan.tables, dtype=np.intp)
    # group meetings first, the largest (people x slots) first; then meetings with fewest slots first
    size = np.array([len(x) * panel.slots for x, panel in zip(members, panels, strict=False)], dtype=np.intp)
    order = np.concatenate(
        [
            np.lexsort((starts[:n_panels].sum(axis=1), -size)),
            n_panels + np.argsort(starts[n_panels:].sum(axis=1), kind="stable"),
        ]
    ).astype(np.intp)
    # the exact model puts every group meeting before any number of meetings
    weight = np.concatenate([np.full(n_panels, n_edges + 1.0), np.ones(n_edges)])
    if method == "milp":
        start, _ = solve_items_milp(members, length, starts, team, tables, needs_table, weight)
        name = "milp"
    else:
        start = first_fit_items(members, length, starts, team, tables, needs_table, order)
        name = "first-fit"
        if (start < 0).any() and int(starts.sum()) <= EXACT_REPAIR_SIZE:
            # small event: the exact model may place what first-fit left out
            better, _ = solve_items_milp(members, length, starts, team, tables, needs_table, weight)
            if float(weight[better >= 0].sum()) > float(weight[start >= 0].sum()):
                start, name = better, "first-fit+milp"
    placed = np.flatnonzero(start >= 0)
    # representatives: each participant's items, coloured as intervals (<= team size at a time)
    owner = np.concatenate([members[i] for i in placed.tolist()]) if len(placed) else np.zeros(0, np.intp)
    item_of = np.repeat(placed, [len(members[i]) for i in placed.tolist()])
    reps = interval_colouring(owner, start[item_of], length[item_of])
    rep = np.zeros((n_panels + n_edges, int(max((len(x) for x in members), default=2))), dtype=np.intp)
    position = np.concatenate([np.arange(len(members[i])) for i in placed.tolist()]) if len(placed) else owner
    rep[item_of, position] = reps
    # tables: the on-site items, coloured as intervals (<= tables at a time)
    onsite = placed[needs_table[placed]]
    table = np.full(n_panels + n_edges, -1, dtype=np.intp)
    table[onsite] = interval_colouring(np.zeros(len(onsite), np.intp), start[onsite], length[onsite])
    slot = start[n_panels:]
    lower, _ = general_bound(u, v, len(m), plan.tables)
    left_out = tuple(
        Problem(
            f"group meeting of {panel.host} with {', '.join(panel.members)} not placed: no "
            f"{panel.slots} consecutive slots in which all {len(panel.everyone)} are free and a table "
            "is left",
            kind="unplaced-group-meeting",
            participants=panel.everyone,
            hint="widen their availability, shorten group_meeting_slots, or add tables",
        )
        for g, panel in enumerate(panels)
        if start[g] < 0
    )
    timetable = GroupTimetable(
        matching=matching,
        plan=plan,
        slot=_readonly(slot),
        table=_readonly(table[n_panels:]),
        unplaced=(),
        method=name,
        bound=(lower, -1),
        table_labels=plan.table_labels,
        representative=_readonly(rep[n_panels:, :2].copy()),
        panels=panels,
        panel_slot=_readonly(start[:n_panels].copy()),
        panel_table=_readonly(table[:n_panels].copy()),
        panel_representative=tuple(tuple(int(x) for x in rep[g, : len(members[g])]) for g in range(n_panels)),
    )
    return dataclasses.replace(timetable, unplaced=_reasons(timetable, free) + left_out)


def _representatives(m: GroupMission, u: IntArray, v: IntArray) -> tuple[IntArray, IntArray, int, IntArray]:
    """Meetings on representative vertices: ``(u', v', n', rep)``, ``rep`` = (E, 2) representative numbers."""
    h = m.team_sizes
    base = np.concatenate([[0], np.cumsum(h)[:-1]]).astype(np.intp)
    ends = np.concatenate([u, v])
    order = np.argsort(ends, kind="stable")
    start = np.searchsorted(ends[order], ends[order])  # first position of each participant's run
    rank = np.empty(len(ends), dtype=np.intp)
    rank[order] = np.arange(len(ends)) - start
    clone = rank % h[ends]
    vertex = base[ends] + clone
    m_edges = len(u)
    rep: IntArray = np.column_stack([clone[:m_edges], clone[m_edges:]]).astype(np.intp)
    return vertex[:m_edges].astype(np.intp), vertex[m_edges:].astype(np.intp), int(h.sum()), rep


def _fit_classes(colour: IntArray, n_slots: int) -> IntArray:
    """Colour classes to slots, largest first; classes beyond ``n_slots`` stay unplaced (-1)."""
    if len(colour) == 0:
        return np.zeros(0, dtype=np.intp)
    sizes = np.bincount(colour)
    order = np.argsort(-sizes, kind="stable")
    to_slot = np.full(len(sizes), -1, dtype=np.intp)
    to_slot[order[:n_slots]] = np.arange(min(n_slots, len(sizes)))
    out: IntArray = to_slot[colour]
    return out


def _allowed_slots(event: ResolvedEvent, u: IntArray, v: IntArray) -> BoolArray:
    """``(E, S)``: both participants of meeting ``e`` are free in slot ``s`` (their windows)."""
    both: BoolArray = event.available[u] & event.available[v]
    return both


def _tables(slot: IntArray, n_slots: int) -> IntArray:
    """Number the meetings of each slot 0, 1, ... (a shared pool of tables)."""
    table = np.full(len(slot), -1, dtype=np.intp)
    placed = np.flatnonzero(slot >= 0)
    order = placed[np.argsort(slot[placed], kind="stable")]
    s = slot[order]
    starts = np.searchsorted(s, np.arange(n_slots))
    table[order] = np.arange(len(order)) - starts[s]
    return table


def _reasons(timetable: GroupTimetable, free: BoolArray) -> tuple[Problem, ...]:
    """Why each meeting left out was, from the finished timetable: its two are free together
    in no slot (``no-common-slot``), or each slot where both are free is taken, by another
    meeting of one of them (a team: of all its representatives) or by every table
    (``unplaced``, ``data["case"]`` ``people``, ``tables`` or ``both``); each with what the
    organiser can change.  ``free`` is ``(P, S)``: who is free in which slot."""
    left = np.flatnonzero(timetable.slot < 0)
    if not len(left):
        return ()
    m, plan = timetable.mission, timetable.plan
    n_slots = len(plan.slots)
    who, when, _, t_when, _ = timetable._occupancy()
    load = np.zeros((len(m), n_slots), dtype=np.int64)
    np.add.at(load, (who, when), 1)
    busy = load >= m.team_sizes[:, None]
    full = np.zeros(n_slots, dtype=bool)
    if plan.tables is not None:
        full = np.bincount(t_when, minlength=n_slots)[:n_slots] >= plan.tables
    u, v, online = timetable.matching.u, timetable.matching.v, timetable.matching.online
    out = []
    for e in left.tolist():
        i, j = int(u[e]), int(v[e])
        a, b = m.ids[i], m.ids[j]
        both = free[i] & free[j]
        met = both & (busy[i] | busy[j])  # one of the two meets someone else then
        tabled = both & ~met & (full if not online[e] else np.zeros(n_slots, dtype=bool))
        k, people, tables = int(both.sum()), int(met.sum()), int(tabled.sum())
        data: dict[str, JSONValue] = {"a": a, "b": b, "slots": n_slots, "common": k}
        said = "the only slot where both are free" if k == 1 else f"each of the {k} slots where both are free"
        # wider hours help only one who is not free throughout
        limited = not (free[i].all() and free[j].all())
        widen, windows = (f", widen {a}'s or {b}'s availability", "-windows") if limited else ("", "")
        if k == 0:
            message = f"{a} and {b} are never free at the same time (no slot of the {n_slots} suits both)"
            kind, hint = "no-common-slot", f"widen {a}'s or {b}'s availability so that they share a slot"
            data["case"] = "pair"
        elif people + tables < k:  # a slot with both free and a table left: the method missed it
            message = (
                "the scheduler found no slot for it, though both are free and a table is left in "
                f"{format_count(k - people - tables, 'slot')}"
            )
            kind, hint = "not-found", "schedule_groups(..., method='milp') places the most meetings possible"
            data |= {"case": "pair", "open": k - people - tables}
        elif not tables:
            message = f"in {said}, {a} or {b} meets someone else"
            kind, hint = "unplaced", f"add a slot{widen}, or lower max_meetings"
            data["case"] = "people" + windows
        elif not people:
            message = f"in {said}, every table is taken"
            kind, hint = "unplaced", "add tables or a slot"
            data["case"] = "tables"
        else:
            message = (
                f"of the {k} slots where both are free, {a} or {b} meets someone else in {people} "
                f"and every table is taken in {tables}"
            )
            kind, hint = "unplaced", f"add a slot or tables{widen}, or lower max_meetings"
            data |= {"case": "both" + windows, "people": people, "tables": tables}
        out.append(
            Problem(
                f"meeting {a} – {b} not placed: {message}",
                kind=kind,
                participants=(a, b),
                hint=hint,
                data=data,
            )
        )
    return tuple(out)


def run_groups(
    mission: GroupMission | Mission,
    plan: EventPlan | None = None,
    *,
    max_meetings: int | Mapping[str, int] = 8,
    min_meetings: int | Mapping[str, int] = 0,
    top_k: int | None = None,
    min_score: float = 0.0,
    weights: Weights | Mapping[str, float] | None = None,
    method: str = "auto",
    quotas: Sequence[Quota] = (),
) -> GroupTimetable:
    """Score, match and timetable a :class:`GroupMission` in one call.

    ``max_meetings`` is also capped by the slots in the plan; ``method`` and
    ``quotas`` are the matching's (:func:`match_groups`).  A two-delegation
    :class:`~matchmaker.model.Mission` is taken as the group mission of its two sides
    (:meth:`GroupMission.from_mission`): the path for teams, online and group meetings,
    which :func:`matchmaker.run` does not plan.

    >>> from matchmaker.datasets import three_delegation_mission
    >>> tt = run_groups(three_delegation_mission(), max_meetings=6)
    >>> tt.check(), len(tt.unplaced)
    ((), 0)
    """
    event, scores, lo, hi = _prepare(
        mission, plan, max_meetings, min_meetings, top_k, min_score, weights, method
    )
    resolved = event.plan
    max_total = None if resolved.tables is None else len(resolved.slots) * resolved.tables
    return schedule_groups(_solve(scores, lo, hi, method, max_total, tuple(quotas)), event)


def check_groups(
    mission: GroupMission | Mission,
    plan: EventPlan | None = None,
    *,
    max_meetings: int | Mapping[str, int] = 8,
    min_meetings: int | Mapping[str, int] = 0,
    top_k: int | None = None,
    min_score: float = 0.0,
    weights: Weights | Mapping[str, float] | None = None,
    method: str = "auto",
) -> tuple[Shortfall, ...]:
    """Every check :func:`run_groups` makes before solving, without solving; the warnings it finds.

    Takes :func:`run_groups`'s arguments (quotas aside: the solver checks them) and raises
    what it would raise before its solver starts, with the same messages
    (:class:`~matchmaker.errors.ValidationError` for a bad bound or plan,
    :class:`~matchmaker.errors.InfeasibleError` for a ``min_meetings`` out of reach or a
    must-meet pair above ``max_meetings``).  ``matchmaker validate`` runs it on the group
    path, as :func:`matchmaker.pipeline.check` on the two-delegation one.

    Returns
    -------
    tuple of Shortfall
        The participants who can have no meeting whatever the matching does, with the
        reason and detail :meth:`GroupTimetable.shortfalls` gives them after a run (the
        same rule, :func:`_cannot_meet`); ``got`` is 0.

    Examples
    --------
    >>> from matchmaker.datasets import three_delegation_mission
    >>> found = check_groups(three_delegation_mission(), min_score=0.15)
    >>> found[0].participant, found[0].reason
    ('JT-001', 'no-plausible-partner')
    >>> set(found) <= set(run_groups(three_delegation_mission(), min_score=0.15).shortfalls())
    True
    """
    event, scores, lo, hi = _prepare(
        mission, plan, max_meetings, min_meetings, top_k, min_score, weights, method
    )
    problems = _floor_problems(scores, lo, hi)
    if problems:
        raise InfeasibleError(problems)
    return _cannot_meet(scores, event)


def _prepare(
    mission: GroupMission | Mission,
    plan: EventPlan | None,
    max_meetings: int | Mapping[str, int],
    min_meetings: int | Mapping[str, int],
    top_k: int | None,
    min_score: float,
    weights: Weights | Mapping[str, float] | None,
    method: str,
) -> tuple[ResolvedEvent, GroupScores, NDArray[np.int64], NDArray[np.int64]]:
    """What :func:`run_groups` and :func:`check_groups` both work out before solving: the
    event (who is free when), the candidate pairs (:func:`_candidates`) and the bounds."""
    _check_method(method)
    if isinstance(mission, Mission):  # two delegations with teams, online or group meetings
        mission = GroupMission.from_mission(mission)
    event = resolve_event(_resolve_plan(plan, mission), mission)  # who is free when: once per run
    hi = _bounds(mission, max_meetings, "max_meetings")
    lo = _bounds(mission, min_meetings, "min_meetings")
    # no one can hold more meetings than the slots they are free in
    free = event.available
    hi = np.minimum(hi, _room(mission, free))
    scores = _candidates(score_groups(mission, weights, top_k=top_k, min_score=min_score), free)
    return event, scores, lo, hi


def _room(mission: GroupMission, free: BoolArray) -> NDArray[np.int64]:
    """``(P,)``: the one-to-one meetings each participant has time for: its free slots times
    its representatives, less the slots its group meetings take (one representative each,
    held or not); never below 0.  :func:`_prepare` caps ``max_meetings`` by it."""
    held = np.zeros(len(mission), dtype=np.int64)
    for panel in mission.panels:
        held[[mission.index(x) for x in panel.everyone]] += panel.slots
    out: NDArray[np.int64] = np.maximum(free.sum(axis=1) * mission.team_sizes - held, 0)
    return out


def _candidates(scores: GroupScores, free: BoolArray) -> GroupScores:
    """The pairs of ``scores`` that can meet one to one: free together in a slot (``free``
    is ``(P, S)``), and not host and member of a group meeting (the host meets its members
    there); a must-meet pair always.  The same scores when every pair can."""
    mission = scores.mission
    n = max(len(mission), 1)
    together = np.zeros(0, dtype=np.int64)
    for panel in mission.panels:
        rows = np.array([mission.index(x) for x in panel.everyone], dtype=np.int64)
        together = np.concatenate([together, rows[0] * n + rows[1:], rows[1:] * n + rows[0]])
    # pairs who share no free slot cannot meet: not candidates (unless they must meet)
    meet = (free[scores.u] & free[scores.v]).any(axis=1) | scores.forced
    if len(together):
        meet &= ~np.isin(scores.u.astype(np.int64) * n + scores.v, together) | scores.forced
    if meet.all():
        return scores
    return dataclasses.replace(
        scores,
        u=_readonly(scores.u[meet]),
        v=_readonly(scores.v[meet]),
        total=_readonly(scores.total[meet]),
        forced=_readonly(scores.forced[meet]),
    )


def _cannot_meet(scores: GroupScores, event: ResolvedEvent) -> tuple[Shortfall, ...]:
    """The rule of who can have no meeting, before solving and after: each participant who
    asks for one (:func:`~matchmaker.reporting.shortfalls.wanted_meetings`) but has no
    candidate partner in ``scores`` (the pairs :func:`_candidates` keeps) and no group
    meeting, with the first reason that holds.

    ``"no-plausible-partner"`` when the allowed pairs give its delegation no other to meet;
    ``"online-only"``: it meets online only and everyone of the delegations it may meet on
    site only (:func:`online_apart`); ``"availability"``: it is free in no slot of the
    event; ``"group-meeting"``: a group meeting of it cannot be held (no consecutive
    slots of its length in which all of it are free, :func:`_panel_starts`), and it has
    no other; else ``"no-plausible-partner"``: no partner scores at least ``min_score`` with
    a free slot in common.  A group meeting that cannot be held is no meeting, one free in
    no slot has none whatever it is matched with, and one whose group meetings take all its
    time (:func:`_room`) has no one-to-one meeting.  :func:`check_groups` (``matchmaker
    validate``) warns of them, :meth:`GroupTimetable.shortfalls` gives them the same reason
    after a run.
    """
    m = scores.mission
    n = len(m)
    candidates = np.bincount(np.concatenate([scores.u, scores.v]), minlength=n)
    # no time left for a partner once its group meetings took theirs: no one-to-one meeting
    candidates[_room(m, event.available) == 0] = 0
    lost: dict[int, Panel] = {}  # a participant's first group meeting that cannot be held
    for panel in m.panels:
        rows = np.array([m.index(x) for x in panel.everyone], dtype=np.intp)
        # a group meeting is a meeting only when all of it share its consecutive free slots
        if _panel_starts(event.plan, event.available, rows, panel.slots).any():
            candidates[rows] += 1
        else:
            for r in rows.tolist():
                lost.setdefault(r, panel)
    apart = online_apart(m)
    free: BoolArray = np.asarray(event.available.any(axis=1), dtype=bool)
    wanted = wanted_meetings(m.participants)
    out = []
    # free in no slot: no meeting, whatever it is matched with (a must-meet pair included)
    for p in np.flatnonzero((wanted > 0) & ((candidates == 0) | apart | ~free)).tolist():
        person = m.participants[p]
        others = [m.group_names[j] for j in _partner_groups(m, int(m.group_of[p]))]
        if not others:
            reason = "no-plausible-partner"
            detail = (
                f"the allowed pairs of delegations name none with {person.delegation}; "
                "add a pair with it (--allow, or allowed in the config)"
            )
        elif apart[p]:
            reason = "online-only"
            detail = (
                f"meets online only, and everyone of {', '.join(others)} meets on site only; make it or "
                "them hybrid (mode hybrid / hibrida)"
            )
        elif not free[p]:
            reason, detail = "availability", unavailable_detail(person, event.plan)
        elif p in lost:
            reason = "group-meeting"
            detail = _panel_detail(lost[p], can_be_held=False)
        else:
            reason = "no-plausible-partner"
            detail = f"no partner scores at least {scores.min_score:g} with a free slot in common"
        out.append(
            Shortfall(
                participant=person.id,
                side=person.delegation,
                wanted=int(wanted[p]),
                got=0,
                reason=reason,
                detail=detail,
            )
        )
    return tuple(out)


def _partner_groups(m: GroupMission, g: int) -> list[int]:
    """The delegations that delegation ``g`` may meet."""
    return [j if i == g else i for i, j in m.allowed or () if g in (i, j)]


def online_apart(m: GroupMission) -> BoolArray:
    """``(P,)``: the participant meets online only and everyone it may meet meets on site only.

    Such a participant can have no meeting (an online-only and an on-site-only participant
    never meet); :meth:`GroupTimetable.shortfalls` and ``matchmaker validate`` say so.
    """
    mode = np.array(m.modes)
    # a delegation "reachable online" has someone who is not on site only
    online_ok = np.bincount(m.group_of[mode != "onsite"], minlength=len(m.groups)) > 0
    reach = np.array([online_ok[_partner_groups(m, g)].any() for g in range(len(m.groups))], dtype=bool)
    out: BoolArray = (mode == "online") & ~reach[m.group_of]
    return out


# ------------------------------------------------------------------------ run() result
@dataclass(frozen=True, kw_only=True, eq=False)
class GroupResult(RunResult):
    """What :func:`matchmaker.run` returns for a mission of the group path.

    A mission goes the group path when it is a :class:`GroupMission` (more than two
    delegations, or a rule of which delegations meet), when a two-delegation
    :class:`~matchmaker.model.Mission` uses teams, online-only participants or group
    meetings (:func:`~matchmaker.model.groups.group_features`), or when quotas are given.
    It speaks the same interface as :class:`~matchmaker.pipeline.MatchmakingResult`:
    ``mission``, ``plan``, ``scores``, ``matching``, ``schedule`` (here a
    :class:`GroupTimetable`), ``summary()``, ``export()`` (the same
    :func:`~matchmaker.export.export_all`; :class:`~matchmaker.results.RunResult`) and
    :attr:`shortfalls`.

    Examples
    --------
    >>> import matchmaker as mm
    >>> from matchmaker.datasets import three_delegation_mission
    >>> result = mm.run(three_delegation_mission(), max_meetings=4)
    >>> type(result).__name__, result.schedule.check(), result.matching.optimal
    ('GroupResult', (), True)
    """

    mission: GroupMission
    plan: EventPlan
    scores: GroupScores
    matching: GroupMatching
    schedule: GroupTimetable

    @classmethod
    def of(cls, timetable: GroupTimetable) -> GroupResult:
        """The result of a timetable from :func:`run_groups`."""
        matching = timetable.matching
        return cls(
            mission=matching.mission,
            plan=timetable.plan,
            scores=matching.scores,
            matching=matching,
            schedule=timetable,
        )

    @property
    def timetable(self) -> GroupTimetable:
        """The same as :attr:`schedule` (what :func:`run_groups` returns)."""
        return self.schedule

    @property
    def shortfalls(self) -> tuple[Shortfall, ...]:
        """Who got fewer meetings than they asked for, and why (:meth:`GroupTimetable.shortfalls`)."""
        return self.schedule.shortfalls()


def host_tables(plan: EventPlan, mission: GroupMission) -> EventPlan:
    """A plan of a table per host (``hosts="A"``, the default plan's) as a shared pool of tables.

    The pool has as many tables as the host delegation (the first, or the second for
    ``hosts="B"``) has representatives; a plan without hosts is returned as it is.
    """
    if plan.hosts is None:
        return plan
    hosts = mission.group_of == (0 if plan.hosts == "A" else 1)
    return dataclasses.replace(plan, hosts=None, tables=int(mission.team_sizes[hosts].sum()) or None)


#: What a bound of :func:`run`'s may be: one number, ``(first delegation, the others)``
#: (``None`` keeping a default), or a number per delegation name.
Bound: TypeAlias = int | tuple[int | None, int | None] | Mapping[str, int] | None


def group_bounds(
    mission: GroupMission, plan: EventPlan, max_meetings: Bound, min_meetings: Bound, *, max_b: int
) -> tuple[int | Mapping[str, int], int | Mapping[str, int]]:
    """``run()``'s ``max_meetings``/``min_meetings`` as :func:`run_groups` takes them.

    Defaults: with two delegations, the ordinary run's ceilings (the first meets in every
    slot, the second up to ``max(max_b, 2 * ceil(n_A / n_B))``); with more, 8 each.  No
    floor by default.  A pair ``(a, b)`` bounds the first delegation with ``a`` and every
    other one with ``b``.
    """
    names = mission.group_names

    def pair(value: Bound, default: tuple[int, int]) -> int | Mapping[str, int]:
        if value is None:
            value = (None, None)
        if not isinstance(value, tuple):
            return value
        first = default[0] if value[0] is None else value[0]
        rest = default[1] if value[1] is None else value[1]
        return first if first == rest else {name: (first if k == 0 else rest) for k, name in enumerate(names)}

    ceiling = (8, 8)
    if len(names) == 2:
        n_a, n_b = (int((mission.group_of == k).sum()) for k in (0, 1))
        ceiling = (len(_resolve_plan(plan, mission).slots), max(max_b, 2 * -(-n_a // max(n_b, 1))))
    return pair(max_meetings, ceiling), pair(min_meetings, (0, 0))


def run_group_path(
    mission: GroupMission | Mission,
    plan: EventPlan,
    *,
    max_b: int,
    max_meetings: Bound = None,
    min_meetings: Bound = None,
    top_k: int | None = None,
    min_score: float | None = None,
    weights: Weights | Mapping[str, float] | None = None,
    method: str = "auto",
    quotas: Sequence[Quota] = (),
) -> GroupResult:
    """What :func:`matchmaker.run` does for a mission of the group path (see :class:`GroupResult`).

    ``plan`` is :func:`~matchmaker.pipeline.default_plan` when the caller gave none; a
    table per host becomes a shared pool (:func:`host_tables`); bounds as
    :func:`group_bounds`.  The same as ``matchmaker run`` does with such a table.
    """
    if isinstance(mission, Mission):
        mission = GroupMission.from_mission(mission)
    plan = host_tables(plan, mission)
    hi, lo = group_bounds(mission, plan, max_meetings, min_meetings, max_b=max_b)
    timetable = run_groups(
        mission,
        plan,
        max_meetings=hi,
        min_meetings=lo,
        top_k=top_k,
        min_score=0.0 if min_score is None else min_score,
        weights=weights,
        method=method,
        quotas=quotas,
    )
    return GroupResult.of(timetable)
