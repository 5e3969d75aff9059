"""A re-plan's updates written later (``event updates``), from what the event file keeps of
each re-plan, and ``event log`` saying what each re-plan did."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.live import open_event
from matchmaker.live.store import FORMAT

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _init(tmp_path: Path, result_json: Path, name: str = "event.sqlite") -> str:
    db = str(tmp_path / name)
    assert main(["event", "init", str(result_json), "--db", db]) == EXIT_OK
    return db


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its path there, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _day(db: str) -> None:
    """The walkthrough's morning: a no-show, and a late arrival whose 09:25 meeting had begun."""
    assert main(["event", "noshow", "JT-003", "--at", "09:00", "--db", db]) == EXIT_OK
    assert main(["event", "late", "SS-002", "--until", "11:00", "--db", db]) == EXIT_OK


@pytest.mark.parametrize("lang", [None, "id"])
def test_updates_written_later_are_the_files_replan_out_wrote_then(
    tmp_path: Path,
    result_json: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str | None,
) -> None:
    """The round-19 list: a re-plan without --out was recorded, and its updates could never
    be written.  Two copies of one event: one re-plans with --out; the other without, then the
    day goes on (more no-shows, re-plans that change the same meetings again), and the
    command its warning gives, pasted as it is, writes the first re-plan's updates: the same
    files, byte for byte (calendars' SEQUENCE as sent then, desk sheet of then)."""
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    words = ["--lang", lang] if lang else []
    db = _init(tmp_path, result_json)
    _day(db)
    twin = str(tmp_path / "twin.sqlite")
    shutil.copy(db, twin)
    assert (
        main([*words, "event", "replan", "--now", "09:30", "--out", "at-the-time", "--db", twin]) == EXIT_OK
    )
    capsys.readouterr()
    assert main([*words, "event", "replan", "--now", "09:30", "--db", db]) == EXIT_OK
    said = capsys.readouterr()
    # English quotes the command; Indonesian gives it at the end of the sentence
    command = "matchmaker " + said.err.strip().split("matchmaker ", 1)[1].rstrip("`")
    assert command == f"matchmaker event updates 4 --out updates-0930 --db {db}"
    # the day goes on: the same meetings change again
    assert main(["event", "noshow", "SS-002", "--at", "09:40", "--db", db]) == EXIT_OK
    assert main(["event", "replan", "--now", "09:45", "--out", "later", "--db", db]) == EXIT_OK
    assert main(["event", "noshow", "JT-010", "--at", "09:50", "--db", db]) == EXIT_OK
    assert main(["event", "replan", "--now", "10:00", "--db", db]) == EXIT_OK
    capsys.readouterr()
    assert main([*words, *shlex.split(command)[1:]]) == EXIT_OK
    said = capsys.readouterr()
    then, now = _files(tmp_path / "at-the-time"), _files(tmp_path / "updates-0930")
    assert now == then
    assert any(name.startswith("ics/") for name in then)
    # re-plan 6 changed some of its meetings again (SS-002 did not come after all): said
    assert "(6)" in said.err
    assert said.out.strip().endswith("updates-0930")
    # a second copy, with --json: the facts as data
    assert main([*words, "--json", "event", "updates", "4", "--out", "again", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert (data["replan"], data["out"], data["now"]) == (4, "again", "2020-12-02T09:30:00+07:00")
    assert list(data["changed_again"]) == ["6"]
    assert all(len(pair) == 2 and "SS-002" in pair for pair in data["changed_again"]["6"])
    assert _files(tmp_path / "again") == then
    # the last re-plan's, without its number
    assert main(["event", "updates", "--out", "last", "--db", db]) == EXIT_OK
    capsys.readouterr()
    assert main(["event", "log", "--db", db]) == EXIT_OK
    log = capsys.readouterr().out.splitlines()
    assert (
        log[3]
        == "   4  re-plan at 09:30: 4 added, 14 cancelled, 1 moved; updates in updates-0930, again  [root]"
    )
    assert log[7].startswith("   8  re-plan at 10:00: ")
    assert log[7].endswith("; updates in last  [root]")


def test_a_replan_s_updates_survive_the_process_killed_once_it_committed(
    tmp_path: Path, result_json: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `event updates` writes from is written in the re-plan's own transaction: a desk
    killed (SIGKILL) right after the re-plan committed, before anything else, leaves it in the
    file, and the updates are those `--out` would have written."""
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    db = _init(tmp_path, result_json)
    _day(db)
    twin = str(tmp_path / "twin.sqlite")
    shutil.copy(db, twin)
    code = f"""
        import sys, time
        from matchmaker.cli import main
        from matchmaker.live.event import LiveEvent
        real = LiveEvent.replan
        def committed(self, *a, **k):
            plan = real(self, *a, **k)
            print("committed", flush=True)
            time.sleep(60)
            return plan
        LiveEvent.replan = committed
        main(["event", "replan", "--now", "09:30", "--db", {db!r}])
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "committed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert (
        main(["event", "replan", "--now", "09:30", "--out", str(tmp_path / "then"), "--db", twin]) == EXIT_OK
    )
    assert main(["event", "updates", "--out", str(tmp_path / "later"), "--db", db]) == EXIT_OK
    assert _files(tmp_path / "later") == _files(tmp_path / "then")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    capsys.readouterr()


def _as_format_1(db: str) -> None:
    """The file as a matchmaker before format 2 left it: no table of what re-plans changed,
    the format 1 (what such a file holds otherwise is the same)."""
    con = sqlite3.connect(db)
    with con:
        for table in ("replans", "replan_meetings", "updates"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = ? WHERE key = 'format'", (json.dumps("matchmaker.event/1"),))
    con.close()


def test_an_event_file_of_format_1_opens_and_says_what_cannot_be_recovered(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file made before the re-plans' changes were kept: every command reads it; the updates
    of a re-plan made then are refused, saying why and what is left (exit 1, nothing written,
    the file unchanged); the next re-plan adds the tables in its own transaction, and its
    updates can be written later."""
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    db = _init(tmp_path, result_json)
    _day(db)
    assert main(["event", "replan", "--now", "09:30", "--out", str(tmp_path / "u"), "--db", db]) == EXIT_OK
    _as_format_1(db)
    before = Path(db).read_bytes()
    capsys.readouterr()
    assert main(["event", "status", "--db", db]) == EXIT_OK
    assert main(["event", "agenda", "JT-044", "--db", db]) == EXIT_OK
    assert main(["event", "log", "--db", db]) == EXIT_OK
    log = capsys.readouterr().out.splitlines()
    assert (
        log[-1] == "   4  re-plan at 09:30: 4 added, 14 cancelled, 1 moved  [root]"
    )  # where they went: not known
    assert main(["event", "log", "JT-044", "--db", db]) == EXIT_OK
    said = capsys.readouterr().out
    assert said.splitlines()[-1] == (
        "note: re-plan 4 was made before matchmaker kept what each re-plan changed: whether it "
        "changed JT-044's day is not known"
    )
    assert main(["event", "updates", "4", "--out", str(tmp_path / "x"), "--db", db]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert (
        "re-plan 4 (at 09:30) was made before matchmaker kept what each re-plan changed: its updates " in err
    )
    assert f"`matchmaker event agenda ID --db {db}`" in err
    assert not (tmp_path / "x").exists()
    assert (
        main(["--lang", "id", "event", "updates", "--out", str(tmp_path / "x"), "--db", db]) == EXIT_INVALID
    )
    assert "penjadwalan ulang 4 (pukul 09.30) dibuat sebelum matchmaker menyimpan" in capsys.readouterr().err
    assert Path(db).read_bytes() == before
    # the next re-plan keeps what it changes
    assert main(["event", "noshow", "SS-010", "--at", "09:40", "--db", db]) == EXIT_OK
    assert main(["event", "replan", "--now", "09:45", "--db", db]) == EXIT_OK
    assert main(["event", "updates", "--out", str(tmp_path / "y"), "--db", db]) == EXIT_OK
    assert (tmp_path / "y" / "messages.csv").is_file()
    con = sqlite3.connect(db)
    assert json.loads(con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0]) == FORMAT
    con.close()
    capsys.readouterr()
    assert main(["--json", "event", "log", "SS-010", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["unknown_replans"] == [4]
    (row,) = [c for c in data["changes"] if c["kind"] == "replan"]
    assert (row["seq"], row["replan"]["kept"], row["replan"]["updates"]) == (6, True, [str(tmp_path / "y")])


def test_event_log_says_what_each_replan_did_to_a_participant(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The round-19 list: `event log ID` left out the re-plans that changed ID's day, and a
    re-plan's row said neither what it did nor where its updates went.  Each of ID's meetings
    a re-plan changed is said, by time, with why (in the desk's language), and in --json as
    data; the full log gives each re-plan's counts and its updates' folder."""
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    db = _init(tmp_path, result_json)
    _day(db)
    out = str(tmp_path / "u0930")
    assert main(["event", "replan", "--now", "09:30", "--out", out, "--db", db]) == EXIT_OK
    capsys.readouterr()
    plan = open_event(db).past_replan(4)
    assert main(["event", "log", "JT-044", "--db", db]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    (line,) = [x for x in lines if x.startswith("   4  ")]
    mine = sorted(
        (c for c in (*plan.added, *plan.cancelled, *plan.moved) if "JT-044" in (c.a, c.b)),
        key=lambda c: c.new_slot if c.new_slot is not None else c.old_slot or 0,
    )
    assert len(mine) == 2
    assert line.startswith("   4  re-plan at 09:30: new meeting with SS-038 ")
    assert (
        "meeting with SS-002 PT Jaya Lematang Trading (missed at 09:25) booked again 14:15, table JT-044 "
        "(SS-002 arrives at 11:00; moved to a slot both can attend)" in line
    )
    assert line.endswith(f"; updates in {out}  [root]")
    assert main(["--lang", "id", "event", "log", "SS-002", "--db", db]) == EXIT_OK
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("   4  ")]
    assert (
        "pertemuan dengan JT-038 Koperasi Agung Kawi Unggas pukul 09.00 dibatalkan (SS-002 baru datang "
        in line
    )
    assert "(terlewat pukul 09.25) dijadwalkan lagi pukul 14.15, meja JT-044" in line
    assert line.endswith(f"; pemberitahuan di {out}  [root]")
    # --json: the same facts as data
    assert main(["--json", "event", "log", "JT-044", "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    (row,) = [c for c in data["changes"] if c["kind"] == "replan"]
    assert row["replan"]["updates"] == [out]
    got = row["replan"]["meetings"]
    assert [(m["change"], m["partner"]) for m in got] == [(c.kind, c.b) for c in mine]
    moved = got[1]
    assert (moved["old_slot"], moved["old_start"], moved["new_table"], moved["move"], moved["missed"]) == (
        2,
        "2020-12-02T09:25:00+07:00",
        "JT-044",
        "rebooked",
        True,
    )
    assert moved["why"][0]["code"] == "moved-to-attend"
    assert moved["why"][0]["cause"] == {"code": "late", "values": ["SS-002", "11:00"], "cause": None}
    assert data["unknown_replans"] == []
    assert data["names"]["SS-002"] == "PT Jaya Lematang Trading"
    # someone the re-plan left alone: no re-plan row
    untouched = next(
        pid
        for pid in open_event(db).status().expected
        if all(pid not in (c.a, c.b) for c in (*plan.added, *plan.cancelled, *plan.moved))
    )
    assert main(["--json", "event", "log", untouched, "--db", db]) == EXIT_OK
    assert all(c["kind"] != "replan" for c in json.loads(capsys.readouterr().out)["changes"])
    # the full log: counts and the folder, or that none was written
    assert main(["event", "noshow", "SS-010", "--at", "09:40", "--db", db]) == EXIT_OK
    assert main(["event", "replan", "--now", "09:45", "--db", db]) == EXIT_OK
    capsys.readouterr()
    assert main(["event", "log", "--last", "3", "--db", db]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"   4  re-plan at 09:30: 4 added, 14 cancelled, 1 moved; updates in {out}  [root]"
    assert lines[2].startswith("   6  re-plan at 09:45: ")
    assert lines[2].endswith("; no updates written  [root]")
    assert main(["--json", "event", "log", "--db", db]) == EXIT_OK
    rows = {c["seq"]: c for c in json.loads(capsys.readouterr().out)["changes"]}
    assert rows[4]["replan"] == {"kept": True, "updates": [out]}
    assert rows[6]["replan"] == {"kept": True, "updates": []}
    assert rows[4]["payload"]["added"] == 4


def test_the_docs_show_the_log_line_and_the_warning_the_desk_reads(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/event-day.md's `event log ID` line and the warning of a re-plan without --out are
    what the commands print (the walkthrough's morning, at 09:30)."""
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    monkeypatch.chdir(tmp_path)
    doc = (Path(__file__).resolve().parents[1] / "docs" / "event-day.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].rstrip("\n") for b in doc.split("```text\n")[1:]]
    (logged,) = [b for b in blocks if b.startswith("   4  re-plan at 09:30: ")]
    (warned,) = [b for b in blocks if b.startswith("warning: no updates written")]
    for db, out in (("event.sqlite", []), ("other.sqlite", ["--out", "updates-0930"])):
        assert main(["event", "init", str(result_json), "--db", db]) == EXIT_OK
        _day(db)
        capsys.readouterr()
        assert main(["event", "replan", "--now", "09:30", *out, "--who", "desk1", "--db", db]) == EXIT_OK
        if not out:
            assert capsys.readouterr().err.strip() == warned
    capsys.readouterr()
    assert main(["event", "log", "JT-044", "--db", "other.sqlite"]) == EXIT_OK
    assert logged in capsys.readouterr().out.splitlines()


def test_a_desk_that_may_only_read_the_file_writes_updates_and_says_they_are_not_recorded(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing updates needs only to read the event file: a desk that may not write it gets
    them, and is told that where they went is not recorded (exit 0; the file unchanged)."""
    from matchmaker.live import store

    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    db = _init(tmp_path, result_json)
    _day(db)
    assert main(["event", "replan", "--now", "09:30", "--out", str(tmp_path / "then"), "--db", db]) == EXIT_OK
    before = Path(db).read_bytes()
    real = store.connect
    monkeypatch.setattr(
        store,
        "connect",
        lambda path: sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
        ),
    )
    capsys.readouterr()
    assert main(["--json", "event", "updates", "--out", str(tmp_path / "now"), "--db", db]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["recorded"] is False
    assert data["warnings"][0].startswith("note: this desk may not write the event file")
    assert _files(tmp_path / "now") == _files(tmp_path / "then")
    monkeypatch.setattr(store, "connect", real)
    assert Path(db).read_bytes() == before
    assert [u["folder"] for u in open_event(db).updates()] == [str(tmp_path / "then")]


@pytest.mark.parametrize("kind", ["pool", "hosts", "days"])
def test_every_replan_read_back_writes_the_files_it_wrote(tmp_path: Path, kind: str) -> None:
    """Seeded days of random changes on small events (a shared pool of tables, where a re-plan
    may open a new table; hosts; two days): after each re-plan, the updates written from it
    and from it read back from the file (`past_replan`), at once and at the end of the day,
    are the same files."""
    import contextlib
    import datetime as dt

    import numpy as np

    import matchmaker as mm
    from matchmaker.live.messages import write_updates

    days = ["2020-12-02", "2020-12-03"] if kind == "days" else ["2020-12-02"]
    mission = mm.synthetic_mission(6, 9, seed=4 if kind == "pool" else 3, date=dt.date(2020, 12, 2))
    plan = mm.EventPlan(
        start="09:00",
        slots_per_day=5,
        meeting=20,
        buffer=5,
        days=days,
        **({"tables": 4} if kind == "pool" else {"hosts": "A"}),
    )
    result = mm.run(mission, plan, baseline=False, max_meetings=(None, 3))
    written = []
    for seed in range(4):
        rng = np.random.default_rng(seed)
        event = open_event(tmp_path / f"{kind}{seed}.sqlite", result, lead=0)
        slots = event.plan.slots
        ids = [*mission.ids("A"), *mission.ids("B")]
        for step in range(3):
            for pid in rng.choice(ids, 2, replace=False).tolist():
                with contextlib.suppress(mm.ValidationError):  # one refused (a no-show twice): skipped
                    if rng.integers(2):
                        event.no_show(pid, at=slots[step].start)
                    else:
                        window = f"{slots[step + 1].start:%Y-%m-%d %H:%M}-{slots[step + 2].end:%H:%M}"
                        event.unavailable(pid, window)
            made = event.replan(slots[step].start + dt.timedelta(minutes=1))
            folder = tmp_path / f"{kind}{seed}-{step}"
            write_updates(event, made, folder / "then")
            write_updates(event, event.past_replan(made.seq), folder / "back")
            assert _files(folder / "back") == _files(folder / "then"), (kind, seed, step)
            written.append((event, made.seq, folder))
    for event, seq, folder in written:  # later: the same
        write_updates(event, event.past_replan(seq), folder / "later")
        assert _files(folder / "later") == _files(folder / "then")
    assert sum(len(_files(f / "then")) for _, _, f in written) > 3 * len(written)


@pytest.mark.parametrize("lang", [None, "id"])
def test_updates_read_back_keep_the_venue_of_those_who_still_meet_someone(
    tmp_path: Path, lang: str | None
) -> None:
    """The code review's case: on the bundled mission (it has a venue), the updates written
    from a re-plan read back from the file named no venue for those whose next meeting lay
    after the desk sheet's slot (11 messages of the demo differed from replan --out's)."""
    import matchmaker as mm
    from matchmaker.live.messages import write_updates

    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False)
    assert result.mission.venue  # the case: a venue to name
    event = mm.open_event(tmp_path / "e.sqlite", result)
    event.no_show("JT-003", at="08:40")
    plan = event.replan("09:30")
    write_updates(event, plan, tmp_path / "then", lang=lang)
    write_updates(event, event.past_replan(), tmp_path / "later", lang=lang)
    then = _files(tmp_path / "then")
    assert _files(tmp_path / "later") == then
    venue = result.mission.venue.encode()
    told = [name for name in then if name.startswith("messages/")]
    assert sum(venue in then[name] for name in told) >= 5  # the venue is named where it belongs


def test_a_file_of_a_newer_format_is_refused_not_relabelled(tmp_path: Path) -> None:
    """The code review's case: a file a newer matchmaker wrote (format 3) was reopened, and
    its next re-plan relabelled it format 2.  Now it is refused on open, naming the format
    and what to do, and nothing in it changes; upgrade() refuses it too."""
    import json
    import sqlite3

    import matchmaker as mm
    from matchmaker.errors import DataFileError
    from matchmaker.live import store

    path = tmp_path / "e.sqlite"
    mm.open_event(path, mm.run(mm.east_java_south_sumatra_2020(), baseline=False)).no_show(
        "JT-003", at="08:40"
    )
    with sqlite3.connect(path) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'format'", (json.dumps("matchmaker.event/3"),))
    con.close()
    before = path.read_bytes()
    with pytest.raises(DataFileError) as caught:
        mm.open_event(path)
    (problem,) = caught.value.problems
    assert (problem.kind, problem.data["format"]) == ("event-format", "matchmaker.event/3")
    assert "pip install -U matchmaker" in (problem.hint or "")
    assert path.read_bytes() == before
    con = sqlite3.connect(path)
    try:
        with pytest.raises(DataFileError):
            store.upgrade(con)
        assert store.format_of(con) == "matchmaker.event/3"
    finally:
        con.close()
    assert main(["event", "status", "--db", str(path)]) == EXIT_INVALID
