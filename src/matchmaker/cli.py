"""The ``matchmaker`` command line.

Commands::

    matchmaker demo [--out DIR] [--lang id]          the bundled mission, end to end
    matchmaker validate FILE                         check a participant file, list every problem
    matchmaker run FILE --out DIR [--date D] [...]   score → match → schedule → every export
                                                     (--pdf: agendas.pdf, report.pdf too)
    matchmaker report FILE --out report.html         the HTML report only (--pdf: report.pdf too)
    matchmaker outcomes FORM --mission FILE          summarise a filled-in outcome form
    matchmaker init DIR                              starter files: templates, a column guide, run.toml

Exit codes: 0 success; 1 the input has problems (each listed with file, row and column);
2 wrong usage; 3 the request cannot be met (the diagnosis is printed); 4 an optional
extra is missing (the ``pip install`` to run is printed), or the browser ``--pdf`` prints
with is missing or fails (what to do is printed; nothing is written); 5 unexpected failure
(re-run with ``--debug`` for the traceback).  ``--json`` (before or after the command) prints
the result, or the problems, as one JSON object on standard output; progress goes to
standard error only when it is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from matchmaker import _json
from matchmaker._files import LONE_SURROGATE
from matchmaker.errors import (
    InfeasibleError,
    MatchmakerError,
    MissingDependencyError,
    Problem,
    ProgramFailedError,
    ValidationError,
)
from matchmaker.reporting.cli_help import ARGPARSE_WORDS, METAVAR_ID, help_text
from matchmaker.reporting.labels import LANGUAGES, language_code

if TYPE_CHECKING:
    from matchmaker.io.sheets import Sheet

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INFEASIBLE, EXIT_MISSING_EXTRA, EXIT_FAILURE = 0, 1, 2, 3, 4, 5
T = TypeVar("T")
_DENSE_PAIRS = 25_000_000  # validate scores larger events sparsely (the A×B matrix would not fit)
_DETAILS = ("name", "date", "venue", "timezone", "side_a")  # of the config's [mission] a table cannot hold
_DEMO_PDF = (  # the demo reads no config: a plain flag, no --no-pdf to override one
    "also print agendas.html and report.html to agendas.pdf and report.pdf, without the browser's "
    "date and file path (needs Chromium, Chrome or Edge)"
)
_PACK_PDF = (
    "also print agendas.html and report.html to agendas.pdf and report.pdf, without the browser's "
    "date and file path (needs Chromium, Chrome or Edge); --no-pdf: not even when the config's "
    "[export] says pdf = true"
)
_REPORT_PDF = (
    "also print the report to the PDF of the same name beside it (report.pdf), without the "
    "browser's date and file path (needs Chromium, Chrome or Edge); --no-pdf: not even when the "
    "config's [export] says pdf = true"
)


class _Progress:
    """Step messages on standard error, only when a person is watching, in the run's language."""

    def __init__(self, enabled: bool, lang: str = "en") -> None:
        self.enabled = enabled
        self.lang = lang  # set again once the config is read (it may set lang)

    def step(self, key: str, work: Callable[[], T], **values: str) -> T:
        """Run ``work``, announcing it with the label ``progress_<key>`` and then its duration."""
        if not self.enabled:
            return work()
        from matchmaker.reporting.labels import label
        from matchmaker.reporting.numbers import format_number

        try:
            what = label("progress_" + key, self.lang).format(**values)
        except KeyError:  # a step named in words by its caller (the group path), shown as given
            what = key
        print(f"  {what}…", end="", file=sys.stderr, flush=True)
        start = time.perf_counter()
        out = work()
        seconds = format_number(time.perf_counter() - start, self.lang, decimals=2)
        print(f" {label('seconds', self.lang).format(n=seconds)}", file=sys.stderr, flush=True)
        return out


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str) if args.json else text)


def _config(args: argparse.Namespace) -> Any:
    import dataclasses

    from matchmaker.config import RunConfig, read_config

    config = read_config(args.config) if getattr(args, "config", None) else RunConfig()
    for key in ("top_k", "min_score"):
        if getattr(args, key, None) is not None:
            config = dataclasses.replace(config, matching={**config.matching, key: getattr(args, key)})
    return config


def _load(
    args: argparse.Namespace,
    config: Any,
    table: Sheet | None = None,
    *,
    need_date: bool = True,
    file: str | Path | None = None,
) -> Any:
    """The mission of ``file`` (default ``args.file``), with event details from the command
    line or the config; a ``side_a`` naming no delegation is placed at the config's key.

    ``table``: the file's raw table when :func:`_read` read it already (it is parsed once).
    Raises before any work when the event has no date (``need_date``): the timetable needs one.
    """
    from matchmaker.config import check_dated, mission_details
    from matchmaker.io import load_mission

    path = args.file if file is None else file
    meta = mission_details(config, vars(args), _DETAILS)
    if getattr(args, "sheet", None):
        meta["sheet"] = args.sheet
    try:
        mission = load_mission(path, table=table, **meta)
    except ValidationError as exc:
        placed = [_side_a_at(p, str(path), args) for p in exc.problems]
        # "problems in the file" no longer, when one of them is in the config
        raise (type(exc) if placed == list(exc.problems) else ValidationError)(placed) from None
    if need_date:
        check_dated(mission.date, config.plan.get("days"))
    return mission


def _side_a_at(problem: Problem, file: str, args: argparse.Namespace) -> Problem:
    """A ``side_a`` naming no delegation, placed at the config's ``[mission] side_a`` (only
    the config sets it): the participant file is not what is wrong."""
    if problem.kind != "unknown-side" or problem.field != "side_a":
        return problem
    from matchmaker.config import side_a_problem

    given, names = problem.data.get("given"), problem.data.get("delegations")
    if not isinstance(given, str) or not isinstance(names, list):
        return problem
    return side_a_problem(given, [str(n) for n in names], file, getattr(args, "config", None))


