"""Writing a result pack safely: all of it or none of it, and never a file the tool did not write.

:func:`write_pack` is how :func:`matchmaker.export.export_all` writes: it builds the whole
pack in a temporary folder *beside* the target (same disk, so moves are renames), writes
a manifest, and only then moves it into place.  So:

* a failure while building (bad text, a full disk, a crash) leaves the target as it was:
  the previous pack intact, no mixture of old and new files;
* every file the pack holds is listed in its manifest, ``pack-manifest.json``, with its
  SHA-256; the next run into the same folder replaces exactly those files (and removes
  those it no longer writes, such as the calendar of a participant who lost their
  meetings);
* a file the tool did not write is never deleted or overwritten: a non-empty folder
  that is not a previous pack is refused (``force=True`` / ``--force`` writes into it
  anyway, leaving its other files alone, but replacing files of the same names), and so
  is a previous pack whose files were changed since (a filled-in outcome form, say),
  naming the changed files;
* a target that is a file, or a place that cannot be written, is a clear
  :class:`~matchmaker.errors.ValidationError` naming the path, before any work;
* a file the command reads (its ``inputs``: the participant table, the config, the
  outcome form) is never replaced, not even with ``force``: an output that is one of
  them, or a pack that would write a file of the same name over it, is refused before
  any work (``output-is-input``).

When the target holds only the previous pack, the new pack replaces it by two renames
(old pack aside, new pack in, then the old one deleted); otherwise (files of the user's
beside the pack) each file is replaced on its own with an atomic ``os.replace``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path

from matchmaker._files import new_folder, replacing
from matchmaker.errors import Problem, ValidationError

__all__ = [
    "HTML_STAMP",
    "MANIFEST",
    "PACK_FOLDERS",
    "PACK_FORMAT",
    "PACK_NAMES",
    "PDF_STAMP",
    "check_file",
    "check_output",
    "check_report",
    "command_inputs",
    "pack_files",
    "report_pdf",
    "report_target",
    "report_written",
    "staged",
    "write_file",
    "write_pack",
]

#: The manifest's file name, inside the pack.
MANIFEST = "pack-manifest.json"
#: The manifest's ``format`` field.
PACK_FORMAT = "matchmaker.pack"
#: The files a pack may write at its top level, and the folders it writes its
#: per-participant files into (``ics/<id>.ics``, ``messages/<id>.txt``): an input file
#: there would be replaced by the pack's file of the same name, so it is refused before
#: any work (a test checks these against what both paths' packs write).
PACK_NAMES = frozenset(
    {
        MANIFEST,
        "agendas.csv",
        "agendas.html",
        "agendas.pdf",
        "contacts.csv",
        "grid.csv",
        "matchmaker.xlsx",
        "meetings.csv",
        "outcome_form.csv",
        "report.html",
        "report.pdf",
        "result.json",
        "summary.json",
    }
)
PACK_FOLDERS = frozenset({"ics", "messages"})


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pack_files(directory: str | Path) -> dict[str, str] | None:
    """The files of the pack in ``directory`` (relative POSIX path → SHA-256), from its
    manifest; ``None`` when the folder holds no (readable) manifest."""
    path = Path(directory) / MANIFEST
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = doc.get("files") if isinstance(doc, dict) and doc.get("format") == PACK_FORMAT else None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        return None
    return {k: v for k, v in files.items() if _inside(k)}


def _inside(relative: str) -> bool:
    """A manifest entry that stays inside the folder (a tampered manifest cannot reach out)."""
    parts = Path(relative).parts
    return bool(parts) and not Path(relative).is_absolute() and ".." not in parts


def _problem(
    target: Path, message: str, kind: str, hint: str, data: Mapping[str, str] | None = None
) -> ValidationError:
    return ValidationError(
        Problem(message, kind=kind, source=str(target), field="out", hint=hint, data=dict(data or {}))
    )


def _not_writable(target: Path, exc: OSError, where: Path | None = None) -> ValidationError:
    at = f" ({where})" if where is not None else ""
    return _problem(
        target,
        f"cannot write here: {exc.strerror or exc}{at}",
        "output-not-writable",
        "choose a folder on a disk you can write to (check the permissions and free space)",
    )


def _all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


def _pack_name(rel: str) -> bool:
    """Whether ``rel`` (a path in the pack's folder, ``/``-separated) is where a pack may write
    a file: one of :data:`PACK_NAMES`, or inside one of :data:`PACK_FOLDERS`."""
    parts = rel.split("/")
    return rel in PACK_NAMES or (len(parts) > 1 and parts[0] in PACK_FOLDERS)


def _listed(files: list[str]) -> str:
    """The first five of ``files``, and how many more."""
    return ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")


def _refuse_theirs(target: Path, theirs: list[str], force: bool) -> None:
    """Refuse (without ``force``) to replace ``theirs``, files the earlier pack did not write."""
    if theirs and not force:
        raise _problem(
            target,
            f"files named like the pack's that the earlier pack did not write: {_listed(theirs)}",
            "output-exists",
            "move those files elsewhere (e.g. a PDF printed by hand), choose a new folder, or add "
            "--force to replace them",
        )


def _check_target(target: Path, force: bool) -> dict[str, str] | None:
    """The previous pack's files (None if there is none); raises if the target may not be written."""
    if target.exists() and not target.is_dir():
        raise _problem(
            target,
            "the output folder is an existing file",
            "output-is-a-file",
            "give --out a folder (new or from an earlier run), not a file",
        )
    if not target.exists():
        return None
    previous = pack_files(target)
    present = set(_all_files(target))
    if previous is None:
        if present and not force:
            shown = _listed(sorted(present))
            raise _problem(
                target,
                f"the output folder is not empty and holds no earlier matchmaker pack ({shown})",
                "output-not-empty",
                "choose a new or empty folder, or add --force to write into it (its other files are "
                "kept; files named like the pack's are replaced)",
            )
        return None
    changed = sorted(
        rel for rel, digest in previous.items() if rel in present and _digest(target / rel) != digest
    )
    if changed and not force:
        raise _problem(
            target,
            f"files of the earlier pack were changed since it was written: {_listed(changed)}",
            "output-changed",
            "move those files elsewhere (e.g. a filled-in outcome form), choose a new folder, "
            "or add --force to replace them",
        )
    # a file with a pack file's name (agendas.pdf printed by hand, a copy put back) that the
    # earlier pack did not write is the user's: refused here, before any work; a name in
    # ics/ or messages/ is known once the pack is built (_move_into_place)
    _refuse_theirs(
        target, sorted(rel for rel in present - previous.keys() - {MANIFEST} if rel in PACK_NAMES), force
    )
    # files the user changed are theirs now: never deleted, replaced only under force
    return {rel: digest for rel, digest in previous.items() if rel not in changed}


def command_inputs(options: Mapping[str, object]) -> list[str]:
    """The files a command reads, from its options (``vars(args)``): the participant table,
    the config, the outcome form, its mission and result."""
    keys = ("file", "config", "form", "mission", "result")
    return [v for k in keys if isinstance(v := options.get(k), str)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (or cannot be looked at): not the same file
        return False


def _input_problem(target: Path, given: Path, what: str) -> ValidationError:
    return _problem(
        target,
        f"{what} is the input file {given}: writing it would destroy the input",
        "output-is-input",
        "give the output another name or folder (--force never replaces a file the command reads)",
    )


def check_output(directory: str | Path, *, force: bool = False, inputs: Collection[str | Path] = ()) -> None:
    """Raise the :class:`~matchmaker.errors.ValidationError` :func:`write_pack` would raise
    for ``directory`` (a file, a non-empty folder that is no earlier pack, changed pack
    files, a place that cannot be written), so that a command fails before any work.

    ``inputs`` are the files the command reads: one inside ``directory`` where the pack
    writes a file of its own (``PACK_NAMES``, or in ``ics/`` or ``messages/``) is refused
    even with ``force`` (kind ``output-is-input``), since the pack would replace it.
    """
    target = Path(directory).absolute()
    _check_target(target, force)
    if target.is_dir():
        for given in inputs:
            try:
                relative = Path(os.path.realpath(given)).relative_to(os.path.realpath(target))
            except ValueError:
                continue  # not inside the pack's folder
            if _pack_name(relative.as_posix()):
                raise _input_problem(target, Path(given), f"the pack's {relative.as_posix()}")
    _writable(target, _nearest(target))


#: The last line of a single file written by :func:`write_file` with ``stamp=HTML_STAMP``.
HTML_STAMP = b"\n<!-- written by matchmaker -->\n"


def check_file(
    path: str | Path,
    *,
    stamp: bytes = HTML_STAMP,
    force: bool = False,
    inputs: Collection[str | Path] = (),
    report: str | Path | None = None,
) -> None:
    """Raise the :class:`~matchmaker.errors.ValidationError` :func:`write_file` would raise
    for ``path`` before it writes (a folder, a file the tool did not write, one of the
    command's ``inputs``, a folder above it that is a file, a new file where nothing can be
    written), so that a command fails before any work.

    ``report``: ``path`` is the PDF of this report (:func:`report_pdf`), not the output the
    user named; a folder of its name is refused naming both, with what to do about it.
    """
    target = Path(path).absolute()
    if target.is_dir():
        if report is not None:
            shown = Path(report).absolute()
            raise _problem(
                target,
                f"the report's PDF, {target.name} beside {shown.name}, would be written over the "
                f"folder {target}",
                "output-is-a-folder",
                f"move or rename the folder {target.name}, or give the report another name (its PDF "
                "takes the report's name with .pdf)",
                data={"case": "pdf", "pdf": target.name, "report": shown.name, "folder": str(target)},
            )
        raise _problem(
            target,
            "the output is an existing folder",
            "output-is-a-folder",
            "give a file name, e.g. report.html",
        )
    for given in inputs:  # even with force: the command would destroy what it read
        if _same_file(target, Path(given)):
            raise _input_problem(target, Path(given), "the output")
    _check_folder(target)
    if target.exists() and not force:
        with target.open("rb") as existing:
            existing.seek(max(target.stat().st_size - len(stamp), 0))
            ours = existing.read() == stamp
        if not ours:
            raise _problem(
                target,
                "the output file exists and was not written by matchmaker",
                "output-exists",
                "choose another file name, or add --force to replace it",
            )


def _check_folder(target: Path) -> None:
    """The folder ``target`` (a file) is written into, as :func:`check_output` probes a
    pack's: refused when it or a folder above it is a file (``people.csv/r.html``), and,
    for a new file, when nothing can be written there.  An existing file is not probed:
    :func:`~matchmaker._files.replacing` writes it in place where its folder is read-only
    (``/dev/stdout``)."""
    probe = _nearest(target.parent)
    if not probe.is_dir():
        raise _problem(
            target,
            f"the folder to write {target.name} in is a file: {probe}",
            "output-is-a-file",
            f"give a path in a folder: {probe.name} is a file (e.g. {probe.with_name(target.name)})",
            data={"case": "parent", "file": str(probe), "name": target.name},
        )
    if not target.exists():
        _writable(target, probe)


def _nearest(path: Path) -> Path:
    """``path``, or the nearest folder above it that exists (``exists()`` is False below a
    file too: ``people.csv/r.html`` gives ``people.csv``)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable(target: Path, folder: Path) -> None:
    """Refuse ``target`` when nothing can be written in ``folder`` (its nearest existing
    folder): a real attempt, as permission bits say nothing to root or on a read-only disk."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".matchmaker-probe-", dir=folder))
    except OSError as exc:
        raise _not_writable(target, exc, folder) from None


#: The last line of a report's PDF written by :func:`write_file` (``matchmaker report --pdf``):
#: a PDF comment after its ``%%EOF``, which readers skip, so that a PDF printed by hand or
#: changed since (signed: its additions follow) is told from the tool's and not replaced.
PDF_STAMP = b"\n% written by matchmaker\n"


def report_target(out: str | Path) -> Path:
    """The report file ``--out`` names: ``out`` itself, or ``report.html`` in it when it is a
    folder or ends with a path separator (``out/``, and ``out\\`` on Windows), as both
    paths' ``matchmaker report`` read it.

    >>> report_target("misi.html").as_posix(), report_target("laporan/").as_posix()
    ('misi.html', 'laporan/report.html')
    """
    given = str(out)
    separators = ("/", os.sep) + ((os.altsep,) if os.altsep else ())
    if Path(out).is_dir() or given.endswith(separators):
        return Path(out) / "report.html"
    return Path(out)


def report_written(written: Sequence[Path], lang: str = "en") -> tuple[dict[str, str], str]:
    """What ``matchmaker report`` says it wrote, from :func:`~matchmaker.export.write_report`'s
    paths (the report, then its PDF): the ``--json`` fields (``report``, ``pdf``) and the line
    for a person, in ``lang``.

    >>> report_written([Path("r.html"), Path("r.pdf")])
    ({'report': 'r.html', 'pdf': 'r.pdf'}, 'report written to r.html, r.pdf')
    """
    from matchmaker.reporting.labels import label

    data = dict(zip(("report", "pdf"), map(str, written), strict=False))
    return data, label("report_written", lang).format(path=", ".join(data.values()))


def report_pdf(path: str | Path) -> Path:
    """Where the PDF of the report written to ``path`` goes: beside it, named as the report
    with ``.pdf`` in place of a final ``.html`` (or ``.htm``), else with ``.pdf`` added (a
    name's other dots are part of it: ``misi-1.5`` is not ``misi-1`` with a suffix).

    >>> [report_pdf(p).as_posix() for p in ("out/misi.html", "laporan", "misi-1.5", ".html", "r.HTM")]
    ['out/misi.pdf', 'laporan.pdf', 'misi-1.5.pdf', '.pdf', 'r.pdf']
    """
    target = Path(path)
    stem, dot, suffix = target.name.rpartition(".")
    if dot and suffix.lower() in ("html", "htm"):
        return target.with_name(f"{stem}.pdf")
    return target.with_name(f"{target.name}.pdf")


def check_report(
    path: str | Path, *, pdf: bool = False, force: bool = False, inputs: Collection[str | Path] = ()
) -> Path | None:
    """:func:`check_file` for a report written to ``path`` and, with ``pdf``, for its PDF
    beside it (:func:`report_pdf`, returned), so that a command fails before any work.

    Raises
    ------
    ValidationError
        As :func:`check_file`, for either file (a folder where the PDF goes names the PDF
        and the report); ``output-is-pdf`` when ``path`` is a ``.pdf`` name (the report
        and its PDF would be one file); ``output-not-writable`` with ``pdf`` when the
        report's folder cannot be written (the PDF is printed in a folder made there).
    """
    check_file(path, force=force, inputs=inputs)
    if not pdf:
        return None
    if Path(path).name.lower().endswith(".pdf"):
        raise _problem(
            Path(path).absolute(),
            "the report is an HTML page, but its name ends in .pdf (its PDF is written beside it)",
            "output-is-pdf",
            "give the report an .html name (its PDF takes the same name with .pdf), e.g. report.html",
        )
    target = report_pdf(path)
    check_file(target, stamp=PDF_STAMP, force=force, inputs=inputs, report=path)
    _writable(Path(path).absolute(), _nearest(Path(path).absolute().parent))
    return target


@contextlib.contextmanager
def staged(path: str | Path) -> Iterator[Path]:
    """A new hidden folder beside ``path`` (a file to be written; in the nearest folder above
    it that exists, so that no folder is made for a failure to leave behind), for work on
    its way there: on the same disk, and a place any program the tool runs can read (a
    browser packaged as a snap has a ``/tmp`` of its own).  Removed when the block ends,
    whether it raised or not.

    Raises
    ------
    ValidationError
        ``output-not-writable`` when the folder cannot be made.
    """
    target = Path(path).absolute()
    try:
        folder = new_folder(_nearest(target.parent) / target.name, "printing")
    except OSError as exc:
        raise _not_writable(target, exc) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_file(
    path: str | Path,
    data: bytes,
    *,
    stamp: bytes = HTML_STAMP,
    force: bool = False,
    inputs: Collection[str | Path] = (),
) -> Path:
    """Write one file atomically (a temporary file beside it, then ``os.replace``).

    ``data`` gets ``stamp`` as its last bytes; an existing file is replaced only when it
    ends with the same stamp (the tool wrote it) or with ``force``, so that a report
    never overwrites a file of the user's; one of ``inputs`` (the files the command
    read) never.

    Raises
    ------
    ValidationError
        When ``path`` is a folder, an existing file the tool did not write (without
        ``force``), one of ``inputs``, or cannot be written.
    """
    check_file(path, stamp=stamp, force=force, inputs=inputs)
    target = Path(path).absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as temporary:
            temporary.write_bytes(data + stamp)
    except OSError as exc:
        raise _not_writable(target, exc) from None
    return target


def write_pack(
    directory: str | Path,
    build: Callable[[Path], Mapping[str, list[Path]]],
    *,
    force: bool = False,
) -> dict[str, list[Path]]:
    """Build a pack with ``build(folder)`` in a temporary folder, then move it to ``directory``.

    Parameters
    ----------
    directory : str or Path
        The pack's folder: new, empty, or holding an earlier pack.
    build : callable
        Writes every file of the pack into the folder it is given and returns their
        paths by format.
    force : bool
        Also write into a non-empty folder that holds no earlier pack, or over files of
        an earlier pack that were changed since.  Other files are never touched.

    Returns
    -------
    dict of str to list of Path
        What ``build`` returned, with the paths where the files now are.

    Raises
    ------
    ValidationError
        Before any work: the target is a file, is not empty and holds no earlier pack,
        holds changed files of an earlier pack, or cannot be written (the message names
        the path and says what to do).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> def build(folder):
    ...     (folder / "a.txt").write_text("hello")
    ...     return {"txt": [folder / "a.txt"]}
    >>> write_pack(root / "pack", build)["txt"][0].read_text()
    'hello'
    >>> sorted(p.name for p in (root / "pack").iterdir())
    ['a.txt', 'pack-manifest.json']
    >>> (root / "mine").mkdir(); _ = (root / "mine" / "notes.txt").write_text("my notes")
    >>> try:
    ...     write_pack(root / "mine", build)
    ... except ValidationError as exc:
    ...     print(exc.problems[0].message)
    the output folder is not empty and holds no earlier matchmaker pack (notes.txt)
    """
    target = Path(directory).absolute()
    previous = _check_target(target, force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = new_folder(target, "building")
    except OSError as exc:
        raise _not_writable(target, exc) from None
    try:
        written = dict(build(staging))
        files = {rel: _digest(staging / rel) for rel in _all_files(staging)}
        manifest = {"format": PACK_FORMAT, "version": 1, "files": files}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
        _move_into_place(staging, target, previous, set(files), force)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {fmt: [target / Path(p).relative_to(staging) for p in paths] for fmt, paths in written.items()}


def _move_into_place(
    staging: Path, target: Path, previous: dict[str, str] | None, new: set[str], force: bool
) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    present = set(_all_files(target))
    ours = set(previous or {}) | ({MANIFEST} if previous is not None else set())
    if present <= ours:  # only the earlier pack (or nothing): swap the folders
        shutil.copymode(target, staging)  # the folder keeps the permissions the user gave it
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous-", dir=target.parent))
        os.rename(target, aside / "pack")
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(aside / "pack", target)  # put the earlier pack back
            raise
        shutil.rmtree(aside, ignore_errors=True)
        return
    # the user's files live beside the pack: replace file by file, theirs untouched (one of
    # theirs where the new pack writes, ics/<id>.ics put there by hand, is refused first)
    _refuse_theirs(target, sorted((new & present) - ours), force)
    for rel in [*sorted(new), MANIFEST]:
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, destination)
    for rel in sorted(set(previous or {}) - new - {MANIFEST}):  # the earlier pack's, no longer written
        with contextlib.suppress(FileNotFoundError):
            (target / rel).unlink()
        folder = (target / rel).parent
        if folder != target:
            with contextlib.suppress(OSError):  # a sub-folder of the pack (ics/) left empty
                folder.rmdir()
    shutil.rmtree(staging, ignore_errors=True)
