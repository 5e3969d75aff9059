"""One language per run: no English word in what a ``--lang id`` run shows, no Indonesian in ``--lang en``.

Checked as a person would meet them, on the real outputs of the bundled mission: the
demo's and a CLI run's console (standard output and standard error, progress included),
the ``--help`` of every command (``matchmaker event ...`` too), the event-day commands'
lines and every file of ``event replan --out`` (its CSVs, the reasons, the calendars), the
group path's console and its whole pack, error and usage messages, every CSV (headers and cells,
an unplaced meeting's reason too), the workbook (sheet names and cells), the report and
the printable agendas (the text a browser shows), the WhatsApp
messages, ``contacts.csv``, the calendars' SUMMARY and DESCRIPTION, and the outcome
summary.  The participants' own words (names, cities, contacts) and the commodity and
sector names are taken out first: HS titles exist in English only and KBLI titles in
Indonesian only (see :mod:`matchmaker.reporting.commodities`), so each word list is
checked to share no word with the titles the other language may show.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import html
import html.parser
import io
import json
import re
import sys
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, _parser, main
from matchmaker.datasets import bundled_mission_path, east_java_south_sumatra_2020, synthetic_group_mission
from matchmaker.export import export_all
from matchmaker.io.csv_format import write_csv
from matchmaker.model.participant import Participant
from matchmaker.pipeline import run
from matchmaker.reference.classification import hs, kbli
from matchmaker.reporting.cli_help import HELP_ID
from matchmaker.reporting.commodities import commodity_name, sector_name, sector_of
from matchmaker.reporting.problems import reason_text
from matchmaker.scheduling import EventPlan, schedule

pytestmark = pytest.mark.slow

#: Words of the interface that must not reach an Indonesian reader (none is in an HS title).
ENGLISH = (
    "meeting", "meetings", "placed", "unplaced", "slot", "slots", "score", "scores", "partner",
    "partners", "participant", "participants", "offers", "needs", "seller", "buyer", "reason",
    "why", "phone", "report", "coverage", "evenness", "agendas", "error", "warning", "hint",
    "unknown", "delegation", "summary", "wish", "wishes", "you", "your", "asked", "matching",
    "schedule", "idle", "gaps", "sold", "bought", "commodity", "sector", "page", "gini",
    "cancelled", "moved", "arrives", "away", "replaces", "walked", "fills", "kept", "start", "text",
    "group", "mode", "timezone", "overview", "onsite", "online", "rebooked", "re-booked",
)  # fmt: skip
#: argparse's own words and English function words: an untranslated help line has some.
HELP_ENGLISH = (
    "usage", "options", "positional", "arguments", "show", "help", "message", "exit", "default",
    "the", "and", "of", "to", "or", "for", "with", "file", "time",
)  # fmt: skip
#: Solver names: only in the report's technical appendix (and the workbook's technical rows).
SOLVERS = ("greedy", "milp", "ortools", "highs", "simplemincostflow", "könig", "lapx", "hungarian")
#: Words of the interface that must not reach an English reader (none is in a KBLI title).
INDONESIAN = (
    "peserta", "sesi", "mitra", "skor", "alasan", "pembeli", "menawarkan", "membutuhkan",
    "terjadwal", "jadwal", "berkas", "kontak", "catatan", "pemerataan", "sisi", "keinginan",
    "ditulis", "cakupan", "rekapitulasi", "ringkasan", "tanggal", "delegasi", "peringatan",
    "kesalahan", "petunjuk", "sebanyak", "diminta", "pencocokan", "agenda peserta",
    "dibatalkan", "dipindah", "ditambah", "datang", "perubahan", "nama", "teks", "luring", "moda",
    "tautan", "ikhtisar", "butir", "berhalangan", "menggantikan", "mengisi", "mulai", "pukul", "hadir",
    "dijadwalkan", "jenis_pindah",
)  # fmt: skip


def _words_in(words: tuple[str, ...], text: str) -> list[str]:
    low = text.casefold()
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", low)]


def test_the_word_lists_do_not_clash_with_the_reference_titles() -> None:
    assert _words_in(ENGLISH + SOLVERS, " ".join(hs().titles.values())) == []
    assert _words_in(INDONESIAN, " ".join(kbli().titles.values())) == []


class _Text(html.parser.HTMLParser):
    """The text a browser shows (no script, no style)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


