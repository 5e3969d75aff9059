"""The result pack of a mission of any number of delegations (:class:`~matchmaker.groups.GroupTimetable`).

The writers here are the group-path writers (``ExportFormat.groups``) of the registry's
csv, json, xlsx, ics and html formats (:mod:`matchmaker.export.registry`; the agendas
format has one writer for both paths, given :func:`group_agenda_lines` here), so
:func:`matchmaker.export.export_all` of a :class:`~matchmaker.groups.GroupResult` writes
the same pack as a two-delegation run, through the same machinery: the folder is built
beside the target and moved into place whole, with its manifest
(:func:`~matchmaker.export.pack.write_pack`: all or nothing, never a file the tool did not
write); CSV cells are formula-safe and XLSX cells are text (:mod:`matchmaker.io.sheets`);
calendars are written by the iCalendar writer of :mod:`matchmaker.export.ics`::

    out/
      meetings.csv  agendas.csv  grid.csv         (csv: grid.csv is slots × tables)
      outcome_form.csv                            (csv: the form organisers fill in after)
      result.json                                 (json: the summary and every meeting)
      matchmaker.xlsx                             (xlsx: overview, grid, meetings, outcomes,
                                                   agendas, unplaced)
      ics/<participant id>.ics                    (ics: each participant's own TZID; re-sent with
      ics/<participant id>.cancel.ics              previous=: REQUEST updates and CANCELs)
      report.html                                 (html: self-contained, no script)
      agendas.html                                (agendas: one participant per printed page)
      messages/<participant id>.txt               (agendas: a short text agenda, WhatsApp or SMS)
      contacts.csv                                (agendas: one row per participant)
      pack-manifest.json

``meetings.csv`` has one row per meeting, and one per group meeting (its members in
``id_2``, ``kind`` ``group``), numbered ``M001``... (``meeting``, the outcome form's
references), with the representative of a team who holds it (``representative_1``,
``representative_2``; :meth:`~matchmaker.groups.GroupTimetable.records`); ``grid.csv`` and
the workbook's grid sheet (the two-delegation workbook's, by its writer) name a team's
representative in its cell; ``agendas.csv`` one row per participant and meeting with
the times as the participant is shown them (``timezone`` column: the event's zone for a
meeting at a table, the participant's own for an online one,
:func:`~matchmaker.model.groups.meeting_zone`) and the meeting's
reference (``meeting``, as in a two-delegation ``agendas.csv``); ``outcome_form.csv``
(and the workbook's ``outcomes`` sheet) is the form
:func:`~matchmaker.reporting.outcomes.read_outcomes` reads back once filled in, one row per
meeting and one per member of a group meeting (:func:`outcome_form_rows`).  Online meetings
carry their link instead of a table.  The messages, ``contacts.csv`` and ``agendas.html``
are a two-delegation pack's (:mod:`matchmaker.export.agendas`), each agenda's times as in
``agendas.csv``, each named with its zone: an online meeting gives its link, a
group meeting lists its other participants with their contact, and ``contacts.csv``
keeps its columns, its ``side`` holding the participant's delegation (a mission of many
delegations has no sides A and B).  Above :data:`DETAIL_LIMIT` meetings ``agendas.html``
is left out, as the report's agendas are (the messages and calendars hold them).  The
column names above are the English pack's
(and ``result.json``'s keys).  ``lang="id"`` writes everything a person reads in
Indonesian, as a two-delegation pack does: ``;``-separated CSV with a byte-order mark and
decimal commas (Excel in an Indonesian locale), Indonesian headers
(:func:`~matchmaker.reporting.labels.column_label`: ``meja``, ``nama_1``, ``delegasi_mitra``...)
and cells (``kind`` ``pertemuan``/``kelompok``, ``mode`` ``luring``/``daring``/``hibrida``),
the workbook's sheets, and the report.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from matchmaker._optional import require
from matchmaker.export.agendas import (
    REASON_LIMIT,
    AgendaLine,
    AgendaPartner,
    agenda_line,
    file_names,
    pair_reasons,
)
from matchmaker.export.files import write_grid_sheet
from matchmaker.export.ics import _sequences, _Writer, escape_text, fold_line, meeting_uid
from matchmaker.export.records import outcome_form_columns
from matchmaker.io.sheets import write_csv_sheet, write_xlsx_sheet
from matchmaker.reporting.labels import cell_labels, check_language, column_label, csv_dialect, label
from matchmaker.reporting.numbers import format_clock, format_number, format_percent, format_zone
from matchmaker.reporting.problems import problem_text, reason_text

if TYPE_CHECKING:
    from matchmaker.errors import Problem
    from matchmaker.groups import GroupMeeting, GroupResult, GroupTimetable
    from matchmaker.model.groups import GroupMission

__all__ = [
    "OUTCOME_FORM_COLUMNS",
    "GroupExportContext",
    "MeetingReferences",
    "agenda_rows",
    "grid_rows",
    "group_agenda_lines",
    "outcome_form_rows",
    "render_group_report",
    "result_document",
    "summary_document",
    "write_group_calendars",
    "write_group_csv",
    "write_group_html",
    "write_group_json",
    "write_group_xlsx",
]

MEETING_COLUMNS = (
    "slot",
    "start",
    "end",
    "table",
    "id_1",
    "name_1",
    "delegation_1",
    "id_2",
    "name_2",
    "delegation_2",
    "score",
    "mode",
    "link",
    "kind",
    # added later, at the end so that existing readers of the columns by position still work
    "representative_1",
    "representative_2",
    "meeting",
)
AGENDA_COLUMNS = (
    "id",
    "start",
    "end",
    "timezone",
    "table",
    "partner",
    "partner_name",
    "partner_delegation",
    "kind",
    "link",
    "representative",
    # added later, at the end as in MEETING_COLUMNS: meetings.csv's reference of the meeting
    # (M001..., the outcome form's), as the two-delegation agendas.csv has it
    "meeting",
)
#: Above this many meetings the report leaves out the per-participant agendas (the CSV,
#: XLSX and calendars hold them), as the two-delegation report does.
DETAIL_LIMIT = 5_000

_LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "meetings": "Meetings",
        "groups": "Group meetings",
        "pairs": "Meetings by pair of delegations",
        "quotas": "Quotas",
        "when": "When",
        "where": "Table",
        "host": "Host",
        "members": "Members",
        "overview": "overview",
        "meetings_sheet": "meetings",
        "agendas_sheet": "agendas",
        "unplaced_sheet": "unplaced",
        "outcomes_sheet": "outcomes",
        "placed": "placed",
        "slots_used": "slots used",
        "total_score": "total score",
    },
    "id": {
        "meetings": "Pertemuan",
        "groups": "Pertemuan kelompok",
        "pairs": "Pertemuan per pasangan delegasi",
        "quotas": "Kuota",
        "when": "Waktu",
        "where": "Meja",
        "host": "Tuan rumah",
        "members": "Anggota",
        "overview": "ikhtisar",
        "meetings_sheet": "pertemuan",
        "agendas_sheet": "agenda",
        "unplaced_sheet": "tidak terjadwal",
        "outcomes_sheet": "hasil",  # the two-delegation workbook's name: read_outcomes looks for it
        "placed": "terjadwal",
        "slots_used": "sesi terpakai",
        "total_score": "skor total",
    },
}


@dataclass(frozen=True, kw_only=True)
class GroupExportContext:
    """What every format's group writer gets (the group path's :class:`~matchmaker.export.ExportContext`).

    ``meetings`` (the rows of ``meetings.csv``), ``agendas`` (each participant's, a table's
    times in the event's zone, a link's in its own) and ``agenda_rows`` are built on first
    use and shared by the formats.
    """

    result: GroupResult
    lang: str
    previous: GroupResult | None
    target: Path  # the folder the pack replaces (it holds the calendars sent before)

    @property
    def timetable(self) -> GroupTimetable:
        return self.result.schedule

    @cached_property
    def meetings(self) -> list[dict[str, str]]:
        return self.timetable.records()

    @cached_property
    def agendas(self) -> dict[str, list[GroupMeeting]]:
        return self.timetable.agendas()

    @cached_property
    def references(self) -> MeetingReferences:
        """Each meeting's reference in ``meetings.csv``, for the agendas' rows and lines."""
        return MeetingReferences(self.meetings)

    @cached_property
    def agenda_rows(self) -> list[dict[str, str]]:
        return agenda_rows(self.agendas, self.references)

    @cached_property
    def agenda_lines(self) -> dict[str, list[AgendaLine]]:
        """The agendas as the messages, ``contacts.csv`` and ``agendas.html`` take them."""
        return group_agenda_lines(self.result, self.agendas, lang=self.lang, references=self.references)

    @cached_property
    def outcome_rows(self) -> list[dict[str, str]]:
        return outcome_form_rows(self.result.mission, self.meetings)

    @cached_property
    def grid(self) -> tuple[tuple[str, ...], list[dict[str, str]]]:
        """:func:`grid_rows`: the tables in use, and a row per slot (``grid.csv``, the workbook's grid)."""
        return grid_rows(self.timetable, self.meetings, lang=self.lang)

    @property
    def detailed(self) -> bool:
        """Whether the pack is small enough for per-participant HTML (as the report decides)."""
        return len(self.timetable.slot) <= DETAIL_LIMIT


class MeetingReferences:
    """The reference (``M001``...) ``meetings.csv`` gives each meeting, found from an agenda's item.

    A meeting is known by its start (an instant: the agendas give an online one in each
    participant's own time zone, ``meetings.csv`` in the event's) and everyone in it: one participant is
    in one meeting at a time, so the two tell meetings apart, a team's meetings at the same
    time too (each with other partners).
    """

    def __init__(self, meetings: Sequence[Mapping[str, str]]) -> None:
        self._refs = {
            self._key(dt.datetime.fromisoformat(row["start"]), row["id_1"], row["id_2"]): row["meeting"]
            for row in meetings
        }

    @staticmethod
    def _key(start: dt.datetime, one: str, others: str) -> tuple[dt.datetime, frozenset[str]]:
        # others: one id, or a group meeting's "; "-joined ids (id_2, an agenda's partner)
        return start, frozenset((one, *others.split("; ")))

    def of(self, pid: str, item: GroupMeeting) -> str:
        """The reference of ``item`` in ``pid``'s agenda ('' for a meeting not in ``meetings``)."""
        return self._refs.get(self._key(item.start, pid, item.partner), "")


def agenda_rows(
    agendas: Mapping[str, Sequence[GroupMeeting]], references: MeetingReferences
) -> list[dict[str, str]]:
    """The rows of ``agendas.csv`` (:func:`agenda_row`), each with its meeting's reference."""
    return [
        agenda_row(pid, item, references.of(pid, item)) for pid, items in agendas.items() for item in items
    ]


def group_agenda_lines(
    result: GroupResult,
    agendas: Mapping[str, Sequence[GroupMeeting]] | None = None,
    *,
    lang: str = "en",
    references: MeetingReferences | None = None,
) -> dict[str, list[AgendaLine]]:
    """Every participant's agenda as :class:`~matchmaker.export.agendas.AgendaLine` (empty
    without meetings), for the messages, ``contacts.csv`` and ``agendas.html``.

    The meetings and times are those of ``agendas`` (default ``result.schedule.agendas()``:
    a table's in the event's zone, a link's in the participant's own, as in ``agendas.csv``).
    A one-to-one meeting names its partner with their contact and says why the pair was
    matched (up to :data:`~matchmaker.export.agendas.REASON_LIMIT` meetings); an online
    meeting carries its link instead of a table; a group meeting lists its other participants, each with
    their contact, and has no score or reason (it was asked for, not scored).  Each line
    carries its meeting's reference in ``meetings.csv`` (``references``, built when not given).
    """
    return _agenda_lines(result.schedule, agendas, lang=lang, references=references)


def _agenda_lines(
    timetable: GroupTimetable,
    agendas: Mapping[str, Sequence[GroupMeeting]] | None = None,
    *,
    lang: str,
    references: MeetingReferences | None = None,
) -> dict[str, list[AgendaLine]]:
    """:func:`group_agenda_lines` of a timetable (the report's, which has no result: the
    result is :mod:`matchmaker.groups`', which imports this module)."""
    check_language(lang)
    m = timetable.mission
    agendas = timetable.agendas() if agendas is None else agendas
    if references is None:
        references = MeetingReferences(timetable.records())
    why = _reasons(timetable, lang)

    def person(pid: str) -> AgendaPartner:
        return AgendaPartner.of(m[pid], pid)  # an agenda names participants of the mission only

    out: dict[str, list[AgendaLine]] = {}
    for pid, items in agendas.items():
        lines = out.setdefault(pid, [])
        for item in items:
            group = item.kind == "group"
            # a group meeting is with its members together: their ids and names as agendas.csv has them
            partner = (
                AgendaPartner(
                    id=item.partner, name=item.partner_name, city="", contact="", phone="", email=""
                )
                if group
                else person(item.partner)
            )
            lines.append(
                agenda_line(
                    pid,
                    partner,
                    start=item.start,
                    end=item.end,
                    table=item.table,
                    meeting=references.of(pid, item),
                    score=None if group or math.isnan(item.score) else item.score,
                    reason="" if group else why.get((pid, item.partner), ""),
                    online=item.table == "online",  # the timetable's label of "no table" (agendas.csv's too)
                    link=item.link,
                    members=tuple(person(x) for x in item.partner.split("; ")) if group else (),
                    representative=item.representative + 1 if item.team_size > 1 else 0,
                )
            )
    return out


def _reasons(tt: GroupTimetable, lang: str) -> dict[tuple[str, str], str]:
    """Why each one-to-one meeting placed was made, keyed ``(participant, partner)``; empty
    above :data:`~matchmaker.export.agendas.REASON_LIMIT` meetings (as a two-delegation pack)."""
    placed = np.flatnonzero(tt.slot >= 0).tolist()
    if len(placed) > REASON_LIMIT:
        return {}
    m, u, v = tt.mission, tt.matching.u, tt.matching.v
    scores = tt.matching.scores
    blocks, group = scores.blocks, m.group_of
    # scores made by hand (GroupScores(..., blocks={})) cannot explain a pair: no reason, not an error
    ends = [(int(group[u[e]]), int(group[v[e]])) for e in placed]
    known = [e for e, (a, b) in zip(placed, ends, strict=True) if (min(a, b), max(a, b)) in blocks]
    pairs = [(m.ids[int(u[e])], m.ids[int(v[e])]) for e in known]
    found = pair_reasons(m, scores.explain, pairs, lang)
    return {(me, b if me == a else a): text for (me, a, b), text in found.items()}


#: Columns of the group pack's outcome form: the two-delegation form's, and each
#: participant's delegation (``a_id`` and ``b_id`` are no side here).
OUTCOME_FORM_COLUMNS = outcome_form_columns(delegations=True)


def outcome_form_rows(mission: GroupMission, meetings: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """The rows of the group pack's outcome form, the deal's cells empty to be filled in.

    One row per row of ``meetings`` (``meetings.csv``'s, in its order, each with that row's
    ``meeting`` reference, ``M001``...); a group meeting has one row per member, the host in
    ``a_id``, all with the group meeting's reference: a deal is made between two businesses, and the
    organisers note each host–member deal on its own row (a meeting with several deals
    gets more rows, as on the two-delegation form).
    """
    deal = dict.fromkeys(OUTCOME_FORM_COLUMNS[OUTCOME_FORM_COLUMNS.index("seller") :], "")
    out = []
    for row in meetings:
        ref, a = row["meeting"], mission[row["id_1"]]
        for member in row["id_2"].split(";"):  # a group meeting's members, "; "-joined
            b = mission[member.strip()]
            out.append(
                {
                    "meeting": ref,
                    "start": row["start"],
                    "table": row["table"],
                    "a_id": a.id,
                    "a_name": a.name,
                    "a_delegation": a.delegation,
                    "b_id": b.id,
                    "b_name": b.name,
                    "b_delegation": b.delegation,
                    **deal,
                }
            )
    return out


def write_group_csv(context: GroupExportContext, out: Path) -> list[Path]:
    """``meetings.csv``, ``agendas.csv``, ``grid.csv`` (:func:`grid_rows`) and
    ``outcome_form.csv`` (``lang="id"``: Indonesian headers and cells, ``;``-separated with a
    byte-order mark and decimal commas)."""
    lang = context.lang
    delimiter, bom = csv_dialect(lang)
    written = []
    tables, grid = context.grid
    for name, columns, rows in (
        ("meetings.csv", MEETING_COLUMNS, context.meetings),
        ("agendas.csv", AGENDA_COLUMNS, context.agenda_rows),
        ("grid.csv", ("slot", "start", *(f"table:{t}" for t in tables)), grid),
        ("outcome_form.csv", OUTCOME_FORM_COLUMNS, context.outcome_rows),
    ):
        # the grid's tables are headed by their labels, as the two-delegation grid's
        header = [column_label(c, lang) for c in columns[:2]] + [
            t.removeprefix("table:") if name == "grid.csv" else column_label(t, lang) for t in columns[2:]
        ]
        translate = _cells(rows, lang)
        write_csv_sheet(
            out / name, columns, rows, delimiter=delimiter, bom=bom, header=header, translate=translate
        )
        written.append(out / name)
    return written


def grid_rows(
    timetable: GroupTimetable, meetings: Sequence[Mapping[str, str]] | None = None, *, lang: str = "en"
) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """``grid.csv``: the venue's sheet of who sits at which table in each slot.

    Parameters
    ----------
    timetable : GroupTimetable
        The group path's timetable.
    meetings : sequence of mappings, optional
        Its :meth:`~matchmaker.groups.GroupTimetable.records` (the rows of
        ``meetings.csv``), when at hand.

    Returns
    -------
    tables : tuple of str
        The tables that hold a meeting, in the tables' order.
    rows : list of dict
        One per slot: ``slot`` (its number), ``start`` (event-local; with the date on an
        event of several days) and ``table:<label>`` for each table, whose cell names the
        meeting there, ``id_1 – id_2`` (a group meeting: its host and members, in each slot
        it spans); a team's id is followed by the representative who sits there,
        ``JT-002 (representative 2) – SS-004`` (``perwakilan`` for ``lang="id"``).  Online
        meetings have no table and are not in it (``meetings.csv`` lists them).
    """
    check_language(lang)
    rep = label("representative", lang)

    def who(ids: str, reps: str) -> str:
        # a group meeting's id_2 and representative_2 are aligned "; "-joined lists
        people = ids.split("; ")
        held = reps.split("; ") if reps else [""] * len(people)
        return "; ".join(f"{pid} ({rep} {k})" if k else pid for pid, k in zip(people, held, strict=True))

    slots = timetable.plan.slots
    one_day = len({s.start.date() for s in slots}) <= 1
    rows = timetable.records() if meetings is None else meetings
    used = np.union1d(timetable.table[timetable.slot >= 0], timetable.panel_table[timetable.panel_slot >= 0])
    tables = tuple(timetable.table_label(int(t)) for t in used.tolist() if t >= 0)
    grid = [
        {"slot": str(x.index + 1), "start": x.start.strftime("%H:%M" if one_day else "%Y-%m-%d %H:%M")}
        | dict.fromkeys((f"table:{t}" for t in tables), "")
        for x in slots
    ]
    for r in rows:
        if r["table"] == "online":
            continue
        first, end = int(r["slot"]) - 1, dt.datetime.fromisoformat(r["end"])
        # a meeting is in its own slot; a group meeting in each slot that ends by its end
        for k in range(first, first + 1 if r["kind"] != "group" else len(slots)):
            if slots[k].end > end:
                break
            grid[k][f"table:{r['table']}"] = (
                # rows written before the representative columns (a caller's own) have none
                f"{who(r['id_1'], r.get('representative_1', ''))} – "
                f"{who(r['id_2'], r.get('representative_2', ''))}"
            )
    return tables, grid


#: The group path's cells in Indonesian, by column (English keeps the codes).
_CELLS_ID: Mapping[str, Mapping[str, str]] = {
    "mode": {"onsite": "luring", "online": "daring", "hybrid": "hibrida"},
    "table": {"online": "daring"},
}


def _cells(rows: Sequence[Mapping[str, str]], lang: str) -> dict[str, Mapping[str, str]]:
    """The cells of the pack's tables in ``lang``: the kinds and modes, and the scores (texts
    of the records) with the decimal comma of ``"id"``, each distinct text once."""
    if lang == "en":
        return {}
    scores = {str(r.get("score", "")) for r in rows}
    return {**cell_labels(lang), **_CELLS_ID, "score": {t: t.replace(".", ",") for t in scores}}


def write_group_json(context: GroupExportContext, out: Path) -> list[Path]:
    """``result.json``: :func:`result_document`."""
    path = out / "result.json"
    document = result_document(context.timetable, context.meetings)
    path.write_text(json.dumps(document, ensure_ascii=False) + "\n", "utf-8")
    return [path]


def write_group_xlsx(context: GroupExportContext, out: Path) -> list[Path]:
    """``matchmaker.xlsx``: overview, the slot × table grid (the two-delegation workbook's sheet,
    :func:`~matchmaker.export.files.write_grid_sheet`), meetings, the outcome form, agendas and
    what was left out (needs openpyxl)."""
    openpyxl = require("openpyxl", extra="xlsx", feature="XLSX exports")
    path = out / "matchmaker.xlsx"
    return [_write_xlsx(openpyxl, context, path)]


def check_group_xlsx(context: GroupExportContext) -> None:
    """The xlsx extra is installed (before anything is written)."""
    require("openpyxl", extra="xlsx", feature="XLSX exports")


@dataclass(frozen=True)
class _Item:
    """A meeting as :mod:`matchmaker.export.ics`'s writer takes it, seen by one participant.

    ``a`` and ``b`` name the meeting the same way in every participant's calendar (its
    participants' ids, sorted; a group meeting's others ``;``-joined), so its UID is stable.
    """

    a: str
    b: str
    start: dt.datetime
    end: dt.datetime
    table: str
    other: str

    def partner(self, pid: str) -> str:
        return self.other


class _GroupWriter(_Writer):
    """The iCalendar writer of :mod:`matchmaker.export.ics`, knowing group meetings and online links."""

    def __init__(self, mission: GroupMission, lang: str, first: dt.datetime | None) -> None:
        super().__init__(mission, mission.name, lang, None, first)
        self.group_with = label("group_with", lang)

    def _person(self, pid: str) -> tuple[str, str, str]:
        if ";" not in pid:
            return super()._person(pid)
        mission = self.mission
        assert mission is not None
        people = [mission[x.strip()] for x in pid.split(";")]
        name = "; ".join(p.name for p in people)
        lines = "\n".join(f"{p.name} ({p.id}), {p.delegation}" for p in people)
        about = fold_line(f"SUMMARY:{escape_text(self.group_with)} {escape_text(name)}") + fold_line(
            "DESCRIPTION:" + escape_text(lines)
        )
        return name, about, ""

    def place(self, table: str) -> str:
        if not table.startswith("online"):
            return super().place(table)
        return fold_line("LOCATION:" + escape_text(table.removeprefix("online").strip() or "online"))


def _items(agendas: Mapping[str, Sequence[GroupMeeting]], lang: str) -> dict[str, list[_Item]]:
    out: dict[str, list[_Item]] = {}
    rep = label("representative", lang)
    for pid, meetings in agendas.items():
        for item in meetings:
            key = sorted([pid, *item.partner.split("; ")])
            table = f"online {item.link}".strip() if item.table == "online" else item.table
            if item.team_size > 1 and item.table != "online":  # a team's calendar: who goes (LOCATION)
                table += f", {rep} {item.representative + 1}"
            out.setdefault(pid, []).append(
                _Item(key[0], ";".join(key[1:]), item.start, item.end, table, item.partner)
            )
    return out


def _in_zone(item: _Item, zone: dt.tzinfo) -> _Item:
    return replace(item, start=item.start.astimezone(zone), end=item.end.astimezone(zone))


def write_group_calendars(context: GroupExportContext, out: Path) -> list[Path]:
    """``ics/<id>.ics`` for every participant with a meeting, in the participant's own time zone.

    The writer of :mod:`matchmaker.export.ics` (RFC 5545: ``TZID`` of the participant's
    zone with its ``VTIMEZONE``, escaped and folded text), UIDs from the event's name
    and the meeting's participants only.  With ``context.previous`` (the result sent
    before) the calendars are updates, as in a two-delegation pack: ``METHOD:REQUEST``,
    a meeting whose time or place changed gets the next ``SEQUENCE`` (counted on from
    the calendars of the pack being replaced), and the meetings no longer held go to
    ``<id>.cancel.ics`` (``METHOD:CANCEL``, ``STATUS:CANCELLED``).
    """
    mission = context.result.mission
    folder = out / "ics"
    folder.mkdir(parents=True, exist_ok=True)
    now = _items(context.agendas, context.lang)
    before = {} if context.previous is None else _items(context.previous.schedule.agendas(), context.lang)
    sent = _sequences((context.target / "ics").glob("*.ics")) if context.previous is not None else {}
    slots = context.timetable.plan.slots
    first = slots[0].start if slots else None
    writers: dict[str, _GroupWriter] = {}  # one per time zone: the writer caches times by instant
    order = [pid for pid in mission.ids if pid in now or pid in before]
    names = file_names(order)
    method = "PUBLISH" if context.previous is None else "REQUEST"
    written = []
    for pid in order:
        zone = mission.timezone_of(pid) if pid in mission else mission.timezone
        writer = writers.get(zone) or writers.setdefault(zone, _GroupWriter(mission, context.lang, first))
        # the agendas give a table's times in the event's zone; a calendar holds every time in
        # its one TZID (the writer caches times by instant, per zone), and shows them in the
        # phone's own zone anyway
        own = zoneinfo.ZoneInfo(zone)
        old = {(x.a, x.b): x for x in before.get(pid, ())}
        events = []
        for x in now.get(pid, ()):
            seq = sent.get(meeting_uid(mission.name, x.a, x.b), 0)
            was = old.get((x.a, x.b))
            if was is not None and (was.start, was.end, was.table) != (x.start, x.end, x.table):
                seq += 1  # moved: the calendar replaces the entry it holds
            events.append((_in_zone(x, own), seq))
        if events:
            path = folder / f"{names[pid]}.ics"
            path.write_bytes(writer.calendar(pid, events, method, cancelled=False))
            written.append(path)
        kept = {(x.a, x.b) for x in now.get(pid, ())}
        dropped = [
            (_in_zone(x, own), sent.get(meeting_uid(mission.name, x.a, x.b), 0) + 1)
            for k, x in old.items()
            if k not in kept
        ]
        if dropped:
            path = folder / f"{names[pid]}.cancel.ics"
            path.write_bytes(writer.calendar(pid, dropped, "CANCEL", cancelled=True))
            written.append(path)
    return written


def write_group_html(context: GroupExportContext, out: Path) -> list[Path]:
    """``report.html``: :func:`render_group_report`."""
    path = out / "report.html"
    path.write_text(
        render_group_report(
            context.timetable,
            context.agendas,
            lang=context.lang,
            lines=context.agenda_lines if context.detailed else None,  # agendas.html's, built once
        ),
        encoding="utf-8",
    )
    return [path]


def summary_document(timetable: GroupTimetable) -> dict[str, object]:
    """The run in one JSON-ready document: groups, counts, bounds, group meetings, quotas, left-outs."""
    m = timetable.mission
    matching = timetable.matching
    return {
        "mission": m.name,
        "date": m.date.isoformat() if m.date else None,
        "venue": m.venue,
        "timezone": m.timezone,
        "groups": list(m.group_names),
        "allowed": [[m.group_names[i], m.group_names[j]] for i, j in m.allowed or ()],
        "meetings": len(timetable.slot),
        "placed": int((timetable.slot >= 0).sum()),
        "group_meetings": [
            {
                "host": panel.host,
                "members": list(panel.members),
                "slots": panel.slots,
                "start": None if times is None else times[0].isoformat(),
                "end": None if times is None else times[1].isoformat(),
                "table": None if times is None else timetable.table_label(int(timetable.panel_table[g])),
            }
            for g, panel in enumerate(timetable.panels)
            for times in [timetable.panel_times(g)]
        ],
        "slots_used": timetable.n_slots_used,
        "bound": list(timetable.bound),
        "schedule_method": timetable.method,
        "match_method": matching.method,
        "total_score": round(matching.total_score, 6),
        "by_group_pair": [[a, b, n] for (a, b), n in matching.by_group_pair().items()],
        "unplaced": [
            {"participants": list(p.participants), "kind": p.kind, "reason": p.message}
            for p in timetable.unplaced
        ],
        "shortfalls": [s.to_dict() for s in timetable.shortfalls()],
        "quotas": [
            {
                "quota": r.quota.label,
                "value": r.value,
                "meetings": r.meetings,
                "share": round(r.share, 6),
                "met": r.met,
            }
            for r in matching.quota_report()
        ],
    }


def result_document(
    timetable: GroupTimetable, rows: Sequence[Mapping[str, str]] | None = None
) -> dict[str, object]:
    """``result.json``: :func:`summary_document` and every meeting chosen, as in a two-delegation
    pack: the placed ones (the rows of ``meetings.csv``, ``status`` ``"placed"``), then those
    left out (``status`` ``"unplaced"``, with the reason); group meetings in ``group_meeting_rows``."""
    m = timetable.mission
    placed = [{**row, "status": "placed"} for row in (timetable.records() if rows is None else rows)]
    reasons = {p.participants: p.message for p in timetable.unplaced}
    out = timetable.slot < 0
    left = [
        {
            "id_1": m.ids[a],
            "id_2": m.ids[b],
            "status": "unplaced",
            "reason": reasons.get((m.ids[a], m.ids[b]), ""),
        }
        for a, b in zip(timetable.matching.u[out].tolist(), timetable.matching.v[out].tolist(), strict=True)
    ]
    return {
        **summary_document(timetable),
        "meetings": [r for r in placed if r["kind"] == "meeting"] + left,
        "group_meeting_rows": [r for r in placed if r["kind"] == "group"],
    }


def agenda_row(pid: str, item: GroupMeeting, meeting: str) -> dict[str, str]:
    """One row of ``agendas.csv``: a participant's meeting, in the zone it is shown in (``timezone``);
    ``meeting`` its reference in ``meetings.csv`` (:class:`MeetingReferences`)."""
    return {
        "id": pid,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
        "timezone": str(item.start.tzinfo),
        "table": item.table,
        "partner": item.partner,
        "partner_name": item.partner_name,
        "partner_delegation": item.partner_delegation,
        "kind": item.kind,
        "link": item.link,
        # which of a company's representatives goes (1, 2, ...); empty for one of a single one
        "representative": str(item.representative + 1) if item.team_size > 1 else "",
        "meeting": meeting,
    }


def _write_xlsx(openpyxl: object, context: GroupExportContext, path: Path) -> Path:
    timetable, lang = context.timetable, context.lang
    words = _LABELS[lang]
    book = openpyxl.Workbook()  # type: ignore[attr-defined]
    overview = book.active
    overview.title = words["overview"]
    doc = summary_document(timetable)
    if lang != "en":
        doc["total_score"] = format_number(timetable.matching.total_score, lang, decimals=6)
    items = {  # the overview's rows, named as the report names them
        "mission": label("mission", lang),
        "date": label("date", lang),
        "venue": label("venue", lang),
        "timezone": label("timezone", lang),
        "meetings": words["meetings"],
        "placed": words["placed"],
        "slots_used": words["slots_used"],
        "total_score": words["total_score"],
    }
    facts = [{"item": key if lang == "en" else shown, "value": str(doc[key])} for key, shown in items.items()]
    facts += [
        {"item": f"{a} × {b}", "value": str(n)} for (a, b), n in timetable.matching.by_group_pair().items()
    ]
    write_xlsx_sheet(overview, [column_label(c, lang) for c in ("item", "value")], _shown(facts, lang))
    # the two-delegation workbook's grid sheet, by its writer: slots as numbers, tables by label
    tables, grid = context.grid
    write_grid_sheet(
        book,
        ("slot", "start", *tables),
        ({"slot": int(r["slot"]), "start": r["start"], **{t: r[f"table:{t}"] for t in tables}} for r in grid),
        lang=lang,
    )
    left = [
        {"participants": "; ".join(p.participants), "kind": p.kind, "reason": reason_text(p, lang)}
        for p in timetable.unplaced
    ]
    for title, columns, rows in (
        (words["meetings_sheet"], MEETING_COLUMNS, context.meetings),
        (words["outcomes_sheet"], OUTCOME_FORM_COLUMNS, context.outcome_rows),
        (words["agendas_sheet"], AGENDA_COLUMNS, context.agenda_rows),
        (words["unplaced_sheet"], ("participants", "kind", "reason"), left),
    ):
        sheet = book.create_sheet(title)
        cells = _cells(rows, lang) if title != words["unplaced_sheet"] else {}
        shown = [{c: cells.get(c, {}).get(str(r.get(c)), r.get(c)) for c in columns} for r in rows]
        write_xlsx_sheet(sheet, [column_label(c, lang) for c in columns], _shown(shown, lang))
        sheet.freeze_panes = "A2"
    book.save(path)
    return path


def _shown(rows: Sequence[Mapping[str, object]], lang: str) -> list[dict[str, object]]:
    """Rows keyed by their headers in ``lang`` (as the workbook's sheets show them)."""
    return [{column_label(k, lang): v for k, v in r.items()} for r in rows]


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _why(problem: Problem, lang: str) -> str:
    """Why something was left out, with what the organiser can do (its hint) in each language."""
    if lang != "en":
        return problem_text(problem, lang)
    return f"{problem.message} ({problem.hint})" if problem.hint else problem.message


def render_group_report(
    timetable: GroupTimetable,
    agendas: Mapping[str, Sequence[GroupMeeting]] | None = None,
    *,
    lang: str = "en",
    lines: Mapping[str, Sequence[AgendaLine]] | None = None,
) -> str:
    """A self-contained HTML report (no script, no outside files), built of the two-delegation
    report's pieces (:mod:`matchmaker.export.html`: its styles and print stylesheet, figures
    cards, totals, shortfalls, agendas and list of those without a meeting).

    In order: the key figures in plain words; meetings per delegation and per sector, and by
    pair of delegations; who got fewer meetings than asked, and why; the group meetings;
    quotas; the meetings not placed, each with why; the agenda of each participant with a
    meeting (up to :data:`DETAIL_LIMIT` meetings: each time named with its zone, an online
    meeting's link, a group meeting's members; ``lines`` from :func:`group_agenda_lines`,
    built when not given); those without a meeting, each with why; and a technical
    appendix (the methods and bounds, for whoever checks the run).  Printed, each agenda
    and the list of those without a meeting start a page.
    """
    from matchmaker.export import html as page  # html reads agendas.py only: no import circle
    from matchmaker.reporting.console import group_quota_text

    check_language(lang)
    words = _LABELS[lang]
    m = timetable.mission
    if agendas is None:
        agendas = timetable.agendas()
    detailed = len(timetable.slot) <= DETAIL_LIMIT
    if lines is None and detailed:
        lines = _agenda_lines(timetable, agendas, lang=lang)
    counts = {pid: len(agendas.get(pid, ())) for pid in m.ids}  # group meetings count: each is a meeting
    shortfalls = timetable.shortfalls()

    def clock(t: dt.datetime) -> str:  # 09.00 in Indonesian, as every time a person reads
        return format_clock(t, lang)

    e = page._e
    placed = int((timetable.slot >= 0).sum())
    # meetings not placed: the one-to-one and the group meetings, as their list below names them
    left = len(timetable.slot) - placed + int((timetable.panel_slot < 0).sum())
    slots = f"{timetable.n_slots_used} / {len(timetable.plan.slots)}"
    cards = [
        (label("participants", lang), " + ".join(str(len(m.members(k))) for k in range(len(m.groups)))),
        (label("meetings", lang), format_number(placed, lang, decimals=0)),
        (label("unplaced", lang), format_number(left, lang, decimals=0)),
        (label("slots", lang), slots),
    ]
    if timetable.panels:
        done = int((timetable.panel_slot >= 0).sum())
        cards.append((words["groups"], f"{done} / {len(timetable.panels)}"))
    parts = [
        page._head(m.name, lang),
        f"<h1>{e(m.name)}</h1><p class='meta'>{e(page._when(m, timetable.plan, lang))}</p>",
        "<div class='cards'>"
        + "".join(f"<div class='card'>{e(k)}<b>{e(v)}</b></div>" for k, v in cards)
        + "</div>",
        page._print_note(lang, "print_agendas_note" if m.venue else "print_agendas_note_no_venue"),
        f"<h2>{e(label('summary', lang))}</h2>{_figures(timetable, counts, lang)}",
        f"<h2>{e(label('totals', lang))}</h2>{page._totals(m, counts, lang)}",
        f"<h3>{e(words['pairs'])}</h3>",
        page._table(
            [label("delegation", lang), label("delegation", lang), label("meetings", lang)],
            [(a, b, n) for (a, b), n in timetable.matching.by_group_pair().items()],
            numeric=(2,),
        ),
        page._shortfalls(shortfalls, m, lang),
    ]
    if timetable.panels:
        rows = []
        for g, panel in enumerate(timetable.panels):
            times = timetable.panel_times(g)
            when = (
                "—"
                if times is None
                else f"{times[0]:%Y-%m-%d} {clock(times[0])}–{clock(times[1])} {format_zone(times[0])}"
            )
            table = "—" if times is None else timetable.table_label(int(timetable.panel_table[g]))
            # who, as the agendas name them: the name, then the id
            rows.append(
                (
                    when,
                    table,
                    f"{m[panel.host].name} ({panel.host})",
                    "; ".join(f"{m[x].name} ({x})" for x in panel.members),
                )
            )
        parts += [
            f"<h2>{e(words['groups'])}</h2>",
            page._table([words["when"], words["where"], words["host"], words["members"]], rows, ids=(1,)),
        ]
    quotas = timetable.matching.quota_report()
    if quotas:
        parts += [
            f"<h2>{e(words['quotas'])}</h2><ul>",
            *(f"<li>{e(group_quota_text(r, lang))}</li>" for r in quotas),
            "</ul>",
        ]
    # meetings chosen or asked for but not placed (participants without a meeting are listed below)
    parts.append(f"<h2>{e(label('unplaced', lang))} ({format_number(left, lang, decimals=0)})</h2>")
    if timetable.unplaced:
        parts += ["<ul>", *(f"<li>{e(_why(p, lang))}</li>" for p in timetable.unplaced), "</ul>"]
    parts.append(
        page._report_agendas(
            m, lines if detailed else None, counts, lang, meetings=len(timetable.slot), limit=DETAIL_LIMIT
        )
    )
    # the organisers' list of those without a meeting: agendas.html's, by the same code
    met = {pid for pid, n in counts.items() if n}
    parts.append(page._without_section(page._without_meeting(m, shortfalls, met, lang), lang))
    parts.append(_technical(timetable, lang))
    parts.append("<p class='meta'>matchmaker</p></body></html>\n")
    return "\n".join(parts)


def _technical(timetable: GroupTimetable, lang: str) -> str:
    """The methods and bounds, for whoever checks the run, not for the day (as the
    two-delegation report's appendix): the matching's method, solver and total score, and
    the timetable's method and the slots any timetable of these meetings needs."""
    matching = timetable.matching
    line = label("matching_line", lang).format(
        method=matching.method,
        backend=matching.backend,
        objective=format_number(matching.total_score, lang, decimals=3),
    )
    proof = label("event_optimal" if matching.optimal else "event_not_optimal", lang)
    line += f" ({proof}). " + label("group_schedule_line", lang).format(
        method=timetable.method, bound=timetable.bound[0]
    )
    return f"<h2>{_e(label('technical', lang))}</h2><p class='meta'>{_e(line)}.</p>"


def _figures(timetable: GroupTimetable, counts: Mapping[str, int], lang: str) -> str:
    """The key figures in plain words, each with its meaning (as the two-delegation report's):
    meetings placed, each delegation's share of participants with a meeting, the mean score."""
    m = timetable.mission
    placed = timetable.slot >= 0
    share = []
    for k, name in enumerate(m.group_names):
        people = m.members(k)
        got = sum(1 for p in people if counts[p.id]) / len(people) if people else 0.0
        share.append(f"{name}: {format_percent(got, lang, decimals=0)}")
    rows = [
        (
            label("meetings", lang),
            label("group_report_placed", lang).format(
                placed=format_number(int(placed.sum()), lang, decimals=0),
                chosen=format_number(len(timetable.slot), lang, decimals=0),
            ),
            "",
        ),
        (label("coverage", lang), " · ".join(share), label("coverage_help", lang)),
    ]
    if placed.any():
        mean = float(timetable.matching.weights[placed].mean())
        rows.append(
            (label("mean_score", lang), format_number(mean, lang, decimals=2), label("score_help", lang))
        )
    body = "".join(
        f"<tr><th>{_e(k)}</th><td>{_e(v)}</td><td class='help'>{_e(h)}</td></tr>" for k, v, h in rows
    )
    return f"<table class='figures'><tbody>{body}</tbody></table>"
