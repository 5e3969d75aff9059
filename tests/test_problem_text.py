"""Errors at the command line in the run's language, from the Problem records (issue 13)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_USAGE, main
from matchmaker.errors import InfeasibleError, MissingDependencyError, Problem, ValidationError
from matchmaker.reporting.problems import _PHRASES, error_text, problem_text
from matchmaker.scheduling import EventPlan

BAD = (
    "id,nama,delegasi,provinsi,penawaran,min_meetings,max_meetings\n"
    "A1,PT A,Jawa Timur,Jawa Tmur,10631,9,2\n"
    "B1,PT B,Sumatera Selatan,Sumsel,,,\n"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "peserta.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_invalid_file_in_indonesian_names_row_column_value_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, BAD)
    assert main(["validate", str(path), "--lang", "id"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith("kesalahan: masukan tidak valid:\n2 masalah pada berkas:\n")
    assert "baris 2, kolom 'provinsi', peserta A1: provinsi tidak dikenal: 'Jawa Tmur'" in err
    assert "(maksud Anda 'Jawa Timur'?)" in err
    assert "min_meetings (9) lebih besar daripada max_meetings (2)" in err
    assert err.rstrip().endswith("petunjuk: perbaiki sel yang disebut lalu jalankan lagi")
    assert main(["validate", str(path)]) == EXIT_INVALID  # English as before
    err = capsys.readouterr().err
    assert "row 2, column 'provinsi', participant A1: unknown province 'Jawa Tmur'" in err
    assert "hint: fix the listed cells and run again" in err


def test_json_errors_stay_english_for_programs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, BAD)
    assert main(["--json", "validate", str(path), "--lang", "id"]) == EXIT_INVALID
    data = json.loads(capsys.readouterr().out)
    assert data["error"] == "invalid input"
    assert {p["kind"] for p in data["problems"]} == {"unknown-province", "min-above-max"}


def test_infeasible_request_in_indonesian_carries_the_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = "id,name,delegation,province,offers,needs,min_meetings\nA1,PT A,X,Jatim,10631,,\n"
    table += "B1,PT B,Y,Sumsel,,10631,3\n"
    path = _write(tmp_path, table)
    code = main(["run", str(path), "--date", "2025-09-29", "--out", str(tmp_path / "o"), "--lang", "id"])
    assert code == EXIT_INFEASIBLE
    err = capsys.readouterr().err
    assert "kesalahan: permintaan tidak dapat dipenuhi:\n2 alasan permintaan tidak dapat dipenuhi:\n" in err
    assert (
        "  - peserta B1, isian 'min_meetings': min_meetings 3, tetapi hanya ada 1 mitra yang diizinkan" in err
    )
    assert "jumlah minimum pertemuan sisi B adalah 3, tetapi sisi A paling banyak dapat menampung 1" in err
    assert "petunjuk: longgarkan batas" in err


def test_usage_and_file_errors_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["run", "peserta.csv", "--lang", "id"])
    assert done.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("cara pakai: matchmaker run")
    assert "matchmaker run: kesalahan: argumen berikut wajib diisi: --out" in err
    missing = tmp_path / "tidak-ada.csv"
    assert main(["run", str(missing), "--out", str(tmp_path / "o"), "--lang", "id"]) == EXIT_INVALID
    err = capsys.readouterr().err
    # the path as every other file error shows it (``filename``, not quoted)
    said = f"kesalahan: berkas tidak dapat dibaca atau ditulis: {missing}: berkas atau folder tidak ada"
    assert said in err


def test_problem_text_uses_data_else_the_quoted_value() -> None:
    with_data = Problem(
        "wants at least 9 meetings but is available for only 3 slots of the plan",
        kind="min-above-free-slots",
        participants=("SS-016",),
        field="min_meetings",
        data={"min_meetings": 9, "free_slots": 3},
    )
    assert problem_text(with_data, "id") == (
        "peserta SS-016, isian 'min_meetings': meminta paling sedikit 9 pertemuan, tetapi hanya dapat "
        "hadir di 3 sesi (turunkan min_meetings peserta itu atau perluas ketersediaannya)"
    )
    quoted = Problem("unknown HS code '99999'", kind="unknown-code", hint="HS codes are HS 2022 chapters")
    assert problem_text(quoted, "id") == "kode tidak dikenal: '99999'"  # an English hint is left out
    unknown_kind = Problem("something new 'x'", kind="brand-new-kind")
    assert problem_text(unknown_kind, "id") == "masalah: 'x'"
    assert problem_text(quoted, "en") == str(quoted)


def test_other_errors_in_indonesian() -> None:
    missing = MissingDependencyError("XLSX files", package="openpyxl", extra="xlsx")
    assert error_text(missing, "id").startswith("fitur ini memerlukan paket opsional 'openpyxl': pip install")
    many = InfeasibleError([Problem("a", kind="event-full"), Problem("b", kind="crowded")])
    assert error_text(many, "id").splitlines()[0] == "2 alasan permintaan tidak dapat dipenuhi:"
    assert error_text(PermissionError(13, "Permission denied", "/x"), "id") == "/x: tidak ada izin"


def _passes_kind_to_problem(function: ast.FunctionDef) -> bool:
    """Whether ``function`` builds a ``Problem`` of its own ``kind`` parameter."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem":
            given = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "kind")]
            if any(isinstance(g, ast.Name) and g.id == "kind" for g in given):
                return True
    return False


