"""``matchmaker validate`` on the group path warns, before any run, of everyone ``run`` will
leave without a meeting for a reason known beforehand, in the words ``run`` uses after.

Before, validate named only online-only participants whose partners all meet on site,
while ``run`` on the same table then listed those no partner scores well enough for, those
whose delegation the allowed pairs gave no other to meet, and those free in no slot.
Both now go through one rule (:func:`matchmaker.groups.check_groups` before,
:meth:`GroupTimetable.shortfalls` after).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchmaker.cli import main
from matchmaker.datasets import synthetic_group_mission, three_delegation_mission
from matchmaker.errors import InfeasibleError
from matchmaker.groups import check_groups, run_groups
from matchmaker.io.csv_format import write_csv
from matchmaker.model.availability import TimeWindow
from matchmaker.model.participant import Participant
from tests.group_tables import four_delegation_people, with_extra

EXIT_INFEASIBLE = 3
FORESEEN = ("online-only", "no-plausible-partner", "availability")


def _table(tmp_path: Path, people: list[Participant]) -> Path:
    path = tmp_path / "peserta.csv"
    write_csv(people, path)
    return path


def _validate(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["--json", "validate", *args]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["path"] == "groups"
    shortfalls: list[dict[str, object]] = doc["shortfalls"]
    return shortfalls


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> list[dict[str, object]]:
    out = tmp_path / "out"
    assert main(["--json", "run", *args, "--date", "2025-09-29", "--out", str(out), "--force"]) == 0
    shortfalls: list[dict[str, object]] = json.loads(capsys.readouterr().out)["shortfalls"]
    return shortfalls


def test_validate_warns_of_everyone_run_then_leaves_out_for_a_reason_known_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _table(tmp_path, four_delegation_people())
    before = _validate(capsys, str(path))  # no date: validate lays the slots on a weekday
    after = _run(capsys, tmp_path, str(path))
    foreseen = [s for s in after if s["reason"] in FORESEEN]
    # the walkthrough's table: 12 no partner scores well enough for, and the online-only buyer
    assert len(before) == 13
    assert sorted(s["reason"] for s in before) == ["no-plausible-partner"] * 12 + ["online-only"]
    assert before == foreseen  # the same people, reasons and words, in the same order
    assert all(s["got"] == 0 for s in before)
    # and the console says so, line by line, as run does after
    assert main(["validate", str(path)]) == 0
    text = capsys.readouterr().out
    assert "cannot get the meetings they ask for (13):" in text
    assert (
        "  JT-005: 0 of 1, no suitable partner: no partner scores at least 0.15 with a free slot in" in text
    )


def test_a_delegation_the_allowed_pairs_leave_alone_is_named_before_and_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _table(tmp_path, four_delegation_people())
    pairs = (
        "Jawa Timur:Sumatera Selatan",
        "Jawa Timur:Kalimantan Barat",
        "Sumatera Selatan:Kalimantan Barat",
    )
    allow = [x for pair in pairs for x in ("--allow", pair)]
    before = _validate(capsys, str(path), *allow)
    after = _run(capsys, tmp_path, str(path), *allow)
    alone = [s for s in before if s["side"] == "Pembeli Luar Negeri"]
    # the online-only MY-004 too: that it meets online only is not what keeps it alone
    assert [(s["participant"], s["reason"]) for s in alone] == [
        (f"MY-00{k}", "no-plausible-partner") for k in range(1, 5)
    ]
    assert {s["detail"] for s in alone} == {
        "the allowed pairs of delegations name none with Pembeli Luar Negeri; add a pair with it "
        "(--allow, or allowed in the config)"
    }
    assert before == [s for s in after if s["reason"] in FORESEEN]
    assert main(["validate", str(path), *allow, "--lang", "id"]) == 0
    assert (
        "MY-001: 0 dari 1, tidak ada mitra yang cocok: tidak ada pasangan delegasi yang diizinkan "
        "bertemu dengan Pembeli Luar Negeri" in capsys.readouterr().out
    )


def test_one_free_in_no_slot_is_named_with_its_hours_and_the_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = four_delegation_people()
    late = next(k for k, p in enumerate(people) if p.id == "SS-003")
    people[late] = people[late].replace(availability=(TimeWindow.parse("17:00-18:00"),))
    path = _table(tmp_path, people)
    before = _validate(capsys, str(path), "--date", "2025-09-29")
    (found,) = [s for s in before if s["participant"] == "SS-003"]
    assert (found["reason"], found["detail"]) == (
        "availability",
        "available 17:00-18:00, the event runs 09:00-16:00",
    )
    after = _run(capsys, tmp_path, str(path))
    assert found in after
    assert before == [s for s in after if s["reason"] in FORESEEN]


def test_validate_refuses_a_floor_out_of_reach_as_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, validate passed a table whose ``min_meetings`` no matching could meet; run refused it."""
    people = four_delegation_people()
    k = next(k for k, p in enumerate(people) if p.id == "JT-005")  # no partner scores well enough
    people[k] = people[k].replace(min_meetings=2)
    path = _table(tmp_path, people)
    assert main(["--json", "validate", str(path)]) == EXIT_INFEASIBLE
    before = json.loads(capsys.readouterr().out)["problems"]
    out = str(tmp_path / "out")
    assert main(["--json", "run", str(path), "--date", "2025-09-29", "--out", out]) == EXIT_INFEASIBLE
    assert json.loads(capsys.readouterr().out)["problems"] == before
    assert [(p["kind"], p["participants"]) for p in before] == [("floor-unreachable", ["JT-005"])]
    assert not Path(out).exists()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_check_groups_foresees_exactly_the_run_s_shortfalls_of_those_reasons(seed: int) -> None:
    mission = synthetic_group_mission(
        {"Jawa Timur": 9, "Sumatera Selatan": 11, "Kalimantan Barat": 7}, foreign_buyers=3, seed=seed
    )
    found = check_groups(mission, max_meetings=4, min_score=0.2)
    after = run_groups(mission, max_meetings=4, min_score=0.2).shortfalls()
    assert found == tuple(s for s in after if s.reason in FORESEEN)
    assert found  # the seeds were chosen so that someone falls short


