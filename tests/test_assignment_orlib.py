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

from pathlib import Path

import pytest
import scipy.sparse as sp

from matchmaker.assignment import match, validate
from matchmaker.datasets.orlib import read_assignment, read_optima
from matchmaker.errors import DataFileError

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


def test_the_optima_listed_in_the_data_folder_are_those_used_here() -> None:
    listed = read_optima(DATA / "assignopt_hospital-match.txt.gz")
    for name, value in {**DENSE_OPTIMA, **SPARSE_OPTIMA}.items():
        assert listed[name] == value


@pytest.mark.parametrize("name", sorted(DENSE_OPTIMA))
@pytest.mark.parametrize("backend", ["scipy", "lapx"])
def test_dense_instances(name: str, backend: str) -> None:
    cost = read_assignment(DATA / f"{name}.txt.gz").astype(float)
    n = cost.shape[0]
    top = cost.max()
    m = match(top - cost, "hungarian", backend=backend, alternates=0)
    assert len(m) == n
    assert n * top - m.objective == pytest.approx(DENSE_OPTIMA[name], abs=1e-6)
    assert cost[m.pairs[:, 0], m.pairs[:, 1]].sum() == DENSE_OPTIMA[name]


@pytest.mark.parametrize("name", sorted(SPARSE_OPTIMA))
def test_sparse_instances(name: str) -> None:
    arcs = read_assignment(DATA / f"{name}.txt.gz")
    n = arcs.shape[0]
    big = n * int(arcs.data.max()) + 1
    scores = sp.coo_array(((big - arcs.data).astype(float), arcs.coords), shape=arcs.shape)
    m = match(scores, "hungarian", alternates=0)
    assert m.backend.startswith("scipy.csgraph")
    assert len(m) == n
    assert validate(m) == ()
    assert n * big - m.objective == pytest.approx(SPARSE_OPTIMA[name], abs=1e-6)


def test_a_file_of_neither_format_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "assign3.txt"
    bad.write_text("3\n1 2 3 4\n")
    with pytest.raises(DataFileError, match=r"assign3\.txt: .*4 entries after n = 3"):
        read_assignment(bad)
    bad.write_text("3\n1 x 3\n")
    with pytest.raises(DataFileError, match="non-integer"):
        read_assignment(bad)
    arcs = tmp_path / "assignp3.txt"
    arcs.write_text("3\n1 1 5\n2 4 7\n")
    with pytest.raises(DataFileError, match=r"arc 2 \(2, 4\) is outside 1\.\.3"):
        read_assignment(arcs)


def test_the_format_follows_the_name_unless_told() -> None:
    assert read_assignment(DATA / "assign100.txt.gz").shape == (100, 100)
    arcs = read_assignment(DATA / "assignp800.txt.gz")
    assert sp.issparse(arcs)
    assert arcs.nnz == 100_057
    with pytest.raises(DataFileError, match="expected n²"):
        read_assignment(DATA / "assignp800.txt.gz", sparse=False)
