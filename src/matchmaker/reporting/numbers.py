"""Numbers written the way the reader expects: rupiah and percentages, in English or Indonesian.

Indonesian writes ``.`` between thousands and ``,`` before decimals
(``Rp 306.548.050.000``, ``25,0 %``); English the other way round.  In prose, large
amounts read better in words: ``Rp 306,5 miliar`` (Indonesian: ribu, juta, miliar,
triliun) or ``Rp 306.5 billion`` (English).  :func:`parse_rupiah` reads all of these
back, and refuses the forms a reader could take two ways.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from matchmaker.model.lines import MAX_IDR, implausible_amount
from matchmaker.model.mission import TIMEZONE_ALIASES
from matchmaker.model.text import AmountError, parse_amount
from matchmaker.reporting.labels import check_language

__all__ = [
    "AmountError",
    "format_clock",
    "format_count",
    "format_number",
    "format_percent",
    "format_rupiah",
    "format_zone",
    "parse_rupiah",
    "typed_clock",
]

# (scale, Indonesian word, English word), largest first; below a million, digits read fine
_WORDS = ((1e12, "triliun", "trillion"), (1e9, "miliar", "billion"), (1e6, "juta", "million"))


def _grouped(value: float, decimals: int, thousands: str, point: str) -> str:
    text = f"{abs(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", thousands)


def _marks(lang: str) -> tuple[str, str]:
    """(thousands separator, decimal mark) of ``lang``."""
    return (".", ",") if check_language(lang) == "id" else (",", ".")


def format_rupiah(value: float, lang: str = "id", *, decimals: int = 0, words: bool = False) -> str:
    """Format an IDR amount in the style of ``lang`` (Indonesian by default).

    Parameters
    ----------
    value : float
        Rupiah.
    lang : {"id", "en"}
        ``"id"``: ``Rp 306.548.050.000``; ``"en"``: ``Rp 306,548,050,000``.
    decimals : int
        Decimals of the digit form (words use one, dropped when it is 0).
    words : bool
        For prose: ``Rp 306,5 miliar`` / ``Rp 306.5 billion`` from a million up
        (smaller amounts keep their digits).

    Examples
    --------
    >>> format_rupiah(306548050000), format_rupiah(306548050000, "en")
    ('Rp 306.548.050.000', 'Rp 306,548,050,000')
    >>> format_rupiah(306548050000, words=True), format_rupiah(306548050000, "en", words=True)
    ('Rp 306,5 miliar', 'Rp 306.5 billion')
    >>> format_rupiah(750e6, words=True), format_rupiah(2e12, words=True), format_rupiah(-1500.5, decimals=2)
    ('Rp 750 juta', 'Rp 2 triliun', '-Rp 1.500,50')
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as rupiah")
    thousands, point = _marks(lang)
    sign = "-" if value < 0 else ""
    if words:
        for scale, word_id, word_en in _WORDS:  # largest first, so 999,96 miliar reads 1 triliun
            # half up, as people round: 8,45 miliar is 8,5 (round() gives 8,4 for the float)
            shown = float(Decimal(repr(abs(value) / scale)).quantize(Decimal("0.1"), ROUND_HALF_UP))
            if shown >= 1:
                number = _grouped(shown, 0 if shown.is_integer() else 1, thousands, point)
                return f"{sign}Rp {number} {word_id if lang == 'id' else word_en}"
    return f"{sign}Rp {_grouped(value, decimals, thousands, point)}"


def parse_rupiah(text: str, lang: str = "id") -> float:
    """Read an amount of rupiah as Indonesians write it, within the plausible range.

    Accepts ``Rp 306.548.050.000``, ``Rp 306.548.050.000,00``, ``Rp 1.500.000.000,-``,
    ``750 juta``, ``1,5 miliar``, ``2 triliun``, ``Rp 306.5 billion``, plain digits and
    ``1.5e9``.  The rule for a lone separator: ``1.500`` is fifteen hundred (a point
    before three digits groups thousands, as in Indonesian); ``1,500`` is refused as
    ambiguous, and so is US grouping (``1,500,000``) unless ``lang="en"``.  The full
    grammar is :func:`matchmaker.model.text.parse_amount`'s.

    Raises
    ------
    AmountError
        (a ``ValueError``) for text that is not an amount, is ambiguous, is negative,
        or is above ``MAX_IDR`` (Rp 10^15, one kuadriliun); its ``hint`` says what to
        write and its ``kind`` is ``"syntax"``, ``"negative"`` or ``"implausible-amount"``.

    Examples
    --------
    >>> parse_rupiah("Rp 306.548.050.000,00"), parse_rupiah("1,5 miliar"), parse_rupiah("2 triliun")
    (306548050000.0, 1500000000.0, 2000000000000.0)
    >>> parse_rupiah(format_rupiah(306548050000, "en"), "en")
    306548050000.0
    >>> parse_rupiah("2 kuadriliun")
    Traceback (most recent call last):
    ...
    matchmaker.model.text.AmountError: '2 kuadriliun' is not an amount: unknown word 'kuadriliun' ...
    """
    value = parse_amount(text, lang=check_language(lang))
    if value < 0:
        raise AmountError(f"{text!r} is negative", "an amount of rupiah is 0 or more", kind="negative")
    if value > MAX_IDR:  # the participant table's rule, in its words (amount.md)
        found = implausible_amount(value, repr(text))
        raise AmountError(found.message, found.hint, kind=found.kind)
    return value


