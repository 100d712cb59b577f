"""Installed package versions (``get_package_version``, ``get_sdk_version``)."""

from __future__ import annotations

from singer_sdk._plugin import SDK_PACKAGE_NAME, PluginBase

__all__ = ["get_package_version", "get_sdk_version"]


def get_package_version(package: str) -> str:
    """Return the installed version of distribution ``package`` (or ``[could not be detected]``)."""
    return PluginBase._get_package_version(package)


def get_sdk_version() -> str:
    """Return the installed version of this SDK's distribution."""
    return get_package_version(SDK_PACKAGE_NAME)
