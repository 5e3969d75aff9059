"""What participants read after a re-plan (``event replan --out``): the update messages, the
index they are sent from, and their calendars, against what the pack sent them before."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.export import export_all
from matchmaker.export.agendas import CONTACT_COLUMNS, CONTACT_HEADERS_ID, format_day
from matchmaker.live import LiveEvent, open_event
from matchmaker.live.event import Replan
from matchmaker.live.messages import texts, write_updates


@pytest.fixture(scope="module")
def bundled() -> mm.MatchmakingResult:
    return mm.run(mm.east_java_south_sumatra_2020(), baseline=False)


@pytest.fixture(scope="module")
def pack(bundled: mm.MatchmakingResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pack the participants were sent, in each language (messages and contacts.csv)."""
    base = tmp_path_factory.mktemp("pack")
    for lang in ("en", "id"):
        export_all(bundled, base / lang, lang=lang, formats=["agendas"], plots=False)
    return {lang: base / lang for lang in ("en", "id")}


def _day(tmp_path: Path, result: mm.MatchmakingResult) -> tuple[LiveEvent, Replan, tuple[str, str]]:
    """A morning of the walkthrough: a no-show, a late arrival (of a full agenda: some of its
    meetings cannot be booked again), one away for the afternoon, a pair that cancels, a walk-in."""
    event = open_event(tmp_path / "e.sqlite", result, lead=0)
    event.no_show("JT-003", at="09:00")
    event.late("JT-004", "14:00")
    event.unavailable("JT-007", "13:00-15:00")
    pair = next(
        (m.a, m.b)
        for m in event.meetings()
        if m.start.hour >= 13 and not {m.a, m.b} & {"JT-003", "JT-004", "JT-007"}
    )
    event.cancel(*pair)
    b = result.mission.side_b.name
    row = {"id": "W-1", "name": "CV Baru", "delegation": b, "province": "Sumsel", "needs": "10631"}
    event.walk_in(row | {"phone": "0812 3456 7890", "contact": "Ani"}, at="09:30")
    return event, event.replan("09:30"), pair


def _pair_name(event: LiveEvent, pid: str) -> str:
    return event.participant(pid).name


