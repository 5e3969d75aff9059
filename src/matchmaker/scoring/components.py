"""The score components, as one table of specs: name, kernel slot, weight, pruning bound, explanation.

Every place that needs the list of components reads it from here: the weights
(:class:`~matchmaker.scoring.weights.Weights`), the kernel's shares
(:mod:`matchmaker.scoring.algorithms`), ``Scores.component`` and ``explain``, the
pruning bound of sparse scoring (:mod:`matchmaker.scoring.candidates`) and the
``[weights]`` keys of the run config (:mod:`matchmaker.config`).

The four built-in components have slots of their own in the kernel (``fit``,
``regional`` and ``scale`` are sums over need lines, ``wishes`` a list of pairs).
A new component takes the ``"pairwise"`` slot: a function of the two participants'
per-participant features, evaluated by the kernel block by block (vectorised, never a
Python loop over pairs), in the dense and the sparse scores alike.  Adding one is one
file plus its test (``docs/architecture.md``, *Where to add a score component*)::

    register_component(
        ComponentSpec(
            name="sellers_both",
            weight=0.0,                       # the default weight (0: off unless asked for)
            slot="pairwise",
            features=lambda people: np.array([[bool(p.offers)] for p in people], dtype=float),
            pair=lambda a, b: a[:, :1] * b[:, 0],   # (r, f) × (c, f) -> (r, c), in [0, 1]
            explain=lambda pair: [f"both sell: {pair.raw['sellers_both']:.0f}"],
        )
    )

>>> [spec.name for spec in component_specs()]
['fit', 'regional', 'scale', 'wishes']
>>> spec("regional").slot, spec("regional").gated, spec("regional").optional
('regional', True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from matchmaker.model.participant import Participant
from matchmaker.scoring.regional import gap, supply

if TYPE_CHECKING:  # only for annotations: api.py imports this module
    from matchmaker.scoring.api import ScoringInputs

__all__ = [
    "BUILTIN_SPECS",
    "ComponentSpec",
    "PairReasons",
    "component_names",
    "component_specs",
    "register_component",
    "spec",
    "unregister_component",
]

#: Where the kernel computes a component (see :mod:`matchmaker.scoring.algorithms`).
Slot = Literal["fit", "regional", "scale", "wishes", "pairwise"]
Features = Callable[[Sequence[Participant]], NDArray[np.float64]]
PairFunction = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]


class PairReasons(Protocol):
    """What an explanation function is given: the pair, the components' raw values, the built-in reasons."""

    @property
    def a(self) -> Participant: ...  # the side-A (row) participant

    @property
    def b(self) -> Participant: ...  # the side-B (column) participant

    @property
    def raw(self) -> Mapping[str, float]: ...  # each component's value for the pair

    def fit(self) -> list[str]: ...

    def regional(self) -> list[str]: ...

    def scale(self) -> list[str]: ...

    def wishes(self) -> list[str]: ...


@dataclass(frozen=True, kw_only=True)
class ComponentSpec:
    """One score component: everything the library needs to know about it, in one place.

    Attributes
    ----------
    name : str
        The component's name (weights, ``Scores.component``, explanations, config keys).
    weight : float
        Its default weight (``Weights()``); any non-negative number, normalised with the others.
    slot : {"fit", "regional", "scale", "wishes", "pairwise"}
        Where the kernel computes it.  New components are ``"pairwise"``.
    gated : bool
        Whether the component is at most the fit of the pair (``regional``, ``scale``):
        sparse scoring then scales its pruning bound by the fit's bound.
    optional : bool
        Whether it is computed (and explained) only when its weight is positive.
    bound : float or callable(ScoringInputs) -> float
        The largest value any pair can have (the pruning bound of sparse scoring); 0 for
        ``wishes``, whose pairs are always candidates.
    explain : callable(PairReasons) -> list of str
        The reasons shown by ``Scores.explain`` under the component.
    features : callable(participants) -> ndarray (n, f), pairwise only
        Per-participant features, computed once per side.
    pair : callable(ndarray (r, f), ndarray (c, f)) -> ndarray (r, c), pairwise only
        The component of every pair of a block, from the rows' and the columns'
        features; values in [0, 1].  It must be elementwise in the pairs (a pair's
        value depends on its two participants only), so that every block, tile and
        sub-problem gives the same numbers.
    """

    name: str
    weight: float
    slot: Slot
    explain: Callable[[PairReasons], list[str]]
    gated: bool = False
    optional: bool = False
    bound: float | Callable[[ScoringInputs], float] = 1.0
    features: Features | None = None
    pair: PairFunction | None = None

    def bound_of(self, inputs: ScoringInputs) -> float:
        """The pruning bound for one prepared request."""
        return float(self.bound(inputs)) if callable(self.bound) else float(self.bound)


