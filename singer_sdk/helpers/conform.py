"""Enumerations that control how values are conformed to their schema (public names).

The classes live in :mod:`singer_sdk._schema.options`; this module is their public path.
"""

from __future__ import annotations

from singer_sdk._schema.options import DatetimeErrorTreatmentEnum, TypeConformanceLevel

__all__ = ["DatetimeErrorTreatmentEnum", "TypeConformanceLevel"]
