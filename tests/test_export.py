"""Exports: every file reads back to what was written; hostile text stays inert."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from matchmaker import Participant
from matchmaker.export import AGENDA_COLUMNS, MEETING_COLUMNS, export_all, records, write_csv_pack
from matchmaker.io.sheets import write_csv_sheet
from matchmaker.model import Delegation, Mission
from matchmaker.model.availability import TimeWindow
from matchmaker.pipeline import run
from matchmaker.reporting.labels import cell_key, column_key
from matchmaker.reporting.outcomes import read_outcomes, summarise_outcomes


@pytest.fixture(scope="module")
def result(bundled):
    return run(bundled)


@pytest.fixture(scope="module")
def pack(result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack")
    export_all(result, out, lang="id", note="synthetic")
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    """Parse a pack's CSV file back as Excel would (BOM, ';' in id), keyed by the column keys."""
    raw = path.read_bytes()
    delimiter = ";" if raw.startswith(b"\xef\xbb\xbf") else ","
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {column_key(k): cell_key(column_key(k), v) for k, v in row.items()}
            for row in csv.DictReader(handle, delimiter=delimiter)
        ]


def as_text(rows, lang: str = "en") -> list[dict[str, str]]:
    """The cells as the CSV files hold them: in id, decimals with a comma (0,2597) for Excel."""
    point = "," if lang == "id" else "."
    return [
        {k: repr(v).replace(".", point) if isinstance(v, float) else str(v) for k, v in r.items()}
        for r in rows
    ]


def test_pack_contents(pack: Path, result) -> None:
    names = {p.name for p in pack.iterdir()}
    assert names == {
        "meetings.csv",
        "agendas.csv",
        "grid.csv",
        "outcome_form.csv",
        "result.json",
        "matchmaker.xlsx",
        "report.html",
        "pack-manifest.json",
        "ics",
        "agendas.html",
        "contacts.csv",
        "messages",
    }
    with_meetings = {pid for m in result.schedule.meetings for pid in (m.a, m.b)}
    assert {p.stem for p in (pack / "ics").iterdir()} == with_meetings
    # a calendar for each with a meeting; a message for everyone (none of the bundled takes none)
    assert {p.stem for p in (pack / "messages").iterdir()} == {p.id for p in result.mission}
    assert with_meetings < {p.id for p in result.mission}


def test_csv_for_excel_in_each_locale(pack: Path, result, tmp_path: Path) -> None:
    """id: a BOM, ';' and Indonesian headers; en: ',' and the column keys, no BOM."""
    raw = (pack / "meetings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfpertemuan;sesi;tanggal;mulai;selesai;meja;id_a;nama_a;id_b;")
    form = (pack / "outcome_form.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert form.split(";")[-7:] == [
        "penjual",
        "nilai_rp",
        "komoditas",
        "volume",
        "satuan",
        "kategori",
        "catatan",
    ]
    rec = records(result.schedule, result.scores, mission=result.mission)
    english = write_csv_pack(rec, tmp_path, lang="en")
    head = english[0].read_bytes()[:40]
    assert head.startswith(b"meeting,slot,date,start,end,table,a_id")
    assert read_csv(english[0]) == as_text(rec.meetings)


def test_csv_round_trip(pack: Path, result) -> None:
    rec = records(result.schedule, result.scores, mission=result.mission)
    meetings = read_csv(pack / "meetings.csv")
    assert list(meetings[0]) == list(MEETING_COLUMNS)
    assert meetings == as_text(rec.meetings, "id")
    assert read_csv(pack / "agendas.csv") == as_text(rec.agendas, "id")
    assert list(read_csv(pack / "agendas.csv")[0]) == list(AGENDA_COLUMNS)
    assert read_csv(pack / "grid.csv") == as_text(rec.grid, "id")
    # every placed meeting appears once, at its time, with its score
    placed = {(m.a, m.b, m.start.isoformat()) for m in result.schedule.meetings}
    assert {(r["a_id"], r["b_id"], r["start"]) for r in meetings if r["status"] == "placed"} == placed
    for r in meetings[:20]:
        i, j = result.scores.index(r["a_id"], r["b_id"])
        assert float(r["score"].replace(",", ".")) == pytest.approx(result.scores.total[i, j], abs=1e-4)


