"""``matchmaker event ...``: the event day from the command line.

::

    matchmaker event init RESULT.json --db event.sqlite [--mission participants.csv]
    matchmaker event checkin|noshow ID [--at 09:10] --db event.sqlite
    matchmaker event late ID --until 11:00 [--at 08:40] --db event.sqlite
    matchmaker event walkin ROW.json [--at 10:00] [--lead 10] --db event.sqlite
    matchmaker event cancel A_ID B_ID --db event.sqlite
    matchmaker event unavailable ID --window 13:00-14:00 [--at 12:50] --db event.sqlite
    matchmaker event undo ID [--kind checkin | --change N] --db event.sqlite
    matchmaker event replan --now 11:00 --out DIR [--lead 10] --db event.sqlite
    matchmaker event updates [N] --out DIR --db event.sqlite
    matchmaker event status [--now 11:00] --db event.sqlite
    matchmaker event log [ID] [--last 10] --db event.sqlite
    matchmaker event agenda ID --db event.sqlite

Each accepts ``--json``.  ``--lead`` (minutes before a meeting it is frozen) acts on
``replan`` and ``walkin`` only; the others accept it, check it and say it does nothing.
Errors in what is given exit with 1 (nothing is written).  A
``--db`` file is read read-only before it is opened for writing, so for every command but
``event init`` a missing one is not created and an SQLite file that holds no event is left
byte for byte as it was.

The language of what a person reads (the console, the files of ``replan --out`` and
``updates --out``) is ``--lang``, else the one ``event init`` was given (``--lang`` or
``MATCHMAKER_LANG``, kept in the event file, so that the desk sets it once), else
``MATCHMAKER_LANG``, else English.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import re
import shlex
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matchmaker import _json
from matchmaker.errors import DataFileError, MatchmakerError, Problem, ValidationError
from matchmaker.reporting.console import (  # the lines a person reads, in the run's language
    event_agenda_text,
    event_checked_in_again_text,
    event_log_text,
    event_no_updates_text,
    event_noshow_later_days_text,
    event_ready_text,
    event_recorded_text,
    event_status_text,
    event_undone_text,
    event_updates_later_text,
    event_updates_of_text,
    event_updates_text,
    replan_text,
)

if TYPE_CHECKING:  # the event module loads numpy and scipy: imported where a command needs it
    from matchmaker.live.changes import Reason
    from matchmaker.live.event import LiveEvent, Replan

__all__ = ["add_event_command", "event_lang"]


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    notes = getattr(args, "notes", [])  # an option given that does nothing here (`_lead`)
    if notes and args.json:
        data = data | {"warnings": [*data.get("warnings", []), *notes]}
    for note in notes if not args.json else ():
        print(note, file=sys.stderr)
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


#: The commands ``--lead`` acts on, with its help: the re-plan freezes the slots starting
#: within the lead time, and a walk-in's warnings count the slots a re-plan could still book
#: (``LiveEvent.walk_in``'s ``arrives-too-late``).  Every command offered it before; the others
#: accept it, check it as before (a bad value is still refused) and say that it does nothing,
#: so that a desk's script keeps running on the day while its author learns it can go.
_LEAD_HELP = {
    "replan": "minutes before a meeting it is frozen (10)",
    "walkin": "minutes before a meeting a re-plan freezes it, for the warning of a walk-in too late "
    "for every slot (10; give the re-plans' --lead)",
}


def _lead(args: argparse.Namespace) -> float:
    """The ``--lead`` to open the event with (minutes; 10 when not given), checked.  Given to a
    command it does nothing for, it is noted (``args.notes``, which :func:`_emit` says)."""
    from matchmaker.live.event import DEFAULT_LEAD, lead_time
    from matchmaker.reporting.labels import label

    if args.lead is None:
        return DEFAULT_LEAD / dt.timedelta(minutes=1)
    lead_time(args.lead)  # a bad value is refused wherever it is given, before any work
    if args.event_command not in _LEAD_HELP:
        note = label("event_lead_ignored", args.ui_lang).format(command=args.event_command)
        args.notes = [*getattr(args, "notes", []), note]
    return float(args.lead)


def _open(args: argparse.Namespace) -> LiveEvent:
    from matchmaker.live import open_event

    # an existing file is checked read-only first: opening it for writing switches it to WAL,
    # which would change a file that turns out to hold no event (a missing one: open_event says so)
    meta = _read_meta(args.db) if Path(args.db).exists() else {}
    kept = _lang_of(meta)
    if not args.lang:  # else the event's own language, chosen at init (before open_event's checks,
        args.ui_lang = kept or args.ui_lang  # so that a bad --lead is said in it too)
    event = open_event(args.db, lead=_lead(args), who=args.who)
    # the language of the files `replan --out` writes: None when none was chosen anywhere,
    # so they stay as before (both texts per message, English headers)
    chosen = args.lang or kept or os.environ.get("MATCHMAKER_LANG", "").strip()
    args.files_lang = args.ui_lang if chosen else None
    return event


def event_lang(db: str) -> str | None:
    """The language ``event init`` stored in the event file (None: none was chosen).

    The file is only read: a missing one is not created and an SQLite file that holds no
    event is left as it was (None for both, and for a file that is not SQLite).
    """
    try:
        return _lang_of(_read_meta(db))
    except (MatchmakerError, sqlite3.Error, OSError, ValueError):
        return None  # not an event file: the command says so


def _lang_of(meta: dict[str, Any]) -> str | None:
    lang = meta.get("lang")
    return lang if lang in ("en", "id") else None


def _read_meta(db: str) -> dict[str, Any]:
    """The event file's ``meta`` values, read without side effects (:func:`matchmaker.live.store.read_only`).

    Raises
    ------
    DataFileError
        When ``db`` is not an SQLite file (or cannot be opened), as ``store.connect`` does.
    ValidationError
        When it is an SQLite file that holds no event.
    """
    from matchmaker.live import store

    def meta(con: sqlite3.Connection) -> dict[str, Any]:
        if not store.is_initialised(con):
            raise ValidationError(
                Problem(
                    "holds no event",
                    kind="no-event",
                    hint=f"create it with `matchmaker event init RESULT.json --db {db}`",
                    source=db,
                )
            )
        return store.get_meta(con)

    return store.read_only(db, meta)


def _check_new_event_file(db: str) -> None:
    """``event init`` writes the event into ``--db``: an SQLite file that holds other tables
    is someone's own data, refused before any work and left as it was.  A missing or empty
    file, or one that holds an event (``initialise`` says so), passes."""
    from matchmaker.live import store

    store.refuse_foreign(db, hint="give a new file for the event: --db event.sqlite")


def _init(args: argparse.Namespace, progress: object) -> int:
    from matchmaker.io import load_mission
    from matchmaker.io.json_format import _mission, not_a_result, plan_from_json, result_wanted
    from matchmaker.live.event import _floor, check_min_score, initialise
    from matchmaker.pipeline import event_capacities
    from matchmaker.scoring import DEFAULT_MIN_SCORE, score

    _check_new_event_file(args.db)  # before any work: someone's own SQLite file stays as it was
    _lead(args)  # checked, and noted: the event file keeps no lead time
    check_min_score(args.min_score)
    source = str(args.result)
    doc: Any = _json.read(args.result, wanted=result_wanted("`matchmaker event init`"))  # keys checked below
    try:
        meta, p = doc["mission"], doc["plan"]
        plan = plan_from_json(p)
        placed = [m for m in doc["meetings"] if m.get("status") == "placed"]
        settings = doc.get("settings") or {}  # absent from a result.json of an older matchmaker
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise not_a_result(source, exc, doc, "`matchmaker event init`") from None
    if args.mission is not None:
        mission = load_mission(
            args.mission,
            name=meta["name"],
            side_a=meta["side_a"]["name"],
            side_b=meta["side_b"]["name"],
            date=p["days"][0] if p["days"] else None,
            venue=meta.get("venue"),
            timezone=p["timezone"],
        )
    elif isinstance(doc.get("participants"), list):
        mission = _mission({"mission": meta, "participants": doc["participants"]}, source)
    else:
        raise DataFileError(
            Problem(
                "this result.json does not carry the participants (an older matchmaker wrote it)",
                kind="missing-participants",
                source=source,
                hint="pass the participant file the run read: "
                f"matchmaker event init {source} --mission participants.csv --db {args.db}",
            )
        )
    if args.min_score is None:  # the run's floor, else what `matchmaker run` uses by default
        args.min_score = settings.get("min_score", DEFAULT_MIN_SCORE)
    unknown = sorted({pid for m in placed for pid in (m["a_id"], m["b_id"]) if pid not in mission})
    if unknown:
        raise DataFileError(
            Problem(
                f"meetings name participants missing from {args.mission}: {', '.join(unknown[:10])}",
                kind="unknown-participant",
                source=source,
                participants=tuple(unknown),
                hint="give the participant file the result was made from",
            )
        )
    scores = score(mission, settings.get("weights") or None)  # the run's weights when it recorded them
    value = np.array(scores.total, dtype=np.float64, copy=True)
    value[scores.forbidden] = np.nan
    value = _floor(value, args.min_score)
    a_ids, b_ids = mission.ids("A"), mission.ids("B")
    hi, lo = settings.get("max_meetings"), settings.get("min_meetings")
    if isinstance(hi, dict) and isinstance(lo, dict) and all(p in hi and p in lo for p in (*a_ids, *b_ids)):
        bounds = tuple(np.array([d[p] for p in ids], np.int64) for d in (hi, lo) for ids in (a_ids, b_ids))
    else:  # the bounds `matchmaker run` gives by default
        caps = event_capacities(scores, plan, min_score=args.min_score)
        bounds = tuple(
            np.asarray(c, np.int64) for c in (caps.row_max, caps.col_max, caps.row_min, caps.col_min)
        )
    initialise(
        args.db,
        mission=mission,
        plan=plan,
        value=value,
        max_meetings=(bounds[0], bounds[1]),
        min_meetings=(bounds[2], bounds[3]),
        meetings=[(m["a_id"], m["b_id"], int(m["slot"]) - 1, str(m["table"])) for m in placed],
        min_score=args.min_score,
        weights=dict(scores.weights),
        who=args.who,
        # kept with the event in the same transaction, when one was chosen
        lang=args.ui_lang if args.lang or os.environ.get("MATCHMAKER_LANG", "").strip() else None,
    )
    _emit(
        args,
        {"ok": True, "db": str(args.db), "meetings": len(placed)},
        event_ready_text(str(args.db), len(placed), meta["name"], args.ui_lang),
    )
    return 0


def _change(kind: str) -> Callable[[argparse.Namespace, object], int]:
    def run(args: argparse.Namespace, progress: object) -> int:
        again: str | None = None
        with _open(args) as event:
            if kind == "checkin":
                event.check_in(args.id, at=args.at)
                again = _checked_in_before(event, args.id, args.ui_lang)
            elif kind == "noshow":
                event.no_show(args.id, at=args.at)
                again = _later_days(event, args.id, args.ui_lang)
            elif kind == "late":
                event.late(args.id, args.until, at=args.at)
            elif kind == "unavailable":
                event.unavailable(args.id, args.window, at=args.at)
            elif kind == "cancel":
                event.cancel(args.a_id, args.b_id, at=args.at)
            elif kind == "walkin":
                # it checks the fields
                warnings = event.walk_in(_walk_in_row(args.row, args.ui_lang), at=args.at)
            changes = event.changes()
            n, recorded = len(changes), changes[-1]
            names = {pid: event.participant(pid).name for pid in _named([recorded]) if pid in event}
            said = event_recorded_text(
                recorded, event.plan.zone, event.plan.several_days, args.ui_lang, names
            )
        data: dict[str, Any] = {"ok": True, "change": kind, "changes": n, "seq": recorded["seq"]}
        if kind == "walkin":  # who can have no meeting is told now, not left out at the re-plans
            data["warnings"] = [w.to_dict() for w in warnings]
            if warnings and not args.json:
                from matchmaker.reporting.console import shortfall_text
                from matchmaker.reporting.labels import label

                print(f"{label('shortfalls_before', args.ui_lang)} ({len(warnings)}):", file=sys.stderr)
                for w in warnings:
                    print(f"  {shortfall_text(w, args.ui_lang)}", file=sys.stderr)
        # a second desk's check-in: kept (the first arrival counts), and said; a no-show that
        # takes off meetings of later days too: said, with what to record for one expected then
        if again is not None:
            data["warnings"] = [again]
            if not args.json:
                print(again, file=sys.stderr)
        _emit(args, data, said)
        return 0

    return run


def _checked_in_before(event: LiveEvent, pid: str, lang: str) -> str | None:
    """The note for a check-in of one checked in already that day (or at a time not given):
    who recorded the first, and how to take this one back (two desks, one person)."""
    from matchmaker.live.changes import day_of

    plan = event.plan
    mine = [c for c in event.changes() if c["kind"] == "check_in" and c["subject"] == pid]
    day = day_of(_text(mine[-1]["at"]), plan)
    first = next((c for c in mine[:-1] if day is None or day_of(_text(c["at"]), plan) in (day, None)), None)
    if first is None:
        return None
    at = None if not first["at"] else dt.datetime.fromisoformat(str(first["at"])).astimezone(plan.zone)
    return event_checked_in_again_text(
        pid, at, str(first["who"]), int(str(first["seq"])), int(str(mine[-1]["seq"])), plan.several_days, lang
    )


def _text(value: object) -> str | None:
    """A change row's optional text (its ``at``): None when not given."""
    return None if value is None else str(value)