def _regional_bound(inputs: ScoringInputs) -> float:
    """The largest regional potential any pair of the mission can have (0 when the component is off)."""
    model = inputs.context.regional
    if model is None or inputs.weights.get("regional", 0.0) == 0.0:
        return 0.0
    _, needs_a, _, needs_b = inputs.lines
    regions_a, regions_b = (np.unique(np.maximum(r, 0)) for r in inputs.regions)
    best = 0.0
    for sellers, buyers, needs in ((regions_a, regions_b, needs_b), (regions_b, regions_a, needs_a)):
        if not needs.codes or not sellers.size or not buyers.size:
            continue
        codes = sorted(set(needs.codes))
        sectors = np.array([model.sector_of_code(system, code) for system, code in codes], dtype=np.intp)
        top_supply = supply(model.seller_lq(sellers, codes)).max(axis=0)  # known specialities included
        top_gap = gap(model.lq[np.ix_(buyers, sectors)]).max(axis=0)
        best = max(best, float((top_supply * top_gap).max()))
    return best


#: The built-in components, in the order they are reported (and of the kernel's shares).
#: Default weights are justified in ``docs/scoring.md``: fit is the reason to meet at all,
#: wishes what the participants know of each other, scale whether deals fit the sizes,
#: regional a macro prior (province specialisation), the weakest signal.
BUILTIN_SPECS: tuple[ComponentSpec, ...] = (
    ComponentSpec(name="fit", weight=0.55, slot="fit", gated=True, explain=lambda r: r.fit()),
    ComponentSpec(
        name="regional",
        weight=0.10,
        slot="regional",
        gated=True,
        optional=True,
        bound=_regional_bound,
        explain=lambda r: r.regional(),
    ),
    ComponentSpec(
        name="scale", weight=0.15, slot="scale", gated=True, optional=True, explain=lambda r: r.scale()
    ),
    ComponentSpec(name="wishes", weight=0.20, slot="wishes", bound=0.0, explain=lambda r: r.wishes()),
)
#: Names that are not components but that ``Scores.component`` and the kernel also know.
DERIVED_NAMES = ("fit_ab", "fit_ba", "total", "forbidden")

_registry: dict[str, ComponentSpec] = {s.name: s for s in BUILTIN_SPECS}


def component_specs() -> tuple[ComponentSpec, ...]:
    """Every component: the built-ins, then those registered, in registration order."""
    return tuple(_registry.values())


def component_names() -> tuple[str, ...]:
    """The names of :func:`component_specs`."""
    return tuple(_registry)


def spec(name: str) -> ComponentSpec:
    """The spec of the component ``name`` (``KeyError`` if there is none)."""
    return _registry[name]


def register_component(new: ComponentSpec) -> ComponentSpec:
    """Add a component to the table; every later ``score`` computes and reports it.

    Raises
    ------
    ValueError
        A name already taken or reserved, a built-in slot, a missing ``features`` or
        ``pair`` function, or a bad default weight or bound.
    """
    if new.name in _registry or new.name in DERIVED_NAMES or not new.name.isidentifier():
        raise ValueError(f"component name {new.name!r} is taken or not an identifier; choose another")
    if new.slot != "pairwise" or new.features is None or new.pair is None:
        raise ValueError(f"component {new.name!r}: a new component has slot='pairwise', features= and pair=")
    if new.gated:
        raise ValueError(f"component {new.name!r}: only built-in components are gated by the fit")
    bad_weight = isinstance(new.weight, bool) or not math.isfinite(new.weight) or new.weight < 0
    if bad_weight or (not callable(new.bound) and not 0 <= new.bound <= 1):
        raise ValueError(f"component {new.name!r}: weight must be >= 0 and a fixed bound in [0, 1]")
    _registry[new.name] = new
    return new


def unregister_component(name: str) -> None:
    """Remove a registered component (built-ins cannot be removed)."""
    if any(s.name == name for s in BUILTIN_SPECS):
        raise ValueError(f"{name!r} is a built-in component; give it weight 0 to switch it off")
    _registry.pop(name, None)
