"""What participants receive: agendas.html pages only for those with a meeting (the others
listed once, with the reason, for the organisers), a kind message to those without one, no
score in what is handed out, and KBLI codes named honestly in English."""

from __future__ import annotations

import csv
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from matchmaker.export import export_all
from matchmaker.model import Delegation, Mission, Participant, TradeLine
from matchmaker.pipeline import MatchmakingResult, run
from matchmaker.reference.classification import kbli, kbli_english_title
from matchmaker.reporting.commodities import commodity_name
from matchmaker.reporting.console import shortfall_reason
from matchmaker.scheduling import EventPlan

#: The bundled mission's four without a meeting, in the mission's order (side A first).
WITHOUT = ["JT-008", "SS-009", "SS-016", "SS-024"]


class _Page(HTMLParser):
    """agendas.html read back: each agenda section's id and its rows' cells, the header
    cells, and the rows of the organisers' list of those without a meeting."""

    def __init__(self) -> None:
        super().__init__()
        self.agendas: list[str] = []
        self.heads: list[str] = []
        self.rows: list[list[str]] = []  # agenda rows, cells as text
        self.without: list[list[str]] = []
        self.without_text = ""
        self._where = ""  # "agenda", "without" or ""
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._head: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section":
            self._where = str(a.get("class")).split()[0]  # "without screen" in agendas.html
            if self._where == "agenda":
                self.agendas.append(str(a.get("id")))
            else:
                assert a.get("id") == "without-meeting"
        elif tag == "tr" and self._where:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            row, self._row = self._row, None
            if self._where == "without":
                self.without.append(row)
            elif row and row[0] in ("Time", "Waktu"):
                self.heads = row
            elif len(row) > 1:  # not the owner's row (one cell) at the head of the table
                self.rows.append(row)
        elif tag == "section":
            self._where = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._where == "without":
            self.without_text += data


def _page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def result(bundled: Mission) -> MatchmakingResult:
    return run(bundled)


