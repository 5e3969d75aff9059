"""An output is never a file the command reads, not even with ``--force``.

Before, ``report people.csv --out people.csv --force`` replaced the participant table with
the report, ``outcomes form.csv --html form.csv --force`` the filled-in outcome form, and
``run meetings.csv --out . --force`` the table with the pack's ``meetings.csv``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.export.pack import MANIFEST, PACK_FOLDERS, PACK_NAMES

HOSTILE = Path(__file__).parent / "data" / "hostile"
PEOPLE = (
    "id,name,delegation,province,offers,needs\n"
    "A1,PT A,Jawa Timur,Jatim,10631=5000000,\n"
    "B1,PT B,Sumatera Selatan,Sumsel,,10631\n"
)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["--json", *argv]) == EXIT_INVALID
    data = json.loads(capsys.readouterr().out)
    assert [p["kind"] for p in data["problems"]] == ["output-is-input"]
    return data


@pytest.mark.parametrize("people", ["people.csv", HOSTILE / "three_delegations.csv"])
def test_report_over_its_participant_table_is_refused_even_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], people: str | Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8") if people == "people.csv" else shutil.copy(people, path)
    before = tree(tmp_path)
    data = refused(["report", str(path), "--date", "2025-09-29", "--out", str(path), "--force"], capsys)
    assert "the output is the input file" in str(data["message"])
    assert tree(tmp_path) == before
    # the same in Indonesian, and through another spelling of the same path
    other = tmp_path / "." / "people.csv"
    argv = ["--lang", "id", "report", str(path), "--date", "2025-09-29", "--out", str(other), "--force"]
    assert main(argv) == EXIT_INVALID
    assert "hasil akan menimpa berkas masukan" in capsys.readouterr().err
    assert tree(tmp_path) == before


def test_report_checks_its_output_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    config = tmp_path / "run.json"
    config.write_text('{"mission": {"date": "2025-09-29"}}', encoding="utf-8")
    refused(["report", str(path), "--config", str(config), "--out", str(config), "--force"], capsys)
    assert json.loads(config.read_text(encoding="utf-8")) == {"mission": {"date": "2025-09-29"}}


@pytest.mark.parametrize("people", ["people.csv", HOSTILE / "three_delegations.csv"])
def test_run_refuses_a_pack_that_would_replace_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], people: str | Path
) -> None:
    folder = tmp_path / "mission"
    folder.mkdir()
    path = folder / "meetings.csv"  # named like a file of the pack
    path.write_text(PEOPLE, encoding="utf-8") if people == "people.csv" else shutil.copy(people, path)
    before = tree(folder)
    data = refused(["run", str(path), "--date", "2025-09-29", "--out", str(folder), "--force"], capsys)
    assert "the pack's meetings.csv is the input file" in str(data["message"])
    assert tree(folder) == before
    # a name the pack does not write is kept beside the pack, as --force promises
    path.rename(folder / "people.csv")
    argv = ["run", str(folder / "people.csv"), "--date", "2025-09-29", "--out", str(folder), "--force"]
    assert main(["--json", *argv, "--no-plots"]) == EXIT_OK
    capsys.readouterr()
    assert (folder / "people.csv").read_bytes() == before["meetings.csv"]


def test_outcomes_html_over_the_form_or_the_result_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    form = tmp_path / "hasil.csv"
    form.write_text("a_id,b_id,seller,value_idr,kind\nA1,B1,A,Rp 1.500.000.000,kontrak\n", encoding="utf-8")
    before = tree(tmp_path)
    for target in (form, people):
        argv = ["outcomes", str(form), "--mission", str(people), "--html", str(target), "--force"]
        refused(argv, capsys)
    assert tree(tmp_path) == before


def test_the_pack_names_cover_what_both_paths_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check_output`` refuses an input by the names a pack writes: they must be complete."""
    pytest.importorskip("openpyxl")
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    written: set[str] = set()
    for source, out in ((people, "two"), (HOSTILE / "three_delegations.csv", "groups")):
        argv = ["--json", "run", str(source), "--date", "2025-09-29", "--out", str(tmp_path / out)]
        assert main(argv) == EXIT_OK
        capsys.readouterr()
        written |= set(json.loads((tmp_path / out / MANIFEST).read_text(encoding="utf-8"))["files"])
    top = {name.split("/")[0] for name in written if "/" not in name}
    folders = {name.split("/")[0] for name in written if "/" in name}
    assert top <= PACK_NAMES
    assert folders <= PACK_FOLDERS
    assert {"meetings.csv", "result.json"} <= top
    assert {"ics"} <= folders
