"""Every output of ``schedule()`` on many instances, to show that a faster tree changes nothing.

``PYTHONPATH=<tree>/src python benchmarks/schedule_outputs.py dump OUT.npz`` writes the slot
and table of every meeting and (gaps, slots used, meetings placed) of: the two benchmark
instances of ``run_all.py``'s ``scheduling`` section (defaults and ``compact=False``); 60
generated instances with tables, a random compaction budget, hosts with a lunch break and
(every third) availability windows, plus ``edge_colouring`` on a multigraph with and
without a capacity; and the bundled mission (free, with its windows, ``compact=False``).
``python benchmarks/schedule_outputs.py compare A.npz B.npz`` lists the arrays that differ.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

DAY = dt.date(2026, 3, 2)


def dump(path: str, n_random: int = 60) -> None:
    from bench_scheduling import Matching, generate, two_days
    from matchmaker.datasets import east_java_south_sumatra_2020
    from matchmaker.pipeline import run
    from matchmaker.scheduling import EventPlan, Schedule, schedule
    from matchmaker.scheduling.algorithms.colouring import edge_colouring

    out: dict[str, np.ndarray] = {}

    def rec(name: str, s: Schedule) -> None:
        out[name + "/slot"], out[name + "/table"] = np.asarray(s.slot), np.asarray(s.table)
        out[name + "/gaps"] = np.array([s.gaps, s.slots_used, s.n_placed])

    cases = [(2000, 10000, 10, 40, 2), (1000, 3000, 5, 20, 2)]
    rng = np.random.default_rng(12345)
    for _ in range(n_random):
        n_a, n_b = int(rng.integers(5, 600)), int(rng.integers(5, 3000))
        low = int(rng.integers(1, 8))
        high = min(int(rng.integers(low, min(low + 30, n_b) + 1)), n_b)
        cases.append((n_a, n_b, min(low, high), high, int(rng.integers(0, 10**6))))
    for ci, (n_a, n_b, low, high, seed) in enumerate(cases):
        pairs = generate(n_a, n_b, low, high, seed=seed)
        m = Matching(n_a, n_b, pairs)
        name = f"c{ci}_{n_a}x{n_b}_{low}-{high}_s{seed}"
        rec(name + "/default", schedule(m, two_days()))
        if ci < 2:
            rec(name + "/nocompact", schedule(m, two_days(), compact=False))
            continue
        r = np.random.default_rng(seed)
        tables = int(max(1, -(-len(pairs) // 50) + r.integers(0, 20)))
        rec(name + "/tables", schedule(m, two_days(tables=tables)))
        rec(name + "/budget", schedule(m, two_days(), compact=int(r.integers(0, 50000))))
        days = [DAY, DAY + dt.timedelta(days=1)]
        hosts = "A" if ci % 2 else "B"
        plan = EventPlan(
            start="09:00", end="16:00", breaks=["12:00-13:00"], hosts=hosts, days=days, timezone="WIB"
        )
        try:
            rec(name + "/hosts", schedule(m, plan))
        except Exception as exc:  # the same refusal is an identical output too
            out[name + "/hosts_err"] = np.frombuffer(type(exc).__name__.encode(), np.uint8)
        if ci % 3 == 0:
            windows = {
                f"A{a}": (f"{h:02d}:00-{h + 4:02d}:00",)
                for a in range(0, n_a, 3)
                for h in [int(r.integers(8, 12))]
            }
            one_day = EventPlan(
                start="08:00", end="17:00", meeting=15, buffer=5, days=[DAY], timezone="WIB", tables=tables
            )
            try:
                rec(name + "/avail", schedule(m, one_day, availability=windows))
            except Exception as exc:
                out[name + "/avail_err"] = np.frombuffer(
                    (type(exc).__name__ + str(exc)[:60]).encode(), np.uint8
                )
        rows, cols = pairs[:, 0], pairs[:, 1]
        again = np.concatenate([np.arange(len(pairs)), r.integers(0, len(pairs), len(pairs) // 10)])
        out[name + "/ec"] = edge_colouring(rows[again], cols[again], n_a, n_b)
        out[name + "/ec_cap"] = edge_colouring(rows[again], cols[again], n_a, n_b, capacity=tables)
    mission = east_java_south_sumatra_2020()
    bundled = run(mission, baseline=False).matching
    plan = EventPlan(start="09:00", end="16:00", breaks=["12:00-13:00"], hosts="A")
    free = {p.id: () for p in mission.participants}
    rec("bundled/free", schedule(bundled, plan, availability=free))
    rec("bundled/mission", schedule(bundled, plan))
    rec("bundled/nocompact", schedule(bundled, plan, availability=free, compact=False))
    np.savez(path, **out)
    print(f"{len(cases)} instances and the bundled mission, {len(out)} arrays")


def compare(first: str, second: str) -> int:
    a, b = np.load(first), np.load(second)
    names = set(a.files) | set(b.files)
    differ = sorted(
        k for k in names if k not in a.files or k not in b.files or not np.array_equal(a[k], b[k])
    )
    print(f"{len(names)} arrays compared, {len(differ)} differ", differ[:10])
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
