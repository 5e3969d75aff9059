"""``matchmaker event`` on a file that holds no event: a clear error, exit 1, the file as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import main
from matchmaker.live import open_event
from matchmaker.live.cli import event_lang

#: Every event command that opens an existing event file, with its own arguments.
COMMANDS = [
    ["status"],
    ["checkin", "JT-001"],
    ["noshow", "JT-001", "--at", "09:00"],
    ["late", "JT-001", "--until", "11:00"],
    ["cancel", "JT-001", "SS-001"],
    ["unavailable", "JT-001", "--window", "13:00-14:00"],
    ["replan", "--now", "09:30"],
]


def _plain_sqlite(path: Path) -> bytes:
    """Someone's own SQLite file (rollback journal, one table), as bytes."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE visitors(name TEXT)")
    con.execute("INSERT INTO visitors VALUES ('Bu Sari')")
    con.commit()
    con.close()
    return path.read_bytes()


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("lang_id", ["default", "lang-id", "json"])
def test_an_event_command_leaves_a_plain_sqlite_file_byte_identical(
    tmp_path: Path, command: list[str], lang_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lang = {"default": [], "lang-id": ["--lang", "id"], "json": ["--json"]}[lang_id]
    db = tmp_path / "visitors.sqlite"
    before = _plain_sqlite(db)
    assert main(["event", *command, "--db", str(db), *lang]) == 1
    out = capsys.readouterr()
    text = out.out if "--json" in lang else out.err
    said = {"default": "holds no event", "lang-id": "berkas acara tidak ada", "json": '"kind": "no-event"'}
    assert said[lang_id] in text
    assert db.read_bytes() == before  # the journal mode (header bytes 18-19) was not switched to WAL
    assert _beside(db) == ["visitors.sqlite"]  # no -wal, -shm or -journal file


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_event_command_on_a_missing_file_creates_nothing(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "missing.sqlite"
    assert main(["event", *command, "--db", str(db)]) == 1
    assert "missing.sqlite does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_event_command_on_a_file_that_is_not_sqlite_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "notes.sqlite"
    junk.write_text("hello, this is not SQLite" * 100)
    before = junk.read_bytes()
    assert main(["event", "status", "--db", str(junk)]) == 1
    assert "not an event file" in capsys.readouterr().err
    assert junk.read_bytes() == before
    assert _beside(junk) == ["notes.sqlite"]


def test_event_lang_only_reads(tmp_path: Path) -> None:
    missing, plain = tmp_path / "missing.sqlite", tmp_path / "plain.sqlite"
    before = _plain_sqlite(plain)
    assert event_lang(str(missing)) is None
    assert event_lang(str(plain)) is None
    assert plain.read_bytes() == before
    assert _beside(plain) == ["plain.sqlite"]


def test_the_kept_language_is_still_read_from_an_event_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "event.sqlite"
    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False)
    assert isinstance(result, mm.MatchmakingResult)
    open_event(db, result).close()
    assert event_lang(str(db)) is None  # none chosen at init
    db = tmp_path / "event-id.sqlite"
    open_event(db, result, lang="id").close()
    assert event_lang(str(db)) == "id"
    with pytest.raises(mm.ValidationError, match="unknown language 'fr'"):
        open_event(tmp_path / "fr.sqlite", result, lang="fr")
    assert not (tmp_path / "fr.sqlite").exists()
    with pytest.raises(mm.ValidationError, match="kept when the event file is created"):
        open_event(db, lang="en")
    assert main(["event", "status", "--db", str(db)]) == 0
    assert capsys.readouterr().out.startswith("hadir:")


def test_event_init_refuses_an_sqlite_file_of_other_data_and_leaves_it_as_it_was(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``event init`` wrote the event's tables into any SQLite file it was given."""
    capsys.readouterr()
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "visitors.sqlite"
    before = _plain_sqlite(db)
    assert main(["event", "init", str(result_json), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "holds other data (tables visitors), not an event" in err
    assert db.read_bytes() == before
    assert _beside(db) == ["visitors.sqlite"]
    empty = tmp_path / "empty.sqlite"  # an empty file (mktemp's) is still a place for a new event
    empty.touch()
    assert main(["event", "init", str(result_json), "--db", str(empty)]) == 0
    assert event_lang(str(empty)) is None
    assert main(["event", "status", "--db", str(empty)]) == 0


def test_open_event_leaves_a_plain_sqlite_file_byte_identical(tmp_path: Path) -> None:
    """``mm.open_event`` (the Python entry point) on someone's own SQLite file: it switched the
    file to WAL before finding no event there; now it reads it read-only first, like the CLI."""
    db = tmp_path / "visitors.sqlite"
    before = _plain_sqlite(db)
    with pytest.raises(mm.ValidationError, match="holds no event") as no_event:
        open_event(db)
    assert no_event.value.problems[0].source == str(db)
    assert db.read_bytes() == before
    assert _beside(db) == ["visitors.sqlite"]
    result = mm.run(mm.east_java_south_sumatra_2020(), baseline=False)
    with pytest.raises(mm.DataFileError, match=r"holds other data \(tables visitors\), not an event"):
        open_event(db, result)
    assert db.read_bytes() == before  # its tables were not joined by the event's
    assert _beside(db) == ["visitors.sqlite"]
    event = open_event(tmp_path / "event.sqlite", result)  # a new file is still made
    event.close()
    assert open_event(tmp_path / "event.sqlite").status().no_show == ()
