"""Turn what the caller passed to ``match`` into arrays, checking everything first.

Accepted score inputs (rows are side A, columns side B):

* a dense A×B array of finite floats (NaN and ±inf are refused: use ``forbidden``);
* a ``scipy.sparse`` array or matrix: its stored entries are the candidate pairs (an
  explicitly stored 0 is a candidate of score 0), every other pair may not meet — the
  sparse candidate graphs of large events;
* a scores object from :func:`matchmaker.scoring.score` (duck-typed: ``row_ids``,
  ``col_ids``, ``total`` (dense or sparse), ``forbidden``, ``forced``, ``mission``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypedDict, runtime_checkable

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from matchmaker.assignment.capacities import Bound, Capacities
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing.Unpack from Python 3.11; only the checker reads it

__all__ = ["MatchRequest", "PairsInput", "Prepared", "ScoreInput", "ScoresLike", "check_keywords", "prepare"]

#: A score matrix: dense A×B numbers, or a ``scipy.sparse`` array whose stored entries are the candidates.
ScoreMatrix: TypeAlias = ArrayLike | sp.sparray | sp.spmatrix


@runtime_checkable
class ScoresLike(Protocol):
    """What ``match`` reads from a scores object (:func:`matchmaker.scoring.score` returns one).

    ``forbidden``, ``forced`` and ``mission`` are read too when the object has them.
    """

    @property
    def row_ids(self) -> Sequence[str]:
        """Side A ids (rows)."""

    @property
    def col_ids(self) -> Sequence[str]:
        """Side B ids (columns)."""

    @property
    def total(self) -> ScoreMatrix:
        """Pair scores, rows = side A, columns = side B."""


#: Anything ``match`` takes as scores.
ScoreInput: TypeAlias = ScoresLike | ScoreMatrix
#: Pairs for ``forbidden=``/``forced=``: a bool A×B mask (dense or sparse), (k, 2) row/column
#: indices, or ``(side A id, side B id)`` pairs.
PairsInput: TypeAlias = ArrayLike | sp.sparray | sp.spmatrix | Iterable[tuple[str, str]]


@dataclass(frozen=True, eq=False)
class Prepared:
    """A checked request: the problem (arrays and rules), ids and mission."""

    problem: MatchingProblem
    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    mission: Mission | None


_NO_PAIRS = np.zeros((0, 2), np.intp)
_NO_PAIRS.setflags(write=False)  # shared by every request without pairs: nobody may fill it


@functools.lru_cache(maxsize=16)
def _default_ids(prefix: str, n: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(n))


def _sorted_entries(
    total: Any,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.intp] | None, NDArray[np.intp] | None]:
    """The stored entries of a sparse matrix as sorted keys ``row * n_cols + col`` and values.

    Repeated entries are summed (as ``sum_duplicates`` does, without its lexsort); entries
    already in key order (a CSR matrix, say) are not sorted again.  The last two items are
    the entries' rows and columns when they needed no reordering (else None: derive them
    from the keys), so the caller need not divide the keys again.
    """
    n_cols = int(total.shape[1])
    if isinstance(total, (sp.csr_array, sp.csr_matrix)) and total.has_canonical_format:
        # Sorted and without repeats already: expand the row pointers, nothing to check.
        counts = np.diff(total.indptr)
        rows = np.repeat(np.arange(total.shape[0], dtype=np.intp), counts)
        cols = total.indices.astype(np.intp, copy=False)
        # each row's first key repeated, not ``rows * n_cols``: one read of the edges fewer
        keys = np.repeat(np.arange(total.shape[0], dtype=np.int64) * n_cols, counts)
        keys += cols
        return keys, np.asarray(total.data, dtype=np.float64), rows, cols
    coo = total if isinstance(total, (sp.coo_array, sp.coo_matrix)) else sp.coo_array(total)
    rows, cols = coo.row.astype(np.intp, copy=False), coo.col.astype(np.intp, copy=False)
    keys = rows.astype(np.int64, copy=False) * n_cols
    keys += cols
    values = np.asarray(coo.data, dtype=np.float64)
    if keys.size < 2 or bool(np.all(keys[1:] > keys[:-1])):  # one test: sorted and no repeats
        return keys, values, rows, cols
    if not bool(np.all(keys[1:] >= keys[:-1])):
        order = np.argsort(keys, kind="stable")
        keys, values = keys[order], values[order]
    if not bool(np.all(keys[1:] != keys[:-1])):
        first = np.flatnonzero(np.diff(keys, prepend=-1))
        keys, values = keys[first], np.add.reduceat(values, first)
    return keys, values, None, None


def _score_range(values: NDArray[np.float64]) -> tuple[float, float]:
    """The smallest and largest value (NaN if one is NaN; ``(0.0, 0.0)`` when empty).

    By ``argmin``/``argmax`` on contiguous values: they return the first NaN as numpy's
    ``min``/``max`` return NaN, and run a much shorter code path than a ufunc reduction,
    whose setup (not its pass) was most of the time of this step on a default call that
    follows a kernel and finds numpy's code evicted (issue 15: 0.03 ms of 0.09 ms on
    assignp800, cold; 0.01 ms of 0.03 ms on a 20 x 20 input).
    """
    if not values.size:
        return 0.0, 0.0
    if not values.flags.c_contiguous:  # argmin would copy it: the reductions read it in place
        return float(values.min()), float(values.max())
    flat = values.reshape(-1)  # a view
    return float(flat[flat.argmin()]), float(flat[flat.argmax()])


def _ids(given: Any, n: int, prefix: str, name: str, problems: list[Problem]) -> tuple[str, ...]:
    if given is None:
        return _default_ids(prefix, n)
    ids = tuple(given)
    if len(ids) != n:
        problems.append(
            Problem(f"{name} has {len(ids)} ids for {n} {prefix}-side participants", kind="shape", field=name)
        )
        return _default_ids(prefix, n)
    bad = [x for x in ids if not isinstance(x, str) or not x]
    if bad:
        problems.append(Problem(f"{name} must hold non-empty texts, got {bad[0]!r}", kind="type", field=name))
    return ids


@functools.lru_cache(maxsize=16)
def _default_capacities(shape: tuple[int, int]) -> Capacities:
    """The bounds of a call that sets none (min 0, max 1): immutable, so built once per shape."""
    return Capacities.build(shape)


def _check_ids(row_ids: tuple[str, ...], col_ids: tuple[str, ...], problems: list[Problem]) -> None:
    if row_ids is _default_ids("A", len(row_ids)) and col_ids is _default_ids("B", len(col_ids)):
        return  # "A0"... and "B0"...: distinct by construction
    if len(set(row_ids).union(col_ids)) == len(row_ids) + len(col_ids):
        return  # the usual case, at set speed
    seen: dict[str, int] = {}
    for x in (*row_ids, *col_ids):
        seen[x] = seen.get(x, 0) + 1
    dup = sorted(x for x, n in seen.items() if n > 1)
    if dup:
        problems.append(
            Problem(
                f"ids must be unique across both sides; repeated: {', '.join(map(str, dup[:10]))}",
                kind="duplicate-id",
                participants=tuple(dup),
                hint="pass distinct row_ids and col_ids",
            )
        )


def _finite_problems(
    values: NDArray[np.float64], where: NDArray[np.intp], ids: tuple[Any, Any]
) -> list[Problem]:
    """Problems for non-finite scores; ``where`` gives their (row, col)."""
    out: list[Problem] = []
    row_ids, col_ids = ids
    for (r, c), v in list(zip(where.tolist(), values.tolist(), strict=True))[:10]:
        what = "NaN" if np.isnan(v) else "infinite"
        out.append(
            Problem(
                f"score of {row_ids[r]} – {col_ids[c]} is {what}",
                kind="non-finite-score",
                participants=(row_ids[r], col_ids[c]),
                hint="scores must be finite numbers; mark pairs that may not meet with forbidden=",
                data={"row": int(r), "col": int(c)},
            )
        )
    if values.size > 10:
        out.append(Problem(f"... {values.size - 10} more non-finite scores", kind="non-finite-score"))
    return out


def _pair_list(
    value: Any, shape: tuple[int, int], row_ids: tuple[str, ...], col_ids: tuple[str, ...], name: str
) -> tuple[NDArray[np.intp], NDArray[np.bool_] | None, list[Problem]]:
    """``(pairs, mask, problems)`` from a bool mask, (k, 2) indices, or (a_id, b_id) pairs.

    A 0/1 integer ``forbidden`` array of the scores' A×B shape is a mask; when B is 2 it
    could as well be A index pairs, and is refused as ambiguous when the two readings differ.
    """
    empty = _NO_PAIRS
    if value is None:
        return empty, None, []
    if sp.issparse(value):  # a sparse mask: its non-zero entries are the pairs
        coo = sp.coo_array(value)
        if coo.shape != shape:
            return (
                empty,
                None,
                [Problem(f"{name} has shape {coo.shape}, the scores {shape}", kind="shape", field=name)],
            )
        keep = coo.data != 0
        return np.column_stack([coo.row[keep], coo.col[keep]]).astype(np.intp), None, []
    if isinstance(value, (list, tuple)) and len(value) == 0:
        return empty, None, []
    arr: NDArray[Any] = np.asarray(value)
    if arr.dtype == bool:
        if arr.shape != shape:
            return (
                empty,
                None,
                [Problem(f"{name} mask has shape {arr.shape}, the scores {shape}", kind="shape", field=name)],
            )
        return np.argwhere(arr).astype(np.intp), arr.astype(bool), []
    zero_one = arr.dtype.kind in "iu" and arr.ndim == 2 and bool(np.isin(arr, (0, 1)).all())
    if zero_one and arr.shape == shape and name == "forbidden":
        as_mask = {tuple(p) for p in np.argwhere(arr).tolist()}
        as_pairs = {tuple(p) for p in arr.tolist()}
        if shape[1] == 2 and as_mask != as_pairs:  # also (row, col) index pairs, read otherwise
            return (
                empty,
                None,
                [
                    Problem(
                        f"{name} is a 0/1 integer array of shape {arr.shape}: it could be a mask of the "
                        f"{shape[0]}×{shape[1]} scores or {shape[0]} (row, col) index pairs",
                        kind="ambiguous",
                        field=name,
                        hint="pass a boolean mask (forbidden.astype(bool)) or pairs of ids",
                    )
                ],
            )
        return np.argwhere(arr).astype(np.intp), arr.astype(bool), []  # an A×B 0/1 mask
    if arr.ndim == 2 and arr.shape[1] == 2 and arr.dtype.kind in "iu":
        bad = (arr < 0).any(axis=1) | (arr[:, 0] >= shape[0]) | (arr[:, 1] >= shape[1])
        if bad.any():
            r, c = arr[bad][0].tolist()
            return (
                empty,
                None,
                [
                    Problem(
                        f"{name} pair ({r}, {c}) is outside the {shape[0]}×{shape[1]} scores",
                        kind="out-of-range",
                        field=name,
                    )
                ],
            )
        return arr.astype(np.intp), None, []
    # Pairs of ids.
    where_r = {x: i for i, x in enumerate(row_ids)}
    where_c = {x: j for j, x in enumerate(col_ids)}
    out: list[tuple[int, int]] = []
    problems: list[Problem] = []
    for item in value:
        try:
            a, b = item
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    f"{name} items must be (side A id, side B id) pairs, got {item!r}",
                    kind="type",
                    field=name,
                )
            )
            continue
        if a in where_r and b in where_c:
            out.append((where_r[a], where_c[b]))
        elif b in where_r and a in where_c:  # refused, as schedule() refuses it: rows are side A
            problems.append(
                Problem(
                    f"{name} pair ({a!r}, {b!r}) names side B first",
                    kind="wrong-side",
                    participants=(a, b),
                    field=name,
                    hint=f"write it as ({b!r}, {a!r}): side A (rows) first, side B (columns) second",
                )
            )
        else:
            unknown = [x for x in (a, b) if x not in where_r and x not in where_c]
            problems.append(
                Problem(
                    f"{name} pair ({a!r}, {b!r}): "
                    + (f"unknown id {unknown[0]!r}" if unknown else "both ids are on the same side"),
                    kind="unknown-id" if unknown else "same-side",
                    field=name,
                )
            )
    return np.array(out, dtype=np.intp).reshape(-1, 2), None, problems


def _joined(parts: list[NDArray[np.intp]]) -> NDArray[np.intp]:
    """The (k, 2) pairs of ``parts`` in one array (no concatenation when none holds a pair)."""
    given = [p for p in parts if p.size]
    if not given:
        return _NO_PAIRS
    return np.concatenate(given).reshape(-1, 2).astype(np.intp, copy=False)


class MatchRequest(TypedDict, total=False):
    """What a matching request is besides the scores: the keywords that :func:`match`,
    :func:`diagnose` and :func:`matchmaker.compare_methods` share (see :func:`match` for
    each; all optional)."""

    forbidden: PairsInput | None
    forced: PairsInput | None
    min_meetings: Bound
    max_meetings: Bound
    capacities: Capacities | None
    min_score: float | None
    row_ids: Sequence[str] | None
    col_ids: Sequence[str] | None


def check_keywords(function: str, given: Iterable[str], known: Collection[str]) -> None:
    """Refuse a keyword not in ``known`` (the keys of a TypedDict such as :class:`MatchRequest`)
    as Python would, naming ``function`` (the one the caller called, not the helper it passes
    the keywords on to)."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        takes = ", ".join(known)
        raise TypeError(f"{function}() got an unexpected keyword argument {unknown[0]!r} (it takes {takes})")


