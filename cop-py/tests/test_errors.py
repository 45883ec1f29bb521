"""Errors: the exception hierarchy, and every kind of core error walked to its class."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import cop


def test_hierarchy() -> None:
    assert issubclass(cop.CopError, ValueError)
    for cls in cop.ERROR_KINDS.values():
        assert issubclass(cls, cop.CopError)
        assert cls.__module__ == "cop"
        assert (cls.__doc__ or "").strip()
    assert issubclass(cop.UnknownKeyError, KeyError)
    assert issubclass(cop.UnknownIdError, KeyError)
    assert issubclass(cop.CopIOError, OSError)
    assert issubclass(cop.SnapshotVersionError, cop.SnapshotError)
    assert len(set(cop.ERROR_KINDS.values())) == len(cop.ERROR_KINDS)


def trigger(kind: str, tmp_path: Path) -> Callable[[], object]:
    """A call that fails with an error of this kind."""
    landscape = cop.Landscape()
    landscape.add_member("ada")
    landscape.add_domain("testing/performance")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("member,time,kind\nada,never,ask\n")
    calls: dict[str, Callable[[], object]] = {
        "unknown_key": lambda: landscape.members["nobody"],
        "unknown_id": lambda: landscape.members[12345],
        "duplicate_key": lambda: landscape.add_member("ada"),
        "domain_cycle": lambda: landscape.set_parent_domain("testing", "testing/performance"),
        "invalid_value": lambda: landscape.record("ada", 0, "ask", weight=-1.0),
        "record": lambda: landscape.import_csv(bad_csv),
        "snapshot": lambda: cop.Landscape.from_json("{}"),
        "snapshot_version": lambda: cop.Landscape.from_json('{"format":"cop-landscape","version":99}'),
        "capacity": lambda: [landscape.record("ada", 0, f"k{i}") for i in range(300)],
        "io": lambda: cop.Landscape.from_csv(tmp_path / "missing.csv"),
    }
    return calls[kind]


def test_every_error_kind_raises_its_class(tmp_path: Path) -> None:
    assert list(cop.ERROR_KINDS) == [
        "unknown_key",
        "unknown_id",
        "duplicate_key",
        "domain_cycle",
        "invalid_value",
        "record",
        "snapshot",
        "snapshot_version",
        "capacity",
        "io",
    ]
    for kind, cls in cop.ERROR_KINDS.items():
        with pytest.raises(cop.CopError) as caught:
            trigger(kind, tmp_path)()
        assert type(caught.value) is cls, kind
        assert str(caught.value), kind


def test_record_error_attributes(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("member,time,kind,domain\nada,2024-01-01T00:00:00Z,ask,a//b\n")
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_csv(path)
    error = caught.value
    assert (error.source, error.line, error.column, error.field) == (str(path), 2, 4, "domain")
    assert "a//b" in error.message
    assert str(error) == f"{path}:2:4: field `domain`: {error.message}"
    assert error.args == (str(error),)


def test_class_attributes_default_to_none() -> None:
    assert cop.RecordError.line is None
    assert cop.UnknownKeyError.key is None
    error = cop.RecordError("made by hand")
    assert str(error) == "made by hand" and error.field is None


def test_errors_can_be_caught_as_builtins() -> None:
    landscape = cop.Landscape()
    with pytest.raises(ValueError):
        landscape.members["x"]
    with pytest.raises(LookupError):
        landscape.domains["x"]
    with pytest.raises(OSError):
        cop.Landscape.load("/no/such/snapshot.json")


def test_unknown_key_message_is_not_quoted() -> None:
    try:
        cop.Landscape().members["x"]
    except KeyError as e:
        assert str(e) == "unknown member `x`"
