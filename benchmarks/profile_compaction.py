"""Profile of ``schedule(pairs, plan)`` with its defaults (compact colouring + search), 50,106 meetings.

Run ``python benchmarks/profile_compaction.py``: the 2,000 × 10,000 instance of the
``scheduling`` section of ``benchmarks/run_all.py`` (``generate(2000, 10000, 10, 40,
seed=2)``, two days of 27 slots), the default call under :mod:`cProfile`, written to
``benchmarks/profiles/2000x10000-schedule-default.txt`` (or ``--out NAME``, a file name
in ``benchmarks/profiles``) with the time of ``compact=False`` and of the plain-Python
König reference measured in the same process.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scheduling import Matching, generate, konig_de_werra, two_days  # noqa: E402
from matchmaker.scheduling import schedule  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="2000x10000-schedule-default.txt", help="file name in profiles/")
    args = parser.parse_args()
    pairs = generate(2000, 10000, 10, 40, seed=2)
    matching = Matching(2000, 10000, pairs)
    times: dict[str, float] = {}
    for name, run in (
        ("compact=False", lambda: schedule(matching, two_days(), compact=False)),
        ("default", lambda: schedule(matching, two_days())),
        ("König reference", lambda: konig_de_werra(pairs, 2000, 10000)),
    ):
        spent = []
        for _ in range(5):
            start = time.process_time()
            run()
            spent.append(time.process_time() - start)
        times[name] = statistics.median(spent)  # a shared machine: the median, not the best
    before = schedule(matching, two_days(), compact=False).gaps
    profiler = cProfile.Profile()
    profiler.enable()
    after = schedule(matching, two_days())
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(20)
    head = (
        f"# schedule(pairs, plan) default, {len(pairs):,} meetings; python benchmarks/profile_compaction.py\n"
        + "".join(f"# {k}: {v:.3f} s CPU (median of 5)\n" for k, v in times.items())
        + f"# default / König: {times['default'] / times['König reference']:.2f}x; "
        f"compact=False / König: {times['compact=False'] / times['König reference']:.2f}x; "
        f"idle gaps {before:,} with compact=False, {after.gaps:,} with the defaults\n"
    )
    out = HERE / "profiles" / args.out
    out.write_text(head + text.getvalue().replace(str(Path.cwd()) + "/", ""))
    print(head, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
