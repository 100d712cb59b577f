"""Environment-variable settings and settings-schema merging (the reference's import path)."""

from __future__ import annotations

from singer_sdk._config import (
    merge_config_sources,
    merge_missing_config_jsonschema,
    parse_environment_config,
)

__all__ = [
    "merge_config_sources",
    "merge_missing_config_jsonschema",
    "parse_environment_config",
]
