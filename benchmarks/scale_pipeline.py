"""One pipeline run in a fresh process: score, match, schedule and export a mission, stage by stage.

Run ``python benchmarks/scale_pipeline.py N_A N_B [--sparse] [--top-k 50] [--availability]``;
it prints one JSON object (the orchestrator, ``benchmarks/run_all.py``, starts one
process per size so that each size's memory is measured on its own).

Stages (the mission is built first, outside every timed stage):

* ``score``: ``matchmaker.score`` (dense) or ``matchmaker.score(..., top_k=k)``
  (top-k candidates, threads);
* ``match``: ``flow`` with realistic caps: side A up to 20 meetings, side B up to 8
  (participants' own bounds win, every maximum capped by the slots they can attend);
  with ``--availability``, pairs without a common slot are forbidden; must-meet pairs
  that a hard rule forbids (or that share no slot) are dropped from the request and
  counted, as an organiser does after the diagnosis;
* ``schedule``: a two-day event, 09:00-16:00, 20-minute meetings, 5-minute buffers,
  lunch 12:00-13:00, a booth per side-A participant (28 slots).  Without
  ``--availability`` everyone is taken as available all day (the exact colouring
  runs); with it, the participants' own windows apply (MILP or heuristic);
* ``export``: the rows of every export (``matchmaker.export.records``) written as the
  CSV pack.

Peak memory: the process's resident-set high-water mark (``VmHWM`` of
``/proc/self/status``), reset before each stage (``/proc/self/clear_refs``), so each
stage's figure is the largest RSS the process reached during it, everything it already
held included.  Unlike ``tracemalloc`` this sees every allocation (OR-Tools, scipy's C
code).  On systems without ``/proc`` the figure is ``ru_maxrss`` (never reset).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from matchmaker.assignment import Capacities, match
from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.export import records, write_csv_pack
from matchmaker.scheduling import EventPlan, schedule
from matchmaker.scheduling.sizing import slot_availability
from matchmaker.scoring import score

CAPS = (20, 8)
DAY = dt.date(2025, 11, 12)


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # not Linux, or not allowed: every stage then reports the process's peak so far
        _say_once("note: cannot reset the peak RSS here; each stage shows the process's peak so far")


@functools.cache
def _say_once(message: str) -> None:
    print(message, file=sys.stderr)


def _peak_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is in bytes on macOS, KiB elsewhere
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * unit


def stage(results: dict[str, Any], name: str, run: Callable[[], Any]) -> Any:
    """Run one stage, recording its wall time and the peak RSS reached during it."""
    _reset_peak()
    start = time.perf_counter()
    out = run()
    results[name] = {"seconds": time.perf_counter() - start, "peak_bytes": _peak_bytes()}
    return out


def plan_for(mission: Any) -> EventPlan:
    """Two days, 09:00-16:00, 20-minute meetings, 5-minute buffers, lunch, a booth per side-A participant."""
    day = mission.date or DAY
    return EventPlan(
        start="09:00",
        end="16:00",
        meeting=20,
        buffer=5,
        breaks=["12:00-13:00"],
        hosts="A",
        days=[day, day + dt.timedelta(days=1)],
    ).resolved(mission)


def candidate_pairs(scores: Any) -> np.ndarray:
    """(k, 2) candidate pairs of dense or sparse scores (dense: every pair not forbidden)."""
    if hasattr(scores, "pairs"):
        return np.asarray(scores.pairs)
    return np.argwhere(~scores.forbidden)


def request(scores: Any, mission: Any, plan: EventPlan, availability: bool) -> tuple[Any, Any, Any, int]:
    """Capacities, forbidden pairs (no common slot) and the scores with unusable forced pairs dropped."""
    a, b = slot_availability(plan, mission)
    if not availability:
        a, b = np.ones_like(a), np.ones_like(b)
    free_a, free_b = a.sum(axis=1), b.sum(axis=1)
    pairs = candidate_pairs(scores)
    common = (a[pairs[:, 0]] & b[pairs[:, 1]]).any(axis=1)
    apart = pairs[~common]
    usable = pairs[common]
    n_b = scores.shape[1]
    keys = np.sort(usable[:, 0].astype(np.int64) * n_b + usable[:, 1])
    forced = np.asarray(scores.forced).reshape(-1, 2)
    fkeys = forced[:, 0].astype(np.int64) * n_b + forced[:, 1]
    pos = np.minimum(np.searchsorted(keys, fkeys), max(keys.size - 1, 0))
    ok = (keys.size > 0) & (keys[pos] == fkeys)
    scores = dataclasses.replace(scores, forced=forced[ok])
    caps = Capacities.build(
        scores.shape,
        0,
        (np.minimum(CAPS[0], free_a), np.minimum(CAPS[1], free_b)),
        mission=mission,
        row_ids=scores.row_ids,
        col_ids=scores.col_ids,
    )
    caps = Capacities(
        np.minimum(caps.row_min, free_a),
        np.minimum(caps.row_max, free_a),
        np.minimum(caps.col_min, free_b),
        np.minimum(caps.col_max, free_b),
    )
    return caps, apart, scores, int((~ok).sum())


def run(n_a: int, n_b: int, *, sparse: bool, top_k: int, availability: bool, seed: int) -> dict[str, Any]:
    """The whole pipeline once; returns every stage's time and peak memory, and what it produced."""
    out: dict[str, Any] = {"n_a": n_a, "n_b": n_b, "sparse": sparse, "top_k": top_k}
    out["availability"] = availability
    if (n_a, n_b) == (46, 115):
        mission = stage(out, "build", east_java_south_sumatra_2020)
    else:
        mission = stage(out, "build", lambda: synthetic_mission(n_a, n_b, seed=seed))
    plan = plan_for(mission)
    if sparse:
        scores = stage(out, "score", lambda: score(mission, top_k=top_k))
        out["candidates"] = scores.n_candidates
        out["pairs_scored"] = scores.stats["pairs_scored"]
    else:
        scores = stage(out, "score", lambda: score(mission))
        out["candidates"] = int((~scores.forbidden).sum())
        out["pairs_scored"] = n_a * n_b
    caps, apart, scores, dropped = request(scores, mission, plan, availability)
    out["forced_dropped"] = dropped
    matching = stage(out, "match", lambda: match(scores, "flow", capacities=caps, forbidden=apart))
    out["meetings"] = len(matching.pairs)
    out["objective"] = matching.objective
    out["match_backend"] = matching.backend
    free = None if availability else dict.fromkeys((*mission.ids("A"), *mission.ids("B")), ())
    timetable = stage(out, "schedule", lambda: schedule(matching, plan, mission=mission, availability=free))
    out["placed"] = timetable.n_placed
    out["slots_used"] = timetable.slots_used
    out["slot_bound"] = timetable.slot_bound
    out["schedule_method"] = timetable.method
    with tempfile.TemporaryDirectory() as directory:
        written = stage(
            out, "export", lambda: write_csv_pack(records(timetable, scores, mission=mission), directory)
        )
        out["export_bytes"] = sum(Path(p).stat().st_size for p in written)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_a", type=int)
    parser.add_argument("n_b", type=int)
    parser.add_argument("--sparse", action="store_true", help="top-k candidate scoring")
    parser.add_argument("--top-k", type=int, default=50)
    parser.add_argument("--availability", action="store_true", help="participants' own time windows")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = run(
        args.n_a,
        args.n_b,
        sparse=args.sparse,
        top_k=args.top_k,
        availability=args.availability,
        seed=args.seed,
    )
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
