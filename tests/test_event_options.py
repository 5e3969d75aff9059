"""The event-day commands' options: ``late --at`` (the time a late arrival was announced, as
the other changes take theirs) and ``--lead`` (where it acts)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.live import open_event
from tests.test_event_mistakes import _two_days  # the event of two days those tests use


def _init(tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "event.sqlite")
    assert main(["event", "init", str(result_json), "--db", db]) == EXIT_OK
    capsys.readouterr()
    return db


def test_late_takes_the_time_it_was_announced(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``checkin``, ``noshow``, ``walkin`` and ``cancel`` take ``--at``; ``late`` did not
    (``--at`` was a usage error), so the log could not say when a late arrival was announced."""
    db = _init(tmp_path, result_json, capsys)
    assert (
        main(["event", "late", "SS-002", "--until", "11:00", "--at", "08:40", "--db", db, "--json"])
        == EXIT_OK
    )
    seq = json.loads(capsys.readouterr().out)["seq"]
    event = open_event(db)
    (change,) = [c for c in event.changes() if c["seq"] == seq]
    assert change["kind"] == "late"
    assert change["payload"] == {"until": "2020-12-02T11:00:00+07:00"}
    assert change["at"] == "2020-12-02T08:40:00+07:00"  # when it was announced, as every change's time
    event.close()
    assert main(["event", "log", "SS-002", "--db", db]) == EXIT_OK
    assert (
        "SS-002 PT Jaya Lematang Trading's late arrival at 11:00 (announced at 08:40)"
        in capsys.readouterr().out
    )
    assert main(["event", "log", "SS-002", "--db", db, "--lang", "id"]) == EXIT_OK
    assert "datang pukul 11.00 (dikabarkan pukul 08.40)" in capsys.readouterr().out
    # without it, as before: no time of its own (the log says the arrival only)
    assert main(["event", "late", "SS-003", "--until", "11:00", "--db", db]) == EXIT_OK
    assert capsys.readouterr().out.startswith("recorded: SS-003 ")
    assert open_event(db).changes()[-1]["at"] is None
    # taken back and refused a second time: the command that records it again has its --at
    event = open_event(db)
    event.undo("SS-002", change=seq)
    with pytest.raises(mm.ValidationError) as again:
        event.undo("SS-002", change=seq)
    assert "matchmaker event late SS-002 --until 11:00 --at 08:40" in (again.value.problems[0].hint or "")


def test_unavailable_takes_the_time_it_was_announced_too(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other change without ``--at``: one's time away, announced before it."""
    db = _init(tmp_path, result_json, capsys)
    argv = ["event", "unavailable", "JT-010", "--window", "13:00-14:00", "--at", "12:50", "--db", db]
    assert main(argv) == EXIT_OK
    assert "JT-010 " in capsys.readouterr().out
    event = open_event(db)
    change = event.changes()[-1]
    assert (change["payload"], change["at"]) == ({"window": "13:00-14:00"}, "2020-12-02T12:50:00+07:00")
    assert main(["event", "log", "JT-010", "--db", db, "--lang", "id"]) == EXIT_OK
    assert "catatan berhalangan JT-010 CV " in capsys.readouterr().out
    assert main(["event", "log", "JT-010", "--db", db]) == EXIT_OK
    assert "'s time away 13:00-14:00 (announced at 12:50)" in capsys.readouterr().out
    event.undo("JT-010", change=int(str(change["seq"])))
    with pytest.raises(mm.ValidationError) as again:
        event.undo("JT-010", change=int(str(change["seq"])))
    assert "matchmaker event unavailable JT-010 --window '13:00-14:00' --at 12:50" in (
        again.value.problems[0].hint or ""
    )


@pytest.mark.parametrize(
    "command", [["late", "SS-002", "--until", "11:00"], ["unavailable", "SS-002", "--window", "13:00-14:00"]]
)
@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("25:00", "bad-time"),
        ("soon", "bad-time"),
        ("18:00", "time-outside-event"),
        ("2020-12-05T09:00", "time-outside-event"),
    ],
)
def test_late_and_unavailable_at_are_checked_as_the_other_changes_at(
    tmp_path: Path,
    result_json: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    value: str,
    kind: str,
) -> None:
    """The same refusal as ``noshow --at`` (and ``checkin``, ``cancel``) for the same value:
    exit 1, the field named, nothing written."""
    db = _init(tmp_path, result_json, capsys)
    before = open_event(db).changes()
    assert main(["event", *command, "--at", value, "--db", db, "--json"]) == EXIT_INVALID
    (given,) = json.loads(capsys.readouterr().out)["problems"]
    assert main(["event", "noshow", "SS-002", "--at", value, "--db", db, "--json"]) == EXIT_INVALID
    (noshow,) = json.loads(capsys.readouterr().out)["problems"]
    assert (given["kind"], given["field"], given["message"]) == (kind, "at", noshow["message"])
    assert open_event(db).changes() == before


