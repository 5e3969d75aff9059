"""The main job: the bundled East Java → South Sumatra mission, end to end.

``python -m matchmaker demo`` (or ``matchmaker demo``) runs :func:`run_demo`.
"""

from __future__ import annotations

from typing import TextIO

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.model.mission import Side
from matchmaker.reporting.overview import overview

__all__ = ["run_demo"]


def run_demo(out: TextIO) -> None:
    """Load the bundled mission and print what it holds."""
    mission = east_java_south_sumatra_2020()
    print(overview(mission), file=out)
    print("\nNote: the participants are synthetic (see matchmaker.datasets); the event is real.", file=out)
    print("\nFirst participants of each side:", file=out)
    sides: tuple[Side, Side] = ("A", "B")
    for label in sides:
        for p in mission.side(label)[:3]:
            offers = ", ".join(str(line) for line in p.offers) or "-"
            needs = ", ".join(str(line) for line in p.needs) or "-"
            print(f"  {p.id:7} {p.name:38.38} offers {offers:34.34} needs {needs}", file=out)
