"""A simulated event day: no-shows, late arrivals and walk-ins, with and without live re-planning.

Run ``python benchmarks/event_day.py`` (the bundled mission with 5 seeds, and 20 for the
distribution, and a 1,000 × 3,000 event over three days with one seed, no-show rates 5, 10 and 20 % of
each side) or
``--quick`` (the bundled mission at 10 %, one seed).  ``--json FILE`` writes the raw figures.

The day, for each no-show rate ``p``: ``p`` of each side never comes, 5 % arrive late (at a
random slot of the first day's morning), and 2 % walk in (new synthetic participants, at a
random morning slot, on either side).  Nobody announces anything: at the start of each slot
the desk learns of the no-shows and late arrivals whose meeting starts then (their first
meeting: the partner is waiting), and of the walk-ins who arrived since the last slot,
records them and re-plans (``now`` = the slot's start, lead time 10 minutes, so the slot
itself is never changed).

The check-in desk (``--check-ins``, default ``both``: one row each way): with it, each
participant who comes checks in on arrival (at the first slot's start, a late arrival at
its arrival slot; no-shows never do; walk-ins are recorded as they walk in) and again at
the start of each later day (presence is per day), and re-plans
give new meetings only to those known present (``docs/event-day.md``); without it nobody
checks in and "present" means "not known absent".  No-shows are found out at their first
meeting either way.

``--diagnose`` solves each re-plan's lexicographic program again three ways (the best score,
the best score with every move forbidden, the fewest moves at the best score) and prints
the moves by kind (slot or table-only; a kept meeting moved to make room, or a meeting that
could not happen where it was booked again), what they gained, and in how many programs the
second stage (a plan within ``solver.SCORE_TOL`` of the score with fewer moves) replaced the
first program's answer.

Three timetables are compared by the meetings actually held (both present) and their total
score, every pair scored by one ``score()`` of the whole final attendance list:

``none``        the published timetable, nothing re-planned;
``live``        live re-planning as above (``LiveEvent.replan``);
``omniscient``  ``run()`` at the start, knowing who comes and when (an upper-bound reference).

Reported: the share of the gap ``omniscient − none`` that ``live`` recovers (target ≥ 60 % at
every no-show rate): median, worst seed, pooled (recovered over all seeds / their gaps) and
the seeds below 60 %; moved meetings against kept ones, by kind (``MeetingChange.move``):
moved to make room / kept (meetings that could have stayed: the ≤ 2 % target), re-booked /
kept (meetings that could not stay where they were, booked again) and all moves / kept (the
figure reported before, still shown); and each re-plan's time (median and largest) against
the targets (50 ms at 46 × 115, 1 s at 1,000 × 3,000).  The headline is the first ``--seeds``
(5) seeds; the bundled mission is also played over ``--more-seeds`` (20, the headline's
included) and its distribution reported, so that the worst of 5 seeds is not read alone.
``--foresight`` adds the bound within the rules (everything the day brings recorded before
the first slot, one re-plan); ``--every-slot`` re-plans at every slot, news or not.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import matchmaker as mm
from matchmaker.live import open_event
from matchmaker.model.availability import TimeWindow

DAY = dt.date(2020, 12, 2)


class MoveCheck:
    """``--diagnose``: each lexicographic program solved again three ways (HiGHS, exact, on
    the same integer grid as the re-plan): the best score alone, the best score with every
    move forbidden, and the fewest moves among the plans of the best score (a second
    program with the score fixed).  Records one row per program into ``rows``: the first
    program's answer, and in ``fewer`` how many times the re-plan's second stage (scores
    within ``solver.SCORE_TOL``, a move fewer) replaced it."""

    def __init__(self) -> None:
        from matchmaker.live import solver

        self.solver = solver
        self.original = solver._lex_milp
        self.original_fewer = solver._fewer_moves
        self.rows: list[dict[str, float]] = []

    def __enter__(self) -> MoveCheck:
        self.solver._lex_milp = self._check
        self.solver._fewer_moves = self._fewer
        return self

    def __exit__(self, *exc: object) -> None:
        self.solver._lex_milp = self.original
        self.solver._fewer_moves = self.original_fewer

    def _fewer(self, *args: Any) -> Any:
        found, proven = self.original_fewer(*args)
        if found is not None and self.rows:  # the program that moved is the last row's
            self.rows[-1]["fewer"] = self.rows[-1].get("fewer", 0) + 1
        return found, proven

    def _check(self, gain: Any, moves: Any, cons: Any) -> Any:
        from scipy.optimize import Bounds, LinearConstraint, milp

        res = self.original(gain, moves, cons)
        if res.x is None or not moves.any():
            return res
        x = res.x > 0.5
        n = gain.size
        exact = {"node_limit": 100_000, "mip_rel_gap": 0.0}
        best = milp(-gain, constraints=cons, integrality=np.ones(n), bounds=Bounds(0, 1), options=exact)
        still = milp(
            -gain,
            constraints=cons,
            integrality=np.ones(n),
            bounds=Bounds(0, np.where(moves, 0.0, 1.0)),
            options=exact,
        )
        top = float(np.rint(-best.fun))
        fewest = milp(
            moves.astype(float),
            constraints=[cons, LinearConstraint(gain[None, :], top, np.inf)],
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            options=exact,
        )
        self.rows.append(
            {
                "value": float(gain[x].sum()),
                "best": top,
                "no_moves": float(np.rint(-still.fun)),
                "moves": int(moves[x].sum()),
                "fewest": int(np.rint(fewest.fun)),
            }
        )
        return res


def _event(size: str) -> tuple[mm.MatchmakingResult, dict[str, Any]]:
    if size == "bundled":
        mission = mm.east_java_south_sumatra_2020()
        plan = mm.default_plan()
        options: dict[str, Any] = {}
    else:
        n_a, n_b = (int(x) for x in size.split("x"))
        mission = mm.synthetic_mission(n_a, n_b, seed=1, date=DAY)
        plan = dataclasses.replace(mm.default_plan(), days=tuple(DAY + dt.timedelta(d) for d in range(3)))
        options = {"max_meetings": (None, 10)}
    return mm.run(mission, plan, baseline=False, **options), {"plan": plan, **options}


def _walk_ins(result: mm.MatchmakingResult, n: int, rng: np.random.Generator) -> list[mm.Participant]:
    """``n`` new participants drawn from a synthetic mission of the same two delegations."""
    mission = result.mission
    extra = mm.synthetic_mission(max(n, 1), max(n, 1), seed=int(rng.integers(1 << 30)), date=DAY)
    out = []
    for k in range(n):
        side = "A" if k % 2 == 0 else "B"
        src = extra.side(side)[k // 2]
        delegation = (mission.side_a if side == "A" else mission.side_b).name
        out.append(
            dataclasses.replace(
                src,
                id=f"WALK-{k + 1:03d}",
                # a name of its own: the synthetic names repeat, and a walk-in with the name of
                # one there is refused (`same-business`, typed twice or not found on the list)
                name=f"{src.name} {k + 1}",
                delegation=delegation,
                must_meet=(),
                would_like=(),
                do_not_meet=(),
            )
        )
    return out


def simulate(
    size: str,
    rate: float,
    seed: int = 0,
    profile: cProfile.Profile | None = None,
    move_cost: float = 0.0,
    check_ins: bool = True,
    foresight: bool = False,
    every_slot: bool = False,
) -> dict[str, Any]:
    """One simulated day; ``profile`` (when given) records every re-plan.  With ``foresight``
    also the bound within the rules (``--foresight``).  With ``check_ins``
    the desk checks each participant in on arrival and at the start of each later day (see the
    module docstring)."""
    result, options = _event(size)
    mission, plan = result.mission, result.schedule.plan
    slots = plan.slots
    rng = np.random.default_rng(seed)
    a_ids, b_ids = list(mission.ids("A")), list(mission.ids("B"))
    no_show = {p for ids in (a_ids, b_ids) for p in rng.choice(ids, round(rate * len(ids)), replace=False)}
    others = [p for p in (*a_ids, *b_ids) if p not in no_show]
    morning = [s.index for s in slots if s.start.date() == slots[0].start.date() and s.start.hour < 12]
    late = {
        p: int(rng.choice(morning[1:])) for p in rng.choice(others, round(0.05 * len(others)), replace=False)
    }
    walkers = _walk_ins(result, round(0.02 * (len(a_ids) + len(b_ids))), rng)
    arrive = {w.id: int(rng.choice(morning)) for w in walkers}

    # the truth: who can attend which slot, and one score of everyone
    everyone = mm.Mission(
        mission.name,
        mission.side_a,
        mission.side_b,
        (*mission.participants, *walkers),
        mission.date,
        mission.venue,
        mission.timezone,
    )
    truth = mm.score(everyone)
    row = {p: i for i, p in enumerate(truth.row_ids)}
    col = {p: j for j, p in enumerate(truth.col_ids)}

    def attends(pid: str, slot: int) -> bool:
        if pid in no_show:
            return False
        if pid in late and slot < late[pid]:
            return False
        return not (pid in arrive and slot < arrive[pid])

    def held(meetings: list[tuple[str, str, int]]) -> tuple[int, float]:
        ok = [(a, b) for a, b, s in meetings if attends(a, s) and attends(b, s)]
        return len(ok), float(sum(truth.total[row[a], col[b]] for a, b in ok))

    published = [(m.a, m.b, m.slot) for m in result.schedule.meetings]
    none = held(published)

    # omniscient: run() knowing the final attendance (late arrivals as availability windows)
    def present(p: mm.Participant) -> mm.Participant:
        p = dataclasses.replace(  # wishes naming someone who did not come are void
            p,
            **{
                k: tuple(x for x in getattr(p, k) if x not in no_show)
                for k in ("must_meet", "would_like", "do_not_meet")
            },
        )
        start = late.get(p.id, arrive.get(p.id))
        if start is None:
            return p
        windows = tuple(
            TimeWindow(max(slots[start].start.time(), w.start), w.end, w.day)
            for w in (p.availability or (TimeWindow(dt.time(0), dt.time(23, 59)),))
            if w.end > slots[start].start.time()
        )
        # a floor above the slots left would make run() refuse the whole mission (seed 9 at
        # 5 %: a walk-in with min 2 arriving for its last free slot): clamp it to what fits
        fits = sum(
            any(w.start <= x.start.time() and x.end.time() <= w.end for w in windows) for x in slots[start:]
        )
        floor = p.min_meetings if p.min_meetings is None else min(p.min_meetings, fits)
        return dataclasses.replace(
            p,
            availability=windows or (TimeWindow(dt.time(23, 0), dt.time(23, 59)),),
            min_meetings=floor,
        )

    final = dataclasses.replace(
        everyone, participants=tuple(present(p) for p in everyone.participants if p.id not in no_show)
    )
    omni_result = mm.run(final, **options, baseline=False)
    omni = held([(m.a, m.b, m.slot) for m in omni_result.schedule.meetings])

    # live: discover at each slot's start, record, re-plan
    with tempfile.TemporaryDirectory() as tmp:
        event = open_event(Path(tmp) / "event.sqlite", result, who="simulation")
        times: list[float] = []
        cpu: list[float] = []
        told: set[str] = set()
        moved = added = made_room = rebooked = 0
        detail: dict[str, int] = {}
        first_meeting: dict[str, int] = {}
        for m in result.schedule.meetings:
            for p in (m.a, m.b):
                first_meeting[p] = min(first_meeting.get(p, 1 << 30), m.slot)
        # the first slot of each later day: presence is per day, so everyone here checks in again
        later_days = {s.index for s in slots[1:] if s.start.date() != slots[s.index - 1].start.date()}
        for s in range(len(slots)):
            news = False
            if check_ins:  # the desk: everyone who comes checks in on arrival, and each day
                for p in (*a_ids, *b_ids):
                    if p not in no_show and (late.get(p, 0) == s or s in later_days):
                        event.check_in(p, at=slots[s].start)
                if s in later_days:
                    for w in walkers:
                        if w.id in told:
                            event.check_in(w.id, at=slots[s].start)
            for w in walkers:
                if arrive[w.id] == s and w.id not in told:
                    event.walk_in(w, at=slots[s].start)
                    told.add(w.id)
                    news = True
            agenda_now = {p for m in event.meetings() if m.slot == s for p in (m.a, m.b)}
            for p in sorted(agenda_now - told):
                if p in no_show:
                    event.no_show(p, at=slots[s].start)
                elif p in late and s < late[p]:
                    event.late(p, slots[late[p]].start)
                else:
                    continue
                told.add(p)
                news = True
            if news or every_slot:  # --every-slot: also when nothing new was reported
                if profile is not None:
                    profile.enable()
                t0, c0 = time.perf_counter(), time.process_time()
                # the default call unless --move-cost is given (then the rows say so)
                rp = (
                    event.replan(slots[s].start, move_cost=move_cost)
                    if move_cost
                    else event.replan(slots[s].start)
                )
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)  # less sensitive than wall time to other load
                if profile is not None:
                    profile.disable()
                moved += len(rp.moved)
                made_room += len(rp.made_room)  # could have stayed: the ≤ 2 % target's moves
                rebooked += len(rp.rebooked)  # could not stay where they were
                for c in rp.moved:
                    kind = "slot" if c.old_slot != c.new_slot else "table"
                    why = "room" if c.move == "make-room" else "rebooked"
                    detail[f"{kind}/{why}"] = detail.get(f"{kind}/{why}", 0) + 1
                added += len(rp.added)
        final_meetings = [(m.a, m.b, m.slot) for m in event.meetings()]
        live = held(final_meetings)
        original = {(m.a, m.b): (m.slot, m.table) for m in result.schedule.meetings}
        kept = sum(1 for m in event.meetings() if original.get((m.a, m.b)) == (m.slot, m.table))
        event.close()
        ahead = None
        if foresight:
            # the bound within the rules: everything the day brings recorded before the
            # first slot, then one re-plan (kept meetings that can happen never cancelled)
            event = open_event(Path(tmp) / "foresight.sqlite", result, who="simulation")
            for p in (*a_ids, *b_ids):
                if p in no_show:
                    event.no_show(p, at=slots[0].start)
                elif p in late:
                    event.late(p, slots[late[p]].start)
                elif check_ins:
                    event.check_in(p, at=slots[0].start)
            for w in walkers:
                event.walk_in(w, at=slots[arrive[w.id]].start)
            event.replan(slots[0].start)
            ahead = held([(m.a, m.b, m.slot) for m in event.meetings()])
            event.close()
    gap = omni[1] - none[1]
    omni_meetings = [(m.a, m.b, m.slot) for m in omni_result.schedule.meetings]
    walking = {w.id for w in walkers}

    def walk_in_score(meetings: list[tuple[str, str, int]]) -> float:
        return held([m for m in meetings if m[0] in walking or m[1] in walking])[1]

    return {
        "size": size,
        "rate": rate,
        "seed": seed,
        "published": len(published),
        "none": none,
        "live": live,
        "omniscient": omni,
        "recovered": (live[1] - none[1]) / gap if gap > 0 else float("nan"),
        # the walk-ins' meetings (score held): where the worst seeds lose (docs/event-day.md)
        "walk_in_score": {"live": walk_in_score(final_meetings), "omniscient": walk_in_score(omni_meetings)},
        "foresight": None if ahead is None else (ahead[1] - none[1]) / gap if gap > 0 else float("nan"),
        "moved": moved,
        "moved_kinds": detail,
        "added": added,
        "kept": kept,
        "moved_share": moved / kept if kept else float("nan"),
        "made_room": made_room,
        "rebooked": rebooked,
        "made_room_share": made_room / kept if kept else float("nan"),
        "rebooked_share": rebooked / kept if kept else float("nan"),
        "replans": len(times),
        "replan_median_s": float(np.median(times)) if times else 0.0,
        "replan_max_s": float(np.max(times)) if times else 0.0,
        "replan_cpu_median_s": float(np.median(cpu)) if cpu else 0.0,
        "replan_cpu_max_s": float(np.max(cpu)) if cpu else 0.0,
        "no_shows": len(no_show),
        "late": len(late),
        "walk_ins": len(walkers),
        "move_cost": move_cost,
        "check_ins": check_ins,
        "every_slot": every_slot,
        "load_average": os.getloadavg()[0],  # other work on the machine slows every timing
    }


def _recovery(runs: list[dict[str, Any]]) -> tuple[float, float, float, list[int]]:
    """Median, worst seed and pooled (sum recovered / sum of gaps) share of the gap between
    no re-planning and the omniscient plan, and the seeds below the 60 % target."""
    rec = [r["recovered"] for r in runs]
    gaps = sum(r["omniscient"][1] - r["none"][1] for r in runs)
    pooled = sum(r["live"][1] - r["none"][1] for r in runs) / gaps if gaps > 0 else float("nan")
    misses = [r.get("seed", k) for k, r in enumerate(runs) if r["recovered"] < 0.6]
    return float(np.median(rec)), min(rec), pooled, misses


def _shares(runs: list[dict[str, Any]], key: str) -> str:
    """``key`` (a share of the kept meetings) over the seeds: median and worst, and how many
    seeds are above 2 %."""
    shares = [r[key] for r in runs if key in r]
    if not shares:
        return "n/a"
    above = sum(x > 0.02 for x in shares)
    return f"median {np.median(shares):.2%}, worst {max(shares):.2%}, {above} of {len(shares)} seeds > 2 %"


def rows(results: list[dict[str, Any]]) -> list[tuple[str, str, str, str, str]]:
    """Rows for ``run_all.py``'s table (case, measured, reference, ratio, note), one group per
    size and rate over the headline seeds (medians, with the worst seed, pooled recovery and
    the moves by kind), then, for the bundled mission with more seeds (``--more-seeds``), the
    distribution over all of them."""
    out = []
    groups: dict[tuple[str, bool, float], list[dict[str, Any]]] = {}
    for r in results:
        groups.setdefault((r["size"], r.get("check_ins", False), r["rate"]), []).append(r)
    for (size, desk, rate), every in groups.items():
        runs = [r for r in every if r.get("headline", True)]

        def med(key: str, part: int, runs: list[dict[str, Any]] = runs) -> float:
            return float(np.median([r[key][part] for r in runs]))

        median, worst, pooled, misses = _recovery(runs)
        seeds = f"{len(runs)} seed{'s' if len(runs) > 1 else ''}"
        seeds += ", check-ins" if desk else ", no check-ins"
        if runs[0].get("move_cost"):  # not the default call: say so
            seeds += f", move_cost={runs[0]['move_cost']} (not the default)"
        if runs[0].get("every_slot"):  # not the simulated desk's practice: say so
            seeds += ", re-plan at every slot"
        missed = (
            f"seed{'s' if len(misses) > 1 else ''} {', '.join(map(str, misses))} below"
            if misses
            else "none below"
        )
        out.append(
            (
                f"{size} {rate:.0%} no-shows: score held, live ({seeds})",
                f"{med('live', 1):,.1f} ({med('live', 0):,.0f} mtgs)",
                f"none {med('none', 1):,.1f} ({med('none', 0):,.0f}), "
                f"omni {med('omniscient', 1):,.1f} ({med('omniscient', 0):,.0f})",
                f"{median:.0%} of gap",
                f"target ≥60 % at every rate; median {median:.0%}, worst seed {worst:.0%}, "
                f"pooled {pooled:.0%}; {missed} 60 %",
            )
        )
        out.append(
            (
                "  moved to make room / kept",
                _shares(runs, "made_room_share").split(",")[0],
                "target ≤ 2 %",
                f"worst {max(r.get('made_room_share', float('nan')) for r in runs):.2%}",
                f"{_shares(runs, 'made_room_share')}; re-booked (could not stay) / kept: "
                f"{_shares(runs, 'rebooked_share')}; all moves / kept (the old figure): "
                f"{_shares(runs, 'moved_share')}",
            )
        )
        target = 0.05 if size == "bundled" else 1.0
        times = [r["replan_median_s"] for r in runs]
        worst_t = max(r["replan_max_s"] for r in runs)
        out.append(
            (
                f"  re-plan time ({sum(r['replans'] for r in runs)} re-plans)",
                f"median {np.median(times) * 1000:,.1f} ms",
                f"target {target * 1000:,.0f} ms",
                f"{np.median(times) / target:.2f}×",
                f"largest {worst_t * 1000:,.1f} ms = {worst_t / target:.2f}×; CPU median "
                f"{np.median([r['replan_cpu_median_s'] for r in runs]) * 1000:,.1f} ms, largest "
                f"{max(r['replan_cpu_max_s'] for r in runs) * 1000:,.1f} ms; "
                f"load average {max(r.get('load_average', 0) for r in runs):.1f}",
            )
        )
        if len(every) > len(runs):  # the distribution over more seeds (the headline's included)
            median, worst, pooled, misses = _recovery(every)
            rec = np.array([r["recovered"] for r in every])
            q1, q3 = np.quantile(rec, [0.25, 0.75])
            low = ", ".join(f"{r['seed']} ({r['recovered']:.0%})" for r in every if r["recovered"] < 0.6)
            low = low or "none"
            if every[0].get("foresight") is not None:  # --foresight
                ahead = [r["foresight"] for r in every]
                low += f"; with foresight median {np.median(ahead):.0%}, worst {min(ahead):.0%}"
            out.append(
                (
                    f"  {len(every)} seeds: recovered, pooled",
                    f"{pooled:.0%}",
                    f"median {median:.0%}, quartiles {q1:.0%}–{q3:.0%}, worst {worst:.0%}",
                    f"{len(misses)} of {len(every)} seeds < 60 %",
                    f"seeds below 60 %: {low}; "
                    f"made room / kept {_shares(every, 'made_room_share')}; re-booked / kept "
                    f"{_shares(every, 'rebooked_share')}; all moves / kept {_shares(every, 'moved_share')}",
                )
            )
    return out


def diagnosis(results: list[dict[str, Any]]) -> str:
    """``--diagnose``: the moves of each size and rate, by kind and by what they gained."""
    from matchmaker.live.solver import LEX_GRID

    out = []
    groups: dict[tuple[str, bool, float], list[dict[str, Any]]] = {}
    for r in results:
        groups.setdefault((r["size"], r["check_ins"], r["rate"]), []).append(r)
    for (size, desk, rate), runs in groups.items():
        kinds: dict[str, int] = {}
        for r in runs:
            for k, v in r["moved_kinds"].items():
                kinds[k] = kinds.get(k, 0) + v
        progs = [p for r in runs for p in r["programs"]]
        moving = [p for p in progs if p["moves"]]
        gains = [(p["best"] - p["no_moves"]) / LEX_GRID for p in moving]
        per_program = [f"{g:.4f}/{p['moves']}" for g, p in zip(gains, moving, strict=True)]
        label = "check-ins" if desk else "no check-ins"
        extra = sum(p["moves"] - p["fewest"] for p in progs)
        out.append(
            f"{size} {rate:.0%} {label}: moves {sum(r['moved'] for r in runs)} over {len(runs)} seeds, "
            f"by kind {dict(sorted(kinds.items()))}; programs with a move {len(moving)} of {len(progs)}; "
            f"value below the best {sum(p['value'] < p['best'] for p in progs)}; moves above the "
            f"fewest {extra} (in {sum(p['moves'] > p['fewest'] for p in progs)} programs); "
            f"score the moves gained per program: {', '.join(per_program)}; "
            f"gains below 1e-5: {sum(g < 1e-5 for g in gains)}; the second stage found fewer moves in "
            f"{sum(p.get('fewer', 0) > 0 for p in progs)} programs"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the bundled mission at 10 %% only")
    parser.add_argument("--sizes", default="bundled,1000x3000")
    parser.add_argument("--rates", default="0.05,0.10,0.20")
    parser.add_argument("--seeds", type=int, default=5, help="seeds of the bundled mission (default 5)")
    parser.add_argument(
        "--more-seeds",
        type=int,
        default=20,
        help="also play the bundled mission over this many seeds (the headline's first) and report "
        "the distribution (default 20; 0: none)",
    )
    parser.add_argument("--big-seeds", type=int, default=1, help="seeds of the larger events (default 1)")
    parser.add_argument(
        "--move-cost", type=float, default=0.0, help="replan(move_cost=) — not the default (0) when given"
    )
    parser.add_argument(
        "--check-ins",
        choices=("both", "yes", "no"),
        default="both",
        help="play the check-in desk (yes), not (no: 'present' = not known absent), or both rows (default)",
    )
    parser.add_argument("--json", default=None)
    parser.add_argument(
        "--every-slot",
        action="store_true",
        help="re-plan at every slot's start, also when nothing new was reported (the rows say so)",
    )
    parser.add_argument(
        "--foresight",
        action="store_true",
        help="also the bound within the rules: everything the day brings recorded before the first "
        "slot, one re-plan (reported as 'foresight' per seed and in the distribution row)",
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="solve each lexicographic program again: best score, score with no move, fewest moves",
    )
    parser.add_argument(
        "--profile", default=None, help="write a cProfile of every re-plan of the run to this text file"
    )
    args = parser.parse_args(argv)
    profile = cProfile.Profile() if args.profile else None
    sizes = ["bundled"] if args.quick else args.sizes.split(",")
    rates = [0.10] if args.quick else [float(r) for r in args.rates.split(",")]
    results = []
    check = MoveCheck() if args.diagnose else None
    desks = {"both": (True, False), "yes": (True,), "no": (False,)}[args.check_ins]
    for size in sizes:
        for desk in desks:
            for rate in rates:
                headline = 1 if args.quick else args.seeds if size == "bundled" else args.big_seeds
                more = args.more_seeds if size == "bundled" and not args.quick else 0
                for seed in range(max(headline, more)):
                    play = (size, rate, seed, profile, args.move_cost, desk, args.foresight, args.every_slot)
                    if check is None:
                        results.append(simulate(*play))
                    else:
                        with check:
                            start = len(check.rows)
                            results.append(simulate(*play))
                            results[-1]["programs"] = check.rows[start:]
                    results[-1]["headline"] = seed < headline
                    print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    if check is not None:
        print(diagnosis(results))
    table = rows(results)
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    if profile is not None:
        with open(args.profile, "w") as out:
            command = " ".join(argv if argv is not None else sys.argv[1:])
            stamp = dt.datetime.now(dt.timezone.utc)
            out.write(f"# cProfile of every LiveEvent.replan of: python benchmarks/event_day.py {command}\n")
            out.write(f"# {stamp:%a %d %b %Y %H:%M} UTC, load average {os.getloadavg()}\n")
            for r in results:
                out.write(json.dumps(r) + "\n")
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
