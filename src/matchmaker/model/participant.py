"""A business taking part in a mission: what it offers and needs, and its constraints."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from matchmaker.errors import JSONValue, Problem, ValidationError
from matchmaker.model.availability import TimeWindow
from matchmaker.model.lines import MAX_IDR, TradeLine, implausible_amount
from matchmaker.model.text import split_list
from matchmaker.reference.provinces import canonical_province, suggest_province

__all__ = [
    "WISH_FIELDS",
    "Participant",
    "certification_slips",
    "held_certification_slips",
    "split_requirement",
]

#: The three wish lists, strongest first.
WISH_FIELDS = ("must_meet", "would_like", "do_not_meet")
_ID = re.compile(r"^[^;\s](?:[^;]*[^;\s])?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Participant:
    """A business at the mission, on one of its two sides.

    Every field is checked when the object is made, and *all* problems are reported
    together in one :class:`~matchmaker.errors.ValidationError`.  Multi-valued fields
    accept any iterable, or a string of ``;``-separated items, and are stored as tuples;
    trade lines may be given as :class:`TradeLine` or in their text form.

    Parameters
    ----------
    id : str
        Stable identifier, unique within the mission (no ``;``, no surrounding spaces).
    name : str
        Company name.
    delegation : str
        Name of the delegation (side) the participant belongs to.
    province : str
        Home province; any accepted spelling (``"Jatim"``, ``"East Java"``) is stored
        under its canonical name.  Checked only when ``country == "ID"``; a foreign
        participant may leave it empty (``""`` or ``None``).
    country : str
        ISO 3166 alpha-2 code, default ``"ID"``.  Outside Indonesia ``province`` is a
        free-text region (matched against a user-supplied regional table when scoring).
    city, contact, email, phone : str, optional
        Contact details shown on agendas.
    offers, needs : tuple of TradeLine
        What the participant sells and what it wants to buy.
    certifications : tuple of str
        Certifications held (``"halal"``, ``"sni"``, ``"bpom"``...), stored lower-case.
    required_certifications : tuple of str
        Certifications this participant requires of the partners that sell to it:
        ``"halal"`` for everything it buys, ``"10631:halal"`` (or ``"HS:100630:halal"``)
        for one need line only — a seller lacking it cannot serve that line, and still
        serves the others.  A line-level item must name one of the participant's need
        lines (error ``unknown-line`` otherwise).  Stored lower-case, line items as
        ``CODE:certification`` with the code as the need line writes it; see
        :attr:`requires` and :attr:`line_requires`.
    languages : tuple of str
        Languages spoken, lower-case (``"id"``, ``"en"``, ``"jv"``).
    availability : tuple of TimeWindow
        When the participant can meet; empty means for the whole event.
    must_meet, would_like, do_not_meet : tuple of str
        Ids of participants on the other side: a meeting that must happen, a wish, a veto.
    min_meetings, max_meetings : int, optional
        Bounds on this participant's number of meetings (``None``: the event default).
    extra : tuple of (str, str)
        Extra columns from a loaded file, kept so that nothing is lost on a round trip.

    Raises
    ------
    ValidationError
        Listing every problem, each naming this participant and the field.

    Examples
    --------
    >>> p = Participant("JT-001", "CV Tani Makmur", "Jawa Timur", "Jatim",
    ...                 offers="10631=2500000000; HS:1006", certifications="Halal")
    >>> p.province, p.offers[1].key, p.certifications, p.role
    ('Jawa Timur', 'HS:1006', ('halal',), 'seller')
    >>> try:
    ...     Participant("X", "PT X", "A", "Jawa Tmur")
    ... except ValidationError as exc:
    ...     print(exc.problems[0].message, "|", exc.problems[0].hint)
    unknown province 'Jawa Tmur' | did you mean 'Jawa Timur'?
    """

    id: str
    name: str
    delegation: str
    province: str
    country: str = "ID"
    city: str | None = None
    contact: str | None = None
    email: str | None = None
    phone: str | None = None
    offers: tuple[TradeLine, ...] = ()
    needs: tuple[TradeLine, ...] = ()
    certifications: tuple[str, ...] = ()
    required_certifications: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    availability: tuple[TimeWindow, ...] = ()
    must_meet: tuple[str, ...] = ()
    would_like: tuple[str, ...] = ()
    do_not_meet: tuple[str, ...] = ()
    min_meetings: int | None = None
    max_meetings: int | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        set_ = object.__setattr__

        def report(
            field: str,
            message: str,
            kind: str,
            hint: str | None = None,
            data: Mapping[str, JSONValue] | None = None,
        ) -> None:
            problems.append(
                Problem(
                    message, kind=kind, participants=(str(self.id),), field=field, hint=hint, data=data or {}
                )
            )

        for name in ("id", "name", "delegation", "province", "country"):
            value = getattr(self, name)
            if name == "province" and not value and str(self.country).strip().upper() not in ("", "ID"):
                set_(self, name, "")  # a foreign participant may have no province (issue 16)
                continue
            if not isinstance(value, str) or not value.strip():
                report(name, f"{name} must be a non-empty text, got {value!r}", "missing")
            else:
                set_(self, name, value.strip())
        for name in ("city", "contact", "email", "phone"):
            value = getattr(self, name)
            if value is not None:
                set_(self, name, str(value).strip() or None)
        if isinstance(self.id, str) and self.id and not _ID.match(self.id):
            report(
                "id", f"id {self.id!r} may not contain ';'", "syntax", data={"case": "id", "value": self.id}
            )
        if self.email is not None and not _EMAIL.match(self.email):
            report(
                "email",
                f"{self.email!r} is not an e-mail address",
                "syntax",
                data={"case": "email", "value": self.email},
            )
        set_(self, "country", str(self.country).upper())
        if self.country == "ID" and isinstance(self.province, str) and self.province:
            canonical = canonical_province(self.province)
            if canonical is None:
                guesses = suggest_province(self.province)
                report(
                    "province",
                    f"unknown province {self.province!r}",
                    "unknown-province",
                    f"did you mean {guesses[0]!r}?"
                    if guesses
                    else "use a province name such as 'Jawa Timur'",
                )
            else:
                set_(self, "province", canonical)

        for name in ("offers", "needs"):
            set_(self, name, _lines(getattr(self, name), name, report))
            values = [line.value_idr for line in getattr(self, name) if line.value_idr is not None]
            if (
                all(0 <= v <= MAX_IDR for v in values) and sum(values) > MAX_IDR
            ):  # each line is checked on its own
                found = implausible_amount(sum(values), f"the {name} add up to a total that")
                report(name, found.message, found.kind, found.hint)
        for name in ("certifications", "required_certifications", "languages"):
            set_(self, name, tuple(dict.fromkeys(map(normal_item, _items(getattr(self, name))))))
        set_(
            self,
            "required_certifications",
            _line_requirements(self.required_certifications, self.needs, report),
        )
        set_(self, "availability", _windows(self.availability, report))
        for name in WISH_FIELDS:
            set_(self, name, tuple(dict.fromkeys(_items(getattr(self, name)))))
        self._check_wishes(report)
        self._check_bounds(report)
        set_(self, "extra", tuple((str(k), str(v)) for k, v in dict(self.extra).items()))
        if problems:
            raise ValidationError(problems)

    def _check_wishes(self, report: Any) -> None:
        for name in WISH_FIELDS:
            if self.id in getattr(self, name):
                report(name, f"{name} names the participant itself", "self-wish")
        for first, second in (("must_meet", "do_not_meet"), ("would_like", "do_not_meet")):
            both = sorted(set(getattr(self, first)) & set(getattr(self, second)))
            if both:
                report(
                    second,
                    f"{', '.join(both)} listed in both {first} and {second}",
                    "conflicting-wish",
                    "remove them from one of the two lists",
                    {"ids": both, "first": first, "second": second},
                )

    def _check_bounds(self, report: Any) -> None:
        for name in ("min_meetings", "max_meetings"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
                object.__setattr__(self, name, value)
            if isinstance(value, bool) or not isinstance(value, int):
                report(name, f"{name} must be a whole number, got {value!r}", "type")
            elif value < 0:
                report(
                    name,
                    f"{name} is negative ({value})",
                    "negative",
                    data={"case": "bound", "field": name, "value": value},
                )
        lo, hi = self.min_meetings, self.max_meetings
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            report(
                "min_meetings",
                f"min_meetings ({lo}) is greater than max_meetings ({hi})",
                "min-above-max",
                "lower min_meetings or raise max_meetings",
            )

    @property
    def requires(self) -> tuple[str, ...]:
        """The certifications required for everything the participant buys.

        >>> p = Participant("b", "B", "Y", "Sumsel", needs="10631; 10130",
        ...                 required_certifications="sni; 10130:halal; ISO 22000:2018")
        >>> p.requires, dict(p.line_requires)
        (('sni', 'iso 22000:2018'), {'KBLI:10130': ('halal',)})
        """
        return tuple(c for c in self.required_certifications if split_requirement(c)[0] is None)

    @property
    def line_requires(self) -> Mapping[str, tuple[str, ...]]:
        """``{need line key: certifications}`` required for single need lines (``"10631:halal"``),
        beyond those required for everything (:attr:`requires`)."""
        out: dict[str, tuple[str, ...]] = {}
        whole = set(self.requires)
        for item in self.required_certifications:
            code, cert = split_requirement(item)
            if code is not None and cert not in whole:
                key = _line_key(code)
                out[key] = (*out.get(key, ()), cert)
        return MappingProxyType(out)

    def line_requirements(self, line: TradeLine) -> tuple[str, ...]:
        """The certifications a seller needs to serve need ``line``: the participant's and the line's."""
        return tuple(dict.fromkeys((*self.requires, *self.line_requires.get(line.key, ()))))

    @property
    def role(self) -> Literal["seller", "buyer", "both", "none"]:
        """``"seller"`` (offers only), ``"buyer"`` (needs only), ``"both"`` or ``"none"``."""
        if self.offers and self.needs:
            return "both"
        if self.offers:
            return "seller"
        return "buyer" if self.needs else "none"

    def replace(self, **changes: object) -> Participant:
        """A validated copy with some fields changed."""
        # the checker cannot pair keys with field types; __post_init__ checks every field
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _items(value: Any) -> Iterable[str]:
    if value is None:
        return ()
    if isinstance(value, str):
        return split_list(value)
    return (str(v).strip() for v in value if str(v).strip())


def _lines(value: Any, field: str, report: Any) -> tuple[TradeLine, ...]:
    out: list[TradeLine] = []
    items = split_list(value) if isinstance(value, str) else (value or ())
    for item in items:
        try:
            line = item if isinstance(item, TradeLine) else TradeLine.parse(str(item))
        except ValidationError as exc:
            for p in exc.problems:
                report(field, p.message, p.kind, p.hint, p.data)
            continue
        out.append(line)
    seen: set[str] = set()
    for line in out:
        if line.key in seen:
            report(field, f"{line.key} is listed twice", "duplicate-line", "combine the two lines into one")
        seen.add(line.key)
    return tuple(out)


def _line_requirements(items: tuple[str, ...], needs: tuple[TradeLine, ...], report: Any) -> tuple[str, ...]:
    """Required certifications, line items (``CODE:cert``) checked against the need lines and normalised."""
    keys = {line.key: str(line).split("=")[0].split("|")[0] for line in needs}
    out: list[str] = []
    for item in items:
        code_of, cert = split_requirement(item)
        if code_of is None:
            out.append(item)
            continue
        code = code_of
        try:
            line = TradeLine.parse(code.upper())  # the items were case-folded; codes are upper-case
        except ValidationError:
            line = None
        if cert and line is not None and line.key in keys:
            out.append(f"{keys[line.key]}:{cert}")
            continue
        written = list(keys.values())
        # the item, its code and the needs it may name: the Indonesian text says them too
        data: dict[str, JSONValue] = {"item": item, "code": code, "needs": written}
        if not cert:
            message = f"{item!r} names no certification after the code"
            data["case"] = "no-certification"
        else:
            message = (
                f"{item!r} requires a certification of need line {code!r}, which is not one of the "
                f"participant's needs ({', '.join(written) or 'none'})"
            )
            close = difflib.get_close_matches(code.upper(), written, n=1, cutoff=0.75)
            if close:  # a slip of the code (10613 for 10631): the item as it was meant
                data |= {"case": "close", "guess": f"{close[0]}:{cert}"}
            elif not written:
                data["case"] = "no-needs"
        hint = (
            "write CODE:certification with CODE exactly as in needs (e.g. '10631:halal'), or the "
            "certification alone to require it for everything bought"
        )
        report(
            "required_certifications",
            message,
            "unknown-line",
            f"did you mean {data['guess']!r}? {hint}" if "guess" in data else hint,
            data,
        )
    return tuple(dict.fromkeys(out))


_WORD = re.compile(r"[^\W\d_]{2,}")  # a run of two letters or more
_SYSTEM_WORDS = frozenset({"kbli", "hs"})
_KATEGORI = re.compile(r"(?:kbli\s*:?\s*)?[a-z]")  # a KBLI kategori: one letter, A to U


def _names_line(code: str) -> bool:
    """Whether the text before a colon can be a need line's code: a KBLI kategori (one
    letter), or a digit with no word but a code system's name."""
    folded = code.casefold()
    if _KATEGORI.fullmatch(folded):
        return True
    return any(ch.isdigit() for ch in code) and set(_WORD.findall(folded)) <= _SYSTEM_WORDS


