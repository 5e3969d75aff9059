"""The event-day desk's mistakes: each a clear error naming what and what to do, exit 1,
and nothing recorded."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path
from types import SimpleNamespace

import pytest

import matchmaker as mm
from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.live import LiveEvent, open_event
from matchmaker.live.cli import _updates_folder
from matchmaker.reporting.problems import problem_text
from matchmaker.scheduling.schedule import ScheduledMeeting


def _init(tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "event.sqlite")
    assert main(["event", "init", str(result_json), "--db", db]) == EXIT_OK
    capsys.readouterr()
    return db


def test_a_replan_earlier_than_the_last_one_is_refused(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``replan --now 09:00`` after one at 11:00 reopened the slots already past and
    could move or add meetings there (updates sent for times gone)."""
    db = _init(tmp_path, result_json, capsys)
    assert main(["event", "replan", "--now", "11:00", "--db", db]) == EXIT_OK
    capsys.readouterr()
    event = open_event(db)
    meetings, changes = event.meetings(), event.changes()
    out = tmp_path / "updates"
    argv = ["--json", "event", "replan", "--now", "09:00", "--out", str(out), "--db", db]
    assert main(argv) == EXIT_INVALID
    data = json.loads(capsys.readouterr().out)
    (problem,) = data["problems"]
    assert (problem["kind"], problem["field"]) == ("now-before-last-replan", "now")
    # an event of one day: the times alone, as its other texts give them (before, the last
    # re-plan's with its date, '2020-12-02 11:00')
    assert (
        problem["message"]
        == "now '09:00' is before the last re-plan, at '11:00': the slots before then are past"
    )
    assert problem["hint"] == "give the current time, no earlier than 11:00"
    assert not out.exists()
    again = open_event(db)
    assert again.meetings() == meetings
    assert again.changes() == changes
    assert main(["--lang", "id", "event", "replan", "--now", "10:59", "--db", db]) == EXIT_INVALID
    assert (
        "isian 'now': waktu 10.59 sebelum penjadwalan ulang terakhir (11.00): sesi" in capsys.readouterr().err
    )
    # the same time again, or later, is a re-plan as before
    assert main(["event", "replan", "--now", "11:00", "--db", db]) == EXIT_OK
    assert main(["event", "replan", "--now", "11:30", "--db", db]) == EXIT_OK
    with pytest.raises(mm.ValidationError, match="before the last re-plan"):
        open_event(db).replan("11:29")


def test_a_replan_earlier_than_the_last_one_names_the_days_on_an_event_of_two(tmp_path: Path) -> None:
    """On an event of several days both times keep their date (the day may differ), and the
    hint gives the time as `--now` takes it there."""
    event = _two_days(tmp_path)
    event.replan("2020-12-03T09:30")
    with pytest.raises(mm.ValidationError) as caught:
        event.replan("2020-12-02T10:00")
    (problem,) = caught.value.problems
    assert problem.message == (
        "now '2020-12-02 10:00' is before the last re-plan, at '2020-12-03 09:30': "
        "the slots before then are past"
    )
    assert problem.hint == "give the current time, no earlier than 2020-12-03T09:30"
    assert problem_text(problem, "id").startswith(
        "isian 'now': waktu 2020-12-02 10.00 sebelum penjadwalan ulang terakhir (2020-12-03 09.30)"
    )


ROW = {
    "id": "W-1",
    "name": "CV Baru",
    "delegation": "Sumatera Selatan",
    "province": "Sumsel",
    "needs": "10631",
}


