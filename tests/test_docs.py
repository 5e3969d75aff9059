"""The numbers and outputs the README and the tutorial show are those the code gives today."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import matchmaker as mm

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TUTORIAL = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(bundled):
    return mm.run(bundled)


def test_readme_figures_of_the_main_job(result) -> None:
    gain = 100 * (result.matching.objective / result.baseline.objective - 1)
    assert f"chooses {len(result.matching.pairs)} meetings" in README
    assert f"{gain:.1f} %\nabove the greedy baseline" in README
    assert f"in {result.schedule.slots_used} slots" in README


def test_tutorial_outputs(bundled, result) -> None:
    scores = mm.score(bundled)
    blocks = [
        str(scores.explain("JT-007", "SS-054")),
        result.schedule.summary(),
        str(result.evaluation),
        "\n".join(str(m) for m in result.schedule.agenda("SS-054")),
    ]
    for text in blocks:
        assert text.strip() in TUTORIAL


def test_tutorial_fixed_bounds_timetable(bundled) -> None:
    matching = mm.match(mm.score(bundled), max_meetings=(8, 4))
    lines = mm.schedule(matching, mm.default_plan(), mission=bundled).summary().splitlines()
    assert lines[0] in TUTORIAL
    assert next(line for line in lines if line.startswith("unplaced:")) in TUTORIAL


def test_tutorial_min_score_figure(bundled) -> None:
    n = len(mm.run(bundled, baseline=False, min_score=0.2).matching.pairs)
    assert f"here {n} meetings instead of" in TUTORIAL


@pytest.mark.skipif(sys.version_info < (3, 11), reason="TOML configs need Python 3.11")
def test_the_tutorial_outcome_figures_reproduce(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The commands of docs/tutorial.md section 6, on the files `matchmaker init` wrote."""
    from matchmaker.cli import main
    from matchmaker.starter import write_starter

    write_starter(tmp_path)
    example, out = tmp_path / "example", tmp_path / "out"
    config = str(tmp_path / "run.toml")
    assert main(["run", str(example / "jatim_sumsel_2020.csv"), "--config", config, "--out", str(out)]) == 0
    capsys.readouterr()
    form, mission, result = (
        str(p)
        for p in (example / "hasil_misi_2020.csv", example / "jatim_sumsel_2020.csv", out / "result.json")
    )
    assert main(["outcomes", form, "--mission", mission, "--result", result, "--config", config]) == 0
    printed = capsys.readouterr().out
    tutorial = TUTORIAL
    shown = tutorial.split("```text\nTotal nilai transaksi", 1)[1].split("```", 1)[0]
    for line in ("Total nilai transaksi" + shown).strip().splitlines():
        if line.strip() != "...":
            assert line in printed, line
    assert "Total nilai transaksi: Rp 306.548.050.000" in printed  # the real 2020 mission's total
    paragraph = tutorial.split("```text\nMisi Dagang", 1)[1].split("```", 1)[0]
    for sentence in paragraph.split(". ")[1:]:  # the first names the number of meetings of the run
        assert sentence.strip() in printed, sentence
    assert main(["--json", "outcomes", form, "--mission", mission, "--config", config]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_idr"] == 306_548_050_000
    assert len(data["commodities"]) == 13
    milk = next(c for c in data["commodities"] if c["commodity"] == "Susu dan olahan susu")
    assert milk["volumes"] == [{"volume": 506.0, "unit": "ton"}]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="TOML configs need Python 3.11")
def test_readme_command_line_quick_start_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command of the README's command-line quick start, in order, in the folder `init` made."""
    import shlex

    from matchmaker.cli import main

    block = README.split("## Quick start (command line)", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    commands = [c for c in commands if c.startswith("matchmaker ")]
    assert commands[0] == "matchmaker init mission/ && cd mission/"
    monkeypatch.chdir(tmp_path)
    assert main(["init", "mission/"]) == 0
    monkeypatch.chdir(tmp_path / "mission")
    for command in commands[1:]:
        assert (
            main([*shlex.split(command)[1:], *(["--no-plots"] if " run " in f" {command} " else [])]) == 0
        ), command
    capsys.readouterr()
    doc = json.loads((tmp_path / "mission" / "out-id" / "result.json").read_text(encoding="utf-8"))
    assert (doc["mission"]["name"], doc["mission"]["venue"]) == (
        "Misi Dagang Jatim – Sumsel 2025",
        "Palembang",
    )


EVENT_DAY = (ROOT / "docs" / "event-day.md").read_text(encoding="utf-8")


def test_the_event_day_python_example_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/event-day.md's first example, as written (it cancelled a pair that has no meeting
    in the bundled timetable, so it stopped with a ValidationError at `event.cancel`)."""
    import re

    block = EVENT_DAY.split("```python\n", 1)[1].split("```", 1)[0]
    (pair,) = re.findall(r'event\.cancel\("([^"]+)", "([^"]+)"\)', block)
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(compile(block, "docs/event-day.md", "exec"), names)  # the documentation's own code
    plan = names["plan"]
    assert isinstance(plan, mm.live.Replan)
    cancelled = {(c.a, c.b): c for c in plan.cancelled}
    assert cancelled[pair].why[0].code == "pair-cancelled"  # the documented cancellation took effect
    assert (tmp_path / "updates-0930" / "messages.csv").is_file()
    capsys.readouterr()


def test_the_event_day_command_line_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command of docs/event-day.md's command-line block, in order, exits 0 (the
    participant file is the bundled mission's, walkin.json a row of another walk-in)."""
    import shlex
    import shutil

    from matchmaker.cli import main
    from matchmaker.datasets import bundled_mission_path

    block = EVENT_DAY.split("## Command line", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #", 1)[0].strip() for line in block.splitlines()]
    commands = [c for c in commands if c.startswith("matchmaker ")]
    assert any(c.startswith("matchmaker event cancel ") for c in commands)
    monkeypatch.chdir(tmp_path)
    shutil.copy(bundled_mission_path(), tmp_path / "participants.csv")
    row = {"id": "W-2", "name": "CV Lain", "delegation": "Sumatera Selatan", "province": "Sumsel"}
    (tmp_path / "walkin.json").write_text(json.dumps(row), encoding="utf-8")
    for command in commands:
        argv = shlex.split(command)[1:]
        assert main([*argv, *(["--no-plots"] if argv[0] == "run" else [])]) == 0, command
    capsys.readouterr()
