"""The error raised for catalogs that cannot be read."""

from __future__ import annotations

from collections.abc import Mapping

from singer_sdk._messages.errors import SingerError

__all__ = ["InvalidCatalogError", "not_an_object"]


class InvalidCatalogError(SingerError, ValueError):
    """A catalog (or a part of one: an entry, a metadata list) is not in the Singer shape.

    The message says where the problem is (stream index and ``tap_stream_id`` when known,
    metadata index and breadcrumb), what was found and what was expected. It is a
    :class:`ValueError`, so code written against the reference library, which let
    ``KeyError``/``TypeError``/``ValueError`` escape, can catch it as ``ValueError``.
    """


def not_an_object(value: object) -> str | None:
    """Describe ``value`` for an error message if it is not a JSON object, else ``None``.

    Input parsed from JSON is not trusted to match the annotations, so the checks go
    through this function rather than ``isinstance`` on an annotated parameter.
    """
    if isinstance(value, Mapping):
        return None
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f"{type(value).__name__}: {shown}"
