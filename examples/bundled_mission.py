"""The bundled East Java → South Sumatra mission, step by step through the Python API.

Run from anywhere after ``pip install -e ".[all]"``::

    python examples/bundled_mission.py [OUT_DIR]

The same steps as ``python -m matchmaker demo``, written out: load, score, explain a
pair, match and timetable within each participant's free slots, evaluate, export.
"""

from __future__ import annotations

import sys

import matchmaker as mm


def main(out: str = "bundled-mission-out") -> None:
    mission = mm.east_java_south_sumatra_2020()  # participants are synthetic; the event is real
    print(mm.overview(mission))

    scores = mm.score(mission)  # rows: side A (East Java), columns: side B (South Sumatra)
    a, b, _ = scores.top_pairs(1)[0]
    print(scores.explain(a, b))

    result = mm.run(mission)  # bounds from each participant's free slots, a greedy baseline
    print(result.schedule.summary())
    print(result.evaluation)
    for meeting in result.schedule.agenda(mission.ids("A")[0]):
        print(meeting)

    written = mm.export_all(result, out, lang="id", plots=False)
    print(f"{sum(len(paths) for paths in written.values())} files written to {out}/")


if __name__ == "__main__":
    main(*sys.argv[1:2])
