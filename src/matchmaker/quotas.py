"""Quotas on meetings by participant attribute: floors and caps, enforced exactly.

Trade offices set targets such as "at least 30 % of meetings involve an UMKM" or "at
most 10 meetings per kabupaten/kota".  A :class:`Quota` names an attribute of the
participants, a value (or every value separately), and a floor or cap on the meetings
that *involve* it (either participant has the value), as a count or as a share of all
meetings.  With ``x_e`` the meeting variables of the b-matching and ``a_e = 1`` when
meeting ``e`` involves the value, each is one linear constraint:

* ``Σ a_e x_e ≥ min_count`` / ``≤ max_count``;
* ``Σ (a_e − min_share) x_e ≥ 0`` / ``Σ (a_e − max_share) x_e ≤ 0``.

They are added to the integer program of
:func:`~matchmaker.assignment.algorithms.bmatching.solve_bmatching`, so a matching found
meets them exactly and is optimal among those that do.  When no matching meets them,
:func:`diagnose_quotas` tries each quota alone with the meeting bounds to say which
quotas cannot be met at all, and how far each can go.

Attributes: a participant's ``extra`` column of that name (``umkm``, ``owner``...,
case-insensitive values), else one of its fields ``delegation``, ``province``,
``country``, ``city``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import LinearConstraint

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.participant import Participant

__all__ = ["Quota", "QuotaResult", "attribute_values", "quota_constraints", "quota_results"]

_FIELDS = ("delegation", "province", "country", "city")


@dataclass(frozen=True)
class Quota:
    """A floor or cap on the meetings that involve participants with an attribute value.

    Parameters
    ----------
    attribute : str
        An extra column (``"umkm"``) or ``"delegation"``, ``"province"``, ``"country"``,
        ``"city"``.
    value : str, optional
        The value counted (``"ya"``); ``None``: every value separately (e.g. at most
        10 meetings per city).
    min_share, max_share : float, optional
        Floor / cap as a share of all meetings, in [0, 1].
    min_count, max_count : int, optional
        Floor / cap as a number of meetings.

    Examples
    --------
    >>> Quota("umkm", "ya", min_share=0.3).label
    'meetings involving umkm = ya: at least 30 %'
    >>> Quota("city", max_count=10).label
    'meetings involving each city: at most 10'
    """

    attribute: str
    value: str | None = None
    min_share: float | None = None
    max_share: float | None = None
    min_count: int | None = None
    max_count: int | None = None

    def __post_init__(self) -> None:
        problems = []
        bounds = (self.min_share, self.max_share, self.min_count, self.max_count)
        if all(b is None for b in bounds):
            problems.append(Problem(f"quota on {self.attribute!r} sets no floor or cap", kind="invalid",
                                    field="quota"))  # fmt: skip
        for name in ("min_share", "max_share"):
            x = getattr(self, name)
            if x is not None and (isinstance(x, bool) or not isinstance(x, (int, float)) or not 0 <= x <= 1):
                problems.append(
                    Problem(f"{name} must be in [0, 1], got {x!r}", kind="invalid", field="quota")
                )
        for name in ("min_count", "max_count"):
            x = getattr(self, name)
            if x is not None and (isinstance(x, bool) or not isinstance(x, int) or x < 0):
                problems.append(Problem(f"{name} must be a whole number >= 0, got {x!r}", kind="invalid",
                                        field="quota"))  # fmt: skip
        if self.value is None and (self.min_share is not None or self.min_count is not None):
            problems.append(Problem("a floor needs a value (which participants to count)", kind="invalid",
                                    field="quota"))  # fmt: skip
        if problems:
            raise ValidationError(problems)

    @property
    def label(self) -> str:
        """The quota in words."""
        what = f"{self.attribute} = {self.value}" if self.value is not None else f"each {self.attribute}"
        parts = []
        if self.min_share is not None:
            parts.append(f"at least {self.min_share:.0%}".replace("%", " %"))
        if self.min_count is not None:
            parts.append(f"at least {self.min_count}")
        if self.max_share is not None:
            parts.append(f"at most {self.max_share:.0%}".replace("%", " %"))
        if self.max_count is not None:
            parts.append(f"at most {self.max_count}")
        prefix = "meetings involving " + what
        return f"{prefix}: {', '.join(parts)}"


@dataclass(frozen=True)
class QuotaResult:
    """How a matching stands against one quota (and one value, for per-value quotas)."""

    quota: Quota
    value: str
    meetings: int
    share: float
    met: bool

    def __str__(self) -> str:
        return f"{self.quota.label} [{self.value}]: {self.meetings} meetings ({self.share:.1%}) " + (
            "met" if self.met else "NOT met"
        )


def attribute_values(people: Sequence[Participant], attribute: str) -> list[str]:
    """Each participant's value of ``attribute`` (``""`` when it has none), case-folded.

    Raises ``ValidationError`` when no participant has the attribute at all (a typo).
    """
    key = attribute.strip().casefold()
    out: list[str] = []
    seen = False
    for p in people:
        extra = {k.strip().casefold(): v for k, v in p.extra}
        if key in extra:
            seen = True
            out.append(extra[key].strip().casefold())
        elif key in _FIELDS:
            seen = True
            out.append(str(getattr(p, key) or "").strip().casefold())
        else:
            out.append("")
    if not seen and people:
        raise ValidationError(
            Problem(
                f"no participant has the attribute {attribute!r}",
                kind="unknown-attribute",
                field="quota",
                hint=f"use a column of the participant table or one of {', '.join(_FIELDS)}",
            )
        )
    return out


def _involves(values: list[str], u: NDArray[np.intp], v: NDArray[np.intp], value: str) -> NDArray[np.bool_]:
    has = np.array([x == value for x in values], dtype=bool)
    out: NDArray[np.bool_] = has[u] | has[v]
    return out


def _targets(quota: Quota, values: list[str]) -> list[str]:
    if quota.value is not None:
        return [quota.value.strip().casefold()]
    return sorted({x for x in values if x})


def quota_constraints(
    quotas: Sequence[Quota], people: Sequence[Participant], u: NDArray[np.intp], v: NDArray[np.intp]
) -> list[LinearConstraint]:
    """The linear constraints of ``quotas`` on the candidate meetings ``(u[e], v[e])``."""
    out: list[LinearConstraint] = []
    m = len(u)
    for q in quotas:
        values = attribute_values(people, q.attribute)
        for value in _targets(q, values):
            a = _involves(values, u, v, value).astype(np.float64)
            rows, lower, upper = [], [], []
            if q.min_count is not None or q.max_count is not None:
                rows.append(a)
                lower.append(-np.inf if q.min_count is None else q.min_count)
                upper.append(np.inf if q.max_count is None else q.max_count)
            if q.min_share is not None:
                rows.append(a - q.min_share)
                lower.append(0.0)
                upper.append(np.inf)
            if q.max_share is not None:
                rows.append(a - q.max_share)
                lower.append(-np.inf)
                upper.append(0.0)
            if m:
                out.append(LinearConstraint(sp.csr_array(np.vstack(rows)), lower, upper))
    return out


def quota_results(
    quotas: Sequence[Quota], people: Sequence[Participant], u: NDArray[np.intp], v: NDArray[np.intp]
) -> list[QuotaResult]:
    """How the meetings ``(u[e], v[e])`` stand against each quota (each value)."""
    out = []
    total = len(u)
    for q in quotas:
        values = attribute_values(people, q.attribute)
        for value in _targets(q, values):
            k = int(_involves(values, u, v, value).sum())
            share = k / total if total else 0.0
            met = (
                (q.min_count is None or k >= q.min_count)
                and (q.max_count is None or k <= q.max_count)
                and (q.min_share is None or k >= q.min_share * total - 1e-9)
                and (q.max_share is None or k <= q.max_share * total + 1e-9)
            )
            out.append(QuotaResult(q, value, k, share, met))
    return out
