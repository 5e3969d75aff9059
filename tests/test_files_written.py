"""What the writers leave for the caller: no file for a text no file can hold, the old file
when a write fails, and the permissions the caller would expect.

A string made in Python can hold a lone surrogate (``"\\ud800"``) that no UTF-8 file can
hold (files read from disk are refused up front: ``test_json_input.py``).  Every writer a
caller gives such a text to refuses it with a ``lone-surrogate`` problem naming the
participant and the field, and leaves nothing behind: the participant writers, the
export pack, the event file and a walk-in.  Before, CSV and JSON failed with the
encoder's traceback and left a partial file over the caller's, and XLSX wrote a workbook
that no spreadsheet (and not our reader) can open.

A replaced file keeps its permissions and links; a new pack or updates folder gets the
permissions of any new folder (they were built in ``mkdtemp`` folders: owner-only).
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker._files import replacing
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import lone_surrogates
from matchmaker.reporting.problems import problem_text

HALF = "\ud800"


def _with(mission: mm.Mission, k: int, **changes: object) -> mm.Mission:
    people = list(mission.participants)
    people[k] = dataclasses.replace(people[k], **changes)
    return dataclasses.replace(mission, participants=tuple(people))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    ("changes", "field", "place"),
    [
        ({"name": f"PT Maju{HALF}"}, "name", "name"),
        ({"city": f"{HALF}Palembang"}, "city", "city"),
        ({"certifications": ("halal", f"SNI{HALF}")}, "certifications", "certifications[1]"),
        ({"offers": (TradeLine("10631", volume=120, unit=f"t{HALF}"),)}, "offers", "offers[0].unit"),
        ({"extra": (("catatan", f"x{HALF}"),)}, "catatan", "catatan"),
    ],
)
@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx"])
def test_write_participants_names_who_and_leaves_the_old_file(
    bundled: mm.Mission, tmp_path: Path, changes: dict[str, object], field: str, place: str, suffix: str
) -> None:
    if suffix == "xlsx":
        pytest.importorskip("openpyxl")
    target = tmp_path / f"participants.{suffix}"
    mm.write_participants(bundled, target)
    before = _files(tmp_path)
    bad = _with(bundled, 3, **changes)
    with pytest.raises(mm.ValidationError) as caught:
        mm.write_participants(bad, target)
    (problem,) = caught.value.problems
    assert problem.kind == "lone-surrogate"
    assert problem.participants == (bundled.participants[3].id,)
    assert problem.field == field
    assert f"at {place}: \\ud800, which no UTF-8 file can hold" in problem.message
    assert _files(tmp_path) == before  # the caller's file as it was, no temporary file left
    assert f"setengah karakter di {place}: \\ud800 tanpa pasangannya" in problem_text(problem, "id")


def test_every_participant_is_named_at_once(bundled: mm.Mission, tmp_path: Path) -> None:
    bad = _with(_with(bundled, 0, name=f"A{HALF}"), 50, email=f"b{HALF}@x.id")
    with pytest.raises(mm.ValidationError) as caught:
        mm.write_participants(bad, tmp_path / "p.csv")
    assert [(p.participants, p.field) for p in caught.value.problems] == [
        ((bundled.participants[0].id,), "name"),
        ((bundled.participants[50].id,), "email"),
    ]
    assert list(tmp_path.iterdir()) == []


def test_save_mission_names_the_mission_field(bundled: mm.Mission, tmp_path: Path) -> None:
    with pytest.raises(mm.ValidationError) as caught:
        mm.save_mission(dataclasses.replace(bundled, venue=f"Palembang{HALF}"), tmp_path / "m.json")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.field, problem.participants) == ("lone-surrogate", "venue", ())
    assert "at mission.venue:" in problem.message
    assert list(tmp_path.iterdir()) == []


def test_an_id_with_half_a_character_is_named_printably() -> None:
    p = mm.Participant(f"A{HALF}1", "PT Maju", "Jawa Timur", "Jawa Timur")
    (problem,) = lone_surrogates([p])
    assert problem.participants == ("A\\ud8001",)
    assert problem.field == "id"
    str(mm.ValidationError(problem)).encode("utf-8")  # the message itself can be written anywhere


def test_whole_characters_are_no_problem(bundled: mm.Mission) -> None:
    fine = _with(bundled, 0, name="PT Maju 😀 Jaya", extra=(("catatan", "ok ✓"),))
    assert lone_surrogates(fine.participants, fine, note="Catatan 😀") == []


@pytest.fixture(scope="module")
def broken_result() -> mm.MatchmakingResult:
    mission = _with(mm.east_java_south_sumatra_2020(), 2, contact=f"Bu Sari{HALF}")
    result = mm.run(mission, mm.default_plan())
    assert isinstance(result, mm.MatchmakingResult)
    return result


@pytest.mark.parametrize("formats", [["csv", "json", "ics"], ["ics"], ["json"]])
def test_export_all_names_who_and_writes_nothing(
    broken_result: mm.MatchmakingResult, tmp_path: Path, formats: list[str]
) -> None:
    """The calendars alone wrote ``?`` for the half character and went out."""
    with pytest.raises(mm.ValidationError) as caught:
        mm.export_all(broken_result, tmp_path / "pack", formats=formats)
    (problem,) = caught.value.problems
    assert problem.kind == "lone-surrogate"
    assert problem.participants == (broken_result.mission.participants[2].id,)
    assert problem.field == "contact"
    assert list(tmp_path.iterdir()) == []  # no pack, no staging folder


def test_export_all_names_a_note(bundled_result: mm.MatchmakingResult, tmp_path: Path) -> None:
    with pytest.raises(mm.ValidationError) as caught:
        mm.export_all(bundled_result, tmp_path / "pack", formats=["html"], plots=False, note=f"hi{HALF}")
    (problem,) = caught.value.problems
    assert (problem.field, problem.participants) == ("note", ())
    assert list(tmp_path.iterdir()) == []


def test_export_all_xlsx_refuses_rather_than_writing_a_broken_workbook(
    broken_result: mm.MatchmakingResult, tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl")
    with pytest.raises(mm.ValidationError) as caught:
        mm.export_all(broken_result, tmp_path / "pack", formats=["xlsx"])
    assert caught.value.problems[0].field == "contact"
    assert list(tmp_path.iterdir()) == []


def test_open_event_names_who_and_leaves_no_file(broken_result: mm.MatchmakingResult, tmp_path: Path) -> None:
    with pytest.raises(mm.ValidationError) as caught:
        mm.open_event(tmp_path / "event.sqlite", broken_result)
    assert caught.value.problems[0].field == "contact"
    assert list(tmp_path.iterdir()) == []


def test_a_walk_in_is_refused_before_anything_is_written(
    bundled_result: mm.MatchmakingResult, tmp_path: Path
) -> None:
    path = tmp_path / "event.sqlite"
    event = mm.open_event(path, bundled_result)
    before = event.changes()
    walk_in = dataclasses.replace(bundled_result.mission.participants[0], id="WALK-1", name=f"CV {HALF}")
    with pytest.raises(mm.ValidationError) as caught:
        event.walk_in(walk_in, at="09:30")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.participants, problem.field) == ("lone-surrogate", ("WALK-1",), "name")
    event.close()
    reopened = mm.open_event(path)
    assert "WALK-1" not in reopened.status().present
    assert reopened.changes() == before  # only the event's creation: nothing was recorded
    reopened.close()


@pytest.fixture(scope="module")
def bundled_result() -> mm.MatchmakingResult:
    result = mm.run(mm.east_java_south_sumatra_2020(), mm.default_plan())
    assert isinstance(result, mm.MatchmakingResult)
    return result


def test_replacing_keeps_the_old_file_on_failure_and_follows_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "notes.csv"
    target.write_bytes(b"old")

    def interrupted() -> None:
        with replacing(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    assert _files(tmp_path) == {"notes.csv": b"old"}
    old_mask = os.umask(0o022)
    try:
        with replacing(tmp_path / "new.csv") as tmp:
            tmp.write_bytes(b"new")
    finally:
        os.umask(old_mask)
    # as an ordinary open would make it (mkstemp would make it owner-only)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644
    assert _files(tmp_path) == {"notes.csv": b"old", "new.csv": b"new"}


def test_replacing_keeps_the_callers_permissions_and_links(tmp_path: Path) -> None:
    private = tmp_path / "private.csv"
    private.write_bytes(b"old")
    private.chmod(0o600)
    with replacing(private) as tmp:
        tmp.write_bytes(b"new")
    assert (stat.S_IMODE(private.stat().st_mode), private.read_bytes()) == (0o600, b"new")
    link = tmp_path / "link.csv"
    link.symlink_to(private)
    with replacing(link) as tmp:
        tmp.write_bytes(b"through the link")
    assert link.is_symlink()
    assert private.read_bytes() == b"through the link"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "private.csv"]


def test_write_participants_keeps_a_private_file_private(bundled: mm.Mission, tmp_path: Path) -> None:
    target = tmp_path / "participants.csv"
    target.write_text("old")
    target.chmod(0o600)
    mm.write_participants(bundled, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(mm.read_participants(target)) == len(bundled.participants)


def _umask_022() -> int:
    return os.umask(0o022)


def test_a_pack_folder_others_may_open_and_one_the_user_closed_stays_closed(
    bundled_result: mm.MatchmakingResult, tmp_path: Path
) -> None:
    """The pack was built in a ``mkdtemp`` folder and moved into place: owner-only (0700),
    so colleagues or a web server given the folder could not open it."""
    old_mask = _umask_022()
    try:
        pack = tmp_path / "pack"
        mm.export_all(bundled_result, pack, formats=["csv"])
        assert stat.S_IMODE(pack.stat().st_mode) == 0o755
        pack.chmod(0o750)  # the user's choice is kept when the pack is written again
        mm.export_all(bundled_result, pack, formats=["csv"])
        assert stat.S_IMODE(pack.stat().st_mode) == 0o750
    finally:
        os.umask(old_mask)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


def test_a_replans_updates_folder_others_may_open(
    bundled_result: mm.MatchmakingResult, tmp_path: Path
) -> None:
    from matchmaker.live.messages import write_updates

    with mm.open_event(tmp_path / "event.sqlite", bundled_result) as event:
        event.no_show(bundled_result.mission.participants[0].id, at="09:00")
        plan = event.replan("09:00")
        old_mask = _umask_022()
        try:
            out = write_updates(event, plan, tmp_path / "updates")
        finally:
            os.umask(old_mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.sqlite", "updates"]


# -- review follow-ups: texts beyond the participants, the command line, the group path ----


def test_a_table_label_is_named_by_the_export_and_the_event_file(
    bundled_result: mm.MatchmakingResult, tmp_path: Path
) -> None:
    plan = dataclasses.replace(bundled_result.schedule.plan, tables=40, hosts=None)
    labels = (*(f"Meja {k}" for k in range(1, 40)), f"Meja{HALF}")
    result = mm.run(bundled_result.mission, dataclasses.replace(plan, table_labels=labels))
    assert isinstance(result, mm.MatchmakingResult)
    for attempt in (
        lambda: mm.export_all(result, tmp_path / "pack", formats=["csv"]),
        lambda: mm.open_event(tmp_path / "event.sqlite", result),
    ):
        with pytest.raises(mm.ValidationError) as caught:
            attempt()
        (problem,) = caught.value.problems
        assert (problem.kind, problem.field) == ("lone-surrogate", "plan")
        assert "at plan.table_labels[39]:" in problem.message
    assert list(tmp_path.iterdir()) == []


def test_the_group_path_names_who_and_writes_nothing(tmp_path: Path) -> None:
    from matchmaker.groups import GroupResult, run_groups

    mission = _with(mm.east_java_south_sumatra_2020(), 1, name=f"PT {HALF}")
    plan = dataclasses.replace(mm.default_plan(), hosts=None, tables=40)
    timetable = run_groups(mission, plan, max_meetings=4)
    for attempt in (
        lambda: timetable.write(tmp_path / "w"),
        lambda: mm.export_all(GroupResult.of(timetable), tmp_path / "pack", formats=["csv", "json"]),
    ):
        with pytest.raises(mm.ValidationError) as caught:
            attempt()
        assert [(p.kind, p.field) for p in caught.value.problems] == [("lone-surrogate", "name")]
    assert list(tmp_path.iterdir()) == []


def test_a_text_no_scan_explains_is_still_a_named_error() -> None:
    from matchmaker.model.mission import unwritable

    try:
        f"from somewhere{HALF}".encode()
    except UnicodeEncodeError as exc:
        error = unwritable(exc, ())
    (problem,) = error.problems
    assert problem.kind == "lone-surrogate"
    assert "\\ud800, which no UTF-8 file can hold" in problem.message


def test_command_line_texts_with_a_byte_that_is_not_utf8_exit_1(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A byte that is not UTF-8 in an argument arrives as half of a character (``\\udcff``);
    ``report`` and ``outcomes --html`` exited 5 at their write, ``--who`` at its record."""
    from matchmaker.cli import EXIT_INVALID, main
    from matchmaker.datasets import bundled_mission_path

    bad = "Misi\udcff"
    out = tmp_path / "r.html"
    code = main(
        [
            "--json",
            "report",
            str(bundled_mission_path()),
            "--date",
            "2020-12-02",
            "--name",
            bad,
            "--out",
            str(out),
        ]
    )
    assert code == EXIT_INVALID
    assert '"kind": "lone-surrogate"' in capsys.readouterr().out
    db = tmp_path / "event.sqlite"
    assert main(["event", "init", str(result_json), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["--json", "event", "checkin", "JT-001", "--db", str(db), "--who", bad]) == EXIT_INVALID
    assert '"field": "--who"' in capsys.readouterr().out
    with mm.open_event(db) as event:
        assert len(event.changes()) == 1  # nothing recorded
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.sqlite"]


def test_a_user_name_with_a_byte_that_is_not_utf8_is_recorded_spelled_out(
    tmp_path: Path, bundled_result: mm.MatchmakingResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "sari\udcff")
    monkeypatch.setenv("LOGNAME", "sari\udcff")
    with mm.open_event(tmp_path / "event.sqlite", bundled_result) as event:
        event.check_in("JT-001", at="09:00")
        assert event.changes()[-1]["who"] == "sari\\udcff"


# -- replacing: files it must not replace -------------------------------------------------


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    import threading

    pipe = tmp_path / "out.csv"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    with replacing(pipe) as tmp:
        tmp.write_bytes(b"through the pipe")
    reader.join(timeout=20)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_read_only_file_is_refused_as_open_refuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine.csv"
    target.write_bytes(b"mine")
    target.chmod(0o444)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK and real(p, mode))  # as for a user
    with pytest.raises(PermissionError) as caught, replacing(target) as tmp:
        tmp.write_bytes(b"new")
    assert caught.value.filename == str(target)
    assert _files(tmp_path) == {"mine.csv": b"mine"}


