"""Agendas to send: each participant's meetings, with partner contact and reason.

Times follow one rule (:func:`~matchmaker.model.groups.meeting_zone`): a meeting at the
venue (a table) is in the event's zone, for both sides of the table alike; an online
meeting (a link) in the participant's own zone.  Every time is labelled with its zone
(:func:`~matchmaker.reporting.numbers.format_zone`: ``WIB``, ``WITA``, ``WIT``, else
``UTC+8``), so an agenda that mixes the two says which is which.

One place builds the agenda lines (:func:`agenda_lines`) that the HTML report, the printable
agendas (``agendas.html``, one page per participant with a meeting), the text messages
(``messages/<id>.txt``, short lines for WhatsApp or SMS; one without a meeting is told
kindly that none could be arranged) and ``contacts.csv`` (for a bulk-message tool) all
show.  A line carries its meeting's score for the organisers' files; the agendas and
messages participants receive leave it out.  Nothing here uses the network.

Phone numbers are written in the international form ``+62…`` (:func:`normalise_phone`);
a number that cannot be read is kept as given in ``contacts.csv`` with a note, never dropped.

The messages, ``contacts.csv`` and the printable agendas take a mission of two delegations
(:class:`~matchmaker.model.Mission`) or of the group path
(:class:`~matchmaker.model.groups.GroupMission`, whose lines
:func:`matchmaker.export.groups.group_agenda_lines` builds): an :class:`AgendaLine` can
also be an online meeting (its link instead of a table) or a group meeting (its other
participants in ``members``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from matchmaker.model.groups import meeting_zone
from matchmaker.model.mission import Mission
from matchmaker.model.participant import Participant
from matchmaker.reference.provinces import province_timezone
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import format_clock, format_count, format_zone
from matchmaker.reporting.reasons import top_reason

if TYPE_CHECKING:  # types only
    from matchmaker.export.records import Records
    from matchmaker.model.groups import GroupMission
    from matchmaker.pipeline import MatchmakingResult
    from matchmaker.scoring.scores import Explanation

__all__ = [
    "CONTACT_COLUMNS",
    "CONTACT_HEADERS_ID",
    "REASON_LIMIT",
    "AgendaLine",
    "AgendaPartner",
    "agenda_line",
    "agenda_lines",
    "contact_rows",
    "display_phone",
    "file_names",
    "format_day",
    "local_zone",
    "meeting_reasons",
    "message_head",
    "message_names",
    "normalise_phone",
    "pair_reasons",
    "partner_lines",
    "text_agenda",
    "write_contact_rows",
    "write_contacts",
    "write_messages",
]

#: Up to this many meetings, each agenda line says why the pair was matched (one
#: :meth:`Scores.explain` per meeting, about 1–2 ms each); above it the reason is left out.
REASON_LIMIT = 5_000

_DIGITS = re.compile(r"\d+")
_SEPARATORS = re.compile(r"[\s().\-/]+")
_NOT_IN_NAME = re.compile(r"[^\w.-]+")  # what a file name does not keep of an id (file_names)


def normalise_phone(text: str, *, country: str = "ID") -> str:
    """A phone number in international form: ``+62`` and the digits, no spaces.

    Indonesian numbers may be written with the trunk ``0`` (``0812-3456-7890``,
    ``(031) 5678 910``), with ``62`` or ``+62`` in front, or with ``0062``; spaces,
    dots, dashes, slashes and brackets are ignored.  A number with another country code
    (``+65 6123 4567``) is kept in its country.

    Raises
    ------
    ValueError
        When the text is not a phone number (letters, too few or too many digits),
        naming the text and the expected form.

    Examples
    --------
    >>> normalise_phone("0812-3456-7890"), normalise_phone("+62 812 3456 7890")
    ('+6281234567890', '+6281234567890')
    >>> normalise_phone("(031) 567 8910"), normalise_phone("0062 21 5551234")
    ('+62315678910', '+62215551234')
    >>> normalise_phone("+65 6123 4567")
    '+6561234567'
    >>> normalise_phone("0812")
    Traceback (most recent call last):
    ...
    ValueError: '0812' is not a phone number: too few digits; write it as 0812-3456-7890 or +62 812-3456-7890
    """
    if 8 <= len(text) <= 14 and text[0] == "0" and text[1] != "0" and text.isdigit() and text.isascii():
        # digits only, with the trunk 0 (0812…, as most are written): what the rules give
        # for any country (7 to 13 national digits), without their steps; the calendars
        # read every participant's number
        return "+62" + text[1:]
    return _normalise_phone(text, country)


def _normalise_phone(text: str, country: str) -> str:
    """The rules of :func:`normalise_phone`, for any text."""
    hint = "write it as 0812-3456-7890 or +62 812-3456-7890"
    cleaned = _SEPARATORS.sub("", text.strip())
    if not cleaned:
        raise ValueError(f"{text!r} is not a phone number: it is empty; {hint}")
    plus = cleaned.startswith("+")
    digits = cleaned[1:] if plus else cleaned
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(
            f"{text!r} is not a phone number: only digits, spaces and + - ( ) . / may appear; {hint}"
        )
    if not plus and digits.startswith("00"):  # international call prefix
        digits, plus = digits[2:], True
    if plus or (digits.startswith("62") and len(digits) >= 10):
        full = digits
    elif digits.startswith("0"):
        full = "62" + digits[1:]
    elif country == "ID" and digits.startswith("8"):  # a mobile number without its trunk 0
        full = "62" + digits
    else:
        raise ValueError(f"{text!r} is not a phone number: no trunk 0 or country code; {hint}")
    national = full[2:] if full.startswith("62") else full
    if full.startswith("62") and national.startswith("0"):
        national = national.lstrip("0")
        full = "62" + national
    if len(national) < 7:
        raise ValueError(f"{text!r} is not a phone number: too few digits; {hint}")
    if len(full) > 15:  # E.164 allows 15 digits at most
        raise ValueError(f"{text!r} is not a phone number: too many digits; {hint}")
    return "+" + full


def local_zone(participant: Participant, default: str) -> str:
    """The IANA time zone a participant lives in: their province's, else ``default`` (the event's).

    The province's zone is :func:`matchmaker.reference.province_timezone`, the one mapping the
    group path reads its participants' windows by.  It is not the zone of an agenda's times:
    a meeting at the venue is in the event's zone (:func:`~matchmaker.model.groups.meeting_zone`).
    """
    zone = province_timezone(participant.province) if participant.country == "ID" else None
    return zone or default


_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
}
_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
}


def format_day(day: dt.date, lang: str = "en") -> str:
    """A date as people write it: ``Wednesday 2 December 2020``, ``Rabu, 2 Desember 2020``.

    >>> format_day(dt.date(2020, 12, 2), "id")
    'Rabu, 2 Desember 2020'
    """
    check_language(lang)
    name, month = _DAYS[lang][day.weekday()], _MONTHS[lang][day.month - 1]
    return f"{name}{',' if lang == 'id' else ''} {day.day} {month} {day.year}"


@dataclass(frozen=True, kw_only=True)
class AgendaPartner:
    """Someone an agenda line names: id, name, city and how to reach them.

    ``phone`` is normalised (``+62…``) or as given when it cannot be read.
    """

    id: str
    name: str
    city: str
    contact: str
    phone: str
    email: str

    @classmethod
    def of(cls, participant: Participant | None, participant_id: str) -> AgendaPartner:
        """``participant``'s details; an id the mission does not know keeps the id as its name."""
        p = participant
        if p is None:
            return cls(id=participant_id, name=participant_id, city="", contact="", phone="", email="")
        return cls(
            id=participant_id,
            name=p.name,
            city=p.city or "",
            contact=p.contact or "",
            phone=display_phone(p.phone, p.country),
            email=p.email or "",
        )


