"""iCalendar (RFC 5545) agendas, one calendar per participant (optional extra: ``matchmaker[ics]``).

Written with the `icalendar <https://icalendar.readthedocs.io>`_ package.  Times carry
their IANA time zone (``TZID=Asia/Jakarta`` for WIB, ``Asia/Makassar`` for WITA,
``Asia/Jayapura`` for WIT) with the matching ``VTIMEZONE``, so calendar programs show
them right wherever the reader is.

Each meeting's UID is derived from the mission, the two participants and the
meeting's index in the matching, not from its time: when a meeting is re-scheduled,
importing the new file updates the existing calendar entry instead of adding a copy.
``DTSTAMP`` defaults to the start of the event (UTC) so that the same schedule always
gives byte-identical files; pass ``stamp=`` to record the real export time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

from matchmaker._optional import require
from matchmaker.model.mission import Mission
from matchmaker.reporting.labels import check_language, label

__all__ = ["calendar_for", "write_calendars"]

_FEATURE = "iCalendar exports"


def meeting_uid(event: str, row_id: str, col_id: str) -> str:
    """Stable iCalendar UID of the meeting of ``row_id`` (side A) and ``col_id`` (side B) at ``event``.

    It depends on the event's name and the pair only, never on the slot, table or position, so a
    re-sent calendar updates the same meeting instead of adding a second one.

    >>> meeting_uid("Misi Dagang", "JT-001", "SS-001") == meeting_uid("Misi Dagang", "JT-001", "SS-001")
    True
    """
    digest = hashlib.sha256("\x1f".join((event, row_id, col_id)).encode("utf-8")).hexdigest()
    return f"mm-{digest[:32]}@matchmaker"


def _uid(mission_name: str, meeting: Any) -> str:
    key = f"matchmaker:{mission_name}:{meeting.a}:{meeting.b}:{meeting.index}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@matchmaker"


def _describe(mission: Mission | None, pid: str) -> tuple[str, str, str | None]:
    """Display name, description lines and e-mail of a participant."""
    if mission is None or pid not in mission:
        return pid, pid, None
    p = mission[pid]
    lines = [f"{p.name} ({p.id}), {p.city + ', ' if p.city else ''}{p.province}"]
    if p.contact:
        lines.append(f"{p.contact}" + (f", {p.phone}" if p.phone else ""))
    if p.offers:
        lines.append("Offers / menawarkan: " + ", ".join(str(line) for line in p.offers))
    if p.needs:
        lines.append("Needs / membutuhkan: " + ", ".join(str(line) for line in p.needs))
    return p.name, "\n".join(lines), p.email


def calendar_for(
    schedule: Any,
    participant_id: str,
    *,
    mission: Mission | None = None,
    lang: str = "en",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The agenda of one participant as an iCalendar document.

    Parameters
    ----------
    schedule : Schedule
        From :func:`matchmaker.schedule`.
    participant_id : str
        Whose agenda.
    mission : Mission, optional
        For names, contacts and the venue (default: the schedule's mission).
    lang : {"en", "id"}
        Language of the event titles.
    stamp : datetime, optional
        ``DTSTAMP`` of every event (default: the event's first slot, in UTC).

    Returns
    -------
    bytes
        The ``.ics`` file's content.
    """
    icalendar = require("icalendar", extra="ics", feature=_FEATURE)
    check_language(lang)
    mission = mission or getattr(schedule, "mission", None)
    meetings = schedule.agenda(participant_id)
    first = min((m.start for m in schedule.meetings), default=None)
    stamp = (stamp or first or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
    name = mission.name if mission else "matchmaker"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//matchmaker//trade mission agenda//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # typed as text so that a line break in a name is escaped (an untyped X- property is not)
    cal.add("x-wr-calname", icalendar.vText(f"{name}: {_describe(mission, participant_id)[0]}"))
    for m in meetings:
        partner = m.partner(participant_id)
        partner_name, partner_text, _ = _describe(mission, partner)
        event = icalendar.Event()
        event.add("uid", _uid(name, m))
        event.add("dtstamp", stamp)
        event.add("dtstart", m.start)
        event.add("dtend", m.end)
        event.add("summary", f"{label('meeting_with', lang)} {partner_name}")
        venue = (mission.venue if mission else None) or ""
        table = f"{label('table', lang)} {m.table}"
        event.add("location", f"{venue} — {table}" if venue else table)
        event.add("description", partner_text)
        for pid in (m.a, m.b):
            person, _, email = _describe(mission, pid)
            if email:
                attendee = icalendar.vCalAddress(f"mailto:{email}")
                attendee.params["cn"] = icalendar.vText(person)
                event.add("attendee", attendee, encode=0)
        cal.add_component(event)
    if meetings:
        days = [m.start.date() for m in meetings]
        zone = meetings[0].start.tzinfo
        cal.add_component(_vtimezone(getattr(zone, "key", str(zone)), min(days).year, max(days).year))
    data: bytes = cal.to_ical()
    return data


@functools.cache
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Any:
    """The ``VTIMEZONE`` of ``tzid`` for the event's years (built once: it is slow to derive)."""
    icalendar = require("icalendar", extra="ics", feature=_FEATURE)
    return icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )


def write_calendars(
    schedule: Any,
    directory: str | Path,
    *,
    mission: Mission | None = None,
    lang: str = "en",
    stamp: dt.datetime | None = None,
) -> list[Path]:
    """Write ``<id>.ics`` for every participant with at least one meeting; returns the paths.

    ``directory`` is matchmaker's own: other ``.ics`` files in it, left by an earlier run,
    are removed, so that a participant who no longer has meetings has no calendar.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    ids = dict.fromkeys(pid for m in schedule.meetings for pid in (m.a, m.b))
    for pid in ids:
        path = out / f"{_safe(pid)}.ics"
        if path in paths:  # two ids that differ only in characters a file name cannot hold
            path = out / f"{_safe(pid)}-{uuid.uuid5(uuid.NAMESPACE_URL, pid).hex[:8]}.ics"
        path.write_bytes(calendar_for(schedule, pid, mission=mission, lang=lang, stamp=stamp))
        paths.append(path)
    for stale in set(out.glob("*.ics")) - set(paths):
        stale.unlink()
    return paths


def _safe(name: str) -> str:
    """A file name for an id (ids are free text; keep them readable but harmless, and
    short: a long id gets a digest instead of its tail, so that the name stays unique)."""
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._") or "participant"
    if len(safe.encode()) > 80:
        digest = uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:12]
        safe = safe.encode()[:60].decode(errors="ignore") + "-" + digest
    return safe
