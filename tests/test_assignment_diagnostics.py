"""Infeasible requests are diagnosed with the right participants and numbers; ``validate`` labels."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matchmaker.assignment import diagnose, match, validate
from matchmaker.errors import InfeasibleError, Problem, ValidationError

ROWS = ["JT-1", "JT-2", "JT-3"]
COLS = ["SS-1", "SS-2", "SS-3", "SS-4"]


def _refused(**kwargs: object) -> tuple[Problem, ...]:
    scores = kwargs.pop("scores", np.full((3, 4), 0.5))
    with pytest.raises(InfeasibleError) as info:
        match(scores, kwargs.pop("method", "flow"), row_ids=ROWS, col_ids=COLS, **kwargs)  # type: ignore[arg-type]
    return info.value.problems


def test_side_minimums_beyond_what_the_other_side_can_host() -> None:
    # Side B wants 2 meetings each (8 in all); side A hosts at most 2 each (6).
    problems = _refused(min_meetings=(0, 2), max_meetings=(2, 3))
    assert [p.kind for p in problems] == ["side-floors-exceed-capacity"]
    p = problems[0]
    assert p.data["side"] == "B"
    assert (p.data["required"], p.data["available"]) == (8, 6)
    assert set(p.participants) == set(COLS)


def test_participant_with_fewer_allowed_partners_than_its_minimum() -> None:
    forbidden = np.zeros((3, 4), dtype=bool)
    forbidden[1, :3] = True  # JT-2 may only meet SS-4
    problems = _refused(forbidden=forbidden, min_meetings=([0, 3, 0], 0), max_meetings=(3, 2))
    assert [p.kind for p in problems] == ["too-few-partners"]
    assert problems[0].participants == ("JT-2",)
    assert (problems[0].data["value"], problems[0].data["bound"]) == (1, 3)
    assert "min_meetings 3 but only 1 allowed partner(s)" in str(problems[0])


def test_min_score_counts_against_the_partners_a_participant_has() -> None:
    scores = np.full((3, 4), 0.9)
    scores[0] = [0.9, 0.1, 0.1, 0.1]
    problems = _refused(scores=scores, min_score=0.5, min_meetings=([2, 0, 0], 0), max_meetings=(2, 2))
    assert [(p.kind, p.participants) for p in problems] == [("too-few-partners", ("JT-1",))]


def test_forced_pair_that_is_also_forbidden() -> None:
    forbidden = np.zeros((3, 4), dtype=bool)
    forbidden[2, 1] = True
    problems = _refused(forbidden=forbidden, forced=[("JT-3", "SS-2")], method="auto")
    assert [p.kind for p in problems] == ["forced-forbidden"]
    assert problems[0].participants == ("JT-3", "SS-2")


def test_forced_pairs_beyond_a_capacity() -> None:
    problems = _refused(forced=[("JT-1", "SS-1"), ("JT-1", "SS-2"), ("JT-1", "SS-3")], max_meetings=(2, 1))
    assert [p.kind for p in problems] == ["forced-over-capacity"]
    assert problems[0].participants == ("JT-1",)
    assert (problems[0].data["value"], problems[0].data["bound"]) == (3, 2)


def test_forced_pairs_given_as_ids_side_a_first() -> None:
    problems = _refused(forced=[("JT-1", "SS-1"), ("JT-1", "SS-2")], method="hungarian")
    assert [(p.kind, p.participants) for p in problems] == [("forced-over-capacity", ("JT-1",))]


@pytest.mark.parametrize("name", ["forced", "forbidden"])
def test_pairs_naming_side_b_first_are_refused_like_schedule_refuses_them(name: str) -> None:
    # (B, A) pairs used to be turned round silently; schedule() refuses them, so match does too.
    scores = np.full((len(ROWS), len(COLS)), 0.5)
    with pytest.raises(ValidationError) as info:
        match(scores, row_ids=ROWS, col_ids=COLS, **{name: [("JT-2", "SS-3"), ("SS-1", "JT-1")]})
    (found,) = info.value.problems
    assert (found.kind, found.participants, found.field) == ("wrong-side", ("SS-1", "JT-1"), name)
    assert "side B first" in found.message
    assert "('JT-1', 'SS-1')" in str(found)
    with pytest.raises(ValidationError):
        diagnose(scores, row_ids=ROWS, col_ids=COLS, **{name: [("SS-1", "JT-1")]})


def test_group_whose_floors_cannot_all_be_met_is_named_by_the_fallback() -> None:
    # Each check passes on its own: JT-1 and JT-2 need one meeting each and each has one
    # allowed partner; side B could host 4.  But both may only meet SS-1, who has room
    # for one.  The solver proves it infeasible; the cut names the group.
    allowed = np.array([[1, 0, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=bool)
    for method in ("flow", "milp"):
        problems = _refused(forbidden=~allowed, min_meetings=([1, 1, 0], 0), max_meetings=1, method=method)
        found = problems[0]
        assert found.kind == "floors-infeasible"
        assert set(found.data["needing"]) == {"JT-1", "JT-2"}
        assert found.data["limiting"] == ("SS-1",)
        assert (found.data["required"], found.data["available"]) == (2, 1)
        assert problems[-1].kind == "solver-infeasible"
    assert (
        diagnose(
            np.full((3, 4), 0.5), forbidden=~allowed, min_meetings=([1, 1, 0], 0), row_ids=ROWS, col_ids=COLS
        )[0].kind
        == "floors-infeasible"
    )


def test_side_b_floors_named_by_the_fallback() -> None:
    # SS-1..SS-3 each need a meeting, but may only meet JT-1, who has room for 2.
    allowed = np.zeros((3, 4), dtype=bool)
    allowed[0, :3] = True
    allowed[1:, 3] = True
    problems = diagnose(
        np.ones((3, 4)),
        forbidden=~allowed,
        min_meetings=(0, [1, 1, 1, 0]),
        max_meetings=(2, 1),
        row_ids=ROWS,
        col_ids=COLS,
    )
    assert problems[0].kind == "floors-infeasible"
    assert set(problems[0].data["needing"]) == {"SS-1", "SS-2", "SS-3"}
    assert problems[0].data["limiting"] == ("JT-1",)
    assert (problems[0].data["required"], problems[0].data["available"]) == (3, 2)


def test_feasible_but_tight_floors_are_met_exactly() -> None:
    # Every floor equals every capacity: only a perfect 2-regular matching will do.
    rng = np.random.default_rng(0)
    scores = rng.random((4, 4))
    for backend in ("ortools", "highs", "networkx"):
        m = match(scores, "flow", min_meetings=2, max_meetings=2, backend=backend)
        assert len(m) == 8
        assert validate(m) == ()
    assert diagnose(scores, min_meetings=2, max_meetings=2) == ()


def test_diagnosis_happens_before_any_solver_runs() -> None:
    calls = []

    def spy(instance: object) -> np.ndarray:
        calls.append(instance)
        return np.zeros((0, 2), np.intp)

    with pytest.raises(InfeasibleError):
        match(np.ones((2, 2)), spy, min_meetings=3, max_meetings=3)
    assert calls == []


# ------------------------------------------------------------------ validate
def _solved() -> object:
    forbidden = np.zeros((3, 4), dtype=bool)
    forbidden[0, 3] = True
    return match(
        np.full((3, 4), 0.5),
        "flow",
        row_ids=ROWS,
        col_ids=COLS,
        forbidden=forbidden,
        forced=[("JT-2", "SS-2")],
        min_meetings=(1, 0),
        max_meetings=(2, 1),
    )


def _edit(m: object, pairs: list[tuple[int, int]]) -> object:
    return dataclasses.replace(m, pairs=pairs, scores=np.zeros(len(pairs)))  # type: ignore[type-var]


def test_validate_accepts_the_solver_result() -> None:
    assert validate(_solved()) == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pairs", "kind", "who"),
    [
        ([(0, 0), (0, 1), (0, 2), (1, 1), (2, 3)], "capacity", ("JT-1",)),
        ([(0, 3), (1, 1), (2, 2)], "forbidden", ("JT-1", "SS-4")),
        ([(0, 0), (0, 0), (1, 1), (2, 2)], "duplicate-pair", ("JT-1", "SS-1")),
        ([(0, 0), (1, 1)], "floor-not-met", ("JT-3",)),
        ([(0, 0), (1, 2), (2, 3)], "forced-missing", ("JT-2", "SS-2")),
    ],
)
def test_validate_labels_each_broken_rule(
    pairs: list[tuple[int, int]], kind: str, who: tuple[str, ...]
) -> None:
    problems = validate(_edit(_solved(), pairs))  # type: ignore[arg-type]
    found = [p for p in problems if p.kind == kind]
    assert found, problems
    assert found[0].participants == who


def test_validate_reports_column_capacity_too() -> None:
    problems = validate(_edit(_solved(), [(0, 1), (1, 1), (2, 1)]))  # type: ignore[arg-type]
    assert {p.participants for p in problems if p.kind == "capacity"} == {("SS-2",)}


def test_forced_pair_that_uses_up_the_room_a_floor_needs_is_named() -> None:
    # JT-2 needs one meeting and may only meet SS-1, whose single place the forced pair
    # JT-1 – SS-1 takes.  No pre-check sees it; greedy (a heuristic) runs the exact test first.
    allowed = np.array([[1, 1, 1, 1], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=bool)
    problems = _refused(
        forbidden=~allowed, forced=[("JT-1", "SS-1")], min_meetings=([0, 1, 0], 0), method="greedy"
    )
    found = problems[0]
    assert found.kind == "floors-infeasible"
    assert found.data["needing"] == ("JT-2",)
    assert found.data["forced_pairs"] == ("JT-1 – SS-1",)
    assert found.data["limiting"] == ("SS-1",)
    assert set(found.participants) == {"JT-1", "JT-2", "SS-1"}
