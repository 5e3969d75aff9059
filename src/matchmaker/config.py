"""Run settings from a small TOML or JSON file, for ``matchmaker run --config``.

Every section and key is optional, but the event needs a date: in the participant
file's JSON mission, here (``[mission] date``) or on the command line (``--date``).
This example runs as written on the bundled mission (tested); bounds that fit one
event can be infeasible for another, so they are commented out.  ``matchmaker init
DIR`` writes a ``run.toml`` to start from::

    [mission]            # details a participant table cannot hold
    name = "Misi Dagang Jawa Timur – Sumatera Selatan"
    date = "2025-09-29"
    venue = "Hotel Wyndham OPI, Palembang"
    timezone = "WIB"
    side_a = "Jawa Timur"          # which delegation gives the rows (side A)

    [plan]               # see matchmaker.EventPlan
    start = "09:00"
    end = "16:00"
    meeting = 20
    buffer = 5
    breaks = ["12:00-13:00"]
    hosts = "A"          # each side-A participant at its own table; or tables = 30 (a shared pool)

    [matching]           # a participant's own min/max_meetings in the file win over these
    method = "auto"
    # max_a = 8          # most meetings per side-A participant (default: their free slots)
    # max_b = 4
    # min_b = 1          # floors (default: 1 for as many side-B participants as side A can serve)
    # top_k = 50         # large events: only each participant's 50 best partners are candidates
    min_score = 0.2      # pairs scoring less never meet, must-meet pairs excepted (default: 0.15)

    [weights]            # see matchmaker.scoring.Weights (one key per score component)
    fit = 0.55
    regional = 0.10
    scale = 0.15
    wishes = 0.20

    [scoring]            # see matchmaker.scoring.ScoreOptions
    year = 2020          # of the GRDP table behind regional potential
    # met_before_mode = "forbid"

    [export]
    lang = "id"          # or "en"
    plots = true
    formats = ["csv", "json", "xlsx", "ics", "html", "agendas"]
    # pdf = true         # also agendas.pdf and report.pdf (as --pdf; needs Chromium, Chrome or Edge);
                         # --no-pdf leaves them out of one run

TOML needs Python 3.11 or newer (``tomllib``); JSON files hold the same keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matchmaker import _json
from matchmaker.errors import DataFileError, Problem, ValidationError
from matchmaker.model.text import as_written
from matchmaker.reporting.labels import LANGUAGES, language_code

if TYPE_CHECKING:
    from matchmaker.model.participant import Participant
    from matchmaker.scheduling import EventPlan
    from matchmaker.scoring import ScoreOptions

__all__ = [
    "RunConfig",
    "check_dated",
    "method_problem",
    "mission_details",
    "plan_from",
    "read_config",
    "score_options_from",
    "side_a_problem",
    "undated_day",
    "wants_pdf",
]

_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "mission": ("name", "date", "venue", "timezone", "side_a", "allowed"),
    "plan": (
        "start",
        "end",
        "slots_per_day",
        "meeting",
        "buffer",
        "breaks",
        "days",
        "timezone",
        "tables",
        "hosts",
    ),
    "matching": ("method", "max_a", "max_b", "min_a", "min_b", "top_k", "min_score"),
    "weights": (),  # the score components' names: _keys("weights")
    "scoring": (),  # the options of ScoreOptions.CONFIG_KEYS: _keys("scoring")
    "export": ("lang", "plots", "formats", "pdf"),
}


def _keys(section: str) -> tuple[str, ...]:
    """The keys a section may hold; ``[weights]`` has one per score component (registered ones too)."""
    if section == "weights":
        from matchmaker.scoring.components import component_names

        return component_names()
    if section == "scoring":
        from matchmaker.scoring import ScoreOptions

        return ScoreOptions.CONFIG_KEYS
    return _SECTIONS[section]


@dataclass(frozen=True)
class RunConfig:
    """Settings of one run, by section (each a plain mapping of the keys above)."""

    mission: Mapping[str, Any] = field(default_factory=dict)
    plan: Mapping[str, Any] = field(default_factory=dict)
    matching: Mapping[str, Any] = field(default_factory=dict)
    weights: Mapping[str, Any] = field(default_factory=dict)
    scoring: Mapping[str, Any] = field(default_factory=dict)
    export: Mapping[str, Any] = field(default_factory=dict)


def wants_pdf(config: RunConfig, given: Mapping[str, object]) -> bool:
    """Whether the pack (or the report) is printed to PDF too: the command's ``pdf`` option
    when given (``--pdf`` True, ``--no-pdf`` False), else ``pdf = true`` in the config's
    ``[export]``.

    >>> wants_pdf(RunConfig(export={"pdf": True}), {}), wants_pdf(RunConfig(), {"pdf": True})
    (True, True)
    >>> wants_pdf(RunConfig(export={"pdf": True}), {"pdf": False})  # --no-pdf, for one run
    False
    """
    flag = given.get("pdf")
    if flag is not None:  # None: neither --pdf nor --no-pdf, the config decides
        return bool(flag)
    return bool(config.export.get("pdf", False))


def check_pdf(config: RunConfig, given: Mapping[str, object], formats: Sequence[str]) -> bool:
    """Before any work, when the pack (or ``report``'s page: ``formats`` ``["html"]``) is
    printed to PDF (:func:`wants_pdf`: ``--pdf``, or the config unless ``--no-pdf``): a browser to
    print with (else ``MissingDependencyError``, exit 4, saying what to install) and a page
    among ``formats`` (else ``ValidationError`` naming ``--pdf``, or the config's
    ``[export] pdf`` when only it asked).  Returns whether the pack is printed.
    """
    if not wants_pdf(config, given):
        return False
    from matchmaker.export.browser import check_printable  # the browser's module only when printing

    flag = bool(given.get("pdf"))
    source = given.get("config")
    check_printable(
        formats,
        field="--pdf" if flag else "pdf",
        source=None if flag or not isinstance(source, str) else source,
    )
    return True


def mission_details(
    config: RunConfig,
    given: Mapping[str, object],
    keys: tuple[str, ...] = ("name", "date", "venue", "timezone"),
) -> dict[str, Any]:
    """The event details ``keys`` of the config's ``[mission]``, each replaced by the one
    ``given`` (the command line's ``--name``, ``--date``, ``--venue``, ``--timezone``) when set.

    >>> mission_details(RunConfig(mission={"name": "Misi", "venue": "Grand City"}), {"venue": "JX"})
    {'name': 'Misi', 'venue': 'JX'}
    """
    meta = {k: v for k, v in config.mission.items() if k in keys}
    meta.update({k: given[k] for k in ("name", "date", "venue", "timezone") if given.get(k)})
    return meta


def check_dated(date: object, days: object) -> None:
    """Raise before any work when the event has neither a ``date`` nor plan ``days``: the
    timetable needs one (the same error on both paths of ``matchmaker run``)."""
    if date is None and not days:
        raise ValidationError(
            Problem(
                "the event has no date, and the timetable needs one",
                kind="missing-date",
                field="date",
                hint="pass --date 2025-09-29, or set date in the [mission] section of --config",
            )
        )


#: The day ``matchmaker validate`` lays the slots on when the event has no date and no
#: windows name one: a weekday (the checks need a day; the times still count).
ANY_DAY = dt.date(2000, 1, 3)


def undated_day(people: Iterable[Participant], *, date: dt.date | None, config: RunConfig) -> dt.date | None:
    """The day ``matchmaker validate`` (both paths) checks an event on when nothing dates it
    (no mission ``date``, no ``days`` in the config's ``[plan]``): the first its
    participants' availability windows name, else :data:`ANY_DAY`; ``None`` when dated."""
    if date is not None or config.plan.get("days"):
        return None
    days = sorted({w.day for p in people for w in p.availability if w.day is not None})
    return days[0] if days else ANY_DAY


def side_a_problem(side_a: str, delegations: Sequence[str], file: str, config: str | None) -> Problem:
    """The config's ``[mission] side_a`` naming no delegation of the participant ``file``:
    placed at the config's key (the file is not wrong), with the delegations it names."""
    found = ", ".join(map(repr, delegations)) or "none"
    return Problem(
        f"side_a {side_a!r} names no delegation in {file}; it names {found}",
        kind="unknown-side",
        source=config,
        column="[mission] side_a",
        hint="set side_a to one of them, written as the delegation column writes it",
        data={"given": side_a, "delegations": list(delegations)},
    )


def method_problem(config: RunConfig, source: str | None, *, group: bool) -> Problem | None:
    """The config's ``[matching] method`` checked against the path the table takes (the
    group path's methods when ``group``, else the two-delegation ones), placed at the
    config's key; None when it fits.  :func:`read_config` knows only that the name is a
    method of one path or the other: the path is known once the table is read, and this
    is checked then, before any scoring (``matchmaker validate``, ``run`` and ``report``)."""
    method = config.matching.get("method", "auto")
    known = _methods(group=group)
    if method in known:
        return None
    path = (
        "the group path (more than two delegations, allowed pairs, teams, online or group meetings)"
        if group
        else "the two-delegation path"
    )
    return Problem(
        f"this table goes {path}, and {method!r} is not one of its matching methods",
        kind="invalid-method",
        source=source,
        column="[matching] method",
        hint=f"use one of {', '.join(known)}",
        data={"method": method, "known": ", ".join(known)},
    )


def read_config(path: str | Path) -> RunConfig:
    """Read and check a config file; unknown sections or keys are errors (typos would be ignored otherwise).

    Raises
    ------
    DataFileError
        For unreadable files, unknown sections or keys, naming each.
    """
    source = str(path)
    text = _json.decode(Path(path).read_bytes(), source)  # was exit 5 for a Latin-1 file
    try:
        if Path(path).suffix.lower() == ".toml":
            try:
                tomllib = importlib.import_module("tomllib")  # the standard library's from Python 3.11
            except ModuleNotFoundError:
                raise DataFileError(
                    Problem(
                        "TOML configs need Python 3.11 or newer",
                        kind="format",
                        source=source,
                        hint="write the same keys as JSON",
                    )
                ) from None
            data = tomllib.loads(text)
        else:
            data = _json.loads(text, source)
    except DataFileError:
        raise
    except (ValueError, TypeError) as exc:
        raise DataFileError(Problem(f"cannot read the config: {exc}", kind="syntax", source=source)) from None
    if not isinstance(data, dict):
        raise DataFileError(Problem("the config must be a table of sections", kind="syntax", source=source))
    problems = []
    for section, values in data.items():
        if section not in _SECTIONS:
            problems.append(
                Problem(
                    f"unknown section [{section}]",
                    kind="unknown-key",
                    source=source,
                    hint=f"sections: {', '.join(_SECTIONS)}",
                )
            )
            continue
        if not isinstance(values, dict):
            problems.append(Problem(f"[{section}] must be a table of keys", kind="syntax", source=source))
            continue
        for key, value in values.items():
            if key not in _keys(section):
                problems.append(
                    Problem(
                        f"unknown key {key!r} in [{section}]",
                        kind="unknown-key",
                        source=source,
                        hint=f"keys: {', '.join(_keys(section))}",
                    )
                )
            elif (check := _check(section, key)) is not None and (trouble := check(value)):
                problems.append(
                    Problem(
                        f"[{section}] {key} = {as_written(value)}: {trouble}", kind="bad-value", source=source
                    )
                )
    if problems:
        raise DataFileError(problems)
    sections = {k: dict(v) for k, v in data.items()}
    if "lang" in sections.get("export", {}):  # as --lang takes it: "id_ID" is "id"
        sections["export"]["lang"] = language_code(str(sections["export"]["lang"]))
    config = RunConfig(**sections)
    if config.plan:
        try:
            plan_from(config)  # the plan's own checks, before any work
        except ValidationError as exc:
            raise DataFileError(
                [p.located(source=source, field=None, column=f"[plan] {p.field}") for p in exc.problems]
            ) from None
    if config.scoring:  # the same checks as score(), before any work
        wrong = score_options_from(config).problems()
        if not wrong and config.scoring.get("kernel") == "numba":
            from matchmaker.scoring.prepare import kernel_problem  # numba only when asked for

            wrong = kernel_problem()
        if wrong:
            raise DataFileError(
                [p.located(source=source, field=None, column=f"[scoring] {p.field}") for p in wrong]
            )
    return config


def score_options_from(config: RunConfig) -> ScoreOptions:
    """The scoring options of a config: ``[weights]`` (None when the section is absent) and ``[scoring]``.

    >>> score_options_from(RunConfig(weights={"fit": 1}, scoring={"year": 2019}))
    ScoreOptions(weights={'fit': 1}, ..., year=2019, ...)
    """
    from matchmaker.scoring import ScoreOptions

    return ScoreOptions.from_keywords({**config.scoring, "weights": dict(config.weights) or None})


def plan_from(config: RunConfig) -> EventPlan:
    """The event plan: :func:`~matchmaker.pipeline.default_plan` with the config's ``[plan]`` keys.

    Giving ``tables`` (a shared pool of tables) replaces the default "a table per side-A
    participant" (``hosts = "A"``).
    """
    from matchmaker.pipeline import default_plan

    changes = dict(config.plan)
    if "tables" in changes and "hosts" not in changes:
        changes["hosts"] = None
    return dataclasses.replace(default_plan(), **changes) if changes else default_plan()


def _date(value: Any) -> str | None:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return "not a date; write YYYY-MM-DD"
    return None


def _timezone(value: Any) -> str | None:
    """A time zone the event can use, checked here so that the error names the config file
    (the mission's check would name the participant file, which does not hold it)."""
    from matchmaker.model.mission import resolve_timezone

    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    try:
        resolve_timezone(value)
    except ValueError:
        return "unknown time zone; write WIB, WITA, WIT or an IANA name such as Asia/Makassar"
    return None


def _count(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return None if ok else "must be a whole number >= 0"


def _candidates(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    return None if ok else "must be a whole number >= 1 (the best partners kept per participant)"


def _share(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1
    return None if ok else "must be a number from 0 to 1"


def _number(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
    return None if ok else "must be a number >= 0"


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    return lambda value: None if value in choices else f"must be one of {', '.join(map(repr, choices))}"


def _language(value: Any) -> str | None:
    """``lang``: ``en`` or ``id``, written as ``--lang`` takes it (``ID``, ``id_ID``; see
    :func:`~matchmaker.reporting.labels.language_code`)."""
    ok = isinstance(value, str) and language_code(value) in LANGUAGES
    return None if ok else "must be one of 'en', 'id'"


def _formats(value: Any) -> str | None:
    from matchmaker.export import export_formats

    known = export_formats()
    if not isinstance(value, list) or not all(v in known for v in value):
        return f"must be a list of formats from {list(known)}"
    return None


def _pairs(value: Any) -> str | None:
    """Allowed pairs of delegations (groups path): ``["A:B", ...]`` or ``[["A", "B"], ...]``."""
    ok = isinstance(value, list) and all(
        (isinstance(x, str) and x.count(":") == 1)
        or (isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x))
        for x in value
    )
    return None if ok else 'must be a list of pairs, e.g. [["Jawa Timur", "Sumatera Selatan"]]'


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty text"


def _methods(*, group: bool | None = None) -> tuple[str, ...]:
    """The matching methods of the group path (``group``), of the two-delegation path (not
    ``group``) or of either (None), ``auto`` first."""
    from matchmaker.assignment.registry import METHODS
    from matchmaker.model.groups import GROUP_METHODS

    ordinary = ["auto", *sorted(METHODS)]
    if group is None:
        return tuple(dict.fromkeys([*ordinary, *GROUP_METHODS]))
    return GROUP_METHODS if group else tuple(dict.fromkeys(ordinary))


def _method(value: Any) -> str | None:
    """A matching method by name, checked here so that the error names the config file
    (the matching's own check comes after the scores, naming no file)."""
    # either path's here; the path's own, once the table says which: method_problem
    known = _methods()
    return None if value in known else f"must be one of {', '.join(known)}"


def _check(section: str, key: str) -> Callable[[Any], str | None] | None:
    """The check of one key (every weight is a number >= 0)."""
    return _number if section == "weights" else _CHECKS.get((section, key))


_CHECKS: Mapping[tuple[str, str], Callable[[Any], str | None]] = {
    ("mission", "date"): _date,
    ("mission", "name"): _text,
    ("mission", "venue"): _text,
    ("mission", "side_a"): _text,
    ("mission", "timezone"): _timezone,
    ("mission", "allowed"): _pairs,
    ("matching", "method"): _method,
    **{("matching", key): _count for key in ("max_a", "max_b", "min_a", "min_b")},
    ("matching", "top_k"): _candidates,
    ("matching", "min_score"): _share,
    ("scoring", "year"): _count,
    ("export", "lang"): _language,
    ("export", "plots"): lambda v: None if isinstance(v, bool) else "must be true or false",
    ("export", "pdf"): lambda v: None if isinstance(v, bool) else "must be true or false",
    ("export", "formats"): _formats,
}
