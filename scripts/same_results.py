"""Same results before and after a refactor: run the pipeline and the timetabling methods with
the ``src/`` of two checkouts and compare every figure and array; time ``run()`` for both.

    git archive 66006c8 src | tar -x -C /tmp/base      # the reference checkout's src/
    python scripts/same_results.py /tmp/base/src src [ROUNDS]   # figures, differences, ratio

Each side runs in its own process (the two cannot share one); timings alternate between the
two, and the ratio printed is the median of the per-round ratios.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import subprocess
import sys

PROBE = r"""
import datetime as dt, hashlib, json, sys, time, warnings
import numpy as np
warnings.simplefilter("ignore", DeprecationWarning)
from matchmaker import EventPlan, run, schedule, synthetic_mission
from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.pipeline import default_plan

def digest(*arrays):
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(np.asarray(a, dtype=np.int64)).tobytes())
    return h.hexdigest()[:16]

def figures(s):
    return {"placed": s.n_placed, "slots_used": s.slots_used, "slot_bound": s.slot_bound,
            "placed_bound": s.placed_bound, "gaps": s.gaps, "method": s.method,
            "optimal": s.optimal, "timetable": digest(s.slot, s.table),
            "reasons": digest(sorted(s.reasons)), "unplaced": len(s.reasons),
            "reason_kinds": sorted({p.kind for p in s.reasons.values()})}

out = {}
if sys.argv[1] == "figures":
    m = east_java_south_sumatra_2020()
    r = run(m)
    out["bundled"] = {**figures(r.schedule), "meetings": len(r.matching.pairs),
                      "objective": round(r.matching.objective, 9),
                      "pairs": digest(r.matching.pairs),
                      "caps": digest(r.capacities.row_min, r.capacities.row_max,
                                     r.capacities.col_min, r.capacities.col_max),
                      "baseline": len(r.baseline.pairs)}
    for n_a, n_b, seed in ((60, 90, 1), (120, 200, 2)):
        big = synthetic_mission(n_a, n_b, seed=seed, date=dt.date(2020, 12, 2))
        rr = run(big, baseline=False)
        out[f"run {n_a}x{n_b}"] = {**figures(rr.schedule), "meetings": len(rr.matching.pairs),
                                   "caps": digest(rr.capacities.row_min, rr.capacities.col_min)}
        sparse = run(big, baseline=False, top_k=20)
        out[f"run {n_a}x{n_b} top_k=20"] = {**figures(sparse.schedule),
                                            "meetings": len(sparse.matching.pairs)}
    pairs = [(p, q) for p, q in r.matching.pair_ids()]
    for method in ("milp", "heuristic"):
        out[f"bundled {method}"] = figures(schedule(pairs, default_plan(), mission=m, method=method))
    tight = EventPlan(start="09:00", slots_per_day=5, tables=30, days="2020-12-02")
    out["colouring, too few slots"] = figures(schedule(pairs, tight))  # no mission: no availability
    print(json.dumps(out))
elif sys.argv[1] == "calls":  # how often one run() works out the availability matrix
    from matchmaker.scheduling import constraints
    original, calls = constraints.availability_matrix, []
    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)
    for module in list(sys.modules.values()):
        if (getattr(module, "__name__", "") or "").startswith("matchmaker"):
            if getattr(module, "availability_matrix", None) is original:
                module.availability_matrix = counted
    run(east_java_south_sumatra_2020(), baseline=False)
    print(len(calls))
else:
    m = east_java_south_sumatra_2020()
    run(m, baseline=False)
    start = time.perf_counter()
    for _ in range(int(sys.argv[2])):
        run(m, baseline=False)
    print(time.perf_counter() - start)
"""


def probe(src: str, *args: str) -> str:
    env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    base, new = sys.argv[1], sys.argv[2]
    old_figures, new_figures = json.loads(probe(base, "figures")), json.loads(probe(new, "figures"))
    differ = 0
    for case, got in new_figures.items():
        want = old_figures[case]
        same = want == got
        differ += not same
        print(f"{'same' if same else 'DIFFERENT'}  {case}: {json.dumps(got)}")
        if not same:
            print(f"      reference: {json.dumps(want)}")
    print(
        "availability matrices worked out by one dense run(bundled): "
        f"reference {probe(base, 'calls')}, new {probe(new, 'calls')}"
    )
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    ratios = []
    for _ in range(rounds):
        t_old, t_new = float(probe(base, "time", "3")), float(probe(new, "time", "3"))
        ratios.append(t_new / t_old)
    print(
        f"run(bundled, baseline=False) default call, new/reference time = {statistics.median(ratios):.3f} "
        f"(median of {rounds} rounds of 3 runs each: {', '.join(f'{r:.3f}' for r in ratios)})"
    )
    digest = hashlib.sha256(json.dumps(new_figures).encode()).hexdigest()[:12]
    print(f"{differ} case(s) differ; digest of all figures {digest}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
