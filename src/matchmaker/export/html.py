"""A self-contained HTML report for the day: figures in plain words, the venue grid, every agenda.

The page needs no network: styles are inline and plots are inline SVG (matplotlib,
optional extra ``plot``; pass ``plots=False`` to leave them out).  Every text that
comes from participants is HTML-escaped.

What it holds, in order: the key figures, each with a one-line meaning; totals per
delegation and per sector; who got fewer meetings than they asked for, and why; plots;
the slot × table grid with names and ids, in blocks of :data:`TABLES_PER_BLOCK` tables
(slots as rows, a sticky header on screen); the agenda of each participant with a meeting
(time, in the event's zone, table, partner, contact, why the pair was matched), then
those without a meeting, each with why (the list ``agendas.html`` ends with); meetings
that could not be placed; and a technical appendix (solvers, bounds, raw indices).

Printed (or saved as PDF from the browser; ``export_all(pdf=True)`` / ``--pdf`` prints
without the browser's header and footer, :mod:`matchmaker.export.browser`), each grid
block fills an A4 landscape page with its last table on the page, headed with its first
and last table as the cells name them, and each agenda starts a new portrait page.  An
agenda's table is headed with its owner's name and the event's name, day and venue, which
the browser repeats on every page the agenda spans; an agenda of more than
``_LONG_AGENDA`` meetings has tighter rows, so that it keeps one page when it can.  The
list of those without a meeting starts a page of its own.  Ids (participants, tables)
never break at their hyphen (``white-space:nowrap``; the text is left as written).
:func:`render_agendas` gives the agendas alone (``agendas.html``), of a two-delegation run
or of the group path (whose online meetings show their link and group meetings their
members): the pages to hand out, so without scores and without a page for a participant
who has no meeting (those are listed once at the end, with the reason, on a page of their
own for the organisers).

Above :data:`DETAIL_LIMIT` meetings the report is summarised: the figures, totals and
shortfalls stay, the grid and agendas are left to ``grid.csv``, ``agendas.csv``, the
messages and the calendars (a page with hundreds of thousands of rows helps no one and
takes minutes to render).
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from matchmaker.assignment.matching import Matching
from matchmaker.export.agendas import AgendaLine, AgendaPartner, agenda_lines, format_day
from matchmaker.export.records import Records
from matchmaker.model.mission import Mission
from matchmaker.model.participant import Participant
from matchmaker.reference.classification import hs, kbli, kbli_title
from matchmaker.reporting.console import evaluation_text, shortfall_reason
from matchmaker.reporting.evaluate import SideStats, pair_values
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import (
    format_clock,
    format_number,
    format_percent,
    format_rupiah,
    format_zone,
)
from matchmaker.reporting.problems import problem_text, reason_text

if TYPE_CHECKING:
    from matchmaker.assignment.matching import Unmatched
    from matchmaker.groups import GroupResult
    from matchmaker.model.groups import GroupMission
    from matchmaker.pipeline import MatchmakingResult
    from matchmaker.reporting.shortfalls import Shortfall
    from matchmaker.scheduling.plan import EventPlan

__all__ = ["DETAIL_LIMIT", "TABLES_PER_BLOCK", "main_sector", "render_agendas", "render_html"]

#: Above this many meetings the report leaves out the grid and the agendas (see the module doc).
DETAIL_LIMIT = 5_000
#: Tables per block of the grid: one block is one A4 landscape page wide.
TABLES_PER_BLOCK = 8
#: Printed, an agenda of more meetings than this has tighter rows, to keep it on one page.
_LONG_AGENDA = 10

_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:1.5rem auto;max-width:80rem;
     color:#1a202c;line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{margin-top:2.2rem;border-bottom:2px solid #2b6cb0;padding-bottom:.2rem}
.meta{color:#4a5568} .note{background:#fefcbf;padding:.4rem .8rem;border-radius:4px}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{background:#ebf4ff;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #cbd5e0;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#edf2f7}
td.n,th.n{text-align:right}
.help{color:#4a5568;font-size:.8rem}
table.grid{table-layout:fixed;width:100%;font-size:.72rem}
table.grid th{position:sticky;top:0;z-index:1}
table.grid td,table.grid th{overflow-wrap:anywhere;word-break:break-word}
table.grid col.slot{width:4.2rem}
table.grid small,.agenda small{color:#4a5568}
.grid-block h3{margin:.8rem 0 .2rem}
.agenda h3{margin:1.2rem 0 .2rem}
.agenda table{width:100%}
.agenda td:first-child{white-space:nowrap}
.id{white-space:nowrap}
.agenda tr.owner{display:none}
.agenda tr.owner th{background:none;border:0;padding:0 0 .4rem;font-size:1.1rem}
.agenda tr.owner .meta{display:block;font-size:.85rem;font-weight:normal}
.agenda tr.owner .event{margin-top:.15rem}
.agenda tr.owner .when{color:#1a202c;font-weight:600}
.index{columns:16rem;font-size:.8rem}
.plots{display:flex;flex-wrap:wrap;gap:1rem}
.plots svg{max-width:100%;height:auto}
@page{size:A4 portrait;margin:12mm}
@page grid{size:A4 landscape;margin:8mm}
@media print{
  body{max-width:none;margin:0;padding:0;font-size:9pt}
  .screen,.index{display:none}
  h2{break-after:avoid}
  .plots{display:block}
  .plots figure{break-inside:avoid;margin:0 0 .5rem}
  .plots svg{width:100%;height:auto;max-height:10cm}
  .plots figure.heatmap svg{max-height:19cm}
  table.grid th{position:static}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  .grid-block{page:grid;break-before:page}
  .grid-block table.grid{font-size:6.5pt}
  .agenda + .agenda,.without{break-before:page}
  /* a report's first agenda too; its owner row heads the page, where the heading would be left alone */
  #agendas ~ .agenda{break-before:page}
  h2#agendas{display:none}
  .agenda table{font-size:8.5pt}
  .agenda .lead{display:none}
  .agenda tr.owner{display:table-row}
  .agenda table.long{font-size:7.5pt;line-height:1.25}
  .agenda table.long td{padding:.1rem .35rem}
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    css: str = "",
    numeric: Sequence[int] = (),
    ids: Sequence[int] = (),
) -> str:
    """A table of escaped text; columns at ``numeric`` positions are right-aligned, at ``ids`` unbroken."""
    right, unbroken = set(numeric), set(ids)

    def cls(i: int) -> str:
        return " class=n" if i in right else " class=id" if i in unbroken else ""

    head = "".join(f"<th{' class=n' if i in right else ''}>{_e(c)}</th>" for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{_e(v)}</td>" for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def main_sector(mission: Mission | GroupMission, pid: str) -> str:
    """A participant's main KBLI golongan pokok: that of its first offer, else its first need."""
    p = mission[pid]
    lines = p.offers or p.needs
    if not lines:
        return "—"
    line = lines[0]
    if line.system == "HS":
        return hs().kbli_division(line.code)
    lineage = kbli().lineage(line.code)
    return lineage[min(1, len(lineage) - 1)]


