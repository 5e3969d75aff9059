"""Timetabling: put the meetings of a matching into slots and at tables.

``schedule(meetings, plan)`` returns a :class:`Schedule`: every meeting placed with
its slot (time-zone-aware start and end) and table, or listed as unplaced with the
reason; an agenda per participant; and what the solver proved.  Without availability
limits the timetable uses the fewest slots possible, ``max(Δ, ⌈E/T⌉)`` (bipartite
edge colouring); with them, an exact integer model (HiGHS) or, for large events, a
matching-and-repair heuristic places as many meetings as it can.  ``validate``
checks a schedule against the same rules; ``size_event`` says what an event needs;
``resolve_event(plan, mission)`` works out the slots and who is free when, once.
"""

from matchmaker.scheduling.constraints import validate
from matchmaker.scheduling.event import ResolvedEvent, resolve_event
from matchmaker.scheduling.meetings import Meetings, PairsOf
from matchmaker.scheduling.plan import EventPlan, Slot
from matchmaker.scheduling.schedule import Move, Schedule, ScheduledMeeting, UnplacedMeeting
from matchmaker.scheduling.sizing import Sizing, size_event
from matchmaker.scheduling.timetable import (
    METHODS,
    MILP_VARIABLES,
    ScheduleOptions,
    Solution,
    TimetableProblem,
    schedule,
)

__all__ = [
    "METHODS",
    "MILP_VARIABLES",
    "EventPlan",
    "Meetings",
    "Move",
    "PairsOf",
    "ResolvedEvent",
    "Schedule",
    "ScheduleOptions",
    "ScheduledMeeting",
    "Sizing",
    "Slot",
    "Solution",
    "TimetableProblem",
    "UnplacedMeeting",
    "resolve_event",
    "schedule",
    "size_event",
    "validate",
]
