"""Plots for the HTML report, as self-contained SVG text (optional extra: ``matchmaker[plot]``).

Each function takes plain arrays and returns an SVG document as a string, drawn with
matplotlib's non-interactive Agg/SVG backend, so no display or network is needed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from matchmaker._optional import require

__all__ = ["meetings_histogram", "score_histogram", "sector_heatmap"]

_FEATURE = "Plots in the HTML report"


def _pyplot() -> Any:
    require("matplotlib", extra="plot", feature=_FEATURE)
    import matplotlib

    matplotlib.use("Agg", force=False)  # never open a window; a no-op if a backend is already set
    import matplotlib.pyplot as plt

    return plt


def _svg(fig: Any) -> str:
    import matplotlib

    buffer = io.StringIO()
    # a fixed hash salt and no date make the SVG the same on every run (ids would be random otherwise)
    with matplotlib.rc_context({"svg.hashsalt": "matchmaker"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog so the SVG can sit inside HTML


def score_histogram(
    scores: ArrayLike, *, title: str, xlabel: str = "score", ylabel: str = "meetings", decimal: str = "."
) -> str:
    """Histogram of the chosen meetings' scores (values in [0, 1]); ``decimal=","`` for Indonesian ticks."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(np.asarray(scores, dtype=float), bins=np.linspace(0, 1, 21), color="#2b6cb0", edgecolor="white")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel, xlim=(0, 1))
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.1f}".replace(".", decimal))
    return _svg(fig)


def meetings_histogram(
    counts: Sequence[ArrayLike],
    labels: Sequence[str],
    *,
    title: str,
    xlabel: str = "meetings",
    ylabel: str = "participants",
) -> str:
    """Side-by-side bars: how many participants of each side got 0, 1, 2... meetings."""
    plt = _pyplot()
    arrays = [np.asarray(c, dtype=int) for c in counts]
    top = max((int(a.max()) for a in arrays if a.size), default=0)
    bins = np.arange(top + 1)
    width = 0.8 / max(1, len(arrays))
    fig, ax = plt.subplots(figsize=(6, 3))
    for k, (values, name) in enumerate(zip(arrays, labels, strict=True)):
        ax.bar(bins + k * width, np.bincount(values, minlength=top + 1), width=width, label=name)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.set_xticks(bins + width * (len(arrays) - 1) / 2, [str(b) for b in bins])
    ax.legend()
    return _svg(fig)


def sector_heatmap(
    matrix: ArrayLike, rows: Sequence[str], cols: Sequence[str], *, title: str, xlabel: str, ylabel: str
) -> str:
    """Heatmap of a sector × sector matrix (e.g. meetings from side A's sector to side B's)."""
    plt = _pyplot()
    data = np.asarray(matrix, dtype=float)
    fig, ax = plt.subplots(figsize=(1.2 + 0.45 * len(cols), 1.2 + 0.4 * len(rows)))
    image = ax.imshow(data, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=60, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    peak = data.max() if data.size else 0.0
    for (i, j), value in np.ndenumerate(data):
        if value:
            ax.text(
                j,
                i,
                f"{value:g}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > peak / 2 else "black",
            )
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    fig.colorbar(image, ax=ax, fraction=0.046)
    return _svg(fig)
