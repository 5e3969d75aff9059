"""Screenshots of the bundled mission's HTML report and of its printed PDF, for the docs.

Run from the repository root (needs chromium from the distribution, playwright and
poppler-utils for ``pdftoppm``)::

    python scripts/report_screenshots.py

Writes, in ``docs/img/``, for English (no suffix) and Indonesian (``-id``):

* ``report-summary.png``, ``report-plots.png``, ``report-grid.png``, ``report-agenda.png``:
  the page on screen (top, plots, first block of the venue grid, first agenda);
* ``print-grid.png``, ``print-agenda.png``: the first grid page and the first agenda page
  of the report printed to PDF by Chromium (A4 landscape and portrait).

It is also the documented browser check: it fails if the page logs an error, asks for
anything over the network, or prints a grid table outside its page.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.export import export_all
from matchmaker.export.browser import check_report, print_pdf
from matchmaker.pipeline import run
from matchmaker.reporting.labels import label


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """Width and height (points) of every page of ``pdf`` (``pdfinfo``)."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


def page_png(pdf: Path, page: int, target: Path) -> None:
    """Render one page of ``pdf`` to ``target`` at 80 dpi (``pdftoppm``)."""
    stem = target.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            str(page),
            "-l",
            str(page),
            "-r",
            "80",
            "-png",
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 1
    out = Path("docs/img")
    out.mkdir(parents=True, exist_ok=True)
    result = run(east_java_south_sumatra_2020())
    errors: list[str] = []
    for lang in ("en", "id"):
        suffix = "" if lang == "en" else "-id"
        with tempfile.TemporaryDirectory() as tmp:
            export_all(result, tmp, formats=["html"], lang=lang, note=label("synthetic_note", lang))
            shots = {
                None: out / f"report-summary{suffix}.png",
                ".plots": out / f"report-plots{suffix}.png",
                "section.grid-block >> nth=0": out / f"report-grid{suffix}.png",
                "section.agenda >> nth=0": out / f"report-agenda{suffix}.png",
            }
            check = check_report(Path(tmp) / "report.html", screenshots=shots)
            errors += [f"{lang}: {e}" for e in check.errors]
            pdf = print_pdf(Path(tmp) / "report.html", Path(tmp) / "report.pdf")
            sizes = pdf_pages(pdf)
            landscape = [k for k, (w, h) in enumerate(sizes, start=1) if w > h]
            if not landscape:
                errors.append(f"{lang}: no landscape page for the grid in the printed report")
                continue
            page_png(pdf, landscape[0], out / f"print-grid{suffix}.png")
            page_png(pdf, landscape[-1] + 1, out / f"print-agenda{suffix}.png")
    if errors:
        print("errors in the page:", *errors, sep="\n  ", file=sys.stderr)
        return 1
    print(f"screenshots written to {out}; the pages logged no errors and made no network request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
