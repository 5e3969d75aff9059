"""The compiled kernel (numba, the ``fast`` extra) gives NumPy's scores bit for bit (issue 15).

Scores must not depend on whether an optional package is installed: a matching or a
timetable made on one machine is remade on another.  Each test scores the same mission
with ``kernel="numba"`` and ``kernel="numpy"`` and compares the bytes of the totals and
the forbidden masks: generated missions (certifications whole and per need line, wishes,
vetoes), the shapes that exercise the kernel's chunks and row groups, each gate of the
weights switched off, met-before pairs penalised or forbidden, and the sparse top-k.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.errors import MissingDependencyError, ValidationError
from matchmaker.model import Mission
from matchmaker.scoring import CustomComponent, compiled, score
from tests.strategies import missions

pytest.importorskip("numba")

#: Weights that switch each gate of the kernel off in turn (and the default).
WEIGHTS = (
    None,
    {"fit": 0.0, "regional": 0.3, "scale": 0.3, "wishes": 0.4},
    {"fit": 0.5, "regional": 0.0, "scale": 0.3, "wishes": 0.2},
    {"fit": 0.5, "regional": 0.3, "scale": 0.0, "wishes": 0.2},
    {"fit": 1.0},
    {"fit": 0.5, "regional": 0.5},
)


def _same(mission: Mission, **options: object) -> str:
    """Score with both kernels, check the bytes agree, return what the compiled call recorded."""
    fast = score(mission, kernel="numba", **options)  # type: ignore[arg-type]
    plain = score(mission, kernel="numpy", **options)  # type: ignore[arg-type]
    assert plain.kernel == "numpy"
    assert fast.total.tobytes() == plain.total.tobytes()
    assert fast.forbidden.tobytes() == plain.forbidden.tobytes()
    return fast.kernel


@settings(max_examples=120, deadline=None)
@given(missions(max_a=7, max_b=9), st.sampled_from(WEIGHTS), st.sampled_from(["penalise", "forbid"]))
def test_generated_missions_score_the_same(
    mission: Mission, weights: dict[str, float] | None, mode: str
) -> None:
    ids_a, ids_b = mission.ids("A"), mission.ids("B")
    met = [(ids_a[0], ids_b[-1])]
    assert _same(mission, weights=weights, met_before=met, met_before_mode=mode) == "numba"


@pytest.mark.parametrize(
    ("n_a", "n_b"),
    [
        (40, 1_000),  # columns in four chunks, the last one partial
        (300, 70),  # a narrow matrix: blocks of 468 rows, done in row groups
        (129, 513),  # a partial last block and a chunk of one column
        (1, 1),
    ],
)
@pytest.mark.parametrize("weights", WEIGHTS[:3])
def test_chunks_and_row_groups_score_the_same(n_a: int, n_b: int, weights: dict[str, float] | None) -> None:
    mission = synthetic_mission(n_a, n_b, seed=n_a + n_b)
    assert _same(mission, weights=weights, workers=2) == "numba"


def test_the_bundled_mission_scores_the_same() -> None:
    mission = east_java_south_sumatra_2020()
    ids_a, ids_b = mission.ids("A"), mission.ids("B")
    met = [(ids_a[k], ids_b[k]) for k in range(5)]
    for mode in ("penalise", "forbid"):
        assert _same(mission, met_before=met, met_before_mode=mode) == "numba"


def test_the_sparse_top_k_stores_the_same_numbers() -> None:
    mission = synthetic_mission(120, 300, seed=5)
    fast = score(mission, top_k=8, executor="serial", kernel="numba")
    plain = score(mission, top_k=8, executor="serial", kernel="numpy")
    assert (fast.stats["kernel"], plain.stats["kernel"]) == ("numba", "numpy")
    assert fast.total.indptr.tobytes() == plain.total.indptr.tobytes()
    assert fast.total.indices.tobytes() == plain.total.indices.tobytes()
    assert fast.total.data.tobytes() == plain.total.data.tobytes()


def test_a_custom_component_takes_the_numpy_kernel_and_says_so() -> None:
    mission = synthetic_mission(30, 50, seed=2)
    values = np.random.default_rng(0).random((30, 50))
    custom = [CustomComponent("distance", values, weight=0.2)]
    assert _same(mission, custom=custom) == "numpy"


def test_auto_takes_numba_from_its_size_on(monkeypatch: pytest.MonkeyPatch) -> None:
    mission = synthetic_mission(20, 30, seed=1)
    assert score(mission).kernel == "numpy"  # 600 pairs: below compiled.MIN_PAIRS
    monkeypatch.setattr(compiled, "MIN_PAIRS", 600)
    assert score(mission).kernel == "numba"
    assert score(mission, top_k=3, executor="serial").stats["kernel"] == "numba"
    assert score(mission, kernel="numpy").kernel == "numpy"


def test_a_kernel_that_is_none_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        score(east_java_south_sumatra_2020(), kernel="fortran")
    (problem,) = caught.value.problems
    assert problem.field == "kernel"
    assert "'auto', 'numpy', 'numba'" in problem.message


def test_without_numba_auto_takes_numpy_and_numba_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba now fails
    monkeypatch.setattr(compiled, "available", lambda: False)
    monkeypatch.setattr(compiled, "MIN_PAIRS", 1)
    compiled._compiled.cache_clear()
    try:
        mission = synthetic_mission(10, 12, seed=3)
        assert score(mission).kernel == "numpy"
        with pytest.raises(MissingDependencyError, match=r"matchmaker\[fast\]"):
            score(mission, kernel="numba")
    finally:
        compiled._compiled.cache_clear()
