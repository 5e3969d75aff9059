"""Starter files for a new mission: ``matchmaker init DIR``.

:func:`write_starter` writes into ``DIR`` (never replacing a file that exists):

==============================  ======================================================
file                            what it is
==============================  ======================================================
``participants.csv``            the participant table with English headers, two example
                                rows (``,``-separated)
``peserta.csv``                 the same with Indonesian headers, ``;``-separated with a
                                byte-order mark (Excel in an Indonesian locale)
``participants.xlsx``,          the same as workbooks, with the column guide on a second
``peserta.xlsx``                sheet (needs ``matchmaker[xlsx]``; skipped without it)
``column-guide.md``             every column: English and Indonesian header, what it
                                holds, an example
``run.toml``                    settings that run as written on the templates and on the
                                bundled mission (date, venue, plan, export); ``run.json``
                                the same for Python 3.10 (no ``tomllib``)
``example/jatim_sumsel_2020.csv``  the bundled mission's participants (synthetic)
``example/hasil_misi_2020.csv``    a filled-in outcome form for it (the tutorial's figures)
==============================  ======================================================

The two example rows form a valid mission of their own (one participant per
delegation), so ``matchmaker run participants.csv --config run.toml --out out/`` runs
as soon as the files are written.  Both header languages are read by the loader.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from matchmaker._files import new_file_beside
from matchmaker.io.sheets import write_csv_sheet, write_xlsx_sheet
from matchmaker.io.table import TEMPLATE_EXAMPLES

__all__ = ["GUIDE", "write_starter"]

#: (column, Indonesian header, required, what it holds (en), isinya (id), example row 1, example row 2)
GUIDE: tuple[tuple[str, str, bool, str, str, str, str], ...] = (
    ("id", "id", True, "unique id", "id unik", "JT-001", "SS-001"),
    (
        "name",
        "nama",
        True,
        "company name",
        "nama perusahaan",
        TEMPLATE_EXAMPLES[0],  # refused beside other rows (matchmaker.io.table)
        TEMPLATE_EXAMPLES[1],
    ),
    (
        "delegation",
        "delegasi",
        True,
        "the participant's delegation: two names for a two-sided mission, or more (run plans any number)",
        "delegasi peserta: dua nama untuk misi dua pihak, atau lebih (run menjadwalkan berapa pun)",
        "Jawa Timur",
        "Sumatera Selatan",
    ),
    ("province", "provinsi", True, "home province", "provinsi asal", "Jawa Timur", "Sumatera Selatan"),
    ("city", "kota", False, "regency or city", "kabupaten/kota", "Malang", "Palembang"),
    ("contact", "kontak", False, "contact person", "nama kontak", "Budi Santoso", "Siti Rahma"),
    ("email", "email", False, "e-mail", "surel", "budi@example.co.id", "siti@example.co.id"),
    (
        "phone",
        "telepon",
        False,
        "phone (WhatsApp)",
        "nomor HP (WhatsApp)",
        "0812-3456-7890",
        "0813-9876-5432",
    ),
    (
        "offers",
        "penawaran",
        False,
        "what it sells: KBLI or HS:code, =value in rupiah, |volume unit; several separated by ;",
        "yang dijual: kode KBLI atau HS:kode, =nilai rupiah, |volume satuan; dipisah ;",
        "10631=2.500.000.000|1000 ton; HS:1006",
        "01261=750 juta",
    ),
    (
        "needs",
        "kebutuhan",
        False,
        "what it buys, written as offers",
        "yang dibeli, ditulis seperti penawaran",
        "01261",
        "10631=1,5 miliar|500 ton",
    ),
    (
        "certifications",
        "sertifikasi",
        False,
        "certifications held",
        "sertifikasi yang dimiliki",
        "halal; sni",
        "",
    ),
    (
        "required_certifications",
        "sertifikasi_dibutuhkan",
        False,
        "certifications required of suppliers",
        "sertifikasi yang disyaratkan dari pemasok",
        "",
        "halal",
    ),
    ("languages", "bahasa", False, "languages spoken", "bahasa yang digunakan", "id; jv", "id"),
    (
        "availability",
        "ketersediaan",
        False,
        "when it can meet (event's local time); empty: all day",
        "waktu dapat bertemu (waktu setempat); kosong: sepanjang hari",
        "09:00-12:00; 13:00-16:00",
        "",
    ),
    ("must_meet", "wajib_bertemu", False, "ids it must meet", "id yang wajib ditemui", "", ""),
    (
        "would_like",
        "ingin_bertemu",
        False,
        "ids it would like to meet",
        "id yang ingin ditemui",
        "SS-001",
        "",
    ),
    ("do_not_meet", "tidak_bertemu", False, "ids not to meet", "id yang tidak ingin ditemui", "", ""),
    ("min_meetings", "min_pertemuan", False, "fewest meetings", "pertemuan paling sedikit", "", "1"),
    ("max_meetings", "maks_pertemuan", False, "most meetings", "pertemuan paling banyak", "8", "4"),
)


def _rows(lang: str) -> tuple[list[str], list[dict[str, str]]]:
    header = [column if lang == "en" else indonesian for column, indonesian, *_ in GUIDE]
    rows = [{h: str(g[5 + k]) for h, g in zip(header, GUIDE, strict=True)} for k in range(2)]
    return header, rows


def _guide_rows(lang: str) -> tuple[list[str], list[dict[str, str]]]:
    head = (
        ["column", "Indonesian header", "required", "what it holds", "example"]
        if lang == "en"
        else ["kolom", "nama kolom (Inggris)", "wajib", "isinya", "contoh"]
    )
    rows = []
    for column, indonesian, required, en, id_, example, _ in GUIDE:
        values = (
            [column, indonesian, "yes" if required else "", en, example]
            if lang == "en"
            else [indonesian, column, "ya" if required else "", id_, example]
        )
        rows.append(dict(zip(head, values, strict=True)))
    return head, rows


def _write_guide(path: Path) -> None:
    path.write_text(_guide_markdown(), encoding="utf-8")


def _guide_markdown() -> str:
    lines = [
        "# Participant table: the columns / Tabel peserta: kolom-kolomnya",
        "",
        "One row per participant; several values in one cell are separated by `;`.  Headers may be",
        "English or Indonesian.  Amounts may be written `2500000000`, `2.500.000.000`, `750 juta` or",
        "`1,5 miliar`.  Only the first four columns are required.",
        "",
        "Satu baris per peserta; beberapa nilai dalam satu sel dipisah `;`.  Nama kolom boleh bahasa",
        "Inggris atau Indonesia.  Nilai rupiah boleh ditulis `2500000000`, `2.500.000.000`, `750 juta`",
        "atau `1,5 miliar`.  Hanya empat kolom pertama yang wajib.",
        "",
        "| column | kolom | required / wajib | what it holds | isinya | example / contoh |",
        "|---|---|---|---|---|---|",
    ]
    for column, indonesian, required, en, id_, example, _ in GUIDE:
        mark = "yes / ya" if required else ""
        lines.append(f"| `{column}` | `{indonesian}` | {mark} | {en} | {id_} | `{example}` |")
    lines += _extra_guide()
    return "\n".join(lines) + "\n"


def _extra_guide() -> list[str]:
    """The optional columns of teams, online and group meetings (read by ``matchmaker.groups``)."""
    from matchmaker.model.groups import EXTRA_COLUMNS, EXTRA_GUIDE

    lines = [
        "",
        "## Teams, online and group meetings / Tim, pertemuan daring dan kelompok",
        "",
        "Optional; `matchmaker run` (and `mm.run()`) plans a table using them, or naming more than",
        "two delegations, on the group path (`matchmaker.groups`).  / Opsional; `matchmaker run`",
        "(dan `mm.run()`) menjadwalkan tabel yang memakainya, atau yang menyebut lebih dari dua",
        "delegasi, lewat jalur kelompok (`matchmaker.groups`).",
        "",
        "| column | kolom | required / wajib | what it holds | isinya | example / contoh |",
        "|---|---|---|---|---|---|",
    ]
    for column, en, id_, example in EXTRA_GUIDE:
        lines.append(f"| `{column}` | `{EXTRA_COLUMNS[column]}` |  | {en} | {id_} | `{example}` |")
    return lines


def _write_new(path: Path, write: Callable[[Path], None]) -> bool:
    """Write ``path`` through a temporary file, only if it does not exist; ``False`` if it did."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # made as ``open`` makes a file (the umask), as a template is an ordinary file: mkstemp
    # made it owner-only, and reading the umask to undo that (os.umask) is not thread-safe
    temporary = new_file_beside(path, private=False)
    try:
        write(temporary)
        os.link(temporary, path)  # fails if the file appeared meanwhile: nothing is replaced
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return True