def _run_options(config: Any) -> dict[str, Any]:
    """The arguments of :func:`matchmaker.run` (and :func:`matchmaker.pipeline.check`) from a config."""
    from matchmaker.config import plan_from
    from matchmaker.scoring import DEFAULT_MIN_SCORE

    m = config.matching
    return {
        "plan": plan_from(config),
        "weights": dict(config.weights) or None,
        "score_options": dict(config.scoring) or None,  # [scoring]: matchmaker.scoring.ScoreOptions
        "method": m.get("method", "auto"),
        "max_meetings": (m.get("max_a"), m.get("max_b")),  # None keeps that side's default
        "min_meetings": (m.get("min_a"), m.get("min_b")),
        "top_k": m.get("top_k"),
        "min_score": m.get("min_score", DEFAULT_MIN_SCORE),
    }


def _precheck(mission: Any, config: Any, *, solving: bool = False) -> tuple[Any, tuple[Any, ...]]:
    """run's checks before solving (errors raise), the scores they computed, and the warnings.

    ``solving``: the matching runs next and makes its own checks before solving; not twice.
    """
    from matchmaker.pipeline import check
    from matchmaker.scoring import score

    options = _run_options(config)
    top_k = options["top_k"]
    if top_k is None and not solving and len(mission.side("A")) * len(mission.side("B")) > _DENSE_PAIRS:
        from matchmaker.scoring.sparse import DEFAULT_TOP_K

        options["top_k"] = top_k = DEFAULT_TOP_K  # validate a large event as run --top-k would score it
    scores = score(mission, options["weights"], top_k=top_k, **(options["score_options"] or {}))
    return scores, check(mission, scores=scores, matching_checks=not solving, **options)


def _pipeline(mission: Any, config: Any, scores: Any = None) -> Any:
    from matchmaker.pipeline import run

    return run(mission, scores=scores, **_run_options(config))


def _warn(args: argparse.Namespace, shortfalls: Sequence[Any], when: str) -> None:
    """Shortfalls on standard error (the console), one line each; --json carries them instead."""
    if args.json or not shortfalls:
        return
    from matchmaker.reporting.console import shortfall_text
    from matchmaker.reporting.labels import label

    lang = getattr(args, "ui_lang", "en")
    print(f"{label('shortfalls_' + when, lang)} ({len(shortfalls)}):", file=sys.stderr)
    for s in shortfalls:
        print(f"  {shortfall_text(s, lang)}", file=sys.stderr)


def _lang(args: argparse.Namespace, config: Any) -> str:
    """The language of what a person reads: ``--lang``, else the config's ``lang``, else
    ``MATCHMAKER_LANG``, else English.

    Kept in ``args.ui_lang`` so that warnings and errors are in it too.
    """
    args.ui_lang = str(getattr(args, "lang", None) or config.export.get("lang") or _env_lang() or "en")
    return str(args.ui_lang)


def _write_pack(
    args: argparse.Namespace, result: Any, config: Any, progress: _Progress, note: str | None = None
) -> dict[str, Any]:
    from matchmaker.export import export_all, export_formats
    from matchmaker.reporting.labels import format_names

    formats = config.export.get("formats", export_formats())
    plots = bool(config.export.get("plots", True)) and not args.no_plots
    lang = _lang(args, config)
    previous = _previous_pack(Path(args.out)) if "ics" in formats else None
    from matchmaker.config import wants_pdf

    pdf = wants_pdf(config, vars(args))
    written = progress.step(
        "writing",
        lambda: export_all(
            result,
            args.out,
            lang=lang,
            formats=formats,
            plots=plots,
            note=note,
            force=args.force,
            previous=previous,
            pdf=pdf,
        ),
        formats=format_names([*formats, *(["pdf"] if pdf else [])], lang),
        path=str(args.out),
    )
    return {k: [str(p) for p in v] for k, v in written.items()}


def _check_pdf(args: argparse.Namespace, config: Any, formats: Sequence[str]) -> None:
    """Before any work: a pack to print needs a browser (else exit 4, naming what to
    install), and a page among its formats (else exit 1): :func:`matchmaker.config.check_pdf`."""
    from matchmaker.config import check_pdf

    check_pdf(config, vars(args), formats)


