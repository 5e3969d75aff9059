"""Choosing who meets whom: ``match(scores) -> Matching``.

Rows are side A of the mission, columns side B, everywhere.  Methods (see
``docs/matching.md``): ``hungarian`` (one-to-one, exact), ``flow`` (min and max meetings
per participant, exact), ``stable`` (deferred acceptance with capacities), ``greedy``
(the baseline), ``milp`` (integer program: total or ``objective="maximin"``);
``method="auto"`` picks and the result records what ran.  Infeasible requests raise
:class:`~matchmaker.errors.InfeasibleError` with a diagnosis; :func:`validate` checks any
matching against the rules, :func:`blocking_pairs` its stability.
"""

from matchmaker.assignment.algorithms import Solution
from matchmaker.assignment.algorithms.instance import instance_alias
from matchmaker.assignment.api import blocking_pairs, diagnose, match, validate
from matchmaker.assignment.capacities import Capacities
from matchmaker.assignment.constraints import Constraints
from matchmaker.assignment.inputs import PairsInput, ScoreInput, ScoresLike
from matchmaker.assignment.matching import Matching, Unmatched
from matchmaker.assignment.problem import MatchingProblem
from matchmaker.assignment.registry import METHODS, MethodSpec, register_method

__all__ = [
    "METHODS",
    "Capacities",
    "Constraints",
    "Matching",
    "MatchingProblem",
    "MethodSpec",
    "PairsInput",
    "ScoreInput",
    "ScoresLike",
    "Solution",
    "Unmatched",
    "blocking_pairs",
    "diagnose",
    "match",
    "register_method",
    "validate",
]


def __getattr__(name: str) -> type[MatchingProblem]:
    if name == "Instance":  # deprecated
        return instance_alias(stacklevel=2)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
