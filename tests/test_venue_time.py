"""Times at the venue: a meeting at a table is shown in the event's zone to both sides, an
online meeting in the participant's own zone (:func:`matchmaker.model.groups.meeting_zone`).

A walkthrough found East Java's agendas in WIB at an event in Makassar (WITA) while the grid,
the calendars and the partner's agenda said WITA: visitors' phones switch to local time, so
they came an hour off, and the two sides of one table held different printed times.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.datasets import bundled_mission_path
from matchmaker.groups import GroupResult
from matchmaker.model.groups import GroupMission, meeting_zone
from matchmaker.model.participant import Participant
from matchmaker.reporting.numbers import format_zone

WITA = ZoneInfo("Asia/Makassar")
_LINE = re.compile(r"^\d+\) (\d\d[:.]\d\d)–(\d\d[:.]\d\d) (\S+), (.*)$")


def _sulsel(tmp: Path) -> Path:
    """The bundled example with the South Sumatra side relabelled as South Sulawesi (WITA)."""
    with open(bundled_mission_path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in ("delegation", "province"):
            if row[column] == "Sumatera Selatan":
                row[column] = "Sulawesi Selatan"
    path = tmp / "jatim_sulsel.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module", params=["en", "id"])
def makassar(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The walkthrough's run: East Java and South Sulawesi at a hotel in Makassar, in WITA."""
    lang = request.param
    tmp = tmp_path_factory.mktemp(f"makassar-{lang}")
    out = tmp / "out"
    argv = ["run", str(_sulsel(tmp)), "--date", "2025-10-01", "--venue", "Hotel Claro, Makassar"]
    argv += ["--timezone", "WITA", "--out", str(out), "--no-plots", "--lang", lang]
    assert main(argv) == 0
    return lang, out


