"""How many slots and tables an event needs: exact, against b2match's rule of thumb."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission
from matchmaker.scheduling.algorithms._arrays import BoolArray, IntArray, degrees
from matchmaker.scheduling.event import resolve_event
from matchmaker.scheduling.meetings import Meetings, not_meetings, read_meetings
from matchmaker.scheduling.plan import EventPlan

__all__ = ["Sizing", "free_slots", "no_common_slot", "size_event", "slot_availability"]

#: b2match's advice: tables = meetings ÷ slots, plus 10-20 % spare.
RULE_OF_THUMB_SPARE = (0.10, 0.20)


@dataclass(frozen=True)
class Sizing:
    """What an event needs, without availability limits.

    Attributes
    ----------
    meetings : int
        Meetings to hold (E).
    max_meetings : int
        Most meetings of one participant (Δ): the fewest slots any timetable needs.
    busiest : tuple of str
        Participants with Δ meetings (when ids are known).
    slots : int
        Slots the tables are sized for (the plan's, the given number, or Δ).
    tables : int
        Fewest tables with which ``slots`` slots hold every meeting: ``⌈E/slots⌉``
        (enough by de Werra's theorem whenever ``slots >= Δ``).
    rule_of_thumb : tuple of int
        b2match's ``meetings ÷ slots`` plus 10 % and 20 % spare tables.
    enough_slots : bool
        Whether ``slots >= Δ`` (else no number of tables helps).
    plan_tables : int or None
        Tables of the plan (hosts count as one table each), when a plan was given.
    """

    meetings: int
    max_meetings: int
    busiest: tuple[str, ...]
    slots: int
    tables: int
    rule_of_thumb: tuple[int, int]
    enough_slots: bool
    plan_tables: int | None = None

    @property
    def fits(self) -> bool | None:
        """Whether the plan holds every meeting (``None`` without a plan)."""
        if self.plan_tables is None:
            return None
        return self.enough_slots and self.plan_tables >= self.tables

    def __str__(self) -> str:
        head = f"{self.meetings} meetings, at most {self.max_meetings} for one participant"
        if self.busiest:
            more = f" and {len(self.busiest) - 3} more" if len(self.busiest) > 3 else ""
            head += f" ({', '.join(self.busiest[:3])}{more})"
        if not self.enough_slots:
            return (
                f"{head}: {self.slots} slots are too few; at least {self.max_meetings} are needed "
                "whatever the number of tables"
            )
        lo, hi = self.rule_of_thumb
        text = (
            f"{head}: {self.slots} slots need {self.tables} tables (exact: max(Δ, ⌈E/T⌉) slots "
            f"suffice); b2match's rule of thumb says {lo}-{hi} tables"
        )
        if self.plan_tables is not None:
            text += f"; the plan has {self.plan_tables}: {'enough' if self.fits else 'too few'}"
        return text


def size_event(
    meetings: Meetings | None = None,
    *,
    per_participant: int | tuple[int, int] | None = None,
    n_a: int | None = None,
    n_b: int | None = None,
    mission: Mission | None = None,
    plan: EventPlan | None = None,
    slots: int | None = None,
) -> Sizing:
    """How many slots and tables the meetings need.

    Without availability limits, ``Δ`` slots (most meetings of one participant) and
    ``⌈E/S⌉`` tables for ``S >= Δ`` slots are exactly enough (König; de Werra).

    Parameters
    ----------
    meetings : Matching or sequence of (str, str), optional
        The meetings (as for :func:`~matchmaker.scheduling.schedule`; repeats allowed).
    per_participant : int or (int, int), optional
        Instead of meetings: target meetings per participant of side A (and of side B),
        with ``n_a`` and ``n_b`` (or a ``mission``) giving the side sizes; meetings
        are then spread as evenly as the targets allow.
    n_a, n_b : int, optional
        Side sizes for ``per_participant``.
    mission : Mission, optional
        Gives the side sizes, and the ids of ``meetings`` pairs.
    plan : EventPlan, optional
        Size the tables for the plan's slots and say whether its tables suffice.
    slots : int, optional
        Size the tables for this many slots (default: the plan's, else Δ).

    Examples
    --------
    >>> sizing = size_event(per_participant=8, n_a=46, n_b=115, slots=14)
    >>> sizing.meetings, sizing.max_meetings, sizing.tables, sizing.rule_of_thumb
    (368, 8, 27, (29, 32))
    >>> print(str(sizing).split(": ", 1)[1])
    14 slots need 27 tables (exact: max(Δ, ⌈E/T⌉) slots suffice); b2match's rule of thumb says 29-32 tables
    >>> size_event([("A1", "B1"), ("A1", "B2"), ("A2", "B1")]).tables
    2
    """
    busiest: tuple[str, ...] = ()
    wrong = (
        not_meetings(
            meetings,
            "size_event",
            "size_event(matching, mission=mission), or size_event(per_participant=8, mission=mission)",
        )
        if meetings is not None
        else None
    )
    if wrong is not None:  # before read_meetings, which would name the call schedule
        raise ValidationError(wrong)
    if meetings is not None:
        a_ids, b_ids, rows, cols, _ = read_meetings(meetings, mission, allow_repeats=True)
        total = len(rows)
        degree = degrees(rows, cols, len(a_ids), len(b_ids))
        delta = int(degree.max(initial=0))
        ids = (*a_ids, *b_ids)
        busiest = tuple(ids[p] for p in np.flatnonzero(degree == delta)) if delta else ()
    elif per_participant is not None:
        if mission is not None:
            n_a, n_b = len(mission.side("A")), len(mission.side("B"))
        if n_a is None or n_b is None or n_a < 1 or n_b < 1:
            raise ValidationError(
                Problem(
                    "per_participant needs the side sizes n_a and n_b (or a mission)",
                    kind="missing",
                    field="n_a",
                )
            )
        k_a, k_b = (
            per_participant if isinstance(per_participant, tuple) else (per_participant, per_participant)
        )
        total = min(n_a * min(k_a, n_b), n_b * min(k_b, n_a))
        delta = max(-(-total // n_a), -(-total // n_b))
    else:
        raise ValidationError(
            Problem(
                "give the meetings, or per_participant with n_a and n_b", kind="missing", field="meetings"
            )
        )
    plan_tables = None
    if plan is not None:
        resolved = plan.resolved(mission)
        if slots is None:
            slots = len(resolved.slots) if resolved.days else resolved.slots_per_day
        if resolved.hosts is not None:
            if mission is not None:
                plan_tables = len(mission.side(resolved.hosts))
            elif meetings is not None:
                plan_tables = len(a_ids if resolved.hosts == "A" else b_ids)
            else:
                plan_tables = n_a if resolved.hosts == "A" else n_b
        else:
            plan_tables = resolved.tables if resolved.tables is not None else total
    n_slots = slots if slots is not None else max(delta, 1)
    if n_slots < 1:
        raise ValidationError(
            Problem(f"an event needs at least one slot, got {n_slots}", kind="invalid-plan", field="slots")
        )
    tables = -(-total // n_slots)
    lo, hi = (int(np.ceil(round(total / n_slots * (1 + spare), 9))) for spare in RULE_OF_THUMB_SPARE)
    return Sizing(total, delta, busiest, n_slots, tables, (lo, hi), n_slots >= delta, plan_tables)


def slot_availability(plan: EventPlan, mission: Mission) -> tuple[BoolArray, BoolArray]:
    """Who can meet in which slot of ``plan``: (side A × slots, side B × slots) boolean arrays.

    Rows follow each side's participants in mission order.  The mission's date and time
    zone fill in what the plan leaves open; the plan's slots already skip its breaks.
    Shorthand for :func:`~matchmaker.scheduling.resolve_event`; a caller that needs more
    than one of these resolves the event once and reads them off it.
    """
    event = resolve_event(plan, mission)
    return event.available_a, event.available_b


def free_slots(plan: EventPlan, mission: Mission) -> tuple[IntArray, IntArray]:
    """How many slots of ``plan`` each participant can meet in: (side A, side B) arrays.

    A participant can hold at most this many meetings, so it is the natural upper bound
    on their ``max_meetings`` when matching (rows = side A, columns = side B).

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> m = east_java_south_sumatra_2020()
    >>> a, b = free_slots(EventPlan(start="09:00", end="16:00", breaks="12:00-13:00"), m)
    >>> int(a.max()), int(a.min()), len(b)
    (14, 7, 115)
    """
    event = resolve_event(plan, mission)
    return event.free_a, event.free_b


def no_common_slot(plan: EventPlan, mission: Mission) -> BoolArray:
    """A×B mask of the pairs who share no slot of ``plan`` (they cannot meet at all).

    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> m = east_java_south_sumatra_2020()
    >>> mask = no_common_slot(EventPlan(start="09:00", end="16:00", breaks="12:00-13:00"), m)
    >>> mask.shape, bool(mask.any())
    ((46, 115), True)
    """
    return resolve_event(plan, mission).no_common_slot
