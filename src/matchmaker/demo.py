"""The main job: the bundled East Java → South Sumatra mission, end to end.

``python -m matchmaker demo`` (or ``matchmaker demo``) runs :func:`run_demo`: it loads
the bundled mission, scores every pair, matches them within the event's capacity,
timetables the meetings for a realistic day in Palembang, prints what it found and
writes the whole result pack.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.export import export_all
from matchmaker.model.mission import Side
from matchmaker.pipeline import default_plan, run
from matchmaker.reporting.labels import label
from matchmaker.reporting.overview import overview
from matchmaker.scheduling.sizing import free_slots

__all__ = ["run_demo"]


def run_demo(
    out: TextIO,
    directory: str | Path = "matchmaker-demo",
    *,
    lang: str = "en",
    plots: bool = True,
    force: bool = False,
) -> None:
    """Run the bundled mission end to end, print a summary to ``out`` and write the pack to ``directory``."""
    mission = east_java_south_sumatra_2020()
    print(overview(mission), file=out)
    print(f"\nNote: {label('synthetic_note', 'en')}", file=out)

    result = run(mission, default_plan())
    scores, matching, timetable = result.scores, result.matching, result.schedule
    print("\n== Best pairs (score and why) ==", file=out)
    for a, b, _ in scores.top_pairs(5):
        print(f"  {scores.explain(a, b).summary}", file=out)

    greedy = result.baseline
    print("\n== Who meets whom ==", file=out)
    caps = result.capacities
    free_a, _ = free_slots(result.plan, mission)
    print(
        f"  bounds: {mission.side_a.name} up to the slots each can attend ({free_a.min()}–{free_a.max()}) "
        f"or their own maximum; {mission.side_b.name} {caps.col_min.min()}–{caps.col_max.max()} each",
        file=out,
    )
    gain = ""
    if greedy is not None and greedy.objective:
        gain = (
            f" vs greedy {greedy.objective:.2f} (+{100 * (matching.objective / greedy.objective - 1):.1f} %)"
        )
    print(
        f"  {len(matching.pairs)} meetings by {matching.method} ({matching.backend}); "
        f"total score {matching.objective:.2f}{gain}",
        file=out,
    )
    for u in matching.unmatched[:5]:
        print(f"  without a meeting: {u}", file=out)

    print("\n== Timetable ==", file=out)
    print(f"  plan: {timetable.plan}", file=out)
    for line in timetable.summary().splitlines():
        print(f"  {line}", file=out)
    sides: tuple[Side, Side] = ("A", "B")
    for side in sides:
        pid = mission.ids(side)[0]
        print(f"\n  Agenda of {pid} {mission[pid].name}:", file=out)
        for m in timetable.agenda(pid):
            partner = m.partner(pid)
            print(
                f"    {m.start:%H:%M}-{m.end:%H:%M}  table {m.table:8} {partner} {mission[partner].name}",
                file=out,
            )

    print("\n== Evaluation ==", file=out)
    for line in str(result.evaluation).splitlines():
        print(f"  {line}", file=out)

    written = export_all(
        result, directory, lang=lang, plots=plots, note=label("synthetic_note", lang), force=force
    )
    files = sum(len(v) for v in written.values())
    print(
        f"\nWrote {files} files to {Path(directory).resolve()}: "
        f"{', '.join(f'{k} ({len(v)})' for k, v in written.items())}",
        file=out,
    )
    print(f"Open {Path(directory).resolve() / 'report.html'} in a browser.", file=out)
