"""The exception hierarchy and the one structured record every check produces.

Every check in matchmaker (participant validation, file loading, infeasibility
diagnostics, ``validate()`` of a matching or a schedule) reports :class:`Problem`
records.  Exceptions carry them in ``.problems`` so that callers can show them
all at once, filter them by ``kind`` or map them back to a spreadsheet cell.

Hierarchy::

    MatchmakerError
    ├── ValidationError        bad input (also a ValueError)
    │   └── DataFileError      ... found while reading a file
    ├── InfeasibleError        the request cannot be met (diagnosis attached)
    ├── SolverError            a backend failed or hit its limit
    └── MissingDependencyError an optional extra is not installed (also an ImportError)
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TypeAlias

__all__ = [
    "ENGLISH_PLACES",
    "DataFileError",
    "InfeasibleError",
    "JSONValue",
    "LocationWords",
    "MatchmakerError",
    "MissingDependencyError",
    "Problem",
    "ProgramFailedError",
    "SolverError",
    "ValidationError",
]


_SHOWN = 6  # participants named in a message; all of them stay in Problem.participants


#: What JSON can hold: the values of ``Problem.data``, ``Matching.details`` and the like
#: (numbers, text, flags, lists and tables of them), so every record is JSON-ready.
JSONValue: TypeAlias = str | int | float | bool | Sequence["JSONValue"] | Mapping[str, "JSONValue"] | None


def _frozen_mapping(data: Mapping[str, JSONValue] | None) -> Mapping[str, JSONValue]:
    return MappingProxyType(dict(data or {}))


class _Keep(enum.Enum):
    """The default of :meth:`Problem.located`: leave this field as it is (``None`` clears it)."""

    KEEP = "keep"


@dataclass(frozen=True, kw_only=True)
class LocationWords:
    """The words :meth:`Problem.location_in` writes a location with, in one language.

    ``more`` is formatted with the number of participants not named; ``field_names``
    turns a model field into the word a reader knows (missing ones are shown as is).
    The English table is :data:`ENGLISH_PLACES` (the defaults); ``matchmaker.reporting.problems`` holds
    the Indonesian one (this module cannot import the reporting layer).
    """

    row: str = "row"
    column: str = "column"
    participant: str = "participant"
    participants: str = "participants"
    more: str = "and {} more"
    field: str = "field"
    field_names: Mapping[str, str] = dataclasses.field(default_factory=dict)


ENGLISH_PLACES = LocationWords()  # the defaults are English


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong, and where.

    Parameters
    ----------
    message : str
        What is wrong, in a sentence.
    kind : str
        A short stable label (``"unknown-code"``, ``"capacity"``, ...) for programs.
    participants : tuple of str
        Ids of the participants concerned, if any.
    field : str, optional
        The model field concerned (``"province"``, ``"offers"``, ...).
    source : str, optional
        The file the value came from.
    row : int, optional
        Spreadsheet-style row number in ``source`` (the header is row 1).
    column : str, optional
        The column (or JSON key) in ``source``.
    hint : str, optional
        What to do about it.
    data : mapping, optional
        Numbers behind the finding (counts, capacities), for programs.

    Examples
    --------
    >>> p = Problem("unknown province 'Jawa Tmur'", kind="unknown-province",
    ...             participants=("JT-001",), field="province",
    ...             hint="did you mean 'Jawa Timur'?")
    >>> print(p)
    participant JT-001, field 'province': unknown province 'Jawa Tmur' (did you mean 'Jawa Timur'?)
    >>> print(p.located(source="people.csv", row=3, column="province").location)
    people.csv, row 3, column 'province', participant JT-001
    >>> Problem("too many", participants=[f"SS-{i}" for i in range(1, 116)]).location
    'participants SS-1, SS-2, SS-3, SS-4, SS-5, SS-6 and 109 more'
    """

    message: str
    kind: str = "invalid"
    participants: tuple[str, ...] = ()
    field: str | None = None
    source: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str | None = None
    data: Mapping[str, JSONValue] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "participants", tuple(self.participants))
        object.__setattr__(self, "data", _frozen_mapping(self.data))

    @property
    def location(self) -> str:
        """Where the problem is, as text (empty if nowhere in particular)."""
        return self.location_in(ENGLISH_PLACES)

    def location_in(self, words: LocationWords) -> str:
        """Where the problem is, written with ``words`` (one language's :class:`LocationWords`)."""
        parts: list[str] = []
        if self.source is not None:
            parts.append(self.source)
        if self.row is not None:
            parts.append(f"{words.row} {self.row}")
        if self.column is not None:
            parts.append(f"{words.column} {self.column!r}")
        if self.participants:
            label = words.participant if len(self.participants) == 1 else words.participants
            shown = ", ".join(self.participants[:_SHOWN])
            more = len(self.participants) - _SHOWN
            parts.append(f"{label} {shown}" + (" " + words.more.format(more) if more > 0 else ""))
        if self.field is not None and self.column is None:
            parts.append(f"{words.field} {words.field_names.get(self.field, self.field)!r}")
        return ", ".join(parts)

    def located(
        self,
        *,
        participants: tuple[str, ...] | _Keep = _Keep.KEEP,
        field: str | _Keep | None = _Keep.KEEP,
        source: str | _Keep | None = _Keep.KEEP,
        row: int | _Keep | None = _Keep.KEEP,
        column: str | _Keep | None = _Keep.KEEP,
    ) -> Problem:
        """A copy with the location fields given replaced (``None`` clears one)."""
        # one keyword per field, so that a value of the wrong type is a typing error
        return replace(
            self,
            participants=self.participants if isinstance(participants, _Keep) else participants,
            field=self.field if isinstance(field, _Keep) else field,
            source=self.source if isinstance(source, _Keep) else source,
            row=self.row if isinstance(row, _Keep) else row,
            column=self.column if isinstance(column, _Keep) else column,
        )

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, JSONValue]:
        """A JSON-ready dict (for ``--json`` output and reports)."""
        return {
            "kind": self.kind,
            "message": self.message,
            "participants": list(self.participants),
            "field": self.field,
            "source": self.source,
            "row": self.row,
            "column": self.column,
            "hint": self.hint,
            "data": dict(self.data),
        }


