"""Pure timetabling functions on integer arrays (no ids, no Mission).

Meeting ``e`` joins row ``rows[e]`` (side A) and column ``cols[e]`` (side B); slots are
``0 .. S-1`` and ``-1`` means unplaced.  :func:`matchmaker.scheduling.schedule` maps ids
to these arrays, calls one of these, and wraps the answer.
"""

from matchmaker.scheduling.algorithms.colouring import colour_bound, edge_colouring, equalise
from matchmaker.scheduling.algorithms.compaction import compact, gap_counts
from matchmaker.scheduling.algorithms.flow import bounded_subgraph
from matchmaker.scheduling.algorithms.heuristic import iterated_matchings, max_weight_matching
from matchmaker.scheduling.algorithms.milp import MilpResult, solve_milp
from matchmaker.scheduling.algorithms.tables import assign_tables

__all__ = [
    "MilpResult",
    "assign_tables",
    "bounded_subgraph",
    "colour_bound",
    "compact",
    "edge_colouring",
    "equalise",
    "gap_counts",
    "iterated_matchings",
    "max_weight_matching",
    "solve_milp",
]
