"""Event-file edge cases: bad lead times and floors, folders, read-only files.

Each is a clear error naming the file or field, exit 1 from the command line (never 5),
and nothing written: a refused ``open_event`` creates no file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import sqlite3
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import numpy as np
import pytest

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.live import open_event, store


@cache
def _result() -> mm.MatchmakingResult:
    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False)
    assert isinstance(result, mm.MatchmakingResult)
    return result


@pytest.mark.parametrize(
    "lead",
    # "ten" (a Python caller's string) was a bare ValueError from float(), not a Problem
    [-5, float("nan"), float("inf"), 1e30, 1441, "ten", dt.timedelta(minutes=-1), dt.timedelta(days=2)],
)
def test_a_bad_lead_is_refused_before_the_event_file_is_written(
    tmp_path: Path, lead: float | str | dt.timedelta
) -> None:
    db = tmp_path / "event.sqlite"
    with pytest.raises(mm.ValidationError, match="lead time") as caught:
        open_event(db, _result(), lead=lead)  # type: ignore[arg-type]
    assert caught.value.problems[0].field == "lead"
    from matchmaker.reporting.problems import problem_text

    assert problem_text(caught.value.problems[0], "id").endswith("misalnya 10)")  # its hint, in Indonesian
    assert list(tmp_path.iterdir()) == []  # so a retry with a good lead is not refused
    open_event(db, _result(), lead=15).close()


@pytest.mark.parametrize("min_score", [float("nan"), float("inf"), -float("inf")])
def test_a_floor_that_is_not_finite_is_refused(tmp_path: Path, min_score: float) -> None:
    with pytest.raises(mm.ValidationError, match="min_score must be a finite number"):
        open_event(tmp_path / "event.sqlite", _result(), min_score=min_score)
    assert list(tmp_path.iterdir()) == []


def test_replan_checks_its_own_lead(tmp_path: Path) -> None:
    event = open_event(tmp_path / "event.sqlite", _result())
    before = len(event.changes())
    for lead in (float("nan"), -1, 10_000):
        with pytest.raises(mm.ValidationError, match="lead time"):
            event.replan("09:00", lead=lead)
    assert len(event.changes()) == before
    event.close()


def test_a_folder_or_a_missing_folder_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(mm.DataFileError, match="is a folder, not an event file"):
        open_event(tmp_path, _result())
    with pytest.raises(mm.DataFileError, match=r"the folder .*nope does not exist"):
        open_event(tmp_path / "nope" / "event.sqlite", _result())
    assert list(tmp_path.iterdir()) == []


def _read_only(path: str | Path) -> sqlite3.Connection:
    """What a file the process may not write gives (also as root, which file modes do not stop)."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def test_a_change_to_a_read_only_event_file_says_so_and_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    monkeypatch.setattr(store, "connect", _read_only)
    event = open_event(db)
    before = len(event.changes())
    for change in (lambda: event.no_show("JT-001", at="09:00"), lambda: event.replan("09:00")):
        with pytest.raises(mm.DataFileError, match="cannot be written") as caught:
            change()
        assert caught.value.problems[0].kind == "read-only"
        assert caught.value.problems[0].source == str(db.resolve())
    assert len(event.changes()) == before
    event.close()
    monkeypatch.undo()
    assert len(open_event(db).changes()) == before


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["noshow", "JT-001", "--lead", "nan"], "lead time must be a number of minutes"),
        (["replan", "--now", "09:00", "--lead", "1e12"], "lead time must be a number of minutes"),
        (["status", "--lead", "-3"], "lead time must be a number of minutes"),
    ],
)
def test_the_commands_exit_1_for_a_bad_lead(
    tmp_path: Path, argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    before = db.read_bytes()
    assert main(["event", *argv, "--db", str(db)]) == 1
    assert said in capsys.readouterr().err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "argv", [["replan", "--now", "10:00"], ["noshow", "JT-001"], ["status"], ["cancel", "JT-001", "SS-001"]]
)
def test_a_lead_not_written_as_a_number_is_a_usage_error(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """``--lead abc`` is malformed, exit 2 as for ``--top-k abc`` (docs/event-day.md said exit 1;
    a number out of range, above, is exit 1), and nothing is written."""
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    before = db.read_bytes()
    with pytest.raises(SystemExit) as caught:
        main(["event", *argv, "--lead", "abc", "--db", str(db)])
    assert caught.value.code == 2
    assert "argument --lead: invalid float value: 'abc'" in capsys.readouterr().err
    assert db.read_bytes() == before
    doc = (Path(__file__).parents[1] / "docs" / "event-day.md").read_text(encoding="utf-8")
    said = " ".join(doc.split("`--lead MINUTES`", 1)[1].split(")", 1)[0].split())
    assert "`--lead abc`, is a usage error and exits 2" in said  # the docs say what it does


def test_event_init_exit_1_for_a_bad_floor_a_folder_or_a_missing_folder(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for db, extra, said in (
        (tmp_path / "a.sqlite", ["--min-score", "nan"], "min_score must be a finite number"),
        (tmp_path, [], "is a folder, not an event file"),
        (tmp_path / "nope" / "a.sqlite", [], "does not exist"),
    ):
        assert main(["event", "init", str(result_json), "--db", str(db), *extra]) == 1
        assert said in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_commands_exit_1_on_a_read_only_event_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    monkeypatch.setattr(store, "connect", _read_only)
    for argv in (["noshow", "JT-001", "--at", "09:00"], ["replan", "--now", "09:00"]):
        assert main(["event", *argv, "--db", str(db), "--json"]) == 1
        assert '"kind": "read-only"' in capsys.readouterr().out
    assert main(["event", "status", "--db", str(db)]) == 0  # reading needs no write access


def test_the_path_is_named_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(mm.ValidationError) as caught:
        open_event(empty)
    assert str(caught.value).count(str(empty)) == 1
    assert main(["event", "status", "--db", str(empty)]) == 1
    assert f"{empty}: holds no event" in capsys.readouterr().err  # the hint's command names it again


def test_a_custom_timetabling_method_gets_a_read_only_mask_with_or_without_pins() -> None:
    """With nothing pinned the mask was read-only, with pins a writable copy."""
    from matchmaker.scheduling import EventPlan, schedule
    from matchmaker.scheduling.timetable import METHODS, Solution, TimetableProblem

    seen: list[bool] = []

    def spy(problem: TimetableProblem) -> Solution:
        seen.append(bool(problem.allowed.flags.writeable))
        with pytest.raises(ValueError, match="read-only"):
            problem.allowed[:] = False
        return METHODS["heuristic"](problem)

    plan = EventPlan(start="09:00", end="12:00", days=["2020-12-02"])
    pairs = [("a1", "b1"), ("a1", "b2"), ("a2", "b1")]
    assert len(schedule(pairs, plan, method=spy).meetings) == 3
    assert len(schedule(pairs, plan, method=spy, pinned=[("a1", "b1", 0)]).meetings) == 3
    assert seen == [False, False]


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ([[0.7, 1.2]], "not whole numbers"),
        (np.array([[2**63, 0]], dtype=np.uint64), "too large"),
        ([[2**70, 0]], "object values"),
        (np.array([[0.0, 2.0**63]]), "too large"),
        ([[0, 0, 0]], "shape (1, 3)"),
        ([[True, False]], "bool values"),
        ([[0, 1], [1]], "not an array of pairs"),
    ],
)
def test_a_custom_matching_method_with_a_malformed_answer_is_refused(answer: object, said: str) -> None:
    """These were cut (0.7 -> 0), wrapped (2**63 -> a negative index) or numpy's own errors."""
    scores = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(mm.SolverError, match=re.escape(said)):
        mm.match(scores, method=lambda problem: answer)


