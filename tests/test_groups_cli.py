"""The group path through the command line and run(): routing, the pack, teams, online meetings (issue 16)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zoneinfo
from pathlib import Path

import icalendar
import numpy as np
import pytest

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.errors import ValidationError
from matchmaker.group_path import group_features, load_group_mission
from matchmaker.groups import GroupResult, run_groups
from matchmaker.io.csv_format import write_csv
from matchmaker.model.participant import Participant
from tests.group_tables import four_delegation_people, with_extra

ALLOWED = [
    "Jawa Timur:Sumatera Selatan",
    "Jawa Timur:Kalimantan Barat",
    "Sumatera Selatan:Kalimantan Barat",
    "Jawa Timur:Pembeli Luar Negeri",
]


@pytest.fixture
def four_delegations(tmp_path: Path) -> Path:
    people = four_delegation_people()
    path = tmp_path / "peserta.csv"
    write_csv(people, path)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cli_runs_a_table_of_four_delegations_and_writes_the_whole_pack(
    four_delegations: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    allow = [x for pair in ALLOWED for x in ("--allow", pair)]
    code = main(["--json", "run", str(four_delegations), "--date", "2025-09-29", "--out", str(out), *allow])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["path"] == "groups"
    assert doc["group_meetings_placed"] == 1
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for name in ("meetings.csv", "agendas.csv", "result.json", "matchmaker.xlsx", "report.html"):
        assert name in names
    assert "pack-manifest.json" in names
    with_meetings = {r["id"] for r in _read(out / "agendas.csv")}  # a calendar for each of them only
    assert {n for n in names if n.startswith("ics/")} == {f"ics/{pid}.ics" for pid in with_meetings}
    meetings = _read(out / "meetings.csv")
    group = [r for r in meetings if r["kind"] == "group"]
    assert [(r["id_1"], r["id_2"]) for r in group] == [("JT-001", "SS-001; SS-002; KB-003")]
    # Pembeli Luar Negeri meets Jawa Timur only (the allowed pairs)
    foreign = [r for r in meetings if "Pembeli Luar Negeri" in (r["delegation_1"], r["delegation_2"])]
    assert foreign
    assert all(
        {r["delegation_1"], r["delegation_2"]} == {"Jawa Timur", "Pembeli Luar Negeri"} for r in foreign
    )
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert (
        len(result["meetings"]) == doc["meetings"]
    )  # every meeting chosen: placed, or left out with a reason
    assert [r["status"] for r in result["meetings"]].count("placed") == result["placed"] == doc["placed"]
    assert all(r["reason"] for r in result["meetings"] if r["status"] == "unplaced")
    assert len(result["group_meeting_rows"]) == 1
    ics = (out / "ics" / "SS-002.ics").read_text(encoding="utf-8")
    start = dt.datetime.fromisoformat(group[0]["start"])
    events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert any(e.decoded("DTSTART") == start for e in events)  # the same instant, in SS-002's zone
    assert "Group meeting with" in ics
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Group meetings" in page
    # the group meeting's members, by name and id
    assert re.search(r"<td>[^<;]+ \(SS-001\); [^<;]+ \(SS-002\); [^<;]+ \(KB-003\)</td>", page)
    assert "<script" not in page
    _the_grid_holds_every_meeting_at_a_table(out, meetings)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out / "matchmaker.xlsx")
    assert book.sheetnames == ["overview", "grid", "meetings", "outcomes", "agendas", "unplaced"]
    assert book["meetings"].max_row == len(meetings) + 1
    # the grid sheet is grid.csv (slots as numbers, as in the two-delegation workbook), header in view
    with (out / "grid.csv").open(encoding="utf-8") as handle:
        grid = list(csv.reader(handle))
    sheet = [["" if c is None else c for c in row] for row in book["grid"].iter_rows(values_only=True)]
    assert sheet == [grid[0], *([int(r[0]), *r[1:]] for r in grid[1:])]
    assert book["grid"].freeze_panes == "B2"


def _seat(ids: str, representatives: str) -> str:
    """Who sits at the table: each id, a team's with the representative meetings.csv names."""
    held = representatives.split("; ") if representatives else [""] * len(ids.split("; "))
    return "; ".join(
        f"{x} (representative {k})" if k else x for x, k in zip(ids.split("; "), held, strict=True)
    )


