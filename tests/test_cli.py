"""The command line: every command, exit codes, messages, and JSON output."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INFEASIBLE, EXIT_INVALID, EXIT_MISSING_EXTRA, EXIT_OK, main
from matchmaker.datasets import bundled_mission_path


def write(tmp_path: Path, text: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_writes_the_full_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo"), "--no-plots"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Jawa Timur — 46 participants" in out
    assert "Sumatera Selatan — 115 participants" in out
    assert "synthetic" in out
    assert "vs greedy" in out
    assert "Agenda of JT-001" in out
    names = {p.name for p in (tmp_path / "demo").iterdir()}
    assert {"report.html", "result.json", "matchmaker.xlsx", "meetings.csv", "ics"} <= names
    # the count it prints is what the folder holds (it left out pack-manifest.json)
    files = sum(1 for p in (tmp_path / "demo").rglob("*") if p.is_file())
    assert f"Wrote {files:,} files to " in out
    # the agendas by what they are: before, "agendas (163)", mostly messages
    messages = sum(1 for _ in (tmp_path / "demo" / "messages").iterdir())
    assert f"agendas (contacts.csv, agendas.html, {messages} messages)" in out


def test_validate_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "id,name,delegation,province\nA1,PT A,X,Jatim\nB1,PT B,Y,Sumsel\n")
    assert main(["validate", str(path)]) == EXIT_OK
    assert "no problems" in capsys.readouterr().out


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "id,name,delegation,province,offers\nA1,PT A,X,Jatmi,10631\nB1,PT B,Y,Sumsel,9\n")
    assert main(["validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "row 2, column 'province'" in err
    assert "row 3, column 'offers'" in err
    assert "hint:" in err
    assert "Traceback" not in err


def test_validate_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "id,name,delegation,province\nA1,PT A,X,Jatmi\nB1,PT B,Y,Sumsel\n")
    assert main(["--json", "validate", str(path)]) == EXIT_INVALID
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["problems"][0]["row"] == 2
    assert report["problems"][0]["kind"] == "unknown-province"


def test_run_with_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(
        tmp_path,
        json.dumps(
            {
                "mission": {"date": "2020-12-02", "venue": "Palembang", "side_a": "Jawa Timur"},
                "plan": {"start": "08:00", "end": "12:00", "meeting": 15, "buffer": 5, "breaks": []},
                "matching": {"max_b": 2},
                "export": {"lang": "id", "formats": ["csv", "json", "html"], "plots": False},
            }
        ),
        "run.json",
    )
    out = tmp_path / "out"
    assert (
        main(["--json", "run", str(bundled_mission_path()), "--out", str(out), "--config", str(config)])
        == EXIT_OK
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["ok"] is True
    assert summary["placed"] == summary["meetings"]
    assert set(summary["files"]) == {"csv", "json", "html"}
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["plan"]["start"] == "08:00"
    assert len(doc["plan"]["slots"]) == 12  # 08:00-12:00 in 20-minute steps
    from collections import Counter

    from matchmaker.datasets import east_java_south_sumatra_2020

    mission = east_java_south_sumatra_2020()
    per_b = Counter(r["b_id"] for r in doc["meetings"])
    assert per_b
    for pid, count in per_b.items():  # max_b = 2 unless the participant set its own maximum
        assert count <= (mission[pid].max_meetings or 2)
    assert 'lang="id"' in (out / "report.html").read_text(encoding="utf-8")


def test_run_infeasible_request_is_diagnosed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = write(
        tmp_path,
        "id,name,delegation,province,offers,needs,min_meetings\n"
        "A1,PT A,X,Jatim,10631,,\nB1,PT B,Y,Sumsel,,10631,3\n",
    )
    config = write(tmp_path, json.dumps({"mission": {"date": "2025-01-02"}}), "c.json")
    code = main(["run", str(people), "--out", str(tmp_path / "o"), "--config", str(config)])
    assert code == EXIT_INFEASIBLE
    err = capsys.readouterr().err
    assert "B1" in err
    assert "cannot be met" in err
    assert "Traceback" not in err


def test_bad_config_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, json.dumps({"plan": {"strat": "09:00"}}), "c.json")
    assert (
        main(["run", str(bundled_mission_path()), "--out", str(tmp_path), "--config", str(config)])
        == EXIT_INVALID
    )
    assert "unknown key 'strat' in [plan]" in capsys.readouterr().err


def test_report_command(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    config = write(tmp_path, json.dumps({"mission": {"date": "2020-12-02"}}), "c.json")
    assert (
        main(
            ["report", str(bundled_mission_path()), "--out", str(out), "--no-plots", "--config", str(config)]
        )
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_outcomes_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = write(
        tmp_path,
        "meeting,a_id,b_id,seller,value_idr,commodity,mou\n"
        "M1,JT-001,SS-001,A,1.500.000.000,10722,ya\nM2,JT-002,SS-002,B,500000000,,\n"
        "M3,JT-003,SS-003,,,,\n",
        "form.csv",
    )
    assert main(["outcomes", str(form), "--mission", str(bundled_mission_path()), "--lang", "id"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Total nilai transaksi: Rp 2.000.000.000" in out
    assert "Jawa Timur menjual Rp 1.500.000.000, membeli Rp 500.000.000" in out


def test_missing_extra_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import matchmaker.export as export

    def no_openpyxl(*args: object, **kwargs: object) -> None:
        from matchmaker.errors import MissingDependencyError

        raise MissingDependencyError("XLSX exports", package="openpyxl", extra="xlsx")

    monkeypatch.setattr(export, "require", no_openpyxl, raising=False)
    monkeypatch.setattr("matchmaker._optional.require", no_openpyxl)
    assert main(["demo", "--out", str(tmp_path)]) == EXIT_MISSING_EXTRA
    assert "pip install 'matchmaker[xlsx]'" in capsys.readouterr().err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/p.csv"]) == EXIT_INVALID
    assert "no such file" in capsys.readouterr().err


def test_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_flags_after_the_command_and_json_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(bundled_mission_path())
    assert main(["validate", path, "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["date"] is None
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--json", "--bogus"])
    assert exc.value.code == 2
    assert json.loads(capsys.readouterr().out)["error"] == "usage"


def test_run_needs_a_date_and_says_how(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(bundled_mission_path())
    assert main(["run", path, "--out", str(tmp_path / "o")]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "the event has no date" in err
    assert "--date" in err
    assert "cells" not in err  # nothing in the file is wrong
    assert (
        main(["--json", "run", path, "--out", str(tmp_path / "o"), "--date", "2020-12-02", "--no-plots"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_bad_config_values_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(
        tmp_path,
        json.dumps(
            {
                "mission": {"date": "02/12/2020"},
                "export": {"lang": "jv", "formats": "csv"},
                "matching": {"max_a": "8", "top_k": 0},
            }
        ),
        "c.json",
    )
    assert main(["run", str(bundled_mission_path()), "--out", str(tmp_path), "--config", str(config)]) == 1
    err = capsys.readouterr().err
    for text in (
        "[mission] date",
        "[export] lang",
        "[export] formats",
        "[matching] max_a",
        "[matching] top_k",
    ):
        assert text in err


def test_top_k_runs_sparse_and_must_be_at_least_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(bundled_mission_path())
    out = tmp_path / "o"
    args = ["--json", "run", path, "--out", str(out), "--date", "2020-12-02", "--no-plots", "--top-k", "20"]
    assert main(args) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert (out / "meetings.csv").stat().st_size > 0
    with pytest.raises(SystemExit) as usage:
        main(["--json", "run", path, "--out", str(out), "--top-k", "0"])
    assert usage.value.code == 2
    assert "--top-k: must be a whole number >= 1" in capsys.readouterr().out
    # --min-score and [matching] min_score reach the run: fewer, stronger meetings
    config = write(tmp_path, json.dumps({"matching": {"min_score": 0.2}}), "c.json")
    base = ["--json", "run", path, "--date", "2020-12-02", "--no-plots", "--out"]
    meetings = {}
    for name, extra in (("all", []), ("flag", ["--min-score", "0.2"]), ("config", ["--config", str(config)])):
        assert main([*base, str(tmp_path / name), *extra]) == EXIT_OK
        capsys.readouterr()
        meetings[name] = len((tmp_path / name / "meetings.csv").read_text(encoding="utf-8").splitlines())
    assert meetings["flag"] == meetings["config"] < meetings["all"]
    bad = write(tmp_path, json.dumps({"matching": {"min_score": "0.2"}}), "bad.json")
    assert main([*base, str(tmp_path / "bad"), "--config", str(bad)]) == EXIT_INVALID
    assert "[matching] min_score" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        main(["--json", "run", path, "--out", str(out), "--min-score", "1.5"])
    assert usage.value.code == 2
    assert "--min-score: must be a number from 0 to 1" in capsys.readouterr().out


def test_plan_with_a_pool_of_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(
        tmp_path,
        json.dumps(
            {"mission": {"date": "2020-12-02"}, "plan": {"tables": 30}, "export": {"formats": ["json"]}}
        ),
        "c.json",
    )
    out = tmp_path / "o"
    assert main(["run", str(bundled_mission_path()), "--out", str(out), "--config", str(config)]) == EXIT_OK
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["plan"]["tables"] == 30
    assert doc["plan"]["hosts"] is None


def test_report_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    args = ["report", str(bundled_mission_path()), "--out", f"{out}/", "--date", "2020-12-02", "--no-plots"]
    assert main(args) == EXIT_OK
    assert (out / "report.html").is_file()


def test_name_and_venue_title_the_mission_never_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write(
        tmp_path, "id,name,delegation,province\nA1,PT A,X,Jatim\nB1,PT B,Y,Sumsel\n", "participants.csv"
    )
    args = ["run", str(table), "--date", "2025-09-29", "--no-plots"]
    assert main([*args, "--out", str(tmp_path / "plain")]) == EXIT_OK
    doc = json.loads((tmp_path / "plain" / "result.json").read_text(encoding="utf-8"))
    assert doc["mission"]["name"] == "X – Y"  # the delegations, not "participants"
    assert (
        "participants"
        not in (tmp_path / "plain" / "report.html").read_text(encoding="utf-8").split("</title>")[0]
    )
    named = [
        *args,
        "--out",
        str(tmp_path / "named"),
        "--name",
        "Misi Dagang Jatim 2025",
        "--venue",
        "Palembang",
    ]
    assert main(named) == EXIT_OK
    doc = json.loads((tmp_path / "named" / "result.json").read_text(encoding="utf-8"))
    assert (doc["mission"]["name"], doc["mission"]["venue"]) == ("Misi Dagang Jatim 2025", "Palembang")
    assert "Misi Dagang Jatim 2025" in (tmp_path / "named" / "report.html").read_text(encoding="utf-8")
    config = write(tmp_path, json.dumps({"mission": {"name": "Dari config", "venue": "Hotel"}}), "c.json")
    assert main([*args, "--out", str(tmp_path / "c"), "--config", str(config)]) == EXIT_OK
    assert (
        json.loads((tmp_path / "c" / "result.json").read_text(encoding="utf-8"))["mission"]["name"]
        == "Dari config"
    )
    # the command line wins over the config
    assert (
        main([*args, "--out", str(tmp_path / "d"), "--config", str(config), "--name", "Dari CLI"]) == EXIT_OK
    )
    assert (
        json.loads((tmp_path / "d" / "result.json").read_text(encoding="utf-8"))["mission"]["name"]
        == "Dari CLI"
    )
    capsys.readouterr()


def test_console_in_indonesian_with_agreeing_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write(
        tmp_path,
        "id,name,delegation,province,offers,needs\nA1,PT A,X,Jatim,10631,\nB1,PT B,Y,Sumsel,,10631\n",
    )
    out = tmp_path / "o"
    args = ["run", str(table), "--date", "2025-09-29", "--no-plots", "--out", str(out)]
    assert main([*args, "--lang", "id"]) == EXIT_OK
    text = capsys.readouterr().out
    for english in ("matching:", "meetings", "placed", "files written", "objective", "slots"):
        assert english not in text, english
    assert "pencocokan: 1 pertemuan, total skor 0,667" in text
    assert "1 dari 1 pertemuan terjadwal" in text
    for jargon in ("Gini", "flow", "milp", "colouring", "HiGHS", "ortools", "greedy"):  # appendix only
        assert jargon not in text, jargon
    assert "pemerataan pertemuan 100 %" in text
    assert text.rstrip().endswith(f"berkas ditulis ke {out}")
    assert main(args) == EXIT_OK
    english = capsys.readouterr().out
    assert "matching: 1 meeting by" in english  # not "1 meetings"
    assert "\n1 meeting, total score" in english
    assert "1 of 1 meeting placed" in english
    assert "0 idle gaps" in english
    assert main(["validate", str(table), "--lang", "id"]) == EXIT_OK
    assert "tidak ada masalah; 1 di 'X', 1 di 'Y'" in capsys.readouterr().out


def test_outcomes_json_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form = write(
        tmp_path,
        "\ufeffpertemuan;id_a;id_b;penjual;nilai_rp;komoditas;volume;satuan;kategori\n"
        "M1;JT-001;SS-001;A;Rp 1.500.000.000,-;beras;20;ton;kontrak\n"
        "M2;JT-002;SS-002;B;750 juta;HS:0801;;;potensi\n",
        "hasil.csv",
    )
    page = tmp_path / "hasil.html"
    args = ["outcomes", str(form), "--mission", str(bundled_mission_path()), "--html", str(page)]
    assert main(["--json", *args, "--lang", "id", "--name", "Misi Uji", "--venue", "Palembang"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["total_idr"] == 2_250_000_000
    assert data["realised_idr"] == 1_500_000_000
    assert [c["commodity"] for c in data["commodities"]] == ["Beras", "Kelapa"]
    assert data["press_release"].startswith("Misi Uji di Palembang mempertemukan 46 pelaku usaha Jawa Timur")
    assert "Rp 2,3 miliar" in data["press_release"]  # 2,25 rounded half up
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<td>Beras</td>" in html


def test_demo_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path / "demo"), "--no-plots", "--lang", "id"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Jawa Timur — 46 peserta" in out
    assert "== Jadwal ==" in out
    assert "14 sesi 20 menit + jeda 5 menit mulai 09.00" in out
    assert "Agenda JT-001" in out
    assert "berkas ditulis ke" in out
    # the scores' explanations too (tests/test_language.py checks every output word by word)
    assert "JT-015 × SS-003 0,829 = kecocokan produk 0,550" in out
    assert (
        "JT-015 menawarkan Daging dan olahan unggas, SS-003 membutuhkan Daging dan olahan unggas; satu pihak"
        in out
    )
    for english in (
        "participants",
        "meetings",
        "placed",
        "Wrote",
        "Agenda of",
        "table ",
        "slots of",
        "sells",
    ):
        assert english not in out, english


@pytest.mark.slow
def test_a_rerun_into_the_same_folder_resends_calendars_as_updates(tmp_path: Path) -> None:
    """Removing a participant and running again into the pack's folder: each participant's
    calendar, with both versions imported (by UID, the higher SEQUENCE winning, CANCEL
    removing), holds exactly the new meetings: none duplicated, none stale."""
    import csv
    import zoneinfo

    icalendar = pytest.importorskip("icalendar")
    source = bundled_mission_path()
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    smaller = tmp_path / "without-SS-007.csv"
    with smaller.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(r for r in rows if r[0] != "SS-007")
    out = tmp_path / "out"
    args = ["--date", "2020-12-02", "--out", str(out), "--no-plots"]
    assert main(["run", str(source), *args]) == EXIT_OK
    first = {p.name: p.read_bytes() for p in (out / "ics").iterdir()}
    assert main(["run", str(smaller), *args]) == EXIT_OK
    second = {p.name: p.read_bytes() for p in (out / "ics").iterdir()}

    def apply(calendar: dict[str, tuple[int, object]], data: bytes) -> str:
        cal = icalendar.Calendar.from_ical(data)
        for event in cal.walk("VEVENT"):
            uid, seq = str(event["uid"]), int(event.get("sequence", 0))
            if str(cal["method"]) == "CANCEL":
                assert seq > calendar[uid][0]  # a cancellation supersedes what was sent
                del calendar[uid]
            elif uid not in calendar or seq >= calendar[uid][0]:
                calendar[uid] = (seq, event.decoded("dtstart"))
        return str(cal["method"])

    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    zone = zoneinfo.ZoneInfo(doc["plan"]["timezone"])
    placed = [m for m in doc["meetings"] if m["status"] == "placed"]
    cancelled = 0
    for pid in sorted({name.split(".")[0] for name in first} | {name.split(".")[0] for name in second}):
        calendar: dict[str, tuple[int, object]] = {}
        if f"{pid}.ics" in first:
            assert apply(calendar, first[f"{pid}.ics"]) == "PUBLISH"
        if f"{pid}.ics" in second:
            assert apply(calendar, second[f"{pid}.ics"]) == "REQUEST"
        if f"{pid}.cancel.ics" in second:
            assert apply(calendar, second[f"{pid}.cancel.ics"]) == "CANCEL"
            cancelled += 1
        mine = sorted(m["start"] for m in placed if pid in (m["a_id"], m["b_id"]))
        expected = sorted(dt.datetime.fromisoformat(s).astimezone(zone) for s in mine)
        assert sorted(start for _, start in calendar.values()) == expected  # type: ignore[type-var]
    assert "SS-007.cancel.ics" in second  # who left is told too
    assert "SS-007.ics" not in second
    assert cancelled >= 2


def test_an_event_dated_by_the_plan_s_days_is_not_called_undated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``[plan] days`` without a ``date``: ``validate`` said "no event date yet; run and
    report need --date" (run worked), and the workbook's overview left the date empty."""
    import openpyxl

    config = tmp_path / "run.toml"
    config.write_text(
        '[mission]\ntimezone = "WIB"\n\n[plan]\nstart = "09:00"\nend = "12:00"\n'
        'days = ["2025-11-12", "2025-11-13"]\n',
        encoding="utf-8",
    )
    mission = str(bundled_mission_path())
    assert main(["validate", mission, "--config", str(config)]) == EXIT_OK
    assert "no event date yet" not in capsys.readouterr().out
    assert main(["validate", mission]) == EXIT_OK  # undated indeed: said
    assert "no event date yet" in capsys.readouterr().out
    out = tmp_path / "out"
    assert main(["run", mission, "--config", str(config), "--out", str(out)]) == EXIT_OK
    book = openpyxl.load_workbook(out / "matchmaker.xlsx", read_only=True)
    rows = {row[0]: row[1] for row in book["overview"].iter_rows(values_only=True)}
    assert rows["Date"] == "2025-11-12, 2025-11-13"


@pytest.mark.parametrize(
    ("table", "key", "floor"),
    [
        (bundled_mission_path(), "warnings", "0.3"),
        (Path(__file__).parent / "data" / "hostile" / "three_delegations.csv", "shortfalls", "0.95"),
    ],
)
def test_validate_takes_the_matching_options_run_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: Path, key: str, floor: str
) -> None:
    """A review of the round's group work: ``run --min-score 0.3`` left more participants
    without a partner than ``validate`` warned of, and ``validate --min-score`` was a usage
    error (exit 2); only the config's ``[matching] min_score`` reached it.  Both paths."""

    def warned(*extra: str) -> list[str]:
        assert main(["--json", "validate", str(table), *extra]) == EXIT_OK
        return sorted(str(s["participant"]) for s in json.loads(capsys.readouterr().out)[key])

    config = tmp_path / "floor.toml"
    config.write_text(f"[matching]\nmin_score = {floor}\n", encoding="utf-8")
    raised = warned("--min-score", floor)
    assert len(raised) > len(warned())
    assert raised == warned("--config", str(config))
    assert main(["--json", "validate", str(table), "--top-k", "5"]) == EXIT_OK  # taken, as run takes it
    capsys.readouterr()
