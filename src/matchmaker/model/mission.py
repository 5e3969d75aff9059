"""A trade mission: two delegations, the event's date, venue and time zone, and the participants."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from matchmaker._files import half_character_at
from matchmaker.errors import Problem, ValidationError
from matchmaker.model.participant import WISH_FIELDS, Participant
from matchmaker.reference.provinces import canonical_province

__all__ = [
    "ARGUMENT_HINT",
    "TIMEZONE_ALIASES",
    "Delegation",
    "Entry",
    "Mission",
    "Roster",
    "Side",
    "check_entries",
    "check_participants",
    "duplicate_id",
    "event_date",
    "half_character",
    "lone_surrogates",
    "not_a_participant",
    "resolve_timezone",
    "too_few_delegations",
    "unknown_delegation",
    "unwritable",
]

Side = Literal["A", "B"]

#: Indonesian time-zone abbreviations and their IANA names.
TIMEZONE_ALIASES: Mapping[str, str] = MappingProxyType(
    {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
)


def resolve_timezone(name: str) -> str:
    """The IANA name for ``name`` (``"WIB"``, ``"WITA"``, ``"WIT"`` or an IANA name).

    >>> resolve_timezone("wita")
    'Asia/Makassar'
    >>> resolve_timezone("Mars/Olympus")
    Traceback (most recent call last):
    ...
    ValueError: unknown time zone 'Mars/Olympus'; use WIB, WITA, WIT or an IANA name such as 'Asia/Jakarta'
    """
    if not isinstance(name, str):  # a number from a caller: a clear error, not AttributeError
        raise ValueError(
            f"a time zone is a name, got {name!r}; use WIB, WITA, WIT or an IANA name such as 'Asia/Jakarta'"
        )
    iana = TIMEZONE_ALIASES.get(name.strip().upper(), name.strip())
    try:
        zoneinfo.ZoneInfo(iana)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; use WIB, WITA, WIT or an IANA name such as 'Asia/Jakarta'"
        ) from None
    return iana


@dataclass(frozen=True)
class Delegation:
    """One side of a mission.

    Parameters
    ----------
    name : str
        How participants refer to it in their ``delegation`` field (e.g. ``"Jawa Timur"``).
    province : str, optional
        Home province (canonical name stored), when the delegation is a province's.
    role : {"visiting", "host"}, optional
        Which side travelled.
    """

    name: str
    province: str | None = None
    role: Literal["visiting", "host"] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValidationError(Problem("a delegation needs a name", kind="missing", field="name"))
        object.__setattr__(self, "name", self.name.strip())
        if self.province is not None:
            canonical = canonical_province(self.province)
            if canonical is None:
                raise ValidationError(
                    Problem(
                        f"delegation {self.name!r}: unknown province {self.province!r}",
                        kind="unknown-province",
                        field="province",
                    )
                )
            object.__setattr__(self, "province", canonical)
        if self.role not in (None, "visiting", "host"):
            raise ValidationError(
                Problem(
                    f"delegation role must be 'visiting' or 'host', got {self.role!r}",
                    kind="invalid",
                    field="role",
                )
            )


class Roster:
    """What a mission is as a container of its participants: ``len``, iteration (in the order
    given), ``id in mission`` and ``mission[id]``.  :class:`Mission` and
    :class:`~matchmaker.model.groups.GroupMission` share it."""

    name: str
    participants: tuple[Participant, ...]

    @functools.cached_property
    def _positions(self) -> Mapping[str, int]:
        return MappingProxyType({p.id: k for k, p in enumerate(self.participants)})

    def position(self, participant_id: str) -> int:
        """Position of a participant in ``participants`` (a ``KeyError`` naming an unknown id)."""
        try:
            return self._positions[participant_id]
        except KeyError:
            raise KeyError(f"no participant {participant_id!r} in mission {self.name!r}") from None

    def __getitem__(self, participant_id: str) -> Participant:
        return self.participants[self.position(participant_id)]

    def __contains__(self, participant_id: object) -> bool:
        return participant_id in self._positions

    def __len__(self) -> int:
        return len(self.participants)

    def __iter__(self) -> Iterator[Participant]:
        """The participants, in the order they were given."""
        return iter(self.participants)


def event_date(value: object) -> tuple[dt.date | None, Problem | None]:
    """An event's ``date`` as a :class:`datetime.date`, or the problem with it.

    A text in ISO form (``"2025-09-29"``) is read (a caller passing what
    :func:`~matchmaker.load_mission` takes gets a working mission, not one whose exports
    fail later on ``str.isoformat``); a ``datetime`` gives its day.

    >>> event_date("2025-09-29")
    (datetime.date(2025, 9, 29), None)
    >>> event_date("29-09-2025")[1].message
    "event date '29-09-2025' is not a date"
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()), None
        except ValueError:
            pass
    return None, Problem(
        f"event date {value!r} is not a date",
        kind="syntax" if isinstance(value, str) else "type",
        field="date",
        hint="give a datetime.date, or write it as YYYY-MM-DD, e.g. 2025-09-29",
    )


