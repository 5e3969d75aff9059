"""Scoring benchmark: the bundled mission, a 10,000 × 10,000 synthetic mission, pairs per second.

Run ``python benchmarks/bench_scoring.py`` (``--quick`` for a smoke run of a few
seconds).  Every figure is measured in this run and shown as a ratio to a reference
measured in the same run:

* the bundled 46 × 115 mission: median of many ``score()`` calls after warm-up, against
  the 5 ms target, in wall time and in CPU time (``time.process_time``: on a shared
  machine the wall time counts the waits for a core, the CPU time does not);
* a synthetic n × n mission (built once, outside the timed region): median ``score()``
  time against the median time of ``np.full((n, n), 0.0)`` (writing the float64 output
  once: the memory floor of the problem), run alternately so that both meet the same
  machine load, with the default threads and with one thread;
  peak memory traced by ``tracemalloc`` (NumPy and SciPy report their buffers to it)
  during ``score()``, against the size of that output;
* pairs scored per second for several sizes per side.

Timings are medians of a few runs; nothing is asserted (timings never go in tests).
``--stages`` prints instead the CPU time of each preparation stage of ``score()`` on the
bundled mission (timers wrapped around the stage functions; the profile text in
``benchmarks/profiles/score-bundled-stages.txt``).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.scoring import score
from matchmaker.scoring.api import PARALLEL_PAIRS


def median_time(
    run: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = clock()
        result = run()
        times.append(clock() - start)
        del result
    return statistics.median(times)


def paired_times(
    target: Callable[[], object], reference: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median times of ``target`` and ``reference``, run alternately so that both meet the same load."""
    t_target, t_reference = [], []
    for _ in range(repeat):
        t_reference.append(median_time(reference, 1))
        t_target.append(median_time(target, 1))
    return statistics.median(t_target), statistics.median(t_reference)


def peak_bytes(run: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = run()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del result
    return peak


def stages(calls: int = 200) -> list[tuple[str, float]]:
    """CPU seconds per ``score()`` call of the whole call and of each stage, on the bundled mission."""
    import functools

    from matchmaker.scoring import engine, prepare

    spent: dict[str, float] = {}
    saved = []
    for module, names in (
        (
            prepare,
            (
                "line_arrays",
                "regional_model",
                "size_centres",
                "wish_pairs",
                "rows_sell",
                "cols_sell",
                "build_direction",
                "requirement_sets",
                "_union",
                "normalise",
                "met_before_pairs",
            ),
        ),
        (engine, ("_size_terms", "_max_duplicates", "_code_structure", "_index", "need_weights", "_csr")),
    ):
        for name in names:
            inner = getattr(module, name)

            def timed(*a: object, _f: Callable[..., object] = inner, _n: str = name, **k: object) -> object:
                start = time.process_time()
                try:
                    return _f(*a, **k)
                finally:
                    spent[_n] = spent.get(_n, 0.0) + time.process_time() - start

            saved.append((module, name, inner))
            setattr(module, name, functools.wraps(inner)(timed))
    try:
        bundled = east_java_south_sumatra_2020()
        for _ in range(20):
            score(bundled)
        spent.clear()
        start = time.process_time()
        for _ in range(calls):
            score(bundled)
        total = (time.process_time() - start) / calls
    finally:
        for module, name, inner in saved:
            setattr(module, name, inner)
    return [("score()", total), *sorted(((k, v / calls) for k, v in spent.items()), key=lambda kv: -kv[1])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    parser.add_argument("--stages", action="store_true", help="CPU time of score()'s stages (bundled)")
    args = parser.parse_args(argv)
    if args.stages:
        rows_s = stages()
        for name, t in rows_s:
            print(f"{name:18s} {t * 1e3:7.3f} ms  {100 * t / rows_s[0][1]:5.1f} %")
        return 0
    big = 400 if args.quick else 10_000
    sizes = (100, 200, 400) if args.quick else (1_000, 5_000, 10_000)
    repeat = 2 if args.quick else 5
    rows: list[tuple[str, str, str, str]] = []

    bundled = east_java_south_sumatra_2020()
    for _ in range(5):
        score(bundled)
    t_bundled = median_time(lambda: score(bundled), 20 if args.quick else 100)
    rows.append(
        ("bundled 46×115, median", f"{t_bundled * 1e3:.2f} ms", "5 ms target", f"{t_bundled / 5e-3:.2f}")
    )
    cpu_bundled = median_time(lambda: score(bundled), 20 if args.quick else 100, time.process_time)
    rows.append(
        (
            "bundled 46×115, median CPU",
            f"{cpu_bundled * 1e3:.2f} ms",
            "5 ms target",
            f"{cpu_bundled / 5e-3:.2f}",
        )
    )

    mission = synthetic_mission(big, big, seed=2026)  # built once, outside the timed region
    score(mission)  # warm-up: reference tables, code structures, the allocator
    np.full((big, big), 0.0)  # warm-up: the first large allocation of a process is slower
    t_score, t_full = paired_times(lambda: score(mission), lambda: np.full((big, big), 0.0), repeat)
    t_one, t_full_one = paired_times(
        lambda: score(mission, workers=1), lambda: np.full((big, big), 0.0), repeat
    )
    workers = "default" if big * big < PARALLEL_PAIRS else "2 threads"
    label = f"{big:,}×{big:,}"
    full_text = f"np.full {t_full:.3f} s"
    rows.append((f"{label} score ({workers})", f"{t_score:.3f} s", full_text, f"{t_score / t_full:.1f}×"))
    full_one = f"np.full {t_full_one:.3f} s"
    rows.append((f"{label} score (1 thread)", f"{t_one:.3f} s", full_one, f"{t_one / t_full_one:.1f}×"))
    output = big * big * 8
    mem_score = peak_bytes(lambda: score(mission))
    mem_full = peak_bytes(lambda: np.full((big, big), 0.0))
    size = f"output {output / 2**20:,.0f} MiB"
    rows.append(
        (f"{label} peak (tracemalloc)", f"{mem_score / 2**20:,.0f} MiB", size, f"{mem_score / output:.2f}×")
    )
    rows.append((f"{label} np.full peak", f"{mem_full / 2**20:,.0f} MiB", size, f"{mem_full / output:.2f}×"))

    for n in sizes:
        if n == big:
            t, t_ref = t_score, t_full
        else:
            m = synthetic_mission(n, n, seed=n)
            t, t_ref = paired_times(lambda m=m: score(m), lambda n=n: np.full((n, n), 0.0), repeat)
        rows.append(
            (
                f"{n:,}×{n:,} pairs/s",
                f"{n * n / t:,.0f}",
                f"np.full {t_ref * 1e3:.1f} ms",
                f"{t / t_ref:.1f}×",
            )
        )

    widths = [max(len(r[k]) for r in [*rows, ("case", "measured", "reference", "ratio")]) for k in range(4)]
    header = ("case", "measured", "reference", "ratio")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
