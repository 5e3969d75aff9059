"""The result of :func:`~matchmaker.scheduling.schedule`: a timetable of the meetings."""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from matchmaker.errors import Problem
from matchmaker.model.availability import TimeWindow
from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray
from matchmaker.scheduling.algorithms.compaction import gap_counts

if TYPE_CHECKING:
    from matchmaker.model.mission import Mission
    from matchmaker.scheduling.plan import EventPlan

__all__ = ["Move", "Schedule", "ScheduledMeeting", "UnplacedMeeting"]


@dataclass(frozen=True)
class ScheduledMeeting:
    """A placed meeting: who meets whom, when (aware datetimes) and at which table.

    ``index`` is the meeting's position in the input (the Matching's pairs or the list).
    The same record serves the event day (:mod:`matchmaker.live`, where it replaces
    ``LiveMeeting``): there ``index`` is the pair's row in the event file, ``score`` the
    pair's score (``None`` in timetables built from pairs alone) and ``sequence`` the
    iCalendar ``SEQUENCE`` of the meeting's last change (0 when never changed).
    """

    a: str
    b: str
    slot: int
    start: dt.datetime
    end: dt.datetime
    table: str
    index: int
    pinned: bool = False
    score: float | None = None
    sequence: int = 0

    def partner(self, participant_id: str) -> str:
        """The other participant of the meeting."""
        return self.b if participant_id == self.a else self.a

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M} table {self.table}: {self.a} – {self.b}"


@dataclass(frozen=True)
class UnplacedMeeting:
    """A meeting that could not be placed, and why (``reason.kind``, ``reason.message``)."""

    a: str
    b: str
    index: int
    reason: Problem

    def __str__(self) -> str:
        return f"{self.a} – {self.b}: {self.reason.message} [{self.reason.kind}]"


@dataclass(frozen=True)
class Move:
    """A meeting of the previous schedule that changed when re-scheduling.

    ``old_start``/``new_start`` are ``None`` when the meeting was/is not placed.
    """

    a: str
    b: str
    index: int
    old_start: dt.datetime | None
    new_start: dt.datetime | None
    old_table: str | None
    new_table: str | None

    def __str__(self) -> str:
        def when(t: dt.datetime | None, table: str | None) -> str:
            return "unplaced" if t is None else f"{t:%Y-%m-%d %H:%M} table {table}"

        before, after = when(self.old_start, self.old_table), when(self.new_start, self.new_table)
        return f"{self.a} – {self.b}: {before} → {after}"


