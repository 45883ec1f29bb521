"""The package: exports, version, constants, docstrings and stubs."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import cop
import cop._cop

CRATE = Path(__file__).resolve().parents[1] / "Cargo.toml"
WORKSPACE = CRATE.parents[1] / "Cargo.toml"


def test_version_is_the_crate_version() -> None:
    workspace = tomllib.loads(WORKSPACE.read_text(encoding="utf-8"))
    assert cop.__version__ == workspace["workspace"]["package"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", cop.__version__)


def test_native_module_is_private_and_reexported() -> None:
    assert cop.Landscape is cop._cop.Landscape
    assert cop.CopError is cop._cop.CopError
    for name in cop.__all__:
        assert getattr(cop, name) is getattr(cop._cop, name), name


def test_none_sentinel() -> None:
    assert cop.NONE == 2**32 - 1


def test_every_class_and_method_has_a_docstring() -> None:
    missing = []
    for name in cop.__all__:
        obj = getattr(cop, name)
        if not inspect.isclass(obj):
            continue
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        for attr, member in vars(obj).items():
            if attr.startswith("_"):
                continue
            if callable(member) or isinstance(member, (property, staticmethod, classmethod)) or inspect.isgetsetdescriptor(member) or inspect.ismethoddescriptor(member):
                doc = getattr(member, "__doc__", None) or getattr(getattr(obj, attr), "__doc__", None)
                if not (doc or "").strip():
                    missing.append(f"{name}.{attr}")
    assert missing == []


def test_stub_file_and_marker_are_installed() -> None:
    package = Path(cop.__file__).parent
    assert (package / "py.typed").exists()
    stub = (package / "_cop.pyi").read_text(encoding="utf-8")
    for name in cop.__all__:
        if name == "__version__":
            continue
        assert re.search(rf"^(class {name}\b|def {name}\(|{name}: )", stub, re.M), name
