"""The Target base class (the reference's ``singer_sdk.target_base`` path).

``SQLTarget`` moved to :mod:`singer_sdk.sql`; the old name here still works, with a warning.
"""

from __future__ import annotations

from singer_sdk._target import Target
from singer_sdk.helpers._compat import moved_names_getattr

__all__ = ["Target"]

__getattr__ = moved_names_getattr(__name__, {"SQLTarget": "singer_sdk.sql:SQLTarget"})
