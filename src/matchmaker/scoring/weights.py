"""Weights of the score components and the parameters of sector/product fit.

Both are small frozen configs, checked when made.  :class:`Weights` gives the
relative importance of the built-in components; custom components carry their own
weight (:class:`~matchmaker.scoring.custom.CustomComponent`); :func:`normalise`
turns all of them into shares that sum to 1, so that every total stays in [0, 1].

The components and their default weights are the table of
:mod:`matchmaker.scoring.components` (justified in ``docs/scoring.md``); a component
registered there gets a weight here without any change to this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType

from matchmaker.errors import Problem, ValidationError
from matchmaker.scoring.components import BUILTIN_SPECS, component_names, component_specs

__all__ = ["BUILTIN_COMPONENTS", "DEFAULT_MIN_SCORE", "FitParams", "Weights", "normalise"]

#: The built-in components, in the order they are reported (see :func:`component_names`
#: for every component, registered ones included).
BUILTIN_COMPONENTS = tuple(s.name for s in BUILTIN_SPECS)
_DEFAULT = {s.name: s.weight for s in BUILTIN_SPECS}
#: The default relevance floor of :func:`matchmaker.run` (``min_score``, ``[matching]
#: min_score``, ``--min-score``): pairs scoring less never meet.  With the default weights
#: a pair scores at most ``0.8 · fit`` without a wish, so the floor keeps out pairs whose
#: fit is at most 1/8 (codes that share only a KBLI kategori or golongan pokok: 1/16 and
#: 1/8, at most 0.1) and section-only pairs with a one-sided wish (at most 0.15, usually
#: less); 0.15 rather than 0.1 was chosen on ``benchmarks/quality.py`` (see
#: ``docs/scoring.md``).
DEFAULT_MIN_SCORE = 0.15


def _number_problem(owner: str, name: str, value: object, *, upper: float | None = None) -> Problem | None:
    """A problem if ``value`` is not a finite number >= 0 (and <= ``upper``, > 0 when bounded)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return Problem(
            f"{owner} {name!r} must be a finite number, got {value!r}", kind="invalid-weight", field=name
        )
    if upper is None and value < 0:
        return Problem(
            f"{owner} {name!r} is negative ({value:g})",
            kind="invalid-weight",
            field=name,
            hint="weights are importances: use 0 to switch a component off",
        )
    if upper is not None and not 0 < value <= upper:
        return Problem(
            f"{owner} {name!r} must be in (0, {upper:g}], got {value:g}", kind="invalid-parameter", field=name
        )
    return None


def _registered_defaults() -> Mapping[str, float]:
    return MappingProxyType({s.name: s.weight for s in component_specs() if s.name not in _DEFAULT})


@dataclass(frozen=True)
class Weights:
    """Relative weights of the components (any non-negative numbers).

    They are normalised together with the custom components' weights, so only
    their ratios matter.  A weight of 0 switches a component off (it is then not
    computed at all: a zero ``regional`` weight also skips the region checks).

    Parameters
    ----------
    fit, regional, scale, wishes : float
        Non-negative, finite.
    others : mapping, optional
        Weights of components registered in :mod:`matchmaker.scoring.components`
        (default: their spec's weight).

    Raises
    ------
    ValidationError
        A negative, NaN or infinite weight (all problems at once).

    Examples
    --------
    >>> Weights().as_dict()
    {'fit': 0.55, 'regional': 0.1, 'scale': 0.15, 'wishes': 0.2}
    >>> Weights.from_mapping({"fit": 2, "wishes": 1}).as_dict()
    {'fit': 2.0, 'regional': 0.0, 'scale': 0.0, 'wishes': 1.0}
    >>> try:
    ...     Weights.from_mapping({"fitt": 1})
    ... except ValidationError as exc:
    ...     print(exc.problems[0].message, "|", exc.problems[0].hint[:46])
    unknown component 'fitt' | known components: fit, regional, scale, wishes
    """

    fit: float = _DEFAULT["fit"]
    regional: float = _DEFAULT["regional"]
    scale: float = _DEFAULT["scale"]
    wishes: float = _DEFAULT["wishes"]
    others: Mapping[str, float] = field(default_factory=_registered_defaults, hash=False)

    def __post_init__(self) -> None:
        given = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "others"}
        others = dict(self.others)
        problems = [
            p for name, value in {**given, **others}.items() if (p := _number_problem("weight", name, value))
        ]
        problems += _unknown(name for name in others if name not in component_names() or name in _DEFAULT)
        if problems:
            raise ValidationError(problems)
        for name, value in given.items():
            object.__setattr__(self, name, float(value))
        complete = {**_registered_defaults(), **{name: float(value) for name, value in others.items()}}
        object.__setattr__(self, "others", MappingProxyType(complete))

    @classmethod
    def from_mapping(cls, weights: Mapping[str, float]) -> Weights:
        """Weights named in ``weights``; components not named get weight 0."""
        unknown = _unknown(name for name in weights if name not in component_names())
        if unknown:
            raise ValidationError(unknown)
        others = {name: weights.get(name, 0.0) for name in component_names() if name not in _DEFAULT}
        return cls(**{name: weights.get(name, 0.0) for name in _DEFAULT}, others=others)

    def as_dict(self) -> dict[str, float]:
        """``{component: weight}`` in the reporting order (the order of the components' table)."""
        return {
            name: self.others.get(name, 0.0) if name not in _DEFAULT else getattr(self, name)
            for name in component_names()
        }


