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
    assert "nothing was written" in message
    assert "leave out --pdf, or add --no-pdf" in message
    assert not out.exists()
    assert main(["--lang", "id", "run", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"]) == 4
    err = capsys.readouterr().err
    assert "tidak berfungsi" in err
    assert "tidak ada yang ditulis" in err
    assert "jalankan tanpa --pdf, atau tambahkan --no-pdf" in err
    assert "lakukan salah satu yang disebut di atas" in err  # not "install what is named above"
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


# --- `report --pdf`, `--no-pdf`, the Python API's `pdf`, and a browser that crashes mid-print ---

#: A PDF as a reader finds it whole: its header and the ``%%EOF`` of its trailer.
WHOLE_PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _fake_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_on: str | None = None, status: int = 139
) -> Path:
    """A browser on ``MATCHMAKER_CHROMIUM`` (in ``tmp_path/fake``) that prints every page to
    a whole (tiny) PDF, except a page whose address holds ``crash_on``: for that one it
    writes half a PDF and dies as a crashing Chromium does (signal 11, exit ``status``, 139;
    a browser whose crashing renderer leaves the main process to exit 0 gives 0).
    Returns its log, a line per call."""
    folder = tmp_path / "fake"
    folder.mkdir(exist_ok=True)
    (folder / "whole.pdf").write_text(WHOLE_PDF, encoding="utf-8")
    (folder / "half.pdf").write_text(WHOLE_PDF[:20], encoding="utf-8")
    crash = (
        f'case "$*" in *{crash_on}*) cp "{folder}/half.pdf" "$target"; '
        f'echo "Received signal 11 SEGV_MAPERR" >&2; exit {status};; esac\n'
        if crash_on
        else ""
    )
    fake = folder / "chromium"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{folder}/log"\n'
        'for a in "$@"; do case "$a" in --print-to-pdf=*) target="${a#--print-to-pdf=}";; esac; done\n'
        f'{crash}cp "{folder}/whole.pdf" "$target"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(fake))
    return folder / "log"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@printing
def test_report_pdf_prints_the_report_beside_it_and_refuses_a_pdf_of_the_users(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from matchmaker.export.pack import PDF_STAMP

    out, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    argv = ["report", str(people), "--date", "2025-09-29", "--venue", "Hotel Aryaduta, Palembang"]
    code, data = _run([*argv, "--out", str(out), "--pdf"], capsys)
    assert code == EXIT_OK
    assert data == {"ok": True, "report": str(out), "pdf": str(pdf)}
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF-")
    assert raw.endswith(PDF_STAMP)  # how a later run tells its own PDF from one printed by hand
    assert b"/CreationDate (D:20250929000000" in raw  # the event's day: the same report, the same bytes
    pages = _pages(pdf)
    assert any("PT Musi Raya" in page for page in pages)
    for page in pages:
        assert "file:" not in page
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", page)
    assert out.read_text(encoding="utf-8").count("<html") == 1  # the HTML report beside it, as before
    # the tool's own files are replaced by the same bytes
    assert _run([*argv, "--out", str(out), "--pdf"], capsys)[0] == EXIT_OK
    assert pdf.read_bytes() == raw
    # a PDF changed since (signed: its additions follow) is the user's: refused before any
    # work, naming it, and the report beside it is left as it was too
    signed = raw + b"% signed by the organiser\n"
    pdf.write_bytes(signed)
    html, html_time = out.read_bytes(), out.stat().st_mtime_ns
    code, data = _run([*argv, "--out", str(out), "--pdf"], capsys)
    assert code == EXIT_INVALID
    (problem,) = data["problems"]  # type: ignore[misc]
    assert (problem["kind"], problem["source"]) == ("output-exists", str(pdf))
    assert pdf.read_bytes() == signed
    assert (out.read_bytes(), out.stat().st_mtime_ns) == (html, html_time)
    assert _run([*argv, "--out", str(out), "--pdf", "--force"], capsys)[0] == EXIT_OK
    assert pdf.read_bytes() == raw
    # the config's pdf = true prints it too, beside a report of another name; --no-pdf does not
    config = tmp_path / "run.toml"
    config.write_text("[export]\npdf = true\n", encoding="utf-8")
    code, data = _run([*argv, "--config", str(config), "--out", str(tmp_path / "misi.html")], capsys)
    assert code == EXIT_OK
    assert data["pdf"] == str(tmp_path / "misi.pdf")
    assert (tmp_path / "misi.pdf").read_bytes().startswith(b"%PDF-")
    code, data = _run([*argv, "--config", str(config), "--out", str(tmp_path / "x.html"), "--no-pdf"], capsys)
    assert (code, "pdf" in data) == (EXIT_OK, False)
    assert not (tmp_path / "x.pdf").exists()
    # the group path's report likewise
    group = ["report", str(HOSTILE / "three_delegations.csv"), "--date", "2025-09-29", "--pdf"]
    code, data = _run([*group, "--out", str(tmp_path / "groups.html")], capsys)
    assert code == EXIT_OK
    assert data["pdf"] == str(tmp_path / "groups.pdf")
    assert _pages(tmp_path / "groups.pdf")


def test_report_pdf_without_a_browser_says_what_to_install_before_any_work(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_browser: None
) -> None:
    config = tmp_path / "run.toml"
    config.write_text("[export]\npdf = true\n", encoding="utf-8")
    table = ["report", str(people), "--date", "2025-09-29"]
    groups = ["report", str(HOSTILE / "three_delegations.csv"), "--date", "2025-09-29"]
    for argv in (
        [*table, "--pdf"],
        [*table, "--config", str(config)],  # the config asks: the same
        [*groups, "--pdf"],
        [*groups, "--config", str(config)],
    ):
        code, data = _run([*argv, "--out", str(tmp_path / "report.html")], capsys)
        assert code == EXIT_MISSING_EXTRA, argv
        asked = "--pdf" if "--pdf" in argv else f"pdf under [export] in {config}"  # what asked for them
        assert f"PDF files ({asked}) need the program 'chromium'" in str(data["message"])
        assert "apt-get install chromium" in str(data["message"])
        assert not (tmp_path / "report.html").exists()  # nothing solved, nothing written
    # --no-pdf: the config's pdf = true is left aside for one run, and no browser is asked for
    for argv in (table, groups):
        code, data = _run(
            [*argv, "--config", str(config), "--no-pdf", "--out", str(tmp_path / "r.html")], capsys
        )
        assert (code, "pdf" in data) == (EXIT_OK, False)
        assert not (tmp_path / "r.pdf").exists()
    out = tmp_path / "pack"
    argv = ["run", str(people), "--date", "2025-09-29", "--config", str(config), "--out", str(out)]
    assert _run(argv, capsys)[0] == EXIT_MISSING_EXTRA
    assert not out.exists()
    code, data = _run([*argv, "--no-pdf"], capsys)
    assert code == EXIT_OK
    assert "pdf" not in data["files"]  # type: ignore[operator]
    assert not list(out.glob("*.pdf"))


def test_no_pdf_is_offered_wherever_pdf_is_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("run", "report", "demo"):
        for lang, words in (("en", "--no-pdf: not even when the config"), ("id", "--no-pdf: tidak dicetak")):
            with pytest.raises(SystemExit):
                main(["--lang", lang, command, "--help"])
            shown = " ".join(capsys.readouterr().out.split())
            # the demo reads no config: no --no-pdf there (it took one and did nothing with it)
            assert ("[--pdf | --no-pdf]" in shown) == (command != "demo"), (command, lang)
            assert "[--pdf]" in shown or command != "demo"
            # the demo reads no config: there --no-pdf is only the default, and its help says nothing of it
            said = words in shown.replace("--no- pdf", "--no-pdf")  # argparse may wrap at the hyphen
            assert said == (command != "demo"), (command, lang)
    with pytest.raises(SystemExit) as usage:
        main(["demo", "--no-pdf"])
    assert usage.value.code == 2
    assert "--no-pdf" in capsys.readouterr().err


def test_a_report_named_pdf_is_refused_with_pdf(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _fake_browser(tmp_path, monkeypatch)
    out = tmp_path / "report.pdf"
    code, data = _run(["report", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"], capsys)
    assert code == EXIT_INVALID
    (problem,) = data["problems"]  # type: ignore[misc]
    assert (problem["kind"], problem["source"]) == ("output-is-pdf", str(out))
    assert "an .html name" in problem["hint"]
    assert not out.exists()
    assert not log.exists()  # refused before any printing


def test_a_browser_that_crashes_mid_print_writes_nothing_and_says_how_to_go_on(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack's first page prints; the browser dies while printing the second, leaving half
    a PDF.  Exit 4 (as before); the earlier pack in the folder is left as it was, byte for
    byte (the PDF that did print is not kept either: all of the pack or none of it); the
    error says so and how to get the pack without the PDFs; --no-pdf gets it."""
    from matchmaker.errors import ProgramFailedError

    out = tmp_path / "out"
    argv = ["run", str(people), "--date", "2025-09-29", "--out", str(out)]
    assert _run(argv, capsys)[0] == EXIT_OK  # an earlier pack, without PDFs
    before = _snapshot(out)
    log = _fake_browser(tmp_path, monkeypatch, crash_on="report.html")
    code, data = _run([*argv, "--pdf"], capsys)
    assert code == EXIT_MISSING_EXTRA
    message = str(data["message"])
    assert "agendas.html" in log.read_text(encoding="utf-8")  # the first page did print
    assert "it stopped while printing report.html: the PDF it wrote is incomplete" in message
    assert "exit status 139" in message
    assert "Received signal 11" in message
    assert "nothing was written (an earlier pack or report is left as it was)" in message
    assert "leave out --pdf, or add --no-pdf when the config says pdf = true" in message
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake", "out", "people.csv"]  # no build folder
    # the config asks for the PDFs: --no-pdf writes the pack without them, asking nothing of the browser
    config = tmp_path / "run.toml"
    config.write_text("[export]\npdf = true\n", encoding="utf-8")
    log.unlink()
    code, data = _run([*argv, "--config", str(config), "--no-pdf"], capsys)
    assert code == EXIT_OK
    assert "pdf" not in data["files"]  # type: ignore[operator]
    assert not log.exists()
    # the report: the earlier report.html is left as it was, and no report.pdf is written
    report = tmp_path / "report.html"
    assert _run(["report", str(people), "--date", "2025-09-29", "--out", str(report)], capsys)[0] == EXIT_OK
    html = report.read_bytes()
    code, data = _run(["report", str(people), "--date", "2025-09-29", "--out", str(report), "--pdf"], capsys)
    assert code == EXIT_MISSING_EXTRA
    assert "while printing report.html" in str(data["message"])
    assert "nothing was written" in str(data["message"])
    assert report.read_bytes() == html
    assert not (tmp_path / "report.pdf").exists()
    # the report's own advice (it writes no agendas.html), and no folder it printed in is left
    assert "earlier report and its PDF are left as they were" in str(data["message"])
    assert "agendas.html" not in str(data["message"])
    assert not [p.name for p in tmp_path.iterdir() if ".printing-" in p.name]
    # the same from Python: nothing written, the same words
    import matchmaker as mm
    from matchmaker.io import load_mission

    result = mm.run(load_mission(people, date="2025-09-29"))
    with pytest.raises(ProgramFailedError, match="nothing was written"):
        result.export(tmp_path / "python", pdf=True)
    assert not (tmp_path / "python").exists()


def test_the_python_api_exports_print_with_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``RunResult.export`` and ``GroupTimetable.export`` take ``pdf`` as ``export_all`` does:
    the two PDFs in the pack and its manifest; without a browser, nothing is written."""
    import matchmaker as mm
    from matchmaker.datasets import three_delegation_mission
    from matchmaker.groups import run_groups

    two = mm.run(mm.east_java_south_sumatra_2020())
    timetable = run_groups(three_delegation_mission(), max_meetings=4)
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser anywhere
    monkeypatch.delenv(CHROMIUM_VARIABLE, raising=False)
    monkeypatch.setattr("matchmaker.export.browser._places", list)
    with pytest.raises(MissingDependencyError, match="apt-get install chromium"):
        two.export(tmp_path / "two", pdf=True)
    with pytest.raises(MissingDependencyError, match="apt-get install chromium"):
        timetable.export(tmp_path / "groups", pdf=True)
    assert not (tmp_path / "two").exists()
    assert not (tmp_path / "groups").exists()
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # the fake browser's shell
    _fake_browser(tmp_path, monkeypatch)
    for name, export in (("two", two.export), ("groups", timetable.export)):
        written = export(tmp_path / name, formats=["html", "agendas"], pdf=True)
        assert sorted(p.name for p in written["pdf"]) == ["agendas.pdf", "report.pdf"]
        manifest = json.loads((tmp_path / name / MANIFEST).read_text(encoding="utf-8"))["files"]
        assert {"agendas.pdf", "report.pdf"} <= set(manifest)
        assert (tmp_path / name / "report.pdf").read_text(encoding="utf-8") == WHOLE_PDF
        assert "pdf" not in export(tmp_path / f"{name}-plain", formats=["html"])


# --- review of `report --pdf`: where it prints, what it refuses first, what it says ---


def test_report_pdf_prints_in_a_hidden_folder_beside_the_report_and_removes_it(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser packaged as a snap has a /tmp of its own: a page copied to the system's
    temporary folder is not there for it.  The page is printed from a hidden folder beside
    the report, removed after, whether the browser worked or not."""
    log = _fake_browser(tmp_path, monkeypatch)
    out = tmp_path / "laporan" / "misi.html"
    out.parent.mkdir()
    argv = ["report", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"]
    code, data = _run(argv, capsys)
    assert code == EXIT_OK
    assert data == {"ok": True, "report": str(out), "pdf": str(out.with_name("misi.pdf"))}
    (call,) = log.read_text(encoding="utf-8").splitlines()
    page = re.search(r"file://(\S+)", call)
    assert page is not None
    printed = Path(page.group(1))
    assert printed.parent.parent == out.parent  # beside the report, not in the system's /tmp
    assert printed.parent.name.startswith(".misi.html.printing-")
    assert printed.name == "misi.html"  # the browser's messages name the report
    assert sorted(p.name for p in out.parent.iterdir()) == ["misi.html", "misi.pdf"]
    # a folder that does not exist yet: printed in the nearest one that does, and no folder
    # is made for a failure to leave behind
    _fake_browser(tmp_path, monkeypatch, crash_on="misi.html")
    deep = tmp_path / "new" / "deeper" / "misi.html"
    code, data = _run([*argv[:-3], "--out", str(deep), "--pdf"], capsys)
    assert code == EXIT_MISSING_EXTRA
    assert not (tmp_path / "new").exists()
    assert not [p.name for p in tmp_path.iterdir() if ".printing-" in p.name]


def test_report_into_a_path_below_a_file_is_refused_before_any_work(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--out people.csv/r.html`` solved and printed (seconds) before "cannot write here:
    File exists"; it is refused first, saying the folder to write in is a file."""
    log = _fake_browser(tmp_path, monkeypatch)

    def solved(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved before the output was checked")

    monkeypatch.setattr("matchmaker.cli._pipeline", solved)
    monkeypatch.setattr("matchmaker.groups.run_groups", solved)
    before = people.read_bytes()
    groups = HOSTILE / "three_delegations.csv"
    for table in (people, groups):
        for out in (people / "r.html", people / "sub" / "r.html"):
            for extra in (["--pdf"], []):
                argv = ["report", str(table), "--date", "2025-09-29", "--out", str(out), *extra]
                code, data = _run(argv, capsys)
                assert code == EXIT_INVALID, argv
                (problem,) = data["problems"]  # type: ignore[misc]
                assert problem["kind"] == "output-is-a-file"
                assert problem["message"] == f"the folder to write r.html in is a file: {people}"
                assert "people.csv is a file" in problem["hint"]
                assert "cannot write here" not in problem["message"]
    assert not log.exists()
    assert people.read_bytes() == before
    assert main(["--lang", "id", "report", str(people), "--out", str(people / "r.html"), "--pdf"]) == 1
    err = capsys.readouterr().err
    assert f"folder tempat menulis r.html ternyata sebuah berkas: {people}" in err
    assert f"beri jalur di dalam sebuah folder: {people} adalah berkas" in err


def test_a_folder_where_the_reports_pdf_goes_is_named_as_the_pdf(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdir d/x.pdf; report --out d/x.html --pdf`` said "the output is an existing folder
    (give a file name, e.g. report.html)", as if --out were wrong."""
    log = _fake_browser(tmp_path, monkeypatch)
    folder = tmp_path / "d" / "x.pdf"
    folder.mkdir(parents=True)
    out = tmp_path / "d" / "x.html"
    argv = ["report", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"]
    code, data = _run(argv, capsys)
    assert code == EXIT_INVALID
    (problem,) = data["problems"]  # type: ignore[misc]
    assert (problem["kind"], problem["source"]) == ("output-is-a-folder", str(folder))
    assert (
        problem["message"]
        == f"the report's PDF, x.pdf beside x.html, would be written over the folder {folder}"
    )
    assert problem["hint"].startswith("move or rename the folder x.pdf, or give the report another name")
    assert "give a file name" not in problem["hint"]
    assert not out.exists()
    assert not log.exists()
    assert main(["--lang", "id", *argv]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert f"PDF laporan, x.pdf di samping x.html, akan menimpa folder {folder}" in err
    assert "pindahkan atau ganti nama folder x.pdf" in err
    # --out itself a folder: report.html in it, as before (its PDF report.pdf)
    code, data = _run([*argv[:-3], "--out", str(tmp_path / "d"), "--pdf"], capsys)
    assert code == EXIT_OK
    assert data["pdf"] == str(tmp_path / "d" / "report.pdf")


def test_the_reports_pdf_takes_the_reports_name_with_pdf_for_a_final_html_only(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--out misi-1.5`` printed to misi-1.pdf (``with_suffix``); a report of another
    name (``misi-1`` say) printed over it."""
    from matchmaker.export.pack import report_pdf

    _fake_browser(tmp_path, monkeypatch)
    cases = {
        "misi-1.5": "misi-1.5.pdf",
        "misi.HTM": "misi.pdf",
        "laporan": "laporan.pdf",
        "r.v2.html": "r.v2.pdf",
    }
    for name, pdf in cases.items():
        assert report_pdf(tmp_path / name) == tmp_path / pdf
        argv = ["report", str(people), "--date", "2025-09-29", "--out", str(tmp_path / name), "--pdf"]
        code, data = _run(argv, capsys)
        assert (code, data["pdf"]) == (EXIT_OK, str(tmp_path / pdf)), name
        assert (tmp_path / pdf).read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "misi-1.pdf").exists()
    assert report_pdf("out/.html").as_posix() == "out/.pdf"


def test_report_target_is_one_rule_for_both_paths(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table's and the group path's ``report`` read ``--out`` alike (a folder, or a name
    ending in a separator, means report.html in it); the group path took a backslash for
    one on every system, where the check before it did not."""
    import os

    groups = HOSTILE / "three_delegations.csv"
    # a backslash: part of a name on POSIX, a separator where it is one (Windows)
    expected = tmp_path / "r\\" if os.sep == "/" else tmp_path / "r" / "report.html"
    for table in (people, groups):
        code, data = _run(
            ["report", str(table), "--date", "2025-09-29", "--out", str(tmp_path / "r\\")], capsys
        )
        assert (code, data["report"]) == (EXIT_OK, str(expected)), table
        assert expected.is_file()
        expected.unlink()
    from matchmaker.export.pack import report_target

    assert report_target(tmp_path) == tmp_path / "report.html"
    assert report_target(f"{tmp_path / 'new'}{os.sep}") == tmp_path / "new" / "report.html"
    assert report_target(tmp_path / "r.html") == tmp_path / "r.html"


def test_a_browser_that_fails_is_headed_as_such_and_says_why_in_indonesian(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A browser found but crashing was headed "missing optional package or program", and
    under --lang id its why was English ("it stopped while printing ...")."""
    from matchmaker.errors import ProgramFailedError
    from matchmaker.reporting.problems import error_text

    _fake_browser(tmp_path, monkeypatch, crash_on="r.html")
    argv = ["report", str(people), "--date", "2025-09-29", "--out", str(tmp_path / "r.html"), "--pdf"]
    code, data = _run(argv, capsys)
    assert code == EXIT_MISSING_EXTRA
    assert data["error"] == "the browser failed while printing"  # the field, as before; its words are new
    assert set(data) == {"ok", "error", "message", "problems"}
    assert main(argv) == EXIT_MISSING_EXTRA
    err = capsys.readouterr().err
    assert err.startswith("error: the browser failed while printing: PDF files (r.html) need the program")
    assert "hint: do one of the things named above" in err
    assert main(["--lang", "id", *argv]) == EXIT_MISSING_EXTRA
    err = capsys.readouterr().err
    assert err.startswith("kesalahan: peramban gagal mencetak: program ")
    assert (
        "peramban berhenti saat mencetak r.html: PDF yang ditulisnya tidak lengkap (status keluar 139; "
        "pesannya: Received signal 11 SEGV_MAPERR)" in err
    )
    assert "laporan sebelumnya dan PDF-nya tetap seperti semula" in err
    assert "it stopped" not in err
    assert "it said" not in err
    # a browser that is still missing keeps its headline
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(tmp_path / "no-such-browser"))
    code, data = _run(argv, capsys)
    assert (code, data["error"]) == (EXIT_MISSING_EXTRA, "missing optional package or program")
    # every why, in both languages: no PDF (and nothing said), a hang, a program that cannot start
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    fake = tmp_path / "fake-browser"
    cases = {
        "#!/bin/sh\nexit 3\n": (
            "it wrote no PDF of page.html (exit status 3; it said: nothing)",
            "tidak ada PDF page.html yang ditulisnya (status keluar 3; pesannya: tidak ada)",
        ),
        "#!/bin/sh\nsleep 30\n": (
            "it did not finish printing page.html in 1 s",
            "peramban tidak selesai mencetak page.html dalam 1 detik",
        ),
        "not a program\n": (
            "it could not be started (Exec format error)",
            "peramban tidak dapat dijalankan (",
        ),
    }
    monkeypatch.setenv(CHROMIUM_VARIABLE, str(fake))
    for script, (english, indonesian) in cases.items():
        fake.write_text(script, encoding="utf-8")
        fake.chmod(0o755)
        with pytest.raises(ProgramFailedError) as caught:
            print_pdf(page, tmp_path / "page.pdf", timeout=1)
        assert english in str(caught.value)
        said = error_text(caught.value, "id")
        assert indonesian in said, said
        assert caught.value.why not in said


def test_a_browser_that_exits_0_with_an_incomplete_pdf_has_failed(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chromium's main process may exit 0 when its renderer crashed while printing: the PDF
    it leaves is what tells (its ``%%EOF``), and it is not taken for a report's PDF."""
    from matchmaker.errors import ProgramFailedError

    _fake_browser(tmp_path, monkeypatch, crash_on="page.html", status=0)
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(ProgramFailedError, match=r"the PDF it wrote is incomplete \(exit status 0;"):
        print_pdf(page, tmp_path / "page.pdf")
    assert not (tmp_path / "page.pdf").exists()
    _fake_browser(tmp_path, monkeypatch, crash_on="r.html", status=0)
    out = tmp_path / "r.html"
    code, data = _run(["report", str(people), "--date", "2025-09-29", "--out", str(out), "--pdf"], capsys)
    assert code == EXIT_MISSING_EXTRA
    assert "while printing r.html: the PDF it wrote is incomplete (exit status 0" in str(data["message"])
    assert not out.exists()
    assert not (tmp_path / "r.pdf").exists()