def _positional_kinds(code: str) -> set[str]:
    """Kinds given by position: to ``Problem`` (its second argument) or to a function of the same
    module with a ``kind`` parameter (``outcomes._problem(message, sheet, row, column, kind, hint)``
    gave ``unknown-seller``, which had no phrase)."""
    tree = ast.parse(code)
    where = {"Problem": 1}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.args]
            if "kind" in names and _passes_kind_to_problem(node):  # not, e.g., a change's kind
                where[node.name] = names.index("kind")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in where:
            k = where[node.func.id]
            arg = node.args[k] if len(node.args) > k else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_the_catalogue_covers_the_kinds_the_library_raises() -> None:
    """Every kind written in the source has its Indonesian phrase (the generic one is a fallback)."""
    source = Path(__file__).parents[1] / "src" / "matchmaker"
    kinds = {k for f in source.rglob("*.py") for k in re.findall(r'kind="([a-z0-9-]+)"', f.read_text())}
    kinds |= {k for f in source.rglob("*.py") for k in re.findall(r'"(output-[a-z-]+)"', f.read_text())}
    kinds |= {k for f in source.rglob("*.py") for k in _positional_kinds(f.read_text())}
    missing = sorted(kinds - set(_PHRASES))
    assert missing == [], f"add an Indonesian phrase for {missing} to _PHRASES in reporting/problems.py"


@pytest.mark.parametrize(
    "text",
    [
        "1,500",
        "1,500,000",
        "3 M",
        "1.5 miliar",
        "1,5 billion",
        "1.50.000",
        "Rp",
        "lima juta",
        "-750 juta",
        "2 kuadriliun",
    ],
)
def test_an_amount_refused_reads_in_indonesian_with_its_hint(text: str) -> None:
    """The outcome form's value cell: what is wrong and what to write, in Indonesian, the cell quoted."""
    from matchmaker.model.text import AmountError
    from matchmaker.reporting.numbers import parse_rupiah

    with pytest.raises(AmountError) as caught:
        parse_rupiah(text)
    exc = caught.value
    p = Problem(exc.reason, kind=exc.kind, hint=exc.hint, source="form.csv", row=3, column="nilai_rp")
    shown = problem_text(p, "id")
    assert repr(text) in shown
    assert "(" in shown.removeprefix("form.csv, baris 3, kolom 'nilai_rp': ")  # the hint is kept
    english = re.findall(
        r"\b(?:is|not|an|amount|write|ambiguous|English|grouping|unknown|word|before|"
        r"decimal|must|digits|threes|negative|scale|words|or|for)\b",
        shown.replace(repr(text), ""),
    )
    assert english == []


def test_a_bad_event_time_names_the_value_given_not_the_example() -> None:
    """The message quotes English examples first; the Indonesian sentence quotes what was typed."""
    from matchmaker.live.changes import event_time

    plan = EventPlan(start="09:00", slots_per_day=4, days=["2020-12-02"])
    with pytest.raises(ValidationError) as bad:
        event_time("25:00", plan, field="now")
    text = problem_text(bad.value.problems[0], "id")
    assert "'25:00'" in text
    assert "'11:00'" not in text


def test_the_event_plans_hints_of_what_to_write_are_in_indonesian() -> None:
    """The plan's problems share one kind (and a field with rules such as "a day is listed
    twice"), so what to write is translated from the English hint itself."""
    from matchmaker.reporting.problems import _HINT_TEXTS
    from matchmaker.scheduling.plan import _HINTS

    missing = sorted(set(_HINTS.values()) - set(_HINT_TEXTS))
    assert missing == [], f"add an Indonesian hint for {missing} to _HINT_TEXTS in reporting/problems.py"
    with pytest.raises(ValidationError) as bad:
        EventPlan(start="09:00", slots_per_day=3, days=["2025-09-29", "2025-09-29"])
    assert problem_text(bad.value.problems[0], "id") == "isian 'days': rencana acara tidak valid"


