"""Exports of a run: CSV, JSON, XLSX, iCalendar agendas and a self-contained HTML report.

:func:`export_all` writes the whole pack for a :class:`~matchmaker.pipeline.MatchmakingResult`::

    out/
      meetings.csv  agendas.csv  grid.csv  outcome_form.csv
      result.json   matchmaker.xlsx   report.html
      ics/<participant id>.ics           (and <id>.cancel.ics when re-sent with ``previous``)
      agendas.html  contacts.csv  messages/<participant id>.txt
      agendas.pdf   report.pdf       (with ``pdf=True``: printed by Chromium)
      pack-manifest.json   (the files the tool wrote, with their SHA-256)

``agendas.html`` prints one agenda per page for each participant with a meeting (those
without are listed once at the end, with the reason, for the organisers); ``messages/``
holds a short text agenda per participant for WhatsApp or SMS (one without a meeting is
told that none could be arranged) and ``contacts.csv`` their numbers in ``+62`` form for a
bulk-message tool (see :mod:`matchmaker.export.agendas`).  What participants receive
(``agendas.html``, the messages, the calendars) shows no score (the agendas and messages
give each meeting's reason instead): the scores are in the organisers' files
(``meetings.csv``, ``agendas.csv``, ``result.json``, the workbook and the report).

``pdf=True`` prints ``agendas.html`` and ``report.html`` to ``agendas.pdf`` and
``report.pdf`` with a Chromium-based browser (:func:`matchmaker.export.browser.print_pdf`):
the pages as the browser prints them, without the date, title and ``file://`` path its
print dialog adds by default.  They are files of the pack like the others (built with it,
listed in its manifest, replaced with it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, cast

from matchmaker.export.files import result_document, write_csv_pack, write_json, write_xlsx
from matchmaker.export.groups import GroupExportContext
from matchmaker.export.html import render_html
from matchmaker.export.ics import calendar_for, write_calendars
from matchmaker.export.pack import write_pack
from matchmaker.export.records import AGENDA_COLUMNS, MEETING_COLUMNS, Records, Table, records
from matchmaker.export.registry import (
    ExportContext,
    ExportFormat,
    chosen_formats,
    export_formats,
    register_format,
)
from matchmaker.model.groups import GroupMission
from matchmaker.model.mission import unwritable
from matchmaker.reporting.labels import check_language

if TYPE_CHECKING:
    from matchmaker.groups import GroupResult
    from matchmaker.pipeline import MatchmakingResult

__all__ = [
    "AGENDA_COLUMNS",
    "FORMATS",
    "MEETING_COLUMNS",
    "ExportContext",
    "ExportFormat",
    "Records",
    "Table",
    "calendar_for",
    "export_all",
    "export_formats",
    "records",
    "register_format",
    "render_html",
    "result_document",
    "write_calendars",
    "write_csv_pack",
    "write_json",
    "write_report",
    "write_xlsx",
]

#: Everything :func:`export_all` can write when ``matchmaker.export`` is imported: the
#: built-in formats, then the modules of ``export/formats/`` (see :mod:`.registry`).
FORMATS = export_formats()


def export_all(
    result: MatchmakingResult | GroupResult,
    directory: str | Path,
    *,
    lang: str = "en",
    formats: Collection[str] | None = None,
    plots: bool = True,
    note: str | None = None,
    previous: MatchmakingResult | GroupResult | None = None,
    force: bool = False,
    pdf: bool = False,
) -> dict[str, list[Path]]:
    """Write the result pack into ``directory``, atomically; returns the paths written, by format.

    The pack is built in a temporary folder beside ``directory`` and moved into place
    only when complete, with a manifest (``pack-manifest.json``) of the files it wrote
    (see :func:`matchmaker.export.pack.write_pack`): a failure leaves an earlier pack
    as it was, and files the tool did not write are never deleted or overwritten.

    Parameters
    ----------
    result : MatchmakingResult or GroupResult
        From :func:`matchmaker.pipeline.run`.  A :class:`~matchmaker.groups.GroupResult`
        (the group path) is written by each format's group writer (``ExportFormat.groups``):
        csv, json, xlsx, ics, html and agendas (``plots`` and ``note`` do not apply; the
        agendas give a meeting at a table in the event's time zone and an online one in
        the participant's own; the calendars carry each participant's own ``TZID``).
    directory : str or Path
        Created if missing.  It may hold an earlier pack, which is replaced as a whole;
        a folder holding other files is refused unless ``force``.
    lang : {"en", "id"}
        Language of the labels, and of the CSV and XLSX headers: ``"id"`` writes
        Indonesian headers and ``;``-separated CSV with a byte-order mark, for Excel in
        an Indonesian locale (see :mod:`matchmaker.export.files`).  JSON keys stay fixed.
    formats : collection of str, optional
        Names of registered formats (:func:`~matchmaker.export.registry.export_formats`);
        all of them by default.
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
    pdf : bool
        Also print ``agendas.html`` and ``report.html`` (those the chosen formats write) to
        ``agendas.pdf`` and ``report.pdf`` (key ``"pdf"`` of the result), with a
        Chromium-based browser; they state the event's first day as their creation date,
        so that the same run writes the same files.

    Raises
    ------
    ValueError
        On an unknown format or language; a :class:`~matchmaker.errors.ValidationError`
        (a ``ValueError``) for ``pdf`` with formats that write neither ``html`` nor
        ``agendas``.
    MissingDependencyError
        When a chosen format needs an extra that is missing (xlsx: ``openpyxl``,
        plots: ``matplotlib``; ics only for a time zone with daylight saving time:
        ``icalendar``), or ``pdf`` a browser that is not found (the message says what to
        install), before anything is written.
    ValidationError
        When ``directory`` is a file, cannot be written, or holds files the tool did not
        write (without ``force``), before anything is written.  ``lone-surrogate`` when a
        participant's text, the mission's, the plan's (table labels) or ``note`` holds half
        of a character (a lone surrogate, possible in a string built in Python; no UTF-8
        file can hold it), naming who and which field; nothing is written.
    """
    check_language(lang)
    printer = _printer(result, formats) if pdf else None  # before any work: the browser, the pages
    try:
        return _export(result, directory, lang, formats, plots, note, previous, force, printer)
    except UnicodeEncodeError as exc:  # half of a character, from Python: say whose (nothing was written)
        raise unwritable(
            exc, result.mission.participants, result.mission, note=note, plan=result.plan
        ) from None


def _export(
    result: MatchmakingResult | GroupResult,
    directory: str | Path,
    lang: str,
    formats: Collection[str] | None,
    plots: bool,
    note: str | None,
    previous: MatchmakingResult | GroupResult | None,
    force: bool,
    printer: Callable[[Path], list[Path]] | None = None,
) -> dict[str, list[Path]]:
    if isinstance(result.mission, GroupMission):  # a GroupResult: the group path's writers
        return _export_groups(result, directory, lang, formats, previous, force, printer)  # type: ignore[arg-type]
    before = cast("MatchmakingResult | None", previous)  # a group result went the branch above
    context = ExportContext(
        result=result, lang=lang, plots=plots, note=note, previous=before, target=Path(directory)
    )
    chosen = chosen_formats(formats)
    for spec in chosen:  # every check before anything is written
        if spec.check is not None:
            spec.check(context)

    def build(out: Path) -> dict[str, list[Path]]:
        return _printed({spec.name: spec.write(context, out) for spec in chosen}, out, printer)

    # built in a folder beside the target and moved into place: all or nothing (see export.pack)
    return write_pack(directory, build, force=force)


def _printer(
    result: MatchmakingResult | GroupResult, formats: Collection[str] | None
) -> Callable[[Path], list[Path]]:
    """What prints a built pack's pages to PDF, checked before any work: a browser is
    found, and the chosen formats write a page to print."""
    from matchmaker.export.browser import PRINTED_PAGES, check_printable, print_pdf

    check_printable(formats)
    created = _created(result)

    def printer(out: Path) -> list[Path]:
        pages = [out / name for name in PRINTED_PAGES if (out / name).is_file()]
        return [print_pdf(page, page.with_suffix(".pdf"), created=created) for page in pages]

    return printer


def _created(result: MatchmakingResult | GroupResult) -> dt.datetime | None:
    """The creation date the PDFs state: the event's first day, so that the same run prints
    the same bytes (Chromium writes the time of printing)."""
    first = result.plan.slots[0].start.date() if result.plan.slots else result.mission.date
    return None if first is None else dt.datetime.combine(first, dt.time())


def write_report(
    result: MatchmakingResult | GroupResult,
    path: str | Path,
    page: str,
    *,
    pdf: bool = False,
    force: bool = False,
    inputs: Collection[str | Path] = (),
) -> list[Path]:
    """Write the report ``page`` (the HTML of ``result``) to ``path`` and, with ``pdf``, print
    it to the PDF beside it (:func:`~matchmaker.export.pack.report_pdf`): what
    ``matchmaker report [--pdf]`` writes.

    The PDF is printed first, from a copy of the page in a hidden folder beside ``path``
    (removed after, whether the browser worked or not), so that a browser that fails
    leaves both files as they were; then each is written atomically
    (:func:`~matchmaker.export.pack.write_file`).  A file the tool did not write (a PDF
    printed by hand, one signed since) is replaced only with ``force``; one of ``inputs``
    (the files the command read) never.  The PDF states the event's first day as its
    creation date, as the pack's do.

    Parameters
    ----------
    result : MatchmakingResult or GroupResult
        What the page reports (its event's first day dates the PDF).
    path : str or Path
        The HTML file to write.
    page : str
        The report: :func:`render_html`, or the group path's
        :func:`~matchmaker.export.groups.render_group_report`.
    pdf : bool
        Also print it to PDF, with a Chromium-based browser.
    force : bool
        Replace files the tool did not write.
    inputs : collection of str or Path
        The files the command read, never replaced.

    Returns
    -------
    list of Path
        The report, then its PDF (with ``pdf``).

    Raises
    ------
    ValidationError
        Before any work, as :func:`~matchmaker.export.pack.check_report` (a folder, a file
        of the user's, an input, a folder above that is a file, a report named ``.pdf``).
    MissingDependencyError
        With ``pdf``: no browser (saying what to install), or one that failed while
        printing (:class:`~matchmaker.errors.ProgramFailedError`); nothing is written.
    """
    from matchmaker.export.pack import PDF_STAMP, check_report, staged, write_file

    target = Path(path)
    beside = check_report(target, pdf=pdf, force=force, inputs=inputs)
    data = page.encode("utf-8")
    if beside is None:
        return [write_file(target, data, force=force, inputs=inputs)]
    from matchmaker.export.browser import print_pdf

    # printed in a hidden folder beside the report, not the system's temporary folder: a
    # browser packaged as a snap has a /tmp of its own, and would find no page there
    with staged(target) as folder:
        # the page under the report's own name (the browser's messages name it, not a
        # temporary file), ending in .html: a file:// page without it is not read as HTML
        html = target.name.lower().endswith((".html", ".htm"))
        copy = folder / (target.name if html else f"{target.name}.html")
        copy.write_bytes(data)
        made = print_pdf(
            copy, folder / beside.name, created=_created(result), hint="print_failed_hint_report"
        )
        printed = made.read_bytes()
    return [
        write_file(target, data, force=force, inputs=inputs),
        write_file(beside, printed, stamp=PDF_STAMP, force=force, inputs=inputs),
    ]


def _printed(
    written: dict[str, list[Path]], out: Path, printer: Callable[[Path], list[Path]] | None
) -> dict[str, list[Path]]:
    """``written`` and, with a ``printer``, the PDFs of the pages in ``out`` (key ``"pdf"``)."""
    if printer is not None:
        written["pdf"] = printer(out)
    return written


def _export_groups(
    result: GroupResult,
    directory: str | Path,
    lang: str,
    formats: Collection[str] | None,
    previous: GroupResult | None,
    force: bool,
    printer: Callable[[Path], list[Path]] | None,
) -> dict[str, list[Path]]:
    """:func:`export_all` of a result of the group path, through the same registry and pack writer."""
    context = GroupExportContext(result=result, lang=lang, previous=previous, target=Path(directory))
    chosen = chosen_formats(formats, groups=True)
    for spec in chosen:  # every check before anything is written
        if spec.group_check is not None:
            spec.group_check(context)

    def build(out: Path) -> dict[str, list[Path]]:
        written = {spec.name: spec.groups(context, out) for spec in chosen if spec.groups is not None}
        return _printed(written, out, printer)

    return write_pack(directory, build, force=force)
