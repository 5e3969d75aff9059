"""Profiles of the slowest pipeline stages, as text under ``benchmarks/profiles/``.

Run ``python benchmarks/profile_stages.py N_A N_B [--sparse] [--availability]``: the
pipeline of ``benchmarks/scale_pipeline.py`` (same mission, caps, plan and export) with
every stage under :mod:`cProfile`; the three slowest stages are written as
``<N_A>x<N_B>[-windows]-<stage>.txt`` (the 40 costliest functions by own time and by
cumulative time, and the stage's wall time under the profiler).  Profiling slows
Python-heavy code more than NumPy-heavy code, so read the shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scale_pipeline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_a", type=int)
    parser.add_argument("n_b", type=int)
    parser.add_argument("--sparse", action="store_true")
    parser.add_argument("--availability", action="store_true")
    parser.add_argument("--keep", type=int, default=3, help="how many of the slowest stages to write")
    args = parser.parse_args(argv)
    profiles: dict[str, tuple[float, str]] = {}

    def stage(results: dict[str, Any], name: str, run: Callable[[], Any]) -> Any:
        profiler = cProfile.Profile()
        start = time.perf_counter()
        out = profiler.runcall(run)
        seconds = time.perf_counter() - start
        results[name] = {"seconds": seconds, "peak_bytes": 0}
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(40)
        profiles[name] = (seconds, text.getvalue())
        return out

    scale_pipeline.stage = stage  # every stage of the real pipeline, profiled
    result = scale_pipeline.run(
        args.n_a, args.n_b, sparse=args.sparse, top_k=50, availability=args.availability, seed=7
    )
    slowest = sorted((n for n in profiles if n != "build"), key=lambda n: -profiles[n][0])[: args.keep]
    out_dir = HERE / "profiles"
    out_dir.mkdir(exist_ok=True)
    tag = f"{args.n_a}x{args.n_b}" + ("-windows" if args.availability else "")
    for name in slowest:
        seconds, text = profiles[name]
        header = (
            f"# {name} stage, {args.n_a:,} x {args.n_b:,}"
            f"{' sparse top-50' if args.sparse else ' dense'}"
            f"{', own time windows' if args.availability else ', all-day'}: {seconds:.2f} s under cProfile\n"
            f"# {result.get('meetings', 0):,} meetings; "
            f"python benchmarks/profile_stages.py {' '.join(argv or sys.argv[1:])}\n\n"
        )
        (out_dir / f"{tag}-{name}.txt").write_text(header + text)
        print(f"{name}: {seconds:.2f} s -> profiles/{tag}-{name}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
