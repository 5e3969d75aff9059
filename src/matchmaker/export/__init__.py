"""Exports of a run: CSV, JSON, XLSX, iCalendar agendas and a self-contained HTML report.

:func:`export_all` writes the whole pack for a :class:`~matchmaker.pipeline.MatchmakingResult`::

    out/
      meetings.csv  agendas.csv  grid.csv  outcome_form.csv
      result.json   matchmaker.xlsx   report.html
      ics/<participant id>.ics
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from matchmaker.export.files import result_document, write_csv_pack, write_json, write_xlsx
from matchmaker.export.html import render_html
from matchmaker.export.ics import calendar_for, write_calendars
from matchmaker.export.records import AGENDA_COLUMNS, MEETING_COLUMNS, Records, records
from matchmaker.reporting.labels import check_language

__all__ = [
    "AGENDA_COLUMNS",
    "FORMATS",
    "MEETING_COLUMNS",
    "Records",
    "calendar_for",
    "export_all",
    "records",
    "render_html",
    "result_document",
    "write_calendars",
    "write_csv_pack",
    "write_json",
    "write_xlsx",
]

#: Everything :func:`export_all` can write.
FORMATS = ("csv", "json", "xlsx", "ics", "html")


def export_all(
    result: Any,
    directory: str | Path,
    *,
    lang: str = "en",
    formats: Collection[str] = FORMATS,
    plots: bool = True,
    note: str | None = None,
) -> dict[str, list[Path]]:
    """Write the result pack into ``directory``; returns the paths written, by format.

    Parameters
    ----------
    result : MatchmakingResult
        From :func:`matchmaker.pipeline.run`.
    directory : str or Path
        Created if missing; files in it are overwritten.
    lang : {"en", "id"}
        Language of the labels, and of the CSV and XLSX headers: ``"id"`` writes
        Indonesian headers and ``;``-separated CSV with a byte-order mark, for Excel in
        an Indonesian locale (see :mod:`matchmaker.export.files`).  JSON keys stay fixed.
    formats : collection of str
        A subset of :data:`FORMATS`.
    plots : bool
        Plots in the HTML report (needs ``matchmaker[plot]``).
    note : str, optional
        A note for the top of the report.

    Raises
    ------
    ValueError
        On an unknown format or language.
    MissingDependencyError
        When a chosen format needs an extra that is missing (xlsx: ``openpyxl``,
        ics: ``icalendar``, plots: ``matplotlib``), before anything is written.
    """
    check_language(lang)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; choose from {list(FORMATS)}")
    from matchmaker._optional import require

    needs = {"xlsx": ("openpyxl", "xlsx", "XLSX exports"), "ics": ("icalendar", "ics", "iCalendar exports")}
    for fmt, (module, extra, feature) in needs.items():
        if fmt in formats:
            require(module, extra=extra, feature=feature)
    if plots and "html" in formats:
        require("matplotlib", extra="plot", feature="Plots in the HTML report")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    rec = records(result.schedule, result.scores, mission=result.mission)
    written: dict[str, list[Path]] = {}
    if "csv" in formats:
        written["csv"] = write_csv_pack(rec, out, lang=lang)
    if "json" in formats:
        written["json"] = [write_json(result, rec, out / "result.json")]
    if "xlsx" in formats:
        written["xlsx"] = [write_xlsx(result, rec, out / "matchmaker.xlsx", lang=lang)]
    if "ics" in formats:
        written["ics"] = write_calendars(result.schedule, out / "ics", mission=result.mission, lang=lang)
    if "html" in formats:
        path = out / "report.html"
        path.write_text(render_html(result, rec, lang=lang, plots=plots, note=note), encoding="utf-8")
        written["html"] = [path]
    return written
