"""The main job: the bundled East Java → South Sumatra mission, end to end.

``python -m matchmaker demo`` (or ``matchmaker demo``) runs :func:`run_demo`: it loads
the bundled mission, scores every pair, matches them within the event's capacity,
timetables the meetings for a realistic day in Palembang, prints what it found and
writes the whole result pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.export import export_all
from matchmaker.export.pack import MANIFEST
from matchmaker.model.mission import Side
from matchmaker.pipeline import MatchmakingResult, default_plan, run
from matchmaker.reporting.console import (
    evaluation_text,
    matching_text,
    plan_text,
    schedule_text,
    unmatched_text,
)
from matchmaker.reporting.labels import label
from matchmaker.reporting.numbers import format_clock, format_count
from matchmaker.reporting.overview import overview
from matchmaker.reporting.reasons import explanation_text
from matchmaker.scheduling.sizing import free_slots

__all__ = ["run_demo"]


def run_demo(
    out: TextIO,
    directory: str | Path = "matchmaker-demo",
    *,
    lang: str = "en",
    plots: bool = True,
    force: bool = False,
    pdf: bool = False,
) -> None:
    """Run the bundled mission end to end, print a summary to ``out`` and write the pack to ``directory``.

    Everything printed is in ``lang`` (in Indonesian, no solver's name: the report's
    technical appendix has them).  ``pdf``: the pack's pages printed to PDF too
    (:func:`~matchmaker.export.export_all`).
    """
    mission = east_java_south_sumatra_2020()
    print(overview(mission).to_text(lang), file=out)
    print(f"\n{label('note', lang)}: {label('synthetic_note', lang)}", file=out)

    result = run(mission, default_plan())
    assert isinstance(result, MatchmakingResult)  # two delegations, one to one: the ordinary path
    scores, matching, timetable = result.scores, result.matching, result.schedule
    print(f"\n{label('demo_best_pairs', lang)}", file=out)
    for a, b, _ in scores.top_pairs(5):
        print(f"  {explanation_text(scores.explain(a, b), lang)}", file=out)

    print(f"\n{label('demo_who_meets', lang)}", file=out)
    caps = result.capacities
    free_a, _ = free_slots(result.plan, mission)
    bounds = label("demo_bounds", lang).format(
        a=mission.side_a.name,
        lo=free_a.min(),
        hi=free_a.max(),
        b=mission.side_b.name,
        blo=caps.col_min.min(),
        bhi=caps.col_max.max(),
    )
    print(f"  {bounds}", file=out)
    print(f"  {matching_text(result, lang)}", file=out)
    short = {s.participant: s for s in result.shortfalls if s.got == 0}  # the rule, where one is to blame
    for u in matching.unmatched[:5]:
        who = unmatched_text(u, lang, short.get(u.id))
        print(f"  {label('demo_without', lang).format(who=who)}", file=out)

    print(f"\n{label('demo_timetable', lang)}", file=out)
    print(f"  {label('demo_plan', lang).format(plan=plan_text(timetable.plan, lang))}", file=out)
    for line in schedule_text(timetable, lang).splitlines():
        print(f"  {line}", file=out)
    sides: tuple[Side, Side] = ("A", "B")
    for side in sides:
        pid = mission.ids(side)[0]
        print(f"\n  {label('demo_agenda_of', lang).format(id=pid, name=mission[pid].name)}", file=out)
        for m in timetable.agenda(pid):
            partner = m.partner(pid)
            print(
                f"    {format_clock(m.start, lang)}-{format_clock(m.end, lang)}  "
                f"{label('table', lang).lower()} {m.table:8} "
                f"{partner} {mission[partner].name}",
                file=out,
            )

    print(f"\n{label('demo_evaluation', lang)}", file=out)
    for line in evaluation_text(result.evaluation, lang).splitlines():
        print(f"  {line}", file=out)

    written = export_all(
        result, directory, lang=lang, plots=plots, note=label("synthetic_note", lang), force=force, pdf=pdf
    )
    # the manifest too: it is a file of the pack (the count is what the folder holds)
    files = format_count(
        sum(len(v) for v in written.values()) + 1, "file" if lang == "en" else "berkas", lang=lang
    )
    kinds = ", ".join([_kind_summary(k, v, Path(directory), lang) for k, v in written.items()] + [MANIFEST])
    where = Path(directory).resolve()
    print(f"\n{label('files_summary', lang).format(files=files, path=where, kinds=kinds)}", file=out)
    print(label("open_report", lang).format(path=where / "report.html"), file=out)


def _kind_summary(kind: str, paths: Sequence[Path], directory: Path, lang: str) -> str:
    """One format's files in the summary line: ``csv (4)``; the agendas by what they are, since
    their count is mostly the messages (``agendas (contacts.csv, agendas.html, 161 messages)``,
    not ``agendas (163)``).

    >>> d = Path("out")
    >>> _kind_summary("agendas", [d / "agendas.html", d / "messages" / "A.txt", d / "messages" / "B.txt"],
    ...               d, "id")
    'agenda (agendas.html, 2 pesan)'
    >>> _kind_summary("ics", [d / "ics" / "A.ics"], d, "en")
    'ics (1)'
    """
    if kind != "agendas":
        return f"{kind} ({len(paths)})"
    top = [p.name for p in paths if p.parent == directory]
    if len(paths) > len(top):  # the rest are the messages/ folder's
        top.append(format_count(len(paths) - len(top), "message" if lang == "en" else "pesan", lang=lang))
    return f"{label('pack_agendas', lang)} ({', '.join(top)})"