def _sector_name(code: str, lang: str, width: int | None = 28) -> str:
    """The code and its title in ``lang``, cut to ``width`` characters (``None``: whole) with ``…``."""
    if code == "—":
        return code
    title = kbli_title(code, lang).capitalize()
    if width is None or len(title) <= width:
        return f"{code} {title}"
    return f"{code} {title[:width]}…"


def _sector_flows(
    result: MatchmakingResult, lang: str, top: int = 12
) -> tuple[np.ndarray, list[str], list[str]]:
    mission, meetings = result.mission, result.schedule.meetings
    sector = {p.id: main_sector(mission, p.id) for p in mission}  # once per participant, not per meeting
    pairs = [(sector[m.a], sector[m.b]) for m in meetings]
    rows = [s for s, _ in Counter(a for a, _ in pairs).most_common(top)]
    cols = [s for s, _ in Counter(b for _, b in pairs).most_common(top)]
    grid = np.zeros((len(rows), len(cols)))
    for a, b in pairs:
        if a in rows and b in cols:
            grid[rows.index(a), cols.index(b)] += 1
    return grid, [_sector_name(r, lang) for r in rows], [_sector_name(c, lang) for c in cols]


def _counts(result: MatchmakingResult) -> dict[str, int]:
    """Placed meetings per participant id (0 for everyone without)."""
    s = result.schedule
    placed = s.slot >= 0
    a = np.bincount(s.pairs[placed, 0], minlength=len(s.row_ids))
    b = np.bincount(s.pairs[placed, 1], minlength=len(s.col_ids))
    out = dict(zip(s.row_ids, a.tolist(), strict=True))
    out.update(zip(s.col_ids, b.tolist(), strict=True))
    return {p.id: out.get(p.id, 0) for p in result.mission}


