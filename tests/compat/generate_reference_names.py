"""Write ``reference_names.json`` and ``docs/module_status.md`` (run by hand, rarely).

Step 1, with the REFERENCE interpreter (Meltano's singer-sdk installed)::

    /tmp/ref/bin/python tests/compat/generate_reference_names.py names

walks every public module of the reference package and records the public names a connector can
import from it: names listed in ``__all__``, classes and functions the reference package defines
(also where a module merely re-imports them: connectors import from those paths too), and module
constants of plain data types. Names a module imports from the standard library or third-party
packages, type variables and imported modules are left out. A few private modules that real
connectors are known to import from are walked as well (``LOAD_BEARING_PRIVATE``).

Step 2, with OUR interpreter::

    .venv/bin/python tests/compat/generate_reference_names.py status

imports each recorded (module, name) from this repository's ``singer_sdk`` and writes the table
``docs/module_status.md``; ``tests/compat/test_reference_names.py`` checks that it is current.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import types
import typing as t
import warnings
from pathlib import Path

HERE = Path(__file__).parent
NAMES_FILE = HERE / "reference_names.json"
STATUS_FILE = HERE.parent.parent / "docs" / "module_status.md"

#: Private modules whose names real connectors import (only names defined there are recorded).
LOAD_BEARING_PRIVATE = (
    "singer_sdk.helpers._catalog",
    "singer_sdk.helpers._classproperty",
    "singer_sdk.helpers._compat",
    "singer_sdk.helpers._flattening",
    "singer_sdk.helpers._state",
    "singer_sdk.helpers._typing",
    "singer_sdk.helpers._util",
)

#: Names served by a module ``__getattr__`` (invisible to ``dir()``); each is recorded only if
#: the reference resolves it, with whether it warns (a deprecated import path).
LAZY_CANDIDATES: dict[str, tuple[str, ...]] = {
    "singer_sdk": ("SQLConnector", "SQLSink", "SQLStream", "SQLTap", "SQLTarget"),
    "singer_sdk.batch": ("JSONLinesBatcher",),
    "singer_sdk.connectors": ("SQLConnector",),
    "singer_sdk.connectors.sql": (
        "FullyQualifiedName",
        "JSONSchemaToSQL",
        "SQLConnector",
        "SQLToJSONSchema",
    ),
    "singer_sdk.helpers._typing": ("DatetimeErrorTreatmentEnum", "TypeConformanceLevel"),
    "singer_sdk.sinks": ("SQLSink",),
    "singer_sdk.sinks.sql": ("SQLSink",),
    "singer_sdk.streams": ("SQLStream",),
    "singer_sdk.tap_base": ("SQLTap",),
    "singer_sdk.target_base": ("SQLTarget",),
    "singer_sdk.testing": ("get_standard_tap_tests", "get_standard_target_tests"),
}

_CONSTANT_TYPES = (str, int, float, bool, bytes, dict, list, tuple, frozenset)
_SKIP = frozenset({"TYPE_CHECKING", "annotations"})


def _is_public_module(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def _recorded(module: types.ModuleType, name: str, *, defined_only: bool) -> bool:
    """Whether ``module.name`` is part of the public surface (see the module docstring)."""
    if name.startswith("_") or name in _SKIP:
        return False
    exported = getattr(module, "__all__", None)
    if exported is not None and name in exported:
        return True
    obj = getattr(module, name)
    if isinstance(obj, types.ModuleType | t.TypeVar | t.ParamSpec):
        return False
    if isinstance(obj, _CONSTANT_TYPES) and not isinstance(obj, type):
        return True
    origin = getattr(obj, "__module__", None)
    if not isinstance(origin, str) or not origin.startswith("singer_sdk"):
        return False
    return not defined_only or origin == module.__name__


def collect_reference_names() -> dict[str, t.Any]:
    """Return the JSON document describing the installed package's public names."""
    import singer_sdk  # the reference

    names = ["singer_sdk"]
    names += [info.name for info in pkgutil.walk_packages(singer_sdk.__path__, "singer_sdk.")]
    modules: dict[str, dict[str, t.Any]] = {}
    skipped: dict[str, str] = {}
    for module_name in sorted(set(filter(_is_public_module, names)) | set(LOAD_BEARING_PRIVATE)):
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:  # e.g. singer_sdk.testing needs pytest
            skipped[module_name] = f"{type(exc).__name__}: {exc}"
            module = None
        if module is None:
            continue
        defined_only = not _is_public_module(module_name)
        recorded = sorted(
            name for name in dir(module) if _recorded(module, name, defined_only=defined_only)
        )
        deprecated = []
        for name in LAZY_CANDIDATES.get(module_name, ()):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if not hasattr(module, name):
                    continue
            if any(issubclass(w.category, DeprecationWarning) for w in caught):
                deprecated.append(name)
            elif name not in recorded:
                recorded.append(name)
        modules[module_name] = {
            "names": sorted(recorded),
            "deprecated": sorted(deprecated),
            "private": defined_only,
        }
    return {
        "reference": f"singer-sdk {importlib.metadata.version('singer-sdk')}",
        "modules": modules,
        "not_importable": skipped,
    }


