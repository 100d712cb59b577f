"""Deprecated location of ``SQLStream``: import it from :mod:`singer_sdk.sql` instead."""

from __future__ import annotations

import typing as t

from singer_sdk.helpers._compat import SingerSDKDeprecationWarning as SingerSDKDeprecationWarning
from singer_sdk.helpers._compat import moved_names_getattr

if t.TYPE_CHECKING:
    from singer_sdk.sql import SQLStream as SQLStream

__all__ = ["SQLStream"]

__getattr__ = moved_names_getattr(__name__, {"SQLStream": "singer_sdk.sql:SQLStream"})
