"""Reading a user's JSON file: one place for the errors every JSON input shares (and the
UTF-8 decoding every text file a user gives goes through).

JSON can spell half of a character: a ``\\ud800`` escape with no partner (a lone
surrogate) decodes to a Python string that no UTF-8 file can hold, so the run would fail
at its first export, after all the work, with an encoder's traceback.  :func:`loads`
refuses such a file up front and names the place in the document.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
from pathlib import Path

from matchmaker._files import half_character_at
from matchmaker.errors import DataFileError, JSONValue, Problem

__all__ = ["decode", "loads", "read"]

#: An escape of a surrogate code point in the raw text: only such an escape can put one in
#: the decoded document, so the walk below runs only for files that have one (a valid pair
#: is found by this too; the walk then finds nothing).
_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read(path: str | Path, *, wanted: str | None = None) -> JSONValue:
    """The JSON document in the file at ``path`` (UTF-8, a byte-order mark allowed).

    ``wanted`` says what the file should have been, for the hint when it is a workbook
    (``"`matchmaker event init` needs the result.json ..."``); by default, to rename it.

    Raises
    ------
    DataFileError
        ``encoding`` (not UTF-8), ``lone-surrogate`` (a ``\\u`` escape of half a character,
        naming where) or ``syntax`` (with the line and column), naming the file.  A file
        that cannot be read raises :class:`OSError` as :meth:`pathlib.Path.read_bytes` does.
    """
    source = str(path)
    return loads(decode(Path(path).read_bytes(), source, wanted=wanted), source)


def decode(
    raw: bytes, source: str, *, hint: str = "save the file as UTF-8", wanted: str | None = None
) -> str:
    """``raw`` as UTF-8 text (a byte-order mark dropped), or the ``encoding`` error naming
    the first byte that is not UTF-8, where it is in the file and its line (``row``).

    Every text file a user gives is read through this (JSON, configs, CSV tables).
    """
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if _is_workbook(raw):  # "not UTF-8 (byte 0x85...)" would send its owner looking for an encoding
            raise _workbook(source, wanted) from None
        at = bom + exc.start  # exc.start counts from after the mark
        raise DataFileError(
            Problem(
                f"not UTF-8 text (byte 0x{raw[at]:02x} at byte {at})",
                kind="encoding",
                source=source,
                row=raw[:at].count(b"\n") + 1,
                hint=hint,
            )
        ) from None


def _workbook(source: str, wanted: str | None = None) -> DataFileError:
    """An XLSX workbook given under a text file's name (renamed, or saved with the wrong type);
    ``wanted``, when the command needs another file altogether, is the hint instead of renaming."""
    suffix = Path(source).suffix.lower()
    named = f"with a {suffix} name, not {suffix[1:].upper()} text" if suffix else "not a text file"
    hint = wanted or f"rename it to {Path(source).with_suffix('.xlsx').name}"
    if wanted is None and suffix in (".csv", ".txt"):
        hint += ", or open it in Excel and save it as 'CSV UTF-8'"
    return DataFileError(
        Problem(f"an Excel workbook (.xlsx) {named}", kind="workbook-as-text", source=source, hint=hint)
    )


def _is_workbook(raw: bytes) -> bool:
    """Whether ``raw`` is an XLSX workbook: a ZIP archive (``PK\\x03\\x04``) holding ``xl/``."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def loads(text: str, source: str) -> JSONValue:
    """The JSON document in ``text``, read from ``source`` (named in the errors).

    Examples
    --------
    >>> loads('{"name": "Misi Dagang"}', "mission.json")
    {'name': 'Misi Dagang'}
    >>> loads('{"name": "Misi \\\\ud800"}', "mission.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    matchmaker.errors.DataFileError: mission.json: half of a character at name: a \\ud800 escape ...
    """
    try:
        doc: JSONValue = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(
            Problem(
                f"not valid JSON: {exc.msg}",
                kind="syntax",
                source=source,
                row=exc.lineno,
                hint=f"at column {exc.colno}",
                data={"json_error": exc.msg, "json_column": exc.colno},  # for the Indonesian sentence
            )
        ) from None
    if _ESCAPE.search(text):
        where = half_character_at(doc)
        if where is not None:
            place, code = where
            raise DataFileError(
                Problem(
                    f"half of a character at {place or 'the top'}: a \\u{code:04x} escape with no partner",
                    kind="lone-surrogate",
                    source=source,
                    hint="write the character itself, or both halves of its \\u escape pair",
                )
            )
    return doc