def test_the_unknown_side_hint_names_the_side_it_is_about() -> None:
    """Before, the Indonesian hint said side_a for a side_b naming no delegation too."""
    from matchmaker import Mission, Participant

    people = [Participant("A1", "PT A", "Guest", "Jawa Timur")]
    with pytest.raises(ValidationError) as exc:
        Mission.from_participants(people, side_a="Tamu", side_b="Tuan Rumah")
    side_a, side_b = (problem_text(p, "id") for p in exc.value.problems)
    assert side_a.endswith("(isi side_a dengan salah satunya, ditulis seperti pada kolom delegasi)")
    assert side_b.endswith("(isi side_b dengan salah satunya, ditulis seperti pada kolom delegasi)")
    # the config's problem, placed at its key (no field): the side its message names
    placed = Problem(
        "side_a 'Bali' names no delegation in p.csv; it names 'X', 'Y'",
        kind="unknown-side",
        source="run.toml",
        column="[mission] side_a",
    )
    assert problem_text(placed, "id").endswith(
        "(isi side_a dengan salah satunya, ditulis seperti pada kolom delegasi)"
    )


@pytest.mark.parametrize(
    "text",
    ['{"a" 1}', '{"a": 1 "b": 2}', "{a: 1}", "", '{"a": 1} x', '"abc', '"a\tb"', '"\\q"', '"\\u12"', "[1,]"],
)
def test_a_json_syntax_error_is_said_in_indonesian_with_its_column(text: str) -> None:
    from matchmaker import _json
    from matchmaker.errors import DataFileError

    with pytest.raises(DataFileError) as caught:
        _json.loads(text, "walkin.json")
    (problem,) = caught.value.problems
    said = problem_text(problem, "id")
    assert f"bukan JSON yang valid, di kolom {problem.data['json_column']}: " in said
    # every message of Python's parser in Indonesian (it quoted "Expecting ',' delimiter")
    assert not re.search(r"Expecting|Extra data|Unterminated|Invalid", said), said


