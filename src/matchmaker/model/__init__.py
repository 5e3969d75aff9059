"""The participant model: who takes part, what they trade, and when they can meet."""

from matchmaker.model.availability import TimeWindow
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import TIMEZONE_ALIASES, Delegation, Mission, Side, resolve_timezone
from matchmaker.model.participant import WISH_FIELDS, Participant

__all__ = [
    "TIMEZONE_ALIASES",
    "WISH_FIELDS",
    "Delegation",
    "Mission",
    "Participant",
    "Side",
    "TimeWindow",
    "TradeLine",
    "resolve_timezone",
]
