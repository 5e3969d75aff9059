"""What people receive after a re-plan: changed agendas only.

:func:`write_updates` writes one folder, atomically (a temporary folder renamed into place):

``ics/<id>.ics``
    ``METHOD:REQUEST`` with each added or moved meeting of the participant (``SEQUENCE``
    one more than last sent), and ``ics/<id>.cancel.ics``, ``METHOD:CANCEL`` with each
    cancelled one: the names of the pack's updates (:func:`matchmaker.export.ics.write_calendars`,
    :func:`~matchmaker.export.agendas.file_names`).  UIDs are
    :func:`matchmaker.export.ics.meeting_uid` of the event and the pair, so calendars
    update the entry they already have.
``messages/<id>.txt`` and ``contacts.csv``
    The message each affected participant is sent (:func:`texts`: headed as the pack's
    messages are, then its changes, a cancelled meeting with why, a new or moved one with
    the partner's contact), and the index a bulk-message tool sends them from: the pack's
    ``messages/`` and ``contacts.csv`` (the same file names, columns and headers), for
    those told only.  Without a language a message file holds both texts, Indonesian first.
``messages.csv``
    The same texts, one row per affected participant, with the same ``phone``, ``wa`` and
    ``email`` as ``contacts.csv``: in ``lang``, or in Indonesian and English side by side
    (``text_id``, ``text_en``) when no language is given.
``desk.csv``
    The next slot's table assignments, for the desk that seats people.
``changes.csv``
    Every added, cancelled and moved meeting with its reason.

With ``lang`` (``"en"`` or ``"id"``) everything a person reads is in that language: the
CSV headers and the kinds of change (:func:`~matchmaker.reporting.labels.column_label`),
the reasons (:func:`~matchmaker.reporting.reasons.change_reason`), the calendars'
LOCATION and DESCRIPTION; ``"id"`` CSVs are ``;``-separated with a byte-order mark, and
scores have a decimal comma, as the pack's (:func:`~matchmaker.reporting.labels.csv_dialect`);
``contacts.csv`` is comma-separated in both, as the pack's (it is for bulk-message tools).
Without it the files are as before languages were chosen: English headers and reasons,
commas, both texts.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from matchmaker._files import new_folder
from matchmaker.export.agendas import (
    AgendaPartner,
    contact_rows,
    file_names,
    format_day,
    message_head,
    message_names,
    partner_lines,
    write_contact_rows,
)
from matchmaker.export.ics import escape_text, fold_line, meeting_uid
from matchmaker.live.changes import Reason
from matchmaker.live.event import LiveEvent, MeetingChange, Replan
from matchmaker.model.mission import Mission
from matchmaker.reporting.labels import cell_labels, check_language, column_label, csv_dialect, label
from matchmaker.reporting.numbers import format_clock, format_number, pukul
from matchmaker.reporting.reasons import change_reason

__all__ = ["texts", "write_updates"]


def texts(event: LiveEvent, plan: Replan) -> dict[str, tuple[str, str]]:
    """``{participant id: (Indonesian message, English message)}`` for everyone the re-plan
    affects: the whole text each is sent (``messages/<id>.txt``, ``messages.csv``).

    A message starts as the pack's messages do (:func:`~matchmaker.export.agendas.message_head`:
    the event's name, whom it is for, the venue), then the day of the re-plan
    (:func:`~matchmaker.export.agendas.format_day`) and the participant's changes in the
    order of their times.  A cancelled meeting says why, from the reason the re-plan
    recorded (:attr:`MeetingChange.why`), as far as it concerns the participant and its
    partner (as the calendars give it); a new or moved meeting names the partner and how to
    reach them, as the pack's messages do (:func:`~matchmaker.export.agendas.partner_lines`).
    One recorded as a no-show is told to go to the desk if they come after all.  Times are
    as its pack gave them (:class:`_Clock`): every meeting of the event day is at a table, so
    in the event's zone, for both sides alike.

    A meeting cancelled in a slot that has begun is not told (both know: one waited there),
    unless another took its place; its calendar entry is still cancelled (:func:`write_updates`).
    The venue is left out for one left without a meeting to come (it would read as an
    invitation), unless told to go to the desk.
    """
    mission = event.mission
    told = _told(event, plan)
    zone = event.plan.zone
    day = plan.now.astimezone(zone).date()
    out: dict[str, tuple[str, str]] = {}
    for pid, items in told.items():
        items.sort(key=lambda item: item.slot)  # stable: by time, then as told
        absent = any(item.no_show for item in items)  # else the venue, for one who still meets someone
        both = []
        for lang in ("id", "en"):
            head = message_head(
                mission, pid, "update_for", lang, venue=plan.still_meets(pid) or absent
            )  # the venue is theirs to go to
            body = ["", format_day(day, lang)]
            for item in items:
                body.append(item.text[lang == "en"])
                if item.partner is not None:
                    body += partner_lines(
                        AgendaPartner.of(event.participant(item.partner), item.partner), lang
                    )
            if absent:
                body += ["", label("update_no_show", lang)]
            both.append("\n".join(head + body))
        out[pid] = (both[0], both[1])
    return dict(sorted(out.items()))


class _Told(NamedTuple):
    """One change as a participant is told it: when (its slot, for the order), the sentence
    (Indonesian, English), the partner whose contact follows it (a new or moved meeting's),
    and whether it tells the participant it was recorded a no-show."""

    slot: int
    text: tuple[str, str]
    partner: str | None = None
    no_show: bool = False


def _told(event: LiveEvent, plan: Replan) -> dict[str, list[_Told]]:
    """What each participant the re-plan affects is told, change by change (see :func:`texts`)."""
    slots = event.plan.slots
    name = _namer(event)
    clock = _Clock(event)
    lines: dict[str, list[_Told]] = {}
    replacement: dict[tuple[str, int], MeetingChange] = {}
    for c in plan.added:
        replacement[(c.a, c.new_slot or 0)] = c
        replacement[(c.b, c.new_slot or 0)] = c
    used: set[tuple[str, str, str]] = set()
    for c in plan.cancelled:
        for pid in (c.a, c.b):
            other = c.b if pid == c.a else c.a
            t = slots[c.old_slot or 0].start
            new = replacement.get((pid, c.old_slot or 0))
            if new is None and (c.old_slot or 0) < plan.first_open:
                continue
            # why, as far as it concerns the two (as the calendars give it), their names for ids;
            # one's own absence is said once, at the end, with what to do (not on every line)
            why = _own(c.why, pid)
            absent = any(r.code == "no-show" and r.values[:1] == (pid,) for r in why)
            because = [""] * 2 if absent else [f" ({_reason(event, why, lang)})" for lang in ("id", "en")]
            id_text = f"Pertemuan {clock(t, 'id')} dengan {name(other)} dibatalkan{because[0]}"
            en_text = f"Meeting {clock(t, 'en')} with {name(other)} cancelled{because[1]}"
            partner = None
            if new is not None:
                partner = new.b if pid == new.a else new.a
                id_text += f"; pengganti: {name(partner)}, meja {new.new_table}"
                en_text += f"; replacement: {name(partner)}, table {new.new_table}"
                used.add((pid, new.a, new.b))
            told = _Told(c.old_slot or 0, (id_text + ".", en_text + "."), partner, absent)
            lines.setdefault(pid, []).append(told)
    for c in plan.added:
        t = slots[c.new_slot or 0].start
        for pid in (c.a, c.b):
            if (pid, c.a, c.b) in used:
                continue
            other = c.b if pid == c.a else c.a
            # a meeting an earlier re-plan cancelled, booked again (one who turned up after all)
            back = any(r.code == "back" for r in c.why)
            text = (
                (
                    f"Pertemuan dengan {name(other)} dijadwalkan kembali: {clock(t, 'id')}, "
                    f"meja {c.new_table}.",
                    f"Meeting with {name(other)} back on: {clock(t, 'en')}, table {c.new_table}.",
                )
                if back
                else (
                    f"Pertemuan baru {clock(t, 'id')} dengan {name(other)}, meja {c.new_table}.",
                    f"New meeting {clock(t, 'en')} with {name(other)}, table {c.new_table}.",
                )
            )
            lines.setdefault(pid, []).append(_Told(c.new_slot or 0, text, other))
    for c in plan.moved:
        was, now = slots[c.old_slot or 0].start, slots[c.new_slot or 0].start
        # a meeting missed in a slot that had begun is not moved from it (it is over): it is
        # booked again, and the one who waited there is told so
        missed = c.old_slot is not None and c.old_slot < plan.first_open
        for pid in (c.a, c.b):
            other = c.b if pid == c.a else c.a
            text = (
                (
                    f"Pertemuan dengan {name(other)} (terlewat {pukul(clock(was, 'id'))}) "
                    f"dijadwalkan lagi: {clock(now, 'id')}, meja {c.new_table}.",
                    f"Meeting with {name(other)} (missed at {clock(was, 'en')}) booked "
                    f"again: {clock(now, 'en')}, table {c.new_table}.",
                )
                if missed
                else (
                    f"Pertemuan dengan {name(other)} pindah dari {clock(was, 'id')} ke "
                    f"{clock(now, 'id')}, meja {c.new_table}.",
                    f"Meeting with {name(other)} moved from {clock(was, 'en')} to "
                    f"{clock(now, 'en')}, table {c.new_table}.",
                )
            )
            lines.setdefault(pid, []).append(_Told(c.new_slot or 0, text, other))
    return lines


def _reason(event: LiveEvent, why: Sequence[Reason], lang: str) -> str:
    """A change's reasons in ``lang``: each participant by name, as the message names them;
    times as the event's clock gives them, as every meeting's.  :func:`change_reason` words them."""

    def named(r: Reason) -> Reason:
        values = tuple(event.participant(v).name if v in event else v for v in r.values)
        return Reason(r.code, values, None if r.cause is None else named(r.cause))

    return change_reason([named(r) for r in why], lang)


#: A time or a window of times as a reason holds it: ``11:00``, ``13:00-14:00``, ``2020-12-03
#: 13:00-14:00`` (the event's local time).
class _Clock:
    """Times as every participant reads them on the event day: each meeting is at a table,
    so in the event's zone for both sides (the pack's rule,
    :func:`~matchmaker.model.groups.meeting_zone`), with the date on an event of several
    days.  Reasons' times are the event's too, and are said as :func:`change_reason` writes
    them."""

    def __init__(self, event: LiveEvent) -> None:
        self.zone, self.dated = event.plan.zone, event.plan.several_days

    def __call__(self, t: dt.datetime, lang: str) -> str:
        return format_clock(t.astimezone(self.zone), lang, self.dated)


def _namer(event: LiveEvent) -> Callable[[str], str]:
    cache: dict[str, str] = {}

    def name(pid: str) -> str:
        if pid not in cache:
            cache[pid] = event.participant(pid).name
        return cache[pid]

    return name


def _utc(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _calendar(
    event: LiveEvent,
    pid: str,
    changes: Sequence[MeetingChange],
    method: str,
    stamp: dt.datetime,
    sequences: dict[tuple[str, str], int],
    lang: str | None = None,
) -> str:
    slots = event.plan.slots
    name = _namer(event)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//matchmaker//event day//EN", f"METHOD:{method}"]
    for c in changes:
        slot = slots[(c.new_slot if method == "REQUEST" else c.old_slot) or 0]
        table = c.new_table if method == "REQUEST" else c.old_table
        other = c.b if pid == c.a else c.a
        out += [
            "BEGIN:VEVENT",
            f"UID:{meeting_uid(event.name, c.a, c.b)}",
            f"SEQUENCE:{sequences.get((c.a, c.b), 0)}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(slot.start)}",
            f"DTEND:{_utc(slot.end)}",
            # as the published calendars word them (export/ics.py), so an update keeps the
            # entry's title and its venue
            f"SUMMARY:{escape_text(label('meeting_with', lang or 'en') + ' ' + name(other))}",
            f"LOCATION:{escape_text(_place(event.venue, table, lang))}",
            f"DESCRIPTION:{escape_text(change_reason(_own(c.why, pid), lang or 'en'))}",
            f"STATUS:{'CANCELLED' if method == 'CANCEL' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    out.append("END:VCALENDAR")
    return "".join(fold_line(line) for line in out)


def _own(why: Sequence[Reason], pid: str) -> tuple[Reason, ...]:
    """The reasons of a change as ``pid``'s calendar gives them: without what it says of
    others' meetings.  A meeting that replaces the partner's lost one told ``pid`` whom the
    partner had lost and why ("replaces JT-043's meeting with SS-001 (SS-001 did not show
    up)"), another company's absence in a third party's calendar; changes.csv, for the
    organisers, keeps every reason."""
    own = tuple(r for r in why if r.code != "replaces" or r.values[:1] == (pid,))
    return own or (Reason("fills"),)


def _where(table: str | None, lang: str | None) -> str:
    return f"Table / meja {table}" if lang is None else label("event_table", lang).format(table=table)


def _place(venue: str | None, table: str | None, lang: str | None) -> str:
    """The LOCATION of a meeting: the venue and the table, as the published calendars have it."""
    where = _where(table, lang)
    return f"{venue} — {where}" if venue else where


def write_updates(event: LiveEvent, plan: Replan, directory: str | Path, *, lang: str | None = None) -> Path:
    """Write the re-plan's updates into a new folder ``directory`` (atomically); returns it.

    ``lang``: the language of everything in it (see above); None: English files with
    both texts.

    Raises
    ------
    FileExistsError
        When ``directory`` exists (updates are never written over earlier ones).
    """
    if lang is not None:
        check_language(lang)
    target = Path(directory)
    if target.exists():
        raise FileExistsError(f"{target} exists; choose a new folder for this re-plan's updates")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = new_folder(target, "writing")
    try:
        # as the re-plan sent them (a past re-plan's, read back, too); else the event's now
        sequences = dict(plan.sequences) or event.sequences()
        stamp = plan.now
        (tmp / "ics").mkdir()
        by_pid: dict[str, dict[str, list[MeetingChange]]] = {}
        for c in (*plan.added, *plan.moved):
            for pid in (c.a, c.b):
                by_pid.setdefault(pid, {}).setdefault("REQUEST", []).append(c)
        for c in plan.cancelled:
            for pid in (c.a, c.b):
                by_pid.setdefault(pid, {}).setdefault("CANCEL", []).append(c)
        # the pack's file names (export.ics.write_calendars): <id>.ics, and <id>.cancel.ics
        mission = event.mission
        files = file_names(p.id for p in mission)
        for pid, groups in sorted(by_pid.items()):
            for method, changes in groups.items():
                suffix = "" if method == "REQUEST" else ".cancel"
                path = tmp / "ics" / f"{files[pid]}{suffix}.ics"
                text = _calendar(event, pid, changes, method, stamp, sequences, lang)
                path.write_text(text, "utf-8", newline="")
        name = _namer(event)
        both = texts(event, plan)
        _write_messages(mission, plan, both, tmp, lang)
        slots = event.plan.slots
        dated = event.plan.several_days  # the date with each time, as the texts give it
        after = [m for m in plan.schedule if slots[m.slot].start >= plan.now]
        nxt = min((m.slot for m in after), default=None)
        _write_csv(
            tmp / "desk.csv",
            ["slot", "start", "table", "a_id", "a_name", "b_id", "b_name"],
            [
                [m.slot + 1, format_clock(m.start, "en", dated), m.table, m.a, name(m.a), m.b, name(m.b)]
                for m in after
                if m.slot == nxt
            ],
            lang,
        )
        kinds = cell_labels(lang or "en").get("change", {})
        moves = cell_labels(lang or "en").get("move", {})
        rows = []
        for c in (*plan.cancelled, *plan.moved, *plan.added):
            old = "" if c.old_slot is None else format_clock(slots[c.old_slot].start, "en", dated)
            new = "" if c.new_slot is None else format_clock(slots[c.new_slot].start, "en", dated)
            score = round(c.score, 4) if lang is None else format_number(c.score, lang, decimals=4)
            reason = c.reason if lang is None else change_reason(c.why, lang)
            rows.append(
                [
                    kinds.get(c.kind, c.kind),
                    c.a,
                    c.b,
                    old,
                    c.old_table or "",
                    new,
                    c.new_table or "",
                    score,
                    "" if c.move is None else moves.get(c.move, c.move),  # could it have stayed?
                    reason,
                ]
            )
        columns = [
            "change",
            "a_id",
            "b_id",
            "old_start",
            "old_table",
            "new_start",
            "new_table",
            "score",
            "move",
            "reason",
        ]
        _write_csv(tmp / "changes.csv", columns, rows, lang)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _write_messages(
    mission: Mission, plan: Replan, both: Mapping[str, tuple[str, str]], folder: Path, lang: str | None
) -> None:
    """``messages/<id>.txt``, ``contacts.csv`` and ``messages.csv`` for those told.

    The first two are the pack's shape (:func:`~matchmaker.export.agendas.write_messages`,
    :func:`~matchmaker.export.agendas.write_contacts`: the same file names, columns, headers
    and dialect), so that a bulk-message tool set up for the pack sends the updates too;
    ``messages.csv`` holds the texts themselves, with the same ``phone``, ``wa`` and
    ``email`` as ``contacts.csv``.  Without ``lang`` a message file holds both texts,
    Indonesian first.  ``mission``: the event's, with its walk-ins (:attr:`LiveEvent.mission`).
    """
    files = message_names(mission)
    (folder / "messages").mkdir()
    for pid, (t_id, t_en) in both.items():
        text = t_en if lang == "en" else t_id if lang == "id" else f"{t_id}\n\n{t_en}"
        (folder / "messages" / files[pid]).write_text(text + "\n", "utf-8", newline="\n")
    # the meetings each has on the timetable after the re-plan, as the pack's contacts.csv counts them
    counts = {pid: [None] * plan.meetings_of(pid) for pid in both}
    rows = []
    for row in contact_rows(mission, counts, lang=lang or "en"):
        if row["id"] not in both:
            continue
        message = f"messages/{files[str(row['id'])]}"
        row |= {"message_file": message}
        if not row["phone_as_given"] and not row["email"]:  # the pack's note says to hand the agenda over,
            row["note"] = label("contact_none_update", lang or "en").format(file=message)  # now out of date
        rows.append(row)
    write_contact_rows(rows, folder / "contacts.csv", lang=lang or "en")
    reach = {str(row["id"]): [row["phone"], row["wa"], row["email"]] for row in rows}
    if lang is None:
        columns = ["participant", "name", "text_id", "text_en", "phone", "wa", "email"]
        messages = [[pid, mission[pid].name, t_id, t_en, *reach[pid]] for pid, (t_id, t_en) in both.items()]
    else:
        columns = ["participant", "name", "text", "phone", "wa", "email"]
        messages = [[pid, mission[pid].name, pair[lang == "en"], *reach[pid]] for pid, pair in both.items()]
    _write_csv(folder / "messages.csv", columns, messages, lang)


def _write_csv(path: Path, columns: list[str], rows: Sequence[Sequence[object]], lang: str | None) -> None:
    """A CSV file with the headers in ``lang`` and its dialect (None: English keys, commas)."""
    delimiter, bom = csv_dialect(lang or "en")
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow([column_label(c, lang or "en") for c in columns])
        w.writerows(rows)
