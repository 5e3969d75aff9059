"""The HTML report opens in headless Chromium without errors (needs chromium and playwright).

Chromium comes from the distribution (``apt-get install chromium``); ``.ci/run`` installs
it when it can.  Without it these tests are skipped, with the reason shown by ``-ra``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from matchmaker.export import export_all
from matchmaker.export.browser import check_report, find_chromium
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run

pytestmark = [
    pytest.mark.skipif(
        find_chromium() is None, reason="no chromium on this machine (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


def test_bundled_report_opens_without_errors(bundled, tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    result = run(bundled)
    export_all(result, tmp_path, formats=["html"])
    check = check_report(tmp_path / "report.html", screenshots={None: tmp_path / "shot.png"})
    assert check.errors == ()
    assert check.title == bundled.name
    assert check.figures == 3
    assert check.agendas == sum(1 for p in bundled if result.schedule.agenda(p.id))  # 4 have none
    assert check.grid_rows == len(result.schedule.plan.slots)
    assert (tmp_path / "shot.png").read_bytes().startswith(b"\x89PNG")


def test_hostile_names_do_not_run(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    people = [
        Participant("A1", "<script>window.__pwned=1</script>", "X", "Jatim", offers="10631"),
        Participant("B1", "<img src=x onerror='window.__pwned=2'>", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    export_all(run(mission), tmp_path, formats=["html"], plots=False)
    check = check_report(tmp_path / "report.html")
    assert check.script_ran is False
    assert check.errors == ()


def pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """Every page's width, height and words with their horizontal extent (``pdftotext -bbox``)."""
    import html
    import re
    import subprocess

    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [
            (float(x0), float(x1), html.unescape(text))
            for x0, x1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>', body
            )
        ]
        pages.append((float(w), float(h), words))
    return pages


def test_printed_report_keeps_every_table_on_landscape_pages_and_one_agenda_per_page(
    bundled, tmp_path: Path
) -> None:
    import shutil

    from matchmaker.export.browser import print_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext on this machine (apt-get install poppler-utils)")
    result = run(bundled)
    export_all(result, tmp_path, formats=["html"], plots=False, lang="id")
    pages = pdf_words(print_pdf(tmp_path / "report.html", tmp_path / "report.pdf"))
    landscape = [k for k, (w, h, _) in enumerate(pages) if w > h]
    assert landscape, "the grid prints on landscape pages"
    tables = [t for t in result.schedule.table_labels if any(m.table == t for m in result.schedule.meetings)]
    found: set[str] = set()
    for k in landscape:
        width, _, words = pages[k]
        assert words, f"landscape page {k + 1} is empty"
        for x0, x1, text in words:  # nothing of the grid falls off the page's right edge
            assert x0 >= 0, (k + 1, text, x0)
            assert x1 <= width, (k + 1, text, x1, width)
        found |= {text for _, _, text in words} & set(tables)
    assert found == set(tables)  # every table's column, the last of each block included, is printed
    broken = {text for _, _, words in pages for _, _, text in words if re.fullmatch(r"[A-Z]{2}-", text)}
    assert not broken  # no id wraps at its hyphen, in the grid, the shortfalls or the agendas
    # each agenda starts its own page, in the report's order, after the grid
    agenda_pages = pages[landscape[-1] + 1 :]
    people = [p for p in (*bundled.side("A"), *bundled.side("B")) if result.schedule.agenda(p.id)]
    assert len(agenda_pages) >= len(people)
    for p, (_, _, words) in zip(people, agenda_pages, strict=False):
        assert f"({p.id})" in {text for _, _, text in words}, p.id


@pytest.fixture(scope="module")
def printed_agendas(bundled, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, str, list[str]]]:
    """agendas.pdf of the bundled mission (English, Indonesian) and of one participant whose
    agenda spans pages: each case's result, language and each page's words joined by spaces."""
    import shutil

    from matchmaker.export.browser import print_pdf
    from matchmaker.scheduling import EventPlan

    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext on this machine (apt-get install poppler-utils)")
    people = [Participant("A1", "Satu Besar", "X", "Jatim", offers="10631", max_meetings=40)]
    people += [  # contacts on three lines: rows too tall for 38 on one page
        Participant(
            f"B{k:02d}",
            f"Pembeli {k}",
            "Y",
            "Sumsel",
            needs="10631",
            contact=f"Kontak {k}",
            phone=f"0812-3456-{k:04d}",
            email=f"beli{k}@example.co.id",
        )
        for k in range(40)
    ]
    many = Mission(
        "m",
        Delegation("X", "Jatim"),
        Delegation("Y", "Sumsel"),
        people,
        date=dt.date(2025, 1, 2),
        venue="Balai Pertemuan Kota",
    )
    cases = [
        (run(bundled), "en"),
        (run(bundled), "id"),
        (run(many, EventPlan(start="07:00", end="23:00")), "id"),
    ]
    out = []
    for k, (result, lang) in enumerate(cases):
        folder = tmp_path_factory.mktemp(f"agendas{k}")
        export_all(result, folder, formats=["agendas"], lang=lang)
        pdf = print_pdf(folder / "agendas.html", folder / "agendas.pdf")
        out.append((result, lang, [" ".join(text for _, _, text in words) for _, _, words in pdf_words(pdf)]))
    return out


