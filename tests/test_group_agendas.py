"""The group path's agendas: agendas.html, messages/<id>.txt and contacts.csv of a mission of
three delegations and foreign buyers, with a group meeting and online meetings."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import matchmaker as mm
from matchmaker.datasets import synthetic_group_mission
from matchmaker.export import groups as group_export
from matchmaker.export.agendas import CONTACT_COLUMNS, CONTACT_HEADERS_ID, normalise_phone
from matchmaker.groups import GroupResult
from matchmaker.model.groups import GroupMission
from matchmaker.model.participant import Participant
from matchmaker.reporting.console import shortfall_reason

LINK = "https://meet.example/jt5?room=1&x=<b>"  # online from Makassar (WITA); & and < to escape


def _mission() -> GroupMission:
    m = synthetic_group_mission(
        {"Jawa Timur": 12, "Sumatera Selatan": 14, "Kalimantan Barat": 10}, foreign_buyers=4, seed=7
    )
    people = list(m.participants)

    def add(pid: str, **extra: str) -> None:
        k = next(i for i, p in enumerate(people) if p.id == pid)
        people[k] = people[k].replace(extra={**dict(people[k].extra), **extra})

    add("JT-001", group_meeting="SS-001; SS-002; KB-003", group_meeting_slots="3")
    add("JT-005", mode="daring", meeting_link=LINK, zona_waktu="Asia/Makassar")
    add("MY-004", mode="online", meeting_link="https://meet.example/my4")
    # hybrid partners, each with a link of its own: an online meeting has two links to choose from
    for p in list(people):
        if p.id.startswith("SS-0") and int(p.id[3:]) > 3:
            add(p.id, mode="hybrid", meeting_link=f"https://meet.example/{p.id.lower()}")
    return GroupMission.from_participants(
        people, name=m.name, date=m.date, venue=m.venue, timezone=m.timezone
    )


@pytest.fixture(scope="module")
def result() -> GroupResult:
    result = mm.run(_mission(), max_meetings=5)
    assert isinstance(result, GroupResult)
    return result


@pytest.fixture(scope="module")
def packs(result: GroupResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The whole pack in Indonesian, and in English (whose agendas.csv has the plain codes)."""
    root = tmp_path_factory.mktemp("group-agendas")
    for lang in ("id", "en"):
        mm.export_all(result, root / lang, lang=lang)
    return {"id": root / "id", "en": root / "en"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _agenda_rows(packs: dict[str, Path]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for row in _rows(packs["en"] / "agendas.csv"):
        out.setdefault(row["id"], []).append(row)
    return out


def _blocks(text: str) -> list[list[str]]:
    """A message's meetings: the lines of each numbered block ``1) …`` up to the next."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if re.match(r"\d+\) ", line):
            blocks.append([line])
        elif blocks and line.startswith("   "):
            blocks[-1].append(line)
    return blocks


def test_the_group_pack_has_printable_agendas_messages_and_contacts(
    result: GroupResult, packs: dict[str, Path]
) -> None:
    out = packs["id"]
    for name in ("agendas.html", "contacts.csv", "messages"):
        assert (out / name).exists()
    files = json.loads((out / "pack-manifest.json").read_text(encoding="utf-8"))["files"]
    with_meetings = set(_agenda_rows(packs))
    assert {"agendas.html", "contacts.csv"} <= set(files)
    everyone = set(result.mission.ids)
    assert {f for f in files if f.startswith("messages/")} == {f"messages/{pid}.txt" for pid in everyone}
    assert {p.stem for p in (out / "messages").iterdir()} == everyone
    assert len(with_meetings) < len(result.mission)  # someone has no meeting: its message says so
    for pid in everyone - with_meetings:
        text = (out / "messages" / f"{pid}.txt").read_text(encoding="utf-8")
        assert text.endswith(
            "Mohon maaf, kami tidak dapat mengatur pertemuan untuk Anda dalam acara ini. "
            "Silakan hubungi panitia bila ada pertanyaan.\n"
        )
    assert sum(1 for row in _rows(packs["en"] / "meetings.csv") if row["kind"] == "group") == 1


def test_every_message_holds_the_rows_of_agendas_csv_in_the_participants_own_time(
    result: GroupResult, packs: dict[str, Path]
) -> None:
    m = result.mission
    seen = {"group": 0, "online": 0, "WITA": 0}
    for pid, rows in _agenda_rows(packs).items():
        text = (packs["id"] / "messages" / f"{pid}.txt").read_text(encoding="utf-8")
        assert text.splitlines()[1] == f"Agenda {m[pid].name} ({pid})"  # Indonesian
        assert f"Total {len(rows)} pertemuan." in text
        assert "Senin, 29 September 2025" in text
        blocks = _blocks(text)
        assert len(blocks) == len(rows)
        for k, (block, row) in enumerate(zip(blocks, rows, strict=True), start=1):
            start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
            assert start.utcoffset() == ZoneInfo(row["timezone"]).utcoffset(start)  # the row's own zone
            where = f"Daring: {row['link']}" if row["table"] == "online" else f"Meja {row['table']}"
            assert block[0].startswith(f"{k}) {start:%H.%M}–{end:%H.%M} ")  # Indonesian: 09.00
            assert block[0].endswith(f", {where}")
            if row["kind"] == "group":
                seen["group"] += 1
                assert block[1] == "   Pertemuan kelompok dengan:"
                members = [x for x in block if x.startswith("   - ")]
                assert [re.search(r"\(([^)]+)\)", x)[1] for x in members] == row["partner"].split("; ")
                assert not any("Alasan pertemuan" in x for x in block)
            else:
                partner = m[row["partner"]]
                assert block[1].startswith(f"   {partner.name} ({partner.id})")
                if partner.phone:
                    assert any(normalise_phone(partner.phone) in x for x in block)
                assert block[-1].startswith("   Alasan pertemuan: ")  # why, from the group path's scores
            seen["online"] += row["table"] == "online"
            seen["WITA"] += f"{end:%H.%M} WITA, " in block[0]
    assert seen["group"] == 4  # the host and its three members
    assert seen["online"] > 0
    assert seen["WITA"] == len(_agenda_rows(packs)["JT-005"]) > 0  # Makassar's time, not the event's
    jt5 = (packs["id"] / "messages" / "JT-005.txt").read_text(encoding="utf-8")
    assert f"WITA, Daring: {LINK}" in jt5
    assert _agenda_rows(packs)["JT-005"][0]["start"].endswith("+08:00")


def test_an_online_meeting_has_one_link_in_both_agendas(result: GroupResult, packs: dict[str, Path]) -> None:
    """The link of meetings.csv, in both participants' agendas (each could give its own)."""
    own = {p.id: dict(p.extra).get("meeting_link", "") for p in result.mission}
    agendas = {(r["id"], r["start"]): r for rows in _agenda_rows(packs).values() for r in rows}
    online = [r for r in _rows(packs["en"] / "meetings.csv") if r["table"] == "online"]
    assert online
    both_gave = 0  # meetings whose participants gave two different links
    for meeting in online:
        ids = [x.strip() for x in (meeting["id_1"], *meeting["id_2"].split(";"))]
        start = dt.datetime.fromisoformat(meeting["start"])
        links = {
            r["link"]
            for (pid, when), r in agendas.items()
            if pid in ids and dt.datetime.fromisoformat(when) == start
        }
        assert links == {meeting["link"]}
        both_gave += len({own[pid] for pid in ids} - {""}) == 2
    assert both_gave > 0


def test_contacts_have_one_row_per_participant_with_its_delegation_and_meetings(
    result: GroupResult, packs: dict[str, Path]
) -> None:
    m = result.mission
    counts = {pid: len(rows) for pid, rows in _agenda_rows(packs).items()}
    text = (packs["id"] / "contacts.csv").read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")  # for bulk-message tools, as a two-delegation pack's
    header, *cells = list(csv.reader(text.splitlines()))
    assert tuple(header) == CONTACT_HEADERS_ID
    rows = [dict(zip(CONTACT_COLUMNS, row, strict=True)) for row in cells]
    assert [r["id"] for r in rows] == list(m.ids)
    for r in rows:
        p = m[r["id"]]
        assert r["side"] == r["delegation"] == p.delegation  # no sides A and B: the delegation
        assert int(r["meetings"]) == counts.get(p.id, 0)
        # everyone is sent a message: one without a meeting is told that none could be arranged
        assert r["message_file"] == f"messages/{p.id}.txt"
        if p.phone:
            assert r["phone"] == normalise_phone(p.phone)
    assert {r["side"] for r in rows} == set(m.group_names)
    english = _rows(packs["en"] / "contacts.csv")
    assert list(english[0]) == list(CONTACT_COLUMNS)  # the two-delegation pack's columns


class _Sections(HTMLParser):
    """Each ``<section class='agenda'>`` of a page: its id, its body rows, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, object]] = []
        self.links: list[str] = []
        self._depth = 0  # inside a section, how many sections deep
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and a.get("class") == "agenda":
            self.sections.append({"id": a.get("id"), "rows": 0, "text": ""})
            self._depth += 1
        elif self._depth and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.sections[-1]["rows"] = int(self.sections[-1]["rows"]) + 1  # type: ignore[call-overload]
        elif tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "section" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.sections[-1]["text"] = str(self.sections[-1]["text"]) + data


def test_agendas_html_has_one_page_per_participant_in_indonesian(
    result: GroupResult, packs: dict[str, Path]
) -> None:
    page = (packs["id"] / "agendas.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html><html lang="id">')
    assert "<script" not in page
    parser = _Sections()
    parser.feed(page)
    parser.close()
    m = result.mission
    rows = _agenda_rows(packs)
    # delegation by delegation, in the mission's order: every participant with a meeting (those
    # without are listed once at the end, for the organisers, with the reason)
    everyone = [p.id for k in range(len(m.group_names)) for p in m.members(k)]
    order = [pid for pid in everyone if pid in rows]
    assert len(order) < len(everyone)  # some have none: the case the list is for
    assert [s["id"] for s in parser.sections] == [f"agenda-{pid}" for pid in order]
    for section, pid in zip(parser.sections, order, strict=True):
        assert section["rows"] == len(rows[pid])
        assert m[pid].delegation in str(section["text"])
    assert "Tidak ada pertemuan." not in page
    listed = page[page.index(" id='without-meeting'>") :]
    short = {s.participant: s for s in result.shortfalls}
    for pid in everyone:
        if pid not in rows:
            reason = shortfall_reason(short[pid], "id") if pid in short else "(max_meetings 0)"
            assert f"<td class=id>{pid}</td><td>{html.escape(m[pid].name)}</td>" in listed
            assert html.escape(reason) in listed
    assert listed.count("<td class=id>") == len(everyone) - len(order)
    host = next(s for s in parser.sections if s["id"] == "agenda-JT-001")
    assert "Pertemuan kelompok dengan:" in str(host["text"])
    for member in ("SS-001", "SS-002", "KB-003"):
        assert m[member].name in str(host["text"])
    jt5 = str(next(s for s in parser.sections if s["id"] == "agenda-JT-005")["text"])
    assert "WITA" in jt5
    assert "Daring" in jt5
    assert LINK in jt5  # the text, unescaped by the parser
    assert LINK in parser.links  # a link to follow
    assert "Alasan pertemuan" in page


def test_above_the_detail_limit_the_pack_keeps_messages_and_contacts_only(
    result: GroupResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(group_export, "DETAIL_LIMIT", 10)
    written = mm.export_all(result, tmp_path / "big", formats=["agendas", "html"])
    names = {p.relative_to(tmp_path / "big").as_posix() for p in written["agendas"]}
    assert "agendas.html" not in names  # as a two-delegation pack above its limit
    assert "contacts.csv" in names
    assert any(n.startswith("messages/") for n in names)
    assert not (tmp_path / "big" / "agendas.html").exists()
    assert "Group meeting with" not in (tmp_path / "big" / "report.html").read_text(encoding="utf-8")


def test_a_two_delegation_table_with_online_meetings_gets_its_messages(tmp_path: Path) -> None:
    people = [
        Participant(
            "A1",
            "CV Tani",
            "Jawa Timur",
            "Jatim",
            offers="10631",
            phone="0812 1111 2222",
            extra=(("mode", "hybrid"),),
        ),
        Participant(
            "B1", "PT Musi", "Sumatera Selatan", "Sumsel", needs="10631", extra=(("mode", "online"),)
        ),
    ]
    mission = mm.Mission.from_participants(people, date=dt.date(2025, 9, 29))
    result = mm.run(mission, mm.EventPlan(start="09:00", end="10:00"))
    assert isinstance(result, GroupResult)  # online: the group path
    mm.export_all(result, tmp_path / "out", formats=["agendas"])
    text = (tmp_path / "out" / "messages" / "B1.txt").read_text(encoding="utf-8")
    assert "1) 09:00–09:20 WIB, Online\n   CV Tani (A1)\n   Contact: +6281211112222\n" in text
    contacts = _rows(tmp_path / "out" / "contacts.csv")
    assert [(r["id"], r["side"], r["meetings"]) for r in contacts] == [
        ("A1", "Jawa Timur", "1"),
        ("B1", "Sumatera Selatan", "1"),
    ]


def test_agendas_csv_names_each_meeting_as_meetings_csv_does(
    result: GroupResult, packs: dict[str, Path], tmp_path: Path
) -> None:
    """Before, the group path's agendas.csv had no ``meeting`` column, while the two-delegation
    one has it: now each row gives its meeting's reference in meetings.csv (the outcome
    form's), a group meeting's in each of its participants' rows; GroupTimetable.write too."""
    meetings = {r["meeting"]: r for r in _rows(packs["en"] / "meetings.csv")}
    assert any(r["kind"] == "group" for r in meetings.values())  # the case: a group meeting
    agendas = _rows(packs["en"] / "agendas.csv")
    assert list(agendas[0])[-1] == "meeting"
    seen: dict[str, set[str]] = {}
    for row in agendas:
        meeting = meetings[row["meeting"]]  # every row names a meeting of meetings.csv
        everyone = {meeting["id_1"], *meeting["id_2"].split("; ")}
        assert row["id"] in everyone
        assert set(row["partner"].split("; ")) == everyone - {row["id"]}
        assert dt.datetime.fromisoformat(row["start"]) == dt.datetime.fromisoformat(meeting["start"])
        seen.setdefault(row["meeting"], set()).add(row["id"])
    assert {ref: {r["id_1"], *r["id_2"].split("; ")} for ref, r in meetings.items()} == seen
    with (packs["id"] / "agendas.csv").open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle, delimiter=";"))
    assert header[-1] == "pertemuan"
    written = result.schedule.write(tmp_path / "timetable")
    assert [p.name for p in written][:2] == ["meetings.csv", "agendas.csv"]
    assert _rows(tmp_path / "timetable" / "agendas.csv") == agendas


