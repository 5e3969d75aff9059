"""A mission of any number of delegations (groups) and a rule of which groups meet which.

A :class:`~matchmaker.model.Mission` has exactly two delegations, and every pair
matrix in matchmaker is side A × side B.  Trade Expo Indonesia and East Java's
multi-province missions bring three or more delegations together, some with foreign
buyers; :class:`GroupMission` models them.  Its ``allowed`` list says which pairs of
groups may meet (default: every pair of different groups); no group meets itself.

Everything two-group is reused: :meth:`GroupMission.pair_mission` is the ordinary
two-delegation :class:`Mission` of one allowed pair of groups (the first group as side
A), so scoring runs block by block with the same code and gives the same numbers.

Online meetings: a participant's ``mode`` column (``onsite``, ``online``, ``hybrid``);
online meetings need no table.  Availability windows are read in each participant's own
time zone (see below), so slots respect both sides' local hours.

Teams: a participant's ``team_size`` extra column (default 1) is its number of
representatives; it may hold that many meetings in one slot, at different tables.

Time zones: a participant's own zone (the zone its availability windows are read in, and
its online meetings' times) is its ``timezone`` extra column when given, else its province's
zone for an Indonesian participant (WITA for Bali;
:func:`~matchmaker.reference.provinces.province_timezone`), else its country's zone
in :data:`COUNTRY_TIMEZONES` for a foreign participant, else the mission's zone.  A meeting
at the venue (a table) is shown in the event's zone to everyone (:func:`meeting_zone`).

Group meetings: a participant (an association, a cooperative, a buyer) that meets
several participants of other delegations together, at one table, for a longer slot,
names them in its ``group_meeting`` column (ids separated by ``;``) and the number of
consecutive slots it lasts in ``group_meeting_slots`` (default
:data:`DEFAULT_GROUP_MEETING_SLOTS`).  Each row requests at most one group meeting;
a participant may join several others'.  See :attr:`GroupMission.panels`.

The extra columns may be written with Indonesian headers too (:data:`EXTRA_COLUMNS`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import (
    Delegation,
    Mission,
    Roster,
    duplicate_id,
    event_date,
    not_a_participant,
    resolve_timezone,
    too_few_delegations,
    unknown_delegation,
)
from matchmaker.model.participant import WISH_FIELDS, Participant
from matchmaker.model.text import split_list
from matchmaker.reference.provinces import province_timezone

__all__ = [
    "COUNTRY_TIMEZONES",
    "DEFAULT_GROUP_MEETING_SLOTS",
    "EXTRA_COLUMNS",
    "EXTRA_GUIDE",
    "GROUP_METHODS",
    "ONLINE_MODES",
    "GroupMission",
    "Panel",
    "extra_column",
    "extra_value",
    "group_features",
    "meeting_zone",
]

#: Consecutive slots a group meeting lasts when its ``group_meeting_slots`` cell is empty.
DEFAULT_GROUP_MEETING_SLOTS = 2

#: The extra columns this path reads (canonical name → Indonesian header); headers are
#: matched case- and space-insensitively, like the table's own columns.
EXTRA_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "team_size": "jumlah_perwakilan",
        "mode": "mode_pertemuan",
        "meeting_link": "tautan_pertemuan",
        "timezone": "zona_waktu",
        "group_meeting": "pertemuan_kelompok",
        "group_meeting_slots": "slot_pertemuan_kelompok",
    }
)
_EXTRA_KEYS = {**{k: k for k in EXTRA_COLUMNS}, **{v: k for k, v in EXTRA_COLUMNS.items()}}

#: The column guide of the extra columns: (column, what it holds, isinya, example).
EXTRA_GUIDE: tuple[tuple[str, str, str, str], ...] = (
    (
        "team_size",
        "representatives who can meet at the same time, at different tables (default 1)",
        "jumlah perwakilan yang dapat bertemu bersamaan, di meja berbeda (bawaan 1)",
        "2",
    ),
    (
        "mode",
        "onsite (default), online or hybrid; online-only and onsite-only participants never meet",
        "luring (bawaan), daring atau hibrida; peserta hanya-daring dan hanya-luring tidak dipertemukan",
        "hibrida",
    ),
    (
        "meeting_link",
        "link of the participant's online meetings",
        "tautan pertemuan daring",
        "https://meet...",
    ),
    (
        "timezone",
        "the participant's own time zone (agendas, availability); default its province's, "
        "else its country's, else the event's",
        "zona waktu peserta (agenda, ketersediaan); bawaan zona provinsinya, atau zona negaranya, "
        "atau zona acara",
        "Asia/Makassar",
    ),
    (
        "group_meeting",
        "ids of participants of other delegations it meets together, at one table (a group meeting)",
        "id peserta delegasi lain yang ditemui bersama di satu meja (pertemuan kelompok)",
        "SS-001; SS-002; SS-003",
    ),
    (
        "group_meeting_slots",
        f"consecutive slots the group meeting lasts (default {DEFAULT_GROUP_MEETING_SLOTS})",
        f"jumlah slot berurutan pertemuan kelompok (bawaan {DEFAULT_GROUP_MEETING_SLOTS})",
        "3",
    ),
)


def extra_column(label: str) -> str | None:
    """The extra column a header cell names (English or Indonesian), or None.

    >>> extra_column("Jumlah Perwakilan"), extra_column("notes")
    ('team_size', None)
    """
    return _EXTRA_KEYS.get(re.sub(r"[\s\-]+", "_", label.strip().casefold()))


def extra_value(p: Participant, column: str) -> str:
    """The participant's cell of the extra ``column`` (English or Indonesian header), stripped.

    >>> p = Participant("A1", "CV A", "Jatim", "Jatim", extra={"Jumlah Perwakilan": "2"})
    >>> extra_value(p, "team_size"), extra_value(p, "mode")
    ('2', '')
    """
    for key, value in p.extra:
        if extra_column(key) == column:
            return value.strip()
    return ""


@dataclass(frozen=True, kw_only=True)
class Panel:
    """A group meeting: ``host`` meets all of ``members`` at one table for ``slots`` consecutive slots.

    Requested in the host's row of the participant table (``group_meeting``,
    ``group_meeting_slots``).  Online when the host meets online only (no table).
    """

    host: str
    members: tuple[str, ...]
    slots: int = DEFAULT_GROUP_MEETING_SLOTS

    @property
    def everyone(self) -> tuple[str, ...]:
        """The host, then the members."""
        return (self.host, *self.members)


#: Time zone of a foreign participant without its own ``timezone`` column, by ISO 3166
#: alpha-2 country (the capital's zone).  Countries not listed get the mission's zone.
COUNTRY_TIMEZONES: Mapping[str, str] = MappingProxyType(
    {
        "MY": "Asia/Kuala_Lumpur",
        "SG": "Asia/Singapore",
        "TH": "Asia/Bangkok",
        "VN": "Asia/Ho_Chi_Minh",
        "PH": "Asia/Manila",
        "BN": "Asia/Brunei",
        "TL": "Asia/Dili",
        "CN": "Asia/Shanghai",
        "JP": "Asia/Tokyo",
        "KR": "Asia/Seoul",
        "IN": "Asia/Kolkata",
        "AE": "Asia/Dubai",
        "SA": "Asia/Riyadh",
        "AU": "Australia/Sydney",
        "NL": "Europe/Amsterdam",
        "DE": "Europe/Berlin",
        "GB": "Europe/London",
        "US": "America/New_York",
    }
)


#: A wish naming someone it cannot name: (the rest of the message, the hint), by kind.
_WISH_PROBLEMS: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "unknown-wish": (", who is not a participant", "check the id"),
        "same-side-wish": (" of the same delegation", None),
        "disallowed-wish": (
            ", whose delegation may not meet this one",
            "add the pair of delegations to allowed, or drop the wish",
        ),
    }
)


@dataclass(frozen=True)
class GroupMission(Roster):
    """A business-matching event between any number of delegations.

    Parameters
    ----------
    name : str
        Title of the event.
    groups : sequence of Delegation or str
        The delegations (at least two, distinct names), in the order used everywhere.
    participants : sequence of Participant
        Everyone taking part; each names one group as its ``delegation``.
    allowed : sequence of (str, str), optional
        The pairs of groups whose members may meet (order within a pair does not
        matter); default every pair of different groups.  Stored as group-index pairs
        ``(i, j)`` with ``i < j``, sorted.
    date, venue, timezone
        As for :class:`~matchmaker.model.Mission`.

    Raises
    ------
    ValidationError
        Listing every problem: fewer than two groups, a repeated group name, an allowed
        pair naming an unknown group or a group with itself, an unknown delegation,
        a repeated id, a wish naming an unknown participant, one of the same group or
        one of a group this participant's group may not meet, an unknown time zone.

    Examples
    --------
    >>> ps = [Participant("J1", "CV Tani", "Jawa Timur", "Jatim", offers="10631"),
    ...       Participant("S1", "PT Musi", "Sumatera Selatan", "Sumsel", needs="46311"),
    ...       Participant("K1", "CV Kapuas", "Kalimantan Barat", "Kalbar", needs="46311"),
    ...       Participant("M1", "Sdn Bhd", "Foreign buyers", "Johor", country="MY", needs="10631")]
    >>> m = GroupMission.from_participants(ps, name="Trade Expo")
    >>> m.group_names
    ('Jawa Timur', 'Sumatera Selatan', 'Kalimantan Barat', 'Foreign buyers')
    >>> len(m.allowed), m.timezone_of("M1")
    (6, 'Asia/Kuala_Lumpur')
    >>> m2 = GroupMission.from_participants(ps, allowed=[("Jawa Timur", "Foreign buyers"),
    ...                                                  ("Jawa Timur", "Sumatera Selatan")])
    >>> m2.allowed, m2.two_colouring() is not None
    (((0, 1), (0, 3)), True)
    """

    name: str
    groups: tuple[Delegation, ...]
    participants: tuple[Participant, ...]
    allowed: tuple[tuple[int, int], ...] | None = None
    date: dt.date | None = None
    venue: str | None = None
    timezone: str = "Asia/Jakarta"

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        problems: list[Problem] = []
        groups = tuple(g if isinstance(g, Delegation) else Delegation(str(g)) for g in self.groups)
        set_(self, "groups", groups)
        set_(self, "participants", tuple(self.participants))
        date, problem = event_date(self.date)
        set_(self, "date", date)
        problems += [problem] if problem is not None else []
        try:
            set_(self, "timezone", resolve_timezone(self.timezone))
        except ValueError as exc:
            problems.append(Problem(str(exc), kind="unknown-timezone", field="timezone"))
        names = [g.name for g in groups]
        if len(names) < 2:
            problems.append(too_few_delegations(names))
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append(
                Problem(f"two delegations are called {name!r}", kind="duplicate", field="delegation")
            )
        position = {n: i for i, n in enumerate(names)}
        said = len(problems)
        set_(self, "allowed", self._allowed(self.allowed, names, position, problems))
        # when none of the allowed pairs can be read (said above), every wish across
        # delegations would be "may not meet": checked as if every pair may, not said again
        every_pair = len(problems) > said and not self.allowed
        problems += self._check_people(position, every_pair=every_pair)
        if problems:
            raise ValidationError(problems)

    @staticmethod
    def _allowed(
        given: Iterable[Sequence[object]] | None,
        names: list[str],
        position: Mapping[str, int],
        problems: list[Problem],
    ) -> tuple[tuple[int, int], ...]:
        n = len(names)
        if given is None:
            return tuple((i, j) for i in range(n) for j in range(i + 1, n))
        out: set[tuple[int, int]] = set()
        for pair in given:
            items = tuple(pair)
            if len(items) != 2:
                problems.append(
                    Problem(f"an allowed pair has two groups, got {items!r}", kind="invalid", field="allowed")
                )
                continue
            idx = []
            for item in items:
                k = item if isinstance(item, int) and not isinstance(item, bool) else position.get(str(item))
                if k is None or not 0 <= k < n:
                    problems.append(
                        Problem(
                            f"allowed pair {items!r} names {item!r}, which is not a delegation",
                            kind="unknown-delegation",
                            field="allowed",
                            hint=f"the delegations are {', '.join(map(repr, names))}",
                        )
                    )
                else:
                    idx.append(k)
            if len(idx) == 2 and idx[0] == idx[1]:
                problems.append(
                    Problem(
                        f"allowed pair {items!r} joins a delegation with itself; members of one "
                        "delegation never meet",
                        kind="same-group-pair",
                        field="allowed",
                    )
                )
            elif len(idx) == 2:
                out.add((min(idx), max(idx)))
        return tuple(sorted(out))

    def _check_people(self, position: Mapping[str, int], *, every_pair: bool = False) -> list[Problem]:
        problems: list[Problem] = []
        group_of: dict[str, int] = {}
        people: tuple[object, ...] = self.participants
        for p in people:
            if not isinstance(p, Participant):
                problems.append(not_a_participant(p))
                continue
            if p.delegation not in position:
                problems.append(unknown_delegation(p.id, p.delegation, tuple(position)))
            if p.id in group_of:
                problems.append(duplicate_id(p.id))
            else:
                group_of[p.id] = position.get(p.delegation, -1)
        for p in people:
            if isinstance(p, Participant):
                for found in (_team_size(p), _mode(p)):
                    if isinstance(found, Problem):
                        problems.append(found)
        n = len(self.groups)  # the indices of position (a repeated name is said already)
        meets = {(i, j) for i in range(n) for j in range(i + 1, n)} if every_pair else set(self.allowed or ())
        problems += _panel_problems(
            [p for p in people if isinstance(p, Participant)], group_of, meets, self.group_names
        )
        for p in people:
            if not isinstance(p, Participant):
                continue
            mine = group_of.get(p.id, -1)
            for field in WISH_FIELDS:
                for other in getattr(p, field):
                    theirs = group_of.get(other)
                    if theirs is None:
                        kind = "unknown-wish"
                    elif theirs == mine:
                        kind = "same-side-wish"
                    elif mine >= 0 and theirs >= 0 and (min(mine, theirs), max(mine, theirs)) not in meets:
                        kind = "disallowed-wish"
                    else:
                        continue
                    text, hint = _WISH_PROBLEMS[kind]
                    problems.append(
                        Problem(
                            f"{field} names {other!r}{text}",
                            kind=kind,
                            participants=(p.id,),
                            field=field,
                            hint=hint,
                        )
                    )
        return problems

    # ------------------------------------------------------------------ lookups
    @property
    def group_names(self) -> tuple[str, ...]:
        """The delegations' names, in order."""
        return tuple(g.name for g in self.groups)

    @functools.cached_property
    def ids(self) -> tuple[str, ...]:
        """Every participant's id, in input order (the vertex order of every graph)."""
        return tuple(p.id for p in self.participants)

    @functools.cached_property
    def group_of(self) -> NDArray[np.intp]:
        """Group index of every participant (input order); read-only."""
        position = {n: i for i, n in enumerate(self.group_names)}
        out = np.array([position[p.delegation] for p in self.participants], dtype=np.intp)
        out.setflags(write=False)
        return out

    @functools.cached_property
    def team_sizes(self) -> NDArray[np.intp]:
        """Representatives of each participant (its ``team_size`` column, default 1); read-only.

        A company of ``h`` representatives may hold up to ``h`` meetings in one slot.
        """
        out = np.array([_team_size(p) for p in self.participants], dtype=np.intp)
        out.setflags(write=False)
        return out

    @functools.cached_property
    def modes(self) -> tuple[str, ...]:
        """How each participant meets: ``"onsite"`` (default), ``"online"`` or ``"hybrid"`` (either).

        From the ``mode`` column (``luring``/``daring``/``hibrida`` accepted).  A meeting
        is online when either side is online-only; an online-only and an onsite-only
        participant cannot meet.
        """
        return tuple(str(_mode(p)) for p in self.participants)

    @functools.cached_property
    def panels(self) -> tuple[Panel, ...]:
        """The group meetings requested (``group_meeting`` column), in table order.

        >>> ps = [Participant("K1", "Koperasi", "Jatim", "Jatim", extra={"group_meeting": "B1; B2"}),
        ...       Participant("B1", "PT B1", "Sumsel", "Sumsel"),
        ...       Participant("B2", "PT B2", "Sumsel", "Sumsel")]
        >>> GroupMission.from_participants(ps).panels
        (Panel(host='K1', members=('B1', 'B2'), slots=2),)
        """
        out = []
        for p in self.participants:
            members = tuple(split_list(extra_value(p, "group_meeting")))
            if members:
                length = _panel_slots(p)
                out.append(Panel(host=p.id, members=members, slots=length if isinstance(length, int) else 0))
        return tuple(out)

    def index(self, participant_id: str) -> int:
        """Position of a participant in :attr:`ids`."""
        return self.position(participant_id)

    def members(self, group: int | str) -> tuple[Participant, ...]:
        """The participants of a group (by index or name), in input order."""
        k = group if isinstance(group, int) else self.group_names.index(group)
        return tuple(p for p, g in zip(self.participants, self.group_of.tolist(), strict=False) if g == k)

    def timezone_of(self, participant_id: str) -> str:
        """A participant's own time zone: its ``timezone`` column, its province's zone (an
        Indonesian participant), its country's zone (a foreign one), or the mission's.

        Its availability windows are read in this zone, and its online meetings are shown
        in it (a meeting at the venue is in the event's zone: :func:`meeting_zone`).  Raises
        ``ValidationError`` naming the participant when its ``timezone`` column is not a
        known zone.

        >>> ps = [Participant("J1", "CV Tani", "Jawa Timur", "Jatim"),
        ...       Participant("B1", "CV Dewata", "Bali", "Bali"),
        ...       Participant("B2", "PT Ubud", "Bali", "Bali", extra={"zona_waktu": "WIB"})]
        >>> m = GroupMission.from_participants(ps)
        >>> m.timezone_of("J1"), m.timezone_of("B1"), m.timezone_of("B2")
        ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jakarta')
        """
        p = self[participant_id]
        own = extra_value(p, "timezone")
        if own:
            try:
                return resolve_timezone(own)
            except ValueError as exc:
                raise ValidationError(
                    Problem(str(exc), kind="unknown-timezone", participants=(p.id,), field="timezone")
                ) from None
        if p.country != "ID":
            return COUNTRY_TIMEZONES.get(p.country, self.timezone)
        # the province's zone: a company from Bali writes its hours in WITA, whatever the
        # event's zone
        return province_timezone(p.province) or self.timezone

    # ------------------------------------------------------------ group graph
    def two_colouring(self) -> tuple[int, ...] | None:
        """A side (0 or 1) for every group so that allowed pairs join different sides, or None.

        When it exists the meeting graph is bipartite whatever the participants do, and
        the two-sided algorithms (min-cost flow, König colouring) apply exactly.
        """
        n = len(self.groups)
        side = [-1] * n
        adjacent: list[list[int]] = [[] for _ in range(n)]
        for i, j in self.allowed or ():
            adjacent[i].append(j)
            adjacent[j].append(i)
        for start in range(n):
            if side[start] >= 0:
                continue
            side[start] = 0
            stack = [start]
            while stack:
                g = stack.pop()
                for h in adjacent[g]:
                    if side[h] < 0:
                        side[h] = 1 - side[g]
                        stack.append(h)
                    elif side[h] == side[g]:
                        return None
        return tuple(side)

    def pair_mission(self, i: int, j: int) -> Mission:
        """The two-delegation :class:`Mission` of groups ``i`` (side A) and ``j`` (side B).

        Wishes naming participants of other groups are left out (they belong to other
        blocks); everything else is the participants as given.
        """
        cache = self._pair_cache
        if (i, j) not in cache:
            cache[(i, j)] = self._make_pair_mission(i, j)
        return cache[(i, j)]

    @functools.cached_property
    def _pair_cache(self) -> dict[tuple[int, int], Mission]:
        return {}

    def _make_pair_mission(self, i: int, j: int) -> Mission:
        a, b = self.members(i), self.members(j)
        keep = {p.id for p in a} | {p.id for p in b}

        def local(p: Participant) -> Participant:
            changes = {f: tuple(x for x in getattr(p, f) if x in keep) for f in WISH_FIELDS}
            if all(changes[f] == getattr(p, f) for f in WISH_FIELDS):
                return p
            return p.replace(**changes)

        return Mission(
            f"{self.name}: {self.groups[i].name} × {self.groups[j].name}",
            self.groups[i],
            self.groups[j],
            tuple(local(p) for p in (*a, *b)),
            date=self.date,
            venue=self.venue,
            timezone=self.timezone,
        )

    @classmethod
    def from_mission(cls, mission: Mission) -> GroupMission:
        """The same event as a group mission: side A's delegation first, every pair allowed.

        Scores, wishes and bounds are the mission's own; this is how a two-delegation
        mission with teams, online or group meetings reaches the group path.
        """
        return cls(
            mission.name,
            (mission.side_a, mission.side_b),
            mission.participants,
            None,
            mission.date,
            mission.venue,
            mission.timezone,
        )

    @classmethod
    def from_participants(
        cls,
        participants: Iterable[Participant],
        *,
        name: str = "Business matching",
        groups: Sequence[str | Delegation] | None = None,
        allowed: Iterable[Sequence[object]] | None = None,
        date: dt.date | None = None,
        venue: str | None = None,
        timezone: str = "Asia/Jakarta",
    ) -> GroupMission:
        """A mission whose groups are read off the participants' ``delegation`` field.

        Groups are ``groups`` if given, else in order of first appearance; a group's
        province is its Indonesian members' common province, if they share one.
        """
        people = tuple(participants)
        if groups is None:
            groups = list(dict.fromkeys(p.delegation for p in people))
        made: list[Delegation] = []
        for g in groups:
            if isinstance(g, Delegation):
                made.append(g)
                continue
            provinces = {p.province for p in people if p.delegation == g and p.country == "ID"}
            foreign = any(p.delegation == g and p.country != "ID" for p in people)
            made.append(Delegation(g, provinces.pop() if len(provinces) == 1 and not foreign else None))
        pairs = None if allowed is None else tuple(tuple(x) for x in allowed)
        return cls(name, tuple(made), people, pairs, date, venue, timezone)  # type: ignore[arg-type]


