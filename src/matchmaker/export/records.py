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


def _name(mission: Mission | None, pid: str) -> str:
    return mission[pid].name if mission is not None and pid in mission else ""


def records(schedule: Any, scores: Any = None, *, mission: Mission | None = None) -> Records:
    """Rows of every table the exports write, from a :class:`~matchmaker.scheduling.Schedule`.

    Meetings are numbered ``M001``... in time order, then the unplaced ones; the numbers
    are the ``meeting`` references of the outcome form.  ``scores`` (rows side A,
    columns side B) adds each meeting's score.
    """
    mission = mission or schedule.mission
    total = getattr(scores, "total", scores)
    a_index = {pid: i for i, pid in enumerate(schedule.a_ids)}
    b_index = {pid: j for j, pid in enumerate(schedule.b_ids)}

    pairs = [(m.a, m.b) for m in schedule.meetings] + [(u.a, u.b) for u in schedule.unplaced]
    pair_scores: list[float | str] = [""] * len(pairs)
    if total is not None and pairs:
        rows = np.fromiter((a_index[a] for a, _ in pairs), dtype=np.intp, count=len(pairs))
        cols = np.fromiter((b_index[b] for _, b in pairs), dtype=np.intp, count=len(pairs))
        pair_scores = [round(v, 4) for v in pair_values(total, rows, cols).tolist()]

    width = max(3, len(str(len(schedule.rows))))
    meetings: list[dict[str, Any]] = []
    for k, m in enumerate(schedule.meetings, start=1):
        meetings.append(
            {
                "meeting": f"M{k:0{width}d}",
                "slot": m.slot + 1,
                "date": m.start.date().isoformat(),
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "table": m.table,
                "a_id": m.a,
                "a_name": _name(mission, m.a),
                "b_id": m.b,
                "b_name": _name(mission, m.b),
                "score": pair_scores[k - 1],
                "status": "placed",
                "reason": "",
            }
        )
    for k, u in enumerate(schedule.unplaced, start=len(meetings) + 1):
        meetings.append(
            {
                "meeting": f"M{k:0{width}d}",
                "slot": "",
                "date": "",
                "start": "",
                "end": "",
                "table": "",
                "a_id": u.a,
                "a_name": _name(mission, u.a),
                "b_id": u.b,
                "b_name": _name(mission, u.b),
                "score": pair_scores[k - 1],
                "status": "unplaced",
                "reason": u.reason.message,
            }
        )
    by_key = {(r["a_id"], r["b_id"], r["start"]): r for r in meetings}
    agendas: list[dict[str, Any]] = []
    for pid in (*schedule.a_ids, *schedule.b_ids):
        for m in schedule.agenda(pid):
            partner = m.partner(pid)
            row = by_key[(m.a, m.b, m.start.isoformat())]
            person = mission[partner] if mission is not None and partner in mission else None
            agendas.append(
                {
                    "participant": pid,
                    "participant_name": _name(mission, pid),
                    "meeting": row["meeting"],
                    "start": m.start.isoformat(),
                    "end": m.end.isoformat(),
                    "table": m.table,
                    "partner": partner,
                    "partner_name": person.name if person else "",
                    "partner_city": (person.city or "") if person else "",
                    "partner_contact": (person.contact or "") if person else "",
                    "score": row["score"],
                }
            )
    tables = _tables_in_order(schedule)
    grid: list[dict[str, Any]] = []
    one_day = len({s.start.date() for s in schedule.plan.slots}) <= 1
    for slot in schedule.plan.slots:
        start = slot.start.strftime("%H:%M" if one_day else "%Y-%m-%d %H:%M")
        grid.append({"slot": slot.index + 1, "start": start, **dict.fromkeys(tables, "")})
    for m in schedule.meetings:
        # at a host's own table the host is implied: show the guest only
        grid[m.slot][m.table] = m.b if m.table == m.a else f"{m.a} – {m.b}"
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
    used = {m.table for m in schedule.meetings}
    return [t for t in schedule.table_labels if t in used]
