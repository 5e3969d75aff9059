"""Fuzzing the event-day commands: a desk's careless sequences of changes and re-plans.

Every command must end in exit 0, or exit 1/2 with a message (``--json``: problems that
each name a participant, field or file); never exit 5, never a traceback, and a refused
change records nothing.  A few dozen generated sequences, well under 20 seconds.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.cli import main
from matchmaker.live import open_event

IDS = st.sampled_from(["JT-001", "SS-054", "JT-003", "W-1", "XX-9", "jt-001", "", " JT-001", "JT-001;SS-001"])
TIMES = st.sampled_from(
    [
        "09:00",
        "09:30",
        "11:00",
        "15:55",
        "08:00",
        "25:00",
        "x",
        "2020-12-02T10:00",
        "2020-12-03T10:00",
        "9.30",
    ]
)
WINDOWS = st.sampled_from(["10:00-11:00", "11:00-10:00", "x", "07:00-08:00", "2020-12-02 13:00-14:00"])
ROWS = st.sampled_from(
    [
        '{"id": "W-1", "name": "CV Baru", "delegation": "Sumatera Selatan", "province": "Sumsel"}',
        '{"id": "W-2", "name": "CV Baru", "delegation": "Bali", "province": "Bali"}',
        '{"id": "JT-001", "name": "x", "delegation": "Jawa Timur", "province": "Jatim"}',
        '{"id": "W-3", "name": "x", "delegation": "Jawa Timur", "province": "Jatim", "max_meetings": -1}',
        '{"id": "W-4", "name": "x", "delegation": "Jawa Timur", "province": "Jatim", "offers": "10631=1e30"}',
        "[]",
        "{",
        "no-such-file.json",
    ]
)


@st.composite
def commands(draw: st.DrawFn) -> list[str]:
    kind = draw(
        st.sampled_from(["checkin", "noshow", "late", "unavailable", "cancel", "walkin", "replan", "status"])
    )
    if kind in ("checkin", "noshow"):
        return [kind, draw(IDS), *(["--at", draw(TIMES)] if draw(st.booleans()) else [])]
    if kind == "late":
        return [kind, draw(IDS), "--until", draw(TIMES)]
    if kind == "unavailable":
        return [kind, draw(IDS), "--window", draw(WINDOWS)]
    if kind == "cancel":
        return [kind, draw(IDS), draw(IDS)]
    if kind == "walkin":
        return [kind, draw(ROWS), *(["--at", draw(TIMES)] if draw(st.booleans()) else [])]
    if kind == "replan":
        return [
            kind,
            "--now",
            draw(TIMES),
            *(["--lead", draw(st.sampled_from(["0", "-1", "x", "30"]))] * draw(st.booleans())),
        ]
    return [kind, *(["--now", draw(TIMES)] if draw(st.booleans()) else [])]


@pytest.fixture(scope="module")
def event_file(tmp_path_factory: pytest.TempPathFactory, result_json: Path) -> Path:
    db = tmp_path_factory.mktemp("event") / "event.sqlite"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["event", "init", str(result_json), "--db", str(db)]) == 0
    return db


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(st.lists(commands(), min_size=1, max_size=4), st.sampled_from(["en", "id"]))
def test_careless_event_day(
    tmp_path_factory: pytest.TempPathFactory, event_file: Path, sequence: list[list[str]], lang: str
) -> None:
    db = tmp_path_factory.mktemp("day") / "event.sqlite"
    shutil.copy(event_file, db)
    for argv in sequence:
        before = open_event(db).changes()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--json", "--lang", lang, "event", *argv, "--db", str(db)])
            except SystemExit as exc:  # argparse: a usage error
                code = int(exc.code or 0)
        assert code in (0, 1, 2), (argv, code, out.getvalue(), err.getvalue())
        assert "Traceback" not in err.getvalue(), argv
        if code == 1:
            data = json.loads(out.getvalue())
            assert data["ok"] is False, argv
            for p in data["problems"]:
                assert p["source"] or p["row"] or p["column"] or p["participants"] or p["field"], (argv, p)
        if code != 0:
            assert open_event(db).changes() == before, argv  # a refused change records nothing
