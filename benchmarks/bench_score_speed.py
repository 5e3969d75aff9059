"""Dense ``score()`` speed against an older commit, measured in the same run.

    python benchmarks/bench_score_speed.py                 # this tree against 7c85243 (before issue 10)
    python benchmarks/bench_score_speed.py --ref 66006c8   # against another commit
    python benchmarks/bench_score_speed.py --big           # also 10,000 × 10,000 against np.full
    python benchmarks/bench_score_speed.py --callgrind     # instructions per bundled score() call

Each tree runs in its own child process (``git archive REF src`` for the reference), the
children alternate so that both meet the same machine load, and every figure is a median.
A child times the **default** call ``score(mission)``: the bundled 46 × 115 mission (median of
many calls after warm-up), a synthetic 2,000 × 2,000 mission against ``np.full`` of its output
in the same process, and with ``--big`` 10,000 × 10,000 (default threads) against ``np.full``.
``--callgrind`` counts the instructions of bundled ``score()`` calls only (``valgrind
--tool=callgrind``, collection switched on around the calls): a figure that machine load does
not change.  Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, statistics, sys, time
import numpy as np
from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.scoring import score

def median_time(run, repeat):
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

calls, big = int(sys.argv[1]), sys.argv[2] == "1"
out = {}
bundled = east_java_south_sumatra_2020()
for _ in range(10):
    score(bundled)
out["bundled"] = median_time(lambda: score(bundled), calls)
sizes = [2000] + ([10_000] if big else [])
for n in sizes:
    m = synthetic_mission(n, n, seed=2026)
    score(m)
    np.full((n, n), 0.0)
    t, ref = [], []
    for _ in range(5 if n <= 2000 else 3):
        ref.append(median_time(lambda: np.full((n, n), 0.0), 1))
        t.append(median_time(lambda: score(m), 1))
    out[f"{n}"] = statistics.median(t)
    out[f"{n}_full"] = statistics.median(ref)
print(json.dumps(out))
"""

CALLGRIND_CHILD = r"""
import os, sys, time
from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.scoring import score
m, d = east_java_south_sumatra_2020(), sys.argv[2]
for _ in range(3):
    score(m)
open(os.path.join(d, "ready"), "w").close()
while not os.path.exists(os.path.join(d, "go")):
    time.sleep(0.05)
for _ in range(int(sys.argv[1])):
    score(m)
open(os.path.join(d, "done"), "w").close()
while not os.path.exists(os.path.join(d, "stop")):
    time.sleep(0.05)
"""


def _tree(ref: str, into: Path) -> Path:
    """The ``src`` folder of commit ``ref``, exported into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def _child(src: Path, calls: int, big: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(calls), "1" if big else "0"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _instructions(src: Path, calls: int) -> float:
    """Instructions per bundled ``score()`` call, counted by callgrind around the calls only."""
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "callgrind.out"
        proc = subprocess.Popen(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                CALLGRIND_CHILD,
                str(calls),
                d,
            ],
            env={**os.environ, "PYTHONPATH": str(src)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for flag, wait_for, then in (("on", "ready", "go"), ("off", "done", "stop")):
            while not (Path(d) / wait_for).exists():
                time.sleep(0.2)
            subprocess.run(["callgrind_control", "-i", flag, str(proc.pid)], check=True, capture_output=True)
            (Path(d) / then).touch()
        proc.wait()
        totals = [line for line in out.read_text().splitlines() if line.startswith(("summary:", "totals:"))]
        return int(totals[-1].split()[1]) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="7c85243", help="commit compared with (default: before issue 10)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating child runs per tree")
    parser.add_argument("--calls", type=int, default=200, help="bundled score() calls per child")
    parser.add_argument("--big", action="store_true", help="also 10,000 × 10,000 against np.full")
    parser.add_argument("--callgrind", action="store_true", help="instructions per bundled score() call")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        trees = {args.ref: _tree(args.ref, Path(tmp)), "this tree": ROOT / "src"}
        if args.callgrind:
            counts = {name: _instructions(src, 5) for name, src in trees.items()}
            for name, count in counts.items():
                print(f"{name:>10}: {count / 1e6:.1f} M instructions per bundled score() call")
            print(f"ratio this tree / {args.ref}: {counts['this tree'] / counts[args.ref]:.3f}")
            return 0
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, src in trees.items():
                runs[name].append(_child(src, args.calls, args.big and name == "this tree"))

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    ref, cur = args.ref, "this tree"
    ms = {name: f"{med(name, 'bundled') * 1e3:.2f} ms" for name in (cur, ref)}
    rows = [
        ("bundled 46×115 score()", ms[cur], ms[ref]),
        ("2,000×2,000 score()", f"{med(cur, '2000'):.3f} s", f"{med(ref, '2000'):.3f} s"),
        ("2,000×2,000 / np.full", f"{med(cur, '2000') / med(cur, '2000_full'):.1f}×", ""),
    ]
    if args.big:
        rows.append(("10,000×10,000 / np.full", f"{med(cur, '10000') / med(cur, '10000_full'):.1f}×", ""))
    print(f"{'case':<26}{'this tree':>14}{ref:>14}   ratio")
    for label, now, before in rows:
        ratio = ""
        if before:
            key = "bundled" if label.startswith("bundled") else "2000"
            ratio = f"{med(cur, key) / med(ref, key):.2f}"
        print(f"{label:<26}{now:>14}{before:>14}   {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
