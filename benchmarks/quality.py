"""Match quality against known product truth: the default run before (another source tree) and now.

Run ``python benchmarks/quality.py`` from the repository root.  It generates synthetic
missions whose product truth is known (:func:`matchmaker.datasets.synthetic.synthetic_truth`:
the generator knows which firms trade the same catalogue product, and writes codes
the way organisers' forms do: KBLI 5-digit, HS 6- and 4-digit, a few coarse KBLI
codes), runs the default pipeline ``run(mission)`` on each, with this tree and with a
*before* tree (default: branch ``main`` of this repository, exported with
``git archive``; ``--before-ref REF`` another commit, ``--before PATH`` a source tree,
``--no-before`` skips it), and
reports side by side:

* the share of default meetings whose two sides trade a real product (target ≥ 90 %);
* the share of participants with a real partner who meet one (target ≥ 95 %), counting
  the real partners the participants' own rules allow (certifications they require,
  do-not-meet, a common time window: ``ProductTruth.feasible``);
* the same-product fit across code systems (a catalogue product written as KBLI
  5-digit on one side and HS 6- or 4-digit on the other) relative to the same code
  written identically: median and the share at ≥ 0.4 (target: median ≥ 0.7);
* the scores of unrelated pairs (no product one offers shares a KBLI 2-digit division
  or an HS chapter with a product the other needs, no wish): the largest (target:
  none above 0.1).

Each tree runs in its own process (``PYTHONPATH`` set to its ``src``) on the same
mission files, so the comparison is of the code, not of the data.  Nothing is timed
and nothing is asserted.  ``--json out.json`` writes every figure; ``--quick`` runs one
small mission per shape.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DAY = dt.date(2025, 9, 29)
#: (label, n_a, n_b): the bundled mission's shape, East Java–South Sumatra 2025 (101 × 46) and NTB 2025
SHAPES = (("46×115", 46, 115), ("101×46", 101, 46), ("80×120", 80, 120))
SEEDS = (1, 2, 3)
FORMS = ("KBLI", "HS6", "HS4")


# ------------------------------------------------------------------------ the worker
def worker(job: dict[str, Any]) -> dict[str, Any]:
    """Run in the tree under test: the default run of each mission file and the probe's scores."""
    from matchmaker.io import load_mission
    from matchmaker.pipeline import run
    from matchmaker.scoring import score

    if "speed" in job:  # median score() times (s) of each mission file, after a warm-up call
        import time

        times = []
        for path in job["speed"]:
            mission = load_mission(path, date=DAY, side_a="Jawa Timur")
            score(mission)
            runs = []
            for _ in range(job["repeat"]):
                start = time.perf_counter()
                score(mission)
                runs.append(time.perf_counter() - start)
            times.append(float(np.median(runs)))
        return {"times": times}
    out: dict[str, Any] = {"missions": []}
    for path in job["missions"]:
        mission = load_mission(path, date=DAY, side_a="Jawa Timur")
        result = run(mission, baseline=False)
        out["missions"].append(
            {
                "meetings": [list(p) for p in result.matching.pair_ids()],
                "total": np.asarray(result.scores.total).round(6).tolist(),
                "placed": int(result.schedule.n_placed),
            }
        )
    probe = score(load_mission(job["probe"], date=DAY, side_a="Jawa Timur"))
    out["probe"] = {"fit": probe.component("fit").round(6).tolist(), "total": probe.total.round(6).tolist()}
    return out


# ------------------------------------------------------------------------ the parent
def probe_mission() -> tuple[Any, list[tuple[int, str, str]]]:
    """Each catalogue product offered (side A) and needed (side B) in each written form."""
    from matchmaker.datasets.synthetic import _curated
    from matchmaker.model import Delegation, Mission, Participant

    products: list[tuple[int, str, str]] = []  # (product, form, code text)
    k = 0
    for rows in _curated().values():
        for r in rows:
            for form, code in (("KBLI", r["kbli"]), ("HS6", f"HS:{r['hs6']}"), ("HS4", f"HS:{r['hs']}")):
                products.append((k, form, code))
            k += 1
    people = [
        Participant(f"S{n}", f"S{n}", "Jawa Timur", "Jawa Timur", offers=f"{code}=1000000000")
        for n, (_, _, code) in enumerate(products)
    ]
    people += [
        Participant(f"B{n}", f"B{n}", "Sumatera Selatan", "Sumatera Selatan", needs=f"{code}=1000000000")
        for n, (_, _, code) in enumerate(products)
    ]
    mission = Mission("probe", Delegation("Jawa Timur"), Delegation("Sumatera Selatan"), people, date=DAY)
    return mission, products


