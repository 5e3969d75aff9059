"""``undo``: a desk's change typed by mistake is taken back, and the event goes on as if it
had never been recorded (the oracle: the same changes without it, on a second file)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.live import LiveEvent, Unattended, open_event
from matchmaker.live.changes import UNDOABLE
from matchmaker.reporting.problems import problem_text
from tests.test_event_mistakes import ROW


def _init(tmp_path: Path, result_json: Path, name: str = "event.sqlite") -> str:
    db = str(tmp_path / name)
    assert main(["event", "init", str(result_json), "--db", db]) == EXIT_OK
    return db


def _event_of_days(tmp_path: Path, days: list[str]) -> tuple[LiveEvent, list[str]]:
    """A small synthetic event over ``days`` (re-plans with no lead time), and side A's ids."""
    mission = mm.synthetic_mission(6, 9, seed=3, date=dt.date(2020, 12, 2))
    plan = mm.EventPlan(start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A", days=days)
    result = mm.run(mission, plan, baseline=False, max_meetings=(None, 4))
    return open_event(tmp_path / f"{len(days)}.sqlite", result, lead=0), list(mission.ids("A"))


def _base(event: LiveEvent) -> None:
    """Changes both files hold: a check-in (the desk has run) and a late arrival."""
    event.check_in("JT-001", at="08:50")
    event.late("SS-010", "11:00")


def _pair(event: LiveEvent) -> tuple[str, str]:
    """A meeting at 10:30 or later of participants the other changes leave alone."""
    taken = {"JT-001", "SS-010", "JT-004", "JT-005", "JT-006", "SS-011"}
    m = next(m for m in event.meetings() if f"{m.start:%H:%M}" >= "10:30" and not {m.a, m.b} & taken)
    return m.a, m.b


#: One mistake of each kind `undo` takes back: what it records, and the id undo is given.
MISTAKES: dict[str, Callable[[LiveEvent], str]] = {
    "check_in": lambda e: (e.check_in("JT-004", at="08:55"), "JT-004")[1],
    "no_show": lambda e: (e.no_show("JT-005", at="09:00"), "JT-005")[1],
    "late": lambda e: (e.late("JT-006", "10:30"), "JT-006")[1],
    "unavailable": lambda e: (e.unavailable("SS-011", "10:00-14:00"), "SS-011")[1],
    "cancel": lambda e: (e.cancel(*_pair(e)), _pair(e)[1])[1],
    # typed twice, say: before any re-plan it is taken back whole
    "walk_in": lambda e: (e.walk_in(ROW, at="09:40"), "W-1")[1],
}


def _outcome(event: LiveEvent, now: str) -> tuple[object, ...]:
    """What a desk sees and what the participants are told, at ``now`` and after a re-plan."""
    st = event.status(now)
    before = (st.present, st.no_show, st.expected, st.next_slot, st.free_tables)
    plan = event.replan(now)
    told = tuple(
        sorted(
            (c.a, c.b, c.old_slot, c.new_slot, c.reason) for c in (*plan.added, *plan.cancelled, *plan.moved)
        )
    )
    return before, told, round(plan.value, 9), event.meetings()


def test_undo_covers_every_kind_of_change() -> None:
    assert set(MISTAKES) == set(UNDOABLE)


@pytest.mark.parametrize("kind", sorted(MISTAKES))
def test_an_undone_change_leaves_the_event_as_if_it_was_never_recorded(
    tmp_path: Path, result_json: Path, kind: str
) -> None:
    """The same status and the same re-plan (added, cancelled, moved, their reasons, the
    timetable) as a second file that never held the change; reopened, the same again."""
    mine, clean = open_event(_init(tmp_path, result_json)), open_event(_init(tmp_path, result_json, "clean"))
    _base(mine)
    _base(clean)
    pair = _pair(mine)
    pid = MISTAKES[kind](mine)
    with_it = open_event(mine.path).status("10:00")
    undone = mine.undo(pid)
    assert (undone.kind, undone.replanned) == (kind, None)
    assert pid in (undone.subject, *undone.payload.values())
    if kind == "cancel":  # the pair, and the meeting's time and table as they were, for the log
        meeting = next(m for m in clean.meetings() if (m.a, m.b) == pair)
        assert undone.payload == {"a": pair[0], "b": pair[1], "start": meeting.start.isoformat()} | {
            "table": meeting.table
        }
    without = _outcome(clean, "10:00")
    assert _outcome(mine, "10:00") == without
    if kind in ("check_in", "no_show"):  # the change did show in the status before
        assert (with_it.present, with_it.no_show) != (without[0][0], without[0][1])  # type: ignore[index]
    log = open_event(mine.path).changes()
    assert [c["kind"] for c in log[-3:]] == [f"undone:{kind}", "undo", "replan"]  # kept, marked
    assert log[-2]["payload"] == {"seq": undone.seq, "kind": kind}


def test_a_mistaken_check_in_is_undone_then_the_no_show_recorded(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a check-in typed for the wrong person could not be taken back: the no-show was
    refused (``checked-in``) and the hint's way round was an away window over the whole day,
    which left the person listed as here."""
    db = _init(tmp_path, result_json)
    capsys.readouterr()
    event = open_event(db)
    event.check_in("JT-004", at="08:55")
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("JT-004", at="09:05")
    (problem,) = caught.value.problems
    assert problem.hint == (
        "if JT-004 has left, record the rest of the day as away instead: `matchmaker event unavailable "
        "JT-004 --window '<when they left>-15:50'`; if the check-in was a mistake, undo it: "
        "`matchmaker event undo JT-004 --kind checkin`"
    )
    assert "urungkan: matchmaker event undo JT-004 --kind checkin" in problem_text(problem, "id")
    assert main(["event", "undo", "JT-004", "--kind", "checkin", "--db", db, "--who", "desk2"]) == EXIT_OK
    assert capsys.readouterr().out.strip() == (
        f"undone: JT-004's check-in at 08:55, recorded by {event.changes()[1]['who']} (3 changes so far)"
    )
    event = open_event(db)
    assert "JT-004" in event.status("09:05").expected
    event.no_show("JT-004", at="09:05")
    assert "JT-004" in event.status("09:05").no_show
    mine = {(m.a, m.b) for m in event.meetings() if "JT-004" in (m.a, m.b)}
    plan = event.replan("09:05")
    assert mine
    assert mine <= {(c.a, c.b) for c in plan.cancelled}  # the later ones (lead 10 min)
    # undo again: the no-show goes; then nothing about JT-004 is left
    assert event.undo("JT-004").kind == "no_show"
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("JT-004")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("nothing-to-undo", ("JT-004",))
    assert "tidak ada lagi perubahan tentang JT-004 yang dapat diurungkan" in problem_text(problem, "id")
    assert event.changes() == before  # nothing written


def test_the_hint_gives_the_check_in_s_number_when_a_later_change_stands_apart(
    tmp_path: Path, result_json: Path
) -> None:
    """An away window recorded after the check-in does not rest on it: the hint names the
    check-in by its number, and undoing it keeps the window (before, the hint said to take
    back the window first)."""
    event = open_event(_init(tmp_path, result_json))
    event.check_in("JT-004", at="08:55")
    event.unavailable("JT-004", "13:00-14:00")
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("JT-004", at="09:05")
    (problem,) = caught.value.problems
    assert (problem.data["later"], problem.data["change"]) == (1, 2)
    assert (problem.hint or "").endswith("undo it: `matchmaker event undo JT-004 --change 2`")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:  # the desk means the check-in
        event.undo("JT-004", "check_in")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.data["latest"]) == ("undo-other-kind", "unavailable")
    assert (
        problem.message == "the latest change about JT-004 is JT-004's time away 13:00-14:00, not a check-in"
    )
    assert problem_text(problem, "id").endswith(
        "perubahan terakhir tentang JT-004 adalah catatan berhalangan, bukan pencatatan hadir "
        "(petugas meja lain mungkin sudah mencatatnya: matchmaker event undo JT-004 tanpa --kind "
        "mengurungkannya)"
    )
    assert event.changes() == before
    assert event.undo("JT-004", change=2).kind == "check_in"
    event.no_show("JT-004", at="09:05")  # now recorded
    assert [c["kind"] for c in event.changes()[1:]] == ["undone:check_in", "unavailable", "undo", "no_show"]


def test_the_hint_counts_every_check_in_of_the_day(tmp_path: Path, result_json: Path) -> None:
    """A second desk's check-in of the same person is one more to take back (the walkthrough:
    the hint said 2, and after 3 undos the first check-in was still there)."""
    event = open_event(_init(tmp_path, result_json))
    event.check_in("SS-001", at="09:05")
    event.check_in("SS-001", at="09:10")
    event.unavailable("SS-001", "13:00-14:00")
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("SS-001", at="09:20")
    later = caught.value.problems[0].data["later"]
    assert later == 2
    # two check-ins of the day: not one number (the second review: the first one's number was
    # given, and the desk was refused again for the second)
    assert "--change" not in (caught.value.problems[0].hint or "")
    for _ in range(later + 1):
        event.undo("SS-001")
    event.no_show("SS-001", at="09:20")  # the count was right: now recorded


def test_the_hint_counts_a_check_in_without_a_time(tmp_path: Path, result_json: Path) -> None:
    """One desk checked in without a time, another at 09:00: two to take back (the review: the
    hint said one)."""
    event = open_event(_init(tmp_path, result_json))
    event.check_in("SS-001")
    event.check_in("SS-001", at="09:00")
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("SS-001", at="09:20")
    assert caught.value.problems[0].data["later"] == 1
    event.undo("SS-001", "check_in")
    event.undo("SS-001", "check_in")
    event.no_show("SS-001", at="09:20")


def test_undo_after_a_replan_says_what_stays(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A re-plan after the change may have acted on it: what it did stands until the next re-plan,
    and the desk is told."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-001", at="08:50")
    event.no_show("JT-005", at="09:00")
    plan = event.replan("09:30")
    gone = {(c.a, c.b) for c in plan.cancelled}
    assert any("JT-005" in p for p in gone)
    capsys.readouterr()
    assert main(["--json", "event", "undo", "JT-005", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["undone"]["kind"] == "no_show"
    assert data["undone"]["subject"] == "JT-005"
    assert data["replanned"] == "2020-12-02T09:30:00+07:00"
    assert data["undone"]["who"] == event.changes()[2]["who"]
    event = open_event(db)
    assert "JT-005" in event.status().expected  # not a no-show any more, not here either
    event.replan("09:40")  # JT-005 is not known to be here: its cancelled meetings do not come back
    assert not [m for m in event.meetings() if (m.a, m.b) in gone]
    assert main(["--lang", "id", "event", "undo", "JT-001", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("diurungkan: pencatatan hadir JT-001 pukul 08.50, dicatat oleh ")
    assert "penjadwalan ulang pukul 09.30 sudah berjalan sesudahnya" in out  # the first after it


def test_an_undo_after_a_replan_says_meetings_stay_only_of_one_left_neither_here_nor_absent(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: after every undo a re-plan came after, "one not known to be absent keeps
    their meetings" was printed, whatever was undone.  It is said of an undone check-in that
    leaves the participant neither checked in that day nor recorded absent (they keep every
    meeting), with the no-show to record (no time on a one-day event: the mistaken check-in's
    back-dated it); and of one it leaves a no-show again, with the check-in to record."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-001", at="08:50")
    event.check_in("JT-002", at="08:51")
    event.check_in("JT-002", at="08:53")  # a second desk's: undone, JT-002 is still checked in
    event.no_show("JT-005", at="09:00")
    event.no_show("SS-010", at="09:00")
    event.replan("09:00")
    event.check_in("SS-010", at="09:20")  # turned up: undone, a no-show again
    event.replan("09:30")
    capsys.readouterr()
    said = {}
    for pid, argv in (
        ("JT-001", []),
        ("JT-002", ["--change", "4"]),
        ("JT-005", []),
        ("SS-010", []),
    ):
        assert main(["event", "undo", pid, *argv, "--db", db]) == EXIT_OK
        said[pid] = capsys.readouterr().out.splitlines()[1:]
    replanned = (
        "the re-plan at {} came after it: what the re-plans did stands, "
        "and the next one goes by the changes without it"
    )
    assert said["JT-001"] == [
        replanned.format("09:00"),
        "JT-001 is now neither checked in nor recorded absent, and keeps their meetings: if JT-001 does "
        f"not come, record a no-show: `matchmaker event noshow JT-001 --db {db}`",
    ]
    assert said["JT-002"] == [replanned.format("09:00")]  # the first check-in stands
    assert said["JT-005"] == [replanned.format("09:00")]  # a no-show undone: nothing of the kind
    assert said["SS-010"] == [  # a no-show again: the next re-plan cancels their meetings
        replanned.format("09:30"),
        "SS-010 is a no-show again: the next re-plan cancels their meetings; if SS-010 is here after all, "
        f"check them in again: `matchmaker event checkin SS-010 --db {db}`",
    ]
    assert "JT-005" in open_event(db).status().expected  # what the line is not about: not here
    event = open_event(db)
    event.check_in("JT-003", at="09:35")
    event.replan("09:40")
    capsys.readouterr()
    assert main(["--lang", "id", "--json", "event", "undo", "JT-003", "--db", db]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["presence_unknown"] is True
    event.check_in("JT-003", at="09:45")
    event.replan("09:50")
    capsys.readouterr()
    assert main(["--lang", "id", "event", "undo", "JT-003", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[2] == (
        "JT-003 kini tidak tercatat hadir maupun tidak hadir, dan tetap mendapat pertemuannya: bila JT-003 "
        f"ternyata tidak hadir, catat: matchmaker event noshow JT-003 --db {db}"
    )


def test_the_replan_line_speaks_the_desk_s_words_and_json_keeps_the_solver(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: "value 61.250 (lex, not proven optimal)" meant nothing to the desk.  The
    line says what the score is of and whether a better re-plan may exist; the method and its
    proof stay in --json (and in Replan.summary)."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.no_show("JT-005", at="09:00")
    capsys.readouterr()
    assert main(["event", "replan", "--now", "09:30", "--db", db]) == EXIT_OK
    line = capsys.readouterr().out.strip()
    payload = open_event(db).changes()[-1]["payload"]
    assert isinstance(payload, dict)
    proof = "the best possible" if payload["optimal"] else "the best found; a better one may exist"
    shape = (
        r"re-plan at 09:30: \d+ added, \d+ cancelled, \d+ moved \(\d+ to make room, \d+ re-booked\), "
        r"\d+ kept; score of the meetings to come \d+\.\d{3} \("
    )
    assert re.fullmatch(shape + re.escape(proof) + r"\)", line), line
    assert payload["method"] not in line
    assert "optimal" not in line
    event = open_event(db)
    event.no_show("JT-006", at="09:00")
    assert main(["--lang", "id", "--json", "event", "replan", "--now", "09:40", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert {"method", "optimal", "value"} <= data.keys()
    event.no_show("JT-007", at="09:00")
    assert main(["--lang", "id", "event", "replan", "--now", "09:50", "--db", db]) == EXIT_OK
    line = capsys.readouterr().out.strip()
    assert line.startswith("penjadwalan ulang pukul 09.50: ")
    assert " tetap; skor pertemuan yang akan datang " in line
    assert line.endswith(("(terbaik yang mungkin)", "(terbaik yang ditemukan; mungkin ada yang lebih baik)"))


def test_a_walk_in_is_undone_before_a_replan_and_kept_after(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before any re-plan a walk-in has no meeting: undone, it leaves the participants (the
    walkthrough: one typed twice could not be taken back).  After a re-plan it may have
    meetings, which messages name: refused, with the away window instead."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.walk_in(ROW, at="10:00")
    undone = event.undo("W-1", "walk_in")
    assert (undone.kind, undone.subject, undone.replanned) == ("walk_in", "W-1", None)
    reopened = open_event(db)
    assert reopened.status().walk_ins == ()
    with pytest.raises(mm.ValidationError, match="unknown participant 'W-1'"):
        reopened.participant("W-1")
    event.walk_in(ROW, at="10:05")  # the id and the name are free again
    event.replan("10:10")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("W-1")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("walk-in-kept", ("W-1",))
    assert problem.message == (
        "W-1 walked in, and the re-plan at 10:10 may have booked it: "
        "a walk-in cannot be undone after a re-plan"
    )
    assert "`matchmaker event unavailable W-1 --window '<when they left>-15:50'`" in (problem.hint or "")
    assert event.changes() == before
    capsys.readouterr()
    assert main(["--lang", "id", "event", "undo", "W-1", "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "penjadwalan ulang pada 10.10 mungkin sudah menjadwalkannya" in err
    assert f"--window '<jam pergi>-15:50' --db {db})" in err  # one day: no word of later days
    assert main(["event", "undo", "NOPE", "--db", db]) == EXIT_INVALID
    assert "unknown participant 'NOPE'" in capsys.readouterr().err
    assert open_event(db).changes() == before
    # a walk-in's later change is undone as any other
    event.unavailable("W-1", "14:00-15:00")
    assert event.undo("W-1").kind == "unavailable"


def test_a_second_desk_sees_the_undo(tmp_path: Path, result_json: Path) -> None:
    """Each desk keeps the state in memory: one that read it before another desk's undo reads it again."""
    db = _init(tmp_path, result_json)
    desk1, desk2 = open_event(db), open_event(db)
    desk1.check_in("JT-004", at="08:55")
    assert "JT-004" in desk2.status().present
    assert desk2.status().as_of == dt.datetime(2020, 12, 2, 8, 55, tzinfo=desk2.plan.zone)
    desk1.undo("JT-004")
    assert "JT-004" in desk2.status().expected
    assert desk2.status().as_of is None  # the undone check-in was the only time recorded
    assert "JT-004" in desk1.status().expected


def test_an_undone_check_in_on_the_second_day_leaves_that_days_presence(tmp_path: Path) -> None:
    """Presence is per day: the desk's check-ins of day 2 decide who gets new meetings on day 2."""
    event, a = _event_of_days(tmp_path, ["2020-12-02", "2020-12-03"])
    event.check_in(a[0], at="2020-12-03T08:50")
    event.check_in(a[1], at="2020-12-03T08:52")
    undone = event.undo(a[1])
    assert (undone.kind, undone.dated) == ("check_in", True)
    assert undone.at == dt.datetime(2020, 12, 3, 8, 52, tzinfo=event.plan.zone)
    st = event.status()
    assert (a[0] in st.present, a[1] in st.present) == (True, False)
    assert event._state().att.known_present(dt.date(2020, 12, 3)) == {a[0]}


def test_status_tells_who_left_from_who_is_here(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, one who checked in, left, and was recorded away for the rest of the day was
    listed as here, with nothing to tell the two apart."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-001", at="08:50")
    event.check_in("JT-002", at="08:51")
    event.unavailable("JT-002", "11:00-15:50")
    event.unavailable("JT-001", "13:00-14:00")  # back after lunch: away later, not next
    st = event.status("11:00")
    assert (st.present, st.away) == (("JT-001", "JT-002"), ("JT-002",))
    assert event.status("10:00").away == ()  # the next slot starts before the window
    capsys.readouterr()
    assert main(["event", "status", "--now", "11:00", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.startswith("here: 2 (1 away in the next slot), not come: 0")
    assert main(["--lang", "id", "--json", "event", "status", "--now", "13:00", "--db", db]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["away"] == ["JT-001", "JT-002"]
    assert main(["--lang", "id", "event", "status", "--now", "13:00", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.startswith("hadir: 2 (2 berhalangan pada sesi berikutnya), tidak hadir: 0")
    assert event.status("15:50").next_slot is None
    assert event.status("15:50").away == ()


def test_status_counts_walk_ins_among_those_here_and_the_next_meetings_that_cannot_happen(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, "here: 2, ..., walk-ins: 1" counted the walk-in twice, and the next slot's count
    included meetings of a no-show, of one away and of a cancelled pair until a re-plan, with
    nothing said."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-001", at="08:50")
    event.walk_in(ROW, at="09:00")
    event.no_show("JT-003", at="09:00")
    event.unavailable("JT-004", "09:00-11:00")
    st = event.status("09:10")
    nxt = {(m.a, m.b) for m in st.next_meetings}
    gone = {"JT-003", "JT-004"}
    cancelled = next(m for m in st.next_meetings if not {m.a, m.b} & gone)
    event.cancel(cancelled.a, cancelled.b, at="09:10")
    st = event.status("09:10")
    expected = {(m.a, m.b) for m in st.next_meetings if {m.a, m.b} & gone} | {(cancelled.a, cancelled.b)}
    assert len(expected) >= 3  # the no-show's, the one away's and the cancelled pair
    assert {(m.a, m.b) for m in st.unattended} == expected
    assert {(m.a, m.b) for m in st.next_meetings} == nxt  # still on the timetable until a re-plan
    capsys.readouterr()
    assert main(["event", "status", "--now", "09:10", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"here: 2 (1 walked in), not come: 1, expected: {len(st.expected)}"
    assert out[1].startswith(
        f"next slot: 2 (09:25), {len(nxt)} meetings ({len(expected)} that cannot take place as booked)"
    )
    assert main(["--lang", "id", "event", "status", "--now", "09:10", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("hadir: 2 (1 peserta dadakan), tidak hadir: 1")
    assert f"({len(expected)} tidak dapat berlangsung seperti dijadwalkan)" in out[1]
    assert main(["--json", "event", "status", "--now", "09:10", "--db", db]) == EXIT_OK
    shown = json.loads(capsys.readouterr().out)
    assert {(m["a"], m["b"]) for m in shown["unattended"]} == expected
    event.replan("09:10")  # acted on: none left
    assert event.status("09:10").unattended == ()


def test_a_no_show_who_turns_up_on_day_two_is_not_come_on_day_one(tmp_path: Path) -> None:
    """Before, status for day 1 listed them as expected (the no-show was forgotten on check-in)."""
    days = ["2020-12-02", "2020-12-03", "2020-12-04"]
    event, a = _event_of_days(tmp_path, days)
    event.no_show(a[0], at="2020-12-02T09:00")
    event.check_in(a[0], at="2020-12-03T09:30")
    event.check_in(a[1], at="2020-12-02T08:50")
    event.no_show(a[1], at="2020-12-03T09:00")  # came on day 1, not on day 2
    event.check_in(a[1], at="2020-12-04T08:55")  # back on day 3
    event.no_show(a[2], at="2020-12-02T09:00")
    event.check_in(a[2], at="2020-12-02T09:40")  # turned up the same day
    rows = []
    for day in days:
        st = event.status(f"{day}T09:00")
        rows.append(
            tuple(
                ("here" if p in st.present else "not come" if p in st.no_show else "expected") for p in a[:3]
            )
        )
        # everyone once: the 6 of side A and the 9 of side B
        assert len(st.present) + len(st.no_show) + len(st.expected) == len(a) + 9
    assert rows == [
        ("not come", "here", "here"),
        ("here", "not come", "expected"),
        ("expected", "here", "expected"),
    ]


def test_a_walk_in_of_one_on_the_list_checked_in_already_says_nothing_is_left_to_record(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: the refusal's hint said to check in the one on the list, who was checked
    in already (a second check-in would only be a note).  The hint goes by whether they are."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    listed = event.participant("SS-010")
    row = {**ROW, "id": "W-3", "name": listed.name, "delegation": listed.delegation}
    event.check_in("SS-010", at="09:20")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in(row, at="10:05")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.data["case"]) == ("same-business", "checked-in")
    assert problem.message == (
        f"W-3 has the name and delegation of SS-010 ({listed.name!r}), "
        "who is on the list and checked in already"
    )
    assert problem.hint == (
        "it is SS-010, checked in already: nothing more to record; "
        "if it is another business, give its own name"
    )
    assert problem_text(problem, "id").endswith(
        "yang ada di daftar dan sudah tercatat hadir (jika itu SS-010, ia sudah tercatat hadir: tidak ada "
        "lagi yang perlu dicatat; jika usaha lain, beri namanya sendiri)"
    )
    assert event.changes() == before  # nothing written
    capsys.readouterr()
    assert main(["event", "walkin", json.dumps(row), "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "checked in already: nothing more to record" in err
    assert "matchmaker event checkin" not in err
    # a no-show is not here: the one on the list checks in after all
    other = event.participant("SS-011")
    event.no_show("SS-011", at="09:00")
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in({**row, "name": other.name, "delegation": other.delegation}, at="10:05")
    assert (caught.value.problems[0].hint or "").startswith(
        "check SS-011 in instead: `matchmaker event checkin SS-011 --at 10:05`"
    )


def test_a_meeting_a_replan_cancelled_can_be_cancelled_so_the_pair_is_not_proposed_again(
    tmp_path: Path, result_json: Path
) -> None:
    """Before, ``cancel`` refused it (``already-cancelled``, "at a re-plan"), and when the no-show
    turned up the next re-plan gave back the same partners, whatever the pair had agreed."""
    mine, other = open_event(_init(tmp_path, result_json)), open_event(_init(tmp_path, result_json, "other"))
    for event in (mine, other):
        event.no_show("SS-010", at="09:00")
        lost = {(c.a, c.b) for c in event.replan("09:00").cancelled}
    assert len(lost) == 4
    pair = min(lost)
    mine.cancel(*pair, at="09:30")  # the two agreed not to meet
    for event in (mine, other):
        event.check_in("SS-010", at="10:00")
    back_mine = {(c.a, c.b) for c in mine.replan("10:00").added} & lost
    back_other = {(c.a, c.b) for c in other.replan("10:00").added} & lost
    assert pair in back_other  # without the cancel, the pair is proposed again
    assert pair not in back_mine
    assert back_mine == back_other - {pair}
    with pytest.raises(
        mm.ValidationError, match=r"cancelled already by the desk \(change \d+\) \(`matchmaker event log"
    ):
        mine.cancel(*pair)  # a second time: refused, naming the desk's cancel
    assert mine.undo(pair[0]).kind == "cancel"  # and undone like any cancel


def test_a_walk_in_of_a_business_already_there_is_refused(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, the same walk-in typed at two desks (or one on the list entered as a walk-in) was
    a second participant, booked as well: the business had two timetables."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.walk_in(ROW, at="10:00")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in({**ROW, "id": "W-2", "name": "  cv   BARU "}, at="10:05")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("same-business", ("W-2", "W-1"))
    assert problem.message == "W-2 has the name and delegation of W-1 ('CV Baru'), who walked in already"
    assert problem.hint == "it is W-1: nothing more to record; if it is another business, give its own name"
    listed = event.participant("SS-010")
    row = {**ROW, "id": "W-3", "name": listed.name, "delegation": listed.delegation}
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in(row, at="10:05")
    (problem,) = caught.value.problems
    assert problem.participants == ("W-3", "SS-010")
    assert (problem.hint or "").startswith(
        "check SS-010 in instead: `matchmaker event checkin SS-010 --at 10:05`"
    )
    assert "yang ada di daftar" in problem_text(problem, "id")
    twice = mm.ValidationError
    with pytest.raises(twice) as caught:
        event.walk_in({**ROW, "id": "W-5"}, at="10:05")
    assert problem_text(caught.value.problems[0], "id").endswith(
        "(jika itu W-1, tidak ada lagi yang perlu dicatat; jika usaha lain, beri namanya sendiri)"
    )
    assert event.changes() == before  # nothing written
    assert event.status().walk_ins == ("W-1",)
    capsys.readouterr()
    assert main(["--lang", "id", "event", "walkin", json.dumps(row), "--db", db]) == EXIT_INVALID
    assert "matchmaker event checkin SS-010" in capsys.readouterr().err
    # punctuation aside: "UD. Jaya Ampera", "U.D. Jaya Ampera" (the walkthrough: accepted)
    for k, name in enumerate(["UD. Jaya Ampera", "U.D. Jaya Ampera", "ud jaya-ampera."]):
        with pytest.raises(mm.ValidationError, match="who is on the list"):
            event.walk_in({**row, "id": f"W-{6 + k}", "name": name}, at="10:05")
    # the same name in the other delegation is another business
    event.walk_in({**ROW, "id": "W-4", "delegation": event.participant("JT-001").delegation}, at="10:10")


def test_an_older_matchmaker_replays_the_file_without_the_undone_change(
    tmp_path: Path, result_json: Path
) -> None:
    """The undone change's kind is marked, so that a reader that knows neither ``undo`` nor the
    mark (an older matchmaker: its replay skips kinds it does not know) leaves it out too (the
    walkthrough: with the change and an ``undo`` row only, 20d0619 still saw the no-show)."""
    import sqlite3

    from matchmaker.live.changes import KINDS, attendance

    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.no_show("SS-001", at="09:00")
    event.check_in("JT-001", at="08:50")
    event.undo("SS-001")
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT kind, subject, payload, at FROM changes ORDER BY seq").fetchall()
    # what a reader replaying only the kinds it knows (the changes of before undo) sees
    known = [
        {"kind": k, "subject": s, "payload": json.loads(p), "at": a} for k, s, p, a in rows if k in KINDS
    ]
    assert [c["kind"] for c in known] == ["check_in"]
    old = attendance(known, event.plan)
    assert "SS-001" not in old.no_show
    assert old.arrivals.keys() == event._state().att.arrivals.keys() == {"JT-001"}


def test_two_desks_undo_only_what_they_mean(tmp_path: Path, result_json: Path) -> None:
    """Desk 1 means JT-004's check-in; desk 2 has recorded a cancel of one of JT-004's meetings
    since: ``--kind`` refuses instead of taking back desk 2's cancel."""
    db = _init(tmp_path, result_json)
    desk1, desk2 = open_event(db, who="desk1"), open_event(db, who="desk2")
    desk1.check_in("JT-004", at="08:55")
    m = next(m for m in desk2.meetings() if "JT-004" in (m.a, m.b) and f"{m.start:%H:%M}" >= "11:00")
    desk2.cancel(m.a, m.b, at="09:00")
    with pytest.raises(mm.ValidationError, match=r"is cancel of the meeting of .*, not a check-in"):
        desk1.undo("JT-004", "check_in")
    undone = desk1.undo("JT-004", "cancel")  # what it is, once the desk has looked
    assert (undone.who, undone.payload["a"], undone.payload["b"]) == ("desk2", m.a, m.b)
    assert desk1.undo("JT-004", "check_in").who == "desk1"
    with pytest.raises(mm.ValidationError, match="kind: expected one of"):
        desk1.undo("JT-004", "checkin")
    # every kind can be the one asked for (a read-through found --kind walkin raising KeyError)
    desk1.check_in("JT-004", at="09:00")
    with pytest.raises(mm.ValidationError) as caught:
        desk1.undo("JT-004", "walk_in")
    (problem,) = caught.value.problems
    assert problem.message == "the latest change about JT-004 is JT-004's check-in at 09:00, not a walk-in"
    assert problem_text(problem, "id").startswith(
        "peserta JT-004: perubahan terakhir tentang JT-004 adalah pencatatan hadir, "
        "bukan kedatangan peserta dadakan"
    )


def test_the_log_lists_the_changes_in_words(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``event log``: what `undo` would take back, numbered, with who recorded it."""
    db = _init(tmp_path, result_json)
    capsys.readouterr()
    for argv in (
        ["checkin", "JT-004", "--at", "08:55", "--who", "desk1"],
        ["late", "SS-002", "--until", "11:00", "--who", "desk2"],
        ["unavailable", "JT-004", "--window", "13:00-14:00", "--who", "desk2"],
        ["replan", "--now", "09:30"],
        ["undo", "JT-004", "--who", "desk1"],
        ["cancel", "JT-004", "SS-084", "--who", "desk2"],
    ):
        assert main(["event", *argv, "--db", db]) == EXIT_OK, argv
    capsys.readouterr()
    assert main(["event", "log", "JT-004", "--db", db]) == EXIT_OK
    # each id with its company's name, a cancel with its meeting's time and table, and what
    # the re-plan did to JT-004's day (its meetings in the away window, which it acted on)
    away = "at {} cancelled (JT-004 is away 13:00-14:00)"
    assert capsys.readouterr().out.splitlines() == [
        "   2  JT-004 CV Wijaya Kertajaya's check-in at 08:55  [desk1]",
        "   4  JT-004 CV Wijaya Kertajaya's time away 13:00-14:00 (undone)  [desk2]",
        f"   5  re-plan at 09:30: meeting with SS-092 UD Sukses Komering Perdagangan {away.format('13:00')}; "
        f"meeting with SS-055 CV Putra Lematang {away.format('13:25')}; "
        f"meeting with SS-005 PT Tunas Musi Distribusi {away.format('13:50')}; no updates written  [root]",
        "   6  undo of change 4 (about JT-004 CV Wijaya Kertajaya)  [desk1]",
        "   7  cancel of the meeting of JT-004 CV Wijaya Kertajaya and SS-084 PT Tunas Komering Distribusi "
        "at 10:15, table JT-004  [desk2]",
    ]
    assert main(["--lang", "id", "event", "log", "--last", "4", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [
        "   4  catatan berhalangan JT-004 CV Wijaya Kertajaya 13.00-14.00 (diurungkan)  [desk2]",
        "   5  penjadwalan ulang pukul 09.30: 0 ditambah, 5 dibatalkan, 0 dipindah; belum ada pemberitahuan "
        "yang ditulis  [" + open_event(db).changes()[4]["who"] + "]",
        "   6  perubahan 4 diurungkan (tentang JT-004 CV Wijaya Kertajaya)  [desk1]",
        "   7  pembatalan pertemuan JT-004 CV Wijaya Kertajaya dengan SS-084 PT Tunas Komering Distribusi "
        "pukul 10.15, meja JT-004  [desk2]",
    ]
    assert main(["--json", "event", "log", "SS-002", "--db", db]) == EXIT_OK
    shown = json.loads(capsys.readouterr().out)
    row, replanned = shown["changes"]  # the late arrival, and the re-plan that acted on it
    assert (row["seq"], row["kind"], row["payload"]) == (3, "late", {"until": "2020-12-02T11:00:00+07:00"})
    assert (replanned["seq"], replanned["kind"]) == (5, "replan")
    partners = {m["partner"] for m in replanned["replan"]["meetings"]}
    assert shown["names"] == {"SS-002": "PT Jaya Lematang Trading"} | {
        p: open_event(db).participant(p).name for p in partners
    }
    assert main(["event", "log", "JT-001", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.strip() == "no change recorded"
    assert main(["event", "log", "NOPE", "--db", db]) == EXIT_INVALID
    assert "unknown participant 'NOPE'" in capsys.readouterr().err


def test_what_a_replan_did_on_an_undone_change_stands_until_the_next(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The review: after a no-show turned up and was given back its partners, undoing the
    check-in said the meetings "stay"; the next re-plan cancelled them again, as it should."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.no_show("SS-010", at="09:00")
    lost = {(c.a, c.b) for c in event.replan("09:00").cancelled}
    event.check_in("SS-010", at="10:00")
    back = {(c.a, c.b) for c in event.replan("10:00").added} & lost
    assert back
    capsys.readouterr()
    assert main(["event", "undo", "SS-010", "--kind", "checkin", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out
    assert "the re-plan at 10:00 came after it: what the re-plans did stands" in out
    again = open_event(db).replan("10:05").cancelled
    assert {(c.a, c.b) for c in again} == back
    assert {c.reason for c in again} == {"SS-010 did not show up"}


def test_status_reads_its_counts_and_its_time_in_one_snapshot(tmp_path: Path, result_json: Path) -> None:
    """Before, ``status`` read the latest time with a query of its own after reading the state:
    another desk committing in between gave an "as of" newer than the counts shown.  Now both
    come from the state read in one transaction (with nothing new, no query at all)."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-001", at="08:50")
    event.status()  # the state in memory
    seen: list[str] = []
    event._con.set_trace_callback(seen.append)
    st = event.status()
    event._con.set_trace_callback(None)
    assert not [q for q in seen if "changes" in q], seen  # only the snapshot's version check
    assert st.as_of == dt.datetime(2020, 12, 2, 8, 50, tzinfo=event.plan.zone)
    other = open_event(db)
    other.walk_in(ROW, at="09:40")  # another desk: the next status reads it, time and counts
    st = event.status()
    assert st.as_of == dt.datetime(2020, 12, 2, 9, 40, tzinfo=event.plan.zone)
    assert st.walk_ins == ("W-1",)


def test_the_agenda_lists_a_participants_meetings_now(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where is my next meeting: the desk had no command for one participant's timetable."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    mine = [m for m in event.meetings() if "JT-004" in (m.a, m.b)]
    event.no_show(mine[0].b, at="09:00")
    event.replan("09:00")
    now = [m for m in open_event(db).meetings() if "JT-004" in (m.a, m.b)]
    capsys.readouterr()
    assert main(["event", "agenda", "JT-004", "--db", db]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"JT-004 {event.participant('JT-004').name}: {len(now)} meetings"
    assert lines[1:] == [
        f"  {m.start:%H:%M}  table {m.table}  {m.b} {event.participant(m.b).name}" for m in now
    ]
    assert mine[0].b not in "".join(lines)  # the no-show's meeting is gone
    assert main(["--json", "--lang", "id", "event", "agenda", mine[1].b, "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [(m["partner"], m["slot"]) for m in data["meetings"]] == [
        (m.a, m.slot + 1) for m in open_event(db).meetings() if m.b == mine[1].b
    ]
    assert main(["event", "agenda", "NOPE", "--db", db]) == EXIT_INVALID
    capsys.readouterr()
    for bad in ("0", "-1", "x"):  # the walkthrough: 0 printed everything, -1 all but the first
        with pytest.raises(SystemExit) as usage:
            main(["event", "log", "--last", bad, "--db", db])
        assert usage.value.code == 2
        assert "expected a whole number of at least 1" in capsys.readouterr().err


def test_the_agenda_marks_what_cannot_take_place_as_the_status_counts_it(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: before a re-plan the agenda read "10:15 meet SS-084" of a partner
    recorded a no-show.  A meeting a no-show, a late arrival, an away window or a cancel keeps
    from taking place is marked, with why (text and --json), by the rule `status` counts the
    next slot's by; after a re-plan acts on the changes, nothing is left to mark."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    mine = [m for m in event.meetings() if "JT-004" in (m.a, m.b)]
    gone, late, away, cancelled = mine[:4]
    event.no_show(gone.b, at="09:00")
    event.late(late.b, f"{late.end:%H:%M}")  # arrives after the meeting starts
    event.unavailable(away.b, f"{away.start:%H:%M}-{away.end:%H:%M}")
    event.cancel("JT-004", cancelled.b)
    name = event.participant
    why = {
        gone: f"{gone.b} did not show up",
        late: f"{late.b} has not arrived by then",
        away: f"{away.b} is away then",
        cancelled: f"JT-004 and {cancelled.b} cancelled it",
    }
    capsys.readouterr()
    assert main(["event", "agenda", "JT-004", "--db", db]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0] == f"JT-004 {name('JT-004').name}: {len(mine)} meetings (4 that cannot take place as booked)"
    )
    assert lines[1:] == [
        f"  {m.start:%H:%M}  table {m.table}  {m.b} {name(m.b).name}"
        + (f"  (cannot take place: {why[m]})" if m in why else "")
        for m in mine
    ]
    assert main(["--lang", "id", "event", "agenda", "JT-004", "--db", db]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f"{len(mine)} pertemuan (4 tidak dapat berlangsung seperti dijadwalkan)")
    assert lines[1].endswith(f"{gone.b} {name(gone.b).name}  (tidak dapat berlangsung: {gone.b} tidak hadir)")
    assert lines[2].endswith(f"(tidak dapat berlangsung: {late.b} belum datang pada waktu itu)")
    assert lines[3].endswith(f"(tidak dapat berlangsung: {away.b} berhalangan pada waktu itu)")
    assert lines[4].endswith(f"(tidak dapat berlangsung: JT-004 dan {cancelled.b} membatalkannya)")
    assert main(["--json", "event", "agenda", "JT-004", "--db", db]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)["meetings"]
    assert [r["unattended"] for r in rows] == [
        {"reason": "no-show", "participant": gone.b},
        {"reason": "late", "participant": late.b},
        {"reason": "away", "participant": away.b},
        {"reason": "cancelled", "participant": None},
    ] + [None] * (len(mine) - 4)
    # one rule: the status of each meeting's slot counts it as the agenda marks it
    for m, mark in event.agenda("JT-004"):
        assert (m in event.status(f"{m.start:%H:%M}").unattended) == (mark is not None), m
    # the no-show's own agenda: every meeting, for its own absence
    assert {mark for _, mark in event.agenda(gone.b)} == {Unattended("no-show", gone.b)}
    event.replan("08:00")  # acted on: cancelled or moved, nothing left to mark
    assert [mark for _, mark in event.agenda("JT-004")] == [None] * len(event.agenda("JT-004"))


def test_status_in_the_evening_looks_to_the_next_day(tmp_path: Path) -> None:
    """An evening desk getting ready for day 2 was refused ("outside the event")."""
    event, _ = _event_of_days(tmp_path, ["2020-12-02", "2020-12-03"])
    day2 = min(s.start for s in event.plan.slots if s.start.date() == dt.date(2020, 12, 3))
    st = event.status("2020-12-02T19:00")
    assert (st.next_start, bool(st.free_tables) or bool(st.next_meetings)) == (day2, True)
    after = event.status("2020-12-03T22:00")  # after the last meeting: nothing is next
    assert (after.next_slot, after.next_meetings, after.free_tables) == (None, (), ())
    with pytest.raises(mm.ValidationError, match="outside the event"):
        event.status("2020-12-04T09:00")
    with pytest.raises(mm.ValidationError, match="outside the event"):
        event.check_in(
            event.meetings()[0].a, at="2020-12-02T19:00"
        )  # a change stays within the days' meetings


def test_a_log_piped_into_head_ends_quietly(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walkthrough: ``event log | head`` printed "cannot read or write a file: Broken pipe"
    and exited 1 (BrokenPipeError is an OSError, and the OSError branch came first)."""
    import sys

    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            pass

    db = _init(tmp_path, result_json)
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["event", "log", "--db", db]) == EXIT_OK
    assert capsys.readouterr().err == ""


#: A change about the same participant recorded after the mistake that does not rest on it.
LATER_APART: dict[str, Callable[[LiveEvent, str], object]] = {
    "check_in": lambda e, pid: e.unavailable(pid, "15:00-15:50"),
    "no_show": lambda e, pid: e.unavailable(pid, "15:00-15:50"),
    "late": lambda e, pid: e.unavailable(pid, "15:00-15:50"),
    # the desk's later away window and an attendance change both stand apart from these
    "unavailable": lambda e, pid: e.check_in(pid, at="09:15"),
    "cancel": lambda e, pid: e.late(pid, "12:00"),
}


@pytest.mark.parametrize("kind", sorted(LATER_APART))
def test_a_change_undone_by_its_number_leaves_the_event_as_if_only_it_was_never_recorded(
    tmp_path: Path, result_json: Path, kind: str
) -> None:
    """``undo(id, change=N)``: the later change about the same participant stays, and the event
    is the one of a second file that holds the later change but never held the mistake (the
    same oracle as for the latest; before, the desk had to take back the later one first)."""
    mine, clean = open_event(_init(tmp_path, result_json)), open_event(_init(tmp_path, result_json, "clean"))
    _base(mine)
    _base(clean)
    pid = MISTAKES[kind](mine)
    seq = mine.changes()[-1]["seq"]
    LATER_APART[kind](mine, pid)
    LATER_APART[kind](clean, pid)
    assert mine.changes()[-1]["subject"] == pid  # so a plain undo would take the later one back
    undone = mine.undo(pid, change=int(str(seq)))
    assert (undone.seq, undone.kind) == (seq, kind)
    assert _outcome(mine, "10:00") == _outcome(clean, "10:00")
    log = open_event(mine.path).changes()
    assert [c["kind"] for c in log if c["seq"] == seq] == [f"undone:{kind}"]
    assert log[-2]["kind"] == "undo"  # then the re-plan of _outcome


def test_a_change_with_changes_recorded_on_top_of_it_is_not_undone_by_its_number(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A no-show the check-in after it rests on (one who turned up: without the no-show it
    would be an ordinary arrival, which opens the desk for everyone), and a walk-in a later
    change names: refused (exit 1, nothing written), naming the later changes and the undos."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.no_show("JT-005", at="09:00")  # 2
    event.unavailable("JT-005", "15:00-15:50")  # 3: apart
    event.check_in("JT-005", at="10:25")  # 4: turned up, on top of 2
    event.walk_in(ROW, at="09:40")  # 5
    event.unavailable("W-1", "13:00-14:00")  # 6: names the walk-in
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("JT-005", change=2)
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("undo-has-later", ("JT-005",))
    assert problem.message == (
        "change 2 (a no-show) cannot be undone while change 4 about JT-005, recorded on top of it, stands"
    )
    assert problem.hint == (
        "take them back latest first, then record again what was right: "
        "`matchmaker event undo JT-005 --change 4`; `matchmaker event undo JT-005 --change 2`"
    )
    assert problem_text(problem, "id").startswith(
        "peserta JT-005: perubahan 2 (catatan tidak hadir) tidak dapat diurungkan selama perubahan 4 "
        "tentang JT-005, yang dicatat sesudahnya, masih berlaku"
    )
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("W-1", change=5)
    assert caught.value.problems[0].data["later"] == "6"
    assert event.changes() == before
    capsys.readouterr()
    assert main(["event", "undo", "JT-005", "--change", "2", "--db", db]) == EXIT_INVALID
    assert "change 4 about JT-005, recorded on top of it" in capsys.readouterr().err
    assert open_event(db).changes() == before
    # what the hint says works: the check-in, then the no-show; the away window stays
    assert [event.undo("JT-005", change=n).kind for n in (4, 2)] == ["check_in", "no_show"]
    assert [c["kind"] for c in event.changes() if c["subject"] == "JT-005"] == [
        "undone:no_show",
        "unavailable",
        "undone:check_in",
        "undo",
        "undo",
    ]


def test_several_changes_on_top_are_listed_in_order_and_joined_in_each_language(
    tmp_path: Path, result_json: Path
) -> None:
    """The review: the Indonesian text read "perubahan 4 and 3" (the English join, the latest first)."""
    event = open_event(_init(tmp_path, result_json))
    event.no_show("JT-005", at="09:00")  # 2
    event.check_in("JT-005", at="10:00")  # 3: turned up
    event.check_in("JT-005", at="10:05")  # 4: a second desk's
    event.check_in("JT-005", at="10:10")  # 5: a third's
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("JT-005", change=2)
    (problem,) = caught.value.problems
    assert "while changes 3, 4 and 5 about JT-005" in problem.message
    assert "selama perubahan 3, 4 dan 5 tentang JT-005" in problem_text(problem, "id")
    steps = [f"`matchmaker event undo JT-005 --change {n}`" for n in (5, 4, 3, 2)]
    assert (problem.hint or "").endswith(": " + "; ".join(steps))


def test_a_walk_in_a_replan_came_after_is_kept_whatever_changes_follow_it(
    tmp_path: Path, result_json: Path
) -> None:
    """The review: with a later change about the walk-in, the refusal was ``undo-has-later``,
    whose steps took back the later (correct) change and then hit ``walk-in-kept`` anyway."""
    event = open_event(_init(tmp_path, result_json))
    event.walk_in(ROW, at="09:00")  # 2
    event.replan("09:00")  # 3
    event.unavailable("W-1", "13:00-14:00")  # 4
    before = event.changes()
    for change in (2, None):
        with pytest.raises(mm.ValidationError) as caught:
            event.undo("W-1", change=change) if change else event.undo("W-1", "walk_in")
        assert caught.value.problems[0].kind == ("walk-in-kept" if change else "undo-other-kind")
    assert event.changes() == before


def test_a_mistyped_check_in_of_yesterday_is_undone_while_today_s_stays(tmp_path: Path) -> None:
    """A later check-in stands apart from an earlier check-in (the review: the day-2 check-in
    was counted as resting on a mistyped day-1 one, and had to be taken back and typed again)."""
    event, side_a = _event_of_days(tmp_path, ["2020-12-02", "2020-12-03"])
    a = side_a[0]
    event.check_in(a, at="2020-12-02T09:00")  # 2: typed for the wrong company
    event.check_in(a, at="2020-12-03T09:00")  # 3: right, the next day
    assert event.undo(a, change=2).kind == "check_in"
    st = event._state().att
    assert st.arrivals[a] == {dt.date(2020, 12, 3): ("2020-12-03T09:00:00+07:00", False)}
    assert event.status("2020-12-02T10:00").present == ()
    assert a in event.status("2020-12-03T10:00").present


def test_a_change_s_number_is_a_whole_number(tmp_path: Path, result_json: Path) -> None:
    event = open_event(_init(tmp_path, result_json))
    event.check_in("JT-004", at="08:55")
    for given in ("2", 2.0, True):
        with pytest.raises(mm.ValidationError, match="change: expected a change's number"):
            event.undo("JT-004", change=given)  # type: ignore[arg-type]
    assert event.undo("JT-004", change=2).kind == "check_in"


@pytest.mark.parametrize(
    ("change", "case", "message"),
    [
        (99, "none", "there is no change 99 (the last is 4)"),
        (2, "undone", "change 2 (about JT-004) is undone already"),
        (4, "undo", "change 4 is an undo, which cannot be undone"),
        (1, "kind", "change 1 is the event file's start, which cannot be undone"),
        (3, "other", "change 3 is about SS-002, not JT-004"),
    ],
)
def test_a_number_that_is_no_change_about_the_participant_is_refused(
    tmp_path: Path, result_json: Path, change: int, case: str, message: str
) -> None:
    event = open_event(_init(tmp_path, result_json))
    event.check_in("JT-004", at="08:55")  # 2, undone below as 4
    event.late("SS-002", "11:00")  # 3
    event.undo("JT-004")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("JT-004", change=change)
    (problem,) = caught.value.problems
    assert (problem.kind, problem.data["case"], problem.message) == ("no-such-change", case, message)
    if case == "other":
        assert problem.hint == "`matchmaker event undo SS-002 --change 3` takes it back"
        assert problem_text(problem, "id").endswith(
            "perubahan 3 bukan tentang JT-004, melainkan tentang SS-002 "
            "(matchmaker event undo SS-002 --change 3 mengurungkannya)"
        )
    elif case == "undo":  # before, the hint named only `event log`: the check-in is recorded again
        assert problem.hint == (
            "to put back change 2, which it took back, record it again: "
            "`matchmaker event checkin JT-004 --at 08:55`"
        )
        assert problem_text(problem, "id").endswith(
            "perubahan 4 mengurungkan perubahan 2 dan tidak dapat diurungkan "
            "(untuk mengembalikan perubahan 2, catat lagi: matchmaker event checkin JT-004 --at 08:55)"
        )
    elif case == "undone":  # one who meant to take back its undo: recorded again
        assert problem.hint == (
            "if it was right after all, record it again: `matchmaker event checkin JT-004 --at 08:55`"
        )
        assert problem_text(problem, "id").endswith(
            "(jika ternyata perubahan itu benar, catat lagi: matchmaker event checkin JT-004 --at 08:55)"
        )
    else:
        assert (
            problem.hint == "`matchmaker event log JT-004` lists the changes about JT-004, with their numbers"
        )
    assert event.changes() == before


def test_undoing_an_undo_gives_the_command_that_records_the_change_again(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: undoing an undo was refused with a hint to read the log.  The hint now
    gives, for each kind, the command that records the change taken back once more (its
    times as it had them), and that command, typed, records it again."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    a, b = _pair(event)
    records = {
        "check_in": (lambda: event.check_in("JT-004", at="08:55"), "JT-004"),
        "no_show": (lambda: event.no_show("JT-005", at="09:00"), "JT-005"),
        "late": (lambda: event.late("JT-006", "10:30"), "JT-006"),
        "unavailable": (lambda: event.unavailable("SS-011", "10:00-14:00"), "SS-011"),
        "cancel": (lambda: event.cancel(a, b, at="09:05"), b),
        "walk_in": (lambda: event.walk_in(ROW, at="09:40"), "W-1"),
    }
    again = {
        "check_in": "matchmaker event checkin JT-004 --at 08:55",
        "no_show": "matchmaker event noshow JT-005 --at 09:00",
        "late": "matchmaker event late JT-006 --until 10:30",
        "unavailable": "matchmaker event unavailable SS-011 --window '10:00-14:00'",
        "cancel": f"matchmaker event cancel {a} {b} --at 09:05",
        "walk_in": "matchmaker event walkin ROW.json --at 09:40",  # its row left with the undo
    }
    for kind, (record, pid) in records.items():
        record()
        undone = event.undo(pid)
        undo = event.changes()[-1]["seq"]
        with pytest.raises(mm.ValidationError) as caught:
            event.undo(pid, change=int(undo))  # type: ignore[arg-type]
        (problem,) = caught.value.problems
        assert (problem.data.get("case"), problem.data.get("undone")) == ("undo", undone.seq), (kind, problem)
        assert problem.hint == (
            f"to put back change {undone.seq}, which it took back, record it again: `{again[kind]}`"
        ), kind
    capsys.readouterr()
    # typed as given, each records its change again (the walk-in from its row's file)
    (tmp_path / "ROW.json").write_text(json.dumps(ROW), encoding="utf-8")
    for kind, command in again.items():
        argv = command.removeprefix("matchmaker ").replace("'", "").split()
        argv = [str(tmp_path / "ROW.json") if x == "ROW.json" else x for x in argv]
        assert main([*argv, "--db", db]) == EXIT_OK, kind
    kinds = [c["kind"] for c in open_event(db).changes()[-len(again) :]]
    assert kinds == list(again)


def test_undo_takes_a_number_or_a_kind_not_both(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-004", at="08:55")
    with pytest.raises(mm.ValidationError, match="give the change's number or its kind, not both"):
        event.undo("JT-004", "check_in", change=2)
    capsys.readouterr()
    for given in (["--kind", "checkin", "--change", "2"], ["--change", "0"]):
        with pytest.raises(SystemExit) as usage:
            main(["event", "undo", "JT-004", *given, "--db", db])
        assert usage.value.code == 2
    err = capsys.readouterr().err
    assert "argument --change: not allowed with argument --kind" in err
    assert "argument --change: expected a whole number of at least 1, got '0'" in err
    assert main(["event", "undo", "JT-004", "--change", "2", "--db", db]) == EXIT_OK
    assert "undone: JT-004's check-in at 08:55" in capsys.readouterr().out


def test_a_meeting_given_back_to_a_no_show_who_turned_up_says_it_is_back_on(
    tmp_path: Path, result_json: Path
) -> None:
    """Before, the partners of a no-show who came after all were told their meeting, cancelled
    at the last re-plan, "fills free slots", as if it were a new one."""
    from matchmaker.reporting.reasons import change_reason

    event = open_event(_init(tmp_path, result_json))
    event.no_show("SS-010", at="09:00")
    lost = {(c.a, c.b) for c in event.replan("09:00").cancelled}
    event.check_in("SS-010", at="10:00")
    plan = event.replan("10:00")
    added = plan.added
    back = [c for c in added if (c.a, c.b) in lost]
    assert back
    for c in back:
        assert c.reason.startswith(
            f"{c.a} and {c.b} can meet again: their meeting, cancelled earlier, is back on"
        )
        assert change_reason(c.why, "id").startswith(
            f"{c.a} dan {c.b} dapat bertemu lagi: pertemuan yang sempat dibatalkan dijadwalkan kembali"
        )
    assert not [c for c in added if (c.a, c.b) not in lost and "back on" in c.reason]  # new pairs are not
    # and the messages say so (the third walkthrough: they said "New meeting")
    from matchmaker.live.messages import texts

    told = texts(event, plan)
    c = back[0]
    partner = c.a if c.b == "SS-010" else c.b
    indonesian, english = told[partner]
    assert f"Meeting with {event.participant('SS-010').name} back on: " in english
    assert f"Pertemuan dengan {event.participant('SS-010').name} dijadwalkan kembali: " in indonesian


def test_the_log_names_a_walk_in_taken_back(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its participant row is gone once undone: the walk-in recorded the name (the review: the
    log read "W-1 walked in at 09:00 (undone)" with no company)."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.walk_in(ROW, at="09:00")
    event.undo("W-1")
    capsys.readouterr()
    assert main(["event", "log", "--last", "2", "--db", db]) == EXIT_OK
    assert (
        capsys.readouterr()
        .out.splitlines()[0]
        .endswith("W-1 CV Baru walked in at 09:00 (undone)  [" + (event.changes()[1]["who"] + "]"))
    )


def test_a_cancel_of_an_id_with_a_bar_is_named_by_its_two_ids(tmp_path: Path, result_json: Path) -> None:
    """A cancel's subject is "a|b"; an id may hold "|" (the review: "about JT and 1 and SS-008")."""
    event = open_event(_init(tmp_path, result_json))
    event.walk_in(ROW | {"id": "W|1", "name": "CV Garis"}, at="09:00")  # 2
    event.replan("09:00")  # 3
    m = next(m for m in event.meetings() if "W|1" in (m.a, m.b))
    event.cancel(m.a, m.b)  # 4
    other = m.a if m.b == "W|1" else m.b
    with pytest.raises(mm.ValidationError) as caught:
        event.undo("JT-001" if other != "JT-001" else "JT-002", change=4)
    (problem,) = caught.value.problems
    assert problem.data["case"] == "other"
    assert f"is about {m.a} and {m.b}, not" in problem.message
    assert problem.hint == f"`matchmaker event undo {m.a} --change 4` takes it back"


def test_a_late_arrival_of_one_who_is_here_is_refused(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The third walkthrough's must-fix: `late` was accepted for one checked in at 08:42, and the
    next re-plan reported its meetings of 09:00-10:15, which took place, as cancelled ("arrives
    at 11:00"); undo could not bring them back.  Refused now, with the away window instead."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-005", at="08:42")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.late("JT-005", "11:00")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.data["case"]) == ("checked-in", "late")
    assert problem.message == "JT-005 checked in at 08:42: a late arrival is one who has not come yet"
    assert problem.hint == (
        "if JT-005 has left and comes back at 11:00, record the time away: "
        "`matchmaker event unavailable JT-005 --window '<when they left>-11:00'`; "
        "if the check-in was a mistake, undo it: `matchmaker event undo JT-005 --change 2`"
    )
    assert problem_text(problem, "id").startswith(
        "peserta JT-005: JT-005 sudah tercatat hadir pada 08.42: terlambat berarti belum datang"
    )
    assert event.changes() == before
    capsys.readouterr()
    assert main(["event", "late", "JT-005", "--until", "11:00", "--db", db]) == EXIT_INVALID
    # what the hint says keeps the meetings held before the window
    event.unavailable("JT-005", "10:20-11:00")
    plan = event.replan("10:25")
    lost = [
        event.plan.slots[c.old_slot or 0] for c in (*plan.cancelled, *plan.moved) if "JT-005" in (c.a, c.b)
    ]
    assert lost
    assert all(f"{s.end:%H:%M}" > "10:20" for s in lost)  # only those the window overlaps
    # one not here yet is announced late as before; a no-show who turns up is here
    event.late("JT-006", "11:00")
    event.no_show("JT-007", at="09:00")
    event.check_in("JT-007", at="10:30")
    with pytest.raises(mm.ValidationError, match="JT-007 checked in at 10:30"):
        event.late("JT-007", "11:30")


def test_a_replan_without_out_warns_that_nobody_is_told(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The third walkthrough: `event replan` without `--out` recorded the re-plan, wrote no
    message and said nothing; the next re-plan found nothing new, so nobody was ever told."""
    db = _init(tmp_path, result_json)
    assert main(["event", "noshow", "JT-003", "--at", "09:00", "--db", db]) == EXIT_OK
    capsys.readouterr()
    assert main(["event", "replan", "--now", "09:10", "--db", db]) == EXIT_OK
    said = capsys.readouterr()
    assert len(said.out.splitlines()) == 1
    assert said.err.startswith("warning: no updates written for the ")  # on stderr, as other warnings
    # they are kept with the re-plan: the command that writes them, as the desk pastes it
    assert said.err.rstrip().endswith(
        f"write them with `matchmaker event updates 3 --out updates-0910 --db {db}`"
    )
    assert main(["--lang", "id", "event", "replan", "--now", "09:12", "--db", db]) == EXIT_OK
    assert capsys.readouterr().err == ""  # nothing changed: nothing to tell
    assert main(["event", "noshow", "JT-004", "--at", "09:12", "--db", db]) == EXIT_OK
    assert main(["--lang", "id", "event", "replan", "--now", "09:13", "--db", db]) == EXIT_OK
    assert "peringatan: tidak ada pemberitahuan yang ditulis" in capsys.readouterr().err
    assert main(["event", "noshow", "JT-006", "--at", "09:13", "--db", db]) == EXIT_OK
    capsys.readouterr()
    assert main(["--json", "event", "replan", "--now", "09:14", "--db", db]) == EXIT_OK
    (warning,) = json.loads(capsys.readouterr().out)["warnings"]
    assert warning.startswith("warning: no updates written for the ")
    with pytest.raises(SystemExit):
        main(["--lang", "id", "event", "log", "--last", "0", "--db", db])
    assert "argumen --last: harus bilangan bulat >= 1, bukan '0'" in capsys.readouterr().err


def test_a_check_in_that_ended_a_no_show_is_not_undone_by_number_under_a_later_check_in(
    tmp_path: Path,
) -> None:
    """The second review: the no-show's own undo was refused while a later check-in stood, but not
    the check-in that ended it, whose undo turned the later check-in into one who turned up and
    closed that day's desk."""
    event, side_a = _event_of_days(tmp_path, ["2020-12-02", "2020-12-03"])
    a = side_a[0]
    event.no_show(a, at="2020-12-02T09:00")  # 2
    event.check_in(a, at="2020-12-02T10:00")  # 3: turned up
    event.check_in(a, at="2020-12-03T08:50")  # 4: the next day
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.undo(a, change=3)
    assert (caught.value.problems[0].kind, caught.value.problems[0].data["later"]) == ("undo-has-later", "4")
    assert event.changes() == before
    assert [event.undo(a, change=n).kind for n in (4, 3)] == ["check_in", "check_in"]


def test_a_second_check_in_of_the_day_is_recorded_and_said(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The third walkthrough: desk2's check-in of one desk1 had checked in was recorded without a
    word.  It is still recorded (the first arrival counts), and the desk is told whose came
    first and how to take this one back, which works."""
    db = _init(tmp_path, result_json)
    capsys.readouterr()
    assert main(["event", "checkin", "JT-001", "--at", "08:40", "--who", "desk1", "--db", db]) == EXIT_OK
    assert capsys.readouterr().err == ""  # the first: nothing to say
    assert main(["event", "checkin", "JT-001", "--at", "08:42", "--who", "desk2", "--db", db]) == EXIT_OK
    err = capsys.readouterr().err.strip()
    assert err == (
        "note: JT-001 was checked in already at 08:40 by desk1 (change 2), which counts; "
        f"`matchmaker event undo JT-001 --change 3 --db {db}` takes back this one"
    )
    assert main(["--lang", "id", "--json", "event", "checkin", "JT-001", "--db", db]) == EXIT_OK
    (said,) = json.loads(capsys.readouterr().out)["warnings"]
    assert said.startswith("catatan: JT-001 sudah tercatat hadir pukul 08.40 oleh desk1 (perubahan 2)")
    assert main(["event", "undo", "JT-001", "--change", "3", "--db", db]) == EXIT_OK
    assert [c["kind"] for c in open_event(db).changes()[1:4]] == ["check_in", "undone:check_in", "check_in"]


def test_the_commands_a_hint_gives_name_the_event_file_and_run_as_pasted(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: every command a hint or note gave lacked ``--db``, so the desk pasting
    it got "the following arguments are required: --db" (exit 2).  Each now names the event
    file the command was given (quoted for the shell), in both languages; ``--json`` keeps the
    texts as written."""
    db = _init(tmp_path, result_json, "day one.sqlite")
    assert main(["event", "checkin", "JT-001", "--at", "08:50", "--db", db]) == EXIT_OK
    assert main(["event", "checkin", "JT-001", "--at", "08:52", "--db", db]) == EXIT_OK
    note = capsys.readouterr().err
    pasted = re.findall(r"`(matchmaker event [^`]*)`", note)
    assert pasted == [f"matchmaker event undo JT-001 --change 3 --db '{db}'"]
    assert main(shlex.split(pasted[0])[1:]) == EXIT_OK  # as pasted: the second check-in undone
    assert [c["kind"] for c in open_event(db).changes()][-1] == "undo"
    capsys.readouterr()
    assert main(["--lang", "id", "event", "late", "JT-001", "--until", "11:00", "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"matchmaker event undo JT-001 --change 2 --db '{db}'" in err
    assert main(["--json", "event", "late", "JT-001", "--until", "11:00", "--db", db]) == EXIT_INVALID
    assert "--db" not in json.loads(capsys.readouterr().out)["problems"][0]["hint"]


def test_an_agenda_without_a_meeting_says_why_and_what_the_desk_can_do(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: ``event agenda`` of a no-show after the re-plan, or of a walk-in before
    one, printed "0 meetings" and nothing else."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.check_in("JT-001", at="08:50")
    event.no_show("JT-003", at="09:00")
    event.walk_in(ROW, at="09:10")
    capsys.readouterr()
    assert main(["event", "agenda", "W-1", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  walked in: the next re-plan gives them meetings where partners are free"
    ]
    event.replan("09:15")
    for argv, said in (
        (["event", "agenda", "JT-003"], "recorded a no-show: the re-plan cancels their meetings; if JT-003"),
        (["event", "agenda", "W-1"], "walked in: the re-plan found no partner free for them (once the desk"),
        (["--lang", "id", "event", "agenda", "JT-003"], "tercatat tidak hadir: penjadwalan ulang"),
    ):
        assert main([*argv, "--db", db]) == EXIT_OK
        out = capsys.readouterr().out.splitlines()
        assert out[0].endswith(": 0 meetings") or out[0].endswith(": 0 pertemuan")
        assert out[1].startswith("  " + said), out
    assert main(["--json", "event", "agenda", "JT-003", "--db", db]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["empty"] == "no-show"


def test_a_walk_in_typed_again_under_its_id_is_told_it_walked_in_already(
    tmp_path: Path, result_json: Path
) -> None:
    """The walkthrough: the same walk-in entered again (a second desk, a re-typed row) was
    refused as "id used more than once (give the walk-in a new id)", which would enter the
    business twice under another id.  The same id and business: already there, nothing to
    record; the id of another business: still a duplicate id."""
    db = _init(tmp_path, result_json)
    event = open_event(db)
    event.walk_in(ROW, at="09:10")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in(ROW | {"name": "C.V. Baru"}, at="09:20")  # the same business, spelt otherwise
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("already-walked-in", ("W-1",))
    assert problem.message == "W-1 CV Baru walked in already"
    assert problem_text(problem, "id").startswith(
        "peserta W-1, isian 'id': W-1 CV Baru sudah tercatat datang"
    )
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in(ROW | {"name": "PT Lain"}, at="09:20")
    assert [p.kind for p in caught.value.problems] == ["duplicate-id"]
    assert event.changes() == before


def test_an_id_typed_in_another_case_or_spacing_is_named(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: ``event checkin jt-001`` said "unknown participant 'jt-001'" and no
    more; the Indonesian text lacked even the hint.  Now the id it most likely is, or where
    ids come from, in both languages; nothing is recorded."""
    db = _init(tmp_path, result_json)
    before = open_event(db).changes()
    assert main(["event", "checkin", "jt-001", "--db", db]) == EXIT_INVALID
    assert "unknown participant 'jt-001' (did you mean 'JT-001'?" in capsys.readouterr().err
    assert main(["--lang", "id", "event", "noshow", "jt 002", "--db", db]) == EXIT_INVALID
    assert "(maksud Anda 'JT-002'?)" in capsys.readouterr().err
    assert main(["--lang", "id", "event", "checkin", "XX-9", "--db", db]) == EXIT_INVALID
    assert "(pakai id dari tabel peserta yang diterbitkan atau id peserta dadakan)" in capsys.readouterr().err
    assert open_event(db).changes() == before


def test_status_names_who_has_not_come_and_meets_in_the_next_slot(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: JT-046 hosted meetings from 09:25 without having checked in, and
    ``event status`` said only "expected: 8".  Once the desk checks people in, the status names
    those not checked in who meet someone in the next slot (before, nobody: everyone is)."""
    db = _init(tmp_path, result_json)
    assert main(["event", "status", "--now", "08:50", "--db", db]) == EXIT_OK
    assert "not checked in yet" not in capsys.readouterr().out  # the desk has not begun
    event = open_event(db)
    status = event.status("08:50")
    first = sorted({p for m in status.next_meetings for p in (m.a, m.b)})
    for pid in first[1:]:
        event.check_in(pid, at="08:50")
    capsys.readouterr()
    assert main(["event", "status", "--now", "08:55", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[2] == (
        f"not checked in yet, with a meeting in the next slot: {first[0]}"
    )
    assert main(["--lang", "id", "event", "status", "--now", "08:55", "--db", db]) == EXIT_OK
    assert (
        f"belum tercatat hadir, padahal ada pertemuan di sesi berikutnya: {first[0]}"
        in capsys.readouterr().out
    )