def meeting_zone(
    mission: Mission | GroupMission, participant_id: str, *, online: bool, event: str | None = None
) -> str:
    """The IANA time zone a participant is shown a meeting's time in: the one rule of every
    agenda, message and update (both paths' packs, the event day's updates).

    A meeting at the venue (a table) is in the event's zone (``event``, default the
    mission's): the venue's clocks, its grid, the partner's agenda and the visitor's phone
    (which switches to local time on arrival) all say it, so both sides of a table hold one
    time.  An online meeting (a link) is in the participant's own zone, where it sits:
    :meth:`GroupMission.timezone_of` on the group path, else its province's zone (an
    Indonesian participant), else the event's.  Availability windows are read by their own
    rule (:meth:`GroupMission.timezone_of`), not by this one.

    >>> ps = [Participant("J1", "CV Tani", "Jawa Timur", "Jatim"),
    ...       Participant("B1", "CV Dewata", "Bali", "Bali")]
    >>> m = GroupMission.from_participants(ps, timezone="WIB")
    >>> meeting_zone(m, "B1", online=False), meeting_zone(m, "B1", online=True)
    ('Asia/Jakarta', 'Asia/Makassar')
    """
    venue = event or mission.timezone
    if not online:
        return venue
    if isinstance(mission, GroupMission):
        return mission.timezone_of(participant_id)
    p = mission[participant_id]
    return (province_timezone(p.province) if p.country == "ID" else None) or venue


