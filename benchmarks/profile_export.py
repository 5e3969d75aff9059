"""Profiles of the CSV, JSON and ICS exports, as text under ``benchmarks/profiles/``.

Run ``PYTHONPATH=src python benchmarks/profile_export.py N_A N_B [--tag before]``: the case of
``bench_export_size.py`` (and of ``run_all.py``'s ``export`` section) and the same calls
(``write_csv_pack(records(...))``, ``write_json(result, records(...))``,
``write_calendars``), each warmed once, then (after a full collection) timed and run under
:mod:`cProfile`; each is written as
``export-<N_A>x<N_B>-<format>[-<tag>].txt`` (the 30 costliest functions by own time and by
cumulative time).  Profiling slows Python-heavy code more than NumPy-heavy code, so read the
shares, not the seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_export_size import export_case  # noqa: E402
from matchmaker.export import records, write_csv_pack, write_json  # noqa: E402
from matchmaker.export.ics import write_calendars  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_a", type=int)
    parser.add_argument("n_b", type=int)
    parser.add_argument("--tag", default="", help="added to the file names (e.g. before)")
    parser.add_argument("--out", default=str(HERE / "profiles"), help="folder of the profiles")
    args = parser.parse_args(argv)
    mission, scores, timetable, result = export_case(args.n_a, args.n_b)
    meetings = len(timetable.pairs)
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    memory = "/dev/shm" if Path("/dev/shm").is_dir() else None
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=memory) as directory:
        calls: dict[str, tuple[str, Callable[[], object]]] = {
            "csv": (
                "write_csv_pack(records(timetable, scores, mission=mission), folder)",
                lambda: write_csv_pack(records(timetable, scores, mission=mission), directory),
            ),
            "json": (
                "write_json(result, records(timetable, scores, mission=mission), folder / 'result.json')",
                lambda: write_json(
                    result, records(timetable, scores, mission=mission), Path(directory) / "result.json"
                ),
            ),
            "ics": (
                "write_calendars(timetable, folder / 'ics')",
                lambda: write_calendars(timetable, Path(directory) / "ics"),
            ),
        }
        for fmt, (what, call) in calls.items():
            call()  # warm: lazy imports and the schedule's cached arrays
            # each measured call starts after a full collection, as in run_all.py's export
            # section: else a full collection of the case's heap (about 0.26 s at 4000 x 20000)
            # lands in whichever call crosses CPython's threshold, by chance
            gc.collect()
            start = time.process_time()
            call()
            cpu = time.process_time() - start
            gc.collect()
            profiler = cProfile.Profile()
            profiler.runcall(call)
            text = io.StringIO()
            stats = pstats.Stats(profiler, stream=text).strip_dirs()
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(30)
            suffix = f"-{args.tag}" if args.tag else ""
            path = out_dir / f"export-{args.n_a}x{args.n_b}-{fmt}{suffix}.txt"
            path.write_text(
                f"{fmt.upper()} export, {meetings:,} meetings ({args.n_a} x {args.n_b}, tree at {commit}): "
                f"cProfile of one call after warm-up and a full collection.\n"
                f"Call: {what}\n"
                f"Without the profiler: {cpu * 1e3:,.0f} ms CPU, {meetings / cpu:,.0f} meetings/s.\n"
                f"Reproduce: PYTHONPATH=src python benchmarks/profile_export.py {args.n_a} {args.n_b}"
                + (f" --tag {args.tag}" if args.tag else "")
                + "\n"
                + text.getvalue(),
                encoding="utf-8",
            )
            print(f"{path.name}: {cpu * 1e3:,.0f} ms CPU without the profiler")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
