"""Sector/product fit: how well what a seller offers meets what a buyer needs.

**One tree for both code systems.**  KBLI codes keep their lineage (kategori →
golongan pokok → golongan → subgolongan → kelompok, depths 0-4).  An HS code hangs
under the KBLI golongan pokok its chapter is linked to
(:meth:`~matchmaker.reference.CodeTable.kbli_division`): kategori → golongan pokok →
HS chapter → heading → subheading (depths 0-4; the HS section is left out, the KBLI
division groups chapters instead).  So ``HS:1701`` (cane sugar) and ``10721``
(sugar industry) share the golongan pokok ``10``.

**Coverage.**  A seller *covers* a node of the tree when one of its offer lines has
the node in its lineage.  Coverage is 1 through a line of the same code system as
the need.  A line of the other system covers what the **product crosswalk**
(:mod:`matchmaker.reference.crosswalk`) lets it reach, with the link's strength
``s = √p`` (1 for a one-to-one link, ``1/√n`` for one of ``n`` producers): an HS
offer covers the KBLI nodes its crosswalk reaches (each with its ancestors; a heading
or chapter with the mean share of its subheadings), a KBLI offer covers the HS
subheadings, headings and chapters it reaches, down to the depth of the offer's own
code, and the kategori and golongan pokok those chapters
hang under with ``γ·s`` (that part of the tree is the chapter link's approximation).
Besides, any line covers the kategori and golongan pokok of its chapter link with
``γ`` (``link_factor``) in the other system (a KBLI offer seen by an HS need or the reverse).  A participant's
coverage of a node is the best over its lines and links.  Every value is at most 1
and the nodes a line covers in one view are closed under ancestors, which keeps the
candidate index's bounds (:mod:`matchmaker.scoring.candidates`) valid.

**Fit of one need line** with code ``u`` at depth ``ℓ``, lineage ``v_0 … v_ℓ``, when
the offers reach down to depth ``d`` of that lineage (the deepest common ancestor)::

    F(k) = δ^(D-k)     for k < ℓ   (the codes part below depth k)
    F(ℓ) = ν^(D-ℓ)                 (the need is covered entirely)
    fit  = F(d),  0 when nothing is shared;   D = 4

So an exact match of two 5-digit kelompok (or 6-digit HS subheadings) scores 1; each
level between the deepest common ancestor and the finest level costs ``δ``
(``level_decay``), the same for every need; a need written coarsely (``"10"``) and
covered entirely costs ``ν`` (``unspecified_decay``) per level it leaves unspecified.
Vectorised as a sum over the lineage, ``fit = Σ_k coverage(v_k) · (F(k) − F(k−1))``
with ``F(−1) = 0``, which telescopes to ``F(d)`` when the coverage is 1 down to ``d``
(and interpolates when part of it comes only through the link).

**Fit of a pair, one direction** (A sells to B): the weighted mean over B's need
lines, weights ``ω`` proportional to the lines' ``value_idr`` (a line without a value
gets the mean value of the participant's valued lines; equal weights if none has a
value).  Both directions are computed, A→B and B→A; the ``fit`` component adds them,
capped at one full match: ``min(1, f_AB + f_BA)`` (a pair that trades both ways is
worth more, up to the score of an exact match).

Vectorised: ``fit = Coverage (sellers × nodes) @ Increments (nodes × need codes)``,
then the line weights, all sparse products (see :mod:`matchmaker.scoring.algorithms`).
The scalar functions here (:func:`coverage`, :func:`need_fit`, :func:`best_offers`)
compute the same numbers for one pair; ``explain`` uses them, and the tests use them
as the oracle of the vectorised path.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from matchmaker.model.lines import TradeLine
from matchmaker.reference.classification import hs, kbli
from matchmaker.reference.crosswalk import CrosswalkLink, hs_reach, kbli_reach, link
from matchmaker.scoring.weights import FitParams

#: Relative tolerance within which two offer lines' fits for one need are a tie (both sized).
TIE = 1e-6

__all__ = [
    "MAX_DEPTH",
    "TIE",
    "LineMatch",
    "best_offers",
    "code_label",
    "coverage",
    "coverage_entries",
    "crosswalk_link",
    "increments",
    "line_weights",
    "lineage",
    "need_fit",
    "need_nodes",
    "node_label",
    "titled_label",
]

#: Depth of the finest level (KBLI kelompok, HS subheading) in the unified tree.
MAX_DEPTH = 4
_BACKBONE = 2  # kategori and golongan pokok: the nodes an HS line shares with KBLI
_KBLI_LEVELS = ("kategori", "golongan pokok", "golongan", "subgolongan", "kelompok")
_HS_LEVELS = {2: "HS chapter", 3: "HS heading", 4: "HS subheading"}

Node = str  # "K:10721" or "H:1701"
View = str  # "KBLI" or "HS": the code system of the need looking at a coverage
#: The view of a broad KBLI need's own node (a golongan, golongan pokok or kategori
#: written as the need): what covers the whole group, not only part of it.
WHOLE: View = "KBLI whole"
_BROAD = 2  # deepest depth of a broad KBLI node (golongan)


@functools.cache
def lineage(system: str, code: str) -> tuple[Node, ...]:
    """Nodes of the unified tree from the top down to ``code`` (see the module docstring).

    >>> lineage("KBLI", "10721")
    ('K:C', 'K:10', 'K:107', 'K:1072', 'K:10721')
    >>> lineage("HS", "170199")
    ('K:C', 'K:10', 'H:17', 'H:1701', 'H:170199')
    """
    if system == "KBLI":
        return tuple(f"K:{c}" for c in kbli().lineage(code))
    division = hs().kbli_division(code)
    backbone = tuple(f"K:{c}" for c in kbli().lineage(division))
    return backbone + tuple(f"H:{c}" for c in hs().lineage(code)[1:])


@functools.cache
def need_nodes(system: str, code: str) -> tuple[tuple[View, Node], ...]:
    """The ``(view, node)`` keys a need line reads its coverage from, top down.

    Its lineage in its own system's view, except the own node of a broad KBLI need
    (golongan or coarser), read in the :data:`WHOLE` view: covering the whole group the
    buyer names is not the same as reaching one class of it through the crosswalk
    (``docs/scoring.md``, "Broad needs through a link").

    >>> need_nodes("KBLI", "107")
    (('KBLI', 'K:C'), ('KBLI', 'K:10'), ('KBLI whole', 'K:107'))
    >>> need_nodes("KBLI", "10721")[-1], need_nodes("HS", "0901")[-1]
    (('KBLI', 'K:10721'), ('HS', 'H:0901'))
    """
    nodes = lineage(system, code)
    keys = [(system, v) for v in nodes]
    if system == "KBLI" and len(nodes) - 1 <= _BROAD:
        keys[-1] = (WHOLE, nodes[-1])
    return tuple(keys)


def code_label(line: TradeLine) -> str:
    """``"10721"`` or ``"HS:1701"``: a line's code as participants write it.

    >>> code_label(TradeLine("1701", "HS")), code_label(TradeLine("10721", value_idr=1e9))
    ('HS:1701', '10721')
    """
    return line.code if line.system == "KBLI" else f"HS:{line.code}"


def titled_label(line: TradeLine, width: int = 48) -> str:
    """:func:`code_label`, with the title for an HS code (shortened to ``width`` characters).

    >>> titled_label(TradeLine("1006", "HS")), titled_label(TradeLine("10631"))
    ('HS:1006 (Rice)', '10631')
    >>> titled_label(TradeLine("151110", "HS"))
    'HS:151110 (Vegetable oils; palm oil and its fractions, cru…)'
    """
    if line.system != "HS":
        return code_label(line)
    title = hs().title(line.code)
    if len(title) > width:
        title = title[: width - 1].rstrip(" ,;") + "…"
    return f"HS:{line.code} ({title})"


def node_label(node: Node) -> str:
    """``"golongan pokok 10"`` or ``"HS heading 1701"``: a node for explanations.

    >>> node_label("K:107"), node_label("H:17")
    ('golongan 107', 'HS chapter 17')
    """
    system, code = node.split(":", 1)
    if system == "K":
        return f"{_KBLI_LEVELS[len(kbli().lineage(code)) - 1]} {code}"
    return f"{_HS_LEVELS[len(code) // 2 + 1]} {code}"


def increments(depth: int, params: FitParams, system: str = "KBLI") -> NDArray[np.float64]:
    """``F(k) - F(k-1)`` for ``k = 0..depth``, for a need code at ``depth`` of ``system``.

    For an HS need, the kategori and golongan pokok above its chapter are only the
    chapter link's approximation (chapter 09 holds coffee beans, farmed, and roasted
    coffee, manufactured): they carry ``γ`` of their increments, and the chapter the
    rest.  So an HS code still fits itself 1, while two HS chapters linked to one
    golongan pokok (coffee, 09, and vegetables, 07) share ``γ·δ³`` instead of ``δ³``,
    as little as a KBLI code and an HS chapter reached through the chapter link.

    >>> increments(4, FitParams()).tolist()
    [0.0625, 0.0625, 0.125, 0.25, 0.5]
    >>> [round(x, 4) for x in increments(1, FitParams()).tolist()]  # a golongan pokok: F(1) = ν³
    [0.0625, 0.2805]
    >>> increments(4, FitParams(), "HS").tolist()
    [0.03125, 0.03125, 0.1875, 0.25, 0.5]
    """
    k = np.arange(depth + 1)
    f = params.level_decay ** (MAX_DEPTH - k)
    f[depth] = params.unspecified_decay ** (MAX_DEPTH - depth)
    inc = np.diff(f, prepend=0.0)
    if system == "HS" and depth >= _BACKBONE:
        inc[_BACKBONE] += (1.0 - params.link_factor) * inc[:_BACKBONE].sum()
        inc[:_BACKBONE] *= params.link_factor
    return inc


def coverage_entries(line: TradeLine, params: FitParams) -> list[tuple[View, Node, float]]:
    """The nodes one offer line covers, in each view, with their coverage (1, ``γ`` or a crosswalk strength).

    Each ``(view, node)`` appears once, with the best value.

    Milled rice is made by rice mills (KBLI 10631) while its chapter 10 is linked to
    farming (01): the mill's kelompok and subgolongan are covered fully, the broad
    nodes above them with ``γ``, and farming not at all (the crosswalk knows better):

    >>> entries = coverage_entries(TradeLine("100630", "HS"), FitParams())
    >>> sorted((node, value) for view, node, value in entries if view == "KBLI")
    [('K:10', 0.5), ('K:106', 0.5), ('K:1063', 1.0), ('K:10631', 1.0), ('K:C', 0.5)]
    """
    out: dict[tuple[View, Node], float] = {}
    gamma = params.link_factor

    def add(view: View, node: Node, value: float) -> None:
        if value > 0:
            out[view, node] = max(out.get((view, node), 0.0), value)

    nodes = lineage(line.system, line.code)
    for v in nodes:
        add(line.system, v, 1.0)
    other = "HS" if line.system == "KBLI" else "KBLI"
    reach = hs_reach(line.code) if line.system == "HS" else {}
    if not reach:  # the crosswalk, when it knows the producers, says more than the chapter link
        for v in nodes[:_BACKBONE]:
            add(other, v, gamma)
    if line.system == "HS":
        division = hs().kbli_division(line.code)
        home_nodes = kbli().lineage(division)
        for code, strength in reach.items():
            # across golongan pokok, γ: the coffee heading 0901 (chapter 09, farming) is
            # 60 % roasted coffee, KBLI 10761, but no kin of sugar or kerupuk (KBLI 107)
            away = 1.0 if code in home_nodes or code.startswith(division) else gamma
            add("KBLI", f"K:{code}", _broad_link(code, strength, away))
    else:
        own = kbli().lineage(line.code)[1] if len(line.code) >= 2 else ""  # its golongan pokok
        reached_hs = kbli_reach(line.code)
        for code, strength in reached_hs.items():  # with each code its chapter and heading
            # a KBLI industry making one product of another division's chapter is no kin of
            # that chapter's other products (soap makers make glycerol, HS 1520, in the
            # chapter of palm oil): γ, however certain the link, times the share of the
            # industry's output in that chapter relative to its main one (_chapter_share)
            same = hs().kbli_division(code) == own
            value = _broad_link(code, strength, 1.0 if same else gamma)
            if len(code) == 2 and not same:
                value *= _chapter_share(code, reached_hs)
            add("HS", f"H:{code}", value)
            if len(code) == 2:
                # the division a chapter hangs under is only the chapter link's approximation:
                # reached through the crosswalk it counts γ, as through the chapter link
                for v in lineage("HS", code)[:_BACKBONE]:
                    add("HS", v, params.link_factor * value)
    # the WHOLE view: a broad KBLI need's own node, where the buyer names a whole group.
    # A KBLI line inside the group is one of the classes named (coverage 1).  A line of
    # the other system is in the group only with the link's share p(g | h): the broad
    # node's coverage (p, or γ·p across golongan pokok) counts p once more, so a link
    # specific to the group (cane sugar, all of it made in 107) covers it as before and
    # a split one (the coffee heading 0901: 60 % roasted coffee in 107, 40 % beans in
    # 012) covers neither group as a whole
    if line.system == "KBLI":
        for v in nodes[: _BROAD + 1]:
            add(WHOLE, v, 1.0)
    else:
        for (view, node), value in list(out.items()):
            code = node[2:]
            if view == "KBLI" and len(kbli().lineage(code)) <= _BROAD + 1:
                add(WHOLE, node, value * reach[code] ** 2 if reach else value)
    return [(view, node, value) for (view, node), value in out.items()]


def _chapter_share(chapter: str, reached: Mapping[str, float]) -> float:
    """How much of a KBLI industry's output lies in HS ``chapter``, relative to its main chapter.

    ``reached`` is the industry's :func:`~matchmaker.reference.crosswalk.kbli_reach`;
    its subheadings' shares ``p = s²`` are summed per chapter, and the chapter holding
    most counts 1.  Soap makers (KBLI 20231) make glycerol, HS 1520, a by-product in
    the chapter of palm oil: chapter 15 holds 3 % of their reach, chapter 34 (soap)
    47 %, so chapter 15 counts 0.06; rice mills count chapter 10 fully.

    >>> reach = {"152000": 0.4, "340111": 0.9, "340120": 0.9}
    >>> round(_chapter_share("15", reach), 3), _chapter_share("34", reach)
    (0.099, 1.0)
    """
    per: dict[str, float] = {}
    for code, strength in reached.items():
        if len(code) == 6:
            per[code[:2]] = per.get(code[:2], 0.0) + strength * strength
    top = max(per.values(), default=0.0)
    # a coarse industry (a golongan) reaches chapters only, its own level: nothing to weigh
    return per.get(chapter, 0.0) / top if top > 0 else 1.0


def _broad_link(code: str, strength: float, away: float) -> float:
    """The coverage a crosswalk link of strength ``s = √p`` gives ``code`` of the other system.

    ``s`` holds for the product itself (a KBLI subgolongan or kelompok, an HS heading or
    subheading).  A broad node above it (a KBLI golongan, golongan pokok or kategori,
    an HS chapter) is where the product's siblings sit, so it is covered with the share
    ``p = s²`` only, times ``away`` when the link leaves the golongan pokok the HS
    chapter is linked to (:func:`coverage_entries` says how much).

    >>> _broad_link("10761", 0.5, 0.5), _broad_link("107", 0.5, 1.0), _broad_link("24", 0.5, 0.5)
    (0.5, 0.25, 0.125)
    """
    if code.isdigit() and len(code) > 3:  # a KBLI subgolongan or kelompok, an HS heading or subheading
        return strength
    return strength * strength * away


def crosswalk_link(offer: TradeLine, node: Node, params: FitParams | None = None) -> CrosswalkLink | None:
    """The crosswalk link by which ``offer`` covers ``node`` of the other code system, if any.

    Its ``strength`` is the coverage the fit uses: ``√p`` for the product's own node,
    the share (``γ·p`` across golongan pokok) for a broad node above it
    (:func:`coverage_entries`).

    >>> crosswalk_link(TradeLine("151110", "HS"), "K:10431").strength
    1.0
    >>> crosswalk_link(TradeLine("10431"), "K:C") is None  # same system: no link
    True
    >>> round(crosswalk_link(TradeLine("0901", "HS"), "K:107").strength, 2)  # 0.6 roasted, away from 09
    0.3
    """
    system, code = node.split(":", 1)
    gamma = (params or FitParams()).link_factor
    if offer.system == "HS" and system == "K":
        found = link(offer.code, code, view="KBLI")
        division = hs().kbli_division(offer.code)
        home = code in kbli().lineage(division) or code.startswith(division)
    elif offer.system == "KBLI" and system == "H":
        found = link(code, offer.code, view="HS")
        home = len(offer.code) >= 2 and hs().kbli_division(code) == kbli().lineage(offer.code)[1]
    else:
        return None
    if found is None:
        return None
    return replace(found, strength=_broad_link(code, found.strength, 1.0 if home else gamma))


def coverage(offers: Iterable[TradeLine], params: FitParams) -> dict[tuple[View, Node], float]:
    """A participant's coverage of the tree: the best over its offer lines, per view and node."""
    out: dict[tuple[View, Node], float] = {}
    for line in offers:
        for view, node, value in coverage_entries(line, params):
            out[view, node] = max(out.get((view, node), 0.0), value)
    return out


