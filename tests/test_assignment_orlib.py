"""``hungarian`` reproduces the published optima of J.E. Beasley's OR-Library assignment set.

Optima from OR-Library (``assignopt``; copy in ``tests/data/orlib_assign/
assignopt_hospital-match.txt.gz``).  The instances minimise cost; ``match`` maximises
score, so costs become scores: dense ``s = max(c) − c`` (every pair a candidate, all
scores ≥ 0, so the best matching is a full assignment and its score is
``n·max(c) − cost``); sparse ``s = M − c`` on the listed pairs only, with
``M = n·max(c) + 1`` large enough that any full matching beats every smaller one, so
the best matching is the minimum-cost full matching (score ``n·M − cost``).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from matchmaker.assignment import match, validate

DATA = Path(__file__).parent / "data" / "orlib_assign"

DENSE_OPTIMA = {
    "assign100": 305,
    "assign200": 475,
    "assign300": 626,
    "assign400": 804,
    "assign500": 991,
    "assign600": 1176,
    "assign700": 1362,
    "assign800": 1552,
}
SPARSE_OPTIMA = {"assignp800": 2239, "assignp1500": 5839, "assignp3000": 18696, "assignp5000": 48533}


def _numbers(name: str) -> np.ndarray:
    with gzip.open(DATA / f"{name}.txt.gz", "rb") as fh:
        return np.array(fh.read().split(), dtype=np.int64)


def test_the_optima_listed_in_the_data_folder_are_those_used_here() -> None:
    with gzip.open(DATA / "assignopt_hospital-match.txt.gz", "rt") as fh:
        listed = {parts[0]: float(parts[1]) for parts in (line.split() for line in fh) if len(parts) == 2}
    for name, value in {**DENSE_OPTIMA, **SPARSE_OPTIMA}.items():
        assert listed[name] == value


@pytest.mark.parametrize("name", sorted(DENSE_OPTIMA))
@pytest.mark.parametrize("backend", ["scipy", "lapx"])
def test_dense_instances(name: str, backend: str) -> None:
    data = _numbers(name)
    n = int(data[0])
    cost = data[1:].reshape(n, n).astype(float)
    top = cost.max()
    m = match(top - cost, "hungarian", backend=backend, alternates=0)
    assert len(m) == n
    assert n * top - m.objective == pytest.approx(DENSE_OPTIMA[name], abs=1e-6)
    assert cost[m.pairs[:, 0], m.pairs[:, 1]].sum() == DENSE_OPTIMA[name]


@pytest.mark.parametrize("name", sorted(SPARSE_OPTIMA))
def test_sparse_instances(name: str) -> None:
    data = _numbers(name)
    n = int(data[0])
    i, j, c = data[1:].reshape(-1, 3).T
    big = n * int(c.max()) + 1
    scores = sp.coo_array(((big - c).astype(float), (i - 1, j - 1)), shape=(n, n))
    m = match(scores, "hungarian", alternates=0)
    assert m.backend.startswith("scipy.csgraph")
    assert len(m) == n
    assert validate(m) == ()
    assert n * big - m.objective == pytest.approx(SPARSE_OPTIMA[name], abs=1e-6)
