"""``match``, ``diagnose``, ``validate`` and ``blocking_pairs``: the public entry points."""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from matchmaker.assignment.algorithms import stable
from matchmaker.assignment.algorithms.instance import OptionError
from matchmaker.assignment.capacities import Bound, Capacities
from matchmaker.assignment.constraints import (
    check_pairs,
    diagnose_instance,
    explain_infeasible,
)
from matchmaker.assignment.inputs import (
    MatchRequest,
    PairsInput,
    Prepared,
    ScoreInput,
    check_keywords,
    prepare,
)
from matchmaker.assignment.matching import Matching, alternates_of, unmatched_of
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.assignment.registry import SolverFunction, choose_method, pairs_of
from matchmaker.errors import InfeasibleError, Problem, SolverError, ValidationError

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing.Unpack from Python 3.11; only the checker reads it

__all__ = ["blocking_pairs", "diagnose", "match", "validate"]

#: Explicit stable-matching preferences: ``(side A lists, side B lists)``, each a mapping of
#: participant id to the ids of the other side it accepts, best first (or None: by score).
Preferences = tuple[Mapping[str, Sequence[str]] | None, Mapping[str, Sequence[str]] | None]


def match(
    scores: ScoreInput,
    method: str | SolverFunction = "auto",
    *,
    forbidden: PairsInput | None = None,
    forced: PairsInput | None = None,
    min_meetings: Bound = None,
    max_meetings: Bound = None,
    capacities: Capacities | None = None,
    min_score: float | None = None,
    objective: str = "total",
    alternates: int = 3,
    row_ids: Sequence[str] | None = None,
    col_ids: Sequence[str] | None = None,
    preferences: Preferences | None = None,
    **options: object,
) -> Matching:
    """Choose who meets whom.

    Parameters
    ----------
    scores : array, sparse matrix or scores object
        Pair scores, rows = side A, columns = side B: a dense A×B array of finite
        floats; a ``scipy.sparse`` matrix whose stored entries are the only candidate
        pairs; or a scores object from :func:`matchmaker.scoring.score` (``row_ids``,
        ``col_ids``, ``total``, ``forbidden``, ``forced``, ``mission``).
    method : str or callable
        ``"auto"`` (``hungarian`` when everyone meets at most one partner and has no
        floor, ``flow`` otherwise, ``milp`` for ``objective="maximin"``), ``"hungarian"``,
        ``"flow"``, ``"stable"``, ``"greedy"``, ``"milp"``, or ``f(problem, **options)``
        returning a :class:`~matchmaker.assignment.algorithms.Solution` or (k, 2) pairs.
    forbidden : bool mask, (k, 2) indices or (a_id, b_id) pairs, optional
        Pairs that may not meet, added to the scores object's own.  Id pairs name side A
        first; a pair naming side B first is refused, as ``schedule`` refuses it.
    forced : (k, 2) indices or (a_id, b_id) pairs, optional
        Pairs that must meet, added to the scores object's own (must-meet wishes).
    min_meetings, max_meetings : int or (rows, cols), optional
        Defaults for everyone, or per side (each ``None``, an ``int`` or one value per
        participant).  Unset: min 0, max 1 (one-to-one).  With a mission, each
        participant's own ``min_meetings``/``max_meetings`` win when set.
    capacities : Capacities, optional
        All bounds at once (instead of ``min_meetings``/``max_meetings``; the mission's
        values are then not read).
    min_score : float, optional
        Pairs scoring below it are never chosen (unless forced); participants may stay
        unmatched rather than take one.
    objective : {"total", "maximin"}
        Maximise the total score, or the worst-off participant's total then the total.
    alternates : int
        How many backup partners to list per participant.
    row_ids, col_ids : sequence of str, optional
        Ids for a plain array (default ``"A0", "A1"…`` and ``"B0", "B1"…``).
    preferences : (mapping, mapping), optional
        For ``stable``: explicit ranked lists per participant (side A, side B); a
        participant absent from its mapping ranks its candidates by score.
    **options
        Passed to the solver: ``backend=`` (hungarian, flow), ``proposing="A"|"B"``
        (stable), ``time_limit=``, ``sides=`` (milp), ``resolution=`` (flow).

    Returns
    -------
    Matching

    Raises
    ------
    ValidationError
        Bad input (NaN or infinite scores, shapes, unknown ids or method or option),
        before any work.
    InfeasibleError
        The request cannot be met; ``.problems`` says who and why, with numbers.
    SolverError
        A backend failed (or returned a matching that breaks the rules).

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[0.9, 0.8, 0.1], [0.85, 0.2, 0.3]])
    >>> m = match(s, row_ids=["JT1", "JT2"], col_ids=["SS1", "SS2", "SS3"])
    >>> m.pair_ids(), round(m.objective, 2), m.method
    ((('JT1', 'SS2'), ('JT2', 'SS1')), 1.65, 'hungarian')
    >>> [str(u) for u in m.unmatched]
    ['SS3 (side B): all 2 allowed partners are fully booked']
    >>> m.alternates["SS3"]
    ('JT2', 'JT1')
    >>> match(s, max_meetings=(2, 1), min_meetings=(1, 0), row_ids=["JT1", "JT2"],
    ...       col_ids=["SS1", "SS2", "SS3"]).pair_ids()
    (('JT1', 'SS1'), ('JT1', 'SS2'), ('JT2', 'SS3'))
    """
    prepared = prepare(
        scores,
        row_ids=row_ids,
        col_ids=col_ids,
        forbidden=forbidden,
        forced=forced,
        min_meetings=min_meetings,
        max_meetings=max_meetings,
        capacities=capacities,
        min_score=min_score,
    )
    if isinstance(alternates, bool) or not isinstance(alternates, (int, np.integer)) or alternates < 0:
        raise ValidationError(
            Problem(
                f"alternates must be a whole number >= 0, got {alternates!r}", kind="type", field="alternates"
            )
        )
    inst = prepared.problem
    spec = choose_method(method, objective, inst)
    findings = diagnose_instance(inst, prepared.row_ids, prepared.col_ids)
    if not findings and not spec.exact and inst.has_floors:
        # Heuristics cannot prove infeasibility themselves: test all floors together now.
        findings = explain_infeasible(inst, prepared.row_ids, prepared.col_ids)
    if findings:
        raise InfeasibleError(findings)
    if preferences is not None:
        if spec.name != "stable":
            raise ValidationError(
                Problem(
                    "preferences= is only used by method='stable'", kind="unknown-option", field="preferences"
                )
            )
        options["row_rank"], options["col_rank"] = _preference_ranks(preferences, prepared)
    accepted = spec.options()
    if accepted is None or "objective" in accepted:
        options["objective"] = objective
    start = time.perf_counter()
    try:
        solution = spec.run(inst, **options)
    except InfeasibleError as exc:
        raise InfeasibleError(
            explain_infeasible(inst, prepared.row_ids, prepared.col_ids) + exc.problems
        ) from None
    except OptionError as exc:
        raise ValidationError(Problem(str(exc), kind="invalid-option", field="options")) from None
    seconds = time.perf_counter() - start
    pairs = pairs_of(solution.pairs, spec.name)
    violations, pair_scores, degrees = _check_result(pairs, prepared, spec.name, spec.exact)
    return Matching(
        row_ids=prepared.row_ids,
        col_ids=prepared.col_ids,
        pairs=pairs,
        scores=pair_scores,
        objective=float(pair_scores.sum()),
        unmatched=unmatched_of(
            inst,
            pairs,
            prepared.row_ids,
            prepared.col_ids,
            method=spec.name,
            exact=spec.exact,
            degrees=degrees,
        ),
        method=spec.name,
        backend=solution.backend,
        optimal=solution.optimal,
        alternates=alternates_of(inst, pairs, prepared.row_ids, prepared.col_ids, int(alternates)),
        mission=prepared.mission,
        problem=inst,
        violations=violations,
        details={**solution.details, "solve_seconds": seconds},
    )


