"""Hypothesis strategies that build whole, valid games: missions, score matrices, meeting lists."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from matchmaker.model import Delegation, Mission, Participant, TradeLine

#: A small set of codes with shared parents, so that hierarchical fit has something to find.
KBLI_CODES = (
    "10130",
    "10510",
    "10631",
    "10721",
    "10722",
    "107",
    "10",
    "01134",
    "01270",
    "05100",
    "22123",
    "17011",
    "C",
    "A",
    "46311",
)
HS_CODES = ("0207", "0401", "1006", "1701", "170199", "0901", "2701", "4001", "17")


@st.composite
def trade_lines(draw: st.DrawFn) -> TradeLine:
    """One valid trade line, KBLI or HS, with or without a value."""
    if draw(st.booleans()):
        code, system = draw(st.sampled_from(KBLI_CODES)), "KBLI"
    else:
        code, system = draw(st.sampled_from(HS_CODES)), "HS"
    value = draw(st.one_of(st.none(), st.floats(1e6, 1e11)))
    return TradeLine(code, system, value)  # type: ignore[arg-type]


def _unique_lines(max_size: int) -> st.SearchStrategy[list[TradeLine]]:
    return st.lists(trade_lines(), max_size=max_size, unique_by=lambda line: line.key)


@st.composite
def missions(
    draw: st.DrawFn, min_a: int = 1, max_a: int = 6, min_b: int = 1, max_b: int = 8, wishes: bool = True
) -> Mission:
    """A valid mission between East Java (side A) and South Sumatra (side B)."""
    n_a = draw(st.integers(min_a, max_a))
    n_b = draw(st.integers(min_b, max_b))
    ids_a = [f"A{i}" for i in range(n_a)]
    ids_b = [f"B{j}" for j in range(n_b)]
    certs = st.lists(st.sampled_from(["halal", "sni", "bpom"]), unique=True, max_size=2)
    people = []
    for ids, others, delegation, province in (
        (ids_a, ids_b, "Jawa Timur", "Jawa Timur"),
        (ids_b, ids_a, "Sumatera Selatan", "Sumatera Selatan"),
    ):
        for pid in ids:
            wish = {"must_meet": [], "would_like": [], "do_not_meet": []}
            if wishes and others:
                picked = draw(st.lists(st.sampled_from(others), unique=True, max_size=3))
                for other in picked:
                    kind = draw(st.sampled_from(["must_meet", "would_like", "do_not_meet", "none"]))
                    if kind != "none":
                        wish[kind].append(other)
            needs = draw(_unique_lines(3))
            # some need lines carry their own certification ("10631:halal")
            per_line = [
                f"{str(line).split('=')[0]}:{cert}"
                for line in needs
                for cert in draw(st.lists(st.sampled_from(["halal", "sni"]), unique=True, max_size=1))
            ]
            lo = draw(st.one_of(st.none(), st.integers(0, 2)))
            hi = draw(st.one_of(st.none(), st.integers(lo or 0, 4)))
            people.append(
                Participant(
                    pid,
                    f"PT {pid}",
                    delegation,
                    province,
                    offers=tuple(draw(_unique_lines(3))),
                    needs=tuple(needs),
                    certifications=tuple(draw(certs)),
                    required_certifications=(*draw(certs), *per_line),
                    min_meetings=lo,
                    max_meetings=hi,
                    **wish,
                )
            )
    return Mission(
        "Generated",
        Delegation("Jawa Timur", "Jawa Timur"),
        Delegation("Sumatera Selatan", "Sumatera Selatan"),
        people,
    )


@st.composite
def score_matrices(
    draw: st.DrawFn, max_rows: int = 6, max_cols: int = 6, forbidden: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """An A×B float64 score matrix in [0, 1] and a boolean forbidden mask of the same shape."""
    shape = draw(st.tuples(st.integers(1, max_rows), st.integers(1, max_cols)))
    scores = draw(hnp.arrays(np.float64, shape, elements=st.floats(0, 1, allow_nan=False)))
    if forbidden:
        mask = draw(hnp.arrays(np.bool_, shape, elements=st.booleans()))
    else:
        mask = np.zeros(shape, dtype=bool)
    return scores, mask


@st.composite
def meeting_lists(
    draw: st.DrawFn, max_a: int = 8, max_b: int = 8, max_meetings: int = 30, multi: bool = True
) -> tuple[int, int, np.ndarray]:
    """``(n_a, n_b, pairs)``: meetings as an (E, 2) int array of (row, col); repeats allowed if ``multi``."""
    n_a, n_b = draw(st.integers(1, max_a)), draw(st.integers(1, max_b))
    pair = st.tuples(st.integers(0, n_a - 1), st.integers(0, n_b - 1))
    items = draw(st.lists(pair, max_size=max_meetings, unique=not multi))
    return n_a, n_b, np.array(items, dtype=np.intp).reshape(-1, 2)
