"""The HTML report for the day: names in the grid, blocks of tables, plain words, totals, shortfalls."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest

from matchmaker.export import records, render_html
from matchmaker.export.html import TABLES_PER_BLOCK
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run
from matchmaker.scheduling import EventPlan


@pytest.fixture(scope="module")
def result(bundled):
    return run(bundled)


@pytest.fixture(scope="module")
def pages(result):
    rec = records(result.schedule, result.scores, mission=result.mission)
    return {lang: render_html(result, rec, lang=lang, plots=False) for lang in ("en", "id")}


def day_part(page: str, lang: str) -> str:
    """The report without its technical appendix."""
    return page.split("Technical appendix" if lang == "en" else "Lampiran teknis")[0]


def test_grid_in_blocks_with_names_and_ids(result, bundled, pages) -> None:
    page = pages["en"]
    tables = [t for t in result.schedule.table_labels if any(m.table == t for m in result.schedule.meetings)]
    assert page.count("<section class='grid-block'>") == math.ceil(len(tables) / TABLES_PER_BLOCK)
    for block in re.findall(r"<section class='grid-block'>.*?</section>", page):
        assert block.count("<col>") <= TABLES_PER_BLOCK
    for m in result.schedule.meetings[:50]:
        guest = bundled[m.b]
        assert f"{guest.name} <small>{guest.id}</small>" in page
    heads = re.findall(r"<th>([^<]+)<br><small>", page)
    assert heads[: len(tables)] == tables  # every table once, in order


def test_plain_words_and_one_number_format(pages) -> None:
    for lang, page in pages.items():
        day = day_part(page, lang)
        for jargon in ("Gini", "ortools", "HiGHS", "milp", "SimpleMinCostFlow"):
            assert jargon not in day, (lang, jargon)
    idn = day_part(pages["id"], "id")
    assert "Pemerataan pertemuan" in idn
    assert "semua peserta mendapat jumlah pertemuan yang sama" in idn
    assert not re.search(r">\d+\.\d+<", idn)  # decimal comma only: 0,27 not 0.27
    assert re.search(r">0,\d\d<", idn)
    assert "Evenness of meetings" in pages["en"]
    assert "Lampiran teknis" in pages["id"]
    assert "Technical appendix" in pages["en"]
    # rupiah in the page's own style everywhere: the English cards and summary said Rp 249.596.000.000
    # while its appendix said Rp 249,596,000,000
    assert re.findall(r"Rp \d{1,3}(?:,\d{3})+", pages["en"])
    assert not re.findall(r"Rp \d{1,3}(?:\.\d{3})+", pages["en"])
    assert not re.findall(r"Rp \d{1,3}(?:,\d{3})+(?!\d)", pages["id"].replace(",-", ""))


def test_agendas_have_contact_and_reason(result, bundled, pages) -> None:
    page = pages["id"]
    assert page.count("<section class='agenda'") == len(bundled.participants)
    assert "<details" not in page  # nothing collapsed: agendas print as they show
    m = result.schedule.agenda("JT-002")[0]
    partner = bundled[m.partner("JT-002")]
    section = re.search(r"<section class='agenda' id='agenda-JT-002'>.*?</section>", page, re.S)
    assert section is not None
    assert partner.name in section.group(0)
    assert partner.contact in section.group(0)
    assert "Anda" in section.group(0)  # the reason, from JT-002's side


def test_totals_per_delegation_and_sector(result, bundled, pages) -> None:
    page = pages["en"]
    meetings = len(result.schedule.meetings)
    for side in ("A", "B"):
        name = bundled.delegation(side).name
        n = len(bundled.side(side))
        assert re.search(
            rf"<td>{name}</td><td class=n>{n}</td><td class=n>\d+</td><td class=n>{meetings}</td>", page
        )
    sector_rows = re.findall(
        r"<td>\d\d [^<]+</td><td class=n>(\d+)</td><td class=n>\d+</td><td class=n>(\d+)</td>", page
    )
    assert sum(int(p) for p, _ in sector_rows) == len(bundled.participants)
    assert sum(int(m) for _, m in sector_rows) == 2 * meetings


def test_shortfalls_are_listed_with_reason() -> None:
    people = [
        Participant("A1", "Pagi", "X", "Jatim", offers="10631", availability="18:00-20:00"),
        Participant("A2", "Dua", "X", "Jatim", offers="10631"),
        Participant("B1", "Beli", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    result = run(mission, EventPlan(start="09:00", end="12:00"))
    rec = records(result.schedule, result.scores, mission=mission)
    en = render_html(result, rec, plots=False)
    idn = render_html(result, rec, plots=False, lang="id")
    assert "Fewer meetings than asked (1)" in en
    assert (
        "<td>A1</td><td>Pagi</td><td class=n>1</td><td class=n>0</td><td>free in no slot of the event:" in en
    )
    assert "tidak ada waktu luang selama acara" in idn


def test_large_events_are_summarised(result) -> None:
    rec = records(result.schedule, result.scores, mission=result.mission)
    page = render_html(result, rec, plots=False, detail_limit=10)
    assert "grid-block" not in page.split("</style>")[1]
    assert "class='agenda'" not in page
    assert "more than 10 shown in one page" in page
    assert "Meetings per delegation" in page
    with pytest.raises(ValueError, match="tables_per_block"):
        render_html(result, rec, plots=False, tables_per_block=0)
