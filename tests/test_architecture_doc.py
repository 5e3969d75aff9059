"""docs/architecture.md draws the package as its folders are.

The "Where to add" examples of a matching method, a score component and an export format
are run by their own tests (``test_assignment_edges``, ``test_scoring_table``,
``test_export``); here: every module and folder of ``src/matchmaker`` is in the layout, and
the rules the scheduling section names are the ones the self-check and ``validate`` call.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from matchmaker.scheduling import constraints

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "matchmaker"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _layout() -> str:
    """The code block that draws ``src/matchmaker/``."""
    blocks = re.findall(r"```\n(.*?)```", DOC, flags=re.S)
    found = [b for b in blocks if b.startswith("src/matchmaker/")]
    assert len(found) == 1, "architecture.md draws the package once, in a block starting src/matchmaker/"
    return found[0]


def _named(layout: str) -> set[str]:
    """Every module (``x.py``) and folder (``x/``) the layout names."""
    return set(re.findall(r"\b([a-z_]+(?:\.py|/))", layout))


def _parts() -> set[str]:
    """Top-level modules and folders of the package, and the folders inside its subpackages."""
    out = {p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    out |= {f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    out |= {f"{p.name}/" for p in PACKAGE.glob("*/*") if p.is_dir() and (p / "__init__.py").exists()}
    return out


def test_the_layout_names_every_module_and_folder() -> None:
    missing = _parts() - _named(_layout())
    assert not missing, f"docs/architecture.md's layout does not name {sorted(missing)}"


def test_the_layout_check_can_fail() -> None:
    assert "pipeline.py" in _parts()
    assert "formats/" in _parts()
    assert "pipeline.py" not in _named(_layout().replace("pipeline.py", "pipe line"))


def test_the_rules_the_doc_names_are_those_the_checks_call() -> None:
    section = DOC.split("## Where to add a scheduling rule", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(\w+_rule)`", section))
    assert len(named) >= 7
    called = inspect.getsource(constraints.check_timetable) + inspect.getsource(constraints.validate)
    for rule in named:
        assert callable(getattr(constraints, rule, None)), f"{rule} is not in scheduling/constraints.py"
        assert f"{rule}(" in called, f"{rule} is called by neither check_timetable nor validate"
    every = {name for name in vars(constraints) if name.endswith("_rule") and not name.startswith("_")}
    assert every <= named, f"rules the doc does not name: {sorted(every - named)}"
