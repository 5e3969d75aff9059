"""The rows every export writes: meetings, agendas, the slot × table grid, the outcome form.

One place builds them so that CSV, JSON, XLSX and HTML show the same figures.  Meeting
and agenda times are ISO 8601 with their UTC offset (``2020-12-02T09:00:00+07:00``); the
grid shows the event's local wall-clock time, whose zone is in ``result.json``
(``plan.timezone``) and in the report's heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matchmaker.model.mission import Mission
from matchmaker.reporting.evaluate import pair_values
from matchmaker.reporting.outcomes import OUTCOME_COLUMNS

__all__ = ["AGENDA_COLUMNS", "MEETING_COLUMNS", "Records", "records"]

#: Columns of the meetings table (one row per meeting, placed or not).
MEETING_COLUMNS = (
    "meeting",
    "slot",
    "date",
    "start",
    "end",
    "table",
    "a_id",
    "a_name",
    "b_id",
    "b_name",
    "score",
    "status",
    "reason",
)
#: Columns of the agendas table (one row per participant and meeting).
AGENDA_COLUMNS = (
    "participant",
    "participant_name",
    "meeting",
    "start",
    "end",
    "table",
    "partner",
    "partner_name",
    "partner_city",
    "partner_contact",
    "score",
)


@dataclass(frozen=True)
class Records:
    """Rows for the exports; see :func:`records`."""

    meetings: tuple[dict[str, Any], ...]
    agendas: tuple[dict[str, Any], ...]
    grid: tuple[dict[str, Any], ...]
    grid_columns: tuple[str, ...]
    outcome_form: tuple[dict[str, Any], ...]
    outcome_columns: tuple[str, ...]


def _details(mission: Mission | None, ids: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Name, city and contact of each id ("" for ids the mission does not know)."""
    people = [mission[pid] if mission is not None and pid in mission else None for pid in ids]
    return (
        [p.name if p else "" for p in people],
        [(p.city or "") if p else "" for p in people],
        [(p.contact or "") if p else "" for p in people],
    )


