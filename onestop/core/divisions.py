"""Administrative division codes (National Bureau of Statistics, 2023; see docs/data-sources.md)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def county_codes() -> frozenset[str]:
    """Six-digit codes of counties and districts: the first six digits of a citizen ID number.
    City-level codes ending in 00 are accepted too; IDs issued before a re-division carry them."""
    with (DATA / "areas_2023.csv").open(encoding="utf-8") as handle:
        counties = {row["code"] for row in csv.DictReader(handle)}
    with (DATA / "cities_2023.csv").open(encoding="utf-8") as handle:
        cities = {row["code"] + "00" for row in csv.DictReader(handle)}
    return frozenset(counties | cities)