def _plots(result: MatchmakingResult, lang: str) -> str:
    from matchmaker.reporting import plots

    s = result.schedule
    counts_a = np.bincount(s.pairs[s.slot >= 0, 0], minlength=len(s.row_ids))
    counts_b = np.bincount(s.pairs[s.slot >= 0, 1], minlength=len(s.col_ids))
    placed = s.slot >= 0
    chosen = pair_values(result.scores.total, s.pairs[placed, 0], s.pairs[placed, 1])
    grid, rows, cols = _sector_flows(result, lang)
    mission = result.mission
    svgs = [
        plots.score_histogram(
            chosen,
            title=label("score_distribution", lang),
            xlabel=label("score", lang),
            ylabel=label("meetings", lang),
            decimal="," if lang == "id" else ".",
        ),
        plots.meetings_histogram(
            [counts_a, counts_b],
            [mission.side_a.name, mission.side_b.name],
            title=label("meetings_per_participant", lang),
            xlabel=label("meetings", lang),
            ylabel=label("participants", lang),
        ),
        plots.sector_heatmap(
            grid,
            rows,
            cols,
            title=label("sector_flows", lang),
            xlabel=mission.side_b.name,
            ylabel=mission.side_a.name,
        ),
    ]
    kinds = ("chart", "chart", "heatmap")  # printed at a size its labels stay legible at
    return (
        '<div class="plots">'
        + "".join(f'<figure class="{k}">{svg}</figure>' for k, svg in zip(kinds, svgs, strict=True))
        + "</div>"
    )


def _figures(result: MatchmakingResult, lang: str) -> str:
    """The key figures, each with its meaning in one line (no statistics jargon)."""
    m, e = result.mission, result.evaluation

    def pct(x: float) -> str:
        return format_percent(x, lang, decimals=0)

    def pair(f: Callable[[SideStats], str]) -> str:
        return f"{m.side_a.name}: {f(e.side_a)} · {m.side_b.name}: {f(e.side_b)}"

    rows = [
        (label("meetings", lang), format_number(e.meetings, lang, decimals=0), ""),
        (label("coverage", lang), pair(lambda s: pct(s.coverage)), label("coverage_help", lang)),
        (
            label("fairness", lang),
            pair(lambda s: pct(1 - s.gini_meetings)),
            label("fairness_help", lang),
        ),
        (
            label("fairness_score", lang),
            pair(lambda s: pct(1 - s.gini_score)),
            label("fairness_score_help", lang),
        ),
    ]
    if e.mean_score is not None:
        rows.append(
            (
                label("mean_score", lang),
                format_number(e.mean_score, lang, decimals=2),
                label("score_help", lang),
            )
        )
    if e.declared_potential_idr is not None:
        rows.append((label("declared_potential", lang), format_rupiah(e.declared_potential_idr, lang), ""))
    body = "".join(
        f"<tr><th>{_e(k)}</th><td>{_e(v)}</td><td class='help'>{_e(h)}</td></tr>" for k, v, h in rows
    )
    return f"<table class='figures'><tbody>{body}</tbody></table>"


def _totals(m: Mission | GroupMission, counts: Mapping[str, int], lang: str) -> str:
    """Meetings per delegation and per sector (a participant's meetings count for its sector);
    ``counts``: each participant's meetings placed (the group path's report too)."""
    rows = []
    for name, people in _delegations(m):
        got = [counts[p.id] for p in people]
        rows.append(
            [
                name,
                len(people),
                sum(1 for g in got if g),
                sum(got),
                format_number(sum(got) / len(people), lang, decimals=1) if people else "—",
            ]
        )
    columns = [
        label("delegation", lang),
        label("participants", lang),
        label("with_meeting", lang),
        label("meetings", lang),
        label("mean_meetings", lang),
    ]
    parts = [f"<h3>{_e(label('per_delegation', lang))}</h3>", _table(columns, rows, numeric=(1, 2, 3, 4))]
    sectors: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in m:
        row = sectors[main_sector(m, p.id)]
        row[0] += 1
        row[1] += counts[p.id] > 0
        row[2] += counts[p.id]
    ordered = sorted(sectors.items(), key=lambda kv: (-kv[1][2], kv[0]))
    parts.append(f"<h3>{_e(label('per_sector', lang))}</h3>")
    parts.append(
        _table(
            [label("sector", lang), *columns[1:4]],
            ([_sector_name(code, lang, None), *values] for code, values in ordered),  # whole: the cell wraps
            numeric=(1, 2, 3),
        )
    )
    return "".join(parts)


