"""Reference data: classifications, provinces, GRDP and location quotients."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from matchmaker import ValidationError
from matchmaker.reference import (
    PDRB_GROUPS,
    RegionalTable,
    canonical_province,
    grdp,
    grdp_years,
    hs,
    kbli,
    province,
    provinces,
)
from tests.conftest import DATA


def test_lq_matches_published_cross_check() -> None:
    """The package's 2020 LQs and shares equal lq_2020_adhk_vs_sum34.csv to its 3 decimals."""
    table = grdp(2020)
    lq, shares = table.location_quotients(), table.shares()
    with (DATA / "lq_2020_adhk_vs_sum34.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 34 * 17
    for r in rows:
        i, k = table.region_index(r["prov_name"]), table.sector_index(r["sector"])
        assert lq[i, k] == pytest.approx(float(r["lq_vs_sum34"]), abs=5.1e-4)
        assert 100 * shares[i, k] == pytest.approx(float(r["share_pct"]), abs=5.1e-4)


def test_grdp_table_shape_and_years() -> None:
    assert grdp_years() == tuple(range(2013, 2021))
    for year in grdp_years():
        t = grdp(year)
        assert t.values.shape == (34, 17)
        assert t.sectors == tuple(PDRB_GROUPS)
        assert not t.values.flags.writeable
    with pytest.raises(ValueError, match="no GRDP figures for 2021"):
        grdp(2021)


def test_facts_from_the_data_readme() -> None:
    t = grdp(2020)
    assert t.share("Jawa Timur", "C") == pytest.approx(0.303, abs=5e-4)
    assert t.lq("Jawa Timur", "G") == pytest.approx(1.30, abs=5e-3)
    assert t.lq("Sumatera Selatan", "A") == pytest.approx(1.36, abs=5e-3)
    assert t.values[t.region_index("Jawa Timur")].sum() == pytest.approx(1_611_393, rel=2e-3)


def test_regional_table_validation() -> None:
    values = np.array([[1.0, 2.0], [3.0, 4.0]])
    t = RegionalTable(["x", "y"], ["s", "t"], values)
    values[0, 0] = 99.0
    assert t.values[0, 0] == 1.0  # a copy, not a view of the caller's array
    with pytest.raises(ValidationError, match=r"shape \(2, 2\), expected \(2, 3\)"):
        RegionalTable(["x", "y"], ["s", "t", "u"], values)
    with pytest.raises(ValidationError, match="NaN or infinity"):
        RegionalTable(["x"], ["s"], [[np.nan]])
    with pytest.raises(ValidationError, match="must not be negative"):
        RegionalTable(["x"], ["s"], [[-1.0]])
    with pytest.raises(ValidationError, match="duplicate region names"):
        RegionalTable(["x", "x"], ["s"], [[1.0], [2.0]])
    with pytest.raises(ValidationError, match="region 'y' has no output"):
        RegionalTable(["x", "y"], ["s"], [[1.0], [0.0]])
    with pytest.raises(KeyError, match="region 'z' is not in the table"):
        t.region_index("z")


def test_kbli_structure() -> None:
    k = kbli()
    levels = [len(k.lineage(code)) for code in k.titles]
    assert [levels.count(n) for n in range(1, 6)] == [21, 88, 245, 567, 1790]
    for code in k.titles:  # every parent exists and shares the kategori
        lineage = k.lineage(code)
        assert lineage[-1] == code
        assert k.pdrb_group(code) == k.groups[lineage[0]]
    assert k.lineage("842") == ("O", "84", "842")  # corrected in the packaged copy
    assert k.level_name("10721") == "kelompok"


def test_hs_structure() -> None:
    h = hs()
    chapters = [c for c in h.titles if c.isdigit() and len(c) == 2]
    assert len(chapters) == 96
    assert sum(c.isdigit() and len(c) == 4 for c in h.titles) == 1228  # headings (9999 is no product)
    assert sum(len(c) == 6 for c in h.titles) == 5612  # subheadings (999999 neither)
    assert h.lineage("100630") == ("II", "10", "1006", "100630")
    assert h.title("1006") == "Rice"
    assert h.level_name("100630") == "subheading"
    assert "77" not in chapters
    assert "99" not in chapters
    assert h.lineage("0207") == ("I", "02", "0207")
    assert h.is_valid("020714")
    assert not h.is_valid("0207141")
    assert not h.is_valid("9901")
    for unknown in ("9999", "999999", "1099", "100699", "0207149"):  # well formed, not in HS 2022
        assert not h.is_valid(unknown)
    assert h.suggest("100699")[0].startswith("1006")
    assert h.pdrb_group("0901") == "A"
    assert h.pdrb_group("2701") == "B"
    assert h.pdrb_group("8515") == "C"
    assert set(h.groups.values()) <= set(PDRB_GROUPS)
    assert all(kbli().is_valid(h.kbli_division(c)) for c in chapters)
    with pytest.raises(TypeError):
        kbli().kbli_division("10")


def test_provinces() -> None:
    assert len(provinces()) == 38
    table_regions = set(grdp().regions)
    assert {p.grdp_region for p in provinces().values()} == table_regions
    assert canonical_province("Sumsel") == canonical_province("South Sumatra") == "Sumatera Selatan"
    assert canonical_province("PROVINSI JAWA TIMUR") == "Jawa Timur"
    assert province("Papua Pegunungan").grdp_region == "Papua"
    assert province("Bali").timezone == "Asia/Makassar"
    with pytest.raises(KeyError, match="did you mean 'Jawa Timur'"):
        province("Jawa Timor")
