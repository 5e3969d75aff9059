"""The text forms of model values, shared by the Python API and the file loaders.

A participant table holds one participant per row; fields with several values hold
them in one cell, separated by ``;``.  The forms, each with its writer:

============  =========================================  ==========================
value         text                                       example
============  =========================================  ==========================
trade line    ``[SYSTEM:]CODE[=IDR][|VOLUME UNIT]``       ``10722=1500000000|120 t``
time window   ``[YYYY-MM-DD ]HH:MM-HH:MM``                ``09:00-12:00``
amount (IDR)  digits, ``1.500.000,00``, ``1,5 miliar``   ``1.500.000.000``
============  =========================================  ==========================

``SYSTEM`` is ``KBLI`` (the default) or ``HS``; codes keep their leading zeros.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

__all__ = ["AmountError", "as_written", "format_amount", "join_list", "parse_amount", "split_list"]

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


class AmountError(ValueError):
    """Text that is not an amount of rupiah, an ambiguous or an implausible one.

    ``reason`` says what is wrong, ``hint`` how to write it, ``kind`` is the kind of
    :class:`~matchmaker.errors.Problem` to report.
    """

    def __init__(self, message: str, hint: str | None = None, kind: str = "syntax") -> None:
        super().__init__(message if hint is None else f"{message} ({hint})")
        self.reason = message
        self.hint = hint
        self.kind = kind  # the Problem kind: "syntax", "negative" or "implausible-amount"


# words that multiply the number before them; Indonesian words read the number with a
# decimal comma ("1,5 miliar"), English ones with a decimal point ("1.5 billion")
_SCALES: dict[str, tuple[float, str]] = {
    "ribu": (1e3, "id"),
    "rb": (1e3, "id"),
    "juta": (1e6, "id"),
    "jt": (1e6, "id"),
    "miliar": (1e9, "id"),
    "milyar": (1e9, "id"),
    "triliun": (1e12, "id"),
    "t": (1e12, "id"),
    "thousand": (1e3, "en"),
    "k": (1e3, "en"),
    "million": (1e6, "en"),
    "mn": (1e6, "en"),
    "billion": (1e9, "en"),
    "bn": (1e9, "en"),
    "trillion": (1e12, "en"),
}
_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"(?<=\d)\s*[.,]\s*[-\u2013\u2014]$")  # "1.500.000,-": no sen
_WORD = re.compile(r"^(?P<number>\d\S*?)\s*(?P<word>[a-z]+)\.?$", re.IGNORECASE)
_PLAIN = re.compile(r"^\d+$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?e[+-]?\d+$", re.IGNORECASE)
_FORMS = "write e.g. 'Rp 306.548.050.000', '1.500.000.000,00', '750 juta' or '1,5 miliar'"


def _number(text: str, point: str, original: str, hint: str | None = None) -> float:
    """``text`` with ``point`` as its decimal mark and the other mark grouping thousands."""
    group = "." if point == "," else ","
    integer, _, decimals = text.partition(point)
    if point in decimals or not integer or (point in text and not decimals.isdigit()):
        raise AmountError(f"{original!r} is not an amount", _FORMS)
    if group in integer:
        if not re.fullmatch(rf"\d{{1,3}}(\{group}\d{{3}})+", integer):
            raise AmountError(
                f"{original!r} is not an amount: {group!r} must group digits in threes",
                hint or "write 1.500.000 (Indonesian) or 1500000",
            )
        integer = integer.replace(group, "")
    if not integer.isdigit():
        raise AmountError(f"{original!r} is not an amount", _FORMS)
    return float(f"{integer}.{decimals or 0}")


def parse_amount(text: str, *, lang: str = "id") -> float:
    """An IDR amount written as people write it; ambiguous forms are refused.

    Accepted: plain digits (``306548050000``); Indonesian grouping with an optional
    decimal comma (``Rp 306.548.050.000``, ``Rp 306.548.050.000,00``,
    ``Rp 1.500.000.000,-``); a number with a scale word, read with a decimal comma
    before ``ribu``/``rb``, ``juta``/``jt``, ``miliar``/``milyar``, ``triliun``/``T``
    (``750 juta``, ``1,5 miliar``) and with a decimal point before ``thousand``,
    ``million``/``mn``, ``billion``/``bn``, ``trillion`` (``1.5 billion``); a float
    literal (``1.5e9``).  A sign, ``Rp``/``IDR`` and spaces around are allowed.

    The rule for a single separator (``lang="id"``, the default): a ``.`` followed by
    exactly three digits groups thousands (``1.500`` is one thousand five hundred, as
    in Indonesian), a ``.`` followed by another number of digits is a decimal point
    (``0.5``); a ``,`` is a decimal comma (``2,5``), except before exactly three
    digits, which is refused as ambiguous (``1,500``: 1,5 or 1500?), as is US-style
    grouping (``1,500,000``).  ``lang="en"`` reads ``,`` as grouping and ``.`` as the
    decimal point.  ``M`` alone is refused (million in English, miliar in Indonesian).

    Raises
    ------
    AmountError
        A ``ValueError`` whose ``hint`` says how to write the amount.

    Examples
    --------
    >>> parse_amount("Rp 306.548.050.000,00"), parse_amount("1,5 miliar"), parse_amount("750 juta")
    (306548050000.0, 1500000000.0, 750000000.0)
    >>> parse_amount("Rp 1.500.000.000,-"), parse_amount("2.5e9"), parse_amount("1.500")
    (1500000000.0, 2500000000.0, 1500.0)
    >>> try:
    ...     parse_amount("1,500")
    ... except AmountError as exc:
    ...     print(exc.reason)
    ...     print(exc.hint)
    '1,500' is ambiguous: one and a half, or fifteen hundred?
    write 1.500 for fifteen hundred, 1,5 for one and a half
    """
    original = text
    cleaned = _SUFFIX.sub("", text.strip())
    sign = -1.0 if cleaned.startswith("-") else 1.0
    cleaned = _PREFIX.sub("", cleaned.lstrip("+-").strip()).strip()
    if not cleaned:
        raise AmountError(f"{original!r} is not an amount", _FORMS)
    scale, point, hint = 1.0, "," if lang == "id" else ".", None
    if _SCIENTIFIC.match(cleaned):
        value = float(cleaned)
    else:
        if (word := _WORD.match(cleaned)) and not _PLAIN.match(cleaned):
            key = word["word"].casefold()
            if key not in _SCALES:
                hint = (
                    "'M' is million in English and miliar in Indonesian: write juta or miliar"
                    if key == "m"
                    else f"scale words: {', '.join(_SCALES)}"
                )
                raise AmountError(f"{original!r} is not an amount: unknown word {word['word']!r}", hint)
            scale, word_lang = _SCALES[key]
            point = "," if word_lang == "id" else "."
            cleaned = word["number"]
            mark = "decimal comma (1,5 miliar)" if word_lang == "id" else "decimal point (1.5 billion)"
            hint = f"before {word['word']!r} write a {mark}"
        elif lang != "id" and cleaned.count(".") > 1:
            point = ","  # "1.500.000" can only be Indonesian grouping
        elif lang == "id":
            integer_dots = cleaned.count(".")
            if "," in cleaned and integer_dots == 0 and re.fullmatch(r"\d+,\d{3}", cleaned):
                raise AmountError(
                    f"{original!r} is ambiguous: one and a half, or fifteen hundred?",
                    "write 1.500 for fifteen hundred, 1,5 for one and a half",
                )
            if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
                raise AmountError(
                    f"{original!r} uses English grouping",
                    "write 1.500.000 (Indonesian grouping) or 1500000",
                )
            if "," not in cleaned and integer_dots == 1 and not re.fullmatch(r"\d+\.\d{3}", cleaned):
                point = "."  # "0.5": a point before other than three digits cannot group thousands
        value = _number(cleaned, point, original, hint)
    value *= sign * scale
    if not math.isfinite(value):
        raise AmountError(f"{original!r} is not a finite number")
    return value


def format_amount(value: float) -> str:
    """Write an amount so that :func:`parse_amount` reads it back exactly.

    >>> format_amount(1500000000.0), format_amount(0.5)
    ('1500000000', '0.5')
    """
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    text = repr(float(value))
    if re.fullmatch(r"-?\d+\.\d{3}", text):  # "1.125" would read as 1125 (Indonesian grouping)
        text += "0"
    return text


def as_written(value: object) -> str:
    """A value as its user wrote it, for a message: dates and times in ISO form (a TOML
    config gives them as Python objects, whose repr nobody wrote), anything else quoted
    as Python would.

    >>> as_written(dt.datetime(2025, 9, 29, 10, 0)), as_written(dt.date(2025, 9, 29)), as_written("x")
    ('2025-09-29 10:00:00', '2025-09-29', "'x'")
    """
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return repr(value)
