"""Shared fixtures: the bundled data of examples/data and small event files."""

from __future__ import annotations

from pathlib import Path

import pytest

import cop

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
REQUESTS = DATA / "requests-commits.csv"
FLASK = DATA / "flask-commits.csv"

SMALL_CSV = (
    "member,time,kind,domain,target\n"
    "ada,2024-03-01T09:00:00Z,ask,testing,\n"
    "grace,2024-03-01T10:00:00Z,answer,testing,ada\n"
    "linus,2024-03-02T08:00:00Z,review,testing/performance,grace\n"
)


@pytest.fixture(scope="session")
def requests_landscape() -> cop.Landscape:
    """The requests history (774 acting members, 779 with targets, 6,513 events)."""
    return cop.Landscape.from_csv(REQUESTS)


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    """A three-event CSV file."""
    path = tmp_path / "small.csv"
    path.write_text(SMALL_CSV, encoding="utf-8")
    return path


@pytest.fixture
def small(small_csv: Path) -> cop.Landscape:
    """The landscape of the three-event file."""
    return cop.Landscape.from_csv(small_csv)


@pytest.fixture(scope="session")
def flask_landscape() -> cop.Landscape:
    """The flask history (5,549 commits). Analyses only read it."""
    return cop.Landscape.from_csv(FLASK)


@pytest.fixture
def february() -> cop.Landscape:
    """The core's participation example: "ada" answers "bob" on each of the 28 days of February
    2024, "bob" asks weekly, "cy" reads once on 2024-02-10."""
    landscape = cop.Landscape()
    for day in range(1, 29):
        landscape.record("ada", f"2024-02-{day:02}T10:00:00Z", "answer", target="bob")
        if day % 7 == 0:
            landscape.record("bob", f"2024-02-{day:02}T11:00:00Z", "ask")
    landscape.record("cy", "2024-02-10T09:00:00Z", "read")
    return landscape
