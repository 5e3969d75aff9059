"""A mission of three delegations and foreign buyers, with a who-meets-whom rule.

Run from anywhere after ``pip install -e ".[all]"``::

    python examples/three_delegations.py [OUT_DIR]

Jawa Timur, Sumatera Selatan and Kalimantan Barat all meet each other (the meeting
graph has triangles, so the exact b-matching integer program chooses the meetings, and
they are placed within each participant's own hours); then Malaysian buyers join, who
meet only Jawa Timur and Kalimantan Barat within their hours in Malaysian time (their
agendas give the venue's time, WIB, as their partners' do), and
a Jawa Timur company meets three Kalimantan Barat buyers together for an hour (a group
meeting); ``mm.run()`` plans that one, as it plans any mission.  The whole pack (CSV,
JSON, XLSX, calendars, agendas (a meeting at a table in the event's time zone, an online
one in the participant's own), HTML report,
text messages and contacts) is written to OUT_DIR by ``mm.export_all``.  Participants
are synthetic.
"""

from __future__ import annotations

import dataclasses
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
    # JT-001 meets three Kalimantan Barat buyers at one table for three slots: the
    # group_meeting and group_meeting_slots columns of its row in a participant table
    group = {"group_meeting": "KB-001; KB-002; KB-003", "group_meeting_slots": "3"}
    people = [
        p.replace(extra={**dict(p.extra), **group}) if p.id == "JT-001" else p
        for p in with_buyers.participants
    ]
    with_buyers = dataclasses.replace(with_buyers, participants=tuple(people))
    result = mm.run(with_buyers, plan, max_meetings=6)  # run() takes any mission: a GroupResult here
    print(result.summary())
    for meeting in result.schedule.agenda("MY-001"):  # at a table: the event's time, WIB
        print(meeting)
    print(next(m for m in result.schedule.agenda("KB-002") if m.kind == "group"))
    for shortfall in result.shortfalls[:3]:  # who got fewer meetings than asked, and why
        print(shortfall)
    written = mm.export_all(result, out)  # the same pack as a two-delegation run, through the same call
    print(f"{sum(len(v) for v in written.values())} files written to {out}/")


if __name__ == "__main__":
    main(*sys.argv[1:2])
