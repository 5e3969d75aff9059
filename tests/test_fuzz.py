"""Fuzzing ``matchmaker run``: a corpus of hostile files and generated ones.

Every case must end in exit 0 with a complete, correct pack, or exit 1-4 with problems
that each name a file, row, column, participant or field; never exit 5, never a
traceback, never a partial pack, never a changed input file or a lost user file.
Runs in well under a minute (the corpus, then a few dozen generated files).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaker.cli import main
from matchmaker.export.pack import MANIFEST

HOSTILE = Path(__file__).parent / "data" / "hostile"
EXPECTED: dict[str, int] = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))


def _tree(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(file: Path, out: Path, *extra: str) -> tuple[int, dict, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(
            ["--json", "run", str(file), "--date", "2025-09-29", "--out", str(out), "--no-plots", *extra]
        )
    return code, json.loads(stdout.getvalue()), stderr.getvalue()


def check_case(file: Path, out: Path, expected: int | None = None) -> int:
    """Run ``file`` into ``out`` and check every promise; returns the exit code."""
    given_bytes = file.read_bytes()
    before = _tree(out)
    code, data, err = _run(file, out)
    assert code in (0, 1, 2, 3, 4), (file.name, code, data)
    assert "Traceback" not in err
    assert file.read_bytes() == given_bytes  # the input is never changed
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert leftovers == []  # no temporary folder left beside the pack
    if expected is not None:
        assert code == expected, (file.name, data)
    if code == 0:
        assert data["ok"] is True
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
        present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MANIFEST}
        assert set(manifest) == present - (set(before) - set(manifest))  # the pack is whole
        for rel, digest in manifest.items():
            assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
        assert {"meetings.csv", "result.json", "matchmaker.xlsx", "report.html"} <= set(manifest)
        doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
        assert len(doc["meetings"]) == data["meetings"]
        for name, content in before.items():  # the user's files beside a pack stay
            if name not in manifest and name != MANIFEST:
                assert (out / name).read_bytes() == content
    else:
        assert data["ok"] is False
        assert data["message"]
        for p in data["problems"]:
            assert p["source"] or p["row"] or p["column"] or p["participants"] or p["field"], p
        assert _tree(out) == before  # nothing written, nothing lost
    return code


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(tmp_path: Path, name: str) -> None:
    pytest.importorskip("openpyxl")
    pytest.importorskip("icalendar")
    file = tmp_path / name
    shutil.copy(HOSTILE / name, file)
    check_case(file, tmp_path / "out", EXPECTED[name])


def test_a_rerun_over_an_earlier_pack_and_a_users_folder(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    pytest.importorskip("icalendar")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    shutil.copy(HOSTILE / "crlf_in_name.csv", good)
    shutil.copy(HOSTILE / "absurd_amount.csv", bad)
    out = tmp_path / "out"
    assert check_case(good, out, 0) == 0
    (out / "my-notes.txt").write_text("keep me", encoding="utf-8")
    assert check_case(bad, out, 1) == 1  # the earlier pack and the notes stay as they were
    assert check_case(good, out, 0) == 0  # the earlier pack replaced, the notes kept
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "keep me"
    users = tmp_path / "users"
    users.mkdir()
    (users / "meetings.csv").write_text("my own", encoding="utf-8")
    assert check_case(good, users, 1) == 1


HEADER = (
    "id",
    "name",
    "delegation",
    "province",
    "offers",
    "needs",
    "availability",
    "min_meetings",
    "must_meet",
    "do_not_meet",
)
_cells = {
    "id": st.sampled_from(["A1", "A2", "B1", "B2", "B3", "", " A1", "A;1", "🐟", "x" * 300]),
    "name": st.text(max_size=40),
    "delegation": st.sampled_from(["Jawa Timur", "Sumatera Selatan", "", "Bali"]),
    "province": st.sampled_from(["Jatim", "Sumsel", "Jatmi", "", "East Java"]),
    "offers": st.sampled_from(
        ["10631", "10631=5000000", "HS:1006", "10631=1e30", "99999", "", "10631=nan", "1063"]
    ),
    "needs": st.sampled_from(["10631", "HS:1006", "", "10631|5", "C"]),
    "availability": st.sampled_from(
        ["", "09:00-12:00", "18:00-20:00", "12:00-09:00", "junk", "2025-09-29 13:00-16:00"]
    ),
    "min_meetings": st.sampled_from(["", "0", "1", "2", "9", "-1", "1.5", "x"]),
    "must_meet": st.sampled_from(["", "A1", "B1", "A2; B2", "ZZ"]),
    "do_not_meet": st.sampled_from(["", "A1", "B1", "B2"]),
}


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A participant CSV as people make them: odd quoting, delimiters, line ends, encodings."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    columns = [c for c in HEADER if c in ("id", "name", "delegation", "province") or draw(st.booleans())]
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    people = [
        {"id": f"{side}{k}", "delegation": delegation, "province": province, "offers": "", "needs": ""}
        for side, delegation, province in (("A", "Jawa Timur", "Jatim"), ("B", "Sumatera Selatan", "Sumsel"))
        for k in range(1, 4)
    ]
    rows = []
    careless = draw(st.booleans())  # half the files are sound apart from their text and layout
    extra = draw(
        st.lists(st.sampled_from([*people[1:3], *people[4:]]), max_size=4, unique_by=lambda p: p["id"])
    )
    for person in [people[0], people[3], *extra]:
        row = []
        for c in columns:
            # mostly a sound value, sometimes a careless one
            sound = {
                "name": draw(st.text(min_size=1, max_size=30).filter(str.strip)),
                "offers": "10631=5000000" if person["id"].startswith("A") else "",
                "needs": "10631" if person["id"].startswith("B") else "",
            }.get(c, person.get(c, ""))
            value = draw(_cells[c]) if careless and draw(st.integers(0, 5)) == 0 else sound
            quote = any(ch in value for ch in (delimiter, '"', "\n", "\r")) or draw(st.booleans())
            row.append('"' + value.replace('"', '""') + '"' if quote else value)
        rows.append(delimiter.join(row))
    text = end.join([delimiter.join(columns), *rows]) + end
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])), errors="surrogatepass")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(csv_files())
def test_generated_files(tmp_path_factory: pytest.TempPathFactory, content: bytes) -> None:
    pytest.importorskip("openpyxl")
    pytest.importorskip("icalendar")
    root = tmp_path_factory.mktemp("fuzz")
    file = root / "people.csv"
    file.write_bytes(content)
    check_case(file, root / "out")
