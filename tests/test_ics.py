"""iCalendar agendas: read back by the icalendar library, stable UIDs, updates and cancellations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.datasets import synthetic_mission
from matchmaker.export import export_all
from matchmaker.export.agendas import normalise_phone
from matchmaker.export.ics import calendar_for, fold_line, meeting_uid, write_calendars
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run
from matchmaker.scheduling import EventPlan, schedule

icalendar = pytest.importorskip("icalendar")

PLAN = EventPlan(start="09:00", end="15:00", days="2025-03-04")


def events_of(path: Path) -> list:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return list(cal.walk("VEVENT"))


def method_of(path: Path) -> str:
    return str(icalendar.Calendar.from_ical(path.read_bytes())["method"])


def test_meeting_uid_is_the_shared_rule() -> None:
    # the rule of notes/uid.md, recomputed here from its definition
    import hashlib

    digest = hashlib.sha256(b"Misi\x1fJT-001\x1fSS-002").hexdigest()
    assert meeting_uid("Misi", "JT-001", "SS-002") == f"mm-{digest[:32]}@matchmaker"
    assert meeting_uid("Misi", "JT-001", "SS-002") != meeting_uid("Misi", "SS-002", "JT-001")
    assert meeting_uid("Misi", "JT-001", "SS-002") != meeting_uid("Misi 2", "JT-001", "SS-002")


def test_calendars_read_back(bundled, tmp_path: Path) -> None:
    result = run(bundled)
    paths = write_calendars(result.schedule, tmp_path, mission=bundled, lang="id")
    assert len(paths) == len({pid for m in result.schedule.meetings for pid in (m.a, m.b)})
    for path in paths[:10]:
        pid = path.stem
        events = events_of(path)
        agenda = result.schedule.agenda(pid)
        assert method_of(path) == "PUBLISH"
        assert [e.decoded("dtstart") for e in events] == [m.start for m in agenda]
        assert [str(e["uid"]) for e in events] == [meeting_uid(bundled.name, m.a, m.b) for m in agenda]
        for event, m in zip(events, agenda, strict=True):
            partner = bundled[m.partner(pid)]
            assert str(event["summary"]) == f"Pertemuan dengan {partner.name}"
            assert f"Meja {m.table}" in str(event["location"])
            assert int(event["sequence"]) == 0
            if partner.phone:
                assert normalise_phone(partner.phone) in str(event["description"])
    for raw in paths[0].read_bytes().split(b"\r\n"):
        assert len(raw) <= 75


def test_calendar_for_one_participant_matches_the_file(bundled, tmp_path: Path) -> None:
    result = run(bundled)
    (path,) = [p for p in write_calendars(result.schedule, tmp_path) if p.stem == "JT-001"]
    assert calendar_for(result.schedule, "JT-001") == path.read_bytes()
    with pytest.raises(KeyError, match="no participant 'XX'"):
        calendar_for(result.schedule, "XX")


def apply(store: dict[str, dict[str, tuple[int, dt.datetime]]], folder: Path) -> None:
    """Import every calendar of ``folder`` as a calendar program does (RFC 5546 semantics)."""
    for path in sorted(folder.glob("*.ics")):
        pid = path.name.split(".")[0]
        mine = store.setdefault(pid, {})
        method = method_of(path)
        for event in events_of(path):
            uid, seq = str(event["uid"]), int(event["sequence"])
            if method == "CANCEL":
                assert uid in mine, f"{path.name} cancels {uid}, which {pid} never got"
                assert seq > mine[uid][0]
                del mine[uid]
            elif uid not in mine or seq >= mine[uid][0]:
                mine[uid] = (seq, event.decoded("dtstart"))


def test_resend_after_removing_a_participant_updates_instead_of_duplicating(tmp_path: Path) -> None:
    mission = synthetic_mission(20, 40, seed=5)
    first = run(mission, PLAN)
    leaving = first.schedule.meetings[0].a
    second = run(mission.replace(participants=[p for p in mission if p.id != leaving]), PLAN)
    folder = tmp_path / "pack" / "ics"
    export_all(first, tmp_path / "pack", formats=["ics"])
    store: dict[str, dict[str, tuple[int, dt.datetime]]] = {}
    apply(store, folder)
    assert sum(len(v) for v in store.values()) == 2 * len(first.schedule.meetings)
    old_uid = {(m.a, m.b): meeting_uid(mission.name, m.a, m.b) for m in first.schedule.meetings}
    old_when = {(m.a, m.b): (m.start, m.table) for m in first.schedule.meetings}

    written = export_all(second, tmp_path / "pack", formats=["ics"], previous=first)["ics"]
    assert {method_of(p) for p in written if not p.name.endswith(".cancel.ics")} == {"REQUEST"}
    assert {method_of(p) for p in written if p.name.endswith(".cancel.ics")} == {"CANCEL"}
    assert any(p.name == f"{leaving}.cancel.ics" for p in written)  # the one who left is told too
    apply(store, folder)
    for pid in {*mission.ids("A"), *mission.ids("B")} - {leaving}:
        agenda = second.schedule.agenda(pid)
        got = store.get(pid, {})
        assert len(got) == len(agenda)  # no duplicate, nothing stale
        assert set(got) == {meeting_uid(mission.name, m.a, m.b) for m in agenda}
        assert sorted(when for _, when in got.values()) == sorted(m.start for m in agenda)
    assert store.get(leaving, {}) == {}
    kept = [m for m in second.schedule.meetings if (m.a, m.b) in old_uid]
    assert kept, "the re-run keeps some meetings"
    for m in kept:  # every surviving meeting keeps its UID; a moved one has a higher SEQUENCE
        uid = meeting_uid(mission.name, m.a, m.b)
        assert uid == old_uid[(m.a, m.b)]
        moved = old_when[(m.a, m.b)] != (m.start, m.table)
        (event,) = [e for e in events_of(folder / f"{m.a}.ics") if str(e["uid"]) == uid]
        assert int(event["sequence"]) == int(moved)

    # a third version in the same folder counts on from the SEQUENCE it replaces
    third = run(mission, PLAN)
    export_all(third, tmp_path / "pack", formats=["ics"], previous=second)
    apply(store, folder)
    for pid in mission.ids("A"):
        assert len(store.get(pid, {})) == len(third.schedule.agenda(pid))


def test_resending_the_same_schedule_changes_no_sequence(tmp_path: Path) -> None:
    result = run(synthetic_mission(5, 8, seed=2), PLAN)
    one = write_calendars(result.schedule, tmp_path)
    two = write_calendars(result.schedule, tmp_path, previous=result)
    assert [p.name for p in one] == [p.name for p in two]
    for path in two:
        assert {int(e["sequence"]) for e in events_of(path)} == {0}


def test_folding_keeps_characters_and_escapes_whole() -> None:
    for text in ("é" * 100, "a\\;" * 60, "x" * 74 + "\\n" + "y" * 80, "😀" * 40):
        folded = fold_line("DESCRIPTION:" + text)
        raw = folded.encode()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text + "\r\n"
        for line in folded.split("\r\n ")[:-1]:  # no fold right after an escaping backslash
            assert (len(line) - len(line.rstrip("\\"))) % 2 == 0


hostile = st.text(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf")), max_size=300
) | st.sampled_from(["", "\r\n", "a\rb", "x" * 10_000, "\u202eRTL\u202c", '\\n;,:"', "\x00\x1f\x7f"])


def expected(text: str) -> str:
    """What a calendar shows for ``text``: line breaks as ``\\n``, other control characters dropped."""
    text = re.sub(r"\r\n|\r|\n", "\n", text)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


@settings(max_examples=40, deadline=None)
@given(name=hostile, city=hostile, mission_name=hostile)
def test_hostile_text_round_trips(name: str, city: str, mission_name: str) -> None:
    people = [
        Participant("A1", name.strip() or "a", "X", "Jatim", offers="10631", city=city, email="a@b.co"),
        Participant("B1", "B", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        mission_name.strip() or "m",
        Delegation("X", "Jatim"),
        Delegation("Y", "Sumsel"),
        people,
        date=dt.date(2025, 1, 2),
    )
    timetable = schedule([("A1", "B1")], PLAN, mission=mission)
    data = calendar_for(timetable, "B1")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    shown = expected(mission["A1"].name)
    assert str(event["summary"]) == "Meeting with " + shown
    assert str(event["uid"]) == meeting_uid(mission.name, "A1", "B1")
    assert shown in str(event["description"])
    if mission["A1"].city:
        assert expected(mission["A1"].city) in str(event["description"])
    assert "mailto:a@b.co" in [str(a) for a in event.get("attendee", [])] + [str(event.get("attendee"))]


def test_zone_with_daylight_saving_time(tmp_path: Path) -> None:
    people = [
        Participant("A1", "A", "X", "Jatim", offers="10631"),
        Participant("B1", "B", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m",
        Delegation("X", "Jatim"),
        Delegation("Y", "Sumsel"),
        people,
        date=dt.date(2025, 7, 2),
        timezone="Europe/Berlin",
    )
    result = run(mission)
    (event,) = icalendar.Calendar.from_ical(calendar_for(result.schedule, "A1")).walk("VEVENT")
    assert event.decoded("dtstart") == result.schedule.meetings[0].start
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(hours=2)


def test_calendars_over_new_year_close_with_each_years_time_zone(tmp_path: Path) -> None:
    """Meetings on both sides of a new year: calendars whose meetings fall in one year, and
    calendars with both, each end with the VTIMEZONE of its own years; the first export (built from
    the arrays) writes what the general path does for each participant."""
    # a zone with summer time: its VTIMEZONE block lists each year's changes
    plan = EventPlan(start="09:00", end="11:00", days=("2025-12-31", "2026-01-01"), timezone="Europe/Berlin")
    result = run(synthetic_mission(30, 60, seed=3), plan)
    years = {pid: set() for m in result.schedule.meetings for pid in (m.a, m.b)}
    for m in result.schedule.meetings:
        years[m.a].add(m.start.year)
        years[m.b].add(m.start.year)
    # all three kinds of calendar, or the test would not reach a closing per calendar
    assert {frozenset(y) for y in years.values()} == {
        frozenset({2025}),
        frozenset({2026}),
        frozenset({2025, 2026}),
    }, "the case no longer has calendars of one year and of both: choose another seed"
    written = write_calendars(result.schedule, tmp_path)
    assert [p.stem for p in written] == list(years)  # in order of a first meeting
    for path in written:
        assert path.read_bytes() == calendar_for(result.schedule, path.stem), path.stem


def test_a_timetable_with_no_meeting_placed_writes_no_calendar(tmp_path: Path) -> None:
    """Nobody has a meeting: no file, and no piece of a calendar left over (the first export's
    arrays are all empty)."""
    result = run(synthetic_mission(5, 8, seed=2), PLAN)
    none = dataclasses.replace(
        result.schedule,
        slot=np.full(len(result.schedule.slot), -1),
        table=np.full(len(result.schedule.table), -1),
    )
    assert write_calendars(none, tmp_path / "ics") == []
    assert list((tmp_path / "ics").iterdir()) == []
