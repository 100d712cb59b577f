"""Compatibility shims at the path connectors import them from (home: ``singer_sdk._compat``).

``importlib_resources`` and ``Traversable`` are looked up on first use, as in the home module.
"""

from __future__ import annotations

import typing as t

from singer_sdk._compat import (
    SingerSDKDeprecationWarning,
    SingerSDKPendingDeprecationWarning,
    SingerSDKPythonEOLWarning,
    aliases_getattr,
    date_fromisoformat,
    datetime_fromisoformat,
    deprecated,
    entry_points,
    moved_names_getattr,
    time_fromisoformat,
    warn_python_eol,
)
from singer_sdk._compat import __getattr__ as __getattr__

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
