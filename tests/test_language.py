"""One language per run: no English word in what a ``--lang id`` run shows, no Indonesian in ``--lang en``.

Checked as a person would meet them, on the real outputs of the bundled mission: the
demo's and a CLI run's console (standard output and standard error, progress included),
error and usage messages, every CSV (headers and cells), the workbook (sheet names and
cells), the report and the printable agendas (the text a browser shows), the WhatsApp
messages, ``contacts.csv``, the calendars' SUMMARY and DESCRIPTION, and the outcome
summary.  The participants' own words (names, cities, contacts) and the commodity and
sector names are taken out first: HS titles exist in English only and KBLI titles in
Indonesian only (see :mod:`matchmaker.reporting.commodities`), so each word list is
checked to share no word with the titles the other language may show.
"""

from __future__ import annotations

import csv
import html.parser
import re
import sys
from pathlib import Path

import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main
from matchmaker.datasets import bundled_mission_path, east_java_south_sumatra_2020
from matchmaker.reference.classification import hs, kbli
from matchmaker.reporting.commodities import commodity_name, sector_name, sector_of

pytestmark = pytest.mark.slow

#: Words of the interface that must not reach an Indonesian reader (none is in an HS title).
ENGLISH = (
    "meeting", "meetings", "placed", "unplaced", "slot", "slots", "score", "scores", "partner",
    "partners", "participant", "participants", "offers", "needs", "seller", "buyer", "reason",
    "why", "phone", "report", "coverage", "evenness", "agendas", "error", "warning", "hint",
    "unknown", "delegation", "summary", "wish", "wishes", "you", "your", "asked", "matching",
    "schedule", "idle", "gaps", "sold", "bought", "commodity", "sector", "page", "gini",
)  # fmt: skip
#: Solver names: only in the report's technical appendix (and the workbook's technical rows).
SOLVERS = ("greedy", "milp", "ortools", "highs", "simplemincostflow", "könig", "lapx", "hungarian")
#: Words of the interface that must not reach an English reader (none is in a KBLI title).
INDONESIAN = (
    "peserta", "sesi", "mitra", "skor", "alasan", "pembeli", "menawarkan", "membutuhkan",
    "terjadwal", "jadwal", "berkas", "kontak", "catatan", "pemerataan", "sisi", "keinginan",
    "ditulis", "cakupan", "rekapitulasi", "ringkasan", "tanggal", "delegasi", "peringatan",
    "kesalahan", "petunjuk", "sebanyak", "diminta", "pencocokan", "agenda peserta",
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
        line.split(":", 1)[1] for line in unfolded.splitlines() if line.startswith(("SUMMARY", "DESCRIPTION"))
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
                sample = handle.read(4096)
                handle.seek(0)
                rows = list(
                    csv.reader(handle, delimiter=";" if sample.count(";") > sample.count(",") else ",")
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
    for p in mission:
        own |= {p.name, p.city or "", p.contact or "", p.email or "", p.province, p.delegation}
        for line in (*p.offers, *p.needs):
            own |= {commodity_name(line, lang), sector_name(sector_of(line), lang)}
    return sorted((w for w in own if w), key=len, reverse=True)


def _clean(text: str, own: list[str], *, quoted: bool = False) -> str:
    """``text`` without ``own`` words, e-mail addresses, paths and file names (and quoted values)."""
    for word in own:
        text = text.replace(word, " ")
    text = re.sub(r"\S+@\S+|\S*/\S*|\S+\.(?:html|csv|json|xlsx|ics|txt|toml)\b", " ", text)
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
            own = _own_words(lang)
            found[lang] = {k: _clean(v, own, quoted=k == "error") for k, v in texts.items()}
    finally:
        capture.undo()
    return found


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
