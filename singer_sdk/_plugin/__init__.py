"""The plugin bases: ``PluginBase`` (:mod:`.base`) and the Singer reader/writer bases (:mod:`.io`).

Also re-exports what older private imports took from here (``TerminationRequested``).
"""

from __future__ import annotations

from singer_sdk._plugin.base import SDK_PACKAGE_NAME, PluginBase, classproperty
from singer_sdk._plugin.io import BaseSingerIO, BaseSingerReader, BaseSingerWriter
from singer_sdk._signals import TerminationRequested

__all__ = [
    "SDK_PACKAGE_NAME",
    "BaseSingerIO",
    "BaseSingerReader",
    "BaseSingerWriter",
    "PluginBase",
    "TerminationRequested",
    "classproperty",
]
