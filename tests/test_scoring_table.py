"""One table of score components, one ScoreOptions, one score() entry, one base for dense and sparse scores.

The toy component below is defined in one place (the spec) and must show up everywhere a
built-in does: weights, dense and sparse scores (bit for bit), components, explanations,
the sparse pruning bound and the run config.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.config import read_config, score_options_from
from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.errors import DataFileError, ValidationError
from matchmaker.model import Mission, Participant
from matchmaker.scoring import (
    ComponentSpec,
    ScoreOptions,
    Scores,
    ScoresBase,
    SparseScores,
    Weights,
    component_names,
    register_component,
    score,
    score_sparse,
    unregister_component,
)


# ------------------------------------------------------------------ the toy component, in one place
def _lines(people: Sequence[Participant]) -> np.ndarray:
    return np.array([[len(p.offers), len(p.needs)] for p in people], dtype=np.float64)


def _balance(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """1 / (1 + |offers of the row - needs of the column|): a pair's value from its two participants."""
    return 1.0 / (1.0 + np.abs(rows[:, :1] - cols[:, 1]))


TOY = ComponentSpec(
    name="balance",
    weight=0.0,
    slot="pairwise",
    features=_lines,
    pair=_balance,
    explain=lambda pair: [
        f"{pair.a.id} offers {len(pair.a.offers)} lines, {pair.b.id} needs {len(pair.b.needs)}"
    ],
)


def _oracle(mission: Mission) -> np.ndarray:
    """The toy component by its definition, one pair at a time."""
    a, b = mission.side("A"), mission.side("B")
    return np.array([[1.0 / (1.0 + abs(len(p.offers) - len(q.needs))) for q in b] for p in a])


@pytest.fixture
def toy() -> Iterator[ComponentSpec]:
    register_component(TOY)
    try:
        yield TOY
    finally:
        unregister_component(TOY.name)


@pytest.fixture(scope="module")
def mission() -> Mission:
    return synthetic_mission(40, 60, seed=5)


WITH_TOY = {"fit": 0.5, "regional": 0.1, "scale": 0.1, "wishes": 0.1, "balance": 0.2}


def test_a_registered_component_is_in_the_weights(toy: ComponentSpec) -> None:
    assert component_names()[-1] == "balance"
    assert Weights().as_dict()["balance"] == 0.0  # its spec's default weight
    assert Weights.from_mapping({"fit": 1, "balance": 2}).as_dict() == {
        "fit": 1.0,
        "regional": 0.0,
        "scale": 0.0,
        "wishes": 0.0,
        "balance": 2.0,
    }
    with pytest.raises(ValidationError, match="weight 'balance' is negative"):
        Weights(others={"balance": -1})


def test_a_registered_component_is_scored_dense_and_explained(toy: ComponentSpec, mission: Mission) -> None:
    s = score(mission, WITH_TOY)
    assert s.weights["balance"] == pytest.approx(0.2)
    np.testing.assert_array_equal(s.component("balance"), _oracle(mission))
    parts = {n: s.component(n) for n in ("fit", "regional", "scale", "wishes", "balance")}
    rebuilt = sum(s.weights[n] * parts[n] for n in parts)
    np.testing.assert_allclose(s.total, np.minimum(rebuilt, 1.0), atol=1e-6)
    without = score(mission, {k: v for k, v in WITH_TOY.items() if k != "balance"})
    assert not np.allclose(s.total, without.total)  # it counts
    a, b, _ = s.top_pairs(1)[0]
    e = s.explain(a, b)
    assert [c.name for c in e.components] == ["fit", "regional", "scale", "wishes", "balance"]
    toy_part = e.components[-1]
    i, j = s.index(a, b)
    assert toy_part.raw == _oracle(mission)[i, j]
    assert toy_part.reasons[0].startswith(f"{a} offers ")
    assert sum(c.contribution for c in e.components) == pytest.approx(e.total, abs=1e-6)


@pytest.mark.parametrize("k", [1, 4])
def test_a_registered_component_is_scored_sparse_bit_for_bit(
    toy: ComponentSpec, mission: Mission, k: int
) -> None:
    dense = score(mission, WITH_TOY)
    sparse = score(mission, WITH_TOY, top_k=k, executor="serial", tile=(7, 11))
    r, c = sparse.pairs.T
    assert np.array_equal(sparse.total.data, dense.total[r, c])
    assert np.array_equal(sparse.component("balance").data, _oracle(mission)[r, c])
    # the pruning bound knows the toy (ungated: it scores pairs without fit): each row's top-k is exact
    allowed = np.where(dense.forbidden | (dense.total <= 0), -np.inf, dense.total)
    for row in range(dense.shape[0]):
        best = np.sort(allowed[row])[::-1][:k]
        best = best[best > -np.inf]
        kept = np.sort(sparse.total[[row], :].toarray().ravel())[::-1][: best.size]
        assert np.array_equal(kept, best), row


def test_a_registered_component_is_a_config_key(toy: ComponentSpec, tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"weights": {"fit": 1, "balance": 0.5}, "scoring": {"year": 2019}}))
    config = read_config(path)
    options = score_options_from(config)
    assert options.weights == {"fit": 1, "balance": 0.5}
    assert options.year == 2019
    m = east_java_south_sumatra_2020()
    assert np.array_equal(
        score(m, options=options).total, score(m, {"fit": 1, "balance": 0.5}, year=2019).total
    )