def format_count(n: int, singular: str, plural: str | None = None, lang: str = "en") -> str:
    """A count with its noun in agreement: ``1 meeting``, ``2 meetings``; Indonesian has no plural.

    >>> format_count(1, "meeting"), format_count(2, "meeting"), format_count(1234, "pertemuan", lang="id")
    ('1 meeting', '2 meetings', '1.234 pertemuan')
    """
    number = format_number(n, lang, decimals=0)
    if lang == "id" or n == 1:
        return f"{number} {singular}"
    return f"{number} {plural or singular + 's'}"


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


def format_clock(t: dt.datetime, lang: str = "en", dated: bool = False) -> str:
    """A time of the event: ``10:40`` (``10.40`` in Indonesian); with ``dated`` (an event of
    several days) the date first.

    >>> import datetime as dt
    >>> t = dt.datetime(2020, 12, 3, 10, 40)
    >>> format_clock(t, "id"), format_clock(t, "en", dated=True)
    ('10.40', '2020-12-03 10:40')
    """
    clock = t.strftime("%H.%M" if check_language(lang) == "id" else "%H:%M")
    return f"{t:%Y-%m-%d} {clock}" if dated else clock


_WRITTEN_TIME = re.compile(r"(\d{4}-\d{2}-\d{2} )?(\d\d[:.]\d\d(?:\s*-\s*\d\d[:.]\d\d)?)")


def pukul(text: str) -> str:
    """A time or window as typed or printed (``11:00``, ``13:00-14:00``, dated on an event of
    several days) as Indonesian prose says it: ``pukul 11.00``, ``2020-12-03 pukul 13.00-14.00``
    ("pukul 2020-12-03 13.00" would read the date as a time of day); other text unchanged.

    >>> pukul("11:00"), pukul("2020-12-03 13:00-14:00"), pukul("SS-002")
    ('pukul 11.00', '2020-12-03 pukul 13.00-14.00', 'SS-002')
    """
    found = _WRITTEN_TIME.fullmatch(text.strip())
    if found is None:
        return text
    clock = f"pukul {found[2].replace(':', '.')}"
    return f"{found[1]}{clock}" if found[1] else clock


_PUKUL_DATED = re.compile(r"\bpukul (\d{4}-\d{2}-\d{2}) (?=\d\d[.:]\d\d)")


def pukul_dates(text: str) -> str:
    """``text`` with each "pukul <date> <time>" a template wrote around a dated value put as
    :func:`pukul` says it (the problem catalogue's "pukul {start}" on an event of several days).

    >>> pukul_dates("pertemuan A dengan B pukul 2020-12-03 09.00 sudah dimulai; pukul 10.00 juga")
    'pertemuan A dengan B 2020-12-03 pukul 09.00 sudah dimulai; pukul 10.00 juga'
    """
    return _PUKUL_DATED.sub(r"\1 pukul ", text)


#: Indonesia's zones by the abbreviations people read (``TIMEZONE_ALIASES`` the other way, and
#: Pontianak, which keeps Jakarta's time)
_INDONESIAN_ZONES = MappingProxyType(
    {**{iana: short for short, iana in TIMEZONE_ALIASES.items()}, "Asia/Pontianak": "WIB"}
)


def format_zone(t: dt.datetime) -> str:
    """The name of ``t``'s time zone as a reader of an agenda knows it: ``WIB``, ``WITA``,
    ``WIT`` for Indonesia's zones, else the offset from UTC at that moment (``UTC+8``,
    ``UTC+5:30``): the zone database's short names are often only digits (``+08`` for
    Singapore) or ambiguous (``CST``, ``IST``), an offset is read the same by everyone.

    >>> import datetime as dt, zoneinfo
    >>> wita = dt.datetime(2025, 10, 1, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar"))
    >>> format_zone(wita), format_zone(wita.astimezone(zoneinfo.ZoneInfo("Asia/Singapore")))
    ('WITA', 'UTC+8')
    >>> format_zone(wita.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata")))
    'UTC+5:30'
    """
    short = _INDONESIAN_ZONES.get(str(getattr(t.tzinfo, "key", "")))
    if short:
        return short
    offset = t.utcoffset()
    if offset is None:  # a naive time names no zone
        return ""
    minutes = round(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")


def typed_clock(t: dt.datetime, dated: bool = False) -> str:
    """A time of the event as the command line takes it (``--at``, ``--until``): ``09:10``, or
    ``2020-12-03T09:10`` on an event of several days (``dated``), whatever the language.

    >>> import datetime as dt
    >>> typed_clock(dt.datetime(2020, 12, 3, 9, 10)), typed_clock(dt.datetime(2020, 12, 3, 9, 10), True)
    ('09:10', '2020-12-03T09:10')
    """
    return f"{t:%Y-%m-%dT%H:%M}" if dated else f"{t:%H:%M}"
