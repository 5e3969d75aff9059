"""The command line with careless input and unsafe output folders: clear errors, safe packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_OK, main

PEOPLE = (
    "id,name,delegation,province,offers,needs,availability,min_meetings,must_meet,do_not_meet\n"
    "A1,PT A,X,Jatim,10631,,,,,\n"
    "A2,PT A2,X,Jatim,10631,,,,,\n"
    "B1,PT B,Y,Sumsel,,10631,18:00-20:00,,,\n"
    "B2,PT C,Y,Sumsel,,10631,,,,\n"
)


def write(tmp_path: Path, text: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_validate_warns_of_a_participant_outside_the_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PEOPLE)
    assert main(["validate", str(path)]) == EXIT_OK
    err = capsys.readouterr().err
    said = "B1: 0 of 1, free in no slot of the event: available 18:00-20:00, the event runs 09:00-16:00"
    assert said in err
    assert main(["--json", "validate", str(path)]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [(w["participant"], w["reason"]) for w in data["warnings"]] == [("B1", "availability")]


def test_validate_exits_3_naming_the_bound_and_its_origin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PEOPLE.replace("B2,PT C,Y,Sumsel,,10631,,,,", "B2,PT C,Y,Sumsel,,10631,,9,,"))
    assert main(["validate", str(path)]) == EXIT_INFEASIBLE
    err = capsys.readouterr().err
    assert "your file's min_meetings 9 for B2; B2 has 2 possible partners" in err
    assert "above max_meetings" not in err
    assert "Traceback" not in err


def test_validate_catches_must_meet_with_do_not_meet_across_the_two_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PEOPLE.replace("A1,PT A,X,Jatim,10631,,,,,", "A1,PT A,X,Jatim,10631,,,,,B2").replace(
        "B2,PT C,Y,Sumsel,,10631,,,,", "B2,PT C,Y,Sumsel,,10631,,,A1,"
    )
    path = write(tmp_path, text)
    assert main(["validate", str(path)]) == EXIT_INFEASIBLE
    assert "A1 does not want to meet B2" in capsys.readouterr().err


def test_run_reports_shortfalls_in_console_json_and_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PEOPLE)
    out = tmp_path / "out"
    assert (
        main(["--json", "run", str(path), "--date", "2025-09-29", "--out", str(out), "--no-plots"]) == EXIT_OK
    )
    data = json.loads(capsys.readouterr().out)
    assert [w["participant"] for w in data["warnings"]] == ["B1"]
    assert [s["participant"] for s in data["shortfalls"]] == ["B1"]
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["shortfalls"][0]["reason"] == "availability"
    assert main(["run", str(path), "--date", "2025-09-29", "--out", str(out), "--no-plots"]) == EXIT_OK
    err = capsys.readouterr().err
    assert "cannot get the meetings they ask for (1)" in err
    # listed once: the same record again after solving (it printed both headings and B1 twice)
    assert "fewer meetings than they asked for" not in err
    assert err.count("B1: 0 of 1") == 1


def test_run_lists_after_solving_only_the_shortfalls_not_listed_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # B3 and B4 both need what only A1 (one meeting at most) offers: foreseeable for neither
    people = (
        "id,name,delegation,province,offers,needs,availability,max_meetings\n"
        "A1,PT A,X,Jatim,10631,,,1\n"
        "B1,PT B,Y,Sumsel,,10631,18:00-20:00,\n"
        "B3,PT D,Y,Sumsel,,10631,,\n"
        "B4,PT E,Y,Sumsel,,10631,,\n"
    )
    path = write(tmp_path, people)
    assert (
        main(["run", str(path), "--date", "2025-09-29", "--out", str(tmp_path / "o"), "--no-plots"])
        == EXIT_OK
    )
    err = capsys.readouterr().err
    before, after = err.split("fewer meetings than they asked for")
    assert "B1: 0 of 1, free in no slot of the event" in before
    assert "B1:" not in after  # listed once
    assert "suitable partners' time went to better matches: got " in after  # short in the solution only


def test_a_name_with_a_line_break_exports_everything(tmp_path: Path) -> None:
    path = write(tmp_path, PEOPLE.replace("A1,PT A,", 'A1,"PT\r\nA",'))
    out = tmp_path / "out"
    assert main(["run", str(path), "--date", "2025-09-29", "--out", str(out), "--no-plots"]) == EXIT_OK
    assert (out / "report.html").exists()
    assert (out / "ics" / "A1.ics").exists()


def test_a_users_folder_is_refused_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PEOPLE)
    mine = tmp_path / "mine"
    (mine / "ics").mkdir(parents=True)
    (mine / "meetings.csv").write_text("my own meetings", encoding="utf-8")
    (mine / "ics" / "holiday.ics").write_text("BEGIN:VCALENDAR", encoding="utf-8")
    before = tree(mine)
    assert main(["run", str(path), "--date", "2025-09-29", "--out", str(mine)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert str(mine) in err
    assert "--force" in err
    assert tree(mine) == before
    assert (
        main(["run", str(path), "--date", "2025-09-29", "--out", str(mine), "--force", "--no-plots"])
        == EXIT_OK
    )
    after = tree(mine)
    assert after["ics/holiday.ics"] == before["ics/holiday.ics"]  # never deleted
    assert "report.html" in after


@pytest.mark.parametrize("kind", ["file", "proc"])
def test_out_at_a_file_or_an_unwritable_place_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = write(tmp_path, PEOPLE)
    target = path if kind == "file" else Path("/proc/matchmaker-test/out")
    if kind == "proc" and not Path("/proc").is_dir():
        pytest.skip("no /proc")
    before = path.read_bytes()
    assert main(["run", str(path), "--date", "2025-09-29", "--out", str(target)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write the output:")
    assert str(target) in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_a_failed_export_leaves_the_earlier_pack_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, PEOPLE)
    out = tmp_path / "out"
    assert main(["run", str(path), "--date", "2025-09-29", "--out", str(out), "--no-plots"]) == EXIT_OK
    before = tree(out)

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("matchmaker.export.registry.render_html", broken)
    other = write(tmp_path, PEOPLE.replace("PT A2", "PT Another"), "q.csv")
    assert main(["run", str(other), "--date", "2025-09-29", "--out", str(out), "--no-plots"]) == EXIT_INVALID
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "p.csv", "q.csv"]  # no temporary folder left


def test_report_never_overwrites_a_users_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, PEOPLE)
    mine = write(tmp_path, "<html>my page</html>", "page.html")
    args = ["report", str(path), "--date", "2025-09-29", "--out", str(mine), "--no-plots"]
    assert main(args) == EXIT_INVALID
    assert mine.read_text(encoding="utf-8") == "<html>my page</html>"
    assert "--force" in capsys.readouterr().err
    fresh = tmp_path / "report.html"
    assert main([*args[:-3], "--out", str(fresh), "--no-plots"]) == EXIT_OK
    assert main([*args[:-3], "--out", str(fresh), "--no-plots"]) == EXIT_OK  # its own file: replaced
    assert main([*args, "--force"]) == EXIT_OK
    assert "my page" not in mine.read_text(encoding="utf-8")


def test_a_configs_unknown_time_zone_names_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``timezone = "WIBB"`` in the config's [mission] was reported against the
    participant file ("p.csv, field 'timezone'"), which holds no time zone."""
    path = write(tmp_path, PEOPLE)
    config = write(tmp_path, '{"mission": {"date": "2025-09-29", "timezone": "WIBB"}}', "run.json")
    assert main(["--json", "validate", str(path), "--config", str(config)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["source"] == str(config)
    assert "[mission] timezone = 'WIBB': unknown time zone; write WIB, WITA, WIT" in problem["message"]
    assert main(["--lang", "id", "validate", str(path), "--config", str(config)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "run.json" in err
    assert "p.csv" not in err


def test_validate_takes_the_time_zone_its_error_asks_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mission of two time zones cannot be checked without the venue's, and the error says
    to give ``--timezone WITA``; ``validate`` refused the option (exit 2, "unrecognized
    arguments") and only a config file got past it (the new-user walkthrough)."""
    path = write(tmp_path, PEOPLE.replace("Jatim", "Bali"))
    assert main(["validate", str(path)]) == EXIT_INVALID
    assert "--timezone WITA (command line)" in capsys.readouterr().err
    assert main(["--json", "validate", str(path), "--timezone", "WIB"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert main(["validate", str(path), "--timezone", "WIBB"]) == EXIT_INVALID
    assert "field '--timezone': unknown time zone 'WIBB'" in capsys.readouterr().err


def test_outcomes_of_the_unfilled_form_warns_and_dates_the_press_paragraph_by_the_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new-user walkthrough: ``outcomes`` of the form as the pack wrote it summarised
    "Rp 0 from 0 deals" without a word, its press paragraph had no date though result.json
    has the run's, and a result.json of another mission was summarised beside the form."""
    pytest.importorskip("openpyxl")
    path = write(tmp_path, PEOPLE)
    out = tmp_path / "out"
    assert (
        main(["run", str(path), "--date", "2025-09-29", "--venue", "Palembang", "--out", str(out)]) == EXIT_OK
    )
    capsys.readouterr()
    args = [
        "outcomes",
        str(out / "outcome_form.csv"),
        "--mission",
        str(path),
        "--result",
        str(out / "result.json"),
    ]
    assert main(args) == EXIT_OK
    captured = capsys.readouterr()
    assert "has no deal filled in (no value in any row)" in captured.err
    assert "at Palembang on 29 September 2025 brought" in captured.out
    assert main(["--json", *args]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert len(data["warnings"]) == 1
    assert "outcome_form.csv has no deal filled in" in data["warnings"][0]
    assert main(["--lang", "id", *args]) == EXIT_OK
    assert "belum berisi transaksi" in capsys.readouterr().err
    # a mission file that is not the run's: the result's participants it lacks are named
    other = write(tmp_path, PEOPLE.replace("A2,PT A2", "A9,PT A9").replace("B2,PT C", "B9,PT C"), "other.csv")
    assert main(["--json", *args[:3], str(other), *args[4:]]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["kind"] == "unknown-participant"
    assert problem["source"] == str(out / "result.json")


def test_json_names_a_missing_file_and_a_folder_as_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--json`` gave ``"problems": []`` for a file that is not there (the path only in the
    message), then named it in the message only (``source`` null), and a folder given as
    the participant file was "cannot tell the format"."""
    missing = tmp_path / "nope.csv"
    for args in (["validate", str(missing)], ["run", str(missing), "--out", str(tmp_path / "o")]):
        assert main(["--json", *args]) == EXIT_INVALID
        (problem,) = json.loads(capsys.readouterr().out)["problems"]
        assert (problem["kind"], problem["source"]) == ("no-file", str(missing))
        assert not (tmp_path / "o").exists()
    folder = tmp_path / "peserta"
    folder.mkdir()
    assert main(["--json", "validate", str(folder)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["source"]) == ("is-a-folder", str(folder))
    assert main(["--lang", "id", "validate", str(folder)]) == EXIT_INVALID
    assert "ini folder, bukan berkas" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("plan", "key", "said"),
    [
        ("days = 2", "days", "expected a date or a list of them, got 2"),
        ("days = 2025-09-29 10:00:00", "days", "2025-09-29 10:00:00 is a date and a time"),
        ('days = "tomorrow"', "days", "'tomorrow' is not a date"),
        ("breaks = 5", "breaks", "expected a time window or a list of them, got 5"),
        ("timezone = 5", "timezone", "expected the name of a time zone, got 5"),
    ],
)
def test_a_configs_plan_value_of_the_wrong_type_names_the_config_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], plan: str, key: str, said: str
) -> None:
    """Before, ``days = 2`` crashed while the language was chosen (a traceback, before the
    command's handlers; ``--lang en``: "unexpected TypeError", exit 5; ``--json``: no JSON),
    and ``days = "tomorrow"`` gave Python's "Invalid isoformat string" and a false "a day
    is listed twice"."""
    pytest.importorskip("tomllib")
    path = write(tmp_path, PEOPLE)
    config = write(tmp_path, f"[plan]\n{plan}\n", "run.toml")
    run = ["run", str(path), "--date", "2025-09-29", "--config", str(config), "--out", str(tmp_path / "o")]
    assert main(run) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"run.toml, column '[plan] {key}': {said}" in err
    assert "Traceback" not in err
    assert "listed twice" not in err
    assert "isoformat" not in err
    assert "p.csv" not in err
    assert main(["--lang", "en", *run]) == EXIT_INVALID
    assert "unexpected" not in capsys.readouterr().err
    assert main(["--json", *run]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["source"], problem["column"]) == (str(config), f"[plan] {key}")
    assert main(["--lang", "id", *run]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"run.toml, kolom '[plan] {key}': rencana acara tidak valid" in err
    assert "(tulis " in err  # what to write, in Indonesian
    assert not (tmp_path / "o").exists()


def test_a_configs_method_and_scoring_mode_of_the_wrong_kind_name_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``met_before_mode = ["forbid"]`` was "unexpected TypeError: unhashable type",
    exit 5, and ``method = "foo"`` passed validate and failed run naming no file."""
    path = write(tmp_path, PEOPLE)
    for text, said in (
        ('{"scoring": {"met_before_mode": ["forbid"]}}', "met_before_mode must be 'penalise' or 'forbid'"),
        ('{"matching": {"method": "foo"}}', "[matching] method = 'foo': must be one of auto, flow,"),
        ('{"scoring": {"kernel": "fortran"}}', "kernel must be one of 'auto', 'numpy', 'numba'"),
    ):
        config = write(tmp_path, text, "run.json")
        for command in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "o")]):
            assert main([*command, "--date", "2025-09-29", "--config", str(config)]) == EXIT_INVALID
            err = capsys.readouterr().err
            assert "run.json" in err
            assert said in err
            assert "unexpected" not in err


def test_a_configs_method_of_the_other_path_names_the_config_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``method = "bmatching"`` (the group path's) on a table of two delegations passed
    validate, and run scored and matched before "field 'method': unknown matching method",
    naming no config; the group path's check named none either."""
    path = write(tmp_path, PEOPLE)
    config = write(tmp_path, '{"matching": {"method": "bmatching"}}', "run.json")
    out = tmp_path / "o"
    for command in (["validate", str(path)], ["run", str(path), "--out", str(out)]):
        assert main(["--json", *command, "--date", "2025-09-29", "--config", str(config)]) == EXIT_INVALID
        (problem,) = json.loads(capsys.readouterr().out)["problems"]
        assert (problem["kind"], problem["source"], problem["column"]) == (
            "invalid-method",
            str(config),
            "[matching] method",
        )
        assert problem["message"] == (
            "this table goes the two-delegation path, and 'bmatching' is not one of its matching methods"
        )
        assert problem["hint"] == "use one of auto, flow, greedy, hungarian, milp, stable"
    assert not out.exists()
    # the group path's: a method of two delegations on a table of three
    three = write(tmp_path, PEOPLE + "C1,PT D,Z,Jatim,,10631,,,,\n", "three.csv")
    config = write(tmp_path, '{"matching": {"method": "hungarian"}}', "run.json")
    for command in (["validate", str(three)], ["run", str(three), "--out", str(out)]):
        assert main([*command, "--date", "2025-09-29", "--config", str(config)]) == EXIT_INVALID
        err = capsys.readouterr().err
        assert "run.json, column '[matching] method': this table goes the group path" in err
        assert "use one of auto, flow, bmatching, milp" in err
    assert not out.exists()
    # with a mistake in the table, both at once; in Indonesian too
    config = write(tmp_path, '{"matching": {"method": "bmatching"}}', "run.json")
    bad = write(tmp_path, PEOPLE.replace("B2,PT C,Y,Sumsel", "B2,PT C,Y,Sumsell"), "bad.csv")
    assert main(["--json", "validate", str(bad), "--config", str(config)]) == EXIT_INVALID
    kinds = [p["kind"] for p in json.loads(capsys.readouterr().out)["problems"]]
    assert kinds == ["unknown-province", "invalid-method"]
    assert main(["--lang", "id", "validate", str(path), "--config", str(config)]) == EXIT_INVALID
    assert "metode 'bmatching' tidak dapat dipakai untuk tabel ini; pakai salah satu dari: auto, flow," in (
        capsys.readouterr().err
    )


def test_a_configs_side_a_naming_no_delegation_names_the_config_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "p.csv, field 'delegation': a mission has exactly two delegations; the
    participants name 2 ('X', 'Y')", contradicting itself and blaming the file."""
    path = write(tmp_path, PEOPLE)
    config = write(tmp_path, '{"mission": {"date": "2025-09-29", "side_a": "Bali"}}', "run.json")
    assert main(["--json", "validate", str(path), "--config", str(config)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["source"], problem["column"]) == (
        "unknown-side",
        str(config),
        "[mission] side_a",
    )
    assert problem["message"] == f"side_a 'Bali' names no delegation in {path}; it names 'X', 'Y'"
    assert main(["validate", str(path), "--config", str(config)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "exactly two" not in err
    assert f"{path}," not in err  # the file is not where the mistake is
    assert main(["--lang", "id", "validate", str(path), "--config", str(config)]) == EXIT_INVALID
    assert "side_a 'Bali' tidak menyebut delegasi peserta mana pun; delegasinya: 'X', 'Y'" in (
        capsys.readouterr().err
    )


def test_outcomes_places_a_configs_side_a_at_the_config_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """outcomes reads its --mission as run, validate and report read their file; before,
    "p.csv, field 'side_a': ...", blaming the participant file for the config's key."""
    path = write(tmp_path, PEOPLE)
    form = write(tmp_path, "a_id,b_id,seller,value_idr\nA1,B1,A,1000000\n", "form.csv")
    config = write(tmp_path, '{"mission": {"side_a": "Jatim"}}', "run.json")
    args = ["outcomes", str(form), "--mission", str(path), "--config", str(config)]
    assert main(["--json", *args]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["source"], problem["column"], problem["field"]) == (
        "unknown-side",
        str(config),
        "[mission] side_a",
        None,
    )
    assert problem["message"] == f"side_a 'Jatim' names no delegation in {path}; it names 'X', 'Y'"
    assert main(args) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"{path}," not in err  # the file is not where the mistake is
    assert "Traceback" not in err


def test_a_table_of_one_delegation_needs_at_least_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "a mission has exactly two delegations", though a table of more goes the group path."""
    path = write(tmp_path, "id,name,delegation,province\nA1,PT A,X,Jatim\nA2,PT B,X,Jatim\n")
    assert main(["validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "a mission needs at least two delegations; the participants name 1 ('X')" in err
    assert "exactly two" not in err
    assert main(["--lang", "id", "validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "sebuah misi memerlukan paling sedikit dua delegasi; peserta hanya menyebut 1" in err
    assert "tepat dua" not in err


@pytest.mark.parametrize(
    ("extra", "option", "said"),
    [
        (["--timezone", "WITZ"], "--timezone", "unknown time zone 'WITZ'"),
        (["--date", "2025-09-31"], "--date", "'2025-09-31' is not a date"),
        (["--sheet", "X"], "--sheet", "--sheet names a sheet of an .xlsx workbook"),
        (["--allow", "Foo:Bar"], "--allow", "names 'Foo', which is not a delegation"),
    ],
)
def test_an_options_mistake_names_the_option_not_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], option: str, said: str
) -> None:
    """Before, each was placed in the participant file ("p.csv, field 'timezone'",
    "field 'allowed'", "sheet= is an option of XLSX files"), and --allow Foo:Bar added
    an error per wish across the delegations, repeating the first."""
    path = write(
        tmp_path, PEOPLE.replace("B1,PT B,Y,Sumsel,,10631,18:00-20:00,,,", "B1,PT B,Y,Sumsel,,10631,,,A1,")
    )
    run = ["run", str(path), "--date", "2025-09-29", *extra, "--out", str(tmp_path / "o")]
    if option == "--date":
        run.remove("2025-09-29")
        run.remove("--date")
    assert main(["--json", *run]) == EXIT_INVALID
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {(p["field"], p["source"]) for p in problems} == {(option, None)}
    assert said in problems[0]["message"]
    assert "would_like" not in str(problems)
    assert "must_meet" not in str(problems)
    assert main(run) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"field '{option}'" in err
    assert f"{path}," not in err  # not placed in the file
    assert main(["--lang", "id", *run]) == EXIT_INVALID
    assert f"isian '{option}'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_outcomes_html_onto_a_users_file_names_the_html_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "hasil.html, field 'out'", an option outcomes does not have."""
    from matchmaker.datasets import bundled_mission_path

    form = write(tmp_path, "meeting,a_id,b_id,seller,value_idr\nM1,JT-001,SS-001,A,1.500.000.000\n", "f.csv")
    mine = write(tmp_path, "<p>my page</p>", "hasil.html")
    args = ["outcomes", str(form), "--mission", str(bundled_mission_path()), "--html", str(mine)]
    assert main(args) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "field '--html': the output file exists and was not written by matchmaker" in err
    assert "'out'" not in err
    assert mine.read_text(encoding="utf-8") == "<p>my page</p>"


@pytest.mark.parametrize("command", ["run", "report"])
def test_out_onto_a_users_folder_or_file_names_the_out_option(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "field 'out'" (the Python argument), where the command's option is --out."""
    from matchmaker.datasets import bundled_mission_path

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    target = mine if command == "run" else write(tmp_path, "<p>my page</p>", "report.html")
    argv = [command, str(bundled_mission_path()), "--date", "2025-09-29", "--out", str(target)]
    assert main(["--json", *argv]) == EXIT_INVALID
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [p["field"] for p in problems] == ["--out"]
    assert main(argv) == EXIT_INVALID
    assert "field '--out'" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("file", "code"), [("bad", EXIT_INVALID), ("good", EXIT_OK)])
def test_json_piped_into_a_closed_reader_exits_quietly_with_its_code(
    tmp_path: Path, file: str, code: int
) -> None:
    """The walkthrough: ``matchmaker --json validate bad.csv | head -c 600`` ended in a
    BrokenPipeError traceback (the error's JSON was printed outside main's handler)."""
    import os
    import subprocess
    import sys

    path = tmp_path / "p.csv"
    rows = "A1,PT A,X,Jatim\nB1,PT B,Y,Sumsel\n" + ("A1,PT C,X,Jatim\n" if file == "bad" else "")
    path.write_text("id,name,delegation,province\n" + rows, encoding="utf-8")
    src = str(Path(__file__).resolve().parents[1] / "src")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    done = subprocess.run(
        [sys.executable, "-m", "matchmaker", "--json", "validate", str(path)],
        stdout=write,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": src},
        check=False,
    )
    os.close(write)
    assert (done.returncode, done.stderr.decode()) == (code, "")
