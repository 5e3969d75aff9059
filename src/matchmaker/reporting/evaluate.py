"""How good is a matching or a schedule: coverage, fairness, wishes, stability, slots, value.

:func:`evaluate` measures one result; :func:`compare_methods` runs several matching
methods on the same scores and bounds and puts their figures side by side.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, Union

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matchmaker.errors import JSONValue
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Mission, Roster
from matchmaker.reporting.labels import check_language, label
from matchmaker.reporting.metrics import gini
from matchmaker.reporting.numbers import format_number, format_percent, format_rupiah

if TYPE_CHECKING:
    from typing_extensions import Unpack  # typing.Unpack from Python 3.11; only the checker reads it

    from matchmaker.assignment.inputs import MatchRequest
    from matchmaker.assignment.matching import Matching
    from matchmaker.scheduling.schedule import Schedule
    from matchmaker.scoring.scores import Scores
    from matchmaker.scoring.sparse import SparseScores

#: An A×B table of pair scores (rows side A): an array, or a sparse matrix of the candidate pairs.
ScoreTable: TypeAlias = NDArray[np.floating[Any]] | sp.sparray | sp.spmatrix
#: Pair scores: scores from :func:`matchmaker.score` (dense or sparse), or their ``total``.
PairScores: TypeAlias = Union["Scores", "SparseScores", ScoreTable]

__all__ = [
    "Evaluation",
    "MethodComparison",
    "MethodRow",
    "SideStats",
    "compare_methods",
    "declared_potential",
    "evaluate",
    "pair_values",
]


@dataclass(frozen=True)
class SideStats:
    """Meetings and scores of one side's participants."""

    participants: int
    with_meetings: int
    coverage: float
    min_meetings: int
    median_meetings: float
    max_meetings: int
    gini_meetings: float
    gini_score: float

    def line(self, key: str, name: str, lang: str) -> str:
        """This side's figures worded by the label ``key`` (side ``name``, ``"A"`` or ``"B"``):
        the one place both the evaluation's text (Gini) and the Indonesian console
        (evenness, 1 − Gini) take their numbers from."""

        def num(x: float, decimals: int) -> str:
            return format_number(x, lang, decimals=decimals)

        return label(key, lang).format(
            side=f"{label('side', lang)} {name}",
            with_=self.with_meetings,
            n=self.participants,
            cov=format_percent(self.coverage, lang, decimals=0),
            lo=self.min_meetings,
            med=num(self.median_meetings, 1 if self.median_meetings % 1 else 0),
            hi=self.max_meetings,
            gm=num(self.gini_meetings, 2),
            gs=num(self.gini_score, 2),
            even=format_percent(1 - self.gini_meetings, lang, decimals=0),
            even_score=format_percent(1 - self.gini_score, lang, decimals=0),
        )


