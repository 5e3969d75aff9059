"""The rules a matching must obey, each written once.

The same rule functions serve three purposes: :func:`diagnose_instance` runs them on the
*request* before any solver starts (forced pairs against forbidden pairs and against
capacities, floors against the partners a participant may meet, one side's floors
against what the other side can host), :func:`check_pairs` runs them on a *result*
(``validate``), and :func:`explain_infeasible` says which participants are to blame when
a solver proves that no matching meets every floor although each check passed (a
Hoffman-type cut of the flow network).  Every finding is a
:class:`~matchmaker.errors.Problem` naming the participants, with the numbers in
``data``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker._flow import max_flow
from matchmaker.assignment.capacities import Capacities
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import Problem

__all__ = [
    "Constraints",
    "bound_rule",
    "check_pairs",
    "diagnose_instance",
    "duplicate_rule",
    "explain_infeasible",
    "forbidden_rule",
    "forced_missing_rule",
]


def Constraints(
    capacities: Capacities,
    forced: ArrayLike,
    forbidden: NDArray[np.bool_] | None = None,
    candidates: NDArray[np.int64] | None = None,
    min_score: float | None = None,
) -> MatchingProblem:
    """Deprecated: the rules of a request, now a :class:`~matchmaker.assignment.problem.MatchingProblem`.

    Use ``MatchingProblem.from_rules(capacities, forced=..., forbidden=..., candidates=...)``.
    """
    warnings.warn(
        "Constraints is deprecated; use MatchingProblem.from_rules (matchmaker.MatchingProblem)",
        DeprecationWarning,
        stacklevel=2,
    )
    return MatchingProblem.from_rules(
        capacities, forced=forced, forbidden=forbidden, candidates=candidates, min_score=min_score
    )


# --------------------------------------------------------------------------- rules
def bound_rule(
    values: NDArray[np.int64],
    bound: NDArray[np.int64],
    ids: Sequence[str],
    side: str,
    *,
    above: bool,
    kind: str,
    message: str,
    field: str,
    hint: str | None = None,
) -> list[Problem]:
    """One Problem per participant whose ``value`` is above (or below) its ``bound``.

    ``message`` is formatted with ``value`` and ``bound``.

    >>> p = bound_rule(np.array([3, 1]), np.array([2, 2]), ["a", "b"], "A", above=True,
    ...                kind="capacity", message="{value} meetings, max {bound}", field="max_meetings")
    >>> [str(x) for x in p]
    ["participant a, field 'max_meetings': 3 meetings, max 2"]
    """
    bad = values > bound if above else values < bound
    if not bad.any():
        return []
    return [
        Problem(
            message.format(value=int(values[i]), bound=int(bound[i])),
            kind=kind,
            participants=(ids[i],),
            field=field,
            hint=hint,
            data={"side": side, "value": int(values[i]), "bound": int(bound[i])},
        )
        for i in np.flatnonzero(bad).tolist()
    ]


def forbidden_rule(
    pairs: NDArray[np.intp],
    problem: MatchingProblem,
    row_ids: Sequence[str],
    col_ids: Sequence[str],
    *,
    kind: str = "forbidden",
    what: str = "is in the matching",
) -> list[Problem]:
    """One Problem per pair that may not meet (forbidden, or not a candidate)."""
    bad = np.flatnonzero(~problem.may_meet(pairs[:, 0], pairs[:, 1]))
    reason = "a forbidden pair" if problem.candidates is None else "not an allowed (candidate) pair"
    return [
        Problem(
            f"{row_ids[r]} – {col_ids[c]} is {reason} but {what}",
            kind=kind,
            participants=(row_ids[r], col_ids[c]),
            hint="drop the pair, or lift the rule (do_not_meet, certifications) that forbids it",
            data={"row": int(r), "col": int(c)},
        )
        for r, c in pairs[bad].tolist()
    ]


def duplicate_rule(pairs: NDArray[np.intp], row_ids: Sequence[str], col_ids: Sequence[str]) -> list[Problem]:
    """One Problem per pair listed more than once."""
    n_cols = len(col_ids)
    keys, counts = np.unique(pairs[:, 0].astype(np.int64) * n_cols + pairs[:, 1], return_counts=True)
    return [
        Problem(
            f"{row_ids[r]} – {col_ids[c]} is listed {n} times; a pair meets at most once",
            kind="duplicate-pair",
            participants=(row_ids[r], col_ids[c]),
            data={"row": int(r), "col": int(c), "count": int(n)},
        )
        for r, c, n in zip(
            (keys[counts > 1] // n_cols).tolist(),
            (keys[counts > 1] % n_cols).tolist(),
            counts[counts > 1].tolist(),
            strict=True,
        )
    ]


def forced_missing_rule(
    pairs: NDArray[np.intp], forced: NDArray[np.intp], row_ids: Sequence[str], col_ids: Sequence[str]
) -> list[Problem]:
    """One Problem per forced pair absent from ``pairs``."""
    if forced.size == 0:
        return []
    n_cols = len(col_ids)
    have = pairs[:, 0].astype(np.int64) * n_cols + pairs[:, 1]
    # Solvers' answers come in row order already: one linear test then spares the sort (np.unique
    # and np.isin sorted or hashed the whole matching each time); a repeat does no harm here.
    if np.count_nonzero(have[1:] < have[:-1]):
        have = np.sort(have)
    want = forced[:, 0].astype(np.int64) * n_cols + forced[:, 1]
    pos = np.minimum(np.searchsorted(have, want), max(have.size - 1, 0))
    found = have[pos] == want if have.size else np.zeros(want.size, dtype=bool)
    missing = forced[~found]
    return [
        Problem(
            f"{row_ids[r]} – {col_ids[c]} must meet (must_meet / forced) but is not in the matching",
            kind="forced-missing",
            participants=(row_ids[r], col_ids[c]),
            data={"row": int(r), "col": int(c)},
        )
        for r, c in missing.tolist()
    ]


def _range_rule(pairs: NDArray[np.intp], shape: tuple[int, int]) -> list[Problem]:
    if pairs.size == 0:
        return []
    top_r, top_c = pairs.max(axis=0).tolist()
    if pairs.min() >= 0 and top_r < shape[0] and top_c < shape[1]:
        return []
    bad = (pairs < 0).any(axis=1) | (pairs[:, 0] >= shape[0]) | (pairs[:, 1] >= shape[1])
    return [
        Problem(
            f"pair ({r}, {c}) is outside the {shape[0]}×{shape[1]} problem",
            kind="out-of-range",
            data={"row": int(r), "col": int(c)},
        )
        for r, c in pairs[bad].tolist()
    ]


def check_pairs(
    pairs: ArrayLike,
    problem: MatchingProblem,
    row_ids: Sequence[str],
    col_ids: Sequence[str],
    degrees: tuple[NDArray[np.int64], NDArray[np.int64]] | None = None,
    *,
    candidates: bool = False,
) -> tuple[Problem, ...]:
    """Every rule on a finished matching: range, duplicates, forbidden, capacity, floors, forced.

    ``degrees``: ``problem.degrees(pairs)`` when the caller has them already, for pairs it
    found in range (so the range rule is not run again).
    ``candidates``: the caller found every pair among the candidate pairs of a problem built
    by ``prepare`` (whose candidates are allowed pairs only), so the forbidden rule is skipped.
    """
    p = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
    problems: list[Problem] = []
    if degrees is None:
        problems = _range_rule(p, problem.shape)
        if problems:
            return tuple(problems)
        degrees = problem.degrees(p)
    k = len(p)
    # The degrees add up to k, so a side's degrees are all <= 1 exactly when k of them are
    # non-zero: one count instead of a max reduction (a one-to-one answer is checked at the
    # cost of a few array calls).
    single = [np.count_nonzero(d) == k for d in degrees]
    if not single[0] and not single[1]:  # else no pair can repeat
        problems += duplicate_rule(p, row_ids, col_ids)
    if not candidates and (problem.forbidden is not None or problem.candidates is not None):
        problems += forbidden_rule(p, problem, row_ids, col_ids)
    row_min, row_max, col_min, col_max = problem.bounds
    e = problem.capacities.extremes if problem.capacities is not None else problem.extremes
    for side, ids, deg, lo, hi, one, least, floor in (
        ("A", row_ids, degrees[0], row_min, row_max, single[0], e.row_least, e.row_floor),
        ("B", col_ids, degrees[1], col_min, col_max, single[1], e.col_least, e.col_floor),
    ):
        # A rule is skipped only when no participant can break it: every degree is at most
        # 1 (or k) and every max at least that; or nobody has a floor.
        if (1 if one else k) > least:
            problems += bound_rule(
                deg,
                hi,
                ids,
                side,
                above=True,
                kind="capacity",
                field="max_meetings",
                message="has {value} meetings, above its max_meetings of {bound}",
            )
        if floor > 0:
            problems += bound_rule(
                deg,
                lo,
                ids,
                side,
                above=False,
                kind="floor-not-met",
                field="min_meetings",
                message="has {value} meetings, below its min_meetings of {bound}",
            )
    problems += forced_missing_rule(p, problem.forced, row_ids, col_ids)
    return tuple(problems)


def diagnose_instance(
    inst: MatchingProblem, row_ids: Sequence[str], col_ids: Sequence[str]
) -> tuple[Problem, ...]:
    """Reasons the request cannot be met, found before solving (empty: no reason found).

    ``inst`` is the problem the solvers get: its candidate pairs are the allowed pairs
    (at least ``min_score``, forced pairs included); ``inst.forced`` holds every forced pair
    asked for, allowed or not.
    """
    forced = inst.forced
    if forced.size == 0 and not inst.has_floors:
        return ()  # every rule below is about forced pairs or floors: nothing to find
    problems = forbidden_rule(
        forced, inst, row_ids, col_ids, kind="forced-forbidden", what="is forced (must_meet)"
    )
    fr, fc = inst.degrees(forced)
    # Candidate partners who can meet at all (max > 0).
    part_r, part_c = inst.partner_counts(inst.row_max > 0, inst.col_max > 0)
    for side, ids, f, hi, lo, partners in (
        ("A", row_ids, fr, inst.row_max, inst.row_min, part_r),
        ("B", col_ids, fc, inst.col_max, inst.col_min, part_c),
    ):
        problems += bound_rule(
            f,
            hi,
            ids,
            side,
            above=True,
            kind="forced-over-capacity",
            field="max_meetings",
            message="has {value} forced (must-meet) pairs but max_meetings {bound}",
            hint="raise max_meetings or drop some must-meet wishes",
        )
        problems += bound_rule(
            partners,
            lo,
            ids,
            side,
            above=False,
            kind="too-few-partners",
            field="min_meetings",
            message="has min_meetings {bound} but only {value} allowed partner(s)",
            hint="lower min_meetings, or allow more pairs (forbidden pairs, min_score, "
            "partners' max_meetings)",
        )
    for side, ids, lo, other, host_max, host_partners in (
        ("A", row_ids, inst.row_min, "B", inst.col_max, part_c),
        ("B", col_ids, inst.col_min, "A", inst.row_max, part_r),
    ):
        need = int(lo.sum())
        room = int(np.minimum(host_max, host_partners).sum())
        if need > room:
            problems.append(
                Problem(
                    f"the minimum meetings of side {side} add up to {need}, but side {other} can host at "
                    f"most {room} (each partner's max_meetings, capped by its number of allowed partners)",
                    kind="side-floors-exceed-capacity",
                    participants=tuple(ids[i] for i in np.flatnonzero(lo).tolist()),
                    field="min_meetings",
                    hint=f"lower side {side}'s min_meetings or raise side {other}'s max_meetings",
                    data={"side": side, "required": need, "available": room},
                )
            )
    return tuple(problems)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def explain_infeasible(
    inst: MatchingProblem, row_ids: Sequence[str], col_ids: Sequence[str]
) -> tuple[Problem, ...]:
    """Why no matching meets every floor: a group whose needs exceed what can reach it.

    Hoffman's circulation theorem: the floors (``min_meetings`` and forced pairs, as lower
    bounds of the flow network of :mod:`~matchmaker.assignment.algorithms.flow`) can be
    met unless some node set ``Z`` receives more compulsory flow than can leave it:
    ``Σ lower(into Z) > Σ upper(out of Z)``.  ``Z`` is read off a maximum flow of the
    standard feasibility network (super-source/sink) as what the super-source still
    reaches in the residual graph.  The participants named are those whose floors push
    flow into ``Z`` and those whose capacity (or allowed pairs) is all that leaves it.
    """
    a, b = inst.shape
    s, t, ss, tt = 0, a + b + 1, a + b + 2, a + b + 3
    n = a + b + 4
    rows_n, cols_n = 1 + np.arange(a), 1 + a + np.arange(b)
    forced = np.zeros(inst.n_edges, np.int64)
    forced[inst.forced_edges] = 1
    big = int(min(inst.row_max.sum() + 1, 2**30))
    tail = np.concatenate([np.full(a, s), rows_n[inst.rows], cols_n, [t]])
    head = np.concatenate([rows_n, cols_n[inst.cols], np.full(b, t), [s]])
    lower = np.concatenate([inst.row_min, forced, inst.col_min, [0]]).astype(np.int64)
    upper = np.concatenate([inst.row_max, np.ones(inst.n_edges, np.int64), inst.col_max, [big]]).astype(
        np.int64
    )
    # the standard reduction of lower bounds: arc capacity upper - lower, and each lower
    # bound owed by the super-source to the head and by the tail to the super-sink
    flow = max_flow(
        np.concatenate([tail, np.full(tail.size, ss), tail]),
        np.concatenate([head, head, np.full(tail.size, tt)]),
        np.concatenate([upper - lower, lower, lower]),
        n,
        ss,
        tt,
    )
    if flow.value >= int(lower.sum()):
        return ()
    in_z = flow.source_side.copy()
    in_z[ss] = False
    into = ~in_z[tail] & in_z[head]
    out = in_z[tail] & ~in_z[head]
    pushing = into & (lower > 0)
    required, available = int(lower[into].sum()), int(upper[out].sum())
    ids = np.array([f"<{i}>" for i in range(n)], dtype=object)
    ids[rows_n], ids[cols_n] = list(row_ids), list(col_ids)
    # Whose floor pushes flow into Z (and forced pairs that do), whose capacity leaves Z.
    floor_arc = pushing & ((tail == s) | (head == t))
    floor_who = np.where(tail[floor_arc] == s, head[floor_arc], tail[floor_arc])
    needing = [str(x) for x in ids[np.sort(floor_who)]]
    floors = int(lower[floor_arc].sum())
    forced_arc = pushing & ~floor_arc
    forced_pairs = [f"{ids[u]} – {ids[v]}" for u, v in zip(tail[forced_arc], head[forced_arc], strict=True)]
    cap_arc = out & ((tail == s) | (head == t))
    limiting = [str(x) for x in ids[np.sort(np.where(tail[cap_arc] == s, head[cap_arc], tail[cap_arc]))]]
    host_cap = int(upper[cap_arc].sum())
    other_pairs = int((out & ~cap_arc & (tail != t)).sum())
    parts = []
    if needing:
        parts.append(
            f"{', '.join(needing)} must have at least {_count(floors, 'meeting')} in all (min_meetings)"
        )
    if forced_pairs:
        parts.append(
            f"the forced {'pair' if len(forced_pairs) == 1 else 'pairs'} {', '.join(forced_pairs)} must meet"
        )
    message = f"{' and '.join(parts)}, but at most {available} of these {required} can take place"
    reasons = [f"{', '.join(limiting)} can host only {host_cap}"] if limiting else []
    reasons += [f"{_count(other_pairs, 'other allowed pair')} lead elsewhere"] if other_pairs else []
    if reasons:
        message += ": " + " and ".join(reasons)
    forced_who = [str(x) for x in ids[np.unique(np.concatenate([tail[forced_arc], head[forced_arc]]))]]
    named = tuple(dict.fromkeys([*needing, *forced_who, *limiting]))
    data: dict[str, Any] = {
        "required": required,
        "available": available,
        "needing": tuple(needing),
        "forced_pairs": tuple(forced_pairs),
        "limiting": tuple(limiting),
        "host_capacity": host_cap,
        "other_pairs": other_pairs,
    }
    return (
        Problem(
            message,
            kind="floors-infeasible",
            participants=named,
            field="min_meetings",
            hint="lower these participants' min_meetings, allow them more pairs, or raise their partners' "
            "max_meetings",
            data=data,
        ),
    )
