"""Reference data shipped with matchmaker: classifications, their crosswalk, provinces and regional GDP.

Sources are cited in ``data/README.md``.  Tables are read once, on first use, and
are immutable.
"""

from matchmaker.reference.classification import CodeSystem, CodeTable, hs, kbli, table_for
from matchmaker.reference.crosswalk import CrosswalkLink, hs_reach, kbli_reach
from matchmaker.reference.grdp import PDRB_GROUPS, RegionalTable, grdp, grdp_years
from matchmaker.reference.provinces import (
    Province,
    canonical_province,
    province,
    province_timezone,
    provinces,
    suggest_province,
)

__all__ = [
    "PDRB_GROUPS",
    "CodeSystem",
    "CodeTable",
    "CrosswalkLink",
    "Province",
    "RegionalTable",
    "canonical_province",
    "grdp",
    "grdp_years",
    "hs",
    "hs_reach",
    "kbli",
    "kbli_reach",
    "province",
    "province_timezone",
    "provinces",
    "suggest_province",
    "table_for",
]