def _calendar_text(path: Path) -> str:
    unfolded = path.read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")
    keep = [
        line.split(":", 1)[1]
        for line in unfolded.splitlines()
        if line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION"))
    ]
    return "\n".join(keep).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")


def _workbook_text(path: Path) -> tuple[str, str]:
    """(everything but the overview's technical rows, those rows): sheet names and string cells."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    text, methods = [], []
    for sheet in book.worksheets:
        text.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells = [str(v) for v in row if isinstance(v, str)]
            technical = bool(cells) and cells[0].startswith(("Lampiran teknis:", "Technical appendix:"))
            (methods if technical else text).extend(cells)
    return "\n".join(text), "\n".join(methods)


def _pack_texts(out: Path) -> dict[str, str]:
    """What a person reads in a result pack, by file (the report split at its technical appendix)."""
    texts: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = handle.readline()  # the header tells the dialect (texts hold commas)
                handle.seek(0)
                rows = list(
                    csv.reader(handle, delimiter=";" if header.count(";") > header.count(",") else ",")
                )
            # the grid's cells are ids and the agendas' times are ISO dates; headers and words count
            texts[rel] = "\n".join(" | ".join(row) for row in rows)
        elif path.suffix == ".txt":
            texts[rel] = path.read_text(encoding="utf-8")
        elif path.suffix == ".ics":
            texts[rel] = _calendar_text(path)
        elif path.suffix == ".html":
            text = _html_text(path)
            cut = max(text.rfind("Lampiran teknis"), text.rfind("Technical appendix"))
            texts[rel] = text if cut < 0 else text[:cut]
            texts[rel + "#appendix"] = "" if cut < 0 else text[cut:]
        elif path.suffix == ".xlsx":
            texts[rel], texts[rel + "#methods"] = _workbook_text(path)
    return texts


def _own_words(lang: str) -> list[str]:
    """Text that is the participants' or the reference data's, longest first: taken out before checking."""
    mission = east_java_south_sumatra_2020()
    own = {mission.name, mission.venue or "", mission.side_a.name, mission.side_b.name}
    for p in (*mission, *_group_people()):
        own |= {p.name, p.city or "", p.contact or "", p.email or "", p.province, p.delegation}
        for line in (*p.offers, *p.needs):
            own |= {commodity_name(line, lang), sector_name(sector_of(line), lang)}
    return sorted((w for w in own if w), key=len, reverse=True)


def _clean(text: str, own: list[str], *, quoted: bool = False) -> str:
    """``text`` without ``own`` words, e-mail addresses, paths and file names (and quoted values)."""
    for word in own:
        text = text.replace(word, " ")
    text = re.sub(r"\S+@\S+|\S*/\S*|\S+\.(?:html|csv|json|xlsx|ics|txt|toml|pdf)\b", " ", text)
    return re.sub(r"'[^']*'", " ", text) if quoted else text  # an error quotes the user's own cells


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Everything the bundled mission shows a person, in each language."""
    capture = pytest.MonkeyPatch()
    found: dict[str, dict[str, str]] = {}
    base = tmp_path_factory.mktemp("language")
    form = Path(__file__).parents[1] / "src" / "matchmaker" / "templates" / "hasil_misi_2020.csv"
    bad = base / "bad.csv"
    bad.write_text(
        "id,name,delegation,province,offers,availability,min_meetings,max_meetings\n"
        "A1,PT A,Jawa Timur,Jawa Tmur,10631=abc,25:00-26:00,9,2\nB1,PT B,Sumatera Selatan,Sumsel,,,,\n",
        encoding="utf-8",
    )
    try:
        for lang in ("id", "en"):
            texts: dict[str, str] = {}
            streams = _Streams(capture)
            demo, run = base / f"demo-{lang}", base / f"run-{lang}"
            assert main(["demo", "--out", str(demo), "--no-plots", "--lang", lang]) == EXIT_OK
            texts["demo console"] = streams.take()
            args = ["run", str(bundled_mission_path()), "--date", "2020-12-02", "--out", str(run)]
            assert main([*args, "--no-plots", "--lang", lang]) == EXIT_OK
            texts["run console"] = streams.take()
            assert main(["validate", str(bad), "--lang", lang]) == EXIT_INVALID
            texts["error"] = streams.take()
            with pytest.raises(SystemExit) as usage:
                main(["run", str(bad), "--top-k", "0", "--lang", lang])
            assert usage.value.code == EXIT_USAGE
            texts["usage error"] = streams.take()
            page = base / f"outcomes-{lang}.html"
            outcome = ["outcomes", str(form), "--mission", str(bundled_mission_path()), "--html", str(page)]
            assert main([*outcome, "--result", str(run / "result.json"), "--lang", lang]) == EXIT_OK
            texts["outcomes console"] = streams.take()
            texts["outcomes page"] = _html_text(page)
            texts |= {f"demo/{k}": v for k, v in _pack_texts(demo).items()}
            texts |= {f"run/{k}": v for k, v in _pack_texts(run).items()}
            texts["event console"] = _event_day(run / "result.json", base / f"event-{lang}", lang, streams)
            texts |= {f"event/{k}": v for k, v in _pack_texts(base / f"event-{lang}" / "updates").items()}
            texts["groups console"] = _group_path(base / f"groups-{lang}", lang, streams)
            texts |= {f"groups/{k}": v for k, v in _pack_texts(base / f"groups-{lang}" / "out").items()}
            page = (base / f"groups-{lang}" / "out" / "report.html").read_text(encoding="utf-8")
            summary = page.split("<table class='figures'>", 1)[1].split("</table>", 1)[0]
            texts["groups report summary"] = html.unescape(re.sub(r"<[^>]+>", " ", summary))
            texts |= {f"unplaced/{k}": v for k, v in _unplaced_pack(base / f"unplaced-{lang}", lang).items()}
            own = _own_words(lang)
            found[lang] = {k: _clean(v, own, quoted=k == "error") for k, v in texts.items()}
    finally:
        capture.undo()
    return found


