"""The product crosswalk between HS 2022 and KBLI 2020, and the strength of its links.

The packaged table ``hs2022_kbli2020_crosswalk.csv`` (built by
``scripts/build_crosswalk.py`` from the WITS/UN HS→ISIC concordance, the KBLI 2020
structure and a table of explicit overrides; rules in ``docs/crosswalk.md``) gives each
HS subheading ``h`` a distribution ``p(· | h)`` over the KBLI codes that produce it:
shares that sum to 1, on a kelompok, a subgolongan or a golongan.

**Spreading.**  A share on a golongan or subgolongan is spread evenly over its
children, down to the kelompok (a ``coarse`` link, on a golongan pokok or kategori
above every producer the concordance lists, is not); a KBLI node's share is the sum
of the shares below it.  So
``p(x | h)`` is defined for every KBLI node ``x``, and grows towards the root.

**Strength.**  A link's strength is ``√p``: 1 for a one-to-one link, ``1/√n`` for one
of ``n`` equally likely producers (0.71 for one of two, 0.5 for one of four).  The
square root keeps a link between the one product of a class and that class strong
(crude palm oil and KBLI 10431: 1), and a spread-out, coarse link weak (copra, were it
not overridden, would reach each crop kelompok with strength below 0.2).

**Levels.**  An HS code is a set of products: a heading or chapter reaches a KBLI
node with the mean share over its subheadings, at every depth.  A KBLI code is an
industry, and a coarse one says no more than its own level (as within KBLI, where
``1063`` meets ``10631`` at one level's decay): it reaches the HS codes of its products
down to the matching depth only (kelompok ↔ subheading, subgolongan ↔ heading, golongan
↔ chapter), each with the strongest link of the subheadings below it.

Examples
--------
>>> round(hs_reach("100630")["10631"], 3), round(hs_reach("151110")["10431"], 3)
(1.0, 1.0)
>>> round(kbli_reach("10631")["100630"], 3)
1.0
>>> for side in link("100630", "10631").describe().split(" ↔ "):
...     print(side)
HS 100630 Cereals; rice, semi-milled or wholly milled, whether or not polished or glazed
KBLI 10631 Industri penggilingan padi dan penyosohan beras (strength 1.00)
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from matchmaker.reference._files import read_packaged_csv
from matchmaker.reference.classification import hs, kbli

__all__ = ["CrosswalkLink", "hs_reach", "kbli_reach", "link", "shares"]

_PACKAGE = "matchmaker.reference"
_FILE = "hs2022_kbli2020_crosswalk.csv"


@dataclass(frozen=True)
class CrosswalkLink:
    """A link of the crosswalk between an HS code and a KBLI code.

    Attributes
    ----------
    hs, kbli : str
        The two codes (any level).
    strength : float
        ``√p`` (see the module docstring), in (0, 1].
    rule : str
        How the strongest subheading link behind it was made: ``"override"``,
        ``"concordance"``, ``"national-split"`` or ``"coarse"``.
    """

    hs: str
    kbli: str
    strength: float
    rule: str

    def describe(self) -> str:
        """``HS 100630 <title> ↔ KBLI 10631 <title> (strength 1.00)``."""
        return (
            f"HS {self.hs} {hs().title(self.hs)} ↔ KBLI {self.kbli} "
            f"{kbli().title(self.kbli).capitalize()} (strength {self.strength:.2f})"
        )


@dataclass(frozen=True)
class _Table:
    by_hs: Mapping[str, tuple[tuple[str, float, str], ...]]  # hs6 -> (kbli, share, rule)
    by_kbli_prefix: Mapping[str, frozenset[str]]  # any prefix (>= 3 digits) of a target -> hs6
    children: Mapping[str, tuple[str, ...]]  # KBLI code -> its children
    subheadings: Mapping[str, tuple[str, ...]]  # HS chapter or heading -> its subheadings


@functools.cache
def _table() -> _Table:
    by_hs: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for r in read_packaged_csv(_PACKAGE, _FILE):
        by_hs[r["hs6"]].append((r["kbli"], float(r["share"]), r["rule"]))
        for n in range(3, len(r["kbli"]) + 1):
            by_prefix[r["kbli"][:n]].add(r["hs6"])
    for h, links in by_hs.items():  # the file rounds shares to 6 decimals: make each sum 1
        total = sum(share for _, share, _ in links)
        by_hs[h] = [(code, share / total, rule) for code, share, rule in links]
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in kbli().parents.items():
        if parent is not None:
            children[parent].append(code)
    below: dict[str, list[str]] = defaultdict(list)
    for code in hs().titles:
        if code.isdigit() and len(code) == 6:
            below[code[:2]].append(code)
            below[code[:4]].append(code)
    return _Table(
        MappingProxyType({h: tuple(v) for h, v in by_hs.items()}),
        MappingProxyType({k: frozenset(v) for k, v in by_prefix.items()}),
        MappingProxyType({k: tuple(sorted(v)) for k, v in children.items()}),
        MappingProxyType({k: tuple(sorted(v)) for k, v in below.items()}),
    )


def _depth(system: str, code: str) -> int:
    """Depth in the fit's unified tree: KBLI kategori 0 … kelompok 4; HS chapter 2 … subheading 4."""
    return len(kbli().lineage(code)) - 1 if system == "KBLI" else len(code) // 2 + 1


