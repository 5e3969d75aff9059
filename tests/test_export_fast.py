"""The column-wise export writers against the general ones they replace: the same bytes.

``records`` keeps its tables as columns and the CSV, JSON and ICS writers turn each
distinct value into text once (see ``export/records.py``, ``export/files.py`` and
``export/ics.py``); here their output is compared with what the row-by-row writers
(``write_csv_sheet``, the C JSON encoder per row, ``calendar_for``) make of the same
rows, on a mission whose ids and names hold every character that needs care.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.export import records, write_csv_pack, write_json
from matchmaker.export.files import result_document
from matchmaker.export.ics import calendar_for, write_calendars
from matchmaker.export.records import Records, Table
from matchmaker.io.cells import neutralise
from matchmaker.io.sheets import write_csv_sheet
from matchmaker.pipeline import MatchmakingResult, run
from matchmaker.reporting.labels import cell_labels, column_label, csv_dialect

NASTY = [
    '=HYPERLINK("x")',
    "PT Maju, Tbk",
    'CV "Jaya"',
    "Line\nbreak",
    "+62 811",
    "-minus",
    "@at",
    "'quote",
    "Tab\tx",
]


def csv_cell_by_cell(
    path: Path,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    *,
    delimiter: str,
    bom: bool,
    header: Sequence[str],
    decimal: str,
    translate: Mapping[str, Mapping[str, str]],
) -> None:
    """The general path: each cell made text, translated and neutralised, each row written
    by the ``csv`` module (what ``write_csv_sheet`` and the pack's writer must equal)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        if bom:
            handle.write("\ufeff")
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            cells = []
            for column in columns:
                value = row.get(column, "")
                text = str(value).replace(".", decimal) if type(value) is float else str(value)
                cells.append(neutralise(translate.get(column, {}).get(text, text)))
            writer.writerow(cells)


def csv_pack_row_by_row(rec: Records, fast: list[Path], folder: Path, lang: str) -> list[Path]:
    """The CSV pack ``fast`` as the ``csv`` module writes it, cell by cell, into ``folder``
    (same file names): the reference the column-wise writers must match byte for byte."""
    delimiter, bom = csv_dialect(lang)
    tables = [rec.meetings, rec.agendas, rec.grid, rec.outcome_form]
    columns = [rec.meetings.columns, rec.agendas.columns, rec.grid_columns, rec.outcome_columns]
    folder.mkdir()
    out = []
    for path, rows, cols in zip(fast, tables, columns, strict=True):
        out.append(folder / path.name)
        csv_cell_by_cell(
            out[-1],
            cols,
            list(rows),
            delimiter=delimiter,
            bom=bom,
            header=[column_label(c, lang) for c in cols],
            decimal="," if lang == "id" else ".",
            translate=cell_labels(lang),  # the status cells in the pack's language
        )
    return out


@pytest.fixture(scope="module")
def result() -> MatchmakingResult:
    """The bundled mission's result with names that need quoting or neutralising."""
    base = run(east_java_south_sumatra_2020())
    people = list(base.mission.participants)
    for k, text in enumerate(NASTY):
        people[k] = dataclasses.replace(people[k], name=text, city=text[::-1], contact=text + " 2")
    mission = base.mission.replace(participants=tuple(people))
    schedule = dataclasses.replace(base.schedule, mission=mission)
    return dataclasses.replace(base, mission=mission, schedule=schedule)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_csv_pack_is_what_the_csv_module_writes(result: MatchmakingResult, tmp_path: Path, lang: str) -> None:
    # scores of both signs: a negative one is neutralised as a formula would be
    scores = np.asarray(result.scores.total) - 0.3
    rec = records(result.schedule, scores, mission=result.mission)
    fast = write_csv_pack(rec, tmp_path / "fast", lang=lang)
    for path, slow in zip(fast, csv_pack_row_by_row(rec, fast, tmp_path / "slow", lang), strict=True):
        assert path.read_bytes() == slow.read_bytes(), path.name
    text = fast[0].read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text  # neutralised
    assert '"CV ""Jaya"""' in text  # quoted
    assert "'-0" in text  # a negative score, neutralised as the csv path does


def test_result_json_is_what_the_json_encoder_writes(result: MatchmakingResult, tmp_path: Path) -> None:
    rec = records(result.schedule, result.scores, mission=result.mission)
    path = write_json(result, rec, tmp_path / "result.json")
    document = result_document(result, rec)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(document))
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for key in ("meetings", "agendas"):  # one row per line, as the C encoder writes a dict
        rows = ",\n    ".join(map(encode, document[key]))
        assert f'  "{key}": [\n    {rows}\n  ]' in path.read_text(encoding="utf-8")


