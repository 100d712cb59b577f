"""JSON helpers for Singer data, backed by the one codec of singer_sdk."""

from __future__ import annotations

import typing as t

from singer_sdk._messages import codec

__all__ = ["deserialize_json", "serialize_json"]


def serialize_json(obj: object, **kwargs: t.Any) -> str:
    """Return ``obj`` as compact JSON: Decimal as number, NaN as null, datetimes as RFC 3339.

    ``kwargs`` are accepted for compatibility and ignored.
    """
    return codec.encode_str(obj)


def deserialize_json(json_str: str | bytes, **kwargs: t.Any) -> t.Any:
    """Parse JSON with non-integer numbers as Decimal. ``kwargs`` are accepted and ignored."""
    return codec.decode(json_str)