def _shortfalls(found: Sequence[Shortfall], m: Mission | GroupMission, lang: str) -> str:
    """Who got fewer meetings than asked, and why (both paths' reports)."""
    head = f"<h2 id='shortfalls'>{_e(label('shortfalls', lang))} ({len(found)})</h2>"
    if not found:
        return head + f"<p>{_e(label('shortfalls_none', lang))}</p>"
    rows = [
        [
            s.participant,
            m[s.participant].name if s.participant in m else "",
            s.wanted,
            s.got,
            shortfall_reason(s, lang),
        ]
        for s in found
    ]
    columns = [
        "id",
        label("participant", lang),
        label("wanted", lang),
        label("got", lang),
        label("reason", lang),
    ]
    return head + _table(columns, rows, numeric=(2, 3), ids=(0,))


def _grid(result: MatchmakingResult, lang: str, per_block: int) -> str:
    """The venue grid: slots as rows, tables as columns, in blocks of ``per_block`` tables."""
    s, m = result.schedule, result.mission
    used = {mt.table for mt in s.meetings}
    tables = [t for t in s.table_labels if t in used]
    cells: dict[tuple[int, str], str] = {}

    def who(pid: str) -> str:
        name = m[pid].name if pid in m else ""
        return f"{_e(name)} <small class=id>{_e(pid)}</small>" if name else f"<span class=id>{_e(pid)}</span>"

    for mt in s.meetings:
        # at a host's own table the host is implied: show the guest only
        cells[(mt.slot, mt.table)] = who(mt.b) if mt.table == mt.a else f"{who(mt.a)}<br>{who(mt.b)}"
    one_day = len({slot.start.date() for slot in s.plan.slots}) <= 1
    slots = [slot for slot in s.plan.slots if any((slot.index, t) in cells for t in tables)]
    parts = []
    for first in range(0, len(tables), per_block):
        block = tables[first : first + per_block]
        # named as the cells name the tables (labels need not be numbers 1, 2, …)
        span = (
            label("grid_block", lang).format(first=block[0], last=block[-1])
            if len(block) > 1
            else label("event_table", lang).format(table=block[0])
        )
        title = f"{label('grid', lang)} — {span}"
        head = "".join(
            f"<th><span class=id>{_e(t)}</span>"
            + (f"<br><small>{_e(m[t].name)}</small>" if t in m else "")
            + "</th>"
            for t in block
        )
        rows = []
        for slot in slots:
            when = (
                format_clock(slot.start, lang)
                if one_day
                else f"{slot.start:%d/%m} {format_clock(slot.start, lang)}"
            )
            row = "".join(f"<td>{cells.get((slot.index, t), '')}</td>" for t in block)
            rows.append(f"<tr><th>{_e(when)}</th>{row}</tr>")
        cols = "<col class='slot'>" + "<col>" * len(block)
        parts.append(
            f"<section class='grid-block'><h3>{_e(title)}</h3><table class='grid'><colgroup>{cols}</colgroup>"
            f"<thead><tr><th>{_e(label('time', lang))}</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )
    return "".join(parts)


def _delegations(m: Mission | GroupMission) -> list[tuple[str, Sequence[Participant]]]:
    """Each delegation's name and participants, in the mission's order (side A first)."""
    if isinstance(m, Mission):
        return [(m.delegation(side).name, m.side(side)) for side in ("A", "B")]
    return [(name, m.members(k)) for k, name in enumerate(m.group_names)]


def _event_line(m: Mission | GroupMission, agenda: Sequence[AgendaLine], lang: str) -> str:
    """When and where, as a printed agenda page says it: the day(s) of the owner's meetings
    (in the zone of its rows' times) and the venue.

    A page is handed to one participant on its own, so it says when and where without the
    report's first page.  The venue is left out for one who meets online only (its rows
    give the link), and when the mission names none (``agendas.html`` then tells the
    organisers, :func:`render_agendas`).
    """
    days = sorted({line.start.date() for line in agenda})
    # a run of days as first – last; days with a gap each (29 September and 1 October: not the 30th)
    run = len(days) > 1 and (days[-1] - days[0]).days == len(days) - 1
    when = (" – " if run else ", ").join(format_day(d, lang) for d in (days[:1] + days[-1:] if run else days))
    parts = [f"{label('date', lang)}: {when}"]
    if m.venue and any(not line.online for line in agenda):
        parts.append(f"{label('venue', lang)}: {m.venue}")
    return " · ".join(parts)


def _agenda_sections(
    m: Mission | GroupMission,
    lines: Mapping[str, Sequence[AgendaLine]],
    lang: str,
    *,
    scores: bool = True,
) -> str:
    """The agenda of each participant with a meeting as a section (a printed page).

    ``scores``: a column with each meeting's score (the report's; the agendas handed to
    participants give the reason only).  Those without a meeting get no section: both
    pages list them once after the agendas (:func:`_without_section`).  Printed, the
    table's head (repeated on every page the agenda spans) names the owner and the event,
    the day(s) of the owner's meetings and the venue (:func:`_event_line`).
    """
    columns = [
        label("time", lang),
        label("table", lang),
        label("partner", lang),
        label("contact", lang),
        label("why", lang),
    ]
    if scores:
        columns.append(label("score", lang))
    days = {line.start.date() for agenda in lines.values() for line in agenda}
    parts = []
    for delegation, people in _delegations(m):
        for p in people:
            agenda = lines.get(p.id, [])
            if not agenda:
                continue
            title = f"{p.name} ({p.id})"
            sub = " · ".join(x for x in (delegation, p.city or "", _count(len(agenda), lang)) if x)
            rows = "".join(_agenda_row(line, len(days) > 1, lang, scores) for line in agenda)
            head = "".join(f"<th>{_e(c)}</th>" for c in columns)
            # the owner's name and the event head the table: printed, the head repeats on
            # every page it spans, so each page says whose it is, and when and where
            owner = (
                f"<tr class='owner'><th colspan='{len(columns)}'>{_e(title)}"
                f"<span class='meta'>{_e(sub)}</span><span class='meta event'>{_e(m.name)}</span>"
                f"<span class='meta when'>{_e(_event_line(m, agenda, lang))}</span></th></tr>"
            )
            long = " class='long'" if len(agenda) > _LONG_AGENDA else ""
            # printed, the owner row stands for the heading and its line (class lead)
            parts.append(
                f"<section class='agenda' id='agenda-{_e(p.id)}'><h3 class='lead'>{_e(title)}</h3>"
                f"<p class='meta lead'>{_e(sub)}</p><table{long}><thead>{owner}<tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table></section>"
            )
    return "".join(parts)


def _count(n: int, lang: str) -> str:
    return label("one_meeting", lang) if n == 1 else label("n_meetings", lang).format(n=n)


def _who(x: AgendaPartner) -> str:
    who = f"{_e(x.name)} <small><span class=id>{_e(x.id)}</span>"
    return who + (f", {_e(x.city)}</small>" if x.city else "</small>")


def _agenda_row(line: AgendaLine, several_days: bool, lang: str, scores: bool = True) -> str:
    day = format_day(line.start.date(), lang) + " " if several_days else ""
    when = _e(f"{day}{format_clock(line.start, lang)}–{format_clock(line.end, lang)} {line.zone}")
    if line.representative:  # a team's meetings at once: which representative goes to this one
        when += f"<br><small>{_e(label('representative', lang))} {line.representative}</small>"
    partner = "<br>".join(_who(x) for x in line.partners)
    if line.members:
        # one line per member, named by id: the contact column stays beside the partner column
        partner = f"{_e(label('group_with', lang))}:<br>{partner}"
        reaches = ((x.id, ", ".join(v for v in (x.contact, x.phone, x.email) if v)) for x in line.members)
        reach = "<br>".join(f"<span class=id>{_e(pid)}</span>: {_e(how)}" for pid, how in reaches if how)
    else:
        reach = "<br>".join(_e(x) for x in (line.contact, line.phone, line.email) if x)
    cells = f"<tr><td>{when}</td>{_place(line, lang)}<td>{partner}</td><td>{reach}</td>"
    cells += f"<td>{_e(line.reason)}</td>"
    if not scores:
        return cells + "</tr>"
    score = format_number(line.score, lang, decimals=2) if line.score is not None else ""
    return f"{cells}<td class=n>{_e(score)}</td></tr>"


def _place(line: AgendaLine, lang: str) -> str:
    """The table's cell, or an online meeting's: its link (a link to follow when it is a web address)."""
    if not line.online:
        return f"<td class=id>{_e(line.table)}</td>"
    link = _e(line.link)
    if line.link.startswith(("https://", "http://")):  # never a javascript: or data: address
        link = f"<a href='{link}'>{link}</a>"
    # a web address has no place to break: let it break anywhere rather than widen the page
    return f"<td style='overflow-wrap:anywhere'>{_e(label('online', lang))}<br>{link}</td>"


def _technical(result: MatchmakingResult, lang: str) -> str:
    """Solver names, bounds and the raw indices: for whoever checks the run, not for the day."""
    e, s = result.evaluation, result.schedule
    methods = label("matching_line", lang).format(
        method=result.matching.method,
        backend=result.matching.backend,
        objective=format_number(result.matching.objective, lang, decimals=3),
    )
    if result.baseline is not None:
        methods += label("baseline_line", lang).format(
            objective=format_number(result.baseline.objective, lang, decimals=3)
        )
    methods += ". " + label("schedule_line", lang).format(
        method=s.method, backend=s.backend, bound=s.slot_bound
    )
    parts = [f"<h2>{_e(label('technical', lang))}</h2><p class='meta'>{_e(methods)}.</p>"]
    parts.append(f"<pre>{_e(evaluation_text(e, lang))}</pre>")
    if result.matching.violations:
        parts.append(f"<h3>{_e(label('rules_broken', lang))}</h3><ul>")
        parts += [f"<li>{_e(problem_text(p, lang))}</li>" for p in result.matching.violations]
        parts.append("</ul>")
    return "".join(parts)


def _head(title: str, lang: str, style: str = "") -> str:
    """The page's head; ``style`` is added to the shared styles (a page's own rules)."""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}{style}</style></head><body>"
    )


