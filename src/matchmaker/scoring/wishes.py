"""Wishes: would-like raises a pair, must-meet forces it, do-not-meet forbids it.

The ``wishes`` component of a pair (A row ``i``, B column ``j``) is::

    wishes = 0.5 · [i names j] + 0.5 · [j names i]

where "names" means ``would_like`` or ``must_meet``: 0.5 for a one-sided wish, 1 for
a mutual one.  ``must_meet`` on either side also makes the pair *forced* (the
matching must include it) and ``do_not_meet`` on either side makes it *forbidden*.
A pair can be both forced and forbidden (one side must meet, the other refuses); the
scores keep both and the matching engine reports the conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchmaker.model.mission import Mission, Side
from matchmaker.model.participant import Participant

__all__ = ["WishPairs", "wish_pairs", "wish_reasons"]


def _pairs(items: set[tuple[int, int]]) -> NDArray[np.intp]:
    out = np.array(sorted(items), dtype=np.intp).reshape(-1, 2)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class WishPairs:
    """The wishes of a mission as (row, column) index pairs, each array sorted by row then column.

    Attributes
    ----------
    liked : ndarray of intp, shape (k, 2)
        Pairs with a would-like or must-meet wish on at least one side.
    values : ndarray of float64, shape (k,)
        The ``wishes`` component of each pair in ``liked`` (0.5 or 1).
    forced : ndarray of intp, shape (m, 2)
        Pairs with a must-meet wish on either side.
    vetoed : ndarray of intp, shape (v, 2)
        Pairs with a do-not-meet wish on either side.
    """

    liked: NDArray[np.intp]
    values: NDArray[np.float64]
    forced: NDArray[np.intp]
    vetoed: NDArray[np.intp]


def wish_pairs(mission: Mission) -> WishPairs:
    """Collect every wish of ``mission`` as index pairs (rows: side A, columns: side B).

    Examples
    --------
    >>> from matchmaker.model import Delegation
    >>> a = Participant("a", "A", "X", "Jatim", would_like="b", must_meet="c")
    >>> b = Participant("b", "B", "Y", "Sumsel", would_like="a")
    >>> c = Participant("c", "C", "Y", "Sumsel", do_not_meet="a")
    >>> w = wish_pairs(Mission("m", Delegation("X"), Delegation("Y"), [a, b, c]))
    >>> w.liked.tolist(), w.values.tolist(), w.forced.tolist(), w.vetoed.tolist()
    ([[0, 0], [0, 1]], [1.0, 0.5], [[0, 1]], [[0, 1]])
    """
    liked: dict[tuple[int, int], float] = {}
    forced: set[tuple[int, int]] = set()
    vetoed: set[tuple[int, int]] = set()
    sides: tuple[Side, Side] = ("A", "B")
    for side in sides:
        for own, p in enumerate(mission.side(side)):
            if not (p.must_meet or p.would_like or p.do_not_meet):
                continue
            for field in ("must_meet", "would_like", "do_not_meet"):
                for other in getattr(p, field):
                    theirs = mission.locate(other)[1]
                    pair = (own, theirs) if side == "A" else (theirs, own)
                    if field == "do_not_meet":
                        vetoed.add(pair)
                        continue
                    if field == "must_meet":
                        forced.add(pair)
                    elif other in p.must_meet:
                        continue  # counted once
                    liked[pair] = liked.get(pair, 0.0) + 0.5
    keys = sorted(liked)
    values = np.array([liked[k] for k in keys], dtype=np.float64)
    values.setflags(write=False)
    return WishPairs(_pairs(set(keys)), values, _pairs(forced), _pairs(vetoed))


def wish_reasons(a: Participant, b: Participant) -> tuple[float, list[str], list[str], list[str]]:
    """For one pair: the ``wishes`` value and the reasons (wishes, forced, vetoed), as text."""
    wishes: list[str] = []
    forced: list[str] = []
    vetoed: list[str] = []
    value = 0.0
    for me, other in ((a, b), (b, a)):
        if other.id in me.must_meet:
            forced.append(f"{me.id} must meet {other.id}")
            wishes.append(f"{me.id} must meet {other.id} (+0.5)")
            value += 0.5
        elif other.id in me.would_like:
            wishes.append(f"{me.id} would like to meet {other.id} (+0.5)")
            value += 0.5
        if other.id in me.do_not_meet:
            vetoed.append(f"{me.id} does not want to meet {other.id}")
    if value == 1.0:
        wishes.append("a mutual wish")
    return value, wishes, forced, vetoed
