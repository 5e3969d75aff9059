"""When a mission goes the group path, and reading a table of any number of delegations.

The two-delegation pipeline (:func:`matchmaker.run`) plans one-to-one meetings of
single-person companies at tables.  A mission goes the group path
(:func:`matchmaker.groups.run_groups`) when it has more than two delegations, a rule of
which delegations meet which (``allowed``), or uses one of the features only that path
plans (:func:`group_features`): teams (``team_size`` above 1), online meetings (a
``mode`` of ``online``/``daring``) or group meetings (``group_meeting``).  ``matchmaker run``
routes such a table there by itself and writes the same pack; a two-delegation table
without them runs exactly as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from argparse import Namespace
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from matchmaker._files import no_such_file
from matchmaker.errors import DataFileError, Problem, ValidationError
from matchmaker.io.sheets import Sheet, read_csv_sheet, read_xlsx_sheet
from matchmaker.io.table import is_participant_header, normalise_header, sheet_to_participants
from matchmaker.model.groups import GROUP_METHODS, ONLINE_MODES, GroupMission, extra_column, group_features
from matchmaker.model.mission import resolve_timezone
from matchmaker.model.participant import Participant
from matchmaker.reference.provinces import province

if TYPE_CHECKING:
    from matchmaker.config import RunConfig
    from matchmaker.reporting.shortfalls import Shortfall

__all__ = [
    "GROUP_METHODS",
    "group_command",
    "group_features",
    "group_route",
    "group_run_options",
    "load_group_mission",
    "parse_allowed",
    "read_any_participants",
    "read_table",
]

T = TypeVar("T")


class Step(Protocol):
    """Runs one step of a command, showing what it does (the CLI's progress)."""

    def __call__(self, what: str, work: Callable[[], T], /) -> T: ...


def parse_allowed(
    items: Iterable[str | Sequence[str]], *, source: str | None = None
) -> list[tuple[str, str]]:
    """Allowed pairs of delegations from ``"A:B"`` texts or ``[A, B]`` pairs (a config, ``--allow``).

    ``source``: the file the pairs were written in, named by a problem (None: an argument).

    >>> parse_allowed(["Jawa Timur:Sumatera Selatan", ["Jawa Timur", "Pembeli Luar Negeri"]])
    [('Jawa Timur', 'Sumatera Selatan'), ('Jawa Timur', 'Pembeli Luar Negeri')]
    """
    out: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for item in items:
        parts = (
            [x.strip() for x in item.split(":")] if isinstance(item, str) else [str(x).strip() for x in item]
        )
        if len(parts) != 2 or not all(parts):
            problems.append(
                Problem(
                    f"an allowed pair names two delegations, got {item!r}",
                    kind="invalid",
                    field="allowed",
                    source=source,
                    hint='write "Jawa Timur:Sumatera Selatan" (command line) or '
                    '["Jawa Timur", "Sumatera Selatan"] (config)',
                )
            )
        else:
            out.append((parts[0], parts[1]))
    if problems:
        raise ValidationError(problems)
    return out


def read_any_participants(path: str | Path, *, sheet: str | None = None) -> tuple[Participant, ...]:
    """The participants of a CSV or XLSX table, whatever the number of delegations.

    Every problem of the file is reported at once, with row and column (as
    :func:`matchmaker.io.read_participants`).
    """
    if not Path(path).exists():
        raise no_such_file(path)
    if Path(path).suffix.lower() in (".csv", ".txt", ".xlsx"):
        return sheet_to_participants(_sheet(path, sheet), any_delegations=True)
    raise DataFileError(
        Problem(
            "a mission of more than two delegations is read from a .csv or .xlsx participant table",
            kind="format",
            source=str(path),
            hint="save the participants as .csv or .xlsx",
        )
    )


def load_group_mission(
    path: str | Path,
    *,
    allowed: Iterable[str | Sequence[str]] | None = None,
    name: str | None = None,
    date: dt.date | str | None = None,
    venue: str | None = None,
    timezone: str | None = None,
    sheet: str | None = None,
    table: Sheet | None = None,
) -> GroupMission:
    """A :class:`GroupMission` from a participant table; delegations in order of first appearance.

    ``allowed`` are the pairs of delegations that may meet (default: every pair).
    Without ``timezone``, the event's zone is the one all Indonesian participants'
    provinces share (an error naming the zones when they differ).  Problems of the
    mission (an unknown delegation in ``allowed``, a bad ``group_meeting`` cell...) are
    reported with the file, and the row of the participant they concern.  ``table``: the
    file's raw table when it was read already (:func:`read_table`), so it is parsed once.
    """
    if table is None:
        people = read_any_participants(path, sheet=sheet)
    else:
        people = sheet_to_participants(table, any_delegations=True)
    source = str(path)
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date.strip())
        except ValueError:
            raise ValidationError(
                Problem(f"event date {date!r} is not a date", kind="syntax", field="date", hint="YYYY-MM-DD")
            ) from None
    pairs = None if allowed is None else parse_allowed(allowed)  # an argument: not the file's
    zone = _zone(people, timezone, source)
    groups = list(dict.fromkeys(p.delegation for p in people))
    try:
        mission = GroupMission.from_participants(
            people,
            name=name or " – ".join(groups),
            allowed=pairs,
            date=date,
            venue=venue,
            timezone=zone,
        )
        for pid in mission.ids:
            mission.timezone_of(pid)  # a bad timezone cell fails here, before any work
    except ValidationError as exc:
        rows = _rows_of(table or _sheet(path, sheet))
        raise DataFileError(
            [
                p  # the allowed pairs are an argument (--allow, a config's): not placed in the file
                if p.field == "allowed"
                else p.located(source=source, row=rows.get(p.participants[0]) if p.participants else None)
                for p in exc.problems
            ]
        ) from None
    return mission


