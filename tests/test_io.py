"""Loaders and writers: round trips, and every kind of bad file named by row and column."""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker import DataFileError, MissingDependencyError, Participant, ValidationError
from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.io import COLUMNS, load_mission, read_participants, save_mission, write_participants
from tests.strategies import missions

HEADER = "id,name,delegation,province,offers,needs,must_meet"


def write(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def only_problem(exc: pytest.ExceptionInfo[DataFileError]) -> tuple[str, int | None, str | None, str]:
    (p,) = exc.value.problems
    return p.kind, p.row, p.column, p.message


class TestRoundTrip:
    @pytest.mark.parametrize(
        ("suffix", "options"),
        [("csv", {}), ("csv", {"delimiter": ";", "bom": True}), ("json", {}), ("xlsx", {})],
    )
    def test_bundled_mission(self, tmp_path: Path, suffix: str, options: dict[str, object]) -> None:
        m = east_java_south_sumatra_2020()
        path = tmp_path / f"m.{suffix}"
        write_participants(m, path, **options)
        assert read_participants(path) == m.participants

    @settings(max_examples=25)
    @given(m=missions(), fmt=st.sampled_from(["csv", "json", "xlsx"]))
    def test_generated_missions(self, tmp_path_factory: pytest.TempPathFactory, m, fmt: str) -> None:
        path = tmp_path_factory.mktemp("rt") / f"m.{fmt}"
        write_participants(m.participants, path)
        assert read_participants(path) == m.participants

    def test_mission_file_keeps_metadata(self, tmp_path: Path) -> None:
        m = east_java_south_sumatra_2020()
        save_mission(m, tmp_path / "m.json")
        assert load_mission(tmp_path / "m.json") == m
        document = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
        assert document["format"] == "matchmaker.mission"
        assert document["version"] == 1

    def test_hostile_text_round_trips_and_is_neutralised(self, tmp_path: Path) -> None:
        people = (
            Participant("A1", '=HYPERLINK("http://x","y")', "Jawa Timur", "Jatim", contact="+62 812"),
            Participant("B1", "<script>alert(1)</script>", "Sumatera Selatan", "Sumsel", contact="'quoted"),
        )
        for suffix in ("csv", "xlsx"):
            path = tmp_path / f"h.{suffix}"
            write_participants(people, path)
            assert read_participants(path) == people
        raw = (tmp_path / "h.csv").read_text(encoding="utf-8")
        assert "'=HYPERLINK" in raw
        assert ",'+62 812" in raw
        openpyxl = pytest.importorskip("openpyxl")
        sheet = openpyxl.load_workbook(tmp_path / "h.xlsx")["participants"]
        assert sheet["B2"].data_type == "s"
        assert sheet["B2"].value.startswith("'=")

    def test_extra_columns_are_kept(self, tmp_path: Path) -> None:
        path = write(
            tmp_path, "id,name,delegation,province,Keterangan\nA1,PT A,X,Jatim,VIP\nB1,PT B,Y,Sumsel,\n"
        )
        people = read_participants(path)
        assert people[0].extra == (("Keterangan", "VIP"),)
        write_participants(people, tmp_path / "out.csv")
        assert read_participants(tmp_path / "out.csv") == people

    def test_semicolon_excel_file_with_bom_and_indonesian_headers(self, tmp_path: Path) -> None:
        text = (
            "id;Nama Perusahaan;Delegasi;Provinsi;Penawaran;Kebutuhan;Ingin Bertemu\r\n"
            'JT-1;CV Tani;Jawa Timur;Jatim;"10631=1.500.000.000; HS:1006";;SS-1\r\n'
            "SS-1;PT Musi;Sumatera Selatan;Sumsel;;46311;\r\n"
        )
        path = write(tmp_path, "\ufeff" + text)
        m = load_mission(path)
        assert m.side_a.name == "Jawa Timur"
        assert m.timezone == "Asia/Jakarta"
        (jt,) = m.side("A")
        assert [str(line) for line in jt.offers] == ["10631=1500000000", "HS:1006"]
        assert jt.would_like == ("SS-1",)

    def test_offers_hs_column(self, tmp_path: Path) -> None:
        path = write(
            tmp_path, "id,name,delegation,province,offers,offers_hs\nA1,PT A,X,Jatim,10631,1006; 0207\n"
        )
        (p,) = read_participants(path)
        assert [line.key for line in p.offers] == ["KBLI:10631", "HS:1006", "HS:0207"]

    def test_load_mission_time_zone(self, tmp_path: Path) -> None:
        mixed = write(tmp_path, "id,name,delegation,province\nA1,PT A,Jatim,Jatim\nB1,PT B,Bali,Bali\n")
        with pytest.raises(DataFileError, match="cannot tell the event's time zone") as exc:
            load_mission(mixed)  # Jakarta (WIB) and Bali (WITA): guessing would shift every agenda
        assert "--timezone" in (exc.value.problems[0].hint or "")
        assert load_mission(mixed, timezone="WITA").timezone == "Asia/Makassar"
        same = write(
            tmp_path, "id,name,delegation,province\nA1,PT A,Bali,Bali\nB1,PT B,NTB,NTB\n", "same.csv"
        )
        assert load_mission(same).timezone == "Asia/Makassar"
        assert load_mission(same, date="2025-01-02").date.isoformat() == "2025-01-02"
        with pytest.raises(ValidationError, match="event date '02/01/2025' is not a date"):
            load_mission(same, date="02/01/2025")

    def test_json_mission_sides_can_be_swapped(self, tmp_path: Path) -> None:
        m = east_java_south_sumatra_2020()
        save_mission(m, tmp_path / "m.json")
        swapped = load_mission(tmp_path / "m.json", side_a="Sumatera Selatan")
        assert swapped.ids("A") == m.ids("B")
        with pytest.raises(ValueError, match=r"does not end in \.json"):
            save_mission(m, tmp_path / "m.csv")

    def test_multiline_cell_keeps_spreadsheet_row_numbers(self, tmp_path: Path) -> None:
        text = 'id,name,delegation,province\nA1,"PT A\nline two",X,Jatim\nB1,PT B,Y,Atlantis\n'
        with pytest.raises(DataFileError) as exc:
            read_participants(write(tmp_path, text))
        assert [p.row for p in exc.value.problems] == [3]

    def test_data_in_an_unnamed_column_is_reported(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,delegation,province,\nA1,PT A,X,Jatim,VIP\nB1,PT B,Y,Sumsel,\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        (p,) = exc.value.problems
        assert (p.kind, p.row, p.column) == ("unnamed-column", 2, "E")

    def test_xlsx_cells_right_of_the_header_are_reported(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["id", "name", "delegation", "province"])
        sheet.append(["A1", "PT A", "X", "Jatim", None, "lost?"])
        sheet.append(["B1", "PT B", "Y", "Sumsel"])
        book.save(tmp_path / "p.xlsx")
        with pytest.raises(DataFileError) as exc:
            read_participants(tmp_path / "p.xlsx")
        assert [(p.kind, p.row, p.column) for p in exc.value.problems] == [("unnamed-column", 2, "F")]


class TestBadFiles:
    def test_missing_column(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,province\nA1,PT A,Jatim\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        kind, row, _, message = only_problem(exc)
        assert (kind, row, message) == ("missing-column", 1, "missing column delegation")
        assert str(path) in str(exc.value)

    def test_wrong_delimiter(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id;name;delegation;province\nA1;PT A;X;Jatim\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path, delimiter=",")
        (p,) = exc.value.problems
        assert p.kind == "missing-column"
        assert "another delimiter" in (p.hint or "")
        assert read_participants(path)[0].id == "A1"  # detected when not forced

    def test_tab_separated_with_wrong_delimiter(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id|name|delegation|province\nA1|PT A|X|Jatim\n")
        with pytest.raises(DataFileError, match="missing columns id, name, delegation, province"):
            read_participants(path)

    def test_bad_code_names_row_and_column(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "\nA1,PT A,X,Jatim,10631,,\nB1,PT B,Y,Sumsel,,99999,\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        (p,) = exc.value.problems
        assert (p.kind, p.row, p.column, p.participants) == ("unknown-code", 3, "needs", ("B1",))
        assert str(p).startswith(f"{path}, row 3, column 'needs', participant B1: unknown KBLI code '99999'")

    def test_duplicate_id_names_the_later_row(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "\nA1,PT A,X,Jatim,,,\nB1,PT B,Y,Sumsel,,,\nA1,PT C,X,Jatim,,,\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        assert only_problem(exc) == ("duplicate-id", 4, "id", "id 'A1' used more than once: rows 2 and 4")

    def test_duplicate_id_names_every_row_and_keeps_the_wishes_it_lost_to_itself(
        self, tmp_path: Path
    ) -> None:
        """The walkthrough: a row copied with the id left (JT-004 twice, no JT-005) was named at
        its second row only, and each wish for JT-005 was reported again as a problem of its own."""
        path = write(
            tmp_path,
            HEADER + "\nJT-004,PT A,X,Jatim,,,\nJT-004,PT B,X,Jatim,,,\nJT-004,PT C,X,Jatim,,,\n"
            "SS-001,PT D,Y,Sumsel,,,JT-005\nSS-002,PT E,Y,Sumsel,,,JT-009x\n",
        )
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        dup, again, unknown = exc.value.problems  # JT-009x is close to no repeated id: its own problem
        assert (dup.kind, dup.row, dup.column) == ("duplicate-id", 3, "id")
        assert (again.row, again.message) == (4, "id 'JT-004' used more than once: rows 2, 3 and 4")
        assert dup.message == (
            "id 'JT-004' used more than once: rows 2, 3 and 4; no row has 'JT-005', which SS-001 name "
            "(must_meet): if one of these rows is 'JT-005', correct its id"
        )
        assert dup.data["rows"] == [2, 3, 4]
        assert (unknown.kind, unknown.row, unknown.data["id"]) == ("unknown-wish", 6, "JT-009x")

    def test_an_empty_id_names_no_participant_but_the_rows_company(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "\nA1,PT A,X,Jatim,,,\n,PT Tanpa Id,Y,Sumsel,,,\n,,Y,Sumsel,,,\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        said = [str(p) for p in exc.value.problems if p.field == "id"]
        assert said == [
            f"{path}, row 3, column 'id': the id is empty (the row of 'PT Tanpa Id') "
            "(give every participant its own id, e.g. JT-001)",
            f"{path}, row 4, column 'id': the id is empty (give every participant its own id, e.g. JT-001)",
        ]
        assert all(p.participants == () for p in exc.value.problems)  # "participant :" before

    def test_empty_file(self, tmp_path: Path) -> None:
        with pytest.raises(DataFileError, match="the file is empty"):
            read_participants(write(tmp_path, ""))

    def test_header_only(self, tmp_path: Path) -> None:
        with pytest.raises(DataFileError, match="the table has no participants"):
            read_participants(write(tmp_path, "id,name,delegation,province\n"))

    def test_header_only_json_says_so_as_csv_does(self, tmp_path: Path) -> None:
        """Before, ``[]`` said "row 1: missing columns id, name, ..." (a table it never had)."""
        for text in ("[]", '{"participants": []}'):
            with pytest.raises(DataFileError) as exc:
                read_participants(write(tmp_path, text, "people.json"))
            (problem,) = exc.value.problems
            assert (problem.kind, problem.message, problem.row) == (
                "empty",
                "the table has no participants",
                None,
            )

    def test_an_xlsx_workbook_named_csv_is_said_to_be_one(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Before: "row 1: not UTF-8 text (byte 0x85 at byte 12)", as if the encoding were the trouble."""
        pytest.importorskip("openpyxl")
        from matchmaker.cli import EXIT_INVALID, main

        workbook = tmp_path / "peserta.xlsx"
        write_participants(east_java_south_sumatra_2020().participants[:4], workbook)
        renamed = workbook.rename(tmp_path / "peserta.csv")
        with pytest.raises(DataFileError) as exc:
            read_participants(renamed)
        (problem,) = exc.value.problems
        assert (problem.kind, problem.row) == ("workbook-as-text", None)
        assert problem.message == "an Excel workbook (.xlsx) with a .csv name, not CSV text"
        assert problem.hint == "rename it to peserta.xlsx, or open it in Excel and save it as 'CSV UTF-8'"
        assert main(["validate", str(renamed)]) == EXIT_INVALID
        err = capsys.readouterr().err
        assert "UTF-8 text" not in err
        assert "Excel workbook" in err
        assert main(["--lang", "id", "validate", str(renamed)]) == EXIT_INVALID
        assert "buku kerja Excel" in capsys.readouterr().err
        # a text file that is not UTF-8 is still said to be so
        (tmp_path / "zip.csv").write_bytes(b"PK\x03\x04 not a zip \xff")
        with pytest.raises(DataFileError, match="not UTF-8"):
            read_participants(tmp_path / "zip.csv")

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,delegation,province\nA1,Café Ñ,X,Jatim\n", encoding="cp1252")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        kind, row, _, message = only_problem(exc)
        assert (kind, row) == ("encoding", 2)
        assert "not UTF-8" in message
        assert "CSV UTF-8" in (exc.value.problems[0].hint or "")

    def test_ragged_row(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,delegation,province\nA1,PT A, Tbk,X,Jatim\n")
        with pytest.raises(DataFileError, match="row 2: 5 cells but the header has 4 columns"):
            read_participants(path)

    def test_an_indonesian_header_is_told_in_its_own_words(self, tmp_path: Path) -> None:
        """The walkthrough: ``provinsi`` missing from ``peserta.csv`` was "missing column province",
        and the misspelt ``delegsi`` only "missing column delegation" (no did-you-mean)."""
        path = write(tmp_path, "id;nama;delegasi;kota\nA1;PT A;X;Malang\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        (p,) = exc.value.problems
        assert (p.message, p.hint) == (
            "missing column provinsi (or province)",
            "the header must name id, nama, delegasi, provinsi",
        )
        path = write(tmp_path, "id;nama;delegsi;provinsi\nA1;PT A;X;Jatim\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        (p,) = exc.value.problems  # the typo's problem says it all: no "missing column" besides
        assert (p.kind, p.column, p.data["meant"]) == ("unknown-column", "delegsi", "delegasi")
        assert (p.hint or "").startswith("did you mean 'delegasi'? Rename it")

    def test_group_path_headers_are_no_typos(self, tmp_path: Path) -> None:
        """``mode_pertemuan`` (the group path's) is as close to ``min_pertemuan`` as a typo would be."""
        path = write(
            tmp_path, "id;nama;delegasi;provinsi;mode_pertemuan\nA1;PT A;X;Jatim;\nB1;PT B;Y;Sumsel;\n"
        )
        assert [p.id for p in read_participants(path)] == ["A1", "B1"]

    def test_typo_column(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,delegation,province,ofers\nA1,PT A,X,Jatim,10631\n")
        with pytest.raises(DataFileError, match="did you mean 'offers'"):
            read_participants(path)

    def test_every_problem_at_once(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            HEADER + "\nA1,PT A,X,Jawa Tmur,10631,,B7\nB1,,Y,Sumsel,,10722=-3,\nB2,PT C,Y,Sumsel,HS:9999,,\n",
        )
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        found = sorted((p.row, p.column, p.kind) for p in exc.value.problems)
        assert found == [
            (2, "must_meet", "unknown-wish"),
            (2, "province", "unknown-province"),
            (3, "name", "missing"),
            (3, "needs", "negative"),
            (4, "offers", "unknown-code"),
        ]

    def test_header_typo_and_cells_in_one_pass(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,delegation,province,requried_certifications\nA1,PT A,X,Jatmi,halal\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        assert sorted(p.kind for p in exc.value.problems) == ["unknown-column", "unknown-province"]

    def test_duplicates_and_delegations_with_broken_rows(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            HEADER + "\nA1,PT A,X,Jatim,,,\nB1,PT B,Y,Sumsel,,,\nB1,PT C,Y,Nowhere,,,\nC1,PT D,Z,Bali,,,\n",
        )
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        found = sorted((p.kind, p.row) for p in exc.value.problems)
        assert found == [("delegations", None), ("duplicate-id", 4), ("unknown-province", 4)]

    def test_three_repeats_are_placed_at_each_repeat(self, tmp_path: Path) -> None:
        path = write(
            tmp_path, HEADER + "\nA1,a,X,Jatim,,,\nA1,b,X,Jatim,,,\nB1,c,Y,Sumsel,,,\nA1,d,X,Jatim,,,\n"
        )
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        assert [(p.kind, p.row) for p in exc.value.problems] == [("duplicate-id", 3), ("duplicate-id", 5)]
        assert {p.message for p in exc.value.problems} == {"id 'A1' used more than once: rows 2, 3 and 5"}

    def test_unquoted_decimal_comma_is_a_misaligned_row(self, tmp_path: Path) -> None:
        text = "id,name,delegation,province,offers,availability\n"
        text += "A1,PT A,X,Jatim,10631=2,5 M,\nB1,PT B,Y,Sumsel,,\n"
        with pytest.raises(DataFileError) as exc:
            read_participants(write(tmp_path, text))
        (p,) = exc.value.problems
        assert (p.kind, p.row) == ("ragged", 2)
        assert "double quotes" in (p.hint or "")

    def test_wish_to_a_broken_row_is_not_reported_twice(self, tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + "\nA1,PT A,X,Jatim,,,B1\nB1,PT B,Y,Nowhere,,,\n")
        with pytest.raises(DataFileError) as exc:
            read_participants(path)
        assert [p.kind for p in exc.value.problems] == ["unknown-province"]

    def test_three_delegations(self, tmp_path: Path) -> None:
        path = write(tmp_path, "id,name,delegation,province\nA,a,X,Jatim\nB,b,Y,Jatim\nC,c,Z,Jatim\n")
        with pytest.raises(DataFileError, match="names 3 delegations"):
            read_participants(path)

    def test_bad_json(self, tmp_path: Path) -> None:
        with pytest.raises(DataFileError, match="not valid JSON"):
            read_participants(write(tmp_path, '{"participants": [', "p.json"))
        record = {"id": "A1", "name": "PT A", "delegation": "X", "province": "Mars"}
        path = write(tmp_path, json.dumps([record]), "q.json")
        with pytest.raises(DataFileError, match="row 1, column 'province'"):
            read_participants(path)

    def test_unknown_format(self, tmp_path: Path) -> None:
        with pytest.raises(DataFileError, match="cannot tell the format"):
            read_participants(write(tmp_path, "x", "people.ods"))
        with pytest.raises(FileNotFoundError):
            read_participants(tmp_path / "absent.csv")

    def test_xlsx_number_cells_and_leading_zero_hint(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["id", "name", "delegation", "province", "offers", "max_meetings"])
        sheet.append(["A1", "PT A", "X", "Jatim", 10631, 8])
        sheet.append(["A2", "PT B", "X", "Jatim", 1150, 8.0])
        book.save(tmp_path / "p.xlsx")
        with pytest.raises(DataFileError) as exc:
            read_participants(tmp_path / "p.xlsx")
        (p,) = exc.value.problems
        assert (p.row, p.column, p.kind) == (3, "offers", "unknown-code")
        assert "'01150'" in (p.hint or "")

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        with pytest.raises(DataFileError, match="cannot open as an Excel workbook"):
            read_participants(write(tmp_path, "plain text", "p.xlsx"))

    def test_missing_extra_names_the_install(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        real_import = builtins.__import__

        def no_openpyxl(name: str, *args: object, **kwargs: object) -> object:
            if name == "openpyxl" or name.startswith("openpyxl."):
                raise ImportError("No module named 'openpyxl'")
            return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(builtins, "__import__", no_openpyxl)
        monkeypatch.delitem(__import__("sys").modules, "openpyxl", raising=False)
        with pytest.raises(MissingDependencyError, match=r"pip install 'matchmaker\[xlsx\]'"):
            write_participants([], tmp_path / "x.xlsx")


def test_columns_documented() -> None:
    import matchmaker.io.table as table

    for column in COLUMNS:
        assert f"\n{column} " in table.__doc__ or f"\n{column}  " in table.__doc__ or column in table.__doc__


# ---------------------------------------------------------------- strict JSON types
def _json(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def _base() -> list[dict]:
    return [
        {"id": "A1", "name": "PT A", "delegation": "X", "province": "Jatim", "offers": ["10631"]},
        {"id": "B1", "name": "PT B", "delegation": "Y", "province": "Sumsel", "needs": "10631"},
    ]


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("name", ["x", "y"], "name is a list"),
        ("name", {"a": 1}, "name is an object"),
        ("city", 5, "city is 5"),
        ("id", 1.5, "id is 1.5"),
        ("id", True, "id is True"),
        ("certifications", [["halal"]], "certifications[0] is a list"),
        ("offers", [{"code": 10631}], "offers[0].code is 10631"),
        ("offers", [{"code": "10631", "price": 1}], "must have a 'code' and only"),
    ],
)
def test_json_values_of_the_wrong_type_are_errors_naming_record_and_key(
    tmp_path: Path, key: str, value: object, words: str
) -> None:
    records = _base()
    records[0][key] = value
    with pytest.raises(DataFileError) as info:
        read_participants(_json(tmp_path, records))
    (p,) = [p for p in info.value.problems if p.kind == "type"]
    assert (p.row, p.column) == (1, key)
    assert words in p.message


def test_json_whole_number_ids_read_as_their_digits(tmp_path: Path) -> None:
    records = _base()
    records[0]["id"] = 101
    records[1]["must_meet"] = [101]
    records[1]["min_meetings"] = 1
    people = read_participants(_json(tmp_path, records))
    assert [p.id for p in people] == ["101", "B1"]
    assert people[1].must_meet == ("101",)
    assert people[1].min_meetings == 1


def test_json_amount_numbers_with_three_decimals_are_read_as_numbers(tmp_path: Path) -> None:
    # a JSON number is a number: 1500.125 is not 1.500.125 written with Indonesian grouping
    doc = {
        "format": "matchmaker.participants",
        "participants": [
            {
                "id": "A1",
                "name": "PT A",
                "delegation": "X",
                "province": "Jawa Timur",
                "offers": [
                    {
                        "code": "0207",
                        "system": "HS",
                        "value_idr": 82384490503.242,
                        "volume": 1500.125,
                        "unit": "t",
                    }
                ],
            },
            {"id": "B1", "name": "PT B", "delegation": "Y", "province": "Sumatera Selatan"},
        ],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    line = read_participants(path)[0].offers[0]
    assert (line.value_idr, line.volume) == (82384490503.242, 1500.125)
