"""Reading the CSV tables packaged under ``matchmaker/reference/data``."""

from __future__ import annotations

import csv
import io
from importlib import resources

__all__ = ["read_packaged_csv"]


def read_packaged_csv(package: str, name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped inside ``package`` (``<package>/data/<name>``)."""
    text = resources.files(package).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))
