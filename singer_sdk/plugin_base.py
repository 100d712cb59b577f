"""The base class of taps, targets and mappers, and the reader/writer bases built on it."""

from __future__ import annotations

import typing as t

from singer_sdk._config import ConfigInput as _ConfigInput  # noqa: F401 - reference name
from singer_sdk._messages.io import MessageReader as SingerReader
from singer_sdk._messages.io import MessageWriter as SingerWriter
from singer_sdk._messages.models import SingerMessageType
from singer_sdk._plugin import (
    SDK_PACKAGE_NAME,
    BaseSingerIO,
    BaseSingerReader,
    BaseSingerWriter,
    PluginBase,
    TerminationRequested,
)
from singer_sdk.helpers.capabilities import (
    FLATTENING_CONFIG,
    STREAM_MAPS_CONFIG,
    CapabilitiesEnum,
    PluginCapabilities,
)

if t.TYPE_CHECKING:
    from singer_sdk._cli import SingerCommand

__all__ = [
    "FLATTENING_CONFIG",
    "SDK_PACKAGE_NAME",
    "STREAM_MAPS_CONFIG",
    "BaseSingerIO",
    "BaseSingerReader",
    "BaseSingerWriter",
    "CapabilitiesEnum",
    "PluginBase",
    "PluginCapabilities",
    "SingerCommand",
    "SingerMessageType",
    "SingerReader",
    "SingerWriter",
    "TerminationRequested",
]


def __getattr__(name: str) -> t.Any:
    # SingerCommand subclasses click.Command: import click only when it is asked for.
    if name == "SingerCommand":
        from singer_sdk._cli import SingerCommand

        return SingerCommand
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