def _check_result(
    pairs: NDArray[np.intp], prepared: Prepared, name: str, exact: bool
) -> tuple[tuple[Problem, ...], NDArray[np.float64], tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """The solver's answer against every rule: broken hard rules are a SolverError.

    Returns the rules broken (floors missed by heuristics), the pairs' scores and the
    participants' degrees (computed here once for the result).
    """
    inst = prepared.problem
    degrees = _degrees_in_range(pairs, inst)
    scores: NDArray[np.float64] = np.zeros(0)
    candidate: NDArray[np.bool_] | None = None  # None: every pair is a candidate
    idx: NDArray[np.signedinteger] | None = None
    if degrees is not None and pairs.size:
        # Each pair's score and whether it is a candidate, in one lookup: a dense problem reads
        # its matrix and mask (no edge list built), an edge list is searched once (the pairs
        # are in range: the degrees counted them).
        if inst.dense is not None:
            rows, cols = pairs[:, 0], pairs[:, 1]
            scores = inst.dense[rows, cols]
            candidate = None if inst.allowed is None else inst.allowed[rows, cols]
        else:
            idx = inst._index_inside(pairs, one_per_row=np.count_nonzero(degrees[0]) == len(pairs))
            candidate = idx >= 0
    all_candidates = candidate is None or np.count_nonzero(candidate) == candidate.size
    if idx is not None and all_candidates:
        scores = inst.weights[idx]
    # ``prepare`` builds the candidates from the allowed pairs only (forbidden and non-candidate
    # pairs are never edges), so when every pair is a candidate the forbidden rule has nothing
    # to find and is skipped; otherwise it runs and names the pairs.
    ids = prepared.row_ids, prepared.col_ids
    problems = check_pairs(pairs, inst, *ids, degrees, candidates=all_candidates)
    hard = [p for p in problems if p.kind != "floor-not-met" or exact]
    if not hard and not all_candidates and candidate is not None:
        hard = [
            Problem(
                f"{prepared.row_ids[r]} – {prepared.col_ids[c]} scores below min_score",
                kind="below-min-score",
                participants=(prepared.row_ids[r], prepared.col_ids[c]),
            )
            for r, c in pairs[~candidate].tolist()
        ]
    if hard:
        lines = "; ".join(str(p) for p in hard[:5])
        raise SolverError(f"method {name!r} returned a matching that breaks the rules: {lines}")
    assert degrees is not None  # pairs out of range are a hard problem above
    return problems, np.asarray(scores, dtype=np.float64), degrees


def _degrees_in_range(
    pairs: NDArray[np.intp], inst: MatchingProblem
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """Each row's and column's number of pairs, or None when a pair is outside the problem.

    ``bincount`` refuses a negative index, and an index too large is clipped to one extra
    bin (so that a custom method returning ``10**12`` costs one bin, not terabytes); the
    range test comes with the degrees the result needs anyway, without a min and max
    reduction over the pairs.
    """
    try:
        deg_r = np.bincount(np.minimum(pairs[:, 0], inst.n_rows), minlength=inst.n_rows + 1)
        deg_c = np.bincount(np.minimum(pairs[:, 1], inst.n_cols), minlength=inst.n_cols + 1)
    except ValueError:  # a negative index
        return None
    if deg_r[-1] or deg_c[-1]:
        return None
    return deg_r[:-1].astype(np.int64, copy=False), deg_c[:-1].astype(np.int64, copy=False)


def _preference_problem(message: str, who: tuple[str, ...], kind: str = "unknown-id") -> Problem:
    return Problem(message, kind=kind, participants=who, field="preferences")


def _preference_ranks(
    preferences: Preferences, prepared: Prepared
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Per-candidate-pair ranks from explicit lists (-1: not on the owner's list)."""
    try:
        row_prefs, col_prefs = preferences
    except (TypeError, ValueError):
        raise ValidationError(
            Problem("preferences must be (side A lists, side B lists)", kind="type", field="preferences")
        ) from None
    inst = prepared.problem
    row_rank, col_rank = stable.score_ranks(inst)
    problems: list[Problem] = []
    for prefs, owner_ids, other_ids, owner, other, rank in (
        (row_prefs, prepared.row_ids, prepared.col_ids, inst.rows, inst.cols, row_rank),
        (col_prefs, prepared.col_ids, prepared.row_ids, inst.cols, inst.rows, col_rank),
    ):
        if prefs is None:
            continue
        where_owner = {x: i for i, x in enumerate(owner_ids)}
        where_other = {x: i for i, x in enumerate(other_ids)}
        by_owner = np.argsort(owner, kind="stable")
        bounds = np.searchsorted(owner[by_owner], np.arange(len(owner_ids) + 1))
        for pid, listed in prefs.items():
            if pid not in where_owner:
                problems.append(_preference_problem(f"preferences name {pid!r}, who is not on that side", ()))
                continue
            pos = np.full(len(other_ids), -1, np.intp)
            for k, x in enumerate(listed):
                if x not in where_other:
                    problems.append(
                        _preference_problem(f"the list names {x!r}, not on the other side", (pid,))
                    )
                elif pos[where_other[x]] >= 0:
                    problems.append(_preference_problem(f"{x!r} is listed twice", (pid,), "duplicate"))
                else:
                    pos[where_other[x]] = k
            i = where_owner[pid]
            e = by_owner[bounds[i] : bounds[i + 1]]
            rank[e] = pos[other[e]]
    if problems:
        raise ValidationError(problems)
    return row_rank, col_rank


def diagnose(scores: ScoreInput, **request: Unpack[MatchRequest]) -> tuple[Problem, ...]:
    """Why a request cannot be met; empty if it can.

    Takes the keyword arguments of :func:`match` that describe the request
    (:class:`~matchmaker.assignment.inputs.MatchRequest`: ``forbidden``, ``forced``,
    ``min_meetings``, ``max_meetings``, ``capacities``, ``min_score``, ``row_ids``,
    ``col_ids``).

    Runs the checks :func:`match` runs before solving (forced pairs that are forbidden
    or beyond a capacity; participants with fewer allowed partners than their minimum;
    one side's minimums beyond what the other side can host) and, if they find nothing,
    an exact feasibility test of all floors together (a maximum flow), which names the
    group of participants whose floors cannot all be met.

    Examples
    --------
    >>> import numpy as np
    >>> allowed = np.array([[1, 0], [1, 0], [0, 1]], dtype=bool)  # a1 and a2 may only meet b1
    >>> found = diagnose(np.ones((3, 2)), forbidden=~allowed, min_meetings=([1, 1, 0], 0),
    ...                  row_ids=["a1", "a2", "a3"], col_ids=["b1", "b2"])
    >>> [p.kind for p in found], found[0].data["required"], found[0].data["available"]
    (['floors-infeasible'], 2, 1)
    >>> print(found[0].message)  # doctest: +NORMALIZE_WHITESPACE
    a1, a2 must have at least 2 meetings in all (min_meetings), but at most 1 of these 2
    can take place: b1 can host only 1
    """
    check_keywords("diagnose", request, MatchRequest.__annotations__)
    prepared = prepare(scores, **request)
    found = diagnose_instance(prepared.problem, prepared.row_ids, prepared.col_ids)
    if found:
        return found
    return explain_infeasible(prepared.problem, prepared.row_ids, prepared.col_ids)


def validate(
    matching: Matching, problem: MatchingProblem | None = None, *, constraints: MatchingProblem | None = None
) -> tuple[Problem, ...]:
    """Every rule a matching breaks, as labelled Problem records (empty: valid).

    Kinds: ``"capacity"`` (above max_meetings), ``"floor-not-met"`` (below
    min_meetings), ``"forbidden"`` (a pair that may not meet), ``"duplicate-pair"``,
    ``"forced-missing"``, ``"out-of-range"``.  The rules are those the solvers are built
    from (:mod:`matchmaker.assignment.constraints`); ``problem`` defaults to the request
    the matching was made for (``matching.problem``), so hand-edited matchings
    (``dataclasses.replace(m, pairs=..., scores=...)``) can be checked; rules given by
    hand come from :meth:`MatchingProblem.from_rules`.  ``constraints=`` is the
    deprecated name of ``problem``.

    Examples
    --------
    >>> import dataclasses, numpy as np
    >>> m = match(np.array([[0.9, 0.1], [0.2, 0.8]]))
    >>> validate(m)
    ()
    >>> edited = dataclasses.replace(m, pairs=[[0, 0], [1, 0]], scores=[0.9, 0.2])
    >>> [p.kind for p in validate(edited)]
    ['capacity']
    """
    if constraints is not None:
        warnings.warn("validate(constraints=) is deprecated; pass problem=", DeprecationWarning, stacklevel=2)
        problem = problem if problem is not None else constraints
    problem = problem if problem is not None else matching.problem
    if problem is None:
        raise ValidationError(
            Problem("this matching carries no problem; pass problem=", kind="missing", field="problem")
        )
    if problem.shape != (len(matching.row_ids), len(matching.col_ids)):
        raise ValidationError(
            Problem(
                f"the problem is {problem.shape[0]}×{problem.shape[1]}, the matching "
                f"{len(matching.row_ids)}×{len(matching.col_ids)}",
                kind="shape",
            )
        )
    return check_pairs(matching.pairs, problem, matching.row_ids, matching.col_ids)


def blocking_pairs(
    matching: Matching, scores: ScoreInput | None = None, *, preferences: Preferences | None = None
) -> tuple[tuple[str, str], ...]:
    """Pairs ``(a_id, b_id)`` that would both rather meet each other: the matching's instability.

    A pair not in the matching blocks it when it is allowed (not forbidden, at least
    ``min_score``) and each of the two has a free place or *strictly* prefers the other
    to its worst partner (forced partners are never dropped).  With preferences from the
    scores, equal scores are ties: a participant indifferent between the pair and its
    worst partner does not block (weak stability; ``stable`` breaks ties by input order,
    so its matchings have no blocking pair in this sense).  Preferences come from the
    scores (``scores``, default: those the matching was made from) or ``preferences``.
    Capacities and rules are those of the matching's request (``matching.problem``).

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[0.9, 0.8], [0.85, 0.1]])
    >>> blocking_pairs(match(s, "hungarian"))
    (('A0', 'B0'),)
    >>> blocking_pairs(match(s, "stable"))
    ()
    """
    request = matching.problem
    if request is None:
        raise ValidationError(
            Problem("this matching carries no problem (the request it was made for)", kind="missing")
        )
    inst = request
    if scores is not None:  # the same request (rules, bounds) over other scores: prepared once
        own_ids = isinstance(scores, np.ndarray) or not hasattr(scores, "total")
        inst = prepare(
            scores,
            forbidden=request.forbidden,
            forced=request.forced,
            capacities=request.capacities or Capacities(*request.bounds),
            min_score=request.min_score,
            row_ids=matching.row_ids if own_ids else None,
            col_ids=matching.col_ids if own_ids else None,
        ).problem
        if request.candidates is not None:  # sparse: only the request's candidates
            inst = inst.restricted(request.may_meet(inst.rows, inst.cols))
    prep = Prepared(inst, matching.row_ids, matching.col_ids, matching.mission)
    if preferences is not None:
        row_rank, col_rank = _preference_ranks(preferences, prep)
    else:  # equal scores are equal preferences: an indifferent participant never blocks
        row_rank, col_rank = stable.tied_ranks(inst)
    chosen = inst.edge_index(matching.pairs[:, 0], matching.pairs[:, 1])
    if (chosen < 0).any():
        raise ValidationError(
            Problem("the matching holds pairs that are not allowed; run validate() first", kind="forbidden")
        )
    found = stable.blocking(inst, chosen, row_rank, col_rank)
    return tuple(
        (matching.row_ids[r], matching.col_ids[c])
        for r, c in zip(inst.rows[found], inst.cols[found], strict=True)
    )
