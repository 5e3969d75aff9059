"""Headless Chromium: printing the pack's pages to PDF, and the check that a report shows
without errors (with screenshots).

:func:`print_pdf` needs a Chromium-based browser only: Chromium from the distribution
(``apt-get install chromium``), Google Chrome or Microsoft Edge, found on ``PATH``, in its
usual place, or named by ``MATCHMAKER_CHROMIUM``.  It prints as the browser's "Save as PDF"
does, but without the header and footer a browser's print dialog adds by default (the
date, the page's title, its ``file://`` path and page numbers).  :func:`check_report` also
needs playwright (optional extra ``browser``: ``pip install 'matchmaker[browser]'``), which
drives the installed browser; it downloads no browser of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from matchmaker._files import replacing
from matchmaker._optional import find_program, require, require_program
from matchmaker.errors import Problem, ProgramFailedError, ValidationError
from matchmaker.reporting.labels import label, program_why

__all__ = [
    "CHROMIUM_FLAGS",
    "CHROMIUM_INSTALL",
    "CHROMIUM_NAMES",
    "CHROMIUM_VARIABLE",
    "PRINTED_PAGES",
    "PageCheck",
    "check_printable",
    "check_report",
    "find_chromium",
    "print_pdf",
    "require_chromium",
]

#: Flags for a headless Chromium on a machine without network or display.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: The names a Chromium-based browser goes by on ``PATH``, in the order they are tried.
CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
)
#: The environment variable that names the browser to use (a path, or a name on ``PATH``).
CHROMIUM_VARIABLE = "MATCHMAKER_CHROMIUM"
#: What to install when none is found (the error says it; in Indonesian under ``--lang id``).
CHROMIUM_INSTALL = label("install_chromium", "en")


def _places() -> list[str]:
    """Where Chrome and Edge install themselves outside ``PATH`` (macOS, Windows)."""
    places = [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    ]
    for root in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        base = os.environ.get(root)
        if base:
            places.append(os.path.join(base, "Google", "Chrome", "Application", "chrome.exe"))
            places.append(os.path.join(base, "Microsoft", "Edge", "Application", "msedge.exe"))
    return places


def find_chromium() -> str | None:
    """Path of the installed Chromium-based browser, or ``None`` (see the module's doc)."""
    return find_program(CHROMIUM_NAMES, places=_places(), variable=CHROMIUM_VARIABLE)


def require_chromium(feature: str = "PDF files") -> str:
    """:func:`find_chromium`, or a :class:`~matchmaker.errors.MissingDependencyError` that
    says what to install (:data:`CHROMIUM_INSTALL`), naming ``feature``."""
    return require_program(
        CHROMIUM_NAMES,
        feature=feature,
        install=CHROMIUM_INSTALL,
        places=_places(),
        variable=CHROMIUM_VARIABLE,
    )


@dataclass(frozen=True)
class PageCheck:
    """What the browser saw: errors (console, page, any network request) and a few counts.

    ``agendas`` counts the agenda sections, ``grid_rows`` the rows (slots) of the grid's first block.
    """

    errors: tuple[str, ...]
    title: str
    figures: int
    agendas: int
    grid_rows: int
    script_ran: bool


def check_report(
    path: str | Path, *, screenshots: Mapping[str | None, str | Path] | None = None
) -> PageCheck:
    """Open ``path`` in headless Chromium and report what went wrong, if anything.

    Parameters
    ----------
    path : str or Path
        The HTML report.
    screenshots : mapping, optional
        CSS selector (``None``: the visible page) → PNG file to write.

    Raises
    ------
    MissingDependencyError
        Without playwright, or without Chromium (saying what to install).
    """
    chromium = require_chromium("Browser checks")
    sync_api = require("playwright.sync_api", extra="browser", feature="Browser checks", package="playwright")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS))
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request", lambda r: None if r.url.startswith("file:") else errors.append(f"network: {r.url}")
        )
        page.goto(Path(path).resolve().as_uri())
        check = PageCheck(
            errors=(),
            title=page.title(),
            figures=len(page.query_selector_all("figure svg")),
            agendas=len(page.query_selector_all("section.agenda")),
            grid_rows=len(page.query_selector_all("section.grid-block:first-of-type table.grid tbody tr")),
            script_ran=bool(page.evaluate("() => window.__pwned !== undefined")),
        )
        for selector, target in (screenshots or {}).items():
            if selector is None:
                page.screenshot(path=str(target))
            else:
                page.locator(selector).screenshot(path=str(target))
        browser.close()
    return PageCheck(
        tuple(errors), check.title, check.figures, check.agendas, check.grid_rows, check.script_ran
    )


#: The pages a pack's PDFs are printed from (``export_all(pdf=True)``, ``--pdf``), each to the
#: PDF of the same name, and the formats that write them.
PRINTED_PAGES = {"agendas.html": "agendas", "report.html": "html"}