def split_requirement(item: str) -> tuple[str | None, str]:
    """``(code, certification)`` of a required certification: the need line's code of a
    ``CODE:certification`` item, else ``None`` and the item whole.

    The code is the text before a colon that can name a need line: a KBLI kategori (``C``,
    one letter), or text with a digit whose words are at most code-system names
    (``kbli:10631:halal``, ``hs:1701:halal``), so that a
    certification with a colon in its name is one certification (``ISO 22000:2018``,
    ``10631:ISO 22000:2018`` for one line).  An empty code is a line item too, refused by the
    participant's check as naming no need line.  ``Participant``, its checks and the file
    reader all split items here.

    >>> split_requirement("10631:halal"), split_requirement("kbli:10631:halal")
    (('10631', 'halal'), ('kbli:10631', 'halal'))
    >>> split_requirement("iso 22000:2018"), split_requirement("10631:iso 22000:2018")
    ((None, 'iso 22000:2018'), ('10631', 'iso 22000:2018'))
    >>> split_requirement("halal"), split_requirement("1o631:halal"), split_requirement(":halal")
    ((None, 'halal'), ('1o631', 'halal'), ('', 'halal'))
    >>> split_requirement("iso 22000:")  # nothing after the colon: a line item naming no certification
    ('iso 22000', '')
    """
    found: tuple[str | None, str] = (None, item)
    at = item.find(":")
    while at >= 0:
        code = item[:at].strip()
        if not code or _names_line(code):
            found = (code, item[at + 1 :].strip())
        at = item.find(":", at + 1)
    if found[0] is None and item.rstrip().endswith(":"):  # "ISO 22000:", "kbli:": nothing after it
        return item.rstrip()[:-1].strip(), ""
    return found


