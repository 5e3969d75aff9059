"""The group path behind ``mm.run()`` and ``export_all`` (issue 16): routing, calendars, shortfalls."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import numpy as np
import pytest

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.datasets import three_delegation_mission
from matchmaker.export.registry import group_formats
from matchmaker.groups import GroupResult, host_tables, run_groups
from matchmaker.io.csv_format import write_csv
from matchmaker.model.groups import GroupMission
from matchmaker.model.participant import Participant
from matchmaker.scoring import DEFAULT_MIN_SCORE


def _with_zone(mission: GroupMission, group: str, zone: str) -> GroupMission:
    """The mission with every member of ``group`` in time zone ``zone`` (its ``timezone`` column)."""
    people = [
        p.replace(extra=(*p.extra, ("timezone", zone))) if p.delegation == group else p
        for p in mission.participants
    ]
    return GroupMission.from_participants(
        people, name=mission.name, date=mission.date, timezone=mission.timezone
    )


def test_run_routes_a_group_mission_to_the_group_path_with_run_groups_results() -> None:
    mission = three_delegation_mission()
    result = mm.run(mission, max_meetings=4)
    assert isinstance(result, GroupResult)
    # the same as run_groups with the default plan (a table per side-A participant: a pool) and run's floor
    plan = host_tables(mm.default_plan(), mission)
    tt = run_groups(mission, plan, max_meetings=4, min_score=DEFAULT_MIN_SCORE)
    assert np.array_equal(result.matching.edges, tt.matching.edges)
    assert np.array_equal(result.schedule.slot, tt.slot)
    assert result.schedule.check() == ()
    assert result.summary() == result.schedule.summary() == tt.summary()
    assert result.timetable is result.schedule
    # (first delegation, the others) as run() takes bounds for two sides
    pair = mm.run(mission, max_meetings=(6, 2))
    bound = [
        p.max_meetings if p.max_meetings is not None else (6 if g == 0 else 2)  # a participant's own wins
        for p, g in zip(mission.participants, mission.group_of.tolist(), strict=True)
    ]
    assert (pair.matching.counts() <= np.array(bound)).all()
    assert pair.matching.counts()[mission.group_of != 0].max() > 2  # someone's own bound is above 2


def test_two_delegations_without_group_columns_stay_on_the_ordinary_path() -> None:
    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False)
    assert isinstance(result, mm.MatchmakingResult)
    assert result.schedule.n_placed == 405
    assert result.summary() == result.schedule.summary()


def test_export_all_writes_a_group_result_through_the_registry(tmp_path: Path) -> None:
    result = mm.run(three_delegation_mission(), max_meetings=4)
    assert set(group_formats()) == {"csv", "json", "xlsx", "ics", "html", "agendas"}
    written = mm.export_all(result, tmp_path / "out", lang="id")
    assert sorted(written) == sorted(group_formats())
    assert (tmp_path / "out" / "pack-manifest.json").exists()
    meetings = (tmp_path / "out" / "meetings.csv").read_text(encoding="utf-8-sig")
    assert meetings.splitlines()[0].startswith("sesi;mulai;selesai")  # lang="id": Indonesian, ;, a BOM
    doc = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    assert doc["placed"] == int((result.schedule.slot >= 0).sum())
    # the same call through the result's own method
    again = result.export(tmp_path / "again", formats=["csv"])
    assert list(again) == ["csv"]
    with pytest.raises(ValueError, match=r"group path.*csv"):  # a name no format of the path has
        mm.export_all(result, tmp_path / "no", formats=["grid"])
    assert not (tmp_path / "no").exists()


def _events(path: Path) -> tuple[str, list[icalendar.cal.Component]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return str(calendar["METHOD"]), list(calendar.walk("VEVENT"))


def test_group_calendars_in_own_zones_update_and_cancel_when_sent_again(tmp_path: Path) -> None:
    mission = _with_zone(three_delegation_mission(), "Kalimantan Barat", "Asia/Pontianak")
    mission = _with_zone(mission, "Sumatera Selatan", "Asia/Makassar")  # a zone of its own, for the test
    plan = mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", tables=12)
    first = mm.run(mission, plan, max_meetings=5)
    second = mm.run(mission, dataclass_replace(plan, tables=8), max_meetings=4)  # fewer tables: moves, drops
    out = tmp_path / "pack"
    first.export(out, formats=["ics"])
    sent = {p.name: _events(p) for p in (out / "ics").glob("*.ics")}
    second.export(out, formats=["ics"], previous=first)
    moved = dropped = 0
    for pid in mission.ids:
        old = {e["UID"]: e for e in sent.get(f"{pid}.ics", ("", []))[1]}
        now_file, cancel_file = out / "ics" / f"{pid}.ics", out / "ics" / f"{pid}.cancel.ics"
        agenda = second.schedule.agenda(pid)
        now = _events(now_file) if now_file.exists() else ("REQUEST", [])
        cancel = _events(cancel_file) if cancel_file.exists() else ("CANCEL", [])
        assert now[0] == "REQUEST"
        assert cancel[0] == "CANCEL"
        assert len(now[1]) == len(agenda)  # one event per meeting of the new timetable
        for event, item in zip(now[1], agenda, strict=True):
            start = event.decoded("DTSTART")
            assert start == item.start
            assert str(start.tzinfo) == mission.timezone_of(pid)  # TZID: the participant's own zone
            was = old.get(event["UID"])
            changed = was is not None and (was.decoded("DTSTART"), was["LOCATION"]) != (
                start,
                event["LOCATION"],
            )
            moved += changed
            assert int(event["SEQUENCE"]) == int(changed)
        for event in cancel[1]:
            assert event["STATUS"] == "CANCELLED"
            assert int(event["SEQUENCE"]) == 1
            assert event["UID"] in old
        # a calendar that imports both files holds exactly the new timetable
        held = {uid: e.decoded("DTSTART") for uid, e in old.items()}
        for e in now[1]:
            held[e["UID"]] = e.decoded("DTSTART")
        for e in cancel[1]:
            held.pop(e["UID"])
        dropped += len(cancel[1])
        assert sorted(held.values()) == sorted(item.start for item in agenda)
    assert moved > 0
    assert dropped > 0


def dataclass_replace(plan: mm.EventPlan, **changes: object) -> mm.EventPlan:
    import dataclasses

    return dataclasses.replace(plan, **changes)  # type: ignore[arg-type]


def _online_only_mission() -> list[Participant]:
    return [
        Participant("J1", "CV Daring", "Jawa Timur", "Jatim", offers="10631", extra={"mode": "daring"}),
        Participant("J2", "CV Luring", "Jawa Timur", "Jatim", offers="10631"),
        Participant("S1", "PT Musi", "Sumatera Selatan", "Sumsel", needs="10631"),
        Participant("S2", "PT Ogan", "Sumatera Selatan", "Sumsel", needs="10631", extra={"mode": "luring"}),
    ]


def test_an_online_only_participant_whose_partners_are_all_on_site_is_reported() -> None:
    mission = mm.Mission.from_participants(_online_only_mission(), date=dt.date(2025, 9, 29))
    result = mm.run(mission)
    assert isinstance(result, GroupResult)
    found = {s.participant: s for s in result.shortfalls}
    assert found["J1"].reason == "online-only"
    assert found["J1"].got == 0
    assert found["J1"].side == "Jawa Timur"
    assert "S1" not in found  # on site, and J2 meets it
    # a hybrid partner can meet it online: no longer reported
    people = _online_only_mission()
    people[2] = people[2].replace(extra=(("mode", "hibrida"),))
    hybrid = mm.run(mm.Mission.from_participants(people, date=dt.date(2025, 9, 29)))
    assert "J1" not in {s.participant for s in hybrid.shortfalls}
    assert int(hybrid.matching.counts()[hybrid.mission.index("J1")]) > 0


def test_the_console_and_json_name_the_online_only_participant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    write_csv(_online_only_mission(), path)
    assert main(["validate", str(path), "--date", "2025-09-29"]) == 0
    text = capsys.readouterr().out
    # the reason, then its detail (it said "meets online only, ..." twice)
    assert "J1: 0 of 1, no partner to meet online: meets online only, and everyone of" in text
    assert text.count("meets online only") == 1
    assert main(["--json", "run", str(path), "--date", "2025-09-29", "--out", str(tmp_path / "out")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(s["participant"], s["reason"]) for s in doc["shortfalls"]] == [("J1", "online-only")]
    saved = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    assert [(s["participant"], s["reason"]) for s in saved["shortfalls"]] == [("J1", "online-only")]
    assert (
        main(["run", str(path), "--date", "2025-09-29", "--out", str(tmp_path / "o2"), "--lang", "id"]) == 0
    )
    said = capsys.readouterr().out
    assert "J1: 0 dari 1, tidak ada mitra yang dapat ditemui secara daring: hanya bertemu daring" in said
    assert said.count("hanya bertemu daring") == 1


def test_an_online_meeting_gives_both_participants_the_link_meetings_csv_gives() -> None:
    """Both sides give a link: each agenda (agendas.csv, calendars, messages) names the meeting's one."""
    people = _online_only_mission()
    people[0] = people[0].replace(extra=(("mode", "daring"), ("meeting_link", "https://meet.example/j1")))
    people[2] = people[2].replace(extra=(("mode", "hibrida"), ("meeting_link", "https://meet.example/s1")))
    result = mm.run(mm.Mission.from_participants(people, date=dt.date(2025, 9, 29)))
    assert isinstance(result, GroupResult)
    (row,) = [r for r in result.schedule.records() if r["table"] == "online"]
    assert row["link"] in ("https://meet.example/j1", "https://meet.example/s1")
    agendas = result.schedule.agendas()
    for pid in ("J1", "S1"):
        assert [a.link for a in agendas[pid] if a.table == "online"] == [row["link"]]