def _when(m: Mission | GroupMission, plan: EventPlan, lang: str) -> str:
    """The event's day(s), venue and time zone, under a page's title."""
    days = sorted({slot.start.date() for slot in plan.slots}) or ([m.date] if m.date else [])
    day = " – ".join(format_day(d, lang) for d in (days[:1] + days[-1:] if len(days) > 1 else days))
    zone = format_zone(plan.slots[0].start) if plan.slots else m.timezone
    return " · ".join(x for x in (day, m.venue or "", zone) if x)


def render_html(
    result: MatchmakingResult,
    rec: Records,
    *,
    lang: str = "en",
    plots: bool = True,
    note: str | None = None,
    lines: Mapping[str, Sequence[AgendaLine]] | None = None,
    detail_limit: int = DETAIL_LIMIT,
    tables_per_block: int = TABLES_PER_BLOCK,
) -> str:
    """The report of a :class:`~matchmaker.pipeline.MatchmakingResult` as one HTML document.

    Parameters
    ----------
    result : MatchmakingResult
        From :func:`matchmaker.pipeline.run`.
    rec : Records
        From :func:`matchmaker.export.records.records`.
    lang : {"en", "id"}
        Language of the labels and of the numbers (``0,37`` in Indonesian).
    plots : bool
        Include the plots (needs matplotlib: ``pip install 'matchmaker[plot]'``).
    note : str, optional
        A note shown under the title (e.g. that the participants are synthetic).
    lines : mapping, optional
        The agendas from :func:`matchmaker.export.agendas.agenda_lines` (built when not given).
    detail_limit : int
        Above this many meetings, the grid and the agendas are left out.
    tables_per_block : int
        Tables per block of the grid (one A4 landscape page).

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> from matchmaker.export import records
    >>> from matchmaker.pipeline import run
    >>> result = run(east_java_south_sumatra_2020())
    >>> page = render_html(result, records(result.schedule, result.scores), lang="id", plots=False)
    >>> "Pemerataan pertemuan" in page, "Gini" in page.split("Lampiran teknis")[0]
    (True, False)
    """
    check_language(lang)
    if tables_per_block < 1:
        raise ValueError(f"tables_per_block must be at least 1, got {tables_per_block}")
    m, e, s = result.mission, result.evaluation, result.schedule
    detailed = e.meetings <= detail_limit
    if lines is None and detailed:
        lines = agenda_lines(result, rec, lang=lang)
    counts = _counts(result)
    cards = [
        (label("participants", lang), f"{len(m.side('A'))} + {len(m.side('B'))}"),
        (label("meetings", lang), format_number(e.meetings, lang, decimals=0)),
        (label("unplaced", lang), format_number(e.unplaced or 0, lang, decimals=0)),
        (label("slots", lang), f"{e.slots_used} / {len(s.plan.slots)}"),
    ]
    if e.declared_potential_idr is not None:
        cards.append((label("declared_potential", lang), format_rupiah(e.declared_potential_idr, lang)))
    when = _when(m, s.plan, lang)
    parts = [_head(m.name, lang), f"<h1>{_e(m.name)}</h1><p class='meta'>{_e(when)}</p>"]
    if note:
        parts.append(f"<p class='note'>{_e(note)}</p>")
    parts.append(
        "<div class='cards'>"
        + "".join(f"<div class='card'>{_e(k)}<b>{_e(v)}</b></div>" for k, v in cards)
        + "</div>"
    )
    parts.append(_print_note(lang, "print_note"))
    parts.append(f"<h2>{_e(label('summary', lang))}</h2>{_figures(result, lang)}")
    parts.append(f"<h2>{_e(label('totals', lang))}</h2>{_totals(m, counts, lang)}")
    parts.append(_shortfalls(result.shortfalls, m, lang))
    if plots:
        parts.append(_plots(result, lang))
    parts.append(f"<h2 class='screen'>{_e(label('grid', lang))}</h2>")
    if detailed and lines is not None:
        parts.append(_grid(result, lang, tables_per_block))
    parts.append(
        _report_agendas(m, lines if detailed else None, counts, lang, meetings=e.meetings, limit=detail_limit)
    )
    # the organisers' list of those without a meeting, as agendas.html ends (the same code)
    met = {pid for pid, n in counts.items() if n}
    without = _without_meeting(m, result.shortfalls, met, lang, result.matching.unmatched)
    parts.append(_without_section(without, lang))
    unplaced = [r for r in rec.meetings if r["status"] == "unplaced"]
    parts.append(f"<h2>{_e(label('unplaced', lang))} ({len(unplaced)})</h2>")
    if unplaced:
        shown = unplaced if detailed else unplaced[:200]  # all of them are in meetings.csv
        why = {(u.a, u.b): reason_text(u.reason, lang) for u in result.schedule.unplaced}
        parts.append(
            _table(
                ["A", "", "B", "", label("reason", lang)],
                (
                    [
                        r["a_id"],
                        r["a_name"],
                        r["b_id"],
                        r["b_name"],
                        why.get((str(r["a_id"]), str(r["b_id"]))) or r["reason"],
                    ]
                    for r in shown
                ),
                ids=(0, 2),
            )
        )
    parts.append(_technical(result, lang))
    parts.append("<p class='meta'>matchmaker</p></body></html>")
    return "\n".join(parts)


