"""A large synthetic event with sparse top-k candidates (see ``docs/scale.md``).

    python examples/large_event.py [N_A N_B]       # default 2,000 × 10,000, about 15 s

Scores only each participant's best partners, matches them with fixed capacities,
shows how much a wider candidate list adds for those left short, then runs the whole
pipeline on the candidates, with bounds from each participant's free slots.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np

import matchmaker as mm
from matchmaker.scoring.sparse import widen


def main(n_a: int = 2_000, n_b: int = 10_000) -> None:
    mission = mm.synthetic_mission(n_a, n_b, seed=7, date=dt.date(2025, 11, 12))
    started = time.perf_counter()
    scores = mm.score(mission, top_k=50)
    seconds = time.perf_counter() - started
    print(f"{scores.n_candidates:,} candidates of {n_a * n_b:,} pairs ({seconds:.1f} s)")

    matching = mm.match(scores, "flow", max_meetings=(20, 8))
    print(f"{len(matching.pairs):,} meetings, objective {matching.objective:,.1f} ({matching.backend})")
    short = np.bincount(matching.pairs[:, 0], minlength=n_a) < 20
    if short.any():
        wider = widen(scores, [scores.row_ids[i] for i in np.flatnonzero(short)], 200)
        again = mm.match(wider, "flow", max_meetings=(20, 8))
        print(f"widened {int(short.sum())} short participants: objective {again.objective:,.1f}")

    # Fixed capacities ignore who is free when; run() caps everyone at their free slots.
    plan = mm.EventPlan(
        start="09:00", end="16:00", breaks=["12:00-13:00"], hosts="A", days=["2025-11-12", "2025-11-13"]
    )
    result = mm.run(mission, plan, top_k=50, baseline=False)
    print(result.schedule.summary().splitlines()[0])


if __name__ == "__main__":
    main(*(int(x) for x in sys.argv[1:3]))