def _workbook(lang: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "participants" if lang == "en" else "peserta"
        write_xlsx_sheet(sheet, *_rows(lang))
        sheet.freeze_panes = "B2"
        guide = book.create_sheet("guide" if lang == "en" else "panduan")
        write_xlsx_sheet(guide, *_guide_rows(lang))
        book.save(path)

    return write


def _packaged(package: str, *parts: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        source = resources.files(package)
        for part in parts:
            source = source.joinpath(part)
        path.write_bytes(source.read_bytes())

    return write


def write_starter(directory: str | Path) -> tuple[list[Path], list[Path]]:
    """Write the starter files into ``directory`` (created if missing).

    Returns
    -------
    (written, kept) : two lists of paths
        The files written, and those that existed already and were left as they were.
        The workbooks are left out (neither written nor kept) when openpyxl is missing.

    Examples
    --------
    >>> import tempfile
    >>> from matchmaker.io import load_mission
    >>> folder = Path(tempfile.mkdtemp())
    >>> written, kept = write_starter(folder)
    >>> [p.name for p in written][:4], kept
    (['participants.csv', 'peserta.csv', 'column-guide.md', 'run.toml'], [])
    >>> load_mission(folder / "peserta.csv").ids("A")
    ('JT-001',)
    >>> write_starter(folder)[0]  # a second time writes nothing
    []
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, Callable[[Path], None]]] = [
        ("participants.csv", lambda p: write_csv_sheet(p, *_rows("en"))),
        ("peserta.csv", lambda p: write_csv_sheet(p, *_rows("id"), delimiter=";", bom=True)),
        ("column-guide.md", _write_guide),
        ("run.toml", _packaged("matchmaker.templates", "run.toml")),
        ("run.json", _packaged("matchmaker.templates", "run.json")),
        ("example/jatim_sumsel_2020.csv", _packaged("matchmaker.datasets", "data", "jatim_sumsel_2020.csv")),
        ("example/hasil_misi_2020.csv", _packaged("matchmaker.templates", "hasil_misi_2020.csv")),
    ]
    try:
        import openpyxl  # noqa: F401 - only whether it is there
    except ModuleNotFoundError:
        pass
    else:
        files += [("participants.xlsx", _workbook("en")), ("peserta.xlsx", _workbook("id"))]
    written: list[Path] = []
    kept: list[Path] = []
    for name, write in files:
        (written if _write_new(out / name, write) else kept).append(out / name)
    return written, kept