def records(schedule: Any, scores: Any = None, *, mission: Mission | None = None) -> Records:
    """Rows of every table the exports write, from a :class:`~matchmaker.scheduling.Schedule`.

    Meetings are numbered ``M001``... in time order, then the unplaced ones; the numbers
    are the ``meeting`` references of the outcome form.  ``scores`` (rows side A,
    columns side B) adds each meeting's score.
    """
    mission = mission or schedule.mission
    total = getattr(scores, "total", scores)
    # Straight from the schedule's arrays (no ScheduledMeeting objects): times are
    # formatted once per slot and names looked up once per participant.
    slot, table = np.asarray(schedule.slot), np.asarray(schedule.table)
    placed = np.flatnonzero(slot >= 0)
    placed = placed[np.lexsort((table[placed], slot[placed]))]  # by slot, then table
    order = np.concatenate([placed, np.array(sorted(schedule.reasons), dtype=np.intp)]).astype(np.intp)
    rows, cols = np.asarray(schedule.pairs)[order].T
    pair_scores: list[float | str] = [""] * len(order)
    if total is not None and len(order):
        pair_scores = [round(v, 4) for v in pair_values(total, rows, cols).tolist()]
    width = max(3, len(str(len(schedule.pairs))))
    numbers = [f"M{k:0{width}d}" for k in range(1, len(order) + 1)]
    starts = [s.start.isoformat() for s in schedule.plan.slots]
    ends = [s.end.isoformat() for s in schedule.plan.slots]
    dates = [s.start.date().isoformat() for s in schedule.plan.slots]
    a_ids, b_ids, labels = schedule.row_ids, schedule.col_ids, schedule.table_labels
    ids = (*a_ids, *b_ids)
    names, cities, contacts = _details(mission, ids)
    n_a, n_placed = len(a_ids), len(placed)
    r, c = rows.tolist(), cols.tolist()
    s_of, t_of = slot[placed].tolist(), table[placed].tolist()
    meetings: list[dict[str, Any]] = [
        {
            "meeting": numbers[k],
            "slot": s + 1,
            "date": dates[s],
            "start": starts[s],
            "end": ends[s],
            "table": labels[t],
            "a_id": a_ids[i],
            "a_name": names[i],
            "b_id": b_ids[j],
            "b_name": names[n_a + j],
            "score": pair_scores[k],
            "status": "placed",
            "reason": "",
        }
        for k, (i, j, s, t) in enumerate(zip(r, c, s_of, t_of, strict=False))
    ]
    meetings += [
        {
            "meeting": numbers[k],
            "slot": "",
            "date": "",
            "start": "",
            "end": "",
            "table": "",
            "a_id": a_ids[r[k]],
            "a_name": names[r[k]],
            "b_id": b_ids[c[k]],
            "b_name": names[n_a + c[k]],
            "score": pair_scores[k],
            "status": "unplaced",
            "reason": schedule.reasons[e].message,
        }
        for k, e in enumerate(order[n_placed:].tolist(), start=n_placed)
    ]
    # Agendas: every participant (side A, then side B) with its meetings in time order.
    who = np.concatenate([rows[:n_placed], n_a + cols[:n_placed]])
    partner = np.concatenate([n_a + cols[:n_placed], rows[:n_placed]])
    by_who = np.argsort(who, kind="stable")
    agendas: list[dict[str, Any]] = [
        {
            "participant": ids[v],
            "participant_name": names[v],
            "meeting": numbers[k],
            "start": starts[s_of[k]],
            "end": ends[s_of[k]],
            "table": labels[t_of[k]],
            "partner": ids[q],
            "partner_name": names[q],
            "partner_city": cities[q],
            "partner_contact": contacts[q],
            "score": pair_scores[k],
        }
        for v, q, k in zip(
            who[by_who].tolist(), partner[by_who].tolist(), (by_who % max(n_placed, 1)).tolist(), strict=True
        )
    ]
    tables = _tables_in_order(schedule)
    grid: list[dict[str, Any]] = []
    one_day = len({s.start.date() for s in schedule.plan.slots}) <= 1
    for slot in schedule.plan.slots:
        start = slot.start.strftime("%H:%M" if one_day else "%Y-%m-%d %H:%M")
        grid.append({"slot": slot.index + 1, "start": start, **dict.fromkeys(tables, "")})
    for row, s in zip(meetings, s_of, strict=False):
        # at a host's own table the host is implied: show the guest only
        a, b, label_ = row["a_id"], row["b_id"], row["table"]
        grid[s][label_] = b if label_ == a else f"{a} – {b}"
    outcome = tuple(
        {
            "meeting": r["meeting"],
            "start": r["start"],
            "table": r["table"],
            "a_id": r["a_id"],
            "a_name": r["a_name"],
            "b_id": r["b_id"],
            "b_name": r["b_name"],
            "seller": "",
            "value_idr": "",
            "commodity": "",
            "mou": "",
            "notes": "",
        }
        for r in meetings
        if r["status"] == "placed"
    )
    form_columns = (
        "meeting",
        "start",
        "table",
        "a_id",
        "a_name",
        "b_id",
        "b_name",
        *[c for c in OUTCOME_COLUMNS if c not in ("meeting", "a_id", "b_id")],
    )
    return Records(
        meetings=tuple(meetings),
        agendas=tuple(agendas),
        grid=tuple(grid),
        grid_columns=("slot", "start", *tables),
        outcome_form=outcome,
        outcome_columns=form_columns,
    )


def _tables_in_order(schedule: Any) -> Sequence[str]:
    table = np.asarray(schedule.table)[np.asarray(schedule.slot) >= 0]
    used = set(np.unique(table).tolist())
    return [t for i, t in enumerate(schedule.table_labels) if i in used]
