"""The command line: exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, main


def test_demo_prints_the_bundled_mission(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Jawa Timur — 46 participants" in out
    assert "Sumatera Selatan — 115 participants" in out
    assert "synthetic" in out


def test_validate_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,name,delegation,province\nA1,PT A,X,Jatim\nB1,PT B,Y,Sumsel\n", encoding="utf-8")
    assert main(["validate", str(path)]) == EXIT_OK
    assert "no problems" in capsys.readouterr().out


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "id,name,delegation,province,offers\nA1,PT A,X,Jatmi,10631\nB1,PT B,Y,Sumsel,9\n", "utf-8"
    )
    assert main(["validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "row 2, column 'province'" in err
    assert "row 3, column 'offers'" in err
    assert "Traceback" not in err


def test_validate_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,name,delegation,province\nA1,PT A,X,Jatmi\nB1,PT B,Y,Sumsel\n", encoding="utf-8")
    assert main(["--json", "validate", str(path)]) == EXIT_INVALID
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["problems"][0]["row"] == 2
    assert report["problems"][0]["kind"] == "unknown-province"


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/p.csv"]) == EXIT_INVALID
    assert "no such file" in capsys.readouterr().err


def test_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
