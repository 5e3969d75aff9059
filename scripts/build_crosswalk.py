"""Build the HS 2022 -> KBLI 2020 product crosswalk shipped with matchmaker.

Usage::

    python scripts/build_crosswalk.py [--data ../shared/data] [--out src/matchmaker/reference/data]

(``--data`` defaults to the first ``shared/data`` folder above the repository.)

Reads, from ``--data`` (the project's shared reference data):

* ``hs2022_all_levels.csv``: the HS 2022 nomenclature (chapters, headings, subheadings);
* ``hs2022_isic4_concordance.csv``: HS 2022 subheading -> ISIC Rev.4 class (WITS/UN,
  as published in the R package ``concordance``);
* ``isic4_descriptions.csv``: ISIC Rev.4 titles (to check the classes exist, and the
  English titles of the KBLI kategori and golongan pokok);

and from the package: ``kbli2020_all_levels.csv`` (KBLI 2020) and, from this folder,
``data/crosswalk_overrides.csv`` (the explicit links for the products that matter in
Indonesian trade).  Writes ``hs2022_all_levels.csv`` (a copy of the nomenclature),
``hs2022_kbli2020_crosswalk.csv`` and ``kbli2020_titles_en.csv`` (the English titles of the
KBLI kategori and golongan pokok: their ISIC Rev.4 titles) to ``--out``.

The rules (documented in ``docs/crosswalk.md``), for each HS subheading ``h``:

1. **Override.**  If a row of ``crosswalk_overrides.csv`` has an HS prefix of ``h``
   (chapter, heading or subheading; the longest prefix wins), ``h`` links to that
   prefix's KBLI codes, shares proportional to their ``weight``.
2. **Concordance.**  Otherwise ``h`` links to its ISIC classes, each an equal share.
   An ISIC class becomes the KBLI subgolongan of the same code when KBLI has it; a
   class KBLI splits nationally becomes the KBLI codes of :data:`ISIC_SPLITS`; a class
   KBLI does not have (``1010``, ``1040``, ``1410``...: split into several subgolongan)
   becomes its KBLI golongan (the first three digits).
   ISIC service classes listed beside the producers (mining support 0910/0990, repair
   and installation 331x/3320) are left out when the subheading has any other class.
3. **Coarse.**  A subheading the concordance maps to five or more ISIC classes (copra,
   tobacco leaf, lump rubber map to every crop class) has no known producer: it links
   only to the deepest KBLI code above all of them (a golongan pokok such as ``01``,
   or a kategori; nothing when they span kategori), marked ``coarse``, and that share
   is not spread down.  The overrides name the producer where it matters.

Each output row is ``hs6, kbli, share, rule``: the KBLI code is a kelompok (5 digits),
subgolongan (4) or golongan (3), or for a coarse link a golongan pokok (2) or kategori;
the shares of one subheading sum to 1.  At run time
(:mod:`matchmaker.reference.crosswalk`) a share on a golongan or subgolongan is spread
evenly over its subgolongan and kelompok (a coarse one is not), and a link's strength
is the square root of the share.  The script is deterministic: the same inputs write the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DATA = ROOT / "src" / "matchmaker" / "reference" / "data"
OVERRIDES = Path(__file__).resolve().parent / "data" / "crosswalk_overrides.csv"
#: Where the shared reference data is looked for: beside the repository (or its worktree folder).
SHARED = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)

#: ISIC classes that KBLI 2020 splits into several subgolongan that keep ISIC codes.
ISIC_SPLITS = {
    "1061": ("1061", "1063"),  # grain milling: KBLI 1061 excludes rice and maize (KBLI 1063)
    "1062": ("1062", "1063"),  # starches: rice and maize starch are KBLI 1063
    "1079": ("1079", "1077"),  # other food n.e.c.: seasonings and cooking products are KBLI 1077
}
#: A subheading with at least this many ISIC classes is a coarse mapping.
COARSE = 5
#: ISIC service classes the concordance lists beside the producing industry (mining
#: support, repair, installation): they do not make the good, so they are left out.
SERVICES = {"0910", "0990", "3311", "3312", "3313", "3314", "3315", "3319", "3320"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _common_ancestor(codes: list[str], kbli_rows: dict[str, dict[str, str]]) -> str | None:
    """The deepest KBLI code above all ``codes`` (a kategori letter at the top), if any."""
    if len({kbli_rows[c]["kategori"] for c in codes}) > 1:
        return None
    n = 0
    while all(len(c) > n for c in codes) and len({c[: n + 1] for c in codes}) == 1:
        n += 1
    return codes[0][:n] if n >= 2 else kbli_rows[codes[0]]["kategori"]


def build(data: Path) -> tuple[list[tuple[str, str, str, str]], dict[str, int]]:
    """The crosswalk rows and counts per rule."""
    hs_rows = _read(data / "hs2022_all_levels.csv")
    hs_codes = {r["code"] for r in hs_rows}
    # chapter 99 ("commodities not specified according to kind") is not a product
    subheadings = sorted(r["code"] for r in hs_rows if r["level"] == "subheading" and r["code"][:2] != "99")
    isic = {r["code"] for r in _read(data / "isic4_descriptions.csv")}
    kbli_rows = {r["code"]: r for r in _read(PACKAGE_DATA / "kbli2020_all_levels.csv")}
    kbli = set(kbli_rows)
    concordance: dict[str, list[str]] = defaultdict(list)
    for r in _read(data / "hs2022_isic4_concordance.csv"):
        if r["isic4_4d"]:
            concordance[r["hs2022_6d"]].append(r["isic4_4d"])

    overrides: dict[str, dict[str, float]] = defaultdict(dict)
    bad = []
    for n, r in enumerate(_read(OVERRIDES), start=2):
        if r["hs"] not in hs_codes:
            bad.append(f"{OVERRIDES.name} row {n}: unknown HS code {r['hs']!r}")
        if r["kbli"] not in kbli:
            bad.append(f"{OVERRIDES.name} row {n}: unknown KBLI code {r['kbli']!r}")
        overrides[r["hs"]][r["kbli"]] = overrides[r["hs"]].get(r["kbli"], 0.0) + float(r["weight"])
    for cls, targets in ISIC_SPLITS.items():
        bad += [f"ISIC_SPLITS {cls}: unknown KBLI {t}" for t in targets if t not in kbli]
    if bad:
        raise SystemExit("\n".join(bad))

    def kbli_targets(cls: str) -> tuple[tuple[str, ...], str]:
        if cls in ISIC_SPLITS:
            return ISIC_SPLITS[cls], "national-split"
        if cls in kbli:
            return (cls,), "concordance"
        if cls[:3] in kbli:
            return (cls[:3],), "national-split"
        return (), "unmatched"

    rows: list[tuple[str, str, str, str]] = []
    counts: dict[str, int] = defaultdict(int)
    for h in subheadings:
        prefix = next((h[:n] for n in (6, 4, 2) if h[:n] in overrides), None)
        shares: dict[str, float] = defaultdict(float)
        rules: dict[str, str] = {}
        if prefix is not None:
            weights = overrides[prefix]
            total = sum(weights.values())
            for code, w in weights.items():
                shares[code] += w / total
                rules[code] = "override"
        else:
            classes = sorted(set(concordance.get(h, [])))
            goods = [c for c in classes if c not in SERVICES]
            classes = goods or classes
            unknown = [c for c in classes if c not in isic]
            if unknown:
                raise SystemExit(f"{h}: ISIC classes {unknown} not in isic4_descriptions.csv")
            for cls in classes:
                targets, rule = kbli_targets(cls)
                if not targets:
                    counts["unmatched class"] += 1
                    continue
                for t in targets:
                    shares[t] += 1.0 / len(classes) / len(targets)
                    rules[t] = rule
            if len(classes) >= COARSE and shares:
                # the concordance does not know the producer: only what all of them share
                common = _common_ancestor(list(shares), kbli_rows)
                shares, rules = defaultdict(float), {}
                if common is not None:
                    shares[common], rules[common] = 1.0, "coarse"
        if not shares:
            counts["subheadings without a link"] += 1
            continue
        norm = sum(shares.values())
        for code in sorted(shares):
            rows.append((h, code, f"{shares[code] / norm:.6f}", rules[code]))
            counts[rules[code]] += 1
    return rows, dict(sorted(counts.items()))


def english_titles(data: Path) -> list[tuple[str, str]]:
    """The ISIC Rev.4 title of each KBLI kategori and golongan pokok (KBLI 2020 keeps ISIC's codes there)."""
    isic = {r["code"]: r["description"] for r in _read(data / "isic4_descriptions.csv")}
    top = [r["code"] for r in _read(PACKAGE_DATA / "kbli2020_all_levels.csv") if len(r["code"]) <= 2]
    missing = [code for code in top if code not in isic]
    if missing:
        raise SystemExit(f"KBLI codes {missing} have no ISIC Rev.4 title in isic4_descriptions.csv")
    return [(code, isic[code]) for code in top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=PACKAGE_DATA)
    args = parser.parse_args(argv)
    rows, counts = build(args.data)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("hs6", "kbli", "share", "rule"))
    writer.writerows(rows)
    (args.out / "hs2022_kbli2020_crosswalk.csv").write_text(buffer.getvalue(), encoding="utf-8")
    nomenclature = (args.data / "hs2022_all_levels.csv").read_text(encoding="utf-8")
    (args.out / "hs2022_all_levels.csv").write_text(nomenclature, encoding="utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("code", "title"))
    writer.writerows(english_titles(args.data))
    (args.out / "kbli2020_titles_en.csv").write_text(buffer.getvalue(), encoding="utf-8")
    print(f"{len(rows)} links of {len({r[0] for r in rows})} subheadings: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
