"""Event day: SQLite state, validated changes, the re-plan (oracle, invariants), CLI, processes."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import typing
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.errors import ValidationError
from matchmaker.live import LiveEvent, open_event
from matchmaker.live.changes import UNDOABLE, Reason, event_time
from matchmaker.live.event import MeetingChange, Replan, _solve
from matchmaker.live.messages import texts, write_updates
from matchmaker.live.solver import LEX_GRID, Candidates, candidates, fill, lexicographic
from matchmaker.reporting.console import replan_text
from matchmaker.reporting.reasons import change_reason

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture(scope="module")
def small_result() -> mm.MatchmakingResult:
    mission = mm.synthetic_mission(6, 9, seed=3, date=__import__("datetime").date(2020, 12, 2))
    plan = mm.EventPlan(start="09:00", slots_per_day=5, meeting=20, buffer=5, hosts="A")
    return mm.run(mission, plan, baseline=False, max_meetings=(None, 3))


@pytest.fixture(scope="module")
def pool_result() -> mm.MatchmakingResult:
    """A shared pool of 4 tables (fewer than the hosts): the pool binds."""
    mission = mm.synthetic_mission(6, 9, seed=4, date=__import__("datetime").date(2020, 12, 2))
    plan = mm.EventPlan(start="09:00", slots_per_day=5, meeting=20, buffer=5, tables=4)
    return mm.run(mission, plan, baseline=False, max_meetings=(None, 3))


@pytest.fixture(scope="module")
def bundled() -> mm.MatchmakingResult:
    return mm.run(mm.east_java_south_sumatra_2020(), baseline=False)


def _check_invariants(
    event: object,
    frozen_before: dict[tuple[str, str], tuple[int, str]],
    first_open: int,
    rebooked: Sequence[MeetingChange] = (),
) -> None:
    meetings = event.meetings()  # type: ignore[attr-defined]
    seen_a = {(m.a, m.slot) for m in meetings}
    seen_b = {(m.b, m.slot) for m in meetings}
    tables = {(m.table, m.slot) for m in meetings}
    assert len(seen_a) == len(meetings)
    assert len(seen_b) == len(meetings)
    assert len(tables) == len(meetings)
    assert len({(m.a, m.b) for m in meetings}) == len(meetings)
    plan = event.plan  # type: ignore[attr-defined]
    if plan.hosts == "A":
        assert all(m.table == m.a for m in meetings)
    else:
        assert {m.table for m in meetings} <= {str(k + 1) for k in range(plan.tables)}
    st_ = event._state()  # type: ignore[attr-defined]
    count: dict[str, int] = {}
    for m in meetings:
        count[m.a] = count.get(m.a, 0) + 1
        count[m.b] = count.get(m.b, 0) + 1
    for pid, n in count.items():
        side, k = st_.index[pid]
        cap = (st_.max_a if side == "A" else st_.max_b)[k]
        assert n <= cap, f"{pid} has {n} meetings, cap {cap}"
    # nothing that had started or was within the lead time moved, but a meeting missed there
    # (re-booked: it could not stay) booked again in an open slot
    now = {(m.a, m.b): (m.slot, m.table) for m in meetings}
    again = {(c.a, c.b): c for c in rebooked}
    n_s = len(plan.slots)
    for pair, (slot, table) in frozen_before.items():
        if slot < first_open and now.get(pair) != (slot, table):
            # a begun meeting leaves its place (cancelled or re-booked) only when it was missed
            missed = pair in st_.att.banned or any(st_.att.missing(p, n_s)[slot] for p in pair)
            assert missed, (pair, slot, now.get(pair))
        if slot < first_open and pair in again:
            assert (again[pair].old_slot, again[pair].old_table) == (slot, table)
            assert now[pair][0] >= first_open
        elif slot < first_open and pair in now:
            assert now[pair] == (slot, table)


def test_solver_matches_brute_force() -> None:
    """The exact methods give the brute-force optimum on small random instances."""
    rng = np.random.default_rng(0)
    for trial in range(40):
        n_a, n_b, n_s = 3, 3, 2
        value = np.where(rng.random((n_a, n_b)) < 0.75, rng.random((n_a, n_b)), np.nan)
        free_a = rng.random((n_a, n_s)) < 0.7
        free_b = rng.random((n_b, n_s)) < 0.7
        room_a = rng.integers(0, 3, n_a)
        room_b = rng.integers(0, 3, n_b)
        tables = rng.integers(1, 3, n_s) if trial % 2 else None
        cand = candidates(value, free_a, free_b, room_a, room_b)
        best = 0.0
        n = cand.rows.size
        for mask in itertools.product((0, 1), repeat=n):
            pick = np.flatnonzero(mask)
            r, c, s = cand.rows[pick], cand.cols[pick], cand.slots[pick]
            if len(set(zip(r, s, strict=True))) < pick.size or len(set(zip(c, s, strict=True))) < pick.size:
                continue
            if len(set(zip(r, c, strict=True))) < pick.size:
                continue
            if (np.bincount(r, minlength=n_a) > room_a).any() or (
                np.bincount(c, minlength=n_b) > room_b
            ).any():
                continue
            if tables is not None and (np.bincount(s, minlength=n_s) > tables).any():
                continue
            best = max(best, float(cand.value[pick].sum()))
        for method in ("milp", "flow", "auto"):
            f = fill(cand, room_a, room_b, tables, method=method)
            got = float(cand.value[f.chosen].sum())
            assert got <= best + 1e-9
            if f.optimal:
                assert got == pytest.approx(best)
        assert fill(cand, room_a, room_b, tables, method="milp").optimal


def test_flow_repeated_pair_is_not_called_optimal() -> None:
    # one pair free in two slots with room for two: the flow picks it twice and must repair
    cand = Candidates(np.array([0, 0]), np.array([0, 0]), np.array([0, 1]), np.array([0.5, 0.5]))
    f = fill(cand, np.array([2]), np.array([2]), method="flow")
    assert f.chosen.size == 1
    assert not f.optimal


def test_no_show_refill_and_reopen(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    path = tmp_path / "e.sqlite"
    event = open_event(path, bundled)
    before = {(m.a, m.b): (m.slot, m.table) for m in event.meetings()}
    # JT-003 and SS-001: their freed partners have replacements open (with JT-001, the only one,
    # JT-002 - SS-025, is no longer open in the bundled timetable of issue 10's scoring rule)
    event.no_show("JT-003", at="09:00")
    event.no_show("SS-001")
    plan = event.replan("09:00")
    assert plan.optimal  # nothing moved and the fill reaches the bound of every re-plan
    assert plan.method in ("lex", "flow", "lp", "milp", "none")
    assert all("JT-003" not in (c.a, c.b) and "SS-001" not in (c.a, c.b) for c in plan.added)
    assert {(c.a, c.b) for c in plan.cancelled} == {p for p in before if "JT-003" in p or "SS-001" in p}
    assert not plan.moved
    for c in plan.kept:
        assert before[(c.a, c.b)] == (c.new_slot, c.new_table)
    assert plan.added, "partners freed by the no-shows get replacements"
    reopened = open_event(path)
    assert [(m.a, m.b, m.slot, m.table) for m in reopened.meetings()] == [
        (m.a, m.b, m.slot, m.table) for m in plan.schedule
    ]
    assert reopened.status().no_show == ("JT-003", "SS-001")
    kinds = [c["kind"] for c in reopened.changes()]
    assert kinds == ["init", "no_show", "no_show", "replan"]
    assert all(c["who"] and c["recorded"] for c in reopened.changes())


def test_bad_changes_write_nothing(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    event = open_event(tmp_path / "e.sqlite", bundled)
    n = len(event.changes())
    side_b = bundled.mission.side_b.name
    bad = [
        lambda: event.no_show("NOPE"),
        lambda: event.check_in("JT-001", at="2020-12-03T10:00"),
        lambda: event.late("JT-001", "18:00"),
        lambda: event.walk_in({"id": "JT-001", "name": "X", "delegation": side_b, "province": "Sumsel"}),
        lambda: event.walk_in({"id": "W1", "name": "X", "delegation": "Nowhere", "province": "Sumsel"}),
        lambda: event.cancel("JT-001", "JT-002"),
        lambda: event.unavailable("JT-001", "25:00-26:00"),
        lambda: event.replan("17:00"),
    ]
    for call in bad:
        with pytest.raises(ValidationError):
            call()
    assert len(event.changes()) == n
    with pytest.raises(ValidationError, match="already holds"):
        open_event(tmp_path / "e.sqlite", bundled)


def test_walk_in_and_late(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    event = open_event(tmp_path / "e.sqlite", bundled)
    b = bundled.mission.side_b.name
    event.no_show("JT-002")
    event.walk_in(
        {"id": "W-1", "name": "CV Baru", "delegation": b, "province": "Sumsel", "needs": "10631"}, at="10:00"
    )
    event.late("JT-005", "13:00")
    plan = event.replan("09:30")
    walk = [c for c in plan.added if "W-1" in (c.a, c.b)]
    assert walk
    assert all(event.plan.slots[c.new_slot].start.hour >= 10 for c in walk)
    assert all(
        event.plan.slots[m.slot].start.hour >= 13
        for m in plan.schedule
        if m.a == "JT-005" and m.slot >= plan.first_open
    )
    msgs = texts(event, plan)
    assert "dibatalkan" in msgs["JT-002"][0]
    assert "cancelled" in msgs["JT-002"][1]
    out = write_updates(event, plan, tmp_path / "upd")
    ics = (out / "ics" / "JT-002.cancel.ics").read_text()
    assert "METHOD:CANCEL" in ics
    assert "SEQUENCE:1" in ics
    assert mm.export.ics.meeting_uid(event.name, "JT-002", plan.cancelled[0].b) in ics or "UID:mm-" in ics
    assert (out / "desk.csv").read_text().count("\n") >= 2
    with pytest.raises(FileExistsError):
        write_updates(event, plan, out)


def test_a_walk_in_without_a_time_gets_meetings_once_the_desk_is_in_use(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """A walk-in is here (from its time, or now when none is given): once check-ins are
    recorded it counts as present like a checked-in participant, time or no time."""
    b = bundled.mission.side_b.name
    row = {"id": "W-1", "name": "CV Baru", "delegation": b, "province": "Sumsel", "needs": "10631"}
    gained = []
    for name, desk in (("plain", False), ("desk", True)):
        event = open_event(tmp_path / f"{name}.sqlite", bundled)
        if desk:  # its possible partners (side A) all checked in
            for pid in bundled.mission.ids("A"):
                event.check_in(pid, at="08:50")
        event.walk_in(dict(row))
        plan = event.replan("09:30")
        gained.append(sum("W-1" in (c.a, c.b) for c in plan.added))
        event.close()
    assert gained[0] > 0
    assert gained[1] > 0  # it was 0: a walk-in without a time was not counted as here


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_changes_keep_the_rules(
    tmp_path_factory: pytest.TempPathFactory,
    small_result: mm.MatchmakingResult,
    pool_result: mm.MatchmakingResult,
    data: st.DataObject,
) -> None:
    if data.draw(st.booleans(), label="shared table pool"):
        small_result = pool_result
    path = tmp_path_factory.mktemp("h") / "e.sqlite"
    event = open_event(path, small_result, lead=0)
    ids = small_result.mission.ids("A") + small_result.mission.ids("B")
    b_side = small_result.mission.side_b.name
    clock = 9 * 60
    cancelled: set[tuple[str, str]] = set()  # pairs whose cancel was recorded
    frozen = None  # the last re-plan's time: meetings starting before it have begun
    checked_in: set[str] = set()
    no_show: set[str] = set()
    # every time given stays inside the event (its last meeting ends at 11:00): a time after
    # it is refused (tests of `time-outside-event`), which here would fail the sequence
    last = max(s.end for s in event.plan.slots)
    end = last.hour * 60 + last.minute
    for step in range(data.draw(st.integers(1, 6))):
        kind = data.draw(
            st.sampled_from(["no_show", "late", "check_in", "unavailable", "walk_in", "cancel", "replan"])
        )
        pid = data.draw(st.sampled_from(ids))
        hhmm = f"{clock // 60:02d}:{clock % 60:02d}"
        if kind == "no_show":
            if pid in checked_in or pid in no_show:  # one who came, or a no-show already: refused
                n = len(event.changes())
                with pytest.raises(
                    ValidationError, match=r"a no-show is one who did not come|no-show already"
                ):
                    event.no_show(pid)
                assert len(event.changes()) == n
            else:
                event.no_show(pid)
                no_show.add(pid)
        elif kind == "late":
            until = min(clock + 60, end)
            if pid in checked_in:  # here: a late arrival is refused (the meetings held stay held)
                n = len(event.changes())
                with pytest.raises(ValidationError, match="a late arrival is one who has not come yet"):
                    event.late(pid, f"{until // 60:02d}:{until % 60:02d}")
                assert len(event.changes()) == n
            else:
                event.late(pid, f"{until // 60:02d}:{until % 60:02d}")
        elif kind == "check_in":
            event.check_in(pid, at=hhmm)
            checked_in.add(pid)
            no_show.discard(pid)
        elif kind == "unavailable":
            event.unavailable(pid, "09:30-10:00")
        elif kind == "walk_in":
            event.walk_in(
                {
                    "id": f"W{step}",
                    "name": f"CV W{step}",
                    "delegation": b_side,
                    "province": "Sumsel",
                    "needs": "10",
                }
            )
        elif kind == "cancel":
            live = event.meetings()
            if live:
                m = live[data.draw(st.integers(0, len(live) - 1))]
                # a meeting begun by the last re-plan's time, or one cancelled already, is
                # refused and nothing is written
                if (m.a, m.b) in cancelled or (frozen is not None and m.start < frozen):
                    n = len(event.changes())
                    with pytest.raises(ValidationError, match=r"has begun or is over|cancelled already"):
                        event.cancel(m.a, m.b)
                    assert len(event.changes()) == n
                else:
                    event.cancel(m.a, m.b)
                    cancelled.add((m.a, m.b))
        else:
            before = {(m.a, m.b): (m.slot, m.table) for m in event.meetings()}
            # the keep-everything re-plan (the fill, nothing written): never worth more
            keep_all = _solve(
                event._pub, event._state(), event_time(hhmm, event.plan, "now"), event.lead, "flow"
            )
            here = event._state().att.known_present(event.plan.days[0])  # None until a check-in
            plan = event.replan(hhmm)
            frozen = event_time(hhmm, event.plan, "now")
            assert plan.value >= keep_all["value"] - 1e-9
            if here is not None:  # the desk records check-ins: new meetings only for those here
                assert {p for c in plan.added for p in (c.a, c.b)} <= here
            _check_invariants(event, before, plan.first_open, plan.rebooked)
            # a kept meeting moves from an open slot only; a missed one is re-booked from anywhere
            assert all(c.old_slot is not None and c.old_slot >= plan.first_open for c in plan.made_room)
            assert len(plan.made_room) + len(plan.rebooked) == len(plan.moved)  # each has its kind
            clock = min(clock + data.draw(st.integers(0, 40)), end)
        state = [(m.a, m.b, m.slot, m.table) for m in event.meetings()]
        reopened = open_event(path)
        assert [(m.a, m.b, m.slot, m.table) for m in reopened.meetings()] == state
        assert reopened.changes() == event.changes()
        assert reopened.status() == event.status()
        assert reopened.sequences() == event.sequences()
        reopened.close()
    event.close()


def test_replan_oracle_on_small_event(tmp_path: Path, small_result: mm.MatchmakingResult) -> None:
    """The re-plan's value equals a brute force over the added meetings (same rules)."""
    event = open_event(tmp_path / "e.sqlite", small_result, lead=0)
    event.no_show(small_result.mission.ids("A")[0])
    st_ = event._state()
    plan = event.replan("09:00")
    assert plan.optimal
    added = sum(c.score for c in plan.added)
    # brute force: every feasible set of new (a, b, slot) among the free cells
    meetings = {
        (m.a, m.b, m.slot) for m in plan.schedule if (m.a, m.b) not in {(c.a, c.b) for c in plan.added}
    }
    a_ids, b_ids = st_.a_ids, st_.b_ids
    gone = small_result.mission.ids("A")[0]
    free = [
        (i, j, s)
        for i, a in enumerate(a_ids)
        for j, b in enumerate(b_ids)
        for s in range(len(event.plan.slots))
        if a != gone
        and np.isfinite(st_.value[i, j])
        and st_.value[i, j] > 0
        and (a, b) not in {(x, y) for x, y, _ in meetings}
        and all(not ((x == a or y == b) and z == s) for x, y, z in meetings)
    ]
    count = {p: sum(1 for x, y, _ in meetings if p in (x, y)) for p in (*a_ids, *b_ids)}
    best = 0.0

    def search(k: int, chosen: list[tuple[int, int, int]], total: float) -> None:
        nonlocal best
        best = max(best, total)
        for n in range(k, len(free)):
            i, j, s = free[n]
            if any((i == x and s == z) or (j == y and s == z) or (i == x and j == y) for x, y, z in chosen):
                continue
            a, b = a_ids[i], b_ids[j]
            if count[a] + sum(1 for x, _, _ in chosen if x == i) >= st_.max_a[i]:
                continue
            if count[b] + sum(1 for _, y, _ in chosen if y == j) >= st_.max_b[j]:
                continue
            chosen.append((i, j, s))
            search(n + 1, chosen, total + float(st_.value[i, j]))
            chosen.pop()

    assert 0 < len(free) <= 22, "the instance is small enough for the brute force"
    search(0, [], 0.0)
    assert added == pytest.approx(best)


