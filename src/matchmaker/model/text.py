"""The text forms of model values, shared by the Python API and the file loaders.

A participant table holds one participant per row; fields with several values hold
them in one cell, separated by ``;``.  The forms, each with its writer:

============  =========================================  ==========================
value         text                                       example
============  =========================================  ==========================
trade line    ``[SYSTEM:]CODE[=IDR][|VOLUME UNIT]``       ``10722=1500000000|120 t``
time window   ``[YYYY-MM-DD ]HH:MM-HH:MM``                ``09:00-12:00``
amount (IDR)  digits, ``.``-grouped digits or ``1.5e9``   ``1.500.000.000``
============  =========================================  ==========================

``SYSTEM`` is ``KBLI`` (the default) or ``HS``; codes keep their leading zeros.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

__all__ = ["format_amount", "join_list", "parse_amount", "split_list"]

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def split_list(text: str) -> tuple[str, ...]:
    """Split a multi-valued cell on ``;``, dropping blanks.

    >>> split_list(" halal; SNI ;;")
    ('halal', 'SNI')
    """
    return tuple(part.strip() for part in text.split(";") if part.strip())


def join_list(items: Iterable[str]) -> str:
    """The inverse of :func:`split_list`.

    >>> join_list(["halal", "SNI"])
    'halal; SNI'
    """
    return "; ".join(items)


def parse_amount(text: str) -> float:
    """An IDR amount: plain digits, Indonesian ``.``-grouped digits, or a float literal.

    ``"1.500"`` is one thousand five hundred rupiah (Indonesian grouping), not 1.5.

    >>> parse_amount("1.500.000.000"), parse_amount("2.5e9"), parse_amount("Rp 750000")
    (1500000000.0, 2500000000.0, 750000.0)
    """
    cleaned = re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE).replace(" ", "")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def format_amount(value: float) -> str:
    """Write an amount so that :func:`parse_amount` reads it back exactly.

    >>> format_amount(1500000000.0), format_amount(0.5)
    ('1500000000', '0.5')
    """
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return repr(float(value))
