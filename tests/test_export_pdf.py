"""``--pdf``: the pack's pages printed by Chromium, without the print dialog's header and footer.

Printing from the browser, as the docs suggested, put the date, the page's title, its
``file://`` path and page numbers on every page handed to a participant.  ``matchmaker run
--pdf`` (and ``demo --pdf``, ``[export] pdf = true``, ``export_all(pdf=True)``) writes
``agendas.pdf`` and ``report.pdf`` beside the HTML, as files of the pack; without a browser
it says what to install before any work (exit 4).

The printing tests need Chromium (``apt-get install chromium``) and pdftotext
(``apt-get install poppler-utils``); the refusals run anywhere.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_MISSING_EXTRA, EXIT_OK, main
from matchmaker.errors import MatchmakerError, MissingDependencyError
from matchmaker.export.browser import CHROMIUM_VARIABLE, find_chromium, print_pdf, require_chromium
from matchmaker.export.pack import MANIFEST, PACK_NAMES

HOSTILE = Path(__file__).parent / "data" / "hostile"
PEOPLE = (
    "id,name,delegation,province,offers,needs\n"
    "A1,PT Tani Jaya,Jawa Timur,Jatim,10631=5000000,\n"
    "A2,CV Bebas,Jawa Timur,Jatim,10631=5000000,\n"
    "B1,PT Musi Raya,Sumatera Selatan,Sumsel,,10631\n"
    "B2,UD Ogan,Sumatera Selatan,Sumsel,,10631\n"
)

printing = pytest.mark.skipif(
    find_chromium() is None or shutil.which("pdftotext") is None,
    reason="needs chromium and pdftotext (apt-get install chromium poppler-utils)",
)


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["--json", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without any Chromium-based browser: an empty PATH, no variable set."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(CHROMIUM_VARIABLE, raising=False)
    monkeypatch.setattr("matchmaker.export.browser._places", list)


@printing
def test_run_pdf_writes_both_pages_without_the_browsers_header_and_footer(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["run", str(people), "--date", "2025-09-29", "--venue", "Hotel Aryaduta, Palembang"]
    code, data = _run([*argv, "--out", str(out), "--pdf"], capsys)
    assert code == EXIT_OK
    files = data["files"]
    assert isinstance(files, dict)
    assert sorted(Path(p).name for p in files["pdf"]) == ["agendas.pdf", "report.pdf"]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert {"agendas.pdf", "report.pdf"} <= set(manifest)  # files of the pack, replaced with it
    assert {name for name in manifest if "/" not in name} <= PACK_NAMES
    for name in ("agendas.pdf", "report.pdf"):
        assert (out / name).read_bytes().startswith(b"%PDF-")
        pages = _pages(out / name)
        assert pages
        for page in pages:
            assert "file:" not in page  # the print dialog's footer: the page's path
            assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", page)  # its header: the date
            assert not re.search(r"\b\d+/\d+\s*$", page.rstrip())  # its page numbers, "1/3"
    agendas = _pages(out / "agendas.pdf")
    assert len(agendas) == 4  # one page for each participant, each saying when and where
    for page in agendas:
        assert "Date: Monday 29 September 2025" in page
        assert "Venue: Hotel Aryaduta, Palembang" in page
    # the same run prints the same bytes: the PDFs state the event's day as their creation date
    again = tmp_path / "again"
    assert _run([*argv, "--out", str(again), "--pdf"], capsys)[0] == EXIT_OK
    for name in ("agendas.pdf", "report.pdf"):
        data_ = (out / name).read_bytes()
        assert data_ == (again / name).read_bytes()
        assert b"/CreationDate (D:20250929000000" in data_


@printing
def test_a_changed_pdf_of_an_earlier_pack_is_the_users_and_a_run_without_pdf_removes_them(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The PDFs are the pack's: a re-run replaces them, and removes them when not asked for
    again (stale pages are not left beside new HTML); one the organiser changed (signed,
    annotated) is theirs, and a re-run refuses to replace it, naming it, without --force."""
    out = tmp_path / "out"
    argv = ["run", str(people), "--date", "2025-09-29", "--out", str(out)]
    assert _run([*argv, "--pdf"], capsys)[0] == EXIT_OK
    assert _run(argv, capsys)[0] == EXIT_OK
    assert not (out / "agendas.pdf").exists()
    assert not (out / "report.pdf").exists()
    assert _run([*argv, "--pdf"], capsys)[0] == EXIT_OK
    signed = (out / "report.pdf").read_bytes() + b"% signed by the organiser\n"
    (out / "report.pdf").write_bytes(signed)
    code, data = _run([*argv, "--pdf"], capsys)
    assert code == EXIT_INVALID
    problems = data["problems"]
    assert isinstance(problems, list)
    assert problems[0]["kind"] == "output-changed"
    assert "report.pdf" in problems[0]["message"]
    assert (out / "report.pdf").read_bytes() == signed


