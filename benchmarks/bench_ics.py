"""iCalendar export speed: meetings per second of ``write_calendars``, against references in the same run.

Usage::

    PYTHONPATH=src python benchmarks/bench_ics.py [N_A N_B MEETINGS_PER_A] [--folder DIR]

Builds a synthetic event (random pairs, every side-A participant in ``MEETINGS_PER_A``
meetings, two days), then times, each three times (median):

* ``write_calendars`` (the direct RFC 5545 writer: one file per participant);
* the CSV pack of the same schedule (``write_csv_pack(records(...))``), the export the
  pipeline benchmark times;
* the icalendar library building the same events as objects (``Calendar``/``Event``,
  ``to_ical``) for one participant in ten, scaled up: what the writer replaced.

Files go to ``--folder`` (default: a temporary folder in ``/dev/shm`` when it exists, so
that the file system's cost per file does not hide the writer's).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from matchmaker.datasets import synthetic_mission
from matchmaker.export import records, write_csv_pack
from matchmaker.export.ics import meeting_uid, write_calendars
from matchmaker.scheduling import EventPlan, schedule


def icalendar_objects(timetable: Any, mission: Any, every: int = 10) -> tuple[float, int]:
    """Seconds to build the calendars of one participant in ``every`` with icalendar objects."""
    import icalendar

    by: dict[str, list[Any]] = {}
    for m in timetable.meetings:
        by.setdefault(m.a, []).append(m)
        by.setdefault(m.b, []).append(m)
    chosen = list(by)[::every]
    start = time.perf_counter()
    events = 0
    for pid in chosen:
        cal = icalendar.Calendar()
        cal.add("prodid", "-//matchmaker//EN")
        cal.add("version", "2.0")
        for m in by[pid]:
            partner = mission[m.partner(pid)]
            event = icalendar.Event()
            event.add("uid", meeting_uid(mission.name, m.a, m.b))
            event.add("dtstamp", m.start)
            event.add("dtstart", m.start)
            event.add("dtend", m.end)
            event.add("summary", f"Meeting with {partner.name}")
            event.add("location", f"Table {m.table}")
            event.add("description", f"{partner.name} ({partner.id}), {partner.city}, {partner.phone}")
            cal.add_component(event)
            events += 1
        cal.to_ical()
    return time.perf_counter() - start, events


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000, 12])
    parser.add_argument("--folder", default="/dev/shm" if Path("/dev/shm").is_dir() else None)
    args = parser.parse_args()
    n_a, n_b, k = args.sizes
    mission = synthetic_mission(n_a, n_b, seed=1)
    rng = np.random.default_rng(0)
    a, b = mission.ids("A"), mission.ids("B")
    pairs = sorted({(a[i], b[int(j)]) for i in range(n_a) for j in rng.choice(n_b, k, replace=False)})
    plan = EventPlan(
        start="07:00", end="22:00", days=["2025-03-04", "2025-03-05"], tables=max(1, len(pairs) // 40)
    )
    timetable = schedule(pairs, plan, mission=mission, compact=False)
    n = len(timetable.meetings)
    ics_t, csv_t = [], []
    for _ in range(3):
        with tempfile.TemporaryDirectory(dir=args.folder) as folder:
            start = time.perf_counter()
            write_calendars(timetable, folder, mission=mission)
            ics_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            write_csv_pack(records(timetable, mission=mission), folder)
            csv_t.append(time.perf_counter() - start)
    ics_s, csv_s = statistics.median(ics_t), statistics.median(csv_t)
    objects_s, events = icalendar_objects(timetable, mission)
    per_event = objects_s / max(events, 1)
    objects_total = per_event * 2 * n  # every meeting is an event in two calendars
    print(f"{n:,} meetings, {n_a + n_b:,} participants")
    print(f"write_calendars      {ics_s:8.2f} s  {n / ics_s:>10,.0f} meetings/s")
    print(
        f"CSV pack (reference) {csv_s:8.2f} s  {n / csv_s:>10,.0f} meetings/s  ics/csv = {ics_s / csv_s:.2f}"
    )
    print(
        f"icalendar objects    {objects_total:8.2f} s  {n / objects_total:>10,.0f} meetings/s  "
        f"(from {events:,} events; the direct writer is {objects_total / ics_s:.0f}x faster)"
    )


if __name__ == "__main__":
    main()
