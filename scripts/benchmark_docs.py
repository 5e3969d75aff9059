"""Put one benchmark run into the docs: the full table in ``docs/scale.md``, an excerpt in the README.

Run from the repository root after a full run that wrote its figures::

    python benchmarks/run_all.py --json run.json > run.txt
    python scripts/benchmark_docs.py run.txt run.json "3 December 2026"

The table between the code fences after "One run of" in ``docs/scale.md`` is replaced
by the run's printed table, and the README's excerpt (the code block after "An
excerpt") by chosen rows of the same run, so both always come from one run.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# README excerpt: (section, group prefix or "", case prefix, label shown)
EXCERPT = [
    ("pipeline", "46×115", "  score+match+schedule", "46×115 dense: score+match+schedule"),
    (
        "pipeline",
        "10,000×50,000 sparse top-50, all-day",
        "  score+match+schedule",
        "10,000×50,000 sparse top-50: score+match+schedule",
    ),
    (
        "pipeline",
        "10,000×50,000 sparse top-50, own",
        "  score+match+schedule",
        "  same, participants' own time windows",
    ),
    (
        "pipeline",
        "100,000×100,000 sparse top-50, all-day",
        "  score+match+schedule",
        "100,000×100,000 sparse top-50: score+match+schedule",
    ),
    (
        "pipeline",
        "100,000×100,000 sparse top-50, own",
        "  score+match+schedule",
        "  same, participants' own time windows",
    ),
    ("one-to-one", "", "OR-Library assign100 ", ""),
    ("one-to-one", "", "OR-Library assignp5000", ""),
    ("many-to-many", "", "flow 500×2000 caps 20/5 (", ""),
    (
        "many-to-many",
        "",
        "flow 500×2000 caps 20/5, default call with only the core",
        "flow 500×2000 caps 20/5, default call, no OR-Tools",
    ),
    ("scheduling", "", "2,000×10,000, 50,106 meetings: schedule() default", ""),
    ("scheduling", "", "2,000×10,000, 50,106 meetings: slots", ""),
    ("evaluate", "", "evaluate(schedule), 200,000", ""),
    ("heuristic", "", "heuristic timetable", ""),
    ("export", "", "CSV pack", ""),
    ("export", "", "JSON result.json", ""),
    ("export", "", "ICS write_calendars", ""),
    ("loss", "", "2,000×2,000 top-50", "2,000×2,000 top-50 vs the dense optimum"),
]


def excerpt(rows: list[list[str]]) -> str:
    picked: list[tuple[str, str, str, str]] = []
    for section, group, prefix, label in EXCERPT:
        current, last = "", None
        for sec, case, measured, reference, ratio, _note in rows:
            if sec != section:
                continue
            if not case.startswith(" "):
                current = case
            if current.startswith(group) and case.startswith(prefix):
                last = (label or case, measured, reference, ratio)
        if last is not None:  # the largest size when several match
            picked.append(last)
    header = ("case", "measured", "reference", "ratio")
    widths = [max(len(r[i]) for r in [header, *picked]) for i in range(4)]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *picked]
    )


def main(argv: list[str]) -> int:
    table_file, json_file, when = argv
    table = Path(table_file).read_text().rstrip("\n")
    table = table[table.index("case ") :]  # the printed table, without the progress lines
    rows = json.loads(Path(json_file).read_text())["rows"]
    scale = Path("docs/scale.md")
    text = scale.read_text()
    text, found = re.subn(
        r"(One run of `python benchmarks/run_all.py` on the 2-core development machine \(x86_64,\n"
        r"24 GiB, Python 3.11.7, numpy [^\n]*\), )[^:\n]*(:\n\n```\n).*?(\n```)",
        lambda m: m.group(1) + when + m.group(2) + table + m.group(3),
        text,
        count=1,
        flags=re.S,
    )
    if not found:  # a silent no-op left last round's table in place once
        raise SystemExit("docs/scale.md: the 'One run of ...' paragraph and its table were not found")
    scale.write_text(text)
    readme = Path("README.md")
    text = readme.read_text()
    text = re.sub(
        r"(An excerpt \(.*?\):\n\n```\n).*?(\n```)",
        lambda m: m.group(1) + excerpt(rows) + m.group(2),
        text,
        count=1,
        flags=re.S,
    )
    readme.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
