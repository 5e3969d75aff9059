"""Shared test configuration: hypothesis profiles and the bundled mission."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def bundled():
    """The bundled East Java → South Sumatra mission (46 × 115)."""
    from matchmaker.datasets import east_java_south_sumatra_2020

    return east_java_south_sumatra_2020()


@pytest.fixture(scope="session")
def result_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The result.json that ``matchmaker run`` writes for the bundled mission (made once;
    tests read it and write elsewhere)."""
    from matchmaker.cli import main
    from matchmaker.datasets import bundled_mission_path

    out = tmp_path_factory.mktemp("run") / "out"
    mission = str(bundled_mission_path())
    assert main(["run", mission, "--date", "2020-12-02", "--timezone", "WIB", "--out", str(out)]) == 0
    return out / "result.json"