def write_status(names_doc: dict[str, t.Any], allowlist: t.Mapping[str, str]) -> str:
    """Return the Markdown status table of ``names_doc`` measured against this repository."""
    sys.path.insert(0, str(HERE.parent.parent))
    rows = []
    for module_name, entry in names_doc["modules"].items():
        status, detail = _module_status(module_name, entry["names"], allowlist)
        label = f"`{module_name}`" + (" (private)" if entry["private"] else "")
        rows.append(f"| {label} | {len(entry['names'])} | {status} | {detail} |")
    for module_name, reason in names_doc["not_importable"].items():
        status, detail = _module_status(module_name, [], allowlist)
        rows.append(f"| `{module_name}` | ? | {status} | {detail or reason} |")
    header = [
        "# Module status",
        "",
        "Every public module of Meltano's "
        f"{names_doc['reference']} and whether it can be imported from `singer_sdk` here, with",
        "each name the reference offers in it. Generated by",
        "`tests/compat/generate_reference_names.py status`; `tests/compat/test_reference_names.py`",
        "fails when this page is out of date.",
        "",
        "Status: *complete* = the module and all its names import; *deprecated alias* = the",
        "module imports and warns `SingerSDKDeprecationWarning`, pointing to the new location;",
        "*partial* = some names are missing (listed); *missing* = the module does not exist here",
        "yet.",
        "",
        "| Module | Names | Status | Missing or notes |",
        "|---|---:|---|---|",
    ]
    return "\n".join([*header, *rows, ""])


def _module_status(
    module_name: str, names: list[str], allowlist: t.Mapping[str, str]
) -> tuple[str, str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            module = importlib.import_module(module_name)
        except Exception:  # any failure means the module is not usable
            reason = allowlist.get(module_name, "")
            return "missing", reason
        deprecated = any("Deprecat" in type(w.message).__name__ for w in caught)
        missing = []
        for name in names:
            try:
                getattr(module, name)
            except Exception:  # e.g. the name's module is not built yet
                missing.append(name)
    if missing:
        listed = ", ".join(f"`{name}`" for name in missing)
        reason = allowlist.get(module_name, "")
        return "partial", f"{listed}" + (f" ({reason})" if reason else "")
    return ("deprecated alias" if deprecated else "complete"), ""


def main(argv: list[str]) -> int:
    """Run the step named on the command line (``names`` or ``status``)."""
    if argv[1:] == ["names"]:
        warnings.simplefilter("ignore")
        doc = collect_reference_names()
        NAMES_FILE.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    if argv[1:] == ["status"]:
        sys.path.insert(0, str(HERE))
        from test_reference_names import ALLOWLIST_MODULES

        doc = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
        STATUS_FILE.write_text(write_status(doc, ALLOWLIST_MODULES), encoding="utf-8")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
