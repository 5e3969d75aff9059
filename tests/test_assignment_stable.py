"""``stable``: published answers, no blocking pairs, proposer-optimality, ``blocking_pairs``."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.assignment import blocking_pairs, match, validate
from matchmaker.errors import ValidationError
from tests.test_assignment_oracle import Request, random_scores, requests

KNOWN = json.loads((Path(__file__).parent / "data" / "known_answers.json").read_text())


def test_stable_marriage_suitor_optimal_answer() -> None:
    case = KNOWN["stable_marriage_matching_readme"]
    suitors, reviewers = list(case["suitor_prefs"]), list(case["reviewer_prefs"])
    m = match(
        np.zeros((len(suitors), len(reviewers))),
        "stable",
        row_ids=suitors,
        col_ids=reviewers,
        preferences=(case["suitor_prefs"], case["reviewer_prefs"]),
        proposing="A",
    )
    assert dict(m.pair_ids()) == case["expected_suitor_optimal"]
    assert blocking_pairs(m, preferences=(case["suitor_prefs"], case["reviewer_prefs"])) == ()


def test_hospital_residents_resident_optimal_answer() -> None:
    case = KNOWN["hospital_resident_matching_readme"]
    residents, hospitals = list(case["resident_prefs"]), list(case["hospital_prefs"])
    prefs = (case["resident_prefs"], case["hospital_prefs"])
    caps = [case["capacities"][h] for h in hospitals]
    m = match(
        np.zeros((len(residents), len(hospitals))),
        "stable",
        row_ids=residents,
        col_ids=hospitals,
        max_meetings=(1, caps),
        preferences=prefs,
        proposing="A",
    )
    got = {h: sorted(m.partners(h)) for h in hospitals}
    assert got == {h: sorted(r) for h, r in case["expected_resident_optimal"].items()}
    assert blocking_pairs(m, preferences=prefs) == ()
    # A resident listing nobody from a hospital never meets it (mutual acceptability).
    for r, listed in case["resident_prefs"].items():
        assert set(m.partners(r)) <= set(listed)


def test_blocking_pairs_finds_the_instability_of_an_optimal_assignment() -> None:
    s = np.array([[0.9, 0.8], [0.85, 0.1]])
    best = match(s, "hungarian", row_ids=["a", "b"], col_ids=["x", "y"])
    assert best.pair_ids() == (("a", "y"), ("b", "x"))
    # a and x rank each other first: they block the optimal (total-score) matching.
    assert blocking_pairs(best) == (("a", "x"),)
    assert blocking_pairs(match(s, "stable", row_ids=["a", "b"], col_ids=["x", "y"])) == ()


@st.composite
def preference_games(
    draw: st.DrawFn,
) -> tuple[list[str], list[str], tuple[dict, dict], tuple[list[int], list[int]]]:
    """Small games with arbitrary ranked lists (acceptable partners only) and capacities."""
    a, b = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    rows, cols = [f"r{i}" for i in range(a)], [f"c{j}" for j in range(b)]

    def lists(owners: list[str], others: list[str]) -> dict[str, list[str]]:
        return {
            o: draw(st.permutations(others).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[k:])))
            for o in owners
        }

    prefs = (lists(rows, cols), lists(cols, rows))
    caps = (
        draw(st.lists(st.integers(1, 2), min_size=a, max_size=a)),
        draw(st.lists(st.integers(1, 2), min_size=b, max_size=b)),
    )
    return rows, cols, prefs, caps


def _all_stable(
    rows: list[str],
    cols: list[str],
    prefs: tuple[dict, dict],
    caps: tuple[list[int], list[int]],
    template: object,
) -> list[set[tuple[str, str]]]:
    """Every matching of mutually acceptable pairs within capacities that nothing blocks."""
    import dataclasses

    ok = [(r, c) for r in rows for c in cols if c in prefs[0][r] and r in prefs[1][c]]
    found = []
    for bits in product([False, True], repeat=len(ok)):
        chosen = [p for p, bit in zip(ok, bits, strict=True) if bit]
        if any(sum(1 for p in chosen if p[0] == r) > caps[0][i] for i, r in enumerate(rows)):
            continue
        if any(sum(1 for p in chosen if p[1] == c) > caps[1][j] for j, c in enumerate(cols)):
            continue
        pairs = np.array([(rows.index(r), cols.index(c)) for r, c in chosen], dtype=np.intp).reshape(-1, 2)
        m = dataclasses.replace(template, pairs=pairs, scores=np.zeros(len(pairs)))
        if not blocking_pairs(m, preferences=prefs):
            found.append(set(chosen))
    return found


@settings(max_examples=60)
@given(game=preference_games(), proposing=st.sampled_from("AB"))
def test_deferred_acceptance_is_stable_and_proposer_optimal(game: tuple, proposing: str) -> None:
    rows, cols, prefs, caps = game
    _check_proposer_optimal(rows, cols, prefs, caps, proposing)


def _check_proposer_optimal(
    rows: list[str],
    cols: list[str],
    prefs: tuple[dict, dict],
    caps: tuple[list[int], list[int]],
    proposing: str,
) -> int:
    """Run ``stable`` and check it against every stable matching; returns how many there are."""
    m = match(
        np.zeros((len(rows), len(cols))),
        "stable",
        row_ids=rows,
        col_ids=cols,
        max_meetings=caps,
        preferences=prefs,
        proposing=proposing,
    )
    assert blocking_pairs(m, preferences=prefs) == ()
    assert validate(m) == ()
    mine = set(m.pair_ids())
    assert all(c in prefs[0][r] and r in prefs[1][c] for r, c in mine)  # mutual acceptability
    # Proposer-optimal: against every stable matching, each proposer's partners are its
    # choice (best `cap` by its list) from the union of the two.
    owners, lists, cap, side = (
        (rows, prefs[0], caps[0], 0) if proposing == "A" else (cols, prefs[1], caps[1], 1)
    )
    stable_sets = _all_stable(rows, cols, prefs, caps, m)
    assert mine in stable_sets
    for other in stable_sets:
        for k, owner in enumerate(owners):
            got = {p[1 - side] for p in mine if p[side] == owner}
            alt = {p[1 - side] for p in other if p[side] == owner}
            best = sorted(got | alt, key=lists[owner].index)[: cap[k]]
            assert got == set(best)
    return len(stable_sets)


def test_each_side_gets_its_optimal_stable_matching_in_a_two_solution_game() -> None:
    rows, cols = ["a", "b"], ["x", "y"]
    prefs = ({"a": ["x", "y"], "b": ["y", "x"]}, {"x": ["b", "a"], "y": ["a", "b"]})
    for proposing, expected in (("A", {("a", "x"), ("b", "y")}), ("B", {("a", "y"), ("b", "x")})):
        m = match(
            np.zeros((2, 2)), "stable", row_ids=rows, col_ids=cols, preferences=prefs, proposing=proposing
        )
        assert set(m.pair_ids()) == expected
        assert _check_proposer_optimal(rows, cols, prefs, ([1, 1], [1, 1]), proposing) == 2


def test_proposer_optimality_on_seeded_random_games() -> None:
    rng = np.random.default_rng(2024)
    several = 0
    for _ in range(40):
        a, b = 3, int(rng.integers(3, 5))
        rows, cols = [f"r{i}" for i in range(a)], [f"c{j}" for j in range(b)]
        prefs = (
            {r: [cols[j] for j in rng.permutation(b)] for r in rows},
            {c: [rows[i] for i in rng.permutation(a)] for c in cols},
        )
        caps = ((1 + (rng.random(a) < 0.1)).tolist(), (1 + (rng.random(b) < 0.1)).tolist())
        for proposing in "AB":
            several += _check_proposer_optimal(rows, cols, prefs, caps, proposing) > 1
    assert several >= 5  # the property was tested where it has teeth (several stable matchings)


@settings(max_examples=40)
@given(req=requests(max_a=5, max_b=5, max_cap=3, floors=False, forced=False))
def test_with_preferences_from_one_score_matrix_stable_is_greedy(req: Request) -> None:
    # A global order of pairs (score, then row, then column) agrees with every participant's
    # ranking, so the stable matching is unique and the greedy scan finds it.
    stable = match(req.scores, "stable", **req.kwargs())
    greedy = match(req.scores, "greedy", **req.kwargs())
    assert stable.pair_ids() == greedy.pair_ids()


@pytest.mark.parametrize("seed", range(5))
def test_no_blocking_pairs_on_random_many_to_many(seed: int) -> None:
    scores, forbidden = random_scores(seed, 10, 40, 0.2)
    rng = np.random.default_rng(seed)
    caps = (rng.integers(0, 6, scores.shape[0]), rng.integers(0, 4, scores.shape[1]))
    for proposing in "AB":
        m = match(scores, "stable", forbidden=forbidden, max_meetings=caps, proposing=proposing)
        assert blocking_pairs(m) == ()
        assert validate(m) == ()


def test_forced_pairs_are_kept_and_never_block() -> None:
    s = np.array([[0.1, 0.9], [0.8, 0.2]])
    m = match(s, "stable", forced=[[0, 0]], row_ids=["a", "b"], col_ids=["x", "y"])
    assert ("a", "x") in m.pair_ids()
    assert blocking_pairs(m) == ()


def test_stable_reports_floors_it_cannot_keep() -> None:
    # Both columns prefer row 0; row 1's floor is met by no stable matching.
    s = np.array([[0.9, 0.9], [0.1, 0.1]])
    m = match(s, "stable", min_meetings=([0, 1], 0), max_meetings=(2, 1))
    assert [p.kind for p in m.violations] == ["floor-not-met"]
    assert m.violations[0].participants == ("A1",)


def test_explicit_preferences_in_score_order_give_the_score_result() -> None:
    # Explicit preferences equal to the score order give the score-based answer.
    rng = np.random.default_rng(3)
    s = rng.random((4, 5))
    rows, cols = [f"a{i}" for i in range(4)], [f"b{j}" for j in range(5)]
    prefs = (
        {rows[i]: [cols[j] for j in np.argsort(-s[i], kind="stable")] for i in range(4)},
        {cols[j]: [rows[i] for i in np.argsort(-s[:, j], kind="stable")] for j in range(5)},
    )
    for proposing, caps in product("AB", [(1, 1), (2, 1), (3, 2)]):
        by_score = match(s, "stable", row_ids=rows, col_ids=cols, max_meetings=caps, proposing=proposing)
        explicit = match(
            s, "stable", row_ids=rows, col_ids=cols, max_meetings=caps, proposing=proposing, preferences=prefs
        )
        assert by_score.pair_ids() == explicit.pair_ids()


def test_bad_preferences_are_named() -> None:
    with pytest.raises(ValidationError) as info:
        match(
            np.zeros((1, 1)),
            "stable",
            row_ids=["a"],
            col_ids=["x"],
            preferences=({"a": ["x", "nobody"]}, None),
        )
    assert "nobody" in str(info.value)
    with pytest.raises(ValidationError, match="only used by method='stable'"):
        match(np.zeros((1, 1)), "flow", preferences=({}, {}))