@dataclass(frozen=True)
class Mission(Roster):
    """A business-matching event between two delegations.

    Axis convention used everywhere in matchmaker: **side A** (``side_a``, e.g. the
    visiting delegation) gives the *rows* of every pair matrix, **side B** the
    *columns*; within a side, participants keep the order in which they were given.

    Parameters
    ----------
    name : str
        Title of the event.
    side_a, side_b : Delegation
        The two delegations; their names must differ.
    participants : sequence of Participant
        Everyone taking part; each names ``side_a.name`` or ``side_b.name`` as its
        delegation.  Stored as a tuple (the caller's list is not kept or changed).
    date : datetime.date, optional
        The (first) event day; an ISO text (``"2025-09-29"``) is read as one, as
        :func:`~matchmaker.load_mission` reads it.
    venue : str, optional
        Where it takes place.
    timezone : str
        IANA name or ``WIB``/``WITA``/``WIT``; stored as the IANA name.

    Raises
    ------
    ValidationError
        Listing every problem: duplicate ids, a participant on both sides, an unknown
        delegation, a wish naming an unknown participant or one on the same side.

    Examples
    --------
    >>> a = Participant("A1", "PT Sumber Rejeki", "Jawa Timur", "Jawa Timur", offers="10631")
    >>> b = Participant("B1", "CV Musi Jaya", "Sumatera Selatan", "Sumsel", needs="46311",
    ...                 would_like="A1")
    >>> m = Mission("Misi Dagang", Delegation("Jawa Timur", "Jawa Timur", "visiting"),
    ...             Delegation("Sumatera Selatan", "Sumatera Selatan", "host"), [a, b],
    ...             timezone="WIB")
    >>> m.ids("A"), m.ids("B"), m.timezone
    (('A1',), ('B1',), 'Asia/Jakarta')
    """

    name: str
    side_a: Delegation
    side_b: Delegation
    participants: tuple[Participant, ...]
    date: dt.date | None = None
    venue: str | None = None
    timezone: str = "Asia/Jakarta"

    def __post_init__(self) -> None:
        object.__setattr__(self, "participants", tuple(self.participants))
        problems: list[Problem] = []
        date, problem = event_date(self.date)
        object.__setattr__(self, "date", date)
        problems += [problem] if problem is not None else []
        try:
            object.__setattr__(self, "timezone", resolve_timezone(self.timezone))
        except ValueError as exc:
            problems.append(Problem(str(exc), kind="unknown-timezone", field="timezone"))
        if self.side_a.name == self.side_b.name:
            problems.append(
                Problem(
                    f"both delegations are called {self.side_a.name!r}",
                    kind="duplicate",
                    field="delegation",
                    hint="give the two sides different names",
                )
            )
        problems += check_participants(self.participants, self.side_a.name, self.side_b.name)
        if problems:
            raise ValidationError(problems)

    @functools.cached_property
    def _index(self) -> Mapping[str, tuple[Side, int]]:
        out: dict[str, tuple[Side, int]] = {}
        counts = {"A": 0, "B": 0}
        for p in self.participants:
            side: Side = "A" if p.delegation == self.side_a.name else "B"
            out[p.id] = (side, counts[side])
            counts[side] += 1
        return MappingProxyType(out)

    @functools.cached_property
    def _sides(self) -> Mapping[Side, tuple[Participant, ...]]:
        a = tuple(p for p in self.participants if p.delegation == self.side_a.name)
        b = tuple(p for p in self.participants if p.delegation != self.side_a.name)
        return MappingProxyType({"A": a, "B": b})

    def side(self, side: Side) -> tuple[Participant, ...]:
        """The participants of side ``"A"`` (rows) or ``"B"`` (columns), in input order."""
        return self._sides[_check_side(side)]

    def ids(self, side: Side) -> tuple[str, ...]:
        """Ids of side ``"A"`` or ``"B"``, in row/column order."""
        return tuple(p.id for p in self.side(side))

    def delegation(self, side: Side) -> Delegation:
        """The :class:`Delegation` of side ``"A"`` or ``"B"``."""
        return self.side_a if _check_side(side) == "A" else self.side_b

    def locate(self, participant_id: str) -> tuple[Side, int]:
        """``(side, index)`` of a participant: its row (side A) or column (side B)."""
        try:
            return self._index[participant_id]
        except KeyError:
            raise KeyError(f"no participant {participant_id!r} in mission {self.name!r}") from None

    def replace(self, **changes: object) -> Mission:
        """A validated copy with some fields changed (e.g. ``participants=...``)."""
        # the checker cannot pair keys with field types; __post_init__ checks every field
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_participants(
        cls,
        participants: Iterable[Participant],
        *,
        name: str = "Business matching",
        side_a: str | Delegation | None = None,
        side_b: str | Delegation | None = None,
        date: dt.date | None = None,
        venue: str | None = None,
        timezone: str = "Asia/Jakarta",
    ) -> Mission:
        """A mission whose delegations are read off the participants' ``delegation`` field.

        Side A is ``side_a`` if given, else the first delegation named (other than
        ``side_b``); side B is ``side_b``, else the other one.  With both given, every
        participant's delegation must be one of them, and a side may have no participants
        yet.  Each delegation's province is its members' common province, if they share one.

        >>> ps = [Participant("b", "B", "Host", "Sumsel"), Participant("a", "A", "Guest", "Jatim")]
        >>> Mission.from_participants(ps, side_a="Guest").ids("A")
        ('a',)
        """
        people = tuple(participants)
        names = list(dict.fromkeys(p.delegation for p in people))
        given = {
            key: d.name if isinstance(d, Delegation) else d
            for key, d in (("side_a", side_a), ("side_b", side_b))
            if d is not None
        }
        # side A is side_a, else the first delegation not named side_b; side B likewise
        uncovered = [n for n in names if n not in given.values()]
        rest = list(uncovered)
        label_a = given["side_a"] if "side_a" in given else (rest.pop(0) if rest else None)
        label_b = given["side_b"] if "side_b" in given else (rest.pop(0) if rest else None)
        # a side named after no delegation is a mistake when the participants name one that
        # the sides given leave out (both sides given, all their delegations among them: a
        # side may be empty, as a mission of guests whose hosts are not listed yet)
        unknown = uncovered and any(n not in names for n in given.values())
        if rest or unknown or label_a is None or label_b is None or label_a == label_b:
            raise ValidationError(_delegation_problems(names, given))
        ordered = [label_a, label_b]

        def make(given: str | Delegation | None, label: str, role: Literal["visiting", "host"]) -> Delegation:
            if isinstance(given, Delegation):
                return given
            provinces = {p.province for p in people if p.delegation == label and p.country == "ID"}
            return Delegation(label, provinces.pop() if len(provinces) == 1 else None, role)

        return cls(
            name,
            make(side_a, ordered[0], "visiting"),
            make(side_b, ordered[1], "host"),
            people,
            date=date,
            venue=venue,
            timezone=timezone,
        )