def _later_days(event: LiveEvent, pid: str, lang: str) -> str | None:
    """The note for a no-show on an event of several days that takes off ``pid``'s meetings of
    later days too (a no-show covers the rest of the event), with what to record instead for
    one expected on a later day; None when ``pid`` has no meeting on a later day."""
    from matchmaker.live.changes import day_of
    from matchmaker.reporting.numbers import typed_clock

    plan = event.plan
    if not plan.several_days:  # no later day: nothing to read (the timetable may be large)
        return None
    mine = [c for c in event.changes() if c["kind"] == "no_show" and c["subject"] == pid][-1]
    # its day: the time given, else the day the desks are at (status' `as_of`), else the first
    as_of = event.status().as_of
    day = day_of(_text(mine["at"]), plan) or (as_of.date() if as_of is not None else min(plan.days))
    later = [m for m in event.meetings() if pid in (m.a, m.b) and m.start.astimezone(plan.zone).date() > day]
    if not later:
        return None
    days = sorted({m.start.astimezone(plan.zone).date() for m in later})
    undo = f"matchmaker event undo {pid} --change {mine['seq']}"
    firsts = {s.start.date(): s.start for s in reversed(plan.slots)}  # each day's first slot
    payload = mine["payload"]
    if isinstance(payload, Mapping) and "from" in payload:
        # here on an earlier day: a late arrival would take only its own day's slots (refused,
        # nothing lost, at that day's start), so the days away are recorded as away
        ends = {s.start.date(): s.end for s in plan.slots}  # each day's last slot's end
        window = f"{day.isoformat()} {firsts[day]:%H:%M}-{ends[day]:%H:%M}"
        command = f"matchmaker event unavailable {pid} --window '{window}'"
        return event_noshow_later_days_text(pid, len(later), days, undo, command, (), "away", lang)
    # one never seen: arriving at the start of a later day loses the days before it
    arrivals = [typed_clock(firsts[d], plan.several_days) for d in days]
    command = f"matchmaker event late {pid} --until {arrivals[0]}"
    return event_noshow_later_days_text(pid, len(later), days, undo, command, arrivals[1:], "late", lang)


