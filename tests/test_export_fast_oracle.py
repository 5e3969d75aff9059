"""The fast export paths against the general ones, byte for byte, on generated texts.

Each fast path of the CSV, JSON and ICS writers (column-wise texts, whole-array string
additions, one escaping pass over many texts, slicing folds, array rounding) is compared
with the general path it must equal: ``calendar_for`` (one participant's calendar from
``schedule.meetings``), ``_Writer._person``, the byte loop of a fold, the :mod:`json`
encoder, Python's ``round``, ``write_csv_sheet``.  Names, cities, contacts and the event's
name are drawn from text with non-ASCII letters, escapes (``,`` ``;`` ``\\``), line breaks
and lines long enough to fold, in both languages.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.errors import ValidationError
from matchmaker.export import records, write_csv_pack, write_json
from matchmaker.export.files import _flat_rows, _indented, result_document
from matchmaker.export.ics import (
    _escape_all,
    _fold_all,
    _Writer,
    calendar_for,
    escape_text,
    fold_line,
    write_calendars,
)
from matchmaker.export.records import _round4
from matchmaker.pipeline import MatchmakingResult, run
from tests.test_export_fast import csv_pack_row_by_row

#: Characters that need care somewhere: escapes, quotes, breaks, tabs, non-ASCII of 2-4 octets.
TRICKY = ",;\\\"'\n\r\t=+-@ éßİ中文🙂\u00a0\ufeffxyzXYZ019"
texts = st.text(alphabet=st.sampled_from(TRICKY), min_size=1, max_size=40) | st.text(min_size=1, max_size=160)
LANGS = ("en", "id")


@pytest.fixture(scope="module")
def base() -> MatchmakingResult:
    return run(east_java_south_sumatra_2020())


def _renamed(
    base: MatchmakingResult, changes: list[tuple[int, str, str, str]], event: str
) -> MatchmakingResult:
    """``base`` with participant ``k``'s name, city and contact replaced, the event renamed."""
    people = list(base.mission.participants)
    try:
        for k, name, city, contact in changes:
            k %= len(people)
            people[k] = dataclasses.replace(people[k], name=name, city=city, contact=contact)
        mission = base.mission.replace(participants=tuple(people), name=event)
    except (ValidationError, ValueError):
        assume(False)
        raise  # unreachable: assume(False) stops the example
    schedule = dataclasses.replace(base.schedule, mission=mission)
    return dataclasses.replace(base, mission=mission, schedule=schedule)


changes = st.lists(st.tuples(st.integers(0, 400), texts, texts, texts), min_size=1, max_size=12)
SLOW = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SLOW
@given(changes=changes, event=texts, lang=st.sampled_from(LANGS))
def test_first_export_calendars_are_what_calendar_for_writes(
    base: MatchmakingResult, changes: list[tuple[int, str, str, str]], event: str, lang: str
) -> None:
    result = _renamed(base, changes, event)
    with tempfile.TemporaryDirectory() as folder:
        written = write_calendars(result.schedule, folder, mission=result.mission, lang=lang)
        files = {p.stem: p.read_bytes() for p in written}
    with_meetings = {pid for m in result.schedule.meetings for pid in (m.a, m.b)}
    assert set(files) == with_meetings  # the bundled ids are their own file names
    for pid in with_meetings:
        assert files[pid] == calendar_for(result.schedule, pid, mission=result.mission, lang=lang), pid


@SLOW
@given(changes=changes, event=texts, lang=st.sampled_from(LANGS))
def test_participants_texts_at_once_are_each_ones_texts(
    base: MatchmakingResult, changes: list[tuple[int, str, str, str]], event: str, lang: str
) -> None:
    result = _renamed(base, changes, event)
    ids = [*result.mission.ids("A"), *result.mission.ids("B"), "not-in-the-mission"]
    writer = _Writer(result.mission, event, lang, None, None)
    about, attendees, escaped = writer.texts_of(ids)
    one = _Writer(result.mission, event, lang, None, None)
    each = [one._person(pid) for pid in ids]
    assert list(zip(about, attendees, strict=True)) == [(x[1].encode(), x[2].encode()) for x in each]
    assert escaped == [escape_text(x[0]).encode() for x in each]


