"""Export speed at one size, in a fresh process: CPU milliseconds of each public export call.

Run ``PYTHONPATH=src python benchmarks/bench_export_size.py N_A N_B`` once per size (for
example 1000 5000, then 4000 20000): the same mission, matching, plan and calls as
``run_all.py``'s ``export`` section (``write_csv_pack(records(...))``,
``write_json(result, records(...))``, ``write_calendars``), each size in its own process, so
that what the process already holds does not weigh on the larger size.  Prints the median of
three interleaved rounds of CPU time (``time.process_time``) and meetings per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
from matchmaker.assignment import match  # noqa: E402
from matchmaker.datasets import synthetic_mission  # noqa: E402
from matchmaker.export import records, write_csv_pack, write_json  # noqa: E402
from matchmaker.export.ics import write_calendars  # noqa: E402
from matchmaker.pipeline import MatchmakingResult  # noqa: E402
from matchmaker.scheduling import EventPlan, schedule  # noqa: E402
from matchmaker.scoring import score  # noqa: E402


def export_case(n_a: int, n_b: int) -> tuple[Any, Any, Any, MatchmakingResult]:
    """``(mission, scores, timetable, result)`` of the export benchmarks at ``n_a`` × ``n_b``
    (``run_all.py``'s ``export`` section builds the same)."""
    mission = synthetic_mission(n_a, n_b, seed=7)
    scores = score(mission, top_k=20)
    matching = match(scores, "flow", max_meetings=(20, 8))
    plan = EventPlan(
        start="08:00", end="17:00", meeting=15, buffer=5, hosts="A", days=["2025-11-12"]
    ).resolved(mission)
    free = dict.fromkeys((*mission.ids("A"), *mission.ids("B")), ())
    timetable = schedule(matching, plan, mission=mission, availability=free)
    result = MatchmakingResult(mission, plan, scores, matching.problem.capacities, matching, timetable)
    _ = result.evaluation  # computed once, outside the timing (it is not an export)
    return mission, scores, timetable, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_a", type=int)
    parser.add_argument("n_b", type=int)
    args = parser.parse_args()
    mission, scores, timetable, result = export_case(args.n_a, args.n_b)
    memory = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=memory) as directory:
        calls = {
            "CSV": lambda: write_csv_pack(records(timetable, scores, mission=mission), directory),
            "JSON": lambda: write_json(
                result, records(timetable, scores, mission=mission), Path(directory) / "result.json"
            ),
            "ICS": lambda: write_calendars(timetable, Path(directory) / "ics"),
        }
        rounds: dict[str, list[float]] = {k: [] for k in calls}
        for _ in range(3):
            for name, call in calls.items():
                start = time.process_time()
                call()
                rounds[name].append(time.process_time() - start)
    meetings = len(timetable.pairs)
    for name, t in rounds.items():
        cpu = statistics.median(t)
        size = f"{args.n_a}x{args.n_b}"
        print(f"{size} {name}: {meetings:,} meetings, {cpu * 1e3:,.0f} ms CPU, {meetings / cpu:,.0f}/s")


if __name__ == "__main__":
    main()