def _readonly(array: np.ndarray) -> Any:
    out = np.array(array, copy=True)
    out.setflags(write=False)
    return out


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"Schedule.{old} is deprecated and will be removed in the next release; use Schedule.{new}",
        DeprecationWarning,
        stacklevel=3,
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class Schedule:
    """A timetable: every meeting placed in a slot at a table, or listed as unplaced with a reason.

    Axis convention, as in :class:`~matchmaker.assignment.Matching`: meeting ``e`` joins
    side-A participant ``row_ids[pairs[e, 0]]`` and side-B participant
    ``col_ids[pairs[e, 1]]``; ``slot[e]`` indexes ``plan.slots`` (``-1``: unplaced) and
    ``table[e]`` indexes ``table_labels``.  Arrays are read-only.  Every field is given by
    keyword.

    Attributes
    ----------
    plan : EventPlan
        The plan the schedule was made for (with its days and time zone resolved).
    row_ids, col_ids : tuple of str
        Side A ids (rows) and side B ids (columns).
    pairs : ndarray of intp, shape (E, 2)
        The (row, col) of every meeting, in input order (repeats allowed).
    slot, table : ndarray of intp, shape (E,)
        Slot and table of every meeting (``-1``: unplaced).
    table_labels : tuple of str
        The names of the tables.
    method, backend : str
        Which algorithm and which library placed the meetings.
    optimal : bool or None
        ``True``: no timetable places more meetings (and, when re-scheduling, keeps
        more in place); ``False``: the solver stopped at its time limit before proving
        it; ``None``: the method gives no proof (a heuristic below its upper bound).
    slot_bound : int
        Fewest slots any timetable of these meetings needs, ``max(Δ, ⌈E/T⌉)``.
    placed_bound : int
        Most meetings any timetable of this plan can place (a maximum-flow bound).
    reasons : mapping of int to Problem
        Why each unplaced meeting (by index) is unplaced.
    moved : tuple of Move
        Meetings of the ``previous`` schedule that changed slot or table (re-scheduling).
    diagnosis : tuple of Problem
        What makes the plan too small, naming participants, with the numbers.
    pinned : ndarray of bool
        Meetings that were pinned to their slot.
    mission : Mission, optional
        The mission the meetings come from.
    availability : mapping of str to tuple of TimeWindow
        The availability windows the schedule respects (participants with limits only),
        wall-clock times in ``availability_zone``.
    """

    plan: EventPlan
    row_ids: tuple[str, ...]
    col_ids: tuple[str, ...]
    pairs: IntArray
    slot: IntArray
    table: IntArray
    table_labels: tuple[str, ...]
    method: str
    backend: str
    optimal: bool | None
    slot_bound: int
    placed_bound: int
    reasons: Mapping[int, Problem] = field(default_factory=dict)
    moved: tuple[Move, ...] = ()
    diagnosis: tuple[Problem, ...] = ()
    pinned: BoolArray | None = None
    mission: Mission | None = None
    availability: Mapping[str, tuple[TimeWindow, ...]] = field(default_factory=dict)
    availability_zone: str = "Asia/Jakarta"

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "row_ids", tuple(self.row_ids))
        set_(self, "col_ids", tuple(self.col_ids))
        set_(self, "pairs", _readonly(np.asarray(self.pairs, dtype=np.intp).reshape(-1, 2)))
        for name in ("slot", "table"):
            set_(self, name, _readonly(np.asarray(getattr(self, name), dtype=np.intp)))
        pinned = np.zeros(len(self.pairs), bool) if self.pinned is None else self.pinned
        set_(self, "pinned", _readonly(np.asarray(pinned, dtype=bool)))
        set_(self, "reasons", MappingProxyType(dict(self.reasons)))
        set_(self, "availability", MappingProxyType(dict(self.availability)))
        set_(self, "moved", tuple(self.moved))
        set_(self, "diagnosis", tuple(self.diagnosis))

    @property
    def a_ids(self) -> tuple[str, ...]:
        """Deprecated alias of :attr:`row_ids`."""
        _deprecated("a_ids", "row_ids")
        return self.row_ids

    @property
    def b_ids(self) -> tuple[str, ...]:
        """Deprecated alias of :attr:`col_ids`."""
        _deprecated("b_ids", "col_ids")
        return self.col_ids

    @property
    def rows(self) -> IntArray:
        """Deprecated alias of ``pairs[:, 0]``."""
        _deprecated("rows", "pairs[:, 0]")
        return self._rows

    @property
    def cols(self) -> IntArray:
        """Deprecated alias of ``pairs[:, 1]``."""
        _deprecated("cols", "pairs[:, 1]")
        return self._cols

    @property
    def _rows(self) -> IntArray:
        return self.pairs[:, 0]  # a view of a read-only array: read-only too

    @property
    def _cols(self) -> IntArray:
        return self.pairs[:, 1]

    @functools.cached_property
    def meetings(self) -> tuple[ScheduledMeeting, ...]:
        """Every placed meeting, by slot then table."""
        placed = np.flatnonzero(self.slot >= 0)
        placed = placed[np.lexsort((self.table[placed], self.slot[placed]))]
        slots = self.plan.slots
        assert self.pinned is not None
        return tuple(
            ScheduledMeeting(
                self.row_ids[self._rows[e]],
                self.col_ids[self._cols[e]],
                int(self.slot[e]),
                slots[self.slot[e]].start,
                slots[self.slot[e]].end,
                self.table_labels[self.table[e]],
                e,
                bool(self.pinned[e]),
            )
            for e in placed.tolist()
        )

    @property
    def unplaced(self) -> tuple[UnplacedMeeting, ...]:
        """Every meeting that could not be placed, with its reason, in input order."""
        return tuple(
            UnplacedMeeting(self.row_ids[self._rows[e]], self.col_ids[self._cols[e]], e, self.reasons[e])
            for e in sorted(self.reasons)
        )

    @functools.cached_property
    def _agendas(self) -> Mapping[str, tuple[ScheduledMeeting, ...]]:
        out: dict[str, list[ScheduledMeeting]] = {pid: [] for pid in (*self.row_ids, *self.col_ids)}
        for m in self.meetings:
            out[m.a].append(m)
            out[m.b].append(m)
        return MappingProxyType({k: tuple(v) for k, v in out.items()})

    def agenda(self, participant_id: str) -> tuple[ScheduledMeeting, ...]:
        """The meetings of one participant, in time order.

        Raises
        ------
        KeyError
            If the participant is not in the schedule.
        """
        try:
            return self._agendas[participant_id]
        except KeyError:
            raise KeyError(f"no participant {participant_id!r} in this schedule") from None

    @property
    def n_placed(self) -> int:
        """Number of meetings placed."""
        return int((self.slot >= 0).sum())

    @property
    def slots_used(self) -> int:
        """Number of distinct slots holding at least one meeting."""
        return len(np.unique(self.slot[self.slot >= 0]))

    @functools.cached_property
    def _gaps(self) -> tuple[IntArray, IntArray]:
        return gap_counts(
            self._rows,
            self._cols,
            len(self.row_ids),
            len(self.col_ids),
            np.asarray(self.slot),
            len(self.plan.slots),
            self.plan.day_start,
        )

    @property
    def gaps(self) -> int:
        """Idle gaps over all participants: free stretches between two meetings of one day."""
        return int(self._gaps[0].sum())

    @property
    def idle_slots(self) -> int:
        """Free slots between a participant's first and last meeting of a day, summed."""
        return int(self._gaps[1].sum())

    @property
    def max_gaps(self) -> int:
        """Most idle gaps in any one participant's agenda."""
        return int(self._gaps[0].max(initial=0))

    @functools.cached_property
    def _position(self) -> Mapping[str, int]:
        return {pid: i for i, pid in enumerate((*self.row_ids, *self.col_ids))}

    def gaps_of(self, participant_id: str) -> int:
        """Idle gaps in one participant's agenda."""
        if participant_id not in self._position:
            raise KeyError(f"no participant {participant_id!r} in this schedule")
        return int(self._gaps[0][self._position[participant_id]])

    def summary(self) -> str:
        """A few lines: meetings placed, slots used against the bound, gaps, method."""
        proof = {True: "proven optimal", False: "time limit hit, not proven", None: "no proof"}[self.optimal]
        lines = [
            f"{self.n_placed} of {len(self.pairs)} meetings placed in {self.slots_used} of "
            f"{len(self.plan.slots)} slots (at least {self.slot_bound} needed; at most "
            f"{self.placed_bound} placeable)",
            f"method {self.method} ({self.backend}), {proof}; {self.gaps} idle gaps",
        ]
        if self.moved:
            lines.append(f"{len(self.moved)} meetings moved from the previous schedule")
        lines += [f"unplaced: {u}" for u in self.unplaced[:10]]
        if len(self.reasons) > 10:
            lines.append(f"... and {len(self.reasons) - 10} more unplaced")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