def test_check_groups_raises_what_run_groups_raises_before_solving() -> None:
    mission = three_delegation_mission()
    with pytest.raises(InfeasibleError) as before:
        check_groups(mission, min_meetings=3, min_score=0.15)
    with pytest.raises(InfeasibleError) as after:
        run_groups(mission, min_meetings=3, min_score=0.15)
    assert before.value.problems == after.value.problems
    assert {p.kind for p in before.value.problems} == {"floor-unreachable"}


def _late(people: list[Participant], pid: str) -> list[Participant]:
    k = next(k for k, p in enumerate(people) if p.id == pid)
    people[k] = people[k].replace(availability=(TimeWindow.parse("17:00-18:00"),))
    return people


def test_a_group_meeting_s_host_free_in_no_slot_is_named_for_its_hours_before_and_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, validate counted JT-001's group meeting as a meeting and said nothing of it, and
    run then said "matched, but no free slot or table" of it: it is free in no slot."""
    path = _table(tmp_path, _late(four_delegation_people(), "JT-001"))  # the host of the group meeting
    before = _validate(capsys, str(path), "--date", "2025-09-29")
    after = _run(capsys, tmp_path, str(path))
    (found,) = [s for s in before if s["participant"] == "JT-001"]
    assert (found["reason"], found["detail"]) == (
        "availability",
        "available 17:00-18:00, the event runs 09:00-16:00",
    )
    assert before == [s for s in after if s["reason"] in (*FORESEEN, "group-meeting")]
    assert [s for s in after if s["reason"] not in FORESEEN] == []


def test_a_member_of_a_group_meeting_that_cannot_be_held_is_told_so_before_and_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, validate counted the group meeting of a member free in no slot as a meeting of
    everyone in it; run then called the late member and KB-003 (its only meeting the group
    meeting) "matched, but no free slot or table"."""
    path = _table(tmp_path, _late(four_delegation_people(), "SS-002"))
    before = _validate(capsys, str(path), "--date", "2025-09-29")
    after = _run(capsys, tmp_path, str(path))
    named = {s["participant"]: (s["reason"], s["detail"]) for s in before}
    assert named["SS-002"] == ("availability", "available 17:00-18:00, the event runs 09:00-16:00")
    assert named["KB-003"] == (
        "group-meeting",
        "no 3 consecutive slots in which all 4 of JT-001's group meeting (with SS-001, SS-002, "
        "KB-003) are free",
    )
    assert {"JT-001", "SS-001"}.isdisjoint(named)  # they have other partners
    assert before == [s for s in after if s["reason"] in (*FORESEEN, "group-meeting")]
    assert not [s for s in after if s["reason"] == "unplaced"]
    assert main(["validate", str(path), "--date", "2025-09-29", "--lang", "id"]) == 0
    assert (
        "KB-003: 0 dari 1, pertemuan kelompoknya tidak dapat diadakan: tidak ada 3 sesi berturut-turut "
        "saat 4 peserta pertemuan kelompok JT-001 (dengan SS-001, SS-002, KB-003) sama-sama luang"
        in capsys.readouterr().out
    )


