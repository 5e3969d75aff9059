"""The result of matching: :class:`Matching`, :class:`Unmatched`, backup partners."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import JSONValue, Problem
from matchmaker.model.mission import Mission

__all__ = ["Matching", "Unmatched", "alternates_of", "unmatched_of"]


@dataclass(frozen=True)
class Unmatched:
    """A participant left without any meeting, and why.

    Parameters
    ----------
    id : str
        The participant.
    side : {"A", "B"}
        Its side (A = rows, B = columns).
    reason : str
        Why, in a sentence.
    kind : str
        A short stable label: ``"no-capacity"``, ``"all-forbidden"``, ``"below-min-score"``,
        ``"partners-full"``, ``"not-chosen"``.
    """

    id: str
    side: Literal["A", "B"]
    reason: str
    kind: str = "not-chosen"

    def __str__(self) -> str:
        return f"{self.id} (side {self.side}): {self.reason}"


class _Lazy(Mapping[str, tuple[str, ...]]):
    """A read-only mapping computed on first access (backup partners are not always needed)."""

    def __init__(self, keys: Sequence[str], compute: Callable[[], dict[str, tuple[str, ...]]]) -> None:
        self._keys = tuple(keys)
        self._compute: Callable[[], dict[str, tuple[str, ...]]] | None = compute
        self._data: dict[str, tuple[str, ...]] = {}

    def _ready(self) -> dict[str, tuple[str, ...]]:
        if self._compute is not None:
            self._data = self._compute()
            self._compute = None
        return self._data

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self._ready()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"<alternates for {len(self._keys)} participants>"


@dataclass(frozen=True, eq=False, kw_only=True)
class Matching:
    """Who meets whom.  Rows are side A, columns side B.

    Parameters
    ----------
    row_ids, col_ids : tuple of str
        Side A ids (rows) and side B ids (columns).
    pairs : ndarray of intp, shape (k, 2)
        The (row, col) pairs, sorted, read-only.
    scores : ndarray of float64, shape (k,)
        Score of each pair (same order), read-only.
    objective : float
        Sum of the pair scores, recomputed in floats.
    unmatched : tuple of Unmatched
        Participants without any meeting, each with the reason.
    method, backend : str
        The method and the library/algorithm that ran.
    optimal : bool or None
        Proven optimal (True), stopped early (False), or a heuristic (None).
    alternates : mapping of str to tuple of str
        For every participant, its best allowed partners it does not meet (backup
        partners), best first; computed on first access.
    mission : Mission, optional
        The mission the scores came from.
    problem : MatchingProblem, optional
        The request that was solved: candidate pairs, bounds, forced pairs and rules (what
        :func:`~matchmaker.assignment.validate` and
        :func:`~matchmaker.assignment.blocking_pairs` check against).
    violations : tuple of Problem
        Rules the result breaks (only heuristics may break floors: ``greedy``, ``stable``).
    details : mapping
        Solver facts: integer scale and loss bound, worst-off total, timings.

    Every argument is keyword-only.  ``constraints`` and ``instance``, the request's two
    former halves, are deprecated read-only aliases of ``problem``.

    Examples
    --------
    >>> m = Matching(row_ids=("a1", "a2"), col_ids=("b1",), pairs=np.array([[1, 0]]),
    ...              scores=np.array([0.7]), objective=0.7, unmatched=(), method="manual",
    ...              backend="none", optimal=None, alternates={})
    >>> m.pair_ids(), m.partners("b1"), len(m)
    ((('a2', 'b1'),), ('a2',), 1)
    """

    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    pairs: NDArray[np.intp]
    scores: NDArray[np.float64]
    objective: float
    unmatched: tuple[Unmatched, ...]
    method: str
    backend: str
    optimal: bool | None
    alternates: Mapping[str, tuple[str, ...]]
    mission: Mission | None = None
    problem: MatchingProblem | None = field(default=None, repr=False)
    violations: tuple[Problem, ...] = ()
    details: Mapping[str, JSONValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "row_ids", tuple(self.row_ids))
        set_(self, "col_ids", tuple(self.col_ids))
        pairs = np.asarray(self.pairs, dtype=np.intp).reshape(-1, 2)
        scores = np.asarray(self.scores, dtype=np.float64).ravel()
        if scores.size != pairs.shape[0]:
            raise ValueError(f"{pairs.shape[0]} pairs but {scores.size} scores")
        rows = pairs[:, 0]
        if not np.count_nonzero(rows[1:] <= rows[:-1]):  # one pair a row, in row order (one-to-one)
            pairs, scores = pairs.copy(), scores.copy()  # the caller's arrays stay theirs
        else:
            order = np.lexsort((pairs[:, 1], rows))
            pairs, scores = pairs[order], scores[order]
        pairs.setflags(write=False)
        scores.setflags(write=False)
        set_(self, "pairs", pairs)
        set_(self, "scores", scores)
        set_(self, "unmatched", tuple(self.unmatched))
        set_(self, "violations", tuple(self.violations))
        set_(self, "details", MappingProxyType(dict(self.details)))

    @property
    def constraints(self) -> MatchingProblem | None:
        """Deprecated: the request's rules are in :attr:`problem`."""
        warnings.warn(
            "Matching.constraints is deprecated; use Matching.problem", DeprecationWarning, stacklevel=2
        )
        return self.problem

    @property
    def instance(self) -> MatchingProblem | None:
        """Deprecated: the array problem is :attr:`problem`."""
        warnings.warn(
            "Matching.instance is deprecated; use Matching.problem", DeprecationWarning, stacklevel=2
        )
        return self.problem

    def pair_ids(self) -> tuple[tuple[str, str], ...]:
        """The pairs as ``(side A id, side B id)``, in ``pairs`` order."""
        return tuple((self.row_ids[r], self.col_ids[c]) for r, c in self.pairs.tolist())

    def partners(self, participant_id: str) -> tuple[str, ...]:
        """Ids of the partners a participant meets, in index order."""
        if participant_id in self.row_ids:
            i = self.row_ids.index(participant_id)
            return tuple(self.col_ids[c] for c in self.pairs[self.pairs[:, 0] == i, 1].tolist())
        if participant_id in self.col_ids:
            j = self.col_ids.index(participant_id)
            return tuple(self.row_ids[r] for r in self.pairs[self.pairs[:, 1] == j, 0].tolist())
        raise KeyError(f"no participant {participant_id!r} in this matching")

    def __len__(self) -> int:
        return int(self.pairs.shape[0])

    def __str__(self) -> str:
        state = {True: "optimal", False: "not proven optimal", None: "heuristic"}[self.optimal]
        lines = [
            f"{len(self)} meetings between {len(self.row_ids)} × {len(self.col_ids)} participants, "
            f"total score {self.objective:.4f} ({self.method} via {self.backend}, {state})",
        ]
        if self.unmatched:
            lines.append(f"{len(self.unmatched)} without a meeting:")
            lines += [f"  {u}" for u in self.unmatched[:10]]
            if len(self.unmatched) > 10:
                lines.append(f"  ... and {len(self.unmatched) - 10} more")
        lines += [f"rule broken: {p}" for p in self.violations]
        return "\n".join(lines)


