"""What :func:`matchmaker.run` returns on either path shares :class:`RunResult`'s methods.

:class:`~matchmaker.pipeline.MatchmakingResult` (two delegations, one to one) and
:class:`~matchmaker.groups.GroupResult` (the group path) both have ``mission``, ``plan``,
``scores``, ``matching``, ``schedule`` and ``shortfalls``, and these two methods.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from matchmaker.groups import GroupResult
    from matchmaker.pipeline import MatchmakingResult

__all__ = ["RunResult"]


class _Summarised(Protocol):
    def summary(self) -> str: ...


class RunResult:
    """The methods of a run's result, whichever path made it (a mixin of frozen dataclasses)."""

    schedule: _Summarised

    def summary(self) -> str:
        """The timetable's summary (``schedule.summary()``)."""
        return self.schedule.summary()

    def export(
        self,
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
        """The result pack, written atomically: :func:`matchmaker.export.export_all` with these options.

        Parameters
        ----------
        directory : str or Path
            The pack's folder: new, empty, or holding an earlier pack (replaced as a whole).
        lang : {"en", "id"}
            Language of the labels and of the CSV and XLSX headers.
        formats : collection of str, optional
            Names of registered formats; all of them by default.
        plots : bool
            Plots in the HTML report (needs ``matchmaker[plot]``); ``False`` leaves them
            out, as ``matchmaker run --no-plots`` does.  The group path's report has none.
        note : str, optional
            A note shown under the report's title (the demo's says that its participants
            are synthetic); two-delegation path.
        previous : MatchmakingResult or GroupResult, optional
            The result sent before: the calendars become its updates and cancellations.
        force : bool
            Write into a folder holding other files, or over files of an earlier pack
            changed since (files the tool did not write are otherwise refused).
        pdf : bool
            Also print ``agendas.html`` and ``report.html`` to ``agendas.pdf`` and
            ``report.pdf`` (key ``"pdf"``) with a Chromium-based browser, as
            ``matchmaker run --pdf``.

        Returns
        -------
        dict of str to list of Path
            The files written, by format.

        Raises
        ------
        MissingDependencyError
            With ``pdf``: no browser, before anything is written (saying what to install),
            or one that printed nothing (:class:`~matchmaker.errors.ProgramFailedError`):
            nothing is written, an earlier pack is left as it was.
        ValidationError
            As :func:`~matchmaker.export.export_all`: a folder that may not be written, or
            ``pdf`` with formats that write neither page.
        """
        from matchmaker.export import export_all  # the exporters read the results: import when needed

        result = cast("MatchmakingResult | GroupResult", self)
        return export_all(
            result,
            directory,
            lang=lang,
            formats=formats,
            plots=plots,
            note=note,
            previous=previous,
            force=force,
            pdf=pdf,
        )