def _positive(text: str) -> int:
    """``--last``, ``--change``: a whole number of at least 1 (else a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


#: ``event undo --kind``: the command names of the changes it can take back.
_UNDO_KINDS = {
    "checkin": "check_in",
    "noshow": "no_show",
    "late": "late",
    "unavailable": "unavailable",
    "cancel": "cancel",
    "walkin": "walk_in",
}


def _undo(args: argparse.Namespace, progress: object) -> int:
    with _open(args) as event:
        undone = event.undo(args.id, _UNDO_KINDS[args.kind] if args.kind else None, change=args.change)
        n = len(event.changes())
    data = {
        "ok": True,
        "change": "undo",
        "changes": n,
        "undone": {
            "seq": undone.seq,
            "kind": undone.kind,
            "subject": undone.subject,
            "payload": dict(undone.payload),
            "at": None if undone.at is None else undone.at.isoformat(),
            "who": undone.who,
            "recorded": undone.recorded,
        },
        "replanned": None if undone.replanned is None else undone.replanned.isoformat(),
        # an undone check-in left them neither here nor absent: they keep their meetings
        "presence_unknown": undone.presence_unknown,
        # an undone check-in of a no-show who turned up: a no-show again
        "no_show_again": undone.no_show_again,
    }
    _emit(args, data, event_undone_text(undone, n, args.ui_lang))
    return 0


def _agenda(args: argparse.Namespace, progress: object) -> int:
    with _open(args) as event:
        person = event.participant(args.id)  # an unknown id: said so, as by every other command
        mine = event.agenda(args.id)
        others = {p: event.participant(p).name for m, _ in mine for p in (m.a, m.b) if p != args.id}
        dated = event.plan.several_days
        empty = None if mine else _why_no_meeting(event, args.id)
    rows = [(m.start, m.table, m.b if m.a == args.id else m.a, why) for m, why in mine]
    data = {
        "ok": True,
        "id": args.id,
        "meetings": [
            {"slot": m.slot + 1, "start": m.start.isoformat(), "end": m.end.isoformat(), "table": m.table}
            | {"partner": other, "partner_name": others[other]}
            # why it cannot take place as booked (until a re-plan acts on it), as `status` counts it
            | {"unattended": None if why is None else why._asdict()}
            for (m, _), (_, _, other, why) in zip(mine, rows, strict=True)
        ],
    }
    text = event_agenda_text(
        args.id,
        person.name,
        [(s, t, o, others[o]) for s, t, o, _ in rows],
        dated,
        args.ui_lang,
        marks=[why for *_, why in rows],
        empty=empty,
    )
    if empty is not None:
        data["empty"] = empty
    _emit(args, data, text)
    return 0


def _why_no_meeting(event: LiveEvent, pid: str) -> str:
    """Why ``pid`` has no meeting on the timetable, for ``event agenda``: ``"no-show"`` (recorded
    so; its meetings were or will be cancelled), ``"walk-in"`` (walked in, no re-plan since:
    the next one books it), ``"walk-in-replanned"`` (a re-plan since found no partner free for
    it) or ``"none"``."""
    status = event.status()
    if pid in status.no_show:
        return "no-show"
    if pid in status.walk_ins:
        changes = event.changes()
        walked = max(int(str(c["seq"])) for c in changes if c["kind"] == "walk_in" and c["subject"] == pid)
        replanned = any(c["kind"] == "replan" and int(str(c["seq"])) > walked for c in changes)
        return "walk-in-replanned" if replanned else "walk-in"
    return "none"


def _log(args: argparse.Namespace, progress: object) -> int:
    from matchmaker.live.changes import concerns

    with _open(args) as event:
        if args.id is not None:
            event.participant(args.id)  # an unknown id: said so, as by every other command
        changes = event.changes()
        kept = event.kept_replans()
        # what each re-plan did: where its updates went, and of ID's meetings, which it changed
        went: dict[int, list[str]] = {}
        for u in event.updates():
            went.setdefault(int(str(u["replan"])), []).append(str(u["folder"]))
        done: dict[int, dict[str, Any]] = {}
        for c in changes:
            seq = int(str(c["seq"]))
            if c["kind"] != "replan":
                continue
            done[seq] = {"kept": seq in kept, "updates": went.get(seq, [])}
            if args.id is not None and seq in kept:
                done[seq]["meetings"] = _meetings_of(event, event.past_replan(seq), args.id, args.ui_lang)
        rows = [
            c | ({"replan": done[int(str(c["seq"]))]} if c["kind"] == "replan" else {})
            for c in changes
            if args.id is None
            or (isinstance(c["payload"], dict) and concerns(args.id, str(c["subject"]), c["payload"]))
            # a re-plan that changed ID's day
            or (c["kind"] == "replan" and done[int(str(c["seq"]))].get("meetings"))
        ]
        rows = rows[-args.last :] if args.last is not None else rows
        # the re-plans that kept no record of what they changed: whether ID's day is among it
        unknown = [s for s, d in done.items() if not d["kept"]] if args.id is not None else []
        plan = event.plan
        partners = {m["partner"] for c in rows for m in c.get("replan", {}).get("meetings", [])}
        names = {pid: event.participant(pid).name for pid in _named(rows) | partners if pid in event}
        # a walk-in taken back is no participant any more: the name its walk-in recorded
        names |= {
            str(c["subject"]): str(c["payload"]["name"])
            for c in rows
            if str(c["kind"]).endswith("walk_in")
            and isinstance(c["payload"], dict)
            and "name" in c["payload"]
            if str(c["subject"]) not in names
        }
    data = {"ok": True, "changes": rows, "names": names} | (
        {"unknown_replans": unknown} if args.id is not None else {}
    )
    text = event_log_text(
        rows, plan.zone, plan.several_days, args.ui_lang, names, about=args.id, unknown=unknown
    )
    _emit(args, data, text)
    return 0


def _meetings_of(event: LiveEvent, plan: Replan, pid: str, lang: str) -> list[dict[str, Any]]:
    """The meetings of ``pid`` that ``plan`` changed, by time, as ``event log ID`` gives them
    (``--json`` too): the change, the partner, the slot (from 1), start and table before and
    after, the kind of move, whether it was missed (a slot that had begun: booked again),
    and why, in ``lang`` (``reason``) and as data (``why``: code, values, cause)."""
    from matchmaker.reporting.reasons import change_reason

    slots = event.plan.slots
    mine = []
    for c in (*plan.added, *plan.cancelled, *plan.moved):
        if pid not in (c.a, c.b):
            continue
        old = None if c.old_slot is None else slots[c.old_slot].start.isoformat()
        new = None if c.new_slot is None else slots[c.new_slot].start.isoformat()
        mine.append(
            {
                "change": c.kind,
                "partner": c.b if pid == c.a else c.a,
                "old_slot": None if c.old_slot is None else c.old_slot + 1,
                "old_start": old,
                "old_table": c.old_table,
                "new_slot": None if c.new_slot is None else c.new_slot + 1,
                "new_start": new,
                "new_table": c.new_table,
                "move": c.move,
                "missed": c.kind == "moved" and c.old_slot is not None and c.old_slot < plan.first_open,
                "reason": change_reason(c.why, lang),
                "why": [_why(r) for r in c.why],
            }
        )
    return sorted(mine, key=lambda m: (m["new_slot"] or m["old_slot"] or 0, m["partner"]))


def _why(reason: Reason) -> dict[str, Any]:
    """A re-plan's reason as data (``code``, ``values``, ``cause``), for ``--json``."""
    cause = None if reason.cause is None else _why(reason.cause)
    return {"code": reason.code, "values": list(reason.values), "cause": cause}


