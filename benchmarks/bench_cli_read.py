"""The reading step of ``matchmaker run``: how long it takes against one parse of the table.

``python benchmarks/bench_cli_read.py [--base DIR] [--rounds 5] [--repeat 5] [--rows 10000]``

Times, in CPU seconds (``time.process_time``: steadier than wall time on a shared machine),
the step ``matchmaker run FILE --date ... --out ...`` announces as "reading FILE": the config,
the route (ordinary or group path, chosen from the raw table) and the mission, as the command
runs it (``cli._read``).  The references, measured in the same interpreter: ``load_mission``
alone (one parse of the file, what the step cannot go below) and the raw table alone
(``read_csv_sheet``).  Before the table was handed on, the step cost about both; now it
costs one parse.  Tables: the bundled mission's CSV (161 rows) and a synthetic CSV of
``--rows`` participants (a fifth on side A).

With ``--base DIR`` (a checkout, e.g. ``git archive 218f541 src | tar -x -C /tmp/base``) the
same workers also run with ``DIR/src``, alternating with this checkout round after round,
and the medians are compared: the time saved per run.
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

HERE = Path(__file__).resolve().parents[1] / "src"
DATE = "2025-09-29"


def _tables(folder: Path, rows: int) -> dict[str, Path]:
    from matchmaker.datasets import bundled_mission_path, synthetic_mission
    from matchmaker.io import write_participants

    big = folder / f"synthetic-{rows}.csv"
    if not big.exists():
        write_participants(synthetic_mission(rows // 5, rows - rows // 5, seed=1), big)
    return {"bundled (161 rows)": bundled_mission_path(), f"synthetic ({rows:,} rows)": big}


def _worker(folder: Path, rows: int, repeat: int) -> None:
    """In a fresh interpreter: CPU seconds of the step and of its references, ``repeat`` times each."""
    from matchmaker import cli
    from matchmaker.io import load_mission
    from matchmaker.io.sheets import read_csv_sheet

    out: dict[str, dict[str, list[float]]] = {}
    for name, path in _tables(folder, rows).items():
        argv = ["run", str(path), "--date", DATE, "--out", str(folder / "never-written")]
        args = cli._parser().parse_args(argv)
        calls = {
            "step": lambda args=args: cli._read("run", args, cli._Progress(False)),
            "load_mission": lambda path=path: load_mission(path, date=DATE),
            "raw table": lambda path=path: read_csv_sheet(path),
        }
        times: dict[str, list[float]] = {k: [] for k in calls}
        for _ in range(repeat):
            for what, call in calls.items():
                start = time.process_time()
                call()
                times[what].append(time.process_time() - start)
        out[name] = times
    print(json.dumps(out))


def _measure(src: Path, folder: Path, rows: int, repeat: int) -> dict[str, dict[str, list[float]]]:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [
        sys.executable,
        __file__,
        "--worker",
        str(folder),
        "--rows",
        str(rows),
        "--repeat",
        str(repeat),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    found: dict[str, dict[str, list[float]]] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="a checkout (or git archive) to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.rows, args.repeat)
        return
    trees = {"this": HERE, **({"base": args.base.resolve() / "src"} if args.base else {})}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runs: dict[str, list[dict[str, dict[str, list[float]]]]] = {t: [] for t in trees}
        for _ in range(args.rounds):
            for tree, src in trees.items():
                runs[tree].append(_measure(src, folder, args.rows, args.repeat))
    print(f"matchmaker run's reading step, CPU median of {args.rounds} × {args.repeat} (ms):")
    step: dict[tuple[str, str], float] = {}
    for tree in trees:
        for table in runs[tree][0]:
            med = {
                k: statistics.median(t for r in runs[tree] for t in r[table][k])
                for k in ("step", "load_mission", "raw table")
            }
            step[(tree, table)] = med["step"]
            ms = {k: f"{1e3 * v:8.1f}" for k, v in med.items()}
            print(
                f"  {tree:4}  {table:26} step {ms['step']}   load_mission {ms['load_mission']}"
                f"   raw table {ms['raw table']}   step/load_mission {med['step'] / med['load_mission']:.2f}x"
            )
    if "base" in trees:
        for table in runs["this"][0]:
            this, base = step[("this", table)], step[("base", table)]
            print(f"  saved, {table}: {1e3 * (base - this):.1f} ms per run ({this / base:.2f}x of base)")


if __name__ == "__main__":
    main()
