"""Scoring: how promising each A×B pair of a mission is, and why.

``score(mission)`` returns :class:`Scores`: the weighted ``total`` of every pair
(rows side A, columns side B, in input order), the ``forbidden`` mask of the hard
rules, the ``forced`` must-meet pairs, each component on request
(``Scores.component``) and an explanation of any pair (``Scores.explain``).  The
formulas, defaults and a worked example are in ``docs/scoring.md``.  For large missions,
``score(mission, top_k=50)`` keeps only each participant's best candidates
(:class:`SparseScores`, ``docs/scale.md``); both derive from :class:`ScoresBase`.  The
options are one :class:`ScoreOptions`; the components are the table of
:mod:`matchmaker.scoring.components`.

>>> from matchmaker.datasets import east_java_south_sumatra_2020
>>> s = score(east_java_south_sumatra_2020())
>>> len(s.row_ids), len(s.col_ids), s.total.dtype, s.forbidden.dtype
(46, 115, dtype('float64'), dtype('bool'))
"""

from matchmaker.scoring.api import score
from matchmaker.scoring.components import (
    ComponentSpec,
    component_names,
    register_component,
    unregister_component,
)
from matchmaker.scoring.custom import CustomComponent
from matchmaker.scoring.fit import LineMatch
from matchmaker.scoring.prepare import ScoreOptions
from matchmaker.scoring.scores import ComponentExplanation, Explanation, Scores, ScoresBase
from matchmaker.scoring.sparse import SparseScores, score_sparse, widen
from matchmaker.scoring.weights import BUILTIN_COMPONENTS, DEFAULT_MIN_SCORE, FitParams, Weights

__all__ = [
    "BUILTIN_COMPONENTS",
    "DEFAULT_MIN_SCORE",
    "ComponentExplanation",
    "ComponentSpec",
    "CustomComponent",
    "Explanation",
    "FitParams",
    "LineMatch",
    "ScoreOptions",
    "Scores",
    "ScoresBase",
    "SparseScores",
    "Weights",
    "component_names",
    "register_component",
    "score",
    "score_sparse",
    "unregister_component",
    "widen",
]
