"""Replacing a file the caller names, atomically: the new content is written to a
temporary file beside it and moved over it only when complete, so a failure half-way
(a full disk, a text no file can hold) leaves the old file as it was and no partial one.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LONE_SURROGATE", "new_folder", "replacing"]

#: Half of a UTF-16 pair (a lone surrogate): a Python string can hold one, no UTF-8 file can.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A new, empty file beside ``path`` to write; moved onto ``path`` when the block ends
    without an error, removed when it raises.

    The file keeps what the caller set on it: an existing file's permissions are copied
    to the new one (a participant list kept owner-only stays so), and a symbolic link is
    written through, to the file it points to, as writing the file directly did.  A new
    file gets the permissions an ordinary ``open`` gives (the umask); the temporary file is
    created with an exclusive ``open`` rather than ``tempfile.mkstemp``, which makes it
    owner-only (0600).

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
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            with temporary.open("xb"):
                break
        except FileExistsError:  # another writer's temporary file of the same name: draw again
            continue
    try:
        yield temporary
        with contextlib.suppress(FileNotFoundError):
            shutil.copymode(target, temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


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
