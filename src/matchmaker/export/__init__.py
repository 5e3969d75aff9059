"""Exports of a run: CSV, JSON, XLSX, iCalendar agendas and a self-contained HTML report.

:func:`export_all` writes the whole pack for a :class:`~matchmaker.pipeline.MatchmakingResult`::

    out/
      meetings.csv  agendas.csv  grid.csv  outcome_form.csv
      result.json   matchmaker.xlsx   report.html
      ics/<participant id>.ics           (and <id>.cancel.ics when re-sent with ``previous``)
      agendas.html  contacts.csv  messages/<participant id>.txt
      pack-manifest.json   (the files the tool wrote, with their SHA-256)

``agendas.html`` prints one agenda per page; ``messages/`` holds a short text agenda per
participant for WhatsApp or SMS and ``contacts.csv`` their numbers in ``+62`` form for a
bulk-message tool (see :mod:`matchmaker.export.agendas`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from matchmaker.export.agendas import agenda_lines, write_contacts, write_messages
from matchmaker.export.files import result_document, write_csv_pack, write_json, write_xlsx
from matchmaker.export.html import DETAIL_LIMIT, render_agendas, render_html
from matchmaker.export.ics import calendar_for, write_calendars
from matchmaker.export.pack import write_pack
from matchmaker.export.records import AGENDA_COLUMNS, MEETING_COLUMNS, Records, Table, records
from matchmaker.reporting.labels import check_language

if TYPE_CHECKING:
    from matchmaker.pipeline import MatchmakingResult

__all__ = [
    "AGENDA_COLUMNS",
    "FORMATS",
    "MEETING_COLUMNS",
    "Records",
    "Table",
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
FORMATS = ("csv", "json", "xlsx", "ics", "html", "agendas")


def export_all(
    result: MatchmakingResult,
    directory: str | Path,
    *,
    lang: str = "en",
    formats: Collection[str] = FORMATS,
    plots: bool = True,
    note: str | None = None,
    previous: MatchmakingResult | None = None,
    force: bool = False,
) -> dict[str, list[Path]]:
    """Write the result pack into ``directory``, atomically; returns the paths written, by format.

    The pack is built in a temporary folder beside ``directory`` and moved into place
    only when complete, with a manifest (``pack-manifest.json``) of the files it wrote
    (see :func:`matchmaker.export.pack.write_pack`): a failure leaves an earlier pack
    as it was, and files the tool did not write are never deleted or overwritten.

    Parameters
    ----------
    result : MatchmakingResult
        From :func:`matchmaker.pipeline.run`.
    directory : str or Path
        Created if missing.  It may hold an earlier pack, which is replaced as a whole;
        a folder holding other files is refused unless ``force``.
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
    previous : MatchmakingResult, optional
        The result sent before: the calendars become updates and cancellations of it
        (see :func:`~matchmaker.export.ics.write_calendars`).
    force : bool
        Write into a non-empty folder that holds no earlier pack (its other files are
        kept; files named like the pack's are replaced), or over files of an earlier
        pack changed since it was written.

    Raises
    ------
    ValueError
        On an unknown format or language.
    MissingDependencyError
        When a chosen format needs an extra that is missing (xlsx: ``openpyxl``,
        plots: ``matplotlib``; ics only for a time zone with daylight saving time:
        ``icalendar``), before anything is written.
    ValidationError
        When ``directory`` is a file, cannot be written, or holds files the tool did not
        write (without ``force``), before anything is written.
    """
    check_language(lang)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s) {unknown}; choose from {list(FORMATS)}")
    from matchmaker._optional import require

    needs = {"xlsx": ("openpyxl", "xlsx", "XLSX exports")}  # ics: written directly, see export.ics
    for fmt, (module, extra, feature) in needs.items():
        if fmt in formats:
            require(module, extra=extra, feature=feature)
    if plots and "html" in formats:
        require("matplotlib", extra="plot", feature="Plots in the HTML report")
    rec = records(result.schedule, result.scores, mission=result.mission)

    def build(out: Path) -> dict[str, list[Path]]:
        written: dict[str, list[Path]] = {}
        if "csv" in formats:
            written["csv"] = write_csv_pack(rec, out, lang=lang)
        if "json" in formats:
            written["json"] = [write_json(result, rec, out / "result.json")]
        if "xlsx" in formats:
            written["xlsx"] = [write_xlsx(result, rec, out / "matchmaker.xlsx", lang=lang)]
        if "ics" in formats:
            written["ics"] = write_calendars(
                result.schedule,
                out / "ics",
                mission=result.mission,
                lang=lang,
                previous=previous,
                sent=Path(directory) / "ics",  # the pack being replaced holds the SEQUENCEs sent
            )
        detailed = len(result.schedule.meetings) <= DETAIL_LIMIT
        wanted = "agendas" in formats or ("html" in formats and detailed)
        lines = agenda_lines(result, rec, lang=lang) if wanted else None
        if "html" in formats:
            path = out / "report.html"
            page = render_html(result, rec, lang=lang, plots=plots, note=note, lines=lines)
            path.write_text(page, encoding="utf-8")
            written["html"] = [path]
        if "agendas" in formats and lines is not None:
            written["agendas"] = write_messages(result.mission, lines, out / "messages", lang=lang)
            written["agendas"].append(write_contacts(result.mission, lines, out / "contacts.csv"))
            if detailed:  # above the limit the text agendas and calendars serve instead
                path = out / "agendas.html"
                path.write_text(render_agendas(result, lines, lang=lang), encoding="utf-8")
                written["agendas"].append(path)
        return written

    # built in a folder beside the target and moved into place: all or nothing (see export.pack)
    return write_pack(directory, build, force=force)