def _bali_mission(**extra: str) -> GroupMission:
    """B1, from Bali (WITA, UTC+8), free 09:00-12:00 in its own time, must meet three East Java
    companies (WIB, UTC+7) free 07:00-08:00, 08:00-09:00 and 11:00-12:00 WIB: only J2's hour is
    also B1's (08:00-09:00 WIB is 09:00-10:00 WITA).  ``extra``: B1's extra columns."""
    people = [
        Participant("J0", "CV Pagi", "Jawa Timur", "Jawa Timur", offers="10631", availability="07:00-08:00"),
        Participant("J1", "CV Siang", "Jawa Timur", "Jawa Timur", offers="10631", availability="11:00-12:00"),
        Participant("J2", "CV Tepat", "Jawa Timur", "Jawa Timur", offers="10631", availability="08:00-09:00"),
        Participant(
            "B1", "CV Dewata", "Bali", "Bali", needs="10631", availability="09:00-12:00",
            must_meet="J0; J1; J2", extra=extra,
        ),
    ]  # fmt: skip
    return GroupMission.from_participants(people, name="Zona", date=dt.date(2025, 9, 29))


#: The event runs 07:00-13:00 WIB, so 08:00 WITA (07:00 WIB) is a slot of the event.
_BALI_PLAN = mm.EventPlan(start="07:00", end="13:00")


