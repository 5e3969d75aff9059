"""The HTML report for the day: names in the grid, blocks of tables, plain words, totals, shortfalls."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import math
import re

import pytest

from matchmaker.export import records, render_html
from matchmaker.export.agendas import agenda_lines
from matchmaker.export.html import _LONG_AGENDA, TABLES_PER_BLOCK, render_agendas
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run
from matchmaker.reference.classification import kbli_title
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
        assert f"{guest.name} <small class=id>{guest.id}</small>" in page
    heads = re.findall(r"<th><span class=id>([^<]+)</span><br><small>", page)
    assert heads[: len(tables)] == tables  # every table once, in order


def test_plain_words_and_one_number_format(pages) -> None:
    for lang, page in pages.items():
        day = day_part(page, lang)
        for jargon in ("Gini", "ortools", "HiGHS", "milp", "SimpleMinCostFlow"):
            assert jargon not in day, (lang, jargon)
    idn = day_part(pages["id"], "id")
    assert "Pemerataan pertemuan" in idn
    assert "semua peserta mendapat jumlah pertemuan yang sama" in idn
    # decimal comma only: 0,27 not 0.27 (a time, 09.00, is written with a point in Indonesian)
    assert not re.search(r">(?!(?:[01]\d|2[0-3])\.[0-5]\d<)\d+\.\d+<", idn)
    assert re.search(r">09\.00<", idn)  # the grid's first slot
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
    met = {pid for m in result.schedule.meetings for pid in (m.a, m.b)}
    assert page.count("<section class='agenda'") == len(met) == len(bundled.participants) - 4
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
    row = "<td class=id>A1</td><td>Pagi</td><td class=n>1</td><td class=n>0</td>"
    assert row + "<td>free in no slot of the event:" in en
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


def print_rules(page: str) -> str:
    """The page's ``@media print`` block."""
    return page.split("@media print{", 1)[1].split("\n}", 1)[0]


def test_printed_agendas_name_their_owner_on_every_page(result, bundled) -> None:
    """The owner's name heads the agenda's table: printed, a table head repeats on each page."""
    rec = records(result.schedule, result.scores, mission=result.mission)
    for lang in ("en", "id"):
        lines = agenda_lines(result, rec, lang=lang)
        # agendas.html: no score column; the report has one; neither has a page for one
        # without a meeting
        for page, columns in (
            (render_agendas(result, lines, lang=lang), 5),
            (render_html(result, rec, lang=lang, plots=False), 6),
        ):
            rules = print_rules(page)
            assert "thead{display:table-header-group}" in rules
            assert ".agenda tr.owner{display:table-row}" in rules
            assert ".agenda .lead{display:none}" in rules  # the heading row stands for the heading
            for p in bundled:
                section = re.search(rf"<section class='agenda' id='agenda-{p.id}'>.*?</section>", page, re.S)
                assert (section is not None) == bool(lines[p.id]), (lang, p.id)
                if not lines[p.id]:
                    continue
                assert section is not None
                head = re.search(
                    rf"<thead><tr class='owner'><th colspan='{columns}'>([^<]+)<", section.group(0)
                )
                assert head is not None, (lang, p.id)
                assert head.group(1) == f"{p.name} ({p.id})"
                # long agendas get tighter printed rows, so that one agenda keeps one page
                assert ("<table class='long'>" in section.group(0)) == (len(lines[p.id]) > _LONG_AGENDA)
    assert max(len(a) for a in lines.values()) > _LONG_AGENDA


