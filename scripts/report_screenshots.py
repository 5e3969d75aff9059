"""Screenshots of the bundled mission's HTML report for the docs, taken in headless Chromium.

Run from the repository root (needs chromium from the distribution and playwright)::

    python scripts/report_screenshots.py

Writes ``docs/img/report-summary.png``, ``docs/img/report-plots.png`` and
``docs/img/report-grid.png``.  It is also the documented browser check: it fails if the
page logs an error or asks for anything over the network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from matchmaker.datasets import east_java_south_sumatra_2020
from matchmaker.export import export_all
from matchmaker.export.browser import check_report
from matchmaker.pipeline import run
from matchmaker.reporting.labels import label


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    out = Path("docs/img")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        export_all(run(east_java_south_sumatra_2020()), tmp, formats=["html"], note=label("synthetic_note"))
        shots = {
            None: out / "report-summary.png",
            ".plots": out / "report-plots.png",
            "table.grid": out / "report-grid.png",
        }
        check = check_report(Path(tmp) / "report.html", screenshots=shots)
    if check.errors:
        print("errors in the page:", *check.errors, sep="\n  ", file=sys.stderr)
        return 1
    print(f"screenshots written to {out}; the page logged no errors and made no network request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
