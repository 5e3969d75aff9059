"""The HTML report opens in headless Chromium without errors (needs chromium and playwright).

Chromium comes from the distribution (``apt-get install chromium``); ``.ci/run`` installs
it when it can.  Without it these tests are skipped, with the reason shown by ``-ra``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from matchmaker.export import export_all
from matchmaker.pipeline import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def open_report(path: Path) -> tuple[list[str], dict[str, object]]:
    sync_api = pytest.importorskip("playwright.sync_api")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: errors.append(f"network request {r.url}") if not r.url.startswith("file:") else None,
        )
        page.goto(path.as_uri())
        facts = {
            "title": page.title(),
            "svgs": len(page.query_selector_all("figure svg")),
            "agendas": len(page.query_selector_all("details")),
            "grid_rows": len(page.query_selector_all("table.grid tbody tr")),
            "pwned": page.evaluate("() => window.__pwned === undefined ? null : window.__pwned"),
        }
        browser.close()
    return errors, facts


def test_bundled_report_opens_without_errors(bundled, tmp_path: Path) -> None:
    result = run(bundled)
    export_all(result, tmp_path, formats=["html"])
    errors, facts = open_report(tmp_path / "report.html")
    assert errors == []
    assert facts["title"] == bundled.name
    assert facts["svgs"] == 3
    assert facts["agendas"] == len(bundled.participants)
    assert facts["grid_rows"] == len(result.schedule.plan.slots)


def test_hostile_names_do_not_run(tmp_path: Path) -> None:
    import datetime as dt

    from matchmaker.model import Delegation, Mission, Participant

    people = [
        Participant("A1", "<script>window.__pwned=1</script>", "X", "Jatim", offers="10631"),
        Participant("B1", "<img src=x onerror='window.__pwned=2'>", "Y", "Sumsel", needs="10631"),
    ]
    mission = Mission(
        "m", Delegation("X", "Jatim"), Delegation("Y", "Sumsel"), people, date=dt.date(2025, 1, 2)
    )
    export_all(run(mission), tmp_path, formats=["html"], plots=False)
    errors, facts = open_report(tmp_path / "report.html")
    assert facts["pwned"] is None
    assert errors == []