def _run_script(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_write_at_once(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    path = tmp_path / "e.sqlite"
    open_event(path, bundled).close()
    ids = bundled.mission.ids("B")[:40]
    desk = f"""
        from matchmaker.live import open_event
        e = open_event({str(path)!r}, who="checkin-desk")
        for pid in {list(ids)!r}:
            e.check_in(pid, at="08:45")
        print("done")
    """
    matcher = f"""
        from matchmaker.live import open_event
        e = open_event({str(path)!r}, who="matching-desk")
        for k in range(8):
            e.no_show("JT-0%02d" % (k + 10))
            e.replan("09:00")
        print("done")
    """
    procs = [_run_script(desk), _run_script(matcher)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    event = open_event(path)
    kinds = [c["kind"] for c in event.changes()]
    assert kinds.count("check_in") == 40
    assert kinds.count("no_show") == 8
    assert kinds.count("replan") == 8
    assert set(event.status().present) == set(ids)
    con = __import__("sqlite3").connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sigkill_mid_replan_loses_nothing(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    path = tmp_path / "e.sqlite"
    event = open_event(path, bundled)
    event.no_show("JT-003")
    committed = [(m.a, m.b, m.slot, m.table) for m in event.meetings()]
    changes = event.changes()
    event.close()
    code = f"""
        import sys, time
        import matchmaker.live.event as ev
        real = ev._solve
        def slow(*a, **k):
            out = real(*a, **k)
            print("solving", flush=True)
            time.sleep(60)
            return out
        ev._solve = slow
        e = ev.open_event({str(path)!r})
        e.replan("09:00")
    """
    proc = _run_script(code)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "solving"  # inside the re-plan's transaction
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    again = open_event(path)
    assert [(m.a, m.b, m.slot, m.table) for m in again.meetings()] == committed
    assert again.changes() == changes
    again.no_show("JT-004")  # the lock is gone: the file takes writes again
    plan = again.replan("09:00")
    assert any("JT-003" in (c.a, c.b) for c in plan.cancelled)


def test_cli_event_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    data = Path(SRC) / "matchmaker" / "datasets" / "data" / "jatim_sumsel_2020.csv"
    out = tmp_path / "out"
    assert main(["run", str(data), "--date", "2020-12-02", "--out", str(out), "--no-plots"]) == 0
    db = str(tmp_path / "e.sqlite")
    capsys.readouterr()
    assert (
        main(["event", "init", str(out / "result.json"), "--mission", str(data), "--db", db, "--json"]) == 0
    )
    placed = [m for m in json.loads((out / "result.json").read_text())["meetings"] if m["status"] == "placed"]
    assert json.loads(capsys.readouterr().out)["meetings"] == len(placed)
    assert main(["event", "noshow", "JT-003", "--db", db]) == 0
    assert main(["event", "checkin", "SS-001", "--at", "08:50", "--db", db]) == 0
    assert main(["event", "late", "SS-002", "--until", "11:00", "--db", db]) == 0
    row = tmp_path / "w.json"
    row.write_text(
        json.dumps({"id": "W-9", "name": "CV W", "delegation": "Sumatera Selatan", "province": "Sumsel"})
    )
    assert main(["event", "walkin", str(row), "--db", db]) == 0
    assert main(["event", "noshow", "NOPE", "--db", db, "--json"]) == 1
    capsys.readouterr()
    assert (
        main(["event", "replan", "--now", "09:30", "--out", str(tmp_path / "u1"), "--db", db, "--json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    # the moved meetings by kind: could have stayed (moved to make room) or had to move
    assert report["moved_to_make_room"] + report["rebooked"] == report["moved"]
    # the method and its proof as the re-plan reports them (the exact program at this size;
    # proven when every kept meeting could move, or nothing moved and the bound is reached)
    assert report["method"] == "lex"
    assert isinstance(report["optimal"], bool)
    assert report["cancelled"] >= sum(1 for m in placed if m["a_id"] == "JT-003")
    # no language chosen anywhere: the files as before, both texts of each message (and the
    # numbers to send them to, as contacts.csv gives them)
    header = (tmp_path / "u1" / "messages.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "participant,name,text_id,text_en,phone,wa,email"
    assert main(["event", "status", "--now", "10:00", "--db", db, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["no_show"] == ["JT-003"]
    assert status["present"] == ["SS-001", "W-9"]  # a walk-in is here, with or without --at
    assert status["walk_ins"] == ["W-9"]


def test_moved_meeting_is_a_request_with_the_next_sequence(tmp_path: Path) -> None:
    """Everyone meets once; a late arrival's meeting can only be kept by moving it, so the
    re-plan moves it, and the calendar update is a REQUEST with SEQUENCE 1 under the pair's
    stable UID."""
    from matchmaker.export.ics import meeting_uid

    mission = mm.synthetic_mission(3, 3, seed=5, date=__import__("datetime").date(2020, 12, 2))
    plan = mm.EventPlan(start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A")
    result = mm.run(mission, plan, baseline=False, max_meetings=(1, 1), min_meetings=(0, 0))
    first = min(result.schedule.meetings, key=lambda m: m.slot)
    event = open_event(tmp_path / "e.sqlite", result, lead=0)
    late_until = event.plan.slots[first.slot + 1].start
    event.late(first.b, late_until)
    replan = event.replan(event.plan.slots[0].start)
    assert replan.optimal
    assert [(c.a, c.b) for c in replan.moved] == [(first.a, first.b)]
    c = replan.moved[0]
    assert c.old_slot == first.slot
    assert c.new_slot is not None
    assert event.plan.slots[c.new_slot].start >= late_until
    assert event.sequences()[(c.a, c.b)] == 1
    out = write_updates(event, replan, tmp_path / "upd")
    ics = (out / "ics" / f"{c.a}.ics").read_text()
    assert "METHOD:REQUEST" in ics
    block = ics.split(f"UID:{meeting_uid(event.name, c.a, c.b)}")[1].split("END:VEVENT")[0]
    assert "SEQUENCE:1" in block
    msgs = texts(event, replan)
    assert "pindah" in msgs[c.a][0]
    assert "moved" in msgs[c.a][1]
    # it could not stay (its slot is before the arrival): re-booked, not moved to make room
    assert c.move == "rebooked"
    assert replan.rebooked == (c,)
    assert replan.made_room == ()
    assert "1 moved (0 to make room, 1 re-booked)" in replan.summary()
    assert "1 dipindah (0 memberi tempat, 1 dijadwalkan ulang)" in replan_text(replan, "id")
    for lang, sep, word in (("en", ",", "rebooked"), ("id", ";", "dijadwalkan ulang")):
        folder = write_updates(event, replan, tmp_path / f"upd-{lang}", lang=lang)
        with (folder / "changes.csv").open(encoding="utf-8-sig", newline="") as f:
            header, *rows = list(csv.reader(f, delimiter=sep))
        assert header[-2] == ("move" if lang == "en" else "jenis_pindah")
        assert [r[-2] for r in rows if r[1:3] == [c.a, c.b]] == [word]
        assert {r[-2] for r in rows if r[1:3] != [c.a, c.b]} <= {""}  # only moved meetings have one


def test_cli_replan_counts_both_kinds_of_move(
    tmp_path: Path, bundled: mm.MatchmakingResult, capsys: pytest.CaptureFixture[str]
) -> None:
    """``event replan --json`` and ``changes.csv`` on a re-plan with a meeting moved to make room
    and one re-booked (SS-004 late until 11:00 on the bundled mission gives two of each): the
    counts are the moved meetings' kinds, not only a sum that holds with nothing moved."""
    db = tmp_path / "e.sqlite"
    open_event(db, bundled).close()
    assert main(["event", "noshow", "JT-003", "--db", str(db)]) == 0
    assert main(["event", "late", "SS-004", "--until", "11:00", "--db", str(db)]) == 0
    capsys.readouterr()
    out = tmp_path / "u"
    assert main(["event", "replan", "--now", "09:30", "--out", str(out), "--db", str(db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["moved_to_make_room"] >= 1
    assert report["rebooked"] >= 1
    assert report["moved_to_make_room"] + report["rebooked"] == report["moved"]
    with (out / "changes.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    kinds = [r["move"] for r in rows if r["move"]]
    assert kinds.count("make-room") == report["moved_to_make_room"]
    assert kinds.count("rebooked") == report["rebooked"]


def test_pruned_candidates_are_never_called_optimal() -> None:
    rng = np.random.default_rng(1)
    value = rng.random((20, 30))
    free_a = np.ones((20, 4), bool)
    free_b = np.ones((30, 4), bool)
    room_a, room_b = np.full(20, 2), np.full(30, 1)
    full = candidates(value, free_a, free_b, room_a, room_b)
    cut = candidates(value, free_a, free_b, room_a, room_b, limit=100, top_k=2)
    assert not full.pruned
    assert cut.pruned
    assert cut.rows.size < full.rows.size
    f = fill(cut, room_a, room_b)
    assert not f.optimal
    exact = fill(full, room_a, room_b, method="milp")
    assert exact.optimal
    assert cut.value[f.chosen].sum() <= full.value[exact.chosen].sum() + 1e-9


def test_not_an_event_file(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("hello, this is not SQLite" * 100)
    with pytest.raises(mm.DataFileError, match="not an event file"):
        open_event(junk)
    with pytest.raises(ValidationError, match="does not exist"):
        open_event(tmp_path / "missing.sqlite")
    assert main(["event", "status", "--db", str(junk)]) == 1


def test_candidates_at_scale_come_from_participants_in_focus() -> None:
    rng = np.random.default_rng(2)
    value = np.where(rng.random((30, 40)) < 0.8, rng.random((30, 40)), np.nan)
    free_a = rng.random((30, 6)) < 0.5
    free_b = rng.random((40, 6)) < 0.5
    room_a, room_b = rng.integers(0, 3, 30), rng.integers(0, 2, 40)
    focus_a, focus_b = rng.random(30) < 0.2, rng.random(40) < 0.2
    full = candidates(value, free_a, free_b, room_a, room_b)
    cut = candidates(
        value, free_a, free_b, room_a, room_b, focus_a=focus_a, focus_b=focus_b, limit=10, top_k=2
    )
    assert cut.pruned
    assert (focus_a[cut.rows] | focus_b[cut.cols]).all()
    every = set(zip(full.rows.tolist(), full.cols.tolist(), full.slots.tolist(), strict=True))
    assert set(zip(cut.rows.tolist(), cut.cols.tolist(), cut.slots.tolist(), strict=True)) <= every
    assert (
        len(set(zip(cut.rows.tolist(), cut.cols.tolist(), cut.slots.tolist(), strict=True))) == cut.rows.size
    )


def test_cli_init_from_result_json_alone_matches_open_event(tmp_path: Path) -> None:
    """`event init RESULT.json` (no participant file) builds the event `open_event(path, result)`
    builds: the same pair values (the run's weights and relevance floor, not the defaults),
    bounds, plan and timetable."""
    from matchmaker.export import export_all

    weights = {"fit": 3.0, "wishes": 0.5}
    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False, weights=weights, min_score=0.3)
    export_all(result, tmp_path / "out", formats=("json",), plots=False)
    doc = json.loads((tmp_path / "out" / "result.json").read_text())
    assert doc["settings"]["min_score"] == 0.3
    db = str(tmp_path / "cli.sqlite")
    assert main(["event", "init", str(tmp_path / "out" / "result.json"), "--db", db]) == 0
    from_cli, from_py = open_event(db), open_event(tmp_path / "py.sqlite", result)
    a, b = from_cli._state(), from_py._state()
    np.testing.assert_array_equal(a.value, b.value)  # NaN where equal too
    default = open_event(tmp_path / "d.sqlite", mm.run(mm.east_java_south_sumatra_2020(), baseline=False))
    assert not np.array_equal(a.value, default._state().value, equal_nan=True)  # the settings mattered
    np.testing.assert_array_equal(a.max_a, b.max_a)
    np.testing.assert_array_equal(a.max_b, b.max_b)
    assert from_cli.plan == from_py.plan
    assert [(m.a, m.b, m.slot, m.table) for m in from_cli.meetings()] == [
        (m.a, m.b, m.slot, m.table) for m in from_py.meetings()
    ]
    assert from_cli._pub.weights == from_py._pub.weights
    assert from_cli._pub.min_score == from_py._pub.min_score == 0.3


def test_cli_init_without_participants_says_what_to_pass(
    tmp_path: Path, bundled: mm.MatchmakingResult, capsys: pytest.CaptureFixture[str]
) -> None:
    from matchmaker.export import export_all

    export_all(bundled, tmp_path / "out", formats=("json",), plots=False)
    path = tmp_path / "out" / "result.json"
    doc = json.loads(path.read_text())
    del doc["participants"]  # as an older matchmaker wrote it
    path.write_text(json.dumps(doc))
    db = tmp_path / "e.sqlite"
    capsys.readouterr()
    assert main(["event", "init", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "--mission participants.csv" in err
    assert "does not carry the participants" in err
    assert (
        not db.exists()
        or not __import__("sqlite3").connect(db).execute("SELECT * FROM sqlite_master").fetchall()
    )


def test_state_in_memory_follows_another_connection(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    """Two objects on one file (as two desks): each sees what the other committed, and the
    state kept in memory always equals the state read afresh from the file."""
    path = tmp_path / "e.sqlite"
    desk, matcher = open_event(path, bundled), open_event(path)
    matcher.replan("08:00")  # matcher's state is in memory now
    desk.no_show("JT-003", at="09:00")
    desk.walk_in({"id": "W-1", "name": "CV W", "delegation": "Sumatera Selatan", "province": "Sumsel"})
    plan = matcher.replan("09:00")
    assert any("JT-003" in (c.a, c.b) for c in plan.cancelled)
    assert "W-1" in matcher.status().walk_ins
    if plan.added:
        matcher.cancel(plan.added[0].a, plan.added[0].b)
    desk.late("SS-002", "11:00")
    desk.replan("10:00")
    for event in (desk, matcher):
        fresh = open_event(path)
        assert event.meetings() == fresh.meetings()
        assert event.status() == fresh.status()
        mine, theirs = event._state(), fresh._state()
        np.testing.assert_array_equal(mine.value, theirs.value)
        for name in ("arrivals", "no_show", "banned"):
            assert getattr(mine.att, name) == getattr(theirs.att, name)
        # the reasons, each with the slots it takes (they replaced the last reason per participant)
        spans = [
            {p: [(m.tolist(), r) for m, r in v] for p, v in a.spans.items()} for a in (mine.att, theirs.att)
        ]
        assert spans[0] == spans[1]
        for name in ("gone", "busy"):
            mask, again = getattr(mine.att, name), getattr(theirs.att, name)
            assert mask.keys() == again.keys()
            assert all(np.array_equal(mask[p], again[p]) for p in mask)
        for name in ("a", "b", "slot", "seq", "active"):
            order, again_order = (
                np.lexsort((mine.book.b, mine.book.a)),
                np.lexsort((theirs.book.b, theirs.book.a)),
            )
            np.testing.assert_array_equal(
                getattr(mine.book, name)[order], getattr(theirs.book, name)[again_order]
            )
        assert (mine.a_ids, mine.b_ids, mine.index, mine.walk_ins) == (
            theirs.a_ids,
            theirs.b_ids,
            theirs.index,
            theirs.walk_ins,
        )
        np.testing.assert_array_equal(mine.max_a, theirs.max_a)
        np.testing.assert_array_equal(mine.max_b, theirs.max_b)
        np.testing.assert_array_equal(mine.free_b, theirs.free_b)
        assert mine.n_changes == theirs.n_changes
        fresh.close()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), n_slots=st.integers(1, 6), pool=st.booleans())
def test_pruned_fill_keeps_every_rule(seed: int, n_slots: int, pool: bool) -> None:
    """The pruned path (flow, repeats cut, flows over what is still free) never books a cell
    twice, a pair twice, a participant past its room or a slot past its tables, and each pair
    only in its PAIR_SLOTS earliest candidate slots; never above the exact optimum."""
    from matchmaker.live.solver import PAIR_SLOTS

    rng = np.random.default_rng(seed)
    n_a, n_b = int(rng.integers(2, 9)), int(rng.integers(2, 12))
    value = np.where(rng.random((n_a, n_b)) < 0.7, rng.random((n_a, n_b)), np.nan)
    free_a, free_b = rng.random((n_a, n_slots)) < 0.7, rng.random((n_b, n_slots)) < 0.7
    room_a, room_b = rng.integers(0, n_slots + 1, n_a), rng.integers(0, 3, n_b)
    tables = rng.integers(0, 4, n_slots) if pool else None
    cut = candidates(value, free_a, free_b, room_a, room_b, limit=0, top_k=3)
    assume(cut.rows.size > 0)
    f = fill(cut, room_a, room_b, tables)
    assert not f.optimal
    i, j, s = cut.rows[f.chosen], cut.cols[f.chosen], cut.slots[f.chosen]
    assert len(set(zip(i.tolist(), s.tolist(), strict=True))) == i.size
    assert len(set(zip(j.tolist(), s.tolist(), strict=True))) == j.size
    assert len(set(zip(i.tolist(), j.tolist(), strict=True))) == i.size
    assert (np.bincount(i, minlength=n_a) <= room_a).all()
    assert (np.bincount(j, minlength=n_b) <= room_b).all()
    if tables is not None:
        assert (np.bincount(s, minlength=n_slots) <= tables).all()
    slots_of: dict[tuple[int, int], set[int]] = {}
    for a, b, t in zip(cut.rows.tolist(), cut.cols.tolist(), cut.slots.tolist(), strict=True):
        slots_of.setdefault((a, b), set()).add(t)
    assert all(len(v) <= PAIR_SLOTS for v in slots_of.values())
    full = candidates(value, free_a, free_b, room_a, room_b)
    exact = fill(full, room_a, room_b, tables, method="milp")
    assert cut.value[f.chosen].sum() <= full.value[exact.chosen].sum() + 1e-9


def _lex_instance(seed: int, pool: bool, desk: bool = False) -> dict[str, object]:
    """A small re-plan: kept meetings (no clash) on a grid of scores, free cells, rooms; with
    ``desk``, the cells where a new meeting may go (the check-in desk's rule) as well."""
    rng = np.random.default_rng(seed)
    n_a, n_b, n_s = int(rng.integers(2, 4)), int(rng.integers(2, 4)), int(rng.integers(2, 4))
    # scores on a 0.01 grid: different totals are 0.01 apart at least, so ties are real ties
    # (not exact on the program's 2**-20 grid: 0.22 + 0.27 lands a unit above 0.49 there)
    value = np.where(rng.random((n_a, n_b)) < 0.8, rng.integers(1, 100, (n_a, n_b)) / 100, np.nan)
    cell_a = rng.random((n_a, n_s)) < 0.8
    cell_b = rng.random((n_b, n_s)) < 0.8
    ki, kj, ks = [], [], []
    used_a, used_b = set(), set()
    for _ in range(int(rng.integers(0, 4))):
        i, j, s = int(rng.integers(n_a)), int(rng.integers(n_b)), int(rng.integers(n_s))
        if (
            (i, s) in used_a
            or (j, s) in used_b
            or (i, j) in zip(ki, kj, strict=True)
            or np.isnan(value[i, j])
        ):
            continue
        used_a.add((i, s))
        used_b.add((j, s))
        cell_a[i, s] = cell_b[j, s] = True
        ki.append(i), kj.append(j), ks.append(s)
    banned = np.zeros((n_a, n_b), bool)
    banned[ki, kj] = True
    banned |= rng.random((n_a, n_b)) < 0.1
    return {
        "value": value,
        "cell_a": cell_a,
        "cell_b": cell_b,
        "room_a": rng.integers(0, 3, n_a),
        "room_b": rng.integers(0, 3, n_b),
        "banned": banned,
        "kept": (np.array(ki, np.intp), np.array(kj, np.intp), np.array(ks, np.intp)),
        # a pool holds at least the slot's kept meetings (as a published plan's does)
        "tables": np.maximum(rng.integers(1, 4, n_s), np.bincount(ks, minlength=n_s)) if pool else None,
        # drawn last: the instances without the desk are those of before
        "new_a": rng.random((n_a, n_s)) < 0.6 if desk else None,
        "new_b": rng.random((n_b, n_s)) < 0.6 if desk else None,
    }


def _lex_oracle(inst: dict[str, object]) -> tuple[float, int, float]:
    """Every placement of the kept meetings, each with the exact MILP fill of what is left:
    the lexicographic optimum (score, then fewest moves) and the keep-everything score."""
    value, cell_a, cell_b = inst["value"], inst["cell_a"], inst["cell_b"]
    ki, kj, ks = inst["kept"]  # type: ignore[misc]
    tables = inst["tables"]
    n_s = cell_a.shape[1]  # type: ignore[attr-defined]
    new_a = np.ones_like(cell_a) if inst["new_a"] is None else inst["new_a"]
    new_b = np.ones_like(cell_b) if inst["new_b"] is None else inst["new_b"]
    # a kept meeting stays, or moves to a cell both have; earlier than its slot only where both
    # could take a new meeting (the desk's rule: one not known present keeps its time or a later one)

    def may_go(k: int, s: int) -> bool:
        i, j = ki[k], kj[k]
        earlier_ok = s > ks[k] or (new_a[i, s] and new_b[j, s])  # type: ignore[index]
        return s == ks[k] or bool(cell_a[i, s] and cell_b[j, s] and earlier_ok)  # type: ignore[index]

    options = [[s for s in range(n_s) if may_go(k, s)] for k in range(ki.size)]
    best: tuple[float, int] | None = None
    keep_all = None
    for place in itertools.product(*options):
        cells_a = {(int(i), s) for i, s in zip(ki, place, strict=True)}
        cells_b = {(int(j), s) for j, s in zip(kj, place, strict=True)}
        if len(cells_a) < ki.size or len(cells_b) < ki.size:
            continue
        per_slot = np.bincount(np.array(place, np.intp), minlength=n_s)
        if tables is not None and (per_slot > tables).any():  # type: ignore[operator]
            continue
        free_a = cell_a.copy()  # type: ignore[attr-defined]
        free_b = cell_b.copy()  # type: ignore[attr-defined]
        for i, s in cells_a:
            free_a[i, s] = False
        for j, s in cells_b:
            free_b[j, s] = False
        room_a, room_b, banned = inst["room_a"], inst["room_b"], inst["banned"]
        cand = candidates(value, free_a & new_a, free_b & new_b, room_a, room_b, banned)  # type: ignore[arg-type]
        left = None if tables is None else tables - per_slot  # type: ignore[operator]
        got = fill(cand, inst["room_a"], inst["room_b"], left, method="milp")  # type: ignore[arg-type]
        assert got.optimal
        total = round(float(np.nansum(value[ki, kj])) + float(cand.value[got.chosen].sum()), 6)  # type: ignore[index]
        moves = sum(p != s for p, s in zip(place, ks, strict=True))
        if best is None or (total, -moves) > (best[0], -best[1]):
            best = (total, moves)
        if moves == 0:
            keep_all = total
    assert best is not None
    assert keep_all is not None
    return best[0], best[1], keep_all


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 100_000), pool=st.booleans(), desk=st.booleans())
@example(seed=30544, pool=False, desk=False)  # 0.22 + 0.27 rounded apart landed above 0.49
@example(seed=13868, pool=True, desk=False)  # the second stage's LP failed with costs of 2**36
def test_lexicographic_equals_the_oracle(seed: int, pool: bool, desk: bool) -> None:
    """The lexicographic program keeps every rule, holds every kept meeting once, scores at
    least the keep-everything re-plan and, when it says optimal, equals the oracle: the most
    score, then the fewest moves.  With the desk's cells (``desk``), new meetings only where
    they allow, and no kept meeting moved earlier where they do not."""
    inst = _lex_instance(seed, pool, desk)
    ki, kj, ks = inst["kept"]  # type: ignore[misc]
    f = lexicographic(**inst)  # type: ignore[arg-type]
    assert f is not None
    assert f.solved
    new = f.new
    r, c, s = new.rows[f.chosen], new.cols[f.chosen], new.slots[f.chosen]
    all_a = list(zip([*r.tolist(), *ki.tolist()], [*s.tolist(), *f.kept_slots.tolist()], strict=True))
    all_b = list(zip([*c.tolist(), *kj.tolist()], [*s.tolist(), *f.kept_slots.tolist()], strict=True))
    assert len(set(all_a)) == len(all_a)
    assert len(set(all_b)) == len(all_b)
    assert all(inst["cell_a"][i, t] for i, t in all_a)  # type: ignore[index]
    assert all(inst["cell_b"][j, t] for j, t in all_b)  # type: ignore[index]
    if desk:
        new_a, new_b = inst["new_a"], inst["new_b"]
        assert new_a[r, s].all()  # type: ignore[index]
        assert new_b[c, s].all()  # type: ignore[index]
        earlier = f.kept_slots < ks
        assert new_a[ki[earlier], f.kept_slots[earlier]].all()  # type: ignore[index]
        assert new_b[kj[earlier], f.kept_slots[earlier]].all()  # type: ignore[index]
    assert len(set(zip(r.tolist(), c.tolist(), strict=True))) == r.size
    assert not inst["banned"][r, c].any()  # type: ignore[index]
    assert (np.bincount(r, minlength=inst["room_a"].size) <= inst["room_a"]).all()  # type: ignore[attr-defined]
    assert (np.bincount(c, minlength=inst["room_b"].size) <= inst["room_b"]).all()  # type: ignore[attr-defined]
    if inst["tables"] is not None:
        n_s = inst["cell_a"].shape[1]  # type: ignore[attr-defined]
        per_slot = np.bincount(np.concatenate([s, f.kept_slots]), minlength=n_s)
        assert (per_slot <= inst["tables"]).all()  # type: ignore[operator]
    total = round(float(np.nansum(inst["value"][ki, kj])) + float(new.value[f.chosen].sum()), 6)  # type: ignore[index]
    moves = int((f.kept_slots != ks).sum())
    best, fewest, keep_all = _lex_oracle(inst)
    assert total >= keep_all - 1e-9
    assert total <= best + 1e-9
    assert f.optimal  # small instances: every kept meeting may move, HiGHS proves it
    assert total == pytest.approx(best)
    assert moves == fewest


def test_lexicographic_does_not_move_for_a_tie_its_grid_rounds_apart() -> None:
    """0.46 + 0.49 kept where they are, or 0.46 + 0.22 + 0.27 with the kept meeting moved: the
    same 0.95, but rounded one by one to the program's 2**-20 grid the move is a unit ahead.
    The tie keeps the meeting; a real gain of a millionth (above SCORE_TOL) moves it, and a
    tenth of a millionth (below) does not."""
    free = np.ones((2, 2), bool)
    only_second = np.array([[True, True], [True, True], [False, True]])  # side-A 2 in slot 1 only
    kept = (np.array([0]), np.array([0]), np.array([1]))  # 0 meets 0 in slot 1
    room_a, room_b = np.array([1, 0, 1]), np.array([1, 1])
    banned = np.zeros((3, 2), bool)
    banned[0, 0] = True

    def plan(b: float) -> tuple[list[int], list[tuple[int, int, int]]]:
        value = np.array([[0.46, 0.22], [0.18, np.nan], [b, 0.49]])
        f = lexicographic(value, only_second, free, room_a, room_b, banned, kept)
        assert f is not None
        assert f.optimal
        triples = [(int(f.new.rows[k]), int(f.new.cols[k]), int(f.new.slots[k])) for k in f.chosen]
        return f.kept_slots.tolist(), sorted(triples)

    grid = np.rint(np.array([0.22, 0.27, 0.49]) * LEX_GRID)
    assert grid[0] + grid[1] == grid[2] + 1  # the rounding this test is about
    assert plan(0.27) == ([1], [(2, 1, 1)])  # stays: 2 meets 1 (0.49)
    assert plan(0.27 + 1e-7) == ([1], [(2, 1, 1)])  # within SCORE_TOL: a tie
    assert plan(0.27 + 1e-6) == ([0], [(0, 1, 1), (2, 0, 1)])  # a millionth more: moved to slot 0


def test_lexicographic_moves_a_kept_meeting_only_for_a_better_score() -> None:
    """A kept meeting moves when that makes room for a better one, and not for a tie."""
    value = np.array([[0.5, 0.9], [0.8, np.nan]])
    free = np.ones((2, 2), bool)
    only_first = np.array([[True, True], [True, False]])  # side-A 1 is there in slot 0 only
    kept = (np.array([0]), np.array([0]), np.array([0]))
    room = np.array([1, 1])
    moved = lexicographic(value, only_first, free, room, room, np.eye(2, dtype=bool), kept)
    assert moved is not None
    assert moved.optimal
    assert moved.kept_slots.tolist() == [1]
    # both can come to either slot: the same score is reached without moving anything
    stays = lexicographic(value, free, free, room, room, np.eye(2, dtype=bool), kept)
    assert stays is not None
    assert stays.optimal
    assert stays.kept_slots.tolist() == [0]
    assert stays.new.value[stays.chosen].sum() == pytest.approx(moved.new.value[moved.chosen].sum())
    # move_cost: the move gains 0.8 (2.2 against 1.4), so a cost of 0.5 keeps it, 0.9 does not
    cheap = lexicographic(value, only_first, free, room, room, np.eye(2, dtype=bool), kept, move_cost=0.5)
    dear = lexicographic(value, only_first, free, room, room, np.eye(2, dtype=bool), kept, move_cost=0.9)
    assert cheap is not None
    assert dear is not None
    assert cheap.kept_slots.tolist() == [1]
    assert dear.kept_slots.tolist() == [0]
    assert dear.new.value[dear.chosen].sum() == pytest.approx(0.9)  # 0 meets 1 in slot 1 only


def test_live_meetings_are_scheduled_meetings(tmp_path: Path, small_result: mm.MatchmakingResult) -> None:
    """One record of a placed meeting: the event's timetable is ScheduledMeeting (with score
    and sequence); LiveMeeting is a deprecated alias of it."""
    import warnings

    import matchmaker.live as live
    from matchmaker.scheduling import ScheduledMeeting

    event = open_event(tmp_path / "e.sqlite", small_result)
    meetings = event.meetings()
    assert all(type(m) is ScheduledMeeting for m in meetings)
    published = {(m.a, m.b): (m.slot, m.table, m.start) for m in small_result.schedule.meetings}
    assert {(m.a, m.b): (m.slot, m.table, m.start) for m in meetings} == published
    values = small_result.scores
    rows = {p: i for i, p in enumerate(values.row_ids)}
    cols = {p: j for j, p in enumerate(values.col_ids)}
    assert all(m.score == pytest.approx(float(values.total[rows[m.a], cols[m.b]])) for m in meetings)
    assert all(m.sequence == 0 for m in meetings)
    with pytest.warns(DeprecationWarning, match="ScheduledMeeting"):
        alias = live.LiveMeeting
    assert alias is ScheduledMeeting
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert live.DEFAULT_LEAD  # other names do not warn
    event.close()


def test_refills_go_to_checked_in_participants_once_the_desk_records_check_ins(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """Once check-ins are recorded, new meetings go only to participants known to be here
    (checked in, walked in, announced late); one who has not checked in keeps its meetings
    but gets no new one until it does.  Before any check-in, everyone not known absent."""
    everyone = bundled.mission.ids("A") + bundled.mission.ids("B")

    def day(name: str, absent: tuple[str, ...]) -> mm.LiveEvent:
        event = open_event(tmp_path / f"{name}.sqlite", bundled)
        for pid in everyone:
            if pid not in absent:
                event.check_in(pid, at="08:50")
        event.no_show("JT-005", at="09:00")
        return event

    control = open_event(tmp_path / "control.sqlite", bundled)  # no desk: the previous rule
    control.no_show("JT-005", at="09:00")
    expected = control.replan("09:00").added
    assert "JT-023" in {c.a for c in expected}
    returning = open_event(tmp_path / "returning.sqlite", bundled)
    returning.no_show("JT-005", at="09:00")
    returning.check_in("JT-005", at="09:00")  # a no-show who turns up does not open the desk
    assert returning._state().att.known_present(returning.plan.days[0]) is None
    # everyone who came checked in: the same re-plan as without the desk
    assert day("all", ("JT-005",)).replan("09:00").added == expected

    desk = day("desk", ("JT-005", "JT-023"))
    booked = {(m.a, m.b, m.slot) for m in desk.meetings() if m.a == "JT-023" and m.slot >= 1}
    plan = desk.replan("09:00")
    assert plan.added
    assert "JT-023" not in {c.a for c in plan.added}
    assert all(c.a != "JT-023" for c in (*plan.cancelled, *plan.moved))  # it may still come
    assert booked <= {(m.a, m.b, m.slot) for m in desk.meetings()}
    here = set(everyone) - {"JT-005", "JT-023"}
    assert {p for c in plan.added for p in (c.a, c.b)} <= here

    announced = day("late", ("JT-005", "JT-023"))
    announced.late("JT-023", "09:50")  # not checked in, but known to come at 09:50
    added = [c for c in announced.replan("09:00").added if c.a == "JT-023"]
    assert added
    assert all(c.new_slot is not None and c.new_slot >= 2 for c in added)


def _codes(reason: Reason) -> set[str]:
    return {reason.code} | (set() if reason.cause is None else _codes(reason.cause))


def test_reasons_are_data_worded_in_either_language(tmp_path: Path, bundled: mm.MatchmakingResult) -> None:
    """Each change carries its reason as codes and values: worded in English they are the
    ``reason`` text, in Indonesian no English word is left and the ids and times stay;
    ``write_updates(lang=...)`` writes one language, without it the files are as before."""
    event = open_event(tmp_path / "e.sqlite", bundled)
    event.no_show("JT-002")
    event.walk_in(
        {"id": "W-1", "name": "CV Baru", "delegation": bundled.mission.side_b.name, "province": "Sumsel"},
        at="10:00",
    )
    event.late("JT-005", "13:00")
    away = next(m.b for m in event.meetings() if m.start.hour == 13 and m.a not in ("JT-002", "JT-005"))
    event.unavailable(away, "13:00-14:00")
    later = [m for m in event.meetings() if m.slot >= 5 and not {m.a, m.b} & {"JT-002", "JT-005", away}]
    event.cancel(later[0].a, later[0].b)
    plan = event.replan("09:30")
    changes = [*plan.cancelled, *plan.moved, *plan.added]
    assert all(c.why for c in changes)
    codes = set().union(*(_codes(r) for c in changes for r in c.why))
    assert {"no-show", "late", "away", "pair-cancelled"} <= codes
    english = re.compile(r"\b(cancelled|arrives|away|walked|replaces|fills|moved|slot|meeting|available)\b")
    for c in changes:
        assert change_reason(c.why, "en") == c.reason
        worded = change_reason(c.why, "id")
        assert not english.search(worded), worded
        assert {c.a, c.b} & set(re.findall(r"[A-Z]+-\d+", c.reason)) <= set(re.findall(r"[A-Z]+-\d+", worded))
    assert any("baru datang pukul 13.00" in change_reason(c.why, "id") for c in changes)
    assert all(r.reason == "can still happen" and r.why for r in plan.kept)

    before = write_updates(event, plan, tmp_path / "none")
    assert (
        (before / "messages.csv").read_text(encoding="utf-8").startswith("participant,name,text_id,text_en")
    )
    with (before / "changes.csv").open(encoding="utf-8", newline="") as f:
        assert [row[-1] for row in list(csv.reader(f))[1:]] == [c.reason for c in changes]
    out = write_updates(event, plan, tmp_path / "id", lang="id")
    raw = (out / "changes.csv").read_bytes()
    assert raw.startswith("\ufeffperubahan;id_a;id_b;".encode())
    with (out / "changes.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))[1:]
    assert [r[-1] for r in rows] == [change_reason(c.why, "id") for c in changes]
    assert {r[0] for r in rows} <= {"dibatalkan", "dipindah", "ditambah"}
    assert (out / "messages.csv").read_text(encoding="utf-8-sig").startswith("peserta;nama;teks")
    ics = (out / "ics" / "JT-002.cancel.ics").read_text(encoding="utf-8")
    assert "DESCRIPTION:JT-002 tidak hadir" in ics
    assert "— Meja JT-002" in ics.replace("\r\n ", "")  # the venue, then the table
    with pytest.raises(ValueError, match="unknown language"):
        write_updates(event, plan, tmp_path / "fr", lang="fr")


def test_event_commands_speak_the_language_the_event_was_set_up_in(
    tmp_path: Path,
    bundled: mm.MatchmakingResult,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The language kept at ``event init`` wins over MATCHMAKER_LANG; ``--lang`` over both."""
    db = tmp_path / "e.sqlite"
    open_event(db, bundled).close()
    assert main(["event", "status", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("here:")  # no language chosen: English
    db = tmp_path / "e-id.sqlite"
    open_event(db, bundled, lang="id").close()  # as `event init --lang id` does
    monkeypatch.setenv("MATCHMAKER_LANG", "en")
    assert main(["event", "status", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("hadir:")
    assert main(["event", "status", "--db", str(db), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("here:")
    with pytest.raises(SystemExit) as usage:  # a usage error is in the event's language too
        main(["event", "replan", "--db", str(db)])
    assert usage.value.code == 2
    assert capsys.readouterr().err.startswith("cara pakai: matchmaker event replan")
    # and a bad --lead, refused before the event is opened (it was said in English)
    assert main(["event", "replan", "--now", "10:20", "--lead", "-5", "--db", str(db)]) == 1
    assert capsys.readouterr().err.startswith("kesalahan: masukan tidak valid")


def test_moved_meetings_say_whether_they_could_have_stayed(
    tmp_path: Path,
    small_result: mm.MatchmakingResult,
    pool_result: mm.MatchmakingResult,
    bundled: mm.MatchmakingResult,
) -> None:
    """Brute force over seeded random days on a tiny event: a ``rebooked`` meeting really
    could not keep its slot (a participant announced late past it, away then, or not come),
    and is in a slot both can attend; a ``make-room`` one could have (both can attend its old
    slot, nothing cancelled the pair) and its old slot now holds another meeting of one of
    them (the room it made).  Attendance is worked out here from the changes given, not read
    from the event."""
    seen = {"make-room": 0, "rebooked": 0}
    for seed in range(60):
        # tiny events re-book (a kept meeting rarely has to make room there); the bundled
        # mission's days do both
        result = (small_result, pool_result, bundled)[seed % 3]
        ids = result.mission.ids("A") + result.mission.ids("B")
        rng = np.random.default_rng(seed)
        event = open_event(tmp_path / f"e{seed}.sqlite", result, lead=0)
        slots = event.plan.slots
        lost: dict[str, set[int]] = {}  # the oracle: the slots each participant cannot attend
        for n in range(int(rng.integers(1, 5) if result is not bundled else rng.integers(6, 16))):
            pid, kind = str(rng.choice(ids)), int(rng.integers(4))
            if kind == 3:  # a walk-in: new meetings that moves may make room for
                side = result.mission.side_b if n % 2 else result.mission.side_a
                row = {"id": f"W{n}", "name": f"CV W{n}", "delegation": side.name, "province": side.name}
                event.walk_in(row | {"needs": "10130", "offers": "10631"})
                continue
            if kind == 0:
                until = int(rng.integers(1, len(slots)))
                event.late(pid, slots[until].start)
                lost.setdefault(pid, set()).update(range(until))
            elif kind == 1:
                away = int(rng.integers(len(slots)))
                event.unavailable(pid, f"{slots[away].start:%H:%M}-{slots[away].end:%H:%M}")
                lost.setdefault(pid, set()).add(away)
            else:
                event.no_show(pid)
                lost.setdefault(pid, set()).update(range(len(slots)))
        plan = event.replan(slots[0].start)
        held = {(p, m.slot) for m in event.meetings() for p in (m.a, m.b)}
        assert {c.move for c in plan.added + plan.cancelled} <= {None}
        assert {c.move for c in plan.moved} <= {"make-room", "rebooked"}
        by_kind = tuple(sorted(plan.moved, key=lambda c: c.move != "make-room"))
        assert plan.made_room + plan.rebooked == by_kind
        for c in plan.moved:
            assert c.old_slot is not None
            assert c.new_slot is not None
            could_stay = all(c.old_slot not in lost.get(p, set()) for p in (c.a, c.b))
            assert all(c.new_slot not in lost.get(p, set()) for p in (c.a, c.b))
            assert could_stay == (c.move == "make-room"), (seed, c)
            if c.move == "make-room":
                assert (c.a, c.old_slot) in held or (c.b, c.old_slot) in held
            assert ("moved-to-attend" in _codes(c.why[0])) == (c.move == "rebooked")
            seen[c.move] += 1
        event.close()
    assert min(seen.values()) > 0, seen  # both kinds were checked


def test_a_kept_meeting_moves_earlier_only_for_participants_known_present(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """With the check-in desk running, a meeting moved to make room never goes to an earlier
    slot unless both of its participants are known present (checked in, walked in, announced
    late): one still expected may be on the way for the time it was given (the walkthrough's
    SS-100, moved from 11:30 to 09:25 before it had checked in).  Seeded random days on the
    bundled mission; who is known present is worked out here from the changes given."""
    ids = bundled.mission.ids("A") + bundled.mission.ids("B")
    later = 0
    for seed in range(12):
        rng = np.random.default_rng(1000 + seed)
        event = open_event(tmp_path / f"d{seed}.sqlite", bundled, lead=0)
        slots = event.plan.slots
        order = [str(p) for p in rng.permutation(ids)]
        here = set(order[: len(order) // 2])  # half checked in, a few no-shows among the rest
        for pid in sorted(here):
            event.check_in(pid)
        for pid in order[len(order) // 2 : len(order) // 2 + 6]:
            event.no_show(pid)
        late = order[-3:]
        for pid in late:
            event.late(pid, slots[int(rng.integers(1, 4))].start)
        for n in range(3):  # walk-ins: new meetings that moves may make room for
            side = bundled.mission.side_b if n % 2 else bundled.mission.side_a
            row = {"id": f"W{n}", "name": f"CV W{n}", "delegation": side.name, "province": side.name}
            event.walk_in(row | {"needs": "10130", "offers": "10631"})
        known = here | set(late) | {f"W{n}" for n in range(3)}
        plan = event.replan(slots[0].start)
        for c in plan.made_room:
            assert c.old_slot is not None
            assert c.new_slot is not None
            if c.new_slot < c.old_slot:
                assert {c.a, c.b} <= known, (seed, c)
            else:
                later += 1
        event.close()
    assert later > 0  # make-room moves happened, later ones allowed


def test_a_replan_repeated_with_nothing_new_changes_nothing(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """A re-plan run again at the same time, nothing recorded in between, finds nothing to
    change: else the desk sends a second round of messages for one change.  The new-user
    walkthrough: SS-002 announced late until 11:00 at 09:30, after its 09:25 meeting with
    JT-044 had begun; the first re-plan cancelled it and could not book the pair again (a
    started meeting's pair was barred), the second, with nothing new, booked it back at
    13:00.  Seeded random days on the bundled mission, and that one."""
    for seed in range(16):
        rng = np.random.default_rng(2000 + seed)
        event = open_event(tmp_path / f"r{seed}.sqlite", bundled, lead=0)
        slots = event.plan.slots
        ids = bundled.mission.ids("A") + bundled.mission.ids("B")
        now = slots[int(rng.integers(1, 4))].start + dt.timedelta(minutes=5)
        if seed == 0:
            event.no_show("JT-003", at="09:00")
            event.late("SS-002", "11:00")
            now = event_time("09:30", event.plan, "now")
        else:
            for pid in rng.choice(ids, 8, replace=False).tolist():
                kind = int(rng.integers(3))
                if kind == 0:
                    event.no_show(pid)
                elif kind == 1:
                    event.late(pid, slots[int(rng.integers(4, 8))].start)
                else:
                    event.unavailable(pid, f"{slots[5].start:%H:%M}-{slots[6].end:%H:%M}")
        first = event.replan(now)
        again = event.replan(now)
        # not a theorem (these programs are solved within a budget, not proven optimal), but
        # what the desk needs: before, 7 of these 16 days changed again (up to 0.84 in score)
        assert (again.added, again.cancelled, again.moved) == ((), (), ()), (seed, again.summary())
        assert again.value == pytest.approx(first.value)
        if seed == 0:
            assert ("JT-044", "SS-002") in {(c.a, c.b) for c in first.rebooked}
            # the meeting at 09:25 is over, not moved from: the one who waited is told so
            (c,) = [c for c in first.rebooked if (c.a, c.b) == ("JT-044", "SS-002")]
            at = f"{event.plan.slots[c.new_slot or 0].start:%H:%M}"
            indonesian, english = texts(event, first)["JT-044"]
            assert f"(missed at 09:25) booked again: {at}, table JT-044." in english
            assert (
                f"(terlewat pukul 09.25) dijadwalkan lagi: {at.replace(':', '.')}, meja JT-044." in indonesian
            )
            assert "moved from 09:25" not in english
        event.close()


def test_update_messages_tell_changes_by_time_and_not_begun_meetings_cancelled(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """The walkthrough: a participant's update listed its changes grouped by kind (a 15:30 new
    meeting before a 14:15 move), and told at 09:30 that its 09:00 meeting was cancelled, a
    meeting both had sat through alone.  Now by time, and a begun meeting's cancellation is
    told only with the meeting that replaces it; its calendar entry is still cancelled."""
    event = open_event(tmp_path / "e.sqlite", bundled, lead=0)
    event.no_show("JT-003", at="09:00")
    event.late("SS-002", "11:00")
    plan = event.replan("09:30")
    said = texts(event, plan)
    begun = {c for c in plan.cancelled if (c.old_slot or 0) < plan.first_open}
    assert begun  # JT-003's and SS-002's first meetings
    slots = event.plan.slots
    for c in begun:
        for pid in (c.a, c.b):
            clock = f"{slots[c.old_slot or 0].start:%H:%M}"
            english = said.get(pid, ("", ""))[1]
            assert f"Meeting {clock} with" not in english or "replacement:" in english, (pid, english)
    name = {
        p: event.participant(p).name
        for p in {x for c in (*plan.added, *plan.cancelled, *plan.moved) for x in (c.a, c.b)}
    }
    ordered = 0
    for pid, (_, english) in said.items():
        told = [
            ((c.old_slot or 0), c.b if pid == c.a else c.a)
            for c in plan.cancelled
            if pid in (c.a, c.b) and c not in begun
        ]
        told += [
            ((c.new_slot or 0), c.b if pid == c.a else c.a)
            for c in (*plan.added, *plan.moved)
            if pid in (c.a, c.b)
        ]
        partners = [name[other] for _, other in sorted(told)]
        if len(set(partners)) == len(partners) > 1:  # each partner named once: their order is the times'
            at = [english.find(n) for n in partners]
            assert -1 not in at
            assert at == sorted(at), (pid, english)
            ordered += 1
    assert ordered
    out = write_updates(event, plan, tmp_path / "u")
    for c in begun:
        assert (out / "ics" / f"{c.a}.cancel.ics").exists()
    event.close()


def test_a_calendar_update_says_nothing_of_another_companys_absence(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """The walkthrough: SS-030, given JT-043's freed slot, read in its calendar "replaces
    JT-043's meeting with SS-001 (SS-001 did not show up)": another company's absence told
    to a third party.  The calendars of the participants give only what concerns them and
    their partner; changes.csv, for the organisers, keeps every reason."""
    event = open_event(tmp_path / "e.sqlite", bundled, lead=0)
    event.no_show("SS-001", at="09:00")
    event.no_show("JT-003", at="09:00")
    plan = event.replan("09:05")
    told = [c for c in plan.added if any(r.code == "replaces" for r in c.why)]
    assert told
    for lang in (None, "id"):
        out = write_updates(event, plan, tmp_path / f"u{lang}", lang=lang)
        changes = (out / "changes.csv").read_text(encoding="utf-8-sig")
        for c in told:
            for r in (r for r in c.why if r.code == "replaces"):
                lost_by, lost = r.values[0], r.values[1]
                third = c.b if lost_by == c.a else c.a
                ics = (out / "ics" / f"{third}.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
                description = [x for x in ics.split("\r\n") if x.startswith("DESCRIPTION:")]
                assert description
                assert not any(lost in x for x in description), (third, description)
                own = (out / "ics" / f"{lost_by}.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
                assert lost in own  # the one who lost the meeting is told whom it replaces
                assert lost in changes  # the organisers' file keeps it
    event.close()


@pytest.fixture(scope="module")
def two_day_result() -> mm.MatchmakingResult:
    """12 x 20 over two days of 4 slots (hosts at their own tables)."""
    mission = mm.synthetic_mission(12, 20, seed=4, date=__import__("datetime").date(2020, 12, 2))
    plan = mm.EventPlan(
        start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A", days=["2020-12-02", "2020-12-03"]
    )
    return mm.run(mission, plan, baseline=False, max_meetings=(None, 4))


def test_a_replans_reasons_are_the_agendas_marks_slot_by_slot(
    tmp_path: Path, two_day_result: mm.MatchmakingResult
) -> None:
    """The reason a re-plan gives for a meeting it cancels or re-books is the change that takes
    that meeting's slot, the one ``event agenda`` marks it with, not the participant's last
    change: the code review's JT-011, announced late on day 1 and then away on day 2, had its
    day-1 meetings cancelled "for being away on day 2" (in changes.csv and the calendars).
    Seeded days on an event of two days: late arrivals, away windows and no-shows of the same
    participants in either order."""
    ids = two_day_result.mission.ids("A") + two_day_result.mission.ids("B")
    checked = 0
    for seed in range(20):
        rng = np.random.default_rng(3000 + seed)
        event = open_event(tmp_path / f"w{seed}.sqlite", two_day_result, lead=0)
        slots = event.plan.slots
        for pid in rng.choice(ids, 6, replace=False).tolist():
            for kind in rng.permutation(3).tolist()[: int(rng.integers(1, 3))]:
                if kind == 0:
                    event.late(pid, slots[int(rng.integers(1, 4))].start)
                elif kind == 1:
                    s = slots[int(rng.integers(4, 8))]
                    event.unavailable(pid, f"{s.start:%Y-%m-%d %H:%M}-{s.end:%H:%M}")
                else:
                    with contextlib.suppress(ValidationError):  # refusals are not this test's
                        event.no_show(pid, at=slots[4].start)
        marks = {(m.a, m.b): why for p in ids for m, why in event.agenda(p) if why is not None}
        plan = event.replan(slots[0].start)
        for c in (*plan.cancelled, *plan.rebooked):
            cause = c.why[0].cause if c.move == "rebooked" else c.why[0]
            assert cause is not None
            mark = marks[(c.a, c.b)]
            want = {"no-show": "no-show", "late": "late", "away": "away"}[mark.reason]
            assert (cause.code, cause.values[0]) == (want, mark.participant), (seed, c, mark)
            checked += 1
        event.close()
    assert checked > 20


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_changes_over_two_days_keep_the_per_day_rules(
    tmp_path_factory: pytest.TempPathFactory, two_day_result: mm.MatchmakingResult, data: st.DataObject
) -> None:
    """Random desks' days on an event of two days: every change recorded or refused with nothing
    written; after each re-plan the timetable keeps the rules (one meeting per participant and
    table a slot, caps, frozen slots untouched), a new or moved meeting sits where both can
    attend, and a new one only on a day both are known present (Attendance.known_present); the
    file reopens to the same state (an undo's replay too)."""
    import datetime as dt

    path = tmp_path_factory.mktemp("d") / "e.sqlite"
    event = open_event(path, two_day_result, lead=0)
    ids = two_day_result.mission.ids("A") + two_day_result.mission.ids("B")
    b_side = two_day_result.mission.side_b.name
    slots = event.plan.slots
    # the desk's clock: minutes after 08:30 of day 1, on to the end of day 2
    times = [s.start - dt.timedelta(minutes=5) for s in slots] + [
        s.start + dt.timedelta(minutes=7) for s in slots
    ]
    times.sort()
    at = 0
    for step in range(data.draw(st.integers(1, 10))):
        at = min(at + data.draw(st.integers(0, 3)), len(times) - 1)
        now = times[at].replace(tzinfo=None).isoformat(timespec="minutes")
        kinds = ["check_in", "no_show", "late", "walk_in", "cancel", "undo", "undo_number", "replan"]
        kind = data.draw(st.sampled_from(kinds))
        pid = data.draw(st.sampled_from(ids))
        before = event.changes()
        try:
            if kind == "check_in":
                event.check_in(pid, at=now)
            elif kind == "no_show":
                event.no_show(pid, at=now)
            elif kind == "late":
                later = times[min(at + data.draw(st.integers(1, 6)), len(times) - 1)]
                event.late(pid, later.replace(tzinfo=None).isoformat(timespec="minutes"))
            elif kind == "walk_in":
                row = {
                    "id": f"W{step}",
                    "name": f"CV W{step}",
                    "delegation": b_side,
                    "province": "Sumsel",
                    "needs": "10",
                }
                event.walk_in(row, at=now)
            elif kind == "cancel":
                live = event.meetings()
                if live:
                    m = live[data.draw(st.integers(0, len(live) - 1))]
                    event.cancel(m.a, m.b, at=now)
            elif kind == "undo":
                undone = event.undo(pid)
                assert event.changes()[-1]["payload"] == {"seq": undone.seq, "kind": undone.kind}
            elif kind == "undo_number":  # an earlier change by its number, of whom it is about
                number = data.draw(st.integers(1, len(before)))
                c = before[number - 1]
                payload = c["payload"] if isinstance(c["payload"], dict) else {}
                about = str(payload.get("a", c["subject"]))
                undone = event.undo(about, change=number)  # taken back, or refused as it rests
                assert (undone.seq, event.changes()[number - 1]["kind"]) == (number, f"undone:{undone.kind}")
            else:
                booked = {(m.a, m.b): (m.slot, m.table) for m in event.meetings()}
                st_ = event._state()
                known = {d: st_.att.known_present(d) for d in event.plan.days}
                replan = event.replan(now)
                _check_invariants(event, booked, replan.first_open, replan.rebooked)
                st_ = event._state()
                for c in (*replan.added, *replan.moved):
                    slot = c.new_slot
                    assert slot is not None
                    for p in (c.a, c.b):
                        side, k = st_.index[p]
                        free = (st_.free_a if side == "A" else st_.free_b)[k, slot]
                        assert free, (p, slot)
                        assert not st_.att.missing(p, len(slots))[slot], (p, slot)
                for c in replan.added:
                    here = known[slots[c.new_slot or 0].start.date()]
                    assert here is None or {c.a, c.b} <= here, (c, here)
        except ValidationError:
            assert event.changes() == before  # a refusal writes nothing
        reopened = open_event(path)
        assert [(m.a, m.b, m.slot, m.table) for m in reopened.meetings()] == [
            (m.a, m.b, m.slot, m.table) for m in event.meetings()
        ]
        assert reopened.changes() == event.changes()
        # the state in memory (applied change by change, or read afresh after an undo) is the
        # file's: who is here, away, not come, the next slot
        for day in event.plan.days:
            first = min(x.start for x in slots if x.start.date() == day)
            when = first.replace(tzinfo=None).isoformat(timespec="minutes")
            assert reopened.status(when) == event.status(when)
        reopened.close()


def _replay(event: LiveEvent, result: mm.MatchmakingResult, path: Path) -> LiveEvent:
    """A fresh event file given ``event``'s live changes again, one by one, through the public
    calls (each must be accepted: none may rest on a change taken back)."""
    fresh = open_event(path, result, lead=0)
    for c in event.changes():
        kind, who, at = str(c["kind"]), str(c["subject"]), c["at"]
        payload = c["payload"] if isinstance(c["payload"], dict) else {}
        when = None if at is None else str(at)
        if kind == "check_in":
            fresh.check_in(who, at=when)
        elif kind == "no_show":
            fresh.no_show(who, at=when)
        elif kind == "late":
            fresh.late(who, str(payload["until"]))
        elif kind == "unavailable":
            fresh.unavailable(who, str(payload["window"]))
        elif kind == "cancel":
            fresh.cancel(str(payload["a"]), str(payload["b"]), at=when)
        elif kind == "walk_in":
            fresh.walk_in(event.participant(who), at=when)
        else:  # init, undo, and the changes taken back
            assert kind in ("init", "undo") or kind.startswith("undone:"), kind
    return fresh


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_change_undone_by_its_number_leaves_changes_the_desk_could_record_again(
    tmp_path_factory: pytest.TempPathFactory, two_day_result: mm.MatchmakingResult, data: st.DataObject
) -> None:
    """The oracle of undo by number (the second review: the random test passed on a refusal or
    an acceptance alike).  Random desk changes over two days (no re-plan: what a re-plan did
    stands after an undo, by design), then one of them taken back by its number: when it is
    accepted, a fresh file given the changes left, in order, through the public calls accepts
    every one of them and shows the same status and re-plan; when it is refused, nothing is
    written."""
    import datetime as dt

    folder = tmp_path_factory.mktemp("u")
    event = open_event(folder / "e.sqlite", two_day_result, lead=0)
    ids = two_day_result.mission.ids("A") + two_day_result.mission.ids("B")
    b_side = two_day_result.mission.side_b.name
    slots = event.plan.slots
    times = sorted(
        [s.start - dt.timedelta(minutes=5) for s in slots]
        + [s.start + dt.timedelta(minutes=7) for s in slots]
    )
    stamp = [t.replace(tzinfo=None).isoformat(timespec="minutes") for t in times]
    at = 0
    for step in range(data.draw(st.integers(2, 9))):
        at = min(at + data.draw(st.integers(0, 3)), len(times) - 1)
        kind = data.draw(st.sampled_from(["check_in", "no_show", "late", "unavailable", "walk_in", "cancel"]))
        pid = data.draw(st.sampled_from(ids))
        with contextlib.suppress(ValidationError):  # a refused change writes nothing (checked elsewhere)
            if kind == "check_in":
                event.check_in(pid, at=stamp[at])
            elif kind == "no_show":
                event.no_show(pid, at=stamp[at])
            elif kind == "late":
                event.late(pid, stamp[min(at + data.draw(st.integers(1, 6)), len(times) - 1)])
            elif kind == "unavailable":
                day = times[at].date().isoformat()
                event.unavailable(pid, f"{day} {data.draw(st.sampled_from(['09:00-09:30', '09:30-10:30']))}")
            elif kind == "walk_in":
                row = {"id": f"W{step}", "name": f"CV W{step}", "delegation": b_side, "province": "Sumsel"}
                event.walk_in(row | {"needs": "10"}, at=stamp[at])
            else:
                live = event.meetings()
                m = live[data.draw(st.integers(0, len(live) - 1))]
                event.cancel(m.a, m.b, at=stamp[at])
    changes = event.changes()
    assume(len(changes) > 1)
    number = data.draw(st.integers(2, len(changes)))
    c = changes[number - 1]
    payload = c["payload"] if isinstance(c["payload"], dict) else {}
    try:
        event.undo(str(payload.get("a", c["subject"])), change=number)
    except ValidationError:
        assert event.changes() == changes
        return
    fresh = _replay(event, two_day_result, folder / "again.sqlite")
    # a late arrival records its day ("from") by the latest time the desks had reached, which
    # taking back another's change (a day-2 walk-in) can move: what it recorded stands (noticed
    # and left), so those plays are compared on acceptance only
    recorded = [
        [(c["kind"], c["subject"], c["payload"]) for c in e.changes() if c["kind"] in UNDOABLE]
        for e in (event, fresh)
    ]
    assume(recorded[0] == recorded[1])
    for when in (stamp[0], stamp[len(stamp) // 2], stamp[-1]):  # the counts of rows aside
        assert replace(fresh.status(when), changes=0) == replace(event.status(when), changes=0), when
    mine, theirs = event.replan(stamp[at]), fresh.replan(stamp[at])

    def key(p: Replan) -> list[tuple[object, ...]]:
        return sorted(
            (x.a, x.b, x.old_slot, x.new_slot, x.reason) for x in (*p.added, *p.cancelled, *p.moved)
        )

    assert key(mine) == key(theirs)
    assert [(m.a, m.b, m.slot, m.table) for m in event.meetings()] == [
        (m.a, m.b, m.slot, m.table) for m in fresh.meetings()
    ]


class _NoScan(dict[str, list[tuple[dt.date | None, dt.date | None]]]):
    """A mapping that fails when read whole: one participant's record is read by key."""

    def __iter__(self) -> typing.NoReturn:
        raise AssertionError("read every participant's record")

    def items(self) -> typing.NoReturn:  # type: ignore[override]
        raise AssertionError("read every participant's record")

    keys = values = items


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_no_show_reason_reads_only_that_participants_record(data: st.DataObject) -> None:
    """``Attendance.reason_at`` asks whether one participant is a no-show of the slot's day
    from that participant's own record: it built the set of every no-show of the day for each
    meeting a re-plan cancels, which made a re-plan at 1,000 × 3,000 quadratic (4.8 s).  The
    answers are those of that set (the rule as it was written there), on replayed no-shows
    and check-ins over three days."""
    from matchmaker.live.changes import attendance

    plan = mm.EventPlan(
        start="09:00",
        slots_per_day=2,
        meeting=20,
        buffer=5,
        hosts="A",
        days=["2020-12-02", "2020-12-03", "2020-12-04"],
    )
    pids = ["a1", "a2", "b1"]
    starts = [s.start.isoformat() for s in plan.slots]
    steps = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(["no_show", "check_in"]), st.sampled_from(pids), st.sampled_from(starts)
            ),
            max_size=10,
        )
    )
    changes = [
        {
            "kind": kind,
            "subject": pid,
            "payload": {"from": at} if kind == "no_show" and at != starts[0] else {},
            "at": at,
        }
        for kind, pid, at in [("no_show", "a1", starts[0]), *steps]
    ]
    att = attendance(changes, plan)
    days = sorted({s.start.astimezone(plan.zone).date() for s in plan.slots})
    for day in days:
        as_written = {
            pid
            for pid, spans in att.absent.items()
            if any((lo is None or lo <= day) and (hi is None or day < hi) for lo, hi in spans)
        }
        assert att.absent_on(day) == as_written
        assert {pid for pid in pids if att.is_absent(pid, day)} == as_written
    reasons = {(pid, s): att.reason_at(pid, s, plan) for pid in pids for s in range(len(plan.slots))}
    att.absent = _NoScan(att.absent)
    assert {(pid, s): att.reason_at(pid, s, plan) for pid in pids for s in range(len(plan.slots))} == reasons
