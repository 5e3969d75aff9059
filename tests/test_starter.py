"""Files a newcomer starts from: `matchmaker init`, the templates, run.toml and the tutorial's outcome form,
each run the way the docs say."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.cli import EXIT_OK, main
from matchmaker.io import load_mission
from matchmaker.io.table import COLUMNS
from matchmaker.starter import GUIDE, write_starter

ROOT = Path(__file__).resolve().parent.parent
needs_toml = pytest.mark.skipif(sys.version_info < (3, 11), reason="TOML configs need Python 3.11")


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mission")
    assert main(["init", str(folder)]) == EXIT_OK
    return folder


def test_init_writes_every_file(starter: Path) -> None:
    names = {str(p.relative_to(starter)) for p in starter.rglob("*") if p.is_file()}
    assert names == {
        "participants.csv",
        "peserta.csv",
        "participants.xlsx",
        "peserta.xlsx",
        "column-guide.md",
        "run.toml",
        "run.json",
        "example/jatim_sumsel_2020.csv",
        "example/hasil_misi_2020.csv",
    }


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "participants.csv"
    mine.write_text("my own table\n", encoding="utf-8")
    assert main(["--json", "init", str(tmp_path)]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["kept"] == [str(mine)]
    assert mine.read_text(encoding="utf-8") == "my own table\n"
    assert main(["init", str(tmp_path), "--lang", "id"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("dibiarkan (sudah ada)") == 9
    assert not list(tmp_path.rglob(".*"))  # no temporary file left behind


def test_both_header_languages_give_the_same_participants(starter: Path) -> None:
    tables = [load_mission(starter / name) for name in ("participants.csv", "peserta.csv")]
    tables += [load_mission(starter / name) for name in ("participants.xlsx", "peserta.xlsx")]
    first = tables[0]
    assert [p.id for p in first.participants] == ["JT-001", "SS-001"]
    for other in tables[1:]:
        assert other.participants == first.participants
    # the amounts were written as people write them: 2.500.000.000, 750 juta, 1,5 miliar
    offers = {p.id: [line.value_idr for line in p.offers] for p in first.participants}
    assert offers == {"JT-001": [2.5e9, None], "SS-001": [7.5e8]}
    assert first["SS-001"].needs[0].value_idr == 1.5e9
    assert first.name == "Jawa Timur – Sumatera Selatan"  # not "participants"


def test_peserta_csv_is_for_excel_in_an_indonesian_locale(starter: Path) -> None:
    raw = (starter / "peserta.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;nama;delegasi;provinsi;")
    assert (starter / "participants.csv").read_bytes().startswith(b"id,name,delegation,province,")


def test_the_column_guide_covers_every_column(starter: Path) -> None:
    from matchmaker.io.table import normalise_header

    assert [g[0] for g in GUIDE] == [c for c in COLUMNS if c != "country"]
    assert all(normalise_header(indonesian) == column for column, indonesian, *_ in GUIDE)
    guide = (starter / "column-guide.md").read_text(encoding="utf-8")
    for column, indonesian, *_ in GUIDE:
        assert f"| `{column}` | `{indonesian}` |" in guide
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(starter / "peserta.xlsx")
    assert book.sheetnames == ["peserta", "panduan"]
    assert book["panduan"].max_row == len(GUIDE) + 1


@needs_toml
def test_run_toml_runs_as_written_on_the_templates(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for table in ("participants.csv", "peserta.xlsx"):
        out = starter / f"out-{table}"
        assert (
            main(["run", str(starter / table), "--config", str(starter / "run.toml"), "--out", str(out)]) == 0
        )
        printed = capsys.readouterr().out
        assert "1 dari 1 pertemuan terjadwal" in printed  # run.toml asks for Indonesian
        assert printed.rstrip().endswith(f"berkas ditulis ke {out}")
        doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
        assert doc["mission"]["name"] == "Misi Dagang Jawa Timur – Sumatera Selatan"
        assert doc["mission"]["venue"] == "Hotel Wyndham OPI, Palembang"
        # what the organiser sends: printable agendas, a WhatsApp text each, contacts for bulk messages
        assert (out / "agendas.html").is_file()
        assert (out / "contacts.csv").is_file()
        assert len(list((out / "messages").glob("*.txt"))) == 2


def test_the_config_docstring_example_runs_on_the_bundled_mission(tmp_path: Path) -> None:
    """config.py's example once failed on the bundled mission with exit 3; it must run as written."""
    import matchmaker.config

    doc = matchmaker.config.__doc__ or ""
    block = doc.split("::\n\n", 1)[1].split("\n\nTOML needs", 1)[0]
    text = "\n".join(line[4:] for line in block.splitlines())
    if sys.version_info < (3, 11):
        pytest.skip("TOML configs need Python 3.11")
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    code = main(
        [
            "run",
            str(mm.datasets.bundled_mission_path()),
            "--config",
            str(path),
            "--out",
            str(tmp_path / "o"),
            "--no-plots",
        ]
    )
    assert code == EXIT_OK


