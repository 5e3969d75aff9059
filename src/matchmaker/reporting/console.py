"""The lines the command line prints after a run, in English or Bahasa Indonesia.

English keeps the wording of :meth:`Schedule.summary
<matchmaker.scheduling.Schedule.summary>` and :meth:`Evaluation.to_text
<matchmaker.reporting.evaluate.Evaluation.to_text>`; Indonesian translates every line
and writes numbers the Indonesian way.  The reasons of unplaced meetings and the
solvers' names stay as the solvers give them.
"""

from __future__ import annotations

from typing import Any

from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import format_count, format_number

__all__ = ["plan_text", "run_text", "schedule_text"]


def plan_text(plan: Any, lang: str = "en") -> str:
    """An event plan in one line: days, time zone, slots, lengths, breaks, tables."""
    if check_language(lang) == "en":
        return str(plan)
    slots = plan.slots if plan.days else ()
    where = (
        f"meja tetap per peserta sisi {plan.hosts}"
        if plan.hosts
        else f"{plan.tables} meja"
        if plan.tables
        else "meja tidak terbatas"
    )
    days = ", ".join(d.isoformat() for d in sorted(plan.days)) or "tanpa tanggal"
    minutes, gap = (int(t.total_seconds() // 60) for t in (plan.meeting, plan.buffer))
    return (
        f"{days} ({plan.timezone or 'Asia/Jakarta'}): {len(slots)} sesi {minutes} menit + jeda {gap} menit "
        f"mulai {plan.start:%H:%M}, {len(plan.breaks)} istirahat, {where}"
    )


def schedule_text(schedule: Any, lang: str = "en") -> str:
    """What a timetable achieved: meetings placed, slots against the bound, gaps, method, unplaced."""
    if check_language(lang) == "en":
        return str(schedule.summary())
    proof = label({True: "proof_true", False: "proof_false", None: "proof_none"}[schedule.optimal], lang)
    lines = [
        label("cli_placed", lang).format(
            placed=schedule.n_placed,
            total=format_count(len(schedule.pairs), "pertemuan", lang=lang),
            used=schedule.slots_used,
            slots=len(schedule.plan.slots),
            bound=schedule.slot_bound,
            most=schedule.placed_bound,
        ),
        label("cli_method", lang).format(
            method=schedule.method, backend=schedule.backend, proof=proof, gaps=schedule.gaps
        ),
    ]
    if schedule.moved:
        lines.append(
            label("cli_moved", lang).format(n=format_count(len(schedule.moved), "pertemuan", lang=lang))
        )
    for u in schedule.unplaced[:10]:
        lines.append(
            label("cli_unplaced", lang).format(a=u.a, b=u.b, reason=f"{u.reason.message} [{u.reason.kind}]")
        )
    if len(schedule.unplaced) > 10:
        lines.append(label("cli_more_unplaced", lang).format(n=len(schedule.unplaced) - 10))
    return "\n".join(lines)


def run_text(result: Any, lang: str = "en") -> str:
    """The matching line (against the greedy baseline), the rules a heuristic broke, the
    timetable and the evaluation, for a :class:`~matchmaker.pipeline.MatchmakingResult`.

    Examples
    --------
    >>> import matchmaker as mm
    >>> result = mm.run(mm.east_java_south_sumatra_2020())
    >>> print(run_text(result, "id").splitlines()[0])  # doctest: +ELLIPSIS
    pencocokan: ... pertemuan dengan flow (...), nilai tujuan ...,... dibanding greedy ...,... (+...,... %)
    """
    check_language(lang)
    m, g = result.matching, result.baseline
    meetings = format_count(len(m.pairs), "meeting" if lang == "en" else "pertemuan", lang=lang)
    head = label("cli_matching", lang).format(
        meetings=meetings,
        method=m.method,
        backend=m.backend,
        objective=format_number(m.objective, lang, decimals=3),
    )
    if g is not None and g.objective:
        gain = 100 * (m.objective - g.objective) / g.objective
        head += label("cli_vs_greedy", lang).format(
            objective=format_number(g.objective, lang, decimals=3),
            gain=f"+{format_number(gain, lang, decimals=1)} %",
        )
    broken = [label("cli_warning", lang).format(problem=p) for p in m.violations]
    return "\n".join([head, *broken, schedule_text(result.schedule, lang), result.evaluation.to_text(lang)])