def test_walkin_takes_the_object_its_help_describes(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``event walkin '{"id": ...}'`` (the help said "a JSON object") was taken for a
    file name: "cannot read or write a file: [Errno 2] No such file or directory"."""
    db = _init(tmp_path, result_json, capsys)
    assert main(["--json", "event", "walkin", json.dumps(ROW), "--at", "09:30", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert (data["ok"], data["change"], data["warnings"]) == (True, "walkin", [])
    assert "W-1" in open_event(db).status().walk_ins
    row = tmp_path / "walkin.json"
    row.write_text(json.dumps({**ROW, "id": "W-2", "name": "CV W-2"}), encoding="utf-8")
    assert main(["event", "walkin", str(row), "--db", db]) == EXIT_OK  # a file, as before
    capsys.readouterr()


@pytest.mark.parametrize(
    ("given", "kind", "says"),
    [
        ("W-3", "no-file", "no such file"),
        ("[{}]", "type", "holds a list of 1, not one participant's row"),
        ('{"id": "W-3", oops}', "syntax", "not valid JSON"),
    ],
)
def test_walkin_names_what_it_was_given(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], given: str, kind: str, says: str
) -> None:
    db = _init(tmp_path, result_json, capsys)
    if given.startswith("["):  # a file holding a list (a table, not one row)
        (tmp_path / "rows.json").write_text(given, encoding="utf-8")
        given = str(tmp_path / "rows.json")
    changes = open_event(db).changes()
    assert main(["--json", "event", "walkin", given, "--db", db]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == kind
    assert says in problem["message"]
    assert problem["source"]
    assert open_event(db).changes() == changes
    assert main(["--lang", "id", "event", "walkin", given, "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if kind == "syntax":  # the inline row named in Indonesian (it said "the walk-in given on the ...")
        assert "peserta dadakan dari baris perintah" in err
        assert "command line" not in err
        # with the parser's words and column (it said only "isi tidak dapat dibaca")
        assert "bukan JSON yang valid, di kolom 15: diharapkan nama kunci dalam tanda petik ganda" in err
        assert "Expecting" not in err  # the parser's words in Indonesian too


def test_a_walk_ins_bad_cell_is_named_without_a_row(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a walk-in's cell error read "walk-in, row 1, column ..." (one object has no
    rows), and "4,0" for max_meetings came without a hint."""
    db = _init(tmp_path, result_json, capsys)
    changes = open_event(db).changes()
    given = json.dumps({**ROW, "max_meetings": "4,0"})
    assert main(["--json", "event", "walkin", given, "--db", db]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["source"], problem["row"], problem["column"]) == ("walk-in", None, "max_meetings")
    assert "whole number" in problem["hint"]
    assert main(["event", "walkin", given, "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "walk-in, column 'max_meetings'" in err
    assert "row" not in err.splitlines()[0]
    assert open_event(db).changes() == changes


def test_a_walk_in_who_can_have_no_meeting_is_said_so(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, such a walk-in was recorded ("recorded (2 changes so far)") and then got no
    meeting at every re-plan, with nothing said anywhere."""
    db = _init(tmp_path, result_json, capsys)
    event = open_event(db)
    cases = {
        "W-1": ({**ROW, "needs": ""}, None, "no-plausible-partner"),
        "W-2": ({**ROW, "id": "W-2", "name": "CV W-2", "availability": "18:00-19:00"}, None, "availability"),
        "W-3": (
            {**ROW, "id": "W-3", "name": "CV W-3", "availability": "09:00-10:00"},
            "10:30",
            "arrives-too-late",
        ),
    }
    for pid, (row, at, reason) in cases.items():
        (found,) = event.walk_in(row, at=at)
        assert (found.participant, found.reason, found.got) == (pid, reason, 0)
    assert "arrives at 10:30" in found.detail
    assert (
        event.walk_in({**ROW, "id": "W-4", "name": "CV W-4"}, at="10:30") == ()
    )  # one who can meet: nothing to say
    plan = event.replan("09:00")
    met = {p for c in plan.added for p in (c.a, c.b)}
    assert "W-4" in met
    assert not met & set(cases)
    # the command line says it on the console, in both languages, and in --json
    row = json.dumps({**ROW, "id": "W-5", "name": "CV W-5", "availability": "18:00-19:00"})
    assert main(["--lang", "id", "event", "walkin", row, "--db", db]) == EXIT_OK
    assert "W-5: 0 dari 1, tidak ada waktu luang selama acara" in capsys.readouterr().err
    row = json.dumps({**ROW, "id": "W-6", "name": "CV W-6", "needs": ""})
    assert main(["--json", "event", "walkin", row, "--db", db]) == EXIT_OK
    (warning,) = json.loads(capsys.readouterr().out)["warnings"]
    assert (warning["participant"], warning["reason"]) == ("W-6", "no-plausible-partner")


def test_replan_checks_its_updates_folder_before_committing(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``replan --out`` at a place that cannot be written committed the re-plan and
    then failed naming a temporary folder ("[Errno 20] Not a directory: '.../.upd-x'"): the
    updates were never written, and the same re-plan again found nothing to send."""
    db = _init(tmp_path, result_json, capsys)
    assert main(["event", "noshow", "JT-003", "--db", db]) == EXIT_OK
    capsys.readouterr()
    changes = open_event(db).changes()
    blocked = tmp_path / "notes.txt"
    blocked.write_text("a file, not a folder", encoding="utf-8")
    out = blocked / "updates"
    argv = ["--json", "event", "replan", "--now", "09:30", "--out", str(out), "--db", db]
    assert main(argv) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    where = (problem["kind"], problem["field"], problem["source"])
    assert where == ("output-not-writable", "--out", str(out))  # the option, not the Python argument
    assert open_event(db).changes() == changes  # nothing committed: the re-plan can be made again
    out = tmp_path / "updates"
    assert main(["--json", "event", "replan", "--now", "09:30", "--out", str(out), "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["cancelled"] > 0
    assert (out / "changes.csv").is_file()


def test_a_group_paths_result_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before, ``event init`` and ``outcomes --result`` with the result.json of a run of three
    delegations said "not a matchmaker result.json (no 'plan') (give the result.json that
    `matchmaker run` wrote)", though ``matchmaker run`` had written it.  ``outcomes --result``
    takes it now (tests/test_group_outcomes.py); with a mission file that is not the run's,
    it names the participants the file lacks."""
    pytest.importorskip("openpyxl")
    people = Path(__file__).parent / "data" / "hostile" / "three_delegations.csv"
    out = tmp_path / "out"
    argv = ["--json", "run", str(people), "--date", "2025-09-29", "--out", str(out), "--no-plots"]
    assert main(argv) == EXIT_OK
    capsys.readouterr()
    db = tmp_path / "event.sqlite"
    assert main(["--json", "event", "init", str(out / "result.json"), "--db", str(db)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == "group-result"
    assert "'Jawa Timur', 'Sumatera Selatan', 'Bali'" in problem["message"]
    assert not db.exists()
    assert main(["--lang", "id", "event", "init", str(out / "result.json"), "--db", str(db)]) == EXIT_INVALID
    assert "ini hasil jalur kelompok (delegasi 'Jawa Timur'" in capsys.readouterr().err
    form = tmp_path / "hasil.csv"
    form.write_text("a_id,b_id,seller,value_idr\n", encoding="utf-8")
    two = tmp_path / "two.csv"
    two.write_text("id,name,delegation,province\nA1,PT A,Jawa Timur,Jatim\nB1,PT B,Sumatera Selatan,Sumsel\n")
    argv = ["--json", "outcomes", str(form), "--mission", str(two), "--result", str(out / "result.json")]
    code = main(argv)
    data = json.loads(capsys.readouterr().out)
    assert code == EXIT_INVALID, data
    assert [p["kind"] for p in data["problems"]] == ["unknown-participant"]
    assert data["problems"][0]["source"] == str(out / "result.json")


def test_open_event_refuses_a_group_result_or_anything_else(tmp_path: Path) -> None:
    """Before, ``open_event(path, group_result)`` failed with ``AttributeError: 'GroupMatching'
    object has no attribute 'problem'``."""
    from matchmaker.datasets import synthetic_group_mission

    result = mm.run(synthetic_group_mission({"Jawa Timur": 6, "Bali": 5, "Kalimantan Barat": 5}))
    path = tmp_path / "event.sqlite"
    with pytest.raises(mm.ValidationError) as caught:
        open_event(path, result)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    assert (problem.kind, problem.field) == ("group-result", "result")
    assert "'Jawa Timur', 'Bali', 'Kalimantan Barat'" in problem.message
    assert "ini hasil jalur kelompok (delegasi 'Jawa Timur', 'Bali'" in problem_text(problem, "id")
    with pytest.raises(mm.ValidationError, match=r"needs the result of matchmaker\.run, got str"):
        open_event(path, "result.json")  # type: ignore[arg-type]
    assert not path.exists()


def _first_meetings(event: LiveEvent, pid: str) -> list[ScheduledMeeting]:
    return sorted((m for m in event.meetings() if pid in (m.a, m.b)), key=lambda m: m.start)


def test_a_meeting_begun_by_the_last_replan_cannot_be_cancelled(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, after ``replan("10:00")`` the 09:00 meeting could be cancelled (twice), the
    10:30 re-plan reported it cancelled and the updates told both so: a meeting of the past."""
    event = open_event(_init(tmp_path, result_json, capsys))
    first, *_, later = [m for m in _first_meetings(event, "JT-004") if m.start.hour < 11]
    assert (f"{first.start:%H:%M}", f"{later.start:%H:%M}") == ("09:00", "10:40")
    event.replan("10:00")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.cancel(first.a, first.b)
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("meeting-started", (first.a, first.b))
    assert problem.message == (
        f"the meeting of {first.a} and {first.b} at 09:00 has begun or is over "
        "(the last re-plan was at 10:00)"
    )
    assert "only a meeting starting at 10:00 or later" in (problem.hint or "")
    with pytest.raises(mm.ValidationError, match="at 09:00 has begun"):
        event.cancel(first.b, first.a)  # either order
    assert event.changes() == before  # nothing written
    event.cancel(later.a, later.b)  # not begun: recorded as before
    assert len(event.changes()) == len(before) + 1
    with pytest.raises(mm.ValidationError) as caught:
        event.cancel(later.b, later.a)  # a second time
    (problem,) = caught.value.problems
    assert problem.kind == "already-cancelled"
    assert (
        "at 10:40 was cancelled already by the desk (change 3); the next re-plan takes it off"
        in problem.message
    )
    assert len(event.changes()) == len(before) + 1
    plan = event.replan("10:30")
    assert [(c.a, c.b) for c in plan.cancelled] == [(later.a, later.b)]  # not the 09:00 meeting
    with pytest.raises(
        mm.ValidationError,
        match=r"cancelled already by the desk \(change 3\) \(`matchmaker event log JT-004`",
    ):
        event.cancel(later.a, later.b)


def test_a_cancel_refuses_what_its_time_has_begun_not_what_a_replan_froze(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``at`` is the time the pair said so: a meeting starting before it has begun.  A meeting a
    re-plan froze (its slot within the lead) but that has not begun can still be skipped; the
    next re-plan reports it cancelled (found in review: the first version refused both)."""
    event = open_event(_init(tmp_path, result_json, capsys))
    meetings = {f"{m.start:%H:%M}": m for m in _first_meetings(event, "JT-004")}
    m0925, m1015 = meetings["09:25"], meetings["10:15"]
    before = event.changes()
    with pytest.raises(mm.ValidationError, match=r"at 09:25 has begun or is over \(the cancel is at 09:30\)"):
        event.cancel(m0925.a, m0925.b, at="09:30")
    assert event.changes() == before
    event.cancel(m0925.a, m0925.b, at="09:20")  # five minutes before it: recorded
    event.replan("09:50", lead=30)  # freezes the slots before 10:20, the 10:15 one among them
    event.cancel(m1015.a, m1015.b, at="10:05")
    assert event.changes()[-1]["kind"] == "cancel"
    plan = event.replan("10:00")
    assert (m1015.a, m1015.b) in [(c.a, c.b) for c in plan.cancelled]


def test_the_cancel_command_refuses_a_begun_or_cancelled_meeting(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _init(tmp_path, result_json, capsys)
    first, *_, later = [m for m in _first_meetings(open_event(db), "JT-004") if m.start.hour < 11]
    assert main(["event", "replan", "--now", "10:00", "--db", db]) == EXIT_OK
    capsys.readouterr()
    changes = open_event(db).changes()
    assert main(["--json", "event", "cancel", first.a, first.b, "--db", db]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["participants"]) == ("meeting-started", [first.a, first.b])
    assert problem["data"] == {"a": first.a, "b": first.b, "start": "09:00", "now": "10:00", "case": "replan"}
    assert main(["--lang", "id", "event", "cancel", first.a, first.b, "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    # before: "(kini 10:00)", "now 10:00", of a re-plan's time
    assert (
        f"pertemuan {first.a} dengan {first.b} pukul 09.00 sudah dimulai atau sudah lewat "
        "(penjadwalan ulang terakhir pada 10.00)" in err
    )
    assert main(["--lang", "id", "event", "cancel", first.a, first.b, "--at", "10:30", "--db", db]) == 1
    assert "sudah dimulai atau sudah lewat (pembatalan pada 10.30)" in capsys.readouterr().err
    assert open_event(db).changes() == changes
    assert main(["event", "cancel", later.a, later.b, "--db", db]) == EXIT_OK
    changes = open_event(db).changes()
    assert main(["event", "cancel", later.a, later.b, "--db", db]) == EXIT_INVALID
    assert "was cancelled already" in capsys.readouterr().err
    assert main(["--lang", "id", "event", "cancel", later.a, later.b, "--db", db]) == EXIT_INVALID
    assert f"pertemuan {later.a} dengan {later.b} pukul 10.40 sudah dibatalkan" in capsys.readouterr().err
    assert open_event(db).changes() == changes  # a second cancel writes nothing


def test_event_init_names_a_participant_table_given_for_the_result(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "not a matchmaker result.json: list indices must be integers or slices, not str"."""
    people = tmp_path / "people.json"
    rows = json.loads(result_json.read_text(encoding="utf-8"))["participants"]
    people.write_text(json.dumps(rows), encoding="utf-8")
    numbers = tmp_path / "numbers.json"
    numbers.write_text("[1, 2]", encoding="utf-8")
    db = tmp_path / "event.sqlite"
    assert main(["--json", "event", "init", str(people), "--db", str(db)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == "participants-not-result"
    assert problem["message"] == (
        f"not a matchmaker result.json: it holds a participant table, a JSON list of {len(rows)} rows"
    )
    assert problem["hint"] == (
        "`matchmaker event init` needs the result.json that `matchmaker run` wrote in its --out folder: "
        f"run `matchmaker run {people} --out out/` first, then give out/result.json"
    )
    assert main(["--lang", "id", "event", "init", str(people), "--db", str(db)]) == EXIT_INVALID
    assert "berisi tabel peserta, bukan result.json matchmaker (jalankan dulu matchmaker run" in (
        capsys.readouterr().err
    )
    assert main(["event", "init", str(numbers), "--db", str(db)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "not a matchmaker result.json: it holds a JSON list of 2 values, not a JSON object" in err
    assert "indices" not in err
    assert not db.exists()


@pytest.mark.parametrize("argv", [["checkin", "JT-001"], ["status"], ["replan", "--now", "09:30"]])
def test_a_folder_given_for_the_event_file_is_named_as_such(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "not an event file: disk I/O error" (``event init`` said it already)."""
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["--json", "event", *argv, "--db", f"{folder}/"]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["message"]) == ("is-a-folder", "is a folder, not an event file")
    assert (
        problem["hint"]
        == f"a file's path is needed: the event's .sqlite file, e.g. --db {folder}/event.sqlite"
    )
    assert main(["--lang", "id", "event", *argv, "--db", str(folder)]) == EXIT_INVALID
    assert "ini folder, bukan berkas (sebutkan jalur berkasnya" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_a_backwards_window_has_one_hint(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "window: time window 14:00-13:00 ends before it starts (write it as start-end,
    e.g. 09:00-12:00) (write it as 13:00-14:00)", two hints in a row."""
    db = _init(tmp_path, result_json, capsys)
    before = open_event(db).changes()
    assert main(["event", "unavailable", "JT-001", "--window", "14:00-13:00", "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert (
        "participant JT-001, field 'window': the window 14:00-13:00 ends before it starts "
        "(write the start first: 13:00-14:00)\n"
    ) in err
    assert err.count("(") == 1
    assert (
        main(["--lang", "id", "event", "unavailable", "JT-001", "--window", "14:00-13:00", "--db", db]) == 1
    )
    assert (
        "jendela waktu 14:00-13:00 kosong atau terbalik (tulis misalnya 13:00-14:00)"
        in capsys.readouterr().err
    )
    with pytest.raises(mm.ValidationError) as caught:
        open_event(db).unavailable("JT-001", "10:00-10:00")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.field, problem.participants) == ("empty-window", "window", ("JT-001",))
    assert str(problem).count("(") == 1
    with pytest.raises(mm.ValidationError) as caught:
        open_event(db).unavailable("JT-001", "25:00-26:00")
    assert str(caught.value.problems[0]).count("(") == 1  # one hint for a window it cannot read, too
    # and in Indonesian too (it had none)
    said = problem_text(caught.value.problems[0], "id")
    assert said.endswith("(tulis sebagai mulai-selesai, misalnya 13:00-14:00)")
    assert open_event(db).changes() == before


def test_a_workbook_given_for_a_json_file_is_told_what_the_command_needs(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``event init wb.csv`` (a workbook) advised renaming it to wb.xlsx, which
    ``event init`` cannot read either: it needs the result.json of a run."""
    pytest.importorskip("openpyxl")
    from matchmaker.starter import write_starter

    write_starter(tmp_path / "t")
    workbook = tmp_path / "wb.csv"
    workbook.write_bytes(next((tmp_path / "t").glob("*.xlsx")).read_bytes())
    db = tmp_path / "new.sqlite"
    assert main(["--json", "event", "init", str(workbook), "--db", str(db)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == "workbook-as-text"
    wanted = "`matchmaker event init` needs the result.json that `matchmaker run` wrote in its --out folder"
    assert problem["hint"] == wanted
    assert not db.exists()
    db = _init(tmp_path, result_json, capsys)
    changes = open_event(db).changes()
    assert main(["--json", "event", "walkin", str(workbook), "--db", db]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == "workbook-as-text"
    assert "walk-in's row" in problem["hint"]
    assert "rename" not in problem["hint"]
    assert open_event(db).changes() == changes


def test_an_updates_calendar_keeps_the_published_title_and_venue(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a re-plan's .ics for a meeting retitled it "<event>: <name>" and dropped the venue
    from its LOCATION ("Table / meja JT-038"), so a calendar that applied it lost the hotel."""
    import re

    from matchmaker.live.messages import write_updates

    db = _init(tmp_path, result_json, capsys)
    event = open_event(db)
    event.no_show("SS-002")
    out = write_updates(event, event.replan("09:10"), tmp_path / "upd", lang="en")
    update = (out / "ics" / "SS-002.cancel.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    published = (result_json.parent / "ics" / "SS-002.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    uid = re.search(r"UID:(\S+)", update)[1]  # type: ignore[index]
    entry = next(e for e in published.split("BEGIN:VEVENT") if f"UID:{uid}" in e)
    for field in ("SUMMARY", "LOCATION"):
        said = re.search(rf"^{field}:(.*)$", entry, re.M)[1]  # type: ignore[index]
        assert f"{field}:{said}" in update, field
    # with a venue (the bundled mission's), the update names it as the published calendar does
    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False)
    assert result.mission.venue
    event = open_event(tmp_path / "venue.sqlite", result)
    event.no_show("SS-002")
    out = write_updates(event, event.replan("09:10"), tmp_path / "upd-venue", lang="id")
    update = (out / "ics" / "SS-002.cancel.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert f"LOCATION:{result.mission.venue.replace(',', chr(92) + ',')} — Meja " in update
    assert "SUMMARY:Pertemuan dengan " in update


def test_an_absence_that_covers_no_slot_is_refused_as_late_is(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``unavailable SS-010 --window 07:00-08:00`` was recorded though it overlaps no
    slot, where ``late --until 08:30`` is refused as ``not-late``: nothing would be lost."""
    db = _init(tmp_path, result_json, capsys)
    changes = open_event(db).changes()
    for window in ("07:00-08:00", "12:00-13:00"):  # before the first slot; the lunch break
        argv = ["--json", "event", "unavailable", "SS-010", "--window", window, "--db", db]
        assert main(argv) == EXIT_INVALID
        (problem,) = json.loads(capsys.readouterr().out)["problems"]
        assert (problem["kind"], problem["field"], problem["participants"]) == (
            "window-without-slot",
            "window",
            ["SS-010"],
        )
        assert f"the window {window} overlaps no meeting slot" in problem["message"]
    argv = ["--lang", "id", "event", "unavailable", "SS-010", "--window", "07:00-08:00", "--db", db]
    assert main(argv) == EXIT_INVALID
    assert "tidak mengenai sesi pertemuan mana pun" in capsys.readouterr().err
    assert open_event(db).changes() == changes
    assert main(["event", "unavailable", "SS-010", "--window", "11:30-13:30", "--db", db]) == EXIT_OK


def test_a_no_show_of_one_who_checked_in_is_refused(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, JT-004 checked in at 08:55, held its 09:00 meeting, left, and a no-show recorded
    at 10:00 made the next re-plan report the 09:00 meeting cancelled (not having happened)."""
    db = _init(tmp_path, result_json, capsys)
    event = open_event(db)
    first = _first_meetings(event, "JT-004")[0]
    event.check_in("JT-004", at="08:55")
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("JT-004", at="10:00")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants) == ("checked-in", ("JT-004",))
    assert problem.message == "JT-004 checked in at 08:55: a no-show is one who did not come"
    assert problem.hint == (
        "if JT-004 has left, record the rest of the day as away instead: `matchmaker event unavailable "
        "JT-004 --window '<when they left>-15:50'`; if the check-in was a mistake, undo it: "
        "`matchmaker event undo JT-004 --kind checkin`"
    )
    assert event.changes() == before  # nothing written
    # what the hint says records the departure, and the meeting held stays held
    event.unavailable("JT-004", "10:00-15:50")
    plan = event.replan("10:00")
    assert (first.a, first.b) not in [(c.a, c.b) for c in plan.cancelled]
    cancelled = [event.plan.slots[c.old_slot or 0] for c in plan.cancelled]
    assert cancelled
    assert all(f"{slot.end:%H:%M}" > "10:00" for slot in cancelled)  # those the window overlaps
    # the command line: exit 1, in the event's words, nothing written
    changes = open_event(db).changes()
    assert main(["--json", "event", "noshow", "JT-004", "--db", db]) == EXIT_INVALID
    (data,) = json.loads(capsys.readouterr().out)["problems"]
    assert data["kind"] == "checked-in"
    assert data["data"] == {
        "id": "JT-004",
        "case": "checked-in",
        "at": "08:55",
        "day": "",
        "end": "15:50",
        "later": 1,  # the away window recorded above, which the check-in's undo leaves alone:
        "change": 2,  # so the hint gives the check-in's number
    }
    assert main(["--lang", "id", "event", "noshow", "JT-004", "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "JT-004 sudah tercatat hadir pada 08.55: tidak hadir berarti tidak datang sama sekali" in err
    assert "matchmaker event unavailable JT-004 --window '<jam pergi>-15:50'" in err
    assert "jika pencatatan kehadirannya keliru, urungkan: matchmaker event undo JT-004 --change 2" in err
    assert open_event(db).changes() == changes
    # a no-show who was never checked in is recorded as before; one who turns up checks in
    event.no_show("JT-005")
    event.check_in("JT-005", at="10:05")
    with pytest.raises(mm.ValidationError, match="JT-005 checked in at 10:05"):
        event.no_show("JT-005")


def test_a_walk_in_cannot_be_recorded_a_no_show(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = open_event(_init(tmp_path, result_json, capsys))
    event.walk_in(ROW, at="10:00")
    with pytest.raises(mm.ValidationError, match="W-1 walked in at 10:00: a no-show") as caught:
        event.no_show("W-1")
    assert caught.value.problems[0].kind == "checked-in"


def test_a_walk_in_arriving_after_its_free_slots_is_told_why(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, the reason was ``availability``, which reads "free in no slot of the event"
    ("tidak ada waktu luang selama acara") though the walk-in is free 09:00-11:00."""
    db = _init(tmp_path, result_json, capsys)
    (short,) = open_event(db).walk_in({**ROW, "availability": "09:00-11:00"}, at="13:00")
    assert (short.participant, short.reason, short.got) == ("W-1", "arrives-too-late", 0)
    assert short.detail == "arrives at 13:00, after the last slot it is free for"
    row = json.dumps({**ROW, "id": "W-2", "name": "CV W-2", "availability": "09:00-11:00"})
    assert main(["--lang", "id", "event", "walkin", row, "--at", "13:00", "--db", db]) == EXIT_OK
    err = capsys.readouterr().err
    assert "W-2: 0 dari 1, datang terlambat untuk sesi terakhir yang dapat dihadirinya" in err
    assert "tidak ada waktu luang selama acara" not in err
    row = json.dumps({**ROW, "id": "W-3", "name": "CV W-3", "availability": "09:00-11:00"})
    assert main(["--json", "event", "walkin", row, "--at", "13:00", "--db", db]) == EXIT_OK
    (warning,) = json.loads(capsys.readouterr().out)["warnings"]
    assert warning["reason"] == "arrives-too-late"
    # one free in no slot of the event at all keeps its reason
    (short,) = open_event(db).walk_in(
        {**ROW, "id": "W-4", "name": "CV W-4", "availability": "18:00-19:00"}, at="13:00"
    )
    assert short.reason == "availability"


def _two_days(tmp_path: Path) -> LiveEvent:
    mission = mm.synthetic_mission(6, 9, seed=3, date=dt.date(2020, 12, 2))
    days = ["2020-12-02", "2020-12-03"]
    plan = mm.EventPlan(start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A", days=days)
    result = mm.run(mission, plan, baseline=False, max_meetings=(None, 4))
    return open_event(tmp_path / "two.sqlite", result, lead=0)


def _on_both_days(event: LiveEvent) -> tuple[list[dt.date], str, list[ScheduledMeeting]]:
    """The event's days, a side-A participant with meetings on each, and its meetings."""
    days = sorted({m.start.date() for m in event.meetings()})
    pid = next(
        m.a for m in event.meetings() if {x.start.date() for x in _first_meetings(event, m.a)} == set(days)
    )
    return days, pid, _first_meetings(event, pid)


def test_a_no_show_on_a_later_day_than_the_check_in_keeps_the_days_before(tmp_path: Path) -> None:
    """On an event of two days, one who came on the first and not on the second is a no-show of
    the second: its first day's meetings took place (they are not reported cancelled)."""
    event = _two_days(tmp_path)
    days, pid, mine = _on_both_days(event)
    assert len(days) == 2  # meetings on both days
    event.check_in(pid, at="2020-12-02T08:55")
    with pytest.raises(mm.ValidationError) as caught:  # the same day: refused, as on one day
        event.no_show(pid, at="2020-12-02T10:00")
    hint = caught.value.problems[0].hint or ""
    end = max(s.end for s in event.plan.slots if s.start.date() == days[0])
    assert f"--window '2020-12-02 <when they left>-{end:%H:%M}'" in hint
    assert "needs its time on that day, e.g. '2020-12-03T09:00'" in hint
    # a mistaken check-in is undone (before, an away window over the whole day, per day)
    assert f"if the check-in was a mistake, undo it: `matchmaker event undo {pid} --kind checkin`;" in hint
    text = problem_text(caught.value.problems[0], "id")
    assert f"urungkan: matchmaker event undo {pid} --kind checkin; tidak hadir pada hari setelah" in text
    with pytest.raises(mm.ValidationError, match="a no-show is one who did not come"):
        event.no_show(pid)  # no time: its day is not known
    event.no_show(pid, at="2020-12-03T09:10")  # the second day: recorded
    assert pid in event.status("2020-12-03T09:10").no_show
    day1 = event.status("2020-12-02T09:00")  # on the first day it came: here, not "not come"
    assert (pid in day1.present, pid in day1.no_show) == (True, False)
    plan = event.replan("2020-12-03T09:00")
    gone = {(c.a, c.b) for c in plan.cancelled} | {(c.a, c.b) for c in plan.moved}
    for m in mine:
        assert ((m.a, m.b) in gone) == (m.start.date() == days[1])  # the first day's are kept


def test_an_older_event_file_with_a_no_show_after_a_check_in_still_replays(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files written before the refusal may hold check_in then no_show: they open, re-plan and
    take more changes as before (the no-show cancels every meeting of the participant)."""
    import sqlite3

    db = _init(tmp_path, result_json, capsys)
    event = open_event(db)
    mine = _first_meetings(event, "JT-004")
    event.check_in("JT-004", at="08:55")
    event.close()
    with sqlite3.connect(db) as con:  # what the library wrote before: the same row as a no-show's
        columns = [row[1] for row in con.execute("PRAGMA table_info(changes)")]
        last = con.execute("SELECT * FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
        row = dict(zip(columns, last, strict=True))
        row.update(seq=row["seq"] + 1, kind="no_show", at="2020-12-02T10:00:00+07:00")
        con.execute(
            f"INSERT INTO changes({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        )
    again = open_event(db)
    assert "JT-004" in again.status().no_show
    plan = again.replan("10:00")
    assert {(m.a, m.b) for m in mine} <= {(c.a, c.b) for c in plan.cancelled}
    again.check_in("JT-004", at="10:30")  # and it takes more changes


def test_an_event_of_two_days_needs_the_day_of_every_time(tmp_path: Path) -> None:
    """Before, a bare 11:00 meant the first day: on day 2, `late --until 11:00` cancelled a
    meeting of day 1 and a walk-in `--at 10:00` arrived on day 1 (found by the desk walkthrough)."""
    event = _two_days(tmp_path)
    pid = event.meetings()[0].a
    before = event.changes()
    for call in (
        lambda: event.late(pid, "11:00"),
        lambda: event.no_show(pid, at="09:10"),
        lambda: event.check_in(pid, at="09:10"),
        lambda: event.replan("10:00"),
        lambda: event.status("10:00"),
    ):
        with pytest.raises(mm.ValidationError) as caught:
            call()
        (problem,) = caught.value.problems
        assert problem.kind == "time-without-day"
        assert "names no day, and the event has 2 (2020-12-02, 2020-12-03)" in problem.message
        # one example per day to choose from (the third walkthrough: day 2's alone was copied
        # on day 1, and recorded a check-in of the next day)
        value = problem.data["value"]
        assert problem.hint == f"write the day too: '2020-12-02T{value}' or '2020-12-03T{value}'"
        assert f"tulis tanggalnya juga: '2020-12-02T{value}' atau '2020-12-03T{value}'" in problem_text(
            problem, "id"
        )
    # a window without a day would be every day, past ones too
    with pytest.raises(mm.ValidationError) as caught:
        event.unavailable(pid, "09:00-10:00")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.hint) == (
        "window-without-day",
        "write the day too: '2020-12-02 09:00-10:00' or '2020-12-03 09:00-10:00'",
    )
    assert "tulis tanggalnya juga: '2020-12-02 09:00-10:00' atau '2020-12-03 09:00-10:00'" in problem_text(
        problem, "id"
    )
    assert event.changes() == before  # nothing written
    event.unavailable(pid, "2020-12-03 09:00-10:00")  # with its day: recorded


def test_a_late_arrival_on_a_later_day_than_the_check_in_keeps_the_days_before(tmp_path: Path) -> None:
    """Before, `late --until` day 2 11:00 of one who came on day 1 cancelled its day-1 meetings."""
    event = _two_days(tmp_path)
    days, pid, mine = _on_both_days(event)
    event.check_in(pid, at="2020-12-02T08:55")
    event.late(pid, "2020-12-03T10:30")
    plan = event.replan("2020-12-03T09:00")
    gone = {(c.a, c.b) for c in (*plan.cancelled, *plan.moved)}
    assert gone  # some of day 2's are lost or moved
    for m in mine:
        if m.start.date() == days[0]:
            assert (m.a, m.b) not in gone  # day 1's took place
    # one never checked in, announced late on day 2 once the desk works on day 2: day 1 is over
    # and kept (a review found its past meetings reported cancelled, and the partners told)
    other = next(m.b for m in mine if m.start.date() == days[0])
    event.late(other, "2020-12-03T09:30")
    missing = event._state().att.missing(other, len(event.plan.slots))
    assert [bool(x) for x in missing] == [
        s.start.date() == days[1] and (s.start.hour, s.start.minute) < (9, 30) for s in event.plan.slots
    ]


def test_a_second_no_show_changes_nothing(tmp_path: Path) -> None:
    """Before, a second desk's no-show of a day-2 no-show was stored without its day, so the
    next re-plan cancelled the meetings of day 1 too (and sent their partners cancellations)."""
    event = _two_days(tmp_path)
    pid = event.meetings()[0].a
    event.check_in(pid, at="2020-12-02T08:55")
    event.no_show(pid, at="2020-12-03T09:05")
    before = event.changes()
    for at in (None, "2020-12-03T09:10"):
        with pytest.raises(mm.ValidationError) as caught:
            event.no_show(pid, at=at)
        (problem,) = caught.value.problems
        assert (problem.kind, problem.message) == (
            "already-no-show",
            f"{pid} is recorded as a no-show already",
        )
        assert f"{pid} sudah tercatat tidak hadir" in problem_text(problem, "id")
    assert event.changes() == before


def test_the_updates_of_an_event_of_two_days_give_the_date(tmp_path: Path) -> None:
    """Before, a meeting moved from day 1 to day 2 read "moved from 10:40 to 10:40"."""
    from matchmaker.live.messages import texts, write_updates

    event = _two_days(tmp_path)
    pid = event.meetings()[0].a
    event.no_show(pid, at="2020-12-02T09:00")
    plan = event.replan("2020-12-02T09:00")
    assert plan.cancelled
    said = texts(event, plan)
    c = plan.cancelled[0]
    start = event.plan.slots[c.old_slot or 0].start
    assert f"Meeting {start:%Y-%m-%d %H:%M} with " in said[c.a][1]
    assert f"Pertemuan {start:%Y-%m-%d %H.%M} dengan " in said[c.a][0]
    write_updates(event, plan, tmp_path / "updates")
    changes = (tmp_path / "updates" / "changes.csv").read_text(encoding="utf-8")
    assert f"{start:%Y-%m-%d %H:%M}" in changes


def _two_days_result(n_days: int = 2) -> mm.MatchmakingResult:
    """12 x 20 over two (or three) days of 4 slots: enough meetings on day 2 for refills to matter."""
    mission = mm.synthetic_mission(12, 20, seed=4, date=dt.date(2020, 12, 2))
    days = ["2020-12-02", "2020-12-03", "2020-12-04"][:n_days]
    plan = mm.EventPlan(start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A", days=days)
    return mm.run(mission, plan, baseline=False, max_meetings=(None, 4))


def test_a_no_show_that_takes_off_later_days_says_so_with_the_late_arrival_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: a no-show recorded on day 1 cancelled the participant's day-2 meetings
    too, with no word.  `event noshow` says how many of later days it takes off and, for one
    expected on a later day, the undo and the late arrival to record instead (a day of the
    event's, one per later day to choose from); typed, they keep the later days' meetings."""
    db = str(tmp_path / "three.sqlite")
    open_event(db, _two_days_result(3)).close()
    event = open_event(db, lead=0)
    later = [m for m in event.meetings() if "JT-011" in (m.a, m.b) and m.start.date() > dt.date(2020, 12, 2)]
    assert len(later) == 5  # 4 on day 2, 1 on day 3
    capsys.readouterr()
    assert main(["event", "noshow", "JT-011", "--at", "2020-12-02T09:00", "--db", db]) == EXIT_OK
    seq = event.changes()[-1]["seq"]
    out, err = capsys.readouterr()
    name = event.participant("JT-011").name
    assert out == f"recorded: JT-011 {name}'s no-show at 2020-12-02 09:00 (change {seq})\n"
    assert err == (
        "note: the no-show takes JT-011's 5 meetings on later days (2020-12-03, 2020-12-04) off the "
        "timetable too; if JT-011 is expected on a later day, take it back and record the late arrival "
        f"instead: `matchmaker event undo JT-011 --change {seq} --db {db}`, then `matchmaker event late "
        f"JT-011 --until 2020-12-03T09:00 --db {db}` (the time they arrive); another day's: "
        "'2020-12-04T09:00'\n"
    )
    assert main(["event", "undo", "JT-011", "--change", str(seq), "--db", db]) == EXIT_OK
    capsys.readouterr()
    argv = ["--json", "--lang", "id", "event", "noshow", "JT-011", "--at", "2020-12-02T09:00", "--db", db]
    assert main(argv) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    seq = event.changes()[-1]["seq"]
    assert data["warnings"] == [
        "catatan: catatan tidak hadir ini juga menghapus 5 pertemuan JT-011 pada hari berikutnya "
        "(2020-12-03, 2020-12-04) dari jadwal; jika JT-011 ditunggu pada hari berikutnya, urungkan "
        f"catatan ini dan catat keterlambatannya: matchmaker event undo JT-011 --change {seq}, lalu "
        "matchmaker event late JT-011 --until 2020-12-03T09:00 (waktu ia datang); pada hari lain: "
        "'2020-12-04T09:00'"
    ]
    # the commands, as given: the day-1 meetings go, the later days' stay
    assert main(["event", "undo", "JT-011", "--change", str(seq), "--db", db]) == EXIT_OK
    assert main(["event", "late", "JT-011", "--until", "2020-12-03T09:00", "--db", db]) == EXIT_OK
    open_event(db, lead=0).replan("2020-12-02T09:00")
    kept = [m for m in open_event(db).meetings() if "JT-011" in (m.a, m.b)]
    assert {(m.a, m.b, m.slot) for m in later} <= {(m.a, m.b, m.slot) for m in kept}
    assert all(m.start.date() > dt.date(2020, 12, 2) for m in kept)


def test_a_no_show_of_one_here_on_an_earlier_day_says_to_record_the_day_away_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One who came on day 1 and not on day 2 is a no-show from day 2's start, which takes off
    day 3 too.  A late arrival on day 3 would take day 3's slots only (at its start: refused,
    nothing lost), so the note gives day 2 away; typed, day 3's meeting stays."""
    db = str(tmp_path / "three.sqlite")
    open_event(db, _two_days_result(3)).close()
    event = open_event(db, lead=0)
    day3 = [m for m in event.meetings() if "JT-011" in (m.a, m.b) and m.start.date() == dt.date(2020, 12, 4)]
    event.check_in("JT-011", at="2020-12-02T08:50")
    capsys.readouterr()
    assert main(["event", "noshow", "JT-011", "--at", "2020-12-03T09:00", "--db", db]) == EXIT_OK
    seq = event.changes()[-1]["seq"]
    end = max(s.end for s in event.plan.slots if s.start.date() == dt.date(2020, 12, 3))
    window = f"2020-12-03 09:00-{end:%H:%M}"
    assert capsys.readouterr().err == (
        "note: the no-show takes JT-011's 1 meeting on later days (2020-12-04) off the timetable too; "
        "if JT-011 is expected on a later day, take it back and record the time away instead: "
        f"`matchmaker event undo JT-011 --change {seq} --db {db}`, then `matchmaker event unavailable "
        f"JT-011 --window '{window}' --db {db}` (and so for each day they are away)\n"
    )
    assert main(["event", "undo", "JT-011", "--change", str(seq), "--db", db]) == EXIT_OK
    assert main(["event", "unavailable", "JT-011", "--window", window, "--db", db]) == EXIT_OK
    open_event(db, lead=0).replan("2020-12-03T09:00")
    kept = {(m.a, m.b, m.slot) for m in open_event(db).meetings() if "JT-011" in (m.a, m.b)}
    assert {(m.a, m.b, m.slot) for m in day3} <= kept
    # with no meeting on a later day, nothing is said
    assert main(["event", "noshow", "JT-001", "--at", "2020-12-02T09:00", "--db", db]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_presence_is_per_day_on_an_event_of_two_days(tmp_path: Path) -> None:
    """Before, on day 2 refills went to whoever checked in on day 1: one who came on day 1 only
    (and may not come back) was given day 2's freed slots (found by the desk walkthrough; on
    this instance JT-004 meets SS-019, who did not come back)."""
    from collections import Counter

    result = _two_days_result()
    days = ["2020-12-02", "2020-12-03"]
    event = open_event(tmp_path / "two.sqlite", result, lead=0)
    people = (*event._state().a_ids, *event._state().b_ids)
    for pid in people:
        event.check_in(pid, at="2020-12-02T08:50")
    day2 = [m for m in event.meetings() if m.start.date().isoformat() == days[1]]
    gone = Counter(m.a for m in day2).most_common(1)[0][0]  # a no-show of day 2 frees the most
    partners = {m.b for m in day2 if m.a == gone}
    away = set(sorted(p for p in people if p != gone and p not in partners)[::2])  # not back (yet)
    here = [p for p in people if p not in away and p != gone]
    for pid in here:
        event.check_in(pid, at="2020-12-03T08:50")
    event.no_show(gone, at="2020-12-03T08:55")
    st = event._state()
    assert st.att.known_present(event.plan.days[1]) == set(here)
    assert st.att.known_present(event.plan.days[0]) == set(people)  # day 1: all came, the no-show too
    status = event.status()
    assert set(status.present) == set(here)  # here on the day of the latest time recorded
    assert set(status.expected) == away
    replanned = event.replan("2020-12-03T08:55")
    assert replanned.added  # the freed slots were refilled ...
    for c in replanned.added:
        assert {c.a, c.b} <= set(here)  # ... by those who came today only
    # before the day's first check-in, a later day goes by the latest day the desk ran; before
    # any check-in, everyone not known absent counts
    other = open_event(tmp_path / "other.sqlite", result, lead=0)
    assert other._state().att.known_present(other.plan.days[1]) is None
    for pid in people[1:]:
        other.check_in(pid, at="2020-12-02T08:50")
    assert other._state().att.known_present(other.plan.days[1]) == set(people[1:])


def test_a_check_in_or_walk_in_on_an_event_of_two_days_needs_its_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Presence is per day, so an arrival without a time could not be placed: a day-1 check-in
    without one made a day-2 no-show impossible (its refusal asked for a time that was given)."""
    event = _two_days(tmp_path)
    pid = event.meetings()[0].a
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.check_in(pid)
    (problem,) = caught.value.problems
    assert (problem.kind, problem.field) == ("time-needed", "at")
    assert problem.message == (
        "a check-in without a time, and the event has 2 days (2020-12-02, 2020-12-03): which day is not known"
    )
    assert problem.hint == (  # one example per day, to choose from
        "give its time with the day (--at on the command line): '2020-12-02T09:10' or '2020-12-03T09:10'"
    )
    said = problem_text(problem, "id")
    assert "pencatatan hadir tanpa waktu, padahal acara berlangsung beberapa hari" in said
    assert "(--at di baris perintah): '2020-12-02T09:10' atau '2020-12-03T09:10'" in said
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in({**ROW, "delegation": event._pub.mission.side_b.name})
    (problem,) = caught.value.problems
    assert problem.kind == "time-needed"
    assert "peserta dadakan tanpa waktu datang, padahal" in problem_text(problem, "id")
    assert event.changes() == before  # nothing written
    db = str(event.path)
    event.close()
    assert main(["event", "checkin", pid, "--db", db]) == EXIT_INVALID
    assert "which day is not known" in capsys.readouterr().err
    assert main(["event", "checkin", pid, "--at", "2020-12-03T09:10", "--db", db]) == EXIT_OK


def test_status_without_now_is_of_the_latest_time_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``event status`` without ``--now`` always showed the first slot (of day 1) as next."""
    event = _two_days(tmp_path)
    first = event.status()
    assert (first.as_of, first.next_slot) == (None, 0)  # nothing recorded yet: the first slot
    pid = event.meetings()[0].a
    event.check_in(pid, at="2020-12-03T09:10")
    status = event.status()
    assert status.now is None
    assert status.as_of is not None
    assert f"{status.as_of:%Y-%m-%d %H:%M}" == "2020-12-03 09:10"
    day2 = [s for s in event.plan.slots if s.start.date() == status.as_of.date()]
    nxt = next(s for s in day2 if s.start >= status.as_of)
    assert (status.next_slot, status.next_start) == (nxt.index, nxt.start)
    assert status.present == (pid,)
    assert event.status("2020-12-02T09:00").present == ()  # on day 1 it had not come
    db = str(event.path)
    event.close()
    assert main(["event", "status", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"next slot: {nxt.index + 1} ({nxt.start:%Y-%m-%d %H:%M})" in out  # dated: two days
    assert "as of 2020-12-03 09:10, the latest time recorded (--now gives another)" in out
    assert main(["--lang", "id", "event", "status", "--db", db]) == EXIT_OK
    assert "per 2020-12-03 09.10, waktu terakhir yang tercatat" in capsys.readouterr().out
    assert main(["--json", "event", "status", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert (data["as_of"], data["next_slot"]) == (status.as_of.isoformat(), nxt.index + 1)
    assert data["next_start"] == nxt.start.isoformat()
    # a later re-plan moves it on; its line gives the date too (two days)
    replan = open_event(db).replan("2020-12-03T10:00")
    assert replan.summary().startswith("re-plan at 2020-12-03 10:00: ")
    from matchmaker.reporting.console import replan_text

    assert replan_text(replan, "id").startswith("penjadwalan ulang 2020-12-03 pukul 10.00: ")
    assert f"{open_event(db).status().as_of:%H:%M}" == "10:00"


def test_late_at_the_start_of_a_later_day_is_not_late(tmp_path: Path) -> None:
    """Before, ``late --until`` day 2's first slot was recorded: the check compared it with the
    event's first slot, of day 1, and nothing would be lost."""
    event = _two_days(tmp_path)
    pid, other = event.meetings()[0].a, event.meetings()[0].b
    start = min(s.start for s in event.plan.slots if s.start.date().isoformat() == "2020-12-03")
    event.check_in(pid, at="2020-12-02T08:50")  # here on day 1: late on day 2 loses day 2's slots only
    before = event.changes()
    with pytest.raises(mm.ValidationError) as caught:
        event.late(pid, f"2020-12-03T{start:%H:%M}")
    (problem,) = caught.value.problems
    assert problem.kind == "not-late"
    assert problem.message == (
        f"until 2020-12-03 {start:%H:%M} is not after the first slot it would take away "
        f"(2020-12-03 {start:%H:%M}): nothing would be lost"
    )
    said = problem_text(problem, "id")
    assert f"waktu datang 2020-12-03 {start:%H.%M} tidak setelah sesi pertama yang akan hilang" in said
    assert "beri waktu peserta datang" in said
    assert event.changes() == before
    event.late(pid, (start + dt.timedelta(minutes=10)).replace(tzinfo=None))  # recorded
    # one not seen yet, arriving at day 2's start, misses day 1 (found by the walkthrough: the
    # first version refused it, so "comes on day 2 only" could not be recorded)
    event.late(other, f"2020-12-03T{start:%H:%M}")
    missing = event._state().att.missing(other, len(event.plan.slots))
    assert [bool(x) for x in missing] == [s.start < start for s in event.plan.slots]


def test_a_walk_in_arriving_within_the_lead_time_of_its_last_slot_is_told(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a walk-in arriving 5 minutes before the last slot it is free for (lead 10) was
    given nothing by any re-plan (the slot is frozen by then) and told nothing."""

    db = _init(tmp_path, result_json, capsys)
    event = open_event(db)
    assert event.lead == dt.timedelta(minutes=10)
    last = max(s.start for s in event.plan.slots if s.start.hour < 11)  # the last free from 09:00-11:00
    arrive = last - dt.timedelta(minutes=5)
    (short,) = event.walk_in({**ROW, "availability": "09:00-11:00"}, at=f"{arrive:%H:%M}")
    assert (short.reason, short.got) == ("arrives-too-late", 0)
    assert short.detail == (
        f"arrives at {arrive:%H:%M}: the re-plans book no slot starting before "
        f"{arrive + dt.timedelta(minutes=10):%H:%M} (lead time), and it is free for none later"
    )
    # arriving in time for it (ten minutes before): no warning
    early = last - dt.timedelta(minutes=10)
    in_time = {**ROW, "id": "W-2", "name": "CV W-2", "availability": "09:00-11:00"}
    assert event.walk_in(in_time, at=f"{early:%H:%M}") == ()
    plan = event.replan(f"{arrive:%H:%M}")  # and indeed: no meeting for W-1
    assert not [c for c in plan.added if "W-1" in (c.a, c.b)]
    # the same time as W-2's, but after that re-plan froze the slot (found by the walkthrough)
    (short,) = event.walk_in({**in_time, "id": "W-3", "name": "CV W-3"}, at=f"{early:%H:%M}")
    assert short.reason == "arrives-too-late"
    assert f"(the last re-plan was at {arrive:%H:%M})" in short.detail


def test_the_refusal_of_a_walk_in_as_a_no_show_says_it_walked_in_in_indonesian(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, the Indonesian text said a walk-in "sudah tercatat hadir" (was checked in)."""
    event = open_event(_init(tmp_path, result_json, capsys))
    event.walk_in(ROW, at="10:00")
    event.check_in("JT-001", at="09:00")
    texts = []
    for pid in ("W-1", "JT-001"):
        with pytest.raises(mm.ValidationError) as caught:
            event.no_show(pid, at="10:30")
        texts.append(problem_text(caught.value.problems[0], "id"))
    assert texts[0].startswith(
        "peserta W-1: W-1 datang sebagai peserta dadakan pada 10.00: tidak hadir berarti"
    )
    assert texts[1].startswith("peserta JT-001: JT-001 sudah tercatat hadir pada 09.00: tidak hadir")


def test_the_walkthroughs_findings_on_per_day_presence(tmp_path: Path) -> None:
    """A second desk walkthrough of a two-day event, on the first version of per-day presence."""
    event = _two_days(tmp_path)
    days, pid, mine = _on_both_days(event)
    # a late arrival on day 2 of one who checked in on day 1 kept... nothing of day 1: the
    # rule looked at the latest check-in only (must-fix).  (One checked in on day 2 too is
    # here that day: a late arrival is refused, `checked-in`, the third walkthrough's must-fix.)
    event.check_in(pid, at="2020-12-02T08:45")
    event.late(pid, "2020-12-03T09:40")
    missing = event._state().att.missing(pid, len(event.plan.slots))
    assert not any(missing[s.index] for s in event.plan.slots if s.start.date() == days[0])
    plan = event.replan("2020-12-03T09:00")
    gone = {(c.a, c.b) for c in (*plan.cancelled, *plan.moved)}
    assert not [m for m in mine if m.start.date() == days[0] and (m.a, m.b) in gone]
    # one announced late for a later day is not known present before it (they may not come)
    other = next(p for p in event._state().b_ids if p not in {m.b for m in mine})
    event.late(other, "2020-12-03T10:00")  # never seen: misses day 1 too
    assert other not in (event._state().att.known_present(days[0]) or set())
    assert other in (event._state().att.known_present(days[1]) or set())


def test_status_is_of_one_day_and_not_moved_by_an_announced_no_show(tmp_path: Path) -> None:
    """A no-show announced for day 2 moved `status` (without --now) to day 2 and listed the one
    who came on day 1 as both here and not come on day 1."""
    event = _two_days(tmp_path)
    pid = event.meetings()[0].a
    event.check_in(pid, at="2020-12-02T08:55")
    event.no_show(pid, at="2020-12-03T09:00")  # announced on day 1 for day 2
    event.replan("2020-12-02T10:00")
    status = event.status()
    assert f"{status.as_of:%Y-%m-%d %H:%M}" == "2020-12-02 10:00"
    assert (pid in status.present, pid in status.no_show) == (True, False)
    everyone = len(event._state().a_ids) + len(event._state().b_ids)
    assert len(status.present) + len(status.no_show) + len(status.expected) == everyone
    day2 = event.status("2020-12-03T09:00")
    assert (pid in day2.present, pid in day2.no_show) == (False, True)


def test_the_no_show_refusal_says_how_and_when_one_came_on_its_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A walk-in of day 1 checked in on day 2 was refused as "walked in at <day 2>", and the
    refusal advised a later day than the last."""
    event = _two_days(tmp_path)
    side_b = event._pub.mission.side_b.name
    event.walk_in({**ROW, "delegation": side_b}, at="2020-12-02T09:30")
    event.check_in("W-1", at="2020-12-03T08:45")
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("W-1", at="2020-12-03T08:50")
    (problem,) = caught.value.problems
    assert problem.message.startswith("W-1 checked in at 2020-12-03 08:45: a no-show")
    assert "later day" not in (problem.hint or "")  # day 2 is the last: no later day to advise
    said = problem_text(problem, "id")
    assert "W-1 sudah tercatat hadir pada 2020-12-03 08.45" in said
    assert "hari setelah" not in said
    # on day 1 it walked in (that day's arrival is the one said), and the advice names day 2
    with pytest.raises(mm.ValidationError) as caught:
        event.no_show("W-1", at="2020-12-02T10:00")
    (problem,) = caught.value.problems
    assert problem.message.startswith("W-1 walked in at 2020-12-02 09:30: a no-show")
    assert "e.g. '2020-12-03T09:00'" in (problem.hint or "")
    assert "W-1 datang sebagai peserta dadakan pada 2020-12-02 09.30" in problem_text(problem, "id")
    # without a time (as on a one-day event): the Indonesian phrase fits a walk-in too
    from matchmaker.errors import Problem

    bare = Problem(
        "W-9 walked in: a no-show is one who did not come", kind="checked-in", participants=("W-9",)
    )
    assert "peserta sudah hadir: tidak hadir berarti" in problem_text(bare, "id")
    # an unknown id is said before the missing time, and the missing time names the participant
    with pytest.raises(mm.ValidationError) as caught:
        event.check_in("NOPE")
    assert caught.value.problems[0].kind == "unknown-participant"
    pid = event.meetings()[0].a
    with pytest.raises(mm.ValidationError) as caught:
        event.check_in(pid)
    assert (caught.value.problems[0].kind, caught.value.problems[0].participants) == ("time-needed", (pid,))


def test_one_announced_on_day_1_for_day_2_keeps_meetings_moved_to_day_2(tmp_path: Path) -> None:
    """A review of the per-day rule found presence judged on the re-plan's day for every day's
    slots: one phoned in on day 1 as coming on day 2 at 09:30 lost all four meetings (before per
    day presence, two were moved to day 2).  Day 2's slots go by day 2: its desk has not run,
    so by day 1's check-ins and those announced for day 2."""
    event = open_event(tmp_path / "two.sqlite", _two_days_result(), lead=0)
    people = (*event._state().a_ids, *event._state().b_ids)
    late = people[-1]
    mine = {(m.a, m.b) for m in event.meetings() if late in (m.a, m.b)}
    assert len(mine) == 4
    for pid in people[:-1]:
        event.check_in(pid, at="2020-12-02T08:50")
    event.late(late, "2020-12-03T09:30")
    plan = event.replan("2020-12-02T08:55")
    moved = [c for c in plan.moved if late in (c.a, c.b)]
    assert len(moved) == 2
    assert all(event.plan.slots[c.new_slot or 0].start.date().isoformat() == "2020-12-03" for c in moved)
    assert {(c.a, c.b) for c in plan.cancelled} | {(c.a, c.b) for c in moved} >= mine


def test_a_late_arrival_once_the_desk_works_on_day_2_keeps_day_1(tmp_path: Path) -> None:
    """Without check-ins on day 1, `late` on day 2 took every slot of day 1: the next re-plan
    reported day 1's meetings (held or not, past) cancelled and told the partners (review)."""
    for n_days, until in ((2, "2020-12-03T09:40"), (3, "2020-12-04T09:40")):
        event = open_event(tmp_path / f"{n_days}.sqlite", _two_days_result(n_days), lead=0)
        days = sorted(event.plan.days)
        pid = next(m.a for m in event.meetings() if m.start.date() == days[0])
        event.replan("2020-12-03T08:30")  # day 2's morning; nobody uses the check-in desk
        event.late(pid, until)  # on three days, a late for day 3 recorded on day 2
        plan = event.replan("2020-12-03T08:40")
        assert not [c for c in plan.cancelled if pid in (c.a, c.b)]
        missing = event._state().att.missing(pid, len(event.plan.slots))
        arrives = dt.datetime.fromisoformat(until).replace(tzinfo=event.plan.zone)
        # day 1 is over and kept; from day 2 (the desks' day) on, the slots before its arrival are lost
        assert [bool(x) for x in missing] == [
            days[1] <= s.start.date() and s.start < arrives for s in event.plan.slots
        ]


def test_presence_on_a_day_whose_desk_has_not_run_counts_its_arrivals(tmp_path: Path) -> None:
    """A second review: on day 2 before its desk ran, a walk-in or a returning no-show of day 2
    was left out (only day 1's arrivals counted); one timeless check-in in an older file made
    the rule ignore day 1; on three days one announced for day 2 was not known on day 3."""
    import dataclasses

    event = open_event(tmp_path / "two.sqlite", _two_days_result(), lead=0)
    days = sorted(event.plan.days)
    st = event._state()
    people = (*st.a_ids, *st.b_ids)
    returning = people[-1]
    event.no_show(returning, at="2020-12-02T09:00")
    for pid in people[:-1]:
        event.check_in(pid, at="2020-12-02T08:50")
    event.replan("2020-12-02T08:55")
    walk_in = dataclasses.replace(st.people[st.b_ids[0]], id="W-1", name="CV W-1")
    assert event.walk_in(walk_in, at="2020-12-03T08:45") == ()
    event.check_in(returning, at="2020-12-03T08:45")  # does not open day 2's desk
    known = event._state().att.known_present(days[1])
    assert known is not None
    assert {"W-1", returning} <= known
    event.replan("2020-12-03T08:46")
    assert [m for m in event.meetings() if "W-1" in (m.a, m.b)]  # the walk-in is given meetings
    # a timeless check-in (older files) does not stand for a day of the desk
    att = event._state().att
    att.apply("check_in", people[0], {}, None, event.plan)
    assert set(people) <= (att.known_present(days[1]) or set())
    # three days: one announced on day 1 for day 2 is still known on day 3 (day 3's desk has not run)
    three = open_event(tmp_path / "three.sqlite", _two_days_result(3), lead=0)
    for pid in people[:-1]:
        three.check_in(pid, at="2020-12-02T08:50")
    three.late(people[-1], "2020-12-03T09:30")
    att = three._state().att
    assert [people[-1] in (att.known_present(d) or set()) for d in sorted(three.plan.days)] == [
        False,
        True,
        True,
    ]


def test_status_on_one_day_writes_times_without_the_date(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The "as of" line gave the date on an event of one day, where every other time is HH:MM."""
    db = _init(tmp_path, result_json, capsys)
    open_event(db).check_in("JT-001", at="09:10")
    assert main(["event", "status", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out
    assert "as of 09:10, the latest time recorded" in out
    assert "next slot: 2 (09:25)" in out
    assert main(["--lang", "id", "event", "status", "--db", db]) == EXIT_OK
    assert "sesi berikutnya: 2 (09.25)" in capsys.readouterr().out


@pytest.mark.parametrize("pid", ["slot", "Mulai"])
def test_a_walk_in_host_whose_id_is_a_grid_column_is_refused(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], pid: str
) -> None:
    """A host's table is labelled with its id: ``slot`` would head a second slot column of
    the grid.  The run refuses such a host (``invalid-plan``); before, a walk-in was taken."""
    db = _init(tmp_path, result_json, capsys)
    event = open_event(db)
    assert event.plan.hosts == "A"
    changes = event.changes()
    host = {**ROW, "id": pid, "delegation": "Jawa Timur", "province": "Jatim", "needs": "", "offers": "10631"}
    assert main(["--json", "event", "walkin", json.dumps(host), "--at", "09:30", "--db", db]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["participants"]) == ("invalid-plan", [pid])
    assert "labelled with its id" in problem["message"]
    assert problem["hint"] == "give the walk-in another id"  # the plan is fixed on the event day
    assert (
        main(["--lang", "id", "event", "walkin", json.dumps(host), "--at", "09:30", "--db", db])
        == EXIT_INVALID
    )
    err = capsys.readouterr().err
    assert "dinamai dengan id-nya" in err
    assert "beri peserta dadakan itu id lain" in err
    assert "hosts" not in err
    assert open_event(db).changes() == changes
    # a visitor (side B, who sits at the hosts' tables) may have that id
    visitor = {**ROW, "id": pid}
    assert main(["event", "walkin", json.dumps(visitor), "--at", "09:30", "--db", db]) == EXIT_OK
    assert pid in open_event(db).status().walk_ins


def test_the_suggested_updates_folder_is_one_that_does_not_exist(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-plan without ``--out`` gives the command that writes its updates.  With
    ``updates-0930`` there already (an earlier re-plan's, say) it names ``updates-0930-<N>``,
    and the command as pasted writes them there."""
    db = _init(tmp_path, result_json, capsys)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "updates-0930").mkdir()
    assert main(["event", "noshow", "JT-003", "--db", db]) == EXIT_OK
    capsys.readouterr()
    assert main(["event", "replan", "--now", "09:30", "--db", db]) == EXIT_OK
    command = re.search(r"`(matchmaker event updates [^`]*)`", capsys.readouterr().err)
    assert command is not None
    argv = shlex.split(command[1])[1:]
    seq = int(argv[2])
    assert argv == ["event", "updates", str(seq), "--out", f"updates-0930-{seq}", "--db", db]
    assert main(argv) == EXIT_OK  # as pasted
    assert (tmp_path / f"updates-0930-{seq}" / "changes.csv").is_file()
    assert not any((tmp_path / "updates-0930").iterdir())  # the folder there is left alone


def test_the_suggested_updates_folder_counts_on_when_the_numbered_one_exists_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan = SimpleNamespace(now=dt.datetime(2020, 12, 2, 9, 30), dated=False, seq=7)
    assert _updates_folder(plan) == "updates-0930"  # type: ignore[arg-type]
    for name in ("updates-0930", "updates-0930-7", "updates-0930-7-2"):
        (tmp_path / name).mkdir()
    assert _updates_folder(plan) == "updates-0930-7-3"  # type: ignore[arg-type]
    dated = SimpleNamespace(now=dt.datetime(2020, 12, 3, 9, 30), dated=True, seq=8)
    assert _updates_folder(dated) == "updates-20201203-0930"  # type: ignore[arg-type]
