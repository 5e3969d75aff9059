"""The meetings to timetable, as the scheduling functions take them: a matching or a list of pairs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission
from matchmaker.model.participant import Participant
from matchmaker.scheduling.algorithms._arrays import IntArray

__all__ = ["Meetings", "PairsOf", "not_meetings", "read_meetings"]


@runtime_checkable
class PairsOf(Protocol):
    """Anything that holds meetings as ``pairs`` of ``(row, col)`` indices into ``row_ids``
    (side A) and ``col_ids`` (side B): a :class:`~matchmaker.assignment.Matching`, a
    :class:`~matchmaker.scheduling.Schedule`; its ``mission``, when it has one, is used."""

    @property
    def row_ids(self) -> Sequence[str]: ...

    @property
    def col_ids(self) -> Sequence[str]: ...

    @property
    def pairs(self) -> ArrayLike: ...


#: A matching (or schedule) or ``(a_id, b_id)`` pairs, side A first.
Meetings = PairsOf | Iterable[Sequence[str]]


def not_meetings(meetings: object, call: str, usage: str) -> Problem | None:
    """The one problem of something given where meetings are expected that is no kind of
    meetings at all (a mission, its participants, a number, a text), else ``None``.

    One line, naming what was given by its type: listing each of a mission's participants
    as "not an (a_id, b_id) pair" (their full reprs, 161 of them) told nothing.

    >>> print(not_meetings(8, "size_event", "size_event(per_participant=8, n_a=46, n_b=115)").message)
    size_event takes the meetings (a Matching, or (a_id, b_id) pairs of ids), not an int
    """
    if isinstance(meetings, PairsOf):
        return None
    no_pairs = isinstance(meetings, (str, bytes, int, float)) or not isinstance(meetings, Iterable)
    if no_pairs or (hasattr(meetings, "participants") and hasattr(meetings, "side")):  # or a mission
        given = type(meetings).__name__
    elif isinstance(meetings, Sequence) and any(isinstance(item, Participant) for item in meetings):
        given = "list of participants"
    else:
        return None
    article = "an" if given[0].lower() in "aeiou" else "a"
    return Problem(
        f"{call} takes the meetings (a Matching, or (a_id, b_id) pairs of ids), not {article} {given}",
        kind="type",
        field="meetings",
        hint=f"e.g. {usage}",
        data={"given": given},
    )


def read_meetings(
    meetings: Meetings, mission: Mission | None, allow_repeats: bool
) -> tuple[tuple[str, ...], tuple[str, ...], IntArray, IntArray, Mission | None]:
    """``(row_ids, col_ids, rows, cols, mission)`` of the meetings, checked before any work.

    Without a mission, ids are numbered in order of appearance on each side.

    Raises
    ------
    ValidationError
        Every bad meeting at once: not a pair, an id on both sides or on the wrong side,
        an id not in the mission, a pair repeated without ``allow_repeats``.

    Examples
    --------
    >>> a_ids, b_ids, rows, cols, _ = read_meetings([("A1", "B1"), ("A2", "B1")], None, False)
    >>> a_ids, b_ids, rows.tolist(), cols.tolist()
    (('A1', 'A2'), ('B1',), [0, 1], [0, 0])
    """
    problems: list[Problem] = []
    wrong = not_meetings(meetings, "schedule", "schedule(matching, plan, mission=mission)")
    if wrong is not None:
        raise ValidationError(wrong)
    if isinstance(meetings, PairsOf):
        a_ids, b_ids = tuple(meetings.row_ids), tuple(meetings.col_ids)
        pairs = np.asarray(meetings.pairs, dtype=np.intp).reshape(-1, 2)
        if mission is None:  # a matching carries the mission it was made for
            mission = getattr(meetings, "mission", None)
        if mission is not None and (a_ids, b_ids) != (mission.ids("A"), mission.ids("B")):
            raise ValidationError(
                Problem(
                    "the matching's participants are not the mission's",
                    kind="mismatch",
                    hint="schedule the matching with the mission it was made for",
                )
            )
        # Three reductions tell whether any pair points outside (``min(axis=0)`` of the
        # two columns is ten times slower than one flat ``min``); which one, only if so.
        inside = len(pairs) == 0 or (
            int(pairs.min()) >= 0
            and int(pairs[:, 0].max()) < len(a_ids)
            and int(pairs[:, 1].max()) < len(b_ids)
        )
        bad = np.zeros(0, dtype=np.intp)
        if not inside:
            bad = np.flatnonzero(
                (pairs[:, 0] < 0)
                | (pairs[:, 0] >= len(a_ids))
                | (pairs[:, 1] < 0)
                | (pairs[:, 1] >= len(b_ids))
            )
        if len(bad):
            raise ValidationError(
                Problem(
                    f"pair {bad[0]} of the matching points outside its ids",
                    kind="invalid-meeting",
                    data={"pair": int(bad[0])},
                )
            )
        rows, cols = pairs[:, 0].copy(), pairs[:, 1].copy()
    else:
        items = list(meetings)
        a_index: dict[str, int] = {}
        b_index: dict[str, int] = {}
        if mission is not None:
            a_index = {pid: i for i, pid in enumerate(mission.ids("A"))}
            b_index = {pid: i for i, pid in enumerate(mission.ids("B"))}
        rows_l, cols_l = [], []
        for n, item in enumerate(items):
            if isinstance(item, (str, bytes)) or not isinstance(item, Sequence) or len(item) != 2:
                problems.append(
                    Problem(
                        f"meeting {n} is {item!r}, not an (a_id, b_id) pair",
                        kind="invalid-meeting",
                        data={"meeting": n},
                    )
                )
                continue
            a, b = (str(x) for x in item)
            if mission is None:
                if a in b_index or b in a_index or a == b:
                    problems.append(
                        Problem(
                            f"meeting {n}: an id cannot be on both sides",
                            kind="both-sides",
                            participants=(a, b),
                            data={"meeting": n},
                        )
                    )
                    continue
                rows_l.append(a_index.setdefault(a, len(a_index)))
                cols_l.append(b_index.setdefault(b, len(b_index)))
                continue
            if a in a_index and b in b_index:
                rows_l.append(a_index[a])
                cols_l.append(b_index[b])
            elif a in b_index and b in a_index:
                problems.append(
                    Problem(
                        f"meeting {n} ({a}, {b}) names side B first",
                        kind="wrong-side",
                        participants=(a, b),
                        hint=f"write it as ({b!r}, {a!r})",
                        data={"meeting": n},
                    )
                )
            else:
                for pid, side in ((a, a_index), (b, b_index)):
                    if pid not in side:
                        where = "not a participant" if pid not in mission else "on the wrong side"
                        problems.append(
                            Problem(
                                f"meeting {n}: {pid!r} is {where} of mission {mission.name!r}",
                                kind="unknown-participant",
                                participants=(pid,),
                                data={"meeting": n},
                            )
                        )
        if problems:
            raise ValidationError(problems)
        a_ids = tuple(mission.ids("A")) if mission is not None else tuple(a_index)
        b_ids = tuple(mission.ids("B")) if mission is not None else tuple(b_index)
        rows, cols = np.array(rows_l, dtype=np.intp), np.array(cols_l, dtype=np.intp)
    if not allow_repeats and len(rows):
        key = rows.astype(np.int64) * len(b_ids) + cols
        # Whether any pair repeats, by one stable sort (a merge of the runs a matching's
        # pairs come in, about 0.7 ms at 50,000 meetings, where np.unique with indices
        # and counts took 2.5 ms); the counts and first meetings only when one does.
        ordered = np.sort(key, kind="stable")
        if np.any(ordered[1:] == ordered[:-1]):
            _, first, count = np.unique(key, return_index=True, return_counts=True)
            for e in first[count > 1].tolist():
                problems.append(
                    Problem(
                        f"the pair meets {int(count[first == e][0])} times",
                        kind="repeated-pair",
                        participants=(a_ids[rows[e]], b_ids[cols[e]]),
                        hint="pass allow_repeats=True if they should meet more than once",
                    )
                )
        if problems:
            raise ValidationError(problems)
    return a_ids, b_ids, rows, cols, mission