def _named(rows: Iterable[Mapping[str, Any]]) -> set[str]:
    """The participants ``event log``'s rows name: each change's subject, a cancel's two."""
    out = set()
    for c in rows:
        payload = c["payload"] if isinstance(c["payload"], dict) else {}
        out |= {str(c["subject"])} if c["kind"] != "init" else set()
        out |= {str(payload[k]) for k in ("a", "b") if k in payload}
    return out


def _walk_in_row(given: str, lang: str = "en") -> Any:
    """The walk-in's row: a JSON file holding one object, or the object itself (``{"id": ...}``
    on the command line, as the help describes it; before, it was taken for a file name)."""
    if given.lstrip().startswith("{") and not Path(given).exists():
        from matchmaker.reporting.labels import label

        row: Any = _json.loads(given, label("walkin_inline", lang))  # the source, in the run's words
    elif not Path(given).is_file():
        raise ValidationError(
            Problem(
                "no such file" if not Path(given).exists() else "not a file",
                kind="no-file",
                source=given,
                hint="give a JSON file with the walk-in's row as an object (walkin.json), or the object "
                'itself: \'{"id": "W-1", "name": ..., "delegation": ..., "province": ...}\'',
            )
        )
    else:
        row = _json.read(
            given, wanted="`matchmaker event walkin` needs a JSON file with the walk-in's row as an object"
        )
    if not isinstance(row, dict):
        raise ValidationError(
            Problem(
                f"holds {_json_kind(row)}, not one participant's row as a JSON object",
                kind="type",
                source=given,
                hint='write one participant as an object: {"id": "W-1", "name": ..., "delegation": ..., '
                '"province": ...}',
            )
        )
    return row


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return "null" if value is None else f"a {type(value).__name__}"


