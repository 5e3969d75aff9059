"""Deal outcomes: reading the filled-in form and the published-style summary (hand-checked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchmaker import DataFileError
from matchmaker.io.sheets import write_csv_sheet
from matchmaker.reporting.numbers import format_rupiah
from matchmaker.reporting.outcomes import OUTCOME_COLUMNS, Deal, read_outcomes, summarise_outcomes


def form(tmp_path: Path, rows: list[dict[str, str]], name: str = "outcomes.csv") -> Path:
    path = tmp_path / name
    write_csv_sheet(path, (*OUTCOME_COLUMNS, "mou"), rows)  # mou: the older forms' column
    return path


def test_rupiah_format() -> None:
    assert format_rupiah(306_548_050_000) == "Rp 306.548.050.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(999) == "Rp 999"
    assert format_rupiah(1000) == "Rp 1.000"
    assert format_rupiah(2.5, decimals=1) == "Rp 2,5"
    with pytest.raises(ValueError, match="cannot format"):
        format_rupiah(float("nan"))


def test_summary_arithmetic_by_hand(bundled) -> None:
    a1, a2 = bundled.ids("A")[:2]
    b1, b2, b3 = bundled.ids("B")[:3]
    deals = [
        Deal(a1, b1, 100_000_000, mou=True),  # East Java sells 100 m
        Deal(a1, b2, 250_000_000),  # East Java sells 250 m
        Deal(b3, a2, 40_000_000, mou=True),  # South Sumatra sells 40 m
    ]
    s = summarise_outcomes(deals, bundled, declared_potential_idr=780_000_000)
    assert s.total_idr == 390_000_000
    assert s.transactions == 3
    assert s.mous == 2
    assert dict(s.sold) == {"Jawa Timur": 350_000_000, "Sumatera Selatan": 40_000_000}
    assert dict(s.bought) == {"Jawa Timur": 40_000_000, "Sumatera Selatan": 350_000_000}
    assert s.realisation == pytest.approx(0.5)
    text = s.to_text("id")
    assert "Total nilai transaksi: Rp 390.000.000" in text
    assert "Jawa Timur menjual Rp 350.000.000, membeli Rp 40.000.000" in text
    # every deal against the declared potential: not "realised", which the summary keeps for
    # contracts (it printed "Terealisasi (kontrak): 49,6 %" beside "(122,8 % terealisasi)")
    assert "Potensi yang dinyatakan peserta: Rp 780.000.000 (nilai transaksi tercatat 50,0 % darinya)" in text
    assert "terealisasi" not in text.split("Potensi")[1]
    assert "(deals recorded: 50.0 % of it)" in s.to_text("en")
    assert "Total transaction value: Rp 390,000,000" in str(s)  # one number style per language
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        s.to_text("fr")


def test_2025_sumsel_mission_figures(bundled) -> None:
    """East Java sold Rp 904.9 bn and bought Rp 95.2 bn in 2025: the parts add to the reported total."""
    a, b = bundled.ids("A")[0], bundled.ids("B")[0]
    s = summarise_outcomes([Deal(a, b, 904_867_201_000), Deal(b, a, 95_188_100_000)], bundled)
    assert format_rupiah(s.total_idr) == "Rp 1.000.055.301.000"


def test_read_form_and_top_commodities(tmp_path: Path, bundled) -> None:
    a1, a2 = bundled.ids("A")[:2]
    b1, b2 = bundled.ids("B")[:2]
    rows = [
        {
            "meeting": "M1",
            "a_id": a1,
            "b_id": b1,
            "seller": "A",
            "value_idr": "1.500.000.000",
            "commodity": "10722",
            "mou": "ya",
        },
        {"meeting": "M1", "a_id": a1, "b_id": b1, "seller": b1, "value_idr": "2e8", "commodity": "HS:0801"},
        {"meeting": "M2", "a_id": a2, "b_id": b2, "seller": "", "value_idr": ""},  # no deal
        {
            "meeting": "M3",
            "a_id": a2,
            "b_id": b2,
            "seller": "Jawa Timur",
            "value_idr": "300000000",
            "commodity": "10722",
            "mou": "tidak",
        },
    ]
    deals = read_outcomes(form(tmp_path, rows), bundled)
    assert [(d.seller, d.buyer, d.value_idr, d.mou) for d in deals] == [
        (a1, b1, 1.5e9, True),
        (b1, a1, 2e8, False),
        (a2, b2, 3e8, False),
    ]
    s = summarise_outcomes(deals, bundled)
    assert s.top_commodities[0] == ("Gula merah tebu", 1.8e9)  # one name, whatever code or word
    assert s.top_commodities[1][1] == 2e8


def test_free_text_commodity_and_mou_without_value(tmp_path: Path, bundled) -> None:
    a1 = bundled.ids("A")[0]
    b1, b2 = bundled.ids("B")[:2]
    rows = [
        {"a_id": a1, "b_id": b1, "seller": "A", "value_idr": "100", "commodity": "beras"},
        {"a_id": a1, "b_id": b1, "seller": "A", "value_idr": "50", "commodity": "Beras "},
        {"a_id": a1, "b_id": b2, "seller": "B", "mou": "ya", "commodity": "HS:1006"},  # an MoU, no value
    ]
    deals = read_outcomes(form(tmp_path, rows), bundled)
    assert [d.value_idr for d in deals] == [100.0, 50.0, None]
    s = summarise_outcomes(deals, bundled)
    assert (s.transactions, s.mous, s.total_idr) == (3, 1, 150.0)
    assert s.top_commodities[0] == ("Beras", 150.0)
    with pytest.raises(DataFileError, match="unknown KBLI code '1063l'"):
        read_outcomes(
            form(tmp_path, [{"a_id": a1, "b_id": b1, "seller": "A", "commodity": "1063l"}]), bundled
        )


def test_bad_form_lists_every_problem(tmp_path: Path, bundled) -> None:
    a1 = bundled.ids("A")[0]
    b1 = bundled.ids("B")[0]
    rows = [
        {"a_id": "nobody", "b_id": b1, "seller": "A", "value_idr": "5"},
        {"a_id": b1, "b_id": a1, "seller": "A", "value_idr": "5"},
        {"a_id": a1, "b_id": b1, "seller": "C", "value_idr": "lots", "commodity": "99999", "mou": "maybe"},
    ]
    with pytest.raises(DataFileError) as exc:
        read_outcomes(form(tmp_path, rows), bundled)
    found = sorted((p.row, p.column, p.kind) for p in exc.value.problems)
    assert found == [
        (2, "a_id", "unknown-participant"),
        (3, "a_id", "wrong-side"),
        (3, "b_id", "wrong-side"),
        (4, "commodity", "unknown-code"),
        (4, "mou", "syntax"),
        (4, "seller", "unknown-seller"),
        (4, "value_idr", "syntax"),
    ]


def test_a_deal_without_a_seller_says_the_cell_is_empty(tmp_path: Path, bundled) -> None:
    """Before: "seller '' is neither side of the meeting"."""
    a1, b1 = bundled.ids("A")[0], bundled.ids("B")[0]
    rows = [{"a_id": a1, "b_id": b1, "seller": "", "value_idr": "1.500.000.000"}]
    with pytest.raises(DataFileError) as exc:
        read_outcomes(form(tmp_path, rows), bundled)
    (problem,) = exc.value.problems
    assert (problem.row, problem.column, problem.kind) == (2, "seller", "missing-seller")
    assert problem.message == "the seller cell is empty, and the row records a deal"
    assert problem.hint == "write A (Jawa Timur sells), B (Sumatera Selatan sells) or the seller's id"
    # a meeting without a deal leaves the seller empty, as before
    rows = [{"a_id": a1, "b_id": b1, "seller": "", "value_idr": ""}]
    assert read_outcomes(form(tmp_path, rows), bundled) == ()


def test_missing_columns(tmp_path: Path, bundled) -> None:
    path = tmp_path / "o.csv"
    path.write_text("a_id,b_id\nx,y\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing columns seller, value_idr"):
        read_outcomes(path, bundled)


def test_ids_a_spreadsheet_would_run_round_trip(tmp_path: Path) -> None:
    """Writers guard '@A1' as "'@A1"; the reader must undo it."""
    from matchmaker.model import Delegation, Mission, Participant

    people = [Participant("@A1", "PT A", "X", "Jatim"), Participant("=B1", "PT B", "Y", "Sumsel")]
    mission = Mission("m", Delegation("X"), Delegation("Y"), people)
    path = form(tmp_path, [{"a_id": "@A1", "b_id": "=B1", "seller": "A", "value_idr": "7"}])
    assert "'@A1" in path.read_text(encoding="utf-8")
    (deal,) = read_outcomes(path, mission)
    assert (deal.seller, deal.buyer, deal.value_idr) == ("@A1", "=B1", 7.0)


def test_a_form_as_an_indonesian_office_fills_it(tmp_path: Path, bundled) -> None:
    """Indonesian headers, ';' and a BOM (Excel in an Indonesian locale), amounts as people write them."""
    a1, a2 = bundled.ids("A")[:2]
    b1, b2 = bundled.ids("B")[:2]
    path = tmp_path / "hasil.csv"
    lines = [
        "pertemuan;id_a;id_b;penjual;nilai_rp;komoditas;volume;satuan;kategori;catatan",
        f"M001;{a1};{b1};A;Rp 306.548.050.000,00;susu;506;ton;kontrak;",
        f"M002;{a1};{b2};Jawa Timur;1,5 miliar;10631;1.200 ton;;MoU;",
        f"M003;{a2};{b2};{b2};750 juta;kelapa bulat;;;potensi;",
        f"M004;{a2};{b1};B;Rp 1.500.000.000,-;HS:0801;;;LoI;",
        f"M005;{a2};{b1};;;;;;;tidak ada transaksi",
    ]
    path.write_bytes("\ufeff".encode() + "\r\n".join(lines).encode())
    deals = read_outcomes(path, bundled)
    assert [(d.seller, d.value_idr, d.category, d.volume, d.unit) for d in deals] == [
        (a1, 306_548_050_000, "contract", 506, "ton"),
        (a1, 1_500_000_000, "mou", 1200, "ton"),
        (b2, 750_000_000, "potential", None, None),
        (b1, 1_500_000_000, "loi", None, None),
    ]
    s = summarise_outcomes(deals, bundled)
    # the same coconut, written as a word and as an HS code, is one commodity
    assert [(c.name, c.value_idr, c.deals) for c in s.commodities] == [
        ("Susu dan olahan susu", 306_548_050_000, 1),
        ("Kelapa", 2_250_000_000, 2),
        ("Beras", 1_500_000_000, 1),
    ]
    assert dict(s.commodities[1].sold_by) == {"Jawa Timur": 0.0, "Sumatera Selatan": 2_250_000_000}
    assert s.commodities[0].volumes == ((506.0, "ton"),)
    assert dict(s.categories) == {
        "contract": (1, 306_548_050_000),
        "mou": (1, 1_500_000_000),
        "loi": (1, 1_500_000_000),
        "potential": (1, 750_000_000),
    }
    assert s.realised_idr == 306_548_050_000
    assert s.mous == 1
    assert "  Terealisasi (kontrak): 98,8 % dari nilai" in s.to_text("id")  # 306,5 of 310,3 miliar


def test_amount_and_volume_problems_name_the_cell_and_say_what_to_write(tmp_path: Path, bundled) -> None:
    a1, b1 = bundled.ids("A")[0], bundled.ids("B")[0]
    rows = [
        {"a_id": a1, "b_id": b1, "seller": "A", "value_idr": "1,500"},
        {"a_id": a1, "b_id": b1, "seller": "A", "value_idr": "2.000 triliun"},
        {"a_id": a1, "b_id": b1, "seller": "A", "value_idr": "-5 juta"},
        {"a_id": a1, "b_id": b1, "seller": "A", "volume": "506"},
        {"a_id": a1, "b_id": b1, "seller": "A", "category": "janji"},
    ]
    with pytest.raises(DataFileError) as exc:
        read_outcomes(form(tmp_path, rows), bundled)
    found = [(p.row, p.column, p.kind) for p in exc.value.problems]
    assert found == [
        (2, "value_idr", "syntax"),
        (3, "value_idr", "implausible-amount"),
        (4, "value_idr", "negative"),
        (5, "unit", "missing-unit"),
        (6, "category", "syntax"),
    ]
    hints = [p.hint or "" for p in exc.value.problems]
    assert "1.500 for fifteen hundred" in hints[0]
    assert "above the plausible maximum" in exc.value.problems[1].message
    assert "kontrak" in hints[4]


def test_the_published_summary_by_hand(bundled) -> None:
    """Every commodity (not a top 5), sectors, kabupaten/kota, direction and the press paragraph."""
    a = bundled.ids("A")
    b = bundled.ids("B")
    goods = ["beras", "susu", "rokok", "ikan beku", "kerupuk", "semen", "madu"]
    deals = [
        Deal(a[k], b[k], (k + 1) * 1e9, commodity=g, volume=10.0 * (k + 1), unit="t")
        for k, g in enumerate(goods)
    ]
    deals.append(Deal(b[9], a[9], 2.5e9, commodity="kelapa", category="potential"))
    s = summarise_outcomes(deals, bundled, meetings=449)
    assert len(s.commodities) == 8  # all of them
    assert s.commodities[0].name == "Madu"
    assert s.commodities[0].volumes == ((70.0, "ton"),)  # "t" is written "ton"
    assert s.total_idr == 30.5e9
    by_sector = {name: (v, n) for name, v, n in s.sectors}
    assert by_sector["Industri pengolahan"] == (1e9 + 2e9 + 3e9 + 4e9 + 5e9 + 6e9, 6)  # rice .. cement
    assert by_sector["Pertanian, kehutanan dan perikanan"] == (7e9 + 2.5e9, 2)  # honey, coconut
    # each delegation's places: every deal counted once per participant, sales and purchases
    places = {(p.delegation, p.place): p for p in s.places}
    for deal in deals:
        for pid in (deal.seller, deal.buyer):
            delegation = bundled.side_a.name if pid in a else bundled.side_b.name
            assert (delegation, bundled[pid].city) in places
    assert sum(p.deals for p in s.places) == 2 * len(deals)
    assert sum(p.sold_idr for p in s.places) == s.total_idr
    jatim = [p for p in s.places if p.delegation == "Jawa Timur"]
    assert sum(p.sold_idr for p in jatim) == s.sold["Jawa Timur"] == 28e9
    assert sum(p.bought_idr for p in jatim) == s.bought["Jawa Timur"] == 2.5e9
    text = s.press_release("id")
    assert "Total transaksi mencapai Rp 30,5 miliar (Rp 30.500.000.000) dari 8 transaksi" in text
    assert "kontrak dagang Rp 28 miliar dan potensi transaksi Rp 2,5 miliar" in text
    assert "Jawa Timur menjual senilai Rp 28 miliar dan membeli Rp 2,5 miliar" in text
    assert "madu (70 ton, Rp 7 miliar)" in text
    assert "pada 2 Desember 2020" in text
    assert "449 pertemuan bisnis" in text
    english = summarise_outcomes(deals, bundled, lang="en").press_release("en")
    assert "Deals totalled Rp 30.5 billion (Rp 30,500,000,000) in 8 transactions" in english
    assert "Honey (70 ton, Rp 7 billion)" in english
    assert s.to_text("id").count("\n  ") >= 8 + 2  # a line per commodity and delegation
    fragment = s.to_html("id")
    assert all(c.name in fragment for c in s.commodities)
    assert fragment.count("<table") == 4


def test_summary_html_escapes_what_people_typed(bundled) -> None:
    a, b = bundled.ids("A")[0], bundled.ids("B")[0]
    s = summarise_outcomes([Deal(a, b, 1e6, commodity="<script>x</script>")], bundled)
    assert "<script>" not in s.to_html("en")


def test_numbers_typed_into_excel_cells_keep_their_value(tmp_path: Path, bundled) -> None:
    """A cell holding the number 1.125 is one and an eighth, not 1125 (as the text "1.125" would be)."""
    openpyxl = pytest.importorskip("openpyxl")
    a1, b1 = bundled.ids("A")[0], bundled.ids("B")[0]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "outcomes"
    sheet.append(["a_id", "b_id", "seller", "value_idr", "commodity", "volume", "unit"])
    sheet.append([a1, b1, "A", 1_500_000_000, "beras", 1.125, "ton"])
    sheet.append([a1, b1, "A", 2.5e9, "beras", 12.5, "ton"])
    book.save(tmp_path / "form.xlsx")
    deals = read_outcomes(tmp_path / "form.xlsx", bundled)
    assert [(d.value_idr, d.volume) for d in deals] == [(1.5e9, 1.125), (2.5e9, 12.5)]


def test_a_deal_column_under_another_name_is_named_not_dropped(
    tmp_path: Path, bundled, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a form whose category column was headed ``kind`` (the tutorial's word) or
    ``jenis``, or whose commodity column was ``produk``, was read without those columns:
    every MoU counted as a deal of no kind, every commodity "(not stated)", exit 0."""
    from matchmaker.cli import EXIT_INVALID, main
    from matchmaker.io import save_mission

    a, b = bundled.ids("A")[0], bundled.ids("B")[0]
    path = tmp_path / "hasil.csv"
    text = f"id_a;id_b;penjual;nilai_rp;jenis;produk\n{a};{b};A;1 miliar;MoU;beras\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_outcomes(path, bundled)
    found = [(p.kind, p.column, p.data["meant"]) for p in caught.value.problems]
    assert found == [("misnamed-column", "jenis", "category"), ("misnamed-column", "produk", "commodity")]
    mission = tmp_path / "mission.json"
    save_mission(bundled, mission)
    assert main(["--lang", "id", "outcomes", str(path), "--mission", str(mission)]) == EXIT_INVALID
    assert "kolom tidak dikenal 'jenis': formulir hasil menamainya 'kategori'" in capsys.readouterr().err
    # the form's own names, in either language, read as before
    path.write_text(
        f"id_a;id_b;penjual;nilai_rp;kategori;komoditas\n{a};{b};A;1 miliar;MoU;beras\n", encoding="utf-8"
    )
    (deal,) = read_outcomes(path, bundled)
    assert deal.category == "mou"