def _zone(people: Sequence[Participant], timezone: str | None, source: str) -> str:
    if timezone:
        try:
            return resolve_timezone(timezone)
        except ValueError as exc:
            raise ValidationError(Problem(str(exc), kind="unknown-timezone", field="timezone")) from None
    zones = set()
    for p in people:
        if p.country == "ID" and p.province:
            try:
                zones.add(province(p.province).timezone)
            except KeyError:  # the participant's own check reports it
                continue
    offsets = {"WIB" if z in ("Asia/Jakarta", "Asia/Pontianak") else z for z in zones}
    if len(offsets) <= 1:
        return "Asia/Jakarta" if not zones or "Asia/Jakarta" in zones else sorted(zones)[0]
    raise DataFileError(
        Problem(
            "cannot tell the event's time zone (the delegations' provinces are in "
            f"{', '.join(sorted(zones))})",
            kind="missing-timezone",
            field="timezone",
            source=source,
            hint="give the venue's time zone: --timezone WITA, or timezone in the [mission] section "
            "of the config",
        )
    )


def _sheet(path: str | Path, sheet: str | None) -> Sheet:
    if Path(path).suffix.lower() == ".xlsx":
        return read_xlsx_sheet(path, sheet=sheet, default="participants", is_header=is_participant_header)
    return read_csv_sheet(path)


def read_table(path: str | Path, sheet: str | None = None) -> Sheet | None:
    """The raw table of a CSV or XLSX participant file, read once to route it and then to load it.

    None for any other file, a missing one, or one whose table cannot be read: the
    readers say what is wrong with it (``matchmaker run`` reads it again only then).
    """
    if Path(path).suffix.lower() not in (".csv", ".txt", ".xlsx") or not Path(path).exists():
        return None
    try:
        return _sheet(path, sheet)
    except ValidationError:
        return None


def _needs_group_path(table: Sheet) -> bool:
    """Whether the raw table names more than two delegations or uses teams, online or group
    meetings (read cell by cell, before the participants are parsed and checked)."""
    columns = [normalise_header(label) for label in table.labels]
    extra = {extra_column(label): k for k, label in enumerate(table.labels) if extra_column(label)}

    def values(k: int | None) -> set[str]:
        if k is None:
            return set()
        return {str(cells[k]).strip().casefold() for _, cells in table.rows if len(cells) > k and cells[k]}

    delegations = values(columns.index("delegation") if "delegation" in columns else None) - {""}
    teams = values(extra.get("team_size")) - {"", "1"}
    modes = values(extra.get("mode")) & ONLINE_MODES
    return len(delegations) > 2 or bool(teams or modes or values(extra.get("group_meeting")) - {""})


def _delegations_of(table: Sheet) -> list[str]:
    """The names of the table's delegation column in order of first appearance, read from
    its cells (for the config's ``side_a`` when the mission could not be built)."""
    columns = [normalise_header(label) for label in table.labels]
    if "delegation" not in columns:
        return []
    at = columns.index("delegation")
    cells = (str(row[at]).strip() for _, row in table.rows if len(row) > at and row[at] is not None)
    return list(dict.fromkeys(c for c in cells if c))


def _rows_of(table: Sheet) -> dict[str, int]:
    """Row number of each participant id in the table (for locating a problem)."""
    columns = [normalise_header(label) for label in table.labels]
    if "id" not in columns:
        return {}
    at = columns.index("id")
    return {str(cells[at]).strip(): number for number, cells in table.rows if len(cells) > at}