def prepare(scores: ScoreInput, **request: Unpack[MatchRequest]) -> Prepared:
    """Check a request and build its array problem (see the module docstring).

    Raises
    ------
    ValidationError
        Listing every problem found, before any work.
    """
    row_ids, col_ids = request.get("row_ids"), request.get("col_ids")
    forbidden, forced = request.get("forbidden"), request.get("forced")
    min_meetings, max_meetings = request.get("min_meetings"), request.get("max_meetings")
    capacities, min_score = request.get("capacities"), request.get("min_score")
    problems: list[Problem] = []
    mission: Mission | None = None
    extra_forbidden: Any = None
    extra_forced: Any = None
    total: Any = scores
    if not isinstance(scores, np.ndarray) and hasattr(scores, "total") and not sp.issparse(scores):
        if row_ids is not None or col_ids is not None:
            problems.append(
                Problem("row_ids/col_ids come from the scores object; do not pass them too", kind="conflict")
            )
        total = scores.total
        row_ids, col_ids = getattr(scores, "row_ids", None), getattr(scores, "col_ids", None)
        extra_forbidden = getattr(scores, "forbidden", None)
        extra_forced = getattr(scores, "forced", None)
        mission = getattr(scores, "mission", None)
    sparse = sp.issparse(total)
    # A canonical CSR input is read as it is: its keys, rows and columns are built only if
    # a rule drops entries (else MatchingProblem.from_csr keeps its arrays).
    compressed = isinstance(total, (sp.csr_array, sp.csr_matrix)) and total.has_canonical_format
    keys: NDArray[np.int64] | None = None
    if compressed:
        shape = (int(total.shape[0]), int(total.shape[1]))
        values = np.asarray(total.data, dtype=np.float64)
    elif sparse:
        shape = (int(total.shape[0]), int(total.shape[1]))
        keys, values, entry_rows, entry_cols = _sorted_entries(total)
    else:
        try:
            dense = np.asarray(total)
        except (TypeError, ValueError) as exc:
            raise ValidationError(Problem(f"scores cannot be read as an array: {exc}", kind="type")) from None
        if dense.ndim != 2 or dense.dtype.kind not in "biuf":
            raise ValidationError(
                Problem(
                    f"scores must be a 2-D array of numbers (rows = side A, columns = side B), "
                    f"got shape {dense.shape} of {dense.dtype}",
                    kind="type",
                )
            )
        dense = dense.astype(np.float64, copy=False)
        shape = (int(dense.shape[0]), int(dense.shape[1]))
        values = dense
    rid = _ids(row_ids, shape[0], "A", "row_ids", problems)
    cid = _ids(col_ids, shape[1], "B", "col_ids", problems)
    _check_ids(rid, cid, problems)
    # A finite minimum and maximum prove every value finite without a full-size mask (NaN
    # propagates through both, -inf and inf show in one), and the solvers need them anyway
    # (MatchingProblem.weight_range: negative scores, the sparse solver's shift).
    lowest, highest = _score_range(values)
    if not (math.isfinite(lowest) and math.isfinite(highest)):
        finite = np.isfinite(values)
        if compressed:
            keys, values, entry_rows, entry_cols = _sorted_entries(total)
        where = (
            np.column_stack(np.divmod(keys, shape[1]))[~finite] if keys is not None else np.argwhere(~finite)
        )
        problems += _finite_problems(values[~finite], where, (rid, cid))
    if min_score is not None and (isinstance(min_score, bool) or not np.isfinite(min_score)):
        problems.append(
            Problem(f"min_score must be a finite number, got {min_score!r}", kind="type", field="min_score")
        )
    if capacities is not None and (min_meetings is not None or max_meetings is not None):
        problems.append(
            Problem("pass either capacities= or min_meetings=/max_meetings=, not both", kind="conflict")
        )
    forb_pairs: list[NDArray[np.intp]] = []
    forb_masks: list[NDArray[np.bool_]] = []
    forced_pairs: list[NDArray[np.intp]] = []
    for value, name, pairs_out, masks_out in (
        (extra_forbidden, "forbidden", forb_pairs, forb_masks),
        (forbidden, "forbidden", forb_pairs, forb_masks),
        (extra_forced, "forced", forced_pairs, None),
        (forced, "forced", forced_pairs, None),
    ):
        if value is None:  # the usual case: nothing to read (no call, no empty array kept)
            continue
        pairs, mask, found = _pair_list(value, shape, rid, cid, name)
        problems += found
        if mask is not None and masks_out is not None:
            masks_out.append(mask)
        else:
            pairs_out.append(pairs)
    if problems:
        raise ValidationError(problems)
    if capacities is None and min_meetings is None and max_meetings is None and mission is None:
        capacities = _default_capacities(shape)
    elif capacities is None:
        capacities = Capacities.build(
            shape, min_meetings, max_meetings, mission=mission, row_ids=rid, col_ids=cid
        )
    elif capacities.shape != shape:
        raise ValidationError(
            Problem(
                f"capacities are for {capacities.shape}, the scores are {shape}",
                kind="shape",
                field="capacities",
            )
        )
    forced_all = _joined(forced_pairs)
    if len(forced_all) > 1:
        forced_all = np.unique(forced_all, axis=0)
    extra = _joined(forb_pairs)  # all may be masks
    no_rules = not forb_masks and not extra.size
    if compressed and no_rules and min_score is None:  # every stored entry is a candidate
        problem = MatchingProblem.from_csr(
            shape[0],
            shape[1],
            total.indptr,
            total.indices,
            values,
            forced=forced_all,
            capacities=capacities,
            weight_range=(lowest, highest),
        )
    elif sparse:
        if keys is None:  # a canonical CSR whose entries a rule drops
            keys, values, entry_rows, entry_cols = _sorted_entries(total)
        mask_hits = [m[keys // shape[1], keys % shape[1]] for m in forb_masks]
        weight_range = None
        if no_rules and min_score is None:  # every stored entry is a candidate: no copies
            candidates, kept_values = keys, values
            weight_range = (lowest, highest)
            if entry_rows is None or entry_cols is None:
                entry_rows, entry_cols = np.divmod(keys, shape[1])
        else:
            keep = ~np.isin(keys, extra[:, 0].astype(np.int64) * shape[1] + extra[:, 1])
            for hit in mask_hits:
                keep &= ~hit
            candidates = keys[keep]
            if min_score is not None:
                # Forced pairs stay candidates below min_score (when the rules allow them).
                keep &= (values >= min_score) | np.isin(
                    keys, forced_all[:, 0].astype(np.int64) * shape[1] + forced_all[:, 1]
                )
            keys, kept_values = keys[keep], values[keep]
            entry_rows, entry_cols = np.divmod(keys, shape[1])
        problem = MatchingProblem.from_edges(
            shape[0],
            shape[1],
            entry_rows,
            entry_cols,
            kept_values,
            forced=forced_all,
            candidates=candidates,
            min_score=min_score,
            capacities=capacities,
            sorted_keys=keys,
            weight_range=weight_range,
        )
    else:
        forbid: NDArray[np.bool_] | None = None
        if forb_masks or extra.size:
            forbid = np.zeros(shape, dtype=bool)
            for m in forb_masks:
                forbid |= m
            forbid[extra[:, 0], extra[:, 1]] = True
        allowed = None if forbid is None else ~forbid
        if min_score is not None:
            allowed = dense >= min_score if allowed is None else allowed & (dense >= min_score)
            if forced_all.size:
                ok = (
                    np.ones(len(forced_all), bool)
                    if forbid is None
                    else ~forbid[forced_all[:, 0], forced_all[:, 1]]
                )
                allowed[forced_all[ok, 0], forced_all[ok, 1]] = True
        problem = MatchingProblem.from_dense(
            dense,
            allowed,
            forced=forced_all,
            forbidden=forbid,
            min_score=min_score,
            capacities=capacities,
            weight_range=(lowest, highest) if allowed is None else None,
        )
    return Prepared(problem, rid, cid, mission)