def _report_agendas(
    mission: Mission | GroupMission,
    lines: Mapping[str, Sequence[AgendaLine]] | None,
    counts: Mapping[str, int],
    lang: str,
    *,
    meetings: int,
    limit: int,
) -> str:
    """A report's agendas (both paths'): the heading, an index on screen linking each
    participant to its agenda (one without a meeting, ``counts`` 0, to the list of those),
    and each agenda (:func:`_agenda_sections`); with ``lines`` None (above ``limit``
    meetings, of which there are ``meetings``) the note that the report is summarised."""
    if lines is None:
        text = label("summarised", lang).format(
            n=format_number(meetings, lang, decimals=0), limit=format_number(limit, lang, decimals=0)
        )
        return f"<p class='note'>{_e(text)}</p>"
    # one without a meeting has no agenda: its link leads to the list of those
    anchor = {p.id: f"agenda-{p.id}" if counts[p.id] else "without-meeting" for p in mission}
    index = " · ".join(f"<a href='#{_e(anchor[p.id])}'>{_e(p.id)} {_e(p.name)}</a>" for p in mission)
    return "\n".join(
        [
            f"<h2 id='agendas'>{_e(label('agendas', lang))}</h2><p class='index screen'>",
            index + "</p>",
            _agenda_sections(mission, lines, lang),
        ]
    )


