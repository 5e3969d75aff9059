"""Screenshots of the bundled mission's HTML report for the docs, taken in headless Chromium.

Run from the repository root (needs chromium from the distribution and playwright)::

    python scripts/report_screenshots.py

Writes ``docs/img/report-summary.png``, ``docs/img/report-plots.png`` and
``docs/img/report-grid.png``.  Also the documented browser check: it fails if the
page logs an error or asks for anything over the network.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.export import export_all
from matchmaker.pipeline import run
from matchmaker.reporting.labels import label

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium: apt-get install chromium", file=sys.stderr)
        return 1
    out = Path("docs/img")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        export_all(run(east_java_south_sumatra_2020()), tmp, formats=["html"], note=label("synthetic_note"))
        errors: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: None if r.url.startswith("file:") else errors.append(r.url))
            page.goto((Path(tmp) / "report.html").as_uri())
            page.screenshot(path=out / "report-summary.png")
            page.locator(".plots").screenshot(path=out / "report-plots.png")
            page.locator("table.grid").screenshot(path=out / "report-grid.png")
            browser.close()
    if errors:
        print("errors in the page:", *errors, sep="\n  ", file=sys.stderr)
        return 1
    print(f"screenshots written to {out}; the page logged no errors and made no network request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