def test_ids_do_not_break_at_their_hyphen(result, bundled, pages) -> None:
    """ID cells and spans carry the nowrap class; the text itself stays as written."""
    rec = records(result.schedule, result.scores, mission=result.mission)
    agendas = render_agendas(result, agenda_lines(result, rec), lang="en")
    for page in (*pages.values(), agendas):
        assert ".id{white-space:nowrap}" in page.split("@media print", 1)[0]
        assert "\u2011" not in page  # no non-breaking hyphens: copied text stays "JT-001"
        assert "&#8209;" not in page
        section = re.search(r"<section class='agenda' id='agenda-JT-015'>.*?</section>", page, re.S)
        assert section is not None
        rows = re.findall(
            r"<tr><td>[^<]+</td><td class=id>JT-015</td><td>[^<]+<small><span class=id>SS-\d{3}</span>",
            section.group(0),
        )
        assert len(rows) == len(result.schedule.agenda("JT-015"))
    page = pages["en"]
    grid = "".join(re.findall(r"<section class='grid-block'>.*?</section>", page))
    assert re.search(r"<th><span class=id>JT-001</span><br>", grid)
    assert all(
        small.startswith("<small class=id>") for small in re.findall(r"<small[^>]*>[A-Z]{2}-\d{3}<", grid)
    )
    assert re.findall(r"<small[^>]*>[A-Z]{2}-\d{3}<", grid)
    shortfalls = page.split("id='shortfalls'", 1)[1].split("</table>", 1)[0]
    ids = re.findall(r"<tr><td([^>]*)>([A-Z]{2}-\d{3})</td>", shortfalls)
    assert ids
    assert all(attrs == " class=id" for attrs, _ in ids)


def test_grid_blocks_are_headed_by_their_table_labels(result, pages) -> None:
    expected = {
        "en": "Slots and tables — Tables {first} to {last}",
        "id": "Sesi dan meja — Meja {first} sampai {last}",
    }
    for lang, page in pages.items():
        blocks = re.findall(r"<section class='grid-block'><h3>([^<]+)</h3>(.*?)</section>", page, re.S)
        assert blocks
        for title, body in blocks:
            tables = re.findall(r"<th><span class=id>([^<]+)</span>", body)
            assert title == expected[lang].format(first=tables[0], last=tables[-1]), (lang, title)
        assert blocks[0][0].endswith("JT-001 to JT-009" if lang == "en" else "JT-001 sampai JT-009")
    rec = records(result.schedule, result.scores, mission=result.mission)
    page = render_html(result, rec, lang="id", plots=False, tables_per_block=44)  # 45 tables: 44 + 1
    titles = re.findall(r"<section class='grid-block'><h3>([^<]+)</h3>", page)
    assert titles == ["Sesi dan meja — Meja JT-001 sampai JT-045", "Sesi dan meja — Meja JT-046"]


def test_sector_names_are_whole_in_the_totals(pages) -> None:
    whole = {
        "id": "16 Industri kayu, barang dari kayu dan gabus (tidak termasuk furnitur) dan barang anyaman",
        # the English report names them in English (their ISIC Rev.4 titles; it used the Indonesian)
        "en": "16 Manufacture of wood and of products of wood and cork, except furniture; manufacture "
        "of articles of straw and plaiting materials",
    }
    for lang, page in pages.items():
        totals = page.split("<h2 id='shortfalls'>")[0].split("<h2>")[-1]  # the totals section
        rows = re.findall(r"<tr><td>(\d\d) ([^<]+)</td><td class=n>", totals)
        assert rows
        assert "…" not in totals
        for code, name in rows:
            assert name == kbli_title(code, lang).capitalize()
        assert whole[lang] in totals
        assert ("Industri makanan" in totals) == (lang == "id")


def test_the_overview_names_sectors_in_its_language(bundled) -> None:
    from matchmaker.reporting.overview import overview

    found = overview(bundled)
    english, indonesian = found.to_text("en"), found.to_text("id")
    # English used the Indonesian titles ("top sectors offered: 10 Industri makanan (41)")
    assert "top sectors offered: 10 Manufacture of food products (41); 01 Crop and animal" in english
    assert "Industri" not in english
    assert "sektor yang paling banyak ditawarkan: 10 Industri makanan (41); 01 Pertanian" in indonesian
    assert found.sides[0].top_offered[0] == ("10 Industri makanan", 41)  # the data as before
    # a sector text set by the caller (no KBLI code first) is printed as it is
    side = dataclasses.replace(found.sides[0], top_offered=(("Food products", 3),))
    assert "Food products (3)" in dataclasses.replace(found, sides=(side, found.sides[1])).to_text("id")
    with pytest.raises(ValueError, match="unknown language 'EN'"):
        kbli_title("10", "EN")