def test_a_cancelled_meeting_says_why_as_far_as_it_concerns_the_two(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """Before, "Meeting 10:15 with X cancelled." and nothing more: the partner of a no-show,
    of a late arrival and of a pair that cancelled could not tell why (their calendar could)."""
    event, plan, pair = _day(tmp_path, bundled)
    said = texts(event, plan)
    name = {p.id: p.name for p in event.mission}
    slots = event.plan.slots
    seen = set()
    for c in plan.cancelled:
        if (c.old_slot or 0) < plan.first_open:
            continue  # not told (both know), unless replaced: test_live checks it
        for pid, other in ((c.a, c.b), (c.b, c.a)):
            indonesian, english = said[pid]
            clock = f"{slots[c.old_slot or 0].start:%H:%M}"
            line = next(
                x for x in english.splitlines() if x.startswith(f"Meeting {clock} with {name[other]}")
            )
            why = re.search(r"cancelled(?: \((.*?)\))?[.;]", line)
            assert why is not None, line
            code = c.why[0].code
            seen.add(code)
            if code == "no-show" and c.why[0].values[0] == pid:
                # one's own absence: said once at the end, with what to do, not on each line
                assert why.group(1) is None, line
                continue
            expected = {
                "no-show": f"{name[other]} did not show up",
                "late": f"{name['JT-004']} arrives at 14:00",
                "away": f"{name['JT-007']} is away 13:00-15:00",
                "pair-cancelled": f"{name[c.a]} and {name[c.b]} cancelled it",
            }[code]
            assert why.group(1) == expected, line
            # only the two are named in it (never a third company: as the calendars, `_own`)
            assert {n for n in name.values() if n in why.group(1)} <= {name[pid], name[other]}
            worded_id = {
                "no-show": f"{name[other]} tidak hadir",
                "late": f"{name['JT-004']} baru datang pukul 14.00",
                "away": f"{name['JT-007']} berhalangan pukul 13.00-15.00",
                "pair-cancelled": f"{name[c.a]} dan {name[c.b]} membatalkannya",
            }[code]
            assert f"dibatalkan ({worded_id})" in indonesian
    assert seen == {"no-show", "late", "away", "pair-cancelled"}
    assert set(pair) <= set(said)


def test_a_no_show_is_told_to_go_to_the_desk_if_coming_after_all(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """Before, a no-show read only that its meetings were cancelled: not that it was recorded
    absent (perhaps by mistake), nor what to do if it comes after all."""
    event, plan, _ = _day(tmp_path, bundled)
    indonesian, english = texts(event, plan)["JT-003"]
    assert english.endswith(
        "\n\nYou are recorded as not present. If you are coming after all, please go to the organisers' desk."
    )
    assert indonesian.endswith(
        "\n\nAnda tercatat tidak hadir. Jika Anda tetap datang, silakan lapor ke meja panitia."
    )
    assert english.count("recorded as not present") == 1
    # nobody else is told so: not its partners, not the late arrival
    others = [t for pid, t in texts(event, plan).items() if pid != "JT-003"]
    assert others
    assert not any("recorded as not present" in e or "tercatat tidak hadir" in i for i, e in others)


def test_an_update_starts_as_the_packs_messages_do(
    tmp_path: Path, bundled: mm.MatchmakingResult, pack: dict[str, Path]
) -> None:
    """Before, an update was a bare line ("Meeting 10:15 with X cancelled.") with no word of
    which event it was about; now it has the pack's heading (the event's name, whom it is
    for, the venue) and the day."""
    event, plan, _ = _day(tmp_path, bundled)
    mission = event.mission
    checked = set()
    for pid, pair in texts(event, plan).items():
        for lang, text in zip(("id", "en"), pair, strict=True):
            lines = text.splitlines()
            me = mission[pid]
            assert lines[0] == f"*{mission.name}*"
            heading = "Changes to the agenda of" if lang == "en" else "Perubahan agenda"
            assert lines[1] == f"{heading} {me.name} ({me.id})"
            # the event's name and the venue as the pack's message wrote them (a walk-in got none)
            path = pack[lang] / "messages" / f"{pid if pid != 'W-1' else 'JT-001'}.txt"
            sent = path.read_text(encoding="utf-8")
            assert lines[0] == sent.splitlines()[0]
            coming = any(pid in (m.a, m.b) and m.slot >= plan.first_open for m in plan.schedule)
            if coming or pid == "JT-003":  # the no-show is told to come to the desk
                assert lines[2] == mission.venue == sent.splitlines()[2]
                assert lines[3:5] == ["", format_day(plan.now.date(), lang)]
            else:  # none left to go to: not an invitation to come (as the pack's "To X")
                assert lines[2:4] == ["", format_day(plan.now.date(), lang)]
            checked.add(coming)
    assert checked == {True, False}


def test_new_and_moved_meetings_give_the_partners_contact_as_the_pack_does(
    tmp_path: Path, bundled: mm.MatchmakingResult, pack: dict[str, Path]
) -> None:
    """Before, "New meeting 14:15 with PT Sari Semeru, table JT-009." and no way to reach
    them; the pack's messages give each partner's id, city and contact, and so do the
    updates now, in the same lines."""
    event, plan, _ = _day(tmp_path, bundled)
    said = texts(event, plan)
    # how the pack's messages name each partner: its line and the contact line under it
    given: dict[tuple[str, str], list[str]] = {}
    for lang in ("id", "en"):
        for path in (pack[lang] / "messages").glob("*.txt"):
            lines = path.read_text(encoding="utf-8").splitlines()
            for k, line in enumerate(lines):
                found = re.fullmatch(r"   [^ ].* \(([A-Z]+-\d+)\)(, .*)?", line)
                if found:
                    more = lines[k + 1 : k + 2]
                    given[(lang, found.group(1))] = [line] + [
                        x for x in more if x.startswith(("   Kontak", "   Contact"))
                    ]
    checked = 0
    for c in (*plan.added, *plan.moved):
        for pid, other in ((c.a, c.b), (c.b, c.a)):
            if other == "W-1":  # in no pack
                continue
            for lang, text in zip(("id", "en"), said[pid], strict=True):
                lines = text.splitlines()
                partner = event.participant(other).name
                at = next(k for k, x in enumerate(lines) if not x.startswith(" ") and f" {partner}" in x)
                block = given[(lang, other)]
                assert lines[at + 1 : at + 1 + len(block)] == block, (pid, lines)
                checked += 1
    assert checked >= 10
    # a cancelled meeting names no contact (there is nothing to meet about), its replacement does
    for _, english in said.values():
        lines = english.splitlines()
        for k, line in enumerate(lines[:-1]):
            if " cancelled" in line and "replacement:" not in line:
                assert not lines[k + 1].startswith("   "), lines


def test_the_updates_are_sent_from_the_packs_index(
    tmp_path: Path, bundled: mm.MatchmakingResult, pack: dict[str, Path]
) -> None:
    """Before, the re-plan wrote messages.csv (participant, name, text) and no phone, while the
    pack's contacts.csv has the numbers and the message files: a bulk-message tool set up for
    the pack could not send the updates.  Now the updates hold the pack's contacts.csv (same
    columns, headers and dialect) and messages/<id>.txt for those told, and messages.csv the
    same numbers."""
    event, plan, _ = _day(tmp_path, bundled)
    said = texts(event, plan)
    for lang in ("en", "id"):
        out = write_updates(event, plan, tmp_path / f"u-{lang}", lang=lang)
        theirs = (pack[lang] / "contacts.csv").read_text(encoding="utf-8")
        ours = (out / "contacts.csv").read_text(encoding="utf-8")
        assert ours.splitlines()[0] == theirs.splitlines()[0]  # same header, same dialect (commas)
        assert ours.splitlines()[0] == ",".join(CONTACT_HEADERS_ID if lang == "id" else CONTACT_COLUMNS)
        rows = list(csv.DictReader(ours.splitlines()))
        key, phone, file = (
            ("id", "telepon", "berkas_pesan") if lang == "id" else ("id", "phone", "message_file")
        )
        sent = {r[key]: r for r in csv.DictReader(theirs.splitlines())}
        assert {r[key] for r in rows} == set(said)
        for r in rows:
            text = (out / r[file]).read_text(encoding="utf-8")
            assert text == said[r[key]][lang == "en"] + "\n"
            if r[key] in sent:
                assert r[phone] == sent[r[key]][phone]
                assert r[file] == sent[r[key]][file]  # the same file name as the pack's
        walk = next(r for r in rows if r[key] == "W-1")
        assert walk[phone] == "+6281234567890"  # a walk-in's number, normalised as the pack's
        delimiter = ";" if lang == "id" else ","
        with (out / "messages.csv").open(encoding="utf-8-sig", newline="") as f:
            listed = list(csv.DictReader(f, delimiter=delimiter))
        by_id = {r[key]: r for r in rows}
        head = ("peserta", "teks", "telepon") if lang == "id" else ("participant", "text", "phone")
        for r in listed:
            assert r[head[2]] == by_id[r[head[0]]][phone]
            assert r[head[1]] == said[r[head[0]]][lang == "en"]
    # no language: both texts in each file, Indonesian first, and the English headers
    out = write_updates(event, plan, tmp_path / "u-both")
    for pid, (indonesian, english) in said.items():
        assert (out / "messages" / f"{pid}.txt").read_text(encoding="utf-8") == f"{indonesian}\n\n{english}\n"
    assert (out / "contacts.csv").read_text(encoding="utf-8").startswith(",".join(CONTACT_COLUMNS))
    header = (out / "messages.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "participant,name,text_id,text_en,phone,wa,email"


def test_the_docs_message_is_what_a_participant_reads(tmp_path: Path) -> None:
    """docs/event-day.md shows SS-038's update after the example's changes: the same text."""
    docs = (Path(__file__).parents[1] / "docs" / "event-day.md").read_text(encoding="utf-8")
    shown = docs.split("re-planned at 09:30:\n\n  ```text\n", 1)[1].split("\n  ```", 1)[0]
    event = open_event(tmp_path / "e.sqlite", mm.run(mm.east_java_south_sumatra_2020()))
    event.no_show("JT-003", at="09:00")
    event.late("SS-002", until="11:00")
    event.unavailable("JT-010", "13:00-14:00")
    event.cancel("JT-004", "SS-084")
    plan = event.replan("09:30")
    assert texts(event, plan)["SS-038"][1] == "\n".join(line[2:] for line in shown.splitlines())


def test_the_event_day_names_its_calendar_files_as_the_pack_does(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """The pack's updates cancel in ``<id>.cancel.ics``; the event day wrote ``<id>-cancel.ics``
    (two names for one kind of file: a sending script for one missed the other)."""
    from matchmaker.export.ics import write_calendars

    mission = bundled.mission
    without = mm.run(mission.replace(participants=[p for p in mission if p.id != "JT-003"]), baseline=False)
    sent = write_calendars(without.schedule, tmp_path / "pack", mission=without.mission, previous=bundled)
    event = open_event(tmp_path / "e.sqlite", bundled, lead=0)
    event.no_show("JT-003", at="09:00")
    plan = event.replan("09:00")
    out = write_updates(event, plan, tmp_path / "updates")
    updated = sorted((out / "ics").iterdir())
    assert "JT-003.cancel.ics" in {p.name for p in sent}
    assert "JT-003.cancel.ics" in {p.name for p in updated}
    # every file of both: <id>.ics or <id>.cancel.ics, nothing else
    for path in (*sent, *updated):
        assert re.fullmatch(r"[A-Z]+-\d+(\.cancel)?\.ics", path.name), path.name
    partner = next(c.b for c in plan.cancelled if c.a == "JT-003")
    assert (out / "ics" / f"{partner}.cancel.ics").read_text(encoding="utf-8").count("METHOD:CANCEL") == 1


def test_the_updates_of_two_days_write_indonesian_times_one_way(tmp_path: Path) -> None:
    """On an event of several days the times carry their date ("2020-12-03 13:00-14:00"): the
    Indonesian reasons rewrote a time or a window alone to 13.00, and left a dated window as
    typed.  Every time a person reads there is 09.00 now (the CSV columns of times stay data)."""
    mission = mm.synthetic_mission(6, 9, seed=3, date=dt.date(2020, 12, 2))
    days = ["2020-12-02", "2020-12-03"]
    plan = mm.EventPlan(start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A", days=days)
    event = open_event(tmp_path / "two.sqlite", mm.run(mission, plan, baseline=False), lead=0)
    pid = next(m.b for m in event.meetings() if m.start.date() == dt.date(2020, 12, 3))
    event.unavailable(pid, "2020-12-03 09:00-10:00")
    replan = event.replan("2020-12-02T09:00")
    out = write_updates(event, replan, tmp_path / "u", lang="id")
    read = [p.read_text(encoding="utf-8") for p in (out / "messages").iterdir()]
    read += [p.read_text(encoding="utf-8").replace("\r\n ", "") for p in (out / "ics").iterdir()]
    with (out / "changes.csv").open(encoding="utf-8-sig", newline="") as f:
        read += [row["alasan"] for row in csv.DictReader(f, delimiter=";")]
    said = "\n".join(read)
    assert "berhalangan 2020-12-03 pukul 09.00-10.00" in said  # it said "pukul 2020-12-03 09.00-10.00"
    clocks = re.findall(
        r"(?<![\dT:])\d\d[:.]\d\d(?![\d:])", re.sub(r"^(DTSTAMP|DTSTART|DTEND).*$", "", said, flags=re.M)
    )
    assert clocks
    assert [c for c in clocks if ":" in c] == []


def test_a_visitor_from_another_zone_reads_its_updates_in_the_event_s_time_as_its_partner(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """A company from Bali at an event in WIB: its pack gave it WITA, an hour off its partner's
    agenda and the venue's clocks, and its updates followed its pack.  A meeting at a table is
    in the venue's time for everyone: its pack and its updates say WIB times, unnamed in the
    updates (the event's zone), the same clock its partner reads, reasons' times too."""
    mission = bundled.mission
    pid = "SS-010"
    bali = mission.replace(participants=[p.replace(province="Bali") if p.id == pid else p for p in mission])
    result = mm.run(bali, baseline=False)
    export_all(result, tmp_path / "pack", formats=["agendas"], lang="id")
    sent = (tmp_path / "pack" / "messages" / f"{pid}.txt").read_text(encoding="utf-8")
    first = min(m.start for m in result.schedule.meetings if pid in (m.a, m.b))
    assert str(first.tzinfo) == "Asia/Jakarta"
    assert f"1) {first:%H.%M}–{first + dt.timedelta(minutes=20):%H.%M} WIB, Meja" in sent  # the venue's clock
    assert "WITA" not in sent
    event = open_event(tmp_path / "e.sqlite", result, lead=0)
    mine = sorted((m for m in event.meetings() if pid in (m.a, m.b)), key=lambda m: m.start)
    host = mine[1].a  # late past pid's second meeting: it is cancelled or booked again
    event.late(host, f"{mine[2].start:%H:%M}")
    plan = event.replan(f"{mine[0].start:%H:%M}")
    told = texts(event, plan)
    indonesian, english = told[pid]
    assert "WITA" not in indonesian + english
    changed = [c for c in (*plan.cancelled, *plan.moved, *plan.added) if pid in (c.a, c.b)]
    assert changed
    both = 0
    for c in changed:
        slot = event.plan.slots[(c.new_slot if c.kind != "cancelled" else c.old_slot) or 0]
        assert f"{slot.start:%H:%M}" in english
        assert f"{slot.start:%H.%M}" in indonesian
        partner = c.b if pid == c.a else c.a
        if partner in told:  # the other side of the table reads the same clock
            assert f"{slot.start:%H:%M}" in told[partner][1]
            both += 1
    assert both
    # a reason's time too: the host's arrival, on the venue's clock
    arrival = dt.datetime.combine(mine[2].start.date(), mine[2].start.time(), event.plan.zone)
    if any(c.kind == "cancelled" for c in changed):
        assert f"arrives at {arrival:%H:%M}" in english


def test_one_without_phone_or_e_mail_is_handed_the_update_not_the_old_agenda(
    tmp_path: Path, bundled: mm.MatchmakingResult
) -> None:
    """Before, the updates' contacts.csv said the pack's "hand the printed agenda over": on
    the event day that agenda is the one the update replaces."""
    event = open_event(tmp_path / "e.sqlite", bundled, lead=0)
    b = bundled.mission.side_b.name
    event.walk_in(
        {"id": "W-9", "name": "CV Tanpa Kontak", "delegation": b, "province": "Sumsel", "needs": "10631"}
    )
    plan = event.replan("09:30")
    assert plan.meetings_of("W-9") > 0
    for lang, (key, note, file), says in [
        (
            "en",
            ("id", "note", "message_file"),
            "no phone or e-mail: hand the printed update (messages/W-9.txt)",
        ),
        ("id", ("id", "catatan", "berkas_pesan"), "tanpa telepon atau email: serahkan pesan perubahan cetak"),
    ]:
        out = write_updates(event, plan, tmp_path / f"u-{lang}", lang=lang)
        rows = {
            r[key]: r for r in csv.DictReader((out / "contacts.csv").read_text(encoding="utf-8").splitlines())
        }
        assert rows["W-9"][note].startswith(says)
        assert rows["W-9"][file] == "messages/W-9.txt"
        assert (out / rows["W-9"][file]).is_file()
        assert "agenda cetak" not in rows["W-9"][note].replace("agenda cetaknya", "")
        phone = "phone" if lang == "en" else "telepon"
        reached = [r for r in rows.values() if r[phone] or r["email"]]
        assert reached  # those with a number or an address keep the pack's note
        assert not any(says.split(":")[0] in r[note] for r in reached)


def test_a_missed_meeting_and_the_log_of_two_days_put_the_date_before_pukul(tmp_path: Path) -> None:
    """The code review's: a missed meeting booked again read "terlewat pukul 2020-12-02 09.00",
    and `event log ID` "pertemuan baru dengan ... pukul 2020-12-02 10.15" (the date read as a
    time of day), or "dijadwalkan lagi 2020-12-02 10.15" with no "pukul" at all."""
    from matchmaker.cli import main

    mission = mm.synthetic_mission(6, 9, seed=3, date=dt.date(2020, 12, 2))
    days = ["2020-12-02", "2020-12-03"]
    plan = mm.EventPlan(start="09:00", slots_per_day=4, meeting=20, buffer=5, hosts="A", days=days)
    db = tmp_path / "two.sqlite"
    event = open_event(db, mm.run(mission, plan, baseline=False), lead=0)
    first = next(m for m in event.meetings() if m.b == "SS-002" and m.start.hour == 9 and m.start.minute == 0)
    event.late(first.b, "2020-12-02T09:20")  # misses its 09:00 meeting: booked again later
    replan = event.replan("2020-12-02T09:20")
    missed = [c for c in replan.moved if c.old_slot is not None and c.old_slot < replan.first_open]
    assert missed, "the instance must have a missed meeting booked again"
    out = write_updates(event, replan, tmp_path / "u", lang="id")
    said = "\n".join(p.read_text(encoding="utf-8") for p in (out / "messages").iterdir())
    assert "terlewat 2020-12-02 pukul 09.00" in said
    event.close()
    log = tmp_path / "log.txt"
    with log.open("w", encoding="utf-8") as f, contextlib.redirect_stdout(f):
        assert main(["--lang", "id", "event", "log", first.b, "--db", str(db)]) == 0
    text = log.read_text(encoding="utf-8")
    assert re.search(
        r"\(terlewat 2020-12-02 pukul 09\.00\) dijadwalkan lagi 2020-12-0\d pukul \d\d\.\d\d", text
    )
    for place in (said, text):
        assert not re.search(r"pukul \d{4}-", place)