def _the_grid_holds_every_meeting_at_a_table(out: Path, meetings: list[dict[str, str]]) -> None:
    """``grid.csv`` (before, the group pack had none): a row per slot, a column per table in
    use, each meeting at a table in its cell, a group meeting in each of its slots; a team's
    id with the representative who sits there (before, ids only: which of JT-002's two
    representatives sat at which table was nowhere in the venue's sheet)."""
    with (out / "grid.csv").open(encoding="utf-8") as handle:
        grid = list(csv.reader(handle))
    head, rows = grid[0], grid[1:]
    assert head[:2] == ["slot", "start"]
    onsite = [r for r in meetings if r["table"] != "online"]
    assert set(head[2:]) == {r["table"] for r in onsite}
    cells = {(row[0], table): cell for row in rows for table, cell in zip(head[2:], row[2:], strict=True)}
    expected: dict[tuple[str, str], str] = {}
    for r in onsite:
        first = int(r["slot"])
        span = (
            1
            if r["kind"] != "group"
            else int(sum(1 for row in rows if row[1] >= r["start"][11:16] and row[1] < r["end"][11:16]))
        )
        for k in range(first, first + span):
            expected[(str(k), r["table"])] = (
                f"{_seat(r['id_1'], r['representative_1'])} – {_seat(r['id_2'], r['representative_2'])}"
            )
    assert {k: v for k, v in cells.items() if v} == expected
    group = next(r for r in onsite if r["kind"] == "group")
    assert sum(1 for v in cells.values() if v == f"{group['id_1']} – {group['id_2']}") == 3  # its 3 slots
    team = [v for v in cells.values() if v.startswith("JT-002")]  # JT-002 has two representatives
    assert team
    assert {v.split(" – ")[0] for v in team} <= {"JT-002 (representative 1)", "JT-002 (representative 2)"}