def group_route(args: Namespace, config: RunConfig, table: Sheet | None = None) -> GroupMission | None:
    """The group mission of a ``matchmaker`` command's table, or None when it goes the ordinary path.

    A table goes the group path when it names more than two delegations, when allowed
    pairs are given (``--allow`` or ``allowed`` in the config's ``[mission]``), or when
    it uses teams, online or group meetings (:func:`group_features`).  A JSON mission
    file always goes the ordinary path.  ``table`` is the file's raw table when it was read
    already (:func:`read_table`, with the command's ``--sheet``); else it is read here.
    """
    from matchmaker.config import mission_details, side_a_problem

    allowed = getattr(args, "allow", None) or config.mission.get("allowed")
    sheet = getattr(args, "sheet", None)
    if Path(args.file).suffix.lower() not in (".csv", ".txt", ".xlsx") or not Path(args.file).exists():
        return None  # the ordinary reader says what is wrong with the file
    if table is None:
        table = read_table(args.file, sheet)  # still None: a table the readers refuse
    if not allowed and (table is None or not _needs_group_path(table)):
        return None  # the ordinary reader reports a table it cannot read
    meta = mission_details(config, vars(args))
    side_a = config.mission.get("side_a")
    try:
        mission = load_group_mission(args.file, allowed=allowed, sheet=sheet, table=table, **meta)
    except ValidationError as exc:
        placed = [_allowed_at(p, args) for p in exc.problems]
        # side_a checked too (every mistake at once), against the delegations the table names
        names = _delegations_of(table) if table is not None else []
        if side_a and names and side_a not in names:
            placed.append(side_a_problem(side_a, names, str(args.file), args.config))
        # "problems in the file" no longer, when one of them is in an option or the config
        raise (type(exc) if placed == list(exc.problems) else ValidationError)(placed) from None
    if side_a and side_a not in mission.group_names:
        raise ValidationError(side_a_problem(side_a, mission.group_names, str(args.file), args.config))
    if side_a and mission.group_names[0] != side_a:
        order = [side_a, *(g for g in mission.group_names if g != side_a)]
        mission = GroupMission.from_participants(
            mission.participants,
            name=mission.name,
            groups=order,
            allowed=None if not allowed else parse_allowed(allowed),
            date=mission.date,
            venue=mission.venue,
            timezone=mission.timezone,
        )
    return mission


def _allowed_at(problem: Problem, args: Namespace) -> Problem:
    """A problem of the allowed pairs, placed where they were given: ``--allow`` (which wins
    over the config), else the config's ``[mission] allowed``."""
    if problem.field != "allowed":
        return problem
    if getattr(args, "allow", None):
        return problem.located(source=None, field="--allow")
    return problem.located(source=getattr(args, "config", None), field=None, column="[mission] allowed")


def group_run_options(mission: GroupMission, config: RunConfig) -> dict[str, object]:
    """:func:`~matchmaker.groups.run_groups`'s arguments from a config, as :func:`matchmaker.run` sets them.

    A plan of a table per host (the default: per side-A participant) becomes a shared
    pool of as many tables as the host delegation has representatives
    (:func:`~matchmaker.groups.host_tables`).  ``max_a``/``min_a`` bound the first
    delegation, ``max_b``/``min_b`` every other one; defaults as
    :func:`~matchmaker.groups.group_bounds`.
    """
    from matchmaker.config import check_dated, plan_from
    from matchmaker.groups import group_bounds, host_tables
    from matchmaker.pipeline import DEFAULT_MAX_B
    from matchmaker.scoring import DEFAULT_MIN_SCORE

    plan = host_tables(plan_from(config), mission)
    check_dated(mission.date, plan.days)
    m = config.matching
    method = m.get("method", "auto")
    if method not in GROUP_METHODS:
        raise ValidationError(
            Problem(
                f"[matching] method {method!r} is not a method of a mission of several delegations",
                kind="bad-value",
                field="method",
                hint=f"use one of {', '.join(GROUP_METHODS)}",
            )
        )
    hi, lo = group_bounds(
        mission, plan, (m.get("max_a"), m.get("max_b")), (m.get("min_a"), m.get("min_b")), max_b=DEFAULT_MAX_B
    )
    return {
        "plan": plan,
        "method": method,
        "top_k": m.get("top_k"),
        "min_score": m.get("min_score", DEFAULT_MIN_SCORE),
        "weights": dict(config.weights) or None,
        "max_meetings": hi,
        "min_meetings": lo,
    }