def test_a_custom_matching_method_with_a_whole_float_answer_is_taken() -> None:
    scores = np.array([[1.0, 2.0], [3.0, 4.0]])
    matching = mm.match(scores, method=lambda problem: [[0.0, 1.0], [1.0, 0.0]])
    assert matching.pairs.tolist() == [[0, 1], [1, 0]]
    assert matching.objective == 5.0


def test_an_event_file_that_failed_to_be_written_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure inside the creating transaction left an empty SQLite file ("holds no event")."""

    def broken(array: object) -> bytes:
        raise MemoryError("simulated failure half-way through the first transaction")

    monkeypatch.setattr(store, "to_blob", broken)
    with pytest.raises(MemoryError):
        open_event(tmp_path / "event.sqlite", _result())
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    empty = tmp_path / "empty.sqlite"  # a file the caller made is theirs: it stays
    empty.touch()
    monkeypatch.setattr(store, "to_blob", broken)
    with pytest.raises(MemoryError):
        open_event(empty, _result())
    assert empty.exists()


@pytest.mark.parametrize(
    "dense",
    [
        np.full((3, 3), 1e16),
        np.array([[1e16, 1.0], [1.0, 1e16]]),
        np.array([[2.0**60, 3.0, 0], [1.0, 2.0**60, 5.0]]),
    ],
)
def test_sparse_hungarian_with_scores_from_2_to_the_53(dense: np.ndarray) -> None:
    """(top + 1) - w rounded the best pairs' cost to 0, which scipy drops: 0 meetings, "optimal"."""
    import scipy.sparse as sp

    hungarian = mm.match(sp.csr_array(dense), "hungarian")
    flow = mm.match(sp.csr_array(dense), "flow")
    assert len(hungarian.pairs) == len(flow.pairs)
    assert hungarian.objective == flow.objective


