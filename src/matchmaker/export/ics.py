"""iCalendar (RFC 5545) agendas, one calendar per participant, written directly (no extra needed).

Times carry their IANA time zone (``TZID=Asia/Jakarta`` for WIB, ``Asia/Makassar`` for
WITA, ``Asia/Jayapura`` for WIT) with the matching ``VTIMEZONE``, so calendar programs
show them right wherever the reader is.  Indonesia's zones have no daylight saving time,
so their ``VTIMEZONE`` is written here; a zone with changes of offset during the event's
years is derived with the `icalendar <https://icalendar.readthedocs.io>`_ package
(``pip install 'matchmaker[ics]'``), which is otherwise needed only to read calendars back.

Identity and re-sending
-----------------------
A meeting's UID is :func:`meeting_uid` of the event's name and the pair, never of its
slot, table or position, so the same meeting keeps its UID across runs.  A first export
is ``METHOD:PUBLISH`` with ``SEQUENCE:0``.  Given the ``previous`` result,
:func:`write_calendars` writes updates: ``<id>.ics`` is ``METHOD:REQUEST``, a meeting
whose time or table changed gets the next ``SEQUENCE`` (the one in the calendar it
replaces in the same folder, plus one), and the meetings of ``previous`` that no longer
take place go to ``<id>.cancel.ics`` (``METHOD:CANCEL``, ``STATUS:CANCELLED``), including
those of a participant who left.  Importing both files updates a calendar in place.

Text is escaped (``\\``, ``;``, ``,``, line breaks) and folded at 75 octets without
splitting a UTF-8 character or an escape; control characters, which RFC 5545 does not
allow in text, are dropped.  ``DTSTAMP`` defaults to the start of the event (UTC) so that
the same schedule always gives byte-identical files; pass ``stamp=`` to record the real
export time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import operator
import os
import re
import zoneinfo
from binascii import hexlify
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from matchmaker._optional import require
from matchmaker.export.agendas import display_phone, file_names
from matchmaker.model.mission import Mission
from matchmaker.reporting.commodities import commodity_name
from matchmaker.reporting.labels import check_language, label

if TYPE_CHECKING:
    from matchmaker.model.groups import GroupMission
    from matchmaker.pipeline import MatchmakingResult
    from matchmaker.scheduling.schedule import Schedule

__all__ = ["calendar_for", "escape_text", "fold_line", "meeting_uid", "write_calendars"]

_FEATURE = "iCalendar time zones with daylight saving time"

#: A placed meeting: a :class:`~matchmaker.scheduling.ScheduledMeeting`.
_Meeting = Any


def meeting_uid(event: str, row_id: str, col_id: str) -> str:
    """Stable iCalendar UID of the meeting of ``row_id`` (side A) and ``col_id`` (side B) at ``event``.

    It depends on the event's name and the pair only, never on the slot, table or position, so a
    re-sent calendar updates the same meeting instead of adding a second one.

    >>> meeting_uid("Misi Dagang", "JT-001", "SS-001") == meeting_uid("Misi Dagang", "JT-001", "SS-001")
    True
    """
    digest = hashlib.sha256("\x1f".join((event, row_id, col_id)).encode("utf-8")).hexdigest()
    return f"mm-{digest[:32]}@matchmaker"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BREAK = re.compile(r"\r\n|\r|\n")


def escape_text(text: str) -> str:
    r"""A TEXT value (RFC 5545 §3.3.11): ``\``, ``;``, ``,`` escaped, line breaks as ``\n``.

    Control characters other than tab are dropped (RFC 5545 does not allow them in text).

    >>> escape_text("Jl. Sudirman 1; lt. 2, ruang A\r\nPalembang")
    'Jl. Sudirman 1\\; lt. 2\\, ruang A\\nPalembang'
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if text.isprintable():  # the common case: no line break, no control character
        return text
    # _BREAK's matches, left to right (a CRLF pair first), by plain replaces: no regex step per break
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text if _CONTROL.search(text) is None else _CONTROL.sub("", text)


#: Joins the UTF-8 texts that :func:`_escape_all` and :func:`_fold_all` treat in one pass:
#: an octet UTF-8 never holds, so no text can hold it.
_APART = b"\xff"

#: The octets of the control characters :func:`escape_text` drops (all but tab, CR and LF,
#: which it writes as ``\n``): in UTF-8 each is one octet, never part of another character.
_CONTROL_OCTETS = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])