def test_a_bali_participant_s_hours_are_read_in_wita_and_its_table_is_in_the_venue_s_time(
    tmp_path: Path,
) -> None:
    """Before, a participant from Bali without a ``timezone`` column got the event's zone (WIB):
    its 09:00-12:00 was read as 10:00-13:00 WITA, so it met J1 at 11:10 WIB (12:10 in Bali, after
    its hours) and not J2 (whose 08:00-09:00 WIB is in them).  Its hours are read in WITA; its
    meeting, at a table of the event, is shown in the event's time (WIB), as J2's is."""
    mission = _bali_mission()
    assert mission.timezone_of("B1") == "Asia/Makassar"  # Bali's zone, its hours' zone
    assert mission.timezone_of("J2") == "Asia/Jakarta"
    tt = run_groups(mission, _BALI_PLAN)
    (item,) = tt.agenda("B1")
    assert item.partner == "J2"
    assert (str(item.start.tzinfo), item.start.utcoffset()) == ("Asia/Jakarta", dt.timedelta(hours=7))
    wita = ZoneInfo("Asia/Makassar")
    assert dt.time(9) <= item.start.astimezone(wita).time()  # in B1's own hours: not 08:00 WITA
    assert item.end.astimezone(wita).time() <= dt.time(10)
    (seen,) = tt.agenda("J2")
    assert (seen.start, seen.start.tzinfo) == (item.start, item.start.tzinfo)  # one time at one table
    assert sorted(p.participants for p in tt.unplaced) == [("J0", "B1"), ("J1", "B1")]  # 08:00, 12:00 WITA
    # the pack: agendas.csv and the message in the venue's time, the calendar in B1's own TZID
    out = tmp_path / "pack"
    GroupResult.of(tt).export(out, formats=["csv", "agendas", "ics"])
    with (out / "agendas.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["id"] == "B1"]
    assert [(r["timezone"], r["start"], r["partner"]) for r in rows] == [
        ("Asia/Jakarta", item.start.isoformat(), "J2")
    ]
    assert rows[0]["start"].startswith("2025-09-29T08:")
    assert rows[0]["start"].endswith("+07:00")
    message = (out / "messages" / "B1.txt").read_text(encoding="utf-8")
    assert f"{item.start:%H:%M}–{item.end:%H:%M} WIB" in message
    assert "WITA" not in message
    assert "DTSTART;TZID=Asia/Makassar:20250929T09" in (out / "ics" / "B1.ics").read_text(encoding="utf-8")


def test_a_timezone_column_still_wins_over_the_province() -> None:
    """B1 says its hours are WIB (``zona_waktu``): 09:00-12:00 WIB, so it meets J1 (11:00-12:00
    WIB) and neither J0 nor J2; its agenda is in WIB."""
    tt = run_groups(_bali_mission(zona_waktu="WIB"), _BALI_PLAN)
    (item,) = tt.agenda("B1")
    assert item.partner == "J1"
    assert str(item.start.tzinfo) == "Asia/Jakarta"
    assert dt.time(11) <= item.start.time()
