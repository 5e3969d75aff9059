"""A first look at a mission: who comes, what they offer and need."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from matchmaker.model.mission import Mission, Side
from matchmaker.reference.classification import hs, kbli, kbli_title

__all__ = ["MissionOverview", "SideOverview", "overview"]


@dataclass(frozen=True)
class SideOverview:
    """Counts for one side of a mission."""

    delegation: str
    participants: int
    roles: tuple[tuple[str, int], ...]
    top_offered: tuple[tuple[str, int], ...]
    top_needed: tuple[tuple[str, int], ...]
    offered_value_idr: float
    needed_value_idr: float


@dataclass(frozen=True)
class MissionOverview:
    """Per-side counts of a mission; ``str()`` gives a printable summary."""

    mission: Mission
    sides: tuple[SideOverview, SideOverview]

    def __str__(self) -> str:
        return self.to_text("en")

    def to_text(self, lang: str = "en") -> str:
        """The printable summary in English (``"en"``) or Bahasa Indonesia (``"id"``)."""
        from matchmaker.reporting.labels import label
        from matchmaker.reporting.numbers import format_count, format_rupiah

        m = self.mission
        head = [m.name]
        details = ", ".join(x for x in (m.date.isoformat() if m.date else None, m.venue, m.timezone) if x)
        head.append(details)
        for side, s in zip(("A", "B"), self.sides, strict=True):
            roles = ", ".join(f"{n} {label('role_' + r, lang)}" for r, n in s.roles)
            people = format_count(s.participants, label("participant_noun", lang), lang=lang)
            head.append(f"\n{label('side', lang).capitalize()} {side}: {s.delegation} — {people} ({roles})")
            head.append(
                "  "
                + label("offers_needs", lang).format(
                    offers=format_rupiah(s.offered_value_idr, lang),
                    needs=format_rupiah(s.needed_value_idr, lang),
                )
            )
            for key, top in (("top_offered", s.top_offered), ("top_needed", s.top_needed)):
                named = (f"{_in_language(t, lang)} ({n})" for t, n in top)
                head.append(f"  {label(key, lang)}: " + "; ".join(named))
        return "\n".join(head)


def _division(system: str, code: str) -> str:
    """The KBLI golongan pokok a line falls in (HS through its chapter)."""
    if system == "HS":
        return hs().kbli_division(code)
    lineage = kbli().lineage(code)
    return lineage[min(1, len(lineage) - 1)]  # a kategori stays itself


def _in_language(text: str, lang: str) -> str:
    """A sector of :func:`overview` (:func:`_division_text`'s ``"code title"``) with its title in
    ``lang``; a text that does not start with a KBLI code (set by the caller) as it is."""
    code = text.split(" ", 1)[0]
    return _division_text(code, lang) if code in kbli().titles else text


def _division_text(division: str, lang: str = "id") -> str:
    """``"10 Industri makanan"``: the code and its title in ``lang``, cut at 40 characters."""
    title = kbli_title(division, lang).capitalize()
    return f"{division} {title if len(title) <= 40 else title[:39] + '…'}"


def overview(mission: Mission, *, top: int = 5) -> MissionOverview:
    """Counts per side: roles, the most offered and needed KBLI divisions, declared values.

    Examples
    --------
    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> o = overview(east_java_south_sumatra_2020())
    >>> o.sides[0].participants, o.sides[1].participants
    (46, 115)
    """

    def side(label: Side) -> SideOverview:
        people = mission.side(label)
        roles = Counter(p.role for p in people)
        offered = Counter(_division(line.system, line.code) for p in people for line in p.offers)
        needed = Counter(_division(line.system, line.code) for p in people for line in p.needs)
        return SideOverview(
            delegation=mission.delegation(label).name,
            participants=len(people),
            roles=tuple((r, roles[r]) for r in ("seller", "buyer", "both", "none") if roles[r]),
            top_offered=tuple((_division_text(d), n) for d, n in offered.most_common(top)),
            top_needed=tuple((_division_text(d), n) for d, n in needed.most_common(top)),
            offered_value_idr=sum(line.value_idr or 0.0 for p in people for line in p.offers),
            needed_value_idr=sum(line.value_idr or 0.0 for p in people for line in p.needs),
        )

    return MissionOverview(mission, (side("A"), side("B")))