def group_command(
    command: str, args: Namespace, config: RunConfig, step: Step, mission: GroupMission
) -> tuple[dict[str, object], str]:
    """Run ``matchmaker validate``/``run``/``report`` on the group path, for the ``mission``
    :func:`group_route` read from the command's table.

    Returns the JSON document and the text to print.  Everything is checked before any
    work (the table, the allowed pairs, the config, the output folder).
    """
    from matchmaker.groups import run_groups
    from matchmaker.reporting.console import group_summary_text, group_valid_text
    from matchmaker.reporting.labels import format_names, label

    # the CLI chose the language (--lang, the config's, MATCHMAKER_LANG); what is printed is in it
    lang = str(
        getattr(args, "ui_lang", None) or getattr(args, "lang", None) or config.export.get("lang", "en")
    )
    counts = {name: len(mission.members(k)) for k, name in enumerate(mission.group_names)}
    if command == "validate":
        text = group_valid_text(
            str(args.file), counts, len(mission.allowed or ()), group_features(mission), lang
        )
        found = step(label("progress_checking", lang), lambda: _check(mission, config))
        text += _shortfall_lines(found, "before", lang)
        data: dict[str, object] = {
            "shortfalls": [s.to_dict() for s in found],
            "ok": True,
            "path": "groups",
            "participants": len(mission),
            "delegations": counts,
            "allowed": [[mission.group_names[i], mission.group_names[j]] for i, j in mission.allowed or ()],
            "group_meetings": len(mission.panels),
            "date": mission.date.isoformat() if mission.date else None,
        }
        return data, text
    options = group_run_options(mission, config)
    if command == "run":
        from matchmaker.export.pack import check_output, command_inputs
        from matchmaker.export.registry import group_formats

        check_output(args.out, force=args.force, inputs=command_inputs(vars(args)))  # a bad --out fails fast
        known = group_formats()
        formats = [f for f in config.export.get("formats", known) if f in known]
        from matchmaker.config import check_pdf

        pdf = check_pdf(config, vars(args), formats)  # a browser and a page to print, before any work
    if command == "report":  # as run: a browser, and report.pdf not a file of the user's
        from matchmaker.config import check_pdf
        from matchmaker.export.pack import check_report, command_inputs, report_target

        target = report_target(args.out)
        pdf = check_pdf(config, vars(args), ["html"])
        check_report(target, pdf=pdf, force=args.force, inputs=command_inputs(vars(args)))
    tt = step(label("progress_solving", lang), lambda: run_groups(mission, **options))  # type: ignore[arg-type]
    shortfalls = tt.shortfalls()
    if command == "report":
        from matchmaker.export import write_report
        from matchmaker.export.groups import render_group_report
        from matchmaker.groups import GroupResult

        page = render_group_report(tt, lang=lang)
        inputs = command_inputs(vars(args))
        from matchmaker.export.pack import report_written

        paths = write_report(GroupResult.of(tt), target, page, pdf=pdf, force=args.force, inputs=inputs)
        report, text = report_written(paths, lang)
        return {"ok": True, "path": "groups", **report}, text
    from matchmaker.export import export_all
    from matchmaker.groups import GroupResult

    shown = format_names([*formats, *(["pdf"] if pdf else [])], lang)
    written = step(
        label("progress_writing", lang).format(formats=shown, path=args.out),
        lambda: export_all(
            GroupResult.of(tt), args.out, formats=formats, lang=lang, force=args.force, pdf=pdf
        ),
    )
    data = {
        "ok": True,
        "path": "groups",
        "meetings": len(tt.slot),
        "placed": int((tt.slot >= 0).sum()),
        "group_meetings": len(tt.panels),
        "group_meetings_placed": int((tt.panel_slot >= 0).sum()),
        "total_score": tt.matching.total_score,
        "unplaced": [p.to_dict() for p in tt.unplaced],
        "shortfalls": [s.to_dict() for s in shortfalls],
        "files": {k: [str(p) for p in v] for k, v in written.items()},
    }
    text = group_summary_text(tt, lang) + _shortfall_lines(shortfalls, "after", lang)
    return data, text + "\n" + label("files_written", lang).format(path=args.out)


def _check(mission: GroupMission, config: RunConfig) -> tuple[Shortfall, ...]:
    """``run``'s checks before solving (:func:`~matchmaker.groups.check_groups`: errors raise),
    and who can have no meeting, with the reasons ``run`` gives them after.

    Without an event date (validate does not need one) the slots are laid on the day the
    availability windows name, else on any weekday: their times still count.
    """
    from matchmaker.config import undated_day
    from matchmaker.groups import check_groups

    day = undated_day(mission.participants, date=mission.date, config=config)
    if day is not None:
        mission = dataclasses.replace(mission, date=day)
    options = group_run_options(mission, config)
    return check_groups(mission, **options)  # type: ignore[arg-type]


def _shortfall_lines(found: Sequence[Shortfall], when: str, lang: str) -> str:
    """The console's lines of participants with fewer meetings than asked (as the ordinary path's)."""
    from matchmaker.reporting.console import shortfall_text
    from matchmaker.reporting.labels import label

    if not found:
        return ""
    lines = [f"{label('shortfalls_' + when, lang)} ({len(found)}):"]
    return "\n" + "\n".join(lines + [f"  {shortfall_text(s, lang)}" for s in found])