class MatchmakerError(Exception):
    """Base class of every error raised on purpose by matchmaker."""


class _WithProblems(MatchmakerError):
    """An error that carries one or more :class:`Problem` records."""

    headline = "problems"

    def __init__(self, problems: Problem | str | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError(f"{type(self).__name__} needs at least one problem")
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} {self.headline}:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ValidationError(_WithProblems, ValueError):
    """Input that cannot be used as given; ``.problems`` lists every finding."""

    headline = "problems in the input"


class DataFileError(ValidationError):
    """A file that cannot be read as a participant table (bad encoding, header, cells)."""

    headline = "problems in the file"


class InfeasibleError(_WithProblems):
    """The request cannot be met; ``.problems`` is the diagnosis, with the numbers."""

    headline = "reasons the request cannot be met"


class SolverError(MatchmakerError):
    """A solver backend failed or stopped without a usable answer."""


class MissingDependencyError(MatchmakerError, ImportError):
    """An optional extra is needed for this feature and is not installed, or a program
    (``install`` says how to get it: a browser is not a Python package).

    Examples
    --------
    >>> print(MissingDependencyError("XLSX files", package="openpyxl", extra="xlsx"))  # doctest: +ELLIPSIS
    XLSX files need the optional package 'openpyxl': pip install 'matchmaker[xlsx]' (in a checkout...)
    >>> print(MissingDependencyError("PDF files", package="chromium", install="apt-get install chromium"))
    PDF files need the program 'chromium', which was not found: apt-get install chromium
    >>> MissingDependencyError("XLSX files", package="openpyxl")
    Traceback (most recent call last):
    ...
    TypeError: MissingDependencyError needs the extra to install (extra=) or how to get the program (install=)
    """

    def __init__(self, feature: str, *, package: str, extra: str = "", install: str | None = None) -> None:
        if not install and not extra:  # the message would say "pip install 'matchmaker[]'" or end at ":"
            raise TypeError(
                "MissingDependencyError needs the extra to install (extra=) or how to get the program "
                "(install=)"
            )
        self.feature, self.package, self.extra, self.install = feature, package, extra, install
        if install:
            super().__init__(f"{feature} need the program {package!r}, which was not found: {install}")
            return
        super().__init__(
            f"{feature} need the optional package {package!r}: pip install 'matchmaker[{extra}]' "
            f"(in a checkout of the repository: pip install -e '.[{extra}]')"
        )


class ProgramFailedError(MissingDependencyError):
    """A program the feature needs was found but did not do its work (a browser that wrote
    no PDF, or did not finish in time): the same exit as a missing one (4, not a failure of
    matchmaker), ``why`` saying what happened and ``install`` what to do; ``reason`` and
    ``fields``, when given, say ``why`` again as a label and its values, for other languages.

    >>> print(ProgramFailedError("PDF files", package="/bin/false", why="it wrote no PDF",
    ...                          install="fix it"))
    PDF files need the program '/bin/false', which did not work: it wrote no PDF; fix it
    """

    def __init__(
        self,
        feature: str,
        *,
        package: str,
        why: str,
        install: str,
        reason: str | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> None:
        MatchmakerError.__init__(
            self, f"{feature} need the program {package!r}, which did not work: {why}; {install}"
        )
        self.feature, self.package, self.extra, self.install, self.why = feature, package, "", install, why
        #: ``why`` as a label of :mod:`matchmaker.reporting.labels` and its values, so that
        #: the error is said in Indonesian too (:func:`~matchmaker.reporting.labels.program_why`)
        self.reason, self.fields = reason, dict(fields or {})