@pytest.fixture(scope="module")
def packs(result: MatchmakingResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("handout")
    for lang in ("en", "id"):
        export_all(result, root / lang, formats=["agendas", "html"], lang=lang, plots=False)
    return {lang: root / lang for lang in ("en", "id")}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_agendas_html_has_pages_only_for_those_with_a_meeting_and_lists_the_others_with_why(
    result: MatchmakingResult, packs: dict[str, Path], lang: str
) -> None:
    m = result.mission
    met = {pid for x in result.schedule.meetings for pid in (x.a, x.b)}
    assert [p.id for p in m if p.id not in met] == WITHOUT  # the case this test is about
    page = _page(packs[lang] / "agendas.html")
    assert page.agendas == [f"agenda-{p.id}" for p in (*m.side("A"), *m.side("B")) if p.id in met]
    short = {s.participant: s for s in result.shortfalls}
    assert page.without == [
        [
            "id",
            *(["Participant", "Delegation", "Reason"] if lang == "en" else ["Peserta", "Delegasi", "Alasan"]),
        ],
        *([pid, m[pid].name, m[pid].delegation, shortfall_reason(short[pid], lang)] for pid in WITHOUT),
    ]
    heading = {"en": "Without a meeting (4)", "id": "Tanpa pertemuan (4)"}[lang]
    assert heading in page.without_text
    assert {"en": "not to hand out", "id": "tidak untuk dibagikan"}[lang] in page.without_text
    text = (packs[lang] / "agendas.html").read_text(encoding="utf-8")
    # on screen only (the print is the handout; the report prints the list); a link leads to it
    assert ".screen,.index{display:none}" in text.split("@media print{", 1)[1]
    assert text.index("<section class='without screen'") > text.rindex("<section class='agenda'")
    assert "<a href='#without-meeting'>" in text
    assert {"en": "No meetings.", "id": "Tidak ada pertemuan."}[lang] not in text


def test_agendas_html_without_anyone_short_has_no_list(tmp_path: Path) -> None:
    people = [
        Participant("A1", "CV Tani", "X", "Jatim", offers="10631"),
        Participant("B1", "PT Musi", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    export_all(run(mission, EventPlan(start="09:00", end="10:00")), tmp_path, formats=["agendas"])
    text = (tmp_path / "agendas.html").read_text(encoding="utf-8")
    assert text.count("<section class='agenda'") == 2
    assert "without-meeting" not in text
    assert "Without a meeting" not in text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_what_participants_receive_shows_no_score_and_the_report_keeps_it(
    result: MatchmakingResult, packs: dict[str, Path], lang: str
) -> None:
    page = _page(packs[lang] / "agendas.html")
    why = {"en": "Why this meeting", "id": "Alasan pertemuan"}[lang]
    assert page.heads == [
        *({"en": ["Time", "Table", "Partner", "Contact"], "id": ["Waktu", "Meja", "Mitra", "Kontak"]}[lang]),
        why,
    ]
    assert len(page.rows) == 2 * len(result.schedule.meetings)
    assert all(len(row) == 5 and row[-1] for row in page.rows)  # the reason is the last cell
    score = re.compile(r"\b0[.,]\d\d\b")
    for row in page.rows:
        assert not score.search(row[-1]), row
    for path in (packs[lang] / "messages").iterdir():
        assert not score.search(path.read_text(encoding="utf-8")), path.name
    # the organisers' files keep it: the report's agendas and meetings.csv
    report = (packs[lang] / "report.html").read_text(encoding="utf-8")
    assert f"<th>{why}</th><th>{'Score' if lang == 'en' else 'Skor'}</th>" in report


@pytest.mark.parametrize(
    ("lang", "kind"),
    [
        (
            "en",
            "Thank you for registering. We are sorry: no meeting could be arranged for you at this "
            "event. Please contact the organisers if you have any questions.",
        ),
        (
            "id",
            "Terima kasih telah mendaftar. Mohon maaf, kami tidak dapat mengatur pertemuan untuk "
            "Anda dalam acara ini. Silakan hubungi panitia bila ada pertanyaan.",
        ),
    ],
)
def test_one_without_a_meeting_is_told_so_kindly(
    result: MatchmakingResult, packs: dict[str, Path], lang: str, kind: str
) -> None:
    m = result.mission
    # addressed by name, without an agenda's heading or the venue (it read as an invitation)
    to = {"en": "To", "id": "Kepada"}[lang]
    for pid in WITHOUT:
        text = (packs[lang] / "messages" / f"{pid}.txt").read_text(encoding="utf-8")
        assert text == f"*{m.name}*\n{to} {m[pid].name} ({pid})\n\n{kind}\n"
    with (packs[lang] / "contacts.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row[0]: row for row in csv.reader(handle)}
    for pid in WITHOUT:  # a bulk-message tool sends it: the file is named, the count is 0
        assert rows[pid][-3:-1] == ["0", f"messages/{pid}.txt"]


def test_one_who_takes_no_meeting_gets_no_message_and_is_listed_as_such(tmp_path: Path) -> None:
    people = [
        Participant("A1", "CV Tani", "X", "Jatim", offers="10631"),
        Participant("A2", "CV Pengamat", "X", "Jatim", offers="10631", max_meetings=0),
        Participant("A3", "CV Bebas", "X", "Jatim", offers="10631", min_meetings=0, max_meetings=1),
        Participant("B1", "PT Musi", "Y", "Sumsel", needs="10631", max_meetings=1),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    result = run(mission, EventPlan(start="09:00", end="10:00"))
    assert [x.a for x in result.schedule.meetings] == ["A1"]  # B1 takes one: A1 (asked for one) gets it
    export_all(result, tmp_path, formats=["agendas", "html"], plots=False)
    assert sorted(p.name for p in (tmp_path / "messages").iterdir()) == ["A1.txt", "A3.txt", "B1.txt"]
    rows = {
        r["id"]: r
        for r in csv.DictReader((tmp_path / "contacts.csv").read_text(encoding="utf-8").splitlines())
    }
    assert [rows[pid]["message_file"] for pid in ("A1", "A2", "A3")] == [
        "messages/A1.txt",
        "",
        "messages/A3.txt",
    ]
    page = _page(tmp_path / "agendas.html")
    assert page.agendas == ["agenda-A1", "agenda-B1"]
    (lone,) = [u for u in result.matching.unmatched if u.id == "A3"]
    assert page.without[1:] == [
        ["A2", "CV Pengamat", "X", "takes no meeting (max_meetings 0)"],
        # no floor, so no shortfall: with the matching's reason, as the report gives it
        ["A3", "CV Bebas", "X", f"asked for no minimum (min_meetings 0); {lone.reason}"],
    ]
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    section = report.split(" id='without-meeting'>")[1].split("</section>")[0]
    assert "takes no meeting (max_meetings 0)" in section
    assert f"asked for no minimum (min_meetings 0); {lone.reason}" in section


def test_english_names_a_kbli_division_by_its_isic_title_and_a_deeper_code_as_indonesian() -> None:
    assert commodity_name(TradeLine("10"), "en") == "Manufacture of food products (KBLI 10)"
    assert commodity_name(TradeLine("A"), "en") == "Agriculture, forestry and fishing (KBLI A)"
    assert (
        commodity_name(TradeLine("221"), "en")
        == "KBLI 221 (Indonesian title: Industri karet dan barang dari karet)"
    )
    assert commodity_name(TradeLine("10792"), "en") == "KBLI 10792 (Indonesian title: Industri kue basah)"
    # Indonesian as before; a commodity of the catalogue keeps its English name
    assert commodity_name(TradeLine("10"), "id") == "Industri makanan (KBLI 10)"
    assert commodity_name(TradeLine("10792"), "id") == "Industri kue basah (KBLI 10792)"
    assert commodity_name(TradeLine("10631"), "en") == "Rice"
    # below the golongan pokok the same code can be another activity in ISIC Rev.4: none given
    for code in ("492", "1061", "1104", "4921", "10750"):
        assert kbli_english_title(code) is None, code
    levels = {len(c) for c in kbli().titles if kbli_english_title(c) is not None}
    assert levels == {1, 2}
    assert sum(kbli_english_title(c) is not None for c in kbli().titles) == 21 + 88


def test_english_agendas_and_messages_name_kbli_codes_that_way(packs: dict[str, Path]) -> None:
    text = (packs["en"] / "messages" / "JT-001.txt").read_text(encoding="utf-8")
    assert (
        "Why this meeting: offers KBLI 221 (Indonesian title: Industri karet dan barang dari karet) "
        "that you need" in text
    )
    assert "Industri karet dan barang dari karet (KBLI 221)" not in text
    page = (packs["en"] / "agendas.html").read_text(encoding="utf-8")
    assert "needs Manufacture of food products (KBLI 10) that you offer" in page
    assert "Industri makanan (KBLI 10)" not in page
    indonesian = (packs["id"] / "messages" / "JT-001.txt").read_text(encoding="utf-8")
    assert "menawarkan Industri karet dan barang dari karet (KBLI 221) yang Anda butuhkan" in indonesian


def _owner_heads(text: str) -> dict[str, str]:
    """Each agenda's printed head (the owner row, repeated on every page it spans), as text."""
    heads = re.findall(
        r"<section class='agenda' id='agenda-([^']+)'>.*?<tr class='owner'>(.*?)</tr>", text, re.S
    )
    return {pid: re.sub(r"<[^>]+>", " | ", head) for pid, head in heads}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_each_handout_page_says_when_and_where(
    result: MatchmakingResult, packs: dict[str, Path], lang: str
) -> None:
    """A page handed to one participant names the event, the day and the venue in its
    printed head; before, only the document's first heading did (the first page)."""
    m = result.mission
    assert m.venue == "Hotel Wyndham OPI, Palembang"
    day = {"en": "Date: Wednesday 2 December 2020", "id": "Tanggal: Rabu, 2 Desember 2020"}[lang]
    venue = {"en": "Venue: ", "id": "Tempat: "}[lang] + m.venue
    for name in ("agendas.html", "report.html"):  # the report's agendas print one a page too
        heads = _owner_heads((packs[lang] / name).read_text(encoding="utf-8"))
        assert len(heads) == sum(1 for p in m if result.schedule.agenda(p.id)), name
        for pid, head in heads.items():
            assert f"| {m.name} |" in head, (name, pid)
            assert f"| {day} · {venue} |" in head, (name, pid, head)
    text = (packs[lang] / "agendas.html").read_text(encoding="utf-8")
    assert {"en": "Headers and footers", "id": "Header dan footer"}[lang] in text  # on screen
    assert "matchmaker run --pdf" in text
    assert "no venue" not in text
    assert "belum menyebut tempat" not in text


def test_a_handout_without_a_venue_says_when_and_tells_the_organisers(tmp_path: Path) -> None:
    """An event of two days without a venue: each page gives the days of its owner's
    meetings; the organisers are told on screen that the pages cannot say where."""
    people = [
        Participant("A1", "CV Tani", "X", "Jatim", offers="10631"),
        Participant("B1", "PT Musi", "Y", "Sumsel", needs="10631"),
        Participant("B2", "PT Ogan", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "Temu Bisnis", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    plan = EventPlan(start="09:00", end="09:30", days=[dt.date(2025, 1, 2), dt.date(2025, 1, 3)])
    result = run(mission, plan)
    days = {pid: sorted({x.start.date() for x in result.schedule.agenda(pid)}) for pid in ("A1", "B1", "B2")}
    assert days["A1"] == [dt.date(2025, 1, 2), dt.date(2025, 1, 3)]  # the case: A1 meets on both days
    for lang, span, note in (
        ("en", "Date: Thursday 2 January 2025 – Friday 3 January 2025", "The mission names no venue"),
        ("id", "Tanggal: Kamis, 2 Januari 2025 – Jumat, 3 Januari 2025", "Misi ini belum menyebut tempat"),
    ):
        export_all(result, tmp_path / lang, formats=["agendas"], lang=lang)
        text = (tmp_path / lang / "agendas.html").read_text(encoding="utf-8")
        heads = _owner_heads(text)
        assert f"| {span} |" in heads["A1"]
        assert all("Venue" not in h and "Tempat" not in h for h in heads.values())
        assert f"<p class='note screen'>{note}" in text
        promise = {"en": "with the event&#x27;s date", "id": "dengan tanggal acara"}[lang]
        assert f"{promise}." in text  # the print note promises no venue the pages cannot give
        assert {"en": "date and venue", "id": "tanggal dan tempat"}[lang] not in text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_contacts_without_a_meeting_or_a_number_are_not_told_to_hand_over_an_agenda(lang: str) -> None:
    """contacts.csv's note for one without phone or e-mail: hand the printed agenda over, for
    one who has one; their printed message (no agenda page exists) for one without a meeting;
    nothing to send for one who takes none (no message either)."""
    from matchmaker.export.agendas import contact_rows

    people = [
        Participant("A1", "CV Satu", "X", "Jatim", offers="10631"),
        Participant("A2", "CV Dua", "X", "Jatim", offers="10631"),
        Participant("A3", "CV Tiga", "X", "Jatim", offers="10631", max_meetings=0),
        Participant("B1", "PT Empat", "Y", "Sumsel", needs="10631", phone="0812 3456 7890"),
    ]
    mission = Mission("Misi", Delegation("X", "Jawa Timur"), Delegation("Y", "Sumatera Selatan"), people)
    rows = {r["id"]: r for r in contact_rows(mission, {"A1": ["m"], "B1": ["m"]}, lang=lang)}
    agenda = {"en": "hand the printed agenda over", "id": "serahkan agenda cetak"}[lang]
    none = {"en": "no phone or e-mail: ", "id": "tanpa telepon atau email: "}[lang]
    assert rows["A1"]["note"] == none + agenda
    assert agenda not in str(rows["A2"]["note"])
    assert agenda not in str(rows["A3"]["note"])
    assert rows["A2"]["message_file"] == "messages/A2.txt"
    assert "messages/A2.txt" in str(rows["A2"]["note"])
    assert {"en": "in person", "id": "sampaikan langsung"}[lang] in str(rows["A2"]["note"])
    assert rows["A3"]["message_file"] == ""
    assert {"en": "nothing to send", "id": "tidak ada yang perlu dikirim"}[lang] in str(rows["A3"]["note"])
    assert rows["B1"]["note"] == ""


def test_days_with_a_gap_are_listed_not_spanned_and_no_venue_is_not_promised() -> None:
    """Meetings on 29 September and 1 October read as those two days, not as a span that
    takes in the 30th; without a venue the on-screen print note promises the date only."""
    import types

    from matchmaker.export.html import _event_line

    def at(day: int, month: int) -> object:
        start = dt.datetime(2025, month, day, 9, 0)
        return types.SimpleNamespace(start=start, online=False)

    people = [Participant("A1", "CV Tani", "X", "Jatim", offers="10631")]
    people += [Participant("B1", "PT Musi", "Y", "Sumsel", needs="10631")]
    mission = Mission("T", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, venue="Hall")
    gap = [at(29, 9), at(1, 10)]
    run_of = [at(29, 9), at(30, 9), at(1, 10)]
    assert _event_line(mission, gap, "en") == (  # type: ignore[arg-type]
        "Date: Monday 29 September 2025, Wednesday 1 October 2025 · Venue: Hall"
    )
    assert _event_line(mission, run_of, "en").startswith(  # type: ignore[arg-type]
        "Date: Monday 29 September 2025 – Wednesday 1 October 2025"
    )
