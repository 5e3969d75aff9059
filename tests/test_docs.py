"""The numbers and outputs the README, the tutorial and the docs on matching, scoring, scheduling
and the crosswalk show are those the code gives today."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import matchmaker as mm

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TUTORIAL = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
MATCHING, SCORING, SCHEDULING, CROSSWALK = (
    (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
    for name in ("matching", "scoring", "scheduling", "crosswalk")
)


def flat(text: str) -> str:
    """The text with every run of white space (line breaks included) made one space."""
    return " ".join(text.split())


FLAT = " ".join(TUTORIAL.split())  # the tutorial's prose with its line breaks as spaces


@pytest.fixture(scope="module")
def result(bundled):
    return mm.run(bundled)


@pytest.fixture(scope="module")
def matched(bundled):
    """The matching of docs/matching.md's first example (and docs/scheduling.md's)."""
    return mm.match(mm.score(bundled), max_meetings=(8, 4))


@pytest.fixture(scope="module")
def scores(bundled):
    return mm.score(bundled)


def _text_block_after(code: str, doc: str = TUTORIAL) -> str:
    """The ```text block that follows the code block holding ``code`` (its first line on)."""
    rest = doc.split(code, 1)[1]
    rest = rest.split("```\n", 1)[1]  # the end of the code block
    assert rest.lstrip("\n").startswith("```text\n"), f"no output block after {code!r}"
    return rest.split("```text\n", 1)[1].split("```", 1)[0].rstrip("\n")


def _code_blocks(doc: str, language: str) -> list[tuple[str, str | None]]:
    """Each ```language block of ``doc`` and the ```text block right after it (or None)."""
    blocks = []
    for part in doc.split(f"```{language}\n")[1:]:
        code, after = part.split("```", 1)
        after = after.removeprefix("\n").lstrip("\n")
        shown = after.split("```text\n", 1)[1].split("```", 1)[0] if after.startswith("```text\n") else None
        blocks.append((code, shown))
    return blocks


def test_readme_figures_of_the_main_job(result) -> None:
    gain = 100 * (result.matching.objective / result.baseline.objective - 1)
    assert f"chooses {len(result.matching.pairs)} meetings" in README
    assert f"{gain:.1f} %\nabove the greedy baseline" in README
    assert f"in {result.schedule.slots_used} slots" in README


def test_tutorial_outputs(scores, result) -> None:
    blocks = [
        str(scores.explain("JT-007", "SS-054")),
        result.schedule.summary(),
        str(result.evaluation),
        "\n".join(str(m) for m in result.schedule.agenda("SS-054")),
    ]
    for text in blocks:
        assert text.strip() in TUTORIAL


def test_tutorial_fixed_bounds_timetable(scores, bundled) -> None:
    """Section 4: the whole summary of the fixed-bounds timetable (method line, every unplaced
    meeting), and the prose's account of who is left out."""
    matching = mm.match(scores, max_meetings=(8, 4))
    timetable = mm.schedule(matching, mm.default_plan(), mission=bundled)
    summary = timetable.summary()
    assert f"```text\n{summary}\n```" in TUTORIAL
    unplaced = [line for line in summary.splitlines() if line.startswith("unplaced:")]
    overbooked = {line.split()[1] for line in unplaced if line.endswith("[participant-overbooked]")}
    apart = [line for line in unplaced if line.endswith("[no-common-slot]")]
    words = {5: "five", 3: "three"}
    assert f"{words[len(overbooked)]} sellers who are available only half the day" in FLAT
    assert {line.split()[1] for line in apart} == {"JT-036"}
    assert f"was paired with {words[len(apart)]} buyers free only in the morning" in FLAT


