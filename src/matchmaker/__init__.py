"""matchmaker: pair buyers and sellers at trade missions, then timetable their meetings.

Axis convention, everywhere: rows are side A of the mission (e.g. the visiting
delegation), columns are side B.
"""

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
from matchmaker.io import load_mission, read_participants, save_mission, write_participants
from matchmaker.model import Delegation, Mission, Participant, TimeWindow, TradeLine
from matchmaker.reporting import overview

__version__ = "0.1.0"

__all__ = [
    "DataFileError",
    "Delegation",
    "InfeasibleError",
    "MatchmakerError",
    "MissingDependencyError",
    "Mission",
    "Participant",
    "Problem",
    "SolverError",
    "TimeWindow",
    "TradeLine",
    "ValidationError",
    "__version__",
    "east_java_south_sumatra_2020",
    "load_mission",
    "overview",
    "read_participants",
    "save_mission",
    "synthetic_mission",
    "write_participants",
]