def _check_updates_folder(out: str) -> None:
    """Refuse a folder for updates that exists or cannot be written, before any work: a
    re-plan committed once finds nothing new, so updates that could not be written then
    would have to be written with ``event updates``."""
    from matchmaker.export.pack import check_output

    if Path(out).exists():
        raise ValidationError(
            Problem(
                "the folder for this re-plan's updates exists already"
                if Path(out).is_dir()
                else "a file of that name exists: the updates need a new folder",
                kind="output-updates-exist",
                source=str(out),
                hint="give a new folder for this re-plan's updates",
            )
        )
    check_output(out)


def _updates_folder(plan: Replan) -> str:
    """A new folder for a re-plan's updates, to give in a command the desk pastes:
    ``updates-0930`` (``updates-20201203-0930`` on an event of several days), with the
    re-plan's number when that exists already, and a count after it when that does too (the
    command would be refused: ``output-updates-exist``)."""
    name = f"updates-{plan.now:%Y%m%d-%H%M}" if plan.dated else f"updates-{plan.now:%H%M}"
    later = (f"{name}-{plan.seq}-{k}" for k in itertools.count(2))
    return next(c for c in itertools.chain([name, f"{name}-{plan.seq}"], later) if not Path(c).exists())


def _replan(args: argparse.Namespace, progress: object) -> int:
    from matchmaker.live.messages import texts, write_updates

    with _open(args) as event:
        if args.out is not None:
            # before the re-plan is committed (`event updates` writes them later otherwise)
            _check_updates_folder(args.out)
        plan = event.replan(args.now)
        folder = write_updates(event, plan, args.out, lang=args.files_lang) if args.out is not None else None
        messages = texts(event, plan)
        if folder is not None:  # `event log` says where each re-plan's updates went
            event.record_updates(plan.seq, folder, len(messages), args.files_lang)
    data = {
        "ok": True,
        "seq": plan.seq,
        "now": plan.now.isoformat(),
        "method": plan.method,
        "optimal": plan.optimal,
        "value": plan.value,
        "added": len(plan.added),
        "cancelled": len(plan.cancelled),
        "moved": len(plan.moved),
        "moved_to_make_room": len(plan.made_room),
        "rebooked": len(plan.rebooked),
        "kept": plan.n_kept,
        "affected": len(messages),
        "out": None if folder is None else str(folder),
    }
    text = replan_text(plan, args.ui_lang)
    if folder is not None:
        text += f"\n{event_updates_text(len(messages), str(folder), args.ui_lang)}"
    warning = None
    if folder is None and messages:  # kept with the re-plan: `event updates` writes them
        command = f"matchmaker event updates {plan.seq} --out {shlex.quote(_updates_folder(plan))}"
        warning = event_no_updates_text(len(messages), args.ui_lang, command)
    # recorded: the next re-plan finds nothing new to tell them (on stderr, as the walk-in's warnings)
    if warning is not None and not args.json:
        print(warning, file=sys.stderr)
    _emit(args, data | ({"warnings": [warning]} if warning else {}), text)
    return 0