def _without_meeting(
    mission: Mission | GroupMission,
    shortfalls: Iterable[Shortfall],
    met: Collection[str],
    lang: str,
    unmatched: Iterable[Unmatched] = (),
) -> list[list[str]]:
    """``[id, name, delegation, reason]`` of each participant not in ``met`` (those with a
    meeting placed), in the mission's order.

    The reason is the first that holds: the shortfall's (as "Fewer meetings than asked"
    gives it); one who takes no meeting (``max_meetings`` 0); else it asked for none
    (``min_meetings`` 0), with why the matching gave it no partner when ``unmatched`` says
    (a two-delegation run's :attr:`Matching.unmatched <matchmaker.assignment.Matching.unmatched>`).
    """
    # the matching sees the scores only (a pair a rule rules out holds 0): where the
    # shortfall analysis names the cause, its reason stands
    short = {s.participant: s for s in shortfalls if s.got == 0}
    alone = {u.id: u for u in unmatched}
    rows = []
    for _, people in _delegations(mission):
        for p in people:
            if p.id in met:
                continue
            if p.id in short:
                why = shortfall_reason(short[p.id], lang)
            elif p.max_meetings == 0:
                why = label("no_meeting_max_zero", lang)
            elif p.id in alone:  # with no floor, so no shortfall: the matching's reason
                u = alone[p.id]
                cause = u.reason if lang == "en" else label(f"unmatched_{u.kind}", lang)
                why = label("no_meeting_min_zero_because", lang).format(why=cause)
            else:
                why = label("no_meeting_min_zero", lang)
            rows.append([p.id, p.name, p.delegation, why])
    return rows