@dataclass(frozen=True, kw_only=True)
class AgendaLine:
    """One meeting in one participant's agenda, as it is sent to them.

    ``start`` and ``end`` are in the zone the participant is shown the meeting in (``zone``
    names it; :func:`~matchmaker.model.groups.meeting_zone`: the event's at a table, the
    participant's own online);
    ``phone`` is normalised (``+62…``) or as given when it cannot be read; ``reason``
    is in the agenda's language, or empty above :data:`REASON_LIMIT` meetings.

    The group path's lines may also be ``online`` (no table: ``link``, when the
    participants gave one, is where they meet) or a group meeting: its other participants
    in ``members``, their ids and names ``; ``-joined in ``partner`` and ``partner_name``
    (as ``agendas.csv`` has them), no contact of one partner, no score and no reason.
    """

    participant: str
    meeting: str
    start: dt.datetime
    end: dt.datetime
    zone: str
    table: str
    partner: str
    partner_name: str
    partner_city: str
    contact: str
    phone: str
    email: str
    score: float | None
    reason: str
    online: bool = False
    link: str = ""
    members: tuple[AgendaPartner, ...] = ()
    #: which of the participant's representatives goes (1, 2, ...) when it has several (the
    #: group path's teams, which hold meetings at the same time); 0 otherwise
    representative: int = 0

    @property
    def partners(self) -> tuple[AgendaPartner, ...]:
        """Whom the meeting is with: a group meeting's members, else the one partner."""
        if self.members:
            return self.members
        return (AgendaPartner(**{mine: getattr(self, line) for mine, line in _PARTNER_FIELDS.items()}),)


