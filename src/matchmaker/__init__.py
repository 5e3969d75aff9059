"""matchmaker: pair buyers and sellers at trade missions, then timetable their meetings.

The pipeline, one public function per step::

    mission  = matchmaker.load_mission("participants.csv")        # or east_java_south_sumatra_2020()
    scores   = matchmaker.score(mission)                            # every A×B pair, explainable
    # (matchmaker.score(mission, top_k=50): each one's best candidates, for large missions)
    matching = matchmaker.match(scores, max_meetings=(8, 4))        # who meets whom
    timetable = matchmaker.schedule(matching, matchmaker.EventPlan(start="09:00", end="16:00"))
    matchmaker.export_all(matchmaker.run(mission), "out/")          # or all of it at once

Axis convention, everywhere: rows are side A of the mission (e.g. the visiting
delegation), columns are side B, each in input order.
"""

from matchmaker.assignment import Capacities, Matching, MatchingProblem, blocking_pairs, diagnose, match
from matchmaker.assignment import validate as validate_matching
from matchmaker.datasets import east_java_south_sumatra_2020, synthetic_mission
from matchmaker.errors import (
    DataFileError,
    InfeasibleError,
    MatchmakerError,
    MissingDependencyError,
    Problem,
    SolverError,
    ValidationError,
)
from matchmaker.export import export_all
from matchmaker.io import load_mission, read_participants, save_mission, write_participants
from matchmaker.live import LiveEvent, open_event
from matchmaker.model import Delegation, Mission, Participant, TimeWindow, TradeLine
from matchmaker.pipeline import MatchmakingResult, default_plan, run
from matchmaker.reporting import overview
from matchmaker.reporting.evaluate import Evaluation, compare_methods, evaluate
from matchmaker.reporting.numbers import format_rupiah, parse_rupiah
from matchmaker.reporting.outcomes import read_outcomes, summarise_outcomes
from matchmaker.scheduling import EventPlan, Schedule, schedule, size_event
from matchmaker.scheduling import validate as validate_schedule
from matchmaker.scoring import (
    CustomComponent,
    Explanation,
    FitParams,
    Scores,
    SparseScores,
    Weights,
    score,
    score_sparse,
)

__version__ = "0.1.0"

__all__ = [
    "Capacities",
    "CustomComponent",
    "DataFileError",
    "Delegation",
    "Evaluation",
    "EventPlan",
    "Explanation",
    "FitParams",
    "InfeasibleError",
    "LiveEvent",
    "Matching",
    "MatchingProblem",
    "MatchmakerError",
    "MatchmakingResult",
    "MissingDependencyError",
    "Mission",
    "Participant",
    "Problem",
    "Schedule",
    "Scores",
    "SolverError",
    "SparseScores",
    "TimeWindow",
    "TradeLine",
    "ValidationError",
    "Weights",
    "__version__",
    "blocking_pairs",
    "compare_methods",
    "default_plan",
    "diagnose",
    "east_java_south_sumatra_2020",
    "evaluate",
    "export_all",
    "format_rupiah",
    "load_mission",
    "match",
    "open_event",
    "overview",
    "parse_rupiah",
    "read_outcomes",
    "read_participants",
    "run",
    "save_mission",
    "schedule",
    "score",
    "score_sparse",
    "size_event",
    "summarise_outcomes",
    "synthetic_mission",
    "validate_matching",
    "validate_schedule",
    "write_participants",
]