def _escape_all(texts: Sequence[str]) -> list[bytes]:
    """``[escape_text(t).encode("utf-8") for t in texts]``, in one pass over all of them.

    Escaping changes characters one by one, each an octet of UTF-8 (a CRLF pair is one
    line break, and no pair spans two texts: a separator stands between them), so the
    escaped join of the texts' UTF-8, split at the separators, is each text escaped.
    Over octets, not characters: a join of the strings needed a separating character,
    which made every step a scan of two bytes per character and the control characters'
    a regular expression; over UTF-8 each step is one scan of bytes.
    """
    data = _APART.join(map(str.encode, texts))  # UTF-8; half of a character raises, as in _encode
    data = data.replace(b"\\", b"\\\\").replace(b";", b"\\;").replace(b",", b"\\,")
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\\n")
    return data.translate(None, _CONTROL_OCTETS).split(_APART) if texts else []


def _fold_all(lines: Sequence[bytes]) -> list[bytes]:
    r"""``[fold_line(x.decode()).encode() for x in lines]`` for UTF-8 ``lines``, folded at once.

    The lines are joined by an octet UTF-8 never holds, and each fold of :func:`fold_line`
    is made for every line at once: the ``k``-th cut of all lines that still need one,
    moved back off a UTF-8 sequence and a backslash escape as :func:`fold_line` moves it;
    then one insertion of every ``CRLF SPACE`` and line end, and one split.  The cuts are
    as many array steps as the longest line has folds, not a step per line.

    >>> _fold_all([b"SUMMARY:" + b"x" * 80, b"UID:1"])[0].split(b"\r\n")[1]
    b' xxxxxxxxxxxxx'
    """
    if not lines:
        return []
    octets = np.frombuffer(_APART.join([*lines, b""]), dtype=np.uint8)  # each ends in it
    ends = np.flatnonzero(octets == _APART[0])
    starts = np.r_[0, ends[:-1] + 1]
    cuts: list[NDArray[np.intp]] = []
    folding = ends - starts > 75
    pos, end, limit = starts[folding], ends[folding], 75
    while len(pos):
        cut = pos + limit  # inside the line: it has more than ``limit`` octets left
        inside = octets[cut] & 0xC0 == 0x80
        while inside.any():  # inside a UTF-8 sequence: back to its first byte
            cut = cut - inside
            inside = octets[cut] & 0xC0 == 0x80
        run = cut
        escaped = (run > pos) & (octets[run - 1] == 0x5C)
        while escaped.any():  # the backslashes just before the fold
            run = run - escaped
            escaped = (run > pos) & (octets[run - 1] == 0x5C)
        cut = cut - (cut - run) % 2  # the last one starts an escape: keep it with its letter
        cuts.append(cut)
        pos, limit = cut, 74  # a continuation line starts with a space
        going = end - pos > limit
        pos, end = pos[going], end[going]
    folds = np.concatenate([np.zeros(0, dtype=np.intp), *cuts])
    at = np.concatenate([np.repeat(folds, 3), np.repeat(ends, 2)])
    added = np.concatenate(
        [
            np.tile(np.frombuffer(b"\r\n ", dtype=np.uint8), len(folds)),
            np.tile(np.frombuffer(b"\r\n", dtype=np.uint8), len(ends)),
        ]
    )
    # np.insert puts what goes before the same octet in the order given (a stable sort)
    out: list[bytes] = np.insert(octets, at, added).tobytes().split(_APART)
    out.pop()  # after the last separator: nothing
    return out


def _email(text: str) -> str:
    """An address without line breaks or control characters (the ATTENDEE line's)."""
    return text if text.isprintable() else _CONTROL.sub("", _BREAK.sub("", text))


def _param(text: str) -> str:
    """A quoted parameter value (RFC 5545 §3.2): no quotes or control characters inside."""
    if not text.isprintable():  # printable text has no break or control character
        text = _CONTROL.sub("", _BREAK.sub(" ", text))
    return '"' + text.replace('"', "'") + '"'