def _fold_bytes(line: str) -> str:
    """The fold of RFC 5545 §3.1 on the UTF-8 bytes, octet by octet (the general path)."""
    data = line.encode("utf-8", "replace")
    if len(data) <= 75:
        return line + "\r\n"
    parts, pos, limit = [], 0, 75
    while len(data) - pos > limit:
        cut = pos + limit
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        run = cut
        while run > pos and data[run - 1] == 0x5C:
            run -= 1
        if (cut - run) % 2:
            cut -= 1
        parts.append(data[pos:cut])
        pos, limit = cut, 74
    parts.append(data[pos:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab\\,;é中🙂"), max_size=400) | st.text(max_size=300))
def test_fold_line_is_the_octet_fold(line: str) -> None:
    line = escape_text(line)
    assert fold_line(line) == _fold_bytes(line)
    assert all(len(x.encode()) <= 75 for x in fold_line(line).split("\r\n"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("ab\\,;é中🙂 "), min_size=40, max_size=400) | st.text(max_size=300),
        max_size=9,
    )
)
def test_folding_all_at_once_is_folding_each(lines: list[str]) -> None:
    """Lines of every length (none, one fold, many), escapes and characters of 2-4 octets
    at the cuts: the folds made for all lines at once are each line's octet fold."""
    escaped = [escape_text(line) for line in lines]
    assert _fold_all([line.encode() for line in escaped]) == [_fold_bytes(line).encode() for line in escaped]
    # lines not escaped (an ATTENDEE line's address and quoted name): runs of backslashes
    # of any length, odd ones too, at the cuts
    raw = [line.replace("\r", "").replace("\n", "") for line in lines]
    assert _fold_all([line.encode() for line in raw]) == [_fold_bytes(line).encode() for line in raw]


def test_half_of_a_character_still_raises() -> None:
    """A lone surrogate, which UTF-8 cannot hold, raises as ``str.encode`` does (the caller
    names whose text holds it); escaping over bytes does not write it as ``?``."""
    with pytest.raises(UnicodeEncodeError):
        _escape_all(["ok", "\ud800"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(TRICKY + "\x00\x1f\x7f\uffff"), max_size=30), max_size=20))
def test_escaping_all_at_once_is_escaping_each(values: list[str]) -> None:
    assert _escape_all(values) == [escape_text(v).encode() for v in values]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.floats(allow_nan=True, allow_infinity=True)
        | st.floats(0, 1)
        | st.integers(0, 10**6).map(lambda k: k / 1e5 + 5e-5)  # exact-looking halves
        | st.integers(-(10**7), 10**7).map(lambda k: k / 2e4),
        max_size=50,
    )
)
def test_scores_rounded_as_arrays_are_pythons_round(values: list[float]) -> None:
    got = _round4(np.array(values, dtype=np.float64))
    assert list(map(repr, got)) == [repr(round(v, 4)) for v in values]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet=st.sampled_from(TRICKY)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet=st.sampled_from(TRICKY), max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_indented_values_are_what_json_dumps_writes(value: object) -> None:
    assert _indented(value, "\n  ") == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")


json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(alphabet=st.sampled_from(TRICKY))
)
same_keys = st.lists(
    st.text(alphabet=st.sampled_from(TRICKY), max_size=5), min_size=1, max_size=4, unique=True
)