def _event_day(result: Path, folder: Path, lang: str, streams: _Streams) -> str:
    """What ``matchmaker event ...`` prints through the day: init, changes, a re-plan (its files
    in ``updates/``), the status, and an error (re-planning into a folder that exists).

    Only ``init`` and the first change are given ``--lang``: the others speak the language
    the event was set up in."""
    folder.mkdir()
    db = ["--db", str(folder / "event.sqlite")]
    assert main(["event", "init", str(result), *db, "--lang", lang]) == EXIT_OK
    assert main(["event", "noshow", "JT-003", "--at", "09:00", *db, "--lang", lang]) == EXIT_OK
    assert main(["event", "agenda", "JT-003", *db]) == EXIT_OK  # its meetings marked, until a re-plan
    assert main(["event", "late", "SS-002", "--until", "11:00", *db]) == EXIT_OK
    assert main(["event", "unavailable", "SS-005", "--window", "13:00-14:00", *db]) == EXIT_OK
    assert main(["event", "replan", "--now", "09:30", "--out", str(folder / "updates"), *db]) == EXIT_OK
    assert main(["event", "status", "--now", "09:30", *db]) == EXIT_OK
    assert main(["event", "replan", "--now", "09:30", "--out", str(folder / "updates"), *db]) == EXIT_INVALID
    return streams.take()


def _group_path(folder: Path, lang: str, streams: _Streams) -> str:
    """The group path's console: validate and run a table of four delegations with a team,
    an online participant and a group meeting."""
    folder.mkdir()
    table = folder / "groups.csv"
    write_csv(_group_people(), table)
    assert main(["validate", str(table), "--lang", lang]) == EXIT_OK
    assert (
        main(["run", str(table), "--date", "2025-09-29", "--out", str(folder / "out"), "--lang", lang]) == 0
    )
    text = streams.take()
    assert "×" in text
    assert "…" in text
    return text


def _group_people() -> list[Participant]:
    """Four delegations, with a team, an online participant and a group meeting."""
    m = synthetic_group_mission(
        {"Jawa Timur": 12, "Sumatera Selatan": 14, "Kalimantan Barat": 10}, foreign_buyers=4, seed=7
    )
    people = list(m.participants)
    extras = {0: {"group_meeting": "SS-001; SS-002; KB-003"}, 1: {"team_size": "2"}, -1: {"mode": "online"}}
    for k, extra in extras.items():
        people[k] = people[k].replace(extra={**dict(people[k].extra), **extra})
    return people


def _unplaced_pack(folder: Path, lang: str) -> dict[str, str]:
    """A pack with meetings left unplaced (three slots for the bundled mission): their reasons."""
    result = _tight_result()
    export_all(result, folder, lang=lang, formats=["csv", "xlsx", "html"], plots=False)
    return _pack_texts(folder)


