"""The bundled mission and the synthetic generator."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from matchmaker.datasets import (
    bundled_mission_path,
    east_java_south_sumatra_2020,
    make_bundled_mission,
    synthetic_mission,
)
from matchmaker.io import write_participants
from matchmaker.reference import grdp, hs, kbli


def catalogue() -> dict[str, set[str]]:
    path = Path(bundled_mission_path()).with_name("catalogue.csv")
    codes: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes.setdefault(row["province"], set()).update({row["kbli"], "HS:" + row["hs"]})
    return codes


def test_bundled_counts_and_metadata(bundled) -> None:
    assert len(bundled.side("A")) == 46
    assert len(bundled.side("B")) == 115
    assert (bundled.side_a.name, bundled.side_a.role) == ("Jawa Timur", "visiting")
    assert (bundled.side_b.name, bundled.side_b.role) == ("Sumatera Selatan", "host")
    assert bundled.date.isoformat() == "2020-12-02"
    assert "Palembang" in (bundled.venue or "")


def test_shipped_file_is_what_the_generator_writes(tmp_path: Path) -> None:
    """The packaged CSV is reproducible from the documented seed."""
    write_participants(make_bundled_mission(), tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == Path(bundled_mission_path()).read_bytes()
    assert east_java_south_sumatra_2020().participants == make_bundled_mission().participants


def test_offers_follow_each_province_profile(bundled) -> None:
    """Offers come from the offerer's catalogue; needs from the other province's, at any level."""
    cat = catalogue()
    for side, own, other in (
        ("A", "Jawa Timur", "Sumatera Selatan"),
        ("B", "Sumatera Selatan", "Jawa Timur"),
    ):
        for p in bundled.side(side):
            for line in p.offers:
                assert (line.code if line.system == "KBLI" else line.key) in cat[own]
            for line in p.needs:
                if line.system == "HS":
                    assert line.key in cat[other]
                else:  # possibly truncated to a golongan pokok or golongan
                    assert any(code.startswith(line.code) for code in cat[other])


def test_roles_mix(bundled) -> None:
    roles_a = Counter(p.role for p in bundled.side("A"))
    roles_b = Counter(p.role for p in bundled.side("B"))
    assert roles_a["seller"] + roles_a["both"] > roles_a["buyer"]  # the visitors mostly sell
    assert roles_b["buyer"] + roles_b["both"] > roles_b["seller"]  # the hosts mostly buy
    assert roles_a["both"] > 0
    assert roles_b["both"] > 0


def test_synthetic_is_deterministic_and_seed_sensitive() -> None:
    assert synthetic_mission(30, 40, seed=7) == synthetic_mission(30, 40, seed=7)
    assert synthetic_mission(30, 40, seed=7) != synthetic_mission(30, 40, seed=8)


def test_synthetic_other_provinces_follow_grdp() -> None:
    m = synthetic_mission(300, 300, seed=1, province_a="Kalimantan Timur", province_b="Bali")
    assert m.timezone == "Asia/Makassar"
    assert m.ids("A")[0] == "A-001"
    groups = Counter(
        kbli().pdrb_group(line.code) for p in m.side("A") for line in p.offers if line.system == "KBLI"
    )
    table = grdp(2020)
    # East Kalimantan is a mining province (LQ of B far above 1): mining dominates its offers
    assert table.lq("Kalimantan Timur", "B") > 3
    assert groups["B"] == max(groups.values())
    hs_lines = [line for p in m.side("A") for line in p.offers if line.system == "HS"]
    assert all(hs().is_valid(line.code) for line in hs_lines)


def test_synthetic_arguments() -> None:
    with pytest.raises(ValueError, match="at least one participant"):
        synthetic_mission(0, 5)
    with pytest.raises(ValueError, match="different provinces"):
        synthetic_mission(3, 3, province_a="Jatim", province_b="East Java")
    with pytest.raises(KeyError, match="unknown province"):
        synthetic_mission(3, 3, province_b="Atlantis")


def test_wishes_are_valid_and_mostly_plausible(bundled) -> None:
    wished = [(p, other) for p in bundled.participants for other in p.would_like]
    assert wished, "the bundled mission has would-like wishes"
    assert all(bundled.locate(other)[0] != bundled.locate(p.id)[0] for p, other in wished)
