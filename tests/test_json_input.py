"""A user's JSON file that spells half of a character (a lone ``\\ud800`` escape).

JSON decodes such an escape into a Python string no UTF-8 file can hold; before this was
checked, the event file was created from the result and the command then failed at its
first write with an encoder's traceback (exit 5).  Every JSON input refuses it up front:
participant files, configs, a result.json for the event day or for outcomes, a walk-in row.
The same reader names a byte that is not UTF-8 (after a byte-order mark too), and a file
that is JSON but not a result.json is the user's mistake (exit 1), never a crash (exit 5).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker import _json
from matchmaker.cli import main
from matchmaker.config import read_config
from matchmaker.io import read_participants
from matchmaker.reporting.problems import problem_text

LONE = "\\ud800"  # as the file spells it: backslash, u, four hex digits


@pytest.mark.parametrize(
    ("text", "place", "code"),
    [
        ('{"name": "Misi ' + LONE + '"}', "name", "\\ud800"),
        ('{"a": [1, {"b": "x' + "\\udfff" + '"}]}', "a[1].b", "\\udfff"),
        ('[{"' + LONE + '": 1}]', '[0]["' + LONE + '"]', "\\ud800"),  # in a key: quoted, escaped
        ('{"a.b": {"c": "' + LONE + '"}}', '["a.b"].c', "\\ud800"),  # a dotted key is quoted
        ('"' + "\\uDC01" + '"', "the top", "\\udc01"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_where(text: str, place: str, code: str) -> None:
    with pytest.raises(mm.DataFileError) as caught:
        _json.loads(text, "x.json")
    (problem,) = caught.value.problems
    assert (problem.kind, problem.source) == ("lone-surrogate", "x.json")
    assert f"half of a character at {place}: a {code} escape" in problem.message
    problem.message.encode("utf-8")  # the message itself can be printed
    assert "setengah karakter di" in problem_text(problem, "id")


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "' + "\\ud83d\\ude00" + '"}',  # a pair: one character
        '{"name": "' + "\\\\ud800" + '"}',  # an escaped backslash, then the letters ud800
        '{"name": "Misi Dagang"}',
    ],
)
def test_whole_characters_pass(text: str) -> None:
    assert _json.loads(text, "x.json") == json.loads(text)


def test_participant_json_with_a_lone_surrogate(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    records = [
        {"id": "A1", "name": "PT A", "delegation": "X", "province": "Jatim", "offers": ["10631"]},
        {"id": "B1", "name": "PT B", "delegation": "Y", "province": "Sumsel", "needs": "10631"},
    ]
    path.write_text(json.dumps(records).replace("PT B", "PT " + LONE), encoding="utf-8")
    with pytest.raises(mm.DataFileError, match=r"half of a character at \[1\]\.name"):
        read_participants(path)


def test_config_json_with_a_lone_surrogate(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text('{"mission": {"name": "Misi ' + LONE + '"}}', encoding="utf-8")
    with pytest.raises(mm.DataFileError, match=r"at mission\.name"):
        read_config(path)


def test_event_init_refuses_it_before_creating_the_event_file(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = result_json
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["mission"]["name"] = "\ud800" + doc["mission"]["name"]
    bad = tmp_path / "bad.json"
    text = json.dumps(doc)  # ensure_ascii: the lone surrogate written as its \u escape
    assert LONE in text
    bad.write_text(text, encoding="utf-8")
    db = tmp_path / "event.sqlite"
    capsys.readouterr()
    assert main(["event", "init", str(bad), "--db", str(db)]) == 1  # was 5
    err = capsys.readouterr().err
    assert "bad.json" in err
    assert "half of a character at mission.name" in err
    assert not db.exists()
    assert main(["--lang", "id", "event", "init", str(bad), "--db", str(db)]) == 1
    assert "setengah karakter di mission.name" in capsys.readouterr().err
    # the same result without the escape opens, and a walk-in row with one is refused
    assert main(["event", "init", str(good), "--db", str(db)]) == 0
    row = tmp_path / "walkin.json"
    row.write_text(
        '{"id": "JT-900", "name": "CV ' + LONE + '", "delegation": "Jawa Timur", "province": "Jawa Timur"}',
        encoding="utf-8",
    )
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["event", "walkin", str(row), "--db", str(db)]) == 1
    assert "half of a character at name" in capsys.readouterr().err
    assert db.read_bytes() == before
    with mm.open_event(db) as event:
        assert [change["kind"] for change in event.changes()] == ["init"]


def test_a_byte_that_is_not_utf8_is_named_where_it_is_after_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b"\xef\xbb\xbf[\xff]")
    with pytest.raises(mm.DataFileError, match=r"byte 0xff at byte 4"):
        read_participants(path)
    path.write_bytes(b"[\xff]")
    with pytest.raises(mm.DataFileError, match=r"byte 0xff at byte 1"):
        read_participants(path)


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_config_that_is_not_utf8_is_exit_1(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / f"run{suffix}"
    config.write_bytes('[mission]\nname = "Misi Palembang é"\n'.encode("latin-1"))
    with pytest.raises(mm.DataFileError, match=r"not UTF-8 text \(byte 0xe9"):
        read_config(config)
    bundled = str(mm.datasets.bundled_mission_path())
    assert main(["run", bundled, "--out", str(tmp_path / "o"), "--config", str(config)]) == 1  # was 5
    assert f"run{suffix}" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ('{"format": "something else"}', "no 'evaluation'"),
        ("[1, 2]", "not a matchmaker result.json"),
        ('{"evaluation": {"declared_potential_idr": "lots"}, "meetings": []}', "'lots', not a number"),
        ('{"evaluation": {"declared_potential_idr": 5}, "meetings": [7]}', "not a matchmaker result.json"),
        ('{"name": "' + LONE + '"}', "half of a character at name"),
    ],
)
def test_outcomes_with_a_file_that_is_not_a_result_is_exit_1(
    tmp_path: Path, document: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    form = tmp_path / "form.csv"
    form.write_text("meeting,a_id,b_id,seller,value_idr,commodity,mou\nM1,JT-001,SS-001,A,1000,,\n", "utf-8")
    result = tmp_path / "result.json"
    result.write_text(document, encoding="utf-8")
    bundled = str(mm.datasets.bundled_mission_path())
    assert main(["outcomes", str(form), "--mission", bundled, "--result", str(result)]) == 1  # was 5
    err = capsys.readouterr().err
    assert "result.json" in err
    assert words in err


@pytest.mark.parametrize(
    ("name", "raw", "at"),
    [
        ("p.csv", b"\xef\xbb\xbfid,name\nA1,PT \xe9\n", 17),
        ("p.json", b'\xef\xbb\xbf[\n{"name": "PT \xe9"}]', 18),
    ],
)
def test_csv_and_json_name_a_bad_byte_alike_after_a_byte_order_mark(
    tmp_path: Path, name: str, raw: bytes, at: int
) -> None:
    """The CSV reader decodes through the same function as the JSON one: the byte after a
    mark is counted from the file's start (it was 3 short), with its line."""
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(mm.DataFileError) as caught:
        read_participants(path)
    (problem,) = caught.value.problems
    assert f"byte 0xe9 at byte {at}" in problem.message
    assert (problem.kind, problem.row) == ("encoding", 2)
    assert ("CSV UTF-8" in (problem.hint or "")) == name.endswith(".csv")
