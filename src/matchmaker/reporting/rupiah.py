"""Rupiah amounts written the Indonesian way: ``Rp 306.548.050.000``."""

from __future__ import annotations

import math

__all__ = ["format_rupiah"]


def format_rupiah(value: float, *, decimals: int = 0) -> str:
    """Format an IDR amount with ``.`` between thousands and ``,`` before decimals.

    Examples
    --------
    >>> format_rupiah(306548050000)
    'Rp 306.548.050.000'
    >>> format_rupiah(-1500.5, decimals=2)
    '-Rp 1.500,50'
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as rupiah")
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{'-' if value < 0 else ''}Rp {text}"