def _delegation_problems(names: list[str], given: Mapping[str, str]) -> list[Problem]:
    """Why the participants' delegations ``names`` and the sides ``given`` (``side_a``,
    ``side_b``: a delegation's name) make no mission of two: a side named after no delegation
    of theirs while they name one the sides leave out (said as such, not as a count that
    contradicts itself), the same delegation on both sides, fewer than two delegations
    (unless both sides are given: a side may be empty), or more than two."""
    found = ", ".join(repr(n) for n in names) or "none"
    uncovered = [n for n in names if n not in given.values()]
    problems = [
        Problem(
            f"{key} {name!r} names no delegation of the participants; they name {found}",
            kind="unknown-side",
            field=key,
            hint=f"set {key} to one of them, written as the delegation column writes it",
            data={"given": name, "delegations": names},
        )
        for key, name in given.items()
        if uncovered and name not in names
    ]
    if len(given) == 2 and given["side_a"] == given["side_b"]:
        problems.append(
            Problem(
                f"side_a and side_b both name {given['side_a']!r}; the two sides are two delegations",
                kind="same-delegation",
                field="side_b",
                hint="name the other delegation in side_b, or leave side_b out",
                data={"name": given["side_a"]},
            )
        )
    elif len(names) < 2 and len(given) < 2:
        problems.append(too_few_delegations(names))
    elif len(names) > 2:
        # a Mission pairs two sides; the group path (matchmaker run, load_group_mission) takes more
        problems.append(
            Problem(
                f"a mission of two sides has two delegations; the participants name {len(names)} ({found})",
                kind="delegations",
                field="delegation",
                hint="load a table of more than two delegations with load_group_mission "
                "(matchmaker run plans it by itself)",
                data={"delegations": len(names)},
            )
        )
    return problems