def normal_item(text: str) -> str:
    """A certification (or language) as it is compared: case and runs of spaces are not
    seen in a cell (``"Halal  MUI"`` is ``"halal mui"``).

    >>> normal_item(" Halal  MUI ")
    'halal mui'
    """
    return " ".join(text.casefold().split())


def certification_slips(
    person: Participant,
    held: Collection[str],
    *,
    column: str = "certifications",
    holders: Mapping[str, Collection[str]] | None = None,
    required_by: Collection[str] = (),
    delegations: Mapping[str, str] | None = None,
) -> list[Problem]:
    """The certifications ``person`` requires that no participant holds and that are one
    slip from one held (``halall`` for ``halal``): each an ``unknown-certification`` problem
    naming the item, its need line, the certifications held and the one meant.

    A requirement that no one holds and that is like none held is the participant's to
    make (no seller of the mission can serve it; the report says who falls short): only a
    slip is refused.  A slip is a certification of at least four characters that reads as
    a held one once spaces, dots, hyphens and underscores are dropped, or that has the same
    words but one with a typing slip in a word of five letters or more (:func:`_slip`:
    ``iso 9001`` and ``iso 9000`` are two certifications, ``rspo`` and ``ispo``, ``cpob``
    and ``cpotb``, ``halal mui`` and ``halal muis`` too).  ``column`` is the held
    certifications' column as the file names it (the hint names it; ``sertifikasi`` in an
    Indonesian header).

    With ``holders`` (each held certification's ids), ``required_by`` (the certifications
    some participant requires) and ``delegations`` (each id's delegation), a held one that a
    single participant of another delegation holds and none requires may be the slip instead
    (a seller's ``halall`` where a buyer requires ``halal``): the problem then names both
    cells and that holder (case ``held-once``), not only "did you mean" the held spelling.
    An item required of every seller whose name holds a colon (``iso 22000:2018``) and that
    no participant holds is refused too, slip or not (case ``colon``): its colon may have
    been meant to name a need line (``1OO30:halal``, a letter O for a zero).

    >>> b = Participant("B1", "PT B", "Y", "Sumsel", needs="10631", required_certifications="10631:halall")
    >>> (p,) = certification_slips(b, {"halal", "sni"})
    >>> print(p.message)  # doctest: +NORMALIZE_WHITESPACE
    '10631:halall' requires 'halall' of the sellers of need line '10631', a certification no
    participant holds (held: halal, sni)
    >>> print(p.hint)  # doctest: +NORMALIZE_WHITESPACE
    did you mean '10631:halal'? a required certification is written as the certifications column
    writes it; case does not matter
    >>> certification_slips(b.replace(required_certifications="kosher"), {"halal", "sni"})
    []
    >>> s = Participant("B2", "PT C", "Y", "Sumsel", needs="10631", required_certifications="halal")
    >>> holders = {"halall": ["A1"], "sni": ["A2"]}
    >>> (p,) = certification_slips(s, holders, holders=holders, required_by={"halal", "sni"})
    >>> print(p.message)  # doctest: +NORMALIZE_WHITESPACE
    'halal' is required of every seller, a certification no participant holds (held: halall, sni);
    only A1 holds 'halall', one slip from it, and no participant requires that
    >>> print(p.hint)  # doctest: +NORMALIZE_WHITESPACE
    one of the two is misspelt: write 'halall' here if it is meant, else correct A1's certifications
    cell to 'halal'; case does not matter
    """
    known = sorted(set(held))
    out: list[Problem] = []
    for item in person.required_certifications:
        code_of, cert = split_requirement(item)
        code = code_of or ""
        if cert in held:
            continue
        meant = _slip(cert, known)
        if meant is None:
            if code_of is None and ":" in cert:
                out.append(_colon_item(person, cert, known, column))
            continue
        guess = f"{code}:{meant}" if code else meant
        data: dict[str, JSONValue] = {
            "item": item,
            "certification": cert,
            "known": known,
            "guess": guess,
            "meant": meant,
            "other_column": column,
        }
        if code:
            data |= {"case": "line", "code": code}
            what = f"{item!r} requires {cert!r} of the sellers of need line {code!r}"
        else:
            what = f"{cert!r} is required of every seller"
        message = f"{what}, a certification no participant holds (held: {_shown(known)})"
        hint = (
            f"did you mean {guess!r}? a required certification is written as the {column} column writes "
            "it; case does not matter"
        )
        ids: tuple[str, ...] = (person.id,)
        # a holder that could be a partner of this one's (another delegation), not this one
        side = (delegations or {}).get(person.id)
        owners = sorted(
            h
            for h in (holders or {}).get(meant, ())
            if h and h != person.id and (delegations is None or delegations.get(h) != side)
        )
        if len(owners) == 1 and meant not in required_by:  # the held spelling may be the slip
            (holder,) = owners
            data |= {"case": "line-held-once" if code else "held-once", "holder": holder}
            message += f"; only {holder} holds {meant!r}, one slip from it, and no participant requires that"
            hint = (
                f"one of the two is misspelt: write {guess!r} here if it is meant, else correct {holder}'s "
                f"{column} cell to {cert!r}; case does not matter"
            )
            ids = (person.id, holder)
        out.append(
            Problem(
                message,
                kind="unknown-certification",
                participants=ids,
                field="required_certifications",
                hint=hint,
                data=data,
            )
        )
    return out