def _updates(args: argparse.Namespace, progress: object) -> int:
    """``event updates [N] --out DIR``: re-plan N's updates (the last re-plan's without N),
    written from what the file kept of it: the same files as ``replan --out`` wrote then."""
    from matchmaker.live.messages import texts, write_updates
    from matchmaker.reporting.labels import label

    notes: list[str] = []
    with _open(args) as event:
        plan = event.past_replan(args.replan)  # a number that is no re-plan: said, nothing written
        _check_updates_folder(args.out)
        folder = write_updates(event, plan, args.out, lang=args.files_lang)
        messages = texts(event, plan)
        recorded = True
        try:  # where they went, for `event log`
            event.record_updates(plan.seq, folder, len(messages), args.files_lang)
        except DataFileError as exc:  # a desk that may only read the file: written, not recorded
            if exc.problems[0].kind != "read-only":
                raise
            recorded = False
            notes.append(label("event_updates_unrecorded", args.ui_lang))
        later = _changed_again(event, plan)
    data: dict[str, Any] = {
        "ok": True,
        "replan": plan.seq,
        "now": plan.now.isoformat(),
        "affected": len(messages),
        "out": str(folder),
        # the re-plans since that changed some of these meetings again, with the pairs
        "changed_again": {str(k): [list(pair) for pair in sorted(v)] for k, v in later.items()},
    }
    text = event_updates_of_text(plan.seq, plan.now, plan.dated, len(messages), str(folder), args.ui_lang)
    if later:
        notes.append(event_updates_later_text(sorted(later), len(set().union(*later.values())), args.ui_lang))
    data["recorded"] = recorded
    if notes:
        data["warnings"] = notes
        if not args.json:
            for note in notes:
                print(note, file=sys.stderr)
    _emit(args, data, text)
    return 0


