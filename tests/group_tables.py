"""The four-delegation table of the group path's walkthrough, shared by the group tests.

East Java, South Sumatra and West Kalimantan with foreign buyers (``synthetic_group_mission``,
seed 7), and the three cases the walkthrough looked at: a group meeting hosted by the first
participant, a team of two, and an online-only buyer (the last participant).
"""

from __future__ import annotations

from matchmaker.datasets import synthetic_group_mission
from matchmaker.model.groups import GroupMission
from matchmaker.model.participant import Participant


def with_extra(people: list[Participant], index: int, **extra: str) -> None:
    """Set columns of ``people[index]``'s ``extra`` (the table's other columns), in place."""
    people[index] = people[index].replace(extra={**dict(people[index].extra), **extra})


def four_delegation_mission() -> GroupMission:
    """The walkthrough's mission (name, date and venue the synthetic mission's)."""
    m = synthetic_group_mission(
        {"Jawa Timur": 12, "Sumatera Selatan": 14, "Kalimantan Barat": 10}, foreign_buyers=4, seed=7
    )
    people = list(m.participants)
    with_extra(people, 0, group_meeting="SS-001; SS-002; KB-003", group_meeting_slots="3")
    with_extra(people, 1, team_size="2")
    with_extra(people, len(people) - 1, mode="online", meeting_link="https://meet.example/my4")
    return GroupMission.from_participants(people, name=m.name, date=m.date, venue=m.venue)


def four_delegation_people() -> list[Participant]:
    """The walkthrough's participants, as a table lists them."""
    return list(four_delegation_mission().participants)