def test_small_unique_is_np_unique_with_negative_values_too() -> None:
    """The presence table indexed a negative value from its end (no caller passes one today)."""
    from matchmaker._arrays import small_unique

    rng = np.random.default_rng(3)
    for values in (np.array([-1, 2, 2]), np.array([-5000, 1]), rng.integers(-50, 50, 200), np.array([], int)):
        distinct, inverse = small_unique(values)
        expected, expected_inverse = np.unique(values, return_inverse=True)
        assert distinct.tolist() == expected.tolist()
        assert inverse.tolist() == expected_inverse.reshape(-1).tolist()


def test_a_csv_header_cell_that_looks_like_a_formula_is_neutralised(tmp_path: Path) -> None:
    """A grid's header holds the table labels, user text: '=T1' was written raw."""
    from matchmaker.io.cells import restore
    from matchmaker.io.sheets import write_csv_sheet

    path = tmp_path / "grid.csv"
    write_csv_sheet(path, ["slot", "=T1", "T,2"], [{"slot": "09:00", "=T1": "a", "T,2": "b"}])
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == 'slot,\'=T1,"T,2"'
    assert [restore(c) for c in ("slot", "'=T1")] == ["slot", "=T1"]


Reading = Callable[[], contextlib.AbstractContextManager[None]]


@pytest.fixture
def as_reader(monkeypatch: pytest.MonkeyPatch) -> Reading:
    """``with as_reader():`` runs its block as a desk whose user may not write the event file
    (what ``store.may_write`` says); outside it, the desks write as usual."""
    on = [False]
    real = store.may_write
    monkeypatch.setattr(store, "may_write", lambda path: not on[0] and real(path))

    @contextlib.contextmanager
    def reading() -> Iterator[None]:
        on[0] = True
        try:
            yield
        finally:
            on[0] = False

    return reading


def test_a_desk_that_may_only_read_leaves_nothing_beside_the_file(tmp_path: Path, as_reader: Reading) -> None:
    """A read-only connection to a WAL file created its -wal and -shm and left them."""
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    with as_reader():
        assert store.read_only(db, store.is_initialised)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.sqlite"]
    count = "SELECT count(*) FROM changes"
    with open_event(db) as desk:  # while a desk has it open, a reader reads its log
        desk.check_in("JT-001", at="09:00")
        with as_reader():
            assert store.read_only(db, lambda con: con.execute(count).fetchone()[0]) == 2
    with as_reader():
        assert store.read_only(db, lambda con: con.execute(count).fetchone()[0]) == 2


def test_a_reader_through_a_link_reads_the_log_beside_the_file(tmp_path: Path, as_reader: Reading) -> None:
    """SQLite keeps the log beside the file a link points to: looking for it beside the link
    found none, and the reader ignored an open desk's commits."""
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    db = tmp_path / "real" / "event.sqlite"
    open_event(db, _result()).close()
    link = tmp_path / "links" / "event.sqlite"
    link.symlink_to(db)
    with open_event(db) as desk:
        desk.check_in("JT-001", at="09:00")
        with as_reader():
            reader = open_event(link)
            assert reader.status().present == ("JT-001",)
            assert len(reader.changes()) == 2
            reader.close()


def _as_user(uid: int, work: Callable[[], None]) -> int:
    """``work()`` in a forked child running as ``uid``: its exit code (0 when it returned)."""
    pid = os.fork()
    if pid == 0:  # the child: no exec, so the interpreter needs no path the user can read
        code = 1
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            work()
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    for _ in range(600):  # a child stuck on a lock it inherited must fail the test, not hang it
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"the child running as uid {uid} did not finish within a minute")


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="switches users: needs root")
def test_a_desk_that_may_only_read_does_not_lock_out_the_desks_that_write() -> None:
    """Another user's ``event status`` on a file it may not write left -wal and -shm files
    owned by that user with the file's mode, and the file's owner could record no change
    for the rest of the day ("attempt to write a readonly database")."""
    owner, viewer = 54_321, 65_534
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o777)  # both users may create files here, as in a shared folder
        db = folder / "event.sqlite"
        open_event(db, _result()).close()
        os.chown(db, owner, -1)
        db.chmod(0o644)

        seen: list[tuple[str, ...]] = [()]  # what the viewer must see present (set before each fork)

        def look() -> None:
            with open_event(db) as event:
                assert event.status().present == seen[0]  # it reads the event, as committed
                with pytest.raises(mm.DataFileError) as caught:
                    event.check_in("JT-002", at="09:00")
                assert caught.value.problems[0].kind == "read-only"

        def record() -> None:
            with open_event(db) as event:
                event.check_in("JT-001", at="09:00")

        assert _as_user(viewer, look) == 0
        assert sorted(p.name for p in folder.iterdir()) == ["event.sqlite"]
        assert _as_user(owner, record) == 0
        seen[0] = ("JT-001",)
        assert _as_user(viewer, look) == 0
        assert sorted(p.name for p in folder.iterdir()) == ["event.sqlite"]
        with open_event(db) as event:
            assert event.status().present == ("JT-001",)
    finally:
        shutil.rmtree(folder)


