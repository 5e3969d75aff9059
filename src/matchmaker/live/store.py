"""The event's SQLite file: the published result and every change since, one transaction each.

Tables::

    meta(key, value)                 event name, plan, relevance floor, lead time, format version
    participants(pos, id, side, record, max_meetings, min_meetings, walk_in, scores)
    blobs(name, data)                the published pair values (float64, NaN = may not meet)
    meetings(a, b, slot, tbl, sequence, active, reason)   the current timetable, one row per pair
    changes(seq, kind, subject, payload, at, who, recorded)   what happened, who said so, when
    replans(seq, first_open, n_kept, value, candidates, desk, counts)   each re-plan's figures, and
                    the meetings of its next slot (the desk sheet's, JSON ``[slot, table, a,
                    b, score, sequence]`` in order) (format 2)
    replan_meetings(seq, pos, kind, a, b, old_slot, old_table, new_slot, new_table, score,
                    reason, why, move, sequence)  what each re-plan changed (a score NULL is
                    NaN; ``sequence`` the calendar SEQUENCE sent): with ``desk``, what its
                    updates are written from
    updates(id, replan, folder, participants, lang, who, recorded)   where updates were written

``meta``'s ``format`` is :data:`FORMAT`.  Format 1 (matchmaker before the re-plans' changes
were kept) has none of the last three tables: :func:`upgrade` adds them, in the transaction
of the first re-plan or updates record written to such a file.  The re-plans made before it
keep their counts (in ``changes``) but not what they changed, so their updates cannot be
written again.

The file is opened in WAL mode with a busy timeout, so a check-in desk and the matching
desk can write at the same time: each change is one ``BEGIN IMMEDIATE`` transaction (the
writers queue), and a re-plan reads the state and writes the new timetable inside one such
transaction, so it never plans on a state another desk has changed meanwhile.  A process
killed in the middle of a transaction leaves the last committed state (SQLite's journal).
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from matchmaker.errors import DataFileError, Problem

__all__ = [
    "BUSY_TIMEOUT_S",
    "FORMAT",
    "READABLE",
    "connect",
    "create_schema",
    "format_of",
    "has_table",
    "newer_format",
    "read_only",
    "refuse_folder",
    "refuse_foreign",
    "transaction",
    "upgrade",
]

T = TypeVar("T")

FORMAT = "matchmaker.event/2"
#: Seconds a writer waits for another desk's transaction before giving up.
BUSY_TIMEOUT_S = 30.0

#: The tables of format 2: what each re-plan changed, and where its updates were written.
_KEPT = """
CREATE TABLE IF NOT EXISTS replans(
    seq INTEGER PRIMARY KEY, first_open INTEGER NOT NULL, n_kept INTEGER NOT NULL,
    value REAL NOT NULL, candidates INTEGER NOT NULL, desk TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS replan_meetings(
    seq INTEGER NOT NULL, pos INTEGER NOT NULL, kind TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,
    old_slot INTEGER, old_table TEXT, new_slot INTEGER, new_table TEXT, score REAL,
    reason TEXT NOT NULL, why TEXT NOT NULL, move TEXT, sequence INTEGER NOT NULL,
    PRIMARY KEY (seq, pos));
CREATE TABLE IF NOT EXISTS updates(
    id INTEGER PRIMARY KEY AUTOINCREMENT, replan INTEGER NOT NULL, folder TEXT NOT NULL,
    participants INTEGER NOT NULL, lang TEXT, who TEXT NOT NULL, recorded TEXT NOT NULL);
"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants(
    pos INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, side TEXT NOT NULL CHECK (side IN ('A', 'B')),
    record TEXT NOT NULL, max_meetings INTEGER NOT NULL, min_meetings INTEGER NOT NULL,
    walk_in INTEGER NOT NULL, scores BLOB);
