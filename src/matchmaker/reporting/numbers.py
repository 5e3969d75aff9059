"""Numbers written the way the reader expects: rupiah and percentages, in English or Indonesian.

Indonesian writes ``.`` between thousands and ``,`` before decimals
(``Rp 306.548.050.000``, ``25,0 %``); English the other way round.
"""

from __future__ import annotations

import math

__all__ = ["format_number", "format_percent", "format_rupiah"]


def _grouped(value: float, decimals: int, thousands: str, point: str) -> str:
    text = f"{abs(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def format_rupiah(value: float, *, decimals: int = 0) -> str:
    """Format an IDR amount the Indonesian way, whatever the report's language.

    Examples
    --------
    >>> format_rupiah(306548050000)
    'Rp 306.548.050.000'
    >>> format_rupiah(-1500.5, decimals=2)
    '-Rp 1.500,50'
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as rupiah")
    return f"{'-' if value < 0 else ''}Rp {_grouped(value, decimals, '.', ',')}"


def format_percent(share: float, lang: str = "en", *, decimals: int = 1) -> str:
    """A share (0.25) as a percentage in the language's style.

    A share strictly between 0 and 1 gets up to three more decimals, so that it does
    not read as 0 % or 100 % (a share within 0.00001 of them still may).

    >>> format_percent(0.25), format_percent(0.25, "id"), format_percent(1, "id", decimals=0)
    ('25.0 %', '25,0 %', '100 %')
    >>> format_percent(4999 / 5000, decimals=0), format_percent(1e-5, decimals=0)
    ('99.98 %', '0.001 %')
    """
    thousands, point = (".", ",") if lang == "id" else (",", ".")
    limit = decimals + 3
    while decimals < limit and 0 < share < 1 and round(100 * share, decimals) in (0, 100):
        decimals += 1
    return f"{'-' if share < 0 else ''}{_grouped(100 * share, decimals, thousands, point)} %"


def format_number(value: float, lang: str = "en", *, decimals: int = 2) -> str:
    """A number with the language's decimal mark and grouping.

    >>> format_number(1234.5), format_number(1234.5, "id"), format_number(0.373, "id", decimals=3)
    ('1,234.50', '1.234,50', '0,373')
    """
    thousands, point = (".", ",") if lang == "id" else (",", ".")
    return f"{'-' if value < 0 else ''}{_grouped(value, decimals, thousands, point)}"
