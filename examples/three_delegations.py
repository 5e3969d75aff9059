"""A mission of three delegations and foreign buyers, with a who-meets-whom rule.

Run from anywhere after ``pip install -e ".[all]"``::

    python examples/three_delegations.py [OUT_DIR]

Jawa Timur, Sumatera Selatan and Kalimantan Barat all meet each other (the meeting
graph has triangles, so the exact b-matching integer program chooses the meetings, and
they are placed within each participant's own hours); then Malaysian buyers join, who meet only Jawa Timur and
Kalimantan Barat, and get their agendas in Malaysian time.  Participants are synthetic.
"""

from __future__ import annotations

import sys

import matchmaker as mm
from matchmaker.datasets import synthetic_group_mission, three_delegation_mission
from matchmaker.groups import run_groups, score_groups


def main(out: str = "three-delegations-out") -> None:
    mission = three_delegation_mission()  # every pair of the three delegations may meet
    plan = mm.EventPlan(start="09:00", end="16:00", breaks="12:00-13:00", tables=25)
    timetable = run_groups(mission, plan, max_meetings=6)
    print(timetable.summary())

    scores = score_groups(mission)
    a, b, _ = scores.top_pairs(1)[0]
    print(scores.explain(a, b).summary)

    # foreign buyers (no province, country MY) meet Jawa Timur and Kalimantan Barat only
    with_buyers = synthetic_group_mission(
        {"Jawa Timur": 20, "Sumatera Selatan": 24, "Kalimantan Barat": 18},
        foreign_buyers=5,
        seed=2025,
        allowed=[
            ("Jawa Timur", "Sumatera Selatan"),
            ("Jawa Timur", "Kalimantan Barat"),
            ("Sumatera Selatan", "Kalimantan Barat"),
            ("Jawa Timur", "Pembeli Luar Negeri"),
            ("Kalimantan Barat", "Pembeli Luar Negeri"),
        ],
    )
    timetable = run_groups(with_buyers, plan, max_meetings=6)
    print(timetable.summary())
    for meeting in timetable.agenda("MY-001"):  # in the buyer's own time zone (UTC+8)
        print(meeting)
    written = timetable.write(out)
    print(f"{len(written)} files written to {out}/")


if __name__ == "__main__":
    main(*sys.argv[1:2])