def need_fit(cover: Mapping[tuple[View, Node], float], need: TradeLine, params: FitParams) -> float:
    """Fit of one need line against a coverage (the formula of the module docstring).

    >>> p = FitParams()
    >>> need_fit(coverage([TradeLine("10722")], p), TradeLine("10721"), p)  # siblings: δ
    0.5
    >>> round(need_fit(coverage([TradeLine("10721")], p), TradeLine("10"), p), 4)  # 3 open levels: ν³
    0.343
    >>> need_fit(coverage([TradeLine("2302", "HS")], p), TradeLine("10721"), p)  # via the chapter link: γ·δ³
    0.0625
    >>> need_fit(coverage([TradeLine("170199", "HS")], p), TradeLine("10721"), p)  # via the crosswalk
    1.0
    """
    keys = need_nodes(need.system, need.code)
    inc = increments(len(keys) - 1, params, need.system)
    return float(sum(cover.get(key, 0.0) * w for key, w in zip(keys, inc, strict=True)))


@dataclass(frozen=True)
class LineMatch:
    """How a need line is met by a seller, for explanations.

    Attributes
    ----------
    need : TradeLine
        The buyer's line.
    weight : float
        Its weight ``ω`` among the buyer's need lines.
    fit : float
        The participant-level fit of this need (the value the score uses).
    offers : tuple of TradeLine
        The seller's best-matching offer lines (empty if nothing matches).
    common : str or None
        The deepest node those offers share with the need (``"K:107"``), if any.
    via_link : bool
        Whether the match goes through the HS-chapter → KBLI-division link.
    direction : {"A→B", "B→A"}
        Which side sells: ``"A→B"`` for a need of the side-B participant.
    """

    need: TradeLine
    weight: float
    fit: float
    offers: tuple[TradeLine, ...]
    common: str | None
    via_link: bool
    direction: str = "A→B"

    def describe(self) -> str:
        """One line of text: which offer meets this need, how and for how much."""
        bridge = crosswalk_link(self.offers[0], self.common) if self.offers and self.common else None
        own = need_nodes(self.need.system, self.need.code)[-1]
        if bridge is not None and own == (WHOLE, self.common):  # a broad need's own node: p once more
            share = hs_reach(self.offers[0].code)[own[1][2:]] ** 2
            bridge = replace(bridge, strength=bridge.strength * share)
        # HS codes carry their title, unless the crosswalk link below names them already
        label = code_label if bridge is not None else titled_label
        head = f"need {label(self.need)} (weight {self.weight:.2f})"
        if not self.offers or self.common is None:
            return f"{head}: nothing offered in its lineage → 0"
        offered = " + ".join(label(line) for line in self.offers)
        whole = self.common == lineage(self.need.system, self.need.code)[-1]
        if any(line.key == self.need.key for line in self.offers):
            how = "exactly"
        elif bridge is not None:
            shared = "" if whole else f"sharing {node_label(self.common)} "
            how = f"{shared}through the crosswalk {bridge.describe()}"
        elif whole:
            how = "within it (the need leaves the finer levels open)"
        else:
            how = f"sharing {node_label(self.common)}" + (
                " (through the HS-KBLI link)" if self.via_link else ""
            )
        return f"{head} met by offer {offered} {how} → {self.fit:.3f}"


