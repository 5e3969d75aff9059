"""XLSX input as people make it: title rows, other sheets, merged cells, formulas without values."""

from __future__ import annotations

from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.errors import DataFileError

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["id", "name", "delegation", "province", "offers", "needs"]
ROWS = [
    ["A1", "PT A", "Jawa Timur", "Jatim", "10631=5000000", ""],
    ["A2", "PT A2", "Jawa Timur", "Jatim", "10631", ""],
    ["B1", "PT B", "Sumatera Selatan", "Sumsel", "", "10631"],
    ["B2", "PT C", "Sumatera Selatan", "Sumsel", "", "10631"],
]


def _book(path: Path, rows: list[list[object]], *, title: str | None = None, sheet: str = "Sheet") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells("A1:F1")
        ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_a_header_below_a_merged_title_is_found(tmp_path: Path) -> None:
    path = _book(tmp_path / "p.xlsx", ROWS, title="Daftar Peserta Misi Dagang 2025")
    people = mm.read_participants(path)
    assert [p.id for p in people] == ["A1", "A2", "B1", "B2"]


def test_problems_below_a_title_carry_the_sheets_row_numbers(tmp_path: Path) -> None:
    rows = [r[:] for r in ROWS]
    rows[1][3] = "Jatmi"
    path = _book(tmp_path / "p.xlsx", rows, title="Peserta")
    with pytest.raises(DataFileError) as info:
        mm.read_participants(path)
    assert [(p.row, p.column) for p in info.value.problems] == [
        (5, "province")
    ]  # title, blank, header, A1, A2


def test_sheet_chooses_the_sheet_and_a_wrong_name_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _book(tmp_path / "p.xlsx", ROWS, sheet="Peserta")
    book = openpyxl.load_workbook(path)
    book.create_sheet("Catatan", 0).append(["just notes"])
    book.save(path)
    assert main(["validate", str(path), "--sheet", "Peserta"]) == EXIT_OK
    capsys.readouterr()
    assert main(["validate", str(path), "--sheet", "Nope"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "no sheet 'Nope' (sheets: Catatan, Peserta)" in err


def test_merged_cells_are_named_as_such_once(tmp_path: Path) -> None:
    path = _book(tmp_path / "p.xlsx", ROWS)
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("C2:C3")  # the delegation of A1 and A2, merged
    book.save(path)
    with pytest.raises(DataFileError) as info:
        mm.read_participants(path)
    (p,) = info.value.problems
    assert (p.kind, p.row, p.column) == ("merged-cells", 2, "delegation")
    assert "C2:C3 are merged" in p.message


def test_a_formula_without_a_cached_value_is_reported_not_read_as_empty(tmp_path: Path) -> None:
    rows = [r[:] for r in ROWS]
    rows[0][4] = '="10631="&5000000'  # openpyxl saves formulas without computing them
    path = _book(tmp_path / "p.xlsx", rows)
    with pytest.raises(DataFileError) as info:
        mm.read_participants(path)
    (p,) = info.value.problems
    assert (p.kind, p.row, p.column) == ("formula-without-value", 2, "offers")
    assert "E2" in p.message


def test_a_required_cell_holding_a_formula_without_a_value_is_reported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a name or province cell saved as a formula without its value was reported
    twice: "no computed value", then "name must be a non-empty text, got ''" (read as
    empty, which the README says such cells never are)."""
    rows = [r[:] for r in ROWS]
    rows[0][1] = '=CONCAT("PT ", "A")'
    rows[2][3] = "=D2"
    path = _book(tmp_path / "p.xlsx", rows)
    with pytest.raises(DataFileError) as info:
        mm.read_participants(path)
    found = [(p.kind, p.row, p.column) for p in info.value.problems]
    assert found == [("formula-without-value", 2, "name"), ("formula-without-value", 4, "province")]
    assert main(["validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "non-empty" not in err
    assert err.count("no computed value") == 2
    # a cell of another row, empty for its own reason, is still said to be
    rows[1][1] = ""
    with pytest.raises(DataFileError) as info:
        mm.read_participants(_book(tmp_path / "q.xlsx", rows))
    assert ("missing", 3, "name") in [(p.kind, p.row, p.column) for p in info.value.problems]


def test_an_instructions_sheet_before_the_table_is_passed_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a workbook whose first sheet was a cover or ``Petunjuk`` sheet (and none
    called ``participants``) was refused: "[Petunjuk], row 1: missing columns id, name, ..."."""
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Isi lembar peserta; satu baris per peserta"])
    table = book.create_sheet("peserta")
    for row in [["ID", "Nama", "Delegasi", "Provinsi", "Penawaran", "Kebutuhan"], *ROWS]:
        table.append(row)
    book.save(tmp_path / "p.xlsx")
    assert [p.id for p in mm.load_mission(tmp_path / "p.xlsx").participants] == ["A1", "A2", "B1", "B2"]
    assert main(["validate", str(tmp_path / "p.xlsx")]) == EXIT_OK
    capsys.readouterr()


def test_tables_on_several_sheets_are_named_not_half_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, the first sheet alone was read: participants on the others were dropped
    silently (or, one delegation per sheet, "the participants name 1 ('Jawa Timur')")."""
    book = openpyxl.Workbook()
    book.active.title = "Jawa Timur"
    for row in [HEADER, *ROWS[:2]]:
        book.active.append(row)
    late = book.create_sheet("tambahan")
    for row in [HEADER, *ROWS[2:]]:
        late.append(row)
    book.create_sheet("kosong").append(HEADER)  # a header with no row under it is no table
    path = tmp_path / "p.xlsx"
    book.save(path)
    with pytest.raises(DataFileError) as caught:
        mm.load_mission(path)
    (problem,) = caught.value.problems
    assert problem.kind == "several-tables"
    assert problem.message == "2 sheets hold a participant table: 'Jawa Timur', 'tambahan'"
    assert "--sheet" in (problem.hint or "")
    assert main(["--lang", "id", "run", str(path), "--date", "2025-09-29", "--out", str(tmp_path / "o")]) == (
        EXIT_INVALID
    )
    assert "2 lembar berisi tabel peserta: 'Jawa Timur', 'tambahan'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    # naming the sheet reads it, as before
    with pytest.raises(mm.ValidationError, match="needs at least two delegations"):
        mm.load_mission(path, sheet="tambahan")