def _whole(p: Participant, column: str, default: int, hint: str) -> int | Problem:
    """A participant's extra ``column`` as a whole number >= 1 (``default`` when empty)."""
    text = extra_value(p, column)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        return Problem(
            f"{column} must be a whole number >= 1, got {text!r}",
            kind="invalid",
            participants=(p.id,),
            field=column,
            hint=hint,
        )
    return value


def _team_size(p: Participant) -> int | Problem:
    """A participant's ``team_size`` extra column as a whole number >= 1 (1 when absent)."""
    return _whole(p, "team_size", 1, "the number of representatives who can meet at the same time")


_MODES = {"onsite": "onsite", "on-site": "onsite", "luring": "onsite", "tatap muka": "onsite",
          "online": "online", "daring": "online", "hybrid": "hybrid", "hibrida": "hybrid"}  # fmt: skip


def _mode(p: Participant) -> str | Problem:
    """A participant's ``mode`` column, normalised (``"onsite"`` when absent)."""
    text = extra_value(p, "mode").casefold()
    if not text:
        return "onsite"
    if text in _MODES:
        return _MODES[text]
    return Problem(
        f"mode must be onsite, online or hybrid, got {text!r}",
        kind="invalid",
        participants=(p.id,),
        field="mode",
        hint="onsite (luring), online (daring) or hybrid (hibrida)",
    )


