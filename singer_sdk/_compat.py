"""Compatibility shims: warning classes, the ``deprecated`` decorator, Python EOL warnings.

Connectors import these from ``singer_sdk.helpers._compat``, which re-exports them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import typing as t
import warnings

from typing_extensions import deprecated

if t.TYPE_CHECKING:
    from importlib import resources as importlib_resources
    from importlib.abc import Traversable

__all__ = [
    "SingerSDKDeprecationWarning",
    "SingerSDKPendingDeprecationWarning",
    "SingerSDKPythonEOLWarning",
    "Traversable",
    "aliases_getattr",
    "date_fromisoformat",
    "datetime_fromisoformat",
    "deprecated",
    "entry_points",
    "importlib_resources",
    "moved_names_getattr",
    "time_fromisoformat",
    "warn_python_eol",
]

datetime_fromisoformat = dt.datetime.fromisoformat
date_fromisoformat = dt.date.fromisoformat
time_fromisoformat = dt.time.fromisoformat


class SingerSDKDeprecationWarning(DeprecationWarning):
    """A name or behaviour of singer_sdk is deprecated and will be removed."""


class SingerSDKPendingDeprecationWarning(PendingDeprecationWarning):
    """A name or behaviour of singer_sdk will be deprecated in a later release."""


class SingerSDKPythonEOLWarning(FutureWarning):
    """The running Python version reaches its end of life soon (or already has)."""


#: End-of-life dates of CPython minor versions (first of October of the fifth year).
_PYTHON_EOL_DATES: dict[tuple[int, int], dt.date] = {
    (3, 10): dt.date(2026, 10, 1),
    (3, 11): dt.date(2027, 10, 1),
    (3, 12): dt.date(2028, 10, 1),
    (3, 13): dt.date(2029, 10, 1),
    (3, 14): dt.date(2030, 10, 1),
    (3, 15): dt.date(2031, 10, 1),
    (3, 16): dt.date(2032, 10, 1),
}
_PYTHON_EOL_WARNING_PERIOD = dt.timedelta(days=180)


def entry_points(**params: t.Any) -> t.Any:
    """Return the installed entry points (``importlib.metadata.entry_points``, imported lazily)."""
    from importlib.metadata import entry_points as _entry_points

    return _entry_points(**params)


def warn_python_eol(today: dt.date | None = None) -> None:
    """Warn with :class:`SingerSDKPythonEOLWarning` if this Python is near or past its EOL.

    Args:
        today: the date to compare against (defaults to today); a seam for tests.
    """
    eol = _PYTHON_EOL_DATES.get(sys.version_info[:2])
    if eol is None:
        return
    today = today or dt.date.today()
    if today >= eol:
        message = (
            f"Python {sys.version_info[0]}.{sys.version_info[1]} reached its end of life on "
            f"{eol.isoformat()}; upgrade to a supported Python version."
        )
    elif today >= eol - _PYTHON_EOL_WARNING_PERIOD:
        message = (
            f"Python {sys.version_info[0]}.{sys.version_info[1]} reaches its end of life on "
            f"{eol.isoformat()}; plan to upgrade."
        )
    else:
        return
    warnings.warn(message, SingerSDKPythonEOLWarning, stacklevel=2)


def moved_names_getattr(
    module_name: str,
    moved: t.Mapping[str, str],
) -> t.Callable[[str], t.Any]:
    """Build a module ``__getattr__`` that serves names which moved elsewhere, with a warning.

    Args:
        module_name: the module the names are looked up on (its ``__name__``).
        moved: old attribute name -> ``"new.module:NewName"``, or ``"new.module"`` where the
            name stays the same.

    Returns:
        A function to assign to the module's ``__getattr__``: it imports the new location on
        first use and warns with :class:`SingerSDKDeprecationWarning` naming the new path.
    """

    def __getattr__(name: str) -> t.Any:
        target = moved.get(name)
        if target is None:
            msg = f"module {module_name!r} has no attribute {name!r}"
            raise AttributeError(msg)
        new_module, _, new_name = target.partition(":")
        new_name = new_name or name  # "new.module" alone: the name did not change
        warnings.warn(
            f"{module_name}.{name} is deprecated; import {new_name} from {new_module} instead.",
            SingerSDKDeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new_module), new_name)

    return __getattr__


def aliases_getattr(
    module_name: str,
    aliases: t.Mapping[str, str],
    moved: t.Mapping[str, str] | None = None,
) -> t.Callable[[str], t.Any]:
    """Build a module ``__getattr__`` serving names that live in other modules, imported lazily.

    Used for the names the reference library's modules happen to re-export (connectors import
    them from there), without importing their modules when the façade is imported.

    Args:
        module_name: the module the names are looked up on (its ``__name__``).
        aliases: attribute name -> ``"module"`` (same name there) or ``"module:Name"``, served
            without a warning.
        moved: attribute name -> ``"module:Name"``, served with a
            :class:`SingerSDKDeprecationWarning` (as :func:`moved_names_getattr` does).

    Returns:
        A function to assign to the module's ``__getattr__``. A name whose module cannot be
        imported (an optional dependency, or a part not built yet) raises AttributeError, so
        ``hasattr`` and ``from x import y`` fail the usual way.
    """
    deprecated_getattr = moved_names_getattr(module_name, moved or {})

    def __getattr__(name: str) -> t.Any:
        target = aliases.get(name)
        if target is None:
            return deprecated_getattr(name)
        source, _, new_name = target.partition(":")
        try:
            return getattr(importlib.import_module(source), new_name or name)
        except ImportError as exc:
            msg = f"module {module_name!r} has no attribute {name!r} ({exc})"
            raise AttributeError(msg) from exc

    return __getattr__


def __getattr__(name: str) -> t.Any:
    # ``importlib.resources`` costs ~6 ms to import; only testing helpers need it.
    if name == "importlib_resources":
        from importlib import resources

        return resources
    if name == "Traversable":
        from importlib.abc import Traversable as traversable

        return traversable
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