def too_few_delegations(names: Sequence[str]) -> Problem:
    """The problem of a mission whose participants name fewer than two delegations (a
    :class:`Mission` pairs two; a :class:`~matchmaker.model.groups.GroupMission` two or more)."""
    found = ", ".join(repr(n) for n in names) or "none"
    return Problem(
        f"a mission needs at least two delegations; the participants name {len(names)} ({found})",
        kind="too-few-delegations",
        field="delegation",
        hint="the delegation column names the delegations that meet: two, or more for a "
        "mission of several delegations",
        data={"delegations": len(names)},
    )


def _check_side(side: str) -> Side:
    if side not in ("A", "B"):
        raise ValueError(f"side must be 'A' (rows) or 'B' (columns), got {side!r}")
    return side  # type: ignore[return-value]


@dataclass(frozen=True)
class Entry:
    """What the cross-participant rules look at: an id, its delegation and its wish lists.

    Loaders build entries from raw rows, so that rows which failed their own checks
    still take part in the duplicate and wish checks.
    """

    id: str
    delegation: str
    wishes: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, p: Participant) -> Entry:
        """The entry of a participant."""
        return cls(p.id, p.delegation, {field: getattr(p, field) for field in WISH_FIELDS})


def check_entries(entries: Sequence[Entry], names: tuple[str, str] | None) -> list[Problem]:
    """Cross-participant rules of a mission, each once: ids, sides and wishes.

    ``names`` are the two delegations; ``None`` skips the delegation check (a loader
    that found more than two names reports that once instead).
    """
    problems: list[Problem] = []
    first_side: dict[str, str] = {}
    for e in entries:
        if names is not None and e.delegation not in names:
            problems.append(unknown_delegation(e.id, e.delegation, names))
        if e.id not in first_side:
            first_side[e.id] = e.delegation
        elif first_side[e.id] != e.delegation:
            problems.append(
                Problem(
                    f"listed on both sides ({first_side[e.id]!r} and {e.delegation!r})",
                    kind="both-sides",
                    participants=(e.id,),
                    field="delegation",
                    hint="a business that both sells and buys is one participant on one side",
                )
            )
        else:
            problems.append(duplicate_id(e.id))
    for e in entries:
        for field, others in e.wishes.items():
            for other in others:
                if other not in first_side:
                    problems.append(
                        Problem(
                            f"{field} names {other!r}, who is not a participant",
                            kind="unknown-wish",
                            participants=(e.id,),
                            field=field,
                            hint="check the id",
                            data={"id": other, "field": field},
                        )
                    )
                elif first_side[other] == e.delegation and other != e.id:
                    problems.append(
                        Problem(
                            f"{field} names {other!r} of the same delegation; meetings are between the "
                            "two delegations only",
                            kind="same-side-wish",
                            participants=(e.id,),
                            field=field,
                            data={"id": other, "field": field},
                        )
                    )
    return problems


def unknown_delegation(participant_id: str, delegation: str, names: Sequence[str]) -> Problem:
    """The problem of a participant whose delegation is not one of the mission's (any mission).

    >>> p = unknown_delegation("X-1", "Bali", ("Jawa Timur", "Sumatera Selatan"))
    >>> print(p.message)
    delegation 'Bali' is neither 'Jawa Timur' nor 'Sumatera Selatan'
    >>> print(p.hint)
    use one of 'Jawa Timur', 'Sumatera Selatan'
    """
    # two names keep the sentence reporting.problems translates ("neither ... nor")
    which = (
        f"neither {names[0]!r} nor {names[1]!r}"
        if len(names) == 2
        else "not one of the mission's delegations"
    )
    return Problem(
        f"delegation {delegation!r} is {which}",
        kind="unknown-delegation",
        participants=(participant_id,),
        field="delegation",
        hint=f"use one of {', '.join(map(repr, names))}",
    )


