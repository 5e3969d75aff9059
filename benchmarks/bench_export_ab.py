"""The export rows of ``run_all.py`` for this checkout against another checkout's, in one process.

``PYTHONPATH=src python benchmarks/bench_export_ab.py --base DIR [--sizes 1000x5000,4000x20000]
[--rounds 7]`` builds the export case of ``bench_export_size.py`` (the ``export`` section's
mission, matching and plan) once per size, then times the calls the section times
(``write_csv_pack(records(...))``, ``write_json(result, records(...))``,
``write_calendars``) with this checkout's ``src`` and with ``DIR/src`` (e.g. the commit
before a change: ``git worktree add --detach /tmp/base <commit>``), alternating the two
trees call after call, a garbage collection before each.  Both trees' functions live in
one process (each tree's ``matchmaker`` imported in turn), so a shared machine's load
weighs on both alike; the case is built by the base tree, and the two trees' files are
first checked to be byte-identical.  Prints the median CPU time (``time.process_time``)
and meetings per second of each, and the ratio.
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _load(tree: Path) -> tuple[Any, ...]:
    """The export functions of ``tree``'s ``matchmaker`` (any other tree's modules dropped first)."""
    for name in [k for k in sys.modules if k == "matchmaker" or k.startswith("matchmaker.")]:
        del sys.modules[name]
    sys.path.insert(0, str(tree / "src"))
    try:
        from matchmaker.export import records, write_csv_pack, write_json
        from matchmaker.export.ics import write_calendars
    finally:
        sys.path.pop(0)
    return records, write_csv_pack, write_json, write_calendars


def _same_files(a: Path, b: Path) -> None:
    if a.is_dir():
        names = sorted(os.listdir(a))
        if names != sorted(os.listdir(b)):
            raise SystemExit(f"{a} and {b} hold different files")
        for name in names:
            _same_files(a / name, b / name)
    elif not filecmp.cmp(a, b, shallow=False):
        raise SystemExit(f"{a} and {b} differ")


def _calls(
    fns: tuple[Any, ...], case: tuple[Any, ...], out: Path, tag: str
) -> dict[str, Callable[[], object]]:
    """The ``export`` section's three calls with one tree's functions, writing under ``out``."""
    records, write_csv_pack, write_json, write_calendars = fns
    mission, scores, timetable, result = case
    return {
        "CSV pack": lambda: write_csv_pack(records(timetable, scores, mission=mission), out / f"{tag}-csv"),
        "JSON result.json": lambda: write_json(
            result, records(timetable, scores, mission=mission), out / f"{tag}.json"
        ),
        "ICS write_calendars": lambda: write_calendars(timetable, out / f"{tag}-ics"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, type=Path, help="the other checkout (its src is imported)")
    parser.add_argument("--sizes", default="1000x5000,4000x20000", help="N_AxN_B, comma-separated")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    here = HERE.parent
    for size in args.sizes.split(","):
        n_a, n_b = map(int, size.split("x"))
        trees = {"before": _load(args.base)}
        sys.path.insert(0, str(args.base / "src"))
        sys.path.insert(0, str(HERE))
        try:
            for name in [k for k in sys.modules if k == "bench_export_size"]:
                del sys.modules[name]
            from bench_export_size import export_case

            mission, scores, timetable, result = export_case(n_a, n_b)
            _ = result.shortfalls, result.evaluation  # computed by the base tree, outside the timing
        finally:
            sys.path.pop(0)
            sys.path.pop(0)
        trees["after"] = _load(here)
        memory = "/dev/shm" if Path("/dev/shm").is_dir() else None
        with tempfile.TemporaryDirectory(dir=memory) as folder:
            out = Path(folder)

            case = (mission, scores, timetable, result)
            table = {tag: _calls(fns, case, out, tag) for tag, fns in trees.items()}
            for tag in table:  # warm, and the files to compare
                for call in table[tag].values():
                    call()
            for suffix in ("-csv", ".json", "-ics"):
                _same_files(out / f"before{suffix}", out / f"after{suffix}")
            times: dict[tuple[str, str], list[float]] = {}
            for k in range(args.rounds):
                for what in table["before"]:
                    for tag in ("before", "after") if k % 2 == 0 else ("after", "before"):
                        gc.collect()
                        start = time.process_time()
                        table[tag][what]()
                        times.setdefault((tag, what), []).append(time.process_time() - start)
        meetings = len(timetable.pairs)
        for what in table["before"]:
            old, new = (statistics.median(times[tag, what]) for tag in ("before", "after"))
            print(
                f"{size} {what}, {meetings:,} meetings: before {meetings / old:,.0f}/s ({old * 1e3:,.0f} ms)"
                f" -> after {meetings / new:,.0f}/s ({new * 1e3:,.0f} ms), {old / new:.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
