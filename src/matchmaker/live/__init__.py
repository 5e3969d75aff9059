"""Event day: record no-shows, late arrivals, walk-ins and cancellations, and re-plan live.

The published result and every change since live in a SQLite file
(:mod:`matchmaker.live.store`); :func:`open_event` creates or reopens it, and
:meth:`LiveEvent.replan` re-plans the open slots (:mod:`matchmaker.live.solver`).  What
people receive after a re-plan is written by :mod:`matchmaker.live.messages`.  See
``docs/event-day.md``.
"""

from matchmaker.live.event import (
    DEFAULT_LEAD,
    EventStatus,
    LiveEvent,
    MeetingChange,
    Replan,
    Unattended,
    Undone,
    open_event,
)
from matchmaker.scheduling.schedule import ScheduledMeeting

__all__ = [
    "DEFAULT_LEAD",
    "EventStatus",
    "LiveEvent",
    "MeetingChange",
    "Replan",
    "Unattended",
    "Undone",
    "open_event",
]


def __getattr__(name: str) -> type[ScheduledMeeting]:
    if name == "LiveMeeting":  # deprecated alias of ScheduledMeeting (see matchmaker.live.event)
        from matchmaker.live import event

        return event.__getattr__(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
