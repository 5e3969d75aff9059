"""The lines the command line prints after a run, in English or Bahasa Indonesia.

English keeps the wording of :meth:`Schedule.summary
<matchmaker.scheduling.Schedule.summary>` and :meth:`Evaluation.to_text
<matchmaker.reporting.evaluate.Evaluation.to_text>` (with proper plurals: "1 meeting").
Indonesian translates every line, writes numbers the Indonesian way, speaks of
*pemerataan* rather than Gini coefficients and names no solver (solver names belong to
the report's technical appendix); reasons and problems come from their records
(:mod:`matchmaker.reporting.problems`), not from the English messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from matchmaker.errors import Problem
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import (
    format_clock,
    format_count,
    format_number,
    format_percent,
    pukul,
    typed_clock,
)
from matchmaker.reporting.problems import alternatives, problem_text, reason_text

if TYPE_CHECKING:  # types only: the results import this module's wording at run time
    from matchmaker.assignment.matching import Unmatched
    from matchmaker.groups import GroupTimetable
    from matchmaker.live.event import EventStatus, Replan, Unattended, Undone
    from matchmaker.pipeline import MatchmakingResult
    from matchmaker.quotas import QuotaResult
    from matchmaker.reporting.evaluate import Evaluation
    from matchmaker.reporting.shortfalls import Shortfall
    from matchmaker.scheduling.plan import EventPlan
    from matchmaker.scheduling.schedule import Schedule

__all__ = [
    "change_text",
    "evaluation_text",
    "event_agenda_text",
    "event_checked_in_again_text",
    "event_log_text",
    "event_no_updates_text",
    "event_noshow_later_days_text",
    "event_ready_text",
    "event_recorded_text",
    "event_status_text",
    "event_undone_text",
    "event_updates_text",
    "group_quota_text",
    "group_summary_text",
    "group_valid_text",
    "matching_text",
    "plan_text",
    "replan_text",
    "run_text",
    "schedule_text",
    "shortfall_detail",
    "shortfall_reason",
    "shortfall_text",
    "undone_change_text",
    "unmatched_text",
    "usage_text",
]


#: The Indonesian words of ``EventPlan.describe`` (the English ones are ``scheduling.plan.PLAN_WORDS``).
_PLAN_WORDS_ID = {
    "line": "{days} ({zone}): {slots} sesi {minutes} menit + jeda {gap} menit mulai {start}, "
    "{breaks} istirahat, {where}",
    "hosted": "meja tetap per peserta sisi {hosts}",
    "tables": "{tables} meja",
    "unlimited": "meja tidak terbatas",
    "no_date": "tanpa tanggal",
    "time": "%H.%M",  # 09.00, as Indonesian writes a time
}


def plan_text(plan: EventPlan, lang: str = "en") -> str:
    """An event plan in one line: days, time zone, slots, lengths, breaks, tables."""
    if check_language(lang) == "en":
        return str(plan)
    text: str = plan.describe(_PLAN_WORDS_ID)
    return text


def schedule_text(schedule: Schedule, lang: str = "en") -> str:
    """What a timetable achieved: meetings placed, slots against the bound, gaps, method, unplaced.

    English keeps the wording of :meth:`Schedule.summary` (counts with their plural);
    Indonesian names no solver (the report's technical appendix does) and gives each
    unplaced meeting's reason in Indonesian.
    """
    lang = check_language(lang)
    noun = "meeting" if lang == "en" else "pertemuan"
    proof = label({True: "proof_true", False: "proof_false", None: "proof_none"}[schedule.optimal], lang)
    lines = [
        label("cli_placed", lang).format(
            placed=schedule.n_placed,
            total=format_count(len(schedule.pairs), noun, lang=lang),
            used=schedule.slots_used,
            slots=len(schedule.plan.slots),
            bound=schedule.slot_bound,
            most=schedule.placed_bound,
        ),
        label("cli_method", lang).format(
            method=schedule.method,
            backend=schedule.backend,
            proof=proof,
            gaps=format_count(schedule.gaps, "idle gap" if lang == "en" else "jeda kosong", lang=lang),
        ),
    ]
    if schedule.moved:
        lines.append(label("cli_moved", lang).format(n=format_count(len(schedule.moved), noun, lang=lang)))
    for u in schedule.unplaced[:10]:
        reason = f"{u.reason.message} [{u.reason.kind}]" if lang == "en" else problem_text(u.reason, lang)
        lines.append(label("cli_unplaced", lang).format(a=u.a, b=u.b, reason=reason))
    if len(schedule.unplaced) > 10:
        lines.append(label("cli_more_unplaced", lang).format(n=len(schedule.unplaced) - 10))
    return "\n".join(lines)


def evaluation_text(evaluation: Evaluation, lang: str = "en") -> str:
    """The figures of an :class:`~matchmaker.reporting.evaluate.Evaluation` for the console.

    English is :meth:`Evaluation.to_text`.  Indonesian speaks of *pemerataan* (100 % =
    everyone the same; one line says so) instead of Gini coefficients, and writes
    numbers the Indonesian way.
    """
    text = str(evaluation.to_text(lang))
    if check_language(lang) == "en":
        return text
    lines = text.splitlines()  # the meetings line, side A, side B, then wishes, slots...
    sides = [
        side.line("console_side", name, lang)
        for name, side in (("A", evaluation.side_a), ("B", evaluation.side_b))
    ]
    return "\n".join([lines[0], *sides, label("console_evenness_help", lang), *lines[3:]])


def shortfall_text(shortfall: Shortfall, lang: str = "en") -> str:
    """One participant with fewer meetings than asked, its reason and the reason's numbers.

    >>> from matchmaker.reporting.shortfalls import Shortfall
    >>> s = Shortfall(participant="SS-009", side="B", wanted=1, got=0, reason="no-plausible-partner",
    ...               detail="no partner scores at least 0.15 and shares a free slot")
    >>> shortfall_text(s)
    'SS-009: 0 of 1, no suitable partner: no partner scores at least 0.15 and shares a free slot'
    >>> shortfall_text(s, "id")  # doctest: +NORMALIZE_WHITESPACE
    'SS-009: 0 dari 1, tidak ada mitra yang cocok: tidak ada mitra dengan skor minimal 0,15 yang
    sama-sama punya sesi kosong'
    """
    return label("shortfall_line", lang).format(
        id=shortfall.participant,
        got=shortfall.got,
        wanted=shortfall.wanted,
        reason=shortfall_reason(shortfall, lang),
    )


def shortfall_reason(shortfall: Shortfall, lang: str = "en") -> str:
    """Why a participant gets fewer meetings than asked, as the report, the demo and the
    warnings give it: the reason, and its numbers (:func:`shortfall_detail`).

    >>> from matchmaker.reporting.shortfalls import Shortfall
    >>> s = Shortfall(participant="JT-001", side="A", wanted=1, got=0, reason="availability",
    ...               detail="available 13:00-16:00, the event runs 09:00-12:00 on 2025-11-12 to 2025-11-13")
    >>> print(shortfall_reason(s))  # doctest: +NORMALIZE_WHITESPACE
    free in no slot of the event: available 13:00-16:00, the event runs 09:00-12:00 on 2025-11-12
    to 2025-11-13
    >>> shortfall_reason(s, "id")  # doctest: +NORMALIZE_WHITESPACE
    'tidak ada waktu luang selama acara: luang 13.00-16.00, acara berlangsung 09.00-12.00 pada
    2025-11-12 s.d. 2025-11-13'
    """
    reason = label(f"shortfall_{shortfall.reason}", lang)
    detail = shortfall_detail(shortfall, lang)
    return f"{reason}: {detail}" if detail else reason


def shortfall_detail(shortfall: Shortfall, lang: str = "en") -> str | None:
    """The numbers of a shortfall's reason in ``lang``: its ``detail`` in English; in
    Indonesian the same facts (times written 09.00, numbers 0,15), or ``None`` for a detail
    this release does not know (a record written by another version: the reason alone).

    >>> from matchmaker.reporting.shortfalls import Shortfall
    >>> s = Shortfall(participant="SS-016", side="B", wanted=1, got=0, reason="all-partners-vetoed",
    ...               detail="2 of 3 plausible partners are ruled out by do_not_meet or a required "
    ...               "certification, leaving 1 for min_meetings 2")
    >>> shortfall_detail(s, "id")  # doctest: +NORMALIZE_WHITESPACE
    '2 dari 3 mitra yang cocok terhalang do_not_meet atau sertifikasi yang disyaratkan, tersisa 1
    untuk min_meetings 2'
    """
    if check_language(lang) == "en":
        return shortfall.detail
    for pattern, template in _SHORTFALL_DETAILS:
        found = re.fullmatch(pattern, shortfall.detail)
        if found is not None:
            values = {k: _id_value(k, v) for k, v in found.groupdict().items() if v is not None}
            text = template(values) if callable(template) else template.format(**values)
            return _SHORTFALL_TIME.sub(lambda m: m[0].replace(":", "."), text)
    return None


_SHORTFALL_TIME = re.compile(r"\b\d\d:\d\d\b")


def _id_value(key: str, value: str) -> str:
    """A value of an English shortfall detail as the Indonesian one writes it."""
    if key == "asked":  # "one meeting" or "min_meetings 2"
        return "satu pertemuan" if value == "one meeting" else value
    if key == "floor":  # "at least 0.15" or "above 0"
        number = value.split()[-1].replace(".", ",")
        return f"minimal {number}" if value.startswith("at least") else f"di atas {number}"
    if key == "windows":
        return "sepanjang acara" if value == "the whole event" else value
    if key == "number":
        return value.replace(".", ",")
    return value


def _span(values: Mapping[str, str]) -> str:
    """``acara berlangsung 09.00-12.00`` (pada … s.d. …), or that it has no slot."""
    if "start" not in values:
        return f"luang {values['windows']}, acara tidak memiliki sesi"
    on = f" pada {values['first']} s.d. {values['last']}" if "first" in values else ""
    return f"luang {values['windows']}, acara berlangsung {values['start']}-{values['end']}{on}"


def _arrives(values: Mapping[str, str]) -> str:
    """A walk-in too late for every slot the re-plans can book (the event day's)."""
    since = f" (penjadwalan ulang terakhir {pukul(values['last'])})" if "last" in values else ""
    return (
        f"datang {pukul(values['at'])}: penjadwalan ulang tidak memesan sesi yang dimulai sebelum "
        f"{pukul(values['soonest'])} (waktu tenggang){since}, dan tidak ada sesi sesudahnya yang dapat "
        "dihadirinya"
    )


#: The English reasons of an unplaced meeting (:func:`matchmaker.scheduling.constraints.unplaced_reasons`)
#: and their kinds, whose Indonesian the problem catalogue gives; ``no slot left`` is the
#: shortfall's own when the timetable gave none.
_UNPLACED: tuple[tuple[str, str], ...] = (
    (r"no slot in which both are available", "no-common-slot"),
    (r"(?P<ids>.+) (?:has|have) more meetings than available slots", "participant-overbooked"),
    (r"more meetings than slots × tables", "event-full"),
    (r"no free slot shared by both once the others were placed; .*", "crowded"),
    (r"the solver found no free slot shared by both; .*", "not-found"),
)


def _unplaced(why: str) -> str:
    """The reason a matched meeting was not timetabled, in Indonesian (the English when unknown).

    >>> _unplaced("SS-001 has more meetings than available slots")
    'SS-001: pertemuan melebihi sesi yang dapat dihadiri'
    >>> _unplaced("no slot left")
    'tidak ada sesi tersisa'
    """
    if why == "no slot left":
        return "tidak ada sesi tersisa"
    for pattern, kind in _UNPLACED:
        found = re.fullmatch(pattern, why)
        if found is not None:
            text = reason_text(Problem(why, kind=kind), "id")
            return f"{found['ids']}: {text}" if "ids" in found.groupdict() else text
    return why


_VETOED = "ruled out by do_not_meet or a required certification"
_VETOED_ID = "terhalang do_not_meet atau sertifikasi yang disyaratkan"
_TEMPLATE = str | Callable[[Mapping[str, str]], str]

#: The English details of :mod:`matchmaker.reporting.shortfalls` (and of the group path's
#: and the event day's shortfalls): pattern -> the Indonesian, the values carried over.
_SHORTFALL_DETAILS: tuple[tuple[str, _TEMPLATE], ...] = (
    (
        r"available (?P<windows>.+), the event (?:runs (?P<start>[\d:]+)-(?P<end>[\d:]+)"
        r"(?: on (?P<first>[\d-]+) to (?P<last>[\d-]+))?|has no slot)",
        _span,
    ),
    (
        r"free for (?P<n>\d+) slots of the event \((?P<windows>.+)\) but asks for (?P<asked>.+)",
        "luang untuk {n} sesi acara ({windows}), tetapi meminta {asked}",
    ),
    (
        rf"(?P<out>\d+) of (?P<all>\d+) plausible partners are {_VETOED}, "
        r"leaving (?P<left>\d+) for (?P<asked>.+)",
        f"{{out}} dari {{all}} mitra yang cocok {_VETOED_ID}, tersisa {{left}} untuk {{asked}}",
    ),
    (rf"all (?P<all>\d+) plausible partners are {_VETOED}", f"semua {{all}} mitra yang cocok {_VETOED_ID}"),
    (rf"its only plausible partner is {_VETOED}", f"satu-satunya mitra yang cocok {_VETOED_ID}"),
    (
        r"no partner scores (?P<floor>at least [\d.]+|above 0) and shares a free slot",
        "tidak ada mitra dengan skor {floor} yang sama-sama punya sesi kosong",
    ),
    (
        r"(?P<n>\d+) partners score (?P<floor>at least [\d.]+|above 0) and share a free slot, "
        r"fewer than (?P<asked>.+)",
        "{n} mitra dengan skor {floor} yang sama-sama punya sesi kosong, kurang dari {asked}",
    ),
    (
        r"(?P<n>\d+) of (?P<all>\d+) matched meetings could not be timetabled: (?P<why>.*)",
        lambda v: (
            f"{v['n']} dari {v['all']} pertemuan yang dipasangkan tidak mendapat sesi: {_unplaced(v['why'])}"
        ),
    ),
    (
        r"the shared pool of (?P<tables>\d+) tables holds (?P<pool>\d+) meetings, all of them used",
        "{tables} meja bersama menampung {pool} pertemuan, semuanya terpakai",
    ),
    (
        r"got (?P<got>\d+) of (?P<want>\d+): the meetings and slots of its possible partners went to "
        r"higher-scoring pairs",
        "mendapat {got} dari {want}: pertemuan dan sesi calon mitranya terpakai pasangan dengan skor "
        "lebih tinggi",
    ),
    # the group path's
    (
        r"meets online only, and everyone of (?P<others>.+) meets on site only; make it or them hybrid "
        r"\(mode hybrid / hibrida\)",
        "hanya bertemu daring, dan semua peserta {others} hanya luring; jadikan salah satunya hibrida "
        "(mode_pertemuan hibrida)",
    ),
    (
        r"no partner scores at least (?P<number>[\d.]+) with a free slot in common",
        "tidak ada mitra dengan skor minimal {number} yang sama-sama punya sesi kosong",
    ),
    (
        r"the allowed pairs of delegations name none with (?P<delegation>.+); add a pair with it "
        r"\(--allow, or allowed in the config\)",
        "tidak ada pasangan delegasi yang diizinkan bertemu dengan {delegation}; tambahkan pasangan "
        "dengannya (--allow, atau allowed di config)",
    ),
    (
        r"no (?P<n>\d+) consecutive slots in which all (?P<all>\d+) of (?P<host>\S+)'s group meeting "
        r"\(with (?P<members>.+)\) are free",
        "tidak ada {n} sesi berturut-turut saat {all} peserta pertemuan kelompok {host} (dengan "
        "{members}) sama-sama luang",
    ),
    (
        r"no table or representative was left in the (?P<n>\d+) consecutive slots in which all "
        r"(?P<all>\d+) of (?P<host>\S+)'s group meeting \(with (?P<members>.+)\) are free",
        "tidak ada meja atau perwakilan yang tersisa pada {n} sesi berturut-turut saat {all} peserta "
        "pertemuan kelompok {host} (dengan {members}) sama-sama luang",
    ),
    (r"(?P<n>\d+) of its meetings found no slot or table", "{n} pertemuannya tidak mendapat sesi atau meja"),
    (
        r"(?P<n>\d+) candidate partners?, whose time went to pairs of higher score",
        "{n} calon mitra, yang waktunya terpakai pasangan dengan skor lebih tinggi",
    ),
    # the event day's walk-in
    (
        r"arrives at (?P<at>[\d: -]+), after the last slot it is free for",
        lambda v: f"datang {pukul(v['at'])}, setelah sesi terakhir yang dapat dihadirinya",
    ),
    (
        r"arrives at (?P<at>[\d: -]+): the re-plans book no slot starting before (?P<soonest>[\d: -]+) "
        r"\(lead time\)(?: \(the last re-plan was at (?P<last>[\d: -]+)\))?, and it is free for none later",
        _arrives,
    ),
)


def unmatched_text(unmatched: Unmatched, lang: str = "en", shortfall: Shortfall | None = None) -> str:
    """A participant the matching left without a meeting, and why (``Matching.unmatched``).

    ``shortfall``: the participant's :class:`~matchmaker.reporting.shortfalls.Shortfall`, whose
    reason then stands instead of the matching's.  The matching sees the scores only, where a
    pair a rule rules out holds 0: of one whose only plausible partner is vetoed it says that
    no allowed partner reaches the minimum score; the shortfall analysis names the rule.

    >>> from matchmaker.assignment.matching import Unmatched
    >>> from matchmaker.reporting.shortfalls import Shortfall
    >>> u = Unmatched("SS-016", "B", "no allowed partner reaches min_score 0.15", "below-min-score")
    >>> s = Shortfall(participant="SS-016", side="B", wanted=1, got=0, reason="all-partners-vetoed",
    ...               detail="its only partner is vetoed")
    >>> unmatched_text(u)
    'SS-016 (side B): no allowed partner reaches min_score 0.15'
    >>> unmatched_text(u, "en", s)
    'SS-016 (side B): every suitable partner ruled out by a rule: its only partner is vetoed'
    >>> unmatched_text(u, "id", s)
    'SS-016 (sisi B): semua mitra yang cocok terhalang aturan'
    """
    lang = check_language(lang)
    if shortfall is not None:
        why = shortfall_reason(shortfall, lang)
    elif lang == "en":
        return str(unmatched)
    else:
        why = label(f"unmatched_{unmatched.kind}", lang)
    return f"{unmatched.id} ({label('side', lang)} {unmatched.side}): {why}"


def matching_text(result: MatchmakingResult, lang: str = "en") -> str:
    """The matching in one line, against the greedy baseline (Indonesian: no solver names)."""
    m, g = result.matching, result.baseline
    lang = check_language(lang)
    meetings = format_count(len(m.pairs), "meeting" if lang == "en" else "pertemuan", lang=lang)
    head = label("cli_matching", lang).format(
        meetings=meetings,
        method=m.method,
        backend=m.backend,
        objective=format_number(m.objective, lang, decimals=3),
    )
    if g is not None and g.objective:
        gain = 100 * (m.objective - g.objective) / g.objective
        head += label("cli_vs_greedy", lang).format(
            objective=format_number(g.objective, lang, decimals=3),
            gain=f"+{format_number(gain, lang, decimals=1)} %",
        )
    return head


def run_text(result: MatchmakingResult, lang: str = "en") -> str:
    """The matching line (against the greedy baseline), the rules a heuristic broke, the
    timetable and the evaluation, for a :class:`~matchmaker.pipeline.MatchmakingResult`.

    Examples
    --------
    >>> import matchmaker as mm
    >>> result = mm.run(mm.east_java_south_sumatra_2020())
    >>> print(run_text(result, "id").splitlines()[0])  # doctest: +ELLIPSIS
    pencocokan: 405 pertemuan, total skor 170,786; pencocokan sederhana ...,... (+...,... %)
    """
    lang = check_language(lang)
    broken = [
        label("cli_warning", lang).format(problem=problem_text(p, lang)) for p in result.matching.violations
    ]
    return "\n".join(
        [
            matching_text(result, lang),
            *broken,
            schedule_text(result.schedule, lang),
            evaluation_text(result.evaluation, lang),
        ]
    )


_USAGE_ERRORS = (
    (r"the following arguments are required: (.+)", "argumen berikut wajib diisi: {0}"),
    (r"unrecognized arguments: (.+)", "argumen tidak dikenal: {0}"),
    (
        r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)",
        "argumen {0}: pilihan tidak valid: {1} (pilih {2})",
    ),
    (r"argument (\S+): expected one argument", "argumen {0}: memerlukan satu nilai"),
    (
        r"argument (\S+): must be a whole number >= 1, got (.+)",
        "argumen {0}: harus bilangan bulat >= 1, bukan {1}",
    ),
    (  # event log --last, event undo --change
        r"argument (\S+): expected a whole number of at least 1, got (.+)",
        "argumen {0}: harus bilangan bulat >= 1, bukan {1}",
    ),
    (
        r"argument (\S+): must be a number from 0 to 1, got (.+)",
        "argumen {0}: harus angka dari 0 sampai 1, bukan {1}",
    ),
    (r"argument (\S+): invalid (\S+) value: (.+)", "argumen {0}: nilai tidak valid: {2}"),
    (r"argument (\S+): (.+)", "argumen {0}: {1}"),
)


def usage_text(usage: str, message: str, lang: str = "en") -> tuple[str, str]:
    """A usage error of the command line (argparse's usage line and message) in ``lang``.

    >>> usage_text("usage: matchmaker run FILE\\n", "the following arguments are required: --out", "id")
    ('cara pakai: matchmaker run FILE\\n', 'kesalahan: argumen berikut wajib diisi: --out')
    """
    if check_language(lang) == "en":
        return usage, f"error: {message}"
    for pattern, template in _USAGE_ERRORS:
        found = re.fullmatch(pattern, message)
        if found is not None:
            message = template.format(*found.groups())
            break
    usage = re.sub(r"^usage:", "cara pakai:", usage)
    return usage, f"{label('error', lang)}: {message}"


def event_ready_text(db: str, meetings: int, name: str, lang: str = "en") -> str:
    """``matchmaker event init``: the event file is ready.

    >>> event_ready_text("event.sqlite", 1, "Misi Dagang", "en")
    'event.sqlite: 1 meeting of Misi Dagang ready for the event day'
    >>> event_ready_text("event.sqlite", 405, "Misi Dagang", "id")
    'event.sqlite: 405 pertemuan dalam Misi Dagang siap untuk hari acara'
    """
    lang = check_language(lang)
    count = format_count(meetings, "meeting" if lang == "en" else "pertemuan", lang=lang)
    return label("event_ready", lang).format(db=db, meetings=count, name=name)


def event_checked_in_again_text(
    pid: str, at: dt.datetime | None, who: str, seq: int, undo: int, dated: bool, lang: str = "en"
) -> str:
    """``matchmaker event checkin`` of one checked in already that day: the first check-in (its
    time, who recorded it, its number) stands, and how to take back the one just recorded.

    >>> import datetime as dt
    >>> text = event_checked_in_again_text("JT-001", dt.datetime(2020, 12, 2, 8, 40), "desk1", 2, 4, False)
    >>> print(text.replace("; ", ";\\n"))
    note: JT-001 was checked in already at 08:40 by desk1 (change 2), which counts;
    `matchmaker event undo JT-001 --change 4` takes back this one
    """
    lang = check_language(lang)
    when = "" if at is None else " " + _moment(at, lang, dated)
    return label("event_checked_in_again", lang).format(id=pid, when=when, who=who, seq=seq, undo=undo)


def event_noshow_later_days_text(
    pid: str,
    meetings: int,
    days: Sequence[dt.date],
    undo: str,
    command: str,
    others: Sequence[str] = (),
    how: Literal["late", "away"] = "late",
    lang: str = "en",
) -> str:
    """``matchmaker event noshow`` on an event of several days, of one with ``meetings`` on
    later ``days``: the no-show takes them off too, and for one expected on a later day, the
    commands that record that instead (``undo``, then ``command``: a late arrival, ``how="late"``,
    whose other days' arrivals are ``others``; or, for one here on an earlier day, the day
    away, ``how="away"``).

    >>> import datetime as dt
    >>> text = event_noshow_later_days_text(
    ...     "JT-004", 3, [dt.date(2020, 12, 3)], "matchmaker event undo JT-004 --change 7",
    ...     "matchmaker event late JT-004 --until 2020-12-03T09:00")
    >>> print(text.replace("; ", ";\\n").replace(": ", ":\\n").replace(", then", ",\\nthen"))
    note:
    the no-show takes JT-004's 3 meetings on later days (2020-12-03) off the timetable too;
    if JT-004 is expected on a later day, take it back and record the late arrival instead:
    `matchmaker event undo JT-004 --change 7`,
    then `matchmaker event late JT-004 --until 2020-12-03T09:00` (the time they arrive)
    """
    lang = check_language(lang)
    count = format_count(meetings, "meeting" if lang == "en" else "pertemuan", lang=lang)
    more = label("event_noshow_other_days", lang).format(times=alternatives(others, lang)) if others else ""
    return (
        label(f"event_noshow_later_{how}", lang).format(
            id=pid, meetings=count, days=", ".join(d.isoformat() for d in days), undo=undo, command=command
        )
        + more
    )


def event_recorded_text(
    change: Mapping[str, object],
    zone: dt.tzinfo,
    dated: bool,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
) -> str:
    """``matchmaker event checkin`` and the other changes: what was recorded, in the words of
    ``event log``, and its number (the one ``event undo ID --change N`` takes).  Said back,
    a mistyped id or time shows at once (the walkthrough's SS-054 for SS-045).

    >>> c = {"seq": 151, "kind": "check_in", "subject": "SS-054", "payload": {},
    ...      "at": "2020-12-02T08:58:00+07:00"}
    >>> wib = dt.timezone(dt.timedelta(hours=7))
    >>> event_recorded_text(c, wib, False, names={"SS-054": "PT Utama"})
    "recorded: SS-054 PT Utama's check-in at 08:58 (change 151)"
    >>> event_recorded_text(c, wib, False, "id")
    'tercatat: pencatatan hadir SS-054 pukul 08.58 (perubahan 151)'
    """
    lang = check_language(lang)
    at = None if not change["at"] else dt.datetime.fromisoformat(str(change["at"])).astimezone(zone)
    payload = change["payload"] if isinstance(change["payload"], Mapping) else {}
    what = change_text(str(change["kind"]), str(change["subject"]), payload, at, lang, dated, names)
    return label("event_recorded", lang).format(what=what, seq=change["seq"])


def _moment(t: dt.datetime, lang: str, dated: bool) -> str:
    """ "at 09:10" / "pukul 09.10"; on an event of several days "at 2020-12-03 09:10" /
    "2020-12-03 pukul 09.10" (as the re-plan line: "pukul 2020-12-03 09.10" reads badly)."""
    if lang == "en":
        return f"at {format_clock(t, 'en', dated)}"
    return pukul(format_clock(t, "en", dated))


def change_text(
    kind: str,
    subject: str,
    payload: Mapping[str, object],
    at: dt.datetime | None,
    lang: str = "en",
    dated: bool = False,
    names: Mapping[str, str] | None = None,
) -> str:
    """One change of the event's log in words (``kind``, ``subject``, ``payload`` and ``at``
    as :meth:`~matchmaker.live.event.LiveEvent.changes` lists them; a taken-back one's kind is
    ``"undone:<kind>"``).  ``names``: participants' names by id, written after the id.

    >>> import datetime as dt
    >>> at = dt.datetime(2020, 12, 2, 11, 0)
    >>> late = {"until": "2020-12-02T11:00:00+07:00"}
    >>> change_text("late", "SS-002", late, None)
    "SS-002's late arrival at 11:00"
    >>> change_text("late", "SS-002", late, dt.datetime(2020, 12, 2, 8, 40), "id")  # announced at 08:40
    'catatan terlambat SS-002, datang pukul 11.00 (dikabarkan pukul 08.40)'
    >>> change_text("undone:check_in", "JT-004", {}, at, "id", names={"JT-004": "CV Wijaya"})
    'pencatatan hadir JT-004 CV Wijaya pukul 11.00 (diurungkan)'
    >>> cancel = {"a": "JT-004", "b": "SS-084", "start": "2020-12-02T10:30:00+07:00", "table": "12"}
    >>> change_text("cancel", "JT-004|SS-084", cancel, None)
    'cancel of the meeting of JT-004 and SS-084 at 10:30, table 12'
    """
    lang = check_language(lang)
    if kind.startswith("undone:"):
        what = change_text(kind.removeprefix("undone:"), subject, payload, at, lang, dated, names)
        return label("log_undone", lang).format(what=what)
    known = names or {}

    def who(pid: object) -> str:
        return f"{pid} {known[str(pid)]}" if str(pid) in known else str(pid)

    when = "" if at is None else " " + _moment(at, lang, dated)
    until = (
        ""
        if "until" not in payload
        else _moment(dt.datetime.fromisoformat(str(payload["until"])), lang, dated)
    )
    # a late arrival's or an absence's time is when it was announced (`--at`), said when given;
    # a file of before `late --at` holds the arrival there, which `until` says already
    told = (
        label("log_announced", lang).format(at=_moment(at, lang, dated))
        if at is not None
        and (
            kind == "unavailable"
            or (kind == "late" and at != dt.datetime.fromisoformat(str(payload["until"])))
        )
        else ""
    )
    # a cancel keeps its meeting's time and table (one of an older file: the pair only)
    meeting = (
        ""
        if "start" not in payload
        else f" {_moment(dt.datetime.fromisoformat(str(payload['start'])), lang, dated)}, "
        f"{label('agenda_table', lang)} {payload.get('table', '')}"
    )
    return label(f"log_{kind}", lang).format(
        id=who(subject),
        at=when,
        until=until,
        told=told,
        # in Indonesian 13.00-14.00, as its times are written
        window=str(payload.get("window", "")).replace(":", "." if lang == "id" else ":"),
        a=who(payload.get("a", "")),
        b=who(payload.get("b", "")),
        seq=payload.get("seq", ""),
        meetings=payload.get("meetings", ""),
        meeting=meeting,
    )


def undone_change_text(undone: Undone, lang: str = "en") -> str:
    """The change an ``undo`` took back, in words (:class:`~matchmaker.live.event.Undone`).

    >>> import datetime as dt
    >>> from matchmaker.live.event import Undone
    >>> at = dt.datetime(2020, 12, 3, 9, 10)
    >>> u = Undone(seq=3, kind="check_in", subject="JT-004", payload={}, at=at, replanned=None, dated=True)
    >>> undone_change_text(u), undone_change_text(u, "id")
    ("JT-004's check-in at 2020-12-03 09:10", 'pencatatan hadir JT-004 2020-12-03 pukul 09.10')
    """
    return change_text(undone.kind, undone.subject, undone.payload, undone.at, lang, undone.dated)


def event_log_text(
    changes: Sequence[Mapping[str, object]],
    zone: dt.tzinfo,
    dated: bool,
    lang: str = "en",
    names: Mapping[str, str] | None = None,
    *,
    about: str | None = None,
    unknown: Sequence[int] = (),
) -> str:
    """``matchmaker event log``: one line per change (as :meth:`~matchmaker.live.event.LiveEvent.changes`
    lists them): its number, what (``names``: the participants' names, after their ids), and
    who recorded it.  A re-plan's row may carry ``replan``, what it did (see
    :func:`_replan_done`).  ``about``: the participant of ``event log ID``, and ``unknown``
    the re-plans that kept no record of what they changed (said in a note).

    >>> import datetime as dt
    >>> rows = [{"seq": 2, "kind": "check_in", "subject": "JT-004", "payload": {},
    ...          "at": "2020-12-02T09:10:00+07:00", "who": "desk1"}]
    >>> print(event_log_text(rows, dt.timezone(dt.timedelta(hours=7)), False, names={"JT-004": "CV Wijaya"}))
       2  JT-004 CV Wijaya's check-in at 09:10  [desk1]
    """
    lang = check_language(lang)
    lines = []
    for c in changes:
        at = None if not c["at"] else dt.datetime.fromisoformat(str(c["at"])).astimezone(zone)
        payload = c["payload"] if isinstance(c["payload"], Mapping) else {}
        what = change_text(str(c["kind"]), str(c["subject"]), payload, at, lang, dated, names)
        done = c.get("replan")
        if c["kind"] == "replan" and isinstance(done, Mapping):
            what += ": " + _replan_done(payload, done, zone, dated, lang, names)
        lines.append(f"{c['seq']:>4}  {what}  [{c['who']}]")
    text = "\n".join(lines) or label("event_log_empty", lang)
    if unknown and about is not None:
        which = "one" if len(unknown) == 1 else "many"
        seqs = ", ".join(map(str, unknown))
        text += "\n" + label(f"log_replans_unknown_{which}", lang).format(seqs=seqs, id=about)
    return text


def _replan_done(
    payload: Mapping[str, object],
    done: Mapping[str, object],
    zone: dt.tzinfo,
    dated: bool,
    lang: str,
    names: Mapping[str, str] | None,
) -> str:
    """What a re-plan did, for ``event log``: with its ``meetings`` (of one participant, as
    ``event log ID`` gives them: ``change``, ``partner``, ``old_start``, ``old_table``,
    ``new_start``, ``new_table``, ``missed`` and ``reason``, worded in ``lang``) each meeting
    it changed and why, else the counts; then where its updates went (``updates``: the
    folders; none and ``kept``: none written; none and not ``kept``: not recorded)."""
    known = names or {}
    meetings = done.get("meetings")
    if isinstance(meetings, Sequence):
        parts = []
        for m in meetings:
            other = str(m["partner"])
            who = f"{other} {known[other]}" if other in known else other
            old = "" if m["old_start"] is None else format_clock(_local(m["old_start"], zone), lang, dated)
            new = "" if m["new_start"] is None else format_clock(_local(m["new_start"], zone), lang, dated)
            kind = "missed" if m["change"] == "moved" and m["missed"] else str(m["change"])
            if (
                lang == "id" and kind != "moved"
            ):  # "pukul 09.00", the date before it ("pindah a → b" has none)
                old, new = (pukul(t) if t else t for t in (old, new))
            why = m["reason"]
            parts.append(
                label(f"log_replan_{kind}", lang).format(
                    other=who, old=old, new=new, table=m["new_table"] or m["old_table"], why=why
                )
            )
        what = "; ".join(parts)
    else:
        what = label("log_replan_counts", lang).format(
            added=payload.get("added", 0),
            cancelled=payload.get("cancelled", 0),
            moved=payload.get("moved", 0),
        )
    folders = done.get("updates")
    if isinstance(folders, Sequence) and folders:
        return f"{what}; " + label("log_replan_updates", lang).format(folders=", ".join(map(str, folders)))
    if done.get("kept"):
        return f"{what}; " + label("log_replan_no_updates", lang)
    return what  # made before the updates were recorded: where they went is not known


def _local(iso: object, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.fromisoformat(str(iso)).astimezone(zone)


def event_agenda_text(
    pid: str,
    name: str,
    partners: Sequence[tuple[dt.datetime, str, str, str]],
    dated: bool,
    lang: str = "en",
    marks: Sequence[Unattended | None] | None = None,
    empty: str | None = None,
) -> str:
    """``matchmaker event agenda``: one participant's meetings on the timetable now, by time
    (``partners``: start, table, the partner's id and name).  ``marks``, one per meeting:
    why it cannot take place as booked (:class:`~matchmaker.live.event.Unattended`; None: it
    can), said after it and counted in the first line as ``event status`` counts them.

    >>> import datetime as dt
    >>> from matchmaker.live.event import Unattended
    >>> rows = [(dt.datetime(2020, 12, 2, 9, 25), "JT-004", "SS-084", "PT Tunas Komering")]
    >>> print(event_agenda_text("JT-004", "CV Wijaya", rows, False, "id"))
    JT-004 CV Wijaya: 1 pertemuan
      09.25  meja JT-004  SS-084 PT Tunas Komering
    >>> print(event_agenda_text("JT-004", "CV Wijaya", rows, False, "en", [Unattended("no-show", "SS-084")]))
    JT-004 CV Wijaya: 1 meeting (1 that cannot take place as booked)
      09:25  table JT-004  SS-084 PT Tunas Komering  (cannot take place: SS-084 did not show up)
    """
    lang = check_language(lang)
    noun = "meeting" if lang == "en" else "pertemuan"
    why = list(marks) if marks is not None else [None] * len(partners)
    unattended = sum(w is not None for w in why)
    count = label("event_unattended", lang).format(n=unattended) if unattended else ""
    lines = [f"{pid} {name}: {format_count(len(partners), noun, lang=lang)}{count}"]
    table = label("agenda_table", lang)
    for (start, where, other, other_name), mark in zip(partners, why, strict=True):
        line = f"  {format_clock(start, lang, dated)}  {table} {where}  {other} {other_name}"
        if mark is not None:
            line += "  " + label("agenda_unattended", lang).format(
                why=_unattended_text(mark, pid, other, lang)
            )
        lines.append(line)
    if not partners and empty is not None:  # why none, and what the desk can do
        lines.append("  " + label(f"agenda_empty_{empty}", lang).format(id=pid))
    return "\n".join(lines)


def _unattended_text(mark: Unattended, pid: str, other: str, lang: str) -> str:
    """Why a meeting of ``pid`` with ``other`` cannot take place as booked, in words."""
    # a cancel and a no-show as a re-plan words them (a cancel: the pair, in the agenda's order)
    if mark.reason == "cancelled":
        return label("change_pair-cancelled", lang).format(pid, other)
    if mark.reason == "no-show":
        return label("change_no-show", lang).format(mark.participant)
    return label(f"agenda_{mark.reason}", lang).format(id=mark.participant)


def event_undone_text(undone: Undone, changes: int, lang: str = "en") -> str:
    """``matchmaker event undo``: what was taken back, who had recorded it, and, when a
    re-plan came after it, what stays (:class:`~matchmaker.live.event.Undone`).

    >>> import datetime as dt
    >>> from matchmaker.live.event import Undone
    >>> at = dt.datetime(2020, 12, 2, 9, 10)
    >>> u = Undone(seq=3, kind="check_in", subject="JT-004", payload={}, at=at, who="desk1", replanned=None)
    >>> print(event_undone_text(u, 4))
    undone: JT-004's check-in at 09:10, recorded by desk1 (4 changes so far)
    >>> print(event_undone_text(u, 4, "id"))
    diurungkan: pencatatan hadir JT-004 pukul 09.10, dicatat oleh desk1 (4 perubahan sejauh ini)
    """
    lang = check_language(lang)
    noun = "change" if lang == "en" else "perubahan"
    text = label("event_undone", lang).format(
        what=undone_change_text(undone, lang), who=undone.who, changes=format_count(changes, noun, lang=lang)
    )
    if undone.replanned is not None:
        text += "\n" + label("event_undone_replanned", lang).format(
            time=_moment(undone.replanned, lang, undone.dated)
        )
        # only then: before any re-plan acted on the check-in, it changed no meeting of theirs
        # a one-day event's no-show needs no time (the mistaken check-in's would back-date it)
        at = f" --at {typed_clock(undone.at, True)}" if undone.dated and undone.at is not None else ""
        if undone.presence_unknown:
            command = f"matchmaker event noshow {undone.subject}{at}"
            text += "\n" + label("event_undone_presence", lang).format(id=undone.subject, command=command)
        elif undone.no_show_again:
            command = f"matchmaker event checkin {undone.subject}{at}"
            text += "\n" + label("event_undone_no_show_again", lang).format(
                id=undone.subject, command=command
            )
    return text


def event_no_updates_text(participants: int, lang: str = "en", command: str = "") -> str:
    """``matchmaker event replan`` without ``--out`` when the re-plan changed meetings: nobody
    is told yet, the next re-plan will not repeat the changes, and ``command`` writes them.

    >>> event_no_updates_text(3, "en", "matchmaker event updates 12 --out u")[-53:]
    'write them with `matchmaker event updates 12 --out u`'
    """
    lang = check_language(lang)
    n = format_count(participants, "participant" if lang == "en" else "peserta", lang=lang)
    return label("event_no_updates", lang).format(n=n, command=command)


def event_updates_of_text(
    seq: int, now: dt.datetime, dated: bool, participants: int, folder: str, lang: str = "en"
) -> str:
    """``matchmaker event updates``: whose re-plan's updates were written, and where.

    >>> import datetime as dt
    >>> event_updates_of_text(12, dt.datetime(2020, 12, 2, 9, 30), False, 5, "updates-0930", "id")
    'penjadwalan ulang 12 pukul 09.30: pemberitahuan untuk 5 peserta di updates-0930'
    """
    lang = check_language(lang)
    updates = event_updates_text(participants, folder, lang)
    return label("event_updates_of", lang).format(seq=seq, now=_moment(now, lang, dated), updates=updates)


def event_updates_later_text(seqs: Sequence[int], meetings: int, lang: str = "en") -> str:
    """``matchmaker event updates`` of a re-plan some of whose meetings later re-plans
    changed again: their updates supersede these.

    >>> print(event_updates_later_text([15, 18], 2))  # doctest: +NORMALIZE_WHITESPACE
    note: later re-plans (15, 18) changed 2 of these meetings again: their updates supersede these,
    send them too
    """
    lang = check_language(lang)
    return label("event_updates_later", lang).format(seqs=", ".join(map(str, seqs)), n=meetings)


def event_updates_text(participants: int, folder: str, lang: str = "en") -> str:
    """``matchmaker event replan --out``: where the updates for the affected participants are.

    >>> event_updates_text(2, "updates", "id")
    'pemberitahuan untuk 2 peserta di updates'
    """
    lang = check_language(lang)
    n = format_count(participants, "participant" if lang == "en" else "peserta", lang=lang)
    return label("event_updates", lang).format(n=n, folder=folder)


def replan_text(plan: Replan, lang: str = "en") -> str:
    """A re-plan in one line, in the desk's words (:class:`~matchmaker.live.event.Replan`): the
    score of the meetings to come, and whether it is the best possible or the best found; the
    solver and its proof are :meth:`Replan.summary`'s and ``event replan --json``'s.

    >>> import datetime as dt
    >>> from matchmaker.live.event import Replan
    >>> at = dt.datetime(2020, 12, 2, 9, 30)
    >>> plan = Replan(now=at, first_open=2, added=(), cancelled=(), moved=(), n_kept=380, value=61.25,
    ...               method="lex", optimal=False, candidates=0, seq=5,
    ...               build_schedule=tuple, build_kept=tuple)
    >>> print(replan_text(plan))  # doctest: +NORMALIZE_WHITESPACE
    re-plan at 09:30: 0 added, 0 cancelled, 0 moved (0 to make room, 0 re-booked), 380 kept;
    score of the meetings to come 61.250 (the best found; a better one may exist)
    """
    lang = check_language(lang)
    return label("event_replan", lang).format(
        now=_moment(plan.now, lang, plan.dated),
        added=len(plan.added),
        cancelled=len(plan.cancelled),
        moved=len(plan.moved),
        room=len(plan.made_room),
        rebooked=len(plan.rebooked),
        kept=format_number(plan.n_kept, lang, decimals=0),
        value=format_number(plan.value, lang, decimals=3),
        proof=label("event_replan_best" if plan.optimal else "event_replan_good", lang),
    )


def event_status_text(status: EventStatus, lang: str = "en") -> str:
    """``matchmaker event status`` (:class:`~matchmaker.live.event.EventStatus`) in two lines."""
    lang = check_language(lang)
    none = label("event_none", lang)
    slot: str = none
    if status.next_slot is not None and status.next_start is not None:
        slot = f"{status.next_slot + 1} ({format_clock(status.next_start, lang, status.dated)})"
    # of those here, who walked in and who is away next: parts of the count, not added to it
    walked = sum(p in status.walk_ins for p in status.present)
    parts = [label("event_walked_in", lang).format(n=walked)] if walked else []
    parts += [label("event_away", lang).format(n=len(status.away))] if status.away else []
    unattended = label("event_unattended", lang).format(n=len(status.unattended)) if status.unattended else ""
    text = label("event_status", lang).format(
        present=f"{len(status.present)}" + (f" ({', '.join(parts)})" if parts else ""),
        no_show=len(status.no_show),
        expected=len(status.expected),
        slot=slot,
        meetings=format_count(
            len(status.next_meetings), "meeting" if lang == "en" else "pertemuan", lang=lang
        )
        + unattended,
        tables=", ".join(status.free_tables) or none,
    )
    # once the desk checks people in: who has not come yet and meets someone in the next slot
    # (the desk calls them, or records a no-show or late arrival before the slot begins)
    expected = set(status.expected)
    waiting = sorted({p for m in status.next_meetings for p in (m.a, m.b) if p in expected})
    if status.present and waiting:
        more = f" (+{len(waiting) - 10})" if len(waiting) > 10 else ""
        text += "\n" + label("event_expected_next", lang).format(ids=", ".join(waiting[:10]) + more)
    if status.now is None and status.as_of is not None:  # no --now: say which time it is of
        text += "\n" + label("event_as_of", lang).format(time=format_clock(status.as_of, lang, status.dated))
    return text


def group_valid_text(
    file: str,
    counts: dict[str, int],
    allowed: int,
    features: tuple[str, ...],
    lang: str = "en",
) -> str:
    """``matchmaker validate`` on the group path: participants per delegation, allowed pairs,
    the features used (``counts``: participants per delegation).

    >>> print(group_valid_text("t.csv", {"Jatim": 2, "Bali": 1}, 1, ("online",), "en"))  # doctest: +ELLIPSIS
    t.csv: valid, 3 participants in 2 delegations (Jatim 2, Bali 1); 1 allowed pairs ...; uses online
    >>> print(group_valid_text("t.csv", {"Jatim": 2, "Bali": 1}, 1, ("online",), "id"))  # doctest: +ELLIPSIS
    t.csv: tidak ada masalah; 3 peserta dalam 2 delegasi (Jatim 2, Bali 1); 1 pasangan ... daring
    """
    lang = check_language(lang)
    en = lang == "en"
    text = label("group_valid", lang).format(
        file=file,
        participants=format_count(sum(counts.values()), "participant" if en else "peserta", lang=lang),
        delegations=format_count(len(counts), "delegation" if en else "delegasi", lang=lang),
        counts=", ".join(f"{name} {n}" for name, n in counts.items()),
        allowed=allowed,
    )
    if features:
        used = ", ".join(label(f"group_feature_{f}", lang) for f in features)
        text += label("group_uses", lang).format(features=used)
    return text


def group_summary_text(timetable: GroupTimetable, lang: str = "en") -> str:
    """What the group path achieved (:class:`~matchmaker.groups.GroupTimetable`): English is
    :meth:`GroupTimetable.summary`; Indonesian writes numbers the Indonesian way and names
    no solver."""
    if check_language(lang) == "en":
        return str(timetable.summary())
    tt, m = timetable, timetable.matching
    noun = "pertemuan"
    lower, upper = tt.bound
    lines = [
        label("group_placed", lang).format(
            placed=format_number(int((tt.slot >= 0).sum()), lang, decimals=0),
            total=format_count(len(tt.slot), noun, lang=lang),
            used=tt.n_slots_used,
            method=tt.method,
            lower=lower,
            upper=label("group_upper", lang).format(upper=upper) if upper >= 0 else "",
        ),
        label("group_score", lang).format(
            score=format_number(m.total_score, lang, decimals=3),
            method=m.method,
            proof=label("event_optimal" if m.optimal else "event_not_optimal", lang),
        ),
    ]
    if tt.panels:
        lines.append(
            label("group_panels", lang).format(
                done=int((tt.panel_slot >= 0).sum()),
                total=format_count(len(tt.panels), "pertemuan kelompok", lang=lang),
            )
        )
    for (a, b), count in m.by_group_pair().items():
        lines.append(f"  {a} × {b}: {format_count(count, noun, lang=lang)}")
    lines += ["  " + group_quota_text(q, lang) for q in m.quota_report()]
    return "\n".join(lines)


def group_quota_text(quota: QuotaResult, lang: str = "en") -> str:
    """How the meetings stand against one quota (:class:`~matchmaker.quotas.QuotaResult`):
    English is its ``str``; Indonesian words it and writes numbers the Indonesian way."""
    if check_language(lang) == "en":
        return str(quota)
    return label("group_quota", lang).format(
        label=quota.quota.label,
        value=quota.value,
        meetings=format_count(quota.meetings, "pertemuan", lang=lang),
        share=format_percent(quota.share, lang),
        met=label("quota_met" if quota.met else "quota_not_met", lang),
    )
