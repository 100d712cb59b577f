"""The base class of taps, targets and mappers, and the reader/writer bases built on it."""

from __future__ import annotations

import typing as t

from singer_sdk._capabilities import (
    FLATTENING_CONFIG,
    STREAM_MAPS_CONFIG,
    CapabilitiesEnum,
    PluginCapabilities,
)
from singer_sdk._compat import aliases_getattr
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

if t.TYPE_CHECKING:
    from singer_sdk._cli import SingerCommand

#: The default log level name (as the reference's ``plugin_base.DEFAULT_LOG_LEVEL``).
DEFAULT_LOG_LEVEL = "INFO"

__all__ = [
    "DEFAULT_LOG_LEVEL",
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


# Names the reference's module also offers (imported on first use), so connectors that
# import them from here keep working.
__getattr__ = aliases_getattr(
    __name__,
    {
        "ConfigValidationError": "singer_sdk.exceptions",
        "MapperNotInitialized": "singer_sdk.exceptions",
        "PluginMapper": "singer_sdk.mapper",
        "SingerCommand": "singer_sdk._cli",
        "SingerSDKDeprecationWarning": "singer_sdk.helpers._compat",
        "classproperty": "singer_sdk.helpers._classproperty",
        "extend_validator_with_defaults": "singer_sdk.typing",
        "get_package_version": "singer_sdk.helpers._packaging",
        "merge_missing_config_jsonschema": "singer_sdk.configuration._dict_config",
        "parse_environment_config": "singer_sdk.configuration._dict_config",
        "plugin_cli": "singer_sdk.cli",
        "read_json_file": "singer_sdk.helpers._util",
        "warn_python_eol": "singer_sdk.helpers._compat",
    },
)
