"""The group path's ``report.html`` is built of the two-delegation report's pieces.

An organiser's walkthrough found it rougher than the two-delegation report: it began with
the console's lines (method names: first-fit, bmatching); its agenda columns wrapped the
date, the time and the zone on three lines; a group meeting was marked with a glyph
(U+29C9) the PDF's fonts lack; it said "Left out, and why: none" above a list of
participants without a meeting; and it had no print stylesheet.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from matchmaker.export.browser import find_chromium, print_pdf
from matchmaker.export.groups import render_group_report
from matchmaker.groups import GroupTimetable, run_groups
from matchmaker.model.groups import GroupMission
from matchmaker.reporting.numbers import format_clock
from matchmaker.scheduling.plan import EventPlan
from tests.group_tables import four_delegation_mission

printing = pytest.mark.skipif(
    find_chromium() is None or shutil.which("pdftotext") is None,
    reason="needs chromium and pdftotext (apt-get install chromium poppler-utils)",
)


@pytest.fixture(scope="module")
def timetable() -> GroupTimetable:
    return run_groups(four_delegation_mission(), max_meetings=4, min_score=0.15)


@pytest.fixture(scope="module")
def tight() -> GroupTimetable:
    """The same in two slots at two tables: the group meeting (three slots) is left out."""
    plan = EventPlan(start="09:00", end="09:50", meeting=20, buffer=5, tables=2)
    return run_groups(four_delegation_mission(), plan, max_meetings=4, min_score=0.15)


def _before_appendix(page: str) -> str:
    return page.split("Technical appendix")[0].split("Lampiran teknis")[0]


def test_the_report_opens_with_figures_in_plain_words_and_keeps_method_names_to_its_appendix(
    timetable: GroupTimetable,
) -> None:
    page = render_group_report(timetable)
    placed, chosen = int((timetable.slot >= 0).sum()), len(timetable.slot)
    head = _before_appendix(page)
    assert f"{placed} of the {chosen} meetings chosen are placed" in head
    assert "<pre>" not in page  # no console lines anywhere
    for internal in ("first-fit", "bmatching", "konig", "misra-gries", "method", "total score"):
        assert internal not in head.lower()
    # the appendix says them, for whoever checks the run (as the two-delegation report's)
    appendix = page[len(head) :]
    assert f"schedule: {timetable.method}, lower bound {timetable.bound[0]} slots" in appendix
    assert timetable.matching.method in appendix
    # the Indonesian report: the same, in Indonesian
    page_id = render_group_report(timetable, lang="id")
    assert f"{placed} dari {chosen} pertemuan yang dipilih terjadwal" in _before_appendix(page_id)
    assert "jadwal: " in page_id.split("Lampiran teknis")[1]


def test_every_character_is_one_the_report_fonts_have(timetable: GroupTimetable) -> None:
    """Latin letters and the general punctuation (– · …); the group meeting glyph U+29C9 was neither."""
    for lang in ("en", "id"):
        page = render_group_report(timetable, lang=lang)
        odd = {c for c in page if ord(c) > 0x2000 and not 0x2000 <= ord(c) <= 0x206F}
        assert odd == set()
        assert "\u29c9" not in page
    # a group meeting is said in words instead
    assert "Group meeting with:" in render_group_report(timetable)


def test_those_without_a_meeting_are_listed_with_their_reason_and_nothing_says_none_left_out(
    timetable: GroupTimetable,
) -> None:
    page = render_group_report(timetable)
    agendas = timetable.agendas()
    without = [pid for pid in timetable.mission.ids if not agendas.get(pid)]
    assert len(without) > 10
    assert "Left out" not in page
    assert ">none<" not in page
    # meetings chosen but not placed: their own heading, with their number
    assert f"Meetings not placed ({len(timetable.unplaced)})" in page
    listed = page.split("id='without-meeting'")[1]
    assert f"Without a meeting ({len(without)})" in listed
    row = r"<tr><td class=id>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td>([^<]+)</td></tr>"
    rows = re.findall(row, listed)
    assert [pid for pid, _ in rows] == without
    reasons = dict(rows)
    assert reasons["MY-004"].startswith("no partner to meet online: meets online only")
    assert reasons["JT-005"] == (
        "no suitable partner: no partner scores at least 0.15 with a free slot in common"
    )
    # and the shortfalls, as the two-delegation report lists them
    assert f"Fewer meetings than asked ({len(timetable.shortfalls())})" in page


def test_the_count_of_meetings_not_placed_is_of_those_listed_group_meetings_too(
    tight: GroupTimetable,
) -> None:
    """Before, the heading and the card counted the one-to-one meetings only, while the list
    under the heading named the group meeting left out too."""
    one_to_one = int((tight.slot < 0).sum())
    assert (tight.panel_slot < 0).tolist() == [True]
    for lang, heading in (("en", "Meetings not placed"), ("id", "Pertemuan yang tidak terjadwal")):
        page = render_group_report(tight, lang=lang)
        section = page.split(f"<h2>{heading} (")[1].split("<h2")[0]
        count = int(section.split(")")[0])
        listed = section.count("<li>")
        assert count == listed == one_to_one + 1
        assert f"<div class='card'>{heading}<b>{count}</b></div>" in page
    assert "group meeting of JT-001 with SS-001, SS-002, KB-003 not placed" in render_group_report(tight)


def test_the_agendas_are_the_two_delegation_reports(timetable: GroupTimetable) -> None:
    page = render_group_report(timetable)
    for pid, items in timetable.agendas().items():
        if items:
            section = page.split(f"id='agenda-{pid}'")[1].split("</section>")[0]
            assert section.count("<tr><td>") == len(items)
    assert "@media print" in page  # the shared stylesheet, with its print rules
    assert "@page" in page
    online = page.split("id='agenda-MY-004'")
    assert len(online) == 1  # no meeting: no agenda (listed with those without one)


@printing
def test_the_report_prints_each_agenda_on_its_pages_with_unbroken_times(
    timetable: GroupTimetable, tmp_path: Path
) -> None:
    html = tmp_path / "report.html"
    html.write_text(render_group_report(timetable), encoding="utf-8")
    pdf = print_pdf(html, tmp_path / "report.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = [p.strip() for p in text.stdout.split("\f") if p.strip()]
    firsts = [p.splitlines()[0].strip() for p in pages]
    mission = timetable.mission
    agendas = timetable.agendas()
    owners = [f"{mission[pid].name} ({pid})" for pid in mission.ids if agendas.get(pid)]
    # each agenda starts a page, headed by its owner; so does the list of those without a meeting
    assert [f for f in firsts if f in owners] == owners
    # the first agenda too: it followed the list of meetings not placed on the same page
    for owner in owners:
        first = next(k for k, page in enumerate(pages) if owner in (x.strip() for x in page.splitlines()))
        assert firsts[first] == owner
    without = sum(1 for pid in mission.ids if not agendas.get(pid))
    assert f"Without a meeting ({without})" in firsts
    assert firsts[0].startswith(mission.name.split()[0])
    assert "file://" not in text.stdout  # no browser header or footer
    # nothing runs off a page (its tables fit its width)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    widths = [float(w) for w in re.findall(r'<page width="([\d.]+)"', boxes.stdout)]
    right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout)]
    assert len(widths) == len(pages)
    assert max(right) <= min(widths)
    # a time with its zone is on one line (it wrapped date, time and zone on three)
    for pid in mission.ids:
        for item in agendas.get(pid, ()):
            zone = item.start.tzname()
            shown = f"{format_clock(item.start, 'en')}–{format_clock(item.end, 'en')} {zone}"
            assert shown in text.stdout


def test_the_group_meetings_table_gives_the_zone_and_who_by_name(timetable: GroupTimetable) -> None:
    """Before, its time had no zone and it named ids only."""
    page = render_group_report(timetable)
    section = page.split("<h2>Group meetings</h2>")[1].split("<h2")[0]
    start, end = timetable.panel_times(0) or pytest.fail("the group meeting is placed")
    assert f"{start:%Y-%m-%d} {format_clock(start, 'en')}–{format_clock(end, 'en')} WIB</td>" in section
    m = timetable.mission
    assert f"<td>{m['JT-001'].name} (JT-001)</td>" in section
    assert "; ".join(f"{m[x].name} ({x})" for x in ("SS-001", "SS-002", "KB-003")) in section
    section_id = render_group_report(timetable, lang="id").split("<h2>Pertemuan kelompok</h2>")[1]
    assert f"{format_clock(start, 'id')}–{format_clock(end, 'id')} WIB</td>" in section_id


def test_the_print_note_names_a_venue_only_when_there_is_one(timetable: GroupTimetable) -> None:
    """Before, it said "with the event's date and venue" of a mission that names no venue."""
    assert timetable.mission.venue
    assert "with the event&#x27;s date and venue." in render_group_report(timetable)
    mission = four_delegation_mission()
    bare = GroupMission.from_participants(list(mission.participants), name=mission.name, date=mission.date)
    assert not bare.venue
    page = render_group_report(run_groups(bare, max_meetings=4, min_score=0.15))
    assert "each agenda on its own page, with the event&#x27;s date. " in page
    assert "venue" not in page.split("<h2")[0].lower()