def test_a_file_that_cannot_be_renamed_over_or_beside_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bind-mounted file (os.replace: EBUSY) and one in a folder the user may not write
    (no temporary file beside it) are written in place, as ``open`` wrote them."""
    import errno

    from matchmaker import _files as writing

    target = tmp_path / "mounted.csv"
    target.write_bytes(b"old")

    def busy(src: object, dst: object) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(os, "replace", busy)
    with replacing(target) as tmp:
        tmp.write_bytes(b"new")
    assert _files(tmp_path) == {"mounted.csv": b"new"}
    monkeypatch.undo()

    def no_folder(target: Path, *, private: bool) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(writing, "new_file_beside", no_folder)
    with replacing(target) as tmp:
        assert tmp == target
        tmp.write_bytes(b"in place")
    assert _files(tmp_path) == {"mounted.csv": b"in place"}


def test_a_private_file_is_private_while_it_is_written_and_errors_name_it(tmp_path: Path) -> None:
    target = tmp_path / "private.csv"
    target.write_bytes(b"old")
    target.chmod(0o600)
    with replacing(target) as tmp:
        assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
        tmp.write_bytes(b"new")
    missing = tmp_path / "nope" / "p.csv"
    with pytest.raises(FileNotFoundError) as caught, replacing(missing):
        pass
    assert caught.value.filename == str(missing)
    long = tmp_path / ("x" * 250 + ".csv")
    with replacing(long) as tmp:
        tmp.write_bytes(b"a long name")
    assert long.read_bytes() == b"a long name"
