"""Why a pair was matched, in plain English or Bahasa Indonesia, from a score's explanation.

:meth:`Scores.explain <matchmaker.scoring.Scores.explain>` returns an
:class:`~matchmaker.scoring.Explanation`: the score's components, how each need line is
met (:class:`~matchmaker.scoring.fit.LineMatch`), the wishes and the hard rules.  Its
``summary`` is English and names codes (``sells 10130 for need 10130``).  Here the same
structure is worded for a person, in either language, with one name per commodity
(:func:`~matchmaker.reporting.commodities.commodity_name`): :func:`explanation_text`
for lists of pairs (the demo's best pairs), :func:`top_reason` for one line of an agenda.
:func:`change_reason` words why the event day's re-plan changed a meeting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matchmaker.reporting.commodities import commodity_name
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.numbers import format_number, pukul

if TYPE_CHECKING:  # types only: reporting imports neither scoring nor live when it runs
    from matchmaker.live.changes import Reason
    from matchmaker.scoring.fit import LineMatch
    from matchmaker.scoring.scores import Explanation

__all__ = ["best_match", "change_reason", "explanation_text", "top_reason"]


_TIME = re.compile(r"(\d{4}-\d{2}-\d{2} )?\d\d:\d\d(\s*-\s*\d\d:\d\d)?")  # a window may name its day


def change_reason(why: Sequence[Reason], lang: str = "en") -> str:
    """Why a re-plan changed a meeting (:attr:`MeetingChange.why
    <matchmaker.live.event.MeetingChange>`), its parts joined by "; "; Indonesian writes
    times as 11.00.

    >>> from matchmaker.live.changes import Reason
    >>> late = Reason("late", ("SS-002", "11:00"))
    >>> change_reason([Reason("replaces", ("JT-038", "SS-002"), late), Reason("walked-in", ("W-1",))])
    "replaces JT-038's meeting with SS-002 (SS-002 arrives at 11:00); W-1 walked in"
    >>> change_reason([Reason("moved-to-attend", cause=late)], "id")
    'SS-002 baru datang pukul 11.00; dipindah ke sesi yang dapat dihadiri keduanya'
    >>> change_reason([Reason("late", ("X-10:30", "11:00"))], "id")  # an id keeps its colon
    'X-10:30 baru datang pukul 11.00'
    >>> change_reason([Reason("away", ("SS-002", "2020-12-03 13:00-14:00"))], "id")  # an event of days
    'SS-002 berhalangan 2020-12-03 pukul 13.00-14.00'
    >>> change_reason([Reason("late", ("SS-002", "2020-12-03 10:05"))], "id")
    'SS-002 baru datang 2020-12-03 pukul 10.05'
    """
    check_language(lang)
    parts = []
    for part in why:
        # only a value that is a time or a window of times is rewritten, never an id
        values = [pukul(v) if lang == "id" and _TIME.fullmatch(v) else v for v in part.values]
        cause = "" if part.cause is None else change_reason([part.cause], lang)
        parts.append(label(f"change_{part.code}", lang).format(*values, cause=cause))
    return "; ".join(parts)


def best_match(explanation: Explanation) -> LineMatch | None:
    """The need line met best (weight × fit), if any is met at all; else ``None``."""
    best = max(explanation.matches, key=lambda m: m.weight * m.fit, default=None)
    return best if best is not None and best.fit > 0 and best.offers else None


def _component(name: str, lang: str) -> str:
    """A score component's name in ``lang`` (custom components keep their own name)."""
    try:
        return label(f"component_{name}", lang)
    except KeyError:
        return name


def explanation_text(explanation: Explanation, lang: str = "en") -> str:
    """A pair's score in one line: total, the parts, who sells what to whom, wishes, rules.

    Examples
    --------
    >>> import matchmaker as mm
    >>> scores = mm.score(mm.east_java_south_sumatra_2020())
    >>> print(explanation_text(scores.explain("JT-018", "SS-054"), "id"))  # doctest: +NORMALIZE_WHITESPACE
    JT-018 × SS-054 0,649 = kecocokan produk 0,409 + skala usaha 0,109 + keinginan 0,100
      + potensi daerah 0,031 | JT-018 menawarkan Beras, SS-054 membutuhkan Beras; satu pihak ingin bertemu
    """
    lang = check_language(lang)
    e = explanation

    def num(x: float) -> str:
        return format_number(x, lang, decimals=3)

    shown = sorted((c for c in e.components if c.contribution > 0), key=lambda c: -c.contribution)
    parts = " + ".join(f"{_component(c.name, lang)} {num(c.contribution)}" for c in shown) or "0"
    if e.adjustment:
        sign = "+" if e.adjustment > 0 else "−"
        parts += f" {sign} {num(abs(e.adjustment))} ({label('why_met_before', lang)})"
    reasons = []
    best = best_match(e)
    if best is not None:
        seller, buyer = (e.a_id, e.b_id) if best.direction == "A→B" else (e.b_id, e.a_id)
        reasons.append(
            label("why_sells", lang).format(
                seller=seller,
                offer=commodity_name(best.offers[0], lang),
                buyer=buyer,
                need=commodity_name(best.need, lang),
            )
        )
    wish = next((c for c in e.components if c.name == "wishes" and c.raw > 0), None)
    if wish is not None:
        reasons.append(label("why_both_wish" if wish.raw >= 1 else "why_one_wish", lang))
    if e.forced:
        reasons.append(label("why_forced", lang))
    if e.forbidden:
        reasons.append(label("why_forbidden", lang))
    head = f"{e.a_id} × {e.b_id} {num(e.total)} = {parts}"
    return f"{head} | {'; '.join(reasons)}" if reasons else head


def top_reason(explanation: Explanation, me: str, asked: bool, lang: str = "en") -> str:
    """The one reason an agenda line gives, from participant ``me``'s point of view.

    The best-met need (who sells what), else a meeting the organiser set, else a wish
    (``asked``: whether ``me`` asked for it, for a one-sided wish), else the largest
    other part of the score.
    """
    lang = check_language(lang)
    e = explanation
    best = best_match(e)
    if best is not None:
        seller = e.a_id if best.direction == "A→B" else e.b_id
        what = commodity_name(best.need, lang)
        return label("why_you_offer" if seller == me else "why_they_offer", lang).format(what=what)
    if e.forced:
        return label("why_forced", lang)
    wish = next((c for c in e.components if c.name == "wishes" and c.raw > 0), None)
    if wish is not None:
        if wish.raw >= 1:
            return label("why_both_wish", lang)
        return label("why_you_wish" if asked else "why_they_wish", lang)
    top = max(e.components, key=lambda c: c.contribution, default=None)
    key = {"regional": "why_regional", "scale": "why_scale"}.get(top.name if top else "", "why_other")
    return label(key, lang)
