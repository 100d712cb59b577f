"""The SDK's distribution name and installed package versions (``--version``, ``--about``).

Versions are read straight from the ``.dist-info`` folders on ``sys.path`` when possible;
:mod:`importlib.metadata` (~20 ms to import) is a fallback for what only it can read.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.machinery import PathFinder

__all__ = [
    "SDK_DISTRIBUTION_NAME",
    "UNKNOWN_VERSION",
    "dist_info_version",
    "package_version",
    "sdk_version",
]

#: The distribution this SDK is installed as; its version is the "SDK version". The one place
#: the name is written (``about.SDK_DISTRIBUTION_NAME`` and ``plugin_base.SDK_PACKAGE_NAME``
#: are this).
SDK_DISTRIBUTION_NAME = "singer-connector-sdk"

#: What a version lookup returns when the distribution is not installed.
UNKNOWN_VERSION = "[could not be detected]"


def _normalized_distribution_name(name: str) -> str:
    """Return ``name`` as installers spell it in ``.dist-info`` folder names (PEP 503 + ``_``)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def dist_info_version(package: str) -> str | None:
    """Return the version of ``package`` read from its ``.dist-info`` folder on ``sys.path``.

    Every pip, uv or wheel install (editable ones too) leaves such a folder. Reading it takes
    well under a millisecond, where :mod:`importlib.metadata` costs ~25 ms to import and search,
    a noticeable share of a short connector run that logs its version at start.

    Returns:
        The ``Version`` of the first matching folder in ``sys.path`` order, as
        :func:`importlib.metadata.version` would find it; :data:`UNKNOWN_VERSION` when no
        installed distribution has that name; None when only :mod:`importlib.metadata` can tell
        (an ``.egg-info`` folder, a zip file on ``sys.path``, a finder with its own metadata).
    """
    wanted = _normalized_distribution_name(package)
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return None  # a zip on sys.path
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if suffix not in ("dist-info", "egg-info") or not dot:
                continue
            if _normalized_distribution_name(stem.partition("-")[0]) != wanted:
                continue
            if suffix == "egg-info":
                return None
            try:
                with open(os.path.join(folder, name, "METADATA"), encoding="utf-8") as file:
                    for line in file:
                        if line.startswith("Version:"):
                            return line[len("Version:") :].strip()
                        if not line.strip():  # the end of the headers
                            break
            except OSError:
                pass
            return None  # no readable version there
    for finder in sys.meta_path:
        if hasattr(finder, "find_distributions") and finder is not PathFinder:
            return None
    return UNKNOWN_VERSION


def package_version(package: str) -> str:
    """Return the installed version of the distribution ``package``, or :data:`UNKNOWN_VERSION`."""
    version = dist_info_version(package)
    if version is not None:
        return version
    from importlib import metadata  # imported when needed: it costs ~20 ms

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION


def sdk_version() -> str:
    """Return the installed version of this SDK."""
    return package_version(SDK_DISTRIBUTION_NAME)
