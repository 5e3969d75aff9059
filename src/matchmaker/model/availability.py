"""When a participant can meet: windows of local time on the event day(s)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from matchmaker.errors import Problem, ValidationError

__all__ = ["WINDOW", "TimeWindow", "clock"]

#: A window as written: ``[YYYY-MM-DD ]HH:MM-HH:MM`` (groups ``day``, ``start``, ``end``; ``.``
#: for ``:`` and an en dash are accepted).  Public so that a caller can tell a window
#: written backwards from one that cannot be read.
WINDOW = re.compile(
    r"^\s*(?:(?P<day>\d{4}-\d{2}-\d{2})[ T])?\s*"
    r"(?P<start>\d{1,2}[:.]\d{2})\s*[-–]\s*(?P<end>\d{1,2}[:.]\d{2})\s*$"
)


def clock(text: str) -> dt.time:
    """A time of day as people write it: ``HH:MM``, ``H:MM`` or with ``.`` (``9.30``).

    Raises ``ValueError`` for anything else (the caller words the problem).

    >>> clock("9.30"), clock(" 14:05 ")
    (datetime.time(9, 30), datetime.time(14, 5))
    """
    return dt.time.fromisoformat(text.strip().replace(".", ":").zfill(5))


@dataclass(frozen=True, order=True)
class TimeWindow:
    """A window of local (event time-zone) wall-clock time, ``start`` inclusive, ``end`` exclusive.

    Parameters
    ----------
    start, end : datetime.time
        Naive wall-clock times in the mission's time zone; ``start < end``.
    day : datetime.date, optional
        The day the window applies to; ``None`` means every day of the event.

    Examples
    --------
    >>> w = TimeWindow.parse("09:00-12:00")
    >>> w
    TimeWindow(start=datetime.time(9, 0), end=datetime.time(12, 0), day=None)
    >>> str(TimeWindow.parse("2020-12-02 13.30-16:00"))
    '2020-12-02 13:30-16:00'
    """

    start: dt.time
    end: dt.time
    day: dt.date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.start, dt.time) or not isinstance(self.end, dt.time):
            raise ValidationError(Problem("a time window needs datetime.time start and end", kind="type"))
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValidationError(
                Problem(
                    "time windows are local wall-clock times; pass naive times",
                    kind="type",
                    hint="the mission's time zone applies",
                )
            )
        if self.start >= self.end:
            raise ValidationError(
                Problem(
                    f"time window {self} ends before it starts",
                    kind="empty-window",
                    hint="write it as start-end, e.g. 09:00-12:00",
                    data={"window": str(self), "case": "order"},  # the Indonesian text quotes it too
                )
            )

    def contains(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether the local interval ``[start, end)`` lies inside this window (same day)."""
        if self.day is not None and start.date() != self.day:
            return False
        return start.date() == end.date() and self.start <= start.time() and end.time() <= self.end

    def __str__(self) -> str:
        text = f"{self.start:%H:%M}-{self.end:%H:%M}"
        return f"{self.day.isoformat()} {text}" if self.day else text

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """Read ``[YYYY-MM-DD ]HH:MM-HH:MM`` (``.`` also accepted between hours and minutes)."""
        match = WINDOW.match(text)
        if match is None:
            raise ValidationError(
                Problem(
                    f"cannot read {text!r} as a time window",
                    kind="syntax",
                    data={"case": "window", "window": text.strip()},
                    hint="write HH:MM-HH:MM, e.g. 09:00-12:00, or 2020-12-02 09:00-12:00",
                )
            )
        try:
            start, end = clock(match["start"]), clock(match["end"])
            day = dt.date.fromisoformat(match["day"]) if match["day"] else None
        except ValueError as exc:
            # which part is out of range, for the Indonesian text (Python's reason is English)
            case = next((part for part in ("hour", "minute", "month") if str(exc).startswith(part)), "date")
            raise ValidationError(
                Problem(
                    f"in time window {text!r}: {exc}",
                    kind="syntax",
                    data={"window": text.strip(), "case": case},
                )
            ) from None
        return cls(start, end, day)
