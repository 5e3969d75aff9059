"""Certifications whose names hold a colon (``ISO 22000:2018``, ``SNI 7388:2009``).

``CODE:certification`` in ``required_certifications`` requires a certification for one need
line; a colon inside a certification's own name must not be read as that.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from matchmaker.cli import EXIT_INVALID, EXIT_OK, main
from matchmaker.errors import ValidationError
from matchmaker.io import read_participants
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.model.participant import split_requirement
from matchmaker.scoring import score

HEADER = "id,name,delegation,province,offers,needs,required_certifications,certifications\n"


def _mission(required: str, held: str) -> Mission:
    people = [
        Participant("S1", "PT S", "X", "Jatim", offers="10130", certifications=held),
        Participant("S2", "PT T", "X", "Jatim", offers="10130"),
        Participant("B1", "PT B", "Y", "Sumsel", needs="10130; 10631", required_certifications=required),
    ]
    return Mission("m", Delegation("X"), Delegation("Y"), people)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("halal", (None, "halal")),
        ("10631:halal", ("10631", "halal")),
        ("10631 : halal", ("10631", "halal")),
        ("kbli:10631:halal", ("kbli:10631", "halal")),
        ("hs:1701:halal", ("hs:1701", "halal")),
        ("iso 22000:2018", (None, "iso 22000:2018")),
        ("sni 7388:2009", (None, "sni 7388:2009")),
        ("halal:mui", (None, "halal:mui")),
        ("10631:iso 22000:2018", ("10631", "iso 22000:2018")),
        ("kbli:10631:iso 22000:2018", ("kbli:10631", "iso 22000:2018")),
        ("1o631:halal", ("1o631", "halal")),  # a slip of the code stays a line item, refused below
        (":halal", ("", "halal")),
        ("10631:", ("10631", "")),
        ("c:halal", ("c", "halal")),  # a KBLI kategori is one letter (tests/strategies.py writes them)
        ("kbli:C:halal", ("kbli:C", "halal")),
    ],
)
def test_an_item_is_split_at_the_last_colon_whose_left_part_can_name_a_need_line(
    item: str, expected: tuple[str | None, str]
) -> None:
    assert split_requirement(item) == expected


def test_a_certification_with_a_colon_is_required_of_every_seller() -> None:
    buyer = _mission("ISO 22000:2018", "iso 22000:2018").side("B")[0]
    assert buyer.requires == ("iso 22000:2018",)
    assert dict(buyer.line_requires) == {}


def test_a_line_may_require_a_certification_with_a_colon() -> None:
    buyer = _mission("10631:ISO 22000:2018", "").side("B")[0]
    assert buyer.requires == ()
    assert dict(buyer.line_requires) == {"KBLI:10631": ("iso 22000:2018",)}


def test_the_scores_forbid_the_seller_without_it_and_allow_the_one_with_it() -> None:
    s = score(_mission("ISO 22000:2018", "ISO 22000:2018"))
    assert s.forbidden.tolist() == [[False], [True]]
    assert s.total[0, 0] > 0
    # the same, written with another case and spacing on the held side
    assert np.array_equal(score(_mission("ISO 22000:2018", "iso  22000:2018")).forbidden, s.forbidden)


def test_a_line_item_whose_code_names_no_need_is_still_refused() -> None:
    with pytest.raises(ValidationError) as info:
        _mission("10632:halal", "halal")
    (problem,) = info.value.problems
    assert problem.kind == "unknown-line"
    assert "10632" in problem.message


def test_the_file_reader_and_validate_accept_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "a1,A,X,Jawa Timur,10130,,,ISO 22000:2018\n"
        + "b1,B,Y,Sumatera Selatan,,10130,ISO 22000:2018,\n"
        + "b2,C,Y,Sumatera Selatan,,10130; 10631,10631:SNI 7388:2009,\n",
        encoding="utf-8",
    )
    _, b1, b2 = read_participants(path)
    assert b1.requires == ("iso 22000:2018",)
    assert dict(b2.line_requires) == {"KBLI:10631": ("sni 7388:2009",)}
    assert main(["validate", str(path)]) == EXIT_OK
    assert "no problems" in capsys.readouterr().out


def test_a_slip_in_a_certification_with_a_colon_is_still_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "a1,A,X,Jawa Timur,10130,,,ISO 22000:2018\n"
        + "b1,B,Y,Sumatera Selatan,,10130,ISO-22000:2018,\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "row 3" in err
    assert "write 'iso 22000:2018' here if it is meant, else correct a1's certifications cell" in err


def test_a_seller_s_slip_that_no_one_else_writes_is_not_blamed_on_the_buyer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, a seller's ``halall`` (no one else holds ``halal``) made the buyer's ``halal``
    the error, with "did you mean 'halall'?": the misspelling, suggested to the buyer."""
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "A1,PT A,X,Jawa Timur,10130,,,halall\n"
        + "A2,PT C,X,Jawa Timur,10130,,,sni\n"
        + "B1,PT B,Y,Sumatera Selatan,,10130,halal,\n"
        + "B2,PT D,Y,Sumatera Selatan,,10130,10130:halal; sni,\n",
        encoding="utf-8",
    )
    assert main(["--json", "validate", str(path)]) == EXIT_INVALID
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["kind"], p["participants"], p["row"]) for p in problems] == [
        ("unknown-certification", ["B1", "A1"], 4),
        ("unknown-certification", ["B2", "A1"], 5),
    ]
    whole, line = problems
    assert whole["message"].endswith(
        "; only A1 holds 'halall', one slip from it, and no participant requires that"
    )
    assert whole["hint"] == (
        "one of the two is misspelt: write 'halall' here if it is meant, else correct A1's "
        "certifications cell to 'halal'; case does not matter"
    )
    assert line["message"].startswith("'10130:halal' requires 'halal' of the sellers of need line '10130'")
    assert "write '10130:halall' here if it is meant" in line["hint"]
    assert main(["--lang", "id", "validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "hanya A1 yang memiliki 'halall', yang berbeda satu salah ketik darinya" in err
    assert "perbaiki sel certifications milik A1 menjadi 'halal'" in err
    assert "maksud Anda" not in err  # not the one-sided suggestion


def test_a_slip_of_a_certification_several_hold_is_the_requirement_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Held by two, ``halal`` is as meant: the buyer's ``halall`` is the slip (as before)."""
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + "A1,PT A,X,Jawa Timur,10130,,,halal\n"
        + "A2,PT C,X,Jawa Timur,10130,,,halal\n"
        + "B1,PT B,Y,Sumatera Selatan,,10130,halall,\n",
        encoding="utf-8",
    )
    assert main(["--json", "validate", str(path)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["participants"] == ["B1"]
    assert problem["hint"].startswith("did you mean 'halal'?")


@pytest.mark.parametrize(
    ("required", "kind", "says"),
    [  # the code review's: each was taken silently, the buyer then losing every seller
        ("ISO 22000:", "unknown-line", "names no certification after the code"),
        ("kbli:", "unknown-line", "names no certification after the code"),
        ("1OO30:halal", "unknown-certification", "a colon names a need line only after its code"),
        ("Halal:MUI", "unknown-certification", "a colon names a need line only after its code"),
    ],
)
def test_a_requirement_with_a_colon_that_no_one_holds_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], required: str, kind: str, says: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER + "A1,PT A,X,Jawa Timur,10130,,,sni\n" + f"B1,PT B,Y,Sumatera Selatan,,10130,{required},\n",
        encoding="utf-8",
    )
    assert main(["--json", "validate", str(path)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["row"], problem["participants"]) == (kind, 3, ["B1"])
    assert says in problem["message"]
    assert main(["--lang", "id", "validate", str(path)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "baris 3" in err
    if kind == "unknown-certification":
        assert "titik dua hanya menandai baris kebutuhan sesudah kodenya" in err
        assert "tulis kodenya seperti di kolom needs" in err


@pytest.mark.parametrize(
    "rows",
    [
        "B1,PT B,Y,Sumatera Selatan,,10130,halal,halall\n",  # the requirer holds it itself
        "B1,PT B,Y,Sumatera Selatan,,10130,halal,\nB2,PT C,Y,Sumatera Selatan,,10130,,halall\n",  # own side
    ],
)
def test_a_held_once_slip_names_only_a_holder_who_could_be_the_partner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: str
) -> None:
    """The code review's: the requirer itself, or one of its own delegation, is no seller of
    its to correct (the message named "B1, B1"): the one-sided "did you mean" stays."""
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "A1,PT A,X,Jawa Timur,10130,,,sni\n" + rows, encoding="utf-8")
    assert main(["--json", "validate", str(path)]) == EXIT_INVALID
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["kind"], problem["participants"]) == ("unknown-certification", ["B1"])
    assert problem["hint"].startswith("did you mean 'halall'?")
    assert "only" not in problem["message"]
