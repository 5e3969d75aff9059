"""The example scripts run as written (small sizes)."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_bundled_mission_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = runpy.run_path(str(EXAMPLES / "bundled_mission.py"))
    module["main"](str(tmp_path))
    out = capsys.readouterr().out
    assert "405 of 405 meetings placed" in out  # the default relevance floor keeps 53 weak pairs out
    assert (tmp_path / "report.html").exists()


def test_large_event_example(capsys: pytest.CaptureFixture[str]) -> None:
    module = runpy.run_path(str(EXAMPLES / "large_event.py"))
    module["main"](200, 600)
    out = capsys.readouterr().out
    assert "candidates of 120,000 pairs" in out
    assert re.search(r"\b(\d+) of \1 meetings placed", out)  # run() places every meeting it chose


def test_three_delegations_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = runpy.run_path(str(EXAMPLES / "three_delegations.py"))
    module["main"](str(tmp_path))
    out = capsys.readouterr().out
    placed = re.findall(r"\b(\d+) of (\d+) meetings placed", out)
    assert len(placed) == 2
    assert all(a == b for a, b in placed)  # every meeting chosen is placed, in both runs
    assert "Kalimantan Barat × Pembeli Luar Negeri" in out
    assert "Sumatera Selatan × Pembeli Luar Negeri" not in out  # not an allowed pair
    # the Malaysian buyer's agenda: its tables in the venue's time, as its partners'; no "+08"
    assert re.search(r"^2025-09-29 \d\d:\d\d-\d\d:\d\d WIB  table \S+  (JT|KB)-", out, re.MULTILINE)
    assert "+08" not in out
    assert "1 of 1 group meetings placed" in out
    assert "group meeting with JT-001; KB-001; KB-003" in out  # in KB-002's agenda
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "agendas.csv",
        "agendas.html",
        "contacts.csv",
        "grid.csv",
        "ics",
        "matchmaker.xlsx",
        "meetings.csv",
        "messages",
        "outcome_form.csv",
        "pack-manifest.json",
        "report.html",
        "result.json",
    ]
