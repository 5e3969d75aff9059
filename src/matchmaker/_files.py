"""Replacing a file the caller names, atomically: the new content is written to a
temporary file beside it and moved over it only when complete, so a failure half-way
(a full disk, a text no file can hold) leaves the old file as it was and no partial one;
and finding such a text (half of a character, :func:`half_character_at`) in what is read
or to be written, so that the error can say where it is.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "LONE_SURROGATE",
    "half_character_at",
    "new_file_beside",
    "new_folder",
    "no_such_file",
    "replacing",
]

#: Half of a UTF-16 pair (a lone surrogate): a Python string can hold one, no UTF-8 file can.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: A key named as is in a place (``mission.name``); any other is quoted (``a["x.y"]``).
_PLAIN_KEY = re.compile('[^.\\[\\]"\\\\\ud800-\udfff\\x00-\\x1f]+')


def half_character_at(value: object, place: str = "") -> tuple[str, int] | None:
    r"""Where the first lone surrogate in ``value`` is, and its code point; ``None`` when
    there is none.  ``value`` is a text, a JSON document (dicts and lists), or records
    (dataclasses, tuples) holding texts; the place is a dotted path from ``place``, items
    as ``[k]``, a dict key with a dot, a bracket or half a character quoted as JSON spells it.

    >>> half_character_at({"mission": {"name": "PT \ud800"}})
    ('mission.name', 55296)
    >>> half_character_at(("ok", "x\udcff"), "lines")
    ('lines[1]', 56575)
    """
    if isinstance(value, str):
        found = LONE_SURROGATE.search(value)
        return None if found is None else (place, ord(found.group()))
    if isinstance(value, dict):
        for key, item in value.items():
            if _PLAIN_KEY.fullmatch(key):
                at = f"{place}.{key}" if place else key
            else:
                at = f"{place}[{json.dumps(key)}]"
            hit = half_character_at(key, at) or half_character_at(item, at)
            if hit is not None:
                return hit
    elif isinstance(value, (list, tuple)):
        for k, item in enumerate(value):
            hit = half_character_at(item, f"{place}[{k}]")
            if hit is not None:
                return hit
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            hit = half_character_at(getattr(value, f.name), f"{place}.{f.name}" if place else f.name)
            if hit is not None:
                return hit
    return None


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A new, empty file beside ``path`` to write; moved onto ``path`` when the block ends
    without an error, removed when it raises.

    What the caller set on the file is kept where a replace can keep it: an existing file's
    permissions (a participant list kept owner-only stays so, and is owner-only while it is
    written), and a symbolic link is written through, to the file it points to.  A new file
    gets the permissions an ordinary ``open`` gives (the umask; ``tempfile.mkstemp`` would
    make it owner-only).  The replaced file is a new file: it belongs to the user who wrote
    it, and another hard link to the old one keeps the old content.

    Where a file cannot be replaced it is written in place, as an ordinary ``open`` does
    (not atomically): a device or a pipe (``/dev/stdout``), a file in a folder the user may
    not write, and a file mounted on its own (a container's bind mount), which cannot be
    renamed over.  A file the user may not write is refused (``PermissionError``), as
    ``open`` refuses it; errors name ``path``, not the temporary file.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> with replacing(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('hello', ['notes.txt'])
    >>> try:
    ...     with replacing(target) as tmp:
    ...         _ = tmp.write_text("half")
    ...         raise OSError("disk full")
    ... except OSError:
    ...     pass
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('hello', ['notes.txt'])
    """
    target = Path(os.path.realpath(path))  # through a symbolic link, not over it
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):  # a device or a pipe: only written to
        yield target
        return
    if mode is not None and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))
    try:
        temporary = new_file_beside(target, private=mode is not None)
    except OSError as exc:
        if mode is not None and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            yield target  # a file the user may write in a folder they may not: in place
            return
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        yield temporary
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        try:
            os.replace(temporary, target)
        except OSError as exc:
            if exc.errno not in (errno.EBUSY, errno.EXDEV):
                raise
            shutil.copyfile(temporary, target)  # mounted on its own: the content, complete, in place
            temporary.unlink()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def no_such_file(path: str | Path) -> FileNotFoundError:
    """The error for a participant or mission file that is not there, with ``filename`` set.

    ``filename`` is what the command line's ``--json`` problem record gives as its
    ``source`` (an error made from a message alone left it null); the text has the form of
    Python's own file errors, ``[Errno 2] no such file: '<path>'``.
    """
    return FileNotFoundError(errno.ENOENT, "no such file", str(path))


def new_file_beside(target: Path, *, private: bool) -> Path:
    """An empty file in ``target``'s folder with a name no one else uses: owner-only while a
    file it replaces may be private (its mode is copied on once written), else as ``open``
    makes it."""
    while True:
        # the target's name, shortened so that the temporary name is never too long for it
        temporary = target.with_name(f".{target.name[:200]}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666))
        except FileExistsError:  # another writer's temporary file of the same name: draw again
            continue
        return temporary


def new_folder(beside: str | Path, kind: str) -> Path:
    """A new, empty folder in the folder of ``beside``, named after it and ``kind``, for
    building something that is then moved to ``beside`` (an export pack, a re-plan's updates).

    Made with an ordinary ``mkdir``, so it gets the permissions every new folder gets (the
    umask): ``tempfile.mkdtemp`` makes it owner-only (0700), and moved into place, the pack
    folder organisers share with colleagues or a web server could be opened by no one else.

    >>> import stat, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> folder = new_folder(root / "pack", "building")
    >>> folder.parent == root, folder.name.startswith(".pack.building-"), list(folder.iterdir())
    (True, True, [])
    """
    target = Path(beside)
    while True:
        folder = target.with_name(f".{target.name}.{kind}-{secrets.token_hex(4)}")
        try:
            folder.mkdir()
        except FileExistsError:  # another folder of the same name: draw again
            continue
        return folder