def test_json_round_trip(pack: Path, result) -> None:
    doc = json.loads((pack / "result.json").read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"]) == ("matchmaker.result", 1)
    rec = records(result.schedule, result.scores, mission=result.mission)
    assert doc["meetings"] == json.loads(json.dumps(list(rec.meetings)))
    starts = sorted(dt.datetime.fromisoformat(r["start"]) for r in doc["meetings"] if r["start"])
    assert starts == sorted(m.start for m in result.schedule.meetings)
    assert len(doc["plan"]["slots"]) == len(result.schedule.plan.slots)
    assert doc["matching"]["objective"] == pytest.approx(result.matching.objective)
    assert doc["evaluation"]["meetings"] == result.evaluation.meetings


def test_xlsx_round_trip_and_outcome_form(pack: Path, result, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(pack / "matchmaker.xlsx")
    assert book.sheetnames[:4] == ["ikhtisar", "jadwal", "pertemuan", "hasil"]
    assert len(book.sheetnames) == 4 + len({r["participant"] for r in records(result.schedule).agendas})
    rec = records(result.schedule, result.scores, mission=result.mission)
    grid = book["jadwal"]
    header = [column_key(str(c.value)) for c in grid[1]]
    assert header == list(rec.grid_columns)
    first = {h: ("" if c.value is None else str(c.value)) for h, c in zip(header, grid[2], strict=True)}
    assert first == {k: str(v) for k, v in rec.grid[0].items()}
    # fill two deals into the outcome sheet and read them back with the outcome reader
    sheet = book["hasil"]
    cols = [column_key(str(c.value)) for c in sheet[1]]
    sheet.cell(row=2, column=cols.index("seller") + 1, value="A")
    sheet.cell(row=2, column=cols.index("value_idr") + 1, value=150_000_000)
    sheet.cell(row=2, column=cols.index("category") + 1, value="MoU")
    sheet.cell(row=3, column=cols.index("seller") + 1, value="B")
    sheet.cell(row=3, column=cols.index("value_idr") + 1, value="25.000.000")
    book.save(tmp_path / "filled.xlsx")
    deals = read_outcomes(tmp_path / "filled.xlsx", result.mission)
    summary = summarise_outcomes(deals, result.mission)
    assert summary.total_idr == 175_000_000
    assert summary.sold["Jawa Timur"] == 150_000_000
    assert summary.mous == 1


def test_csv_outcome_form_reads_back(pack: Path, result) -> None:
    rows = read_csv(pack / "outcome_form.csv")
    rows[0].update(seller="A", value_idr="1 juta")
    write_csv_sheet(pack / "filled.csv", list(rows[0]), rows)
    (deal,) = read_outcomes(pack / "filled.csv", result.mission)
    assert (deal.seller, deal.value_idr, deal.meeting) == (rows[0]["a_id"], 1e6, rows[0]["meeting"])


def test_ics_round_trip(pack: Path, result) -> None:
    icalendar = pytest.importorskip("icalendar")
    uids: set[str] = set()
    for pid in ("JT-001", result.mission.ids("B")[0]):
        cal = icalendar.Calendar.from_ical((pack / "ics" / f"{pid}.ics").read_bytes())
        events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
        agenda = result.schedule.agenda(pid)
        assert len(events) == len(agenda)
        for event, meeting in zip(events, agenda, strict=True):
            assert event.decoded("dtstart") == meeting.start  # the same instant
            assert event.decoded("dtend") == meeting.end
            assert event["dtstart"].params["TZID"] == "Asia/Jakarta"
        uids |= {str(e["uid"]) for e in events}
        assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    shared = {m for m in result.schedule.agenda("JT-001") if m.b == result.mission.ids("B")[0]}
    assert len(uids) == sum(
        len(result.schedule.agenda(p)) for p in ("JT-001", result.mission.ids("B")[0])
    ) - len(shared)


def test_ics_is_deterministic_and_wita_instants(tmp_path: Path) -> None:
    pytest.importorskip("icalendar")
    import icalendar

    from matchmaker.datasets import synthetic_mission
    from matchmaker.scheduling import EventPlan

    mission = synthetic_mission(4, 6, seed=3, province_a="Jawa Timur", province_b="Bali")
    assert mission.timezone == "Asia/Makassar"
    plan = EventPlan(start="09:00", end="12:00", days="2025-03-04", hosts="A")
    result = run(mission, plan)
    first = export_all(result, tmp_path / "one", formats=["ics"])["ics"]
    second = export_all(result, tmp_path / "two", formats=["ics"])["ics"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    cal = icalendar.Calendar.from_ical(first[0].read_bytes())
    start = min(e.decoded("dtstart") for e in cal.walk("VEVENT"))
    assert start.astimezone(dt.timezone.utc).hour in range(1, 4)  # 09:00-12:00 WITA is 01:00-04:00 UTC


def test_hostile_names_are_inert(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example","click")'
    people = [
        Participant("A1", "<script>window.__pwned=1</script>", "X", "Jatim", offers="10631", contact=evil),
        Participant("B1", evil, "Y", "Sumsel", needs="10631", city="<img src=x onerror=alert(1)>"),
    ]
    mission = Mission(
        "<b>Mission</b>",
        Delegation("X", "Jatim"),
        Delegation("Y", "Sumsel"),
        people,
        date=dt.date(2025, 1, 2),
    )
    result = run(mission)
    export_all(result, tmp_path, plots=False)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<b>Mission</b>" not in page
    meetings = (tmp_path / "meetings.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in meetings
    assert ",=HYPERLINK" not in meetings
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(tmp_path / "matchmaker.xlsx")["meetings"]
    cells = [
        c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells
    assert all(c.data_type == "s" and c.value.startswith("'=") for c in cells)


def test_unknown_format_and_language(result, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_all(result, tmp_path, formats=["pdf"])
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        export_all(result, tmp_path, lang="fr")


def test_labels_follow_language(result, tmp_path: Path) -> None:
    export_all(result, tmp_path / "en", formats=["html"], plots=False, lang="en")
    export_all(result, tmp_path / "id", formats=["html"], plots=False, lang="id")
    en = (tmp_path / "en" / "report.html").read_text(encoding="utf-8")
    idn = (tmp_path / "id" / "report.html").read_text(encoding="utf-8")
    assert 'lang="en"' in en
    assert "Slots and tables" in en
    assert 'lang="id"' in idn
    assert "Sesi dan meja" in idn


def test_stale_calendars_of_the_earlier_pack_are_removed_and_nothing_else(
    bundled, result, tmp_path: Path
) -> None:
    pytest.importorskip("icalendar")
    out = tmp_path / "pack"
    export_all(result, out, formats=["ics"])
    assert (out / "ics" / "SS-054.ics").exists()
    (out / "ics" / "notes.txt").write_text("kept", encoding="utf-8")  # the user's own file
    late = dataclasses.replace(
        bundled["SS-054"], availability=(TimeWindow.parse("18:00-20:00"),), min_meetings=None
    )
    later = run(bundled.replace(participants=tuple(late if p.id == "SS-054" else p for p in bundled)))
    written = export_all(later, out, formats=["ics"])["ics"]
    assert sorted((out / "ics").glob("*.ics")) == sorted(written)
    assert not (out / "ics" / "SS-054.ics").exists()
    assert (out / "ics" / "notes.txt").read_text(encoding="utf-8") == "kept"


def test_report_is_reproducible(result, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    export_all(result, tmp_path / "one", formats=["html"])
    export_all(result, tmp_path / "two", formats=["html"])
    assert (tmp_path / "one" / "report.html").read_bytes() == (tmp_path / "two" / "report.html").read_bytes()


def test_indonesian_report_has_no_english_summary(result, tmp_path: Path) -> None:
    export_all(result, tmp_path, formats=["html"], plots=False, lang="id")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "pertemuan, skor total" in page
    assert "with a meeting" not in page
    assert "greedy baseline" not in page


def test_a_new_export_format_is_one_file_the_architecture_example(tmp_path: Path, bundled) -> None:
    """docs/architecture.md's example, dropped into export/formats/, is registered and written."""
    import sys

    from matchmaker.export import formats, registry
    from matchmaker.pipeline import run

    text = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    code = text.split("# src/matchmaker/export/formats/counts.py\n")[1].split("```")[0]
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "counts.py").write_text(code, encoding="utf-8")
    formats.__path__.append(str(folder))
    try:
        registry._register_modules()
        assert registry.export_formats()[-1] == "counts"
        result = run(bundled)
        written = export_all(result, tmp_path / "out", formats=["csv", "counts"], plots=False)
        assert set(written) == {"csv", "counts"}
        rows = (tmp_path / "out" / "counts.txt").read_text(encoding="utf-8").splitlines()
        held = {pid: int(n) for pid, n in (row.split("\t") for row in rows)}
        assert sum(held.values()) == 2 * int((np.asarray(result.schedule.slot) >= 0).sum())
        manifest = json.loads((tmp_path / "out" / "pack-manifest.json").read_text(encoding="utf-8"))
        assert "counts.txt" in manifest["files"]
        with pytest.raises(ValueError, match="already registered"):
            registry.register_format(registry.ExportFormat(name="counts", write=lambda c, f: []))
    finally:
        formats.__path__.remove(str(folder))
        registry._FORMATS.pop("counts", None)
        sys.modules.pop("matchmaker.export.formats.counts", None)
    with pytest.raises(ValueError, match="unknown export format"):
        export_all(result, tmp_path / "again", formats=["counts"])