def _colon_item(person: Participant, cert: str, known: Sequence[str], column: str) -> Problem:
    """The problem of a requirement of every seller with a colon in its name that no one holds."""
    left = cert.rpartition(":")[0].strip()
    return Problem(
        f"{cert!r} is required of every seller, a certification no participant holds (held: "
        f"{_shown(known)}); a colon names a need line only after its code",
        kind="unknown-certification",
        participants=(person.id,),
        field="required_certifications",
        hint=f"if {left!r} is a need line, write its code as in needs (e.g. '10631:halal'); else write the "
        f"certification as the {column} column writes it; case does not matter",
        data={
            "item": cert,
            "certification": cert,
            "known": list(known),
            "left": left,
            "case": "colon",
            "other_column": column,
        },
    )


def held_certification_slips(
    person: Participant,
    required_by: Mapping[str, Collection[str]],
    holders: Mapping[str, Collection[str]],
    *,
    column: str = "required_certifications",
) -> list[Problem]:
    """The certifications ``person`` holds that no participant requires and no other holds,
    and that are one slip from one required (``halall`` for ``halal``): each an
    ``unrequired-certification`` problem naming the item, the one meant and who requires it.

    The mirror of :func:`certification_slips`, with the same rule for a slip: a seller
    that holds ``halall`` would silently lose every buyer requiring ``halal``.  A
    certification held by another participant too, or required by one, is as meant;
    one like none required is the holder's to have (it is then merely unused).  Only
    required certifications that some participant holds are meant: one that no one holds
    and that is one slip from a held one is told once, by :func:`certification_slips`
    (the slip, there, may be the requirement's).
    ``required_by`` maps each required certification (without its need line) to the ids
    requiring it, ``holders`` each held one to the ids holding it; ``column`` is the
    required certifications' column as the file names it (the hint names it).

    >>> s = Participant("S1", "PT S", "X", "Jatim", offers="10631", certifications="halall; bpom")
    >>> holders = {"halall": ["S1"], "bpom": ["S1"], "halal": ["S2"]}
    >>> (p,) = held_certification_slips(s, {"halal": ["B1", "B2"]}, holders)
    >>> print(p.message)  # doctest: +NORMALIZE_WHITESPACE
    'halall' is held, a certification no participant requires and no other holds; 'halal' is
    required by B1 and B2
    >>> print(p.hint)  # doctest: +NORMALIZE_WHITESPACE
    did you mean 'halal'? a held certification is written as the required_certifications column
    writes it; case does not matter
    >>> held_certification_slips(s, {"halal": ["B1"]}, {**holders, "halall": ["S1", "S3"]})
    []
    >>> held_certification_slips(s, {"halal": ["B1"]}, {"halall": ["S1"]})  # told from its side
    []
    """
    required = sorted(c for c in required_by if holders.get(c))
    out: list[Problem] = []
    for cert in person.certifications:
        if cert in required_by or set(holders.get(cert, ())) - {person.id}:
            continue
        meant = _slip(cert, required)
        if meant is None:
            continue
        by = sorted(set(required_by[meant]))
        said = _shown(by, conjunction=True)
        out.append(
            Problem(
                f"{cert!r} is held, a certification no participant requires and no other holds; "
                f"{meant!r} is required by {said}",
                kind="unrequired-certification",
                participants=(person.id,),
                field="certifications",
                hint=f"did you mean {meant!r}? a held certification is written as the {column} "
                "column writes it; case does not matter",
                data={
                    "item": cert,
                    "guess": meant,
                    "required_by": by,
                    "other_column": column,
                },
            )
        )
    return out


