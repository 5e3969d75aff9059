"""Open a report in headless Chromium: the check that it shows without errors, and screenshots.

Needs Chromium from the distribution (``apt-get install chromium``) and playwright
(optional extra ``browser``: ``pip install 'matchmaker[browser]'``); playwright drives the
installed Chromium, it downloads no browser of its own.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from matchmaker._optional import require
from matchmaker.errors import MatchmakerError

__all__ = ["CHROMIUM_FLAGS", "PageCheck", "check_report", "find_chromium", "print_pdf"]

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


def find_chromium() -> str | None:
    """Path of the installed Chromium, or ``None``."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


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
        Without playwright.
    MatchmakerError
        Without Chromium.
    """
    chromium = find_chromium()
    if chromium is None:
        raise MatchmakerError("browser checks need Chromium from the distribution: apt-get install chromium")
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


def print_pdf(path: str | Path, pdf: str | Path, *, timeout: float = 120.0) -> Path:
    """Print an HTML file to PDF with headless Chromium, as a browser's "Save as PDF" does.

    The page's own print stylesheet (``@page`` sizes, page breaks) decides the layout;
    no header or footer is added.  Needs Chromium only (not playwright).

    Raises
    ------
    MatchmakerError
        Without Chromium, or when it writes no PDF (its message is included).
    """
    chromium = find_chromium()
    if chromium is None:
        raise MatchmakerError("printing to PDF needs Chromium (apt-get install chromium)")
    target = Path(pdf).resolve()
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                chromium,
                "--headless",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                Path(path).resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if not target.exists() or target.stat().st_size == 0:
        raise MatchmakerError(f"Chromium wrote no PDF of {path}: {done.stderr.strip()[-500:]}")
    return target
