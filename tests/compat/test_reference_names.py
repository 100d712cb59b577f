"""Every public (module, name) of the reference library imports from ours.

The list is ``reference_names.json`` (written by ``generate_reference_names.py names`` with the
reference installed). What is knowingly absent is listed below with a reason; keep it short.
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NAMES = json.loads((HERE / "reference_names.json").read_text(encoding="utf-8"))

_IN_PROGRESS = "in progress"
#: Whole modules that may be missing or incomplete, with the reason.
ALLOWLIST_MODULES: dict[str, str] = {}
#: Single names that may be missing, as ``"module:name"``, with the reason.
ALLOWLIST_NAMES: dict[str, str] = {}


def _allowed(module: str, name: str | None = None) -> bool:
    if module in ALLOWLIST_MODULES:
        return True
    return name is not None and f"{module}:{name}" in ALLOWLIST_NAMES


def _cases(kind: str) -> list[tuple[str, str]]:
    return [
        (module, name)
        for module, entry in NAMES["modules"].items()
        for name in entry[kind]
        if not _allowed(module, name)
    ]


def _import(module: str) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module(module)


@pytest.mark.parametrize("module", [m for m in NAMES["modules"] if not _allowed(m)])
def test_module_imports(module: str) -> None:
    _import(module)


@pytest.mark.parametrize(("module", "name"), _cases("names"))
def test_name_resolves(module: str, name: str) -> None:
    assert hasattr(_import(module), name), f"from {module} import {name} fails"


@pytest.mark.parametrize(("module", "name"), _cases("deprecated"))
def test_deprecated_name_warns(module: str, name: str) -> None:
    """Every old import path warns, naming what moved (the SQL classes' old homes included)."""
    imported = _import(module)
    with pytest.warns(DeprecationWarning, match=name):
        value = getattr(imported, name)
    assert value is not None


def test_allowlists_name_real_entries() -> None:
    """An allowlist entry for a module or name the reference does not have is a typo."""
    known = set(NAMES["modules"])
    assert set(ALLOWLIST_MODULES) <= known
    for entry in ALLOWLIST_NAMES:
        module, _, name = entry.partition(":")
        assert name in NAMES["modules"][module]["names"], entry


def test_a_missing_lazy_name_raises_attribute_error() -> None:
    """Alias tables answer unknown names with AttributeError (so hasattr works)."""
    tap_base = _import("singer_sdk.tap_base")
    with pytest.raises(AttributeError, match=r"module 'singer_sdk\.tap_base' has no attribute 'X'"):
        tap_base.X  # noqa: B018


def test_module_status_page_is_current() -> None:
    sys.path.insert(0, str(HERE))
    try:
        from generate_reference_names import STATUS_FILE, write_status
    finally:
        sys.path.remove(str(HERE))
    expected = write_status(NAMES, {**ALLOWLIST_MODULES})
    assert STATUS_FILE.read_text(encoding="utf-8") == expected, (
        "docs/module_status.md is out of date: run "
        ".venv/bin/python tests/compat/generate_reference_names.py status"
    )
