"""The default ``schedule()`` call of the pipeline with own time windows, against another tree.

Run ``PYTHONPATH=src python benchmarks/heuristic_scale.py N_A N_B [--ref DIR] [--repeat 3]``:
the scores and matching of ``benchmarks/scale_pipeline.py`` (sparse top-50,
participants' own time windows, so the heuristic schedules) are built once and
its meetings pickled as id pairs (the synthetic mission is rebuilt by each worker,
untimed); then ``schedule(pairs, plan, mission=mission)`` -- the pipeline's call,
defaults included -- runs in a fresh process per repeat, alternating between this
tree and, with ``--ref``, another checkout's ``src`` (e.g. a detached worktree of an
older commit), so both are timed under the same load.  Prints each run's CPU seconds
(``time.process_time``), meetings placed, slots used and the slot bound, then the
medians and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WORKER = """
import json, pickle, sys, time
sys.path.insert(0, sys.argv[2])
import scale_pipeline
from matchmaker.datasets import synthetic_mission
from matchmaker.scheduling import schedule
with open(sys.argv[1], "rb") as f:
    pairs = pickle.load(f)
n_a, n_b, seed = json.loads(sys.argv[3])
mission = synthetic_mission(n_a, n_b, seed=seed)  # the same mission, rebuilt: it does not pickle
plan = scale_pipeline.plan_for(mission)
start = time.process_time()
timetable = schedule(pairs, plan, mission=mission)
seconds = time.process_time() - start
print(json.dumps({"cpu": seconds, "placed": timetable.n_placed, "slots_used": timetable.slots_used,
                  "slot_bound": timetable.slot_bound, "method": timetable.method}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_a", type=int)
    parser.add_argument("n_b", type=int)
    parser.add_argument("--ref", help="another tree's src directory, timed in turn with this one")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    import scale_pipeline
    from matchmaker.assignment import match
    from matchmaker.datasets import synthetic_mission
    from matchmaker.scoring import score

    mission = synthetic_mission(args.n_a, args.n_b, seed=args.seed)
    plan = scale_pipeline.plan_for(mission)
    scores = score(mission, top_k=50)
    caps, apart, scores, _ = scale_pipeline.request(scores, mission, plan, True)
    matching = match(scores, "flow", capacities=caps, forbidden=apart)
    trees = {"this tree": str(HERE.parent / "src")}
    if args.ref:
        trees["ref"] = str(Path(args.ref).resolve())
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as directory:
        state = Path(directory) / "inputs.pickle"
        ids = [(matching.row_ids[i], matching.col_ids[j]) for i, j in matching.pairs.tolist()]
        state.write_bytes(pickle.dumps(ids))
        for _ in range(args.repeat):
            for name, src in trees.items():
                env = {**os.environ, "PYTHONPATH": src}
                done = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        WORKER,
                        str(state),
                        str(HERE),
                        json.dumps([args.n_a, args.n_b, args.seed]),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                run = json.loads(done.stdout.splitlines()[-1])
                runs[name].append(run)
                print(f"{name}: {json.dumps(run)}", flush=True)
    medians = {name: statistics.median(r["cpu"] for r in rs) for name, rs in runs.items()}
    print(
        f"{len(matching.pairs):,} meetings; median CPU s: "
        + ", ".join(f"{n} {m:.2f}" for n, m in medians.items())
    )
    if "ref" in medians:
        print(f"this tree / ref: {medians['this tree'] / medians['ref']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
