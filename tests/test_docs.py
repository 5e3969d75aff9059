"""The numbers and outputs the README and the tutorial show are those the code gives today."""

from __future__ import annotations

from pathlib import Path

import pytest

import matchmaker as mm

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TUTORIAL = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(bundled):
    return mm.run(bundled)


def test_readme_figures_of_the_main_job(result) -> None:
    gain = 100 * (result.matching.objective / result.baseline.objective - 1)
    assert f"chooses {len(result.matching.pairs)} meetings" in README
    assert f"{gain:.1f} %\nabove the greedy baseline" in README
    assert f"in {result.schedule.slots_used} slots" in README


def test_tutorial_outputs(bundled, result) -> None:
    scores = mm.score(bundled)
    blocks = [
        str(scores.explain("JT-007", "SS-054")),
        result.schedule.summary(),
        str(result.evaluation),
        "\n".join(str(m) for m in result.schedule.agenda("SS-054")),
    ]
    for text in blocks:
        assert text.strip() in TUTORIAL


def test_tutorial_fixed_bounds_timetable(bundled) -> None:
    matching = mm.match(mm.score(bundled), max_meetings=(8, 4))
    lines = mm.schedule(matching, mm.default_plan(), mission=bundled).summary().splitlines()
    assert lines[0] in TUTORIAL
    assert next(line for line in lines if line.startswith("unplaced:")) in TUTORIAL


def test_tutorial_min_score_figure(bundled) -> None:
    n = len(mm.run(bundled, baseline=False, min_score=0.2).matching.pairs)
    assert f"here {n} meetings instead of" in TUTORIAL