def _tight_result() -> object:
    result = run(east_java_south_sumatra_2020())
    tight = schedule(
        result.matching, EventPlan(start="09:00", slots_per_day=3, hosts="A"), mission=result.mission
    )
    assert tight.unplaced
    return dataclasses.replace(result, schedule=tight)


class _Streams:
    """Standard output and error of ``main``, with standard error taken for a terminal (progress)."""

    def __init__(self, capture: pytest.MonkeyPatch) -> None:
        import io

        self.out, self.err = io.StringIO(), io.StringIO()
        self.err.isatty = lambda: True  # type: ignore[method-assign]
        capture.setattr(sys, "stdout", self.out)
        capture.setattr(sys, "stderr", self.err)

    def take(self) -> str:
        text = self.out.getvalue() + "\n" + self.err.getvalue()
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        return text


def test_every_kind_of_output_is_checked(outputs: dict[str, dict[str, str]]) -> None:
    for lang in ("id", "en"):
        names = set(outputs[lang])
        for part in ("report.html", "agendas.html", "contacts.csv", "meetings.csv", "matchmaker.xlsx"):
            assert f"demo/{part}" in names
        assert any(n.startswith("demo/messages/") for n in names)
        assert any(n.startswith("demo/ics/") for n in names)
        assert "…" in outputs[lang]["run console"]  # progress lines on standard error
        for part in ("changes.csv", "desk.csv", "messages.csv"):
            assert outputs[lang][f"event/{part}"].strip()
        assert any(n.startswith("event/ics/") for n in names)
        for part in ("meetings.csv", "agendas.csv", "matchmaker.xlsx", "report.html"):
            assert outputs[lang][f"groups/{part}"].strip()
        assert any(n.startswith("groups/ics/") for n in names)
        # the table is read, and routed, once
        assert outputs[lang]["run console"].count("membaca" if lang == "id" else "reading") == 1
        assert outputs[lang]["groups console"].count("membaca" if lang == "id" else "reading") == 2
        assert all(outputs[lang][k].strip() for k in ("error", "usage error", "outcomes console"))


def test_no_english_in_an_indonesian_run(outputs: dict[str, dict[str, str]]) -> None:
    leaks = {where: words for where, text in outputs["id"].items() if (words := _words_in(ENGLISH, text))}
    assert leaks == {}
    technical = ("#appendix", "#methods")
    named = {
        where: words
        for where, text in outputs["id"].items()
        if not where.endswith(technical) and (words := _words_in(SOLVERS, text))
    }
    assert named == {}  # solver names only in the technical appendix


def test_no_indonesian_in_an_english_run(outputs: dict[str, dict[str, str]]) -> None:
    leaks = {where: words for where, text in outputs["en"].items() if (words := _words_in(INDONESIAN, text))}
    assert leaks == {}


def test_the_checks_catch_a_leak(outputs: dict[str, dict[str, str]]) -> None:
    """The oracle fails on what it is meant to catch (a hard-coded English line, and the reverse)."""
    assert _words_in(ENGLISH, outputs["id"]["demo console"] + "\n3 meetings placed") == ["meetings", "placed"]
    assert _words_in(INDONESIAN, outputs["en"]["demo console"] + "\nTotal 3 pertemuan, sisi A") == ["sisi"]
    assert _words_in(ENGLISH, outputs["id"]["event console"] + "\nnext slot: 3") == ["slot"]
    assert _words_in(ENGLISH, outputs["id"]["groups console"] + "\n  A × B: 2 meetings") == ["meetings"]
    # a reason, a header or a cell of the re-plan's or the group pack's files left in English
    changes = outputs["id"]["event/changes.csv"]
    assert _words_in(ENGLISH, changes + "\ndibatalkan | JT-003 | SS-080 | SS-002 arrives at 11:00") == [
        "arrives"
    ]
    assert _words_in(ENGLISH, changes.replace("alasan", "reason")) == ["reason"]
    planted = outputs["id"]["event/ics/JT-003.cancel.ics"] + "\nJT-003 and SS-080 cancelled it"
    assert _words_in(ENGLISH, planted) == ["cancelled"]
    assert _words_in(
        ENGLISH, outputs["id"]["groups/meetings.csv"].replace("jenis", "kind", 1) + " group"
    ) == ["group"]
    assert _words_in(INDONESIAN, outputs["en"]["event/desk.csv"] + "\nsesi | mulai | meja") == [
        "sesi",
        "mulai",
    ]
    assert _words_in(INDONESIAN, outputs["en"]["groups/report.html"] + "\nmitra: JT-001") == ["mitra"]
    help_id = _help_texts("id")
    planted = help_id["matchmaker event noshow"] + "\n  -h, --help  show this help message and exit"
    assert _words_in(HELP_ENGLISH, planted) == ["show", "help", "message", "exit", "and"]
    assert _words_in(HELP_ENGLISH, help_id["matchmaker"].replace("cara pakai:", "usage:")) == ["usage"]


