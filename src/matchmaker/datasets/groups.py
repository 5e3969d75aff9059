"""A synthetic mission of several delegations, with optional foreign buyers.

Each Indonesian delegation is drawn by :func:`~matchmaker.datasets.synthetic_mission`
(the same generator as the bundled mission: offers and needs follow the province's
real commodity profile and GRDP); foreign buyers are Malaysian importers (no province,
``country = "MY"``) needing products the delegations sell.  **All participants are
synthetic.**
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from matchmaker.datasets.synthetic import synthetic_mission
from matchmaker.model.groups import GroupMission
from matchmaker.model.participant import Participant

__all__ = ["FOREIGN_BUYERS", "synthetic_group_mission", "three_delegation_mission"]

#: Name of the foreign buyers' group.
FOREIGN_BUYERS = "Pembeli Luar Negeri"

_PREFIX = {
    "Jawa Timur": "JT",
    "Sumatera Selatan": "SS",
    "Kalimantan Barat": "KB",
    "Sulawesi Selatan": "SN",
    "Bali": "BA",
    "Kepulauan Riau": "KR",
}


def synthetic_group_mission(
    sizes: Mapping[str, int],
    *,
    foreign_buyers: int = 0,
    allowed: Sequence[tuple[str, str]] | None = None,
    seed: int = 0,
    name: str = "Misi Dagang Multi-Provinsi",
    date: dt.date | None = dt.date(2025, 9, 29),
    venue: str | None = "Grand City Convex, Surabaya",
) -> GroupMission:
    """A mission of one delegation per province in ``sizes`` (province → participants).

    Ids are the province's prefix (``JT``, ``SS``, ``KB``..., else ``G1``, ``G2``...) and
    a number; foreign buyers are ``MY-001``....  The same arguments give the same mission.

    >>> m = synthetic_group_mission({"Jawa Timur": 3, "Kalimantan Barat": 4}, foreign_buyers=2)
    >>> m.group_names, len(m)
    (('Jawa Timur', 'Kalimantan Barat', 'Pembeli Luar Negeri'), 9)
    """
    people: list[Participant] = []
    for k, (province, n) in enumerate(sizes.items()):
        other = "Sumatera Selatan" if province != "Sumatera Selatan" else "Jawa Timur"
        drawn = synthetic_mission(n, 1, seed=seed * 1000 + k, province_a=province, province_b=other)
        prefix = _PREFIX.get(drawn.side_a.name, f"G{k + 1}")
        for i, p in enumerate(drawn.side("A"), start=1):
            # wishes and floors named partners of the generator's other side: dropped
            people.append(
                p.replace(
                    id=f"{prefix}-{i:03d}", must_meet=(), would_like=(), do_not_meet=(), min_meetings=None
                )
            )
    if foreign_buyers:
        sold = sorted({line.key for p in people for line in p.offers})
        rng = np.random.default_rng(seed + 7)
        for i in range(1, foreign_buyers + 1):
            wanted: list[int] | NDArray[np.int64] = (
                rng.choice(len(sold), size=min(3, len(sold)), replace=False) if sold else []
            )
            people.append(
                Participant(
                    f"MY-{i:03d}",
                    f"Syarikat Dagang Johor {i} Sdn Bhd",
                    FOREIGN_BUYERS,
                    "",
                    country="MY",
                    needs=";".join(sold[int(j)] for j in wanted),  # type: ignore[arg-type]
                    languages="en; ms",  # type: ignore[arg-type]
                )
            )
    return GroupMission.from_participants(
        people, name=name, allowed=allowed, date=date, venue=venue, timezone="Asia/Jakarta"
    )


def three_delegation_mission(*, foreign_buyers: int = 0, seed: int = 2025) -> GroupMission:
    """Jawa Timur (20), Sumatera Selatan (24) and Kalimantan Barat (18), all meeting each other.

    With ``foreign_buyers``, a fourth group of Malaysian buyers who meet every delegation.

    >>> m = three_delegation_mission()
    >>> m.group_names, len(m), m.two_colouring() is None
    (('Jawa Timur', 'Sumatera Selatan', 'Kalimantan Barat'), 62, True)
    """
    return synthetic_group_mission(
        {"Jawa Timur": 20, "Sumatera Selatan": 24, "Kalimantan Barat": 18},
        foreign_buyers=foreign_buyers,
        seed=seed,
    )
