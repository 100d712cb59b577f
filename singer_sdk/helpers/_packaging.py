"""Installed package versions (``get_package_version``, ``get_sdk_version``)."""

from __future__ import annotations

from singer_sdk._version import package_version, sdk_version

__all__ = ["get_package_version", "get_sdk_version"]


def get_package_version(package: str) -> str:
    """Return the installed version of distribution ``package`` (or ``[could not be detected]``)."""
    return package_version(package)


def get_sdk_version() -> str:
    """Return the installed version of this SDK's distribution."""
    return sdk_version()