def test_late_at_on_an_event_of_two_days(tmp_path: Path) -> None:
    """A bare time is refused as for every change (which day?); a day-2 arrival announced on
    day 2 leaves day 1 alone where, with the desks' latest time still on day 1, it took day
    1's meetings too (reported cancelled: meetings that took place, or were never missed)."""
    event = _two_days(tmp_path)
    with pytest.raises(mm.ValidationError) as bare:
        event.late("JT-001", "2020-12-03T10:00", at="08:40")
    assert bare.value.problems[0].kind == "time-without-day"
    assert bare.value.problems[0].field == "at"
    days = sorted({m.start.date() for m in event.meetings()})
    pid = next(
        p
        for p in {m.a for m in event.meetings()}
        if {m.start.date() for m in event.meetings() if m.a == p} == set(days)
    )
    other = next(m.a for m in event.meetings() if m.a != pid)
    event.check_in(other, at="2020-12-02T09:00")  # the desks are on day 1
    event.late(pid, "2020-12-03T10:00", at="2020-12-03T08:30")
    marked = {m.start.date(): why for m, why in event.agenda(pid) if why is not None}
    assert dt.date(2020, 12, 3) in marked  # day 2 before 10:00: not arrived yet
    assert dt.date(2020, 12, 2) not in marked  # day 1: its meetings stand
    assert event.changes()[-1]["payload"]["from"] == "2020-12-03T00:00:00+07:00"
    # the same without --at: the desks' latest time is day 1's, so day 1 is taken too (as documented)
    event.undo(pid)
    event.late(pid, "2020-12-03T10:00")
    assert dt.date(2020, 12, 2) in {m.start.date() for m, why in event.agenda(pid) if why is not None}


#: The commands ``--lead`` acts on (the re-plan's frozen slots; a walk-in's warnings), and the
#: others, where every command offered it before with the same help.
ACTS = ("replan", "walkin")
IDLE = ("init", "checkin", "noshow", "late", "unavailable", "cancel", "undo", "agenda", "log", "status")


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_lead_is_offered_where_it_acts(capsys: pytest.CaptureFixture[str]) -> None:
    """``--lead`` ("minutes before a meeting it is frozen") was in the help of every event
    command, ``log``, ``agenda`` and ``status`` included, where it meant nothing."""
    for command in ACTS:
        assert "--lead LEAD" in _help(["event", command], capsys), command
    for command in IDLE:
        assert "--lead" not in _help(["event", command], capsys), command
    assert "dikunci" in _help(["--lang", "id", "event", "walkin"], capsys)