def test_tutorial_min_score_figure(bundled, result) -> None:
    from matchmaker.scoring import DEFAULT_MIN_SCORE

    n = len(mm.run(bundled, baseline=False, min_score=0.2).matching.pairs)
    everyone = len(mm.run(bundled, baseline=False, min_score=0).matching.pairs)
    default = len(result.matching.pairs)
    assert f"by default `min_score` is {DEFAULT_MIN_SCORE}" in FLAT
    assert f"so here {default} meetings instead of {everyone} with `min_score=0`" in FLAT
    assert f"here {n} meetings instead of {default}" in FLAT
    assert f"`--min-score 0.2`; default {DEFAULT_MIN_SCORE}, `matchmaker.scoring.DEFAULT_MIN_SCORE`" in README


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
    said = capsys.readouterr()
    printed = said.out
    # the example form is filled in for this very run: its meetings are the run's pairs
    assert "dicetak dari run lain" not in said.err
    assert "printed from another run" not in said.err
    tutorial = TUTORIAL
    shown = tutorial.split("```text\nTotal nilai transaksi", 1)[1].split("```", 1)[0]
    for line in ("Total nilai transaksi" + shown).strip().splitlines():
        if line.strip() != "...":
            assert line in printed, line
    assert "Total nilai transaksi: Rp 306.548.050.000" in printed  # the real 2020 mission's total
    paragraph = tutorial.split("```text\nMisi Dagang", 1)[1].split("```", 1)[0]
    for sentence in paragraph.split(". "):  # the first names the number of meetings of this run
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


def test_matching_doc_bundled_figures(bundled, matched) -> None:
    greedy = mm.match(mm.score(bundled), "greedy", max_meetings=(8, 4))
    n = len(matched.pairs)
    gap = 100 * (matched.objective - greedy.objective) / matched.objective
    assert f"print(m)  # {n} meetings ..., flow via" in MATCHING
    assert f"scored by matchmaker.scoring; {n} meetings" in MATCHING
    assert f"objective {gap:.2f}% below flow" in MATCHING
    assert f"on the bundled mission {gap:.1f} % below" in flat(MATCHING)


def test_matching_doc_loss_bound_figure() -> None:
    """``details["loss_bound"]`` of a 500×2000 flow with caps 20/5 (10,000 pairs), scores up to 1."""
    from matchmaker import MatchingProblem
    from matchmaker.assignment.algorithms.flow import build_network

    rows = np.repeat(np.arange(500), 40)
    cols = (rows * 7 + np.tile(np.arange(40), 500)) % 2000
    order = np.lexsort((cols, rows))
    weights = np.random.default_rng(0).random(rows.size)
    weights[0] = 1.0
    problem = MatchingProblem.from_edges(500, 2000, rows[order], cols[order], weights, row_max=20, col_max=5)
    mantissa, exponent = f"{build_network(problem).loss_bound:.1e}".split("e")
    assert f"(about `{mantissa}e{int(exponent)}` for 500×2000 with caps 20/5" in flat(MATCHING)


def test_scoring_doc_worked_example(bundled) -> None:
    s = mm.score(bundled)
    best = np.unravel_index(np.argmax(np.where(s.forbidden, -1.0, s.total)), s.total.shape)
    assert (s.row_ids[best[0]], s.col_ids[best[1]]) == ("JT-015", "SS-003")  # "The best pair"
    for a, b in (("JT-015", "SS-003"), ("JT-002", "SS-017")):
        assert str(s.explain(a, b)).strip() in SCORING
    assert s.explain("JT-015", "SS-003").summary in SCORING
    lines = [
        next(line for line in str(s.explain("JT-015", "SS-019")).splitlines() if "need HS:1905" in line),
        next(line for line in str(s.explain("JT-002", "SS-012")).splitlines() if "FORBIDDEN" in line),
    ]
    for line in lines:
        assert f"\n{line}\n" in SCORING
    told = str(s.explain("JT-002", "SS-008"))
    line = "need 106 (weight 0.23): SS-008 requires halal for it, which JT-002 lacks → 0"
    # told in its place among A→B's needs (JT-002 sells), not after the other direction
    assert line in told.split("B→A:")[0].split("A→B:")[1]
    assert f"(`{line}`)" in flat(SCORING)
    assert (
        f"On the bundled mission {int(s.forbidden.sum())} of the {s.forbidden.size:,} pairs are forbidden "
        f"and {len(s.forced)} are forced." in flat(SCORING)
    )