def _changed_again(event: LiveEvent, plan: Replan) -> dict[int, set[tuple[str, str]]]:
    """The re-plans after ``plan`` that changed some of its meetings again (the pairs, by
    re-plan): their updates supersede its own."""
    mine = {(c.a, c.b) for c in (*plan.added, *plan.cancelled, *plan.moved)}
    later: dict[int, set[tuple[str, str]]] = {}
    for seq in sorted(k for k in event.kept_replans() if k > plan.seq):
        again = event.past_replan(seq)
        both = mine & {(c.a, c.b) for c in (*again.added, *again.cancelled, *again.moved)}
        if both:
            later[seq] = both
    return later


def _status(args: argparse.Namespace, progress: object) -> int:
    with _open(args) as event:
        st = event.status(args.now)
    data = {
        "ok": True,
        "present": list(st.present),
        "away": list(st.away),
        "no_show": list(st.no_show),
        "expected": list(st.expected),
        "walk_ins": list(st.walk_ins),
        "as_of": None if st.as_of is None else st.as_of.isoformat(),
        "next_slot": None if st.next_slot is None else st.next_slot + 1,
        "next_start": None if st.next_start is None else st.next_start.isoformat(),
        "next_meetings": [
            {"table": m.table, "a": m.a, "b": m.b, "start": m.start.isoformat()} for m in st.next_meetings
        ],
        "unattended": [
            {"table": m.table, "a": m.a, "b": m.b, "start": m.start.isoformat()} for m in st.unattended
        ],
        "free_tables": list(st.free_tables),
        "changes": st.changes,
        "meetings": st.meetings,
    }
    _emit(args, data, event_status_text(st, args.ui_lang))
    return 0


#: A ``matchmaker event`` command as the texts write one: the action, then its arguments
#: (ids, times, quoted windows, placeholders, options with their values); it ends at the first
#: word of the sentence around it ("… --change 5 mengurungkannya", "…`, which takes").
_COMMAND = re.compile(
    r"matchmaker event [a-z]+"
    r"(?:\s(?:--[a-z][a-z-]*(?:[ =](?:'[^'\n]*'|[^\s`;,'()]+))?|'[^'\n]*'|<[^>\n]*>\S*"
    r"|[A-Z][A-Za-z0-9_.:-]*|\d[\w.:+-]*))*"
)


def with_db(text: str, db: str) -> str:
    """``text`` with ``--db DB`` added to every ``matchmaker event`` command it gives: the desk
    pastes the commands of hints and notes, and one without the event file exits 2.

    >>> with_db("undo it: `matchmaker event undo JT-004 --change 5`.", "day.sqlite")
    'undo it: `matchmaker event undo JT-004 --change 5 --db day.sqlite`.'
    >>> with_db("catat: matchmaker event noshow JT-003 --at 09.45", "hari ini.sqlite")
    "catat: matchmaker event noshow JT-003 --at 09.45 --db 'hari ini.sqlite'"
    """
    option = f" --db {shlex.quote(db)}"

    def add(found: re.Match[str]) -> str:
        command = found.group(0)
        if "--db" in command.split():
            return command
        end = command.rstrip(".")  # a sentence's full stop after an id is not the id's
        return end + option + command[len(end) :]

    return _COMMAND.sub(add, text)


class _NamingDb:
    """A text stream that adds the event file to the commands written through it."""

    def __init__(self, stream: Any, db: str) -> None:
        self._stream, self._db = stream, db

    def write(self, text: str) -> int:
        self._stream.write(with_db(text, self._db))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, …: the stream's
        return getattr(self._stream, name)


