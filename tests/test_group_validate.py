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

EXIT_INFEASIBLE = 3
FORESEEN = ("online-only", "no-plausible-partner", "availability")


def _people() -> list[Participant]:
    """Four delegations with a group meeting, a team and an online-only buyer (as test_groups_cli's)."""
    m = synthetic_group_mission(
        {"Jawa Timur": 12, "Sumatera Selatan": 14, "Kalimantan Barat": 10}, foreign_buyers=4, seed=7
    )
    people = list(m.participants)

    def extra(k: int, **values: str) -> None:
        people[k] = people[k].replace(extra={**dict(people[k].extra), **values})

    extra(0, group_meeting="SS-001; SS-002; KB-003", group_meeting_slots="3")
    extra(1, team_size="2")
    extra(len(people) - 1, mode="online", meeting_link="https://meet.example/my4")
    return people


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
    path = _table(tmp_path, _people())
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
    path = _table(tmp_path, _people())
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
    people = _people()
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
    people = _people()
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