def _panel_slots(p: Participant) -> int | Problem:
    """A host's ``group_meeting_slots`` as a whole number >= 1 (the default when empty)."""
    hint = f"how many consecutive slots the group meeting lasts (empty: {DEFAULT_GROUP_MEETING_SLOTS})"
    return _whole(p, "group_meeting_slots", DEFAULT_GROUP_MEETING_SLOTS, hint)


def _panel_problems(
    people: Sequence[Participant],
    group_of: Mapping[str, int],
    meets: set[tuple[int, int]],
    names: Sequence[str],
) -> list[Problem]:
    """Every problem of the ``group_meeting`` requests, each naming its host."""
    out: list[Problem] = []
    mode = {p.id: _mode(p) for p in people}
    for p in people:
        members = split_list(extra_value(p, "group_meeting"))
        length = _panel_slots(p)
        if isinstance(length, Problem) and (members or extra_value(p, "group_meeting_slots")):
            out.append(length)
        if not members:
            continue

        def problem(message: str, hint: str, kind: str = "invalid-group-meeting", pid: str = p.id) -> None:
            out.append(Problem(message, kind=kind, participants=(pid,), field="group_meeting", hint=hint))

        if len(members) < 2:
            problem(
                f"a group meeting joins several participants, got {len(members)}",
                "name two or more ids; meet one partner through must_meet instead",
            )
        for other in sorted({m for m in members if members.count(m) > 1}):
            problem(f"group_meeting names {other!r} twice", "name each participant once")
        mine = group_of.get(p.id, -1)
        for other in dict.fromkeys(members):
            theirs = group_of.get(other)
            if other == p.id:
                problem("group_meeting names the participant itself", "name the participants it meets")
            elif theirs is None:
                problem(f"group_meeting names {other!r}, who is not a participant", "check the id")
            elif theirs == mine:
                problem(
                    f"group_meeting names {other!r} of the same delegation",
                    "a group meeting joins participants of other delegations",
                )
            elif mine >= 0 and theirs >= 0 and (min(mine, theirs), max(mine, theirs)) not in meets:
                problem(
                    f"group_meeting names {other!r}, whose delegation ({names[theirs]}) may not meet "
                    "this one",
                    "add the pair of delegations to allowed, or drop the participant",
                )
        online = [x for x in (p.id, *members) if mode.get(x) == "online"]
        onsite = [x for x in (p.id, *members) if mode.get(x) == "onsite"]
        if online and onsite:
            problem(
                f"the group meeting joins {', '.join(online)} (online only) and {', '.join(onsite)} "
                "(on site only)",
                "make one side hybrid (mode hybrid / hibrida), or drop a participant",
            )
    return out


