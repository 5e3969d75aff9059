"""What people receive after a re-plan: changed agendas only.

:func:`write_updates` writes one folder, atomically (a temporary folder renamed into place):

``ics/<id>.ics``
    ``METHOD:REQUEST`` with each added or moved meeting of the participant (``SEQUENCE``
    one more than last sent), and ``ics/<id>-cancel.ics``, ``METHOD:CANCEL`` with each
    cancelled one.  UIDs are :func:`matchmaker.export.ics.meeting_uid` of the event and the
    pair, so calendars update the entry they already have.
``messages.csv``
    One short text per affected participant ("Pertemuan 11.20 dengan PT X dibatalkan;
    pengganti: CV Y, meja 7"): in ``lang``, or in Indonesian and English side by side
    (``text_id``, ``text_en``) when no language is given.
``desk.csv``
    The next slot's table assignments, for the desk that seats people.
``changes.csv``
    Every added, cancelled and moved meeting with its reason.

With ``lang`` (``"en"`` or ``"id"``) everything a person reads is in that language: the
CSV headers and the kinds of change (:func:`~matchmaker.reporting.labels.column_label`),
the reasons (:func:`~matchmaker.reporting.reasons.change_reason`), the calendars'
LOCATION and DESCRIPTION; ``"id"`` CSVs are ``;``-separated with a byte-order mark, and
scores have a decimal comma, as the pack's (:func:`~matchmaker.reporting.labels.csv_dialect`).
Without it the files are as before languages were chosen: English headers and reasons,
commas, both texts.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from matchmaker._files import new_folder
from matchmaker.export.ics import escape_text, fold_line, meeting_uid
from matchmaker.live.changes import Reason
from matchmaker.live.event import LiveEvent, MeetingChange, Replan
from matchmaker.reporting.labels import cell_labels, check_language, column_label, csv_dialect, label
from matchmaker.reporting.numbers import format_clock, format_number
from matchmaker.reporting.reasons import change_reason

__all__ = ["texts", "write_updates"]


def texts(event: LiveEvent, plan: Replan) -> dict[str, tuple[str, str]]:
    """``{participant id: (Indonesian text, English text)}`` for everyone the re-plan affects.

    Each participant's changes are told in the order of their times.  A meeting cancelled in
    a slot that has begun is not told (both know: one waited there), unless another took its
    place; its calendar entry is still cancelled (:func:`write_updates`).
    """
    slots = event.plan.slots
    dated = event.plan.several_days  # "moved from 10:40 to 10:40" was two days' 10:40
    name = _namer(event)
    lines: dict[str, list[tuple[int, str, str]]] = {}  # (slot, Indonesian, English)
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
            id_text = f"Pertemuan {format_clock(t, 'id', dated)} dengan {name(other)} dibatalkan"
            en_text = f"Meeting {format_clock(t, 'en', dated)} with {name(other)} cancelled"
            if new is not None:
                partner = new.b if pid == new.a else new.a
                id_text += f"; pengganti: {name(partner)}, meja {new.new_table}"
                en_text += f"; replacement: {name(partner)}, table {new.new_table}"
                used.add((pid, new.a, new.b))
            lines.setdefault(pid, []).append((c.old_slot or 0, id_text + ".", en_text + "."))
    for c in plan.added:
        t = slots[c.new_slot or 0].start
        for pid in (c.a, c.b):
            if (pid, c.a, c.b) in used:
                continue
            other = c.b if pid == c.a else c.a
            # a meeting an earlier re-plan cancelled, booked again (one who turned up after all)
            back = any(r.code == "back" for r in c.why)
            lines.setdefault(pid, []).append(
                (
                    c.new_slot or 0,
                    f"Pertemuan dengan {name(other)} dijadwalkan kembali: {format_clock(t, 'id', dated)}, "
                    f"meja {c.new_table}.",
                    f"Meeting with {name(other)} back on: {format_clock(t, 'en', dated)}, "
                    f"table {c.new_table}.",
                )
                if back
                else (
                    c.new_slot or 0,
                    f"Pertemuan baru {format_clock(t, 'id', dated)} dengan {name(other)}, "
                    f"meja {c.new_table}.",
                    f"New meeting {format_clock(t, 'en', dated)} with {name(other)}, table {c.new_table}.",
                )
            )
    for c in plan.moved:
        was, now = slots[c.old_slot or 0].start, slots[c.new_slot or 0].start
        # a meeting missed in a slot that had begun is not moved from it (it is over): it is
        # booked again, and the one who waited there is told so
        missed = c.old_slot is not None and c.old_slot < plan.first_open
        for pid in (c.a, c.b):
            other = c.b if pid == c.a else c.a
            lines.setdefault(pid, []).append(
                (
                    c.new_slot or 0,
                    f"Pertemuan dengan {name(other)} (terlewat pukul {format_clock(was, 'id', dated)}) "
                    f"dijadwalkan lagi: {format_clock(now, 'id', dated)}, meja {c.new_table}.",
                    f"Meeting with {name(other)} (missed at {format_clock(was, 'en', dated)}) booked "
                    f"again: {format_clock(now, 'en', dated)}, table {c.new_table}.",
                )
                if missed
                else (
                    c.new_slot or 0,
                    f"Pertemuan dengan {name(other)} pindah dari {format_clock(was, 'id', dated)} ke "
                    f"{format_clock(now, 'id', dated)}, meja {c.new_table}.",
                    f"Meeting with {name(other)} moved from {format_clock(was, 'en', dated)} to "
                    f"{format_clock(now, 'en', dated)}, table {c.new_table}.",
                )
            )
    told = {pid: sorted(v, key=lambda line: line[0]) for pid, v in lines.items()}  # stable: by time
    return {pid: (" ".join(i for _, i, _ in v), " ".join(e for _, _, e in v)) for pid, v in told.items()}


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


def _safe(pid: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in pid).strip("._") or "participant"


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
        for pid, groups in sorted(by_pid.items()):
            for method, changes in groups.items():
                suffix = "" if method == "REQUEST" else "-cancel"
                path = tmp / "ics" / f"{_safe(pid)}{suffix}.ics"
                text = _calendar(event, pid, changes, method, stamp, sequences, lang)
                path.write_text(text, "utf-8", newline="")
        name = _namer(event)
        both = texts(event, plan)
        if lang is None:
            messages = [[pid, name(pid), t_id, t_en] for pid, (t_id, t_en) in sorted(both.items())]
            _write_csv(tmp / "messages.csv", ["participant", "name", "text_id", "text_en"], messages, None)
        else:
            messages = [[pid, name(pid), pair[lang == "en"]] for pid, pair in sorted(both.items())]
            _write_csv(tmp / "messages.csv", ["participant", "name", "text"], messages, lang)
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


def _write_csv(path: Path, columns: list[str], rows: Sequence[Sequence[object]], lang: str | None) -> None:
    """A CSV file with the headers in ``lang`` and its dialect (None: English keys, commas)."""
    delimiter, bom = csv_dialect(lang or "en")
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow([column_label(c, lang or "en") for c in columns])
        w.writerows(rows)
