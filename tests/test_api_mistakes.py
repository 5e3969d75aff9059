"""Mistakes of a Python caller: named where and what to write, never a traceback later on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.datasets import three_delegation_mission


def test_a_mission_date_given_as_text_is_read_as_load_mission_reads_it(tmp_path: Path) -> None:
    """Before, ``Mission(..., date="2025-09-29")`` (or ``synthetic_mission(date=...)``, or
    ``mission.replace(date=...)``) kept the text: ``run`` solved, then ``export_all`` failed
    with ``AttributeError: 'str' object has no attribute 'isoformat'`` and no file."""
    mission = mm.synthetic_mission(3, 5, seed=1, date="2025-09-29")  # type: ignore[arg-type]
    assert mission.date == dt.date(2025, 9, 29)
    assert mission.replace(date=dt.datetime(2025, 9, 30, 8)).date == dt.date(2025, 9, 30)
    result = mm.run(mission, baseline=False)
    mm.export_all(result, tmp_path / "out", formats=["json"])
    doc = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
    assert doc["mission"]["date"] == "2025-09-29"
    groups = dataclasses.replace(three_delegation_mission(), date=" 2025-01-02 ")
    assert groups.date == dt.date(2025, 1, 2)


@pytest.mark.parametrize(("date", "kind"), [("29-09-2025", "syntax"), (20250929, "type"), ("", "syntax")])
def test_a_date_that_is_not_one_is_named(date: object, kind: str) -> None:
    for build in (
        lambda: mm.east_java_south_sumatra_2020().replace(date=date),
        lambda: dataclasses.replace(three_delegation_mission(), date=date),
    ):
        with pytest.raises(mm.ValidationError) as caught:
            build()
        (problem,) = caught.value.problems
        assert (problem.kind, problem.field) == (kind, "date")
        assert "YYYY-MM-DD" in (problem.hint or "")
