"""The participant table: its columns, and the conversion of rows to participants and back.

One row per participant.  Column names are case-insensitive; spaces and hyphens count
as underscores; the Indonesian names in brackets are accepted too.  Only the first four
columns are required.  Columns the table does not know are kept with the participant
(``Participant.extra``) and written back, unless their name is close to a known column,
which is reported as a probable typo.

========================  ==========================================  ====================================
column                    holds                                       example
========================  ==========================================  ====================================
id                        unique id (no ``;``)                        ``JT-001``
name (nama)               company name                                ``CV Tani Makmur``
delegation (delegasi)     which side: the delegation's name            ``Jawa Timur``
province (provinsi)       home province                               ``Jawa Timur``, ``Jatim``
country (negara)          ISO code, default ``ID``                    ``ID``
city (kota)               city or regency                             ``Malang``
contact (kontak)          contact person                              ``Budi Santoso``
email, phone (telepon)    contact details                             ``budi@example.co.id``
offers (penawaran)        trade lines offered, ``;``-separated         ``10631=2500000000; HS:1006``
offers_hs                 the same, HS codes without ``HS:``           ``1006; 100630``
needs (kebutuhan)         trade lines wanted                          ``46311=1000000000|50 t``
needs_hs                  the same, HS codes without ``HS:``           ``0207``
certifications            held (sertifikasi)                          ``halal; sni``
required_certifications   required of suppliers                       ``halal``
languages (bahasa)        spoken                                      ``id; en; jv``
availability              windows (ketersediaan)                      ``09:00-12:00; 13:00-16:00``
must_meet                 ids that must be met (wajib_bertemu)         ``SS-014``
would_like                ids wished for (ingin_bertemu)               ``SS-003; SS-020``
do_not_meet               ids not to meet (tidak_bertemu)              ``SS-099``
min_meetings              fewest meetings (min_pertemuan)             ``2``
max_meetings              most meetings (maks_pertemuan)              ``8``
========================  ==========================================  ====================================

The text forms of trade lines, windows and amounts are those of
:mod:`matchmaker.model.text`.  Rows are numbered as a spreadsheet shows them: the
header is row 1.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from matchmaker.errors import DataFileError, JSONValue, Problem, ValidationError
from matchmaker.io.cells import restore
from matchmaker.io.sheets import Sheet, read_problems
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Entry, check_entries
from matchmaker.model.participant import (
    WISH_FIELDS,
    Participant,
    certification_slips,
    held_certification_slips,
    normal_item,
    split_requirement,
)
from matchmaker.model.text import join_list, split_list

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "TEMPLATE_EXAMPLES",
    "is_participant_header",
    "participant_to_row",
    "rows_to_participants",
    "sheet_to_participants",
]

#: Every column, in the order writers use.
COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "delegation",
    "province",
    "country",
    "city",
    "contact",
    "email",
    "phone",
    "offers",
    "needs",
    "certifications",
    "required_certifications",
    "languages",
    "availability",
    "must_meet",
    "would_like",
    "do_not_meet",
    "min_meetings",
    "max_meetings",
)
#: Columns a table must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "name", "delegation", "province")
_INPUT_ONLY = ("offers_hs", "needs_hs")
_ALIASES = {
    "nama": "name",
    "nama_perusahaan": "name",
    "company": "name",
    "company_name": "name",
    "delegasi": "delegation",
    "side": "delegation",
    "provinsi": "province",
    "negara": "country",
    "kota": "city",
    "kabupaten_kota": "city",
    "kontak": "contact",
    "contact_person": "contact",
    "telepon": "phone",
    "no_hp": "phone",
    "penawaran": "offers",
    "menawarkan": "offers",
    "kebutuhan": "needs",
    "membutuhkan": "needs",
    "sertifikasi": "certifications",
    "sertifikasi_dibutuhkan": "required_certifications",
    "bahasa": "languages",
    "ketersediaan": "availability",
    "wajib_bertemu": "must_meet",
    "ingin_bertemu": "would_like",
    "tidak_bertemu": "do_not_meet",
    "min_pertemuan": "min_meetings",
    "maks_pertemuan": "max_meetings",
}
_INT_COLUMNS = ("min_meetings", "max_meetings")
#: The company names of the example rows ``matchmaker init`` writes in its templates (both
#: languages): a table that holds them beside other rows is refused, since the examples
#: would be matched, messaged and listed in the contacts like the organiser's participants.
TEMPLATE_EXAMPLES: tuple[str, ...] = ("CV Contoh Tani Makmur", "PT Contoh Sriwijaya Pangan")
_LIST_COLUMNS = ("certifications", "required_certifications", "languages", "availability", *WISH_FIELDS)


def normalise_header(name: str) -> str:
    """The canonical column for a header cell (unknown names are only tidied).

    >>> normalise_header(" Nama Perusahaan "), normalise_header("Must-Meet"), normalise_header("Notes")
    ('name', 'must_meet', 'notes')
    """
    key = re.sub(r"[\s\-]+", "_", name.strip().casefold())
    return _ALIASES.get(key, key)


#: The Indonesian header of each column that has one (the templates' ``peserta`` headers).
_INDONESIAN_NAMES: Mapping[str, str] = {
    "name": "nama",
    "delegation": "delegasi",
    "province": "provinsi",
    "country": "negara",
    "city": "kota",
    "contact": "kontak",
    "phone": "telepon",
    "offers": "penawaran",
    "needs": "kebutuhan",
    "certifications": "sertifikasi",
    "required_certifications": "sertifikasi_dibutuhkan",
    "languages": "bahasa",
    "availability": "ketersediaan",
    "must_meet": "wajib_bertemu",
    "would_like": "ingin_bertemu",
    "do_not_meet": "tidak_bertemu",
    "min_meetings": "min_pertemuan",
    "max_meetings": "maks_pertemuan",
}
_INDONESIAN_WORDS = frozenset(k for k, v in _ALIASES.items() if k not in ("company", "company_name", "side"))
_ENGLISH_WORDS = frozenset(_INDONESIAN_NAMES)  # those two languages spell alike: id, email
#: The group path's optional columns (``matchmaker.model.groups``), kept as extra columns
#: here; ``mode_pertemuan`` is close to ``min_pertemuan`` yet no typo of it.
_GROUP_COLUMNS = frozenset(
    {
        "team_size",
        "jumlah_perwakilan",
        "mode",
        "mode_pertemuan",
        "meeting_link",
        "tautan_pertemuan",
        "timezone",
        "zona_waktu",
        "group_meeting",
        "pertemuan_kelompok",
        "group_meeting_slots",
        "slot_pertemuan_kelompok",
    }
)


def header_language(labels: Sequence[str]) -> str:
    """``"id"`` when more of the headers are Indonesian names than English ones, else ``"en"``.

    >>> header_language(["id", "nama", "delegasi", "kota"]), header_language(["id", "name", "Nama"])
    ('id', 'en')
    """
    keys = [re.sub(r"[\s\-]+", "_", str(label).strip().casefold()) for label in labels if label]
    indonesian = sum(k in _INDONESIAN_WORDS for k in keys)
    return "id" if indonesian > sum(k in _ENGLISH_WORDS for k in keys) else "en"


def column_name(column: str, lang: str) -> str:
    """How a header in ``lang`` spells the canonical ``column``.

    >>> column_name("province", "id"), column_name("province", "en"), column_name("id", "id")
    ('provinsi', 'province', 'id')
    """
    return _INDONESIAN_NAMES.get(column, column) if lang == "id" else column


def _missing_columns(
    missing: Sequence[str], labels: Sequence[str], source: str, *, indonesian: bool
) -> Problem:
    """The problem of required columns the header lacks, named as the file would spell them
    (an Indonesian header's ``provinsi``), with the other accepted name beside it."""
    lang = "id" if indonesian else "en"
    named = [column_name(c, lang) for c in missing]
    said = ", ".join(named)
    if indonesian and named != list(missing):  # the English name is accepted too
        said += f" (or {', '.join(missing)})"
    required = [column_name(c, lang) for c in REQUIRED_COLUMNS]
    hint = "the header must name " + ", ".join(required)
    data: dict[str, JSONValue] = {"columns": list(missing), "named": named, "required": required}
    joined = ",".join(labels)
    if len(labels) == 1 and any(d in joined for d in (";", ",", "\t", "|")):
        hint = "the header is a single column: the file seems to use another delimiter"
        data["case"] = "delimiter"
    return Problem(
        f"missing column{'s' if len(missing) > 1 else ''} {said}",
        kind="missing-column",
        source=source,
        row=1,
        hint=hint,
        data=data,
    )


@dataclass(frozen=True)
class Header:
    """A table's header, checked: which canonical column sits in which position."""

    columns: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def read(cls, labels: Sequence[str], source: str) -> Header:
        """Check a header row; raises :class:`DataFileError` listing every problem."""
        header, problems = cls.check(labels, source)
        if problems:
            raise DataFileError(problems)
        return header

    @classmethod
    def check(cls, labels: Sequence[str], source: str) -> tuple[Header, list[Problem]]:
        """A header and its problems; only a missing required column stops the reading of rows.

        Columns are named as the file spells them: a header in Indonesian (``nama``,
        ``provinsi``) is told of ``provinsi``, with the English name beside it.
        """
        labels = tuple("" if label is None else str(label) for label in labels)
        columns = tuple(normalise_header(label) for label in labels)
        indonesian = header_language(labels) == "id"
        known = set(COLUMNS) | set(_INPUT_ONLY)
        # a misspelt Indonesian header is close to its Indonesian name, not to the English one
        spellings = sorted(known | set(_INDONESIAN_NAMES.values()))
        problems: list[Problem] = []
        meant: set[str] = set()  # required columns a misspelt header stands for
        for i, (label, column) in enumerate(zip(labels, columns, strict=True)):
            if not column:
                continue
            if column in columns[:i]:
                problems.append(
                    Problem(
                        f"column {label!r} appears more than once",
                        kind="duplicate-column",
                        source=source,
                        row=1,
                        column=label,
                    )
                )
            elif column not in known and column not in _GROUP_COLUMNS:
                close = difflib.get_close_matches(column, spellings, n=1, cutoff=0.8)
                if close and normalise_header(close[0]) not in columns:
                    meant.add(normalise_header(close[0]))
                    problems.append(
                        Problem(
                            f"unknown column {label!r}",
                            kind="unknown-column",
                            source=source,
                            row=1,
                            column=label,
                            hint=f"did you mean {close[0]!r}? Rename it, or give it a name "
                            "further from the known columns to keep it as an extra column",
                            data={"meant": close[0]},
                        )
                    )
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        # a required column whose header is misspelt is told once, by the typo's problem
        untold = [c for c in missing if c not in meant]
        if untold:
            problems.append(_missing_columns(untold, labels, source, indonesian=indonesian))
        return cls(columns, labels), problems

    @property
    def complete(self) -> bool:
        """Whether every required column is there (else the rows are not read)."""
        return all(c in self.columns for c in REQUIRED_COLUMNS)

    def label(self, column: str) -> str:
        """The header text the file uses for a canonical ``column``."""
        return self.labels[self.columns.index(column)] if column in self.columns else column


def is_participant_header(labels: Sequence[str]) -> bool:
    """Whether a row names every required column (a title row above the header does not).

    >>> is_participant_header(["ID", "Nama", "Delegasi", "Provinsi"])
    True
    >>> is_participant_header(["Daftar peserta misi dagang"])
    False
    """
    columns = {normalise_header(label) for label in labels if label}
    return all(c in columns for c in REQUIRED_COLUMNS)


def sheet_to_participants(sheet: Sheet, *, any_delegations: bool = False) -> tuple[Participant, ...]:
    """Participants from a raw :class:`~matchmaker.io.sheets.Sheet`; every problem reported at once.

    Header problems other than a missing required column do not stop the reading of the
    rows, so one pass finds them all.  ``any_delegations``: a table of more than two
    delegations is read (for :class:`~matchmaker.model.groups.GroupMission`).
    """
    header, problems = Header.check(sheet.labels, sheet.source)
    problems = [p.located(row=sheet.header_row) if p.row == 1 else p for p in problems]
    if not header.complete:  # told by a missing-column problem, or by the misspelt header's
        raise DataFileError(problems)
    return rows_to_participants(
        header, sheet.rows, sheet.source, [*problems, *sheet.problems], any_delegations=any_delegations
    )


def rows_to_participants(
    header: Header,
    rows: Iterable[tuple[int, Sequence[object]]],
    source: str,
    problems: Sequence[Problem] = (),
    *,
    any_delegations: bool = False,
) -> tuple[Participant, ...]:
    """Participants from ``(row_number, cells)`` pairs; every problem in the file is reported at once.

    ``problems`` already found in the file (its header, misaligned rows) are reported
    with the others.  Rows that fail their own checks still take part in the checks
    across rows (duplicate ids, wishes naming unknown participants).

    Raises
    ------
    DataFileError
        Listing each problem with its file, row and column; also for a table with no rows.
    """
    found = list(problems)
    people: list[Participant] = []
    people_rows: list[int] = []
    # every row's certifications (those of rows with problems too), who holds each, who requires each
    holders: dict[str, set[str]] = {}
    required_by: dict[str, set[str]] = {}
    entries: list[Entry] = []
    row_of: list[int] = []
    examples: list[tuple[int, str, str]] = []  # (row, id, name) of the templates' example rows
    for number, cells in rows:
        record = _record(header, cells)
        if not any(v for k, v in record.items() if k not in ("extra", "unnamed")) and not record.get(
            "unnamed"
        ):
            continue  # blank row
        entries.append(_entry(record))
        row_of.append(number)
        name = str(record.get("name") or "").strip()
        if name.casefold() in _EXAMPLE_KEYS:
            examples.append((number, entries[-1].id, name))
        for k in record.pop("unnamed", ()):
            found.append(
                Problem(
                    f"data in column {_letters(k)} ({k + 1}), which has no header",
                    kind="unnamed-column",
                    source=source,
                    row=number,
                    column=_letters(k),
                    hint="name the column in row 1 (it is then kept as an extra column) or delete the data",
                )
            )
        pid = str(record.get("id") or "").strip()
        # as Participant normalises them (normal_item), rows with problems too
        for cert in map(normal_item, split_list(str(record.get("certifications") or ""))):
            holders.setdefault(cert, set()).add(pid)
        for item in split_list(str(record.get("required_certifications") or "")):
            required_by.setdefault(normal_item(split_requirement(item)[1]), set()).add(pid)
        try:
            people.append(_participant(record, header, source, number))
            people_rows.append(number)
        except ValidationError as exc:
            found += [_locate(p, header, source, number) for p in exc.problems]
    if not entries and not found:
        raise DataFileError(
            Problem(
                "the table has no participants",
                kind="empty",
                source=source,
                hint="add one row per participant below the header",
            )
        )
    if examples and len(examples) < len(entries):  # the examples alone are a try-out, and run
        found.append(_examples_kept(examples, header, source))
        # the rest is checked as it will be once they are deleted (their ids may be the same)
        kept = [k for k, n in enumerate(row_of) if n not in {row for row, _, _ in examples}]
        entries, row_of = [entries[k] for k in kept], [row_of[k] for k in kept]
    found += _cross_checks(entries, row_of, header, source, any_delegations)
    required_by.pop("", None)  # an item with no certification after its code (told above)
    held_in, required_in = header.label("certifications"), header.label("required_certifications")
    delegations = {p.id: p.delegation for p in people}
    for person, number in zip(people, people_rows, strict=True):  # a required or held one mistyped
        slips = certification_slips(
            person, holders, column=held_in, holders=holders, required_by=required_by, delegations=delegations
        )
        slips += held_certification_slips(person, required_by, holders, column=required_in)
        found += [_locate(p, header, source, number) for p in slips]
    if found:
        raise DataFileError(sorted(read_problems(found), key=lambda p: p.row or 0))
    return tuple(people)


_EXAMPLE_KEYS = frozenset(name.casefold() for name in TEMPLATE_EXAMPLES)


def _examples_kept(examples: Sequence[tuple[int, str, str]], header: Header, source: str) -> Problem:
    """The problem of the templates' example rows left above the organiser's participants."""
    rows = [row for row, _, _ in examples]
    said = f"row {rows[0]}" if len(rows) == 1 else f"rows {', '.join(map(str, rows[:-1]))} and {rows[-1]}"
    names = ", ".join(repr(name) for _, _, name in examples)
    return Problem(
        f"{said} {'is' if len(rows) == 1 else 'are'} the template's example{'s' if len(rows) > 1 else ''} "
        f"({names}): beside your participants they would be matched, sent messages and listed in "
        "contacts.csv",
        kind="template-example",
        participants=tuple(pid for _, pid, _ in examples if pid),
        source=source,
        row=rows[0],
        column=header.label("name"),
        hint=f"delete {said}, which matchmaker init wrote as examples",
        data={"rows": rows, "names": [name for _, _, name in examples]},
    )


def _letters(k: int) -> str:
    """Spreadsheet column letters of the 0-based column ``k``: 0 → A, 26 → AA."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(65 + r) + out
    return out


def _entry(record: Mapping[str, Any]) -> Entry:
    wishes = {field: split_list(str(record.get(field) or "")) for field in WISH_FIELDS}
    return Entry(str(record.get("id") or ""), str(record.get("delegation") or ""), wishes)


def _cross_checks(
    entries: list[Entry], row_of: list[int], header: Header, source: str, any_delegations: bool = False
) -> list[Problem]:
    """The mission's rules across rows, each problem placed at its row (the repeat, for a duplicate)."""
    delegations = list(dict.fromkeys(e.delegation for e in entries if e.delegation))
    found: list[Problem] = []
    names: tuple[str, str] | None = None
    if any_delegations:  # a group mission checks its delegations and wishes itself
        pass
    elif len(delegations) > 2:  # one message is clearer than one per row
        found.append(
            Problem(
                f"the table names {len(delegations)} delegations ({', '.join(map(repr, delegations))}); "
                "a mission has two",
                kind="delegations",
                source=source,
                column=header.label("delegation"),
                hint="the delegation column must hold exactly two names, one per side",
            )
        )
    elif len(delegations) == 2:
        names = (delegations[0], delegations[1])
    rows_of: dict[str, list[int]] = {}
    for e, n in zip(entries, row_of, strict=True):
        rows_of.setdefault(e.id, []).append(n)
    # an empty id is told by its own row ("id must be a non-empty text"), not as a repeat
    named = [e for e in entries if e.id]
    problems = check_entries(named, names)
    repeated = {pid for pid, rows in rows_of.items() if pid and len(rows) > 1}
    follow_on = _follow_ons(problems, repeated)
    told = {id(p) for by_id in follow_on.values() for p in by_id["told"]}
    repeats: dict[str, int] = {}
    located: list[Problem] = []
    for p in problems:
        pid = p.participants[0] if p.participants else ""
        rows = rows_of.get(pid, [])
        if p.kind == "duplicate-id":  # at each repeat's row, naming every row; the lost wishes once
            repeats[pid] = repeats.get(pid, 0) + 1
            lost = follow_on.get(pid, {}) if repeats[pid] == 1 else {}
            located.append(_locate(_duplicate(pid, rows, lost), header, source, rows[repeats[pid]]))
            continue
        if id(p) in told:  # said with the repeat it follows from
            continue
        if p.kind == "both-sides":  # the k-th repeat of an id is at its (k+1)-th row
            repeats[pid] = repeats.get(pid, 0) + 1
            at: int | None = rows[repeats[pid]]
        else:
            at = rows[0] if rows else None
        located.append(_locate(p, header, source, at))
    return found + located


def _wished(problem: Problem) -> str | None:
    """The id an ``unknown-wish`` problem names (None for other problems)."""
    value = problem.data.get("id") if problem.kind == "unknown-wish" else None
    return value if isinstance(value, str) else None


def _follow_ons(problems: Sequence[Problem], repeated: set[str]) -> dict[str, dict[str, list[Problem]]]:
    """Wishes naming an unknown id that is one slip from a repeated id, by the repeated id.

    A row copied and left with the id of the row it came from (``JT-004`` twice, no
    ``JT-005``) makes every wish for the lost id unknown: those follow from the repeat and
    are told with it, not each on its own.  An unknown id close to no repeated one is
    reported as usual.
    """
    out: dict[str, dict[str, list[Problem]]] = {}
    if not repeated:
        return out
    for p in problems:
        wished = _wished(p)
        if wished is None:
            continue
        close = difflib.get_close_matches(wished, sorted(repeated), n=1, cutoff=0.8)
        if close:
            out.setdefault(close[0], {}).setdefault("told", []).append(p)
    return out


def _duplicate(pid: str, rows: Sequence[int], follow_on: Mapping[str, Sequence[Problem]]) -> Problem:
    """The problem of an id on several rows, naming them all, and the unknown ids its wishes
    name that the repeat may have taken the place of (:func:`_follow_ons`)."""
    said = ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"
    message = f"id {pid!r} used more than once: rows {said}"
    data: dict[str, JSONValue] = {"id": pid, "rows": list(rows)}
    told = follow_on.get("told", ())
    if told:
        lost = sorted({w for p in told if (w := _wished(p)) is not None})
        by = list(dict.fromkeys(q for p in told for q in p.participants))
        fields = list(dict.fromkeys(str(p.data.get("field")) for p in told))
        message += (
            f"; no row has {' or '.join(map(repr, lost))}, which {', '.join(by)} name ({', '.join(fields)}): "
            f"if one of these rows is {' or '.join(map(repr, lost))}, correct its id"
        )
        data |= {"lost": lost, "named_by": by, "fields": fields}
    return Problem(
        message,
        kind="duplicate-id",
        participants=(pid,),
        field="id",
        hint="give every participant its own id",
        data=data,
    )


def _record(header: Header, cells: Sequence[object]) -> dict[str, Any]:
    record: dict[str, Any] = {"extra": {}}
    width = len(header.columns)
    padded = [*cells[:width], *[None] * (width - len(cells))]  # spreadsheets drop trailing empty cells
    for k, (column, label, cell) in enumerate(zip(header.columns, header.labels, padded, strict=True)):
        text = "" if cell is None else restore(str(cell).strip())
        if column in COLUMNS or column in _INPUT_ONLY:
            record[column] = text
        elif column and text:
            record["extra"][label] = text
        elif text:
            record.setdefault("unnamed", []).append(k)
    for k in range(width, len(cells)):  # cells right of the header (a CSV reader sets wider rows aside)
        if cells[k] is not None and str(cells[k]).strip():
            record.setdefault("unnamed", []).append(k)
    return record


def _participant(record: Mapping[str, Any], header: Header, source: str, number: int) -> Participant:
    problems: list[Problem] = []
    kwargs: dict[str, Any] = {"extra": tuple(record["extra"].items())}
    for column in COLUMNS:
        text = record.get(column, "")
        if column in _INT_COLUMNS:
            kwargs[column] = _integer(text, column, problems)
        elif column in ("offers", "needs"):
            kwargs[column] = _lines(text, record.get(column + "_hs", ""), column, problems)
        elif column in REQUIRED_COLUMNS or column in _LIST_COLUMNS:
            kwargs[column] = text  # an empty text is an empty list, or a missing value the model reports
        else:
            kwargs[column] = text or None
    kwargs["country"] = kwargs["country"] or "ID"
    try:
        person = Participant(**kwargs)
    except ValidationError as exc:
        problems += exc.problems
    if problems:
        pid = str(record.get("id") or "")
        if not pid.strip():  # named by its row alone: "participant :" read as a fault of its own
            raise ValidationError([_without_id(p, record) for p in problems])
        raise ValidationError([p if p.participants else p.located(participants=(pid,)) for p in problems])
    return person


def _without_id(problem: Problem, record: Mapping[str, Any]) -> Problem:
    """``problem`` of a row whose id is empty: no participant named (there is none to name);
    the empty id's own problem says which company the row is, when it has a name."""
    problem = problem.located(participants=())
    name = str(record.get("name") or "").strip()
    if problem.kind == "missing" and problem.field == "id":
        return replace(
            problem,
            message="the id is empty" + (f" (the row of {name!r})" if name else ""),
            hint="give every participant its own id, e.g. JT-001",
            data={"case": "id-of", "name": name} if name else {"case": "id"},
        )
    return problem


def _integer(text: str, column: str, problems: list[Problem]) -> int | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value.is_integer():
        # "4,0" and "4.5" are the usual slips: a spreadsheet's decimal comma, or a half meeting
        hint = "write a whole number of meetings, such as 4"
        problems.append(
            Problem(
                f"{text!r} is not a whole number",
                kind="type",
                field=column,
                hint=hint,
                data={"case": "whole", "value": text},
            )
        )
        return None
    return int(value)


def _lines(text: str, hs_text: str, column: str, problems: list[Problem]) -> tuple[TradeLine, ...]:
    lines: list[TradeLine] = []
    for item, system, field in [(t, "KBLI", column) for t in split_list(text)] + [
        (t, "HS", column + "_hs") for t in split_list(hs_text)
    ]:
        try:
            lines.append(TradeLine.parse(item, system=system))  # type: ignore[arg-type]
        except ValidationError as exc:
            problems += [p.located(field=field) for p in exc.problems]
    return tuple(lines)


def _locate(problem: Problem, header: Header, source: str, number: int | None) -> Problem:
    column = header.label(problem.field) if problem.field else None
    return problem.located(source=source, row=number, column=column)


def participant_to_row(person: Participant) -> dict[str, str]:
    """The cells of ``person``'s row, by canonical column (plus its extra columns).

    >>> row = participant_to_row(Participant("A1", "PT A", "Jatim", "Jatim", offers="10631=5e8"))
    >>> row["province"], row["offers"], row["country"]
    ('Jawa Timur', '10631=500000000', 'ID')
    """
    row: dict[str, str] = {}
    for column in COLUMNS:
        value = getattr(person, column)
        if value is None:
            row[column] = ""
        elif isinstance(value, tuple):
            row[column] = join_list(str(v) for v in value)
        else:
            row[column] = str(value)
    row.update(person.extra)
    return row
