"""Hard rules: certifications, do-not-meet and pairs that have met before.

**Certifications.**  A participant's ``required_certifications`` apply to the partners
that would *sell to it*.  For a pair (a, b) the direction "a sells to b" is
**blocked** when b requires a certification a does not hold, and likewise "b sells
to a".  A blocked direction counts for nothing in ``fit``, ``regional`` and
``scale``.  The pair is **forbidden** when a direction with a positive fit is blocked
and no unblocked direction with a positive fit remains.  So a participant that both
sells and buys can still meet a partner whose requirement it fails, to buy from it;
a requirement never forbids a partner that would not sell to the participant anyway.

**Certifications of one line.**  ``"10631:halal"`` in ``required_certifications``
requires halal of the sellers of need line 10631 only: for a seller lacking it, that
line counts for nothing (its fit, and so its regional potential and scale, are 0),
while the buyer's other lines count as usual.  A pair is never forbidden by a
line-level requirement; when it was the only line that fitted, the pair scores 0 and
never meets.  This is how a buyer of milk, brown sugar and tobacco writes "SNI for
the tobacco" without shutting out every food seller.

**Do-not-meet** on either side forbids the pair (:mod:`matchmaker.scoring.wishes`).

**Met before.**  The caller lists pairs that already trade or met at an earlier
mission; ``"forbid"`` adds them to the forbidden mask, ``"penalise"`` multiplies
their total by ``1 - met_before_penalty``.

Pairs inside one delegation never occur: rows are side A and columns side B, so
every pair of the matrix joins the two delegations by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Mission
from matchmaker.model.participant import Participant

__all__ = [
    "MET_BEFORE_MODES",
    "RequirementSets",
    "met_before_pairs",
    "missing_certifications",
    "missing_for_line",
    "requirement_sets",
]

MET_BEFORE_MODES = ("penalise", "forbid")


@dataclass(frozen=True, eq=False)
class RequirementSets:
    """Buyers grouped by the set of certifications they require, and which sellers hold each set.

    Attributes
    ----------
    of_buyer : ndarray of intp, shape (n_buyers,)
        Index of each buyer's requirement set, -1 for a buyer that requires nothing.
    ok : ndarray of bool, shape (n_sets, n_sellers)
        ``ok[s, i]``: seller ``i`` holds every certification of set ``s``.
    sets : tuple of tuple of str
        The sets, sorted.
    of_line : ndarray of intp, shape (n_need_lines,)
        For each need line of the buyers (in order, owner by owner), the index of the
        set of certifications required for that line alone (``"10631:halal"``), -1 for
        none; these rows are in ``line_ok``.
    line_ok : ndarray of bool, shape (n_line_sets, n_sellers)
        ``line_ok[s, i]``: seller ``i`` holds every certification of line set ``s``.
    """

    of_buyer: NDArray[np.intp]
    ok: NDArray[np.bool_]
    sets: tuple[tuple[str, ...], ...]
    of_line: NDArray[np.intp] | None = None
    line_ok: NDArray[np.bool_] | None = None


def requirement_sets(buyers: Sequence[Participant], sellers: Sequence[Participant]) -> RequirementSets:
    """Group ``buyers`` by required certifications; which ``sellers`` satisfy each group.

    Examples
    --------
    >>> s = [Participant("a", "A", "X", "Jatim", certifications="halal"), Participant("b", "B", "X", "Jatim")]
    >>> b = [Participant("c", "C", "Y", "Sumsel", required_certifications="halal"),
    ...      Participant("d", "D", "Y", "Sumsel")]
    >>> r = requirement_sets(b, s)
    >>> r.of_buyer.tolist(), r.ok.tolist(), r.sets
    ([0, -1], [[True, False]], (('halal',),))
    """
    # most buyers require nothing: they skip the parsing (same sets, a fraction of the time)
    keys: list[tuple[str, ...]] = []
    line_keys: list[tuple[str, ...]] = []
    for p in buyers:
        if not p.required_certifications:
            keys.append(())
            line_keys += [()] * len(p.needs)
            continue
        whole, per_line = _parsed_requirements(p)
        keys.append(whole)
        line_keys += [per_line.get(line.key, ()) for line in p.needs]
    sets = tuple(sorted({k for k in keys if k}))
    line_sets = tuple(sorted({k for k in line_keys if k}))
    index = {k: i for i, k in enumerate(sets)}
    line_index = {k: i for i, k in enumerate(line_sets)}
    of_buyer = np.array([index.get(k, -1) for k in keys], dtype=np.intp)
    of_line = np.array([line_index.get(k, -1) for k in line_keys], dtype=np.intp)
    # certifications as bits (Python integers: any number of them); a set is held when all its bits are
    bit = {c: 1 << k for k, c in enumerate(sorted({c for k in (*sets, *line_sets) for c in k}))}
    held = [0] * len(sellers)
    if bit:
        # sellers share a few certification tuples: each tuple's bits are summed once
        of_tuple: dict[tuple[str, ...], int] = {}
        for i, p in enumerate(sellers):
            bits = of_tuple.get(p.certifications)
            if bits is None:
                bits = of_tuple[p.certifications] = sum(bit.get(c, 0) for c in p.certifications)
            held[i] = bits
    wide = len(bit) > 62  # more certifications than bits of an int64: Python integers, set by set

    def holding(groups: tuple[tuple[str, ...], ...]) -> NDArray[np.bool_]:
        masks = [sum(bit[c] for c in required) for required in groups]
        if not wide:  # all sets at once
            have = np.array(held, dtype=np.int64)
            want = np.array(masks, dtype=np.int64).reshape(-1, 1)
            out: NDArray[np.bool_] = (have[None, :] & want) == want
            return out
        ok = np.zeros((len(groups), len(sellers)), dtype=bool)
        for s, mask in enumerate(masks):
            ok[s] = np.fromiter(((h & mask) == mask for h in held), dtype=bool, count=len(held))
        return ok

    return RequirementSets(of_buyer, holding(sets), sets, of_line, holding(line_sets))


_Parsed = tuple[tuple[str, ...], Mapping[str, tuple[str, ...]]]
#: Parsed requirement items, keyed by the items: score() reads them on every call (bounded, see below).
_PARSED: dict[tuple[str, ...], _Parsed] = {}


def _parsed_requirements(p: Participant) -> _Parsed:
    """The sorted sets of ``p.requires`` and of each line of ``p.line_requires``.

    Both properties read ``p.required_certifications`` and nothing else, so the answer is
    kept per distinct tuple of items and shared by every participant (and call) with it.
    """
    found = _PARSED.get(p.required_certifications)
    if found is None:
        if len(_PARSED) >= 4096:  # bounded: a long-lived process scoring many missions
            _PARSED.clear()
        per_line = {key: tuple(sorted(set(certs))) for key, certs in p.line_requires.items()}
        found = (tuple(sorted(set(p.requires))), MappingProxyType(per_line))
        _PARSED[p.required_certifications] = found
    return found


def missing_for_line(seller: Participant, buyer: Participant, line: TradeLine) -> tuple[str, ...]:
    """Certifications ``buyer`` requires for need ``line`` alone (``"10631:halal"``) that ``seller`` lacks."""
    return tuple(c for c in buyer.line_requires.get(line.key, ()) if c not in seller.certifications)


def missing_certifications(seller: Participant, buyer: Participant) -> tuple[str, ...]:
    """Certifications ``buyer`` requires of its sellers that ``seller`` lacks."""
    return tuple(c for c in buyer.requires if c not in seller.certifications)


def met_before_pairs(mission: Mission, pairs: Iterable[Sequence[str]]) -> NDArray[np.intp]:
    """Index pairs (row, column), sorted and unique, of the ``(id, id)`` pairs given in either order.

    Raises
    ------
    ValidationError
        Naming every pair that is not two ids, has an unknown id, or joins one side.

    Examples
    --------
    >>> from matchmaker.model import Delegation
    >>> people = [Participant("a", "A", "X", "Jatim"), Participant("b", "B", "Y", "Sumsel")]
    >>> m = Mission("m", Delegation("X"), Delegation("Y"), people)
    >>> met_before_pairs(m, [("b", "a")]).tolist()
    [[0, 0]]
    """
    found: set[tuple[int, int]] = set()
    problems: list[Problem] = []
    for k, pair in enumerate(pairs):
        if isinstance(pair, str) or len(pair) != 2:
            problems.append(
                Problem(
                    f"met_before item {k} is {pair!r}, not a pair of participant ids",
                    kind="syntax",
                    field="met_before",
                    hint="write [(a_id, b_id), ...]",
                )
            )
            continue
        unknown = [str(x) for x in pair if x not in mission]
        if unknown:
            problems.append(
                Problem(
                    f"met_before names {', '.join(map(repr, unknown))}, not a participant",
                    kind="unknown-participant",
                    field="met_before",
                    participants=tuple(unknown),
                )
            )
            continue
        (s1, i1), (s2, i2) = mission.locate(pair[0]), mission.locate(pair[1])
        if s1 == s2:
            problems.append(
                Problem(
                    f"met_before pair ({pair[0]}, {pair[1]}) joins two participants of side {s1}",
                    kind="same-side",
                    field="met_before",
                    participants=(pair[0], pair[1]),
                    hint="a pair is one participant of each delegation",
                )
            )
            continue
        found.add((i1, i2) if s1 == "A" else (i2, i1))
    if problems:
        raise ValidationError(problems)
    out = np.array(sorted(found), dtype=np.intp).reshape(-1, 2)
    out.setflags(write=False)
    return out