#: ``mode`` values of a participant who meets online only (its meetings are online).
ONLINE_MODES = {"online", "daring"}

#: The matching methods of the group path (see :func:`matchmaker.groups.match_groups`);
#: here, so that a config's ``[matching] method`` is checked against both paths' methods
#: when it is read (:mod:`matchmaker.config`), before the table says which path it takes.
GROUP_METHODS = ("auto", "flow", "bmatching", "milp")


def group_features(people: Mission | GroupMission | Iterable[Participant]) -> tuple[str, ...]:
    """The features of the group path that these participants use: ``"teams"``, ``"online"``
    (a participant who meets online only), ``"group meetings"`` (empty for an ordinary
    two-delegation mission; ``hybrid`` alone changes no meeting).

    Cells are not checked here (the group mission reports bad ones).

    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> group_features(east_java_south_sumatra_2020())
    ()
    >>> group_features([Participant("A1", "CV A", "Jatim", "Jatim", extra={"mode": "daring"})])
    ('online',)
    """
    found: dict[str, None] = {}
    for p in people.participants if isinstance(people, (Mission, GroupMission)) else people:
        if not p.extra:
            continue
        if extra_value(p, "team_size") not in ("", "1"):
            found["teams"] = None
        if extra_value(p, "mode").casefold() in ONLINE_MODES:  # hybrid alone changes no meeting
            found["online"] = None
        if extra_value(p, "group_meeting"):
            found["group meetings"] = None
    return tuple(k for k in ("teams", "online", "group meetings") if k in found)
