"""Readers for J. E. Beasley's OR-Library assignment instances (``assign*``, ``assignp*``).

The files are not shipped with the package (the test suite holds a copy); these readers
let the tests and the benchmarks share one parser.  Formats, as described on OR-Library
(http://people.brunel.ac.uk/~mastjjb/jeb/orlib/assigninfo.html):

* dense ``assignN``: ``n`` then the ``n × n`` costs row by row;
* sparse ``assignpN``: ``n`` then one ``i j cost`` triple per arc, 1-based indices;
* ``assignopt``: one ``name optimum`` line per instance (minimum total cost).

Files may be gzip-compressed (``.gz``).  Rows are the instance's first index, columns
its second, so a cost matrix is minimised, not maximised: pass ``cost.max() - cost`` to
``match``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matchmaker.errors import DataFileError, Problem

__all__ = ["read_assignment", "read_optima"]


def _text(path: str | Path) -> bytes:
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        data: bytes = fh.read()
    return data


def _problem(path: str | Path, what: str) -> Problem:
    return Problem(f"not an OR-Library assignment file: {what}", kind="file-format", source=str(path))


def _numbers(path: str | Path) -> NDArray[np.int64]:
    try:
        return np.array(_text(path).split(), dtype=np.int64)
    except ValueError:
        raise DataFileError(_problem(path, "non-integer entries")) from None


def read_assignment(path: str | Path, *, sparse: bool | None = None) -> NDArray[np.int64] | sp.coo_array:
    """Costs of an OR-Library assignment instance.

    Parameters
    ----------
    path : str or Path
        The instance file, optionally gzip-compressed.
    sparse : bool, optional
        Read ``(i, j, cost)`` triples (``True``) or an ``n × n`` matrix (``False``); by
        default from the file name, as OR-Library names them (``assignp...`` sparse).

    Returns
    -------
    numpy.ndarray or scipy.sparse.coo_array
        The ``n × n`` integer cost matrix of a dense instance, or a sparse array holding
        the arcs of a sparse one (0-based; absent arcs are not allowed).

    Raises
    ------
    DataFileError
        Non-integer entries, an entry count that does not fit the format, or an arc
        whose indices are outside ``1..n``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "assign2.txt"
    >>> _ = f.write_text("2\\n 4 1\\n 2 3\\n")
    >>> read_assignment(f).tolist()
    [[4, 1], [2, 3]]
    >>> read_assignment(f, sparse=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    matchmaker.errors.DataFileError: ...: 4 entries after n = 2 are not (i, j, cost) triples
    """
    data = _numbers(path)
    n = int(data[0]) if data.size else 0
    rest = data[1:]
    if sparse is None:
        sparse = Path(path).name.startswith("assignp")
    if n < 1:
        raise DataFileError(_problem(path, "the first entry must be the instance size n >= 1"))
    if not sparse:
        if rest.size != n * n:
            raise DataFileError(_problem(path, f"{rest.size} entries after n = {n}, expected n² = {n * n}"))
        return rest.reshape(n, n)
    if rest.size % 3:
        raise DataFileError(_problem(path, f"{rest.size} entries after n = {n} are not (i, j, cost) triples"))
    i, j, c = rest.reshape(-1, 3).T
    outside = (i < 1) | (i > n) | (j < 1) | (j > n)
    if outside.any():
        k = int(np.flatnonzero(outside)[0])
        raise DataFileError(_problem(path, f"arc {k + 1} ({i[k]}, {j[k]}) is outside 1..{n}"))
    return sp.coo_array((c, (i - 1, j - 1)), shape=(n, n))


def read_optima(path: str | Path) -> dict[str, int]:
    """The published optima of an ``assignopt`` file, by instance name (``"assign100": 305``)."""
    lines = (line.split() for line in _text(path).decode().splitlines())
    return {parts[0]: int(float(parts[1])) for parts in lines if len(parts) == 2}