def _unknown(names: Iterable[str]) -> list[Problem]:
    return [
        Problem(
            f"unknown component {name!r}",
            kind="unknown-component",
            field=str(name),
            hint=f"known components: {', '.join(component_names())}; custom components carry "
            "their own weight: CustomComponent(name, values, weight)",
        )
        for name in names
    ]


def normalise(weights: Weights, custom: Sequence[tuple[str, float]] = ()) -> dict[str, float]:
    """Shares (summing to 1) of the built-in and custom components, in reporting order.

    Raises
    ------
    ValidationError
        When every weight is zero, or a custom weight is invalid.

    Examples
    --------
    >>> normalise(Weights(fit=3, regional=0, scale=0, wishes=1), [("language", 1.0)])
    {'fit': 0.6, 'regional': 0.0, 'scale': 0.0, 'wishes': 0.2, 'language': 0.2}
    """
    raw = weights.as_dict()
    problems = [
        p for name, value in custom if (p := _number_problem("weight of custom component", name, value))
    ]
    if problems:
        raise ValidationError(problems)
    raw.update((name, float(value)) for name, value in custom)
    total = math.fsum(raw.values())
    if total <= 0:
        raise ValidationError(
            Problem(
                "every component has weight 0, so every pair would score 0",
                kind="zero-weights",
                field="weights",
                hint="give at least one component a positive weight, e.g. Weights(fit=1)",
            )
        )
    return {name: value / total for name, value in raw.items()}


@dataclass(frozen=True)
class FitParams:
    """Parameters of sector/product fit (see ``docs/scoring.md`` for the formula).

    Parameters
    ----------
    level_decay : float
        ``δ``: the factor for each level between the deepest common ancestor of the
        offer and the need and the finest level (KBLI kelompok, HS subheading): an
        exact match scores 1, siblings ``δ``, cousins ``δ²``...  Default 0.5.
    unspecified_decay : float
        ``ν``: the factor for each level a *needed* code leaves unspecified when the
        offers cover it entirely (a need written as ``"10"`` met by any food maker).
        Default 0.7, about ``√δ``: an open level costs half as much, in log terms, as
        a level where the codes differ.
    link_factor : float
        ``γ``: the factor on a KBLI kategori or golongan pokok reached only through the
        HS-chapter → KBLI-division link (an HS line meeting a KBLI line).  Default 0.5:
        the link is many-to-one and approximate.

    Examples
    --------
    >>> try:
    ...     FitParams(level_decay=0.0)
    ... except ValidationError as exc:
    ...     print(exc.problems[0].message)
    fit parameter 'level_decay' must be in (0, 1], got 0
    """

    level_decay: float = 0.5
    unspecified_decay: float = 0.7
    link_factor: float = 0.5

    def __post_init__(self) -> None:
        problems = [
            p
            for f in fields(self)
            if (p := _number_problem("fit parameter", f.name, getattr(self, f.name), upper=1.0))
        ]
        if problems:
            raise ValidationError(problems)
        for f in fields(self):
            object.__setattr__(self, f.name, float(getattr(self, f.name)))
