"""The export formats :func:`~matchmaker.export.export_all` can write: one spec per format.

A format is an :class:`ExportFormat`: a name, a ``write(context, folder)`` function that
writes its files into the pack being built and returns their paths, and an optional
``check(context)`` run for every chosen format before anything is written (a missing
extra, say).  The built-in formats are declared below; a module of
``matchmaker/export/formats/`` that declares ``EXPORT_FORMAT`` is registered after them, in
name order, so a new format is one file (see "Where to add an export format" in
``docs/architecture.md``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from matchmaker import _optional
from matchmaker.export import formats
from matchmaker.export.agendas import AgendaLine, agenda_lines, write_contacts, write_messages
from matchmaker.export.files import write_csv_pack, write_json, write_xlsx
from matchmaker.export.groups import (
    GroupExportContext,
    check_group_xlsx,
    write_group_calendars,
    write_group_csv,
    write_group_html,
    write_group_json,
    write_group_xlsx,
)
from matchmaker.export.html import DETAIL_LIMIT, render_agendas, render_html
from matchmaker.export.ics import write_calendars
from matchmaker.export.records import Records, records
from matchmaker.reporting.problems import reason_cells

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from matchmaker.pipeline import MatchmakingResult

__all__ = [
    "ExportContext",
    "ExportFormat",
    "chosen_formats",
    "export_formats",
    "group_formats",
    "register_format",
]


@dataclass(frozen=True, kw_only=True)
class ExportContext:
    """What every format's writer gets: the result, the options, and tables built once.

    ``records`` (the meeting and agenda tables) and ``agenda_lines`` are built on first
    use and shared by the formats that need them.
    """

    result: MatchmakingResult
    lang: str
    plots: bool
    note: str | None
    previous: MatchmakingResult | None
    target: Path  # the folder the pack replaces (it holds the calendars sent before)

    @cached_property
    def records(self) -> Records:
        return records(self.result.schedule, self.result.scores, mission=self.result.mission)

    @cached_property
    def agenda_lines(self) -> Mapping[str, Sequence[AgendaLine]]:
        return agenda_lines(self.result, self.records, lang=self.lang)

    @property
    def detailed(self) -> bool:
        """Whether the pack is small enough for per-meeting HTML (``DETAIL_LIMIT``)."""
        return len(self.result.schedule.meetings) <= DETAIL_LIMIT


@dataclass(frozen=True, kw_only=True)
class ExportFormat:
    """One export format.

    Parameters
    ----------
    name : str
        What ``export_all(formats=...)`` and the config's ``[export] formats`` call it.
    write : callable
        ``write(context, folder) -> list[Path]``: writes into ``folder`` (the pack being
        built), returns the files written.
    check : callable, optional
        ``check(context)``, run before anything is written; raises (e.g.
        :class:`~matchmaker.errors.MissingDependencyError`) when the format cannot be
        written.
    groups, group_check : callable, optional
        The same for a result of the group path (:class:`~matchmaker.groups.GroupResult`),
        given a :class:`~matchmaker.export.groups.GroupExportContext`; a format without
        ``groups`` is not written for one.
    """

    name: str
    write: Callable[[ExportContext, Path], list[Path]]
    check: Callable[[ExportContext], None] | None = None
    groups: Callable[[GroupExportContext, Path], list[Path]] | None = None
    group_check: Callable[[GroupExportContext], None] | None = None


def _xlsx_check(context: ExportContext) -> None:
    _optional.require("openpyxl", extra="xlsx", feature="XLSX exports")


def _html_check(context: ExportContext) -> None:
    if context.plots:
        _optional.require("matplotlib", extra="plot", feature="Plots in the HTML report")


def _html(context: ExportContext, out: Path) -> list[Path]:
    lines = context.agenda_lines if context.detailed else None  # above the limit: summarised
    page = render_html(
        context.result,
        context.records,
        lang=context.lang,
        plots=context.plots,
        note=context.note,
        lines=lines,
    )
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return [path]


def _agendas(context: ExportContext | GroupExportContext, out: Path) -> list[Path]:
    """``messages/``, ``contacts.csv`` and ``agendas.html``, of either path: both contexts
    give the result, its agenda lines and whether the pack is ``detailed``."""
    mission, lines = context.result.mission, context.agenda_lines
    written = write_messages(mission, lines, out / "messages", lang=context.lang)
    written.append(write_contacts(mission, lines, out / "contacts.csv", lang=context.lang))
    if context.detailed:  # above the limit the text agendas and calendars serve instead
        path = out / "agendas.html"
        path.write_text(render_agendas(context.result, lines, lang=context.lang), encoding="utf-8")
        written.append(path)
    return written


_BUILT_IN = (
    ExportFormat(
        name="csv",
        write=lambda c, out: write_csv_pack(
            c.records, out, lang=c.lang, cells=reason_cells(c.result.schedule.reasons.values(), c.lang)
        ),
        groups=write_group_csv,
    ),
    ExportFormat(
        name="json",
        write=lambda c, out: [write_json(c.result, c.records, out / "result.json")],
        groups=write_group_json,
    ),
    ExportFormat(
        name="xlsx",
        write=lambda c, out: [write_xlsx(c.result, c.records, out / "matchmaker.xlsx", lang=c.lang)],
        check=_xlsx_check,  # ics needs no extra: written directly, see export.ics
        groups=write_group_xlsx,
        group_check=check_group_xlsx,
    ),
    ExportFormat(
        name="ics",
        write=lambda c, out: write_calendars(
            c.result.schedule,
            out / "ics",
            mission=c.result.mission,
            lang=c.lang,
            previous=c.previous,
            sent=c.target / "ics",  # the pack being replaced holds the SEQUENCEs sent
        ),
        groups=write_group_calendars,
    ),
    ExportFormat(name="html", write=_html, check=_html_check, groups=write_group_html),
    ExportFormat(name="agendas", write=_agendas, groups=_agendas),
)
_FORMATS: dict[str, ExportFormat] = {spec.name: spec for spec in _BUILT_IN}


def register_format(spec: ExportFormat) -> None:
    """Add a format (for code outside ``matchmaker/export/formats/``); a taken name raises."""
    if spec.name in _FORMATS:
        raise ValueError(f"an export format named {spec.name!r} is already registered")
    _FORMATS[spec.name] = spec


def _register_modules() -> None:
    """Register every module of ``export/formats/`` that declares ``EXPORT_FORMAT``."""
    for info in sorted(pkgutil.iter_modules(formats.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{formats.__name__}.{info.name}")
        spec = getattr(module, "EXPORT_FORMAT", None)
        if isinstance(spec, ExportFormat) and _FORMATS.get(spec.name) is not spec:
            register_format(spec)


def export_formats() -> tuple[str, ...]:
    """The names of every registered format, built-in ones first, in the order they are written."""
    return tuple(_FORMATS)


def group_formats() -> tuple[str, ...]:
    """The names of the formats that write a result of the group path (they declare ``groups``)."""
    return tuple(name for name, spec in _FORMATS.items() if spec.groups is not None)


def chosen_formats(names: Collection[str] | None = None, *, groups: bool = False) -> list[ExportFormat]:
    """The specs for ``names`` (all when None) in registry order; an unknown name raises ``ValueError``.

    ``groups``: for a result of the group path, where only :func:`group_formats` apply
    (all of them when None; another name raises ``ValueError`` naming them).
    """
    known = group_formats() if groups else tuple(_FORMATS)
    wanted = set(known if names is None else names)
    unknown = sorted(wanted - set(known))
    if unknown:
        what = "a mission of the group path" if groups else "export_all"
        raise ValueError(f"unknown export format(s) {unknown} for {what}; choose from {list(known)}")
    return [spec for name, spec in _FORMATS.items() if name in wanted]


_register_modules()