def kbli_of_products() -> list[str]:
    from matchmaker.datasets.synthetic import _curated

    return [r["kbli"] for rows in _curated().values() for r in rows]


def run_tree(src: Path | None, job: dict[str, Any]) -> dict[str, Any]:
    """The worker in a fresh process importing ``src`` (this tree when None)."""
    env = dict(
        os.environ, PYTHONPATH=str(src if src is not None else ROOT / "src"), PYTHONDONTWRITEBYTECODE="1"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(job, f)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", f.name],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    os.unlink(f.name)
    if done.returncode:
        raise RuntimeError(f"the worker failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def export_main(target: Path, ref: str = "main") -> Path:
    """``src/`` of ``ref`` (a branch or commit of this repository), exported into ``target``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target / "src"


def wished(mission: Any) -> np.ndarray:
    ids_a, ids_b = mission.ids("A"), mission.ids("B")
    col = {pid: j for j, pid in enumerate(ids_b)}
    row = {pid: i for i, pid in enumerate(ids_a)}
    out = np.zeros((len(ids_a), len(ids_b)), dtype=bool)
    for p in mission.participants:
        for other in (*p.would_like, *p.must_meet):
            if p.id in row and other in col:
                out[row[p.id], col[other]] = True
            elif p.id in col and other in row:
                out[row[other], col[p.id]] = True
    return out


def mission_figures(truths: list[Any], runs: list[dict[str, Any]]) -> dict[str, float]:
    meetings = real_meetings = 0
    with_partner = met_real = 0
    unrelated: list[np.ndarray] = []
    for truth, got in zip(truths, runs, strict=True):
        m = truth.mission
        row = {pid: i for i, pid in enumerate(m.ids("A"))}
        col = {pid: j for j, pid in enumerate(m.ids("B"))}
        pairs = np.array([(row[a], col[b]) for a, b in got["meetings"]], dtype=np.intp).reshape(-1, 2)
        hit = truth.real[pairs[:, 0], pairs[:, 1]]
        meetings += len(pairs)
        real_meetings += int(hit.sum())
        good = pairs[hit]
        for axis, n in ((0, truth.real.shape[0]), (1, truth.real.shape[1])):
            has = truth.feasible.any(axis=1 - axis)  # a real partner its own rules allow
            got_one = np.bincount(good[:, axis], minlength=n) > 0
            with_partner += int(has.sum())
            met_real += int((got_one & has).sum())
        total = np.asarray(got["total"])
        unrelated.append(total[~truth.related & ~wished(m)])
    values = np.concatenate(unrelated)
    return {
        "meetings": meetings,
        "real share": real_meetings / max(meetings, 1),
        "partner coverage": met_real / max(with_partner, 1),
        "unrelated max": float(values.max(initial=0.0)),
        "unrelated above 0.1": float((values > 0.1).mean()) if values.size else 0.0,
    }


def probe_figures(products: list[tuple[int, str, str]], got: dict[str, Any]) -> dict[str, float]:
    fit, total = np.asarray(got["fit"]), np.asarray(got["total"])
    product = np.array([p for p, _, _ in products])
    form = np.array([f for _, f, _ in products])
    kbli = kbli_of_products()
    same = product[:, None] == product[None, :]
    cross = (form[:, None] == "KBLI") != (form[None, :] == "KBLI")  # one side KBLI, the other HS
    exact = fit[(form == "KBLI")[:, None] & (form == "KBLI")[None, :] & same]
    ratios = fit[same & cross] / max(float(np.median(exact)), 1e-12)
    # per product: the median over its cross-system pairs, then the median over products
    per_product = [
        float(np.median(fit[np.ix_(product == p, product == p)][cross[np.ix_(product == p, product == p)]]))
        for p in np.unique(product)
    ]
    division = np.array([kbli[p][:2] for p in product])
    chapter = np.array([code.removeprefix("HS:")[:2] if f != "KBLI" else "" for _, f, code in products])
    chapters = {p: {c for c, q in zip(chapter, product, strict=True) if q == p and c} for p in set(product)}
    shared = np.array([[bool(chapters[p] & chapters[q]) for q in product] for p in product])
    apart = (division[:, None] != division[None, :]) & ~shared
    return {
        "cross median": float(np.median(per_product)),
        "cross share >= 0.4": float((ratios >= 0.4).mean()),
        "cross min": float(ratios.min()),
        "unrelated probe max": float(total[apart].max()),
    }


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before", default=None, help="a source tree (with src/) to compare with (default: main)"
    )
    parser.add_argument("--before-ref", default="main", help="the git ref exported as the before tree")
    parser.add_argument("--no-before", action="store_true", help="measure this tree only")
    parser.add_argument("--quick", action="store_true", help="one mission per shape")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="print nothing (run_all.py makes its own table)")
    parser.add_argument(
        "--speed",
        action="store_true",
        help="also time score() (default call) on the bundled mission and a 2,000 × 2,000 mixed-code "
        "mission, before and now alternately in fresh processes: median ratio now / before",
    )
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(Path(args.worker).read_text()))))
        return {}

    from matchmaker.datasets.synthetic import synthetic_truth
    from matchmaker.io import write_participants

    seeds = SEEDS[:1] if args.quick else SEEDS
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        trees: dict[str, Path | None] = {"now": None}
        if not args.no_before:
            trees = {
                "before": Path(args.before) / "src" if args.before else export_main(folder, args.before_ref),
                **trees,
            }
        probe, products = probe_mission()
        write_participants(probe, folder / "probe.csv")
        cases = []
        for label, n_a, n_b in SHAPES:
            truths = []
            for seed in seeds:
                truth = synthetic_truth(n_a, n_b, seed=seed, date=DAY, code_forms="forms")
                path = folder / f"m{n_a}x{n_b}s{seed}.csv"
                write_participants(truth.mission, path)
                truths.append((truth, str(path)))
            cases.append((label, truths))
        job = {"missions": [p for _, ts in cases for _, p in ts], "probe": str(folder / "probe.csv")}
        for name, src in trees.items():
            got = run_tree(src, job)
            k = 0
            for label, truths in cases:
                runs = got["missions"][k : k + len(truths)]
                k += len(truths)
                figures[f"{name} {label}"] = mission_figures([t for t, _ in truths], runs)
            figures[f"{name} probe"] = probe_figures(products, got["probe"])
        if args.speed and len(trees) == 2:
            from matchmaker.datasets import bundled_mission_path

            big = folder / "speed2000.csv"
            write_participants(synthetic_truth(2000, 2000, seed=1, date=DAY, code_forms="forms").mission, big)
            speed = {"jobs": [str(bundled_mission_path()), str(big)], "ratios": [[], []]}
            for _ in range(3 if args.quick else 7):  # alternate, so both trees meet the same load
                got_t = {
                    name: run_tree(src, {"speed": speed["jobs"], "repeat": 15})["times"]
                    for name, src in trees.items()
                }
                for k in range(2):
                    speed["ratios"][k].append(got_t["now"][k] / got_t["before"][k])
            figures["speed"] = {
                "bundled now/before": float(np.median(speed["ratios"][0])),
                "2000x2000 now/before": float(np.median(speed["ratios"][1])),
            }
    if not args.quiet:
        print_table(figures, list(trees))
        if "speed" in figures:
            for key, value in figures["speed"].items():
                print(f"score() time {key}: {value:.3f} (median of alternating runs; target ≤ 1.2)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return figures


def print_table(figures: dict[str, dict[str, float]], trees: list[str]) -> None:
    def pct(x: float) -> str:
        return f"{100 * x:.1f} %"

    rows = []
    for label, _, _ in SHAPES:
        for key, fmt, target in (
            ("real share", pct, "≥ 90 %"),
            ("partner coverage", pct, "≥ 95 %"),
            ("unrelated max", lambda x: f"{x:.3f}", "≤ 0.1"),
            ("meetings", lambda x: f"{int(x)}", ""),
        ):
            rows.append((f"{label} {key}", *(fmt(figures[f"{t} {label}"][key]) for t in trees), target))
    for key, fmt, target in (
        ("cross median", lambda x: f"{x:.3f}", "≥ 0.7"),
        ("cross share >= 0.4", pct, "nearly all"),
        ("unrelated probe max", lambda x: f"{x:.3f}", "≤ 0.1"),
    ):
        rows.append(
            (f"same product across systems: {key}", *(fmt(figures[f"{t} probe"][key]) for t in trees), target)
        )
    header = ("case", *trees, "target")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