def _slip(cert: str, known: Sequence[str]) -> str | None:
    """The one of ``known`` (sorted) that ``cert`` is one slip from, if any (see
    :func:`certification_slips`): the same once spaces, dots, hyphens and underscores are
    dropped, or the same words but one with a typo (:func:`_typo`).

    Certifications are often acronyms a letter apart that name other things: ``cpob`` and
    ``cpotb`` (medicines, traditional medicines), ``bpom md`` and ``bpom ml``, ``halal mui``
    and ``halal muis``, ``organic eu`` and ``organic us``, ``grade a`` and ``grade b``, and a
    word more is another scheme (``iso 9001``, ``sni iso 9001``): none of those is a slip.

    >>> _slip("halall", ["halal"]), _slip("halal-mui", ["halal mui"]), _slip("organik", ["organic"])
    ('halal', 'halal mui', 'organic')
    >>> [_slip(a, [b]) for a, b in [("cpotb", "cpob"), ("cppob", "cpotb"), ("bpom ml", "bpom md"),
    ...  ("halal muis", "halal mui"), ("organic us", "organic eu"), ("sni iso 9001", "iso 9001"),
    ...  ("grade b", "grade a"), ("iso 9000", "iso 9001"), ("rspo", "ispo"), ("sertifikasi", "sertifikat")]]
    [None, None, None, None, None, None, None, None, None, None]
    """
    if len(cert) < 4:
        return None
    squeezed = {_squeeze(c): c for c in known}
    meant = squeezed.get(_squeeze(cert))
    if meant is not None:
        return meant
    words = cert.split()
    for c in known:
        other = c.split()
        if len(other) != len(words) or other == words:
            continue
        differ = [(w, v) for w, v in zip(words, other, strict=True) if w != v]
        if len(differ) == 1 and _typo(*differ[0]):
            return c
    return None