@pytest.mark.parametrize(
    "argv",
    [["status"], ["log"], ["agenda", "JT-004"], ["checkin", "SS-001", "--at", "08:50"]],
    ids=["status", "log", "agenda", "checkin"],
)
def test_lead_elsewhere_still_runs_and_says_it_does_nothing(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    """A desk's script that passes ``--lead`` to every command keeps running on the day (it
    is not a usage error), with the same output, and is told the option does nothing there."""
    db = _init(tmp_path, result_json, capsys)
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(Path(db).read_bytes())
    assert main(["event", *argv, "--db", db]) == EXIT_OK
    plain = capsys.readouterr()
    assert main(["event", *argv, "--lead", "15", "--db", str(copy)]) == EXIT_OK
    given = capsys.readouterr()
    assert given.out.replace(str(copy), db) == plain.out
    note = f"note: --lead does nothing for `event {argv[0]}`: it is the lead time of `event replan`"
    assert note in given.err
    assert note not in plain.err
    assert main(["--json", "event", *argv, "--lead", "15", "--db", str(copy)]) == EXIT_OK
    assert note in " ".join(json.loads(capsys.readouterr().out)["warnings"])  # (--json: in its warnings)
    assert main(["--lang", "id", "event", *argv, "--lead", "15", "--db", str(copy)]) == EXIT_OK
    assert f"catatan: --lead tidak berpengaruh pada `event {argv[0]}`" in capsys.readouterr().err


def test_lead_acts_on_replan_and_walkin_and_is_not_noted_there(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where it acts it changes the result: a walk-in at 15:25 fits the 15:30 slot with no lead
    time and is warned it is too late with 10 minutes; the re-plan freezes what starts within it."""
    row = json.dumps(
        {
            "id": "W-1",
            "name": "CV Baru",
            "delegation": "Sumatera Selatan",
            "province": "Sumsel",
            "needs": "10631",
        }
    )
    warned: dict[str, object] = {}
    for lead in ("0", "10"):
        (tmp_path / lead).mkdir()
        db = _init(tmp_path / lead, result_json, capsys)
        argv = ["--json", "event", "walkin", row, "--at", "15:25", "--lead", lead, "--db", db]
        assert main(argv) == EXIT_OK
        out = capsys.readouterr()
        warned[lead] = [w["reason"] for w in json.loads(out.out)["warnings"]]
        assert "does nothing" not in out.err
        assert main(["--json", "event", "replan", "--now", "15:25", "--lead", lead, "--db", db]) == EXIT_OK
        out = capsys.readouterr()
        warned[lead + " added"] = json.loads(out.out)["added"]
        assert "does nothing" not in out.out + out.err
    assert warned["0"] == []
    assert warned["10"] == ["arrives-too-late"]
    assert warned["10 added"] == 0  # 15:30 is frozen with 10 minutes: nothing to book
    assert isinstance(warned["0 added"], int)
    assert warned["0 added"] > 0  # open with none: the walk-in is booked there


def test_a_late_or_away_announced_at_a_time_moves_status_as_of_to_it(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``status`` without ``--now`` is "as of the latest time recorded"; a late arrival or an
    away window announced with ``--at`` did not count, so it stayed at the check-in before."""
    db = _init(tmp_path, result_json, capsys)
    assert main(["event", "checkin", "SS-001", "--at", "08:30", "--db", db]) == EXIT_OK

    def as_of() -> str:
        event = open_event(db)
        try:
            when = event.status().as_of
            return "" if when is None else f"{when:%H:%M}"
        finally:
            event.close()

    assert as_of() == "08:30"
    assert main(["event", "late", "SS-002", "--until", "11:00", "--at", "09:40", "--db", db]) == EXIT_OK
    assert as_of() == "09:40"  # the announcement, not the arrival (11:00) still to come
    argv = ["event", "unavailable", "JT-010", "--window", "13:00-14:00", "--at", "10:15", "--db", db]
    assert main(argv) == EXIT_OK
    assert as_of() == "10:15"
    assert main(["event", "late", "SS-003", "--until", "12:00", "--db", db]) == EXIT_OK  # no --at
    assert as_of() == "10:15"
    # an event file from before --at recorded a late arrival's own time there: still to come
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE changes SET at = json_extract(payload, '$.until') WHERE subject = 'SS-003'")
    con.close()
    assert as_of() == "10:15"
    capsys.readouterr()
    assert main(["event", "status", "--db", db]) == EXIT_OK
    assert "as of 10:15" in capsys.readouterr().out
