"""The HTML report opens in headless Chromium without errors (needs chromium and playwright).

Chromium comes from the distribution (``apt-get install chromium``); ``.ci/run`` installs
it when it can.  Without it these tests are skipped, with the reason shown by ``-ra``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from matchmaker.export import export_all
from matchmaker.export.browser import check_report, find_chromium
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run

pytestmark = [
    pytest.mark.skipif(
        find_chromium() is None, reason="no chromium on this machine (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


def test_bundled_report_opens_without_errors(bundled, tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    result = run(bundled)
    export_all(result, tmp_path, formats=["html"])
    check = check_report(tmp_path / "report.html", screenshots={None: tmp_path / "shot.png"})
    assert check.errors == ()
    assert check.title == bundled.name
    assert check.figures == 3
    assert check.agendas == len(bundled.participants)
    assert check.grid_rows == len(result.schedule.plan.slots)
    assert (tmp_path / "shot.png").read_bytes().startswith(b"\x89PNG")


def test_hostile_names_do_not_run(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    people = [
        Participant("A1", "<script>window.__pwned=1</script>", "X", "Jatim", offers="10631"),
        Participant("B1", "<img src=x onerror='window.__pwned=2'>", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    export_all(run(mission), tmp_path, formats=["html"], plots=False)
    check = check_report(tmp_path / "report.html")
    assert check.script_ran is False
    assert check.errors == ()
