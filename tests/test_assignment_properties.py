"""Whatever the method: no forbidden pair, no duplicate, no capacity exceeded, forced pairs kept.

Hypothesis draws whole requests (scores, forbidden masks, forced pairs, bounds); the
request is first made consistent by ``diagnose`` (an infeasible one must be refused by
every method).  Also: the caller's arrays are never modified, results are deterministic.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.assignment import diagnose, match, validate
from matchmaker.errors import InfeasibleError, ValidationError
from tests.strategies import score_matrices

METHODS = ["auto", "hungarian", "flow", "stable", "greedy", "milp"]


@st.composite
def requests(draw: st.DrawFn) -> dict:
    scores, forbidden = draw(score_matrices(max_rows=5, max_cols=6))
    a, b = scores.shape
    cells = st.tuples(st.integers(0, a - 1), st.integers(0, b - 1))
    forced = np.array(draw(st.lists(cells, unique=True, max_size=3)), dtype=np.intp).reshape(-1, 2)
    hi = (
        np.array(draw(st.lists(st.integers(0, 3), min_size=a, max_size=a))),
        np.array(draw(st.lists(st.integers(0, 3), min_size=b, max_size=b))),
    )
    lo = (
        np.minimum(np.array(draw(st.lists(st.integers(0, 1), min_size=a, max_size=a))), hi[0]),
        np.minimum(np.array(draw(st.lists(st.integers(0, 1), min_size=b, max_size=b))), hi[1]),
    )
    return {
        "scores": scores,
        "forbidden": forbidden,
        "forced": forced,
        "min_meetings": lo,
        "max_meetings": hi,
        "min_score": draw(st.one_of(st.none(), st.floats(0, 1))),
    }


def _check(req: dict, method: str) -> None:
    kw = {k: v for k, v in req.items() if k != "scores"}
    a, b = req["scores"].shape  # a max above the other side's size means "everyone"
    one_to_one = min(req["max_meetings"][0].max(), b) <= 1 and min(req["max_meetings"][1].max(), a) <= 1
    if method == "hungarian":
        kw["min_meetings"] = None
        if not one_to_one:
            with pytest.raises(ValidationError, match="one-to-one"):
                match(req["scores"], method, **kw)
            return
    found = diagnose(req["scores"], **kw)
    if found:
        with pytest.raises(InfeasibleError):
            match(req["scores"], method, **kw)
        return
    m = match(req["scores"], method, **kw)
    problems = validate(m)
    heuristic = method in ("stable", "greedy")
    assert [p for p in problems if not (heuristic and p.kind == "floor-not-met")] == []
    assert [p.kind for p in m.violations] == [p.kind for p in problems]
    pairs = {tuple(p) for p in m.pairs.tolist()}
    assert len(pairs) == len(m)  # no duplicate
    assert not any(req["forbidden"][r, c] for r, c in pairs)
    deg_r = np.bincount(m.pairs[:, 0], minlength=req["scores"].shape[0])
    deg_c = np.bincount(m.pairs[:, 1], minlength=req["scores"].shape[1])
    assert (deg_r <= req["max_meetings"][0]).all()
    assert (deg_c <= req["max_meetings"][1]).all()
    assert {tuple(p) for p in req["forced"].tolist()} <= pairs
    assert m.objective == pytest.approx(float(req["scores"][m.pairs[:, 0], m.pairs[:, 1]].sum()))
    assert m.pairs.flags.writeable is False
    assert m.scores.flags.writeable is False


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40)
@given(req=requests())
def test_every_method_keeps_every_hard_rule(req: dict, method: str) -> None:
    _check(req, method)


@settings(max_examples=25)
@given(req=requests(), method=st.sampled_from(METHODS))
def test_inputs_are_not_modified_and_results_repeat(req: dict, method: str) -> None:
    copies = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in req.items()}
    kw = {k: v for k, v in req.items() if k != "scores"}
    if method == "hungarian":
        kw["max_meetings"] = 1
        kw["min_meetings"] = None
    try:
        first = match(req["scores"], method, **kw)
    except (InfeasibleError, ValidationError):
        return
    second = match(req["scores"], method, **kw)
    assert np.array_equal(first.pairs, second.pairs)
    assert first.unmatched == second.unmatched
    assert dict(first.alternates) == dict(second.alternates)
    for key, value in copies.items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(req[key], value)
        elif isinstance(value, tuple):
            for got, kept in zip(req[key], value, strict=True):
                assert np.array_equal(got, kept)
