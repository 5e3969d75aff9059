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
4. :class:`GroupTimetable` gives agendas in each participant's own time zone,
   records, a summary per pair of groups, and :meth:`GroupTimetable.write` the files.

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
import os
import tempfile
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from matchmaker.assignment.algorithms import flow
from matchmaker.assignment.algorithms.bmatching import solve_bmatching
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import InfeasibleError, Problem, ValidationError
from matchmaker.model.groups import GroupMission
from matchmaker.quotas import Quota, QuotaResult, attribute_values, quota_constraints, quota_results
from matchmaker.reference.grdp import RegionalTable
from matchmaker.scheduling.algorithms.colouring import edge_colouring
from matchmaker.scheduling.algorithms.general import first_fit, general_bound, general_edge_colouring
from matchmaker.scheduling.algorithms.milp import solve_milp
from matchmaker.scheduling.constraints import availability_matrix
from matchmaker.scheduling.plan import EventPlan, Slot
from matchmaker.scoring import Explanation, Scores, SparseScores, Weights, score

__all__ = [
    "GroupMatching",
    "GroupMeeting",
    "GroupMission",
    "GroupScores",
    "GroupTimetable",
    "Quota",
    "match_groups",
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


# ----------------------------------------------------------------------------- scoring
@dataclass(frozen=True, eq=False)
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
    """

    mission: GroupMission
    u: IntArray
    v: IntArray
    total: FloatArray
    forced: BoolArray
    blocks: Mapping[tuple[int, int], Scores | SparseScores]
    conflicts: tuple[Problem, ...] = ()

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
        A pair is a candidate when its total is above this (must-meet pairs always are).
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
            keep = (~s.forbidden & (s.total > min_score)) | (forced_mask & ~s.forbidden)
            r, c = np.nonzero(keep)
            w = s.total[r, c]
            f = forced_mask[r, c]
        else:
            pairs = s.pairs
            r, c = pairs[:, 0], pairs[:, 1]
            w = np.asarray(s.total.data, dtype=np.float64)
            fk = s.forced[:, 0].astype(np.int64) * s.shape[1] + s.forced[:, 1]
            f = np.isin(r.astype(np.int64) * s.shape[1] + c, fk)
            keep1 = (w > min_score) | f
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
        mission,
        _readonly(u),
        _readonly(v),
        _readonly(total),
        _readonly(forced),
        MappingProxyType(blocks),
        tuple(conflicts),
    )


# ---------------------------------------------------------------------------- matching
@dataclass(frozen=True, eq=False)
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
                f"({candidates[p]} candidate partners, max_meetings {hi[p]})",
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
    return GroupMatching(scores, _readonly(np.sort(edges).astype(np.intp)), method, backend, optimal)


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
        scores, _readonly(np.sort(edges).astype(np.intp)), "milp", backend, optimal, quotas
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
@dataclass(frozen=True)
class GroupMeeting:
    """One meeting in a participant's agenda, in the participant's own time zone."""

    start: dt.datetime
    end: dt.datetime
    partner: str
    partner_name: str
    partner_delegation: str
    table: str
    score: float
    representative: int = 0

    def __str__(self) -> str:
        rep = f"  representative {self.representative + 1}" if self.representative else ""
        return (
            f"{self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M} {self.start.tzname()}  table {self.table}  "
            f"{self.partner} {self.partner_name} ({self.partner_delegation}){rep}"
        )


@dataclass(frozen=True, eq=False)
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
    """

    matching: GroupMatching
    plan: EventPlan
    slot: IntArray
    table: IntArray
    unplaced: tuple[Problem, ...]
    method: str
    bound: tuple[int, int]
    _labels: tuple[str, ...] = field(default=(), repr=False)
    representative: IntArray | None = field(default=None, repr=False)

    @property
    def mission(self) -> GroupMission:
        """The mission timetabled."""
        return self.matching.mission

    @property
    def n_slots_used(self) -> int:
        """Slots holding at least one meeting."""
        placed = self.slot[self.slot >= 0]
        return len(np.unique(placed))

    def table_label(self, t: int) -> str:
        """The name of table ``t`` (``"online"`` for -1, an online meeting)."""
        if t < 0:
            return "online"
        return self._labels[t] if t < len(self._labels) else str(t + 1)

    def agenda(self, participant_id: str) -> list[GroupMeeting]:
        """A participant's meetings in time order, in the participant's own time zone."""
        m = self.mission
        p = m.index(participant_id)
        zone = zoneinfo.ZoneInfo(m.timezone_of(participant_id))
        u, v, w = self.matching.u, self.matching.v, self.matching.weights
        mine = np.flatnonzero(((u == p) | (v == p)) & (self.slot >= 0))
        slots = self.plan.slots
        out = []
        for e in mine[np.argsort(self.slot[mine], kind="stable")].tolist():
            other = int(v[e] if u[e] == p else u[e])
            s = slots[int(self.slot[e])]
            partner = m.participants[other]
            out.append(
                GroupMeeting(
                    s.start.astimezone(zone),
                    s.end.astimezone(zone),
                    partner.id,
                    partner.name,
                    partner.delegation,
                    self.table_label(int(self.table[e])),
                    float(w[e]),
                    0 if self.representative is None else int(self.representative[e, 0 if u[e] == p else 1]),
                )
            )
        return out

    def records(self) -> list[dict[str, str]]:
        """One row per meeting placed, in slot then table order (event-local times)."""
        m = self.mission
        ids, u, v, w = m.ids, self.matching.u, self.matching.v, self.matching.weights
        placed = np.flatnonzero(self.slot >= 0)
        placed = placed[np.lexsort((self.table[placed], self.slot[placed]))]
        slots = self.plan.slots
        rows = []
        for e in placed.tolist():
            s: Slot = slots[int(self.slot[e])]
            a, b = m.participants[int(u[e])], m.participants[int(v[e])]
            rows.append(
                {
                    "slot": str(s.index + 1),
                    "start": s.start.isoformat(),
                    "end": s.end.isoformat(),
                    "table": self.table_label(int(self.table[e])),
                    "id_1": ids[int(u[e])],
                    "name_1": a.name,
                    "delegation_1": a.delegation,
                    "id_2": ids[int(v[e])],
                    "name_2": b.name,
                    "delegation_2": b.delegation,
                    "score": f"{float(w[e]):.4f}",
                    "mode": "online" if self.table[e] < 0 else "onsite",
                    "link": (dict(a.extra).get("meeting_link") or dict(b.extra).get("meeting_link") or "")
                    if self.table[e] < 0
                    else "",
                }
            )
        return rows

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
        for (a, b), count in self.matching.by_group_pair().items():
            lines.append(f"  {a} × {b}: {count} meetings")
        lines += [f"  quota: {r}" for r in self.matching.quota_report()]
        return "\n".join(lines)

    def check(self) -> tuple[Problem, ...]:
        """Rule violations of this timetable (empty = clash-free and within the tables)."""
        out: list[Problem] = []
        placed = self.slot >= 0
        n_slots = len(self.plan.slots)
        ids = self.mission.ids
        who = np.concatenate([self.matching.u[placed], self.matching.v[placed]]).astype(np.int64)
        key = who * n_slots + np.concatenate([self.slot[placed], self.slot[placed]])
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
        if self.representative is not None:  # one representative, one meeting per slot
            reps = np.concatenate([self.representative[placed, 0], self.representative[placed, 1]])
            rk = key * (int(team.max(initial=1)) + 1) + reps
            values, counts = np.unique(rk, return_counts=True)
            if (counts > 1).any():
                out.append(Problem("one representative in two meetings at once", kind="clash"))
        placed = placed & (self.table >= 0)  # online meetings take no table
        tk = self.slot[placed].astype(np.int64) * (len(self.slot) + 1) + self.table[placed]
        values, counts = np.unique(tk, return_counts=True)
        for k in values[counts > 1].tolist():
            out.append(
                Problem(
                    f"two meetings at one table in slot {k // (len(self.slot) + 1) + 1}", kind="table-clash"
                )
            )
        if self.plan.tables is not None and placed.any():
            load = np.bincount(self.slot[placed], minlength=n_slots)
            for s in np.flatnonzero(load > self.plan.tables).tolist():
                out.append(
                    Problem(
                        f"slot {s + 1} holds {load[s]} meetings, {self.plan.tables} tables", kind="capacity"
                    )
                )
        return tuple(out)

    def write(self, directory: str | Path) -> list[Path]:
        """Write ``meetings.csv``, ``agendas.csv`` and ``summary.json`` into ``directory``.

        Each file is written to a temporary file in the same directory and moved into
        place, so a reader never sees half a file.  Agendas are in each participant's
        own time zone.
        """
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        meetings = self.records()
        columns = [
            "slot",
            "start",
            "end",
            "table",
            "id_1",
            "name_1",
            "delegation_1",
            "id_2",
            "name_2",
            "delegation_2",
            "score",
            "mode",
            "link",
        ]
        agenda_rows = []
        for pid in self.mission.ids:
            for item in self.agenda(pid):
                agenda_rows.append(
                    {
                        "id": pid,
                        "start": item.start.isoformat(),
                        "end": item.end.isoformat(),
                        "timezone": str(item.start.tzinfo),
                        "table": item.table,
                        "partner": item.partner,
                        "partner_name": item.partner_name,
                        "partner_delegation": item.partner_delegation,
                    }
                )
        agenda_columns = [
            "id",
            "start",
            "end",
            "timezone",
            "table",
            "partner",
            "partner_name",
            "partner_delegation",
        ]
        doc = {
            "mission": self.mission.name,
            "groups": list(self.mission.group_names),
            "allowed": [
                [self.mission.group_names[i], self.mission.group_names[j]]
                for i, j in self.mission.allowed or ()
            ],
            "meetings": len(self.slot),
            "placed": int((self.slot >= 0).sum()),
            "slots_used": self.n_slots_used,
            "bound": list(self.bound),
            "schedule_method": self.method,
            "match_method": self.matching.method,
            "total_score": round(self.matching.total_score, 6),
            "by_group_pair": [[a, b, n] for (a, b), n in self.matching.by_group_pair().items()],
            "unplaced": [{"participants": list(p.participants), "reason": p.message} for p in self.unplaced],
            "quotas": [
                {
                    "quota": r.quota.label,
                    "value": r.value,
                    "meetings": r.meetings,
                    "share": round(r.share, 6),
                    "met": r.met,
                }
                for r in self.matching.quota_report()
            ],
        }
        return [
            _atomic(out_dir / "meetings.csv", _csv(meetings, columns)),
            _atomic(out_dir / "agendas.csv", _csv(agenda_rows, agenda_columns)),
            _atomic(out_dir / "summary.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n"),
        ]


def _csv(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _atomic(path: Path, text: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


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
    matching: GroupMatching, plan: EventPlan | None = None, *, method: str = "auto"
) -> GroupTimetable:
    """Give every meeting a slot and a table, clash-free for every participant.

    Parameters
    ----------
    matching : GroupMatching
    plan : EventPlan, optional
        Slots and ``tables`` (a shared pool; ``None`` = no limit).  Default 09:00-16:00
        with lunch 12:00-13:00 on the mission's date.
    method : {"auto", "colouring", "first-fit", "milp"}
        ``"auto"``: ``"colouring"`` when no participant has time windows, else
        ``"first-fit"`` (retried by the exact model when meetings are left out and the
        event has at most :data:`EXACT_REPAIR_SIZE` meeting-slot pairs).  ``"colouring"``
        is König's (exact, ``max(Δ, ⌈E/T⌉)`` slots) on a bipartite group graph and
        Misra–Gries (at most ``max(Δ + 1, ⌈E/T⌉)``)
        otherwise; ``"milp"`` places the most meetings possible (exact, small events).

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
    plan = _resolve_plan(plan, m)
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
            slot = _refill(slot, u, v, n, free, cap, rest, ~online)
    else:
        allowed = _allowed_slots(m, plan, matching.u, matching.v)
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
    table = _tables(np.where(online, -1, slot), n_slots)
    unplaced = _reasons(m, matching.u, matching.v, slot, n_slots, lower)
    labels = plan.table_labels
    return GroupTimetable(
        matching,
        plan,
        _readonly(slot),
        _readonly(table),
        unplaced,
        name,
        (lower, upper),
        labels,
        _readonly(rep),
    )


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


def _refill(
    slot: IntArray,
    u: IntArray,
    v: IntArray,
    n: int,
    allowed: BoolArray,
    cap: IntArray,
    rest: IntArray,
    needs_table: BoolArray,
) -> IntArray:
    """First-fit the meetings ``rest`` into what the placed ones leave free."""
    n_slots = allowed.shape[1]
    busy = np.zeros((n, n_slots), dtype=bool)
    placed = slot >= 0
    busy[u[placed], slot[placed]] = True
    busy[v[placed], slot[placed]] = True
    load = np.bincount(slot[placed & needs_table], minlength=n_slots)
    out = slot.copy()
    for e in rest.tolist():
        ok = allowed[e] & ~busy[u[e]] & ~busy[v[e]]
        if needs_table[e]:
            ok &= load < cap
        hit = np.flatnonzero(ok)
        if len(hit):
            s = int(hit[0])
            out[e] = s
            busy[u[e], s] = busy[v[e], s] = True
            load[s] += int(needs_table[e])
    result: IntArray = out
    return result


def _allowed_slots(m: GroupMission, plan: EventPlan, u: IntArray, v: IntArray) -> BoolArray:
    """``(E, S)``: both participants of meeting ``e`` are free in slot ``s`` (their windows)."""
    free = _free_matrix(m, plan)
    both: BoolArray = free[u] & free[v]
    return both


def _free_matrix(m: GroupMission, plan: EventPlan) -> BoolArray:
    """``(P, S)``: participant ``p`` is free in slot ``s``, its windows read in its own time zone."""
    zones = [m.timezone_of(pid) for pid in m.ids]
    free = np.ones((len(m), len(plan.slots)), dtype=bool)
    for zone in sorted(set(zones)):
        rows = [i for i, z in enumerate(zones) if z == zone]
        windows = [m.participants[i].availability for i in rows]
        free[rows] = availability_matrix(plan.slots, windows, zoneinfo.ZoneInfo(zone))
    return free


def _tables(slot: IntArray, n_slots: int) -> IntArray:
    """Number the meetings of each slot 0, 1, ... (a shared pool of tables)."""
    table = np.full(len(slot), -1, dtype=np.intp)
    placed = np.flatnonzero(slot >= 0)
    order = placed[np.argsort(slot[placed], kind="stable")]
    s = slot[order]
    starts = np.searchsorted(s, np.arange(n_slots))
    table[order] = np.arange(len(order)) - starts[s]
    return table


def _reasons(
    m: GroupMission, u: IntArray, v: IntArray, slot: IntArray, n_slots: int, lower: int
) -> tuple[Problem, ...]:
    out = []
    for e in np.flatnonzero(slot < 0).tolist():
        a, b = m.ids[int(u[e])], m.ids[int(v[e])]
        out.append(
            Problem(
                f"meeting {a} – {b} not placed: no slot of the {n_slots} where both are free and a "
                f"table is left (these meetings need at least {lower} slots)",
                kind="unplaced",
                participants=(a, b),
                hint="add slots or tables, or lower max_meetings",
            )
        )
    return tuple(out)


def run_groups(
    mission: GroupMission,
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
    ``quotas`` are the matching's (:func:`match_groups`).

    >>> from matchmaker.datasets import three_delegation_mission
    >>> tt = run_groups(three_delegation_mission(), max_meetings=6)
    >>> tt.check(), len(tt.unplaced)
    ((), 0)
    """
    _check_method(method)
    resolved = _resolve_plan(plan, mission)
    hi = _bounds(mission, max_meetings, "max_meetings")
    lo = _bounds(mission, min_meetings, "min_meetings")
    # no one can hold more meetings than the slots they are free in
    free = _free_matrix(mission, resolved)
    hi = np.minimum(hi, free.sum(axis=1) * mission.team_sizes)
    scores = score_groups(mission, weights, top_k=top_k, min_score=min_score)
    # pairs who share no free slot cannot meet: not candidates (unless they must meet)
    meet = (free[scores.u] & free[scores.v]).any(axis=1) | scores.forced
    if not meet.all():
        scores = dataclasses.replace(
            scores,
            u=_readonly(scores.u[meet]),
            v=_readonly(scores.v[meet]),
            total=_readonly(scores.total[meet]),
            forced=_readonly(scores.forced[meet]),
        )
    max_total = None if resolved.tables is None else len(resolved.slots) * resolved.tables
    return schedule_groups(_solve(scores, lo, hi, method, max_total, tuple(quotas)), resolved)