def _typo(a: str, b: str) -> bool:
    """Whether words ``a`` and ``b`` are one typing slip apart: a letter left out, added,
    changed or two swapped, in words of five letters or more with the same digits (short
    words are acronyms, where a letter is another name)."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
        return len(diff) == 1 or swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _shown(values: Sequence[str], *, conjunction: bool = False) -> str:
    """The first eight of ``values``, and how many more: ``halal, sni`` (``B1, B2 and B3``)."""
    if len(values) > 8:
        return ", ".join(values[:8]) + f" and {len(values) - 8} more"
    if conjunction and len(values) > 1:
        return ", ".join(values[:-1]) + f" and {values[-1]}"
    return ", ".join(values)


_DIGITS = re.compile(r"\d+")


def _squeeze(certification: str) -> str:
    """A certification without the spaces, dots, hyphens and underscores people vary."""
    return re.sub(r"[\s._-]+", "", certification)


def _windows(value: Any, report: Any) -> tuple[TimeWindow, ...]:
    out: list[TimeWindow] = []
    items = split_list(value) if isinstance(value, str) else (value or ())
    for item in items:
        try:
            out.append(item if isinstance(item, TimeWindow) else TimeWindow.parse(str(item)))
        except ValidationError as exc:
            for p in exc.problems:
                report("availability", p.message, p.kind, p.hint, p.data)
    return tuple(sorted(out, key=lambda w: (w.day or dt.date.min, w.start)))


@functools.lru_cache(maxsize=4096)
def _line_key(code: str) -> str:
    """The need-line key of a ``CODE:certification`` item's code (parsed once per distinct code:
    scoring reads :attr:`Participant.line_requires` on every call)."""
    return TradeLine.parse(code.upper()).key