@settings(max_examples=300, deadline=None)
@given(
    same_keys.flatmap(
        lambda keys: st.lists(
            st.lists(json_scalars, min_size=len(keys), max_size=len(keys)).map(
                lambda v: dict(zip(keys, v, strict=True))
            ),
            min_size=1,
        )
    )
)
def test_rows_of_the_same_keys_are_what_json_writes(rows: list[dict[str, object]]) -> None:
    """Rows built column by column (the shortfalls, a row per line; the unmatched, indented)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    assert _flat_rows(rows, "{", ", ", "}") == list(map(encode, rows))
    assert _indented(rows, "\n  ") == json.dumps(rows, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    # a row with the same keys in another order is written in its own order (by the encoder)
    mixed = [*rows, dict(reversed(rows[0].items()))]
    assert _flat_rows(mixed, "{", ", ", "}") in (None, list(map(encode, mixed)))
    assert _indented(mixed, "\n  ") == json.dumps(mixed, ensure_ascii=False, indent=2).replace("\n", "\n  ")


@SLOW
@given(changes=changes, event=texts, lang=st.sampled_from(LANGS), shift=st.floats(-1, 1))
def test_csv_pack_and_result_json_are_the_general_writers_bytes(
    base: MatchmakingResult, changes: list[tuple[int, str, str, str]], event: str, lang: str, shift: float
) -> None:
    result = _renamed(base, changes, event)
    scores = np.asarray(result.scores.total) + shift
    rec = records(result.schedule, scores, mission=result.mission)
    totals = np.asarray(scores)
    placed = [r for r in rec.meetings if r["status"] == "placed"]
    row = {pid: k for k, pid in enumerate(result.mission.ids("A"))}
    col = {pid: k for k, pid in enumerate(result.mission.ids("B"))}
    assert [r["score"] for r in placed] == [
        round(float(totals[row[r["a_id"]], col[r["b_id"]]]), 4) for r in placed
    ]
    with tempfile.TemporaryDirectory() as folder:
        fast = write_csv_pack(rec, Path(folder) / "fast", lang=lang)
        slow = csv_pack_row_by_row(rec, fast, Path(folder) / "slow", lang)
        for path, reference in zip(fast, slow, strict=True):
            assert path.read_bytes() == reference.read_bytes(), path.name
        rec = records(result.schedule, result.scores, mission=result.mission)
        text = write_json(result, rec, Path(folder) / "result.json").read_text(encoding="utf-8")
    document = result_document(result, rec)
    assert json.loads(text) == json.loads(json.dumps(document))
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for key in (
        "participants",
        "meetings",
        "agendas",
        "shortfalls",
    ):  # a row per line, as the C encoder writes it
        rows = ",\n    ".join(map(encode, document[key]))
        assert f'  "{key}": [\n    {rows}\n  ]' in text if rows else f'  "{key}": []' in text
    assert document["shortfalls"] == [s.to_dict() for s in result.shortfalls]
    for key in ("settings", "evaluation"):
        assert (
            f'  "{key}": {json.dumps(document[key], ensure_ascii=False, indent=2)}'.replace("\n", "\n  ")
            in text
        )


@pytest.mark.parametrize("lang", LANGS)
def test_tables_written_in_blocks_are_the_general_writers_bytes(
    base: MatchmakingResult, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV tables and result.json's tables and participants are written in blocks of
    ``BLOCK_ROWS`` rows; the bundled mission's fit in one block of the default size, so
    blocks of 1 and 7 rows (short last blocks, a block boundary inside every table) are
    checked against the row-by-row CSV writer and against result.json in one block."""
    rec = records(base.schedule, base.scores, mission=base.mission)
    assert len(rec.meetings) > 7
    assert len(base.mission.participants) > 7
    block_modules = (sys.modules["matchmaker.export.records"], sys.modules["matchmaker.export.files"])
    with tempfile.TemporaryDirectory() as folder:
        for module in block_modules:
            monkeypatch.setattr(module, "BLOCK_ROWS", 1 << 30)
        whole = write_json(base, rec, Path(folder) / "whole.json").read_bytes()
        for rows in (1, 7):
            for module in block_modules:
                monkeypatch.setattr(module, "BLOCK_ROWS", rows)
            fast = write_csv_pack(rec, Path(folder) / f"fast{rows}", lang=lang)
            slow = csv_pack_row_by_row(rec, fast, Path(folder) / f"slow{rows}", lang)
            for path, reference in zip(fast, slow, strict=True):
                assert path.read_bytes() == reference.read_bytes(), (rows, path.name)
            assert write_json(base, rec, Path(folder) / f"blocks{rows}.json").read_bytes() == whole, rows


def _file_names_one_by_one(ids: list[str]) -> dict[str, str]:
    """``file_names`` as first written: a regex substitution per id (the general path)."""
    import re
    import uuid

    used: set[str] = set()
    out: dict[str, str] = {}
    for pid in ids:
        base = re.sub(r"[^\w.-]+", "_", pid).strip("._") or "participant"
        if len(base.encode()) > 80:
            base = (
                base.encode()[:60].decode(errors="ignore")
                + "-"
                + uuid.uuid5(uuid.NAMESPACE_URL, pid).hex[:12]
            )
        if base.casefold() in used:
            base = f"{base}-{uuid.uuid5(uuid.NAMESPACE_URL, pid).hex[:8]}"
        used.add(base.casefold())
        out[pid] = base
    return out