#: :class:`AgendaPartner`'s fields and the :class:`AgendaLine` fields that hold them for
#: its one partner: one table for both ways (:attr:`AgendaLine.partners`, :func:`agenda_line`).
_PARTNER_FIELDS = {
    "id": "partner",
    "name": "partner_name",
    "city": "partner_city",
    "contact": "contact",
    "phone": "phone",
    "email": "email",
}


def agenda_line(
    participant_id: str,
    partner: AgendaPartner,
    *,
    start: dt.datetime,
    end: dt.datetime,
    table: str,
    meeting: str = "",
    score: float | None = None,
    reason: str = "",
    online: bool = False,
    link: str = "",
    members: tuple[AgendaPartner, ...] = (),
    representative: int = 0,
) -> AgendaLine:
    """The line of a meeting with ``partner``; ``start`` and ``end`` in the zone it is shown in.

    A group meeting's ``partner`` names its ``members`` together (ids and names ``; ``-joined).
    """
    return AgendaLine(
        participant=participant_id,
        meeting=meeting,
        start=start,
        end=end,
        zone=format_zone(start),
        table=table,
        **{line: getattr(partner, mine) for mine, line in _PARTNER_FIELDS.items()},
        score=score,
        reason=reason,
        online=online,
        link=link,
        members=members,
        representative=representative,
    )


def meeting_reasons(
    result: MatchmakingResult, lang: str = "en", *, limit: int = REASON_LIMIT
) -> dict[tuple[str, str, str], str]:
    """Why each placed meeting was made, in plain words, from each participant's point of view.

    Keys are ``(participant, a_id, b_id)``; the top reason of :meth:`Scores.explain`
    (:func:`matchmaker.reporting.reasons.top_reason`): the best-met need (who sells what
    to whom, one name per commodity), else a wish, else the largest other part of the
    score.  Empty when the event has more than ``limit`` meetings or the scores cannot
    explain (no mission).
    """
    check_language(lang)
    meetings = result.schedule.meetings
    scores = result.scores
    if len(meetings) > limit or getattr(scores, "mission", None) is None:
        return {}
    return pair_reasons(result.mission, scores.explain, ((m.a, m.b) for m in meetings), lang)


def pair_reasons(
    mission: Mission | GroupMission,
    explain: Callable[[str, str], Explanation],
    pairs: Iterable[tuple[str, str]],
    lang: str = "en",
) -> dict[tuple[str, str, str], str]:
    """The top reason of each pair ``(a, b)`` seen by each of the two, keyed ``(participant, a, b)``.

    ``explain`` is the scores' (:meth:`Scores.explain`, or the group path's
    :meth:`~matchmaker.groups.GroupScores.explain`); see :func:`meeting_reasons`.
    """
    out: dict[tuple[str, str, str], str] = {}
    for a, b in pairs:
        e = explain(a, b)
        for me, other in ((a, b), (b, a)):
            out[(me, a, b)] = top_reason(e, me, _asked(mission, me, other), lang)
    return out


def _find(mission: Mission | GroupMission, pid: str) -> Participant | None:
    try:
        return mission[pid]
    except KeyError:
        return None


def _asked(mission: Mission | GroupMission, me: str, partner: str) -> bool:
    """Whether ``me`` asked to meet ``partner`` (which side a one-sided wish came from)."""
    mine = _find(mission, me)
    return mine is not None and partner in (*mine.must_meet, *mine.would_like)


def display_phone(raw: str | None, country: str = "ID") -> str:
    """The number in ``+62`` form, or as given when it cannot be read ('' for none)."""
    if not raw:
        return ""
    try:
        return normalise_phone(raw, country=country)
    except ValueError:
        return raw