def check_printable(formats: Collection[str] | None, *, field: str = "pdf", source: str | None = None) -> str:
    """Before any work, that a pack can be printed to PDF: a browser to print with (its path
    is returned), and a page to print among ``formats`` (None: every format).

    Raises
    ------
    MissingDependencyError
        Without a Chromium-based browser, saying what to install.
    ValidationError
        When ``formats`` write neither page, naming ``field`` (and ``source``, the config
        that chose the formats).
    """
    asked = field if source is None else f"{field} under [export] in {source}"  # the config asked
    chromium = require_chromium(f"PDF files ({asked})")
    wanted = set(PRINTED_PAGES.values())
    if formats is not None and not wanted & set(formats):
        raise ValidationError(
            Problem(
                f"{field} prints agendas.html and report.html, but the formats {sorted(formats)} "
                "write neither",
                kind="invalid-option",
                source=source,
                field=field,
                hint='add "agendas" or "html" to the formats ([export] formats), or leave it out',
                data={"case": "no-page", "field": field, "formats": ", ".join(sorted(formats))},
            )
        )
    return chromium


def _complete(pdf: Path) -> bool:
    """Whether ``pdf`` is a whole PDF file: its header, and the ``%%EOF`` of its last
    trailer near the end (where readers look for it: the last 1,024 bytes)."""
    size = pdf.stat().st_size
    with pdf.open("rb") as handle:
        head = handle.read(5)
        handle.seek(max(size - 1024, 0))
        tail = handle.read()
    return head == b"%PDF-" and b"%%EOF" in tail


#: The dates a PDF's information dictionary holds (Chromium writes the time of printing).
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")


def print_pdf(
    path: str | Path,
    pdf: str | Path,
    *,
    timeout: float | None = None,
    created: dt.datetime | None = None,
    hint: str = "print_failed_hint",
) -> Path:
    """Print an HTML file to PDF with headless Chromium, as a browser's "Save as PDF" does.

    The page's own print stylesheet (``@page`` sizes, page breaks) decides the layout; no
    header or footer is added (a print dialog adds the date, the title and the file's
    path unless told not to).  Needs a Chromium-based browser only (not playwright):
    :func:`find_chromium`.

    The PDF is written atomically (a temporary file beside ``pdf``, then renamed over it):
    a failure leaves ``pdf`` as it was.  ``created``: the creation and modification dates
    the PDF states (Chromium's are the time of printing), so that the same page prints to
    the same bytes.

    ``hint``: the label (:mod:`matchmaker.reporting.labels`) of what to do when the
    browser fails, which the error ends with (a pack's, or ``print_failed_hint_report``).

    ``timeout``: seconds the browser may take (default: 120, and 60 more per MB of the
    page: a report of ~4,600 meetings took 67 s on two slow cores).

    Raises
    ------
    MissingDependencyError
        Without a Chromium-based browser (saying what to install).
    ProgramFailedError
        When the browser writes no PDF, an incomplete one (it crashed while printing), or
        does not finish in time (naming the browser, the page and what it said, and that
        nothing was written): a program that does not work, as one missing, is exit 4.
    """
    chromium = require_chromium()
    target = Path(pdf).absolute()
    page = Path(path)
    limit = timeout if timeout is not None else 120.0 + 60.0 * page.stat().st_size / 1e6

    def failed(reason: str, **fields: object) -> ProgramFailedError:
        said = {k: str(v) for k, v in fields.items()}
        return ProgramFailedError(
            f"PDF files ({page.name})",
            package=chromium,
            why=program_why(reason, said, "en"),
            install=label(hint, "en"),
            reason=reason,
            fields=said,
        )

    with tempfile.TemporaryDirectory() as profile, replacing(target) as temporary:
        try:
            done = subprocess.run(
                [
                    chromium,
                    "--headless",
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    "--no-pdf-header-footer",
                    "--print-to-pdf-no-header",  # the same, as Chrome before version 111 spells it
                    f"--print-to-pdf={temporary}",
                    Path(path).resolve().as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise failed("print_timeout", page=page.name, seconds=f"{limit:.0f}") from None
        except OSError as exc:  # not a program at all (a folder, a text file)
            raise failed("print_not_started", error=exc.strerror or exc) from None
        said = done.stderr.strip()[-300:]  # empty: "nothing" in the error's language
        if not temporary.exists() or temporary.stat().st_size == 0:
            raise failed("print_wrote_none", page=page.name, status=done.returncode, said=said)
        if not _complete(temporary):  # a browser that crashed while writing (its exit status may be 0)
            raise failed("print_incomplete", page=page.name, status=done.returncode, said=said)
        if created is not None:  # digits for digits: the file's byte offsets stay right
            stamp = created.strftime("%Y%m%d%H%M%S").encode()
            data = temporary.read_bytes()
            temporary.write_bytes(_PDF_DATE.sub(lambda m: m.group(0)[: -len(stamp)] + stamp, data))
    return target