def test_participants_are_what_the_json_encoder_writes(result: MatchmakingResult, tmp_path: Path) -> None:
    """result.json's participants, encoded column by column, are the C encoder's text of each record,
    with extras, missing values, amounts as int and as float (equal values of two types) and NASTY texts."""
    from matchmaker.io.json_format import participant_to_json, participants_json_texts
    from matchmaker.model.lines import TradeLine

    people = list(result.mission.participants)
    people[0] = dataclasses.replace(people[0], extra=(("note", 'ä "x"'), ("n", "1")), contact=None)
    line = people[1].offers[0] if people[1].offers else TradeLine("10761", "KBLI")
    people[1] = dataclasses.replace(people[1], offers=(dataclasses.replace(line, value_idr=1),))
    people[2] = dataclasses.replace(
        people[2], offers=(dataclasses.replace(line, value_idr=1.0),), max_meetings=3
    )
    encode = json.JSONEncoder(ensure_ascii=False).encode
    assert participants_json_texts(people) == [encode(participant_to_json(p)) for p in people]
    assert participants_json_texts([]) == []
    mission = result.mission.replace(participants=tuple(people))
    schedule = dataclasses.replace(result.schedule, mission=mission)
    changed = dataclasses.replace(result, mission=mission, schedule=schedule)
    rec = records(changed.schedule, changed.scores, mission=mission)
    text = write_json(changed, rec, tmp_path / "result.json").read_text(encoding="utf-8")
    rows = ",\n    ".join(map(encode, result_document(changed, rec)["participants"]))
    assert f'  "participants": [\n    {rows}\n  ]' in text


def test_calendars_are_what_calendar_for_writes(result: MatchmakingResult, tmp_path: Path) -> None:
    written = write_calendars(result.schedule, tmp_path, mission=result.mission)
    with_meetings = {pid for m in result.schedule.meetings for pid in (m.a, m.b)}
    assert len(written) == len(with_meetings)
    names = {p.stem: p for p in written}
    for pid in sorted(with_meetings)[::7] + [p.id for p in result.mission.participants[: len(NASTY)]]:
        if pid in with_meetings:
            assert names[pid].read_bytes() == calendar_for(result.schedule, pid, mission=result.mission)


def test_calendars_written_again_over_longer_and_shorter_files(
    result: MatchmakingResult, tmp_path: Path
) -> None:
    """A folder that holds calendars already (written again by a direct call): an old,
    longer calendar leaves no tail and a shorter one no gap; a file that is not a calendar
    of this export is left alone."""
    with_meetings = sorted({pid for m in result.schedule.meetings for pid in (m.a, m.b)})
    for k, pid in enumerate(with_meetings):  # longer than the new calendar, or shorter
        (tmp_path / f"{pid}.ics").write_bytes(b"x" * (100_000 if k % 2 else 3))
    (tmp_path / "notes.txt").write_bytes(b"the organiser's")
    written = write_calendars(result.schedule, tmp_path, mission=result.mission)
    assert sorted(p.stem for p in written) == with_meetings
    for path in written:
        assert path.read_bytes() == calendar_for(result.schedule, path.stem, mission=result.mission)
    assert (tmp_path / "notes.txt").read_bytes() == b"the organiser's"


def test_table_is_a_sequence_of_rows() -> None:
    index = np.array([1, 0, 1])
    table = Table(("n", "name"), {"n": ([1, 2, 3], None), "name": (["a", "b"], index)}, 3)
    rows = ({"n": 1, "name": "b"}, {"n": 2, "name": "a"}, {"n": 3, "name": "b"})
    assert len(table) == 3
    assert table == rows
    assert table == list(rows)
    assert table[1] == rows[1]
    assert table[1:] == rows[1:]
    assert list(table) == list(rows)
    assert table.values("name") == ["b", "a", "b"]
    assert table.texts("name", lambda v: [x.upper() for x in v]) == ["B", "A", "B"]
    assert Table(("n",), {"n": ([], np.zeros(0, np.intp))}, 0) == ()


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("first", ["JT-001 – SS-002", "=1+1", "'quoted", "a,b", 'x"y', "-0.5"])
def test_csv_sheet_is_the_csv_module_cell_by_cell(tmp_path: Path, lang: str, first: str) -> None:
    """``write_csv_sheet`` on a wide table (the grid's shape), with and without a cell a
    spreadsheet would run, numbers of both kinds and a translated column."""
    columns = ["slot", "start", *(f"T{k}" for k in range(40)), "status"]
    rows = [
        {
            "slot": s,
            "start": f"0{s}:00",
            **{f"T{k}": "" if (s + k) % 3 else f"A{k} – B{s}" for k in range(40)},
        }
        for s in range(1, 6)
    ]
    rows[2]["T7"], rows[4]["T0"], rows[1]["T3"] = first, 0.25, None
    rows[3]["status"] = "placed"
    for translate in ({}, {"status": {"placed": "terjadwal"}}):
        delimiter, bom = csv_dialect(lang)
        decimal = "," if lang == "id" else "."
        kwargs = {"delimiter": delimiter, "bom": bom, "decimal": decimal, "translate": translate}
        write_csv_sheet(tmp_path / "fast.csv", columns, rows, header=columns, **kwargs)
        csv_cell_by_cell(tmp_path / "slow.csv", columns, rows, header=columns, **kwargs)
        assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()


def test_grid_is_the_meetings_one_by_one(result: MatchmakingResult) -> None:
    """The slot × table grid, built over whole arrays, is what setting each meeting's cell gives."""
    rec = records(result.schedule, result.scores, mission=result.mission)
    expected = [dict.fromkeys(rec.grid_columns[2:], "") for _ in result.schedule.plan.slots]
    for m in result.schedule.meetings:
        expected[m.slot][m.table] = m.b if m.table == m.a else f"{m.a} – {m.b}"
    assert [{k: row[k] for k in rec.grid_columns[2:]} for row in rec.grid] == expected
    assert any(m.table == m.a for m in result.schedule.meetings)  # a host at its own table is shown