@functools.cache
def shares(hs6: str) -> Mapping[str, float]:
    """``p(x | h)`` for every KBLI node ``x`` that subheading ``hs6`` reaches (spread, summed up).

    >>> s = shares("240220")
    >>> round(s["12013"], 3), round(s["1201"], 3), round(s["C"], 6)
    (0.333, 1.0, 1.0)
    """
    out: dict[str, float] = defaultdict(float)
    table = _table()
    for code, share, rule in table.by_hs.get(hs6, ()):
        for ancestor in kbli().lineage(code)[:-1]:
            out[ancestor] += share
        if rule == "coarse":  # the producer is unknown below this code: no spreading
            out[code] += share
            continue
        stack = [(code, share)]
        while stack:  # spread evenly down to the kelompok
            node, value = stack.pop()
            out[node] += value
            below = table.children.get(node, ())
            stack += [(child, value / len(below)) for child in below]
    return MappingProxyType(dict(out))


@functools.cache
def hs_reach(code: str) -> Mapping[str, float]:
    """KBLI nodes an HS code reaches, with the strength ``√p``.

    A heading or chapter is one of its subheadings, each as likely: it reaches a KBLI
    node with the mean share over them (a heading whose subheadings are all made by one
    kelompok reaches it fully; a broad chapter reaches each kelompok weakly).

    >>> {k: round(v, 2) for k, v in hs_reach("240220").items()}
    {'12': 1.0, '120': 1.0, '1201': 1.0, '12011': 0.58, '12012': 0.58, '12013': 0.58, 'C': 1.0}
    >>> {k: round(v, 2) for k, v in hs_reach("1006").items() if len(k) >= 4}
    {'0112': 0.5, '01121': 0.35, '01122': 0.35, '1063': 0.87, '10631': 0.87}
    """
    subs = (code,) if len(code) == 6 else _table().subheadings.get(code, ())
    total: dict[str, float] = defaultdict(float)
    for h in subs:
        for node, p in shares(h).items():
            total[node] += p / len(subs)
    return MappingProxyType({node: math.sqrt(min(p, 1.0)) for node, p in sorted(total.items()) if p > 0})


@functools.cache
def kbli_reach(code: str) -> Mapping[str, float]:
    """HS codes a KBLI code reaches, with their strength, down to the matching depth.

    The code reaches the subheadings ``h`` it produces (``p(code | h) > 0``) and their
    heading and chapter, as deep as the code itself: the HS code at depth ``e``
    (chapter 2, heading 3, subheading 4) above ``h`` with ``√p(a | h)``, ``a`` the
    ancestor of ``code`` at the same depth (golongan, subgolongan, kelompok), the
    strongest over the subheadings.  So a KBLI offer is placed in the HS tree as its
    products are, and sees an HS need as an HS offer of those products sees the KBLI
    need (for a kelompok and a subheading, the fit is the same both ways).

    >>> {h: round(v, 2) for h, v in kbli_reach("12013").items()}
    {'24': 1.0, '2402': 1.0, '240220': 0.58, '2404': 0.71, '240411': 0.35, '240419': 0.35}
    """
    depth = _depth("KBLI", code)
    if depth < 2:
        return MappingProxyType({})
    table = _table()
    chain = kbli().lineage(code)[2:]  # golongan, subgolongan, kelompok (as deep as the code)
    candidates = set(table.by_kbli_prefix.get(code, ()))
    for ancestor in chain[:-1]:  # subheadings linked to a coarser code spread down to this one
        candidates |= {h for h in table.by_kbli_prefix.get(ancestor, ()) if ancestor in _targets(h)}
    out: dict[str, float] = {}
    for h in sorted(candidates):
        p = shares(h)
        if p.get(code, 0.0) <= 0:
            continue
        for e, ancestor in enumerate(chain):
            key = h[: 2 * (e + 1)]
            out[key] = max(out.get(key, 0.0), math.sqrt(min(p[ancestor], 1.0)))
    return MappingProxyType(dict(sorted(out.items())))


@functools.cache
def _targets(hs6: str) -> frozenset[str]:
    return frozenset(code for code, _, _ in _table().by_hs.get(hs6, ()))


def link(hs_code: str, kbli_code: str, view: str | None = None) -> CrosswalkLink | None:
    """The crosswalk link between ``hs_code`` and ``kbli_code``, if any.

    ``view`` is the code system of the need that looks at it: ``"KBLI"`` for an HS offer
    (strength from :func:`hs_reach`), ``"HS"`` for a KBLI offer (:func:`kbli_reach`),
    ``None`` for the stronger of the two.

    >>> link("240220", "12013").strength.__round__(2), link("240220", "24101") is None
    (0.58, True)
    >>> link("1006", "10631", view="KBLI").strength.__round__(2)  # paddy (1 of 4) is farmed
    0.87
    >>> link("1006", "10631", view="HS").strength  # the rice miller supplies heading 1006
    1.0
    """
    from_hs = hs_reach(hs_code).get(kbli_code, 0.0) if view in (None, "KBLI") else 0.0
    from_kbli = kbli_reach(kbli_code).get(hs_code, 0.0) if view in (None, "HS") else 0.0
    strength = max(from_hs, from_kbli)
    if strength <= 0:
        return None
    subs = (hs_code,) if len(hs_code) == 6 else _table().subheadings.get(hs_code, ())
    rules = [
        rule
        for h in subs
        for code, _, rule in _table().by_hs.get(h, ())
        if code.startswith(kbli_code) or kbli_code.startswith(code)
    ]
    order = ("override", "concordance", "national-split", "coarse")
    rule = min(rules, key=order.index) if rules else "concordance"
    return CrosswalkLink(hs_code, kbli_code, strength, rule)