def test_a_desk_that_may_only_read_sees_what_the_others_commit(tmp_path: Path, as_reader: Reading) -> None:
    """A reader's connection is opened ``immutable`` when no desk has the file open (so it
    creates nothing beside it); a new one for each look keeps it current, ``changes()`` too."""
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    with as_reader():
        reader = open_event(db)
        assert reader.status().present == ()
    for pid in ("JT-001", "JT-002"):  # each desk closes before the reader looks: no log then
        with open_event(db) as desk:
            desk.check_in(pid, at="09:00")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["event.sqlite"]
        with as_reader():
            assert pid in reader.status().present
            assert reader.changes()[-1]["subject"] == pid
    assert sorted(p.name for p in tmp_path.iterdir()) == ["event.sqlite"]  # the reader made none
    with as_reader(), pytest.raises(mm.DataFileError) as caught:
        reader.no_show("JT-003", at="09:00")
    assert caught.value.problems[0].kind == "read-only"
    with open_event(db) as desk:  # while a desk has the file open, the reader reads its log
        desk.check_in("JT-004", at="09:00")
        with as_reader():
            assert reader.status().present == ("JT-001", "JT-002", "JT-004")
    with as_reader():
        reader.close()
    with open_event(db) as event:
        assert [c["kind"] for c in event.changes()] == ["init", "check_in", "check_in", "check_in"]


def test_a_reader_overtaken_by_the_desks_says_so(
    tmp_path: Path,
    as_reader: Reading,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A look during which a desk wrote the file is taken again; when every look is, the
    reader says the desks keep writing (``busy``) instead of showing a mixed state."""
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    with as_reader():
        reader = open_event(db)
    stamps = iter(range(10_000))
    monkeypatch.setattr(store, "file_stamp", lambda path: (False, False, next(stamps), 0))
    with as_reader(), pytest.raises(mm.DataFileError) as caught:
        reader.status()
    assert caught.value.problems[0].kind == "busy"
    with as_reader(), pytest.raises(mm.DataFileError, match="changed during each"):
        store.read_only(db, store.is_initialised)
    monkeypatch.undo()
    with as_reader():
        assert reader.status().expected
        reader.close()


@pytest.mark.parametrize("until", ["08:00", "09:00"])
def test_late_until_the_start_or_before_is_refused(tmp_path: Path, until: str) -> None:
    """``late --until 08:00`` for an event starting at 09:00 was recorded and did nothing:
    most likely a mistyped time; it is refused and nothing is recorded."""
    with open_event(tmp_path / "event.sqlite", _result()) as event:
        first = event.plan.slots[0].start
        assert f"{first:%H:%M}" == "09:00"
        before = event.changes()
        with pytest.raises(mm.ValidationError) as caught:
            event.late("JT-001", until)
        (problem,) = caught.value.problems
        assert (problem.kind, problem.field, problem.participants) == ("not-late", "until", ("JT-001",))
        assert event.changes() == before
        event.late("JT-001", "09:25")  # after the start: recorded
        assert event.changes()[-1]["kind"] == "late"


def test_replan_out_naming_a_file_says_it_is_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out`` naming an existing file was called "the folder ... exists already"."""
    db = tmp_path / "event.sqlite"
    open_event(db, _result()).close()
    taken = tmp_path / "notes.txt"
    taken.write_text("mine")
    assert main(["--json", "event", "replan", "--now", "09:30", "--out", str(taken), "--db", str(db)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == "output-updates-exist"
    assert problem["message"].startswith("a file of that name exists")
    assert taken.read_text() == "mine"
    with open_event(db) as event:
        assert [c["kind"] for c in event.changes()] == ["init"]  # nothing re-planned