def test_every_printed_agenda_page_names_its_participant(printed_agendas) -> None:
    """No page of agendas.pdf is orphaned: the bundled agendas keep one page each, and one
    too long for a page repeats its owner's name (the table head) on every page it spans.
    Those without a meeting get no page, and the organisers' list of them is on screen only:
    the print is the handout (report.pdf prints the list)."""
    for k, (result, lang, texts) in enumerate(printed_agendas):
        pages = [set(text.split(" ")) for text in texts]
        first = [*result.mission.side("A"), *result.mission.side("B")]
        owner = re.compile(r"\([A-Z]+-?\d+\)")
        without = [p.id for p in result.mission if not result.schedule.agenda(p.id)]
        assert not any({"en": "Without", "id": "Tanpa"}[lang] in page for page in pages), lang
        assert not any(set(without) & page for page in pages), lang
        owners = [[w for w in page if owner.fullmatch(w)] for page in pages]
        assert all(len(o) == 1 for o in owners), (lang, [k + 1 for k, o in enumerate(owners) if len(o) != 1])
        named = [o[0] for o in owners]
        broken = {w for page in pages for w in page if re.fullmatch(r"[A-Z]{2}-", w)}
        assert not broken, (lang, broken)  # no id wraps at its hyphen ("JT-" / "015")
        if k < 2:  # every bundled agenda fits on one page; those without a meeting have none
            assert without == ["JT-008", "SS-009", "SS-016", "SS-024"]
            assert named == [f"({p.id})" for p in first if p.id not in without], lang
        else:  # A1's meetings span pages, each headed with A1; then one page per buyer
            assert len(result.schedule.agenda("A1")) > 30
            n = named.count("(A1)")
            assert n >= 2
            assert named[:n] == ["(A1)"] * n
            assert len(set(named[n:])) == len(named[n:])


def test_every_printed_agenda_page_says_when_and_where(printed_agendas) -> None:
    """A printed page is handed to one participant: before, only the first page of
    agendas.pdf (the document's heading) gave the event's date and venue.  Now every agenda
    page does, each page of a long agenda too (the table head repeats), in both languages;
    the browser adds no header or footer (its date and the file's path)."""
    expected = [
        ("Wednesday 2 December 2020", "Hotel Wyndham OPI, Palembang"),
        ("Rabu, 2 Desember 2020", "Hotel Wyndham OPI, Palembang"),
        ("Kamis, 2 Januari 2025", "Balai Pertemuan Kota"),
    ]
    for (result, lang, texts), (day, venue) in zip(printed_agendas, expected, strict=True):
        agenda_pages = texts  # every page is an agenda's (the list of those without is not printed)
        assert len(agenda_pages) >= sum(1 for p in result.mission if result.schedule.agenda(p.id))
        words = {"en": ("Date:", "Venue:"), "id": ("Tanggal:", "Tempat:")}[lang]
        for k, text in enumerate(agenda_pages):
            assert f"{words[0]} {day}" in text, (lang, k + 1)
            assert f"{words[1]} {venue}" in text, (lang, k + 1)
            assert result.mission.name in text, (lang, k + 1)
        for text in texts:
            assert "file:" not in text
            assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text)  # the browser's date


def test_the_printed_report_keeps_its_plots(bundled, tmp_path: Path) -> None:
    """Before, the print stylesheet hid the plots: a report printed (or saved as PDF) to send
    to the trade offices had no chart.  Each figure now prints whole, the sector heatmap at a
    size its labels can be read."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from matchmaker.export.browser import CHROMIUM_FLAGS

    export_all(run(bundled), tmp_path, formats=["html"])
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=list(CHROMIUM_FLAGS))
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto((tmp_path / "report.html").resolve().as_uri())
        boxes = {}
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            boxes[media] = [page.locator("figure").nth(k).bounding_box() for k in range(3)]
            styles = page.evaluate(
                "() => [...document.querySelectorAll('figure')].map(f => getComputedStyle(f).breakInside)"
            )
        browser.close()
    assert all(b is not None and b["width"] > 100 and b["height"] > 100 for b in boxes["screen"])
    assert all(b is not None and b["width"] > 100 and b["height"] > 100 for b in boxes["print"])
    heatmap = boxes["print"][2]
    assert heatmap is not None
    assert heatmap["width"] > 500  # at least about two thirds of an A4 page's width
    assert styles == ["avoid"] * 3  # a figure is never cut across two pages
