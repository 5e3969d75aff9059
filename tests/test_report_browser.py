"""The HTML report opens in headless Chromium without errors (needs chromium and playwright).

Chromium comes from the distribution (``apt-get install chromium``); ``.ci/run`` installs
it when it can.  Without it these tests are skipped, with the reason shown by ``-ra``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from matchmaker.export import export_all
from matchmaker.export.browser import check_report, find_chromium
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.pipeline import run

pytestmark = [
    pytest.mark.skipif(
        find_chromium() is None, reason="no chromium on this machine (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


def test_bundled_report_opens_without_errors(bundled, tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    result = run(bundled)
    export_all(result, tmp_path, formats=["html"])
    check = check_report(tmp_path / "report.html", screenshots={None: tmp_path / "shot.png"})
    assert check.errors == ()
    assert check.title == bundled.name
    assert check.figures == 3
    assert check.agendas == len(bundled.participants)
    assert check.grid_rows == len(result.schedule.plan.slots)
    assert (tmp_path / "shot.png").read_bytes().startswith(b"\x89PNG")


def test_hostile_names_do_not_run(tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    people = [
        Participant("A1", "<script>window.__pwned=1</script>", "X", "Jatim", offers="10631"),
        Participant("B1", "<img src=x onerror='window.__pwned=2'>", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    export_all(run(mission), tmp_path, formats=["html"], plots=False)
    check = check_report(tmp_path / "report.html")
    assert check.script_ran is False
    assert check.errors == ()


def pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """Every page's width, height and words with their horizontal extent (``pdftotext -bbox``)."""
    import html
    import re
    import subprocess

    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [
            (float(x0), float(x1), html.unescape(text))
            for x0, x1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>', body
            )
        ]
        pages.append((float(w), float(h), words))
    return pages


def test_printed_report_keeps_every_table_on_landscape_pages_and_one_agenda_per_page(
    bundled, tmp_path: Path
) -> None:
    import shutil

    from matchmaker.export.browser import print_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("no pdftotext on this machine (apt-get install poppler-utils)")
    result = run(bundled)
    export_all(result, tmp_path, formats=["html"], plots=False, lang="id")
    pages = pdf_words(print_pdf(tmp_path / "report.html", tmp_path / "report.pdf"))
    landscape = [k for k, (w, h, _) in enumerate(pages) if w > h]
    assert landscape, "the grid prints on landscape pages"
    tables = [t for t in result.schedule.table_labels if any(m.table == t for m in result.schedule.meetings)]
    found: set[str] = set()
    for k in landscape:
        width, _, words = pages[k]
        assert words, f"landscape page {k + 1} is empty"
        for x0, x1, text in words:  # nothing of the grid falls off the page's right edge
            assert x0 >= 0, (k + 1, text, x0)
            assert x1 <= width, (k + 1, text, x1, width)
        found |= {text for _, _, text in words} & set(tables)
    assert found == set(tables)  # every table's column, the last of each block included, is printed
    # each agenda starts its own page, in the report's order, after the grid
    agenda_pages = pages[landscape[-1] + 1 :]
    people = [*bundled.side("A"), *bundled.side("B")]
    assert len(agenda_pages) >= len(people)
    for p, (_, _, words) in zip(people, agenda_pages, strict=False):
        assert f"({p.id})" in {text for _, _, text in words}, p.id
