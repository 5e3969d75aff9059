"""Three delegations against two at the same number of pairs: run_groups vs run (issue 16).

    python benchmarks/bench_groups.py [N] [--repeat R]

The two-delegation reference is ``matchmaker.run(mission, top_k=K, baseline=False)`` on a
synthetic mission of ``N`` participants split ``a × b``; the three-delegation case is the
same call, ``matchmaker.run(mission, top_k=K)``, on a ``GroupMission`` of ``N``
participants split in three groups, which ``run()`` routes to the group path (all pairs
allowed: a general graph, so the b-matching integer program and Misra–Gries/first-fit
run; default bounds, 8 meetings each), sized so that the number of possible pairs is
within a few per cent of the two-delegation one.  Both include scoring, matching and
timetabling (participants' own time windows), i.e. what users call.  Prints medians of
``R`` runs of wall time and of CPU time (``time.process_time``, steadier on a loaded
machine) and their ratios, per pair; never asserts a timing.

``--group-meetings G`` adds a third row (not a default call: the mission is changed):
the same three-delegation mission with ``G`` group meetings (a Jawa Timur host with
three Sumatera Selatan members for two slots), which runs the group-meeting scheduler
(:func:`~matchmaker.scheduling.algorithms.general.first_fit_items`) on every meeting.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import matchmaker as mm
from matchmaker.datasets import synthetic_group_mission
from matchmaker.groups import run_groups


def sizes(n: int) -> tuple[tuple[int, int], tuple[int, int, int]]:
    """Two-group and three-group splits of ``n`` with nearly the same number of pairs."""
    two = (int(n * 0.44), n - int(n * 0.44))
    small = int(n * 0.16)
    three = (n - 2 * small, small, small)
    return two, three


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top-k", type=int, default=50)
    parser.add_argument("--group-meetings", type=int, default=0, metavar="G")
    args = parser.parse_args()
    (a, b), (x, y, z) = sizes(args.n)
    pairs_two, pairs_three = a * b, x * y + x * z + y * z
    two = mm.synthetic_mission(a, b, seed=1)
    three = synthetic_group_mission(
        {"Jawa Timur": x, "Sumatera Selatan": y, "Kalimantan Barat": z}, seed=1, date=two.date
    )
    plan = mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", days=two.date or "2025-09-29")
    t_two, t_three, c_two, c_three = [], [], [], []
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        r2 = mm.run(two, plan, top_k=args.top_k, baseline=False)
        t_two.append(time.perf_counter() - start)
        c_two.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        r3 = mm.run(three, plan, top_k=args.top_k).schedule  # run() routes it to the group path
        t_three.append(time.perf_counter() - start)
        c_three.append(time.process_time() - cpu)
    m2, m3 = statistics.median(t_two), statistics.median(t_three)
    cpu2, cpu3 = statistics.median(c_two), statistics.median(c_three)
    print(
        f"two groups   {a:,} x {b:,}: {pairs_two:,} pairs, {len(r2.matching.pairs):,} meetings, "
        f"median {m2:.2f} s"
    )
    print(
        f"three groups {x:,} + {y:,} + {z:,}: {pairs_three:,} pairs, {len(r3.slot):,} meetings "
        f"({r3.matching.method}, {r3.method}), median {m3:.2f} s"
    )
    print(
        f"ratio three/two: {m3 / m2:.2f}x; per pair: {(m3 / pairs_three) / (m2 / pairs_two):.2f}x "
        f"(target <= 2x); runs: {[round(t, 2) for t in t_two]} / {[round(t, 2) for t in t_three]}"
    )
    print(
        f"CPU time: two {cpu2:.2f} s, three {cpu3:.2f} s, ratio {cpu3 / cpu2:.2f}x; per pair "
        f"{(cpu3 / pairs_three) / (cpu2 / pairs_two):.2f}x"
    )
    if args.group_meetings:
        hosts = [p for p in three.participants if p.delegation == "Jawa Timur"][: args.group_meetings]
        guests = [p.id for p in three.participants if p.delegation == "Sumatera Selatan"]
        asks = {h.id: "; ".join(guests[3 * k : 3 * k + 3]) for k, h in enumerate(hosts)}
        people = tuple(
            p.replace(extra={**dict(p.extra), "group_meeting": asks[p.id]}) if p.id in asks else p
            for p in three.participants
        )
        grouped = dataclasses.replace(three, participants=people)
        t_group = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            r4 = run_groups(grouped, plan, top_k=args.top_k, max_meetings=8)
            t_group.append(time.perf_counter() - start)
        m4 = statistics.median(t_group)
        print(
            f"three groups + {len(hosts)} group meetings (not a default call): {len(r4.slot):,} meetings, "
            f"{int((r4.panel_slot >= 0).sum())} group meetings placed ({r4.method}), median {m4:.2f} s, "
            f"{m4 / m2:.2f}x two-group; runs: {[round(t, 2) for t in t_group]}"
        )


if __name__ == "__main__":
    main()
