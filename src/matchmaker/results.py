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
        previous: MatchmakingResult | GroupResult | None = None,
        force: bool = False,
    ) -> dict[str, list[Path]]:
        """The result pack, written atomically: :func:`matchmaker.export.export_all` with these options."""
        from matchmaker.export import export_all  # the exporters read the results: import when needed

        result = cast("MatchmakingResult | GroupResult", self)
        return export_all(result, directory, lang=lang, formats=formats, previous=previous, force=force)
