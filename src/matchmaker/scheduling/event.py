"""The event resolved once: a plan's slots for one mission, who is free when, and the tables.

:func:`resolve_event` turns an :class:`~matchmaker.scheduling.EventPlan` and a
:class:`~matchmaker.model.Mission` into a :class:`ResolvedEvent`: the plan with the
mission's date and time zone filled in, its slots, the availability of every participant
in every slot, and the tables.  :func:`matchmaker.run` builds it once and hands it to
the matching (free slots as capacities, pairs without a common slot as vetoes) and to
:func:`~matchmaker.scheduling.schedule`, so the availability is worked out once per run.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike

from matchmaker.model.availability import TimeWindow
from matchmaker.model.groups import GroupMission
from matchmaker.model.mission import Mission
from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray
from matchmaker.scheduling.constraints import availability_matrix
from matchmaker.scheduling.plan import EventPlan, Slot

__all__ = ["ResolvedEvent", "resolve_event"]


def _readonly(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, kw_only=True, eq=False)
class ResolvedEvent:
    """An event plan resolved for one mission.  Arrays are read-only; rows are side A
    (``row_ids``), then side B (``col_ids``), each in mission order.

    Attributes
    ----------
    plan : EventPlan
        The plan with its days and time zone resolved (from the mission where not given).
    mission : Mission or GroupMission
        The participants.
    slots : tuple of Slot
        The plan's slots (``plan.slots``).
    available : ndarray of bool, shape (A + B, S)
        ``available[p, s]``: participant ``p`` (side A first) can meet in slot ``s``.
    zone : str
        The time zone the availability windows are read in (the mission's).
    tables : int or None
        Meetings one slot can hold (``None``: no limit, or a table per host).
    table_labels : tuple of str
        The names of the tables (the hosts' ids when ``plan.hosts`` is set).

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.pipeline import default_plan
    >>> event = resolve_event(default_plan(), east_java_south_sumatra_2020())
    >>> len(event.slots), event.available.shape, event.available.flags.writeable
    (14, (161, 14), False)
    >>> int(event.free_a.max()), int(event.free_a.min()), bool(event.no_common_slot.any())
    (14, 7, True)
    """

    plan: EventPlan
    mission: Mission | GroupMission
    slots: tuple[Slot, ...]
    available: BoolArray
    zone: str
    tables: int | None
    table_labels: tuple[str, ...]

    @property
    def two_sided(self) -> Mission:
        """The mission, when it has two sides (a ``TypeError`` for a group mission)."""
        if not isinstance(self.mission, Mission):
            raise TypeError("sides A and B: the event of a two-delegation Mission only")
        return self.mission

    @property
    def row_ids(self) -> tuple[str, ...]:
        """Side A ids, in mission order."""
        return tuple(self.two_sided.ids("A"))

    @property
    def col_ids(self) -> tuple[str, ...]:
        """Side B ids, in mission order."""
        return tuple(self.two_sided.ids("B"))

    @property
    def n_rows(self) -> int:
        return len(self.two_sided.side("A"))

    @property
    def available_a(self) -> BoolArray:
        """``(A, S)``: side-A participant ``i`` can meet in slot ``s``."""
        return self.available[: self.n_rows]

    @property
    def available_b(self) -> BoolArray:
        """``(B, S)``: side-B participant ``j`` can meet in slot ``s``."""
        return self.available[self.n_rows :]

    @functools.cached_property
    def free(self) -> IntArray:
        """``(A + B,)``: how many slots each participant can meet in (most meetings they can hold)."""
        return _readonly(self.available.sum(axis=1).astype(np.intp))

    @property
    def free_a(self) -> IntArray:
        return self.free[: self.n_rows]

    @property
    def free_b(self) -> IntArray:
        return self.free[self.n_rows :]

    def common_slots(self, rows: ArrayLike, cols: ArrayLike) -> IntArray:
        """How many slots side-A ``rows[k]`` and side-B ``cols[k]`` are both free in (pairs only:
        no A×B matrix)."""
        rows, cols = np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)
        both = self.available_a[rows] & self.available_b[cols]
        count: IntArray = both.sum(axis=1).astype(np.intp)
        return count

    @functools.cached_property
    def no_common_slot(self) -> BoolArray:
        """A×B mask of the pairs who share no slot (they cannot meet at all); dense, for dense scores."""
        a, b = self.available_a.astype(np.int32), self.available_b.astype(np.int32)
        return _readonly((a @ b.T) == 0)

    @functools.cached_property
    def windows(self) -> Mapping[str, tuple[TimeWindow, ...]]:
        """The availability windows of the participants who have some (wall-clock, in ``zone``)."""
        return MappingProxyType({p.id: p.availability for p in self.mission.participants if p.availability})


def resolve_event(plan: EventPlan, mission: Mission | GroupMission) -> ResolvedEvent:
    """The plan resolved for ``mission``: slots, availability (one pass over the windows), tables.

    A :class:`~matchmaker.model.groups.GroupMission` (the group path) has its rows in
    ``mission.ids`` order, each participant's windows read in its own time zone
    (``timezone_of``), and a participant who meets online only from another zone and
    gives no windows free during the event's daily hours *in its own zone*; only
    ``available``, ``free``, ``slots``, ``plan`` and ``tables`` apply to it.

    Raises
    ------
    ValidationError
        When the plan makes no slot (see :attr:`EventPlan.slots`).
    """
    resolved = plan.resolved(mission)  # type: ignore[arg-type]  # a GroupMission has date and timezone too
    slots = resolved.slots
    zone = mission.timezone
    if isinstance(mission, GroupMission):  # rows in mission order, each read in its own zone
        available = _own_zones(mission, resolved)
    else:
        people = (*mission.side("A"), *mission.side("B"))
        available = availability_matrix(slots, [p.availability for p in people], zoneinfo.ZoneInfo(zone))
    if resolved.hosts is not None and isinstance(mission, Mission):
        labels, tables = tuple(mission.ids(resolved.hosts)), None
    else:
        tables = resolved.tables
        n = tables if tables is not None else len(mission.side("A") if isinstance(mission, Mission) else ())
        labels = resolved.table_labels or tuple(str(i + 1) for i in range(n))
    return ResolvedEvent(
        plan=resolved,
        mission=mission,
        slots=slots,
        available=_readonly(available),
        zone=zone,
        tables=tables,
        table_labels=tuple(labels),
    )


def _own_zones(mission: GroupMission, plan: EventPlan) -> BoolArray:
    """``(P, S)`` availability of a group mission, each participant's windows in its own zone.

    A remote buyer in Makassar who meets online only is not asked to meet before 09:00
    WITA: online slots respect both sides' local hours.
    """
    slots = plan.slots
    zones = [mission.timezone_of(pid) for pid in mission.ids]
    free = np.ones((len(mission), len(slots)), dtype=bool)
    event_zone = zoneinfo.ZoneInfo(plan.timezone or mission.timezone)
    hours = (
        TimeWindow(
            min(x.start.astimezone(event_zone).time() for x in slots),
            max(x.end.astimezone(event_zone).time() for x in slots),
        ),
    )
    for zone in sorted(set(zones)):
        rows = [i for i, z in enumerate(zones) if z == zone]
        windows = [mission.participants[i].availability for i in rows]
        if zone != str(event_zone):
            windows = [
                hours if mission.modes[i] == "online" and not w else w
                for i, w in zip(rows, windows, strict=True)
            ]
        free[rows] = availability_matrix(slots, windows, zoneinfo.ZoneInfo(zone))
    return free
