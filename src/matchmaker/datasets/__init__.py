"""Datasets: the bundled East Java → South Sumatra mission and a synthetic-mission generator.

.. note::
   The participants of the bundled mission are **synthetic**.  The event is real (East
   Java's trade mission to Palembang, 2 December 2020: 46 East Java businesses, 115
   South Sumatra businesses, Rp 306.548.050.000 of deals), but its attendee list is
   not public.  The file was generated once by
   ``synthetic_mission(46, 115, seed=20201202)`` (see :mod:`matchmaker.datasets.synthetic`
   for how offers and needs follow the two provinces' real commodity profiles and GRDP)
   and is shipped as ``data/jatim_sumsel_2020.csv``; ``scripts/make_bundled_mission.py``
   regenerates it.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from matchmaker.datasets.groups import synthetic_group_mission, three_delegation_mission
from matchmaker.datasets.synthetic import synthetic_mission
from matchmaker.model.mission import Delegation, Mission

__all__ = [
    "BUNDLED_SEED",
    "bundled_mission_path",
    "east_java_south_sumatra_2020",
    "make_bundled_mission",
    "synthetic_group_mission",
    "synthetic_mission",
    "three_delegation_mission",
]

#: Seed the bundled participant file was generated with.
BUNDLED_SEED = 20201202
_NAME = "Misi Dagang Jawa Timur – Sumatera Selatan 2020"
_VENUE = "Hotel Wyndham OPI, Palembang"
_DATE = dt.date(2020, 12, 2)
_FILE = "jatim_sumsel_2020.csv"


def bundled_mission_path() -> Path:
    """Path of the bundled participant table (CSV) inside the installed package."""
    return Path(str(resources.files("matchmaker.datasets").joinpath("data").joinpath(_FILE)))


def east_java_south_sumatra_2020() -> Mission:
    """The bundled mission: East Java's trade mission to Palembang, 2 December 2020.

    46 East Java participants (side A, visiting) and 115 South Sumatra participants
    (side B, host), read from the packaged CSV.  **The participants are synthetic**
    (see the module docstring); the event's date, venue and sizes are real.

    Examples
    --------
    >>> m = east_java_south_sumatra_2020()
    >>> len(m.side("A")), len(m.side("B")), m.date.isoformat(), m.timezone
    (46, 115, '2020-12-02', 'Asia/Jakarta')
    """
    from matchmaker.io import load_mission

    return load_mission(
        bundled_mission_path(),
        name=_NAME,
        side_a=_delegations()[0],
        side_b=_delegations()[1],
        date=_DATE,
        venue=_VENUE,
        timezone="Asia/Jakarta",
    )


def _delegations() -> tuple[Delegation, Delegation]:
    return (
        Delegation("Jawa Timur", "Jawa Timur", "visiting"),
        Delegation("Sumatera Selatan", "Sumatera Selatan", "host"),
    )


def make_bundled_mission() -> Mission:
    """Generate the bundled mission afresh (what ``scripts/make_bundled_mission.py`` writes)."""
    return synthetic_mission(46, 115, seed=BUNDLED_SEED, name=_NAME, date=_DATE, venue=_VENUE)
