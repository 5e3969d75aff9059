"""The compiled kernel (numba, the ``fast`` extra) gives NumPy's scores bit for bit (issue 15).

Scores must not depend on whether an optional package is installed: a matching or a
timetable made on one machine is remade on another.  Each test scores the same mission
with ``kernel="numba"`` and ``kernel="numpy"`` and compares the bytes of the totals and
the forbidden masks: generated missions (certifications whole and per need line, wishes,
vetoes), the shapes that exercise the kernel's chunks and row groups, each gate of the
weights switched off, met-before pairs penalised or forbidden, and the sparse top-k.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.errors import MissingDependencyError, ValidationError
from matchmaker.model import Mission
from matchmaker.scoring import CustomComponent, algorithms, compiled, score
from tests.strategies import missions

needs_numba = pytest.mark.skipif(importlib.util.find_spec("numba") is None, reason="needs the fast extra")

#: Weights that switch each gate of the kernel off in turn (and the default).
WEIGHTS = (
    None,
    {"fit": 0.0, "regional": 0.3, "scale": 0.3, "wishes": 0.4},
    {"fit": 0.5, "regional": 0.0, "scale": 0.3, "wishes": 0.2},
    {"fit": 0.5, "regional": 0.3, "scale": 0.0, "wishes": 0.2},
    {"fit": 1.0},
    {"fit": 0.5, "regional": 0.5},
)


@pytest.fixture(autouse=True)
def _fresh_check() -> Iterator[None]:
    """Each test decides the kernel afresh (the once-per-process check is cached)."""
    algorithms._check.cache_clear()
    yield
    algorithms._check.cache_clear()


def _same(mission: Mission, monkeypatch: pytest.MonkeyPatch, **options: object) -> str:
    """Score with both kernels, check the bytes agree and that the compiled pass ran exactly when
    the result says so; return what the compiled call recorded."""
    assert algorithms.compiled_agrees()  # the once-per-process check first: its own calls are not counted
    real, calls = compiled.fused_block, []

    def counted(*args: object) -> None:
        calls.append(1)
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(compiled, "fused_block", counted)
    fast = score(mission, kernel="numba", **options)  # type: ignore[arg-type]
    ran = len(calls)
    plain = score(mission, kernel="numpy", **options)  # type: ignore[arg-type]
    assert len(calls) == ran  # kernel="numpy" never runs the compiled pass
    assert plain.kernel == "numpy"
    assert fast.total.tobytes() == plain.total.tobytes()
    assert fast.forbidden.tobytes() == plain.forbidden.tobytes()
    assert (ran > 0) == (fast.kernel == "numba")
    return fast.kernel


@needs_numba
@settings(max_examples=120, deadline=None)
@given(missions(max_a=7, max_b=9), st.sampled_from(WEIGHTS), st.sampled_from(["penalise", "forbid"]))
def test_generated_missions_score_the_same(
    mission: Mission, weights: dict[str, float] | None, mode: str
) -> None:
    ids_a, ids_b = mission.ids("A"), mission.ids("B")
    met = [(ids_a[0], ids_b[-1])]
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _same(mission, monkeypatch, weights=weights, met_before=met, met_before_mode=mode) == "numba"


@needs_numba
@pytest.mark.parametrize(
    ("n_a", "n_b"),
    [
        (40, 1_000),  # columns in four chunks, the last one partial
        (300, 70),  # a narrow matrix: blocks of 468 rows, done in row groups
        (129, 513),  # a partial last block and a chunk of one column
        (200, 1_000),  # 7 blocks: two threads, each calling the compiled pass
        (1, 1),
    ],
)
@pytest.mark.parametrize("weights", WEIGHTS[:3])
def test_chunks_and_row_groups_score_the_same(
    n_a: int, n_b: int, weights: dict[str, float] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    mission = synthetic_mission(n_a, n_b, seed=n_a + n_b)
    assert _same(mission, monkeypatch, weights=weights, workers=2) == "numba"


@needs_numba
def test_two_threads_really_run_the_compiled_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from matchmaker.scoring.prepare import prepare_scoring

    arrays = prepare_scoring(synthetic_mission(200, 1_000, seed=1_200)).arrays
    assert algorithms.threaded(arrays.n_rows, arrays.n_cols, 2)
    real, threads = compiled.fused_block, []

    def counted(*args: object) -> None:
        threads.append(threading.get_ident())
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(compiled, "fused_block", counted)
    fast = algorithms.score_dense(arrays, workers=2, kernel="numba")
    plain = algorithms.score_dense(arrays, workers=1, kernel="numpy")
    blocks = len(list(algorithms.block_rows(arrays.n_rows, arrays.n_cols)))
    assert len(threads) == blocks
    assert threading.get_ident() not in threads  # the pool's threads, not the caller's
    assert fast[0].tobytes() == plain[0].tobytes()
    assert fast[1].tobytes() == plain[1].tobytes()


@needs_numba
def test_a_block_without_forbidden_flags_scores_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from matchmaker.scoring.prepare import prepare_scoring

    arrays = prepare_scoring(synthetic_mission(200, 300, seed=4)).arrays
    requiring = arrays.ba.requiring
    assert requiring.size
    start = int(requiring[1]) - 5  # a block with a requiring row: the flags' dummy is passed around it
    calls = []
    real = compiled.fused_block
    monkeypatch.setattr(compiled, "fused_block", lambda *args: (calls.append(1), real(*args)))
    fast = algorithms.block_components(arrays, start, start + 20, ("total",), kernel="numba")
    plain = algorithms.block_components(arrays, start, start + 20, ("total",), kernel="numpy")
    assert calls == [1]
    assert set(fast) == set(plain) == {"total"}
    assert fast["total"].tobytes() == plain["total"].tobytes()


@needs_numba
def test_the_bundled_mission_scores_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    mission = east_java_south_sumatra_2020()
    ids_a, ids_b = mission.ids("A"), mission.ids("B")
    met = [(ids_a[k], ids_b[k]) for k in range(5)]
    for mode in ("penalise", "forbid"):
        assert _same(mission, monkeypatch, met_before=met, met_before_mode=mode) == "numba"


@needs_numba
def test_the_sparse_top_k_stores_the_same_numbers() -> None:
    mission = synthetic_mission(120, 300, seed=5)
    fast = score(mission, top_k=8, executor="serial", kernel="numba")
    plain = score(mission, top_k=8, executor="serial", kernel="numpy")
    assert (fast.stats["kernel"], plain.stats["kernel"]) == ("numba", "numpy")
    assert fast.total.indptr.tobytes() == plain.total.indptr.tobytes()
    assert fast.total.indices.tobytes() == plain.total.indices.tobytes()
    assert fast.total.data.tobytes() == plain.total.data.tobytes()


@needs_numba
def test_a_custom_component_takes_the_numpy_kernel_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    mission = synthetic_mission(30, 50, seed=2)
    values = np.random.default_rng(0).random((30, 50))
    custom = [CustomComponent("distance", values, weight=0.2)]
    assert _same(mission, monkeypatch, custom=custom) == "numpy"


@needs_numba
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


@pytest.mark.parametrize("error", ["ImportError", "OSError"])
def test_a_broken_numba_leaves_auto_on_numpy_and_numba_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: str
) -> None:
    """An installed numba that fails to import: built for another NumPy (ImportError), or
    llvmlite's library missing (OSError).  Found by ``find_spec``, refused by ``import``."""
    broken = tmp_path / "numba"
    broken.mkdir()
    (broken / "__init__.py").write_text(f'raise {error}("numba cannot start here")\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "numba" or m.startswith("numba.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(compiled, "MIN_PAIRS", 1)
    compiled.load.cache_clear()
    try:
        assert importlib.util.find_spec("numba") is not None
        mission = synthetic_mission(10, 12, seed=3)
        assert score(mission).kernel == "numpy"
        assert score(mission, top_k=3, executor="serial").stats["kernel"] == "numpy"
        if error == "ImportError":
            with pytest.raises(MissingDependencyError, match=r"pip install 'matchmaker\[fast\]'"):
                score(mission, kernel="numba")
    finally:
        compiled.load.cache_clear()


@needs_numba
def test_with_the_jit_switched_off_auto_takes_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """``NUMBA_DISABLE_JIT=1`` (debugging, coverage) would run the loop nest as plain Python."""
    monkeypatch.setattr(compiled, "jit_disabled", lambda: True)
    monkeypatch.setattr(compiled, "MIN_PAIRS", 1)
    mission = synthetic_mission(10, 12, seed=3)
    assert score(mission).kernel == "numpy"
    with pytest.raises(ValidationError) as caught:
        score(mission, kernel="numba", weights={"fit": -1})
    (unusable,) = [p for p in caught.value.problems if p.kind == "kernel-unusable"]
    assert len(caught.value.problems) >= 2  # reported with the weight's problem, not alone
    assert "NUMBA_DISABLE_JIT" in unusable.message
    assert unusable.field == "kernel"


@needs_numba
def test_widen_and_other_executors_record_their_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    from matchmaker.scoring.distributed import SerialExecutor
    from matchmaker.scoring.sparse import widen

    class Elsewhere:  # an executor of the caller's (run and name): its workers' numba is unknown
        name = "elsewhere"

        def run(self, fn: Any, shared: Any, items: Any) -> Any:
            return SerialExecutor().run(fn, shared, items)

    monkeypatch.setattr(compiled, "MIN_PAIRS", 1)
    mission = synthetic_mission(40, 60, seed=6)
    here = score(mission, top_k=3, executor="serial")
    there = score(mission, top_k=3, executor=Elsewhere())
    assert (here.stats["kernel"], there.stats["kernel"]) == ("numba", "numpy")
    assert there.total.data.tobytes() == here.total.data.tobytes()
    some = [mission.ids("A")[0]]
    widened = {name: widen(s, some, 10, executor="serial") for name, s in (("here", here), ("there", there))}
    assert widened["here"].stats["widened"]["kernel"] == "numba"  # type: ignore[index]
    assert widened["there"].stats["widened"]["kernel"] == "numpy"  # type: ignore[index]
    assert widened["here"].total.data.tobytes() == widened["there"].total.data.tobytes()
    assert widen(here, some, 10, executor=Elsewhere()).stats["widened"]["kernel"] == "numpy"  # type: ignore[index]


@needs_numba
def test_a_compiled_pass_with_other_numbers_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the two kernels differ (scipy's product built with fused multiply-adds, say), the
    check finds it: ``"auto"`` takes NumPy, ``"numba"`` is refused."""
    real = compiled.fused_block

    def off_by_one_ulp(*args: object) -> None:
        real(*args)  # type: ignore[arg-type]
        total = args[4]
        assert isinstance(total, np.ndarray)
        total[0, 0] = np.nextafter(total[0, 0], 2.0)

    monkeypatch.setattr(compiled, "fused_block", off_by_one_ulp)
    monkeypatch.setattr(compiled, "MIN_PAIRS", 1)
    assert not algorithms.compiled_agrees()
    mission = synthetic_mission(10, 12, seed=3)
    assert score(mission).kernel == "numpy"
    with pytest.raises(ValidationError) as caught:
        score(mission, kernel="numba")
    assert caught.value.problems[0].field == "kernel"
    assert "'numpy'" in (caught.value.problems[0].hint or "")
    assert caught.value.problems[0].kind == "kernel-unusable"


@needs_numba
def test_the_check_passes_here() -> None:
    assert algorithms.compiled_agrees()


@needs_numba
def test_a_run_takes_the_kernel_from_its_options_with_the_same_result() -> None:
    """``[scoring] kernel = "numba"`` in a run config reaches ``score`` (``score_options``)."""
    from matchmaker.config import RunConfig, score_options_from
    from matchmaker.pipeline import run

    mission = east_java_south_sumatra_2020()
    results = {
        kernel: run(mission, score_options=score_options_from(RunConfig(scoring={"kernel": kernel})))
        for kernel in ("numba", "numpy")
    }
    assert {k: r.scores.kernel for k, r in results.items()} == {"numba": "numba", "numpy": "numpy"}
    fast, plain = results["numba"], results["numpy"]
    assert np.asarray(fast.matching.pairs).tobytes() == np.asarray(plain.matching.pairs).tobytes()
    assert np.asarray(fast.schedule.slot).tobytes() == np.asarray(plain.schedule.slot).tobytes()


@needs_numba
@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_config_asking_for_numba_where_it_cannot_run_names_the_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    from matchmaker.cli import EXIT_INVALID, main

    monkeypatch.setattr(algorithms, "_check", lambda: "numba's JIT is switched off (NUMBA_DISABLE_JIT)")
    from matchmaker.io import write_participants

    people = tmp_path / "people.csv"
    write_participants(east_java_south_sumatra_2020(), people)  # the bundled table as a user's file
    config = tmp_path / "run.json"
    config.write_text('{"scoring": {"kernel": "numba"}}', encoding="utf-8")
    out = tmp_path / "out"
    run = ["run", str(people), "--date", "2025-09-29", "--out", str(out), "--config", str(config)]
    code = main(["--lang", lang, *run])
    err = capsys.readouterr().err
    assert code == EXIT_INVALID
    assert "run.json" in err
    assert "[scoring] kernel" in err
    assert ("NUMBA_DISABLE_JIT" in err) if lang == "en" else ("kernel terkompilasi" in err)
    assert not out.exists()


@needs_numba
def test_one_compiled_specialisation_serves_the_check_dense_and_sparse_calls() -> None:
    """The check compiles what real calls run (int64 indices everywhere): no second compile,
    seconds long on a cold cache, inside the first call's threads."""
    compiled.load.cache_clear()
    mission = synthetic_mission(120, 300, seed=5)
    score(mission, kernel="numba")
    score(mission, kernel="numba", top_k=5, executor="serial")
    assert len(compiled.load().signatures) == 1  # type: ignore[attr-defined]