def _without_section(rows: Sequence[Sequence[str]], lang: str, *, printed: bool = True) -> str:
    """The organisers' list of those without a meeting (:func:`_without_meeting`), on a
    printed page of its own after the agendas (so that those can be handed out as printed);
    empty when everyone has a meeting.  ``agendas.html`` and the report show the same list.

    ``printed=False`` (``agendas.html``): on screen only.  Its print (and ``agendas.pdf``)
    is what participants are handed whole, so a page of other companies' names and why
    they have no meeting must not be in it; the report, the organisers' own, prints it.
    """
    if not rows:
        return ""
    columns = ["id", label("participant", lang), label("delegation", lang), label("reason", lang)]
    shown = "without" if printed else "without screen"
    note = "agendas_without_note" if printed else "agendas_without_note_screen"
    return (
        f"<section class='{shown}' id='without-meeting'>"
        f"<h2>{_e(label('agendas_without', lang).format(n=len(rows)))}</h2>"
        f"<p class='meta'>{_e(label(note, lang))}</p>"
        f"{_table(columns, rows, ids=(0,))}</section>"
    )


def _print_note(lang: str, what: str) -> str:
    """The line, on screen only, that tells how the page prints and how to print it without
    the browser's header and footer (the date, the title, the file's path)."""
    text = f"{label(what, lang)} {label('print_headers_note', lang)}"
    return f"<p class='meta screen'>{_e(text)}</p>"


def render_agendas(
    result: MatchmakingResult | GroupResult, lines: Mapping[str, Sequence[AgendaLine]], *, lang: str = "en"
) -> str:
    """The agendas to hand out, one per printed page, as one HTML document (``agendas.html``).

    ``result`` is a two-delegation run's or the group path's (``lines`` from
    :func:`~matchmaker.export.agendas.agenda_lines` or
    :func:`~matchmaker.export.groups.group_agenda_lines`); the agendas go delegation by
    delegation, in the mission's order.  They give each meeting's reason, not its score
    (an internal number, kept in ``meetings.csv`` and the report).  Each page names the
    event, the day(s) of its owner's meetings and the venue, so that a page handed out
    alone says when and where.  A participant without a meeting gets no page: those are
    listed once at the end, each with why it has none, for the organisers and on screen
    only: the print (``agendas.pdf``) is the handout (their message says that no meeting
    could be arranged; the report prints the same list).  Without a venue
    (the mission names none) a note on screen tells the organisers that the pages say
    when but not where.
    """
    check_language(lang)
    m = result.mission
    title = f"{m.name} — {label('agendas', lang)}"
    met = {pid for pid, agenda in lines.items() if agenda}
    unmatched = result.matching.unmatched if isinstance(result.matching, Matching) else ()
    without = _without_meeting(m, result.shortfalls, met, lang, unmatched)
    when = _when(m, result.schedule.plan, lang)
    parts = [_head(title, lang), f"<h1>{_e(title)}</h1><p class='meta'>{_e(when)}</p>"]
    parts.append(_print_note(lang, "print_agendas_note" if m.venue else "print_agendas_note_no_venue"))
    if not m.venue and any(not line.online for agenda in lines.values() for line in agenda):
        parts.append(f"<p class='note screen'>{_e(label('agendas_no_venue', lang))}</p>")
    if without:
        text = _e(label("agendas_without_link", lang).format(n=len(without)))
        parts.append(f"<p class='meta screen'><a href='#without-meeting'>{text}</a></p>")
    parts.append(_agenda_sections(m, lines, lang, scores=False))
    parts.append(_without_section(without, lang, printed=False))
    parts.append("</body></html>")
    return "\n".join(parts)
