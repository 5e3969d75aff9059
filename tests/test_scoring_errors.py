"""Bad input gets a clear ValidationError naming what is wrong and where, before any work."""

from __future__ import annotations

import numpy as np
import pytest

from matchmaker.errors import ValidationError
from matchmaker.model import Delegation, Mission, Participant
from matchmaker.reference import RegionalTable
from matchmaker.scoring import CustomComponent, FitParams, Weights, score


@pytest.fixture
def small() -> Mission:
    people = [
        Participant("A1", "PT A", "East", "Jawa Timur", offers="10721"),
        Participant("A2", "PT A2", "East", "Jawa Timur", needs="10130"),
        Participant("B1", "PT B", "Host", "Sumatera Selatan", needs="10721"),
        Participant("B2", "PT B2", "Host", "Selangor", country="MY", offers="10130"),
        Participant("B3", "PT B3", "Host", "Atlantis", country="XX"),  # no lines: needs no region
    ]
    return Mission("m", Delegation("East"), Delegation("Host"), people)


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(p.kind, p.participants, p.field) for p in exc.value.problems]


@pytest.mark.parametrize(
    ("values", "kind", "where"),
    [
        (np.full((2, 3), np.nan), "not-finite", ("A1", "B1")),
        (np.array([[0.1, np.inf, 0.2], [0.0, 0.0, 0.0]]), "not-finite", ("A1", "B2")),
        (np.ones((3, 2)), "shape", ()),
        (np.ones(6), "shape", ()),
        (np.array([[0.5, 1.5, 0.0], [0.0, 0.0, -0.1]]), "out-of-range", ("A1", "B2")),
        (np.array([["a", "b", "c"], ["d", "e", "f"]]), "type", ()),
        (lambda m: np.zeros((2, 2)), "shape", ()),
    ],
)
def test_bad_custom_components(small: Mission, values, kind: str, where: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as exc:
        score(small, custom=[CustomComponent("bad", values, 0.5)], regional_table=_table(), sector_map=_map())
    assert problems(exc) == [(kind, where, "bad")]
    assert "custom component 'bad'" in str(exc.value)


def test_custom_component_names_must_be_new_and_unique(small: Mission) -> None:
    ok = np.zeros((2, 3))
    for name in ("fit", "", "total"):
        with pytest.raises(ValidationError, match="reserved"):
            score(small, custom=[CustomComponent(name, ok, 1.0)], weights={"fit": 1})
    with pytest.raises(ValidationError, match="used twice"):
        score(
            small, custom=[CustomComponent("x", ok, 1.0), CustomComponent("x", ok, 1.0)], weights={"fit": 1}
        )


@pytest.mark.parametrize(
    ("weights", "text"),
    [
        ({"fit": -1}, "negative"),
        ({"fit": float("nan")}, "finite number"),
        ({"fit": 0, "wishes": 0}, "every component has weight 0"),
        ({"fitt": 1}, "unknown component 'fitt'"),
        ({"fit": True}, "finite number"),
    ],
)
def test_bad_weights(small: Mission, weights: dict, text: str) -> None:
    with pytest.raises(ValidationError, match=text):
        score(small, weights)


def test_bad_weights_config() -> None:
    with pytest.raises(ValidationError, match="negative"):
        Weights(fit=-1)


def test_all_zero_counts_the_custom_weights(small: Mission) -> None:
    zero = Weights(fit=0, regional=0, scale=0, wishes=0)
    with pytest.raises(ValidationError, match="weight 0"):
        score(small, zero, custom=[CustomComponent("c", np.zeros((2, 3)), 0.0)])
    s = score(small, zero, custom=[CustomComponent("c", np.full((2, 3), 0.5), 1.0)])
    assert (s.total == 0.5).all()
    with pytest.raises(ValidationError, match="negative"):
        score(small, custom=[CustomComponent("c", np.zeros((2, 3)), -1.0)], weights={"fit": 1})


def test_bad_fit_parameters() -> None:
    with pytest.raises(ValidationError) as exc:
        FitParams(level_decay=0, unspecified_decay=1.5, link_factor=float("nan"))
    assert [p.field for p in exc.value.problems] == ["level_decay", "unspecified_decay", "link_factor"]


def _table() -> RegionalTable:
    return RegionalTable(["Jawa Timur", "Sumatera Selatan", "Selangor"], ["C"], [[1.0], [2.0], [3.0]])


def _map() -> dict[str, str]:
    return {"C": "C", "A": "C"}


def test_a_region_missing_from_the_table_names_the_participant(small: Mission) -> None:
    # the packaged GRDP table has no Malaysian state: B2 (foreign) is the neutral region
    # (issue 16: LQ 1 in every sector), not an error
    assert "abroad (neutral, LQ 1)" in str(score(small).explain("A2", "B2"))
    # a user table without East Java names both A participants
    table = RegionalTable(["Sumatera Selatan", "Selangor"], ["C"], [[2.0], [3.0]])
    with pytest.raises(ValidationError) as exc:
        score(small, regional_table=table, sector_map=_map())
    assert [p.participants for p in exc.value.problems] == [("A1",), ("A2",)]
    # with the component off, no region is needed
    assert score(small, {"fit": 1}).shape == (2, 3)
    assert score(small, regional_table=_table(), sector_map=_map()).shape == (2, 3)


def test_sectors_missing_from_the_table(small: Mission) -> None:
    table = RegionalTable(["Jawa Timur", "Sumatera Selatan", "Selangor"], ["goods"], [[1.0], [2.0], [3.0]])
    with pytest.raises(ValidationError) as exc:
        score(small, regional_table=table)
    assert exc.value.problems[0].kind == "unknown-sector"
    assert "sector_map" in exc.value.problems[0].hint
    with pytest.raises(ValidationError, match="must be a RegionalTable"):
        score(small, regional_table=[[1.0]])  # type: ignore[arg-type]


def test_unknown_year(small: Mission) -> None:
    with pytest.raises(ValidationError, match="no GRDP figures for 1999") as exc:
        score(small.replace(participants=small.participants[:3]), year=1999)
    assert "2013" in exc.value.problems[0].hint


def test_bad_met_before_and_options(small: Mission) -> None:
    with pytest.raises(ValidationError) as exc:
        score(
            small,
            {"fit": 1},
            met_before=[("A1", "A2"), ("A1", "nobody"), "A1B1"],
            met_before_mode="ban",
            met_before_penalty=2,
            workers=0,
        )
    kinds = {p.kind for p in exc.value.problems}
    assert kinds == {"invalid", "same-side", "unknown-participant", "syntax"}
    assert {p.field for p in exc.value.problems} >= {
        "met_before",
        "met_before_mode",
        "met_before_penalty",
        "workers",
    }


def test_everything_wrong_is_reported_at_once(small: Mission) -> None:
    with pytest.raises(ValidationError) as exc:
        score(
            small, {"fit": -1}, custom=[CustomComponent("c", np.ones((1, 1)), 1.0)], met_before=[("A1", "x")]
        )
    kinds = {p.kind for p in exc.value.problems}
    assert kinds == {"invalid-weight", "shape", "unknown-participant"}  # B2 (foreign): neutral region


def test_not_a_mission() -> None:
    with pytest.raises(ValidationError, match="needs a Mission"):
        score([])  # type: ignore[arg-type]