def _message_lines(path: Path) -> list[tuple[str, ...]]:
    """``(start, end, zone, place)`` of each meeting in a message (``messages/<id>.txt``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [found.groups() for x in lines if (found := _LINE.match(x))]


def test_both_sides_of_every_table_read_the_venue_s_time(makassar: tuple[str, Path]) -> None:
    lang, out = makassar
    sep, table = (".", "Meja") if lang == "id" else (":", "Table")
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    placed = [m for m in doc["meetings"] if m["status"] == "placed"]
    assert placed
    lines = {p.stem: _message_lines(p) for p in (out / "messages").glob("*.txt")}
    for m in placed:
        start = dt.datetime.fromisoformat(m["start"]).astimezone(WITA)
        end = dt.datetime.fromisoformat(m["end"]).astimezone(WITA)
        wanted = (f"{start:%H}{sep}{start:%M}", f"{end:%H}{sep}{end:%M}", "WITA", f"{table} {m['table']}")
        assert wanted in lines[m["a_id"]], (m, lines[m["a_id"]])  # East Java's side
        assert wanted in lines[m["b_id"]], (m, lines[m["b_id"]])  # South Sulawesi's side
    # the walkthrough's line: East Java's first meeting at 09:00 WITA, as the grid says
    assert lines["JT-002"][0] == (f"09{sep}00", f"09{sep}20", "WITA", f"{table} JT-002")
    grid = (out / "grid.csv").read_text(encoding="utf-8-sig")
    assert "09:00" in grid.splitlines()[1]
    for page in ("agendas.html", "report.html", *(f"messages/{p}.txt" for p in lines)):
        assert "WIB" not in (out / page).read_text(encoding="utf-8"), page
    first = (out / "agendas.html").read_text(encoding="utf-8").split("(JT-002)", 1)[1]
    assert f"09{sep}00–09{sep}20 WITA" in first.split("</table>", 1)[0]


# ---------------------------------------------------------------------------- the group path
def _person(pid: str, delegation: str, province: str, country: str = "ID", **columns: str) -> Participant:
    trade = {k: columns.pop(k) for k in ("offers", "needs") if k in columns}
    return Participant(
        pid, f"Co {pid}", delegation, province, country=country, extra=tuple(columns.items()), **trade
    )


@pytest.fixture(scope="module")
def surabaya() -> GroupResult:
    """An event in Surabaya (WIB): a Singapore buyer on site, a Singapore seller online,
    a Makassar buyer online only and one hybrid (at a table in Surabaya, online with Singapore)."""
    people = [
        _person("J1", "Jawa Timur", "Jawa Timur", offers="10631"),
        _person("J2", "Jawa Timur", "Jawa Timur", offers="10631"),
        _person("SG1", "Singapura", "", "SG", needs="10631"),
        _person("SG2", "Singapura", "", "SG", offers="10631", mode="online", meeting_link="https://m.example/sg2"),
        _person("MK1", "Sulawesi Selatan", "Sulawesi Selatan", needs="10631", mode="online",
                meeting_link="https://m.example/mk1"),
        _person("MK2", "Sulawesi Selatan", "Sulawesi Selatan", needs="10631", mode="hybrid",
                meeting_link="https://m.example/mk2"),
    ]  # fmt: skip
    mission = GroupMission.from_participants(
        people, name="Misi", date=dt.date(2025, 10, 1), venue="Surabaya", timezone="WIB"
    )
    result = mm.run(mission, mm.EventPlan(start="09:00", end="12:00"))
    assert isinstance(result, GroupResult)
    return result


def test_an_on_site_foreign_buyer_reads_the_venue_s_time_as_its_partner(
    surabaya: GroupResult, tmp_path: Path
) -> None:
    """SG1 (Singapore, on site in Surabaya) read "10:00–10:20 +08, Meja 1" while J1 at the same
    table read "09:00 WIB"."""
    agendas = surabaya.schedule.agendas()
    sg1 = agendas["SG1"]
    assert sg1
    assert all(item.table != "online" for item in sg1)
    for item in sg1:
        assert str(item.start.tzinfo) == "Asia/Jakarta"
        mine = next(x for x in agendas[item.partner] if x.partner == "SG1")
        assert (mine.start, str(mine.start.tzinfo)) == (item.start, "Asia/Jakarta")
        assert "+08" not in str(item)
        assert " WIB " in str(item)
    for lang, table in (("id", "Meja"), ("en", "Table")):
        mm.export_all(surabaya, tmp_path / lang, formats=["agendas", "csv", "html"], lang=lang)
        lines = {pid: _message_lines(tmp_path / lang / "messages" / f"{pid}.txt") for pid in agendas}
        assert [x[2] for x in lines["SG1"]] == ["WIB"] * len(sg1)
        for item, line in zip(sg1, lines["SG1"], strict=True):
            assert line[3] == f"{table} {item.table}"
            assert line[0].replace(".", ":") == f"{item.start:%H:%M}"
            partner = lines[item.partner]
            assert line[:3] in [x[:3] for x in partner if x[3] == line[3]]  # the same time at that table
        for name in ("agendas.html", "report.html", *(f"messages/{pid}.txt" for pid in agendas)):
            assert "+08" not in (tmp_path / lang / name).read_text(encoding="utf-8"), name
    with open(tmp_path / "en" / "agendas.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["timezone"] for r in rows if r["id"] == "SG1"} == {"Asia/Jakarta"}


def test_online_meetings_stay_in_the_participant_s_own_zone_and_mixed_agendas_say_which(
    surabaya: GroupResult, tmp_path: Path
) -> None:
    """MK1 (Makassar, online only) still reads WITA; SG2 (Singapore, online) reads UTC+8, not
    "+08"; MK2 (hybrid) reads its table in WIB and its online meeting in WITA, each named."""
    agendas = surabaya.schedule.agendas()
    assert agendas["MK1"]
    assert {str(x.start.tzinfo) for x in agendas["MK1"]} == {"Asia/Makassar"}
    assert agendas["SG2"]
    assert {str(x.start.tzinfo) for x in agendas["SG2"]} == {"Asia/Singapore"}
    zones = {(x.table == "online", str(x.start.tzinfo)) for x in agendas["MK2"]}
    assert zones == {(False, "Asia/Jakarta"), (True, "Asia/Makassar")}
    mm.export_all(surabaya, tmp_path, formats=["agendas"], lang="id")

    def read(pid: str) -> list[tuple[str, ...]]:
        return _message_lines(tmp_path / "messages" / f"{pid}.txt")

    assert read("MK1")
    assert all(z == "WITA" and where.startswith("Daring") for _, _, z, where in read("MK1"))
    assert read("SG2")
    assert all(z == "UTC+8" for _, _, z, _ in read("SG2"))
    assert {(z, where.split(":")[0].split(" ")[0]) for _, _, z, where in read("MK2")} == {
        ("WIB", "Meja"),
        ("WITA", "Daring"),
    }
    own = agendas["MK1"][0].start.astimezone(WITA)
    assert read("MK1")[0][0] == f"{own:%H.%M}"  # its own clock, an hour ahead of the venue's


def test_one_rule_and_readable_labels() -> None:
    bali = Participant("B1", "CV Dewata", "Bali", "Bali")
    java = Participant("J1", "CV Tani", "Jawa Timur", "Jawa Timur")
    two = mm.Mission(
        "m", mm.Delegation("Bali", "Bali"), mm.Delegation("Jawa Timur", "Jawa Timur"), [bali, java]
    )
    assert meeting_zone(two, "B1", online=False, event="Asia/Jakarta") == "Asia/Jakarta"
    assert meeting_zone(two, "B1", online=True, event="Asia/Jakarta") == "Asia/Makassar"
    assert meeting_zone(two, "J1", online=True, event="Asia/Makassar") == "Asia/Jakarta"
    t = dt.datetime(2025, 10, 1, 9, tzinfo=ZoneInfo("Asia/Jakarta"))
    labels = [
        format_zone(t.astimezone(ZoneInfo(z))) for z in ("Asia/Pontianak", "Asia/Jayapura", "Asia/Tokyo")
    ]
    assert labels == ["WIB", "WIT", "UTC+9"]
    assert format_zone(t.astimezone(ZoneInfo("America/St_Johns"))) == "UTC-2:30"