def test_allowed_pairs_from_the_config_and_bad_ones_are_clear_errors(
    four_delegations: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "run.json"
    config.write_text(
        json.dumps({"mission": {"date": "2025-09-29", "allowed": [p.split(":") for p in ALLOWED]}})
    )
    assert main(["validate", str(four_delegations), "--config", str(config)]) == 0
    text = capsys.readouterr().out
    assert "4 delegations" in text
    assert "4 allowed pairs" in text
    assert "group meetings" in text
    assert (
        main(["run", str(four_delegations), "--out", str(tmp_path / "bad"), "--allow", "Jawa Timur:Bali"])
        == 1
    )
    err = capsys.readouterr().err
    assert "names 'Bali', which is not a delegation" in err
    assert not (tmp_path / "bad").exists()  # nothing written


def test_the_pack_never_overwrites_a_folder_of_the_users(
    four_delegations: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    assert main(["run", str(four_delegations), "--date", "2025-09-29", "--out", str(mine)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_an_ordinary_two_delegation_table_still_goes_the_ordinary_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mission = east_java_south_sumatra_2020()
    assert group_features(mission) == ()
    path = tmp_path / "two.csv"
    write_csv(mission.participants, path)
    assert main(["--json", "run", str(path), "--date", "2020-12-02", "--out", str(tmp_path / "out")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert "path" not in doc
    assert doc["meetings"] == 405  # the bundled mission's figure, unchanged


@pytest.fixture
def two_with_teams_and_online(tmp_path: Path) -> Path:
    people = list(east_java_south_sumatra_2020().participants)
    # JT-001: three representatives, one slot (20 minutes) for up to 3 meetings: they must meet in parallel
    people[0] = people[0].replace(availability="09:00-09:20", max_meetings=3)
    with_extra(people, 0, team_size="3")
    for i in range(1, 46):
        with_extra(people, i, mode="hybrid")
    # SS-005 meets online from Makassar (WITA, UTC+8), 10:00-11:00 its own time = 09:00-10:00 WIB
    k = next(i for i, p in enumerate(people) if p.id == "SS-005")
    people[k] = people[k].replace(availability="10:00-11:00")
    with_extra(people, k, mode="daring", meeting_link="https://meet.example/ss5", zona_waktu="Asia/Makassar")
    path = tmp_path / "two.csv"
    write_csv(people, path)
    return path


def test_two_delegations_with_teams_and_online_meetings_through_the_cli(
    two_with_teams_and_online: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        main(["--json", "run", str(two_with_teams_and_online), "--date", "2020-12-02", "--out", str(out)])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["path"] == "groups"
    meetings = _read(out / "meetings.csv")
    # the team holds parallel meetings, never more than its head count, at different tables
    per_slot: dict[str, list[str]] = {}
    for r in meetings:
        if "JT-001" in (r["id_1"], r["id_2"]):
            per_slot.setdefault(r["slot"], []).append(r["table"])
    assert max(len(t) for t in per_slot.values()) > 1
    assert max(len(t) for t in per_slot.values()) <= 3
    assert all(len(set(t)) == len(t) for t in per_slot.values())
    # online: no table, the link; within both sides' local hours
    online = [r for r in meetings if "SS-005" in (r["id_1"], r["id_2"])]
    assert online
    assert all(r["table"] == "online" and r["link"] == "https://meet.example/ss5" for r in online)
    wib = zoneinfo.ZoneInfo("Asia/Jakarta")
    for r in online:
        start = dt.datetime.fromisoformat(r["start"]).astimezone(wib)
        assert dt.time(9) <= start.time()
        assert dt.datetime.fromisoformat(r["end"]).astimezone(wib).time() <= dt.time(10)
    # each participant's own time zone in its agenda
    agenda = [r for r in _read(out / "agendas.csv") if r["id"] == "SS-005"]
    assert agenda
    assert all(r["timezone"] == "Asia/Makassar" and r["start"].endswith("+08:00") for r in agenda)
    partner = next(r for r in _read(out / "agendas.csv") if r["partner"] == "SS-005")
    assert partner["start"].endswith("+07:00")


def test_a_team_s_agendas_say_which_representative_goes_to_each_meeting(
    two_with_teams_and_online: Path, tmp_path: Path
) -> None:
    """JT-001 (three representatives) holds meetings at the same time.  Before, its agenda
    listed them side by side with nothing saying who of the three goes where."""
    out = tmp_path / "out"
    assert main(["run", str(two_with_teams_and_online), "--date", "2020-12-02", "--out", str(out)]) == 0
    agenda = [r for r in _read(out / "agendas.csv") if r["id"] == "JT-001"]
    by_start: dict[str, list[str]] = {}
    for r in agenda:
        by_start.setdefault(r["start"], []).append(r["representative"])
    assert max(len(reps) for reps in by_start.values()) > 1  # parallel meetings
    for reps in by_start.values():  # one representative each, among the three
        assert len(set(reps)) == len(reps)
        assert set(reps) <= {"1", "2", "3"}
    single = [r for r in _read(out / "agendas.csv") if r["id"] == "JT-002"]
    assert single
    assert {r["representative"] for r in single} == {""}  # one person: nothing to say
    message = (out / "messages" / "JT-001.txt").read_text("utf-8")
    lines = [line for line in message.splitlines() if re.match(r"\d+\) ", line)]
    assert len(lines) == len(agenda)
    assert sorted(line.rsplit("representative ", 1)[1] for line in lines) == sorted(
        r["representative"] for r in agenda
    )
    assert "representative" not in (out / "messages" / "JT-002.txt").read_text("utf-8")
    page = (out / "agendas.html").read_text("utf-8")
    section = page.split("id='agenda-JT-001'")[1].split("</section>")[0]
    assert section.count("<small>representative ") == len(agenda)
    # and the calendar the team imports says it too (the third walkthrough: it did not)
    events = icalendar.Calendar.from_ical((out / "ics" / "JT-001.ics").read_bytes()).walk("VEVENT")
    where = sorted(str(e.get("LOCATION")) for e in events)
    assert sorted(w.rsplit("representative ", 1)[1] for w in where) == sorted(
        r["representative"] for r in agenda
    )
    assert "representative" not in (out / "ics" / "JT-002.ics").read_text("utf-8")
    # the partners are one person each: their calendars name no representative (the second
    # review: the meeting's shared text, LOCATION too, was built once for both calendars)
    partners = {r["partner"] for r in agenda}
    for partner in partners:
        assert "representative" not in (out / "ics" / f"{partner}.ics").read_text("utf-8"), partner


def test_meetings_csv_numbers_its_meetings_and_names_a_team_s_representative(
    two_with_teams_and_online: Path, tmp_path: Path
) -> None:
    """Before, ``meetings.csv`` had no ``meeting`` column (the outcome form's ``M001`` was its
    row number) and neither it nor ``grid.csv`` said which of JT-001's three representatives
    sits at which of its parallel meetings; ``agendas.csv`` (the oracle here) did."""
    out = tmp_path / "out"
    assert main(["run", str(two_with_teams_and_online), "--date", "2020-12-02", "--out", str(out)]) == 0
    with (out / "meetings.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    old = "slot,start,end,table,id_1,name_1,delegation_1,id_2,name_2,delegation_2,score,mode,link,kind"
    assert header == [*old.split(","), "representative_1", "representative_2", "meeting"]  # new ones last
    meetings = _read(out / "meetings.csv")
    assert [r["meeting"] for r in meetings] == [f"M{k:03d}" for k in range(1, len(meetings) + 1)]
    # each participant's representative is the one its agenda names for that meeting
    said = {  # agendas.csv's times are each participant's own: compared as instants
        (r["id"], dt.datetime.fromisoformat(r["start"]), r["partner"]): r["representative"]
        for r in _read(out / "agendas.csv")
    }
    team = []
    for r in meetings:
        for me, other, rep in (("id_1", "id_2", "representative_1"), ("id_2", "id_1", "representative_2")):
            assert r[rep] == said[(r[me], dt.datetime.fromisoformat(r["start"]), r[other])]
            team += [(r["start"], r[rep], r["table"])] if r[me] == "JT-001" else []
            assert r[rep] == "" or r[me] == "JT-001"  # one person: nothing to say
    parallel = [x for x in team if sum(y[0] == x[0] for y in team) > 1]
    assert parallel  # JT-001's three meet at once, each named
    assert {rep for _, rep, _ in team} <= {"1", "2", "3"}
    assert len({(start, rep) for start, rep, _ in team}) == len(team)
    # the venue's sheet: JT-001's cell at each of its tables names who sits there
    with (out / "grid.csv").open(encoding="utf-8") as handle:
        grid = {(row["start"], table): cell for row in csv.DictReader(handle) for table, cell in row.items()}
    at_tables = [(start, rep, table) for start, rep, table in team if table != "online"]
    assert at_tables
    for start, rep, table in at_tables:
        cell = grid[(start[11:16], table)]
        assert cell.startswith(f"JT-001 (representative {rep}) – ") or cell.endswith(
            f" – JT-001 (representative {rep})"
        )
    assert sum("(representative" in cell for cell in grid.values()) == len(at_tables)
    # the outcome form's references are found in meetings.csv, on the meeting's row
    by_ref = {r["meeting"]: r for r in meetings}
    form = _read(out / "outcome_form.csv")
    assert len(form) == len(meetings)
    for row in form:
        meeting = by_ref[row["meeting"]]
        assert (meeting["start"], meeting["table"], meeting["id_1"], meeting["id_2"]) == (
            row["start"],
            row["table"],
            row["a_id"],
            row["b_id"],
        )


def test_the_indonesian_pack_names_the_representative_in_indonesian(
    four_delegations: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    allow = [x for pair in ALLOWED for x in ("--allow", pair)]
    argv = ["run", str(four_delegations), "--date", "2025-09-29", "--out", str(out), "--lang", "id", *allow]
    assert main(argv) == 0
    with (out / "meetings.csv").open(encoding="utf-8-sig") as handle:
        meetings = list(csv.DictReader(handle, delimiter=";"))
    assert list(meetings[0])[-3:] == ["perwakilan_1", "perwakilan_2", "pertemuan"]
    team = [r for r in meetings if "JT-002" in (r["id_1"], r["id_2"])]  # two representatives
    assert team
    assert all(r["perwakilan_1" if r["id_1"] == "JT-002" else "perwakilan_2"] in ("1", "2") for r in team)
    grid = (out / "grid.csv").read_text(encoding="utf-8-sig")
    assert grid.count("JT-002 (perwakilan ") == sum(r["meja"] != "daring" for r in team)
    assert "representative" not in grid


def test_run_routes_teams_and_online_to_the_group_path_and_run_groups_takes_the_mission(
    two_with_teams_and_online: Path,
) -> None:
    mission = mm.io.load_mission(two_with_teams_and_online, date="2020-12-02")
    result = mm.run(mission)
    assert isinstance(result, GroupResult)
    assert result.schedule.check() == ()
    assert result.matching.optimal
    assert result.mission.group_names == (mission.side_a.name, mission.side_b.name)
    # the default plan's table per side-A participant is a pool of side A's representatives
    assert result.plan.hosts is None
    assert result.plan.tables == int(result.mission.team_sizes[result.mission.group_of == 0].sum())
    with pytest.raises(ValidationError) as caught:  # options of the two-delegation path only
        mm.run(mission, schedule_options={"method": "milp"})
    assert caught.value.problems[0].kind == "group-path"
    assert "schedule_options" in str(caught.value)
    tt = run_groups(mission, mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", tables=60))
    assert tt.check() == ()
    team = tt.mission.team_sizes
    slot = tt.slot[tt.slot >= 0]
    who = np.concatenate([tt.matching.u[tt.slot >= 0], tt.matching.v[tt.slot >= 0]])
    _, counts = np.unique(who.astype(np.int64) * 100 + np.concatenate([slot, slot]), return_counts=True)
    assert counts.max() <= team.max()


def test_load_group_mission_locates_problems_at_their_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    people = [
        Participant("A1", "CV A", "Jawa Timur", "Jatim", extra={"group_meeting": "B1; Z9"}),
        Participant("B1", "PT B", "Sumatera Selatan", "Sumsel"),
        Participant("C1", "PT C", "Bali", "Bali", extra={"team_size": "dua"}),
    ]
    write_csv(people, path)
    with pytest.raises(ValidationError) as caught:
        load_group_mission(path, date="2025-09-29", timezone="WIB")
    where = {(p.row, p.field) for p in caught.value.problems}
    assert (2, "group_meeting") in where
    assert (4, "team_size") in where


def test_report_and_indonesian_pack_on_the_group_path(
    four_delegations: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "laporan.html"
    assert (
        main(["report", str(four_delegations), "--date", "2025-09-29", "--out", str(page), "--lang", "id"])
        == 0
    )
    text = page.read_text(encoding="utf-8")
    assert "Pertemuan kelompok" in text
    assert "Pembeli Luar Negeri" in text
    out = tmp_path / "paket"
    assert (
        main(["run", str(four_delegations), "--date", "2025-09-29", "--out", str(out), "--lang", "id"]) == 0
    )
    raw = (out / "meetings.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig").splitlines()[0].startswith("sesi;mulai;selesai;meja")
    capsys.readouterr()


def test_hybrid_alone_keeps_the_ordinary_path(tmp_path: Path) -> None:
    people = [p.replace(extra={"mode": "hybrid"}) for p in east_java_south_sumatra_2020().participants]
    assert group_features(people) == ()
    assert group_features([people[0].replace(extra={"mode": "Daring"})]) == ("online",)


def test_a_configs_side_a_and_allowed_mistakes_name_the_config_on_the_group_path(
    four_delegations: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a side_a naming no delegation was ignored on this path, and an allowed pair
    naming none was placed in the participant file, followed by one "may not meet" error
    per wish across delegations."""
    config = tmp_path / "run.json"
    config.write_text(json.dumps({"mission": {"date": "2025-09-29", "side_a": "Papua"}}))
    assert main(["--json", "validate", str(four_delegations), "--config", str(config)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["source"], problem["column"]) == (
        "unknown-side",
        str(config),
        "[mission] side_a",
    )
    assert "side_a 'Papua' names no delegation in" in problem["message"]
    assert "'Pembeli Luar Negeri'" in problem["message"]
    config.write_text(json.dumps({"mission": {"date": "2025-09-29", "allowed": [["Jawa Timur", "Bali"]]}}))
    assert main(["--json", "validate", str(four_delegations), "--config", str(config)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["source"], problem["column"]) == (str(config), "[mission] allowed")
    assert "names 'Bali', which is not a delegation" in problem["message"]


def test_a_configs_bad_allowed_and_bad_side_a_are_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, only the allowed pair was said: side_a was checked after the mission, which
    the bad pair kept from being built."""
    table = tmp_path / "three.csv"
    table.write_text(
        "id,name,delegation,province,offers,needs\n"
        "JT-1,PT A,Jawa Timur,Jawa Timur,10631,\n"
        "SS-1,PT B,Sumatera Selatan,Sumatera Selatan,,10631\n"
        "KB-1,PT C,Kalimantan Barat,Kalimantan Barat,,10631\n",
        encoding="utf-8",
    )
    config = tmp_path / "run.json"
    mission = {"date": "2025-09-29", "side_a": "Jatim", "allowed": [["Jawa Timur", "Bali"]]}
    config.write_text(json.dumps({"mission": mission}))
    assert main(["--json", "validate", str(table), "--config", str(config)]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["source"], p["column"]) for p in problems] == [
        (str(config), "[mission] allowed"),
        (str(config), "[mission] side_a"),
    ]
    assert "names 'Bali', which is not a delegation" in problems[0]["message"]
    assert problems[1]["message"] == (
        f"side_a 'Jatim' names no delegation in {table}; it names "
        "'Jawa Timur', 'Sumatera Selatan', 'Kalimantan Barat'"
    )


@pytest.mark.parametrize("name", ["online", "online2", "Daring"])
def test_a_table_named_online_is_refused_on_the_group_path(name: str) -> None:
    """ "online" is the group path's name for no table (an online meeting): a real table named so
    was written as online in meetings.csv, left off grid.csv and sent as "Online" in the
    messages (the review).  Refused before any work, naming the table, in both languages."""
    from matchmaker.datasets import three_delegation_mission
    from matchmaker.reporting.problems import problem_text

    plan = mm.EventPlan(start="09:00", end="12:00", tables=3, table_labels=["A", name, "C"])
    with pytest.raises(ValidationError) as caught:
        mm.run(three_delegation_mission(), plan)
    (problem,) = caught.value.problems
    assert (problem.kind, problem.field, problem.data["table"]) == ("invalid-plan", "table_labels", 2)
    assert f"table 2 is named {name!r}" in problem.message
    assert f"meja 2 bernama {name!r}" in problem_text(problem, "id")