@dataclass(frozen=True)
class Evaluation:
    """Figures of one matching or schedule (``None`` where the input cannot tell).

    Attributes
    ----------
    meetings : int
        Meetings held (placed ones, for a schedule).
    total_score, mean_score : float or None
        Sum and mean of the meetings' scores.
    side_a, side_b : SideStats
        Coverage (share with at least one meeting), meetings per participant, and the
        Gini coefficients of meetings and of total score per participant.
    must_meet, would_like : (int, int)
        Wished-for pairs honoured, out of those wished (a pair wished by both counts once).
    blocking_pairs : int or None
        Pairs who would both rather meet each other (a matching's instability).
    slots_used, slot_bound : int or None
        Slots a schedule uses, and the fewest any timetable of its meetings needs.
    unplaced : int or None
        Meetings a schedule could not place.
    idle_gaps, max_gaps : int or None
        Idle gaps over all agendas, and in the worst one.
    declared_potential_idr : float or None
        Value the participants declared that their meetings could trade (see
        :func:`declared_potential`).
    """

    meetings: int
    total_score: float | None
    mean_score: float | None
    side_a: SideStats
    side_b: SideStats
    must_meet: tuple[int, int]
    would_like: tuple[int, int]
    blocking_pairs: int | None
    slots_used: int | None
    slot_bound: int | None
    unplaced: int | None
    idle_gaps: int | None
    max_gaps: int | None
    declared_potential_idr: float | None

    def to_dict(self) -> dict[str, JSONValue]:
        """A JSON-ready dict."""
        return asdict(self)

    def to_text(self, lang: str = "en") -> str:
        """The figures as a few lines of text, in English (``"en"``) or Bahasa Indonesia (``"id"``)."""
        check_language(lang)

        def num(x: float, decimals: int) -> str:
            return format_number(x, lang, decimals=decimals)

        one = self.meetings == 1 and lang == "en"  # "1 meeting", not "1 meetings"
        lines = [label("eval_meeting_one" if one else "eval_meetings", lang).format(n=self.meetings)]
        if self.total_score is not None and self.mean_score is not None:
            lines[0] += label("eval_score", lang).format(
                total=num(self.total_score, 2), mean=num(self.mean_score, 3)
            )
        for name, s in (("A", self.side_a), ("B", self.side_b)):
            lines.append(s.line("eval_side", name, lang))
        wishes = {
            "mm": f"{self.must_meet[0]}/{self.must_meet[1]}",
            "wl": f"{self.would_like[0]}/{self.would_like[1]}",
        }
        lines.append(label("eval_wishes", lang).format(**wishes))
        if self.blocking_pairs is not None:
            lines.append(label("eval_blocking", lang).format(n=self.blocking_pairs))
        if self.slots_used is not None:
            lines.append(
                label("eval_slots", lang).format(
                    used=self.slots_used,
                    bound=self.slot_bound,
                    unplaced=self.unplaced,
                    gaps=self.idle_gaps,
                    worst=self.max_gaps,
                )
            )
        if self.declared_potential_idr is not None:
            lines.append(
                label("eval_potential", lang).format(value=format_rupiah(self.declared_potential_idr, lang))
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text("en")


def pair_values(
    total: ScoreTable, rows: NDArray[np.integer[Any]], cols: NDArray[np.integer[Any]]
) -> NDArray[np.float64]:
    """Scores of the pairs ``(rows[k], cols[k])`` from a dense array or a sparse matrix (rows side A).

    >>> import scipy.sparse as sp
    >>> pair_values(sp.csr_array([[0.0, 0.5], [0.25, 0.0]]), np.array([0, 1]), np.array([1, 0])).tolist()
    [0.5, 0.25]
    """
    values: NDArray[np.float64]
    if np.size(rows) == 0:  # scipy returns an empty sparse array, not a vector, for no pairs
        values = np.zeros(0)
    elif sp.issparse(total):
        values = np.asarray(total[rows, cols], dtype=np.float64).ravel()
    else:
        values = np.asarray(total, dtype=np.float64)[rows, cols]
    return values


def _side_stats(counts: NDArray[Any], totals: NDArray[Any]) -> SideStats:
    n = counts.size
    return SideStats(
        participants=n,
        with_meetings=int((counts > 0).sum()),
        coverage=float((counts > 0).mean()) if n else 0.0,
        min_meetings=int(counts.min()) if n else 0,
        median_meetings=float(np.median(counts)) if n else 0.0,
        max_meetings=int(counts.max(initial=0)),
        gini_meetings=gini(counts),
        gini_score=gini(totals),
    )


def _wishes(mission: Mission, held: set[tuple[str, str]], field: str) -> tuple[int, int]:
    wished: set[tuple[str, str]] = set()
    for p in mission.participants:
        side = mission.locate(p.id)[0]
        for other in getattr(p, field):
            wished.add((p.id, other) if side == "A" else (other, p.id))
    return len(wished & held), len(wished)


@functools.cache
def _related(offer: TradeLine, need: TradeLine) -> bool:
    from matchmaker.scoring.fit import coverage, need_fit
    from matchmaker.scoring.weights import FitParams

    params = FitParams()
    return need_fit(coverage([offer], params), need, params) > 0


def declared_potential(mission: Roster, pairs: Iterable[tuple[str, str]]) -> float:
    """Value (IDR) the participants declared that these meetings could trade.

    ``mission`` is a :class:`Mission` or a :class:`~matchmaker.model.groups.GroupMission`
    (``matchmaker outcomes --result`` of a group path's run): only its participants are read.

    For every need line with a stated value, the buyer can get at most that value,
    and at most what the sellers it meets declared in related lines (lines whose
    codes fit, in the sense of the scoring's hierarchical fit; a related offer with
    no stated value does not limit it).  Summed over buyers, both directions of trade:
    an upper estimate of the deals the meetings can produce, to compare with the
    outcome form.

    Examples
    --------
    >>> from matchmaker.model import Delegation, Participant
    >>> a = Participant("A", "PT A", "X", "Jatim", offers="10722=300")
    >>> b = Participant("B", "PT B", "Y", "Sumsel", needs="107=500; 05100=900")
    >>> m = Mission("m", Delegation("X"), Delegation("Y"), [a, b])
    >>> declared_potential(m, [("A", "B")])
    300.0
    """
    partners: dict[str, list[str]] = {}
    for a, b in pairs:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    total = 0.0
    for buyer_id, met in partners.items():
        for need in mission[buyer_id].needs:
            if need.value_idr is None:
                continue
            supply = 0.0
            for seller_id in met:
                for offer in mission[seller_id].offers:
                    if _related(offer, need):
                        supply += np.inf if offer.value_idr is None else offer.value_idr
            total += min(need.value_idr, supply)
    return float(total)


def evaluate(
    result: Matching | Schedule,
    scores: PairScores | None = None,
    *,
    mission: Mission | None = None,
    stability: bool = True,
) -> Evaluation:
    """Measure a matching or a schedule.

    Parameters
    ----------
    result : Matching or Schedule
        From :func:`matchmaker.match` or :func:`matchmaker.schedule` (for a schedule,
        only placed meetings count).
    scores : Scores or array, optional
        The pair scores (rows side A, columns side B); a matching carries its own.
    mission : Mission, optional
        For wishes and declared values (default: the result's mission).
    stability : bool
        Count blocking pairs (a matching only; needs its constraints).

    Examples
    --------
    >>> from matchmaker.pipeline import run
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> e = run(east_java_south_sumatra_2020()).evaluation
    >>> e.side_b.coverage > 0.95, e.unplaced  # a few have no partner above the relevance floor
    (True, 0)
    """
    from matchmaker.scheduling.schedule import Schedule  # reporting reads results: import when needed

    mission = mission or result.mission
    a_ids, b_ids = result.row_ids, result.col_ids
    pairs = np.asarray(result.pairs, dtype=np.intp).reshape(-1, 2)
    timetable, matching = (result, None) if isinstance(result, Schedule) else (None, result)
    if timetable is not None:  # a schedule counts its placed meetings only
        pairs = pairs[np.asarray(timetable.slot) >= 0]
    rows, cols = pairs[:, 0], pairs[:, 1]
    total = getattr(scores, "total", scores)
    pair_scores: NDArray[np.float64] | None = None
    if total is not None:
        pair_scores = pair_values(total, rows, cols)
    elif matching is not None:
        pair_scores = np.asarray(matching.scores, dtype=np.float64)
    weights = np.zeros(rows.size) if pair_scores is None else pair_scores
    counts_a = np.bincount(rows, minlength=len(a_ids))
    counts_b = np.bincount(cols, minlength=len(b_ids))
    totals_a = np.bincount(rows, weights=weights, minlength=len(a_ids))
    totals_b = np.bincount(cols, weights=weights, minlength=len(b_ids))
    held: set[tuple[str, str]] = set()  # by id: only wishes and declared values need it
    if mission:
        held = {(a_ids[i], b_ids[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)}
    blocking = None
    if stability and matching is not None and matching.problem is not None:
        from matchmaker.assignment import blocking_pairs

        blocking = len(blocking_pairs(matching, scores))
    return Evaluation(
        meetings=int(rows.size),
        total_score=None if pair_scores is None else float(pair_scores.sum()),
        mean_score=None if pair_scores is None or not rows.size else float(pair_scores.mean()),
        side_a=_side_stats(counts_a, totals_a),
        side_b=_side_stats(counts_b, totals_b),
        must_meet=_wishes(mission, held, "must_meet") if mission else (0, 0),
        would_like=_wishes(mission, held, "would_like") if mission else (0, 0),
        blocking_pairs=blocking,
        slots_used=None if timetable is None else timetable.slots_used,
        slot_bound=None if timetable is None else timetable.slot_bound,
        unplaced=None if timetable is None else len(timetable.reasons),
        idle_gaps=None if timetable is None else timetable.gaps,
        max_gaps=None if timetable is None else timetable.max_gaps,
        declared_potential_idr=declared_potential(mission, held) if mission else None,
    )


class MethodRow(TypedDict):
    """One method's row of a :class:`MethodComparison`."""

    method: str
    backend: str
    meetings: int
    objective: float
    gap: float  # to the best objective, as a share of it
    coverage_a: float
    coverage_b: float
    gini_b: float
    blocking_pairs: int | None
    milliseconds: float


@dataclass(frozen=True)
class MethodComparison:
    """Matching methods side by side on the same scores and bounds."""

    rows: tuple[MethodRow, ...]

    def __str__(self) -> str:
        head = (
            f"{'method':<16} {'backend':<30} {'meetings':>8} {'objective':>9} {'gap':>7} {'cover A':>7} "
            f"{'cover B':>7} {'Gini B':>6} {'blocking':>8} {'ms':>7}"
        )
        lines = [head]
        for r in self.rows:
            lines.append(
                f"{r['method']:<16} {r['backend'][:30]:<30} {r['meetings']:>8} {r['objective']:>9.3f} "
                f"{r['gap']:>6.1%} {r['coverage_a']:>7.0%} {r['coverage_b']:>7.0%} {r['gini_b']:>6.2f} "
                f"{r['blocking_pairs']:>8} {r['milliseconds']:>7.1f}"
            )
        return "\n".join(lines)


def compare_methods(
    scores: PairScores,
    methods: Sequence[str] = ("flow", "hungarian", "stable", "greedy"),
    **bounds: Unpack[MatchRequest],
) -> MethodComparison:
    """Run each method with the same scores and bounds; the gap is to the best objective.

    ``hungarian`` is one-to-one: where the bounds allow more, it runs with at most one
    meeting each and no floors (its row says so).  ``bounds`` are :func:`matchmaker.match` keywords
    (``max_meetings``, ``min_meetings``, ``capacities``...).

    Examples
    --------
    >>> import numpy as np
    >>> table = compare_methods(np.array([[0.9, 0.8], [0.85, 0.1]]), ("hungarian", "greedy"))
    >>> [(r["method"], round(r["objective"], 2), r["blocking_pairs"]) for r in table.rows]
    [('hungarian', 1.65, 1), ('greedy', 1.0, 0)]
    """
    from matchmaker.assignment import match
    from matchmaker.assignment.inputs import MatchRequest, check_keywords

    check_keywords("compare_methods", bounds, MatchRequest.__annotations__)
    found = []
    for method in methods:
        kwargs = bounds.copy()
        label = method
        if method == "hungarian" and not _one_to_one(kwargs):
            from matchmaker.assignment import Capacities

            kwargs.pop("max_meetings", None)
            kwargs.pop("min_meetings", None)
            n_a, n_b = np.shape(getattr(scores, "total", scores))
            zero_a, zero_b = np.zeros(n_a, np.int64), np.zeros(n_b, np.int64)
            kwargs["capacities"] = Capacities(
                zero_a, zero_a + 1, zero_b, zero_b + 1
            )  # not the mission's floors
            label = "hungarian (1:1)"
        start = time.perf_counter()
        result = match(scores, method, **kwargs)
        elapsed = time.perf_counter() - start
        found.append((label, result, elapsed))
    best = max((r.objective for _, r, _ in found), default=0.0)
    rows: list[MethodRow] = []
    for label, result, elapsed in found:
        e = evaluate(result, scores)
        rows.append(
            {
                "method": label,
                "backend": result.backend,
                "meetings": e.meetings,
                "objective": result.objective,
                "gap": (best - result.objective) / best if best else 0.0,
                "coverage_a": e.side_a.coverage,
                "coverage_b": e.side_b.coverage,
                "gini_b": e.side_b.gini_meetings,
                "blocking_pairs": e.blocking_pairs,
                "milliseconds": 1000 * elapsed,
            }
        )
    return MethodComparison(tuple(rows))


def _one_to_one(bounds: MatchRequest) -> bool:
    caps = bounds.get("capacities")
    if caps is not None:
        return bool(caps.one_to_one)
    return all(bounds.get(k) in (None, 0, 1) for k in ("max_meetings",)) and not bounds.get("min_meetings")
