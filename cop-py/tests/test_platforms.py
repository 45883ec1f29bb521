"""One way in for every platform's export: `Landscape.from_platform` / `import_platform` and the
named constructors (`from_github`, `from_discourse`, `from_slack`, `from_discord`, `from_mbox`),
on the small fixtures of `cop-core/tests/fixtures` (written from each format's documentation) and,
when this checkout has `../shared` beside it, on the real samples (the same hand-checked figures
as the Rust and C tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

import cop
from test_stackexchange import write_dump

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "cop-core" / "tests" / "fixtures"
SHARED = ROOT / ".." / "shared" / "sources"


def test_stackexchange_through_the_one_way_in(tmp_path: Path) -> None:
    write_dump(tmp_path)
    landscape = cop.Landscape()
    report = landscape.import_platform("stackexchange", tmp_path, name="demo")
    assert report["platform"] == "stackexchange"
    assert report["name"] == "demo"
    assert report["recorded"] == 5
    assert report["left_out"] == {"deleted user (Comments.xml)": 1}
    assert landscape.counts["events"] == 5
    same = cop.Landscape.from_platform("StackExchange", tmp_path, name="demo")
    assert same.counts == landscape.counts


def test_unknown_platforms_and_options_are_refused(tmp_path: Path) -> None:
    write_dump(tmp_path)
    landscape = cop.Landscape()
    with pytest.raises(cop.InvalidValueError, match="myspace"):
        landscape.import_platform("myspace", tmp_path)
    with pytest.raises(cop.InvalidValueError, match="colour"):
        landscape.import_platform("stackexchange", tmp_path, colour="red")
    with pytest.raises(cop.InvalidValueError):
        cop.Landscape.from_mbox(tmp_path, community=3)
    assert landscape.counts["events"] == 0