@printing
def test_the_group_path_and_the_demo_print_their_pages_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = tmp_path / "groups"
    argv = ["run", str(HOSTILE / "three_delegations.csv"), "--date", "2025-09-29", "--out", str(group)]
    code, data = _run([*argv, "--pdf"], capsys)
    assert code == EXIT_OK
    files = data["files"]
    assert isinstance(files, dict)
    assert sorted(Path(p).name for p in files["pdf"]) == ["agendas.pdf", "report.pdf"]
    assert _pages(group / "agendas.pdf")
    demo = tmp_path / "demo"
    code, data = _run(["demo", "--out", str(demo), "--no-plots", "--pdf"], capsys)
    assert code == EXIT_OK
    pages = _pages(demo / "agendas.pdf")
    # the handout is the 157 agendas alone: the organisers' list of the 4 without a meeting
    # (other companies' names and why they have none) is on screen only, and report.pdf prints it
    assert len(pages) == 157
    assert not any("Without a meeting" in page for page in pages)
    assert all("Date:" in page for page in pages)
    assert any("Without a meeting (4)" in page for page in _pages(demo / "report.pdf"))


def test_without_a_browser_pdf_says_what_to_install_before_any_work(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_browser: None
) -> None:
    out = tmp_path / "out"
    argv = ["run", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"]
    code, data = _run(argv, capsys)
    assert code == EXIT_MISSING_EXTRA
    assert "apt-get install chromium" in str(data["message"])
    assert "Google Chrome" in str(data["message"])
    assert not out.exists()  # nothing solved, nothing written
    assert main(["demo", "--out", str(tmp_path / "demo"), "--pdf"]) == EXIT_MISSING_EXTRA
    assert main(["--json", "demo", "--out", str(tmp_path / "demo"), "--pdf"]) == EXIT_MISSING_EXTRA
    group = ["run", str(HOSTILE / "three_delegations.csv"), "--date", "2025-09-29", "--pdf"]
    assert main([*group, "--out", str(tmp_path / "groups")]) == EXIT_MISSING_EXTRA
    capsys.readouterr()
    assert main(["--lang", "id", *argv]) == EXIT_MISSING_EXTRA
    err = capsys.readouterr().err
    assert "program 'chromium', yang tidak ditemukan: pasang Chromium (Debian/Ubuntu: apt-get install" in err
    assert "pasang yang disebut di atas" in err
    assert not any(p.name in ("demo", "groups", "out") for p in tmp_path.iterdir())
    # without --pdf nothing is asked of the browser
    assert main(["--json", "run", str(people), "--date", "2025-09-29", "--out", str(out)]) == EXIT_OK


def test_a_browser_that_prints_nothing_or_hangs_is_exit_4_naming_it_and_the_page(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """MATCHMAKER_CHROMIUM set to a program that is no browser (or one that hangs): exit 4
    as for a missing browser, not 5; the message names the program and the pack's page (not
    the hidden build folder), says what it printed, and how to go on; no pack is written."""
    from matchmaker.errors import ProgramFailedError
    from matchmaker.export.browser import print_pdf

    fake = tmp_path / "fake-browser"
    fake.write_text("#!/bin/sh\necho 'no display here' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(fake))
    out = tmp_path / "out"
    code, data = _run(["run", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"], capsys)
    assert code == EXIT_MISSING_EXTRA
    message = str(data["message"])
    assert str(fake) in message
    assert "wrote no PDF of agendas.html" in message
    assert "no display here" in message
    assert "building" not in message
    assert "run without --pdf" in message
    assert not out.exists()
    assert main(["--lang", "id", "run", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"]) == 4
    err = capsys.readouterr().err
    assert "tidak berfungsi" in err
    assert "jalankan tanpa --pdf" in err
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    fake.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    with pytest.raises(ProgramFailedError, match=r"did not finish printing page\.html in 1 s"):
        print_pdf(page, tmp_path / "page.pdf", timeout=1)
    assert not (tmp_path / "page.pdf").exists()


def test_a_browser_named_by_the_variable_must_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(tmp_path / "no-such-browser"))
    with pytest.raises(MissingDependencyError) as caught:
        require_chromium()
    assert f"{CHROMIUM_VARIABLE}='{tmp_path / 'no-such-browser'}' names no program" in str(caught.value)
    monkeypatch.delenv(CHROMIUM_VARIABLE)
    if find_chromium() is not None:
        monkeypatch.setenv(CHROMIUM_VARIABLE, str(find_chromium()))
        assert require_chromium() == find_chromium()


def test_pdf_with_formats_that_write_no_page_is_refused_before_any_work(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if find_chromium() is None:
        pytest.skip("the browser is checked first: no chromium on this machine")
    config = tmp_path / "run.toml"
    config.write_text('[export]\nformats = ["csv", "json"]\npdf = true\n', encoding="utf-8")
    out = tmp_path / "out"
    code, data = _run(
        ["run", str(people), "--date", "2025-09-29", "--config", str(config), "--out", str(out)], capsys
    )
    assert code == EXIT_INVALID
    (problem,) = data["problems"]  # type: ignore[misc]
    # the config asked (pdf = true under [export]): its setting is named, not an option not given
    assert (problem["kind"], problem["field"], problem["source"]) == ("invalid-option", "pdf", str(config))
    assert problem["data"]["formats"] == "csv, json"
    assert not out.exists()
    argv = ["run", str(people), "--date", "2025-09-29", "--config", str(config), "--out", str(out), "--pdf"]
    code, data = _run(argv, capsys)
    (problem,) = data["problems"]  # type: ignore[misc]
    assert (problem["field"], problem["source"]) == ("--pdf", None)  # the flag asked
    assert main(["--lang", "id", *argv]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert (
        "--pdf mencetak agendas.html dan report.html, tetapi format csv, json tidak menulis keduanya" in err
    )
    assert "pilihan tidak valid" not in err  # csv is a valid format: before, "pilihan tidak valid: 'csv'"
    assert 'tambahkan "agendas" atau "html"' in err
    assert not out.exists()


def test_print_pdf_leaves_the_target_as_it_was_when_the_browser_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Before, a failed print kept whatever PDF was there (and took it for a success)."""
    false = shutil.which("false")
    assert false is not None
    page = tmp_path / "page.html"
    page.write_text("<p>hello</p>", encoding="utf-8")
    target = tmp_path / "page.pdf"
    target.write_bytes(b"%PDF- an earlier print")
    monkeypatch.setenv(CHROMIUM_VARIABLE, false)
    with pytest.raises(MatchmakerError, match="wrote no PDF"):
        print_pdf(page, target)
    assert target.read_bytes() == b"%PDF- an earlier print"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "page.pdf"]  # no temporary left
