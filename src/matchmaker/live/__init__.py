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
    LiveMeeting,
    MeetingChange,
    Replan,
    open_event,
)

__all__ = ["DEFAULT_LEAD", "EventStatus", "LiveEvent", "LiveMeeting", "MeetingChange", "Replan", "open_event"]
