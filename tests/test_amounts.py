"""The plausible-amount rule (model.lines.MAX_IDR) in the participant table and the outcome form."""

from __future__ import annotations

from pathlib import Path

import pytest

import matchmaker as mm
from matchmaker.errors import DataFileError, ValidationError
from matchmaker.model import Participant, TradeLine
from matchmaker.model.lines import MAX_IDR
from matchmaker.reporting.outcomes import read_outcomes

HEADER = "id,name,delegation,province,offers,needs\n"


def test_the_constant_is_one_kuadriliun() -> None:
    assert MAX_IDR == 1_000_000_000_000_000


@pytest.mark.parametrize("value", [0, 1, 2_500_000_000, MAX_IDR])
def test_plausible_values_pass(value: int) -> None:
    assert TradeLine("10631", value_idr=value).value_idr == value


@pytest.mark.parametrize("text", ["10631=1e30", "10631=1000000000000001", "10631=1.000.000.000.000.000.001"])
def test_an_absurd_value_names_file_row_and_column(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f"A1,PT A,X,Jatim,{text},\nB1,PT B,Y,Sumsel,,10631\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        mm.load_mission(path)
    (p,) = info.value.problems
    assert (p.source, p.row, p.column, p.kind) == (str(path), 2, "offers", "implausible-amount")
    assert "above the plausible maximum of Rp 1,000,000,000,000,000 (10^15)" in p.message


def test_a_participant_total_above_the_maximum_is_refused() -> None:
    half = MAX_IDR // 2 + 1
    with pytest.raises(ValidationError) as info:
        Participant("A1", "PT A", "X", "Jatim", offers=f"10631={half}; 10632={half}")
    assert info.value.problems[0].field == "offers"
    assert "add up to a total" in info.value.problems[0].message


def test_the_outcome_form_applies_the_same_rule(tmp_path: Path) -> None:
    mission = mm.east_java_south_sumatra_2020()
    result = mm.run(mission, baseline=False)
    pair = result.schedule.meetings[0]
    form = tmp_path / "form.csv"
    form.write_text(
        "meeting,a_id,b_id,seller,value_idr,commodity,mou,notes\n"
        f"M001,{pair.a},{pair.b},{pair.a},1e30,,,\n"
        f"M002,{pair.a},{pair.b},{pair.a},{MAX_IDR},,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        read_outcomes(form, mission)
    bad = [p for p in info.value.problems if p.kind == "implausible-amount"]
    assert [(p.row, p.column) for p in bad] == [(2, "value_idr")]