def agenda_lines(
    result: MatchmakingResult,
    rec: Records,
    *,
    lang: str = "en",
    reasons: Mapping[tuple[str, str, str], str] | None = None,
) -> dict[str, list[AgendaLine]]:
    """Every participant's agenda (participants without meetings get an empty list), in time order.

    Every meeting of two delegations is at a table: its times are in the event's zone for
    both sides (:func:`~matchmaker.model.groups.meeting_zone`), as the grid and calendars.
    """
    check_language(lang)
    mission: Mission = result.mission
    reasons = meeting_reasons(result, lang) if reasons is None else reasons
    event = result.schedule.plan.timezone
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    out: dict[str, list[AgendaLine]] = {p.id: [] for p in mission}
    by_key = {(r["a_id"], r["b_id"]): r for r in rec.meetings if r["status"] == "placed"}
    for m in result.schedule.meetings:
        row = by_key.get((m.a, m.b), {})
        for me in (m.a, m.b):
            partner_id = m.partner(me)
            key = meeting_zone(mission, me, online=False, event=event)
            zone = zones.get(key) or zones.setdefault(key, zoneinfo.ZoneInfo(key))
            score = row.get("score")
            out.setdefault(me, []).append(
                agenda_line(
                    me,
                    AgendaPartner.of(_find(mission, partner_id), partner_id),
                    start=m.start.astimezone(zone),
                    end=m.end.astimezone(zone),
                    table=m.table,
                    meeting=str(row.get("meeting", "")),
                    score=float(score) if isinstance(score, (int, float)) else None,
                    reason=reasons.get((me, m.a, m.b), ""),
                )
            )
    return out


_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def _one_line(text: str) -> str:
    """Text on one line: control characters and line breaks become a space."""
    return _UNSAFE.sub(" ", text).strip()


def text_agenda(
    mission: Mission | GroupMission, participant_id: str, lines: Sequence[AgendaLine], *, lang: str = "en"
) -> str:
    """A participant's agenda as a short plain-text message (WhatsApp, SMS, e-mail body).

    Times are as :func:`agenda_lines` gives them (a table's in the event's zone, a link's in
    the participant's own), each with its zone's name, one meeting per block of short lines:
    time and table (an online meeting: its link), partner, contact, reason.  A group
    meeting lists its other participants, each with their contact.  Without ``lines``,
    the message thanks the participant and says that no meeting could be arranged.
    """
    check_language(lang)
    # one without a meeting is addressed by name, without an agenda's heading or the venue: a
    # message headed "Agenda of …" with an address reads as an invitation to come
    head = message_head(
        mission, participant_id, "agenda_of" if lines else "message_to", lang, venue=bool(lines)
    )
    body: list[str] = []
    day: dt.date | None = None
    for k, line in enumerate(lines, start=1):
        if line.start.date() != day:
            day = line.start.date()
            body += ["", format_day(day, lang)]
        # 09.00 in Indonesian, as every time a person reads (reporting.numbers.format_clock)
        when = f"{format_clock(line.start, lang)}–{format_clock(line.end, lang)} {line.zone}"
        rep = f", {label('representative', lang)} {line.representative}" if line.representative else ""
        body.append(f"{k}) {when}, {_place(line, lang)}{rep}")
        # a group meeting's members as a list under its heading, each with how to reach them
        indent, more = ("   - ", "     ") if line.members else ("   ", "   ")
        if line.members:
            body.append(f"   {label('group_with', lang)}:")
        for who in line.partners:
            body += partner_lines(who, lang, indent=indent, more=more)
        if line.reason:
            body.append(f"   {label('why', lang)}: {line.reason}")
    if not lines:
        # said kindly, and without the organisers' reason (which speaks of scores and rules)
        body += ["", label("no_meeting_message", lang)]
    else:
        noun = "meeting" if lang == "en" else "pertemuan"
        body += ["", label("total_line", lang).format(n=format_count(len(lines), noun, lang=lang))]
    return "\n".join(head + body) + "\n"


def message_head(
    mission: Mission | GroupMission,
    participant_id: str,
    heading: str,
    lang: str = "en",
    *,
    venue: bool = True,
) -> list[str]:
    """The first lines of a message to a participant: the event's name (bold in WhatsApp),
    then ``heading`` (a label: ``"agenda_of"``, ``"message_to"``, ``"update_for"``) with the
    participant's name and id, then the venue when ``venue`` and the mission has one.

    One heading for the pack's messages (:func:`text_agenda`) and the event day's updates
    (:func:`matchmaker.live.messages.texts`), so that a participant knows both at a glance.

    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> m = east_java_south_sumatra_2020()
    >>> message_head(m, "JT-004", "message_to", "id", venue=False)[1]
    'Kepada CV Wijaya Kertajaya (JT-004)'
    """
    me = mission[participant_id]
    head = [
        f"*{_one_line(mission.name)}*",
        _one_line(label(heading, lang).format(name=f"{me.name} ({me.id})")),
    ]
    if mission.venue and venue:
        head.append(_one_line(mission.venue))
    return head