@contextlib.contextmanager
def commands_name_db(args: argparse.Namespace) -> Iterator[None]:
    """While an ``event`` command runs, the commands its texts give (hints, notes, errors) name
    its ``--db``, so that they can be pasted as they are.  ``--json`` is left as written (a
    program builds its own commands)."""
    db = getattr(args, "db", None)
    if getattr(args, "command", None) != "event" or not db or getattr(args, "json", False):
        yield
        return
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _NamingDb(out, db), _NamingDb(err, db)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def add_event_command(commands: Any, common: Callable[[], argparse.ArgumentParser]) -> None:
    """Add ``event`` and its subcommands to the ``matchmaker`` parser's ``commands``."""
    top = commands.add_parser(
        "event", help="the event day: check-ins, no-shows, walk-ins, live re-planning", parents=[common()]
    )
    subs = top.add_subparsers(dest="event_command", required=True, metavar="ACTION", parser_class=type(top))

    def add(
        name: str, func: Callable[[argparse.Namespace, object], int], text: str
    ) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = subs.add_parser(name, help=text, description=text, parents=[common()])
        sub.set_defaults(run=func)
        sub.add_argument("--db", required=True, help="the event's SQLite file")
        sub.add_argument("--who", help="recorded with the change (default: the user name)")
        # shown where it acts; elsewhere accepted (and checked), hidden, and said to do nothing
        sub.add_argument("--lead", type=float, default=None, help=_LEAD_HELP.get(name, argparse.SUPPRESS))
        return sub

    init = add("init", _init, "create the event file from a run's result.json")
    init.add_argument("result", help="result.json written by `matchmaker run`")
    init.add_argument(
        "--mission",
        help="the participant file the result was made from (only for a result.json without participants)",
    )
    init.add_argument(
        "--min-score",
        type=float,
        help="the relevance floor (default: the one the run recorded in result.json)",
    )
    for name, text, at_help in (
        # presence is per day: on an event of several days a check-in needs its day
        (
            "checkin",
            "a participant has arrived",
            "time, HH:MM (needed as 2020-12-03T09:10 on an event of several days)",
        ),
        (
            "noshow",
            "a participant did not come",
            "time, HH:MM (2020-12-03T09:10 on an event of several days; default: not given)",
        ),
    ):
        sub = add(name, _change(name), text)
        sub.add_argument("id")
        sub.add_argument("--at", help=at_help)
    late = add("late", _change("late"), "a participant arrives late")
    late.add_argument("id")
    late.add_argument(
        "--until", required=True, help="arrival time, HH:MM (2020-12-03T11:00 on an event of several days)"
    )
    away = add("unavailable", _change("unavailable"), "a participant is away for a while")
    away.add_argument("id")
    away.add_argument(
        "--window", required=True, help="HH:MM-HH:MM ('2020-12-03 13:00-14:00' on an event of several days)"
    )
    for sub in (late, away):  # as every change takes the time it is recorded at
        sub.add_argument(
            "--at",
            help="when it was announced, HH:MM (2020-12-03T08:40 on an event of several days; "
            "default: not given)",
        )
    walk = add("walkin", _change("walkin"), "a participant who was not on the list")
    walk.add_argument(
        "row", help="a JSON file with the walk-in's row of the participant table as an object, or the object"
    )
    walk.add_argument("--at", help="arrival time, HH:MM (needed, with the date, on an event of several days)")
    cancel = add("cancel", _change("cancel"), "two partners agree to skip their meeting")
    cancel.add_argument("a_id")
    cancel.add_argument("b_id")
    cancel.add_argument("--at", help="time, HH:MM (with the date on an event of several days)")
    undo = add(
        "undo", _undo, "take back a change typed by mistake (the latest about a participant, or --change N)"
    )
    undo.add_argument("id")
    which = undo.add_mutually_exclusive_group()
    which.add_argument(
        "--kind",
        choices=sorted(_UNDO_KINDS),
        help="only if the latest change about ID is of this kind (another desk may have recorded one since)",
    )
    which.add_argument(
        "--change",
        type=_positive,
        metavar="N",
        help="take back change N about ID (its number in `event log ID`), keeping the later ones",
    )
    agenda = add("agenda", _agenda, "a participant's meetings on the timetable now")
    agenda.add_argument("id")
    log = add("log", _log, "the changes recorded, in order (of one participant with ID)")
    log.add_argument("id", nargs="?", help="only the changes about this participant")
    log.add_argument("--last", type=_positive, help="only the last N")
    replan = add("replan", _replan, "re-plan the open slots and write what people receive")
    replan.add_argument(
        "--now", required=True, help="current time, HH:MM (with the date on an event of several days)"
    )
    replan.add_argument("--out", help="a new folder for the updates (.ics, texts, desk sheet)")
    updates = add(
        "updates",
        _updates,
        "write a past re-plan's updates (.ics, texts, desk sheet) into a new folder, as --out would have",
    )
    updates.add_argument(
        "replan",
        nargs="?",
        type=_positive,
        metavar="N",
        help="the re-plan's number in `event log` (default: the last re-plan)",
    )
    updates.add_argument("--out", required=True, help="a new folder for the updates")
    status = add("status", _status, "who is here, the next slot, free tables")
    status.add_argument(
        "--now",
        help="current time, HH:MM (2020-12-03T09:10 on several days; default: the latest time recorded)",
    )