def test_scoring_doc_unrelated_catalogue_products() -> None:
    from tests.test_crosswalk import fit_matrix, pair_fit, related_products

    related = related_products()
    fits = [fit_matrix(sell, buy)[~related] for sell, buy in (("HS", "KBLI"), ("KBLI", "HS"))]
    share = min(float(np.mean(f <= 0.1)) for f in fits)
    median = max(float(np.median(f)) for f in fits)
    text = flat(SCORING)
    assert f"more than {math.floor(share * 1000) / 10} % score at most 0.1 by default" in text
    assert f"the median at most {math.ceil(median * 1000) / 1000}" in text
    assert f"(`HS:090121`, {pair_fit('01270', 'HS:090121'):.2f})" in text


def test_scheduling_doc_example(matched) -> None:
    from matchmaker.scheduling import EventPlan, schedule, validate

    plan = EventPlan(start="09:00", end="16:00", meeting=20, buffer=5, breaks=["12:00-13:00"], hosts="A")
    s = schedule(matched, plan)
    assert validate(s) == ()
    assert f"print(m)  # {s.agenda('JT-001')[0]}" in SCHEDULING


def test_scheduling_doc_bundled_gaps(bundled, result) -> None:
    """The bundled mission's colouring rows: the gaps table and the benchmark table (booths, no windows)."""
    from matchmaker.scheduling import EventPlan, schedule

    free = {p.id: () for p in bundled.participants}
    plan = EventPlan(start="09:00", end="16:00", breaks=["12:00-13:00"], hosts="A")
    plain = schedule(result.matching, plan, availability=free, compact=False)
    compact = schedule(result.matching, plan, availability=free)
    n = len(result.matching.pairs)
    row = next(line for line in SCHEDULING.splitlines() if line.startswith("| bundled, booths"))
    assert row.startswith(f"| bundled, booths, no availability limits | {n} | {plain.gaps} |")
    assert row.endswith(f"| {compact.gaps} |")
    table = SCHEDULING.split(f"bundled mission, {n} meetings, booths", 1)[1].splitlines()
    for line, s in zip(table, (plain, compact), strict=False):
        assert f"{s.slots_used}/{s.slot_bound}" in line
        assert f" {n}/{n} " in line
        assert f" {s.gaps} " in line


def test_crosswalk_doc_figures() -> None:
    from matchmaker.reference.crosswalk import hs_reach, kbli_reach

    data = ROOT / "src" / "matchmaker" / "reference" / "data"
    with (data / "hs2022_kbli2020_crosswalk.csv").open(encoding="utf-8") as f:
        links = list(csv.DictReader(f))
    with (data / "hs2022_all_levels.csv").open(encoding="utf-8") as f:
        levels = Counter(r["level"] for r in csv.DictReader(f) if not r["code"].startswith("99"))
    with (ROOT / "scripts" / "data" / "crosswalk_overrides.csv").open(encoding="utf-8") as f:
        overrides = len(list(csv.DictReader(f)))
    rules = Counter(r["rule"] for r in links)
    linked = len({r["hs6"] for r in links})
    text = flat(CROSSWALK)
    assert (
        f"{levels['chapter']} product chapters, {levels['heading']:,} headings, "
        f"{levels['subheading']:,} subheadings" in text
    )
    assert f"{levels['subheading'] - linked} subheadings have no link" in text
    assert (
        f"The shipped table holds {len(links):,} links of {linked:,} subheadings: "
        f"{rules['concordance']:,} from the concordance, {rules['national-split']:,} from national "
        f"splits, {rules['coarse']:,} coarse and {rules['override']:,} from overrides." in text
    )
    assert f"(about {round(overrides, -1)} rows)" in text
    assert f'hs_reach("100630")["10631"]  # {hs_reach("100630")["10631"]:.1f}:' in CROSSWALK
    assert f'kbli_reach("12013")["240220"]  # {kbli_reach("12013")["240220"]:.2f}:' in CROSSWALK


