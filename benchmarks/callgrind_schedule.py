"""Instructions per default ``schedule()`` call at 50,106 meetings, by C function (callgrind).

Run ``python benchmarks/callgrind_schedule.py`` (needs ``valgrind``; about a minute):
the 2,000 × 10,000 instance of ``benchmarks/run_all.py``'s ``scheduling`` section
(``--small``: the 1,000 × 3,000 one) is scheduled once and three times under
``valgrind --tool=callgrind``, and the difference of the two runs' self costs, halved,
is printed: one call's instructions with the imports, the instance's generation and
the first call's warm-up taken out.  Instruction counts do not depend on the load of
the machine, unlike times; they are not times either (a gather that numpy's fancy
indexing and ``ndarray.take`` do in similar instruction counts can differ twofold in
time), so they point at where the work is, and CPU-time A/B runs decide.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

CALLS = """
import sys
sys.path.insert(0, {here!r})
from bench_scheduling import Matching, generate, two_days
from matchmaker.scheduling import schedule
args = {args!r}
matching = Matching(args[0], args[1], generate(*args, seed=2))
for _ in range({calls}):
    schedule(matching, two_days())
"""


def callgrind_all(commands: dict[str, list[str]]) -> None:
    """Run ``valgrind --tool=callgrind`` with each command's arguments, all at once (one per
    core: instruction counts do not depend on the load), and stop if one fails."""
    runs = {
        name: subprocess.Popen(
            ["valgrind", "--tool=callgrind", *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ,
        )
        for name, arguments in commands.items()
    }
    for name, process in runs.items():
        if process.wait() != 0:
            raise SystemExit(f"valgrind failed ({name})")


def self_costs(path: Path) -> dict[str, int]:
    """Self cost (instructions) by function name, from ``callgrind_annotate``."""
    text = subprocess.run(
        ["callgrind_annotate", "--threshold=100", str(path)], capture_output=True, text=True, check=True
    ).stdout
    costs: dict[str, int] = {}
    for line in text.split("file:function", 1)[1].splitlines():
        found = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)", line)
        if found:
            name = re.sub(r"\s*\[.*\]$", "", found.group(2))
            name = name.removeprefix("???:") if name.startswith("???") else name.split(":", 1)[-1]
            costs[name] = costs.get(name, 0) + int(found.group(1).replace(",", ""))
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="the 1,000 × 3,000 instance")
    parser.add_argument("--top", type=int, default=30, help="functions listed")
    args = parser.parse_args()
    instance = (1000, 3000, 5, 20) if args.small else (2000, 10000, 10, 40)
    with tempfile.TemporaryDirectory() as tmp:
        commands = {}
        for calls in (1, 3):
            script = Path(tmp) / f"calls{calls}.py"
            script.write_text(CALLS.format(here=str(HERE), args=instance, calls=calls))
            out = Path(tmp) / f"calls{calls}.out"
            commands[f"{calls} calls"] = [f"--callgrind-out-file={out}", sys.executable, str(script)]
        callgrind_all(commands)
        one, three = self_costs(Path(tmp) / "calls1.out"), self_costs(Path(tmp) / "calls3.out")
    per_call = {name: (three.get(name, 0) - one.get(name, 0)) / 2 for name in one.keys() | three.keys()}
    total = sum(per_call.values())
    print(f"# callgrind, default schedule() on generate{instance}: {total / 1e6:.1f} M instructions per call")
    for name, cost in sorted(per_call.items(), key=lambda item: -item[1])[: args.top]:
        print(f"{cost / 1e6:9.2f} M {100 * cost / total:5.1f} %  {name[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
