"""The event-day desk's mistakes: each a clear error naming what and what to do, exit 1,
and nothing recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.live import open_event


def _init(tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "event.sqlite")
    assert main(["event", "init", str(result_json), "--db", db]) == EXIT_OK
    capsys.readouterr()
    return db


def test_a_replan_earlier_than_the_last_one_is_refused(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``replan --now 09:00`` after one at 11:00 reopened the slots already past and
    could move or add meetings there (updates sent for times gone)."""
    db = _init(tmp_path, result_json, capsys)
    assert main(["event", "replan", "--now", "11:00", "--db", db]) == EXIT_OK
    capsys.readouterr()
    event = open_event(db)
    meetings, changes = event.meetings(), event.changes()
    out = tmp_path / "updates"
    argv = ["--json", "event", "replan", "--now", "09:00", "--out", str(out), "--db", db]
    assert main(argv) == EXIT_INVALID
    data = json.loads(capsys.readouterr().out)
    (problem,) = data["problems"]
    assert (problem["kind"], problem["field"]) == ("now-before-last-replan", "now")
    assert "no earlier than 11:00" in problem["hint"]
    assert not out.exists()
    again = open_event(db)
    assert again.meetings() == meetings
    assert again.changes() == changes
    assert main(["--lang", "id", "event", "replan", "--now", "10:59", "--db", db]) == EXIT_INVALID
    assert "sebelum penjadwalan ulang terakhir (2020-12-02 11:00)" in capsys.readouterr().err
    # the same time again, or later, is a re-plan as before
    assert main(["event", "replan", "--now", "11:00", "--db", db]) == EXIT_OK
    assert main(["event", "replan", "--now", "11:30", "--db", db]) == EXIT_OK
    with pytest.raises(mm.ValidationError, match="before the last re-plan"):
        open_event(db).replan("11:29")
