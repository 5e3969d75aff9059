"""Pure matching solvers on arrays (no ids, no Mission): one module per method.

Each ``solve(instance, **options) -> Solution`` takes an
:class:`~matchmaker.assignment.problem.MatchingProblem` (candidate pairs as an edge
list or a dense matrix, degree bounds, forced pairs, the request's rules; rows are side A,
columns side B).
"""

from matchmaker.assignment.algorithms import flow, greedy, hungarian, milp, stable
from matchmaker.assignment.algorithms.instance import Solution, group_rank, instance_alias
from matchmaker.assignment.problem import MatchingProblem

__all__ = ["MatchingProblem", "Solution", "flow", "greedy", "group_rank", "hungarian", "milp", "stable"]


def __getattr__(name: str) -> type[MatchingProblem]:
    if name == "Instance":  # deprecated
        return instance_alias(stacklevel=2)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