def test_without_registration_the_toy_is_unknown(tmp_path: Path) -> None:
    assert "balance" not in component_names()
    with pytest.raises(ValidationError, match="unknown component 'balance'"):
        Weights.from_mapping({"balance": 1})
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"weights": {"balance": 1}}))
    with pytest.raises(DataFileError, match="unknown key 'balance' in \\[weights\\]"):
        read_config(path)


def test_register_refuses_a_bad_spec() -> None:
    with pytest.raises(ValueError, match="taken"):
        register_component(ComponentSpec(name="fit", weight=1, slot="pairwise", explain=lambda r: []))
    with pytest.raises(ValueError, match="features= and pair="):
        register_component(ComponentSpec(name="other", weight=1, slot="pairwise", explain=lambda r: []))
    with pytest.raises(ValueError, match="built-in"):
        unregister_component("fit")


# ------------------------------------------------------------------ one options dataclass, one entry
def test_options_as_keywords_or_as_a_dataclass_are_the_same_call(mission: Mission) -> None:
    met = [(mission.ids("A")[0], mission.ids("B")[0])]
    by_name = score(mission, {"fit": 1, "scale": 1}, met_before=met, met_before_mode="forbid", year=2019)
    options = ScoreOptions(
        weights={"fit": 1, "scale": 1}, met_before=met, met_before_mode="forbid", year=2019
    )
    typed = score(mission, options=options)
    assert np.array_equal(by_name.total, typed.total)
    assert np.array_equal(by_name.forbidden, typed.forbidden)
    assert typed.forbidden[0, 0]
    again = score(mission, options=options)  # options hold no spent iterator
    assert np.array_equal(again.forbidden, typed.forbidden)
    # keywords override the options' values
    assert np.array_equal(
        score(mission, options=options, met_before_mode="penalise").forbidden,
        score(mission, {"fit": 1, "scale": 1}, met_before=met).forbidden,
    )


def test_option_problems_are_reported_at_once(mission: Mission) -> None:
    with pytest.raises(ValidationError) as caught:
        score(mission, met_before_mode="never", met_before_penalty=2, colour="red", weights_typo=1)  # type: ignore[call-overload]
    fields = sorted(p.field or "" for p in caught.value.problems)
    assert fields == ["colour", "met_before_mode", "met_before_penalty", "weights_typo"]
    with pytest.raises(ValidationError, match="weights are given twice"):
        score(mission, {"fit": 1}, options=ScoreOptions(weights={"fit": 2}))
    with pytest.raises(ValidationError, match="executor is an option of sparse scoring only"):
        score(mission, executor="serial")
    with pytest.raises(ValidationError, match="top_k must be"):
        score(mission, top_k=-1)


def test_top_k_selects_the_sparse_scores_and_score_sparse_is_a_deprecated_alias(mission: Mission) -> None:
    dense = score(mission)
    sparse = score(mission, top_k=5, executor="serial")
    assert isinstance(dense, Scores)
    assert isinstance(sparse, SparseScores)
    with pytest.deprecated_call():
        old = score_sparse(mission, top_k=5, executor="serial")
    assert np.array_equal(old.pairs, sparse.pairs)
    assert np.array_equal(old.total.data, sparse.total.data)


# ------------------------------------------------------------------ one base for dense and sparse
def test_dense_and_sparse_share_index_forbidden_and_explain() -> None:
    m = east_java_south_sumatra_2020()
    dense, sparse = score(m), score(m, top_k=3, executor="serial")
    assert isinstance(dense, ScoresBase)
    assert isinstance(sparse, ScoresBase)
    # one way to say forbidden: an (A, B) boolean mask (sparse scores store no forbidden pair)
    assert dense.forbidden.shape == sparse.forbidden.shape == dense.shape
    assert sp.issparse(sparse.forbidden)
    assert sparse.forbidden.dtype == bool
    assert sparse.forbidden.nnz == 0
    rows, cols = np.nonzero(dense.forbidden)
    some = [(int(r), int(c)) for r, c in zip(rows[:5], cols[:5], strict=True)] + [(0, 0), (45, 114)]
    for r, c in some:
        a, b = dense.row_ids[r], dense.col_ids[c]
        assert dense.index(a, b) == sparse.index(b, a) == (r, c)
        assert dense.is_forbidden(a, b) == sparse.is_forbidden(a, b) == bool(dense.forbidden[r, c])
        assert dense.explain(a, b) == sparse.explain(b, a)
    for s in (dense, sparse):
        with pytest.raises(ValueError, match="unknown component 'size'"):
            s.component("size")


def test_the_architecture_doc_example_registers_the_component() -> None:
    text = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Where to add a score component", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "architecture.md", "exec"), namespace)
    try:
        assert "balance" in component_names()
        m = synthetic_mission(12, 9, seed=2)
        s = score(m, {"fit": 0.5, "balance": 0.5})
        np.testing.assert_array_equal(s.component("balance"), _oracle(m))
        a, b, _ = s.top_pairs(1)[0]
        assert s.explain(a, b).components[-1].name == "balance"
    finally:
        unregister_component("balance")
