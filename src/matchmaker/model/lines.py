"""What a participant offers or needs: one product or sector code, with optional size."""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from typing import Final

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.text import format_amount, parse_amount
from matchmaker.reference.classification import CodeSystem, table_for

MAX_IDR: Final = 10**15  # the largest plausible value of one trade line or deal, in rupiah

__all__ = ["MAX_IDR", "TradeLine", "implausible_amount"]

_LINE = re.compile(
    r"^\s*(?:(?P<system>[A-Za-z]+)\s*:)?\s*(?P<code>[^=|]+?)\s*"
    r"(?:=\s*(?P<value>[^|]*?)\s*)?(?:\|\s*(?P<volume>[-+0-9.,eE]+)\s*(?P<unit>\S.*?)?\s*)?$"
)


@dataclass(frozen=True)
class TradeLine:
    """One line of what a participant offers or needs.

    Parameters
    ----------
    code : str
        A KBLI 2020 code at any level (``"C"``, ``"10"``, ``"107"``, ``"1072"``,
        ``"10721"``) or an HS 2022 code of 2, 4 or 6 digits.  Leading zeros matter.
    system : {"KBLI", "HS"}
        Which classification ``code`` belongs to.
    value_idr : float, optional
        For an offer, the value the participant can supply at this event; for a need,
        the value it wants to buy.  Rupiah.
    volume, unit : float and str, optional
        The same as a physical quantity (``120``, ``"t"``).  A volume needs a unit.

    Raises
    ------
    ValidationError
        Unknown code, negative or non-finite value or volume, volume without unit.

    Examples
    --------
    >>> TradeLine.parse("HS:1701=1.500.000.000|120 t")
    TradeLine(code='1701', system='HS', value_idr=1500000000.0, volume=120.0, unit='t')
    >>> str(TradeLine("10722", value_idr=2.5e9))
    '10722=2500000000'
    """

    code: str
    system: CodeSystem = "KBLI"
    value_idr: float | None = None
    volume: float | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", str(self.code).strip())
        object.__setattr__(self, "system", str(self.system).strip().upper())
        for name in ("value_idr", "volume"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                with contextlib.suppress(TypeError, ValueError):  # reported by problems()
                    object.__setattr__(self, name, float(value))
        if self.unit is not None:
            object.__setattr__(self, "unit", str(self.unit).strip() or None)
        problems = self.problems()
        if problems:
            raise ValidationError(problems)

    def problems(self) -> list[Problem]:
        """Everything wrong with this line (empty when valid)."""
        out: list[Problem] = []
        if self.system not in ("KBLI", "HS"):
            return [
                Problem(
                    f"unknown code system {self.system!r}",
                    kind="unknown-code",
                    hint="write KBLI codes as they are and HS codes as 'HS:1701'",
                )
            ]
        table = table_for(self.system)
        if not table.is_valid(self.code):
            guesses = table.suggest(self.code)
            hint = f"did you mean {' or '.join(repr(g) for g in guesses)}?" if guesses else None
            if self.system == "HS":
                hint = (hint + " " if hint else "") + (
                    "HS codes are HS 2022 chapters (2 digits), headings (4) or subheadings (6)"
                )
            out.append(Problem(f"unknown {self.system} code {self.code!r}", kind="unknown-code", hint=hint))
        for name in ("value_idr", "volume"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
                out.append(
                    Problem(
                        f"{name} of {self.code!r} must be a finite number, got {value!r}", kind="not-finite"
                    )
                )
            elif value < 0:
                out.append(
                    Problem(
                        f"{name} of {self.code!r} is negative ({value:g})",
                        kind="negative",
                        data={"case": "line", "name": name, "code": self.code, "value": value},
                    )
                )
            elif name == "value_idr" and value > MAX_IDR:
                out.append(implausible_amount(value, f"value_idr of {self.code!r}"))
        if self.volume is not None and self.unit is None:
            out.append(
                Problem(
                    f"volume of {self.code!r} has no unit", kind="missing-unit", hint="write it as '120 t'"
                )
            )
        return out

    @property
    def key(self) -> str:
        """``"KBLI:10721"`` or ``"HS:1701"``: unique across both systems."""
        return f"{self.system}:{self.code}"

    def __str__(self) -> str:
        text = self.code if self.system == "KBLI" else f"HS:{self.code}"
        if self.value_idr is not None:
            text += f"={format_amount(self.value_idr)}"
        if self.volume is not None:
            text += f"|{format_amount(self.volume)} {self.unit}"
        return text

    @classmethod
    def parse(cls, text: str, *, system: CodeSystem | None = None) -> TradeLine:
        """Read the text form ``[SYSTEM:]CODE[=IDR][|VOLUME UNIT]`` (see :mod:`matchmaker.model.text`).

        ``system`` is the default when the text names none (a column ``offers_hs``
        holds HS codes without the prefix).
        """
        match = _LINE.match(text)
        if match is None or not match["code"]:
            raise ValidationError(
                Problem(
                    f"cannot read {text!r} as a trade line",
                    kind="syntax",
                    hint="write CODE, CODE=VALUE_IDR or CODE=VALUE_IDR|VOLUME UNIT, "
                    "e.g. '10722=1500000000|120 t'",
                )
            )
        try:
            value = parse_amount(match["value"]) if match["value"] else None
            volume = parse_amount(match["volume"].replace(",", ".")) if match["volume"] else None
        except ValueError as exc:
            raise ValidationError(Problem(f"in {text.strip()!r}: {exc}", kind="syntax")) from None
        chosen = (match["system"] or system or "KBLI").upper()
        return cls(match["code"], chosen, value, volume, match["unit"])  # type: ignore[arg-type]


def implausible_amount(value: float, what: str) -> Problem:
    """The problem of an amount above :data:`MAX_IDR` (one trade line, one deal or one
    participant's total): Rp 10^15 is a twentieth of Indonesia's GDP, so a larger figure
    is a typo (digits twice, a stray exponent), and would swamp every published total.

    The message is English, so its amounts are in the English style of the reports
    (``Rp 1,000,000,000,000,000``; :func:`matchmaker.reporting.numbers.format_rupiah`, which
    reads this module, so the grouping is written here); ``--lang id`` gives the kind's
    Indonesian text (:mod:`matchmaker.reporting.problems`).

    >>> print(implausible_amount(1e30, "value_idr of '10631'").message)
    value_idr of '10631' is Rp 1e+30, above the plausible maximum of Rp 1,000,000,000,000,000 (10^15)
    >>> print(implausible_amount(2e15, "the deal").message)
    the deal is Rp 2,000,000,000,000,000, above the plausible maximum of Rp 1,000,000,000,000,000 (10^15)
    """
    shown = f"{value:,.0f}" if value < 1e18 else f"{value:g}"
    return Problem(
        f"{what} is Rp {shown}, above the plausible maximum of Rp {MAX_IDR:,} (10^15)",
        kind="implausible-amount",
        hint="amounts are in rupiah; check the digits (Rp 1 trillion is 1000000000000 or 1e12)",
        data={"value": value, "max": MAX_IDR},
    )
