"""The rows every export writes: meetings, agendas, the slot × table grid, the outcome form.

One place builds them so that CSV, JSON, XLSX and HTML show the same figures.  Meeting
and agenda times are ISO 8601 with their UTC offset (``2020-12-02T09:00:00+07:00``); the
grid shows the event's local wall-clock time, whose zone is in ``result.json``
(``plan.timezone``) and in the report's heading.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, overload

import numpy as np
from numpy.typing import NDArray

from matchmaker.model.mission import Mission
from matchmaker.reporting.evaluate import PairScores, pair_values
from matchmaker.reporting.outcomes import OUTCOME_COLUMNS

if TYPE_CHECKING:
    from matchmaker.scheduling.schedule import Schedule

__all__ = [
    "AGENDA_COLUMNS",
    "MEETING_COLUMNS",
    "Records",
    "Table",
    "meeting_references",
    "outcome_form_columns",
    "records",
]

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


def outcome_form_columns(*, delegations: bool = False) -> tuple[str, ...]:
    """The outcome form's columns: the meeting, when and where, who, then the deal's.

    ``delegations``: each participant's delegation after its name (the group pack's form,
    where the ``a_id``/``b_id`` columns are no side of their own).

    >>> outcome_form_columns()[:8]
    ('meeting', 'start', 'table', 'a_id', 'a_name', 'b_id', 'b_name', 'seller')
    >>> outcome_form_columns(delegations=True)[3:9]
    ('a_id', 'a_name', 'a_delegation', 'b_id', 'b_name', 'b_delegation')
    """
    who = ("a_id", "a_name", "a_delegation", "b_id", "b_name", "b_delegation")
    deal = tuple(c for c in OUTCOME_COLUMNS if c not in ("meeting", "a_id", "b_id"))
    return ("meeting", "start", "table", *(who if delegations else who[:2] + who[3:5]), *deal)


def meeting_references(n: int, total: int | None = None) -> list[str]:
    """The references of ``n`` meetings, ``M001``...: as many digits as ``total`` (default ``n``)
    has, at least three, so that the references sort as the meetings do.

    >>> meeting_references(2), meeting_references(1, 1200)
    (['M001', 'M002'], ['M0001'])
    """
    width = max(3, len(str(n if total is None else total)))
    return list(map(f"M%0{width}d".__mod__, range(1, n + 1)))


#: A column of a :class:`Table`: its values, or distinct values and each row's index into them.
Column = tuple[Sequence["Cell"], "NDArray[np.intp] | None"]

#: One cell of an export table: text, a number, or empty.
Cell: TypeAlias = str | int | float | None


class Table(Sequence[dict[str, Cell]]):
    """The rows of one export table, kept as columns; a row's dict is built when asked for.

    Most cells repeat (ids, names, times, tables), so a column is its distinct values and
    each row's index into them: the writers (:func:`~matchmaker.export.write_csv_pack`,
    :func:`~matchmaker.export.write_json`) turn each distinct value into text once, and
    no dict per row is built unless someone reads the rows.  A ``Table`` compares equal
    to a tuple or list of the same dicts.

    >>> t = Table(("id", "name"), {"id": (["A1", "A2"], None), "name": (["Ani"], np.zeros(2, np.intp))}, 2)
    >>> list(t)
    [{'id': 'A1', 'name': 'Ani'}, {'id': 'A2', 'name': 'Ani'}]
    >>> t[1], len(t), t.texts("name", lambda values: [v.upper() for v in values])
    ({'id': 'A2', 'name': 'Ani'}, 2, ['ANI', 'ANI'])
    """

    def __init__(self, columns: Sequence[str], data: Mapping[str, Column], n: int) -> None:
        self.columns = tuple(columns)
        self._data = dict(data)
        self._n = n
        self._rows: tuple[dict[str, Cell], ...] | None = None

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> dict[str, Cell]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[dict[str, Cell], ...]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Cell] | tuple[dict[str, Cell], ...]:
        return self.rows[index]

    def __iter__(self) -> Iterator[dict[str, Cell]]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Table, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside; compared by rows

    def __repr__(self) -> str:
        return f"Table({len(self)} rows × {self.columns!r})"

    @property
    def rows(self) -> tuple[dict[str, Cell], ...]:
        """Every row as a dict (built once, on first use)."""
        if self._rows is None:
            values = [self.values(c) for c in self.columns]
            self._rows = tuple(dict(zip(self.columns, row, strict=True)) for row in zip(*values, strict=True))
        return self._rows

    def values(self, column: str) -> list[Cell]:
        """The value of ``column`` in every row."""
        distinct, index = self._data[column]
        if index is None:
            return list(distinct)
        return _take(list(distinct), index)

    def texts(
        self,
        column: str,
        convert: Callable[[Sequence[Any]], list[str]],
        cache: dict[int, list[str]] | None = None,
    ) -> list[str]:
        """The text of ``column`` in every row: ``convert`` makes texts of a list of values
        and gets each column's distinct values once; ``cache`` keeps them between the columns
        (and tables) that share one list of values (ids, names, times)."""
        distinct, index = self._data[column]
        done = cache.get(id(distinct)) if cache is not None else None
        if done is None:
            done = convert(distinct)
            if cache is not None:
                cache[id(distinct)] = done
        return list(done) if index is None else _take(done, index)

    def pieces(self, texts: Callable[[int, str, Sequence[Any]], list[str]]) -> list[str]:
        """The table's text as pieces, row after row (``"".join`` of them is the text):
        ``texts(k, column, values)`` gives the text of each of the ``k``-th column's distinct
        ``values``, with whatever the writer puts around a cell (a delimiter, a key, a line end).

        Adjacent columns that every row indexes alike (an id and its name, a slot's date,
        start and end) are joined per distinct value first, so a row is one piece per run
        of such columns, and the pieces are laid out by whole-array takes: no step, no
        string and no tuple per row; the writer's one join copies each character once.

        >>> t = Table(("id", "name"), {"id": (["A", "B"], np.array([1, 0, 1])),
        ...                            "name": (["x", "y"], np.array([1, 0, 1]))}, 3)
        >>> t.pieces(lambda k, column, values: [("," if k else "") + v + (";" if k else "") for v in values])
        ['B,y;', 'A,x;', 'B,y;']
        """
        return _laid(self._runs(texts), 0, self._n)

    def blocks(self, texts: Callable[[int, str, Sequence[Any]], list[str]]) -> Iterator[str]:
        """The table's text in blocks of :data:`BLOCK_ROWS` rows (``"".join`` of them is the
        text, as of :meth:`pieces`): each block's pieces laid out and joined in turn.

        Why blocks, not one join of every piece: the instructions per row are the same, but
        a whole table's pieces (a pointer per piece), its text and the text's UTF-8 copy are
        tens of megabytes at 75,000 meetings, fresh memory each, so every one of them went
        to main memory and back, and the time per meeting grew with the table (callgrind:
        flat instructions per meeting from 19,142 to 75,288 meetings, last-level cache
        misses per meeting up 83 %, in copies, zeroing and allocation).  A block's pieces,
        text and encoded bytes (a few hundred kilobytes) stay in the cache between being
        made and being written, and the next block reuses the memory.

        >>> t = Table(("id",), {"id": (["A", "B"], np.array([1, 0, 1]))}, 3)
        >>> list(t.blocks(lambda k, column, values: [v + ";" for v in values]))
        ['B;A;B;']
        """
        runs = self._runs(texts)
        for lo in range(0, self._n, BLOCK_ROWS):
            yield "".join(_laid(runs, lo, min(lo + BLOCK_ROWS, self._n)))

    def _runs(
        self, texts: Callable[[int, str, Sequence[Any]], list[str]]
    ) -> list[tuple[NDArray[np.object_], NDArray[np.intp] | None]]:
        """Each run of adjacent columns that every row indexes alike: its distinct values'
        joined texts (as an object array, to be taken from) and the rows' index into them
        (see :meth:`pieces`)."""
        runs: list[tuple[list[str], NDArray[np.intp] | None]] = []
        for k, column in enumerate(self.columns):
            distinct, index = self._data[column]
            made = texts(k, column, distinct)
            if runs and len(runs[-1][0]) == len(made) and _same_rows(runs[-1][1], index):
                runs[-1] = (list(map(operator.add, runs[-1][0], made)), runs[-1][1])
            else:
                runs.append((made, index))
        return [(_objects(made), index) for made, index in runs]


#: Rows of a table laid out and joined at a time (:meth:`Table.blocks`): about 150 to 400 kB
#: of text at the usual row widths, so that a block's pieces, text and encoded bytes stay in
#: the caches; a block is a few dozen steps (one take per run of columns, a join, a write),
#: and a table of 150,000 rows is 147 blocks.
BLOCK_ROWS = 1024


def _laid(runs: list[tuple[NDArray[np.object_], NDArray[np.intp] | None]], lo: int, hi: int) -> list[str]:
    """The pieces of rows ``lo`` to ``hi`` (see :meth:`Table.pieces`), row after row."""
    laid = np.empty((hi - lo, len(runs)), dtype=object)
    for r, (made, index) in enumerate(runs):
        laid[:, r] = made[lo:hi] if index is None else made[index[lo:hi]]
    out: list[str] = laid.ravel().tolist()
    return out


def _same_rows(a: NDArray[np.intp] | None, b: NDArray[np.intp] | None) -> bool:
    """Whether two columns' indexes pick the same distinct position in every row."""
    if a is None or b is None:
        return a is b
    return a is b or bool(np.array_equal(a, b))