def _previous_pack(out: Path) -> Any:
    """What the earlier pack in ``out`` sent (its ``result.json``), or None when there is none.

    A re-run into the same folder then writes calendar updates instead of first sends:
    ``METHOD:REQUEST`` with the next ``SEQUENCE`` for a meeting that moved, and
    ``<id>.cancel.ics`` for meetings that no longer take place (a participant removed, a
    pair no longer chosen), so that re-sent calendars neither duplicate nor keep stale
    meetings (:func:`matchmaker.export.ics.write_calendars`).
    """
    import types
    import zoneinfo

    from matchmaker.export.pack import pack_files
    from matchmaker.scheduling.schedule import ScheduledMeeting

    path = out / "result.json"
    if not path.is_file() or pack_files(out) is None:
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        placed = [m for m in doc["meetings"] if m.get("status") == "placed"]
        zone = zoneinfo.ZoneInfo(doc["plan"]["timezone"])  # the calendars name it (TZID)
        meetings = [
            ScheduledMeeting(
                a=str(m["a_id"]),
                b=str(m["b_id"]),
                slot=int(m["slot"]) - 1,
                start=dt.datetime.fromisoformat(m["start"]).astimezone(zone),
                end=dt.datetime.fromisoformat(m["end"]).astimezone(zone),
                table=str(m["table"]),
                index=k,
            )
            for k, m in enumerate(placed)
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # not a result.json we can read: the calendars are sent as new
    mission = None
    if isinstance(doc.get("participants"), list):
        from matchmaker.io.json_format import _mission

        try:  # names the participants who left in the cancellations sent to their partners
            mission = _mission({"mission": doc["mission"], "participants": doc["participants"]}, str(path))
        except (MatchmakerError, ValueError, KeyError, TypeError):
            mission = None
    return types.SimpleNamespace(meetings=meetings, mission=mission)


def _summary_json(result: Any, written: dict[str, Any]) -> dict[str, Any]:
    return {
        "ok": True,
        "meetings": len(result.matching.pairs),
        "placed": result.schedule.n_placed,
        "objective": result.matching.objective,
        "evaluation": result.evaluation.to_dict(),
        "violations": [p.to_dict() for p in result.matching.violations],
        "shortfalls": [s.to_dict() for s in result.shortfalls],
        "files": written,
    }


def _demo(args: argparse.Namespace, progress: _Progress) -> int:
    from matchmaker.config import RunConfig
    from matchmaker.demo import run_demo
    from matchmaker.export import export_formats
    from matchmaker.export.pack import check_output
    from matchmaker.reporting.labels import label

    check_output(args.out, force=args.force)  # before any work: a bad --out fails fast
    _check_pdf(args, RunConfig(), export_formats())
    if args.json:
        from matchmaker.datasets import east_java_south_sumatra_2020

        result = _pipeline(east_java_south_sumatra_2020(), RunConfig())
        written = _write_pack(args, result, RunConfig(), progress, note=label("synthetic_note", args.ui_lang))
        _emit(args, _summary_json(result, written), "")
        return EXIT_OK
    run_demo(
        out=sys.stdout,
        directory=args.out,
        lang=args.ui_lang,
        plots=not args.no_plots,
        force=args.force,
        pdf=args.pdf,
    )
    return EXIT_OK


def _read(
    command: str, args: argparse.Namespace, progress: _Progress, *, need_date: bool = True
) -> tuple[Any, str, Any]:
    """The config, the language and the mission of ``args.file``, read and routed in one step.

    A table the group path plans (more than two delegations, allowed pairs, teams,
    online or group meetings: see :mod:`matchmaker.group_path`) runs the command there,
    and the mission comes back as None: the command has printed its result.
    """
    from matchmaker.group_path import group_command, group_route, read_table

    _check_options(args)
    config = _config(args)
    lang = progress.lang = _lang(args, config)

    def read() -> Any:
        table = read_table(args.file, getattr(args, "sheet", None))  # parsed once, for both paths
        try:
            routed = group_route(args, config, table)
        except ValidationError as exc:  # it raises on the group path only
            _method_fits(args, config, group=True, exc=exc)
            raise
        if routed is not None:
            _method_fits(args, config, group=True)
            return routed, True
        try:
            mission = _load(args, config, table, need_date=need_date)
        except ValidationError as exc:
            # the path is the two-delegation one unless the table could not be read to tell
            if table is not None or Path(args.file).suffix.lower() not in (".csv", ".txt", ".xlsx"):
                _method_fits(args, config, group=False, exc=exc)
            raise
        _method_fits(args, config, group=False)
        return mission, False

    mission, grouped = progress.step("reading", read, file=str(args.file))
    if grouped:
        _emit(args, *group_command(command, args, config, progress.step, mission))
        return config, lang, None
    return config, lang, mission


def _method_fits(
    args: argparse.Namespace, config: Any, *, group: bool, exc: ValidationError | None = None
) -> None:
    """Raise when the config's ``[matching] method`` is not a method of the path the table
    takes (named at the config's key, before any scoring), with ``exc``'s problems if given:
    every mistake at once."""
    from matchmaker.config import method_problem

    wrong = method_problem(config, getattr(args, "config", None), group=group)
    if wrong is not None:
        raise ValidationError([*(exc.problems if exc is not None else ()), wrong]) from None


def _check_options(args: argparse.Namespace) -> None:
    """``--date``, ``--timezone`` and ``--sheet`` checked before any work, each problem naming
    the option (the readers would place it in the participant file, which does not hold it)."""
    from matchmaker.model.mission import resolve_timezone

    problems = []
    date = getattr(args, "date", None)
    if date is not None:
        try:
            dt.date.fromisoformat(date.strip())
        except ValueError:
            problems.append(
                Problem(
                    f"{date!r} is not a date",
                    kind="syntax",
                    field="--date",
                    hint="write it as YYYY-MM-DD, e.g. 2025-09-29",
                )
            )
    timezone = getattr(args, "timezone", None)
    if timezone is not None:
        try:
            resolve_timezone(timezone)
        except ValueError as exc:
            problems.append(Problem(str(exc), kind="unknown-timezone", field="--timezone"))
    sheet, file = getattr(args, "sheet", None), Path(getattr(args, "file", ""))
    if sheet is not None and file.suffix.lower() != ".xlsx":
        problems.append(
            Problem(
                f"--sheet names a sheet of an .xlsx workbook; {str(file)!r} is not one",
                kind="invalid-option",
                field="--sheet",
                hint="leave --sheet out, or give the .xlsx file",
            )
        )
    if problems:
        raise ValidationError(problems)


def _validate(args: argparse.Namespace, progress: _Progress) -> int:
    from matchmaker.reporting.labels import label

    config, lang, mission = _read("validate", args, progress, need_date=False)
    if mission is None:
        return EXIT_OK
    a, b = mission.side("A"), mission.side("B")
    from matchmaker.config import undated_day

    # the checks need a day: the one the availability windows name, else any (times still count)
    day = undated_day(mission.participants, date=mission.date, config=config)
    checked = mission if day is None else mission.replace(date=day)
    _, warnings = progress.step("checking", lambda: _precheck(checked, config))
    text = label("cli_valid", lang).format(
        file=args.file, n_a=len(a), side_a=mission.side_a.name, n_b=len(b), side_b=mission.side_b.name
    )
    if day is not None:  # neither the mission nor the plan's days date the event
        text += "\n" + label("cli_no_date", lang)
    data = {
        "ok": True,
        "participants": len(mission.participants),
        "side_a": len(a),
        "side_b": len(b),
        "date": mission.date.isoformat() if mission.date else None,
        "warnings": [s.to_dict() for s in warnings],
    }
    _warn(args, warnings, "before")
    _emit(args, data, text)
    return EXIT_OK


def _run(args: argparse.Namespace, progress: _Progress) -> int:
    from matchmaker.export.pack import check_output, command_inputs

    config, lang, mission = _read("run", args, progress)
    if mission is None:
        return EXIT_OK
    check_output(args.out, force=args.force, inputs=command_inputs(vars(args)))  # a bad --out fails fast
    from matchmaker.export import export_formats

    _check_pdf(args, config, config.export.get("formats", export_formats()))
    scores, warnings = progress.step("checking", lambda: _precheck(mission, config, solving=True))
    _warn(args, warnings, "before")
    result = progress.step("solving", lambda: _pipeline(mission, config, scores))
    from matchmaker.reporting.console import run_text
    from matchmaker.reporting.labels import label

    written = _write_pack(args, result, config, progress)
    text = run_text(result, lang) + "\n" + label("files_written", lang).format(path=args.out)
    # those the check before solving listed already are not listed twice (the same records)
    _warn(args, [s for s in result.shortfalls if s not in warnings], "after")
    data = _summary_json(result, written)
    data["warnings"] = [s.to_dict() for s in warnings]
    _emit(args, data, text)
    return EXIT_OK


def _report(args: argparse.Namespace, progress: _Progress) -> int:
    from matchmaker.config import check_pdf
    from matchmaker.export import records, render_html, write_report
    from matchmaker.export.pack import check_file, check_report, command_inputs, report_target, report_written

    target = report_target(args.out)
    inputs = command_inputs(vars(args))
    check_file(target, force=args.force, inputs=inputs)  # before any work (both paths): a bad --out
    config, lang, mission = _read("report", args, progress)
    if mission is None:
        return EXIT_OK
    # before solving, as run: a browser (exit 4) and report.pdf beside the report (not a
    # file of the user's), when --pdf or the config's [export] pdf asks
    pdf = check_pdf(config, vars(args), ["html"])
    check_report(target, pdf=pdf, force=args.force, inputs=inputs)
    result = progress.step("all", lambda: _pipeline(mission, config))
    rec = records(result.schedule, result.scores, mission=mission)
    html = render_html(result, rec, lang=lang, plots=not args.no_plots)
    written = write_report(result, target, html, pdf=pdf, force=args.force, inputs=inputs)
    data, text = report_written(written, lang)
    _emit(args, {"ok": True, **data}, text)
    return EXIT_OK


def _outcomes(args: argparse.Namespace, progress: _Progress) -> int:
    from matchmaker.export.pack import check_file, command_inputs
    from matchmaker.reporting.outcomes import read_outcomes, summarise_outcomes

    config = _config(args)
    lang = _lang(args, config)
    inputs = command_inputs(vars(args))
    if args.html:  # before any work: never over the form, the mission or the result it reads
        with _option("--html"):
            check_file(args.html, force=args.force, inputs=inputs)
    mission = _outcome_mission(args, config)
    deals = read_outcomes(args.form, mission)
    potential, meetings = None, None
    if args.result:  # read once: its figures, and the date and venue the files may lack
        from matchmaker.io.json_format import result_wanted

        result: Any = _json.read(args.result, wanted=result_wanted(_RESULT_OPTION))
        potential, meetings = _result_figures(result, args.result, mission)
        mission = _dated_by_result(mission, result, named=bool(config.mission.get("name")))
    summary = summarise_outcomes(
        deals, mission, declared_potential_idr=potential, meetings=meetings, lang=lang
    )
    warnings = []
    if args.result:  # a form printed from another run: its meetings are other pairs there
        other = _other_plan(deals, result, args.result, mission, lang)
        if other:
            warnings.append(other)
            if not args.json:
                print(other, file=sys.stderr)
    if not deals:  # the form as the pack wrote it, most likely: a summary of nothing is no news
        from matchmaker.reporting.labels import label

        warnings.append(label("outcomes_empty", lang).format(form=args.form))
        if not args.json:
            print(warnings[-1], file=sys.stderr)
    if args.html:  # atomically, and never over a file of the user's (see export.pack)
        from matchmaker.export.pack import write_file

        with _option("--html"):
            write_file(args.html, summary.to_page(lang).encode("utf-8"), force=args.force, inputs=inputs)
    data = {
        "ok": True,
        **summary.to_dict(),
        "press_release": summary.press_release(lang),
        "warnings": warnings,
    }
    _emit(args, data, summary.to_text(lang) + "\n\n" + summary.press_release(lang))
    return EXIT_OK


def _other_plan(deals: Any, document: Any, path: str, mission: Any, lang: str) -> str | None:
    """The warning of deals whose meeting reference is another pair (or no meeting) in the
    two-delegation result.json ``document``, listing them; None when they all agree.  (A
    group path's form lists a group meeting's reference once per member: not checked.)"""
    from matchmaker.io.json_format import is_group_result
    from matchmaker.reporting.labels import label
    from matchmaker.reporting.outcomes import meeting_mismatches

    if is_group_result(document):
        return None
    refs = {
        str(m["meeting"]): (str(m["a_id"]), str(m["b_id"]))
        for m in document["meetings"]
        if m.get("status") == "placed" and m.get("meeting")
    }
    found = meeting_mismatches(deals, refs)
    if not found:
        return None
    none = label("outcomes_other_plan_none", lang)
    side_a = getattr(getattr(mission, "side_a", None), "name", None)  # a group mission has none
    a_ids = {p.id for p in mission.participants if p.delegation == side_a}
    listed = "; ".join(
        label("outcomes_other_plan_pair", lang).format(
            ref=ref,
            mine=" × ".join(sorted(mine, key=lambda pid: pid not in a_ids)),  # side A first
            theirs=" × ".join(theirs) if theirs else none,
        )
        for ref, mine, theirs in found
    )
    return label("outcomes_other_plan", lang).format(n=len(found), result=path, listed=listed)


def _dated_by_result(mission: Any, document: Any, *, named: bool = True) -> Any:
    """The mission with the event's date and venue from ``--result`` where the participant
    file and the config give none: the press paragraph names them, and result.json has them
    (the run was given them), so an organiser need not repeat ``--date`` here.  Its name
    too, unless the config (``named``) gives one: the press paragraph starts with it."""
    import dataclasses

    details = document.get("mission") if isinstance(document, dict) else None
    if not isinstance(details, dict):
        return mission
    changes: dict[str, Any] = {}
    if mission.date is None and isinstance(details.get("date"), str):
        with contextlib.suppress(ValueError):
            changes["date"] = dt.date.fromisoformat(details["date"])
    if not mission.venue and isinstance(details.get("venue"), str) and details["venue"]:
        changes["venue"] = details["venue"]
    if not named and isinstance(details.get("name"), str) and details["name"].strip():
        changes["name"] = details["name"].strip()
    return dataclasses.replace(mission, **changes) if changes else mission


def _outcome_mission(args: argparse.Namespace, config: Any) -> Any:
    """The mission of ``outcomes --mission``, read as ``run`` reads it: a table of the group
    path (more than two delegations, allowed pairs, teams, online or group meetings) as a
    group mission, any other as a two-delegation one (a side_a naming no delegation is the
    config's)."""
    from matchmaker.group_path import group_route, read_table

    table = read_table(args.mission)
    # outcomes reads no times: without a zone given, the one the delegations' provinces
    # share is not asked for (run needs it; provinces in several zones would refuse the table)
    zone = config.mission.get("timezone") or "Asia/Jakarta"
    given = argparse.Namespace(**{**vars(args), "file": args.mission, "timezone": zone, "sheet": None})
    mission = group_route(given, config, table)
    return mission or _load(given, config, table, need_date=False)


#: How the errors about a result.json name the option that gave it.
_RESULT_OPTION = "`matchmaker outcomes --result`"


def _result_figures(document: Any, path: str, mission: Any) -> tuple[float | None, int | None]:
    """The declared potential of the meetings and their number, from ``outcomes --result``
    (``document``, read from ``path``).

    A two-delegation result.json holds both (its evaluation).  A group path's holds its
    meetings only: the potential is the participants' declared values over the pairs
    that met (each group meeting's host with each member, the pairs of its outcome
    form), computed as the two-delegation evaluation computes it.
    """
    from matchmaker.io.json_format import is_group_result, not_a_result

    try:  # valid JSON that is not a result.json is the user's mistake (was exit 5)
        if is_group_result(document):
            return _group_result_figures(document, mission, path)
        potential = document["evaluation"]["declared_potential_idr"]
        placed = [m for m in document["meetings"] if m.get("status") == "placed"]
        meetings = len(placed)
        _check_result_names([(str(m["a_id"]), str(m["b_id"])) for m in placed], mission, path)
        number = isinstance(potential, int | float) and not isinstance(potential, bool)
        if potential is not None and not number:
            raise TypeError(f"evaluation.declared_potential_idr is {potential!r}, not a number")
    except (KeyError, TypeError, AttributeError) as exc:
        if is_group_result(document):  # one that lacks what it holds: "not a result.json", not "a group's"
            raise not_a_result(path, exc, command=_RESULT_OPTION) from None
        raise not_a_result(path, exc, document, _RESULT_OPTION) from None
    return potential, meetings


def _group_result_figures(document: Any, mission: Any, path: str) -> tuple[float, int]:
    """:func:`_result_figures` of a group path's result.json (its ``meetings`` and
    ``group_meeting_rows``), refusing one whose participants the mission does not have."""
    from matchmaker.reporting.evaluate import declared_potential

    placed = [m for m in document["meetings"] if m["status"] == "placed"]
    groups = document.get("group_meeting_rows", [])
    pairs = [(str(m["id_1"]), str(m["id_2"])) for m in placed]
    pairs += [(str(g["id_1"]), x.strip()) for g in groups for x in str(g["id_2"]).split(";")]
    _check_result_names(pairs, mission, path)
    return declared_potential(mission, pairs), len(placed) + len(groups)


def _check_result_names(pairs: Sequence[tuple[str, str]], mission: Any, path: str) -> None:
    """Refuse a result.json whose meetings name participants the mission file does not
    have: another run's result (or the template given as ``--mission``) would otherwise be
    summarised as this mission's, its potential and meetings beside the form's deals."""
    from matchmaker.errors import DataFileError

    unknown = sorted({pid for pair in pairs for pid in pair if pid not in mission})
    if unknown:
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise DataFileError(
            Problem(
                f"the result names {', '.join(map(repr, unknown[:3]))}{more}, who "
                f"{'is' if len(unknown) == 1 else 'are'} not in the mission file",
                kind="unknown-participant",
                source=path,
                hint="give --mission the participant file the run was made from",
            )
        )


@contextlib.contextmanager
def _option(option: str) -> Iterator[None]:
    """The output's problems named by the ``option`` that gave it (the pack's checks say
    ``out``, the option of ``run`` and ``report``)."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError(
            [p.located(field=option) if p.field == "out" else p for p in exc.problems]
        ) from None


def _init(args: argparse.Namespace, progress: _Progress) -> int:
    from matchmaker.reporting.labels import label
    from matchmaker.starter import write_starter

    lang = args.ui_lang
    if Path(args.directory).exists() and not Path(args.directory).is_dir():
        raise ValidationError(
            Problem(
                f"{args.directory!r} is a file, not a folder",
                kind="not-a-folder",
                hint="name a new or existing folder for the starter files",
            )
        )
    written, kept = write_starter(args.directory)
    lines = [label("init_wrote", lang).format(path=p) for p in written]
    lines += [label("init_kept", lang).format(path=p) for p in kept]
    _emit(
        args,
        {"ok": True, "written": [str(p) for p in written], "kept": [str(p) for p in kept]},
        "\n".join(lines),
    )
    return EXIT_OK


class _Formatter(argparse.HelpFormatter):
    """argparse's help, with its "usage: " in the command line's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = ARGPARSE_WORDS["usage"][_Parser.lang == "id"]
        super().add_usage(usage, actions, groups, prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one JSON object when ``--json`` was asked for, and
    help and usage errors are in the language asked for (``--lang``, the config's, ``MATCHMAKER_LANG``)."""

    json_requested = False

    lang = "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        if _Parser.json_requested:
            print(json.dumps({"ok": False, "error": "usage", "message": message}))
            raise SystemExit(EXIT_USAGE)
        if _Parser.lang != "en":
            from matchmaker.reporting.console import usage_text

            usage, text = usage_text(self.format_usage(), message, _Parser.lang)
            self.exit(EXIT_USAGE, f"{usage}{self.prog}: {text}\n")
        super().error(message)


def _at_least_one(text: str) -> int:
    """``--top-k``: a whole number >= 1 (argparse turns the error into a usage error)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _share(text: str) -> float:
    """``--min-score``: a number from 0 to 1 (argparse turns the error into a usage error)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, got {text!r}")
    return value


def _common() -> _Parser:
    """``--json`` and ``--debug``, accepted before or after the command (SUPPRESS keeps either)."""
    common = _Parser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of unexpected errors",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON object (for programs)"
    )
    common.add_argument(
        "--lang",
        type=_lang_option,  # --lang ID as MATCHMAKER_LANG=id_ID is read
        metavar="{en,id}",
        default=argparse.SUPPRESS,
        help="language of everything a person reads: en or id (default: the config's lang, "
        "else $MATCHMAKER_LANG, else en)",
    )
    return common


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="matchmaker",
        description="Pair buyers and sellers at trade missions and timetable their meetings.",
        epilog="Exit codes: 0 ok, 1 invalid input, 2 usage, 3 infeasible, 4 missing extra, 5 failure.",
        parents=[_common()],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def add(
        name: str, func: Callable[[argparse.Namespace, _Progress], int], text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, parents=[_common()])
        sub.set_defaults(run=func)
        return sub

    def outputs(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--no-plots", action="store_true", help="leave the plots out of the HTML report")

    def event(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--config", help="TOML/JSON settings: mission, plan, matching, weights, export")
        sub.add_argument("--date", help="event date, YYYY-MM-DD (overrides the config)")
        sub.add_argument("--name", help="the mission's name, the title of the report (overrides the config)")
        sub.add_argument("--venue", help="venue (overrides the config)")
        sub.add_argument("--timezone", help="WIB, WITA, WIT or an IANA name (default: the host province's)")
        matching(sub)
        allow(sub)

    def matching(sub: argparse.ArgumentParser) -> None:
        # validate takes them too: its warnings of who can have no partner depend on both
        sub.add_argument(
            "--top-k",
            type=_at_least_one,
            metavar="K",
            help="large events: score only each participant's K best partners (sparse)",
        )
        sub.add_argument(
            "--min-score",
            type=_share,
            metavar="S",
            help="relevance floor: pairs scoring below S (0 to 1) never meet, must-meet pairs excepted "
            "(default: 0.15, matchmaker.scoring.DEFAULT_MIN_SCORE)",
        )

    def allow(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--allow",
            action="append",
            metavar="A:B",
            help="delegations A and B may meet (repeat for each pair; default: every pair). A table of "
            "more than two delegations, or with teams, online or group meetings, is planned by "
            "matchmaker.groups",
        )

    def force(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--force",
            action="store_true",
            help="write into a folder that holds other files (they are kept; same-named files are "
            "replaced), or over files of an earlier pack that were changed since",
        )

    def pdf(sub: argparse.ArgumentParser, pages: str) -> None:
        # None unless given: --no-pdf overrides the config's [export] pdf = true for one run
        sub.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=None, help=pages)

    def sheet(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--sheet", metavar="NAME", help="the sheet of an .xlsx file to read (default: the first)"
        )

    demo = add("demo", _demo, "run the bundled East Java – South Sumatra mission end to end")
    demo.add_argument(
        "--out", default="matchmaker-demo", help="folder for the result pack (default: %(default)s)"
    )
    outputs(demo)
    demo.add_argument("--pdf", action="store_true", help=_DEMO_PDF)  # no config: no --no-pdf either
    force(demo)
    check = add("validate", _validate, "check a participant file and list every problem in it")
    check.add_argument("file", help="participant table (.csv, .xlsx or .json)")
    check.add_argument("--config", help="TOML/JSON settings (mission details, plan, matching bounds)")
    check.add_argument("--date", help="event date, YYYY-MM-DD (overrides the config)")
    # a mission of several time zones cannot be checked without the venue's (its windows are
    # read in it), and the error says to give it here
    check.add_argument("--timezone", help="WIB, WITA, WIT or an IANA name (default: the host province's)")
    matching(check)
    allow(check)
    sheet(check)
    run = add("run", _run, "score, match and schedule a participant file, and write every export")
    run.add_argument("file", help="participant table (.csv, .xlsx or .json)")
    run.add_argument(
        "--out", required=True, help="folder for the result pack (new, empty, or an earlier pack)"
    )
    event(run)
    outputs(run)
    pdf(run, _PACK_PDF)
    force(run)
    sheet(run)
    report = add("report", _report, "write the HTML report of a participant file")
    report.add_argument("file", help="participant table (.csv, .xlsx or .json)")
    report.add_argument("--out", required=True, help="the .html file to write (or a folder for report.html)")
    event(report)
    outputs(report)
    pdf(report, _REPORT_PDF)
    force(report)
    sheet(report)
    outcome = add("outcomes", _outcomes, "summarise a filled-in outcome form")
    outcome.add_argument("form", help="the outcome form (.csv or .xlsx)")
    outcome.add_argument("--mission", required=True, help="the participant file the meetings were made from")
    outcome.add_argument("--result", help="result.json of the run, to compare with the declared potential")
    outcome.add_argument("--config", help="the run's TOML/JSON settings (e.g. which delegation is side A)")
    outcome.add_argument("--name", help="the mission's name, for the press paragraph (overrides the config)")
    outcome.add_argument("--venue", help="venue, for the press paragraph (overrides the config)")
    outcome.add_argument("--html", metavar="FILE", help="also write the summary as an HTML page")
    allow(outcome)
    force(outcome)
    init = add("init", _init, "write starter files: participant templates, a column guide and run.toml")
    init.add_argument("directory", help="folder to write into (created; existing files are kept)")
    from matchmaker.live.cli import add_event_command  # the event day: its own module

    add_event_command(commands, _common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    _Parser.json_requested = "--json" in given
    try:
        _Parser.lang = _asked_lang(given)
    except ValueError as exc:  # MATCHMAKER_LANG names no language we speak
        print(f"matchmaker: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser = _parser()
    localise_parser(parser, _Parser.lang)
    args = parser.parse_args(given)
    args.json = getattr(args, "json", False)
    args.debug = getattr(args, "debug", False)
    args.lang = getattr(args, "lang", None)
    args.ui_lang = args.lang or _env_lang() or "en"  # the config's lang replaces it once read
    progress = _Progress(sys.stderr.isatty() and not args.json, args.ui_lang)
    from matchmaker.live.cli import commands_name_db

    with commands_name_db(args):  # the event day's hints name its --db: pasted, they run
        return _main(args, progress)


def _main(args: argparse.Namespace, progress: _Progress) -> int:
    try:
        _check_texts(args)
        # the pack's checks name the folder ``out`` (the Python argument); here it is the option
        with _option("--out") if getattr(args, "out", None) is not None else contextlib.nullcontext():
            return int(args.run(args, progress))
    except UnicodeEncodeError as exc:  # a text from the command line or the environment, at a write
        from matchmaker.model.mission import unwritable

        return _invalid(args, unwritable(exc, ()))
    except ValidationError as exc:
        return _invalid(args, exc)
    except InfeasibleError as exc:
        _fail(args, exc, "fail_infeasible", "hint_infeasible")
        return EXIT_INFEASIBLE
    except ProgramFailedError as exc:  # a browser found, that failed: says what to do (nothing written)
        _fail(args, exc, "fail_program_failed", "hint_program_failed")
        return EXIT_MISSING_EXTRA
    except MissingDependencyError as exc:
        _fail(args, exc, "fail_missing_extra", "hint_missing_extra")
        return EXIT_MISSING_EXTRA
    except BrokenPipeError:  # output piped into `head` and closed early (an OSError: first)
        _stdout_closed()
        return EXIT_OK
    except OSError as exc:  # a missing file, a folder given as a file, no permission, a full disk
        _fail(args, exc, "fail_file", "hint_file")
        return EXIT_INVALID
    except MatchmakerError as exc:
        _fail(args, exc, "fail_failed", "hint_debug")
        return EXIT_FAILURE
    except Exception as exc:
        if args.debug:
            raise
        _fail(args, exc, "fail_unexpected", "hint_report_bug")
        return EXIT_FAILURE


def _invalid(args: argparse.Namespace, exc: ValidationError) -> int:
    in_cells = any(p.row is not None or p.column is not None for p in exc.problems)
    output = all(p.kind.startswith("output-") for p in exc.problems)
    _fail(args, exc, "fail_output" if output else "fail_invalid", "hint_cells" if in_cells else "hint_named")
    return EXIT_INVALID


def _check_texts(args: argparse.Namespace) -> None:
    """The texts given on the command line that the outputs hold (``--name``, ``--venue``,
    ``--who``), refused before any work when they hold half of a character: an argument
    with a byte that is not UTF-8 arrives so, and no UTF-8 file can hold it."""
    halves = [
        (f"--{option}", ord(half.group()))
        for option in ("name", "venue", "who")
        if isinstance(value := getattr(args, option, None), str) and (half := LONE_SURROGATE.search(value))
    ]
    if halves:
        from matchmaker.model.mission import ARGUMENT_HINT, half_character

        raise ValidationError(
            [half_character(option, code, field=option, hint=ARGUMENT_HINT) for option, code in halves]
        )


def _asked_lang(given: Sequence[str]) -> str:
    """The language of help and usage errors, before parsing: ``--lang``, else the ``lang``
    of ``--config`` (or the one an ``event`` command's ``--db`` was set up in), else
    ``MATCHMAKER_LANG``, else English (as :func:`_lang` chooses later).

    Raises ``ValueError`` for a ``MATCHMAKER_LANG`` that names neither language.
    """
    config = db = None
    for k, arg in enumerate(given):
        value = given[k + 1] if k + 1 < len(given) else None
        if arg.startswith(("--lang=", "--config=", "--db=")):
            arg, value = arg.split("=", 1)
        if arg == "--lang" and value is not None:
            return "id" if language_code(value) == "id" else "en"  # an unknown one: argparse refuses it
        if arg == "--config" and value is not None:
            config = value
        if arg == "--db" and value is not None:
            db = value
    if db is not None and "event" in given and Path(db).is_file():
        from matchmaker.live.cli import event_lang

        try:
            kept = event_lang(db)
        except (MatchmakerError, OSError, ValueError):
            kept = None  # not an event file: the command says so
        if kept is not None:
            return kept
    if config is not None:
        from matchmaker.config import read_config

        try:
            lang = read_config(config).export.get("lang")
        except Exception:  # outside main's handlers, where a traceback would be all one gets
            lang = None  # the command reads the config again and reports what is wrong with it
        if lang in LANGUAGES:
            return str(lang)
    return _env_lang() or "en"


def _lang_option(value: str) -> str:
    """``--lang``'s value read as ``MATCHMAKER_LANG`` is (``ID``, ``id_ID`` are ``id``); an unknown
    one refused naming what was typed (argparse's choices would name ``fr`` for ``fr-FR``)."""
    code = language_code(value)
    if code not in LANGUAGES:
        choices = ", ".join(map(repr, LANGUAGES))
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {choices})")
    return code


def _env_lang() -> str | None:
    """``MATCHMAKER_LANG``: ``id`` or ``en`` (``id_ID.UTF-8`` counts as ``id``); None when unset.

    Raises ``ValueError`` naming the variable when it names neither language.
    """
    value = os.environ.get("MATCHMAKER_LANG", "").strip()
    if not value:
        return None
    lang = language_code(value)
    if lang not in LANGUAGES:
        raise ValueError(f"MATCHMAKER_LANG={value!r} names no language of matchmaker: set it to en or id")
    return lang


def localise_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put the help of ``parser`` and of every command under it into ``lang`` (in place).

    Descriptions, epilogs, option help and argparse's own words ("positional arguments",
    "options") go through :mod:`matchmaker.reporting.cli_help`; "usage:" is the
    formatter's (:class:`_Formatter`).  English leaves the parser as built.
    """
    if lang == "en":
        return
    parser.description = parser.description and help_text(parser.description, lang)
    parser.epilog = parser.epilog and help_text(parser.epilog, lang)
    parser._positionals.title = ARGPARSE_WORDS["positionals"][1]
    parser._optionals.title = ARGPARSE_WORDS["options"][1]
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            action.help = help_text(action.help, lang)
        shown = action.metavar or (action.dest.upper() if action.option_strings else action.dest)
        if isinstance(shown, str) and shown in METAVAR_ID and action.nargs != 0:
            action.metavar = METAVAR_ID[shown]
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = choice.help and help_text(choice.help, lang)
            for sub in dict.fromkeys(action.choices.values()):  # aliases share a parser
                localise_parser(sub, lang)


def _os_text(exc: OSError) -> str:
    """An OS error with the path it concerns (``exc.filename`` is not always in its text)."""
    name = getattr(exc, "filename", None)
    return f"{name}: {exc}" if name and str(name) not in str(exc) else str(exc)


def _os_problem(exc: OSError) -> Problem:
    """An OS error as a problem record: ``no-file``, ``not-permitted`` or ``file-error``,
    with the file it concerns as its source."""
    if isinstance(exc, FileNotFoundError):
        kind = "no-file"
    elif isinstance(exc, PermissionError):
        kind = "not-permitted"
    else:
        kind = "file-error"
    name = getattr(exc, "filename", None)
    return Problem(exc.strerror or str(exc), kind=kind, source=None if name is None else str(name))


def _stdout_closed() -> None:
    """Standard output was closed by its reader (``| head``): what is left to write, and
    Python's flush at exit, go to the null device, so that no traceback follows."""
    if sys.stdout is sys.__stdout__ and sys.stdout is not None:
        try:  # the descriptor itself: the buffered text the interpreter flushes last is dropped
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            return
        except (OSError, ValueError):
            pass  # no descriptor to point elsewhere: replace the stream, as below
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends


def _fail(args: argparse.Namespace, exc: BaseException, what: str, hint: str) -> None:
    """The error on standard error in the run's language (or one JSON object, in English, for programs)."""
    from matchmaker.reporting.labels import label
    from matchmaker.reporting.problems import error_text

    problems = getattr(exc, "problems", ())
    english = _os_text(exc) if isinstance(exc, OSError) else str(exc)
    if isinstance(exc, OSError) and not problems:  # --json names the file as for every other error
        problems = (_os_problem(exc),)
    if args.json:
        text = json.dumps(
            {
                "ok": False,
                "error": label(what, "en").format(kind=type(exc).__name__),
                "message": english,
                "problems": [p.to_dict() for p in problems],
            },
            ensure_ascii=False,
        )
        try:
            print(text, flush=True)
        except BrokenPipeError:  # `--json validate bad.csv | head`: the exit code still tells
            _stdout_closed()
        return
    lang = getattr(args, "ui_lang", "en")
    text = english if lang == "en" else error_text(exc, lang)
    head = f"{label('error', lang)}: {label(what, lang).format(kind=type(exc).__name__)}"
    print(f"{head}: {text}" if "\n" not in text else f"{head}:\n{text}", file=sys.stderr)
    print(f"{label('hint', lang)}: {label(hint, lang)}", file=sys.stderr)