def fold_line(line: str) -> str:
    r"""A content line folded at 75 octets (RFC 5545 §3.1), ending in CRLF.

    Folds fall between characters, never inside a UTF-8 sequence or a backslash escape.

    >>> fold_line("SUMMARY:" + "x" * 80).split("\r\n")[1]
    ' xxxxxxxxxxxxx'
    """
    if line.isascii():
        size = len(line)
        if size <= 75:
            return line + "\r\n"
        cuts = range(75, size, 74)
        if "\\" not in {line[cut - 1] for cut in cuts}:  # no escape at a fold: every line full
            return line[:75] + "".join(["\r\n " + line[cut : cut + 74] for cut in cuts]) + "\r\n"
    data = line.encode("utf-8")  # half of a character raises: the writer's caller names it
    size = len(data)
    if size <= 75:
        return line + "\r\n"
    parts: list[bytes] = []
    pos, limit = 0, 75
    while size - pos > limit:
        cut = pos + limit
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 sequence: back to its first byte
            cut -= 1
        run = cut
        while run > pos and data[run - 1] == 0x5C:  # backslashes just before the fold
            run -= 1
        if (cut - run) % 2:  # the last one starts an escape: keep it with its letter
            cut -= 1
        parts.append(data[pos:cut])
        pos, limit = cut, 74  # a continuation line starts with a space
    parts.append(data[pos:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _zone_key(moment: dt.datetime) -> str:
    zone = moment.tzinfo
    return str(getattr(zone, "key", None) or zone)


@functools.cache
def _vtimezone(tzid: str, first_year: int, last_year: int) -> str:
    """The ``VTIMEZONE`` of ``tzid`` for the event's years, as text (built once per zone)."""
    zone = zoneinfo.ZoneInfo(tzid)
    start = dt.datetime(first_year, 1, 1, 12)
    offsets = {
        (start + dt.timedelta(days=d)).replace(tzinfo=zone).utcoffset()
        for d in range(0, (last_year - first_year + 1) * 366, 7)
    }
    if len(offsets) == 1:  # a fixed offset (all of Indonesia): one STANDARD rule says it all
        (offset,) = offsets
        assert offset is not None
        minutes = int(offset.total_seconds()) // 60
        sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
        text = f"{sign}{minutes // 60:02d}{minutes % 60:02d}"
        abbreviation = start.replace(tzinfo=zone).tzname() or text
        lines = [
            "BEGIN:VTIMEZONE",
            f"TZID:{escape_text(tzid)}",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            f"TZOFFSETFROM:{text}",
            f"TZOFFSETTO:{text}",
            f"TZNAME:{escape_text(abbreviation)}",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
        return "".join(fold_line(x) for x in lines)
    icalendar = require("icalendar", extra="ics", feature=_FEATURE)
    component = icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )
    data: bytes = component.to_ical()
    return data.decode("utf-8")


class _Writer:
    """Builds calendars; caches each participant's and each time's text (the speed is there).

    The group path's writer (:mod:`matchmaker.export.groups`) extends it.
    """

    def __init__(
        self,
        mission: Mission | GroupMission | None,
        event: str,
        lang: str,
        stamp: dt.datetime | None,
        first: Any,
    ) -> None:
        self.mission, self.event_name, self.lang = mission, event, lang
        moment = stamp or first or dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        self.stamp = f"DTSTAMP:{_utc(moment)}\r\n"
        self.venue = (mission.venue if mission else None) or ""
        self.meeting_with = label("meeting_with", lang)
        self.table_word = label("table", lang)
        self.offers_word, self.needs_word = label("partner_offers", lang), label("partner_needs", lang)
        self.people: dict[str, tuple[str, str, str]] = {}
        self.times: dict[dt.datetime, str] = {}
        self.places: dict[str, str] = {}
        self.blocks: dict[tuple[str, str, int, bool, str], str] = {}
        self.commodities: dict[tuple[str, str], str] = {}

    def person(self, pid: str) -> tuple[str, str, str]:
        """Display name, SUMMARY and DESCRIPTION lines of a meeting with ``pid``, its ATTENDEE line."""
        found = self.people.get(pid)
        if found is None:
            found = self.people[pid] = self._person(pid)
        return found

    def _person(self, pid: str) -> tuple[str, str, str]:
        mission = self.mission
        if mission is None or pid not in mission:
            name, lines, email = pid, [pid], ""
        else:
            p = mission[pid]
            name = p.name
            lines = [f"{p.name} ({p.id}), {p.city + ', ' if p.city else ''}{p.province}"]
            if p.contact or p.phone:
                lines.append(", ".join(x for x in (p.contact, display_phone(p.phone, p.country)) if x))
            lines += self._trade(p)
            email = _email(p.email or "").strip()
        about = fold_line(f"SUMMARY:{escape_text(self.meeting_with)} {escape_text(name)}") + fold_line(
            "DESCRIPTION:" + escape_text("\n".join(lines))
        )
        attendee = fold_line(f"ATTENDEE;CN={_param(name)}:mailto:{email}") if email else ""
        return name, about, attendee

    def _trade(self, p: Any) -> list[str]:
        """The "offers: ..." and "needs: ..." lines of a participant (one name per commodity,
        as the report and the summary name it; each commodity's name looked up once)."""
        text = "".join(self._trade_pieces([p])[1])  # "\nOffers: a, b\nNeeds: c", or ""
        return text[1:].split("\n") if text else []  # joined by "\n" again: the same text

    def texts_of(self, pids: Sequence[str]) -> tuple[list[bytes], list[bytes], list[bytes]]:
        """For each of ``pids``, what :meth:`person` gives after the name (SUMMARY and
        DESCRIPTION lines, ATTENDEE line), and the escaped name, all as UTF-8; the same
        texts, made for all at once.

        The texts are escaped in one pass over all of them (:func:`_escape_all`) and folded
        in one (:func:`_fold_all`), and the commodity names of everyone's trade lines are
        looked up in one pass over all lines; the calendars of the first export
        (:func:`_publish`) use it.
        """
        mission = self.mission
        by_id = {} if mission is None else {p.id: p for p in mission}
        people = list(map(by_id.get, pids))
        names = [pid if p is None else p.name for pid, p in zip(pids, people, strict=True)]
        known = [k for k, p in enumerate(people) if p is not None]
        # Each description as pieces: its first lines (one text per participant), then its
        # trade lines' pieces (_trade_pieces), each piece keyed by its participant; one
        # stable sort by participant puts them in order, and a participant's description
        # is one join of its slice.  No list, tuple or generator per participant or line
        # is kept (the garbage collector's collections follow the tracked objects kept).
        heads = [pid if p is None else self._head(p) for pid, p in zip(pids, people, strict=True)]
        owner, pieces = self._trade_pieces([people[k] for k in known])
        owner = np.concatenate([np.arange(len(pids)), np.asarray(known, dtype=np.intp)[owner]])
        order = np.argsort(owner, kind="stable")
        laid: list[str] = _objects([*heads, *pieces])[order].tolist()
        ends = np.cumsum(np.bincount(owner, minlength=len(pids))).tolist()
        texts = list(map("".join, map(laid.__getitem__, map(slice, [0, *ends[:-1]], ends))))
        emails = ["" if p is None else _email(p.email or "").strip() for p in people]
        escaped = _escape_all(names)
        summary = _encode(f"SUMMARY:{escape_text(self.meeting_with)} ")
        lines: list[bytes] = [b""] * (2 * len(pids))  # each one's SUMMARY, then its DESCRIPTION
        lines[0::2] = [summary + name for name in escaped]
        lines[1::2] = [b"DESCRIPTION:" + text for text in _escape_all(texts)]
        folded = _fold_all(lines)
        about = list(map(operator.add, folded[0::2], folded[1::2]))
        mailed = [k for k, email in enumerate(emails) if email]
        attendees = _objects([b""] * len(pids))
        attendees[mailed] = _objects(
            _fold_all([_encode(f"ATTENDEE;CN={_param(names[k])}:mailto:{emails[k]}") for k in mailed])
        )
        return about, attendees.tolist(), escaped

    def _head(self, p: Any) -> str:
        """A participant's first description lines: name, id and place, then contact and phone."""
        head = f"{p.name} ({p.id}), {p.city + ', ' if p.city else ''}{p.province}"
        if p.contact or p.phone:
            contact, phone = p.contact, display_phone(p.phone, p.country)
            head += "\n" + (f"{contact}, {phone}" if contact and phone else contact or phone)
        return head

    def _trade_pieces(self, people: Sequence[Any]) -> tuple[NDArray[np.intp], list[str]]:
        """The pieces of everyone's trade lines ("\\nOffers: ", a name, ", ", a name, ...,
        then the needs alike), in order, and the position in ``people`` each belongs to:
        what :meth:`_trade` gives, made over all lines at once.

        Each commodity is named once (cached in the writer, by system and code); a name a
        participant lists twice on a side is written once (as ``dict.fromkeys`` keeps it).
        """
        cache = self.commodities
        owners: list[NDArray[np.intp]] = []
        parts: list[str] = []
        for word, side in ((self.offers_word, "offers"), (self.needs_word, "needs")):
            lists = list(map(operator.attrgetter(side), people))
            counts = np.fromiter(map(len, lists), dtype=np.intp, count=len(lists))
            flat = list(itertools.chain.from_iterable(lists))
            if not flat:
                continue
            keys = [line.system + ":" + line.code for line in flat]  # strings: not tracked
            named: dict[str, str] = {}
            for key, line in dict(zip(keys, flat, strict=True)).items():  # a line per key
                pair = (line.system, line.code)  # a commodity's name depends on these only
                if pair not in cache:
                    cache[pair] = commodity_name(line, self.lang)
                named[key] = cache[pair]
            names = list(map(named.__getitem__, keys))
            number = {name: n for n, name in enumerate(dict.fromkeys(names))}
            who = np.repeat(np.arange(len(lists)), counts)
            both = who * len(number) + np.fromiter(
                map(number.__getitem__, names), dtype=np.intp, count=len(names)
            )
            _, firsts = np.unique(both, return_index=True)  # each (participant, name)'s first
            kept = np.zeros(len(names), dtype=bool)
            kept[firsts] = True
            kept_at = np.flatnonzero(kept)
            starts = np.r_[True, who[kept_at][1:] != who[kept_at][:-1]]
            between = _objects([", "] * len(kept_at))
            between[starts] = "\n" + word + ": "
            laid = np.empty((len(kept_at), 2), dtype=object)
            laid[:, 0] = between
            laid[:, 1] = _objects(names)[kept_at]
            owners.append(np.repeat(who[kept_at], 2))
            parts += laid.ravel().tolist()
        if not owners:
            return np.zeros(0, dtype=np.intp), []
        return np.concatenate(owners), parts

    def time(self, moment: dt.datetime) -> str:
        found = self.times.get(moment)
        if found is None:
            found = self.times[moment] = f"TZID={_zone_key(moment)}:{moment.strftime('%Y%m%dT%H%M%S')}\r\n"
        return found

    def place(self, table: str) -> str:
        found = self.places.get(table)
        if found is None:
            where = f"{self.table_word} {table}"
            text = f"{self.venue} — {where}" if self.venue else where
            found = self.places[table] = fold_line("LOCATION:" + escape_text(text))
        return found

    def block(self, m: _Meeting, sequence: int, cancelled: bool) -> str:
        """The lines of a meeting that both participants' calendars share (built once per meeting
        and place: a team's LOCATION names its representative, which its partner's does not)."""
        key = (m.a, m.b, sequence, cancelled, m.table)
        found = self.blocks.get(key)
        if found is None:
            found = self.blocks[key] = "".join(
                (
                    f"UID:{meeting_uid(self.event_name, m.a, m.b)}\r\n",
                    self.stamp,
                    f"SEQUENCE:{sequence}\r\nSTATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}\r\n",
                    "DTSTART;",
                    self.time(m.start),
                    "DTEND;",
                    self.time(m.end),
                    self.place(m.table),
                    self.person(m.a)[2],
                    self.person(m.b)[2],
                )
            )
        return found

    def calendar(
        self, pid: str, events: Sequence[tuple[_Meeting, int]], method: str, *, cancelled: bool
    ) -> bytes:
        name = self.person(pid)[0]
        body = [
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//matchmaker//trade mission agenda//EN\r\n"
            f"CALSCALE:GREGORIAN\r\nMETHOD:{method}\r\n"
            + fold_line(f"X-WR-CALNAME:{escape_text(self.event_name)}: {escape_text(name)}")
        ]
        zones: dict[dt.tzinfo | None, set[int]] = {}
        for m, sequence in events:
            body += ("BEGIN:VEVENT\r\n", self.block(m, sequence, cancelled), self.person(m.partner(pid))[1])
            body.append("END:VEVENT\r\n")
            zones.setdefault(m.start.tzinfo, set()).add(m.start.year)
        for zone, years in zones.items():
            body.append(_vtimezone(str(getattr(zone, "key", None) or zone), min(years), max(years)))
        body.append("END:VCALENDAR\r\n")
        return "".join(body).encode("utf-8")


def _sent(schedule: Any) -> dict[str, list[_Meeting]]:
    """Each participant's placed meetings in time order (one pass over the schedule)."""
    out: dict[str, list[_Meeting]] = {}
    for m in schedule.meetings:  # by slot, then table
        out.setdefault(m.a, []).append(m)
        out.setdefault(m.b, []).append(m)
    return out


_SEQUENCE = re.compile(rb"^UID:(?P<uid>[^\r\n]+)\r\n(?:[^\r\n]*\r\n)*?SEQUENCE:(?P<seq>\d+)", re.MULTILINE)


def _sequences(files: Iterable[Path]) -> dict[str, int]:
    """The highest SEQUENCE per UID in calendars written earlier (our own layout: UID, DTSTAMP, SEQUENCE)."""
    out: dict[str, int] = {}
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for found in _SEQUENCE.finditer(data):
            uid, seq = found["uid"].decode("utf-8", "replace"), int(found["seq"])
            out[uid] = max(seq, out.get(uid, seq))
    return out


def _schedule_of(value: Any) -> Any:
    return getattr(value, "schedule", value)


def _event_of(schedule: Any, mission: Mission | None, lang: str) -> tuple[Mission | None, str]:
    """The mission of a calendar export (given, else the schedule's) and the event's name,
    which is part of every UID; checks ``lang`` first."""
    check_language(lang)
    mission = mission or getattr(schedule, "mission", None)
    return mission, mission.name if mission else "matchmaker"


def calendar_for(
    schedule: Schedule,
    participant_id: str,
    *,
    mission: Mission | None = None,
    lang: str = "en",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The agenda of one participant as an iCalendar document (``METHOD:PUBLISH``).

    Parameters
    ----------
    schedule : Schedule
        From :func:`matchmaker.schedule`.
    participant_id : str
        Whose agenda.
    mission, lang, stamp
        As in :func:`write_calendars`.

    Returns
    -------
    bytes
        The ``.ics`` file's content.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.pipeline import run
    >>> result = run(east_java_south_sumatra_2020())
    >>> text = calendar_for(result.schedule, "JT-001").decode()
    >>> text.count("BEGIN:VEVENT") == len(result.schedule.agenda("JT-001"))
    True
    """
    mission, event = _event_of(schedule, mission, lang)
    schedule.agenda(participant_id)  # a KeyError naming an unknown participant
    first = min((m.start for m in schedule.meetings), default=None)
    writer = _Writer(mission, event, lang, stamp, first)
    events = [(m, 0) for m in _sent(schedule).get(participant_id, [])]
    return writer.calendar(participant_id, events, "PUBLISH", cancelled=False)


def write_calendars(
    schedule: Schedule,
    directory: str | Path,
    *,
    mission: Mission | None = None,
    lang: str = "en",
    stamp: dt.datetime | None = None,
    previous: Schedule | MatchmakingResult | None = None,
    sent: str | Path | None = None,
) -> list[Path]:
    """Write ``<id>.ics`` for every participant with at least one meeting; returns the paths.

    Parameters
    ----------
    schedule : Schedule
        The timetable to send.
    directory : str or Path
        Where the files go.  Other files in it are left alone:
        :func:`matchmaker.export.export_all` removes the calendars of an earlier pack
        that it no longer writes (its manifest says which files it wrote), never a file
        it did not write.
    mission : Mission, optional
        For names, contacts and the venue (default: the schedule's mission).
    lang : {"en", "id"}
        Language of the event titles.
    stamp : datetime, optional
        ``DTSTAMP`` of every event (default: the event's first slot, in UTC).
    previous : MatchmakingResult or Schedule, optional
        What was sent before.  Then the calendars are updates (``METHOD:REQUEST``; a
        meeting that moved gets the next ``SEQUENCE``) and each participant who loses
        meetings also gets ``<id>.cancel.ics`` (``METHOD:CANCEL``).  The event's name
        must be the same as before: it is part of every UID.
    sent : str or Path, optional
        The folder of the calendars sent before, whose ``SEQUENCE`` numbers are counted
        on from (default: ``directory``; :func:`~matchmaker.export.export_all` builds its
        pack in a new folder and passes the old pack's ``ics/``).

    Examples
    --------
    >>> import tempfile
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.pipeline import run
    >>> result = run(east_java_south_sumatra_2020())
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = write_calendars(result.schedule, folder)
    ...     again = write_calendars(result.schedule, folder, previous=result)
    >>> len(first) == len(again), sorted(p.suffixes for p in again)[0]
    (True, ['.ics'])
    """
    mission, event = _event_of(schedule, mission, lang)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    placed_slots = np.unique(np.asarray(schedule.slot)[np.asarray(schedule.slot) >= 0]).tolist()
    slots = [schedule.plan.slots[s] for s in placed_slots]
    years: dict[str, set[int]] = {}
    for x in slots:  # a zone that needs icalendar says so before any file is written
        years.setdefault(_zone_key(x.start), set()).add(x.start.year)
    for tzid, span in years.items():
        _vtimezone(tzid, min(span), max(span))
    first = min((x.start for x in slots), default=None)
    if previous is None:  # from the arrays: no object per meeting (see _publish)
        return _publish(schedule, out, _Writer(mission, event, lang, stamp, first))
    # An update of what was sent before.
    now = _sent(schedule)
    old = _schedule_of(previous)
    before = _sent(old)
    old_sequence = _sequences(Path(sent if sent is not None else out).glob("*.ics"))
    if first is None:
        first = min((m.start for m in old.meetings), default=None)
    old_mission = getattr(previous, "mission", None) or getattr(old, "mission", None)
    if mission is not None and old_mission is not None:
        # a participant who left is still named in the cancellations sent to them
        gone = [p for p in old_mission if p.id not in mission]
        if gone:
            mission = mission.replace(participants=(*mission.participants, *gone))
    writer = _Writer(mission, event, lang, stamp, first)
    method = "REQUEST"
    written: list[str] = []
    order = list(dict.fromkeys([*now, *before]))
    names = file_names(order)

    def write(base: str, suffix: str, data: bytes) -> None:
        path = os.path.join(out, base + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        written.append(path)

    for pid in order:
        meetings = now.get(pid, [])
        base = names[pid]
        old_of = {(m.a, m.b): m for m in before.get(pid, ())}
        if meetings:
            events = []
            for m in meetings:
                seq = old_sequence.get(meeting_uid(event, m.a, m.b), 0) if old_sequence else 0
                was = old_of.get((m.a, m.b)) if old_of else None
                if was is not None and (was.start, was.end, was.table) != (m.start, m.end, m.table):
                    seq += 1  # moved: the calendar replaces the entry it holds
                events.append((m, seq))
            write(base, ".ics", writer.calendar(pid, events, method, cancelled=False))
        kept = {(m.a, m.b) for m in meetings}
        dropped = [
            (m, old_sequence.get(meeting_uid(event, m.a, m.b), 0) + 1)
            for pair, m in old_of.items()
            if pair not in kept
        ]
        if dropped:
            write(base, ".cancel.ics", writer.calendar(pid, dropped, "CANCEL", cancelled=True))
    return [Path(p) for p in written]


def _publish(schedule: Any, out: Path, writer: _Writer) -> list[Path]:
    """A first export (``METHOD:PUBLISH``, every ``SEQUENCE`` 0) from the schedule's arrays.

    The same files, byte for byte, as the general path (:meth:`_Writer.calendar`, what
    :func:`calendar_for` writes) builds from ``schedule.meetings``, but without an
    object per meeting: texts are made once per slot, table and participant (the
    participants' all at once, :meth:`_Writer.texts_of`), the lines a meeting's two
    calendars share are one join per meeting, and each calendar is one join of a slice
    of all calendars' pieces.  Only the UID (a SHA-256 of the pair) is a step per meeting.
    """
    slot, table = np.asarray(schedule.slot), np.asarray(schedule.table)
    placed = np.flatnonzero(slot >= 0)
    placed = placed[np.lexsort((table[placed], slot[placed]))]  # by slot, then table
    n_a = len(schedule.row_ids)
    ids = (*schedule.row_ids, *schedule.col_ids)
    pairs = np.asarray(schedule.pairs, dtype=np.intp).reshape(-1, 2)
    a_of = pairs[placed, 0]
    b_of = n_a + pairs[placed, 1]
    s_of, t_of = slot[placed].astype(np.intp), table[placed].astype(np.intp)
    slots, labels = schedule.plan.slots, schedule.table_labels
    # Every text below is encoded once, where it is made: a file is then one join of bytes
    # (UTF-8 encodes character by character, so the pieces' bytes are the whole text's).
    head = writer.stamp + "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\n"
    at = _encoded(
        [f"@matchmaker\r\n{head}DTSTART;{writer.time(x.start)}DTEND;{writer.time(x.end)}" for x in slots]
    )
    place = _encoded([writer.place(t) for t in labels])
    present = np.unique(np.concatenate([a_of, b_of]))  # only those with a meeting
    about, attendees, escaped = writer.texts_of([ids[v] for v in present.tolist()])
    about_of, attendee_of = _objects([b""] * len(ids)), _objects([b""] * len(ids))
    about_of[present] = np.add(_objects(about), _one(b"END:VEVENT\r\n"))
    attendee_of[present] = _objects(attendees)
    # A meeting's UID: the SHA-256 of "event\x1frow\x1fcol" (meeting_uid), each id encoded
    # once.  The hashes are the one step per meeting, made by C-level maps (no bytecode
    # per meeting); the hex of the digests' first halves is one hexlify of all of them.
    prefix = (writer.event_name + "\x1f").encode("utf-8")
    encoded = _objects([pid.encode("utf-8") for pid in ids])
    row_part = encoded.copy()
    rows = np.unique(a_of)
    row_part[rows] = np.add(np.add(_one(prefix), encoded[rows]), _one(b"\x1f"))
    keys: list[bytes] = np.add(row_part[a_of], encoded[b_of]).tolist()
    digests = b"".join(map(_DIGEST, map(hashlib.sha256, keys)))
    halves = np.frombuffer(digests, dtype=np.uint8).reshape(-1, 32)[:, :16]
    uids: list[bytes] = np.frombuffer(hexlify(halves.tobytes()), dtype="S32").tolist()
    # The lines both participants' calendars share: one join per meeting.
    shared = _objects(
        list(
            map(
                b"".join,
                zip(
                    itertools.repeat(b"BEGIN:VEVENT\r\nUID:mm-"),
                    uids,
                    at[s_of].tolist(),
                    place[t_of].tolist(),
                    attendee_of[a_of].tolist(),
                    attendee_of[b_of].tolist(),
                ),
            )
        )
    )
    # Each participant's events in time order (its own lines, then its partner's).  The
    # calendars' arrays below (owners, first, count, titles, closing, the pieces) are in
    # order of id; only the files are written in order of their participant's first
    # meeting (chronological, order, written and the slices).
    who = np.column_stack([a_of, b_of]).ravel()
    partner = np.column_stack([b_of, a_of]).ravel()
    by_who = np.argsort(who, kind="stable")
    owners, first, count = np.unique(who[by_who], return_index=True, return_counts=True)
    chronological = np.argsort(by_who[first], kind="stable")
    order = [ids[v] for v in owners[chronological].tolist()]
    files = file_names(order)
    event = escape_text(writer.event_name)
    titles = np.add(
        _one(_encode(f"X-WR-CALNAME:{event}: ")), _objects(escaped)[np.searchsorted(present, owners)]
    )
    # The time zones (and years) of a participant's meetings, in the order they first occur.
    zone_of = [(x.start.tzinfo, x.start.year) for x in slots]
    used = {zone_of[s] for s in np.unique(s_of).tolist()}
    if len(used) == 1:  # then every calendar's
        closing = _one(_encode(_zones(list(used))))
    else:
        closing = _encoded(
            [
                _zones([zone_of[s] for s in s_of[by_who[start : start + n] // 2].tolist()])
                for start, n in zip(first.tolist(), count.tolist(), strict=True)
            ]
        )
    # All calendars' pieces in one array, each calendar's side by side: what opens it, its
    # title, two pieces per event (the shared lines, the partner's lines), what closes it.
    # A calendar is then one join of its slice; nothing is added to a piece first (such
    # copies, a calendar's opening to its first event and its end to its last, cost a
    # sixth of the calendars' size in fresh memory).
    calendar = _encode(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//matchmaker//trade mission agenda//EN\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
    )
    starts = 2 * first + 3 * np.arange(len(owners))
    ends = starts + 2 * count + 3
    at_event = 2 * np.arange(len(who)) + np.repeat(starts - 2 * first + 2, count)
    laid = np.empty(int(ends[-1]) if len(ends) else 0, dtype=object)
    laid[starts] = _one(calendar)
    laid[starts + 1] = _objects(_fold_all(titles.tolist()))
    laid[at_event] = shared[by_who // 2]
    laid[at_event + 1] = about_of[partner[by_who]]
    laid[ends - 1] = closing
    pieces: list[bytes] = laid.tolist()
    written = [files[pid] + ".ics" for pid in order]
    # each calendar's bytes, joined as it is written (one calendar's bytes alive at a time)
    calendars = map(
        b"".join,
        map(pieces.__getitem__, map(slice, starts[chronological].tolist(), ends[chronological].tolist())),
    )
    with _Folder(out) as folder:
        for name, data in zip(written, calendars, strict=True):
            folder.write(name, data)
    # A child path without parsing its folder again (that cost more than writing the file);
    # pathlib's own shortcut where this Python has it.
    child = getattr(out, "_make_child_relpath", out.joinpath)
    # The paths are the only objects the garbage collector tracks that this function makes
    # in bulk (two per file); the events' pieces, a list referring to every event's bytes,
    # are dropped first, so that the collections the paths trigger do not traverse them
    # (about 50 ms of collections at 19,067 files; 7 ms without them).  The object arrays
    # are not tracked by the collector; they go too, as they hold the same bytes alive, and
    # so does the map that joined the calendars (it holds the pieces' list).
    del pieces, laid, shared, calendars
    return [child(name) for name in written]


def _objects(values: Sequence[object]) -> NDArray[np.object_]:
    """A NumPy array of the same Python objects (taken by whole index arrays)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _one(value: bytes) -> NDArray[np.object_]:
    """``value`` as a 0-d object array, to add to each of an object array's bytes: a bare
    ``bytes`` operand would become a NumPy ``S`` scalar, which drops trailing NULs."""
    out = np.empty((), dtype=object)
    out[()] = value
    return out


def _encode(text: str) -> bytes:
    """``text`` as the calendars' bytes: UTF-8.  Half of a character (a lone surrogate,
    which UTF-8 cannot hold) raises, as in every other format, and ``export_all`` names
    whose text holds it; it was written as ``?``, so only the calendars went out."""
    return text.encode("utf-8")


def _encoded(texts: Sequence[str]) -> NDArray[np.object_]:
    """:func:`_encode` of each of ``texts``, as a NumPy array (see :func:`_objects`)."""
    return _objects(list(map(_encode, texts)))


def _zones(zones_years: list[tuple[dt.tzinfo | None, int]]) -> str:
    """The ``VTIMEZONE`` blocks of a calendar's meetings (zone and year of each) and its end."""
    zones: dict[dt.tzinfo | None, set[int]] = {}
    for zone, year in zones_years:
        zones.setdefault(zone, set()).add(year)
    texts = [_vtimezone(str(getattr(zone, "key", None) or zone), min(y), max(y)) for zone, y in zones.items()]
    return "".join(texts) + "END:VCALENDAR\r\n"


#: The digest of a hash object (the UIDs' SHA-256, by ``map``).
_DIGEST = operator.methodcaller("digest")

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


class _Folder:
    """Writes files into one folder without a buffered file object per file, and, where the
    system allows, by name relative to the open folder (no path to look up each time):
    the file system's share of thousands of small calendars."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.prefix = os.path.join(self.path, "")
        self.fd: int | None = None

    def __enter__(self) -> _Folder:
        if os.open in os.supports_dir_fd:
            self.fd = os.open(self.path, os.O_RDONLY)
        return self

    def __exit__(self, *_: object) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def write(self, name: str, data: bytes) -> None:
        """Write ``data`` to the file ``name`` in the folder."""
        if self.fd is not None:
            fd = os.open(name, _CREATE, 0o666, dir_fd=self.fd)
        else:
            fd = os.open(self.prefix + name, _CREATE, 0o666)
        try:
            done = os.write(fd, data)
            if done < len(data):  # a short write (rare to a file): the rest, until done
                view = memoryview(data)[done:]
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