# ------------------------------------------------ a form printed from another run's plan
def test_a_form_whose_meetings_are_other_pairs_in_the_result_is_warned_of(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``outcomes --result`` took a form printed from another run without a word:
    its deals were compared with the potential of meetings that were not theirs (the
    walkthrough's "122.8 % of it"), and the press paragraph lost the mission's name."""
    import csv

    from matchmaker.cli import main
    from matchmaker.datasets import bundled_mission_path

    with (result_json.parent / "outcome_form.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=","))
    head, first, second = rows[0], rows[1], rows[2]
    col = {name: k for k, name in enumerate(head)}
    other = next(r[col["b_id"]] for r in rows[3:] if r[col["b_id"]] != second[col["b_id"]])
    mine = (second[col["a_id"]], other)  # the form's second meeting, another buyer
    second[col["b_id"]] = other
    for row, value in ((first, "1 miliar"), (second, "2 miliar")):
        row[col["seller"]], row[col["value_idr"]] = "A", value
    form = tmp_path / "hasil.csv"
    with form.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=",").writerows(rows)
    document = json.loads(result_json.read_text(encoding="utf-8"))
    document["mission"]["name"] = "Misi Dagang Jatim – Sumsel 2020"
    result = tmp_path / "result.json"
    result.write_text(json.dumps(document), encoding="utf-8")
    theirs = next(m for m in document["meetings"] if m["meeting"] == second[col["meeting"]])
    argv = ["outcomes", str(form), "--mission", str(bundled_mission_path()), "--result", str(result)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    ref = second[col["meeting"]]
    assert err.startswith(f"warning: 1 of the form's meetings are other pairs in {result} (")
    assert f"{ref}: the form {mine[0]} × {mine[1]}, the result {theirs['a_id']} × {theirs['b_id']})" in err
    assert first[col["meeting"]] + ":" not in err  # the one that agrees is not listed
    assert "give --result the result.json of the run that printed the form" in err
    assert main(["--lang", "id", *argv]) == 0
    out, err = capsys.readouterr()
    assert f"{ref}: formulir {mine[0]} × {mine[1]}, hasil {theirs['a_id']} × {theirs['b_id']})" in err
    assert out.split("\n\n")[-1].startswith("Misi Dagang Jatim – Sumsel 2020 pada ")
    assert main(["--json", *argv]) == 0
    (warning,) = json.loads(capsys.readouterr().out)["warnings"]
    assert f"{ref}: the form" in warning
    # the form of the run: no warning
    second[col["b_id"]] = theirs["b_id"]
    with form.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=",").writerows(rows)
    assert main(argv) == 0
    assert "other pairs" not in capsys.readouterr().err