def partner_lines(
    who: AgendaPartner, lang: str = "en", *, indent: str = "   ", more: str = "   "
) -> list[str]:
    """The lines of a message that name a partner and how to reach them, as the pack's
    messages give them: ``Name (id), City``, then ``Contact: person, +62…, e-mail`` when
    any is known.  (The event day's updates give the same for new and moved meetings.)

    >>> p = AgendaPartner(id="SS-001", name="PT A", city="Palembang", contact="Budi", phone="+6281", email="")
    >>> partner_lines(p, "id")
    ['   PT A (SS-001), Palembang', '   Kontak: Budi, +6281']
    """
    where = f", {_one_line(who.city)}" if who.city else ""
    out = [f"{indent}{_one_line(who.name)} ({_one_line(who.id)}){where}"]
    reach = ", ".join(x for x in (_one_line(who.contact), who.phone, _one_line(who.email)) if x)
    if reach:
        out.append(f"{more}{label('contact', lang)}: {reach}")
    return out


def _place(line: AgendaLine, lang: str) -> str:
    """Where a meeting is, on one line: ``Meja 4``, or ``Daring: <link>`` for an online one."""
    if line.online:
        link = _one_line(line.link)
        return f"{label('online', lang)}: {link}" if link else label("online", lang)
    return f"{label('table', lang)} {_one_line(line.table)}"


def file_names(ids: Iterable[str]) -> dict[str, str]:
    """A file name (without suffix) for each id: readable, harmless, unique even ignoring case.

    Ids are free text: characters a file name cannot hold become ``_``, a name longer
    than 80 bytes is cut and ends in a digest of the id, and two ids that then clash get
    a short hash of the id.

    >>> file_names(["JT-001", "a/b", "a:b"])
    {'JT-001': 'JT-001', 'a/b': 'a_b', 'a:b': 'a_b-b45a9d79'}
    """
    used: set[str] = set()
    out: dict[str, str] = {}
    ids = list(ids)
    # one search over all ids: usually none holds a character to replace (then no sub per id)
    unsafe = _NOT_IN_NAME.search("".join(ids)) is not None
    for pid in ids:
        base = (_NOT_IN_NAME.sub("_", pid) if unsafe else pid).strip("._") or "participant"
        # a long id gets a digest instead of its tail: short and unique (20 characters fit in 80 bytes)
        if len(base) > 20 and len(base.encode()) > 80:
            base = (
                base.encode()[:60].decode(errors="ignore")
                + "-"
                + uuid.uuid5(uuid.NAMESPACE_URL, pid).hex[:12]
            )
        if base.casefold() in used:
            base = f"{base}-{uuid.uuid5(uuid.NAMESPACE_URL, pid).hex[:8]}"
        used.add(base.casefold())
        out[pid] = base
    return out


def message_names(mission: Mission | GroupMission) -> dict[str, str]:
    """Each participant's message file name (see :func:`file_names`)."""
    return {pid: base + ".txt" for pid, base in file_names(p.id for p in mission).items()}


def _gets_message(p: Participant, lines: Mapping[str, Sequence[object]]) -> bool:
    """Whether ``p`` is sent a message: its agenda, or word that no meeting could be
    arranged; not one who takes no meeting (``max_meetings`` 0), who is owed none."""
    return bool(lines.get(p.id)) or p.max_meetings != 0


