"""Instructions and cache misses per meeting of each export call at two sizes (callgrind).

Run ``python benchmarks/callgrind_export.py [--sizes 1000x5000,4000x20000] [--calls csv,json,ics]``
(needs ``valgrind``; about half an hour on a shared machine, most of it building the
4,000 × 20,000 case under valgrind).  Each size's case (``bench_export_size.export_case``,
the ``export`` section's) is built under ``valgrind --tool=callgrind --instr-atstart=no
--cache-sim=yes`` with instrumentation off; each call (``records``, the CSV pack and
result.json with ``records`` included, ``write_calendars``) is warmed twice, then run once
with instrumentation on (``callgrind_control``) and dumped alone.  The cache simulated is
this machine's: 32 KiB L1 data, a 32 MiB last level.

Printed, per call: instructions (Ir), L1 data misses and last-level misses per meeting at
each size, and callgrind's cycle estimate (Ir + 10 × L1 misses + 100 × last-level misses)
with its ratio, for the whole call and its costliest C functions.  None of these depends
on the machine's load, unlike times: flat instructions per meeting with more misses per
meeting is a call whose steps are linear but whose data left the cache.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from callgrind_schedule import callgrind_all

HERE = Path(__file__).resolve().parent

CALLS = """
import gc, os, shutil, subprocess, sys, tempfile
from pathlib import Path
sys.path.insert(0, {here!r})
from bench_export_size import export_case
from matchmaker.export import records, write_csv_pack, write_json
from matchmaker.export.ics import write_calendars

mission, scores, timetable, result = export_case({n_a}, {n_b})
Path({count!r}).write_text(str(len(timetable.pairs)))
folder = Path(tempfile.mkdtemp(dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
calls = {{
    "records": lambda: records(timetable, scores, mission=mission),
    "csv": lambda: write_csv_pack(records(timetable, scores, mission=mission), folder),
    "json": lambda: write_json(result, records(timetable, scores, mission=mission), folder / "r.json"),
    "ics": lambda: write_calendars(timetable, folder / "ics"),
}}


def control(*args):
    process = subprocess.Popen(["callgrind_control", *args, str(os.getpid())], stdout=subprocess.DEVNULL)
    while process.poll() is None:  # guest code keeps running, so callgrind reads its commands
        pass


for name in {calls!r}:
    calls[name]()
    calls[name]()
    gc.collect()
    control("-z")
    control("-i", "on")
    calls[name]()
    control("-i", "off")
    control("-d", name)
shutil.rmtree(folder)  # /dev/shm is memory: leave nothing behind
"""

#: Events of a callgrind dump with the cache simulated, in callgrind_annotate's order.
EVENTS = ("Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw")


def self_costs(path: Path) -> dict[str, list[int]]:
    """Self cost of each event by function name, from ``callgrind_annotate``."""
    text = subprocess.run(
        ["callgrind_annotate", "--threshold=100", "--auto=no", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    costs: dict[str, list[int]] = {}
    for line in text.split("file:function", 1)[1].splitlines():
        found = re.match(r"\s*((?:(?:[\d,]+|\.)(?:\s+\([^)]*\))?\s+){9})(.*)", line)
        if not found:
            continue
        values = [
            0 if v == "." else int(v.replace(",", "")) for v in re.sub(r"\([^)]*\)", "", found[1]).split()
        ]
        name = re.sub(r"\s*\[.*\]$", "", found[2].strip()).removeprefix("???:")
        name = re.sub(r"'\d+$", "", name.split("/")[-1])  # a recursion's level is the same function
        total = costs.setdefault(name, [0] * len(EVENTS))
        for k, v in enumerate(values[: len(EVENTS)]):
            total[k] += v
    return costs


def estimate(v: list[int]) -> int:
    """callgrind's cycle estimate: Ir + 10 × L1 misses + 100 × last-level misses."""
    return v[0] + 10 * (v[3] + v[4] + v[5]) + 100 * (v[6] + v[7] + v[8])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000x5000,4000x20000", help="N_AxN_B, two, comma-separated")
    parser.add_argument("--calls", default="records,csv,json,ics")
    parser.add_argument("--top", type=int, default=8, help="functions listed per call")
    args = parser.parse_args()
    sizes = [tuple(map(int, s.split("x"))) for s in args.sizes.split(",")]
    if len(sizes) != 2:
        parser.error("--sizes takes two sizes, the smaller first: N_AxN_B,N_AxN_B")
    calls = args.calls.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        commands, meetings = {}, {}
        for n_a, n_b in sizes:
            script = Path(tmp) / f"calls{n_a}.py"
            count = f"{tmp}/meetings{n_a}x{n_b}"
            script.write_text(CALLS.format(here=str(HERE), n_a=n_a, n_b=n_b, calls=calls, count=count))
            commands[f"{n_a}x{n_b}"] = [
                "--instr-atstart=no",
                "--cache-sim=yes",
                "--D1=32768,8,64",
                "--LL=33554432,16,64",
                f"--callgrind-out-file={tmp}/cg{n_a}x{n_b}.%p",
                os.path.realpath(sys.executable),
                str(script),
            ]
        callgrind_all(commands)
        for n_a, n_b in sizes:
            meetings[n_a, n_b] = int(Path(f"{tmp}/meetings{n_a}x{n_b}").read_text())
        # dump files end in the dump's number: in numeric order (".10" sorts before ".2" as text)
        dumps = {
            size: sorted(Path(tmp).glob(f"cg{size[0]}x{size[1]}.*.*"), key=lambda p: int(p.suffix[1:]))
            for size in sizes
        }
        small, large = sizes
        m_s, m_l = meetings[small], meetings[large]
        for k, name in enumerate(calls):
            a, b = self_costs(dumps[small][k]), self_costs(dumps[large][k])
            print(f"\n# {name}: per meeting at {m_s:,} and {m_l:,} meetings")
            print("      Ir       Ir  ratio |  D1 miss  D1 miss |  LL miss  LL miss |", end="")
            print("      est      est  ratio")
            zero = [0] * len(EVENTS)
            total_a = [sum(v[i] for v in a.values()) for i in range(len(EVENTS))]
            total_b = [sum(v[i] for v in b.values()) for i in range(len(EVENTS))]
            rows = [("TOTAL", total_a, total_b)] + [
                (f, a.get(f, zero), b.get(f, zero))
                for f in sorted(a.keys() | b.keys(), key=lambda f: -estimate(b.get(f, zero)))[: args.top]
            ]
            for f, va, vb in rows:
                ir_a, ir_b = va[0] / m_s, vb[0] / m_l
                d1_a, d1_b = (va[4] + va[5]) / m_s, (vb[4] + vb[5]) / m_l
                ll_a, ll_b = (va[7] + va[8]) / m_s, (vb[7] + vb[8]) / m_l
                e_a, e_b = estimate(va) / m_s, estimate(vb) / m_l
                print(
                    f"{ir_a:8.0f} {ir_b:8.0f} {ir_b / max(ir_a, 1e-9):6.3f} | {d1_a:8.1f} {d1_b:8.1f} |"
                    f" {ll_a:8.2f} {ll_b:8.2f} | {e_a:8.0f} {e_b:8.0f} {e_b / max(e_a, 1e-9):6.3f}  {f[:60]}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