def test_tutorial_validation_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Section 1: `matchmaker validate` on the file shown prints the block shown."""
    from matchmaker.cli import main

    table = TUTORIAL.split("```text\nid,name,delegation,province", 1)[1].split("```", 1)[0]
    (tmp_path / "people.csv").write_text("id,name,delegation,province" + table, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)
    capsys.readouterr()
    assert main(["validate", "people.csv"]) == 1
    shown = TUTORIAL.split("`matchmaker validate people.csv` exits with 1 and prints\n\n```text\n", 1)[1]
    shown = shown.split("```", 1)[0].strip()
    assert capsys.readouterr().err.strip() == shown
    with pytest.raises(mm.ValidationError) as caught:
        mm.load_mission("people.csv", date="2020-12-02")
    assert f"raises a `{type(caught.value).__name__}`, a `ValidationError`" in FLAT
    assert str(caught.value) in shown


def test_tutorial_compare_methods_table(scores) -> None:
    """Section 3: the table is what the tutorial's call prints, every column but the timings."""
    code = "print(mm.compare_methods(scores, max_meetings=(8, 4)))"
    assert f"```python\n{code}\n```" in TUTORIAL
    printed = str(mm.compare_methods(scores, max_meetings=(8, 4))).splitlines()
    shown = _text_block_after(code).splitlines()
    assert len(shown) == len(printed)
    assert shown[0] == printed[0]  # the header, "ms" included
    for doc_line, line in zip(shown[1:], printed[1:], strict=True):
        assert doc_line.rsplit(None, 1)[0] == line.rsplit(None, 1)[0]  # all but the ms
        float(doc_line.rsplit(None, 1)[1])


def test_tutorial_infeasible_bounds_message(scores, bundled) -> None:
    """Section 3: the diagnosis of bounds that cannot be met, and the arithmetic under it."""
    code = "mm.match(scores, max_meetings=(2, 4), min_meetings=(0, 2))"
    assert code in TUTORIAL
    with pytest.raises(mm.InfeasibleError) as caught:
        mm.match(scores, max_meetings=(2, 4), min_meetings=(0, 2))
    shown = " ".join(_text_block_after(code).split())
    assert shown.startswith("InfeasibleError: ")
    assert shown.endswith(" (...)")
    assert " ".join(str(caught.value).split()).startswith(shown.removeprefix("InfeasibleError: ")[:-6])
    own = {p.id: p.max_meetings for p in bundled.side("A") if p.max_meetings is not None}
    plain = len(bundled.side("A")) - len(own)
    assert f"(103 = {plain} East Java participants × 2, plus JT-018, JT-019, JT-021 and JT-022" in FLAT
    assert list(own) == ["JT-018", "JT-019", "JT-021", "JT-022"]
    assert "`max_meetings` in the file, 4, 6, 3 and 6," in FLAT
    assert list(own.values()) == [4, 6, 3, 6]
    assert 2 * plain + sum(own.values()) == 103


