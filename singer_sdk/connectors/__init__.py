"""Deprecated location of ``SQLConnector``: import it from :mod:`singer_sdk.sql` instead."""

from __future__ import annotations

import typing as t

from singer_sdk._compat import SingerSDKDeprecationWarning as SingerSDKDeprecationWarning
from singer_sdk._compat import moved_names_getattr

if t.TYPE_CHECKING:
    from singer_sdk.sql import SQLConnector as SQLConnector

__all__ = ["SQLConnector"]

__getattr__ = moved_names_getattr(__name__, {"SQLConnector": "singer_sdk.sql:SQLConnector"})
