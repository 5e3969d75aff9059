"""Every exporter is safe for any Unicode text: written, then parsed back, names intact.

Arbitrary names, cities and contacts (line breaks, tabs, control characters, right-to-left
text, quotes, formula triggers, 10,000 characters) go through a real run and
``export_all``; each file is then read back with an independent parser (``csv``,
``json``, openpyxl, icalendar, ``html.parser``) and the text compared with what the
format can hold (see :func:`matchmaker.io.cells.xlsx_text` and ``ics_text``).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html.parser
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matchmaker as mm
from matchmaker.export import export_all
from matchmaker.io.cells import ics_text as for_ics
from matchmaker.io.cells import restore
from matchmaker.io.cells import xlsx_text as for_xlsx
from matchmaker.model import Delegation, Mission, Participant

openpyxl = pytest.importorskip("openpyxl")
icalendar = pytest.importorskip("icalendar")

HOSTILE = [
    "PT Maju\nJaya",
    "PT\r\nWord paste",
    "CV bare\rCR",
    "tab\there",
    "ctrl\x00\x01\x07\x1b\x7f end",
    "שלום عربي mixed RTL \u202e override",
    '=HYPERLINK("http://evil","x")',
    "+62 812",
    "<script>alert(1)</script> & \"quotes\" 'single'",
    "line\u2028sep\u2029para\x85nel",
    "surrogate-free 🐟 emoji \ufeff bom",
    "x" * 10_000,
]

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be encoded at all
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
texts = st.one_of(st.sampled_from(HOSTILE), _text)


def _mission(names: list[str], cities: list[str | None], contacts: list[str | None]) -> Mission:
    people = []
    for k, (name, city, contact) in enumerate(zip(names, cities, contacts, strict=True)):
        side_a = k % 2 == 0
        people.append(
            Participant(
                f"{'A' if side_a else 'B'}{k}",
                name,
                "Jawa Timur" if side_a else "Sumatera Selatan",
                "Jawa Timur" if side_a else "Sumatera Selatan",
                city=city,
                contact=contact,
                offers="10631=1000000" if side_a else (),
                needs=() if side_a else "10631",
            )
        )
    return Mission(
        "Misi\nDagang «test»",
        Delegation("Jawa Timur", "Jawa Timur"),
        Delegation("Sumatera Selatan", "Sumatera Selatan"),
        people,
        date=dt.date(2025, 9, 29),
        venue="Hotel\r\nWyndham",
    )


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = self.in_script or tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if not self.in_script:
            self.chunks.append(data)


def _unescape_text(raw: str) -> str:
    """RFC 5545 TEXT: ``\\n`` or ``\\N`` is a line break, ``\\,`` ``\\;`` ``\\\\`` the character."""
    return re.sub(r"\\([nN,;\\])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def _check_pack(out: Path, mission: Mission) -> None:
    people = {p.id: p for p in mission.participants}
    # CSV: exact, cell by cell (formula triggers carry an apostrophe that restore() removes)
    with (out / "agendas.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "every participant has a meeting"
    for row in rows:
        p, partner = people[restore(row["participant"])], people[restore(row["partner"])]
        assert restore(row["participant_name"]) == p.name
        assert restore(row["partner_name"]) == partner.name
        assert restore(row["partner_city"]) == (partner.city or "")
        assert restore(row["partner_contact"]) == (partner.contact or "")
    # JSON: exact
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["mission"]["name"] == mission.name
    assert doc["mission"]["venue"] == mission.venue
    for row in doc["meetings"]:
        assert (row["a_name"], row["b_name"]) == (people[row["a_id"]].name, people[row["b_id"]].name)
    for row in doc["agendas"]:
        assert row["partner_name"] == people[row["partner"]].name
    # XLSX: what a cell can hold (line ends as \n, control characters replaced)
    book = openpyxl.load_workbook(out / "matchmaker.xlsx")
    sheet = book["meetings"]
    header = [c.value for c in sheet[1]]
    for values in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, values, strict=True))
        assert restore(row["a_name"]) == for_xlsx(people[row["a_id"]].name)
        assert restore(row["b_name"]) == for_xlsx(people[row["b_id"]].name)
    # ICS: one calendar per participant with a meeting, titles and partners' names intact
    calendars = sorted((out / "ics").glob("*.ics"))
    assert len(calendars) == len({r["participant"] for r in rows})
    for path in calendars:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        # an X- property is not unescaped by icalendar's parser: read it as TEXT, as calendar programs do
        title = _unescape_text(cal["x-wr-calname"].to_ical().decode())
        events = list(cal.walk("VEVENT"))
        summaries = sorted(str(e.get("summary")) for e in events)
        owners = [p for p in people.values() if title == for_ics(f"{mission.name}: {p.name}")]
        expected = [
            sorted(
                f"Meeting with {for_ics(people[restore(r['partner'])].name)}"
                for r in rows
                if restore(r["participant"]) == p.id
            )
            for p in owners
        ]
        assert summaries in expected
        for event in events:
            assert str(event.get("location")).startswith(for_ics(mission.venue or ""))
    # HTML: every name is text of the page (escaped), none became markup
    page = (out / "report.html").read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(page)
    text = "".join(parser.chunks)
    flat = " ".join(text.split())
    for p in people.values():
        assert " ".join(p.name.split()) in flat
    assert "<script>alert(1)</script>" not in page


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(texts, min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), texts), min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), texts), min_size=4, max_size=4),
)
def test_any_text_survives_every_exporter(
    tmp_path_factory: pytest.TempPathFactory,
    names: list[str],
    cities: list[str | None],
    contacts: list[str | None],
) -> None:
    mission = _mission(names, cities, contacts)
    result = mm.run(mission, baseline=False)
    out = tmp_path_factory.mktemp("pack")
    export_all(result, out, plots=False)
    _check_pack(out, mission)


def test_the_hostile_names_together(tmp_path: Path) -> None:
    names = HOSTILE[:4]
    mission = _mission(names, HOSTILE[4:8], HOSTILE[8:12])
    result = mm.run(mission, baseline=False)
    export_all(result, tmp_path / "pack", plots=False)
    _check_pack(tmp_path / "pack", mission)


def test_long_and_strange_ids_give_short_unique_file_names(tmp_path: Path) -> None:
    base = _mission(["PT A", "PT B", "PT C", "PT D"], [None] * 4, [None] * 4)
    renamed = {"A0": "A/../" + "é" * 3000, "B1": "B\u202e1", "A2": "A 2 / x", "B3": "CON"}
    people = [dataclasses.replace(p, id=renamed[p.id]) for p in base.participants]
    mission = base.replace(participants=tuple(people))
    result = mm.run(mission, baseline=False)
    export_all(result, tmp_path / "pack", plots=False)
    files = sorted((tmp_path / "pack" / "ics").iterdir())
    assert len(files) == 4
    assert all(len(f.name.encode()) <= 120 and f.parent == tmp_path / "pack" / "ics" for f in files)


def test_a_bare_carriage_return_in_a_quoted_cell_stays_in_its_row(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(
        b'id,name,delegation,province\r\nA1,"PT\rBare",X,Jatim\r\nA2,"PT\r\nWord",X,Jatim\r\nB1,"PT\nB",Y,Sumsel\r\n'
    )
    people = mm.read_participants(path)
    assert [p.name for p in people] == ["PT\rBare", "PT\r\nWord", "PT\nB"]
    assert [p.id for p in people] == ["A1", "A2", "B1"]


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx"])
def test_participant_tables_round_trip_hostile_text(tmp_path: Path, suffix: str) -> None:
    mission = _mission(HOSTILE[:4], HOSTILE[4:8], HOSTILE[8:12])
    path = tmp_path / f"people.{suffix}"
    mm.write_participants(mission.participants, path)
    back = mm.read_participants(path)
    same = (lambda s: s) if suffix != "xlsx" else for_xlsx
    for before, after in zip(mission.participants, back, strict=True):
        for field in ("name", "city", "contact"):
            value = getattr(before, field)
            assert getattr(after, field) == (None if value is None else same(value))
