"""The result pack of a mission of any number of delegations (:class:`~matchmaker.groups.GroupTimetable`).

:func:`export_groups` writes the same pack as a two-delegation run, through the same
machinery: the folder is built beside the target and moved into place whole, with its
manifest (:func:`~matchmaker.export.pack.write_pack`: all or nothing, never a file the
tool did not write); CSV cells are formula-safe and XLSX cells are text
(:mod:`matchmaker.io.sheets`); calendars use the iCalendar writer's escaping, folding
and stable UIDs (:mod:`matchmaker.export.ics`)::

    out/
      meetings.csv  agendas.csv  result.json      (csv; json: the summary and every meeting)
      matchmaker.xlsx                             (xlsx: overview, meetings, agendas, unplaced)
      ics/<participant id>.ics                    (ics: in UTC, shown in the reader's own zone)
      report.html                                 (html: self-contained, no script)
      pack-manifest.json

``meetings.csv`` has one row per meeting, and one per group meeting (its members in
``id_2``, ``kind`` ``group``); ``agendas.csv`` one row per participant and meeting with
the times in the participant's own time zone (``timezone`` column).  Online meetings
carry their link instead of a table.  ``lang="id"`` writes ``;``-separated CSV with a
byte-order mark (Excel in an Indonesian locale) and Indonesian labels in the report;
column names stay as documented.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from matchmaker.export.ics import escape_text, fold_line, meeting_uid
from matchmaker.export.pack import write_pack
from matchmaker.io.sheets import write_csv_sheet, write_xlsx_sheet

if TYPE_CHECKING:
    from matchmaker.groups import GroupMeeting, GroupTimetable

__all__ = ["GROUP_FORMATS", "export_groups", "render_group_report", "result_document", "summary_document"]

#: What :func:`export_groups` can write.
GROUP_FORMATS = ("csv", "json", "xlsx", "ics", "html")

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
        "unplaced": "Left out, and why",
        "agendas": "Agendas (each in the participant's own time)",
        "when": "When",
        "where": "Table",
        "with": "With",
        "host": "Host",
        "members": "Members",
        "count": "Meetings",
        "delegations": "Delegations",
        "none": "none",
        "group_with": "Group meeting with",
        "meeting_with": "Meeting with",
    },
    "id": {
        "meetings": "Pertemuan",
        "groups": "Pertemuan kelompok",
        "pairs": "Pertemuan per pasangan delegasi",
        "quotas": "Kuota",
        "unplaced": "Tidak terjadwal, dan alasannya",
        "agendas": "Agenda (masing-masing dalam waktu setempat peserta)",
        "when": "Waktu",
        "where": "Meja",
        "with": "Dengan",
        "host": "Tuan rumah",
        "members": "Anggota",
        "count": "Pertemuan",
        "delegations": "Delegasi",
        "none": "tidak ada",
        "group_with": "Pertemuan kelompok dengan",
        "meeting_with": "Pertemuan dengan",
    },
}


def export_groups(
    timetable: GroupTimetable,
    directory: str | Path,
    *,
    formats: Collection[str] = GROUP_FORMATS,
    lang: str = "en",
    force: bool = False,
) -> dict[str, list[Path]]:
    """Write the pack of ``timetable`` into ``directory`` atomically; the paths written, by format.

    Parameters
    ----------
    timetable : GroupTimetable
        From :func:`~matchmaker.groups.run_groups`.
    directory : str or Path
        New, empty, or holding an earlier pack (replaced as a whole); a folder holding
        other files is refused unless ``force`` (see :func:`~matchmaker.export.pack.write_pack`).
    formats : collection of str
        A subset of :data:`GROUP_FORMATS`.
    lang : {"en", "id"}
    force : bool

    Raises
    ------
    ValueError
        On an unknown format or language.
    MissingDependencyError
        For ``xlsx`` without ``openpyxl``, before anything is written.
    ValidationError
        When ``directory`` cannot be written (see :func:`~matchmaker.export.pack.write_pack`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from matchmaker.datasets import three_delegation_mission
    >>> from matchmaker.groups import run_groups
    >>> tt = run_groups(three_delegation_mission(), max_meetings=4)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "pack"
    >>> written = export_groups(tt, out, formats=("csv", "ics", "html"))
    >>> sorted(written), len(written["ics"]) == len(tt.mission)
    (['csv', 'html', 'ics'], True)
    """
    unknown = sorted(set(formats) - set(GROUP_FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; choose from {list(GROUP_FORMATS)}")
    if lang not in _LABELS:
        raise ValueError(f"unknown language {lang!r}; choose from {sorted(_LABELS)}")
    openpyxl = None
    if "xlsx" in formats:
        from matchmaker._optional import require

        openpyxl = require("openpyxl", extra="xlsx", feature="XLSX exports")
    meetings = timetable.records()
    agendas = timetable.agendas()
    agenda_rows = [agenda_row(pid, item) for pid, items in agendas.items() for item in items]
    delimiter, bom = (";", True) if lang == "id" else (",", False)

    def build(out: Path) -> dict[str, list[Path]]:
        written: dict[str, list[Path]] = {}
        if "csv" in formats:
            for name, columns, rows in (
                ("meetings.csv", MEETING_COLUMNS, meetings),
                ("agendas.csv", AGENDA_COLUMNS, agenda_rows),
            ):
                write_csv_sheet(out / name, columns, rows, delimiter=delimiter, bom=bom)
                written.setdefault("csv", []).append(out / name)
        if "json" in formats:
            path = out / "result.json"
            path.write_text(
                json.dumps(result_document(timetable, meetings), ensure_ascii=False) + "\n", "utf-8"
            )
            written["json"] = [path]
        if openpyxl is not None:
            written["xlsx"] = [
                _write_xlsx(openpyxl, timetable, meetings, agenda_rows, out / "matchmaker.xlsx")
            ]
        if "ics" in formats:
            folder = out / "ics"
            folder.mkdir()
            written["ics"] = []
            for pid, items in agendas.items():
                path = folder / f"{_file_name(pid)}.ics"
                path.write_bytes(_calendar(timetable, pid, items, lang))
                written["ics"].append(path)
        if "html" in formats:
            path = out / "report.html"
            path.write_text(render_group_report(timetable, agendas, lang=lang), encoding="utf-8")
            written["html"] = [path]
        return written

    return write_pack(directory, build, force=force)


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


def agenda_row(pid: str, item: GroupMeeting) -> dict[str, str]:
    """One row of ``agendas.csv``: a participant's meeting, in the participant's own time zone."""
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
    }


def _file_name(pid: str) -> str:
    """A participant's id as a file name: path separators and other unsafe characters replaced."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in pid).strip(".")
    return safe or "participant"


def _write_xlsx(
    openpyxl: object,
    timetable: GroupTimetable,
    meetings: Sequence[Mapping[str, str]],
    agenda_rows: Sequence[Mapping[str, str]],
    path: Path,
) -> Path:
    book = openpyxl.Workbook()  # type: ignore[attr-defined]
    overview = book.active
    overview.title = "overview"
    doc = summary_document(timetable)
    facts = [
        {"item": key, "value": str(doc[key])}
        for key in ("mission", "date", "venue", "timezone", "meetings", "placed", "slots_used", "total_score")
    ]
    facts += [
        {"item": f"{a} × {b}", "value": str(n)} for (a, b), n in timetable.matching.by_group_pair().items()
    ]
    write_xlsx_sheet(overview, ["item", "value"], facts)
    for title, columns, rows in (
        ("meetings", MEETING_COLUMNS, meetings),
        ("agendas", AGENDA_COLUMNS, agenda_rows),
        (
            "unplaced",
            ("participants", "kind", "reason"),
            [
                {"participants": "; ".join(p.participants), "kind": p.kind, "reason": p.message}
                for p in timetable.unplaced
            ],
        ),
    ):
        sheet = book.create_sheet(title)
        write_xlsx_sheet(sheet, list(columns), [dict(r) for r in rows])
        sheet.freeze_panes = "A2"
    book.save(path)
    return path


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _calendar(timetable: GroupTimetable, pid: str, items: Sequence[GroupMeeting], lang: str) -> bytes:
    """One participant's calendar: UTC times (no VTIMEZONE needed), stable UIDs, escaped and folded."""
    m = timetable.mission
    words = _LABELS[lang]
    first = (
        timetable.plan.slots[0].start
        if timetable.plan.slots
        else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    )
    stamp = f"DTSTAMP:{_utc(first)}\r\n"  # the event's start: the same timetable gives the same bytes
    body = [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//matchmaker//trade mission agenda//EN\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
        + fold_line(f"X-WR-CALNAME:{escape_text(m.name)}: {escape_text(m[pid].name)}")
    ]
    for item in items:
        partners = item.partner.split("; ")
        key = sorted([pid, *partners])
        uid = meeting_uid(m.name, key[0], ";".join(key[1:]))  # the same for every participant of a meeting
        what = words["group_with"] if item.kind == "group" else words["meeting_with"]
        where = item.link or "online" if item.table == "online" else f"{words['where']} {item.table}"
        place = f"{m.venue} — {where}" if m.venue and item.table != "online" else where
        body += [
            "BEGIN:VEVENT\r\n",
            f"UID:{uid}\r\n",
            stamp,
            f"DTSTART:{_utc(item.start)}\r\nDTEND:{_utc(item.end)}\r\n",
            fold_line(f"SUMMARY:{escape_text(what)} {escape_text(item.partner_name)}"),
            fold_line("DESCRIPTION:" + escape_text(f"{item.partner} ({item.partner_delegation})")),
            fold_line("LOCATION:" + escape_text(place)),
            fold_line(f"URL:{item.link}") if item.link else "",
            "END:VEVENT\r\n",
        ]
    body.append("END:VCALENDAR\r\n")
    return "".join(body).encode("utf-8", "replace")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def render_group_report(
    timetable: GroupTimetable,
    agendas: Mapping[str, Sequence[GroupMeeting]] | None = None,
    *,
    lang: str = "en",
) -> str:
    """A self-contained HTML report (no script, no outside files): the figures, the meetings by
    pair of delegations, the group meetings, quotas, what was left out and why, and every
    participant's agenda in its own time zone (up to :data:`DETAIL_LIMIT` meetings)."""
    from matchmaker.reporting.console import group_summary_text

    words = _LABELS[lang]
    m = timetable.mission
    if agendas is None:
        agendas = timetable.agendas()
    date = m.date.isoformat() if m.date else ""
    parts = [
        f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">',
        f"<title>{_e(m.name)}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em}"
        "th{background:#eee}</style></head><body>",
        f"<h1>{_e(m.name)}</h1><p>{_e(date)} {_e(m.venue or '')} ({_e(m.timezone)})</p>",
        f"<pre>{_e(group_summary_text(timetable, lang))}</pre>",  # the console's lines, in lang
        f"<h2>{_e(words['pairs'])}</h2>",
        _table(
            [words["delegations"], "", words["count"]],
            [(a, b, n) for (a, b), n in timetable.matching.by_group_pair().items()],
        ),
    ]
    if timetable.panels:
        rows = []
        for g, panel in enumerate(timetable.panels):
            times = timetable.panel_times(g)
            when = "—" if times is None else f"{times[0]:%Y-%m-%d %H:%M}-{times[1]:%H:%M}"
            table = "—" if times is None else timetable.table_label(int(timetable.panel_table[g]))
            rows.append((when, table, panel.host, "; ".join(panel.members)))
        parts += [
            f"<h2>{_e(words['groups'])}</h2>",
            _table([words["when"], words["where"], words["host"], words["members"]], rows),
        ]
    quotas = timetable.matching.quota_report()
    if quotas:
        parts += [f"<h2>{_e(words['quotas'])}</h2><ul>", *(f"<li>{_e(r)}</li>" for r in quotas), "</ul>"]
    parts.append(f"<h2>{_e(words['unplaced'])}</h2>")
    if timetable.unplaced:
        parts += ["<ul>", *(f"<li>{_e(p.message)}</li>" for p in timetable.unplaced), "</ul>"]
    else:
        parts.append(f"<p>{_e(words['none'])}</p>")
    if len(timetable.slot) <= DETAIL_LIMIT:
        parts.append(f"<h2>{_e(words['agendas'])}</h2>")
        for pid, items in agendas.items():
            p = m[pid]
            parts.append(f"<h3>{_e(pid)} {_e(p.name)} ({_e(p.delegation)})</h3>")
            lines = [
                (
                    f"{a.start:%Y-%m-%d %H:%M}-{a.end:%H:%M} {a.start.tzname()}",
                    a.link or a.table,
                    ("⧉ " if a.kind == "group" else "")
                    + f"{a.partner} {a.partner_name} ({a.partner_delegation})",
                )
                for a in items
            ]
            parts.append(
                _table([words["when"], words["where"], words["with"]], lines) if lines else "<p>—</p>"
            )
    parts.append("</body></html>\n")
    return "".join(parts)
