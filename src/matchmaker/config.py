"""Run settings from a small TOML or JSON file, for ``matchmaker run --config``.

Every section and key is optional::

    [mission]            # details a participant table cannot hold
    name = "Misi Dagang Jawa Timur – Sumatera Selatan"
    date = "2025-09-29"
    venue = "Hotel Wyndham OPI, Palembang"
    timezone = "WIB"
    side_a = "Jawa Timur"          # which delegation gives the rows (side A)

    [plan]               # see matchmaker.EventPlan
    start = "09:00"
    end = "16:00"
    meeting = 20
    buffer = 5
    breaks = ["12:00-13:00"]
    hosts = "A"          # or tables = 30

    [matching]
    method = "auto"
    max_a = 8            # most meetings per side-A participant (default: their free slots)
    max_b = 4
    min_b = 1            # floors (default: 1 for side B participants with a useful partner)

    [weights]            # see matchmaker.scoring.Weights
    fit = 0.55
    regional = 0.10
    scale = 0.15
    wishes = 0.20

    [export]
    lang = "id"          # or "en"
    plots = true

TOML needs Python 3.11 or newer (``tomllib``); JSON files hold the same keys.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matchmaker.errors import DataFileError, Problem

__all__ = ["RunConfig", "read_config"]

_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "mission": ("name", "date", "venue", "timezone", "side_a"),
    "plan": (
        "start",
        "end",
        "slots_per_day",
        "meeting",
        "buffer",
        "breaks",
        "days",
        "timezone",
        "tables",
        "hosts",
    ),
    "matching": ("method", "max_a", "max_b", "min_a", "min_b"),
    "weights": ("fit", "regional", "scale", "wishes"),
    "export": ("lang", "plots", "formats"),
}


@dataclass(frozen=True)
class RunConfig:
    """Settings of one run, by section (each a plain mapping of the keys above)."""

    mission: Mapping[str, Any] = field(default_factory=dict)
    plan: Mapping[str, Any] = field(default_factory=dict)
    matching: Mapping[str, Any] = field(default_factory=dict)
    weights: Mapping[str, Any] = field(default_factory=dict)
    export: Mapping[str, Any] = field(default_factory=dict)


def read_config(path: str | Path) -> RunConfig:
    """Read and check a config file; unknown sections or keys are errors (typos would be ignored otherwise).

    Raises
    ------
    DataFileError
        For unreadable files, unknown sections or keys, naming each.
    """
    source = str(path)
    text = Path(path).read_text(encoding="utf-8-sig")
    try:
        if Path(path).suffix.lower() == ".toml":
            try:
                tomllib = importlib.import_module("tomllib")  # the standard library's from Python 3.11
            except ModuleNotFoundError:
                raise DataFileError(
                    Problem(
                        "TOML configs need Python 3.11 or newer",
                        kind="format",
                        source=source,
                        hint="write the same keys as JSON",
                    )
                ) from None
            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise DataFileError(Problem(f"cannot read the config: {exc}", kind="syntax", source=source)) from None
    if not isinstance(data, dict):
        raise DataFileError(Problem("the config must be a table of sections", kind="syntax", source=source))
    problems = []
    for section, values in data.items():
        if section not in _SECTIONS:
            problems.append(
                Problem(
                    f"unknown section [{section}]",
                    kind="unknown-key",
                    source=source,
                    hint=f"sections: {', '.join(_SECTIONS)}",
                )
            )
            continue
        if not isinstance(values, dict):
            problems.append(Problem(f"[{section}] must be a table of keys", kind="syntax", source=source))
            continue
        for key in values:
            if key not in _SECTIONS[section]:
                problems.append(
                    Problem(
                        f"unknown key {key!r} in [{section}]",
                        kind="unknown-key",
                        source=source,
                        hint=f"keys: {', '.join(_SECTIONS[section])}",
                    )
                )
    if problems:
        raise DataFileError(problems)
    return RunConfig(**{k: dict(v) for k, v in data.items()})
