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
from dataclasses import dataclass
from typing import Any

from matchmaker.errors import DataFileError, Problem, ValidationError
from matchmaker.io.cells import restore
from matchmaker.io.sheets import Sheet, read_problems
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Entry, check_entries
from matchmaker.model.participant import WISH_FIELDS, Participant
from matchmaker.model.text import join_list, split_list

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
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
_LIST_COLUMNS = ("certifications", "required_certifications", "languages", "availability", *WISH_FIELDS)


def normalise_header(name: str) -> str:
    """The canonical column for a header cell (unknown names are only tidied).

    >>> normalise_header(" Nama Perusahaan "), normalise_header("Must-Meet"), normalise_header("Notes")
    ('name', 'must_meet', 'notes')
    """
    key = re.sub(r"[\s\-]+", "_", name.strip().casefold())
    return _ALIASES.get(key, key)


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
        """A header and its problems; only a missing required column stops the reading of rows."""
        labels = tuple("" if label is None else str(label) for label in labels)
        columns = tuple(normalise_header(label) for label in labels)
        known = set(COLUMNS) | set(_INPUT_ONLY)
        problems: list[Problem] = []
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
            elif column not in known:
                close = difflib.get_close_matches(column, sorted(known), n=1, cutoff=0.8)
                if close and close[0] not in columns:
                    problems.append(
                        Problem(
                            f"unknown column {label!r}",
                            kind="unknown-column",
                            source=source,
                            row=1,
                            column=label,
                            hint=f"did you mean {close[0]!r}? Rename it, or give it a name "
                            "further from the known columns to keep it as an extra column",
                        )
                    )
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            hint = "the header must name " + ", ".join(REQUIRED_COLUMNS)
            joined = ",".join(labels)
            if len(labels) == 1 and any(d in joined for d in (";", ",", "\t", "|")):
                hint = "the header is a single column: the file seems to use another delimiter"
            problems.append(
                Problem(
                    f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                    kind="missing-column",
                    source=source,
                    row=1,
                    hint=hint,
                )
            )
        return cls(columns, labels), problems

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
    if any(p.kind == "missing-column" for p in problems):
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
    entries: list[Entry] = []
    row_of: list[int] = []
    for number, cells in rows:
        record = _record(header, cells)
        if not any(v for k, v in record.items() if k not in ("extra", "unnamed")) and not record.get(
            "unnamed"
        ):
            continue  # blank row
        entries.append(_entry(record))
        row_of.append(number)
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
        try:
            people.append(_participant(record, header, source, number))
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
    found += _cross_checks(entries, row_of, header, source, any_delegations)
    if found:
        raise DataFileError(sorted(read_problems(found), key=lambda p: p.row or 0))
    return tuple(people)


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
    repeats: dict[str, int] = {}
    located: list[Problem] = []
    for p in check_entries(entries, names):
        pid = p.participants[0] if p.participants else ""
        rows = [n for e, n in zip(entries, row_of, strict=True) if e.id == pid]
        if p.kind in ("duplicate-id", "both-sides"):  # the k-th repeat of an id is at its (k+1)-th row
            repeats[pid] = repeats.get(pid, 0) + 1
            at: int | None = rows[repeats[pid]]
        else:
            at = rows[0] if rows else None
        located.append(_locate(p, header, source, at))
    return found + located


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
        raise ValidationError([p if p.participants else p.located(participants=(pid,)) for p in problems])
    return person


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
        problems.append(Problem(f"{text!r} is not a whole number", kind="type", field=column, hint=hint))
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