def test_everyone_of_a_group_meeting_longer_than_the_event_is_named_before_and_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two slots, a group meeting of three: none of its four can meet in it."""
    path = _table(tmp_path, four_delegation_people())
    config = tmp_path / "tight.toml"
    config.write_text(
        '[mission]\ndate = "2025-09-29"\n[plan]\nstart = "09:00"\nend = "09:50"\nmeeting = 20\n'
        "buffer = 5\ntables = 2\n",
        encoding="utf-8",
    )
    before = _validate(capsys, str(path), "--config", str(config))
    out = tmp_path / "out"
    assert main(["--json", "run", str(path), "--config", str(config), "--out", str(out)]) == 0
    after = json.loads(capsys.readouterr().out)["shortfalls"]
    group = sorted(s["participant"] for s in before if s["reason"] == "group-meeting")
    assert group == ["JT-001", "KB-003", "SS-001", "SS-002"]
    assert before == [s for s in after if s["reason"] in (*FORESEEN, "group-meeting")]
    assert not [s for s in after if s["reason"] == "unplaced" and s["participant"] in group]


def test_a_group_meeting_the_timetable_leaves_out_is_not_called_matched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two group meetings share SS-001 (one representative) in an event of three slots: each
    can be held, not both.  Before, run said "matched, but no free slot or table" of those
    the second left without a meeting; a group meeting is asked for, not matched."""
    people = four_delegation_people()
    k = next(k for k, p in enumerate(people) if p.id == "JT-003")
    with_extra(people, k, group_meeting="SS-001; KB-004", group_meeting_slots="3")
    path = _table(tmp_path, people)
    config = tmp_path / "three.toml"
    config.write_text(
        '[mission]\ndate = "2025-09-29"\n[plan]\nstart = "09:00"\nend = "10:15"\nmeeting = 20\n'
        "buffer = 5\ntables = 4\n",
        encoding="utf-8",
    )
    before = _validate(capsys, str(path), "--config", str(config))
    out = tmp_path / "out"
    assert main(["--json", "run", str(path), "--config", str(config), "--out", str(out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["group_meetings"], doc["group_meetings_placed"]) == (2, 1)
    after = doc["shortfalls"]
    assert before == [s for s in after if s["reason"] in FORESEEN]
    left = [s for s in after if s["reason"] == "group-meeting"]
    assert left
    assert all(
        s["detail"].startswith("no table or representative was left in the 3 consecutive") for s in left
    )
    panels = {"JT-001", "SS-001", "SS-002", "KB-003", "JT-003", "KB-004"}
    assert {s["participant"] for s in left} <= panels
    assert not [s for s in after if s["reason"] == "unplaced" and s["participant"] in panels]
