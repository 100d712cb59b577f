"""Configuration helpers (kept at the reference's import path).

``ConfigStore`` and its implementations persist settings changed at run time, such as a
rotated OAuth refresh token (see the authentication guide).
"""

from __future__ import annotations

from singer_sdk._config_store import CallbackConfigStore, ConfigStore, FileConfigStore

__all__ = ["CallbackConfigStore", "ConfigStore", "FileConfigStore"]