def _both(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> tuple[str, str]:
    """``validate``'s errors for a table, in English and in Indonesian."""
    path = _write(tmp_path, text)
    said = []
    for lang in ("en", "id"):
        assert main(["--lang", lang, "validate", str(path)]) == EXIT_INVALID
        said.append(capsys.readouterr().err)
    return said[0], said[1]


def test_a_missing_indonesian_column_is_named_as_the_file_spells_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: ``provinsi`` removed from ``peserta.csv`` gave "kolom wajib tidak ada: province"."""
    en, id_ = _both(tmp_path, capsys, "id;nama;delegasi;kota\nA1;PT A;X;Malang\n")
    assert (
        "row 1: missing column provinsi (or province) (the header must name id, nama, delegasi, provinsi)"
        in en
    )
    assert (
        "baris 1: kolom wajib tidak ada: provinsi (atau province) (judul kolom harus menyebut id, nama, "
        "delegasi, provinsi; lihat templat dari matchmaker init)"
    ) in id_
    en, id_ = _both(tmp_path, capsys, "id,name,delegation\nA1,PT A,X\n")  # an English header: both names
    assert "row 1: missing column province (the header must name id, name, delegation, province)" in en
    assert "kolom wajib tidak ada: province (atau provinsi)" in id_
    _, id_ = _both(tmp_path, capsys, "id|name|delegation|province\nA1|PT A|X|Jatim\n")
    assert "berkas ini tampaknya memakai pemisah lain" in id_  # the delimiter's hint was lost


def test_a_misspelt_indonesian_header_gets_its_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    en, id_ = _both(tmp_path, capsys, "id;nama;delegsi;provinsi\nA1;PT A;X;Jatim\n")
    assert "column 'delegsi': unknown column 'delegsi' (did you mean 'delegasi'? Rename it, or give" in en
    assert (
        "kolom 'delegsi': kolom tidak dikenal: 'delegsi' (maksud Anda 'delegasi'? Ganti namanya, atau beri "
        "nama yang lebih jauh dari nama kolom yang dikenal agar disimpan sebagai kolom tambahan)"
    ) in id_
    assert "missing column" not in en  # the typo's problem says it
    assert "kolom wajib" not in id_


def test_bad_times_carry_the_value_and_the_reason_in_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = "id,name,delegation,province,availability\nA1,PT A,X,Jatim,13:00-25:00\n"
    table += "B1,PT B,Y,Sumsel,14:00-10:00\nB2,PT C,Y,Sumsel,13:61-14:00\nB3,PT D,Y,Sumsel,9-10\n"
    en, id_ = _both(tmp_path, capsys, table)
    assert "participant A1: in time window '13:00-25:00': hour must be in 0..23" in en
    assert "peserta A1: di jendela waktu '13:00-25:00': jam harus 0..23" in id_
    assert "participant B1: time window 14:00-10:00 ends before it starts (write it as start-end" in en
    assert (
        "peserta B1: jendela waktu 14:00-10:00 berakhir sebelum dimulai "
        "(tulis sebagai mulai-selesai, misalnya 09:00-12:00)"
    ) in id_
    assert "peserta B2: di jendela waktu '13:61-14:00': menit harus 0..59" in id_
    assert "peserta B3: '9-10' tidak dapat dibaca sebagai jendela waktu" in id_


def test_the_other_cells_of_a_table_carry_their_facts_in_indonesian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each compared with its English text: the values, the fields and the hints were lost."""
    table = (
        "id,name,delegation,province,email,offers,needs,must_meet,do_not_meet,min_meetings,max_meetings\n"
        "A1;x,PT A,X,Jatim,bad,HS:9999,,B9,,4.5,-1\n"
        "A2,PT B,X,Jatim,,,10631=-3,B1,B1,,\n"
        "B2,PT C, Tbk,Y,Sumsel,,,,,,,\n"
        "B1,PT D,Y,Sumsel,,,,,,,\n"
        ",PT E,Y,Sumsel,,,,,,,\n"
    )
    en, id_ = _both(tmp_path, capsys, table)
    pairs = [
        ("id 'A1;x' may not contain ';'", "id 'A1;x' tidak boleh memuat ';'"),
        ("'bad' is not an e-mail address", "'bad' bukan alamat surel"),
        ("(HS codes are HS 2022 chapters", "(kode HS adalah bab (2 digit), pos (4 digit) atau subpos"),
        ("'4.5' is not a whole number (write", "'4.5' bukan bilangan bulat (tulis jumlah pertemuan"),
        ("max_meetings is negative (-1)", "max_meetings negatif (-1)"),
        (
            "must_meet names 'B9', who is not a participant (check the id)",
            "must_meet menyebut 'B9', yang bukan peserta (periksa id-nya)",
        ),
        ("value_idr of '10631' is negative (-3)", "value_idr dari '10631' negatif (-3)"),
        ("B1 listed in both must_meet and do_not_meet", "B1 tercantum di must_meet sekaligus di do_not_meet"),
        ("4: 12 cells but the header has 11 columns", "4: 12 sel, padahal judul memiliki 11 kolom"),
        (
            "row 6, column 'id': the id is empty (the row of 'PT E') (give every participant its own id",
            "baris 6, kolom 'id': id kosong (baris 'PT E') (beri setiap peserta id-nya sendiri",
        ),
        (
            "(a cell holding the delimiter (or a decimal comma) must be in double quotes)",
            "(sel yang memuat pemisah (atau koma desimal) harus diapit tanda petik ganda)",
        ),
    ]
    for english, indonesian in pairs:
        assert english in en
        assert indonesian in id_


def test_a_duplicate_id_names_both_rows_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = "id,name,delegation,province,would_like\nJT-004,PT A,X,Jatim,\nJT-004,PT B,X,Jatim,\n"
    table += "SS-001,PT C,Y,Sumsel,JT-005\n"
    en, id_ = _both(tmp_path, capsys, table)
    assert en.count("\n") == 2  # one problem: the wish for the lost JT-005 is told with it
    assert (
        "row 3, column 'id', participant JT-004: id 'JT-004' used more than once: rows 2 and 3; no row has "
        "'JT-005', which SS-001 name (would_like): if one of these rows is 'JT-005', correct its id "
        "(give every participant its own id)"
    ) in en
    assert (
        "baris 3, kolom 'id', peserta JT-004: id 'JT-004' dipakai lebih dari sekali: baris 2 dan 3; tidak "
        "ada baris dengan id 'JT-005', yang disebut SS-001 (would_like): jika salah satu baris ini "
        "seharusnya 'JT-005', perbaiki id-nya (beri setiap peserta id-nya sendiri)"
    ) in id_