def best_offers(
    offers: Sequence[TradeLine], need: TradeLine, params: FitParams
) -> tuple[tuple[int, ...], float, str | None, bool]:
    """The offer lines (indices) fitting ``need`` best on their own, that fit, the common node, link use.

    >>> best_offers([TradeLine("10130"), TradeLine("10722")], TradeLine("10721"), FitParams())
    ((1,), 0.5, 'K:1072', False)
    """
    scores = [need_fit(coverage([line], params), need, params) for line in offers]
    best = max(scores, default=0.0)
    if best <= 0:
        return (), 0.0, None, False
    # the same fit reached along different crosswalk paths may differ in the last bits
    chosen = tuple(i for i, s in enumerate(scores) if s >= best * (1.0 - TIE))
    keys = need_nodes(need.system, need.code)
    cover = coverage([offers[chosen[0]]], params)
    deepest = max(k for k, key in enumerate(keys) if cover.get(key, 0.0) > 0)
    return chosen, best, keys[deepest][1], cover[keys[deepest]] < 1.0


def line_weights(lines: Sequence[TradeLine]) -> NDArray[np.float64]:
    """Weights ``ω`` of a participant's lines: by ``value_idr``, missing values at the mean.

    >>> lines = [TradeLine("10130", value_idr=3e9), TradeLine("10510"), TradeLine("10721", value_idr=1e9)]
    >>> line_weights(lines).tolist()
    [0.5, 0.3333333333333333, 0.16666666666666666]
    >>> line_weights([TradeLine("10130"), TradeLine("10510")]).tolist()
    [0.5, 0.5]
    """
    values = np.array([np.nan if line.value_idr is None else line.value_idr for line in lines], dtype=float)
    known = values[~np.isnan(values)]
    if known.size == 0 or known.sum() <= 0:
        return np.full(len(lines), 1.0 / len(lines)) if lines else np.zeros(0)
    values[np.isnan(values)] = known.mean()
    weights: NDArray[np.float64] = values / values.sum()
    return weights