def write_messages(
    mission: Mission | GroupMission,
    lines: Mapping[str, Sequence[AgendaLine]],
    directory: str | Path,
    *,
    lang: str = "en",
) -> list[Path]:
    """Write ``<id>.txt`` (:func:`text_agenda`) for every participant; returns the paths.

    One without a meeting is told kindly that none could be arranged (left unsent, they
    would not know whether to come); one who takes no meeting (``max_meetings`` 0) and has
    none gets no file.  Other files in ``directory`` are left alone
    (:func:`matchmaker.export.export_all` replaces an earlier pack as a whole).
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    names = message_names(mission)
    paths: list[Path] = []
    for p in mission:
        if _gets_message(p, lines):
            path = os.path.join(out, names[p.id])
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text_agenda(mission, p.id, lines.get(p.id, ()), lang=lang))
            paths.append(Path(path))
    return paths


#: Columns of ``contacts.csv`` (its headers under ``lang="en"``).
CONTACT_COLUMNS = (
    "id",
    "name",
    "side",
    "delegation",
    "contact",
    "phone",
    "wa",
    "phone_as_given",
    "email",
    "meetings",
    "message_file",
    "note",
)
#: Its headers under ``lang="id"`` (bulk-message tools let one pick the columns by name).
CONTACT_HEADERS_ID = (
    "id",
    "nama",
    "sisi",
    "delegasi",
    "kontak",
    "telepon",
    "wa",
    "telepon_tertulis",
    "email",
    "jumlah_pertemuan",
    "berkas_pesan",
    "catatan",
)


def contact_rows(
    mission: Mission | GroupMission, lines: Mapping[str, Sequence[object]], *, lang: str = "en"
) -> list[dict[str, str | int]]:
    """One row per participant for a bulk-message tool: normalised phone, e-mail, message file, notes.

    The note (why a number could not be used) is in ``lang``.  ``side`` is ``A`` or ``B``
    in a mission of two delegations; a mission of the group path has no sides, and its
    rows hold the participant's delegation there (as its shortfalls do), so that one
    template of a bulk-message tool reads both packs' files.  ``lines``: each participant's
    meetings (agenda lines, or anything counted alike; ``meetings`` is their number).
    """
    check_language(lang)
    names = message_names(mission)
    rows: list[dict[str, str | int]] = []
    for p in mission:
        note, phone = "", ""
        count = len(lines.get(p.id, ()))
        message = f"messages/{names[p.id]}" if _gets_message(p, lines) else ""
        if p.phone:
            try:
                phone = normalise_phone(p.phone, country=p.country)
            except ValueError as exc:
                note = str(exc) if lang == "en" else label("contact_unreadable", lang).format(phone=p.phone)
        elif not p.email:
            # without a meeting there is no agenda page to hand over: their message, if any
            if count:
                note = label("contact_none", lang)
            elif message:
                note = label("contact_none_no_meeting", lang).format(file=message)
            else:
                note = label("contact_none_nothing", lang)
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "side": mission.locate(p.id)[0] if isinstance(mission, Mission) else p.delegation,
                "delegation": p.delegation,
                "contact": p.contact or "",
                "phone": phone,
                "wa": phone[1:],
                "phone_as_given": p.phone or "",
                "email": p.email or "",
                "meetings": count,
                "message_file": message,
                "note": note,
            }
        )
    return rows


_E164 = re.compile(r"^\+\d{7,15}$")


def write_contacts(
    mission: Mission | GroupMission,
    lines: Mapping[str, Sequence[AgendaLine]],
    path: str | Path,
    *,
    lang: str = "en",
) -> Path:
    """Write ``contacts.csv`` (:data:`CONTACT_COLUMNS`, UTF-8, comma-separated).

    Under ``lang="id"`` the headers are :data:`CONTACT_HEADERS_ID` and the notes Indonesian;
    the file stays comma-separated without a byte-order mark in both languages: it is for
    bulk-message tools, not for Excel.

    Cells a spreadsheet would run as formulas are neutralised (an apostrophe in front),
    except a normalised phone number (``+`` and digits only), which stays as bulk-message
    tools expect it; ``wa`` holds the same number without ``+`` (the ``wa.me/`` form).
    """
    return write_contact_rows(contact_rows(mission, lines, lang=lang), path, lang=lang)


def write_contact_rows(rows: Iterable[Mapping[str, object]], path: str | Path, *, lang: str = "en") -> Path:
    """Write ``rows`` (:func:`contact_rows`' rows) as ``contacts.csv``, as :func:`write_contacts`
    does: the pack's file, and the one the event day's updates write for the participants
    they tell (:func:`matchmaker.live.messages.write_updates`), so that one bulk-message
    tool's template sends both."""
    import csv

    from matchmaker.io.cells import neutralise

    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(CONTACT_HEADERS_ID if check_language(lang) == "id" else CONTACT_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    text if c == "phone" and _E164.match(text) else neutralise(text)
                    for c in CONTACT_COLUMNS
                    for text in (str(row[c]),)
                ]
            )
    return Path(path)
