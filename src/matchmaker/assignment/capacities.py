"""How many meetings each participant may and must have: :class:`Capacities`."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission

__all__ = ["Bound", "Capacities", "Extremes", "bound_extremes"]

#: A bound given for everyone (``int``), or per side as ``(rows, cols)``, each ``None`` (the
#: default), an ``int`` or one value per participant of that side.
Bound: TypeAlias = ArrayLike | tuple[ArrayLike | None, ArrayLike | None] | None


class Extremes(NamedTuple):
    """Each side's largest minimum and smallest and largest maximum (all 0 for an empty side).

    What the one-to-one test, the clipping of maxima and the rules' shortcuts read, instead of
    a pass over the bounds each time they ask.
    """

    row_floor: int
    row_least: int
    row_most: int
    col_floor: int
    col_least: int
    col_most: int


def bound_extremes(
    row_min: NDArray[np.int64],
    row_max: NDArray[np.int64],
    col_min: NDArray[np.int64],
    col_max: NDArray[np.int64],
) -> Extremes:
    """The :class:`Extremes` of four bound arrays.

    >>> bound_extremes(np.array([0, 1]), np.array([1, 3]), np.array([], np.int64), np.array([], np.int64))
    Extremes(row_floor=1, row_least=1, row_most=3, col_floor=0, col_least=0, col_most=0)
    """
    empty_r, empty_c = row_max.size == 0, col_max.size == 0
    return Extremes(
        0 if empty_r else int(row_min.max()),
        0 if empty_r else int(row_max.min()),
        0 if empty_r else int(row_max.max()),
        0 if empty_c else int(col_min.max()),
        0 if empty_c else int(col_max.min()),
        0 if empty_c else int(col_max.max()),
    )


_SIDE_FIELD = {"min": "min_meetings", "max": "max_meetings"}


def _side_values(
    value: Any, n: int, default: int, name: str, side: str, ids: Sequence[str], problems: list[Problem]
) -> NDArray[np.int64]:
    if value is None:
        return np.full(n, default, np.int64)
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(n, arr.item())
    if arr.shape != (n,):
        problems.append(
            Problem(
                f"{name} for side {side} has {arr.size} values but the side has {n} participants",
                kind="shape",
                field=name,
            )
        )
        return np.full(n, default, np.int64)
    if arr.dtype.kind in "iu":
        bad = arr < 0
    elif arr.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.round(arr))
    else:  # bool, text, objects: not counts
        bad = np.ones(n, dtype=bool)
    values = arr.tolist() if bad.any() else []
    for i in np.flatnonzero(bad).tolist():
        problems.append(
            Problem(
                f"{name} must be a whole number >= 0, got {values[i]!r}",
                kind="type",
                participants=(ids[i],),
                field=name,
            )
        )
    if bad.any():
        return np.full(n, default, np.int64)
    return arr.astype(np.int64)


def _min_above_max(
    side: str, lo: NDArray[np.int64], hi: NDArray[np.int64], ids: Sequence[str] | None
) -> list[Problem]:
    """One problem per participant of ``side`` whose minimum is above its maximum.

    Without ``ids`` (bounds given as bare arrays) the participant is named by position.
    """
    problems = []
    for i in np.flatnonzero(lo > hi).tolist():
        who = f"side {side} participant #{i}: " if ids is None else ""
        problems.append(
            Problem(
                f"{who}min_meetings ({lo[i]}) is above max_meetings ({hi[i]})",
                kind="min-above-max",
                participants=() if ids is None else (ids[i],),
                field="min_meetings",
                hint="lower min_meetings or raise max_meetings (the participant's own or the call's default)",
                data={"side": side, "min_meetings": int(lo[i]), "max_meetings": int(hi[i])},
            )
        )
    return problems


def _split(value: Any, name: str) -> tuple[Any, Any]:
    if isinstance(value, tuple):
        if len(value) != 2:
            raise ValidationError(
                Problem(
                    f"{name} as a tuple must be (rows, cols), got {len(value)} items",
                    kind="shape",
                    field=name,
                    hint="give one value for everyone, or (side A values, side B values)",
                )
            )
        return value
    return value, value


@dataclass(frozen=True, eq=False)
class Capacities:
    """Lower and upper bounds on each participant's number of meetings.

    Rows are side A, columns side B.  Arrays are stored read-only as int64.

    Parameters
    ----------
    row_min, row_max : array-like of int, shape (A,)
        Bounds for side A (rows).
    col_min, col_max : array-like of int, shape (B,)
        Bounds for side B (columns).

    Raises
    ------
    ValidationError
        A negative bound or a minimum above the maximum.

    Examples
    --------
    >>> caps = Capacities.build((2, 3), min_meetings=(None, 1), max_meetings=(8, [2, 3, 4]))
    >>> caps.row_max.tolist(), caps.col_min.tolist(), caps.col_max.tolist()
    ([8, 8], [1, 1, 1], [2, 3, 4])
    >>> caps.one_to_one
    False
    """

    row_min: NDArray[np.int64]
    row_max: NDArray[np.int64]
    col_min: NDArray[np.int64]
    col_max: NDArray[np.int64]

    def __post_init__(self) -> None:
        for name in ("row_min", "row_max", "col_min", "col_max"):
            arr = np.array(getattr(self, name), dtype=np.int64).ravel()
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if self.row_min.shape != self.row_max.shape or self.col_min.shape != self.col_max.shape:
            raise ValidationError(Problem("min and max bounds differ in length", kind="shape"))
        problems = []
        for side, lo, hi in (("A", self.row_min, self.row_max), ("B", self.col_min, self.col_max)):
            for i in np.flatnonzero((lo < 0) | (hi < 0)).tolist():
                problems.append(
                    Problem(f"side {side} participant #{i} has a negative bound", kind="negative")
                )
            problems += _min_above_max(side, lo, hi, None)
        if problems:
            raise ValidationError(problems)

    @property
    def shape(self) -> tuple[int, int]:
        """``(A, B)``: number of rows and columns."""
        return (self.row_min.size, self.col_min.size)

    @functools.cached_property
    def extremes(self) -> Extremes:
        """The bounds' :class:`Extremes`, computed once: the arrays are read-only, and the
        default bounds of a shape are one shared object, so a call without bounds reads them
        without a pass over any array."""
        return bound_extremes(self.row_min, self.row_max, self.col_min, self.col_max)

    @property
    def one_to_one(self) -> bool:
        """Whether everyone meets at most one partner and nobody has a floor."""
        e = self.extremes
        return e.row_most <= 1 and e.col_most <= 1 and not e.row_floor and not e.col_floor

    @classmethod
    def build(
        cls,
        shape: tuple[int, int],
        min_meetings: Bound = None,
        max_meetings: Bound = None,
        *,
        mission: Mission | None = None,
        row_ids: Sequence[str] | None = None,
        col_ids: Sequence[str] | None = None,
    ) -> Capacities:
        """Bounds from call defaults and, when a mission is given, each participant's own.

        Parameters
        ----------
        shape : (int, int)
            ``(A, B)``.
        min_meetings, max_meetings : int, or (rows, cols), optional
            Defaults for everyone (``int``) or per side; each side ``None``, an ``int`` or
            one value per participant.  Unset: min 0, max 1.
        mission : Mission, optional
            Each participant's ``min_meetings``/``max_meetings``, when set, override the
            defaults (``None`` in the participant means "the call's default").
        row_ids, col_ids : sequence of str, optional
            Ids (for messages and to find participants in ``mission``).

        Raises
        ------
        ValidationError
            Naming each participant whose bounds are not whole numbers >= 0 or whose
            minimum is above its maximum.
        """
        n_a, n_b = shape
        rid = list(row_ids) if row_ids is not None else [str(i) for i in range(n_a)]
        cid = list(col_ids) if col_ids is not None else [str(j) for j in range(n_b)]
        problems: list[Problem] = []
        lo_a, lo_b = _split(min_meetings, "min_meetings")
        hi_a, hi_b = _split(max_meetings, "max_meetings")
        arrays = {
            ("A", "min"): _side_values(lo_a, n_a, 0, "min_meetings", "A", rid, problems),
            ("A", "max"): _side_values(hi_a, n_a, 1, "max_meetings", "A", rid, problems),
            ("B", "min"): _side_values(lo_b, n_b, 0, "min_meetings", "B", cid, problems),
            ("B", "max"): _side_values(hi_b, n_b, 1, "max_meetings", "B", cid, problems),
        }
        if mission is not None:
            for side, ids in (("A", rid), ("B", cid)):
                for i, pid in enumerate(ids):
                    if pid not in mission:
                        problems.append(
                            Problem(
                                f"{pid!r} is not a participant of the mission",
                                kind="unknown-id",
                                participants=(pid,),
                            )
                        )
                        continue
                    person = mission[pid]
                    for bound, field in _SIDE_FIELD.items():
                        value = getattr(person, field)
                        if value is not None:
                            arrays[(side, bound)][i] = value
        for side, ids in (("A", rid), ("B", cid)):
            problems += _min_above_max(side, arrays[(side, "min")], arrays[(side, "max")], ids)
        if problems:
            raise ValidationError(problems)
        return cls(arrays[("A", "min")], arrays[("A", "max")], arrays[("B", "min")], arrays[("B", "max")])
