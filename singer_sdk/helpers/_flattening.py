"""Flattening helpers under their historical path (see :mod:`singer_sdk._mapping.flattening`)."""

from __future__ import annotations

from singer_sdk._mapping.flattening import (
    DEFAULT_FLATTENING_SEPARATOR,
    DEFAULT_MAX_KEY_LENGTH,
    FlatteningOptions,
    PluginFlatteningConfig,
    flatten_key,
    flatten_record,
    flatten_schema,
    get_flattening_options,
)

__all__ = [
    "DEFAULT_FLATTENING_SEPARATOR",
    "DEFAULT_MAX_KEY_LENGTH",
    "FlatteningOptions",
    "PluginFlatteningConfig",
    "flatten_key",
    "flatten_record",
    "flatten_schema",
    "get_flattening_options",
]