def test_tutorial_section_7_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Section 7's Python blocks, in order in one namespace, as a reader runs them: each runs,
    and prints the output block that follows it (the quota example included)."""
    import contextlib
    import io

    section = TUTORIAL.split("## 7. ", 1)[1]
    blocks = _code_blocks(section, "python")
    assert any("quotas=quotas" in code for code, _ in blocks)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    compared = 0
    for code, shown in blocks:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "docs/tutorial.md §7", "exec"), namespace)
        if shown is not None:
            assert printed.getvalue().strip() == shown.strip(), code
            compared += 1
    assert compared == 2  # the three delegations, and the quotas

    from matchmaker.groups import run_groups
    from matchmaker.quotas import Quota

    mission, plan = namespace["mission"], namespace["plan"]

    def meetings(quotas=()) -> int:
        return len(run_groups(mission, plan, max_meetings=6, quotas=quotas).slot)

    mission_quotas = namespace["quotas"]
    assert meetings(mission_quotas) == 120
    assert "Without quotas this mission has 140 meetings, and with the 60 % cap alone 130;" in FLAT
    assert (meetings(), meetings(mission_quotas[1:])) == (140, 130)
    assert meetings([Quota("country", "MY", min_count=25)]) == 140
    assert '`Quota("country", "MY", min_count=25)`, leaves the total alone: 140 meetings.' in FLAT


def _pack_names(text: str) -> set[str]:
    """The files and folders named in backticks in ``text`` (``ics/<id>.ics`` is ``ics``)."""
    import re

    return {name.split("/")[0] for name in re.findall(r"`([^`]+)`", text)}


def test_group_path_pack_is_what_the_docs_say(
    tmp_path: Path, result_json: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """README and tutorial §7: what a run of three delegations writes and leaves out, and the
    commands that do not take its result yet."""
    monkeypatch.delenv("MATCHMAKER_LANG", raising=False)  # the messages checked are the English ones
    from matchmaker.cli import main
    from matchmaker.datasets import three_delegation_mission
    from matchmaker.io import write_participants

    table = tmp_path / "three.csv"
    write_participants(three_delegation_mission().participants, table)
    out = tmp_path / "out"
    allow = ["--allow", "Jawa Timur:Sumatera Selatan", "--allow", "Sumatera Selatan:Kalimantan Barat"]
    assert main(["run", str(table), "--date", "2025-09-29", "--out", str(out), "--no-plots", *allow]) == 0
    written = {p.name for p in out.iterdir()} - {"pack-manifest.json"}
    full = {p.name for p in result_json.parent.iterdir()}  # a two-delegation run's pack

    readme = " ".join(README.split())
    said = readme.split(
        "is planned by `matchmaker.groups` and writes the files of a two-delegation pack: ", 1
    )
    assert _pack_names(said[1].split(";", 1)[0]) == written == full - {"pack-manifest.json"}

    said = FLAT.split('`timetable.export("out/")` writes the group path\'s pack', 1)[1]
    assert _pack_names(said.split(": the files of a two-delegation pack.", 1)[0]) == full

    # the event day refuses its result, as both documents say; outcomes takes the form and the result
    assert "the event day (`matchmaker event`) does not take its result yet" in readme
    assert "`matchmaker event init` refuses a group-path `result.json`" in FLAT
    capsys.readouterr()
    assert main(["event", "init", str(out / "result.json"), "--db", str(tmp_path / "e.sqlite")]) == 1
    assert "a result of the group path" in capsys.readouterr().err
    assert "`matchmaker outcomes` reads its filled-in form (every delegation's sales and purchases) and" in (
        readme
    )
    form = str(out / "outcome_form.csv")
    argv = ["outcomes", form, "--mission", str(table), "--result", str(out / "result.json"), *allow]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert all(f"{g} sold Rp 0, bought Rp 0" in printed for g in three_delegation_mission().group_names)
    said = TUTORIAL.split("**Deal outcomes.**", 1)[1].split("```console\n$ ", 1)[1].split("```", 1)[0]
    assert said.split()[:2] == ["matchmaker", "outcomes"]  # the command shown, as a user types it


def test_tutorial_interactive_example(bundled) -> None:
    """Section 1's ``>>>`` example, run as a doctest on the bundled mission."""
    import doctest

    block = TUTORIAL.split("```python\n>>> ", 1)[1].split("```", 1)[0]
    test = doctest.DocTestParser().get_doctest(">>> " + block, {"mission": bundled}, "tutorial §1", None, 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=0, attempted=2)


def test_readme_python_quick_start_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's Python quick start runs, and its comments' figures are what it prints."""
    block = README.split("## Quick start (Python)", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md quick start", "exec"), namespace)
    printed = capsys.readouterr().out
    explain = namespace["scores"].explain("JT-007", "SS-054")  # type: ignore[attr-defined]
    assert f"# why this pair scores {explain.total:.3f}" in block
    summary = namespace["timetable"].summary().splitlines()[0]  # type: ignore[attr-defined]
    assert summary in printed
    placed, _, total = summary.split()[:3]
    assert f"# {placed} of {total} placed: fixed bounds ignore who is free when" in block
    evaluation = namespace["result"].evaluation  # type: ignore[attr-defined]
    assert evaluation.unplaced == 0
    assert f"free slots: all {evaluation.meetings} placed" in block
    assert (tmp_path / "out" / "contacts.csv").exists()


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


def test_the_event_day_agenda_example_is_what_the_desk_reads(
    tmp_path: Path, result, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/event-day.md's `event agenda` block after a no-show: the first line and the marked
    meeting, as the command prints them (the other meetings are left out there)."""
    from matchmaker.cli import main

    db = str(tmp_path / "event.sqlite")
    mm.open_event(db, result).close()
    assert main(["event", "noshow", "SS-084", "--db", db]) == 0
    capsys.readouterr()
    assert main(["event", "agenda", "JT-004", "--db", db]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = EVENT_DAY.split("`event noshow SS-084`:\n\n```text\n", 1)[1].split("```", 1)[0]
    first, marked = shown.splitlines()
    assert printed[0] == first
    assert marked in printed
