"""The whole result pack of this checkout against another checkout's, per meeting, in one run.

``python benchmarks/bench_export_locale.py --base DIR [--rounds 5] [--repeat 3]`` times
:func:`matchmaker.export_all` (every default format: CSV, JSON, XLSX, ICS, HTML,
agendas and messages; no plots) on the bundled mission with ``lang="id"`` and
``lang="en"``, once with this checkout's ``src`` and once with ``DIR/src`` (e.g. the
commit before a change: ``git archive main src | tar -x -C /tmp/base``).  Each timing
runs in a fresh interpreter that imports only its own tree; the two trees alternate,
round after round, and the medians are compared.  Times are CPU seconds of the worker
(``time.process_time``: steadier than wall time on a shared machine; ``--wall`` for wall
time).  Issue 13 allows the localised exports to be at most 20 % slower per meeting than
before.
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


def _worker(lang: str, repeat: int, wall: bool = False) -> None:
    """In a fresh interpreter: CPU (or wall) seconds per meeting of export_all, ``repeat`` times."""
    import matchmaker as mm
    from matchmaker.export import export_all

    result = mm.run(mm.east_java_south_sumatra_2020())
    meetings = len(result.schedule.meetings)
    clock = time.perf_counter if wall else time.process_time
    out = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            start = clock()
            export_all(result, Path(tmp) / "pack", lang=lang, plots=False)
            out.append((clock() - start) / meetings)
    print(json.dumps(out))


def _measure(src: Path, lang: str, repeat: int, wall: bool = False) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, __file__, "--worker", lang, "--repeat", str(repeat), *(["--wall"] * wall)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="a checkout (or git archive) to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wall", action="store_true", help="wall time instead of CPU time")
    parser.add_argument("--worker", choices=("en", "id"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.repeat, args.wall)
        return
    if args.base is None:
        parser.error("--base DIR is needed (the checkout to compare with)")
    trees = {"this": HERE, "base": args.base.resolve() / "src"}
    times: dict[tuple[str, str], list[float]] = {(t, lang): [] for t in trees for lang in ("id", "en")}
    for _ in range(args.rounds):
        for lang in ("id", "en"):
            for tree, src in trees.items():
                times[(tree, lang)] += _measure(src, lang, args.repeat, args.wall)
    what = "wall" if args.wall else "CPU"
    rounds = f"{args.rounds} × {args.repeat}"
    print(f"export_all, bundled mission, {what} median of {rounds} (ms per 100 meetings):")
    for lang in ("id", "en"):
        this, base = (statistics.median(times[(t, lang)]) for t in ("this", "base"))
        print(f"  {lang}: this {1e5 * this:7.1f}   base {1e5 * base:7.1f}   this/base {this / base:.2f}x")


if __name__ == "__main__":
    main()
