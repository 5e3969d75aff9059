"""Certifications whose names hold a colon (``ISO 22000:2018``, ``SNI 7388:2009``).

``CODE:certification`` in ``required_certifications`` requires a certification for one need
line; a colon inside a certification's own name must not be read as that.
"""

from __future__ import annotations

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
    assert "did you mean 'iso 22000:2018'?" in err
