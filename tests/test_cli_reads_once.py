"""``matchmaker run``/``validate``/``report`` read the participant table once.

The raw table chooses the path (ordinary or group, :func:`matchmaker.group_path.group_route`)
and is then handed to the loader, so the file is read from disk and parsed once.  The
missions (and the errors of a bad table) are the same as reading the file directly.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.datasets import bundled_mission_path, synthetic_group_mission
from matchmaker.io.csv_format import write_csv


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each file is read (the CSV reader takes the whole file with ``read_bytes``)."""
    seen: Counter[str] = Counter()
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        seen[self.name] += 1
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return seen


def test_run_reads_the_bundled_table_once_and_gives_the_same_figures(
    tmp_path: Path, reads: Counter[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = bundled_mission_path()
    out = tmp_path / "out"
    code = main(["--json", "run", str(path), "--date", "2020-12-02", "--timezone", "WIB", "--out", str(out)])
    assert code == 0
    assert reads[path.name] == 1
    doc = json.loads(capsys.readouterr().out)
    result = mm.run(mm.load_mission(path, date="2020-12-02", timezone="WIB"))
    assert doc["meetings"] == len(result.schedule.meetings)


@pytest.mark.parametrize("command", ["validate", "report"])
def test_validate_and_report_read_the_table_once(
    command: str, tmp_path: Path, reads: Counter[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = bundled_mission_path()
    extra = ["--out", str(tmp_path / "report.html"), "--no-plots"] if command == "report" else []
    assert main([command, str(path), "--date", "2020-12-02", *extra]) == 0
    assert reads[path.name] == 1


@pytest.mark.parametrize("allow", [False, True], ids=["routed-by-content", "routed-by-allow"])
def test_a_group_table_is_read_once(
    allow: bool, tmp_path: Path, reads: Counter[str], capsys: pytest.CaptureFixture[str]
) -> None:
    m = synthetic_group_mission({"Jawa Timur": 6, "Sumatera Selatan": 7, "Kalimantan Barat": 5}, seed=3)
    path = tmp_path / "peserta.csv"
    write_csv(m.participants, path)
    allowed = ["--allow", "Jawa Timur:Sumatera Selatan"] if allow else []
    assert main(["--json", "validate", str(path), *allowed]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == "groups"
    assert reads[path.name] == 1


def test_a_bad_table_is_reported_as_the_reader_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table the raw reader refuses goes to the ordinary reader, which names the problem."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,name,delegation,province\n\xff\xfe,x,y,z\n")
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err
    with pytest.raises(mm.DataFileError) as direct:
        mm.load_mission(bad)
    assert str(direct.value) in err


def test_load_mission_given_the_read_table_gives_the_same_mission(tmp_path: Path) -> None:
    from matchmaker.group_path import read_table
    from matchmaker.io import write_participants

    path = bundled_mission_path()
    table = read_table(path)
    assert table is not None
    assert mm.load_mission(path, table=table, date="2020-12-02") == mm.load_mission(path, date="2020-12-02")
    xlsx = tmp_path / "peserta.xlsx"
    write_participants(mm.load_mission(path), xlsx)
    assert mm.load_mission(xlsx, table=read_table(xlsx)) == mm.load_mission(xlsx)
    assert read_table(tmp_path / "missing.csv") is None
    assert read_table(tmp_path / "mission.json") is None
