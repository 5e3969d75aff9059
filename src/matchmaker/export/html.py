"""A self-contained HTML report: figures, plots, the slot × table grid and every agenda.

The page needs no network: styles are inline and plots are inline SVG (matplotlib,
optional extra ``plot``; pass ``plots=False`` to leave them out).  Every text that
comes from participants is HTML-escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from matchmaker.export.records import Records
from matchmaker.model.mission import Mission
from matchmaker.reference.classification import hs, kbli
from matchmaker.reporting.evaluate import pair_values
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import format_number, format_percent, format_rupiah

__all__ = ["main_sector", "render_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:72rem;
     color:#1a202c;line-height:1.4;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{margin-top:2.2rem;border-bottom:2px solid #2b6cb0;padding-bottom:.2rem}
.meta{color:#4a5568} .note{background:#fefcbf;padding:.4rem .8rem;border-radius:4px}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{background:#ebf4ff;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #cbd5e0;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#edf2f7;position:sticky;top:0} .grid{overflow:auto;max-height:32rem;display:block}
.grid td,.grid th{white-space:nowrap}
details{margin:.3rem 0} summary{cursor:pointer} .plots{display:flex;flex-wrap:wrap;gap:1rem}
.plots svg{max-width:100%;height:auto}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _table(columns: Sequence[str], rows: Iterable[Sequence[Any]], css: str = "") -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def main_sector(mission: Mission, pid: str) -> str:
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


def _sector_flows(result: Any, top: int = 12) -> tuple[np.ndarray, list[str], list[str]]:
    mission, meetings = result.mission, result.schedule.meetings
    pairs = [(main_sector(mission, m.a), main_sector(mission, m.b)) for m in meetings]
    rows = [s for s, _ in Counter(a for a, _ in pairs).most_common(top)]
    cols = [s for s, _ in Counter(b for _, b in pairs).most_common(top)]
    grid = np.zeros((len(rows), len(cols)))
    for a, b in pairs:
        if a in rows and b in cols:
            grid[rows.index(a), cols.index(b)] += 1

    def name(code: str) -> str:
        if code == "—":
            return code
        title = kbli().title(code).capitalize()
        return f"{code} {title[:28]}{'…' if len(title) > 28 else ''}"

    return grid, [name(r) for r in rows], [name(c) for c in cols]


def _plots(result: Any, lang: str) -> str:
    from matchmaker.reporting import plots

    counts_a = np.bincount(
        result.schedule.rows[result.schedule.slot >= 0], minlength=len(result.schedule.a_ids)
    )
    counts_b = np.bincount(
        result.schedule.cols[result.schedule.slot >= 0], minlength=len(result.schedule.b_ids)
    )
    placed = result.schedule.slot >= 0
    chosen = pair_values(result.scores.total, result.schedule.rows[placed], result.schedule.cols[placed])
    grid, rows, cols = _sector_flows(result)
    mission = result.mission
    svgs = [
        plots.score_histogram(
            chosen,
            title=label("score_distribution", lang),
            xlabel=label("score", lang),
            ylabel=label("meetings", lang),
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
    return '<div class="plots">' + "".join(f"<figure>{svg}</figure>" for svg in svgs) + "</div>"


def render_html(
    result: Any, rec: Records, *, lang: str = "en", plots: bool = True, note: str | None = None
) -> str:
    """The report of a :class:`~matchmaker.pipeline.MatchmakingResult` as one HTML document.

    Parameters
    ----------
    result : MatchmakingResult
        From :func:`matchmaker.pipeline.run`.
    rec : Records
        From :func:`matchmaker.export.records.records`.
    lang : {"en", "id"}
        Language of the labels.
    plots : bool
        Include the plots (needs matplotlib: ``pip install 'matchmaker[plot]'``).
    note : str, optional
        A note shown under the title (e.g. that the participants are synthetic).
    """
    check_language(lang)
    m, e, s = result.mission, result.evaluation, result.schedule
    cards = [
        (label("participants", lang), f"{len(m.side('A'))} + {len(m.side('B'))}"),
        (label("meetings", lang), f"{e.meetings}"),
        (label("unplaced", lang), f"{e.unplaced}"),
        (
            label("coverage", lang),
            " / ".join(format_percent(c, lang, decimals=0) for c in (e.side_a.coverage, e.side_b.coverage)),
        ),
        (label("slots", lang), f"{e.slots_used} / {len(s.plan.slots)}"),
        (label("mean_score", lang), format_number(e.mean_score, lang) if e.mean_score is not None else "—"),
    ]
    if e.declared_potential_idr is not None:
        cards.append((label("declared_potential", lang), format_rupiah(e.declared_potential_idr)))
    when = ", ".join(x for x in (m.date.isoformat() if m.date else "", m.venue or "", m.timezone) if x)
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(m.name)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(m.name)}</h1><p class='meta'>{_e(when)}</p>",
    ]
    if note:
        parts.append(f"<p class='note'>{_e(note)}</p>")
    parts.append(
        "<div class='cards'>"
        + "".join(f"<div class='card'>{_e(k)}<b>{_e(v)}</b></div>" for k, v in cards)
        + "</div>"
    )
    parts.append(f"<h2>{_e(label('summary', lang))}</h2><pre>{_e(e.to_text(lang))}</pre>")
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
    parts.append(f"<p class='meta'>{_e(methods)}.</p>")
    if result.matching.violations:
        parts.append(f"<h3>{_e(label('rules_broken', lang))}</h3><ul>")
        parts += [f"<li>{_e(p)}</li>" for p in result.matching.violations]
        parts.append("</ul>")
    if plots:
        parts.append(_plots(result, lang))
    parts.append(f"<h2>{_e(label('grid', lang))}</h2>")
    names = {"slot": label("slot", lang), "start": label("start", lang)}
    headers = [names.get(c, c) for c in rec.grid_columns]
    parts.append(_table(headers, ([r[c] for c in rec.grid_columns] for r in rec.grid), "grid"))
    one_day = len({slot.start.date() for slot in s.plan.slots}) <= 1
    parts.append(f"<h2>{_e(label('agenda', lang))}</h2>")
    by_participant: dict[str, list[dict[str, Any]]] = {}
    for row in rec.agendas:
        by_participant.setdefault(row["participant"], []).append(row)
    for side in ("A", "B"):
        parts.append(f"<h3>{_e(m.delegation(side).name)}</h3>")
        for p in m.side(side):
            rows = by_participant.get(p.id, [])
            head = f"{p.id} — {p.name} ({len(rows)})"
            table = _table(
                [label("time", lang), label("table", lang), label("partner", lang), "", label("score", lang)],
                (
                    [
                        ("" if one_day else r["start"][:10] + " ")
                        + r["start"][11:16]
                        + "–"
                        + r["end"][11:16],
                        r["table"],
                        r["partner"],
                        r["partner_name"],
                        r["score"],
                    ]
                    for r in rows
                ),
            )
            parts.append(f"<details><summary>{_e(head)}</summary>{table}</details>")
    unplaced = [r for r in rec.meetings if r["status"] == "unplaced"]
    parts.append(f"<h2>{_e(label('unplaced', lang))} ({len(unplaced)})</h2>")
    if unplaced:
        parts.append(
            _table(["A", "B", label("reason", lang)], ([r["a_id"], r["b_id"], r["reason"]] for r in unplaced))
        )
    unmatched = result.matching.unmatched
    if unmatched:
        parts.append(f"<h3>{len(unmatched)} {_e(label('without_meeting', lang))}</h3>")
        parts.append(
            _table(
                ["id", label("side", lang), label("reason", lang)],
                ([u.id, u.side, u.reason] for u in unmatched),
            )
        )
    parts.append("<p class='meta'>matchmaker</p></body></html>")
    return "\n".join(parts)
