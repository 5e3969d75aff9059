"""Regenerate the bundled mission's participant table.

Run from the repository root::

    python scripts/make_bundled_mission.py

The output is deterministic; ``tests/test_datasets.py`` checks that the shipped file
is what this script writes.
"""

from matchmaker.datasets import bundled_mission_path, make_bundled_mission
from matchmaker.io import write_participants

if __name__ == "__main__":
    mission = make_bundled_mission()
    write_participants(mission, bundled_mission_path())
    print(f"wrote {len(mission.participants)} participants to {bundled_mission_path()}")
