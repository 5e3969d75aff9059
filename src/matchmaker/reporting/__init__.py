"""What organisers read: overviews, metrics, agendas and deal outcomes."""

from matchmaker.reporting.overview import MissionOverview, overview

__all__ = ["MissionOverview", "overview"]
