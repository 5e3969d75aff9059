"""``score(mission)``: every pair (dense), or each participant's ``top_k`` best (sparse), one entry."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import overload

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem
from matchmaker.model.mission import Mission
from matchmaker.scoring.algorithms import dense_outputs, kernel_of, score_dense, threaded
from matchmaker.scoring.prepare import (
    ScoreOptions,
    ScoringInputs,
    chosen_kernel,
    prepare_options,
    prepare_scoring,
    resolve_options,
    weight_problems,
)
from matchmaker.scoring.scores import Scores
from matchmaker.scoring.sparse import SparseScores, score_top_k
from matchmaker.scoring.weights import Weights

__all__ = ["PARALLEL_PAIRS", "ScoreOptions", "ScoringInputs", "prepare_scoring", "score"]

#: Below this many pairs the dense matrix is filled on one thread.
PARALLEL_PAIRS = 1_000_000


def _workers(workers: int | None, n_rows: int, n_cols: int) -> int:
    if workers is not None:
        return workers
    if n_rows * n_cols < PARALLEL_PAIRS:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _prepare_dense(
    mission: Mission, opts: ScoreOptions, problems: list[Problem]
) -> tuple[ScoringInputs, int, tuple[NDArray[np.float64], NDArray[np.bool_]] | None]:
    """:func:`prepare_options`, the dense driver's threads and, with threads, its outputs.

    With threads, the outputs' pages are mapped (:func:`dense_outputs`) on a thread of its
    own while this one prepares the arrays, mostly Python that holds the GIL while the
    other core idles (10k x 10k: ~0.08 s of the call's wall time); the preparation then
    builds its two directions of trade side by side (:func:`prepare_options`).  Before that, the checks
    that need no participant data (the options, ``workers`` among them, and the weights),
    so that such a mistake is refused before 9 bytes per pair are mapped; a request that
    fails a later check raises as before, and the outputs made meanwhile are dropped.
    Without threads nothing is mapped early, and :func:`prepare_options` makes every check
    once.
    """
    if isinstance(mission, Mission) and not problems and not opts.problems():  # workers is valid
        n_rows, n_cols = len(mission.side("A")), len(mission.side("B"))
        threads = _workers(opts.workers, n_rows, n_cols)
        if threaded(n_rows, n_cols, threads) and not weight_problems(opts):
            with ThreadPoolExecutor(max_workers=1) as pool:
                outputs = pool.submit(dense_outputs, n_rows, n_cols, threads)
                inputs = prepare_options(mission, opts, problems, threads=threads)
            return inputs, threads, outputs.result()
    inputs = prepare_options(mission, opts, problems)  # raises with every problem found, if any
    return inputs, _workers(opts.workers, inputs.arrays.n_rows, inputs.arrays.n_cols), None


@overload
def score(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    top_k: None = None,
    options: ScoreOptions | None = None,
    **keywords: object,
) -> Scores: ...


@overload
def score(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    top_k: int | tuple[int, int],
    options: ScoreOptions | None = None,
    **keywords: object,
) -> SparseScores: ...


def score(
    mission: Mission,
    weights: Weights | Mapping[str, float] | None = None,
    *,
    top_k: int | tuple[int, int] | None = None,
    options: ScoreOptions | None = None,
    **keywords: object,
) -> Scores | SparseScores:
    """Score every pair of a mission: rows are side A, columns side B (input order).

    Components (formulas in ``docs/scoring.md`` and each module's docstring):
    ``fit`` (sector/product fit, both directions), ``regional`` (location quotients of
    the two regions in the traded sectors), ``scale`` (stated sizes), ``wishes``, and the
    caller's ``custom`` components.  The total is their weighted sum with normalised
    weights, so it lies in [0, 1].  Hard rules give the ``forbidden`` mask and
    must-meet wishes the ``forced`` pairs.

    With ``top_k``, only each participant's ``top_k`` best partners (in both
    directions), the wished and the forced pairs are scored and kept
    (:class:`SparseScores`, :mod:`matchmaker.scoring.sparse`): use it when A×B does not
    fit in memory or time (from about 10,000 × 10,000 pairs).  The stored numbers are
    bit for bit those of the dense scores.

    Parameters
    ----------
    mission : Mission
        The mission to score; not changed.
    weights : Weights or mapping, optional
        Weights of the components (default :class:`Weights`); a mapping names some of
        them (the others get 0).
    top_k : None, int or (int, int)
        None (default): every pair, as a dense :class:`Scores`.  Otherwise the
        candidates kept per participant, in both directions (or per side-A and per
        side-B participant; 0 on a side keeps none for that side): :class:`SparseScores`.
    options : ScoreOptions, optional
        The other options, typed and in one object.
    **keywords
        The same options by name, as :class:`ScoreOptions` lists them (``custom``,
        ``params``, ``year``, ``regional_table``, ``sector_map``, ``met_before``,
        ``met_before_mode``, ``met_before_penalty``, ``workers``, ``kernel``; with ``top_k`` also
        ``executor``, ``levels``, ``tile``, ``progress``); they override ``options``.

    Returns
    -------
    Scores or SparseScores

    Raises
    ------
    ValidationError
        Before any scoring, listing every problem: bad weights or parameters, a bad
        custom component (shape, NaN/inf, range), a participant whose region is not in
        the regional table, an unknown met-before id, an unknown option; with ``top_k``
        also a bad ``top_k``, ``levels``, ``tile`` or ``executor``.
    MissingDependencyError
        ``executor="dask"`` without the ``dask`` extra, ``kernel="numba"`` without the
        ``fast`` extra.

    Notes
    -----
    The kernel sums in single precision (float32) for speed; totals are float64 arrays
    exact to about 1e-7, far below any difference that matters between two pairs.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> s = score(east_java_south_sumatra_2020())
    >>> s.shape, bool(s.total.min() >= 0), bool(s.total.max() <= 1)
    ((46, 115), True, True)
    >>> a, b, value = s.top_pairs(1)[0]
    >>> print(s.explain(a, b).summary)  # doctest: +ELLIPSIS
    JT-... × SS-... 0... = fit ...
    >>> top = score(east_java_south_sumatra_2020(), top_k=5, executor="serial")
    >>> r, c = top.pairs.T
    >>> bool((top.total.data == s.total[r, c]).all())  # the same numbers, bit for bit
    True
    """
    opts, problems = resolve_options(weights, options, keywords)
    if top_k is not None:
        return score_top_k(mission, top_k, opts, problems)
    default = ScoreOptions()
    problems += [
        Problem(
            f"{name} is an option of sparse scoring only; the dense scores take none",
            kind="invalid",
            field=name,
            hint="pass top_k=... to score only each participant's best candidates, or leave it out",
        )
        for name in ("executor", "levels", "tile", "progress")
        if getattr(opts, name) != getattr(default, name)
    ]
    asked = chosen_kernel(mission, opts, problems)
    inputs, workers, outputs = _prepare_dense(mission, opts, problems)
    kernel = kernel_of(inputs.arrays, asked)
    total, forbidden = score_dense(inputs.arrays, workers=workers, outputs=outputs, kernel=kernel)
    total.setflags(write=False)
    forbidden.setflags(write=False)
    return Scores(
        row_ids=mission.ids("A"),
        col_ids=mission.ids("B"),
        total=total,
        forbidden=forbidden,
        forced=inputs.forced,
        mission=mission,
        weights=inputs.weights,
        context=inputs.context,
        kernel=kernel,
    )