def test_one_without_a_meeting_is_given_one_reason_throughout(result, pages, tmp_path) -> None:
    """SS-016's only plausible partner is ruled out by a rule.  Before, the report's table of
    those without a meeting said "no allowed partner reaches min_score 0.15" (the matching sees
    vetoed pairs as scores of 0), while "Fewer meetings than asked" named the rule; the demo
    printed the first.  Now the shortfall's reason stands in both places, in both languages."""
    import io

    from matchmaker.demo import run_demo

    (short,) = [s for s in result.shortfalls if s.participant == "SS-016"]
    (lone,) = [u for u in result.matching.unmatched if u.id == "SS-016"]
    assert (short.reason, short.got, lone.kind) == ("all-partners-vetoed", 0, "below-min-score")
    for lang, why in (
        ("en", f"every suitable partner ruled out by a rule: {short.detail}"),
        ("id", "semua mitra yang cocok terhalang aturan"),
    ):
        table = pages[lang].split(" id='without-meeting'>")[1]
        row = re.search(r"<tr>.*?SS-016.*?</tr>", table, re.S)
        assert row is not None
        assert why in row[0]
        assert "min_score" not in row[0]
        assert pages[lang].count(why) == 2  # the shortfalls' table and this one
    out = io.StringIO()
    run_demo(out, tmp_path / "demo", plots=False)
    assert (
        f"without a meeting: SS-016 (side B): every suitable partner ruled out by a rule: {short.detail}\n"
        in (out.getvalue())
    )


def _without(page: str) -> list[list[str]]:
    """The rows (cells as text) of the organisers' list of those without a meeting."""
    section = re.search(r"<section class='without[^']*' id='without-meeting'>.*?</section>", page, re.S)
    assert section is not None
    return [
        [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", section.group(0))
    ]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_report_lists_those_without_a_meeting_once_as_agendas_html_does(result, pages, lang) -> None:
    """Before, the report printed a "No meetings." agenda page for each of the four without a
    meeting (and a second table of them under "Meetings not placed"); agendas.html listed them
    once at the end.  Now the report ends its agendas with the same list, from the same code."""
    page = pages[lang]
    without = [p.id for p in result.mission if not result.schedule.agenda(p.id)]
    assert without == ["JT-008", "SS-009", "SS-016", "SS-024"]
    assert {"en": "No meetings.", "id": "Tidak ada pertemuan."}[lang] not in page
    for pid in without:
        assert f"id='agenda-{pid}'" not in page
        assert f"<a href='#without-meeting'>{pid} " in page  # the index leads to the list
        assert f"<a href='#agenda-{pid}'>" not in page
    rows = _without(page)
    assert [r[0] for r in rows[1:]] == without
    rec = records(result.schedule, result.scores, mission=result.mission)
    handout = render_agendas(result, agenda_lines(result, rec, lang=lang), lang=lang)
    assert rows == _without(handout)  # the same list, reasons and all
    assert page.count("id='without-meeting'>") == 1  # once: no second table of them
    assert page.index("<section class='without'") > page.rindex("<section class='agenda'")
    assert ".without{break-before:page}" in print_rules(page).replace(".agenda + .agenda,", "")
    # above the detail limit (no agendas) the list stays
    summarised = render_html(result, rec, lang=lang, plots=False, detail_limit=10)
    assert _without(summarised) == rows


def test_one_with_no_floor_and_no_meeting_is_listed_with_the_matchings_reason() -> None:
    """One without a minimum (min_meetings 0) has no shortfall: the list says so, and why the
    matching gave it no partner (which the report's second table used to say alone)."""
    people = [
        Participant("A1", "CV Tani", "X", "Jatim", offers="10631"),
        Participant("A3", "CV Bebas", "X", "Jatim", offers="10631", min_meetings=0, max_meetings=1),
        Participant("B1", "PT Musi", "Y", "Sumsel", needs="10631", max_meetings=1),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    result = run(mission, EventPlan(start="09:00", end="10:00"))
    (lone,) = result.matching.unmatched
    rec = records(result.schedule, result.scores, mission=mission)
    for lang, why in (
        ("en", f"asked for no minimum (min_meetings 0); {lone.reason}"),
        ("id", "tidak meminta jumlah minimum (min_meetings 0); waktu mitra yang cocok terpakai"),
    ):
        rows = _without(render_html(result, rec, lang=lang, plots=False))
        assert rows[1][0] == "A3"
        assert rows[1][3].startswith(why), (lang, rows[1][3])
        assert rows == _without(render_agendas(result, agenda_lines(result, rec, lang=lang), lang=lang))
