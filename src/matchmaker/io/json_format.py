"""Missions and participant tables as JSON.

A mission file::

    {"format": "matchmaker.mission", "version": 1,
     "mission": {"name": ..., "date": "2020-12-02", "venue": ..., "timezone": "Asia/Jakarta",
                 "side_a": {"name": "Jawa Timur", "province": "Jawa Timur", "role": "visiting"},
                 "side_b": {...}},
     "participants": [ {"id": ..., "offers": [{"code": "10631", "system": "KBLI",
                                               "value_idr": 2500000000}], ...}, ... ]}

A participant record uses the column names of :mod:`matchmaker.io.table`; list fields
are JSON lists (a ``;``-separated string is accepted too); trade lines are objects or
their text form.  A bare list of records, or an object with only ``participants``,
is read as a participant table.

Types are strict, so that nothing is silently turned into other text: a field holds a
string (or ``null``); list fields may hold a list of strings; trade lines may be objects
(``code``, ``system``, ``value_idr``, ``volume``, ``unit``).  Numbers are accepted only
where a spreadsheet cell would hold digits: whole-number ids (in ``id`` and the wish
lists; ``101`` is the id ``"101"``, as a CSV file would read it), ``min_meetings`` /
``max_meetings`` and trade-line amounts.  Anything else (a list where text is expected,
an object, ``true``, ``1.5`` as an id) is an error naming the record and the key.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matchmaker import _json
from matchmaker.errors import DataFileError, JSONValue, Problem, ValidationError
from matchmaker.io.table import _LIST_COLUMNS, COLUMNS, Header, rows_to_participants
from matchmaker.model.lines import TradeLine
from matchmaker.model.mission import Delegation, Mission
from matchmaker.model.participant import Participant
from matchmaker.model.text import format_amount, join_list

if TYPE_CHECKING:
    from matchmaker.scheduling.plan import EventPlan

__all__ = [
    "FORMAT",
    "VERSION",
    "is_group_result",
    "mission_header",
    "mission_to_json",
    "not_a_result",
    "participant_to_json",
    "participants_json_texts",
    "plan_from_json",
    "plan_to_json",
    "read_json",
    "result_wanted",
    "write_json",
]

FORMAT = "matchmaker.mission"
VERSION = 1


#: A trade line's fields in the order its record writes them; the last three only when set.
_LINE_FIELDS = ("code", "system", "value_idr", "volume", "unit")


def _line_to_json(line: TradeLine) -> dict[str, Any]:
    out: dict[str, Any] = {"code": line.code, "system": line.system}
    for name in _LINE_FIELDS[2:]:
        if getattr(line, name) is not None:
            out[name] = getattr(line, name)
    return out


def participant_to_json(person: Participant) -> dict[str, JSONValue]:
    """A participant as a JSON-ready record."""
    out: dict[str, Any] = {}
    for column in COLUMNS:
        value = getattr(person, column)
        if column in ("offers", "needs"):
            out[column] = [_line_to_json(line) for line in value]
        elif isinstance(value, tuple):
            out[column] = [str(v) for v in value]
        else:
            out[column] = value
    if person.extra:
        out["extra"] = dict(person.extra)
    return out


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _value_text(value: Any) -> str:
    """The text :func:`participant_to_json` and the C encoder give a field, without their set-up."""
    if type(value) is str:
        return encode_basestring(value)
    if (type(value) is int) or (type(value) is float and math.isfinite(value)):
        return repr(value)  # as the C encoder writes them (int.__repr__, float.__repr__)
    if isinstance(value, tuple):
        return "[" + ", ".join([encode_basestring(str(v)) for v in value]) + "]"
    return _ENCODER.encode(value)


def _lines_texts(values: list[tuple[TradeLine, ...]]) -> list[str]:
    """The ``offers``/``needs`` lists' texts: each list as the C encoder writes
    ``[_line_to_json(line), ...]``.

    All participants' lines are flattened, read once for all their fields and built field
    by field, each field's values encoded as a column; each line's text carries what opens
    or closes its list (``[`` before a list's first line, ``, `` before the others, ``]``
    after its last), so that a participant's list is one join of its lines' slice.
    """
    counts = np.fromiter(map(len, values), dtype=np.intp, count=len(values))
    flat = list(itertools.chain.from_iterable(values))
    if not flat:
        return ["[]"] * len(values)
    # one pass over the lines for all their fields (a pass per field read each line again;
    # an attrgetter of several names gives a tuple of their values)
    code, system, *optional = zip(*map(operator.attrgetter(*_LINE_FIELDS), flat), strict=True)
    ends = np.cumsum(counts)
    starts = ends - counts
    listed = counts > 0
    opening = np.full(len(flat), ', {"code": ', dtype=object)
    opening[starts[listed]] = '[{"code": '
    closing = np.full(len(flat), "}", dtype=object)
    closing[ends[listed] - 1] = "}]"
    pieces: list[Iterable[str]] = [
        opening.tolist(),
        _column_texts(list(code)),
        _by_distinct(list(system), functools.partial(_keyed_text, ', "system": ')),
    ]
    for name, field in zip(_LINE_FIELDS[2:], optional, strict=True):
        # an absent field is left out, as _line_to_json does (the values are numbers, text or
        # None, and only None equals None)
        if field.count(None) < len(field):
            key = ', "' + name + '": '
            kinds = set(map(type, field)) - {type(None)}
            if kinds <= {int, float} and all(map(math.isfinite, [v for v in field if type(v) is float])):
                # amounts, mostly distinct: as the C encoder writes numbers, with no call per value
                pieces.append(["" if v is None else key + repr(v) for v in field])
            else:
                pieces.append(_by_distinct(list(field), functools.partial(_field_text, key)))
    pieces.append(closing.tolist())
    lines = list(map("".join, zip(*pieces, strict=True)))
    texts = list(map("".join, map(lines.__getitem__, map(slice, starts.tolist(), ends.tolist()))))
    return [text or "[]" for text in texts]  # an empty list's slice is empty


def _field_text(key: str, value: Any) -> str:
    """A trade line's optional field: :func:`_keyed_text`, nothing for ``None``."""
    return "" if value is None else _keyed_text(key, value)


def _keyed_text(key: str, value: Any) -> str:
    """``key`` and its value's text (``null`` for ``None``)."""
    return key + _value_text(value)


def _by_distinct(values: list[Any], text: Callable[[Any], str]) -> list[str]:
    """``text`` of each value, made once per distinct value (the type is part of the key, so
    that ``1`` and ``True`` or ``1.0`` never share a text)."""
    kinds = set(map(type, values))
    if len(kinds) == 1 or kinds <= {str, type(None)}:
        # no two equal values of different types (the usual case): the values are the keys,
        # without a tuple per value (tracked by the garbage collector, whose collections
        # they triggered)
        made = {value: text(value) for value in dict.fromkeys(values)}
        return list(map(made.__getitem__, values))
    keys = list(zip(map(type, values), values, strict=True))
    made = {key: text(key[1]) for key in dict.fromkeys(keys)}
    return list(map(made.__getitem__, keys))


def _column_texts(values: list[Any]) -> list[str]:
    """:func:`_value_text` of each value of a participant column: text columns (the usual
    case) encoded value by value, the rest once per distinct value."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(encode_basestring, values))
    if kinds == {str, type(None)}:
        return [encode_basestring(v) if v is not None else "null" for v in values]
    if kinds <= {int, type(None)}:  # the bounds
        return [repr(v) if v is not None else "null" for v in values]
    if kinds == {tuple} and set(map(type, itertools.chain.from_iterable(values))) <= {str}:
        # lists of ids or words, mostly empty or repeated: each distinct list written once
        # (all items text, so equal lists are equal items and the type needs no key)
        made = {t: "[" + ", ".join(map(encode_basestring, t)) + "]" for t in dict.fromkeys(values)}
        return list(map(made.__getitem__, values))
    return _by_distinct(values, _value_text)


def participants_json_texts(people: Sequence[Participant]) -> list[str]:
    """Each participant's record as ``json.dumps(participant_to_json(p), ensure_ascii=False)``
    writes it, built column by column.

    ``result.json`` holds every participant (``matchmaker event init`` reads them back);
    one dict per participant, encoded one by one, cost more than the meetings' rows, so
    each column's distinct values are encoded once and the rows joined from those texts.

    >>> from matchmaker.datasets import east_java_south_sumatra_2020
    >>> people = east_java_south_sumatra_2020().participants
    >>> participants_json_texts(people) == [json.dumps(participant_to_json(p), ensure_ascii=False)
    ...                                     for p in people]
    True
    """
    if not people:
        return []
    parts: list[Iterable[str]] = []
    # one pass over the participants for all columns: a pass per column read each
    # participant again, and the participants are scattered in memory (a third of the time)
    columns = zip(*map(operator.attrgetter(*COLUMNS), people), strict=True)
    for n, (column, values) in enumerate(zip(COLUMNS, map(list, columns), strict=True)):
        texts = _lines_texts(values) if column in ("offers", "needs") else _column_texts(values)
        parts += [itertools.repeat(("{" if n == 0 else ", ") + encode_basestring(column) + ": "), texts]
    parts.append([', "extra": ' + _ENCODER.encode(dict(p.extra)) + "}" if p.extra else "}" for p in people])
    return list(map("".join, zip(*parts, strict=False)))  # ends with the lists, not the repeats


_WHOLE = ("id", "must_meet", "would_like", "do_not_meet", "min_meetings", "max_meetings")


def _scalar(value: Any, column: str, where: str) -> str:
    """The text of one JSON value where a cell's text is expected (see the module docstring)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and column in _WHOLE:
        return str(value)  # the digits a CSV cell would hold
    if isinstance(value, (int, float)) and not isinstance(value, bool) and column in ("value_idr", "volume"):
        # format_amount, not repr: "1500.125" would read as 1,500,125 (Indonesian grouping)
        return format_amount(float(value))
    kind = "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else repr(value)
    raise TypeError(f"{where} is {kind}, where text is expected")


def _cell(value: Any, column: str, key: str) -> str:
    """The cell text of a JSON record's value, refusing values of the wrong type (TypeError)."""
    if value is None:
        return ""
    if column in ("offers", "needs"):
        items = value if isinstance(value, list) else [value]
        lines = []
        for k, item in enumerate(items):
            where = f"{key}[{k}]" if isinstance(value, list) else key
            if isinstance(item, dict):
                unknown = sorted(set(item) - {"code", "system", "value_idr", "volume", "unit"})
                if unknown or "code" not in item:
                    raise TypeError(f"{where} must have a 'code' and only system, value_idr, volume, unit")
                fields = {n: _scalar(v, n, f"{where}.{n}") for n, v in item.items() if v is not None}
                text = f"{fields.get('system', 'KBLI')}:{fields['code']}"
                if "value_idr" in fields:
                    text += f"={fields['value_idr']}"
                if "volume" in fields:
                    text += f"|{fields['volume']} {fields.get('unit', '')}".rstrip()
                lines.append(text)
            else:
                lines.append(_scalar(item, column, where))
        return join_list(lines)
    if column in _LIST_COLUMNS and isinstance(value, list):
        return join_list(_scalar(v, column, f"{key}[{k}]") for k, v in enumerate(value))
    return _scalar(value, column, key)


def _participants(records: Any, source: str) -> tuple[Participant, ...]:
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataFileError(Problem("'participants' must be a list of objects", kind="syntax", source=source))
    if not records:  # said as a CSV table without rows says it (not "row 1: missing columns")
        raise DataFileError(
            Problem(
                "the table has no participants",
                kind="empty",
                source=source,
                hint='add one object per participant to the list, e.g. {"id": "JT-001", "name": "PT A", '
                '"delegation": "Jawa Timur", "province": "Jawa Timur"}',
            )
        )
    flat = [{**{k: v for k, v in r.items() if k != "extra"}, **(r.get("extra") or {})} for r in records]
    keys = list(dict.fromkeys(k for r in flat for k in r))
    header = Header.read(keys, source)
    rows, problems = [], []
    for i, record in enumerate(flat, start=1):
        cells = []
        for k, column in zip(keys, header.columns, strict=True):
            try:
                cells.append(_cell(record.get(k), column, k))
            except TypeError as exc:
                cells.append("")
                problems.append(
                    Problem(
                        str(exc),
                        kind="type",
                        source=source,
                        row=i,
                        column=k,
                        participants=(str(record["id"]),) if isinstance(record.get("id"), (str, int)) else (),
                        hint="write text (a string) here; lists only for list columns, numbers only for "
                        "ids, meeting bounds and amounts",
                    )
                )
        rows.append((i, cells))
    if problems:
        raise DataFileError(problems)
    return rows_to_participants(header, rows, source)


def read_json(path: str | Path) -> Mission | tuple[Participant, ...]:
    """Read a JSON mission file (giving a :class:`Mission`) or participant list (a tuple).

    Rows in error messages are record numbers (1 = the first participant).
    """
    data: Any = _json.read(path)
    if isinstance(data, dict) and "mission" in data:
        return _mission(data, str(path))
    records = data.get("participants") if isinstance(data, dict) else data
    return _participants(records, str(path))


def _mission(data: dict[str, Any], source: str) -> Mission:
    if not isinstance(data["mission"], dict):
        raise DataFileError(Problem("'mission' must be an object", kind="syntax", source=source))
    if data.get("version", VERSION) > VERSION:
        raise DataFileError(
            Problem(
                f"written by a newer matchmaker (version {data['version']})",
                kind="version",
                source=source,
                hint="upgrade matchmaker",
            )
        )
    meta = data["mission"]
    people = _participants(data.get("participants"), source)
    try:
        return Mission(
            name=meta.get("name", "Business matching"),
            side_a=Delegation(**meta["side_a"]),
            side_b=Delegation(**meta["side_b"]),
            participants=people,
            date=dt.date.fromisoformat(meta["date"]) if meta.get("date") else None,
            venue=meta.get("venue"),
            timezone=meta.get("timezone", "Asia/Jakarta"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise DataFileError([p.located(source=source) for p in exc.problems]) from None
        raise DataFileError(Problem(f"bad 'mission' object: {exc}", kind="syntax", source=source)) from None


def mission_header(mission: Mission) -> dict[str, JSONValue]:
    """The ``"mission"`` object of :func:`mission_to_json`: name, date, venue, zone, delegations."""

    def delegation(d: Delegation) -> dict[str, JSONValue]:
        return {"name": d.name, "province": d.province, "role": d.role}

    return {
        "name": mission.name,
        "date": mission.date.isoformat() if mission.date else None,
        "venue": mission.venue,
        "timezone": mission.timezone,
        "side_a": delegation(mission.side_a),
        "side_b": delegation(mission.side_b),
    }


def mission_to_json(mission: Mission) -> dict[str, JSONValue]:
    """A mission as a JSON-ready document (the format :func:`read_json` reads)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "mission": mission_header(mission),
        "participants": [participant_to_json(p) for p in mission.participants],
    }


def write_json(data: Mission | Iterable[Participant], path: str | Path) -> None:
    """Write a mission (with its metadata) or a participant list as JSON."""
    if isinstance(data, Mission):
        document: Any = mission_to_json(data)
    else:
        document = {
            "format": "matchmaker.participants",
            "version": VERSION,
            "participants": [participant_to_json(p) for p in data],
        }
    Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def plan_to_json(plan: EventPlan) -> dict[str, JSONValue]:
    """An event plan as a JSON-ready object, with its slots (``result.json``'s ``"plan"``,
    the event-day file's plan); :func:`plan_from_json` reads it back.

    >>> from matchmaker.scheduling.plan import EventPlan
    >>> plan = EventPlan(start="09:00", slots_per_day=3, days="2020-12-02", hosts="A")
    >>> doc = plan_to_json(plan)
    >>> doc["meeting_minutes"], len(doc["slots"]), plan_from_json(doc) == plan
    (20.0, 3, True)
    """
    return {
        "start": plan.start.strftime("%H:%M"),
        "end": plan.end.strftime("%H:%M") if plan.end else None,
        "slots_per_day": plan.slots_per_day,
        "meeting_minutes": plan.meeting.total_seconds() / 60,
        "buffer_minutes": plan.buffer.total_seconds() / 60,
        "breaks": [str(w) for w in plan.breaks],
        "days": [d.isoformat() for d in plan.days],
        "timezone": plan.timezone,
        "tables": plan.tables,
        "hosts": plan.hosts,
        "table_labels": list(plan.table_labels),
        "slots": [
            {"slot": s.index + 1, "start": s.start.isoformat(), "end": s.end.isoformat()} for s in plan.slots
        ],
    }


_UNSET = object()


def result_wanted(command: str) -> str:
    """What ``command`` needs, said where another file was given: the result.json of a run."""
    return f"{command} needs the result.json that `matchmaker run` wrote in its --out folder"


def is_group_result(document: object) -> bool:
    """Whether a JSON document is the result.json of the group path (its groups and the
    meetings by pair of them; :func:`matchmaker.export.groups.result_document`)."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("groups"), list)
        and "by_group_pair" in document
    )


def not_a_result(
    source: str, exc: Exception, document: object = _UNSET, command: str = "this command"
) -> DataFileError:
    """The error for JSON that is not a result.json (a key missing, a value of the wrong
    type): the user's mistake, named with the file, never a crash.

    ``document`` (what the file held) tells a result.json of the group path (more than two
    delegations, teams, online or group meetings) apart: ``matchmaker run`` did write that
    one, so "give the result.json that run wrote" would send the user in a circle.  A
    document that is not a JSON object (a participant table as a JSON list, most likely) or
    a mission file (participants, no timetable) is named as what it is; ``command`` (e.g.
    ``"event init"``) is the command that needs a result.json, for the hint.
    """
    if isinstance(document, dict) and is_group_result(document):
        names = ", ".join(repr(g.get("name", g) if isinstance(g, dict) else g) for g in document["groups"])
        return DataFileError(
            Problem(
                f"a result of the group path (delegations {names}), which this command does not take",
                kind="group-result",
                source=source,
                data={"names": names},
                hint="the event day takes the result.json of a run of two delegations "
                "without teams, online or group meetings",
            )
        )
    needs = result_wanted(command)
    rows = len(document) if isinstance(document, list) else 0
    table = isinstance(document, list) and any(isinstance(r, dict) and "id" in r for r in document)
    mission = isinstance(document, dict) and "participants" in document and "meetings" not in document
    if table or mission:
        what = (
            f"a participant table, a JSON list of {rows} rows"
            if table
            else "a participant file, a mission's participants without a timetable"
        )
        return DataFileError(
            Problem(
                f"not a matchmaker result.json: it holds {what}",
                kind="participants-not-result",
                source=source,
                hint=f"{needs}: run `matchmaker run {source} --out out/` first, then give out/result.json",
            )
        )
    if not isinstance(document, dict) and document is not _UNSET:
        return DataFileError(
            Problem(
                f"not a matchmaker result.json: it holds {_json_value_kind(document)}, not a JSON object",
                kind="not-a-result",
                source=source,
                hint=f"{needs}, e.g. out/result.json",
            )
        )
    return DataFileError(
        Problem(
            f"not a matchmaker result.json (no {exc})"
            if isinstance(exc, KeyError)
            else f"not a matchmaker result.json: {exc}",
            kind="syntax",
            source=source,
            hint=f"{needs}, e.g. out/result.json",
        )
    )


def _json_value_kind(value: object) -> str:
    """What a JSON value is, in words: ``a JSON list of 3 values``, ``a JSON string``."""
    if isinstance(value, list):
        return f"a JSON list of {len(value)} value{'s' * (len(value) != 1)}"
    kinds = {
        bool: "true or false",
        str: "a JSON string",
        int: "a JSON number",
        float: "a JSON number",
        type(None): "null",
    }
    return kinds.get(type(value), f"a JSON {type(value).__name__}")


def plan_from_json(data: Mapping[str, JSONValue]) -> EventPlan:
    """The :class:`~matchmaker.scheduling.plan.EventPlan` of :func:`plan_to_json` (the
    slots are derived again; ``meeting``/``buffer`` are read as minutes too)."""
    from matchmaker.scheduling.plan import EventPlan

    meeting = data.get("meeting_minutes", data.get("meeting"))
    buffer = data.get("buffer_minutes", data.get("buffer"))
    fields: dict[str, Any] = {
        "start": data["start"],
        "end": data.get("end"),
        "slots_per_day": data.get("slots_per_day"),
        "meeting": meeting,
        "buffer": buffer,
        "breaks": data.get("breaks"),
        "days": data.get("days"),
        "timezone": data.get("timezone"),
        "tables": data.get("tables"),
        "hosts": data.get("hosts"),
        "table_labels": data.get("table_labels"),
    }
    return EventPlan(**{k: v for k, v in fields.items() if v is not None or k == "end"})