def test_the_event_day_and_the_group_path_speak_the_language(outputs: dict[str, dict[str, str]]) -> None:
    """(The leak checks above cover them; here, that they say what they should.)"""
    event_id, event_en = outputs["id"]["event console"], outputs["en"]["event console"]
    assert "siap untuk hari acara" in event_id
    assert "tercatat: catatan tidak hadir JT-003" in event_id
    assert "hadir: 0" in event_id
    assert "ready for the event day" in event_en
    assert "recorded: " in event_en
    assert "here: 0" in event_en
    assert "penjadwalan ulang pukul 09.30" in event_id
    assert "re-plan at 09:30" in event_en
    assert "(tidak dapat berlangsung: JT-003 tidak hadir)" in event_id
    assert "(cannot take place: JT-003 did not show up)" in event_en
    assert "folder pemberitahuan" in event_id  # the error too
    # the re-plan's files: Indonesian headers, kinds and reasons; English ones under en
    changes_id, changes_en = outputs["id"]["event/changes.csv"], outputs["en"]["event/changes.csv"]
    assert changes_id.startswith("perubahan | id_a | id_b | mulai_lama")
    assert "JT-003 tidak hadir" in changes_id
    assert "SS-002 baru datang pukul 11.00" in changes_id
    assert changes_en.startswith("change | a_id | b_id | old_start")
    assert "JT-003 did not show up" in changes_en
    assert "SS-002 arrives at 11:00" in changes_en
    assert outputs["id"]["event/messages.csv"].startswith("peserta | nama | teks")
    assert "dibatalkan" in outputs["id"]["event/messages.csv"]
    assert "cancelled" in outputs["en"]["event/messages.csv"]
    assert "JT-003 tidak hadir" in outputs["id"]["event/ics/JT-003.cancel.ics"]
    assert outputs["id"]["groups/meetings.csv"].startswith("sesi | mulai | selesai | meja | id_1 | nama_1")
    assert outputs["en"]["groups/meetings.csv"].startswith("slot | start | end | table | id_1 | name_1")
    groups_id, groups_en = outputs["id"]["groups console"], outputs["en"]["groups console"]
    assert "tidak ada masalah; 40 peserta dalam 4 delegasi" in groups_id
    assert "valid, 40 participants in 4 delegations" in groups_en
    assert re.search(r"\d+ dari \d+ pertemuan terjadwal", groups_id)
    assert re.search(r"\d+ of \d+ meetings placed", groups_en)
    # the group report's summary says the console's figures in plain words (no method names)
    for lang, console, said in (
        ("id", groups_id, r"(\d+) dari (\d+) pertemuan yang dipilih terjadwal"),
        ("en", groups_en, r"(\d+) of the (\d+) meetings chosen are placed"),
    ):
        found = re.search(said, outputs[lang]["groups report summary"])
        assert found is not None
        placed = rf"\b{found[1]} (?:dari|of) {found[2]} (?:pertemuan|meetings)"
        assert re.search(placed, console)
        assert not re.search(r"first-fit|bmatching|method|metode", outputs[lang]["groups report summary"])


def _capture_help(argv: list[str], env: dict[str, str] | None = None) -> str:
    capture = pytest.MonkeyPatch()
    out = io.StringIO()
    try:
        capture.setattr(sys, "stdout", out)
        capture.delenv("MATCHMAKER_LANG", raising=False)
        for key, value in (env or {}).items():
            capture.setenv(key, value)
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
    finally:
        capture.undo()
    return out.getvalue()


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the parser: (), ("run",), ("event",), ("event", "init"), ..."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


def _help_texts(lang: str) -> dict[str, str]:
    return {
        " ".join(("matchmaker", *path)): _capture_help(["--lang", lang, *path, "--help"])
        for path in _commands(_parser())
    }


