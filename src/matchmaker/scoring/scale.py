"""Scale compatibility: is what the buyer wants about what the seller can supply?

For a need line ``n`` met by a seller, the buyer's stated size is compared with the
seller's *capacity for that need*: the summed sizes of the seller's offer lines that
fit the need best (:func:`matchmaker.scoring.fit.best_offers`)::

    d_n = log10(buyer's size / seller's capacity) + h        h = HEADROOM = 0.5

Sizes are ``value_idr``; a need line without a value uses its ``volume``, compared
only with offers stating a volume in the same unit (units compared case-blind; no
conversion).  When either side states no comparable size, ``d_n = 1``: one decade,
"unknown", which sits halfway on the scale below.

**Asymmetric.**  The headroom ``h`` puts the ideal where the seller's capacity is
``10^h ≈ 3.2`` times the buyer's need: a seller serves several buyers, so a big
seller can serve a small buyer (capacity 10 × the need: ``d = -0.5``, scale 0.8) while
a buyer ten times the seller's capacity cannot be served (``d = 1.5``, scale 0.31).
Equal sizes give ``d = 0.5`` (0.8).

A pair's ``scale`` component pools the need lines of both directions, each weighted
by its contribution to the fit (``w_n = ω_n · fit(seller, u_n)``), and is gated by
the pair's fit (``fit = min(1, Σ w_n)``, see :mod:`matchmaker.scoring.fit`)::

    M²    = Σ w_n d_n² / Σ w_n
    scale = fit / (1 + M²)

So a pair that fits exactly scores 1 at the ideal ratio, 0.5 one decade from it; a
pair whose lines state no sizes scores ``fit · 0.5``; a pair with no fit scores 0, and
a weak (sector-only) fit keeps scale as weak as the fit.  The Cauchy-like
``1 / (1 + M²)`` never falls to exactly 0.

Vectorised through the expansion ``(ℓ_n − Λ)² = ℓ_n² − 2ℓ_nΛ + Λ²`` of centred log
sizes, which makes every term a product of a seller table and a buyer-line
coefficient (see :mod:`matchmaker.scoring.algorithms`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from matchmaker.model.lines import TradeLine
from matchmaker.reporting.numbers import format_number, format_rupiah

__all__ = [
    "HEADROOM",
    "IDR",
    "capacity",
    "compatibility",
    "describe_size",
    "need_size",
    "offer_size",
    "size_gap",
]

#: The channel of sizes in rupiah; other channels are units of volume.
IDR = "IDR"
#: log10 of the ideal capacity / need ratio (the seller ≈ 3.2 times the buyer's need).
HEADROOM = 0.5


def size_gap(wanted: float, capacity: float) -> float:
    """``d = log10(wanted / capacity) + HEADROOM``: 0 at the ideal, > 0 when the seller is too small.

    >>> size_gap(1e9, 1e10), size_gap(1e10, 1e9)
    (-0.5, 1.5)
    """
    return math.log10(wanted / capacity) + HEADROOM


def need_size(line: TradeLine) -> tuple[str, float] | None:
    """``(channel, size)`` a need line is compared by: its value, else its volume, else ``None``.

    >>> need_size(TradeLine.parse("10721=2000000000|50 t")), need_size(TradeLine.parse("10721|50 T"))
    (('IDR', 2000000000.0), ('t', 50.0))
    """
    if line.value_idr is not None and line.value_idr > 0:
        return IDR, line.value_idr
    if line.volume is not None and line.volume > 0 and line.unit:
        return line.unit.casefold(), line.volume
    return None


def offer_size(line: TradeLine, channel: str) -> float | None:
    """An offer line's size in ``channel`` (its value for ``"IDR"``, its volume for a unit)."""
    if channel == IDR:
        return line.value_idr if line.value_idr is not None and line.value_idr > 0 else None
    if line.volume is not None and line.volume > 0 and line.unit and line.unit.casefold() == channel:
        return line.volume
    return None


def capacity(offers: Sequence[TradeLine], chosen: Iterable[int], channel: str) -> float | None:
    """Summed size in ``channel`` of the ``chosen`` offer lines (``None`` if none states one)."""
    sizes = [s for i in chosen if (s := offer_size(offers[i], channel)) is not None]
    return math.fsum(sizes) if sizes else None


def compatibility(log_ratios: Sequence[float], weights: Sequence[float]) -> float:
    """``1 / (1 + M²)`` with ``M²`` the weighted mean of the squared log ratios (0 if no weight).

    >>> compatibility([1.0], [0.5]), compatibility([0.0, 2.0], [1.0, 1.0])
    (0.5, 0.3333333333333333)
    """
    total = math.fsum(weights)
    if total <= 0:
        return 0.0
    m2 = math.fsum(w * d * d for d, w in zip(log_ratios, weights, strict=True)) / total
    return 1.0 / (1.0 + m2)


def describe_size(channel: str, size: float) -> str:
    """A size for explanations, which are English: in the English number style of the
    reports (``Rp 306,548,050,000``, :mod:`matchmaker.reporting.numbers`), up to three
    decimals of a volume.

    >>> describe_size("IDR", 2e9), describe_size("t", 50.0), describe_size("t", 1_250_000.5)
    ('Rp 2,000,000,000', '50 t', '1,250,000.5 t')
    >>> describe_size("t", 0.0004), describe_size("t", 0.012345)
    ('0.0004 t', '0.0123 t')
    """
    if channel == IDR:
        return format_rupiah(size, "en")
    # three decimals at most, without trailing zeros (12.5 t, not 12.500 t nor 1.2e+06 t);
    # below 1, three significant digits (0.0004 t, not 0 t)
    decimals = 3 if not 0 < size < 1 else 2 - math.floor(math.log10(size))
    return f"{format_number(size, 'en', decimals=decimals).rstrip('0').rstrip('.')} {channel}"
