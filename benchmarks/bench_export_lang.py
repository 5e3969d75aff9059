"""The Indonesian CSV pack against the English one, on the same records, in the same run.

``python benchmarks/bench_export_lang.py [--repeat 15]`` writes the four CSV tables of a
400 × 1,200 synthetic event (top-30 candidates, about 4,800 meetings) with
``lang="en"`` (``,``, column keys) and ``lang="id"`` (``;``, a byte-order mark,
Indonesian headers, decimal commas), alternating, and prints the medians and their
ratio.  The issue allows the localised export to be at most 20 % slower per meeting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import matchmaker as mm
from matchmaker.export import records, write_csv_pack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    mission = mm.synthetic_mission(400, 1200, seed=3, date=dt.date(2025, 9, 29))
    result = mm.run(mission, top_k=30, baseline=False)
    rec = records(result.schedule, result.scores, mission=mission)
    times: dict[str, list[float]] = {"en": [], "id": []}
    with tempfile.TemporaryDirectory() as directory:  # removed afterwards, as every benchmark's
        folder = Path(directory)
        for _ in range(args.repeat):
            for lang in ("en", "id"):
                start = time.perf_counter()
                write_csv_pack(rec, folder / lang, lang=lang)
                times[lang].append(time.perf_counter() - start)
    en, id_ = (statistics.median(times[k]) for k in ("en", "id"))
    print(f"CSV pack, {len(rec.meetings):,} meetings, median of {args.repeat}:")
    print(f"  en {1e3 * en:8.1f} ms   id {1e3 * id_:8.1f} ms   id/en {id_ / en:.2f}x")


if __name__ == "__main__":
    main()