def test_every_help_string_has_its_indonesian_line() -> None:
    """A new option or command whose help has no entry in reporting/cli_help.py fails here."""
    missing = set()
    parsers = [_parser()]
    while parsers:
        parser = parsers.pop()
        texts = [parser.description, parser.epilog]
        for action in parser._actions:
            texts.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts += [choice.help for choice in action._choices_actions]
                parsers += list(action.choices.values())
        missing |= {t for t in texts if t and t is not argparse.SUPPRESS and t not in HELP_ID}
    assert missing == set()


def test_help_is_indonesian_under_id_for_every_command() -> None:
    """``matchmaker --lang id [COMMAND ...] --help``: no English sentence, none of argparse's words."""
    help_id, help_en = _help_texts("id"), _help_texts("en")
    assert len(help_id) >= 15
    assert "matchmaker event replan" in help_id
    own = [
        "matchmaker.groups",
        "matchmaker.scoring.DEFAULT_MIN_SCORE",
        "`matchmaker run`",
        "$MATCHMAKER_LANG",
    ]
    commands = [" ".join(("matchmaker", *path)) for path in _commands(_parser())]
    own += sorted(commands, key=len, reverse=True)  # the usage line names the command

    def shown(text: str) -> str:  # without the command names in the list of commands
        return re.sub(r"(?m)^    [a-z]+(?=\s)", " ", _clean(text, own))

    leaks = {
        where: words
        for where, text in help_id.items()
        if (words := _words_in(ENGLISH + HELP_ENGLISH, shown(text)))
    }
    assert leaks == {}
    assert all(text.startswith("cara pakai: matchmaker") for text in help_id.values())
    assert "pilihan:" in help_id["matchmaker run"]
    assert "argumen:" in help_id["matchmaker run"]
    assert all(text.startswith("usage: matchmaker") and "options:" in text for text in help_en.values())
    leaks = {where: words for where, text in help_en.items() if (words := _words_in(INDONESIAN, text))}
    assert leaks == {}


def test_help_follows_the_config_and_matchmaker_lang(tmp_path: Path) -> None:
    """The language is chosen as for the rest of the run: --lang, else the config's, else MATCHMAKER_LANG."""
    config = tmp_path / "run.json"
    config.write_text(json.dumps({"export": {"lang": "id"}}), encoding="utf-8")
    indonesian = _capture_help(["--lang", "id", "event", "--help"])
    assert _capture_help(["event", "--help"], {"MATCHMAKER_LANG": "id"}) == indonesian
    assert _capture_help(["event", "--help"], {"MATCHMAKER_LANG": "id_ID.UTF-8"}) == indonesian
    run_id = _capture_help(["--lang", "id", "run", "--help"])
    assert _capture_help(["run", "--config", str(config), "--help"]) == run_id
    english = _capture_help(["event", "--help"])
    assert english.startswith("usage:")
    assert english != indonesian
    assert _capture_help(["--lang", "en", "event", "--help"], {"MATCHMAKER_LANG": "id"}) == english


def test_a_wrong_matchmaker_lang_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MATCHMAKER_LANG", "fr")
    assert main(["validate", str(bundled_mission_path())]) == EXIT_USAGE
    assert "MATCHMAKER_LANG='fr'" in capsys.readouterr().err