def test_write_starter_returns_what_it_wrote(tmp_path: Path) -> None:
    written, kept = write_starter(tmp_path)
    assert kept == []
    assert all(p.exists() for p in written)
    assert write_starter(tmp_path) == ([], written)


def test_init_into_a_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "run.toml"
    target.write_text("x", encoding="utf-8")
    assert main(["init", str(target)]) == 1
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err
    assert target.read_text(encoding="utf-8") == "x"


def test_run_json_holds_what_run_toml_holds(starter: Path) -> None:
    """Python 3.10 has no tomllib: run.json is the same settings."""
    from matchmaker.config import read_config

    as_json = read_config(starter / "run.json")
    assert as_json.mission["name"] == "Misi Dagang Jawa Timur – Sumatera Selatan"
    if sys.version_info >= (3, 11):
        assert read_config(starter / "run.toml") == as_json


def test_the_column_guide_does_not_limit_a_mission_to_two_delegations(starter: Path) -> None:
    # issue 16: run() plans any number of delegations; the guide says so in both languages
    guide = (starter / "column-guide.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| `delegation` |"))
    assert "exactly two" not in row
    assert "salah satu dari dua" not in row
    assert "or more" in row
    assert "atau lebih" in row


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_templates_follow_the_umask(tmp_path: Path) -> None:
    """The templates are ordinary files, made as ``open`` makes them: ``mkstemp`` made them
    owner-only, and reading the umask to undo that (``os.umask``) was not thread-safe."""
    import os
    import stat

    old = os.umask(0o027)
    try:
        write_starter(tmp_path)
    finally:
        os.umask(old)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o640}
    assert not list(tmp_path.rglob(".*"))


@pytest.mark.parametrize("name", ["participants.csv", "peserta.csv"])
def test_the_templates_examples_are_refused_beside_other_rows(
    starter: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walkthrough: rows added below the examples got the examples matched, messaged and
    listed in contacts.csv, and validate said no problems.  The examples alone still run."""
    from matchmaker.cli import EXIT_INVALID

    text = (starter / name).read_text(encoding="utf-8-sig")
    sep = ";" if name == "peserta.csv" else ","
    own = [
        f"JT-001{sep}PT Nyata{sep}Jawa Timur{sep}Jawa Timur",
        f"SS-009{sep}CV Asli{sep}Sumatera Selatan{sep}Sumsel",
    ]
    width = text.splitlines()[0].count(sep)
    path = tmp_path / name
    path.write_text(
        text.rstrip() + "\n" + "\n".join(r + sep * (width - 3) for r in own) + "\n", encoding="utf-8"
    )
    assert main(["validate", str(starter / name)]) == EXIT_OK  # as init wrote it: a try-out
    capsys.readouterr()
    for lang, said in (
        (
            "en",
            "row 2, column '{col}', participants JT-001, SS-001: rows 2 and 3 are the template's examples "
            "('CV Contoh Tani Makmur', 'PT Contoh Sriwijaya Pangan'): beside your participants they would be "
            "matched, sent messages and listed in contacts.csv (delete rows 2 and 3, which matchmaker init "
            "wrote as examples)",
        ),
        (
            "id",
            "baris 2, kolom '{col}', peserta JT-001, SS-001: baris 2 dan 3 adalah contoh dari templat "
            "('CV Contoh Tani Makmur', 'PT Contoh Sriwijaya Pangan'): bersama peserta Anda, contoh itu ikut "
            "dicocokkan, dikirimi pesan dan dicantumkan di contacts.csv (hapus baris 2 dan 3, yang ditulis "
            "matchmaker init sebagai contoh)",
        ),
    ):
        assert main(["--lang", lang, "validate", str(path)]) == EXIT_INVALID
        err = capsys.readouterr().err
        assert said.format(col="nama" if name == "peserta.csv" else "name") in err
        assert "used more than once" not in err  # the user's JT-001 is no repeat of the example's
        assert "dipakai" not in err
    out = tmp_path / "out"
    assert main(["run", str(path), "--date", "2025-09-29", "--out", str(out)]) == EXIT_INVALID
    assert not out.exists()
