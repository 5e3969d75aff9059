"""Pure matching solvers on arrays (no ids, no Mission): one module per method.

Each ``solve(instance, **options) -> Solution`` takes an
:class:`~matchmaker.assignment.algorithms.instance.Instance` (candidate pairs as an edge
list or a dense matrix, degree bounds, forced pairs; rows are side A, columns side B).
"""

from matchmaker.assignment.algorithms import flow, greedy, hungarian, milp, stable
from matchmaker.assignment.algorithms.instance import Instance, Solution, group_rank

__all__ = ["Instance", "Solution", "flow", "greedy", "group_rank", "hungarian", "milp", "stable"]
