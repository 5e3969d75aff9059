"""The request values that replaced keyword lists and ``Any``: each refuses what it should,
by name, before any work, and gives the results it gave before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

import matchmaker as mm
from matchmaker.errors import ENGLISH_PLACES, LocationWords, Problem, ValidationError
from matchmaker.pipeline import check
from matchmaker.reporting.evaluate import compare_methods
from matchmaker.reporting.problems import location_text
from matchmaker.scoring import ScoreOptions


def _dated(mission: mm.Mission) -> mm.Mission:
    return mission.replace(date=dt.date(2020, 12, 2))


def test_diagnose_takes_the_request_keywords_and_refuses_others_by_its_own_name() -> None:
    allowed = np.array([[1, 0], [1, 0], [0, 1]], dtype=bool)
    found = mm.diagnose(np.ones((3, 2)), forbidden=~allowed, min_meetings=([1, 1, 0], 0))
    assert [p.kind for p in found] == ["floors-infeasible"]
    assert mm.diagnose(np.ones((3, 2))) == ()
    with pytest.raises(TypeError, match=r"diagnose\(\) got an unexpected keyword argument 'forbiden'"):
        mm.diagnose(np.ones((2, 2)), forbiden=None)  # type: ignore[call-arg]


def test_compare_methods_refuses_an_unknown_bound_by_name() -> None:
    with pytest.raises(TypeError, match=r"compare_methods\(\) got an unexpected keyword argument 'max'"):
        compare_methods(np.ones((2, 2)), ("greedy",), max=2)  # type: ignore[call-arg]


def test_check_takes_runs_keywords_and_refuses_others_by_name() -> None:
    mission = mm.east_java_south_sumatra_2020()
    with pytest.raises(TypeError, match=r"check\(\) got an unexpected keyword argument 'min_scor'"):
        check(mission, min_scor=0.2)  # type: ignore[call-arg]
    # the same warnings with run's default floor given or left out
    assert check(mission, matching_checks=False) == check(mission, min_score=0.15, matching_checks=False)


def test_an_unknown_score_option_is_reported_however_it_is_given() -> None:
    mission = _dated(mm.synthetic_mission(6, 6, seed=1))
    for call in (
        lambda: mm.score(mission, options=ScoreOptions.from_keywords({"yaer": 2019})),
        lambda: mm.run(mission, score_options={"yaer": 2019}),
        lambda: mm.run(mission, score_options=ScoreOptions.from_keywords({"yaer": 2019})),
    ):
        with pytest.raises(ValidationError, match="yaer"):
            call()


def test_run_takes_score_options_as_a_mapping_or_a_score_options_value() -> None:
    mission = _dated(mm.synthetic_mission(8, 10, seed=3))
    given = mm.run(mission, score_options={"year": 2019}, baseline=False)
    typed = mm.run(mission, score_options=ScoreOptions(year=2019), baseline=False)
    assert np.array_equal(given.matching.pairs, typed.matching.pairs)
    assert np.array_equal(given.scores.total, typed.scores.total)


def test_an_option_of_another_format_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    mm.write_participants(mm.synthetic_mission(3, 3, seed=2), path, delimiter=";")
    assert len(mm.read_participants(path, delimiter=";")) == 6
    for call in (
        lambda: mm.read_participants(path, sheet="Peserta"),
        lambda: mm.load_mission(path, sheet="Peserta"),
        lambda: mm.write_participants(mm.synthetic_mission(3, 3, seed=2), tmp_path / "p.json", bom=True),
    ):
        with pytest.raises(ValidationError, match="is an option of") as caught:
            call()
        assert caught.value.problems[0].kind == "invalid-option"


def test_location_words_write_the_same_location_in_either_language() -> None:
    p = Problem("x", participants=tuple(f"SS-{i}" for i in range(9)), field="province")
    assert (
        p.location_in(ENGLISH_PLACES)
        == p.location
        == ("participants SS-0, SS-1, SS-2, SS-3, SS-4, SS-5 and 3 more, field 'province'")
    )
    assert (
        location_text(p, "id") == "peserta SS-0, SS-1, SS-2, SS-3, SS-4, SS-5 dan 3 lainnya, isian 'provinsi'"
    )
    words = LocationWords(row="Zeile", field="Feld")
    assert (
        Problem("x", row=4, field="name", source="a.csv").location_in(words) == "a.csv, Zeile 4, Feld 'name'"
    )


def test_located_replaces_only_what_it_is_given() -> None:
    p = Problem("x", participants=("A1",), field="name", source="a.csv", row=2, column="nama")
    assert p.located(row=5) == Problem(
        "x", participants=("A1",), field="name", source="a.csv", row=5, column="nama"
    )
    assert p.located(participants=(), field=None, source=None, row=None, column=None) == Problem("x")