def not_a_participant(item: object) -> Problem:
    """The problem of an item of a mission's participants that is not a :class:`Participant`."""
    return Problem(f"expected a Participant, got {type(item).__name__}", kind="type")


def duplicate_id(participant_id: str, *, hint: str = "give every participant its own id") -> Problem:
    """The problem of an id used by more than one participant (any mission).

    ``hint`` says what to do where the id comes from (e.g. a walk-in on the event day).
    """
    return Problem(
        "id used more than once",
        kind="duplicate-id",
        participants=(participant_id,),
        field="id",
        hint=hint,
    )


def check_participants(people: Sequence[object], name_a: str, name_b: str) -> list[Problem]:
    """The cross-participant rules (:func:`check_entries`) for a list of participants."""
    wrong = [not_a_participant(p) for p in people if not isinstance(p, Participant)]
    entries = [Entry.of(p) for p in people if isinstance(p, Participant)]
    return wrong + check_entries(entries, (name_a, name_b))


#: The hint of half a character in a command-line argument (``--name``, ``--who``).
ARGUMENT_HINT = "write the whole character (text from the command line must be UTF-8)"


def half_character(
    place: str,
    code: int,
    *,
    field: str | None = None,
    participants: tuple[str, ...] = (),
    hint: str = "write the whole character (text from the command line or the environment must be UTF-8)",
) -> Problem:
    """The ``lone-surrogate`` problem of the code point ``code`` (half of a UTF-16 pair) found
    at ``place`` in a text to be written: what every writer and the command line say.

    >>> print(half_character("--name", 0xDCFF, field="--name").message)
    half of a character at --name: \\udcff, which no UTF-8 file can hold
    """
    return Problem(
        f"half of a character at {place}: \\u{code:04x}, which no UTF-8 file can hold",
        kind="lone-surrogate",
        participants=participants,
        field=field,
        hint=hint,
    )


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def lone_surrogates(
    people: Iterable[Participant], mission: Roster | None = None, **texts: object
) -> list[Problem]:
    r"""A problem for each participant (and the mission's own texts) holding half of a character.

    A string built in Python can hold a lone surrogate (``"\ud800"``), which no UTF-8
    file can: the writers call this when encoding fails, to name who and which field
    instead of showing the encoder's message (the files read from disk are refused up
    front by :mod:`matchmaker._json`).  Extra columns are named by their column; ``texts``
    are other things the writer was given, by name: a text (an export's ``note``), or
    records holding texts (the event ``plan``'s table labels).

    >>> p = Participant("A1", "PT Maju\ud800", "Jawa Timur", "Jawa Timur")
    >>> [(q.participants, q.field, q.message) for q in lone_surrogates([p])]
    [(('A1',), 'name', 'half of a character at name: \\ud800, which no UTF-8 file can hold')]
    """
    problems: list[Problem] = []

    def found(hit: tuple[str, int] | None, field: str, who: tuple[str, ...] = ()) -> None:
        if hit is not None:
            problems.append(half_character(*hit, field=field, participants=who))

    for name, text in texts.items():
        found(half_character_at(text, name), name)
    if mission is not None:
        for f in dataclasses.fields(mission):  # type: ignore[arg-type]
            if f.name != "participants":
                found(half_character_at(getattr(mission, f.name), f"mission.{f.name}"), f.name)
    for p in people:
        who = (_printable(p.id),)
        for f in dataclasses.fields(p):
            if f.name == "extra":  # (column, text) pairs: named by their column
                for key, text in p.extra:
                    column = _printable(key)
                    found(half_character_at(key, "the name of an extra column"), column, who)
                    found(half_character_at(text, column), column, who)
            else:
                found(half_character_at(getattr(p, f.name), f.name), f.name, who)
    return problems


def unwritable(
    exc: UnicodeEncodeError, people: Iterable[Participant], mission: Roster | None = None, **texts: object
) -> ValidationError:
    """The error for ``exc``, a writer's UTF-8 encoding failing on half of a character: the
    :func:`lone_surrogates` of what it was given, or, when they are not what failed, one
    problem quoting the encoder (never its traceback)."""
    problems = lone_surrogates(people, mission, **texts)
    return ValidationError(problems or half_character("a text to be written", ord(exc.object[exc.start])))