def _objects(values: Sequence[Any]) -> NDArray[np.object_]:
    """``values`` as a NumPy array of the same Python objects."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _take(values: list[Any], index: NDArray[np.intp]) -> list[Any]:
    """``[values[i] for i in index]`` without a Python step per row."""
    if not len(index):
        return []
    table = np.empty(len(values), dtype=object)
    table[:] = values
    out: list[Any] = table[index].tolist()
    return out


@dataclass(frozen=True)
class Records:
    """Rows for the exports; see :func:`records`.  Each table is a :class:`Table`
    (a sequence of dicts, one per row)."""

    meetings: Table
    agendas: Table
    grid: tuple[dict[str, Cell], ...]
    grid_columns: tuple[str, ...]
    outcome_form: Table
    outcome_columns: tuple[str, ...]


def _details(mission: Mission | None, ids: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Name, city and contact of each id ("" for ids the mission does not know)."""
    people = [mission[pid] if mission is not None and pid in mission else None for pid in ids]
    return (
        [p.name if p else "" for p in people],
        [(p.city or "") if p else "" for p in people],
        [(p.contact or "") if p else "" for p in people],
    )


def records(
    schedule: Schedule, scores: PairScores | None = None, *, mission: Mission | None = None
) -> Records:
    """Rows of every table the exports write, from a :class:`~matchmaker.scheduling.Schedule`.

    Meetings are numbered ``M001``... in time order, then the unplaced ones; the numbers
    are the ``meeting`` references of the outcome form.  ``scores`` (rows side A,
    columns side B) adds each meeting's score.
    """
    mission = mission or schedule.mission
    total = getattr(scores, "total", scores)
    # Straight from the schedule's arrays (no ScheduledMeeting objects, no dict per row):
    # each column is its distinct values (times once per slot, names once per
    # participant) and every row's index into them.
    slot, table = np.asarray(schedule.slot), np.asarray(schedule.table)
    placed = np.flatnonzero(slot >= 0)
    placed = placed[np.lexsort((table[placed], slot[placed]))]  # by slot, then table
    order = np.concatenate([placed, np.array(sorted(schedule.reasons), dtype=np.intp)]).astype(np.intp)
    rows, cols = np.asarray(schedule.pairs, dtype=np.intp).reshape(-1, 2)[order].T
    n, n_placed, n_slots = len(order), len(placed), len(schedule.plan.slots)
    # Scores rounded to 4 decimals repeat (a few thousand distinct among tens of thousands):
    # kept as distinct values, told apart by their bits (0.0 and -0.0 are written apart).
    pair_scores: list[float | str] = [""]
    score_of = np.zeros(n, dtype=np.intp)
    if total is not None and n:
        bits = np.array(_round4(pair_values(total, rows, cols)), dtype=np.float64).view(np.int64)
        distinct_bits, score_of = np.unique(bits, return_inverse=True)
        pair_scores = list(distinct_bits.view(np.float64).tolist())
        score_of = score_of.astype(np.intp).ravel()
    numbers = meeting_references(n, len(schedule.pairs))
    starts = [s.start.isoformat() for s in schedule.plan.slots]
    ends = [s.end.isoformat() for s in schedule.plan.slots]
    dates = [s.start.date().isoformat() for s in schedule.plan.slots]
    a_ids, b_ids, labels = schedule.row_ids, schedule.col_ids, schedule.table_labels
    ids = [*a_ids, *b_ids]
    names, cities, contacts = _details(mission, ids)
    n_a = len(a_ids)
    s_of, t_of = slot[placed].astype(np.intp), table[placed].astype(np.intp)
    # Unplaced rows point one past the slots and tables, at "".
    slot_or_none = np.concatenate([s_of, np.full(n - n_placed, n_slots, dtype=np.intp)])
    table_or_none = np.concatenate([t_of, np.full(n - n_placed, len(labels), dtype=np.intp)])
    unplaced = np.arange(n, dtype=np.intp) >= n_placed
    b_of = n_a + cols  # one index for the id and the name: the writers join such columns once per value
    reason_of = np.maximum(np.arange(n, dtype=np.intp) - n_placed + 1, 0)
    meetings = Table(
        MEETING_COLUMNS,
        {
            "meeting": (numbers, None),
            "slot": ([*range(1, n_slots + 1), ""], slot_or_none),
            "date": ([*dates, ""], slot_or_none),
            "start": ([*starts, ""], slot_or_none),
            "end": ([*ends, ""], slot_or_none),
            "table": ([*labels, ""], table_or_none),
            "a_id": (ids, rows),
            "a_name": (names, rows),
            "b_id": (ids, b_of),
            "b_name": (names, b_of),
            "score": (pair_scores, score_of),
            "status": (["placed", "unplaced"], unplaced.astype(np.intp)),
            "reason": (["", *(schedule.reasons[e].message for e in order[n_placed:].tolist())], reason_of),
        },
        n,
    )
    # Agendas: every participant (side A, then side B) with its meetings in time order.
    who = np.concatenate([rows[:n_placed], n_a + cols[:n_placed]])
    partner = np.concatenate([n_a + cols[:n_placed], rows[:n_placed]])
    by_who = np.argsort(who, kind="stable")
    k = by_who % max(n_placed, 1)
    who, partner = who[by_who], partner[by_who]
    slot_k = s_of[k]
    agendas = Table(
        AGENDA_COLUMNS,
        {
            "participant": (ids, who),
            "participant_name": (names, who),
            "meeting": (numbers, k),
            "start": (starts, slot_k),
            "end": (ends, slot_k),
            "table": (labels, t_of[k]),
            "partner": (ids, partner),
            "partner_name": (names, partner),
            "partner_city": (cities, partner),
            "partner_contact": (contacts, partner),
            "score": (pair_scores, score_of[k]),
        },
        len(who),
    )
    tables = _tables_in_order(schedule)
    grid: list[dict[str, Cell]] = []
    one_day = len({s.start.date() for s in schedule.plan.slots}) <= 1
    for when in schedule.plan.slots:
        start = when.start.strftime("%H:%M" if one_day else "%Y-%m-%d %H:%M")
        grid.append({"slot": when.index + 1, "start": start, **dict.fromkeys(tables, "")})
    # Each placed meeting's cell (at a host's own table the host is implied: the guest only),
    # made over whole arrays, then each slot's cells set in one update (placed is by slot).
    a_of, b_of_placed = _objects(a_ids)[rows[:n_placed]], _objects(b_ids)[cols[:n_placed]]
    label_of = _objects(labels)[t_of]
    cell = np.where(label_of == a_of, b_of_placed, a_of + " – " + b_of_placed).tolist()
    label_list = label_of.tolist()
    bounds = np.searchsorted(s_of, np.arange(n_slots + 1)).tolist()
    for s in np.unique(s_of).tolist():
        lo, hi = bounds[s], bounds[s + 1]
        grid[s].update(zip(label_list[lo:hi], cell[lo:hi], strict=True))
    form_columns = outcome_form_columns()
    first = np.arange(n_placed, dtype=np.intp)
    blank = np.zeros(n_placed, dtype=np.intp)
    form = {c: meetings._data[c] for c in form_columns if c in MEETING_COLUMNS}  # the meeting's own
    form = {c: (v, first if i is None else i[:n_placed]) for c, (v, i) in form.items()}
    form.update({c: ([""], blank) for c in form_columns if c not in form})  # the deal's, to fill in
    return Records(
        meetings=meetings,
        agendas=agendas,
        grid=tuple(grid),
        grid_columns=("slot", "start", *tables),
        outcome_form=Table(form_columns, form, n_placed),
        outcome_columns=form_columns,
    )


def _round4(values: NDArray[np.float64]) -> list[float]:
    """``[round(v, 4) for v in values.tolist()]``, rounded as whole arrays.

    ``np.round`` scales by 10⁴ and rounds, which picks the same fourth decimal as Python's
    correctly rounded ``round`` unless the scaled value lies within rounding error of a
    half; those values (and any too large for the scaling to be exact) are rounded by
    Python.  Either way the result is the float nearest to the chosen decimal.

    >>> _round4(np.array([0.12345678, 2.675, 1e20, -0.00001]))
    [0.1235, 2.675, 1e+20, -0.0]
    """
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * 1e4
        out: list[float] = np.round(values, 4).tolist()
        doubtful = ~(np.abs(scaled - np.floor(scaled) - 0.5) > 1e-6) | ~(np.abs(values) < 1e9)
    for k in np.flatnonzero(doubtful).tolist():
        out[k] = round(float(values[k]), 4)
    return out


def _tables_in_order(schedule: Schedule) -> Sequence[str]:
    table = np.asarray(schedule.table)[np.asarray(schedule.slot) >= 0]
    used = set(np.unique(table).tolist())
    return [t for i, t in enumerate(schedule.table_labels) if i in used]