@pytest.mark.parametrize("written", ["ID", "id_ID", "id-ID.UTF-8", "Id"])
def test_lang_is_read_as_matchmaker_lang_is(written: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Before, ``--lang ID`` was refused ("invalid choice") where ``MATCHMAKER_LANG=id_ID`` was read."""
    assert main(["validate", "--lang", written, str(bundled_mission_path())]) == EXIT_OK
    assert "tidak ada masalah" in capsys.readouterr().out
    assert _capture_help(["--lang", written, "run", "--help"]) == _capture_help(
        ["--lang", "id", "run", "--help"]
    )


def test_an_unknown_lang_is_still_refused_naming_what_was_typed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["validate", "--lang", "fr-FR", str(bundled_mission_path())])
    assert done.value.code == EXIT_USAGE
    assert "argument --lang: invalid choice: 'fr-FR' (choose from 'en', 'id')" in capsys.readouterr().err


def test_a_configs_lang_is_read_as_lang_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The code review's: ``--lang id_ID`` worked, ``lang = "id_ID"`` in the config was refused."""
    config = tmp_path / "run.toml"
    config.write_text('[export]\nlang = "id_ID"\n', encoding="utf-8")
    assert main(["validate", "--config", str(config), str(bundled_mission_path())]) == EXIT_OK
    assert "tidak ada masalah" in capsys.readouterr().out
    config.write_text('[export]\nlang = "fr"\n', encoding="utf-8")
    assert main(["validate", "--config", str(config), str(bundled_mission_path())]) == EXIT_INVALID
    assert "[export] lang = 'fr': must be one of 'en', 'id'" in capsys.readouterr().err


def test_unplaced_reasons_are_in_the_packs_language(tmp_path: Path) -> None:
    """meetings.csv and the workbook give an unplaced meeting's reason as the report does."""
    import openpyxl

    result = _tight_result()
    for lang in ("id", "en"):
        out = tmp_path / lang
        export_all(result, out, lang=lang, formats=["csv", "xlsx"], plots=False)
        delimiter = ";" if lang == "id" else ","
        with (out / "meetings.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=delimiter))
        expected = sorted(reason_text(u.reason, lang) for u in result.schedule.unplaced)  # type: ignore[attr-defined]
        assert sorted(r[-1] for r in rows[1:] if r[-1]) == expected
        sheet = openpyxl.load_workbook(out / "matchmaker.xlsx").worksheets[2]
        assert sorted(r[-1] for r in sheet.iter_rows(min_row=2, values_only=True) if r[-1]) == expected
    messages = {u.reason.message for u in result.schedule.unplaced}  # type: ignore[attr-defined]
    assert not messages & {reason_text(u.reason, "id") for u in result.schedule.unplaced}  # type: ignore[attr-defined]


#: A time of day as a person reads it (not inside an ISO date-time, 2020-12-02T09:00, nor a
#: longer number): 09:00 or 09.00, alone, with its date, or in a window (13:00-14:00).
_CLOCK = re.compile(r"(?<![\w.:,])(?:[01]\d|2[0-3])[:.][0-5]\d(?![\w:]|[.,]\d)")
#: A cell of a table that is a time and nothing else (a date, a window): data, which programs
#: read, kept as 09:00 in every language (the CSV columns and the workbook's cells).
_TIME_CELL = re.compile(
    r"(?:\d{4}-\d{2}-\d{2}[ T])?\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:\d{2})?(?:-\d{2}:\d{2})?"
)


def _read_times(where: str, text: str) -> list[str]:
    """The times a person reads in ``text``: not what a text gives to type (a command's
    times, 09:10; an example of a cell to write, "tulis misalnya 09:00-12:00"), nor a
    table's cells that are a time alone (data)."""
    from matchmaker.live.cli import _COMMAND

    text = re.sub(r"tulis misalnya [^)\n]*", " ", _COMMAND.sub(" ", text))
    if where.endswith((".csv", ".xlsx", "#methods")):  # cells: " | "-joined, a row a line
        text = "\n".join(c for c in re.split(r" \| |\n", text) if not _TIME_CELL.fullmatch(c.strip()))
    return _CLOCK.findall(text)


def test_indonesian_times_are_written_one_way(outputs: dict[str, dict[str, str]]) -> None:
    """Indonesian writes a time 09.00 (KBBI, PUEBI): the pack wrote 09:00 in its messages and
    printable agendas, the event day 09.00.  Every time a person reads in Indonesian — the
    pack's messages, agendas, report and calendars, the event day's messages, reasons and
    console, the group path's, the demo's — is 09.00; the data stays 09:00 (a CSV or
    workbook cell that is a time, ISO date-times), and so do the commands a text gives."""
    colons = {
        where: sorted(set(found))
        for where, text in outputs["id"].items()
        if (found := [t for t in _read_times(where, text) if ":" in t])
    }
    assert colons == {}
    dotted = {where for where, text in outputs["id"].items() if _read_times(where, text)}
    for where in (
        "run/messages/JT-001.txt",
        "run/agendas.html",
        "event/messages.csv",
        "event/changes.csv",
        "event console",
        "demo console",
        "groups/agendas.html",
    ):
        assert where in dotted, where  # the check is not empty: each of these gives times
    # and English keeps 09:00 everywhere
    assert not any("." in t for text in outputs["en"].values() for t in _CLOCK.findall(text) if ":" not in t)