def unmatched_of(
    inst: MatchingProblem,
    pairs: NDArray[np.intp],
    row_ids: Sequence[str],
    col_ids: Sequence[str],
    *,
    method: str,
    exact: bool,
    degrees: tuple[NDArray[np.int64], NDArray[np.int64]] | None = None,
) -> tuple[Unmatched, ...]:
    """Every participant without a meeting, with the first reason that applies.

    In order: its max is 0; every pair with it is forbidden (not a candidate); no allowed
    pair reaches ``min_score``; all allowed partners are fully booked; the method left it
    out (for exact methods: no pair with a partner who has room would raise the total).
    ``degrees``: ``inst.degrees(pairs)`` when the caller has them already.
    """
    deg_r, deg_c = inst.degrees(pairs) if degrees is None else degrees
    if np.count_nonzero(deg_r) == deg_r.size and np.count_nonzero(deg_c) == deg_c.size:
        return ()  # everyone meets someone (count_nonzero: no ufunc reduction's fixed cost)
    _, row_max, _, col_max = inst.bounds
    lone_r, lone_c = np.flatnonzero(deg_r == 0), np.flatnonzero(deg_c == 0)
    if inst.forbidden is not None:
        allowed_r = inst.n_cols - inst.forbidden[lone_r].sum(axis=1)
        allowed_c = inst.n_rows - inst.forbidden[:, lone_c].sum(axis=0)
    elif inst.candidates is not None:
        allowed_r = np.bincount(inst.candidates // inst.n_cols, minlength=inst.n_rows)[lone_r]
        allowed_c = np.bincount(inst.candidates % inst.n_cols, minlength=inst.n_cols)[lone_c]
    else:
        allowed_r = np.full(lone_r.size, inst.n_cols)
        allowed_c = np.full(lone_c.size, inst.n_rows)
    every_r, every_c = np.ones(inst.n_rows, dtype=bool), np.ones(inst.n_cols, dtype=bool)
    cand_r, cand_c = inst.partner_counts(every_r, every_c, lone_r, lone_c)
    open_r, open_c = inst.partner_counts(deg_r < row_max, deg_c < col_max, lone_r, lone_c)
    left_out = (
        "partners with room remain, but no pair with them would raise the total score"
        if exact
        else f"left out by {method}"
    )
    out: list[Unmatched] = []
    for side, ids, lone, hi, allowed, cand, open_ in (
        ("A", row_ids, lone_r, row_max, allowed_r, cand_r, open_r),
        ("B", col_ids, lone_c, col_max, allowed_c, cand_c, open_c),
    ):
        for k, i in enumerate(lone.tolist()):
            if hi[i] == 0:
                reason, kind = "max_meetings is 0", "no-capacity"
            elif allowed[k] == 0:
                reason, kind = "every pair with this participant is forbidden", "all-forbidden"
            elif cand[k] == 0:
                reason = f"no allowed partner reaches min_score {inst.min_score}"
                kind = "below-min-score"
            elif open_[k] == 0:
                reason, kind = f"all {cand[k]} allowed partners are fully booked", "partners-full"
            else:
                reason, kind = left_out, "not-chosen"
            out.append(Unmatched(ids[i], side, reason, kind))  # type: ignore[arg-type]
    return tuple(out)


def _top_partners(
    owner: NDArray[np.intp], other: NDArray[np.intp], w: NDArray[np.float64], n_owner: int, k: int
) -> list[list[int]]:
    """Each owner's ``k`` best others by ``w`` (ties: lower index), from pair lists."""
    order = np.lexsort((other, -w, owner))
    owner, other = owner[order], other[order]
    starts = np.searchsorted(owner, np.arange(n_owner + 1))
    rank = np.arange(owner.size) - starts[owner]
    keep = rank < k
    owner, other = owner[keep], other[keep]
    bounds = np.searchsorted(owner, np.arange(n_owner + 1))
    others = other.tolist()
    return [others[bounds[i] : bounds[i + 1]] for i in range(n_owner)]


def _top_dense(w: NDArray[np.float64], k: int) -> list[list[int]]:
    """Each row's ``k`` best columns of ``w`` (−inf: not a candidate; ties: lower index)."""
    n, m = w.shape
    kk = min(k, m)
    if kk == 0:
        return [[] for _ in range(n)]
    # Only entries at or above each row's kk-th largest value can be among its best.
    kth = np.partition(w, m - kk, axis=1)[:, m - kk]
    r, c = np.nonzero((w >= kth[:, None]) & (w > -np.inf))
    return _top_partners(r.astype(np.intp), c.astype(np.intp), w[r, c], n, kk)


def alternates_of(
    inst: MatchingProblem, pairs: ArrayLike, row_ids: Sequence[str], col_ids: Sequence[str], k: int
) -> Mapping[str, tuple[str, ...]]:
    """Each participant's ``k`` best candidate partners it does not meet (lazy mapping).

    Best score first; ties to the lower index.  Candidates are the allowed pairs (not
    forbidden, at least ``min_score``).
    """
    row_ids, col_ids = tuple(row_ids), tuple(col_ids)

    def compute() -> dict[str, tuple[str, ...]]:
        if k <= 0:
            return dict.fromkeys((*row_ids, *col_ids), ())
        p = np.asarray(pairs, dtype=np.intp).reshape(-1, 2)
        if inst.dense is not None:
            w = inst.dense.copy() if inst.allowed is None else np.where(inst.allowed, inst.dense, -np.inf)
            w[p[:, 0], p[:, 1]] = -np.inf
            by_row, by_col = _top_dense(w, k), _top_dense(w.T, k)
        else:
            free = np.ones(inst.n_edges, dtype=bool)
            free[inst.edge_index(p[:, 0], p[:, 1])] = False
            r, c, w_e = inst.rows[free], inst.cols[free], inst.weights[free]
            by_row = _top_partners(r, c, w_e, inst.n_rows, k)
            by_col = _top_partners(c, r, w_e, inst.n_cols, k)
        out = {row_ids[i]: tuple(col_ids[j] for j in found) for i, found in enumerate(by_row)}
        out.update({col_ids[j]: tuple(row_ids[i] for i in found) for j, found in enumerate(by_col)})
        return out

    return _Lazy((*row_ids, *col_ids), compute)