ids = st.text(alphabet=st.sampled_from(TRICKY + "/:._-éÉ中🙂"), min_size=1, max_size=90) | st.text(
    max_size=30
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(ids, max_size=12, unique=True)
    | st.lists(st.from_regex(r"[A-Za-z0-9._-]{1,30}", fullmatch=True), max_size=12, unique=True)
)
def test_file_names_with_one_search_are_the_per_id_substitutions(values: list[str]) -> None:
    from matchmaker.export.agendas import file_names

    assert file_names(values) == _file_names_one_by_one(values)
    assert file_names(iter(values)) == _file_names_one_by_one(values)  # any iterable, read once


def _escape_by_regex(text: str) -> str:
    """``escape_text`` with the line breaks and control characters taken by regex (the general path)."""
    import re

    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", re.sub(r"\r\n|\r|\n", "\\\\n", text))


def _param_by_regex(text: str) -> str:
    import re

    return (
        '"'
        + re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", re.sub(r"\r\n|\r|\n", " ", text)).replace('"', "'")
        + '"'
    )


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(TRICKY + "\r\n\x00\x01\x0b\x1f\x7f\u2028\x85"), max_size=60)
    | st.text(max_size=60)
)
def test_escaping_and_parameters_by_replace_are_the_regex_passes(text: str) -> None:
    from matchmaker.export.ics import _param

    assert escape_text(text) == _escape_by_regex(text)
    assert _param(text) == _param_by_regex(text)


amounts = (
    st.none() | st.integers(0, 10**15) | st.floats(0, 1e15, allow_nan=False) | st.sampled_from([1, 1.0, 0.5])
)


@SLOW
@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),
            st.lists(
                st.tuples(amounts, amounts, st.sampled_from(["t", "kg", "ékor", "中", 'a"b'])), max_size=1
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_participants_trade_lines_built_field_by_field_are_the_encoders_text(
    base: MatchmakingResult, changes: list[tuple[int, list[tuple[object, object, str]]]]
) -> None:
    """An offer (a code may be listed once) with amounts as int, float or absent, volumes with units:
    ``participants_json_texts`` is the C encoder's text of each ``participant_to_json``."""
    from matchmaker.io.json_format import participant_to_json, participants_json_texts

    people = list(base.mission.participants)
    for k, lines in changes:
        k %= len(people)
        original = base.mission.participants[k]  # an earlier change may have emptied people[k]'s offers
        template = (original.offers or original.needs)[0]
        try:
            offers = tuple(
                dataclasses.replace(
                    template, value_idr=value, volume=volume, unit=unit if volume is not None else None
                )
                for value, volume, unit in lines
            )
            people[k] = dataclasses.replace(people[k], offers=offers)
        except (ValidationError, ValueError):
            continue
    encode = json.JSONEncoder(ensure_ascii=False).encode
    assert participants_json_texts(people) == [encode(participant_to_json(p)) for p in people]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_calendar_trade_lines_name_each_commodity_once_per_side(lang: str) -> None:
    """Written out here, not through the writer's pieces (which the per-participant path
    shares): three codes that share one name ("Rice"/"Beras") are named once, in the
    order first listed; needs alike; a participant with no lines gets neither line."""
    from matchmaker.export.ics import _Writer
    from matchmaker.model.lines import TradeLine

    mission = east_java_south_sumatra_2020()
    first, second, *rest = mission.participants
    rice = (TradeLine("10631"), TradeLine("1006", system="HS"), TradeLine("100630", system="HS"))
    padi = TradeLine("01121")
    people = (
        dataclasses.replace(first, offers=(rice[0], padi, rice[1], rice[2]), needs=(rice[2], rice[0])),
        dataclasses.replace(second, offers=(), needs=()),
        *rest,
    )
    changed = dataclasses.replace(mission, participants=people)
    writer = _Writer(changed, "Misi", lang, None, None)
    about, _, _ = writer.texts_of([first.id, second.id])
    about = [text.decode().replace("\r\n ", "") for text in about]  # RFC 5545 unfolding
    word = {"en": ("Offers", "Needs", "Rice"), "id": ("Menawarkan", "Membutuhkan", "Beras")}[lang]
    offers, needs, name = word
    padi_name = {  # KBLI titles are Indonesian only: English says so
        "en": "KBLI 01121 (Indonesian title: Pertanian padi hibrida)",
        "id": "Pertanian padi hibrida (KBLI 01121)",
    }[lang]
    expected = f"\n{offers}: {name}, {padi_name}\n{needs}: {name}"
    assert escape_text(expected) in about[0]
    assert about[0].count(escape_text(name)) == 2
    assert escape_text(f"\n{offers}: ") not in about[1]
    assert escape_text(f"\n{needs}: ") not in about[1]