def test_each_group_agenda_page_says_when_and_where(result: GroupResult, packs: dict[str, Path]) -> None:
    """Each printed page names the event, its day and the venue; one who meets online only
    (JT-005, from Makassar) is given the day, not the venue."""
    m = result.mission
    page = (packs["en"] / "agendas.html").read_text(encoding="utf-8")
    heads = dict(
        re.findall(r"<section class='agenda' id='agenda-([^']+)'>.*?<tr class='owner'>(.*?)</tr>", page, re.S)
    )
    assert heads
    for pid, head in heads.items():
        online = all(r["kind"] != "group" and r["table"] == "online" for r in _agenda_rows(packs)[pid])
        assert f"<span class='meta event'>{html.escape(m.name)}</span>" in head
        when = "Date: Monday 29 September 2025"
        where = "" if online else f" · Venue: {html.escape(m.venue or '')}"
        assert f"<span class='meta when'>{when}{where}</span>" in head, (pid, head)
    assert "Venue" not in heads["JT-005"]


def test_the_group_report_lists_those_without_a_meeting_once_as_agendas_html_does(
    result: GroupResult, packs: dict[str, Path]
) -> None:
    """The group report printed an empty agenda ("—") for each participant without a
    meeting; now it lists them once, with the reason, as agendas.html ends (the same code)."""
    for lang in ("en", "id"):
        report = (packs[lang] / "report.html").read_text(encoding="utf-8")
        agendas = (packs[lang] / "agendas.html").read_text(encoding="utf-8")
        assert "<p>—</p>" not in report

        def listed(page: str) -> str:  # the table (the note above it says where it prints)
            return page.split(" id='without-meeting'>")[1].split("</section>")[0].split("<table", 1)[1]

        assert listed(report) == listed(agendas)
        without = [p.id for p in result.mission if not result.schedule.agenda(p.id)]
        assert without  # the case
        for pid in without:
            assert f"<td class=id>{pid}</td>" in listed(report)
            assert f"<h3>{pid} " not in report  # no agenda heading of its own
