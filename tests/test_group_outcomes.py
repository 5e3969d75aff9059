"""Deal outcomes of a mission of three delegations: the group pack's form, read back and summarised.

Oracles: the form's rows against the pack's own ``meetings.csv`` (one per meeting, one per
member of a group meeting); the summary's totals against the sums of what the test wrote
into the form; a two-delegation mission summarised as a group mission against the
ordinary summary (the same text, data and page).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.datasets import synthetic_group_mission
from matchmaker.errors import DataFileError
from matchmaker.export.groups import OUTCOME_FORM_COLUMNS
from matchmaker.io.csv_format import write_csv
from matchmaker.model.groups import GroupMission
from matchmaker.reporting.evaluate import declared_potential
from matchmaker.reporting.labels import column_label
from matchmaker.reporting.outcomes import Deal, read_outcomes, summarise_outcomes
from matchmaker.reporting.problems import problem_text

GROUPS = ("Jawa Timur", "Bali", "Sumatera Selatan")
TUTORIAL = Path(__file__).parents[1] / "docs" / "tutorial.md"
#: Amounts as an Indonesian office types them, and their value.
AMOUNTS = (("1.500.000.000", 1.5e9), ("750 juta", 7.5e8), ("2 miliar", 2e9), ("Rp 300.000.000,-", 3e8))


def _mission() -> GroupMission:
    m = synthetic_group_mission(dict.fromkeys(GROUPS, 10) | {"Jawa Timur": 12}, seed=7)
    people = list(m.participants)
    # JT-001 meets a Balinese and two South Sumatran businesses together
    people[0] = people[0].replace(extra={"group_meeting": "BA-001; SS-002; SS-003"})
    return GroupMission.from_participants(people, name=m.name, date=m.date, venue=m.venue)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The participant table and the packs ``matchmaker run`` writes for it, English and Indonesian."""
    base = tmp_path_factory.mktemp("group-outcomes")
    table = base / "peserta.csv"
    write_csv(_mission().participants, table)
    found = {"table": table}
    for lang in ("en", "id"):
        out = base / f"out-{lang}"
        argv = ["run", str(table), "--date", "2025-09-29", "--timezone", "WIB", "--out", str(out)]
        assert main([*argv, "--lang", lang]) == EXIT_OK
        found[lang] = out
    return found


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _write(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_group_pack_has_a_form_row_per_meeting_and_per_member_of_a_group_meeting(
    packs: dict[str, Path],
) -> None:
    form, meetings = _rows(packs["en"] / "outcome_form.csv"), _rows(packs["en"] / "meetings.csv")
    assert list(form[0]) == list(OUTCOME_FORM_COLUMNS)
    expected = []
    for k, m in enumerate(meetings, start=1):
        for member in m["id_2"].split("; "):
            expected.append((f"M{k:03d}", m["start"], m["table"], m["id_1"], member))
    assert [(r["meeting"], r["start"], r["table"], r["a_id"], r["b_id"]) for r in form] == expected
    assert [m["kind"] for m in meetings].count("group") == 1  # the group meeting was placed
    host = [r for r in form if r["a_id"] == "JT-001" and r["b_id"] in ("BA-001", "SS-002", "SS-003")]
    assert len(host) == 3  # a row per member...
    assert len({r["meeting"] for r in host}) == 1  # ...of one meeting
    mission = _mission()
    for r in form:  # names and delegations as the mission has them; the deal's cells empty
        assert (r["a_name"], r["a_delegation"]) == (mission[r["a_id"]].name, mission[r["a_id"]].delegation)
        assert (r["b_name"], r["b_delegation"]) == (mission[r["b_id"]].name, mission[r["b_id"]].delegation)
        assert not any(r[c] for c in ("seller", "value_idr", "commodity", "category", "notes"))
    assert read_outcomes(packs["en"] / "outcome_form.csv", mission) == ()  # nothing filled in yet


def _filled(form: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, float], dict[str, float]]:
    """The form with a deal in every other row, the seller written each way the form takes
    (A, B, an id, a delegation); with what each delegation sold and bought, by hand."""
    sold, bought = dict.fromkeys(GROUPS, 0.0), dict.fromkeys(GROUPS, 0.0)
    rows = []
    for k, row in enumerate(form):
        row = dict(row)
        if k % 2 == 0:
            text, value = AMOUNTS[k // 2 % len(AMOUNTS)]
            way = k // 2 % 4
            a_sells = way in (0, 2)
            row["seller"] = ("A", "B", row["a_id"], row["b_delegation"])[way]
            row["value_idr"] = text
            row["commodity"] = ("10722", "beras", "HS:0901", "kopi")[way]
            row["volume"], row["unit"] = "10", "ton"
            sold[row["a_delegation" if a_sells else "b_delegation"]] += value
            bought[row["b_delegation" if a_sells else "a_delegation"]] += value
        rows.append(row)
    return rows, sold, bought


def test_a_filled_group_form_is_read_back_and_summarised_by_delegation(
    packs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = _rows(packs["en"] / "outcome_form.csv")
    rows, sold, bought = _filled(form)
    path = _write(tmp_path / "filled.csv", rows)
    argv = ["--json", "outcomes", str(path), "--mission", str(packs["table"]), "--lang", "en"]
    page = tmp_path / "hasil.html"
    assert main([*argv, "--html", str(page)]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    total = sum(sold.values())
    assert data["transactions"] == (len(form) + 1) // 2
    assert data["total_idr"] == pytest.approx(total)
    assert list(data["sold"]) == list(data["bought"]) == list(GROUPS)  # every delegation, in order
    assert data["sold"] == pytest.approx(sold)
    assert data["bought"] == pytest.approx(bought)
    assert sum(data["sold"].values()) == pytest.approx(sum(data["bought"].values())) == pytest.approx(total)
    for c in data["commodities"]:
        assert list(c["sold_by"]) == list(GROUPS)
        assert sum(c["sold_by"].values()) == pytest.approx(c["value_idr"])
    places = [p["delegation"] for p in data["places"]]
    assert places == sorted(places, key=GROUPS.index)  # each delegation's places together, in order
    assert sum(p["sold_idr"] for p in data["places"]) == pytest.approx(total)
    people = {g: sum(1 for p in _mission().participants if p.delegation == g) for g in GROUPS}
    assert (
        f"brought together {sum(people.values())} businesses from Jawa Timur ({people['Jawa Timur']}), "
        f"Bali ({people['Bali']}) and Sumatera Selatan ({people['Sumatera Selatan']})"
    ) in data["press_release"]
    for g in GROUPS:
        assert f"{g} sold " in data["press_release"]
    html = page.read_text(encoding="utf-8")
    assert all(f"{g} sold</th>" in html for g in GROUPS)  # a column per delegation in the commodity table
    assert main(argv[1:]) == EXIT_OK
    text = capsys.readouterr().out
    assert all(f"  {g} sold Rp " in text for g in GROUPS)


def test_the_indonesian_group_pack_form_and_workbook_read_back(
    packs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (packs["id"] / "outcome_form.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel in an Indonesian locale: a BOM and ";"
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header == ";".join(column_label(c, "id") for c in OUTCOME_FORM_COLUMNS)
    assert header.startswith("pertemuan;mulai;meja;id_a;nama_a;delegasi_a;id_b;nama_b;delegasi_b;penjual")
    form = _rows(packs["id"] / "outcome_form.csv", ";")
    form[0] |= {"penjual": "A", "nilai_rp": "1,5 miliar", "komoditas": "beras", "kategori": "kontrak"}
    form[1] |= {"penjual": form[1]["delegasi_b"], "nilai_rp": "Rp 250.000.000,-", "kategori": "MoU"}
    path = _write(tmp_path / "hasil.csv", form, ";")
    assert main(["outcomes", str(path), "--mission", str(packs["table"]), "--lang", "id"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "Total nilai transaksi: Rp 1.750.000.000" in text
    said = "mempertemukan 32 pelaku usaha dari Jawa Timur (12), Bali (10) dan Sumatera Selatan (10)"
    assert said in text
    assert said in " ".join(TUTORIAL.read_text(encoding="utf-8").split())  # the tutorial quotes it (§7)
    assert "Bali menjual senilai" in text  # every delegation, even one that sold nothing here
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(packs["id"] / "matchmaker.xlsx")
    assert book.sheetnames[:4] == ["ikhtisar", "jadwal", "pertemuan", "hasil"]  # the grid second, as for two
    sheet = book["hasil"]
    assert [c.value for c in sheet[1]] == [column_label(c, "id") for c in OUTCOME_FORM_COLUMNS]
    assert sheet.max_row == len(form) + 1
    sheet.cell(row=2, column=10, value="B")
    sheet.cell(row=2, column=11, value="2 miliar")
    book.save(tmp_path / "hasil.xlsx")
    (deal,) = read_outcomes(tmp_path / "hasil.xlsx", _mission())
    assert (deal.seller, deal.buyer, deal.value_idr) == (form[0]["id_b"], form[0]["id_a"], 2e9)


def test_bad_rows_of_a_group_form_are_reported_together(
    packs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"meeting": "M1", "a_id": "XX-999", "b_id": "BA-001", "seller": "A", "value_idr": "1 miliar"},
        {"meeting": "M2", "a_id": "JT-001", "b_id": "JT-002", "seller": "A", "value_idr": "1 miliar"},
        {"meeting": "M3", "a_id": "BA-001", "b_id": "SS-002", "seller": "A", "value_idr": "1 miliar"},
        {"meeting": "M4", "a_id": "JT-001", "b_id": "BA-001", "seller": "SS-002", "value_idr": "1 miliar"},
        {"meeting": "M5", "a_id": "JT-001", "b_id": "BA-001", "seller": "Bali", "value_idr": "1 miliar"},
    ]
    path = _write(tmp_path / "bad.csv", rows)
    allow = ["--allow", "Jawa Timur:Bali", "--allow", "Jawa Timur:Sumatera Selatan"]
    argv = ["outcomes", str(path), "--mission", str(packs["table"]), *allow]
    assert main(["--json", *argv]) == EXIT_INVALID
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["row"], p["column"], p["kind"]) for p in problems] == [
        (2, "a_id", "unknown-participant"),
        (3, "b_id", "same-delegation-deal"),
        (4, "b_id", "disallowed-deal"),
        (5, "seller", "unknown-seller"),
    ]  # row 6: the seller's delegation is a seller
    assert all(p["source"] == str(path) and p["hint"] for p in problems[1:])
    assert main(["--lang", "id", *argv]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "baris 3, kolom 'b_id': 'JT-001' dan 'JT-002' sama-sama dari delegasi 'Jawa Timur'" in err
    assert "delegasi 'Bali' dan 'Sumatera Selatan' tidak boleh bertemu di misi ini" in err
    # without the allowed pairs every pair of delegations may meet: row 4 is a deal then
    assert main(["--json", *argv[:4]]) == EXIT_INVALID
    kinds = [p["kind"] for p in json.loads(capsys.readouterr().out)["problems"]]
    assert kinds == ["unknown-participant", "same-delegation-deal", "unknown-seller"]


def test_outcomes_result_of_a_group_run_compares_with_the_declared_potential(
    packs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, sold, _ = _filled(_rows(packs["en"] / "outcome_form.csv"))
    path = _write(tmp_path / "filled.csv", rows)
    result = packs["en"] / "result.json"
    argv = ["--json", "outcomes", str(path), "--mission", str(packs["table"]), "--result", str(result)]
    assert main(argv) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    meetings = _rows(packs["en"] / "meetings.csv")
    pairs = [(r["a_id"], r["b_id"]) for r in _rows(packs["en"] / "outcome_form.csv")]
    potential = declared_potential(_mission(), pairs)
    assert potential > 0
    assert data["declared_potential_idr"] == pytest.approx(potential)
    assert data["realisation"] == pytest.approx(sum(sold.values()) / potential)
    assert f"in {len(meetings)} business meetings." in data["press_release"]
    other = tmp_path / "two.csv"  # not the participants the run was made from
    other.write_text("id,name,delegation,province\nJT-001,PT A,Jawa Timur,Jatim\nB1,PT B,Bali,Bali\n")
    form = _write(tmp_path / "one.csv", [{"a_id": "JT-001", "b_id": "B1", "seller": "A", "value_idr": "1"}])
    assert main(["--json", "outcomes", str(form), "--mission", str(other), "--result", str(result)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["source"]) == ("unknown-participant", str(result))
    assert "give --mission the participant file the run was made from" in problem["hint"]


def test_two_delegations_summarised_as_a_group_mission_read_as_the_ordinary_summary(bundled) -> None:
    """The group path's summary is the two-delegation one when there are two delegations."""
    a1, a2 = bundled.ids("A")[:2]
    b1, b2 = bundled.ids("B")[:2]
    deals = [
        Deal(a1, b1, 1.5e9, commodity="10722", volume=10, unit="ton"),
        Deal(b2, a2, 7.5e8, mou=True),
        Deal(b1, a1, None, commodity="beras", category="loi"),
    ]
    group = GroupMission.from_mission(bundled)
    for lang in ("en", "id"):
        ordinary = summarise_outcomes(deals, bundled, meetings=40, declared_potential_idr=5e9, lang=lang)
        grouped = summarise_outcomes(deals, group, meetings=40, declared_potential_idr=5e9, lang=lang)
        assert grouped.to_dict() == ordinary.to_dict()
        assert grouped.to_text(lang) == ordinary.to_text(lang)
        assert grouped.press_release(lang) == ordinary.press_release(lang)
        assert grouped.to_page(lang) == ordinary.to_page(lang)


def test_the_seller_hints_name_the_delegations_in_both_languages(tmp_path: Path) -> None:
    """Before, the Indonesian hint of an empty seller said "sisi A menjual" (a mission of three
    delegations has no sides), and neither hint of an unknown seller said that a delegation's
    name is a seller too (as it is: the last row below is read)."""
    rows = [
        {"a_id": "JT-001", "b_id": "BA-001", "seller": "", "value_idr": "1 miliar"},
        {"a_id": "JT-001", "b_id": "BA-001", "seller": "C", "value_idr": "1 miliar"},
        {"a_id": "JT-001", "b_id": "BA-001", "seller": "bali", "value_idr": "1 miliar"},
    ]
    with pytest.raises(DataFileError) as exc:
        read_outcomes(_write(tmp_path / "form.csv", rows), _mission())
    empty, unknown = exc.value.problems
    assert (empty.row, empty.kind, unknown.row, unknown.kind) == (2, "missing-seller", 3, "unknown-seller")
    assert empty.hint == "write A (Jawa Timur sells), B (Bali sells) or the seller's id"
    assert unknown.hint == "write A, B, the seller's id or its delegation (Jawa Timur or Bali)"
    assert problem_text(empty, "id").endswith(
        "(tulis A (Jawa Timur menjual), B (Bali menjual) atau id penjual)"
    )
    assert problem_text(unknown, "id").endswith(
        "(tulis A, B, id penjual atau delegasinya (Jawa Timur atau Bali))"
    )
    (deal,) = read_outcomes(_write(tmp_path / "ok.csv", rows[2:]), _mission())
    assert (deal.seller, deal.buyer) == ("BA-001", "JT-001")  # the delegation named sells, as the hint says
    # a participant the mission does not know: no delegation to name, in either language
    rows = [{"a_id": "XX-1", "b_id": "BA-001", "seller": "C", "value_idr": "1 miliar"}]
    with pytest.raises(DataFileError) as exc:
        read_outcomes(_write(tmp_path / "unknown.csv", rows), _mission())
    (unknown,) = [p for p in exc.value.problems if p.kind == "unknown-seller"]
    assert unknown.hint == "write A, B or the seller's id"
    assert problem_text(unknown, "id").endswith("(tulis A, B atau id penjual)")