CREATE TABLE IF NOT EXISTS blobs(name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meetings(
    a TEXT NOT NULL, b TEXT NOT NULL, slot INTEGER NOT NULL, tbl TEXT NOT NULL,
    sequence INTEGER NOT NULL, active INTEGER NOT NULL, reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (a, b));
CREATE TABLE IF NOT EXISTS changes(
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, subject TEXT NOT NULL,
    payload TEXT NOT NULL, at TEXT, who TEXT NOT NULL, recorded TEXT NOT NULL);
"""


def connect(path: str | Path) -> sqlite3.Connection:
    """Open the event file in WAL mode with a busy timeout (autocommit: transactions are explicit).

    Raises
    ------
    DataFileError
        When ``path`` is a folder, is in a folder that does not exist, or is not an SQLite
        file (or cannot be opened).
    """
    file = Path(path)
    # SQLite words both as "unable to open database file" or "disk I/O error": say which
    refuse_folder(file)
    if not file.parent.is_dir():
        raise DataFileError(
            Problem(
                f"the folder {file.parent} does not exist",
                kind="no-folder",
                source=str(path),
                hint="create the folder first, or give a path in an existing folder",
            )
        )
    if not may_write(file):  # a desk that may only read: nothing to switch to WAL
        return connect_reader(file)
    try:
        con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")  # a committed change survives a power cut too
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise not_an_event(path, exc) from None
    return con


def refuse_folder(path: str | Path) -> None:
    """Refuse a folder given for the event file (SQLite says only "disk I/O error" or "unable
    to open database file"), with the .sqlite file in it, if there is one, as the example.

    Raises
    ------
    DataFileError
        ``is-a-folder`` when ``path`` is a folder.
    """
    folder = Path(path)
    if not folder.is_dir():
        return
    try:
        inside = sorted(folder.glob("*.sqlite"))
    except OSError:  # a folder that may not be listed
        inside = []
    example = str(inside[0]) if inside else str(folder / "event.sqlite")
    raise DataFileError(
        Problem(
            "is a folder, not an event file",
            kind="is-a-folder",
            source=str(path),
            hint=f"a file's path is needed: the event's .sqlite file, e.g. --db {example}",
        )
    )


def not_an_event(path: str | Path, exc: sqlite3.DatabaseError) -> DataFileError:
    """The error for a file SQLite cannot open or read (also raised by read-only readers)."""
    return DataFileError(
        Problem(
            f"not an event file: {exc}",
            kind="not-an-event",
            source=str(path),
            hint="give the .sqlite file `matchmaker event init` or open_event(path, result) made",
        )
    )


def may_write(path: str | Path) -> bool:
    """Whether this process may write the event file at ``path``: the file, and its folder,
    where SQLite keeps the log beside it (a missing file: yes; creating it says otherwise).
    A desk that may not is a reader (:func:`connect_reader`)."""
    file = Path(os.path.realpath(path))
    return not file.exists() or (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK))


def _log_files(path: str | Path) -> tuple[Path, Path]:
    """The ``-wal`` and ``-shm`` files of the event file: beside the file a link points to,
    where SQLite keeps them."""
    real = os.path.realpath(path)
    return Path(f"{real}-wal"), Path(f"{real}-shm")


def file_stamp(path: str | Path) -> tuple[bool, bool, int, int]:
    """What changes when a desk opens or writes the event file: whether its ``-wal`` and
    ``-shm`` exist, the file's modification time and size (all -1 for a missing file).  A
    reader that reads the file ``immutable`` compares it before and after each look: a desk
    that opened or wrote it meanwhile changed it, and the look is taken again."""
    wal, shm = _log_files(path)
    try:
        info = Path(path).stat()
    except OSError:
        return False, False, -1, -1
    return wal.exists(), shm.exists(), info.st_mtime_ns, info.st_size


#: How many looks a reader takes when desks keep writing while it reads, before saying so.
LOOKS = 5


def kept_changing(path: str | Path) -> DataFileError:
    """The error of a reader whose every look was overtaken by a desk writing the file."""
    return DataFileError(
        Problem(
            f"the event file changed during each of {LOOKS} reads",
            kind="busy",
            source=str(path),
            hint="the desks are writing it: try again in a moment",
        )
    )


def _reader(file: Path) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection (``mode=ro``), and whether it reads the file ``immutable``.

    A read-only connection to a WAL file creates the ``-wal`` and ``-shm`` files when they
    are missing, and leaves them when it closes (only a connection that writes checkpoints
    the log and removes them).  Made by a desk whose user may not write the event file, they
    belonged to that user with the file's mode, and every desk that may write was then
    refused ("attempt to write a readonly database") for the rest of the day.  So such a
    desk, unless both exist (a desk has the file open, and it reads through them), opens
    the file ``immutable``: read as it is, without locks, creating nothing.  Without locks a
    desk may write the file during the read: the caller compares :func:`file_stamp` before
    and after and reads again.  A desk that may write the file reads it as usual (the files
    it may create are its own).
    """
    wal, shm = _log_files(file)
    quiet = not may_write(file) and not (wal.exists() and shm.exists())
    uri = f"{file.resolve().as_uri()}?mode=ro{'&immutable=1' if quiet else ''}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None), quiet


def connect_reader(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the event file that a desk which may not write it can use
    without locking the others out (see :func:`_reader`).  What a reader that stays
    (``LiveEvent``) reads goes through :func:`read_only` instead, a new connection each
    time, to see what the desks committed since and read again if one wrote meanwhile.

    Raises
    ------
    DataFileError
        When SQLite cannot read the file.
    """
    refuse_folder(path)
    try:
        con = _reader(Path(path))[0]
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise not_an_event(path, exc) from None
    return con


def read_only(path: str | Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """``read`` on a read-only connection to ``path`` (``mode=ro``): the journal mode is not
    switched (:func:`connect` switches to WAL, for the desks that write), nothing is
    written, and for a desk that may not write the file nothing is created beside it (read
    again if a desk wrote meanwhile).  A file SQLite cannot read is the ``not-an-event``
    error; one that desks kept writing during every read, ``busy``."""
    file = Path(path)
    refuse_folder(file)
    for _ in range(LOOKS):
        stamp = file_stamp(file)
        try:
            con, quiet = _reader(file)
            try:
                result = read(con)
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            if file_stamp(file) == stamp:
                raise not_an_event(path, exc) from None
            continue  # torn by a desk writing it: read again
        if not quiet or file_stamp(file) == stamp:
            return result
    raise kept_changing(path)


def refuse_foreign(path: str | Path, hint: str) -> None:
    """Refuse an SQLite file at ``path`` that holds something other than an event: it is
    someone's own data, never to be written into.  A missing or empty file and an event file
    pass.  Read read-only, so the file is left byte for byte as it was.

    Raises
    ------
    DataFileError
        ``not-an-event``, naming the file and its first tables, with ``hint``.
    """
    file = Path(path)
    if not (file.is_file() and file.stat().st_size):
        return

    def tables(con: sqlite3.Connection) -> list[str]:
        if is_initialised(con):
            return []
        return [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]

    found = ", ".join(read_only(file, tables)[:5])
    if found:
        raise DataFileError(
            Problem(
                f"an SQLite file that holds other data (tables {found}), not an event",
                kind="not-an-event",
                source=str(path),
                hint=hint,
            )
        )


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once (``BEGIN IMMEDIATE``); rolled back on any error.

    Raises
    ------
    DataFileError
        ``read-only`` when the file (or its folder, where SQLite keeps the write-ahead log)
        cannot be written: nothing was written.
    """
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        if "readonly" not in str(exc) and "read-only" not in str(exc):
            raise
        raise read_only_file(con, exc) from None


def _file_of(con: sqlite3.Connection) -> str:
    """The path of the file ``con`` is open on (``?`` when SQLite does not say)."""
    return next((row[2] for row in con.execute("PRAGMA database_list") if row[1] == "main"), "") or "?"


def read_only_file(con: sqlite3.Connection, exc: sqlite3.OperationalError) -> DataFileError:
    """The error for a change refused because the event file cannot be written."""
    file = _file_of(con)
    return DataFileError(
        Problem(
            f"the event file cannot be written ({exc}); nothing was recorded",
            kind="read-only",
            source=file,
            hint="make the file and its folder writable, or copy the file to a folder you can write to",
        )
    )


def create_schema(con: sqlite3.Connection) -> None:
    """Create the tables (inside the caller's transaction)."""
    for statement in (_SCHEMA + _KEPT).strip().split(";"):
        if statement.strip():
            con.execute(statement)


#: The formats this matchmaker reads: format 1 is upgraded by the next re-plan (:func:`upgrade`).
READABLE = ("matchmaker.event/1", FORMAT)


def format_of(con: sqlite3.Connection) -> str:
    """The file's ``format`` (``meta``)."""
    (found,) = con.execute("SELECT value FROM meta WHERE key='format'").fetchone()
    return str(json.loads(found))


def newer_format(path: str | Path, found: str) -> DataFileError:
    """The refusal of an event file of a format this matchmaker does not know (a newer one's)."""
    return DataFileError(
        Problem(
            f"the event file is of format {found!r}, which this matchmaker does not read (it reads "
            f"{' and '.join(READABLE)}); nothing was read or written",
            kind="event-format",
            source=str(path),
            data={"format": found, "readable": list(READABLE)},
            hint="use the matchmaker that wrote the file (a newer version: pip install -U matchmaker) "
            "on every desk of the event",
        )
    )


def upgrade(con: sqlite3.Connection) -> None:
    """Bring a file of format 1 to :data:`FORMAT` (inside the caller's write transaction):
    the tables of format 2 are added, empty, and ``format`` says so.  Nothing already in
    the file changes.  A format this matchmaker does not know is refused (never relabelled)."""
    found = format_of(con)
    if found == FORMAT:
        return
    if found not in READABLE:
        file = _file_of(con)
        raise newer_format(file, found)
    for statement in _KEPT.strip().split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("UPDATE meta SET value = ? WHERE key='format'", (json.dumps(FORMAT),))


def has_table(con: sqlite3.Connection, name: str) -> bool:
    """Whether the file has the table ``name`` (a file of format 1 has no ``replans``)."""
    row = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone()
    return row is not None


def is_initialised(con: sqlite3.Connection) -> bool:
    """Whether the file holds an event."""
    row = con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if row is None:
        return False
    return con.execute("SELECT 1 FROM meta WHERE key='format'").fetchone() is not None


def to_blob(array: NDArray[Any]) -> bytes:
    """An array as ``.npy`` bytes."""
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def from_blob(data: bytes) -> NDArray[Any]:
    """The array of :func:`to_blob`."""
    out: NDArray[Any] = np.load(io.BytesIO(data), allow_pickle=False)
    return out


def get_meta(con: sqlite3.Connection) -> dict[str, Any]:
    """Every ``meta`` value, JSON-decoded."""
    return {k: json.loads(v) for k, v in con.execute("SELECT key, value FROM meta")}
